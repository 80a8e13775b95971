/* audit.c — hash-chained audit records. The hash (BLAKE2b, or SM3 under the
 * gm profile) covers the previous hash and every column of the record, so
 * editing, deleting or inserting a record breaks the chain at that point. */
#include "store/audit.h"

#include <sodium.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/records.h"
#include "core/roles.h"
#include "store/rulebook.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/gm.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* Room for a stored hash: "sm3:" and 64 hex characters, or 64 alone. */
#define HASH_MAX 69
#define SM3_TAG "sm3:"

/* Whether a stored hash is an SM3 link (the gm profile's chain). */
static bool is_sm3(const char *hash)
{
    return hash && strncmp(hash, SM3_TAG, strlen(SM3_TAG)) == 0;
}

/* Whether `hash` is a well-formed stored hash: 64 hex characters, with the
 * "sm3:" tag in front for an SM3 link. */
static bool well_formed(const char *hash)
{
    if (!hash)
        return false;
    if (is_sm3(hash))
        hash += strlen(SM3_TAG);
    return strlen(hash) == 64 && strspn(hash, "0123456789abcdef") == 64;
}

/* The hash of a record: over the previous record's hash as stored (64 hex
 * characters, or "sm3:" and 64), then for each of the 11 columns at ..
 * after_json a byte 0x1f, a byte 1 (a value) or 0 (NULL), and the value's
 * UTF-8 bytes. Under the intl profile BLAKE2b-256 (crypto_generichash, no
 * key), written as 64 lowercase hex characters; under gm SM3 (GB/T 32905),
 * written "sm3:" and 64 hex, so each stored hash names its algorithm.
 * docs/security.md and docs/crypto.md state the same for whoever checks an
 * export with other tools. */
static void hash_record(const char *prev, const char *const *cols, size_t n, bool sm3,
                        char out[HASH_MAX])
{
    unsigned char h[32];
    struct gm_hash *g = sm3 ? gm_hash_new(NULL, 0) : NULL;
    crypto_generichash_state st;
    if (!sm3)
        crypto_generichash_init(&st, NULL, 0, sizeof h);
#define FEED(p, len)                                                                               \
    (sm3 ? gm_hash_update(g, (p), (len))                                                           \
         : (void)crypto_generichash_update(&st, (const unsigned char *)(p), (len)))
    FEED(prev, strlen(prev));
    for (size_t i = 0; i < n; i++) {
        /* A unit separator before each column keeps ("ab","c") apart from ("a","bc"),
         * and a marker tells NULL from "". */
        const unsigned char sep[2] = {0x1f, cols[i] ? 1 : 0};
        FEED(sep, sizeof sep);
        if (cols[i])
            FEED(cols[i], strlen(cols[i]));
    }
#undef FEED
    if (sm3) {
        gm_hash_final(g, h);
        memcpy(out, SM3_TAG, strlen(SM3_TAG));
        gm_hex(h, sizeof h, out + strlen(SM3_TAG));
    } else {
        crypto_generichash_final(&st, h, sizeof h);
        sodium_bin2hex(out, 65, h, sizeof h);
    }
}

/* The action of the record that continues a BLAKE2b chain with SM3 links. */
#define REANCHOR "audit.reanchor"

/* The after_json of the re-anchoring record: the last BLAKE2b hash and its
 * HMAC-SM3 under the audit key of the key file (hex), so the point where the
 * algorithm changed is itself bound to a key, not only to the chain. */
static void reanchor_json(const char *anchor, const unsigned char *key, size_t key_len,
                          struct strbuf *out)
{
    unsigned char mac[GM_SM3_BYTES];
    char hex[2 * GM_SM3_BYTES + 1];
    gm_hmac_sm3(key, key_len, anchor, strlen(anchor), mac);
    gm_hex(mac, sizeof mac, hex);
    strbuf_printf(out,
                  "{\"from\":\"blake2b\",\"to\":\"sm3\",\"anchor\":\"%s\",\"mac\":\"hmac-sm3:%s\"}",
                  anchor, hex);
}

