/* test_qualify.c — runs every hand-worked case of tests/data/qualify (one JSON file each)
 * (RULES.md §1–§6, §9) through qualify_evaluate and checks verdicts, reasons,
 * dates and record findings; plus the seed tables' own consistency. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "core/date.h"
#include "core/qualify.h"
#include "core/rules.h"
#include "util/arena.h"

/* tests/unit/test_qualify.c → tests/data/qualify: core may not read files,
 * so the test finds its cases next to its own source. */
static const char *data_dir(struct arena *a)
{
    const char *file = __FILE__;
    const char *cut = strstr(file, "/unit/test_qualify.c");
    if (cut == NULL)
        return "tests/data/qualify";
    return arena_sprintf(a, "%.*s/data/qualify", (int)(cut - file), file);
}

/* ---- reading a case --------------------------------------------------- */

static struct date parse_date(json_t *v, const char *where)
{
    struct date d = DATE_NONE;
    if (v == NULL || json_is_null(v))
        return d;
    if (!json_is_string(v) || date_parse_iso(json_string_value(v), &d) != 0)
        fail_msg("%s: bad date", where);
    return d;
}

static const char *str_or(struct arena *a, json_t *obj, const char *key, const char *dflt)
{
    json_t *v = json_object_get(obj, key);
    if (v == NULL)
        return dflt;
    if (json_is_null(v))
        return NULL;
    return arena_strdup(a, json_string_value(v));
}

static struct date date_or(json_t *obj, const char *key, struct date dflt, const char *where)
{
    json_t *v = json_object_get(obj, key);
    if (v == NULL)
        return dflt;
    return parse_date(v, where);
}

static void parse_target(struct arena *a, const char *text, struct qualify_target *t)
{
    char *copy = arena_strdup(a, text);
    char *slash = strchr(copy, '/');
    t->party_post = RULES_PARTY_NONE;
    if (slash != NULL) {
        *slash = '\0';
        const char *p = slash + 1;
        t->party_post = strcmp(p, "branch") == 0   ? RULES_PARTY_BRANCH_SECRETARY
                        : strcmp(p, "county") == 0 ? RULES_PARTY_COUNTY_COMMITTEE
                                                   : RULES_PARTY_CITY_COMMITTEE;
    }
    if (strncmp(copy, "rank:", 5) == 0)
        t->kind = QUALIFY_RANK;
    else if (strncmp(copy, "post:", 5) == 0)
        t->kind = QUALIFY_POST;
    else
        fail_msg("bad target %s", text);
    t->code = copy + 5;
}

static enum rules_confidence parse_confidence(const char *s)
{
    if (s == NULL || strcmp(s, "TXT") == 0)
        return RULES_TXT;
    if (strcmp(s, "LAW") == 0)
        return RULES_LAW;
    if (strcmp(s, "ONE") == 0)
        return RULES_ONE;
    return RULES_REC;
}

