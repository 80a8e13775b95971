/* test_store_people.c — the roster query: every filter, the sort orders
 * (姓氏笔画 against pinyin), paging totals, age bounds around birthdays,
 * sub-units; and saving people with their derived name keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/pinyin.h"
#include "core/records.h"
#include "store/people.h"
#include "store/records.h"
#include "store/store.h"
#include "store/units.h"
#include "util/arena.h"
#include "util/err.h"
#include "testdb.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The roster of every test. Strokes: 丁2 王4 李7(first stroke 横) 张7(折)
 * 欧8 赵9; pinyin: ding li ouyang wang zhang zhao — the two orders differ. */
enum { DING, WANG, ZHANG, LI, OUYANG, ZHAO, NPEOPLE };

static const struct {
    const char *name, *gender, *birth, *ethnicity, *party, *id_number, *status;
    int unit; /* index into fixture units */
} roster[NPEOPLE] = {
    [DING] = {"丁一", "2", "1990-01-01", "01", "01", "320102199001010024", "1", 3},
    [WANG] = {"王五", "1", "1980-06", "01", "13", "110101198006000017", "1", 0},
    [ZHANG] = {"张三", "1", "1980-06-15", "01", "01", "11010119800615001X", "1", 1},
    [LI] = {"李四", "2", "1980-06-16", "02", "01", "110101198006160028", "1", 2},
    [OUYANG] = {"欧阳娜娜", "2", "1984-02-29", "03", "03", "440101198402290021", "1", 3},
    [ZHAO] = {"赵六", "1", "1970-02-28", "01", "01", "110101197002280015", "2", 1},
};

struct fixture {
    char dir[64];
    char path[96];
    struct db *db;
    struct arena *arena;
    long long units[4]; /* 厅机关, 办公室 (in 厅机关), 综合科 (in 办公室), 直属单位 */
    long long ids[NPEOPLE];
};

static struct date D(int y, int m, int d) {
    return (struct date){y, m, d};
}

static struct date
iso(const char *s)
{
    struct date d;
    assert_int_equal(date_parse_iso(s, &d), 0);
    return d;
}

