/* accounts.h — user accounts and their roles: create, load, list, change,
 * check a password. Passwords are argon2id hashes (store/passwords.h);
 * sessions and API tokens are store/sessions.h, lock-out store/lockout.h,
 * the second factor store/totp.h. */
#ifndef CADRE_ACCOUNTS_H
#define CADRE_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>

#include "store/db.h"

struct arena;

/* One role of a user; unit_id 0 = the whole organisation. */
struct user_role {
    int role; /* enum role */
    long long unit_id;
};

struct user {
    long long id;
    const char *username;
    const char *display_name;
    bool must_change_password;
    bool disabled;
    long long person_id;
    unsigned roles;           /* bit set: 1 << enum role, scoped or not (the permission check) */
    struct user_role *grants; /* every role row, with its unit (the scope of each) */
    size_t ngrants;
    bool totp_enabled;
    const char *created_at;
};

/* Creates a user with `password` (hashed with argon2id) and role `role`
 * (enum role; -1 for none). ERR_CONFLICT when the username exists. Call in a transaction.
 * Sets `*id`. */
int accounts_create(struct db *db, const char *username, const char *display_name,
                    const char *password, bool must_change, int role, long long *id);

/* Adds a role to a user (no-op when present). */
int accounts_add_role(struct db *db, long long user_id, int role);

/* Adds a role scoped to unit `unit_id` and its sub-units (0: unscoped);
 * a no-op when present. ERR_CONFLICT when the unit does not exist. */
int accounts_add_role_in(struct db *db, long long user_id, int role, long long unit_id);

/* Links the account to the person it belongs to (0: none), for the role
 * 干部本人. ERR_NOT_FOUND for no such user, ERR_CONFLICT for no such person. */
int accounts_set_person(struct db *db, long long user_id, long long person_id);

/* Loads a user by username. ERR_NOT_FOUND. */
int accounts_get_by_name(struct db *db, const char *username, struct arena *a, struct user *out);

/* Checks `password` for `username`. Returns 0 and fills `*out` when it
 * matches and the account is enabled; ERR_UNAUTHORIZED otherwise (the same
 * answer for an unknown user, a wrong password and a disabled account, and
 * the same time spent, so usernames cannot be probed). */
int accounts_check_password(struct db *db, const char *username, const char *password,
                            struct arena *a, struct user *out);

/* Sets a new password and clears must_change_password; revokes every
 * session of the user but `keep_session` (0 for none). The hash joins the
 * history (the oldest beyond PASSWORD_HISTORY are dropped). */
int accounts_set_password(struct db *db, long long user_id, const char *password,
                          long long keep_session);

/* Replaces the password by a random one-time password (written into `out`,
 * ONE_TIME_PASSWORD_LEN + 1 bytes; the caller shows it once and wipes it),
 * sets must_change_password, revokes every session and clears the failed
 * logins of the account. Call in a transaction. */
int accounts_reset_password(struct db *db, long long user_id, char *out);

/* Loads user `id`. ERR_NOT_FOUND. */
int accounts_get(struct db *db, long long id, struct arena *a, struct user *out);

/* A page of users ordered by username, filtered by `q` (part of the
 * username or display name, ASCII letters compared ignoring case; NULL for
 * all). Items and their strings in `a`. */
int accounts_list(struct db *db, const char *q, long long offset, long long limit, struct arena *a,
                  struct user **items, size_t *n, long long *total);

/* Changes the display name (NULL: keep) and the disabled flag (-1: keep).
 * Disabling revokes the user's sessions and API tokens. ERR_NOT_FOUND. */
int accounts_update(struct db *db, long long id, const char *display_name, int disabled);

/* The roles of a user, scoped ones included, in `a`. */
int accounts_roles_get(struct db *db, long long user_id, struct arena *a, struct user_role **out,
                       size_t *n);

/* Replaces the roles of a user. Call in a transaction. ERR_CONFLICT when a
 * unit does not exist. */
int accounts_roles_set(struct db *db, long long user_id, const struct user_role *roles, size_t n);

/* ---- for store/sessions.c, which reads a user with its session -------- */

/* The columns of a user row (table alias `u`), in the order accounts_read_row reads. */
#define ACCOUNTS_COLUMNS                                                                           \
    "u.id, u.username, u.display_name, u.must_change_password, u.disabled, u.person_id,"           \
    " u.totp_secret IS NOT NULL, u.created_at"
#define ACCOUNTS_NCOLUMNS 8

/* Reads ACCOUNTS_COLUMNS starting at column `col` of the current row into
 * `*u` (strings copied into `a`; roles not loaded). */
void accounts_read_row(struct db_stmt *st, int col, struct arena *a, struct user *u);

/* Loads every role row of `u` (its bit set and its grants) into `u`, in `a`. */
int accounts_load_roles(struct db *db, struct arena *a, struct user *u);

#endif
