/* test_training.c — the hours arithmetic of 干部培训: the leave cap at exactly
 * 1/7 and just over, make-up sessions, rolling windows across year ends and
 * leap days, the day↔学时 conversion, unrecognised hours, and a promotion
 * that moves a person from 90 a year to 550 in 5 mid-window. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/codes.h"
#include "core/training.h"
#include "util/arena.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define D(y, m, d) ((struct date){(y), (m), (d)})

static const struct training_config *cfg = &training_config_default;

static void assert_date_eq(struct date got, struct date want)
{
    if (date_compare(got, want) != 0) {
        print_error("got %04d-%02d-%02d, want %04d-%02d-%02d\n", got.year, got.month, got.day,
                    want.year, want.month, want.day);
        fail();
    }
}

#define assert_hours(got, want) assert_float_equal((got), (want), 1e-9)

/* Seven 2-hour sessions (14 学时): 1/7 is exactly one session. */
static void test_leave_cap(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        enum training_mark marks[7];
        bool passed;
        double credited, missed;
    } cases[] = {
        {"all present", {1, 1, 1, 1, 1, 1, 1}, true, 14, 0},
        {"one leave = exactly 1/7", {1, 1, TRAINING_LEAVE, 1, 1, 1, 1}, true, 12, 2},
        {"two leaves > 1/7", {1, 1, TRAINING_LEAVE, TRAINING_LEAVE, 1, 1, 1}, false, 0, 4},
        {"absence counts like leave", {1, 1, 1, TRAINING_ABSENT, 1, 1, 1}, true, 12, 2},
        {"leave and absence > 1/7", {1, TRAINING_ABSENT, 1, TRAINING_LEAVE, 1, 1, 1}, false, 0, 4},
        {"made up: credits, still missed", {1, 1, TRAINING_MADE_UP, 1, 1, 1, 1}, true, 14, 2},
        {"made up twice: over the cap",
         {1, TRAINING_MADE_UP, TRAINING_MADE_UP, 1, 1, 1, 1},
         false,
         0,
         4},
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct training_session_mark m[7];
        for (int s = 0; s < 7; s++)
            m[s] = (struct training_session_mark){2, cases[i].marks[s]};
        struct training_class_result r;
        training_class_credit(cfg, m, 7, &r);
        if (r.passed != cases[i].passed)
            print_error("%s\n", cases[i].what);
        assert_int_equal(r.passed, cases[i].passed);
        assert_hours(r.total_hours, 14);
        assert_hours(r.credited_hours, cases[i].credited);
        assert_hours(r.missed_hours, cases[i].missed);
    }
}

/* Fractional hours: a 3.5-学时 leave of 24.5 is exactly 1/7; 3.51 is over. */
static void test_leave_cap_fractions(void **state)
{
    (void)state;
    assert_true(training_within_leave_cap(cfg, 3.5, 24.5));
    assert_false(training_within_leave_cap(cfg, 3.51, 24.5));
    assert_true(training_within_leave_cap(cfg, 0, 0));
    struct training_session_mark m[] = {
        {7, TRAINING_PRESENT}, {7, TRAINING_PRESENT}, {7, TRAINING_PRESENT}, {3.5, TRAINING_LEAVE}};
    struct training_class_result r;
    training_class_credit(cfg, m, N(m), &r);
    assert_true(r.passed);
    assert_hours(r.credited_hours, 21);
    m[3].hours = 3.6; /* 3.6 of 24.6 > 1/7 */
    training_class_credit(cfg, m, N(m), &r);
    assert_false(r.passed);
    assert_hours(r.credited_hours, 0);
    /* A configured cap of 1/5 lets it pass. */
    struct training_config loose = *cfg;
    loose.leave_cap_den = 5;
    training_class_credit(&loose, m, N(m), &r);
    assert_true(r.passed);
    /* No sessions: nothing to credit, nothing missed. */
    training_class_credit(cfg, NULL, 0, &r);
    assert_true(r.passed);
    assert_hours(r.credited_hours, 0);
}

static void test_conversion(void **state)
{
    (void)state;
    assert_hours(training_days_to_hours(cfg, 12), 90);
    assert_hours(training_hours_to_days(cfg, 90), 12);
    struct training_config eight = *cfg;
    eight.hours_per_day = 8;
    assert_hours(training_days_to_hours(&eight, 15), 120);
    size_t n;
    const struct training_requirement *reqs = training_requirements(&n);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(reqs[i].row.id, "training.appointment.upper") == 0) {
            /* 30 days, given in days only: the conversion decides. */
            assert_hours(training_requirement_hours(cfg, &reqs[i]), 225);
            assert_hours(training_requirement_hours(&eight, &reqs[i]), 240);
        }
        if (strcmp(reqs[i].row.id, "training.upper") == 0) /* "550 学时 or 3 months" */
            assert_hours(training_requirement_hours(&eight, &reqs[i]), 550);
        assert_non_null(reqs[i].row.source);
    }
}

