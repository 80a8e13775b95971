/* test_store_records.c — every record kind saved and loaded field by field,
 * list orders, records of another person refused, and the person's derived
 * current rank, post and education after each change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/codes.h"
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
    long long unit1, unit2;
    long long alice, bob; /* two people */
};

static struct date D(int y, int m, int d) {
    return (struct date){y, m, d};
}

static int
setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (testdb_open(f->dir, f->path, "records", &f->db) != 0)
        return -1;
    f->arena = arena_new();
    struct unit u1 = {.name = "厅机关", .kind = "1"}, u2 = {.name = "直属单位", .kind = "3"};
    assert_int_equal(units_insert(f->db, &u1, NULL, 0), 0);
    assert_int_equal(units_insert(f->db, &u2, NULL, 0), 0);
    f->unit1 = u1.id;
    f->unit2 = u2.id;
    struct person a = {
        .name = "张三", .gender = "1", .birth_date = D(1980, 1, 1), .unit_id = u1.id};
    struct person b = {
        .name = "李四", .gender = "2", .birth_date = D(1982, 2, 2), .unit_id = u1.id};
    assert_int_equal(people_insert(f->db, &a), 0);
    assert_int_equal(people_insert(f->db, &b), 0);
    f->alice = a.id;
    f->bob = b.id;
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

/* Fills every field of `rec` with a value that depends on `variant`, so
 * that variant 1 and 2 differ in every field: texts name their field,
 * codes are real codes of their table, dates alternate day and month
 * precision. */
static void fill(struct fixture *f, const struct record_kind *kind, void *rec, int variant)
{
    for (size_t i = 0; i < kind->nfields; i++) {
        const struct field_def *fd = &kind->fields[i];
        void *p = field_ptr(fd, rec);
        switch (fd->type) {
        case FIELD_TEXT:
            if (fd->nchoices >= 2)
                *(const char **)p = fd->choices[variant == 1 ? 0 : 1].value;
            else
                *(const char **)p = arena_sprintf(f->arena, "%s-%d-文字", fd->name, variant);
            break;
        case FIELD_CODES:
            *(const char **)p = arena_sprintf(f->arena, "%s", variant == 1 ? "1" : "1,2");
            break;
        case FIELD_ENUM:
            assert_true(fd->nchoices >= 2);
            *(int *)p = fd->choices[variant == 1 ? 0 : 1].number;
            break;
        case FIELD_CODE: {
            const struct code_table *t = codes_table(fd->code_table);
            assert_non_null(t);
            assert_true(t->count >= 2);
            *(const char **)p = t->codes[variant == 1 ? 0 : 1].code;
            break;
        }
        case FIELD_DATE:
            *(struct date *)p = variant == 1 ? D(2001, 2, (int)i + 3) : D(2011, 12, 0);
            break;
        case FIELD_INT:
            *(long long *)p = variant == 1 ? 2001 + (long long)i : 12;
            break;
        case FIELD_REF:
            *(long long *)p = variant == 1 ? f->unit1 : f->unit2;
            break;
        case FIELD_BOOL:
            *(bool *)p = variant == 1;
            break;
        }
    }
}

static void assert_same(const struct record_kind *kind, const void *want, const void *got)
{
    assert_memory_equal(want, got, 2 * sizeof(long long)); /* id, person_id */
    for (size_t i = 0; i < kind->nfields; i++) {
        const struct field_def *fd = &kind->fields[i];
        const void *w = field_cptr(fd, want), *g = field_cptr(fd, got);
        bool same = false;
        switch (fd->type) {
        case FIELD_TEXT:
        case FIELD_CODE:
        case FIELD_CODES: {
            const char *ws = *(const char *const *)w, *gs = *(const char *const *)g;
            same = (!ws && !gs) || (ws && gs && strcmp(ws, gs) == 0);
            break;
        }
        case FIELD_DATE: {
            const struct date *wd = w, *gd = g;
            same = wd->year == gd->year && wd->month == gd->month && wd->day == gd->day;
            break;
        }
        case FIELD_INT:
        case FIELD_REF:
            same = *(const long long *)w == *(const long long *)g;
            break;
        case FIELD_BOOL:
            same = *(const bool *)w == *(const bool *)g;
            break;
        case FIELD_ENUM:
            same = *(const int *)w == *(const int *)g;
            break;
        }
        if (!same) {
            print_error("%s.%s does not round-trip\n", kind->name, fd->name);
            fail();
        }
    }
}

