/* record_checks.c — the record checks of a cadre's file: 三龄两历, the
 * 简历's gaps and overlaps, the lowest rank of a post, 回避 and the tenure
 * alerts, each a finding cited to its rule row. */
#include "core/record_checks.h"

#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "core/idnum.h"
#include "util/arena.h"

/* What every check reads. */
struct rc {
    struct arena *a;
    const struct rules *rules;
    const struct qualify_input *in;
    struct date day;
};

static bool same(const char *a, const char *b)
{
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static bool empty(const char *s)
{
    return s == NULL || *s == '\0';
}

static bool is_kind(const struct career_record *r, const char *kind)
{
    return same(r->kind, kind);
}

static struct date month_of(struct date d)
{
    return (struct date){d.year, d.month, 0};
}

/* A date as messages write it (1988.07, 1988.07.15: date_format_display). */
static const char *shown(struct arena *a, struct date d)
{
    char buf[16];
    return arena_strdup(a, date_format_display(d, buf));
}

static int rank_order(const char *code)
{
    const struct code *c = codes_by_code(codes_table("rank"), code);
    return c ? c->order : 0;
}

static void add_finding(struct qualify_report *rep, struct qualify_finding *f)
{
    struct qualify_finding **tail = &rep->findings;
    while (*tail)
        tail = &(*tail)->next;
    *tail = f;
    rep->finding_count++;
}

/* A finding cited to `row` (any rule row); `text` gets the source appended. */
static void finding_row(struct rc *q, struct qualify_report *rep, const struct rules_row *row,
                        const char *id, const char *fields, long long record_id, const char *text)
{
    struct qualify_finding *f = arena_alloc(q->a, sizeof *f);
    f->rule_id = id;
    f->source = row ? row->source : "";
    f->confidence = row ? row->confidence : RULES_TXT;
    f->needs_confirmation = row ? rules_row_needs_confirmation(row) : false;
    f->fields = fields;
    f->record_id = record_id;
    f->text = row ? arena_sprintf(q->a, "%s（%s）", text, row->source) : text;
    add_finding(rep, f);
}

/* A finding of the record check `id` (its row in rules->checks). */
static void finding(struct rc *q, struct qualify_report *rep, const char *id, const char *fields,
                    long long record_id, const char *text)
{
    const struct rules_check *c = rules_check(q->rules, id, q->day);
    finding_row(q, rep, c ? &c->row : NULL, id, fields, record_id, text);
}

/* <0, 0, >0 at the precision both dates share (docs/tenure.md). */
static int compare_shared(struct date a, struct date b)
{
    return date_compare_at(a, b, DATE_PRECISION_SHARED);
}

/* Half-open spans [a0, a1) and [b0, b1) overlap; NONE end = open. */
static bool overlaps(const struct career_record *a, const struct career_record *b)
{
    bool a_before_b_end =
        date_is_none(b->end_date) || compare_shared(a->start_date, b->end_date) < 0;
    bool b_before_a_end =
        date_is_none(a->end_date) || compare_shared(b->start_date, a->end_date) < 0;
    return a_before_b_end && b_before_a_end;
}

static int record_cmp(const void *x, const void *y)
{
    const struct career_record *a = *(const struct career_record *const *)x;
    const struct career_record *b = *(const struct career_record *const *)y;
    return date_compare(a->start_date, b->start_date);
}

static bool sensitive_function(const char *f)
{
    static const char *const fns[] = {"组织", "人事", "纪检", "监察", "审计", "财务"};
    if (empty(f))
        return false;
    for (size_t i = 0; i < 6; i++)
        if (strstr(f, fns[i]) != NULL)
            return true;
    return false;
}

/* A span of service: `to` NONE = still held. */
struct span {
    struct date from, to;
};

static int span_cmp(const void *x, const void *y)
{
    return date_compare(((const struct span *)x)->from, ((const struct span *)y)->from);
}

/* Months served at post level `level` on q->day: the non-concurrent posts
 * that started by then, overlapping or touching ones merged so that no
 * month counts twice (as the engine counts tenure). */
static int months_at_level(struct rc *q, const char *level)
{
    struct span *v = arena_calloc(q->a, q->in->career_count + 1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < q->in->career_count; i++) {
        const struct career_record *r = &q->in->career[i];
        if (is_kind(r, "post") && !r->concurrent && same(r->post_level, level) &&
            !date_is_none(r->start_date) && date_compare(r->start_date, q->day) <= 0)
            v[n++] = (struct span){r->start_date, r->end_date};
    }
    qsort(v, n, sizeof *v, span_cmp);
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        struct span *last = out ? &v[out - 1] : NULL;
        if (last && (date_is_none(last->to) || date_compare(v[i].from, last->to) <= 0)) {
            if (!date_is_none(last->to) &&
                (date_is_none(v[i].to) || date_compare(v[i].to, last->to) > 0))
                last->to = v[i].to;
            continue;
        }
        v[out++] = v[i];
    }
    int months = 0;
    for (size_t i = 0; i < out; i++) {
        struct date end =
            date_is_none(v[i].to) || date_compare(v[i].to, q->day) > 0 ? q->day : v[i].to;
        months += date_months_between(v[i].from, end);
    }
    return months;
}

