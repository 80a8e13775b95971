/* fieldsql.h — the one SQL builder for records described by field tables
 * (core/fields.h): column lists, placeholders and assignments built from a
 * kind's fields, and each field's value bound to or read from a statement.
 * store/records.c (records under a person) and store/rulebook.c (rule
 * tables) build their statements with it. Portable SQL only: plain `?`,
 * each bound once. */
#ifndef CADRE_FIELDSQL_H
#define CADRE_FIELDSQL_H

#include <stdbool.h>

#include "core/fields.h"
#include "store/db.h"
#include "util/strbuf.h"

struct arena;

/* True when field `f` is a stored column: not FIELD_READONLY, and not the
 * id or person_id that start a record (the store's keys, not fields). */
bool fieldsql_stored(const struct field_def *f);

/* Appends the stored columns of `kind`, each as `prefix` + name, joined by
 * ", " ("r.rule_id, r.source, ..."); `prefix` may be "". Returns how many. */
size_t fieldsql_columns(struct strbuf *sb, const struct record_kind *kind, const char *prefix);

/* Appends "?, ?, ..." for `n` values. */
void fieldsql_placeholders(struct strbuf *sb, size_t n);

/* Appends "a = ?, b = ?, ..." for the stored columns of `kind`. */
void fieldsql_assignments(struct strbuf *sb, const struct record_kind *kind);

/* Binds the stored fields of `rec` from parameter `first` on, in field
 * order; returns the next free parameter. Text, codes and code lists as
 * text; an ENUM as its choice's value; dates ISO ("YYYY-MM" at month
 * precision); ints; bools 0/1; absent values (and a 0 ref) as NULL. */
int fieldsql_bind(struct db_stmt *st, int first, const struct record_kind *kind, const void *rec);

/* Reads the stored fields of `rec` from result column `first` on, in field
 * order (the inverse of fieldsql_bind); strings copied into `a`. A stored
 * value that no longer parses (a date, an ENUM value) is read as absent and
 * logged. Returns the next column. */
int fieldsql_read(struct db_stmt *st, int first, const struct record_kind *kind, void *rec,
                  struct arena *a);

#endif
