/* ratelimit.h — token buckets per source address, in memory, for what can
 * be called without a session: login, the public routes, the web UI's
 * files and answers to bad credentials, and a cap on public submissions
 * from all addresses together; for logins and submissions also the same
 * buckets in the database (store/rate_buckets.h), so that several servers
 * on one database give one allowance between them, not one each.
 * Sessions are not limited here. */
#ifndef CADRE_RATELIMIT_H
#define CADRE_RATELIMIT_H

#include "http/request.h"
#include "store/db.h"

enum rate_class {
    RATE_LOGIN,      /* POST /api/v1/session */
    RATE_PUBLIC,     /* every other request without a valid session or token */
    RATE_SUBMIT,     /* a public submission (a tip-off, its additions), per address */
    RATE_SUBMIT_ALL, /* the same from all addresses together: take it with the
                        address RATE_ALL_ADDRESSES */
    RATE_CLASS_COUNT
};

/* Requests a minute per source address (also the burst), unless set by
 * the environment: CADRE_RATE_LOGIN, CADRE_RATE_PUBLIC, CADRE_RATE_SUBMIT,
 * CADRE_RATE_SUBMIT_ALL (read once). A
 * login costs an argon2id hash (64 MiB, tens of ms): 20 a minute is
 * plenty for people and starves a guessing script; the account lock-out
 * (store/lockout.h) stops guessing long before. */
#define RATE_LOGIN_PER_MINUTE 20
#define RATE_PUBLIC_PER_MINUTE 600
/* Public submissions write to the database and wake the discipline office:
 * a reporter sends one tip-off and a few additions, so 10 a minute per
 * address (CADRE_RATE_SUBMIT); and because addresses are cheap to change,
 * at most 120 a minute from everyone together (CADRE_RATE_SUBMIT_ALL) —
 * a flood then fills a day's work, not the disk. */
#define RATE_SUBMIT_PER_MINUTE 10
#define RATE_SUBMIT_ALL_PER_MINUTE 120
#define RATE_ALL_ADDRESSES "*"

/* Takes a token for `addr` in class `c`. Returns 0 when the request may
 * go on, else the whole seconds (≥ 1) until a token is back. Thread-safe. */
long ratelimit_take(enum rate_class c, const char *addr);

/* ratelimit_take, then, when the process allows the request and `db` is
 * not NULL, the same bucket kept in the database for every process on it
 * (store/rate_buckets.h): the limit shared by all the servers. The
 * process's own bucket stays the first filter, so a refused flood costs
 * no database write. A database that cannot take part (a standby, an
 * error: logged once a minute) leaves the process's own limit alone in
 * force. Returns as ratelimit_take. */
long ratelimit_take_shared(struct db *db, enum rate_class c, const char *addr);

/* Answers 429 problem+json with Retry-After: `retry_after` seconds, the
 * Chinese `detail`, `code` ("too_many_requests", "locked"), and
 * `locked_until` (ISO, may be NULL) as an extension member. Returns 0. */
int resp_too_many(struct request *req, long retry_after, const char *code, const char *detail,
                  const char *locked_until);

#endif