static void test_windows(void **state)
{
    (void)state;
    /* Five years ending on a day start the day after that date 5 years back. */
    assert_date_eq(training_window_start(D(2026, 12, 7), 5), D(2021, 12, 8));
    assert_date_eq(training_window_start(D(2026, 12, 31), 5), D(2022, 1, 1));
    assert_date_eq(training_window_start(D(2027, 1, 1), 5), D(2022, 1, 2));
    /* Leap days: back from 29 Feb to a common year → 28 Feb, so 1 March. */
    assert_date_eq(training_window_start(D(2028, 2, 29), 5), D(2023, 3, 1));
    /* Back from 28 Feb to a leap year → the window includes 29 Feb. */
    assert_date_eq(training_window_start(D(2029, 2, 28), 5), D(2024, 2, 29));
    assert_date_eq(training_window_start(D(2024, 2, 29), 4), D(2020, 3, 1));

    struct training_credit c[] = {
        {D(2021, 12, 7), 100, true, NULL},  /* just outside a window ending 2026-12-07 */
        {D(2021, 12, 8), 100, true, NULL},  /* its first day */
        {D(2024, 2, 29), 50, true, NULL},   /* a leap day */
        {D(2026, 12, 7), 10, true, NULL},   /* the last day */
        {D(2026, 12, 8), 1000, true, NULL}, /* after */
        {D(2025, 6, 1), 40, false, NULL},   /* online: not recognised */
    };
    struct date to = D(2026, 12, 7);
    assert_hours(training_hours_between(c, N(c), training_window_start(to, 5), to, true), 160);
    assert_hours(training_hours_between(c, N(c), training_window_start(to, 5), to, false), 200);
    /* Windows ending around the leap day. */
    assert_hours(training_hours_between(c, N(c), training_window_start(D(2029, 2, 28), 5),
                                        D(2029, 2, 28), true),
                 1060); /* 29 Feb 2024 is in */
    assert_hours(training_hours_between(c, N(c), training_window_start(D(2029, 3, 1), 5),
                                        D(2029, 3, 1), true),
                 1010); /* it is not */
    /* A calendar year: across the year end nothing of December counts in January. */
    assert_hours(training_hours_between(c, N(c), D(2021, 1, 1), D(2021, 12, 31), true), 200);
    assert_hours(training_hours_between(c, N(c), D(2022, 1, 1), D(2022, 12, 31), true), 0);
}

static const struct career_record *career(struct career_record *c, const char *kind,
                                          const char *code, struct date start, struct date end)
{
    memset(c, 0, sizeof *c);
    c->kind = kind;
    if (strcmp(kind, "post") == 0)
        c->post_level = code;
    else
        c->rank = code;
    c->start_date = start;
    c->end_date = end;
    return c;
}

static void test_levels(void **state)
{
    (void)state;
    assert_true(training_is_upper("5B", NULL));
    assert_true(training_is_upper(NULL, "06"));
    assert_true(training_is_upper("4A", "07"));
    assert_false(training_is_upper("6A", "07"));
    assert_false(training_is_upper(NULL, NULL));
    assert_false(training_is_upper("zz", ""));
    /* The statistics' SQL split by code order agrees with training_is_upper
     * on every post level and rank code. */
    int post_order, rank_order;
    training_upper_orders(&post_order, &rank_order);
    const struct code_table *posts = codes_table("post_level"), *ranks = codes_table("rank");
    for (size_t i = 0; i < posts->count; i++)
        assert_int_equal(training_is_upper(posts->codes[i].code, NULL),
                         posts->codes[i].order > 0 && posts->codes[i].order <= post_order);
    for (size_t i = 0; i < ranks->count; i++)
        assert_int_equal(training_is_upper(NULL, ranks->codes[i].code),
                         ranks->codes[i].order > 0 && ranks->codes[i].order <= rank_order);
    assert_string_equal(training_age_bands[0].label, "29岁及以下");
    assert_int_equal(training_age_bands[TRAINING_AGE_BANDS - 1].age_min, 60);

    struct career_record c[3];
    career(&c[1], "rank", "08", D(2015, 1, 1), D(2020, 6, 30));
    career(&c[0], "rank", "07", D(2020, 7, 1), D(2025, 6, 30));
    career(&c[2], "post", "5B", D(2025, 7, 1), DATE_NONE);
    struct training_levels l;
    training_levels_of(c, 3, D(2024, 1, 1), &l);
    assert_false(l.upper);
    assert_date_eq(l.promoted_on, D(2020, 7, 1));
    assert_false(l.promoted_to_upper);
    training_levels_of(c, 3, D(2025, 12, 31), &l);
    assert_true(l.upper);
    assert_date_eq(l.upper_since, D(2025, 7, 1));
    assert_date_eq(l.promoted_on, D(2025, 7, 1));
    assert_true(l.promoted_to_upper);
    /* A first record is an entry, not a promotion. */
    training_levels_of(c, 3, D(2016, 1, 1), &l);
    assert_true(date_is_none(l.promoted_on));
}

