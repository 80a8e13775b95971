/* db.h — the database interface: open by URL, prepared statements with
 * bound parameters, rows, transactions, and the few whole-database
 * operations (backup, integrity check, checkpoint, "in use"). Each call goes
 * through the driver table of the handle (struct db_driver below, as Redis's
 * ConnectionType): SQLite in sqlite.c, PostgreSQL in pg.c, so SQL
 * outside the drivers stays portable (docs/architecture.md, "The store and
 * its drivers"): plain `?` placeholders each bound once, ISO date text,
 * RETURNING id, no PRAGMA or catalog tables, LIKE's case rule explicit. */
#ifndef CADRE_DB_H
#define CADRE_DB_H

#include <stdbool.h>
#include <stddef.h>

struct db;
struct db_stmt;

/* db_step results besides the negative err codes. */
enum { DB_DONE = 0, DB_ROW = 1 };

/* Opens the database at `url`: a file path or "sqlite:PATH" (SQLite: the
 * file is created if missing; WAL, foreign keys and a busy timeout are
 * set); "postgresql://..." or "postgres://..." (a libpq URL: PostgreSQL,
 * docs/postgresql.md). Returns 0 and an owned handle (db_close), or ERR_IO / ERR_INVALID
 * with an owned Chinese (and English) message in `*msg` (free()). One
 * handle per thread: handles are not shared. */
int db_open(const char *url, struct db **out, char **msg);

/* Closes the handle and finalizes every cached statement. NULL is a no-op. */
void db_close(struct db *db);

/* Runs one or more statements without parameters (migrations, scripts).
 * Returns 0 or a negative err code (db_errmsg tells more). */
int db_exec(struct db *db, const char *sql);

/* Prepares `sql` (with `?` placeholders) or takes it from the handle's cache
 * of prepared statements (the same text is prepared once per handle).
 * Returns 0 and a statement to bind, step and give back with db_finalize,
 * or ERR_INTERNAL (a bad statement is our bug; logged). */
int db_prepare(struct db *db, const char *sql, struct db_stmt **out);

/* Binds parameter `i` (1-based). Text is copied; NULL text binds SQL NULL. */
void db_bind_int(struct db_stmt *st, int i, long long v);
void db_bind_double(struct db_stmt *st, int i, double v);
void db_bind_text(struct db_stmt *st, int i, const char *v);
void db_bind_blob(struct db_stmt *st, int i, const void *v, int len);
void db_bind_null(struct db_stmt *st, int i);

/* Advances to the next row: DB_ROW, DB_DONE, or ERR_CONFLICT (a constraint
 * failed), ERR_UNAVAILABLE (busy, read-only, disk full), ERR_IO. */
int db_step(struct db_stmt *st);

/* Steps an `INSERT ... RETURNING id` to its end: 0 and the new row's id in
 * `*id` (0 when nothing was inserted), or db_step's negative err code. The
 * statement stays the caller's (db_finalize). */
int db_step_id(struct db_stmt *st, long long *id);

/* Column values of the current row (0-based `col`). Text is borrowed until
 * the next db_step/db_finalize; NULL for SQL NULL. */
long long db_column_int(struct db_stmt *st, int col);
double db_column_double(struct db_stmt *st, int col);
const char *db_column_text(struct db_stmt *st, int col);
const void *db_column_blob(struct db_stmt *st, int col, int *len);
bool db_column_is_null(struct db_stmt *st, int col);
int db_column_count(struct db_stmt *st);
const char *db_column_name(struct db_stmt *st, int col);

/* Resets the statement for another run with new bindings (bindings cleared);
 * it stays the caller's. */
void db_reset(struct db_stmt *st);

/* Gives the statement back (reset, bindings cleared, kept in the cache).
 * NULL is a no-op. */
void db_finalize(struct db_stmt *st);

/* Transactions. db_begin takes the write lock at once (SQLite BEGIN
 * IMMEDIATE; PostgreSQL: an advisory lock every writer takes, at READ
 * COMMITTED) so a write transaction never fails half-way on a lock upgrade
 * and writers never interleave. db_begin_read opens one consistent
 * snapshot (PostgreSQL: REPEATABLE READ READ ONLY).
 * Returns 0 or a negative err code. db_rollback never fails (it is safe
 * when no transaction is open). */
int db_begin(struct db *db);
int db_begin_read(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);
bool db_in_transaction(struct db *db);

/* Sets the page cache of this handle to `kib` KiB (a hint: a backend
 * without a per-connection cache may ignore it). Returns 0 or err. */
int db_set_cache_kib(struct db *db, int kib);

