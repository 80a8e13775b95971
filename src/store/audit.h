/* audit.h — the tamper-evident audit log: every change, login and refusal,
 * written in the same transaction as the action it records, each record
 * carrying the hash of the previous one: BLAKE2b (64 hex), or SM3 under the
 * gm profile ("sm3:" + 64 hex; docs/crypto.md). */
#ifndef CADRE_AUDIT_H
#define CADRE_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "store/db.h"

struct arena;

struct audit_entry {
    long long user_id;       /* 0 when nobody is logged in */
    const char *username;    /* may be NULL */
    const char *role;        /* the role the action was done in */
    const char *source_addr; /* client address */
    const char *action;      /* "person.create", "session.login", "people.export" ... */
    const char *object_type; /* "person", "unit", "user", ... */
    const char *object_id;
    const char *outcome;     /* "ok", "denied", "failed" */
    const char *before_json; /* the object before a change, or NULL */
    const char *after_json;  /* the object after a change, or NULL */
};

/* Appends one record, chained to the last. Inside the caller's write
 * transaction when one is open (so the record commits or rolls back with
 * the action); otherwise in a transaction of its own. Returns 0 or err. */
int audit_write(struct db *db, const struct audit_entry *e);

/* Continues a BLAKE2b chain with SM3 links (switching to the gm profile):
 * appends the re-anchoring record "audit.reanchor" (who and where from `e`;
 * its after_json names the last BLAKE2b hash and carries its HMAC-SM3 under
 * `key_len` bytes of `key`, the audit key of the key file), the first SM3
 * link; every later record follows with SM3. Inside the caller's
 * transaction. ERR_CONFLICT when the chain already uses SM3. */
int audit_reanchor(struct db *db, const struct audit_entry *e, const unsigned char *key,
                   size_t key_len);

/* As audit_verify, and with `key` (the audit key, as given to
 * audit_reanchor) checks the re-anchoring record's MAC too; NULL key checks
 * the anchor alone. Also refuses an SM3 link not begun by a re-anchoring
 * record and a BLAKE2b record after SM3 (a downgrade). */
int audit_verify_keyed(struct db *db, const unsigned char *key, size_t key_len,
                       long long *first_bad);

/* Recomputes the chain from the first record. Returns 0 when intact; else
 * ERR_CONFLICT with `*first_bad` the id of the first record whose hash or
 * link does not match (an edited, deleted or inserted record). */
int audit_verify(struct db *db, long long *first_bad);

/* Records are never deleted through the product: the triggers of migration
 * 0001 refuse UPDATE and DELETE, and no code path asks for either, so the
 * retention of GB/T 22239 (at least 180 days) is met by keeping everything. */

/* A filter of the log; NULL fields do not filter. */
struct audit_filter {
    const char *username;    /* exact */
    const char *action;      /* exact, or a prefix when it ends in "." ("session.") */
    const char *object_type; /* exact */
    const char *object_id;   /* exact */
    const char *outcome;     /* "ok", "denied", "failed", "locked" */
    const char *from;        /* UTC "YYYY-MM-DDTHH:MM:SSZ", inclusive */
    const char *to;          /* UTC, exclusive */
};

/* One record as read back. Strings borrowed from the arena or the callback. */
struct audit_record {
    long long id;
    long long user_id;        /* 0 when none */
    const char *user_id_text; /* read from an export: user_id as written, or NULL */
    const char *at, *username, *role, *source_addr, *action, *object_type, *object_id, *outcome,
        *before_json, *after_json, *prev_hash, *hash;
};

/* Number of records matching `f`. */
int audit_count(struct db *db, const struct audit_filter *f, long long *total);

/* A page of matching records, newest first, allocated in `a`. */
int audit_list(struct db *db, const struct audit_filter *f, long long offset, long long limit,
               struct arena *a, struct audit_record **out, size_t *n);

/* Calls `fn` for every matching record, oldest first (for exports; no
 * memory grows with the log). The record is borrowed for the call. Stops
 * and returns what `fn` returns when it is not 0. */
int audit_each(struct db *db, const struct audit_filter *f,
               int (*fn)(void *ctx, const struct audit_record *r), void *ctx);

