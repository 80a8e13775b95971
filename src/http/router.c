/* router.c — the route table and the checks every request passes before a
 * handler runs: route, authentication, CSRF, permission. */
#include "http/router.h"

#include <microhttpd.h>
#include <sodium.h>
#include <string.h>

#include "http/handlers.h"
#include "http/ratelimit.h"
#include "http/static.h"
#include "util/arena.h"
#include "util/log.h"

static const struct route routes[] = {
    {"GET", "/api/v1/health", api_health, PERM_PUBLIC, "服务健康检查"},
    {"POST", "/api/v1/session", api_session_create, PERM_PUBLIC, "登录"},
    {"GET", "/api/v1/session", api_session_get, PERM_AUTH, "当前登录信息"},
    {"DELETE", "/api/v1/session", api_session_delete, PERM_AUTH, "退出登录"},
    {"POST", "/api/v1/session/password", api_session_password, PERM_AUTH, "修改本人密码"},
    {"GET", "/api/v1/session/list", api_session_list, PERM_AUTH, "本人的登录会话"},
    {"DELETE", "/api/v1/sessions/{id}", api_sessions_delete, PERM_AUTH,
     "注销一个会话（本人的；系统管理员可注销任何人的）"},
    {"POST", "/api/v1/session/totp", api_session_totp_begin, PERM_AUTH,
     "启用动态口令：生成密钥与二维码"},
    {"POST", "/api/v1/session/totp/confirm", api_session_totp_confirm, PERM_AUTH,
     "以动态口令确认启用"},

    {"GET", "/api/v1/users", api_users_list, PERM_USERS_READ, "用户账号列表"},
    {"POST", "/api/v1/users", api_users_create, PERM_USERS_ADMIN, "新建账号（返回一次性密码）"},
    {"GET", "/api/v1/users/{id}", api_users_get, PERM_USERS_READ, "一个用户账号"},
    {"PATCH", "/api/v1/users/{id}", api_users_update, PERM_USERS_ADMIN,
     "修改账号：姓名、停用、重置密码、解锁、重置动态口令"},
    {"PUT", "/api/v1/users/{id}/roles", api_users_roles_put, PERM_ROLES_ASSIGN, "分配角色"},
    {"GET", "/api/v1/users/{id}/sessions", api_users_sessions_list, PERM_USERS_ADMIN,
     "一个用户的登录会话"},
    {"DELETE", "/api/v1/users/{id}/sessions", api_users_sessions_delete, PERM_USERS_ADMIN,
     "注销一个用户的全部会话"},
    {"GET", "/api/v1/security/policy", api_security_policy_get, PERM_ROLES_ASSIGN,
     "安全策略：登录失败锁定、各角色是否必须使用动态口令"},
    {"PATCH", "/api/v1/security/policy", api_security_policy_update, PERM_ROLES_ASSIGN,
     "修改安全策略"},
    {"GET", "/api/v1/audit", api_audit_list, PERM_AUDIT_READ, "审计日志（筛选、分页）"},
    {"GET", "/api/v1/audit/export.csv", api_audit_export_csv, PERM_AUDIT_EXPORT,
     "导出审计日志 CSV（导出本身记入审计）"},
    {"GET", "/api/v1/roles", api_roles_list, PERM_AUTH, "角色与权限表"},
    {"GET", "/api/v1/codes", api_codes_list, PERM_CODES_READ, "代码表目录"},
    {"GET", "/api/v1/codes/{table}", api_codes_get, PERM_CODES_READ, "一个代码表"},

    {"GET", "/api/v1/units", api_units_list, PERM_UNITS_READ, "机构树、人数与职数", SCOPE_LIST},
    {"GET", "/api/v1/units/names", api_units_names, PERM_ROLES_ASSIGN,
     "机构名称树（仅编号、名称、下级，供分配角色时选择单位）", SCOPE_WHOLE},
    {"POST", "/api/v1/units", api_units_create, PERM_UNITS_WRITE, "新建机构", SCOPE_CREATE},
    {"GET", "/api/v1/units/{id}", api_units_get, PERM_UNITS_READ, "机构详情", SCOPE_UNIT},
    {"PATCH", "/api/v1/units/{id}", api_units_update, PERM_UNITS_WRITE, "修改、移动机构", SCOPE_UNIT},
    {"DELETE", "/api/v1/units/{id}", api_units_delete, PERM_UNITS_WRITE, "删除机构", SCOPE_UNIT},

    {"GET", "/api/v1/people", api_people_list, PERM_PEOPLE_READ, "干部名册（筛选、排序、分页）", SCOPE_LIST},
    {"POST", "/api/v1/people", api_people_create, PERM_PEOPLE_WRITE, "新增干部", SCOPE_CREATE},
    {"GET", "/api/v1/people/{id}", api_people_get, PERM_PEOPLE_READ, "干部信息", SCOPE_PERSON},
    {"PATCH", "/api/v1/people/{id}", api_people_update, PERM_PEOPLE_WRITE, "修改干部信息", SCOPE_PERSON},
    {"DELETE", "/api/v1/people/{id}", api_people_delete, PERM_PEOPLE_WRITE, "删除干部", SCOPE_PERSON},

    /* Before the generic {kind} routes, which would take "qualifications". */
    {"GET", "/api/v1/people/{id}/qualifications", api_qualify_person, PERM_PEOPLE_READ,
     "一名干部的任职资格（各目标的结论、理由、日期）与档案审核", SCOPE_PERSON},
    {"GET", "/api/v1/qualifications", api_qualify_list, PERM_PEOPLE_READ,
     "资格名单：符合、期内符合、尚不符合、不得、数据不全", SCOPE_LIST},
    {"GET", "/api/v1/alerts", api_alerts, PERM_PEOPLE_READ,
     "提醒：即将退休、任职年限、超职数、档案审核、数据不全", SCOPE_LIST},
    {"GET", "/api/v1/rules", api_rules_index, PERM_CODES_READ, "任职资格规则表目录"},
    {"GET", "/api/v1/rules/{table}", api_rules_list, PERM_CODES_READ, "一个规则表的全部行"},
    {"POST", "/api/v1/rules/{table}", api_rules_create, PERM_RULES_WRITE, "新增规则行（审计）", SCOPE_WHOLE},
    {"GET", "/api/v1/rules/{table}/{id}", api_rules_get, PERM_CODES_READ, "一条规则"},
    {"PATCH", "/api/v1/rules/{table}/{id}", api_rules_update, PERM_RULES_WRITE,
     "修改规则行（审计）", SCOPE_WHOLE},
    {"POST", "/api/v1/rules/{table}/{id}/confirm", api_rules_confirm, PERM_RULES_WRITE,
     "本单位确认一条待确认（[ONE]/[REC]）规则（审计；修改取值即撤销确认）", SCOPE_WHOLE},

    {"GET", "/api/v1/people/{id}/{kind}", api_records_list, PERM_PEOPLE_READ,
     "干部的一类记录（任职经历、学历、考核、奖励、处分、家庭成员）", SCOPE_PERSON, true},
    {"POST", "/api/v1/people/{id}/{kind}", api_records_create, PERM_PEOPLE_WRITE, "新增记录（处分记录需 punishments.write）", SCOPE_PERSON, true},
    {"GET", "/api/v1/people/{id}/{kind}/{rid}", api_records_get, PERM_PEOPLE_READ, "一条记录", SCOPE_PERSON, true},
    {"PATCH", "/api/v1/people/{id}/{kind}/{rid}", api_records_update, PERM_PEOPLE_WRITE,
     "修改记录（处分记录需 punishments.write）", SCOPE_PERSON, true},
    {"DELETE", "/api/v1/people/{id}/{kind}/{rid}", api_records_delete, PERM_PEOPLE_WRITE,
     "删除记录（处分记录需 punishments.write）", SCOPE_PERSON, true},

    {"GET", "/api/v1/stats/overview", api_stats_overview, PERM_PEOPLE_READ,
     "干部队伍结构（总数、女性与少数民族、年龄结构、职级、职务层次、学历；支持名册筛选）", SCOPE_LIST},
    {"POST", "/api/v1/imports/roster", api_roster_import, PERM_IMPORT, "导入花名册（全部成功或全部不写入）", SCOPE_WHOLE},
    {"GET", "/api/v1/exports/roster.xlsx", api_roster_export_xlsx, PERM_EXPORT, "导出花名册 XLSX", SCOPE_LIST},
    {"GET", "/api/v1/exports/roster.csv", api_roster_export_csv, PERM_EXPORT, "导出花名册 CSV", SCOPE_LIST},
    /* people.read too, checked by the handler: the list's own permission. */
    {"GET", "/api/v1/exports/qualifications.xlsx", api_qualify_export_xlsx, PERM_EXPORT,
     "导出资格名单 XLSX（与资格名单同样的查询，全部页）", SCOPE_LIST},
    {"GET", "/api/v1/exports/qualifications.csv", api_qualify_export_csv, PERM_EXPORT,
     "导出资格名单 CSV（与资格名单同样的查询，全部页）", SCOPE_LIST},
};

