/* audit.h — the tamper-evident audit log: every change, login and refusal,
 * written in the same transaction as the action it records, each record
 * carrying the BLAKE2b hash of the previous one. */
#ifndef CADRE_AUDIT_H
#define CADRE_AUDIT_H

#include "store/db.h"

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

#endif
