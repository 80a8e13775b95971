/* passwords.c — argon2id hashing (bound with HMAC-SM3 under gm), random
 * one-time passwords, password history. */
#include "store/passwords.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "util/err.h"
#include "util/gm.h"
#include "util/log.h"
#include "util/secret.h"

_Static_assert(PASSWORDS_HASH_BYTES >= crypto_pwhash_STRBYTES, "argon2 hash string fits");

/* A valid hash of a random password, checked when the user does not exist
 * so both answers take the same time. */
static char dummy_hash[PASSWORDS_HASH_BYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

/* Under the gm profile the stored verifier is argon2id's raw output bound
 * with HMAC-SM3 under a password key of the key hierarchy (docs/crypto.md):
 * "sm3:k<N>:$argon2id$v=19$m=<KiB>,t=<passes>,p=1$<salt, base64>$<HMAC-SM3,
 * hex>", N the key's id (0: the key derived from the master). argon2id
 * still does the stretching; the database alone no longer lets anyone test
 * guesses, and the verifier answers to SM3. */
#define GM_SALT_BYTES crypto_pwhash_SALTBYTES

/* The key id a gm verifier names and the length of its "sm3:k<N>:"
 * prefix; -1 when `hash` is not a gm verifier. */
static int gm_key_id(const char *hash, size_t *prefix)
{
    int id = -1, end = 0;
    if (!hash || sscanf(hash, "sm3:k%d:%n", &id, &end) != 1 || end == 0 || id < 0)
        return -1;
    *prefix = (size_t)end;
    return id;
}

/* The HMAC key of verifiers: key `id` (the active one when `id` < 0, and
 * then only under the gm profile), its id in `*used`. False when there is
 * no key file, the profile is not gm, or the ring lacks the key. */
static bool verifier_key(int id, unsigned char out[32], int *used)
{
    const struct secret_key *k = id < 0 ? secret_ring_gm_master() : secret_default_key();
    if (!k)
        return false;
    if (id < 0)
        id = secret_ring_active_for(k, SECRET_PASSWORD);
    *used = id;
    return secret_purpose_key(k, SECRET_PASSWORD, id, out);
}

/* The gm verifier's HMAC-SM3 (hex) of argon2id(password, salt, ops, kib). */
static int gm_tag(const char *password, const unsigned char *salt, unsigned long long ops,
                  size_t kib, const unsigned char key[32], char hex[65])
{
    unsigned char raw[32], mac[32];
    if (crypto_pwhash(raw, sizeof raw, password, strlen(password), salt, ops, kib * 1024,
                      crypto_pwhash_ALG_ARGON2ID13) != 0)
        return ERR_INTERNAL;
    gm_hmac_sm3(key, 32, raw, sizeof raw, mac);
    sodium_memzero(raw, sizeof raw);
    gm_hex(mac, sizeof mac, hex);
    return 0;
}

static int gm_hash(const char *password, const unsigned char key[32], int key_id,
                   char out[PASSWORDS_HASH_BYTES])
{
    unsigned char salt[GM_SALT_BYTES];
    randombytes_buf(salt, sizeof salt);
    unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    size_t kib = crypto_pwhash_MEMLIMIT_INTERACTIVE / 1024;
    char hex[65],
        b64[sodium_base64_ENCODED_LEN(GM_SALT_BYTES, sodium_base64_VARIANT_ORIGINAL_NO_PADDING)];
    if (gm_tag(password, salt, ops, kib, key, hex) < 0) {
        log_error("password hashing ran out of memory");
        return ERR_INTERNAL;
    }
    sodium_bin2base64(b64, sizeof b64, salt, sizeof salt,
                      sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    snprintf(out, PASSWORDS_HASH_BYTES, "sm3:k%d:$argon2id$v=19$m=%zu,t=%llu,p=1$%s$%s", key_id,
             kib, ops, b64, hex);
    return 0;
}

/* Checks `password` against a gm verifier. */
static bool gm_verify(const char *hash, const char *password)
{
    size_t kib = 0, prefix = 0;
    unsigned long long ops = 0;
    char b64[64], want[65];
    int id = gm_key_id(hash, &prefix), used;
    if (id < 0 ||
        sscanf(hash + prefix, "$argon2id$v=19$m=%zu,t=%llu,p=1$%63[^$]$%64[0-9a-f]", &kib, &ops,
               b64, want) != 4 ||
        strlen(want) != 64 || kib > ((size_t)1 << 22) || ops > 16)
        return false;
    unsigned char salt[GM_SALT_BYTES], key[32];
    size_t salt_len = 0;
    if (sodium_base642bin(salt, sizeof salt, b64, strlen(b64), NULL, &salt_len, NULL,
                          sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0 ||
        salt_len != sizeof salt || !verifier_key(id, key, &used))
        return false;
    char got[65];
    int rc = gm_tag(password, salt, ops, kib, key, got);
    sodium_memzero(key, sizeof key);
    return rc == 0 && gm_equal(got, want, 64);
}

/* Whether `password` matches `hash` in either form. */
static bool verify_any(const char *hash, const char *password)
{
    size_t prefix;
    if (gm_key_id(hash, &prefix) >= 0)
        return gm_verify(hash, password);
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

bool passwords_needs_upgrade(const char *hash)
{
    unsigned char key[32];
    int active;
    bool gm = verifier_key(-1, key, &active);
    sodium_memzero(key, sizeof key);
    size_t prefix;
    /* Under gm, a plain argon2id verifier, or one bound under a password
     * key that a rotation has replaced, is bound again at the next login. */
    return gm && hash && gm_key_id(hash, &prefix) != active;
}

int passwords_hash(const char *password, char out[PASSWORDS_HASH_BYTES])
{
    unsigned char key[32];
    int id;
    if (verifier_key(-1, key, &id)) {
        int rc = gm_hash(password, key, id, out);
        sodium_memzero(key, sizeof key);
        return rc;
    }
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
    bool match = verify_any(hash ? hash : dummy_hash, password);
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
        reused = h && verify_any(h, password);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    return reused ? ERR_CONFLICT : 0;
}