/* Whether the chain of an empty log starts with SM3: the gm profile
 * (migration 0014 records it). */
static int empty_chain_sm3(struct db *db, bool *sm3)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT value FROM settings WHERE key = 'crypto.profile'", &st);
    if (rc < 0)
        return rc;
    *sm3 = false;
    if ((rc = db_step(st)) == DB_ROW) {
        const char *v = db_column_text(st, 0);
        *sm3 = v && strcmp(v, "gm") == 0;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* The hash of the last record, kept for the rest of the transaction that
 * read it: the transaction holds the write lock, so no other record can
 * come between, and an import writing 100,000 records reads it once. */
struct last_hash {
    char hash[HASH_MAX];
};

static void last_hash_hook(void *arg, enum db_tx_event event)
{
    if (event != DB_TX_COMMITTING)
        free(arg);
}

/* The hash the next record chains to, into `prev` (GENESIS for an empty
 * log); `*cache` the transaction's copy to update after the insert (NULL
 * outside a transaction). */
static int previous_hash(struct db *db, char prev[HASH_MAX], struct last_hash **cache)
{
    *cache = db_tx_hook_arg(db, last_hash_hook);
    if (*cache) {
        memcpy(prev, (*cache)->hash, HASH_MAX);
        return 0;
    }
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", &st);
    if (rc < 0)
        return rc;
    snprintf(prev, HASH_MAX, "%s", GENESIS);
    if ((rc = db_step(st)) == DB_ROW) {
        const char *h = db_column_text(st, 0);
        snprintf(prev, HASH_MAX, "%s", h ? h : GENESIS);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (db_in_transaction(db)) {
        struct last_hash *c = xcalloc(1, sizeof *c);
        memcpy(c->hash, prev, sizeof c->hash);
        if (db_tx_hook(db, last_hash_hook, c) == 0)
            *cache = c; /* else freed by the hook */
    }
    return 0;
}

/* Appends `e`, its link SM3 when the chain's head is (or `force_sm3`, for
 * the re-anchoring record; or, for an empty log, under the gm profile). */
static int write_linked(struct db *db, const struct audit_entry *e, bool force_sm3)
{
    struct db_stmt *st;
    char prev[HASH_MAX];
    struct last_hash *cache;
    int rc = previous_hash(db, prev, &cache);
    if (rc < 0)
        return rc;
    bool sm3 = force_sm3 || is_sm3(prev);
    if (!sm3 && strcmp(prev, GENESIS) == 0 && (rc = empty_chain_sm3(db, &sm3)) < 0)
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
    char hash[HASH_MAX];
    hash_record(prev, cols, sizeof cols / sizeof *cols, sm3, hash);
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
    if (rc < 0)
        return rc;
    if (cache)
        memcpy(cache->hash, hash, sizeof cache->hash);
    return 0;
}

static int write_in_tx(struct db *db, const struct audit_entry *e)
{
    return write_linked(db, e, false);
}

int audit_reanchor(struct db *db, const struct audit_entry *e, const unsigned char *key,
                   size_t key_len)
{
    char prev[HASH_MAX];
    struct last_hash *cache;
    int rc = previous_hash(db, prev, &cache);
    if (rc < 0)
        return rc;
    if (is_sm3(prev))
        return ERR_CONFLICT;
    struct strbuf after = STRBUF_INIT;
    reanchor_json(prev, key, key_len, &after);
    struct audit_entry r = *e;
    r.action = REANCHOR;
    r.object_type = "audit_log";
    r.outcome = "ok";
    r.before_json = NULL;
    r.after_json = strbuf_str(&after);
    rc = write_linked(db, &r, true);
    strbuf_release(&after);
    return rc;
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

/* Whether record `r`'s place in the chain is allowed: SM3 from the start
 * (a gm database) or from a re-anchoring record on, never back to BLAKE2b;
 * a re-anchoring record names the hash it continues and, given the audit
 * key, carries its MAC. Returns NULL or the Chinese reason. */
static const char *algorithm_step(const char *prev, const char *hash, const char *action,
                                  const char *after, const unsigned char *key, size_t key_len)
{
    bool prev_sm3 = is_sm3(prev), sm3 = is_sm3(hash);
    if (prev_sm3 && !sm3)
        return "SM3 链之后出现了非 SM3 记录（算法被降级）";
    if (sm3 && !prev_sm3 && strcmp(prev, GENESIS) != 0) {
        if (!action || strcmp(action, REANCHOR) != 0)
            return "改用 SM3 的记录不是重新锚定记录";
        struct strbuf want = STRBUF_INIT;
        bool ok;
        if (key) {
            reanchor_json(prev, key, key_len, &want);
            ok = after && strcmp(after, strbuf_str(&want)) == 0;
        } else {
            strbuf_printf(&want, "\"anchor\":\"%s\"", prev);
            ok = after && strstr(after, strbuf_str(&want)) != NULL;
        }
        strbuf_release(&want);
        if (!ok)
            return "重新锚定记录的锚点或其 HMAC-SM3 不符";
    }
    return NULL;
}

int audit_verify(struct db *db, long long *first_bad)
{
    return audit_verify_keyed(db, NULL, 0, first_bad);
}

int audit_verify_keyed(struct db *db, const unsigned char *key, size_t key_len,
                       long long *first_bad)
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
    char prev[HASH_MAX] = GENESIS;
    long long expect_id = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        long long id = db_column_int(st, 0);
        const char *cols[11];
        for (int i = 0; i < 11; i++)
            cols[i] = db_column_text(st, i + 1);
        const char *stored_prev = db_column_text(st, 12);
        const char *stored = db_column_text(st, 13);
        char hash[HASH_MAX];
        hash_record(prev, cols, 11, is_sm3(stored), hash);
        /* Ids are consecutive: a gap is a deleted record. */
        if ((expect_id && id != expect_id) || !stored_prev || strcmp(stored_prev, prev) != 0 ||
            !stored || strcmp(stored, hash) != 0 ||
            algorithm_step(prev, stored, cols[5], cols[10], key, key_len)) {
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

int audit_last_change(struct db *db, const char *object_type, long long object_id, struct arena *a,
                      struct audit_record *out)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT id, at, user_id, username, role, source_addr, action, object_type,"
                        " object_id, outcome, before_json, after_json, prev_hash, hash"
                        " FROM audit_log WHERE object_type = ? AND object_id = ? AND outcome = 'ok'"
                        " AND (before_json IS NOT NULL OR after_json IS NOT NULL)"
                        " ORDER BY id DESC LIMIT 1",
                        &st);
    if (rc < 0)
        return rc;
    char id[24];
    snprintf(id, sizeof id, "%lld", object_id);
    db_bind_text(st, 1, object_type);
    db_bind_text(st, 2, id);
    if ((rc = db_step(st)) == DB_ROW) {
        out->id = db_column_int(st, 0);
        out->user_id = db_column_int(st, 2);
        const char **texts[] = {&out->at,          &out->username,  &out->role,
                                &out->source_addr, &out->action,    &out->object_type,
                                &out->object_id,   &out->outcome,   &out->before_json,
                                &out->after_json,  &out->prev_hash, &out->hash};
        const int cols[] = {1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
        for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
            *texts[i] = arena_strdup(a, db_column_text(st, cols[i]));
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    return rc == DB_ROW ? 0 : ERR_NOT_FOUND;
}

/* ---- reading the log ------------------------------------------------------ */

/* Room for the longest WHERE clause filter_sql writes. */
#define AUDIT_WHERE_MAX 256

/* An action filter ending in "." ("session.") selects every action it prefixes. */
static bool prefix_action(const char *action)
{
    size_t len = strlen(action);
    return len > 0 && action[len - 1] == '.';
}

#define AUDIT_SELECT                                                                               \
    "SELECT id, at, user_id, username, role, source_addr, action, object_type, object_id,"         \
    " outcome, before_json, after_json, prev_hash, hash FROM audit_log"

/* The WHERE clause of a filter, with a condition for each filter given
 * only (so every parameter is a plain `?` bound once, typed by its column),
 * into `out`; bind_filter binds the same ones in the same order. */
static const char *filter_sql(const struct audit_filter *f, char out[AUDIT_WHERE_MAX])
{
    size_t len = 0;
    out[0] = '\0';
#define ADD(cond, text)                                                                            \
    do {                                                                                           \
        if (cond)                                                                                  \
            len += (size_t)snprintf(out + len, AUDIT_WHERE_MAX - len, "%s%s",                      \
                                    len ? " AND " : " WHERE ", text);                              \
    } while (0)
    ADD(f->username, "username = ?");
    ADD(f->action && !prefix_action(f->action), "action = ?");
    ADD(f->action && prefix_action(f->action), "(action = ? OR substr(action, 1, ?) = ?)");
    ADD(f->object_type, "object_type = ?");
    ADD(f->object_id, "object_id = ?");
    ADD(f->outcome, "outcome = ?");
    ADD(f->from, "at >= ?");
    ADD(f->to, "at < ?");
#undef ADD
    return out;
}

/* Binds the parameters of filter_sql(f); returns the next parameter's index. */
static int bind_filter(struct db_stmt *st, const struct audit_filter *f)
{
    int i = 1;
    if (f->username)
        db_bind_text(st, i++, f->username);
    if (f->action) {
        db_bind_text(st, i++, f->action);
        if (prefix_action(f->action)) {
            db_bind_int(st, i++, (long long)strlen(f->action));
            db_bind_text(st, i++, f->action);
        }
    }
    const char *rest[] = {f->object_type, f->object_id, f->outcome, f->from, f->to};
    for (size_t k = 0; k < sizeof rest / sizeof *rest; k++)
        if (rest[k])
            db_bind_text(st, i++, rest[k]);
    return i;
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
    char where[AUDIT_WHERE_MAX], sql[AUDIT_WHERE_MAX + 64];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log%s", filter_sql(f, where));
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
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
    char where[AUDIT_WHERE_MAX], sql[AUDIT_WHERE_MAX + 256];
    snprintf(sql, sizeof sql, AUDIT_SELECT "%s ORDER BY id DESC LIMIT ? OFFSET ?",
             filter_sql(f, where));
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    int next = bind_filter(st, f);
    db_bind_int(st, next, limit);
    db_bind_int(st, next + 1, offset);
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
    char where[AUDIT_WHERE_MAX], sql[AUDIT_WHERE_MAX + 256];
    snprintf(sql, sizeof sql, AUDIT_SELECT "%s ORDER BY id", filter_sql(f, where));
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
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

/* ---- Chinese labels of what the code writes ---------------------------- */

/* Actions are labelled where they are written: each module names its
 * actions beside its code (an HTTP route entry, a CLI command's table) and
 * adds its lookup here at start. Record writes ("career.create") are
 * labelled from the record kinds, denied requests (the permission's name,
 * object "route") from the permission table; anything else keeps its code. */
enum { LABEL_SOURCES_MAX = 8 };
static audit_label_fn *label_sources[LABEL_SOURCES_MAX];
static size_t nlabel_sources;

void audit_label_source_add(audit_label_fn *fn)
{
    for (size_t i = 0; i < nlabel_sources; i++)
        if (label_sources[i] == fn)
            return;
    if (nlabel_sources < LABEL_SOURCES_MAX)
        label_sources[nlabel_sources++] = fn;
}

const char *audit_actions_find(const struct audit_action *t, size_t n, const char *action)
{
    for (size_t i = 0; t && action && i < n; i++)
        if (strcmp(t[i].action, action) == 0)
            return t[i].label;
    return NULL;
}

/* Object types other than record kinds and rule tables. */
static const struct {
    const char *type, *label;
} object_labels[] = {
    {"user", "账号"},     {"person", "干部"},        {"unit", "机构"},
    {"roster", "花名册"}, {"audit_log", "审计日志"}, {"settings", "安全策略"},
    {"route", "接口"},    {"database", "数据库"},    {"crypto_key", "数据密钥"},
};

static const char *const record_verbs[][2] = {
    {"create", "新增"}, {"update", "修改"}, {"delete", "删除"}};

/* The record kind called `name` (its first `len` bytes), or NULL: the
 * kinds of the form and training, which the form leaves out. */
static const struct record_kind *kind_named(const char *name, size_t len)
{
    size_t n;
    const struct record_kind *const *kinds = records_person_kinds(&n);
    for (size_t k = 0; k <= n; k++) {
        const struct record_kind *kind = k < n ? kinds[k] : &training_kind;
        if (strlen(kind->name) == len && strncmp(name, kind->name, len) == 0)
            return kind;
    }
    return NULL;
}

const char *audit_action_label(struct arena *a, const char *action, const char *object_type)
{
    if (!action)
        return NULL;
    for (size_t i = 0; i < nlabel_sources; i++) {
        const char *label = label_sources[i](action);
        if (label)
            return label;
    }
    if (object_type && strcmp(object_type, "route") == 0)
        for (int p = 0; p < PERM_COUNT; p++)
            if (strcmp(action, perm_name((enum perm)p)) == 0)
                return arena_sprintf(a, "越权访问（%s）", perm_label((enum perm)p));
    const char *dot = strchr(action, '.');
    const struct record_kind *kind = dot ? kind_named(action, (size_t)(dot - action)) : NULL;
    for (size_t v = 0; kind && v < sizeof record_verbs / sizeof *record_verbs; v++)
        if (strcmp(dot + 1, record_verbs[v][0]) == 0)
            return arena_sprintf(a, "%s%s", record_verbs[v][1], kind->label);
    return action;
}

const char *audit_object_label(struct arena *a, const char *type)
{
    if (!type)
        return NULL;
    for (size_t i = 0; i < sizeof object_labels / sizeof *object_labels; i++)
        if (strcmp(type, object_labels[i].type) == 0)
            return object_labels[i].label;
    const struct record_kind *kind = kind_named(type, strlen(type));
    if (kind)
        return kind->label;
    size_t n;
    const struct rules_table *tables = rules_tables(&n);
    for (size_t t = 0; t < n; t++)
        if (strcmp(type, tables[t].kind.sql_table) == 0)
            return arena_sprintf(a, "规则：%s", tables[t].kind.label);
    return type;
}

const char *audit_outcome_label(const char *outcome)
{
    static const char *const labels[][2] = {
        {"ok", "成功"}, {"denied", "拒绝"}, {"failed", "失败"}, {"locked", "已锁定"}};
    for (size_t i = 0; outcome && i < sizeof labels / sizeof *labels; i++)
        if (strcmp(outcome, labels[i][0]) == 0)
            return labels[i][1];
    return outcome;
}

/* ---- the CSV export and its check --------------------------------------- */

/* What each column of the export holds. The raw columns are the values the
 * hash covers, unchanged; the label columns are for reading only. */
enum csv_col {
    CSV_ID,
    CSV_AT,
    CSV_USER_ID,
    CSV_USERNAME,
    CSV_ROLE,
    CSV_SOURCE,
    CSV_ACTION_LABEL,
    CSV_OBJECT_LABEL,
    CSV_OUTCOME_LABEL,
    CSV_ACTION,
    CSV_OBJECT_TYPE,
    CSV_OBJECT_ID,
    CSV_OUTCOME,
    CSV_BEFORE,
    CSV_AFTER,
    CSV_PREV_HASH,
    CSV_HASH,
    CSV_EMPTY,
};

const char *const audit_csv_header[AUDIT_CSV_COLUMNS] = {
    [CSV_ID] = "序号",
    [CSV_AT] = "时间（UTC）",
    [CSV_USER_ID] = "用户编号",
    [CSV_USERNAME] = "用户名",
    [CSV_ROLE] = "角色",
    [CSV_SOURCE] = "来源地址",
    [CSV_ACTION_LABEL] = "操作",
    [CSV_OBJECT_LABEL] = "对象",
    [CSV_OUTCOME_LABEL] = "结果",
    [CSV_ACTION] = "操作代码",
    [CSV_OBJECT_TYPE] = "对象类型代码",
    [CSV_OBJECT_ID] = "对象编号",
    [CSV_OUTCOME] = "结果代码",
    [CSV_BEFORE] = "修改前",
    [CSV_AFTER] = "修改后",
    [CSV_PREV_HASH] = "前一条哈希",
    [CSV_HASH] = "本条哈希",
    [CSV_EMPTY] = "值为空串的列",
};

/* The 11 hashed columns in hash order, as export columns. */
static const enum csv_col hashed[11] = {CSV_AT,      CSV_USER_ID, CSV_USERNAME,    CSV_ROLE,
                                        CSV_SOURCE,  CSV_ACTION,  CSV_OBJECT_TYPE, CSV_OBJECT_ID,
                                        CSV_OUTCOME, CSV_BEFORE,  CSV_AFTER};

void audit_csv_cells(const struct audit_record *r, struct arena *a,
                     const char *cells[AUDIT_CSV_COLUMNS])
{
    for (size_t i = 0; i < AUDIT_CSV_COLUMNS; i++)
        cells[i] = NULL;
    cells[CSV_ID] = arena_sprintf(a, "%lld", r->id);
    cells[CSV_AT] = r->at;
    cells[CSV_USER_ID] = r->user_id ? arena_sprintf(a, "%lld", r->user_id) : NULL;
    cells[CSV_USERNAME] = r->username;
    cells[CSV_ROLE] = r->role;
    cells[CSV_SOURCE] = r->source_addr;
    cells[CSV_ACTION_LABEL] = audit_action_label(a, r->action, r->object_type);
    cells[CSV_OBJECT_LABEL] = audit_object_label(a, r->object_type);
    cells[CSV_OUTCOME_LABEL] = audit_outcome_label(r->outcome);
    cells[CSV_ACTION] = r->action;
    cells[CSV_OBJECT_TYPE] = r->object_type;
    cells[CSV_OBJECT_ID] = r->object_id;
    cells[CSV_OUTCOME] = r->outcome;
    cells[CSV_BEFORE] = r->before_json;
    cells[CSV_AFTER] = r->after_json;
    cells[CSV_PREV_HASH] = r->prev_hash;
    cells[CSV_HASH] = r->hash;
    /* A CSV cell cannot tell NULL from "": an empty cell reads as NULL,
     * and the hashed columns that hold "" are named here. */
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < 11; i++)
        if (cells[hashed[i]] && !*cells[hashed[i]])
            strbuf_printf(&sb, "%s%s", sb.len ? "、" : "", audit_csv_header[hashed[i]]);
    cells[CSV_EMPTY] = sb.len ? arena_strdup(a, strbuf_str(&sb)) : NULL;
    strbuf_release(&sb);
}

int audit_csv_columns(const char *const *header, size_t n, int map[AUDIT_CSV_COLUMNS],
                      const char **missing)
{
    *missing = NULL;
    for (size_t c = 0; c < AUDIT_CSV_COLUMNS; c++) {
        map[c] = -1;
        for (size_t i = 0; i < n && map[c] < 0; i++)
            if (header[i] && strcmp(header[i], audit_csv_header[c]) == 0)
                map[c] = (int)i;
        bool needed = c != CSV_ACTION_LABEL && c != CSV_OBJECT_LABEL && c != CSV_OUTCOME_LABEL;
        if (map[c] < 0 && needed && !*missing)
            *missing = audit_csv_header[c];
    }
    return *missing ? ERR_INVALID : 0;
}

/* Whether `name` is one of the "、"-separated names of `list`. */
static bool listed(const char *list, const char *name)
{
    size_t len = strlen(name);
    for (const char *p = list; p && (p = strstr(p, name)) != NULL; p += len) {
        bool starts = p == list || (p - list >= 3 && strncmp(p - 3, "、", 3) == 0);
        bool ends = p[len] == '\0' || strncmp(p + len, "、", 3) == 0;
        if (starts && ends)
            return true;
    }
    return false;
}

void audit_csv_record(const int map[AUDIT_CSV_COLUMNS], const char *const *cells, size_t n,
                      struct audit_record *out)
{
    const char *v[AUDIT_CSV_COLUMNS];
    for (size_t c = 0; c < AUDIT_CSV_COLUMNS; c++)
        v[c] = map[c] >= 0 && (size_t)map[c] < n ? cells[map[c]] : NULL;
    for (size_t i = 0; i < 11; i++)
        if (!v[hashed[i]] && listed(v[CSV_EMPTY], audit_csv_header[hashed[i]]))
            v[hashed[i]] = "";
        else if (v[hashed[i]] && !*v[hashed[i]])
            v[hashed[i]] = NULL;
    memset(out, 0, sizeof *out);
    out->id = v[CSV_ID] ? strtoll(v[CSV_ID], NULL, 10) : 0;
    out->user_id = v[CSV_USER_ID] ? strtoll(v[CSV_USER_ID], NULL, 10) : 0;
    out->user_id_text = v[CSV_USER_ID];
    out->at = v[CSV_AT];
    out->username = v[CSV_USERNAME];
    out->role = v[CSV_ROLE];
    out->source_addr = v[CSV_SOURCE];
    out->action = v[CSV_ACTION];
    out->object_type = v[CSV_OBJECT_TYPE];
    out->object_id = v[CSV_OBJECT_ID];
    out->outcome = v[CSV_OUTCOME];
    out->before_json = v[CSV_BEFORE];
    out->after_json = v[CSV_AFTER];
    out->prev_hash = v[CSV_PREV_HASH];
    out->hash = v[CSV_HASH];
}

int audit_check_records(const struct audit_record *r, size_t n, struct audit_check *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        const struct audit_record *x = &r[i];
        char uid[24];
        const char *user_id = x->user_id_text;
        if (!user_id && x->user_id) {
            snprintf(uid, sizeof uid, "%lld", x->user_id);
            user_id = uid;
        }
        const char *cols[11] = {x->at,          user_id,        x->username,    x->role,
                                x->source_addr, x->action,      x->object_type, x->object_id,
                                x->outcome,     x->before_json, x->after_json};
        char hash[HASH_MAX];
        const char *prev = x->prev_hash ? x->prev_hash : "";
        if (!well_formed(x->hash) || !well_formed(prev)) {
            out->first_bad = x->id;
            out->why = "哈希值缺失或格式不对";
            return ERR_CONFLICT;
        }
        hash_record(prev, cols, 11, is_sm3(x->hash), hash);
        if (strcmp(hash, x->hash) != 0) {
            out->first_bad = x->id;
            out->why = "记录内容与其哈希不符（该记录被修改）";
            return ERR_CONFLICT;
        }
        const char *why = algorithm_step(prev, x->hash, x->action, x->after_json, NULL, 0);
        if (why) {
            out->first_bad = x->id;
            out->why = why;
            return ERR_CONFLICT;
        }
        if (x->id == 1 && strcmp(prev, GENESIS) != 0) {
            out->first_bad = x->id;
            out->why = "第一条记录的前一条哈希应为 64 个 0";
            return ERR_CONFLICT;
        }
        if (i > 0 && x->id == r[i - 1].id + 1) {
            if (strcmp(prev, r[i - 1].hash) != 0) {
                out->first_bad = x->id;
                out->why = "前一条哈希与上一条记录的哈希不符（上一条被修改，或其间插入了记录）";
                return ERR_CONFLICT;
            }
        } else if (i > 0) {
            if (x->id <= r[i - 1].id) {
                out->first_bad = x->id;
                out->why = "序号不是递增的（记录被调换或重复）";
                return ERR_CONFLICT;
            }
            out->gaps++;
        }
        out->checked++;
    }
    return 0;
}
