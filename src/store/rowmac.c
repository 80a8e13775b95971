/* rowmac.c — HMAC-SM3 of each person's rows of each personnel table, kept
 * on every write and checked by `cadre verify-data`. */
#include "store/rowmac.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/gm.h"
#include "util/secret.h"
#include "util/xmalloc.h"

/* The protected tables: the person's own row (the fields people enter; the
 * columns derived from the records — pinyin keys, current rank, post and
 * education — are left out, since maintenance rewrites them) and each kind
 * of record, all columns but `version` (a counter the triggers raise). A
 * module whose table holds personnel records adds its line here. */
static const struct {
    const char *table, *person_col, *columns;
} tables[] = {
    {"people", "id",
     "id, name, gender, birth_date, ethnicity, native_place, birth_place, party,"
     " party_join_date, work_start_date, health, title, specialty, id_number, phone, unit_id,"
     " status, notes, created_at"},
    {"career", "person_id", "*"},
    {"education", "person_id", "*"},
    {"assessments", "person_id", "*"},
    {"rewards", "person_id", "*"},
    {"punishments", "person_id", "*"},
    {"family", "person_id", "*"},
    {"training", "person_id", "*"},
};
#define NTABLES (sizeof tables / sizeof *tables)

#define MAC_TAG "hmac-sm3:k0:"
#define MAC_TEXT (sizeof MAC_TAG - 1 + 64 + 1)

/* The row MAC key, derived once per master key from the key file. */
static pthread_mutex_t key_lock = PTHREAD_MUTEX_INITIALIZER;
static const struct secret_key *key_master;
static unsigned char key_bytes[32];

static bool row_key(unsigned char out[32])
{
    const struct secret_key *k = secret_ring_gm_master();
    if (!k)
        return false;
    pthread_mutex_lock(&key_lock);
    if (key_master != k) {
        secret_derive(k, "cadre row mac k0", key_bytes, sizeof key_bytes);
        key_master = k;
    }
    memcpy(out, key_bytes, 32);
    pthread_mutex_unlock(&key_lock);
    return true;
}

bool rowmac_enabled(void)
{
    unsigned char k[32];
    bool on = row_key(k);
    sodium_memzero(k, sizeof k);
    return on;
}

static int table_index(const char *table)
{
    for (size_t t = 0; t < NTABLES; t++)
        if (strcmp(tables[t].table, table) == 0)
            return (int)t;
    return -1;
}

/* The columns of `st` to encode, in name order, `version` left out; the
 * index of the person column in `*person`. Returns how many. */
static int column_order(struct db_stmt *st, const char *person_col, int order[64], int *person)
{
    int n = 0, count = db_column_count(st);
    *person = -1;
    for (int c = 0; c < count && n < 64; c++) {
        const char *name = db_column_name(st, c);
        if (strcmp(name, person_col) == 0)
            *person = c;
        if (strcmp(name, "version") == 0)
            continue;
        int i = n++;
        while (i > 0 && strcmp(db_column_name(st, order[i - 1]), name) > 0) {
            order[i] = order[i - 1];
            i--;
        }
        order[i] = c;
    }
    return n;
}

/* The canonical encoding (docs/crypto.md): "cadre rowmac v1", 0x1e, the
 * table, 0x1e, the person id in decimal; then per row in id order 0x1d
 * and per column in name order, NULLs skipped: name, 0x1f, the value as
 * text, 0x1e. */
static struct gm_hash *group_begin(const unsigned char key[32], const char *table,
                                   long long person_id)
{
    char head[96];
    int len = snprintf(head, sizeof head, "cadre rowmac v1\x1e%s\x1e%lld", table, person_id);
    struct gm_hash *h = gm_hash_new(key, 32);
    gm_hash_update(h, head, (size_t)len);
    return h;
}

static void group_row(struct gm_hash *h, struct db_stmt *st, const int *order, int n)
{
    gm_hash_update(h, "\x1d", 1);
    for (int i = 0; i < n; i++) {
        const char *v = db_column_text(st, order[i]);
        if (!v)
            continue;
        const char *name = db_column_name(st, order[i]);
        gm_hash_update(h, name, strlen(name));
        gm_hash_update(h, "\x1f", 1);
        gm_hash_update(h, v, strlen(v));
        gm_hash_update(h, "\x1e", 1);
    }
}

