/* users.h — accounts, their roles, login sessions and API tokens, and the
 * security policy around them: password history, lock-out after failed
 * logins, TOTP second factor. Passwords are argon2id hashes; session and
 * API tokens are stored as BLAKE2b hashes, so a copied database opens
 * nothing; TOTP secrets are sealed with the key file (util/secret.h). */
#ifndef CADRE_USERS_H
#define CADRE_USERS_H

#include <stdbool.h>
#include <stddef.h>

#include <time.h>

#include "store/db.h"

struct arena;
struct secret_key;

/* One role of a user; unit_id 0 = the whole organisation. */
struct user_role {
    int role; /* enum role */
    long long unit_id;
};

struct user {
    long long id;
    const char *username;
    const char *display_name;
    bool must_change_password;
    bool disabled;
    long long person_id;
    unsigned roles; /* bit set: 1 << enum role, scoped or not (the permission check) */
    struct user_role *grants; /* every role row, with its unit (the scope of each) */
    size_t ngrants;
    bool totp_enabled;
    const char *created_at;
};

/* The authenticated side of a request: who, by which means. */
struct auth {
    struct user user;
    long long session_id; /* 0 for an API token */
    bool via_token;
    const char *csrf_token; /* the session's CSRF token (NULL for tokens) */
    bool needs_totp;        /* TOTP is required for a role and not enrolled: /session only */
};

/* The security policy's defaults (GB/T 22239-2019 8.1.4.1 b: 登录失败处理).
 * The 安全管理员 changes them in the settings table (users_policy_set). A
 * source address gets a higher limit than an account: an office behind one
 * NAT address must not lock each other out after five typos. */
#define LOCKOUT_MAX_FAILURES 5
#define LOCKOUT_WINDOW_MINUTES 15
#define LOCKOUT_SOURCE_MAX_FAILURES 20
/* A new password may not be any of the account's last this many. */
#define PASSWORD_HISTORY 5
/* Length of the one-time passwords of new and reset accounts. */
#define ONE_TIME_PASSWORD_LEN 16

/* Session lifetimes: idle and absolute (seconds). */
#define SESSION_IDLE_SECONDS (30 * 60)
#define SESSION_MAX_SECONDS (12 * 60 * 60)

/* Creates a user with `password` (hashed with argon2id) and role `role`
 * (enum role; -1 for none). ERR_CONFLICT when the username exists. Call in a transaction.
 * Sets `*id`. */
int users_create(struct db *db, const char *username, const char *display_name,
                 const char *password, bool must_change, int role, long long *id);

/* Adds a role to a user (no-op when present). */
int users_add_role(struct db *db, long long user_id, int role);

/* Adds a role scoped to unit `unit_id` and its sub-units (0: unscoped);
 * a no-op when present. ERR_CONFLICT when the unit does not exist. */
int users_add_role_in(struct db *db, long long user_id, int role, long long unit_id);

/* Links the account to the person it belongs to (0: none), for the role
 * 干部本人. ERR_NOT_FOUND for no such user, ERR_CONFLICT for no such person. */
int users_set_person(struct db *db, long long user_id, long long person_id);

/* Loads a user by username. ERR_NOT_FOUND. */
int users_get_by_name(struct db *db, const char *username, struct arena *a, struct user *out);

/* Checks `password` for `username`. Returns 0 and fills `*out` when it
 * matches and the account is enabled; ERR_UNAUTHORIZED otherwise (the same
 * answer for an unknown user, a wrong password and a disabled account, and
 * the same time spent, so usernames cannot be probed). */
int users_check_password(struct db *db, const char *username, const char *password, struct arena *a,
                         struct user *out);

/* Sets a new password and clears must_change_password; revokes every
 * session of the user but `keep_session` (0 for none). The hash joins the
 * history (the oldest beyond PASSWORD_HISTORY are dropped). */
int users_set_password(struct db *db, long long user_id, const char *password,
                       long long keep_session);

/* Returns 0 when `password` is none of the user's last PASSWORD_HISTORY
 * passwords (the current one included), ERR_CONFLICT when it is one. Costs
 * one argon2id verification per remembered password. */
int users_password_reused(struct db *db, long long user_id, const char *password);

/* Replaces the password by a random one-time password (written into `out`,
 * ONE_TIME_PASSWORD_LEN + 1 bytes; the caller shows it once and wipes it),
 * sets must_change_password, revokes every session and clears the failed
 * logins of the account. Call in a transaction. */
int users_reset_password(struct db *db, long long user_id, char *out);

/* ---- lock-out --------------------------------------------------------- */

struct security_policy {
    int max_failures; /* failures of one account within the window */
    int window_minutes;
    int source_max_failures; /* failures from one source address within the window */
    unsigned totp_required;  /* bit set of roles (1 << enum role) that must use TOTP */
};

/* Reads the policy (defaults for absent settings). */
int users_policy_get(struct db *db, struct security_policy *out);
/* Writes the whole policy. Call in a transaction. */
int users_policy_set(struct db *db, const struct security_policy *p);

