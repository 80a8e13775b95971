/* router.c — the list of the modules' route tables, and what every request
 * goes through around its handler: route, authentication, CSRF,
 * permission, scope, the write transaction with its audit record,
 * If-Match and ETag. */
#include "http/router.h"

#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "http/handlers.h"
#include "http/ratelimit.h"
#include "http/static.h"
#include "store/audit.h"
#include "store/row_version.h"
#include "util/arena.h"
#include "util/log.h"

/* Every module's route table, from the one list in http/api_modules.def:
 * declared, then listed. */
#define API_MODULE(name) extern const struct route_table name;
#include "http/api_modules.def"
#undef API_MODULE

static const struct route_table *const tables[] = {
#define API_MODULE(name) &name,
#include "http/api_modules.def"
#undef API_MODULE
};

const char *route_scope_name(enum route_scope s)
{
    static const char *const names[] = {
        [SCOPE_NONE] = "none", [SCOPE_LIST] = "list",     [SCOPE_PERSON] = "person",
        [SCOPE_UNIT] = "unit", [SCOPE_CREATE] = "create", [SCOPE_WHOLE] = "whole",
    };
    return (size_t)s < sizeof names / sizeof *names ? names[s] : "?";
}

void router_each(void (*fn)(const struct route *r, void *ctx), void *ctx)
{
    for (size_t t = 0; t < sizeof tables / sizeof *tables; t++)
        for (size_t i = 0; i < tables[t]->n; i++)
            fn(&tables[t]->routes[i], ctx);
}

const struct route *router_route(const char *method, const char *pattern)
{
    for (size_t t = 0; t < sizeof tables / sizeof *tables; t++)
        for (size_t i = 0; i < tables[t]->n; i++)
            if (strcmp(tables[t]->routes[i].method, method) == 0 &&
                strcmp(tables[t]->routes[i].pattern, pattern) == 0)
                return &tables[t]->routes[i];
    return NULL;
}

const char *router_audit_label(const char *action)
{
    for (size_t t = 0; action && t < sizeof tables / sizeof *tables; t++) {
        const struct route_table *tb = tables[t];
        for (size_t i = 0; i < tb->n; i++)
            if (tb->routes[i].audit && strcmp(tb->routes[i].audit, action) == 0)
                return tb->routes[i].audit_label;
        const char *label = audit_actions_find(tb->events, tb->nevents, action);
        if (label)
            return label;
    }
    return NULL;
}

/* Matches `path` against `pattern`, one segment at a time: a literal
 * segment must be equal, a {param} takes any non-empty segment. Returns
 * the number of segments matched (>= 1), or 0 when it does not match;
 * `literal` gets one bit per segment that matched literally, most
 * significant first, so that of two matching patterns the one with the
 * earlier literal segment compares greater. The params go to `params`. */
static size_t match(const char *pattern, const char *path, struct arena *a,
                    const char *params[REQUEST_MAX_PARAMS], size_t *nparams,
                    unsigned long long *literal)
{
    size_t nseg = 0;
    *nparams = 0;
    *literal = 0;
    const char *p = pattern, *s = path;
    for (;;) {
        if (*p != '/' || *s != '/')
            return 0;
        p++, s++;
        size_t plen = (size_t)(strchrnul(p, '/') - p), slen = (size_t)(strchrnul(s, '/') - s);
        if (slen == 0 || nseg >= 64)
            return 0;
        *literal <<= 1;
        if (*p == '{') {
            if (*nparams >= REQUEST_MAX_PARAMS)
                return 0;
            params[(*nparams)++] = arena_strndup(a, s, slen);
        } else if (plen == slen && memcmp(p, s, slen) == 0) {
            *literal |= 1;
        } else {
            return 0;
        }
        nseg++;
        p += plen, s += slen;
        if (!*p && !*s)
            return nseg;
        if (!*p || !*s)
            return 0;
    }
}

/* The route for the request's method and path: of the patterns matching
 * the path, the one whose literal segments come first (segment by
 * segment: "/people/{id}/qualifications" beats "/people/{id}/{kind}"), so
 * table order does not matter. `*path_matched` tells whether any method
 * has the path (405 rather than 404). Sets req->params. */
static const struct route *find_route(struct request *req, bool *path_matched)
{
    const struct route *best = NULL;
    unsigned long long best_literal = 0;
    *path_matched = false;
    for (size_t t = 0; t < sizeof tables / sizeof *tables; t++)
        for (size_t i = 0; i < tables[t]->n; i++) {
            const struct route *r = &tables[t]->routes[i];
            const char *params[REQUEST_MAX_PARAMS];
            size_t nparams;
            unsigned long long literal;
            if (!match(r->pattern, req->path, req->arena, params, &nparams, &literal))
                continue;
            *path_matched = true;
            if (strcmp(r->method, req->method) != 0 || (best && literal <= best_literal))
                continue;
            best = r;
            best_literal = literal;
            memcpy(req->params, params, sizeof params);
            req->nparams = nparams;
        }
    return best;
}