static long long add_unit(struct db *db, long long parent, const char *name)
{
    struct unit u = {.parent_id = parent, .name = name, .kind = "2"};
    assert_int_equal(units_insert(db, &u, NULL, 0), 0);
    return u.id;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (testdb_open(f->dir, f->path, "people", &f->db) != 0)
        return -1;
    f->arena = arena_new();
    f->units[0] = add_unit(f->db, 0, "厅机关");
    f->units[1] = add_unit(f->db, f->units[0], "办公室");
    f->units[2] = add_unit(f->db, f->units[1], "综合科");
    f->units[3] = add_unit(f->db, 0, "直属单位");
    for (int i = 0; i < NPEOPLE; i++) {
        struct person p = {.name = roster[i].name,
                           .gender = roster[i].gender,
                           .birth_date = iso(roster[i].birth),
                           .ethnicity = roster[i].ethnicity,
                           .party = roster[i].party,
                           .id_number = roster[i].id_number,
                           .status = roster[i].status,
                           .unit_id = f->units[roster[i].unit]};
        assert_int_equal(people_insert(f->db, &p), 0);
        f->ids[i] = p.id;
    }
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

static struct people_filter all(void)
{
    return (struct people_filter){.age_min = -1, .age_max = -1, .per_page = 0, .page = 1};
}

/* Runs `flt` and checks that exactly the people `want` (indexes into
 * roster, -1 terminated) come back, in that order. */
static void expect(struct fixture *f, const struct people_filter *flt, const int *want,
                   const char *context)
{
    struct person_view *rows;
    size_t n;
    long long total;
    int rc = people_list(f->db, flt, f->arena, &rows, &n, &total);
    if (rc != 0) {
        print_error("%s: people_list returned %d\n", context, rc);
        fail();
    }
    size_t nwant = 0;
    while (want[nwant] >= 0)
        nwant++;
    bool ok = n == nwant && total == (long long)nwant;
    for (size_t i = 0; ok && i < n; i++)
        ok = rows[i].person.id == f->ids[want[i]];
    if (!ok) {
        print_error("%s: got %zu rows (total %lld):", context, n, total);
        for (size_t i = 0; i < n; i++)
            print_error(" %s", rows[i].person.name);
        print_error("; want %zu:", nwant);
        for (size_t i = 0; i < nwant; i++)
            print_error(" %s", roster[want[i]].name);
        print_error("\n");
        fail();
    }
}

#define EXPECT(flt, ...) expect(f, &(flt), (const int[]){__VA_ARGS__}, #flt ": " #__VA_ARGS__)

static void test_search_box(void **state)
{
    struct fixture *f = *state;
    struct people_filter q = all();
    q.sort = "pinyin";
    q.q = "zhang";
    EXPECT(q, ZHANG, -1);
    q.q = "ZS";
    EXPECT(q, ZHANG, -1); /* initials, any case */
    q.q = "z";
    EXPECT(q, ZHANG, ZHAO, -1);
    q.q = "oyn";
    EXPECT(q, OUYANG, -1);
    q.q = "ouyangn";
    EXPECT(q, OUYANG, -1);
    q.q = "zhangsanfeng";
    EXPECT(q, -1);
    q.q = " li ";
    EXPECT(q, LI, -1);
    /* ID number prefix, a lower-case x taken as X. */
    q.q = "1101011980";
    EXPECT(q, LI, WANG, ZHANG, -1);
    q.q = "11010119800615001x";
    EXPECT(q, ZHANG, -1);
    q.q = "2";
    EXPECT(q, -1);
    /* Anything else: a substring of the name, wildcards literal. */
    q.q = "三";
    EXPECT(q, ZHANG, -1);
    q.q = "阳娜";
    EXPECT(q, OUYANG, -1);
    q.q = "%";
    EXPECT(q, -1);
    q.q = "_";
    EXPECT(q, -1);
    q.q = "张%";
    EXPECT(q, -1);
    q.q = "";
    EXPECT(q, DING, LI, OUYANG, WANG, ZHANG, ZHAO, -1);
    /* Four digits or more: the end of the ID number too. */
    q.q = "0028";
    EXPECT(q, LI, -1);
    q.q = "15001x";
    EXPECT(q, ZHANG, -1);
    q.q = "0021";
    EXPECT(q, OUYANG, -1);
    q.q = "028"; /* three: a prefix only */
    EXPECT(q, -1);
}

/* A surname read two ways in use is found by either reading; 长孙 is read
 * zhangsun first. The SQL and the roster index answer alike. */
static void test_search_other_reading(void **state)
{
    struct fixture *f = *state;
    const char *names[] = {"长孙无忌", "尉迟恭", "覃明"};
    long long ids[3];
    for (int i = 0; i < 3; i++) {
        struct person p = {
            .name = names[i], .gender = "1", .birth_date = D(1970, 1, 1), .status = "1"};
        assert_int_equal(people_insert(f->db, &p), 0);
        ids[i] = p.id;
    }
    static const struct {
        const char *q;
        int who; /* index into names, -1: none of them */
    } cases[] = {
        {"zhangsun", 0},   {"zswj", 0}, {"changsun", 0}, {"cswj", 0}, {"yuchi", 1}, {"ycg", 1},
        {"weichigong", 1}, {"wcg", 1},  {"qinming", 2},  {"tanm", 2}, {"tm", 2},    {"dm", -1},
    };
    for (size_t i = 0; i < N(cases); i++) {
        for (int via_sql = 0; via_sql < 2; via_sql++) {
            struct people_filter q = all();
            q.q = cases[i].q;
            struct person_view *rows;
            size_t n;
            long long total;
            int rc = via_sql ? people_list_sql(f->db, &q, f->arena, &rows, &n, &total)
                             : people_list(f->db, &q, f->arena, &rows, &n, &total);
            assert_int_equal(rc, 0);
            size_t hits = 0;
            for (size_t k = 0; k < n; k++)
                for (int w = 0; w < 3; w++)
                    if (rows[k].person.id == ids[w]) {
                        if (w != cases[i].who)
                            fail_msg("q=%s (%s) found %s", cases[i].q, via_sql ? "SQL" : "index",
                                     names[w]);
                        hits++;
                    }
            if (hits != (cases[i].who >= 0 ? 1u : 0u))
                fail_msg("q=%s (%s): %zu hits", cases[i].q, via_sql ? "SQL" : "index", hits);
        }
    }
}

/* Keys written by an older version (here: blanked, the version set back)
 * are rewritten by the next migrate, and only then. */
static void test_refresh_name_keys(void **state)
{
    struct fixture *f = *state;
    long long n = -1;
    assert_int_equal(people_refresh_name_keys(f->db, &n), 0);
    assert_int_equal(n, 0); /* current: nothing to do */
    assert_int_equal(db_exec(f->db, "UPDATE people SET name_pinyin = '', name_initials = '',"
                                    " name_strokes = '', name_pinyin_alt = 'x'"),
                     0);
    assert_int_equal(
        db_exec(f->db, "UPDATE settings SET value = '1' WHERE key = 'pinyin.keys_version'"), 0);
    char *msg = NULL;
    assert_int_equal(store_migrate(f->db, &msg), 0);
    free(msg);
    struct people_filter q = all();
    q.q = "ouyangn";
    EXPECT(q, OUYANG, -1);
    q.q = "x";
    EXPECT(q, -1);
    q.q = NULL;
    EXPECT(q, DING, WANG, LI, ZHANG, OUYANG, ZHAO, -1);
    long long version = 0;
    assert_int_equal(db_query_int(f->db,
                                  "SELECT CAST(value AS INTEGER) FROM settings"
                                  " WHERE key = 'pinyin.keys_version'",
                                  &version, 0),
                     0);
    assert_int_equal(version, PINYIN_KEYS_VERSION);
    assert_int_equal(people_refresh_name_keys(f->db, &n), 0);
    assert_int_equal(n, 0);
}

static void test_code_filters(void **state)
{
    struct fixture *f = *state;
    struct people_filter q = all();
    q.sort = "pinyin";
    q.gender = "2";
    EXPECT(q, DING, LI, OUYANG, -1);
    q.gender = NULL;
    q.ethnicity = "01";
    EXPECT(q, DING, WANG, ZHANG, ZHAO, -1);
    q.ethnicity = NULL;
    q.party = "01";
    EXPECT(q, DING, LI, ZHANG, ZHAO, -1);
    q.status = "1";
    EXPECT(q, DING, LI, ZHANG, -1);
    q.gender = "1";
    EXPECT(q, ZHANG, -1);
    q = all();
    q.status = "2";
    EXPECT(q, ZHAO, -1);
    q.status = "";
    q.sort = "pinyin";
    EXPECT(q, DING, LI, OUYANG, WANG, ZHANG, ZHAO, -1); /* "" is no filter */
}

static void add_career(struct fixture *f, int who, const char *kind, const char *code)
{
    struct career_record r = {
        .person_id = f->ids[who], .kind = kind, .title = "职务", .start_date = D(2020, 1, 1)};
    if (strcmp(kind, "post") == 0)
        r.post_level = code;
    else
        r.rank = code;
    assert_int_equal(records_insert(f->db, &career_kind, &r), 0);
}

static void add_education(struct fixture *f, int who, const char *education)
{
    struct education_record r = {
        .person_id = f->ids[who], .kind = "fulltime", .education = education};
    assert_int_equal(records_insert(f->db, &education_kind, &r), 0);
}

static void test_rank_post_education_filters_and_sorts(void **state)
{
    struct fixture *f = *state;
    add_career(f, ZHANG, "rank", "03"); /* 一级调研员 */
    add_career(f, LI, "rank", "07");    /* 一级主任科员 */
    add_career(f, ZHAO, "rank", "01");  /* 一级巡视员 */
    add_career(f, ZHANG, "post", "5A");
    add_career(f, DING, "post", "6B");
    add_education(f, LI, "11");
    add_education(f, DING, "21");
    add_education(f, WANG, "31");

    struct people_filter q = all();
    q.rank = "03";
    EXPECT(q, ZHANG, -1);
    q.rank = NULL;
    q.post_level = "6B";
    EXPECT(q, DING, -1);
    q.post_level = NULL;
    q.education = "21";
    EXPECT(q, DING, -1);

    /* Highest first; those without a value last in both directions. */
    q = all();
    q.sort = "rank";
    EXPECT(q, ZHAO, ZHANG, LI, DING, WANG, OUYANG, -1);
    q.sort = "-rank";
    EXPECT(q, LI, ZHANG, ZHAO, OUYANG, WANG, DING, -1);
    q.sort = "post_level";
    EXPECT(q, ZHANG, DING, WANG, LI, OUYANG, ZHAO, -1);
    q.sort = "education";
    EXPECT(q, LI, DING, WANG, ZHANG, OUYANG, ZHAO, -1);
}

static void test_sort_orders(void **state)
{
    struct fixture *f = *state;
    struct people_filter q = all();
    q.sort = NULL; /* 姓氏笔画: 李 (横…) before 张 (折…), both 7 strokes */
    EXPECT(q, DING, WANG, LI, ZHANG, OUYANG, ZHAO, -1);
    q.sort = "strokes";
    EXPECT(q, DING, WANG, LI, ZHANG, OUYANG, ZHAO, -1);
    q.sort = "-strokes";
    EXPECT(q, ZHAO, OUYANG, ZHANG, LI, WANG, DING, -1);
    q.sort = "pinyin";
    EXPECT(q, DING, LI, OUYANG, WANG, ZHANG, ZHAO, -1);
    q.sort = "-pinyin";
    EXPECT(q, ZHAO, ZHANG, WANG, OUYANG, LI, DING, -1);
    /* Birth dates: 1970-02-28, 1980-06 (= 06-01), 1980-06-15, 1980-06-16, 1984-02-29, 1990. */
    q.sort = "birth_date";
    EXPECT(q, ZHAO, WANG, ZHANG, LI, OUYANG, DING, -1);
    q.sort = "age"; /* youngest first */
    EXPECT(q, DING, OUYANG, LI, ZHANG, WANG, ZHAO, -1);
    q.sort = "-age";
    EXPECT(q, ZHAO, WANG, ZHANG, LI, OUYANG, DING, -1);
    q.sort = "id";
    EXPECT(q, DING, WANG, ZHANG, LI, OUYANG, ZHAO, -1);
    q.sort = "-id";
    EXPECT(q, ZHAO, OUYANG, LI, ZHANG, WANG, DING, -1);
    /* Ties broken by id, in the direction asked. */
    q.sort = "gender";
    EXPECT(q, WANG, ZHANG, ZHAO, DING, LI, OUYANG, -1);
    q.sort = "-gender";
    EXPECT(q, OUYANG, LI, DING, ZHAO, ZHANG, WANG, -1);
    for (const char *const *s =
             (const char *const[]){"name", "ethnicity", "party", "unit", "work_start_date",
                                   "party_join_date", "created_at", "-created_at", NULL};
         *s; s++) {
        struct person_view *rows;
        size_t n;
        long long total;
        q.sort = *s;
        assert_true(people_sort_valid(*s));
        assert_int_equal(people_list(f->db, &q, f->arena, &rows, &n, &total), 0);
        assert_int_equal(n, NPEOPLE);
    }
    assert_false(people_sort_valid("name; DROP TABLE people"));
    assert_false(people_sort_valid("--name"));
    assert_false(people_sort_valid(NULL));
    q.sort = "notes";
    struct person_view *rows;
    size_t n;
    long long total;
    assert_int_equal(people_list(f->db, &q, f->arena, &rows, &n, &total), ERR_INVALID);
}

static void test_same_name_tie_is_stable(void **state)
{
    struct fixture *f = *state;
    struct person p = {.name = "张三", .gender = "1", .birth_date = D(1985, 1, 1)};
    assert_int_equal(people_insert(f->db, &p), 0);
    struct people_filter q = all();
    q.q = "张三";
    struct person_view *rows;
    size_t n;
    long long total;
    assert_int_equal(people_list(f->db, &q, f->arena, &rows, &n, &total), 0);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].person.id, f->ids[ZHANG]);
    assert_int_equal(rows[1].person.id, p.id);
    q.sort = "-strokes";
    assert_int_equal(people_list(f->db, &q, f->arena, &rows, &n, &total), 0);
    assert_int_equal(rows[0].person.id, p.id);
}

