/* store/training.h — the training module's tables (migration 0011):
 * programmes, classes, sessions, enrolment, attendance and external
 * training; the credited hours kept current from the attendance through
 * core/training.h; and each person's credits for compliance. Call the
 * writes inside a transaction; each bumps the qualification version when
 * hours may have changed. */
#ifndef CADRE_STORE_TRAINING_H
#define CADRE_STORE_TRAINING_H

#include <stdbool.h>
#include <stddef.h>

#include "core/training.h"
#include "store/db.h"

struct arena;

/* The office's figures from `settings` ("training.hours_per_day",
 * "training.leave_cap" as "1/7", "training.initial_window_months",
 * "training.mentor.max_apprentices", "training.mentor.grade_years",
 * "training.mentor.same_unit" 0/1),
 * defaults for absent keys. Returns 0 or err. */
int training_settings_load(struct db *db, struct training_config *cfg);

/* ---- records of the kinds of core/training.h --------------------------- */

/* The kinds below are saved by walking their field tables. A session's
 * class_id, an external record's person_id and a pair record's or
 * evaluation's pair_id are set by the caller (they come from the path).
 * Programme, class, session, external, pair, pair record, pair evaluation
 * and placement only. */

/* Inserts `rec` and sets its id. ERR_NOT_FOUND when a referenced row
 * (programme, class, person) does not exist. */
int training_insert(struct db *db, const struct record_kind *kind, void *rec);
/* Updates every stored field of `rec` by its id. ERR_NOT_FOUND. */
int training_update(struct db *db, const struct record_kind *kind, const void *rec);
/* One record into `out`. ERR_NOT_FOUND. Strings in `a`. */
int training_get(struct db *db, const struct record_kind *kind, long long id, struct arena *a,
                 void *out);
/* Deletes one record (and what hangs under it). ERR_NOT_FOUND. */
int training_delete(struct db *db, const struct record_kind *kind, long long id);
/* Records of `kind` whose parent (a session's class, an external record's
 * person, a pair's record or evaluation; ignored for other kinds) is `parent`, or all when `parent`
 * is 0:
 * `*n` structs of kind->struct_size in `a`, newest first. */
int training_list(struct db *db, const struct record_kind *kind, long long parent, struct arena *a,
                  void **items, size_t *n);

/* Records a pair's evaluation, replacing an earlier one of the same stage
 * by the same side. ERR_NOT_FOUND when the pair does not exist. */
int training_pair_evaluate(struct db *db, struct training_pair_evaluation *ev);

/* The name of person `id` (in `a`), or NULL when there is none. */
const char *training_person_name(struct db *db, long long id, struct arena *a);

/* ---- enrolment and attendance ----------------------------------------- */

struct training_enrolment {
    long long id, class_id, person_id;
    const char *person_name;
    const char *id_number;
    const char *status; /* training_result_kind's status */
    long long credited; /* 学时, 0 while the leave cap is broken */
    long long missed;
    bool passed;
    long long score; /* 0 = not scored */
    const char *certificate_no;
    bool imported;
};

/* Enrols a person. `*added` false when already enrolled. ERR_NOT_FOUND
 * when the class or person does not exist; ERR_CONFLICT when the class is
 * full (capacity reached). */
int training_enrol(struct db *db, long long class_id, long long person_id, bool *added);
/* Enrols every person in service of `unit_id` and its sub-units, up to the
 * capacity; `*added` counts the new ones. ERR_NOT_FOUND for either id. */
int training_enrol_unit(struct db *db, long long class_id, long long unit_id, size_t *added);
/* Enrols every person in service younger than `max_age` on the class's
 * first day (the youth rule: 青年干部), up to the capacity. */
int training_enrol_youth(struct db *db, long long class_id, int max_age, size_t *added);
/* Enrols every person in service short of their periodic hours (the 90 of
 * the year or the 550 of the five years) on the class's first day, up to
 * the capacity. */
int training_enrol_short(struct db *db, const struct training_config *cfg, long long class_id,
                         size_t *added);
/* Removes an enrolment with its marks. ERR_NOT_FOUND. */
int training_unenrol(struct db *db, long long class_id, long long person_id);
/* The roster of a class ordered by name. */
int training_roster(struct db *db, long long class_id, struct arena *a,
                    struct training_enrolment **items, size_t *n);
/* One enrolment. ERR_NOT_FOUND. */
int training_enrolment_get(struct db *db, long long class_id, long long person_id, struct arena *a,
                           struct training_enrolment *out);

/* Sets a person's mark for a session (`reason` for leave, may be NULL) and
 * recomputes their credit in the class. ERR_NOT_FOUND when the session is
 * unknown or the person is not enrolled in its class. */
