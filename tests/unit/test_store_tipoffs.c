/* test_store_tipoffs.c — tip-offs sealed at rest (no text of theirs in the
 * database file), found by code and by nothing else, their timeline,
 * attachments and deadlines, the four-musts count, and supervision
 * records. */
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

#include "core/tipoffs.h"
#include "store/people.h"
#include "store/store.h"
#include "store/tipoffs.h"
#include "store/units.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/secret.h"
#include "testdb.h"

struct fixture {
    char dir[64];
    char path[96];
    char keypath[128];
    struct db *db;
    struct arena *arena;
    struct secret_key *key;
    long long person;
};

static int setup(void **state)
{
    if (sodium_init() < 0) /* as main() does: guarded memory needs it */
        return -1;
    struct fixture *f = calloc(1, sizeof *f);
    if (testdb_open(f->dir, f->path, "tipoffs", &f->db) != 0)
        return -1;
    f->arena = arena_new();
    snprintf(f->keypath, sizeof f->keypath, "%s/test.key", f->dir);
    assert_int_equal(secret_key_create(f->keypath), 0);
    assert_int_equal(secret_key_load(f->keypath, &f->key), 0);
    struct unit u = {.name = "厅机关", .kind = "1"};
    assert_int_equal(units_insert(f->db, &u, NULL, 0), 0);
    struct person p = {.name = "张三", .gender = "1", .birth_date = {1980, 1, 1}, .unit_id = u.id};
    assert_int_equal(people_insert(f->db, &p), 0);
    f->person = p.id;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    secret_key_free(f->key);
    arena_free(f->arena);
    unlink(f->keypath);
    testdb_remove(f->dir, f->path, f->db);
    free(f);
    return 0;
}

static const struct tipoff_report REPORT = {
    "王某某", "某某处", "反映王某某违规收受管理服务对象礼金一事（独特标记甲乙丙）", "李举报",
    "13800000000"};

static long long submit(struct fixture *f, char code[TIPOFFS_CODE_TEXT + 1])
{
    long long id;
    struct tipoffs_actor anon = {0, NULL};
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(tipoffs_insert(f->db, f->key, &REPORT, "web", "2025-03-01T02:00:00Z",
                                    (struct date){2025, 3, 1}, &anon, code, &id),
                     0);
    assert_int_equal(db_commit(f->db), 0);
    return id;
}

/* Whether the bytes of `needle` occur in the file at `path`. */
static bool file_contains(const char *path, const char *needle)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    size_t n = strlen(needle), have = 0, cap = 1 << 16;
    char *buf = malloc(cap);
    bool found = false;
    size_t r;
    while (!found && (r = fread(buf + have, 1, cap - have, fp)) > 0) {
        have += r;
        for (size_t i = 0; i + n <= have && !found; i++)
            found = memcmp(buf + i, needle, n) == 0;
        if (have > n) {
            memmove(buf, buf + have - n, n);
            have = n;
        }
    }
    free(buf);
    fclose(fp);
    return found;
}

/* PostgreSQL has no file of ours to read: whether any row of any table,
 * as the server gives it as text (bytea as hex), holds `needle`. */
struct row_search {
    struct db *db;
    const char *needle;
    char hex[256];
    bool found;
};

static int search_table(void *arg, const char *name)
{
    struct row_search *rs = arg;
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT CAST(x AS text) FROM %s x", name);
    struct db_stmt *st;
    if (db_prepare(rs->db, sql, &st) != 0)
        return -1;
    while (!rs->found && db_step(st) == DB_ROW) {
        const char *text = db_column_text(st, 0);
        rs->found = text && (strstr(text, rs->needle) || strstr(text, rs->hex));
    }
    db_finalize(st);
    return 0;
}

/* Whether the database holds `needle`: in the SQLite file (checkpointed
 * first), or on PostgreSQL in any row. */
static bool stored(struct db *db, const char *path, const char *needle)
{
    if (!testdb_is_pg()) {
        assert_int_equal(db_checkpoint(db), 0);
        return file_contains(path, needle);
    }
    struct row_search rs = {.db = db, .needle = needle};
    for (size_t i = 0; needle[i] && 2 * i + 2 < sizeof rs.hex; i++)
        snprintf(rs.hex + 2 * i, 3, "%02x", (unsigned char)needle[i]);
    assert_int_equal(db_tables(db, search_table, &rs), 0);
    return rs.found;
}

