/* test_appointment.c — the steps each kind of appointment case takes, the
 * jumps refused, the four-musts gate (missing, failed, withdrawn), 破格,
 * the notice's end and objections, and working days across 春节 and 国庆
 * 2026 with their 调休 weekends. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/appointment.h"
#include "util/arena.h"
#include "util/err.h"

static struct date d(int y, int m, int dd)
{
    return (struct date){y, m, dd};
}

/* 国办发明电〔2025〕7号: 春节 and 国庆 2026 with their 调休 days. */
static const struct appointment_calendar_day days_2026[] = {
    {{2026, 2, 14}, true, "春节调休上班"}, {{2026, 2, 15}, false, "春节"},
    {{2026, 2, 16}, false, "春节"},        {{2026, 2, 17}, false, "春节"},
    {{2026, 2, 18}, false, "春节"},        {{2026, 2, 19}, false, "春节"},
    {{2026, 2, 20}, false, "春节"},        {{2026, 2, 21}, false, "春节"},
    {{2026, 2, 22}, false, "春节"},        {{2026, 2, 23}, false, "春节"},
    {{2026, 2, 28}, true, "春节调休上班"}, {{2026, 9, 20}, true, "国庆调休上班"},
    {{2026, 10, 1}, false, "国庆节"},      {{2026, 10, 2}, false, "国庆节"},
    {{2026, 10, 3}, false, "国庆节"},      {{2026, 10, 4}, false, "国庆节"},
    {{2026, 10, 5}, false, "国庆节"},      {{2026, 10, 6}, false, "国庆节"},
    {{2026, 10, 7}, false, "国庆节"},      {{2026, 10, 10}, true, "国庆调休上班"},
};
static const struct appointment_calendar cal = {days_2026, sizeof days_2026 / sizeof days_2026[0]};

static void assert_date(struct date got, struct date want)
{
    assert_int_equal(got.year, want.year);
    assert_int_equal(got.month, want.month);
    assert_int_equal(got.day, want.day);
}

static void test_weekday(void **state)
{
    (void)state;
    assert_int_equal(appointment_weekday(d(2026, 1, 1)), 4);
    assert_int_equal(appointment_weekday(d(2026, 2, 14)), 6);
    assert_int_equal(appointment_weekday(d(2026, 9, 20)), 7);
    assert_int_equal(appointment_weekday(d(2026, 12, 7)), 1);
    assert_int_equal(appointment_weekday(d(2000, 2, 29)), 2);
    assert_int_equal(appointment_weekday(d(1970, 1, 1)), 4);
}

static void test_working_days(void **state)
{
    (void)state;
    assert_true(appointment_is_working_day(&cal, d(2026, 2, 13)));
    assert_true(appointment_is_working_day(&cal, d(2026, 2, 14)));  /* Saturday, 调休 */
    assert_false(appointment_is_working_day(&cal, d(2026, 2, 16))); /* Monday, 春节 */
    assert_false(appointment_is_working_day(&cal, d(2026, 3, 1)));  /* a plain Sunday */
    assert_true(appointment_is_working_day(NULL, d(2026, 2, 16)));  /* no calendar */
    /* 春节: Thursday 12th, Friday 13th, Saturday 14th (调休), then nine days
     * off; Tuesday 24th is the 4th, Wednesday 25th the 5th. */
    assert_date(appointment_working_day_end(&cal, d(2026, 2, 12), 5), d(2026, 2, 25));
    assert_int_equal(appointment_working_days(&cal, d(2026, 2, 12), d(2026, 2, 25)), 5);
    /* Without the calendar the same five days end on Wednesday the 18th. */
    assert_date(appointment_working_day_end(NULL, d(2026, 2, 12), 5), d(2026, 2, 18));
    /* A start on a holiday counts from the first working day after it;
     * Saturday the 28th (调休) is the 5th. */
    assert_date(appointment_working_day_end(&cal, d(2026, 2, 15), 5), d(2026, 2, 28));
    assert_int_equal(appointment_working_days(&cal, d(2026, 2, 24), d(2026, 3, 2)), 6);
    /* 国庆: from Friday 18 September, Sunday the 20th is worked. */
    assert_date(appointment_working_day_end(&cal, d(2026, 9, 18), 5), d(2026, 9, 23));
    /* From Monday 28 September: 28, 29, 30, then 8 and 9 October. */
    assert_date(appointment_working_day_end(&cal, d(2026, 9, 28), 5), d(2026, 10, 9));
    /* From Thursday 8 October: 8, 9, Saturday 10 (调休), 12, 13. */
    assert_date(appointment_working_day_end(&cal, d(2026, 10, 8), 5), d(2026, 10, 13));
    assert_int_equal(appointment_working_days(&cal, d(2026, 10, 1), d(2026, 10, 7)), 0);
    assert_int_equal(appointment_working_days(&cal, d(2026, 10, 9), d(2026, 10, 8)), 0);
}

