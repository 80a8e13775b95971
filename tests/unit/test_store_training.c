/* test_store_training.c — the training tables on a real SQLite file: a
 * class from creation to completion with the leave cap and a make-up, and
 * the rules engine reading the module's hours (completing a class flips the
 * training requirement from short to met; unrecognised, unfinished and
 * unapproved hours do not count). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/qualify.h"
#include "core/rules.h"
#include "store/db.h"
#include "store/qualify_data.h"
#include "store/records.h"
#include "store/training.h"
#include "testdb.h"
#include "util/arena.h"
#include "util/err.h"

#define D(y, m, d) ((struct date){(y), (m), (d)})

struct fixture {
    char dir[64], path[96];
    struct db *db;
    struct arena *a;
};

/* Person 1: 二级主任科员 since 2020 (the 90-a-year rule), 30 hand-typed
 * hours in January 2026. Person 2: a colleague. Unit 1 holds both. */
static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (testdb_open(f->dir, f->path, "training", &f->db) != 0)
        return -1;
    const char *sql =
        "INSERT INTO units (id, name, kind, created_at, updated_at) "
        "VALUES (1, '办公室', '1', '2025-01-01', '2025-01-01');"
        "INSERT INTO people (id, name, gender, birth_date, id_number, status, unit_id, "
        "created_at, updated_at) VALUES (1, '张三', '1', '1985-05-01', "
        "'110105198505010011', '1', 1, '2025-01-01', '2025-01-01'),"
        "(2, '李四', '2', '1990-05-01', '110105199005010022', '1', 1, '2025-01-01', "
        "'2025-01-01');"
        "INSERT INTO career (person_id, kind, rank, start_date) "
        "VALUES (1, 'rank', '08', '2020-01-01'), (2, 'rank', '09', '2020-01-01');"
        "INSERT INTO training (person_id, name, start_date, end_date, hours) "
        "VALUES (1, '手工登记', '2026-01-10', '2026-01-12', 30);";
    if (db_exec(f->db, sql) != 0)
        return -1;
    f->a = arena_new();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    arena_free(f->a);
    testdb_remove(f->dir, f->path, f->db);
    free(f);
    return 0;
}

/* A class of `sessions` sessions of `hours` each, in March 2026. */
static long long make_class(struct db *db, const char *name, bool recognised, int sessions,
                            int hours)
{
    struct training_class c = {.name = name,
                               .category = TRAINING_INSERVICE,
                               .start_date = D(2026, 3, 2),
                               .end_date = D(2026, 3, 20),
                               .recognised = recognised};
    assert_int_equal(training_insert(db, &training_class_kind, &c), 0);
    for (int i = 0; i < sessions; i++) {
        struct training_session s = {
            .class_id = c.id, .day = D(2026, 3, 2 + i), .hours = hours, .topic = "专题"};
        assert_int_equal(training_insert(db, &training_session_kind, &s), 0);
    }
    return c.id;
}

static long long session_id(struct fixture *f, long long class_id, size_t i)
{
    void *items;
    size_t n;
    assert_int_equal(training_list(f->db, &training_session_kind, class_id, f->a, &items, &n), 0);
    assert_true(i < n);
    return ((struct training_session *)items)[i].id;
}

static void test_class_life_cycle(void **state)
{
    struct fixture *f = *state;
    struct training_config cfg = training_config_default;
    assert_int_equal(db_begin(f->db), 0);
    long long cls = make_class(f->db, "青年干部培训班", true, 7, 2);
    bool added;
    assert_int_equal(training_enrol(f->db, cls, 1, &added), 0);
    assert_true(added);
    assert_int_equal(training_enrol(f->db, cls, 1, &added), 0);
    assert_false(added);
    assert_int_equal(training_enrol(f->db, cls, 999, &added), ERR_NOT_FOUND);
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(
            training_mark_set(f->db, &cfg, session_id(f, cls, i), 1, TRAINING_PRESENT, NULL), 0);
    /* Exactly 1/7 on leave: passed, 12 credited. */
    assert_int_equal(
        training_mark_set(f->db, &cfg, session_id(f, cls, 6), 1, TRAINING_LEAVE, "公务"), 0);
    struct training_enrolment e;
    assert_int_equal(training_enrolment_get(f->db, cls, 1, f->a, &e), 0);
    assert_true(e.passed);
    assert_int_equal(e.credited, 12);
    assert_int_equal(e.missed, 2);
    /* One more: over the cap, nothing credited, completion refused. */
    assert_int_equal(
        training_mark_set(f->db, &cfg, session_id(f, cls, 5), 1, TRAINING_LEAVE, "病假"), 0);
    assert_int_equal(training_enrolment_get(f->db, cls, 1, f->a, &e), 0);
    assert_false(e.passed);
    assert_int_equal(e.credited, 0);
    struct training_result done = {.status = "completed", .score = 90, .certificate_no = "C-1"};
    assert_int_equal(training_result_set(f->db, cls, 1, &done), ERR_INVALID);
    /* Made up: still 4 missed (over the cap). Present again: passed. */
    assert_int_equal(
        training_mark_set(f->db, &cfg, session_id(f, cls, 5), 1, TRAINING_PRESENT, NULL), 0);
    assert_int_equal(
        training_mark_set(f->db, &cfg, session_id(f, cls, 6), 1, TRAINING_MADE_UP, NULL), 0);
    assert_int_equal(training_enrolment_get(f->db, cls, 1, f->a, &e), 0);
    assert_true(e.passed);
    assert_int_equal(e.credited, 14);
    assert_int_equal(training_result_set(f->db, cls, 1, &done), 0);
    assert_int_equal(training_enrolment_get(f->db, cls, 1, f->a, &e), 0);
    assert_string_equal(e.status, "completed");
    assert_string_equal(e.certificate_no, "C-1");
    assert_int_equal(e.score, 90);
    /* Not enrolled: no mark. By unit: the colleague joins. */
    assert_int_equal(
        training_mark_set(f->db, &cfg, session_id(f, cls, 0), 2, TRAINING_PRESENT, NULL),
        ERR_NOT_FOUND);
    size_t n_added;
    assert_int_equal(training_enrol_unit(f->db, cls, 1, &n_added), 0);
    assert_int_equal(n_added, 1);
    struct training_enrolment *roster;
    size_t n;
    assert_int_equal(training_roster(f->db, cls, f->a, &roster, &n), 0);
    assert_int_equal(n, 2);
    /* A session added later counts as absent until marked. */
    struct training_session extra = {.class_id = cls, .day = D(2026, 3, 19), .hours = 2};
    assert_int_equal(training_insert(f->db, &training_session_kind, &extra), 0);
    assert_int_equal(training_recompute_class(f->db, &cfg, cls), 0);
    assert_int_equal(training_enrolment_get(f->db, cls, 1, f->a, &e), 0);
    assert_int_equal(e.missed, 4); /* 2 made up + 2 not signed: 4 of 16 > 1/7 */
    assert_false(e.passed);
    db_rollback(f->db);
}

