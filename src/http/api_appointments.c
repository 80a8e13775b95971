/* api_appointments.c — appointment cases (任免事项): opening a case, the
 * four musts (凡提四必) recorded against the supervision module and the
 * rules engine, each step of 动议 → … → 任职 through one gate, the public
 * notice with its objections counted in working days, the career written at
 * 任职, the 试用期 reminders, and the office's holiday calendar. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/appointment.h"
#include "core/codes.h"
#include "core/qualify.h"
#include "core/records.h"
#include "http/handlers.h"
#include "store/appointment.h"
#include "store/declarations.h"
#include "store/people.h"
#include "store/qualify_data.h"
#include "store/records.h"
#include "store/rulebook.h"
#include "store/tipoffs.h"
#include "store/units.h"
#include "util/arena.h"
#include "util/utf8.h"

enum { PER_PAGE_DEFAULT = 50, TEXT_MAX = 2000, SHORT_MAX = 200 };

/* ---- JSON -------------------------------------------------------------------- */

static json_t *date_or_null(struct date d)
{
    char buf[11];
    return date_is_none(d) ? json_null() : json_string(date_format_iso(d, buf));
}

static json_t *code_or_null(const char *table, const char *code)
{
    const char *label = code ? codes_label(table, code) : NULL;
    return json_str_or_null(label ? label : code);
}

static json_t *case_json(const struct appointment *a)
{
    int next = appointment_next_state(a->kind, a->state);
    json_t *stop = NULL;
    if (a->stop_reasons)
        stop = json_loads(a->stop_reasons, 0, NULL);
    return json_pack(
        "{s:I, s:I, s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:b, s:o, s:b, s:o,"
        " s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I}",
        "id", (json_int_t)a->id, "person_id", (json_int_t)a->person_id, "person_name",
        json_str_or_null(a->person_name), "kind", appointment_kind_name(a->kind), "kind_label",
        appointment_kind_label(a->kind), "rank", json_str_or_null(a->rank), "rank_label",
        code_or_null("rank", a->rank), "title", json_str_or_null(a->title), "post_level",
        json_str_or_null(a->post_level), "post_level_label",
        code_or_null("post_level", a->post_level), "unit_id", json_id_or_null(a->unit_id),
        "unit_name", json_str_or_null(a->unit_name), "concurrent", a->concurrent, "probation",
        a->probation, "reason", json_str_or_null(a->reason), "exceptional", a->exceptional,
        "exceptional_reason", json_str_or_null(a->exceptional_reason), "exceptional_approval",
        json_str_or_null(a->exceptional_approval), "state", appointment_state_name(a->state),
        "state_label", appointment_state_label(a->state), "state_since",
        date_or_null(a->state_since), "next_state",
        next < 0 ? json_null() : json_string(appointment_state_name(next)), "next_state_label",
        next < 0 ? json_null() : json_string(appointment_state_label(next)), "stop_reasons",
        stop ? stop : json_null(), "notice_start", date_or_null(a->notice_start), "notice_end",
        date_or_null(a->notice_end), "career_id", json_id_or_null(a->career_id), "probation_end",
        date_or_null(a->probation_end), "created_at", json_str_or_null(a->created_at), "created_by",
        json_str_or_null(a->created_by), "version", (json_int_t)a->version);
}

static json_t *check_entry_json(const struct appointment_check_entry *e)
{
    json_t *evidence = e->evidence ? json_loads(e->evidence, 0, NULL) : NULL;
    return json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)e->id,
        "check", appointment_check_label(e->check), "check_name", appointment_check_name(e->check),
        "result", appointment_result_label(e->result), "result_name",
        appointment_result_name(e->result), "date", date_or_null(e->checked_on), "checked_by",
        json_str_or_null(e->checked_by), "notes", json_str_or_null(e->notes), "attachment",
        json_str_or_null(e->attachment), "evidence", evidence ? evidence : json_null(),
        "recorded_by", json_str_or_null(e->username), "recorded_at", json_str_or_null(e->at));
}

/* ---- body helpers ------------------------------------------------------------ */

/* Refuses keys of `body` not in `keys` (NULL-terminated). */
static void refuse_unknown(struct request *req, json_t *body, const char *const *keys)
{
    const char *k;
    json_t *v;
    json_object_foreach(body, k, v)
    {
        bool known = false;
        for (size_t i = 0; keys[i] && !known; i++)
            known = strcmp(keys[i], k) == 0;
        if (!known)
            field_errors_add(&req->errors, k, "不认识的字段“%s”", k);
    }
}

/* The text `name` of `body`: NULL when absent, null or blank; a message
 * when it is not text, is required and missing, or is longer than `max`
 * characters. */
static const char *text_of(struct request *req, json_t *body, const char *name, const char *label,
                           bool required, size_t max)
{
    json_t *v = json_object_get(body, name);
    if (v && !json_is_null(v) && !json_is_string(v)) {
        field_errors_add(&req->errors, name, "%s应为文字", label);
        return NULL;
    }
    const char *s = v && json_is_string(v) ? json_string_value(v) : NULL;
    if (s && strspn(s, " \t\r\n") == strlen(s))
        s = NULL;
    if (!s && required)
        field_errors_add(&req->errors, name, "请填写%s", label);
    if (s && utf8_length(s) > max)
        field_errors_add(&req->errors, name, "%s不能超过 %zu 个字", label, max);
    return s;
}

static bool bool_of(struct request *req, json_t *body, const char *name, bool dflt)
{
    json_t *v = json_object_get(body, name);
    if (!v || json_is_null(v))
        return dflt;
    if (!json_is_boolean(v)) {
        field_errors_add(&req->errors, name, "“%s”应为 true 或 false", name);
        return dflt;
    }
    return json_is_true(v);
}

