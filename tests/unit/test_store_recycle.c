/* test_store_recycle.c — the 回收站 in the store: a person's whole file out
 * and back byte for byte (every column of every table), records and units
 * the same, what refuses a restore, the purge rules (retention, a second
 * account), and the masked audit image. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/records.h"
#include "store/people.h"
#include "store/records.h"
#include "store/recycle.h"
#include "store/store.h"
#include "store/units.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "testdb.h"

#define ID_NUMBER "11010519800101001X"
#define SPOUSE_ID "110105198202020028"

struct fixture {
    char dir[64];
    char path[96];
    struct db *db;
    struct arena *arena;
    long long unit, spare, person, career, family;
};

static const struct recycle_actor first = {.user_id = 1, .username = "renshi"};
static const struct recycle_actor second = {.user_id = 2, .username = "renshi2"};
static const struct date today = {2026, 12, 7};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (testdb_open(f->dir, f->path, "recycle", &f->db) != 0)
        return -1;
    f->arena = arena_new();
    struct unit u = {.name = "回收测试处", .kind = "2"}, s = {.name = "空处", .kind = "2"};
    struct unit_establishment est = {.post_level = "5A", .count = 1};
    assert_int_equal(units_insert(f->db, &u, NULL, 0), 0);
    assert_int_equal(units_insert(f->db, &s, &est, 1), 0);
    f->unit = u.id;
    f->spare = s.id;
    struct person p = {.name = "张三",
                       .gender = "1",
                       .birth_date = {1980, 1, 1},
                       .id_number = ID_NUMBER,
                       .phone = "13812345678",
                       .unit_id = u.id,
                       .status = "1"};
    assert_int_equal(people_insert(f->db, &p), 0);
    f->person = p.id;
    struct career_record c = {.person_id = p.id,
                              .kind = "post",
                              .post_level = "5B",
                              .title = "副处长",
                              .unit_id = u.id,
                              .start_date = {2023, 1, 1}};
    assert_int_equal(records_insert(f->db, &career_kind, &c), 0);
    f->career = c.id;
    struct family_record fam = {
        .person_id = p.id, .relation = "10", .name = "李某", .id_number = SPOUSE_ID};
    assert_int_equal(records_insert(f->db, &family_kind, &fam), 0);
    f->family = fam.id;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    arena_free(f->arena);
    testdb_remove(f->dir, f->path, f->db);
    free(f);
    return 0;
}

/* Every column of every row of `table` whose `key` is `id`, as text with
 * its SQLite type: the file as the database holds it. Returns owned text. */
static void dump_table(struct db *db, const char *table, const char *key, long long id,
                       struct strbuf *out)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE %s = ? ORDER BY 1", table, key);
    struct db_stmt *st;
    assert_int_equal(db_prepare(db, sql, &st), 0);
    db_bind_int(st, 1, id);
    while (db_step(st) == DB_ROW) {
        strbuf_printf(out, "%s:", table);
        for (int c = 0; c < db_column_count(st); c++)
            strbuf_printf(out, " %s=%s", db_column_name(st, c),
                          db_column_is_null(st, c) ? "NULL" : db_column_text(st, c));
        strbuf_puts(out, "\n");
    }
    db_finalize(st);
    /* The types too: an INTEGER column must hold an integer again. */
    snprintf(sql, sizeof sql, "SELECT typeof(%s) FROM %s WHERE %s = ? ORDER BY 1", key, table, key);
    assert_int_equal(db_prepare(db, sql, &st), 0);
    db_bind_int(st, 1, id);
    while (db_step(st) == DB_ROW)
        strbuf_printf(out, "%s.%s is %s\n", table, key, db_column_text(st, 0));
    db_finalize(st);
}

static char *dump_person(struct db *db, long long id)
{
    static const char *const tables[][2] = {
        {"people", "id"},           {"career", "person_id"},
        {"education", "person_id"}, {"assessments", "person_id"},
        {"rewards", "person_id"},   {"punishments", "person_id"},
        {"family", "person_id"},    {"training", "person_id"},
        {"users", "person_id"}};
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
        dump_table(db, tables[i][0], tables[i][1], id, &sb);
    char *s = strdup(strbuf_str(&sb));
    strbuf_release(&sb);
    return s;
}

