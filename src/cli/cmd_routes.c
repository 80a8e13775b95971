/* cmd_routes.c — `cadre routes`: every API route with the permission it
 * needs and how unit scope applies, as a table or as JSON (what the API
 * tests of every route × role derive their expectations from). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/roles.h"
#include "http/router.h"

/* The record kinds whose permission differs from the route's, as
 * {"punishments": "punishments.write"}; NULL for routes without {kind}. */
static json_t *kind_permissions(const struct route *r)
{
    if (!r->per_kind)
        return json_null();
    json_t *o = json_object();
    size_t n;
    const char *const *segments = roles_kind_segments(&n);
    for (size_t i = 0; i < n; i++) {
        enum perm p = roles_kind_perm(segments[i], r->perm);
        if (p != r->perm)
            json_object_set_new(o, segments[i], json_string(perm_name(p)));
    }
    return o;
}

static int run(struct cli *cli)
{
    bool as_json = cli_flag(cli, "json");
    size_t n;
    const struct route *routes = router_routes(&n);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        if (as_json)
            json_array_append_new(
                items,
                json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "method", routes[i].method, "path",
                          routes[i].pattern, "permission", perm_name(routes[i].perm), "summary",
                          routes[i].summary, "scope", route_scope_name(routes[i].scope),
                          "kind_permissions", kind_permissions(&routes[i])));
        else
            printf("%-7s %-40s %-18s %-7s %s\n", routes[i].method, routes[i].pattern,
                   perm_name(routes[i].perm), route_scope_name(routes[i].scope), routes[i].summary);
    }
    if (as_json) {
        char *s = json_dumps(items, JSON_INDENT(2));
        printf("%s\n", s);
        free(s);
    }
    json_decref(items);
    return EXIT_OK;
}

const struct command cmd_routes_entry = {
    .name = "routes",
    .summary = "列出全部 API 接口及所需权限",
    .forms = (const struct cli_form[]){{.options =
                                            (const struct cli_option[]){
                                                {"json", 0, NULL, "输出 JSON"},
                                                {0},
                                            }},
                                       {0}},
    .about =
        "--json 中每个接口带 permission（所需权限）、scope（单位范围的适用方式：\n"
        "none、list、person、unit、create、whole）和 kind_permissions（按记录类别另需的权限）。\n",
    .no_db = true,
    .run = run,
};
