/* api_assessment.c — 考核 over HTTP (issue 11, docs/assessment.md):
 * schemes, rounds, their people and 测评主体, rater assignments (by hand and
 * by rule), the rater's form and anonymous submission, the score sheet out
 * and in, compute, calibration, publication, 处室绩效 tasks and the result
 * lists. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/assessment.h"
#include "core/codes.h"
#include "core/roles.h"
#include "formats/assessment_sheet.h"
#include "http/handlers.h"
#include "store/assessment.h"
#include "store/people.h"
#include "store/units.h"
#include "util/arena.h"
#include "util/strbuf.h"
#include "util/utf8.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* ---- JSON of the module's structs --------------------------------------- */

static json_t *scheme_info_json(const struct assessment_scheme_info *i)
{
    json_t *cats = json_array();
    const char *p = i->categories ? i->categories : "";
    while (*p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n)
            json_array_append_new(cats, json_stringn(p, n));
        p += n + (bar ? 1 : 0);
    }
    return json_pack("{s:I, s:s, s:I, s:o, s:b}", "id", (json_int_t)i->id, "name", i->name,
                     "version", (json_int_t)i->version, "categories", cats, "frozen", i->frozen);
}

static json_t *dimensions_json(const struct assessment_scheme *s)
{
    double *share = calloc(s->count ? s->count : 1, sizeof *share);
    if (!share)
        abort();
    assessment_leaf_weights(s, share);
    json_t *items = json_array();
    for (size_t i = 0; i < s->count; i++) {
        const struct assessment_dimension *d = &s->dims[i];
        json_t *o = json_pack("{s:I, s:s, s:I, s:f, s:b}", "index", (json_int_t)i, "name", d->name,
                              "parent", (json_int_t)d->parent, "weight", d->weight, "leaf",
                              assessment_is_leaf(s, i));
        if (assessment_is_leaf(s, i)) {
            json_object_set_new(
                o, "scale", json_string(d->scale == ASSESSMENT_SCALE_LEVEL ? "level" : "score"));
            json_object_set_new(
                o, "source", json_string(d->source == ASSESSMENT_SOURCE_EXAM ? "exam" : "rating"));
            json_object_set_new(o, "share", json_real(share[i]));
        }
        json_array_append_new(items, o);
    }
    free(share);
    return items;
}

static json_t *levels_json(const struct assessment_scheme *s)
{
    json_t *o = json_object();
    for (int k = 0; k < ASSESSMENT_LEVELS; k++)
        json_object_set_new(o, assessment_level_names[k], json_real(s->level_values[k]));
    return o;
}

static json_t *round_json(const struct assessment_round *r)
{
    const struct assessment_config *c = &r->config;
    return json_pack(
        "{s:I, s:s, s:s, s:i, s:o, s:I, s:b, s:s?, s:I, s:s, s:I, s:{s:i, s:i, s:b, s:b}, s:i,"
        " s:i, s:[f, f, f], s:s?}",
        "id", (json_int_t)r->id, "name", r->name, "kind", r->kind, "year", r->year, "quarter",
        r->quarter ? json_integer(r->quarter) : json_null(), "unit_id", (json_int_t)r->unit_id,
        "include_sub", r->include_sub, "category", r->category, "scheme_id",
        (json_int_t)r->scheme_id, "state", r->state, "people", (json_int_t)r->people, "quota",
        "pct", c->quota.pct, "max_pct", c->quota.max_pct, "approved", c->quota.approved, "per_unit",
        c->quota.per_unit, "trim_min_n", c->trim_min_n, "trim_drop", c->trim_drop, "thresholds",
        c->thresholds[0], c->thresholds[1], c->thresholds[2], "computed_at", r->computed_at);
}

static json_t *groups_json(const struct assessment_group *g, size_t n)
{
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:I, s:s, s:f, s:b}", "index", (json_int_t)i,
                                               "name", g[i].name, "weight", g[i].weight,
                                               "anonymous", g[i].anonymous));
    return items;
}

static json_t *grade_json(const char *code)
{
    if (!code)
        return json_null();
    return json_pack("{s:s, s:s?}", "code", code, "label", codes_label("grade", code));
}

/* ---- loading ------------------------------------------------------------ */

static int load_round(struct request *req, struct assessment_round_data *d)
{
    long long id;
    int rc = req_id_or_404(req, 0, "考核轮次不存在", &id);
    if (rc < 0)
        return rc;
    return req_404(req, assessment_store_round_load(req->db, id, req->arena, d), "考核轮次不存在");
}

static int need_state(struct request *req, const struct assessment_round *r, const char *state,
                      const char *doing)
{
    if (strcmp(r->state, state) == 0)
        return 0;
    req->error_detail =
        arena_sprintf(req->arena, "轮次处于“%s”状态，%s须在“%s”状态下进行", r->state, doing, state);
    return ERR_CONFLICT;
}

static int round_target(struct request *req, struct route_target *out)
{
    long long id;
    if (req_param_id(req, 0, &id) < 0)
        return ERR_NOT_FOUND;
    *out = (struct route_target){"assessment_rounds", "assessment_round", id};
    return 0;
}

/* ---- schemes ------------------------------------------------------------ */

static int api_schemes_list(struct request *req)
{
    struct assessment_scheme_info *list;
    size_t n;
    int rc = assessment_store_schemes(req->db, req->arena, &list, &n);
    if (rc < 0)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, scheme_info_json(&list[i]));
    struct req_page pg = {1, (long long)n, 0};
    return resp_list(req, items, (long long)n, &pg);
}

static int api_schemes_get(struct request *req)
{
    long long id;
    int rc = req_id_or_404(req, 0, "考核方案不存在", &id);
    if (rc < 0)
        return rc;
    struct assessment_scheme s;
    struct assessment_scheme_info info;
    if ((rc = req_404(req, assessment_store_scheme_get(req->db, id, req->arena, &s, &info),
                      "考核方案不存在")) < 0)
        return rc;
    json_t *o = scheme_info_json(&info);
    json_object_set_new(o, "dimensions", dimensions_json(&s));
    json_object_set_new(o, "level_values", levels_json(&s));
    return resp_json(req, 200, o);
}

/* A scheme from {name, categories, level_values, dimensions}. */
static void parse_scheme(struct request *req, json_t *body, struct assessment_scheme *s,
                         const char **categories)
{
    *s = (struct assessment_scheme){0};
    assessment_default_levels(s->level_values);
    json_t *name = json_object_get(body, "name");
    s->name = json_is_string(name) ? arena_strdup(req->arena, json_string_value(name)) : NULL;
    json_t *cats = json_object_get(body, "categories");
    struct strbuf sb = STRBUF_INIT;
    size_t i;
    json_t *v;
    if (json_is_array(cats))
        json_array_foreach(cats, i, v) if (json_is_string(v))
        {
            if (sb.len)
                strbuf_putc(&sb, '|');
            strbuf_puts(&sb, json_string_value(v));
        }
    *categories = arena_strdup(req->arena, strbuf_str(&sb));
    strbuf_release(&sb);
    json_t *levels = json_object_get(body, "level_values");
    for (int k = 0; json_is_object(levels) && k < ASSESSMENT_LEVELS; k++) {
        json_t *lv = json_object_get(levels, assessment_level_names[k]);
        if (json_is_number(lv))
            s->level_values[k] = json_number_value(lv);
    }
    json_t *dims = json_object_get(body, "dimensions");
    if (!json_is_array(dims)) {
        field_errors_add(&req->errors, "dimensions", "请提供考核项（dimensions）列表");
        return;
    }
    size_t n = json_array_size(dims);
    if (n > ASSESSMENT_MAX_DIMENSIONS)
        n = ASSESSMENT_MAX_DIMENSIONS + 1; /* validation refuses it */
    struct assessment_dimension *d = arena_calloc(req->arena, n ? n : 1, sizeof *d);
    for (i = 0; i < n && i < json_array_size(dims); i++) {
        json_t *o = json_array_get(dims, i);
        json_t *dn = json_object_get(o, "name"), *dp = json_object_get(o, "parent"),
               *dw = json_object_get(o, "weight"), *dsc = json_object_get(o, "scale"),
               *dso = json_object_get(o, "source");
        d[i].name = json_is_string(dn) ? arena_strdup(req->arena, json_string_value(dn)) : NULL;
        d[i].parent = json_is_integer(dp) ? (int)json_integer_value(dp) : -1;
        d[i].weight = json_is_number(dw) ? json_number_value(dw) : NAN;
        d[i].scale = json_is_string(dsc) && strcmp(json_string_value(dsc), "level") == 0
                         ? ASSESSMENT_SCALE_LEVEL
                         : ASSESSMENT_SCALE_SCORE;
        d[i].source = json_is_string(dso) && strcmp(json_string_value(dso), "exam") == 0
                          ? ASSESSMENT_SOURCE_EXAM
                          : ASSESSMENT_SOURCE_RATING;
    }
    s->dims = d;
    s->count = n;
}

static int api_schemes_save(struct request *req)
{
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    struct assessment_scheme s;
    const char *categories;
    parse_scheme(req, body, &s, &categories);
    if (req->errors.count || assessment_scheme_validate(&s, &req->errors) < 0)
        return ERR_INVALID;
    long long id;
    if ((rc = assessment_store_scheme_save(req->db, &s, categories, &id)) < 0)
        return rc;
    struct assessment_scheme_info info;
    if ((rc = assessment_store_scheme_get(req->db, id, req->arena, NULL, &info)) < 0)
        return rc;
    json_t *o = scheme_info_json(&info);
    req_audit_set(req, id, NULL, json_incref(o));
    return resp_json(req, 201, o);
}

/* ---- rounds ------------------------------------------------------------- */

