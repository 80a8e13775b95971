/* api_tipoffs.c — the discipline office's side of tip-offs (信访举报): the
 * case board, one case with its timeline and attachments (every read
 * audited), hotline and letter entries, the workflow and its deadlines,
 * the 具体可查 flag and the link to a person; and a person's supervision
 * timeline (punishments and organisational handling with their effect
 * periods, conduct records, 函询, 提醒). */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "core/records.h"
#include "core/tipoffs.h"
#include "http/handlers.h"
#include "store/people.h"
#include "store/records.h"
#include "store/tipoffs.h"
#include "util/arena.h"
#include "util/secret.h"

enum { PER_PAGE_DEFAULT = 50 };

static json_t *date_or_null(struct date d)
{
    char buf[11];
    return date_is_none(d) ? json_null() : json_string(date_format_iso(d, buf));
}

static json_t *tipoff_json(const struct tipoff *t, bool full)
{
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:s, s:o, s:o, s:b, s:s, s:s, s:b, s:o, s:o, s:s, s:o, s:b, s:I, s:I}",
        "id", (json_int_t)t->id, "channel", t->channel, "status", tipoffs_status_name(t->status),
        "status_label", tipoffs_status_label(t->status), "status_since",
        date_or_null(t->status_since), "due", date_or_null(t->due), "overdue", t->overdue,
        "subject_name", t->subject_name ? t->subject_name : "", "subject_unit",
        t->subject_unit ? t->subject_unit : "", "specific", t->specific, "person_id",
        json_id_or_null(t->person_id), "person_name", json_str_or_null(t->person_name),
        "received_at", t->received_at, "received_on", date_or_null(t->received_on), "anonymous",
        !t->reporter_name && !t->contact, "additions", (json_int_t)t->additions, "attachments",
        (json_int_t)t->attachments);
    if (full) {
        json_object_set_new(o, "content", json_str_or_null(t->content));
        json_object_set_new(o, "reporter_name", json_str_or_null(t->reporter_name));
        json_object_set_new(o, "contact", json_str_or_null(t->contact));
    }
    return o;
}

static int need_key(struct request *req, const struct secret_key **key)
{
    *key = secret_default_key();
    return *key ? 0 : api_tipoff_no_key(req);
}

static struct tipoffs_actor staff(const struct request *req)
{
    return (struct tipoffs_actor){req->auth.user.id, req->auth.user.username};
}

/* GET /api/v1/tipoffs?status=&specific=&person_id=&overdue= */
static int api_tipoffs_list(struct request *req)
{
    struct req_page pg;
    struct tipoffs_filter f = {.status = -1, .specific = -1};
    if (req_paging(req, PER_PAGE_DEFAULT, &pg) < 0)
        return ERR_INVALID;
    const char *status = req_query(req, "status");
    if (status && *status && (f.status = tipoffs_status_find(status)) < 0)
        field_errors_add(&req->errors, "status", "没有这个办理状态：%s", status);
    long long specific, person, overdue;
    req_query_int(req, "specific", 0, 1, -1, &specific);
    req_query_int(req, "person_id", 1, (long long)1 << 53, 0, &person);
    req_query_int(req, "overdue", 0, 1, 0, &overdue);
    if (req->errors.count)
        return ERR_INVALID;
    f.specific = (int)specific;
    f.person_id = person;
    f.overdue_only = overdue == 1;
    const struct secret_key *key;
    int rc = need_key(req, &key);
    if (rc != 0 || req->status >= 400)
        return rc;
    struct tipoff_deadlines d;
    if ((rc = tipoffs_deadlines(req->db, &d)) < 0)
        return rc;
    struct tipoff *items;
    size_t n;
    long long total;
    if ((rc = tipoffs_list(req->db, key, &f, &d, req->today, pg.offset, pg.per_page, req->arena,
                           &items, &n, &total)) < 0)
        return rc;
    /* Who looked at which cases is itself a record the office keeps. */
    json_t *ids = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(ids, json_integer(items[i].id));
    json_t *seen = json_pack("{s:o}", "ids", ids);
    rc = req_audit(req, "tipoff.list", "tipoff", 0, "ok", NULL, seen);
    json_decref(seen);
    if (rc < 0)
        return rc;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, tipoff_json(&items[i], false));
    return resp_list(req, arr, total, &pg);
}

/* POST /api/v1/tipoffs {channel, subject_name, ..., received_on?}: a
 * hotline call or a letter, entered by discipline staff. A letter may be
 * registered days after it arrived: `received_on` is its receipt day (not
 * after today, tipoffs_receipt_problem), from which its deadlines count;
 * the registration time stays in received_at and the timeline. */
