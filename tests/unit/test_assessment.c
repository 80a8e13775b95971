/* test_assessment.c — the arithmetic of a round: scheme weights, scales,
 * trimmed means, renormalisation, ties, every override, the quota's
 * rounding and pools, and the unit-grade table (issue 11's Proof). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "core/assessment.h"
#include "util/arena.h"

/* 德 40 (理论考试 50 exam, 综合素质 50), 能 60 (管理能力 100, level scale). */
static const struct assessment_dimension dims[] = {
    {"德", -1, 40, 0, 0},
    {"政治理论考试", 0, 50, ASSESSMENT_SCALE_SCORE, ASSESSMENT_SOURCE_EXAM},
    {"综合素质", 0, 50, ASSESSMENT_SCALE_SCORE, ASSESSMENT_SOURCE_RATING},
    {"能", -1, 60, 0, 0},
    {"管理能力", 3, 100, ASSESSMENT_SCALE_LEVEL, ASSESSMENT_SOURCE_RATING},
};

static struct assessment_scheme scheme(void)
{
    struct assessment_scheme s = {.name = "测试方案", .dims = dims, .count = 5};
    assessment_default_levels(s.level_values);
    return s;
}

static const struct assessment_group groups2[] = {{"领导", 60, false}, {"同级", 40, true}};

static struct assessment_config config(const struct assessment_scheme *s)
{
    struct assessment_config c;
    assessment_default_config(&c);
    c.scheme = s;
    c.groups = groups2;
    c.group_count = 2;
    return c;
}

static void test_scheme_weights(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct assessment_scheme s = scheme();
    struct field_errors fe;
    field_errors_init(&fe, a);
    assert_int_equal(assessment_scheme_validate(&s, &fe), 0);
    double w[5];
    assert_int_equal(assessment_leaf_weights(&s, w), 3);
    assert_true(fabs(w[1] - 20) < 1e-9 && fabs(w[2] - 20) < 1e-9 && fabs(w[4] - 60) < 1e-9);
    assert_true(w[0] == 0 && w[3] == 0);

    /* Children of 德 sum to 90: one message naming 德, on the last child. */
    struct assessment_dimension bad[5];
    memcpy(bad, dims, sizeof bad);
    bad[2].weight = 40;
    s.dims = bad;
    assert_int_equal(assessment_scheme_validate(&s, &fe), ERR_INVALID);
    assert_int_equal(fe.count, 1);
    assert_string_equal(fe.head->field, "dimensions[2].weight");
    assert_non_null(strstr(fe.head->message, "“德”下各项权重之和为 90.00"));

    /* Top level 40 + 70, a nameless node and a parent after its child. */
    field_errors_init(&fe, a);
    memcpy(bad, dims, sizeof bad);
    bad[3].weight = 70;
    assert_int_equal(assessment_scheme_validate(&s, &fe), ERR_INVALID);
    assert_non_null(strstr(fe.head->message, "方案第一层"));
    field_errors_init(&fe, a);
    memcpy(bad, dims, sizeof bad);
    bad[1].name = "";
    bad[4].parent = 4;
    assert_int_equal(assessment_scheme_validate(&s, &fe), ERR_INVALID);
    assert_true(field_errors_has(&fe, "dimensions[1].name"));
    assert_true(field_errors_has(&fe, "dimensions[4].parent"));
    arena_free(a);
}

static void test_scale_values(void **state)
{
    (void)state;
    struct assessment_scheme s = scheme();
    double v;
    const char *why;
    assert_int_equal(assessment_scale_value(&s, 2, " 88.5 ", &v, &why), 0);
    assert_true(v == 88.5);
    assert_int_equal(assessment_scale_value(&s, 2, "101", &v, &why), ERR_INVALID);
    assert_non_null(why);
    assert_int_equal(assessment_scale_value(&s, 2, "", &v, &why), 0);
    assert_true(isnan(v));
    assert_int_equal(assessment_scale_value(&s, 4, "良", &v, &why), 0);
    assert_true(v == 85);
    assert_int_equal(assessment_scale_value(&s, 4, "较差", &v, &why), 0);
    assert_true(v == 60);
    assert_int_equal(assessment_scale_value(&s, 4, "90", &v, &why), ERR_INVALID);
}

