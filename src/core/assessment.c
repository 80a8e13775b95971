/* assessment.c — scheme validation, trimmed means, composites, ranks,
 * overrides and the 优秀 quota of an assessment round, and the 处室绩效
 * unit scores, grades and ranks (see assessment.h and docs/assessment.md). */
#include "core/assessment.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "util/arena.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

const char *const assessment_level_names[ASSESSMENT_LEVELS] = {"优", "良", "中", "差"};
const char *const assessment_unit_grade_names[4] = {"优秀", "良好", "一般", "较差"};

/* Weights are typed with at most two decimals; a sum within this of 100 is 100. */
#define WEIGHT_EPS 0.005

void assessment_default_levels(double out[ASSESSMENT_LEVELS])
{
    out[0] = 95;
    out[1] = 85;
    out[2] = 75;
    out[3] = 60;
}

bool assessment_is_leaf(const struct assessment_scheme *s, size_t i)
{
    for (size_t j = i + 1; j < s->count; j++)
        if (s->dims[j].parent == (int)i)
            return false;
    return true;
}

static const char *node_name(const struct assessment_scheme *s, int i)
{
    return i < 0 ? "方案第一层"
                 : (s->dims[i].name && *s->dims[i].name ? s->dims[i].name : "未命名项");
}

int assessment_scheme_validate(const struct assessment_scheme *s, struct field_errors *fe)
{
    size_t before = fe->count;
    if (!s->name || !*s->name)
        field_errors_add(fe, "name", "方案名称不能为空");
    if (s->count == 0) {
        field_errors_add(fe, "dimensions", "方案至少要有一个考核项");
        return ERR_INVALID;
    }
    if (s->count > ASSESSMENT_MAX_DIMENSIONS)
        field_errors_add(fe, "dimensions", "考核项不能超过 %d 个", ASSESSMENT_MAX_DIMENSIONS);
    for (size_t i = 0; i < s->count; i++) {
        const struct assessment_dimension *d = &s->dims[i];
        char field[48];
        snprintf(field, sizeof field, "dimensions[%zu].name", i);
        if (!d->name || !*d->name)
            field_errors_add(fe, field, "第 %zu 个考核项的名称不能为空", i + 1);
        if (d->parent < -1 || d->parent >= (int)i) {
            snprintf(field, sizeof field, "dimensions[%zu].parent", i);
            field_errors_add(fe, field, "考核项“%s”的上级项不存在或排在它之后",
                             node_name(s, (int)i));
            continue;
        }
        snprintf(field, sizeof field, "dimensions[%zu].weight", i);
        if (!(d->weight > 0 && d->weight <= 100))
            field_errors_add(fe, field, "考核项“%s”的权重应大于 0、不超过 100",
                             node_name(s, (int)i));
        for (size_t j = 0; j < i; j++)
            if (s->dims[j].parent == d->parent && d->name && s->dims[j].name &&
                strcmp(d->name, s->dims[j].name) == 0) {
                snprintf(field, sizeof field, "dimensions[%zu].name", i);
                field_errors_add(fe, field, "“%s”下已有名为“%s”的考核项", node_name(s, d->parent),
                                 d->name);
                break;
            }
    }
    if (fe->count > before)
        return ERR_INVALID;
    /* Each level's siblings sum to 100: check every parent once (-1 = top). */
    for (int p = -1; p < (int)s->count; p++) {
        double sum = 0;
        size_t n = 0, last = 0;
        for (size_t j = 0; j < s->count; j++)
            if (s->dims[j].parent == p) {
                sum += s->dims[j].weight;
                n++;
                last = j;
            }
        if (n && fabs(sum - 100) > WEIGHT_EPS) {
            char field[48];
            snprintf(field, sizeof field, "dimensions[%zu].weight", last);
            field_errors_add(fe, field, "“%s”下各项权重之和为 %.2f，应为 100", node_name(s, p),
                             sum);
        }
    }
    for (int k = 0; k < ASSESSMENT_LEVELS; k++) {
        double v = s->level_values[k];
        if (!(v >= 0 && v <= 100) || (k > 0 && !(v < s->level_values[k - 1]))) {
            field_errors_add(fe, "level_values",
                             "优、良、中、差的折算分应在 0 到 100 之间且依次降低");
            break;
        }
    }
    return fe->count > before ? ERR_INVALID : 0;
}