static void test_paths(void **state)
{
    (void)state;
    enum appointment_state post[] = {
        APPOINTMENT_MOTION,    APPOINTMENT_RECOMMENDATION, APPOINTMENT_VETTING,
        APPOINTMENT_DECISION,  APPOINTMENT_NOTICE,         APPOINTMENT_REPORTED,
        APPOINTMENT_CONSENTED, APPOINTMENT_APPROVED,       APPOINTMENT_APPOINTED};
    for (size_t i = 0; i + 1 < sizeof post / sizeof post[0]; i++)
        assert_int_equal(appointment_next_state(APPOINTMENT_POST, post[i]), post[i + 1]);
    assert_int_equal(appointment_next_state(APPOINTMENT_POST, APPOINTMENT_APPOINTED), -1);
    /* A rank promotion skips 民主推荐; an adjustment skips it and 公示. */
    assert_int_equal(appointment_next_state(APPOINTMENT_RANK, APPOINTMENT_MOTION),
                     APPOINTMENT_VETTING);
    assert_int_equal(appointment_next_state(APPOINTMENT_RANK, APPOINTMENT_DECISION),
                     APPOINTMENT_NOTICE);
    assert_int_equal(appointment_next_state(APPOINTMENT_DOWN, APPOINTMENT_DECISION),
                     APPOINTMENT_REPORTED);
    assert_false(appointment_kind_has_state(APPOINTMENT_RANK, APPOINTMENT_RECOMMENDATION));
    assert_false(appointment_kind_needs_checks(APPOINTMENT_DOWN));
    assert_true(appointment_kind_needs_checks(APPOINTMENT_RANK));
    /* Names both ways. */
    assert_int_equal(appointment_state_find("讨论决定"), APPOINTMENT_DECISION);
    assert_int_equal(appointment_state_find("decision"), APPOINTMENT_DECISION);
    assert_int_equal(appointment_state_find("nope"), -1);
    assert_int_equal(appointment_check_find("信访举报核查"), APPOINTMENT_CHECK_TIPOFFS);
    assert_int_equal(appointment_result_find("不通过"), APPOINTMENT_RESULT_FAILED);
    assert_int_equal(appointment_result_find("未记录"), -1);
    assert_int_equal(appointment_kind_find("rank"), APPOINTMENT_RANK);
    assert_string_equal(appointment_state_label(APPOINTMENT_NOTICE), "任前公示");
}

static const struct appointment_gate all_passed = {
    .checks = {APPOINTMENT_RESULT_PASSED, APPOINTMENT_RESULT_PASSED, APPOINTMENT_RESULT_PASSED,
               APPOINTMENT_RESULT_PASSED},
};

static int advance(const struct appointment_case_state *c, enum appointment_state to,
                   struct date on, const struct appointment_gate *g, struct arena *a,
                   struct field_errors *fe)
{
    field_errors_init(fe, a);
    return appointment_may_advance(c, to, on, d(2026, 12, 7), g, fe);
}

