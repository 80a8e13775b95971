/* crypto.c — the crypto profile, the wrapped data keys and their rotation
 * in the database. */
#include "store/crypto.h"

#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "store/store.h"
#include "util/err.h"
#include "util/secret.h"
#include "util/xmalloc.h"

/* The columns that hold sealed texts (secret_seal), each a table with an
 * integer `id`. A module that seals a new column adds its line here, so
 * `cadre key rotate` re-seals it and `cadre key status` counts it. */
static const struct {
    const char *target, *table, *column;
} sealed_columns[] = {
    {"users.totp_secret", "users", "totp_secret"},
    {"users.totp_pending", "users", "totp_pending"},
};
#define NSEALED (sizeof sealed_columns / sizeof *sealed_columns)

/* A text setting's value into `out` ("" when absent). */
static int setting_get(struct db *db, const char *key, char *out, size_t cap)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT value FROM settings WHERE key = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, key);
    out[0] = '\0';
    if ((rc = db_step(st)) == DB_ROW) {
        const char *v = db_column_text(st, 0);
        snprintf(out, cap, "%s", v ? v : "");
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int setting_put(struct db *db, const char *key, const char *value)
{
    char now[21];
    store_now(now);
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)"
                        " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                        " updated_at = excluded.updated_at",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, key);
    db_bind_text(st, 2, value);
    db_bind_text(st, 3, now);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int crypto_profile_gm(struct db *db, bool *gm)
{
    char v[16];
    int rc = setting_get(db, "crypto.profile", v, sizeof v);
    *gm = rc < 0 || strcmp(v, "intl") != 0;
    return rc;
}

int crypto_key_expected(struct db *db, const struct secret_key *master, bool *needs_key,
                        bool *matches)
{
    char stored[24];
    int rc = setting_get(db, "crypto.key_check", stored, sizeof stored);
    if (rc < 0)
        return rc;
    *needs_key = stored[0] != '\0';
    *matches = false;
    if (master) {
        char cv[17];
        secret_check_value(master, cv);
        *matches = !*needs_key || strcmp(cv, stored) == 0;
    }
    return 0;
}

int crypto_load(struct db *db, const struct secret_key *master, const char **why)
{
    *why = NULL;
    bool gm, needs_key, matches;
    int rc = crypto_profile_gm(db, &gm);
    if (rc < 0 || (rc = crypto_key_expected(db, master, &needs_key, &matches)) < 0)
        return rc;
    if (!matches) {
        *why = "密钥文件与该数据库不匹配（主密钥校验值不同）：请使用生成该数据库密钥时的密钥文件";
        return ERR_INVALID;
    }
    if (!needs_key) {
        char cv[17];
        secret_check_value(master, cv);
        if ((rc = setting_put(db, "crypto.key_check", cv)) < 0)
            return rc;
    }
    secret_ring_reset(master, gm);
    struct db_stmt *st;
    rc = db_prepare(db, "SELECT id, wrapped, retired_at FROM crypto_keys ORDER BY id", &st);
    if (rc < 0)
        return rc;
    /* The active key: a rotation under way has made its new key active
     * already; else the newest key not retired. */
    long long rotating = 0;
    int newest = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        int id = (int)db_column_int(st, 0);
        unsigned char key[SECRET_KEY_BYTES];
        if (secret_unwrap(master, id, db_column_text(st, 1), key) < 0) {
            db_finalize(st);
            *why = "无法用该密钥文件解开数据库中的数据密钥：密钥文件不对，或密钥记录被改动";
            return ERR_INVALID;
        }
        secret_ring_add(master, id, key, false);
        sodium_memzero(key, sizeof key);
        if (db_column_is_null(st, 2))
            newest = id;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = db_query_int(db, "SELECT coalesce(max(to_key), 0) FROM crypto_rotation", &rotating,
                           0)) < 0)
        return rc;
    int active = rotating ? (int)rotating : newest;
    if (active) {
        /* Add the active one again, marked: the ring keeps the first match
         * for reading, and the mark for sealing. */
        unsigned char key[SECRET_KEY_BYTES];
        rc = db_prepare(db, "SELECT wrapped FROM crypto_keys WHERE id = ?", &st);
        if (rc < 0)
            return rc;
        db_bind_int(st, 1, active);
        if ((rc = db_step(st)) == DB_ROW &&
            secret_unwrap(master, active, db_column_text(st, 0), key) == 0)
            secret_ring_add(master, active, key, true);
        sodium_memzero(key, sizeof key);
        db_finalize(st);
        if (rc < 0)
            return rc;
    }
    return 0;
}

void crypto_audit_key(const struct secret_key *master, unsigned char out[32])
{
    secret_derive(master, "cadre audit reanchor", out, 32);
}