static const struct training_check *find(const struct training_check *k, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(k[i].req->row.id, id) == 0)
            return &k[i];
    return NULL;
}

/* 二级主任科员 → 一级主任科员 (2020) → 副处长 (2025-07-01): in 2024 the
 * 90-a-year rule; at the end of 2025 the 550-in-5 rule over the five years
 * back, counting the hours earned while under the 90 rule, with a year's
 * grace after the promotion, plus 任职培训 of 30 days. */
static void test_promotion_mid_window(void **state)
{
    (void)state;
    size_t nreq;
    const struct training_requirement *reqs = training_requirements(&nreq);
    struct career_record c[3];
    career(&c[0], "rank", "08", D(2015, 1, 1), D(2020, 6, 30));
    career(&c[1], "rank", "07", D(2020, 7, 1), D(2025, 6, 30));
    career(&c[2], "post", "5B", D(2025, 7, 1), DATE_NONE);
    struct training_credit credits[] = {
        {D(2021, 11, 1), 90, true, TRAINING_INSERVICE},
        {D(2022, 11, 1), 90, true, TRAINING_INSERVICE},
        {D(2023, 11, 1), 90, true, TRAINING_INSERVICE},
        {D(2024, 11, 1), 90, true, TRAINING_INSERVICE},
        {D(2024, 12, 1), 30, false, TRAINING_ONLINE},
        {D(2025, 5, 20), 60, true, TRAINING_INSERVICE},
    };
    struct training_levels l;
    struct training_check k[3];

    training_levels_of(c, 3, D(2024, 12, 31), &l);
    size_t n = training_compliance(cfg, reqs, nreq, credits, N(credits), &l, DATE_NONE,
                                   D(2024, 12, 31), k);
    const struct training_check *y = find(k, n, "training.lower");
    assert_non_null(y);
    assert_hours(y->required, 90);
    assert_hours(y->credited, 90);
    assert_hours(y->unrecognised, 30);
    assert_hours(y->shortfall, 0);
    assert_date_eq(y->from, D(2024, 1, 1));
    assert_date_eq(y->to, D(2024, 12, 31));

    training_levels_of(c, 3, D(2025, 12, 31), &l);
    n = training_compliance(cfg, reqs, nreq, credits, N(credits), &l, DATE_NONE, D(2025, 12, 31),
                            k);
    assert_null(find(k, n, "training.lower"));
    const struct training_check *u = find(k, n, "training.upper");
    assert_non_null(u);
    assert_hours(u->required, 550);
    assert_hours(u->credited, 420); /* 2021-11 .. 2025-05, recognised only */
    assert_hours(u->unrecognised, 30);
    assert_hours(u->shortfall, 130);
    assert_date_eq(u->from, D(2021, 1, 1));
    assert_date_eq(u->due, D(2026, 7, 1)); /* a year after the promotion */
    const struct training_check *a = find(k, n, "training.appointment.upper");
    assert_non_null(a);
    assert_hours(a->required, 225); /* 30 days × 7.5 */
    assert_hours(a->credited, 0);
    assert_date_eq(a->due, D(2026, 7, 1));

    /* A 任职培训 class of 30 days closes both. */
    struct training_credit more[N(credits) + 1];
    memcpy(more, credits, sizeof credits);
    more[N(credits)] = (struct training_credit){D(2026, 3, 31), 225, true, TRAINING_APPOINTMENT};
    training_levels_of(c, 3, D(2026, 4, 1), &l);
    n = training_compliance(cfg, reqs, nreq, more, N(more), &l, DATE_NONE, D(2026, 4, 1), k);
    u = find(k, n, "training.upper");
    assert_hours(u->credited, 645); /* the window starts 2021-04-02 */
    assert_hours(u->shortfall, 0);
    a = find(k, n, "training.appointment.upper");
    assert_hours(a->shortfall, 0);
    /* Long after the promotion neither grace nor the 任职培训 line remain. */
    training_levels_of(c, 3, D(2027, 12, 31), &l);
    n = training_compliance(cfg, reqs, nreq, more, N(more), &l, DATE_NONE, D(2027, 12, 31), k);
    assert_null(find(k, n, "training.appointment.upper"));
    u = find(k, n, "training.upper");
    assert_date_eq(u->due, D(2027, 12, 31));
    assert_date_eq(u->from, D(2023, 1, 1));
    assert_hours(u->credited, 90 + 90 + 60 + 225);
}

