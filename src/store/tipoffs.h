/* tipoffs.h — tip-offs (信访举报) in the database: sealed at rest with the
 * data key, found by the hash of their tracking code, with the timeline of
 * their case, their attachments and the stage deadlines; and the
 * supervision records (conduct, 函询, 提醒) of a person. */
#ifndef CADRE_STORE_TIPOFFS_H
#define CADRE_STORE_TIPOFFS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/tipoffs.h"
#include "store/db.h"

struct arena;
struct secret_key;

/* Who acts: a staff account, or { 0, NULL } for the reporter (whose
 * address and identity are not recorded). */
struct tipoffs_actor {
    long long user_id;
    const char *username;
};

/* One tip-off as discipline staff read it: texts opened with the key,
 * allocated in the caller's arena. */
struct tipoff {
    long long id;
    const char *channel; /* "web", "hotline", "letter" */
    enum tipoff_status status;
    struct date status_since;
    struct date due; /* DATE_NONE: the stage has no deadline */
    bool overdue;    /* due before the `today` the read was given */
    const char *subject_name, *subject_unit, *content;
    const char *reporter_name, *contact; /* NULL: not given (anonymous) */
    bool specific;                       /* 具体可查 */
    long long person_id;                 /* 0: not linked */
    const char *person_name;             /* the linked person's name, or NULL */
    const char *received_at;             /* UTC ISO */
    struct date received_on;
    long long additions, attachments; /* how many the reporter added */
};

struct tipoff_event {
    long long id;
    const char *at, *username; /* username NULL: the reporter */
    const char *kind;          /* received, transition, addition, attachment, update */
    const char *from_status, *to_status;
    const char *note; /* opened; NULL when none */
};

struct tipoff_attachment {
    long long id;
    const char *name; /* opened (tipoffs_attachment_name's form); NULL: kept before names were */
    const char *media_type;
    long long size;
    const char *at;
};

/* Records a new tip-off from `r` (validated by the caller) through
 * `channel`, registered at `now_utc` (ISO), received on `today` (the day
 * itself, or the earlier day a letter arrived: its stage deadlines count
 * from it), in stage received,
 * with its first timeline event by `who`. Draws its tracking code (100
 * bits from libsodium's generator) into `code` and keeps only its hash.
 * `*id` set. Returns 0 or err. Run inside the caller's transaction. */
int tipoffs_insert(struct db *db, const struct secret_key *key, const struct tipoff_report *r,
                   const char *channel, const char *now_utc, struct date today,
                   const struct tipoffs_actor *who, char code[TIPOFFS_CODE_TEXT + 1],
                   long long *id);

/* The tip-off whose tracking code is `canonical` (tipoffs_code_normalize's
 * form): `*id` and `*status` set. The lookup is by the code's hash through
 * the unique index, so neither its time nor its answer says anything about
 * other codes. Returns 0, ERR_NOT_FOUND, or err. */
int tipoffs_find_code(struct db *db, const char *canonical, long long *id,
                      enum tipoff_status *status);

/* Appends an event to the timeline of tip-off `id`; `note` (may be NULL)
 * is sealed. Returns 0 or err. */
int tipoffs_add_event(struct db *db, const struct secret_key *key, long long id, const char *at,
                      const struct tipoffs_actor *who, const char *kind, const char *from_status,
                      const char *to_status, const char *note);

/* Keeps `len` bytes of `data` of type `media_type` sealed as an attachment
 * of `id`, under `name` (tipoffs_attachment_name's form, sealed too: a file
 * name can name the reporter; NULL: none). ERR_CONFLICT when it has
 * TIPOFFS_ATTACHMENTS_MAX already. `*attachment_id` set. */
int tipoffs_add_attachment(struct db *db, const struct secret_key *key, long long id,
                           const char *name, const char *media_type, const void *data, size_t len,
                           const char *at, long long *attachment_id);

/* Filters of the staff list; NULL / 0 / -1 fields do not filter. */
struct tipoffs_filter {
    int status;          /* enum tipoff_status or -1 */
    long long person_id; /* 0: any */
    int specific;        /* 1, 0, or -1 for any */
    bool overdue_only;
};

/* A page of tip-offs, newest first, opened; `*total` the count of the
 * filter. Deadlines from `d`, overdue as of `today`. In `a`. */
int tipoffs_list(struct db *db, const struct secret_key *key, const struct tipoffs_filter *f,
                 const struct tipoff_deadlines *d, struct date today, long long offset,
                 long long limit, struct arena *a, struct tipoff **items, size_t *n,
                 long long *total);

