/* test_qualify_property.c — over random careers (fixed seed): with no new
 * punishment, grade or rule change, a "符合" on day D stays "符合" on every
 * later day until the person is promoted (or reaches retirement age, which
 * ends the question). Also: the change date of a "尚不符合" on months is the
 * day it becomes "符合" when nothing else blocks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/qualify.h"
#include "core/rules.h"
#include "util/arena.h"

/* A small deterministic generator (xorshift64*), so a failure reproduces. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (unsigned)((rng_state * 0x2545F4914F6CDD1Dull) >> 33) % n;
}

static struct date rnd_day(int year_lo, int year_hi)
{
    int y = year_lo + (int)rnd((unsigned)(year_hi - year_lo + 1));
    int m = 1 + (int)rnd(12);
    int d = rnd(5) == 0 ? 0 : 1 + (int)rnd((unsigned)date_days_in_month(y, m));
    return (struct date){y, m, d};
}

static const char *const RANKS[] = {"12", "11", "10", "09", "08", "07", "06", "05", "04"};
static const char *const LEVELS[] = {"6B", "6A", "5B", "5A"};
static const char *const PUNISH[] = {"Z01", "Z02", "Z03", "D01", "D02", "O01", "O02"};

enum { MAX_REC = 16 };

/* The result for `t` (kind, code and party post) in `rep`, or NULL. */
static const struct qualify_result *find_same(const struct qualify_report *rep,
                                              const struct qualify_target *t)
{
    for (const struct qualify_result *r = rep->results; r; r = r->next)
        if (r->target.kind == t->kind && strcmp(r->target.code, t->code) == 0 &&
            r->target.party_post == t->party_post)
            return r;
    return NULL;
}

struct random_person {
    struct person p;
    struct career_record career[MAX_REC];
    size_t career_count;
    struct assessment_record grades[40];
    size_t grade_count;
    struct punishment_record pun[4];
    size_t pun_count;
    struct education_record edu[1];
    struct family_record fam[2];
    struct qualify_training tr[3];
    struct qualify_input in;
};

/* Builds a person whose every record is known on `day` (nothing dated after it). */
static void make_person(struct random_person *rp, struct date day)
{
    memset(rp, 0, sizeof *rp);
    rp->p = (struct person){
        .id = 1,
        .gender = rnd(2) ? "1" : "2",
        .birth_date = rnd_day(1962, 1990),
        .party = rnd(4) ? "01" : "13",
        .unit_id = 1,
    };
    rp->p.work_start_date = date_add_months(rp->p.birth_date, 12 * 20 + (int)rnd(60));
    rp->p.party_join_date = rp->p.party[0] == '0' && rp->p.party[1] == '1'
                                ? date_add_months(rp->p.birth_date, 12 * 19 + (int)rnd(120))
                                : DATE_NONE;
    /* A rank ladder from the work start, each rank 12..60 months, the last open. */
    struct date at = rp->p.work_start_date;
    size_t level = 0;
    while (level < 9 && rp->career_count < 10) {
        struct career_record *r = &rp->career[rp->career_count++];
        *r = (struct career_record){.id = (long long)rp->career_count,
                                    .kind = "rank",
                                    .rank = RANKS[level],
                                    .start_date = at};
        struct date next = date_add_months(at, 12 + (int)rnd(49));
        if (date_compare(next, day) > 0 || rnd(6) == 0)
            break;
        r->end_date = next;
        at = next;
        level++;
    }
    /* Sometimes leadership posts alongside, with a concurrent one. */
    if (rnd(2)) {
        struct date ps = date_add_months(rp->p.work_start_date, 24 + (int)rnd(60));
        for (size_t k = 0; k < 4 && date_compare(ps, day) < 0; k++) {
            struct career_record *r = &rp->career[rp->career_count++];
            *r = (struct career_record){.id = (long long)rp->career_count,
                                        .kind = "post",
                                        .post_level = LEVELS[k],
                                        .title = "职位",
                                        .unit_id = (long long)k + 1,
                                        .start_date = ps,
                                        .concurrent = rnd(8) == 0};
            struct date next = date_add_months(ps, 18 + (int)rnd(48));
            if (date_compare(next, day) > 0 || rnd(3) == 0)
                break;
            r->end_date = next;
            ps = next;
        }
    }
    /* Grades for finished years only (a new grade is what the property excludes). */
    for (int y = rp->p.work_start_date.year; y < day.year && rp->grade_count < 40; y++) {
        if (rnd(10) == 0)
            continue;
        static const char *const g[] = {"1", "2", "2", "2", "2", "3", "5"};
        rp->grades[rp->grade_count++] =
            (struct assessment_record){.id = y, .year = y, .grade = g[rnd(7)]};
    }
    for (size_t k = rnd(3); k > 0; k--) {
        struct date d = date_add_months(day, -(int)rnd(60));
        if (d.day == 0)
            d.day = 1;
        rp->pun[rp->pun_count++] = (struct punishment_record){
            .id = (long long)rp->pun_count + 1, .kind = PUNISH[rnd(7)], .decision_date = d};
    }
    rp->edu[0] = (struct education_record){.id = 1,
                                           .kind = "fulltime",
                                           .education = rnd(2) ? "21" : "31",
                                           .end_date = rp->p.work_start_date};
    rp->fam[0] = (struct family_record){
        .id = 1, .relation = "12", .name = "配偶", .status = rnd(10) == 0 ? "移居国(境)外" : ""};
    rp->fam[1] = (struct family_record){
        .id = 2, .relation = "20", .name = "子", .status = rnd(4) == 0 ? "移居国外" : ""};
    size_t tn = rnd(4);
    for (size_t k = 0; k < tn; k++)
        rp->tr[k] = (struct qualify_training){.hours = 50 + rnd(400),
                                              .date = date_add_months(day, -(int)rnd(70))};
    rp->in = (struct qualify_input){
        .person = &rp->p,
        .career = rp->career,
        .career_count = rp->career_count,
        .assessments = rp->grades,
        .assessment_count = rp->grade_count,
        .punishments = rp->pun,
        .punishment_count = rp->pun_count,
        .education = rp->edu,
        .education_count = 1,
        .family = rp->fam,
        .family_count = 2,
        .training = rp->tr,
        .training_count = tn,
        .grassroots_months = rnd(3) ? 12 + (int)rnd(60) : -1,
        /* Read on `day`: later years have no grade yet, which is not missing. */
        .records_as_of = day,
    };
}

