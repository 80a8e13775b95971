/* resume.c — the 简历 generator of resume.h: periods cut where a post or the
 * rank changes, units named in full from the tree, study written apart. */
#include "core/resume.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "util/arena.h"

/* Months are counted as indexes (year * 12 + month - 1); an open end is
 * OPEN, after every real month. */
enum { OPEN = INT_MAX };

static bool has_text(const char *s)
{
    return s != NULL && *s != '\0';
}

static bool starts_with(const char *s, const char *prefix)
{
    return has_text(s) && has_text(prefix) && strncmp(s, prefix, strlen(prefix)) == 0;
}

static int month_index(struct date d)
{
    return d.year * 12 + d.month - 1;
}

static struct date month_date(int index)
{
    return (struct date){index / 12, index % 12 + 1, 0};
}

/* The exclusive end month of a record ending `end`: its month, or the next
 * when it ends on the month's last day (the successor starts on the 1st). A
 * record shorter than a month still fills its start month. */
static int end_index(struct date end, int start)
{
    if (date_is_none(end))
        return OPEN;
    int e = month_index(end);
    if (end.day != 0 && end.day == date_days_in_month(end.year, end.month))
        e++;
    return e > start ? e : start + 1;
}

static const struct resume_unit *find_unit(const struct resume_unit *units, size_t n, long long id)
{
    if (id <= 0)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (units[i].id == id)
            return &units[i];
    return NULL;
}

/* 内设机构 (unit_kind 2) are named with their organ; every other kind of
 * unit is an organ (机关, 直属单位, 派出机构) that stands on its own. */
static bool is_internal(const struct resume_unit *u)
{
    return u->kind != NULL && strcmp(u->kind, "2") == 0;
}

/* The unit's organ and full name: `*organ` the nearest unit at or above `u`
 * that is not internal (or the root), the full name its name followed by
 * those below it down to `u`, a name that already begins with what is
 * written so far not repeated. Depth is bounded by the unit count, so a
 * cycle in the input cannot loop. */
static const char *full_name(const struct resume_unit *units, size_t n, const struct resume_unit *u,
                             const char **organ, struct arena *a)
{
    const struct resume_unit **chain = arena_calloc(a, n + 1, sizeof *chain);
    size_t depth = 0;
    const struct resume_unit *at = u;
    while (at != NULL && depth < n) {
        chain[depth++] = at;
        if (!is_internal(at))
            break;
        at = find_unit(units, n, at->parent_id);
    }
    const char *name = has_text(chain[depth - 1]->name) ? chain[depth - 1]->name : "";
    *organ = name;
    for (size_t i = depth - 1; i-- > 0;) {
        const char *part = has_text(chain[i]->name) ? chain[i]->name : "";
        name = starts_with(part, name) ? part : arena_sprintf(a, "%s%s", name, part);
    }
    return name;
}

const char *resume_unit_full_name(const struct resume_unit *units, size_t n, long long id,
                                  struct arena *a)
{
    const struct resume_unit *u = find_unit(units, n, id);
    const char *organ;
    return u ? full_name(units, n, u, &organ, a) : NULL;
}

/* ---- work periods -------------------------------------------------------- */

enum item_class { ITEM_POST, ITEM_CONCURRENT, ITEM_RANK };

/* One career record as a line writes it: `unit` its unit in full (or the
 * place its title names, or NULL), `organ` the organ that begins `unit`,
 * `bare` the post or rank without the unit. */
struct item {
    const struct career_record *r;
    int start, end;
    enum item_class cls;
    const char *unit, *organ, *bare;
};

static struct item make_item(const struct resume_input *in, const struct career_record *r,
                             struct arena *a)
{
    struct item it = {.r = r, .start = month_index(r->start_date)};
    it.end = end_index(r->end_date, it.start);
    const struct resume_unit *u = find_unit(in->units, in->unit_count, r->unit_id);
    const char *organ = NULL;
    const char *unit = u ? full_name(in->units, in->unit_count, u, &organ, a) : NULL;
    if (r->kind != NULL && strcmp(r->kind, "rank") == 0) {
        it.cls = ITEM_RANK;
        const char *label = codes_label("rank", r->rank);
        it.bare = label ? label : has_text(r->rank) ? r->rank : "";
        /* A rank held outside our tree (a county organ) keeps its place in
         * the title. */
        if (!unit && has_text(r->title))
            unit = organ = r->title;
    } else {
        it.cls = r->concurrent ? ITEM_CONCURRENT : ITEM_POST;
        const char *title = has_text(r->title) ? r->title : "";
        if (unit && starts_with(title, unit) && strlen(title) > strlen(unit))
            title += strlen(unit);
        else if (u && starts_with(title, u->name) && strlen(title) > strlen(u->name))
            title += strlen(u->name);
        it.bare = title;
    }
    it.unit = unit;
    it.organ = organ;
    return it;
}

