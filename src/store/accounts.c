/* accounts.c — user accounts and their roles. */
#include "store/accounts.h"

#include <stdio.h>
#include <string.h>

#include "core/roles.h"
#include "store/lockout.h"
#include "store/passwords.h"
#include "store/sessions.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"

int accounts_create(struct db *db, const char *username, const char *display_name,
                    const char *password, bool must_change, int role, long long *id)
{
    char hash[PASSWORDS_HASH_BYTES];
    int rc = passwords_hash(password, hash);
    if (rc < 0)
        return rc;
    char now[21];
    store_now(now);
    struct db_stmt *st;
    if ((rc = db_prepare(db,
                         "INSERT INTO users (username, display_name, password_hash,"
                         " must_change_password, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
                         " RETURNING id",
                         &st)) < 0)
        return rc;
    db_bind_text(st, 1, username);
    db_bind_text(st, 2, display_name);
    db_bind_text(st, 3, hash);
    db_bind_int(st, 4, must_change);
    db_bind_text(st, 5, now);
    db_bind_text(st, 6, now);
    rc = db_step_id(st, id);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = passwords_remember(db, *id, hash)) < 0)
        return rc;
    return role < 0 ? 0 : accounts_add_role(db, *id, role);
}

int accounts_add_role(struct db *db, long long user_id, int role)
{
    return accounts_add_role_in(db, user_id, role, 0);
}

int accounts_add_role_in(struct db *db, long long user_id, int role, long long unit_id)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT count(*) FROM user_roles WHERE user_id = ? AND role = ?"
                        " AND coalesce(unit_id, 0) = ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, user_id);
    db_bind_text(st, 2, roles_name((enum role)role));
    db_bind_int(st, 3, unit_id > 0 ? unit_id : 0);
    long long present = 0;
    if ((rc = db_step(st)) == DB_ROW)
        present = db_column_int(st, 0);
    db_finalize(st);
    if (rc < 0 || present)
        return rc < 0 ? rc : 0;
    if ((rc = db_prepare(db, "INSERT INTO user_roles (user_id, role, unit_id) VALUES (?, ?, ?)",
                         &st)) < 0)
        return rc;
    db_bind_int(st, 1, user_id);
    db_bind_text(st, 2, roles_name((enum role)role));
    if (unit_id > 0)
        db_bind_int(st, 3, unit_id);
    else
        db_bind_null(st, 3);
    rc = db_step(st);
    db_finalize(st);
    if (rc == ERR_CONFLICT)
        return rc; /* the unit does not exist (foreign key) */
    return rc < 0 ? rc : 0;
}

int accounts_set_person(struct db *db, long long user_id, long long person_id)
{
    char now[21];
    struct db_stmt *st;
    int rc = db_prepare(db, "UPDATE users SET person_id = ?, updated_at = ? WHERE id = ?", &st);
    if (rc < 0)
        return rc;
    if (person_id > 0)
        db_bind_int(st, 1, person_id);
    else
        db_bind_null(st, 1);
    db_bind_text(st, 2, store_now(now));
    db_bind_int(st, 3, user_id);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return db_changes(db) ? 0 : ERR_NOT_FOUND;
}

/* Every role row of the user, scoped ones included: the bit set for the
 * permission checks, and the grants (role, unit) for the scope of each
 * request (store/people.h people_scope). */
