/* test_store_units.c — the unit tree, headcounts, establishment against
 * filled posts, re-parenting, deleting and finding units, on a real SQLite
 * file. */
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
#include "store/store.h"
#include "store/units.h"
#include "util/arena.h"
#include "util/err.h"
#include "testdb.h"

struct fixture {
    char dir[64];
    char path[96];
    struct db *db;
    struct arena *arena;
    /* 厅机关 > {人事处, 办公室 > 综合科}; 直属单位 */
    long long office_hq, personnel, general_office, section, affiliated;
};

static long long add_unit(struct db *db, long long parent, const char *name, long long sort)
{
    struct unit u = {.parent_id = parent, .name = name, .kind = "2", .sort = sort};
    assert_int_equal(units_insert(db, &u, NULL, 0), 0);
    assert_true(u.id > 0);
    return u.id;
}

static long long add_person(struct db *db, const char *name, long long unit, const char *status)
{
    struct person p = {
        .name = name, .gender = "1", .birth_date = {1980, 1, 1}, .unit_id = unit, .status = status};
    assert_int_equal(people_insert(db, &p), 0);
    return p.id;
}

static long long add_post(struct db *db, long long person, long long unit, const char *level,
                          bool ended, bool concurrent)
{
    struct career_record r = {.person_id = person,
                              .kind = "post",
                              .unit_id = unit,
                              .title = "职务",
                              .post_level = level,
                              .start_date = {2020, 1, 1},
                              .end_date = ended ? (struct date){2022, 1, 1} : DATE_NONE,
                              .concurrent = concurrent};
    assert_int_equal(records_insert(db, &career_kind, &r), 0);
    return r.id;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (testdb_open(f->dir, f->path, "units", &f->db) != 0)
        return -1;
    f->arena = arena_new();
    /* Inserted out of order, so that the tree's order comes from `sort`. */
    f->affiliated = add_unit(f->db, 0, "直属单位", 2);
    f->office_hq = add_unit(f->db, 0, "厅机关", 1);
    f->general_office = add_unit(f->db, f->office_hq, "办公室", 2);
    f->personnel = add_unit(f->db, f->office_hq, "人事处", 1);
    f->section = add_unit(f->db, f->general_office, "综合科", 0);
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

static const struct unit_establishment *find_level(const struct unit_node *n, const char *level)
{
    for (size_t i = 0; i < n->nestablishment; i++)
        if (strcmp(n->establishment[i].post_level, level) == 0)
            return &n->establishment[i];
    return NULL;
}

/* Staff for the headcount and establishment tests: 3 in 厅机关, 2 (+1
 * retired) in 办公室, 1 in 综合科; posts in 办公室. */
static void staff(struct fixture *f)
{
    struct unit u;
    memset(&u, 0, sizeof u);
    const struct unit_establishment est[] = {{"5B", 2, 0}, {"5A", 1, 0}};
    struct unit_node node;
    assert_int_equal(units_get(f->db, f->general_office, f->arena, &node), 0);
    u = node.unit;
    assert_int_equal(units_update(f->db, &u, est, 2), 0);

    for (int i = 0; i < 3; i++)
        add_person(f->db, "厅领导", f->office_hq, "1");
    long long a = add_person(f->db, "甲", f->general_office, "1");
    long long b = add_person(f->db, "乙", f->general_office, "1");
    long long retired = add_person(f->db, "丙", f->general_office, "2");
    long long c = add_person(f->db, "丁", f->section, "1");
    add_post(f->db, a, f->general_office, "5B", false, false); /* filled */
    add_post(f->db, b, f->general_office, "5B", false, true);  /* concurrent: not counted */
    add_post(f->db, b, f->general_office, "5A", true, false);  /* ended: not counted */
    add_post(f->db, c, f->general_office, "6A", false, false); /* no establishment */
    (void)retired;
}

static void test_tree_order_headcount_establishment(void **state)
{
    struct fixture *f = *state;
    staff(f);
    struct unit_node **roots;
    size_t nroots;
    assert_int_equal(units_tree(f->db, f->arena, &roots, &nroots), 0);
    assert_int_equal(nroots, 2);
    assert_string_equal(roots[0]->unit.name, "厅机关");
    assert_string_equal(roots[1]->unit.name, "直属单位");
    struct unit_node *hq = roots[0];
    assert_int_equal(hq->nchildren, 2);
    assert_string_equal(hq->children[0]->unit.name, "人事处");
    assert_string_equal(hq->children[1]->unit.name, "办公室");
    struct unit_node *office = hq->children[1];
    assert_int_equal(office->nchildren, 1);
    assert_string_equal(office->children[0]->unit.name, "综合科");
    assert_int_equal(office->unit.parent_id, f->office_hq);

    assert_int_equal(hq->headcount, 3);
    assert_int_equal(hq->headcount_total, 6);
    assert_int_equal(office->headcount, 2); /* the retired one is not in service */
    assert_int_equal(office->headcount_total, 3);
    assert_int_equal(office->children[0]->headcount_total, 1);
    assert_int_equal(roots[1]->headcount_total, 0);

    /* Highest level first; a filled level without establishment shows as 0. */
    assert_int_equal(office->nestablishment, 3);
    assert_string_equal(office->establishment[0].post_level, "5A");
    assert_string_equal(office->establishment[1].post_level, "5B");
    assert_string_equal(office->establishment[2].post_level, "6A");
    assert_int_equal(find_level(office, "5A")->count, 1);
    assert_int_equal(find_level(office, "5A")->filled, 0);
    assert_int_equal(find_level(office, "5B")->count, 2);
    assert_int_equal(find_level(office, "5B")->filled, 1);
    assert_int_equal(find_level(office, "6A")->count, 0);
    assert_int_equal(find_level(office, "6A")->filled, 1);
    assert_int_equal(hq->nestablishment, 0);
}

static void test_get_matches_tree(void **state)
{
    struct fixture *f = *state;
    staff(f);
    struct unit_node n;
    assert_int_equal(units_get(f->db, f->general_office, f->arena, &n), 0);
    assert_string_equal(n.unit.name, "办公室");
    assert_string_equal(n.unit.kind, "2");
    assert_int_equal(n.headcount, 2);
    assert_int_equal(n.headcount_total, 3);
    assert_int_equal(n.nestablishment, 3);
    assert_int_equal(find_level(&n, "5B")->filled, 1);
    assert_int_equal(n.nchildren, 0);
    assert_int_equal(units_get(f->db, f->office_hq, f->arena, &n), 0);
    assert_int_equal(n.headcount_total, 6);
    assert_int_equal(units_get(f->db, 9999, f->arena, &n), ERR_NOT_FOUND);
    assert_true(units_exists(f->db, f->section));
    assert_false(units_exists(f->db, 9999));
}

static void test_insert_conflicts(void **state)
{
    struct fixture *f = *state;
    struct unit dup = {.parent_id = f->office_hq, .name = "办公室", .kind = "2"};
    assert_int_equal(units_insert(f->db, &dup, NULL, 0), ERR_CONFLICT);
    struct unit root_dup = {.name = "厅机关", .kind = "1"};
    assert_int_equal(units_insert(f->db, &root_dup, NULL, 0), ERR_CONFLICT);
    /* The same name under another parent is fine. */
    struct unit other = {
        .parent_id = f->affiliated, .name = "办公室", .kind = "2", .code = "Z01", .notes = "备注"};
    const struct unit_establishment est[] = {{"6A", 1, 99}};
    assert_int_equal(units_insert(f->db, &other, est, 1), 0);
    struct unit_node n;
    assert_int_equal(units_get(f->db, other.id, f->arena, &n), 0);
    assert_string_equal(n.unit.code, "Z01");
    assert_string_equal(n.unit.notes, "备注");
    assert_int_equal(n.unit.parent_id, f->affiliated);
    assert_int_equal(n.nestablishment, 1);
    assert_int_equal(n.establishment[0].count, 1);
    assert_int_equal(n.establishment[0].filled, 0); /* `filled` of the input ignored */
    struct unit orphan = {.parent_id = 9999, .name = "无主", .kind = "2"};
    assert_int_equal(units_insert(f->db, &orphan, NULL, 0), ERR_INVALID);
}

static void test_update_reparent_and_cycles(void **state)
{
    struct fixture *f = *state;
    struct unit_node n;
    assert_int_equal(units_get(f->db, f->office_hq, f->arena, &n), 0);
    struct unit hq = n.unit;
    /* Under its own grandchild, its child, or itself: cycles. */
    hq.parent_id = f->section;
    assert_int_equal(units_update(f->db, &hq, NULL, 0), ERR_CONFLICT);
    hq.parent_id = f->general_office;
    assert_int_equal(units_update(f->db, &hq, NULL, 0), ERR_CONFLICT);
    hq.parent_id = f->office_hq;
    assert_int_equal(units_update(f->db, &hq, NULL, 0), ERR_CONFLICT);
    assert_int_equal(units_get(f->db, f->office_hq, f->arena, &n), 0);
    assert_int_equal(n.unit.parent_id, 0);

    /* 综合科 moves under 人事处 and is renamed. */
    assert_int_equal(units_get(f->db, f->section, f->arena, &n), 0);
    struct unit sec = n.unit;
    sec.parent_id = f->personnel;
    sec.name = "干部科";
    sec.sort = 7;
    const struct unit_establishment est[] = {{"6A", 1, 0}, {"6B", 2, 0}};
    assert_int_equal(units_update(f->db, &sec, est, 2), 0);
    assert_int_equal(units_get(f->db, f->section, f->arena, &n), 0);
    assert_int_equal(n.unit.parent_id, f->personnel);
    assert_string_equal(n.unit.name, "干部科");
    assert_int_equal(n.unit.sort, 7);
    assert_int_equal(n.nestablishment, 2);
    /* NULL establishment keeps it; an empty one clears it. */
    assert_int_equal(units_update(f->db, &sec, NULL, 0), 0);
    assert_int_equal(units_get(f->db, f->section, f->arena, &n), 0);
    assert_int_equal(n.nestablishment, 2);
    const struct unit_establishment none[1] = {{"6A", 0, 0}};
    assert_int_equal(units_update(f->db, &sec, none, 0), 0);
    assert_int_equal(units_get(f->db, f->section, f->arena, &n), 0);
    assert_int_equal(n.nestablishment, 0);

    /* A sibling's name is taken. */
    sec.name = "办公室";
    sec.parent_id = f->office_hq;
    assert_int_equal(units_update(f->db, &sec, NULL, 0), ERR_CONFLICT);
    /* To a root. */
    sec.name = "干部科";
    sec.parent_id = 0;
    assert_int_equal(units_update(f->db, &sec, NULL, 0), 0);
    struct unit_node **roots;
    size_t nroots;
    assert_int_equal(units_tree(f->db, f->arena, &roots, &nroots), 0);
    assert_int_equal(nroots, 3);

    struct unit missing = {.id = 9999, .name = "无", .kind = "2"};
    assert_int_equal(units_update(f->db, &missing, NULL, 0), ERR_NOT_FOUND);
    sec.parent_id = 9999;
    assert_int_equal(units_update(f->db, &sec, NULL, 0), ERR_INVALID);
}

static void test_delete_refuses_while_referenced(void **state)
{
    struct fixture *f = *state;
    const char *why = NULL;
    assert_int_equal(units_delete(f->db, 9999, &why), ERR_NOT_FOUND);

    long long p1 = add_person(f->db, "甲", f->section, "1");
    long long p2 = add_person(f->db, "乙", f->section, "1");
    long long p3 = add_person(f->db, "丙", f->section, "2");
    assert_int_equal(units_delete(f->db, f->section, &why), ERR_CONFLICT);
    assert_non_null(why);
    assert_string_equal(why, "该单位下还有 3 名干部，不能删除");

    assert_int_equal(units_delete(f->db, f->office_hq, &why), ERR_CONFLICT);
    assert_string_equal(why, "该单位下还有 2 个下级单位，不能删除");

    /* A post record in 人事处 held by someone of another unit. */
    add_post(f->db, p1, f->personnel, "5A", true, false);
    assert_int_equal(units_delete(f->db, f->personnel, &why), ERR_CONFLICT);
    assert_string_equal(why, "还有 1 条任职经历记录在该单位，不能删除");

    /* Once everyone has left, it goes, with its establishment. */
    assert_int_equal(people_delete(f->db, p1), 0);
    assert_int_equal(people_delete(f->db, p3), 0);
    assert_int_equal(people_delete(f->db, p2), 0);
    assert_int_equal(units_delete(f->db, f->personnel, &why), 0); /* career went with p1 */

    struct unit_node n;
    assert_int_equal(units_get(f->db, f->section, f->arena, &n), 0);
    struct unit sec = n.unit;
    const struct unit_establishment est[] = {{"6A", 1, 0}};
    assert_int_equal(units_update(f->db, &sec, est, 1), 0);
    why = "unchanged";
    assert_int_equal(units_delete(f->db, f->section, &why), 0);
    assert_null(why);
    assert_false(units_exists(f->db, f->section));
    long long left = -1;
    assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM unit_establishment", &left, 0), 0);
    assert_int_equal(left, 0);

    /* A user's role scoped to the unit refers to it too. */
    assert_int_equal(db_exec(f->db, "INSERT INTO users (id, username, password_hash, created_at,"
                                    " updated_at) VALUES (1, 'u', 'h', 'x', 'x')"),
                     0);
    char sql[160];
    snprintf(sql, sizeof sql,
             "INSERT INTO user_roles (user_id, role, unit_id) VALUES (1, 'r', %lld)",
             f->affiliated);
    assert_int_equal(db_exec(f->db, sql), 0);
    assert_int_equal(units_delete(f->db, f->affiliated, &why), ERR_CONFLICT);
    assert_string_equal(why, "还有 1 个用户角色的管理范围是该单位，不能删除");
}

static void test_find_by_name_and_path(void **state)
{
    struct fixture *f = *state;
    long long id;
    assert_int_equal(units_find(f->db, "办公室", &id), 0);
    assert_int_equal(id, f->general_office);
    static const char *const paths[] = {"厅机关/办公室", "厅机关／办公室", "厅机关-办公室",
                                        " 厅机关 / 办公室 "};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        id = 0;
        assert_int_equal(units_find(f->db, paths[i], &id), 0);
        assert_int_equal(id, f->general_office);
    }
    assert_int_equal(units_find(f->db, "厅机关/办公室/综合科", &id), 0);
    assert_int_equal(id, f->section);
    /* A path that starts below a root. */
    assert_int_equal(units_find(f->db, "办公室/综合科", &id), 0);
    assert_int_equal(id, f->section);
    assert_int_equal(units_find(f->db, "厅机关/人事处/综合科", &id), ERR_NOT_FOUND);
    assert_int_equal(units_find(f->db, "人事处/综合科", &id), ERR_NOT_FOUND);
    assert_int_equal(units_find(f->db, "不存在", &id), ERR_NOT_FOUND);
    assert_int_equal(units_find(f->db, "", &id), ERR_NOT_FOUND);

    /* A second 办公室 makes the bare name ambiguous, the paths not. */
    long long other = add_unit(f->db, f->affiliated, "办公室", 0);
    assert_int_equal(units_find(f->db, "办公室", &id), ERR_CONFLICT);
    assert_int_equal(units_find(f->db, "直属单位/办公室", &id), 0);
    assert_int_equal(id, other);
    assert_int_equal(units_find(f->db, "厅机关/办公室", &id), 0);
    assert_int_equal(id, f->general_office);

    /* A name holding a separator is still found whole. */
    long long dashed = add_unit(f->db, f->affiliated, "第一-分中心", 0);
    assert_int_equal(units_find(f->db, "第一-分中心", &id), 0);
    assert_int_equal(id, dashed);
}

static void test_path(void **state)
{
    struct fixture *f = *state;
    assert_string_equal(units_path(f->db, f->section, f->arena), "厅机关/办公室/综合科");
    assert_string_equal(units_path(f->db, f->office_hq, f->arena), "厅机关");
    assert_null(units_path(f->db, 9999, f->arena));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tree_order_headcount_establishment, setup, teardown),
        cmocka_unit_test_setup_teardown(test_get_matches_tree, setup, teardown),
        cmocka_unit_test_setup_teardown(test_insert_conflicts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_update_reparent_and_cycles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delete_refuses_while_referenced, setup, teardown),
        cmocka_unit_test_setup_teardown(test_find_by_name_and_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
