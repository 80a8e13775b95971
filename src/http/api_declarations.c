/* api_declarations.c — personal-matters reports (个人有关事项报告) over HTTP: a
 * person's duty and reports (filled in by 干部本人 or entered by the office;
 * every read of a report's items audited), the office's lists of who must
 * report and who is late or missing, the yearly draw, and the checks with
 * their 漏报/隐瞒不报 classes and decisions. */
#include <stdlib.h>
#include <string.h>

#include "core/declarations.h"
#include "core/records.h"
#include "formats/record_json.h"
#include "http/handlers.h"
#include "store/declarations.h"
#include "store/people.h"
#include "store/records.h"
#include "util/arena.h"
#include "util/secret.h"
#include "util/utf8.h"

/* A report holds a household's items: a few dozen; 500 is far beyond any. */
enum { ITEMS_MAX = 500, FINDINGS_MAX = 200, PER_PAGE_DEFAULT = 100, TEXT_MAX = 2000 };

/* Free text a user typed: valid UTF-8, at most TEXT_MAX characters. */
static bool text_ok(const char *s)
{
    return utf8_valid(s, strlen(s)) && utf8_length(s) <= TEXT_MAX;
}

static const char *const check_reasons[][2] = {
    {"random", "随机抽查"},     {"promotion", "拟提拔考察对象"}, {"reserve", "拟列入后备干部"},
    {"tipoff", "受到具体举报"}, {"post", "拟任重要岗位"},        {"other", "其他重点查核"},
};

static const char *reason_label(const char *reason)
{
    for (size_t i = 0; reason && i < sizeof check_reasons / sizeof *check_reasons; i++)
        if (strcmp(check_reasons[i][0], reason) == 0)
            return check_reasons[i][1];
    return NULL;
}

static int no_key(struct request *req)
{
    return resp_problem(req, ERR_CONFLICT,
                        "服务器尚未配置数据密钥文件，个人有关事项报告无法加密保存或读取；"
                        "请系统管理员运行 cadre key init");
}

/* Maps the store's "no key" and "cannot open" to answers a user can act on. */
static int key_problem(struct request *req, int rc)
{
    if (rc == ERR_UNAVAILABLE)
        return no_key(req);
    if (rc == ERR_INVALID)
        return resp_problem(req, ERR_CONFLICT,
                            "报告内容无法用当前数据密钥解密（密钥文件可能已更换）");
    return rc;
}

/* The person of the path, inside the route's scope: 0 or a 404. */
static int path_person(struct request *req, long long *person_id)
{
    struct person_view v;
    int rc = req_id_or_404(req, 0, "干部不存在", person_id);
    if (rc == 0)
        rc = req_404(req, people_get_in(req->db, req->scope, *person_id, req->arena, &v),
                     "干部不存在");
    return rc;
}

/* The year of the path (报告年度). */
static int path_year(struct request *req, int *year)
{
    const char *s = req->nparams > 1 ? req->params[1] : NULL;
    char *end;
    long y = s ? strtol(s, &end, 10) : 0;
    if (!s || *end || y < 1 || y > 9999)
        return req_404(req, ERR_NOT_FOUND, "报告年度应为四位年份");
    *year = (int)y;
    return 0;
}

static json_t *date_json(struct date d)
{
    char buf[11];
    return date_is_none(d) ? json_null() : json_string(date_format_iso(d, buf));
}

static enum declaration_state report_state(const struct declaration_report *r, struct date today)
{
    struct date submitted = r && strcmp(r->status, "submitted") == 0 ? r->submitted_on : DATE_NONE;
    return declarations_state(r->deadline, submitted, today);
}

/* A report's metadata (no items). */
static json_t *report_meta_json(const struct declaration_report *r, struct date today)
{
    enum declaration_state s = report_state(r, today);
    return json_pack(
        "{s:I, s:I, s:i, s:s, s:o, s:o, s:s, s:o, s:s, s:s, s:s, s:o, s:I}", "id",
        (json_int_t)r->id, "person_id", (json_int_t)r->person_id, "year", r->year, "kind", r->kind,
        "event_date", date_json(r->event_date), "deadline", date_json(r->deadline), "status",
        r->status, "submitted_on", date_json(r->submitted_on), "entered_by", r->entered_by, "state",
        declarations_state_name(s), "state_label", declarations_state_label(s), "updated_at",
        json_str_or_null(r->updated_at), "version", (json_int_t)r->version);
}

/* The items array of a stored content text (our own JSON); an empty array
 * for NULL. New reference. */
static json_t *content_items(const char *content)
{
    json_t *doc = content ? json_loads(content, 0, NULL) : NULL;
    json_t *items = doc ? json_incref(json_object_get(doc, "items")) : NULL;
    json_decref(doc);
    return json_is_array(items) ? items : (json_decref(items), json_array());
}

/* Parses and validates `items` (a JSON array of {type, ...fields}) into a
 * normalized array (new reference, in `*out`), errors on "items[i].field". */
static int parse_items(struct request *req, json_t *items, json_t **out)
{
    *out = NULL;
    if (!json_is_array(items)) {
        field_errors_add(&req->errors, "items", "items 应为报告事项的数组");
        return ERR_INVALID;
    }
    if (json_array_size(items) > ITEMS_MAX) {
        field_errors_add(&req->errors, "items", "报告事项不能超过 %d 项", ITEMS_MAX);
        return ERR_INVALID;
    }
    json_t *norm = json_array();
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        const char *prefix = arena_sprintf(req->arena, "items[%zu]", i);
        const char *type = json_string_value(json_object_get(it, "type"));
        const struct declaration_item_type *t = declarations_item_type(type);
        if (!json_is_object(it) || !t) {
            field_errors_add(&req->errors, arena_sprintf(req->arena, "%s.type", prefix),
                             "第 %zu 项的事项类别不存在", i + 1);
            continue;
        }
        json_t *copy = json_copy(it);
        json_object_del(copy, "type");
        struct declaration_item item = {0};
        struct field_errors fe;
        field_errors_init(&fe, req->arena);
        record_json_parse(t->kind, copy, &item, false, req->arena, &fe);
        json_decref(copy);
        record_validate(t->kind, &item, req->today, &fe);
        for (const struct field_error *e = fe.head; e; e = e->next)
            field_errors_add(&req->errors, arena_sprintf(req->arena, "%s.%s", prefix, e->field),
                             "第 %zu 项（%s）：%s", i + 1, t->kind->label, e->message);
        if (fe.count)
            continue;
        json_t *o = json_pack("{s:s}", "type", t->type);
        record_json_set_fields(o, t->kind, &item, true);
        json_array_append_new(norm, o);
    }
    if (req->errors.count) {
        json_decref(norm);
        return ERR_INVALID;
    }
    *out = norm;
    return 0;
}

