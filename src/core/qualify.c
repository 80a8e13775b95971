/* qualify.c — evaluates one person's records against the rule set on an
 * as-of date: verdicts with reasons and change dates (the record checks
 * are core/record_checks.c's).
 * Every month of service is counted by date_months_between (docs/tenure.md). */
#include "core/qualify.h"

#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "core/record_checks.h"
#include "util/arena.h"
#include "util/err.h"

/* How far ahead a change date is searched: 60 years of months. */
enum { SEARCH_MONTHS = 720, MAX_GRADE_YEARS = 80 };

/* ---- small helpers ------------------------------------------------------ */

static bool same(const char *a, const char *b)
{
    /* The first byte tells most codes apart without a call to strcmp. */
    return a != NULL && b != NULL && a[0] == b[0] && strcmp(a, b) == 0;
}

static bool empty(const char *s)
{
    return s == NULL || *s == '\0';
}

static struct date month_of(struct date d)
{
    return (struct date){d.year, d.month, 0};
}

static struct date jan1(int year)
{
    return (struct date){year, 1, 1};
}

/* The earlier of two dates, NONE standing for "never". */
static struct date earlier(struct date a, struct date b)
{
    if (date_is_none(a))
        return b;
    if (date_is_none(b))
        return a;
    return date_compare(a, b) <= 0 ? a : b;
}

/* A date as messages write it (1988.07, 1988.07.15: date_format_display). */
static const char *shown(struct arena *a, struct date d)
{
    char buf[16];
    return arena_strdup(a, date_format_display(d, buf));
}

struct ctx;
static int rank_order(const struct ctx *q, const char *code);
static int level_order(const struct ctx *q, const char *code);

static const char *code_with_order(const char *table, int order)
{
    const struct code_table *t = codes_table(table);
    for (size_t i = 0; i < t->count; i++)
        if (t->codes[i].order == order)
            return t->codes[i].code;
    return NULL;
}

static bool is_kind(const struct career_record *r, const char *kind)
{
    return same(r->kind, kind);
}

const char *qualify_months_text(struct arena *a, int months)
{
    if (months < 0)
        months = 0;
    int y = months / 12, m = months % 12;
    if (y == 0)
        return arena_sprintf(a, "%d 个月", m);
    if (m == 0)
        return arena_sprintf(a, "%d 年", y);
    return arena_sprintf(a, "%d 年 %d 个月", y, m);
}

const char *qualify_verdict_label(enum qualify_verdict v)
{
    static const char *const labels[] = {"符合", "尚不符合", "不得", "数据不全"};
    return (unsigned)v < 4 ? labels[v] : "";
}

const char *qualify_verdict_name(enum qualify_verdict v)
{
    static const char *const names[] = {"eligible", "not_yet", "barred", "incomplete"};
    return (unsigned)v < 4 ? names[v] : "";
}

/* ---- evaluation context --------------------------------------------------- */

struct ctx {
    struct arena *a;
    const struct rules *rules;
    const struct qualify_input *in;
    struct date day;
    struct date retirement; /* NONE when unknown */
    bool brief;             /* QUALIFY_BRIEF: sentences for adverse reasons only */
    /* The code tables every target looks codes up in, found once. */
    const struct code_table *ranks, *levels;
    /* Computed once per evaluation, on `day` (not for the other days a
     * tenure is counted on): they are asked for by every target. */
    const struct career_record *cur_rank;           /* current_rank */
    const char *cur_post;                           /* current_post(, true) */
    const struct rules_retirement *retirement_rule; /* NULL when unknown */
};

static int rank_order(const struct ctx *q, const char *code)
{
    const struct code *c = codes_by_code(q->ranks, code);
    return c ? c->order : 0;
}

static int level_order(const struct ctx *q, const char *code)
{
    const struct code *c = codes_by_code(q->levels, code);
    return c ? c->order : 0;
}

/* Whether the sentence of `x` is built: always, except in brief mode for a
 * note or a requirement met that cannot decide (what a list does not show;
 * a list row that is 符合 shows the decisive requirements met). */
static bool says(const struct ctx *q, const struct qualify_reason *x)
{
    return !q->brief || (x->effect != QUALIFY_MET && x->effect != QUALIFY_NOTE) ||
           (x->effect == QUALIFY_MET && x->decisive);
}

static struct qualify_reason *reason_new(struct ctx *q, struct qualify_result *res,
                                         const struct rules_row *row, const char *rule_id,
                                         enum qualify_effect effect, bool decisive)
{
    struct qualify_reason *x = arena_alloc(q->a, sizeof *x);
    x->rule_id = rule_id ? rule_id : (row ? row->id : "");
    x->source = row ? row->source : "";
    x->confidence = row ? row->confidence : RULES_TXT;
    x->needs_confirmation = row ? rules_row_needs_confirmation(row) : false;
    x->effect = effect;
    x->decisive = decisive;
    x->unit = "";
    x->field = NULL;
    x->text = "";
    x->from = x->until = DATE_NONE;
    struct qualify_reason **tail = &res->reasons;
    while (*tail)
        tail = &(*tail)->next;
    *tail = x;
    res->reason_count++;
    return x;
}

/* ---- periods of service ------------------------------------------------- */

/* A span of service: `to` NONE = still held. */
struct span {
    struct date from, to;
};

struct spans {
    struct span *v;
    size_t n;
};

static int span_cmp(const void *x, const void *y)
{
    return date_compare(((const struct span *)x)->from, ((const struct span *)y)->from);
}

/* The career records matching `rank` (kind rank) or `level` (kind post; a
 * concurrent post only when `concurrent`) that started by `day`, merged:
 * overlapping or touching spans become one, so time is never counted twice. */
static struct spans collect(struct ctx *q, const char *rank, const char *level, bool concurrent)
{
    struct spans s = {arena_calloc(q->a, q->in->career_count + 1, sizeof(struct span)), 0};
    for (size_t i = 0; i < q->in->career_count; i++) {
        const struct career_record *r = &q->in->career[i];
        if (date_is_none(r->start_date) || date_compare(r->start_date, q->day) > 0)
            continue;
        bool hit = (rank && is_kind(r, "rank") && same(r->rank, rank)) ||
                   (level && is_kind(r, "post") && same(r->post_level, level) &&
                    (concurrent || !r->concurrent));
        if (hit)
            s.v[s.n++] = (struct span){r->start_date, r->end_date};
    }
    qsort(s.v, s.n, sizeof *s.v, span_cmp);
    size_t out = 0;
    for (size_t i = 0; i < s.n; i++) {
        if (out > 0) {
            struct span *last = &s.v[out - 1];
            if (date_is_none(last->to) || date_compare(s.v[i].from, last->to) <= 0) {
                if (!date_is_none(last->to) &&
                    (date_is_none(s.v[i].to) || date_compare(s.v[i].to, last->to) > 0))
                    last->to = s.v[i].to;
                continue;
            }
        }
        s.v[out++] = s.v[i];
    }
    s.n = out;
    return s;
}

/* The end of `sp` as counted on `day`: the earlier of its end and `day`. */
static struct date clip(struct span sp, struct date day)
{
    return date_is_none(sp.to) || date_compare(sp.to, day) > 0 ? day : sp.to;
}

/* The grade recorded for `year`, or NULL. */
static const char *grade_of(const struct qualify_input *in, long long year)
{
    const char *g = NULL;
    for (size_t i = 0; i < in->assessment_count; i++)
        if (in->assessments[i].year == year && !empty(in->assessments[i].grade))
            g = in->assessments[i].grade;
    return g;
}

