/* store/records.h — saving and loading the records kept under a person
 * (career, education, assessments, rewards, punishments, family) for any
 * record_kind of core/records.h, by walking its field table: one generic
 * implementation instead of six copies. Every struct starts with
 * `long long id, person_id;` (core/records.h relies on it too). */
#ifndef CADRE_STORE_RECORDS_H
#define CADRE_STORE_RECORDS_H

#include <stddef.h>

#include "core/fields.h"
#include "store/db.h"

struct arena;

/* All records of `kind` of one person, ordered by start date / year / id,
 * as an array of `*n` structs of kind->struct_size bytes in `a`. */
int records_list(struct db *db, const struct record_kind *kind, long long person_id,
                 struct arena *a, void **items, size_t *n);

/* One record into `out` (kind->struct_size bytes). ERR_NOT_FOUND unless it
 * exists and belongs to `person_id`. */
int records_get(struct db *db, const struct record_kind *kind, long long person_id, long long id,
                struct arena *a, void *out);

/* Inserts `rec` (sets its id). ERR_CONFLICT on a broken constraint
 * (e.g. a second assessment for the same year). Refreshes the person's
 * derived columns for career and education. Call inside a transaction. */
int records_insert(struct db *db, const struct record_kind *kind, void *rec);

/* Updates every field of `rec` (by id and person_id). ERR_NOT_FOUND. */
int records_update(struct db *db, const struct record_kind *kind, const void *rec);

/* Deletes one record. ERR_NOT_FOUND. */
int records_delete(struct db *db, const struct record_kind *kind, long long person_id,
                   long long id);

#endif