static void test_eligible_stays_eligible(void **state)
{
    (void)state;
    const struct rules *rules = rules_seed();
    size_t eligible_seen = 0, checked = 0;
    for (int trial = 0; trial < 400; trial++) {
        struct arena *a = arena_new();
        struct date day = rnd_day(2020, 2030);
        if (day.day == 0)
            day.day = 1;
        struct random_person rp;
        make_person(&rp, day);
        struct qualify_target asked[] = {{QUALIFY_RANK, "05", RULES_PARTY_NONE},
                                         {QUALIFY_POST, "5B", RULES_PARTY_COUNTY_COMMITTEE}};
        struct qualify_report *rep = NULL;
        assert_int_equal(qualify_evaluate(a, rules, &rp.in, day, asked, 2, &rep), 0);
        for (const struct qualify_result *r = rep->results; r; r = r->next) {
            if (r->verdict != QUALIFY_ELIGIBLE)
                continue;
            eligible_seen++;
            /* Every later month, up to 8 years or the retirement month. */
            for (int k = 1; k <= 96; k++) {
                struct date later = date_add_months(day, k);
                later = date_add_days(later, (int)rnd(28));
                if (!date_is_none(rep->retirement_date) &&
                    date_compare(later, rep->retirement_date) >= 0)
                    break;
                struct qualify_report *rep2 = NULL;
                size_t n_asked = r->asked ? 1 : 0;
                assert_int_equal(
                    qualify_evaluate(a, rules, &rp.in, later, &r->target, n_asked, &rep2), 0);
                const struct qualify_result *r2 = find_same(rep2, &r->target);
                checked++;
                if (r2 == NULL || r2->verdict != QUALIFY_ELIGIBLE) {
                    char d1[16], d2[16];
                    fail_msg("trial %d: %s eligible on %s but %s on %s", trial, r->label,
                             date_format_iso(day, d1),
                             r2 ? qualify_verdict_name(r2->verdict) : "absent",
                             date_format_iso(later, d2));
                }
            }
        }
        arena_free(a);
    }
    print_message("eligible verdicts %zu, later days checked %zu\n", eligible_seen, checked);
    assert_true(eligible_seen > 20);
}

/* A "尚不符合" whose only decisive reasons are shortfalls with an `until`
 * day becomes "符合" exactly then (or barred by retirement), and not a day
 * earlier. */
static void test_change_date_is_exact(void **state)
{
    (void)state;
    const struct rules *rules = rules_seed();
    size_t seen = 0;
    for (int trial = 0; trial < 400; trial++) {
        struct arena *a = arena_new();
        struct date day = rnd_day(2020, 2030);
        if (day.day == 0)
            day.day = 1;
        struct random_person rp;
        make_person(&rp, day);
        rp.in.punishment_count = 0;
        struct qualify_report *rep = NULL;
        assert_int_equal(qualify_evaluate(a, rules, &rp.in, day, NULL, 0, &rep), 0);
        for (const struct qualify_result *r = rep->results; r; r = r->next) {
            if (r->verdict != QUALIFY_NOT_YET || date_is_none(r->change_date) ||
                r->change_date.day == 0)
                continue;
            bool all_dated = true;
            for (const struct qualify_reason *x = r->reasons; x; x = x->next)
                if (x->decisive && x->effect != QUALIFY_MET && date_is_none(x->until))
                    all_dated = false;
            if (!all_dated)
                continue;
            struct qualify_report *at = NULL, *before = NULL;
            struct date eve = date_add_days(r->change_date, -1);
            assert_int_equal(qualify_evaluate(a, rules, &rp.in, r->change_date, NULL, 0, &at), 0);
            assert_int_equal(qualify_evaluate(a, rules, &rp.in, eve, NULL, 0, &before), 0);
            const struct qualify_result *ra = find_same(at, &r->target);
            const struct qualify_result *rb = find_same(before, &r->target);
            assert_non_null(ra);
            assert_non_null(rb);
            if (ra->verdict == QUALIFY_NOT_YET) {
                char d1[16];
                fail_msg("trial %d: %s still not yet on its change date %s", trial, r->label,
                         date_format_iso(r->change_date, d1));
            }
            if (date_compare(eve, day) >= 0)
                assert_int_not_equal(rb->verdict, QUALIFY_ELIGIBLE);
            seen++;
        }
        arena_free(a);
    }
    print_message("not-yet verdicts with a change date checked: %zu\n", seen);
    assert_true(seen > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eligible_stays_eligible),
        cmocka_unit_test(test_change_date_is_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
