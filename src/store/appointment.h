/* appointment.h — appointment cases (任免事项) in the database: the case,
 * its dated steps, the entries of the four musts, the objections raised
 * during the public notice, and the office's holiday calendar. */
#ifndef CADRE_STORE_APPOINTMENT_H
#define CADRE_STORE_APPOINTMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/appointment.h"
#include "core/date.h"
#include "store/db.h"

struct arena;

/* One case; texts in the caller's arena (NULL: not given). */
struct appointment {
    long long id, person_id;
    const char *person_name; /* read only */
    enum appointment_kind kind;
    const char *rank, *title, *post_level; /* the target */
    long long unit_id;                     /* 0: none */
    const char *unit_name;                 /* read only */
    bool concurrent;                       /* 兼任: the old post is kept */
    bool probation;                        /* 试用期 applies */
    const char *reason;
    bool exceptional;
    const char *exceptional_reason, *exceptional_approval;
    enum appointment_state state;
    struct date state_since;
    const char *stop_reasons; /* JSON array text, or NULL */
    struct date notice_start, notice_end;
    long long career_id; /* 0: none written */
    struct date probation_end;
    const char *created_at, *created_by;
    long long version;
};

struct appointment_step {
    long long id;
    enum appointment_state state;
    struct date on;
    const char *document_number, *notes, *username, *at;
};

struct appointment_check_entry {
    long long id;
    enum appointment_check check;
    enum appointment_check_result result;
    struct date checked_on;
    const char *checked_by, *notes, *attachment;
    const char *evidence; /* JSON text, or NULL */
    const char *username, *at;
};

struct appointment_objection {
    long long id;
    struct date received_on;
    const char *content;
    const char *resolution; /* NULL while open */
    struct date resolved_on;
    const char *username, *at;
};

/* Inserts case `a` (sets a->id) in state a->state since a->state_since,
 * with its first step (document number `document_number`, may be NULL),
 * recorded by `username` at `now_utc`. Call inside a transaction. */
int appointment_insert(struct db *db, struct appointment *a, const char *document_number,
                       const char *username, const char *now_utc);

/* Case `id` into `*out`. ERR_NOT_FOUND. */
int appointment_get(struct db *db, long long id, struct arena *ar, struct appointment *out);

/* Writes the mutable columns of case a->id: state, state_since,
 * stop_reasons, notice_start/end, career_id, probation_end. */
int appointment_update(struct db *db, const struct appointment *a);

/* The cases in `state` (or all when state < 0) of person `person_id` (or
 * all when 0), newest first: page `page` (1-based) of `per_page`, and the
 * total in `*total`. */
int appointment_list(struct db *db, int state, long long person_id, int page, int per_page,
                     struct arena *ar, struct appointment **out, size_t *n, long long *total);

/* The appointed cases whose 试用期 ends on or before `until`, soonest
 * first (every one of them: a reminder list is short). */
int appointment_probations(struct db *db, struct date until, struct arena *ar,
                           struct appointment **out, size_t *n);

/* Appends a step to case `case_id` (of person `person_id`). */
int appointment_step_insert(struct db *db, long long case_id, long long person_id,
                            const struct appointment_step *s);
int appointment_steps(struct db *db, long long case_id, struct arena *ar,
                      struct appointment_step **out, size_t *n);

/* Appends a check entry (sets e->id). */
int appointment_check_insert(struct db *db, long long case_id, long long person_id,
                             struct appointment_check_entry *e);
/* Every entry of case `case_id`, oldest first. */
int appointment_checks(struct db *db, long long case_id, struct arena *ar,
                       struct appointment_check_entry **out, size_t *n);

/* Objections: insert (sets o->id), resolve (ERR_NOT_FOUND unless open
 * objection `id` belongs to the case), list oldest first, count the open. */
int appointment_objection_insert(struct db *db, long long case_id, long long person_id,
                                 struct appointment_objection *o);
int appointment_objection_resolve(struct db *db, long long case_id, long long id,
                                  const char *resolution, struct date resolved_on);
int appointment_objections(struct db *db, long long case_id, struct arena *ar,
                           struct appointment_objection **out, size_t *n);

/* The holiday calendar from `from` to `to` (DATE_NONE: unbounded), sorted
 * by day, in `*out` (days in `ar`). */
int appointment_calendar_load(struct db *db, struct date from, struct date to, struct arena *ar,
                              struct appointment_calendar *out);

/* Replaces the calendar days of `year` by `days` (`n`, each inside the
 * year). Call inside a transaction. */
int appointment_calendar_put_year(struct db *db, int year,
                                  const struct appointment_calendar_day *days, size_t n);

#endif