/* What a transaction hook (db_tx_hook) is told, in this order:
 * DB_TX_COMMITTING just before COMMIT runs (the write lock is still held,
 * so hooks of successive transactions see their commits in commit order),
 * then exactly one of DB_TX_COMMITTED (COMMIT succeeded) or
 * DB_TX_ROLLED_BACK (rolled back, a failed COMMIT included, or the handle
 * closed with the transaction open); COMMITTING may be missing before
 * ROLLED_BACK, and may come twice when a failed COMMIT is retried. */
enum db_tx_event { DB_TX_COMMITTING, DB_TX_COMMITTED, DB_TX_ROLLED_BACK };

typedef void db_tx_fn(void *arg, enum db_tx_event event);

#define DB_TX_HOOKS 4

/* Registers fn(arg, event) for the open transaction; it is forgotten after
 * COMMITTED or ROLLED_BACK, so it runs for this transaction only. With no
 * transaction open (autocommit: the statement has committed already) fn is
 * called at once with COMMITTING, then COMMITTED. Returns 0, or
 * ERR_INTERNAL when DB_TX_HOOKS are registered already (our bug; fn is
 * then called with ROLLED_BACK at once, so `arg` is not leaked). */
int db_tx_hook(struct db *db, db_tx_fn *fn, void *arg);

/* The arg registered with `fn` in the open transaction, or NULL: lets a
 * module gather every change of one transaction into one record. */
void *db_tx_hook_arg(struct db *db, db_tx_fn *fn);

/* The rows changed by the last INSERT, UPDATE or DELETE. (A new row's id
 * is read with `INSERT ... RETURNING id`, a row like any other.) */
int db_changes(struct db *db);

/* The last error text of the handle (borrowed), for logs. */
const char *db_errmsg(struct db *db);

/* Convenience: runs `sql` with text parameters (`n` of them, NULL = SQL
 * NULL) and returns the first column of the first row as an integer in
 * `*out` (0 when there is no row). Returns 0 or a negative err code. */
int db_query_int(struct db *db, const char *sql, long long *out, int n, ...);

/* Convenience: runs the statement `sql` with one integer parameter (an id)
 * to its end. Returns 0 or a negative err code. */
int db_exec_id(struct db *db, const char *sql, long long id);

/* ---- whole-database operations (each the driver's own way) ---------- */

/* Online, consistent copy of the whole database into file `path` (SQLite:
 * the backup API), while other connections keep working. Returns 0 or ERR_IO. */
int db_backup(struct db *db, const char *path);

/* Checks the database's own consistency (SQLite: integrity_check and
 * foreign_key_check). Returns
 * 0, or ERR_INVALID with an owned Chinese reason in `*why` (free()). */
int db_check(struct db *db, char **why);

/* Calls fn(arg, name) for every table of the schema, in name order (the
 * engine's own catalog left out); stops when fn returns non-zero and
 * returns that. Returns 0 or a negative err code. */
int db_tables(struct db *db, int (*fn)(void *arg, const char *name), void *arg);

/* Whether table `name` exists (db_tables). Returns 0 and `*exists`, or a
 * negative err code. */
int db_table_exists(struct db *db, const char *name, bool *exists);

/* Folds what the handle's log holds back into the database, so the main
 * file alone is the database (SQLite: a TRUNCATE WAL checkpoint; a no-op
 * where there is no such log). Returns 0 or a negative err code. */
int db_checkpoint(struct db *db);

/* Makes the handle refuse writes from now on (a reader that must not
 * change anything by mistake). Returns 0 or a negative err code. */
int db_set_read_only(struct db *db);

/* Whether another process has the database at `url` open (SQLite: a
 * connection's lock on the -shm file), without opening it. False when it
 * cannot tell (no such file, or a driver that cannot know). */
bool db_in_use(const char *url);

/* Loading rows as they are (store/copy.c), inside the open write
 * transaction: with `on`, references are checked at COMMIT at the earliest
 * (SQLite: defer_foreign_keys) or not at all and triggers do not fire
 * (PostgreSQL: session_replication_role = replica, which needs a superuser
 * or, from PostgreSQL 15, that parameter granted); `off` ends it before the
 * commit. Returns 0 or a negative err code. */
int db_bulk_load(struct db *db, bool on);

/* After rows with explicit ids were written into `table`: the next id the
 * database generates follows the largest (PostgreSQL: setval of the id
 * column's sequence; SQLite needs nothing). Returns 0 or a negative err. */
int db_identity_sync(struct db *db, const char *table);

/* The secondary indexes of `table` set aside for a bulk insert into it,
 * in the open write transaction: each index the schema declares by CREATE
 * INDEX (not those of a PRIMARY KEY or UNIQUE constraint, which the
 * insert's own checks use) is dropped, and db_indexes_restore creates it
 * again from its definition, which builds it from the table's rows in one
 * sorted pass instead of one B-tree descent per row and index. Both in one
 * transaction: a rollback brings the indexes back as they were. A driver
 * without the operation (PostgreSQL: DROP INDEX would stop every reader of
 * the table until the commit) sets nothing aside. Returns 0 and `*out`
 * (owned: give it to db_indexes_restore; NULL when nothing was set aside),
 * or a negative err code with `*out` NULL (what was dropped stays dropped
 * until the caller rolls back). */