/* `j` as compact JSON text in the request's arena. */
static char *json_text(struct request *req, const json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
    char *copy = arena_strdup(req->arena, s);
    free(s);
    return copy;
}

static char *content_text(struct request *req, json_t *items)
{
    json_t *doc = json_pack("{s:O}", "items", items);
    char *s = json_text(req, doc);
    json_decref(doc);
    return s;
}

/* Audits a read of a person's report items (or a check's findings). */
static int audit_read(struct request *req, const char *action, long long person_id, int year,
                      long long object_id)
{
    json_t *after = json_pack("{s:i, s:I}", "year", year, "id", (json_int_t)object_id);
    int rc = req_audit(req, action, "person", person_id, "ok", NULL, after);
    json_decref(after);
    return rc;
}

/* The annual report of (person, year), metadata only: 0, ERR_NOT_FOUND. */
static int find_annual(struct request *req, long long person_id, int year,
                       struct declaration_report *out)
{
    struct declaration_report *rows;
    size_t n;
    int rc = declarations_reports(req->db, person_id, 0, req->arena, &rows, &n);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (rows[i].year == year && strcmp(rows[i].kind, "annual") == 0) {
            *out = rows[i];
            return 0;
        }
    return ERR_NOT_FOUND;
}

static json_t *duty_json(const struct declaration_duty *d)
{
    return json_pack("{s:I, s:s?, s:o, s:s?, s:s?, s:s?, s:b, s:b, s:o, s:s?, s:b}", "person_id",
                     (json_int_t)d->person_id, "name", d->name, "id_number",
                     json_str_or_null(d->id_number), "unit_name", d->unit_name, "rank", d->rank,
                     "post_level", d->post_level, "by_rank", d->by_rank, "by_former_post",
                     d->by_former_post, "override",
                     d->override < 0 ? json_null() : json_boolean(d->override == 1),
                     "override_reason", d->override_reason, "obliged", d->obliged);
}

/* GET /api/v1/people/{id}/declarations */
static int api_person_declarations(struct request *req)
{
    long long person_id = 0;
    int rc = path_person(req, &person_id);
    if (rc < 0)
        return rc;
    struct declaration_duty d;
    rc = declarations_duty(req->db, person_id, req->arena, &d);
    if (rc == ERR_NOT_FOUND) {
        memset(&d, 0, sizeof d);
        d.person_id = person_id;
        d.override = -1;
    } else if (rc < 0) {
        return rc;
    }
    struct declaration_report *rows;
    size_t n;
    if ((rc = declarations_reports(req->db, person_id, 0, req->arena, &rows, &n)) < 0)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, report_meta_json(&rows[i], req->today));
    json_t *duty = duty_json(&d);
    json_object_del(duty, "id_number");
    return resp_json(req, 200,
                     json_pack("{s:I, s:o, s:o, s:o}", "person_id", (json_int_t)person_id, "duty",
                               duty, "items", items, "annual_deadline",
                               date_json(declarations_annual_deadline(req->today.year - 1))));
}

/* GET /api/v1/people/{id}/declarations/{year}: the annual report, or when
 * there is none yet a new one that starts as a copy of the latest earlier
 * report (id null, copied_from_year set). */
static int api_report_get(struct request *req)
{
    long long person_id = 0;
    int year = 0, rc;
    if ((rc = path_person(req, &person_id)) < 0 || (rc = path_year(req, &year)) < 0)
        return rc;
    struct declaration_report meta, r;
    rc = find_annual(req, person_id, year, &meta);
    const struct secret_key *key = secret_default_key();
    json_t *body;
    if (rc == 0) {
        if ((rc = declarations_report_get(req->db, key, meta.id, req->arena, &r)) < 0)
            return key_problem(req, rc);
        body = report_meta_json(&r, req->today);
        json_object_set_new(body, "items", content_items(r.content));
        json_object_set_new(body, "copied_from_year", json_null());
    } else if (rc == ERR_NOT_FOUND) {
        struct declaration_report prev;
        rc = declarations_report_previous(req->db, key, person_id, year, req->arena, &prev);
        if (rc < 0 && rc != ERR_NOT_FOUND)
            return key_problem(req, rc);
        memset(&r, 0, sizeof r);
        r.person_id = person_id;
        r.year = year;
        r.kind = "annual";
        r.status = "new";
        r.entered_by = req_unmask_own(req, person_id) ? "self" : "office";
        r.deadline = declarations_annual_deadline(year);
        body = report_meta_json(&r, req->today);
        json_object_set_new(body, "id", json_null());
        json_object_set_new(body, "version", json_null());
        json_object_set_new(body, "items", content_items(rc == 0 ? prev.content : NULL));
        json_object_set_new(body, "copied_from_year",
                            rc == 0 ? json_integer(prev.year) : json_null());
        meta.id = 0;
    } else {
        return rc;
    }
    if ((rc = audit_read(req, "declaration.read", person_id, year, meta.id)) < 0) {
        json_decref(body);
        return rc;
    }
    return resp_json(req, 200, body);
}

/* The annual report the path names, for its ETag and If-Match. */
static int report_target(struct request *req, struct route_target *out)
{
    long long person_id = 0;
    int year = 0;
    if (req_param_id(req, 0, &person_id) < 0 || path_year(req, &year) < 0)
        return ERR_NOT_FOUND;
    struct declaration_report r;
    if (find_annual(req, person_id, year, &r) < 0)
        return ERR_NOT_FOUND;
    *out = (struct route_target){.table = "declarations", .object_type = "declaration", .id = r.id};
    return 0;
}

/* PUT /api/v1/people/{id}/declarations/{year}: {items, submit}. Saves the
 * annual report (creating it at the first save); `submit` hands it in.
 * 干部本人 cannot change a report once handed in; the office can. */