static void test_every_kind_round_trips(void **state)
{
    struct fixture *f = *state;
    size_t nkinds;
    const struct record_kind *const *kinds = records_person_kinds(&nkinds);
    assert_int_equal(nkinds, 6);
    for (size_t k = 0; k < nkinds; k++) {
        const struct record_kind *kind = kinds[k];
        void *rec = arena_alloc(f->arena, kind->struct_size);
        void *got = arena_alloc(f->arena, kind->struct_size);
        long long *ids = rec;
        ids[1] = f->alice;
        fill(f, kind, rec, 1);
        assert_int_equal(records_insert(f->db, kind, rec), 0);
        assert_true(ids[0] > 0);
        assert_int_equal(records_get(f->db, kind, f->alice, ids[0], f->arena, got), 0);
        assert_same(kind, rec, got);

        fill(f, kind, rec, 2);
        assert_int_equal(records_update(f->db, kind, rec), 0);
        memset(got, 0, kind->struct_size);
        assert_int_equal(records_get(f->db, kind, f->alice, ids[0], f->arena, got), 0);
        assert_same(kind, rec, got);

        void *items;
        size_t n;
        assert_int_equal(records_list(f->db, kind, f->alice, f->arena, &items, &n), 0);
        assert_int_equal(n, 1);
        assert_same(kind, rec, items);
        assert_int_equal(records_list(f->db, kind, f->bob, f->arena, &items, &n), 0);
        assert_int_equal(n, 0);

        assert_int_equal(records_delete(f->db, kind, f->alice, ids[0]), 0);
        assert_int_equal(records_get(f->db, kind, f->alice, ids[0], f->arena, got), ERR_NOT_FOUND);
        assert_int_equal(records_delete(f->db, kind, f->alice, ids[0]), ERR_NOT_FOUND);
    }
}

static void test_absent_values_round_trip(void **state)
{
    struct fixture *f = *state;
    struct career_record r = {
        .person_id = f->alice, .kind = "rank", .rank = "05", .start_date = D(2019, 3, 0)};
    assert_int_equal(records_insert(f->db, &career_kind, &r), 0);
    struct career_record g;
    assert_int_equal(records_get(f->db, &career_kind, f->alice, r.id, f->arena, &g), 0);
    assert_int_equal(g.unit_id, 0);
    assert_null(g.title);
    assert_null(g.post_level);
    assert_string_equal(g.rank, "05");
    assert_int_equal(g.start_date.month, 3);
    assert_int_equal(g.start_date.day, 0);
    assert_true(date_is_none(g.end_date));
    assert_false(g.concurrent);
    long long nulls;
    assert_int_equal(db_query_int(f->db,
                                  "SELECT count(*) FROM career WHERE unit_id IS NULL AND"
                                  " end_date IS NULL AND title IS NULL AND concurrent = 0",
                                  &nulls, 0),
                     0);
    assert_int_equal(nulls, 1);
}

static void test_another_persons_record_is_not_found(void **state)
{
    struct fixture *f = *state;
    struct reward_record r = {.person_id = f->alice, .name = "嘉奖", .award_date = D(2020, 5, 1)};
    assert_int_equal(records_insert(f->db, &reward_kind, &r), 0);
    struct reward_record g;
    assert_int_equal(records_get(f->db, &reward_kind, f->bob, r.id, f->arena, &g), ERR_NOT_FOUND);
    struct reward_record stolen = r;
    stolen.person_id = f->bob;
    stolen.name = "记三等功";
    assert_int_equal(records_update(f->db, &reward_kind, &stolen), ERR_NOT_FOUND);
    assert_int_equal(records_delete(f->db, &reward_kind, f->bob, r.id), ERR_NOT_FOUND);
    assert_int_equal(records_get(f->db, &reward_kind, f->alice, r.id, f->arena, &g), 0);
    assert_string_equal(g.name, "嘉奖");
    assert_int_equal(records_get(f->db, &reward_kind, f->alice, 9999, f->arena, &g), ERR_NOT_FOUND);
    struct reward_record ghost = r;
    ghost.id = 9999;
    assert_int_equal(records_update(f->db, &reward_kind, &ghost), ERR_NOT_FOUND);
}