struct db_indexes;
int db_indexes_set_aside(struct db *db, const char *table, struct db_indexes **out);

/* Creates the indexes of `ix` again and frees `ix` (NULL: nothing to do).
 * Returns 0 or a negative err code; `ix` is freed either way. */
int db_indexes_restore(struct db *db, struct db_indexes *ix);

/* Calls fn(arg, name, sql) for each index db_indexes_set_aside would set
 * aside from `table`, by name (none under a driver without the operation);
 * stops at fn's nonzero return and returns it. Returns 0 or a negative err
 * code. */
int db_indexes_each(struct db *db, const char *table,
                    int (*fn)(void *arg, const char *name, const char *sql), void *arg);

/* The SQL dialect of the handle: the name of the migrations folder its
 * schema comes from ("sqlite"). Static text. */
const char *db_dialect(struct db *db);

/* ---- for drivers ------------------------------------------------------- */

/* A driver: what one database engine does behind the functions above. The
 * shared logic (URL dispatch, the statement cache, transaction hooks,
 * db_query_int) is db.c's; a driver sees only its own connection `conn`
 * and statement `stmt` handles, and maps its errors to err codes (step:
 * DB_ROW, DB_DONE, ERR_CONFLICT for a constraint, ERR_UNAVAILABLE for
 * busy/read-only/full, ERR_IO otherwise). The statement calls are the hot
 * path: one indirect call each, no allocation. */
struct db_driver {
    const char *name;    /* "sqlite" */
    const char *dialect; /* its migrations folder: src/store/migrations/<dialect>/ */
    /* `target` is the URL without the scheme that chose the driver. */
    int (*open)(const char *target, void **conn, char **msg);
    void (*close)(void *conn);
    int (*exec)(void *conn, const char *sql);
    /* A prepared statement, kept by db.c's cache until finalize. ERR_INTERNAL
     * for a bad statement (logged), ERR_UNAVAILABLE when busy. */
    int (*prepare)(void *conn, const char *sql, void **stmt);
    void (*finalize)(void *stmt);
    void (*bind_int)(void *stmt, int i, long long v);
    void (*bind_double)(void *stmt, int i, double v);
    void (*bind_text)(void *stmt, int i, const char *v); /* v is not NULL; copied */
    void (*bind_blob)(void *stmt, int i, const void *v, int len);
    void (*bind_null)(void *stmt, int i);
    int (*step)(void *stmt);
    long long (*column_int)(void *stmt, int col);
    double (*column_double)(void *stmt, int col);
    const char *(*column_text)(void *stmt, int col);
    const void *(*column_blob)(void *stmt, int col, int *len);
    bool (*column_is_null)(void *stmt, int col);
    int (*column_count)(void *stmt);
    const char *(*column_name)(void *stmt, int col);
    void (*reset)(void *stmt); /* for another run: reset, bindings cleared */
    int (*begin)(void *conn, bool write);
    int (*commit)(void *conn);
    void (*rollback)(void *conn); /* safe with no transaction open */
    bool (*in_transaction)(void *conn);
    int (*changes)(void *conn);
    const char *(*errmsg)(void *conn);
    int (*set_cache_kib)(void *conn, int kib);
    int (*set_read_only)(void *conn);
    int (*tables)(void *conn, int (*fn)(void *arg, const char *name), void *arg);
    int (*check)(void *conn, char **why);
    int (*backup)(void *conn, const char *path);
    int (*checkpoint)(void *conn);
    bool (*in_use)(const char *target);
    int (*bulk_load)(void *conn, bool on);
    int (*identity_sync)(void *conn, const char *table);
    /* Optional (NULL: RETURNING runs as written): the id of the row the last
     * INSERT added, which db_prepare then reads instead of running a one-row
     * INSERT's " RETURNING id" (see insert_id_sql in db.c). */
    long long (*last_insert_id)(void *conn);
    /* Optional (NULL: db_indexes_set_aside sets nothing aside): fn(arg,
     * name, CREATE INDEX statement) for each index declared on `table` by
     * name, stopping at a nonzero return (returned). */
    int (*indexes)(void *conn, const char *table,
                   int (*fn)(void *arg, const char *name, const char *sql), void *arg);
    /* Optional (NULL: each statement run by exec): runs the `n` CREATE
     * INDEX statements of db_indexes_restore. */
    int (*build_indexes)(void *conn, char *const *sql, size_t n);
};

/* The drivers built into this binary (sqlite.c, pg.c). */
extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_pg_driver;

#endif
