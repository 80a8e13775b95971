/* users.c — accounts, sessions and tokens, lock-out, password history, TOTP. */
#include "store/users.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/roles.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/log.h"
#include "util/secret.h"
#include "util/xmalloc.h"

/* A valid hash of a random password, checked when the user does not exist
 * so both answers take the same time. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static int hash_password(const char *password, char out[crypto_pwhash_STRBYTES])
{
    /* INTERACTIVE limits keep a login well under a second on two cores. */
    if (crypto_pwhash_str_alg(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        log_error("password hashing ran out of memory");
        return ERR_INTERNAL;
    }
    return 0;
}

static void make_dummy_hash(void)
{
    hash_password("not a real password 1A!", dummy_hash);
}

static void hash_token(const char *token, char out[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, 65, h, sizeof h);
}

static void random_hex(char out[65])
{
    unsigned char b[32];
    randombytes_buf(b, sizeof b);
    sodium_bin2hex(out, 65, b, sizeof b);
    sodium_memzero(b, sizeof b);
}

void users_random_password(char *out, size_t len)
{
    static const char *classes[] = {"ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz",
                                    "23456789"};
    for (size_t i = 0; i < len; i++) {
        const char *set = classes[i < 3 ? i : randombytes_uniform(3)];
        out[i] = set[randombytes_uniform((uint32_t)strlen(set))];
    }
    /* Shuffle so the class order of the first three is not fixed. */
    for (size_t i = len; i > 1; i--) {
        size_t j = randombytes_uniform((uint32_t)i);
        char t = out[i - 1];
        out[i - 1] = out[j];
        out[j] = t;
    }
    out[len] = '\0';
}

const char *users_password_problem(const char *username, const char *password)
{
    size_t len = strlen(password);
    int lower = 0, upper = 0, digit = 0, other = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)password[i];
        if (c >= 'a' && c <= 'z')
            lower = 1;
        else if (c >= 'A' && c <= 'Z')
            upper = 1;
        else if (c >= '0' && c <= '9')
            digit = 1;
        else
            other = 1;
    }
    if (len < 10)
        return "密码至少需要 10 个字符";
    if (lower + upper + digit + other < 3)
        return "密码需包含大写字母、小写字母、数字、符号中的至少三类";
    if (username && strcasecmp(username, password) == 0)
        return "密码不能与用户名相同";
    return NULL;
}

/* Adds `hash` to the user's password history and drops the entries beyond
 * PASSWORD_HISTORY. */
