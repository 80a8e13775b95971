/* api_reminders.c — 监督's reminders ahead of its deadlines, each in its
 * module's list and under its module's permission: obliged cadres whose
 * annual personal-matters report is not in yet as 31 January nears, tip-off
 * cases whose stage is about to run out (or has), 函询 whose reply is due;
 * and the lead time of each, which the office sets (core/reminders.h). */
#include <string.h>

#include "core/declarations.h"
#include "core/reminders.h"
#include "core/tipoffs.h"
#include "http/handlers.h"
#include "store/declarations.h"
#include "store/people.h"
#include "store/reminders.h"
#include "store/tipoffs.h"
#include "util/arena.h"

enum { PER_PAGE_DEFAULT = 50 };

static json_t *day_json(struct date d)
{
    char buf[11];
    return date_is_none(d) ? json_null() : json_string(date_format_iso(d, buf));
}

/* The lead time of the query (?lead_days=, to look further ahead once) or
 * the office's. */
static int lead_of(struct request *req, enum reminder_kind kind, int *lead)
{
    int stored;
    int rc = reminders_lead_days(req->db, kind, &stored);
    if (rc < 0)
        return rc;
    long long asked;
    if (req_query_int(req, "lead_days", 0, REMINDERS_LEAD_MAX, stored, &asked) < 0)
        return ERR_INVALID;
    *lead = (int)asked;
    return 0;
}

/* One reminder: what is due when, and how many days are left (negative:
 * overdue). */
static json_t *reminder_json(enum reminder_kind kind, struct date due, struct date today)
{
    int left = reminders_days_between(today, due);
    return json_pack("{s:s, s:s, s:o, s:i, s:b}", "kind", reminders_kind_name(kind), "kind_label",
                     reminders_kind_label(kind), "due", day_json(due), "days_left", left, "overdue",
                     left < 0);
}

/* The list answer with the kind and its lead time beside the page; takes
 * `all` and answers the page of it. */
static int answer(struct request *req, enum reminder_kind kind, int lead, json_t *all,
                  const struct req_page *pg, json_t *extra)
{
    json_t *items = json_array();
    size_t total = json_array_size(all);
    for (size_t i = (size_t)pg->offset; i < total && i < (size_t)(pg->offset + pg->per_page); i++)
        json_array_append(items, json_array_get(all, i));
    json_decref(all);
    json_t *doc =
        json_pack("{s:o, s:I, s:I, s:I, s:s, s:i}", "items", items, "total", (json_int_t)total,
                  "page", (json_int_t)pg->page, "per_page", (json_int_t)pg->per_page, "kind",
                  reminders_kind_name(kind), "lead_days", lead);
    if (extra)
        json_object_update(doc, extra);
    json_decref(extra);
    return resp_json(req, 200, doc);
}

/* GET /api/v1/declarations/reminders: the obliged cadres whose annual
 * report of the current 报告年度 is not handed in, once its 31 January is
 * within the lead time. */
static int api_declaration_reminders(struct request *req)
{
    struct req_page pg;
    int lead, rc;
    if (req_paging(req, PER_PAGE_DEFAULT, &pg) < 0)
        return ERR_INVALID;
    if ((rc = lead_of(req, REMINDER_DECLARATION_ANNUAL, &lead)) < 0)
        return rc;
    int year = declarations_current_year(req->today);
    struct date due = declarations_annual_deadline(year);
    json_t *all = json_array();
    if (reminders_due(due, lead, req->today, NULL)) {
        struct declaration_duty *d;
        struct declaration_report *reports;
        size_t n, nr;
        if ((rc = declarations_duties(req->db, true, req->arena, &d, &n)) < 0 ||
            (rc = declarations_reports(req->db, 0, year, req->arena, &reports, &nr)) < 0) {
            json_decref(all);
            return rc;
        }
        for (size_t i = 0; i < n; i++) {
            const struct declaration_report *r = NULL;
            for (size_t k = 0; k < nr && !r; k++)
                if (reports[k].person_id == d[i].person_id &&
                    strcmp(reports[k].kind, "annual") == 0)
                    r = &reports[k];
            if (r && strcmp(r->status, "submitted") == 0)
                continue;
            json_t *o = reminder_json(REMINDER_DECLARATION_ANNUAL, due, req->today);
            json_object_update_new(o, json_pack("{s:I, s:s?, s:s?, s:i, s:s?}", "person_id",
                                                (json_int_t)d[i].person_id, "name", d[i].name,
                                                "unit_name", d[i].unit_name, "year", year,
                                                "report_status", r ? r->status : NULL));
            json_object_set_new(
                o, "text",
                json_string(arena_sprintf(
                    req->arena, "%s %d 年度个人有关事项报告%s，应于 %d 年 1 月 31 日前报告",
                    d[i].name ? d[i].name : "", year, r ? "尚未提交" : "尚未填报", year + 1)));
            json_array_append_new(all, o);
        }
    }
    return answer(req, REMINDER_DECLARATION_ANNUAL, lead, all, &pg,
                  json_pack("{s:i, s:o}", "year", year, "deadline", day_json(due)));
}