static int api_rounds_list(struct request *req)
{
    struct assessment_round *list;
    size_t n;
    int rc = assessment_store_rounds(req->db, req->arena, &list, &n);
    if (rc < 0)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, round_json(&list[i]));
    struct req_page pg = {1, (long long)n, 0};
    return resp_list(req, items, (long long)n, &pg);
}

static long long int_field(struct request *req, json_t *body, const char *name, long long min,
                           long long max, long long dflt, const char *label)
{
    json_t *v = json_object_get(body, name);
    if (!v || json_is_null(v))
        return dflt;
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
        field_errors_add(&req->errors, name, "%s应为 %lld 到 %lld 之间的整数", label, min, max);
        return dflt;
    }
    return json_integer_value(v);
}

static int api_rounds_create(struct request *req)
{
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    struct assessment_round r = {0};
    assessment_default_config(&r.config);
    json_t *kind = json_object_get(body, "kind");
    r.kind = json_is_string(kind) ? json_string_value(kind) : NULL;
    if (!assessment_store_kind_valid(r.kind))
        field_errors_add(&req->errors, "kind", "考核类型应为年度、平时、专项、任期之一");
    r.year = (int)int_field(req, body, "year", 1990, 2100, 0, "考核年度");
    if (!r.year && !field_errors_has(&req->errors, "year"))
        field_errors_add(&req->errors, "year", "考核年度不能为空");
    r.quarter = (int)int_field(req, body, "quarter", 1, 4, 0, "季度");
    r.unit_id = int_field(req, body, "unit_id", 1, (long long)1 << 53, 0, "考核范围单位");
    if (!r.unit_id && !field_errors_has(&req->errors, "unit_id"))
        field_errors_add(&req->errors, "unit_id", "请选择考核范围单位");
    json_t *sub = json_object_get(body, "include_sub");
    r.include_sub = !sub || json_is_true(sub);
    json_t *cat = json_object_get(body, "category");
    r.category = json_is_string(cat) && *json_string_value(cat) ? json_string_value(cat) : NULL;
    r.scheme_id = int_field(req, body, "scheme_id", 1, (long long)1 << 53, 0, "考核方案");
    json_t *scheme = json_object_get(body, "scheme");
    if (!r.scheme_id && json_is_string(scheme) &&
        assessment_store_scheme_find(req->db, json_string_value(scheme), &r.scheme_id) < 0)
        field_errors_add(&req->errors, "scheme", "考核方案“%s”不存在", json_string_value(scheme));
    if (!r.scheme_id && !field_errors_has(&req->errors, "scheme") &&
        assessment_store_scheme_find(req->db, r.category ? r.category : "科级及以下",
                                     &r.scheme_id) < 0)
        field_errors_add(&req->errors, "scheme_id", "请选择考核方案");
    json_t *quota = json_object_get(body, "quota");
    if (json_is_object(quota)) {
        r.config.quota.pct = (int)int_field(req, quota, "pct", 0, 100, 20, "优秀比例");
        json_t *approved = json_object_get(quota, "approved");
        r.config.quota.approved = json_is_true(approved);
        json_t *per_unit = json_object_get(quota, "per_unit");
        r.config.quota.per_unit = json_is_true(per_unit);
    }
    r.config.trim_min_n =
        (int)int_field(req, body, "trim_min_n", 1, 100, 5, "去掉最高最低分的最少人数");
    r.config.trim_drop = (int)int_field(req, body, "trim_drop", 0, 3, 1, "去掉最高最低分的个数");
    json_t *th = json_object_get(body, "thresholds");
    for (int k = 0; json_is_array(th) && k < 3; k++)
        if (json_is_number(json_array_get(th, (size_t)k)))
            r.config.thresholds[k] = json_number_value(json_array_get(th, (size_t)k));
    /* Validated with the default groups the store gives a new round. */
    static const struct assessment_group defaults[] = {{"领导", 40, false}};
    struct assessment_scheme none = {0};
    r.config.scheme = &none;
    r.config.groups = defaults;
    r.config.group_count = 1;
    struct assessment_config check = r.config;
    check.groups = (const struct assessment_group[]){{"领导", 100, false}};
    assessment_config_validate(&check, &req->errors);
    if (req->errors.count)
        return ERR_INVALID;
    json_t *name = json_object_get(body, "name");
    r.name = json_is_string(name) && *json_string_value(name)
                 ? json_string_value(name)
                 : arena_sprintf(req->arena, "%d年%s考核", r.year, r.kind);
    rc = assessment_store_round_create(req->db, &r);
    if (rc == ERR_INVALID) {
        field_errors_add(&req->errors, "unit_id", "考核范围单位或考核方案不存在");
        return rc;
    }
    if (rc < 0)
        return rc;
    struct assessment_round stored;
    if ((rc = assessment_store_round_get(req->db, r.id, req->arena, &stored)) < 0)
        return rc;
    json_t *o = round_json(&stored);
    req_audit_set(req, r.id, NULL, json_incref(o));
    return resp_json(req, 201, o);
}

static int api_rounds_get(struct request *req)
{
    struct assessment_round_data d;
    int rc = load_round(req, &d);
    if (rc < 0)
        return rc;
    json_t *o = round_json(&d.round);
    json_object_set_new(o, "groups", groups_json(d.groups, d.group_count));
    json_object_set_new(o, "dimensions", dimensions_json(&d.scheme));
    json_object_set_new(o, "scheme_name", json_string(d.scheme.name));
    long long submitted;
    if ((rc = assessment_store_submission_count(req->db, d.round.id, &submitted)) < 0)
        return rc;
    json_object_set_new(o, "submitted", json_integer(submitted));
    json_object_set_new(o, "ratings", json_integer((json_int_t)d.rating_count));
    return resp_json(req, 200, o);
}

/* 草稿 → 评分中 (open: the people freeze), 评分中 → 校准, 校准 → 评分中
 * (reopened), 已公布 → 已归档. Publication has its own route. */
static int api_rounds_state(struct request *req)
{
    struct assessment_round_data d;
    int rc = load_round(req, &d);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    json_t *to = json_object_get(body, "state");
    const char *target = json_is_string(to) ? json_string_value(to) : "";
    static const char *const moves[][2] = {
        {ASSESSMENT_STATE_DRAFT, ASSESSMENT_STATE_RATING},
        {ASSESSMENT_STATE_RATING, ASSESSMENT_STATE_CALIBRATION},
        {ASSESSMENT_STATE_CALIBRATION, ASSESSMENT_STATE_RATING},
        {ASSESSMENT_STATE_PUBLISHED, ASSESSMENT_STATE_ARCHIVED},
    };
    for (size_t i = 0; i < sizeof moves / sizeof *moves; i++)
        if (strcmp(moves[i][0], d.round.state) == 0 && strcmp(moves[i][1], target) == 0) {
            if ((rc = assessment_store_round_move(req->db, d.round.id, d.round.state, target)) < 0)
                return rc;
            json_t *before = json_pack("{s:s}", "state", d.round.state);
            d.round.state = target;
            json_t *o = round_json(&d.round);
            req_audit_set(req, d.round.id, before, json_pack("{s:s}", "state", target));
            return resp_json(req, 200, o);
        }
    field_errors_add(&req->errors, "state",
                     *target ? "轮次不能从“%s”改为“%s”（发布请使用“公布”）"
                             : "请给出目标状态（当前“%s”）%s",
                     d.round.state, target);
    return ERR_INVALID;
}

/* The group results a reader may see: an anonymous group's only with at
 * least ASSESSMENT_MIN_RATERS_SHOWN raters. */
static json_t *group_results_json(const struct assessment_round_data *d,
                                  const struct assessment_result *o)
{
    json_t *items = json_array();
    for (size_t g = 0; g < d->group_count; g++) {
        bool shown = !d->groups[g].anonymous || o->group_raters[g] >= ASSESSMENT_MIN_RATERS_SHOWN;
        json_array_append_new(
            items,
            json_pack("{s:s, s:i, s:o}", "name", d->groups[g].name, "raters", o->group_raters[g],
                      "score",
                      shown && o->group_raters[g] ? json_real(o->group_score[g]) : json_null()));
    }
    return items;
}

static json_t *pools_json(const struct assessment_pool *pools, size_t n)
{
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:I, s:i, s:i, s:i, s:i, s:b}", "pool",
                                               (json_int_t)pools[i].pool, "graded", pools[i].graded,
                                               "pct", pools[i].pct, "allowed", pools[i].allowed,
                                               "excellent", pools[i].excellent, "over",
                                               pools[i].excellent > pools[i].allowed));
    return items;
}

/* The calibration board: every person with results (stored) and group
 * scores (computed now, shown by the anonymity rule), the pools. */
static int api_rounds_people(struct request *req)
{
    struct assessment_round_data d;
    int rc = load_round(req, &d);
    if (rc < 0)
        return rc;
    struct assessment_result *now =
        arena_calloc(req->arena, d.people_count ? d.people_count : 1, sizeof *now);
    assessment_compute(&d.round.config, d.people, d.people_count, d.ratings, d.rating_count, now,
                       req->arena);
    json_t *items = json_array();
    for (size_t i = 0; i < d.people_count; i++) {
        const struct assessment_round_person *s = &d.stored[i];
        const char *final = s->final_grade ? s->final_grade : s->proposed_grade;
        json_array_append_new(
            items,
            json_pack(
                "{s:I, s:s, s:I, s:s?, s:s, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:s?, s:b,"
                " s:s?, s:o}",
                "person_id", (json_int_t)s->person_id, "name", s->name, "unit_id",
                (json_int_t)s->unit_id, "unit_name", s->unit_name, "category", s->category, "facts",
                (int)d.people[i].facts, "composite",
                s->computed && !isnan(s->composite) ? json_real(s->composite) : json_null(),
                "rank_unit", s->rank_unit ? json_integer(s->rank_unit) : json_null(),
                "rank_category", s->rank_category ? json_integer(s->rank_category) : json_null(),
                "proposed_grade", grade_json(s->proposed_grade), "final_grade", grade_json(final),
                "groups", group_results_json(&d, &now[i]), "reasons", s->reasons, "over_quota",
                s->over_quota, "calibration_reason", s->calibration_reason, "exam", json_null()));
    }
    struct assessment_pool *pools;
    size_t npools;
    int over = assessment_store_final_pools(&d, req->arena, &pools, &npools);
    return resp_json(req, 200,
                     json_pack("{s:o, s:I, s:o, s:i}", "items", items, "total",
                               (json_int_t)d.people_count, "pools", pools_json(pools, npools),
                               "pools_over", over));
}