/* Months of `s` (as counted on `day`) that fall inside calendar `year`. */
static int months_in_year(const struct spans *s, int year, struct date day)
{
    int total = 0;
    struct date y0 = jan1(year), y1 = jan1(year + 1);
    for (size_t i = 0; i < s->n; i++) {
        struct date from = date_compare(s->v[i].from, y0) > 0 ? s->v[i].from : y0;
        struct date to = clip(s->v[i], day);
        if (date_compare(to, y1) > 0)
            to = y1;
        if (date_compare(from, to) < 0)
            total += date_months_between(from, to);
    }
    return total;
}

struct count {
    int served, excluded, reduction, counted;
    /* Months in years over on the records date that have no grade: counted
     * as served, but a verdict that needs them cannot be given. */
    int missing;
    const char *missing_years; /* "2019、2020" (only when noting), or NULL */
};

/* The first year whose 年度考核 grade cannot be expected yet on `day`:
 * the year of `day` or of the records date, whichever is earlier. */
static int ungraded_from(const struct ctx *q, struct date day)
{
    struct date r = q->in->records_as_of;
    return date_is_none(r) || date_compare(r, day) > 0 ? day.year : r.year;
}

/* Counts `s` on `day` under grade counting `g` (§1.4): years over by `day`
 * with at least g->year_min_months inside the period belong to it; a
 * not-counted grade removes its months, each 优秀 (when `excellent`)
 * shortens the requirement. With `res` set, notes each adjustment. */
static struct count count_period(struct ctx *q, const struct spans *s, struct date day,
                                 const struct rules_grade_counting *g, bool excellent,
                                 struct qualify_result *res)
{
    struct count c = {0, 0, 0, 0, 0, NULL};
    int pending_from = ungraded_from(q, day);
    for (size_t i = 0; i < s->n; i++)
        c.served += date_months_between(s->v[i].from, clip(s->v[i], day));
    if (g != NULL && s->n > 0) {
        int first = s->v[0].from.year;
        if (first < day.year - MAX_GRADE_YEARS)
            first = day.year - MAX_GRADE_YEARS;
        for (int y = first; y < day.year; y++) {
            int in_period = months_in_year(s, y, day);
            if (in_period < g->year_min_months || in_period == 0)
                continue;
            const char *grade = grade_of(q->in, y);
            if (grade == NULL && y >= pending_from) {
                /* Not graded yet when the records were read: not missing. */
                if (res) {
                    struct qualify_reason *x =
                        reason_new(q, res, &g->row, "grade.count.pending", QUALIFY_NOTE, false);
                    if (says(q, x))
                        x->text = arena_sprintf(q->a, "%d 年度考核尚未评定，按已任职计算（%s）", y,
                                                g->row.source);
                }
            } else if (grade == NULL) {
                c.missing += in_period;
                if (res) {
                    c.missing_years = c.missing_years
                                          ? arena_sprintf(q->a, "%s、%d", c.missing_years, y)
                                          : arena_sprintf(q->a, "%d", y);
                    struct qualify_reason *x =
                        reason_new(q, res, &g->row, "grade.count.missing", QUALIFY_NOTE, false);
                    x->field = "assessment";
                    x->unit = "months";
                    x->actual = in_period;
                    if (says(q, x))
                        x->text =
                            arena_sprintf(q->a, "%d 年度考核结果缺失（%s）", y, g->row.source);
                }
            } else if (rules_list_has(g->not_counted_grades, grade)) {
                c.excluded += in_period;
                if (res) {
                    struct qualify_reason *x =
                        reason_new(q, res, &g->row, "grade.count.not_counted", QUALIFY_NOTE, false);
                    x->unit = "months";
                    x->actual = in_period;
                    if (says(q, x))
                        x->text = arena_sprintf(
                            q->a, "%d 年度考核%s，该年度任职期间的 %s不计算任职年限（%s）", y,
                            codes_label("grade", grade), qualify_months_text(q->a, in_period),
                            g->row.source);
                }
            } else if (excellent && same(grade, "1")) {
                c.reduction += g->excellent_reduction_months;
                if (res) {
                    struct qualify_reason *x =
                        reason_new(q, res, &g->row, "grade.count.excellent", QUALIFY_NOTE, false);
                    x->unit = "months";
                    x->actual = g->excellent_reduction_months;
                    if (says(q, x))
                        x->text =
                            arena_sprintf(q->a, "%d 年度考核优秀，任职年限要求缩短 %s（%s）", y,
                                          qualify_months_text(q->a, g->excellent_reduction_months),
                                          g->row.source);
                }
            }
        }
        if (g->excellent_reduction_cap > 0 && c.reduction > g->excellent_reduction_cap)
            c.reduction = g->excellent_reduction_cap;
    }
    c.counted = c.served - c.excluded > 0 ? c.served - c.excluded : 0;
    return c;
}

/* What a "months in X" requirement needs to be judged on any day. */
struct tenure_req {
    const char *rank, *level; /* what counts (either may be NULL) */
    int months;
    bool excellent; /* 优秀 shortens it */
};

struct tenure_eval {
    struct count c;
    int required;
    const char *label; /* what was served, for the sentence */
    struct spans chosen;
};

static struct tenure_eval eval_tenure(struct ctx *q, const struct tenure_req *t, struct date day,
                                      struct qualify_result *res)
{
    struct ctx at = *q;
    at.day = day;
    const struct rules_grade_counting *g = rules_grade_counting_on(q->rules, day);
    bool merge = g ? g->merge_equivalent : true;
    bool concurrent = g ? g->concurrent_posts_count : true;
    /* The label is for the sentence: not wanted on the days met_on tries
     * (res NULL), where only the counts matter. */
    const char *rank_label = res && t->rank ? codes_label("rank", t->rank) : NULL;
    const char *level_label = res && t->level ? codes_label("post_level", t->level) : NULL;
    struct tenure_eval e;
    if (merge || !t->rank || !t->level) {
        e.chosen = collect(&at, t->rank, t->level, concurrent);
        e.label = NULL;
        if (res) {
            size_t rn = collect(&at, t->rank, NULL, concurrent).n;
            size_t pn = collect(&at, NULL, t->level, concurrent).n;
            if (rn > 0 && pn > 0)
                e.label = arena_sprintf(q->a, "%s或%s", level_label, rank_label);
            else if (rn > 0 || !t->level)
                e.label = rank_label;
            else if (pn > 0 || !t->rank)
                e.label = level_label;
            else
                e.label = arena_sprintf(q->a, "%s或%s", level_label, rank_label);
        }
        e.c = count_period(&at, &e.chosen, day, g, t->excellent, res);
    } else {
        /* Not merged: the better of the two alternatives. */
        struct spans rs = collect(&at, t->rank, NULL, concurrent);
        struct spans ps = collect(&at, NULL, t->level, concurrent);
        struct count cr = count_period(&at, &rs, day, g, t->excellent, NULL);
        struct count cp = count_period(&at, &ps, day, g, t->excellent, NULL);
        bool rank_better =
            cr.counted - (t->months - cr.reduction) >= cp.counted - (t->months - cp.reduction);
        e.chosen = rank_better ? rs : ps;
        e.label = rank_better ? rank_label : level_label;
        e.c = count_period(&at, &e.chosen, day, g, t->excellent, res);
    }
    e.required = t->months - e.c.reduction > 0 ? t->months - e.c.reduction : 0;
    return e;
}

