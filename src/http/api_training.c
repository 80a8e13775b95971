/* api_training.c — /api/v1/training/...: programmes, classes with their
 * sessions, roster, attendance grid and results, external training and its
 * approval, compliance lists and statistics; and a person's 培训 tab. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/training.h"
#include "formats/record_json.h"
#include "formats/table.h"
#include "formats/training_sheet.h"
#include "formats/training_stats.h"
#include "http/handlers.h"
#include "store/training.h"
#include "util/arena.h"

/* The youth rule's default age threshold (青年干部: under 35 in the
 * offices' usage [REC]); a request may name another. */
enum { YOUTH_AGE = 35, YOUTH_AGE_MAX = 60, WEEKLY_MAX = 104 };

static json_t *kind_json(const struct record_kind *kind, const void *rec)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(*(const long long *)rec));
    record_json_set_fields(o, kind, rec, true);
    return o;
}

static json_t *hours_json(double h)
{
    return json_real(h);
}

/* Parses a body into `rec` of `kind` and validates it. */
static int parse(struct request *req, const struct record_kind *kind, json_t *body, void *rec,
                 bool partial)
{
    record_json_parse(kind, body, rec, partial, req->arena, &req->errors);
    if (!req->errors.count)
        record_validate(kind, rec, req->today, &req->errors);
    return req->errors.count ? ERR_INVALID : 0;
}

/* ---- programmes ------------------------------------------------------- */

static int api_programmes_list(struct request *req)
{
    void *items;
    size_t n;
    int rc = training_list(req->db, &training_programme_kind, 0, req->arena, &items, &n);
    if (rc < 0)
        return rc;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            arr, kind_json(&training_programme_kind, (struct training_programme *)items + i));
    return resp_list_whole(req, arr);
}

static int api_programmes_create(struct request *req)
{
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    struct training_programme p = {.recognised = true};
    if ((rc = parse(req, &training_programme_kind, body, &p, true)) < 0)
        return rc;
    if (!p.name) {
        field_errors_add(&req->errors, "name", "项目名称不能为空");
        return ERR_INVALID;
    }
    if (!json_object_get(body, "recognised") && p.category)
        p.recognised = training_category_recognised(p.category);
    if ((rc = training_insert(req->db, &training_programme_kind, &p)) < 0)
        return rc;
    json_t *after = kind_json(&training_programme_kind, &p);
    req_audit_set(req, p.id, NULL, json_incref(after));
    return resp_json(req, 201, after);
}

static int api_programmes_update(struct request *req)
{
    long long id;
    int rc = req_id_or_404(req, 0, "培训项目不存在", &id);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    struct training_programme old, p;
    if ((rc = req_404(req, training_get(req->db, &training_programme_kind, id, req->arena, &old),
                      "培训项目不存在")) < 0)
        return rc;
    p = old;
    if ((rc = parse(req, &training_programme_kind, body, &p, true)) < 0)
        return rc;
    if ((rc = training_update(req->db, &training_programme_kind, &p)) < 0)
        return rc;
    json_t *after = kind_json(&training_programme_kind, &p);
    req_audit_set(req, id, kind_json(&training_programme_kind, &old), json_incref(after));
    return resp_json(req, 200, after);
}

static int programme_target(struct request *req, struct route_target *out)
{
    *out =
        (struct route_target){.table = "training_programmes", .object_type = "training_programme"};
    return req_param_id(req, 0, &out->id);
}

/* ---- classes ---------------------------------------------------------- */

static int api_classes_list(struct request *req)
{
    void *items;
    size_t n;
    int rc = training_list(req->db, &training_class_kind, 0, req->arena, &items, &n);
    if (rc < 0)
        return rc;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr,
                              kind_json(&training_class_kind, (struct training_class *)items + i));
    return resp_list_whole(req, arr);
}

static int api_classes_create(struct request *req)
{
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    struct training_class c = {0};
    if ((rc = parse(req, &training_class_kind, body, &c, false)) < 0)
        return rc;
    /* Recognised unless said otherwise: the programme's, else the category's. */
    c.recognised = training_category_recognised(c.category);
    if (c.programme_id) {
        struct training_programme p;
        rc = training_get(req->db, &training_programme_kind, c.programme_id, req->arena, &p);
        if (rc == ERR_NOT_FOUND) {
            field_errors_add(&req->errors, "programme_id", "培训项目不存在");
            return ERR_INVALID;
        }
        if (rc < 0)
            return rc;
        c.recognised = p.recognised;
        if (!c.category)
            c.category = p.category;
        if (!c.organiser)
            c.organiser = p.organiser;
    }
    json_t *given = json_object_get(body, "recognised");
    if (json_is_boolean(given))
        c.recognised = json_is_true(given);
    if ((rc = training_insert(req->db, &training_class_kind, &c)) < 0)
        return rc;
    json_t *after = kind_json(&training_class_kind, &c);
    req_audit_set(req, c.id, NULL, json_incref(after));
    return resp_json(req, 201, after);
}

static int load_class(struct request *req, long long *id, struct training_class *c)
{
    int rc = req_id_or_404(req, 0, "培训班不存在", id);
    if (rc < 0)
        return rc;
    return req_404(req, training_get(req->db, &training_class_kind, *id, req->arena, c),
                   "培训班不存在");
}

static json_t *enrolment_json(const struct training_enrolment *e, bool unmask)
{
    json_t *o = json_pack("{s:I, s:I, s:s?, s:s?, s:I, s:I, s:b, s:s?, s:b}", "person_id",
                          (json_int_t)e->person_id, "class_id", (json_int_t)e->class_id, "name",
                          e->person_name, "status", e->status, "credited", (json_int_t)e->credited,
                          "missed", (json_int_t)e->missed, "passed", e->passed, "certificate_no",
                          e->certificate_no, "imported", e->imported);
    json_object_set_new(o, "score", e->score > 0 ? json_integer(e->score) : json_null());
    char masked[MASK_MAX];
    const char *idn = e->id_number;
    if (idn && !unmask)
        idn = mask_id_number(idn, masked);
    json_object_set_new(o, "id_number", json_str_or_null(idn));
    return o;
}

