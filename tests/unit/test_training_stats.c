/* test_training_stats.c — the training statistics as JSON and as an XLSX
 * sheet that the project's own reader (table_read_xlsx) reads back cell by
 * cell: header, total with its period, every breakdown's rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats/table.h"
#include "formats/training_stats.h"
#include "util/arena.h"
#include "util/err.h"

static struct training_stats_row programmes[] = {{"青年干部培训", 2, 9, 40, 12},
                                                 {NULL, 1, 1, 3, 3}};
static struct training_stats_row units[] = {{"组织部", 3, 10, 30, 10}, {NULL, 1, 1, 13, 5}};
static struct training_stats_row levels[] = {{TRAINING_LEVEL_UPPER_LABEL, 1, 2, 5, 2},
                                             {TRAINING_LEVEL_LOWER_LABEL, 3, 10, 38, 13}};
static struct training_stats_row ages[] = {{"30—34岁", 3, 10, 43, 15}};

static struct training_stats sample(void)
{
    return (struct training_stats){
        .total = {NULL, 3, 10, 43, 15},
        .programmes = programmes,
        .nprogrammes = 2,
        .units = units,
        .nunits = 2,
        .levels = levels,
        .nlevels = 2,
        .ages = ages,
        .nages = 1,
    };
}

static const struct date FROM = {2026, 1, 1}, TO = {2026, 12, 31};

static void test_json(void **state)
{
    (void)state;
    struct training_stats st = sample();
    json_t *o = training_stats_json(&st, FROM, TO);
    assert_string_equal(json_string_value(json_object_get(o, "from")), "2026-01-01");
    assert_int_equal(json_integer_value(json_object_get(o, "attendances")), 43);
    json_t *u = json_object_get(o, "by_unit");
    assert_int_equal(json_array_size(u), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(u, 0), "unit")), "组织部");
    assert_true(json_is_null(json_object_get(json_array_get(u, 1), "unit")));
    json_t *age = json_array_get(json_object_get(o, "by_age"), 0);
    assert_string_equal(json_string_value(json_object_get(age, "age_band")), "30—34岁");
    assert_int_equal(json_integer_value(json_object_get(age, "people")), 15);
    assert_int_equal(json_array_size(json_object_get(o, "by_level")), 2);
    json_decref(o);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void assert_row(const struct table_row *r, const char *group, const char *name,
                       const char *classes, const char *people)
{
    assert_true(r->ncells >= 6);
    assert_string_equal(r->cells[0], group);
    assert_string_equal(r->cells[1] ? r->cells[1] : "", name);
    assert_string_equal(r->cells[2], classes);
    assert_string_equal(r->cells[5], people);
}

static void test_xlsx_reads_back(void **state)
{
    (void)state;
    char path[] = "/tmp/cadre-training-stats-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    struct training_stats st = sample();
    assert_int_equal(training_stats_write(&st, FROM, TO, TABLE_XLSX, path), 0);
    size_t len;
    char *data = slurp(path, &len);
    unlink(path);
    struct arena *a = arena_new();
    struct table t;
    const char *msg = NULL;
    assert_int_equal(table_read_xlsx(data, len, a, &t, &msg), 0);
    free(data);
    assert_int_equal(t.nrows, 1 + 1 + 2 + 2 + 2 + 1);
    assert_string_equal(t.rows[0].cells[0], "分组");
    assert_string_equal(t.rows[0].cells[4], "人次");
    assert_row(&t.rows[1], "合计", "2026-01-01至2026-12-31", "3", "15");
    assert_row(&t.rows[2], "培训项目", "青年干部培训", "2", "12");
    assert_row(&t.rows[3], "培训项目", "（未归入项目）", "1", "3");
    assert_row(&t.rows[4], "单位", "组织部", "3", "10");
    assert_row(&t.rows[5], "单位", "（未定单位）", "1", "5");
    assert_row(&t.rows[6], "层次", TRAINING_LEVEL_UPPER_LABEL, "1", "2");
    assert_row(&t.rows[7], "层次", TRAINING_LEVEL_LOWER_LABEL, "3", "13");
    assert_row(&t.rows[8], "年龄段", "30—34岁", "3", "15");
    assert_string_equal(t.rows[8].cells[4], "43");
    arena_free(a);
}

static void test_unwritable(void **state)
{
    (void)state;
    struct training_stats st = sample();
    assert_int_equal(
        training_stats_write(&st, FROM, TO, TABLE_XLSX, "/nonexistent-dir/cadre/stats.xlsx"),
        ERR_IO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_xlsx_reads_back),
        cmocka_unit_test(test_unwritable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
