/* sessions.h — login sessions and API tokens: create, resolve to the user
 * behind a request, list, revoke. Both tokens are stored as BLAKE2b hashes,
 * so a copied database opens nothing. */
#ifndef CADRE_SESSIONS_H
#define CADRE_SESSIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "store/accounts.h"
#include "store/db.h"

struct arena;

/* The authenticated side of a request: who, by which means. */
struct auth {
    struct user user;
    long long session_id; /* 0 for an API token */
    bool via_token;
    const char *csrf_token; /* the session's CSRF token (NULL for tokens) */
    bool needs_totp;        /* TOTP is required for a role and not enrolled: /session only */
};

/* Session lifetimes: idle and absolute (seconds). */
#define SESSION_IDLE_SECONDS (30 * 60)
#define SESSION_MAX_SECONDS (12 * 60 * 60)

struct session_info {
    long long id;
    const char *source_addr, *created_at, *last_seen_at, *expires_at;
};

/* Starts a session: writes an owned random token (hex, 64 chars) into
 * `token` (65 bytes) and the CSRF token into `csrf` (65 bytes). */
int sessions_create(struct db *db, long long user_id, const char *source_addr, char token[65],
                    char csrf[65], long long *session_id);

/* Resolves a session cookie token: checks idle and absolute expiry,
 * refreshes last_seen, fills `*out`. ERR_UNAUTHORIZED when unknown, revoked
 * or expired. */
int sessions_resolve(struct db *db, const char *token, struct arena *a, struct auth *out);

/* Revokes one session. */
int sessions_revoke(struct db *db, long long session_id);

/* The user's live sessions (not revoked, not expired), newest first, in `a`. */
int sessions_list(struct db *db, long long user_id, struct arena *a, struct session_info **out,
                  size_t *n);

/* The owner of a live session. ERR_NOT_FOUND when none. */
int sessions_owner(struct db *db, long long session_id, long long *user_id);

/* Revokes every session of a user. */
int sessions_revoke_all(struct db *db, long long user_id);

/* Revokes every session of a user but `keep_session` (0: none kept). */
int sessions_revoke_others(struct db *db, long long user_id, long long keep_session);

/* Marks a new session as restricted to /session until TOTP is enrolled. */
int sessions_require_totp(struct db *db, long long session_id);

/* Frees the user's sessions waiting for TOTP (enrolment confirmed). */
int sessions_release_totp(struct db *db, long long user_id);

/* Creates an API token for a user: owned random token in `token` (65). */
int sessions_token_create(struct db *db, long long user_id, const char *name, char token[65]);

/* Resolves a bearer token. ERR_UNAUTHORIZED when unknown or revoked. */
int sessions_token_resolve(struct db *db, const char *token, struct arena *a, struct auth *out);

/* Revokes every API token of a user. */
int sessions_tokens_revoke_all(struct db *db, long long user_id);

#endif