/* The date `name` (YYYY-MM-DD); `dflt` when absent. */
static struct date date_of(struct request *req, json_t *body, const char *name, const char *label,
                           struct date dflt)
{
    json_t *v = json_object_get(body, name);
    if (!v || json_is_null(v))
        return dflt;
    struct date d;
    if (!json_is_string(v) || date_parse_iso(json_string_value(v), &d) != 0 || d.day == 0) {
        field_errors_add(&req->errors, name, "%s应为 YYYY-MM-DD 格式的日期", label);
        return dflt;
    }
    return d;
}

/* ---- loading ------------------------------------------------------------------- */

static int load_case(struct request *req, struct appointment *a)
{
    long long id;
    int rc = req_id_or_404(req, 0, "任免事项不存在", &id);
    if (rc < 0)
        return rc;
    return req_404(req, appointment_get(req->db, id, req->arena, a), "任免事项不存在");
}

/* The latest entry of each check. */
static void latest_checks(const struct appointment_check_entry *e, size_t n,
                          const struct appointment_check_entry *latest[APPOINTMENT_CHECK_COUNT])
{
    for (int i = 0; i < APPOINTMENT_CHECK_COUNT; i++)
        latest[i] = NULL;
    for (size_t i = 0; i < n; i++)
        latest[e[i].check] = &e[i];
}

/* What the gate needs of case `a`, read now. */
static int gate_of(struct request *req, const struct appointment *a, struct appointment_gate *g)
{
    memset(g, 0, sizeof *g);
    struct appointment_check_entry *entries;
    size_t n;
    int rc = appointment_checks(req->db, a->id, req->arena, &entries, &n);
    if (rc < 0)
        return rc;
    const struct appointment_check_entry *latest[APPOINTMENT_CHECK_COUNT];
    latest_checks(entries, n, latest);
    for (int i = 0; i < APPOINTMENT_CHECK_COUNT; i++) {
        g->checks[i] = latest[i] ? latest[i]->result : APPOINTMENT_RESULT_NONE;
        g->checked_on[i] = latest[i] ? latest[i]->checked_on : DATE_NONE;
    }
    if ((rc = tipoffs_unsettled_specific(req->db, a->person_id, &g->unsettled_tipoffs)) < 0)
        return rc;
    g->notice_end = a->notice_end;
    struct appointment_objection *o;
    if ((rc = appointment_objections(req->db, a->id, req->arena, &o, &n)) < 0)
        return rc;
    for (size_t i = 0; i < n; i++)
        g->open_objections += o[i].resolution == NULL;
    return 0;
}

static struct appointment_case_state case_state(const struct appointment *a)
{
    return (struct appointment_case_state){
        .kind = a->kind,
        .state = a->state,
        .state_since = a->state_since,
        .exceptional = a->exceptional,
        .exceptional_reason_given = a->exceptional_reason != NULL,
        .exceptional_approval_given = a->exceptional_approval != NULL,
    };
}

static json_t *errors_json(const struct field_errors *fe)
{
    json_t *arr = json_array();
    for (const struct field_error *e = fe->head; e; e = e->next)
        json_array_append_new(arr,
                              json_pack("{s:s, s:s}", "field", e->field, "message", e->message));
    return arr;
}

/* ---- list, create, read ----------------------------------------------------------- */

/* GET /api/v1/appointments?state=&person_id= */
static int api_appointments_list(struct request *req)
{
    struct req_page pg;
    int rc = req_paging(req, PER_PAGE_DEFAULT, &pg);
    const char *state_q = req_query(req, "state");
    int state = -1;
    if (state_q && *state_q && (state = appointment_state_find(state_q)) < 0)
        field_errors_add(&req->errors, "state", "没有“%s”这一环节", state_q);
    long long person_id = 0;
    if (req_query_int(req, "person_id", 1, INT64_MAX, 0, &person_id) < 0 || rc < 0 ||
        req->errors.count)
        return ERR_INVALID;
    struct appointment *items;
    size_t n;
    long long total;
    if ((rc = appointment_list(req->db, state, person_id, (int)pg.page, (int)pg.per_page,
                               req->arena, &items, &n, &total)) < 0)
        return rc;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, case_json(&items[i]));
    return resp_list(req, arr, total, &pg);
}

/* The code `value` of table `table` (code or label) into `*out`. */
static void code_field(struct request *req, const char *table, const char *name, const char *label,
                       const char *value, const char **out)
{
    *out = NULL;
    if (!value)
        return;
    const struct code *c = codes_find(codes_table(table), value);
    if (!c)
        field_errors_add(&req->errors, name, "没有“%s”这一%s", value, label);
    else
        *out = c->code;
}