/* The first day after q->day on which the requirement is met, or NONE when
 * waiting will not meet it (no span still running). Service grows by one
 * month on each anniversary of a running span's start, so only those days
 * are candidates (docs/tenure.md: start + N months is the first day of N). */
static struct date met_on(struct ctx *q, const struct tenure_req *t, int shortfall)
{
    const struct rules_grade_counting *g = rules_grade_counting_on(q->rules, q->day);
    bool concurrent = g ? g->concurrent_posts_count : true;
    struct spans all[3];
    all[0] = collect(q, t->rank, t->level, concurrent);
    all[1] = collect(q, t->rank, NULL, concurrent);
    all[2] = collect(q, NULL, t->level, concurrent);
    struct date best = DATE_NONE;
    for (size_t k = 0; k < 3; k++) {
        for (size_t i = 0; i < all[k].n; i++) {
            struct span sp = all[k].v[i];
            if (!date_is_none(sp.to) && date_compare(sp.to, q->day) <= 0)
                continue; /* over: will not grow */
            int now = date_months_between(sp.from, q->day);
            for (int m = now + (shortfall > 0 ? shortfall : 1); m <= now + SEARCH_MONTHS; m++) {
                struct date cand = date_add_months(sp.from, m);
                if (date_is_none(cand))
                    break;
                if (date_compare(cand, q->day) <= 0)
                    continue;
                if (!date_is_none(sp.to) && date_compare(cand, sp.to) > 0)
                    break;
                if (!date_is_none(best) && date_compare(cand, best) >= 0)
                    break;
                struct tenure_eval e = eval_tenure(q, t, cand, NULL);
                if (e.c.counted >= e.required) {
                    best = cand;
                    break;
                }
            }
        }
    }
    return best;
}

/* Adds the reason for a months requirement (rank step, post step). */
static void tenure_reason(struct ctx *q, struct qualify_result *res, const struct rules_row *row,
                          const struct tenure_req *t)
{
    /* Notes first (grade adjustments), into a scratch result, then the reason. */
    struct qualify_result notes = {0};
    struct tenure_eval e = eval_tenure(q, t, q->day, &notes);
    int shortfall = e.required - e.c.counted > 0 ? e.required - e.c.counted : 0;
    /* Met only when the years without a grade count: cannot be judged. */
    bool unknown = !shortfall && e.c.missing > 0 && e.c.counted - e.c.missing < e.required;
    struct qualify_reason *x = reason_new(q, res, row, NULL,
                                          shortfall ? QUALIFY_SHORTFALL
                                          : unknown ? QUALIFY_MISSING
                                                    : QUALIFY_MET,
                                          true);
    x->unit = "months";
    x->required = e.required;
    x->actual = e.c.counted;
    x->shortfall = shortfall;
    if (shortfall) {
        x->until = met_on(q, t, shortfall);
        if (!says(q, x)) {
        } else if (e.chosen.n == 0) {
            /* Never held what counts (two rungs below, or no post yet):
             * the next step comes first, not a count of 0 months. */
            const char *rank = t->rank ? codes_label("rank", t->rank) : NULL;
            const char *level = t->level ? codes_label("post_level", t->level) : NULL;
            x->text = rank && level
                          ? arena_sprintf(q->a, "须先晋升%s或任%s（%s）", rank, level, row->source)
                      : rank
                          ? arena_sprintf(q->a, "须先晋升%s（%s）", rank, row->source)
                          : arena_sprintf(q->a, "须先任%s（%s）", level ? level : "", row->source);
        } else {
            x->text = arena_sprintf(q->a, "任%s %s，差 %s满 %s（%s）", e.label,
                                    qualify_months_text(q->a, e.c.counted),
                                    qualify_months_text(q->a, shortfall),
                                    qualify_months_text(q->a, e.required), row->source);
        }
    } else if (unknown) {
        x->field = "assessment";
        if (says(q, x))
            x->text = arena_sprintf(q->a, "%s 年度考核结果缺失，无法确认任%s是否满 %s（%s）",
                                    e.c.missing_years ? e.c.missing_years : "", e.label,
                                    qualify_months_text(q->a, t->months), row->source);
    } else if (says(q, x)) {
        /* What was met: the regulation's years, and what shortened them. */
        x->text = e.c.reduction > 0
                      ? arena_sprintf(q->a, "任%s %s，已满 %s（含优秀年度缩短 %s）（%s）", e.label,
                                      qualify_months_text(q->a, e.c.counted),
                                      qualify_months_text(q->a, t->months),
                                      qualify_months_text(q->a, e.c.reduction), row->source)
                      : arena_sprintf(q->a, "任%s %s，已满 %s（%s）", e.label,
                                      qualify_months_text(q->a, e.c.counted),
                                      qualify_months_text(q->a, e.required), row->source);
    }
    /* Append the notes after the reason they explain. */
    for (struct qualify_reason *n = notes.reasons; n;) {
        struct qualify_reason *next = n->next;
        n->next = NULL;
        struct qualify_reason **tail = &res->reasons;
        while (*tail)
            tail = &(*tail)->next;
        *tail = n;
        res->reason_count++;
        n = next;
    }
}

/* ---- bars ----------------------------------------------------------------- */

static const char *category_of(const char *kind)
{
    if (kind == NULL)
        return NULL;
    switch (kind[0]) {
    case 'Z':
        return "Z";
    case 'D':
        return "D";
    case 'O':
        return "O";
    default:
        return NULL;
    }
}

/* The effect months and permanence of one punishment record. */
static int punishment_months(struct ctx *q, const struct punishment_record *p, bool *permanent,
                             const struct rules_row **row)
{
    const struct rules_block *b = rules_block(q->rules, p->kind, p->decision_date);
    if (b == NULL)
        b = rules_block(q->rules, p->kind, q->day);
    *permanent = b ? b->permanent : false;
    *row = b ? &b->row : NULL;
    if (p->effect_months > 0)
        return (int)p->effect_months;
    if (b != NULL)
        return b->months;
    const struct code *c = codes_by_code(codes_table("punishment"), p->kind);
    return c ? c->months : 0;
}

static int punish_cmp(const void *x, const void *y)
{
    const struct punishment_record *a = *(const struct punishment_record *const *)x;
    const struct punishment_record *b = *(const struct punishment_record *const *)y;
    return date_compare(a->decision_date, b->decision_date);
}

/* One effect period: [from, until), until NONE = permanent. */
struct period {
    struct date from, until;
    const struct punishment_record *lead; /* the record whose kind names it */
    const struct rules_row *row;
    int months; /* the lead's months (single record) */
    int records;
    bool permanent;
};

