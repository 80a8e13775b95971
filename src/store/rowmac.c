/* rowmac.c — HMAC-SM3 of each person's rows of each personnel table, kept
 * on every write and checked by `cadre verify-data`. */
#include "store/rowmac.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
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
    /* The new modules' records (issue 16's "and the new modules' records
     * as they land"): personal-matters reports and their checks (the
     * reports' content sealed; the MAC covers the sealed text), and the
     * supervision record (谈话函询, 日常监督). Adopted by rowmac_adopt on a
     * database that held them before. */
    {"declarations", "person_id", "*"},
    {"declaration_checks", "person_id", "*"},
    {"supervision_records", "person_id",
     "id, person_id, kind, category, occurred_on, summary, evidence, authority,"
     " recorded_by_name, recorded_at"}, /* not recorded_by: an account deleted sets it NULL */
};
#define NTABLES (sizeof tables / sizeof *tables)

/* A stored MAC: "hmac-sm3:k<N>:" + 64 hex, N the rowmac key's id. */
#define MAC_TEXT 96

/* The MAC key of id `id` (the ring's active rowmac key when `id` < 0) into
 * `out`, with its id. False when row MACs are off (not gm, no key file) or
 * the ring does not hold that key. */
static bool row_key_id(int id, unsigned char out[32], int *used)
{
    *used = 0;
    const struct secret_key *k = secret_ring_gm_master();
    if (!k)
        return false;
    if (id < 0)
        id = secret_ring_active_for(k, SECRET_ROWMAC);
    *used = id;
    return secret_purpose_key(k, SECRET_ROWMAC, id, out);
}

static bool row_key(unsigned char out[32], int *used)
{
    return row_key_id(-1, out, used);
}

bool rowmac_enabled(void)
{
    unsigned char k[32];
    int id;
    bool on = row_key(k, &id);
    sodium_memzero(k, sizeof k);
    return on;
}

/* The key id a stored MAC names; -1 when it is not of the form. */
static int mac_key_id(const char *mac)
{
    int id = -1, end = 0;
    if (!mac || sscanf(mac, "hmac-sm3:k%d:%n", &id, &end) != 1 || end == 0 || id < 0)
        return -1;
    return id;
}

/* A key cache for one pass: the last key looked up by id. */
struct key_cache {
    int id;
    bool ok;
    unsigned char key[32];
};

static const unsigned char *cached_key(struct key_cache *c, int id)
{
    if (c->id != id) {
        int used;
        c->ok = id >= 0 && row_key_id(id, c->key, &used);
        c->id = id;
    }
    return c->ok ? c->key : NULL;
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

/* A row's encoding gathered before it is hashed: one HMAC update per row
 * instead of four per column (the update calls were a third of a row
 * MAC's instructions; the bytes hashed are the same). */
struct row_buf {
    struct gm_hash *h;
    size_t n;
    char bytes[4096];
};

static void row_put(struct row_buf *r, const void *data, size_t len)
{
    if (r->n + len > sizeof r->bytes) {
        gm_hash_update(r->h, r->bytes, r->n);
        r->n = 0;
        if (len > sizeof r->bytes) {
            gm_hash_update(r->h, data, len);
            return;
        }
    }
    memcpy(r->bytes + r->n, data, len);
    r->n += len;
}

static void group_row(struct gm_hash *h, struct db_stmt *st, const int *order, int n)
{
    struct row_buf r = {.h = h};
    row_put(&r, "\x1d", 1);
    for (int i = 0; i < n; i++) {
        const char *v = db_column_text(st, order[i]);
        if (!v)
            continue;
        const char *name = db_column_name(st, order[i]);
        row_put(&r, name, strlen(name));
        row_put(&r, "\x1f", 1);
        row_put(&r, v, strlen(v));
        row_put(&r, "\x1e", 1);
    }
    gm_hash_update(h, r.bytes, r.n);
}

/* Finishes the MAC as stored text, naming key `key_id`. */
static void group_end(struct gm_hash *h, int key_id, char out[MAC_TEXT])
{
    unsigned char mac[GM_SM3_BYTES];
    gm_hash_final(h, mac);
    int len = snprintf(out, MAC_TEXT, "hmac-sm3:k%d:", key_id);
    gm_hex(mac, sizeof mac, out + len);
}

/* The MAC of person `person_id`'s rows of table `t` under key `key_id`
 * into `mac`; `*any` false when there are none. */
static int compute(struct db *db, size_t t, long long person_id, const unsigned char key[32],
                   int key_id, char mac[MAC_TEXT], bool *any)
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
    *any = false;
    while ((rc = db_step(st)) == DB_ROW) {
        if (n < 0)
            n = column_order(st, tables[t].person_col, order, &person);
        group_row(h, st, order, n);
        *any = true;
    }
    db_finalize(st);
    group_end(h, key_id, mac);
    return rc < 0 ? rc : 0;
}