size_t assessment_leaf_weights(const struct assessment_scheme *s, double *out)
{
    size_t leaves = 0;
    double *share = xcalloc(s->count ? s->count : 1, sizeof *share);
    for (size_t i = 0; i < s->count; i++) {
        int p = s->dims[i].parent;
        share[i] = s->dims[i].weight * (p < 0 ? 1.0 : share[p] / 100.0);
    }
    for (size_t i = 0; i < s->count; i++) {
        bool leaf = assessment_is_leaf(s, i);
        out[i] = leaf ? share[i] : 0;
        leaves += leaf;
    }
    free(share);
    return leaves;
}

int assessment_scale_value(const struct assessment_scheme *s, size_t leaf, const char *text,
                           double *out, const char **why)
{
    static const char *const long_names[ASSESSMENT_LEVELS] = {"优秀", "良好", "一般", "较差"};
    *out = NAN;
    *why = NULL;
    while (text && (*text == ' ' || *text == '\t'))
        text++;
    if (!text || !*text)
        return 0;
    size_t len = strlen(text);
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    if (s->dims[leaf].scale == ASSESSMENT_SCALE_LEVEL) {
        for (int k = 0; k < ASSESSMENT_LEVELS; k++)
            if ((strlen(assessment_level_names[k]) == len &&
                 memcmp(text, assessment_level_names[k], len) == 0) ||
                (strlen(long_names[k]) == len && memcmp(text, long_names[k], len) == 0)) {
                *out = s->level_values[k];
                return 0;
            }
        *why = "应填优、良、中、差之一";
        return ERR_INVALID;
    }
    char buf[32];
    if (len >= sizeof buf) {
        *why = "应为 0 到 100 之间的分数";
        return ERR_INVALID;
    }
    memcpy(buf, text, len);
    buf[len] = 0;
    char *end;
    double v = strtod(buf, &end);
    if (end == buf || *end || !(v >= 0 && v <= 100)) {
        *why = "应为 0 到 100 之间的分数";
        return ERR_INVALID;
    }
    *out = v;
    return 0;
}

void assessment_default_quota(struct assessment_quota *q)
{
    *q = (struct assessment_quota){.pct = 20, .max_pct = 25, .unit_grade_delta = {5, 0, -5, -10}};
}

int assessment_quota_validate(const struct assessment_quota *q, struct field_errors *fe)
{
    size_t before = fe->count;
    if (q->max_pct < 0 || q->max_pct > 25)
        field_errors_add(fe, "quota.max_pct", "优秀比例上限不能超过 25%%");
    else if (q->pct < 0 || q->pct > (q->approved ? q->max_pct : 20))
        field_errors_add(fe, "quota.pct",
                         q->approved ? "优秀比例不能超过上限 %d%%"
                                     : "优秀比例一般为 20%%，超过 20%%（最多 %d%%）须经批准",
                         q->max_pct);
    return fe->count > before ? ERR_INVALID : 0;
}

int assessment_quota_count(int graded, int pct)
{
    if (graded <= 0 || pct <= 0)
        return 0;
    return (int)(((long long)graded * pct) / 100);
}

int assessment_quota_pct_for_unit(const struct assessment_quota *q, int unit_grade)
{
    int pct = q->pct;
    if (unit_grade >= 1 && unit_grade <= 4)
        pct += q->unit_grade_delta[unit_grade - 1];
    if (pct < 0)
        pct = 0;
    if (pct > q->max_pct)
        pct = q->max_pct;
    return pct;
}

void assessment_default_config(struct assessment_config *c)
{
    *c = (struct assessment_config){.trim_min_n = 5, .trim_drop = 1, .thresholds = {90, 75, 60}};
    assessment_default_quota(&c->quota);
}