int accounts_load_roles(struct db *db, struct arena *a, struct user *u)
{
    struct db_stmt *st;
    int rc =
        db_prepare(db, "SELECT role, unit_id FROM user_roles WHERE user_id = ? ORDER BY id", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, u->id);
    u->roles = 0;
    u->ngrants = 0;
    size_t cap = 8;
    u->grants = arena_calloc(a, cap, sizeof *u->grants);
    while ((rc = db_step(st)) == DB_ROW) {
        int r = roles_find(db_column_text(st, 0));
        if (r < 0)
            continue; /* a role this binary does not know grants nothing */
        u->roles |= 1u << r;
        if (u->ngrants == cap) {
            struct user_role *more = arena_calloc(a, cap * 2, sizeof *more);
            memcpy(more, u->grants, cap * sizeof *more);
            u->grants = more;
            cap *= 2;
        }
        u->grants[u->ngrants].role = r;
        u->grants[u->ngrants].unit_id = db_column_int(st, 1);
        u->ngrants++;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

void accounts_read_row(struct db_stmt *st, int col, struct arena *a, struct user *u)
{
    u->id = db_column_int(st, col);
    u->username = arena_strdup(a, db_column_text(st, col + 1));
    u->display_name = arena_strdup(a, db_column_text(st, col + 2));
    u->must_change_password = db_column_int(st, col + 3) != 0;
    u->disabled = db_column_int(st, col + 4) != 0;
    u->person_id = db_column_int(st, col + 5);
    u->totp_enabled = db_column_int(st, col + 6) != 0;
    u->created_at = arena_strdup(a, db_column_text(st, col + 7));
}

/* Steps `st` (prepared and bound, selecting ACCOUNTS_COLUMNS) once and loads
 * the user it finds with their roles; gives `st` back. ERR_NOT_FOUND. */
static int load_one_user(struct db *db, struct db_stmt *st, struct arena *a, struct user *out)
{
    int rc = db_step(st);
    if (rc == DB_ROW)
        accounts_read_row(st, 0, a, out);
    db_finalize(st);
    if (rc == DB_DONE)
        return ERR_NOT_FOUND;
    return rc < 0 ? rc : accounts_load_roles(db, a, out);
}

int accounts_get_by_name(struct db *db, const char *username, struct arena *a, struct user *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT " ACCOUNTS_COLUMNS " FROM users u WHERE u.username = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, username);
    return load_one_user(db, st, a, out);
}

static int upgrade_verifier(struct db *db, long long user_id, const char *password)
{
    char hash[PASSWORDS_HASH_BYTES];
    int rc = passwords_hash(password, hash);
    struct db_stmt *st;
    if (rc < 0 || (rc = db_prepare(db, "UPDATE users SET password_hash = ? WHERE id = ?", &st)) < 0)
        return rc;
    db_bind_text(st, 1, hash);
    db_bind_int(st, 2, user_id);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int accounts_check_password(struct db *db, const char *username, const char *password,
                            struct arena *a, struct user *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT " ACCOUNTS_COLUMNS ", u.password_hash FROM users u"
                        " WHERE u.username = ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, username);
    rc = db_step(st);
    char hash[PASSWORDS_HASH_BYTES] = "";
    bool found = rc == DB_ROW;
    if (found) {
        accounts_read_row(st, 0, a, out);
        const char *h = db_column_text(st, ACCOUNTS_NCOLUMNS);
        snprintf(hash, sizeof hash, "%s", h ? h : "");
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    /* An unknown user is checked against a dummy hash: the same time spent. */
    bool match = passwords_verify(found && hash[0] ? hash : NULL, password);
    if (!found || !match || out->disabled)
        return ERR_UNAUTHORIZED;
    /* The verifier of an intl database switched to gm is upgraded now,
     * while the password is at hand (docs/crypto.md). */
    if (passwords_needs_upgrade(hash) && (rc = upgrade_verifier(db, out->id, password)) < 0)
        return rc;
    return accounts_load_roles(db, a, out);
}

int accounts_set_password(struct db *db, long long user_id, const char *password,
                          long long keep_session)
{
    char hash[PASSWORDS_HASH_BYTES], now[21];
    int rc = passwords_hash(password, hash);
    if (rc < 0)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db,
                         "UPDATE users SET password_hash = ?, must_change_password = 0,"
                         " updated_at = ? WHERE id = ?",
                         &st)) < 0)
        return rc;
    db_bind_text(st, 1, hash);
    db_bind_text(st, 2, store_now(now));
    db_bind_int(st, 3, user_id);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0 || (rc = passwords_remember(db, user_id, hash)) < 0)
        return rc;
    return sessions_revoke_others(db, user_id, keep_session);
}

int accounts_reset_password(struct db *db, long long user_id, char *out)
{
    struct arena *a = arena_new();
    struct user u = {0};
    int rc = accounts_get(db, user_id, a, &u);
    if (rc == 0) {
        passwords_random(out, ONE_TIME_PASSWORD_LEN);
        rc = accounts_set_password(db, user_id, out, 0);
    }
    struct db_stmt *st;
    if (rc == 0 &&
        (rc = db_prepare(db, "UPDATE users SET must_change_password = 1 WHERE id = ?", &st)) == 0) {
        db_bind_int(st, 1, user_id);
        rc = db_step(st);
        db_finalize(st);
    }
    if (rc >= 0)
        rc = lockout_clear(db, u.username);
    arena_free(a);
    return rc < 0 ? rc : 0;
}

int accounts_get(struct db *db, long long id, struct arena *a, struct user *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT " ACCOUNTS_COLUMNS " FROM users u WHERE u.id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    return load_one_user(db, st, a, out);
}

