/* test_store_users.c — the account modules together (store/accounts, passwords,
 * sessions, lockout, totp): accounts, sessions, tokens, the password policy and
 * history, lock-out, roles and scopes, TOTP, the audit chain, its queries and
 * its verification, a copied database without its key, and migrations
 * refusing a newer schema, on a real SQLite file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <liboath/oath.h>
#include <sodium.h>
#include <time.h>

#include "core/password_policy.h"
#include "core/roles.h"
#include "http/router.h"
#include "store/audit.h"
#include "store/store.h"
#include "store/accounts.h"
#include "store/lockout.h"
#include "store/passwords.h"
#include "store/sessions.h"
#include "store/totp.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/secret.h"
#include "testdb.h"

struct fixture {
    char dir[64];
    char path[96];
    struct db *db;
    struct arena *arena;
};

static int setup(void **state)
{
    if (sodium_init() < 0) /* as main() does: guarded memory needs it */
        return -1;
    struct fixture *f = calloc(1, sizeof *f);
    if (testdb_open(f->dir, f->path, "users", &f->db) != 0)
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

static long long make_user(struct db *db, const char *name, const char *password, int role)
{
    long long id = 0;
    assert_int_equal(db_begin(db), 0);
    assert_int_equal(accounts_create(db, name, NULL, password, false, role, &id), 0);
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
        {"zhang", "short1A", 0},         /* under 10 characters */
        {"zhang", "alllowercase", 0},    /* one class */
        {"zhang", "lowercase123", 0},    /* two classes */
        {"zhang", "Lowercase123", 1},    /* three classes */
        {"zhang", "lower-case-12", 1},   /* lower, digit, symbol */
        {"Zhang12345", "zhang12345", 0}, /* two classes anyway */
        {"Zhang1234x", "zHANG1234X", 0}, /* the username, case aside */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *problem = password_policy_problem(cases[i].user, cases[i].password);
        if (cases[i].ok)
            assert_null(problem);
        else
            assert_non_null(problem);
    }
    char pw[17];
    for (int i = 0; i < 50; i++) {
        passwords_random(pw, 16);
        assert_int_equal(strlen(pw), 16);
        assert_null(password_policy_problem("admin", pw));
    }
}

static void test_login_and_roles(void **state)
{
    struct fixture *f = *state;
    long long id = make_user(f->db, "renshi", "Renshi-2024x", ROLE_PERSONNEL);
    struct user u;
    assert_int_equal(accounts_check_password(f->db, "renshi", "Renshi-2024x", f->arena, &u), 0);
    assert_int_equal(u.id, id);
    assert_int_equal(u.roles, 1u << ROLE_PERSONNEL);
    assert_int_equal(accounts_check_password(f->db, "renshi", "wrong-Pass1", f->arena, &u),
                     ERR_UNAUTHORIZED);
    assert_int_equal(accounts_check_password(f->db, "nobody", "Renshi-2024x", f->arena, &u),
                     ERR_UNAUTHORIZED);
    assert_int_equal(accounts_add_role(f->db, id, ROLE_ADMIN), 0);
    assert_int_equal(accounts_add_role(f->db, id, ROLE_ADMIN), 0); /* idempotent */
    assert_int_equal(accounts_get_by_name(f->db, "renshi", f->arena, &u), 0);
    assert_int_equal(u.roles, (1u << ROLE_PERSONNEL) | (1u << ROLE_ADMIN));
    /* The same username twice is a conflict. */
    long long dup;
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(accounts_create(f->db, "renshi", NULL, "Another-Pw12", false, 0, &dup),
                     ERR_CONFLICT);
    db_rollback(f->db);
}

