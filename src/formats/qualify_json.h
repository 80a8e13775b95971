/* qualify_json.h — the qualification engine's answers (core/qualify.h) as
 * JSON, one shape for the API and `cadre qualify --json`: verdicts with
 * their API name and Chinese label, every reason with its article and
 * confidence ([ONE]/[REC] rows marked "待本单位确认"), findings, dates ISO.
 * Also reads a target written by a user ("rank:03", "一级调研员", "5A",
 * "post:正处级"). And the rule tables (core/rules.h) for the 规则 page:
 * a table's description and its rows, each with its confirmation. */
#ifndef CADRE_QUALIFY_JSON_H
#define CADRE_QUALIFY_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "core/qualify.h"

/* The label shown beside [ONE]/[REC] rows. */
#define QUALIFY_JSON_CONFIRM "待本单位确认"

/* Reads `text` into `*out`: "rank:CODE", "post:CODE", a bare rank or post
 * level code, or either's Chinese label (a rank is tried first: rank codes
 * are digits, post levels digit+letter, so a code is never both). A post
 * target may end in ":branch", ":county" or ":city" for the party-age rule
 * of a party post. Returns 0 or ERR_INVALID. The code points into the code
 * tables (static). */
int qualify_json_target_parse(const char *text, struct qualify_target *out);

/* Writes "rank:03" / "post:5A" into `buf`; returns buf. */
char *qualify_json_target_name(const struct qualify_target *t, char buf[16]);

/* New JSON objects (caller owns the reference). */
json_t *qualify_json_reason(const struct qualify_reason *r);
json_t *qualify_json_result(const struct qualify_result *r);
json_t *qualify_json_finding(const struct qualify_finding *f);
/* The whole report of one person: {person_id, as_of, retirement_date,
 * retirement_age_months, results: [...], findings: [...]}. */
json_t *qualify_json_report(const struct qualify_report *rep, long long person_id);

/* Table `t` described: {name, label, article, rule_ids, columns: [every
 * field as record_json_field_schema]}. Scratch in `a`. */
json_t *qualify_json_rule_table(const struct rules_table *t, struct arena *a);

/* Row `id` of `t` (`rule` its struct) as the API shows it: every field
 * typed with its labels (record_json_set_fields), the table's name,
 * whether it is in force on `today` and needs the office's confirmation,
 * and who confirmed it when (`confirmed_by`, `confirmed_at`: NULL when not
 * confirmed). */
json_t *qualify_json_rule_row(const struct rules_table *t, long long id, const void *rule,
                              const char *confirmed_by, const char *confirmed_at,
                              struct date today);

/* A date as an ISO string, or null when none. */
json_t *qualify_json_date(struct date d);

#endif
