/* test_qualify_list.c — the 资格名单's groups against the engine: a person
 * who turns 符合 inside the window is 期内符合 and 符合 on that day (also
 * when the service is dated to the month), a person at or above the target
 * is counted apart, and a change date says what changes then. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/date.h"
#include "core/qualify.h"
#include "core/qualify_list.h"
#include "core/rules.h"
#include "util/arena.h"

#define D(y, m, d) ((struct date){(y), (m), (d)})

struct one {
    struct person p;
    struct career_record career[4];
    struct assessment_record grades[8];
    struct qualify_input in;
};

/* A man born 1975-03 holding `rank` since `since`, graded 称职 2018..2025,
 * his records read on 2026-12-07 (so 2026 is not graded yet, not missing). */
static void make(struct one *o, const char *rank, struct date since)
{
    memset(o, 0, sizeof *o);
    o->p = (struct person){.id = 1,
                           .name = "测试",
                           .gender = "1",
                           .birth_date = D(1975, 3, 10),
                           .work_start_date = D(1997, 7, 1),
                           .party = "13",
                           .unit_id = 1};
    o->career[0] =
        (struct career_record){.id = 1, .kind = "rank", .rank = rank, .start_date = since};
    for (int k = 0; k < 8; k++)
        o->grades[k] = (struct assessment_record){.id = k + 1, .year = 2018 + k, .grade = "2"};
    o->in = (struct qualify_input){.person = &o->p,
                                   .career = o->career,
                                   .career_count = 1,
                                   .assessments = o->grades,
                                   .assessment_count = 8,
                                   .grassroots_months = -1,
                                   .records_as_of = D(2026, 12, 7)};
}

static const struct qualify_list_entry *list_one(struct arena *a, const struct one *o,
                                                 struct date as_of, const struct qualify_target *t,
                                                 int within)
{
    struct qualify_list_entry *e;
    size_t n;
    assert_int_equal(qualify_list_person(a, rules_seed(), &o->in, as_of, t, within, &e, &n, NULL),
                     0);
    assert_int_equal(n, 1);
    return &e[0];
}

static enum qualify_verdict verdict_on(struct arena *a, const struct one *o, struct date day,
                                       const struct qualify_target *t)
{
    struct qualify_report *rep;
    assert_int_equal(qualify_evaluate(a, rules_seed(), &o->in, day, t, 1, &rep), 0);
    const struct qualify_result *r = qualify_find(rep, t->kind, t->code);
    assert_non_null(r);
    return r->verdict;
}

/* The issue-18 defect: a 四级调研员 since 2025-01 (month precision) reaches
 * two years in 2027-01; on 2026-12-07 with 12 months the list put them in
 * 尚不符合 because the change date "2027-01" is not a day. */
static void test_month_precision_within_window(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct one o;
    make(&o, "06", D(2025, 1, 0));
    const struct qualify_target t = {QUALIFY_RANK, "05", RULES_PARTY_NONE};
    const struct qualify_list_entry *e = list_one(a, &o, D(2026, 12, 7), &t, 12);
    assert_int_equal(e->group, QUALIFY_LIST_SOON);
    assert_int_equal(date_compare(e->eligible_from, D(2027, 1, 1)), 0);
    assert_int_equal(verdict_on(a, &o, D(2027, 1, 1), &t), QUALIFY_ELIGIBLE);
    assert_int_equal(verdict_on(a, &o, D(2026, 12, 31), &t), QUALIFY_NOT_YET);
    /* Outside a shorter window: still 尚不符合. */
    assert_int_equal(list_one(a, &o, D(2026, 12, 7), &t, 0)->group, QUALIFY_LIST_NOT_YET);
    arena_free(a);
}

/* Already at or above the target: its own group, never 不得. */
static void test_held_counted_apart(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct one o;
    make(&o, "04", D(2020, 3, 1));
    const struct qualify_target t = {QUALIFY_RANK, "05", RULES_PARTY_NONE};
    const struct qualify_list_entry *e = list_one(a, &o, D(2026, 12, 7), &t, 12);
    assert_int_equal(e->group, QUALIFY_LIST_HELD);
    assert_true(e->result->held);
    assert_string_equal(qualify_list_group_name(QUALIFY_LIST_HELD), "held");
    assert_string_equal(qualify_list_group_label(QUALIFY_LIST_HELD), "已达到或高于目标");
    assert_int_equal(qualify_list_group_find("held"), QUALIFY_LIST_HELD);
    arena_free(a);
}

/* The retirement alert writes its date as the UI does (1988.07.15), not ISO. */
static void test_retirement_alert_date(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct qualify_report rep = {
        .as_of = D(2026, 12, 7), .retirement_date = D(2027, 3, 31), .retirement_age_months = 720};
    size_t n = 0;
    struct qualify_alert *x = qualify_list_alerts(a, &rep, 12, &n);
    assert_int_equal(n, 1);
    assert_int_equal(x->kind, QUALIFY_ALERT_RETIREMENT);
    assert_non_null(strstr(x->text, "将于 2027.03.31 达到退休年龄"));
    arena_free(a);
}

/* 符合 with nothing ahead but retirement: the change says so; a 尚不符合
 * names the day its shortfall is met. */
static void test_change_cause(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct one o;
    make(&o, "06", D(2020, 3, 1));
    const struct qualify_target t = {QUALIFY_RANK, "05", RULES_PARTY_NONE};
    const struct qualify_list_entry *e = list_one(a, &o, D(2026, 12, 7), &t, 0);
    assert_int_equal(e->group, QUALIFY_LIST_NOW);
    assert_int_equal(e->result->change, QUALIFY_CHANGE_RETIREMENT);
    assert_string_equal(e->result->change_text, "达到退休年龄");
    /* A met decisive requirement says what was met, even in a brief list. */
    struct qualify_report *rep;
    assert_int_equal(qualify_evaluate_with(a, rules_seed(), &o.in, D(2026, 12, 7), &t, 1,
                                           QUALIFY_BRIEF | QUALIFY_NO_RECORD_CHECKS, &rep),
                     0);
    const struct qualify_result *r = qualify_find(rep, QUALIFY_RANK, "05");
    assert_non_null(strstr(r->reasons->text, "任四级调研员 6 年 9 个月，已满 2 年"));

    make(&o, "06", D(2026, 3, 1));
    e = list_one(a, &o, D(2026, 12, 7), &t, 0);
    assert_int_equal(e->group, QUALIFY_LIST_NOT_YET);
    assert_int_equal(e->result->change, QUALIFY_CHANGE_MET);
    assert_int_equal(date_compare(e->result->change_date, D(2028, 3, 1)), 0);
    assert_string_equal(e->result->change_text, "任职条件届满");
    arena_free(a);
}

/* A 四级调研员 with no post: the next post offered is 县处级副职, not 乡科级副职. */
static void test_no_post_not_a_step_down(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct one o;
    make(&o, "06", D(2020, 3, 1));
    struct qualify_report *rep;
    assert_int_equal(qualify_evaluate(a, rules_seed(), &o.in, D(2026, 12, 7), NULL, 0, &rep), 0);
    assert_non_null(qualify_find(rep, QUALIFY_POST, "5B"));
    assert_null(qualify_find(rep, QUALIFY_POST, "6B"));
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_month_precision_within_window),
        cmocka_unit_test(test_held_counted_apart),
        cmocka_unit_test(test_change_cause),
        cmocka_unit_test(test_retirement_alert_date),
        cmocka_unit_test(test_no_post_not_a_step_down),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