static bool unsafe_method(const char *m)
{
    return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0 && strcmp(m, "OPTIONS") != 0;
}

/* Reads the session cookie or the bearer token. Returns 0 when authenticated,
 * ERR_UNAUTHORIZED when credentials are absent or invalid. */
static int authenticate(struct request *req)
{
    const char *authz = req_header(req, "Authorization");
    int rc = ERR_UNAUTHORIZED;
    if (authz && strncasecmp(authz, "Bearer ", 7) == 0) {
        rc = sessions_token_resolve(req->db, authz + 7, req->arena, &req->auth);
    } else {
        const char *cookie =
            MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, "cadre_session");
        if (cookie)
            rc = sessions_resolve(req->db, cookie, req->arena, &req->auth);
    }
    req->authenticated = rc == 0;
    return rc;
}

static bool csrf_ok(struct request *req)
{
    if (req->auth.via_token)
        return true;
    const char *sent = req_header(req, "X-CSRF-Token");
    const char *want = req->auth.csrf_token;
    return sent && want && strlen(sent) == strlen(want) &&
           sodium_memcmp(sent, want, strlen(want)) == 0;
}

/* The label of the first role that grants `perm`, for the audit record. */
static const char *acting_role(const struct request *req, enum perm perm)
{
    for (int r = 0; r < ROLE_COUNT; r++)
        if ((req->auth.user.roles & (1u << r)) && roles_allows((enum role)r, perm))
            return roles_label((enum role)r);
    for (int r = 0; r < ROLE_COUNT; r++)
        if (req->auth.user.roles & (1u << r))
            return roles_label((enum role)r);
    return NULL;
}

/* No route for this method and path: the web UI for a GET outside /api/,
 * else 405 when the path exists with other methods, else 404. */
static void answer_unrouted(struct request *req, bool path_matched)
{
    if (!path_matched && strncmp(req->path, "/api/", 5) != 0 &&
        (strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0)) {
        static_serve(req);
        return;
    }
    if (path_matched) {
        json_t *p =
            json_pack("{s:i, s:s, s:s, s:s, s:[]}", "status", 405, "code", "method_not_allowed",
                      "title", "不支持该请求方法", "detail", "该接口不支持此请求方法", "errors");
        resp_json(req, 405, p);
        req->content_type = "application/problem+json; charset=utf-8";
        return;
    }
    resp_problem(req, ERR_NOT_FOUND, "没有这个接口");
}

/* ---- conditional writes ------------------------------------------------ */

/* Whether the If-Match header `h` (a list of entity tags, or "*") holds
 * the version `v`. Weak tags compare like strong ones: the version is
 * exact either way. */
static bool if_match_holds(const char *h, long long v)
{
    char want[32];
    snprintf(want, sizeof want, "\"%lld\"", v);
    size_t wlen = strlen(want);
    for (const char *p = h; *p;) {
        p += strspn(p, " \t,");
        size_t len = strcspn(p, ",");
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        const char *tag = p;
        if (len >= 2 && strncmp(tag, "W/", 2) == 0)
            tag += 2, len -= 2;
        if ((len == 1 && *tag == '*') || (len == wlen && memcmp(tag, want, wlen) == 0))
            return true;
        p = tag + len;
        p += strcspn(p, ",");
    }
    return false;
}

/* The keys whose values differ between two JSON objects (either NULL). */
static json_t *changed_keys(json_t *before, json_t *after)
{
    json_t *keys = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(after, k, v)
    {
        if (!json_equal(v, json_object_get(before, k)))
            json_array_append_new(keys, json_string(k));
    }
    json_object_foreach(before, k, v)
    {
        if (!json_object_get(after, k))
            json_array_append_new(keys, json_string(k));
    }
    return keys;
}

/* A UTC audit time ("2025-05-01T06:32:10Z") as the server's local time to
 * the minute ("2025-05-01 14:32"), for a sentence; as is when unreadable. */