/* The class with its sessions, roster and marks: the attendance grid. */
static int api_classes_get(struct request *req)
{
    long long id;
    struct training_class c;
    int rc = load_class(req, &id, &c);
    if (rc < 0)
        return rc;
    void *sessions;
    size_t nsessions, nroster, nmarks;
    struct training_enrolment *roster;
    struct training_mark_row *marks;
    if ((rc = training_list(req->db, &training_session_kind, id, req->arena, &sessions,
                            &nsessions)) < 0 ||
        (rc = training_roster(req->db, id, req->arena, &roster, &nroster)) < 0 ||
        (rc = training_marks(req->db, id, req->arena, &marks, &nmarks)) < 0)
        return rc;
    json_t *o = kind_json(&training_class_kind, &c);
    json_t *s = json_array(), *r = json_array(), *m = json_array();
    long long total = 0;
    for (size_t i = 0; i < nsessions; i++) {
        const struct training_session *x = (struct training_session *)sessions + i;
        total += x->hours;
        json_t *so = kind_json(&training_session_kind, x);
        json_object_set_new(so, "class_id", json_integer(id));
        json_array_append_new(s, so);
    }
    /* Masked always: the grid needs names, and an unmasked read would have
     * to be audited like the person page's. */
    for (size_t i = 0; i < nroster; i++) {
        json_t *e = enrolment_json(&roster[i], false);
        /* Participation rate (青年大讲堂): sessions attended or made up. */
        long long attended = 0;
        for (size_t k = 0; k < nmarks; k++)
            if (marks[k].person_id == roster[i].person_id &&
                (marks[k].mark == TRAINING_PRESENT || marks[k].mark == TRAINING_MADE_UP))
                attended++;
        json_object_set_new(e, "sessions_attended", json_integer(attended));
        json_object_set_new(e, "participation",
                            nsessions ? json_real((double)attended / (double)nsessions)
                                      : json_null());
        json_array_append_new(r, e);
    }
    for (size_t i = 0; i < nmarks; i++)
        json_array_append_new(
            m, json_pack("{s:I, s:I, s:s, s:s?}", "session_id", (json_int_t)marks[i].session_id,
                         "person_id", (json_int_t)marks[i].person_id, "mark",
                         training_mark_name(marks[i].mark), "reason", marks[i].reason));
    json_object_set_new(o, "total_hours", json_integer(total));
    json_object_set_new(o, "sessions", s);
    json_object_set_new(o, "roster", r);
    json_object_set_new(o, "marks", m);
    return resp_json(req, 200, o);
}

static int api_classes_update(struct request *req)
{
    long long id;
    struct training_class old;
    int rc = load_class(req, &id, &old);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    struct training_class c = old;
    if ((rc = parse(req, &training_class_kind, body, &c, true)) < 0)
        return rc;
    if ((rc = training_update(req->db, &training_class_kind, &c)) < 0)
        return rc == ERR_NOT_FOUND
                   ? (field_errors_add(&req->errors, "programme_id", "培训项目不存在"), ERR_INVALID)
                   : rc;
    json_t *after = kind_json(&training_class_kind, &c);
    req_audit_set(req, id, kind_json(&training_class_kind, &old), json_incref(after));
    return resp_json(req, 200, after);
}

static int api_classes_delete(struct request *req)
{
    long long id;
    struct training_class c;
    int rc = load_class(req, &id, &c);
    if (rc < 0)
        return rc;
    if ((rc = training_delete(req->db, &training_class_kind, id)) < 0)
        return rc;
    req_audit_set(req, id, kind_json(&training_class_kind, &c), NULL);
    return resp_bytes(req, 204, NULL, "", 0);
}

static int class_target(struct request *req, struct route_target *out)
{
    *out = (struct route_target){.table = "training_classes", .object_type = "training_class"};
    return req_param_id(req, 0, &out->id);
}

/* ---- sessions --------------------------------------------------------- */

/* {day, start_time, end_time, hours, topic}, or with "weekly_until" one
 * such session every 7 days from `day` to that day (a series such as the
 * 青年大讲堂). Credits of the class are recomputed. */
static int api_sessions_create(struct request *req)
{
    long long id;
    struct training_class c;
    int rc = load_class(req, &id, &c);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    json_t *copy = json_copy(body);
    json_t *until_j = json_object_get(copy, "weekly_until");
    struct date until = DATE_NONE;
    if (until_j && !json_is_null(until_j)) {
        if (!json_is_string(until_j) || date_parse_iso(json_string_value(until_j), &until) < 0 ||
            until.day == 0)
            field_errors_add(&req->errors, "weekly_until", "每周重复的截止日期应为 YYYY-MM-DD");
    }
    json_object_del(copy, "weekly_until");
    struct training_session s = {0};
    record_json_parse(&training_session_kind, copy, &s, false, req->arena, &req->errors);
    json_decref(copy);
    if (!req->errors.count)
        record_validate(&training_session_kind, &s, req->today, &req->errors);
    if (!req->errors.count && !date_is_none(until) && date_compare(until, s.day) < 0)
        field_errors_add(&req->errors, "weekly_until", "截止日期不能早于第一场的日期");
    if (req->errors.count)
        return ERR_INVALID;
    s.class_id = id;
    json_t *made = json_array();
    struct date day = s.day;
    for (int i = 0; i < WEEKLY_MAX; i++) {
        s.day = day;
        if ((rc = training_insert(req->db, &training_session_kind, &s)) < 0)
            return rc;
        json_t *so = kind_json(&training_session_kind, &s);
        json_object_set_new(so, "class_id", json_integer(id));
        json_array_append_new(made, so);
        day = date_add_days(day, 7);
        if (date_is_none(until) || date_compare(day, until) > 0)
            break;
    }
    struct training_config cfg;
    if ((rc = training_settings_load(req->db, &cfg)) < 0 ||
        (rc = training_recompute_class(req->db, &cfg, id)) < 0)
        return rc;
    json_t *after = json_pack("{s:o}", "sessions", made);
    req_audit_set(req, id, NULL, json_incref(after));
    return resp_json(req, 201, after);
}

static int api_sessions_delete(struct request *req)
{
    long long id;
    int rc = req_id_or_404(req, 0, "培训场次不存在", &id);
    if (rc < 0)
        return rc;
    struct training_session s;
    if ((rc = req_404(req, training_get(req->db, &training_session_kind, id, req->arena, &s),
                      "培训场次不存在")) < 0)
        return rc;
    struct training_config cfg;
    if ((rc = training_delete(req->db, &training_session_kind, id)) < 0 ||
        (rc = training_settings_load(req->db, &cfg)) < 0 ||
        (rc = training_recompute_class(req->db, &cfg, s.class_id)) < 0)
        return rc;
    json_t *before = kind_json(&training_session_kind, &s);
    json_object_set_new(before, "class_id", json_integer(s.class_id));
    req_audit_set(req, id, before, NULL);
    return resp_bytes(req, 204, NULL, "", 0);
}

/* ---- enrolment, attendance, results ----------------------------------- */

static bool id_of(json_t *v, long long *out)
{
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
        return false;
    *out = json_integer_value(v);
    return true;
}

/* {person_id} | {unit_id} | {rule: "youth", max_age} | {rule: "short"}: enrols and answers
 * how many were added. */
