/* fields.c — reading, writing and checking record members through their field tables. */
#include "core/fields.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/codes.h"
#include "util/arena.h"
#include "util/utf8.h"

const struct field_def *fields_find(const struct record_kind *kind, const char *name)
{
    if (!kind || !name)
        return NULL;
    for (size_t i = 0; i < kind->nfields; i++)
        if (strcmp(kind->fields[i].name, name) == 0)
            return &kind->fields[i];
    return NULL;
}

void *field_ptr(const struct field_def *f, void *rec)
{
    return (char *)rec + f->offset;
}

const void *field_cptr(const struct field_def *f, const void *rec)
{
    return (const char *)rec + f->offset;
}

/* Length of a space at `s` (ASCII whitespace, or U+3000 with which Chinese
 * spreadsheets pad cells), 0 when none. */
static size_t space_len(const char *s, const char *end)
{
    if (s < end && strchr(" \t\r\n", *s) != NULL)
        return 1;
    if (end - s >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0)
        return 3;
    return 0;
}

static size_t trailing_space_len(const char *start, const char *end)
{
    if (end > start && strchr(" \t\r\n", end[-1]) != NULL)
        return 1;
    if (end - start >= 3 && memcmp(end - 3, "\xE3\x80\x80", 3) == 0)
        return 3;
    return 0;
}

/* "YYYY-MM" or "YYYY-MM-DD" by shape, whatever the numbers: tells a
 * malformed input from an impossible date such as 2023-02-29. */
static bool iso_shaped(const char *s)
{
    size_t len = strlen(s);
    if (len != 7 && len != 10)
        return false;
    for (size_t i = 0; i < len; i++) {
        bool dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return false;
    }
    return true;
}

static int set_text(const struct field_def *f, void *rec, const char *value, struct arena *a,
                    struct field_errors *fe)
{
    size_t length = utf8_length(value);
    if (f->max_len > 0 && length > (size_t)f->max_len) {
        field_errors_add(fe, f->name, "%s不能超过 %d 个字", f->label, f->max_len);
        return ERR_INVALID;
    }
    *(const char **)field_ptr(f, rec) = arena_strdup(a, value);
    return 0;
}

static int set_code(const struct field_def *f, void *rec, const char *value,
                    struct field_errors *fe)
{
    const struct code_table *t = codes_table(f->code_table);
    const struct code *c = t ? codes_find(t, value) : NULL;
    if (!c) {
        field_errors_add(fe, f->name, "%s代码“%s”不存在", f->label, value);
        return ERR_INVALID;
    }
    /* Code strings are static data and outlive any arena. */
    *(const char **)field_ptr(f, rec) = c->code;
    return 0;
}

static int set_date(const struct field_def *f, void *rec, const char *value, bool loose,
                    struct field_errors *fe)
{
    struct date d;
    int rc = loose ? date_parse_loose(value, &d) : date_parse_iso(value, &d);
    if (rc != 0) {
        if (iso_shaped(value))
            field_errors_add(fe, f->name, "%s“%s”不是实际存在的日期", f->label, value);
        else if (loose)
            field_errors_add(fe, f->name, "%s格式不正确，应为 YYYY-MM-DD、YYYY-MM 或 YYYY.MM",
                             f->label);
        else
            field_errors_add(fe, f->name, "%s格式不正确，应为 YYYY-MM-DD 或 YYYY-MM", f->label);
        return ERR_INVALID;
    }
    if ((f->flags & FIELD_DAY) && d.day == 0) {
        field_errors_add(fe, f->name, "%s应精确到日（YYYY-MM-DD）", f->label);
        return ERR_INVALID;
    }
    *(struct date *)field_ptr(f, rec) = d;
    return 0;
}

static int set_number(const struct field_def *f, void *rec, const char *value,
                      struct field_errors *fe)
{
    /* Decimal digits only (a sign for INT): strtoll alone would also take
     * "0x1f", " 12" and "12abc". */
    const char *digits = value;
    if (f->type == FIELD_INT && (*digits == '-' || *digits == '+'))
        digits++;
    bool ok = *digits != '\0';
    for (const char *p = digits; *p; p++)
        if (*p < '0' || *p > '9')
            ok = false;
    errno = 0;
    long long n = ok ? strtoll(value, NULL, 10) : 0;
    if (!ok || errno == ERANGE) {
        field_errors_add(fe, f->name, "%s应为整数", f->label);
        return ERR_INVALID;
    }
    if (f->type == FIELD_REF && n <= 0) {
        field_errors_add(fe, f->name, "%s编号不正确", f->label);
        return ERR_INVALID;
    }
    if (f->type == FIELD_INT && f->min < f->max && (n < f->min || n > f->max)) {
        field_errors_add(fe, f->name, "%s应在 %lld 到 %lld 之间", f->label, f->min, f->max);
        return ERR_INVALID;
    }
    *(long long *)field_ptr(f, rec) = n;
    return 0;
}