static const char *local_minute(struct request *req, const char *utc)
{
    struct tm tm = {0};
    const char *end = utc ? strptime(utc, "%Y-%m-%dT%H:%M:%SZ", &tm) : NULL;
    if (!end || *end)
        return utc ? utc : "";
    time_t t = timegm(&tm);
    char buf[32];
    localtime_r(&t, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
    return arena_strdup(req->arena, buf);
}

/* The 412 answer: problem+json with the version the record has now, who
 * changed it last and when (from the audit log), the fields that change
 * touched and the record as it now stands (as the log keeps it: masked),
 * so the UI can show them and offer to reload. */
static void answer_precondition_failed(struct request *req, const struct route_target *t,
                                       long long version)
{
    struct audit_record last;
    bool known = audit_last_change(req->db, t->object_type, t->id, req->arena, &last) == 0;
    json_t *before = known && last.before_json ? json_loads(last.before_json, 0, NULL) : NULL;
    json_t *after = known && last.after_json ? json_loads(last.after_json, 0, NULL) : NULL;
    const char *who = known && last.username ? last.username : NULL;
    const char *detail =
        who ? arena_sprintf(req->arena, "该记录已被 %s 于 %s 修改，您的修改未保存。请刷新后再编辑",
                            who, local_minute(req, last.at))
            : "该记录已被他人修改，您的修改未保存。请刷新后再编辑";
    json_t *p =
        json_pack("{s:i, s:s, s:s, s:s, s:[], s:I, s:o, s:o, s:o, s:o}", "status", 412, "code",
                  "precondition_failed", "title", "数据已被他人修改", "detail", detail, "errors",
                  "current_version", (json_int_t)version, "changed_by", json_str_or_null(who),
                  "changed_at", json_str_or_null(known ? last.at : NULL), "changed_fields",
                  changed_keys(before, after), "current", after ? json_incref(after) : json_null());
    json_decref(before);
    json_decref(after);
    resp_json(req, 412, p);
    req->content_type = "application/problem+json; charset=utf-8";
    char *etag = arena_sprintf(req->arena, "\"%lld\"", version);
    resp_header(req, "ETag", etag);
}

/* The version If-Match is to be checked against: on a PATCH, PUT or
 * DELETE with If-Match of a route with a target, the record's version
 * before the handler runs (`*t` and `*version` set, returns true). The
 * comparison waits until the handler has succeeded, so that its own
 * answers come first: a record outside the user's scope stays a 404, a
 * bad body a 422, and a 412 tells nothing a user could not read. */
static bool if_match_version(struct request *req, const struct route *r, const char **header,
                             struct route_target *t, long long *version)
{
    *header = req_header(req, "If-Match");
    if (!*header || !r->target ||
        !(strcmp(req->method, "PATCH") == 0 || strcmp(req->method, "PUT") == 0 ||
          strcmp(req->method, "DELETE") == 0))
        return false;
    return r->target(req, t) == 0 && row_version_get(req->db, t->table, t->id, version) == 0;
}

/* Sets the ETag of a successful answer naming one versioned record. */
static void set_etag(struct request *req, const struct route *r)
{
    struct route_target t;
    long long version;
    if (r->target && req->status >= 200 && req->status < 300 && req->status != 204 &&
        r->target(req, &t) == 0 && row_version_get(req->db, t.table, t.id, &version) == 0)
        resp_header(req, "ETag", arena_sprintf(req->arena, "\"%lld\"", version));
}

/* Runs the handler of a ROUTE_WRITE route in one transaction with its
 * audit record. Returns what the handler returned, or the error of the
 * audit record or the commit (the answer the handler set is then
 * discarded). */
static int run_write(struct request *req, const struct route *r)
{
    int rc = db_begin(req->db);
    if (rc < 0)
        return rc;
    const char *if_match;
    struct route_target t;
    long long version;
    bool conditional = if_match_version(req, r, &if_match, &t, &version);
    rc = r->handler(req);
    /* A handler that answered a problem itself wrote nothing to keep. */
    if (rc == 0 && req->status >= 400) {
        db_rollback(req->db);
        return 0;
    }
    if (rc == 0 && conditional && !if_match_holds(if_match, version)) {
        db_rollback(req->db);
        if (req->resp_fd >= 0) {
            close(req->resp_fd);
            req->resp_fd = -1;
        }
        req->nheaders = 0;
        answer_precondition_failed(req, &t, version);
        return 0;
    }
    const char *action = req->audit.action ? req->audit.action : r->audit;
    if (rc == 0 && action && (r->flags & ROUTE_ANONYMOUS))
        rc = req_audit_anonymous(req, action,
                                 req->audit.object_type ? req->audit.object_type : r->object_type,
                                 req->audit.after);
    else if (rc == 0 && action)
        rc =
            req_audit(req, action, req->audit.object_type ? req->audit.object_type : r->object_type,
                      req->audit.object_id, "ok", req->audit.before, req->audit.after);
    if (rc == 0)
        set_etag(req, r);
    if (rc == 0)
        rc = db_commit(req->db);
    if (rc < 0 && db_in_transaction(req->db))
        db_rollback(req->db);
    if (rc < 0)
        req->nheaders = 0; /* a Location or a cookie of what was not kept */
    if (rc < 0 && req->resp_fd >= 0) {
        close(req->resp_fd);
        req->resp_fd = -1;
    }
    return rc;
}

void router_dispatch(struct request *req)
{
    bool path_matched;
    const struct route *found = find_route(req, &path_matched);
    /* What anyone may call without a session is rate-limited per address;
     * a login, which costs an argon2id hash, more tightly; a public
     * submission (a tip-off) also per address and for all addresses. */
    if (!found || found->perm == PERM_PUBLIC) {
        /* Logins and submissions are counted in the database as well, so
         * that servers sharing it share the limits; other anonymous calls
         * (the UI's files) only in the process: a database write each
         * would make a flood cost more, not less. */
        bool login = found && (found->flags & ROUTE_LOGIN);
        long wait = login ? ratelimit_take_shared(req->db, RATE_LOGIN, req->source_addr)
                          : ratelimit_take(RATE_PUBLIC, req->source_addr);
        if (wait <= 0 && found && (found->flags & ROUTE_SUBMIT))
            wait = ratelimit_take_shared(req->db, RATE_SUBMIT, req->source_addr);
        if (wait <= 0 && found && (found->flags & ROUTE_SUBMIT))
            wait = ratelimit_take_shared(req->db, RATE_SUBMIT_ALL, RATE_ALL_ADDRESSES);
        if (wait > 0) {
            resp_too_many(req, wait, "too_many_requests",
                          arena_sprintf(req->arena, "请求过于频繁，请 %ld 秒后再试", wait), NULL);
            return;
        }
    }
    if (!found) {
        answer_unrouted(req, path_matched);
        return;
    }
    if (found->perm != PERM_PUBLIC) {
        int rc = authenticate(req);
        if (rc == ERR_UNAUTHORIZED) {
            /* Guessing tokens or cookies is a call without a session too. */
            long wait = ratelimit_take(RATE_PUBLIC, req->source_addr);
            if (wait > 0) {
                resp_too_many(req, wait, "too_many_requests",
                              arena_sprintf(req->arena, "请求过于频繁，请 %ld 秒后再试", wait),
                              NULL);
                return;
            }
            resp_problem(req, ERR_UNAUTHORIZED, "未登录或登录已过期，请重新登录");
            return;
        }
        if (rc < 0) {
            resp_problem(req, rc, NULL);
            return;
        }
        if (unsafe_method(req->method) && !csrf_ok(req)) {
            resp_problem(req, ERR_FORBIDDEN, "缺少或错误的 X-CSRF-Token 请求头");
            return;
        }
        /* A one-time password must be replaced before anything else is done
         * with the account (the session itself and the change stay open). */
        if (req->auth.user.must_change_password && found->perm != PERM_AUTH) {
            resp_problem(req, ERR_FORBIDDEN, "请先修改初始密码，然后再继续操作");
            return;
        }
        /* Likewise a role that requires TOTP, until the user has enrolled. */
        if (req->auth.needs_totp && found->perm != PERM_AUTH) {
            resp_problem(req, ERR_FORBIDDEN,
                         "您的角色要求使用动态口令，请先启用动态口令再继续操作");
            return;
        }
        /* Record routes: a kind may need its own permission (处分). */
        enum perm perm = (found->flags & ROUTE_PER_KIND) && req->nparams > 1
                             ? roles_kind_perm(req->params[1], found->perm)
                             : found->perm;
        req->role = acting_role(req, perm);
        if (!roles_mask_allows(req->auth.user.roles, perm)) {
            req_audit(req, perm_name(perm), "route", 0, "denied", NULL, NULL);
            resp_problem(req, ERR_FORBIDDEN,
                         arena_sprintf(req->arena, "当前角色无权%s", perm_label(perm)));
            return;
        }
        /* The scope the permission reaches, for the handler and the store. */
        if (found->scope != SCOPE_NONE)
            req->scope = auth_scope(&req->auth.user, perm, req->arena);
        if (found->scope == SCOPE_WHOLE && req->scope) {
            req_audit(req, perm_name(perm), "route", 0, "denied", NULL, NULL);
            resp_problem(req, ERR_FORBIDDEN,
                         arena_sprintf(req->arena,
                                       "当前角色仅限所辖单位范围，不能%s（涉及全部干部数据）",
                                       perm_label(perm)));
            return;
        }
    }
    int rc;
    if (found->flags & ROUTE_WRITE) {
        rc = run_write(req, found);
    } else {
        rc = found->handler(req);
        if (rc == 0 && strcmp(req->method, "GET") == 0)
            set_etag(req, found);
    }
    if (req->db && db_in_transaction(req->db))
        db_rollback(req->db);
    if (rc < 0) {
        if (rc == ERR_INTERNAL)
            log_error("%s %s failed inside its handler", req->method, req->path);
        resp_problem(req, rc, NULL);
    }
}
