/* sqlite.c — the SQLite driver behind db.h (struct db_driver): WAL, foreign
 * keys, a busy timeout; and the SQLite ways of the whole-database
 * operations: the backup API, integrity_check, WAL checkpoint, and the
 * -shm lock that tells whether another process has the file open. */
#include "store/db.h"

#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/err.h"
#include "util/log.h"
#include "util/xmalloc.h"

static int map_rc(sqlite3 *conn, int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
        return DB_DONE;
    case SQLITE_ROW:
        return DB_ROW;
    case SQLITE_CONSTRAINT:
        return ERR_CONFLICT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_READONLY:
    case SQLITE_FULL:
        log_warn("database unavailable: %s", sqlite3_errmsg(conn));
        return ERR_UNAVAILABLE;
    case SQLITE_NOMEM:
        log_error("database out of memory");
        abort();
    default:
        log_error("database error %d: %s", rc, sqlite3_errmsg(conn));
        return ERR_IO;
    }
}

/* Before SQLite initialises (its first open): no memory statistics. With
 * them every allocation of every connection takes one process-wide mutex
 * (3% of the instructions of a roster import); nothing here reads them. */
static void lite_configure(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int lite_open(const char *path, void **out, char **msg)
{
    static pthread_once_t configured = PTHREAD_ONCE_INIT;
    pthread_once(&configured, lite_configure);
    sqlite3 *conn = NULL;
    int rc = sqlite3_open_v2(
        path, &conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        *msg = xasprintf("无法打开数据库 %s: %s", path,
                         conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc));
        sqlite3_close(conn);
        return ERR_IO;
    }
    sqlite3_extended_result_codes(conn, 1);
    sqlite3_busy_timeout(conn, 5000);
    /* 16 MB of page cache: bulk work (an import of 100,000 people) runs
     * 14% slower with 4 MiB. The server lowers it per thread (server.c). */
    const char *setup = "PRAGMA journal_mode=WAL;"
                        "PRAGMA synchronous=NORMAL;"
                        "PRAGMA foreign_keys=ON;"
                        "PRAGMA temp_store=MEMORY;"
                        "PRAGMA cache_size=-16000;";
    char *err = NULL;
    if (sqlite3_exec(conn, setup, NULL, NULL, &err) != SQLITE_OK) {
        *msg = xasprintf("无法设置数据库 %s: %s", path, err ? err : "?");
        sqlite3_free(err);
        sqlite3_close(conn);
        return ERR_IO;
    }
    *out = conn;
    return 0;
}

static void lite_close(void *conn)
{
    sqlite3_close(conn);
}

static int lite_exec(void *conn, const char *sql)
{
    char *err = NULL;
    int rc = sqlite3_exec(conn, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK)
        log_warn("db_exec: %s", err ? err : sqlite3_errstr(rc));
    sqlite3_free(err);
    return map_rc(conn, rc);
}

static int lite_prepare(void *conn, const char *sql, void **out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK) {
        log_error("prepare failed: %s in: %s", sqlite3_errmsg(conn), sql);
        return rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? ERR_UNAVAILABLE : ERR_INTERNAL;
    }
    *out = st;
    return 0;
}

static void lite_finalize(void *st)
{
    sqlite3_finalize(st);
}

static void lite_bind_int(void *st, int i, long long v)
{
    sqlite3_bind_int64(st, i, v);
}

static void lite_bind_double(void *st, int i, double v)
{
    sqlite3_bind_double(st, i, v);
}

static void lite_bind_text(void *st, int i, const char *v)
{
    sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

static void lite_bind_blob(void *st, int i, const void *v, int len)
{
    sqlite3_bind_blob(st, i, v, len, SQLITE_TRANSIENT);
}

static void lite_bind_null(void *st, int i)
{
    sqlite3_bind_null(st, i);
}

static int lite_step(void *st)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return DB_ROW;
    if (rc == SQLITE_DONE)
        return DB_DONE;
    return map_rc(sqlite3_db_handle(st), rc);
}

