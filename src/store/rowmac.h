/* rowmac.h — integrity of the personnel records in storage (重要数据存储
 * 完整性, GB/T 39786-2021 8.4): an HMAC-SM3, under a rowmac data key of the
 * key hierarchy, over each person's rows of each protected table, kept in
 * `row_macs` ("hmac-sm3:k<N>:" + hex, N the key) and recomputed by the
 * store on every write, so an edit made directly in the database file (a
 * grade changed, a punishment deleted, a person removed) is found by
 * `cadre verify-data`. On under the gm profile with the key file loaded; a
 * no-op otherwise. docs/crypto.md gives the canonical encoding. */
#ifndef CADRE_ROWMAC_H
#define CADRE_ROWMAC_H

#include <stdbool.h>
#include <stddef.h>

#include "store/db.h"

/* Recomputes the MAC of person `person_id`'s rows of `table` ("people",
 * "career", ...; a table not protected is ignored) after a write to them,
 * in the caller's transaction; removes it when no row is left. Returns 0
 * or a negative err code. One call per write: the store's write paths
 * (people.c, records.c, roster_apply.c) make it. */
int rowmac_touch(struct db *db, const char *table, long long person_id);

/* The same for every protected table of the person (a person deleted, or
 * a roster row that wrote several tables). */
int rowmac_person(struct db *db, long long person_id);

/* Whether row MACs are being kept by this process (gm profile, key file
 * loaded). */
bool rowmac_enabled(void);

/* rowmac_touch for the person of row `row_id` of `table` (a table with
 * `id` and `person_id`), for write paths that know the row, not the
 * person. A row that does not exist (deleted) is nothing to do: touch the
 * person before a delete. */
int rowmac_touch_row(struct db *db, const char *table, long long row_id);

/* Takes a table protected since the database was last opened with the key
 * into the row MACs: the groups it holds without a MAC (written before the
 * version that protects it) get one, once, in one transaction; the tables
 * adopted are recorded in settings 'rowmac.tables'. Groups of tables
 * already adopted are never sealed here (a missing MAC there is a
 * finding). `*sealed` the number written. 0 when row MACs are off. */
int rowmac_adopt(struct db *db, long long *sealed);

/* Whether `table` is one of the protected tables. */
bool rowmac_protects(const char *table);

/* Whether person `person_id`'s group of `table` still matches its stored
 * MAC under the key the MAC names (true as well when the table is not
 * protected, row MACs are off, or the group has neither rows nor MAC).
 * For a write that must not launder a change made behind cadre (a key
 * rotation re-sealing a text of a protected row). */
int rowmac_intact(struct db *db, const char *table, long long person_id, bool *ok);

/* The protected tables, for the rotation's progress: how many, and the
 * name of the `i`th (static; NULL past the end). */
size_t rowmac_table_count(void);
const char *rowmac_table_name(size_t i);

/* One batch of a key rotation of table `i`'s MACs, in the caller's
 * transaction: up to `batch` groups after person `*last_person`, each
 * whose MAC still matches its rows moved to rowmac key `to_key` (`*moved`
 * counts them); a group that no longer matches keeps its old MAC, the
 * evidence verify-data reports (`*kept`). `*last_person` advances;
 * `*more` false at the table's end. ERR_UNAVAILABLE when the ring does
 * not hold `to_key` or row MACs are off. */
int rowmac_rekey_batch(struct db *db, size_t i, int to_key, int batch, long long *last_person,
                       bool *more, long long *moved, long long *kept);

/* One finding of rowmac_verify. */
struct rowmac_problem {
    const char *table; /* static */
    long long person_id;
    const char *what; /* Chinese, static: "内容被改动", "缺少校验值", "记录被删除" */
};

/* What rowmac_verify found. */
struct rowmac_report {
    long long people_checked; /* person × table groups compared */
    long long problems;       /* all of them; the first `cap` are in the array */
};

/* Compares every protected person × table with its stored MAC, for person
 * ids in [from_id, to_id] (0, 0: all). Writes up to `cap` problems into
 * `out`. ERR_UNAVAILABLE when row MACs are not enabled. */
int rowmac_verify(struct db *db, long long from_id, long long to_id, struct rowmac_problem *out,
                  size_t cap, struct rowmac_report *report);

/* Computes the MACs missing for groups that have rows but none stored (the
 * data written before the key file or the gm profile), never replacing a
 * stored one. `*sealed` the number written. */
int rowmac_seal_missing(struct db *db, long long *sealed);

#endif