static void group_end(struct gm_hash *h, char out[MAC_TEXT])
{
    unsigned char mac[GM_SM3_BYTES];
    gm_hash_final(h, mac);
    memcpy(out, MAC_TAG, sizeof MAC_TAG - 1);
    gm_hex(mac, sizeof mac, out + sizeof MAC_TAG - 1);
}

static int touch(struct db *db, size_t t, long long person_id, const unsigned char key[32])
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE %s = ? ORDER BY id", tables[t].columns,
             tables[t].table, tables[t].person_col);
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, person_id);
    struct gm_hash *h = group_begin(key, tables[t].table, person_id);
    int order[64], person, n = -1;
    bool any = false;
    while ((rc = db_step(st)) == DB_ROW) {
        if (n < 0)
            n = column_order(st, tables[t].person_col, order, &person);
        group_row(h, st, order, n);
        any = true;
    }
    db_finalize(st);
    char mac[MAC_TEXT];
    group_end(h, mac);
    if (rc < 0)
        return rc;
    if (!any) {
        rc = db_prepare(db, "DELETE FROM row_macs WHERE person_id = ? AND tbl = ?", &st);
        if (rc < 0)
            return rc;
        db_bind_int(st, 1, person_id);
        db_bind_text(st, 2, tables[t].table);
    } else {
        rc = db_prepare(db,
                        "INSERT INTO row_macs (person_id, tbl, mac) VALUES (?, ?, ?)"
                        " ON CONFLICT (person_id, tbl) DO UPDATE SET mac = excluded.mac",
                        &st);
        if (rc < 0)
            return rc;
        db_bind_int(st, 1, person_id);
        db_bind_text(st, 2, tables[t].table);
        db_bind_text(st, 3, mac);
    }
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int rowmac_touch(struct db *db, const char *table, long long person_id)
{
    unsigned char key[32];
    int t = table_index(table);
    if (t < 0 || !row_key(key))
        return 0;
    int rc = touch(db, (size_t)t, person_id, key);
    sodium_memzero(key, sizeof key);
    return rc;
}

int rowmac_person(struct db *db, long long person_id)
{
    unsigned char key[32];
    if (!row_key(key))
        return 0;
    int rc = 0;
    for (size_t t = 0; t < NTABLES && rc == 0; t++)
        rc = touch(db, t, person_id, key);
    sodium_memzero(key, sizeof key);
    return rc;
}

/* ---- checking ------------------------------------------------------------ */

struct found {
    struct rowmac_problem *out;
    size_t cap;
    struct rowmac_report *report;
    struct missing {
        size_t table;
        long long person_id;
    } * missing; /* groups with rows and no MAC (for sealing) */
    size_t nmissing, missing_cap;
};

static void problem(struct found *f, size_t t, long long person_id, const char *what)
{
    if ((size_t)f->report->problems < f->cap)
        f->out[f->report->problems] = (struct rowmac_problem){tables[t].table, person_id, what};
    f->report->problems++;
}

/* Compares table `t`'s groups in [from, to] with the stored MACs: one pass
 * over the rows in person order, merged with row_macs in the same order. */
static int verify_table(struct db *db, size_t t, long long from, long long to,
                        const unsigned char key[32], struct found *f)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE %s >= ? AND %s <= ? ORDER BY %s, id",
             tables[t].columns, tables[t].table, tables[t].person_col, tables[t].person_col,
             tables[t].person_col);
    struct db_stmt *rows, *macs;
    int rc = db_prepare(db, sql, &rows);
    if (rc < 0)
        return rc;
    if ((rc = db_prepare(db,
                         "SELECT person_id, mac FROM row_macs WHERE tbl = ? AND person_id >= ?"
                         " AND person_id <= ? ORDER BY person_id",
                         &macs)) < 0) {
        db_finalize(rows);
        return rc;
    }
    db_bind_int(rows, 1, from);
    db_bind_int(rows, 2, to);
    db_bind_text(macs, 1, tables[t].table);
    db_bind_int(macs, 2, from);
    db_bind_int(macs, 3, to);
    int mrc = db_step(macs);
    int order[64], person_col = -1, n = -1;
    long long current = 0;
    struct gm_hash *h = NULL;
    /* Closes the group of `current`: compares it with the stored MAC,
     * reporting the MACs of persons before it that have no rows left. */