static void test_trimmed_mean(void **state)
{
    (void)state;
    struct assessment_scheme s = scheme();
    struct assessment_config c = config(&s);
    double four[] = {100, 60, 80, 80}; /* n < 5: plain mean */
    assert_true(fabs(assessment_trimmed_mean(&c, four, 4) - 80) < 1e-9);
    double five[] = {100, 60, 80, 70, 90}; /* drop 100 and 60 */
    assert_true(fabs(assessment_trimmed_mean(&c, five, 5) - 80) < 1e-9);
    c.trim_drop = 0; /* configurable: no trim */
    double again[] = {100, 60, 80, 70, 90};
    assert_true(fabs(assessment_trimmed_mean(&c, again, 5) - 80) < 1e-9);
    double odd[] = {100, 0, 80, 80, 80};
    assert_true(fabs(assessment_trimmed_mean(&c, odd, 5) - 68) < 1e-9);
    c.trim_drop = 1;
    c.trim_min_n = 3;
    double three[] = {100, 0, 50};
    assert_true(fabs(assessment_trimmed_mean(&c, three, 3) - 50) < 1e-9);
    assert_true(isnan(assessment_trimmed_mean(&c, three, 0)));
}

static void test_groups_and_config(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct assessment_scheme s = scheme();
    struct assessment_config c = config(&s);
    struct field_errors fe;
    field_errors_init(&fe, a);
    assert_int_equal(assessment_config_validate(&c, &fe), 0);
    struct assessment_group g[] = {{"领导", 60, false}, {"领导", 30, true}};
    c.groups = g;
    assert_int_equal(assessment_config_validate(&c, &fe), ERR_INVALID);
    assert_true(field_errors_has(&fe, "groups[1].name"));
    field_errors_init(&fe, a);
    g[1].name = "同级";
    assert_int_equal(assessment_config_validate(&c, &fe), ERR_INVALID);
    assert_string_equal(fe.head->field, "groups");
    assert_non_null(strstr(fe.head->message, "90.00"));
    arena_free(a);
}

#define N NAN
/* One rating's values per node: [德, 考试, 综合素质, 能, 管理能力]. */
static const double r90[] = {N, N, 90, N, 90};
static const double r80[] = {N, N, 80, N, 80};
static const double r70[] = {N, N, 70, N, 70};
static const double r100[] = {N, N, 100, N, 100};
static const double r0[] = {N, N, 0, N, 0};
static const double exam90[] = {N, 90, N, N, N};

