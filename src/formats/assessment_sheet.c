/* assessment_sheet.c — writing the blank score sheet of a round and
 * reading a filled one back, every cell checked (see assessment_sheet.h). */
#include "formats/assessment_sheet.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/xmalloc.h"

static const char *const fixed_headers[] = {"身份证号", "姓名", "测评主体"};

static bool has_exam(const struct assessment_scheme *s)
{
    for (size_t i = 0; i < s->count; i++)
        if (s->dims[i].source == ASSESSMENT_SOURCE_EXAM && assessment_is_leaf(s, i))
            return true;
    return false;
}

int assessment_sheet_write(const char *path, enum table_format format,
                           const struct assessment_scheme *s, const struct assessment_group *groups,
                           size_t ngroups, const struct assessment_sheet_person *people,
                           size_t npeople)
{
    struct table_writer *w = table_writer_open(format, path, "测评表");
    if (!w)
        return ERR_IO;
    double *share = xcalloc(s->count ? s->count : 1, sizeof *share);
    assessment_leaf_weights(s, share);
    size_t ncols = 3;
    const char **cells = xcalloc(3 + s->count, sizeof *cells);
    char **owned = xcalloc(s->count ? s->count : 1, sizeof *owned);
    for (size_t i = 0; i < 3; i++)
        cells[i] = fixed_headers[i];
    for (size_t i = 0; i < s->count; i++)
        if (share[i] > 0) {
            owned[ncols - 3] = xasprintf("%s（%.4g%%）", s->dims[i].name, share[i]);
            cells[ncols] = owned[ncols - 3];
            ncols++;
        }
    table_writer_row(w, cells, ncols);
    bool exam = has_exam(s);
    for (size_t p = 0; p < npeople; p++) {
        for (size_t g = 0; g <= ngroups; g++) {
            if (g == ngroups && !exam)
                break;
            cells[0] = people[p].id_number;
            cells[1] = people[p].name;
            cells[2] = g < ngroups ? groups[g].name : ASSESSMENT_SHEET_EXAM;
            for (size_t c = 3; c < ncols; c++)
                cells[c] = NULL;
            table_writer_row(w, cells, ncols);
        }
    }
    for (size_t i = 0; i + 3 < ncols; i++)
        free(owned[i]);
    free(owned);
    free(cells);
    free(share);
    return table_writer_close(w);
}

/* The header text up to a bracket ("管理能力（7.5%）" → "管理能力"), trimmed. */
static bool header_is(const char *cell, const char *name)
{
    if (!cell || !name)
        return false;
    while (*cell == ' ')
        cell++;
    size_t n = strlen(name);
    if (strncmp(cell, name, n) != 0)
        return false;
    const char *rest = cell + n;
    while (*rest == ' ')
        rest++;
    return *rest == 0 || *rest == '(' || strncmp(rest, "（", strlen("（")) == 0;
}

static const char *cell_at(const struct table_row *r, long c)
{
    return c >= 0 && (size_t)c < r->ncells && r->cells[c] ? r->cells[c] : "";
}

static const char *trimmed(struct arena *a, const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return arena_strndup(a, s, n);
}

