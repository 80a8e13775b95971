/* forms.c — forms_sheet_build of forms.h. */
#include "core/forms.h"

#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "util/arena.h"

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

static const char *label(const char *table, const char *code)
{
    const char *l = code && *code ? codes_label(table, code) : NULL;
    return l ? l : or_empty(code);
}

static const char *dotted(struct date d, struct arena *a)
{
    char buf[16];
    return arena_strdup(a, date_format_dotted(d, buf));
}

static const char *with_age(struct date birth, struct date day, struct arena *a)
{
    if (date_is_none(birth))
        return "";
    return arena_sprintf(a, "%s（%d岁）", dotted(birth, a), date_age(birth, day));
}

static const char *yyyymm(struct date d, struct arena *a)
{
    return date_is_none(d) ? "" : arena_sprintf(a, "%04d%02d", d.year, d.month);
}

/* 学历学位 of one kind: the record that ended last (an open one first); the
 * level and degree labels apart in `*edu` and `*deg`. */
static void education(const struct forms_input *in, const char *kind, struct arena *a,
                      const char **level, const char **school, const char **edu, const char **deg)
{
    const struct education_record *best = NULL;
    for (size_t i = 0; i < in->education_count; i++) {
        const struct education_record *e = &in->education[i];
        if (!e->kind || strcmp(e->kind, kind) != 0)
            continue;
        if (!best || date_is_none(e->end_date) ||
            (!date_is_none(best->end_date) && date_compare(e->end_date, best->end_date) > 0))
            best = e;
    }
    *level = *school = *edu = *deg = "";
    if (!best)
        return;
    const char *degree = best->degree && *best->degree ? label("degree", best->degree) : "";
    *edu = label("education", best->education);
    *deg = *degree ? arena_sprintf(a, "%s学位", degree) : "";
    *level = *degree ? arena_sprintf(a, "%s %s学位", label("education", best->education), degree)
                     : label("education", best->education);
    const char *major = or_empty(best->major);
    *school = arena_sprintf(a, "%s%s%s", or_empty(best->school), major, *major ? "专业" : "");
}

static const char *current_post(const struct forms_input *in, struct date day, struct arena *a)
{
    const char *posts = "", *rank = "";
    for (size_t i = 0; i < in->career_count; i++) {
        const struct career_record *r = &in->career[i];
        if (!r->kind || !career_is_current(r, day))
            continue;
        if (strcmp(r->kind, "rank") == 0) {
            rank = label("rank", r->rank);
        } else if (r->title && *r->title) {
            posts = arena_sprintf(a, "%s%s%s%s", posts, *posts ? "，" : "", r->title,
                                  r->concurrent ? "（兼）" : "");
        }
    }
    return arena_sprintf(a, "%s%s%s", posts, *posts && *rank ? "，" : "", rank);
}

struct dated_line {
    struct date day;
    const char *text;
};

static int dated_cmp(const void *x, const void *y)
{
    const struct dated_line *a = x, *b = y;
    return date_compare(a->day, b->day);
}

static const char *rewards(const struct forms_input *in, struct arena *a)
{
    size_t n = in->reward_count + in->punishment_count;
    if (n == 0)
        return "无";
    struct dated_line *lines = arena_calloc(a, n, sizeof *lines);
    size_t k = 0;
    for (size_t i = 0; i < in->reward_count; i++) {
        const struct reward_record *r = &in->rewards[i];
        const char *by =
            r->authority && *r->authority ? arena_sprintf(a, "（%s）", r->authority) : "";
        lines[k++] =
            (struct dated_line){r->award_date, arena_sprintf(a, "%s %s%s", dotted(r->award_date, a),
                                                             or_empty(r->name), by)};
    }
    for (size_t i = 0; i < in->punishment_count; i++) {
        const struct punishment_record *p = &in->punishments[i];
        const char *why = p->reason && *p->reason ? arena_sprintf(a, "（%s）", p->reason) : "";
        lines[k++] = (struct dated_line){
            p->decision_date, arena_sprintf(a, "%s 受到%s%s", dotted(p->decision_date, a),
                                            label("punishment", p->kind), why)};
    }
    /* qsort is not stable; records of one day keep no promised order. */
    qsort(lines, k, sizeof *lines, dated_cmp);
    const char *text = "";
    for (size_t i = 0; i < k; i++)
        text = arena_sprintf(a, "%s%s%s", text, i ? "\n" : "", lines[i].text);
    return text;
}