static void test_composite_and_renormalisation(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct assessment_scheme s = scheme();
    struct assessment_config c = config(&s);
    struct assessment_person people[] = {
        {.id = 1, .unit_id = 10, .organ_id = 1, .category = "科级及以下", .exam = exam90},
        {.id = 2, .unit_id = 10, .organ_id = 1, .category = "科级及以下"},
    };
    /* Person 0: 领导 90, 同级 five raters 100,80,80,80,0 → trimmed 80.
     * Rating part 0.6×90 + 0.4×80 = 86, share 80; exam 90, share 20:
     * composite (80×86 + 20×90)/100 = 86.8. Person 1: only 同级 (one rater
     * at 70) and no exam → 70, both renormalisations said. */
    struct assessment_rating r[] = {
        {0, 0, r90}, {0, 1, r100}, {0, 1, r80}, {0, 1, r80}, {0, 1, r80}, {0, 1, r0}, {1, 1, r70},
    };
    struct assessment_result out[2];
    assessment_compute(&c, people, 2, r, 7, out, a);
    assert_true(out[0].scored);
    assert_true(fabs(out[0].composite - 86.8) < 1e-9);
    assert_int_equal(out[0].group_raters[1], 5);
    assert_true(fabs(out[0].group_score[1] - 80) < 1e-9);
    assert_string_equal(out[0].reasons, "");
    assert_string_equal(out[0].grade, ASSESSMENT_GRADE_COMPETENT);
    assert_true(fabs(out[1].composite - 70) < 1e-9);
    assert_non_null(strstr(out[1].reasons, "测评主体“领导”无评分，其余主体权重按比例折算"));
    assert_non_null(strstr(out[1].reasons, "“政治理论考试”无成绩"));
    assert_string_equal(out[1].grade, ASSESSMENT_GRADE_BASIC);

    /* A rating with one leaf blank: the rater's score is the other leaf. */
    const double half[] = {N, N, 50, N, N};
    struct assessment_rating one[] = {{0, 0, half}};
    assessment_compute(&c, people + 1, 1, one, 1, out, a);
    assert_true(fabs(out[0].composite - 50) < 1e-9);

    /* Nobody rated and no exam: unscored, no grade, no rank. */
    assessment_compute(&c, people + 1, 1, NULL, 0, out, a);
    assert_false(out[0].scored);
    assert_null(out[0].grade);
    assert_int_equal(out[0].rank_unit, 0);
    arena_free(a);
}

static void test_ranks_and_ties(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct assessment_scheme s = scheme();
    struct assessment_config c = config(&s);
    /* ids 9, 3, 5 tie at 80 (two decimals); 7 has 90. Units 1,1,2,1. */
    struct assessment_person p[] = {
        {.id = 9, .unit_id = 1, .category = "甲"},
        {.id = 3, .unit_id = 1, .category = "乙"},
        {.id = 5, .unit_id = 2, .category = "甲"},
        {.id = 7, .unit_id = 1, .category = "甲"},
    };
    const double r80b[] = {N, N, 80.001, N, 80.001}; /* equal to two decimals */
    struct assessment_rating r[] = {{0, 0, r80}, {1, 0, r80b}, {2, 0, r80}, {3, 0, r90}};
    struct assessment_result out[4];
    assessment_compute(&c, p, 4, r, 4, out, a);
    /* Unit 1 in order: 7 (90), 3, 9 (tie, id ascending). */
    assert_int_equal(out[3].rank_unit, 1);
    assert_int_equal(out[1].rank_unit, 2);
    assert_int_equal(out[0].rank_unit, 3);
    assert_int_equal(out[2].rank_unit, 1);
    /* Category 甲: 7, 5, 9. */
    assert_int_equal(out[3].rank_category, 1);
    assert_int_equal(out[2].rank_category, 2);
    assert_int_equal(out[0].rank_category, 3);
    assert_int_equal(out[1].rank_category, 1);
    /* The same input in another order gives the same ranks. */
    struct assessment_person q[] = {p[3], p[2], p[1], p[0]};
    struct assessment_rating rq[] = {{3, 0, r80}, {2, 0, r80b}, {1, 0, r80}, {0, 0, r90}};
    struct assessment_result out2[4];
    assessment_compute(&c, q, 4, rq, 4, out2, a);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(out2[3 - i].rank_unit, out[i].rank_unit);
        assert_int_equal(out2[3 - i].rank_category, out[i].rank_category);
    }
    arena_free(a);
}

static void test_quota_rounding(void **state)
{
    (void)state;
    assert_int_equal(assessment_quota_count(7, 20), 1);
    assert_int_equal(assessment_quota_count(10, 20), 2);
    assert_int_equal(assessment_quota_count(4, 20), 0);
    assert_int_equal(assessment_quota_count(9, 25), 2);
    assert_int_equal(assessment_quota_count(0, 20), 0);
    struct arena *a = arena_new();
    struct field_errors fe;
    field_errors_init(&fe, a);
    struct assessment_quota q;
    assessment_default_quota(&q);
    assert_int_equal(assessment_quota_validate(&q, &fe), 0);
    q.pct = 25; /* without approval: refused */
    assert_int_equal(assessment_quota_validate(&q, &fe), ERR_INVALID);
    assert_string_equal(fe.head->field, "quota.pct");
    q.approved = true;
    field_errors_init(&fe, a);
    assert_int_equal(assessment_quota_validate(&q, &fe), 0);
    q.pct = 26;
    assert_int_equal(assessment_quota_validate(&q, &fe), ERR_INVALID);
    arena_free(a);
}

