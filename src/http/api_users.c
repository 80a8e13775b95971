/* api_users.c — accounts for the 系统管理员 (create, rename, disable, reset
 * password, unlock, reset TOTP, sessions), roles and the security policy
 * for the 安全管理员 (三员分立: the one who creates an account is not the
 * one who grants it rights). */
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "core/roles.h"
#include "http/handlers.h"
#include "store/lockout.h"
#include "store/passwords.h"
#include "store/totp.h"
#include "store/units.h"
#include "util/arena.h"

#define USERNAME_MAX 32
#define DISPLAY_NAME_MAX 64

static void json_decref_cb(void *p)
{
    json_decref(p);
}

static json_t *assignments_json(struct request *req, long long user_id)
{
    struct user_role *roles;
    size_t n;
    json_t *items = json_array();
    if (accounts_roles_get(req->db, user_id, req->arena, &roles, &n) < 0)
        return items;
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_pack("{s:s, s:s}", "role", roles_name((enum role)roles[i].role), "label",
                              roles_label((enum role)roles[i].role));
        json_object_set_new(o, "unit_id", json_id_or_null(roles[i].unit_id));
        /* The 安全管理员 may not read the unit tree (units.read): the scope
         * is named here, so the role list never shows a bare number. */
        const char *name = NULL, *path = NULL;
        if (roles[i].unit_id) {
            name = units_name(req->db, roles[i].unit_id, req->arena);
            path = units_path(req->db, roles[i].unit_id, req->arena);
        }
        json_object_set_new(o, "unit_name", json_str_or_null(name));
        json_object_set_new(o, "unit_path", json_str_or_null(path));
        json_array_append_new(items, o);
    }
    return items;
}

/* An account as the administrators see it: the session's view plus the
 * role assignments with their scopes and, for one account, its lock. */
static json_t *admin_user_json(struct request *req, const struct user *u, bool with_lock)
{
    json_t *o = api_user_json(u);
    json_object_set_new(o, "role_assignments", assignments_json(req, u->id));
    json_object_set_new(o, "created_at", json_string(u->created_at ? u->created_at : ""));
    if (with_lock) {
        struct security_policy p;
        time_t until = 0;
        bool by_source;
        json_t *locked = json_null();
        if (lockout_policy_get(req->db, &p) == 0 &&
            lockout_check(req->db, &p, u->username, "", time(NULL), &until, &by_source) ==
                ERR_FORBIDDEN) {
            struct tm tm;
            char buf[24];
            gmtime_r(&until, &tm);
            strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
            locked = json_string(buf);
        }
        json_object_set_new(o, "locked_until", locked);
    }
    return o;
}

static bool username_ok(const char *s)
{
    size_t len = strlen(s);
    if (len < 2 || len > USERNAME_MAX ||
        !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '.' || *s == '-'))
            return false;
    return true;
}

/* Reads an optional display name: absent → *out untouched. */
static void display_name_field(struct request *req, json_t *body, const char **out)
{
    json_t *v = json_object_get(body, "display_name");
    if (!v)
        return;
    if (json_is_null(v)) {
        *out = "";
        return;
    }
    if (!json_is_string(v) || json_string_length(v) > DISPLAY_NAME_MAX * 4 ||
        strlen(json_string_value(v)) != json_string_length(v))
        field_errors_add(&req->errors, "display_name", "姓名应为不超过 %d 个字的文本",
                         DISPLAY_NAME_MAX);
    else
        *out = json_string_value(v);
}

/* Keys a body may hold; anything else is a mistake the user should see. */
static void unknown_fields(struct request *req, json_t *body, const char *const *allowed)
{
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v)
    {
        bool known = false;
        for (const char *const *a = allowed; *a && !known; a++)
            known = strcmp(*a, key) == 0;
        if (!known)
            field_errors_add(&req->errors, key, "不支持的字段“%s”", key);
    }
}

static int api_users_list(struct request *req)
{
    struct req_page pg;
    req_paging(req, 50, &pg);
    const char *q = req_query(req, "q");
    if (req->errors.count)
        return ERR_INVALID;
    struct user *items;
    size_t n;
    long long total;
    int rc = accounts_list(req->db, q, pg.offset, pg.per_page, req->arena, &items, &n, &total);
    if (rc < 0)
        return rc;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, admin_user_json(req, &items[i], false));
    return resp_list(req, arr, total, &pg);
}