/* Applies the case's "rules" overrides to a copy of the seed. */
static const struct rules *case_rules(struct arena *a, json_t *over, const char *where)
{
    if (over == NULL)
        return rules_seed();
    struct rules *r = rules_copy(a, rules_seed());
    json_t *v;
    if ((v = json_object_get(over, "grade_counting")) != NULL) {
        struct rules_grade_counting *g = arena_calloc(a, r->grade_counting_count, sizeof *g);
        memcpy(g, r->grade_counting, r->grade_counting_count * sizeof *g);
        for (size_t i = 0; i < r->grade_counting_count; i++) {
            json_t *b;
            if ((b = json_object_get(v, "merge_equivalent")) != NULL)
                g[i].merge_equivalent = json_is_true(b);
            if ((b = json_object_get(v, "concurrent_posts_count")) != NULL)
                g[i].concurrent_posts_count = json_is_true(b);
        }
        r->grade_counting = g;
    }
    if ((v = json_object_get(over, "female_county_at_60")) != NULL)
        r->female_county_at_60 = json_is_true(v);
    if ((v = json_object_get(over, "rank_steps")) != NULL) {
        size_t n = r->rank_step_count + json_array_size(v);
        struct rules_rank_step *s = arena_calloc(a, n, sizeof *s);
        memcpy(s, r->rank_steps, r->rank_step_count * sizeof *s);
        size_t i;
        json_t *row;
        json_array_foreach(v, i, row)
        {
            struct rules_rank_step *x = &s[r->rank_step_count + i];
            x->row.id = str_or(a, row, "id", NULL);
            x->row.source = str_or(a, row, "source", "");
            x->row.confidence = parse_confidence(str_or(a, row, "confidence", NULL));
            x->row.effective_from = date_or(row, "from", DATE_NONE, where);
            x->row.effective_to = date_or(row, "to", DATE_NONE, where);
            x->target_rank = str_or(a, row, "target", NULL);
            x->from_rank = str_or(a, row, "from_rank", NULL);
            x->from_post_level = str_or(a, row, "from_post_level", NULL);
            x->months = (int)json_integer_value(json_object_get(row, "months"));
        }
        r->rank_steps = s;
        r->rank_step_count = n;
    }
    if ((v = json_object_get(over, "age_ceilings")) != NULL) {
        size_t n = json_array_size(v);
        struct rules_age_ceiling *c = arena_calloc(a, n, sizeof *c);
        size_t i;
        json_t *row;
        json_array_foreach(v, i, row)
        {
            c[i].row.id = str_or(a, row, "id", NULL);
            c[i].row.source = str_or(a, row, "source", "");
            c[i].row.confidence = RULES_REC;
            c[i].target = str_or(a, row, "target", NULL);
            c[i].max_age_months = (int)json_integer_value(json_object_get(row, "max_age_months"));
        }
        r->age_ceilings = c;
        r->age_ceiling_count = n;
    }
    return r;
}

struct loaded {
    struct qualify_input in;
    struct person person;
    struct date as_of;
    const struct rules *rules;
    struct qualify_target *targets;
    size_t target_count;
};