static void test_constraints_conflict(void **state)
{
    struct fixture *f = *state;
    struct assessment_record a = {.person_id = f->alice, .year = 2022, .grade = "1"};
    assert_int_equal(records_insert(f->db, &assessment_kind, &a), 0);
    struct assessment_record again = {.person_id = f->alice, .year = 2022, .grade = "2"};
    assert_int_equal(records_insert(f->db, &assessment_kind, &again), ERR_CONFLICT);
    again.person_id = f->bob; /* another person's 2022 is fine */
    assert_int_equal(records_insert(f->db, &assessment_kind, &again), 0);
    struct career_record bad = {
        .person_id = f->alice, .kind = "other", .start_date = D(2020, 1, 1)};
    assert_int_equal(records_insert(f->db, &career_kind, &bad), ERR_CONFLICT);
}

static void test_list_orders(void **state)
{
    struct fixture *f = *state;
    static const int years[] = {2021, 2019, 2023, 2020};
    for (size_t i = 0; i < 4; i++) {
        struct assessment_record a = {.person_id = f->alice, .year = years[i], .grade = "2"};
        assert_int_equal(records_insert(f->db, &assessment_kind, &a), 0);
    }
    void *items;
    size_t n;
    assert_int_equal(records_list(f->db, &assessment_kind, f->alice, f->arena, &items, &n), 0);
    assert_int_equal(n, 4);
    const struct assessment_record *as = items;
    assert_int_equal(as[0].year, 2019);
    assert_int_equal(as[1].year, 2020);
    assert_int_equal(as[2].year, 2021);
    assert_int_equal(as[3].year, 2023);

    /* By start date; a month-precision start before the days of its month. */
    static const struct date starts[] = {{2010, 5, 20}, {2003, 1, 1}, {2010, 5, 0}, {2015, 1, 1}};
    long long ids[4];
    for (size_t i = 0; i < 4; i++) {
        struct career_record r = {.person_id = f->alice,
                                  .kind = "rank",
                                  .rank = "10",
                                  .start_date = starts[i],
                                  .end_date = D(2016, 1, 1)};
        assert_int_equal(records_insert(f->db, &career_kind, &r), 0);
        ids[i] = r.id;
    }
    assert_int_equal(records_list(f->db, &career_kind, f->alice, f->arena, &items, &n), 0);
    assert_int_equal(n, 4);
    const struct career_record *cs = items;
    assert_int_equal(cs[0].id, ids[1]);
    assert_int_equal(cs[1].id, ids[2]);
    assert_int_equal(cs[2].id, ids[0]);
    assert_int_equal(cs[3].id, ids[3]);

    /* Rewards by date, undated last, ties by id; more than the first
     * allocation of the list. */
    long long undated = 0;
    for (int i = 0; i < 20; i++) {
        struct reward_record r = {.person_id = f->bob,
                                  .name = "嘉奖",
                                  .award_date = i == 0 ? DATE_NONE : D(2020 - i, 1, 1)};
        assert_int_equal(records_insert(f->db, &reward_kind, &r), 0);
        if (i == 0)
            undated = r.id;
    }
    assert_int_equal(records_list(f->db, &reward_kind, f->bob, f->arena, &items, &n), 0);
    assert_int_equal(n, 20);
    const struct reward_record *rs = items;
    assert_int_equal(rs[0].award_date.year, 2001);
    assert_int_equal(rs[18].award_date.year, 2019);
    assert_int_equal(rs[19].id, undated);
}