#define CLOSE_GROUP()                                                                              \
    do {                                                                                           \
        char mac[MAC_TEXT];                                                                        \
        group_end(h, mac);                                                                         \
        h = NULL;                                                                                  \
        while (mrc == DB_ROW && db_column_int(macs, 0) < current) {                                \
            problem(f, t, db_column_int(macs, 0), "记录被删除（有校验值而无记录）");               \
            mrc = db_step(macs);                                                                   \
        }                                                                                          \
        f->report->people_checked++;                                                               \
        if (mrc == DB_ROW && db_column_int(macs, 0) == current) {                                  \
            const char *stored = db_column_text(macs, 1);                                          \
            if (!stored || strlen(stored) != MAC_TEXT - 1 || !gm_equal(stored, mac, MAC_TEXT - 1)) \
                problem(f, t, current, "内容被改动或有记录被删除（校验值不符）");                  \
            mrc = db_step(macs);                                                                   \
        } else {                                                                                   \
            problem(f, t, current, "缺少校验值（未经本系统写入，或写入时未加载密钥）");            \
            if (f->nmissing == f->missing_cap) {                                                   \
                f->missing_cap = f->missing_cap ? 2 * f->missing_cap : 64;                         \
                f->missing = xrealloc(f->missing, f->missing_cap * sizeof *f->missing);            \
            }                                                                                      \
            f->missing[f->nmissing++] = (struct missing){t, current};                              \
        }                                                                                          \
    } while (0)
    while ((rc = db_step(rows)) == DB_ROW) {
        if (n < 0)
            n = column_order(rows, tables[t].person_col, order, &person_col);
        long long p = db_column_int(rows, person_col);
        if (h && p != current)
            CLOSE_GROUP();
        if (!h) {
            current = p;
            h = group_begin(key, tables[t].table, p);
        }
        group_row(h, rows, order, n);
    }
    if (h)
        CLOSE_GROUP();
#undef CLOSE_GROUP
    while (rc >= 0 && mrc == DB_ROW) {
        problem(f, t, db_column_int(macs, 0), "记录被删除（有校验值而无记录）");
        mrc = db_step(macs);
    }
    db_finalize(rows);
    db_finalize(macs);
    if (rc < 0)
        return rc;
    return mrc < 0 ? mrc : 0;
}

static int verify(struct db *db, long long from, long long to, struct found *f)
{
    unsigned char key[32];
    if (!row_key(key))
        return ERR_UNAVAILABLE;
    if (from == 0 && to == 0)
        to = (long long)(~0ULL >> 1);
    memset(f->report, 0, sizeof *f->report);
    int rc = 0;
    for (size_t t = 0; t < NTABLES && rc == 0; t++)
        rc = verify_table(db, t, from, to, key, f);
    sodium_memzero(key, sizeof key);
    return rc;
}

int rowmac_verify(struct db *db, long long from_id, long long to_id, struct rowmac_problem *out,
                  size_t cap, struct rowmac_report *report)
{
    struct found f = {.out = out, .cap = cap, .report = report};
    int rc = verify(db, from_id, to_id, &f);
    free(f.missing);
    return rc;
}

int rowmac_seal_missing(struct db *db, long long *sealed)
{
    *sealed = 0;
    struct rowmac_report report;
    struct found f = {.report = &report};
    int rc = verify(db, 0, 0, &f);
    if (rc < 0) {
        free(f.missing);
        return rc;
    }
    /* Only the groups with no MAC at all get one; a stored one is never
     * replaced (it may be the evidence of a change). */
    unsigned char key[32];
    row_key(key);
    if ((rc = db_begin(db)) == 0) {
        for (size_t i = 0; rc == 0 && i < f.nmissing; i++)
            rc = touch(db, f.missing[i].table, f.missing[i].person_id, key);
        if (rc == 0)
            rc = db_commit(db);
        if (rc < 0)
            db_rollback(db);
        else
            *sealed = (long long)f.nmissing;
    }
    free(f.missing);
    sodium_memzero(key, sizeof key);
    return rc;
}