static int remember_password(struct db *db, long long user_id, const char *hash)
{
    char now[21];
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO password_history (user_id, password_hash, created_at)"
                        " VALUES (?, ?, ?)",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, user_id);
    db_bind_text(st, 2, hash);
    db_bind_text(st, 3, store_now(now));
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = db_prepare(db,
                         "DELETE FROM password_history WHERE user_id = ? AND id NOT IN"
                         " (SELECT id FROM password_history WHERE user_id = ?"
                         " ORDER BY id DESC LIMIT ?)",
                         &st)) < 0)
        return rc;
    db_bind_int(st, 1, user_id);
    db_bind_int(st, 2, user_id);
    db_bind_int(st, 3, PASSWORD_HISTORY);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int users_create(struct db *db, const char *username, const char *display_name,
                 const char *password, bool must_change, int role, long long *id)
{
    char hash[crypto_pwhash_STRBYTES];
    int rc = hash_password(password, hash);
    if (rc < 0)
        return rc;
    char now[21];
    store_now(now);
    struct db_stmt *st;
    if ((rc = db_prepare(db,
                         "INSERT INTO users (username, display_name, password_hash,"
                         " must_change_password, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                         &st)) < 0)
        return rc;
    db_bind_text(st, 1, username);
    db_bind_text(st, 2, display_name);
    db_bind_text(st, 3, hash);
    db_bind_int(st, 4, must_change);
    db_bind_text(st, 5, now);
    db_bind_text(st, 6, now);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    *id = db_last_insert_id(db);
    if ((rc = remember_password(db, *id, hash)) < 0)
        return rc;
    return role < 0 ? 0 : users_add_role(db, *id, role);
}

int users_add_role(struct db *db, long long user_id, int role)
{
    return users_add_role_in(db, user_id, role, 0);
}

int users_add_role_in(struct db *db, long long user_id, int role, long long unit_id)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO user_roles (user_id, role, unit_id) SELECT ?1, ?2, ?3"
                        " WHERE NOT EXISTS (SELECT 1 FROM user_roles WHERE user_id = ?1"
                        " AND role = ?2 AND coalesce(unit_id, 0) = coalesce(?3, 0))",
                        &st);
    if (rc < 0)
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

int users_set_person(struct db *db, long long user_id, long long person_id)
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
static int load_roles(struct db *db, struct arena *a, struct user *u)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT role, unit_id FROM user_roles WHERE user_id = ? ORDER BY id",
                        &st);
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

#define USER_COLUMNS                                                                               \
    "u.id, u.username, u.display_name, u.must_change_password, u.disabled, u.person_id,"           \
    " u.totp_secret IS NOT NULL, u.created_at"
#define USER_NCOLUMNS 8

static void read_user(struct db_stmt *st, int col, struct arena *a, struct user *u)
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

/* Steps `st` (prepared and bound, selecting USER_COLUMNS) once and loads
 * the user it finds with their roles; gives `st` back. ERR_NOT_FOUND. */
static int load_one_user(struct db *db, struct db_stmt *st, struct arena *a, struct user *out)
{
    int rc = db_step(st);
    if (rc == DB_ROW)
        read_user(st, 0, a, out);
    db_finalize(st);
    if (rc == DB_DONE)
        return ERR_NOT_FOUND;
    return rc < 0 ? rc : load_roles(db, a, out);
}

int users_get_by_name(struct db *db, const char *username, struct arena *a, struct user *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT " USER_COLUMNS " FROM users u WHERE u.username = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, username);
    return load_one_user(db, st, a, out);
}

