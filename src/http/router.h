/* router.h — the route table: method, path pattern, handler and the
 * permission it needs, side by side (Redis's command table). The router
 * checks authentication, CSRF and the permission before any handler runs. */
#ifndef CADRE_ROUTER_H
#define CADRE_ROUTER_H

#include <stddef.h>

#include "core/roles.h"
#include "http/request.h"

typedef int (*handler_fn)(struct request *req);

struct route {
    const char *method;
    const char *pattern; /* "/api/v1/people/{id}"; {name} matches one segment */
    handler_fn handler;
    enum perm perm;
    const char *summary; /* Chinese, for `cadre routes` and docs */
};

/* The table; `*n` set. */
const struct route *router_routes(size_t *n);

/* Runs the request: finds the route (404 / 405 otherwise), authenticates
 * (cookie session or bearer token; 401), checks CSRF on unsafe methods of
 * a cookie session (403), checks the permission (403, audited), calls the
 * handler, and turns an error return into a problem answer. */
void router_dispatch(struct request *req);

#endif
