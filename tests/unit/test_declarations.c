/* test_declarations.c — personal-matters reports: who reports, deadlines,
 * the draw (same inputs same people, a different seed a different sample,
 * uniform by chi-square over many seeds), and every row of the 漏报 /
 * 隐瞒不报 table with its proposed handling. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/declarations.h"
#include "util/arena.h"
#include "util/err.h"

static struct date D(int y, int m, int d) {
    return (struct date){y, m, d};
}

static void
test_obligation(void **state)
{
    (void)state;
    assert_true(declarations_rank_obliged(NULL, "5B"));
    assert_true(declarations_rank_obliged(NULL, "4A"));
    assert_false(declarations_rank_obliged(NULL, "6A"));
    assert_true(declarations_rank_obliged("06", NULL)); /* 四级调研员 */
    assert_true(declarations_rank_obliged("01", NULL));
    assert_false(declarations_rank_obliged("07", NULL)); /* 一级主任科员 */
    assert_false(declarations_rank_obliged("07", "6A"));
    assert_false(declarations_rank_obliged(NULL, NULL));
    assert_false(declarations_rank_obliged("zz", ""));
}

static void test_deadlines(void **state)
{
    (void)state;
    struct date d = declarations_annual_deadline(2025);
    assert_int_equal(date_compare(d, D(2026, 1, 31)), 0);
    assert_int_equal(date_compare(declarations_event_deadline(D(2026, 3, 10)), D(2026, 4, 9)), 0);
    assert_int_equal(declarations_state(d, DATE_NONE, D(2026, 1, 31)), DECL_PENDING);
    assert_int_equal(declarations_state(d, DATE_NONE, D(2026, 2, 1)), DECL_MISSING);
    assert_int_equal(declarations_state(d, D(2026, 1, 31), D(2026, 6, 1)), DECL_ON_TIME);
    assert_int_equal(declarations_state(d, D(2026, 2, 1), D(2026, 6, 1)), DECL_LATE);
    assert_string_equal(declarations_state_label(DECL_MISSING), "未报告");
    /* The 报告年度 reminded of: up to 31 January the last year's. */
    assert_int_equal(declarations_current_year(D(2027, 1, 1)), 2026);
    assert_int_equal(declarations_current_year(D(2027, 1, 31)), 2026);
    assert_int_equal(declarations_current_year(D(2027, 2, 1)), 2027);
    assert_int_equal(declarations_current_year(D(2026, 12, 31)), 2026);
    /* A past post or 职级 obliges by the same rule as a current one. */
    assert_true(declarations_formerly_obliged(NULL, "5B"));
    assert_true(declarations_formerly_obliged("06", NULL));
    assert_false(declarations_formerly_obliged("07", "6A"));
    assert_false(declarations_formerly_obliged(NULL, NULL));
}