/* POST /api/v1/appointments */
static int api_appointments_create(struct request *req)
{
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    static const char *const keys[] = {"person_id",
                                       "kind",
                                       "rank",
                                       "title",
                                       "post_level",
                                       "unit_id",
                                       "reason",
                                       "concurrent",
                                       "probation",
                                       "exceptional",
                                       "exceptional_reason",
                                       "exceptional_approval",
                                       "date",
                                       "document_number",
                                       NULL};
    refuse_unknown(req, body, keys);
    struct appointment a = {0};
    json_t *jp = json_object_get(body, "person_id");
    struct person_view pv;
    if (!json_is_integer(jp) || json_integer_value(jp) <= 0)
        field_errors_add(&req->errors, "person_id", "请选择干部");
    else if ((rc = people_get_in(req->db, req->scope, json_integer_value(jp), req->arena, &pv)) ==
             ERR_NOT_FOUND)
        field_errors_add(&req->errors, "person_id", "干部不存在");
    else if (rc < 0)
        return rc;
    else
        a.person_id = pv.person.id;
    json_t *jk = json_object_get(body, "kind");
    int kind = json_is_string(jk) ? appointment_kind_find(json_string_value(jk)) : -1;
    if (kind < 0)
        field_errors_add(&req->errors, "kind",
                         "任免类别应为 post（职务）、rank（职级）或 down（调整）");
    a.kind = kind < 0 ? APPOINTMENT_POST : (enum appointment_kind)kind;
    code_field(req, "rank", "rank", "职级", text_of(req, body, "rank", "职级", false, 40), &a.rank);
    code_field(req, "post_level", "post_level", "职务层次",
               text_of(req, body, "post_level", "职务层次", false, 40), &a.post_level);
    a.title = text_of(req, body, "title", "拟任职务", false, SHORT_MAX);
    json_t *ju = json_object_get(body, "unit_id");
    if (ju && !json_is_null(ju)) {
        if (!json_is_integer(ju) || !units_exists(req->db, json_integer_value(ju)))
            field_errors_add(&req->errors, "unit_id", "单位不存在");
        else
            a.unit_id = json_integer_value(ju);
    }
    if (kind == APPOINTMENT_RANK && !a.rank && !field_errors_has(&req->errors, "rank"))
        field_errors_add(&req->errors, "rank", "职级晋升须写明拟晋升的职级");
    if (kind == APPOINTMENT_POST) {
        if (!a.title && !field_errors_has(&req->errors, "title"))
            field_errors_add(&req->errors, "title", "请填写拟任职务");
        if (!a.post_level && !field_errors_has(&req->errors, "post_level"))
            field_errors_add(&req->errors, "post_level", "请选择拟任职务的职务层次");
        if (!a.unit_id && !field_errors_has(&req->errors, "unit_id"))
            field_errors_add(&req->errors, "unit_id", "请选择拟任职务所在单位");
    }
    if (kind == APPOINTMENT_DOWN && (a.title != NULL) != (a.post_level != NULL) &&
        !field_errors_has(&req->errors, "post_level") && !field_errors_has(&req->errors, "title"))
        field_errors_add(&req->errors, a.title ? "post_level" : "title",
                         "改任、降职须同时写明职务与职务层次（只免职则都不填）");
    a.reason = text_of(req, body, "reason", "任免理由", true, TEXT_MAX);
    a.concurrent = bool_of(req, body, "concurrent", false);
    a.probation = bool_of(req, body, "probation", kind == APPOINTMENT_POST);
    a.exceptional = bool_of(req, body, "exceptional", false);
    a.exceptional_reason = text_of(req, body, "exceptional_reason", "破格理由", false, TEXT_MAX);
    a.exceptional_approval = text_of(req, body, "exceptional_approval",
                                     "上级组织部门的事先同意（文号）", false, SHORT_MAX);
    if (a.exceptional && kind == APPOINTMENT_DOWN)
        field_errors_add(&req->errors, "exceptional", "调整（降职、免职）不存在破格");
    if (a.exceptional && !a.exceptional_reason &&
        !field_errors_has(&req->errors, "exceptional_reason"))
        field_errors_add(&req->errors, "exceptional_reason", "破格提拔须说明理由（条例第九条）");
    if (a.exceptional && !a.exceptional_approval &&
        !field_errors_has(&req->errors, "exceptional_approval"))
        field_errors_add(&req->errors, "exceptional_approval",
                         "破格提拔须事先报经上级组织部门同意，请填写同意的文号");
    if (!a.exceptional && (a.exceptional_reason || a.exceptional_approval))
        field_errors_add(&req->errors, "exceptional", "未标记破格，不应填写破格理由或批复");
    a.state = APPOINTMENT_MOTION;
    a.state_since = date_of(req, body, "date", "动议日期", req->today);
    if (date_compare(a.state_since, req->today) > 0)
        field_errors_add(&req->errors, "date", "动议日期不能晚于今天");
    const char *doc = text_of(req, body, "document_number", "文号", false, SHORT_MAX);
    if (req->errors.count)
        return ERR_INVALID;
    const char *now = api_now_utc(req);
    a.created_by = req->auth.user.username;
    if ((rc = appointment_insert(req->db, &a, doc, req->auth.user.username, now)) < 0)
        return rc;
    struct appointment stored;
    if ((rc = appointment_get(req->db, a.id, req->arena, &stored)) < 0)
        return rc;
    json_t *out = case_json(&stored);
    req_audit_set(req, a.id, NULL, json_incref(out));
    return resp_json(req, 201, out);
}

/* GET /api/v1/appointments/{id}: the case, its timeline, the four checks
 * (latest of each and the history), the objections, and what the next
 * step still lacks. */
