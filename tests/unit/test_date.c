/* test_date.c — calendar validity, parsing, Excel serials and tenure months. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "util/err.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static struct date D(int y, int m, int d) {
    return (struct date){y, m, d};
}

static void
assert_date(struct date got, struct date want, const char *context)
{
    if (got.year != want.year || got.month != want.month || got.day != want.day) {
        print_error("%s: got %04d-%02d-%02d, want %04d-%02d-%02d\n", context, got.year, got.month,
                    got.day, want.year, want.month, want.day);
        fail();
    }
}

static void test_leap_years_and_month_ends(void **state)
{
    (void)state;
    static const struct {
        int year, month, days;
    } cases[] = {
        {1900, 2, 28}, /* divisible by 100, not 400 */
        {2000, 2, 29}, /* divisible by 400 */
        {2024, 2, 29}, {2023, 2, 28},  {2100, 2, 28}, {2024, 1, 31},
        {2024, 4, 30}, {2024, 12, 31}, {2023, 6, 30}, {2023, 7, 31},
    };
    for (size_t i = 0; i < N(cases); i++)
        assert_int_equal(date_days_in_month(cases[i].year, cases[i].month), cases[i].days);
    assert_false(date_is_leap_year(1900));
    assert_true(date_is_leap_year(2000));
    assert_true(date_is_leap_year(2024));
    assert_false(date_is_leap_year(2023));
}

static void test_validity(void **state)
{
    (void)state;
    static const struct {
        struct date d;
        bool valid;
    } cases[] = {
        {{2023, 2, 29}, false}, {{2024, 2, 29}, true},  {{1900, 2, 29}, false},
        {{2000, 2, 29}, true},  {{2024, 2, 30}, false}, {{2024, 4, 31}, false},
        {{2024, 4, 30}, true},  {{2024, 13, 1}, false}, {{2024, 0, 1}, false},
        {{2024, 5, 0}, true},                       /* month precision */
        {{2024, 5, -1}, false}, {{0, 0, 0}, false}, /* none is not a date */
        {{0, 1, 1}, false},     {{1, 1, 1}, true},      {{9999, 12, 31}, true},
        {{10000, 1, 1}, false},
    };
    for (size_t i = 0; i < N(cases); i++) {
        if (date_valid(cases[i].d) != cases[i].valid) {
            print_error("case %zu: %d-%d-%d\n", i, cases[i].d.year, cases[i].d.month,
                        cases[i].d.day);
            fail();
        }
    }
    assert_true(date_is_none(DATE_NONE));
    assert_false(date_is_none(D(2024, 1, 0)));
}

static void test_parse_iso(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int rc;
        struct date d;
    } cases[] = {
        {"1975-03-08", 0, {1975, 3, 8}},  {"1975-03", 0, {1975, 3, 0}},
        {"2024-02-29", 0, {2024, 2, 29}}, {"2023-02-29", ERR_INVALID, {0}},
        {"2024-02-30", ERR_INVALID, {0}}, {"1975-3-8", ERR_INVALID, {0}},
        {"1975-03-", ERR_INVALID, {0}},   {"1975-03-00", ERR_INVALID, {0}},
        {"1975-13", ERR_INVALID, {0}},    {"1975.03", ERR_INVALID, {0}},
        {" 1975-03", ERR_INVALID, {0}},   {"1975-03-08 ", ERR_INVALID, {0}},
        {"0000-01-01", ERR_INVALID, {0}}, {"", ERR_INVALID, {0}},
        {"19750308", ERR_INVALID, {0}},
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct date d = D(7, 7, 7);
        int rc = date_parse_iso(cases[i].text, &d);
        if (rc != cases[i].rc) {
            print_error("\"%s\": rc %d\n", cases[i].text, rc);
            fail();
        }
        if (rc == 0)
            assert_date(d, cases[i].d, cases[i].text);
        else
            assert_date(d, D(7, 7, 7), cases[i].text); /* untouched on failure */
    }
    struct date d;
    assert_int_equal(date_parse_iso(NULL, &d), ERR_INVALID);
}

