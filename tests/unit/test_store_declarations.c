/* test_store_declarations.c — duties by rank and by the office's exception;
 * reports sealed with the key (no readable text in the column, another key
 * or none refused), one annual report per person and year; a draw recorded
 * once with a random check per person drawn; the focused-check status the
 * four-musts gate reads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sodium.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/declarations.h"
#include "core/records.h"
#include "store/declarations.h"
#include "store/people.h"
#include "store/records.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/secret.h"
#include "testdb.h"

struct fixture {
    char dir[64];
    char path[96];
    char keyfile[128], otherfile[128];
    struct db *db;
    struct arena *arena;
    struct secret_key *key, *other;
    long long deputy, clerk;
};

static long long person(struct fixture *f, const char *name, const char *id_number,
                        const char *rank)
{
    struct person p = {.name = name,
                       .gender = "1",
                       .birth_date = {1980, 5, 17},
                       .id_number = id_number,
                       .status = "1"};
    assert_int_equal(people_insert(f->db, &p), 0);
    struct career_record c = {
        .person_id = p.id, .kind = "rank", .rank = rank, .start_date = {2022, 3, 1}};
    assert_int_equal(records_insert(f->db, &career_kind, &c), 0);
    return p.id;
}

static int setup(void **state)
{
    if (sodium_init() < 0)
        return -1;
    struct fixture *f = calloc(1, sizeof *f);
    if (testdb_open(f->dir, f->path, "declarations", &f->db) != 0)
        return -1;
    f->arena = arena_new();
    snprintf(f->keyfile, sizeof f->keyfile, "%s/k1", f->dir);
    snprintf(f->otherfile, sizeof f->otherfile, "%s/k2", f->dir);
    if (secret_key_create(f->keyfile) || secret_key_load(f->keyfile, &f->key) ||
        secret_key_create(f->otherfile) || secret_key_load(f->otherfile, &f->other))
        return -1;
    f->deputy = person(f, "张副处", "110101198005170011", "06");
    f->clerk = person(f, "李科员", "110101198005170038", "08");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    secret_key_free(f->key);
    secret_key_free(f->other);
    unlink(f->keyfile);
    unlink(f->otherfile);
    testdb_remove(f->dir, f->path, f->db);
    arena_free(f->arena);
    free(f);
    return 0;
}

static void test_duties(void **state)
{
    struct fixture *f = *state;
    struct declaration_duty *d;
    size_t n;
    assert_int_equal(declarations_duties(f->db, true, f->arena, &d, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(d[0].person_id, f->deputy);
    assert_int_equal(declarations_set_obligation(f->db, f->clerk, 1, "拟任重要岗位"), 0);
    assert_int_equal(declarations_duties(f->db, true, f->arena, &d, &n), 0);
    assert_int_equal(n, 2);
    struct declaration_duty one;
    assert_int_equal(declarations_duty(f->db, f->clerk, f->arena, &one), 0);
    assert_true(one.obliged);
    assert_false(one.by_rank);
    assert_int_equal(one.override, 1);
    assert_string_equal(one.override_reason, "拟任重要岗位");
    assert_int_equal(declarations_set_obligation(f->db, f->clerk, -1, NULL), 0);
    assert_int_equal(declarations_duty(f->db, f->clerk, f->arena, &one), 0);
    assert_false(one.obliged);
    assert_int_equal(declarations_set_obligation(f->db, 999999, 1, "x"), ERR_NOT_FOUND);
    const char **ids;
    assert_int_equal(declarations_obliged_ids(f->db, f->arena, &ids, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(ids[0], "110101198005170011");
}

static void test_reports_sealed(void **state)
{
    struct fixture *f = *state;
    struct declaration_report r = {
        .person_id = f->deputy,
        .year = 2024,
        .kind = "annual",
        .deadline = declarations_annual_deadline(2024),
        .status = "draft",
        .entered_by = "self",
        .content = "{\"items\":[{\"type\":\"house\",\"address\":\"翠湖花园\"}]}"};
    assert_int_equal(declarations_report_insert(f->db, NULL, &r), ERR_UNAVAILABLE);
    assert_int_equal(declarations_report_insert(f->db, f->key, &r), 0);
    struct declaration_report dup = r;
    dup.id = 0;
    assert_int_equal(declarations_report_insert(f->db, f->key, &dup), ERR_CONFLICT);
    /* The column holds no readable text. */
    struct db_stmt *st;
    assert_int_equal(db_prepare(f->db, "SELECT content FROM declarations WHERE id = ?", &st), 0);
    db_bind_int(st, 1, r.id);
    assert_int_equal(db_step(st), DB_ROW);
    const char *raw = db_column_text(st, 0);
    assert_non_null(raw);
    assert_null(strstr(raw, "翠湖"));
    assert_memory_equal(raw, "v1:", 3);
    db_finalize(st);
    struct declaration_report got;
    assert_int_equal(declarations_report_get(f->db, f->key, r.id, f->arena, &got), 0);
    assert_string_equal(got.content, r.content);
    assert_int_equal(declarations_report_get(f->db, f->other, r.id, f->arena, &got), ERR_INVALID);
    assert_int_equal(declarations_report_get(f->db, NULL, r.id, f->arena, &got), ERR_UNAVAILABLE);
    /* Handed in; the next year starts from it. */
    r.status = "submitted";
    r.submitted_on = (struct date){2025, 2, 3};
    assert_int_equal(declarations_report_update(f->db, f->key, &r), 0);
    struct declaration_report prev;
    assert_int_equal(declarations_report_previous(f->db, f->key, f->deputy, 2025, f->arena, &prev),
                     0);
    assert_int_equal(prev.year, 2024);
    assert_string_equal(prev.status, "submitted");
    assert_string_equal(prev.content, r.content);
    assert_int_equal(declarations_report_previous(f->db, f->key, f->deputy, 2024, f->arena, &prev),
                     ERR_NOT_FOUND);
    struct declaration_report *list;
    size_t n;
    assert_int_equal(declarations_reports(f->db, 0, 2024, f->arena, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_null(list[0].content);
}

static void test_draw_and_checks(void **state)
{
    struct fixture *f = *state;
    struct declaration_check_status s;
    assert_int_equal(declarations_check_status(f->db, f->deputy, f->arena, &s), 0);
    assert_string_equal(s.state, "none");
    const char **ids;
    size_t n;
    assert_int_equal(declarations_obliged_ids(f->db, f->arena, &ids, &n), 0);
    struct declaration_draw d;
    assert_int_equal(declarations_draw(2024, "seed", "1", ids, n, f->arena, &d), 0);
    long long id;
    assert_int_equal(declarations_draw_save(f->db, &d, &id), 0);
    assert_int_equal(declarations_draw_save(f->db, &d, &id), ERR_CONFLICT);
    struct declaration_draw_record rec;
    assert_int_equal(declarations_draw_get(f->db, 2024, f->arena, &rec), 0);
    assert_string_equal(rec.fingerprint, d.fingerprint);
    assert_string_equal(rec.drawn, "110101198005170011\n");
    assert_int_equal(declarations_draw_get(f->db, 2023, f->arena, &rec), ERR_NOT_FOUND);
    /* The person drawn has an open random check. */
    assert_int_equal(declarations_check_status(f->db, f->deputy, f->arena, &s), 0);
    assert_string_equal(s.state, "open");
    struct declaration_check c;
    assert_int_equal(declarations_check_get(f->db, f->key, s.check_id, f->arena, &c), 0);
    assert_string_equal(c.reason, "random");
    c.status = "checked";
    c.checked_on = (struct date){2025, 3, 1};
    c.findings = "[{\"type\":\"house\",\"class\":\"concealment\"}]";
    c.worst_class = "concealment";
    assert_int_equal(declarations_check_update(f->db, NULL, &c), ERR_UNAVAILABLE);
    assert_int_equal(declarations_check_update(f->db, f->key, &c), 0);
    assert_int_equal(declarations_check_status(f->db, f->deputy, f->arena, &s), 0);
    assert_string_equal(s.state, "checked");
    assert_string_equal(s.worst_class, "concealment");
    assert_int_equal(s.checked_on.month, 3);
    struct declaration_check back;
    assert_int_equal(declarations_check_get(f->db, f->key, c.id, f->arena, &back), 0);
    assert_string_equal(back.findings, c.findings);
    /* A focused check of another person. */
    struct declaration_check focused = {.person_id = f->clerk, .year = 2024, .reason = "tipoff"};
    assert_int_equal(declarations_check_insert(f->db, &focused), 0);
    struct declaration_check *all;
    assert_int_equal(declarations_checks(f->db, 0, 2024, f->arena, &all, &n), 0);
    assert_int_equal(n, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_duties),
        cmocka_unit_test(test_reports_sealed),
        cmocka_unit_test(test_draw_and_checks),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