static void test_sessions_and_tokens(void **state)
{
    struct fixture *f = *state;
    long long id = make_user(f->db, "keyuan", "Keyuan-2024x", ROLE_PERSONNEL);
    char token[65], csrf[65], other[65], other_csrf[65];
    long long sid, sid2;
    assert_int_equal(sessions_create(f->db, id, "127.0.0.1", token, csrf, &sid), 0);
    assert_int_equal(sessions_create(f->db, id, "127.0.0.1", other, other_csrf, &sid2), 0);
    assert_string_not_equal(token, other);
    struct auth a;
    assert_int_equal(sessions_resolve(f->db, token, f->arena, &a), 0);
    assert_int_equal(a.user.id, id);
    assert_string_equal(a.csrf_token, csrf);
    assert_false(a.via_token);
    /* The database keeps only a hash of the token. */
    long long stored = 0;
    assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM sessions WHERE token_hash = ?",
                                  &stored, 1, token),
                     0);
    assert_int_equal(stored, 0);
    /* A password change revokes every other session. */
    assert_int_equal(accounts_set_password(f->db, id, "Keyuan-2025y", sid), 0);
    assert_int_equal(sessions_resolve(f->db, token, f->arena, &a), 0);
    assert_int_equal(sessions_resolve(f->db, other, f->arena, &a), ERR_UNAUTHORIZED);
    assert_int_equal(sessions_revoke(f->db, sid), 0);
    assert_int_equal(sessions_resolve(f->db, token, f->arena, &a), ERR_UNAUTHORIZED);
    assert_int_equal(sessions_resolve(f->db, "short", f->arena, &a), ERR_UNAUTHORIZED);
    /* An idle session expires. */
    char idle[65], idle_csrf[65];
    long long sid3;
    assert_int_equal(sessions_create(f->db, id, "127.0.0.1", idle, idle_csrf, &sid3), 0);
    assert_int_equal(db_exec(f->db, "UPDATE sessions SET last_seen_at = '2000-01-01T00:00:00Z'"),
                     0);
    assert_int_equal(sessions_resolve(f->db, idle, f->arena, &a), ERR_UNAUTHORIZED);

    char api[65];
    assert_int_equal(sessions_token_create(f->db, id, "script", api), 0);
    assert_int_equal(sessions_token_resolve(f->db, api, f->arena, &a), 0);
    assert_true(a.via_token);
    assert_int_equal(a.user.id, id);
    api[0] = api[0] == 'a' ? 'b' : 'a';
    assert_int_equal(sessions_token_resolve(f->db, api, f->arena, &a), ERR_UNAUTHORIZED);
}

static void write_audit(struct db *db, const char *action)
{
    struct audit_entry e = {.user_id = 1,
                            .username = "renshi",
                            .role = "人事干部",
                            .source_addr = "127.0.0.1",
                            .action = action,
                            .object_type = "person",
                            .object_id = "7",
                            .outcome = "ok",
                            .before_json = "{\"name\":\"张三\"}",
                            .after_json = NULL};
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
    bool pg = testdb_is_pg();
    assert_int_equal(db_exec(f->db, pg ? "DROP TRIGGER audit_log_no_update ON audit_log;"
                                         "DROP TRIGGER audit_log_no_delete ON audit_log;"
                                       : "DROP TRIGGER audit_log_no_update;"
                                         "DROP TRIGGER audit_log_no_delete;"),
                     0);
    assert_int_equal(db_exec(f->db, "UPDATE audit_log SET before_json = '{}' WHERE id = 3"), 0);
    assert_int_equal(audit_verify(f->db, &bad), ERR_CONFLICT);
    assert_int_equal(bad, 3);
}

/* Many records in one transaction chain as records written one by one:
 * the last hash is kept for the transaction (audit.c), and a rolled-back
 * transaction's records leave no trace in the next one's chain. */
static void test_audit_chain_in_one_transaction(void **state)
{
    struct fixture *f = *state;
    long long bad = -1;
    write_audit(f->db, "person.update");
    assert_int_equal(db_begin(f->db), 0);
    for (int i = 0; i < 3; i++)
        write_audit(f->db, "person.import_create");
    db_rollback(f->db);
    assert_int_equal(db_begin(f->db), 0);
    for (int i = 0; i < 50; i++)
        write_audit(f->db, "person.import_create");
    assert_int_equal(db_commit(f->db), 0);
    write_audit(f->db, "roster.import");
    assert_int_equal(audit_verify(f->db, &bad), 0);
    long long n = 0;
    assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM audit_log", &n, 0), 0);
    assert_int_equal(n, 52);
}