static const char *assessments(const struct forms_input *in, struct arena *a)
{
    /* The latest three years, oldest first: a sorted copy's last three. */
    size_t n = in->assessment_count;
    if (n == 0)
        return "无";
    const struct assessment_record **sorted = arena_calloc(a, n, sizeof *sorted);
    for (size_t i = 0; i < n; i++)
        sorted[i] = &in->assessments[i];
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && sorted[j - 1]->year > sorted[j]->year; j--) {
            const struct assessment_record *t = sorted[j];
            sorted[j] = sorted[j - 1];
            sorted[j - 1] = t;
        }
    const char *text = "";
    for (size_t i = n > 3 ? n - 3 : 0; i < n; i++)
        text = arena_sprintf(a, "%s%s%lld年度%s", text, *text ? "；" : "", sorted[i]->year,
                             label("grade", sorted[i]->grade));
    return text;
}

void forms_sheet_build(const struct forms_input *in, struct date age_day, struct arena *a,
                       struct forms_sheet *out)
{
    const struct person *p = in->person;
    *out = (struct forms_sheet){0};
    out->name = or_empty(p->name);
    out->gender = label("gender", p->gender);
    out->birth = with_age(p->birth_date, age_day, a);
    out->ethnicity = label("ethnicity", p->ethnicity);
    out->native_place = or_empty(p->native_place);
    out->birth_place = or_empty(p->birth_place);
    out->party_box = or_empty(person_party_box(p, a));
    out->work_start = dotted(p->work_start_date, a);
    out->health = or_empty(p->health);
    out->title = or_empty(p->title);
    out->specialty = or_empty(p->specialty);
    education(in, "fulltime", a, &out->fulltime_level, &out->fulltime_school,
              &out->fulltime_education, &out->fulltime_degree);
    education(in, "inservice", a, &out->inservice_level, &out->inservice_school,
              &out->inservice_education, &out->inservice_degree);
    out->birth_ym = yyyymm(p->birth_date, a);
    out->party_ym = yyyymm(p->party_join_date, a);
    out->work_ym = yyyymm(p->work_start_date, a);
    out->age_day_ymd = arena_sprintf(a, "%04d%02d%02d", age_day.year, age_day.month,
                                     age_day.day ? age_day.day : 1);
    out->current_post = current_post(in, age_day, a);
    out->proposed_post = out->removed_post = out->reason = out->reporting_unit = "";
    out->resume = in->resume ? resume_text(in->resume, a) : "";
    out->rewards = rewards(in, a);
    out->assessments = assessments(in, a);
    out->id_number = or_empty(p->id_number);
    struct forms_family_row *rows = arena_calloc(a, in->family_count + 1, sizeof *rows);
    const char **births = arena_calloc(a, in->family_count + 1, sizeof *births);
    for (size_t i = 0; i < in->family_count; i++) {
        const struct family_record *f = &in->family[i];
        births[i] = yyyymm(f->birth_date, a);
        rows[i] = (struct forms_family_row){
            label("relation", f->relation),
            or_empty(f->name),
            with_age(f->birth_date, age_day, a),
            label("party", f->party),
            f->status && *f->status
                ? arena_sprintf(a, "%s（%s）", or_empty(f->work_unit), f->status)
                : or_empty(f->work_unit),
        };
    }
    out->family = rows;
    out->family_birth_ym = births;
    out->family_count = in->family_count;
}