struct derived {
    const char *rank, *post_level, *post_title, *education, *degree;
    long long rank_order, post_order, education_order;
    struct date rank_start, post_start;
};

static void load_derived(struct fixture *f, long long person, struct derived *d)
{
    struct person_view v;
    assert_int_equal(people_get(f->db, person, f->arena, &v), 0);
    d->rank = v.current_rank;
    d->post_level = v.current_post_level;
    d->post_title = v.current_post_title;
    d->education = v.education;
    d->degree = v.degree;
    d->rank_start = v.current_rank_start;
    d->post_start = v.current_post_start;
    char id[24];
    snprintf(id, sizeof id, "%lld", person);
    assert_int_equal(db_query_int(f->db,
                                  "SELECT coalesce(current_rank_order, 0) FROM people"
                                  " WHERE id = ?",
                                  &d->rank_order, 1, id),
                     0);
    assert_int_equal(db_query_int(f->db,
                                  "SELECT coalesce(current_post_order, 0) FROM people"
                                  " WHERE id = ?",
                                  &d->post_order, 1, id),
                     0);
    assert_int_equal(db_query_int(f->db,
                                  "SELECT coalesce(education_order, 0) FROM people"
                                  " WHERE id = ?",
                                  &d->education_order, 1, id),
                     0);
}

static void test_derived_rank_and_post(void **state)
{
    struct fixture *f = *state;
    struct derived d;
    load_derived(f, f->alice, &d);
    assert_null(d.rank);
    assert_null(d.post_level);

    struct career_record old_rank = {.person_id = f->alice,
                                     .kind = "rank",
                                     .rank = "05",
                                     .start_date = D(2015, 1, 1),
                                     .end_date = D(2019, 12, 31)};
    assert_int_equal(records_insert(f->db, &career_kind, &old_rank), 0);
    load_derived(f, f->alice, &d);
    assert_null(d.rank); /* ended: not current */

    struct career_record rank = {
        .person_id = f->alice, .kind = "rank", .rank = "04", .start_date = D(2020, 1, 0)};
    assert_int_equal(records_insert(f->db, &career_kind, &rank), 0);
    load_derived(f, f->alice, &d);
    assert_string_equal(d.rank, "04");
    assert_int_equal(d.rank_order, 4);
    assert_int_equal(d.rank_start.year, 2020);
    assert_int_equal(d.rank_start.day, 0);

    /* A main post, then a later concurrent one: the main one stays current. */
    struct career_record main_post = {.person_id = f->alice,
                                      .kind = "post",
                                      .unit_id = f->unit1,
                                      .title = "办公室主任",
                                      .post_level = "5A",
                                      .start_date = D(2018, 3, 1)};
    assert_int_equal(records_insert(f->db, &career_kind, &main_post), 0);
    struct career_record side_post = {.person_id = f->alice,
                                      .kind = "post",
                                      .unit_id = f->unit2,
                                      .title = "中心主任（兼）",
                                      .post_level = "5B",
                                      .start_date = D(2021, 1, 1),
                                      .concurrent = true};
    assert_int_equal(records_insert(f->db, &career_kind, &side_post), 0);
    load_derived(f, f->alice, &d);
    assert_string_equal(d.post_level, "5A");
    assert_string_equal(d.post_title, "办公室主任");
    assert_int_equal(d.post_order, 7);
    assert_int_equal(d.post_start.month, 3);

    /* A later main post wins. */
    struct career_record new_post = main_post;
    new_post.title = "副厅长";
    new_post.post_level = "4B";
    new_post.start_date = D(2022, 6, 1);
    assert_int_equal(records_insert(f->db, &career_kind, &new_post), 0);
    load_derived(f, f->alice, &d);
    assert_string_equal(d.post_title, "副厅长");
    assert_int_equal(d.post_order, 6);

    /* Ending both main posts leaves the concurrent one. */
    new_post.end_date = D(2023, 1, 1);
    assert_int_equal(records_update(f->db, &career_kind, &new_post), 0);
    load_derived(f, f->alice, &d);
    assert_string_equal(d.post_title, "办公室主任");
    main_post.end_date = D(2023, 1, 1);
    assert_int_equal(records_update(f->db, &career_kind, &main_post), 0);
    load_derived(f, f->alice, &d);
    assert_string_equal(d.post_level, "5B");
    assert_string_equal(d.post_title, "中心主任（兼）");
    assert_int_equal(d.post_order, 8);

    /* Deleting the current rank leaves none current; reopening the old one
     * makes it current again. */
    assert_int_equal(records_delete(f->db, &career_kind, f->alice, rank.id), 0);
    load_derived(f, f->alice, &d);
    assert_null(d.rank);
    assert_int_equal(d.rank_order, 0);
    old_rank.end_date = DATE_NONE;
    assert_int_equal(records_update(f->db, &career_kind, &old_rank), 0);
    load_derived(f, f->alice, &d);
    assert_string_equal(d.rank, "05");
    assert_int_equal(d.rank_order, 5);
    assert_int_equal(records_delete(f->db, &career_kind, f->alice, side_post.id), 0);
    load_derived(f, f->alice, &d);
    assert_null(d.post_level);
    assert_null(d.post_title);
    assert_int_equal(d.post_order, 0);
    assert_true(date_is_none(d.post_start));

    /* Bob is untouched by all of it. */
    load_derived(f, f->bob, &d);
    assert_null(d.rank);
    assert_null(d.post_level);
}

