/* test_roster_layout.c — finding and mapping the 花名册 header: title rows above
 * it, columns in any order, aliases and spaced-out headers, and the errors
 * a user must see (unknown, repeated and missing columns). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/fields.h"
#include "core/records.h"
#include "core/roster_entry.h"
#include "formats/roster_layout.h"
#include "util/arena.h"
#include "util/err.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define MAX_CELLS 8
#define MAX_ROWS 12

/* One expected lookup in the first data row (the row after the header). */
struct lookup {
    enum roster_target target;
    const char *field;
    const char *value; /* NULL: roster_layout_cell gives NULL */
};

static const struct roster_case {
    const char *name;
    const char *rows[MAX_ROWS][MAX_CELLS]; /* ends at the first row with no cell 0 and 1 */
    struct outcome {
        int rc;
        size_t header_row_index;
        size_t nerrors;
        const char *error_field;   /* of the first error */
        const char *error_message; /* a part of it */
        int error_row;
    } want;
    struct lookup lookups[4];
} cases[] = {
    {"title rows above the header",
     {{"XX厅干部花名册"},
      {"填报单位：办公室", NULL, NULL, "填报时间：2024年1月"},
      {"序号", "姓名", "性别", "出生年月", "单位"},
      {"1", "张三", "男", "1975.03", "厅机关/办公室"}},
     {0, 2, 0, NULL, NULL, 0},
     {{ROSTER_PERSON, "birth_date", "1975.03"},
      {ROSTER_UNIT, NULL, "厅机关/办公室"},
      {ROSTER_SEQ, NULL, "1"},
      {ROSTER_PERSON, "ethnicity", NULL}}},
    {"any order, aliases",
     {{"身份证号码", "职务", "姓名", "出生日期", "工作单位", "最高学历", "职级"},
      {"110101197503081234", "科长", "李四", "1975-03-08", "办公室", "大学", "一级主任科员"}},
     {0, 0, 0, NULL, NULL, 0},
     {{ROSTER_PERSON, "id_number", "110101197503081234"},
      {ROSTER_POST, NULL, "科长"},
      {ROSTER_EDUCATION, NULL, "大学"},
      {ROSTER_RANK, NULL, "一级主任科员"}}},
    {"spaces, full-width spaces and line breaks in headers",
     {{"姓　名", "性 别", "出生\n年月", " 民族 ", "参加工作\r\n时间"},
      {"王五", "女", "1980.01", "汉族", "2002.07"}},
     {0, 0, 0, NULL, NULL, 0},
     {{ROSTER_PERSON, "name", "王五"},
      {ROSTER_PERSON, "gender", "女"},
      {ROSTER_PERSON, "work_start_date", "2002.07"},
      {ROSTER_PERSON, "ethnicity", "汉族"}}},
    {"empty cell and short row read as absent",
     {{"姓名", "性别", "民族", "备注"}, {"赵六", "", "汉族"}},
     {0, 0, 0, NULL, NULL, 0},
     {{ROSTER_PERSON, "gender", NULL},
      {ROSTER_PERSON, "notes", NULL},
      {ROSTER_PERSON, "name", "赵六"},
      {ROSTER_AGE, NULL, NULL}}},
    {"unknown column reported, not fatal",
     {{"干部花名册"}, {"姓名", "性别", "爱好", "民族"}, {"张三", "男", "围棋", "汉族"}},
     {0, 1, 1, "爱好", "未知的列：爱好", 2},
     {{ROSTER_PERSON, "ethnicity", "汉族"}}},
    {"a column twice (header and alias)",
     {{"姓名", "出生年月", "性别", "出生日期"}, {"张三", "1975.03", "男", "1975.03"}},
     {ERR_INVALID, 0, 1, "出生日期", "重复", 1},
     {{0}}},
    {"姓名 missing",
     {{"性别", "出生年月", "民族", "籍贯"}, {"男", "1975.03", "汉族", "江苏南京"}},
     {ERR_INVALID, 0, 1, "姓名", "缺少“姓名”", 0},
     {{0}}},
    {"姓名 with too few other known columns",
     {{"姓名", "性别", "爱好"}, {"张三", "男", "围棋"}},
     {ERR_INVALID, 0, 1, "", "未找到表头行", 0},
     {{0}}},
    {"header below the first ten rows",
     {{"一"},
      {"二"},
      {"三"},
      {"四"},
      {"五"},
      {"六"},
      {"七"},
      {"八"},
      {"九"},
      {"十"},
      {"姓名", "性别", "民族"}},
     {ERR_INVALID, 0, 1, "", "未找到表头行", 0},
     {{0}}},
};