static void test_paging_totals(void **state)
{
    struct fixture *f = *state;
    struct people_filter q = all();
    q.sort = "pinyin";
    static const int order[] = {DING, LI, OUYANG, WANG, ZHANG, ZHAO};
    for (int per_page = 1; per_page <= 7; per_page++) {
        size_t seen = 0;
        for (int page = 1; page <= 8; page++) {
            struct person_view *rows;
            size_t n;
            long long total = -1;
            q.page = page;
            q.per_page = per_page;
            assert_int_equal(people_list(f->db, &q, f->arena, &rows, &n, &total), 0);
            assert_int_equal(total, NPEOPLE);
            size_t expect_n = seen >= NPEOPLE                     ? 0
                              : NPEOPLE - seen < (size_t)per_page ? NPEOPLE - seen
                                                                  : (size_t)per_page;
            assert_int_equal(n, expect_n);
            for (size_t i = 0; i < n; i++)
                assert_int_equal(rows[i].person.id, f->ids[order[seen + i]]);
            seen += n;
        }
        assert_int_equal(seen, NPEOPLE);
    }
    /* A filter's total, not the table's. */
    q.gender = "2";
    q.per_page = 2;
    q.page = 1;
    struct person_view *rows;
    size_t n;
    long long total;
    assert_int_equal(people_list(f->db, &q, f->arena, &rows, &n, &total), 0);
    assert_int_equal(n, 2);
    assert_int_equal(total, 3);
    q.page = 3;
    assert_int_equal(people_list(f->db, &q, f->arena, &rows, &n, &total), 0);
    assert_int_equal(n, 0);
    assert_int_equal(total, 3);
    q.page = 0; /* taken as 1 */
    assert_int_equal(people_list(f->db, &q, f->arena, &rows, &n, &total), 0);
    assert_int_equal(n, 2);
    q.per_page = 1001;
    assert_int_equal(people_list(f->db, &q, f->arena, &rows, &n, &total), ERR_INVALID);
    q.per_page = -1;
    assert_int_equal(people_list(f->db, &q, f->arena, &rows, &n, &total), ERR_INVALID);
}