static void test_parse_loose(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int rc;
        struct date d;
    } cases[] = {
        {"1975.03", 0, {1975, 3, 0}},
        {"1975.3", 0, {1975, 3, 0}},
        {"1975-03", 0, {1975, 3, 0}},
        {"1975/03", 0, {1975, 3, 0}},
        {"1975-03-08", 0, {1975, 3, 8}},
        {"1975.03.08", 0, {1975, 3, 8}},
        {"1975/3/8", 0, {1975, 3, 8}},
        {"197503", 0, {1975, 3, 0}},
        {"19750308", 0, {1975, 3, 8}},
        {"1975年3月", 0, {1975, 3, 0}},
        {"1975年03月", 0, {1975, 3, 0}},
        {"1975年3月8日", 0, {1975, 3, 8}},
        {"  1975.03 \t", 0, {1975, 3, 0}},
        {"\xE3\x80\x80"
         "1975年3月\xE3\x80\x80",
         0,
         {1975, 3, 0}}, /* U+3000 padding */
        {"1975.12", 0, {1975, 12, 0}},
        {"2024.2.29", 0, {2024, 2, 29}},
        {"2023.2.29", ERR_INVALID, {0}},
        {"20230229", ERR_INVALID, {0}},
        {"1975年2月30日", ERR_INVALID, {0}},
        {"197513", ERR_INVALID, {0}},
        {"1975", ERR_INVALID, {0}},
        {"1975.", ERR_INVALID, {0}},
        {"1975.03.", ERR_INVALID, {0}},
        {"1975-03/08", ERR_INVALID, {0}}, /* mixed separators */
        {"1975.003", ERR_INVALID, {0}},
        {"1975年3", ERR_INVALID, {0}},
        {"1975年3月8", ERR_INVALID, {0}},
        {"75.03", ERR_INVALID, {0}},
        {"1975.03.08.", ERR_INVALID, {0}},
        {"abc", ERR_INVALID, {0}},
        {"", ERR_INVALID, {0}},
        {"   ", ERR_INVALID, {0}},
        {"1975.0", ERR_INVALID, {0}},
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct date d = DATE_NONE;
        int rc = date_parse_loose(cases[i].text, &d);
        if (rc != cases[i].rc) {
            print_error("\"%s\": rc %d, want %d\n", cases[i].text, rc, cases[i].rc);
            fail();
        }
        if (rc == 0)
            assert_date(d, cases[i].d, cases[i].text);
    }
}

static void test_excel_serial(void **state)
{
    (void)state;
    static const struct {
        double serial;
        int rc;
        struct date d;
    } cases[] = {
        {1, 0, {1900, 1, 1}},         {59, 0, {1900, 2, 28}},
        {60, ERR_INVALID, {0}}, /* Excel's phantom 1900-02-29 */
        {61, 0, {1900, 3, 1}},  /* from here on, one more than the day count */
        {27461, 0, {1975, 3, 8}},     {27462, 0, {1975, 3, 9}},
        {27462.75, 0, {1975, 3, 9}}, /* 18:00 is still that day */
        {36526, 0, {2000, 1, 1}},     {45351, 0, {2024, 2, 29}},
        {2958465, 0, {9999, 12, 31}}, {2958466, ERR_INVALID, {0}},
        {0, ERR_INVALID, {0}},        {-5, ERR_INVALID, {0}},
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct date d = DATE_NONE;
        int rc = date_from_excel_serial(cases[i].serial, &d);
        char context[32];
        snprintf(context, sizeof context, "serial %.2f", cases[i].serial);
        if (rc != cases[i].rc) {
            print_error("%s: rc %d\n", context, rc);
            fail();
        }
        if (rc == 0)
            assert_date(d, cases[i].d, context);
    }
    struct date d;
    assert_int_equal(date_from_excel_serial(0.0 / 0.0, &d), ERR_INVALID);
    assert_int_equal(date_from_excel_serial(1.0 / 0.0, &d), ERR_INVALID);
}

static void test_format(void **state)
{
    (void)state;
    char buf[11];
    assert_string_equal(date_format_iso(D(1975, 3, 8), buf), "1975-03-08");
    assert_string_equal(date_format_iso(D(1975, 3, 0), buf), "1975-03");
    assert_string_equal(date_format_iso(D(5, 1, 2), buf), "0005-01-02");
    assert_string_equal(date_format_iso(DATE_NONE, buf), "");
    char dotted[8];
    assert_string_equal(date_format_dotted(D(1975, 3, 8), dotted), "1975.03");
    assert_string_equal(date_format_dotted(D(1975, 12, 0), dotted), "1975.12");
    assert_string_equal(date_format_dotted(DATE_NONE, dotted), "");
    /* Messages write dates as the UI does: 1988.07, 1988.07.15. */
    assert_string_equal(date_format_display(D(1988, 7, 15), buf), "1988.07.15");
    assert_string_equal(date_format_display(D(1988, 7, 0), buf), "1988.07");
    assert_string_equal(date_format_display(DATE_NONE, buf), "");
}