int assessment_config_validate(const struct assessment_config *c, struct field_errors *fe)
{
    size_t before = fe->count;
    if (c->group_count == 0)
        field_errors_add(fe, "groups", "至少要有一个测评主体");
    else if (c->group_count > ASSESSMENT_MAX_GROUPS)
        field_errors_add(fe, "groups", "测评主体不能超过 %d 个", ASSESSMENT_MAX_GROUPS);
    else {
        double sum = 0;
        for (size_t i = 0; i < c->group_count; i++) {
            char field[40];
            snprintf(field, sizeof field, "groups[%zu].weight", i);
            const char *name = c->groups[i].name && *c->groups[i].name ? c->groups[i].name : NULL;
            if (!name) {
                snprintf(field, sizeof field, "groups[%zu].name", i);
                field_errors_add(fe, field, "第 %zu 个测评主体的名称不能为空", i + 1);
            } else if (!(c->groups[i].weight > 0 && c->groups[i].weight <= 100))
                field_errors_add(fe, field, "测评主体“%s”的权重应大于 0、不超过 100", name);
            for (size_t j = 0; name && j < i; j++)
                if (c->groups[j].name && strcmp(c->groups[j].name, name) == 0) {
                    snprintf(field, sizeof field, "groups[%zu].name", i);
                    field_errors_add(fe, field, "测评主体“%s”重复", name);
                }
            sum += c->groups[i].weight;
        }
        if (fe->count == before && fabs(sum - 100) > WEIGHT_EPS)
            field_errors_add(fe, "groups", "各测评主体权重之和为 %.2f，应为 100", sum);
    }
    if (c->trim_drop < 0 || c->trim_drop > 3)
        field_errors_add(fe, "trim_drop", "去掉最高、最低分的个数应在 0 到 3 之间");
    if (c->trim_min_n < 2 * c->trim_drop + 1)
        field_errors_add(fe, "trim_min_n", "去掉最高、最低分后至少要留下一个分数");
    if (!(c->thresholds[0] <= 100 && c->thresholds[0] > c->thresholds[1] &&
          c->thresholds[1] > c->thresholds[2] && c->thresholds[2] >= 0))
        field_errors_add(fe, "thresholds",
                         "优秀、称职、基本称职的分数线应在 0 到 100 之间且依次降低");
    assessment_quota_validate(&c->quota, fe);
    return fe->count > before ? ERR_INVALID : 0;
}

unsigned assessment_punishment_facts(const char *kind, struct date decision, int months, int year)
{
    if (!kind || date_is_none(decision))
        return 0;
    if (months <= 0) {
        const struct code *c = codes_by_code(codes_table("punishment"), kind);
        months = c ? c->months : 0;
    }
    bool in_year = decision.year == year;
    if (strcmp(kind, "Z01") == 0 || strcmp(kind, "D01") == 0)
        return in_year ? ASSESSMENT_FACT_WARNING : 0;
    if (strcmp(kind, "D02") == 0)
        return in_year ? ASSESSMENT_FACT_PARTY_SEVERE : 0;
    if (strcmp(kind, "D03") == 0 || strcmp(kind, "D04") == 0 || strcmp(kind, "D05") == 0)
        return in_year ? ASSESSMENT_FACT_PARTY_GRAVE : 0;
    if (strcmp(kind, "Z02") >= 0 && strcmp(kind, "Z05") <= 0 && strlen(kind) == 3) {
        struct date year_end = {year, 12, 31};
        if (decision.day == 0)
            decision.day = 1;
        struct date end = date_add_months(decision, months);
        if (date_compare(decision, year_end) <= 0 && date_compare(year_end, end) < 0)
            return ASSESSMENT_FACT_PUNISHED;
    }
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double assessment_trimmed_mean(const struct assessment_config *c, double *values, size_t n)
{
    if (n == 0)
        return NAN;
    size_t drop = 0;
    if (c->trim_drop > 0 && n >= (size_t)c->trim_min_n && n > 2 * (size_t)c->trim_drop) {
        drop = (size_t)c->trim_drop;
        qsort(values, n, sizeof *values, cmp_double);
    }
    double sum = 0;
    for (size_t i = drop; i < n - drop; i++)
        sum += values[i];
    return sum / (double)(n - 2 * drop);
}

/* Scores compared as the sheet shows them: to two decimals. */
static long long hundredths(double v)
{
    return llround(v * 100.0);
}

struct order_ctx {
    const struct assessment_person *people;
    const struct assessment_result *out;
};

static int cmp_rank(const struct order_ctx *ctx, size_t a, size_t b)
{
    long long x = hundredths(ctx->out[a].composite), y = hundredths(ctx->out[b].composite);
    if (x != y)
        return x > y ? -1 : 1;
    long long ia = ctx->people[a].id, ib = ctx->people[b].id;
    return (ia > ib) - (ia < ib);
}

/* qsort has no context argument in C; merge sort by hand keeps it stable. */
static void sort_indices(size_t *idx, size_t *tmp, size_t n, const struct order_ctx *ctx)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    sort_indices(idx, tmp, h, ctx);
    sort_indices(idx + h, tmp, n - h, ctx);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = cmp_rank(ctx, idx[i], idx[j]) <= 0 ? idx[i++] : idx[j++];
    while (i < h)
        tmp[k++] = idx[i++];
    while (j < n)
        tmp[k++] = idx[j++];
    memcpy(idx, tmp, n * sizeof *idx);
}