static void test_units_and_sub_units(void **state)
{
    struct fixture *f = *state;
    struct people_filter q = all();
    q.sort = "pinyin";
    q.unit_id = f->units[1]; /* 办公室 */
    EXPECT(q, ZHANG, ZHAO, -1);
    q.include_sub = true; /* + 综合科 */
    EXPECT(q, LI, ZHANG, ZHAO, -1);
    q.unit_id = f->units[0]; /* 厅机关 and everything below */
    EXPECT(q, LI, WANG, ZHANG, ZHAO, -1);
    q.include_sub = false;
    EXPECT(q, WANG, -1);
    q.unit_id = f->units[2];
    q.include_sub = true;
    EXPECT(q, LI, -1);
    q.unit_id = f->units[3];
    EXPECT(q, DING, OUYANG, -1);
    q.status = "1";
    q.unit_id = f->units[0];
    EXPECT(q, LI, WANG, ZHANG, -1);

    struct person_view *rows;
    size_t n;
    long long total;
    q = all();
    q.q = "zhang";
    assert_int_equal(people_list(f->db, &q, f->arena, &rows, &n, &total), 0);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].unit_name, "办公室");
}

/* Every person against date_age for a run of days around the birthdays in
 * the roster (02-28/02-29/03-01 in leap and common years, the June days):
 * the SQL bounds must agree with the one function that counts age. */