static int api_tipoffs_create(struct request *req)
{
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    static const char *const extra[] = {"channel", "received_on"};
    json_t *ch = json_object_get(body, "channel");
    const char *channel = json_is_string(ch) ? json_string_value(ch) : NULL;
    if (!channel || (strcmp(channel, "hotline") != 0 && strcmp(channel, "letter") != 0))
        field_errors_add(&req->errors, "channel",
                         "请选择举报渠道：来电（hotline）或来信（letter）");
    struct date received = req->today;
    json_t *jr = json_object_get(body, "received_on");
    if (jr && !json_is_null(jr)) {
        const char *problem = NULL;
        if (channel && strcmp(channel, "letter") != 0)
            problem = "只有来信可以补登收信日期";
        else if (!json_is_string(jr) || date_parse_iso(json_string_value(jr), &received) < 0 ||
                 received.day == 0)
            problem = "请填写收信日期（YYYY-MM-DD）";
        else
            problem = tipoffs_receipt_problem(received, req->today);
        if (problem)
            field_errors_add(&req->errors, "received_on", "%s", problem);
    }
    struct tipoff_report r;
    rc = api_tipoff_report_parse(req, body, extra, 2, &r);
    if (req->errors.count)
        return ERR_INVALID;
    if (rc < 0)
        return rc;
    const struct secret_key *key;
    if ((rc = need_key(req, &key)) != 0 || req->status >= 400)
        return rc;
    char code[TIPOFFS_CODE_TEXT + 1];
    long long id;
    struct tipoffs_actor who = staff(req);
    if ((rc = tipoffs_insert(req->db, key, &r, channel, api_now_utc(req), received, &who, code,
                             &id)) < 0)
        return rc;
    char day[11];
    req_audit_set(
        req, id, NULL,
        json_pack("{s:s, s:s}", "channel", channel, "received_on", date_format_iso(received, day)));
    /* The code goes back to the caller on the telephone or in the reply
     * letter; it is not kept and cannot be shown again. */
    json_t *o = json_pack("{s:I, s:s}", "id", (json_int_t)id, "tracking_code", code);
    sodium_memzero(code, sizeof code);
    resp_header(req, "Location", arena_sprintf(req->arena, "/api/v1/tipoffs/%lld", id));
    return resp_json(req, 201, o);
}

static int load(struct request *req, const struct secret_key *key, struct tipoff *t)
{
    long long id;
    int rc = req_id_or_404(req, 0, "信访举报不存在", &id);
    if (rc < 0)
        return rc;
    struct tipoff_deadlines d;
    if ((rc = tipoffs_deadlines(req->db, &d)) < 0)
        return rc;
    return req_404(req, tipoffs_get(req->db, key, id, &d, req->today, req->arena, t),
                   "信访举报不存在");
}

static json_t *event_json(const struct tipoff_event *e)
{
    int from = tipoffs_status_find(e->from_status), to = tipoffs_status_find(e->to_status);
    return json_pack(
        "{s:I, s:s, s:s?, s:s, s:s?, s:s?, s:s?, s:s?, s:o}", "id", (json_int_t)e->id, "at", e->at,
        "username", e->username, "kind", e->kind, "from_status", e->from_status, "from_label",
        from >= 0 ? tipoffs_status_label((enum tipoff_status)from) : NULL, "to_status",
        e->to_status, "to_label", to >= 0 ? tipoffs_status_label((enum tipoff_status)to) : NULL,
        "note", json_str_or_null(e->note));
}

/* GET /api/v1/tipoffs/{id}: the case, opened, with its timeline. */
static int api_tipoffs_get(struct request *req)
{
    const struct secret_key *key;
    int rc = need_key(req, &key);
    if (rc != 0 || req->status >= 400)
        return rc;
    struct tipoff t;
    if ((rc = load(req, key, &t)) < 0)
        return rc;
    struct tipoff_event *events;
    struct tipoff_attachment *att;
    size_t nevents, natt;
    if ((rc = tipoffs_events(req->db, key, t.id, req->arena, &events, &nevents)) < 0 ||
        (rc = tipoffs_attachments(req->db, key, t.id, req->arena, &att, &natt)) < 0)
        return rc;
    if ((rc = req_audit(req, "tipoff.read", "tipoff", t.id, "ok", NULL, NULL)) < 0)
        return rc;
    json_t *o = tipoff_json(&t, true);
    json_t *tl = json_array(), *files = json_array(), *next = json_array();
    for (size_t i = 0; i < nevents; i++)
        json_array_append_new(tl, event_json(&events[i]));
    for (size_t i = 0; i < natt; i++)
        json_array_append_new(
            files, json_pack("{s:I, s:o, s:s, s:I, s:s}", "id", (json_int_t)att[i].id, "name",
                             json_str_or_null(att[i].name), "media_type", att[i].media_type, "size",
                             (json_int_t)att[i].size, "at", att[i].at));
    for (int s = 0; s < TIPOFF_STATUS_COUNT; s++)
        if (tipoffs_transition_allowed(t.status, (enum tipoff_status)s))
            json_array_append_new(
                next, json_pack("{s:s, s:s}", "status", tipoffs_status_name((enum tipoff_status)s),
                                "label", tipoffs_status_label((enum tipoff_status)s)));
    json_object_set_new(o, "timeline", tl);
    json_object_set_new(o, "attachment_list", files);
    json_object_set_new(o, "next", next);
    return resp_json(req, 200, o);
}