static int api_enrol(struct request *req)
{
    long long id;
    struct training_class c;
    int rc = load_class(req, &id, &c);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    long long person = 0, unit = 0;
    json_t *rule = json_object_get(body, "rule");
    size_t added = 0;
    if (json_object_get(body, "person_id")) {
        if (!id_of(json_object_get(body, "person_id"), &person)) {
            field_errors_add(&req->errors, "person_id", "干部编号应为正整数");
            return ERR_INVALID;
        }
        bool one;
        rc = training_enrol(req->db, id, person, &one);
        if (rc == ERR_NOT_FOUND) {
            field_errors_add(&req->errors, "person_id", "干部不存在");
            return ERR_INVALID;
        }
        if (rc == ERR_CONFLICT) {
            req->error_detail = "培训班已满员";
            return ERR_CONFLICT;
        }
        added = one;
    } else if (json_object_get(body, "unit_id")) {
        if (!id_of(json_object_get(body, "unit_id"), &unit)) {
            field_errors_add(&req->errors, "unit_id", "单位编号应为正整数");
            return ERR_INVALID;
        }
        rc = training_enrol_unit(req->db, id, unit, &added);
        if (rc == ERR_NOT_FOUND) {
            field_errors_add(&req->errors, "unit_id", "单位不存在");
            return ERR_INVALID;
        }
    } else if (json_is_string(rule) && strcmp(json_string_value(rule), "youth") == 0) {
        json_t *age = json_object_get(body, "max_age");
        long long max_age = YOUTH_AGE;
        if (age && (!json_is_integer(age) || json_integer_value(age) < 18 ||
                    json_integer_value(age) > YOUTH_AGE_MAX)) {
            field_errors_add(&req->errors, "max_age", "年龄上限应为 18 到 %d 之间的整数",
                             YOUTH_AGE_MAX);
            return ERR_INVALID;
        }
        if (age)
            max_age = json_integer_value(age);
        rc = training_enrol_youth(req->db, id, (int)max_age, &added);
    } else if (json_is_string(rule) && strcmp(json_string_value(rule), "short") == 0) {
        struct training_config cfg;
        if ((rc = training_settings_load(req->db, &cfg)) == 0)
            rc = training_enrol_short(req->db, &cfg, id, &added);
    } else {
        field_errors_add(&req->errors, "person_id",
                         "请指定 person_id（干部）、unit_id（单位）、rule: \"youth\"（青年干部）"
                         "或 rule: \"short\"（本年度学时不足者）");
        return ERR_INVALID;
    }
    if (rc < 0)
        return rc;
    json_t *after = json_pack("{s:I, s:I}", "class_id", (json_int_t)id, "added", (json_int_t)added);
    req_audit_set(req, id, NULL, json_incref(after));
    return resp_json(req, 200, after);
}

/* {marks: [{session_id, person_id, mark, reason}]}: all or nothing. */
static int api_attendance(struct request *req)
{
    long long id;
    struct training_class c;
    int rc = load_class(req, &id, &c);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    json_t *marks = json_object_get(body, "marks");
    if (!json_is_array(marks) || json_array_size(marks) == 0) {
        field_errors_add(&req->errors, "marks", "marks 应为非空数组");
        return ERR_INVALID;
    }
    struct training_config cfg;
    if ((rc = training_settings_load(req->db, &cfg)) < 0)
        return rc;
    size_t i;
    json_t *m;
    json_array_foreach(marks, i, m)
    {
        long long session = 0, person = 0;
        const char *f = arena_sprintf(req->arena, "marks[%zu]", i);
        int mark = training_mark_parse(json_string_value(json_object_get(m, "mark")));
        json_t *reason = json_object_get(m, "reason");
        if (!id_of(json_object_get(m, "session_id"), &session) ||
            !id_of(json_object_get(m, "person_id"), &person)) {
            field_errors_add(&req->errors, f, "第 %zu 项应含 session_id 与 person_id", i + 1);
            continue;
        }
        if (mark < 0) {
            field_errors_add(&req->errors, arena_sprintf(req->arena, "%s.mark", f),
                             "第 %zu 项考勤应为 present（签到）、leave（请假）、absent（缺勤）"
                             "或 made_up（补课）",
                             i + 1);
            continue;
        }
        if (reason && !json_is_null(reason) && !json_is_string(reason)) {
            field_errors_add(&req->errors, arena_sprintf(req->arena, "%s.reason", f),
                             "第 %zu 项请假事由应为文字", i + 1);
            continue;
        }
        struct training_session s;
        rc = training_get(req->db, &training_session_kind, session, req->arena, &s);
        if (rc == 0 && s.class_id != id)
            rc = ERR_NOT_FOUND;
        if (rc == ERR_NOT_FOUND) {
            field_errors_add(&req->errors, arena_sprintf(req->arena, "%s.session_id", f),
                             "第 %zu 项的场次不属于本培训班", i + 1);
            continue;
        }
        if (rc < 0)
            return rc;
        if (req->errors.count)
            continue; /* nothing is written once anything is wrong */
        rc = training_mark_set(req->db, &cfg, session, person, (enum training_mark)mark,
                               json_string_value(reason));
        if (rc == ERR_NOT_FOUND) {
            field_errors_add(&req->errors, arena_sprintf(req->arena, "%s.person_id", f),
                             "第 %zu 项的干部未参加本培训班", i + 1);
            continue;
        }
        if (rc < 0)
            return rc;
    }
    if (req->errors.count)
        return ERR_INVALID; /* the router rolls back what was written */
    json_t *after = json_pack("{s:I, s:I}", "class_id", (json_int_t)id, "marks",
                              (json_int_t)json_array_size(marks));
    req_audit_set(req, id, NULL, json_incref(after));
    return resp_json(req, 200, after);
}

/* {results: [{person_id, status, score, certificate_no}]}: all or nothing. */
static int api_results(struct request *req)
{
    long long id;
    struct training_class c;
    int rc = load_class(req, &id, &c);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    json_t *results = json_object_get(body, "results");
    if (!json_is_array(results) || json_array_size(results) == 0) {
        field_errors_add(&req->errors, "results", "results 应为非空数组");
        return ERR_INVALID;
    }
    size_t i;
    json_t *item;
    json_array_foreach(results, i, item)
    {
        const char *f = arena_sprintf(req->arena, "results[%zu]", i);
        long long person = 0;
        if (!json_is_object(item) || !id_of(json_object_get(item, "person_id"), &person)) {
            field_errors_add(&req->errors, f, "第 %zu 项应含 person_id", i + 1);
            continue;
        }
        json_t *copy = json_copy(item);
        json_object_del(copy, "person_id");
        struct training_result r = {0};
        struct field_errors fe;
        field_errors_init(&fe, req->arena);
        record_json_parse(&training_result_kind, copy, &r, false, req->arena, &fe);
        json_decref(copy);
        if (!fe.count)
            record_validate(&training_result_kind, &r, req->today, &fe);
        for (const struct field_error *e = fe.head; e; e = e->next)
            field_errors_add(&req->errors, arena_sprintf(req->arena, "%s.%s", f, e->field),
                             "第 %zu 项：%s", i + 1, e->message);
        if (req->errors.count)
            continue;
        rc = training_result_set(req->db, id, person, &r);
        if (rc == ERR_NOT_FOUND)
            field_errors_add(&req->errors, arena_sprintf(req->arena, "%s.person_id", f),
                             "第 %zu 项的干部未参加本培训班", i + 1);
        else if (rc == ERR_INVALID)
            field_errors_add(&req->errors, arena_sprintf(req->arena, "%s.status", f),
                             "第 %zu 项请假（含缺勤）超过总学时的 %d/%d，不能结业", i + 1, 1, 7);
        else if (rc < 0)
            return rc;
    }
    if (req->errors.count)
        return ERR_INVALID;
    json_t *after = json_pack("{s:I, s:O}", "class_id", (json_int_t)id, "results", results);
    req_audit_set(req, id, NULL, json_incref(after));
    return resp_json(req, 200, after);
}

/* ---- external training ------------------------------------------------ */

/* The person of the path inside the user's scope, else 404 (a scoped user
 * learns nothing of people outside it). */
