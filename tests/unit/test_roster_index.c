/* test_roster_index.c — the in-memory roster index against the SQL path it
 * replaces: a real database of a few hundred varied people (month-precision
 * birth dates, NULL ranks and parties, units in a tree, pinyin, mixed-case
 * names), thousands of filter × sort × page combinations compared id by id
 * and total by total, and staleness: every kind of write is seen by the
 * next list, also a write through another connection; thousands of random
 * person writes applied in place (and compacted) agree with SQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/records.h"
#include "store/people.h"
#include "store/roster_index.h"
#include "store/store.h"
#include "store/units.h"
#include "util/arena.h"
#include "util/err.h"
#include "testdb.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define NPEOPLE 360

struct fixture {
    char dir[64];
    char path[96];
    struct db *db;
    struct arena *arena;
    long long units[8];
    long long ids[NPEOPLE];
};

/* Deterministic pseudo-random numbers (the data must be the same each run). */
static unsigned long long rng_state;

static unsigned rnd(unsigned n)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((rng_state >> 33) % n);
}

static long long add_unit(struct db *db, long long parent, const char *name, int sort)
{
    struct unit u = {.parent_id = parent, .name = name, .kind = "2", .sort = sort};
    assert_int_equal(units_insert(db, &u, NULL, 0), 0);
    return u.id;
}

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨",   "赵",   "黄", "周",
                                       "吴", "徐", "孙", "胡", "朱", "欧阳", "司马", "丁", "万"};
static const char *const given[] = {"伟", "芳", "娜", "敏",   "静",   "丽",   "强", "磊", "军",
                                    "洋", "勇", "艳", "杰",   "娟",   "涛",   "明", "超", "秀",
                                    "霞", "平", "刚", "桂英", "建国", "晓东", ""};
/* Names a search may match by letters or by LIKE in either case. */
static const char *const odd_names[] = {"Anna李", "ANNA",  "anna王", "Zhang三",
                                        "李_明",  "王%五", "李 明",  "x"};

