/* test_store_assessment.c — a round on a real SQLite file: the seeded
 * schemes, scope by unit with sub-units, versioning of a frozen scheme,
 * ratings and one-way tokens (a second submission refused), punishments as
 * overrides, calibration and publication into the registry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/records.h"
#include "store/assessment.h"
#include "store/people.h"
#include "store/records.h"
#include "store/store.h"
#include "store/units.h"
#include "util/arena.h"
#include "util/err.h"
#include "testdb.h"

struct fixture {
    char dir[64];
    char path[96];
    struct db *db;
    struct arena *arena;
    long long organ, office, other;
    long long people[4]; /* three in 办公室 (under the organ), one elsewhere */
};

static long long add_unit(struct db *db, long long parent, const char *name)
{
    struct unit u = {.parent_id = parent, .name = name, .kind = "2"};
    assert_int_equal(units_insert(db, &u, NULL, 0), 0);
    return u.id;
}

static long long add_person(struct db *db, const char *name, long long unit)
{
    struct person p = {
        .name = name, .gender = "1", .birth_date = {1980, 1, 1}, .unit_id = unit, .status = "1"};
    assert_int_equal(people_insert(db, &p), 0);
    return p.id;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (testdb_open(f->dir, f->path, "assess", &f->db) < 0)
        return -1;
    f->arena = arena_new();
    db_begin(f->db);
    f->organ = add_unit(f->db, 0, "厅机关");
    f->office = add_unit(f->db, f->organ, "办公室");
    f->other = add_unit(f->db, 0, "直属单位");
    f->people[0] = add_person(f->db, "张三", f->office);
    f->people[1] = add_person(f->db, "李四", f->office);
    f->people[2] = add_person(f->db, "王五", f->organ);
    f->people[3] = add_person(f->db, "赵六", f->other);
    db_commit(f->db);
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

static long long new_round(struct fixture *f, bool include_sub)
{
    long long scheme;
    assert_int_equal(assessment_store_scheme_find(f->db, "科级及以下", &scheme), 0);
    struct assessment_round r = {.name = "2025年度考核",
                                 .kind = "年度",
                                 .year = 2025,
                                 .unit_id = f->organ,
                                 .include_sub = include_sub,
                                 .scheme_id = scheme};
    assessment_default_config(&r.config);
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(assessment_store_round_create(f->db, &r), 0);
    assert_int_equal(db_commit(f->db), 0);
    return r.id;
}

static void test_seeded_schemes(void **state)
{
    struct fixture *f = *state;
    struct assessment_scheme_info *list;
    size_t n;
    assert_int_equal(assessment_store_schemes(f->db, f->arena, &list, &n), 0);
    assert_int_equal(n, 6);
    struct assessment_scheme s;
    assert_int_equal(assessment_store_scheme_get(f->db, list[0].id, f->arena, &s, NULL), 0);
    assert_int_equal(s.count, 15);
    struct field_errors fe;
    field_errors_init(&fe, f->arena);
    assert_int_equal(assessment_scheme_validate(&s, &fe), 0);
    assert_string_equal(s.dims[1].name, "政治理论考试");
    assert_int_equal(s.dims[1].source, ASSESSMENT_SOURCE_EXAM);
    assert_int_equal(s.dims[2].scale, ASSESSMENT_SCALE_LEVEL);
    long long id;
    assert_int_equal(assessment_store_scheme_find(f->db, "处级领导", &id), 0);
    assert_int_equal(assessment_store_scheme_find(f->db, "没有", &id), ERR_NOT_FOUND);
}

static void test_scope_and_versions(void **state)
{
    struct fixture *f = *state;
    long long round = new_round(f, true);
    struct assessment_round r;
    assert_int_equal(assessment_store_round_get(f->db, round, f->arena, &r), 0);
    assert_int_equal(r.people, 3); /* the organ with 办公室, not 直属单位 */
    assert_string_equal(r.state, ASSESSMENT_STATE_DRAFT);
    long long without = new_round(f, false);
    assert_int_equal(assessment_store_round_get(f->db, without, f->arena, &r), 0);
    assert_int_equal(r.people, 1);

    /* The scheme is frozen now: saving it makes version 2. */
    struct assessment_scheme s;
    struct assessment_scheme_info info;
    assert_int_equal(assessment_store_scheme_get(f->db, r.scheme_id, f->arena, &s, &info), 0);
    assert_true(info.frozen);
    long long id;
    db_begin(f->db);
    assert_int_equal(assessment_store_scheme_save(f->db, &s, info.categories, &id), 0);
    db_commit(f->db);
    assert_true(id != r.scheme_id);
    assert_int_equal(assessment_store_scheme_get(f->db, id, f->arena, NULL, &info), 0);
    assert_int_equal(info.version, 2);
    assert_false(info.frozen);
    /* Not frozen: saved in place. */
    long long again;
    db_begin(f->db);
    assert_int_equal(assessment_store_scheme_save(f->db, &s, info.categories, &again), 0);
    db_commit(f->db);
    assert_int_equal(again, id);

    /* Opened, the people are frozen. */
    db_begin(f->db);
    assert_int_equal(
        assessment_store_round_move(f->db, round, ASSESSMENT_STATE_DRAFT, ASSESSMENT_STATE_RATING),
        0);
    assert_int_equal(assessment_store_round_scope(f->db, round), ERR_CONFLICT);
    assert_int_equal(
        assessment_store_round_move(f->db, round, ASSESSMENT_STATE_DRAFT, ASSESSMENT_STATE_RATING),
        ERR_CONFLICT);
    assert_int_equal(
        assessment_store_round_move(f->db, 9999, ASSESSMENT_STATE_DRAFT, ASSESSMENT_STATE_RATING),
        ERR_NOT_FOUND);
    db_commit(f->db);
}

static void test_tokens(void **state)
{
    struct fixture *f = *state;
    long long round = new_round(f, true);
    db_begin(f->db);
    assert_int_equal(assessment_store_submitted(f->db, round, 42), 0);
    assert_int_equal(assessment_store_submit_token(f->db, round, 42), 0);
    assert_int_equal(assessment_store_submit_token(f->db, round, 42), ERR_CONFLICT);
    assert_int_equal(assessment_store_submit_token(f->db, round, 43), 0);
    assert_int_equal(assessment_store_submitted(f->db, round, 42), 1);
    db_commit(f->db);
    long long n;
    assert_int_equal(assessment_store_submission_count(f->db, round, &n), 0);
    assert_int_equal(n, 2);
    /* The token is not the account id in any form a query could match. */
    long long plain = 0;
    assert_int_equal(db_query_int(f->db,
                                  "SELECT count(*) FROM assessment_submissions WHERE token = '42'"
                                  " OR token LIKE '%42:%'",
                                  &plain, 0),
                     0);
    assert_int_equal(plain, 0);
}

static void test_compute_calibrate_publish(void **state)
{
    struct fixture *f = *state;
    long long round = new_round(f, true);
    struct assessment_round_data d;
    assert_int_equal(assessment_store_round_load(f->db, round, f->arena, &d), 0);
    assert_int_equal(d.people_count, 3);
    assert_int_equal(d.group_count, 4);
    /* Everyone 95 on every leaf from 领导 and exams 95: all proposed 优秀. */
    double v[15], exam[15];
    for (int i = 0; i < 15; i++) {
        v[i] = d.scheme.dims[i].source == ASSESSMENT_SOURCE_RATING ? 95 : NAN;
        exam[i] = d.scheme.dims[i].source == ASSESSMENT_SOURCE_EXAM ? 95 : NAN;
    }
    db_begin(f->db);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(
            assessment_store_rating_add(f->db, round, d.people[i].id, 0, "sheet", v, 15), 0);
        assert_int_equal(
            assessment_store_person_set(f->db, round, d.people[i].id, NULL, exam, 15, NULL), 0);
    }
    /* 李四 got a 警告 in 2025: not 优秀. */
    struct punishment_record pu = {.person_id = f->people[1],
                                   .kind = "Z01",
                                   .decision_date = {2025, 5, 1},
                                   .effect_months = 6};
    assert_int_equal(records_insert(f->db, &punishment_kind, &pu), 0);
    db_commit(f->db);

    assert_int_equal(assessment_store_round_load(f->db, round, f->arena, &d), 0);
    assert_int_equal(d.rating_count, 3);
    assert_true(d.people[1].facts & ASSESSMENT_FACT_WARNING);
    struct assessment_result out[3];
    assessment_compute(&d.round.config, d.people, 3, d.ratings, 3, out, f->arena);
    assert_true(fabs(out[0].composite - 95) < 1e-9);
    assert_string_equal(out[0].grade, "1");
    assert_string_equal(out[1].grade, "2");
    /* 20 % of 3 is 0: both 优秀 are over quota. */
    assert_true(out[0].over_quota && out[2].over_quota);
    db_begin(f->db);
    assert_int_equal(assessment_store_results_save(f->db, &d, out), 0);
    db_commit(f->db);
    assert_int_equal(assessment_store_round_load(f->db, round, f->arena, &d), 0);
    assert_true(d.stored[0].computed);
    assert_string_equal(d.stored[0].proposed_grade, "1");
    assert_non_null(strstr(d.stored[1].reasons, "警告"));

    db_begin(f->db);
    assert_int_equal(assessment_store_calibrate(f->db, round, f->people[0], "2", "名额所限"), 0);
    assert_int_equal(assessment_store_calibrate(f->db, round, 99999, "2", "x"), ERR_NOT_FOUND);
    assert_int_equal(assessment_store_round_move(f->db, round, ASSESSMENT_STATE_DRAFT,
                                                 ASSESSMENT_STATE_CALIBRATION),
                     0);
    long long written;
    assert_int_equal(assessment_store_publish(f->db, round, &written), 0);
    db_commit(f->db);
    assert_int_equal(written, 3);
    long long grade_rows = 0;
    assert_int_equal(db_query_int(f->db,
                                  "SELECT count(*) FROM assessments WHERE year = 2025 AND"
                                  " round_id IS NOT NULL",
                                  &grade_rows, 0),
                     0);
    assert_int_equal(grade_rows, 3);
    const char *name;
    assert_int_equal(assessment_store_published_year(f->db, f->people[0], 2025, f->arena, &name),
                     1);
    assert_string_equal(name, "2025年度考核");
    assert_int_equal(assessment_store_published_year(f->db, f->people[3], 2025, f->arena, &name),
                     0);
    /* The token key is gone: no more submissions. */
    assert_int_equal(assessment_store_submit_token(f->db, round, 7), ERR_CONFLICT);
    struct assessment_history_row *h;
    size_t n;
    assert_int_equal(assessment_store_history(f->db, f->people[0], f->arena, &h, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].grade, "2");
    assert_true(fabs(h[0].composite - 95) < 1e-9);
}