static int api_appointments_get(struct request *req)
{
    struct appointment a;
    int rc = load_case(req, &a);
    if (rc < 0)
        return rc;
    json_t *o = case_json(&a);
    struct appointment_step *steps;
    size_t n;
    if ((rc = appointment_steps(req->db, a.id, req->arena, &steps, &n)) < 0) {
        json_decref(o);
        return rc;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "id",
                                             (json_int_t)steps[i].id, "state",
                                             appointment_state_name(steps[i].state), "state_label",
                                             appointment_state_label(steps[i].state), "date",
                                             date_or_null(steps[i].on), "document_number",
                                             json_str_or_null(steps[i].document_number), "notes",
                                             json_str_or_null(steps[i].notes), "recorded_by",
                                             json_str_or_null(steps[i].username), "recorded_at",
                                             json_str_or_null(steps[i].at)));
    json_object_set_new(o, "steps", arr);
    struct appointment_check_entry *entries;
    if ((rc = appointment_checks(req->db, a.id, req->arena, &entries, &n)) < 0) {
        json_decref(o);
        return rc;
    }
    const struct appointment_check_entry *latest[APPOINTMENT_CHECK_COUNT];
    latest_checks(entries, n, latest);
    json_t *checks = json_array(), *history = json_array();
    for (int i = 0; i < APPOINTMENT_CHECK_COUNT; i++) {
        json_t *c = json_pack(
            "{s:s, s:s, s:s, s:s}", "check", appointment_check_label(i), "check_name",
            appointment_check_name(i), "result",
            appointment_result_label(latest[i] ? latest[i]->result : APPOINTMENT_RESULT_NONE),
            "result_name",
            appointment_result_name(latest[i] ? latest[i]->result : APPOINTMENT_RESULT_NONE));
        json_object_set_new(c, "latest", latest[i] ? check_entry_json(latest[i]) : json_null());
        json_array_append_new(checks, c);
    }
    for (size_t i = n; i-- > 0;)
        json_array_append_new(history, check_entry_json(&entries[i]));
    json_object_set_new(o, "checks", checks);
    json_object_set_new(o, "check_history", history);
    struct appointment_objection *obj;
    if ((rc = appointment_objections(req->db, a.id, req->arena, &obj, &n)) < 0) {
        json_decref(o);
        return rc;
    }
    json_t *objs = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(objs, json_pack("{s:I, s:o, s:o, s:o, s:o, s:o}", "id",
                                              (json_int_t)obj[i].id, "received_on",
                                              date_or_null(obj[i].received_on), "content",
                                              json_str_or_null(obj[i].content), "resolution",
                                              json_str_or_null(obj[i].resolution), "resolved_on",
                                              date_or_null(obj[i].resolved_on), "recorded_by",
                                              json_str_or_null(obj[i].username)));
    json_object_set_new(o, "objections", objs);
    /* What the next step lacks today. */
    int next = appointment_next_state(a.kind, a.state);
    if (next >= 0) {
        struct appointment_gate g;
        if ((rc = gate_of(req, &a, &g)) < 0) {
            json_decref(o);
            return rc;
        }
        struct appointment_case_state cs = case_state(&a);
        struct field_errors fe;
        field_errors_init(&fe, req->arena);
        appointment_may_advance(&cs, (enum appointment_state)next, req->today, req->today, &g, &fe);
        json_object_set_new(o, "next_missing", errors_json(&fe));
    } else {
        json_object_set_new(o, "next_missing", json_array());
    }
    return resp_json(req, 200, o);
}

static int case_target(struct request *req, struct route_target *out)
{
    *out = (struct route_target){.table = "appointment_cases", .object_type = "appointment"};
    return req_param_id(req, 0, &out->id);
}

/* ---- the four musts ------------------------------------------------------------- */

/* The rules engine's record checks of the person (三龄两历, 回避 ...), as
 * the 档案审核 entry keeps them. */
static int archive_evidence(struct request *req, long long person_id, json_t **out)
{
    struct rules *rules;
    struct qualify_subject s;
    int rc = rulebook_load(req->db, req->arena, &rules);
    if (rc == 0)
        rc = qualify_data_person(req->db, person_id, req->today, QUALIFY_DATA_COLLEAGUES,
                                 req->arena, &s);
    struct qualify_report *rep;
    if (rc == 0)
        rc = qualify_evaluate(req->arena, rules, &s.in, req->today, NULL, 0, &rep);
    if (rc < 0)
        return rc;
    json_t *findings = json_array();
    for (const struct qualify_finding *f = rep->findings; f; f = f->next)
        json_array_append_new(findings, json_pack("{s:s, s:o, s:o, s:o}", "rule_id", f->rule_id,
                                                  "fields", json_str_or_null(f->fields),
                                                  "record_id", json_id_or_null(f->record_id),
                                                  "text", json_str_or_null(f->text)));
    *out = json_pack("{s:o}", "record_checks", findings);
    return 0;
}

/* POST /api/v1/appointments/{id}/checks {check, result, date, checked_by,
 * notes, attachment} */
