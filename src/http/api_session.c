/* api_session.c — log in (password, lock-out, TOTP), who am I, log out,
 * change my password, my sessions, enrol TOTP. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/password_policy.h"
#include "core/roles.h"
#include "formats/qr_svg.h"
#include "http/handlers.h"
#include "http/ratelimit.h"
#include "http/server.h"
#include "store/audit.h"
#include "store/lockout.h"
#include "store/passwords.h"
#include "store/totp.h"
#include "util/arena.h"
#include "util/secret.h"

json_t *api_user_json(const struct user *u)
{
    json_t *roles = json_array();
    for (int r = 0; r < ROLE_COUNT; r++)
        if (u->roles & (1u << r))
            json_array_append_new(roles, json_pack("{s:s, s:s}", "name", roles_name((enum role)r),
                                                   "label", roles_label((enum role)r)));
    json_t *perms = json_array();
    for (int p = PERM_CODES_READ; p < PERM_COUNT; p++)
        if (roles_mask_allows(u->roles, (enum perm)p))
            json_array_append_new(perms, json_string(perm_name((enum perm)p)));
    json_t *o = json_pack("{s:I, s:s, s:s?, s:b, s:b, s:b, s:o, s:o}", "id", (json_int_t)u->id,
                          "username", u->username, "display_name", u->display_name,
                          "must_change_password", u->must_change_password, "disabled", u->disabled,
                          "totp_enabled", u->totp_enabled, "roles", roles, "permissions", perms);
    json_object_set_new(o, "person_id", json_id_or_null(u->person_id));
    /* What people.read reaches: the UI says "本单位" or "本人" from it. */
    json_t *scope = json_null();
    if (roles_mask_allows(u->roles, PERM_PEOPLE_READ)) {
        struct arena *a = arena_new();
        const struct people_scope *s = auth_scope(u, PERM_PEOPLE_READ, a);
        json_t *units = json_array();
        for (size_t i = 0; s && i < s->nunits; i++)
            json_array_append_new(units, json_integer(s->unit_ids[i]));
        scope = json_pack("{s:b, s:o, s:o}", "all", s == NULL, "unit_ids", units, "person_id",
                          json_id_or_null(s ? s->person_id : 0));
        arena_free(a);
    }
    json_object_set_new(o, "scope", scope);
    return o;
}

/* Audits a login attempt that did not authenticate: the attempted
 * username goes in the username column too, so the auditor can filter by
 * it (req_audit only names authenticated users). */
static int audit_attempt(struct request *req, const char *action, const char *outcome,
                         const char *username, json_t *after)
{
    char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    struct audit_entry e = {.username = username,
                            .source_addr = req->source_addr,
                            .action = action,
                            .object_type = "user",
                            .outcome = outcome,
                            .after_json = a};
    int rc = audit_write(req->db, &e);
    free(a);
    return rc;
}

/* Local time for a person to read ("2025-05-01 14:32"), and UTC ISO. */
static const char *local_time_text(struct request *req, time_t t)
{
    struct tm tm;
    localtime_r(&t, &tm);
    char buf[32];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return arena_strdup(req->arena, buf);
}

static const char *iso_text(struct request *req, time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    char buf[24];
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return arena_strdup(req->arena, buf);
}

/* A login refused by the lock-out: audited, 429 with the time it ends. */
static int answer_locked(struct request *req, const char *username, time_t until, bool by_source,
                         const struct security_policy *p)
{
    time_t now = time(NULL);
    const char *when = local_time_text(req, until);
    json_t *attempt = json_pack("{s:s, s:s, s:s}", "username", username, "locked_until",
                                iso_text(req, until), "lock", by_source ? "source" : "account");
    int rc = audit_attempt(req, "session.login", "locked", username, attempt);
    json_decref(attempt);
    if (rc < 0)
        return rc;
    const char *detail =
        by_source ? arena_sprintf(req->arena,
                                  "本地址 %d 分钟内登录失败次数过多，已暂停登录，请于 %s 后再试",
                                  p->window_minutes, when)
                  : arena_sprintf(req->arena,
                                  "账号因 %d 分钟内连续 %d 次登录失败已被锁定，请于 %s 后再试，"
                                  "或请系统管理员解锁",
                                  p->window_minutes, p->max_failures, when);
    return resp_too_many(req, until > now ? (long)(until - now) : 1, "locked", detail,
                         iso_text(req, until));
}