static int item_cmp(const void *x, const void *y)
{
    const struct item *a = *(const struct item *const *)x, *b = *(const struct item *const *)y;
    if (a->cls != b->cls)
        return a->cls < b->cls ? -1 : 1;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return (a->r->id > b->r->id) - (a->r->id < b->r->id);
}

/* The items held together, written as one: the first in full, a later one
 * in a unit the line already begins with by its post or rank alone, in the
 * same organ without the organ's name. */
static const char *items_text(const struct item **held, size_t n, struct arena *a)
{
    qsort(held, n, sizeof *held, item_cmp);
    const struct item *first = held[0];
    const char *text = arena_sprintf(a, "%s%s", first->unit ? first->unit : "", first->bare);
    for (size_t i = 1; i < n; i++) {
        const struct item *it = held[i];
        const char *unit = it->unit;
        /* The same unit or place as the first (a county post's rank) is
         * already written at the start of the line. */
        if (!unit || starts_with(text, unit))
            unit = "";
        else if (first->organ && it->organ && strcmp(first->organ, it->organ) == 0 &&
                 starts_with(unit, it->organ))
            unit += strlen(it->organ);
        text = arena_sprintf(a, "%s、%s%s", text, unit, it->bare);
    }
    return text;
}

/* A line as it is built: month indexes, and the in-service study inside. */
struct draft {
    enum resume_line_kind kind;
    int start, end;
    int shown_end; /* the month the period prints when nothing follows at once */
    const char *text;
    const char *during;
};

static int int_cmp(const void *x, const void *y)
{
    int a = *(const int *)x, b = *(const int *)y;
    return (a > b) - (a < b);
}

/* Cuts the career into periods at every start and end, each with the items
 * held throughout it; equal neighbours merged. Appends to `lines`. */
static size_t work_lines(const struct resume_input *in, struct arena *a, struct draft *lines)
{
    size_t n = 0, nb = 0, count = 0;
    struct item *items = arena_calloc(a, in->career_count + 1, sizeof *items);
    int *bounds = arena_calloc(a, 2 * in->career_count + 1, sizeof *bounds);
    for (size_t i = 0; i < in->career_count; i++) {
        const struct career_record *r = &in->career[i];
        if (date_is_none(r->start_date))
            continue;
        items[n] = make_item(in, r, a);
        bounds[nb++] = items[n].start;
        if (items[n].end != OPEN)
            bounds[nb++] = items[n].end;
        n++;
    }
    if (n == 0)
        return 0;
    qsort(bounds, nb, sizeof *bounds, int_cmp);
    const struct item **held = arena_calloc(a, n, sizeof *held);
    for (size_t b = 0; b < nb; b++) {
        if (b > 0 && bounds[b] == bounds[b - 1])
            continue;
        int from = bounds[b], to = OPEN;
        for (size_t c = b + 1; c < nb; c++)
            if (bounds[c] != from) {
                to = bounds[c];
                break;
            }
        size_t k = 0;
        int shown = to;
        for (size_t i = 0; i < n; i++)
            if (items[i].start <= from && from < items[i].end) {
                held[k++] = &items[i];
                /* A record that ends here on a month's last day prints its
                 * own month when no line follows at once. */
                if (items[i].end == to && !date_is_none(items[i].r->end_date))
                    shown = month_index(items[i].r->end_date);
            }
        if (k == 0)
            continue; /* nothing held: a gap, reported later */
        if (to == OPEN) {
            /* Nothing after `from` ends: the period is open only when some
             * record is. */
            bool open = false;
            for (size_t i = 0; i < k; i++)
                open = open || held[i]->end == OPEN;
            if (!open)
                continue;
        }
        const char *text = items_text(held, k, a);
        struct draft *prev = count > 0 ? &lines[count - 1] : NULL;
        if (prev && prev->end == from && strcmp(prev->text, text) == 0) {
            prev->end = to;
            prev->shown_end = shown;
            continue;
        }
        lines[count++] = (struct draft){RESUME_LINE_WORK, from, to, shown, text, NULL};
    }
    return count;
}

/* ---- study --------------------------------------------------------------- */

/* "经济学专业", or "" without a major. */
static const char *major_text(const struct education_record *e, struct arena *a)
{
    if (!has_text(e->major))
        return "";
    size_t len = strlen(e->major), suffix = strlen("专业");
    if (len >= suffix && strcmp(e->major + len - suffix, "专业") == 0)
        return e->major;
    return arena_sprintf(a, "%s专业", e->major);
}

/* The level as the 简历 says it: 研究生 for a doctorate or master's (GB/T
 * 4658 codes 1x), 大学 for 本科, 大专, 中专; "" otherwise. */
static const char *level_word(const char *education)
{
    if (!has_text(education))
        return "";
    switch (education[0]) {
    case '1':
        return "研究生";
    case '2':
        return "大学";
    case '3':
        return "大专";
    case '4':
        return "中专";
    default:
        return "";
    }
}

