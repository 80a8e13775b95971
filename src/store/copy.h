/* copy.h — copying a whole cadre database into an empty one on another
 * engine (`cadre migrate-db`: SQLite to PostgreSQL), with every table's
 * row count and checksum verified on both sides afterwards. */
#ifndef CADRE_STORE_COPY_H
#define CADRE_STORE_COPY_H

#include "store/db.h"

/* What was copied, per table, for the report (tables in name order). */
struct store_copy_table {
    char name[64];
    long long rows;
    char checksum[65]; /* BLAKE2b-256 of the rows in key order, hex */
};

struct store_copy_report {
    struct store_copy_table *tables; /* owned: store_copy_report_free */
    int ntables;
};

/* Copies every table of `from` (a current cadre database, opened with
 * store_open) into `to` (opened with db_open, not migrated): refuses a
 * target that has any table already (ERR_CONFLICT), creates the schema
 * with the target's own migrations, replaces what they seeded with the
 * source's rows (the audit chain row for row, ids kept, each table's id
 * sequence advanced past its largest id), in one transaction, then reads
 * both sides again and compares each table's row count and checksum
 * (ERR_CONFLICT when one differs). Returns 0 and `*report`, or a negative
 * err code with an owned Chinese reason in `*msg` (free()). */
int store_copy(struct db *from, struct db *to, struct store_copy_report *report, char **msg);

/* Frees what store_copy put into `report`. NULL is a no-op. */
void store_copy_report_free(struct store_copy_report *report);

#endif
