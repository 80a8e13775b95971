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

/* Marks every cached alert list stale: one UPDATE of the qualification
 * version. Call inside the transaction of any write that can change a
 * verdict or an alert (records of a person, rule-table rows), so the bump
 * commits or rolls back with it. Returns 0 or a negative err code. */
int qualify_data_bump(struct db *db);

/* The database's qualification version. Together with the roster version
 * (store/roster_index.h) it identifies the data the engine reads: while
 * both are unchanged, so is every verdict for a given date. Returns 0 or
 * a negative err code. */
int qualify_data_version(struct db *db, long long *version);

#endif