static const char *const ranks[] = {"04", "06", "08", "10", "11"};
static const char *const posts[] = {"1", "2", "3"};
static const char *const educations[] = {"11", "21", "31"};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (testdb_open(f->dir, f->path, "rindex", &f->db) != 0)
        return -1;
    f->arena = arena_new();
    roster_index_reset();
    rng_state = 7;
    assert_int_equal(db_begin(f->db), 0);
    /* 厅 ⊃ 办公室 ⊃ 综合科, 秘书科; 厅 ⊃ 人事处; 直属 ⊃ 中心 ⊃ 综合科 (the
     * same name under another parent, and equal sorts, for the unit order). */
    f->units[0] = add_unit(f->db, 0, "厅机关", 1);
    f->units[1] = add_unit(f->db, f->units[0], "办公室", 2);
    f->units[2] = add_unit(f->db, f->units[1], "综合科", 3);
    f->units[3] = add_unit(f->db, f->units[1], "秘书科", 3);
    f->units[4] = add_unit(f->db, f->units[0], "人事处", 2);
    f->units[5] = add_unit(f->db, 0, "直属单位", 1);
    f->units[6] = add_unit(f->db, f->units[5], "中心", 0);
    f->units[7] = add_unit(f->db, f->units[6], "综合科", 3);
    for (int i = 0; i < NPEOPLE; i++) {
        char name[64], id_number[32];
        if (i % 45 == 0)
            snprintf(name, sizeof name, "%s", odd_names[(i / 45) % N(odd_names)]);
        else
            snprintf(name, sizeof name, "%s%s%s", surnames[rnd(N(surnames))], given[rnd(N(given))],
                     rnd(3) ? given[rnd(N(given))] : "");
        struct date birth = {1958 + (int)rnd(45), 1 + (int)rnd(12), rnd(5) ? 1 + (int)rnd(28) : 0};
        if (i % 30 == 1) /* birthdays on the age bounds of 2026-06-15 */
            birth = (struct date){1986 - (int)rnd(3) * 5, 6, 14 + (int)rnd(3)};
        if (i % 30 == 2)
            birth = (struct date){1976 + (int)rnd(3) * 5, 6, 0};
        snprintf(id_number, sizeof id_number, "%s%04d%02d%02d%03d%c", rnd(2) ? "110101" : "320102",
                 birth.year, birth.month, birth.day ? birth.day : 1, i,
                 rnd(10) ? '0' + (char)rnd(10) : 'X');
        struct person p = {.name = name,
                           .gender = rnd(2) ? "1" : "2",
                           .birth_date = birth,
                           .ethnicity = rnd(6) ? (rnd(3) ? "01" : "02") : NULL,
                           .party = rnd(4) ? (rnd(2) ? "01" : "13") : NULL,
                           .id_number = rnd(8) ? id_number : NULL,
                           .status = rnd(5) ? "1" : "2",
                           .unit_id = rnd(9) ? f->units[rnd(N(f->units))] : 0};
        if (rnd(3))
            p.work_start_date = (struct date){birth.year + 22, 7, rnd(3) ? 1 : 0};
        if (p.party && rnd(4))
            p.party_join_date = (struct date){birth.year + 20 + (int)rnd(5), 1 + (int)rnd(12), 1};
        assert_int_equal(people_insert(f->db, &p), 0);
        f->ids[i] = p.id;
    }
    /* The derived columns and created_at straight in SQL: the index reads
     * them as they are stored, whatever wrote them. */
    for (int i = 0; i < NPEOPLE; i++) {
        char sql[512];
        int r = (int)rnd(7), post = (int)rnd(5), edu = (int)rnd(4);
        snprintf(sql, sizeof sql,
                 "UPDATE people SET current_rank = %s%s%s, current_rank_order = %s,"
                 " current_post_level = %s%s%s, current_post_order = %s,"
                 " education = %s%s%s, education_order = %s,"
                 " created_at = '2026-0%d-1%dT0%d:00:00Z' WHERE id = %lld",
                 r < 5 ? "'" : "", r < 5 ? ranks[r] : "NULL", r < 5 ? "'" : "",
                 r < 5 ? (const char *[]){"1", "3", "5", "7", "8"}[r] : "NULL", post < 3 ? "'" : "",
                 post < 3 ? posts[post] : "NULL", post < 3 ? "'" : "",
                 post < 3 ? (const char *[]){"2", "4", "6"}[post] : "NULL", edu < 3 ? "'" : "",
                 edu < 3 ? educations[edu] : "NULL", edu < 3 ? "'" : "",
                 edu < 3 ? (const char *[]){"1", "2", "3"}[edu] : "NULL", 1 + (int)rnd(3),
                 (int)rnd(3), (int)rnd(3), f->ids[i]);
        assert_int_equal(db_exec(f->db, sql), 0);
    }
    assert_int_equal(roster_index_bump(f->db), 0);
    assert_int_equal(db_commit(f->db), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    roster_index_reset();
    arena_free(f->arena);
    testdb_remove(f->dir, f->path, f->db);
    free(f);
    return 0;
}

static const char *const searches[] = {
    NULL,   "zh",   "Z",   "w",    "wj",     "zhang", "li",     "OY",      "anna", "x",     "11",
    "1101", "3201", "x1",  "张",   "Anna李", "na",    "李 明",  "_",       "%",    "  wa ", "欧阳",
    "明",   "sm",   "zzz", "ANNA", "a",      "9",     "ANNA李", "zHANG三", "nA王"};
static const char *const sort_names[] = {
    "strokes",         "pinyin",          "name",       "birth_date", "age",
    "gender",          "ethnicity",       "party",      "unit",       "id",
    "work_start_date", "party_join_date", "created_at", "rank",       "post_level",
    "education"};
static const char *const code_values[] = {NULL, "",   "1",  "2",  "4",  "01",
                                          "03", "05", "13", "04", "10", "99"};
static const int ages[][2] = {{-1, -1}, {30, 40}, {0, 25},  {45, -1},
                              {-1, 35}, {50, 60}, {40, 40}, {0, 0}};

/* Compares people_list (the index) with people_list_sql for `flt`, and the
 * index's own answer, id by id. */
static void compare(struct fixture *f, const struct people_filter *flt, const char *what)
{
    struct person_view *a_rows, *b_rows;
    size_t an, bn;
    long long at, bt;
    int arc = people_list(f->db, flt, f->arena, &a_rows, &an, &at);
    int brc = people_list_sql(f->db, flt, f->arena, &b_rows, &bn, &bt);
    bool ok = arc == brc && an == bn && at == bt;
    for (size_t i = 0; ok && i < an; i++)
        ok = a_rows[i].person.id == b_rows[i].person.id &&
             strcmp(a_rows[i].person.name, b_rows[i].person.name) == 0;
    if (!ok) {
        print_error("%s: index rc %d n %zu total %lld; sql rc %d n %zu total %lld\n", what, arc, an,
                    at, brc, bn, bt);
        for (size_t i = 0; i < an || i < bn; i++)
            print_error("  %2zu: %lld %s | %lld %s\n", i, i < an ? a_rows[i].person.id : 0,
                        i < an ? a_rows[i].person.name : "", i < bn ? b_rows[i].person.id : 0,
                        i < bn ? b_rows[i].person.name : "");
        fail();
    }
}

