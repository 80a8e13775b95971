/* test_password_policy.c — the password rule: length, classes, not the username. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/password_policy.h"

static void test_cases(void **state)
{
    (void)state;
    static const struct {
        const char *user, *password;
        int ok;
    } cases[] = {
        {"zhang", "short1A", 0},         /* under 10 characters */
        {"zhang", "alllowercase", 0},    /* one class */
        {"zhang", "lowercase123", 0},    /* two classes */
        {"zhang", "Lowercase123", 1},    /* three classes */
        {"zhang", "lower-case-12", 1},   /* lower, digit, symbol */
        {"Zhang12345", "zhang12345", 0}, /* two classes anyway */
        {"Zhang1234x", "zHANG1234X", 0}, /* the username, case aside */
        {NULL, "Lowercase123", 1},       /* no username to compare */
        {"zhang", "", 0},                /* empty */
        {"zhang", "密码密码Ab1", 1},     /* UTF-8 bytes count as symbols */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *problem = password_policy_problem(cases[i].user, cases[i].password);
        if (cases[i].ok)
            assert_null(problem);
        else
            assert_non_null(problem);
    }
}

static void test_reasons_name_the_rule(void **state)
{
    (void)state;
    assert_string_equal(password_policy_problem("zhang", "Ab1"), "密码至少需要 10 个字符");
    assert_string_equal(password_policy_problem("zhang", "abcdefghijk"),
                        "密码需包含大写字母、小写字母、数字、符号中的至少三类");
    assert_string_equal(password_policy_problem("Zhang-12345", "zhang-12345"),
                        "密码不能与用户名相同");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_reasons_name_the_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
