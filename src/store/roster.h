/* store/roster.h — applying a parsed roster to the database, all or nothing:
 * people matched by ID number are updated, others created; units resolved by
 * name or path; the current post, rank and education written as records. */
#ifndef CADRE_STORE_ROSTER_H
#define CADRE_STORE_ROSTER_H

#include <stddef.h>

#include "core/roster.h"
#include "store/db.h"
#include "store/people.h"
#include "util/err.h"

struct roster_stats {
    size_t created, updated, unchanged;
};

/* Writes every entry inside the caller's open transaction. A row whose unit
 * does not exist, whose ID number repeats another row's, or that breaks a
 * rule checked against the database (rank overlap) is reported in `fe` with
 * its row; then ERR_INVALID is returned and the caller rolls back. Re-import
 * of the same file changes nothing (stats.unchanged). Returns 0 or err. */
int roster_apply(struct db *db, struct roster_entry *entries, size_t n, struct date today,
                 struct arena *a, struct field_errors *fe, struct roster_stats *stats);

/* The roster entry of a listed person (for export), strings in `a`. */
void roster_entry_from_view(struct db *db, const struct person_view *v, struct arena *a,
                            struct roster_entry *out);

#endif