void record_checks_run(struct arena *arena, const struct rules *rules,
                       const struct qualify_input *in, struct date day, struct qualify_report *rep)
{
    struct rc ctx = {arena, rules, in, day};
    struct rc *q = &ctx;
    const struct person *p = q->in->person;
    struct arena *a = q->a;

    /* Data too incomplete to judge: name each missing field. */
    if (date_is_none(p->birth_date))
        finding(q, rep, "check.missing", "person.birth_date", 0, "缺出生日期");
    if (!(same(p->gender, "1") || same(p->gender, "2")))
        finding(q, rep, "check.missing", "person.gender", 0, "缺性别");
    if (date_is_none(p->work_start_date))
        finding(q, rep, "check.missing", "person.work_start_date", 0, "缺参加工作时间");
    if (empty(p->id_number))
        finding(q, rep, "check.missing", "person.id_number", 0, "缺身份证号");
    if ((same(p->party, "01") || same(p->party, "02")) && date_is_none(p->party_join_date))
        finding(q, rep, "check.missing", "person.party_join_date", 0, "中共党员缺入党时间");

    /* 三龄: birth date and sex against the ID number. */
    if (!empty(p->id_number)) {
        struct idnum_info info;
        enum idnum_problem prob = idnum_check(p->id_number, q->day, &info);
        if (prob != IDNUM_OK) {
            finding(q, rep, "check.id_number", "person.id_number", 0, idnum_problem_message(prob));
        } else {
            struct date b = p->birth_date;
            if (!date_is_none(b) && (b.year != info.birth.year || b.month != info.birth.month ||
                                     (b.day != 0 && b.day != info.birth.day)))
                finding(q, rep, "check.birth_id", "person.birth_date,person.id_number", 0,
                        arena_sprintf(a, "出生日期 %s 与身份证号中的 %s 不一致", shown(a, b),
                                      shown(a, info.birth)));
            if ((same(p->gender, "1") && info.sex != 1) || (same(p->gender, "2") && info.sex != 2))
                finding(q, rep, "check.gender_id", "person.gender,person.id_number", 0,
                        arena_sprintf(a, "性别%s与身份证号（第 17 位表示%s）不一致",
                                      codes_label("gender", p->gender),
                                      info.sex == 1 ? "男" : "女"));
        }
    }
    const struct rules_check *c;
    if (!date_is_none(p->birth_date) && !date_is_none(p->party_join_date) &&
        (c = rules_check(q->rules, "check.party_age", q->day)) != NULL &&
        date_months_between(p->birth_date, p->party_join_date) < c->value)
        finding(q, rep, "check.party_age", "person.party_join_date,person.birth_date", 0,
                arena_sprintf(a, "入党时间 %s 早于年满 %d 周岁", shown(a, p->party_join_date),
                              c->value / 12));
    if (!date_is_none(p->birth_date) && !date_is_none(p->work_start_date) &&
        (c = rules_check(q->rules, "check.work_age", q->day)) != NULL &&
        date_months_between(p->birth_date, p->work_start_date) < c->value)
        finding(q, rep, "check.work_age", "person.work_start_date,person.birth_date", 0,
                arena_sprintf(a, "参加工作时间 %s 早于年满 %d 周岁", shown(a, p->work_start_date),
                              c->value / 12));

    /* 两历: a full-time degree finished after work began. */
    for (size_t i = 0; i < q->in->education_count; i++) {
        const struct education_record *e = &q->in->education[i];
        if (same(e->kind, "fulltime") && !date_is_none(e->end_date) &&
            !date_is_none(p->work_start_date) &&
            date_compare_at(e->end_date, p->work_start_date, DATE_PRECISION_MONTH) > 0)
            finding(q, rep, "check.fulltime_after_work",
                    "education.end_date,person.work_start_date", e->id,
                    arena_sprintf(a, "全日制学历 %s 毕业晚于参加工作时间 %s，且未注明在职学习",
                                  shown(a, e->end_date), shown(a, p->work_start_date)));
    }

    /* Gaps between career records, and overlaps of ranks and of principal posts. */
    size_t n = q->in->career_count;
    const struct career_record **recs = arena_calloc(a, n + 1, sizeof *recs);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!date_is_none(q->in->career[i].start_date))
            recs[m++] = &q->in->career[i];
    qsort(recs, m, sizeof *recs, record_cmp);
    const struct rules_check *gap = rules_check(q->rules, "check.career_gap", q->day);
    struct date covered = DATE_NONE;
    bool open = false;
    for (size_t i = 0; i < m; i++) {
        const struct career_record *r = recs[i];
        if (i > 0 && !open && gap != NULL && compare_shared(r->start_date, covered) > 0) {
            int months = date_months_between(month_of(covered), month_of(r->start_date));
            if (months >= gap->value)
                finding(q, rep, "check.career_gap", "career.start_date,career.end_date", r->id,
                        arena_sprintf(a, "任职经历在 %s 至 %s 之间中断 %s", shown(a, covered),
                                      shown(a, r->start_date), qualify_months_text(a, months)));
        }
        if (date_is_none(r->end_date))
            open = true;
        else if (i == 0 || date_compare(r->end_date, covered) > 0)
            covered = r->end_date;
    }
    for (size_t i = 0; i < m; i++)
        for (size_t j = i + 1; j < m; j++) {
            const struct career_record *x = recs[i], *y = recs[j];
            if (!overlaps(x, y))
                continue;
            if (is_kind(x, "rank") && is_kind(y, "rank"))
                finding(q, rep, "check.rank_overlap", "career.start_date,career.end_date", y->id,
                        arena_sprintf(a, "职级%s与%s任职时间重叠", codes_label("rank", x->rank),
                                      codes_label("rank", y->rank)));
            else if (is_kind(x, "post") && is_kind(y, "post") && !x->concurrent && !y->concurrent)
                finding(q, rep, "check.post_overlap",
                        "career.start_date,career.end_date,career.concurrent", y->id,
                        arena_sprintf(a, "职务“%s”与“%s”任职时间重叠，且均未标注兼任",
                                      x->title ? x->title : "", y->title ? y->title : ""));
        }

    /* §1.2: a rank below the lowest rank of the post held. */
    const char *post = qualify_current_post(q->in, q->day, false);
    const struct career_record *rank = qualify_current_rank(q->in, q->day);
    if (post && rank) {
        const struct rules_lowest_rank *low = rules_lowest_rank(q->rules, post, q->day);
        if (low && rank_order(rank->rank) > rank_order(low->rank))
            finding_row(q, rep, &low->row, low->row.id, "career.rank,career.post_level", rank->id,
                        arena_sprintf(a, "现任%s，职级%s低于该职务对应的最低职级%s",
                                      codes_label("post_level", post),
                                      codes_label("rank", rank->rank),
                                      codes_label("rank", low->rank)));
    }

    /* 回避 (公务员法 Art.74): relatives among the other cadres. */
    const char *own_post = qualify_current_post(q->in, q->day, true);
    for (size_t i = 0; i < q->in->colleague_count; i++) {
        const struct qualify_colleague *col = &q->in->colleagues[i];
        if (col->person_id != 0 && col->person_id == p->id)
            continue;
        const struct family_record *rel = NULL;
        for (size_t k = 0; k < q->in->family_count && rel == NULL; k++) {
            const struct family_record *f = &q->in->family[k];
            bool by_id = !empty(f->id_number) && same(f->id_number, col->id_number);
            bool by_name = !empty(f->name) && same(f->name, col->name) &&
                           !date_is_none(f->birth_date) && !date_is_none(col->birth_date) &&
                           f->birth_date.year == col->birth_date.year &&
                           f->birth_date.month == col->birth_date.month;
            if (by_id || by_name)
                rel = f;
        }
        if (rel == NULL)
            continue;
        const char *who = arena_sprintf(a, "%s%s",
                                        codes_label("relation", rel->relation)
                                            ? codes_label("relation", rel->relation)
                                            : "亲属",
                                        col->name ? col->name : "");
        if (p->unit_id != 0 && col->unit_id == p->unit_id)
            finding(q, rep, "check.avoidance.same_unit", "family,colleague", rel->id,
                    arena_sprintf(
                        a,
                        "与%s在同一单位任职，须核实是否存在直接隶属、同一领导人员或直接上下级关系",
                        who));
        else if (q->in->organ_id != 0 && col->organ_id == q->in->organ_id &&
                 ((!empty(col->post_level) && sensitive_function(q->in->unit_function)) ||
                  (own_post != NULL && sensitive_function(col->unit_function))))
            finding(q, rep, "check.avoidance.function", "family,colleague", rel->id,
                    arena_sprintf(a,
                                  "%s在同一机关担任领导成员，另一方在该机关从事组织、人事、纪检、监"
                                  "察、审计或财务工作",
                                  who));
    }

    /* §9 tenure alerts. */
    const struct rules_tenure_limit *sp = rules_tenure_limit(q->rules, "same_post", q->day);
    for (size_t i = 0; sp && i < n; i++) {
        const struct career_record *r = &q->in->career[i];
        if (!is_kind(r, "post") || r->concurrent || !career_is_current(r, q->day))
            continue;
        int months = date_months_between(r->start_date, q->day);
        if (months < sp->months)
            continue;
        finding_row(q, rep, &sp->row, sp->row.id, "career.start_date", r->id,
                    arena_sprintf(a, "任“%s”已 %s，满 %s应当交流", r->title ? r->title : "",
                                  qualify_months_text(a, months),
                                  qualify_months_text(a, sp->months)));
    }
    const struct rules_tenure_limit *sl = rules_tenure_limit(q->rules, "same_level", q->day);
    if (sl && post) {
        int months = months_at_level(q, post);
        if (months >= sl->months)
            finding_row(q, rep, &sl->row, sl->row.id, "career.post_level", 0,
                        arena_sprintf(a, "在%s层次累计任职 %s，满 %s不再推荐提名该层次职务",
                                      codes_label("post_level", post),
                                      qualify_months_text(a, months),
                                      qualify_months_text(a, sl->months)));
    }
}