static void test_sealed_and_found_by_code(void **state)
{
    struct fixture *f = *state;
    char code[TIPOFFS_CODE_TEXT + 1];
    long long id = submit(f, code);
    assert_true(id > 0);
    assert_int_equal(strlen(code), TIPOFFS_CODE_TEXT);
    /* Found by its code, typed any forgiving way; not by another. */
    char canonical[TIPOFFS_CODE_SYMBOLS + 1];
    assert_true(tipoffs_code_normalize(code, canonical));
    long long got;
    enum tipoff_status st;
    assert_int_equal(tipoffs_find_code(f->db, canonical, &got, &st), 0);
    assert_int_equal(got, id);
    assert_int_equal(st, TIPOFF_RECEIVED);
    canonical[0] = canonical[0] == 'A' ? 'B' : 'A';
    assert_int_equal(tipoffs_find_code(f->db, canonical, &got, &st), ERR_NOT_FOUND);
    /* Opened for staff. */
    struct tipoff t;
    assert_int_equal(tipoffs_get(f->db, f->key, id, &TIPOFFS_DEFAULT_DEADLINES,
                                 (struct date){2025, 3, 2}, f->arena, &t),
                     0);
    assert_string_equal(t.subject_name, REPORT.subject_name);
    assert_string_equal(t.content, REPORT.content);
    assert_string_equal(t.reporter_name, "李举报");
    assert_string_equal(t.contact, "13800000000");
    assert_false(t.overdue);
    assert_int_equal(t.due.day, 16);
    /* Overdue after 15 days in stage received. */
    assert_int_equal(tipoffs_get(f->db, f->key, id, &TIPOFFS_DEFAULT_DEADLINES,
                                 (struct date){2025, 3, 17}, f->arena, &t),
                     0);
    assert_true(t.overdue);
    /* Not in the database, nor the code. */
    assert_true(stored(f->db, f->path, "received")); /* the search works */
    assert_false(stored(f->db, f->path, "独特标记甲乙丙"));
    assert_false(stored(f->db, f->path, "王某某"));
    assert_false(stored(f->db, f->path, "李举报"));
    assert_false(stored(f->db, f->path, "13800000000"));
    tipoffs_code_normalize(code, canonical);
    assert_false(stored(f->db, f->path, canonical));
    assert_false(stored(f->db, f->path, code));
    /* Another key opens nothing. */
    char other[128];
    snprintf(other, sizeof other, "%s/other.key", f->dir);
    struct secret_key *k2;
    assert_int_equal(secret_key_create(other), 0);
    assert_int_equal(secret_key_load(other, &k2), 0);
    assert_int_equal(tipoffs_get(f->db, k2, id, &TIPOFFS_DEFAULT_DEADLINES,
                                 (struct date){2025, 3, 2}, f->arena, &t),
                     ERR_INVALID);
    secret_key_free(k2);
    unlink(other);
}

static void test_workflow_timeline_and_gate(void **state)
{
    struct fixture *f = *state;
    char code[TIPOFFS_CODE_TEXT + 1];
    long long id = submit(f, code);
    struct tipoffs_actor staff = {0, "jijian"};
    long long open;
    assert_int_equal(tipoffs_unsettled_specific(f->db, f->person, &open), 0);
    assert_int_equal(open, 0);
    assert_int_equal(tipoffs_set_assessment(f->db, id, true, f->person), 0);
    assert_int_equal(tipoffs_unsettled_specific(f->db, f->person, &open), 0);
    assert_int_equal(open, 1);
    static const enum tipoff_status path[] = {TIPOFF_ACCEPTED, TIPOFF_CHECKING, TIPOFF_FILED};
    enum tipoff_status from = TIPOFF_RECEIVED;
    for (size_t i = 0; i < sizeof path / sizeof *path; i++) {
        assert_int_equal(tipoffs_set_status(f->db, id, path[i], (struct date){2025, 3, 3}), 0);
        assert_int_equal(tipoffs_add_event(f->db, f->key, id, "2025-03-03T01:00:00Z", &staff,
                                           "transition", tipoffs_status_name(from),
                                           tipoffs_status_name(path[i]), "意见（机密）"),
                         0);
        from = path[i];
    }
    /* 立案 is not settled; 结果反馈 is. */
    assert_int_equal(tipoffs_unsettled_specific(f->db, f->person, &open), 0);
    assert_int_equal(open, 1);
    assert_int_equal(tipoffs_set_status(f->db, id, TIPOFF_ANSWERED, (struct date){2025, 4, 1}), 0);
    assert_int_equal(tipoffs_unsettled_specific(f->db, f->person, &open), 0);
    assert_int_equal(open, 0);
    struct tipoff_event *ev;
    size_t n;
    assert_int_equal(tipoffs_events(f->db, f->key, id, f->arena, &ev, &n), 0);
    assert_int_equal(n, 4);
    assert_string_equal(ev[0].kind, "received");
    assert_null(ev[0].username);
    assert_string_equal(ev[3].to_status, "filed");
    assert_string_equal(ev[3].note, "意见（机密）");
    assert_string_equal(ev[3].username, "jijian");
    assert_int_equal(tipoffs_set_status(f->db, 999999, TIPOFF_ANSWERED, (struct date){2025, 4, 1}),
                     ERR_NOT_FOUND);
}