/* Whether a login for `username` from `source_addr` at time `now` is
 * locked out: 0 when not; ERR_FORBIDDEN when it is, with `*until` the time
 * the lock ends (the oldest counted failure leaves the window) and
 * `*by_source` true when the address (not the account) is locked. */
int users_lockout_check(struct db *db, const struct security_policy *p, const char *username,
                        const char *source_addr, time_t now, time_t *until, bool *by_source);

/* Records a failed login; drops failures older than a day. */
int users_login_failed(struct db *db, const char *username, const char *source_addr, time_t now);

/* Forgets the failed logins of `username` (after a success or an unlock). */
int users_login_clear(struct db *db, const char *username);

/* ---- accounts (the administrators' API) ------------------------------- */

/* Loads user `id`. ERR_NOT_FOUND. */
int users_get(struct db *db, long long id, struct arena *a, struct user *out);

/* A page of users ordered by username, filtered by `q` (part of the
 * username or display name; NULL for all). Items and their strings in `a`. */
int users_list(struct db *db, const char *q, long long offset, long long limit, struct arena *a,
               struct user **items, size_t *n, long long *total);

/* Changes the display name (NULL: keep) and the disabled flag (-1: keep).
 * Disabling revokes the user's sessions and API tokens. ERR_NOT_FOUND. */
int users_update(struct db *db, long long id, const char *display_name, int disabled);

/* The roles of a user, scoped ones included, in `a`. */
int users_roles_get(struct db *db, long long user_id, struct arena *a, struct user_role **out,
                    size_t *n);

/* Replaces the roles of a user. Call in a transaction. ERR_CONFLICT when a
 * unit does not exist. */
int users_roles_set(struct db *db, long long user_id, const struct user_role *roles, size_t n);

/* ---- sessions ----------------------------------------------------------- */

struct session_info {
    long long id;
    const char *source_addr, *created_at, *last_seen_at, *expires_at;
};

/* The user's live sessions (not revoked, not expired), newest first, in `a`. */
int users_sessions_list(struct db *db, long long user_id, struct arena *a,
                        struct session_info **out, size_t *n);

/* The owner of a live session. ERR_NOT_FOUND when none. */
int users_session_owner(struct db *db, long long session_id, long long *user_id);

/* Revokes every session of a user. */
int users_sessions_revoke_all(struct db *db, long long user_id);

/* Marks a new session as restricted to /session until TOTP is enrolled. */
int users_session_require_totp(struct db *db, long long session_id);

/* ---- TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30 s steps, ±1 step) -------- */

#define TOTP_SECRET_BYTES 20
#define TOTP_DIGITS 6
#define TOTP_STEP_SECONDS 30

/* Starts enrolment: a new random secret, sealed with `key` and kept as
 * pending; its base32 form (no padding) written into `secret_b32` (33
 * bytes; the caller wipes it). ERR_CONFLICT when TOTP is already on. */
int users_totp_begin(struct db *db, const struct secret_key *key, long long user_id,
                     char secret_b32[33]);

/* Confirms enrolment with a `code` of the pending secret: it becomes the
 * secret, and the user's sessions waiting for TOTP are freed. ERR_CONFLICT
 * when nothing is pending, ERR_INVALID when the code is wrong. */
int users_totp_confirm(struct db *db, const struct secret_key *key, long long user_id,
                       const char *code, time_t now);

/* Checks a login code: 0 when right and not used before (the step is then
 * remembered), ERR_UNAUTHORIZED otherwise, ERR_UNAVAILABLE without a key. */
int users_totp_verify(struct db *db, const struct secret_key *key, long long user_id,
                      const char *code, time_t now);

/* Removes TOTP (and any pending enrolment) from a user. */
int users_totp_disable(struct db *db, long long user_id);

/* Writes a random password of `len` characters (letters of three classes
 * and digits, no look-alikes) into `out` (len + 1 bytes). */
void users_random_password(char *out, size_t len);

/* The password policy: ≥ 10 characters, three of four classes, not the
 * username. Returns NULL when acceptable, else a Chinese reason (static). */
const char *users_password_problem(const char *username, const char *password);

/* Starts a session: writes an owned random token (hex, 64 chars) into
 * `token` (65 bytes) and the CSRF token into `csrf` (65 bytes). */
int users_session_create(struct db *db, long long user_id, const char *source_addr, char token[65],
                         char csrf[65], long long *session_id);

/* Resolves a session cookie token: checks idle and absolute expiry,
 * refreshes last_seen, fills `*out`. ERR_UNAUTHORIZED when unknown, revoked
 * or expired. */
int users_session_resolve(struct db *db, const char *token, struct arena *a, struct auth *out);

/* Revokes one session. */
int users_session_revoke(struct db *db, long long session_id);

/* Creates an API token for a user: owned random token in `token` (65). */
int users_token_create(struct db *db, long long user_id, const char *name, char token[65]);

/* Resolves a bearer token. ERR_UNAUTHORIZED when unknown or revoked. */
int users_token_resolve(struct db *db, const char *token, struct arena *a, struct auth *out);

#endif
