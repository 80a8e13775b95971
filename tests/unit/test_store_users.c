/* test_store_users.c — accounts, sessions, tokens, the password policy, the
 * audit chain and its verification, and migrations refusing a newer schema,
 * on a real SQLite file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/roles.h"
#include "store/audit.h"
#include "store/store.h"
#include "store/users.h"
#include "util/arena.h"
#include "util/err.h"

struct fixture {
    char dir[64];
    char path[96];
    struct db *db;
    struct arena *arena;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/cadre-users-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
    char *msg = NULL;
    if (store_open(f->path, 1, &f->db, &msg) != 0) {
        free(msg);
        return -1;
    }
    f->arena = arena_new();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    db_close(f->db);
    arena_free(f->arena);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

static long long make_user(struct db *db, const char *name, const char *password, int role)
{
    long long id = 0;
    assert_int_equal(db_begin(db), 0);
    assert_int_equal(users_create(db, name, NULL, password, false, role, &id), 0);
    assert_int_equal(db_commit(db), 0);
    return id;
}

static void test_password_policy(void **state)
{
    (void)state;
    static const struct {
        const char *user, *password;
        int ok;
    } cases[] = {
        {"zhang", "short1A", 0},           /* under 10 characters */
        {"zhang", "alllowercase", 0},      /* one class */
        {"zhang", "lowercase123", 0},      /* two classes */
        {"zhang", "Lowercase123", 1},      /* three classes */
        {"zhang", "lower-case-12", 1},     /* lower, digit, symbol */
        {"Zhang12345", "zhang12345", 0},   /* two classes anyway */
        {"Zhang1234x", "zHANG1234X", 0},   /* the username, case aside */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *problem = users_password_problem(cases[i].user, cases[i].password);
        if (cases[i].ok)
            assert_null(problem);
        else
            assert_non_null(problem);
    }
    char pw[17];
    for (int i = 0; i < 50; i++) {
        users_random_password(pw, 16);
        assert_int_equal(strlen(pw), 16);
        assert_null(users_password_problem("admin", pw));
    }
}

static void test_login_and_roles(void **state)
{
    struct fixture *f = *state;
    long long id = make_user(f->db, "renshi", "Renshi-2024x", ROLE_PERSONNEL);
    struct user u;
    assert_int_equal(users_check_password(f->db, "renshi", "Renshi-2024x", f->arena, &u), 0);
    assert_int_equal(u.id, id);
    assert_int_equal(u.roles, 1u << ROLE_PERSONNEL);
    assert_int_equal(users_check_password(f->db, "renshi", "wrong-Pass1", f->arena, &u),
                     ERR_UNAUTHORIZED);
    assert_int_equal(users_check_password(f->db, "nobody", "Renshi-2024x", f->arena, &u),
                     ERR_UNAUTHORIZED);
    assert_int_equal(users_add_role(f->db, id, ROLE_ADMIN), 0);
    assert_int_equal(users_add_role(f->db, id, ROLE_ADMIN), 0); /* idempotent */
    assert_int_equal(users_get_by_name(f->db, "renshi", f->arena, &u), 0);
    assert_int_equal(u.roles, (1u << ROLE_PERSONNEL) | (1u << ROLE_ADMIN));
    /* The same username twice is a conflict. */
    long long dup;
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(users_create(f->db, "renshi", NULL, "Another-Pw12", false, 0, &dup),
                     ERR_CONFLICT);
    db_rollback(f->db);
}

static void test_sessions_and_tokens(void **state)
{
    struct fixture *f = *state;
    long long id = make_user(f->db, "keyuan", "Keyuan-2024x", ROLE_PERSONNEL);
    char token[65], csrf[65], other[65], other_csrf[65];
    long long sid, sid2;
    assert_int_equal(users_session_create(f->db, id, "127.0.0.1", token, csrf, &sid), 0);
    assert_int_equal(users_session_create(f->db, id, "127.0.0.1", other, other_csrf, &sid2), 0);
    assert_string_not_equal(token, other);
    struct auth a;
    assert_int_equal(users_session_resolve(f->db, token, f->arena, &a), 0);
    assert_int_equal(a.user.id, id);
    assert_string_equal(a.csrf_token, csrf);
    assert_false(a.via_token);
    /* The database keeps only a hash of the token. */
    long long stored = 0;
    assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM sessions WHERE token_hash = ?",
                                  &stored, 1, token), 0);
    assert_int_equal(stored, 0);
    /* A password change revokes every other session. */
    assert_int_equal(users_set_password(f->db, id, "Keyuan-2025y", sid), 0);
    assert_int_equal(users_session_resolve(f->db, token, f->arena, &a), 0);
    assert_int_equal(users_session_resolve(f->db, other, f->arena, &a), ERR_UNAUTHORIZED);
    assert_int_equal(users_session_revoke(f->db, sid), 0);
    assert_int_equal(users_session_resolve(f->db, token, f->arena, &a), ERR_UNAUTHORIZED);
    assert_int_equal(users_session_resolve(f->db, "short", f->arena, &a), ERR_UNAUTHORIZED);
    /* An idle session expires. */
    char idle[65], idle_csrf[65];
    long long sid3;
    assert_int_equal(users_session_create(f->db, id, "127.0.0.1", idle, idle_csrf, &sid3), 0);
    assert_int_equal(db_exec(f->db, "UPDATE sessions SET last_seen_at = '2000-01-01T00:00:00Z'"),
                     0);
    assert_int_equal(users_session_resolve(f->db, idle, f->arena, &a), ERR_UNAUTHORIZED);

    char api[65];
    assert_int_equal(users_token_create(f->db, id, "script", api), 0);
    assert_int_equal(users_token_resolve(f->db, api, f->arena, &a), 0);
    assert_true(a.via_token);
    assert_int_equal(a.user.id, id);
    api[0] = api[0] == 'a' ? 'b' : 'a';
    assert_int_equal(users_token_resolve(f->db, api, f->arena, &a), ERR_UNAUTHORIZED);
}

