/* crypto.c — the crypto profile, the data keys of each purpose, their
 * rotation and purging, and the rotation of the master key, in the
 * database. */
#include "store/crypto.h"

#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "store/rowmac.h"
#include "store/store.h"
#include "util/err.h"
#include "util/secret.h"
#include "util/xmalloc.h"

/* The columns that hold sealed texts (secret_seal), each a table with an
 * integer `id`; `person` names the column of the person the row belongs
 * to when the table's rows are under row MACs too (store/rowmac.c), so a
 * re-sealed text gets its group's MAC again. A module that seals a new
 * column adds its line here, so `cadre key rotate` re-seals it, `cadre key
 * status` counts it and `cadre key purge` knows a key is still in use. */
static const struct {
    const char *target, *table, *column, *person;
} sealed_columns[] = {
    {"users.totp_secret", "users", "totp_secret", NULL},
    {"users.totp_pending", "users", "totp_pending", NULL},
    {"declarations.content", "declarations", "content", "person_id"},
    {"declaration_checks.findings", "declaration_checks", "findings", "person_id"},
    {"tipoffs.subject_name", "tipoffs", "subject_name", NULL},
    {"tipoffs.subject_unit", "tipoffs", "subject_unit", NULL},
    {"tipoffs.content", "tipoffs", "content", NULL},
    {"tipoffs.reporter", "tipoffs", "reporter", NULL},
    {"tipoff_events.note", "tipoff_events", "note", NULL},
    {"tipoff_attachments.data", "tipoff_attachments", "data", NULL},
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

/* The active key of each purpose from what the database records: a
 * rotation under way has made its new key active already; else the newest
 * key of the purpose not retired (0: key 0). */
static int active_keys(struct db *db, int active[SECRET_NPURPOSES])
{
    memset(active, 0, SECRET_NPURPOSES * sizeof *active);
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT purpose, max(id) FROM crypto_keys WHERE retired_at IS NULL"
                        " GROUP BY purpose",
                        &st);
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int p = secret_purpose_parse(db_column_text(st, 0));
        if (p >= 0)
            active[p] = (int)db_column_int(st, 1);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = db_prepare(db, "SELECT purpose, max(to_key) FROM crypto_rotation GROUP BY purpose",
                         &st)) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int p = secret_purpose_parse(db_column_text(st, 0));
        if (p >= 0)
            active[p] = (int)db_column_int(st, 1);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
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
    int active[SECRET_NPURPOSES];
    if ((rc = active_keys(db, active)) < 0)
        return rc;
    secret_ring_reset(master, gm);
    static const char *unreadable =
        "无法用该密钥文件解开数据库中的数据密钥：密钥文件不对，或密钥记录被改动";
    struct db_stmt *st;
    /* Key 0 of each purpose carried over a master rotation. */
    if ((rc = db_prepare(db, "SELECT purpose, wrapped FROM crypto_k0", &st)) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int p = secret_purpose_parse(db_column_text(st, 0));
        unsigned char key[SECRET_KEY_BYTES];
        if (p < 0 || secret_unwrap_k0(master, p, db_column_text(st, 1), key) < 0) {
            db_finalize(st);
            *why = unreadable;
            return ERR_INVALID;
        }
        secret_ring_set_k0(master, p, key);
        sodium_memzero(key, sizeof key);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    rc = db_prepare(db, "SELECT id, wrapped, purpose FROM crypto_keys ORDER BY id", &st);
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int id = (int)db_column_int(st, 0);
        int p = secret_purpose_parse(db_column_text(st, 2));
        unsigned char key[SECRET_KEY_BYTES];
        if (p < 0 || secret_unwrap(master, id, db_column_text(st, 1), key) < 0) {
            db_finalize(st);
            *why = unreadable;
            return ERR_INVALID;
        }
        secret_ring_add_for(master, p, id, key, id == active[p]);
        sodium_memzero(key, sizeof key);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

void crypto_audit_key(const struct secret_key *master, unsigned char out[32])
{
    /* Key 0 of the audit purpose: derived from the master, or carried over
     * a master rotation (the ring of `master` must be loaded for that). */
    secret_purpose_key(master, SECRET_AUDIT, 0, out);
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

/* Counts one use of key `id` in `target` with algorithm `alg`. */
static void count_use(struct crypto_use *uses, size_t cap, size_t *n, int id,
                      enum secret_purpose purpose, const char *target, const char *alg)
{
    size_t u = 0;
    while (u < *n && !(uses[u].key_id == id && uses[u].purpose == purpose &&
                       uses[u].target == target && uses[u].alg == alg))
        u++;
    if (u == *n) {
        if (u == cap)
            return;
        uses[u] = (struct crypto_use){id, purpose, target, alg, 0};
        (*n)++;
    }
    uses[u].count++;
}

/* The key id after `tag` ("hmac-sm3:k", "sm3:k") in `text`; -1 when none. */
static int tagged_key_id(const char *text, const char *tag)
{
    size_t len = strlen(tag);
    if (!text || strncmp(text, tag, len) != 0)
        return -1;
    int id = -1, end = 0;
    if (sscanf(text + len, "%d:%n", &id, &end) != 1 || end == 0)
        return -1;
    return id;
}

/* Counts the uses of the MAC keys in `sql`'s one column (row MACs or
 * password verifiers), whose texts begin with `tag` and the key id. */
static int count_tagged(struct db *db, const char *sql, const char *tag,
                        enum secret_purpose purpose, const char *target, const char *alg,
                        struct crypto_use *uses, size_t cap, size_t *n)
{
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int id = tagged_key_id(db_column_text(st, 0), tag);
        if (id >= 0)
            count_use(uses, cap, n, id, purpose, target, alg);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int crypto_status(struct db *db, struct crypto_key_info *keys, size_t cap, size_t *nkeys,
                  struct crypto_use *uses, size_t use_cap, size_t *nuses)
{
    *nkeys = *nuses = 0;
    struct db_stmt *st;
    int rc = db_prepare(
        db, "SELECT id, created_at, retired_at, purpose FROM crypto_keys ORDER BY id", &st);
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW && *nkeys < cap) {
        struct crypto_key_info *k = &keys[(*nkeys)++];
        k->id = (int)db_column_int(st, 0);
        const char *c = db_column_text(st, 1), *r = db_column_text(st, 2);
        snprintf(k->created_at, sizeof k->created_at, "%s", c ? c : "");
        snprintf(k->retired_at, sizeof k->retired_at, "%s", r ? r : "");
        int p = secret_purpose_parse(db_column_text(st, 3));
        k->purpose = p < 0 ? SECRET_SEAL : (enum secret_purpose)p;
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
            count_use(uses, use_cap, nuses, secret_sealed_key_id(v), SECRET_SEAL,
                      sealed_columns[t].target, sealed_alg(v));
        }
        db_finalize(st);
        if (rc < 0)
            return rc;
    }
    if ((rc = count_tagged(db, "SELECT mac FROM row_macs", "hmac-sm3:k", SECRET_ROWMAC, "row_macs",
                           "HMAC-SM3", uses, use_cap, nuses)) < 0 ||
        (rc = count_tagged(db, "SELECT password_hash FROM users", "sm3:k", SECRET_PASSWORD,
                           "users.password_hash", "argon2id+HMAC-SM3", uses, use_cap, nuses)) < 0)
        return rc;
    return 0;
}

/* The purposes a rotation gives new keys: sealing always; the row MACs
 * and password verifiers exist under gm only. */
static bool rotated(enum secret_purpose p, bool gm)
{
    return p == SECRET_SEAL || (gm && (p == SECRET_ROWMAC || p == SECRET_PASSWORD));
}

/* The progress target of row-MAC table `i`: "row_macs.<table>". */
static void rowmac_target(size_t i, char out[64])
{
    snprintf(out, 64, "row_macs.%s", rowmac_table_name(i));
}

static int progress_row(struct db *db, const char *target, enum secret_purpose p, int to_key,
                        const char *now)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO crypto_rotation (target, to_key, last_id, updated_at, purpose)"
                        " VALUES (?, ?, 0, ?, ?)",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, target);
    db_bind_int(st, 2, to_key);
    db_bind_text(st, 3, now);
    db_bind_text(st, 4, secret_purpose_name(p));
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Starts a rotation when none is under way: a new key for each rotated
 * purpose, wrapped, and a progress row per sealed column and row-MAC
 * table, in one transaction. `to` receives each purpose's new key (0:
 * not rotated). A rotation under way is resumed instead. */