static void test_audit_deleted_and_inserted(void **state)
{
    struct fixture *f = *state;
    for (int i = 0; i < 4; i++)
        write_audit(f->db, "person.create");
    assert_int_equal(db_exec(f->db, testdb_is_pg() ? "DROP TRIGGER audit_log_no_delete ON audit_log"
                                                   : "DROP TRIGGER audit_log_no_delete"),
                     0);
    assert_int_equal(db_exec(f->db, "DELETE FROM audit_log WHERE id = 2"), 0);
    long long bad = 0;
    assert_int_equal(audit_verify(f->db, &bad), ERR_CONFLICT);
    assert_int_equal(bad, 3);
    /* Put a forged row back in the gap: its hash cannot match. */
    assert_int_equal(db_exec(f->db, "INSERT INTO audit_log (id, at, action, outcome, prev_hash,"
                                    " hash) SELECT 2, at, action, outcome, prev_hash, hash"
                                    " FROM audit_log WHERE id = 1"),
                     0);
    assert_int_equal(audit_verify(f->db, &bad), ERR_CONFLICT);
    assert_int_equal(bad, 2);
}

struct csv_rows {
    struct arena *a;
    const char *cells[8][AUDIT_CSV_COLUMNS];
    size_t n;
};

/* A row as a CSV reader returns it: an empty cell reads as NULL. The
 * record is borrowed for the call: the cells are copied. */
static int csv_row(void *ctx, const struct audit_record *r)
{
    struct csv_rows *x = ctx;
    audit_csv_cells(r, x->a, x->cells[x->n]);
    for (size_t c = 0; c < AUDIT_CSV_COLUMNS; c++)
        x->cells[x->n][c] = x->cells[x->n][c] && x->cells[x->n][c][0]
                                ? arena_strdup(x->a, x->cells[x->n][c])
                                : NULL;
    x->n++;
    return 0;
}

/* The export's cells read back check out, "" told from NULL by the
 * 值为空串的列 column; one changed cell, or that column dropped, does not. */
static void test_audit_csv_round_trip(void **state)
{
    struct fixture *f = *state;
    write_audit(f->db, "person.update");
    struct audit_entry odd = {
        .username = "", .action = "session.login", .outcome = "failed", .source_addr = "10.0.0.1"};
    assert_int_equal(audit_write(f->db, &odd), 0);
    write_audit(f->db, "unit.create");
    struct csv_rows x = {.a = arena_new()};
    struct audit_filter all = {0};
    assert_int_equal(audit_each(f->db, &all, csv_row, &x), 0);
    assert_int_equal(x.n, 3);
    int map[AUDIT_CSV_COLUMNS];
    const char *missing;
    assert_int_equal(audit_csv_columns(audit_csv_header, AUDIT_CSV_COLUMNS, map, &missing), 0);
    assert_string_equal(x.cells[1][6], "登录");
    assert_string_equal(x.cells[1][8], "失败");
    assert_string_equal(x.cells[1][17], "用户名");
    struct audit_record r[3];
    for (size_t i = 0; i < 3; i++)
        audit_csv_record(map, x.cells[i], AUDIT_CSV_COLUMNS, &r[i]);
    struct audit_check check;
    assert_int_equal(audit_check_records(r, 3, &check), 0);
    assert_int_equal(check.checked, 3);
    assert_int_equal(check.gaps, 0);
    /* Without the list of "" columns, the "" username reads as NULL: no match. */
    x.cells[1][17] = NULL;
    audit_csv_record(map, x.cells[1], AUDIT_CSV_COLUMNS, &r[1]);
    assert_int_equal(audit_check_records(r, 3, &check), ERR_CONFLICT);
    assert_int_equal(check.first_bad, 2);
    /* A value changed in the file. */
    x.cells[1][17] = "用户名";
    audit_csv_record(map, x.cells[1], AUDIT_CSV_COLUMNS, &r[1]);
    x.cells[2][13] = "{\"name\":\"李四\"}";
    audit_csv_record(map, x.cells[2], AUDIT_CSV_COLUMNS, &r[2]);
    assert_int_equal(audit_check_records(r, 3, &check), ERR_CONFLICT);
    assert_int_equal(check.first_bad, 3);
    /* A filtered file (records 1 and 3, as stored): each record checks,
     * the gap is counted. */
    struct csv_rows y = {.a = x.a};
    assert_int_equal(audit_each(f->db, &all, csv_row, &y), 0);
    audit_csv_record(map, y.cells[0], AUDIT_CSV_COLUMNS, &r[0]);
    audit_csv_record(map, y.cells[2], AUDIT_CSV_COLUMNS, &r[1]);
    assert_int_equal(audit_check_records(r, 2, &check), 0);
    assert_int_equal(check.gaps, 1);
    /* A header without the hash columns is no export. */
    assert_int_equal(audit_csv_columns(audit_csv_header, 15, map, &missing), ERR_INVALID);
    assert_string_equal(missing, "前一条哈希");
    arena_free(x.a);
}