static int person_param(struct request *req, long long *person)
{
    int rc = req_id_or_404(req, 0, "干部不存在", person);
    struct person_view v;
    if (rc == 0)
        rc =
            req_404(req, people_get_in(req->db, req->scope, *person, req->arena, &v), "干部不存在");
    return rc;
}

static int api_external_create(struct request *req)
{
    long long person;
    int rc = person_param(req, &person);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    struct training_external x = {.person_id = person, .recognised = true};
    if ((rc = parse(req, &training_external_kind, body, &x, true)) < 0)
        return rc;
    static const char *const required[][2] = {
        {"name", "培训名称"}, {"end_date", "结束日期"}, {"evidence", "证明材料（证书编号等)"}};
    if (!x.name)
        field_errors_add(&req->errors, required[0][0], "%s不能为空", required[0][1]);
    if (date_is_none(x.end_date))
        field_errors_add(&req->errors, required[1][0], "%s不能为空", required[1][1]);
    if (!x.evidence)
        field_errors_add(&req->errors, required[2][0], "%s不能为空", required[2][1]);
    if (x.hours <= 0)
        field_errors_add(&req->errors, "hours", "学时应为正整数");
    if (req->errors.count)
        return ERR_INVALID;
    if (!json_object_get(body, "recognised") && x.category)
        x.recognised = training_category_recognised(x.category);
    if ((rc = req_404(req, training_insert(req->db, &training_external_kind, &x), "干部不存在")) <
        0)
        return rc;
    x.status = "pending";
    json_t *after = record_json_new(&training_external_kind, &x, true);
    req_audit_set(req, x.id, NULL, json_incref(after));
    return resp_json(req, 201, after);
}

static int api_external_list(struct request *req)
{
    void *items;
    size_t n;
    int rc = training_list(req->db, &training_external_kind, 0, req->arena, &items, &n);
    if (rc < 0)
        return rc;
    const char *status = req_query(req, "status");
    json_t *arr = json_array();
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        const struct training_external *x = (struct training_external *)items + i;
        if (status && *status && (!x->status || strcmp(status, x->status) != 0))
            continue;
        json_t *o = record_json_new(&training_external_kind, x, true);
        json_object_set_new(o, "person_id", json_integer(x->person_id));
        json_object_set_new(
            o, "person_name",
            json_str_or_null(training_person_name(req->db, x->person_id, req->arena)));
        json_array_append_new(arr, o);
        shown++;
    }
    return resp_json(req, 200,
                     json_pack("{s:o, s:I, s:i, s:I}", "items", arr, "total", (json_int_t)shown,
                               "page", 1, "per_page", (json_int_t)shown));
}

/* {id, status: approved|rejected, note}. */
static int api_external_review(struct request *req)
{
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    long long id = 0;
    const char *status = json_string_value(json_object_get(body, "status"));
    const char *note = json_string_value(json_object_get(body, "note"));
    if (!id_of(json_object_get(body, "id"), &id))
        field_errors_add(&req->errors, "id", "请指定待审核记录的编号 id");
    if (!status || (strcmp(status, "approved") != 0 && strcmp(status, "rejected") != 0))
        field_errors_add(&req->errors, "status",
                         "审核结果应为 approved（认定）或 rejected（不予认定）");
    if (req->errors.count)
        return ERR_INVALID;
    struct training_external before;
    rc = training_get(req->db, &training_external_kind, id, req->arena, &before);
    if (rc == ERR_NOT_FOUND) {
        field_errors_add(&req->errors, "id", "待审核记录不存在");
        return ERR_INVALID;
    }
    if (rc < 0 || (rc = training_external_review(req->db, id, status, note)) < 0)
        return rc;
    struct training_external after = before;
    after.status = status;
    json_t *a = record_json_new(&training_external_kind, &after, true);
    req_audit_set(req, id, record_json_new(&training_external_kind, &before, true), json_incref(a));
    return resp_json(req, 200, a);
}

/* ---- a person's 培训 tab ---------------------------------------------- */

static json_t *check_json(const struct training_check *k)
{
    char from[11], to[11], due[11];
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s}", "rule_id",
                     k->req->row.id, "label", k->req->label, "source", k->req->row.source, "from",
                     date_format_iso(k->from, from), "to", date_format_iso(k->to, to), "due",
                     date_format_iso(k->due, due), "required", hours_json(k->required), "credited",
                     hours_json(k->credited), "unrecognised", hours_json(k->unrecognised),
                     "shortfall", hours_json(k->shortfall), "level",
                     k->req->upper ? "upper" : "lower");
}

static int parse_as_of(struct request *req, struct date *as_of)
{
    *as_of = req->today;
    const char *s = req_query(req, "as_of");
    if (s && *s && (date_parse_iso(s, as_of) < 0 || as_of->day == 0)) {
        field_errors_add(&req->errors, "as_of", "日期应为 YYYY-MM-DD");
        return ERR_INVALID;
    }
    return req->errors.count ? ERR_INVALID : 0;
}

/* Credits, yearly hours of the last five years and the compliance lines. */
static int api_person_hours(struct request *req)
{
    long long person;
    int rc = person_param(req, &person);
    struct date as_of;
    if (rc < 0 || (rc = parse_as_of(req, &as_of)) < 0)
        return rc;
    struct training_config cfg;
    struct training_credit *credits;
    size_t n;
    struct career_record *career;
    size_t ncareer;
    if ((rc = training_settings_load(req->db, &cfg)) < 0 ||
        (rc = training_person_credits(req->db, person, false, req->arena, &credits, &n)) < 0)
        return rc;
    if ((rc = training_career(req->db, person, req->arena, &career, &ncareer)) < 0)
        return rc;
    struct training_levels levels;
    training_levels_of(career, ncareer, as_of, &levels);
    struct date entry;
    if ((rc = training_entry_date(req->db, person, &entry)) < 0)
        return req_404(req, rc, "干部不存在");
    size_t nreq;
    const struct training_requirement *reqs = training_requirements(&nreq);
    struct training_check checks[3];
    size_t nchecks =
        training_compliance(&cfg, reqs, nreq, credits, n, &levels, entry, as_of, checks);
    json_t *years = json_array();
    for (int y = as_of.year - 4; y <= as_of.year; y++) {
        struct date from = {y, 1, 1}, to = {y, 12, 31};
        json_array_append_new(
            years, json_pack("{s:i, s:o, s:o}", "year", y, "recognised",
                             hours_json(training_hours_between(credits, n, from, to, true)), "all",
                             hours_json(training_hours_between(credits, n, from, to, false))));
    }
    json_t *lines = json_array();
    for (size_t i = 0; i < nchecks; i++)
        json_array_append_new(lines, check_json(&checks[i]));
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        char d[11];
        json_array_append_new(
            items,
            json_pack("{s:s?, s:o, s:b, s:s?, s:s?}", "date",
                      date_is_none(credits[i].date) ? NULL : date_format_iso(credits[i].date, d),
                      "hours", hours_json(credits[i].hours), "recognised", credits[i].recognised,
                      "category", credits[i].category, "category_label",
                      training_category_label(credits[i].category)));
    }
    char day[11];
    return resp_json(req, 200,
                     json_pack("{s:I, s:s, s:b, s:o, s:o, s:o, s:f}", "person_id",
                               (json_int_t)person, "as_of", date_format_iso(as_of, day), "upper",
                               levels.upper, "years", years, "checks", lines, "credits", items,
                               "hours_per_day", cfg.hours_per_day));
}