static bool same_text(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static long long pool_of(const struct assessment_config *c, const struct assessment_person *p)
{
    return c->quota.per_unit ? p->unit_id : p->organ_id;
}

static void add_reason(struct strbuf *sb, const char *text)
{
    if (sb->len)
        strbuf_putc(sb, '\n');
    strbuf_puts(sb, text);
}

int assessment_compute(const struct assessment_config *c, const struct assessment_person *people,
                       size_t people_count, const struct assessment_rating *ratings,
                       size_t rating_count, struct assessment_result *out, struct arena *a)
{
    const struct assessment_scheme *s = c->scheme;
    size_t dims = s->count, groups = c->group_count;
    double *w = arena_calloc(a, dims ? dims : 1, sizeof *w);
    assessment_leaf_weights(s, w);
    double rating_share = 0;
    for (size_t l = 0; l < dims; l++)
        if (w[l] > 0 && s->dims[l].source == ASSESSMENT_SOURCE_RATING)
            rating_share += w[l];

    /* Rater scores, bucketed per person and group with a counting sort. */
    size_t cells = people_count * groups;
    size_t *start = arena_calloc(a, cells + 1, sizeof *start);
    double *score = arena_calloc(a, rating_count ? rating_count : 1, sizeof *score);
    bool *valid = arena_calloc(a, rating_count ? rating_count : 1, sizeof *valid);
    for (size_t r = 0; r < rating_count; r++) {
        const struct assessment_rating *rt = &ratings[r];
        if (rt->person >= people_count || rt->group < 0 || (size_t)rt->group >= groups)
            continue;
        double sum = 0, weight = 0;
        for (size_t l = 0; l < dims; l++)
            if (w[l] > 0 && s->dims[l].source == ASSESSMENT_SOURCE_RATING &&
                !isnan(rt->values[l])) {
                sum += w[l] * rt->values[l];
                weight += w[l];
            }
        if (weight <= 0)
            continue;
        score[r] = sum / weight;
        valid[r] = true;
        start[rt->person * groups + (size_t)rt->group + 1]++;
    }
    for (size_t i = 0; i < cells; i++)
        start[i + 1] += start[i];
    double *bucket = arena_calloc(a, start[cells] ? start[cells] : 1, sizeof *bucket);
    size_t *fill = arena_calloc(a, cells ? cells : 1, sizeof *fill);
    for (size_t r = 0; r < rating_count; r++)
        if (valid[r]) {
            size_t cell = ratings[r].person * groups + (size_t)ratings[r].group;
            bucket[start[cell] + fill[cell]++] = score[r];
        }

    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < people_count; i++) {
        struct assessment_result *o = &out[i];
        const struct assessment_person *p = &people[i];
        *o = (struct assessment_result){.pool = pool_of(c, p)};
        strbuf_reset(&sb);
        double gsum = 0, gweight = 0;
        for (size_t g = 0; g < groups; g++) {
            size_t cell = i * groups + g, n = start[cell + 1] - start[cell];
            o->group_raters[g] = (int)n;
            o->group_score[g] = assessment_trimmed_mean(c, bucket + start[cell], n);
            if (n) {
                gsum += c->groups[g].weight * o->group_score[g];
                gweight += c->groups[g].weight;
            }
        }
        double total = 0, share = 0;
        if (gweight > 0 && rating_share > 0) {
            total += rating_share * (gsum / gweight);
            share += rating_share;
            if (gweight < 100 - WEIGHT_EPS)
                for (size_t g = 0; g < groups; g++)
                    if (!o->group_raters[g]) {
                        char *t = arena_sprintf(a, "测评主体“%s”无评分，其余主体权重按比例折算",
                                                c->groups[g].name);
                        add_reason(&sb, t);
                    }
        } else if (rating_share > 0)
            add_reason(&sb, "无测评评分，按考试成绩折算");
        for (size_t l = 0; l < dims; l++) {
            if (w[l] <= 0 || s->dims[l].source != ASSESSMENT_SOURCE_EXAM)
                continue;
            double v = p->exam ? p->exam[l] : NAN;
            if (isnan(v)) {
                add_reason(&sb,
                           arena_sprintf(a, "“%s”无成绩，其余各项按比例折算", s->dims[l].name));
                continue;
            }
            total += w[l] * v;
            share += w[l];
        }
        if (share > 0) {
            o->scored = true;
            o->composite = total / share;
        }

        const char *grade = NULL;
        if (o->scored)
            grade = o->composite >= c->thresholds[0]   ? ASSESSMENT_GRADE_EXCELLENT
                    : o->composite >= c->thresholds[1] ? ASSESSMENT_GRADE_COMPETENT
                    : o->composite >= c->thresholds[2] ? ASSESSMENT_GRADE_BASIC
                                                       : ASSESSMENT_GRADE_INCOMPETENT;
        /* Overrides (RULES.md §4), the heaviest first: 不称职 by refusal or
         * grave party discipline wins over 不定等次, which wins over a cap. */
        if (p->facts & ASSESSMENT_FACT_REFUSED) {
            grade = ASSESSMENT_GRADE_INCOMPETENT;
            add_reason(&sb, "无正当理由不参加年度考核，确定为不称职");
        } else if (p->facts & ASSESSMENT_FACT_PARTY_GRAVE) {
            grade = ASSESSMENT_GRADE_INCOMPETENT;
            add_reason(&sb, "当年受撤销党内职务及以上党纪处分，确定为不称职");
        } else if (p->facts & (ASSESSMENT_FACT_PUNISHED | ASSESSMENT_FACT_PROBATION |
                               ASSESSMENT_FACT_PARTY_SEVERE)) {
            grade = ASSESSMENT_GRADE_UNGRADED;
            if (p->facts & ASSESSMENT_FACT_PUNISHED)
                add_reason(&sb, "处于记过及以上处分影响期内，只写评语，不定等次");
            if (p->facts & ASSESSMENT_FACT_PARTY_SEVERE)
                add_reason(&sb, "当年受党内严重警告处分，不定等次");
            if (p->facts & ASSESSMENT_FACT_PROBATION)
                add_reason(&sb, "新录用人员试用期内，只写评语，不定等次");
        } else if ((p->facts & ASSESSMENT_FACT_WARNING) && grade &&
                   strcmp(grade, ASSESSMENT_GRADE_EXCELLENT) == 0) {
            grade = ASSESSMENT_GRADE_COMPETENT;
            add_reason(&sb, "当年受警告处分，不得确定为优秀");
        }
        o->grade = grade;
        o->reasons = arena_strdup(a, strbuf_str(&sb));
    }
    strbuf_release(&sb);

    /* Ranks: one sorted order of the scored, then counters per unit and
     * per category walked along it. */
    size_t *idx = arena_calloc(a, people_count ? people_count : 1, sizeof *idx);
    size_t *tmp = arena_calloc(a, people_count ? people_count : 1, sizeof *tmp);
    size_t n = 0;
    for (size_t i = 0; i < people_count; i++)
        if (out[i].scored)
            idx[n++] = i;
    struct order_ctx ctx = {people, out};
    sort_indices(idx, tmp, n, &ctx);
    /* Counters by key, found by a sort of the keys: the scored people in
     * rank order get the count of earlier same-key people plus one. */
    /* A small open-addressed table per key kind keeps it O(n). */
    size_t cap = 16;
    while (cap < 2 * n + 2)
        cap *= 2;
    long long *ukey = arena_calloc(a, cap, sizeof *ukey);
    int *ucount = arena_calloc(a, cap, sizeof *ucount);
    bool *uused = arena_calloc(a, cap, sizeof *uused);
    const char **ckey = arena_calloc(a, cap, sizeof *ckey);
    int *ccount = arena_calloc(a, cap, sizeof *ccount);
    bool *cused = arena_calloc(a, cap, sizeof *cused);
    for (size_t k = 0; k < n; k++) {
        size_t i = idx[k];
        unsigned long long h = (unsigned long long)people[i].unit_id * 0x9E3779B97F4A7C15ull;
        size_t slot = (size_t)(h >> 20) & (cap - 1);
        while (uused[slot] && ukey[slot] != people[i].unit_id)
            slot = (slot + 1) & (cap - 1);
        uused[slot] = true;
        ukey[slot] = people[i].unit_id;
        out[i].rank_unit = ++ucount[slot];
        h = 1469598103934665603ull;
        for (const char *q = people[i].category ? people[i].category : ""; *q; q++)
            h = (h ^ (unsigned char)*q) * 1099511628211ull;
        slot = (size_t)h & (cap - 1);
        while (cused[slot] && !same_text(ckey[slot], people[i].category))
            slot = (slot + 1) & (cap - 1);
        cused[slot] = true;
        ckey[slot] = people[i].category;
        out[i].rank_category = ++ccount[slot];
    }

    /* Quota per pool: the graded count, then 优秀 beyond the quota in rank
     * order are flagged. */
    const char **grades = arena_calloc(a, people_count ? people_count : 1, sizeof *grades);
    for (size_t i = 0; i < people_count; i++)
        grades[i] = out[i].grade;
    struct assessment_pool *pools;
    size_t pool_count;
    assessment_quota_pools(c, people, grades, people_count, &pools, &pool_count, a);
    int *seen = arena_calloc(a, pool_count ? pool_count : 1, sizeof *seen);
    for (size_t k = 0; k < n; k++) {
        size_t i = idx[k];
        if (!out[i].grade || strcmp(out[i].grade, ASSESSMENT_GRADE_EXCELLENT) != 0)
            continue;
        for (size_t q = 0; q < pool_count; q++)
            if (pools[q].pool == out[i].pool) {
                if (++seen[q] > pools[q].allowed)
                    out[i].over_quota = true;
                break;
            }
    }
    return 0;
}