/* A failed login (wrong password or code): counted for the lock-out and
 * audited in one transaction; the answer names neither which was wrong
 * for an unknown user nor whether the account exists. */
static int login_failed(struct request *req, const char *username, const char *why,
                        const struct security_policy *p, const char *detail)
{
    time_t now = time(NULL);
    int rc = db_begin(req->db);
    if (rc < 0)
        return rc;
    rc = lockout_failed(req->db, username, req->source_addr, now);
    json_t *attempt = json_pack("{s:s, s:s}", "username", username, "reason", why);
    if (rc == 0)
        rc = audit_attempt(req, "session.login", "failed", username, attempt);
    json_decref(attempt);
    time_t until;
    bool by_source;
    /* The failure that reaches the limit locks: record that event itself. */
    if (rc == 0 && lockout_check(req->db, p, username, req->source_addr, now, &until, &by_source) ==
                       ERR_FORBIDDEN) {
        json_t *lock = json_pack("{s:s, s:s, s:s}", "username", username, "locked_until",
                                 iso_text(req, until), "lock", by_source ? "source" : "account");
        rc = audit_attempt(req, "session.lockout", "locked", username, lock);
        json_decref(lock);
    }
    if (rc == 0)
        rc = db_commit(req->db);
    if (rc < 0) {
        db_rollback(req->db);
        return rc;
    }
    return resp_problem(req, ERR_UNAUTHORIZED, detail);
}

static int text_field(struct request *req, json_t *body, const char *key, const char *label,
                      const char **out)
{
    json_t *v = json_object_get(body, key);
    if (!json_is_string(v) || json_string_length(v) == 0) {
        field_errors_add(&req->errors, key, "请输入%s", label);
        return ERR_INVALID;
    }
    if (json_string_length(v) > 256 || strlen(json_string_value(v)) != json_string_length(v)) {
        field_errors_add(&req->errors, key, "%s过长或含有非法字符", label);
        return ERR_INVALID;
    }
    *out = json_string_value(v);
    return 0;
}

static int api_session_create(struct request *req)
{
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    const char *username = NULL, *password = NULL, *totp = NULL;
    text_field(req, body, "username", "用户名", &username);
    text_field(req, body, "password", "密码", &password);
    json_t *totp_value = json_object_get(body, "totp");
    if (totp_value && !json_is_null(totp_value))
        text_field(req, body, "totp", "动态口令", &totp);
    if (req->errors.count)
        return ERR_INVALID;
    struct security_policy policy;
    if ((rc = lockout_policy_get(req->db, &policy)) < 0)
        return rc;
    time_t until;
    bool by_source;
    rc =
        lockout_check(req->db, &policy, username, req->source_addr, time(NULL), &until, &by_source);
    if (rc == ERR_FORBIDDEN)
        return answer_locked(req, username, until, by_source, &policy);
    if (rc < 0)
        return rc;
    struct user u;
    rc = accounts_check_password(req->db, username, password, req->arena, &u);
    if (rc == ERR_UNAUTHORIZED)
        return login_failed(req, username, "password", &policy, "用户名或密码错误");
    if (rc < 0)
        return rc;
    if (u.totp_enabled) {
        if (!totp) {
            /* The password was right: ask for the second factor. */
            json_t *p = json_pack("{s:i, s:s, s:s, s:s, s:[{s:s, s:s}]}", "status", 401, "code",
                                  "totp_required", "title", "请先登录", "detail",
                                  "请输入身份验证器显示的 6 位动态口令", "errors", "field", "totp",
                                  "message", "请输入 6 位动态口令");
            resp_json(req, 401, p);
            req->content_type = "application/problem+json; charset=utf-8";
            return 0;
        }
        rc = totp_verify(req->db, secret_default_key(), u.id, totp, time(NULL));
        if (rc == ERR_UNAVAILABLE)
            return resp_problem(req, ERR_UNAVAILABLE,
                                "服务器未找到数据密钥文件，无法校验动态口令，请联系系统管理员");
        if (rc == ERR_UNAUTHORIZED)
            return login_failed(req, username, "totp", &policy, "动态口令错误或已使用过");
        if (rc < 0)
            return rc;
    }
    bool needs_totp = !u.totp_enabled && (u.roles & policy.totp_required);
    char token[65], csrf[65];
    long long session_id;
    if ((rc = db_begin(req->db)) < 0)
        return rc;
    rc = sessions_create(req->db, u.id, req->source_addr, token, csrf, &session_id);
    if (rc == 0 && needs_totp)
        rc = sessions_require_totp(req->db, session_id);
    if (rc == 0)
        rc = lockout_clear(req->db, username);
    req->authenticated = true;
    req->auth.user = u;
    req->auth.session_id = session_id;
    if (rc == 0)
        rc = req_audit(req, "session.login", "user", u.id, "ok", NULL, NULL);
    if (rc == 0)
        rc = db_commit(req->db);
    if (rc < 0) {
        db_rollback(req->db);
        return rc;
    }
    resp_header(req, "Set-Cookie",
                arena_sprintf(req->arena,
                              "cadre_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
                              token, SESSION_MAX_SECONDS, server_cookie_secure()));
    sodium_memzero(token, sizeof token);
    return resp_json(req, 200,
                     json_pack("{s:o, s:s, s:b}", "user", api_user_json(&u), "csrf_token", csrf,
                               "totp_enrolment_required", needs_totp));
}