/* ---- compliance and statistics ---------------------------------------- */

struct compliance_ctx {
    json_t *items;
    const char *list; /* "short", "appointees" */
};

static int compliance_row(const struct training_person_status *s, void *arg)
{
    struct compliance_ctx *c = arg;
    for (size_t i = 0; i < s->ncheck; i++) {
        const struct training_check *k = &s->checks[i];
        bool appointment = k->req->window == TRAINING_AFTER_EVENT;
        if (strcmp(c->list, "appointees") == 0 ? !appointment : k->shortfall <= 0)
            continue;
        json_t *o = check_json(k);
        json_object_set_new(o, "person_id", json_integer(s->person_id));
        json_object_set_new(o, "name", json_str_or_null(s->name));
        char masked[MASK_MAX];
        json_object_set_new(
            o, "id_number",
            json_str_or_null(s->id_number ? mask_id_number(s->id_number, masked) : NULL));
        json_array_append_new(c->items, o);
    }
    return 0;
}

/* ?format=xlsx asks for the list as a file; absent or "json" for JSON. */
static int parse_format(struct request *req, bool *xlsx)
{
    const char *format = req_query(req, "format");
    *xlsx = format && strcmp(format, "xlsx") == 0;
    if (format && *format && !*xlsx && strcmp(format, "json") != 0) {
        field_errors_add(&req->errors, "format", "format 应为 xlsx 或 json");
        return ERR_INVALID;
    }
    return 0;
}

struct compliance_file {
    json_t *items;
    const char *list;
};

/* The compliance list as the office prints it: one line per person and
 * requirement, the ID number masked as in the JSON answer. */
static int write_compliance(struct request *req, const char *path, void *arg)
{
    struct compliance_file *c = arg;
    bool appointees = strcmp(c->list, "appointees") == 0;
    struct table_writer *w =
        table_writer_open(TABLE_XLSX, path, appointees ? "新任职任职培训" : "培训学时不足");
    if (!w)
        return ERR_IO;
    static const char *const head[] = {"身份证号",   "姓名", "层次",     "要求",    "应学学时",
                                       "已认定学时", "差额", "计算期间", "完成期限"};
    table_writer_row(w, head, sizeof head / sizeof *head);
    size_t i;
    json_t *o;
    json_array_foreach(c->items, i, o)
    {
        const char *level = strcmp(json_string_value(json_object_get(o, "level")), "upper") == 0
                                ? "县处级以上"
                                : "乡科级及以下";
        const char *cells[] = {
            json_string_value(json_object_get(o, "id_number")),
            json_string_value(json_object_get(o, "name")),
            level,
            json_string_value(json_object_get(o, "label")),
            arena_sprintf(req->arena, "%g", json_number_value(json_object_get(o, "required"))),
            arena_sprintf(req->arena, "%g", json_number_value(json_object_get(o, "credited"))),
            arena_sprintf(req->arena, "%g", json_number_value(json_object_get(o, "shortfall"))),
            arena_sprintf(req->arena, "%s至%s", json_string_value(json_object_get(o, "from")),
                          json_string_value(json_object_get(o, "to"))),
            json_string_value(json_object_get(o, "due")),
        };
        table_writer_row(w, cells, sizeof cells / sizeof *cells);
    }
    return table_writer_close(w);
}

struct stats_file {
    const struct training_stats *st;
    struct date from, to;
};

static int write_stats(struct request *req, const char *path, void *arg)
{
    (void)req;
    struct stats_file *f = arg;
    return training_stats_write(f->st, f->from, f->to, TABLE_XLSX, path);
}

/* ?as_of=&list=short|projected|appointees[&format=xlsx] */
static int api_compliance(struct request *req)
{
    struct date as_of;
    int rc = parse_as_of(req, &as_of);
    if (rc < 0)
        return rc;
    const char *list = req_query(req, "list");
    if (!list || !*list)
        list = "short";
    bool projected = strcmp(list, "projected") == 0;
    if (strcmp(list, "short") != 0 && !projected && strcmp(list, "appointees") != 0)
        field_errors_add(
            &req->errors, "list",
            "list 应为 short（学时不足）、projected（预计年底不足）或 appointees（新任职）");
    bool want_xlsx;
    if (parse_format(req, &want_xlsx) < 0 || req->errors.count)
        return ERR_INVALID;
    if (projected)
        as_of = (struct date){as_of.year, 12, 31};
    struct training_config cfg;
    if ((rc = training_settings_load(req->db, &cfg)) < 0)
        return rc;
    struct compliance_ctx c = {json_array(), projected ? "short" : list};
    if ((rc = training_compliance_scan(req->db, &cfg, as_of, projected, compliance_row, &c)) < 0) {
        json_decref(c.items);
        return rc;
    }
    size_t n = json_array_size(c.items);
    char day[11];
    date_format_iso(as_of, day);
    if (want_xlsx) {
        struct compliance_file file = {c.items, list};
        int fd;
        size_t size;
        rc = req_temp_export(req, "training compliance", write_compliance, &file, &fd, &size);
        json_t *after =
            json_pack("{s:s, s:s, s:I}", "as_of", day, "list", list, "rows", (json_int_t)n);
        json_decref(c.items);
        if (rc == 0)
            rc = export_send(req, fd, size, true, "training.compliance_export", after,
                             "training-compliance", "培训学时名单");
        json_decref(after);
        return rc;
    }
    return resp_json(req, 200,
                     json_pack("{s:o, s:I, s:i, s:I, s:s, s:s}", "items", c.items, "total",
                               (json_int_t)n, "page", 1, "per_page", (json_int_t)n, "as_of", day,
                               "list", list));
}

/* ?from=&to=[&format=xlsx]: classes, sessions, 人次 and distinct people,
 * in total and by programme, unit, level and age band. */
static int api_stats(struct request *req)
{
    struct date from = {req->today.year, 1, 1}, to = req->today;
    const char *f = req_query(req, "from"), *t = req_query(req, "to");
    if (f && *f && (date_parse_iso(f, &from) < 0 || from.day == 0))
        field_errors_add(&req->errors, "from", "日期应为 YYYY-MM-DD");
    if (t && *t && (date_parse_iso(t, &to) < 0 || to.day == 0))
        field_errors_add(&req->errors, "to", "日期应为 YYYY-MM-DD");
    bool want_xlsx;
    if (parse_format(req, &want_xlsx) < 0 || req->errors.count)
        return ERR_INVALID;
    struct training_stats st;
    int rc = training_stats(req->db, from, to, req->arena, &st);
    if (rc < 0)
        return rc;
    json_t *body = training_stats_json(&st, from, to);
    if (!want_xlsx)
        return resp_json(req, 200, body);
    struct stats_file file = {&st, from, to};
    int fd;
    size_t size;
    rc = req_temp_export(req, "training stats", write_stats, &file, &fd, &size);
    json_t *after = json_pack("{s:O, s:O}", "from", json_object_get(body, "from"), "to",
                              json_object_get(body, "to"));
    json_decref(body);
    if (rc == 0)
        rc = export_send(req, fd, size, true, "training.stats_export", after, "training-stats",
                         "培训统计");
    json_decref(after);
    return rc;
}