/* Exam scores by leaf name or index: {"政治理论考试": 88}. */
static double *parse_exam(struct request *req, const struct assessment_scheme *s, json_t *exam)
{
    double *v = arena_calloc(req->arena, s->count ? s->count : 1, sizeof *v);
    for (size_t i = 0; i < s->count; i++)
        v[i] = NAN;
    const char *key;
    json_t *val;
    json_object_foreach(exam, key, val)
    {
        size_t leaf = s->count;
        for (size_t i = 0; i < s->count; i++)
            if (strcmp(s->dims[i].name, key) == 0 && s->dims[i].source == ASSESSMENT_SOURCE_EXAM &&
                assessment_is_leaf(s, i))
                leaf = i;
        char field[80];
        snprintf(field, sizeof field, "exam.%s", key);
        if (leaf == s->count) {
            field_errors_add(&req->errors, field, "“%s”不是本方案的考试项", key);
            continue;
        }
        if (json_is_null(val))
            continue;
        if (!json_is_number(val) || json_number_value(val) < 0 || json_number_value(val) > 100) {
            field_errors_add(&req->errors, field, "“%s”成绩应为 0 到 100 之间的分数", key);
            continue;
        }
        v[leaf] = json_number_value(val);
    }
    return v;
}

/* Facts set by hand, exam scores and category of one person of the round:
 * {person_id, probation, refused, category, exam}. */
static int api_rounds_person_set(struct request *req)
{
    struct assessment_round_data d;
    int rc = load_round(req, &d);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    if (strcmp(d.round.state, ASSESSMENT_STATE_PUBLISHED) == 0 ||
        strcmp(d.round.state, ASSESSMENT_STATE_ARCHIVED) == 0) {
        req->error_detail = "轮次已公布，不能再修改";
        return ERR_CONFLICT;
    }
    json_t *pid = json_object_get(body, "person_id");
    long long person_id = json_is_integer(pid) ? json_integer_value(pid) : 0;
    long long i = assessment_store_person_index(&d, person_id);
    if (i < 0) {
        field_errors_add(&req->errors, "person_id", "该干部不在本轮次的考核范围内");
        return ERR_INVALID;
    }
    unsigned facts = d.stored[i].facts;
    json_t *probation = json_object_get(body, "probation"),
           *refused = json_object_get(body, "refused");
    if (json_is_boolean(probation))
        facts = json_is_true(probation) ? facts | ASSESSMENT_FACT_PROBATION
                                        : facts & ~(unsigned)ASSESSMENT_FACT_PROBATION;
    if (json_is_boolean(refused))
        facts = json_is_true(refused) ? facts | ASSESSMENT_FACT_REFUSED
                                      : facts & ~(unsigned)ASSESSMENT_FACT_REFUSED;
    json_t *exam = json_object_get(body, "exam");
    double *values = NULL;
    if (json_is_object(exam)) {
        values = parse_exam(req, &d.scheme, exam);
        for (size_t k = 0; k < d.scheme.count; k++)
            if (isnan(values[k]) && !json_object_get(exam, d.scheme.dims[k].name))
                values[k] = d.stored[i].exam[k]; /* keep what was not named */
    }
    json_t *cat = json_object_get(body, "category");
    const char *category =
        json_is_string(cat) && *json_string_value(cat) ? json_string_value(cat) : NULL;
    if (req->errors.count)
        return ERR_INVALID;
    if ((rc = assessment_store_person_set(req->db, d.round.id, person_id, &facts, values,
                                          d.scheme.count, category)) < 0)
        return rc;
    req_audit_set(req, d.round.id, NULL,
                  json_pack("{s:I, s:b, s:b, s:s?}", "person_id", (json_int_t)person_id,
                            "probation", (facts & ASSESSMENT_FACT_PROBATION) != 0, "refused",
                            (facts & ASSESSMENT_FACT_REFUSED) != 0, "category", category));
    return resp_json(
        req, 200, json_pack("{s:I, s:i}", "person_id", (json_int_t)person_id, "facts", (int)facts));
}

static int group_index(const struct assessment_round_data *d, const char *name)
{
    for (size_t g = 0; name && g < d->group_count; g++)
        if (strcmp(d->groups[g].name, name) == 0)
            return (int)g;
    return -1;
}

/* {account_id, group, unit_id}: the account rates the round's people of
 * that unit (with sub-units; none = all) as that group. */
static int api_rounds_raters(struct request *req)
{
    struct assessment_round_data d;
    int rc = load_round(req, &d);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    long long account = int_field(req, body, "account_id", 1, (long long)1 << 53, 0, "测评人账号");
    json_t *g = json_object_get(body, "group");
    int group = group_index(&d, json_is_string(g) ? json_string_value(g) : NULL);
    if (group < 0)
        field_errors_add(&req->errors, "group", "测评主体应为本轮次的测评主体之一");
    long long unit = int_field(req, body, "unit_id", 1, (long long)1 << 53, 0, "测评范围单位");
    if (!account && !field_errors_has(&req->errors, "account_id"))
        field_errors_add(&req->errors, "account_id", "请选择测评人账号");
    if (req->errors.count)
        return ERR_INVALID;
    rc = assessment_store_rater_add(req->db, d.round.id, account, group, unit);
    if (rc == ERR_CONFLICT) {
        field_errors_add(&req->errors, "account_id", "该账号已是本轮次的测评人");
        return ERR_INVALID;
    }
    if (rc < 0)
        return rc;
    json_t *o = json_pack("{s:I, s:s, s:o}", "account_id", (json_int_t)account, "group",
                          d.groups[group].name, "unit_id", json_id_or_null(unit));
    req_audit_set(req, d.round.id, NULL, json_incref(o));
    return resp_json(req, 201, o);
}

/* Raters are assigned and removed while the round is a draft or rating. */
static int need_assignable(struct request *req, const struct assessment_round *r)
{
    if (strcmp(r->state, ASSESSMENT_STATE_DRAFT) == 0 ||
        strcmp(r->state, ASSESSMENT_STATE_RATING) == 0)
        return 0;
    req->error_detail = arena_sprintf(
        req->arena, "轮次处于“%s”状态，测评人只能在“草稿”或“评分中”状态下调整", r->state);
    return ERR_CONFLICT;
}

/* Who rates whom: each assignment with its account, group and unit. */
static int api_rounds_raters_list(struct request *req)
{
    struct assessment_round_data d;
    int rc = load_round(req, &d);
    if (rc < 0)
        return rc;
    struct assessment_rater_info *list;
    size_t n;
    if ((rc = assessment_store_raters(req->db, d.round.id, req->arena, &list, &n)) < 0)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct assessment_rater_info *r = &list[i];
        const char *group =
            r->group >= 0 && (size_t)r->group < d.group_count ? d.groups[r->group].name : NULL;
        json_array_append_new(items,
                              json_pack("{s:I, s:s, s:s?, s:s?, s:o, s:s?}", "account_id",
                                        (json_int_t)r->account_id, "username", r->username,
                                        "display_name", r->display_name, "group", group, "unit_id",
                                        json_id_or_null(r->unit_id), "unit_name", r->unit_name));
    }
    return resp_list_whole(req, items);
}

static int api_rounds_rater_delete(struct request *req)
{
    struct assessment_round_data d;
    int rc = load_round(req, &d);
    if (rc < 0)
        return rc;
    long long account;
    if ((rc = req_id_or_404(req, 1, "该账号不是本轮次的测评人", &account)) < 0)
        return rc;
    if ((rc = need_assignable(req, &d.round)) < 0)
        return rc;
    rc = req_404(req, assessment_store_rater_delete(req->db, d.round.id, account),
                 "该账号不是本轮次的测评人");
    if (rc < 0)
        return rc;
    req_audit_set(req, d.round.id, json_pack("{s:I}", "account_id", (json_int_t)account), NULL);
    return resp_bytes(req, 204, NULL, "", 0);
}

/* {group, role?, member_unit_id?, unit_id?}: every enabled account holding
 * `role` and/or linked to a person of `member_unit_id` (with sub-units)
 * that is not a rater yet becomes one, in `group`, rating the people of
 * `unit_id` (none = all). At least one of role and member_unit_id. */