/* GET /api/v1/tipoffs/{id}/attachments/{aid}: the file. */
static int api_tipoffs_attachment(struct request *req)
{
    const struct secret_key *key;
    int rc = need_key(req, &key);
    if (rc != 0 || req->status >= 400)
        return rc;
    long long id, aid;
    if ((rc = req_id_or_404(req, 0, "信访举报不存在", &id)) < 0 ||
        (rc = req_id_or_404(req, 1, "附件不存在", &aid)) < 0)
        return rc;
    char *data;
    size_t len;
    const char *type, *name;
    if ((rc = req_404(
             req,
             tipoffs_attachment_data(req->db, key, id, aid, req->arena, &data, &len, &type, &name),
             "附件不存在")) < 0)
        return rc;
    json_t *which = json_pack("{s:I}", "attachment_id", (json_int_t)aid);
    rc = req_audit(req, "tipoff.attachment_read", "tipoff", id, "ok", NULL, which);
    json_decref(which);
    if (rc == 0)
        rc = resp_bytes(req, 200, type, data, len);
    secret_plain_free(data);
    /* The name the file had (RFC 6266/5987: filename* in UTF-8), after an
     * ASCII name for clients that read only filename. */
    const char *ascii = arena_sprintf(req->arena, "tipoff-%lld-%lld.%s", id, aid,
                                      strcmp(type, "application/pdf") == 0 ? "pdf"
                                      : strcmp(type, "image/png") == 0     ? "png"
                                                                           : "jpg");
    resp_header(req, "Content-Disposition",
                resp_content_disposition(req, ascii, name ? name : ascii));
    return rc;
}

/* POST /api/v1/tipoffs/{id}/attachments?name=: a file the office adds to
 * a case — the scan of a letter, a note of a call — checked, named and
 * sealed as a reporter's are, and on the timeline with who added it. */
static int api_tipoffs_attach(struct request *req)
{
    const struct secret_key *key;
    int rc = need_key(req, &key);
    if (rc != 0 || req->status >= 400)
        return rc;
    struct tipoff t;
    if ((rc = load(req, key, &t)) < 0)
        return rc;
    const char *type;
    if ((rc = api_tipoff_attachment_check(req, &type)) != 0 || req->status >= 400)
        return rc;
    const char *name = tipoffs_attachment_name(req_query(req, "name"), type, req->arena);
    const char *now = api_now_utc(req);
    long long aid;
    rc =
        tipoffs_add_attachment(req->db, key, t.id, name, type, req->body, req->body_len, now, &aid);
    if (rc == ERR_CONFLICT)
        return resp_problem(
            req, ERR_CONFLICT,
            arena_sprintf(req->arena, "每件举报最多保存 %d 个附件", TIPOFFS_ATTACHMENTS_MAX));
    struct tipoffs_actor who = staff(req);
    if (rc == 0)
        rc = tipoffs_add_event(req->db, key, t.id, now, &who, "attachment", NULL, NULL, NULL);
    if (rc < 0)
        return rc;
    req_audit_set(req, t.id, NULL,
                  json_pack("{s:I, s:s, s:I}", "attachment_id", (json_int_t)aid, "media_type", type,
                            "size", (json_int_t)req->body_len));
    return resp_json(req, 201,
                     json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)aid, "name", name,
                               "media_type", type, "size", (json_int_t)req->body_len));
}

/* POST /api/v1/tipoffs/{id}/transitions {to, note}: the next stage. A
 * note says why (required to close, file, or give the result back). */