/* Adds the bar reasons of punishments and organisational handling (§3). */
static void block_reasons(struct ctx *q, struct qualify_result *res)
{
    size_t n = q->in->punishment_count;
    if (n == 0)
        return;
    const struct punishment_record **sorted = arena_calloc(q->a, n, sizeof *sorted);
    struct period *periods = arena_calloc(q->a, n, sizeof *periods);
    size_t np = 0;
    static const char *const categories[] = {"Z", "D", "O"};
    for (size_t ci = 0; ci < 3; ci++) {
        const char *cat = categories[ci];
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            const struct punishment_record *p = &q->in->punishments[i];
            if (same(category_of(p->kind), cat) && !date_is_none(p->decision_date) &&
                date_compare(p->decision_date, q->day) <= 0)
                sorted[m++] = p;
        }
        if (m == 0)
            continue;
        qsort(sorted, m, sizeof *sorted, punish_cmp);
        const struct rules_block_combination *comb = rules_combination(q->rules, cat, q->day);
        if (comb == NULL || !comb->combine) {
            for (size_t i = 0; i < m; i++) {
                bool perm;
                const struct rules_row *row;
                int months = punishment_months(q, sorted[i], &perm, &row);
                struct date d = sorted[i]->decision_date;
                periods[np++] = (struct period){
                    d,   perm ? DATE_NONE : date_add_months(d, months), sorted[i], row, months, 1,
                    perm};
            }
            continue;
        }
        bool open = false;
        struct period cur = {0};
        for (size_t i = 0; i < m;) {
            /* A group: the records decided on one day (处分 at once). */
            size_t j = i;
            while (j < m && date_compare(sorted[j]->decision_date, sorted[i]->decision_date) == 0)
                j++;
            struct date d = sorted[i]->decision_date;
            int group_months = 0, lead_months = -1;
            bool perm = false;
            const struct punishment_record *lead = NULL;
            const struct rules_row *lead_row = NULL;
            for (size_t k = i; k < j; k++) {
                bool p_perm;
                const struct rules_row *row;
                int months = punishment_months(q, sorted[k], &p_perm, &row);
                perm = perm || p_perm;
                /* Same kind at once: up to the sum; different kinds: the heaviest. */
                int kind_months = 0;
                for (size_t l = i; l < j; l++)
                    if (same(sorted[l]->kind, sorted[k]->kind)) {
                        bool dummy;
                        const struct rules_row *r2;
                        int m2 = punishment_months(q, sorted[l], &dummy, &r2);
                        kind_months = comb->same_kind_sum ? kind_months + m2
                                                          : (m2 > kind_months ? m2 : kind_months);
                    }
                if (kind_months > group_months)
                    group_months = kind_months;
                if (months > lead_months || (p_perm && !perm)) {
                    lead_months = months;
                    lead = sorted[k];
                    lead_row = row;
                }
            }
            if (comb->cap_months > 0 && group_months > comb->cap_months)
                group_months = comb->cap_months;
            bool active = open && (cur.permanent || date_compare(d, cur.until) < 0);
            if (active) {
                /* New during a period: the remaining period plus the new one,
                 * at most the cap from the new decision. */
                cur.records += (int)(j - i);
                cur.lead = lead;
                cur.row = lead_row;
                cur.months = lead_months;
                if (perm || cur.permanent) {
                    cur.permanent = true;
                    cur.until = DATE_NONE;
                } else {
                    struct date end = date_add_months(cur.until, group_months);
                    if (comb->cap_months > 0)
                        end = earlier(end, date_add_months(d, comb->cap_months));
                    cur.until = end;
                }
            } else {
                if (open)
                    periods[np++] = cur;
                cur = (struct period){
                    d,           perm ? DATE_NONE : date_add_months(d, group_months),
                    lead,        lead_row,
                    lead_months, (int)(j - i),
                    perm};
                open = true;
            }
            i = j;
        }
        if (open)
            periods[np++] = cur;
    }
    for (size_t i = 0; i < np; i++) {
        struct period *p = &periods[i];
        if (!p->permanent && date_compare(q->day, p->until) >= 0)
            continue; /* over: the end day is the first day free (half-open) */
        const char *label = codes_label("punishment", p->lead->kind);
        const struct rules_row *row = p->row;
        const char *id = row ? row->id : arena_sprintf(q->a, "block.%s", p->lead->kind);
        struct qualify_reason *x = reason_new(q, res, row, id, QUALIFY_BAR, true);
        x->from = p->from;
        x->until = p->permanent ? DATE_NONE : p->until;
        x->unit = "months";
        x->required = p->months;
        const char *src = row ? row->source : "";
        if (p->permanent)
            x->text = arena_sprintf(q->a, "受%s处分（%s），不得晋升（%s）", label,
                                    shown(q->a, p->lead->decision_date), src);
        else if (p->records == 1)
            x->text =
                arena_sprintf(q->a, "受%s处分（%s），影响期 %s，至 %s 止，期间不得晋升（%s）",
                              label, shown(q->a, p->from), qualify_months_text(q->a, p->months),
                              shown(q->a, p->until), src);
        else
            x->text = arena_sprintf(
                q->a, "受%s处分（%s）等 %d 项，合并影响期自 %s 至 %s 止，期间不得晋升（%s）", label,
                shown(q->a, p->lead->decision_date), p->records, shown(q->a, p->from),
                shown(q->a, p->until), src);
        if (p->records > 1) {
            const struct rules_block_combination *comb =
                rules_combination(q->rules, category_of(p->lead->kind), q->day);
            if (comb) {
                struct qualify_reason *c =
                    reason_new(q, res, &comb->row, NULL, QUALIFY_NOTE, false);
                c->required = comb->cap_months;
                if (says(q, c))
                    c->text = arena_sprintf(
                        q->a,
                        "%d 项处分合并计算影响期：同时给予的执行最重者（同种可至期间之和），"
                        "期间内再受处分的为剩余期间加新期间，最长 %d 个月（%s）",
                        p->records, comb->cap_months, comb->row.source);
            }
        }
    }
}

/* §2.3(3) and §4: a grade of last year that bars this year. */
static void grade_bar(struct ctx *q, struct qualify_result *res, const char *id, bool for_post)
{
    const struct rules_bar *b = rules_bar(q->rules, id, q->day);
    if (b == NULL || (for_post ? !b->for_posts : !b->for_ranks))
        return;
    int last = q->day.year - 1;
    const char *grade = grade_of(q->in, last);
    if (grade == NULL || !rules_list_has(b->grades, grade))
        return;
    struct qualify_reason *x = reason_new(q, res, &b->row, NULL, QUALIFY_BAR, true);
    x->from = jan1(q->day.year);
    x->until = jan1(q->day.year + 1);
    if (says(q, x))
        x->text = arena_sprintf(q->a,
                                for_post ? "%d 年度考核%s，不得列为考察对象（%s）"
                                         : "%d 年度考核%s，次年不得晋升职级（%s）",
                                last, codes_label("grade", grade), b->row.source);
}

static bool is_spouse(const char *rel)
{
    return same(rel, "10") || same(rel, "11") || same(rel, "12");
}

/* Children of GB/T 4761: 2x sons, 3x daughters, but not 28 女婿 / 38 儿媳. */
static bool is_child(const char *rel)
{
    return rel != NULL && (rel[0] == '2' || rel[0] == '3') && rel[1] != '\0' && rel[1] != '8' &&
           rel[2] == '\0';
}

static bool emigrated(const char *status)
{
    static const char *const marks[] = {"移居",     "定居国外", "定居境外",
                                        "外国国籍", "加入外籍", "取得外国"};
    if (status == NULL)
        return false;
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (strstr(status, marks[i]) != NULL)
            return true;
    return false;
}

static bool deceased(const char *status)
{
    return status != NULL && (strstr(status, "已故") || strstr(status, "去世") ||
                              strstr(status, "死亡") || strstr(status, "离婚"));
}