static int api_rounds_raters_rule(struct request *req)
{
    struct assessment_round_data d;
    int rc = load_round(req, &d);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    json_t *g = json_object_get(body, "group");
    int group = group_index(&d, json_is_string(g) ? json_string_value(g) : NULL);
    if (group < 0)
        field_errors_add(&req->errors, "group", "测评主体应为本轮次的测评主体之一");
    json_t *rv = json_object_get(body, "role");
    const char *role = json_is_string(rv) && *json_string_value(rv) ? json_string_value(rv) : NULL;
    if (role) {
        int r = roles_find(role);
        if (r < 0)
            field_errors_add(&req->errors, "role", "没有名为“%s”的角色", role);
        else
            role = roles_name((enum role)r);
    } else if (rv && !json_is_null(rv) && !(json_is_string(rv) && !*json_string_value(rv)))
        field_errors_add(&req->errors, "role", "角色应为角色名称");
    long long member =
        int_field(req, body, "member_unit_id", 1, (long long)1 << 53, 0, "测评人所在单位");
    long long unit = int_field(req, body, "unit_id", 1, (long long)1 << 53, 0, "测评范围单位");
    if (!role && !member && !field_errors_has(&req->errors, "role") &&
        !field_errors_has(&req->errors, "member_unit_id"))
        field_errors_add(&req->errors, "role", "请选择角色或测评人所在单位（至少一项）");
    if (req->errors.count)
        return ERR_INVALID;
    if ((rc = need_assignable(req, &d.round)) < 0)
        return rc;
    long long *ids;
    size_t n;
    if ((rc = assessment_store_rater_candidates(req->db, d.round.id, role, member, req->arena, &ids,
                                                &n)) < 0)
        return rc;
    for (size_t i = 0; i < n; i++)
        if ((rc = assessment_store_rater_add(req->db, d.round.id, ids[i], group, unit)) < 0)
            return rc;
    json_t *o = json_pack("{s:I, s:s, s:s?, s:o, s:o}", "added", (json_int_t)n, "group",
                          d.groups[group].name, "role", role, "member_unit_id",
                          json_id_or_null(member), "unit_id", json_id_or_null(unit));
    req_audit_set(req, d.round.id, NULL, json_incref(o));
    return resp_json(req, 200, o);
}

/* The accounts the office may pick a rater from (?q= filters by username
 * or display name; at most 50). */
static int api_accounts(struct request *req)
{
    struct assessment_account *list;
    size_t n;
    int rc = assessment_store_accounts(req->db, req_query(req, "q"), 50, req->arena, &list, &n);
    if (rc < 0)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items,
                              json_pack("{s:I, s:s, s:s?, s:s?}", "id", (json_int_t)list[i].id,
                                        "username", list[i].username, "display_name",
                                        list[i].display_name, "unit_name", list[i].unit_name));
    return resp_list_whole(req, items);
}

/* {groups: [{name, weight, anonymous}]}: the round's 测评主体, while it is
 * a draft; weights sum to 100. */
static int api_rounds_groups(struct request *req)
{
    struct assessment_round_data d;
    int rc = load_round(req, &d);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    json_t *list = json_object_get(body, "groups");
    if (!json_is_array(list)) {
        field_errors_add(&req->errors, "groups", "请给出测评主体列表");
        return ERR_INVALID;
    }
    size_t n = json_array_size(list);
    struct assessment_group *groups = arena_calloc(req->arena, n ? n : 1, sizeof *groups);
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(list, i);
        json_t *name = json_object_get(o, "name"), *w = json_object_get(o, "weight");
        json_t *anon = json_object_get(o, "anonymous");
        groups[i].name = json_is_string(name) ? json_string_value(name) : NULL;
        groups[i].weight = json_is_number(w) ? json_number_value(w) : -1;
        groups[i].anonymous = json_is_true(anon);
        if (groups[i].name && utf8_length(groups[i].name) > 20)
            field_errors_add(&req->errors, arena_sprintf(req->arena, "groups[%zu].name", i),
                             "测评主体名称不能超过 20 个字");
    }
    struct assessment_config c = d.round.config;
    c.groups = groups;
    c.group_count = n;
    assessment_config_validate(&c, &req->errors);
    if (req->errors.count)
        return ERR_INVALID;
    if ((rc = need_state(req, &d.round, ASSESSMENT_STATE_DRAFT, "修改测评主体")) < 0)
        return rc;
    rc = assessment_store_groups_set(req->db, d.round.id, groups, n);
    if (rc == ERR_CONFLICT) {
        field_errors_add(&req->errors, "groups",
                         "已有测评人被指定到第 %zu 个以后的测评主体，请先调整这些测评人", n);
        return ERR_INVALID;
    }
    if (rc < 0)
        return rc;
    json_t *before = json_pack("{s:o}", "groups", groups_json(d.groups, d.group_count));
    json_t *after = json_pack("{s:o}", "groups", groups_json(groups, n));
    req_audit_set(req, d.round.id, before, json_incref(after));
    return resp_json(req, 200, after);
}

/* ---- the rater's form and anonymous submission -------------------------- */

static int rater_of(struct request *req, const struct assessment_round_data *d, int *group,
                    long long *unit)
{
    int rc = assessment_store_rater_get(req->db, d->round.id, req->auth.user.id, group, unit);
    if (rc == ERR_NOT_FOUND)
        req->error_detail = "您不是本轮次的测评人";
    return rc;
}

static int api_rounds_form(struct request *req)
{
    struct assessment_round_data d;
    int rc = load_round(req, &d);
    if (rc < 0)
        return rc;
    int group;
    long long unit;
    if ((rc = rater_of(req, &d, &group, &unit)) < 0)
        return rc;
    json_t *people = json_array();
    for (size_t i = 0; i < d.people_count; i++) {
        bool in = true;
        if (unit && (rc = assessment_store_person_in_unit(req->db, d.round.id, d.people[i].id, unit,
                                                          &in)) < 0)
            return rc;
        if (in)
            json_array_append_new(people,
                                  json_pack("{s:I, s:s, s:s?}", "person_id",
                                            (json_int_t)d.stored[i].person_id, "name",
                                            d.stored[i].name, "unit_name", d.stored[i].unit_name));
    }
    int submitted = strcmp(d.round.state, ASSESSMENT_STATE_RATING) == 0 ||
                            strcmp(d.round.state, ASSESSMENT_STATE_DRAFT) == 0
                        ? assessment_store_submitted(req->db, d.round.id, req->auth.user.id)
                        : 1;
    if (submitted < 0)
        return submitted;
    return resp_json(req, 200,
                     json_pack("{s:I, s:s, s:s, s:s, s:b, s:b, s:o, s:o, s:o}", "round_id",
                               (json_int_t)d.round.id, "round_name", d.round.name, "state",
                               d.round.state, "group", d.groups[group].name, "anonymous",
                               d.groups[group].anonymous, "submitted", submitted == 1, "dimensions",
                               dimensions_json(&d.scheme), "level_values", levels_json(&d.scheme),
                               "people", people));
}

/* The rounds the caller rates, with their group and whether submitted. */
static int api_my_rounds(struct request *req)
{
    struct assessment_round *list;
    const char **groups;
    size_t n;
    int rc = assessment_store_rounds_of_rater(req->db, req->auth.user.id, req->arena, &list,
                                              &groups, &n);
    if (rc < 0)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        int submitted = strcmp(list[i].state, ASSESSMENT_STATE_PUBLISHED) == 0 ||
                                strcmp(list[i].state, ASSESSMENT_STATE_ARCHIVED) == 0
                            ? 0
                            : assessment_store_submitted(req->db, list[i].id, req->auth.user.id);
        if (submitted < 0) {
            json_decref(items);
            return submitted;
        }
        json_array_append_new(items,
                              json_pack("{s:I, s:s, s:s, s:i, s:s, s:s, s:b}", "id",
                                        (json_int_t)list[i].id, "name", list[i].name, "kind",
                                        list[i].kind, "year", list[i].year, "state", list[i].state,
                                        "group", groups[i], "submitted", submitted == 1));
    }
    struct req_page pg = {1, (long long)n, 0};
    return resp_list(req, items, (long long)n, &pg);
}

/* {ratings: [{person_id, scores: {"<node index>": 90 | "优"}}]}: all the
 * rater's scores at once, all or nothing, once. The audit record (route
 * flag ROUTE_ANONYMOUS) and the rows name nobody; the one-way token
 * refuses a second submission. */
