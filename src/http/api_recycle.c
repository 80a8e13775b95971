/* api_recycle.c — the 回收站: the list of deleted people, units and
 * records, restoring one, and purging one for good (a request, then a
 * second account's approval, after the retention period); plus the
 * helpers the delete routes of people, units and records share. */
#include <string.h>

#include "core/records.h"
#include "core/roles.h"
#include "http/handlers.h"
#include "store/recycle.h"
#include "util/arena.h"
#include "util/utf8.h"

/* The bin's page when none is asked for. */
enum { PER_PAGE_DEFAULT = 20 };

/* A reason longer than a sentence belongs in a document, not here. */
enum { REASON_MAX = 200 };

/* ---- shared with the delete routes (handlers.h) ----------------------- */

struct recycle_actor api_recycle_actor(const struct request *req)
{
    return (struct recycle_actor){.user_id = req->auth.user.id,
                                  .username = req->auth.user.username};
}

int api_recycle_reason(struct request *req, bool required, const char **reason)
{
    *reason = NULL;
    if (req->body && req->body_len) {
        json_t *body;
        int rc = req_json_body(req, &body);
        if (rc < 0)
            return rc;
        json_t *r = json_object_get(body, "reason");
        if (r && !json_is_string(r) && !json_is_null(r)) {
            field_errors_add(&req->errors, "reason", "删除原因应为文字");
            return ERR_INVALID;
        }
        *reason = json_string_value(r);
    } else {
        *reason = req_query(req, "reason");
    }
    if (*reason) {
        while (**reason == ' ')
            (*reason)++;
        if (!**reason)
            *reason = NULL;
    }
    if (required && !*reason)
        field_errors_add(&req->errors, "reason", "请填写删除原因（删除后移入回收站，可恢复）");
    else if (*reason && utf8_length(*reason) > REASON_MAX)
        field_errors_add(&req->errors, "reason", "删除原因不能超过 %d 个字", REASON_MAX);
    return req->errors.count ? ERR_INVALID : 0;
}

json_t *api_recycle_deleted_json(struct request *req, long long bin_id)
{
    struct recycle_item it;
    const char *rows = NULL;
    if (recycle_get(req->db, bin_id, req->arena, &it, &rows) < 0)
        return NULL;
    json_t *image = recycle_audit_image(rows);
    return json_pack("{s:o, s:s?, s:I}", "rows", image ? image : json_null(), "reason", it.reason,
                     "recycle_bin_id", (json_int_t)bin_id);
}

/* ---- the bin ----------------------------------------------------------- */

/* The Chinese name of a bin row's object type. */
static const char *type_label(const char *type)
{
    if (strcmp(type, "person") == 0)
        return "干部";
    if (strcmp(type, "unit") == 0)
        return "机构";
    const struct record_kind *kind = records_kind_find(type);
    return kind ? kind->label : type;
}

static json_t *item_json(struct request *req, const struct recycle_item *it)
{
    char today[11];
    date_format_iso(req->today, today);
    json_t *request =
        it->purge_requested_by
            ? json_pack("{s:I, s:s?, s:s?, s:s?}", "by", (json_int_t)it->purge_requested_by,
                        "by_name", it->purge_requested_by_name, "at", it->purge_requested_at,
                        "reason", it->purge_reason)
            : json_null();
    return json_pack("{s:I, s:s, s:s, s:I, s:o, s:s, s:s?, s:s, s:o, s:s?, s:s, s:b, s:I, s:o}",
                     "id", (json_int_t)it->id, "object_type", it->object_type, "object_type_label",
                     type_label(it->object_type), "object_id", (json_int_t)it->object_id,
                     "person_id", json_id_or_null(it->person_id), "title", it->title, "reason",
                     it->reason, "deleted_at", it->deleted_at, "deleted_by",
                     json_id_or_null(it->deleted_by), "deleted_by_name", it->deleted_by_name,
                     "purge_after", it->purge_after, "purgeable",
                     strcmp(it->purge_after, today) <= 0, "rows", (json_int_t)it->rows,
                     "purge_request", request);
}

static int api_recycle_list(struct request *req)
{
    struct req_page pg;
    req_paging(req, PER_PAGE_DEFAULT, &pg);
    const char *type = req_query(req, "type");
    if (type && strcmp(type, "person") != 0 && strcmp(type, "unit") != 0 &&
        strcmp(type, "record") != 0)
        field_errors_add(&req->errors, "type",
                         "类型应为 person（干部）、unit（机构）或 record（记录）");
    if (req->errors.count)
        return ERR_INVALID;
    struct recycle_item *items;
    size_t n;
    long long total;
    int rc = recycle_list(req->db, type, pg.offset, pg.per_page, req->arena, &items, &n, &total);
    if (rc < 0)
        return rc;
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, item_json(req, &items[i]));
    return resp_list(req, list, total, &pg);
}