/* Stores `mac` as the group's MAC (NULL: removes it). */
static int store_mac(struct db *db, size_t t, long long person_id, const char *mac)
{
    struct db_stmt *st;
    int rc;
    if (!mac) {
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

static int touch(struct db *db, size_t t, long long person_id, const unsigned char key[32],
                 int key_id)
{
    char mac[MAC_TEXT];
    bool any;
    int rc = compute(db, t, person_id, key, key_id, mac, &any);
    return rc < 0 ? rc : store_mac(db, t, person_id, any ? mac : NULL);
}

int rowmac_touch(struct db *db, const char *table, long long person_id)
{
    unsigned char key[32];
    int t = table_index(table), id;
    if (t < 0 || !row_key(key, &id))
        return 0;
    int rc = touch(db, (size_t)t, person_id, key, id);
    sodium_memzero(key, sizeof key);
    return rc;
}

int rowmac_person(struct db *db, long long person_id)
{
    unsigned char key[32];
    int id;
    if (!row_key(key, &id))
        return 0;
    int rc = 0;
    for (size_t t = 0; t < NTABLES && rc == 0; t++)
        rc = touch(db, t, person_id, key, id);
    sodium_memzero(key, sizeof key);
    return rc;
}

int rowmac_touch_row(struct db *db, const char *table, long long row_id)
{
    int t = table_index(table);
    if (t < 0 || !rowmac_enabled())
        return 0;
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE id = ?", tables[t].person_col,
             tables[t].table);
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, row_id);
    long long person = (rc = db_step(st)) == DB_ROW ? db_column_int(st, 0) : 0;
    db_finalize(st);
    if (rc < 0 || person == 0)
        return rc < 0 ? rc : 0;
    return rowmac_touch(db, table, person);
}

bool rowmac_protects(const char *table)
{
    return table_index(table) >= 0;
}