static int api_rounds_submit(struct request *req)
{
    struct assessment_round_data d;
    int rc = load_round(req, &d);
    if (rc < 0)
        return rc;
    int group;
    long long unit;
    if ((rc = rater_of(req, &d, &group, &unit)) < 0)
        return rc;
    if ((rc = need_state(req, &d.round, ASSESSMENT_STATE_RATING, "评分")) < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    json_t *ratings = json_object_get(body, "ratings");
    if (!json_is_array(ratings) || json_array_size(ratings) == 0) {
        field_errors_add(&req->errors, "ratings", "请为名单中的干部评分后再提交");
        return ERR_INVALID;
    }
    size_t n = json_array_size(ratings), dims = d.scheme.count;
    long long *person = arena_calloc(req->arena, n, sizeof *person);
    double *values = arena_calloc(req->arena, n * (dims ? dims : 1), sizeof *values);
    for (size_t r = 0; r < n; r++) {
        json_t *item = json_array_get(ratings, r);
        json_t *pid = json_object_get(item, "person_id"), *scores = json_object_get(item, "scores");
        char field[96];
        snprintf(field, sizeof field, "ratings[%zu].person_id", r);
        person[r] = json_is_integer(pid) ? json_integer_value(pid) : 0;
        bool in = false;
        if (assessment_store_person_index(&d, person[r]) >= 0 &&
            (rc = assessment_store_person_in_unit(req->db, d.round.id, person[r], unit, &in)) < 0)
            return rc;
        if (!in)
            field_errors_add(&req->errors, field, "该干部不在您的测评名单中");
        for (size_t k = 0; k < r; k++)
            if (person[k] == person[r] && in) {
                field_errors_add(&req->errors, field, "同一干部只能评一次");
                break;
            }
        double *v = values + r * dims;
        bool any = false;
        for (size_t i = 0; i < dims; i++) {
            v[i] = NAN;
            if (!assessment_is_leaf(&d.scheme, i) ||
                d.scheme.dims[i].source != ASSESSMENT_SOURCE_RATING)
                continue;
            char key[24];
            snprintf(key, sizeof key, "%zu", i);
            json_t *cell = json_is_object(scores) ? json_object_get(scores, key) : NULL;
            char text[32] = "";
            if (json_is_number(cell))
                snprintf(text, sizeof text, "%.10g", json_number_value(cell));
            else if (json_is_string(cell))
                snprintf(text, sizeof text, "%s", json_string_value(cell));
            const char *why;
            snprintf(field, sizeof field, "ratings[%zu].scores.%zu", r, i);
            if (assessment_scale_value(&d.scheme, i, text, &v[i], &why) < 0)
                field_errors_add(&req->errors, field, "“%s”%s", d.scheme.dims[i].name, why);
            else if (isnan(v[i]))
                field_errors_add(&req->errors, field, "“%s”未评分", d.scheme.dims[i].name);
            else
                any = true;
        }
        (void)any;
    }
    if (req->errors.count)
        return ERR_INVALID;
    rc = assessment_store_submit_token(req->db, d.round.id, req->auth.user.id);
    if (rc == ERR_CONFLICT) {
        req->error_detail = "您已提交过本轮次的评分，不能再次提交";
        return rc;
    }
    if (rc < 0)
        return rc;
    for (size_t r = 0; r < n && rc == 0; r++)
        rc = assessment_store_rating_add(req->db, d.round.id, person[r], group, "form",
                                         values + r * dims, dims);
    if (rc < 0)
        return rc;
    /* Names the round and the count, never the rater. */
    req_audit_set(
        req, 0, NULL,
        json_pack("{s:I, s:I}", "round_id", (json_int_t)d.round.id, "ratings", (json_int_t)n));
    return resp_json(req, 201, json_pack("{s:I}", "ratings", (json_int_t)n));
}

/* ---- the score sheet ---------------------------------------------------- */

struct sheet_ctx {
    struct assessment_round_data *d;
    enum table_format format;
};

static int write_sheet(struct request *req, const char *path, void *arg)
{
    struct sheet_ctx *c = arg;
    struct assessment_sheet_person *people =
        arena_calloc(req->arena, c->d->people_count ? c->d->people_count : 1, sizeof *people);
    for (size_t i = 0; i < c->d->people_count; i++)
        people[i] =
            (struct assessment_sheet_person){c->d->stored[i].id_number, c->d->stored[i].name};
    return assessment_sheet_write(path, c->format, &c->d->scheme, c->d->groups, c->d->group_count,
                                  people, c->d->people_count);
}

static int api_rounds_sheet(struct request *req)
{
    struct assessment_round_data d;
    int rc = load_round(req, &d);
    if (rc < 0)
        return rc;
    const char *format = req_query(req, "format");
    bool xlsx = !format || strcmp(format, "csv") != 0;
    struct sheet_ctx ctx = {&d, xlsx ? TABLE_XLSX : TABLE_CSV};
    int fd;
    size_t size;
    if ((rc = req_temp_export(req, "assessment sheet", write_sheet, &ctx, &fd, &size)) < 0)
        return rc;
    json_t *after = json_pack("{s:I}", "round_id", (json_int_t)d.round.id);
    rc = export_send(req, fd, size, xlsx, "assessment.sheet_export", after, "assessment-sheet",
                     "考核测评表");
    json_decref(after);
    return rc;
}

static void free_cb(void *p)
{
    free(p);
}

/* Every row's person must be in the round (by ID number). */
static void check_sheet_people(const struct assessment_round_data *d,
                               const struct assessment_sheet_row *rows, size_t n,
                               struct field_errors *fe)
{
    for (size_t r = 0; r < n; r++)
        if (*rows[r].id_number && assessment_store_index_by_id_number(d, rows[r].id_number) < 0)
            field_errors_add_row(fe, rows[r].row, "身份证号",
                                 "身份证号为 %s 的干部（%s）不在本轮次的考核范围内",
                                 rows[r].id_number, rows[r].name);
}

static int api_rounds_import(struct request *req)
{
    struct assessment_round_data d;
    int rc = load_round(req, &d);
    if (rc < 0)
        return rc;
    if ((rc = need_state(req, &d.round, ASSESSMENT_STATE_RATING, "导入测评表")) < 0)
        return rc;
    char *data;
    size_t len;
    if ((rc = api_read_upload(req, &data, &len)) < 0)
        return rc;
    arena_defer(req->arena, free_cb, data);
    struct assessment_sheet_row *rows;
    size_t n;
    rc = assessment_sheet_read(data, len, &d.scheme, d.groups, d.group_count, req->arena, &rows, &n,
                               &req->errors);
    if (rc == 0)
        check_sheet_people(&d, rows, n, &req->errors);
    if (req->errors.count) {
        req->error_detail =
            arena_sprintf(req->arena, "测评表有 %zu 处错误，未导入任何数据", req->errors.count);
        return ERR_INVALID;
    }
    long long ratings = 0, exams = 0;
    for (size_t r = 0; r < n; r++) {
        if ((rc = assessment_store_sheet_row(
                 req->db, &d, assessment_store_index_by_id_number(&d, rows[r].id_number),
                 rows[r].group, rows[r].values)) < 0)
            return rc;
        if (rows[r].group < 0)
            exams++;
        else
            ratings++;
    }
    json_t *o = json_pack("{s:I, s:I, s:I}", "round_id", (json_int_t)d.round.id, "ratings",
                          (json_int_t)ratings, "exams", (json_int_t)exams);
    req_audit_set(req, d.round.id, NULL, json_incref(o));
    return resp_json(req, 200, o);
}

/* ---- compute, calibrate, publish ---------------------------------------- */

static int api_rounds_compute(struct request *req)
{
    struct assessment_round_data d;
    int rc = load_round(req, &d);
    if (rc < 0)
        return rc;
    if (strcmp(d.round.state, ASSESSMENT_STATE_PUBLISHED) == 0 ||
        strcmp(d.round.state, ASSESSMENT_STATE_ARCHIVED) == 0) {
        req->error_detail = "轮次已公布，结果不再重新计算";
        return ERR_CONFLICT;
    }
    struct assessment_result *out =
        arena_calloc(req->arena, d.people_count ? d.people_count : 1, sizeof *out);
    assessment_compute(&d.round.config, d.people, d.people_count, d.ratings, d.rating_count, out,
                       req->arena);
    if ((rc = assessment_store_results_save(req->db, &d, out)) < 0)
        return rc;
    long long scored = 0, over = 0, excellent = 0;
    for (size_t i = 0; i < d.people_count; i++) {
        scored += out[i].scored;
        over += out[i].over_quota;
        excellent += out[i].grade && strcmp(out[i].grade, ASSESSMENT_GRADE_EXCELLENT) == 0;
    }
    json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "round_id", (json_int_t)d.round.id,
                          "people", (json_int_t)d.people_count, "scored", (json_int_t)scored,
                          "ratings", (json_int_t)d.rating_count, "excellent", (json_int_t)excellent,
                          "over_quota", (json_int_t)over);
    req_audit_set(req, d.round.id, NULL, json_incref(o));
    return resp_json(req, 200, o);
}

/* {person_id, grade, reason}: a 人事干部 sets a final grade with a reason. */
static int api_rounds_calibrate(struct request *req)
{
    struct assessment_round_data d;
    int rc = load_round(req, &d);
    if (rc < 0)
        return rc;
    if ((rc = need_state(req, &d.round, ASSESSMENT_STATE_CALIBRATION, "校准")) < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    json_t *pid = json_object_get(body, "person_id"), *grade = json_object_get(body, "grade"),
           *reason = json_object_get(body, "reason");
    long long person_id = json_is_integer(pid) ? json_integer_value(pid) : 0;
    long long i = assessment_store_person_index(&d, person_id);
    if (i < 0)
        field_errors_add(&req->errors, "person_id", "该干部不在本轮次的考核范围内");
    const struct code *g =
        json_is_string(grade) ? codes_find(codes_table("grade"), json_string_value(grade)) : NULL;
    if (!g)
        field_errors_add(&req->errors, "grade",
                         "等次应为优秀、称职、基本称职、不称职、不定等次之一");
    const char *why = json_is_string(reason) ? json_string_value(reason) : "";
    while (*why == ' ')
        why++;
    if (!*why)
        field_errors_add(&req->errors, "reason", "调整等次须填写理由");
    if (req->errors.count)
        return ERR_INVALID;
    if ((rc = assessment_store_calibrate(req->db, d.round.id, person_id, g->code, why)) < 0)
        return rc;
    const struct assessment_round_person *s = &d.stored[i];
    json_t *before = json_pack("{s:I, s:s?}", "person_id", (json_int_t)person_id, "grade",
                               s->final_grade ? s->final_grade : s->proposed_grade);
    json_t *o = json_pack("{s:I, s:o, s:s}", "person_id", (json_int_t)person_id, "final_grade",
                          grade_json(g->code), "reason", why);
    req_audit_set(req, d.round.id, before, json_incref(o));
    return resp_json(req, 200, o);
}

static int api_rounds_publish(struct request *req)
{
    struct assessment_round_data d;
    int rc = load_round(req, &d);
    if (rc < 0)
        return rc;
    if ((rc = need_state(req, &d.round, ASSESSMENT_STATE_CALIBRATION, "公布")) < 0)
        return rc;
    bool computed = d.people_count == 0;
    for (size_t i = 0; i < d.people_count; i++)
        computed |= d.stored[i].computed;
    if (!computed) {
        req->error_detail = "尚未计算考核结果，请先计算";
        return ERR_CONFLICT;
    }
    struct assessment_pool *pools;
    size_t npools;
    int over = assessment_store_final_pools(&d, req->arena, &pools, &npools);
    if (over) {
        for (size_t p = 0; p < npools; p++)
            if (pools[p].excellent > pools[p].allowed)
                field_errors_add(&req->errors, "quota",
                                 "优秀 %d 人，超过名额 %d 人（%d 人的 %d%%，向下取整），"
                                 "请在校准中调整后再公布",
                                 pools[p].excellent, pools[p].allowed, pools[p].graded,
                                 pools[p].pct);
        req->error_detail = "优秀人数超过名额，未公布";
        return ERR_INVALID;
    }
    long long written;
    if ((rc = assessment_store_publish(req->db, d.round.id, &written)) < 0)
        return rc;
    json_t *o = json_pack("{s:I, s:I, s:s}", "round_id", (json_int_t)d.round.id, "written",
                          (json_int_t)written, "state", ASSESSMENT_STATE_PUBLISHED);
    req_audit_set(req, d.round.id, json_pack("{s:s}", "state", d.round.state), json_incref(o));
    return resp_json(req, 200, o);
}

/* ---- 处室绩效考核 ---------------------------------------------------------- */

static json_t *task_json(const struct assessment_unit_task *t)
{
    return json_pack("{s:I, s:I, s:i, s:s, s:f, s:s?, s:s?, s:o}", "id", (json_int_t)t->id,
                     "unit_id", (json_int_t)t->unit_id, "year", t->year, "name", t->name, "weight",
                     t->weight, "target", t->target, "evidence", t->evidence, "score",
                     isnan(t->score) ? json_null() : json_real(t->score));
}

static int api_tasks_list(struct request *req)
{
    long long unit, year;
    if (req_query_int(req, "unit_id", 1, (long long)1 << 53, 0, &unit) < 0 ||
        req_query_int(req, "year", 1990, 2100, req->today.year, &year) < 0)
        return ERR_INVALID;
    struct assessment_unit_task *tasks;
    size_t n;
    int rc = assessment_store_unit_tasks(req->db, unit, (int)year, req->arena, &tasks, &n);
    if (rc < 0)
        return rc;
    json_t *items = json_array();
    struct assessment_task *t = arena_calloc(req->arena, n ? n : 1, sizeof *t);
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(items, task_json(&tasks[i]));
        t[i] = (struct assessment_task){tasks[i].weight, tasks[i].score};
    }
    /* A score and grade of one unit; the list of all units has neither. */
    double score = unit ? assessment_unit_score(t, n) : NAN;
    static const double bounds[3] = {90, 80, 60};
    int grade = assessment_unit_grade(score, bounds);
    return resp_json(
        req, 200,
        json_pack("{s:o, s:I, s:o, s:o}", "items", items, "total", (json_int_t)n, "score",
                  isnan(score) ? json_null() : json_real(score), "grade",
                  grade ? json_string(assessment_unit_grade_names[grade - 1]) : json_null()));
}