static int api_users_get(struct request *req)
{
    long long id;
    int rc = req_param_id(req, 0, &id);
    if (rc < 0)
        return rc;
    struct user u;
    if ((rc = accounts_get(req->db, id, req->arena, &u)) < 0)
        return req_404(req, rc, "没有这个用户");
    return resp_json(req, 200, admin_user_json(req, &u, true));
}

static int api_users_create(struct request *req)
{
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    static const char *const allowed[] = {"username", "display_name", "roles", NULL};
    unknown_fields(req, body, allowed);
    json_t *v = json_object_get(body, "username");
    const char *username = json_is_string(v) ? json_string_value(v) : NULL;
    if (!username || !*username)
        field_errors_add(&req->errors, "username", "请输入用户名");
    else if (!username_ok(username))
        field_errors_add(&req->errors, "username",
                         "用户名应为 2–%d 个字母、数字、下划线、点或连字符，以字母开头",
                         USERNAME_MAX);
    const char *display = NULL;
    display_name_field(req, body, &display);
    if (json_object_get(body, "roles"))
        field_errors_add(
            &req->errors, "roles",
            "角色由安全管理员分配（PUT /api/v1/users/{id}/roles），创建账号时不能指定");
    if (req->errors.count)
        return ERR_INVALID;
    char password[ONE_TIME_PASSWORD_LEN + 1];
    passwords_random(password, ONE_TIME_PASSWORD_LEN);
    long long id = 0;
    rc = accounts_create(req->db, username, display && *display ? display : NULL, password, true,
                         -1, &id);
    struct user u;
    if (rc == 0)
        rc = accounts_get(req->db, id, req->arena, &u);
    if (rc == 0)
        req_audit_set(
            req, id, NULL,
            json_pack("{s:s, s:s?}", "username", username, "display_name", u.display_name));
    if (rc < 0) {
        sodium_memzero(password, sizeof password);
        if (rc == ERR_CONFLICT) {
            field_errors_add(&req->errors, "username", "用户名“%s”已存在", username);
            return ERR_INVALID;
        }
        return rc;
    }
    json_t *o = json_pack("{s:o, s:s}", "user", admin_user_json(req, &u, false),
                          "one_time_password", password);
    sodium_memzero(password, sizeof password);
    resp_header(req, "Location", arena_sprintf(req->arena, "/api/v1/users/%lld", id));
    return resp_json(req, 201, o);
}

static int api_users_update(struct request *req)
{
    long long id;
    int rc = req_param_id(req, 0, &id);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    static const char *const allowed[] = {
        "display_name", "disabled", "reset_password", "unlock", "totp_reset", "person_id", NULL};
    unknown_fields(req, body, allowed);
    const char *display = NULL;
    display_name_field(req, body, &display);
    int disabled = -1;
    json_t *v = json_object_get(body, "disabled");
    if (v && !json_is_boolean(v))
        field_errors_add(&req->errors, "disabled", "disabled 应为 true 或 false");
    else if (v)
        disabled = json_is_true(v);
    bool flags[3] = {false, false, false};
    static const char *const flag_names[3] = {"reset_password", "unlock", "totp_reset"};
    for (int i = 0; i < 3; i++) {
        v = json_object_get(body, flag_names[i]);
        if (v && !json_is_boolean(v))
            field_errors_add(&req->errors, flag_names[i], "%s 应为 true 或 false", flag_names[i]);
        flags[i] = v && json_is_true(v);
    }
    /* The person the account belongs to (干部本人 reads that record):
     * an id, or null to unlink. Account data, not personnel data. */
    long long person_id = -1;
    v = json_object_get(body, "person_id");
    if (v && json_is_null(v))
        person_id = 0;
    else if (v && (!json_is_integer(v) || json_integer_value(v) <= 0))
        field_errors_add(&req->errors, "person_id", "person_id 应为干部编号或 null");
    else if (v)
        person_id = json_integer_value(v);
    if (disabled == 1 && id == req->auth.user.id)
        field_errors_add(&req->errors, "disabled", "不能停用本人的账号");
    if (req->errors.count)
        return ERR_INVALID;
    struct user before;
    if ((rc = accounts_get(req->db, id, req->arena, &before)) < 0)
        return req_404(req, rc, "没有这个用户");
    char password[ONE_TIME_PASSWORD_LEN + 1] = "";
    rc = accounts_update(req->db, id, display, disabled); /* null clears the name to "" */
    if (rc == 0 && flags[0])
        rc = accounts_reset_password(req->db, id, password);
    if (rc == 0 && flags[1])
        rc = lockout_clear(req->db, before.username);
    if (rc == 0 && flags[2])
        rc = totp_disable(req->db, id);
    if (rc == 0 && person_id >= 0 &&
        (rc = accounts_set_person(req->db, id, person_id)) == ERR_CONFLICT) {
        field_errors_add(&req->errors, "person_id", "干部不存在");
        return ERR_INVALID;
    }
    struct user after;
    if (rc == 0)
        rc = accounts_get(req->db, id, req->arena, &after);
    if (rc == 0) {
        json_t *b = json_pack("{s:s?, s:b, s:b, s:I}", "display_name", before.display_name,
                              "disabled", before.disabled, "totp_enabled", before.totp_enabled,
                              "person_id", (json_int_t)before.person_id);
        json_t *a = json_pack("{s:s?, s:b, s:b, s:b, s:b, s:I}", "display_name", after.display_name,
                              "disabled", after.disabled, "totp_enabled", after.totp_enabled,
                              "password_reset", flags[0], "unlocked", flags[1], "person_id",
                              (json_int_t)after.person_id);
        req_audit_set(req, id, b, a);
    }
    if (rc < 0) {
        sodium_memzero(password, sizeof password);
        return rc;
    }
    json_t *o = json_pack("{s:o}", "user", admin_user_json(req, &after, true));
    if (flags[0])
        json_object_set_new(o, "one_time_password", json_string(password));
    sodium_memzero(password, sizeof password);
    return resp_json(req, 200, o);
}