/* ---- mentoring pairs and placements ------------------------------------ */

static json_t *pair_json(struct request *req, const struct training_pair *p)
{
    json_t *o = kind_json(&training_pair_kind, p);
    json_object_set_new(o, "mentor_name",
                        json_str_or_null(training_person_name(req->db, p->mentor_id, req->arena)));
    json_object_set_new(
        o, "apprentice_name",
        json_str_or_null(training_person_name(req->db, p->apprentice_id, req->arena)));
    return o;
}

static json_t *placement_json(struct request *req, const struct training_placement *p)
{
    json_t *o = kind_json(&training_placement_kind, p);
    json_object_set_new(o, "person_id", json_integer(p->person_id));
    json_object_set_new(o, "person_name",
                        json_str_or_null(training_person_name(req->db, p->person_id, req->arena)));
    return o;
}

/* A referenced person that does not exist is the body's mistake. */
static int person_refs(struct request *req, int rc, const char *field)
{
    if (rc != ERR_NOT_FOUND)
        return rc;
    field_errors_add(&req->errors, field, "干部不存在");
    return ERR_INVALID;
}

static int api_pairs_list(struct request *req)
{
    void *items;
    size_t n;
    int rc = training_list(req->db, &training_pair_kind, 0, req->arena, &items, &n);
    if (rc < 0)
        return rc;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, pair_json(req, (struct training_pair *)items + i));
    return resp_list_whole(req, arr);
}

static int api_pairs_create(struct request *req)
{
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    struct training_pair p = {0};
    if ((rc = parse(req, &training_pair_kind, body, &p, false)) < 0)
        return rc;
    if (!p.status)
        p.status = "active";
    if ((rc = person_refs(req, training_insert(req->db, &training_pair_kind, &p),
                          "apprentice_id")) < 0)
        return rc;
    json_t *after = pair_json(req, &p);
    req_audit_set(req, p.id, NULL, json_incref(after));
    return resp_json(req, 201, after);
}

static int load_pair(struct request *req, long long *id, struct training_pair *p)
{
    int rc = req_id_or_404(req, 0, "结对不存在", id);
    if (rc < 0)
        return rc;
    return req_404(req, training_get(req->db, &training_pair_kind, *id, req->arena, p),
                   "结对不存在");
}

static int api_pairs_get(struct request *req)
{
    long long id;
    struct training_pair p;
    int rc = load_pair(req, &id, &p);
    if (rc < 0)
        return rc;
    void *records, *evaluations;
    size_t nrecords, nevaluations;
    if ((rc = training_list(req->db, &training_pair_record_kind, id, req->arena, &records,
                            &nrecords)) < 0 ||
        (rc = training_list(req->db, &training_pair_evaluation_kind, id, req->arena, &evaluations,
                            &nevaluations)) < 0)
        return rc;
    json_t *o = pair_json(req, &p);
    json_t *r = json_array(), *e = json_array();
    for (size_t i = 0; i < nrecords; i++)
        json_array_append_new(
            r, kind_json(&training_pair_record_kind, (struct training_pair_record *)records + i));
    for (size_t i = 0; i < nevaluations; i++)
        json_array_append_new(e, kind_json(&training_pair_evaluation_kind,
                                           (struct training_pair_evaluation *)evaluations + i));
    json_object_set_new(o, "records", r);
    json_object_set_new(o, "evaluations", e);
    return resp_json(req, 200, o);
}

static int api_pairs_update(struct request *req)
{
    long long id;
    struct training_pair old;
    int rc = load_pair(req, &id, &old);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    struct training_pair p = old;
    if ((rc = parse(req, &training_pair_kind, body, &p, true)) < 0)
        return rc;
    if (!p.status)
        p.status = "active";
    if ((rc = person_refs(req, training_update(req->db, &training_pair_kind, &p),
                          "apprentice_id")) < 0)
        return rc;
    json_t *after = pair_json(req, &p);
    req_audit_set(req, id, pair_json(req, &old), json_incref(after));
    return resp_json(req, 200, after);
}

static int api_pair_record(struct request *req)
{
    long long id;
    struct training_pair p;
    int rc = load_pair(req, &id, &p);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    struct training_pair_record r = {0};
    if ((rc = parse(req, &training_pair_record_kind, body, &r, false)) < 0)
        return rc;
    r.pair_id = id;
    if ((rc = training_insert(req->db, &training_pair_record_kind, &r)) < 0)
        return rc;
    json_t *after = kind_json(&training_pair_record_kind, &r);
    req_audit_set(req, id, NULL, json_incref(after));
    return resp_json(req, 201, after);
}

static int api_pair_evaluate(struct request *req)
{
    long long id;
    struct training_pair p;
    int rc = load_pair(req, &id, &p);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    struct training_pair_evaluation ev = {0};
    if ((rc = parse(req, &training_pair_evaluation_kind, body, &ev, false)) < 0)
        return rc;
    ev.pair_id = id;
    if ((rc = training_pair_evaluate(req->db, &ev)) < 0)
        return rc;
    json_t *after = kind_json(&training_pair_evaluation_kind, &ev);
    req_audit_set(req, id, NULL, json_incref(after));
    return resp_json(req, 200, after);
}

static int pair_target(struct request *req, struct route_target *out)
{
    *out = (struct route_target){.table = "training_pairs", .object_type = "training_pair"};
    return req_param_id(req, 0, &out->id);
}

static int api_placements_list(struct request *req)
{
    void *items;
    size_t n;
    int rc = training_list(req->db, &training_placement_kind, 0, req->arena, &items, &n);
    if (rc < 0)
        return rc;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, placement_json(req, (struct training_placement *)items + i));
    return resp_list_whole(req, arr);
}

static int api_placements_create(struct request *req)
{
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    struct training_placement p = {0};
    json_t *copy = json_copy(body);
    json_object_del(copy, "person_id");
    rc = parse(req, &training_placement_kind, copy, &p, false);
    json_decref(copy);
    if (!id_of(json_object_get(body, "person_id"), &p.person_id))
        field_errors_add(&req->errors, "person_id", "请指定干部（person_id）");
    if (req->errors.count)
        return ERR_INVALID;
    if ((rc = person_refs(req, training_insert(req->db, &training_placement_kind, &p),
                          "person_id")) < 0)
        return rc;
    json_t *after = placement_json(req, &p);
    req_audit_set(req, p.id, NULL, json_incref(after));
    return resp_json(req, 201, after);
}