static void test_attachments_and_list(void **state)
{
    struct fixture *f = *state;
    char code[TIPOFFS_CODE_TEXT + 1];
    long long id = submit(f, code);
    long long aid;
    static const char png[] = "\x89PNG\r\n\x1a\nsecret-picture-bytes";
    for (int i = 0; i < TIPOFFS_ATTACHMENTS_MAX; i++)
        assert_int_equal(tipoffs_add_attachment(f->db, f->key, id, "image/png", png, sizeof png - 1,
                                                "2025-03-01T02:00:00Z", &aid),
                         0);
    assert_int_equal(tipoffs_add_attachment(f->db, f->key, id, "image/png", png, sizeof png - 1,
                                            "2025-03-01T02:00:00Z", &aid),
                     ERR_CONFLICT);
    char *data;
    size_t len;
    const char *type;
    assert_int_equal(tipoffs_attachment_data(f->db, f->key, id, aid, f->arena, &data, &len, &type),
                     0);
    assert_int_equal(len, sizeof png - 1);
    assert_memory_equal(data, png, len);
    assert_string_equal(type, "image/png");
    secret_plain_free(data);
    assert_int_equal(
        tipoffs_attachment_data(f->db, f->key, id + 1, aid, f->arena, &data, &len, &type),
        ERR_NOT_FOUND);
    assert_false(stored(f->db, f->path, "secret-picture-bytes"));

    char code2[TIPOFFS_CODE_TEXT + 1];
    submit(f, code2);
    assert_string_not_equal(code, code2);
    struct tipoff *items;
    size_t n;
    long long total;
    struct tipoffs_filter all = {.status = -1, .specific = -1};
    assert_int_equal(tipoffs_list(f->db, f->key, &all, &TIPOFFS_DEFAULT_DEADLINES,
                                  (struct date){2025, 3, 2}, 0, 1, f->arena, &items, &n, &total),
                     0);
    assert_int_equal(total, 2);
    assert_int_equal(n, 1);
    assert_int_equal(items[0].id, id + 1); /* newest first */
    struct tipoffs_filter overdue = {.status = -1, .specific = -1, .overdue_only = true};
    assert_int_equal(tipoffs_list(f->db, f->key, &overdue, &TIPOFFS_DEFAULT_DEADLINES,
                                  (struct date){2025, 3, 2}, 0, 50, f->arena, &items, &n, &total),
                     0);
    assert_int_equal(total, 0);
    struct tipoff_deadlines d;
    assert_int_equal(tipoffs_set_deadline(f->db, TIPOFF_RECEIVED, 0), 0);
    assert_int_equal(tipoffs_deadlines(f->db, &d), 0);
    assert_int_equal(d.days[TIPOFF_RECEIVED], 0);
    assert_int_equal(d.days[TIPOFF_CHECKING], 90);
    assert_int_equal(tipoffs_set_deadline(f->db, TIPOFF_RECEIVED, 1), 0);
    assert_int_equal(tipoffs_deadlines(f->db, &d), 0);
    assert_int_equal(tipoffs_list(f->db, f->key, &overdue, &d, (struct date){2025, 3, 5}, 0, 50,
                                  f->arena, &items, &n, &total),
                     0);
    assert_int_equal(total, 2);
}

static void test_supervision_records(void **state)
{
    struct fixture *f = *state;
    struct tipoffs_actor who = {0, "renshi"};
    struct supervision_record r = {.person_id = f->person,
                                   .kind = SUPERVISION_CONDUCT,
                                   .category = CONDUCT_TEAMWORK,
                                   .occurred_on = {2025, 2, 1},
                                   .summary = "不配合处室工作",
                                   .evidence = "处务会记录"};
    assert_int_equal(supervision_insert(f->db, &r, &who, "2025-02-02T00:00:00Z"), 0);
    struct supervision_record q = {.person_id = f->person,
                                   .kind = SUPERVISION_INQUIRY,
                                   .category = -1,
                                   .occurred_on = {2025, 1, 1},
                                   .summary = "就反映问题函询"};
    assert_int_equal(supervision_insert(f->db, &q, &who, "2025-02-02T00:00:00Z"), 0);
    struct supervision_record *items;
    size_t n;
    assert_int_equal(supervision_list(f->db, f->person, f->arena, &items, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(items[0].kind, SUPERVISION_INQUIRY); /* oldest first */
    assert_int_equal(items[0].category, -1);
    assert_int_equal(items[1].category, CONDUCT_TEAMWORK);
    assert_string_equal(items[1].recorded_by_name, "renshi");
    assert_string_equal(items[1].evidence, "处务会记录");
    /* A conduct record without its category is refused by the table too. */
    struct supervision_record bad = r;
    bad.category = -1;
    assert_int_equal(supervision_insert(f->db, &bad, &who, "2025-02-02T00:00:00Z"), ERR_CONFLICT);
    assert_int_equal(supervision_delete(f->db, f->person, q.id), 0);
    assert_int_equal(supervision_delete(f->db, f->person, q.id), ERR_NOT_FOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sealed_and_found_by_code, setup, teardown),
        cmocka_unit_test_setup_teardown(test_workflow_timeline_and_gate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attachments_and_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_supervision_records, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