/* The bin row of the path, or ERR_NOT_FOUND with a Chinese detail. */
static int load_item(struct request *req, long long *id, struct recycle_item *it, const char **rows)
{
    int rc = req_id_or_404(req, 0, "回收站中没有该项", id);
    if (rc == 0)
        rc = req_404(req, recycle_get(req->db, *id, req->arena, it, rows), "回收站中没有该项");
    return rc;
}

/* One bin row with what it holds, masked as the audit log shows it. */
static int api_recycle_get(struct request *req)
{
    long long id;
    struct recycle_item it;
    const char *rows;
    int rc = load_item(req, &id, &it, &rows);
    if (rc < 0)
        return rc;
    json_t *o = item_json(req, &it);
    json_t *image = recycle_audit_image(rows);
    json_object_set_new(o, "content", image ? image : json_null());
    return resp_json(req, 200, o);
}

/* `rc` of a store call that explains a conflict in `why`: call the store
 * first, then this (C leaves the order of arguments open). */
static int conflict(struct request *req, int rc, const char *why)
{
    if (rc == ERR_CONFLICT && why)
        req->error_detail = why;
    return rc;
}

/* Restores bin row `id`: the audit record names the object restored, with
 * what came back (masked) as its after image. */
static int restore(struct request *req, long long id)
{
    struct recycle_item it;
    const char *rows, *why = NULL;
    int rc = req_404(req, recycle_get(req->db, id, req->arena, &it, &rows), "回收站中没有该项");
    if (rc == 0)
        rc = recycle_restore(req->db, id, &why);
    rc = conflict(req, rc, why);
    if (rc < 0)
        return rc;
    req->audit.object_type = it.object_type;
    json_t *after = json_pack("{s:o?, s:I, s:s?}", "rows", recycle_audit_image(rows),
                              "recycle_bin_id", (json_int_t)id, "reason", it.reason);
    req_audit_set(req, it.object_id, NULL, after);
    return resp_json(req, 200,
                     json_pack("{s:s, s:I, s:I}", "object_type", it.object_type, "object_id",
                               (json_int_t)it.object_id, "restored_rows", (json_int_t)it.rows));
}

static int api_recycle_restore(struct request *req)
{
    long long id;
    int rc = req_id_or_404(req, 0, "回收站中没有该项", &id);
    return rc < 0 ? rc : restore(req, id);
}

/* POST /people/{id}/restore: the person's newest bin row. */
static int api_recycle_restore_person(struct request *req)
{
    long long person, bin;
    int rc = req_id_or_404(req, 0, "回收站中没有该干部", &person);
    if (rc == 0)
        rc = req_404(req, recycle_find(req->db, "person", person, &bin), "回收站中没有该干部");
    return rc < 0 ? rc : restore(req, bin);
}

static int api_recycle_purge_request(struct request *req)
{
    long long id;
    struct recycle_item it;
    const char *rows, *why = NULL, *reason = NULL;
    int rc = load_item(req, &id, &it, &rows);
    if (rc == 0 && req->body && req->body_len) {
        json_t *body;
        if ((rc = req_json_body(req, &body)) == 0) {
            reason = json_string_value(json_object_get(body, "reason"));
            if (reason && utf8_length(reason) > REASON_MAX) {
                field_errors_add(&req->errors, "reason", "申请理由不能超过 %d 个字", REASON_MAX);
                rc = ERR_INVALID;
            }
        }
    }
    struct recycle_actor by = api_recycle_actor(req);
    if (rc == 0)
        rc = recycle_purge_request(req->db, id, &by, reason, req->today, &why);
    rc = conflict(req, rc, why);
    if (rc < 0)
        return rc;
    req->audit.object_type = it.object_type;
    req_audit_set(req, it.object_id, NULL,
                  json_pack("{s:I, s:s?}", "recycle_bin_id", (json_int_t)id, "reason", reason));
    if ((rc = recycle_get(req->db, id, req->arena, &it, NULL)) < 0)
        return rc;
    return resp_json(req, 201, item_json(req, &it));
}

static int api_recycle_purge_approve(struct request *req)
{
    long long id;
    struct recycle_item it;
    const char *rows, *why = NULL;
    int rc = load_item(req, &id, &it, &rows);
    struct recycle_actor by = api_recycle_actor(req);
    if (rc == 0)
        rc = recycle_purge_approve(req->db, id, &by, req->today, &why);
    rc = conflict(req, rc, why);
    if (rc < 0)
        return rc;
    /* The purge's record keeps what went for good (masked), who asked and
     * who approved. */
    req->audit.object_type = it.object_type;
    json_t *before = json_pack(
        "{s:o?, s:I, s:s?, s:s?, s:I, s:s?}", "rows", recycle_audit_image(rows), "recycle_bin_id",
        (json_int_t)id, "reason", it.reason, "purge_requested_by_name", it.purge_requested_by_name,
        "purge_requested_by", (json_int_t)it.purge_requested_by, "purge_reason", it.purge_reason);
    req_audit_set(req, it.object_id, before, NULL);
    return resp_bytes(req, 204, NULL, "", 0);
}