static int rotation_begin(struct db *db, const struct secret_key *master, bool gm,
                          int to[SECRET_NPURPOSES])
{
    memset(to, 0, SECRET_NPURPOSES * sizeof *to);
    long long under_way = 0;
    int rc = db_query_int(db, "SELECT count(*) FROM crypto_rotation", &under_way, 0);
    if (rc < 0)
        return rc;
    if (under_way) {
        int active[SECRET_NPURPOSES];
        if ((rc = active_keys(db, active)) < 0)
            return rc;
        for (int p = 0; p < SECRET_NPURPOSES; p++)
            to[p] = rotated(p, gm) ? active[p] : 0;
        return 0;
    }
    if ((rc = db_begin(db)) < 0)
        return rc;
    long long next = 0;
    rc = db_query_int(db, "SELECT coalesce(max(id), 0) + 1 FROM crypto_keys", &next, 0);
    unsigned char keys[SECRET_NPURPOSES][SECRET_KEY_BYTES];
    char now[21];
    store_now(now);
    struct db_stmt *st;
    for (int p = 0; rc >= 0 && p < SECRET_NPURPOSES; p++) {
        if (!rotated(p, gm))
            continue;
        to[p] = (int)next++;
        randombytes_buf(keys[p], SECRET_KEY_BYTES);
        char *wrapped = secret_wrap(master, to[p], keys[p]);
        if ((rc = db_prepare(db,
                             "INSERT INTO crypto_keys (id, wrapped, created_at, purpose)"
                             " VALUES (?, ?, ?, ?)",
                             &st)) == 0) {
            db_bind_int(st, 1, to[p]);
            db_bind_text(st, 2, wrapped);
            db_bind_text(st, 3, now);
            db_bind_text(st, 4, secret_purpose_name(p));
            rc = db_step(st);
            db_finalize(st);
        }
        free(wrapped);
    }
    for (size_t t = 0; rc >= 0 && t < NSEALED; t++)
        rc = progress_row(db, sealed_columns[t].target, SECRET_SEAL, to[SECRET_SEAL], now);
    for (size_t i = 0; rc >= 0 && to[SECRET_ROWMAC] && i < rowmac_table_count(); i++) {
        char target[64];
        rowmac_target(i, target);
        rc = progress_row(db, target, SECRET_ROWMAC, to[SECRET_ROWMAC], now);
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
        sodium_memzero(keys, sizeof keys);
        return rc;
    }
    for (int p = 0; p < SECRET_NPURPOSES; p++)
        if (to[p])
            secret_ring_add_for(master, p, to[p], keys[p], true);
    sodium_memzero(keys, sizeof keys);
    return 0;
}