static void test_age_bounds_agree_with_date_age(void **state)
{
    struct fixture *f = *state;
    static const char *const todays[] = {
        "2024-05-31", "2024-06-01", "2024-06-14", "2024-06-15", "2024-06-16",
        "2024-06-17", "2025-02-27", "2025-02-28", "2025-03-01", "2028-02-28",
        "2028-02-29", "2028-03-01", "2040-02-28", "2040-03-01",
    };
    for (size_t t = 0; t < N(todays); t++) {
        struct date today = iso(todays[t]);
        for (int years = 30; years <= 60; years++) {
            for (int bound = 0; bound < 2; bound++) {
                struct people_filter q = all();
                q.today = today;
                q.sort = "id";
                if (bound == 0)
                    q.age_min = years;
                else
                    q.age_max = years;
                struct person_view *rows;
                size_t n;
                long long total;
                assert_int_equal(people_list(f->db, &q, f->arena, &rows, &n, &total), 0);
                size_t k = 0;
                for (int i = 0; i < NPEOPLE; i++) {
                    int age = date_age(iso(roster[i].birth), today);
                    bool want = bound == 0 ? age >= years : age <= years;
                    bool got = k < n && rows[k].person.id == f->ids[i];
                    if (got)
                        k++;
                    if (want != got) {
                        print_error("%s on %s, %s %d: age %d, %s\n", roster[i].name, todays[t],
                                    bound == 0 ? "age_min" : "age_max", years, age,
                                    got ? "listed" : "not listed");
                        fail();
                    }
                }
                assert_int_equal(k, n);
            }
        }
    }
}

