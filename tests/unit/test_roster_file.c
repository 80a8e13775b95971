/* test_roster_file.c — roster rows to entries: the header below a title row,
 * every date form rosters use, codes given by label, and each kind of bad
 * cell reported on its own row and column; and the cells our export writes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "formats/roster_layout.h"
#include "formats/roster_file.h"
#include "formats/table.h"
#include "util/arena.h"
#include "util/err.h"

static const struct date TODAY = {2025, 6, 30};

/* 370102197503081214: born 1975-03-08, male, valid check digit. */
#define ID_MALE_1975 "370102197503081214"
/* 130602198211150529: born 1982-11-15, female. */
#define ID_FEMALE_1982 "130602198211150529"

#define HEADER                                                                                                                          \
    "序号,姓名,性别,出生年月,民族,身份证号,政治面貌,入党时间,单位,现任职务,职务层次,任现职时间," \
    "现职级,任现职级时间,学历,学位\n"

struct parsed {
    struct arena *a;
    struct field_errors fe;
    struct roster_entry *entries;
    size_t n;
    int rc;
};

static void parse_csv(struct parsed *p, const char *csv)
{
    p->a = arena_new();
    field_errors_init(&p->fe, p->a);
    struct table t;
    const char *msg = NULL;
    assert_int_equal(table_read_csv(csv, strlen(csv), p->a, &t, &msg), 0);
    p->rc = roster_file_parse(&t, TODAY, p->a, &p->entries, &p->n, &p->fe);
}

/* The first problem reported on `row`, or NULL. */
static const struct field_error *error_on(const struct parsed *p, int row)
{
    for (const struct field_error *e = p->fe.head; e; e = e->next)
        if (e->row == row)
            return e;
    return NULL;
}

static size_t errors_on(const struct parsed *p, int row)
{
    size_t n = 0;
    for (const struct field_error *e = p->fe.head; e; e = e->next)
        n += e->row == row;
    return n;
}

static void test_title_row_dates_and_labels(void **state)
{
    (void)state;
    struct parsed p;
    parse_csv(&p, "XX厅干部花名册\n"
                  "填报单位：人事处\n" HEADER "1,张伟,男,1975.03,汉族," ID_MALE_1975
                  ",中共党员,1996.7,办公室,办公室主任,正处级,2018.06,一级调研员,2020.01,本科,学士\n"
                  "2,张伟,男,1975-03,汉," ID_MALE_1975 ",党员,1996-07,,,,,,,,\n"
                  "3,张伟,男,1975-03-08,汉族," ID_MALE_1975 ",中共党员,1996/7/1,,,,,,,,\n"
                  "4,张伟,男,1975年3月,汉族," ID_MALE_1975 ",中共党员,1996年7月1日,,,,,,,,\n"
                  "5,张伟,男,197503,汉族," ID_MALE_1975 ",,,,,,,,,,\n"
                  ",,,,,,,,,,,,,,,\n");
    for (const struct field_error *e = p.fe.head; e; e = e->next)
        print_message("unexpected: row %d %s %s\n", e->row, e->field, e->message);
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.fe.count, 0);
    assert_int_equal(p.n, 5);

    const struct roster_entry *e = &p.entries[0];
    assert_int_equal(e->row, 4);
    assert_string_equal(e->person.name, "张伟");
    assert_string_equal(e->person.gender, "1");
    assert_string_equal(e->person.ethnicity, "01");
    assert_string_equal(e->person.party, "01");
    assert_string_equal(e->person.id_number, ID_MALE_1975);
    assert_int_equal(e->person.birth_date.year, 1975);
    assert_int_equal(e->person.birth_date.month, 3);
    assert_int_equal(e->person.birth_date.day, 0);
    assert_int_equal(e->person.party_join_date.month, 7);
    assert_string_equal(e->unit_path, "办公室");
    assert_string_equal(e->post_title, "办公室主任");
    assert_string_equal(e->post_level, "5A");
    assert_int_equal(e->post_start.year, 2018);
    assert_int_equal(e->post_start.month, 6);
    assert_string_equal(e->rank, "03");
    assert_int_equal(e->rank_start.year, 2020);
    assert_string_equal(e->edu[ROSTER_EDU_HIGHEST].education, "21");
    assert_string_equal(e->edu[ROSTER_EDU_HIGHEST].degree, "4");

    /* Every form of the same month, and the days where given. */
    for (size_t i = 1; i < 5; i++) {
        assert_int_equal(p.entries[i].person.birth_date.year, 1975);
        assert_int_equal(p.entries[i].person.birth_date.month, 3);
        assert_null(p.entries[i].post_title);
        assert_null(p.entries[i].unit_path);
    }
    assert_int_equal(p.entries[2].person.birth_date.day, 8);
    assert_int_equal(p.entries[3].person.party_join_date.day, 1);
    assert_int_equal(p.entries[4].person.birth_date.day, 0);
    arena_free(p.a);
}

