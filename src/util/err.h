/* err.h — the one error enum of cadre, and the list of field-level problems
 * that validation collects so a user sees every mistake at once. */
#ifndef CADRE_ERR_H
#define CADRE_ERR_H

#include <stddef.h>

struct arena;

/* Fallible functions return 0 on success or one of these negative codes.
 * http/ maps them to statuses in one table (`problems` in http/request.c). */
enum err {
    ERR_OK = 0,
    ERR_INVALID = -1,      /* the caller's input is wrong: 400/422 */
    ERR_NOT_FOUND = -2,    /* 404 */
    ERR_CONFLICT = -3,     /* state forbids it (duplicate, still referenced): 409 */
    ERR_FORBIDDEN = -4,    /* 403 */
    ERR_IO = -5,           /* file or database trouble: 503 */
    ERR_UNAUTHORIZED = -6, /* 401 */
    ERR_TOO_LARGE = -7,    /* 413 */
    ERR_UNAVAILABLE = -8,  /* busy, read-only, disk full: 503 */
    ERR_INTERNAL = -9,     /* a bug: 500, logged */
};

/* A short English name for logs ("invalid", "not_found", ...). Never NULL. */
const char *err_name(int code);

/* One field problem: `field` is the API/import field name (or "" for the
 * whole request), `message` a Chinese sentence the user can act on. */
struct field_error {
    const char *field;
    const char *message;
    int row;          /* import row number (1-based, as the spreadsheet shows it), or 0 */
    const char *name; /* import: the person's name on that row, or NULL */
    struct field_error *next;
};

/* Problems collected in arena memory, in the order they were found. */
struct field_errors {
    struct arena *arena; /* borrowed; every entry lives in it */
    struct field_error *head, *tail;
    size_t count;
};

/* Starts an empty list whose entries are allocated in `a` (borrowed). */
void field_errors_init(struct field_errors *fe, struct arena *a);

/* Appends one problem; `field` and the formatted message are copied. */
void field_errors_add(struct field_errors *fe, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Same, for an import row. */
void field_errors_add_row(struct field_errors *fe, int row, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* True when `field` already has a problem (so later checks can skip it). */
int field_errors_has(const struct field_errors *fe, const char *field);

#endif
