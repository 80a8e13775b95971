/* api_rules.c — the qualification rule tables (任职资格规则) over HTTP:
 * their index, rows, edits and the office's confirmation of uncertain
 * rows, every change audited. */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/rules.h"
#include "formats/qualify_json.h"
#include "formats/record_json.h"
#include "http/handlers.h"
#include "store/rulebook.h"
#include "store/store.h"
#include "util/arena.h"

/* A row as the API shows it (formats/qualify_json.h). */
static json_t *row_json(struct request *req, const struct rules_table *t,
                        const struct rulebook_row *row)
{
    return qualify_json_rule_row(t, row->id, row->rule, row->confirmed_by, row->confirmed_at,
                                 req->today);
}

static int resolve_table(struct request *req, const struct rules_table **t)
{
    *t = rules_table_find(req->nparams > 0 ? req->params[0] : NULL);
    if (!*t) {
        req->error_detail = "没有这个规则表";
        return ERR_NOT_FOUND;
    }
    return 0;
}

static int api_rules_index(struct request *req)
{
    size_t n;
    const struct rules_table *tables = rules_tables(&n);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        struct rulebook_row *rows;
        size_t count;
        int rc = rulebook_list(req->db, &tables[i], req->arena, &rows, &count);
        if (rc < 0) {
            json_decref(items);
            return rc;
        }
        size_t confirm = 0;
        for (size_t k = 0; k < count; k++)
            confirm += rules_row_needs_confirmation(rows[k].rule);
        json_t *o = qualify_json_rule_table(&tables[i], req->arena);
        json_object_set_new(o, "row_count", json_integer((json_int_t)count));
        json_object_set_new(o, "needs_confirmation_count", json_integer((json_int_t)confirm));
        json_array_append_new(items, o);
    }
    return resp_list_whole(req, items);
}

static int api_rules_list(struct request *req)
{
    const struct rules_table *t;
    struct req_page pg;
    int rc = resolve_table(req, &t);
    if (rc < 0)
        return rc;
    /* A rule table fits one page: a few hundred rows at most. */
    if (req_paging(req, 200, &pg) < 0)
        return ERR_INVALID;
    long long page = pg.page, per_page = pg.per_page;
    struct rulebook_row *rows;
    size_t n;
    if ((rc = rulebook_list(req->db, t, req->arena, &rows, &n)) < 0)
        return rc;
    json_t *items = json_array();
    size_t first = (size_t)((page - 1) * per_page);
    for (size_t i = first; i < n && i < first + (size_t)per_page; i++)
        json_array_append_new(items, row_json(req, t, &rows[i]));
    return resp_json(req, 200,
                     json_pack("{s:o, s:I, s:I, s:I, s:o}", "items", items, "total", (json_int_t)n,
                               "page", (json_int_t)page, "per_page", (json_int_t)per_page, "table",
                               qualify_json_rule_table(t, req->arena)));
}

/* The table of the path into `*t` and its row {id} into `row`. */
static int row_param(struct request *req, const struct rules_table **t, struct rulebook_row *row)
{
    long long id;
    int rc = resolve_table(req, t);
    if (rc == 0)
        rc = req_param_id(req, 1, &id);
    if (rc == 0)
        rc = rulebook_get(req->db, *t, id, req->arena, row);
    return req_404(req, rc, "规则不存在");
}

static int api_rules_get(struct request *req)
{
    const struct rules_table *t;
    struct rulebook_row row;
    int rc = row_param(req, &t, &row);
    if (rc < 0)
        return rc;
    return resp_json(req, 200, row_json(req, t, &row));
}

/* Validates and writes `row` in the router's transaction, and names the
 * audit record: the rule table is its object. `before` is taken. */
static int save_rule(struct request *req, const struct rules_table *t, struct rulebook_row *row,
                     json_t *before, int status)
{
    bool insert = row->id == 0;
    rules_table_validate(t, row->rule, &req->errors);
    int rc = req->errors.count ? ERR_INVALID : 0;
    if (rc == 0)
        rc = insert ? rulebook_insert(req->db, t, row) : rulebook_update(req->db, t, row);
    if (rc == ERR_NOT_FOUND)
        req->error_detail = "规则不存在";
    json_t *after = NULL;
    struct rulebook_row stored;
    if (rc == 0 && (rc = rulebook_get(req->db, t, row->id, req->arena, &stored)) == 0) {
        after = row_json(req, t, &stored);
        req->audit.object_type = t->kind.sql_table;
        req_audit_set(req, row->id, before, json_incref(after));
        before = NULL;
    }
    json_decref(before);
    if (rc < 0) {
        json_decref(after);
        return rc;
    }
    return resp_json(req, status, after);
}

