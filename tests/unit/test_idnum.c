/* test_idnum.c — GB 11643-1999 numbers: the RULES.md §10 vectors and the edges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/idnum.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct date TODAY = {2025, 6, 15};

static void test_check_vectors(void **state)
{
    (void)state;
    static const struct {
        const char *input;
        enum idnum_problem problem;
        const char *number; /* the 18-character form when valid */
        struct date birth;
        int sex;
    } cases[] = {
        /* RULES.md §10 */
        {"11010519491231002X", IDNUM_OK, "11010519491231002X", {1949, 12, 31}, 2},
        {"440524188001010014", IDNUM_OK, "440524188001010014", {1880, 1, 1}, 1},
        {"120223198902021249", IDNUM_OK, "120223198902021249", {1989, 2, 2}, 2},
        {"130132199210293822", IDNUM_OK, "130132199210293822", {1992, 10, 29}, 2},
        {"130402198207290622", IDNUM_CHECKSUM, NULL, {0}, 0},
        /* lowercase x accepted, stored uppercase */
        {"11010519491231002x", IDNUM_OK, "11010519491231002X", {1949, 12, 31}, 2},
        /* legacy 15 digits: "19" inserted, check digit computed */
        {"110105491231002", IDNUM_OK, "11010519491231002X", {1949, 12, 31}, 2},
        {"440524800101001", IDNUM_OK, "440524198001010013", {1980, 1, 1}, 1},
        {"44052480010100X", IDNUM_CHARACTERS, NULL, {0}, 0},
        /* lengths */
        {"", IDNUM_LENGTH, NULL, {0}, 0},
        {"1101051949123100", IDNUM_LENGTH, NULL, {0}, 0},
        {"11010519491231002X1", IDNUM_LENGTH, NULL, {0}, 0},
        /* characters */
        {"1101051949123100XX", IDNUM_CHARACTERS, NULL, {0}, 0},
        {"11010519491231002Y", IDNUM_CHARACTERS, NULL, {0}, 0},
        {"A1010519491231002X", IDNUM_CHARACTERS, NULL, {0}, 0},
        /* dates: impossible, or after today (checked before the checksum) */
        {"110105202302290000", IDNUM_DATE, NULL, {0}, 0},
        {"110105199013010000", IDNUM_DATE, NULL, {0}, 0},
        {"110105199001000000", IDNUM_DATE, NULL, {0}, 0},
        {"110105202506160000", IDNUM_DATE, NULL, {0}, 0},
        {"110105203001010000", IDNUM_DATE, NULL, {0}, 0},
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct idnum_info info;
        memset(&info, 0, sizeof info);
        enum idnum_problem p = idnum_check(cases[i].input, TODAY, &info);
        if (p != cases[i].problem) {
            print_error("%s: problem %d, want %d\n", cases[i].input, p, cases[i].problem);
            fail();
        }
        if (p != IDNUM_OK)
            continue;
        assert_string_equal(info.number, cases[i].number);
        assert_int_equal(info.birth.year, cases[i].birth.year);
        assert_int_equal(info.birth.month, cases[i].birth.month);
        assert_int_equal(info.birth.day, cases[i].birth.day);
        assert_int_equal(info.sex, cases[i].sex);
    }
    assert_int_equal(idnum_check(NULL, TODAY, NULL), IDNUM_LENGTH);
}

static void test_born_today_is_valid(void **state)
{
    (void)state;
    char number[19] = "11010520250615001";
    number[17] = idnum_check_char(number);
    assert_int_equal(idnum_check(number, TODAY, NULL), IDNUM_OK);
    struct date yesterday = {2025, 6, 14};
    assert_int_equal(idnum_check(number, yesterday, NULL), IDNUM_DATE);
}

static void test_check_char(void **state)
{
    (void)state;
    assert_int_equal(idnum_check_char("11010519491231002"), 'X');
    assert_int_equal(idnum_check_char("44052418800101001"), '4');
    assert_int_equal(idnum_check_char("12022319890202124"), '9');
    assert_int_equal(idnum_check_char("13013219921029382"), '2');
    assert_int_not_equal(idnum_check_char("13040219820729062"), '2');
}

static void test_messages(void **state)
{
    (void)state;
    assert_string_equal(idnum_problem_message(IDNUM_CHECKSUM), "身份证号校验位错误");
    const enum idnum_problem problems[] = {IDNUM_LENGTH, IDNUM_CHARACTERS, IDNUM_DATE,
                                           IDNUM_CHECKSUM};
    for (size_t i = 0; i < N(problems); i++) {
        const char *m = idnum_problem_message(problems[i]);
        assert_non_null(strstr(m, "身份证号"));
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(m, idnum_problem_message(problems[j]));
    }
}

static void test_mask(void **state)
{
    (void)state;
    static const struct {
        const char *input, *masked;
    } cases[] = {
        {"110105194912311234", "1101**********1234"},
        {"11010519491231002X", "1101**********002X"},
        {"110105491231002", "1101*******1002"},
        {"12345678", "********"},
        {"1234567890", "**********"},
        {"", ""},
        {"1234567890123456789012", "******************"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        char out[19];
        assert_string_equal(idnum_mask(cases[i].input, out), cases[i].masked);
    }
    char out[19];
    assert_string_equal(idnum_mask(NULL, out), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_vectors), cmocka_unit_test(test_born_today_is_valid),
        cmocka_unit_test(test_check_char),    cmocka_unit_test(test_messages),
        cmocka_unit_test(test_mask),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