static long long lite_column_int(void *st, int col)
{
    return sqlite3_column_int64(st, col);
}

static double lite_column_double(void *st, int col)
{
    return sqlite3_column_double(st, col);
}

static const char *lite_column_text(void *st, int col)
{
    return (const char *)sqlite3_column_text(st, col);
}

static const void *lite_column_blob(void *st, int col, int *len)
{
    const void *p = sqlite3_column_blob(st, col);
    *len = sqlite3_column_bytes(st, col);
    return p;
}

static bool lite_column_is_null(void *st, int col)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL;
}

static int lite_column_count(void *st)
{
    return sqlite3_column_count(st);
}

static const char *lite_column_name(void *st, int col)
{
    return sqlite3_column_name(st, col);
}

static void lite_reset(void *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

/* A write transaction takes the write lock at once (BEGIN IMMEDIATE), so
 * it never fails half-way on a lock upgrade. */
static int lite_begin(void *conn, bool write)
{
    return lite_exec(conn, write ? "BEGIN IMMEDIATE" : "BEGIN");
}

static int lite_commit(void *conn)
{
    return lite_exec(conn, "COMMIT");
}

static void lite_rollback(void *conn)
{
    if (!sqlite3_get_autocommit(conn))
        sqlite3_exec(conn, "ROLLBACK", NULL, NULL, NULL);
}

static bool lite_in_transaction(void *conn)
{
    return !sqlite3_get_autocommit(conn);
}

static int lite_changes(void *conn)
{
    return sqlite3_changes(conn);
}

static long long lite_last_insert_id(void *conn)
{
    return sqlite3_last_insert_rowid(conn);
}

static const char *lite_errmsg(void *conn)
{
    return sqlite3_errmsg(conn);
}

static int lite_set_cache_kib(void *conn, int kib)
{
    char sql[48];
    snprintf(sql, sizeof sql, "PRAGMA cache_size=-%d", kib);
    return lite_exec(conn, sql);
}

static int lite_set_read_only(void *conn)
{
    return lite_exec(conn, "PRAGMA query_only = ON");
}

static int lite_tables(void *conn, int (*fn)(void *arg, const char *name), void *arg)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(conn,
                                "SELECT name FROM sqlite_master WHERE type = 'table'"
                                " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                                -1, &st, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(st);
        return map_rc(conn, rc);
    }
    int stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW)
        stop = fn(arg, (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (stop)
        return stop;
    return rc == SQLITE_DONE ? 0 : map_rc(conn, rc);
}

/* The indexes of `table` with a CREATE INDEX statement of their own
 * (those of PRIMARY KEY and UNIQUE constraints have none). */
static int lite_indexes(void *conn, const char *table,
                        int (*fn)(void *arg, const char *name, const char *sql), void *arg)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(conn,
                                "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                                " AND tbl_name = ?1 AND sql IS NOT NULL ORDER BY name",
                                -1, &st, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(st);
        return map_rc(conn, rc);
    }
    sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
    int stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW)
        stop = fn(arg, (const char *)sqlite3_column_text(st, 0),
                  (const char *)sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    if (stop)
        return stop;
    return rc == SQLITE_DONE ? 0 : map_rc(conn, rc);
}

/* The indexes of a bulk load built again, in the caller's transaction.
 * (Raising the page cache to 64 MiB for the builds was measured: no gain
 * beyond the noise, 46 MB more peak memory; not done.) */
static int lite_build_indexes(void *conn, char *const *sql, size_t n)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = lite_exec(conn, sql[i]);
    return rc;
}

/* The first row of a check PRAGMA as text into `*out` (owned; NULL when
 * it gives no row). Returns 0 or ERR_INVALID when it cannot run. */