/* PUT /api/v1/users/{id}/roles: {"roles": [{role, unit_id|null}]} (or the
 * bare array). A role with a unit reaches that unit and its sub-units only
 * (enforced in the store's queries); 处室负责人 needs a unit, 干部本人 takes
 * none (it reaches the account's person). */
static int api_users_roles_put(struct request *req)
{
    long long id;
    int rc = req_param_id(req, 0, &id);
    if (rc < 0)
        return rc;
    json_t *list = NULL;
    if (req->body && req->body_len && req->body[0] == '[') {
        json_error_t jerr;
        list = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
        if (!list) {
            field_errors_add(&req->errors, "", "请求体不是有效的 JSON：%s", jerr.text);
            req->malformed = true;
            return ERR_INVALID;
        }
        arena_defer(req->arena, json_decref_cb, list);
    } else {
        json_t *body;
        if ((rc = req_json_body(req, &body)) < 0)
            return rc;
        list = json_object_get(body, "roles");
    }
    if (!json_is_array(list)) {
        field_errors_add(&req->errors, "roles",
                         "roles 应为数组，如 [{\"role\":\"personnel\",\"unit_id\":null}]");
        return ERR_INVALID;
    }
    size_t n = json_array_size(list);
    struct user_role *roles = arena_calloc(req->arena, n + 1, sizeof *roles);
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(list, i);
        const char *field = arena_sprintf(req->arena, "roles[%zu]", i);
        json_t *r = json_object_get(e, "role"), *unit = json_object_get(e, "unit_id");
        int role = json_is_string(r) ? roles_find(json_string_value(r)) : -1;
        if (!json_is_object(e) || role < 0) {
            size_t nroles;
            const struct role_info *all = roles_all(&nroles);
            char names[256] = "";
            for (size_t k = 0; k < nroles; k++)
                snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", k ? "、" : "",
                         all[k].name);
            field_errors_add(&req->errors, arena_sprintf(req->arena, "%s.role", field),
                             "没有这个角色，可选：%s", names);
            continue;
        }
        long long unit_id = 0;
        if (unit && !json_is_null(unit)) {
            if (!json_is_integer(unit) || json_integer_value(unit) <= 0) {
                field_errors_add(&req->errors, arena_sprintf(req->arena, "%s.unit_id", field),
                                 "unit_id 应为机构编号或 null");
                continue;
            }
            unit_id = json_integer_value(unit);
        }
        if (role == ROLE_UNIT_HEAD && !unit_id) {
            field_errors_add(&req->errors, arena_sprintf(req->arena, "%s.unit_id", field),
                             "处室负责人须指定所负责的单位（unit_id）");
            continue;
        }
        if (role == ROLE_SELF && unit_id) {
            field_errors_add(&req->errors, arena_sprintf(req->arena, "%s.unit_id", field),
                             "干部本人角色不按单位限定（只能查看账号所关联的本人信息）");
            continue;
        }
        bool dup = false;
        for (size_t k = 0; k < count && !dup; k++)
            dup = roles[k].role == role && roles[k].unit_id == unit_id;
        if (!dup)
            roles[count++] = (struct user_role){role, unit_id};
    }
    if (count > PEOPLE_SCOPE_MAX_UNITS)
        field_errors_add(&req->errors, "roles", "一个账号最多 %d 个角色", PEOPLE_SCOPE_MAX_UNITS);
    if (id == req->auth.user.id)
        return resp_problem(req, ERR_FORBIDDEN, "不能修改本人的角色，请由另一名安全管理员操作");
    if (req->errors.count)
        return ERR_INVALID;
    struct user u;
    if ((rc = accounts_get(req->db, id, req->arena, &u)) < 0)
        return req_404(req, rc, "没有这个用户");
    json_t *before = assignments_json(req, id);
    rc = accounts_roles_set(req->db, id, roles, count);
    json_t *after = rc == 0 ? assignments_json(req, id) : NULL;
    req_audit_set(req, id, before, after ? json_incref(after) : NULL);
    if (rc < 0) {
        json_decref(after);
        if (rc == ERR_CONFLICT) {
            field_errors_add(&req->errors, "roles", "指定的机构不存在");
            return ERR_INVALID;
        }
        return rc;
    }
    return resp_json(req, 200, json_pack("{s:I, s:o}", "user_id", (json_int_t)id, "roles", after));
}

