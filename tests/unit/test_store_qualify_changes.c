/* test_store_qualify_changes.c — the log of the people each qualification
 * version touched, on a real database (SQLite, or PostgreSQL under
 * CADRE_TEST_PG): one bump per transaction, each person once, everyone
 * past the cap or for a global write, nothing after a rollback, a version
 * missing from the log read as everyone, and the reverse 回避 lookup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "store/db.h"
#include "store/qualify_changes.h"
#include "store/qualify_data.h"
#include "testdb.h"
#include "util/err.h"

struct fixture {
    char dir[64], path[96];
    struct db *db;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (testdb_open(f->dir, f->path, "qualify-changes", &f->db) != 0)
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

static long long version(struct db *db)
{
    long long v = 0;
    assert_int_equal(qualify_data_version(db, &v), 0);
    return v;
}

/* The changes of (since, now]: the ids (at most 8 checked) and everyone. */
static size_t changes(struct db *db, long long since, long long *out, bool *everyone)
{
    long long *ids;
    size_t n;
    assert_int_equal(qualify_changes_since(db, since, version(db), 100, &ids, &n, everyone), 0);
    for (size_t i = 0; i < n && i < 8; i++)
        out[i] = ids[i];
    free(ids);
    return n;
}

static void test_one_version_per_transaction(void **state)
{
    struct fixture *f = *state;
    long long v0 = version(f->db), ids[8];
    bool everyone;
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(qualify_changes_touch(f->db, 7), 0);
    assert_int_equal(qualify_changes_touch(f->db, 5), 0);
    assert_int_equal(qualify_changes_touch(f->db, 7), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_int_equal(version(f->db), v0 + 1);
    assert_int_equal(changes(f->db, v0, ids, &everyone), 2);
    assert_false(everyone);
    assert_int_equal(ids[0], 5);
    assert_int_equal(ids[1], 7);

    /* Outside a transaction: a version of its own each. */
    assert_int_equal(qualify_changes_touch(f->db, 9), 0);
    assert_int_equal(qualify_changes_touch(f->db, 9), 0);
    assert_int_equal(version(f->db), v0 + 3);
    assert_int_equal(changes(f->db, v0, ids, &everyone), 3);
    assert_int_equal(ids[2], 9);
    assert_int_equal(changes(f->db, v0 + 3, ids, &everyone), 0);
    assert_false(everyone);
}

static void test_rollback_logs_nothing(void **state)
{
    struct fixture *f = *state;
    long long v0 = version(f->db), ids[8];
    bool everyone;
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(qualify_changes_touch(f->db, 3), 0);
    db_rollback(f->db);
    assert_int_equal(version(f->db), v0);
    assert_int_equal(qualify_changes_touch(f->db, 4), 0);
    assert_int_equal(changes(f->db, v0, ids, &everyone), 1);
    assert_int_equal(ids[0], 4);
}

static void test_everyone(void **state)
{
    struct fixture *f = *state;
    long long v0 = version(f->db), ids[8];
    bool everyone;
    /* A global write among person writes. */
    assert_int_equal(qualify_changes_touch(f->db, 3), 0);
    assert_int_equal(qualify_data_bump(f->db), 0);
    assert_int_equal(changes(f->db, v0, ids, &everyone), 0);
    assert_true(everyone);
    assert_int_equal(changes(f->db, v0 + 2, ids, &everyone), 0);
    assert_false(everyone);

    /* More people in one transaction than the cap. */
    long long v1 = version(f->db);
    assert_int_equal(db_begin(f->db), 0);
    for (long long id = 1; id <= QUALIFY_CHANGES_PERSONS_MAX + 1; id++)
        assert_int_equal(qualify_changes_touch(f->db, id), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_int_equal(version(f->db), v1 + 1);
    assert_int_equal(changes(f->db, v1, ids, &everyone), 0);
    assert_true(everyone);

    /* A version the log does not hold (pruned, or from an older binary). */
    long long v2 = version(f->db);
    assert_int_equal(db_exec(f->db, "UPDATE qualify_version SET version = version + 1"), 0);
    assert_int_equal(qualify_changes_touch(f->db, 3), 0);
    assert_int_equal(changes(f->db, v2, ids, &everyone), 0);
    assert_true(everyone);
    assert_int_equal(changes(f->db, v2 + 1, ids, &everyone), 1);
    assert_false(everyone);

    /* Further behind than the reader will go. */
    long long *many;
    size_t n;
    assert_int_equal(qualify_changes_since(f->db, v0, version(f->db), 2, &many, &n, &everyone), 0);
    assert_true(everyone);
    assert_int_equal(n, 0);
}

static void test_relatives_of(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(
        db_exec(
            f->db,
            "INSERT INTO people (id, name, gender, birth_date, id_number, status, created_at,"
            " updated_at) VALUES"
            " (1, '甲', '1', '1980-05-01', '110105198005010011', '1', '2025-01-01', '2025-01-01'),"
            " (2, '乙', '2', '1982-01-05', '110105198201050022', '1', '2025-01-01', '2025-01-01'),"
            " (3, '丙', '1', '1950-01-01', '110105195001010033', '1', '2025-01-01', '2025-01-01');"
            "INSERT INTO family (person_id, relation, name, birth_date, id_number) VALUES"
            " (1, '12', '乙', '1982-01-05', '110105198201050022'),"
            " (2, '11', '甲', '1980-05-01', NULL),"
            " (1, '51', '丁', '1950-01-01', NULL);"),
        0);
    long long *ids = NULL;
    size_t n = 0, cap = 0;
    assert_int_equal(qualify_changes_relatives_of(f->db, 2, &ids, &n, &cap), 0);
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], 1); /* by ID number */
    n = 0;
    assert_int_equal(qualify_changes_relatives_of(f->db, 1, &ids, &n, &cap), 0);
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], 2); /* by name and birth date */
    n = 0;
    assert_int_equal(qualify_changes_relatives_of(f->db, 3, &ids, &n, &cap), 0);
    assert_int_equal(n, 0); /* 丁 is not 丙 */
    n = 0;
    assert_int_equal(qualify_changes_relatives_of(f->db, 99, &ids, &n, &cap), 0);
    assert_int_equal(n, 0);
    free(ids);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_one_version_per_transaction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rollback_logs_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_everyone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_relatives_of, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
