/* roster_index.h — an in-process, read-mostly copy of every person's
 * filterable and sortable columns, so that a roster list (a count over tens
 * of thousands of matches and one sorted page) is answered from memory, with
 * SQLite only loading the page's rows by id. people_list is its one user;
 * its SQL path stays the reference the index must agree with exactly.
 *
 * Staleness: the database holds one number, the roster version, bumped by
 * every write that can change a list (inside the writer's transaction). A
 * snapshot answers for the versions it knows exactly: the one it was loaded
 * at and those of the person writes this process applied to it since, so a
 * write by another process, or one the index cannot replay (units), makes
 * it stale and it is rebuilt.
 *
 * Person writes (roster_index_bump_person) are applied in place after their
 * transaction commits, and never when it rolls back: appended rows and
 * dead-row marks tagged with the version, so a reader on another thread
 * sees a snapshot exactly as it was at the version it asked for, never a
 * half-applied write. When the room for appends runs out the snapshot is
 * compacted into a new one (a copy in memory, no SQL). */
#ifndef CADRE_ROSTER_INDEX_H
#define CADRE_ROSTER_INDEX_H

#include <stddef.h>

#include "store/db.h"

struct people_filter;
struct roster_index;

/* Marks every roster index of this database stale: one indexed UPDATE of
 * the roster version. Call inside the transaction of a write the index
 * cannot replay row by row (units: a move or rename changes the lists of
 * many people), so the bump commits or rolls back with it; this process's
 * index is rebuilt on the next list. Returns 0 or a negative err code. */
int roster_index_bump(struct db *db);

/* For a write of person `person_id` (insert, update, derived columns,
 * delete), after the write's statement and inside its transaction: bumps
 * the roster version and reads the person's indexed columns as the
 * transaction sees them (no row: deleted). When the transaction commits
 * the change is applied to this process's snapshot in place (other
 * processes' snapshots go stale); when it rolls back it is dropped. Outside
 * a transaction it is applied at once. Returns 0 or a negative err code
 * from the database. */
int roster_index_bump_person(struct db *db, long long person_id);

/* The database's roster version (a few µs: one cached statement). Returns 0
 * or a negative err code. */
int roster_index_version(struct db *db, long long *version);

/* A reference to the process-wide snapshot when it can answer for the
 * database at `version` (see above), else NULL. Never waits for a rebuild.
 * Release with roster_index_release. */
struct roster_index *roster_index_acquire(long long version);

/* Gives back a reference from roster_index_acquire; the last reference to
 * a replaced snapshot frees it. NULL is a no-op. */
void roster_index_release(struct roster_index *ix);

/* Rebuilds the process-wide snapshot from `db` in its own read transaction
 * (so `db` must not be inside one), unless another thread is rebuilding
 * already, in which case it returns at once: at most one rebuild runs, and
 * nobody waits for it. Returns 0 (also when skipped, or when the data cannot
 * be represented, e.g. a malformed date: then no snapshot is published and
 * lists stay on SQL), or a negative err code from the database. */
int roster_index_refresh(struct db *db);

/* Answers `f` from `ix` as the roster was at `version` (the one `ix` was
 * acquired for): the ids of the requested page, in order, into `ids`
 * (room for f->per_page), their number in `*n`, and the number of all
 * matches in `*total`. Borrows `ix` and `f`. Returns 0, or ERR_INVALID when
 * the index cannot answer this filter or sort exactly (per_page 0, an
 * unknown sort, an age filter without today, a search that is not valid
 * UTF-8): the caller then asks SQL, which also reports the caller's
 * mistakes. */
int roster_index_query(struct roster_index *ix, long long version, const struct people_filter *f,
                       long long *ids, size_t *n, long long *total);

/* Drops the process-wide snapshot (tests; a process about to open another
 * database need not call it, versions differ between databases). */
void roster_index_reset(void);

#endif
