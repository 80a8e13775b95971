/* training_sheet.c — the 培训登记表: header matched by name, each row's
 * cells checked and converted, every problem reported with its row. */
#include "formats/training_sheet.h"

#include <stdlib.h>
#include <string.h>

#include "core/idnum.h"
#include "core/training.h"
#include "util/arena.h"

enum col { C_ID, C_NAME, C_CLASS, C_ORGANISER, C_CATEGORY, C_START, C_END, C_HOURS, C_LEAVE, C_N };

static const char *const headers[C_N] = {
    [C_ID] = "身份证号",        [C_NAME] = "姓名",         [C_CLASS] = "培训班名称",
    [C_ORGANISER] = "主办单位", [C_CATEGORY] = "培训类别", [C_START] = "开始日期",
    [C_END] = "结束日期",       [C_HOURS] = "学时",        [C_LEAVE] = "请假学时",
};

static const bool required[C_N] = {[C_ID] = true,    [C_NAME] = true, [C_CLASS] = true,
                                   [C_START] = true, [C_END] = true,  [C_HOURS] = true};

/* A year of 8-学时 days at most (as core/records.c's training records). */
enum { SHEET_MAX_HOURS = 2920, SHEET_MAX_TEXT = 100 };

const char *const *training_sheet_columns(size_t *n)
{
    *n = C_N;
    return headers;
}

/* The cell trimmed of spaces (ASCII and the full-width U+3000), or NULL
 * when empty. */
static const char *cell(const struct table_row *r, int index, struct arena *a)
{
    if (index < 0 || (size_t)index >= r->ncells || !r->cells[index])
        return NULL;
    const char *s = r->cells[index];
    size_t len = strlen(s);
    for (;;) {
        if (len && (*s == ' ' || *s == '\t')) {
            s++, len--;
        } else if (len >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0) {
            s += 3, len -= 3;
        } else if (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r')) {
            len--;
        } else if (len >= 3 && memcmp(s + len - 3, "\xe3\x80\x80", 3) == 0) {
            len -= 3;
        } else {
            break;
        }
    }
    if (len == 0)
        return NULL;
    char *out = arena_alloc(a, len + 1);
    memcpy(out, s, len);
    out[len] = '\0';
    return out;
}

static bool parse_hours(const char *s, long long *out)
{
    if (!s)
        return false;
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || v < 0 || v > SHEET_MAX_HOURS || v != (double)(long long)v)
        return false;
    *out = (long long)v;
    return true;
}

static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int by_key(const void *x, const void *y)
{
    const struct training_sheet_row *const *a = x, *const *b = y;
    int c = strcmp((*a)->id_number, (*b)->id_number);
    if (!c)
        c = strcmp((*a)->class_name, (*b)->class_name);
    if (!c)
        c = date_compare((*a)->start_date, (*b)->start_date);
    if (!c)
        c = date_compare((*a)->end_date, (*b)->end_date);
    return c ? c : (*a)->row - (*b)->row;
}

int training_sheet_parse(const struct table *t, struct date today, struct arena *a,
                         struct training_sheet_row **rows, size_t *n, struct field_errors *fe)
{
    *rows = NULL;
    *n = 0;
    size_t before = fe->count;
    if (t->nrows == 0) {
        field_errors_add(fe, "file", "文件是空的：第一行应为表头（身份证号、姓名、培训班名称……）");
        return ERR_INVALID;
    }
    int at[C_N];
    for (int c = 0; c < C_N; c++)
        at[c] = -1;
    const struct table_row *h = &t->rows[0];
    for (size_t i = 0; i < h->ncells; i++) {
        const char *name = cell(h, (int)i, a);
        if (!name)
            continue;
        int found = -1;
        for (int c = 0; c < C_N && found < 0; c++)
            if (strcmp(name, headers[c]) == 0)
                found = c;
        if (found < 0)
            field_errors_add_row(fe, h->number, name, "不认识的列“%s”", name);
        else if (at[found] >= 0)
            field_errors_add_row(fe, h->number, name, "列“%s”重复", name);
        else
            at[found] = (int)i;
    }
    for (int c = 0; c < C_N; c++)
        if (required[c] && at[c] < 0)
            field_errors_add_row(fe, h->number, headers[c], "缺少“%s”列", headers[c]);
    if (fe->count > before)
        return ERR_INVALID;