static int api_users_sessions_list(struct request *req)
{
    long long id;
    int rc = req_param_id(req, 0, &id);
    if (rc < 0)
        return rc;
    struct user u;
    if ((rc = accounts_get(req->db, id, req->arena, &u)) < 0)
        return req_404(req, rc, "没有这个用户");
    struct session_info *s;
    size_t n;
    if ((rc = sessions_list(req->db, id, req->arena, &s, &n)) < 0)
        return rc;
    return resp_json(req, 200, api_sessions_json(s, n, req->auth.session_id));
}

static int api_users_sessions_delete(struct request *req)
{
    long long id;
    int rc = req_param_id(req, 0, &id);
    if (rc < 0)
        return rc;
    struct user u;
    if ((rc = accounts_get(req->db, id, req->arena, &u)) < 0)
        return req_404(req, rc, "没有这个用户");
    if ((rc = sessions_revoke_all(req->db, id)) < 0)
        return rc;
    req_audit_set(req, id, NULL, NULL);
    req->status = 204;
    req->resp_body = "";
    return 0;
}

/* ---- the security policy (安全管理员) -------------------------------------- */

static json_t *policy_json(const struct security_policy *p)
{
    json_t *roles = json_array();
    for (int r = 0; r < ROLE_COUNT; r++)
        if (p->totp_required & (1u << r))
            json_array_append_new(roles, json_string(roles_name((enum role)r)));
    return json_pack("{s:i, s:i, s:i, s:o}", "lockout_max_failures", p->max_failures,
                     "lockout_window_minutes", p->window_minutes, "lockout_source_max_failures",
                     p->source_max_failures, "totp_required_roles", roles);
}

static int api_security_policy_get(struct request *req)
{
    struct security_policy p;
    int rc = lockout_policy_get(req->db, &p);
    return rc < 0 ? rc : resp_json(req, 200, policy_json(&p));
}

static void int_field(struct request *req, json_t *body, const char *key, int min, int max,
                      int *out)
{
    json_t *v = json_object_get(body, key);
    if (!v)
        return;
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
        field_errors_add(&req->errors, key, "%s 应为 %d 到 %d 之间的整数", key, min, max);
    else
        *out = (int)json_integer_value(v);
}

