/* fields.c — reading, writing and checking record members through their field tables. */
#include "core/fields.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/codes.h"
#include "util/arena.h"
#include "util/strbuf.h"
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

/* Size of the member behind field `f`. */
static size_t member_size(const struct field_def *f)
{
    switch (f->type) {
    case FIELD_TEXT:
    case FIELD_CODE:
    case FIELD_CODES:
        return sizeof(const char *);
    case FIELD_DATE:
        return sizeof(struct date);
    case FIELD_INT:
        return (f->flags & FIELD_INT32) ? sizeof(int) : sizeof(long long);
    case FIELD_ENUM:
        return sizeof(int);
    case FIELD_REF:
        return sizeof(long long);
    case FIELD_BOOL:
        return sizeof(bool);
    }
    return 0;
}

void field_copy(const struct field_def *f, void *to, const void *from)
{
    memcpy(field_ptr(f, to), field_cptr(f, from), member_size(f));
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

/* The choice of `f` whose value (or label, with `by_label`) is `text`. */
static const struct field_choice *find_choice(const struct field_def *f, const char *text,
                                              bool by_label)
{
    for (size_t i = 0; text && i < f->nchoices; i++)
        if (strcmp(f->choices[i].value, text) == 0 ||
            (by_label && strcmp(f->choices[i].label, text) == 0))
            return &f->choices[i];
    return NULL;
}

/* "a、b、c": the values a field with choices accepts, for its message. */
static const char *choice_list(const struct field_def *f, struct arena *a)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < f->nchoices; i++)
        strbuf_printf(&sb, "%s%s（%s）", i ? "、" : "", f->choices[i].value, f->choices[i].label);
    const char *s = arena_strdup(a, strbuf_str(&sb));
    strbuf_release(&sb);
    return s;
}

/* The code `value` (code or label) in the first of the comma list of code
 * tables `tables` that knows it, or NULL. */
static const struct code *find_code(const char *tables, const char *value)
{
    char name[32];
    for (const char *p = tables ? tables : ""; *p;) {
        size_t len = strcspn(p, ",");
        if (len < sizeof name) {
            memcpy(name, p, len);
            name[len] = '\0';
            const struct code_table *t = codes_table(name);
            const struct code *c = t ? codes_find(t, value) : NULL;
            if (c)
                return c;
        }
        p += len + (p[len] == ',');
    }
    return NULL;
}

static int set_text(const struct field_def *f, void *rec, const char *value, struct arena *a,
                    struct field_errors *fe)
{
    size_t length = utf8_length(value);
    if (f->max_len > 0 && length > (size_t)f->max_len) {
        field_errors_add(fe, f->name, "%s不能超过 %d 个字", f->label, f->max_len);
        return ERR_INVALID;
    }
    if (f->nchoices) {
        const struct field_choice *c = find_choice(f, value, true);
        if (!c) {
            field_errors_add(fe, f->name, "%s应为以下之一：%s", f->label, choice_list(f, a));
            return ERR_INVALID;
        }
        *(const char **)field_ptr(f, rec) = c->value;
        return 0;
    }
    *(const char **)field_ptr(f, rec) = arena_strdup(a, value);
    return 0;
}

static int set_code(const struct field_def *f, void *rec, const char *value,
                    struct field_errors *fe)
{
    const struct code *c = find_code(f->code_table, value);
    if (!c) {
        field_errors_add(fe, f->name, "%s代码“%s”不存在", f->label, value);
        return ERR_INVALID;
    }
    /* Code strings are static data and outlive any arena. */
    *(const char **)field_ptr(f, rec) = c->code;
    return 0;
}

/* Each item of the list `value` ("3,4" or "基本称职，不称职") as a code of
 * the field's table, stored joined by ",". */
static int set_codes(const struct field_def *f, void *rec, const char *value, struct arena *a,
                     struct field_errors *fe)
{
    char *copy = arena_strdup(a, value);
    /* "，" (U+FF0C) and "、" (U+3001) separate as well as ",". */
    for (char *p = copy; *p; p++)
        if (strncmp(p, "\xEF\xBC\x8C", 3) == 0 || strncmp(p, "\xE3\x80\x81", 3) == 0) {
            memset(p, ' ', 3);
            *p = ',';
        }
    struct strbuf sb = STRBUF_INIT;
    int rc = 0;
    char *save = NULL;
    for (char *item = strtok_r(copy, ",", &save); item && rc == 0;
         item = strtok_r(NULL, ",", &save)) {
        while (*item == ' ')
            item++;
        char *end = item + strlen(item);
        while (end > item && end[-1] == ' ')
            *--end = '\0';
        if (!*item)
            continue;
        const struct code *c = find_code(f->code_table, item);
        if (!c) {
            field_errors_add(fe, f->name, "%s中的“%s”不是有效的代码", f->label, item);
            rc = ERR_INVALID;
        } else {
            strbuf_printf(&sb, "%s%s", sb.len ? "," : "", c->code);
        }
    }
    if (rc == 0 && sb.len == 0) {
        field_errors_add(fe, f->name, "%s不能为空", f->label);
        rc = ERR_INVALID;
    }
    if (rc == 0)
        *(const char **)field_ptr(f, rec) = arena_strdup(a, strbuf_str(&sb));
    strbuf_release(&sb);
    return rc;
}

