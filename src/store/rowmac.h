/* rowmac.h — integrity of the personnel records in storage (重要数据存储
 *完整性, GB/T 39786-2021 8.4): an HMAC-SM3, under a key derived from the
 * key file, over each person's rows of each protected table, kept in
 * `row_macs` and recomputed by the store on every write, so an edit made
 * directly in the database file (a grade changed, a punishment deleted, a
 * person removed) is found by `cadre verify-data`. On under the gm profile
 * with the key file loaded; a no-op otherwise. docs/crypto.md gives the
 * canonical encoding. */
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