/* §2.3(5): spouse emigrated, or no spouse and every child emigrated. */
static void emigration_bar(struct ctx *q, struct qualify_result *res)
{
    const struct rules_bar *b = rules_bar(q->rules, "vet.emigrated", q->day);
    if (b == NULL || !b->for_posts)
        return;
    bool spouse = false, spouse_out = false;
    size_t children = 0, children_out = 0;
    for (size_t i = 0; i < q->in->family_count; i++) {
        const struct family_record *f = &q->in->family[i];
        if (is_spouse(f->relation) && !deceased(f->status)) {
            spouse = true;
            spouse_out = spouse_out || emigrated(f->status);
        } else if (is_child(f->relation) && !deceased(f->status)) {
            children++;
            children_out += emigrated(f->status);
        }
    }
    const char *why = NULL;
    if (spouse_out)
        why = "配偶已移居国（境）外";
    else if (!spouse && children > 0 && children_out == children)
        why = "无配偶且子女均已移居国（境）外";
    if (why == NULL)
        return;
    struct qualify_reason *x = reason_new(q, res, &b->row, NULL, QUALIFY_BAR, true);
    x->field = "family.status";
    if (says(q, x))
        x->text = arena_sprintf(q->a, "%s，不得列为考察对象（%s）", why, b->row.source);
}

/* ---- retirement (§9) ------------------------------------------------------ */

/* The current post level of highest order held on `day` (non-concurrent
 * first), or NULL; and likewise the current rank. */
static const char *current_post(const struct ctx *q, bool include_concurrent)
{
    const char *best = NULL;
    for (size_t i = 0; i < q->in->career_count; i++) {
        const struct career_record *r = &q->in->career[i];
        if (!is_kind(r, "post") || (r->concurrent && !include_concurrent) ||
            !career_is_current(r, q->day) || level_order(q, r->post_level) == 0)
            continue;
        if (best == NULL || level_order(q, r->post_level) < level_order(q, best))
            best = r->post_level;
    }
    if (best == NULL && !include_concurrent)
        return current_post(q, true);
    return best;
}

static const struct career_record *current_rank(const struct ctx *q)
{
    const struct career_record *best = NULL;
    for (size_t i = 0; i < q->in->career_count; i++) {
        const struct career_record *r = &q->in->career[i];
        if (!is_kind(r, "rank") || !career_is_current(r, q->day) || rank_order(q, r->rank) == 0)
            continue;
        /* On a promotion day both records are current: the newer one counts. */
        if (best == NULL || rank_order(q, r->rank) < rank_order(q, best->rank))
            best = r;
    }
    return best;
}

static const struct rules_retirement *retirement_row(const struct ctx *q)
{
    const struct person *p = q->in->person;
    const char *group = NULL;
    if (same(p->gender, "1")) {
        group = "male";
    } else if (same(p->gender, "2")) {
        const char *post = q->cur_post;
        const struct career_record *rank = q->cur_rank;
        bool county = (post && level_order(q, post) <= level_order(q, "5B")) ||
                      (rank && rank_order(q, rank->rank) <= rank_order(q, "06"));
        group = county && q->rules->female_county_at_60 ? "female_county" : "female_cadre";
    }
    if (group == NULL)
        return NULL;
    return rules_retirement_row(q->rules, group, p->birth_date);
}

static void retirement_reason(struct ctx *q, struct qualify_result *res)
{
    const struct person *p = q->in->person;
    if (date_is_none(p->birth_date) || !(same(p->gender, "1") || same(p->gender, "2"))) {
        struct qualify_reason *x = reason_new(q, res, NULL, "retire", QUALIFY_MISSING, true);
        x->field = date_is_none(p->birth_date) ? "person.birth_date" : "person.gender";
        if (says(q, x))
            x->text = date_is_none(p->birth_date) ? "缺出生日期，无法计算退休时间"
                                                  : "性别未登记，无法计算退休时间";
        return;
    }
    const struct rules_retirement *row = q->retirement_rule;
    if (row == NULL || date_is_none(q->retirement) || date_compare(q->day, q->retirement) < 0)
        return;
    struct qualify_reason *x = reason_new(q, res, &row->row, NULL, QUALIFY_BAR, true);
    x->from = q->retirement;
    x->unit = "months";
    x->required = row->age_months;
    if (says(q, x))
        x->text = arena_sprintf(
            q->a, "%d 年 %d 月达到退休年龄 %d 岁%s，不再晋升（%s）", q->retirement.year,
            q->retirement.month, row->age_months / 12,
            row->age_months % 12 ? arena_sprintf(q->a, " %d 个月", row->age_months % 12) : "",
            row->row.source);
}

/* ---- other requirements -------------------------------------------------- */

static void age_ceiling(struct ctx *q, struct qualify_result *res)
{
    const struct person *p = q->in->person;
    for (size_t i = 0; i < q->rules->age_ceiling_count; i++) {
        const struct rules_age_ceiling *c = &q->rules->age_ceilings[i];
        if (!rules_row_in_force(&c->row, q->day) || !same(c->target, res->target.code) ||
            date_is_none(p->birth_date))
            continue;
        int age = date_months_between(p->birth_date, q->day);
        if (age < c->max_age_months)
            continue;
        struct qualify_reason *x = reason_new(q, res, &c->row, NULL, QUALIFY_BAR, true);
        x->unit = "months";
        x->required = c->max_age_months;
        x->actual = age;
        if (says(q, x))
            x->text = arena_sprintf(q->a, "年龄 %s，已达 %s的年龄上限 %s（%s）",
                                    qualify_months_text(q->a, age), res->label,
                                    qualify_months_text(q->a, c->max_age_months), c->row.source);
    }
}

static void training_reason(struct ctx *q, struct qualify_result *res, bool upper)
{
    const struct rules_training *t = NULL;
    for (size_t i = 0; i < q->rules->training_count; i++)
        if (q->rules->training[i].upper == upper &&
            rules_row_in_force(&q->rules->training[i].row, q->day))
            t = &q->rules->training[i];
    if (t == NULL)
        return;
    const char *window = t->window_months % 12 == 0
                             ? arena_sprintf(q->a, "%d 年", t->window_months / 12)
                             : qualify_months_text(q->a, t->window_months);
    if (q->in->training_count == 0) {
        struct qualify_reason *x = reason_new(q, res, &t->row, NULL, QUALIFY_MISSING, false);
        x->field = "training";
        x->unit = "hours";
        x->required = t->hours;
        if (says(q, x))
            x->text = arena_sprintf(q->a, "培训学时数据缺失，无法核对近 %s %d 学时的要求（%s）",
                                    window, t->hours, t->row.source);
        return;
    }
    struct date since = date_add_months(q->day, -t->window_months);
    double hours = 0;
    for (size_t i = 0; i < q->in->training_count; i++) {
        const struct qualify_training *tr = &q->in->training[i];
        if (!date_is_none(tr->date) && date_compare(tr->date, since) > 0 &&
            date_compare(tr->date, q->day) <= 0)
            hours += tr->hours;
    }
    int got = (int)(hours + 0.5);
    int shortfall = t->hours - got > 0 ? t->hours - got : 0;
    struct qualify_reason *x =
        reason_new(q, res, &t->row, NULL, shortfall ? QUALIFY_SHORTFALL : QUALIFY_MET, false);
    x->unit = "hours";
    x->required = t->hours;
    x->actual = got;
    x->shortfall = shortfall;
    if (says(q, x))
        x->text =
            shortfall
                ? arena_sprintf(
                      q->a, "近 %s培训 %d 学时，差 %d 学时满 %d 学时；提拔后 1 年内须补足（%s）",
                      window, got, shortfall, t->hours, t->row.source)
                : arena_sprintf(q->a, "近 %s培训 %d 学时，已满 %d 学时（%s）", window, got,
                                t->hours, t->row.source);
}