static int api_report_put(struct request *req)
{
    long long person_id = 0;
    int year = 0, rc;
    if ((rc = path_person(req, &person_id)) < 0 || (rc = path_year(req, &year)) < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    if (year < 2000 || year > req->today.year)
        field_errors_add(&req->errors, "year", "报告年度应在 2000 年至今年之间");
    json_t *submit = json_object_get(body, "submit");
    if (submit && !json_is_boolean(submit))
        field_errors_add(&req->errors, "submit", "submit 应为 true 或 false");
    json_t *items;
    if (parse_items(req, json_object_get(body, "items"), &items) < 0 || req->errors.count) {
        json_decref(items);
        return ERR_INVALID;
    }
    const struct secret_key *key = secret_default_key();
    if (!key) {
        json_decref(items);
        return no_key(req);
    }
    bool self = req_unmask_own(req, person_id);
    struct declaration_report r;
    rc = find_annual(req, person_id, year, &r);
    bool create = rc == ERR_NOT_FOUND;
    if (rc < 0 && !create) {
        json_decref(items);
        return rc;
    }
    if (create) {
        memset(&r, 0, sizeof r);
        r.person_id = person_id;
        r.year = year;
        r.kind = "annual";
        r.status = "draft";
        r.deadline = declarations_annual_deadline(year);
    } else if (self && strcmp(r.status, "submitted") == 0) {
        json_decref(items);
        return resp_problem(req, ERR_CONFLICT,
                            "报告已提交，不能再修改；如需更正，请联系组织人事部门");
    }
    r.content = content_text(req, items);
    r.entered_by = self ? "self" : "office";
    if (json_is_true(submit) && strcmp(r.status, "submitted") != 0) {
        r.status = "submitted";
        r.submitted_on = req->today;
    }
    size_t count = json_array_size(items);
    json_decref(items);
    rc = create ? declarations_report_insert(req->db, key, &r)
                : declarations_report_update(req->db, key, &r);
    if (rc < 0)
        return key_problem(req, rc);
    /* The audit record names the report, never its items (the log is not
     * encrypted). */
    req_audit_set(req, r.id, NULL,
                  json_pack("{s:I, s:i, s:s, s:s, s:I}", "person_id", (json_int_t)person_id, "year",
                            year, "status", r.status, "entered_by", r.entered_by, "items",
                            (json_int_t)count));
    json_t *out = report_meta_json(&r, req->today);
    json_object_set_new(out, "items_count", json_integer((json_int_t)count));
    return resp_json(req, create ? 201 : 200, out);
}

/* POST /api/v1/people/{id}/declarations/events: {event_date, items} — a
 * report of an Art.3 event (or of a newly obliged cadre), handed in at once
 * and due 30 days after the event. */
static int api_event_create(struct request *req)
{
    long long person_id = 0;
    int rc;
    if ((rc = path_person(req, &person_id)) < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    struct date event = DATE_NONE;
    const char *ev = json_string_value(json_object_get(body, "event_date"));
    if (!ev || date_parse_iso(ev, &event) < 0 || event.day == 0)
        field_errors_add(&req->errors, "event_date", "请填写事项发生日期（YYYY-MM-DD）");
    else if (date_compare(event, req->today) > 0)
        field_errors_add(&req->errors, "event_date", "事项发生日期不能晚于今天");
    json_t *items;
    if (parse_items(req, json_object_get(body, "items"), &items) < 0 || req->errors.count) {
        json_decref(items);
        return ERR_INVALID;
    }
    if (json_array_size(items) == 0) {
        json_decref(items);
        field_errors_add(&req->errors, "items", "请至少填写一项报告事项");
        return ERR_INVALID;
    }
    const struct secret_key *key = secret_default_key();
    if (!key) {
        json_decref(items);
        return no_key(req);
    }
    struct declaration_report r = {
        .person_id = person_id,
        .year = event.year,
        .kind = "event",
        .event_date = event,
        .deadline = declarations_event_deadline(event),
        .status = "submitted",
        .submitted_on = req->today,
        .entered_by = req_unmask_own(req, person_id) ? "self" : "office",
        .content = content_text(req, items),
    };
    size_t count = json_array_size(items);
    json_decref(items);
    if ((rc = declarations_report_insert(req->db, key, &r)) < 0)
        return key_problem(req, rc);
    req_audit_set(req, r.id, NULL,
                  json_pack("{s:I, s:s, s:s, s:I}", "person_id", (json_int_t)person_id,
                            "event_date", ev, "entered_by", r.entered_by, "items",
                            (json_int_t)count));
    return resp_json(req, 201, report_meta_json(&r, req->today));
}

/* PUT /api/v1/people/{id}/declarations/duty: {obliged: true|false|null,
 * reason} — the office's exception to the rank rule, or null to drop it. */
static int api_duty_put(struct request *req)
{
    long long person_id = 0;
    int rc;
    if ((rc = path_person(req, &person_id)) < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    json_t *ob = json_object_get(body, "obliged");
    const char *reason = json_string_value(json_object_get(body, "reason"));
    if (!ob || !(json_is_boolean(ob) || json_is_null(ob)))
        field_errors_add(&req->errors, "obliged",
                         "请选择是否需要报告（true、false，或 null 恢复按职级认定）");
    int obliged = json_is_null(ob) ? -1 : json_is_true(ob);
    if (obliged >= 0 && (!reason || !*reason))
        field_errors_add(&req->errors, "reason", "请填写调整报告范围的理由");
    else if (reason && !text_ok(reason))
        field_errors_add(&req->errors, "reason", "理由过长或含有非法字符");
    if (req->errors.count)
        return ERR_INVALID;
    struct declaration_duty before;
    if ((rc = declarations_duty(req->db, person_id, req->arena, &before)) < 0)
        return req_404(req, rc, "该干部不在职，无需报告");
    if ((rc = declarations_set_obligation(req->db, person_id, obliged,
                                          obliged < 0 ? NULL : reason)) < 0)
        return rc;
    struct declaration_duty after;
    if ((rc = declarations_duty(req->db, person_id, req->arena, &after)) < 0)
        return rc;
    json_t *b = duty_json(&before), *a = duty_json(&after);
    json_object_del(b, "id_number");
    json_object_del(a, "id_number");
    req_audit_set(req, person_id, b, json_incref(a));
    return resp_json(req, 200, a);
}

/* ---- the office's lists ------------------------------------------------- */

/* GET /api/v1/declarations/duties?obliged=1 */
static int api_duties(struct request *req)
{
    struct req_page pg;
    long long only;
    if (req_paging(req, PER_PAGE_DEFAULT, &pg) < 0 ||
        req_query_int(req, "obliged", 0, 1, 0, &only) < 0)
        return ERR_INVALID;
    struct declaration_duty *d;
    size_t n;
    int rc = declarations_duties(req->db, only == 1, req->arena, &d, &n);
    if (rc < 0)
        return rc;
    json_t *items = json_array();
    for (size_t i = (size_t)pg.offset; i < n && i < (size_t)(pg.offset + pg.per_page); i++)
        json_array_append_new(items, duty_json(&d[i]));
    return resp_list(req, items, (long long)n, &pg);
}

static int query_year(struct request *req, long long *year)
{
    return req_query_int(req, "year", 2000, 9999, req->today.year - 1, year);
}

/* GET /api/v1/declarations/status?year=Y&state=late: everyone obliged, with
 * the state of their annual report of Y, and the counts by state. */
static int api_status(struct request *req)
{
    struct req_page pg;
    long long year;
    if (req_paging(req, PER_PAGE_DEFAULT, &pg) < 0 || query_year(req, &year) < 0)
        return ERR_INVALID;
    const char *want = req_query(req, "state");
    if (want && strcmp(want, "pending") && strcmp(want, "on_time") && strcmp(want, "late") &&
        strcmp(want, "missing")) {
        field_errors_add(&req->errors, "state", "state 应为 pending、on_time、late 或 missing");
        return ERR_INVALID;
    }
    struct declaration_duty *d;
    size_t n;
    int rc = declarations_duties(req->db, true, req->arena, &d, &n);
    struct declaration_report *reports;
    size_t nr;
    if (rc < 0 || (rc = declarations_reports(req->db, 0, (int)year, req->arena, &reports, &nr)) < 0)
        return rc;
    struct date deadline = declarations_annual_deadline((int)year);
    long long counts[4] = {0}, total = 0;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct declaration_report *r = NULL;
        for (size_t k = 0; k < nr && !r; k++)
            if (reports[k].person_id == d[i].person_id && strcmp(reports[k].kind, "annual") == 0)
                r = &reports[k];
        struct date submitted =
            r && strcmp(r->status, "submitted") == 0 ? r->submitted_on : DATE_NONE;
        enum declaration_state s = declarations_state(deadline, submitted, req->today);
        counts[s]++;
        if (want && strcmp(want, declarations_state_name(s)) != 0)
            continue;
        if (total >= pg.offset && total < pg.offset + pg.per_page) {
            json_t *o = duty_json(&d[i]);
            json_object_set_new(o, "state", json_string(declarations_state_name(s)));
            json_object_set_new(o, "state_label", json_string(declarations_state_label(s)));
            json_object_set_new(o, "report_id", r ? json_integer(r->id) : json_null());
            json_object_set_new(o, "report_status", json_str_or_null(r ? r->status : NULL));
            json_object_set_new(o, "submitted_on", date_json(submitted));
            json_array_append_new(items, o);
        }
        total++;
    }
    /* The list answer, with the year and the counts beside the page. */
    json_t *doc = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total,
                            "page", (json_int_t)pg.page, "per_page", (json_int_t)pg.per_page);
    json_object_set_new(doc, "year", json_integer(year));
    json_object_set_new(doc, "deadline", date_json(deadline));
    json_object_set_new(doc, "counts",
                        json_pack("{s:I, s:I, s:I, s:I, s:I}", "obliged", (json_int_t)n, "pending",
                                  (json_int_t)counts[DECL_PENDING], "on_time",
                                  (json_int_t)counts[DECL_ON_TIME], "late",
                                  (json_int_t)counts[DECL_LATE], "missing",
                                  (json_int_t)counts[DECL_MISSING]));
    return resp_json(req, 200, doc);
}

/* ---- the draw ----------------------------------------------------------- */

static json_t *lines_json(const char *text)
{
    json_t *a = json_array();
    for (const char *p = text; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len)
            json_array_append_new(a, json_stringn(p, len));
        p += len + (nl ? 1 : 0);
    }
    return a;
}