static int api_appointments_check(struct request *req)
{
    struct appointment a;
    int rc = load_case(req, &a);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    static const char *const keys[] = {"check", "result",     "date", "checked_by",
                                       "notes", "attachment", NULL};
    refuse_unknown(req, body, keys);
    struct appointment_check_entry e = {0};
    json_t *jc = json_object_get(body, "check"), *jr = json_object_get(body, "result");
    int check = json_is_string(jc) ? appointment_check_find(json_string_value(jc)) : -1;
    int result = json_is_string(jr) ? appointment_result_find(json_string_value(jr)) : -1;
    if (check < 0)
        field_errors_add(&req->errors, "check",
                         "核查事项应为档案审核、个人事项核查、纪检意见或信访举报核查");
    if (result < 0)
        field_errors_add(&req->errors, "result", "核查结果应为通过、不通过或撤回");
    e.checked_on = date_of(req, body, "date", "核查日期", req->today);
    if (date_compare(e.checked_on, req->today) > 0)
        field_errors_add(&req->errors, "date", "核查日期不能晚于今天");
    e.checked_by = text_of(req, body, "checked_by", "核查人", true, SHORT_MAX);
    e.notes = text_of(req, body, "notes", "核查意见", false, TEXT_MAX);
    e.attachment = text_of(req, body, "attachment", "附件（材料名称或文号）", false, SHORT_MAX);
    if (req->errors.count)
        return ERR_INVALID;
    e.check = (enum appointment_check)check;
    e.result = (enum appointment_check_result)result;
    if (appointment_state_final(a.state) || a.state > APPOINTMENT_DECISION) {
        req->error_detail = "该事项已过讨论决定环节，不能再记录凡提四必核查";
        return ERR_CONFLICT;
    }
    if (result != APPOINTMENT_RESULT_PASSED && a.state == APPOINTMENT_DECISION) {
        /* A pass taken back, or a check failed, after the decision means
         * the decision rested on something untrue: the case is stopped and
         * begun again, not carried on. */
        req->error_detail = "已讨论决定的事项不能再撤回或否定核查结论，请终止该事项";
        return ERR_CONFLICT;
    }
    json_t *evidence = NULL;
    if (e.check == APPOINTMENT_CHECK_ARCHIVE) {
        if ((rc = archive_evidence(req, a.person_id, &evidence)) < 0)
            return rc;
    } else if (e.check == APPOINTMENT_CHECK_DECLARATIONS) {
        struct declaration_check_status st;
        if ((rc = declarations_check_status(req->db, a.person_id, req->arena, &st)) < 0)
            return rc;
        if (result == APPOINTMENT_RESULT_PASSED &&
            (strcmp(st.state, "checked") != 0 && strcmp(st.state, "decided") != 0))
            field_errors_add(&req->errors, "result",
                             strcmp(st.state, "open") == 0
                                 ? "该干部的个人有关事项查核尚未完成，不能记为通过"
                                 : "该干部尚无个人有关事项查核记录，请先在个人事项模块发起查核");
        evidence =
            json_pack("{s:s, s:o, s:o, s:o}", "state", st.state, "check_id",
                      json_id_or_null(st.check_id), "checked_on", date_or_null(st.checked_on),
                      "worst_class", json_str_or_null(st.worst_class));
    } else if (e.check == APPOINTMENT_CHECK_TIPOFFS) {
        long long unsettled;
        if ((rc = tipoffs_unsettled_specific(req->db, a.person_id, &unsettled)) < 0)
            return rc;
        if (result == APPOINTMENT_RESULT_PASSED && unsettled > 0)
            field_errors_add(&req->errors, "result",
                             "有 %lld 件线索具体的信访举报尚未办结，不能记为通过", unsettled);
        evidence = json_pack("{s:I}", "unsettled_specific", (json_int_t)unsettled);
    }
    if (req->errors.count) {
        json_decref(evidence);
        return ERR_INVALID;
    }
    if (evidence) {
        e.evidence = json_dumps(evidence, JSON_COMPACT);
        arena_defer(req->arena, free, (void *)e.evidence);
        json_decref(evidence);
    }
    e.username = req->auth.user.username;
    e.at = api_now_utc(req);
    if ((rc = appointment_check_insert(req->db, a.id, a.person_id, &e)) < 0)
        return rc;
    json_t *out = check_entry_json(&e);
    req_audit_set(req, a.id, NULL, json_incref(out));
    return resp_json(req, 201, out);
}

/* ---- advancing ------------------------------------------------------------------ */

/* The 考察对象 bars (RULES.md §2.3) and the qualification verdict for the
 * target, on `on`: the decisive bars found (texts) into `*bars`, an empty
 * array when none. */
static int decision_bars(struct request *req, const struct appointment *a, struct date on,
                         json_t **bars)
{
    *bars = json_array();
    if (a->kind == APPOINTMENT_DOWN)
        return 0;
    struct rules *rules;
    struct qualify_subject s;
    int rc = rulebook_load(req->db, req->arena, &rules);
    if (rc == 0)
        rc = qualify_data_person(req->db, a->person_id, on, 0, req->arena, &s);
    if (rc < 0)
        return rc;
    struct qualify_target t = {.kind = a->kind == APPOINTMENT_RANK ? QUALIFY_RANK : QUALIFY_POST,
                               .code = a->kind == APPOINTMENT_RANK ? a->rank : a->post_level};
    struct qualify_report *rep;
    if ((rc = qualify_evaluate_with(req->arena, rules, &s.in, on, &t, 1, QUALIFY_NO_RECORD_CHECKS,
                                    &rep)) < 0)
        return rc;
    for (const struct qualify_result *r = rep->results; r; r = r->next) {
        if (!r->asked || r->verdict != QUALIFY_BARRED)
            continue;
        for (const struct qualify_reason *x = r->reasons; x; x = x->next)
            /* A 转任 to a post of the level held is not a promotion: only
             * the bars stop it, not "not higher". */
            if (x->decisive && x->effect == QUALIFY_BAR &&
                strcmp(x->rule_id, "target.not_higher") != 0)
                json_array_append_new(*bars, json_pack("{s:s, s:o}", "rule_id", x->rule_id, "text",
                                                       json_str_or_null(x->text)));
    }
    return 0;
}

/* Ends the open records of `kind` ("post", "rank") of the person the day
 * before `on`, except concurrent posts and the record `keep`. */
static int end_current(struct request *req, long long person_id, const char *kind, struct date on,
                       long long keep)
{
    void *items;
    size_t n;
    int rc = records_list(req->db, &career_kind, person_id, req->arena, &items, &n);
    if (rc < 0)
        return rc;
    struct career_record *all = items;
    struct date end = date_add_days(on, -1);
    for (size_t i = 0; i < n; i++) {
        struct career_record *r = &all[i];
        if (r->id == keep || strcmp(r->kind, kind) != 0 || !date_is_none(r->end_date) ||
            r->concurrent || date_compare(r->start_date, on) >= 0)
            continue;
        r->end_date = end;
        if ((rc = records_update(req->db, &career_kind, r)) < 0)
            return rc;
    }
    return 0;
}