static void party_age_reason(struct ctx *q, struct qualify_result *res)
{
    if (res->target.party_post == RULES_PARTY_NONE)
        return;
    const struct rules_party_age *r = rules_party_age(q->rules, res->target.party_post, q->day);
    if (r == NULL)
        return;
    const struct person *p = q->in->person;
    bool member = same(p->party, "01") || same(p->party, "02");
    if (member && date_is_none(p->party_join_date)) {
        struct qualify_reason *x = reason_new(q, res, &r->row, NULL, QUALIFY_MISSING, true);
        x->field = "person.party_join_date";
        if (says(q, x))
            x->text = arena_sprintf(q->a, "缺入党时间，无法计算党龄（%s）", r->row.source);
        return;
    }
    int months = 0;
    struct date full = DATE_NONE;
    if (member) {
        full = date_add_months(p->party_join_date, r->probation_months);
        months = date_months_between(full, q->day);
    }
    int shortfall = r->months - months > 0 ? r->months - months : 0;
    struct qualify_reason *x =
        reason_new(q, res, &r->row, NULL, shortfall ? QUALIFY_SHORTFALL : QUALIFY_MET, true);
    x->unit = "months";
    x->required = r->months;
    x->actual = months;
    x->shortfall = shortfall;
    if (!member) {
        if (says(q, x))
            x->text = arena_sprintf(q->a, "非中共党员，不具备满 %s党龄的要求（%s）",
                                    qualify_months_text(q->a, r->months), r->row.source);
    } else if (shortfall) {
        x->until = date_add_months(full, r->months);
        if (says(q, x))
            x->text =
                arena_sprintf(q->a, "党龄 %s，差 %s满 %s（%s）", qualify_months_text(q->a, months),
                              qualify_months_text(q->a, shortfall),
                              qualify_months_text(q->a, r->months), r->row.source);
    } else {
        if (says(q, x))
            x->text =
                arena_sprintf(q->a, "党龄 %s，已满 %s（%s）", qualify_months_text(q->a, months),
                              qualify_months_text(q->a, r->months), r->row.source);
    }
}

/* "乡科级" from "乡科级正职". */
/* "县处级" for "5A" or for a comma list "5A,5B" (the tier of its first level). */
static const char *tier_name(struct arena *a, const char *levels)
{
    size_t first = strcspn(levels, ",");
    const char *label = codes_label("post_level", arena_strndup(a, levels, first));
    if (label == NULL)
        return "";
    size_t n = strlen(label);
    return n > 6 ? arena_strndup(a, label, n - 6) : label;
}

static void post_requirements(struct ctx *q, struct qualify_result *res)
{
    const char *target = res->target.code;

    /* §2.1(1): the first 县处级 post. */
    for (size_t i = 0; i < q->rules->post_first_count; i++) {
        const struct rules_post_first *f = &q->rules->post_first[i];
        if (!rules_row_in_force(&f->row, q->day) || !rules_list_has(f->target_levels, target))
            continue;
        /* "First" = no post at or above the lowest of the target levels yet. */
        int lowest = 0;
        const struct code_table *lt = codes_table("post_level");
        for (size_t k = 0; k < lt->count; k++)
            if (rules_list_has(f->target_levels, lt->codes[k].code) && lt->codes[k].order > lowest)
                lowest = lt->codes[k].order;
        bool held = false;
        for (size_t k = 0; k < q->in->career_count; k++) {
            const struct career_record *r = &q->in->career[k];
            if (is_kind(r, "post") && level_order(q, r->post_level) > 0 &&
                level_order(q, r->post_level) <= lowest && !date_is_none(r->start_date) &&
                date_compare(r->start_date, q->day) <= 0)
                held = true;
        }
        if (held)
            break;
        const struct person *p = q->in->person;
        const char *id_work = arena_sprintf(q->a, "%s.work", f->row.id);
        if (date_is_none(p->work_start_date)) {
            struct qualify_reason *x = reason_new(q, res, &f->row, id_work, QUALIFY_MISSING, true);
            x->field = "person.work_start_date";
            if (says(q, x))
                x->text = arena_sprintf(q->a, "缺参加工作时间，无法计算工龄（%s）", f->row.source);
        } else {
            int work = date_months_between(p->work_start_date, q->day);
            int shortfall = f->work_months - work > 0 ? f->work_months - work : 0;
            struct qualify_reason *x = reason_new(
                q, res, &f->row, id_work, shortfall ? QUALIFY_SHORTFALL : QUALIFY_MET, true);
            x->unit = "months";
            x->required = f->work_months;
            x->actual = work;
            x->shortfall = shortfall;
            if (shortfall) {
                x->until = date_add_months(p->work_start_date, f->work_months);
                if (says(q, x))
                    x->text = arena_sprintf(
                        q->a, "工龄 %s，差 %s满 %s（%s）", qualify_months_text(q->a, work),
                        qualify_months_text(q->a, shortfall),
                        qualify_months_text(q->a, f->work_months), f->row.source);
            } else {
                if (says(q, x))
                    x->text = arena_sprintf(
                        q->a, "工龄 %s，已满 %s（%s）", qualify_months_text(q->a, work),
                        qualify_months_text(q->a, f->work_months), f->row.source);
            }
        }
        const char *id_grass = arena_sprintf(q->a, "%s.grassroots", f->row.id);
        int g = q->in->grassroots_months;
        if (g < 0) {
            struct qualify_reason *x = reason_new(q, res, &f->row, id_grass, QUALIFY_MISSING, true);
            x->field = "grassroots_months";
            x->required = f->grassroots_months;
            if (says(q, x))
                x->text =
                    arena_sprintf(q->a, "未登记基层工作经历，无法判断是否满 %s（%s）",
                                  qualify_months_text(q->a, f->grassroots_months), f->row.source);
        } else {
            int shortfall = f->grassroots_months - g > 0 ? f->grassroots_months - g : 0;
            struct qualify_reason *x = reason_new(
                q, res, &f->row, id_grass, shortfall ? QUALIFY_SHORTFALL : QUALIFY_MET, true);
            x->unit = "months";
            x->required = f->grassroots_months;
            x->actual = g;
            x->shortfall = shortfall;
            if (says(q, x))
                x->text = shortfall ? arena_sprintf(q->a, "基层工作经历 %s，差 %s满 %s（%s）",
                                                    qualify_months_text(q->a, g),
                                                    qualify_months_text(q->a, shortfall),
                                                    qualify_months_text(q->a, f->grassroots_months),
                                                    f->row.source)
                                    : arena_sprintf(q->a, "基层工作经历 %s，已满 %s（%s）",
                                                    qualify_months_text(q->a, g),
                                                    qualify_months_text(q->a, f->grassroots_months),
                                                    f->row.source);
        }
        break;
    }

    /* §2.1(3): years at the level below. */
    const struct rules_post_step *step = rules_post_step(q->rules, target, q->day);
    if (step != NULL) {
        const struct rules_grade_counting *g = rules_grade_counting_on(q->rules, q->day);
        struct tenure_req t = {NULL, step->from_level, step->months,
                               g ? g->excellent_for_posts : false};
        tenure_reason(q, res, &step->row, &t);
    }

    /* §2.1(2): two posts at the 级 below. */
    for (size_t i = 0; i < q->rules->post_breadth_count; i++) {
        const struct rules_post_breadth *b = &q->rules->post_breadth[i];
        if (!rules_row_in_force(&b->row, q->day) || !rules_list_has(b->target_levels, target))
            continue;
        int count = 0;
        for (size_t k = 0; k < q->in->career_count; k++) {
            const struct career_record *r = &q->in->career[k];
            if (!is_kind(r, "post") || !rules_list_has(b->levels, r->post_level) ||
                date_is_none(r->start_date) || date_compare(r->start_date, q->day) > 0)
                continue;
            bool seen = false;
            for (size_t l = 0; l < k; l++) {
                const struct career_record *o = &q->in->career[l];
                if (is_kind(o, "post") && rules_list_has(b->levels, o->post_level) &&
                    o->unit_id == r->unit_id &&
                    same(o->title ? o->title : "", r->title ? r->title : "") &&
                    same(o->post_level, r->post_level) && !date_is_none(o->start_date) &&
                    date_compare(o->start_date, q->day) <= 0)
                    seen = true;
            }
            count += !seen;
        }
        int shortfall = b->min_posts - count > 0 ? b->min_posts - count : 0;
        struct qualify_reason *x =
            reason_new(q, res, &b->row, NULL, shortfall ? QUALIFY_SHORTFALL : QUALIFY_MET, true);
        x->unit = "posts";
        x->required = b->min_posts;
        x->actual = count;
        x->shortfall = shortfall;
        const char *tier = tier_name(q->a, b->levels);
        if (says(q, x))
            x->text =
                shortfall
                    ? arena_sprintf(
                          q->a, "在下一级（%s）任过 %d 个职位，一般应当 %d 个以上，差 %d 个（%s）",
                          tier, count, b->min_posts, shortfall, b->row.source)
                    : arena_sprintf(q->a, "在下一级（%s）任过 %d 个职位，已满 %d 个（%s）", tier,
                                    count, b->min_posts, b->row.source);
        break;
    }

    /* §2.1(4): education. */
    for (size_t i = 0; i < q->rules->education_count; i++) {
        const struct rules_education *e = &q->rules->education[i];
        if (!rules_row_in_force(&e->row, q->day) || !rules_list_has(e->target_levels, target))
            continue;
        const struct code_table *edt = codes_table("education");
        const struct code *need = codes_by_code(edt, e->min_education);
        const struct code *best = NULL;
        for (size_t k = 0; k < q->in->education_count; k++) {
            const struct code *c = codes_by_code(edt, q->in->education[k].education);
            if (c && (best == NULL || c->order < best->order))
                best = c;
        }
        if (need == NULL)
            break;
        if (best == NULL) {
            struct qualify_reason *x = reason_new(q, res, &e->row, NULL, QUALIFY_MISSING, true);
            x->field = "education";
            x->unit = "education";
            x->required = need->order;
            if (says(q, x))
                x->text = arena_sprintf(q->a, "未登记学历，无法判断是否具有%s以上学历（%s）",
                                        need->label, e->row.source);
            break;
        }
        int shortfall = best->order > need->order ? best->order - need->order : 0;
        struct qualify_reason *x =
            reason_new(q, res, &e->row, NULL, shortfall ? QUALIFY_SHORTFALL : QUALIFY_MET, true);
        x->unit = "education";
        x->required = need->order;
        x->actual = best->order;
        x->shortfall = shortfall;
        if (says(q, x))
            x->text = shortfall ? arena_sprintf(q->a, "最高学历%s，一般应当具有%s以上学历（%s）",
                                                best->label, need->label, e->row.source)
                                : arena_sprintf(q->a, "最高学历%s，已具有%s以上学历（%s）",
                                                best->label, need->label, e->row.source);
        break;
    }
}

