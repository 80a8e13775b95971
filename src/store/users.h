/* users.h — accounts, their roles, login sessions and API tokens. Passwords
 * are argon2id hashes; session and API tokens are stored as BLAKE2b hashes,
 * so a copied database opens nothing. */
#ifndef CADRE_USERS_H
#define CADRE_USERS_H

#include <stdbool.h>
#include <stddef.h>

#include "store/db.h"

struct arena;

struct user {
    long long id;
    const char *username;
    const char *display_name;
    bool must_change_password;
    bool disabled;
    long long person_id;
    unsigned roles;  /* bit set: 1 << enum role */
};

/* The authenticated side of a request: who, by which means. */
struct auth {
    struct user user;
    long long session_id;  /* 0 for an API token */
    bool via_token;
    const char *csrf_token;/* the session's CSRF token (NULL for tokens) */
};

/* Session lifetimes: idle and absolute (seconds). */
#define SESSION_IDLE_SECONDS (30 * 60)
#define SESSION_MAX_SECONDS (12 * 60 * 60)

/* Creates a user with `password` (hashed with argon2id) and role `role`
 * (enum role). ERR_CONFLICT when the username exists. Call in a transaction.
 * Sets `*id`. */
int users_create(struct db *db, const char *username, const char *display_name,
                 const char *password, bool must_change, int role, long long *id);

/* Adds a role to a user (no-op when present). */
int users_add_role(struct db *db, long long user_id, int role);

/* Loads a user by username. ERR_NOT_FOUND. */
int users_get_by_name(struct db *db, const char *username, struct arena *a, struct user *out);

/* Checks `password` for `username`. Returns 0 and fills `*out` when it
 * matches and the account is enabled; ERR_UNAUTHORIZED otherwise (the same
 * answer for an unknown user, a wrong password and a disabled account, and
 * the same time spent, so usernames cannot be probed). */
int users_check_password(struct db *db, const char *username, const char *password,
                         struct arena *a, struct user *out);

/* Sets a new password and clears must_change_password; revokes every
 * session of the user but `keep_session` (0 for none). */
int users_set_password(struct db *db, long long user_id, const char *password,
                       long long keep_session);

/* Writes a random password of `len` characters (letters of three classes
 * and digits, no look-alikes) into `out` (len + 1 bytes). */
void users_random_password(char *out, size_t len);

/* The password policy: ≥ 10 characters, three of four classes, not the
 * username. Returns NULL when acceptable, else a Chinese reason (static). */
const char *users_password_problem(const char *username, const char *password);

/* Starts a session: writes an owned random token (hex, 64 chars) into
 * `token` (65 bytes) and the CSRF token into `csrf` (65 bytes). */
int users_session_create(struct db *db, long long user_id, const char *source_addr,
                         char token[65], char csrf[65], long long *session_id);

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