static void test_bad_cells_reported_by_row_and_column(void **state)
{
    (void)state;
    struct parsed p;
    parse_csv(&p, "XX厅干部花名册\n" HEADER "1,张伟,男,1975-03,汉族," ID_MALE_1975
                  ",中共党员,,,,,,,,,\n"
                  /* row 4: wrong check digit */
                  "2,李四,男,1975-03,汉族,370102197503081215,中共党员,,,,,,,,,\n"
                  /* row 5: 2月30日 */
                  "3,王五,女,1975-02-30,汉族," ID_FEMALE_1982 ",,,,,,,,,,\n"
                  /* row 6: no such ethnicity */
                  "4,赵六,女,1982-11,火星族," ID_FEMALE_1982 ",,,,,,,,,,\n"
                  /* row 7: post start without post */
                  "5,钱七,女,1982-11,汉族," ID_FEMALE_1982 ",,,,,,2019-01,,,,\n"
                  /* row 8: unknown rank, bad rank date */
                  "6,孙八,女,1982-11,汉族," ID_FEMALE_1982 ",,,,,,,八级巡视员,2019-13,,\n"
                  /* row 9: no ID number */
                  "7,周九,女,1982-11,汉族,,,,,,,,,,,\n");
    assert_int_equal(p.rc, ERR_INVALID);
    assert_int_equal(p.n, 7);
    assert_null(error_on(&p, 3));

    const struct field_error *e = error_on(&p, 4);
    assert_non_null(e);
    assert_string_equal(e->field, "身份证号");
    assert_non_null(strstr(e->message, "校验位"));
    assert_int_equal(errors_on(&p, 4), 1);

    e = error_on(&p, 5);
    assert_non_null(e);
    assert_string_equal(e->field, "出生年月");
    assert_non_null(strstr(e->message, "不是实际存在的日期"));
    assert_int_equal(errors_on(&p, 5), 1);

    e = error_on(&p, 6);
    assert_non_null(e);
    assert_string_equal(e->field, "民族");
    assert_non_null(strstr(e->message, "火星族"));

    e = error_on(&p, 7);
    assert_non_null(e);
    assert_string_equal(e->field, "现任职务");

    assert_int_equal(errors_on(&p, 8), 2);
    e = error_on(&p, 8);
    assert_string_equal(e->field, "现职级");
    assert_string_equal(e->next->field, "任现职级时间");

    e = error_on(&p, 9);
    assert_non_null(e);
    assert_string_equal(e->field, "身份证号");
    assert_non_null(strstr(e->message, "不能为空"));
    arena_free(p.a);
}

static void test_unknown_column_and_aliases(void **state)
{
    (void)state;
    struct parsed p;
    parse_csv(&p, "姓名,性别,出生日期,身份证号码,爱好\n"
                  "张伟,男,1975-03-08," ID_MALE_1975 ",钓鱼\n");
    assert_int_equal(p.rc, ERR_INVALID);
    assert_int_equal(p.fe.count, 1);
    assert_int_equal(p.fe.head->row, 1);
    assert_string_equal(p.fe.head->field, "爱好");
    assert_int_equal(p.n, 1);
    assert_int_equal(p.entries[0].person.birth_date.day, 8);
    arena_free(p.a);

    /* A message on an aliased column names the header as the file has it. */
    parse_csv(&p, "姓名,性别,出生日期,身份证号码\n"
                  "张伟,男,1975-04-08," ID_MALE_1975 "\n");
    assert_int_equal(p.rc, ERR_INVALID);
    assert_string_equal(p.fe.head->field, "身份证号码");
    assert_non_null(strstr(p.fe.head->message, "不一致"));
    arena_free(p.a);
}