static void write_audit(struct db *db, const char *action)
{
    struct audit_entry e = {.user_id = 1, .username = "renshi", .role = "人事干部",
                            .source_addr = "127.0.0.1", .action = action,
                            .object_type = "person", .object_id = "7", .outcome = "ok",
                            .before_json = "{\"name\":\"张三\"}", .after_json = NULL};
    assert_int_equal(audit_write(db, &e), 0);
}

static void test_audit_chain(void **state)
{
    struct fixture *f = *state;
    long long bad = -1;
    assert_int_equal(audit_verify(f->db, &bad), 0); /* empty is intact */
    for (int i = 0; i < 5; i++)
        write_audit(f->db, "person.update");
    assert_int_equal(audit_verify(f->db, &bad), 0);
    /* The product cannot change or delete a record. */
    assert_int_not_equal(db_exec(f->db, "UPDATE audit_log SET outcome = 'x' WHERE id = 2"), 0);
    assert_int_not_equal(db_exec(f->db, "DELETE FROM audit_log WHERE id = 2"), 0);
    /* Someone with the file and sqlite3 can: the chain names the record. */
    assert_int_equal(db_exec(f->db, "DROP TRIGGER audit_log_no_update;"
                                    "DROP TRIGGER audit_log_no_delete;"), 0);
    assert_int_equal(db_exec(f->db, "UPDATE audit_log SET before_json = '{}' WHERE id = 3"), 0);
    assert_int_equal(audit_verify(f->db, &bad), ERR_CONFLICT);
    assert_int_equal(bad, 3);
}

static void test_audit_deleted_and_inserted(void **state)
{
    struct fixture *f = *state;
    for (int i = 0; i < 4; i++)
        write_audit(f->db, "person.create");
    assert_int_equal(db_exec(f->db, "DROP TRIGGER audit_log_no_delete"), 0);
    assert_int_equal(db_exec(f->db, "DELETE FROM audit_log WHERE id = 2"), 0);
    long long bad = 0;
    assert_int_equal(audit_verify(f->db, &bad), ERR_CONFLICT);
    assert_int_equal(bad, 3);
    /* Put a forged row back in the gap: its hash cannot match. */
    assert_int_equal(db_exec(f->db, "INSERT INTO audit_log (id, at, action, outcome, prev_hash,"
                                    " hash) SELECT 2, at, action, outcome, prev_hash, hash"
                                    " FROM audit_log WHERE id = 1"), 0);
    assert_int_equal(audit_verify(f->db, &bad), ERR_CONFLICT);
    assert_int_equal(bad, 2);
}

static void test_newer_schema_refused(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(db_exec(f->db, "INSERT INTO schema_version VALUES (9999, 'x')"), 0);
    char *msg = NULL;
    assert_int_equal(store_migrate(f->db, &msg), ERR_CONFLICT);
    assert_non_null(msg);
    assert_non_null(strstr(msg, "9999"));
    free(msg);
    /* Nothing was touched: the tables are still there and the version stays. */
    long long v = 0;
    assert_int_equal(db_query_int(f->db, "SELECT max(version) FROM schema_version", &v, 0), 0);
    assert_int_equal(v, 9999);
    /* Migrating a current database again is a no-op. */
    assert_int_equal(db_exec(f->db, "DELETE FROM schema_version WHERE version = 9999"), 0);
    assert_int_equal(store_migrate(f->db, &msg), 0);
    assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM schema_version", &v, 0), 0);
    assert_int_equal(v, store_schema_version());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_password_policy),
        cmocka_unit_test_setup_teardown(test_login_and_roles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sessions_and_tokens, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_deleted_and_inserted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