/* 初任培训: 12 days within the probation year after entry. */
static void test_initial(void **state)
{
    (void)state;
    size_t nreq;
    const struct training_requirement *reqs = training_requirements(&nreq);
    struct career_record c[1];
    career(&c[0], "rank", "12", D(2026, 1, 5), DATE_NONE);
    struct training_levels l;
    training_levels_of(c, 1, D(2026, 6, 1), &l);
    struct training_credit credits[] = {{D(2026, 4, 30), 60, true, TRAINING_INITIAL},
                                        {D(2026, 5, 30), 30, true, TRAINING_INSERVICE}};
    struct training_check k[3];
    size_t n = training_compliance(cfg, reqs, nreq, credits, N(credits), &l, D(2026, 1, 5),
                                   D(2026, 6, 1), k);
    const struct training_check *i = find(k, n, "training.initial");
    assert_non_null(i);
    assert_hours(i->required, 90);
    assert_hours(i->credited, 60); /* only 初任培训 counts here */
    assert_hours(i->shortfall, 30);
    assert_date_eq(i->due, D(2027, 1, 5));
    const struct training_check *y = find(k, n, "training.lower");
    assert_hours(y->credited, 90); /* both count toward the year */
    /* Entered long ago: no 初任培训 line. */
    n = training_compliance(cfg, reqs, nreq, credits, N(credits), &l, D(2010, 1, 5), D(2026, 6, 1),
                            k);
    assert_null(find(k, n, "training.initial"));
}

static void test_categories(void **state)
{
    (void)state;
    assert_string_equal(training_category_code("网络培训"), TRAINING_ONLINE);
    assert_string_equal(training_category_code("appointment"), TRAINING_APPOINTMENT);
    assert_null(training_category_code("其他"));
    assert_false(training_category_recognised(TRAINING_ONLINE));
    assert_false(training_category_recognised(TRAINING_SELF));
    assert_true(training_category_recognised(TRAINING_INSERVICE));
    assert_string_equal(training_category_label(TRAINING_INITIAL), "初任培训");
}

/* Suggested mentors: higher, no weak grade, under the apprentice limit;
 * same unit first; each with its reasons. */
static void test_mentor_suggestions(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct training_mentor_candidate apprentice = {.person_id = 1, .unit_id = 10, .rank = "08"};
    struct training_mentor_candidate c[] = {
        {.person_id = 2, .unit_id = 11, .rank = "05", .excellent = 2},       /* other unit */
        {.person_id = 3, .unit_id = 10, .post_level = "6A", .competent = 3}, /* same unit */
        {.person_id = 4, .unit_id = 10, .rank = "05", .weak = 1},            /* a weak grade */
        {.person_id = 5, .unit_id = 10, .rank = "04", .apprentices = 2},     /* full */
        {.person_id = 6, .unit_id = 10, .rank = "09"},                       /* lower */
        {.person_id = 7, .unit_id = 10, .rank = "08"},                       /* equal */
    };
    struct training_mentor_suggestion out[8];
    size_t n = training_mentor_suggest(a, &training_config_default, &apprentice, c, 6, out, 8);
    assert_int_equal(n, 2);
    assert_int_equal(out[0].candidate->person_id, 3);
    assert_int_equal(out[1].candidate->person_id, 2);
    assert_non_null(strstr(out[0].reasons, "同一单位"));
    assert_non_null(strstr(out[1].reasons, "三级调研员高于徒弟（二级主任科员）"));
    struct training_config same = training_config_default;
    same.mentor_same_unit = true;
    assert_int_equal(training_mentor_suggest(a, &same, &apprentice, c, 6, out, 8), 1);
    same.mentor_max_apprentices = 3;
    assert_int_equal(training_mentor_suggest(a, &same, &apprentice, c, 6, out, 8), 2);
    assert_int_equal(training_mentor_suggest(a, &same, &apprentice, c, 6, out, 1), 1);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leave_cap),
        cmocka_unit_test(test_leave_cap_fractions),
        cmocka_unit_test(test_conversion),
        cmocka_unit_test(test_windows),
        cmocka_unit_test(test_levels),
        cmocka_unit_test(test_promotion_mid_window),
        cmocka_unit_test(test_initial),
        cmocka_unit_test(test_categories),
        cmocka_unit_test(test_mentor_suggestions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
