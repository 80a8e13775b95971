/* api_units.c — the unit tree with its headcounts and establishment (职数),
 * and creating, changing, moving and deleting units. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/codes.h"
#include "core/fields.h"
#include "http/handlers.h"
#include "formats/record_json.h"
#include "store/people.h"
#include "store/units.h"
#include "util/arena.h"

/* More posts of one level than any real unit has; catches typing mistakes. */
enum { ESTABLISHMENT_MAX_COUNT = 9999, UNIT_MAX_DEPTH = 64 };

/* Keys our answers carry that are not unit fields: a client may send back
 * what it read, and they are ignored, not refused. */
static const char *const unit_readonly_keys[] = {"headcount", "headcount_total", "children",
                                                 "path"};

static json_t *establishment_json(const struct unit_node *n)
{
    json_t *items = json_array();
    for (size_t i = 0; i < n->nestablishment; i++) {
        const struct unit_establishment *e = &n->establishment[i];
        const char *label = codes_label("post_level", e->post_level);
        json_array_append_new(
            items, json_pack("{s:s, s:s?, s:I, s:I, s:b}", "post_level", e->post_level,
                             "post_level_label", label, "count", (json_int_t)e->count, "filled",
                             (json_int_t)e->filled, "over", e->filled > e->count));
    }
    return items;
}

/* One node as JSON; with `tree`, its children recursively. */
static json_t *unit_json(const struct unit_node *n, bool tree)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(n->unit.id));
    record_json_set_fields(o, &units_kind, &n->unit, true);
    json_object_set_new(o, "headcount", json_integer(n->headcount));
    json_object_set_new(o, "headcount_total", json_integer(n->headcount_total));
    json_object_set_new(o, "establishment", establishment_json(n));
    if (tree) {
        json_t *children = json_array();
        for (size_t i = 0; i < n->nchildren; i++)
            json_array_append_new(children, unit_json(n->children[i], true));
        json_object_set_new(o, "children", children);
    }
    return o;
}

/* 0 when unit `id` exists inside the user's scope, else ERR_NOT_FOUND with
 * the detail of a unit that does not exist (a scoped user learns nothing
 * of units outside the scope). */
static int unit_in_scope(struct request *req, long long id)
{
    bool inside;
    int rc = people_scope_has_unit(req->db, req->scope, id, &inside);
    if (rc == 0 && !inside)
        rc = ERR_NOT_FOUND;
    return req_404(req, rc, "单位不存在");
}

static int api_units_list(struct request *req)
{
    struct unit_node **roots;
    size_t nroots;
    int rc = units_tree_in(req->db, req->scope, req->arena, &roots, &nroots);
    if (rc < 0)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < nroots; i++)
        json_array_append_new(items, unit_json(roots[i], true));
    /* The tree is one page: the roots are the items. */
    return resp_list_whole(req, items);
}

/* A node's id, name and children: nothing a scope picker does not need. */
static json_t *unit_name_json(const struct unit_node *n)
{
    json_t *children = json_array();
    for (size_t i = 0; i < n->nchildren; i++)
        json_array_append_new(children, unit_name_json(n->children[i]));
    return json_pack("{s:I, s:s, s:I, s:o}", "id", (json_int_t)n->unit.id, "name", n->unit.name,
                     "parent_id", (json_int_t)n->unit.parent_id, "children", children);
}

static int api_units_names(struct request *req)
{
    struct unit_node **roots;
    size_t nroots;
    int rc = units_tree(req->db, req->arena, &roots, &nroots);
    if (rc < 0)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < nroots; i++)
        json_array_append_new(items, unit_name_json(roots[i]));
    return resp_list_whole(req, items);
}

/* Reads the "establishment" array: [{post_level (code or label), count}].
 * Field names in messages point into the array ("establishment[2].count"). */
