/* test_records.c — the record tables, their cross-field checks, rank overlap and tenure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "core/records.h"
#include "util/arena.h"
#include "util/err.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct date TODAY = {2025, 6, 15};

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

/* The messages `fe` holds for `field`, joined by "|". */
static const char *messages_for(const struct field_errors *fe, const char *field)
{
    const char *joined = "";
    for (const struct field_error *e = fe->head; e; e = e->next)
        if (strcmp(e->field, field) == 0)
            joined = arena_sprintf(arena, "%s%s%s", joined, *joined ? "|" : "", e->message);
    return joined;
}

static struct person valid_person(void)
{
    return (struct person){
        .name = "张三",
        .gender = "2",
        .birth_date = {1949, 12, 31},
        .id_number = "11010519491231002X",
    };
}

/* ---- tables ----------------------------------------------------------- */

static void test_tables_are_consistent(void **state)
{
    (void)state;
    const struct record_kind *kinds[] = {&person_kind,     &career_kind, &education_kind,
                                         &assessment_kind, &reward_kind, &punishment_kind,
                                         &family_kind};
    for (size_t k = 0; k < N(kinds); k++) {
        const struct record_kind *kind = kinds[k];
        assert_true(kind->nfields > 0);
        for (size_t i = 0; i < kind->nfields; i++) {
            const struct field_def *f = &kind->fields[i];
            assert_true(f->offset < kind->struct_size);
            assert_ptr_equal(fields_find(kind, f->name), f); /* names unique */
            if (f->type == FIELD_CODE && codes_table(f->code_table) == NULL)
                fail_msg("%s.%s: no code table \"%s\"", kind->name, f->name, f->code_table);
            if (f->type == FIELD_TEXT && f->max_len <= 0)
                fail_msg("%s.%s: text without a limit", kind->name, f->name);
        }
    }
    assert_int_equal(fields_find(&person_kind, "birth_date")->offset,
                     offsetof(struct person, birth_date));
    assert_int_equal(fields_find(&career_kind, "end_date")->offset,
                     offsetof(struct career_record, end_date));
    assert_int_equal(fields_find(&person_kind, "name")->max_len, 50);
    assert_int_equal(fields_find(&person_kind, "native_place")->max_len, 100);
    assert_int_equal(fields_find(&person_kind, "notes")->max_len, 2000);
    assert_true(fields_find(&person_kind, "id_number")->flags & FIELD_SENSITIVE);
}

