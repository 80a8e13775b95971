/* api_schema.c — GET /api/v1/schema/{kind}: the fields of a kind of record
 * (a person, a record under a person, a unit, a row of a rule table) as the
 * field tables of core/fields.h describe them, so the web UI builds its
 * forms from the server's own vocabulary instead of repeating it. */
#include <string.h>

#include "core/records.h"
#include "core/rules.h"
#include "formats/record_json.h"
#include "http/handlers.h"
#include "store/units.h"

/* The kind named `name`: a record kind by its API name ("person",
 * "career", ..., "unit"), or a rule table by its SQL name
 * ("rule_rank_step": the rules' own names repeat record names such as
 * "education"). `*rules` is set for a rule table. */
static const struct record_kind *find_kind(const char *name, const struct rules_table **rules)
{
    *rules = NULL;
    if (!name)
        return NULL;
    if (strcmp(name, units_kind.name) == 0)
        return &units_kind;
    size_t n;
    const struct rules_table *tables = rules_tables(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(tables[i].kind.sql_table, name) == 0) {
            *rules = &tables[i];
            return &tables[i].kind;
        }
    return records_kind_find(name);
}

static int api_schema_get(struct request *req)
{
    const struct rules_table *rules;
    const struct record_kind *kind = find_kind(req->params[0], &rules);
    if (!kind) {
        req->error_detail = "没有这种记录";
        return ERR_NOT_FOUND;
    }
    json_t *o = json_pack("{s:s, s:s, s:o}", "kind", req->params[0], "label", kind->label, "fields",
                          record_json_fields_schema(kind, req->arena));
    if (rules)
        json_object_set_new(o, "article", json_string(rules->article));
    return resp_json(req, 200, o);
}

static const struct route routes[] = {
    {.method = "GET",
     .pattern = "/api/v1/schema/{kind}",
     .handler = api_schema_get,
     .perm = PERM_CODES_READ,
     .summary = "一种记录的字段：中文名、类型、代码表、必填、长度、日期精度"},
};
ROUTE_TABLE(api_schema_routes, routes);