static void test_age_examples(void **state)
{
    struct fixture *f = *state;
    struct people_filter q = all();
    q.sort = "id";
    q.today = D(2024, 6, 15);
    q.age_min = 44; /* 张三 turns 44 today, 王五 (1980-06) already has */
    q.age_max = 44;
    EXPECT(q, WANG, ZHANG, -1);
    q.today = D(2024, 5, 31);
    q.age_min = 43;
    q.age_max = 43;
    EXPECT(q, WANG, ZHANG, LI, -1);
    /* 欧阳娜娜, born 1984-02-29, is 40 on 2025-02-28 and 41 on 03-01. */
    q.age_min = 41;
    q.age_max = 41;
    q.today = D(2025, 2, 28);
    EXPECT(q, -1);
    q.today = D(2025, 3, 1);
    EXPECT(q, OUYANG, -1);
    /* 0 is a bound like any other. */
    q.age_min = -1;
    q.age_max = 0;
    EXPECT(q, -1);
    q.age_min = 0;
    q.age_max = -1;
    EXPECT(q, DING, WANG, ZHANG, LI, OUYANG, ZHAO, -1);
    /* An age bound needs today. */
    q.age_min = 41;
    q.today = DATE_NONE;
    struct person_view *rows;
    size_t n;
    long long total;
    assert_int_equal(people_list(f->db, &q, f->arena, &rows, &n, &total), ERR_INVALID);
}

struct collected {
    long long ids[16];
    size_t n;
    size_t stop_after;
};

static int collect(const struct person_view *p, void *arg)
{
    struct collected *c = arg;
    assert_non_null(p->person.name);
    c->ids[c->n++] = p->person.id;
    return c->n == c->stop_after ? 42 : 0;
}

static void test_each_streams_in_order(void **state)
{
    struct fixture *f = *state;
    struct people_filter q = all();
    q.sort = "pinyin";
    q.per_page = 2; /* ignored */
    q.page = 2;
    struct collected c = {.stop_after = 100};
    assert_int_equal(people_each(f->db, &q, collect, &c), 0);
    assert_int_equal(c.n, NPEOPLE);
    assert_int_equal(c.ids[0], f->ids[DING]);
    assert_int_equal(c.ids[5], f->ids[ZHAO]);
    q.gender = "2";
    c = (struct collected){.stop_after = 2};
    assert_int_equal(people_each(f->db, &q, collect, &c), 42);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.ids[1], f->ids[LI]);
    q.sort = "bogus";
    assert_int_equal(people_each(f->db, &q, collect, &c), ERR_INVALID);
}