static json_t *draw_record_json(const struct declaration_draw_record *d)
{
    return json_pack("{s:I, s:i, s:s, s:s, s:s, s:I, s:I, s:o, s:o, s:s, s:s, s:b}", "id",
                     (json_int_t)d->id, "year", d->year, "seed", d->seed, "ratio", d->ratio,
                     "algorithm", d->algorithm, "obliged_count", (json_int_t)d->obliged_count,
                     "sample_count", (json_int_t)d->sample_count, "obliged", lines_json(d->obliged),
                     "drawn", lines_json(d->drawn), "fingerprint", d->fingerprint, "drawn_at",
                     d->drawn_at, "recorded", 1);
}

/* GET /api/v1/declarations/draws?year=Y */
static int api_draws(struct request *req)
{
    long long year;
    if (req_query_int(req, "year", 0, 9999, 0, &year) < 0)
        return ERR_INVALID;
    struct declaration_draw_record *d;
    size_t n;
    int rc = declarations_draws(req->db, req->arena, &d, &n);
    if (rc < 0)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        if (year == 0 || d[i].year == year)
            json_array_append_new(items, draw_record_json(&d[i]));
    struct req_page pg = {1, REQ_PER_PAGE_MAX, 0};
    return resp_list(req, items, (long long)json_array_size(items), &pg);
}

/* POST /api/v1/declarations/draws: {year, seed, ratio = "0.1", dry_run}.
 * Draws from everyone obliged now; without dry_run records the draw and
 * opens a random check for each person drawn (409 when the year has one). */