static int first_row(sqlite3 *conn, const char *sql, char **out)
{
    *out = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(conn, sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return ERR_INVALID;
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        *out = xstrdup(v ? v : "");
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : ERR_INVALID;
}

static int lite_check(void *conn, char **why)
{
    char *v = NULL;
    if (first_row(conn, "PRAGMA integrity_check", &v) < 0) {
        *why = xasprintf("无法读取数据库文件：%s", sqlite3_errmsg(conn));
        return ERR_INVALID;
    }
    if (!v || strcmp(v, "ok") != 0)
        *why = xasprintf("数据库文件已损坏（integrity_check: %s）", v ? v : "无结果");
    free(v);
    /* A row here names a table with a reference to a missing row. */
    if (!*why && first_row(conn, "PRAGMA foreign_key_check", &v) == 0 && v) {
        *why = xasprintf("数据库文件有断开的引用（foreign_key_check: 表 %s）", v);
        free(v);
    }
    return *why ? ERR_INVALID : 0;
}

static int lite_backup(void *conn, const char *path)
{
    sqlite3 *dest = NULL;
    int rc = sqlite3_open_v2(path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_backup *b = sqlite3_backup_init(dest, "main", conn, "main");
        if (b) {
            do {
                rc = sqlite3_backup_step(b, 256);
                if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                    sqlite3_sleep(20);
            } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
            sqlite3_backup_finish(b);
        }
        rc = sqlite3_errcode(dest);
    }
    if (rc != SQLITE_OK)
        log_error("backup to %s failed: %s", path, dest ? sqlite3_errmsg(dest) : "open");
    sqlite3_close(dest);
    return rc == SQLITE_OK ? 0 : ERR_IO;
}

static int lite_checkpoint(void *conn)
{
    return lite_exec(conn, "PRAGMA wal_checkpoint(TRUNCATE)");
}

/* Every connection to a database in WAL mode holds a shared lock on the
 * "dead man switch" byte of the -shm file (offset 128 in SQLite's unix VFS:
 * 120 + 8 locks), so a test for a write lock there finds one. */
static bool lite_in_use(const char *path)
{
    char *shm = xasprintf("%s-shm", path);
    int fd = open(shm, O_RDONLY | O_CLOEXEC);
    free(shm);
    if (fd < 0)
        return false;
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 128, .l_len = 1};
    bool used = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
    close(fd);
    return used;
}

/* foreign_keys cannot change inside a transaction; deferring them can (and
 * ends by itself at COMMIT). */
static int lite_bulk_load(void *conn, bool on)
{
    return on ? lite_exec(conn, "PRAGMA defer_foreign_keys = ON") : 0;
}

/* INTEGER PRIMARY KEY takes the largest id + 1 by itself. */
static int lite_identity_sync(void *conn, const char *table)
{
    (void)conn;
    (void)table;
    return 0;
}

const struct db_driver db_sqlite_driver = {
    .name = "sqlite",
    .dialect = "sqlite",
    .open = lite_open,
    .close = lite_close,
    .exec = lite_exec,
    .prepare = lite_prepare,
    .finalize = lite_finalize,
    .bind_int = lite_bind_int,
    .bind_double = lite_bind_double,
    .bind_text = lite_bind_text,
    .bind_blob = lite_bind_blob,
    .bind_null = lite_bind_null,
    .step = lite_step,
    .column_int = lite_column_int,
    .column_double = lite_column_double,
    .column_text = lite_column_text,
    .column_blob = lite_column_blob,
    .column_is_null = lite_column_is_null,
    .column_count = lite_column_count,
    .column_name = lite_column_name,
    .reset = lite_reset,
    .begin = lite_begin,
    .commit = lite_commit,
    .rollback = lite_rollback,
    .in_transaction = lite_in_transaction,
    .changes = lite_changes,
    .errmsg = lite_errmsg,
    .set_cache_kib = lite_set_cache_kib,
    .set_read_only = lite_set_read_only,
    .tables = lite_tables,
    .check = lite_check,
    .backup = lite_backup,
    .checkpoint = lite_checkpoint,
    .in_use = lite_in_use,
    .bulk_load = lite_bulk_load,
    .identity_sync = lite_identity_sync,
    .last_insert_id = lite_last_insert_id,
    .indexes = lite_indexes,
    .build_indexes = lite_build_indexes,
};