/* GET /api/v1/tipoffs/reminders: the cases whose stage runs out within the
 * lead time, or has: stages and dates only, no reporter text (no key, and
 * nothing to audit as a read of a case). */
static int api_tipoff_reminders(struct request *req)
{
    struct req_page pg;
    int lead, rc;
    if (req_paging(req, PER_PAGE_DEFAULT, &pg) < 0)
        return ERR_INVALID;
    if ((rc = lead_of(req, REMINDER_TIPOFF_STAGE, &lead)) < 0)
        return rc;
    struct tipoff_deadlines d;
    struct tipoff *t;
    size_t n;
    if ((rc = tipoffs_deadlines(req->db, &d)) < 0 ||
        (rc = tipoffs_due_soon(req->db, &d, req->today, lead, req->arena, &t, &n)) < 0)
        return rc;
    json_t *all = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = reminder_json(REMINDER_TIPOFF_STAGE, t[i].due, req->today);
        json_object_update_new(
            o, json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:b, s:o, s:s?}", "tipoff_id",
                         (json_int_t)t[i].id, "channel", t[i].channel, "status",
                         tipoffs_status_name(t[i].status), "status_label",
                         tipoffs_status_label(t[i].status), "status_since",
                         day_json(t[i].status_since), "received_on", day_json(t[i].received_on),
                         "specific", t[i].specific, "person_id", json_id_or_null(t[i].person_id),
                         "person_name", t[i].person_name));
        int left = reminders_days_between(req->today, t[i].due);
        json_object_set_new(
            o, "text",
            json_string(left < 0
                            ? arena_sprintf(req->arena, "信访举报 #%lld “%s”环节已超期 %d 天",
                                            t[i].id, tipoffs_status_label(t[i].status), -left)
                            : arena_sprintf(req->arena, "信访举报 #%lld “%s”环节还有 %d 天到期",
                                            t[i].id, tipoffs_status_label(t[i].status), left)));
        json_array_append_new(all, o);
    }
    return answer(req, REMINDER_TIPOFF_STAGE, lead, all, &pg, NULL);
}

/* GET /api/v1/supervision/reminders: the 函询 not answered whose reply is
 * due within the lead time, or overdue; only the people inside the
 * caller's scope. */
static int api_inquiry_reminders(struct request *req)
{
    struct req_page pg;
    int lead, rc;
    if (req_paging(req, PER_PAGE_DEFAULT, &pg) < 0)
        return ERR_INVALID;
    if ((rc = lead_of(req, REMINDER_INQUIRY_REPLY, &lead)) < 0)
        return rc;
    struct supervision_record *r;
    size_t n;
    if ((rc = supervision_inquiries_due(req->db, req->today, lead, req->arena, &r, &n)) < 0)
        return rc;
    json_t *all = json_array();
    for (size_t i = 0; i < n; i++) {
        struct person_view v;
        if (req->scope &&
            (rc = people_get_in(req->db, req->scope, r[i].person_id, req->arena, &v)) < 0) {
            if (rc == ERR_NOT_FOUND)
                continue;
            json_decref(all);
            return rc;
        }
        json_t *o = reminder_json(REMINDER_INQUIRY_REPLY, r[i].reply_due, req->today);
        json_object_update_new(
            o, json_pack("{s:I, s:I, s:s?, s:o, s:s?}", "record_id", (json_int_t)r[i].id,
                         "person_id", (json_int_t)r[i].person_id, "name", r[i].person_name, "date",
                         day_json(r[i].occurred_on), "summary", r[i].summary));
        int left = reminders_days_between(req->today, r[i].reply_due);
        json_object_set_new(
            o, "text",
            json_string(left < 0 ? arena_sprintf(req->arena, "%s 的函询回复已超期 %d 天",
                                                 r[i].person_name ? r[i].person_name : "", -left)
                                 : arena_sprintf(req->arena, "%s 的函询应在 %d 天内回复",
                                                 r[i].person_name ? r[i].person_name : "", left)));
        json_array_append_new(all, o);
    }
    return answer(req, REMINDER_INQUIRY_REPLY, lead, all, &pg, NULL);
}