/* Turns a local date "YYYY-MM-DD" (the start of that day, or with `end`
 * the start of the next) or a UTC time "YYYY-MM-DDTHH:MM:SSZ" (as is) into
 * the UTC text records are stamped with. ERR_INVALID when it is neither. */
int audit_time_bound(const char *text, bool end, char out[21]);

/* The column names of an export, in order, and one record's cells in that
 * order (NULL for none; `buf` holds the numbers). */
extern const char *const audit_columns[14];
void audit_cells(const struct audit_record *r, char buf[2][24], const char *cells[14]);

/* The newest record of a change ("ok", with a before or after) of the
 * object `object_type` `object_id`, allocated in `a`: who changed it last
 * and when (a 412 answer). Returns 0 or ERR_NOT_FOUND. */
int audit_last_change(struct db *db, const char *object_type, long long object_id, struct arena *a,
                      struct audit_record *out);

/* An action and its Chinese label, as the module that writes it declares. */
struct audit_action {
    const char *action; /* "person.create" */
    const char *label;  /* "新增干部" */
};
/* The label of `action` in table `t` of `n` entries, or NULL. */
const char *audit_actions_find(const struct audit_action *t, size_t n, const char *action);

/* Knows the labels of one module's actions: returns the label (static) or
 * NULL. http/router.h router_audit_label, the CLI's own. */
typedef const char *audit_label_fn(const char *action);
/* Adds a source of labels, asked in order by audit_action_label. Called at
 * program start, before any thread; adding one twice adds it once. */
void audit_label_source_add(audit_label_fn *fn);

/* The Chinese label of `action` (of a record on `object_type`): what a
 * label source knows, record writes by their kind, refusals by the
 * permission; the action itself when unknown. Allocated in `a` or static. */
const char *audit_action_label(struct arena *a, const char *action, const char *object_type);
/* The Chinese label of an object type (a record kind, a rule table, ...),
 * or the type itself. */
const char *audit_object_label(struct arena *a, const char *type);
/* 成功, 拒绝, 失败, 已锁定; the outcome itself when unknown. */
const char *audit_outcome_label(const char *outcome);

/* The CSV export (GET /api/v1/audit/export.csv, cadre audit export):
 * Chinese headers; every hashed column exactly as stored, Chinese labels of
 * the action, object and outcome beside them, both hashes, and the names
 * of the hashed columns whose value is "" (a CSV cell cannot tell "" from
 * NULL; an empty cell not named there is NULL). So the chain can be checked
 * from the file alone (audit_check_records; cadre audit verify --csv). */
#define AUDIT_CSV_COLUMNS 18
extern const char *const audit_csv_header[AUDIT_CSV_COLUMNS];
/* One record's cells in header order (NULL = empty), allocated in `a`. */
void audit_csv_cells(const struct audit_record *r, struct arena *a,
                     const char *cells[AUDIT_CSV_COLUMNS]);
/* Finds the export's columns in a header row: `map[c]` = index of
 * audit_csv_header[c] in `header`, or -1. ERR_INVALID with `*missing` the
 * first column needed for the check that is not there (labels are not). */
int audit_csv_columns(const char *const *header, size_t n, int map[AUDIT_CSV_COLUMNS],
                      const char **missing);
/* A record from one row of `n` cells (borrowed) by `map`. */
void audit_csv_record(const int map[AUDIT_CSV_COLUMNS], const char *const *cells, size_t n,
                      struct audit_record *out);

struct audit_check {
    size_t checked;      /* records whose hash matched */
    size_t gaps;         /* places where ids jump (a filtered export; the
                            links across them cannot be checked from the file) */
    long long first_bad; /* the id of the first record that failed, or 0 */
    const char *why;     /* Chinese, static: what failed */
};

/* Checks records read back from an export, in file order: each record's
 * hash against its own columns and previous hash; each record's previous
 * hash against the hash of the record before it when their ids are
 * consecutive; record 1 against the genesis value. Returns 0 or
 * ERR_CONFLICT with `out->first_bad` and `out->why`. Pure: no database. */
int audit_check_records(const struct audit_record *r, size_t n, struct audit_check *out);

#endif