int accounts_list(struct db *db, const char *q, long long offset, long long limit, struct arena *a,
                  struct user **items, size_t *n, long long *total)
{
    *items = NULL;
    *n = 0;
    /* Letters compared lower-cased on both sides: LIKE itself ignores ASCII
     * case in SQLite and no case in PostgreSQL. */
    const char *pattern = q && *q ? arena_sprintf(a, "%%%s%%", q) : NULL;
    const char *where = pattern ? " WHERE lower(u.username) LIKE lower(?)"
                                  " OR lower(u.display_name) LIKE lower(?)"
                                : "";
    struct db_stmt *st;
    int rc = db_prepare(db, arena_sprintf(a, "SELECT count(*) FROM users u%s", where), &st);
    if (rc < 0)
        return rc;
    if (pattern) {
        db_bind_text(st, 1, pattern);
        db_bind_text(st, 2, pattern);
    }
    *total = 0;
    if ((rc = db_step(st)) == DB_ROW)
        *total = db_column_int(st, 0);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = db_prepare(db,
                         arena_sprintf(a,
                                       "SELECT " ACCOUNTS_COLUMNS " FROM users u%s"
                                       " ORDER BY u.username LIMIT ? OFFSET ?",
                                       where),
                         &st)) < 0)
        return rc;
    int i = 1;
    if (pattern) {
        db_bind_text(st, i++, pattern);
        db_bind_text(st, i++, pattern);
    }
    db_bind_int(st, i++, limit);
    db_bind_int(st, i, offset);
    size_t cap = limit > 0 && limit < 1000 ? (size_t)limit : 1000;
    *items = arena_calloc(a, cap, sizeof **items);
    while (*n < cap && (rc = db_step(st)) == DB_ROW)
        accounts_read_row(st, 0, a, &(*items)[(*n)++]);
    db_finalize(st);
    if (rc < 0)
        return rc;
    for (size_t k = 0; k < *n; k++)
        if ((rc = accounts_load_roles(db, a, &(*items)[k])) < 0)
            return rc;
    return 0;
}

int accounts_update(struct db *db, long long id, const char *display_name, int disabled)
{
    char now[21];
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "UPDATE users SET display_name = coalesce(?, display_name),"
                        " disabled = coalesce(?, disabled), updated_at = ? WHERE id = ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, display_name);
    if (disabled < 0)
        db_bind_null(st, 2);
    else
        db_bind_int(st, 2, disabled);
    db_bind_text(st, 3, store_now(now));
    db_bind_int(st, 4, id);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (db_changes(db) == 0)
        return ERR_NOT_FOUND;
    if (disabled > 0) {
        if ((rc = sessions_revoke_all(db, id)) < 0)
            return rc;
        return sessions_tokens_revoke_all(db, id);
    }
    return 0;
}

int accounts_roles_get(struct db *db, long long user_id, struct arena *a, struct user_role **out,
                       size_t *n)
{
    long long count = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT count(*) FROM user_roles WHERE user_id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, user_id);
    if ((rc = db_step(st)) == DB_ROW)
        count = db_column_int(st, 0);
    db_finalize(st);
    if (rc < 0)
        return rc;
    *out = arena_calloc(a, (size_t)count + 1, sizeof **out);
    *n = 0;
    if ((rc = db_prepare(db,
                         "SELECT role, unit_id FROM user_roles WHERE user_id = ?"
                         " ORDER BY id",
                         &st)) < 0)
        return rc;
    db_bind_int(st, 1, user_id);
    while ((rc = db_step(st)) == DB_ROW && *n < (size_t)count) {
        int r = roles_find(db_column_text(st, 0));
        if (r < 0)
            continue; /* a role this binary does not know grants nothing */
        (*out)[*n].role = r;
        (*out)[*n].unit_id = db_column_int(st, 1);
        (*n)++;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int accounts_roles_set(struct db *db, long long user_id, const struct user_role *roles, size_t n)
{
    int rc = db_exec_id(db, "DELETE FROM user_roles WHERE user_id = ?", user_id);
    if (rc < 0)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, "INSERT INTO user_roles (user_id, role, unit_id) VALUES (?, ?, ?)",
                         &st)) < 0)
        return rc;
    for (size_t i = 0; i < n && rc >= 0; i++) {
        db_bind_int(st, 1, user_id);
        db_bind_text(st, 2, roles_name((enum role)roles[i].role));
        if (roles[i].unit_id)
            db_bind_int(st, 3, roles[i].unit_id);
        else
            db_bind_null(st, 3);
        rc = db_step(st);
        db_reset(st);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}