static void test_ratio(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    int r;
    const char *c;
    assert_int_equal(declarations_ratio_parse("0.1", &r, &c, a), 0);
    assert_int_equal(r, 1000);
    assert_string_equal(c, "0.1");
    assert_int_equal(declarations_ratio_parse("0.1500", &r, &c, a), 0);
    assert_string_equal(c, "0.15");
    assert_int_equal(declarations_ratio_parse("1", &r, &c, a), 0);
    assert_string_equal(c, "1");
    assert_int_equal(declarations_ratio_parse("1.0", &r, &c, a), 0);
    assert_string_equal(c, "1");
    const char *bad[] = {"0",       "0.0",  "1.01", "2", ".1",  "0.",
                         "0.12345", "-0.1", "1e-1", "",  "0.1x"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(declarations_ratio_parse(bad[i], &r, &c, a), ERR_INVALID);
    /* 0.1 × 30 is 3 exactly (a double would give 3.0000000000000004 → 4). */
    assert_int_equal(declarations_sample_size(1000, 30), 3);
    assert_int_equal(declarations_sample_size(1000, 31), 4);
    assert_int_equal(declarations_sample_size(1000, 1), 1);
    assert_int_equal(declarations_sample_size(1000, 0), 0);
    assert_int_equal(declarations_sample_size(10000, 7), 7);
    arena_free(a);
}

enum { PEOPLE = 20 };

static void make_ids(char ids[PEOPLE][19], const char *ptrs[PEOPLE])
{
    for (int i = 0; i < PEOPLE; i++) {
        snprintf(ids[i], 19, "1101011970010100%02d", i);
        ptrs[i] = ids[i];
    }
}

static void test_draw_reproducible(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    char ids[PEOPLE][19];
    const char *ptrs[PEOPLE];
    make_ids(ids, ptrs);
    struct declaration_draw x, y, z;
    assert_int_equal(
        declarations_draw(2025, "2026-02-01 上证综指 3250.12", "0.1", ptrs, PEOPLE, a, &x), 0);
    assert_int_equal(x.ndrawn, 2);
    assert_int_equal(x.nobliged, PEOPLE);
    /* The input order does not matter. */
    const char *reversed[PEOPLE];
    for (int i = 0; i < PEOPLE; i++)
        reversed[i] = ptrs[PEOPLE - 1 - i];
    assert_int_equal(
        declarations_draw(2025, "2026-02-01 上证综指 3250.12", "0.10", reversed, PEOPLE, a, &y), 0);
    assert_string_equal(x.fingerprint, y.fingerprint);
    for (size_t i = 0; i < x.ndrawn; i++)
        assert_string_equal(x.drawn[i], y.drawn[i]);
    assert_non_null(strstr(x.canonical, "year=2025\nseed=2026-02-01 上证综指 3250.12\nratio=0.1\n"
                                        "algorithm=cadre-draw-v1\n110101197001010000\n"));
    /* A different seed: another fingerprint and another sample. */
    assert_int_equal(
        declarations_draw(2025, "2026-02-01 上证综指 3250.13", "0.1", ptrs, PEOPLE, a, &z), 0);
    assert_string_not_equal(x.fingerprint, z.fingerprint);
    bool same = true;
    for (size_t i = 0; i < x.ndrawn; i++)
        same = same && strcmp(x.drawn[i], z.drawn[i]) == 0;
    assert_false(same);
    /* Refused: a repeated ID, a bad seed, a bad ratio, a bad year. */
    const char *dup[] = {ptrs[0], ptrs[1], ptrs[0]};
    assert_int_equal(declarations_draw(2025, "s", "0.1", dup, 3, a, &z), ERR_INVALID);
    assert_int_equal(declarations_draw(2025, "a\nb", "0.1", ptrs, PEOPLE, a, &z), ERR_INVALID);
    assert_int_equal(declarations_draw(2025, "", "0.1", ptrs, PEOPLE, a, &z), ERR_INVALID);
    assert_int_equal(declarations_draw(2025, "s", "0", ptrs, PEOPLE, a, &z), ERR_INVALID);
    assert_int_equal(declarations_draw(1999, "s", "0.1", ptrs, PEOPLE, a, &z), ERR_INVALID);
    /* Nobody obliged: an empty sample, still a fingerprint. */
    assert_int_equal(declarations_draw(2025, "s", "0.1", NULL, 0, a, &z), 0);
    assert_int_equal(z.ndrawn, 0);
    assert_int_equal(strlen(z.fingerprint), 64);
    arena_free(a);
}

/* Each of 20 people should be drawn equally often over many seeds: 4000
 * draws of 5 give 1000 each; chi-square with 19 degrees of freedom stays
 * below 43.82 (p = 0.001). The seeds are fixed, so the test never flakes. */
static void test_draw_uniform(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    char ids[PEOPLE][19];
    const char *ptrs[PEOPLE];
    make_ids(ids, ptrs);
    int counts[PEOPLE] = {0};
    enum { DRAWS = 4000 };
    for (int s = 0; s < DRAWS; s++) {
        char seed[32];
        snprintf(seed, sizeof seed, "seed-%d", s);
        struct declaration_draw d;
        assert_int_equal(declarations_draw(2025, seed, "0.25", ptrs, PEOPLE, a, &d), 0);
        assert_int_equal(d.ndrawn, 5);
        for (size_t i = 0; i < d.ndrawn; i++)
            for (int k = 0; k < PEOPLE; k++)
                if (strcmp(d.drawn[i], ids[k]) == 0)
                    counts[k]++;
        arena_reset(a);
    }
    double expected = DRAWS * 5.0 / PEOPLE, chi = 0;
    for (int k = 0; k < PEOPLE; k++)
        chi += (counts[k] - expected) * (counts[k] - expected) / expected;
    assert_true(chi < 43.82);
    arena_free(a);
}

/* Every row of RULES.md §7's table, and the handling proposed for it. */
static void test_classify_table(void **state)
{
    (void)state;
    const struct {
        const char *type, *kind;
        enum declaration_discrepancy d;
        bool type_reported;
        enum declaration_class expect;
        const char *proposal;
    } rows[] = {
        /* 漏报 */
        {"hmt_permit", "hk_macau_permit", DISC_MISSING, false, CLASS_OMISSION, "criticism"},
        {"hmt_permit", "taiwan_trip", DISC_MISSING, true, CLASS_OMISSION, "criticism"},
        {"house", "residence", DISC_UNDER, true, CLASS_OMISSION, "criticism"},
        {"house", "garage", DISC_MISSING, true, CLASS_OMISSION, "criticism"},
        {"house", "parking", DISC_MISSING, false, CLASS_OMISSION, "criticism"},
        {"house", "storeroom", DISC_MISSING, true, CLASS_OMISSION, "criticism"},
        {"securities", "shares", DISC_UNDER, true, CLASS_OMISSION, "criticism"},
        {"securities", "funds", DISC_MISSING, true, CLASS_OMISSION, "criticism"},
        {"business", "unlisted", DISC_UNDER, true, CLASS_OMISSION, "criticism"},
        {"salary", NULL, DISC_UNDER, true, CLASS_OMISSION, "criticism"},
        {"labor_income", "lecture", DISC_MISSING, false, CLASS_OMISSION, "criticism"},
        {"overseas", "deposit", DISC_MISSING, false, CLASS_OMISSION, "criticism"},
        /* 隐瞒不报 */
        {"marriage", NULL, DISC_MISSING, false, CLASS_CONCEALMENT, "O01"},
        {"passport", "passport", DISC_MISSING, false, CLASS_CONCEALMENT, "O01"},
        {"passport", "trip", DISC_MISSING, true, CLASS_CONCEALMENT, "O01"},
        {"child_foreign_marriage", NULL, DISC_MISSING, false, CLASS_CONCEALMENT, "O01"},
        {"child_hmt_marriage", NULL, DISC_MISSING, false, CLASS_CONCEALMENT, "O01"},
        {"emigration", "abroad_year", DISC_MISSING, false, CLASS_CONCEALMENT, "O01"},
        {"employment", "foreign", DISC_MISSING, true, CLASS_CONCEALMENT, "O01"},
        {"prosecution", NULL, DISC_MISSING, false, CLASS_CONCEALMENT, "O01"},
        {"house", "residence", DISC_MISSING, true, CLASS_CONCEALMENT, "O01"},
        {"house", "commercial", DISC_MISSING, false, CLASS_CONCEALMENT, "O01"},
        {"securities", "insurance", DISC_MISSING, false, CLASS_CONCEALMENT, "O01"},
        {"business", "individual", DISC_MISSING, true, CLASS_CONCEALMENT, "O01"},
        {"business", "partnership", DISC_MISSING, false, CLASS_CONCEALMENT, "O01"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        const char *row = NULL;
        int c = declarations_classify(rows[i].type, rows[i].kind, rows[i].d, rows[i].type_reported,
                                      &row);
        if (c != (int)rows[i].expect)
            fail_msg("row %zu (%s/%s): class %d", i, rows[i].type, rows[i].kind, c);
        assert_non_null(row);
        assert_non_null(strstr(row, declarations_class_label(rows[i].expect)));
        const struct declaration_handling *h = declarations_propose(c);
        assert_string_equal(h->code, rows[i].proposal);
        assert_true(h->classes & (1u << c));
    }
    const char *row;
    assert_int_equal(declarations_classify("nope", NULL, DISC_MISSING, false, &row), ERR_INVALID);
    assert_null(declarations_propose(-1));
    /* The handlings that bar, with RULES.md §7's periods. */
    const struct declaration_handling *h = declarations_handling("O01");
    assert_string_equal(h->punishment, "O01");
    assert_int_equal(h->months, 6);
    assert_int_equal(declarations_handling("O05")->months, 24);
    assert_int_equal(declarations_handling("O02")->months, 12);
    assert_null(declarations_handling("criticism")->punishment);
    assert_false(declarations_handling("O05")->classes & (1u << CLASS_OMISSION));
}

static void test_item_types(void **state)
{
    (void)state;
    size_t n;
    const struct declaration_item_type *t = declarations_item_types(&n);
    assert_int_equal(n, 14);
    int family = 0, assets = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i].group == DECL_FAMILY)
            assert_int_equal(t[i].article_item, ++family);
        else
            assert_int_equal(t[i].article_item, ++assets);
        assert_ptr_equal(declarations_item_type(t[i].type), &t[i]);
        assert_string_equal(t[i].kind->name, t[i].type);
    }
    assert_int_equal(family, 8);
    assert_int_equal(assets, 6);

    struct arena *a = arena_new();
    struct field_errors fe;
    field_errors_init(&fe, a);
    const struct record_kind *house = declarations_item_type("house")->kind;
    struct declaration_item it = {0};
    assert_int_equal(field_set_text(fields_find(house, "area"), &it, "89.5x", false, a, &fe), 0);
    assert_int_equal(record_validate(house, &it, D(2026, 1, 1), &fe), ERR_INVALID);
    assert_true(field_errors_has(&fe, "area"));
    assert_true(field_errors_has(&fe, "address"));
    assert_int_equal(field_set_text(fields_find(house, "kind"), &it, "别墅", false, a, &fe),
                     ERR_INVALID);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_obligation),   cmocka_unit_test(test_deadlines),
        cmocka_unit_test(test_ratio),        cmocka_unit_test(test_draw_reproducible),
        cmocka_unit_test(test_draw_uniform), cmocka_unit_test(test_classify_table),
        cmocka_unit_test(test_item_types),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
