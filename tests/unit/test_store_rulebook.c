/* test_store_rulebook.c — the rule tables: seeded once from rules_seed(),
 * loaded back row for row, edits that supersede from their date, the
 * field-level validation, and the engine's inputs read from the registry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/records.h"
#include "core/rules.h"
#include "store/people.h"
#include "store/qualify_data.h"
#include "store/records.h"
#include "store/rulebook.h"
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
};

static struct date D(int y, int m, int d) {
    return (struct date){y, m, d};
}

static int
setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (testdb_open(f->dir, f->path, "rulebook", &f->db) != 0)
        return -1;
    f->arena = arena_new();
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

/* Every table holds exactly the seed's rows, in order, field for field. */
static void test_seed_round_trip(void **state)
{
    struct fixture *f = *state;
    const struct rules *seed = rules_seed();
    struct rules *loaded;
    assert_int_equal(rulebook_load(f->db, f->arena, &loaded), 0);
    assert_int_equal(loaded->rank_step_count, seed->rank_step_count);
    assert_int_equal(loaded->retirement_count, seed->retirement_count);
    assert_int_equal(loaded->block_count, seed->block_count);
    assert_int_equal(loaded->check_count, seed->check_count);
    assert_int_equal(loaded->age_ceiling_count, 0);
    assert_true(loaded->female_county_at_60 == seed->female_county_at_60);
    for (size_t i = 0; i < seed->rank_step_count; i++) {
        const struct rules_rank_step *a = &seed->rank_steps[i], *b = &loaded->rank_steps[i];
        assert_string_equal(a->row.id, b->row.id);
        assert_string_equal(a->row.source, b->row.source);
        assert_int_equal(a->row.confidence, b->row.confidence);
        assert_int_equal(date_compare(a->row.effective_from, b->row.effective_from), 0);
        assert_true(date_is_none(b->row.effective_to));
        assert_string_equal(a->target_rank, b->target_rank);
        assert_int_equal(a->months, b->months);
        assert_true((a->from_post_level == NULL) == (b->from_post_level == NULL));
    }
    for (size_t i = 0; i < seed->retirement_count; i++) {
        const struct rules_retirement *a = &seed->retirement[i], *b = &loaded->retirement[i];
        assert_string_equal(a->group, b->group);
        assert_int_equal(a->age_months, b->age_months);
        assert_int_equal(date_compare(a->birth_from, b->birth_from), 0);
        assert_int_equal(date_compare(a->birth_to, b->birth_to), 0);
    }
    for (size_t i = 0; i < seed->party_age_count; i++)
        assert_int_equal(seed->party_age[i].post, loaded->party_age[i].post);
    for (size_t i = 0; i < seed->grade_counting_count; i++) {
        assert_true(seed->grade_counting[i].merge_equivalent ==
                    loaded->grade_counting[i].merge_equivalent);
        assert_string_equal(seed->grade_counting[i].not_counted_grades,
                            loaded->grade_counting[i].not_counted_grades);
    }
    /* Seeding again (every server start) adds nothing. */
    assert_int_equal(rulebook_seed(f->db), 0);
    struct rulebook_row *rows;
    size_t n;
    assert_int_equal(rulebook_list(f->db, rules_table_find("rank_step"), f->arena, &rows, &n), 0);
    assert_int_equal(n, seed->rank_step_count);
}

/* A new row with a later effective_from wins from that day; the seed row
 * still answers before it. */
static void test_edit_effective_dates(void **state)
{
    struct fixture *f = *state;
    const struct rules_table *t = rules_table_find("rank_step");
    struct field_errors fe;
    field_errors_init(&fe, f->arena);
    struct rulebook_row row = {0, rules_table_new_row(t, f->arena)};
    const char *values[][2] = {{"rule_id", "rank.step.05"},
                               {"source", "本省办法"},
                               {"confidence", "[ONE]"},
                               {"effective_from", "2024-02-01"},
                               {"target_rank", "三级调研员"},
                               {"from_rank", "06"},
                               {"months", "36"}};
    for (size_t i = 0; i < sizeof values / sizeof *values; i++)
        assert_int_equal(field_set_text(fields_find(&t->kind, values[i][0]), row.rule, values[i][1],
                                        false, f->arena, &fe),
                         0);
    assert_int_equal(rules_table_validate(t, row.rule, &fe), 0);
    assert_int_equal(rulebook_insert(f->db, t, &row), 0);
    assert_true(row.id > 0);
    struct rules *r;
    assert_int_equal(rulebook_load(f->db, f->arena, &r), 0);
    assert_int_equal(rules_rank_step(r, "05", D(2024, 1, 31))->months, 24);
    assert_int_equal(rules_rank_step(r, "05", D(2024, 2, 1))->months, 36);
    assert_int_equal(rules_rank_step(r, "05", D(2024, 2, 1))->row.confidence, RULES_ONE);
    /* Closing it (a patch) gives the seed row back. */
    assert_int_equal(field_set_text(fields_find(&t->kind, "effective_to"), row.rule, "2024-06-30",
                                    false, f->arena, &fe),
                     0);
    assert_int_equal(rulebook_update(f->db, t, &row), 0);
    assert_int_equal(rulebook_load(f->db, f->arena, &r), 0);
    assert_int_equal(rules_rank_step(r, "05", D(2024, 7, 1))->months, 24);
    struct rulebook_row missing = {999999, row.rule};
    assert_int_equal(rulebook_update(f->db, t, &missing), ERR_NOT_FOUND);
}

