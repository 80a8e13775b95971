/* rulebook.h — the qualification rule tables of migration 0003 (one STRICT
 * table per row struct of core/rules.h, described by rules_tables()):
 * seeding them from rules_seed(), loading them as a `struct rules` for the
 * engine, and listing, adding, changing and confirming rows for the 规则
 * page. The SQL is built from the tables' field descriptions
 * (store/fieldsql.h). Callers write the audit row of an edit in the same
 * transaction. */
#ifndef CADRE_RULEBOOK_H
#define CADRE_RULEBOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/rules.h"
#include "store/db.h"
#include "util/err.h"

struct arena;

/* One stored row: the database id and the core struct, `struct_size` bytes
 * starting with struct rules_row (whose `confirmed` mirrors confirmed_at).
 * A confirmation (migration 0006) is shown with who gave it and when. */
struct rulebook_row {
    long long id;
    void *rule;
    const char *confirmed_by; /* the user's name, or NULL: not confirmed */
    const char *confirmed_at; /* "YYYY-MM-DDTHH:MM:SSZ", or NULL */
};

/* Seeds every table that has no row from rules_seed() (and the settings
 * table from its switches), in one transaction. A table the office emptied
 * on purpose is refilled: deleting is not offered, closing a row
 * (effective_to) is. Returns 0 or err. Called by store_migrate. */
int rulebook_seed(struct db *db);

/* The whole stored rule set, every row of every table in id order (later
 * rows override earlier ones where both are in force: the engine picks the
 * row in force on its as-of date). Allocated in `a`. Returns 0 or err. */
int rulebook_load(struct db *db, struct arena *a, struct rules **out);

/* Every row of `t` in id order, in `a`. */
int rulebook_list(struct db *db, const struct rules_table *t, struct arena *a,
                  struct rulebook_row **rows, size_t *n);

/* One row; ERR_NOT_FOUND. */
int rulebook_get(struct db *db, const struct rules_table *t, long long id, struct arena *a,
                 struct rulebook_row *out);

/* Inserts `row->rule` and sets row->id; updates every column of the row
 * `row->id`. Call inside a transaction. ERR_NOT_FOUND on update. An update
 * that changes any value withdraws the row's confirmation: the office
 * confirmed the old value, not the new one. */
int rulebook_insert(struct db *db, const struct rules_table *t, struct rulebook_row *row);
int rulebook_update(struct db *db, const struct rules_table *t, const struct rulebook_row *row);

/* Records that user `user_id` (`user_name`, copied) confirmed row `id` of
 * `t` at `at` (ISO UTC), and bumps the qualification version. The caller
 * has checked that the row exists and needs a confirmation. Call inside a
 * transaction. ERR_CONFLICT when the row is confirmed already. */
int rulebook_confirm(struct db *db, const struct rules_table *t, long long id, long long user_id,
                     const char *user_name, const char *at);

#endif
