/* fieldsql.c — statements and values of field-table records. */
#include "store/fieldsql.h"

#include <string.h>

#include "util/arena.h"
#include "util/log.h"

bool fieldsql_stored(const struct field_def *f)
{
    return !(f->flags & FIELD_READONLY) && strcmp(f->name, "id") != 0 &&
           strcmp(f->name, "person_id") != 0;
}

size_t fieldsql_columns(struct strbuf *sb, const struct record_kind *kind, const char *prefix)
{
    size_t n = 0;
    for (size_t i = 0; i < kind->nfields; i++)
        if (fieldsql_stored(&kind->fields[i]))
            strbuf_printf(sb, "%s%s%s", n++ ? ", " : "", prefix, kind->fields[i].name);
    return n;
}

void fieldsql_placeholders(struct strbuf *sb, size_t n)
{
    for (size_t i = 0; i < n; i++)
        strbuf_puts(sb, i ? ", ?" : "?");
}

void fieldsql_assignments(struct strbuf *sb, const struct record_kind *kind)
{
    size_t n = 0;
    for (size_t i = 0; i < kind->nfields; i++)
        if (fieldsql_stored(&kind->fields[i]))
            strbuf_printf(sb, "%s%s = ?", n++ ? ", " : "", kind->fields[i].name);
}

static void bind_field(struct db_stmt *st, int i, const struct field_def *f, const void *rec)
{
    const void *p = field_cptr(f, rec);
    switch (f->type) {
    case FIELD_INT:
        db_bind_int(st, i, (f->flags & FIELD_INT32) ? *(const int *)p : *(const long long *)p);
        return;
    case FIELD_BOOL:
        db_bind_int(st, i, *(const bool *)p ? 1 : 0);
        return;
    case FIELD_REF:
        if (*(const long long *)p > 0)
            db_bind_int(st, i, *(const long long *)p);
        else
            db_bind_null(st, i);
        return;
    case FIELD_TEXT:
    case FIELD_CODE:
    case FIELD_CODES:
        /* As held: "" stays "" (field_get_text would give NULL). */
        db_bind_text(st, i, *(const char *const *)p);
        return;
    case FIELD_DATE: {
        struct date d = *(const struct date *)p;
        char buf[11];
        if (f->flags & FIELD_MONTH)
            d.day = 0;
        /* The driver copies the text (db_bind_text). */
        db_bind_text(st, i, date_is_none(d) ? NULL : date_format_iso(d, buf));
        return;
    }
    case FIELD_ENUM:
        for (size_t k = 0; k < f->nchoices; k++)
            if (f->choices[k].number == *(const int *)p) {
                db_bind_text(st, i, f->choices[k].value);
                return;
            }
        db_bind_null(st, i);
        return;
    }
}

static void read_field(struct db_stmt *st, int col, const struct field_def *f, void *rec,
                       struct arena *a)
{
    void *p = field_ptr(f, rec);
    switch (f->type) {
    case FIELD_TEXT:
    case FIELD_CODE:
    case FIELD_CODES:
        /* Stored codes are canonical already: no lookup per row. */
        *(const char **)p = arena_strdup(a, db_column_text(st, col));
        return;
    case FIELD_INT:
        if (f->flags & FIELD_INT32)
            *(int *)p = (int)db_column_int(st, col);
        else
            *(long long *)p = db_column_int(st, col);
        return;
    case FIELD_REF:
        *(long long *)p = db_column_int(st, col);
        return;
    case FIELD_BOOL:
        *(bool *)p = db_column_int(st, col) != 0;
        return;
    case FIELD_DATE: {
        struct date d = DATE_NONE;
        const char *s = db_column_text(st, col);
        if (s && date_parse_iso(s, &d) != 0) {
            log_warn("store: bad date '%s' in column %s", s, f->name);
            d = DATE_NONE;
        }
        if (f->flags & FIELD_MONTH)
            d.day = 0;
        *(struct date *)p = d;
        return;
    }
    case FIELD_ENUM: {
        const char *s = db_column_text(st, col);
        *(int *)p = 0;
        for (size_t i = 0; s && i < f->nchoices; i++)
            if (strcmp(f->choices[i].value, s) == 0) {
                *(int *)p = f->choices[i].number;
                return;
            }
        if (s)
            log_warn("store: unknown value '%s' in column %s", s, f->name);
        return;
    }
    }
}

int fieldsql_bind(struct db_stmt *st, int first, const struct record_kind *kind, const void *rec)
{
    int i = first;
    for (size_t k = 0; k < kind->nfields; k++)
        if (fieldsql_stored(&kind->fields[k]))
            bind_field(st, i++, &kind->fields[k], rec);
    return i;
}

int fieldsql_read(struct db_stmt *st, int first, const struct record_kind *kind, void *rec,
                  struct arena *a)
{
    int col = first;
    for (size_t k = 0; k < kind->nfields; k++)
        if (fieldsql_stored(&kind->fields[k]))
            read_field(st, col++, &kind->fields[k], rec, a);
    return col;
}
