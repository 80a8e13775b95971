/* qualify_data.h — what the qualification engine (core/qualify.h) needs of
 * a person, read from the registry: the person, career, assessments,
 * punishments, education, family and training, the 基层 months, the organ
 * and unit function for 回避 and, on request, the relatives who are cadres
 * in the registry. One person at a time, or every person in id order by
 * one merged scan per table (a million people in seconds). */
#ifndef CADRE_QUALIFY_DATA_H
#define CADRE_QUALIFY_DATA_H

#include <stdbool.h>
#include <stddef.h>

#include "core/qualify.h"
#include "store/db.h"

struct arena;

/* One person's inputs and what a list shows beside them. Everything lives
 * in the arena passed to the loader (or, for qualify_data_each, in an arena
 * freed after the callback returns). */
struct qualify_subject {
    struct qualify_input in; /* in.person points at `person` */
    struct person person;
    const char *unit_name;          /* NULL when no unit */
    const char *current_rank;       /* code or NULL (the derived column) */
    const char *current_post_level; /* code or NULL */
    const char *current_post_title; /* or NULL */
};

enum qualify_data_flags {
    /* Load family members' matches among the registry's people (回避). It
     * costs one or two indexed lookups per family member: only the record
     * checks need it, not the verdicts. */
    QUALIFY_DATA_COLLEAGUES = 1 << 0,
    /* Read only what the verdicts need: the person's ID number and post
     * title, the family members' names, birth dates, ID numbers and work
     * units, and education records' kind, degree and dates stay NULL/NONE.
     * For the 资格名单 (no record checks, which would then be wrong). */
    QUALIFY_DATA_LEAN = 1 << 1,
};

/* Loads person `person_id` into `*out` (allocated in `a`); `as_of` sets the
 * 基层 months counted (grassroots_months: the merged months of career
 * records marked 基层 up to `as_of`, or -1 when no record is marked: not
 * recorded). Returns 0, ERR_NOT_FOUND, or err. */
int qualify_data_person(struct db *db, long long person_id, struct date as_of, unsigned flags,
                        struct arena *a, struct qualify_subject *out);

/* Calls `fn` for every person in id order — all of them when `ids` is
 * NULL, else the `n` ids of `ids` (sorted ascending, no duplicates; ids
 * that do not exist are skipped) — with a subject valid during the call
 * only. A non-zero return of `fn` stops the walk and is returned.
 * `progress` (may be NULL) is called now and then with the people done.
 * Returns 0 or err. */
int qualify_data_each(struct db *db, const long long *ids, size_t n, struct date as_of,
                      unsigned flags, int (*fn)(const struct qualify_subject *s, void *arg),
                      void (*progress)(size_t done, void *arg), void *arg);

/* A reader of people by ranges of ids, so that several threads, each with
 * its own connection and reader, can walk one registry in parts. */
struct qualify_reader;

/* A reader on `db` (borrowed; one thread at a time, as the handle) with
 * QUALIFY_DATA_* `flags`; loads the units once. Returns 0 and an owned
 * reader in `*out` (qualify_reader_free), or a negative err code. */
int qualify_reader_open(struct db *db, unsigned flags, struct qualify_reader **out);

/* Calls `fn` for every person with from <= id < to, in id order, as
 * qualify_data_each does. Returns 0, fn's non-zero return, or err. */
int qualify_reader_range(struct qualify_reader *r, long long from, long long to, struct date as_of,
                         int (*fn)(const struct qualify_subject *s, void *arg), void *arg);

/* NULL-safe. */
void qualify_reader_free(struct qualify_reader *r);

/* The smallest and largest person id (both 0 when there is nobody).
 * Returns 0 or a negative err code. */
int qualify_data_id_range(struct db *db, long long *first, long long *last);

/* The roster version (store/roster_index.h) and the qualification version
 * as one read transaction sees them: two connections whose read
 * transactions see equal pairs read the same data for the engine. Returns
 * 0 or a negative err code. */
int qualify_data_versions(struct db *db, long long *roster, long long *qualify);

/* Opens `n` read-only connections to `url` (the database `db` is open on)
 * into `conns` and leaves `db` and each of them inside a read transaction
 * that sees the same data, so that parts of one walk read one state of
 * the registry even while others write. The method (no snapshot API in
 * Debian 12's SQLite): see qualify_data.c and docs/qualifications.md.
 * Returns 0 (close each with db_close; db_rollback(db) ends the
 * transaction on `db`), ERR_UNAVAILABLE when writes kept the connections
 * apart, or err (with an owned message in `*msg` when a connection failed
 * to open; free()); on failure nothing is left open or in a transaction. */
int qualify_data_open_readers(struct db *db, const char *url, size_t n, struct db **conns,
                              char **msg);

/* Marks every cached alert list stale: bumps the qualification version
 * with "everyone" logged under it (store/qualify_changes.h). Call inside
 * the transaction of any write that can change verdicts or alerts of
 * people it does not name (rule-table rows, training classes), so the
 * bump commits or rolls back with it; a write of one person's data calls
 * qualify_changes_touch instead. Returns 0 or a negative err code. */
int qualify_data_bump(struct db *db);

/* The database's qualification version. Together with the roster version
 * (store/roster_index.h) it identifies the data the engine reads: while
 * both are unchanged, so is every verdict for a given date. Returns 0 or
 * a negative err code. */
int qualify_data_version(struct db *db, long long *version);

#endif