int users_check_password(struct db *db, const char *username, const char *password, struct arena *a,
                         struct user *out)
{
    pthread_once(&dummy_once, make_dummy_hash);
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT " USER_COLUMNS ", u.password_hash FROM users u"
                        " WHERE u.username = ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, username);
    rc = db_step(st);
    char hash[crypto_pwhash_STRBYTES];
    snprintf(hash, sizeof hash, "%s", dummy_hash);
    bool found = rc == DB_ROW;
    if (found) {
        read_user(st, 0, a, out);
        const char *h = db_column_text(st, USER_NCOLUMNS);
        snprintf(hash, sizeof hash, "%s", h ? h : dummy_hash);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    bool match = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
    if (!found || !match || out->disabled)
        return ERR_UNAUTHORIZED;
    return load_roles(db, a, out);
}

int users_set_password(struct db *db, long long user_id, const char *password,
                       long long keep_session)
{
    char hash[crypto_pwhash_STRBYTES], now[21];
    int rc = hash_password(password, hash);
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
    if (rc < 0 || (rc = remember_password(db, user_id, hash)) < 0)
        return rc;
    if ((rc = db_prepare(db, "UPDATE sessions SET revoked = 1 WHERE user_id = ? AND id <> ?",
                         &st)) < 0)
        return rc;
    db_bind_int(st, 1, user_id);
    db_bind_int(st, 2, keep_session);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static void iso_after(time_t base, long seconds, char out[21])
{
    time_t t = base + seconds;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int users_session_create(struct db *db, long long user_id, const char *source_addr, char token[65],
                         char csrf[65], long long *session_id)
{
    char hash[65], now[21], expires[21];
    random_hex(token);
    random_hex(csrf);
    hash_token(token, hash);
    time_t t = time(NULL);
    iso_after(t, 0, now);
    iso_after(t, SESSION_MAX_SECONDS, expires);
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO sessions (token_hash, csrf_token, user_id, source_addr,"
                        " created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, hash);
    db_bind_text(st, 2, csrf);
    db_bind_int(st, 3, user_id);
    db_bind_text(st, 4, source_addr);
    db_bind_text(st, 5, now);
    db_bind_text(st, 6, now);
    db_bind_text(st, 7, expires);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    *session_id = db_last_insert_id(db);
    return 0;
}

int users_session_resolve(struct db *db, const char *token, struct arena *a, struct auth *out)
{
    if (strlen(token) != 64)
        return ERR_UNAUTHORIZED;
    char hash[65], now[21], idle_limit[21];
    hash_token(token, hash);
    time_t t = time(NULL);
    iso_after(t, 0, now);
    iso_after(t, -SESSION_IDLE_SECONDS, idle_limit);
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT s.id, s.csrf_token, s.last_seen_at, s.needs_totp, " USER_COLUMNS
                        " FROM sessions s JOIN users u ON u.id = s.user_id"
                        " WHERE s.token_hash = ? AND s.revoked = 0 AND s.expires_at > ?"
                        " AND s.last_seen_at > ? AND u.disabled = 0",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, hash);
    db_bind_text(st, 2, now);
    db_bind_text(st, 3, idle_limit);
    rc = db_step(st);
    bool stale = false;
    if (rc == DB_ROW) {
        memset(out, 0, sizeof *out);
        out->session_id = db_column_int(st, 0);
        out->csrf_token = arena_strdup(a, db_column_text(st, 1));
        /* Refresh last_seen at most once a minute: no write per request. */
        const char *seen = db_column_text(st, 2);
        char minute_ago[21];
        iso_after(t, -60, minute_ago);
        stale = seen && strcmp(seen, minute_ago) < 0;
        out->needs_totp = db_column_int(st, 3) != 0;
        read_user(st, 4, a, &out->user);
    }
    db_finalize(st);
    if (rc == DB_DONE)
        return ERR_UNAUTHORIZED;
    if (rc < 0)
        return rc;
    if (stale && db_prepare(db, "UPDATE sessions SET last_seen_at = ? WHERE id = ?", &st) == 0) {
        db_bind_text(st, 1, now);
        db_bind_int(st, 2, out->session_id);
        db_step(st); /* best effort: a busy database must not refuse a read */
        db_finalize(st);
    }
    return load_roles(db, a, &out->user);
}

int users_session_revoke(struct db *db, long long session_id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "UPDATE sessions SET revoked = 1 WHERE id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, session_id);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int users_token_create(struct db *db, long long user_id, const char *name, char token[65])
{
    char hash[65], now[21];
    random_hex(token);
    hash_token(token, hash);
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO api_tokens (token_hash, user_id, name, created_at)"
                        " VALUES (?, ?, ?, ?)",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, hash);
    db_bind_int(st, 2, user_id);
    db_bind_text(st, 3, name);
    db_bind_text(st, 4, store_now(now));
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int users_token_resolve(struct db *db, const char *token, struct arena *a, struct auth *out)
{
    if (strlen(token) != 64)
        return ERR_UNAUTHORIZED;
    char hash[65];
    hash_token(token, hash);
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT " USER_COLUMNS " FROM api_tokens t"
                        " JOIN users u ON u.id = t.user_id"
                        " WHERE t.token_hash = ? AND t.revoked = 0 AND u.disabled = 0",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, hash);
    rc = db_step(st);
    if (rc == DB_ROW) {
        memset(out, 0, sizeof *out);
        out->via_token = true;
        read_user(st, 0, a, &out->user);
    }
    db_finalize(st);
    if (rc == DB_DONE)
        return ERR_UNAUTHORIZED;
    return rc < 0 ? rc : load_roles(db, a, &out->user);
}

/* ---- password history and reset ----------------------------------------- */

int users_password_reused(struct db *db, long long user_id, const char *password)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT password_hash FROM password_history WHERE user_id = ?"
                        " ORDER BY id DESC LIMIT ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, user_id);
    db_bind_int(st, 2, PASSWORD_HISTORY);
    bool reused = false;
    while (!reused && (rc = db_step(st)) == DB_ROW) {
        const char *h = db_column_text(st, 0);
        reused = h && crypto_pwhash_str_verify(h, password, strlen(password)) == 0;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    return reused ? ERR_CONFLICT : 0;
}

int users_reset_password(struct db *db, long long user_id, char *out)
{
    struct arena *a = arena_new();
    struct user u = {0};
    int rc = users_get(db, user_id, a, &u);
    if (rc == 0) {
        users_random_password(out, ONE_TIME_PASSWORD_LEN);
        rc = users_set_password(db, user_id, out, 0);
    }
    struct db_stmt *st;
    if (rc == 0 &&
        (rc = db_prepare(db, "UPDATE users SET must_change_password = 1 WHERE id = ?", &st)) == 0) {
        db_bind_int(st, 1, user_id);
        rc = db_step(st);
        db_finalize(st);
    }
    if (rc >= 0)
        rc = users_login_clear(db, u.username);
    arena_free(a);
    return rc < 0 ? rc : 0;
}

/* ---- settings and lock-out ------------------------------------------------ */

static int setting_int(struct db *db, const char *key, int dflt, int *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT value FROM settings WHERE key = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, key);
    *out = dflt;
    if ((rc = db_step(st)) == DB_ROW) {
        const char *v = db_column_text(st, 0);
        char *end;
        long n = v ? strtol(v, &end, 10) : 0;
        if (v && *v && !*end && n > 0 && n < 1000000)
            *out = (int)n;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int setting_put(struct db *db, const char *key, const char *value)
{
    char now[21];
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)"
                        " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                        " updated_at = excluded.updated_at",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, key);
    db_bind_text(st, 2, value);
    db_bind_text(st, 3, store_now(now));
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int users_policy_get(struct db *db, struct security_policy *out)
{
    memset(out, 0, sizeof *out);
    int rc;
    if ((rc = setting_int(db, "lockout.max_failures", LOCKOUT_MAX_FAILURES, &out->max_failures)) <
            0 ||
        (rc = setting_int(db, "lockout.window_minutes", LOCKOUT_WINDOW_MINUTES,
                          &out->window_minutes)) < 0 ||
        (rc = setting_int(db, "lockout.source_max_failures", LOCKOUT_SOURCE_MAX_FAILURES,
                          &out->source_max_failures)) < 0)
        return rc;
    for (int r = 0; r < ROLE_COUNT; r++) {
        char key[64];
        int on = 0;
        snprintf(key, sizeof key, "totp.required.%s", roles_name((enum role)r));
        if ((rc = setting_int(db, key, 0, &on)) < 0)
            return rc;
        if (on)
            out->totp_required |= 1u << r;
    }
    return 0;
}

int users_policy_set(struct db *db, const struct security_policy *p)
{
    char v[24];
    int rc;
    snprintf(v, sizeof v, "%d", p->max_failures);
    if ((rc = setting_put(db, "lockout.max_failures", v)) < 0)
        return rc;
    snprintf(v, sizeof v, "%d", p->window_minutes);
    if ((rc = setting_put(db, "lockout.window_minutes", v)) < 0)
        return rc;
    snprintf(v, sizeof v, "%d", p->source_max_failures);
    if ((rc = setting_put(db, "lockout.source_max_failures", v)) < 0)
        return rc;
    for (int r = 0; r < ROLE_COUNT; r++) {
        char key[64];
        snprintf(key, sizeof key, "totp.required.%s", roles_name((enum role)r));
        if ((rc = setting_put(db, key, (p->totp_required & (1u << r)) ? "1" : "0")) < 0)
            return rc;
    }
    return 0;
}

/* The time `max`-th newest failure matching `column` = `value` since
 * `since`, as ISO text into `out`; empty when there are fewer. */
static int nth_failure(struct db *db, const char *sql, const char *value, const char *since,
                       int max, char out[21])
{
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, value);
    db_bind_text(st, 2, since);
    db_bind_int(st, 3, max - 1);
    out[0] = '\0';
    if ((rc = db_step(st)) == DB_ROW) {
        const char *at = db_column_text(st, 0);
        snprintf(out, 21, "%s", at ? at : "");
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static time_t parse_iso(const char *s)
{
    struct tm tm = {0};
    if (!s || !strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm))
        return 0;
    return timegm(&tm);
}

static void iso_at(time_t t, char out[21])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int users_lockout_check(struct db *db, const struct security_policy *p, const char *username,
                        const char *source_addr, time_t now, time_t *until, bool *by_source)
{
    *until = 0;
    *by_source = false;
    char since[21], nth[21];
    long window = (long)p->window_minutes * 60;
    iso_at(now - window, since);
    /* Locked while the window holds max failures; it opens when the oldest
     * of the newest max leaves the window. */
    int rc = nth_failure(db,
                         "SELECT at FROM login_failures WHERE username = ? AND at > ?"
                         " ORDER BY at DESC, id DESC LIMIT 1 OFFSET ?",
                         username, since, p->max_failures, nth);
    if (rc < 0)
        return rc;
    if (nth[0]) {
        *until = parse_iso(nth) + window;
        return ERR_FORBIDDEN;
    }
    rc = nth_failure(db,
                     "SELECT at FROM login_failures WHERE source_addr = ? AND at > ?"
                     " ORDER BY at DESC, id DESC LIMIT 1 OFFSET ?",
                     source_addr, since, p->source_max_failures, nth);
    if (rc < 0)
        return rc;
    if (nth[0]) {
        *until = parse_iso(nth) + window;
        *by_source = true;
        return ERR_FORBIDDEN;
    }
    return 0;
}

int users_login_failed(struct db *db, const char *username, const char *source_addr, time_t now)
{
    char at[21], day_ago[21];
    iso_at(now, at);
    iso_at(now - 24 * 3600, day_ago);
    struct db_stmt *st;
    int rc = db_prepare(
        db, "INSERT INTO login_failures (username, source_addr, at) VALUES (?, ?, ?)", &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, username);
    db_bind_text(st, 2, source_addr ? source_addr : "?");
    db_bind_text(st, 3, at);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    /* The window is never longer than a day in practice; older rows only grow the table. */
    if ((rc = db_prepare(db, "DELETE FROM login_failures WHERE at < ?", &st)) < 0)
        return rc;
    db_bind_text(st, 1, day_ago);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int users_login_clear(struct db *db, const char *username)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "DELETE FROM login_failures WHERE username = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, username);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* ---- accounts ----------------------------------------------------------- */

int users_get(struct db *db, long long id, struct arena *a, struct user *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT " USER_COLUMNS " FROM users u WHERE u.id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    return load_one_user(db, st, a, out);
}

int users_list(struct db *db, const char *q, long long offset, long long limit, struct arena *a,
               struct user **items, size_t *n, long long *total)
{
    *items = NULL;
    *n = 0;
    const char *pattern = q && *q ? arena_sprintf(a, "%%%s%%", q) : NULL;
    int rc = db_query_int(db,
                          "SELECT count(*) FROM users u WHERE ?1 IS NULL OR u.username LIKE ?1"
                          " OR u.display_name LIKE ?1",
                          total, 1, pattern);
    if (rc < 0)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db,
                         "SELECT " USER_COLUMNS " FROM users u WHERE ?1 IS NULL"
                         " OR u.username LIKE ?1 OR u.display_name LIKE ?1"
                         " ORDER BY u.username LIMIT ?2 OFFSET ?3",
                         &st)) < 0)
        return rc;
    db_bind_text(st, 1, pattern);
    db_bind_int(st, 2, limit);
    db_bind_int(st, 3, offset);
    size_t cap = limit > 0 && limit < 1000 ? (size_t)limit : 1000;
    *items = arena_calloc(a, cap, sizeof **items);
    while (*n < cap && (rc = db_step(st)) == DB_ROW)
        read_user(st, 0, a, &(*items)[(*n)++]);
    db_finalize(st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < *n; i++)
        if ((rc = load_roles(db, a, &(*items)[i])) < 0)
            return rc;
    return 0;
}

static int exec_id(struct db *db, const char *sql, long long id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int users_update(struct db *db, long long id, const char *display_name, int disabled)
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
        if ((rc = users_sessions_revoke_all(db, id)) < 0)
            return rc;
        return exec_id(db, "UPDATE api_tokens SET revoked = 1 WHERE user_id = ?", id);
    }
    return 0;
}

int users_roles_get(struct db *db, long long user_id, struct arena *a, struct user_role **out,
                    size_t *n)
{
    long long count = 0;
    char uid[24];
    snprintf(uid, sizeof uid, "%lld", user_id);
    int rc = db_query_int(db, "SELECT count(*) FROM user_roles WHERE user_id = ?", &count, 1, uid);
    if (rc < 0)
        return rc;
    *out = arena_calloc(a, (size_t)count + 1, sizeof **out);
    *n = 0;
    struct db_stmt *st;
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

int users_roles_set(struct db *db, long long user_id, const struct user_role *roles, size_t n)
{
    int rc = exec_id(db, "DELETE FROM user_roles WHERE user_id = ?", user_id);
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

/* ---- sessions ----------------------------------------------------------- */

int users_sessions_list(struct db *db, long long user_id, struct arena *a,
                        struct session_info **out, size_t *n)
{
    char now[21], idle_limit[21];
    time_t t = time(NULL);
    iso_at(t, now);
    iso_at(t - SESSION_IDLE_SECONDS, idle_limit);
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT id, source_addr, created_at, last_seen_at, expires_at FROM sessions"
                        " WHERE user_id = ? AND revoked = 0 AND expires_at > ? AND last_seen_at > ?"
                        " ORDER BY id DESC LIMIT 200",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, user_id);
    db_bind_text(st, 2, now);
    db_bind_text(st, 3, idle_limit);
    *out = arena_calloc(a, 200, sizeof **out);
    *n = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        struct session_info *s = &(*out)[(*n)++];
        s->id = db_column_int(st, 0);
        s->source_addr = arena_strdup(a, db_column_text(st, 1));
        s->created_at = arena_strdup(a, db_column_text(st, 2));
        s->last_seen_at = arena_strdup(a, db_column_text(st, 3));
        s->expires_at = arena_strdup(a, db_column_text(st, 4));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int users_session_owner(struct db *db, long long session_id, long long *user_id)
{
    char now[21], sid[24];
    iso_at(time(NULL), now);
    snprintf(sid, sizeof sid, "%lld", session_id);
    *user_id = 0;
    int rc = db_query_int(db,
                          "SELECT user_id FROM sessions WHERE id = ? AND revoked = 0"
                          " AND expires_at > ?",
                          user_id, 2, sid, now);
    if (rc < 0)
        return rc;
    return *user_id ? 0 : ERR_NOT_FOUND;
}

int users_sessions_revoke_all(struct db *db, long long user_id)
{
    return exec_id(db, "UPDATE sessions SET revoked = 1 WHERE user_id = ? AND revoked = 0",
                   user_id);
}

int users_session_require_totp(struct db *db, long long session_id)
{
    return exec_id(db, "UPDATE sessions SET needs_totp = 1 WHERE id = ?", session_id);
}

/* ---- TOTP ----------------------------------------------------------------- */

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;

static void init_oath(void)
{
    if (oath_init() != OATH_OK)
        log_error("liboath failed to initialise");
}

static bool code_well_formed(const char *code)
{
    if (!code || strlen(code) != TOTP_DIGITS)
        return false;
    for (const char *c = code; *c; c++)
        if (*c < '0' || *c > '9')
            return false;
    return true;
}

/* Reads one sealed column of a user. `*sealed` owned (free()) or NULL. */
static int read_sealed(struct db *db, const char *column_sql, long long user_id, char **sealed,
                       long long *last_step)
{
    struct db_stmt *st;
    int rc = db_prepare(db, column_sql, &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, user_id);
    *sealed = NULL;
    if ((rc = db_step(st)) == DB_ROW) {
        const char *v = db_column_text(st, 0);
        *sealed = v ? xstrdup(v) : NULL;
        if (last_step)
            *last_step = db_column_int(st, 1);
    }
    db_finalize(st);
    if (rc == DB_DONE)
        return ERR_NOT_FOUND;
    return rc < 0 ? rc : 0;
}

/* Checks `code` against the sealed secret; `*counter` the step it matched.
 * 0, ERR_INVALID (wrong code or undecryptable secret). */
static int check_code(const struct secret_key *key, const char *sealed, const char *code,
                      time_t now, uint64_t *counter)
{
    char *secret;
    size_t len;
    if (!code_well_formed(code) || secret_open(key, sealed, &secret, &len) < 0)
        return ERR_INVALID;
    pthread_once(&oath_once, init_oath);
    int pos = 0;
    int r = oath_totp_validate4(secret, len, now, TOTP_STEP_SECONDS, 0, 1, &pos, counter, 0, code);
    secret_plain_free(secret);
    return r >= 0 ? 0 : ERR_INVALID;
}

int users_totp_begin(struct db *db, const struct secret_key *key, long long user_id,
                     char secret_b32[33])
{
    char *enabled = NULL;
    int rc =
        read_sealed(db, "SELECT totp_secret, 0 FROM users WHERE id = ?", user_id, &enabled, NULL);
    if (rc < 0)
        return rc;
    if (enabled) {
        free(enabled);
        return ERR_CONFLICT;
    }
    unsigned char secret[TOTP_SECRET_BYTES];
    randombytes_buf(secret, sizeof secret);
    pthread_once(&oath_once, init_oath);
    char *b32 = NULL;
    size_t b32_len = 0;
    if (oath_base32_encode((const char *)secret, sizeof secret, &b32, &b32_len) != OATH_OK ||
        b32_len > 32) {
        sodium_memzero(secret, sizeof secret);
        free(b32);
        return ERR_INTERNAL;
    }
    memcpy(secret_b32, b32, b32_len);
    secret_b32[b32_len] = '\0';
    sodium_memzero(b32, b32_len);
    free(b32);
    char *sealed = secret_seal(key, secret, sizeof secret);
    sodium_memzero(secret, sizeof secret);
    struct db_stmt *st;
    if ((rc = db_prepare(db, "UPDATE users SET totp_pending = ? WHERE id = ?", &st)) == 0) {
        db_bind_text(st, 1, sealed);
        db_bind_int(st, 2, user_id);
        rc = db_step(st);
        db_finalize(st);
    }
    free(sealed);
    if (rc < 0)
        sodium_memzero(secret_b32, 33);
    return rc < 0 ? rc : 0;
}

int users_totp_confirm(struct db *db, const struct secret_key *key, long long user_id,
                       const char *code, time_t now)
{
    char *pending = NULL;
    int rc =
        read_sealed(db, "SELECT totp_pending, 0 FROM users WHERE id = ?", user_id, &pending, NULL);
    if (rc < 0)
        return rc;
    if (!pending)
        return ERR_CONFLICT;
    uint64_t counter = 0;
    rc = check_code(key, pending, code, now, &counter);
    struct db_stmt *st;
    if (rc == 0 && (rc = db_prepare(db,
                                    "UPDATE users SET totp_secret = totp_pending,"
                                    " totp_pending = NULL, totp_last_step = ? WHERE id = ?",
                                    &st)) == 0) {
        db_bind_int(st, 1, (long long)counter);
        db_bind_int(st, 2, user_id);
        rc = db_step(st);
        db_finalize(st);
    }
    free(pending);
    if (rc < 0)
        return rc;
    return exec_id(db, "UPDATE sessions SET needs_totp = 0 WHERE user_id = ?", user_id);
}

int users_totp_verify(struct db *db, const struct secret_key *key, long long user_id,
                      const char *code, time_t now)
{
    if (!key)
        return ERR_UNAVAILABLE;
    char *sealed = NULL;
    long long last_step = 0;
    int rc = read_sealed(db, "SELECT totp_secret, totp_last_step FROM users WHERE id = ?", user_id,
                         &sealed, &last_step);
    if (rc < 0)
        return rc == ERR_NOT_FOUND ? ERR_UNAUTHORIZED : rc;
    if (!sealed)
        return ERR_UNAUTHORIZED;
    uint64_t counter = 0;
    rc = check_code(key, sealed, code, now, &counter);
    free(sealed);
    /* A code is good once: a step at or before the last accepted is a replay. */
    if (rc < 0 || (long long)counter <= last_step)
        return ERR_UNAUTHORIZED;
    struct db_stmt *st;
    if ((rc = db_prepare(db, "UPDATE users SET totp_last_step = ? WHERE id = ?", &st)) < 0)
        return rc;
    db_bind_int(st, 1, (long long)counter);
    db_bind_int(st, 2, user_id);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int users_totp_disable(struct db *db, long long user_id)
{
    return exec_id(db,
                   "UPDATE users SET totp_secret = NULL, totp_pending = NULL,"
                   " totp_last_step = 0 WHERE id = ?",
                   user_id);
}