/* The trainee's report and the host's evaluation arrive this way too. */
static int api_placements_update(struct request *req)
{
    long long id;
    int rc = req_id_or_404(req, 0, "跟班轮训记录不存在", &id);
    if (rc < 0)
        return rc;
    struct training_placement old;
    if ((rc = req_404(req, training_get(req->db, &training_placement_kind, id, req->arena, &old),
                      "跟班轮训记录不存在")) < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    struct training_placement p = old;
    if ((rc = parse(req, &training_placement_kind, body, &p, true)) < 0)
        return rc;
    if ((rc = person_refs(req, training_update(req->db, &training_placement_kind, &p),
                          "person_id")) < 0)
        return rc;
    json_t *after = placement_json(req, &p);
    req_audit_set(req, id, placement_json(req, &old), json_incref(after));
    return resp_json(req, 200, after);
}

/* Suggested mentors for the person of the path, each with why. */
enum { SUGGESTIONS_MAX = 10 };

static int api_mentor_suggestions(struct request *req)
{
    long long id;
    int rc = req_id_or_404(req, 0, "干部不存在", &id);
    if (rc < 0)
        return rc;
    struct training_config cfg;
    struct training_mentor_candidate apprentice, *cands;
    size_t n;
    if ((rc = training_settings_load(req->db, &cfg)) < 0)
        return rc;
    rc = training_mentor_candidates(req->db, &cfg, id, req->today.year, req->arena, &apprentice,
                                    &cands, &n);
    if ((rc = req_404(req, rc, "干部不存在")) < 0)
        return rc;
    struct training_mentor_suggestion out[SUGGESTIONS_MAX];
    size_t k =
        training_mentor_suggest(req->arena, &cfg, &apprentice, cands, n, out, SUGGESTIONS_MAX);
    json_t *items = json_array();
    for (size_t i = 0; i < k; i++) {
        const struct training_mentor_candidate *c = out[i].candidate;
        json_array_append_new(items,
                              json_pack("{s:I, s:s?, s:s?, s:i, s:i, s:s}", "person_id",
                                        (json_int_t)c->person_id, "name", c->name, "unit_name",
                                        c->unit_name, "apprentices", c->apprentices, "score",
                                        out[i].score, "reasons", out[i].reasons));
    }
    json_t *criteria =
        json_pack("{s:i, s:i, s:b}", "max_apprentices", cfg.mentor_max_apprentices, "grade_years",
                  cfg.mentor_grade_years, "same_unit", cfg.mentor_same_unit);
    return resp_json(req, 200,
                     json_pack("{s:I, s:o, s:o, s:I}", "apprentice_id", (json_int_t)id, "criteria",
                               criteria, "items", items, "total", (json_int_t)k));
}

static int placement_target(struct request *req, struct route_target *out)
{
    *out =
        (struct route_target){.table = "training_placements", .object_type = "training_placement"};
    return req_param_id(req, 0, &out->id);
}

/* ---- import of the 培训登记表 ----------------------------------------- */

static bool type_is(const char *type, const char *prefix)
{
    return type && strncasecmp(type, prefix, strlen(prefix)) == 0;
}

/* The file as the body (Content-Type text/csv, the XLSX type or
 * application/octet-stream): parsed, then applied all or nothing in the
 * router's transaction; the answer lists every problem with its row. */
static int api_import(struct request *req)
{
    const char *type = req_header(req, "Content-Type");
    if (!type_is(type, "text/csv") && !type_is(type, "application/octet-stream") &&
        !type_is(type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")) {
        field_errors_add(&req->errors, "file",
                         "请直接提交培训登记表文件内容（Content-Type 为 text/csv 或 XLSX）");
        req->malformed = true;
        return ERR_INVALID;
    }
    if (!req->body || req->body_len == 0) {
        field_errors_add(&req->errors, "file", "没有收到文件，请选择要导入的培训登记表");
        req->malformed = true;
        return ERR_INVALID;
    }
    if (req->body_len > TABLE_MAX_BYTES)
        return ERR_TOO_LARGE;
    struct table t;
    const char *msg = NULL;
    if (table_read(req->body, req->body_len, req->arena, &t, &msg) < 0) {
        field_errors_add(&req->errors, "file", "%s", msg ? msg : "文件无法读取");
        return ERR_INVALID;
    }
    struct training_sheet_row *rows;
    size_t n;
    struct training_config cfg;
    struct training_import_stats stats;
    int rc = training_sheet_parse(&t, req->today, req->arena, &rows, &n, &req->errors);
    if (rc == 0 && (rc = training_settings_load(req->db, &cfg)) == 0)
        rc = training_import(req->db, &cfg, rows, n, req->arena, &req->errors, &stats);
    if (rc == ERR_INVALID) {
        req->error_detail =
            arena_sprintf(req->arena, "培训登记表有 %zu 处错误，未导入任何数据", req->errors.count);
        return rc;
    }
    if (rc < 0)
        return rc;
    json_t *after = json_pack("{s:I, s:I, s:I, s:I}", "rows", (json_int_t)stats.rows,
                              "classes_created", (json_int_t)stats.classes_created,
                              "enrolments_created", (json_int_t)stats.enrolments_created,
                              "enrolments_updated", (json_int_t)stats.enrolments_updated);
    req_audit_set(req, 0, NULL, json_incref(after));
    return resp_json(req, 200, after);
}

/* Besides the routes' own: the exports of the lists and statistics. */
static const struct audit_action events[] = {
    {"training.compliance_export", "导出培训学时名单"},
    {"training.stats_export", "导出培训统计"},
};

static const struct route routes[] = {
    {.method = "GET",
     .pattern = "/api/v1/training/programmes",
     .handler = api_programmes_list,
     .perm = PERM_TRAINING_READ,
     .summary = "培训项目"},
    {.method = "POST",
     .pattern = "/api/v1/training/programmes",
     .handler = api_programmes_create,
     .perm = PERM_TRAINING_WRITE,
     .flags = ROUTE_WRITE,
     .summary = "新建培训项目",
     .audit = "training.programme.create",
     .audit_label = "新建培训项目",
     .object_type = "training_programme"},
    {.method = "PATCH",
     .pattern = "/api/v1/training/programmes/{id}",
     .handler = api_programmes_update,
     .perm = PERM_TRAINING_WRITE,
     .flags = ROUTE_WRITE,
     .summary = "修改培训项目",
     .audit = "training.programme.update",
     .audit_label = "修改培训项目",
     .object_type = "training_programme",
     .target = programme_target},
    {.method = "GET",
     .pattern = "/api/v1/training/classes",
     .handler = api_classes_list,
     .perm = PERM_TRAINING_READ,
     .summary = "培训班（期）"},
    {.method = "POST",
     .pattern = "/api/v1/training/classes",
     .handler = api_classes_create,
     .perm = PERM_TRAINING_WRITE,
     .flags = ROUTE_WRITE,
     .summary = "新建培训班",
     .audit = "training.class.create",
     .audit_label = "新建培训班",
     .object_type = "training_class"},
    {.method = "GET",
     .pattern = "/api/v1/training/classes/{id}",
     .handler = api_classes_get,
     .perm = PERM_TRAINING_READ,
     .scope = SCOPE_WHOLE,
     .summary = "培训班详情：场次、学员名单与考勤",
     .target = class_target},
    {.method = "PATCH",
     .pattern = "/api/v1/training/classes/{id}",
     .handler = api_classes_update,
     .perm = PERM_TRAINING_WRITE,
     .flags = ROUTE_WRITE,
     .summary = "修改培训班（含是否计入集中培训学时）",
     .audit = "training.class.update",
     .audit_label = "修改培训班",
     .object_type = "training_class",
     .target = class_target},
    {.method = "DELETE",
     .pattern = "/api/v1/training/classes/{id}",
     .handler = api_classes_delete,
     .perm = PERM_TRAINING_WRITE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "删除培训班（连同场次、学员与考勤）",
     .audit = "training.class.delete",
     .audit_label = "删除培训班",
     .object_type = "training_class",
     .target = class_target},
    {.method = "POST",
     .pattern = "/api/v1/training/classes/{id}/sessions",
     .handler = api_sessions_create,
     .perm = PERM_TRAINING_WRITE,
     .flags = ROUTE_WRITE,
     .summary = "新增场次（可每周重复生成）",
     .audit = "training.session.create",
     .audit_label = "新增培训场次",
     .object_type = "training_class"},
    {.method = "DELETE",
     .pattern = "/api/v1/training/sessions/{id}",
     .handler = api_sessions_delete,
     .perm = PERM_TRAINING_WRITE,
     .flags = ROUTE_WRITE,
     .summary = "删除场次",
     .audit = "training.session.delete",
     .audit_label = "删除培训场次",
     .object_type = "training_session"},
    {.method = "POST",
     .pattern = "/api/v1/training/classes/{id}/enrolments",
     .handler = api_enrol,
     .perm = PERM_TRAINING_WRITE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "报名：按干部、按单位或按规则（青年干部）",
     .audit = "training.enrol",
     .audit_label = "培训报名",
     .object_type = "training_class"},
    {.method = "PUT",
     .pattern = "/api/v1/training/classes/{id}/attendance",
     .handler = api_attendance,
     .perm = PERM_TRAINING_WRITE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "登记考勤：签到、请假、缺勤、补课",
     .audit = "training.attendance",
     .audit_label = "登记培训考勤",
     .object_type = "training_class"},
    {.method = "PUT",
     .pattern = "/api/v1/training/classes/{id}/results",
     .handler = api_results,
     .perm = PERM_TRAINING_WRITE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "登记结业、成绩与证书编号",
     .audit = "training.results",
     .audit_label = "登记培训结业",
     .object_type = "training_class"},
    {.method = "GET",
     .pattern = "/api/v1/training/external",
     .handler = api_external_list,
     .perm = PERM_TRAINING_READ,
     .scope = SCOPE_WHOLE,
     .summary = "本人登记的培训（?status=pending 待审核）"},
    {.method = "POST",
     .pattern = "/api/v1/training/external/review",
     .handler = api_external_review,
     .perm = PERM_TRAINING_WRITE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "审核本人登记的培训",
     .audit = "training.external.review",
     .audit_label = "审核本人登记培训",
     .object_type = "training_external"},
    {.method = "GET",
     .pattern = "/api/v1/training/compliance",
     .handler = api_compliance,
     .perm = PERM_TRAINING_READ,
     .scope = SCOPE_WHOLE,
     .summary = "培训学时达标名单（学时不足、预计年底不足、新任职须任职培训；可导出 XLSX）"},
    {.method = "GET",
     .pattern = "/api/v1/training/stats",
     .handler = api_stats,
     .perm = PERM_TRAINING_READ,
     .scope = SCOPE_WHOLE,
     .summary = "培训统计：期数、场次、人次、人数，按项目、单位、层次、年龄段（可导出 XLSX）"},
    {.method = "GET",
     .pattern = "/api/v1/training/pairs",
     .handler = api_pairs_list,
     .perm = PERM_TRAINING_READ,
     .scope = SCOPE_WHOLE,
     .summary = "师徒结对（结对帮带）"},
    {.method = "POST",
     .pattern = "/api/v1/training/pairs",
     .handler = api_pairs_create,
     .perm = PERM_TRAINING_WRITE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "新建师徒结对",
     .audit = "training.pair.create",
     .audit_label = "新建师徒结对",
     .object_type = "training_pair"},
    {.method = "GET",
     .pattern = "/api/v1/training/pairs/{id}",
     .handler = api_pairs_get,
     .perm = PERM_TRAINING_READ,
     .scope = SCOPE_WHOLE,
     .summary = "结对详情：帮带记录与评价",
     .target = pair_target},
    {.method = "PATCH",
     .pattern = "/api/v1/training/pairs/{id}",
     .handler = api_pairs_update,
     .perm = PERM_TRAINING_WRITE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "修改结对（含结束）",
     .audit = "training.pair.update",
     .audit_label = "修改师徒结对",
     .object_type = "training_pair",
     .target = pair_target},
    {.method = "POST",
     .pattern = "/api/v1/training/pairs/{id}/records",
     .handler = api_pair_record,
     .perm = PERM_TRAINING_WRITE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "登记帮带记录",
     .audit = "training.pair.record",
     .audit_label = "登记帮带记录",
     .object_type = "training_pair"},
    {.method = "PUT",
     .pattern = "/api/v1/training/pairs/{id}/evaluations",
     .handler = api_pair_evaluate,
     .perm = PERM_TRAINING_WRITE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "登记中期、期满评价（师傅、徒弟、单位）",
     .audit = "training.pair.evaluate",
     .audit_label = "登记结对评价",
     .object_type = "training_pair"},
    {.method = "GET",
     .pattern = "/api/v1/people/{id}/mentor-suggestions",
     .handler = api_mentor_suggestions,
     .perm = PERM_TRAINING_READ,
     .scope = SCOPE_WHOLE,
     .summary = "为徒弟推荐师傅（同单位、职务职级更高、考核良好、带徒未满，逐条说明）"},
    {.method = "GET",
     .pattern = "/api/v1/training/placements",
     .handler = api_placements_list,
     .perm = PERM_TRAINING_READ,
     .scope = SCOPE_WHOLE,
     .summary = "跟班轮训与挂职"},
    {.method = "POST",
     .pattern = "/api/v1/training/placements",
     .handler = api_placements_create,
     .perm = PERM_TRAINING_WRITE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "新建跟班轮训或挂职",
     .audit = "training.placement.create",
     .audit_label = "新建跟班轮训",
     .object_type = "training_placement"},
    {.method = "PATCH",
     .pattern = "/api/v1/training/placements/{id}",
     .handler = api_placements_update,
     .perm = PERM_TRAINING_WRITE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "修改跟班轮训（含本人小结、接收单位评价）",
     .audit = "training.placement.update",
     .audit_label = "修改跟班轮训",
     .object_type = "training_placement",
     .target = placement_target},
    {.method = "POST",
     .pattern = "/api/v1/training/imports",
     .handler = api_import,
     .perm = PERM_TRAINING_WRITE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "导入培训登记表（全部成功或全部不写入）",
     .audit = "training.import",
     .audit_label = "导入培训登记表",
     .object_type = "training_sheet"},
    {.method = "GET",
     .pattern = "/api/v1/people/{id}/training-hours",
     .handler = api_person_hours,
     .perm = PERM_PEOPLE_READ,
     .scope = SCOPE_PERSON,
     .summary = "干部培训学时：逐年、五年累计与达标情况"},
    {.method = "POST",
     .pattern = "/api/v1/people/{id}/external-training",
     .handler = api_external_create,
     .perm = PERM_TRAINING_SELF,
     .scope = SCOPE_PERSON,
     .flags = ROUTE_WRITE,
     .summary = "登记外出培训（待组织人事部门认定）",
     .audit = "training.external.create",
     .audit_label = "登记外出培训",
     .object_type = "training_external"},
};
ROUTE_TABLE_EVENTS(api_training_routes, routes, events);
