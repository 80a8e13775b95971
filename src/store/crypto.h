/* crypto.h — the installation's crypto profile (gm | intl), its data keys
 * of each purpose, their rotation and purging, and the rotation of the
 * master key, as recorded in the database (migrations 0014 and 0021;
 * docs/crypto.md). The keys themselves live in util/secret's ring; this
 * module reads and writes what the database holds about them. */
#ifndef CADRE_CRYPTO_H
#define CADRE_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

#include "store/db.h"
#include "util/secret.h"

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

/* The audit key (HMAC-SM3 of the re-anchoring record): key 0 of the audit
 * purpose, derived from `master` or carried over a master rotation (the
 * ring of `master` loaded by crypto_load). */
void crypto_audit_key(const struct secret_key *master, unsigned char out[32]);

/* What one data key protects in one column. */
struct crypto_use {
    int key_id; /* 0: key 0 of the purpose (or "v1:" secretbox under the master) */
    enum secret_purpose purpose;
    const char *target; /* "users.totp_secret", "row_macs", "users.password_hash" (static) */
    const char *alg;    /* "SM4-CTR+HMAC-SM3", "HMAC-SM3", ... (static) */
    long long count;
};

/* One data key as recorded. */
struct crypto_key_info {
    int id;
    char created_at[21];
    char retired_at[21]; /* "" when in use */
    enum secret_purpose purpose;
};

/* The keys the database records (key 0 not included), up to `cap`, and the
 * uses of every key in every protected column, in the row MACs and in the
 * accounts' password verifiers, up to `use_cap`. */
int crypto_status(struct db *db, struct crypto_key_info *keys, size_t cap, size_t *nkeys,
                  struct crypto_use *uses, size_t use_cap, size_t *nuses);

/* Progress of a rotation, for a progress line. */
typedef void crypto_progress_fn(void *ctx, const char *target, long long last_id, int batch);

/* What a rotation did: the new key of each purpose (0: not rotated), the
 * texts re-sealed and the row MACs moved by this run, and the row MACs
 * left under an older key at the end — groups that no longer matched their
 * rows (the evidence verify-data reports), or written meanwhile by a
 * server that had not loaded the new key. */
struct crypto_rotate_result {
    int to_key[SECRET_NPURPOSES];
    long long resealed, remaced, kept;
};

/* Rotates to new data keys: creates one per purpose — sealing, and under
 * gm the row MACs and the password binding — (wrapped under `master`,
 * recorded with the progress rows in one transaction) unless a rotation is
 * under way, which is resumed instead; then re-seals every protected
 * column's texts not yet under the new sealing key and moves every row MAC
 * that still matches to the new MAC key, `batch` rows or groups per
 * transaction, the progress committed with each batch. Password verifiers
 * are bound again at each user's next login. When done, the older keys
 * are marked retired (kept, wrapped) and the progress removed.
 * `stop_after` > 0 stops the process with SIGKILL after that many batches
 * of at least one row (the crash test of tests/api/crypto.test.mjs). The
 * ring must be loaded (crypto_load). */
int crypto_rotate(struct db *db, const struct secret_key *master, int batch, int stop_after,
                  crypto_progress_fn *progress, void *ctx, struct crypto_rotate_result *out);

/* Rotates the master key, in one transaction: every data key re-wrapped
 * under `new_master`, key 0 of every purpose carried over wrapped under it
 * (crypto_k0), and the check value replaced, with its audit record. The
 * key files themselves are the caller's (cmd_key.c). ERR_CONFLICT with
 * `*why` (static, Chinese) while a rotation is under way or texts sealed
 * with the old master itself ("v1:") remain. The ring of `old_master`
 * must be loaded. */
int crypto_rotate_master(struct db *db, const struct secret_key *old_master,
                         const struct secret_key *new_master, const char **why);

/* One retired key as `cadre key purge` found it. */
struct crypto_purge_item {
    int id;
    enum secret_purpose purpose;
    long long uses;    /* texts, MACs or account verifiers that still name it */
    long long history; /* password-history verifiers under it (dropped with it) */
    bool purged;
};

/* Deletes every retired key that nothing uses any more, in one
 * transaction with its audit record; a key still in use is kept, with the
 * count in its item. Fills up to `cap` items. ERR_CONFLICT while a
 * rotation is under way. */
int crypto_purge(struct db *db, struct crypto_purge_item *items, size_t cap, size_t *n);

#endif