int assessment_quota_pools(const struct assessment_config *c,
                           const struct assessment_person *people, const char *const *grades,
                           size_t people_count, struct assessment_pool **pools, size_t *pool_count,
                           struct arena *a)
{
    struct assessment_pool *list = arena_calloc(a, people_count ? people_count : 1, sizeof *list);
    size_t count = 0;
    size_t cap = 16;
    while (cap < 2 * people_count + 2)
        cap *= 2;
    long long *key = arena_calloc(a, cap, sizeof *key);
    size_t *at = arena_calloc(a, cap, sizeof *at); /* pool index + 1; 0 = empty */
    for (size_t i = 0; i < people_count; i++) {
        long long pool = pool_of(c, &people[i]);
        unsigned long long h = (unsigned long long)pool * 0x9E3779B97F4A7C15ull;
        size_t slot = (size_t)(h >> 20) & (cap - 1);
        while (at[slot] && key[slot] != pool)
            slot = (slot + 1) & (cap - 1);
        if (!at[slot]) {
            key[slot] = pool;
            at[slot] = ++count;
            list[count - 1] = (struct assessment_pool){
                .pool = pool,
                .pct = c->quota.per_unit
                           ? assessment_quota_pct_for_unit(&c->quota, people[i].unit_grade)
                           : c->quota.pct,
            };
        }
        struct assessment_pool *pl = &list[at[slot] - 1];
        const char *g = grades[i];
        if (g && strcmp(g, ASSESSMENT_GRADE_UNGRADED) != 0)
            pl->graded++;
        if (g && strcmp(g, ASSESSMENT_GRADE_EXCELLENT) == 0)
            pl->excellent++;
    }
    int over = 0;
    for (size_t q = 0; q < count; q++) {
        list[q].allowed = assessment_quota_count(list[q].graded, list[q].pct);
        over += list[q].excellent > list[q].allowed;
    }
    *pools = list;
    *pool_count = count;
    return over;
}