/* The stored MAC of a group into `out` ("" when none). */
static int stored_mac(struct db *db, size_t t, long long person_id, char out[MAC_TEXT])
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT mac FROM row_macs WHERE person_id = ? AND tbl = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, person_id);
    db_bind_text(st, 2, tables[t].table);
    out[0] = '\0';
    if ((rc = db_step(st)) == DB_ROW) {
        const char *m = db_column_text(st, 0);
        snprintf(out, MAC_TEXT, "%s", m ? m : "");
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Whether the group's stored MAC matches its rows under the key it names
 * (no MAC and no rows: true). */
static int group_intact(struct db *db, size_t t, long long person_id, struct key_cache *c, bool *ok,
                        char stored[MAC_TEXT])
{
    *ok = false;
    int rc = stored_mac(db, t, person_id, stored);
    if (rc < 0)
        return rc;
    char mac[MAC_TEXT];
    bool any = false;
    if (!stored[0]) {
        const unsigned char zero[32] = {0};
        rc = compute(db, t, person_id, zero, 0, mac, &any);
        *ok = rc == 0 && !any;
        return rc;
    }
    int id = mac_key_id(stored);
    const unsigned char *key = cached_key(c, id);
    if (!key)
        return 0;
    rc = compute(db, t, person_id, key, id, mac, &any);
    *ok = rc == 0 && any && strlen(stored) == strlen(mac) && gm_equal(stored, mac, strlen(mac));
    return rc;
}

int rowmac_intact(struct db *db, const char *table, long long person_id, bool *ok)
{
    *ok = true;
    int t = table_index(table);
    if (t < 0 || !rowmac_enabled())
        return 0;
    struct key_cache c = {.id = -2};
    char stored[MAC_TEXT];
    int rc = group_intact(db, (size_t)t, person_id, &c, ok, stored);
    sodium_memzero(&c, sizeof c);
    return rc;
}

size_t rowmac_table_count(void)
{
    return NTABLES;
}

const char *rowmac_table_name(size_t i)
{
    return i < NTABLES ? tables[i].table : NULL;
}

int rowmac_rekey_batch(struct db *db, size_t t, int to_key, int batch, long long *last_person,
                       bool *more, long long *moved, long long *kept)
{
    unsigned char to[32];
    int used;
    if (t >= NTABLES || !row_key_id(to_key, to, &used))
        return ERR_UNAVAILABLE;
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT person_id, mac FROM row_macs WHERE tbl = ? AND person_id > ?"
                        " ORDER BY person_id",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, tables[t].table);
    db_bind_int(st, 2, *last_person);
    long long *ids = xmalloc((size_t)batch * sizeof *ids);
    int *key_ids = xmalloc((size_t)batch * sizeof *key_ids);
    int n = 0;
    while (n < batch && (rc = db_step(st)) == DB_ROW) {
        ids[n] = db_column_int(st, 0);
        key_ids[n] = mac_key_id(db_column_text(st, 1));
        n++;
    }
    db_finalize(st);
    *more = n == batch;
    struct key_cache c = {.id = -2};
    for (int i = 0; rc >= 0 && i < n; i++) {
        if (key_ids[i] == to_key)
            continue;
        /* Only a MAC that still matches its rows is moved: a group changed
         * behind cadre keeps its old MAC under the old key, the evidence
         * `cadre verify-data` reports (and what keeps that key from being
         * purged). */
        bool ok;
        char stored[MAC_TEXT];
        if ((rc = group_intact(db, t, ids[i], &c, &ok, stored)) < 0)
            break;
        if (!ok) {
            (*kept)++;
            continue;
        }
        if ((rc = touch(db, t, ids[i], to, to_key)) == 0)
            (*moved)++;
    }
    if (rc >= 0 && n > 0)
        *last_person = ids[n - 1];
    free(ids);
    free(key_ids);
    sodium_memzero(&c, sizeof c);
    sodium_memzero(to, sizeof to);
    return rc < 0 ? rc : 0;
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

/* One pass over table `t`'s groups in [from, to], merged with the stored
 * MACs in the same person order. */
struct pass {
    size_t t;
    struct found *f;
    struct db_stmt *macs;
    int mrc;
    struct key_cache keys;
    const unsigned char *active;
    int active_id;
    /* the open group */
    struct gm_hash *h;
    long long current;
    int key_id;   /* the key the group is hashed with */
    bool has_mac; /* the group has a stored MAC (the macs cursor is on it) */
    bool key_ok;
};

/* Reports the MACs of persons before `p` that have no rows left. */
static void skip_orphans(struct pass *ps, long long p)
{
    while (ps->mrc == DB_ROW && db_column_int(ps->macs, 0) < p) {
        problem(ps->f, ps->t, db_column_int(ps->macs, 0), "记录被删除（有校验值而无记录）");
        ps->mrc = db_step(ps->macs);
    }
}

/* Opens the group of person `p`, hashed with the key its stored MAC names
 * (the active key when it has none). */
static void open_group(struct pass *ps, long long p)
{
    skip_orphans(ps, p);
    ps->current = p;
    ps->has_mac = ps->mrc == DB_ROW && db_column_int(ps->macs, 0) == p;
    ps->key_id = ps->has_mac ? mac_key_id(db_column_text(ps->macs, 1)) : ps->active_id;
    const unsigned char *key = ps->has_mac ? cached_key(&ps->keys, ps->key_id) : ps->active;
    ps->key_ok = key != NULL;
    static const unsigned char none[32];
    ps->h = group_begin(key ? key : none, tables[ps->t].table, p);
}

static void close_group(struct pass *ps)
{
    char mac[MAC_TEXT];
    group_end(ps->h, ps->key_id < 0 ? 0 : ps->key_id, mac);
    ps->h = NULL;
    struct found *f = ps->f;
    f->report->people_checked++;
    if (ps->has_mac) {
        const char *stored = db_column_text(ps->macs, 1);
        if (!ps->key_ok && ps->key_id >= 0)
            problem(f, ps->t, ps->current, "校验值所用的密钥不存在（密钥记录被删除或改动）");
        else if (!ps->key_ok || !stored || strlen(stored) != strlen(mac) ||
                 !gm_equal(stored, mac, strlen(mac)))
            problem(f, ps->t, ps->current, "内容被改动或有记录被删除（校验值不符）");
        ps->mrc = db_step(ps->macs);
    } else {
        problem(f, ps->t, ps->current, "缺少校验值（未经本系统写入，或写入时未加载密钥）");
        if (f->nmissing == f->missing_cap) {
            f->missing_cap = f->missing_cap ? 2 * f->missing_cap : 64;
            f->missing = xrealloc(f->missing, f->missing_cap * sizeof *f->missing);
        }
        f->missing[f->nmissing++] = (struct missing){ps->t, ps->current};
    }
}

static int verify_table(struct db *db, size_t t, long long from, long long to,
                        const unsigned char *active, int active_id, struct found *f)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE %s >= ? AND %s <= ? ORDER BY %s, id",
             tables[t].columns, tables[t].table, tables[t].person_col, tables[t].person_col,
             tables[t].person_col);
    struct db_stmt *rows;
    struct pass ps = {.t = t, .f = f, .keys = {.id = -2}, .active = active, .active_id = active_id};
    int rc = db_prepare(db, sql, &rows);
    if (rc < 0)
        return rc;
    if ((rc = db_prepare(db,
                         "SELECT person_id, mac FROM row_macs WHERE tbl = ? AND person_id >= ?"
                         " AND person_id <= ? ORDER BY person_id",
                         &ps.macs)) < 0) {
        db_finalize(rows);
        return rc;
    }
    db_bind_int(rows, 1, from);
    db_bind_int(rows, 2, to);
    db_bind_text(ps.macs, 1, tables[t].table);
    db_bind_int(ps.macs, 2, from);
    db_bind_int(ps.macs, 3, to);
    ps.mrc = db_step(ps.macs);
    int order[64], person_col = -1, n = -1;
    while ((rc = db_step(rows)) == DB_ROW) {
        if (n < 0)
            n = column_order(rows, tables[t].person_col, order, &person_col);
        long long p = db_column_int(rows, person_col);
        if (ps.h && p != ps.current)
            close_group(&ps);
        if (!ps.h)
            open_group(&ps, p);
        group_row(ps.h, rows, order, n);
    }
    if (ps.h)
        close_group(&ps);
    while (rc >= 0 && ps.mrc == DB_ROW) { /* MACs after the last group */
        problem(f, t, db_column_int(ps.macs, 0), "记录被删除（有校验值而无记录）");
        ps.mrc = db_step(ps.macs);
    }
    int mrc = ps.mrc;
    db_finalize(rows);
    db_finalize(ps.macs);
    sodium_memzero(&ps.keys, sizeof ps.keys);
    if (rc < 0)
        return rc;
    return mrc < 0 ? mrc : 0;
}