/* Whether `text` is sealed as a rotation to `to_key` leaves it. */
static bool sealed_current(const char *text, int to_key, bool gm)
{
    char prefix[24];
    snprintf(prefix, sizeof prefix, "%s:k%d:", gm ? "sm4" : "sb", to_key);
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* The last id a target's rotation has reached; `*found` false when the
 * rotation has no row for it (begun by a version that did not know it). */
static int progress_get(struct db *db, const char *target, long long *last_id, bool *found)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT last_id FROM crypto_rotation WHERE target = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, target);
    *found = (rc = db_step(st)) == DB_ROW;
    *last_id = *found ? db_column_int(st, 0) : 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int progress_put(struct db *db, const char *target, long long last_id)
{
    char now[21];
    store_now(now);
    struct db_stmt *st;
    int rc = db_prepare(
        db, "UPDATE crypto_rotation SET last_id = ?, updated_at = ? WHERE target = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, last_id);
    db_bind_text(st, 2, now);
    db_bind_text(st, 3, target);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Re-seals one text of column `t`, row `id` (of person `person` when the
 * table is under row MACs, else 0), in the caller's transaction. */
static int reseal_one(struct db *db, const struct secret_key *master, size_t t, long long id,
                      long long person, const char *text)
{
    char *plain;
    size_t len;
    int rc = secret_open(master, text, &plain, &len);
    if (rc < 0)
        return rc; /* unreadable: stop rather than lose it */
    /* A row MAC is computed again only when the group still matched: a
     * change made behind cadre is not laundered by the rotation. */
    bool intact = true;
    if (person && (rc = rowmac_intact(db, sealed_columns[t].table, person, &intact)) < 0) {
        secret_plain_free(plain);
        return rc;
    }
    char *sealed = secret_seal(master, plain, len);
    secret_plain_free(plain);
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE %s SET %s = ? WHERE id = ?", sealed_columns[t].table,
             sealed_columns[t].column);
    struct db_stmt *st;
    if ((rc = db_prepare(db, sql, &st)) == 0) {
        db_bind_text(st, 1, sealed);
        db_bind_int(st, 2, id);
        rc = db_step(st);
        db_finalize(st);
    }
    free(sealed);
    if (rc >= 0 && person && intact)
        rc = rowmac_touch(db, sealed_columns[t].table, person);
    return rc < 0 ? rc : 0;
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
    const char *person = sealed_columns[t].person ? sealed_columns[t].person : "0";
    snprintf(sql, sizeof sql,
             "SELECT id, %s, %s FROM %s WHERE id > ? AND %s IS NOT NULL ORDER BY id",
             sealed_columns[t].column, person, sealed_columns[t].table, sealed_columns[t].column);
    struct db_stmt *st;
    if ((rc = db_prepare(db, sql, &st)) < 0) {
        db_rollback(db);
        return rc;
    }
    db_bind_int(st, 1, *last_id);
    long long *ids = xmalloc((size_t)batch * sizeof *ids);
    long long *persons = xmalloc((size_t)batch * sizeof *persons);
    char **texts = xmalloc((size_t)batch * sizeof *texts);
    int n = 0;
    while (n < batch && (rc = db_step(st)) == DB_ROW) {
        ids[n] = db_column_int(st, 0);
        texts[n] = xstrdup(db_column_text(st, 1));
        persons[n] = db_column_int(st, 2);
        n++;
    }
    db_finalize(st);
    *more = n == batch;
    for (int i = 0; rc >= 0 && i < n; i++) {
        if (sealed_current(texts[i], to_key, gm))
            continue;
        if ((rc = reseal_one(db, master, t, ids[i], persons[i], texts[i])) == 0)
            (*resealed)++;
    }
    if (rc >= 0 && n > 0)
        *last_id = ids[n - 1];
    if (rc >= 0)
        rc = progress_put(db, sealed_columns[t].target, *last_id);
    for (int i = 0; i < n; i++)
        free(texts[i]);
    free(texts);
    free(persons);
    free(ids);
    if (rc < 0 || (rc = db_commit(db)) < 0) {
        db_rollback(db);
        return rc;
    }
    return 0;
}

/* One batch of row-MAC table `i`, with its progress, in one transaction. */
static int remac_batch(struct db *db, size_t i, int to_key, int batch, long long *last_id,
                       bool *more, struct crypto_rotate_result *out)
{
    int rc = db_begin(db);
    if (rc < 0)
        return rc;
    char target[64];
    rowmac_target(i, target);
    rc = rowmac_rekey_batch(db, i, to_key, batch, last_id, more, &out->remaced, &out->kept);
    if (rc >= 0)
        rc = progress_put(db, target, *last_id);
    if (rc < 0 || (rc = db_commit(db)) < 0) {
        db_rollback(db);
        return rc;
    }
    return 0;
}

int crypto_rotate(struct db *db, const struct secret_key *master, int batch, int stop_after,
                  crypto_progress_fn *progress, void *ctx, struct crypto_rotate_result *out)
{
    memset(out, 0, sizeof *out);
    bool gm;
    int rc = crypto_profile_gm(db, &gm);
    if (rc < 0 || (rc = rotation_begin(db, master, gm, out->to_key)) < 0)
        return rc;
    int batches = 0;
    /* The sealed columns, then the row-MAC tables (a re-sealed row of a
     * protected table has its MAC under the new key already). */
    size_t ntargets = NSEALED + (out->to_key[SECRET_ROWMAC] ? rowmac_table_count() : 0);
    for (size_t t = 0; t < ntargets; t++) {
        char target[64];
        bool sealing = t < NSEALED;
        if (sealing)
            snprintf(target, sizeof target, "%s", sealed_columns[t].target);
        else
            rowmac_target(t - NSEALED, target);
        long long last_id = 0;
        bool found;
        if ((rc = progress_get(db, target, &last_id, &found)) < 0)
            return rc;
        for (bool more = found; more;) {
            long long before = last_id;
            if (sealing)
                rc = rotate_batch(db, master, t, out->to_key[SECRET_SEAL], batch, gm, &last_id,
                                  &more, &out->resealed);
            else
                rc = remac_batch(db, t - NSEALED, out->to_key[SECRET_ROWMAC], batch, &last_id,
                                 &more, out);
            if (rc < 0)
                return rc;
            if (last_id == before)
                continue; /* an empty batch: the target's end */
            batches++;
            if (progress)
                progress(ctx, target, last_id, batches);
            if (stop_after > 0 && batches >= stop_after)
                raise(SIGKILL); /* the crash test: the committed batches must hold */
        }
    }
    /* Everything is under the new keys: the older ones are retired (kept,
     * wrapped, for a text or MAC a running server made meanwhile, a group
     * changed behind cadre, and the verifiers of users who have not logged
     * in since) and the rotation is over. `cadre key purge` removes a
     * retired key once nothing uses it. */
    if ((rc = db_begin(db)) < 0)
        return rc;
    char now[21];
    store_now(now);
    struct db_stmt *st;
    if ((rc = db_prepare(
             db,
             "UPDATE crypto_keys SET retired_at = ? WHERE retired_at IS NULL AND id <"
             " (SELECT max(k.id) FROM crypto_keys k WHERE k.purpose = crypto_keys.purpose)",
             &st)) == 0) {
        db_bind_text(st, 1, now);
        rc = db_step(st);
        db_finalize(st);
    }
    if (rc >= 0)
        rc = db_exec(db, "DELETE FROM crypto_rotation");
    if (rc < 0 || (rc = db_commit(db)) < 0) {
        db_rollback(db);
        return rc;
    }
    /* The groups left under an older key, whichever run of a resumed
     * rotation met them. */
    if (out->to_key[SECRET_ROWMAC]) {
        char pattern[32];
        snprintf(pattern, sizeof pattern, "hmac-sm3:k%d:%%", out->to_key[SECRET_ROWMAC]);
        if ((rc = db_prepare(db, "SELECT count(*) FROM row_macs WHERE mac NOT LIKE ?", &st)) < 0)
            return rc;
        db_bind_text(st, 1, pattern);
        if ((rc = db_step(st)) == DB_ROW)
            out->kept = db_column_int(st, 0);
        db_finalize(st);
    }
    return rc < 0 ? rc : 0;
}

/* ---- the master key ------------------------------------------------------ */

/* How many texts are sealed with the master itself ("v1:"): a master
 * rotation cannot carry those (no key but the master opens them). */
static int count_v1(struct db *db, long long *count)
{
    *count = 0;
    for (size_t t = 0; t < NSEALED; t++) {
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE %s LIKE 'v1:%%'",
                 sealed_columns[t].table, sealed_columns[t].column);
        long long n = 0;
        int rc = db_query_int(db, sql, &n, 0);
        if (rc < 0)
            return rc;
        *count += n;
    }
    return 0;
}

