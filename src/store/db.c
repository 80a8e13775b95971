/* db.c — what every driver shares behind db.h: choosing the driver from the
 * URL, the per-handle cache of prepared statements (the hot queries are
 * prepared once per server thread), transaction hooks, and the calls that
 * forward to the driver table. */
#include "store/db.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/log.h"
#include "util/xmalloc.h"

#define STMT_CACHE 128

struct db_stmt {
    void *impl;                  /* the driver's statement */
    const struct db_driver *drv; /* = db->drv, one load less on the hot path */
    struct db *db;
    const char *sql; /* key of the cache entry (owned by the entry) */
    bool in_use;
    /* A one-row INSERT prepared without its " RETURNING id" (insert_id_sql):
     * its row, the new id, is made up from the driver's last_insert_id. */
    bool insert_id;
    bool id_row; /* that row was handed out: the next step is DB_DONE */
    long long new_id;
};

struct tx_hook {
    db_tx_fn *fn;
    void *arg;
};

struct db {
    const struct db_driver *drv;
    void *conn;
    struct db_stmt cache[STMT_CACHE];
    int ncache;
    int next_evict;
    struct tx_hook hooks[DB_TX_HOOKS];
    int nhooks;
};

/* URL schemes and their drivers; a NULL driver is a known engine whose
 * driver this binary does not have. A URL with no scheme is a SQLite path. */
static const struct {
    const char *scheme;
    const struct db_driver *driver;
} schemes[] = {
    {"sqlite:", &db_sqlite_driver},
    {"postgresql://", &db_pg_driver},
    {"postgres://", &db_pg_driver},
};

/* The driver for `url` and the rest of the URL after its scheme (the whole
 * URL for a path); NULL for an engine not built in. */
static const struct db_driver *driver_for(const char *url, const char **target)
{
    *target = url;
    for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++) {
        size_t len = strlen(schemes[i].scheme);
        if (strncmp(url, schemes[i].scheme, len) == 0) {
            *target = url + len;
            return schemes[i].driver;
        }
    }
    return &db_sqlite_driver;
}

int db_open(const char *url, struct db **out, char **msg)
{
    *out = NULL;
    if (msg)
        *msg = NULL;
    const char *target;
    const struct db_driver *drv = driver_for(url, &target);
    if (!drv) {
        if (msg)
            *msg = xstrdup("PostgreSQL 驱动尚未提供 (PostgreSQL driver not built yet)");
        return ERR_INVALID;
    }
    void *conn = NULL;
    char *why = NULL;
    int rc = drv->open(target, &conn, &why);
    if (rc < 0) {
        if (msg)
            *msg = why;
        else
            free(why);
        return rc;
    }
    struct db *db = xcalloc(1, sizeof *db);
    db->drv = drv;
    db->conn = conn;
    *out = db;
    return 0;
}

/* Tells every hook `event`; the final events also forget them. */
static void run_hooks(struct db *db, enum db_tx_event event)
{
    int n = db->nhooks;
    if (event != DB_TX_COMMITTING)
        db->nhooks = 0;
    for (int i = 0; i < n; i++)
        db->hooks[i].fn(db->hooks[i].arg, event);
}

void db_close(struct db *db)
{
    if (!db)
        return;
    run_hooks(db, DB_TX_ROLLED_BACK);
    for (int i = 0; i < db->ncache; i++) {
        db->drv->finalize(db->cache[i].impl);
        free((char *)db->cache[i].sql);
    }
    db->drv->close(db->conn);
    free(db);
}

int db_exec(struct db *db, const char *sql)
{
    return db->drv->exec(db->conn, sql);
}

/* The length of `sql` without its " RETURNING id" when it is a one-row
 * `INSERT INTO t (...) VALUES (...) RETURNING id` that the driver can run
 * without RETURNING (it has last_insert_id), else 0. Why: SQLite runs
 * RETURNING as a trigger, and a statement with a trigger that may fail a
 * constraint keeps a statement journal inside a transaction, a copy of
 * every page it changes — on the people table (21 indexes) that tripled
 * the cost of each insert of the roster import. The SQL above the driver
 * stays portable; PostgreSQL runs the RETURNING. */
static size_t insert_id_sql(const struct db *db, const char *sql)
{
    static const char suffix[] = " RETURNING id";
    size_t n = strlen(sql), k = sizeof suffix - 1;
    if (!db->drv->last_insert_id || strncmp(sql, "INSERT INTO ", 12) != 0 || n <= k ||
        strcmp(sql + n - k, suffix) != 0)
        return 0;
    /* One row of VALUES, no upsert: the last insert id is that row's. */
    if (strstr(sql, "SELECT") || strstr(sql, "ON CONFLICT") || strstr(sql, "),"))
        return 0;
    return n - k;
}