static void describe(const struct people_filter *q, char *buf, size_t size)
{
    snprintf(buf, size,
             "q=%s unit=%lld sub=%d status=%s gender=%s eth=%s party=%s rank=%s post=%s edu=%s"
             " age=%d..%d sort=%s page=%d per_page=%d",
             q->q ? q->q : "-", q->unit_id, q->include_sub, q->status ? q->status : "-",
             q->gender ? q->gender : "-", q->ethnicity ? q->ethnicity : "-",
             q->party ? q->party : "-", q->rank ? q->rank : "-",
             q->post_level ? q->post_level : "-", q->education ? q->education : "-", q->age_min,
             q->age_max, q->sort ? q->sort : "-", q->page, q->per_page);
}

static struct people_filter base(void)
{
    return (struct people_filter){
        .age_min = -1, .age_max = -1, .today = {2026, 6, 15}, .page = 1, .per_page = 20};
}

/* The index is really in use (not everything silently on SQL). */
static void test_index_answers(void **state)
{
    struct fixture *f = *state;
    struct people_filter q = base();
    compare(f, &q, "first list builds the index");
    long long version;
    assert_int_equal(roster_index_version(f->db, &version), 0);
    struct roster_index *ix = roster_index_acquire(version);
    assert_non_null(ix);
    long long ids[20];
    size_t n;
    long long total;
    assert_int_equal(roster_index_query(ix, version, &q, ids, &n, &total), 0);
    assert_int_equal(total, NPEOPLE);
    assert_int_equal(n, 20);
    /* What it leaves to SQL. */
    q.per_page = 0;
    assert_int_equal(roster_index_query(ix, version, &q, ids, &n, &total), ERR_INVALID);
    q = base();
    q.sort = "nonsense";
    assert_int_equal(roster_index_query(ix, version, &q, ids, &n, &total), ERR_INVALID);
    q = base();
    q.age_min = 30;
    q.today = (struct date){0, 0, 0};
    assert_int_equal(roster_index_query(ix, version, &q, ids, &n, &total), ERR_INVALID);
    q = base();
    q.q = "\xe5\xbc";
    assert_int_equal(roster_index_query(ix, version, &q, ids, &n, &total), ERR_INVALID);
    roster_index_release(ix);
    /* ...and people_list still gives SQL's answer and errors there. */
    q = base();
    q.sort = "nonsense";
    compare(f, &q, "unknown sort");
    q = base();
    q.per_page = 1001;
    compare(f, &q, "per_page too large");
    q = base();
    q.per_page = 0;
    compare(f, &q, "per_page 0");
}

/* Every sort, both directions, several pages, without and with a filter. */
static void test_every_sort_and_page(void **state)
{
    struct fixture *f = *state;
    char what[512];
    for (size_t s = 0; s < N(sort_names); s++)
        for (int desc = 0; desc < 2; desc++)
            for (int variant = 0; variant < 4; variant++) {
                char sort[40];
                snprintf(sort, sizeof sort, "%s%s", desc ? "-" : "", sort_names[s]);
                struct people_filter q = base();
                q.sort = sort;
                if (variant == 1)
                    q.gender = "2";
                if (variant == 2) {
                    q.unit_id = f->units[1];
                    q.include_sub = true;
                }
                if (variant == 3)
                    q.rank = "06";
                static const int pages[][2] = {{1, 20}, {2, 20}, {3, 7},   {1, 1000}, {19, 20},
                                               {40, 9}, {1, 1},  {360, 1}, {361, 1}};
                for (size_t p = 0; p < N(pages); p++) {
                    q.page = pages[p][0];
                    q.per_page = pages[p][1];
                    describe(&q, what, sizeof what);
                    compare(f, &q, what);
                }
            }
}

static long long total_of(struct fixture *f, const struct people_filter *q);

/* A scope of up to three units (some nested, some missing) and maybe a
 * person, or nobody at all. */
