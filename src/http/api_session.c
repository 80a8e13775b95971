/* api_session.c — log in, who am I, log out, change my password. */
#include <sodium.h>
#include <string.h>

#include "core/roles.h"
#include "http/handlers.h"
#include "util/arena.h"

static json_t *user_json(const struct user *u)
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
    return json_pack("{s:I, s:s, s:s?, s:b, s:o, s:o}", "id", (json_int_t)u->id, "username",
                     u->username, "display_name", u->display_name, "must_change_password",
                     u->must_change_password, "roles", roles, "permissions", perms);
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

int api_session_create(struct request *req)
{
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    const char *username = NULL, *password = NULL;
    text_field(req, body, "username", "用户名", &username);
    text_field(req, body, "password", "密码", &password);
    if (req->errors.count)
        return ERR_INVALID;
    struct user u;
    rc = users_check_password(req->db, username, password, req->arena, &u);
    if (rc == ERR_UNAUTHORIZED) {
        req->auth.user.username = username;
        json_t *attempt = json_pack("{s:s}", "username", username);
        req_audit(req, "session.login", "user", 0, "failed", NULL, attempt);
        json_decref(attempt);
        return resp_problem(req, ERR_UNAUTHORIZED, "用户名或密码错误");
    }
    if (rc < 0)
        return rc;
    char token[65], csrf[65];
    long long session_id;
    if ((rc = db_begin(req->db)) < 0)
        return rc;
    rc = users_session_create(req->db, u.id, req->source_addr, token, csrf, &session_id);
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
                              "cadre_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d",
                              token, SESSION_MAX_SECONDS));
    sodium_memzero(token, sizeof token);
    return resp_json(req, 200,
                     json_pack("{s:o, s:s}", "user", user_json(&u), "csrf_token", csrf));
}

int api_session_get(struct request *req)
{
    json_t *o = json_pack("{s:o}", "user", user_json(&req->auth.user));
    if (req->auth.csrf_token)
        json_object_set_new(o, "csrf_token", json_string(req->auth.csrf_token));
    return resp_json(req, 200, o);
}

int api_session_delete(struct request *req)
{
    if (req->auth.via_token)
        return resp_problem(req, ERR_INVALID, "API 令牌没有登录会话可退出");
    int rc = db_begin(req->db);
    if (rc < 0)
        return rc;
    rc = users_session_revoke(req->db, req->auth.session_id);
    if (rc == 0)
        rc = req_audit(req, "session.logout", "user", req->auth.user.id, "ok", NULL, NULL);
    if (rc == 0)
        rc = db_commit(req->db);
    if (rc < 0) {
        db_rollback(req->db);
        return rc;
    }
    resp_header(req, "Set-Cookie",
                "cadre_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    req->status = 204;
    req->resp_body = "";
    req->resp_len = 0;
    return 0;
}

int api_session_password(struct request *req)
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
    if (users_check_password(req->db, req->auth.user.username, old_password, req->arena, &u) < 0) {
        field_errors_add(&req->errors, "old_password", "原密码不正确");
        return ERR_INVALID;
    }
    const char *problem = users_password_problem(u.username, new_password);
    if (!problem && strcmp(old_password, new_password) == 0)
        problem = "新密码不能与原密码相同";
    if (problem) {
        field_errors_add(&req->errors, "new_password", "%s", problem);
        return ERR_INVALID;
    }
    if ((rc = db_begin(req->db)) < 0)
        return rc;
    rc = users_set_password(req->db, u.id, new_password, req->auth.session_id);
    if (rc == 0)
        rc = req_audit(req, "user.password", "user", u.id, "ok", NULL, NULL);
    if (rc == 0)
        rc = db_commit(req->db);
    if (rc < 0) {
        db_rollback(req->db);
        return rc;
    }
    req->status = 204;
    req->resp_body = "";
    return 0;
}
