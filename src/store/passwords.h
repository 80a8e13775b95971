/* passwords.h — password hashing (argon2id), random one-time passwords, and
 * the history that keeps a user from reusing a recent password. The rule a
 * password must meet is core/password_policy.h. */
#ifndef CADRE_PASSWORDS_H
#define CADRE_PASSWORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "store/db.h"

/* Room for a verifier: libsodium's argon2id string (crypto_pwhash_STRBYTES)
 * or the gm form "sm3:k<N>:$argon2id$…" with its HMAC-SM3. */
#define PASSWORDS_HASH_BYTES 160
/* A new password may not be any of the account's last this many. */
#define PASSWORD_HISTORY 5
/* Length of the one-time passwords of new and reset accounts. */
#define ONE_TIME_PASSWORD_LEN 16

/* Hashes `password` with argon2id (INTERACTIVE limits) into `out`: the
 * libsodium string, or under the gm profile with the key file loaded
 * (secret_default_key) the argon2id output bound with HMAC-SM3 under a key
 * derived from it, "sm3:k0:$argon2id$..." (docs/crypto.md).
 * Returns 0, or ERR_INTERNAL when hashing ran out of memory (logged). */
int passwords_hash(const char *password, char out[PASSWORDS_HASH_BYTES]);

/* Whether `hash` should be replaced by a new passwords_hash of the same
 * password after a successful check: it is not in the gm form while the gm
 * profile and its key are loaded. */
bool passwords_needs_upgrade(const char *hash);

/* Whether `password` matches `hash` (either form; a gm verifier needs the
 * key file). `hash` NULL checks against a dummy
 * hash and answers false, taking the same time, so a caller can answer an
 * unknown user as slowly as a wrong password. */
bool passwords_verify(const char *hash, const char *password);

/* Writes a random password of `len` characters (letters of three classes
 * and digits, no look-alikes) into `out` (len + 1 bytes); it meets
 * core/password_policy.h for len >= 10. */
void passwords_random(char *out, size_t len);

/* Adds `hash` to the user's history and drops the entries beyond
 * PASSWORD_HISTORY. Returns 0 or a negative err code. */
int passwords_remember(struct db *db, long long user_id, const char *hash);

/* Returns 0 when `password` is none of the user's last PASSWORD_HISTORY
 * passwords (the current one included), ERR_CONFLICT when it is one. Costs
 * one argon2id verification per remembered password. */
int passwords_reused(struct db *db, long long user_id, const char *password);

#endif