static int api_rules_create(struct request *req)
{
    const struct rules_table *t;
    json_t *body;
    int rc = resolve_table(req, &t);
    if (rc == 0)
        rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    struct rulebook_row row = {0, rules_table_new_row(t, req->arena)};
    record_json_parse(&t->kind, body, row.rule, false, req->arena, &req->errors);
    return save_rule(req, t, &row, NULL, 201);
}

static int api_rules_update(struct request *req)
{
    const struct rules_table *t;
    json_t *body;
    struct rulebook_row row;
    int rc = row_param(req, &t, &row);
    if (rc == 0)
        rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    json_t *before = row_json(req, t, &row);
    record_json_parse(&t->kind, body, row.rule, true, req->arena, &req->errors);
    return save_rule(req, t, &row, before, 200);
}

/* The office confirms an uncertain ([ONE]/[REC]) row: it stays as it is,
 * and verdicts resting on it stop saying 待本单位确认. */
static int api_rules_confirm(struct request *req)
{
    const struct rules_table *t;
    struct rulebook_row row;
    int rc = row_param(req, &t, &row);
    if (rc < 0)
        return rc;
    const struct rules_row *common = row.rule;
    if (!rules_needs_confirmation(common->confidence)) {
        req->error_detail = arena_sprintf(req->arena, "该规则依据明确（%s），无需本单位确认",
                                          rules_confidence_tag(common->confidence));
        return ERR_CONFLICT;
    }
    if (row.confirmed_at) {
        struct date on = DATE_NONE;
        char day[16] = "";
        char iso[11];
        snprintf(iso, sizeof iso, "%.10s", row.confirmed_at);
        if (date_parse_iso(iso, &on) == 0)
            date_format_display(on, day);
        req->error_detail =
            arena_sprintf(req->arena, "该规则已于 %s 由%s确认，无需重复确认", *day ? day : iso,
                          row.confirmed_by && *row.confirmed_by ? row.confirmed_by : "他人");
        return ERR_CONFLICT;
    }
    const struct user *u = &req->auth.user;
    const char *name = u->display_name && *u->display_name ? u->display_name : u->username;
    char now[24];
    rc = rulebook_confirm(req->db, t, row.id, u->id, name, store_now(now));
    if (rc == ERR_CONFLICT)
        req->error_detail = "该规则刚刚已被他人确认，请刷新后查看";
    struct rulebook_row stored;
    if (rc == 0)
        rc = rulebook_get(req->db, t, row.id, req->arena, &stored);
    if (rc < 0)
        return rc;
    json_t *after = row_json(req, t, &stored);
    req->audit.object_type = t->kind.sql_table;
    req_audit_set(req, row.id, row_json(req, t, &row), json_incref(after));
    return resp_json(req, 200, after);
}

/* The rule row of the path, for its ETag and If-Match. */
static int rule_target(struct request *req, struct route_target *out)
{
    const struct rules_table *t;
    if (resolve_table(req, &t) < 0)
        return ERR_NOT_FOUND;
    *out = (struct route_target){.table = t->kind.sql_table, .object_type = t->kind.sql_table};
    return req_param_id(req, 1, &out->id);
}

/* The object of every rule record is its table ("rule_rank_step"),
 * labelled 规则：<table> by store/audit.c. */
static const struct route routes[] = {
    {.method = "GET",
     .pattern = "/api/v1/rules",
     .handler = api_rules_index,
     .perm = PERM_CODES_READ,
     .summary = "任职资格规则表目录"},
    {.method = "GET",
     .pattern = "/api/v1/rules/{table}",
     .handler = api_rules_list,
     .perm = PERM_CODES_READ,
     .summary = "一个规则表的全部行"},
    {.method = "POST",
     .pattern = "/api/v1/rules/{table}",
     .handler = api_rules_create,
     .perm = PERM_RULES_WRITE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "新增规则行（审计）",
     .audit = "rule.create",
     .audit_label = "新增规则"},
    {.method = "GET",
     .pattern = "/api/v1/rules/{table}/{id}",
     .handler = api_rules_get,
     .perm = PERM_CODES_READ,
     .summary = "一条规则",
     .target = rule_target},
    {.method = "PATCH",
     .pattern = "/api/v1/rules/{table}/{id}",
     .handler = api_rules_update,
     .perm = PERM_RULES_WRITE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "修改规则行（审计）",
     .audit = "rule.update",
     .audit_label = "修改规则",
     .target = rule_target},
    {.method = "POST",
     .pattern = "/api/v1/rules/{table}/{id}/confirm",
     .handler = api_rules_confirm,
     .perm = PERM_RULES_WRITE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "本单位确认一条待确认（[ONE]/[REC]）规则（审计；修改取值即撤销确认）",
     .audit = "rule.confirm",
     .audit_label = "确认规则"},
};
ROUTE_TABLE(api_rules_routes, routes);