static void test_legacy_id_number_upgraded(void **state)
{
    (void)state;
    struct parsed p;
    /* The 15-digit form of 370102197503081214 (drops "19" and the check). */
    parse_csv(&p, "姓名,性别,出生年月,身份证号\n张伟,男,1975.03,370102750308121\n");
    assert_int_equal(p.rc, 0);
    assert_string_equal(p.entries[0].person.id_number, ID_MALE_1975);
    arena_free(p.a);
}

static void test_entry_cells(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct roster_entry e = {
        .person = {.name = "李娜",
                   .gender = "2",
                   .birth_date = {1982, 11, 15},
                   .ethnicity = "01",
                   .party = "01",
                   .id_number = ID_FEMALE_1982,
                   .phone = "13812345678",
                   .status = "1"},
        .unit_path = "厅机关/人事处",
        .post_title = "人事处副处长",
        .post_level = "5B",
        .post_start = {2019, 3, 0},
        .rank = "05",
        .rank_start = {2019, 3, 0},
        .edu[ROSTER_EDU_FULLTIME] = {.education = "14", .degree = "3"},
    };
    size_t n;
    const struct roster_column *cols = roster_layout_columns(&n);
    const char **cells = arena_calloc(a, n, sizeof *cells);
    roster_file_cells(&e, 7, TODAY, true, a, cells);
    for (size_t i = 0; i < n; i++) {
        const char *h = cols[i].header, *v = cells[i];
        if (strcmp(h, "序号") == 0)
            assert_string_equal(v, "7");
        else if (strcmp(h, "性别") == 0)
            assert_string_equal(v, "女");
        else if (strcmp(h, "出生年月") == 0)
            assert_string_equal(v, "1982-11-15");
        else if (strcmp(h, "年龄") == 0)
            assert_string_equal(v, "42");
        else if (strcmp(h, "民族") == 0)
            assert_string_equal(v, "汉族");
        else if (strcmp(h, "身份证号") == 0)
            assert_string_equal(v, ID_FEMALE_1982);
        else if (strcmp(h, "联系电话") == 0)
            assert_string_equal(v, "13812345678");
        else if (strcmp(h, "单位") == 0)
            assert_string_equal(v, "厅机关/人事处");
        else if (strcmp(h, "职务层次") == 0)
            assert_string_equal(v, "县处级副职");
        else if (strcmp(h, "任现职时间") == 0)
            assert_string_equal(v, "2019-03");
        else if (strcmp(h, "现职级") == 0)
            assert_string_equal(v, "三级调研员");
        else if (strcmp(h, "全日制学历") == 0)
            assert_string_equal(v, "硕士研究生");
        else if (strcmp(h, "全日制学位") == 0)
            assert_string_equal(v, "硕士");
        else if (strcmp(h, "在职学历") == 0 || strcmp(h, "学历") == 0)
            assert_null(v);
        else if (strcmp(h, "人员状态") == 0)
            assert_string_equal(v, "在职");
        else if (strcmp(h, "备注") == 0 || strcmp(h, "籍贯") == 0)
            assert_null(v);
    }
    roster_file_cells(&e, 7, TODAY, false, a, cells);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(cols[i].header, "身份证号") == 0)
            assert_string_equal(cells[i], "1306**********0529");
        if (strcmp(cols[i].header, "联系电话") == 0)
            assert_string_equal(cells[i], "138****5678");
    }
    arena_free(a);
}

/* An XLSX written by libxlsxwriter into a temporary file, read back whole
 * (in `a`). `numeric` writes the ID numbers of rows 2..4 as number cells,
 * as a spreadsheet does when the column is not text; otherwise the column
 * is text with the "@" format, as LibreOffice saves a text column. */