/* 任职: the new post or rank from `on` with the document number, the old
 * one ended the day before (a concurrent post keeps it), in the router's
 * transaction; records_insert/update bump the versions the qualification
 * and alert caches are keyed on. */
static int write_career(struct request *req, struct appointment *a, struct date on,
                        const char *document_number)
{
    const char *kind = a->kind == APPOINTMENT_RANK ? "rank" : "post";
    bool new_record = a->kind != APPOINTMENT_DOWN || a->post_level;
    if (!a->concurrent) {
        int rc = end_current(req, a->person_id, kind, on, 0);
        if (rc < 0)
            return rc;
    }
    if (!new_record)
        return 0;
    struct career_record r = {.person_id = a->person_id,
                              .kind = kind,
                              .unit_id = a->unit_id,
                              .title = a->title,
                              .post_level = a->kind == APPOINTMENT_RANK ? NULL : a->post_level,
                              .rank = a->kind == APPOINTMENT_RANK ? a->rank : NULL,
                              .start_date = on,
                              .document_number = document_number,
                              .concurrent = a->concurrent};
    if (a->kind == APPOINTMENT_RANK)
        r.title = NULL;
    record_validate(&career_kind, &r, req->today, &req->errors);
    if (req->errors.count)
        return ERR_INVALID;
    int rc = records_insert(req->db, &career_kind, &r);
    if (rc < 0)
        return rc;
    a->career_id = r.id;
    if (a->probation && a->kind == APPOINTMENT_POST)
        a->probation_end = appointment_probation_end(on);
    return 0;
}

/* POST /api/v1/appointments/{id}/advance {to, date, document_number,
 * notes, notice_start} */
static int api_appointments_advance(struct request *req)
{
    struct appointment a;
    int rc = load_case(req, &a);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    static const char *const keys[] = {"to", "date", "document_number", "notes", NULL};
    refuse_unknown(req, body, keys);
    json_t *jto = json_object_get(body, "to");
    int to = json_is_string(jto) ? appointment_state_find(json_string_value(jto)) : -1;
    if (to < 0)
        field_errors_add(&req->errors, "to", "请选择要转入的环节");
    struct date on = date_of(req, body, "date", "日期", req->today);
    const char *doc = text_of(req, body, "document_number", "文号", false, SHORT_MAX);
    const char *notes = text_of(req, body, "notes", "说明", to == APPOINTMENT_STOPPED, TEXT_MAX);
    if (to == APPOINTMENT_APPOINTED && !doc && !field_errors_has(&req->errors, "document_number"))
        field_errors_add(&req->errors, "document_number", "任职须填写任职文件的文号");
    if (req->errors.count)
        return ERR_INVALID;
    struct appointment_gate g;
    if ((rc = gate_of(req, &a, &g)) < 0)
        return rc;
    struct appointment_case_state cs = case_state(&a);
    if ((rc = appointment_may_advance(&cs, (enum appointment_state)to, on, req->today, &g,
                                      &req->errors)) < 0) {
        req->error_detail = arena_sprintf(req->arena, "不能转入%s：%s",
                                          appointment_state_label((enum appointment_state)to),
                                          req->errors.head->message);
        return rc;
    }
    json_t *before = case_json(&a);
    enum appointment_state target = (enum appointment_state)to;
    if (target == APPOINTMENT_DECISION) {
        json_t *bars;
        if ((rc = decision_bars(req, &a, on, &bars)) < 0) {
            json_decref(before);
            return rc;
        }
        if (json_array_size(bars) > 0) {
            /* A 不得 stops the case with its reasons. */
            target = APPOINTMENT_STOPPED;
            a.stop_reasons = json_dumps(bars, JSON_COMPACT);
            arena_defer(req->arena, free, (void *)a.stop_reasons);
            notes = "讨论决定时复核：存在不得作为考察对象或不得提拔的情形，事项终止";
        }
        json_decref(bars);
    }
    if (target == APPOINTMENT_NOTICE) {
        struct appointment_calendar cal;
        if ((rc = appointment_calendar_load(req->db, on, date_add_days(on, 366), req->arena,
                                            &cal)) < 0) {
            json_decref(before);
            return rc;
        }
        a.notice_start = on;
        a.notice_end = appointment_working_day_end(&cal, on, APPOINTMENT_NOTICE_WORKING_DAYS);
    }
    if (target == APPOINTMENT_APPOINTED && (rc = write_career(req, &a, on, doc)) < 0) {
        json_decref(before);
        return rc;
    }
    a.state = target;
    a.state_since = on;
    struct appointment_step step = {.state = target,
                                    .on = on,
                                    .document_number = doc,
                                    .notes = notes,
                                    .username = req->auth.user.username,
                                    .at = api_now_utc(req)};
    if ((rc = appointment_update(req->db, &a)) < 0 ||
        (rc = appointment_step_insert(req->db, a.id, a.person_id, &step)) < 0) {
        json_decref(before);
        return rc;
    }
    struct appointment stored;
    if ((rc = appointment_get(req->db, a.id, req->arena, &stored)) < 0) {
        json_decref(before);
        return rc;
    }
    json_t *out = case_json(&stored);
    req_audit_set(req, a.id, before, json_incref(out));
    return resp_json(req, 200, out);
}

