/* crypto.h — the installation's crypto profile (gm | intl), its data keys
 * and their rotation, as recorded in the database (migration 0014;
 * docs/crypto.md). The keys themselves live in util/secret's ring; this
 * module reads and writes what the database holds about them. */
#ifndef CADRE_CRYPTO_H
#define CADRE_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

#include "store/db.h"

struct secret_key;
struct audit_entry;

/* The profile recorded in settings 'crypto.profile': true for gm (also when
 * the row is missing: a database migrated by this version is never
 * without it). */
int crypto_profile_gm(struct db *db, bool *gm);

/* Makes the database's keys usable by the process: unwraps every data key
 * with `master` into its ring (the newest not retired active) and records
 * the profile there; stores the master's check value when the database has
 * none yet. ERR_INVALID with `*why` (static, Chinese) when `master` is not
 * the key of this database (its check value or a wrapped key does not
 * match). */
int crypto_load(struct db *db, const struct secret_key *master, const char **why);

/* What a backup or database expects of the key file, for `cadre restore`
 * and `cadre key status`: whether it has a check value (*needs_key), and
 * whether `master` (NULL: no key file) matches it (*matches). */
int crypto_key_expected(struct db *db, const struct secret_key *master, bool *needs_key,
                        bool *matches);

/* Switches an intl database to gm, in the caller's transaction: continues
 * the audit chain with SM3 (audit_reanchor, the anchor MACed under the
 * master's audit key; who from `e`) and records the profile. Texts sealed
 * before stay readable; `cadre key rotate` re-seals them with SM4.
 * ERR_CONFLICT when the database already is gm. */
int crypto_switch_gm(struct db *db, const struct secret_key *master, const struct audit_entry *e);

/* The audit key (HMAC-SM3 of the re-anchoring record) derived from `master`. */
void crypto_audit_key(const struct secret_key *master, unsigned char out[32]);

/* What one data key protects in one column. */
struct crypto_use {
    int key_id;         /* 0: derived from the master (or "v1:" secretbox under it) */
    const char *target; /* "users.totp_secret" (static) */
    const char *alg;    /* "SM4-CTR+HMAC-SM3", "secretbox" (static) */
    long long count;
};

/* One data key as recorded. */
struct crypto_key_info {
    int id;
    char created_at[21];
    char retired_at[21]; /* "" when in use */
};

/* The keys the database records (key 0 not included), up to `cap`, and the
 * uses of every key in every protected column, up to `use_cap`. */
int crypto_status(struct db *db, struct crypto_key_info *keys, size_t cap, size_t *nkeys,
                  struct crypto_use *uses, size_t use_cap, size_t *nuses);

/* Progress of a rotation, for a progress line. */
typedef void crypto_progress_fn(void *ctx, const char *target, long long last_id, int batch);

/* Rotates to a new data key: creates it (wrapped under `master`, recorded
 * with the progress rows in one transaction) unless a rotation is under
 * way, which is resumed instead; then re-seals every protected column's
 * texts not yet under it, `batch` rows per transaction, the progress
 * committed with each batch. When done, the older keys are marked retired
 * (kept, wrapped) and the progress removed. `stop_after` > 0 stops the
 * process with SIGKILL after that many batches of at least one row (the crash test of
 * tests/api/crypto.test.mjs). `*to_key` receives the new key's id; `*resealed`
 * the number of texts re-sealed. The ring must be loaded (crypto_load). */
int crypto_rotate(struct db *db, const struct secret_key *master, int batch, int stop_after,
                  crypto_progress_fn *progress, void *ctx, int *to_key, long long *resealed);

#endif