int db_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
    for (int i = 0; i < db->ncache; i++) {
        struct db_stmt *c = &db->cache[i];
        if (!c->in_use && strcmp(c->sql, sql) == 0) {
            c->in_use = true;
            *out = c;
            return 0;
        }
    }
    void *impl = NULL;
    size_t stem = insert_id_sql(db, sql);
    char *stripped = stem ? xstrndup(sql, stem) : NULL;
    int rc = db->drv->prepare(db->conn, stripped ? stripped : sql, &impl);
    free(stripped);
    if (rc < 0)
        return rc;
    struct db_stmt *slot = NULL;
    if (db->ncache < STMT_CACHE) {
        slot = &db->cache[db->ncache++];
    } else {
        /* Evict round-robin among statements not in use. */
        for (int tries = 0; tries < STMT_CACHE && !slot; tries++) {
            struct db_stmt *c = &db->cache[db->next_evict];
            db->next_evict = (db->next_evict + 1) % STMT_CACHE;
            if (!c->in_use)
                slot = c;
        }
        if (!slot) {
            log_error("statement cache exhausted");
            db->drv->finalize(impl);
            return ERR_INTERNAL;
        }
        db->drv->finalize(slot->impl);
        free((char *)slot->sql);
    }
    slot->impl = impl;
    slot->drv = db->drv;
    slot->db = db;
    slot->sql = xstrdup(sql);
    slot->in_use = true;
    slot->insert_id = stem > 0;
    slot->id_row = false;
    *out = slot;
    return 0;
}

void db_bind_int(struct db_stmt *st, int i, long long v)
{
    st->drv->bind_int(st->impl, i, v);
}

void db_bind_double(struct db_stmt *st, int i, double v)
{
    st->drv->bind_double(st->impl, i, v);
}

void db_bind_text(struct db_stmt *st, int i, const char *v)
{
    if (v)
        st->drv->bind_text(st->impl, i, v);
    else
        st->drv->bind_null(st->impl, i);
}

void db_bind_blob(struct db_stmt *st, int i, const void *v, int len)
{
    st->drv->bind_blob(st->impl, i, v, len);
}

void db_bind_null(struct db_stmt *st, int i)
{
    st->drv->bind_null(st->impl, i);
}

/* db_step of an insert_id statement: the INSERT, then its one row. */
static int step_insert_id(struct db_stmt *st)
{
    if (st->id_row) {
        st->id_row = false;
        return DB_DONE;
    }
    int rc = st->drv->step(st->impl);
    if (rc != DB_DONE || st->drv->changes(st->db->conn) == 0)
        return rc;
    st->new_id = st->drv->last_insert_id(st->db->conn);
    st->id_row = true;
    return DB_ROW;
}

int db_step(struct db_stmt *st)
{
    if (st->insert_id)
        return step_insert_id(st);
    return st->drv->step(st->impl);
}

int db_step_id(struct db_stmt *st, long long *id)
{
    *id = 0;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_column_int(st, 0);
        rc = db_step(st);
    }
    return rc < 0 ? rc : 0;
}

long long db_column_int(struct db_stmt *st, int col)
{
    if (st->insert_id)
        return st->new_id; /* the one column, id */
    return st->drv->column_int(st->impl, col);
}

double db_column_double(struct db_stmt *st, int col)
{
    return st->drv->column_double(st->impl, col);
}

const char *db_column_text(struct db_stmt *st, int col)
{
    return st->drv->column_text(st->impl, col);
}

const void *db_column_blob(struct db_stmt *st, int col, int *len)
{
    return st->drv->column_blob(st->impl, col, len);
}

bool db_column_is_null(struct db_stmt *st, int col)
{
    return st->drv->column_is_null(st->impl, col);
}

int db_column_count(struct db_stmt *st)
{
    return st->drv->column_count(st->impl);
}

const char *db_column_name(struct db_stmt *st, int col)
{
    return st->drv->column_name(st->impl, col);
}

void db_reset(struct db_stmt *st)
{
    st->drv->reset(st->impl);
    st->id_row = false;
}

void db_finalize(struct db_stmt *st)
{
    if (!st)
        return;
    st->drv->reset(st->impl);
    st->id_row = false;
    st->in_use = false;
}

int db_begin(struct db *db)
{
    return db->drv->begin(db->conn, true);
}

int db_begin_read(struct db *db)
{
    return db->drv->begin(db->conn, false);
}

int db_commit(struct db *db)
{
    if (db->nhooks == 0)
        return db->drv->commit(db->conn);
    run_hooks(db, DB_TX_COMMITTING);
    int rc = db->drv->commit(db->conn);
    if (rc == 0)
        run_hooks(db, DB_TX_COMMITTED);
    else if (!db->drv->in_transaction(db->conn))
        run_hooks(db, DB_TX_ROLLED_BACK); /* the engine rolled it back itself */
    return rc;
}

void db_rollback(struct db *db)
{
    db->drv->rollback(db->conn);
    run_hooks(db, DB_TX_ROLLED_BACK);
}

bool db_in_transaction(struct db *db)
{
    return db->drv->in_transaction(db->conn);
}

