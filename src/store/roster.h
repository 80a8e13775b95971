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
 * of the same file changes nothing (stats.unchanged). Returns 0 or err.
 *
 * A person found by ID number gets only the fields of e->present (the file
 * is the truth for the columns it has: an empty cell clears). The current
 * post is added unless one with the same title, level and start is current;
 * the current rank is added unless the same one is current, ending an
 * earlier current rank at its start (a promotion) — a current rank that
 * started on or after it, or any overlap, is a row error; the education is
 * added as a full-time record unless one with the same code exists (whose
 * degree, school and major the file then fills in). */
int roster_apply(struct db *db, struct roster_entry *entries, size_t n, struct date today,
                 struct arena *a, struct field_errors *fe, struct roster_stats *stats);

/* Told how many of `total` entries roster_apply has worked through, every
 * few hundred entries and once at the end (for cli_progress). */
typedef void (*roster_progress_fn)(size_t done, size_t total, void *arg);

/* roster_apply that reports its progress to `progress(…, arg)` (NULL: none). */
int roster_apply_progress(struct db *db, struct roster_entry *entries, size_t n,
                          struct date today, struct arena *a, struct field_errors *fe,
                          struct roster_stats *stats, roster_progress_fn progress, void *arg);

/* The roster entry of a listed person (for export), strings in `a` (`v`
 * may borrow from a statement, as people_each's rows do): the unit as its
 * path from the root, the current post and rank, and the highest
 * education with the school and major of its record. */
void roster_entry_from_view(struct db *db, const struct person_view *v, struct arena *a,
                            struct roster_entry *out);

#endif