static int api_tipoffs_transition(struct request *req)
{
    const struct secret_key *key;
    int rc = need_key(req, &key);
    if (rc != 0 || req->status >= 400)
        return rc;
    struct tipoff t;
    if ((rc = load(req, key, &t)) < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    json_t *jto = json_object_get(body, "to"), *jnote = json_object_get(body, "note");
    int to = json_is_string(jto) ? tipoffs_status_find(json_string_value(jto)) : -1;
    const char *note = json_is_string(jnote) ? json_string_value(jnote) : NULL;
    if (jnote && !json_is_null(jnote) && !json_is_string(jnote))
        field_errors_add(&req->errors, "note", "办理意见应为文字");
    if (to < 0)
        field_errors_add(&req->errors, "to", "请选择要转入的办理环节");
    else if (!tipoffs_transition_allowed(t.status, (enum tipoff_status)to))
        field_errors_add(&req->errors, "to", "当前环节为“%s”，不能转为“%s”",
                         tipoffs_status_label(t.status),
                         tipoffs_status_label((enum tipoff_status)to));
    bool needs_note = to == TIPOFF_CLOSED || to == TIPOFF_FILED || to == TIPOFF_ANSWERED;
    tipoffs_check_text(note, "note", needs_note ? "办理结果或理由" : "办理意见", needs_note, 1,
                       TIPOFFS_CONTENT_MAX, true, &req->errors);
    if (req->errors.count)
        return ERR_INVALID;
    const char *from = tipoffs_status_name(t.status);
    if ((rc = tipoffs_set_status(req->db, t.id, (enum tipoff_status)to, req->today)) < 0)
        return rc;
    struct tipoffs_actor who = staff(req);
    if ((rc = tipoffs_add_event(req->db, key, t.id, api_now_utc(req), &who, "transition", from,
                                tipoffs_status_name((enum tipoff_status)to), note)) < 0)
        return rc;
    req_audit_set(req, t.id, json_pack("{s:s}", "status", from),
                  json_pack("{s:s}", "status", tipoffs_status_name((enum tipoff_status)to)));
    struct tipoff after;
    if ((rc = load(req, key, &after)) < 0)
        return rc;
    return resp_json(req, 200, tipoff_json(&after, false));
}

/* PATCH /api/v1/tipoffs/{id} {specific, person_id}: the 具体可查 flag and
 * the cadre the tip-off concerns (the four-musts gate reads both). */
static int api_tipoffs_update(struct request *req)
{
    const struct secret_key *key;
    int rc = need_key(req, &key);
    if (rc != 0 || req->status >= 400)
        return rc;
    struct tipoff t;
    if ((rc = load(req, key, &t)) < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    bool specific = t.specific;
    long long person_id = t.person_id;
    const char *k;
    json_t *v;
    json_object_foreach(body, k, v)
    {
        if (strcmp(k, "specific") == 0) {
            if (!json_is_boolean(v))
                field_errors_add(&req->errors, k, "“具体可查”应为是或否");
            else
                specific = json_is_true(v);
        } else if (strcmp(k, "person_id") == 0) {
            if (json_is_null(v))
                person_id = 0;
            else if (!json_is_integer(v) || json_integer_value(v) <= 0)
                field_errors_add(&req->errors, k, "请选择被反映的干部");
            else
                person_id = json_integer_value(v);
        } else {
            field_errors_add(&req->errors, strlen(k) <= 64 ? k : "", "不能修改这一项");
        }
    }
    if (person_id && person_id != t.person_id) {
        struct person_view pv;
        if (people_get(req->db, person_id, req->arena, &pv) == ERR_NOT_FOUND)
            field_errors_add(&req->errors, "person_id", "所选干部不存在");
    }
    if (req->errors.count)
        return ERR_INVALID;
    if ((rc = tipoffs_set_assessment(req->db, t.id, specific, person_id)) < 0)
        return rc;
    struct tipoffs_actor who = staff(req);
    const char *note = arena_sprintf(req->arena, "具体可查：%s；关联干部：%s",
                                     specific ? "是" : "否", person_id ? "已关联" : "未关联");
    if ((rc = tipoffs_add_event(req->db, key, t.id, api_now_utc(req), &who, "update", NULL, NULL,
                                note)) < 0)
        return rc;
    req_audit_set(
        req, t.id,
        json_pack("{s:b, s:o}", "specific", t.specific, "person_id", json_id_or_null(t.person_id)),
        json_pack("{s:b, s:o}", "specific", specific, "person_id", json_id_or_null(person_id)));
    struct tipoff after;
    if ((rc = load(req, key, &after)) < 0)
        return rc;
    return resp_json(req, 200, tipoff_json(&after, false));
}

static int tipoff_target(struct request *req, struct route_target *out)
{
    *out = (struct route_target){.table = "tipoffs", .object_type = "tipoff"};
    return req_param_id(req, 0, &out->id);
}

/* ---- deadlines ------------------------------------------------------------------ */

static json_t *deadlines_json(const struct tipoff_deadlines *d)
{
    json_t *items = json_array();
    for (int s = 0; s < TIPOFF_STATUS_COUNT; s++)
        json_array_append_new(items, json_pack("{s:s, s:s, s:i}", "status",
                                               tipoffs_status_name((enum tipoff_status)s), "label",
                                               tipoffs_status_label((enum tipoff_status)s), "days",
                                               d->days[s]));
    return json_pack("{s:o}", "items", items);
}

/* GET /api/v1/tipoffs/deadlines */
static int api_tipoffs_deadlines(struct request *req)
{
    struct tipoff_deadlines d;
    int rc = tipoffs_deadlines(req->db, &d);
    return rc < 0 ? rc : resp_json(req, 200, deadlines_json(&d));
}

/* PUT /api/v1/tipoffs/deadlines {"received": 15, ...}: days per stage. */
static int api_tipoffs_set_deadlines(struct request *req)
{
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    struct tipoff_deadlines before, after;
    if ((rc = tipoffs_deadlines(req->db, &before)) < 0)
        return rc;
    after = before;
    const char *k;
    json_t *v;
    json_object_foreach(body, k, v)
    {
        int s = tipoffs_status_find(k);
        if (s < 0)
            field_errors_add(&req->errors, strlen(k) <= 64 ? k : "", "没有这个办理环节");
        else if (!json_is_integer(v) || json_integer_value(v) < 0 ||
                 json_integer_value(v) > TIPOFFS_DEADLINE_MAX_DAYS)
            field_errors_add(&req->errors, k, "期限应为 0 至 %d 之间的天数（0 表示不设期限）",
                             TIPOFFS_DEADLINE_MAX_DAYS);
        else
            after.days[s] = (int)json_integer_value(v);
    }
    if (req->errors.count)
        return ERR_INVALID;
    for (int s = 0; s < TIPOFF_STATUS_COUNT; s++)
        if (after.days[s] != before.days[s] &&
            (rc = tipoffs_set_deadline(req->db, (enum tipoff_status)s, after.days[s])) < 0)
            return rc;
    json_t *b = deadlines_json(&before), *a = deadlines_json(&after);
    req_audit_set(req, 0, b, json_incref(a));
    return resp_json(req, 200, a);
}

/* ---- a person's supervision timeline ----------------------------------------------- */

static int person_in_scope(struct request *req, long long *person_id)
{
    struct person_view v;
    int rc = req_id_or_404(req, 0, "干部不存在", person_id);
    if (rc == 0)
        rc = req_404(req, people_get_in(req->db, req->scope, *person_id, req->arena, &v),
                     "干部不存在");
    return rc;
}

static json_t *supervision_json(const struct supervision_record *r)
{
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:s?, s:s?, s:s?, s:s?}", "id", (json_int_t)r->id,
                  "source", "supervision", "kind", supervision_kind_name(r->kind), "kind_label",
                  supervision_kind_label(r->kind), "date", date_or_null(r->occurred_on), "summary",
                  r->summary ? r->summary : "", "evidence", r->evidence, "authority", r->authority,
                  "recorded_by", r->recorded_by_name, "recorded_at", r->recorded_at);
    json_object_set_new(o, "category",
                        r->category >= 0
                            ? json_string(conduct_category_name((enum conduct_category)r->category))
                            : json_null());
    json_object_set_new(
        o, "category_label",
        r->category >= 0 ? json_string(conduct_category_label((enum conduct_category)r->category))
                         : json_null());
    if (r->kind == SUPERVISION_INQUIRY) {
        json_object_set_new(o, "reply_due", date_or_null(r->reply_due));
        json_object_set_new(o, "replied_on", date_or_null(r->replied_on));
    }
    return o;
}