static void load_case(struct arena *a, json_t *c, const char *where, struct loaded *L)
{
    memset(L, 0, sizeof *L);
    L->as_of = parse_date(json_object_get(c, "as_of"), where);
    L->in.records_as_of = parse_date(json_object_get(c, "records_as_of"), where);
    json_t *p = json_object_get(c, "person");
    /* The default person: a man born 1980-05-10 with a matching ID number. */
    L->person = (struct person){
        .id = 1,
        .name = "测试",
        .gender = str_or(a, p, "gender", "1"),
        .birth_date = date_or(p, "birth_date", (struct date){1980, 5, 10}, where),
        .party = str_or(a, p, "party", "01"),
        .party_join_date = date_or(p, "party_join_date", (struct date){2005, 6, 1}, where),
        .work_start_date = date_or(p, "work_start_date", (struct date){2003, 7, 1}, where),
        .id_number = str_or(a, p, "id_number", "110105198005100019"),
        .unit_id = 1,
    };
    L->in.person = &L->person;

    json_t *arr = json_object_get(c, "career");
    size_t n = json_array_size(arr), i;
    json_t *e;
    struct career_record *career = arena_calloc(a, n ? n : 1, sizeof *career);
    json_array_foreach(arr, i, e)
    {
        struct career_record *r = &career[i];
        r->id = json_integer_value(json_object_get(e, "id"));
        r->person_id = 1;
        r->kind = str_or(a, e, "kind", "rank");
        r->rank = str_or(a, e, "rank", NULL);
        r->post_level = str_or(a, e, "level", NULL);
        r->title = str_or(a, e, "title", "");
        json_t *unit = json_object_get(e, "unit");
        r->unit_id = unit ? json_integer_value(unit) : 0;
        r->start_date = parse_date(json_object_get(e, "start"), where);
        r->end_date = parse_date(json_object_get(e, "end"), where);
        r->concurrent = json_is_true(json_object_get(e, "concurrent"));
    }
    L->in.career = career;
    L->in.career_count = n;

    json_t *grades = json_object_get(c, "grades");
    n = json_object_size(grades);
    struct assessment_record *as = arena_calloc(a, n ? n : 1, sizeof *as);
    const char *key;
    i = 0;
    json_object_foreach(grades, key, e)
    {
        as[i].id = (long long)i + 1;
        as[i].year = atoll(key);
        as[i].grade = arena_strdup(a, json_string_value(e));
        i++;
    }
    L->in.assessments = as;
    L->in.assessment_count = n;

    arr = json_object_get(c, "punishments");
    n = json_array_size(arr);
    struct punishment_record *pu = arena_calloc(a, n ? n : 1, sizeof *pu);
    json_array_foreach(arr, i, e)
    {
        pu[i].id = (long long)i + 1;
        pu[i].kind = str_or(a, e, "kind", NULL);
        pu[i].decision_date = parse_date(json_object_get(e, "date"), where);
        pu[i].effect_months = json_integer_value(json_object_get(e, "months"));
    }
    L->in.punishments = pu;
    L->in.punishment_count = n;

    arr = json_object_get(c, "education");
    n = json_array_size(arr);
    struct education_record *ed = arena_calloc(a, n ? n : 1, sizeof *ed);
    json_array_foreach(arr, i, e)
    {
        ed[i].id = json_integer_value(json_object_get(e, "id"));
        ed[i].kind = str_or(a, e, "kind", "fulltime");
        ed[i].education = str_or(a, e, "education", NULL);
        ed[i].start_date = parse_date(json_object_get(e, "start"), where);
        ed[i].end_date = parse_date(json_object_get(e, "end"), where);
    }
    L->in.education = ed;
    L->in.education_count = n;

    arr = json_object_get(c, "family");
    n = json_array_size(arr);
    struct family_record *fa = arena_calloc(a, n ? n : 1, sizeof *fa);
    json_array_foreach(arr, i, e)
    {
        fa[i].id = json_integer_value(json_object_get(e, "id"));
        fa[i].relation = str_or(a, e, "relation", NULL);
        fa[i].name = str_or(a, e, "name", "");
        fa[i].status = str_or(a, e, "status", "");
        fa[i].id_number = str_or(a, e, "id_number", NULL);
        fa[i].birth_date = parse_date(json_object_get(e, "birth"), where);
    }
    L->in.family = fa;
    L->in.family_count = n;

    arr = json_object_get(c, "training");
    n = json_array_size(arr);
    struct qualify_training *tr = arena_calloc(a, n ? n : 1, sizeof *tr);
    json_array_foreach(arr, i, e)
    {
        tr[i].hours = json_number_value(json_object_get(e, "hours"));
        tr[i].date = parse_date(json_object_get(e, "date"), where);
    }
    L->in.training = tr;
    L->in.training_count = n;

    arr = json_object_get(c, "colleagues");
    n = json_array_size(arr);
    struct qualify_colleague *co = arena_calloc(a, n ? n : 1, sizeof *co);
    json_array_foreach(arr, i, e)
    {
        co[i].person_id = json_integer_value(json_object_get(e, "person_id"));
        co[i].name = str_or(a, e, "name", "");
        co[i].id_number = str_or(a, e, "id_number", NULL);
        co[i].birth_date = parse_date(json_object_get(e, "birth"), where);
        co[i].unit_id = json_integer_value(json_object_get(e, "unit_id"));
        co[i].organ_id = json_integer_value(json_object_get(e, "organ_id"));
        co[i].post_level = str_or(a, e, "post_level", NULL);
        co[i].unit_function = str_or(a, e, "unit_function", "");
    }
    L->in.colleagues = co;
    L->in.colleague_count = n;

    json_t *g = json_object_get(c, "grassroots_months");
    L->in.grassroots_months = g ? (int)json_integer_value(g) : -1;
    L->in.organ_id = json_integer_value(json_object_get(c, "organ_id"));
    L->in.unit_function = str_or(a, c, "unit_function", "");

    arr = json_object_get(c, "targets");
    L->target_count = json_array_size(arr);
    L->targets = arena_calloc(a, L->target_count ? L->target_count : 1, sizeof *L->targets);
    json_array_foreach(arr, i, e) parse_target(a, json_string_value(e), &L->targets[i]);

    L->rules = case_rules(a, json_object_get(c, "rules"), where);
}

/* ---- checking a case -------------------------------------------------- */

static const char *effect_name(enum qualify_effect e)
{
    static const char *names[] = {"met", "shortfall", "bar", "missing", "note"};
    return names[e];
}

static char *fmt_date(struct date d, char *buf)
{
    if (date_is_none(d))
        return strcpy(buf, "null");
    return date_format_iso(d, buf);
}