static void test_newer_schema_refused(void **state)
{
    struct fixture *f = *state;
    /* The migrations applied: their numbers may have gaps (a branch's
     * migration merged before an earlier-numbered one), so count them. */
    long long applied = 0;
    assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM schema_version", &applied, 0), 0);
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
    /* Migrating a current database again is a no-op: no version recorded
     * anew, the highest the binary's. (Counted against the rows before, not
     * the highest number: migration numbers may have gaps while modules
     * written in parallel are merged.) */
    assert_int_equal(db_exec(f->db, "DELETE FROM schema_version WHERE version = 9999"), 0);
    assert_int_equal(store_migrate(f->db, &msg), 0);
    assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM schema_version", &v, 0), 0);
    assert_int_equal(v, applied);
    assert_int_equal(db_query_int(f->db, "SELECT max(version) FROM schema_version", &v, 0), 0);
    assert_int_equal(v, store_schema_version());
}

/* ---- issue 4: history, lock-out, policy, roles, sessions, TOTP, audit queries ---- */

static void test_password_history(void **state)
{
    struct fixture *f = *state;
    long long id = make_user(f->db, "hist", "Hist#2024pass", ROLE_PERSONNEL);
    static const char *seq[] = {"Hist#2025pass", "Hist#2026pass", "Hist#2027pass", "Hist#2028pass",
                                "Hist#2029pass"};
    assert_int_equal(passwords_reused(f->db, id, "Hist#2024pass"), ERR_CONFLICT);
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(passwords_reused(f->db, id, seq[i]), 0);
        assert_int_equal(db_begin(f->db), 0);
        assert_int_equal(accounts_set_password(f->db, id, seq[i], 0), 0);
        assert_int_equal(db_commit(f->db), 0);
    }
    /* The last 5 (the current one included) are refused; the 6th back is free again. */
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(passwords_reused(f->db, id, seq[i]), ERR_CONFLICT);
    assert_int_equal(passwords_reused(f->db, id, "Hist#2024pass"), 0);
    long long rows = 0;
    assert_int_equal(db_query_int(f->db, "SELECT count(*) FROM password_history", &rows, 0), 0);
    assert_int_equal(rows, PASSWORD_HISTORY);
}