/* The training reason of the engine's next-rank result for person 1. */
static enum qualify_effect training_effect(struct fixture *f, int *actual)
{
    struct qualify_subject s;
    assert_int_equal(qualify_data_person(f->db, 1, D(2026, 6, 1), 0, f->a, &s), 0);
    struct qualify_report *rep;
    assert_int_equal(qualify_evaluate(f->a, rules_seed(), &s.in, D(2026, 6, 1), NULL, 0, &rep), 0);
    for (size_t i = 0; i < rep->result_count; i++)
        for (const struct qualify_reason *x = rep->results[i].reasons; x; x = x->next)
            if (x->rule_id && strncmp(x->rule_id, "training.", 9) == 0) {
                *actual = x->actual;
                return x->effect;
            }
    fail_msg("no training reason");
    return QUALIFY_MET;
}

static void test_engine_reads_module_hours(void **state)
{
    struct fixture *f = *state;
    struct training_config cfg = training_config_default;
    int actual = 0;
    assert_int_equal(training_effect(f, &actual), QUALIFY_SHORTFALL);
    assert_int_equal(actual, 30);
    assert_int_equal(db_begin(f->db), 0);
    /* An online class (not recognised) and an unapproved external course
     * change nothing. */
    long long online = make_class(f->db, "网络专题班", false, 10, 6);
    long long real = make_class(f->db, "党校进修班", true, 10, 6);
    bool added;
    struct training_result done = {.status = "completed"};
    for (long long c = online; c <= real; c += real - online) {
        assert_int_equal(training_enrol(f->db, c, 1, &added), 0);
        for (size_t i = 0; i < 10; i++)
            assert_int_equal(
                training_mark_set(f->db, &cfg, session_id(f, c, i), 1, TRAINING_PRESENT, NULL), 0);
    }
    assert_int_equal(training_result_set(f->db, online, 1, &done), 0);
    struct training_external x = {.person_id = 1,
                                  .name = "外单位研修",
                                  .end_date = D(2026, 4, 1),
                                  .hours = 40,
                                  .recognised = true,
                                  .evidence = "证书 001"};
    assert_int_equal(training_insert(f->db, &training_external_kind, &x), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_int_equal(training_effect(f, &actual), QUALIFY_SHORTFALL);
    assert_int_equal(actual, 30);

    /* Completing the recognised class flips the requirement to met. */
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(training_result_set(f->db, real, 1, &done), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_int_equal(training_effect(f, &actual), QUALIFY_MET);
    assert_int_equal(actual, 90);
    /* Approving the external record adds its hours. */
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(training_external_review(f->db, x.id, "approved", NULL), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_int_equal(training_effect(f, &actual), QUALIFY_MET);
    assert_int_equal(actual, 130);

    /* The credits compliance reads: hand-typed, class, external; planned. */
    struct training_credit *c;
    size_t n;
    assert_int_equal(training_person_credits(f->db, 1, false, f->a, &c, &n), 0);
    assert_int_equal(n, 4); /* hand-typed, online class, recognised class, external */
    double recognised = training_hours_between(c, n, D(2026, 1, 1), D(2026, 12, 31), true);
    assert_float_equal(recognised, 130, 1e-9);
    assert_float_equal(training_hours_between(c, n, D(2026, 1, 1), D(2026, 12, 31), false), 190,
                       1e-9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_class_life_cycle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_engine_reads_module_hours, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
