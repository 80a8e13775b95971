/* test_pinyin.c — pinyin search keys, surname readings, stroke counts and
 * 姓氏笔画 sort keys, against values read in Unihan 15.0 (kMandarin,
 * kTotalStrokes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/pinyin.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void test_full_and_initials(void **state)
{
    (void)state;
    static const struct {
        const char *name, *full, *initials;
    } cases[] = {
        {"张三", "zhangsan", "zs"},
        {"李四", "lisi", "ls"},
        {"王芳", "wangfang", "wf"},
        {"吕布", "lvbu", "lb"}, /* ü as v */
        {"女", "nv", "n"},
        {"略", "lve", "l"},
        {"曾国藩", "zengguofan", "zgf"}, /* surname 曾 zeng, not ceng */
        {"单田芳", "shantianfang", "stf"},
        {"仇英", "qiuying", "qy"},
        {"解缙", "xiejin", "xj"},
        {"区", "ou", "o"},
        {"朴", "piao", "p"},
        {"查", "zha", "z"},
        {"翟", "zhai", "z"},
        {"万", "wan", "w"},
        {"李曾", "liceng", "lc"}, /* 曾 not first: ordinary reading */
        {"王单", "wangdan", "wd"},
        {"  曾三", "zengsan", "zs"}, /* leading spaces do not count */
        {"张 三", "zhangsan", "zs"},
        {"Zhang三", "zhangsan", "zhangs"}, /* ASCII kept, lowercased */
        {"张三ABC-12", "zhangsanabc12", "zsabc12"},
        {"买买提·艾力", "maimaitiaili", "mmtal"}, /* middle dot dropped */
        {"𠀀", "he", "h"},                        /* CJK Extension B */
        {"", "", ""},
        {"!@#", "", ""},
    };
    char out[64];
    for (size_t i = 0; i < COUNT(cases); i++) {
        assert_ptr_equal(pinyin_full(cases[i].name, out, sizeof out), out);
        if (strcmp(out, cases[i].full) != 0)
            fail_msg("pinyin_full(%s) = \"%s\", want \"%s\"", cases[i].name, out, cases[i].full);
        assert_ptr_equal(pinyin_initials(cases[i].name, out, sizeof out), out);
        if (strcmp(out, cases[i].initials) != 0)
            fail_msg("pinyin_initials(%s) = \"%s\", want \"%s\"", cases[i].name, out,
                     cases[i].initials);
    }
}

static void test_truncation_and_bad_input(void **state)
{
    (void)state;
    char out[8];
    memset(out, 'x', sizeof out);
    pinyin_full("张三", out, 5);
    assert_string_equal(out, "zhan");
    assert_int_equal(out[5], 'x'); /* nothing written past size */
    pinyin_full("张三", out, 1);
    assert_string_equal(out, "");
    out[0] = 'x';
    assert_ptr_equal(pinyin_full("张三", out, 0), out); /* size 0: untouched */
    assert_int_equal(out[0], 'x');
    pinyin_full(NULL, out, sizeof out);
    assert_string_equal(out, "");
    /* malformed UTF-8: a truncated three-byte sequence */
    pinyin_full("\xE5\xBC", out, sizeof out);
    assert_string_equal(out, "");
    pinyin_initials("\xFF张", out, sizeof out);
    assert_string_equal(out, "");
    pinyin_stroke_key("\xE5\xBC", out, sizeof out);
    assert_string_equal(out, "");
}

static void test_strokes(void **state)
{
    (void)state;
    static const struct {
        const char *utf8;
        unsigned cp;
        int strokes;
    } cases[] = {
        {"一", 0x4E00, 1},  {"丁", 0x4E01, 2},  {"王", 0x738B, 4},   {"张", 0x5F20, 7},
        {"李", 0x674E, 7},  {"赵", 0x8D75, 9},  {"曾", 0x66FE, 12},  {"藩", 0x85E9, 18},
        {"龘", 0x9F98, 48}, {"𠀀", 0x20000, 2}, {"𪚥", 0x2A6A5, 64},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        /* the table's code point is the one the UTF-8 spells */
        char key[16];
        pinyin_stroke_key(cases[i].utf8, key, sizeof key);
        assert_int_equal(strtoul(key + 2, NULL, 16), cases[i].cp);
        assert_int_equal(pinyin_strokes(cases[i].cp), cases[i].strokes);
    }
    assert_int_equal(pinyin_strokes('A'), 0);
    assert_int_equal(pinyin_strokes(0x3000), 0);
    assert_int_equal(pinyin_strokes(0x10FFFF), 0);
    assert_int_equal(pinyin_strokes(0xFFFFFFFFu), 0);
}

static int compare_keys(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_stroke_key(void **state)
{
    (void)state;
    char key[64];
    assert_string_equal(pinyin_stroke_key("王", key, sizeof key), "0400738b");
    assert_string_equal(pinyin_stroke_key("张三", key, sizeof key), "07005f2003004e09");
    assert_string_equal(pinyin_stroke_key("A", key, sizeof key), "00000041");
    assert_string_equal(pinyin_stroke_key("", key, sizeof key), "");
    /* only whole 8-byte groups: 12 bytes hold one group and the NUL */
    assert_string_equal(pinyin_stroke_key("王张", key, 12), "0400738b");
    assert_string_equal(pinyin_stroke_key("王张", key, 17), "0400738b07005f20");
    assert_string_equal(pinyin_stroke_key("王张", key, 8), "");

    /* 姓氏笔画: 一(1) 丁(2) 王(4) 张(7) 李(7, after 张 by code point) 赵(9);
     * 张三 before 张三丰 before 张伟 (三 3 strokes, 伟 6). */
    static const char *const sorted[] = {"一丁", "丁一", "王芳",   "张三", "张三丰",
                                         "张伟", "李明", "李明明", "赵四"};
    char keys[COUNT(sorted)][64];
    char *order[COUNT(sorted)];
    for (size_t i = 0; i < COUNT(sorted); i++) {
        /* insert in reverse so the sort has work to do */
        size_t from = COUNT(sorted) - 1 - i;
        pinyin_stroke_key(sorted[from], keys[from], sizeof keys[from]);
        order[i] = keys[from];
    }
    qsort(order, COUNT(order), sizeof order[0], compare_keys);
    for (size_t i = 0; i < COUNT(sorted); i++)
        if (order[i] != keys[i])
            fail_msg("position %zu: want %s (%s), got %s", i, sorted[i], keys[i], order[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_and_initials),
        cmocka_unit_test(test_truncation_and_bad_input),
        cmocka_unit_test(test_strokes),
        cmocka_unit_test(test_stroke_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