static void test_lockout(void **state)
{
    struct fixture *f = *state;
    struct security_policy p;
    assert_int_equal(lockout_policy_get(f->db, &p), 0);
    assert_int_equal(p.max_failures, LOCKOUT_MAX_FAILURES);
    assert_int_equal(p.window_minutes, LOCKOUT_WINDOW_MINUTES);
    assert_int_equal(p.source_max_failures, LOCKOUT_SOURCE_MAX_FAILURES);
    assert_int_equal(p.totp_required, 0);
    time_t t0 = 1700000000, until;
    bool by_source;
    /* Four failures a minute apart: not locked; the fifth locks until the
     * first leaves the 15-minute window. */
    for (int i = 0; i < 4; i++)
        assert_int_equal(lockout_failed(f->db, "zhang", "10.0.0.1", t0 + i * 60), 0);
    assert_int_equal(lockout_check(f->db, &p, "zhang", "10.0.0.2", t0 + 240, &until, &by_source),
                     0);
    assert_int_equal(lockout_failed(f->db, "zhang", "10.0.0.1", t0 + 240), 0);
    assert_int_equal(lockout_check(f->db, &p, "zhang", "10.0.0.2", t0 + 241, &until, &by_source),
                     ERR_FORBIDDEN);
    assert_false(by_source);
    assert_int_equal(until, t0 + 15 * 60);
    /* Once the oldest leaves the window the account opens again. */
    assert_int_equal(
        lockout_check(f->db, &p, "zhang", "10.0.0.2", t0 + 15 * 60 + 1, &until, &by_source), 0);
    /* Per source: a lower limit, different accounts from one address. */
    p.source_max_failures = 3;
    for (int i = 0; i < 3; i++) {
        char name[16];
        snprintf(name, sizeof name, "u%d", i);
        assert_int_equal(lockout_failed(f->db, name, "10.0.0.9", t0 + i), 0);
    }
    assert_int_equal(lockout_check(f->db, &p, "li", "10.0.0.9", t0 + 5, &until, &by_source),
                     ERR_FORBIDDEN);
    assert_true(by_source);
    assert_int_equal(until, t0 + 15 * 60);
    assert_int_equal(lockout_check(f->db, &p, "li", "10.0.0.8", t0 + 5, &until, &by_source), 0);
    /* Clearing an account forgets its failures only. */
    assert_int_equal(lockout_clear(f->db, "zhang"), 0);
    assert_int_equal(lockout_check(f->db, &p, "zhang", "10.0.0.2", t0 + 241, &until, &by_source),
                     0);
    /* The policy round-trips through the settings table. */
    struct security_policy q = {3, 30, 50, (1u << ROLE_ADMIN) | (1u << ROLE_AUDITOR)};
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(lockout_policy_set(f->db, &q), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_int_equal(lockout_policy_get(f->db, &p), 0);
    assert_memory_equal(&p, &q, sizeof p);
}

static void test_roles_scopes_and_sessions(void **state)
{
    struct fixture *f = *state;
    long long id = make_user(f->db, "wang", "Wang#2024pass", ROLE_PERSONNEL);
    assert_int_equal(db_exec(f->db, "INSERT INTO units (id, name, kind, created_at, updated_at)"
                                    " VALUES (7, '一处', '2', 'x', 'x')"),
                     0);
    struct user_role roles[] = {{ROLE_AUDITOR, 0}, {ROLE_PERSONNEL, 7}};
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(accounts_roles_set(f->db, id, roles, 2), 0);
    assert_int_equal(db_commit(f->db), 0);
    struct user_role *got;
    size_t n;
    assert_int_equal(accounts_roles_get(f->db, id, f->arena, &got, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(got[1].role, ROLE_PERSONNEL);
    assert_int_equal(got[1].unit_id, 7);
    /* Both roles count; the scoped one keeps its unit for the scope. */
    struct user u;
    assert_int_equal(accounts_get(f->db, id, f->arena, &u), 0);
    assert_int_equal(u.roles, (1u << ROLE_AUDITOR) | (1u << ROLE_PERSONNEL));
    assert_int_equal(u.ngrants, 2);
    assert_int_equal(u.grants[1].role, ROLE_PERSONNEL);
    assert_int_equal(u.grants[1].unit_id, 7);
    /* A scoped role added twice is kept once; an unknown unit refused. */
    assert_int_equal(accounts_add_role_in(f->db, id, ROLE_PERSONNEL, 7), 0);
    assert_int_equal(accounts_add_role_in(f->db, id, ROLE_UNIT_HEAD, 998), ERR_CONFLICT);
    assert_int_equal(accounts_roles_get(f->db, id, f->arena, &got, &n), 0);
    assert_int_equal(n, 2);
    /* The person link of 干部本人: a person that does not exist is refused. */
    assert_int_equal(accounts_set_person(f->db, id, 4242), ERR_CONFLICT);
    assert_int_equal(accounts_set_person(f->db, 99999, 0), ERR_NOT_FOUND);
    /* A unit that does not exist: refused, nothing changed. */
    struct user_role bad[] = {{ROLE_PERSONNEL, 999}};
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(accounts_roles_set(f->db, id, bad, 1), ERR_CONFLICT);
    db_rollback(f->db);
    assert_int_equal(accounts_roles_get(f->db, id, f->arena, &got, &n), 0);
    assert_int_equal(n, 2);

    char token[65], csrf[65];
    long long s1, s2;
    assert_int_equal(sessions_create(f->db, id, "10.0.0.1", token, csrf, &s1), 0);
    assert_int_equal(sessions_create(f->db, id, "10.0.0.2", token, csrf, &s2), 0);
    struct session_info *list;
    assert_int_equal(sessions_list(f->db, id, f->arena, &list, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, s2); /* newest first */
    assert_string_equal(list[0].source_addr, "10.0.0.2");
    long long owner;
    assert_int_equal(sessions_owner(f->db, s1, &owner), 0);
    assert_int_equal(owner, id);
    assert_int_equal(sessions_require_totp(f->db, s2), 0);
    struct auth a;
    assert_int_equal(sessions_resolve(f->db, token, f->arena, &a), 0);
    assert_true(a.needs_totp);
    assert_int_equal(sessions_revoke_all(f->db, id), 0);
    assert_int_equal(sessions_owner(f->db, s1, &owner), ERR_NOT_FOUND);
    assert_int_equal(sessions_resolve(f->db, token, f->arena, &a), ERR_UNAUTHORIZED);
    /* Disabling revokes tokens as well. */
    assert_int_equal(sessions_token_create(f->db, id, "t", token), 0);
    assert_int_equal(accounts_update(f->db, id, "王五", 1), 0);
    assert_int_equal(sessions_token_resolve(f->db, token, f->arena, &a), ERR_UNAUTHORIZED);
    assert_int_equal(accounts_update(f->db, 999, "x", -1), ERR_NOT_FOUND);
    /* A reset gives a one-time password that works and must be changed. */
    char otp[ONE_TIME_PASSWORD_LEN + 1];
    assert_int_equal(accounts_update(f->db, id, NULL, 0), 0);
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(accounts_reset_password(f->db, id, otp), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_int_equal(strlen(otp), ONE_TIME_PASSWORD_LEN);
    assert_int_equal(accounts_check_password(f->db, "wang", otp, f->arena, &u), 0);
    assert_true(u.must_change_password);
    assert_string_equal(u.display_name, "王五");
}

/* The code of a base32 secret at `t`, computed by liboath's generator. */
static void code_at(const char *b32, time_t t, char out[7])
{
    char *raw = NULL;
    size_t len = 0;
    assert_int_equal(oath_init(), OATH_OK);
    assert_int_equal(oath_base32_decode(b32, strlen(b32), &raw, &len), OATH_OK);
    assert_int_equal(oath_totp_generate(raw, len, t, 30, 0, 6, out), OATH_OK);
    free(raw);
}

static void test_totp_and_keyless_copy(void **state)
{
    struct fixture *f = *state;
    char key_path[128];
    snprintf(key_path, sizeof key_path, "%s/test.db.key", f->dir);
    assert_int_equal(secret_key_create(key_path), 0);
    struct secret_key *key, *other;
    assert_int_equal(secret_key_load(key_path, &key), 0);
    long long id = make_user(f->db, "zhao", "Zhao#2024pass", ROLE_PERSONNEL);
    char b32[33];
    assert_int_equal(db_begin(f->db), 0);
    assert_int_equal(totp_begin(f->db, key, id, b32), 0);
    assert_int_equal(db_commit(f->db), 0);
    assert_int_equal(strlen(b32), 32);
    time_t t = 1700000000;
    char code[7];
    code_at(b32, t - 300, code);
    assert_int_equal(totp_confirm(f->db, key, id, code, t), ERR_INVALID);
    assert_int_equal(totp_confirm(f->db, key, id, "12ab56", t), ERR_INVALID);
    code_at(b32, t, code);
    assert_int_equal(totp_confirm(f->db, key, id, code, t), 0);
    assert_int_equal(totp_confirm(f->db, key, id, code, t), ERR_CONFLICT);
    char b32_again[33];
    assert_int_equal(totp_begin(f->db, key, id, b32_again), ERR_CONFLICT);
    /* The same step again is a replay; the next step, and one of drift, work once. */
    assert_int_equal(totp_verify(f->db, key, id, code, t), ERR_UNAUTHORIZED);
    code_at(b32, t + 30, code);
    assert_int_equal(totp_verify(f->db, key, id, code, t), 0);
    assert_int_equal(totp_verify(f->db, key, id, code, t + 30), ERR_UNAUTHORIZED);
    code_at(b32, t + 90, code);
    assert_int_equal(totp_verify(f->db, key, id, code, t + 30), ERR_UNAUTHORIZED); /* 2 steps */
    assert_int_equal(totp_verify(f->db, key, id, code, t + 90), 0);
    assert_int_equal(totp_verify(f->db, NULL, id, code, t + 90), ERR_UNAVAILABLE);
    /* With another key (a copy of the database without its key file): nothing opens. */
    char other_path[128];
    snprintf(other_path, sizeof other_path, "%s/other.key", f->dir);
    assert_int_equal(secret_key_create(other_path), 0);
    assert_int_equal(secret_key_load(other_path, &other), 0);
    code_at(b32, t + 120, code);
    assert_int_equal(totp_verify(f->db, other, id, code, t + 120), ERR_UNAUTHORIZED);
    /* A confidential text sealed into the database, and the TOTP secret:
     * neither appears in the database file once written out. */
    static const char confidential[] = "举报内容：某处长收受购物卡";
    char *sealed = secret_seal(key, confidential, strlen(confidential));
    assert_int_equal(db_exec(f->db, "CREATE TABLE confidential_texts (body TEXT)"), 0);
    struct db_stmt *st;
    assert_int_equal(db_prepare(f->db, "INSERT INTO confidential_texts (body) VALUES (?)", &st), 0);
    db_bind_text(st, 1, sealed);
    assert_int_equal(db_step(st), DB_DONE);
    db_finalize(st);
    free(sealed);
    static char bytes[1 << 22];
    size_t len = 0;
    char copy[160];
    snprintf(copy, sizeof copy, "%s/copy.db", f->dir);
    if (testdb_is_pg()) {
        /* A server database is no file to read: what is stored, as text. */
        assert_int_equal(
            db_prepare(
                f->db,
                "SELECT body FROM confidential_texts UNION ALL SELECT coalesce(totp_secret, '') ||"
                " coalesce(totp_pending, '') FROM users",
                &st),
            0);
        while (db_step(st) == DB_ROW) {
            const char *v = db_column_text(st, 0);
            size_t n = v ? strlen(v) : 0;
            assert_true(len + n + 1 < sizeof bytes);
            memcpy(bytes + len, v ? v : "", n);
            len += n;
            bytes[len++] = '\n';
        }
        db_finalize(st);
    } else {
        assert_int_equal(db_backup(f->db, copy), 0);
        FILE *fp = fopen(copy, "rb");
        assert_non_null(fp);
        len = fread(bytes, 1, sizeof bytes, fp);
        fclose(fp);
    }
    assert_true(len > 0 && len < sizeof bytes);
    char *raw = NULL;
    size_t raw_len = 0;
    assert_int_equal(oath_base32_decode(b32, strlen(b32), &raw, &raw_len), OATH_OK);
    assert_null(memmem(bytes, len, confidential, strlen(confidential)));
    assert_null(memmem(bytes, len, b32, strlen(b32)));
    assert_null(memmem(bytes, len, raw, raw_len));
    free(raw);
    assert_int_equal(totp_disable(f->db, id), 0);
    struct user u;
    assert_int_equal(accounts_get(f->db, id, f->arena, &u), 0);
    assert_false(u.totp_enabled);
    secret_key_free(key);
    secret_key_free(other);
    /* The files this test made beside the database go with it. */
    unlink(key_path);
    unlink(other_path);
    unlink(copy);
}

static long long count_where(struct db *db, const struct audit_filter *flt)
{
    long long n = -1;
    assert_int_equal(audit_count(db, flt, &n), 0);
    return n;
}

static void test_audit_queries(void **state)
{
    struct fixture *f = *state;
    static const struct audit_entry entries[] = {
        {.user_id = 1,
         .username = "zhang",
         .action = "session.login",
         .object_type = "user",
         .object_id = "1",
         .outcome = "ok"},
        {.username = "li", .action = "session.login", .object_type = "user", .outcome = "failed"},
        {.user_id = 1,
         .username = "zhang",
         .action = "person.update",
         .object_type = "person",
         .object_id = "42",
         .outcome = "ok",
         .before_json = "{\"a\":1}",
         .after_json = "{\"a\":2}"},
        {.user_id = 1,
         .username = "zhang",
         .action = "people.read",
         .object_type = "route",
         .outcome = "denied"},
    };
    for (size_t i = 0; i < sizeof entries / sizeof *entries; i++)
        assert_int_equal(audit_write(f->db, &entries[i]), 0);
    assert_int_equal(count_where(f->db, &(struct audit_filter){0}), 4);
    assert_int_equal(count_where(f->db, &(struct audit_filter){.username = "zhang"}), 3);
    assert_int_equal(count_where(f->db, &(struct audit_filter){.action = "session."}), 2);
    assert_int_equal(count_where(f->db, &(struct audit_filter){.action = "session"}), 0);
    assert_int_equal(count_where(f->db, &(struct audit_filter){.outcome = "denied"}), 1);
    assert_int_equal(
        count_where(f->db, &(struct audit_filter){.object_type = "person", .object_id = "42"}), 1);
    assert_int_equal(count_where(f->db, &(struct audit_filter){.to = "2000-01-01T00:00:00Z"}), 0);
    assert_int_equal(count_where(f->db, &(struct audit_filter){.from = "2000-01-01T00:00:00Z"}), 4);
    struct audit_record *r;
    size_t n;
    assert_int_equal(audit_list(f->db, &(struct audit_filter){0}, 1, 2, f->arena, &r, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(r[0].action, "person.update"); /* newest first, one skipped */
    assert_string_equal(r[0].before_json, "{\"a\":1}");
    assert_int_equal(r[0].user_id, 1);
    char bound[21];
    assert_int_equal(audit_time_bound("2025-03-01T08:00:00Z", false, bound), 0);
    assert_string_equal(bound, "2025-03-01T08:00:00Z");
    setenv("TZ", "Asia/Shanghai", 1);
    tzset();
    assert_int_equal(audit_time_bound("2025-03-01", false, bound), 0);
    assert_string_equal(bound, "2025-02-28T16:00:00Z"); /* Beijing midnight */
    assert_int_equal(audit_time_bound("2025-03-01", true, bound), 0);
    assert_string_equal(bound, "2025-03-01T16:00:00Z"); /* the whole day included */
    unsetenv("TZ");
    tzset();
    static const char *bad[] = {"2025-02-30", "2025-3-1", "20250301", "", "2025-03-01T08:00Z"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(audit_time_bound(bad[i], false, bound), ERR_INVALID);
    /* The log refuses changes and deletions. */
    assert_true(db_exec(f->db, "DELETE FROM audit_log WHERE id = 1") < 0);
    assert_true(db_exec(f->db, "UPDATE audit_log SET outcome = 'ok' WHERE id = 4") < 0);
}

int main(void)
{
    /* The export's labels come from the modules that write the actions,
     * as in the program (cli/main.c). */
    audit_label_source_add(router_audit_label);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_password_policy),
        cmocka_unit_test_setup_teardown(test_login_and_roles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sessions_and_tokens, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_chain_in_one_transaction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_deleted_and_inserted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_csv_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_password_history, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lockout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_roles_scopes_and_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_totp_and_keyless_copy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_queries, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