/* ---- objections to the notice ---------------------------------------------------- */

/* POST /api/v1/appointments/{id}/objections {received_on, content} */
static int api_objections_create(struct request *req)
{
    struct appointment a;
    int rc = load_case(req, &a);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    static const char *const keys[] = {"received_on", "content", NULL};
    refuse_unknown(req, body, keys);
    struct appointment_objection o = {0};
    o.received_on = date_of(req, body, "received_on", "收到日期", req->today);
    o.content = text_of(req, body, "content", "反映的问题", true, TEXT_MAX);
    if (date_compare(o.received_on, req->today) > 0)
        field_errors_add(&req->errors, "received_on", "收到日期不能晚于今天");
    if (req->errors.count)
        return ERR_INVALID;
    if (a.state != APPOINTMENT_NOTICE) {
        req->error_detail = "该事项不在任前公示期间，不能登记公示反映的问题";
        return ERR_CONFLICT;
    }
    o.username = req->auth.user.username;
    o.at = api_now_utc(req);
    if ((rc = appointment_objection_insert(req->db, a.id, a.person_id, &o)) < 0)
        return rc;
    json_t *out = json_pack("{s:I, s:o, s:s}", "id", (json_int_t)o.id, "received_on",
                            date_or_null(o.received_on), "content", o.content);
    req_audit_set(req, a.id, NULL, json_incref(out));
    return resp_json(req, 201, out);
}

/* POST /api/v1/appointments/{id}/objections/{oid}/resolve {resolution, date} */
static int api_objections_resolve(struct request *req)
{
    struct appointment a;
    int rc = load_case(req, &a);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    static const char *const keys[] = {"resolution", "date", NULL};
    refuse_unknown(req, body, keys);
    const char *resolution = text_of(req, body, "resolution", "调查核实与处理结果", true, TEXT_MAX);
    struct date on = date_of(req, body, "date", "处理日期", req->today);
    if (date_compare(on, req->today) > 0)
        field_errors_add(&req->errors, "date", "处理日期不能晚于今天");
    if (req->errors.count)
        return ERR_INVALID;
    long long oid;
    if ((rc = req_id_or_404(req, 1, "该问题不存在", &oid)) < 0)
        return rc;
    if ((rc = req_404(req, appointment_objection_resolve(req->db, a.id, oid, resolution, on),
                      "该问题不存在或已处理")) < 0)
        return rc;
    req_audit_set(req, a.id, NULL,
                  json_pack("{s:I, s:s, s:o}", "objection_id", (json_int_t)oid, "resolution",
                            resolution, "resolved_on", date_or_null(on)));
    return resp_json(req, 200,
                     json_pack("{s:I, s:s, s:o}", "id", (json_int_t)oid, "resolution", resolution,
                               "resolved_on", date_or_null(on)));
}

/* ---- 试用期 reminders ------------------------------------------------------------- */

/* GET /api/v1/appointments/probations?within=N: the cases whose 试用期
 * ends within N days from today (default 30) or has ended without the
 * office closing it, soonest first. */
static int api_probations(struct request *req)
{
    long long within;
    if (req_query_int(req, "within", 0, 3660, 30, &within) < 0)
        return ERR_INVALID;
    struct date until = date_add_days(req->today, (int)within);
    struct appointment *items;
    size_t n;
    int rc = appointment_probations(req->db, until, req->arena, &items, &n);
    if (rc < 0)
        return rc;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = case_json(&items[i]);
        json_object_set_new(o, "overdue",
                            json_boolean(date_compare(items[i].probation_end, req->today) < 0));
        json_object_set_new(
            o, "text",
            json_string(arena_sprintf(req->arena, "%s试用期至 %04d-%02d-%02d 届满，请组织考核",
                                      items[i].person_name ? items[i].person_name : "",
                                      items[i].probation_end.year, items[i].probation_end.month,
                                      items[i].probation_end.day)));
        json_array_append_new(arr, o);
    }
    return resp_list_whole(req, arr);
}

/* ---- the holiday calendar ---------------------------------------------------------- */

/* GET /api/v1/holidays?year=Y */
static int api_holidays_get(struct request *req)
{
    long long year;
    if (req_query_int(req, "year", 1900, 9999, req->today.year, &year) < 0)
        return ERR_INVALID;
    struct appointment_calendar cal;
    int rc = appointment_calendar_load(req->db, (struct date){(int)year, 1, 1},
                                       (struct date){(int)year, 12, 31}, req->arena, &cal);
    if (rc < 0)
        return rc;
    json_t *arr = json_array();
    for (size_t i = 0; i < cal.n; i++)
        json_array_append_new(arr, json_pack("{s:o, s:b, s:s, s:i}", "day",
                                             date_or_null(cal.days[i].day), "workday",
                                             cal.days[i].workday, "name", cal.days[i].name,
                                             "weekday", appointment_weekday(cal.days[i].day)));
    return resp_list_whole(req, arr);
}

/* PUT /api/v1/holidays/{year} {"days": [{day, workday, name}]}: the year's
 * days replaced. A day off on a weekend or a working weekday is refused:
 * neither changes anything and both are typing mistakes. */