int crypto_switch_gm(struct db *db, const struct secret_key *master, const struct audit_entry *e)
{
    bool gm;
    int rc = crypto_profile_gm(db, &gm);
    if (rc < 0)
        return rc;
    if (gm)
        return ERR_CONFLICT;
    unsigned char key[32];
    crypto_audit_key(master, key);
    rc = audit_reanchor(db, e, key, sizeof key);
    sodium_memzero(key, sizeof key);
    if (rc < 0)
        return rc;
    return setting_put(db, "crypto.profile", "gm");
}

/* The algorithm a sealed text names, for status. */
static const char *sealed_alg(const char *text)
{
    if (strncmp(text, "sm4:", 4) == 0)
        return "SM4-CTR+HMAC-SM3";
    if (strncmp(text, "sb:", 3) == 0 || strncmp(text, "v1:", 3) == 0)
        return "XSalsa20-Poly1305";
    return "?";
}

int crypto_status(struct db *db, struct crypto_key_info *keys, size_t cap, size_t *nkeys,
                  struct crypto_use *uses, size_t use_cap, size_t *nuses)
{
    *nkeys = *nuses = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT id, created_at, retired_at FROM crypto_keys ORDER BY id", &st);
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW && *nkeys < cap) {
        struct crypto_key_info *k = &keys[(*nkeys)++];
        k->id = (int)db_column_int(st, 0);
        const char *c = db_column_text(st, 1), *r = db_column_text(st, 2);
        snprintf(k->created_at, sizeof k->created_at, "%s", c ? c : "");
        snprintf(k->retired_at, sizeof k->retired_at, "%s", r ? r : "");
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    for (size_t t = 0; t < NSEALED; t++) {
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE %s IS NOT NULL",
                 sealed_columns[t].column, sealed_columns[t].table, sealed_columns[t].column);
        if ((rc = db_prepare(db, sql, &st)) < 0)
            return rc;
        while ((rc = db_step(st)) == DB_ROW) {
            const char *v = db_column_text(st, 0);
            int id = secret_sealed_key_id(v);
            const char *alg = sealed_alg(v);
            size_t u = 0;
            while (u < *nuses &&
                   !(uses[u].key_id == id && uses[u].target == sealed_columns[t].target &&
                     uses[u].alg == alg))
                u++;
            if (u == *nuses) {
                if (u == use_cap)
                    continue;
                uses[u] = (struct crypto_use){id, sealed_columns[t].target, alg, 0};
                (*nuses)++;
            }
            uses[u].count++;
        }
        db_finalize(st);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Starts a rotation when none is under way: a new data key, wrapped, and a
 * progress row per sealed column, in one transaction. */
static int rotation_begin(struct db *db, const struct secret_key *master, int *to_key)
{
    long long under_way = 0;
    int rc =
        db_query_int(db, "SELECT coalesce(max(to_key), 0) FROM crypto_rotation", &under_way, 0);
    if (rc < 0)
        return rc;
    if (under_way) {
        *to_key = (int)under_way;
        return 0;
    }
    if ((rc = db_begin(db)) < 0)
        return rc;
    long long id = 0;
    rc = db_query_int(db, "SELECT coalesce(max(id), 0) + 1 FROM crypto_keys", &id, 0);
    unsigned char key[SECRET_KEY_BYTES];
    randombytes_buf(key, sizeof key);
    char *wrapped = secret_wrap(master, (int)id, key);
    char now[21];
    store_now(now);
    struct db_stmt *st;
    if (rc == 0 &&
        (rc = db_prepare(db, "INSERT INTO crypto_keys (id, wrapped, created_at) VALUES (?, ?, ?)",
                         &st)) == 0) {
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, wrapped);
        db_bind_text(st, 3, now);
        rc = db_step(st);
        db_finalize(st);
    }
    free(wrapped);
    for (size_t t = 0; rc >= 0 && t < NSEALED; t++) {
        if ((rc = db_prepare(db,
                             "INSERT INTO crypto_rotation (target, to_key, last_id, updated_at)"
                             " VALUES (?, ?, 0, ?)",
                             &st)) < 0)
            break;
        db_bind_text(st, 1, sealed_columns[t].target);
        db_bind_int(st, 2, id);
        db_bind_text(st, 3, now);
        rc = db_step(st);
        db_finalize(st);
    }
    if (rc >= 0)
        rc = audit_write(db, &(struct audit_entry){.username = "(命令行)",
                                                   .source_addr = "cli",
                                                   .action = "key.rotate",
                                                   .object_type = "crypto_key",
                                                   .object_id = NULL,
                                                   .outcome = "ok"});
    if (rc < 0 || (rc = db_commit(db)) < 0) {
        db_rollback(db);
        sodium_memzero(key, sizeof key);
        return rc;
    }
    secret_ring_add(master, (int)id, key, true);
    sodium_memzero(key, sizeof key);
    *to_key = (int)id;
    return 0;
}