static void test_compare(void **state)
{
    (void)state;
    static const struct {
        struct date a, b;
        int sign;
    } cases[] = {
        {{2020, 1, 1}, {2020, 1, 2}, -1},   {{2020, 2, 1}, {2020, 1, 31}, 1},
        {{2019, 12, 31}, {2020, 1, 1}, -1}, {{2020, 3, 0}, {2020, 3, 1}, 0},
        {{2020, 3, 0}, {2020, 3, 2}, -1},   {{2020, 3, 5}, {2020, 3, 5}, 0},
        {{0, 0, 0}, {1, 1, 1}, -1},         {{1, 1, 1}, {0, 0, 0}, 1},
        {{0, 0, 0}, {0, 0, 0}, 0},
    };
    for (size_t i = 0; i < N(cases); i++) {
        int c = date_compare(cases[i].a, cases[i].b);
        int sign = (c > 0) - (c < 0);
        if (sign != cases[i].sign) {
            print_error("case %zu: %d\n", i, c);
            fail();
        }
    }
}

/* One comparison, three meanings: the same pairs at each precision. */
static void test_compare_at(void **state)
{
    (void)state;
    static const struct {
        struct date a, b;
        int day, month, shared;
    } cases[] = {
        /* A month against a day in it: first-of-month, same month, undecided. */
        {{2021, 5, 0}, {2021, 5, 20}, -1, 0, 0},
        {{2021, 5, 20}, {2021, 5, 0}, 1, 0, 0},
        {{2021, 5, 0}, {2021, 5, 1}, 0, 0, 0},
        /* Two days of one month: only MONTH ignores the day. */
        {{2021, 5, 3}, {2021, 5, 20}, -1, 0, -1},
        /* Different months: every precision agrees. */
        {{2021, 4, 30}, {2021, 5, 0}, -1, -1, -1},
        {{2021, 6, 0}, {2021, 5, 31}, 1, 1, 1},
        {{2020, 12, 0}, {2021, 1, 0}, -1, -1, -1},
        /* "none" first, at every precision. */
        {{0, 0, 0}, {2021, 5, 0}, -1, -1, -1},
        {{0, 0, 0}, {0, 0, 0}, 0, 0, 0},
    };
    for (size_t i = 0; i < N(cases); i++) {
        const enum date_precision p[] = {DATE_PRECISION_DAY, DATE_PRECISION_MONTH,
                                         DATE_PRECISION_SHARED};
        const int want[] = {cases[i].day, cases[i].month, cases[i].shared};
        for (size_t k = 0; k < 3; k++) {
            int c = date_compare_at(cases[i].a, cases[i].b, p[k]);
            if ((c > 0) - (c < 0) != want[k]) {
                print_error("case %zu precision %zu: %d\n", i, k, c);
                fail();
            }
        }
    }
}

static void test_months_between(void **state)
{
    (void)state;
    static const struct {
        struct date from, to;
        int months;
    } cases[] = {
        {{2020, 1, 31}, {2020, 2, 29}, 1}, /* the 31st is reached at a short month's end */
        {{2021, 1, 31}, {2021, 2, 28}, 1},  {{2021, 1, 31}, {2021, 2, 27}, 0},
        {{2020, 1, 30}, {2020, 2, 29}, 1},  {{2020, 1, 31}, {2020, 4, 30}, 3},
        {{2020, 1, 31}, {2020, 3, 30}, 1}, /* March has a 31st: not reached yet */
        {{2020, 1, 31}, {2020, 3, 31}, 2},  {{2019, 3, 15}, {2021, 3, 14}, 23},
        {{2019, 3, 15}, {2021, 3, 15}, 24}, /* 满 2 年 */
        {{2019, 3, 15}, {2021, 3, 16}, 24}, {{2019, 3, 15}, {2019, 3, 15}, 0},
        {{2019, 3, 15}, {2019, 3, 1}, 0}, /* before the start */
        {{2019, 3, 15}, {2018, 12, 1}, 0},  {{2019, 12, 1}, {2020, 1, 1}, 1},
        {{2019, 3, 0}, {2021, 3, 0}, 24}, /* month precision: whole months */
        {{2019, 3, 0}, {2021, 3, 1}, 24},   {{2019, 3, 0}, {2021, 2, 28}, 23},
        {{2019, 3, 15}, {2021, 3, 0}, 24}, /* `to` a month: no day adjustment */
        {{2019, 3, 0}, {2019, 3, 31}, 0},   {{2024, 2, 29}, {2025, 2, 28}, 12},
        {{2024, 2, 29}, {2028, 2, 28}, 47}, {{0, 0, 0}, {2020, 1, 1}, 0},
        {{2020, 1, 1}, {0, 0, 0}, 0},
    };
    for (size_t i = 0; i < N(cases); i++) {
        int got = date_months_between(cases[i].from, cases[i].to);
        if (got != cases[i].months) {
            print_error("case %zu: %d-%d-%d -> %d-%d-%d: got %d, want %d\n", i, cases[i].from.year,
                        cases[i].from.month, cases[i].from.day, cases[i].to.year, cases[i].to.month,
                        cases[i].to.day, got, cases[i].months);
            fail();
        }
    }
}

