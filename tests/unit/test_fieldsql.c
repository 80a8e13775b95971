/* test_fieldsql.c — the one SQL builder of field-table records: the column
 * lists and placeholders it writes, and every kind of field through a real
 * table and back (text, codes, code lists, enums, months, int members). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "store/fieldsql.h"
#include "testdb.h"
#include "util/arena.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct sample {
    long long id, person_id;
    const char *name;
    const char *grades;
    int level;
    struct date born, decided;
    int months;
    long long unit_id;
    bool flag;
    long long derived;
};

static const struct field_choice levels[] = {{"low", "低", 1}, {"high", "高", 2}};

static const struct field_def sample_fields[] = {
    {"name", "姓名", FIELD_TEXT, NULL, offsetof(struct sample, name), 0, 50},
    {"grades", "等次", FIELD_CODES, "grade", offsetof(struct sample, grades), 0},
    {"level", "层级", FIELD_ENUM, NULL, offsetof(struct sample, level), 0, 0, 0, 0, levels,
     N(levels)},
    {"born", "出生年月", FIELD_DATE, NULL, offsetof(struct sample, born), FIELD_MONTH},
    {"decided", "决定时间", FIELD_DATE, NULL, offsetof(struct sample, decided), 0},
    {"months", "月数", FIELD_INT, NULL, offsetof(struct sample, months), FIELD_INT32, 0, 0, 999},
    {"unit_id", "单位", FIELD_REF, "units", offsetof(struct sample, unit_id), 0},
    {"flag", "标记", FIELD_BOOL, NULL, offsetof(struct sample, flag), 0},
    {"derived", "派生", FIELD_INT, NULL, offsetof(struct sample, derived), FIELD_READONLY},
};

static const struct record_kind sample_kind = {
    "sample", "样例", "sample", sizeof(struct sample), sample_fields, N(sample_fields), NULL,
};

static void test_statement_text(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    assert_int_equal(fieldsql_columns(&sb, &sample_kind, "r."), 8);
    assert_string_equal(
        strbuf_str(&sb),
        "r.name, r.grades, r.level, r.born, r.decided, r.months, r.unit_id, r.flag");
    strbuf_reset(&sb);
    fieldsql_placeholders(&sb, 3);
    assert_string_equal(strbuf_str(&sb), "?, ?, ?");
    strbuf_reset(&sb);
    fieldsql_assignments(&sb, &sample_kind);
    assert_string_equal(strbuf_str(&sb), "name = ?, grades = ?, level = ?, born = ?, "
                                         "decided = ?, months = ?, unit_id = ?, flag = ?");
    strbuf_release(&sb);
    assert_false(fieldsql_stored(&sample_fields[N(sample_fields) - 1]));
}

static void test_round_trip(void **state)
{
    (void)state;
    char dir[64], path[96];
    struct db *db;
    assert_int_equal(testdb_open(dir, path, "fieldsql", &db), 0);
    assert_int_equal(db_exec(db, "CREATE TABLE sample (name TEXT, grades TEXT, level TEXT, "
                                 "born TEXT, decided TEXT, months INTEGER, unit_id INTEGER, "
                                 "flag INTEGER)"),
                     0);
    struct arena *a = arena_new();
    const struct sample in = {0, 0, "张三", "3,4", 2, {1965, 5, 20}, {2024, 1, 10}, 36, 0, true, 7};
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "INSERT INTO sample (");
    size_t n = fieldsql_columns(&sb, &sample_kind, "");
    strbuf_puts(&sb, ") VALUES (");
    fieldsql_placeholders(&sb, n);
    strbuf_puts(&sb, ")");
    struct db_stmt *st;
    assert_int_equal(db_prepare(db, strbuf_str(&sb), &st), 0);
    assert_int_equal(fieldsql_bind(st, 1, &sample_kind, &in), (int)n + 1);
    assert_true(db_step(st) >= 0);
    db_finalize(st);

    /* What the columns hold: an enum as its value, a month without a day,
     * a 0 ref as NULL. */
    strbuf_reset(&sb);
    strbuf_puts(&sb, "SELECT 0, ");
    fieldsql_columns(&sb, &sample_kind, "");
    strbuf_puts(&sb, ", unit_id IS NULL FROM sample");
    assert_int_equal(db_prepare(db, strbuf_str(&sb), &st), 0);
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_column_text(st, 3), "high");
    assert_string_equal(db_column_text(st, 4), "1965-05");
    assert_int_equal(db_column_int(st, 9), 1);
    struct sample out = {0};
    assert_int_equal(fieldsql_read(st, 1, &sample_kind, &out, a), 9);
    db_finalize(st);
    strbuf_release(&sb);
    assert_string_equal(out.name, "张三");
    assert_string_equal(out.grades, "3,4");
    assert_int_equal(out.level, 2);
    assert_int_equal(out.born.year, 1965);
    assert_int_equal(out.born.month, 5);
    assert_int_equal(out.born.day, 0);
    assert_int_equal(out.decided.day, 10);
    assert_int_equal(out.months, 36);
    assert_int_equal(out.unit_id, 0);
    assert_true(out.flag);
    assert_int_equal(out.derived, 0); /* read-only: not a column */
    arena_free(a);
    testdb_remove(dir, path, db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_statement_text),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
