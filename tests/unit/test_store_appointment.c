/* test_store_appointment.c — appointment cases in the database: a case
 * with its first step, the mutable columns, the list by state, check
 * entries and objections, the 试用期 reminders, and the holiday calendar
 * seeded by migration 0016 (2026 as the State Council set it) and
 * replaced a year at a time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/appointment.h"
#include "store/appointment.h"
#include "store/people.h"
#include "store/units.h"
#include "util/arena.h"
#include "util/err.h"
#include "testdb.h"

struct fixture {
    char dir[64];
    char path[96];
    struct db *db;
    struct arena *arena;
    long long person, unit;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (testdb_open(f->dir, f->path, "appointment", &f->db) != 0)
        return -1;
    f->arena = arena_new();
    struct unit u = {.name = "厅机关", .kind = "1"};
    assert_int_equal(units_insert(f->db, &u, NULL, 0), 0);
    struct person p = {.name = "张三", .gender = "1", .birth_date = {1980, 1, 1}, .unit_id = u.id};
    assert_int_equal(people_insert(f->db, &p), 0);
    f->person = p.id;
    f->unit = u.id;
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

static long long open_case(struct fixture *f, enum appointment_kind kind)
{
    struct appointment a = {.person_id = f->person,
                            .kind = kind,
                            .title = kind == APPOINTMENT_RANK ? NULL : "综合处处长",
                            .post_level = kind == APPOINTMENT_RANK ? NULL : "5A",
                            .rank = kind == APPOINTMENT_RANK ? "05" : NULL,
                            .unit_id = kind == APPOINTMENT_RANK ? 0 : f->unit,
                            .reason = "工作需要",
                            .probation = kind == APPOINTMENT_POST,
                            .state = APPOINTMENT_MOTION,
                            .state_since = {2026, 9, 1}};
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(
        appointment_insert(f->db, &a, "动〔2026〕1号", "renshi", "2026-09-01T01:00:00Z"), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_true(a.id > 0);
    return a.id;
}

static void test_case_round_trip(void **state)
{
    struct fixture *f = *state;
    long long id = open_case(f, APPOINTMENT_POST);
    struct appointment a;
    assert_int_equal(appointment_get(f->db, id, f->arena, &a), 0);
    assert_string_equal(a.person_name, "张三");
    assert_string_equal(a.unit_name, "厅机关");
    assert_int_equal(a.kind, APPOINTMENT_POST);
    assert_int_equal(a.state, APPOINTMENT_MOTION);
    assert_true(a.probation);
    assert_int_equal(a.state_since.day, 1);
    assert_true(date_is_none(a.notice_end));
    struct appointment_step *steps;
    size_t n;
    assert_int_equal(appointment_steps(f->db, id, f->arena, &steps, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(steps[0].document_number, "动〔2026〕1号");
    /* The mutable columns. */
    a.state = APPOINTMENT_APPOINTED;
    a.state_since = (struct date){2026, 11, 1};
    a.notice_start = (struct date){2026, 9, 28};
    a.notice_end = (struct date){2026, 10, 9};
    a.probation_end = (struct date){2027, 10, 31};
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(appointment_update(f->db, &a), 0);
    assert_int_equal(db_commit(f->db), 0);
    struct appointment b;
    assert_int_equal(appointment_get(f->db, id, f->arena, &b), 0);
    assert_int_equal(b.state, APPOINTMENT_APPOINTED);
    assert_int_equal(b.notice_end.month, 10);
    assert_true(b.version > a.version);
    assert_int_equal(appointment_get(f->db, id + 100, f->arena, &b), ERR_NOT_FOUND);
    /* The list by state, and the reminders. */
    open_case(f, APPOINTMENT_RANK);
    struct appointment *items;
    long long total;
    assert_int_equal(
        appointment_list(f->db, APPOINTMENT_MOTION, 0, 1, 10, f->arena, &items, &n, &total), 0);
    assert_int_equal(total, 1);
    assert_int_equal(items[0].kind, APPOINTMENT_RANK);
    assert_int_equal(appointment_list(f->db, -1, f->person, 1, 1, f->arena, &items, &n, &total), 0);
    assert_int_equal(total, 2);
    assert_int_equal(n, 1);
    assert_int_equal(
        appointment_probations(f->db, (struct date){2027, 10, 30}, f->arena, &items, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(
        appointment_probations(f->db, (struct date){2027, 10, 31}, f->arena, &items, &n), 0);
    assert_int_equal(n, 1);
}

static void test_checks_and_objections(void **state)
{
    struct fixture *f = *state;
    long long id = open_case(f, APPOINTMENT_RANK);
    struct appointment_check_entry e = {.check = APPOINTMENT_CHECK_TIPOFFS,
                                        .result = APPOINTMENT_RESULT_PASSED,
                                        .checked_on = {2026, 9, 5},
                                        .checked_by = "王核查",
                                        .evidence = "{\"unsettled_specific\":0}",
                                        .at = "2026-09-05T01:00:00Z"};
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(appointment_check_insert(f->db, id, f->person, &e), 0);
    e.result = APPOINTMENT_RESULT_WITHDRAWN;
    assert_int_equal(appointment_check_insert(f->db, id, f->person, &e), 0);
    struct appointment_objection o = {
        .received_on = {2026, 9, 30}, .content = "反映问题", .at = "x"};
    assert_int_equal(appointment_objection_insert(f->db, id, f->person, &o), 0);
    assert_int_equal(db_commit(f->db), 0);
    struct appointment_check_entry *entries;
    size_t n;
    assert_int_equal(appointment_checks(f->db, id, f->arena, &entries, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(entries[1].result, APPOINTMENT_RESULT_WITHDRAWN);
    assert_string_equal(entries[0].evidence, "{\"unsettled_specific\":0}");
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(
        appointment_objection_resolve(f->db, id, o.id, "不属实", (struct date){2026, 10, 8}), 0);
    /* Once: a resolved objection, or another case's, is not found. */
    assert_int_equal(
        appointment_objection_resolve(f->db, id, o.id, "再次", (struct date){2026, 10, 8}),
        ERR_NOT_FOUND);
    assert_int_equal(
        appointment_objection_resolve(f->db, id + 1, o.id, "别处", (struct date){2026, 10, 8}),
        ERR_NOT_FOUND);
    assert_int_equal(db_commit(f->db), 0);
    struct appointment_objection *objs;
    assert_int_equal(appointment_objections(f->db, id, f->arena, &objs, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(objs[0].resolution, "不属实");
}

static void test_calendar(void **state)
{
    struct fixture *f = *state;
    struct appointment_calendar cal;
    assert_int_equal(appointment_calendar_load(f->db, (struct date){2026, 1, 1},
                                               (struct date){2026, 12, 31}, f->arena, &cal),
                     0);
    /* 国办发明电〔2025〕7号: 33 days off on the listed dates, 6 worked. */
    size_t off = 0, worked = 0;
    for (size_t i = 0; i < cal.n; i++)
        cal.days[i].workday ? worked++ : off++;
    assert_int_equal(worked, 6);
    assert_int_equal(off, 33);
    struct date end = appointment_working_day_end(&cal, (struct date){2026, 9, 28}, 5);
    assert_int_equal(end.month, 10);
    assert_int_equal(end.day, 9);
    /* A year replaced whole. */
    struct appointment_calendar_day days[] = {{{2027, 1, 1}, false, "元旦"},
                                              {{2027, 2, 20}, true, "春节调休上班"}};
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(appointment_calendar_put_year(f->db, 2027, days, 2), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_int_equal(appointment_calendar_load(f->db, (struct date){2027, 1, 1},
                                               (struct date){2027, 12, 31}, f->arena, &cal),
                     0);
    assert_int_equal(cal.n, 2);
    assert_true(cal.days[1].workday);
    /* 2026 untouched. */
    assert_int_equal(
        appointment_calendar_load(f->db, DATE_NONE, (struct date){2026, 12, 31}, f->arena, &cal),
        0);
    assert_int_equal(cal.n, 39);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_case_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_checks_and_objections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_calendar, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