/* Whether `text` is sealed as a rotation to `to_key` leaves it. */
static bool sealed_current(const char *text, int to_key, bool gm)
{
    char prefix[24];
    snprintf(prefix, sizeof prefix, "%s:k%d:", gm ? "sm4" : "sb", to_key);
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* One batch of column `t`: re-seals up to `batch` texts after `*last_id`
 * and records the progress, in one transaction. `*more` false at the end. */
static int rotate_batch(struct db *db, const struct secret_key *master, size_t t, int to_key,
                        int batch, bool gm, long long *last_id, bool *more, long long *resealed)
{
    int rc = db_begin(db);
    if (rc < 0)
        return rc;
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT id, %s FROM %s WHERE id > ? AND %s IS NOT NULL ORDER BY id",
             sealed_columns[t].column, sealed_columns[t].table, sealed_columns[t].column);
    struct db_stmt *st;
    if ((rc = db_prepare(db, sql, &st)) < 0) {
        db_rollback(db);
        return rc;
    }
    db_bind_int(st, 1, *last_id);
    long long *ids = xmalloc((size_t)batch * sizeof *ids);
    char **texts = xmalloc((size_t)batch * sizeof *texts);
    int n = 0;
    while (n < batch && (rc = db_step(st)) == DB_ROW) {
        ids[n] = db_column_int(st, 0);
        texts[n] = xstrdup(db_column_text(st, 1));
        n++;
    }
    db_finalize(st);
    *more = n == batch;
    snprintf(sql, sizeof sql, "UPDATE %s SET %s = ? WHERE id = ?", sealed_columns[t].table,
             sealed_columns[t].column);
    for (int i = 0; rc >= 0 && i < n; i++) {
        if (sealed_current(texts[i], to_key, gm))
            continue;
        char *plain;
        size_t len;
        if ((rc = secret_open(master, texts[i], &plain, &len)) < 0)
            break; /* unreadable: stop rather than lose it */
        char *sealed = secret_seal(master, plain, len);
        secret_plain_free(plain);
        if ((rc = db_prepare(db, sql, &st)) == 0) {
            db_bind_text(st, 1, sealed);
            db_bind_int(st, 2, ids[i]);
            rc = db_step(st);
            db_finalize(st);
        }
        free(sealed);
        (*resealed)++;
    }
    if (rc >= 0 && n > 0)
        *last_id = ids[n - 1];
    char now[21];
    store_now(now);
    if (rc >= 0 &&
        (rc = db_prepare(db,
                         "UPDATE crypto_rotation SET last_id = ?, updated_at = ? WHERE target = ?",
                         &st)) == 0) {
        db_bind_int(st, 1, *last_id);
        db_bind_text(st, 2, now);
        db_bind_text(st, 3, sealed_columns[t].target);
        rc = db_step(st);
        db_finalize(st);
    }
    for (int i = 0; i < n; i++)
        free(texts[i]);
    free(texts);
    free(ids);
    if (rc < 0 || (rc = db_commit(db)) < 0) {
        db_rollback(db);
        return rc;
    }
    return 0;
}

int crypto_rotate(struct db *db, const struct secret_key *master, int batch, int stop_after,
                  crypto_progress_fn *progress, void *ctx, int *to_key, long long *resealed)
{
    *resealed = 0;
    bool gm;
    int rc = crypto_profile_gm(db, &gm);
    if (rc < 0 || (rc = rotation_begin(db, master, to_key)) < 0)
        return rc;
    int batches = 0;
    for (size_t t = 0; t < NSEALED; t++) {
        long long last_id = 0;
        struct db_stmt *st;
        if ((rc = db_prepare(db, "SELECT last_id FROM crypto_rotation WHERE target = ?", &st)) < 0)
            return rc;
        db_bind_text(st, 1, sealed_columns[t].target);
        if ((rc = db_step(st)) == DB_ROW)
            last_id = db_column_int(st, 0);
        db_finalize(st);
        if (rc < 0)
            return rc;
        for (bool more = true; more;) {
            long long before = last_id;
            if ((rc = rotate_batch(db, master, t, *to_key, batch, gm, &last_id, &more, resealed)) <
                0)
                return rc;
            if (last_id == before)
                continue; /* an empty batch: the column's end */
            batches++;
            if (progress)
                progress(ctx, sealed_columns[t].target, last_id, batches);
            if (stop_after > 0 && batches >= stop_after)
                raise(SIGKILL); /* the crash test: the committed batches must hold */
        }
    }
    /* Everything is under the new key: the older ones are retired (kept,
     * wrapped, for a text a running server sealed meanwhile) and the
     * rotation is over. */
    if ((rc = db_begin(db)) < 0)
        return rc;
    char now[21];
    store_now(now);
    struct db_stmt *st;
    if ((rc = db_prepare(
             db, "UPDATE crypto_keys SET retired_at = ? WHERE id < ? AND retired_at IS NULL",
             &st)) == 0) {
        db_bind_text(st, 1, now);
        db_bind_int(st, 2, *to_key);
        rc = db_step(st);
        db_finalize(st);
    }
    if (rc >= 0)
        rc = db_exec(db, "DELETE FROM crypto_rotation");
    if (rc < 0 || (rc = db_commit(db)) < 0) {
        db_rollback(db);
        return rc;
    }
    return 0;
}
