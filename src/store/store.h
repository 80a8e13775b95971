/* store.h — opening the database and bringing its schema up to date. */
#ifndef CADRE_STORE_H
#define CADRE_STORE_H

#include "store/db.h"

/* The schema version this binary writes (the highest migration number). */
int store_schema_version(void);

/* Applies every pending migration, each in its own transaction, then
 * refreshes the code tables from core/codes.c. A database whose version is
 * newer than this binary's is refused untouched (ERR_CONFLICT) with a
 * Chinese message in `*msg` (owned, free()). Returns 0 or a negative err. */
int store_migrate(struct db *db, char **msg);

/* Opens `url` and checks that its schema is current (migrating when
 * `migrate` is true). Returns 0 and an owned handle, or an err + `*msg`. */
int store_open(const char *url, int migrate, struct db **out, char **msg);

/* Answers when the database does: a trivial query, for health checks.
 * Returns 0 or a negative err code. */
int store_ping(struct db *db);

/* Checks a database file someone hands us (a backup to restore): the driver's
 * integrity check passes and it carries cadre's schema_version. Returns 0
 * and its version in `*version`, or ERR_INVALID with an owned Chinese
 * reason in `*why` (free()). */
int store_check(struct db *db, long long *version, char **why);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" into `buf` (>= 21 bytes). */
char *store_now(char *buf);

#endif
