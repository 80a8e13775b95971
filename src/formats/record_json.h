/* record_json.h — records to and from JSON by walking their field tables
 * (core/fields.h), so every resource, the rule tables' rows included,
 * speaks the same conventions: snake_case names, ISO dates, codes and
 * choices with their "<name>_label" (code lists with "<name>_labels"),
 * sensitive fields masked unless allowed; and the field tables themselves
 * as JSON, for GET /api/v1/schema/{kind} and the 规则 page. */
#ifndef CADRE_RECORD_JSON_H
#define CADRE_RECORD_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "core/fields.h"

struct arena;

/* Fills `rec` from the JSON object `obj`. Strings go through field_set_text
 * (codes by code or label; dates ISO); integers are accepted for INT/REF,
 * booleans for BOOL, null clears a field. Unknown keys are errors, except
 * the read-only keys our own answers carry (id, person_id, age, *_label,
 * current_*, unit_name, ...), which are ignored so a client may send back
 * what it read. With `partial` (PATCH) only the keys present change.
 * Every problem goes to `fe`. Returns 0 or ERR_INVALID. */
int record_json_parse(const struct record_kind *kind, json_t *obj, void *rec, bool partial,
                      struct arena *a, struct field_errors *fe);

/* A new JSON object with every field of `rec` (absent ones as null), codes
 * with "<name>_label", and the id (+ person_id for records under a person).
 * FIELD_SENSITIVE values are masked unless `unmask`. */
json_t *record_json_new(const struct record_kind *kind, const void *rec, bool unmask);

/* The same as record_json_new, text of one field (NULL when unset). */
json_t *record_json_field(const struct field_def *f, const void *rec, bool unmask);

/* Sets every field of `rec` on `o` as record_json_new does, with the labels
 * beside them, but no id: for records whose keys are not `id, person_id`
 * (a rule row). */
void record_json_set_fields(json_t *o, const struct record_kind *kind, const void *rec,
                            bool unmask);

struct json_writer;

/* The members of record_json_new's object (id, person_id, every field
 * with its labels) written into the object `w` has open: the bytes
 * json_dumps gives for record_json_new, without building it — for lists. */
void record_json_write_members(struct json_writer *w, const struct record_kind *kind,
                               const void *rec, bool unmask);

/* record_json_field's value written into `w` (after a key or in an
 * array): the same bytes json_dumps gives for it, no object built. */
void record_json_write_field(struct json_writer *w, const struct field_def *f, const void *rec,
                             bool unmask);

/* A field's description: {name, label, type ("text", "code", "codes",
 * "date", "integer", "boolean", "ref", "choice"), required, code_table
 * (code, codes; a code may name several, "rank,post_level"), references
 * (ref: the SQL table), choices [{value, label}] (fixed values, or a code
 * table's codes), min/max (integer), max_length (text, in characters),
 * precision ("day", "month", "any"), input (the precision a form asks:
 * "day" or "month") and not_future (date), only_when {field, value} (the
 * field applies only while another holds that value), readonly,
 * sensitive}. Scratch in `a`. */
json_t *record_json_field_schema(const struct field_def *f, struct arena *a);

/* Every field of `kind` described, in order, as a JSON array. */
json_t *record_json_fields_schema(const struct record_kind *kind, struct arena *a);

#endif