static void test_person_out_and_back_byte_for_byte(void **state)
{
    struct fixture *f = *state;
    char link[200];
    snprintf(link, sizeof link,
             "INSERT INTO users (username, password_hash, person_id, created_at, updated_at)"
             " VALUES ('self1', 'x', %lld, 'a', 'b')",
             f->person);
    assert_int_equal(db_exec(f->db, link), 0);
    char *before = dump_person(f->db, f->person);
    assert_non_null(strstr(before, "career:"));
    assert_non_null(strstr(before, "family:"));
    assert_non_null(strstr(before, "users:"));

    long long bin;
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(
        recycle_person(f->db, f->person, "张三（回收测试处）", "重复录入", &first, today, &bin), 0);
    assert_int_equal(db_commit(f->db), 0);
    struct person_view v;
    assert_int_equal(people_get(f->db, f->person, f->arena, &v), ERR_NOT_FOUND);
    char *gone = dump_person(f->db, f->person);
    assert_string_equal(gone, "");
    free(gone);

    struct recycle_item *items;
    size_t n;
    long long total;
    assert_int_equal(recycle_list(f->db, "person", 0, 20, f->arena, &items, &n, &total), 0);
    assert_int_equal(total, 1);
    assert_int_equal(items[0].object_id, f->person);
    assert_string_equal(items[0].reason, "重复录入");
    assert_string_equal(items[0].deleted_by_name, "renshi");
    assert_string_equal(items[0].purge_after, "2027-06-05"); /* 180 days */
    assert_int_equal(items[0].rows, 3);
    long long found;
    assert_int_equal(recycle_find(f->db, "person", f->person, &found), 0);
    assert_int_equal(found, bin);

    const char *why;
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(recycle_restore(f->db, bin, &why), 0);
    assert_int_equal(db_commit(f->db), 0);
    char *after = dump_person(f->db, f->person);
    assert_string_equal(after, before);
    free(after);
    free(before);
    assert_int_equal(recycle_get(f->db, bin, f->arena, &items[0], NULL), ERR_NOT_FOUND);
    assert_int_equal(people_get(f->db, f->person, f->arena, &v), 0);
}

static void test_restore_refusals(void **state)
{
    struct fixture *f = *state;
    long long rec_bin, person_bin;
    const char *why;
    assert_int_equal(recycle_record(f->db, &career_kind, f->person, f->career, "任职经历：张三",
                                    NULL, &first, today, &rec_bin),
                     0);
    /* A record of another person is not found. */
    long long other;
    assert_int_equal(recycle_record(f->db, &family_kind, f->person + 1, f->family, "x", NULL,
                                    &first, today, &other),
                     ERR_NOT_FOUND);
    assert_int_equal(recycle_person(f->db, f->person, "张三", "测试", &first, today, &person_bin),
                     0);
    /* The record cannot come back while its person is in the bin. */
    assert_int_equal(recycle_restore(f->db, rec_bin, &why), ERR_CONFLICT);
    assert_non_null(strstr(why, "先恢复该干部"));
    /* The ID number was taken by a new entry: the person cannot come back as it was. */
    struct person p = {.name = "张三",
                       .gender = "1",
                       .birth_date = {1980, 1, 1},
                       .id_number = ID_NUMBER,
                       .status = "1"};
    assert_int_equal(people_insert(f->db, &p), 0);
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(recycle_restore(f->db, person_bin, &why), ERR_CONFLICT);
    db_rollback(f->db);
    assert_non_null(strstr(why, "占用"));
    assert_int_equal(people_delete(f->db, p.id), 0);
    assert_int_equal(recycle_restore(f->db, person_bin, &why), 0);
    assert_int_equal(recycle_restore(f->db, rec_bin, &why), 0);
    struct career_record c;
    assert_int_equal(records_get(f->db, &career_kind, f->person, f->career, f->arena, &c), 0);
    assert_string_equal(c.title, "副处长");
    struct person_view v;
    assert_int_equal(people_get(f->db, f->person, f->arena, &v), 0);
    assert_string_equal(v.current_post_title, "副处长");
}

static void test_units(void **state)
{
    struct fixture *f = *state;
    long long bin;
    const char *why;
    /* In use: refused, and the caller's rollback takes the bin row back. */
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(recycle_unit(f->db, f->unit, "回收测试处", NULL, &first, today, &bin, &why),
                     ERR_CONFLICT);
    db_rollback(f->db);
    assert_non_null(strstr(why, "干部"));
    struct recycle_item *items;
    size_t n;
    long long total;
    assert_int_equal(recycle_list(f->db, NULL, 0, 20, f->arena, &items, &n, &total), 0);
    assert_int_equal(total, 0);

    struct strbuf was = STRBUF_INIT, now = STRBUF_INIT;
    dump_table(f->db, "units", "id", f->spare, &was);
    dump_table(f->db, "unit_establishment", "unit_id", f->spare, &was);
    assert_int_equal(recycle_unit(f->db, f->spare, "空处", "撤并", &first, today, &bin, &why), 0);
    assert_false(units_exists(f->db, f->spare));
    assert_int_equal(recycle_list(f->db, "unit", 0, 20, f->arena, &items, &n, &total), 0);
    assert_int_equal(total, 1);
    assert_int_equal(items[0].rows, 2);
    assert_int_equal(recycle_restore(f->db, bin, &why), 0);
    dump_table(f->db, "units", "id", f->spare, &now);
    dump_table(f->db, "unit_establishment", "unit_id", f->spare, &now);
    assert_string_equal(strbuf_str(&now), strbuf_str(&was));
    strbuf_release(&was);
    strbuf_release(&now);
}