double assessment_unit_score(const struct assessment_task *tasks, size_t n)
{
    double sum = 0, weight = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(tasks[i].score) && tasks[i].weight > 0) {
            sum += tasks[i].weight * tasks[i].score;
            weight += tasks[i].weight;
        }
    return weight > 0 ? sum / weight : NAN;
}

int assessment_unit_grade(double score, const double bounds[3])
{
    if (isnan(score))
        return 0;
    return score >= bounds[0] ? 1 : score >= bounds[1] ? 2 : score >= bounds[2] ? 3 : 4;
}

int assessment_unit_bounds_validate(const double bounds[3], struct field_errors *fe)
{
    static const char *const field[3] = {"excellent", "good", "fair"};
    static const char *const label[3] = {"优秀", "良好", "一般"};
    size_t before = fe->count;
    for (int i = 0; i < 3; i++)
        if (!(bounds[i] >= 0 && bounds[i] <= 100))
            field_errors_add(fe, field[i], "%s分数线应在 0 到 100 之间", label[i]);
    for (int i = 1; i < 3 && fe->count == before; i++)
        if (!(bounds[i] < bounds[i - 1]))
            field_errors_add(fe, field[i], "%s分数线应低于%s分数线", label[i], label[i - 1]);
    return fe->count > before ? ERR_INVALID : 0;
}