static int set_bool(const struct field_def *f, void *rec, const char *value,
                    struct field_errors *fe)
{
    bool b;
    if (strcmp(value, "1") == 0 || strcasecmp(value, "true") == 0 || strcmp(value, "是") == 0)
        b = true;
    else if (strcmp(value, "0") == 0 || strcasecmp(value, "false") == 0 || strcmp(value, "否") == 0)
        b = false;
    else {
        field_errors_add(fe, f->name, "%s应为“是”或“否”", f->label);
        return ERR_INVALID;
    }
    *(bool *)field_ptr(f, rec) = b;
    return 0;
}

static void clear(const struct field_def *f, void *rec)
{
    void *p = field_ptr(f, rec);
    switch (f->type) {
    case FIELD_TEXT:
    case FIELD_CODE:
        *(const char **)p = NULL;
        break;
    case FIELD_DATE:
        *(struct date *)p = DATE_NONE;
        break;
    case FIELD_INT:
    case FIELD_REF:
        *(long long *)p = 0;
        break;
    case FIELD_BOOL:
        *(bool *)p = false;
        break;
    }
}

int field_set_text(const struct field_def *f, void *rec, const char *text, bool loose,
                   struct arena *a, struct field_errors *fe)
{
    if (!text)
        text = "";
    size_t n = strlen(text);
    /* Validate before trimming or quoting: a message must never carry
     * broken UTF-8 back to the user. */
    if (!utf8_valid(text, n)) {
        field_errors_add(fe, f->name, "%s含有无效字符（不是有效的 UTF-8 文本）", f->label);
        return ERR_INVALID;
    }
    const char *start = text, *end = text + n;
    size_t k;
    while ((k = space_len(start, end)) > 0)
        start += k;
    while ((k = trailing_space_len(start, end)) > 0)
        end -= k;
    if (start == end) {
        clear(f, rec);
        return 0;
    }
    const char *value = arena_strndup(a, start, (size_t)(end - start));

    switch (f->type) {
    case FIELD_TEXT:
        return set_text(f, rec, value, a, fe);
    case FIELD_CODE:
        return set_code(f, rec, value, fe);
    case FIELD_DATE:
        return set_date(f, rec, value, loose, fe);
    case FIELD_INT:
    case FIELD_REF:
        return set_number(f, rec, value, fe);
    case FIELD_BOOL:
        return set_bool(f, rec, value, fe);
    }
    field_errors_add(fe, f->name, "%s的类型未知", f->label);
    return ERR_INVALID;
}

bool field_is_set(const struct field_def *f, const void *rec)
{
    const void *p = field_cptr(f, rec);
    switch (f->type) {
    case FIELD_TEXT:
    case FIELD_CODE: {
        /* "" is treated as absent too: a record built by hand may hold it. */
        const char *s = *(const char *const *)p;
        return s && *s;
    }
    case FIELD_DATE:
        return !date_is_none(*(const struct date *)p);
    case FIELD_REF:
        return *(const long long *)p != 0;
    case FIELD_INT:
    case FIELD_BOOL:
        return true;
    }
    return false;
}

const char *field_get_text(const struct field_def *f, const void *rec, bool dotted, struct arena *a)
{
    if (!field_is_set(f, rec))
        return NULL;
    const void *p = field_cptr(f, rec);
    switch (f->type) {
    case FIELD_TEXT:
    case FIELD_CODE:
        return arena_strdup(a, *(const char *const *)p);
    case FIELD_DATE: {
        char buf[11];
        struct date d = *(const struct date *)p;
        return arena_strdup(a, dotted ? date_format_dotted(d, buf) : date_format_iso(d, buf));
    }
    case FIELD_INT:
    case FIELD_REF:
        return arena_sprintf(a, "%lld", *(const long long *)p);
    case FIELD_BOOL:
        return arena_strdup(a, *(const bool *)p ? "1" : "0");
    }
    return NULL;
}

const char *field_mask(const struct field_def *f, const char *text, char out[MASK_MAX])
{
    if (!text || !(f->flags & FIELD_SENSITIVE))
        return text;
    return (f->flags & FIELD_PHONE) ? mask_phone(text, out) : mask_id_number(text, out);
}

int record_validate(const struct record_kind *kind, const void *rec, struct date today,
                    struct field_errors *fe)
{
    size_t before = fe->count;
    for (size_t i = 0; i < kind->nfields; i++) {
        const struct field_def *f = &kind->fields[i];
        /* A field whose input was already rejected is not also "empty". */
        if (field_errors_has(fe, f->name))
            continue;
        if ((f->flags & FIELD_REQUIRED) && !field_is_set(f, rec)) {
            field_errors_add(fe, f->name, "%s不能为空", f->label);
            continue;
        }
        if (f->type == FIELD_DATE && field_is_set(f, rec)) {
            struct date d = *(const struct date *)field_cptr(f, rec);
            if (!date_valid(d))
                field_errors_add(fe, f->name, "%s不是实际存在的日期", f->label);
            else if ((f->flags & FIELD_NOT_FUTURE) && !date_is_none(today) &&
                     date_compare(d, today) > 0)
                field_errors_add(fe, f->name, "%s不能晚于今天", f->label);
        }
    }
    if (kind->validate)
        kind->validate(rec, today, fe);
    return fe->count > before ? ERR_INVALID : 0;
}
