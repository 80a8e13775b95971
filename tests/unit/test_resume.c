/* test_resume.c — the 简历 generator: one test per rule of core/resume.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/resume.h"
#include "util/arena.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static struct arena *arena;

static int setup(void **state)
{
    (void)state;
    arena = arena_new();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_free(arena);
    return 0;
}

/* 湖南省 (其他) > 省发展研究厅 (机关) > 统计调查处, 综合规划处 (内设机构);
 * 省经济信息中心 (直属单位) under the 厅, and its 网络部 (内设机构). */
static const struct resume_unit units[] = {
    {1, 0, "省发展研究厅", "1"},       {2, 1, "统计调查处", "2"}, {3, 1, "综合规划处", "2"},
    {4, 1, "省经济信息中心", "3"},     {5, 4, "网络部", "2"},     {6, 0, "湖南省", "9"},
    {7, 1, "省发展研究厅办公室", "2"},
};

static struct date d(int y, int m, int day)
{
    return (struct date){y, m, day};
}

static struct career_record post(long long id, long long unit, const char *title, struct date s,
                                 struct date e)
{
    return (struct career_record){.id = id,
                                  .kind = "post",
                                  .unit_id = unit,
                                  .title = title,
                                  .post_level = "5B",
                                  .start_date = s,
                                  .end_date = e};
}

static struct career_record rank(long long id, long long unit, const char *code, struct date s,
                                 struct date e)
{
    return (struct career_record){
        .id = id, .kind = "rank", .unit_id = unit, .rank = code, .start_date = s, .end_date = e};
}

static struct resume build(const struct career_record *c, size_t nc,
                           const struct education_record *e, size_t ne)
{
    struct resume_input in = {c, nc, e, ne, units, N(units), 0};
    struct resume r;
    assert_int_equal(resume_build(&in, arena, &r), 0);
    return r;
}

static void test_fulltime_study_line(void **state)
{
    (void)state;
    struct education_record e[] = {{.kind = "fulltime",
                                    .education = "21",
                                    .degree = "4",
                                    .school = "湖南大学经济学院",
                                    .major = "经济学",
                                    .start_date = {1994, 9, 1},
                                    .end_date = {1998, 7, 1}}};
    struct resume r = build(NULL, 0, e, 1);
    assert_int_equal(r.line_count, 1);
    assert_int_equal(r.lines[0].kind, RESUME_LINE_STUDY);
    assert_string_equal(r.lines[0].period, "1994.09--1998.07");
    assert_string_equal(r.lines[0].line, "1994.09--1998.07  湖南大学经济学院经济学专业学习");
    assert_int_equal(r.gap_count, 0);
}

static void test_graduate_study_says_so(void **state)
{
    (void)state;
    struct education_record e[] = {{.kind = "fulltime",
                                    .education = "14",
                                    .school = "北京大学",
                                    .major = "统计学专业",
                                    .start_date = {1998, 9, 0},
                                    .end_date = {2001, 7, 0}}};
    struct resume r = build(NULL, 0, e, 1);
    assert_string_equal(r.lines[0].text, "北京大学统计学专业研究生学习");
}

static void test_post_and_rank_of_one_period_share_a_line(void **state)
{
    (void)state;
    struct career_record c[] = {
        post(1, 2, "统计调查处副处长", d(2015, 3, 1), DATE_NONE),
        rank(2, 2, "06", d(2015, 3, 1), DATE_NONE),
    };
    struct resume r = build(c, N(c), NULL, 0);
    assert_int_equal(r.line_count, 1);
    assert_string_equal(r.lines[0].line,
                        "2015.03--         省发展研究厅统计调查处副处长、四级调研员");
    assert_true(date_is_none(r.lines[0].end));
}

static void test_a_change_of_rank_starts_a_new_line(void **state)
{
    (void)state;
    struct career_record c[] = {
        post(1, 2, "副处长", d(2015, 3, 1), DATE_NONE),
        rank(2, 2, "06", d(2013, 1, 1), d(2017, 5, 1)),
        rank(3, 2, "05", d(2017, 5, 1), DATE_NONE),
    };
    struct resume r = build(c, N(c), NULL, 0);
    assert_int_equal(r.line_count, 3);
    assert_string_equal(r.lines[0].line, "2013.01--2015.03  省发展研究厅统计调查处四级调研员");
    assert_string_equal(r.lines[1].line,
                        "2015.03--2017.05  省发展研究厅统计调查处副处长、四级调研员");
    assert_string_equal(r.lines[2].line,
                        "2017.05--         省发展研究厅统计调查处副处长、三级调研员");
}

