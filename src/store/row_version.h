/* row_version.h — the version of a changeable record (its ETag): a number
 * raised by one on every change of the row (migration 0007's triggers). */
#ifndef CADRE_ROW_VERSION_H
#define CADRE_ROW_VERSION_H

#include "store/db.h"

/* The version of row `id` of `table`, one of the versioned tables (units,
 * people, the record tables, the rule tables). Returns 0, ERR_NOT_FOUND
 * when there is no such row, ERR_INVALID when `table` has no version. */
int row_version_get(struct db *db, const char *table, long long id, long long *version);

#endif