static int api_draw_create(struct request *req)
{
    json_t *body;
    int rc;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    json_t *jy = json_object_get(body, "year");
    long long year = json_is_integer(jy) ? json_integer_value(jy) : 0;
    if (year < 2000 || year > 9999)
        field_errors_add(&req->errors, "year", "请填写抽查的报告年度（四位年份）");
    const char *seed = json_string_value(json_object_get(body, "seed"));
    if (!declarations_seed_valid(seed))
        field_errors_add(&req->errors, "seed",
                         "请填写公开的随机种子（一行文字，不超过 %d 字节），"
                         "如“2026-02-01 上证综指收盘 3250.12”",
                         DECLARATIONS_SEED_MAX);
    json_t *jr = json_object_get(body, "ratio");
    const char *ratio = jr && !json_is_null(jr) ? json_string_value(jr) : "0.1";
    int per10000;
    const char *canonical;
    if (!ratio || declarations_ratio_parse(ratio, &per10000, &canonical, req->arena) < 0)
        field_errors_add(&req->errors, "ratio",
                         "抽查比例应为大于 0、不超过 1 的小数（最多四位），如 \"0.1\"");
    json_t *dry = json_object_get(body, "dry_run");
    if (dry && !json_is_boolean(dry))
        field_errors_add(&req->errors, "dry_run", "dry_run 应为 true 或 false");
    if (req->errors.count)
        return ERR_INVALID;
    const char **ids;
    size_t n;
    if ((rc = declarations_obliged_ids(req->db, req->arena, &ids, &n)) < 0)
        return rc;
    struct declaration_draw d;
    if ((rc = declarations_draw((int)year, seed, ratio, ids, n, req->arena, &d)) < 0)
        return rc;
    bool recorded = !json_is_true(dry);
    long long id = 0;
    if (recorded && (rc = declarations_draw_save(req->db, &d, &id)) < 0) {
        if (rc == ERR_CONFLICT)
            return resp_problem(
                req, ERR_CONFLICT,
                arena_sprintf(req->arena, "%lld 年度已经抽查过，抽查结果不能重做", year));
        return rc;
    }
    json_t *drawn = json_array(), *obliged = json_array();
    for (size_t i = 0; i < d.ndrawn; i++)
        json_array_append_new(drawn, json_string(d.drawn[i]));
    for (size_t i = 0; i < d.nobliged; i++)
        json_array_append_new(obliged, json_string(d.obliged[i]));
    json_t *out =
        json_pack("{s:o, s:I, s:s, s:s, s:s, s:I, s:I, s:o, s:o, s:s, s:b}", "id",
                  json_id_or_null(id), "year", (json_int_t)year, "seed", d.seed, "ratio", d.ratio,
                  "algorithm", DECLARATIONS_DRAW_ALGORITHM, "obliged_count", (json_int_t)d.nobliged,
                  "sample_count", (json_int_t)d.ndrawn, "obliged", obliged, "drawn", drawn,
                  "fingerprint", d.fingerprint, "recorded", recorded);
    req_audit_set(req, id, NULL,
                  json_pack("{s:I, s:s, s:s, s:I, s:I, s:s, s:b}", "year", (json_int_t)year, "seed",
                            d.seed, "ratio", d.ratio, "obliged_count", (json_int_t)d.nobliged,
                            "sample_count", (json_int_t)d.ndrawn, "fingerprint", d.fingerprint,
                            "dry_run", !recorded));
    return resp_json(req, recorded ? 201 : 200, out);
}

/* ---- checks ------------------------------------------------------------- */

static json_t *check_json(const struct declaration_check *c)
{
    json_t *o = json_pack(
        "{s:I, s:I, s:s?, s:i, s:s, s:s?, s:o, s:s?, s:s, s:o, s:s?, s:s?, s:s?, s:o, s:o, s:I}",
        "id", (json_int_t)c->id, "person_id", (json_int_t)c->person_id, "person_name",
        c->person_name, "year", c->year, "reason", c->reason, "reason_label",
        reason_label(c->reason), "draw_id", json_id_or_null(c->draw_id), "note", c->note, "status",
        c->status, "checked_on", date_json(c->checked_on), "worst_class", c->worst_class,
        "proposal", c->proposal, "decision", c->decision, "decision_date",
        date_json(c->decision_date), "punishment_id", json_id_or_null(c->punishment_id), "version",
        (json_int_t)c->version);
    const struct declaration_handling *p = declarations_handling(c->proposal);
    const struct declaration_handling *h = declarations_handling(c->decision);
    json_object_set_new(o, "proposal_label", json_str_or_null(p ? p->label : NULL));
    json_object_set_new(o, "decision_label", json_str_or_null(h ? h->label : NULL));
    json_object_set_new(o, "worst_class_label",
                        json_str_or_null(!c->worst_class                         ? NULL
                                         : strcmp(c->worst_class, "concealment") ? "漏报"
                                                                                 : "隐瞒不报"));
    return o;
}

/* GET /api/v1/declarations/checks?year=Y */
static int api_checks(struct request *req)
{
    long long year;
    if (req_query_int(req, "year", 0, 9999, 0, &year) < 0)
        return ERR_INVALID;
    struct declaration_check *c;
    size_t n;
    int rc = declarations_checks(req->db, 0, (int)year, req->arena, &c, &n);
    if (rc < 0)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, check_json(&c[i]));
    struct req_page pg = {1, REQ_PER_PAGE_MAX, 0};
    return resp_list(req, items, (long long)n, &pg);
}

/* The check of (person, year), metadata: 0 or ERR_NOT_FOUND. */
static int find_check(struct request *req, long long person_id, int year,
                      struct declaration_check *out)
{
    struct declaration_check *c;
    size_t n;
    int rc = declarations_checks(req->db, person_id, 0, req->arena, &c, &n);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (c[i].year == year) {
            *out = c[i];
            return 0;
        }
    return ERR_NOT_FOUND;
}

/* GET /api/v1/people/{id}/declarations/{year}/check: {check: null | the
 * check with its findings} (a read of findings is audited). */
static int api_check_get(struct request *req)
{
    long long person_id = 0;
    int year = 0, rc;
    if ((rc = path_person(req, &person_id)) < 0 || (rc = path_year(req, &year)) < 0)
        return rc;
    struct declaration_check meta, c;
    rc = find_check(req, person_id, year, &meta);
    if (rc == ERR_NOT_FOUND)
        return resp_json(req, 200, json_pack("{s:n}", "check"));
    if (rc < 0)
        return rc;
    if ((rc = declarations_check_get(req->db, secret_default_key(), meta.id, req->arena, &c)) < 0)
        return key_problem(req, rc);
    json_t *o = check_json(&c);
    json_t *findings = c.findings ? json_loads(c.findings, 0, NULL) : NULL;
    json_object_set_new(o, "findings", findings ? findings : json_array());
    if (c.findings && (rc = audit_read(req, "declaration.check_read", person_id, year, c.id)) < 0) {
        json_decref(o);
        return rc;
    }
    return resp_json(req, 200, json_pack("{s:o}", "check", o));
}

/* POST /api/v1/people/{id}/declarations/{year}/check: {reason, note} — a
 * focused check (重点查核) of the person's report of that year. */