static void test_add_months(void **state)
{
    (void)state;
    static const struct {
        struct date d;
        int months;
        struct date want;
    } cases[] = {
        {{2024, 1, 31}, 1, {2024, 2, 29}},
        {{2023, 1, 31}, 1, {2023, 2, 28}},
        {{2024, 3, 31}, -1, {2024, 2, 29}},
        {{2024, 1, 15}, 24, {2026, 1, 15}},
        {{2024, 1, 15}, -13, {2022, 12, 15}},
        {{2024, 5, 0}, 7, {2024, 12, 0}},
        {{2024, 5, 0}, 8, {2025, 1, 0}},
        {{2024, 12, 31}, 0, {2024, 12, 31}},
        {{1, 1, 1}, -1, {0, 0, 0}},
        {{9999, 12, 1}, 1, {0, 0, 0}},
        {{0, 0, 0}, 5, {0, 0, 0}},
    };
    for (size_t i = 0; i < N(cases); i++)
        assert_date(date_add_months(cases[i].d, cases[i].months), cases[i].want, "add_months");
}

static void test_add_days(void **state)
{
    (void)state;
    static const struct {
        struct date d;
        int days;
        struct date want;
    } cases[] = {
        {{2024, 2, 28}, 1, {2024, 2, 29}}, {{2023, 2, 28}, 1, {2023, 3, 1}},
        {{2024, 12, 31}, 1, {2025, 1, 1}}, {{2024, 3, 1}, -1, {2024, 2, 29}},
        {{1900, 2, 28}, 1, {1900, 3, 1}},  {{2000, 2, 28}, 1, {2000, 2, 29}},
        {{2024, 5, 0}, 0, {2024, 5, 1}}, /* month precision counts from the 1st */
        {{2024, 1, 1}, 366, {2025, 1, 1}}, {{2024, 1, 1}, -365, {2023, 1, 1}},
        {{9999, 12, 31}, 1, {0, 0, 0}},
    };
    for (size_t i = 0; i < N(cases); i++)
        assert_date(date_add_days(cases[i].d, cases[i].days), cases[i].want, "add_days");
}

static void test_age(void **state)
{
    (void)state;
    static const struct {
        struct date birth, today;
        int age;
    } cases[] = {
        {{1975, 3, 8}, {2025, 3, 7}, 49},  {{1975, 3, 8}, {2025, 3, 8}, 50},
        {{1975, 3, 0}, {2025, 3, 1}, 50}, /* month precision: from the 1st */
        {{1975, 3, 0}, {2025, 2, 28}, 49}, {{2004, 2, 29}, {2022, 2, 28}, 17},
        {{2004, 2, 29}, {2022, 3, 1}, 18}, {{2020, 1, 1}, {2019, 1, 1}, 0},
        {{0, 0, 0}, {2025, 1, 1}, 0},
    };
    for (size_t i = 0; i < N(cases); i++)
        assert_int_equal(date_age(cases[i].birth, cases[i].today), cases[i].age);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leap_years_and_month_ends),
        cmocka_unit_test(test_validity),
        cmocka_unit_test(test_parse_iso),
        cmocka_unit_test(test_parse_loose),
        cmocka_unit_test(test_excel_serial),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_compare_at),
        cmocka_unit_test(test_months_between),
        cmocka_unit_test(test_add_months),
        cmocka_unit_test(test_add_days),
        cmocka_unit_test(test_age),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