int assessment_sheet_read(const void *data, size_t len, const struct assessment_scheme *s,
                          const struct assessment_group *groups, size_t ngroups, struct arena *a,
                          struct assessment_sheet_row **rows, size_t *nrows,
                          struct field_errors *fe)
{
    size_t before = fe->count;
    struct table t;
    const char *msg;
    if (table_read(data, len, a, &t, &msg) < 0) {
        field_errors_add(fe, "file", "%s", msg);
        return ERR_INVALID;
    }
    if (t.nrows == 0) {
        field_errors_add(fe, "file",
                         "文件是空的：第一行应为表头（身份证号、姓名、测评主体、各考核项）");
        return ERR_INVALID;
    }
    const struct table_row *h = &t.rows[0];
    long fixed[3] = {-1, -1, -1};
    long *col = arena_calloc(a, s->count ? s->count : 1, sizeof *col);
    double *share = arena_calloc(a, s->count ? s->count : 1, sizeof *share);
    assessment_leaf_weights(s, share);
    for (size_t i = 0; i < s->count; i++)
        col[i] = -1;
    for (size_t c = 0; c < h->ncells; c++) {
        for (int k = 0; k < 3; k++)
            if (fixed[k] < 0 && header_is(h->cells[c], fixed_headers[k]))
                fixed[k] = (long)c;
        for (size_t i = 0; i < s->count; i++)
            if (share[i] > 0 && col[i] < 0 && header_is(h->cells[c], s->dims[i].name))
                col[i] = (long)c;
    }
    for (int k = 0; k < 3; k++)
        if (fixed[k] < 0)
            field_errors_add_row(fe, h->number, fixed_headers[k], "表头缺少“%s”列",
                                 fixed_headers[k]);
    /* A sheet may carry only some leaves (the exams from one office, the
     * ratings from another); one at least. */
    bool any_leaf = false;
    for (size_t i = 0; i < s->count; i++)
        any_leaf |= share[i] > 0 && col[i] >= 0;
    if (!any_leaf)
        field_errors_add_row(fe, h->number, "file", "表头中没有本方案的考核项列（如“%s”）",
                             s->dims[s->count - 1].name);
    if (fe->count > before)
        return ERR_INVALID;

    struct assessment_sheet_row *out = arena_calloc(a, t.nrows, sizeof *out);
    size_t n = 0;
    for (size_t r = 1; r < t.nrows; r++) {
        const struct table_row *row = &t.rows[r];
        struct assessment_sheet_row *o = &out[n];
        o->row = row->number;
        o->id_number = trimmed(a, cell_at(row, fixed[0]));
        o->name = trimmed(a, cell_at(row, fixed[1]));
        const char *group = trimmed(a, cell_at(row, fixed[2]));
        o->values = arena_calloc(a, s->count ? s->count : 1, sizeof *o->values);
        o->group = -2;
        if (strcmp(group, ASSESSMENT_SHEET_EXAM) == 0)
            o->group = -1;
        for (size_t g = 0; g < ngroups && o->group == -2; g++)
            if (strcmp(group, groups[g].name) == 0)
                o->group = (int)g;
        bool any = false;
        for (size_t i = 0; i < s->count; i++) {
            o->values[i] = NAN;
            if (col[i] < 0)
                continue;
            const char *text = cell_at(row, col[i]);
            double v;
            const char *why;
            if (assessment_scale_value(s, i, text, &v, &why) < 0) {
                field_errors_add_row(fe, o->row, s->dims[i].name, "“%s”%s", s->dims[i].name, why);
                continue;
            }
            if (isnan(v))
                continue;
            bool exam_leaf = s->dims[i].source == ASSESSMENT_SOURCE_EXAM;
            if (o->group == -1 && !exam_leaf) {
                field_errors_add_row(fe, o->row, s->dims[i].name,
                                     "考试行只填考试成绩，“%s”应在测评主体的行中填写",
                                     s->dims[i].name);
                continue;
            }
            if (o->group >= 0 && exam_leaf) {
                field_errors_add_row(fe, o->row, s->dims[i].name,
                                     "“%s”是考试成绩，应填在测评主体为“考试”的行中",
                                     s->dims[i].name);
                continue;
            }
            o->values[i] = v;
            any = true;
        }
        if (!any)
            continue; /* a blank row of the template: nothing to import */
        if (!*o->id_number)
            field_errors_add_row(fe, o->row, "身份证号", "身份证号不能为空");
        if (o->group == -2)
            field_errors_add_row(fe, o->row, "测评主体",
                                 *group ? "测评主体“%s”不是本轮次的测评主体（或“考试”）"
                                        : "测评主体不能为空%s",
                                 group);
        n++;
    }
    *rows = out;
    *nrows = n;
    return fe->count > before ? ERR_INVALID : 0;
}
