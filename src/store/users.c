/* users.c — accounts, sessions and tokens. */
#include "store/users.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/roles.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/log.h"

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
    return users_add_role(db, *id, role);
}

int users_add_role(struct db *db, long long user_id, int role)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO user_roles (user_id, role) SELECT ?, ? WHERE NOT EXISTS"
                        " (SELECT 1 FROM user_roles WHERE user_id = ? AND role = ?"
                        " AND unit_id IS NULL)",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, user_id);
    db_bind_text(st, 2, roles_name((enum role)role));
    db_bind_int(st, 3, user_id);
    db_bind_text(st, 4, roles_name((enum role)role));
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int load_roles(struct db *db, struct user *u)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT role FROM user_roles WHERE user_id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, u->id);
    u->roles = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        int r = roles_find(db_column_text(st, 0));
        if (r >= 0)
            u->roles |= 1u << r;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

#define USER_COLUMNS "u.id, u.username, u.display_name, u.must_change_password, u.disabled, u.person_id"

static void read_user(struct db_stmt *st, int col, struct arena *a, struct user *u)
{
    u->id = db_column_int(st, col);
    u->username = arena_strdup(a, db_column_text(st, col + 1));
    u->display_name = arena_strdup(a, db_column_text(st, col + 2));
    u->must_change_password = db_column_int(st, col + 3) != 0;
    u->disabled = db_column_int(st, col + 4) != 0;
    u->person_id = db_column_int(st, col + 5);
}

int users_get_by_name(struct db *db, const char *username, struct arena *a, struct user *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT " USER_COLUMNS " FROM users u WHERE u.username = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, username);
    rc = db_step(st);
    if (rc == DB_ROW)
        read_user(st, 0, a, out);
    db_finalize(st);
    if (rc == DB_DONE)
        return ERR_NOT_FOUND;
    return rc < 0 ? rc : load_roles(db, out);
}

int users_check_password(struct db *db, const char *username, const char *password,
                         struct arena *a, struct user *out)
{
    pthread_once(&dummy_once, make_dummy_hash);
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT " USER_COLUMNS ", u.password_hash FROM users u"
                            " WHERE u.username = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, username);
    rc = db_step(st);
    char hash[crypto_pwhash_STRBYTES];
    snprintf(hash, sizeof hash, "%s", dummy_hash);
    bool found = rc == DB_ROW;
    if (found) {
        read_user(st, 0, a, out);
        const char *h = db_column_text(st, 6);
        snprintf(hash, sizeof hash, "%s", h ? h : dummy_hash);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    bool match = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
    if (!found || !match || out->disabled)
        return ERR_UNAUTHORIZED;
    return load_roles(db, out);
}

int users_set_password(struct db *db, long long user_id, const char *password,
                       long long keep_session)
{
    char hash[crypto_pwhash_STRBYTES], now[21];
    int rc = hash_password(password, hash);
    if (rc < 0)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, "UPDATE users SET password_hash = ?, must_change_password = 0,"
                             " updated_at = ? WHERE id = ?", &st)) < 0)
        return rc;
    db_bind_text(st, 1, hash);
    db_bind_text(st, 2, store_now(now));
    db_bind_int(st, 3, user_id);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
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

int users_session_create(struct db *db, long long user_id, const char *source_addr,
                         char token[65], char csrf[65], long long *session_id)
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
                        "SELECT s.id, s.csrf_token, s.last_seen_at, " USER_COLUMNS
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
        read_user(st, 3, a, &out->user);
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
    return load_roles(db, &out->user);
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
    int rc = db_prepare(db, "INSERT INTO api_tokens (token_hash, user_id, name, created_at)"
                            " VALUES (?, ?, ?, ?)", &st);
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
    int rc = db_prepare(db, "SELECT " USER_COLUMNS " FROM api_tokens t"
                            " JOIN users u ON u.id = t.user_id"
                            " WHERE t.token_hash = ? AND t.revoked = 0 AND u.disabled = 0", &st);
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
    return rc < 0 ? rc : load_roles(db, &out->user);
}