static void test_unit_grade_table(void **state)
{
    (void)state;
    struct assessment_quota q;
    assessment_default_quota(&q);
    assert_int_equal(assessment_quota_pct_for_unit(&q, 0), 20);
    assert_int_equal(assessment_quota_pct_for_unit(&q, 1), 25);
    assert_int_equal(assessment_quota_pct_for_unit(&q, 2), 20);
    assert_int_equal(assessment_quota_pct_for_unit(&q, 3), 15);
    assert_int_equal(assessment_quota_pct_for_unit(&q, 4), 10);
    q.unit_grade_delta[0] = 10; /* clamped to the ceiling */
    assert_int_equal(assessment_quota_pct_for_unit(&q, 1), 25);
    q.unit_grade_delta[3] = -30;
    assert_int_equal(assessment_quota_pct_for_unit(&q, 4), 0);
    /* Unit score and grade from tasks. */
    struct assessment_task t[] = {{60, 95}, {40, 80}, {10, NAN}};
    assert_true(fabs(assessment_unit_score(t, 3) - 89) < 1e-9);
    const double bounds[3] = {90, 80, 60};
    assert_int_equal(assessment_unit_grade(89, bounds), 2);
    assert_int_equal(assessment_unit_grade(90, bounds), 1);
    assert_int_equal(assessment_unit_grade(59.9, bounds), 4);
    assert_int_equal(assessment_unit_grade(NAN, bounds), 0);
}

/* Unit ranks: score to two decimals, then unit id; per category likewise;
 * unscored units have none; the input order does not matter. A category's
 * grade lines decrease within 0–100. */
static void test_unit_ranks_and_bounds(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct assessment_unit_result u[] = {
        {.unit_id = 5, .category_id = 1, .score = 88.004},
        {.unit_id = 3, .category_id = 2, .score = 91},
        {.unit_id = 9, .category_id = 1, .score = 88.001}, /* ties unit 5 at 88.00 */
        {.unit_id = 4, .category_id = 2, .score = NAN},
        {.unit_id = 7, .category_id = 0, .score = 70},
    };
    assessment_unit_rank(u, 5, a);
    int want_rank[] = {2, 1, 3, 0, 4}, want_cat[] = {1, 1, 2, 0, 1};
    for (int i = 0; i < 5; i++) {
        assert_int_equal(u[i].rank, want_rank[i]);
        assert_int_equal(u[i].rank_category, want_cat[i]);
    }
    struct assessment_unit_result r[] = {u[4], u[3], u[2], u[1], u[0]};
    assessment_unit_rank(r, 5, a);
    assert_int_equal(r[2].rank, 3);
    assert_int_equal(r[4].rank, 2);

    struct field_errors fe;
    field_errors_init(&fe, a);
    assert_int_equal(assessment_unit_bounds_validate((double[]){95, 85, 70}, &fe), 0);
    assert_int_equal(assessment_unit_bounds_validate((double[]){90, 90, 60}, &fe), ERR_INVALID);
    assert_string_equal(fe.head->field, "good");
    field_errors_init(&fe, a);
    assert_int_equal(assessment_unit_bounds_validate((double[]){101, 80, 60}, &fe), ERR_INVALID);
    assert_string_equal(fe.head->field, "excellent");
    arena_free(a);
}

