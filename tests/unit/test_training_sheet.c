/* test_training_sheet.c — the 培训登记表 parser: header by name in any
 * order, optional columns, every bad cell reported with its row and column,
 * repeated person-and-class rows, and categories by label. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "formats/table.h"
#include "formats/training_sheet.h"
#include "util/arena.h"

static const struct date TODAY = {2026, 6, 15};

/* Parses CSV text; returns the parser's code, rows and problems in `a`. */
static int parse(struct arena *a, const char *csv, struct training_sheet_row **rows, size_t *n,
                 struct field_errors *fe)
{
    struct table t;
    const char *msg = NULL;
    assert_int_equal(table_read_csv(csv, strlen(csv), a, &t, &msg), 0);
    field_errors_init(fe, a);
    return training_sheet_parse(&t, TODAY, a, rows, n, fe);
}

static bool has(const struct field_errors *fe, int row, const char *field)
{
    for (const struct field_error *e = fe->head; e; e = e->next)
        if (e->row == row && strcmp(e->field, field) == 0)
            return true;
    return false;
}

static void test_good_sheet(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct training_sheet_row *rows;
    size_t n;
    struct field_errors fe;
    /* Columns reordered, 主办单位 and 请假学时 absent, a lowercase x. */
    const char *csv = "姓名,身份证号,培训班名称,培训类别,开始日期,结束日期,学时\n"
                      "张三,11010519491231002x,党性教育班,网络培训,2026.3.2,2026-03-06,40\n"
                      "李四,110105194912310038,党性教育班,本单位专题,2026-03-02,20260306,40\n";
    assert_int_equal(parse(a, csv, &rows, &n, &fe), 0);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].id_number, "11010519491231002X");
    assert_string_equal(rows[0].category, "online");
    assert_null(rows[1].category); /* an office's own category: kept as written */
    assert_string_equal(rows[1].category_text, "本单位专题");
    assert_int_equal(rows[0].start_date.day, 2);
    assert_int_equal(rows[1].end_date.day, 6);
    assert_int_equal(rows[0].hours, 40);
    assert_int_equal(rows[0].leave_hours, 0);
    assert_int_equal(rows[0].row, 2);
    arena_free(a);
}

static void test_bad_cells_reported_by_row(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct training_sheet_row *rows;
    size_t n;
    struct field_errors fe;
    const char *csv = "身份证号,姓名,培训班名称,开始日期,结束日期,学时,请假学时\n"
                      "110105194912310011,张三,班一,2026-03-02,2026-03-06,40,2\n"
                      "110105194912310022,李四,班一,2026-03-32,2026-03-06,4.5,0\n"
                      ",王五,,2026-03-06,2026-03-02,40,41\n"
                      "110105194912310011,张三,班一,2026-03-02,2026-03-06,40,0\n"
                      "110105194912310011,张三,班二,2027-01-01,2027-01-02,8,0\n";
    assert_int_equal(parse(a, csv, &rows, &n, &fe), ERR_INVALID);
    assert_int_equal(n, 5);
    assert_true(has(&fe, 3, "身份证号")); /* bad check digit */
    assert_true(has(&fe, 3, "开始日期"));
    assert_true(has(&fe, 3, "学时"));     /* not a whole number */
    assert_true(has(&fe, 4, "身份证号")); /* empty */
    assert_true(has(&fe, 4, "培训班名称"));
    assert_true(has(&fe, 4, "结束日期")); /* before the start */
    assert_true(has(&fe, 4, "请假学时")); /* more than the hours */
    assert_true(has(&fe, 5, "身份证号")); /* same person and class as row 2 */
    assert_true(has(&fe, 6, "开始日期")); /* after today */
    assert_false(has(&fe, 2, "身份证号"));
    arena_free(a);
}

static void test_header_problems(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct training_sheet_row *rows;
    size_t n;
    struct field_errors fe;
    assert_int_equal(parse(a, "身份证号,姓名,备注\n", &rows, &n, &fe), ERR_INVALID);
    assert_true(has(&fe, 1, "备注"));
    assert_true(has(&fe, 1, "培训班名称"));
    assert_true(has(&fe, 1, "学时"));
    size_t ncols;
    const char *const *cols = training_sheet_columns(&ncols);
    assert_int_equal(ncols, 9);
    assert_string_equal(cols[0], "身份证号");
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_sheet),
        cmocka_unit_test(test_bad_cells_reported_by_row),
        cmocka_unit_test(test_header_problems),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