static void test_get_insert_update_delete(void **state)
{
    struct fixture *f = *state;
    struct person_view v;
    assert_int_equal(people_get(f->db, f->ids[ZHANG], f->arena, &v), 0);
    assert_string_equal(v.person.name, "张三");
    assert_string_equal(v.person.id_number, "11010119800615001X");
    assert_int_equal(v.person.birth_date.day, 15);
    assert_string_equal(v.unit_name, "办公室");
    assert_null(v.current_rank);
    assert_int_equal(people_get(f->db, f->ids[WANG], f->arena, &v), 0);
    assert_int_equal(v.person.birth_date.month, 6);
    assert_int_equal(v.person.birth_date.day, 0); /* month precision kept */
    assert_int_equal(people_get(f->db, 99999, f->arena, &v), ERR_NOT_FOUND);

    /* Every stored field round-trips. */
    struct person p = {.name = "司马相如",
                       .gender = "1",
                       .birth_date = D(1975, 3, 8),
                       .ethnicity = "01",
                       .native_place = "四川成都",
                       .birth_place = "四川南充",
                       .party = "01",
                       .party_join_date = D(1998, 7, 0),
                       .work_start_date = D(1996, 8, 1),
                       .health = "健康",
                       .title = "高级经济师",
                       .specialty = "辞赋",
                       .id_number = "510101197503080011",
                       .phone = "13800000000",
                       .unit_id = f->units[2],
                       .status = "1",
                       .notes = "备注"};
    assert_int_equal(people_insert(f->db, &p), 0);
    assert_int_equal(people_get(f->db, p.id, f->arena, &v), 0);
    const struct person *g = &v.person;
    assert_string_equal(g->native_place, "四川成都");
    assert_string_equal(g->birth_place, "四川南充");
    assert_string_equal(g->party, "01");
    assert_int_equal(g->party_join_date.year, 1998);
    assert_int_equal(g->party_join_date.day, 0);
    assert_int_equal(g->work_start_date.day, 1);
    assert_string_equal(g->health, "健康");
    assert_string_equal(g->title, "高级经济师");
    assert_string_equal(g->specialty, "辞赋");
    assert_string_equal(g->phone, "13800000000");
    assert_int_equal(g->unit_id, f->units[2]);
    assert_string_equal(g->notes, "备注");
    assert_string_equal(v.unit_name, "综合科");

    long long found;
    assert_int_equal(people_find_by_id_number(f->db, "510101197503080011", &found), 0);
    assert_int_equal(found, p.id);
    assert_int_equal(people_find_by_id_number(f->db, "510101197503080012", &found), ERR_NOT_FOUND);

    /* The derived name keys follow the name. */
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", p.id);
    long long hit;
    assert_int_equal(db_query_int(f->db,
                                  "SELECT count(*) FROM people WHERE id = ? AND"
                                  " name_pinyin = 'simaxiangru' AND name_initials = 'smxr'",
                                  &hit, 1, idtext),
                     0);
    assert_int_equal(hit, 1);
    p.name = "卓文君";
    p.unit_id = 0;
    p.ethnicity = NULL;
    assert_int_equal(people_update(f->db, &p), 0);
    assert_int_equal(people_get(f->db, p.id, f->arena, &v), 0);
    assert_string_equal(v.person.name, "卓文君");
    assert_int_equal(v.person.unit_id, 0);
    assert_null(v.unit_name);
    assert_null(v.person.ethnicity);
    assert_int_equal(db_query_int(f->db,
                                  "SELECT count(*) FROM people WHERE id = ? AND"
                                  " name_pinyin = 'zhuowenjun' AND name_initials = 'zwj'",
                                  &hit, 1, idtext),
                     0);
    assert_int_equal(hit, 1);

    /* The ID number is unique. */
    struct person dup = p;
    dup.id = 0;
    assert_int_equal(people_insert(f->db, &dup), ERR_CONFLICT);
    struct person other = p;
    other.id = f->ids[DING];
    assert_int_equal(people_update(f->db, &other), ERR_CONFLICT);
    other.id = 99999;
    other.id_number = "999";
    assert_int_equal(people_update(f->db, &other), ERR_NOT_FOUND);

    /* Deleting takes the records along. */
    struct assessment_record a = {.person_id = p.id, .year = 2023, .grade = "1"};
    assert_int_equal(records_insert(f->db, &assessment_kind, &a), 0);
    assert_int_equal(people_delete(f->db, p.id), 0);
    assert_int_equal(people_get(f->db, p.id, f->arena, &v), ERR_NOT_FOUND);
    assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM assessments", &hit, 0), 0);
    assert_int_equal(hit, 0);
    assert_int_equal(people_delete(f->db, p.id), ERR_NOT_FOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_search_box, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_other_reading, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refresh_name_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_code_filters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rank_post_education_filters_and_sorts, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_sort_orders, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_name_tie_is_stable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paging_totals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_units_and_sub_units, setup, teardown),
        cmocka_unit_test_setup_teardown(test_age_bounds_agree_with_date_age, setup, teardown),
        cmocka_unit_test_setup_teardown(test_age_examples, setup, teardown),
        cmocka_unit_test_setup_teardown(test_each_streams_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_get_insert_update_delete, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