static const char *period_text(int start, int end, struct arena *a)
{
    char s[16], e[16];
    date_format_dotted(month_date(start), s);
    if (end == OPEN)
        return arena_sprintf(a, "%s--", s);
    date_format_dotted(month_date(end), e);
    return arena_sprintf(a, "%s--%s", s, e);
}

static int draft_cmp(const void *x, const void *y)
{
    const struct draft *a = x, *b = y;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    return (a->end > b->end) - (a->end < b->end);
}

int resume_build(const struct resume_input *in, struct arena *a, struct resume *out)
{
    size_t cap = 2 * in->career_count + in->education_count + 1;
    struct draft *lines = arena_calloc(a, cap, sizeof *lines);
    size_t n = work_lines(in, a, lines);
    size_t nwork = n;

    /* Full-time study: a line of its own. */
    for (size_t i = 0; i < in->education_count; i++) {
        const struct education_record *e = &in->education[i];
        if (date_is_none(e->start_date) || e->kind == NULL || strcmp(e->kind, "fulltime") != 0)
            continue;
        int start = month_index(e->start_date);
        int end = end_index(e->end_date, start);
        /* Full-time study says only 研究生; 本科 is the plain case. */
        const char *graduate = has_text(e->education) && e->education[0] == '1' ? "研究生" : "";
        lines[n++] = (struct draft){
            RESUME_LINE_STUDY,
            start,
            end,
            date_is_none(e->end_date) ? OPEN : month_index(e->end_date),
            arena_sprintf(a, "%s%s%s学习", has_text(e->school) ? e->school : "", major_text(e, a),
                          graduate),
            NULL,
        };
    }

    /* In-service study: inside the work period that holds its start. */
    for (size_t i = 0; i < in->education_count; i++) {
        const struct education_record *e = &in->education[i];
        if (date_is_none(e->start_date) || e->kind == NULL || strcmp(e->kind, "inservice") != 0)
            continue;
        int start = month_index(e->start_date);
        int end = date_is_none(e->end_date) ? OPEN : month_index(e->end_date);
        const char *what = arena_sprintf(a, "%s%s在职%s学习", has_text(e->school) ? e->school : "",
                                         major_text(e, a), level_word(e->education));
        struct draft *host = NULL;
        for (size_t w = 0; w < nwork && !host; w++)
            if (lines[w].start <= start && start < lines[w].end)
                host = &lines[w];
        if (host) {
            const char *one = arena_sprintf(a, "%s在%s", period_text(start, end, a), what);
            host->during = host->during ? arena_sprintf(a, "%s；%s", host->during, one) : one;
        } else {
            lines[n++] = (struct draft){
                RESUME_LINE_INSERVICE, start, end_index(e->end_date, start), end, what, NULL,
            };
        }
    }

    qsort(lines, n, sizeof *lines, draft_cmp);
    int gap_months = in->gap_months > 0 ? in->gap_months : RESUME_GAP_MONTHS_DEFAULT;
    out->lines = arena_calloc(a, n + 1, sizeof *out->lines);
    out->gaps = arena_calloc(a, n + 1, sizeof *out->gaps);
    out->line_count = n;
    out->gap_count = 0;
    int covered = 0;
    for (size_t i = 0; i < n; i++) {
        const struct draft *d = &lines[i];
        if (i > 0 && covered != OPEN && d->start - covered >= gap_months) {
            char f[16], t[16];
            struct resume_gap *g = &out->gaps[out->gap_count++];
            g->from = month_date(covered);
            g->to = month_date(d->start);
            g->months = d->start - covered;
            g->message = arena_sprintf(a, "简历在 %s 至 %s 之间中断 %d 个月，请核实后再打印",
                                       date_format_dotted(g->from, f), date_format_dotted(g->to, t),
                                       g->months);
        }
        if (i == 0 || d->end > covered)
            covered = d->end;
        /* The period ends where the next line begins when it follows at
         * once, else at the record's own end month. */
        int shown = d->shown_end;
        if (d->end != OPEN && i + 1 < n && lines[i + 1].start == d->end)
            shown = d->end;
        struct resume_line *l = &out->lines[i];
        l->kind = d->kind;
        l->start = month_date(d->start);
        l->end = shown == OPEN ? DATE_NONE : month_date(shown);
        l->period = period_text(d->start, shown, a);
        l->text = d->during ? arena_sprintf(a, "%s（其间：%s）", d->text, d->during) : d->text;
        l->line = arena_sprintf(a, "%-16s  %s", l->period, l->text);
    }
    return 0;
}

const char *resume_text(const struct resume *r, struct arena *a)
{
    const char *text = "";
    for (size_t i = 0; i < r->line_count; i++)
        text = arena_sprintf(a, "%s%s%s", text, i ? "\n" : "", r->lines[i].line);
    return text;
}