    struct training_sheet_row *out = arena_calloc(a, t->nrows, sizeof *out);
    size_t count = 0;
    for (size_t i = 1; i < t->nrows; i++) {
        const struct table_row *r = &t->rows[i];
        struct training_sheet_row *x = &out[count];
        memset(x, 0, sizeof *x);
        x->row = r->number;
        const char *v[C_N];
        bool any = false;
        for (int c = 0; c < C_N; c++)
            any |= (v[c] = cell(r, at[c], a)) != NULL;
        if (!any)
            continue;
        count++;
        for (int c = 0; c < C_N; c++)
            if (required[c] && !v[c])
                field_errors_add_row(fe, x->row, headers[c], "%s不能为空", headers[c]);
        struct idnum_info info;
        if (v[C_ID]) {
            enum idnum_problem p = idnum_check(v[C_ID], today, &info);
            if (p != IDNUM_OK)
                field_errors_add_row(fe, x->row, headers[C_ID], "%s", idnum_problem_message(p));
            else
                x->id_number = arena_strdup(a, info.number);
        }
        x->name = v[C_NAME];
        x->class_name = v[C_CLASS];
        x->organiser = v[C_ORGANISER];
        for (int c = C_NAME; c <= C_CATEGORY; c++)
            if (v[c] && chars(v[c]) > SHEET_MAX_TEXT)
                field_errors_add_row(fe, x->row, headers[c], "%s不能超过 %d 个字", headers[c],
                                     SHEET_MAX_TEXT);
        if (v[C_CATEGORY]) {
            x->category_text = v[C_CATEGORY];
            x->category = training_category_code(v[C_CATEGORY]);
        }
        x->start_date = x->end_date = DATE_NONE;
        static const int dates[] = {C_START, C_END};
        for (int k = 0; k < 2; k++) {
            int c = dates[k];
            struct date d;
            if (!v[c])
                continue;
            if (date_parse_loose(v[c], &d) < 0 || d.day == 0)
                field_errors_add_row(fe, x->row, headers[c], "%s应为年月日，如 2026-03-02",
                                     headers[c]);
            else if (date_compare(d, today) > 0)
                field_errors_add_row(fe, x->row, headers[c], "%s不能晚于今天（培训结束后登记）",
                                     headers[c]);
            else if (c == C_START)
                x->start_date = d;
            else
                x->end_date = d;
        }
        if (!date_is_none(x->start_date) && !date_is_none(x->end_date) &&
            date_compare(x->end_date, x->start_date) < 0)
            field_errors_add_row(fe, x->row, headers[C_END], "结束日期不能早于开始日期");
        if (v[C_HOURS] && (!parse_hours(v[C_HOURS], &x->hours) || x->hours == 0))
            field_errors_add_row(fe, x->row, headers[C_HOURS], "学时应为 1 到 %d 之间的整数",
                                 SHEET_MAX_HOURS);
        if (v[C_LEAVE] && !parse_hours(v[C_LEAVE], &x->leave_hours))
            field_errors_add_row(fe, x->row, headers[C_LEAVE], "请假学时应为 0 到 %d 之间的整数",
                                 SHEET_MAX_HOURS);
        else if (x->hours && x->leave_hours > x->hours)
            field_errors_add_row(fe, x->row, headers[C_LEAVE], "请假学时不能超过学时");
    }
    /* One row per person and class. */
    struct training_sheet_row **sorted = arena_calloc(a, count ? count : 1, sizeof *sorted);
    size_t m = 0;
    for (size_t i = 0; i < count; i++)
        if (out[i].id_number && out[i].class_name && !date_is_none(out[i].start_date) &&
            !date_is_none(out[i].end_date))
            sorted[m++] = &out[i];
    qsort(sorted, m, sizeof *sorted, by_key);
    for (size_t i = 1; i < m; i++) {
        struct training_sheet_row *p = sorted[i - 1], *q = sorted[i];
        if (strcmp(p->id_number, q->id_number) == 0 && strcmp(p->class_name, q->class_name) == 0 &&
            date_compare(p->start_date, q->start_date) == 0 &&
            date_compare(p->end_date, q->end_date) == 0)
            field_errors_add_row(fe, q->row, headers[C_ID],
                                 "与第 %d 行是同一人同一培训班，每人每班只登记一行", p->row);
    }
    *rows = out;
    *n = count;
    return fe->count > before ? ERR_INVALID : 0;
}
