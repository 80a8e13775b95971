/* roster_index.h — an in-process, read-mostly copy of every person's
 * filterable and sortable columns, so that a roster list (a count over tens
 * of thousands of matches and one sorted page) is answered from memory, with
 * SQLite only loading the page's rows by id. people_list is its one user;
 * its SQL path stays the reference the index must agree with exactly.
 *
 * Staleness: the database holds one number, the roster version, bumped by
 * every write that can change a list (roster_index_bump, inside the writer's
 * transaction). A snapshot is valid exactly while the database is at the
 * version it was loaded at, so writes by another process are seen too. */
#ifndef CADRE_ROSTER_INDEX_H
#define CADRE_ROSTER_INDEX_H

#include <stddef.h>

#include "store/db.h"

struct people_filter;
struct roster_index;

/* Marks every roster index of this database stale: one indexed UPDATE of
 * the roster version. Call inside the transaction of the write (people,
 * their derived columns, units), so the bump commits or rolls back with it.
 * Returns 0 or a negative err code. */
int roster_index_bump(struct db *db);

/* The database's roster version (a few µs: one cached statement). Returns 0
 * or a negative err code. */
int roster_index_version(struct db *db, long long *version);

/* A reference to the process-wide snapshot when it was loaded at `version`,
 * else NULL. Never waits for a rebuild. Release with roster_index_release. */
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

/* Answers `f` from `ix`: the ids of the requested page, in order, into `ids`
 * (room for f->per_page), their number in `*n`, and the number of all
 * matches in `*total`. Borrows `ix` and `f`. Returns 0, or ERR_INVALID when
 * the index cannot answer this filter or sort exactly (per_page 0, an
 * unknown sort, an age filter without today, a search that is not valid
 * UTF-8): the caller then asks SQL, which also reports the caller's
 * mistakes. */
int roster_index_query(struct roster_index *ix, const struct people_filter *f, long long *ids,
                       size_t *n, long long *total);

/* Drops the process-wide snapshot (tests; a process about to open another
 * database need not call it, versions differ between databases). */
void roster_index_reset(void);

#endif
