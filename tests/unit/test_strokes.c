/* test_strokes.c — stroke sequences (笔顺) against the mainland standard's
 * 笔顺编号 (1 横 2 竖 3 撇 4 点 5 折), read character by character. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/strokes.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void test_sequences(void **state)
{
    (void)state;
    static const struct {
        unsigned cp;
        const char *sequence;
    } cases[] = {
        {0x4E00, "1"},       /* 一 */
        {0x4E01, "12"},      /* 丁 */
        {0x4E8E, "112"},     /* 于: 竖钩 counts as 竖 */
        {0x4E07, "153"},     /* 万: 横、横折钩、撇 (mainland order) */
        {0x4E0A, "211"},     /* 上 */
        {0x9A6C, "551"},     /* 马 */
        {0x5C0F, "234"},     /* 小 */
        {0x738B, "1121"},    /* 王 */
        {0x6BDB, "3115"},    /* 毛 */
        {0x65B9, "4153"},    /* 方 */
        {0x5B54, "5215"},    /* 孔 */
        {0x674E, "1234521"}, /* 李 */
        {0x5F20, "5153154"}, /* 张 */
    };
    char out[STROKES_MAX + 1];
    for (size_t i = 0; i < COUNT(cases); i++) {
        int n = strokes_sequence(cases[i].cp, out);
        assert_int_equal(n, (int)strlen(out));
        if (strcmp(out, cases[i].sequence) != 0)
            fail_msg("U+%04X: \"%s\", want \"%s\"", cases[i].cp, out, cases[i].sequence);
    }
    assert_int_equal(strokes_sequence(0x2A6A5, out), 64); /* 𪚥 (4 × 龍), Extension B */
    assert_int_equal(strspn(out, "12345"), 64);
    /* Not Han: nothing. */
    assert_int_equal(strokes_sequence('A', out), 0);
    assert_string_equal(out, "");
    assert_int_equal(strokes_sequence(0x3000, out), 0);
    assert_int_equal(strokes_sequence(0x10FFFF, out), 0);
    assert_int_equal(strokes_sequence(0xFFFFFFFFu, out), 0);
}

/* Every code point of the CJK block either has no sequence or one of 1-5s
 * only; the table's packing reads back without running into a neighbour. */
static void test_whole_block(void **state)
{
    (void)state;
    char out[STROKES_MAX + 1];
    size_t known = 0;
    for (unsigned cp = 0x4E00; cp <= 0x9FFF; cp++) {
        int n = strokes_sequence(cp, out);
        assert_true(n >= 0 && n <= STROKES_MAX);
        assert_int_equal(strspn(out, "12345"), (size_t)n);
        known += n > 0;
    }
    assert_true(known > 20000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sequences),
        cmocka_unit_test(test_whole_block),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