static int api_check_create(struct request *req)
{
    long long person_id = 0;
    int year = 0, rc;
    if ((rc = path_person(req, &person_id)) < 0 || (rc = path_year(req, &year)) < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    const char *reason = json_string_value(json_object_get(body, "reason"));
    if (!reason_label(reason) || strcmp(reason, "random") == 0)
        field_errors_add(
            &req->errors, "reason",
            "请选择重点查核的原因：promotion（拟提拔考察对象）、reserve（拟列入后备干部）、"
            "tipoff（受到具体举报）、post（拟任重要岗位）或 other");
    const char *note = json_string_value(json_object_get(body, "note"));
    if (note && !text_ok(note))
        field_errors_add(&req->errors, "note", "说明过长或含有非法字符");
    if (year < 2000 || year > req->today.year)
        field_errors_add(&req->errors, "year", "报告年度应在 2000 年至今年之间");
    if (req->errors.count)
        return ERR_INVALID;
    struct declaration_check c;
    if ((rc = find_check(req, person_id, year, &c)) == 0)
        return resp_problem(req, ERR_CONFLICT, "该干部这一年度的报告已列入查核");
    if (rc != ERR_NOT_FOUND)
        return rc;
    memset(&c, 0, sizeof c);
    c.person_id = person_id;
    c.year = year;
    c.reason = reason;
    c.note = note;
    c.status = "open";
    if ((rc = declarations_check_insert(req->db, &c)) < 0)
        return rc;
    req_audit_set(req, c.id, NULL,
                  json_pack("{s:I, s:i, s:s}", "person_id", (json_int_t)person_id, "year", year,
                            "reason", reason));
    return resp_json(req, 201, check_json(&c));
}

static const char *date_field(struct request *req, json_t *body, const char *name,
                              const char *label, struct date *out)
{
    const char *s = json_string_value(json_object_get(body, name));
    if (!s || date_parse_iso(s, out) < 0 || out->day == 0)
        field_errors_add(&req->errors, name, "请填写%s（YYYY-MM-DD）", label);
    else if (date_compare(*out, req->today) > 0)
        field_errors_add(&req->errors, name, "%s不能晚于今天", label);
    return s;
}

/* PUT /api/v1/people/{id}/declarations/{year}/check/result:
 * {checked_on, findings: [{type, kind, discrepancy: missing|under, detail}]}
 * — what the check found, item by item against the report. Each finding
 * is classed 漏报 or 隐瞒不报 by the table; the worst class proposes the
 * handling. No findings: the report agrees (如实报告). */
static int api_check_result(struct request *req)
{
    long long person_id = 0;
    int year = 0, rc;
    if ((rc = path_person(req, &person_id)) < 0 || (rc = path_year(req, &year)) < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    struct date checked_on;
    date_field(req, body, "checked_on", "查核日期", &checked_on);
    json_t *findings = json_object_get(body, "findings");
    if (!json_is_array(findings) || json_array_size(findings) > FINDINGS_MAX) {
        field_errors_add(&req->errors, "findings", "findings 应为查核发现的数组（可为空）");
        return ERR_INVALID;
    }
    /* The report's item types, for "not reported at all". */
    struct declaration_report meta, report;
    const struct secret_key *key = secret_default_key();
    json_t *reported = NULL;
    rc = find_annual(req, person_id, year, &meta);
    if (rc == 0) {
        if ((rc = declarations_report_get(req->db, key, meta.id, req->arena, &report)) < 0)
            return key_problem(req, rc);
        reported = content_items(report.content);
    } else if (rc != ERR_NOT_FOUND) {
        return rc;
    }
    json_t *classed = json_array();
    int worst = -1;
    size_t i;
    json_t *f;
    json_array_foreach(findings, i, f)
    {
        const char *type = json_string_value(json_object_get(f, "type"));
        const char *kind = json_string_value(json_object_get(f, "kind"));
        const char *disc = json_string_value(json_object_get(f, "discrepancy"));
        const char *detail = json_string_value(json_object_get(f, "detail"));
        const struct declaration_item_type *t = declarations_item_type(type);
        if (!t) {
            field_errors_add(&req->errors, arena_sprintf(req->arena, "findings[%zu].type", i),
                             "第 %zu 条发现的事项类别不存在", i + 1);
            continue;
        }
        const struct field_def *kf = fields_find(t->kind, "kind");
        bool kind_ok = !kind || (kf && field_value_label(kf, kind));
        if (!kind_ok)
            field_errors_add(&req->errors, arena_sprintf(req->arena, "findings[%zu].kind", i),
                             "第 %zu 条发现的类别不适用于“%s”", i + 1, t->kind->label);
        enum declaration_discrepancy d = DISC_MISSING;
        if (disc && strcmp(disc, "under") == 0)
            d = DISC_UNDER;
        else if (!disc || strcmp(disc, "missing") != 0)
            field_errors_add(&req->errors,
                             arena_sprintf(req->arena, "findings[%zu].discrepancy", i),
                             "第 %zu 条发现应为 missing（未报告）或 under（少报）", i + 1);
        if (detail && !text_ok(detail))
            field_errors_add(&req->errors, arena_sprintf(req->arena, "findings[%zu].detail", i),
                             "第 %zu 条发现的说明过长或含有非法字符", i + 1);
        bool type_reported = false;
        size_t k;
        json_t *it;
        json_array_foreach(reported, k, it)
        {
            const char *rt = json_string_value(json_object_get(it, "type"));
            type_reported = type_reported || (rt && strcmp(rt, t->type) == 0);
        }
        const char *row;
        int cls = declarations_classify(t->type, kind, d, type_reported, &row);
        if (cls > worst)
            worst = cls;
        json_array_append_new(
            classed, json_pack("{s:s, s:s?, s:s, s:s?, s:s, s:s, s:s}", "type", t->type, "kind",
                               kind, "discrepancy", d == DISC_UNDER ? "under" : "missing", "detail",
                               detail, "class", declarations_class_name(cls), "class_label",
                               declarations_class_label(cls), "basis", row));
    }
    json_decref(reported);
    if (req->errors.count) {
        json_decref(classed);
        return ERR_INVALID;
    }
    struct declaration_check c;
    rc = find_check(req, person_id, year, &c);
    if (rc < 0) {
        json_decref(classed);
        return req_404(req, rc, "该年度的报告未列入查核");
    }
    if (strcmp(c.status, "decided") == 0) {
        json_decref(classed);
        return resp_problem(req, ERR_CONFLICT, "查核结果已作出处理决定，不能再修改");
    }
    if (!key) {
        json_decref(classed);
        return no_key(req);
    }
    const struct declaration_handling *p = declarations_propose(worst);
    c.status = "checked";
    c.checked_on = checked_on;
    c.findings = json_text(req, classed);
    c.worst_class = worst < 0 ? NULL : declarations_class_name(worst);
    c.proposal = p ? p->code : NULL;
    if ((rc = declarations_check_update(req->db, key, &c)) < 0) {
        json_decref(classed);
        return key_problem(req, rc);
    }
    req_audit_set(req, c.id, NULL,
                  json_pack("{s:I, s:i, s:I, s:s?, s:s?}", "person_id", (json_int_t)person_id,
                            "year", year, "findings", (json_int_t)json_array_size(classed),
                            "worst_class", c.worst_class, "proposal", c.proposal));
    json_t *o = check_json(&c);
    json_object_set_new(o, "findings", classed);
    return resp_json(req, 200, o);
}

/* PUT /api/v1/people/{id}/declarations/{year}/check/decision:
 * {decision, decision_date, authority} — the handling decided. One that
 * bars (诫勉, 调离岗位, 免职, 降职) is written as the person's punishment
 * record with RULES.md §7's effect period, so the qualification engine bars
 * the person like for any other handling. */
static int api_check_decision(struct request *req)
{
    long long person_id = 0;
    int year = 0, rc;
    if ((rc = path_person(req, &person_id)) < 0 || (rc = path_year(req, &year)) < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    const char *code = json_string_value(json_object_get(body, "decision"));
    const struct declaration_handling *h = declarations_handling(code);
    if (!h)
        field_errors_add(&req->errors, "decision",
                         "请选择处理方式：criticism、self_check、correct、O01（诫勉）、"
                         "O02（调离岗位）、O04（免职）或 O05（降职）");
    struct date decided;
    date_field(req, body, "decision_date", "决定日期", &decided);
    const char *authority = json_string_value(json_object_get(body, "authority"));
    if (authority && (utf8_length(authority) > 100 || !text_ok(authority)))
        field_errors_add(&req->errors, "authority", "决定机关过长或含有非法字符");
    if (req->errors.count)
        return ERR_INVALID;
    struct declaration_check c;
    if ((rc = find_check(req, person_id, year, &c)) < 0)
        return req_404(req, rc, "该年度的报告未列入查核");
    if (strcmp(c.status, "checked") != 0 || !c.worst_class)
        return resp_problem(req, ERR_CONFLICT,
                            strcmp(c.status, "decided") == 0 ? "已作出处理决定"
                            : !c.worst_class && strcmp(c.status, "checked") == 0
                                ? "查核未发现漏报或隐瞒不报，无需处理"
                                : "请先录入查核结果");
    int cls = strcmp(c.worst_class, "concealment") == 0 ? CLASS_CONCEALMENT : CLASS_OMISSION;
    if (!(h->classes & (1u << cls))) {
        field_errors_add(&req->errors, "decision", "%s不适用于%s的情形", h->label,
                         declarations_class_label(cls));
        return ERR_INVALID;
    }
    if (h->punishment) {
        struct punishment_record p = {
            .person_id = person_id,
            .kind = h->punishment,
            .decision_date = decided,
            .effect_months = h->months,
            .reason = arena_sprintf(req->arena, "%d 年度个人有关事项报告%s（查核）", year,
                                    declarations_class_label(cls)),
            .authority = authority,
        };
        if ((rc = records_insert(req->db, &punishment_kind, &p)) < 0)
            return rc;
        c.punishment_id = p.id;
    }
    c.status = "decided";
    c.decision = h->code;
    c.decision_date = decided;
    struct declaration_check full;
    if ((rc = declarations_check_get(req->db, secret_default_key(), c.id, req->arena, &full)) < 0)
        return key_problem(req, rc);
    c.findings = full.findings;
    if ((rc = declarations_check_update(req->db, secret_default_key(), &c)) < 0)
        return key_problem(req, rc);
    req_audit_set(req, c.id, NULL,
                  json_pack("{s:I, s:i, s:s, s:s, s:o}", "person_id", (json_int_t)person_id, "year",
                            year, "class", declarations_class_name(cls), "decision", h->code,
                            "punishment_id", json_id_or_null(c.punishment_id)));
    json_t *o = check_json(&c);
    json_object_set_new(o, "effect_months", json_integer(h->months));
    return resp_json(req, 200, o);
}

/* GET /api/v1/declarations/schema: the item types with their fields, the
 * handlings, the check reasons — the report form and the check form are
 * built from it. */
static int api_schema(struct request *req)
{
    size_t n;
    const struct declaration_item_type *t = declarations_item_types(&n);
    json_t *types = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(types, json_pack("{s:s, s:s, s:s, s:i, s:o}", "type", t[i].type,
                                               "label", t[i].kind->label, "group",
                                               t[i].group == DECL_FAMILY ? "family" : "assets",
                                               "article_item", t[i].article_item, "fields",
                                               record_json_fields_schema(t[i].kind, req->arena)));
    size_t nh;
    const struct declaration_handling *h = declarations_handlings(&nh);
    json_t *handlings = json_array();
    for (size_t i = 0; i < nh; i++) {
        json_t *classes = json_array();
        for (int c = CLASS_OMISSION; c <= CLASS_CONCEALMENT; c++)
            if (h[i].classes & (1u << c))
                json_array_append_new(classes, json_string(declarations_class_name(c)));
        json_array_append_new(handlings,
                              json_pack("{s:s, s:s, s:s?, s:i, s:o}", "code", h[i].code, "label",
                                        h[i].label, "punishment", h[i].punishment, "months",
                                        h[i].months, "classes", classes));
    }
    json_t *reasons = json_array();
    for (size_t i = 0; i < sizeof check_reasons / sizeof *check_reasons; i++)
        json_array_append_new(reasons, json_pack("{s:s, s:s}", "value", check_reasons[i][0],
                                                 "label", check_reasons[i][1]));
    return resp_json(req, 200,
                     json_pack("{s:o, s:o, s:o, s:s, s:s}", "item_types", types, "handlings",
                               handlings, "check_reasons", reasons, "algorithm",
                               DECLARATIONS_DRAW_ALGORITHM, "default_ratio", "0.1"));
}

/* The check of the path, for its ETag and If-Match. */
static int check_target(struct request *req, struct route_target *out)
{
    long long person_id = 0;
    int year = 0;
    if (req_param_id(req, 0, &person_id) < 0 || path_year(req, &year) < 0)
        return ERR_NOT_FOUND;
    struct declaration_check c;
    if (find_check(req, person_id, year, &c) < 0)
        return ERR_NOT_FOUND;
    *out = (struct route_target){
        .table = "declaration_checks", .object_type = "declaration_check", .id = c.id};
    return 0;
}

/* Reads of report items and check findings, written by the reads. */
static const struct audit_action events[] = {
    {"declaration.read", "查看个人有关事项报告"},
    {"declaration.check_read", "查看个人有关事项查核结果"},
};

static const struct route routes[] = {
    {.method = "GET",
     .pattern = "/api/v1/declarations/schema",
     .handler = api_schema,
     .perm = PERM_AUTH,
     .scope = SCOPE_NONE,
     .summary = "个人有关事项报告的事项类别及字段、处理方式、查核原因"},
    {.method = "GET",
     .pattern = "/api/v1/people/{id}/declarations",
     .handler = api_person_declarations,
     .perm = PERM_DECLARATIONS_FILE,
     .scope = SCOPE_PERSON,
     .summary = "干部的报告义务及历年个人有关事项报告（不含内容）"},
    {.method = "GET",
     .pattern = "/api/v1/people/{id}/declarations/{year}",
     .handler = api_report_get,
     .perm = PERM_DECLARATIONS_FILE,
     .scope = SCOPE_PERSON,
     .summary = "某年度的个人有关事项报告（尚未填报时为上一年度报告的副本；读取留痕）",
     .target = report_target},
    {.method = "PUT",
     .pattern = "/api/v1/people/{id}/declarations/{year}",
     .handler = api_report_put,
     .perm = PERM_DECLARATIONS_FILE,
     .scope = SCOPE_PERSON,
     .flags = ROUTE_WRITE,
     .summary = "保存或提交年度个人有关事项报告（本人填报或组织人事部门录入）",
     .audit = "declaration.save",
     .audit_label = "保存个人有关事项报告",
     .object_type = "declaration",
     .target = report_target},
    {.method = "POST",
     .pattern = "/api/v1/people/{id}/declarations/events",
     .handler = api_event_create,
     .perm = PERM_DECLARATIONS_FILE,
     .scope = SCOPE_PERSON,
     .flags = ROUTE_WRITE,
     .summary = "报告发生的个人有关事项（事后 30 日内）",
     .audit = "declaration.event",
     .audit_label = "报告个人有关事项变化",
     .object_type = "declaration"},
    {.method = "PUT",
     .pattern = "/api/v1/people/{id}/declarations/duty",
     .handler = api_duty_put,
     .perm = PERM_DECLARATIONS_MANAGE,
     .scope = SCOPE_PERSON,
     .flags = ROUTE_WRITE,
     .summary = "调整干部是否需要报告个人有关事项（须填写理由）",
     .audit = "declaration.duty",
     .audit_label = "调整个人有关事项报告范围",
     .object_type = "person"},
    {.method = "GET",
     .pattern = "/api/v1/people/{id}/declarations/{year}/check",
     .handler = api_check_get,
     .perm = PERM_DECLARATIONS_MANAGE,
     .scope = SCOPE_PERSON,
     .summary = "某年度报告的查核及其逐项结果（读取留痕）",
     .target = check_target},
    {.method = "POST",
     .pattern = "/api/v1/people/{id}/declarations/{year}/check",
     .handler = api_check_create,
     .perm = PERM_DECLARATIONS_MANAGE,
     .scope = SCOPE_PERSON,
     .flags = ROUTE_WRITE,
     .summary = "列入重点查核（拟提拔、后备干部、受到具体举报等）",
     .audit = "declaration.check_open",
     .audit_label = "列入个人有关事项重点查核",
     .object_type = "declaration_check"},
    {.method = "PUT",
     .pattern = "/api/v1/people/{id}/declarations/{year}/check/result",
     .handler = api_check_result,
     .perm = PERM_DECLARATIONS_MANAGE,
     .scope = SCOPE_PERSON,
     .flags = ROUTE_WRITE,
     .summary = "录入逐项查核结果（认定漏报或隐瞒不报，提出处理建议）",
     .audit = "declaration.check_result",
     .audit_label = "录入个人有关事项查核结果",
     .object_type = "declaration_check",
     .target = check_target},
    {.method = "PUT",
     .pattern = "/api/v1/people/{id}/declarations/{year}/check/decision",
     .handler = api_check_decision,
     .perm = PERM_DECLARATIONS_MANAGE,
     .scope = SCOPE_PERSON,
     .flags = ROUTE_WRITE,
     .summary = "录入查核结果的处理决定（诫勉等写入处分与组织处理记录）",
     .audit = "declaration.check_decision",
     .audit_label = "作出个人有关事项查核处理决定",
     .object_type = "declaration_check",
     .target = check_target},
    {.method = "GET",
     .pattern = "/api/v1/declarations/duties",
     .handler = api_duties,
     .perm = PERM_DECLARATIONS_MANAGE,
     .scope = SCOPE_WHOLE,
     .summary = "在职干部的个人有关事项报告义务（按职级认定及调整）"},
    {.method = "GET",
     .pattern = "/api/v1/declarations/status",
     .handler = api_status,
     .perm = PERM_DECLARATIONS_MANAGE,
     .scope = SCOPE_WHOLE,
     .summary = "某年度应报告人员的报告情况（按时、逾期、未报、待报）"},
    {.method = "GET",
     .pattern = "/api/v1/declarations/draws",
     .handler = api_draws,
     .perm = PERM_DECLARATIONS_MANAGE,
     .scope = SCOPE_WHOLE,
     .summary = "随机抽查记录（输入、算法、抽中人员、指纹）"},
    {.method = "POST",
     .pattern = "/api/v1/declarations/draws",
     .handler = api_draw_create,
     .perm = PERM_DECLARATIONS_MANAGE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "年度随机抽查（可复核的抽签；dry_run 只试算不记录）",
     .audit = "declaration.draw",
     .audit_label = "个人有关事项随机抽查",
     .object_type = "declaration_draw"},
    {.method = "GET",
     .pattern = "/api/v1/declarations/checks",
     .handler = api_checks,
     .perm = PERM_DECLARATIONS_MANAGE,
     .scope = SCOPE_WHOLE,
     .summary = "查核清单（随机抽查与重点查核）"},
};
ROUTE_TABLE_EVENTS(api_declarations_routes, routes, events);