/* The task's fields from `body` over `t`: every one when creating, the
 * ones present when changing (a null score clears it). Problems go to
 * req->errors. */
static void task_fields(struct request *req, json_t *body, struct assessment_unit_task *t,
                        bool create)
{
    json_t *name = json_object_get(body, "name"), *w = json_object_get(body, "weight"),
           *target = json_object_get(body, "target"), *ev = json_object_get(body, "evidence"),
           *score = json_object_get(body, "score");
    if (create || name)
        t->name = json_is_string(name) ? json_string_value(name) : "";
    if (!*t->name)
        field_errors_add(&req->errors, "name", "任务名称不能为空");
    if (create || w)
        t->weight = json_is_number(w) ? json_number_value(w) : 0;
    if (!(t->weight > 0 && t->weight <= 100))
        field_errors_add(&req->errors, "weight", "权重应大于 0、不超过 100");
    if (create || target)
        t->target = json_is_string(target) ? json_string_value(target) : NULL;
    if (create || ev)
        t->evidence = json_is_string(ev) ? json_string_value(ev) : NULL;
    if (score) {
        if (json_is_number(score))
            t->score = json_number_value(score);
        else if (json_is_null(score))
            t->score = NAN;
        else
            field_errors_add(&req->errors, "score", "得分应为 0 到 100 之间的分数");
    }
    if (!isnan(t->score) && !(t->score >= 0 && t->score <= 100))
        field_errors_add(&req->errors, "score", "得分应为 0 到 100 之间的分数");
}

static int api_tasks_create(struct request *req)
{
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    struct assessment_unit_task t = {.score = NAN};
    t.unit_id = int_field(req, body, "unit_id", 1, (long long)1 << 53, 0, "处室");
    t.year = (int)int_field(req, body, "year", 1990, 2100, req->today.year, "年度");
    task_fields(req, body, &t, true);
    if (!t.unit_id && !field_errors_has(&req->errors, "unit_id"))
        field_errors_add(&req->errors, "unit_id", "请选择处室");
    if (req->errors.count)
        return ERR_INVALID;
    rc = assessment_store_unit_task_add(req->db, &t);
    if (rc == ERR_CONFLICT) {
        field_errors_add(&req->errors, "unit_id", "处室不存在");
        return ERR_INVALID;
    }
    if (rc < 0)
        return rc;
    json_t *o = task_json(&t);
    req_audit_set(req, t.id, NULL, json_incref(o));
    return resp_json(req, 201, o);
}

static int load_task(struct request *req, struct assessment_unit_task *t)
{
    long long id;
    int rc = req_id_or_404(req, 0, "处室绩效考核任务不存在", &id);
    if (rc < 0)
        return rc;
    return req_404(req, assessment_store_unit_task_get(req->db, id, req->arena, t),
                   "处室绩效考核任务不存在");
}

/* Changes a task: the fields given (the score by the assessing group, the
 * evidence ...); its unit and year stay. */
static int api_tasks_update(struct request *req)
{
    struct assessment_unit_task t;
    int rc = load_task(req, &t);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    json_t *before = task_json(&t);
    task_fields(req, body, &t, false);
    if (req->errors.count) {
        json_decref(before);
        return ERR_INVALID;
    }
    if ((rc = assessment_store_unit_task_update(req->db, &t)) < 0) {
        json_decref(before);
        return rc;
    }
    json_t *o = task_json(&t);
    req_audit_set(req, t.id, before, json_incref(o));
    return resp_json(req, 200, o);
}

static int api_tasks_delete(struct request *req)
{
    struct assessment_unit_task t;
    int rc = load_task(req, &t);
    if (rc < 0 || (rc = assessment_store_unit_task_delete(req->db, t.id)) < 0)
        return rc;
    req_audit_set(req, t.id, task_json(&t), NULL);
    return resp_bytes(req, 204, NULL, "", 0);
}

static int task_target(struct request *req, struct route_target *out)
{
    long long id;
    if (req_param_id(req, 0, &id) < 0)
        return ERR_NOT_FOUND;
    *out = (struct route_target){"assessment_unit_tasks", "assessment_unit_task", id};
    return 0;
}

/* ---- 处室类别 and the units' performance of a year ------------------------ */

static json_t *category_json(const struct assessment_unit_category *c)
{
    return json_pack("{s:I, s:s, s:s?, s:f, s:f, s:f}", "id", (json_int_t)c->id, "name", c->name,
                     "standard", c->standard, "excellent", c->bounds[0], "good", c->bounds[1],
                     "fair", c->bounds[2]);
}

static int api_categories_list(struct request *req)
{
    struct assessment_unit_category *list;
    size_t n;
    int rc = assessment_store_unit_categories(req->db, req->arena, &list, &n);
    if (rc < 0)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, category_json(&list[i]));
    return resp_list_whole(req, items);
}

/* The category's fields from `body` over `c` (all when creating, else the
 * ones present), checked. */
static void category_fields(struct request *req, json_t *body, struct assessment_unit_category *c,
                            bool create)
{
    json_t *name = json_object_get(body, "name"), *standard = json_object_get(body, "standard");
    if (create || name)
        c->name = json_is_string(name) ? json_string_value(name) : "";
    if (!*c->name)
        field_errors_add(&req->errors, "name", "类别名称不能为空");
    else if (utf8_length(c->name) > 30)
        field_errors_add(&req->errors, "name", "类别名称不能超过 30 个字");
    if (create || standard)
        c->standard = json_is_string(standard) && *json_string_value(standard)
                          ? json_string_value(standard)
                          : NULL;
    static const char *const keys[3] = {"excellent", "good", "fair"};
    for (int i = 0; i < 3; i++) {
        json_t *v = json_object_get(body, keys[i]);
        if (json_is_number(v))
            c->bounds[i] = json_number_value(v);
        else if (v)
            c->bounds[i] = -1; /* reported below */
    }
    assessment_unit_bounds_validate(c->bounds, &req->errors);
}

static int save_category(struct request *req, struct assessment_unit_category *c)
{
    int rc = assessment_store_unit_category_save(req->db, c);
    if (rc == ERR_CONFLICT) {
        field_errors_add(&req->errors, "name", "已有名为“%s”的处室类别", c->name);
        return ERR_INVALID;
    }
    return rc;
}

static int api_categories_create(struct request *req)
{
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    struct assessment_unit_category c = {.bounds = {90, 80, 60}};
    category_fields(req, body, &c, true);
    if (req->errors.count)
        return ERR_INVALID;
    if ((rc = save_category(req, &c)) < 0)
        return rc;
    json_t *o = category_json(&c);
    req_audit_set(req, c.id, NULL, json_incref(o));
    return resp_json(req, 201, o);
}