/* Appends one failure line to `*errs`. */
static void complain(struct arena *a, const char **errs, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void complain(struct arena *a, const char **errs, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *line = arena_vsprintf(a, fmt, ap);
    va_end(ap);
    *errs = arena_sprintf(a, "%s\n    %s", *errs, line);
}

static void check_date_field(struct arena *a, const char **errs, const char *what, json_t *want,
                             struct date got)
{
    char g[16], w[16];
    fmt_date(got, g);
    if (json_is_null(want))
        strcpy(w, "null");
    else
        snprintf(w, sizeof w, "%s", json_string_value(want));
    if (strcmp(g, w) != 0)
        complain(a, errs, "%s: want %s, got %s", what, w, g);
}

static void dump_result(struct arena *a, const char **errs, const struct qualify_result *r)
{
    char buf[16];
    complain(a, errs, "got %s change %s:", qualify_verdict_name(r->verdict),
             fmt_date(r->change_date, buf));
    for (const struct qualify_reason *x = r->reasons; x; x = x->next) {
        char u[16];
        complain(a, errs, "  %s %s%s req %d act %d short %d until %s | %s", x->rule_id,
                 effect_name(x->effect), x->decisive ? "" : " (non-decisive)", x->required,
                 x->actual, x->shortfall, fmt_date(x->until, u), x->text);
    }
}

static void check_reason(struct arena *a, const char **errs, const char *tname,
                         const struct qualify_result *r, json_t *want)
{
    const char *rule = json_string_value(json_object_get(want, "rule"));
    const struct qualify_reason *x = r->reasons;
    while (x && strcmp(x->rule_id, rule) != 0)
        x = x->next;
    if (x == NULL) {
        complain(a, errs, "%s: no reason %s", tname, rule);
        return;
    }
    const char *what = arena_sprintf(a, "%s %s", tname, rule);
    json_t *v;
    if ((v = json_object_get(want, "effect")) &&
        strcmp(json_string_value(v), effect_name(x->effect)))
        complain(a, errs, "%s effect: want %s, got %s", what, json_string_value(v),
                 effect_name(x->effect));
    static const char *ints[] = {"required", "actual", "shortfall"};
    int got[] = {x->required, x->actual, x->shortfall};
    for (size_t i = 0; i < 3; i++)
        if ((v = json_object_get(want, ints[i])) && json_integer_value(v) != got[i])
            complain(a, errs, "%s %s: want %lld, got %d", what, ints[i],
                     (long long)json_integer_value(v), got[i]);
    if ((v = json_object_get(want, "until")))
        check_date_field(a, errs, arena_sprintf(a, "%s until", what), v, x->until);
    if ((v = json_object_get(want, "from")))
        check_date_field(a, errs, arena_sprintf(a, "%s from", what), v, x->from);
    if ((v = json_object_get(want, "text")) && strcmp(json_string_value(v), x->text))
        complain(a, errs, "%s text:\n      want %s\n      got  %s", what, json_string_value(v),
                 x->text);
    if ((v = json_object_get(want, "field")) &&
        (!x->field || strcmp(json_string_value(v), x->field)))
        complain(a, errs, "%s field: want %s, got %s", what, json_string_value(v),
                 x->field ? x->field : "(none)");
    if ((v = json_object_get(want, "decisive")) && json_is_true(v) != x->decisive)
        complain(a, errs, "%s decisive: want %d", what, json_is_true(v));
    if ((v = json_object_get(want, "needs_confirmation")) &&
        json_is_true(v) != x->needs_confirmation)
        complain(a, errs, "%s needs_confirmation: want %d", what, json_is_true(v));
}

/* True when `f` matches "rule" or "rule:field". */
static bool finding_matches(const struct qualify_finding *f, const char *want)
{
    const char *colon = strchr(want, ':');
    if (colon == NULL)
        return strcmp(f->rule_id, want) == 0;
    size_t n = (size_t)(colon - want);
    return strlen(f->rule_id) == n && strncmp(f->rule_id, want, n) == 0 &&
           strstr(f->fields, colon + 1) != NULL;
}

/* Runs one case; returns "" or the failure lines. */
/* The brief evaluation without record checks (what the 资格名单 runs) must
 * say what the full one says: the same results, verdicts, change dates and
 * reasons with their numbers; the sentences of the reasons not met alike,
 * those of met requirements and notes empty; no findings. */
static void check_brief(struct arena *a, const char **errs, const struct loaded *L,
                        const struct qualify_report *full)
{
    struct qualify_report *brief = NULL;
    int rc = qualify_evaluate_with(a, L->rules, &L->in, L->as_of, L->targets, L->target_count,
                                   QUALIFY_BRIEF | QUALIFY_NO_RECORD_CHECKS, &brief);
    if (rc != 0) {
        complain(a, errs, "brief: qualify_evaluate_with returned %d", rc);
        return;
    }
    if (brief->finding_count != 0 || brief->findings != NULL)
        complain(a, errs, "brief: %zu findings without record checks", brief->finding_count);
    if (brief->result_count != full->result_count)
        complain(a, errs, "brief: %zu results, full %zu", brief->result_count, full->result_count);
    const struct qualify_result *b = brief->results, *f = full->results;
    for (; b && f; b = b->next, f = f->next) {
        if (b->target.kind != f->target.kind || strcmp(b->target.code, f->target.code) != 0 ||
            b->verdict != f->verdict || date_compare(b->change_date, f->change_date) != 0 ||
            b->reason_count != f->reason_count) {
            complain(a, errs, "brief: result %s differs (verdict %s/%s)", f->label,
                     qualify_verdict_name(b->verdict), qualify_verdict_name(f->verdict));
            continue;
        }
        const struct qualify_reason *x = b->reasons, *y = f->reasons;
        for (; x && y; x = x->next, y = y->next) {
            /* A list shows what is not met and the decisive requirements met. */
            bool shown = (y->effect != QUALIFY_MET && y->effect != QUALIFY_NOTE) ||
                         (y->effect == QUALIFY_MET && y->decisive);
            if (strcmp(x->rule_id, y->rule_id) != 0 || x->effect != y->effect ||
                x->decisive != y->decisive || x->required != y->required ||
                x->actual != y->actual || x->shortfall != y->shortfall ||
                date_compare(x->from, y->from) != 0 || date_compare(x->until, y->until) != 0 ||
                strcmp(x->text, shown ? y->text : "") != 0)
                complain(a, errs, "brief: %s reason %s differs: \"%s\" / \"%s\"", f->label,
                         y->rule_id, x->text, y->text);
        }
    }
}

static const char *run_case(struct arena *a, json_t *c, const char *name)
{
    struct loaded L;
    load_case(a, c, name, &L);
    struct qualify_report *rep = NULL;
    int rc = qualify_evaluate(a, L.rules, &L.in, L.as_of, L.targets, L.target_count, &rep);
    const char *errs = "";
    if (rc != 0)
        return arena_sprintf(a, "\n    qualify_evaluate returned %d", rc);

    json_t *expect = json_object_get(c, "expect");
    const char *tname;
    json_t *want;
    json_object_foreach(expect, tname, want)
    {
        struct qualify_target t;
        parse_target(a, tname, &t);
        const struct qualify_result *r = NULL;
        for (const struct qualify_result *x = rep->results; x; x = x->next)
            if (x->target.kind == t.kind && strcmp(x->target.code, t.code) == 0 &&
                x->target.party_post == t.party_post)
                r = x;
        if (r == NULL) {
            complain(a, &errs, "%s: no result", tname);
            continue;
        }
        const char *before = errs;
        json_t *v;
        if ((v = json_object_get(want, "verdict")) &&
            strcmp(json_string_value(v), qualify_verdict_name(r->verdict)))
            complain(a, &errs, "%s verdict: want %s, got %s", tname, json_string_value(v),
                     qualify_verdict_name(r->verdict));
        if ((v = json_object_get(want, "change")))
            check_date_field(a, &errs, arena_sprintf(a, "%s change", tname), v, r->change_date);
        size_t i;
        json_t *w;
        json_array_foreach(json_object_get(want, "reasons"), i, w)
            check_reason(a, &errs, tname, r, w);
        json_array_foreach(json_object_get(want, "absent"), i, w)
        {
            for (const struct qualify_reason *x = r->reasons; x; x = x->next)
                if (strcmp(x->rule_id, json_string_value(w)) == 0)
                    complain(a, &errs, "%s: reason %s should be absent", tname, x->rule_id);
        }
        if (errs != before)
            dump_result(a, &errs, r);
    }

    json_t *findings = json_object_get(c, "findings");
    if (findings != NULL) {
        size_t i;
        json_t *w;
        json_array_foreach(findings, i, w)
        {
            bool found = false;
            for (const struct qualify_finding *f = rep->findings; f; f = f->next)
                found = found || finding_matches(f, json_string_value(w));
            if (!found)
                complain(a, &errs, "no finding %s", json_string_value(w));
        }
        if (json_is_true(json_object_get(c, "findings_exact")) &&
            rep->finding_count != json_array_size(findings))
            complain(a, &errs, "want %zu findings, got %zu", json_array_size(findings),
                     rep->finding_count);
        if (*errs)
            for (const struct qualify_finding *f = rep->findings; f; f = f->next)
                complain(a, &errs, "  finding %s [%s] %s", f->rule_id, f->fields, f->text);
    }
    json_t *v;
    check_brief(a, &errs, &L, rep);
    if ((v = json_object_get(c, "retirement")))
        check_date_field(a, &errs, "retirement", v, rep->retirement_date);
    if ((v = json_object_get(c, "retirement_age")) &&
        json_integer_value(v) != rep->retirement_age_months)
        complain(a, &errs, "retirement age: want %lld, got %d", (long long)json_integer_value(v),
                 rep->retirement_age_months);
    return errs;
}

static int by_name(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static void test_cases(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    /* __FILE__ is relative to the build directory when meson compiles with
     * relative paths; fall back to the source tree seen from the top. */
    const char *tries[] = {data_dir(a), "tests/data/qualify", "../tests/data/qualify"};
    const char *dir = NULL;
    DIR *d = NULL;
    for (size_t i = 0; i < 3 && d == NULL; i++)
        if ((d = opendir(tries[i])) != NULL)
            dir = tries[i];
    if (d == NULL) {
        arena_free(a);
        fail_msg("cannot open %s", tries[0]);
    }
    char *names[512];
    size_t n = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL && n < 512) {
        size_t len = strlen(ent->d_name);
        if (len > 5 && strcmp(ent->d_name + len - 5, ".json") == 0)
            names[n++] = arena_strdup(a, ent->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    assert_true(n >= 60);

    size_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        const char *path = arena_sprintf(a, "%s/%s", dir, names[i]);
        json_error_t jerr;
        json_t *c = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
        if (c == NULL)
            fail_msg("%s: %s (line %d)", names[i], jerr.text, jerr.line);
        struct arena *ca = arena_new();
        const char *errs = run_case(ca, c, names[i]);
        if (*errs) {
            failed++;
            print_message("FAIL %s — %s%s\n", names[i],
                          json_string_value(json_object_get(c, "about")), errs);
        }
        arena_free(ca);
        json_decref(c);
    }
    print_message("qualify cases: %zu, passed %zu\n", n, n - failed);
    arena_free(a);
    assert_int_equal(failed, 0);
}

/* ---- the seed's own consistency -------------------------------------- */

static void test_seed_consistent(void **state)
{
    (void)state;
    const struct rules *r = rules_seed();
    const struct code_table *ranks = codes_table("rank"), *levels = codes_table("post_level");
    /* Every rank but the lowest has exactly one step row, from the rank
     * right below it (逐级). */
    assert_int_equal(r->rank_step_count, 11);
    for (size_t i = 0; i < r->rank_step_count; i++) {
        const struct rules_rank_step *s = &r->rank_steps[i];
        const struct code *to = codes_by_code(ranks, s->target_rank);
        const struct code *from = codes_by_code(ranks, s->from_rank);
        assert_non_null(to);
        assert_non_null(from);
        assert_int_equal(from->order, to->order + 1);
        if (s->from_post_level)
            assert_non_null(codes_by_code(levels, s->from_post_level));
        assert_true(s->months == 24 || s->months == 36 || s->months == 48);
    }
    assert_int_equal(rules_rank_step(r, "03", (struct date){2020, 1, 1})->months, 36);
    for (size_t i = 0; i < r->block_count; i++)
        assert_non_null(codes_by_code(codes_table("punishment"), r->blocks[i].kind));
    assert_int_equal(r->age_ceiling_count, 0);
    assert_true(rules_needs_confirmation(RULES_REC));
    assert_false(rules_needs_confirmation(RULES_TXT));
    assert_string_equal(rules_confidence_tag(RULES_ONE), "[ONE]");
}

/* The retirement rows are the 2024 decision's formula, month by month:
 * delay = min(cap, ⌊i/step⌋ + 1) for i months after the first affected
 * birth month (RULES.md §9). */
static void test_retirement_table_matches_formula(void **state)
{
    (void)state;
    const struct rules *r = rules_seed();
    static const struct {
        const char *group;
        int base, first_year, step, cap;
    } groups[] = {
        {"male", 720, 1965, 4, 36},
        {"female_cadre", 660, 1970, 4, 36},
        {"female_worker", 600, 1975, 2, 60},
    };
    for (size_t g = 0; g < 3; g++) {
        for (int y = groups[g].first_year - 2; y <= groups[g].first_year + 20; y++) {
            for (int m = 1; m <= 12; m++) {
                int i = (y - groups[g].first_year) * 12 + (m - 1);
                int want = groups[g].base;
                if (i >= 0) {
                    int delay = i / groups[g].step + 1;
                    want += delay < groups[g].cap ? delay : groups[g].cap;
                }
                const struct rules_retirement *row =
                    rules_retirement_row(r, groups[g].group, (struct date){y, m, 0});
                if (row == NULL)
                    fail_msg("%s %d-%02d: no row", groups[g].group, y, m);
                if (row->age_months != want)
                    fail_msg("%s %d-%02d: want %d, got %d", groups[g].group, y, m, want,
                             row->age_months);
            }
        }
    }
    /* RULES.md: 男 born 1976-09 or later → 63; 女干部 1981-09 → 58. */
    assert_int_equal(rules_retirement_row(r, "male", (struct date){1976, 8, 0})->age_months, 755);
    assert_int_equal(rules_retirement_row(r, "male", (struct date){1976, 9, 0})->age_months, 756);
    assert_int_equal(rules_retirement_row(r, "female_cadre", (struct date){1981, 9, 1})->age_months,
                     696);
}

static void test_months_text(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    assert_string_equal(qualify_months_text(a, 21), "1 年 9 个月");
    assert_string_equal(qualify_months_text(a, 24), "2 年");
    assert_string_equal(qualify_months_text(a, 3), "3 个月");
    assert_string_equal(qualify_months_text(a, 0), "0 个月");
    arena_free(a);
}

static void test_invalid_input(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    struct person p = {.gender = "1", .birth_date = {1980, 5, 10}};
    struct qualify_input in = {.person = &p, .grassroots_months = -1};
    struct qualify_report *rep = NULL;
    struct qualify_target bad = {QUALIFY_RANK, "99", RULES_PARTY_NONE};
    assert_int_not_equal(
        qualify_evaluate(a, rules_seed(), &in, (struct date){2021, 2, 30}, NULL, 0, &rep), 0);
    assert_int_not_equal(
        qualify_evaluate(a, rules_seed(), &in, (struct date){2021, 2, 0}, NULL, 0, &rep), 0);
    assert_int_not_equal(
        qualify_evaluate(a, rules_seed(), &in, (struct date){2021, 2, 1}, &bad, 1, &rep), 0);
    assert_int_not_equal(qualify_evaluate(a, NULL, &in, (struct date){2021, 2, 1}, NULL, 0, &rep),
                         0);
    assert_int_equal(
        qualify_evaluate(a, rules_seed(), &in, (struct date){2021, 2, 1}, NULL, 0, &rep), 0);
    /* No rank held: no next-rank result; no post held: 乡科级副职 is next. */
    assert_null(qualify_find(rep, QUALIFY_RANK, "11"));
    assert_non_null(qualify_find(rep, QUALIFY_POST, "6B"));
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_consistent),
        cmocka_unit_test(test_retirement_table_matches_formula),
        cmocka_unit_test(test_months_text),
        cmocka_unit_test(test_invalid_input),
        cmocka_unit_test(test_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