static void random_scope(struct fixture *f, struct people_scope *scope)
{
    memset(scope, 0, sizeof *scope);
    unsigned units = rnd(4);
    for (unsigned k = 0; k < units; k++)
        scope->unit_ids[scope->nunits++] = rnd(8) ? f->units[rnd(N(f->units))] : 999;
    if (rnd(2))
        scope->person_id = rnd(8) ? f->ids[rnd(NPEOPLE)] : 99999;
}

static int count_each(const struct person_view *v, void *arg)
{
    (void)v;
    (*(long long *)arg)++;
    return 0;
}

/* Unit scopes (store/people.h people_scope): the index and SQL agree, a
 * scope of one unit holds exactly that unit's subtree, a scope holds its
 * person, the empty scope nobody; people_each and people_get_in apply it. */
static void test_scopes(void **state)
{
    struct fixture *f = *state;
    char what[600];
    struct people_filter subtree = base();
    subtree.unit_id = f->units[0];
    subtree.include_sub = true;
    long long in_subtree = total_of(f, &subtree);
    struct people_scope one = {.unit_ids = {f->units[0]}, .nunits = 1};
    struct people_filter q = base();
    q.scope = &one;
    assert_int_equal(total_of(f, &q), in_subtree);
    compare(f, &q, "scope of one unit");
    long long each = 0;
    assert_int_equal(people_each(f->db, &q, count_each, &each), 0);
    assert_int_equal(each, in_subtree);
    /* Nobody: no units, no person. */
    struct people_scope nobody = {0};
    q.scope = &nobody;
    assert_int_equal(total_of(f, &q), 0);
    compare(f, &q, "empty scope");
    each = 0;
    assert_int_equal(people_each(f->db, &q, count_each, &each), 0);
    assert_int_equal(each, 0);
    /* One person (干部本人). */
    struct people_scope self = {.person_id = f->ids[17]};
    q.scope = &self;
    assert_int_equal(total_of(f, &q), 1);
    compare(f, &q, "self scope");
    struct person_view v;
    assert_int_equal(people_get_in(f->db, &self, f->ids[17], f->arena, &v), 0);
    assert_int_equal(people_get_in(f->db, &self, f->ids[18], f->arena, &v), ERR_NOT_FOUND);
    assert_int_equal(people_get_in(f->db, &nobody, f->ids[17], f->arena, &v), ERR_NOT_FOUND);
    assert_int_equal(people_get_in(f->db, NULL, f->ids[18], f->arena, &v), 0);
    /* people_get_in agrees with the list for every person and scope. */
    rng_state = 7;
    for (int i = 0; i < 40; i++) {
        struct people_scope scope;
        random_scope(f, &scope);
        struct people_filter all = base();
        all.scope = &scope;
        all.per_page = 1000;
        struct person_view *rows;
        size_t n;
        long long total;
        assert_int_equal(people_list(f->db, &all, f->arena, &rows, &n, &total), 0);
        for (size_t k = 0; k < NPEOPLE; k++) {
            bool listed = false;
            for (size_t r = 0; r < n && !listed; r++)
                listed = rows[r].person.id == f->ids[k];
            int rc = people_get_in(f->db, &scope, f->ids[k], f->arena, &v);
            assert_int_equal(rc, listed ? 0 : ERR_NOT_FOUND);
        }
        for (size_t u = 0; u < N(f->units); u++) {
            bool inside;
            assert_int_equal(people_scope_has_unit(f->db, &scope, f->units[u], &inside), 0);
            struct people_filter by_unit = all;
            by_unit.unit_id = f->units[u];
            by_unit.include_sub = false;
            /* A unit inside the scope: all its people are in the list. */
            struct people_filter unscoped = base();
            unscoped.unit_id = f->units[u];
            if (inside)
                assert_int_equal(total_of(f, &by_unit), total_of(f, &unscoped));
        }
        snprintf(what, sizeof what, "random scope %d (%zu units, person %lld)", i, scope.nunits,
                 scope.person_id);
        compare(f, &all, what);
    }
    /* More units than a scope may hold: refused, not widened. */
    struct people_scope big = {.nunits = PEOPLE_SCOPE_MAX_UNITS + 1};
    q.scope = &big;
    struct person_view *rows;
    size_t n;
    long long total;
    assert_int_equal(people_list(f->db, &q, f->arena, &rows, &n, &total), ERR_INVALID);
}

