/* audit.h — the tamper-evident audit log: every change, login and refusal,
 * written in the same transaction as the action it records, each record
 * carrying the BLAKE2b hash of the previous one. */
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
    long long user_id; /* 0 when none */
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

#endif
