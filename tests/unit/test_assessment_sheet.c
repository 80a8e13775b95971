/* test_assessment_sheet.c — the score sheet: the blank sheet's header and
 * rows, a filled sheet read back, and every bad cell reported with its row. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats/assessment_sheet.h"
#include "util/arena.h"

static const struct assessment_dimension dims[] = {
    {"德", -1, 40, ASSESSMENT_SCALE_SCORE, ASSESSMENT_SOURCE_RATING},
    {"政治理论考试", 0, 50, ASSESSMENT_SCALE_SCORE, ASSESSMENT_SOURCE_EXAM},
    {"综合素质", 0, 50, ASSESSMENT_SCALE_LEVEL, ASSESSMENT_SOURCE_RATING},
    {"能", -1, 60, ASSESSMENT_SCALE_SCORE, ASSESSMENT_SOURCE_RATING},
};
static const struct assessment_group groups[] = {{"领导", 60, false}, {"同级", 40, true}};

static struct assessment_scheme scheme(void)
{
    struct assessment_scheme s = {.name = "测试", .dims = dims, .count = 4};
    assessment_default_levels(s.level_values);
    return s;
}

static void test_blank_sheet(void **state)
{
    (void)state;
    struct assessment_scheme s = scheme();
    char path[] = "/tmp/cadre-sheet-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    const struct assessment_sheet_person people[] = {{"110101198001010011", "张三"},
                                                     {"110101198001010038", "李四"}};
    assert_int_equal(assessment_sheet_write(path, TABLE_CSV, &s, groups, 2, people, 2), 0);
    FILE *f = fopen(path, "rb");
    char buf[4096];
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    unlink(path);
    buf[len] = 0;
    assert_non_null(strstr(buf, "\"身份证号\",\"姓名\",\"测评主体\",\"政治理论考试（20%）\","
                                "\"综合素质（20%）\",\"能（60%）\""));
    assert_non_null(strstr(buf, "\"110101198001010038\",\"李四\",\"考试\""));
    /* Read back blank: no rows, no errors. */
    struct arena *a = arena_new();
    struct field_errors fe;
    field_errors_init(&fe, a);
    struct assessment_sheet_row *rows;
    size_t n;
    assert_int_equal(assessment_sheet_read(buf, len, &s, groups, 2, a, &rows, &n, &fe), 0);
    assert_int_equal(n, 0);
    arena_free(a);
}

static void test_filled_and_errors(void **state)
{
    (void)state;
    struct assessment_scheme s = scheme();
    struct arena *a = arena_new();
    struct field_errors fe;
    field_errors_init(&fe, a);
    const char *ok = "姓名,身份证号,测评主体,能（60%）,综合素质,政治理论考试\n"
                     "张三,110101198001010011,领导,90,优,\n"
                     "张三,110101198001010011,考试,,,88\n"
                     "李四,110101198001010038,同级,,,\n";
    struct assessment_sheet_row *rows;
    size_t n;
    assert_int_equal(assessment_sheet_read(ok, strlen(ok), &s, groups, 2, a, &rows, &n, &fe), 0);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].group, 0);
    assert_true(rows[0].values[3] == 90 && rows[0].values[2] == 95 && isnan(rows[0].values[1]));
    assert_int_equal(rows[1].group, -1);
    assert_true(rows[1].values[1] == 88);
    assert_int_equal(rows[1].row, 3);

    const char *bad = "身份证号,姓名,测评主体,能,综合素质,政治理论考试\n"
                      "110101198001010011,张三,上级,90,优,\n"
                      "110101198001010011,张三,领导,101,甲,70\n"
                      "110101198001010011,张三,考试,80,,\n";
    assert_int_equal(assessment_sheet_read(bad, strlen(bad), &s, groups, 2, a, &rows, &n, &fe),
                     ERR_INVALID);
    int seen = 0;
    for (const struct field_error *e = fe.head; e; e = e->next) {
        seen++;
        assert_true(e->row >= 2 && e->row <= 4);
    }
    assert_int_equal(seen, 5); /* 上级; 101; 甲; exam on a rating row; rating on the exam row */

    field_errors_init(&fe, a);
    const char *header = "身份证号,姓名,能\n";
    assert_int_equal(
        assessment_sheet_read(header, strlen(header), &s, groups, 2, a, &rows, &n, &fe),
        ERR_INVALID);
    assert_true(field_errors_has(&fe, "测评主体"));
    /* Only some leaves: the others are blank. No leaf at all: refused. */
    field_errors_init(&fe, a);
    const char *exams = "身份证号,姓名,测评主体,政治理论考试\n110101198001010011,张三,考试,77\n";
    assert_int_equal(assessment_sheet_read(exams, strlen(exams), &s, groups, 2, a, &rows, &n, &fe),
                     0);
    assert_int_equal(n, 1);
    assert_true(rows[0].values[1] == 77 && isnan(rows[0].values[2]));
    const char *none = "身份证号,姓名,测评主体,备注\n";
    assert_int_equal(assessment_sheet_read(none, strlen(none), &s, groups, 2, a, &rows, &n, &fe),
                     ERR_INVALID);
    assert_true(field_errors_has(&fe, "file"));
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blank_sheet),
        cmocka_unit_test(test_filled_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