int training_mark_set(struct db *db, const struct training_config *cfg, long long session_id,
                      long long person_id, enum training_mark mark, const char *reason);

struct training_mark_row {
    long long session_id, person_id;
    enum training_mark mark;
    const char *reason;
};
/* Every mark recorded in a class. */
int training_marks(struct db *db, long long class_id, struct arena *a,
                   struct training_mark_row **items, size_t *n);

/* Recomputes every enrolment of a class from its sessions and marks (after
 * a session is added, changed or removed). */
int training_recompute_class(struct db *db, const struct training_config *cfg, long long class_id);

/* Records the outcome of an enrolment. ERR_NOT_FOUND; ERR_INVALID when
 * `r->status` is "completed" but the leave cap is broken (the class is not
 * passed: RULES.md §5). */
int training_result_set(struct db *db, long long class_id, long long person_id,
                        const struct training_result *r);

/* Approves or rejects an external record (`status` "approved" or
 * "rejected"). ERR_NOT_FOUND. */
int training_external_review(struct db *db, long long id, const char *status, const char *note);

/* ---- hours ------------------------------------------------------------- */

/* A person's credits: hand-typed training records (as recognised: they are
 * history the office typed), completed classes and approved external
 * training. With `planned`, also the classes they are enrolled in and not
 * yet completed, at the hours of all their sessions (for the year-end
 * projection). Allocated in `a`. */
int training_person_credits(struct db *db, long long person_id, bool planned, struct arena *a,
                            struct training_credit **items, size_t *n);

/* A person's post and rank records (only what training_levels_of reads),
 * and their entry day (参加工作时间; DATE_NONE when not recorded).
 * ERR_NOT_FOUND for an unknown person (entry). */
int training_career(struct db *db, long long person_id, struct arena *a,
                    struct career_record **items, size_t *n);
int training_entry_date(struct db *db, long long person_id, struct date *out);

/* The speech's figures for a period (一(二): "举办…期、…场次、培训…人次"):
 * classes ending in [from, to], their sessions, attendances (人次: signed
 * in or made up) and distinct people, in total and by programme, unit,
 * level and age band (struct training_stats in core/training.h; the
 * levels and age bands only those with attendance, in their order; the
 * units by unit id, NULL name for people without one). Allocated in `a`. */
int training_stats(struct db *db, struct date from, struct date to, struct arena *a,
                   struct training_stats *out);

/* ---- import of the 培训登记表 ------------------------------------------ */

struct training_import_stats {
    size_t rows, classes_created, enrolments_created, enrolments_updated;
};

/* Applies parsed sheet rows (core/training.h; read by formats/training_sheet.h) inside the caller's
 * transaction: each row's person found by ID number (the name must match),
 * its class matched by name and dates or created (recognised unless 网络培训
 * or 自学; an office's own category name is kept as written), and the
 * enrolment written as imported: credited = 学时 − 请假学时 when the leave is
 * within the cap, else 0 and not passed; status completed or failed. An
 * existing enrolment of that person and class is overwritten. Problems go
 * to `fe` with their row; ERR_INVALID when any (the caller rolls back). */
int training_import(struct db *db, const struct training_config *cfg,
                    const struct training_sheet_row *rows, size_t n, struct arena *a,
                    struct field_errors *fe, struct training_import_stats *stats);

/* Every person in service as a mentor candidate (grades of the
 * cfg->mentor_grade_years years before `year`, active pairs as mentor),
 * and `apprentice_id` apart in `*apprentice`. ERR_NOT_FOUND when the
 * apprentice does not exist. Allocated in `a`. */
int training_mentor_candidates(struct db *db, const struct training_config *cfg,
                               long long apprentice_id, int year, struct arena *a,
                               struct training_mentor_candidate *apprentice,
                               struct training_mentor_candidate **items, size_t *n);

/* One person's standing, for the compliance lists. */
struct training_person_status {
    long long person_id;
    const char *name, *id_number;
    long long unit_id;
    struct training_levels levels;
    struct training_check checks[3];
    size_t ncheck;
};

/* Every person in service (status 1), in id order, with their compliance on
 * `as_of` under `cfg` and the seed requirements; with `planned`, enrolled
 * classes count as if completed (the year-end projection). `fn` borrows
 * the status for the call; a non-zero return stops the scan and is
 * returned. Entry for 初任培训 is the person's 参加工作时间. */
int training_compliance_scan(struct db *db, const struct training_config *cfg, struct date as_of,
                             bool planned,
                             int (*fn)(const struct training_person_status *s, void *arg),
                             void *arg);

#endif
