/* test_codes.c — the national code tables: presence, uniqueness, lookups,
 * ladders and the punishment periods of RULES.md §3. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/codes.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void test_every_table_present(void **state)
{
    (void)state;
    static const struct {
        const char *name, *title;
        size_t count;
    } cases[] = {
        {"gender", "性别", 4},
        {"ethnicity", "民族", 58},
        {"party", "政治面貌", 13},
        {"relation", "家庭关系", 0},
        {"education", "学历", 9},
        {"degree", "学位", 3},
        {"post_level", "职务层次", 10},
        {"rank", "职级", 12},
        {"grade", "年度考核等次", 5},
        {"punishment", "处分与组织处理", 16},
        {"unit_kind", "单位类别", 5},
        {"person_status", "人员状态", 6},
        {"unit_function", "回避职能", 6},
    };
    size_t n = 0;
    const struct code_table *all = codes_tables(&n);
    assert_int_equal(n, COUNT(cases));
    for (size_t i = 0; i < COUNT(cases); i++) {
        const struct code_table *t = codes_table(cases[i].name);
        assert_non_null(t);
        assert_ptr_equal(t, &all[i]); /* stable order */
        assert_string_equal(t->title, cases[i].title);
        assert_non_null(t->standard);
        if (cases[i].count != 0)
            assert_int_equal(t->count, cases[i].count);
        else
            assert_true(t->count > 50);
    }
    assert_null(codes_table("nope"));
    assert_null(codes_table(""));
    assert_null(codes_table(NULL));
}

/* In every table, codes and labels are non-empty and unique, so a label
 * lookup is never ambiguous. */
static void test_codes_and_labels_unique(void **state)
{
    (void)state;
    size_t n = 0;
    const struct code_table *all = codes_tables(&n);
    for (size_t t = 0; t < n; t++) {
        for (size_t i = 0; i < all[t].count; i++) {
            const struct code *a = &all[t].codes[i];
            assert_non_null(a->code);
            assert_non_null(a->label);
            assert_true(a->code[0] != '\0');
            assert_true(a->label[0] != '\0');
            for (size_t j = i + 1; j < all[t].count; j++) {
                const struct code *b = &all[t].codes[j];
                if (strcmp(a->code, b->code) == 0 || strcmp(a->label, b->label) == 0)
                    fail_msg("%s: duplicate %s/%s", all[t].name, a->code, a->label);
            }
            assert_ptr_equal(codes_by_code(&all[t], a->code), a);
            assert_ptr_equal(codes_find(&all[t], a->label), a);
        }
    }
}

static void test_ethnicity(void **state)
{
    (void)state;
    const struct code_table *t = codes_table("ethnicity");
    size_t with_zu = 0;
    for (size_t i = 0; i < t->count; i++) {
        const struct code *c = &t->codes[i];
        size_t len = strlen(c->label);
        if (len > 3 && strcmp(c->label + len - 3, "族") == 0) {
            with_zu++;
            /* two-digit codes 01..56 in the standard's order */
            char expect[3] = {(char)('0' + (i + 1) / 10), (char)('0' + (i + 1) % 10), '\0'};
            assert_string_equal(c->code, expect);
        }
    }
    assert_int_equal(with_zu, 56);
    static const struct {
        const char *code, *label;
    } cases[] = {
        {"01", "汉族"},
        {"02", "蒙古族"},
        {"03", "回族"},
        {"04", "藏族"},
        {"05", "维吾尔族"},
        {"08", "壮族"},
        {"10", "朝鲜族"},
        {"11", "满族"},
        {"15", "土家族"},
        {"22", "畲族"},
        {"29", "柯尔克孜族"},
        {"43", "乌孜别克族"},
        {"44", "俄罗斯族"},
        {"55", "珞巴族"},
        {"56", "基诺族"},
        {"97", "其他"},
        {"98", "外国血统中国籍人士"},
    };
    for (size_t i = 0; i < COUNT(cases); i++)
        assert_string_equal(codes_label("ethnicity", cases[i].code), cases[i].label);
}