static int verify(struct db *db, long long from, long long to, struct found *f)
{
    unsigned char key[32];
    int id;
    if (!row_key(key, &id))
        return ERR_UNAVAILABLE;
    if (from == 0 && to == 0)
        to = (long long)(~0ULL >> 1);
    memset(f->report, 0, sizeof *f->report);
    int rc = 0;
    for (size_t t = 0; t < NTABLES && rc == 0; t++)
        rc = verify_table(db, t, from, to, key, id, f);
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
    int id = 0;
    row_key(key, &id);
    if ((rc = db_begin(db)) == 0) {
        for (size_t i = 0; rc == 0 && i < f.nmissing; i++)
            rc = touch(db, f.missing[i].table, f.missing[i].person_id, key, id);
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

/* The tables protected since 0014, before rowmac_adopt kept its list. */
#define ADOPTED_0014 "people,career,education,assessments,rewards,punishments,family,training"

int rowmac_adopt(struct db *db, long long *sealed)
{
    *sealed = 0;
    if (!rowmac_enabled())
        return 0;
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT value FROM settings WHERE key = 'rowmac.tables'", &st);
    if (rc < 0)
        return rc;
    char adopted[1024];
    snprintf(adopted, sizeof adopted, "%s", ADOPTED_0014);
    if ((rc = db_step(st)) == DB_ROW && db_column_text(st, 0))
        snprintf(adopted, sizeof adopted, "%s", db_column_text(st, 0));
    db_finalize(st);
    if (rc < 0)
        return rc;
    /* The tables not adopted yet: their groups get a MAC where they have
     * none (rows written before the table was protected), once. */
    bool todo[NTABLES] = {false}, any = false;
    for (size_t t = 0; t < NTABLES; t++) {
        char needle[64];
        snprintf(needle, sizeof needle, ",%s,", tables[t].table);
        char hay[1040];
        snprintf(hay, sizeof hay, ",%s,", adopted);
        todo[t] = strstr(hay, needle) == NULL;
        any = any || todo[t];
    }
    if (!any)
        return 0;
    struct rowmac_report report;
    struct found f = {.report = &report};
    unsigned char key[32];
    int id = 0;
    row_key(key, &id);
    if ((rc = db_begin(db)) < 0)
        return rc;
    memset(&report, 0, sizeof report);
    for (size_t t = 0; rc == 0 && t < NTABLES; t++)
        if (todo[t])
            rc = verify_table(db, t, 0, (long long)(~0ULL >> 1), key, id, &f);
    for (size_t i = 0; rc == 0 && i < f.nmissing; i++)
        rc = touch(db, f.missing[i].table, f.missing[i].person_id, key, id);
    char list[1024] = "";
    for (size_t t = 0, len = 0; t < NTABLES && len < sizeof list; t++)
        len +=
            (size_t)snprintf(list + len, sizeof list - len, "%s%s", t ? "," : "", tables[t].table);
    char now[21];
    store_now(now);
    if (rc == 0 &&
        (rc = db_prepare(db,
                         "INSERT INTO settings (key, value, updated_at) VALUES ('rowmac.tables', ?,"
                         " ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                         " updated_at = excluded.updated_at",
                         &st)) == 0) {
        db_bind_text(st, 1, list);
        db_bind_text(st, 2, now);
        rc = db_step(st);
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    if (rc == 0)
        rc = db_commit(db);
    if (rc < 0)
        db_rollback(db);
    else
        *sealed = (long long)f.nmissing;
    free(f.missing);
    sodium_memzero(key, sizeof key);
    return rc;
}