static void test_unit_tasks(void **state)
{
    struct fixture *f = *state;
    db_begin(f->db);
    struct assessment_unit_task t = {
        .unit_id = f->office, .year = 2025, .name = "重点任务", .weight = 60, .score = 95};
    assert_int_equal(assessment_store_unit_task_add(f->db, &t), 0);
    struct assessment_unit_task u = {
        .unit_id = f->office, .year = 2025, .name = "日常工作", .weight = 40, .score = NAN};
    assert_int_equal(assessment_store_unit_task_add(f->db, &u), 0);
    db_commit(f->db);
    int grade;
    assert_int_equal(assessment_store_unit_grade(f->db, f->office, 2025, &grade), 0);
    assert_int_equal(grade, 1);
    db_begin(f->db);
    assert_int_equal(assessment_store_unit_task_score(f->db, u.id, 70), 0);
    db_commit(f->db);
    assert_int_equal(assessment_store_unit_grade(f->db, f->office, 2025, &grade), 0);
    assert_int_equal(grade, 2); /* 0.6 × 95 + 0.4 × 70 = 85 */
    assert_int_equal(assessment_store_unit_grade(f->db, f->other, 2025, &grade), 0);
    assert_int_equal(grade, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_seeded_schemes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scope_and_versions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compute_calibrate_publish, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unit_tasks, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
