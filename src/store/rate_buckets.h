/* rate_buckets.h — token buckets kept in the database, so that every
 * `cadre serve` process on one database draws from one bucket per key
 * (http/ratelimit.h: logins and public submissions per address, and all
 * public submissions together) and N servers do not give N allowances. */
#ifndef CADRE_RATE_BUCKETS_H
#define CADRE_RATE_BUCKETS_H

#include "store/db.h"

enum { RATE_BUCKETS_KEY_MAX = 64 };

/* Takes a token from the bucket `key` (at most RATE_BUCKETS_KEY_MAX bytes,
 * else ERR_INVALID) that holds `burst` tokens and gains one every
 * `interval_ms` milliseconds — the same bucket as http/ratelimit.c keeps in
 * memory — at time `now_ms` (milliseconds since the epoch, the caller's
 * clock: servers sharing a database keep their clocks in step, as for the
 * sessions' expiry). Kept as the generic cell rate algorithm: one row per
 * key with the time the next token is due, moved on by a compare-and-set,
 * so two processes never take the same token; a refused request writes
 * nothing. `*wait_ms` is 0 when a token was taken, else the milliseconds
 * until one is back. Call outside a transaction. Returns 0, or a negative
 * err code (ERR_UNAVAILABLE on a read-only database, e.g. a standby, or
 * when other processes kept winning the row). */
int rate_buckets_take(struct db *db, const char *key, long long now_ms, long long interval_ms,
                      long long burst, long long *wait_ms);

#endif
