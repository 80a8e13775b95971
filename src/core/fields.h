/* fields.h — records described as data: each kind of record (a person, a
 * career record, a family member, a row of a qualification rule table, ...)
 * is a static table of field definitions mapping the API/column name to a
 * member of a core struct, with its Chinese label, type, code table or fixed
 * choices, and limits. The JSON layer (and GET /api/v1/schema/{kind}), the
 * roster importer, the store's SQL and the web UI's forms all walk these
 * tables instead of repeating the field list (Redis's lesson: behaviour as
 * data). */
#ifndef CADRE_FIELDS_H
#define CADRE_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/mask.h"
#include "util/err.h"

enum field_type {
    FIELD_TEXT,  /* const char * (arena), NULL when absent */
    FIELD_CODE,  /* const char *: the canonical code of `code_table` */
    FIELD_DATE,  /* struct date; DATE_NONE when absent */
    FIELD_INT,   /* long long */
    FIELD_BOOL,  /* bool */
    FIELD_REF,   /* long long id of another record (unit_id ...), 0 when absent */
    FIELD_CODES, /* const char *: a comma list of codes of `code_table`, "3,4";
                    read from codes or labels separated by , ， or 、 */
    FIELD_ENUM,  /* int member (a C enum): one of `choices`, matched by its
                    `number`; its text is the choice's `value` */
};

enum field_flags {
    FIELD_REQUIRED = 1 << 0,   /* must be present on create */
    FIELD_READONLY = 1 << 1,   /* derived or set by the system; rejected as input */
    FIELD_SENSITIVE = 1 << 2,  /* ID numbers and the like: masked for roles that
                                  may not see them, reads audited */
    FIELD_DAY = 1 << 3,        /* a date that must have a day (not just a month) */
    FIELD_NOT_FUTURE = 1 << 4, /* a date that may not lie after today */
    FIELD_PHONE = 1 << 5,      /* with FIELD_SENSITIVE: masked as a phone number
                                  (mask_phone), not as an ID number */
    FIELD_MONTH = 1 << 6,      /* a date kept at month precision: a day given is dropped */
    FIELD_INT32 = 1 << 7,      /* FIELD_INT held in an `int` member, not a long long */
    FIELD_BY_DAY = 1 << 8,     /* a date recorded to the day as a rule (a training
                                  course, a decision): forms offer a day, a month
                                  is still accepted */
};

/* One fixed value a field may take, with its Chinese label: a TEXT field
 * with choices accepts only their values; an ENUM field stores `number`. */
struct field_choice {
    const char *value; /* API and stored text: "post", "LAW", "branch" */
    const char *label; /* Chinese: "职务", "法律原文", "党支部书记" */
    int number;        /* FIELD_ENUM: the C enum value */
};

struct field_def {
    const char *name;  /* API and SQL column name: "birth_date" */
    const char *label; /* Chinese label for messages: "出生年月" */
    enum field_type type;
    const char *code_table; /* FIELD_CODE/CODES: codes_table() name; a CODE may name
                               several, "rank,post_level", tried in order;
                               FIELD_REF: the referenced SQL table */
    size_t offset;          /* offsetof the member in the record struct */
    unsigned flags;
    int max_len;                        /* FIELD_TEXT: maximum characters (code points) */
    long long min, max;                 /* FIELD_INT: inclusive range */
    const struct field_choice *choices; /* TEXT (optional) and ENUM: the values allowed */
    size_t nchoices;
    const char *only_when; /* "kind=post": the field applies only while field
                              `kind` holds "post" (a form hides it otherwise;
                              the kind's validate enforces what it requires);
                              NULL: always */
};

/* A kind of record: its struct, its SQL table and its fields. */
struct record_kind {
    const char *name;      /* API name: "person", "career", "education", ... */
    const char *label;     /* Chinese: "干部", "任职经历", ... */
    const char *sql_table; /* "people", "career", ... */
    size_t struct_size;
    const struct field_def *fields;
    size_t nfields;
    /* Cross-field checks after every field parsed (end before start, ID number
     * against birth date and sex, ...); may be NULL. `today` as a parameter
     * keeps core free of the clock. */
    void (*validate)(const void *record, struct date today, struct field_errors *fe);
};

