/* err.c — error names and the field-problem list. */
#include "util/err.h"

#include <stdarg.h>
#include <string.h>

#include "util/arena.h"

const char *err_name(int code)
{
    switch (code) {
    case ERR_OK:
        return "ok";
    case ERR_INVALID:
        return "invalid";
    case ERR_NOT_FOUND:
        return "not_found";
    case ERR_CONFLICT:
        return "conflict";
    case ERR_FORBIDDEN:
        return "forbidden";
    case ERR_IO:
        return "io";
    case ERR_UNAUTHORIZED:
        return "unauthorized";
    case ERR_TOO_LARGE:
        return "too_large";
    case ERR_UNAVAILABLE:
        return "unavailable";
    default:
        return "internal";
    }
}

void field_errors_init(struct field_errors *fe, struct arena *a)
{
    memset(fe, 0, sizeof *fe);
    fe->arena = a;
}

static void append(struct field_errors *fe, int row, const char *field, const char *fmt, va_list ap)
{
    struct field_error *e = arena_alloc(fe->arena, sizeof *e);
    e->field = arena_strdup(fe->arena, field ? field : "");
    e->message = arena_vsprintf(fe->arena, fmt, ap);
    e->row = row;
    e->name = NULL;
    e->next = NULL;
    if (fe->tail)
        fe->tail->next = e;
    else
        fe->head = e;
    fe->tail = e;
    fe->count++;
}

void field_errors_add(struct field_errors *fe, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    append(fe, 0, field, fmt, ap);
    va_end(ap);
}

void field_errors_add_row(struct field_errors *fe, int row, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    append(fe, row, field, fmt, ap);
    va_end(ap);
}

int field_errors_has(const struct field_errors *fe, const char *field)
{
    for (const struct field_error *e = fe->head; e; e = e->next)
        if (strcmp(e->field, field) == 0)
            return 1;
    return 0;
}