static void xlsx_roster(bool numeric, struct arena *a, struct table *t)
{
    char path[] = "/tmp/cadre-test-roster-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "花名册");
    lxw_format *text = workbook_add_format(wb);
    format_set_num_format(text, "@");
    const char *header[] = {"姓名", "性别", "出生年月", "身份证号"};
    for (int c = 0; c < 4; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, header[c], NULL);
    static const struct {
        const char *name, *gender, *birth, *id;
    } people[] = {{"张伟", "男", "1975.03", ID_MALE_1975},
                  {"王强", "男", "1968.05", "110105196805200318"},
                  {"李娜", "女", "1982.11", ID_FEMALE_1982}};
    for (int r = 1; r <= 3; r++) {
        worksheet_write_string(ws, (lxw_row_t)r, 0, people[r - 1].name, NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 1, people[r - 1].gender, NULL);
        worksheet_write_string(ws, (lxw_row_t)r, 2, people[r - 1].birth, text);
        if (numeric)
            worksheet_write_number(ws, (lxw_row_t)r, 3, 370102197503081214.0, NULL);
        else
            worksheet_write_string(ws, (lxw_row_t)r, 3, people[r - 1].id, text);
    }
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = arena_alloc(a, 1 << 20);
    size_t len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    unlink(path);
    const char *msg = NULL;
    assert_int_equal(table_read_xlsx(buf, len, a, t, &msg), 0);
}

/* ID numbers a spreadsheet saved as numbers: one message for the file,
 * with every row, saying the digits are lost and the column must be text. */
static void test_numeric_id_numbers_reported_once(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct table t;
    xlsx_roster(true, a, &t);
    struct field_errors fe;
    field_errors_init(&fe, a);
    struct roster_entry *entries;
    size_t n;
    assert_int_equal(roster_file_parse(&t, TODAY, a, &entries, &n, &fe), ERR_INVALID);
    assert_int_equal(fe.count, 1);
    assert_int_equal(fe.head->row, 0);
    assert_string_equal(fe.head->field, "身份证号");
    assert_non_null(strstr(fe.head->message, "保存成了数字"));
    assert_non_null(strstr(fe.head->message, "共 3 行（第 2、3、4 行）"));
    assert_non_null(strstr(fe.head->message, "无法从本文件恢复"));
    assert_non_null(strstr(fe.head->message, "“文本”格式"));

    /* The same from a CSV a spreadsheet saved: exponent text. */
    struct parsed p;
    parse_csv(&p, "姓名,性别,出生年月,身份证号\n张伟,男,1975.03,4.3032119770819E+17\n"
                  "李娜,女,1982.11,4.3032119770819E+17\n");
    assert_int_equal(p.rc, ERR_INVALID);
    assert_int_equal(p.fe.count, 1);
    assert_non_null(strstr(p.fe.head->message, "4.3032119770819E+17"));
    assert_non_null(strstr(p.fe.head->message, "共 2 行（第 2、3 行）"));
    arena_free(p.a);
    arena_free(a);
}

/* A text ID column, as LibreOffice saves one, imports cleanly. */
static void test_text_id_column_xlsx_imports_cleanly(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct table t;
    xlsx_roster(false, a, &t);
    struct field_errors fe;
    field_errors_init(&fe, a);
    struct roster_entry *entries;
    size_t n;
    int rc = roster_file_parse(&t, TODAY, a, &entries, &n, &fe);
    if (fe.count)
        fail_msg("row %d %s: %s", fe.head->row, fe.head->field, fe.head->message);
    assert_int_equal(rc, 0);
    assert_int_equal(n, 3);
    assert_string_equal(entries[0].person.id_number, ID_MALE_1975);
    assert_string_equal(entries[1].person.id_number, "110105196805200318");
    assert_string_equal(entries[2].person.id_number, ID_FEMALE_1982);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_title_row_dates_and_labels),
        cmocka_unit_test(test_numeric_id_numbers_reported_once),
        cmocka_unit_test(test_text_id_column_xlsx_imports_cleanly),
        cmocka_unit_test(test_bad_cells_reported_by_row_and_column),
        cmocka_unit_test(test_unknown_column_and_aliases),
        cmocka_unit_test(test_legacy_id_number_upgraded),
        cmocka_unit_test(test_entry_cells),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