/* PUT .../reminders/settings {lead_days}: the office's lead time. */
static int put_lead(struct request *req, enum reminder_kind kind)
{
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    const char *k;
    json_t *v, *lead = NULL;
    json_object_foreach(body, k, v)
    {
        if (strcmp(k, "lead_days") == 0)
            lead = v;
        else
            field_errors_add(&req->errors, strlen(k) <= 64 ? k : "", "不认识的字段");
    }
    if (!json_is_integer(lead) || json_integer_value(lead) < 0 ||
        json_integer_value(lead) > REMINDERS_LEAD_MAX)
        field_errors_add(&req->errors, "lead_days", "提前提醒天数应为 0 至 %d 之间的整数",
                         REMINDERS_LEAD_MAX);
    if (req->errors.count)
        return ERR_INVALID;
    int before;
    if ((rc = reminders_lead_days(req->db, kind, &before)) < 0 ||
        (rc = reminders_set_lead_days(req->db, kind, (int)json_integer_value(lead))) < 0)
        return rc;
    json_t *after = json_pack("{s:s, s:i}", "kind", reminders_kind_name(kind), "lead_days",
                              (int)json_integer_value(lead));
    req_audit_set(req, 0,
                  json_pack("{s:s, s:i}", "kind", reminders_kind_name(kind), "lead_days", before),
                  json_incref(after));
    return resp_json(req, 200, after);
}

static int api_declaration_lead(struct request *req)
{
    return put_lead(req, REMINDER_DECLARATION_ANNUAL);
}

static int api_tipoff_lead(struct request *req)
{
    return put_lead(req, REMINDER_TIPOFF_STAGE);
}

static int api_inquiry_lead(struct request *req)
{
    return put_lead(req, REMINDER_INQUIRY_REPLY);
}

static const struct route routes[] = {
    {.method = "GET",
     .pattern = "/api/v1/declarations/reminders",
     .handler = api_declaration_reminders,
     .perm = PERM_DECLARATIONS_MANAGE,
     .scope = SCOPE_WHOLE,
     .summary = "提醒：年度个人有关事项报告临近截止仍未提交的干部"},
    {.method = "PUT",
     .pattern = "/api/v1/declarations/reminders/settings",
     .handler = api_declaration_lead,
     .perm = PERM_DECLARATIONS_MANAGE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "设置年度报告截止前提前提醒的天数",
     .audit = "reminder.lead_days",
     .audit_label = "设置提前提醒天数",
     .object_type = "reminder_settings"},
    {.method = "GET",
     .pattern = "/api/v1/tipoffs/reminders",
     .handler = api_tipoff_reminders,
     .perm = PERM_TIPOFFS_READ,
     .summary = "提醒：办理环节即将到期或已超期的信访举报"},
    {.method = "PUT",
     .pattern = "/api/v1/tipoffs/reminders/settings",
     .handler = api_tipoff_lead,
     .perm = PERM_TIPOFFS_WRITE,
     .flags = ROUTE_WRITE,
     .summary = "设置办理环节到期前提前提醒的天数",
     .audit = "reminder.lead_days",
     .audit_label = "设置提前提醒天数",
     .object_type = "reminder_settings"},
    {.method = "GET",
     .pattern = "/api/v1/supervision/reminders",
     .handler = api_inquiry_reminders,
     .perm = PERM_SUPERVISION_READ,
     .scope = SCOPE_LIST,
     .summary = "提醒：回复期限临近或已过的函询"},
    {.method = "PUT",
     .pattern = "/api/v1/supervision/reminders/settings",
     .handler = api_inquiry_lead,
     .perm = PERM_SUPERVISION_WRITE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "设置函询回复期限前提前提醒的天数",
     .audit = "reminder.lead_days",
     .audit_label = "设置提前提醒天数",
     .object_type = "reminder_settings"},
};
ROUTE_TABLE(api_reminders_routes, routes);