static void test_units_named_in_full_with_their_organ(void **state)
{
    (void)state;
    assert_string_equal(resume_unit_full_name(units, N(units), 3, arena), "省发展研究厅综合规划处");
    assert_string_equal(resume_unit_full_name(units, N(units), 1, arena), "省发展研究厅");
    /* A 直属单位 is an organ of its own; its 内设机构 go under it. */
    assert_string_equal(resume_unit_full_name(units, N(units), 4, arena), "省经济信息中心");
    assert_string_equal(resume_unit_full_name(units, N(units), 5, arena), "省经济信息中心网络部");
    /* A name that already carries the organ's is not doubled. */
    assert_string_equal(resume_unit_full_name(units, N(units), 7, arena), "省发展研究厅办公室");
    assert_null(resume_unit_full_name(units, N(units), 99, arena));

    struct career_record c[] = {post(1, 3, "综合规划处处长", d(2010, 1, 1), DATE_NONE)};
    struct resume r = build(c, N(c), NULL, 0);
    assert_string_equal(r.lines[0].text, "省发展研究厅综合规划处处长");
    /* The head of the organ: a title without the unit gets it. */
    struct career_record head[] = {post(1, 1, "厅长", d(2010, 1, 1), DATE_NONE)};
    r = build(head, 1, NULL, 0);
    assert_string_equal(r.lines[0].text, "省发展研究厅厅长");
}

static void test_county_post_keeps_its_county_organ(void **state)
{
    (void)state;
    struct career_record c[] = {
        post(1, 0, "湘潭县发展和改革局副局长", d(2001, 8, 1), d(2006, 3, 1)),
        {.id = 2,
         .kind = "rank",
         .title = "湘潭县发展和改革局",
         .rank = "09",
         .start_date = {2001, 8, 1},
         .end_date = {2006, 3, 1},
         .grassroots = true},
        post(3, 2, "统计调查处副处长", d(2006, 3, 1), DATE_NONE),
    };
    struct resume r = build(c, N(c), NULL, 0);
    assert_int_equal(r.line_count, 2);
    assert_string_equal(r.lines[0].line,
                        "2001.08--2006.03  湘潭县发展和改革局副局长、三级主任科员");
    /* A rank alone outside our tree keeps the county organ. */
    struct career_record alone[] = {c[1]};
    r = build(alone, 1, NULL, 0);
    assert_string_equal(r.lines[0].text, "湘潭县发展和改革局三级主任科员");
}

static void test_same_organ_not_repeated(void **state)
{
    (void)state;
    struct career_record c[] = {
        post(1, 2, "统计调查处处长", d(2018, 1, 1), DATE_NONE),
        {.id = 2,
         .kind = "post",
         .unit_id = 3,
         .title = "综合规划处处长",
         .post_level = "5A",
         .concurrent = true,
         .start_date = {2018, 1, 1}},
        rank(3, 2, "04", d(2018, 1, 1), DATE_NONE),
    };
    struct resume r = build(c, N(c), NULL, 0);
    assert_int_equal(r.line_count, 1);
    assert_string_equal(r.lines[0].text, "省发展研究厅统计调查处处长、综合规划处处长、二级调研员");
}

static void test_inservice_study_inside_the_period(void **state)
{
    (void)state;
    struct career_record c[] = {post(1, 3, "综合规划处科员", d(2003, 7, 1), d(2009, 1, 1))};
    struct education_record e[] = {
        {.kind = "fulltime",
         .education = "21",
         .school = "湖南大学经济学院",
         .major = "经济学",
         .start_date = {1999, 9, 1},
         .end_date = {2003, 7, 1}},
        {.kind = "inservice",
         .education = "14",
         .degree = "3",
         .school = "中共湖南省委党校",
         .major = "经济管理",
         .start_date = {2005, 9, 1},
         .end_date = {2008, 7, 1}},
    };
    struct resume r = build(c, N(c), e, N(e));
    assert_int_equal(r.line_count, 2);
    assert_int_equal(r.lines[0].kind, RESUME_LINE_STUDY);
    assert_string_equal(r.lines[1].line,
                        "2003.07--2009.01  省发展研究厅综合规划处科员"
                        "（其间：2005.09--2008.07在中共湖南省委党校经济管理专业在职研究生学习）");
    /* Bachelor and master study are told apart, full-time and in-service too. */
    assert_null(strstr(r.lines[0].text, "在职"));
    assert_int_equal(r.gap_count, 0);
}

static void test_inservice_study_outside_work_stands_alone(void **state)
{
    (void)state;
    struct education_record e[] = {{.kind = "inservice",
                                    .education = "21",
                                    .school = "湖南广播电视大学",
                                    .major = "法学",
                                    .start_date = {2000, 3, 0},
                                    .end_date = {2002, 7, 0}}};
    struct resume r = build(NULL, 0, e, 1);
    assert_int_equal(r.line_count, 1);
    assert_int_equal(r.lines[0].kind, RESUME_LINE_INSERVICE);
    assert_string_equal(r.lines[0].line, "2000.03--2002.07  湖南广播电视大学法学专业在职大学学习");
}