static int set_enum(const struct field_def *f, void *rec, const char *value, struct arena *a,
                    struct field_errors *fe)
{
    const struct field_choice *c = find_choice(f, value, true);
    size_t len = strlen(value);
    if (!c && len > 2 && value[0] == '[' && value[len - 1] == ']')
        c = find_choice(f, arena_strndup(a, value + 1, len - 2), false);
    if (!c) {
        field_errors_add(fe, f->name, "%s应为以下之一：%s", f->label, choice_list(f, a));
        return ERR_INVALID;
    }
    *(int *)field_ptr(f, rec) = c->number;
    return 0;
}

/* Why a roster date that date_parse_loose refused is wrong, when its
 * numbers tell: a month outside 1–12 ("2019.13", "201913", "1975年13月") or
 * a day the month does not have. Appends the message and returns true;
 * false when the value is not shaped like a date at all. */
static bool loose_date_problem(const struct field_def *f, const char *value,
                               struct field_errors *fe)
{
    long parts[3];
    size_t nparts = 0, first_len = 0;
    for (const char *p = value; *p && nparts < 3;) {
        if (*p < '0' || *p > '9') {
            p++;
            continue;
        }
        const char *start = p;
        long n = 0;
        while (*p >= '0' && *p <= '9' && p - start < 9)
            n = n * 10 + (*p++ - '0');
        if (nparts == 0)
            first_len = (size_t)(p - start);
        parts[nparts++] = n;
    }
    /* The compact forms: 201913, 20190230. */
    if (nparts == 1 && (first_len == 6 || first_len == 8)) {
        long n = parts[0];
        if (first_len == 8) {
            parts[2] = n % 100;
            n /= 100;
        }
        parts[1] = n % 100;
        parts[0] = n / 100;
        nparts = first_len == 8 ? 3 : 2;
    }
    if (nparts < 2 || parts[0] < 1000 || parts[0] > 9999)
        return false;
    if (parts[1] < 1 || parts[1] > 12) {
        field_errors_add(fe, f->name, "%s“%s”中的月份 %ld 不存在（月份应为 1 到 12）", f->label,
                         value, parts[1]);
        return true;
    }
    if (nparts == 3) {
        int days = date_days_in_month((int)parts[0], (int)parts[1]);
        if (parts[2] < 1 || parts[2] > days) {
            field_errors_add(fe, f->name, "%s“%s”中的日期不存在：%ld 年 %ld 月只有 %d 天", f->label,
                             value, parts[0], parts[1], days);
            return true;
        }
    }
    return false;
}

static int set_date(const struct field_def *f, void *rec, const char *value, bool loose,
                    struct field_errors *fe)
{
    struct date d;
    int rc = loose ? date_parse_loose(value, &d) : date_parse_iso(value, &d);
    if (rc != 0) {
        if (!iso_shaped(value) && loose && loose_date_problem(f, value, fe))
            return ERR_INVALID;
        if (iso_shaped(value))
            field_errors_add(fe, f->name, "%s“%s”不是实际存在的日期", f->label, value);
        else if (loose)
            field_errors_add(fe, f->name,
                             "%s“%s”不是可以识别的日期，请写成 1975.03、1975-03-08 或 "
                             "1975年3月 这样的形式",
                             f->label, value);
        else
            field_errors_add(fe, f->name, "%s格式不正确，应为 YYYY-MM-DD 或 YYYY-MM", f->label);
        return ERR_INVALID;
    }
    if ((f->flags & FIELD_DAY) && d.day == 0) {
        field_errors_add(fe, f->name, "%s应精确到日（YYYY-MM-DD）", f->label);
        return ERR_INVALID;
    }
    if (f->flags & FIELD_MONTH)
        d.day = 0;
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
    if (f->flags & FIELD_INT32) {
        if (n < -2147483647LL || n > 2147483647LL) {
            field_errors_add(fe, f->name, "%s超出范围", f->label);
            return ERR_INVALID;
        }
        *(int *)field_ptr(f, rec) = (int)n;
    } else {
        *(long long *)field_ptr(f, rec) = n;
    }
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
    case FIELD_CODES:
        *(const char **)p = NULL;
        break;
    case FIELD_DATE:
        *(struct date *)p = DATE_NONE;
        break;
    case FIELD_INT:
        if (f->flags & FIELD_INT32)
            *(int *)p = 0;
        else
            *(long long *)p = 0;
        break;
    case FIELD_ENUM:
        *(int *)p = 0;
        break;
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
        /* An INT or ENUM has no "absent": clearing a required one would
         * silently store 0 (or the first choice). */
        if ((f->flags & FIELD_REQUIRED) && (f->type == FIELD_INT || f->type == FIELD_ENUM)) {
            field_errors_add(fe, f->name, "%s不能为空", f->label);
            return ERR_INVALID;
        }
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
    case FIELD_CODES:
        return set_codes(f, rec, value, a, fe);
    case FIELD_ENUM:
        return set_enum(f, rec, value, a, fe);
    }
    field_errors_add(fe, f->name, "%s的类型未知", f->label);
    return ERR_INVALID;
}