static void test_jumps(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct field_errors fe;
    struct appointment_case_state c = {APPOINTMENT_POST, APPOINTMENT_MOTION, {2026, 11, 2}};
    /* Every jump past the next step is refused, naming the next step. */
    for (int to = APPOINTMENT_VETTING; to <= APPOINTMENT_RETURNED; to++) {
        assert_int_equal(advance(&c, to, d(2026, 11, 3), &all_passed, a, &fe), ERR_CONFLICT);
        assert_string_equal(fe.head->field, "to");
        assert_non_null(strstr(fe.head->message, "民主推荐"));
    }
    assert_int_equal(advance(&c, APPOINTMENT_RECOMMENDATION, d(2026, 11, 3), &all_passed, a, &fe),
                     0);
    assert_int_equal(advance(&c, APPOINTMENT_STOPPED, d(2026, 11, 3), &all_passed, a, &fe), 0);
    /* Going back is a jump too. */
    c.state = APPOINTMENT_VETTING;
    assert_int_equal(advance(&c, APPOINTMENT_MOTION, d(2026, 11, 3), &all_passed, a, &fe),
                     ERR_CONFLICT);
    /* A rank case cannot enter 民主推荐. */
    struct appointment_case_state r = {APPOINTMENT_RANK, APPOINTMENT_MOTION, {2026, 11, 2}};
    assert_int_equal(advance(&r, APPOINTMENT_RECOMMENDATION, d(2026, 11, 3), &all_passed, a, &fe),
                     ERR_CONFLICT);
    assert_int_equal(advance(&r, APPOINTMENT_VETTING, d(2026, 11, 3), &all_passed, a, &fe), 0);
    /* 退回 only from 报批 or 预审同意. */
    r.state = APPOINTMENT_CONSENTED;
    assert_int_equal(advance(&r, APPOINTMENT_RETURNED, d(2026, 11, 3), &all_passed, a, &fe), 0);
    /* A finished case takes nothing. */
    r.state = APPOINTMENT_APPOINTED;
    assert_int_equal(advance(&r, APPOINTMENT_STOPPED, d(2026, 11, 3), &all_passed, a, &fe),
                     ERR_CONFLICT);
    /* Dates: not before the last step, not in the future. */
    c.state = APPOINTMENT_MOTION;
    assert_int_equal(advance(&c, APPOINTMENT_RECOMMENDATION, d(2026, 11, 1), &all_passed, a, &fe),
                     ERR_CONFLICT);
    assert_string_equal(fe.head->field, "date");
    assert_int_equal(advance(&c, APPOINTMENT_RECOMMENDATION, d(2026, 12, 8), &all_passed, a, &fe),
                     ERR_CONFLICT);
    arena_free(a);
}

