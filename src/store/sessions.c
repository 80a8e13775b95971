/* sessions.c — login sessions and API tokens, stored as hashes of the tokens. */
#include "store/sessions.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

static void hash_token(const char *token, char out[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, 65, h, sizeof h);
}

static void random_hex(char out[65])
{
    unsigned char b[32];
    randombytes_buf(b, sizeof b);
    sodium_bin2hex(out, 65, b, sizeof b);
    sodium_memzero(b, sizeof b);
}

static void iso_after(time_t base, long seconds, char out[21])
{
    time_t t = base + seconds;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int sessions_create(struct db *db, long long user_id, const char *source_addr, char token[65],
                    char csrf[65], long long *session_id)
{
    char hash[65], now[21], expires[21];
    random_hex(token);
    random_hex(csrf);
    hash_token(token, hash);
    time_t t = time(NULL);
    iso_after(t, 0, now);
    iso_after(t, SESSION_MAX_SECONDS, expires);
    struct db_stmt *st;
    int rc = db_prepare(
        db,
        "INSERT INTO sessions (token_hash, csrf_token, user_id, source_addr,"
        " created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, hash);
    db_bind_text(st, 2, csrf);
    db_bind_int(st, 3, user_id);
    db_bind_text(st, 4, source_addr);
    db_bind_text(st, 5, now);
    db_bind_text(st, 6, now);
    db_bind_text(st, 7, expires);
    rc = db_step_id(st, session_id);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int sessions_resolve(struct db *db, const char *token, struct arena *a, struct auth *out)
{
    if (strlen(token) != 64)
        return ERR_UNAUTHORIZED;
    char hash[65], now[21], idle_limit[21];
    hash_token(token, hash);
    time_t t = time(NULL);
    iso_after(t, 0, now);
    iso_after(t, -SESSION_IDLE_SECONDS, idle_limit);
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT s.id, s.csrf_token, s.last_seen_at, s.needs_totp, " ACCOUNTS_COLUMNS
                        " FROM sessions s JOIN users u ON u.id = s.user_id"
                        " WHERE s.token_hash = ? AND s.revoked = 0 AND s.expires_at > ?"
                        " AND s.last_seen_at > ? AND u.disabled = 0",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, hash);
    db_bind_text(st, 2, now);
    db_bind_text(st, 3, idle_limit);
    rc = db_step(st);
    bool stale = false;
    if (rc == DB_ROW) {
        memset(out, 0, sizeof *out);
        out->session_id = db_column_int(st, 0);
        out->csrf_token = arena_strdup(a, db_column_text(st, 1));
        /* Refresh last_seen at most once a minute: no write per request. */
        const char *seen = db_column_text(st, 2);
        char minute_ago[21];
        iso_after(t, -60, minute_ago);
        stale = seen && strcmp(seen, minute_ago) < 0;
        out->needs_totp = db_column_int(st, 3) != 0;
        accounts_read_row(st, 4, a, &out->user);
    }
    db_finalize(st);
    if (rc == DB_DONE)
        return ERR_UNAUTHORIZED;
    if (rc < 0)
        return rc;
    if (stale && db_prepare(db, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", &st) == 0) {
        db_bind_text(st, 1, now);
        db_bind_int(st, 2, out->session_id);
        db_step(st); /* best effort: a busy database must not refuse a read */
        db_finalize(st);
    }
    return accounts_load_roles(db, a, &out->user);
}

int sessions_revoke(struct db *db, long long session_id)
{
    return db_exec_id(db, "UPDATE sessions SET revoked = 1 WHERE id = ?", session_id);
}

int sessions_list(struct db *db, long long user_id, struct arena *a, struct session_info **out,
                  size_t *n)
{
    char now[21], idle_limit[21];
    time_t t = time(NULL);
    iso_after(t, 0, now);
    iso_after(t, -SESSION_IDLE_SECONDS, idle_limit);
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT id, source_addr, created_at, last_seen_at, expires_at FROM sessions"
                        " WHERE user_id = ? AND revoked = 0 AND expires_at > ? AND last_seen_at > ?"
                        " ORDER BY id DESC LIMIT 200",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, user_id);
    db_bind_text(st, 2, now);
    db_bind_text(st, 3, idle_limit);
    *out = arena_calloc(a, 200, sizeof **out);
    *n = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        struct session_info *s = &(*out)[(*n)++];
        s->id = db_column_int(st, 0);
        s->source_addr = arena_strdup(a, db_column_text(st, 1));
        s->created_at = arena_strdup(a, db_column_text(st, 2));
        s->last_seen_at = arena_strdup(a, db_column_text(st, 3));
        s->expires_at = arena_strdup(a, db_column_text(st, 4));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int sessions_owner(struct db *db, long long session_id, long long *user_id)
{
    char now[21];
    iso_after(time(NULL), 0, now);
    *user_id = 0;
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT user_id FROM sessions WHERE id = ? AND revoked = 0"
                        " AND expires_at > ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, session_id);
    db_bind_text(st, 2, now);
    if ((rc = db_step(st)) == DB_ROW)
        *user_id = db_column_int(st, 0);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return *user_id ? 0 : ERR_NOT_FOUND;
}

int sessions_revoke_all(struct db *db, long long user_id)
{
    return db_exec_id(db, "UPDATE sessions SET revoked = 1 WHERE user_id = ? AND revoked = 0",
                      user_id);
}

int sessions_revoke_others(struct db *db, long long user_id, long long keep_session)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "UPDATE sessions SET revoked = 1 WHERE user_id = ? AND id <> ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, user_id);
    db_bind_int(st, 2, keep_session);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int sessions_require_totp(struct db *db, long long session_id)
{
    return db_exec_id(db, "UPDATE sessions SET needs_totp = 1 WHERE id = ?", session_id);
}

int sessions_release_totp(struct db *db, long long user_id)
{
    return db_exec_id(db, "UPDATE sessions SET needs_totp = 0 WHERE user_id = ?", user_id);
}

int sessions_token_create(struct db *db, long long user_id, const char *name, char token[65])
{
    char hash[65], now[21];
    random_hex(token);
    hash_token(token, hash);
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO api_tokens (token_hash, user_id, name, created_at)"
                        " VALUES (?, ?, ?, ?)",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, hash);
    db_bind_int(st, 2, user_id);
    db_bind_text(st, 3, name);
    db_bind_text(st, 4, store_now(now));
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int sessions_token_resolve(struct db *db, const char *token, struct arena *a, struct auth *out)
{
    if (strlen(token) != 64)
        return ERR_UNAUTHORIZED;
    char hash[65];
    hash_token(token, hash);
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT " ACCOUNTS_COLUMNS " FROM api_tokens t"
                        " JOIN users u ON u.id = t.user_id"
                        " WHERE t.token_hash = ? AND t.revoked = 0 AND u.disabled = 0",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, hash);
    rc = db_step(st);
    if (rc == DB_ROW) {
        memset(out, 0, sizeof *out);
        out->via_token = true;
        accounts_read_row(st, 0, a, &out->user);
    }
    db_finalize(st);
    if (rc == DB_DONE)
        return ERR_UNAUTHORIZED;
    return rc < 0 ? rc : accounts_load_roles(db, a, &out->user);
}

int sessions_tokens_revoke_all(struct db *db, long long user_id)
{
    return db_exec_id(db, "UPDATE api_tokens SET revoked = 1 WHERE user_id = ?", user_id);
}
