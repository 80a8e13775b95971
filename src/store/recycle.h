/* recycle.h — the 回收站 (recycle bin): deleting a cadre, a unit or one
 * record moves every row it takes out of the live tables into one bin row
 * (column by column), from where it is restored with its own ids and
 * values, or purged for good after the retention period with a second
 * account's approval (docs/recycle-bin.md). */
#ifndef CADRE_RECYCLE_H
#define CADRE_RECYCLE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/fields.h"
#include "store/db.h"

struct arena;

/* Days a deleted item stays in the bin before a purge may be approved,
 * unless the settings table says otherwise (key RECYCLE_RETENTION_KEY):
 * half a year, the retention GB/T 22239 asks of audit records, so nothing
 * leaves the bin before the record of its deletion could be questioned. */
#define RECYCLE_RETENTION_DAYS_DEFAULT 180
#define RECYCLE_RETENTION_DAYS_MIN 30
#define RECYCLE_RETENTION_DAYS_MAX 3650
#define RECYCLE_RETENTION_KEY "recycle.retention_days"

/* Who does it: the account (0 when none) and its name (may be NULL). */
struct recycle_actor {
    long long user_id;
    const char *username;
};

/* One bin row as listed. Strings in the arena it was read into. */
struct recycle_item {
    long long id;
    const char *object_type; /* "person", "unit", or a record kind's name: "career" */
    long long object_id;     /* its id in its own table */
    long long person_id;     /* the person, or the record's owner; 0 for a unit */
    const char *title, *reason;
    const char *deleted_at; /* UTC ISO time */
    long long deleted_by;
    const char *deleted_by_name;
    const char *purge_after;      /* "YYYY-MM-DD" */
    long long purge_requested_by; /* 0: no purge requested */
    const char *purge_requested_by_name, *purge_requested_at, *purge_reason;
    size_t rows; /* how many table rows the item holds */
};

/* The retention in days (the setting, or the default). Returns 0 or err. */
int recycle_retention_days(struct db *db, int *days);
/* Sets it; ERR_INVALID outside [MIN, MAX]. Call in a transaction. */
int recycle_set_retention_days(struct db *db, int days);

/* Moves person `person_id` into the bin: the people row, every row of the
 * record tables under them (career, education, assessments, rewards,
 * punishments, family, training) and which accounts were linked to them,
 * then deletes them from the live tables (store/people.h people_delete).
 * `title` (what the bin lists) and `reason` are borrowed; `today` sets the
 * purge date. `*bin_id` is the new bin row. ERR_NOT_FOUND when there is no
 * such person. Call inside the write transaction. */
int recycle_person(struct db *db, long long person_id, const char *title, const char *reason,
                   const struct recycle_actor *by, struct date today, long long *bin_id);

/* Moves unit `unit_id` (and its 职数 rows) into the bin, then deletes it
 * with units_delete's checks: ERR_CONFLICT with `*why` (Chinese, static or
 * per-thread) while people, sub-units, career records or role scopes refer
 * to it. ERR_NOT_FOUND. Call inside the write transaction. */
int recycle_unit(struct db *db, long long unit_id, const char *title, const char *reason,
                 const struct recycle_actor *by, struct date today, long long *bin_id,
                 const char **why);

/* Moves one record of `kind` (of person `person_id`) into the bin and
 * deletes it (records_delete: derived columns refreshed). ERR_NOT_FOUND.
 * Call inside the write transaction. */
int recycle_record(struct db *db, const struct record_kind *kind, long long person_id, long long id,
                   const char *title, const char *reason, const struct recycle_actor *by,
                   struct date today, long long *bin_id);

/* Bin rows, newest first, `object_type` "person", "unit", "record" (every
 * record kind) or NULL (all); `*total` counts every match. */
int recycle_list(struct db *db, const char *object_type, long long offset, long long limit,
                 struct arena *a, struct recycle_item **out, size_t *n, long long *total);

/* One bin row into `out`; with `rows_json` non-NULL also its rows as
 * stored (in `a`). ERR_NOT_FOUND. */
int recycle_get(struct db *db, long long bin_id, struct arena *a, struct recycle_item *out,
                const char **rows_json);

/* The newest bin row of object `object_type` `object_id` ("person", 17).
 * ERR_NOT_FOUND when it is not in the bin. */
int recycle_find(struct db *db, const char *object_type, long long object_id, long long *bin_id);

/* Writes the rows of bin row `bin_id` back into their tables with their
 * own ids and values, then removes the bin row. ERR_CONFLICT with `*why`
 * (Chinese, static) when they cannot go back as they were: the person a
 * record belongs to, or the parent of a unit, is not in the registry (it
 * may be in the bin itself: restore it first), or an id, ID number or
 * unit name has been taken since. ERR_NOT_FOUND. Call in a transaction. */
int recycle_restore(struct db *db, long long bin_id, const char **why);

/* Records a purge request of bin row `bin_id` by `by` with `reason`
 * (borrowed, may be NULL). ERR_CONFLICT with `*why` when the retention has
 * not passed on `today` or a request is pending already. ERR_NOT_FOUND. */
int recycle_purge_request(struct db *db, long long bin_id, const struct recycle_actor *by,
                          const char *reason, struct date today, const char **why);

/* Approves the pending purge request of `bin_id` and removes the bin row
 * for good. ERR_CONFLICT with `*why` when there is no request, when `by`
 * is the account that requested it (a second account must approve), or
 * when the retention has not passed on `today`. ERR_NOT_FOUND. */
int recycle_purge_approve(struct db *db, long long bin_id, const struct recycle_actor *by,
                          struct date today, const char **why);

/* The before image of `rows_json` (a bin row's rows) for the audit log:
 * {"<table>": [row, ...], ...} with each FIELD_SENSITIVE column (ID
 * numbers, phones) masked as the log masks them elsewhere. A new
 * reference, or NULL when `rows_json` is not a bin row's JSON. */
json_t *recycle_audit_image(const char *rows_json);

#endif