static void test_purge_rules(void **state)
{
    struct fixture *f = *state;
    long long bin;
    const char *why;
    assert_int_equal(recycle_person(f->db, f->person, "张三", "测试", &first, today, &bin), 0);
    /* No request yet; then a request before the retention ends. */
    assert_int_equal(recycle_purge_approve(f->db, bin, &second, today, &why), ERR_CONFLICT);
    assert_non_null(strstr(why, "申请"));
    assert_int_equal(recycle_purge_request(f->db, bin, &first, "误录", today, &why), ERR_CONFLICT);
    assert_non_null(strstr(why, "2027-06-05"));
    const struct date later = {2027, 6, 5};
    assert_int_equal(recycle_purge_request(f->db, bin, &first, "误录", later, &why), 0);
    assert_int_equal(recycle_purge_request(f->db, bin, &second, NULL, later, &why), ERR_CONFLICT);
    /* The requester may not approve; another account may. */
    assert_int_equal(recycle_purge_approve(f->db, bin, &first, later, &why), ERR_CONFLICT);
    assert_non_null(strstr(why, "另一个账号"));
    struct recycle_item it;
    assert_int_equal(recycle_get(f->db, bin, f->arena, &it, NULL), 0);
    assert_int_equal(it.purge_requested_by, first.user_id);
    assert_string_equal(it.purge_reason, "误录");
    assert_int_equal(recycle_purge_approve(f->db, bin, &second, later, &why), 0);
    assert_int_equal(recycle_get(f->db, bin, f->arena, &it, NULL), ERR_NOT_FOUND);
    assert_int_equal(recycle_restore(f->db, bin, &why), ERR_NOT_FOUND);
}

static void test_retention_setting(void **state)
{
    struct fixture *f = *state;
    int days;
    assert_int_equal(recycle_retention_days(f->db, &days), 0);
    assert_int_equal(days, RECYCLE_RETENTION_DAYS_DEFAULT);
    assert_int_equal(recycle_set_retention_days(f->db, 29), ERR_INVALID);
    assert_int_equal(recycle_set_retention_days(f->db, 30), 0);
    assert_int_equal(recycle_retention_days(f->db, &days), 0);
    assert_int_equal(days, 30);
    long long bin;
    assert_int_equal(recycle_person(f->db, f->person, "张三", "测试", &first, today, &bin), 0);
    struct recycle_item it;
    assert_int_equal(recycle_get(f->db, bin, f->arena, &it, NULL), 0);
    assert_string_equal(it.purge_after, "2027-01-06");
}

static void test_audit_image_masks(void **state)
{
    struct fixture *f = *state;
    long long bin;
    assert_int_equal(recycle_person(f->db, f->person, "张三", "测试", &first, today, &bin), 0);
    struct recycle_item it;
    const char *rows;
    assert_int_equal(recycle_get(f->db, bin, f->arena, &it, &rows), 0);
    /* The bin row itself keeps the ID numbers (restorable)... */
    assert_non_null(strstr(rows, ID_NUMBER));
    assert_non_null(strstr(rows, SPOUSE_ID));
    /* ...the audit image masks them and the phone. */
    json_t *image = recycle_audit_image(rows);
    assert_non_null(image);
    char *text = json_dumps(image, JSON_COMPACT);
    assert_null(strstr(text, ID_NUMBER));
    assert_null(strstr(text, SPOUSE_ID));
    assert_null(strstr(text, "13812345678"));
    assert_non_null(strstr(text, "张三"));
    assert_non_null(strstr(text, "副处长"));
    free(text);
    json_decref(image);
    assert_null(recycle_audit_image("not json"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_person_out_and_back_byte_for_byte, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restore_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_units, setup, teardown),
        cmocka_unit_test_setup_teardown(test_purge_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_retention_setting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_image_masks, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
