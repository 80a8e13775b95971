/* lockout.h — the login security policy (lock-out thresholds, roles that
 * must use TOTP) and the failed-login record it is enforced from. */
#ifndef CADRE_LOCKOUT_H
#define CADRE_LOCKOUT_H

#include <stdbool.h>

#include <time.h>

#include "store/db.h"

/* The security policy's defaults (GB/T 22239-2019 8.1.4.1 b: 登录失败处理).
 * The 安全管理员 changes them in the settings table (lockout_policy_set). A
 * source address gets a higher limit than an account: an office behind one
 * NAT address must not lock each other out after five typos. */
#define LOCKOUT_MAX_FAILURES 5
#define LOCKOUT_WINDOW_MINUTES 15
#define LOCKOUT_SOURCE_MAX_FAILURES 20

struct security_policy {
    int max_failures; /* failures of one account within the window */
    int window_minutes;
    int source_max_failures; /* failures from one source address within the window */
    unsigned totp_required;  /* bit set of roles (1 << enum role) that must use TOTP */
};

/* Reads the policy (defaults for absent settings). */
int lockout_policy_get(struct db *db, struct security_policy *out);
/* Writes the whole policy. Call in a transaction. */
int lockout_policy_set(struct db *db, const struct security_policy *p);

/* Whether a login for `username` from `source_addr` at time `now` is
 * locked out: 0 when not; ERR_FORBIDDEN when it is, with `*until` the time
 * the lock ends (the oldest counted failure leaves the window) and
 * `*by_source` true when the address (not the account) is locked. */
int lockout_check(struct db *db, const struct security_policy *p, const char *username,
                  const char *source_addr, time_t now, time_t *until, bool *by_source);

/* Records a failed login; drops failures older than a day. */
int lockout_failed(struct db *db, const char *username, const char *source_addr, time_t now);

/* Forgets the failed logins of `username` (after a success or an unlock). */
int lockout_clear(struct db *db, const char *username);

#endif