/* A punishment or organisational handling as a timeline entry, with the
 * period it weighs on the person: from the decision for its months. */
static json_t *punishment_entry(const struct punishment_record *p, struct date today)
{
    const struct code *c = codes_find(codes_table("punishment"), p->kind);
    struct date end =
        p->effect_months > 0 ? date_add_months(p->decision_date, (int)p->effect_months) : DATE_NONE;
    bool in_effect = !date_is_none(end) && date_compare(today, end) < 0 &&
                     date_compare(today, p->decision_date) >= 0;
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:o, s:I, s:o, s:b, s:s?, s:s?, s:s?}", "id",
                  (json_int_t)p->id, "source", "punishment", "kind", p->kind, "kind_label",
                  c ? c->label : NULL, "category_label", c ? c->category : NULL, "date",
                  date_or_null(p->decision_date), "effect_months", (json_int_t)p->effect_months,
                  "effect_until", date_or_null(end), "in_effect", in_effect, "summary", p->reason,
                  "authority", p->authority, "document_number", p->document_number);
    return o;
}

static int compare_entries(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    const char *dx = json_string_value(json_object_get(x, "date")),
               *dy = json_string_value(json_object_get(y, "date"));
    return strcmp(dx ? dx : "", dy ? dy : "");
}

/* GET /api/v1/people/{id}/supervision: the 监督 timeline, oldest first. */
static int api_supervision_list(struct request *req)
{
    long long person_id;
    int rc = person_in_scope(req, &person_id);
    if (rc < 0)
        return rc;
    void *items;
    size_t np, ns;
    struct supervision_record *sup;
    if ((rc = records_list(req->db, &punishment_kind, person_id, req->arena, &items, &np)) < 0 ||
        (rc = supervision_list(req->db, person_id, req->arena, &sup, &ns)) < 0)
        return rc;
    json_t **entries = arena_alloc(req->arena, (np + ns + 1) * sizeof *entries);
    size_t n = 0;
    const struct punishment_record *p = items;
    for (size_t i = 0; i < np; i++)
        entries[n++] = punishment_entry(&p[i], req->today);
    for (size_t i = 0; i < ns; i++)
        entries[n++] = supervision_json(&sup[i]);
    qsort(entries, n, sizeof *entries, compare_entries);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, entries[i]);
    json_t *o = json_pack("{s:o, s:I}", "items", arr, "total", (json_int_t)n);
    /* The discipline office also sees whether tip-offs about the person
     * wait (the four-musts gate's question); nobody else learns of them. */
    if (roles_mask_allows(req->auth.user.roles, PERM_TIPOFFS_READ)) {
        long long open;
        if ((rc = tipoffs_unsettled_specific(req->db, person_id, &open)) < 0) {
            json_decref(o);
            return rc;
        }
        json_object_set_new(o, "unsettled_specific_tipoffs", json_integer(open));
    }
    return resp_json(req, 200, o);
}