static int api_categories_update(struct request *req)
{
    long long id;
    int rc = req_id_or_404(req, 0, "处室类别不存在", &id);
    if (rc < 0)
        return rc;
    struct assessment_unit_category c;
    if ((rc = req_404(req, assessment_store_unit_category_get(req->db, id, req->arena, &c),
                      "处室类别不存在")) < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    json_t *before = category_json(&c);
    category_fields(req, body, &c, false);
    if (req->errors.count || (rc = save_category(req, &c)) < 0) {
        json_decref(before);
        return req->errors.count ? ERR_INVALID : rc;
    }
    json_t *o = category_json(&c);
    req_audit_set(req, c.id, before, json_incref(o));
    return resp_json(req, 200, o);
}

static int category_target(struct request *req, struct route_target *out)
{
    long long id;
    if (req_param_id(req, 0, &id) < 0)
        return ERR_NOT_FOUND;
    *out = (struct route_target){"assessment_unit_categories", "assessment_unit_category", id};
    return 0;
}

/* {unit_id, year, category_id}: the unit's category that year (null:
 * none). */
static int api_unit_year_set(struct request *req)
{
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    long long unit = int_field(req, body, "unit_id", 1, (long long)1 << 53, 0, "处室");
    int year = (int)int_field(req, body, "year", 1990, 2100, 0, "年度");
    long long category = int_field(req, body, "category_id", 1, (long long)1 << 53, 0, "处室类别");
    if (!unit && !field_errors_has(&req->errors, "unit_id"))
        field_errors_add(&req->errors, "unit_id", "请选择处室");
    if (!year && !field_errors_has(&req->errors, "year"))
        field_errors_add(&req->errors, "year", "请填写年度");
    if (unit && !units_exists(req->db, unit))
        field_errors_add(&req->errors, "unit_id", "处室不存在");
    if (req->errors.count)
        return ERR_INVALID;
    rc = assessment_store_unit_year_set(req->db, unit, year, category);
    if (rc == ERR_CONFLICT) {
        field_errors_add(&req->errors, "category_id", "处室类别不存在");
        return ERR_INVALID;
    }
    if (rc < 0)
        return rc;
    json_t *o = json_pack("{s:I, s:i, s:o}", "unit_id", (json_int_t)unit, "year", year,
                          "category_id", json_id_or_null(category));
    req_audit_set(req, unit, NULL, json_incref(o));
    return resp_json(req, 200, o);
}

/* The units' 处室绩效 of a year: category, score, grade (by the category's
 * lines), ranks overall and within the category, and the 优秀 share the
 * grade gives a per-unit quota by the default table. */
static int api_unit_performance(struct request *req)
{
    long long year;
    if (req_query_int(req, "year", 1990, 2100, req->today.year, &year) < 0)
        return ERR_INVALID;
    struct assessment_unit_year *list;
    size_t n;
    int rc = assessment_store_unit_years(req->db, (int)year, req->arena, &list, &n);
    if (rc < 0)
        return rc;
    struct assessment_quota q;
    assessment_default_quota(&q);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct assessment_unit_year *u = &list[i];
        json_array_append_new(
            items,
            json_pack("{s:I, s:s, s:o, s:s?, s:I, s:I, s:o, s:o, s:o, s:o, s:i}", "unit_id",
                      (json_int_t)u->unit_id, "unit_name", u->unit_name, "category_id",
                      json_id_or_null(u->category_id), "category_name", u->category_name, "tasks",
                      (json_int_t)u->tasks, "scored", (json_int_t)u->scored, "score",
                      isnan(u->r.score) ? json_null() : json_real(u->r.score), "grade",
                      u->grade ? json_string(assessment_unit_grade_names[u->grade - 1])
                               : json_null(),
                      "rank", u->r.rank ? json_integer(u->r.rank) : json_null(), "rank_category",
                      u->r.rank_category ? json_integer(u->r.rank_category) : json_null(),
                      "quota_pct", assessment_quota_pct_for_unit(&q, u->grade)));
    }
    json_t *o = json_pack("{s:o, s:I, s:I}", "items", items, "total", (json_int_t)n, "year",
                          (json_int_t)year);
    return resp_json(req, 200, o);
}

/* ---- results ------------------------------------------------------------- */

struct results_ctx {
    json_t *items;
    size_t which;
    enum table_format format;
};

/* A result list as a table: 姓名, 单位, 等次 and the list's own column. */
static int write_results(struct request *req, const char *path, void *arg)
{
    struct results_ctx *c = arg;
    static const char *const extra[] = {"连续优秀年数", NULL, "连续两年不称职", "累计称职以上年数"};
    static const char *const key[] = {"consecutive_excellent", NULL, "two_in_a_row",
                                      "competent_years"};
    struct table_writer *w = table_writer_open(c->format, path, "考核结果名单");
    if (!w)
        return ERR_IO;
    const char *head[] = {"姓名", "单位", "等次", extra[c->which]};
    table_writer_row(w, head, extra[c->which] ? 4 : 3);
    size_t i;
    json_t *o;
    json_array_foreach(c->items, i, o)
    {
        json_t *grade = json_object_get(o, "grade");
        json_t *x = key[c->which] ? json_object_get(o, key[c->which]) : NULL;
        const char *cells[4] = {json_string_value(json_object_get(o, "name")),
                                json_string_value(json_object_get(o, "unit_name")),
                                json_string_value(json_object_get(grade, "label")), NULL};
        if (json_is_integer(x))
            cells[3] = arena_sprintf(req->arena, "%lld", (long long)json_integer_value(x));
        else if (json_is_boolean(x))
            cells[3] = json_is_true(x) ? "是" : "否";
        table_writer_row(w, cells, extra[c->which] ? 4 : 3);
    }
    return table_writer_close(w);
}

/* The result lists of `year`: 三连优秀 (this and the two years before),
 * 基本称职, 不称职 (and whether the year before was too), cumulative
 * 称职-or-better years up to `year`. */
static int api_results(struct request *req)
{
    long long year;
    if (req_query_int(req, "year", 1990, 2100, req->today.year - 1, &year) < 0)
        return ERR_INVALID;
    const char *list = req_query(req, "list");
    static const char *const lists[] = {"excellent3", "basic", "incompetent", "competent_years"};
    if (!list)
        list = lists[0];
    size_t which = 0;
    while (which < 4 && (!list || strcmp(list, lists[which]) != 0))
        which++;
    if (which == 4) {
        field_errors_add(
            &req->errors, "list",
            "名单应为 excellent3（三连优秀）、basic（基本称职）、incompetent（不称职）、"
            "competent_years（累计称职以上年数）之一");
        return ERR_INVALID;
    }
    struct assessment_grade_row *rows;
    size_t n;
    int rc = assessment_store_grades(req->db, year, req->arena, &rows, &n);
    if (rc < 0)
        return rc;
    json_t *items = json_array();
    enum { SPAN = 64 };
    for (size_t i = 0; i < n;) {
        size_t j = i;
        const char *grades[SPAN] = {0};
        while (j < n && rows[j].person_id == rows[i].person_id) {
            if (rows[j].year > year - SPAN)
                grades[rows[j].year - (year - SPAN + 1)] = rows[j].grade;
            j++;
        }
        const char *current = grades[SPAN - 1];
        json_t *o =
            json_pack("{s:I, s:s, s:s?, s:o}", "person_id", (json_int_t)rows[i].person_id, "name",
                      rows[i].name, "unit_name", rows[i].unit_name, "grade", grade_json(current));
        bool keep;
        if (which == 0) {
            int run = assessment_consecutive_excellent(grades, SPAN);
            keep = run >= 3;
            json_object_set_new(o, "consecutive_excellent", json_integer(run));
        } else if (which == 1) {
            keep = current && strcmp(current, ASSESSMENT_GRADE_BASIC) == 0;
        } else if (which == 2) {
            keep = current && strcmp(current, ASSESSMENT_GRADE_INCOMPETENT) == 0;
            json_object_set_new(
                o, "two_in_a_row",
                json_boolean(keep && grades[SPAN - 2] &&
                             strcmp(grades[SPAN - 2], ASSESSMENT_GRADE_INCOMPETENT) == 0));
        } else {
            int years = assessment_competent_years(grades, SPAN);
            keep = years > 0;
            json_object_set_new(o, "competent_years", json_integer(years));
        }
        if (keep)
            json_array_append_new(items, o);
        else
            json_decref(o);
        i = j;
    }
    const char *format = req_query(req, "format");
    if (format && (strcmp(format, "csv") == 0 || strcmp(format, "xlsx") == 0)) {
        struct results_ctx ctx = {items, which,
                                  strcmp(format, "csv") == 0 ? TABLE_CSV : TABLE_XLSX};
        int fd;
        size_t size;
        rc = req_temp_export(req, "assessment results", write_results, &ctx, &fd, &size);
        json_t *after = json_pack("{s:I, s:s, s:I}", "year", (json_int_t)year, "list", lists[which],
                                  "rows", (json_int_t)json_array_size(items));
        json_decref(items);
        if (rc == 0)
            rc = export_send(req, fd, size, ctx.format == TABLE_XLSX, "assessment.results_export",
                             after, "assessment-results", "考核结果名单");
        json_decref(after);
        return rc;
    }
    return resp_json(req, 200,
                     json_pack("{s:o, s:I, s:I, s:s}", "items", items, "total",
                               (json_int_t)json_array_size(items), "year", (json_int_t)year, "list",
                               lists[which]));
}

static int api_person_history(struct request *req)
{
    long long id;
    int rc = req_id_or_404(req, 0, "干部不存在", &id);
    if (rc < 0)
        return rc;
    /* Outside the user's scope the person does not exist. */
    struct person_view v;
    if ((rc = req_404(req, people_get_in(req->db, req->scope, id, req->arena, &v), "干部不存在")) <
        0)
        return rc;
    struct assessment_history_row *rows;
    size_t n;
    if ((rc = assessment_store_history(req->db, id, req->arena, &rows, &n)) < 0)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            items, json_pack("{s:I, s:o, s:o, s:o, s:o}", "year", (json_int_t)rows[i].year, "grade",
                             grade_json(rows[i].grade), "round_id",
                             json_id_or_null(rows[i].round_id), "composite",
                             isnan(rows[i].composite) ? json_null() : json_real(rows[i].composite),
                             "rank_unit",
                             rows[i].rank_unit ? json_integer(rows[i].rank_unit) : json_null()));
    return resp_json(req, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)n));
}

static const struct audit_action events[] = {
    {"assessment.sheet_export", "导出考核测评表"},
    {"assessment.results_export", "导出考核结果名单"},
};

