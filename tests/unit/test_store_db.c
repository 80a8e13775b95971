/* test_store_db.c — the database interface over its driver: URL dispatch,
 * the statement cache (its eviction), RETURNING id, transaction hooks, and
 * the whole-database operations (tables, check, checkpoint, backup, in use). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "util/err.h"
#include "testdb.h"

struct fixture {
    char dir[64], path[96];
    struct db *db;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (testdb_open(f->dir, f->path, "db", &f->db) < 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    testdb_remove(f->dir, f->path, f->db);
    free(f);
    return 0;
}

static void test_url_dispatch(void **state)
{
    struct fixture *f = *state;
    struct db *db = NULL;
    char *msg = NULL;
    assert_int_equal(db_open("postgresql://localhost/cadre", &db, &msg), ERR_INVALID);
    assert_null(db);
    assert_non_null(strstr(msg, "PostgreSQL driver not built yet"));
    assert_non_null(strstr(msg, "驱动"));
    free(msg);
    msg = NULL;
    assert_int_equal(db_open("postgres://x", &db, &msg), ERR_INVALID);
    free(msg);
    /* "sqlite:" and a bare path open the same file. */
    char url[128];
    snprintf(url, sizeof url, "sqlite:%s", f->path);
    assert_int_equal(db_open(url, &db, &msg), 0);
    assert_string_equal(db_dialect(db), "sqlite");
    long long version = 0;
    assert_int_equal(db_query_int(db, "SELECT max(version) FROM schema_version", &version, 0), 0);
    assert_true(version >= 1);
    db_close(db);
    db_close(NULL);
    assert_int_equal(db_open("/nonexistent-dir/x/y.db", &db, &msg), ERR_IO);
    assert_non_null(msg);
    free(msg);
}

static void test_returning_id_and_changes(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(db_exec(f->db, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"), 0);
    struct db_stmt *st;
    long long first = 0, second = 0;
    assert_int_equal(db_prepare(f->db, "INSERT INTO t (v) VALUES (?) RETURNING id", &st), 0);
    db_bind_text(st, 1, "a");
    assert_int_equal(db_step_id(st, &first), 0);
    db_finalize(st);
    assert_int_equal(db_prepare(f->db, "INSERT INTO t (v) VALUES (?) RETURNING id", &st), 0);
    db_bind_text(st, 1, "b");
    assert_int_equal(db_step_id(st, &second), 0);
    db_finalize(st);
    assert_true(first > 0);
    assert_int_equal(second, first + 1);
    assert_int_equal(db_prepare(f->db, "UPDATE t SET v = ? WHERE id >= ?", &st), 0);
    db_bind_text(st, 1, "c");
    db_bind_int(st, 2, first);
    assert_int_equal(db_step(st), DB_DONE);
    db_finalize(st);
    assert_int_equal(db_changes(f->db), 2);
    /* A constraint: ERR_CONFLICT, nothing inserted. */
    assert_int_equal(db_prepare(f->db, "INSERT INTO t (id, v) VALUES (?, 'x') RETURNING id", &st),
                     0);
    db_bind_int(st, 1, first);
    long long id = -1;
    assert_int_equal(db_step_id(st, &id), ERR_CONFLICT);
    assert_int_equal(id, 0);
    db_finalize(st);
}

/* A one-row INSERT ... RETURNING id, which SQLite runs without RETURNING
 * (db.c, insert_id_sql): inside a transaction as outside, stepped with
 * db_step_id or row by row; an INSERT OR IGNORE that adds nothing has no
 * row; an UPDATE ... RETURNING and an INSERT ... SELECT run as written. */
static void test_returning_id_in_transaction(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(db_exec(f->db, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)"), 0);
    assert_int_equal(db_begin(f->db), 0);
    long long ids[3];
    for (int i = 0; i < 3; i++) {
        struct db_stmt *st;
        assert_int_equal(db_prepare(f->db, "INSERT INTO t (v) VALUES (?) RETURNING id", &st), 0);
        char v[8];
        snprintf(v, sizeof v, "v%d", i);
        db_bind_text(st, 1, v);
        if (i == 2) {
            assert_int_equal(db_step(st), DB_ROW);
            ids[i] = db_column_int(st, 0);
            assert_int_equal(db_step(st), DB_DONE);
        } else {
            assert_int_equal(db_step_id(st, &ids[i]), 0);
        }
        db_finalize(st);
    }
    assert_int_equal(ids[1], ids[0] + 1);
    assert_int_equal(ids[2], ids[1] + 1);
    long long found = 0;
    assert_int_equal(db_query_int(f->db, "SELECT id FROM t WHERE v = 'v2'", &found, 0), 0);
    assert_int_equal(found, ids[2]);
    struct db_stmt *st;
    assert_int_equal(
        db_prepare(f->db, "INSERT OR IGNORE INTO t (v) VALUES ('v0') RETURNING id", &st), 0);
    long long none = -1;
    assert_int_equal(db_step_id(st, &none), 0);
    assert_int_equal(none, 0);
    db_finalize(st);
    assert_int_equal(db_prepare(f->db, "UPDATE t SET v = v || 'x' WHERE id = ? RETURNING id", &st),
                     0);
    db_bind_int(st, 1, ids[1]);
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_column_int(st, 0), ids[1]);
    assert_int_equal(db_step(st), DB_DONE);
    db_finalize(st);
    assert_int_equal(
        db_prepare(f->db, "INSERT INTO t (v) SELECT v || 'y' FROM t ORDER BY id RETURNING id", &st),
        0);
    int rows = 0;
    while (db_step(st) == DB_ROW)
        rows++;
    db_finalize(st);
    assert_int_equal(rows, 3);
    assert_int_equal(db_commit(f->db), 0);
}

/* More distinct statements than the cache holds: the oldest are evicted
 * and prepared again, a statement in use never is. */
static void test_statement_cache_eviction(void **state)
{
    struct fixture *f = *state;
    struct db_stmt *held;
    assert_int_equal(db_prepare(f->db, "SELECT 'held'", &held), 0);
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 300; i++) {
            char sql[64];
            snprintf(sql, sizeof sql, "SELECT %d + ?", i);
            struct db_stmt *st;
            assert_int_equal(db_prepare(f->db, sql, &st), 0);
            assert_ptr_not_equal(st, held);
            db_bind_int(st, 1, 1);
            assert_int_equal(db_step(st), DB_ROW);
            assert_int_equal(db_column_int(st, 0), i + 1);
            db_finalize(st);
        }
    }
    assert_int_equal(db_step(held), DB_ROW);
    assert_string_equal(db_column_text(held, 0), "held");
    assert_string_equal(db_column_name(held, 0), "'held'");
    assert_int_equal(db_column_count(held), 1);
    db_finalize(held);
    /* The same text twice at once: two statements. */
    struct db_stmt *a, *b;
    assert_int_equal(db_prepare(f->db, "SELECT 1", &a), 0);
    assert_int_equal(db_prepare(f->db, "SELECT 1", &b), 0);
    assert_ptr_not_equal(a, b);
    db_finalize(a);
    db_finalize(b);
    struct db_stmt *bad = NULL;
    assert_int_equal(db_prepare(f->db, "SELEC nothing", &bad), ERR_INTERNAL);
}

