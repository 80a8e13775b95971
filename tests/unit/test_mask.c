/* test_mask.c — the one masked form of phone and ID numbers, as the API and
 * the exports both show them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/mask.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_phone(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"13812345678", "138****5678"},   /* a mobile */
        {"010-12345678", "010*****5678"}, /* a landline with its area code */
        {"01012345678", "010****5678"},
        {"12345678", "****5678"}, /* a local landline: 4 of 8 shown */
        {"0123456789", "******6789"},
        {"1234567", "****"}, /* too short to show anything */
        {"", "****"},
        {"转 8001", "****"}, /* not plain ASCII: hidden whole */
        {"１３８１２３４５６７８", "****"},
    };
    char buf[MASK_MAX];
    for (size_t i = 0; i < N(cases); i++) {
        const char *m = mask_phone(cases[i].in, buf);
        if (strcmp(m, cases[i].out) != 0) {
            print_error("case %zu: \"%s\" gave \"%s\"\n", i, cases[i].in, m);
            fail();
        }
    }
    char longer[MASK_MAX + 8];
    memset(longer, '1', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    assert_string_equal(mask_phone(longer, buf), "****");
    assert_null(mask_phone(NULL, buf));
}

static void test_id_number(void **state)
{
    (void)state;
    char buf[MASK_MAX];
    assert_string_equal(mask_id_number("11010519491231002X", buf), "1101**********002X");
    assert_string_equal(mask_id_number("110105491231002", buf), "1101*******1002");
    assert_string_equal(mask_id_number("1101", buf), "****");
    assert_string_equal(mask_id_number("1234567890123456789012", buf), "******************");
    assert_null(mask_id_number(NULL, buf));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phone),
        cmocka_unit_test(test_id_number),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