/* Builds the table of a case: the rows that have a cell, numbered 1.. */
static void build_table(const struct roster_case *c, struct arena *a, struct table *t)
{
    t->rows = arena_calloc(a, MAX_ROWS, sizeof *t->rows);
    t->nrows = 0;
    for (size_t i = 0; i < MAX_ROWS && (c->rows[i][0] || c->rows[i][1]); i++) {
        size_t n = 0;
        for (size_t j = 0; j < MAX_CELLS; j++)
            if (c->rows[i][j])
                n = j + 1;
        struct table_row *r = &t->rows[t->nrows++];
        r->number = (int)i + 1;
        r->ncells = n;
        r->cells = arena_calloc(a, n ? n : 1, sizeof *r->cells);
        for (size_t j = 0; j < n; j++)
            r->cells[j] = c->rows[i][j];
    }
}

static void test_layout_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(cases); i++) {
        const struct roster_case *c = &cases[i];
        print_message("roster: %s\n", c->name);
        struct arena *a = arena_new();
        struct table t;
        build_table(c, a, &t);
        struct field_errors fe;
        field_errors_init(&fe, a);
        struct roster_layout layout;
        assert_int_equal(roster_layout_find(&t, a, &layout, &fe), c->want.rc);
        assert_int_equal(fe.count, c->want.nerrors);
        if (c->want.nerrors) {
            assert_string_equal(fe.head->field, c->want.error_field);
            if (!strstr(fe.head->message, c->want.error_message))
                fail_msg("message \"%s\" lacks \"%s\"", fe.head->message, c->want.error_message);
            assert_int_equal(fe.head->row, c->want.error_row);
        }
        if (c->want.rc == 0) {
            assert_int_equal(layout.header_row_index, c->want.header_row_index);
            assert_int_equal(layout.ncols, t.rows[c->want.header_row_index].ncells);
            const struct table_row *data = &t.rows[c->want.header_row_index + 1];
            for (size_t k = 0; k < N(c->lookups); k++) {
                const struct lookup *l = &c->lookups[k];
                if (l->target == 0 && !l->field && !l->value)
                    break; /* end of the list ({0}) */
                const char *got = roster_layout_cell(&layout, data, l->target, l->field);
                if (!l->value)
                    assert_null(got);
                else {
                    assert_non_null(got);
                    assert_string_equal(got, l->value);
                }
            }
        }
        arena_free(a);
    }
}

/* Aliases map to their canonical column, and an unknown file column is a
 * NULL slot in the layout. */
static void test_layout_columns(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    const char *header[] = {"姓名", "公民身份号码", "备用", "处室", "手机", "任现职务时间"};
    const char *expected[] = {"姓名", "身份证号", NULL, "单位", "联系电话", "任现职时间"};
    const char *data[] = {"u", "x", "y", "z", "w", "v"};
    struct table_row rows[] = {{1, N(header), header}, {2, N(data), data}};
    struct table t = {rows, 2};
    struct field_errors fe;
    field_errors_init(&fe, a);
    struct roster_layout layout;
    assert_int_equal(roster_layout_find(&t, a, &layout, &fe), 0);
    assert_int_equal(layout.ncols, N(header));
    for (size_t j = 0; j < N(header); j++) {
        if (!expected[j])
            assert_null(layout.cols[j]);
        else
            assert_string_equal(layout.cols[j]->header, expected[j]);
    }
    assert_int_equal(fe.count, 1);
    assert_string_equal(fe.head->field, "备用");
    arena_free(a);
}

/* The table itself: headers and aliases unique, person columns name real
 * person fields, 姓名 present. */