static int parse_establishment(struct request *req, json_t *arr, struct unit_establishment **out,
                               size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!json_is_array(arr)) {
        field_errors_add(&req->errors, "establishment",
                         "职数应为数组，每项含 post_level（职务层次）和 count（职数）");
        return ERR_INVALID;
    }
    size_t before = req->errors.count, count = json_array_size(arr);
    struct unit_establishment *est = arena_calloc(req->arena, count ? count : 1, sizeof *est);
    const struct code_table *levels = codes_table("post_level");
    for (size_t i = 0; i < count; i++) {
        json_t *item = json_array_get(arr, i);
        char *field = arena_sprintf(req->arena, "establishment[%zu]", i);
        if (!json_is_object(item)) {
            field_errors_add(&req->errors, field, "第 %zu 项职数应为对象", i + 1);
            continue;
        }
        json_t *level = json_object_get(item, "post_level");
        json_t *posts = json_object_get(item, "count");
        const struct code *c =
            json_is_string(level) && levels ? codes_find(levels, json_string_value(level)) : NULL;
        if (!c)
            field_errors_add(&req->errors, arena_sprintf(req->arena, "%s.post_level", field),
                             "第 %zu 项职数的职务层次不是有效的代码", i + 1);
        if (!json_is_integer(posts) || json_integer_value(posts) < 0 ||
            json_integer_value(posts) > ESTABLISHMENT_MAX_COUNT)
            field_errors_add(&req->errors, arena_sprintf(req->arena, "%s.count", field),
                             "第 %zu 项职数应为 0 到 %d 之间的整数", i + 1,
                             ESTABLISHMENT_MAX_COUNT);
        if (!c)
            continue;
        for (size_t j = 0; j < i; j++)
            if (est[j].post_level && strcmp(est[j].post_level, c->code) == 0) {
                field_errors_add(&req->errors, arena_sprintf(req->arena, "%s.post_level", field),
                                 "职务层次“%s”重复填写", c->label);
                break;
            }
        est[i].post_level = c->code;
        est[i].count = json_is_integer(posts) ? json_integer_value(posts) : 0;
    }
    if (req->errors.count > before)
        return ERR_INVALID;
    *out = est;
    *n = count;
    return 0;
}

/* Parses a create or patch body into `u` (patch: only keys present) and
 * the establishment when the body has one (`*has_est`). Every problem goes
 * to req->errors. */
static int parse_unit(struct request *req, json_t *body, struct unit *u, bool partial,
                      bool *has_est, struct unit_establishment **est, size_t *nest)
{
    json_t *copy = json_copy(body);
    for (size_t i = 0; i < sizeof unit_readonly_keys / sizeof *unit_readonly_keys; i++)
        json_object_del(copy, unit_readonly_keys[i]);
    json_t *arr = json_object_get(copy, "establishment");
    *has_est = arr != NULL && !json_is_null(arr);
    if (*has_est)
        parse_establishment(req, arr, est, nest);
    json_object_del(copy, "establishment");
    record_json_parse(&units_kind, copy, u, partial, req->arena, &req->errors);
    json_decref(copy);
    record_validate(&units_kind, u, req->today, &req->errors);
    return req->errors.count ? ERR_INVALID : 0;
}

/* True when `ancestor` is `id` itself or one of its ancestors: moving unit
 * `ancestor` under `id` would then make a cycle. */
static int is_in_subtree(struct request *req, long long ancestor, long long id, bool *inside)
{
    *inside = false;
    for (int depth = 0; id > 0 && depth < UNIT_MAX_DEPTH; depth++) {
        if (id == ancestor) {
            *inside = true;
            return 0;
        }
        struct unit_node n;
        int rc = units_get(req->db, id, req->arena, &n);
        if (rc < 0)
            return rc;
        id = n.unit.parent_id;
    }
    return 0;
}