static void test_gaps_between_periods_are_flagged(void **state)
{
    (void)state;
    struct career_record c[] = {
        post(1, 2, "科员", d(2003, 7, 1), d(2006, 1, 1)),
        post(2, 3, "副主任科员", d(2007, 4, 1), DATE_NONE),
    };
    struct resume r = build(c, N(c), NULL, 0);
    assert_int_equal(r.line_count, 2);
    assert_string_equal(r.lines[0].period, "2003.07--2006.01");
    assert_int_equal(r.gap_count, 1);
    assert_int_equal(r.gaps[0].months, 15);
    assert_int_equal(r.gaps[0].from.year, 2006);
    assert_int_equal(r.gaps[0].to.month, 4);
    assert_string_equal(r.gaps[0].message,
                        "简历在 2006.01 至 2007.04 之间中断 15 个月，请核实后再打印");

    /* One month between graduation and work is below the threshold (2). */
    struct education_record e[] = {{.kind = "fulltime",
                                    .education = "21",
                                    .school = "湖南大学",
                                    .start_date = {1999, 9, 1},
                                    .end_date = {2003, 6, 1}}};
    r = build(c + 1, 1, e, 1);
    assert_int_equal(r.gap_count, 1); /* 2003.06 → 2007.04 */
    struct resume_input in = {c, 1, e, 1, units, N(units), 2};
    assert_int_equal(resume_build(&in, arena, &r), 0);
    assert_int_equal(r.gap_count, 0); /* 2003.06 → 2003.07: one month */
    in.gap_months = 1;
    assert_int_equal(resume_build(&in, arena, &r), 0);
    assert_int_equal(r.gap_count, 1);
}

static void test_end_on_a_months_last_day(void **state)
{
    (void)state;
    /* A post ended 2012-01-31, the next began 2012-02-01, the rank ran on:
     * no one-month line of the rank alone, and no gap. */
    struct career_record c[] = {
        post(1, 2, "科员", d(2008, 3, 1), d(2012, 1, 31)),
        post(2, 2, "副主任科员", d(2012, 2, 1), DATE_NONE),
        rank(3, 2, "10", d(2008, 3, 1), DATE_NONE),
    };
    struct resume r = build(c, N(c), NULL, 0);
    assert_int_equal(r.line_count, 2);
    assert_string_equal(r.lines[0].period, "2008.03--2012.02");
    assert_string_equal(r.lines[1].period, "2012.02--");
    assert_int_equal(r.gap_count, 0);
    /* Ended, with nothing after: its own end month. */
    struct career_record ended[] = {post(1, 2, "科员", d(2008, 3, 1), d(2012, 1, 31))};
    r = build(ended, 1, NULL, 0);
    assert_string_equal(r.lines[0].period, "2008.03--2012.01");
}

static void test_order_text_and_records_without_dates(void **state)
{
    (void)state;
    struct career_record c[] = {
        post(2, 3, "副处长", d(2010, 5, 1), DATE_NONE),
        post(1, 2, "科员", d(2004, 8, 1), d(2010, 5, 1)),
        post(3, 2, "无日期", DATE_NONE, DATE_NONE),
    };
    struct resume r = build(c, N(c), NULL, 0);
    assert_int_equal(r.line_count, 2);
    assert_string_equal(resume_text(&r, arena), "2004.08--2010.05  省发展研究厅统计调查处科员\n"
                                                "2010.05--         省发展研究厅综合规划处副处长");
    struct resume none = build(NULL, 0, NULL, 0);
    assert_int_equal(none.line_count, 0);
    assert_string_equal(resume_text(&none, arena), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fulltime_study_line),
        cmocka_unit_test(test_graduate_study_says_so),
        cmocka_unit_test(test_post_and_rank_of_one_period_share_a_line),
        cmocka_unit_test(test_a_change_of_rank_starts_a_new_line),
        cmocka_unit_test(test_units_named_in_full_with_their_organ),
        cmocka_unit_test(test_county_post_keeps_its_county_organ),
        cmocka_unit_test(test_same_organ_not_repeated),
        cmocka_unit_test(test_inservice_study_inside_the_period),
        cmocka_unit_test(test_inservice_study_outside_work_stands_alone),
        cmocka_unit_test(test_gaps_between_periods_are_flagged),
        cmocka_unit_test(test_end_on_a_months_last_day),
        cmocka_unit_test(test_order_text_and_records_without_dates),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