bool field_is_set(const struct field_def *f, const void *rec)
{
    const void *p = field_cptr(f, rec);
    switch (f->type) {
    case FIELD_TEXT:
    case FIELD_CODE:
    case FIELD_CODES: {
        /* "" is treated as absent too: a record built by hand may hold it. */
        const char *s = *(const char *const *)p;
        return s && *s;
    }
    case FIELD_ENUM:
        for (size_t i = 0; i < f->nchoices; i++)
            if (f->choices[i].number == *(const int *)p)
                return true;
        return false;
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
    case FIELD_CODES:
        return arena_strdup(a, *(const char *const *)p);
    case FIELD_DATE: {
        char buf[11];
        struct date d = *(const struct date *)p;
        if (f->flags & FIELD_MONTH)
            d.day = 0;
        return arena_strdup(a, dotted ? date_format_dotted(d, buf) : date_format_iso(d, buf));
    }
    case FIELD_INT:
        if (f->flags & FIELD_INT32)
            return arena_sprintf(a, "%d", *(const int *)p);
        return arena_sprintf(a, "%lld", *(const long long *)p);
    case FIELD_REF:
        return arena_sprintf(a, "%lld", *(const long long *)p);
    case FIELD_ENUM:
        for (size_t i = 0; i < f->nchoices; i++)
            if (f->choices[i].number == *(const int *)p)
                return f->choices[i].value;
        return NULL;
    case FIELD_BOOL:
        return arena_strdup(a, *(const bool *)p ? "1" : "0");
    }
    return NULL;
}

const char *field_value_label(const struct field_def *f, const char *value)
{
    if (!value)
        return NULL;
    if (f->nchoices) {
        const struct field_choice *c = find_choice(f, value, false);
        return c ? c->label : NULL;
    }
    if (f->type != FIELD_CODE && f->type != FIELD_CODES)
        return NULL;
    /* By code only: a label is not a stored value. One table (the common
     * case, once per code of every row of a list) needs no copy. */
    if (f->code_table && !strchr(f->code_table, ','))
        return codes_label(f->code_table, value);
    char name[32];
    for (const char *p = f->code_table ? f->code_table : ""; *p;) {
        size_t len = strcspn(p, ",");
        if (len < sizeof name) {
            memcpy(name, p, len);
            name[len] = '\0';
            const char *label = codes_label(name, value);
            if (label)
                return label;
        }
        p += len + (p[len] == ',');
    }
    return NULL;
}

const struct field_choice *field_choices(const struct field_def *f, struct arena *a, size_t *n)
{
    *n = 0;
    if (f->nchoices) {
        *n = f->nchoices;
        return f->choices;
    }
    if ((f->type != FIELD_CODE && f->type != FIELD_CODES) || !f->code_table)
        return NULL;
    size_t total = 0;
    char name[32];
    const struct code_table *tables[8];
    size_t ntables = 0;
    for (const char *p = f->code_table; *p && ntables < 8;) {
        size_t len = strcspn(p, ",");
        if (len < sizeof name) {
            memcpy(name, p, len);
            name[len] = '\0';
            const struct code_table *t = codes_table(name);
            if (t) {
                tables[ntables++] = t;
                total += t->count;
            }
        }
        p += len + (p[len] == ',');
    }
    if (total == 0)
        return NULL;
    struct field_choice *out = arena_calloc(a, total, sizeof *out);
    for (size_t k = 0; k < ntables; k++)
        for (size_t i = 0; i < tables[k]->count; i++)
            out[(*n)++] =
                (struct field_choice){tables[k]->codes[i].code, tables[k]->codes[i].label, 0};
    return out;
}

const char *field_date_precision(const struct field_def *f)
{
    if (f->type != FIELD_DATE)
        return NULL;
    return (f->flags & FIELD_DAY) ? "day" : (f->flags & FIELD_MONTH) ? "month" : "any";
}

const char *field_date_input(const struct field_def *f)
{
    if (f->type != FIELD_DATE)
        return NULL;
    return (f->flags & (FIELD_DAY | FIELD_BY_DAY)) ? "day" : "month";
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