static void test_find(void **state)
{
    (void)state;
    static const struct {
        const char *table, *input, *code; /* code NULL: not found */
    } cases[] = {
        {"gender", "1", "1"},
        {"gender", "男", "1"},
        {"gender", " 女 ", "2"},
        {"gender", "\t男性\n", "1"},
        {"gender", "女性", "2"},
        {"gender", "\xE3\x80\x80男\xE3\x80\x80", "1"}, /* ideographic spaces */
        {"ethnicity", "汉", "01"},
        {"ethnicity", "汉族", "01"},
        {"ethnicity", "01", "01"},
        {"ethnicity", "蒙古", "02"},
        {"ethnicity", "维吾尔", "05"},
        {"ethnicity", "土家", "15"},
        {"ethnicity", "族", NULL},
        {"ethnicity", "汉汉", NULL},
        {"party", "党员", "01"},
        {"party", "中共党员", "01"},
        {"party", "预备党员", "02"},
        {"party", "团员", "03"},
        {"party", "群众", "13"},
        {"party", "九三学社社员", "10"},
        {"relation", "配偶", "10"},
        {"relation", "妻子", "12"},
        {"relation", "父亲", "51"},
        {"relation", "岳母", "56"},
        {"relation", "兄", "71"},
        {"education", "本科", "21"},
        {"education", "大学", "21"},
        {"education", "大专", "31"},
        {"education", "研究生", "14"},
        {"education", "博士研究生", "11"},
        {"education", "硕士研究生", "14"},
        {"education", "中专", "41"},
        {"degree", "学士", "4"},
        {"degree", "博士学位", "2"},
        {"post_level", "5A", "5A"},
        {"post_level", "5a", "5A"},
        {"post_level", "县处级副职", "5B"},
        {"post_level", "正处级", "5A"},
        {"rank", "四级调研员", "06"},
        {"grade", "基本称职", "3"},
        {"punishment", "记大过", "Z03"},
        {"punishment", "z03", "Z03"},
        {"punishment", "严重警告", "D02"},
        {"punishment", "诫勉", "O01"},
        {"person_status", "退休", "2"},
        {"person_status", "辞职", "4"},
        {"unit_kind", "处室", "2"},
        /* unknown */
        {"gender", "", NULL},
        {"gender", "   ", NULL},
        {"gender", "3", NULL},
        {"gender", "男人", NULL},
        {"ethnicity", "火星族", NULL},
        {"party", "党", NULL},
        {"education", "大学本科毕业", NULL},
        {"rank", "13", NULL},
        {"post_level", "3A", NULL},
        {"education", "党员", NULL}, /* aliases belong to their own table */
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        const struct code *c = codes_find(codes_table(cases[i].table), cases[i].input);
        if (cases[i].code == NULL) {
            if (c != NULL)
                fail_msg("%s \"%s\" found %s", cases[i].table, cases[i].input, c->code);
        } else {
            if (c == NULL)
                fail_msg("%s \"%s\" not found", cases[i].table, cases[i].input);
            assert_string_equal(c->code, cases[i].code);
        }
    }
    assert_null(codes_find(NULL, "1"));
    assert_null(codes_find(codes_table("gender"), NULL));
}

static void test_by_code_and_label(void **state)
{
    (void)state;
    const struct code_table *gender = codes_table("gender");
    assert_string_equal(codes_by_code(gender, "9")->label, "未说明的性别");
    assert_null(codes_by_code(gender, "男")); /* a label is not a code */
    assert_null(codes_by_code(gender, " 1"));
    assert_null(codes_by_code(NULL, "1"));
    assert_null(codes_by_code(gender, NULL));
    assert_string_equal(codes_label("party", "01"), "中共党员");
    assert_string_equal(codes_label("post_level", "6B"), "乡科级副职");
    assert_null(codes_label("party", "99"));
    assert_null(codes_label("nope", "01"));
    assert_null(codes_label(NULL, NULL));
}