#define R(method_, pattern_, handler_, perm_, scope_, flags_, summary_, audit_, label_)            \
    {                                                                                              \
        .method = method_, .pattern = pattern_, .handler = handler_, .perm = perm_,                \
        .scope = scope_, .flags = flags_, .summary = summary_, .audit = audit_,                    \
        .audit_label = label_, .object_type = "assessment"                                         \
    }

static const struct route routes[] = {
    R("GET", "/api/v1/assessment/schemes", api_schemes_list, PERM_ASSESSMENT_READ, SCOPE_WHOLE, 0,
      "考核方案（各版本）", NULL, NULL),
    R("GET", "/api/v1/assessment/schemes/{id}", api_schemes_get, PERM_ASSESSMENT_READ, SCOPE_WHOLE,
      0, "考核方案的考核项树", NULL, NULL),
    R("POST", "/api/v1/assessment/schemes", api_schemes_save, PERM_ASSESSMENT_WRITE, SCOPE_WHOLE,
      ROUTE_WRITE, "保存考核方案（已使用的方案另存新版本）", "assessment.scheme_save",
      "保存考核方案"),
    R("GET", "/api/v1/assessment/rounds", api_rounds_list, PERM_ASSESSMENT_READ, SCOPE_WHOLE, 0,
      "考核轮次", NULL, NULL),
    R("POST", "/api/v1/assessment/rounds", api_rounds_create, PERM_ASSESSMENT_WRITE, SCOPE_WHOLE,
      ROUTE_WRITE, "新建考核轮次（确定考核范围）", "assessment.round_create", "新建考核轮次"),
    {.method = "GET",
     .pattern = "/api/v1/assessment/rounds/{id}",
     .handler = api_rounds_get,
     .perm = PERM_ASSESSMENT_READ,
     .scope = SCOPE_WHOLE,
     .summary = "一个考核轮次（测评主体、考核项、提交人数）",
     .target = round_target},
    R("POST", "/api/v1/assessment/rounds/{id}/state", api_rounds_state, PERM_ASSESSMENT_WRITE,
      SCOPE_WHOLE, ROUTE_WRITE, "改变轮次状态（开始评分、进入校准、归档）",
      "assessment.round_state", "改变考核轮次状态"),
    R("GET", "/api/v1/assessment/rounds/{id}/people", api_rounds_people, PERM_ASSESSMENT_READ,
      SCOPE_WHOLE, 0, "校准看板：考核对象、综合得分、排名、建议等次与名额", NULL, NULL),
    R("PATCH", "/api/v1/assessment/rounds/{id}/people", api_rounds_person_set,
      PERM_ASSESSMENT_WRITE, SCOPE_WHOLE, ROUTE_WRITE,
      "设置考核对象的试用期、拒不参加、类别与考试成绩", "assessment.person_set",
      "修改考核对象情况"),
    R("POST", "/api/v1/assessment/rounds/{id}/raters", api_rounds_raters, PERM_ASSESSMENT_WRITE,
      SCOPE_WHOLE, ROUTE_WRITE, "指定测评人", "assessment.rater_add", "指定考核测评人"),
    R("GET", "/api/v1/assessment/rounds/{id}/raters", api_rounds_raters_list, PERM_ASSESSMENT_WRITE,
      SCOPE_WHOLE, 0, "本轮次的测评人（账号、测评主体、测评范围）", NULL, NULL),
    R("DELETE", "/api/v1/assessment/rounds/{id}/raters/{rid}", api_rounds_rater_delete,
      PERM_ASSESSMENT_WRITE, SCOPE_WHOLE, ROUTE_WRITE, "取消测评人", "assessment.rater_remove",
      "取消考核测评人"),
    R("POST", "/api/v1/assessment/rounds/{id}/raters/rule", api_rounds_raters_rule,
      PERM_ASSESSMENT_WRITE, SCOPE_WHOLE, ROUTE_WRITE, "按角色、单位批量指定测评人",
      "assessment.rater_rule", "按规则指定考核测评人"),
    R("PUT", "/api/v1/assessment/rounds/{id}/groups", api_rounds_groups, PERM_ASSESSMENT_WRITE,
      SCOPE_WHOLE, ROUTE_WRITE, "修改测评主体及权重（草稿状态）", "assessment.groups_set",
      "修改考核测评主体"),
    R("GET", "/api/v1/assessment/accounts", api_accounts, PERM_ASSESSMENT_WRITE, SCOPE_WHOLE, 0,
      "可指定为测评人的账号", NULL, NULL),
    R("GET", "/api/v1/assessment/my-rounds", api_my_rounds, PERM_ASSESSMENT_RATE, SCOPE_NONE, 0,
      "我参加测评的考核轮次", NULL, NULL),
    R("GET", "/api/v1/assessment/rounds/{id}/form", api_rounds_form, PERM_ASSESSMENT_RATE,
      SCOPE_NONE, 0, "测评人的评分名单", NULL, NULL),
    R("POST", "/api/v1/assessment/rounds/{id}/ratings", api_rounds_submit, PERM_ASSESSMENT_RATE,
      SCOPE_NONE, ROUTE_WRITE | ROUTE_ANONYMOUS, "提交评分（匿名，只能提交一次）",
      "assessment.rating_submit", "提交考核评分（匿名）"),
    R("GET", "/api/v1/assessment/rounds/{id}/sheet", api_rounds_sheet, PERM_ASSESSMENT_WRITE,
      SCOPE_WHOLE, 0, "下载空白测评表（format=xlsx|csv）", NULL, NULL),
    R("POST", "/api/v1/assessment/rounds/{id}/sheet", api_rounds_import, PERM_ASSESSMENT_WRITE,
      SCOPE_WHOLE, ROUTE_WRITE, "导入测评表（全部成功或全部不写入）", "assessment.sheet_import",
      "导入考核测评表"),
    R("POST", "/api/v1/assessment/rounds/{id}/compute", api_rounds_compute, PERM_ASSESSMENT_WRITE,
      SCOPE_WHOLE, ROUTE_WRITE, "计算综合得分、排名、建议等次", "assessment.compute",
      "计算考核结果"),
    R("POST", "/api/v1/assessment/rounds/{id}/calibration", api_rounds_calibrate,
      PERM_ASSESSMENT_WRITE, SCOPE_WHOLE, ROUTE_WRITE, "校准：调整等次并记录理由",
      "assessment.calibrate", "校准考核等次"),
    R("POST", "/api/v1/assessment/rounds/{id}/publish", api_rounds_publish, PERM_ASSESSMENT_WRITE,
      SCOPE_WHOLE, ROUTE_WRITE, "公布：等次写入干部年度考核记录（超过名额时拒绝）",
      "assessment.publish", "公布考核结果"),
    R("GET", "/api/v1/assessment/tasks", api_tasks_list, PERM_ASSESSMENT_READ, SCOPE_WHOLE, 0,
      "处室绩效考核任务、得分与等次", NULL, NULL),
    R("POST", "/api/v1/assessment/tasks", api_tasks_create, PERM_ASSESSMENT_WRITE, SCOPE_WHOLE,
      ROUTE_WRITE, "新增处室绩效考核任务", "assessment.task_create", "新增处室绩效任务"),
    {.method = "PATCH",
     .pattern = "/api/v1/assessment/tasks/{id}",
     .handler = api_tasks_update,
     .perm = PERM_ASSESSMENT_WRITE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "修改处室绩效考核任务（评分、佐证）",
     .audit = "assessment.task_update",
     .audit_label = "修改处室绩效任务",
     .object_type = "assessment_unit_task",
     .target = task_target},
    {.method = "DELETE",
     .pattern = "/api/v1/assessment/tasks/{id}",
     .handler = api_tasks_delete,
     .perm = PERM_ASSESSMENT_WRITE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "删除处室绩效考核任务",
     .audit = "assessment.task_delete",
     .audit_label = "删除处室绩效任务",
     .object_type = "assessment_unit_task",
     .target = task_target},
    R("GET", "/api/v1/assessment/unit-categories", api_categories_list, PERM_ASSESSMENT_READ,
      SCOPE_WHOLE, 0, "处室类别及其考核标准、等次分数线", NULL, NULL),
    R("POST", "/api/v1/assessment/unit-categories", api_categories_create, PERM_ASSESSMENT_WRITE,
      SCOPE_WHOLE, ROUTE_WRITE, "新增处室类别", "assessment.category_create", "新增处室类别"),
    {.method = "PATCH",
     .pattern = "/api/v1/assessment/unit-categories/{id}",
     .handler = api_categories_update,
     .perm = PERM_ASSESSMENT_WRITE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "修改处室类别（名称、考核标准、等次分数线）",
     .audit = "assessment.category_update",
     .audit_label = "修改处室类别",
     .object_type = "assessment_unit_category",
     .target = category_target},
    R("PUT", "/api/v1/assessment/unit-years", api_unit_year_set, PERM_ASSESSMENT_WRITE, SCOPE_WHOLE,
      ROUTE_WRITE, "设置处室某年度的类别", "assessment.unit_year_set", "设置处室年度类别"),
    R("GET", "/api/v1/assessment/unit-performance", api_unit_performance, PERM_ASSESSMENT_READ,
      SCOPE_WHOLE, 0, "处室绩效考核：某年度各处室得分、等次与排名", NULL, NULL),
    R("GET", "/api/v1/assessment/results", api_results, PERM_ASSESSMENT_READ, SCOPE_WHOLE, 0,
      "考核结果运用名单（三连优秀、基本称职、不称职、累计称职以上年数）", NULL, NULL),
    R("GET", "/api/v1/people/{id}/assessment", api_person_history, PERM_PEOPLE_READ, SCOPE_PERSON,
      0, "一名干部历年考核等次与得分", NULL, NULL),
};
ROUTE_TABLE_EVENTS(api_assessment_routes, routes, events);
