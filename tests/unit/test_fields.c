/* test_fields.c — parsing text into record members by field table, and the messages it gives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/fields.h"
#include "util/arena.h"
#include "util/err.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A record with one member of every type, and a table describing it. */
struct sample {
    const char *name;
    const char *gender;
    struct date birth_date;
    struct date start_date;
    long long year;
    long long unit_id;
    bool concurrent;
    const char *notes;
};

static int validate_calls;

static void sample_validate(const void *record, struct date today, struct field_errors *fe)
{
    const struct sample *s = record;
    (void)today;
    validate_calls++;
    if (s->name && strcmp(s->name, "坏") == 0)
        field_errors_add(fe, "name", "交叉校验失败");
}

static const struct field_def sample_fields[] = {
    {"name", "姓名", FIELD_TEXT, NULL, offsetof(struct sample, name), FIELD_REQUIRED, 50, 0, 0},
    {"gender", "性别", FIELD_CODE, "gender", offsetof(struct sample, gender), FIELD_REQUIRED, 0, 0,
     0},
    {"birth_date", "出生年月", FIELD_DATE, NULL, offsetof(struct sample, birth_date),
     FIELD_REQUIRED | FIELD_NOT_FUTURE, 0, 0, 0},
    {"start_date", "任职时间", FIELD_DATE, NULL, offsetof(struct sample, start_date), FIELD_DAY, 0,
     0, 0},
    {"year", "考核年度", FIELD_INT, NULL, offsetof(struct sample, year), 0, 0, 1950, 2100},
    {"unit_id", "所在单位", FIELD_REF, "units", offsetof(struct sample, unit_id), 0, 0, 0, 0},
    {"concurrent", "兼任", FIELD_BOOL, NULL, offsetof(struct sample, concurrent), 0, 0, 0, 0},
    {"notes", "备注", FIELD_TEXT, NULL, offsetof(struct sample, notes), 0, 0, 0, 0},
};

static const struct record_kind sample_kind = {
    "sample",      "样例",           "samples",       sizeof(struct sample),
    sample_fields, N(sample_fields), sample_validate,
};

static const struct date TODAY = {2025, 6, 15};

struct fixture {
    struct arena *arena;
    struct field_errors fe;
    struct sample rec;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    f->arena = arena_new();
    field_errors_init(&f->fe, f->arena);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    arena_free(f->arena);
    free(f);
    return 0;
}

static const struct field_def *field(const char *name)
{
    const struct field_def *f = fields_find(&sample_kind, name);
    assert_non_null(f);
    return f;
}

static void test_find_and_ptr(void **state)
{
    struct fixture *fx = *state;
    assert_null(fields_find(&sample_kind, "nope"));
    assert_null(fields_find(&sample_kind, NULL));
    const struct field_def *f = field("year");
    assert_string_equal(f->label, "考核年度");
    assert_ptr_equal(field_ptr(f, &fx->rec), &fx->rec.year);
    assert_ptr_equal(field_cptr(f, &fx->rec), &fx->rec.year);
}

/* Every accepted input: field, text, loose, and the member afterwards
 * rendered by field_get_text (NULL = not set). */