static int api_session_get(struct request *req)
{
    json_t *o = json_pack("{s:o, s:b}", "user", api_user_json(&req->auth.user),
                          "totp_enrolment_required", req->auth.needs_totp);
    if (req->auth.csrf_token)
        json_object_set_new(o, "csrf_token", json_string(req->auth.csrf_token));
    return resp_json(req, 200, o);
}

static int api_session_delete(struct request *req)
{
    if (req->auth.via_token)
        return resp_problem(req, ERR_INVALID, "API 令牌没有登录会话可退出");
    int rc = sessions_revoke(req->db, req->auth.session_id);
    if (rc < 0)
        return rc;
    req_audit_set(req, req->auth.user.id, NULL, NULL);
    resp_header(req, "Set-Cookie",
                arena_sprintf(req->arena,
                              "cadre_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
                              server_cookie_secure()));
    req->status = 204;
    req->resp_body = "";
    req->resp_len = 0;
    return 0;
}

static int api_session_password(struct request *req)
{
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    const char *old_password = NULL, *new_password = NULL;
    text_field(req, body, "old_password", "原密码", &old_password);
    text_field(req, body, "new_password", "新密码", &new_password);
    if (req->errors.count)
        return ERR_INVALID;
    struct user u;
    if (accounts_check_password(req->db, req->auth.user.username, old_password, req->arena, &u) <
        0) {
        field_errors_add(&req->errors, "old_password", "原密码不正确");
        return ERR_INVALID;
    }
    const char *problem = password_policy_problem(u.username, new_password);
    if (!problem && strcmp(old_password, new_password) == 0)
        problem = "新密码不能与原密码相同";
    if (!problem && (rc = passwords_reused(req->db, u.id, new_password)) == ERR_CONFLICT)
        problem = "新密码不能与最近 5 次使用过的密码相同";
    else if (!problem && rc < 0)
        return rc;
    if (problem) {
        field_errors_add(&req->errors, "new_password", "%s", problem);
        return ERR_INVALID;
    }
    if ((rc = accounts_set_password(req->db, u.id, new_password, req->auth.session_id)) < 0)
        return rc;
    req_audit_set(req, u.id, NULL, NULL);
    req->status = 204;
    req->resp_body = "";
    return 0;
}

/* ---- my sessions ---------------------------------------------------------- */

