/* ratelimit.h — token buckets per source address, in memory, for what can
 * be called without a session: login, the public routes, the web UI's
 * files and answers to bad credentials. Sessions are not limited here. */
#ifndef CADRE_RATELIMIT_H
#define CADRE_RATELIMIT_H

#include "http/request.h"

enum rate_class {
    RATE_LOGIN,  /* POST /api/v1/session */
    RATE_PUBLIC, /* every other request without a valid session or token */
    RATE_CLASS_COUNT
};

/* Requests a minute per source address (also the burst), unless set by
 * the environment: CADRE_RATE_LOGIN, CADRE_RATE_PUBLIC (read once). A
 * login costs an argon2id hash (64 MiB, tens of ms): 20 a minute is
 * plenty for people and starves a guessing script; the account lock-out
 * (store/lockout.h) stops guessing long before. */
#define RATE_LOGIN_PER_MINUTE 20
#define RATE_PUBLIC_PER_MINUTE 600

/* Takes a token for `addr` in class `c`. Returns 0 when the request may
 * go on, else the whole seconds (≥ 1) until a token is back. Thread-safe. */
long ratelimit_take(enum rate_class c, const char *addr);

/* Answers 429 problem+json with Retry-After: `retry_after` seconds, the
 * Chinese `detail`, `code` ("too_many_requests", "locked"), and
 * `locked_until` (ISO, may be NULL) as an extension member. Returns 0. */
int resp_too_many(struct request *req, long retry_after, const char *code, const char *detail,
                  const char *locked_until);

#endif