/* Ten people all at 95 (proposed 优秀) in two units of 7 and 3. */
static void test_quota_pools(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct assessment_scheme s = scheme();
    struct assessment_config c = config(&s);
    const double r95[] = {N, N, 95, N, 95};
    struct assessment_person p[10];
    struct assessment_rating r[10];
    for (int i = 0; i < 10; i++) {
        p[i] = (struct assessment_person){.id = 100 - i, .unit_id = i < 7 ? 1 : 2, .organ_id = 50};
        r[i] = (struct assessment_rating){(size_t)i, 0, r95};
    }
    struct assessment_result out[10];
    /* Per organ: 20 % of 10 = 2; the two with the lowest ids (tie) keep it. */
    assessment_compute(&c, p, 10, r, 10, out, a);
    int over = 0;
    for (int i = 0; i < 10; i++)
        over += out[i].over_quota;
    assert_int_equal(over, 8);
    assert_false(out[9].over_quota); /* id 91 */
    assert_false(out[8].over_quota); /* id 92 */
    /* Per unit: 20 % of 7 = 1 and 20 % of 3 = 0 → 9 over. */
    c.quota.per_unit = true;
    assessment_compute(&c, p, 10, r, 10, out, a);
    over = 0;
    for (int i = 0; i < 10; i++)
        over += out[i].over_quota;
    assert_int_equal(over, 9);
    assert_false(out[6].over_quota); /* id 94, the lowest in unit 1 */
    /* Unit 2 rated 优秀: 25 % of 3 = 0 still; unit 1 优秀: 25 % of 7 = 1. */
    for (int i = 0; i < 10; i++)
        p[i].unit_grade = 1;
    const char *grades[10];
    for (int i = 0; i < 10; i++)
        grades[i] = ASSESSMENT_GRADE_COMPETENT;
    grades[0] = grades[7] = ASSESSMENT_GRADE_EXCELLENT;
    struct assessment_pool *pools;
    size_t n;
    assert_int_equal(assessment_quota_pools(&c, p, grades, 10, &pools, &n, a), 1);
    assert_int_equal(n, 2);
    assert_int_equal(pools[0].allowed, 1);
    assert_int_equal(pools[0].excellent, 1);
    assert_int_equal(pools[1].allowed, 0);
    /* 不定等次 is not counted among the graded. */
    c.quota.per_unit = false;
    grades[7] = ASSESSMENT_GRADE_COMPETENT;
    for (int i = 5; i < 10; i++)
        grades[i] = ASSESSMENT_GRADE_UNGRADED;
    assert_int_equal(assessment_quota_pools(&c, p, grades, 10, &pools, &n, a), 0);
    assert_int_equal(pools[0].graded, 5);
    assert_int_equal(pools[0].allowed, 1);
    arena_free(a);
}

static void test_overrides(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct assessment_scheme s = scheme();
    struct assessment_config c = config(&s);
    const double r95[] = {N, N, 95, N, 95};
    unsigned facts[] = {ASSESSMENT_FACT_WARNING,
                        ASSESSMENT_FACT_PUNISHED,
                        ASSESSMENT_FACT_PROBATION,
                        ASSESSMENT_FACT_REFUSED,
                        ASSESSMENT_FACT_PARTY_SEVERE,
                        ASSESSMENT_FACT_PARTY_GRAVE,
                        ASSESSMENT_FACT_WARNING | ASSESSMENT_FACT_REFUSED};
    const char *expect[] = {"2", "5", "5", "4", "5", "4", "4"};
    const char *reason[] = {"不得确定为优秀", "处分影响期内", "试用期内",      "不参加年度考核",
                            "严重警告",       "撤销党内职务", "不参加年度考核"};
    for (size_t i = 0; i < sizeof facts / sizeof *facts; i++) {
        struct assessment_person p = {.id = 1, .facts = facts[i]};
        struct assessment_rating r = {0, 0, r95};
        struct assessment_result out;
        assessment_compute(&c, &p, 1, &r, 1, &out, a);
        assert_string_equal(out.grade, expect[i]);
        assert_non_null(strstr(out.reasons, reason[i]));
        assert_false(out.over_quota);
    }
    /* A warning does not lower 称职. */
    struct assessment_person p = {.id = 1, .facts = ASSESSMENT_FACT_WARNING};
    struct assessment_rating r = {0, 0, r80};
    struct assessment_result out;
    assessment_compute(&c, &p, 1, &r, 1, &out, a);
    assert_string_equal(out.grade, "2");
    assert_null(strstr(out.reasons, "不得确定为优秀"));
    /* Refusing without any score is 不称职 too. */
    p.facts = ASSESSMENT_FACT_REFUSED;
    assessment_compute(&c, &p, 1, NULL, 0, &out, a);
    assert_string_equal(out.grade, "4");
    arena_free(a);
}