const char *route_scope_name(enum route_scope s)
{
    static const char *const names[] = {
        [SCOPE_NONE] = "none",     [SCOPE_LIST] = "list",     [SCOPE_PERSON] = "person",
        [SCOPE_UNIT] = "unit",     [SCOPE_CREATE] = "create", [SCOPE_WHOLE] = "whole",
    };
    return (size_t)s < sizeof names / sizeof *names ? names[s] : "?";
}

const struct route *router_routes(size_t *n)
{
    *n = sizeof routes / sizeof *routes;
    return routes;
}

/* Matches `path` against `pattern`, collecting {param} segments. */
static bool match(const char *pattern, const char *path, struct request *req)
{
    size_t nparams = 0;
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            const char *seg_end = strchr(s, '/');
            size_t len = seg_end ? (size_t)(seg_end - s) : strlen(s);
            if (len == 0 || nparams >= REQUEST_MAX_PARAMS)
                return false;
            req->params[nparams++] = arena_strndup(req->arena, s, len);
            p = close + 1;
            s += len;
            continue;
        }
        if (*p != *s)
            return false;
        p++, s++;
    }
    if (*p || *s)
        return false;
    req->nparams = nparams;
    return true;
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
        const char *cookie = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND,
                                                         "cadre_session");
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
        json_t *p = json_pack("{s:i, s:s, s:s, s:s, s:[]}", "status", 405, "code",
                              "method_not_allowed", "title", "不支持该请求方法", "detail",
                              "该接口不支持此请求方法", "errors");
        resp_json(req, 405, p);
        req->content_type = "application/problem+json; charset=utf-8";
        return;
    }
    resp_problem(req, ERR_NOT_FOUND, "没有这个接口");
}

