/* test_forms.c — the texts of the 干部任免审批表 built from records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/forms.h"
#include "util/arena.h"

static void test_sheet_texts(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct person p = {.name = "李明",
                       .gender = "1",
                       .birth_date = {1975, 3, 8},
                       .ethnicity = "01",
                       .party = "01",
                       .party_join_date = {1998, 6, 0},
                       .work_start_date = {1998, 7, 0},
                       .native_place = "湖南长沙"};
    struct career_record career[] = {
        {.id = 1,
         .kind = "post",
         .title = "统计调查处副处长",
         .post_level = "5B",
         .start_date = {2015, 3, 1}},
        {.id = 2,
         .kind = "post",
         .title = "综合规划处副处长",
         .post_level = "5B",
         .concurrent = true,
         .start_date = {2016, 1, 1}},
        {.id = 3, .kind = "rank", .rank = "06", .start_date = {2015, 3, 1}},
        {.id = 4,
         .kind = "post",
         .title = "科员",
         .post_level = "6B",
         .start_date = {1998, 7, 1},
         .end_date = {2015, 3, 1}},
    };
    struct education_record edu[] = {
        {.kind = "fulltime",
         .education = "21",
         .degree = "4",
         .school = "湖南大学",
         .major = "经济学",
         .start_date = {1994, 9, 0},
         .end_date = {1998, 7, 0}},
        {.kind = "inservice",
         .education = "14",
         .degree = "3",
         .school = "中共湖南省委党校",
         .major = "经济管理",
         .start_date = {2005, 9, 0},
         .end_date = {2008, 7, 0}},
    };
    struct assessment_record as[] = {{.year = 2020, .grade = "2"},
                                     {.year = 2023, .grade = "1"},
                                     {.year = 2021, .grade = "2"},
                                     {.year = 2022, .grade = "1"}};
    struct reward_record rw[] = {
        {.name = "嘉奖", .award_date = {2022, 12, 20}, .authority = "省人社厅"}};
    struct punishment_record pu[] = {
        {.kind = "Z01", .decision_date = {2019, 6, 1}, .reason = "迟报"}};
    struct family_record fam[] = {{.relation = "12",
                                   .name = "王芳",
                                   .birth_date = {1982, 1, 5},
                                   .party = "13",
                                   .work_unit = "市第一中学教师"}};
    struct forms_input in = {&p, career, 4, edu, 2, as, 4, rw, 1, pu, 1, fam, 1, NULL};
    struct forms_sheet s;
    forms_sheet_build(&in, (struct date){2025, 6, 15}, a, &s);
    assert_string_equal(s.name, "李明");
    assert_string_equal(s.gender, "男");
    assert_string_equal(s.birth, "1975.03（50岁）");
    assert_string_equal(s.ethnicity, "汉族");
    assert_string_equal(s.party_box, "1998.06");
    assert_string_equal(s.work_start, "1998.07");
    assert_string_equal(s.fulltime_level, "大学本科 学士学位");
    assert_string_equal(s.fulltime_school, "湖南大学经济学专业");
    assert_string_equal(s.inservice_level, "硕士研究生 硕士学位");
    assert_string_equal(s.inservice_school, "中共湖南省委党校经济管理专业");
    assert_string_equal(s.current_post, "统计调查处副处长，综合规划处副处长（兼），四级调研员");
    assert_string_equal(s.assessments, "2021年度称职；2022年度优秀；2023年度优秀");
    assert_string_equal(s.rewards, "2019.06 受到警告（迟报）\n2022.12 嘉奖（省人社厅）");
    assert_int_equal(s.family_count, 1);
    assert_string_equal(s.family[0].relation, "妻");
    assert_string_equal(s.family[0].birth, "1982.01（43岁）");
    assert_string_equal(s.family[0].party, "群众");
    assert_string_equal(s.proposed_post, "");
    assert_string_equal(s.resume, "");

    struct forms_input none = {.person = &p};
    forms_sheet_build(&none, (struct date){2025, 6, 15}, a, &s);
    assert_string_equal(s.rewards, "无");
    assert_string_equal(s.assessments, "无");
    assert_string_equal(s.fulltime_level, "");
    assert_string_equal(s.current_post, "");
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sheet_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