/* POST /api/v1/people/{id}/supervision {kind, category, date, summary,
 * evidence, authority} */
static int api_supervision_create(struct request *req)
{
    long long person_id;
    int rc = person_in_scope(req, &person_id);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    static const char *const keys[] = {"kind",     "category",  "date",     "summary",
                                       "evidence", "authority", "reply_due"};
    const char *k;
    json_t *v;
    json_object_foreach(body, k, v)
    {
        bool known = false;
        for (size_t i = 0; i < sizeof keys / sizeof *keys && !known; i++)
            known = strcmp(k, keys[i]) == 0;
        if (!known)
            field_errors_add(&req->errors, strlen(k) <= 64 ? k : "", "不认识的字段");
        else if (!json_is_string(v) && !json_is_null(v))
            field_errors_add(&req->errors, k, "应为文字");
    }
    if (req->errors.count)
        return ERR_INVALID;
#define TEXT(key) json_string_value(json_object_get(body, key))
    struct supervision_record r = {.person_id = person_id, .category = -1};
    const char *kind = TEXT("kind"), *category = TEXT("category"), *date = TEXT("date");
    int kv = supervision_kind_find(kind);
    if (kv < 0)
        field_errors_add(&req->errors, "kind", "请选择记录类别：作风表现记录、函询或提醒");
    if (kind && strcmp(kind, "admonition") == 0)
        field_errors_add(&req->errors, "kind",
                         "诫勉属于组织处理，请在“处分与组织处理”中登记（影响期由规则自动计算）");
    r.kind = kv < 0 ? SUPERVISION_CONDUCT : (enum supervision_kind)kv;
    if (kv == SUPERVISION_CONDUCT) {
        r.category = conduct_category_find(category);
        if (r.category < 0)
            field_errors_add(&req->errors, "category",
                             "请选择问题类别（政治上不清醒、政绩观存在偏差、实干精神不足、"
                             "能力素质欠缺、团结协作不够、纪律规矩意识不够强）");
    } else if (category && *category) {
        field_errors_add(&req->errors, "category", "只有作风表现记录需要问题类别");
    }
    if (!date || date_parse_iso(date, &r.occurred_on) < 0 || date_is_none(r.occurred_on))
        field_errors_add(&req->errors, "date", "请填写日期（YYYY-MM-DD）");
    else if (date_compare(r.occurred_on, req->today) > 0)
        field_errors_add(&req->errors, "date", "日期不能晚于今天");
    /* A 函询 is answered by a day the letter sets (from which reminders
     * count); no other record has one. */
    const char *reply_due = TEXT("reply_due");
    r.reply_due = r.replied_on = DATE_NONE;
    if (reply_due && *reply_due && kv != SUPERVISION_INQUIRY)
        field_errors_add(&req->errors, "reply_due", "只有函询需要回复期限");
    else if (reply_due && *reply_due &&
             (date_parse_iso(reply_due, &r.reply_due) < 0 || r.reply_due.day == 0))
        field_errors_add(&req->errors, "reply_due", "请填写回复期限（YYYY-MM-DD）");
    else if (!date_is_none(r.reply_due) && !date_is_none(r.occurred_on) &&
             date_compare(r.reply_due, r.occurred_on) < 0)
        field_errors_add(&req->errors, "reply_due", "回复期限不能早于函询日期");
    r.summary = TEXT("summary");
    r.evidence = TEXT("evidence");
    r.authority = TEXT("authority");
#undef TEXT
    tipoffs_check_text(r.summary, "summary", "情况摘要", true, 1, 2000, true, &req->errors);
    tipoffs_check_text(r.evidence, "evidence", "依据材料", false, 1, 2000, true, &req->errors);
    tipoffs_check_text(r.authority, "authority", "实施或记录机关", false, 1, 100, false,
                       &req->errors);
    if (req->errors.count)
        return ERR_INVALID;
    struct tipoffs_actor who = staff(req);
    if ((rc = supervision_insert(req->db, &r, &who, api_now_utc(req))) < 0)
        return rc;
    r.recorded_by_name = who.username;
    json_t *o = supervision_json(&r);
    req_audit_set(req, r.id, NULL, json_incref(o));
    req->audit.object_type = "supervision";
    return resp_json(req, 201, o);
}