static void test_accepts(void **state)
{
    struct fixture *fx = *state;
    static const struct {
        const char *field, *text;
        bool loose;
        const char *stored;
    } cases[] = {
        {"name", "  张三  ", false, "张三"},
        {"name", "\xE3\x80\x80张三\xE3\x80\x80", false, "张三"}, /* U+3000 trimmed */
        {"name", "", false, NULL},
        {"name", "   ", false, NULL},
        {"gender", "1", false, "1"},
        {"gender", "女", false, "2"},
        {"gender", " 男 ", false, "1"},
        {"birth_date", "1975-03", false, "1975-03"},
        {"birth_date", "1975-03-08", false, "1975-03-08"},
        {"birth_date", "1975.03", true, "1975-03"},
        {"birth_date", "1975年3月8日", true, "1975-03-08"},
        {"birth_date", "", false, NULL},
        {"start_date", "2020-01-02", false, "2020-01-02"},
        {"year", "2024", false, "2024"},
        {"year", "1950", false, "1950"},
        {"year", "", false, "0"}, /* cleared; INT is always present */
        {"unit_id", "17", false, "17"},
        {"unit_id", "", false, NULL},
        {"concurrent", "是", false, "1"},
        {"concurrent", "否", false, "0"},
        {"concurrent", "TRUE", false, "1"},
        {"concurrent", "0", false, "0"},
        {"notes", "无长度限制的备注", false, "无长度限制的备注"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        memset(&fx->rec, 0, sizeof fx->rec);
        const struct field_def *f = field(cases[i].field);
        int rc = field_set_text(f, &fx->rec, cases[i].text, cases[i].loose, fx->arena, &fx->fe);
        if (rc != 0 || fx->fe.count != 0) {
            print_error("%s \"%s\": rc %d, %s\n", cases[i].field, cases[i].text, rc,
                        fx->fe.head ? fx->fe.head->message : "");
            fail();
        }
        const char *got = field_get_text(f, &fx->rec, false, fx->arena);
        if (cases[i].stored == NULL)
            assert_null(got);
        else
            assert_string_equal(got, cases[i].stored);
    }
}

/* Every rejected input and its exact message; the member stays unchanged. */
static void test_rejects_with_messages(void **state)
{
    struct fixture *fx = *state;
    char long_name[52 * 3 + 1] = "";
    for (int i = 0; i < 51; i++)
        strcat(long_name, "张");
    static const struct {
        const char *field, *text;
        bool loose;
        const char *message;
    } cases[] = {
        {"gender", "7", false, "性别代码“7”不存在"},
        {"gender", "男的", false, "性别代码“男的”不存在"},
        {"birth_date", "1975.03", false, "出生年月格式不正确，应为 YYYY-MM-DD 或 YYYY-MM"},
        {"birth_date", "03/1975", false, "出生年月格式不正确，应为 YYYY-MM-DD 或 YYYY-MM"},
        {"birth_date", "2023-02-29", false, "出生年月“2023-02-29”不是实际存在的日期"},
        {"birth_date", "2023-02-29", true, "出生年月“2023-02-29”不是实际存在的日期"},
        {"birth_date", "1975年13月", true,
         "出生年月“1975年13月”中的月份 13 不存在（月份应为 1 到 12）"},
        {"birth_date", "2019.13", true, "出生年月“2019.13”中的月份 13 不存在（月份应为 1 到 12）"},
        {"birth_date", "201900", true, "出生年月“201900”中的月份 0 不存在（月份应为 1 到 12）"},
        {"birth_date", "2023.2.30", true,
         "出生年月“2023.2.30”中的日期不存在：2023 年 2 月只有 28 天"},
        {"birth_date", "三月", true,
         "出生年月“三月”不是可以识别的日期，请写成 1975.03、1975-03-08 或 1975年3月 这样的形式"},
        {"start_date", "2020-01", false, "任职时间应精确到日（YYYY-MM-DD）"},
        {"year", "1949", false, "考核年度应在 1950 到 2100 之间"},
        {"year", "20x4", false, "考核年度应为整数"},
        {"year", "0x10", false, "考核年度应为整数"},
        {"year", "99999999999999999999", false, "考核年度应为整数"},
        {"unit_id", "0", false, "所在单位编号不正确"},
        {"unit_id", "-3", false, "所在单位应为整数"},
        {"concurrent", "也许", false, "兼任应为“是”或“否”"},
        {"name", "\xC0\x80", false, "姓名含有无效字符（不是有效的 UTF-8 文本）"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct sample before = {"原值", "1", {1970, 1, 1}, {2000, 1, 1}, 2000, 5, true, NULL};
        fx->rec = before;
        field_errors_init(&fx->fe, fx->arena);
        const struct field_def *f = field(cases[i].field);
        int rc = field_set_text(f, &fx->rec, cases[i].text, cases[i].loose, fx->arena, &fx->fe);
        assert_int_equal(rc, ERR_INVALID);
        assert_int_equal(fx->fe.count, 1);
        assert_string_equal(fx->fe.head->field, cases[i].field);
        assert_string_equal(fx->fe.head->message, cases[i].message);
        assert_memory_equal(&fx->rec, &before, sizeof before);
    }

    field_errors_init(&fx->fe, fx->arena);
    assert_int_equal(field_set_text(field("name"), &fx->rec, long_name, false, fx->arena, &fx->fe),
                     ERR_INVALID);
    assert_string_equal(fx->fe.head->message, "姓名不能超过 50 个字");
    /* 50 characters of three bytes each is within the limit. */
    long_name[50 * 3] = '\0';
    field_errors_init(&fx->fe, fx->arena);
    assert_int_equal(field_set_text(field("name"), &fx->rec, long_name, false, fx->arena, &fx->fe),
                     0);
}

static void test_text_is_copied(void **state)
{
    struct fixture *fx = *state;
    char buf[] = "李四";
    assert_int_equal(field_set_text(field("name"), &fx->rec, buf, false, fx->arena, &fx->fe), 0);
    buf[0] = 'X';
    assert_string_equal(fx->rec.name, "李四");
}

static void test_get_text_dotted(void **state)
{
    struct fixture *fx = *state;
    fx->rec.birth_date = (struct date){1975, 3, 8};
    assert_string_equal(field_get_text(field("birth_date"), &fx->rec, true, fx->arena), "1975.03");
    assert_string_equal(field_get_text(field("birth_date"), &fx->rec, false, fx->arena),
                        "1975-03-08");
}

static void test_is_set(void **state)
{
    struct fixture *fx = *state;
    memset(&fx->rec, 0, sizeof fx->rec);
    assert_false(field_is_set(field("name"), &fx->rec));
    fx->rec.name = "";
    assert_false(field_is_set(field("name"), &fx->rec));
    fx->rec.name = "王五";
    assert_true(field_is_set(field("name"), &fx->rec));
    assert_false(field_is_set(field("birth_date"), &fx->rec));
    assert_false(field_is_set(field("unit_id"), &fx->rec));
    assert_true(field_is_set(field("year"), &fx->rec));
    assert_true(field_is_set(field("concurrent"), &fx->rec));
}

static void test_record_validate(void **state)
{
    struct fixture *fx = *state;
    memset(&fx->rec, 0, sizeof fx->rec);
    validate_calls = 0;
    assert_int_equal(record_validate(&sample_kind, &fx->rec, TODAY, &fx->fe), ERR_INVALID);
    assert_int_equal(validate_calls, 1);
    assert_int_equal(fx->fe.count, 3);
    const char *expected[][2] = {
        {"name", "姓名不能为空"}, {"gender", "性别不能为空"}, {"birth_date", "出生年月不能为空"}};
    const struct field_error *e = fx->fe.head;
    for (size_t i = 0; i < N(expected); i++, e = e->next) {
        assert_string_equal(e->field, expected[i][0]);
        assert_string_equal(e->message, expected[i][1]);
    }

    /* Complete and valid: nothing added. A month-precision date of this
     * month is not in the future. */
    struct sample ok = {"张三", "1", {2025, 6, 0}, DATE_NONE, 2024, 0, false, NULL};
    field_errors_init(&fx->fe, fx->arena);
    assert_int_equal(record_validate(&sample_kind, &ok, TODAY, &fx->fe), 0);
    assert_int_equal(fx->fe.count, 0);

    /* Future birth date, and the kind's own check. */
    struct sample bad = {"坏", "1", {2025, 6, 16}, DATE_NONE, 2024, 0, false, NULL};
    field_errors_init(&fx->fe, fx->arena);
    assert_int_equal(record_validate(&sample_kind, &bad, TODAY, &fx->fe), ERR_INVALID);
    assert_int_equal(fx->fe.count, 2);
    assert_string_equal(fx->fe.head->message, "出生年月不能晚于今天");
    assert_string_equal(fx->fe.tail->message, "交叉校验失败");

    /* A field whose input was rejected is not reported empty as well. */
    memset(&fx->rec, 0, sizeof fx->rec);
    field_errors_init(&fx->fe, fx->arena);
    field_set_text(field("gender"), &fx->rec, "7", false, fx->arena, &fx->fe);
    record_validate(&sample_kind, &fx->rec, TODAY, &fx->fe);
    size_t gender_errors = 0;
    for (e = fx->fe.head; e; e = e->next)
        gender_errors += strcmp(e->field, "gender") == 0;
    assert_int_equal(gender_errors, 1);
}

/* The kinds of value the rule tables brought: choices on text, C enums,
 * code lists, codes from several tables, months, int members. */
struct rich {
    const char *group;
    int level;
    const char *grades;
    const char *target;
    struct date birth_from;
    int months;
    struct date decided;
};

enum { LEVEL_NONE, LEVEL_LOW, LEVEL_HIGH };

static const struct field_choice group_choices[] = {{"male", "男", 0}, {"female", "女", 0}};
static const struct field_choice level_choices[] = {{"low", "低", LEVEL_LOW},
                                                    {"high", "高", LEVEL_HIGH}};

static const struct field_def rich_fields[] = {
    {"group", "人员类别", FIELD_TEXT, NULL, offsetof(struct rich, group), 0, 20, 0, 0,
     group_choices, N(group_choices)},
    {"level", "层级", FIELD_ENUM, NULL, offsetof(struct rich, level), FIELD_REQUIRED, 0, 0, 0,
     level_choices, N(level_choices)},
    {"grades", "考核等次", FIELD_CODES, "grade", offsetof(struct rich, grades), 0, 0, 0, 0},
    {"target", "职级或职务层次", FIELD_CODE, "rank,post_level", offsetof(struct rich, target), 0},
    {"birth_from", "出生年月起", FIELD_DATE, NULL, offsetof(struct rich, birth_from), FIELD_MONTH},
    {"months", "月数", FIELD_INT, NULL, offsetof(struct rich, months), FIELD_REQUIRED | FIELD_INT32,
     0, 0, 120},
    {"decided", "决定时间", FIELD_DATE, NULL, offsetof(struct rich, decided), FIELD_BY_DAY,
     .only_when = "group=male"},
};

static const struct record_kind rich_kind = {
    "rich", "样例", "riches", sizeof(struct rich), rich_fields, N(rich_fields), NULL,
};

static void test_rich_types(void **state)
{
    struct fixture *fx = *state;
    struct arena *a = fx->arena;
    struct rich r = {0};
    const struct field_def *group = fields_find(&rich_kind, "group"),
                           *level = fields_find(&rich_kind, "level"),
                           *grades = fields_find(&rich_kind, "grades"),
                           *target = fields_find(&rich_kind, "target"),
                           *birth = fields_find(&rich_kind, "birth_from"),
                           *months = fields_find(&rich_kind, "months"),
                           *decided = fields_find(&rich_kind, "decided");
    /* Choices: by value or label, stored as the value. */
    assert_int_equal(field_set_text(group, &r, "女", false, a, &fx->fe), 0);
    assert_string_equal(r.group, "female");
    assert_string_equal(field_value_label(group, "male"), "男");
    /* An enum: by value, label or "[value]"; its text is the value. */
    assert_false(field_is_set(level, &r));
    assert_int_equal(field_set_text(level, &r, "[high]", false, a, &fx->fe), 0);
    assert_int_equal(r.level, LEVEL_HIGH);
    assert_int_equal(field_set_text(level, &r, "低", false, a, &fx->fe), 0);
    assert_string_equal(field_get_text(level, &r, false, a), "low");
    assert_true(field_is_set(level, &r));
    /* A code list: labels and Chinese separators in, codes out. */
    assert_int_equal(field_set_text(grades, &r, "基本称职，不称职、3", false, a, &fx->fe), 0);
    assert_string_equal(r.grades, "3,4,3");
    assert_string_equal(field_value_label(grades, "4"), "不称职");
    /* A code of either table. */
    assert_int_equal(field_set_text(target, &r, "5A", false, a, &fx->fe), 0);
    assert_string_equal(r.target, "5A");
    assert_int_equal(field_set_text(target, &r, "03", false, a, &fx->fe), 0);
    assert_non_null(field_value_label(target, "03"));
    /* A month keeps no day. */
    assert_int_equal(field_set_text(birth, &r, "1965-05-20", false, a, &fx->fe), 0);
    assert_int_equal(r.birth_from.day, 0);
    assert_string_equal(field_get_text(birth, &r, false, a), "1965-05");
    assert_string_equal(field_date_precision(birth), "month");
    assert_string_equal(field_date_input(birth), "month");
    assert_string_equal(field_date_precision(decided), "any");
    assert_string_equal(field_date_input(decided), "day");
    assert_null(field_date_precision(months));
    /* An int member. */
    assert_int_equal(field_set_text(months, &r, "36", false, a, &fx->fe), 0);
    assert_int_equal(r.months, 36);
    assert_string_equal(field_get_text(months, &r, false, a), "36");
    assert_int_equal(fx->fe.count, 0);
    /* Copies move the member whatever its width. */
    struct rich copy = {0};
    for (size_t i = 0; i < rich_kind.nfields; i++)
        field_copy(&rich_kind.fields[i], &copy, &r);
    assert_int_equal(copy.months, 36);
    assert_int_equal(copy.level, LEVEL_LOW);
    assert_string_equal(copy.grades, "3,4,3");
    /* Choices of a code field are its table's codes. */
    size_t n;
    const struct field_choice *c = field_choices(target, a, &n);
    assert_true(n > 20);
    assert_non_null(c);
    assert_ptr_equal(field_choices(group, a, &n), group_choices);
    assert_int_equal(n, 2);
    assert_null(field_choices(months, a, &n));
    assert_int_equal(n, 0);
    assert_string_equal(decided->only_when, "group=male");
}

static void test_rich_rejects(void **state)
{
    struct fixture *fx = *state;
    struct rich r = {0};
    struct {
        const char *field, *text;
    } cases[] = {
        {"group", "other"},       /* not a choice */
        {"level", "middle"},      /* not a choice */
        {"level", ""},            /* a required enum has no "absent" */
        {"grades", "优秀，九等"}, /* one unknown code */
        {"grades", "，"},         /* a list of nothing */
        {"target", "大队长"},     /* in neither table */
        {"months", "121"},        /* out of range */
        {"months", ""},           /* a required int has no "absent" */
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct field_errors fe;
        field_errors_init(&fe, fx->arena);
        const struct field_def *f = fields_find(&rich_kind, cases[i].field);
        if (field_set_text(f, &r, cases[i].text, false, fx->arena, &fe) != ERR_INVALID ||
            !field_errors_has(&fe, cases[i].field)) {
            print_error("case %zu (%s=\"%s\") was accepted\n", i, cases[i].field, cases[i].text);
            fail();
        }
    }
}

/* The one masked form, chosen by the field's flags. */
static void test_mask(void **state)
{
    (void)state;
    const struct field_def phone = {
        "phone", "联系电话", FIELD_TEXT, NULL, 0, FIELD_SENSITIVE | FIELD_PHONE, 50};
    const struct field_def id = {"id_number", "身份证号", FIELD_TEXT, NULL, 0, FIELD_SENSITIVE, 18};
    const struct field_def plain = {"notes", "备注", FIELD_TEXT, NULL, 0, 0, 50};
    char buf[MASK_MAX];
    assert_string_equal(field_mask(&phone, "13812345678", buf), "138****5678");
    assert_string_equal(field_mask(&id, "11010519491231002X", buf), "1101**********002X");
    assert_string_equal(field_mask(&plain, "13812345678", buf), "13812345678");
    assert_null(field_mask(&phone, NULL, buf));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_find_and_ptr, setup, teardown),
        cmocka_unit_test_setup_teardown(test_accepts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rejects_with_messages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_is_copied, setup, teardown),
        cmocka_unit_test_setup_teardown(test_get_text_dotted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_is_set, setup, teardown),
        cmocka_unit_test_setup_teardown(test_record_validate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rich_types, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rich_rejects, setup, teardown),
        cmocka_unit_test(test_mask),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