static void test_columns_table(void **state)
{
    (void)state;
    size_t n;
    const struct roster_column *cols = roster_layout_columns(&n);
    assert_int_equal(n, 32);
    const char *names[128];
    size_t nnames = 0;
    bool has_name = false;
    for (size_t i = 0; i < n; i++) {
        names[nnames++] = cols[i].header;
        for (const char *const *alias = cols[i].aliases; *alias; alias++)
            names[nnames++] = *alias;
        assert_true(nnames < N(names) - 8);
        if (cols[i].target == ROSTER_PERSON) {
            assert_non_null(cols[i].field);
            if (!fields_find(&person_kind, cols[i].field))
                fail_msg("column %s: person has no field %s", cols[i].header, cols[i].field);
            has_name = has_name || strcmp(cols[i].field, "name") == 0;
        } else if (cols[i].target == ROSTER_EDUCATION || cols[i].target == ROSTER_DEGREE ||
                   cols[i].target == ROSTER_SCHOOL || cols[i].target == ROSTER_MAJOR) {
            /* Exported education columns say which education they hold. */
            assert_non_null(cols[i].field);
            assert_true(strcmp(cols[i].field, "fulltime") == 0 ||
                        strcmp(cols[i].field, "inservice") == 0);
        } else {
            assert_null(cols[i].field);
        }
    }
    assert_true(has_name);
    for (size_t i = 0; i < nnames; i++)
        for (size_t j = i + 1; j < nnames; j++)
            if (strcmp(names[i], names[j]) == 0)
                fail_msg("header %s appears twice", names[i]);
}

/* 职务层次 from the title and the unit, where unambiguous (issue 18). */
static void test_infer_post_level(void **state)
{
    (void)state;
    static const char *const bureau_levels[] = {"5A", "5B"};
    static const char *const two_principals[] = {"5A", "6A", "6B"};
    static const struct roster_unit_facts office = {.kind = "2", .parent_level = "4"};
    static const struct roster_unit_facts bureau = {
        .kind = "3", .levels = bureau_levels, .nlevels = 2};
    static const struct roster_unit_facts center = {.kind = "3"};
    static const struct roster_unit_facts mixed = {
        .kind = "3", .levels = two_principals, .nlevels = 3};
    static const struct roster_unit_facts lone_office = {.kind = "2"};
    static const struct {
        const char *title;
        const struct roster_unit_facts *unit;
        const char *want; /* NULL: cannot be told */
    } inference[] = {
        {"处长", NULL, "5A"},          {"副处长", NULL, "5B"},
        {"人事处处长", &office, "5A"}, {"人事处副处长", &office, "5B"},
        {"厅长", NULL, "4A"},          {"副厅长", NULL, "4B"},
        {"综合科科长", NULL, "6A"},    {"副科长", &bureau, "6B"},
        {"办公室主任", &office, "5A"}, {"办公室副主任", &office, "5B"},
        {"主任", &bureau, "5A"},       {"副主任", &bureau, "5B"},
        {"主任", &center, NULL},      /* a 中心 of unknown level */
        {"主任", &mixed, NULL},       /* two principal levels */
        {"副主任", &mixed, "6B"},     /* one deputy level */
        {"主任", &lone_office, NULL}, /* a 处室 of an unknown 机关 */
        {"主任", NULL, NULL},          {"主任科员", &office, NULL}, /* a rank, not a post */
        {"调研员", &office, NULL},     {"", &office, NULL},
        {NULL, &office, NULL},
    };
    for (size_t i = 0; i < N(inference); i++) {
        const char *got = roster_entry_infer_post_level(inference[i].title, inference[i].unit);
        const char *want = inference[i].want;
        if (want ? !got || strcmp(got, want) != 0 : got != NULL)
            fail_msg("%s: got %s, want %s", inference[i].title ? inference[i].title : "(null)",
                     got ? got : "NULL", want ? want : "NULL");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_infer_post_level),
        cmocka_unit_test(test_layout_cases),
        cmocka_unit_test(test_layout_columns),
        cmocka_unit_test(test_columns_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