json_t *api_sessions_json(const struct session_info *s, size_t n, long long current)
{
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:I, s:s?, s:s, s:s, s:s, s:b}", "id",
                                               (json_int_t)s[i].id, "source_addr", s[i].source_addr,
                                               "created_at", s[i].created_at, "last_seen_at",
                                               s[i].last_seen_at, "expires_at", s[i].expires_at,
                                               "current", s[i].id == current));
    return json_pack("{s:o, s:I, s:i, s:I}", "items", items, "total", (json_int_t)n, "page", 1,
                     "per_page", (json_int_t)n);
}

static int api_session_list(struct request *req)
{
    struct session_info *s;
    size_t n;
    int rc = sessions_list(req->db, req->auth.user.id, req->arena, &s, &n);
    if (rc < 0)
        return rc;
    return resp_json(req, 200, api_sessions_json(s, n, req->auth.session_id));
}

/* DELETE /api/v1/sessions/{id}: one's own, or anyone's for users.admin;
 * another user's session is "not found" to everyone else. */
static int api_sessions_delete(struct request *req)
{
    long long id, owner;
    int rc = req_param_id(req, 0, &id);
    if (rc < 0)
        return rc;
    if ((rc = sessions_owner(req->db, id, &owner)) < 0)
        return rc == ERR_NOT_FOUND ? resp_problem(req, ERR_NOT_FOUND, "没有这个会话或已失效") : rc;
    if (owner != req->auth.user.id && !roles_mask_allows(req->auth.user.roles, PERM_USERS_ADMIN))
        return resp_problem(req, ERR_NOT_FOUND, "没有这个会话或已失效");
    if ((rc = sessions_revoke(req->db, id)) < 0)
        return rc;
    req_audit_set(
        req, owner, NULL,
        json_pack("{s:I, s:I}", "session_id", (json_int_t)id, "user_id", (json_int_t)owner));
    req->status = 204;
    req->resp_body = "";
    return 0;
}

/* ---- TOTP enrolment --------------------------------------------------------- */

/* Percent-encodes what may appear in an otpauth label or parameter. */
static const char *uri_escape(struct request *req, const char *s)
{
    size_t len = strlen(s);
    char *out = arena_alloc(req->arena, len * 3 + 1), *o = out;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
            *c == '-' || *c == '_' || *c == '.' || *c == '~') {
            *o++ = (char)*c;
        } else {
            static const char hex[] = "0123456789ABCDEF";
            *o++ = '%';
            *o++ = hex[*c >> 4];
            *o++ = hex[*c & 15];
        }
    }
    *o = '\0';
    return out;
}

static int no_key(struct request *req)
{
    return resp_problem(req, ERR_CONFLICT,
                        "服务器尚未配置数据密钥文件，无法启用动态口令；请系统管理员运行 "
                        "cadre key init");
}

/* POST /api/v1/session/totp: a new secret, as text, otpauth URI and QR
 * code (shown once; nothing is enabled until confirmed with a code). */
static int api_session_totp_begin(struct request *req)
{
    if (req->auth.via_token)
        return resp_problem(req, ERR_INVALID, "请在登录会话中启用动态口令，而不是使用 API 令牌");
    const struct secret_key *key = secret_default_key();
    if (!key)
        return no_key(req);
    char secret[33];
    int rc = totp_begin(req->db, key, req->auth.user.id, secret);
    req_audit_set(req, req->auth.user.id, NULL, NULL);
    if (rc < 0) {
        if (rc == ERR_CONFLICT)
            return resp_problem(req, ERR_CONFLICT, "已启用动态口令；如需更换，请系统管理员先重置");
        return rc;
    }
    char *uri = arena_sprintf(req->arena,
                              "otpauth://totp/cadre:%s?secret=%s&issuer=cadre&algorithm=SHA1"
                              "&digits=%d&period=%d",
                              uri_escape(req, req->auth.user.username), secret, TOTP_DIGITS,
                              TOTP_STEP_SECONDS);
    char *svg = qr_svg(uri);
    json_t *o = json_pack("{s:s, s:s, s:s?}", "secret", secret, "otpauth_uri", uri, "qr_svg", svg);
    sodium_memzero(secret, sizeof secret);
    if (svg) {
        sodium_memzero(svg, strlen(svg));
        free(svg);
    }
    rc = resp_json(req, 201, o); /* the JSON text lives in the arena until the answer is sent */
    sodium_memzero(uri, strlen(uri));
    return rc;
}