/* A random combination of every filter with a sort (into `sort`, 40
 * bytes) and a scope (into `scope`). */
static struct people_filter random_filter(struct fixture *f, struct people_scope *scope, char *sort)
{
    {
        struct people_filter q = base();
        if (rnd(2))
            q.q = searches[rnd(N(searches))];
        if (rnd(2)) {
            q.unit_id = rnd(10) ? f->units[rnd(N(f->units))] : 999;
            q.include_sub = rnd(2);
        }
        const char **codes[] = {&q.status, &q.gender,     &q.ethnicity, &q.party,
                                &q.rank,   &q.post_level, &q.education};
        for (size_t c = 0; c < N(codes); c++)
            if (!rnd(4))
                *codes[c] = code_values[rnd(N(code_values))];
        if (!rnd(5))
            q.rank = ranks[rnd(N(ranks))];
        if (!rnd(6))
            q.post_level = posts[rnd(N(posts))];
        if (!rnd(6))
            q.education = educations[rnd(N(educations))];
        if (rnd(2)) {
            const int *age = ages[rnd(N(ages))];
            q.age_min = age[0];
            q.age_max = age[1];
            if (!rnd(4))
                q.today = (struct date){2024, 2, 29};
        }
        memset(scope, 0, sizeof *scope);
        if (!rnd(3)) {
            random_scope(f, scope);
            q.scope = scope;
        }
        snprintf(sort, 40, "%s%s", rnd(2) ? "-" : "", sort_names[rnd(N(sort_names))]);
        q.sort = rnd(8) ? sort : NULL;
        q.page = rnd(3) ? 1 : 1 + (int)rnd(12);
        q.per_page = (int[]){1, 5, 20, 50, 1000}[rnd(5)];
        return q;
    }
}

/* Random combinations of every filter with every sort. */
static void test_filter_combinations(void **state)
{
    struct fixture *f = *state;
    char what[512], sort[40];
    rng_state = 42;
    for (int i = 0; i < 4000; i++) {
        struct people_scope scope;
        struct people_filter q = random_filter(f, &scope, sort);
        describe(&q, what, sizeof what);
        compare(f, &q, what);
    }
}

static long long total_of(struct fixture *f, const struct people_filter *q)
{
    struct person_view *rows;
    size_t n;
    long long total;
    assert_int_equal(people_list(f->db, q, f->arena, &rows, &n, &total), 0);
    return total;
}

/* Every write that can change a list bumps the version, and the next list
 * sees it: people, their derived columns, units, and another connection. */
