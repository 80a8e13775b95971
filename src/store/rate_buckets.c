/* rate_buckets.c — the shared token buckets of migration 0022: per key, the
 * theoretical arrival time of the next request (GCRA), read, checked in C
 * and written back only if nobody moved it meanwhile. */
#include "store/rate_buckets.h"

#include <stdbool.h>
#include <string.h>

#include "util/err.h"

/* Compare-and-set rounds before giving up (each lost round means another
 * process took a token of the same key in between). */
enum { TRIES = 8 };

/* Drops the rows of buckets that are full again (a missing row is a full
 * bucket), so the table holds only the keys active within a burst. */
static int sweep(struct db *db, long long now_ms)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "DELETE FROM rate_buckets WHERE tat_ms < ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, now_ms);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int rate_buckets_take(struct db *db, const char *key, long long now_ms, long long interval_ms,
                      long long burst, long long *wait_ms)
{
    *wait_ms = 0;
    if (!key || strlen(key) > RATE_BUCKETS_KEY_MAX || interval_ms < 1 || burst < 1)
        return ERR_INVALID;
    long long tolerance = interval_ms * (burst - 1);
    for (int attempt = 0; attempt < TRIES; attempt++) {
        struct db_stmt *st;
        int rc = db_prepare(db, "SELECT tat_ms FROM rate_buckets WHERE bucket = ?", &st);
        if (rc < 0)
            return rc;
        db_bind_text(st, 1, key);
        rc = db_step(st);
        bool exists = rc == DB_ROW;
        long long tat = exists ? db_column_int(st, 0) : now_ms;
        db_finalize(st);
        if (rc < 0)
            return rc;
        long long from = tat > now_ms ? tat : now_ms;
        if (from - now_ms > tolerance) {
            *wait_ms = from - now_ms - tolerance;
            return 0;
        }
        if (exists) {
            rc = db_prepare(
                db, "UPDATE rate_buckets SET tat_ms = ? WHERE bucket = ? AND tat_ms = ?", &st);
            if (rc < 0)
                return rc;
            db_bind_int(st, 1, from + interval_ms);
            db_bind_text(st, 2, key);
            db_bind_int(st, 3, tat);
        } else {
            rc = db_prepare(db,
                            "INSERT INTO rate_buckets (bucket, tat_ms) VALUES (?, ?)"
                            " ON CONFLICT (bucket) DO NOTHING",
                            &st);
            if (rc < 0)
                return rc;
            db_bind_text(st, 1, key);
            db_bind_int(st, 2, from + interval_ms);
        }
        rc = db_step(st);
        db_finalize(st);
        if (rc < 0)
            return rc;
        if (db_changes(db) == 1)
            return exists ? 0 : sweep(db, now_ms);
    }
    return ERR_UNAVAILABLE;
}