int crypto_rotate_master(struct db *db, const struct secret_key *old_master,
                         const struct secret_key *new_master, const char **why)
{
    *why = NULL;
    long long rotating = 0, v1 = 0;
    int rc = db_query_int(db, "SELECT count(*) FROM crypto_rotation", &rotating, 0);
    if (rc < 0 || (rc = count_v1(db, &v1)) < 0)
        return rc;
    if (rotating) {
        *why = "数据密钥轮换尚未完成：先再次运行 cadre key rotate 完成它";
        return ERR_CONFLICT;
    }
    if (v1) {
        *why = "仍有以主密钥直接加密的旧字段（v1）：先运行 cadre key rotate 把它们改用数据密钥";
        return ERR_CONFLICT;
    }
    if ((rc = db_begin(db)) < 0)
        return rc;
    /* Every data key, unwrapped with the old master and wrapped with the
     * new one, the id still bound in. */
    struct db_stmt *st;
    struct rewrap {
        int id;
        char *wrapped;
    } *rows = NULL;
    size_t n = 0, cap = 0;
    if ((rc = db_prepare(db, "SELECT id, wrapped FROM crypto_keys ORDER BY id", &st)) == 0) {
        while ((rc = db_step(st)) == DB_ROW) {
            int id = (int)db_column_int(st, 0);
            unsigned char key[SECRET_KEY_BYTES];
            if (secret_unwrap(old_master, id, db_column_text(st, 1), key) < 0) {
                rc = ERR_INVALID;
                *why = "无法用当前密钥文件解开数据密钥";
                break;
            }
            if (n == cap) {
                cap = cap ? 2 * cap : 16;
                rows = xrealloc(rows, cap * sizeof *rows);
            }
            rows[n++] = (struct rewrap){id, secret_wrap(new_master, id, key)};
            sodium_memzero(key, sizeof key);
        }
        db_finalize(st);
    }
    for (size_t i = 0; rc >= 0 && i < n; i++) {
        if ((rc = db_prepare(db, "UPDATE crypto_keys SET wrapped = ? WHERE id = ?", &st)) < 0)
            break;
        db_bind_text(st, 1, rows[i].wrapped);
        db_bind_int(st, 2, rows[i].id);
        rc = db_step(st);
        db_finalize(st);
    }
    for (size_t i = 0; i < n; i++)
        free(rows[i].wrapped);
    free(rows);
    /* Key 0 of every purpose: as the ring of the old master holds it
     * (carried before, or derived from the old master), now wrapped. */
    char now[21];
    store_now(now);
    for (int p = 0; rc >= 0 && p < SECRET_NPURPOSES; p++) {
        unsigned char key[SECRET_KEY_BYTES];
        if (!secret_purpose_key(old_master, p, 0, key)) {
            rc = ERR_INVALID;
            break;
        }
        char *wrapped = secret_wrap_k0(new_master, p, key);
        sodium_memzero(key, sizeof key);
        if ((rc = db_prepare(db,
                             "INSERT INTO crypto_k0 (purpose, wrapped, carried_at) VALUES (?, ?, ?)"
                             " ON CONFLICT (purpose) DO UPDATE SET wrapped = excluded.wrapped,"
                             " carried_at = excluded.carried_at",
                             &st)) == 0) {
            db_bind_text(st, 1, secret_purpose_name(p));
            db_bind_text(st, 2, wrapped);
            db_bind_text(st, 3, now);
            rc = db_step(st);
            db_finalize(st);
        }
        free(wrapped);
    }
    char cv[17];
    secret_check_value(new_master, cv);
    if (rc >= 0)
        rc = setting_put(db, "crypto.key_check", cv);
    if (rc >= 0)
        rc = audit_write(db, &(struct audit_entry){.username = "(命令行)",
                                                   .source_addr = "cli",
                                                   .action = "key.rotate_master",
                                                   .object_type = "crypto_key",
                                                   .object_id = NULL,
                                                   .outcome = "ok"});
    if (rc < 0 || (rc = db_commit(db)) < 0) {
        db_rollback(db);
        return rc;
    }
    return 0;
}