int db_tx_hook(struct db *db, db_tx_fn *fn, void *arg)
{
    if (!db->drv->in_transaction(db->conn)) {
        fn(arg, DB_TX_COMMITTING);
        fn(arg, DB_TX_COMMITTED);
        return 0;
    }
    if (db->nhooks == DB_TX_HOOKS) {
        log_error("db_tx_hook: more than %d hooks in one transaction", DB_TX_HOOKS);
        fn(arg, DB_TX_ROLLED_BACK);
        return ERR_INTERNAL;
    }
    db->hooks[db->nhooks++] = (struct tx_hook){fn, arg};
    return 0;
}

void *db_tx_hook_arg(struct db *db, db_tx_fn *fn)
{
    for (int i = 0; i < db->nhooks; i++)
        if (db->hooks[i].fn == fn)
            return db->hooks[i].arg;
    return NULL;
}

int db_set_cache_kib(struct db *db, int kib)
{
    return db->drv->set_cache_kib(db->conn, kib);
}

int db_changes(struct db *db)
{
    return db->drv->changes(db->conn);
}

const char *db_errmsg(struct db *db)
{
    return db->drv->errmsg(db->conn);
}

int db_exec_id(struct db *db, const char *sql, long long id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int db_query_int(struct db *db, const char *sql, long long *out, int n, ...)
{
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        db_bind_text(st, i + 1, va_arg(ap, const char *));
    va_end(ap);
    *out = 0;
    rc = db_step(st);
    if (rc == DB_ROW)
        *out = db_column_int(st, 0);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int db_backup(struct db *db, const char *path)
{
    return db->drv->backup(db->conn, path);
}

int db_check(struct db *db, char **why)
{
    *why = NULL;
    return db->drv->check(db->conn, why);
}

int db_tables(struct db *db, int (*fn)(void *arg, const char *name), void *arg)
{
    return db->drv->tables(db->conn, fn, arg);
}

struct table_probe {
    const char *name;
    bool *exists;
};

static int probe_table(void *arg, const char *name)
{
    struct table_probe *p = arg;
    if (strcmp(p->name, name) == 0)
        *p->exists = true;
    return *p->exists;
}

int db_table_exists(struct db *db, const char *name, bool *exists)
{
    *exists = false;
    struct table_probe p = {name, exists};
    int rc = db_tables(db, probe_table, &p);
    return rc < 0 ? rc : 0;
}

int db_checkpoint(struct db *db)
{
    return db->drv->checkpoint(db->conn);
}

int db_set_read_only(struct db *db)
{
    return db->drv->set_read_only(db->conn);
}

bool db_in_use(const char *url)
{
    const char *target;
    const struct db_driver *drv = driver_for(url, &target);
    return drv && drv->in_use(target);
}

int db_bulk_load(struct db *db, bool on)
{
    return db->drv->bulk_load(db->conn, on);
}

int db_identity_sync(struct db *db, const char *table)
{
    return db->drv->identity_sync(db->conn, table);
}

int db_indexes_each(struct db *db, const char *table,
                    int (*fn)(void *arg, const char *name, const char *sql), void *arg)
{
    return db->drv->indexes ? db->drv->indexes(db->conn, table, fn, arg) : 0;
}

struct db_indexes {
    size_t n, cap;
    char **name, **sql; /* owned: each index's name and CREATE INDEX statement */
};

static void indexes_free(struct db_indexes *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i < ix->n; i++) {
        free(ix->name[i]);
        free(ix->sql[i]);
    }
    free(ix->name);
    free(ix->sql);
    free(ix);
}

static int index_collect(void *arg, const char *name, const char *sql)
{
    struct db_indexes *ix = arg;
    /* Our own names ([a-z0-9_]): anything else is left where it is. */
    if (!name || !*name || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(name) ||
        !sql)
        return 0;
    if (ix->n == ix->cap) {
        ix->cap = ix->cap ? 2 * ix->cap : 16;
        ix->name = xrealloc(ix->name, ix->cap * sizeof *ix->name);
        ix->sql = xrealloc(ix->sql, ix->cap * sizeof *ix->sql);
    }
    ix->name[ix->n] = xstrdup(name);
    ix->sql[ix->n++] = xstrdup(sql);
    return 0;
}

int db_indexes_set_aside(struct db *db, const char *table, struct db_indexes **out)
{
    *out = NULL;
    struct db_indexes *ix = xcalloc(1, sizeof *ix);
    int rc = db_indexes_each(db, table, index_collect, ix);
    for (size_t i = 0; rc == 0 && i < ix->n; i++) {
        char *drop = xasprintf("DROP INDEX %s", ix->name[i]);
        rc = db_exec(db, drop);
        free(drop);
    }
    if (rc < 0 || ix->n == 0) {
        indexes_free(ix);
        return rc < 0 ? rc : 0;
    }
    *out = ix;
    return 0;
}

int db_indexes_restore(struct db *db, struct db_indexes *ix)
{
    int rc = 0;
    if (ix && db->drv->build_indexes)
        rc = db->drv->build_indexes(db->conn, ix->sql, ix->n);
    else
        for (size_t i = 0; ix && rc == 0 && i < ix->n; i++)
            rc = db_exec(db, ix->sql[i]);
    indexes_free(ix);
    return rc;
}

const char *db_dialect(struct db *db)
{
    return db->drv->dialect;
}
