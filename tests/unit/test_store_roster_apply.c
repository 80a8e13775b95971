/* test_store_roster_apply.c — roster_apply on a real SQLite file: an import
 * creates people with their post, rank and education; the same file again
 * changes nothing; a later rank closes the old one; an earlier one is a
 * conflict; a bad row leaves every table as it was after rollback; and a
 * bulk load sets the people indexes aside and builds them again, or
 * leaves them as they were when it fails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats/roster_file.h"
#include "formats/table.h"
#include "store/people.h"
#include "store/roster_apply.h"
#include "store/store.h"
#include "store/units.h"
#include "util/arena.h"
#include "util/err.h"
#include "testdb.h"

static const struct date TODAY = {2025, 6, 30};

#define ID_ZHANG "370102197503081214" /* 1975-03-08, male */
#define ID_LI "130602198211150529"    /* 1982-11-15, female */

#define HEADER                                                                                                                             \
    "姓名,性别,出生年月,身份证号,籍贯,单位,现任职务,职务层次,任现职时间,现职级,任现职级时间,学历," \
    "学位\n"
#define ZHANG                                                                                      \
    "张伟,男,1975.03," ID_ZHANG                                                                    \
    ",山东济南,办公室,办公室主任,正处级,2018.06,一级调研员,2020.01,本科,学士\n"
#define LI                                                                                         \
    "李娜,女,1982-11," ID_LI                                                                       \
    ",河北保定,厅机关/人事处,人事处副处长,副处级,2019-03,三级调研员,2019-03,硕士研究生,硕士\n"

struct fixture {
    char dir[64];
    char path[96];
    struct db *db;
    struct arena *arena;
    long long office, personnel;
};

static long long add_unit(struct db *db, long long parent, const char *name)
{
    struct unit u = {.parent_id = parent, .name = name, .kind = "2"};
    assert_int_equal(units_insert(db, &u, NULL, 0), 0);
    return u.id;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (testdb_open(f->dir, f->path, "roster", &f->db) != 0)
        return -1;
    f->arena = arena_new();
    long long hq = add_unit(f->db, 0, "厅机关");
    f->office = add_unit(f->db, hq, "办公室");
    f->personnel = add_unit(f->db, hq, "人事处");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    arena_free(f->arena);
    testdb_remove(f->dir, f->path, f->db);
    free(f);
    return 0;
}

/* Parses `csv` and applies it in one transaction, committed on success and
 * rolled back otherwise, as the CLI and the API do. */
static int import(struct fixture *f, const char *csv, struct roster_stats *stats,
                  struct field_errors *fe)
{
    field_errors_init(fe, f->arena);
    struct table t;
    const char *msg = NULL;
    assert_int_equal(table_read_csv(csv, strlen(csv), f->arena, &t, &msg), 0);
    struct roster_entry *entries;
    size_t n;
    int rc = roster_file_parse(&t, TODAY, f->arena, &entries, &n, fe);
    for (const struct field_error *e = fe->head; e; e = e->next)
        print_message("parse: row %d %s %s\n", e->row, e->field, e->message);
    assert_int_equal(rc, 0);
    assert_int_equal(db_begin(f->db), 0);
    rc = roster_apply(f->db, entries, n, TODAY, f->arena, fe, stats);
    if (rc == 0)
        assert_int_equal(db_commit(f->db), 0);
    else
        db_rollback(f->db);
    return rc;
}

static long long count(struct fixture *f, const char *sql)
{
    long long n = -1;
    assert_int_equal(db_query_int(f->db, sql, &n, 0), 0);
    return n;
}

static long long text_query(struct fixture *f, const char *sql, const char *arg)
{
    long long n = -1;
    assert_int_equal(db_query_int(f->db, sql, &n, 1, arg), 0);
    return n;
}

static void assert_same_text(const char *a, const char *b)
{
    if (!a || !b)
        assert_true(a == b);
    else
        assert_string_equal(a, b);
}

static void assert_same_date(struct date a, struct date b)
{
    assert_int_equal(a.year, b.year);
    assert_int_equal(a.month, b.month);
    assert_int_equal(a.day, b.day);
}

/* The derived columns of person `id` are those people_refresh_derived
 * writes (orders included: the refresh changes no column). */