/* Every problem of a row at once, on its field, in Chinese. */
static void test_validation(void **state)
{
    struct fixture *f = *state;
    const struct rules_table *t = rules_table_find("bar");
    struct field_errors fe;
    field_errors_init(&fe, f->arena);
    void *rule = rules_table_new_row(t, f->arena);
    assert_int_equal(field_set_text(fields_find(&t->kind, "grades"), rule, "基本称职，九等", false,
                                    f->arena, &fe),
                     ERR_INVALID);
    assert_int_equal(
        field_set_text(fields_find(&t->kind, "confidence"), rule, "SURE", false, f->arena, &fe),
        ERR_INVALID);
    assert_int_equal(field_set_text(fields_find(&t->kind, "effective_from"), rule, "2024-02-30",
                                    false, f->arena, &fe),
                     ERR_INVALID);
    field_set_text(fields_find(&t->kind, "rule_id"), rule, "vet.unknown", false, f->arena, &fe);
    assert_int_equal(rules_table_validate(t, rule, &fe), ERR_INVALID);
    assert_true(field_errors_has(&fe, "grades"));
    assert_true(field_errors_has(&fe, "confidence"));
    assert_true(field_errors_has(&fe, "effective_from"));
    assert_true(field_errors_has(&fe, "rule_id"));
    assert_true(field_errors_has(&fe, "source"));
    /* Lists accept labels and Chinese commas, and store codes. */
    struct field_errors ok;
    field_errors_init(&ok, f->arena);
    assert_int_equal(field_set_text(fields_find(&t->kind, "grades"), rule, "基本称职，不称职",
                                    false, f->arena, &ok),
                     0);
    assert_string_equal(field_get_text(fields_find(&t->kind, "grades"), rule, false, f->arena),
                        "3,4");
    assert_null(rules_table_find("nonsense"));
}

/* The inputs of one person, and of all by the merged scan, agree. */
static int count_subject(const struct qualify_subject *s, void *arg)
{
    size_t *n = arg;
    (*n)++;
    assert_non_null(s->in.person);
    if (strcmp(s->person.name, "王基层") == 0) {
        assert_int_equal(s->in.career_count, 2);
        assert_int_equal(s->in.training_count, 1);
        assert_int_equal(s->in.grassroots_months, 36);
    }
    return 0;
}

static void test_qualify_data(void **state)
{
    struct fixture *f = *state;
    struct unit u = {.name = "乡镇", .kind = "1"};
    assert_int_equal(units_insert(f->db, &u, NULL, 0), 0);
    struct person p = {
        .name = "王基层", .gender = "1", .birth_date = D(1985, 1, 1), .unit_id = u.id};
    struct person q = {.name = "李其他", .gender = "2", .birth_date = D(1986, 1, 1)};
    assert_int_equal(people_insert(f->db, &p), 0);
    assert_int_equal(people_insert(f->db, &q), 0);
    struct career_record c1 = {.person_id = p.id,
                               .kind = "post",
                               .title = "副镇长",
                               .post_level = "6B",
                               .unit_id = u.id,
                               .start_date = D(2015, 1, 1),
                               .end_date = D(2018, 1, 1),
                               .grassroots = true};
    struct career_record c2 = {
        .person_id = p.id, .kind = "rank", .rank = "09", .start_date = D(2018, 1, 1)};
    struct training_record t = {
        .person_id = p.id, .name = "培训班", .hours = 40, .end_date = D(2023, 5, 1)};
    assert_int_equal(records_insert(f->db, &career_kind, &c1), 0);
    assert_int_equal(records_insert(f->db, &career_kind, &c2), 0);
    assert_int_equal(records_insert(f->db, &training_kind, &t), 0);
    struct qualify_subject s;
    assert_int_equal(qualify_data_person(f->db, p.id, D(2024, 1, 1), 0, f->arena, &s), 0);
    assert_int_equal(s.in.career_count, 2);
    assert_int_equal(s.in.grassroots_months, 36);
    assert_string_equal(s.unit_name, "乡镇");
    assert_int_equal(s.in.organ_id, u.id);
    assert_int_equal(s.in.training_count, 1);
    assert_int_equal(date_compare(s.in.training[0].date, D(2023, 5, 1)), 0);
    assert_int_equal(qualify_data_person(f->db, q.id, D(2024, 1, 1), 0, f->arena, &s), 0);
    assert_int_equal(s.in.grassroots_months, -1);
    assert_int_equal(qualify_data_person(f->db, 999999, D(2024, 1, 1), 0, f->arena, &s),
                     ERR_NOT_FOUND);
    size_t n = 0;
    assert_int_equal(qualify_data_each(f->db, NULL, 0, D(2024, 1, 1), 0, count_subject, NULL, &n),
                     0);
    assert_int_equal(n, 2);
    long long ids[] = {p.id, 999999};
    n = 0;
    assert_int_equal(qualify_data_each(f->db, ids, 2, D(2024, 1, 1), 0, count_subject, NULL, &n),
                     0);
    assert_int_equal(n, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_seed_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edit_effective_dates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_qualify_data, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
