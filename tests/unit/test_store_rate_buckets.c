/* test_store_rate_buckets.c — the token buckets kept in the database, on a
 * real database (SQLite, or PostgreSQL under CADRE_TEST_PG): a burst, then
 * one token per interval, the wait until the next, two connections
 * drawing from one bucket, keys apart, and full buckets swept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "store/db.h"
#include "store/rate_buckets.h"
#include "testdb.h"
#include "util/err.h"

struct fixture {
    char dir[64], path[96];
    struct db *db;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (testdb_open(f->dir, f->path, "rate-buckets", &f->db) != 0)
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

static long long take(struct db *db, const char *key, long long now)
{
    long long wait = -1;
    assert_int_equal(rate_buckets_take(db, key, now, 1000, 3, &wait), 0);
    return wait;
}

static void test_burst_then_rate(void **state)
{
    struct fixture *f = *state;
    long long t = 1700000000000LL;
    for (int i = 0; i < 3; i++)
        assert_int_equal(take(f->db, "login:10.0.0.1", t), 0);
    assert_int_equal(take(f->db, "login:10.0.0.1", t), 1000);
    assert_int_equal(take(f->db, "login:10.0.0.1", t + 400), 600);
    /* Another key has its own bucket. */
    assert_int_equal(take(f->db, "login:10.0.0.2", t), 0);
    /* One token back per interval, never more than the burst. */
    assert_int_equal(take(f->db, "login:10.0.0.1", t + 1000), 0);
    assert_int_equal(take(f->db, "login:10.0.0.1", t + 1000), 1000);
    assert_int_equal(take(f->db, "login:10.0.0.1", t + 60000), 0);
    assert_int_equal(take(f->db, "login:10.0.0.1", t + 60000), 0);
    assert_int_equal(take(f->db, "login:10.0.0.1", t + 60000), 0);
    assert_int_equal(take(f->db, "login:10.0.0.1", t + 60000), 1000);
}

static void test_two_connections_one_bucket(void **state)
{
    struct fixture *f = *state;
    struct db *other = NULL;
    char *msg = NULL;
    assert_int_equal(db_open(f->path, &other, &msg), 0);
    long long t = 1700000000000LL;
    assert_int_equal(take(f->db, "submit_all:*", t), 0);
    assert_int_equal(take(other, "submit_all:*", t), 0);
    assert_int_equal(take(f->db, "submit_all:*", t), 0);
    assert_int_equal(take(other, "submit_all:*", t), 1000);
    db_close(other);
}

static void test_full_buckets_swept(void **state)
{
    struct fixture *f = *state;
    long long t = 1700000000000LL, n = -1;
    assert_int_equal(take(f->db, "submit:10.0.0.1", t), 0);
    assert_int_equal(take(f->db, "submit:10.0.0.2", t), 0);
    /* A new bucket much later sweeps those two, full again since. */
    assert_int_equal(take(f->db, "submit:10.0.0.3", t + 10000), 0);
    assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM rate_buckets", &n, 0), 0);
    assert_int_equal(n, 1);
    long long wait;
    char key[RATE_BUCKETS_KEY_MAX + 2];
    memset(key, 'k', sizeof key - 1);
    key[sizeof key - 1] = 0;
    assert_int_equal(rate_buckets_take(f->db, key, t, 1000, 3, &wait), ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_burst_then_rate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_connections_one_bucket, setup, teardown),
        cmocka_unit_test_setup_teardown(test_full_buckets_swept, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