/* The unit as answered after a write (and as recorded in the audit log). */
static int load_unit_json(struct request *req, long long id, json_t **out)
{
    struct unit_node n;
    int rc = units_get(req->db, id, req->arena, &n);
    *out = rc == 0 ? unit_json(&n, false) : NULL;
    return rc;
}

static int conflict(struct request *req, const char *detail)
{
    req->error_detail = detail;
    return ERR_CONFLICT;
}

/* Runs inside the router's write transaction (ROUTE_WRITE). */
static int api_units_create(struct request *req)
{
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    struct unit u = {0};
    struct unit_establishment *est = NULL;
    size_t nest = 0;
    bool has_est;
    if (parse_unit(req, body, &u, false, &has_est, &est, &nest) < 0)
        return ERR_INVALID;
    /* A scoped writer adds units only below its own. */
    bool inside = true;
    if (u.parent_id && (rc = people_scope_has_unit(req->db, req->scope, u.parent_id, &inside)) < 0)
        return rc;
    if (!inside || (!u.parent_id && req->scope)) {
        field_errors_add(&req->errors, "parent_id",
                         inside ? "请选择所辖范围内的上级单位" : "上级单位不存在");
        return ERR_INVALID;
    }
    json_t *after = NULL;
    rc = units_insert(req->db, &u, est, nest);
    if (rc == ERR_CONFLICT)
        return conflict(req, "同一上级单位下已有同名单位");
    if (rc == 0)
        rc = load_unit_json(req, u.id, &after);
    if (rc < 0)
        return rc;
    req_audit_set(req, u.id, NULL, json_incref(after));
    return resp_json(req, 201, after);
}

static int api_units_get(struct request *req)
{
    long long id;
    json_t *o = NULL;
    int rc = req_id_or_404(req, 0, "单位不存在", &id);
    if (rc == 0)
        rc = unit_in_scope(req, id);
    if (rc == 0)
        rc = req_404(req, load_unit_json(req, id, &o), "单位不存在");
    if (rc < 0)
        return rc;
    const char *path = units_path(req->db, id, req->arena);
    json_object_set_new(o, "path", json_str_or_null(path));
    return resp_json(req, 200, o);
}

/* Runs inside the router's write transaction (ROUTE_WRITE). */
static int api_units_update(struct request *req)
{
    long long id;
    int rc = req_id_or_404(req, 0, "单位不存在", &id);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    struct unit_node old;
    if ((rc = unit_in_scope(req, id)) < 0 ||
        (rc = req_404(req, units_get(req->db, id, req->arena, &old), "单位不存在")) < 0)
        return rc;
    struct unit u = old.unit;
    struct unit_establishment *est = NULL;
    size_t nest = 0;
    bool has_est;
    if ((rc = parse_unit(req, body, &u, true, &has_est, &est, &nest)) < 0)
        return rc;
    if (req->scope && !u.parent_id && old.unit.parent_id) {
        field_errors_add(&req->errors, "parent_id", "请选择所辖范围内的上级单位");
        return ERR_INVALID;
    }
    if (u.parent_id && u.parent_id != old.unit.parent_id) {
        bool inside = false;
        if (u.parent_id == id) {
            field_errors_add(&req->errors, "parent_id", "上级单位不能是本单位自己");
        } else if ((rc = people_scope_has_unit(req->db, req->scope, u.parent_id, &inside)) < 0) {
            return rc;
        } else if (!inside) {
            field_errors_add(&req->errors, "parent_id", "上级单位不存在");
        } else if ((rc = is_in_subtree(req, id, u.parent_id, &inside)) < 0) {
            return rc;
        } else if (inside) {
            field_errors_add(&req->errors, "parent_id", "不能把单位移到它自己的下级单位之下");
        }
        if (req->errors.count)
            return ERR_INVALID;
    }
    rc = units_update(req->db, &u, has_est ? est : NULL, nest);
    if (rc == ERR_CONFLICT)
        return conflict(req, "同一上级单位下已有同名单位");
    json_t *after = NULL;
    if (rc == 0)
        rc = load_unit_json(req, id, &after);
    if (rc < 0)
        return rc;
    req_audit_set(req, id, unit_json(&old, false), json_incref(after));
    return resp_json(req, 200, after);
}

