/* rulebook.h — the qualification rule tables of migration 0003 (one STRICT
 * table per row struct of core/rules.h): seeding them from rules_seed(),
 * loading them as a `struct rules` for the engine, and listing, adding and
 * changing rows for the 规则 page. Each table is described by a static
 * column table (name, Chinese label, type, offset in the core struct), so
 * SQL, validation and the JSON of the API walk one description. Callers
 * write the audit row of an edit in the same transaction. */
#ifndef CADRE_RULEBOOK_H
#define CADRE_RULEBOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/rules.h"
#include "store/db.h"
#include "util/err.h"

struct arena;

enum rulebook_type {
    RULEBOOK_TEXT,       /* const char *; `choices` (comma list) limits it when set */
    RULEBOOK_CODE,       /* const char *: a code of `code_table` (code or label accepted) */
    RULEBOOK_CODES,      /* const char *: a comma list of codes of `code_table` */
    RULEBOOK_TARGET,     /* const char *: a rank code or a post level code */
    RULEBOOK_INT,        /* int, within [min, max] */
    RULEBOOK_BOOL,       /* bool */
    RULEBOOK_DATE,       /* struct date, a day or a month */
    RULEBOOK_MONTH,      /* struct date at month precision ("YYYY-MM"; day 0) */
    RULEBOOK_CONFIDENCE, /* enum rules_confidence: "LAW", "TXT", "ONE", "REC" */
    RULEBOOK_PARTY_POST, /* enum rules_party_post: "branch", "county", "city" */
};

struct rulebook_column {
    const char *name;  /* SQL column and JSON key */
    const char *label; /* Chinese, for messages and the 规则 page */
    enum rulebook_type type;
    const char *code_table; /* CODE/CODES: codes_table() name; TEXT: allowed values */
    size_t offset;          /* of the member in the core struct */
    bool required;
    int min, max; /* INT */
};

struct rulebook_table {
    const char *name;  /* API name: "rank_step" */
    const char *sql;   /* "rule_rank_step" */
    const char *label; /* "职级晋升任职年限" */
    const char *article; /* the RULES.md section it encodes: "§1.3" */
    size_t struct_size;  /* of the core struct; it starts with struct rules_row */
    const struct rulebook_column *columns; /* its own columns (the common five aside) */
    size_t ncolumns;
    const char *rule_ids; /* comma list of the only rule ids allowed (the engine
                             picks behaviour by id), or NULL: any id */
    size_t array_offset, count_offset; /* of its array and count in struct
                                          rules; SIZE_MAX for the settings */
};

/* One stored row: the database id and the core struct, `struct_size` bytes
 * starting with struct rules_row (whose `confirmed` mirrors confirmed_at).
 * A confirmation (migration 0006) is shown with who gave it and when. */
struct rulebook_row {
    long long id;
    void *rule;
    const char *confirmed_by; /* the user's name, or NULL: not confirmed */
    const char *confirmed_at; /* "YYYY-MM-DDTHH:MM:SSZ", or NULL */
};

/* Every table, in RULES.md order; `*n` set. The settings table is last. */
const struct rulebook_table *rulebook_tables(size_t *n);
/* The table whose API name is `name`, or NULL. */
const struct rulebook_table *rulebook_table_find(const char *name);
/* The five columns every table has (rule_id, source, confidence,
 * effective_from, effective_to); `*n` set. */
const struct rulebook_column *rulebook_common_columns(size_t *n);
/* The column `name` of `t` (common or its own), or NULL. */
const struct rulebook_column *rulebook_column_find(const struct rulebook_table *t,
                                                   const char *name);

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
int rulebook_list(struct db *db, const struct rulebook_table *t, struct arena *a,
                  struct rulebook_row **rows, size_t *n);

/* One row; ERR_NOT_FOUND. */
int rulebook_get(struct db *db, const struct rulebook_table *t, long long id, struct arena *a,
                 struct rulebook_row *out);

/* A new zeroed core struct for `t` in `a` (dates open, confidence [REC]). */
void *rulebook_new_rule(const struct rulebook_table *t, struct arena *a);

/* Inserts `row->rule` and sets row->id; updates every column of the row
 * `row->id`. Call inside a transaction. ERR_NOT_FOUND on update. An update
 * that changes any value withdraws the row's confirmation: the office
 * confirmed the old value, not the new one. */
int rulebook_insert(struct db *db, const struct rulebook_table *t, struct rulebook_row *row);
int rulebook_update(struct db *db, const struct rulebook_table *t, const struct rulebook_row *row);

/* Records that user `user_id` (`user_name`, copied) confirmed row `id` of
 * `t` at `at` (ISO UTC), and bumps the qualification version. The caller
 * has checked that the row exists and needs a confirmation. Call inside a
 * transaction. ERR_CONFLICT when the row is confirmed already. */
int rulebook_confirm(struct db *db, const struct rulebook_table *t, long long id, long long user_id,
                     const char *user_name, const char *at);

/* Sets column `c` of `rule` from text (NULL or "" clears it; ints in
 * decimal; bools 1/0/true/false/是/否; codes by code or label; dates ISO).
 * Strings copied into `a`. A problem is appended to `fe` on the column's
 * name, in Chinese; returns 0 or ERR_INVALID. */
int rulebook_set_text(const struct rulebook_column *c, void *rule, const char *text,
                      struct arena *a, struct field_errors *fe);

/* One fixed choice of a column: its stored value and its Chinese label. */
struct rulebook_choice {
    const char *value, *label;
};

/* The choices of column `c`: a TEXT column's allowed values, the party
 * posts, the confidence levels, a CODE/CODES column's codes; each with its
 * Chinese label (the value itself when none is known). `*n` set; 0 (and
 * NULL) for a free column. Allocated in `a`. */
struct rulebook_choice *rulebook_choices(const struct rulebook_column *c, struct arena *a,
                                         size_t *n);

/* The Chinese label of `value` among column `c`'s choices, or NULL (a free
 * column, or a value not among them). For CODES, one code of the list; for
 * a TARGET (a rank or post level code), that code's label. */
const char *rulebook_choice_label(const struct rulebook_column *c, const char *value);

/* Column `c` of `rule` as text (ints decimal, bools "1"/"0", dates ISO,
 * months "YYYY-MM"), or NULL when unset. In `a`. */
const char *rulebook_get_text(const struct rulebook_column *c, const void *rule, struct arena *a);

/* Checks a whole row: required columns, the rule id against t->rule_ids,
 * effective_to not before effective_from, birth_to not before birth_from,
 * a rank step with neither a rank nor a post below. Appends to `fe`;
 * returns 0 or ERR_INVALID. */
int rulebook_validate(const struct rulebook_table *t, const void *rule, struct field_errors *fe);

#endif