static int api_security_policy_update(struct request *req)
{
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    static const char *const allowed[] = {"lockout_max_failures", "lockout_window_minutes",
                                          "lockout_source_max_failures", "totp_required_roles",
                                          NULL};
    unknown_fields(req, body, allowed);
    struct security_policy before, p;
    if ((rc = lockout_policy_get(req->db, &before)) < 0)
        return rc;
    p = before;
    /* Lower bounds keep the policy a policy: at most 10 tries, a window of
     * at least a minute; GB/T 22239 wants failures limited, not tuned away. */
    int_field(req, body, "lockout_max_failures", 1, 10, &p.max_failures);
    int_field(req, body, "lockout_window_minutes", 1, 1440, &p.window_minutes);
    int_field(req, body, "lockout_source_max_failures", 1, 1000, &p.source_max_failures);
    json_t *roles = json_object_get(body, "totp_required_roles");
    if (roles) {
        p.totp_required = 0;
        if (!json_is_array(roles))
            field_errors_add(&req->errors, "totp_required_roles", "应为角色名数组，如 [\"admin\"]");
        for (size_t i = 0; json_is_array(roles) && i < json_array_size(roles); i++) {
            json_t *r = json_array_get(roles, i);
            int role = json_is_string(r) ? roles_find(json_string_value(r)) : -1;
            if (role < 0)
                field_errors_add(&req->errors,
                                 arena_sprintf(req->arena, "totp_required_roles[%zu]", i),
                                 "没有这个角色");
            else
                p.totp_required |= 1u << role;
        }
    }
    if (req->errors.count)
        return ERR_INVALID;
    if ((rc = lockout_policy_set(req->db, &p)) < 0)
        return rc;
    json_t *a = policy_json(&p);
    req_audit_set(req, 0, policy_json(&before), json_incref(a));
    return resp_json(req, 200, a);
}

static const struct route routes[] = {
    {.method = "GET",
     .pattern = "/api/v1/users",
     .handler = api_users_list,
     .perm = PERM_USERS_READ,
     .summary = "用户账号列表"},
    {.method = "POST",
     .pattern = "/api/v1/users",
     .handler = api_users_create,
     .perm = PERM_USERS_ADMIN,
     .flags = ROUTE_WRITE,
     .summary = "新建账号（返回一次性密码）",
     .audit = "user.create",
     .audit_label = "新建账号",
     .object_type = "user"},
    {.method = "GET",
     .pattern = "/api/v1/users/{id}",
     .handler = api_users_get,
     .perm = PERM_USERS_READ,
     .summary = "一个用户账号"},
    {.method = "PATCH",
     .pattern = "/api/v1/users/{id}",
     .handler = api_users_update,
     .perm = PERM_USERS_ADMIN,
     .flags = ROUTE_WRITE,
     .summary = "修改账号：姓名、停用、重置密码、解锁、重置动态口令",
     .audit = "user.update",
     .audit_label = "修改账号",
     .object_type = "user"},
    {.method = "PUT",
     .pattern = "/api/v1/users/{id}/roles",
     .handler = api_users_roles_put,
     .perm = PERM_ROLES_ASSIGN,
     .flags = ROUTE_WRITE,
     .summary = "分配角色",
     .audit = "user.roles",
     .audit_label = "分配角色",
     .object_type = "user"},
    {.method = "GET",
     .pattern = "/api/v1/users/{id}/sessions",
     .handler = api_users_sessions_list,
     .perm = PERM_USERS_ADMIN,
     .summary = "一个用户的登录会话"},
    {.method = "DELETE",
     .pattern = "/api/v1/users/{id}/sessions",
     .handler = api_users_sessions_delete,
     .perm = PERM_USERS_ADMIN,
     .flags = ROUTE_WRITE,
     .summary = "注销一个用户的全部会话",
     .audit = "session.revoke_all",
     .audit_label = "注销全部会话",
     .object_type = "user"},
    {.method = "GET",
     .pattern = "/api/v1/security/policy",
     .handler = api_security_policy_get,
     .perm = PERM_ROLES_ASSIGN,
     .summary = "安全策略：登录失败锁定、各角色是否必须使用动态口令"},
    {.method = "PATCH",
     .pattern = "/api/v1/security/policy",
     .handler = api_security_policy_update,
     .perm = PERM_ROLES_ASSIGN,
     .flags = ROUTE_WRITE,
     .summary = "修改安全策略",
     .audit = "security.policy",
     .audit_label = "修改安全策略",
     .object_type = "settings"},
};
ROUTE_TABLE(api_users_routes, routes);
