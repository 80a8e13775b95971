/* store/roster_apply.h — applying a parsed roster to the database, all or nothing:
 * people matched by ID number are updated, others created; units resolved by
 * name or path; the current post, rank and educations written as records;
 * each changed person handed to the caller for the audit log. */
#ifndef CADRE_STORE_ROSTER_APPLY_H
#define CADRE_STORE_ROSTER_APPLY_H

#include <stddef.h>

#include "core/roster_entry.h"
#include "store/db.h"
#include "store/people.h"
#include "util/err.h"

struct roster_stats {
    size_t created, updated, unchanged;
    size_t levels_inferred; /* posts whose 职务层次 was inferred */
    size_t incomplete;      /* posts left out for want of a 职务层次 (数据不全) */
};

/* Handed each person an import creates or changes (core/roster_entry.h), inside
 * the transaction, so that its audit record commits or rolls back with the
 * import. Returns 0, or an error that aborts the import (returned by
 * roster_apply_with). */
typedef int (*roster_change_fn)(const struct roster_change *change, void *arg);

/* Told how many of `total` entries roster_apply has worked through, every
 * few hundred entries and once at the end (for cli_progress). */
typedef void (*roster_progress_fn)(size_t done, size_t total, void *arg);

struct roster_apply_opts {
    roster_progress_fn progress; /* NULL: none */
    void *progress_arg;
    roster_change_fn on_change; /* NULL: none */
    void *change_arg;
    /* Not errors, for the report: each post whose 职务层次 was inferred
     * ("未填职务层次，按职务名称和单位推断为县处级正职") and each left out as
     * 数据不全. NULL: not collected. */
    struct field_errors *notes;
    /* The fewest new people for which the people table's indexes are set
     * aside during the writes and built again after them (0: ROSTER_BULK_MIN;
     * tests set fewer). See roster_apply_with. */
    size_t bulk_min;
};

/* A file adding at least this many people, and at least as many as the
 * table holds, is a bulk load (see roster_apply_with). */
enum { ROSTER_BULK_MIN = 4096 };

/* Reports, without writing, what roster_apply checks against the database
 * before it writes: ID numbers repeated in the file, units that do not
 * exist (with the closest unit name: "是否为督查考核处？") or are
 * ambiguous. For a file that failed roster_file_parse, so that every problem is
 * reported in one pass. Returns 0 or a database error. */
int roster_apply_check(struct db *db, struct roster_entry *entries, size_t n, struct arena *a,
                       struct field_errors *fe);

/* Writes every entry inside the caller's open transaction. A row whose unit
 * does not exist, whose ID number repeats another row's, or that breaks a
 * rule checked against the database (rank overlap) is reported in `fe` with
 * its row; then ERR_INVALID is returned and the caller rolls back. Re-import
 * of the same file, or of our export, changes nothing (stats.unchanged).
 * Returns 0 or err.
 *
 * A person found by ID number gets only the fields of e->present (the file
 * is the truth for the columns it has: an empty cell clears). The current
 * post is added unless one with the same title, level and start is current;
 * a post without a level gets the one roster_entry_infer_post_level finds for its
 * title and unit, or is left out and noted as 数据不全. The current rank is
 * added (with the row's unit) unless the same one is current, ending an
 * earlier current rank at its start (a promotion) — a current rank that
 * started on or after it, or any overlap, is a row error. Each education
 * set is written to a record of its own kind: 全日制 to a "fulltime", 在职
 * to an "inservice" record with the same 学历, added when there is none,
 * else its 学位, 毕业院校 and 所学专业 filled in from the file's non-empty
 * cells; the one set of older files to a record of any kind with that 学历,
 * or a new full-time one.
 *
 * A bulk load (opts->bulk_min new people or more, at least as many as the
 * people table holds before) sets the table's secondary indexes aside for
 * the writes and builds them again after them, in the same transaction
 * (db_indexes_set_aside: an index built from the finished table costs a
 * fraction of 100,000 inserts into it). Every row check is the same, and a
 * rollback brings the indexes back with the rows. */
int roster_apply_with(struct db *db, struct roster_entry *entries, size_t n, struct date today,
                      struct arena *a, struct field_errors *fe, struct roster_stats *stats,
                      const struct roster_apply_opts *opts);

/* roster_apply_with without options. */
int roster_apply(struct db *db, struct roster_entry *entries, size_t n, struct date today,
                 struct arena *a, struct field_errors *fe, struct roster_stats *stats);

/* roster_apply_with with a progress callback only. */
int roster_apply_progress(struct db *db, struct roster_entry *entries, size_t n, struct date today,
                          struct arena *a, struct field_errors *fe, struct roster_stats *stats,
                          roster_progress_fn progress, void *arg);

/* The roster entry of a listed person (for export), strings in `a` (`v`
 * may borrow from a statement, as people_each's rows do): the unit as its
 * path from the root, the current post and rank, and the highest
 * full-time and the highest in-service education, each with the degree,
 * school and major of its own record (ties: the earliest record). */
void roster_apply_entry_from_view(struct db *db, const struct person_view *v, struct arena *a,
                                  struct roster_entry *out);

#endif
