/* test_reminders.c — reminder kinds and the "due within N days" window,
 * with dates on each side of a deadline, across month, year and leap-day
 * boundaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/reminders.h"

static void test_kinds(void **state)
{
    (void)state;
    for (int k = 0; k < REMINDER_KIND_COUNT; k++) {
        assert_int_equal(reminders_kind_find(reminders_kind_name((enum reminder_kind)k)), k);
        assert_non_null(reminders_kind_label((enum reminder_kind)k));
        int lead = reminders_default_lead((enum reminder_kind)k);
        assert_true(lead > 0 && lead <= REMINDERS_LEAD_MAX);
    }
    assert_int_equal(reminders_default_lead(REMINDER_DECLARATION_ANNUAL), 30);
    assert_int_equal(reminders_kind_find("nothing"), -1);
    assert_int_equal(reminders_kind_find(NULL), -1);
    assert_null(reminders_kind_name(REMINDER_KIND_COUNT));
}

static void test_days_between(void **state)
{
    (void)state;
    static const struct {
        struct date from, to;
        int days;
    } cases[] = {
        {{2026, 1, 1}, {2026, 1, 1}, 0},      {{2026, 1, 1}, {2026, 1, 31}, 30},
        {{2026, 1, 31}, {2026, 1, 1}, -30},   {{2025, 12, 31}, {2026, 1, 1}, 1},
        {{2024, 2, 28}, {2024, 3, 1}, 2},     {{2023, 2, 28}, {2023, 3, 1}, 1},
        {{2000, 1, 1}, {2001, 1, 1}, 366},    {{1900, 1, 1}, {1901, 1, 1}, 365},
        {{1970, 1, 1}, {2026, 12, 7}, 20794},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_int_equal(reminders_days_between(cases[i].from, cases[i].to), cases[i].days);
}

static void test_due(void **state)
{
    (void)state;
    const struct date deadline = {2027, 1, 31};
    static const struct {
        struct date today;
        int lead;
        bool due;
        int left;
    } cases[] = {
        {{2026, 12, 31}, 30, false, 31}, /* one day before the window */
        {{2027, 1, 1}, 30, true, 30},    /* the window's first day */
        {{2027, 1, 30}, 30, true, 1},     {{2027, 1, 31}, 30, true, 0}, /* the day itself */
        {{2027, 2, 1}, 30, true, -1},                                   /* overdue */
        {{2027, 1, 30}, 0, false, 1},     {{2027, 1, 31}, 0, true, 0},
        {{2026, 2, 1}, 365, true, 364},   {{2026, 1, 31}, 365, true, 365},
        {{2026, 1, 30}, 365, false, 366},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int left = 12345;
        assert_int_equal(reminders_due(deadline, cases[i].lead, cases[i].today, &left),
                         cases[i].due);
        assert_int_equal(left, cases[i].left);
    }
    assert_false(reminders_due(DATE_NONE, 30, deadline, NULL));
    assert_false(reminders_due((struct date){2027, 1, 0}, 30, deadline, NULL)); /* a month only */
    assert_true(reminders_due(deadline, 5, deadline, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_days_between),
        cmocka_unit_test(test_due),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