/* PATCH /api/v1/people/{id}/supervision/{rid} {replied_on}: the day a
 * 函询 was answered (null: not answered after all); it then leaves the
 * reminders. */
static int api_supervision_update(struct request *req)
{
    long long person_id, id;
    int rc = person_in_scope(req, &person_id);
    if (rc == 0)
        rc = req_id_or_404(req, 1, "记录不存在", &id);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    struct date replied = DATE_NONE;
    const char *k;
    json_t *v;
    json_object_foreach(body, k, v)
    {
        if (strcmp(k, "replied_on") != 0)
            field_errors_add(&req->errors, strlen(k) <= 64 ? k : "", "不能修改这一项");
        else if (!json_is_null(v) &&
                 (!json_is_string(v) || date_parse_iso(json_string_value(v), &replied) < 0 ||
                  replied.day == 0))
            field_errors_add(&req->errors, k, "请填写回复日期（YYYY-MM-DD）");
        else if (date_compare(replied, req->today) > 0)
            field_errors_add(&req->errors, k, "回复日期不能晚于今天");
    }
    if (!json_object_get(body, "replied_on"))
        field_errors_add(&req->errors, "replied_on", "请填写回复日期（YYYY-MM-DD）");
    if (req->errors.count)
        return ERR_INVALID;
    rc = supervision_set_replied(req->db, person_id, id, replied);
    if (rc == ERR_INVALID) {
        field_errors_add(&req->errors, "replied_on", "只有函询需要登记回复");
        return ERR_INVALID;
    }
    if ((rc = req_404(req, rc, "记录不存在")) < 0)
        return rc;
    char day[11];
    req_audit_set(req, id, NULL,
                  json_pack("{s:o}", "replied_on",
                            date_is_none(replied) ? json_null()
                                                  : json_string(date_format_iso(replied, day))));
    struct supervision_record *items;
    size_t n;
    if ((rc = supervision_list(req->db, person_id, req->arena, &items, &n)) < 0)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (items[i].id == id)
            return resp_json(req, 200, supervision_json(&items[i]));
    return req_404(req, ERR_NOT_FOUND, "记录不存在");
}

static int supervision_target(struct request *req, struct route_target *out)
{
    *out = (struct route_target){.table = "supervision_records", .object_type = "supervision"};
    return req_param_id(req, 1, &out->id);
}

/* DELETE /api/v1/people/{id}/supervision/{rid} */
static int api_supervision_delete(struct request *req)
{
    long long person_id, id;
    int rc = person_in_scope(req, &person_id);
    if (rc == 0)
        rc = req_id_or_404(req, 1, "记录不存在", &id);
    if (rc < 0)
        return rc;
    if ((rc = req_404(req, supervision_delete(req->db, person_id, id), "记录不存在")) < 0)
        return rc;
    req_audit_set(req, id, NULL, NULL);
    req->status = 204;
    req->resp_body = "";
    return 0;
}

/* Reads written by the handlers (no write of their own). */
static const struct audit_action events[] = {
    {"tipoff.list", "查阅信访举报列表"},
    {"tipoff.read", "查阅信访举报"},
    {"tipoff.attachment_read", "查阅信访举报附件"},
};

