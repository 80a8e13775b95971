/* api_misc.c — health, code tables and the role matrix. */
#include <string.h>

#include "core/codes.h"
#include "core/roles.h"
#include "http/handlers.h"
#include "store/store.h"

static int api_health(struct request *req)
{
    /* A trivial query proves the database answers, not just the process. */
    if (store_ping(req->db) < 0)
        return ERR_UNAVAILABLE;
    return resp_json(req, 200, json_pack("{s:s, s:s}", "status", "ok", "version", CADRE_VERSION));
}

static json_t *table_summary(const struct code_table *t)
{
    return json_pack("{s:s, s:s, s:s, s:i}", "name", t->name, "title", t->title, "standard",
                     t->standard ? t->standard : "", "count", (json_int_t)t->count);
}

static int api_codes_list(struct request *req)
{
    size_t n;
    const struct code_table *tables = codes_tables(&n);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, table_summary(&tables[i]));
    return resp_json(req, 200, json_pack("{s:o}", "items", items));
}

static int api_codes_get(struct request *req)
{
    const struct code_table *t = codes_table(req->params[0]);
    if (!t)
        return ERR_NOT_FOUND;
    json_t *o = table_summary(t);
    json_t *items = json_array();
    for (size_t i = 0; i < t->count; i++) {
        const struct code *c = &t->codes[i];
        json_t *item = json_pack("{s:s, s:s}", "code", c->code, "label", c->label);
        if (c->order)
            json_object_set_new(item, "order", json_integer(c->order));
        if (c->category)
            json_object_set_new(item, "category", json_string(c->category));
        if (c->months)
            json_object_set_new(item, "months", json_integer(c->months));
        if (c->source)
            json_object_set_new(item, "source", json_string(c->source));
        const char *words[16];
        size_t n_words = codes_aliases(t, c->code, words, 16);
        if (n_words) {
            json_t *aliases = json_array();
            for (size_t k = 0; k < n_words; k++)
                json_array_append_new(aliases, json_string(words[k]));
            json_object_set_new(item, "aliases", aliases);
        }
        json_array_append_new(items, item);
    }
    json_object_set_new(o, "items", items);
    return resp_json(req, 200, o);
}

static int api_roles_list(struct request *req)
{
    size_t n;
    const struct role_info *roles = roles_all(&n);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *perms = json_array();
        for (int p = PERM_CODES_READ; p < PERM_COUNT; p++)
            if (roles_allows(roles[i].role, (enum perm)p))
                json_array_append_new(perms, json_string(perm_name((enum perm)p)));
        json_array_append_new(items, json_pack("{s:s, s:s, s:o}", "name", roles[i].name, "label",
                                               roles[i].label, "permissions", perms));
    }
    return resp_json(req, 200, json_pack("{s:o}", "items", items));
}

static const struct route routes[] = {
    {.method = "GET",
     .pattern = "/api/v1/health",
     .handler = api_health,
     .perm = PERM_PUBLIC,
     .summary = "服务健康检查"},
    {.method = "GET",
     .pattern = "/api/v1/roles",
     .handler = api_roles_list,
     .perm = PERM_AUTH,
     .summary = "角色与权限表"},
    {.method = "GET",
     .pattern = "/api/v1/codes",
     .handler = api_codes_list,
     .perm = PERM_CODES_READ,
     .summary = "代码表目录"},
    {.method = "GET",
     .pattern = "/api/v1/codes/{table}",
     .handler = api_codes_get,
     .perm = PERM_CODES_READ,
     .summary = "一个代码表"},
};
ROUTE_TABLE(api_misc_routes, routes);