/* The field named `name` in `kind`, or NULL. */
const struct field_def *fields_find(const struct record_kind *kind, const char *name);

/* Member address of field `f` in record `rec`. */
void *field_ptr(const struct field_def *f, void *rec);
const void *field_cptr(const struct field_def *f, const void *rec);

/* Copies the member of field `f` from record `from` to record `to` (both of
 * f's kind); strings are shared, not duplicated. */
void field_copy(const struct field_def *f, void *to, const void *from);

/* Parses `text` into field `f` of `rec`: trims surrounding spaces; "" clears
 * the field (a FIELD_REQUIRED INT or ENUM, which has no "absent", gives
 * "<label>不能为空" instead); TEXT checks UTF-8, max_len and its choices if
 * any; CODE accepts a code or its Chinese label (codes_find) and stores the
 * code; CODES a list of them; ENUM a choice's value or label (or the value
 * in brackets, "[LAW]", as RULES.md tags confidence); DATE accepts the ISO
 * forms, and with `loose` every roster form (date_parse_loose), FIELD_DAY
 * requiring the day and FIELD_MONTH dropping it; INT/REF decimal digits
 * within range; BOOL 1/0/true/false/是/否. Strings are copied into `a`.
 * On failure appends one Chinese message naming the field's label to `fe`
 * and returns ERR_INVALID; the member is left unchanged. */
int field_set_text(const struct field_def *f, void *rec, const char *text, bool loose,
                   struct arena *a, struct field_errors *fe);

/* True when field `f` of `rec` holds a value (non-NULL text/code, a date,
 * a non-zero ref, an ENUM number among its choices; INT and BOOL are always
 * present). */
bool field_is_set(const struct field_def *f, const void *rec);

/* Formats field `f` of `rec` as text for export, storage and messages:
 * dates ISO (FIELD_MONTH ones "YYYY-MM"; dotted with `dotted`), codes as
 * their code, an ENUM as its choice's value, bools "1"/"0"; NULL when not
 * set. Allocated in `a`. */
const char *field_get_text(const struct field_def *f, const void *rec, bool dotted,
                           struct arena *a);

/* The Chinese label of `value` for field `f`: a choice's label, a code's
 * label in (one of) its code table(s), for CODES the label of one code of
 * the list; NULL for a free field or a value it does not know. Static. */
const char *field_value_label(const struct field_def *f, const char *value);

/* The fixed values of field `f` with their labels: its choices, or every
 * code of a CODE/CODES field's table(s). `*n` set; NULL and 0 for a free
 * field. The array is allocated in `a`, the strings are static. */
const struct field_choice *field_choices(const struct field_def *f, struct arena *a, size_t *n);

/* How precisely a date field is kept: "day" (FIELD_DAY), "month"
 * (FIELD_MONTH) or "any" (a day or only a month); NULL for other types. */
const char *field_date_precision(const struct field_def *f);

/* The precision a form asks a date field in: "day" (FIELD_DAY,
 * FIELD_BY_DAY) or "month" (the personnel forms' YYYY.MM); NULL for other
 * types. */
const char *field_date_input(const struct field_def *f);

/* The text `text` of field `f` as roles that may not see sensitive data
 * read it: for a FIELD_SENSITIVE field its mask (mask_phone with
 * FIELD_PHONE, else mask_id_number) written into `out`; any other field's
 * text as it is. NULL for NULL. */
const char *field_mask(const struct field_def *f, const char *text, char out[MASK_MAX]);

/* Appends "<label>不能为空" for every FIELD_REQUIRED field not set, then
 * runs kind->validate. Returns 0 when `fe` gained nothing, else ERR_INVALID. */
int record_validate(const struct record_kind *kind, const void *rec, struct date today,
                    struct field_errors *fe);

#endif