/* POST /api/v1/session/totp/confirm {code}: turns TOTP on. */
static int api_session_totp_confirm(struct request *req)
{
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    const char *code = NULL;
    text_field(req, body, "code", "动态口令", &code);
    if (req->errors.count)
        return ERR_INVALID;
    const struct secret_key *key = secret_default_key();
    if (!key)
        return no_key(req);
    rc = totp_confirm(req->db, key, req->auth.user.id, code, time(NULL));
    req_audit_set(req, req->auth.user.id, NULL, NULL);
    if (rc < 0) {
        if (rc == ERR_CONFLICT)
            return resp_problem(req, ERR_CONFLICT, "没有待确认的动态口令，请先获取新的密钥");
        if (rc == ERR_INVALID) {
            field_errors_add(&req->errors, "code", "动态口令不正确，请核对手机时间后重试");
            return ERR_INVALID;
        }
        return rc;
    }
    req->status = 204;
    req->resp_body = "";
    return 0;
}

/* What the login writes besides its own record: the lock-out it causes. */
static const struct audit_action events[] = {
    {"session.lockout", "登录锁定"},
};

static const struct route routes[] = {
    /* Not ROUTE_WRITE: a failed login is counted and audited in a
     * transaction of its own, which must commit although the login fails. */
    {.method = "POST",
     .pattern = "/api/v1/session",
     .handler = api_session_create,
     .perm = PERM_PUBLIC,
     .flags = ROUTE_LOGIN,
     .summary = "登录",
     .audit = "session.login",
     .audit_label = "登录",
     .object_type = "user"},
    {.method = "GET",
     .pattern = "/api/v1/session",
     .handler = api_session_get,
     .perm = PERM_AUTH,
     .summary = "当前登录信息"},
    {.method = "DELETE",
     .pattern = "/api/v1/session",
     .handler = api_session_delete,
     .perm = PERM_AUTH,
     .flags = ROUTE_WRITE,
     .summary = "退出登录",
     .audit = "session.logout",
     .audit_label = "退出登录",
     .object_type = "user"},
    {.method = "POST",
     .pattern = "/api/v1/session/password",
     .handler = api_session_password,
     .perm = PERM_AUTH,
     .flags = ROUTE_WRITE,
     .summary = "修改本人密码",
     .audit = "user.password",
     .audit_label = "修改密码",
     .object_type = "user"},
    {.method = "GET",
     .pattern = "/api/v1/session/list",
     .handler = api_session_list,
     .perm = PERM_AUTH,
     .summary = "本人的登录会话"},
    {.method = "DELETE",
     .pattern = "/api/v1/sessions/{id}",
     .handler = api_sessions_delete,
     .perm = PERM_AUTH,
     .flags = ROUTE_WRITE,
     .summary = "注销一个会话（本人的；系统管理员可注销任何人的）",
     .audit = "session.revoke",
     .audit_label = "注销会话",
     .object_type = "user"},
    {.method = "POST",
     .pattern = "/api/v1/session/totp",
     .handler = api_session_totp_begin,
     .perm = PERM_AUTH,
     .flags = ROUTE_WRITE,
     .summary = "启用动态口令：生成密钥与二维码",
     .audit = "user.totp_begin",
     .audit_label = "开始启用动态口令",
     .object_type = "user"},
    {.method = "POST",
     .pattern = "/api/v1/session/totp/confirm",
     .handler = api_session_totp_confirm,
     .perm = PERM_AUTH,
     .flags = ROUTE_WRITE,
     .summary = "以动态口令确认启用",
     .audit = "user.totp_enable",
     .audit_label = "启用动态口令",
     .object_type = "user"},
};
ROUTE_TABLE_EVENTS(api_session_routes, routes, events);