static void test_punishment_facts(void **state)
{
    (void)state;
    struct date d = {2025, 3, 1};
    assert_int_equal(assessment_punishment_facts("Z01", d, 0, 2025), ASSESSMENT_FACT_WARNING);
    assert_int_equal(assessment_punishment_facts("Z01", d, 0, 2026), 0);
    assert_int_equal(assessment_punishment_facts("D01", d, 0, 2025), ASSESSMENT_FACT_WARNING);
    /* 记过 12 months from 2025-03-01: in effect on 2025-12-31, not 2026-12-31. */
    assert_int_equal(assessment_punishment_facts("Z02", d, 0, 2025), ASSESSMENT_FACT_PUNISHED);
    assert_int_equal(assessment_punishment_facts("Z02", d, 0, 2026), 0);
    /* 降级 24 months from 2025-03-01 reaches into 2026's year end? No: ends 2027-03-01. */
    assert_int_equal(assessment_punishment_facts("Z04", d, 0, 2026), ASSESSMENT_FACT_PUNISHED);
    assert_int_equal(assessment_punishment_facts("Z04", d, 0, 2024), 0);
    /* An explicit period overrides the table's. */
    assert_int_equal(assessment_punishment_facts("Z03", d, 6, 2025), 0);
    assert_int_equal(assessment_punishment_facts("D02", d, 0, 2025), ASSESSMENT_FACT_PARTY_SEVERE);
    assert_int_equal(assessment_punishment_facts("D03", d, 0, 2025), ASSESSMENT_FACT_PARTY_GRAVE);
    assert_int_equal(assessment_punishment_facts("O01", d, 0, 2025), 0);
    assert_int_equal(assessment_punishment_facts(NULL, d, 0, 2025), 0);
}

static void test_result_lists(void **state)
{
    (void)state;
    assert_string_equal(assessment_category_of("5B", "05"), "处级领导");
    assert_string_equal(assessment_category_of("6A", "06"), "处级非领导/职级");
    assert_string_equal(assessment_category_of(NULL, "07"), "科级及以下");
    assert_string_equal(assessment_category_of(NULL, NULL), "科级及以下");
    const char *g1[] = {"2", "1", "1", "1"};
    assert_int_equal(assessment_consecutive_excellent(g1, 4), 3);
    assert_int_equal(assessment_competent_years(g1, 4), 4);
    const char *g2[] = {"1", NULL, "1", "3", "5", "2"};
    assert_int_equal(assessment_consecutive_excellent(g2, 6), 0);
    assert_int_equal(assessment_competent_years(g2, 6), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scheme_weights),
        cmocka_unit_test(test_scale_values),
        cmocka_unit_test(test_trimmed_mean),
        cmocka_unit_test(test_groups_and_config),
        cmocka_unit_test(test_composite_and_renormalisation),
        cmocka_unit_test(test_ranks_and_ties),
        cmocka_unit_test(test_quota_rounding),
        cmocka_unit_test(test_unit_grade_table),
        cmocka_unit_test(test_unit_ranks_and_bounds),
        cmocka_unit_test(test_quota_pools),
        cmocka_unit_test(test_overrides),
        cmocka_unit_test(test_punishment_facts),
        cmocka_unit_test(test_result_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
