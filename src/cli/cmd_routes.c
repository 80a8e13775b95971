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
    if (!(r->flags & ROUTE_PER_KIND))
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

/* One route: a line of text, or an item of `items` (--json). */
static void print_route(const struct route *r, void *items)
{
    if (items)
        json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:s?}",
                                               "method", r->method, "path", r->pattern,
                                               "permission", perm_name(r->perm), "summary",
                                               r->summary, "scope", route_scope_name(r->scope),
                                               "kind_permissions", kind_permissions(r), "write",
                                               (r->flags & ROUTE_WRITE) != 0, "audit", r->audit));
    else
        printf("%-7s %-40s %-18s %-7s %s\n", r->method, r->pattern, perm_name(r->perm),
               route_scope_name(r->scope), r->summary);
}

static int run(struct cli *cli)
{
    bool as_json = cli_flag(cli, "json");
    json_t *items = as_json ? json_array() : NULL;
    router_each(print_route, items);
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
        "none、list、person、unit、create、whole）、kind_permissions（按记录类别另需的权限）、\n"
        "write（是否在一个写事务中执行）和 audit（成功后写入的审计操作）。\n",
    .no_db = true,
    .run = run,
};