void router_dispatch(struct request *req)
{
    const struct route *found = NULL;
    bool path_matched = false;
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
        if (!match(routes[i].pattern, req->path, req))
            continue;
        path_matched = true;
        if (strcmp(routes[i].method, req->method) == 0) {
            found = &routes[i];
            break;
        }
    }
    /* What anyone may call without a session is rate-limited per address;
     * a login, which costs an argon2id hash, more tightly. */
    if (!found || found->perm == PERM_PUBLIC) {
        enum rate_class c =
            found && found->handler == api_session_create ? RATE_LOGIN : RATE_PUBLIC;
        long wait = ratelimit_take(c, req->source_addr);
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
            resp_problem(req, ERR_FORBIDDEN, "您的角色要求使用动态口令，请先启用动态口令再继续操作");
            return;
        }
        /* Record routes: a kind may need its own permission (处分). */
        enum perm perm = found->per_kind && req->nparams > 1
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
                         arena_sprintf(req->arena, "当前角色仅限所辖单位范围，不能%s（涉及全部干部数据）",
                                       perm_label(perm)));
            return;
        }
    }
    int rc = found->handler(req);
    if (req->db && db_in_transaction(req->db))
        db_rollback(req->db);
    if (rc < 0) {
        if (rc == ERR_INTERNAL)
            log_error("%s %s failed inside its handler", req->method, req->path);
        resp_problem(req, rc, NULL);
    }
}
