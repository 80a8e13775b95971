/* test_utf8.c — the UTF-8 gate every text input passes: what it lets through and what not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "util/utf8.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Byte strings with explicit lengths, so an embedded NUL is testable. */
#define B(s) s, sizeof(s) - 1

static void test_valid(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t len;
        int valid;
        const char *why;
    } cases[] = {
        {B(""), 1, "empty"},
        {B("abc"), 1, "ASCII"},
        {B("张三"), 1, "CJK"},
        {B("\xC2\x80"), 1, "U+0080, smallest 2-byte"},
        {B("\xDF\xBF"), 1, "U+07FF"},
        {B("\xE0\xA0\x80"), 1, "U+0800, smallest 3-byte"},
        {B("\xED\x9F\xBF"), 1, "U+D7FF, just below the surrogates"},
        {B("\xEE\x80\x80"), 1, "U+E000, just above the surrogates"},
        {B("\xEF\xBF\xBF"), 1, "U+FFFF"},
        {B("\xF0\x90\x80\x80"), 1, "U+10000, smallest 4-byte"},
        {B("\xF0\xA0\x80\x80"), 1, "U+20000, CJK extension B (rare surnames)"},
        {B("\xF4\x8F\xBF\xBF"), 1, "U+10FFFF, the last code point"},
        {B("a\0b"), 0, "embedded NUL"},
        {B("\0"), 0, "only NUL"},
        {B("\xC0\x80"), 0, "overlong NUL"},
        {B("\xC0\xAF"), 0, "overlong '/'"},
        {B("\xC1\xBF"), 0, "overlong 2-byte"},
        {B("\xE0\x80\xAF"), 0, "overlong 3-byte '/'"},
        {B("\xE0\x9F\xBF"), 0, "overlong U+07FF in 3 bytes"},
        {B("\xF0\x80\x80\xAF"), 0, "overlong 4-byte"},
        {B("\xF0\x8F\xBF\xBF"), 0, "overlong U+FFFF in 4 bytes"},
        {B("\xED\xA0\x80"), 0, "U+D800, high surrogate"},
        {B("\xED\xBF\xBF"), 0, "U+DFFF, low surrogate"},
        {B("\xED\xA0\xBD\xED\xB8\x80"), 0, "CESU-8 surrogate pair"},
        {B("\xF4\x90\x80\x80"), 0, "U+110000, above the range"},
        {B("\xF5\x80\x80\x80"), 0, "lead byte F5"},
        {B("\xF8\x88\x80\x80\x80"), 0, "5-byte form"},
        {B("\xFC\x84\x80\x80\x80\x80"), 0, "6-byte form"},
        {B("\xFE"), 0, "FE"},
        {B("\xFF"), 0, "FF"},
        {B("\x80"), 0, "lone continuation"},
        {B("a\xBF"), 0, "continuation after ASCII"},
        {B("\xC2"), 0, "truncated 2-byte at the end"},
        {B("\xE5\xBC"), 0, "truncated 3-byte at the end"},
        {B("\xF0\x90\x80"), 0, "truncated 4-byte at the end"},
        {B("\xE5\xBC"
           "a"),
         0, "truncated 3-byte before ASCII"},
        {B("\xC2\xC2\x80"), 0, "lead byte where a continuation belongs"},
        {B("\xE5\xBC\xA0\xE4"), 0, "valid char then truncated"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        if (!!utf8_valid(cases[i].bytes, cases[i].len) != cases[i].valid) {
            print_error("%s: want %s\n", cases[i].why, cases[i].valid ? "valid" : "invalid");
            fail();
        }
    }
}

static void test_length_stops_at_len(void **state)
{
    (void)state;
    /* A valid prefix of an invalid buffer: `len` is honoured, not the NUL. */
    const char *s = "张三\xFF";
    assert_true(utf8_valid(s, 6));
    assert_false(utf8_valid(s, 7));
    assert_false(utf8_valid(s, 5)); /* cuts 三 in half */
}

static void test_decode_and_encode(void **state)
{
    (void)state;
    static const struct {
        uint32_t cp;
        const char *bytes;
    } cases[] = {
        {0x41, "A"},
        {0x7F, "\x7F"},
        {0x80, "\xC2\x80"},
        {0x7FF, "\xDF\xBF"},
        {0x800, "\xE0\xA0\x80"},
        {0x5F20, "张"},
        {0x3000, "\xE3\x80\x80"},
        {0xFFFF, "\xEF\xBF\xBF"},
        {0x10000, "\xF0\x90\x80\x80"},
        {0x20000, "\xF0\xA0\x80\x80"},
        {0x10FFFF, "\xF4\x8F\xBF\xBF"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        char out[5] = {0};
        size_t n = utf8_encode(cases[i].cp, out);
        assert_int_equal(n, strlen(cases[i].bytes));
        assert_memory_equal(out, cases[i].bytes, n);
        const char *p = cases[i].bytes;
        assert_int_equal(utf8_next(&p), cases[i].cp);
        assert_ptr_equal(p, cases[i].bytes + n);
        assert_int_equal(utf8_next(&p), 0); /* the terminator, not advanced past */
        assert_int_equal(utf8_next(&p), 0);
    }
}

static void test_length(void **state)
{
    (void)state;
    assert_int_equal(utf8_length(""), 0);
    assert_int_equal(utf8_length("abc"), 3);
    assert_int_equal(utf8_length("张三"), 2);
    assert_int_equal(utf8_length("欧阳 Na \xF0\xA0\x80\x80"), 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_length_stops_at_len),
        cmocka_unit_test(test_decode_and_encode),
        cmocka_unit_test(test_length),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