static void test_writes_are_seen(void **state)
{
    struct fixture *f = *state;
    struct people_filter all = base();
    long long v0, v1;
    assert_int_equal(total_of(f, &all), NPEOPLE);
    assert_int_equal(roster_index_version(f->db, &v0), 0);

    struct person p = {.name = "新人", .gender = "1", .birth_date = {1990, 1, 1}, .status = "1"};
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(people_insert(f->db, &p), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_int_equal(roster_index_version(f->db, &v1), 0);
    assert_true(v1 != v0);
    assert_int_equal(total_of(f, &all), NPEOPLE + 1);
    struct people_filter q = base();
    q.q = "xinren";
    assert_int_equal(total_of(f, &q), 1);

    /* A write rolled back leaves the index as it was. */
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(people_delete(f->db, p.id), 0);
    db_rollback(f->db);
    assert_int_equal(total_of(f, &q), 1);

    p.name = "新名";
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(people_update(f->db, &p), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_int_equal(total_of(f, &q), 0);
    q.q = "xinming";
    assert_int_equal(total_of(f, &q), 1);

    /* A unit moved under another changes include_sub. */
    struct people_filter sub = base();
    sub.unit_id = f->units[0];
    sub.include_sub = true;
    long long before = total_of(f, &sub);
    struct people_filter moved = base();
    moved.unit_id = f->units[6];
    moved.include_sub = true;
    long long in_moved = total_of(f, &moved);
    assert_true(in_moved > 0);
    struct unit_node node;
    assert_int_equal(units_get(f->db, f->units[6], f->arena, &node), 0);
    struct unit u = node.unit;
    u.parent_id = f->units[0];
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(units_update(f->db, &u, NULL, 0), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_int_equal(total_of(f, &sub), before + in_moved);
    compare(f, &sub, "after moving a unit");

    /* Several person writes in one transaction bump the version once, and
     * the index applies them all. */
    long long v2, v3;
    assert_int_equal(roster_index_version(f->db, &v2), 0);
    struct person twins[2] = {
        {.name = "同批甲", .gender = "1", .birth_date = {1991, 2, 3}, .status = "1"},
        {.name = "同批乙", .gender = "2", .birth_date = {1992, 3, 4}, .status = "1"}};
    assert_int_equal(db_begin(f->db), 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(people_insert(f->db, &twins[i]), 0);
    twins[0].name = "同批丙";
    assert_int_equal(people_update(f->db, &twins[0]), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_int_equal(roster_index_version(f->db, &v3), 0);
    assert_int_equal(v3, v2 + 1);
    struct people_filter batch = base();
    batch.q = "tongpi";
    assert_int_equal(total_of(f, &batch), 2);
    compare(f, &batch, "after a transaction of three person writes");
    assert_int_equal(db_begin(f->db), 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(people_delete(f->db, twins[i].id), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_int_equal(total_of(f, &batch), 0);

    /* The derived columns (a career change refreshes them). */
    struct people_filter rank = base();
    rank.rank = "04";
    long long ranked = total_of(f, &rank);
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(db_exec(f->db, "INSERT INTO career (person_id, kind, rank, start_date)"
                                    " VALUES ((SELECT max(id) FROM people), 'rank', '04',"
                                    " '2020-01-01')"),
                     0);
    long long last;
    assert_int_equal(db_query_int(f->db, "SELECT max(id) FROM people", &last, 0), 0);
    assert_int_equal(people_refresh_derived(f->db, last), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_int_equal(total_of(f, &rank), ranked + 1);

    /* Another connection (another process, say the CLI importing). */
    struct db *other;
    char *msg = NULL;
    assert_int_equal(store_open(f->path, 0, &other, &msg), 0);
    struct person p2 = {.name = "外来", .gender = "2", .birth_date = {1985, 3, 0}, .status = "1"};
    assert_int_equal(db_begin(other), 0);
    assert_int_equal(people_insert(other, &p2), 0);
    assert_int_equal(db_commit(other), 0);
    db_close(other);
    q.q = "wl";
    compare(f, &q, "written by another connection");
    assert_int_equal(total_of(f, &all), NPEOPLE + 2);

    struct people_filter none = base();
    none.q = "waila";
    assert_int_equal(total_of(f, &none), 1);
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(people_delete(f->db, p2.id), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_int_equal(total_of(f, &none), 0);
    assert_int_equal(total_of(f, &all), NPEOPLE + 1);
}

/* A random person (valid codes, some that nobody in the setup has) into
 * `p`; `name` and `id_number` are its buffers (64 and 32 bytes), `serial`
 * keeps ID numbers apart. */
static void random_person(struct fixture *f, struct person *p, char *name, char *id_number,
                          int serial)
{
    snprintf(name, 64, "%s%s%s",
             rnd(10) ? surnames[rnd(N(surnames))] : odd_names[rnd(N(odd_names))],
             given[rnd(N(given))], rnd(3) ? given[rnd(N(given))] : "");
    struct date birth = {1958 + (int)rnd(45), 1 + (int)rnd(12), rnd(5) ? 1 + (int)rnd(28) : 0};
    /* Month 00: never one of the setup's ID numbers (ID numbers are unique). */
    snprintf(id_number, 32, "%s%04d%07d%c", rnd(2) ? "110101" : "320102", birth.year, serial,
             rnd(10) ? '0' + (char)rnd(10) : 'X');
    *p = (struct person){.name = name,
                         .gender = rnd(2) ? "1" : "2",
                         .birth_date = birth,
                         .ethnicity = rnd(6) ? (rnd(3)   ? "01"
                                                : rnd(2) ? "02"
                                                         : "05")
                                             : NULL,
                         .party = rnd(4) ? (rnd(2)   ? "01"
                                            : rnd(2) ? "13"
                                                     : "03")
                                         : NULL,
                         .id_number = rnd(8) ? id_number : NULL,
                         .status = rnd(5)   ? "1"
                                   : rnd(2) ? "2"
                                            : "4",
                         .unit_id = rnd(9) ? f->units[rnd(N(f->units))] : 0};
    if (rnd(3))
        p->work_start_date = (struct date){birth.year + 22, 7, rnd(3) ? 1 : 0};
    if (p->party && rnd(4))
        p->party_join_date = (struct date){birth.year + 20 + (int)rnd(5), 1 + (int)rnd(12), 1};
}

/* One random person write inside the open transaction: an insert (in
 * `inserts` of 10 draws, or always while fewer than 100 live), an update
 * (up to 9 of 10) or a delete, keeping `live` the ids that exist. */
static void random_write(struct fixture *f, long long *live, size_t *nlive, int serial,
                         unsigned inserts)
{
    char name[64], id_number[32];
    struct person p;
    random_person(f, &p, name, id_number, serial);
    unsigned op = rnd(10);
    if (op < inserts || *nlive < 100) {
        assert_int_equal(people_insert(f->db, &p), 0);
        live[(*nlive)++] = p.id;
    } else if (op < 9) {
        p.id = live[rnd((unsigned)*nlive)];
        assert_int_equal(people_update(f->db, &p), 0);
    } else {
        size_t k = rnd((unsigned)*nlive);
        assert_int_equal(people_delete(f->db, live[k]), 0);
        live[k] = live[--*nlive];
    }
}

#define WRITES 6000

/* Random person inserts, updates and deletes, a few per transaction, some
 * rolled back: after each commit the index answers at the new version
 * without a rebuild (applied in place, or compacted), and random filters
 * give SQL's answer. A reader holding the snapshot of before the writes
 * still gets that version's answer; a full rebuild at the end agrees. */
static void test_writes_in_place_random(void **state)
{
    struct fixture *f = *state;
    char what[600], sort[40];
    struct people_filter all = base();
    compare(f, &all, "the first list builds the index");
    static long long live[NPEOPLE + WRITES], saved[NPEOPLE + WRITES];
    size_t nlive = NPEOPLE;
    memcpy(live, f->ids, sizeof f->ids);

    /* A reader of the version before every write. */
    long long v_old;
    assert_int_equal(roster_index_version(f->db, &v_old), 0);
    struct roster_index *old = roster_index_acquire(v_old);
    assert_non_null(old);
    struct people_filter probe = base();
    probe.gender = "2";
    probe.sort = "-birth_date";
    probe.per_page = 50;
    long long old_ids[50], again_ids[50];
    size_t old_n, again_n;
    long long old_total, again_total;
    assert_int_equal(roster_index_query(old, v_old, &probe, old_ids, &old_n, &old_total), 0);

    rng_state = 1234;
    int writes = 0, serial = 0, tx = 0;
    struct roster_index *last = NULL;
    while (writes < WRITES) {
        size_t nsaved = nlive;
        memcpy(saved, live, nlive * sizeof *live);
        assert_int_equal(db_begin(f->db), 0);
        for (unsigned w = 1 + rnd(6); w > 0; w--, writes++) {
            random_write(f, live, &nlive, serial++, 3);
        }
        if (rnd(10) == 0) {
            db_rollback(f->db);
            nlive = nsaved;
            memcpy(live, saved, nlive * sizeof *live);
        } else {
            assert_int_equal(db_commit(f->db), 0);
        }
        long long v;
        assert_int_equal(roster_index_version(f->db, &v), 0);
        struct roster_index *ix = roster_index_acquire(v);
        if (!ix)
            fail_msg("transaction %d: the index did not take the writes in place", tx);
        last = ix;
        roster_index_release(ix);
        if (tx % 3 == 0) {
            struct people_scope scope;
            struct people_filter q = random_filter(f, &scope, sort);
            snprintf(what, sizeof what, "after transaction %d: ", tx);
            describe(&q, what + strlen(what), sizeof what - strlen(what));
            compare(f, &q, what);
        }
        tx++;
    }
    assert_int_equal(total_of(f, &all), (long long)nlive);
    /* 6,000 writes are more than the room for appends: compacted at least
     * once, so the snapshot is another one. */
    assert_true(last != old);
    assert_int_equal(roster_index_query(old, v_old, &probe, again_ids, &again_n, &again_total), 0);
    assert_int_equal(again_total, old_total);
    assert_int_equal(again_n, old_n);
    assert_memory_equal(again_ids, old_ids, old_n * sizeof *old_ids);
    roster_index_release(old);

    /* A full rebuild agrees with the index built write by write. */
    for (int i = 0; i < 300; i++) {
        struct people_scope scope;
        struct people_filter q = random_filter(f, &scope, sort);
        snprintf(what, sizeof what, "in place %d: ", i);
        describe(&q, what + strlen(what), sizeof what - strlen(what));
        compare(f, &q, what);
    }
    roster_index_reset();
    rng_state = 5;
    for (int i = 0; i < 300; i++) {
        struct people_scope scope;
        struct people_filter q = random_filter(f, &scope, sort);
        snprintf(what, sizeof what, "rebuilt %d: ", i);
        describe(&q, what + strlen(what), sizeof what - strlen(what));
        compare(f, &q, what);
    }
}

/* A reader thread: on its own connection, in one read transaction, the
 * index's total for everyone and for one gender must equal SQL's counts
 * at the same version, whatever the writer is applying meanwhile. */
struct reader {
    const char *path;
    atomic_bool *stop;
    long long checked, mismatches;
};

static void *reader_main(void *arg)
{
    struct reader *r = arg;
    struct db *db;
    char *msg = NULL;
    if (store_open(r->path, 0, &db, &msg) != 0) {
        r->mismatches = -1;
        free(msg);
        return NULL;
    }
    while (!atomic_load(r->stop)) {
        if (db_begin_read(db) != 0)
            continue;
        long long version, sql_all, sql_women;
        struct roster_index *ix = NULL;
        if (roster_index_version(db, &version) == 0)
            ix = roster_index_acquire(version);
        if (ix && db_query_int(db, "SELECT count(*) FROM people", &sql_all, 0) == 0 &&
            db_query_int(db, "SELECT count(*) FROM people WHERE gender = '2'", &sql_women, 0) ==
                0) {
            struct people_filter q = base();
            long long ids[20], total_all = -1, total_women = -1;
            size_t n;
            roster_index_query(ix, version, &q, ids, &n, &total_all);
            q.gender = "2";
            q.sort = "-pinyin";
            roster_index_query(ix, version, &q, ids, &n, &total_women);
            r->checked++;
            if (total_all != sql_all || total_women != sql_women)
                r->mismatches++;
        }
        roster_index_release(ix);
        db_rollback(db);
    }
    db_close(db);
    return NULL;
}

/* Two reader threads query the snapshot while this thread writes (updates
 * that flip genders, inserts, deletes) through compactions: no reader ever
 * sees a half-applied write. */
static void test_readers_never_see_half_a_write(void **state)
{
    struct fixture *f = *state;
    struct people_filter all = base();
    compare(f, &all, "the first list builds the index");
    atomic_bool stop = false;
    struct reader readers[2] = {{f->path, &stop, 0, 0}, {f->path, &stop, 0, 0}};
    pthread_t threads[2];
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, reader_main, &readers[i]), 0);
    rng_state = 77;
    static long long live[NPEOPLE + 4000];
    size_t nlive = NPEOPLE;
    memcpy(live, f->ids, sizeof f->ids);
    for (int w = 0; w < 4000; w++) {
        assert_int_equal(db_begin(f->db), 0);
        random_write(f, live, &nlive, w, 2);
        assert_int_equal(db_commit(f->db), 0);
    }
    atomic_store(&stop, true);
    for (int i = 0; i < 2; i++) {
        pthread_join(threads[i], NULL);
        assert_int_equal(readers[i].mismatches, 0);
    }
    /* The readers really read the index (not skipped every time). */
    print_message("readers checked %lld and %lld versions\n", readers[0].checked,
                  readers[1].checked);
    assert_true(readers[0].checked + readers[1].checked > 0);
    compare(f, &all, "after the writes");
}

/* Inside a writer's transaction the list sees the uncommitted write (the
 * version differs, so SQL answers), and no index is built from it. */
static void test_list_inside_write_transaction(void **state)
{
    struct fixture *f = *state;
    struct people_filter all = base();
    assert_int_equal(total_of(f, &all), NPEOPLE);
    assert_int_equal(db_begin(f->db), 0);
    struct person p = {.name = "暂存", .gender = "1", .birth_date = {1990, 1, 1}, .status = "1"};
    assert_int_equal(people_insert(f->db, &p), 0);
    assert_int_equal(total_of(f, &all), NPEOPLE + 1);
    db_rollback(f->db);
    assert_int_equal(total_of(f, &all), NPEOPLE);
    compare(f, &all, "after the rollback");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_index_answers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_sort_and_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_filter_combinations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writes_are_seen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scopes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_inside_write_transaction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writes_in_place_random, setup, teardown),
        cmocka_unit_test_setup_teardown(test_readers_never_see_half_a_write, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