static void test_gate(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct field_errors fe;
    struct appointment_case_state c = {APPOINTMENT_POST, APPOINTMENT_VETTING, {2026, 11, 2}};
    struct appointment_gate none = {0};
    assert_int_equal(advance(&c, APPOINTMENT_DECISION, d(2026, 11, 3), &none, a, &fe),
                     ERR_CONFLICT);
    assert_int_equal(fe.count, 4);
    assert_string_equal(fe.head->field, "checks.archive");
    assert_non_null(strstr(fe.head->message, "档案审核"));
    assert_int_equal(advance(&c, APPOINTMENT_DECISION, d(2026, 11, 3), &all_passed, a, &fe), 0);
    /* Each check failed, or withdrawn after passing, blocks alone. */
    for (int i = 0; i < APPOINTMENT_CHECK_COUNT; i++) {
        for (int r = APPOINTMENT_RESULT_NONE; r <= APPOINTMENT_RESULT_WITHDRAWN; r++) {
            if (r == APPOINTMENT_RESULT_PASSED)
                continue;
            struct appointment_gate g = all_passed;
            g.checks[i] = r;
            assert_int_equal(advance(&c, APPOINTMENT_DECISION, d(2026, 11, 3), &g, a, &fe),
                             ERR_CONFLICT);
            assert_int_equal(fe.count, 1);
            assert_non_null(strstr(fe.head->field, appointment_check_name(i)));
        }
    }
    /* A check dated after the decision does not count for it. */
    struct appointment_gate late = all_passed;
    late.checked_on[APPOINTMENT_CHECK_DISCIPLINE] = d(2026, 11, 4);
    assert_int_equal(advance(&c, APPOINTMENT_DECISION, d(2026, 11, 3), &late, a, &fe),
                     ERR_CONFLICT);
    assert_string_equal(fe.head->field, "checks.discipline");
    assert_non_null(strstr(fe.head->message, "晚于讨论决定"));
    assert_int_equal(advance(&c, APPOINTMENT_DECISION, d(2026, 11, 4), &late, a, &fe), 0);
    /* A specific tip-off arriving after the check passed blocks too. */
    struct appointment_gate g = all_passed;
    g.unsettled_tipoffs = 1;
    assert_int_equal(advance(&c, APPOINTMENT_DECISION, d(2026, 11, 3), &g, a, &fe), ERR_CONFLICT);
    assert_string_equal(fe.head->field, "checks.tipoffs");
    /* An adjustment needs no checks. */
    struct appointment_case_state down = {APPOINTMENT_DOWN, APPOINTMENT_VETTING, {2026, 11, 2}};
    assert_int_equal(advance(&down, APPOINTMENT_DECISION, d(2026, 11, 3), &none, a, &fe), 0);
    /* 破格: reason and prior approval. */
    c.exceptional = true;
    assert_int_equal(advance(&c, APPOINTMENT_DECISION, d(2026, 11, 3), &all_passed, a, &fe),
                     ERR_CONFLICT);
    assert_int_equal(fe.count, 2);
    c.exceptional_reason_given = true;
    assert_int_equal(advance(&c, APPOINTMENT_DECISION, d(2026, 11, 3), &all_passed, a, &fe),
                     ERR_CONFLICT);
    assert_non_null(strstr(fe.head->message, "上级组织部门"));
    c.exceptional_approval_given = true;
    assert_int_equal(advance(&c, APPOINTMENT_DECISION, d(2026, 11, 3), &all_passed, a, &fe), 0);
    arena_free(a);
}

static void test_notice(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct field_errors fe;
    struct appointment_case_state c = {APPOINTMENT_POST, APPOINTMENT_NOTICE, {2026, 2, 12}};
    struct appointment_gate g = all_passed;
    assert_int_equal(advance(&c, APPOINTMENT_REPORTED, d(2026, 2, 26), &g, a, &fe), ERR_CONFLICT);
    assert_string_equal(fe.head->field, "notice");
    g.notice_end =
        appointment_working_day_end(&cal, d(2026, 2, 12), APPOINTMENT_NOTICE_WORKING_DAYS);
    /* Closing on or before its last day is refused. */
    assert_int_equal(advance(&c, APPOINTMENT_REPORTED, d(2026, 2, 25), &g, a, &fe), ERR_CONFLICT);
    assert_non_null(strstr(fe.head->message, "2026-02-25"));
    assert_int_equal(advance(&c, APPOINTMENT_REPORTED, d(2026, 2, 26), &g, a, &fe), 0);
    g.open_objections = 2;
    assert_int_equal(advance(&c, APPOINTMENT_REPORTED, d(2026, 2, 26), &g, a, &fe), ERR_CONFLICT);
    assert_string_equal(fe.head->field, "objections");
    /* Stopping is allowed at any time. */
    assert_int_equal(advance(&c, APPOINTMENT_STOPPED, d(2026, 2, 13), &g, a, &fe), 0);
    arena_free(a);
}

static void test_probation(void **state)
{
    (void)state;
    assert_date(appointment_probation_end(d(2026, 3, 1)), d(2027, 2, 28));
    assert_date(appointment_probation_end(d(2026, 12, 7)), d(2027, 12, 6));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weekday),   cmocka_unit_test(test_working_days),
        cmocka_unit_test(test_paths),     cmocka_unit_test(test_jumps),
        cmocka_unit_test(test_gate),      cmocka_unit_test(test_notice),
        cmocka_unit_test(test_probation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