/* ---- one target ------------------------------------------------------------ */

/* The earliest day after q->day on which a rank step row for `target`
 * starts or the current one ends, or NONE. */
static struct date rank_rule_change(const struct ctx *q, const char *target,
                                    const struct rules_rank_step *cur)
{
    struct date d = DATE_NONE;
    for (size_t i = 0; i < q->rules->rank_step_count; i++) {
        const struct rules_rank_step *s = &q->rules->rank_steps[i];
        if (same(s->target_rank, target) && !date_is_none(s->row.effective_from) &&
            date_compare(s->row.effective_from, q->day) > 0)
            d = earlier(d, s->row.effective_from);
    }
    if (cur && !date_is_none(cur->row.effective_to))
        d = earlier(d, date_add_days(cur->row.effective_to, 1));
    return d;
}

static void decide(struct ctx *q, struct qualify_result *res, struct date rule_change)
{
    bool bar = false, shortfall = false, missing = false;
    bool bar_open = false, short_open = false;
    struct date bar_end = DATE_NONE, short_end = DATE_NONE;
    for (const struct qualify_reason *x = res->reasons; x; x = x->next) {
        if (!x->decisive)
            continue;
        if (x->effect == QUALIFY_BAR) {
            bar = true;
            if (date_is_none(x->until))
                bar_open = true;
            else if (date_is_none(bar_end) || date_compare(x->until, bar_end) > 0)
                bar_end = x->until;
        } else if (x->effect == QUALIFY_SHORTFALL) {
            shortfall = true;
            if (date_is_none(x->until))
                short_open = true;
            else if (date_is_none(short_end) || date_compare(x->until, short_end) > 0)
                short_end = x->until;
        } else if (x->effect == QUALIFY_MISSING) {
            missing = true;
        }
    }
    static const char *const change_texts[] = {"", "任职条件届满", "不得情形消除", "达到退休年龄",
                                               "规则调整"};
    if (bar) {
        res->verdict = QUALIFY_BARRED;
        res->change_date = bar_open ? DATE_NONE : bar_end;
        res->change = bar_open ? QUALIFY_CHANGE_NONE : QUALIFY_CHANGE_BAR_ENDS;
        res->change_text = change_texts[res->change];
        return;
    }
    struct date change = DATE_NONE;
    enum qualify_change cause = QUALIFY_CHANGE_NONE;
    if (shortfall) {
        res->verdict = QUALIFY_NOT_YET;
        change = short_open ? DATE_NONE : short_end;
        cause = short_open ? QUALIFY_CHANGE_NONE : QUALIFY_CHANGE_MET;
    } else {
        res->verdict = missing ? QUALIFY_INCOMPLETE : QUALIFY_ELIGIBLE;
    }
    /* Without new data the verdict also changes at retirement (→ 不得) and
     * when the rule itself changes; the earliest names the cause. */
    if (!date_is_none(q->retirement) && date_compare(q->retirement, q->day) > 0 &&
        (date_is_none(change) || date_compare(q->retirement, change) < 0)) {
        change = q->retirement;
        cause = QUALIFY_CHANGE_RETIREMENT;
    }
    if (!date_is_none(rule_change) &&
        (date_is_none(change) || date_compare(rule_change, change) < 0)) {
        change = rule_change;
        cause = QUALIFY_CHANGE_RULE;
    }
    res->change_date = change;
    res->change = cause;
    res->change_text = change_texts[cause];
}

