/* router.h — the route table: method, path pattern, handler and the
 * permission it needs, side by side (Redis's command table). The router
 * checks authentication, CSRF and the permission before any handler runs. */
#ifndef CADRE_ROUTER_H
#define CADRE_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/roles.h"
#include "http/request.h"

typedef int (*handler_fn)(struct request *req);

/* How a route meets the unit scopes of roles (store/people.h people_scope).
 * The router computes req->scope for the route's permission; handlers and
 * the store apply it as follows. */
enum route_scope {
    SCOPE_NONE = 0, /* not personnel data: scopes do not apply */
    SCOPE_LIST,     /* answers only what lies inside the scope (totals included) */
    SCOPE_PERSON,   /* {id} is a person: outside the scope it is 404, as if absent */
    SCOPE_UNIT,     /* {id} is a unit: outside the scope it is 404, as if absent */
    SCOPE_CREATE,   /* the body's unit must lie inside the scope, else 422 */
    SCOPE_WHOLE,    /* concerns the whole registry: a scoped role gets 403 */
};

struct route {
    const char *method;
    const char *pattern; /* "/api/v1/people/{id}"; {name} matches one segment */
    handler_fn handler;
    enum perm perm;
    const char *summary; /* Chinese, for `cadre routes` and docs */
    enum route_scope scope;
    bool per_kind; /* {kind} routes: roles_kind_perm(kind, perm) is the permission */
};

/* The name of a scope kind ("list", "person", ...), for `cadre routes --json`. */
const char *route_scope_name(enum route_scope s);

/* The table; `*n` set. */
const struct route *router_routes(size_t *n);

/* Runs the request: finds the route (404 / 405 otherwise), authenticates
 * (cookie session or bearer token; 401), checks CSRF on unsafe methods of
 * a cookie session (403), checks the permission (403, audited), calls the
 * handler, and turns an error return into a problem answer. */
void router_dispatch(struct request *req);

#endif
