/* router.h — routes as data: each api_<area>.c exports its own table of
 * entries (method, path pattern, permission, scope, flags, Chinese summary,
 * audit action, handler), and the router runs every request through the
 * same steps: authentication, CSRF, permission, scope, the write
 * transaction, If-Match, the handler, the audit record, the ETag. */
#ifndef CADRE_ROUTER_H
#define CADRE_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/roles.h"
#include "http/request.h"
#include "store/audit.h"

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

enum route_flags {
    /* The router opens the write transaction before the handler and, when
     * the handler returns 0, writes the route's audit record and commits;
     * on any error (the handler's, the audit's or the commit's) it rolls
     * back and answers the error: nothing is written. Handlers of these
     * routes never call db_begin, db_commit or db_rollback. */
    ROUTE_WRITE = 1u << 0,
    /* {kind} routes: roles_kind_perm(kind, perm) is the permission. */
    ROUTE_PER_KIND = 1u << 1,
    /* Rate-limited as a login (an argon2id hash per call), not as a
     * public call. */
    ROUTE_LOGIN = 1u << 2,
    /* A public submission (a tip-off, an addition): besides the public
     * limit, RATE_SUBMIT per address and RATE_SUBMIT_ALL for everyone. */
    ROUTE_SUBMIT = 1u << 3,
    /* With ROUTE_WRITE: the audit record names no account, role or address
     * and no object id — a 民主测评 submission (issue 11) is recorded as
     * having happened, never by whom. The handler must not log the
     * account either. */
    ROUTE_ANONYMOUS = 1u << 4,
};

/* The versioned record a route's path names, for its ETag and If-Match. */
struct route_target {
    const char *table;       /* the SQL table (store/row_version.h) */
    const char *object_type; /* as the audit log names it: "person", "career" */
    long long id;
};

/* Finds the record the path names: 0 and `*out` set, or ERR_NOT_FOUND
 * when the path names none (the handler then answers its own 404). */
typedef int (*route_target_fn)(struct request *req, struct route_target *out);

struct route {
    const char *method;
    const char *pattern; /* "/api/v1/people/{id}"; {name} matches one segment */
    handler_fn handler;
    enum perm perm;
    enum route_scope scope;
    unsigned flags;      /* enum route_flags */
    const char *summary; /* Chinese, for `cadre routes` and docs */
    /* The audit record the router writes after a successful ROUTE_WRITE
     * handler: action, its Chinese label (for the log's readers and its
     * CSV export) and object type; the handler sets the id and the
     * before/after (req_audit_set). NULL action: the handler names the
     * action itself (record kinds) or writes none. */
    const char *audit;
    const char *audit_label;
    const char *object_type;
    /* Set for routes whose path names one changeable record: a GET or a
     * write answers with its version as `ETag`, and a PATCH, PUT or DELETE
     * with `If-Match` gets 412 when the version differs. */
    route_target_fn target;
};

/* One module's routes: `ROUTE_TABLE(api_people_routes, entries);` at the
 * end of its api_<area>.c, listed once in http/api_modules.def. With
 * ROUTE_TABLE_EVENTS, also the audit actions its handlers write besides
 * the routes' own (a sensitive read, a lock-out), with their labels. */
struct route_table {
    const char *name;
    const struct route *routes;
    size_t n;
    const struct audit_action *events;
    size_t nevents;
};
#define ROUTE_TABLE(name, entries)                                                                 \
    extern const struct route_table name;                                                          \
    const struct route_table name = {#name, entries, sizeof entries / sizeof *entries, NULL, 0}
#define ROUTE_TABLE_EVENTS(name, entries, events_)                                                 \
    extern const struct route_table name;                                                          \
    const struct route_table name = {#name, entries, sizeof entries / sizeof *entries, events_,    \
                                     sizeof events_ / sizeof *events_}

/* The name of a scope kind ("list", "person", ...), for `cadre routes --json`. */
const char *route_scope_name(enum route_scope s);

/* Every route, module by module: calls `fn` for each (borrowed for the
 * run). For `cadre routes`, the docs test and the audit labels. */
void router_each(void (*fn)(const struct route *r, void *ctx), void *ctx);

/* The entry of `method` `pattern` ("POST", "/api/v1/imports/roster"), or
 * NULL: for tests and fuzz targets that drive one handler directly. */
const struct route *router_route(const char *method, const char *pattern);

/* The Chinese label of an audit action written by a route or by the HTTP
 * layer's own events (login, logout, a refused request's permission is
 * labelled by store/audit.c), or NULL when none knows it. An
 * audit_label_fn (store/audit.h). */
const char *router_audit_label(const char *action);

/* Runs the request: finds the route (404 / 405 otherwise; literal path
 * segments beat {param} ones, so table order does not matter),
 * authenticates (cookie session or bearer token; 401), checks CSRF on
 * unsafe methods of a cookie session (403), checks the permission (403,
 * audited), runs a ROUTE_WRITE handler in its transaction with its audit
 * record, checks If-Match (412), and turns an error return into a problem
 * answer. */
void router_dispatch(struct request *req);

#endif