static int api_holidays_put(struct request *req)
{
    const char *ys = req->params[0];
    char *end;
    long year = strtol(ys, &end, 10);
    if (*end || year < 1900 || year > 9999) {
        req->error_detail = "年份不正确";
        return ERR_NOT_FOUND;
    }
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    static const char *const keys[] = {"days", NULL};
    refuse_unknown(req, body, keys);
    json_t *days = json_object_get(body, "days");
    if (!json_is_array(days)) {
        field_errors_add(&req->errors, "days", "请提供节假日安排（days 数组）");
        return ERR_INVALID;
    }
    size_t n = json_array_size(days);
    struct appointment_calendar_day *out = arena_calloc(req->arena, n ? n : 1, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        json_t *d = json_array_get(days, i);
        const char *field = arena_sprintf(req->arena, "days[%zu]", i);
        json_t *jd = json_object_get(d, "day"), *jw = json_object_get(d, "workday"),
               *jn = json_object_get(d, "name");
        struct date day;
        if (!json_is_string(jd) || date_parse_iso(json_string_value(jd), &day) != 0 ||
            day.day == 0 || day.year != year) {
            field_errors_add(&req->errors, field, "第 %zu 项的日期应为 %ld 年内的 YYYY-MM-DD",
                             i + 1, year);
            continue;
        }
        if (!json_is_boolean(jw) || !json_is_string(jn) || !*json_string_value(jn) ||
            utf8_length(json_string_value(jn)) > 40) {
            field_errors_add(&req->errors, field,
                             "第 %zu 项须写明是否调休上班（workday）和名称（40 字以内）", i + 1);
            continue;
        }
        bool weekend = appointment_weekday(day) >= 6;
        if (json_is_true(jw) != weekend) {
            field_errors_add(&req->errors, field,
                             json_is_true(jw) ? "第 %zu 项：%s 本是工作日，无须标为调休上班"
                                              : "第 %zu 项：%s 本是周末，无须标为放假",
                             i + 1, json_string_value(jd));
            continue;
        }
        for (size_t j = 0; j < i; j++)
            if (date_compare(out[j].day, day) == 0)
                field_errors_add(&req->errors, field, "第 %zu 项：%s 重复", i + 1,
                                 json_string_value(jd));
        out[i] = (struct appointment_calendar_day){day, json_is_true(jw), json_string_value(jn)};
    }
    if (req->errors.count)
        return ERR_INVALID;
    /* Sorted by day, as the calendar is read. */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && date_compare(out[j - 1].day, out[j].day) > 0; j--) {
            struct appointment_calendar_day t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    if ((rc = appointment_calendar_put_year(req->db, (int)year, out, n)) < 0)
        return rc;
    req_audit_set(req, year, NULL, json_incref(days));
    return resp_json(req, 200, json_pack("{s:i, s:I}", "year", (int)year, "days", (json_int_t)n));
}

static const struct route routes[] = {
    {.method = "GET",
     .pattern = "/api/v1/appointments",
     .handler = api_appointments_list,
     .perm = PERM_APPOINTMENTS_READ,
     .scope = SCOPE_WHOLE,
     .summary = "任免事项列表（按环节筛选）"},
    {.method = "POST",
     .pattern = "/api/v1/appointments",
     .handler = api_appointments_create,
     .perm = PERM_APPOINTMENTS_WRITE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "动议：新建任免事项",
     .audit = "appointment.create",
     .audit_label = "新建任免事项",
     .object_type = "appointment"},
    {.method = "GET",
     .pattern = "/api/v1/appointments/probations",
     .handler = api_probations,
     .perm = PERM_APPOINTMENTS_READ,
     .scope = SCOPE_WHOLE,
     .summary = "试用期即将届满的提醒"},
    {.method = "GET",
     .pattern = "/api/v1/appointments/{id}",
     .handler = api_appointments_get,
     .perm = PERM_APPOINTMENTS_READ,
     .scope = SCOPE_WHOLE,
     .summary = "一件任免事项：过程、凡提四必、公示",
     .target = case_target},
    {.method = "POST",
     .pattern = "/api/v1/appointments/{id}/checks",
     .handler = api_appointments_check,
     .perm = PERM_APPOINTMENTS_CHECK,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "记录凡提四必核查结果",
     .audit = "appointment.check",
     .audit_label = "记录凡提四必核查",
     .object_type = "appointment"},
    {.method = "POST",
     .pattern = "/api/v1/appointments/{id}/advance",
     .handler = api_appointments_advance,
     .perm = PERM_APPOINTMENTS_WRITE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "推进任免事项到下一环节",
     .audit = "appointment.advance",
     .audit_label = "推进任免事项",
     .object_type = "appointment"},
    {.method = "POST",
     .pattern = "/api/v1/appointments/{id}/objections",
     .handler = api_objections_create,
     .perm = PERM_APPOINTMENTS_WRITE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "登记任前公示期间反映的问题",
     .audit = "appointment.objection",
     .audit_label = "登记公示反映问题",
     .object_type = "appointment"},
    {.method = "POST",
     .pattern = "/api/v1/appointments/{id}/objections/{oid}/resolve",
     .handler = api_objections_resolve,
     .perm = PERM_APPOINTMENTS_WRITE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "记录公示反映问题的核实处理结果",
     .audit = "appointment.objection_resolve",
     .audit_label = "处理公示反映问题",
     .object_type = "appointment"},
    {.method = "GET",
     .pattern = "/api/v1/holidays",
     .handler = api_holidays_get,
     .perm = PERM_APPOINTMENTS_READ,
     .summary = "节假日安排（放假与调休上班）"},
    {.method = "PUT",
     .pattern = "/api/v1/holidays/{year}",
     .handler = api_holidays_put,
     .perm = PERM_HOLIDAYS_WRITE,
     .flags = ROUTE_WRITE,
     .summary = "维护一年的节假日安排",
     .audit = "holidays.update",
     .audit_label = "维护节假日安排",
     .object_type = "holidays"},
};
ROUTE_TABLE(api_appointments_routes, routes);