/* Score in hundredths, as the page shows it; unscored last. */
static long long unit_key(double score)
{
    return isnan(score) ? LLONG_MIN : llround(score * 100);
}

static int cmp_unit(const void *x, const void *y)
{
    const struct assessment_unit_result *a = *(const struct assessment_unit_result *const *)x;
    const struct assessment_unit_result *b = *(const struct assessment_unit_result *const *)y;
    long long ka = unit_key(a->score), kb = unit_key(b->score);
    if (ka != kb)
        return ka > kb ? -1 : 1;
    return (a->unit_id > b->unit_id) - (a->unit_id < b->unit_id);
}

void assessment_unit_rank(struct assessment_unit_result *units, size_t n, struct arena *a)
{
    struct assessment_unit_result **order = arena_calloc(a, n ? n : 1, sizeof *order);
    for (size_t i = 0; i < n; i++) {
        order[i] = &units[i];
        units[i].rank = units[i].rank_category = 0;
    }
    qsort(order, n, sizeof *order, cmp_unit);
    int rank = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(order[i]->score))
            continue;
        order[i]->rank = ++rank;
        /* The units of the same category ranked before this one, plus one
         * (n is the number of a year's units: tens). */
        int in_category = 1;
        for (size_t j = 0; j < i; j++)
            in_category += order[j]->category_id == order[i]->category_id;
        order[i]->rank_category = in_category;
    }
}

int assessment_consecutive_excellent(const char *const *grades, size_t n)
{
    int run = 0;
    for (size_t i = n; i-- > 0;) {
        if (!grades[i] || strcmp(grades[i], ASSESSMENT_GRADE_EXCELLENT) != 0)
            break;
        run++;
    }
    return run;
}

int assessment_competent_years(const char *const *grades, size_t n)
{
    int years = 0;
    for (size_t i = 0; i < n; i++)
        if (grades[i] && (strcmp(grades[i], ASSESSMENT_GRADE_EXCELLENT) == 0 ||
                          strcmp(grades[i], ASSESSMENT_GRADE_COMPETENT) == 0))
            years++;
    return years;
}

const char *assessment_category_of(const char *post_level, const char *rank)
{
    const struct code *pl =
        post_level ? codes_by_code(codes_table("post_level"), post_level) : NULL;
    if (pl && pl->order <= 8) /* 5B 县处级副职 and above */
        return "处级领导";
    const struct code *rk = rank ? codes_by_code(codes_table("rank"), rank) : NULL;
    if (rk && rk->order <= 6) /* 06 四级调研员 and above */
        return "处级非领导/职级";
    return "科级及以下";
}