static struct qualify_result *evaluate_target(struct ctx *q, const struct qualify_target *t,
                                              bool asked)
{
    struct qualify_result *res = arena_calloc(q->a, 1, sizeof *res);
    res->target = *t;
    res->asked = asked;
    bool rank = t->kind == QUALIFY_RANK;
    res->label = codes_label(rank ? "rank" : "post_level", t->code);
    struct date rule_change = DATE_NONE;

    /* A target not above what is held. */
    const struct career_record *cur_rank = q->cur_rank;
    const char *cur_post = q->cur_post;
    if ((rank && cur_rank && rank_order(q, t->code) >= rank_order(q, cur_rank->rank)) ||
        (!rank && cur_post && level_order(q, t->code) >= level_order(q, cur_post))) {
        res->held = true;
        struct qualify_reason *x = reason_new(q, res, NULL, "target.not_higher", QUALIFY_BAR, true);
        if (says(q, x))
            x->text = arena_sprintf(q->a, "现任%s，%s不高于现职",
                                    rank ? codes_label("rank", cur_rank->rank)
                                         : codes_label("post_level", cur_post),
                                    res->label);
    }

    block_reasons(q, res);
    if (rank) {
        grade_bar(q, res, "grade.next_year", false);
        const struct rules_rank_step *step = rules_rank_step(q->rules, t->code, q->day);
        rule_change = rank_rule_change(q, t->code, step);
        if (step == NULL) {
            struct qualify_reason *x =
                reason_new(q, res, NULL, "rules.none", QUALIFY_MISSING, true);
            x->field = "rules";
            if (says(q, x))
                x->text =
                    arena_sprintf(q->a, "%s无晋升%s的有效规则", shown(q->a, q->day), res->label);
        } else {
            struct tenure_req req = {step->from_rank, step->from_post_level, step->months, true};
            tenure_reason(q, res, &step->row, &req);
        }
    } else {
        grade_bar(q, res, "vet.grade", true);
        emigration_bar(q, res);
        post_requirements(q, res);
    }
    party_age_reason(q, res);
    retirement_reason(q, res);
    age_ceiling(q, res);
    bool upper = rank ? rank_order(q, t->code) <= rank_order(q, "06")
                      : level_order(q, t->code) <= level_order(q, "5B");
    training_reason(q, res, upper);
    decide(q, res, rule_change);
    return res;
}

/* ---- the entry point ------------------------------------------------------ */

const struct career_record *qualify_current_rank(const struct qualify_input *in, struct date day)
{
    struct ctx q = {.in = in, .day = day, .ranks = codes_table("rank")};
    return in ? current_rank(&q) : NULL;
}

const char *qualify_current_post(const struct qualify_input *in, struct date day,
                                 bool include_concurrent)
{
    struct ctx q = {.in = in, .day = day, .levels = codes_table("post_level")};
    return in ? current_post(&q, include_concurrent) : NULL;
}

static void add_result(struct qualify_report *rep, struct qualify_result *r)
{
    struct qualify_result **tail = &rep->results;
    while (*tail)
        tail = &(*tail)->next;
    *tail = r;
    rep->result_count++;
}

int qualify_evaluate(struct arena *a, const struct rules *rules, const struct qualify_input *in,
                     struct date as_of, const struct qualify_target *asked, size_t n_asked,
                     struct qualify_report **out)
{
    return qualify_evaluate_with(a, rules, in, as_of, asked, n_asked, 0, out);
}

int qualify_evaluate_with(struct arena *a, const struct rules *rules,
                          const struct qualify_input *in, struct date as_of,
                          const struct qualify_target *asked, size_t n_asked, unsigned options,
                          struct qualify_report **out)
{
    if (a == NULL || rules == NULL || in == NULL || in->person == NULL || out == NULL ||
        !date_valid(as_of) || as_of.day == 0 || (n_asked > 0 && asked == NULL))
        return ERR_INVALID;
    struct ctx q = {a,
                    rules,
                    in,
                    as_of,
                    DATE_NONE,
                    (options & QUALIFY_BRIEF) != 0,
                    codes_table("rank"),
                    codes_table("post_level"),
                    NULL,
                    NULL,
                    NULL};
    for (size_t i = 0; i < n_asked; i++) {
        bool rank = asked[i].kind == QUALIFY_RANK;
        if (asked[i].code == NULL ||
            (rank ? rank_order(&q, asked[i].code) : level_order(&q, asked[i].code)) == 0)
            return ERR_INVALID;
    }
    q.cur_rank = current_rank(&q);
    q.cur_post = current_post(&q, true);
    struct qualify_report *rep = arena_alloc(a, sizeof *rep);
    rep->as_of = as_of;

    const struct rules_retirement *ret = NULL;
    if (!date_is_none(in->person->birth_date))
        ret = q.retirement_rule = retirement_row(&q);
    if (ret != NULL) {
        q.retirement = date_add_months(month_of(in->person->birth_date), ret->age_months);
        rep->retirement_date = q.retirement;
        rep->retirement_age_months = ret->age_months;
    }

    /* The next rank and the next post level, then what was asked. */
    struct qualify_target next[2];
    size_t n_next = 0;
    const struct career_record *rank = q.cur_rank;
    if (rank && rank_order(&q, rank->rank) > 1)
        next[n_next++] = (struct qualify_target){
            QUALIFY_RANK, code_with_order("rank", rank_order(&q, rank->rank) - 1),
            RULES_PARTY_NONE};
    const char *post = q.cur_post;
    const char *next_post = post ? code_with_order("post_level", level_order(&q, post) - 1) : "6B";
    if (!post && rank) {
        /* No post yet: the level the rank is equated with (§1.2), so a
         * 四级调研员 is not offered 乡科级副职, a step down. */
        const struct code *c = codes_by_code(q.ranks, rank->rank);
        if (c && c->category && level_order(&q, c->category) > 0)
            next_post = c->category;
    }
    if (next_post)
        next[n_next++] = (struct qualify_target){QUALIFY_POST, next_post, RULES_PARTY_NONE};
    for (size_t i = 0; i < n_next; i++) {
        bool is_asked = false;
        for (size_t k = 0; k < n_asked; k++)
            is_asked =
                is_asked || (asked[k].kind == next[i].kind && same(asked[k].code, next[i].code) &&
                             asked[k].party_post == next[i].party_post);
        add_result(rep, evaluate_target(&q, &next[i], is_asked));
    }
    for (size_t k = 0; k < n_asked; k++) {
        bool dup = false;
        for (size_t i = 0; i < n_next; i++)
            dup = dup || (asked[k].kind == next[i].kind && same(asked[k].code, next[i].code) &&
                          asked[k].party_post == next[i].party_post);
        for (size_t j = 0; j < k; j++)
            dup = dup || (asked[k].kind == asked[j].kind && same(asked[k].code, asked[j].code) &&
                          asked[k].party_post == asked[j].party_post);
        if (!dup)
            add_result(rep, evaluate_target(&q, &asked[k], true));
    }
    if (!(options & QUALIFY_NO_RECORD_CHECKS))
        record_checks_run(a, rules, in, as_of, rep);
    *out = rep;
    return 0;
}

const struct qualify_result *qualify_find(const struct qualify_report *report,
                                          enum qualify_target_kind kind, const char *code)
{
    if (report == NULL || code == NULL)
        return NULL;
    for (const struct qualify_result *r = report->results; r; r = r->next)
        if (r->target.kind == kind && same(r->target.code, code))
            return r;
    return NULL;
}