/* One tip-off, opened. Returns 0, ERR_NOT_FOUND, ERR_INVALID (a text
 * sealed with another key), or err. */
int tipoffs_get(struct db *db, const struct secret_key *key, long long id,
                const struct tipoff_deadlines *d, struct date today, struct arena *a,
                struct tipoff *out);

/* Its timeline, oldest first, notes opened. In `a`. */
int tipoffs_events(struct db *db, const struct secret_key *key, long long id, struct arena *a,
                   struct tipoff_event **events, size_t *n);

/* Its attachments (without their bytes, names opened with `key`), oldest
 * first. In `a`. */
int tipoffs_attachments(struct db *db, const struct secret_key *key, long long id, struct arena *a,
                        struct tipoff_attachment **items, size_t *n);

/* The bytes of attachment `attachment_id` of tip-off `id`: owned guarded
 * memory (secret_plain_free), `*len`, its type and (when `name` is not
 * NULL) its name, opened, or NULL when it has none (in `a`). Returns 0,
 * ERR_NOT_FOUND, ERR_INVALID, or err. */
int tipoffs_attachment_data(struct db *db, const struct secret_key *key, long long id,
                            long long attachment_id, struct arena *a, char **data, size_t *len,
                            const char **media_type, const char **name);

/* Moves tip-off `id` to stage `to` as of `since`. Returns 0 or err. */
int tipoffs_set_status(struct db *db, long long id, enum tipoff_status to, struct date since);

/* Sets the 具体可查 flag and the linked person (0: none). Returns 0,
 * ERR_NOT_FOUND, or err. */
int tipoffs_set_assessment(struct db *db, long long id, bool specific, long long person_id);

/* The stage deadlines the office set (tipoff_deadlines), `*out` filled
 * from the defaults for a stage without a row. */
int tipoffs_deadlines(struct db *db, struct tipoff_deadlines *out);
/* Sets the days of one stage. */
int tipoffs_set_deadline(struct db *db, enum tipoff_status s, int days);

/* For the selection module's four-musts gate (凡提四必: 反映问题线索具体可查
 * 的必查): how many tip-offs flagged 具体可查 about person `person_id` are not
 * settled yet — not closed (了结) and not answered (结果反馈 given). 0 means
 * every specific tip-off about the person is settled. */
int tipoffs_unsettled_specific(struct db *db, long long person_id, long long *count);

/* The cases to be reminded of on `today`: every one not yet answered whose
 * stage has a deadline (from `d`) within `lead_days` or past, soonest due
 * first, without their texts (no key needed: stages, dates, the flag and
 * the linked person are not sealed). In `a`. */
int tipoffs_due_soon(struct db *db, const struct tipoff_deadlines *d, struct date today,
                     int lead_days, struct arena *a, struct tipoff **items, size_t *n);

/* ---- supervision records --------------------------------------------------- */

struct supervision_record {
    long long id, person_id;
    enum supervision_kind kind;
    int category; /* enum conduct_category for conduct records, else -1 */
    struct date occurred_on;
    const char *summary, *evidence, *authority;
    const char *recorded_by_name, *recorded_at;
    struct date reply_due;   /* a 函询's: the day it must be answered; DATE_NONE: none */
    struct date replied_on;  /* the day the answer came; DATE_NONE: not yet */
    const char *person_name; /* supervision_inquiries_due */
};

/* Records `r` (validated by the caller) by `who` at `now_utc`; `r->id`
 * set. Returns 0 or err. */
int supervision_insert(struct db *db, struct supervision_record *r, const struct tipoffs_actor *who,
                       const char *now_utc);

/* A person's supervision records, oldest first. In `a`. */
int supervision_list(struct db *db, long long person_id, struct arena *a,
                     struct supervision_record **items, size_t *n);

/* Records that 函询 `id` of person `person_id` was answered on `replied_on`
 * (DATE_NONE: not answered after all). ERR_NOT_FOUND when the person has
 * no such record; ERR_INVALID when it is not a 函询. */
int supervision_set_replied(struct db *db, long long person_id, long long id,
                            struct date replied_on);

/* The 函询 not answered whose reply is due within `lead_days` of `today`
 * or past, soonest first, each with its person's name. In `a`. */
int supervision_inquiries_due(struct db *db, struct date today, int lead_days, struct arena *a,
                              struct supervision_record **items, size_t *n);

/* Deletes record `id` of person `person_id`. ERR_NOT_FOUND when none. */
int supervision_delete(struct db *db, long long person_id, long long id);

#endif
