/* lockout.c — the login security policy and failed-login lock-out. */
#include "store/lockout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/roles.h"
#include "store/store.h"
#include "util/err.h"

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

int lockout_policy_get(struct db *db, struct security_policy *out)
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

int lockout_policy_set(struct db *db, const struct security_policy *p)
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

int lockout_check(struct db *db, const struct security_policy *p, const char *username,
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

int lockout_failed(struct db *db, const char *username, const char *source_addr, time_t now)
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

int lockout_clear(struct db *db, const char *username)
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