/* ---- purging ------------------------------------------------------------- */

/* How many stored texts name key `id` of `purpose`; for a password key,
 * the verifiers of accounts (`*history`: of the password history). */
static int key_uses(struct db *db, int id, enum secret_purpose purpose, long long *uses,
                    long long *history)
{
    *uses = *history = 0;
    char pattern[2][32];
    int rc = 0;
    struct db_stmt *st;
    if (purpose == SECRET_SEAL) {
        snprintf(pattern[0], sizeof pattern[0], "sm4:k%d:%%", id);
        snprintf(pattern[1], sizeof pattern[1], "sb:k%d:%%", id);
        for (size_t t = 0; rc >= 0 && t < NSEALED; t++) {
            char sql[256];
            snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE %s LIKE ? OR %s LIKE ?",
                     sealed_columns[t].table, sealed_columns[t].column, sealed_columns[t].column);
            if ((rc = db_prepare(db, sql, &st)) < 0)
                break;
            db_bind_text(st, 1, pattern[0]);
            db_bind_text(st, 2, pattern[1]);
            if ((rc = db_step(st)) == DB_ROW)
                *uses += db_column_int(st, 0);
            db_finalize(st);
        }
        return rc < 0 ? rc : 0;
    }
    const char *sql[2] = {NULL, NULL};
    if (purpose == SECRET_ROWMAC) {
        snprintf(pattern[0], sizeof pattern[0], "hmac-sm3:k%d:%%", id);
        sql[0] = "SELECT count(*) FROM row_macs WHERE mac LIKE ?";
    } else {
        snprintf(pattern[0], sizeof pattern[0], "sm3:k%d:%%", id);
        sql[0] = "SELECT count(*) FROM users WHERE password_hash LIKE ?";
        sql[1] = "SELECT count(*) FROM password_history WHERE password_hash LIKE ?";
    }
    for (int i = 0; rc >= 0 && i < 2 && sql[i]; i++) {
        if ((rc = db_prepare(db, sql[i], &st)) < 0)
            break;
        db_bind_text(st, 1, pattern[0]);
        if ((rc = db_step(st)) == DB_ROW)
            *(i ? history : uses) = db_column_int(st, 0);
        db_finalize(st);
    }
    return rc < 0 ? rc : 0;
}

