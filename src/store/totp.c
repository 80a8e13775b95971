/* totp.c — the TOTP second factor, its sealed secret and replay guard. */
#include "store/totp.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "store/sessions.h"
#include "util/err.h"
#include "util/log.h"
#include "util/secret.h"
#include "util/xmalloc.h"

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;

static void init_oath(void)
{
    if (oath_init() != OATH_OK)
        log_error("liboath failed to initialise");
}

static bool code_well_formed(const char *code)
{
    if (!code || strlen(code) != TOTP_DIGITS)
        return false;
    for (const char *c = code; *c; c++)
        if (*c < '0' || *c > '9')
            return false;
    return true;
}

/* Reads one sealed column of a user. `*sealed` owned (free()) or NULL. */
static int read_sealed(struct db *db, const char *column_sql, long long user_id, char **sealed,
                       long long *last_step)
{
    struct db_stmt *st;
    int rc = db_prepare(db, column_sql, &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, user_id);
    *sealed = NULL;
    if ((rc = db_step(st)) == DB_ROW) {
        const char *v = db_column_text(st, 0);
        *sealed = v ? xstrdup(v) : NULL;
        if (last_step)
            *last_step = db_column_int(st, 1);
    }
    db_finalize(st);
    if (rc == DB_DONE)
        return ERR_NOT_FOUND;
    return rc < 0 ? rc : 0;
}

/* Checks `code` against the sealed secret; `*counter` the step it matched.
 * 0, ERR_INVALID (wrong code or undecryptable secret). */
static int check_code(const struct secret_key *key, const char *sealed, const char *code,
                      time_t now, uint64_t *counter)
{
    char *secret;
    size_t len;
    if (!code_well_formed(code) || secret_open(key, sealed, &secret, &len) < 0)
        return ERR_INVALID;
    pthread_once(&oath_once, init_oath);
    int pos = 0;
    int r = oath_totp_validate4(secret, len, now, TOTP_STEP_SECONDS, 0, 1, &pos, counter, 0, code);
    secret_plain_free(secret);
    return r >= 0 ? 0 : ERR_INVALID;
}

int totp_begin(struct db *db, const struct secret_key *key, long long user_id, char secret_b32[33])
{
    char *enabled = NULL;
    int rc =
        read_sealed(db, "SELECT totp_secret, 0 FROM users WHERE id = ?", user_id, &enabled, NULL);
    if (rc < 0)
        return rc;
    if (enabled) {
        free(enabled);
        return ERR_CONFLICT;
    }
    unsigned char secret[TOTP_SECRET_BYTES];
    randombytes_buf(secret, sizeof secret);
    pthread_once(&oath_once, init_oath);
    char *b32 = NULL;
    size_t b32_len = 0;
    if (oath_base32_encode((const char *)secret, sizeof secret, &b32, &b32_len) != OATH_OK ||
        b32_len > 32) {
        sodium_memzero(secret, sizeof secret);
        free(b32);
        return ERR_INTERNAL;
    }
    memcpy(secret_b32, b32, b32_len);
    secret_b32[b32_len] = '\0';
    sodium_memzero(b32, b32_len);
    free(b32);
    char *sealed = secret_seal(key, secret, sizeof secret);
    sodium_memzero(secret, sizeof secret);
    struct db_stmt *st;
    if ((rc = db_prepare(db, "UPDATE users SET totp_pending = ? WHERE id = ?", &st)) == 0) {
        db_bind_text(st, 1, sealed);
        db_bind_int(st, 2, user_id);
        rc = db_step(st);
        db_finalize(st);
    }
    free(sealed);
    if (rc < 0)
        sodium_memzero(secret_b32, 33);
    return rc < 0 ? rc : 0;
}

int totp_confirm(struct db *db, const struct secret_key *key, long long user_id, const char *code,
                 time_t now)
{
    char *pending = NULL;
    int rc =
        read_sealed(db, "SELECT totp_pending, 0 FROM users WHERE id = ?", user_id, &pending, NULL);
    if (rc < 0)
        return rc;
    if (!pending)
        return ERR_CONFLICT;
    uint64_t counter = 0;
    rc = check_code(key, pending, code, now, &counter);
    struct db_stmt *st;
    if (rc == 0 && (rc = db_prepare(db,
                                    "UPDATE users SET totp_secret = totp_pending,"
                                    " totp_pending = NULL, totp_last_step = ? WHERE id = ?",
                                    &st)) == 0) {
        db_bind_int(st, 1, (long long)counter);
        db_bind_int(st, 2, user_id);
        rc = db_step(st);
        db_finalize(st);
    }
    free(pending);
    if (rc < 0)
        return rc;
    return sessions_release_totp(db, user_id);
}

int totp_verify(struct db *db, const struct secret_key *key, long long user_id, const char *code,
                time_t now)
{
    if (!key)
        return ERR_UNAVAILABLE;
    char *sealed = NULL;
    long long last_step = 0;
    int rc = read_sealed(db, "SELECT totp_secret, totp_last_step FROM users WHERE id = ?", user_id,
                         &sealed, &last_step);
    if (rc < 0)
        return rc == ERR_NOT_FOUND ? ERR_UNAUTHORIZED : rc;
    if (!sealed)
        return ERR_UNAUTHORIZED;
    uint64_t counter = 0;
    rc = check_code(key, sealed, code, now, &counter);
    free(sealed);
    /* A code is good once: a step at or before the last accepted is a replay. */
    if (rc < 0 || (long long)counter <= last_step)
        return ERR_UNAUTHORIZED;
    struct db_stmt *st;
    if ((rc = db_prepare(db, "UPDATE users SET totp_last_step = ? WHERE id = ?", &st)) < 0)
        return rc;
    db_bind_int(st, 1, (long long)counter);
    db_bind_int(st, 2, user_id);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int totp_disable(struct db *db, long long user_id)
{
    return db_exec_id(db,
                      "UPDATE users SET totp_secret = NULL, totp_pending = NULL,"
                      " totp_last_step = 0 WHERE id = ?",
                      user_id);
}