/* ---- the retention ------------------------------------------------------ */

static int api_recycle_settings_get(struct request *req)
{
    int days;
    int rc = recycle_retention_days(req->db, &days);
    return rc < 0 ? rc : resp_json(req, 200, json_pack("{s:i}", "retention_days", days));
}

static int api_recycle_settings_update(struct request *req)
{
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    int before;
    if ((rc = recycle_retention_days(req->db, &before)) < 0)
        return rc;
    json_t *v = json_object_get(body, "retention_days");
    json_int_t days = json_is_integer(v) ? json_integer_value(v) : 0;
    if (days < RECYCLE_RETENTION_DAYS_MIN || days > RECYCLE_RETENTION_DAYS_MAX) {
        field_errors_add(&req->errors, "retention_days", "保留天数应为 %d 至 %d 之间的整数",
                         RECYCLE_RETENTION_DAYS_MIN, RECYCLE_RETENTION_DAYS_MAX);
        return ERR_INVALID;
    }
    if ((rc = recycle_set_retention_days(req->db, (int)days)) < 0)
        return rc;
    json_t *after = json_pack("{s:i}", "retention_days", (int)days);
    req_audit_set(req, 0, json_pack("{s:i}", "retention_days", before), json_incref(after));
    return resp_json(req, 200, after);
}

static const struct route routes[] = {
    {.method = "GET",
     .pattern = "/api/v1/recycle-bin",
     .handler = api_recycle_list,
     .perm = PERM_RECYCLE_READ,
     .scope = SCOPE_WHOLE,
     .summary = "回收站：已删除的干部、机构与记录（谁、何时、为何删除，何时可彻底删除）"},
    {.method = "GET",
     .pattern = "/api/v1/recycle-bin/{id}",
     .handler = api_recycle_get,
     .perm = PERM_RECYCLE_READ,
     .scope = SCOPE_WHOLE,
     .summary = "回收站中的一项及其内容（身份证号、电话已遮蔽）"},
    {.method = "POST",
     .pattern = "/api/v1/recycle-bin/{id}/restore",
     .handler = api_recycle_restore,
     .perm = PERM_RECYCLE_RESTORE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "从回收站恢复（原编号、原内容）",
     .audit = "recycle.restore",
     .audit_label = "从回收站恢复",
     .object_type = "recycle_bin"},
    {.method = "POST",
     .pattern = "/api/v1/people/{id}/restore",
     .handler = api_recycle_restore_person,
     .perm = PERM_RECYCLE_RESTORE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "从回收站恢复干部及其全部记录",
     .audit = "person.restore",
     .audit_label = "恢复干部",
     .object_type = "person"},
    {.method = "POST",
     .pattern = "/api/v1/recycle-bin/{id}/purge-requests",
     .handler = api_recycle_purge_request,
     .perm = PERM_RECYCLE_PURGE_REQUEST,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "申请彻底删除（保留期满后，须另一账号批准）",
     .audit = "recycle.purge_request",
     .audit_label = "申请彻底删除",
     .object_type = "recycle_bin"},
    {.method = "POST",
     .pattern = "/api/v1/recycle-bin/{id}/purge-requests/approve",
     .handler = api_recycle_purge_approve,
     .perm = PERM_RECYCLE_PURGE_APPROVE,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "批准彻底删除（申请人以外的账号）",
     .audit = "recycle.purge",
     .audit_label = "彻底删除",
     .object_type = "recycle_bin"},
    {.method = "GET",
     .pattern = "/api/v1/recycle-bin/settings",
     .handler = api_recycle_settings_get,
     .perm = PERM_RECYCLE_READ,
     .scope = SCOPE_WHOLE,
     .summary = "回收站保留天数"},
    {.method = "PATCH",
     .pattern = "/api/v1/recycle-bin/settings",
     .handler = api_recycle_settings_update,
     .perm = PERM_ROLES_ASSIGN,
     .scope = SCOPE_WHOLE,
     .flags = ROUTE_WRITE,
     .summary = "设置回收站保留天数（安全管理员）",
     .audit = "recycle.settings",
     .audit_label = "设置回收站保留天数",
     .object_type = "settings"},
};
ROUTE_TABLE(api_recycle_routes, routes);