/* Runs inside the router's write transaction (ROUTE_WRITE). */
static int api_units_delete(struct request *req)
{
    long long id;
    int rc = req_id_or_404(req, 0, "单位不存在", &id);
    json_t *before = NULL;
    if (rc == 0)
        rc = unit_in_scope(req, id);
    if (rc == 0)
        rc = req_404(req, load_unit_json(req, id, &before), "单位不存在");
    const char *reason = NULL;
    if (rc == 0)
        rc = api_recycle_reason(req, false, &reason);
    if (rc < 0) {
        json_decref(before);
        return rc;
    }
    /* An empty unit goes to the 回收站 (restorable); one still in use is
     * refused as before. */
    const char *why = NULL;
    const char *name = arena_strdup(req->arena, json_string_value(json_object_get(before, "name")));
    json_decref(before);
    struct recycle_actor by = api_recycle_actor(req);
    long long bin;
    rc = recycle_unit(req->db, id, name ? name : "机构", reason, &by, req->today, &bin, &why);
    if (rc == ERR_CONFLICT)
        return conflict(req, why ? why : "单位仍在使用，不能删除");
    if (rc < 0)
        return req_404(req, rc, "单位不存在");
    req_audit_set(req, id, api_recycle_deleted_json(req, bin), NULL);
    return resp_bytes(req, 204, NULL, "", 0);
}

/* The unit of the path, for its ETag and If-Match. */
static int unit_target(struct request *req, struct route_target *out)
{
    *out = (struct route_target){.table = "units", .object_type = "unit"};
    return req_param_id(req, 0, &out->id);
}

static const struct route routes[] = {
    {.method = "GET",
     .pattern = "/api/v1/units",
     .handler = api_units_list,
     .perm = PERM_UNITS_READ,
     .scope = SCOPE_LIST,
     .summary = "机构树、人数与职数"},
    {.method = "GET",
     .pattern = "/api/v1/units/names",
     .handler = api_units_names,
     .perm = PERM_ROLES_ASSIGN,
     .scope = SCOPE_WHOLE,
     .summary = "机构名称树（仅编号、名称、下级，供分配角色时选择单位）"},
    {.method = "POST",
     .pattern = "/api/v1/units",
     .handler = api_units_create,
     .perm = PERM_UNITS_WRITE,
     .scope = SCOPE_CREATE,
     .flags = ROUTE_WRITE,
     .summary = "新建机构",
     .audit = "unit.create",
     .audit_label = "新建机构",
     .object_type = "unit"},
    {.method = "GET",
     .pattern = "/api/v1/units/{id}",
     .handler = api_units_get,
     .perm = PERM_UNITS_READ,
     .scope = SCOPE_UNIT,
     .summary = "机构详情",
     .target = unit_target},
    {.method = "PATCH",
     .pattern = "/api/v1/units/{id}",
     .handler = api_units_update,
     .perm = PERM_UNITS_WRITE,
     .scope = SCOPE_UNIT,
     .flags = ROUTE_WRITE,
     .summary = "修改、移动机构",
     .audit = "unit.update",
     .audit_label = "修改机构",
     .object_type = "unit",
     .target = unit_target},
    {.method = "DELETE",
     .pattern = "/api/v1/units/{id}",
     .handler = api_units_delete,
     .perm = PERM_UNITS_WRITE,
     .scope = SCOPE_UNIT,
     .flags = ROUTE_WRITE,
     .summary = "删除机构（无人员、无下级时移入回收站）",
     .audit = "unit.delete",
     .audit_label = "删除机构",
     .object_type = "unit",
     .target = unit_target},
};
ROUTE_TABLE(api_units_routes, routes);
