/* passwords.c — argon2id hashing, random one-time passwords, password history. */
#include "store/passwords.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "util/err.h"
#include "util/log.h"

_Static_assert(PASSWORDS_HASH_BYTES >= crypto_pwhash_STRBYTES, "argon2 hash string fits");

/* A valid hash of a random password, checked when the user does not exist
 * so both answers take the same time. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

int passwords_hash(const char *password, char out[PASSWORDS_HASH_BYTES])
{
    /* INTERACTIVE limits keep a login well under a second on two cores. */
    if (crypto_pwhash_str_alg(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        log_error("password hashing ran out of memory");
        return ERR_INTERNAL;
    }
    return 0;
}

static void make_dummy_hash(void)
{
    char h[PASSWORDS_HASH_BYTES];
    if (passwords_hash("not a real password 1A!", h) == 0)
        snprintf(dummy_hash, sizeof dummy_hash, "%s", h);
}

bool passwords_verify(const char *hash, const char *password)
{
    pthread_once(&dummy_once, make_dummy_hash);
    bool match =
        crypto_pwhash_str_verify(hash ? hash : dummy_hash, password, strlen(password)) == 0;
    return hash && match;
}

void passwords_random(char *out, size_t len)
{
    static const char *classes[] = {"ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz",
                                    "23456789"};
    for (size_t i = 0; i < len; i++) {
        const char *set = classes[i < 3 ? i : randombytes_uniform(3)];
        out[i] = set[randombytes_uniform((uint32_t)strlen(set))];
    }
    /* Shuffle so the class order of the first three is not fixed. */
    for (size_t i = len; i > 1; i--) {
        size_t j = randombytes_uniform((uint32_t)i);
        char t = out[i - 1];
        out[i - 1] = out[j];
        out[j] = t;
    }
    out[len] = '\0';
}

int passwords_remember(struct db *db, long long user_id, const char *hash)
{
    char now[21];
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO password_history (user_id, password_hash, created_at)"
                        " VALUES (?, ?, ?)",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, user_id);
    db_bind_text(st, 2, hash);
    db_bind_text(st, 3, store_now(now));
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = db_prepare(db,
                         "DELETE FROM password_history WHERE user_id = ? AND id NOT IN"
                         " (SELECT id FROM password_history WHERE user_id = ?"
                         " ORDER BY id DESC LIMIT ?)",
                         &st)) < 0)
        return rc;
    db_bind_int(st, 1, user_id);
    db_bind_int(st, 2, user_id);
    db_bind_int(st, 3, PASSWORD_HISTORY);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int passwords_reused(struct db *db, long long user_id, const char *password)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT password_hash FROM password_history WHERE user_id = ?"
                        " ORDER BY id DESC LIMIT ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, user_id);
    db_bind_int(st, 2, PASSWORD_HISTORY);
    bool reused = false;
    while (!reused && (rc = db_step(st)) == DB_ROW) {
        const char *h = db_column_text(st, 0);
        reused = h && crypto_pwhash_str_verify(h, password, strlen(password)) == 0;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    return reused ? ERR_CONFLICT : 0;
}
