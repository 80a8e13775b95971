/* declarations.h — personal-matters reports in the database: the office's
 * exceptions to who must report, the reports themselves (their items sealed
 * with the key file), the yearly draw with its inputs, and the checks
 * (查核) with their findings and decisions. */
#ifndef CADRE_STORE_DECLARATIONS_H
#define CADRE_STORE_DECLARATIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/declarations.h"
#include "store/db.h"

struct arena;
struct secret_key;

/* ---- who must report -------------------------------------------------- */

/* One cadre in service and whether they must report. */
struct declaration_duty {
    long long person_id;
    const char *name, *id_number, *unit_name;
    const char *rank, *post_level; /* current codes or NULL */
    bool by_rank;                  /* declarations_rank_obliged */
    bool by_former_post; /* not by rank now, but a past post or 职级 obliges (left a post,
                            not retired: declarations_formerly_obliged) */
    int override;        /* -1 none, 0 exempted, 1 added by the office */
    const char *override_reason;
    bool obliged; /* the override if any, else by_rank or by_former_post */
};

/* Every cadre in service (status 1: not retired, not gone), by person id,
 * with their duty, their past career records included;
 * `obliged_only` keeps those who must report. The whole registry: the
 * office's lists (routes of SCOPE_WHOLE). Rows in `a`. Returns 0 or err. */
int declarations_duties(struct db *db, bool obliged_only, struct arena *a,
                        struct declaration_duty **out, size_t *n);

/* The duty of one person in service: ERR_NOT_FOUND when there is none. */
int declarations_duty(struct db *db, long long person_id, struct arena *a,
                      struct declaration_duty *out);

/* Records the office's decision for `person_id`: `obliged` 0 or 1 with
 * `reason` (required), or -1 to go back to the rank rule. Returns 0,
 * ERR_NOT_FOUND (no such person), or err. Call inside a transaction. */
int declarations_set_obligation(struct db *db, long long person_id, int obliged,
                                const char *reason);

/* The ID numbers of everyone who must report (in service), in `a`, any order. */
int declarations_obliged_ids(struct db *db, struct arena *a, const char ***ids, size_t *n);

/* ---- reports ------------------------------------------------------------ */

struct declaration_report {
    long long id, person_id;
    int year;
    const char *kind; /* "annual" or "event" */
    struct date event_date, deadline;
    const char *status; /* "draft" or "submitted" */
    struct date submitted_on;
    const char *entered_by; /* "self" or "office" */
    const char *content;    /* the items as JSON text, plaintext (NULL in lists) */
    const char *created_at, *updated_at;
    long long version;
};

/* The reports of one person (kind NULL: all) or of one year (person 0),
 * newest year first, without their content. Rows in `a`. */
int declarations_reports(struct db *db, long long person_id, int year, struct arena *a,
                         struct declaration_report **out, size_t *n);

/* Loads report `id` with its content opened with `key`. ERR_NOT_FOUND;
 * ERR_UNAVAILABLE when `key` is NULL; ERR_INVALID when the content does not
 * open with this key. */
int declarations_report_get(struct db *db, const struct secret_key *key, long long id,
                            struct arena *a, struct declaration_report *out);

/* The person's latest report of a year before `year` (any kind), content
 * opened, for a new report to start from; ERR_NOT_FOUND when none. */
int declarations_report_previous(struct db *db, const struct secret_key *key, long long person_id,
                                 int year, struct arena *a, struct declaration_report *out);

/* Inserts `r` (sets r->id), sealing r->content with `key`. ERR_CONFLICT
 * when the person already has the annual report of that year;
 * ERR_UNAVAILABLE without a key. Call inside a transaction. */
int declarations_report_insert(struct db *db, const struct secret_key *key,
                               struct declaration_report *r);

/* Updates status, submitted_on, entered_by and the sealed content of report
 * r->id. ERR_NOT_FOUND; ERR_UNAVAILABLE without a key. */
int declarations_report_update(struct db *db, const struct secret_key *key,
                               const struct declaration_report *r);

/* ---- the draw ----------------------------------------------------------- */

/* A recorded draw. */
struct declaration_draw_record {
    long long id;
    int year;
    const char *seed, *ratio, *algorithm;
    const char *obliged; /* the ID numbers, sorted, one per line */
    long long obliged_count;
    const char *drawn; /* the drawn ID numbers in rank order, one per line */
    long long sample_count;
    const char *fingerprint, *drawn_at;
};

/* The draw of `year`: 0, or ERR_NOT_FOUND. Text in `a`. */
int declarations_draw_get(struct db *db, int year, struct arena *a,
                          struct declaration_draw_record *out);

/* Every draw, newest year first. */
int declarations_draws(struct db *db, struct arena *a, struct declaration_draw_record **out,
                       size_t *n);

/* Records draw `d` and opens a random check (reason "random") for every
 * drawn person; sets `*id`. ERR_CONFLICT when the year already has a draw
 * (a draw cannot be redone). Call inside a transaction. */
int declarations_draw_save(struct db *db, const struct declaration_draw *d, long long *id);

/* ---- checks (查核) ------------------------------------------------------ */

/* The reasons of a check: the yearly sample, and the focused ones. */
#define DECLARATION_CHECK_REASONS "random", "promotion", "reserve", "tipoff", "post", "other"

struct declaration_check {
    long long id, person_id;
    int year;
    const char *reason; /* one of DECLARATION_CHECK_REASONS */
    long long draw_id;  /* 0: none */
    const char *note;
    const char *status; /* "open", "checked", "decided" */
    struct date checked_on;
    const char *findings;    /* JSON text, plaintext (NULL in lists and before a result) */
    const char *worst_class; /* "omission", "concealment" or NULL */
    const char *proposal, *decision;
    struct date decision_date;
    long long punishment_id;
    const char *created_at;
    long long version;
    const char *person_name; /* lists */
};

/* Checks of one person (person_id > 0) or of one year (year > 0), or all,
 * newest first, without findings. */
int declarations_checks(struct db *db, long long person_id, int year, struct arena *a,
                        struct declaration_check **out, size_t *n);

/* Loads check `id` with its findings opened. ERR_NOT_FOUND, ERR_UNAVAILABLE. */
int declarations_check_get(struct db *db, const struct secret_key *key, long long id,
                           struct arena *a, struct declaration_check *out);

/* Inserts an open check (sets c->id). Call inside a transaction. */
int declarations_check_insert(struct db *db, struct declaration_check *c);

/* Writes the result (status, checked_on, sealed findings, worst_class,
 * proposal) or the decision (decision, decision_date, punishment_id) of
 * check c->id. ERR_NOT_FOUND, ERR_UNAVAILABLE. */
int declarations_check_update(struct db *db, const struct secret_key *key,
                              const struct declaration_check *c);

/* What the selection module's 凡提必核 gate asks of a person: the state of
 * their latest check (any reason) — "none", "open", "checked" or
 * "decided" — with its id (0 when none), date (checked_on, DATE_NONE while
 * open) and worst class (NULL: no discrepancy). Returns 0 or err. */
struct declaration_check_status {
    const char *state;
    long long check_id;
    struct date checked_on;
    const char *worst_class;
};
int declarations_check_status(struct db *db, long long person_id, struct arena *a,
                              struct declaration_check_status *out);

#endif
