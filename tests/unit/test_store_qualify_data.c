/* test_store_qualify_data.c — the 资格名单's readers on a real SQLite file:
 * walking by ranges of person ids (parts of a multi-threaded walk), the
 * lean columns, and read connections that share one snapshot while
 * another connection writes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "store/db.h"
#include "store/qualify_data.h"
#include "testdb.h"
#include "util/err.h"

struct fixture {
    char dir[64], path[96];
    struct db *db;
};

/* People 1, 2, 5000 and 9000 (three parts of 4,096 ids), each with a rank. */
static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (testdb_open(f->dir, f->path, "qualify-data", &f->db) != 0)
        return -1;
    static const long long ids[] = {1, 2, 5000, 9000};
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        char sql[512];
        snprintf(sql, sizeof sql,
                 "INSERT INTO people (id, name, gender, birth_date, id_number, status, "
                 "created_at, updated_at) VALUES (%lld, '干部%lld', '1', '1980-05-01', "
                 "'11010519800501%04lld', '1', '2025-01-01', '2025-01-01');"
                 "INSERT INTO career (person_id, kind, rank, start_date) "
                 "VALUES (%lld, 'rank', '06', '2020-01-01');",
                 ids[i], ids[i], ids[i], ids[i]);
        if (db_exec(f->db, sql) != 0)
            return -1;
    }
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

struct seen {
    long long ids[8];
    size_t n, careers;
    bool id_number_read;
};

static int collect(const struct qualify_subject *s, void *arg)
{
    struct seen *seen = arg;
    if (seen->n < 8)
        seen->ids[seen->n++] = s->person.id;
    seen->careers += s->in.career_count;
    seen->id_number_read = seen->id_number_read || s->person.id_number != NULL;
    return 0;
}

static void test_ranges_cover_each_person_once(void **state)
{
    struct fixture *f = *state;
    long long first, last;
    assert_int_equal(qualify_data_id_range(f->db, &first, &last), 0);
    assert_int_equal(first, 1);
    assert_int_equal(last, 9000);
    struct qualify_reader *r;
    assert_int_equal(qualify_reader_open(f->db, QUALIFY_DATA_LEAN, &r), 0);
    struct date as_of = {2025, 6, 1};
    struct seen parts[3] = {{{0}}};
    for (int k = 0; k < 3; k++)
        assert_int_equal(qualify_reader_range(r, first + k * 4096LL, first + (k + 1) * 4096LL,
                                              as_of, collect, &parts[k]),
                         0);
    assert_int_equal(parts[0].n, 2);
    assert_int_equal(parts[0].ids[0], 1);
    assert_int_equal(parts[0].ids[1], 2);
    assert_int_equal(parts[1].n, 1);
    assert_int_equal(parts[1].ids[0], 5000);
    assert_int_equal(parts[2].n, 1);
    assert_int_equal(parts[2].ids[0], 9000);
    /* Each person's own career row, no other's; the lean columns leave the
     * ID number out. */
    assert_int_equal(parts[0].careers + parts[1].careers + parts[2].careers, 4);
    assert_false(parts[0].id_number_read || parts[1].id_number_read || parts[2].id_number_read);
    qualify_reader_free(r);

    /* Without QUALIFY_DATA_LEAN the ID number is read. */
    assert_int_equal(qualify_reader_open(f->db, 0, &r), 0);
    struct seen all = {{0}};
    assert_int_equal(qualify_reader_range(r, 1, 9001, as_of, collect, &all), 0);
    assert_int_equal(all.n, 4);
    assert_true(all.id_number_read);
    qualify_reader_free(r);
    qualify_reader_free(NULL);
}

static void test_readers_share_one_snapshot(void **state)
{
    struct fixture *f = *state;
    struct db *readers[2];
    char *msg = NULL;
    assert_int_equal(qualify_data_open_readers(f->db, f->path, 2, readers, &msg), 0);
    assert_null(msg);
    long long roster, qualify;
    assert_int_equal(qualify_data_versions(f->db, &roster, &qualify), 0);
    for (int i = 0; i < 2; i++) {
        long long r, q;
        assert_int_equal(qualify_data_versions(readers[i], &r, &q), 0);
        assert_int_equal(r, roster);
        assert_int_equal(q, qualify);
    }

    /* Another connection writes a person and bumps the version: the readers
     * keep seeing the state they started on. */
    struct db *writer;
    assert_int_equal(db_open(f->path, &writer, &msg), 0);
    assert_int_equal(db_begin(writer), 0);
    assert_int_equal(db_exec(writer, "INSERT INTO people (id, name, gender, birth_date, "
                                     "created_at, updated_at) VALUES (6000, '新增', '2', "
                                     "'1990-01-01', '2025-01-01', '2025-01-01')"),
                     0);
    assert_int_equal(qualify_data_bump(writer), 0);
    assert_int_equal(db_commit(writer), 0);
    for (int i = 0; i < 2; i++) {
        long long r, q, n;
        assert_int_equal(qualify_data_versions(readers[i], &r, &q), 0);
        assert_int_equal(q, qualify);
        assert_int_equal(db_query_int(readers[i], "SELECT count(*) FROM people", &n, 0), 0);
        assert_int_equal(n, 4);
    }
    /* The readers are read-only. */
    assert_true(db_exec(readers[0], "DELETE FROM people WHERE id = 1") < 0);

    /* A fresh set of readers sees the write. */
    for (int i = 0; i < 2; i++)
        db_close(readers[i]);
    db_rollback(f->db);
    assert_int_equal(qualify_data_open_readers(f->db, f->path, 2, readers, &msg), 0);
    for (int i = 0; i < 2; i++) {
        long long r, q;
        assert_int_equal(qualify_data_versions(readers[i], &r, &q), 0);
        assert_int_equal(q, qualify + 1);
        db_close(readers[i]);
    }
    db_rollback(f->db);
    db_close(writer);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ranges_cover_each_person_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_readers_share_one_snapshot, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