/* Ladders: order runs 1..n from the top, and the labels match the law. */
static void test_ladders(void **state)
{
    (void)state;
    static const struct {
        const char *code, *label, *equivalent;
    } ranks[] = {
        {"01", "一级巡视员", "4A"},   {"02", "二级巡视员", "4B"},   {"03", "一级调研员", "5A"},
        {"04", "二级调研员", "5A"},   {"05", "三级调研员", "5B"},   {"06", "四级调研员", "5B"},
        {"07", "一级主任科员", "6A"}, {"08", "二级主任科员", "6A"}, {"09", "三级主任科员", "6B"},
        {"10", "四级主任科员", "6B"}, {"11", "一级科员", NULL},     {"12", "二级科员", NULL},
    };
    const struct code_table *rank = codes_table("rank");
    const struct code_table *post = codes_table("post_level");
    assert_int_equal(rank->count, COUNT(ranks));
    for (size_t i = 0; i < COUNT(ranks); i++) {
        const struct code *c = &rank->codes[i];
        assert_string_equal(c->code, ranks[i].code);
        assert_string_equal(c->label, ranks[i].label);
        assert_int_equal(c->order, (int)i + 1);
        if (ranks[i].equivalent == NULL) {
            assert_null(c->category);
        } else {
            assert_string_equal(c->category, ranks[i].equivalent);
            assert_non_null(codes_by_code(post, c->category));
        }
    }
    static const char *const posts[] = {"1A", "1B", "2A", "2B", "4A", "4B", "5A", "5B", "6A", "6B"};
    for (size_t i = 0; i < COUNT(posts); i++) {
        assert_string_equal(post->codes[i].code, posts[i]);
        assert_int_equal(post->codes[i].order, (int)i + 1);
    }
    assert_true(codes_find(post, "厅局级正职")->order < codes_find(post, "县处级正职")->order);

    const struct code_table *edu = codes_table("education");
    for (size_t i = 0; i < edu->count; i++)
        assert_int_equal(edu->codes[i].order, (int)i + 1);
    assert_true(codes_find(edu, "博士研究生")->order < codes_find(edu, "本科")->order);
    const struct code_table *degree = codes_table("degree");
    assert_true(codes_find(degree, "博士")->order < codes_find(degree, "硕士")->order);
    assert_true(codes_find(degree, "硕士")->order < codes_find(degree, "学士")->order);
}

/* Default effect periods of RULES.md §3. */
static void test_punishment_months(void **state)
{
    (void)state;
    static const struct {
        const char *label, *category;
        int months;
    } cases[] = {
        {"警告", "政务处分", 6},          {"记过", "政务处分", 12},
        {"记大过", "政务处分", 18},       {"降级", "政务处分", 24},
        {"撤职", "政务处分", 24},         {"开除", "政务处分", 0},
        {"党内警告", "党纪处分", 12},     {"党内严重警告", "党纪处分", 18},
        {"撤销党内职务", "党纪处分", 24}, {"留党察看", "党纪处分", 36},
        {"开除党籍", "党纪处分", 60},     {"诫勉", "组织处理", 6},
        {"调离岗位", "组织处理", 12},     {"责令辞职", "组织处理", 24},
        {"免职", "组织处理", 24},         {"降职", "组织处理", 24},
    };
    const struct code_table *t = codes_table("punishment");
    assert_int_equal(t->count, COUNT(cases));
    for (size_t i = 0; i < COUNT(cases); i++) {
        const struct code *c = codes_find(t, cases[i].label);
        if (c == NULL)
            fail_msg("punishment %s missing", cases[i].label);
        assert_string_equal(c->category, cases[i].category);
        assert_int_equal(c->months, cases[i].months);
        assert_non_null(c->source);
        assert_non_null(strstr(c->source, "《"));
        /* codes say the category: Z 政务, D 党纪, O 组织 */
        char prefix = strcmp(c->category, "政务处分") == 0   ? 'Z'
                      : strcmp(c->category, "党纪处分") == 0 ? 'D'
                                                             : 'O';
        assert_int_equal(c->code[0], prefix);
    }
    /* 政务处分 periods cite both laws (公务员法 Art.64, 政务处分法 Art.8). */
    assert_non_null(strstr(codes_by_code(t, "Z02")->source, "第六十四条"));
    assert_non_null(strstr(codes_by_code(t, "Z02")->source, "《政务处分法》第八条"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_table_present), cmocka_unit_test(test_codes_and_labels_unique),
        cmocka_unit_test(test_ethnicity),           cmocka_unit_test(test_find),
        cmocka_unit_test(test_by_code_and_label),   cmocka_unit_test(test_ladders),
        cmocka_unit_test(test_punishment_months),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