static void record_event(void *arg, enum db_tx_event event)
{
    char *log = arg;
    size_t len = strlen(log);
    log[len] = event == DB_TX_COMMITTING ? 'c' : event == DB_TX_COMMITTED ? 'C' : 'R';
    log[len + 1] = '\0';
}

static void test_transaction_hooks(void **state)
{
    struct fixture *f = *state;
    char log[16] = "";
    assert_int_equal(db_begin(f->db), 0);
    assert_true(db_in_transaction(f->db));
    assert_int_equal(db_tx_hook(f->db, record_event, log), 0);
    assert_ptr_equal(db_tx_hook_arg(f->db, record_event), log);
    assert_int_equal(db_commit(f->db), 0);
    assert_false(db_in_transaction(f->db));
    assert_string_equal(log, "cC");
    assert_null(db_tx_hook_arg(f->db, record_event));
    log[0] = '\0';
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(db_tx_hook(f->db, record_event, log), 0);
    db_rollback(f->db);
    assert_string_equal(log, "R");
    db_rollback(f->db); /* none open: a no-op */
    /* Outside a transaction: at once. */
    log[0] = '\0';
    assert_int_equal(db_tx_hook(f->db, record_event, log), 0);
    assert_string_equal(log, "cC");
}

static int collect_table(void *arg, const char *name)
{
    char *names = arg;
    strcat(names, name);
    strcat(names, ",");
    return 0;
}

static void test_whole_database_operations(void **state)
{
    struct fixture *f = *state;
    bool exists = false;
    assert_int_equal(db_table_exists(f->db, "schema_version", &exists), 0);
    assert_true(exists);
    assert_int_equal(db_table_exists(f->db, "no_such_table", &exists), 0);
    assert_false(exists);
    char names[4096] = "";
    assert_int_equal(db_tables(f->db, collect_table, names), 0);
    assert_non_null(strstr(names, "people,"));
    assert_null(strstr(names, "sqlite_")); /* the engine's catalog is not ours */
    char *why = NULL;
    assert_int_equal(db_check(f->db, &why), 0);
    assert_null(why);
    assert_int_equal(db_checkpoint(f->db), 0);
    /* This process's own connection is no other process. */
    assert_false(db_in_use(f->path));
    assert_false(db_in_use("/nonexistent-dir/x.db"));
    assert_false(db_in_use("postgresql://localhost/cadre"));

    char copy[128];
    snprintf(copy, sizeof copy, "%s/copy.db", f->dir);
    assert_int_equal(db_backup(f->db, copy), 0);
    struct db *c = NULL;
    char *msg = NULL;
    assert_int_equal(db_open(copy, &c, &msg), 0);
    assert_int_equal(db_table_exists(c, "people", &exists), 0);
    assert_true(exists);
    assert_int_equal(db_set_read_only(c), 0);
    assert_int_equal(db_exec(c, "DELETE FROM people"), ERR_UNAVAILABLE);
    db_close(c);
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        char p[160];
        snprintf(p, sizeof p, "%s%s", copy, suffixes[i]);
        unlink(p);
    }

    /* A reference broken behind the engine's back (the SQLite driver's own
     * switch turned off) is found by the check. */
    assert_int_equal(db_exec(f->db, "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
                                    "CREATE TABLE child (parent_id INTEGER REFERENCES parent (id));"
                                    "PRAGMA foreign_keys = OFF;"
                                    "INSERT INTO child VALUES (5);"),
                     0);
    assert_int_equal(db_check(f->db, &why), ERR_INVALID);
    assert_non_null(why);
    free(why);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_url_dispatch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_returning_id_and_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_returning_id_in_transaction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_statement_cache_eviction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transaction_hooks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_whole_database_operations, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
