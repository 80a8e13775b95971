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

/* 复姓 are read as a whole, and a surname read two ways in use is found by
 * either reading (the alternate keys); a surname with one reading has no
 * alternate. */
static void test_compound_surnames(void **state)
{
    (void)state;
    static const struct {
        const char *name, *full, *initials, *alt_full, *alt_initials;
    } cases[] = {
        {"万俟卨", "moqixie", "mqx", "wansixie", "wsx"},
        {"长孙无忌", "zhangsunwuji", "zswj", "changsunwuji", "cswj"},
        {"单于明", "chanyuming", "cym", "shanyuming", "sym"},
        {"尉迟恭", "yuchigong", "ycg", "weichigong", "wcg"},
        {"澹台明月", "tantaimingyue", "ttmy", "dantaimingyue", "dtmy"},
        {"子车英", "zijuying", "zjy", "zicheying", "zcy"},
        {"欧阳修", "ouyangxiu", "oyx", "", ""},
        {"司马光", "simaguang", "smg", "", ""},
        {"上官婉儿", "shangguanwaner", "sgwe", "", ""},
        {"诸葛亮", "zhugeliang", "zgl", "", ""},
        {"东方朔", "dongfangshuo", "dfs", "", ""},
        {"皇甫谧", "huangfumi", "hfm", "", ""},
        {"公孙胜", "gongsunsheng", "gss", "", ""},
        {"慕容复", "murongfu", "mrf", "", ""},
        {"令狐冲", "linghuchong", "lhc", "", ""},
        {"宇文泰", "yuwentai", "ywt", "", ""},
        {"公冶明", "gongyeming", "gym", "", ""},
        {"太叔平", "taishuping", "tsp", "", ""},
        {"申屠嘉", "shentujia", "stj", "", ""},
        {"夏侯惇", "xiahoudun", "xhd", "", ""},
        {"轩辕明", "xuanyuanming", "xym", "", ""},
        {"端木赐", "duanmuci", "dmc", "", ""},
        {"呼延灼", "huyanzhuo", "hyz", "", ""},
        {"南宫适", "nangongshi", "ngs", "", ""},
        {"独孤信", "duguxin", "dgx", "", ""},
        {"第五伦", "diwulun", "dwl", "", ""},
        {"百里奚", "bailixi", "blx", "", ""},
        {"东郭明", "dongguoming", "dgm", "", ""},
        {"西门豹", "ximenbao", "xmb", "", ""},
        {"闻人明", "wenrenming", "wrm", "", ""},
        {"赫连明", "helianming", "hlm", "", ""},
        {"拓跋宏", "tuobahong", "tbh", "", ""},
        {"乐正明", "yuezhengming", "yzm", "", ""},
        {"  长孙明", "zhangsunming", "zsm", "changsunming", "csm"}, /* leading spaces */
        /* single polyphonic surnames stay right; both readings where usage varies */
        {"单田芳", "shantianfang", "stf", "", ""},
        {"区明", "ouming", "om", "", ""},
        {"解缙", "xiejin", "xj", "", ""},
        {"仇英", "qiuying", "qy", "", ""},
        {"朴明", "piaoming", "pm", "", ""},
        {"缪明", "miaoming", "mm", "", ""},
        {"曾明", "zengming", "zm", "", ""},
        {"长明", "changming", "cm", "", ""},
        {"万明", "wanming", "wm", "", ""},
        {"查明", "zhaming", "zm", "chaming", "cm"},
        {"覃明", "qinming", "qm", "tanming", "tm"},
        {"翟明", "zhaiming", "zm", "diming", "dm"},
        {"召明", "shaoming", "sm", "zhaoming", "zm"},
        {"种明", "chongming", "cm", "zhongming", "zm"},
        {"繁明", "poming", "pm", "fanming", "fm"},
        {"秘明", "biming", "bm", "miming", "mm"},
        {"乐明", "yueming", "ym", "leming", "lm"},
        {"尉明", "weiming", "wm", "yuming", "ym"},
        {"张三", "zhangsan", "zs", "", ""},
        {"", "", "", "", ""},
    };
    char out[64];
    for (size_t i = 0; i < COUNT(cases); i++) {
        const char *name = cases[i].name;
        pinyin_full(name, out, sizeof out);
        if (strcmp(out, cases[i].full) != 0)
            fail_msg("pinyin_full(%s) = \"%s\", want \"%s\"", name, out, cases[i].full);
        pinyin_initials(name, out, sizeof out);
        if (strcmp(out, cases[i].initials) != 0)
            fail_msg("pinyin_initials(%s) = \"%s\", want \"%s\"", name, out, cases[i].initials);
        pinyin_full_alternate(name, out, sizeof out);
        if (strcmp(out, cases[i].alt_full) != 0)
            fail_msg("pinyin_full_alternate(%s) = \"%s\", want \"%s\"", name, out,
                     cases[i].alt_full);
        pinyin_initials_alternate(name, out, sizeof out);
        if (strcmp(out, cases[i].alt_initials) != 0)
            fail_msg("pinyin_initials_alternate(%s) = \"%s\", want \"%s\"", name, out,
                     cases[i].alt_initials);
    }
    /* truncation and bad input as for the main reading */
    pinyin_full_alternate("长孙无忌", out, 6);
    assert_string_equal(out, "chang");
    pinyin_full("万俟卨", out, 3);
    assert_string_equal(out, "mo");
    pinyin_full_alternate(NULL, out, sizeof out);
    assert_string_equal(out, "");
    pinyin_initials_alternate("\xE9\x95", out, sizeof out);
    assert_string_equal(out, "");
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
        /* the table's code point is the one the UTF-8 spells (the key's
         * last six hex digits) */
        char key[128];
        pinyin_stroke_key(cases[i].utf8, key, sizeof key);
        assert_true(strlen(key) >= 8);
        assert_int_equal(strtoul(key + strlen(key) - 6, NULL, 16), cases[i].cp);
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

/* Sorts `names` (given in the expected order) by their keys, inserted in
 * reverse so the sort has work to do, and fails on the first difference. */
static void assert_stroke_order(const char *const *names, size_t n)
{
    char(*keys)[256] = calloc(n, sizeof *keys);
    char **order = calloc(n, sizeof *order);
    assert_non_null(keys);
    assert_non_null(order);
    for (size_t i = 0; i < n; i++) {
        size_t from = n - 1 - i;
        pinyin_stroke_key(names[from], keys[from], sizeof keys[from]);
        order[i] = keys[from];
    }
    qsort(order, n, sizeof order[0], compare_keys);
    for (size_t i = 0; i < n; i++) {
        if (order[i] != keys[i]) {
            size_t got = (size_t)((char(*)[256])(void *)order[i] - keys);
            fail_msg("position %zu: want %s (%s), got %s (%s)", i, names[i], keys[i], names[got],
                     order[i]);
        }
    }
    free(order);
    free(keys);
}

static void test_stroke_key(void **state)
{
    (void)state;
    char key[64];
    /* count, strokes (横竖撇点折 = 1-5), code point */
    assert_string_equal(pinyin_stroke_key("王", key, sizeof key), "04112100738b");
    assert_string_equal(pinyin_stroke_key("张三", key, sizeof key), "075153154005f200311100"
                                                                    "4e09");
    assert_string_equal(pinyin_stroke_key("A", key, sizeof key), "00000041");
    assert_string_equal(pinyin_stroke_key("", key, sizeof key), "");
    /* only whole groups: 13 bytes hold 王's 12 and the NUL */
    assert_string_equal(pinyin_stroke_key("王张", key, 13), "04112100738b");
    assert_string_equal(pinyin_stroke_key("王张", key, 12), "");
    assert_string_equal(pinyin_stroke_key("王张", key, 27), "04112100738b");
    assert_string_equal(pinyin_stroke_key("王张", key, 28), "04112100738b075153154005f20");

    /* 姓氏笔画: 一(1) 丁(2) 王(4) 李(7: 1234521) before 张(7: 5153154), 赵(9);
     * 张三 before 张三丰 before 张伟 (三 3 strokes, 伟 6). */
    static const char *const sorted[] = {"一丁", "丁一",   "王芳", "李明", "李明明",
                                         "张三", "张三丰", "张伟", "赵四"};
    assert_stroke_order(sorted, COUNT(sorted));
}

/* The issue's examples: equal counts by the first stroke 横竖撇点折, then the
 * second: 于(112) 万(153) 上(211) 马(551); 王(1121) 毛(3115) 方(4153)
 * 尹(5113) 孔(5215). */
static void test_stroke_ties(void **state)
{
    (void)state;
    static const char *const three[] = {"于", "万", "上", "马"};
    assert_stroke_order(three, COUNT(three));
    static const char *const four[] = {"王", "毛", "方", "尹", "孔"};
    assert_stroke_order(four, COUNT(four));
    /* The first character decides before the second does. */
    static const char *const names[] = {"于丹", "于明", "万一", "万里", "上官婉儿", "马力"};
    assert_stroke_order(names, COUNT(names));
}

/* The 100 most common surnames in 姓氏笔画 order as an office's list prints
 * them, written by hand from each character's 笔顺编号 in the mainland
 * standard (1 横 2 竖 3 撇 4 点 5 折): fewer strokes first, then the first
 * stroke that differs. */
static void test_stroke_order_100_surnames(void **state)
{
    (void)state;
    static const char *const surnames[] = {
        /* 2 */ "丁",                                                 /* 12 */
        /* 3 */ "于", "万", "马",                                     /* 112 153 551 */
        /* 4 */ "王", "韦", "毛", "方", "尹", "孔", "邓",             /* 1121 1152 3115 4153
                                                                         5113 5215 5452 */
        /* 5 */ "石", "龙", "卢", "叶", "田", "史", "付", "白", "冯", /* 13251 13534 21513
                                                                         25112 25121 25134
                                                                         32124 32511 41551 */
        /* 6 */ "吕", "朱", "任", "向", "刘", "闫", "江", "许", "孙", /* 251251 311234
                                                                         323121 325251
                                                                         413422 425111
                                                                         441121 453112
                                                                         521234 */
        /* 7 */ "严", "苏", "杜", "李", "杨", "肖", "吴", "邱", "何", "余", "邹", "汪", "沈", "宋",
        "张", "陆", "陈", "邵",
        /* 1224313 1225344 1234121 1234521 1234533 2432511 2511134 3212152 3212512 3411234
           3551152 4411121 4414535 4451234 5153154 5211252 5215234 5325152 */
        /* 8 */ "武", "范", "林", "罗", "金", "周", "郑", "孟",
        /* 11212154 12244155 12341234 25221354 34112431 35121251 43113452 52125221 */
        /* 9 */ "赵", "郝", "胡", "钟", "段", "侯", "姜", "姚", "贺",
        /* 121213434 121323452 122513511 311152512 321113554 325131134 431121531 531341534
           532512534 */
        /* 10 */ "秦", "袁", "莫", "贾", "夏", "顾", "钱", "徐", "高", "郭", "唐", "陶",
        /* 1113431234 1212513534 1222511134 1252212534 1325111354 1355132534 3111511534
           3323411234 4125125251 4125152152 4135112251 5235311252 */
        /* 11 */ "黄", "曹", "龚", "常", "崔", "梁",
        /* 12212512134 12512212511 13534122134 24345251252 25232411121 44153441234 */
        /* 12 */ "彭", "董", "蒋", "韩", "覃", "程", "曾", "谢",
        /* 121251431333 122312511211 122412354124 122511121152 125221251112 312342511121
           432524312511 453251113124 */
        /* 13 */ "雷",                   /* 1452444425121 */
        /* 14 */ "蔡", "廖", "谭", "熊", /* 12235445411234 41354154134333 45125221251112
                                            54251135354444 */
        /* 15 */ "黎", "潘",             /* 312343533424134 441343123425121 */
        /* 16 */ "薛",                   /* 1223251514143112 */
        /* 17 */ "戴", "魏",             /* 12125121122134534 31234531325113554 */
    };
    assert_int_equal(COUNT(surnames), 100);
    assert_stroke_order(surnames, COUNT(surnames));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_and_initials),
        cmocka_unit_test(test_compound_surnames),
        cmocka_unit_test(test_truncation_and_bad_input),
        cmocka_unit_test(test_strokes),
        cmocka_unit_test(test_stroke_key),
        cmocka_unit_test(test_stroke_ties),
        cmocka_unit_test(test_stroke_order_100_surnames),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
