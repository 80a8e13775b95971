/* audit.c — hash-chained audit records. The hash covers the previous hash
 * and every column of the record, so editing, deleting or inserting a
 * record breaks the chain at that point. */
#include "store/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/strbuf.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static void hash_record(const char *prev, const char *const *cols, size_t n, char out[65])
{
    crypto_generichash_state st;
    unsigned char h[32];
    crypto_generichash_init(&st, NULL, 0, sizeof h);
    crypto_generichash_update(&st, (const unsigned char *)prev, strlen(prev));
    for (size_t i = 0; i < n; i++) {
        /* A unit separator before each column keeps ("ab","c") apart from ("a","bc"),
         * and a marker tells NULL from "". */
        const unsigned char sep[2] = {0x1f, cols[i] ? 1 : 0};
        crypto_generichash_update(&st, sep, sizeof sep);
        if (cols[i])
            crypto_generichash_update(&st, (const unsigned char *)cols[i], strlen(cols[i]));
    }
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(out, 65, h, sizeof h);
}

static int write_in_tx(struct db *db, const struct audit_entry *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", &st);
    if (rc < 0)
        return rc;
    char prev[65] = GENESIS;
    if ((rc = db_step(st)) == DB_ROW) {
        const char *h = db_column_text(st, 0);
        snprintf(prev, sizeof prev, "%s", h ? h : GENESIS);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    char now[21], uid[24];
    store_now(now);
    snprintf(uid, sizeof uid, "%lld", e->user_id);
    const char *cols[] = {now,
                          e->user_id ? uid : NULL,
                          e->username,
                          e->role,
                          e->source_addr,
                          e->action,
                          e->object_type,
                          e->object_id,
                          e->outcome ? e->outcome : "ok",
                          e->before_json,
                          e->after_json};
    char hash[65];
    hash_record(prev, cols, sizeof cols / sizeof *cols, hash);
    rc = db_prepare(db,
                    "INSERT INTO audit_log (at, user_id, username, role, source_addr, action,"
                    " object_type, object_id, outcome, before_json, after_json, prev_hash, hash)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    &st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
        db_bind_text(st, (int)i + 1, cols[i]);
    db_bind_text(st, 12, prev);
    db_bind_text(st, 13, hash);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int audit_write(struct db *db, const struct audit_entry *e)
{
    if (db_in_transaction(db))
        return write_in_tx(db, e);
    int rc = db_begin(db);
    if (rc < 0)
        return rc;
    rc = write_in_tx(db, e);
    if (rc < 0) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db);
}

int audit_verify(struct db *db, long long *first_bad)
{
    *first_bad = 0;
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT id, at, user_id, username, role, source_addr, action, object_type,"
                        " object_id, outcome, before_json, after_json, prev_hash, hash"
                        " FROM audit_log ORDER BY id",
                        &st);
    if (rc < 0)
        return rc;
    char prev[65] = GENESIS;
    long long expect_id = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        long long id = db_column_int(st, 0);
        const char *cols[11];
        for (int i = 0; i < 11; i++)
            cols[i] = db_column_text(st, i + 1);
        const char *stored_prev = db_column_text(st, 12);
        const char *stored = db_column_text(st, 13);
        char hash[65];
        hash_record(prev, cols, 11, hash);
        /* Ids are consecutive: a gap is a deleted record. */
        if ((expect_id && id != expect_id) || !stored_prev || strcmp(stored_prev, prev) != 0 ||
            !stored || strcmp(stored, hash) != 0) {
            *first_bad = id;
            db_finalize(st);
            return ERR_CONFLICT;
        }
        memcpy(prev, hash, sizeof prev);
        expect_id = id + 1;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* ---- reading the log ------------------------------------------------------ */

#define AUDIT_SELECT                                                                               \
    "SELECT id, at, user_id, username, role, source_addr, action, object_type, object_id,"         \
    " outcome, before_json, after_json, prev_hash, hash FROM audit_log"

/* The WHERE clause of a filter: every condition is present, a NULL
 * parameter switches it off, so one statement text serves every filter
 * (and stays in the statement cache). */
#define AUDIT_WHERE                                                                                \
    " WHERE (?1 IS NULL OR username = ?1)"                                                         \
    " AND (?2 IS NULL OR action = ?2 OR (substr(?2, -1) = '.' AND substr(action, 1,"               \
    " length(?2)) = ?2))"                                                                          \
    " AND (?3 IS NULL OR object_type = ?3) AND (?4 IS NULL OR object_id = ?4)"                     \
    " AND (?5 IS NULL OR outcome = ?5) AND (?6 IS NULL OR at >= ?6) AND (?7 IS NULL OR at < ?7)"

static void bind_filter(struct db_stmt *st, const struct audit_filter *f)
{
    db_bind_text(st, 1, f->username);
    db_bind_text(st, 2, f->action);
    db_bind_text(st, 3, f->object_type);
    db_bind_text(st, 4, f->object_id);
    db_bind_text(st, 5, f->outcome);
    db_bind_text(st, 6, f->from);
    db_bind_text(st, 7, f->to);
}

/* Reads the current row; strings borrowed from the statement. */
static void read_record(struct db_stmt *st, struct audit_record *r)
{
    r->id = db_column_int(st, 0);
    r->at = db_column_text(st, 1);
    r->user_id = db_column_int(st, 2);
    r->username = db_column_text(st, 3);
    r->role = db_column_text(st, 4);
    r->source_addr = db_column_text(st, 5);
    r->action = db_column_text(st, 6);
    r->object_type = db_column_text(st, 7);
    r->object_id = db_column_text(st, 8);
    r->outcome = db_column_text(st, 9);
    r->before_json = db_column_text(st, 10);
    r->after_json = db_column_text(st, 11);
    r->prev_hash = db_column_text(st, 12);
    r->hash = db_column_text(st, 13);
}

int audit_count(struct db *db, const struct audit_filter *f, long long *total)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT count(*) FROM audit_log" AUDIT_WHERE, &st);
    if (rc < 0)
        return rc;
    bind_filter(st, f);
    *total = 0;
    if ((rc = db_step(st)) == DB_ROW)
        *total = db_column_int(st, 0);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int audit_list(struct db *db, const struct audit_filter *f, long long offset, long long limit,
               struct arena *a, struct audit_record **out, size_t *n)
{
    struct db_stmt *st;
    int rc = db_prepare(db, AUDIT_SELECT AUDIT_WHERE " ORDER BY id DESC LIMIT ?8 OFFSET ?9", &st);
    if (rc < 0)
        return rc;
    bind_filter(st, f);
    db_bind_int(st, 8, limit);
    db_bind_int(st, 9, offset);
    size_t cap = limit > 0 && limit <= 1000 ? (size_t)limit : 1000;
    *out = arena_calloc(a, cap, sizeof **out);
    *n = 0;
    while (*n < cap && (rc = db_step(st)) == DB_ROW) {
        struct audit_record *r = &(*out)[(*n)++];
        read_record(st, r);
        const char **texts[] = {&r->at,          &r->username,    &r->role,      &r->source_addr,
                                &r->action,      &r->object_type, &r->object_id, &r->outcome,
                                &r->before_json, &r->after_json,  &r->prev_hash, &r->hash};
        for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
            *texts[i] = arena_strdup(a, *texts[i]);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int audit_each(struct db *db, const struct audit_filter *f,
               int (*fn)(void *ctx, const struct audit_record *r), void *ctx)
{
    struct db_stmt *st;
    int rc = db_prepare(db, AUDIT_SELECT AUDIT_WHERE " ORDER BY id", &st);
    if (rc < 0)
        return rc;
    bind_filter(st, f);
    while ((rc = db_step(st)) == DB_ROW) {
        struct audit_record r;
        read_record(st, &r);
        if ((rc = fn(ctx, &r)) != 0)
            break;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int audit_time_bound(const char *text, bool end, char out[21])
{
    struct tm tm = {0};
    const char *rest;
    if (!text)
        return ERR_INVALID;
    if ((rest = strptime(text, "%Y-%m-%dT%H:%M:%SZ", &tm)) && !*rest && strlen(text) == 20) {
        snprintf(out, 21, "%s", text);
        return 0;
    }
    memset(&tm, 0, sizeof tm);
    if (strlen(text) != 10 || !(rest = strptime(text, "%Y-%m-%d", &tm)) || *rest)
        return ERR_INVALID;
    int year = tm.tm_year, mon = tm.tm_mon, day = tm.tm_mday;
    if (end)
        tm.tm_mday++;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm); /* the server's local day, as the user means it */
    if (t == (time_t)-1)
        return ERR_INVALID;
    struct tm check;
    time_t start = t;
    if (end) {
        struct tm s = {.tm_year = year, .tm_mon = mon, .tm_mday = day, .tm_isdst = -1};
        start = mktime(&s);
    }
    localtime_r(&start, &check);
    if (check.tm_year != year || check.tm_mon != mon || check.tm_mday != day)
        return ERR_INVALID; /* 2024-02-30 */
    struct tm utc;
    gmtime_r(&t, &utc);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return 0;
}

const char *const audit_columns[14] = {
    "id",          "at",        "user_id", "username",    "role",       "source_addr", "action",
    "object_type", "object_id", "outcome", "before_json", "after_json", "prev_hash",   "hash"};

void audit_cells(const struct audit_record *r, char buf[2][24], const char *cells[14])
{
    snprintf(buf[0], 24, "%lld", r->id);
    snprintf(buf[1], 24, "%lld", r->user_id);
    const char *v[14] = {buf[0],       r->at,          r->user_id ? buf[1] : NULL,
                         r->username,  r->role,        r->source_addr,
                         r->action,    r->object_type, r->object_id,
                         r->outcome,   r->before_json, r->after_json,
                         r->prev_hash, r->hash};
    memcpy(cells, v, sizeof v);
}