static void test_segments(void **state)
{
    (void)state;
    static const struct {
        const char *segment;
        const struct record_kind *kind;
    } cases[] = {
        {"career", &career_kind},
        {"education", &education_kind},
        {"assessments", &assessment_kind},
        {"rewards", &reward_kind},
        {"punishments", &punishment_kind},
        {"family", &family_kind},
        {"person", NULL},
        {"assessment", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < N(cases); i++)
        assert_ptr_equal(records_kind_by_segment(cases[i].segment), cases[i].kind);
    assert_null(records_kind_by_segment(NULL));
    size_t count = 0;
    const struct record_kind *const *kinds = records_person_kinds(&count);
    assert_int_equal(count, 6);
    for (size_t i = 0; i < count; i++)
        assert_ptr_not_equal(kinds[i], &person_kind);
}

/* ---- person ----------------------------------------------------------- */

static void test_person_valid(void **state)
{
    (void)state;
    struct field_errors fe;
    field_errors_init(&fe, arena);
    struct person p = valid_person();
    assert_int_equal(record_validate(&person_kind, &p, TODAY, &fe), 0);
    /* Month precision agrees to the month. */
    p.birth_date = (struct date){1949, 12, 0};
    assert_int_equal(record_validate(&person_kind, &p, TODAY, &fe), 0);
    /* A legacy 15-digit number, and no number at all. */
    p.id_number = "110105491231002";
    assert_int_equal(record_validate(&person_kind, &p, TODAY, &fe), 0);
    p.id_number = NULL;
    assert_int_equal(record_validate(&person_kind, &p, TODAY, &fe), 0);
    assert_int_equal(fe.count, 0);
}

static void test_person_problems(void **state)
{
    (void)state;
    static const struct {
        const char *why;
        struct person p;
        const char *field, *messages;
    } cases[] = {
        {"birth date differs",
         {.name = "张三",
          .gender = "2",
          .birth_date = {1949, 12, 30},
          .id_number = "11010519491231002X"},
         "id_number",
         "身份证号中的出生日期 1949.12.31 与出生年月 1949.12.30 不一致"},
        {"birth month differs",
         {.name = "张三",
          .gender = "2",
          .birth_date = {1950, 1, 0},
          .id_number = "11010519491231002X"},
         "id_number",
         "身份证号中的出生日期 1949.12.31 与出生年月 1950.01 不一致"},
        {"sex differs",
         {.name = "张三",
          .gender = "1",
          .birth_date = {1949, 12, 31},
          .id_number = "11010519491231002X"},
         "id_number",
         "身份证号显示性别为女，与性别“男”不一致"},
        {"both differ",
         {.name = "李四",
          .gender = "2",
          .birth_date = {1880, 2, 1},
          .id_number = "440524188001010014"},
         "id_number",
         "身份证号中的出生日期 1880.01.01 与出生年月 1880.02.01 不一致|"
         "身份证号显示性别为男，与性别“女”不一致"},
        {"checksum",
         {.name = "王五",
          .gender = "2",
          .birth_date = {1982, 7, 29},
          .id_number = "130402198207290622"},
         "id_number",
         "身份证号校验位错误"},
        {"length",
         {.name = "王五", .gender = "2", .birth_date = {1982, 7, 29}, .id_number = "1304"},
         "id_number",
         "身份证号应为 18 位（或旧版 15 位）"},
        {"party before birth",
         {.name = "赵六",
          .gender = "1",
          .birth_date = {1975, 3, 8},
          .party_join_date = {1975, 2, 0}},
         "party_join_date",
         "入党时间不能早于出生年月"},
        {"work before birth",
         {.name = "赵六",
          .gender = "1",
          .birth_date = {1975, 3, 8},
          .work_start_date = {1975, 3, 7}},
         "work_start_date",
         "参加工作时间不能早于出生年月"},
        {"birth in the future",
         {.name = "赵六", .gender = "1", .birth_date = {2025, 7, 0}},
         "birth_date",
         "出生年月不能晚于今天"},
        {"required",
         {.name = NULL, .gender = NULL, .birth_date = {0, 0, 0}},
         "name",
         "姓名不能为空"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct field_errors fe;
        field_errors_init(&fe, arena);
        assert_int_equal(record_validate(&person_kind, &cases[i].p, TODAY, &fe), ERR_INVALID);
        const char *got = messages_for(&fe, cases[i].field);
        if (strcmp(got, cases[i].messages) != 0) {
            print_error("%s: got \"%s\"\n", cases[i].why, got);
            fail();
        }
    }
}

static void test_person_same_month_is_not_before_birth(void **state)
{
    (void)state;
    /* 1975.03 on a roster cannot be faulted against a birth on 1975-03-08. */
    struct person p = valid_person();
    p.id_number = NULL;
    p.birth_date = (struct date){1975, 3, 8};
    p.work_start_date = (struct date){1975, 3, 0};
    struct field_errors fe;
    field_errors_init(&fe, arena);
    assert_int_equal(record_validate(&person_kind, &p, TODAY, &fe), 0);
}

/* ---- the six kinds ---------------------------------------------------- */

static void test_career_validate(void **state)
{
    (void)state;
    static const struct {
        const char *why;
        struct career_record r;
        const char *field, *messages; /* NULL field: valid */
    } cases[] = {
        {"valid post",
         {.kind = "post", .title = "办公室主任", .post_level = "6A", .start_date = {2020, 1, 1}},
         NULL,
         NULL},
        {"valid rank",
         {.kind = "rank", .rank = "08", .start_date = {2020, 1, 0}, .end_date = {2022, 1, 0}},
         NULL,
         NULL},
        {"end same month as start (month precision)",
         {.kind = "rank", .rank = "08", .start_date = {2020, 1, 15}, .end_date = {2020, 1, 0}},
         NULL,
         NULL},
        {"end before start",
         {.kind = "rank", .rank = "08", .start_date = {2020, 1, 15}, .end_date = {2020, 1, 14}},
         "end_date",
         "任职结束时间不能早于开始时间"},
        {"post without level or title",
         {.kind = "post", .start_date = {2020, 1, 1}},
         "post_level",
         "职务记录的职务层次不能为空"},
        {"post without title",
         {.kind = "post", .post_level = "6A", .start_date = {2020, 1, 1}},
         "title",
         "职务记录的职务名称不能为空"},
        {"rank without rank",
         {.kind = "rank", .start_date = {2020, 1, 1}},
         "rank",
         "职级记录的职级不能为空"},
        {"unknown kind",
         {.kind = "job", .start_date = {2020, 1, 1}},
         "kind",
         "类别应为 post（职务）或 rank（职级）"},
        {"no start", {.kind = "rank", .rank = "08"}, "start_date", "任职开始时间不能为空"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct field_errors fe;
        field_errors_init(&fe, arena);
        int rc = record_validate(&career_kind, &cases[i].r, TODAY, &fe);
        if (!cases[i].field) {
            if (rc != 0)
                fail_msg("%s: %s", cases[i].why, fe.head->message);
            continue;
        }
        assert_int_equal(rc, ERR_INVALID);
        const char *got = messages_for(&fe, cases[i].field);
        if (strcmp(got, cases[i].messages) != 0)
            fail_msg("%s: got \"%s\"", cases[i].why, got);
    }
}

static void test_other_kinds_validate(void **state)
{
    (void)state;
    struct field_errors fe;

    struct education_record edu = {.kind = "fulltime",
                                   .education = "21",
                                   .start_date = {1993, 9, 0},
                                   .end_date = {1997, 7, 0}};
    field_errors_init(&fe, arena);
    assert_int_equal(record_validate(&education_kind, &edu, TODAY, &fe), 0);
    edu.kind = "parttime";
    edu.end_date = (struct date){1992, 7, 0};
    edu.education = NULL;
    assert_int_equal(record_validate(&education_kind, &edu, TODAY, &fe), ERR_INVALID);
    assert_string_equal(messages_for(&fe, "kind"),
                        "教育类别应为 fulltime（全日制）或 inservice（在职）");
    assert_string_equal(messages_for(&fe, "education"), "学历不能为空");
    assert_string_equal(messages_for(&fe, "end_date"), "毕业时间不能早于入学时间");

    struct assessment_record as = {.year = 2024, .grade = "1"};
    field_errors_init(&fe, arena);
    assert_int_equal(record_validate(&assessment_kind, &as, TODAY, &fe), 0);
    as.year = 2026;
    as.grade = NULL;
    assert_int_equal(record_validate(&assessment_kind, &as, TODAY, &fe), ERR_INVALID);
    assert_string_equal(messages_for(&fe, "year"), "考核年度应在 1950 到 2025 年之间");
    assert_string_equal(messages_for(&fe, "grade"), "考核等次不能为空");
    field_errors_init(&fe, arena);
    as = (struct assessment_record){.year = 1949, .grade = "2"};
    assert_int_equal(record_validate(&assessment_kind, &as, TODAY, &fe), ERR_INVALID);

    struct reward_record rw = {.name = NULL};
    field_errors_init(&fe, arena);
    assert_int_equal(record_validate(&reward_kind, &rw, TODAY, &fe), ERR_INVALID);
    assert_string_equal(messages_for(&fe, "name"), "奖励名称不能为空");

    struct punishment_record pn = {
        .kind = "Z01", .decision_date = {2024, 1, 5}, .effect_months = 6};
    field_errors_init(&fe, arena);
    assert_int_equal(record_validate(&punishment_kind, &pn, TODAY, &fe), 0);
    pn.effect_months = 121;
    pn.decision_date = DATE_NONE;
    pn.kind = NULL;
    assert_int_equal(record_validate(&punishment_kind, &pn, TODAY, &fe), ERR_INVALID);
    assert_string_equal(messages_for(&fe, "effect_months"), "影响期应在 0 到 120 个月之间");
    assert_string_equal(messages_for(&fe, "decision_date"), "处分决定时间不能为空");
    assert_string_equal(messages_for(&fe, "kind"), "处分类别不能为空");

    struct family_record fm = {.relation = "12",
                               .name = "王芳",
                               .birth_date = {1949, 12, 31},
                               .id_number = "11010519491231002X"};
    field_errors_init(&fe, arena);
    assert_int_equal(record_validate(&family_kind, &fm, TODAY, &fe), 0);
    fm.birth_date = (struct date){1950, 1, 1};
    assert_int_equal(record_validate(&family_kind, &fm, TODAY, &fe), ERR_INVALID);
    assert_string_equal(messages_for(&fe, "id_number"),
                        "身份证号中的出生日期 1949.12.31 与出生日期 1950.01.01 不一致");
    field_errors_init(&fe, arena);
    fm = (struct family_record){.relation = NULL, .name = NULL, .id_number = "123"};
    assert_int_equal(record_validate(&family_kind, &fm, TODAY, &fe), ERR_INVALID);
    assert_string_equal(messages_for(&fe, "relation"), "称谓不能为空");
    assert_string_equal(messages_for(&fe, "name"), "姓名不能为空");
    assert_string_equal(messages_for(&fe, "id_number"), "身份证号应为 18 位（或旧版 15 位）");
}

/* ---- overlap ---------------------------------------------------------- */

static struct career_record rank(long long id, struct date start, struct date end)
{
    return (struct career_record){.id = id,
                                  .person_id = 1,
                                  .kind = "rank",
                                  .rank = "10",
                                  .start_date = start,
                                  .end_date = end};
}

static void test_rank_overlap(void **state)
{
    (void)state;
#define M(y, m) ((struct date){y, m, 0})
#define DAY(y, m, d) ((struct date){y, m, d})
#define OPEN DATE_NONE
    static const struct {
        const char *why;
        struct date old_start, old_end, new_start, new_end;
        bool overlap;
    } cases[] = {
        {"new starts the month the old ends (rosters)", M(2018, 3), M(2021, 5), M(2021, 5), OPEN,
         false},
        {"new starts on the day the old ends", DAY(2018, 3, 1), DAY(2021, 5, 20), DAY(2021, 5, 20),
         OPEN, false},
        {"new starts the day before the old ends", DAY(2018, 3, 1), DAY(2021, 5, 20),
         DAY(2021, 5, 19), OPEN, true},
        {"month-precision end, same-month precise start", M(2018, 3), M(2021, 5), DAY(2021, 5, 3),
         OPEN, false},
        {"precise end, same-month month-precision start", DAY(2018, 3, 1), DAY(2021, 5, 20),
         M(2021, 5), OPEN, false},
        {"new starts a month before the old ends", M(2018, 3), M(2021, 5), M(2021, 4), OPEN, true},
        {"old still open", M(2018, 3), OPEN, M(2021, 5), OPEN, true},
        {"old still open, new entirely before it", M(2018, 3), OPEN, M(2015, 1), M(2018, 3), false},
        {"new inside old", M(2010, 1), M(2020, 1), M(2012, 1), M(2013, 1), true},
        {"old inside new", M(2012, 1), M(2013, 1), M(2010, 1), M(2020, 1), true},
        {"new open, old later", M(2012, 1), M(2013, 1), M(2010, 1), OPEN, true},
        {"disjoint", M(2010, 1), M(2011, 1), M(2015, 1), M(2016, 1), false},
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct career_record others[] = {
            rank(1, cases[i].old_start, cases[i].old_end),
            /* A post never overlaps a rank: people hold both. */
            {.id = 2,
             .person_id = 1,
             .kind = "post",
             .post_level = "6A",
             .title = "科长",
             .start_date = M(2000, 1)},
        };
        struct career_record r = rank(0, cases[i].new_start, cases[i].new_end);
        struct field_errors fe;
        field_errors_init(&fe, arena);
        career_check_overlap(&r, others, N(others), &fe);
        if ((fe.count > 0) != cases[i].overlap)
            fail_msg("%s: %zu messages", cases[i].why, fe.count);
        if (cases[i].overlap)
            assert_string_equal(fe.head->field, "start_date");
    }

    /* The message names the other record; the record itself is skipped by id. */
    struct career_record others[] = {rank(1, M(2018, 3), OPEN), rank(2, M(2010, 3), M(2018, 3))};
    struct field_errors fe;
    field_errors_init(&fe, arena);
    struct career_record edited = rank(2, M(2010, 3), M(2018, 4));
    career_check_overlap(&edited, others, N(others), &fe);
    assert_int_equal(fe.count, 1);
    assert_string_equal(fe.head->message, "与已有职级记录（四级主任科员，2018.03 至 今）时间重叠");
    /* Editing record 2 (a copy, as an update brings it) is not checked against
     * its stored self. */
    field_errors_init(&fe, arena);
    struct career_record earlier_start = rank(2, M(2009, 3), M(2018, 3));
    career_check_overlap(&earlier_start, others, N(others), &fe);
    assert_int_equal(fe.count, 0);
    /* A new record (id 0) is checked against every stored one. */
    struct career_record copy = rank(0, M(2009, 3), M(2018, 3));
    career_check_overlap(&copy, others, N(others), &fe);
    assert_int_equal(fe.count, 1);
    assert_string_equal(fe.head->message,
                        "与已有职级记录（四级主任科员，2010.03 至 2018.03）时间重叠");
    field_errors_init(&fe, arena);
    /* A post is not checked. */
    struct career_record post = {.kind = "post", .start_date = M(2019, 1)};
    career_check_overlap(&post, others, N(others), &fe);
    assert_int_equal(fe.count, 0);
#undef M
#undef DAY
#undef OPEN
}

/* ---- tenure ----------------------------------------------------------- */

static void test_months_served_and_current(void **state)
{
    (void)state;
    static const struct {
        struct date start, end, day;
        int months;
        bool current;
    } cases[] = {
        {{2019, 3, 15}, {0, 0, 0}, {2021, 3, 15}, 24, true},
        {{2019, 3, 15}, {0, 0, 0}, {2021, 3, 14}, 23, true},
        {{2019, 3, 0}, {0, 0, 0}, {2021, 3, 1}, 24, true},
        {{2019, 3, 15}, {2020, 3, 15}, {2025, 1, 1}, 12, false}, /* ended: counted to the end */
        {{2019, 3, 15}, {2020, 3, 15}, {2020, 3, 15}, 12, true}, /* its last day */
        {{2019, 3, 15}, {2020, 3, 0}, {2020, 3, 20}, 12, true},  /* ended "in March" */
        {{2019, 3, 15}, {2020, 3, 0}, {2020, 4, 1}, 12, false},
        {{2019, 3, 15}, {0, 0, 0}, {2019, 3, 14}, 0, false}, /* not started */
        {{2019, 3, 0}, {0, 0, 0}, {2019, 3, 10}, 0, true},   /* started "in March" */
        {{0, 0, 0}, {0, 0, 0}, {2019, 3, 10}, 0, false},
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct career_record r = rank(1, cases[i].start, cases[i].end);
        int months = career_months_served(&r, cases[i].day);
        bool current = career_is_current(&r, cases[i].day);
        if (months != cases[i].months || current != cases[i].current)
            fail_msg("case %zu: months %d current %d", i, months, current);
    }
}

static void test_kind_find(void **state)
{
    (void)state;
    assert_ptr_equal(records_kind_find("person"), &person_kind);
    assert_ptr_equal(records_kind_find("assessment"), &assessment_kind);
    assert_ptr_equal(records_kind_find("training"), &training_kind);
    assert_null(records_kind_find("assessments")); /* a URL segment, not a name */
    assert_null(records_kind_find(NULL));
}

/* The 入党时间 box: the date for members, blank for 团员 and 群众, the party
 * for the others. */
static void test_party_box(void **state)
{
    (void)state;
    struct person p = {.party = "01", .party_join_date = {1995, 7, 1}};
    assert_string_equal(person_party_box(&p, arena), "1995.07");
    p.party = "03";
    assert_string_equal(person_party_box(&p, arena), "");
    p.party = "13";
    assert_string_equal(person_party_box(&p, arena), "");
    p.party = "05";
    const char *box = person_party_box(&p, arena);
    assert_true(strncmp(box, "1995.07 ", 8) == 0 && strlen(box) > 8);
    p.party_join_date = DATE_NONE;
    assert_string_equal(person_party_box(&p, arena), codes_label("party", "05"));
    p.party = NULL;
    assert_string_equal(person_party_box(&p, arena), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables_are_consistent),
        cmocka_unit_test(test_segments),
        cmocka_unit_test(test_person_valid),
        cmocka_unit_test(test_person_problems),
        cmocka_unit_test(test_person_same_month_is_not_before_birth),
        cmocka_unit_test(test_career_validate),
        cmocka_unit_test(test_other_kinds_validate),
        cmocka_unit_test(test_rank_overlap),
        cmocka_unit_test(test_months_served_and_current),
        cmocka_unit_test(test_kind_find),
        cmocka_unit_test(test_party_box),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