int crypto_purge(struct db *db, struct crypto_purge_item *items, size_t cap, size_t *n)
{
    *n = 0;
    long long rotating = 0;
    int rc = db_query_int(db, "SELECT count(*) FROM crypto_rotation", &rotating, 0);
    if (rc < 0)
        return rc;
    if (rotating)
        return ERR_CONFLICT;
    if ((rc = db_begin(db)) < 0)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db,
                         "SELECT id, purpose FROM crypto_keys WHERE retired_at IS NOT NULL"
                         " ORDER BY id",
                         &st)) == 0) {
        while ((rc = db_step(st)) == DB_ROW && *n < cap) {
            int p = secret_purpose_parse(db_column_text(st, 1));
            items[(*n)++] = (struct crypto_purge_item){.id = (int)db_column_int(st, 0),
                                                       .purpose = p < 0 ? SECRET_SEAL : p};
        }
        db_finalize(st);
    }
    bool any = false;
    for (size_t i = 0; rc >= 0 && i < *n; i++) {
        struct crypto_purge_item *it = &items[i];
        if ((rc = key_uses(db, it->id, it->purpose, &it->uses, &it->history)) < 0 || it->uses)
            continue;
        /* A retired password key left only in the password history: those
         * old verifiers can no longer be checked once it is gone, so they
         * go with it (the reuse check loses them; docs/crypto.md). */
        if (it->history) {
            char pattern[32];
            snprintf(pattern, sizeof pattern, "sm3:k%d:%%", it->id);
            if ((rc = db_prepare(db, "DELETE FROM password_history WHERE password_hash LIKE ?",
                                 &st)) < 0)
                break;
            db_bind_text(st, 1, pattern);
            rc = db_step(st);
            db_finalize(st);
        }
        if (rc >= 0)
            rc = db_exec_id(db, "DELETE FROM crypto_keys WHERE id = ?", it->id);
        it->purged = rc >= 0;
        any = any || it->purged;
    }
    if (rc >= 0 && any)
        rc = audit_write(db, &(struct audit_entry){.username = "(命令行)",
                                                   .source_addr = "cli",
                                                   .action = "key.purge",
                                                   .object_type = "crypto_key",
                                                   .object_id = NULL,
                                                   .outcome = "ok"});
    if (rc < 0 || (rc = db_commit(db)) < 0) {
        db_rollback(db);
        return rc;
    }
    return 0;
}
