/* test_record_checks.c — the record checks on their own (the hand-worked
 * check_*.json cases run them through qualify_evaluate in test_qualify.c):
 * a clean file has no finding, a 简历 gap is found and marked 待本单位确认
 * until its [ONE] row is confirmed, two ranks at once are found, and the
 * same-level tenure merges overlapping posts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/date.h"
#include "core/record_checks.h"
#include "core/rules.h"
#include "util/arena.h"

#define D(y, m, d) ((struct date){(y), (m), (d)})

struct file {
    struct person p;
    struct career_record career[4];
    size_t n;
    struct qualify_input in;
};

static void make(struct file *f)
{
    memset(f, 0, sizeof *f);
    f->p = (struct person){.id = 1,
                           .name = "测试",
                           .gender = "1",
                           .birth_date = D(1980, 5, 10),
                           .work_start_date = D(2002, 7, 1),
                           .id_number = "110105198005100019",
                           .party = "13",
                           .unit_id = 1};
}

static void add(struct file *f, const char *kind, const char *code, struct date from,
                struct date to)
{
    struct career_record *r = &f->career[f->n++];
    bool rank = strcmp(kind, "rank") == 0;
    *r = (struct career_record){.id = (long long)f->n,
                                .kind = kind,
                                .rank = rank ? code : NULL,
                                .post_level = rank ? NULL : code,
                                .title = rank ? NULL : "科长",
                                .unit_id = 1,
                                .start_date = from,
                                .end_date = to};
}

static struct qualify_report *run(struct arena *a, const struct rules *rules, struct file *f,
                                  struct date day)
{
    f->in = (struct qualify_input){
        .person = &f->p, .career = f->career, .career_count = f->n, .grassroots_months = -1};
    struct qualify_report *rep = arena_calloc(a, 1, sizeof *rep);
    record_checks_run(a, rules, &f->in, day, rep);
    return rep;
}

static const struct qualify_finding *find(const struct qualify_report *rep, const char *id)
{
    for (const struct qualify_finding *x = rep->findings; x; x = x->next)
        if (strcmp(x->rule_id, id) == 0)
            return x;
    return NULL;
}

static void test_clean(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct file f;
    make(&f);
    add(&f, "rank", "10", D(2003, 7, 1), D(2008, 7, 1));
    add(&f, "rank", "09", D(2008, 7, 1), DATE_NONE);
    struct qualify_report *rep = run(a, rules_seed(), &f, D(2024, 3, 1));
    assert_int_equal(rep->finding_count, 0);
    assert_null(rep->findings);
    arena_free(a);
}

static void test_gap_marked_until_confirmed(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct file f;
    make(&f);
    add(&f, "rank", "10", D(2003, 7, 1), D(2010, 6, 30));
    add(&f, "rank", "09", D(2013, 1, 1), DATE_NONE);
    struct qualify_report *rep = run(a, rules_seed(), &f, D(2024, 3, 1));
    const struct qualify_finding *gap = find(rep, "check.career_gap");
    assert_non_null(gap);
    assert_true(gap->needs_confirmation);
    assert_int_equal(gap->record_id, 2);
    assert_non_null(strstr(gap->text, "中断 2 年 7 个月"));
    /* Dates as the UI writes them (date_format_display), not ISO. */
    assert_non_null(strstr(gap->text, "在 2010.06.30 至 2013.01.01 之间"));
    /* Confirmed by the office: the same finding, no longer flagged. */
    struct rules *copy = arena_alloc(a, sizeof *copy);
    *copy = *rules_seed();
    struct rules_check *checks = arena_calloc(a, copy->check_count, sizeof *checks);
    memcpy(checks, copy->checks, copy->check_count * sizeof *checks);
    for (size_t i = 0; i < copy->check_count; i++)
        if (strcmp(checks[i].row.id, "check.career_gap") == 0)
            checks[i].row.confirmed = true;
    copy->checks = checks;
    rep = run(a, copy, &f, D(2024, 3, 1));
    gap = find(rep, "check.career_gap");
    assert_non_null(gap);
    assert_false(gap->needs_confirmation);
    arena_free(a);
}

static void test_rank_overlap_and_same_level(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct file f;
    make(&f);
    add(&f, "rank", "08", D(2003, 7, 1), D(2012, 1, 1));
    add(&f, "rank", "07", D(2011, 1, 1), DATE_NONE);
    /* Two 6A posts, overlapping by a year: 2006-01 .. 2021-01 merged, 15 years. */
    add(&f, "post", "6A", D(2006, 1, 1), D(2014, 1, 1));
    add(&f, "post", "6A", D(2013, 1, 1), DATE_NONE);
    f.career[3].title = "处长";
    struct qualify_report *rep = run(a, rules_seed(), &f, D(2021, 1, 1));
    assert_non_null(find(rep, "check.rank_overlap"));
    const struct qualify_finding *level = NULL;
    for (const struct qualify_finding *x = rep->findings; x; x = x->next)
        if (strstr(x->text, "累计任职 15 年"))
            level = x;
    assert_non_null(level);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean),
        cmocka_unit_test(test_gap_marked_until_confirmed),
        cmocka_unit_test(test_rank_overlap_and_same_level),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