static const struct route routes[] = {
    {.method = "GET",
     .pattern = "/api/v1/tipoffs",
     .handler = api_tipoffs_list,
     .perm = PERM_TIPOFFS_READ,
     .summary = "信访举报台账（纪检干部）"},
    {.method = "POST",
     .pattern = "/api/v1/tipoffs",
     .handler = api_tipoffs_create,
     .perm = PERM_TIPOFFS_WRITE,
     .flags = ROUTE_WRITE,
     .summary = "登记来电、来信举报",
     .audit = "tipoff.create",
     .audit_label = "登记信访举报",
     .object_type = "tipoff"},
    {.method = "GET",
     .pattern = "/api/v1/tipoffs/deadlines",
     .handler = api_tipoffs_deadlines,
     .perm = PERM_TIPOFFS_READ,
     .summary = "各办理环节的期限"},
    {.method = "PUT",
     .pattern = "/api/v1/tipoffs/deadlines",
     .handler = api_tipoffs_set_deadlines,
     .perm = PERM_TIPOFFS_WRITE,
     .flags = ROUTE_WRITE,
     .summary = "设置各办理环节的期限",
     .audit = "tipoff.deadlines",
     .audit_label = "设置信访举报办理期限",
     .object_type = "tipoff_deadlines"},
    {.method = "GET",
     .pattern = "/api/v1/tipoffs/{id}",
     .handler = api_tipoffs_get,
     .perm = PERM_TIPOFFS_READ,
     .summary = "一件信访举报及其办理过程",
     .target = tipoff_target},
    {.method = "PATCH",
     .pattern = "/api/v1/tipoffs/{id}",
     .handler = api_tipoffs_update,
     .perm = PERM_TIPOFFS_WRITE,
     .flags = ROUTE_WRITE,
     .summary = "标记具体可查、关联被反映干部",
     .audit = "tipoff.update",
     .audit_label = "修改信访举报标记",
     .object_type = "tipoff",
     .target = tipoff_target},
    {.method = "POST",
     .pattern = "/api/v1/tipoffs/{id}/transitions",
     .handler = api_tipoffs_transition,
     .perm = PERM_TIPOFFS_WRITE,
     .flags = ROUTE_WRITE,
     .summary = "办理信访举报（受理、初核、了结或立案、结果反馈）",
     .audit = "tipoff.transition",
     .audit_label = "办理信访举报",
     .object_type = "tipoff"},
    {.method = "POST",
     .pattern = "/api/v1/tipoffs/{id}/attachments",
     .handler = api_tipoffs_attach,
     .perm = PERM_TIPOFFS_WRITE,
     .flags = ROUTE_WRITE,
     .summary = "为信访举报添加附件（如来信扫描件）",
     .audit = "tipoff.attach",
     .audit_label = "添加信访举报附件",
     .object_type = "tipoff"},
    {.method = "GET",
     .pattern = "/api/v1/tipoffs/{id}/attachments/{aid}",
     .handler = api_tipoffs_attachment,
     .perm = PERM_TIPOFFS_READ,
     .summary = "下载信访举报附件"},
    {.method = "GET",
     .pattern = "/api/v1/people/{id}/supervision",
     .handler = api_supervision_list,
     .perm = PERM_SUPERVISION_READ,
     .scope = SCOPE_PERSON,
     .summary = "干部的监督时间线（处分与组织处理、作风表现、函询、提醒）"},
    {.method = "POST",
     .pattern = "/api/v1/people/{id}/supervision",
     .handler = api_supervision_create,
     .perm = PERM_SUPERVISION_WRITE,
     .scope = SCOPE_PERSON,
     .flags = ROUTE_WRITE,
     .summary = "登记作风表现、函询、提醒记录",
     .audit = "supervision.create",
     .audit_label = "登记监督记录",
     .object_type = "supervision"},
    {.method = "PATCH",
     .pattern = "/api/v1/people/{id}/supervision/{rid}",
     .handler = api_supervision_update,
     .perm = PERM_SUPERVISION_WRITE,
     .scope = SCOPE_PERSON,
     .flags = ROUTE_WRITE,
     .summary = "登记函询的回复日期",
     .audit = "supervision.update",
     .audit_label = "登记函询回复",
     .object_type = "supervision",
     .target = supervision_target},
    {.method = "DELETE",
     .pattern = "/api/v1/people/{id}/supervision/{rid}",
     .handler = api_supervision_delete,
     .perm = PERM_SUPERVISION_WRITE,
     .scope = SCOPE_PERSON,
     .flags = ROUTE_WRITE,
     .summary = "删除监督记录",
     .audit = "supervision.delete",
     .audit_label = "删除监督记录",
     .object_type = "supervision"},
};
ROUTE_TABLE_EVENTS(api_tipoffs_routes, routes, events);