static void assert_derived_as_refreshed(struct fixture *f, long long id)
{
    struct person_view was, now;
    assert_int_equal(people_get(f->db, id, f->arena, &was), 0);
    long long orders_was = -1, orders_now = -2;
    const char *orders = "SELECT coalesce(current_rank_order, 0) * 1000000 +"
                         " coalesce(current_post_order, 0) * 1000 + coalesce(education_order, 0)"
                         " FROM people WHERE id = ?";
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", id);
    assert_int_equal(db_query_int(f->db, orders, &orders_was, 1, idtext), 0);
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(people_refresh_derived(f->db, id), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_int_equal(people_get(f->db, id, f->arena, &now), 0);
    assert_int_equal(db_query_int(f->db, orders, &orders_now, 1, idtext), 0);
    assert_int_equal(orders_was, orders_now);
    assert_same_text(was.current_rank, now.current_rank);
    assert_same_date(was.current_rank_start, now.current_rank_start);
    assert_same_text(was.current_post_level, now.current_post_level);
    assert_same_text(was.current_post_title, now.current_post_title);
    assert_same_date(was.current_post_start, now.current_post_start);
    assert_same_text(was.education, now.education);
    assert_same_text(was.degree, now.degree);
}

static void test_import_creates_then_reimport_changes_nothing(void **state)
{
    struct fixture *f = *state;
    struct roster_stats stats;
    struct field_errors fe;
    assert_int_equal(import(f, "XX厅干部花名册\n" HEADER ZHANG LI, &stats, &fe), 0);
    assert_int_equal(stats.created, 2);
    assert_int_equal(stats.updated + stats.unchanged, 0);
    assert_int_equal(count(f, "SELECT count(*) FROM people"), 2);
    assert_int_equal(count(f, "SELECT count(*) FROM career WHERE kind = 'post'"), 2);
    assert_int_equal(count(f, "SELECT count(*) FROM career WHERE kind = 'rank'"), 2);
    assert_int_equal(count(f, "SELECT count(*) FROM education WHERE kind = 'fulltime'"), 2);

    long long id;
    assert_int_equal(people_find_by_id_number(f->db, ID_ZHANG, &id), 0);
    struct person_view v;
    assert_int_equal(people_get(f->db, id, f->arena, &v), 0);
    assert_int_equal(v.person.unit_id, f->office);
    assert_string_equal(v.current_rank, "03");
    assert_string_equal(v.current_post_level, "5A");
    assert_string_equal(v.current_post_title, "办公室主任");
    assert_string_equal(v.education, "21");
    assert_string_equal(v.degree, "4");
    assert_int_equal(text_query(f, "SELECT unit_id FROM people WHERE id_number = ?", ID_LI),
                     f->personnel);
    /* A new person's derived columns are written with the row
     * (people_insert_with): the row was written once (version 1), and
     * exactly as people_refresh_derived computes them from the records. */
    assert_int_equal(count(f, "SELECT count(*) FROM people WHERE version <> 1"), 0);
    assert_derived_as_refreshed(f, id);
    assert_int_equal(people_find_by_id_number(f->db, ID_LI, &id), 0);
    assert_derived_as_refreshed(f, id);

    long long career_max = count(f, "SELECT max(id) FROM career");
    assert_int_equal(import(f, HEADER LI ZHANG, &stats, &fe), 0);
    assert_int_equal(stats.created + stats.updated, 0);
    assert_int_equal(stats.unchanged, 2);
    assert_int_equal(count(f, "SELECT count(*) FROM people"), 2);
    assert_int_equal(count(f, "SELECT max(id) FROM career"), career_max);
    assert_int_equal(count(f, "SELECT count(*) FROM education"), 2);
}

static void test_later_rank_closes_the_old_one(void **state)
{
    struct fixture *f = *state;
    struct roster_stats stats;
    struct field_errors fe;
    assert_int_equal(import(f, HEADER ZHANG, &stats, &fe), 0);
    /* Promoted to 一级巡视员 in 2023.07; his 籍贯 corrected too. */
    assert_int_equal(import(f,
                            HEADER "张伟,男,1975.03," ID_ZHANG ",山东青岛,办公室,办公室主任,正处级,"
                                   "2018.06,一级巡视员,2023.07,本科,学士\n",
                            &stats, &fe),
                     0);
    assert_int_equal(stats.updated, 1);
    assert_int_equal(count(f, "SELECT count(*) FROM career WHERE kind = 'rank'"), 2);
    assert_int_equal(
        count(f, "SELECT count(*) FROM career WHERE rank = '03' AND end_date = '2023-07'"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM career WHERE rank = '01' AND end_date IS NULL"),
                     1);
    assert_int_equal(text_query(f, "SELECT count(*) FROM people WHERE current_rank = ?", "01"), 1);
    assert_int_equal(
        text_query(f, "SELECT count(*) FROM people WHERE native_place = ?", "山东青岛"), 1);
    /* No second post: the same post is already current. */
    assert_int_equal(count(f, "SELECT count(*) FROM career WHERE kind = 'post'"), 1);
}

static void test_earlier_rank_is_a_conflict(void **state)
{
    struct fixture *f = *state;
    struct roster_stats stats;
    struct field_errors fe;
    assert_int_equal(import(f, HEADER ZHANG, &stats, &fe), 0);
    int rc = import(f,
                    HEADER "张伟,男,1975.03," ID_ZHANG ",山东济南,办公室,办公室主任,正处级,"
                           "2018.06,二级调研员,2019.01,本科,学士\n",
                    &stats, &fe);
    assert_int_equal(rc, ERR_INVALID);
    assert_int_equal(fe.count, 1);
    assert_int_equal(fe.head->row, 2);
    assert_string_equal(fe.head->field, "任现职级时间");
    /* Dates as the UI writes them, not ISO. */
    assert_string_equal(fe.head->message,
                        "已有现职级“一级调研员”（2020.01 起），不早于本行任现职级时间 2019.01，"
                        "无法按晋升处理，请先核对该干部的职级记录");
    assert_int_equal(count(f, "SELECT count(*) FROM career WHERE kind = 'rank'"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM career WHERE end_date IS NOT NULL"), 0);
}

static void test_bad_unit_writes_nothing(void **state)
{
    struct fixture *f = *state;
    struct roster_stats stats;
    struct field_errors fe;
    assert_int_equal(import(f, HEADER ZHANG, &stats, &fe), 0);
    long long people = count(f, "SELECT count(*) FROM people");
    long long career = count(f, "SELECT count(*) FROM career");
    long long education = count(f, "SELECT count(*) FROM education");
    char *before = NULL;
    {
        struct person_view v;
        long long id;
        assert_int_equal(people_find_by_id_number(f->db, ID_ZHANG, &id), 0);
        assert_int_equal(people_get(f->db, id, f->arena, &v), 0);
        before = strdup(v.person.native_place);
    }

    /* Row 2 updates 张伟 and row 3 adds 李娜 — both fine — but row 4 names
     * a unit that does not exist. */
    int rc = import(f,
                    HEADER "张伟,男,1975.03," ID_ZHANG ",上海,办公室,办公室主任,正处级,2018.06,"
                           "一级巡视员,2024.01,本科,学士\n" LI
                           "王强,男,1968-05,110105196805200318,北京,档案馆,,,,,,,\n",
                    &stats, &fe);
    assert_int_equal(rc, ERR_INVALID);
    assert_int_equal(fe.count, 1);
    assert_int_equal(fe.head->row, 4);
    assert_string_equal(fe.head->field, "单位");
    assert_true(strncmp(fe.head->message, "单位“档案馆”不存在", strlen("单位“档案馆”不存在")) == 0);

    assert_int_equal(count(f, "SELECT count(*) FROM people"), people);
    assert_int_equal(count(f, "SELECT count(*) FROM career"), career);
    assert_int_equal(count(f, "SELECT count(*) FROM education"), education);
    assert_int_equal(text_query(f, "SELECT count(*) FROM people WHERE native_place = ?", before),
                     1);
    assert_int_equal(count(f, "SELECT count(*) FROM career WHERE end_date IS NOT NULL"), 0);
    free(before);
}

static void test_duplicate_id_reported_on_both_rows(void **state)
{
    struct fixture *f = *state;
    struct roster_stats stats;
    struct field_errors fe;
    int rc = import(f, HEADER ZHANG LI ZHANG, &stats, &fe);
    assert_int_equal(rc, ERR_INVALID);
    assert_int_equal(fe.count, 2);
    assert_int_equal(fe.head->row, 2);
    assert_non_null(strstr(fe.head->message, "第 4 行"));
    assert_int_equal(fe.head->next->row, 4);
    assert_non_null(strstr(fe.head->next->message, "第 2 行"));
    assert_int_equal(count(f, "SELECT count(*) FROM people"), 0);
}

static void test_columns_absent_keep_values_empty_cells_clear(void **state)
{
    struct fixture *f = *state;
    struct roster_stats stats;
    struct field_errors fe;
    assert_int_equal(import(f, HEADER ZHANG, &stats, &fe), 0);
    /* No 籍贯 column: the stored one stays. */
    assert_int_equal(
        import(f, "姓名,性别,出生年月,身份证号\n张伟,男,1975.03," ID_ZHANG "\n", &stats, &fe), 0);
    assert_int_equal(stats.unchanged, 1);
    assert_int_equal(
        text_query(f, "SELECT count(*) FROM people WHERE native_place = ?", "山东济南"), 1);
    /* An empty 籍贯 cell: the file says there is none. */
    assert_int_equal(
        import(f, "姓名,性别,出生年月,身份证号,籍贯\n张伟,男,1975.03," ID_ZHANG ",\n", &stats, &fe),
        0);
    assert_int_equal(stats.updated, 1);
    assert_int_equal(count(f, "SELECT count(*) FROM people WHERE native_place IS NULL"), 1);
}

/* ---- a bulk load: the people table's indexes set aside and built again ---- */

#define WANG "王强,男,1968-05,110105196805200318,北京,办公室,,,,,,,\n"
#define ZHAO "赵敏,女,1988-01,440304198801010023,广东深圳,人事处,,,,,,,\n"

static int count_index(void *arg, const char *name, const char *sql)
{
    (void)name;
    (void)sql;
    (*(int *)arg)++;
    return 0;
}

static int people_indexes(struct db *db)
{
    int n = 0;
    assert_int_equal(db_indexes_each(db, "people", count_index, &n), 0);
    return n;
}

struct bulk_probe {
    struct db *db;
    int during; /* the people indexes seen while the rows were written */
};

static int probe_indexes(const struct roster_change *change, void *arg)
{
    (void)change;
    struct bulk_probe *p = arg;
    p->during = people_indexes(p->db);
    return 0;
}

/* import() through roster_apply_with, a bulk load from two new people on. */
static int import_bulk(struct fixture *f, const char *csv, struct roster_stats *stats,
                       struct field_errors *fe, struct bulk_probe *probe)
{
    field_errors_init(fe, f->arena);
    struct table t;
    const char *msg = NULL;
    assert_int_equal(table_read_csv(csv, strlen(csv), f->arena, &t, &msg), 0);
    struct roster_entry *entries;
    size_t n;
    assert_int_equal(roster_file_parse(&t, TODAY, f->arena, &entries, &n, fe), 0);
    struct roster_apply_opts opts = {
        .on_change = probe_indexes, .change_arg = probe, .bulk_min = 2};
    assert_int_equal(db_begin(f->db), 0);
    int rc = roster_apply_with(f->db, entries, n, TODAY, f->arena, fe, stats, &opts);
    if (rc == 0)
        assert_int_equal(db_commit(f->db), 0);
    else
        db_rollback(f->db);
    return rc;
}

static void test_bulk_load_is_all_or_nothing_and_rebuilds_indexes(void **state)
{
    struct fixture *f = *state;
    struct roster_stats stats;
    struct field_errors fe;
    assert_int_equal(import(f, HEADER ZHANG, &stats, &fe), 0);
    bool sqlite = strcmp(db_dialect(f->db), "sqlite") == 0;
    int before = people_indexes(f->db);
    /* SQLite sets them aside; PostgreSQL keeps them (no-op). */
    if (sqlite)
        assert_true(before >= 10);
    int aside = sqlite ? 0 : before;

    /* Three new people against one stored: a bulk load; but 张伟's earlier
     * rank is a row error found while writing, so nothing is kept. */
    struct bulk_probe probe = {.db = f->db, .during = -1};
    int rc = import_bulk(f,
                         HEADER "张伟,男,1975.03," ID_ZHANG ",山东济南,办公室,办公室主任,正处级,"
                                "2018.06,二级调研员,2019.01,本科,学士\n" LI WANG ZHAO,
                         &stats, &fe, &probe);
    assert_int_equal(rc, ERR_INVALID);
    assert_int_equal(fe.count, 1);
    assert_int_equal(fe.head->row, 2);
    assert_int_equal(probe.during, aside);
    assert_int_equal(count(f, "SELECT count(*) FROM people"), 1);
    assert_int_equal(people_indexes(f->db), before);

    /* Without the bad row: written, and every index built again. */
    probe.during = -1;
    assert_int_equal(import_bulk(f, HEADER LI WANG ZHAO, &stats, &fe, &probe), 0);
    assert_int_equal(stats.created, 3);
    assert_int_equal(probe.during, aside);
    assert_int_equal(people_indexes(f->db), before);
    assert_int_equal(count(f, "SELECT count(*) FROM people"), 4);
    /* The rebuilt indexes answer (people_status_birth, people_unit). */
    assert_int_equal(count(f, "SELECT count(*) FROM people WHERE status = '1'"
                              " AND birth_date > '1980-01-01'"),
                     2);
    assert_int_equal(text_query(f, "SELECT count(*) FROM people WHERE name_pinyin >= ?", "zhao"),
                     1);

    /* One more person against four stored is no bulk load. */
    probe.during = -1;
    assert_int_equal(
        import_bulk(f, HEADER "孙丽,女,1990-02,440304199002020043,广东深圳,人事处,,,,,,,\n", &stats,
                    &fe, &probe),
        0);
    assert_int_equal(probe.during, before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_import_creates_then_reimport_changes_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_later_rank_closes_the_old_one, setup, teardown),
        cmocka_unit_test_setup_teardown(test_earlier_rank_is_a_conflict, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_unit_writes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_id_reported_on_both_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_columns_absent_keep_values_empty_cells_clear, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_bulk_load_is_all_or_nothing_and_rebuilds_indexes,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