static void test_derived_education(void **state)
{
    struct fixture *f = *state;
    struct education_record bachelor = {.person_id = f->bob,
                                        .kind = "fulltime",
                                        .education = "21",
                                        .degree = "4",
                                        .end_date = D(2004, 7, 0)};
    assert_int_equal(records_insert(f->db, &education_kind, &bachelor), 0);
    struct derived d;
    load_derived(f, f->bob, &d);
    assert_string_equal(d.education, "21");
    assert_int_equal(d.education_order, 3);
    assert_string_equal(d.degree, "4");

    struct education_record master = {
        .person_id = f->bob, .kind = "inservice", .education = "14", .degree = "3"};
    assert_int_equal(records_insert(f->db, &education_kind, &master), 0);
    load_derived(f, f->bob, &d);
    assert_string_equal(d.education, "14");
    assert_int_equal(d.education_order, 2);
    assert_string_equal(d.degree, "3");

    /* A lower education inserted later does not replace the higher. */
    struct education_record college = {.person_id = f->bob, .kind = "fulltime", .education = "31"};
    assert_int_equal(records_insert(f->db, &education_kind, &college), 0);
    load_derived(f, f->bob, &d);
    assert_string_equal(d.education, "14");

    master.education = "11";
    master.degree = "2";
    assert_int_equal(records_update(f->db, &education_kind, &master), 0);
    load_derived(f, f->bob, &d);
    assert_string_equal(d.education, "11");
    assert_int_equal(d.education_order, 1);
    assert_string_equal(d.degree, "2");

    assert_int_equal(records_delete(f->db, &education_kind, f->bob, master.id), 0);
    load_derived(f, f->bob, &d);
    assert_string_equal(d.education, "21");
    assert_string_equal(d.degree, "4");
    assert_int_equal(records_delete(f->db, &education_kind, f->bob, bachelor.id), 0);
    assert_int_equal(records_delete(f->db, &education_kind, f->bob, college.id), 0);
    load_derived(f, f->bob, &d);
    assert_null(d.education);
    assert_null(d.degree);
    assert_int_equal(d.education_order, 0);
}

static void test_refresh_unknown_person(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(people_refresh_derived(f->db, 9999), ERR_NOT_FOUND);
    assert_int_equal(people_refresh_derived(f->db, f->alice), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_kind_round_trips, setup, teardown),
        cmocka_unit_test_setup_teardown(test_absent_values_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_another_persons_record_is_not_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_constraints_conflict, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_orders, setup, teardown),
        cmocka_unit_test_setup_teardown(test_derived_rank_and_post, setup, teardown),
        cmocka_unit_test_setup_teardown(test_derived_education, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refresh_unknown_person, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
