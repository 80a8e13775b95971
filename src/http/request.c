/* request.c — reading requests and writing answers, problem+json included. */
#include "http/request.h"

#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/roles.h"
#include "store/audit.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/utf8.h"

static void json_decref_cb(void *p)
{
    json_decref(p);
}

const char *req_query(struct request *req, const char *name)
{
    const char *v = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
    if (v && !utf8_valid(v, strlen(v))) {
        field_errors_add(&req->errors, name, "参数“%s”不是有效的 UTF-8 文本", name);
        return NULL;
    }
    return v;
}

int req_query_int(struct request *req, const char *name, long long min, long long max,
                  long long dflt, long long *out)
{
    *out = dflt;
    const char *v = req_query(req, name);
    if (!v || !*v)
        return field_errors_has(&req->errors, name) ? ERR_INVALID : 0;
    char *end;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (errno || *end || end == v || n < min || n > max) {
        field_errors_add(&req->errors, name, "参数“%s”应为 %lld 到 %lld 之间的整数", name, min,
                         max);
        return ERR_INVALID;
    }
    *out = n;
    return 0;
}

int req_paging(struct request *req, long long per_page_default, struct req_page *out)
{
    int rc = req_query_int(req, "page", 1, REQ_PAGE_MAX, 1, &out->page);
    int rc2 = req_query_int(req, "per_page", 1, REQ_PER_PAGE_MAX, per_page_default, &out->per_page);
    out->offset = (out->page - 1) * out->per_page;
    return rc < 0 || rc2 < 0 ? ERR_INVALID : 0;
}

int resp_list(struct request *req, json_t *items, long long total, const struct req_page *pg)
{
    return resp_json(req, 200,
                     json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total,
                               "page", (json_int_t)pg->page, "per_page", (json_int_t)pg->per_page));
}

int resp_list_whole(struct request *req, json_t *items)
{
    struct req_page pg = {.page = 1, .per_page = (long long)json_array_size(items)};
    return resp_list(req, items, (long long)json_array_size(items), &pg);
}

json_t *json_str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *json_id_or_null(long long id)
{
    return id ? json_integer(id) : json_null();
}

const char *req_header(struct request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

int req_param_id(struct request *req, size_t i, long long *out)
{
    if (i >= req->nparams)
        return ERR_NOT_FOUND;
    const char *s = req->params[i];
    char *end;
    errno = 0;
    long long n = strtoll(s, &end, 10);
    if (errno || *end || end == s || n <= 0)
        return ERR_NOT_FOUND;
    *out = n;
    return 0;
}

int req_id_or_404(struct request *req, size_t i, const char *not_found, long long *out)
{
    return req_404(req, req_param_id(req, i, out), not_found);
}

int req_404(struct request *req, int rc, const char *detail)
{
    if (rc == ERR_NOT_FOUND && detail)
        req->error_detail = detail;
    return rc;
}

int req_json_body(struct request *req, json_t **out)
{
    *out = NULL;
    if (!req->body || req->body_len == 0) {
        field_errors_add(&req->errors, "", "请求体为空，应为 JSON 对象");
        req->malformed = true;
        return ERR_INVALID;
    }
    if (!utf8_valid(req->body, req->body_len)) {
        field_errors_add(&req->errors, "", "请求体不是有效的 UTF-8 文本");
        req->malformed = true;
        return ERR_INVALID;
    }
    json_error_t jerr;
    json_t *j = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (!j) {
        field_errors_add(&req->errors, "", "请求体不是有效的 JSON（第 %d 行第 %d 列）：%s",
                         jerr.line, jerr.column, jerr.text);
        req->malformed = true;
        return ERR_INVALID;
    }
    arena_defer(req->arena, json_decref_cb, j);
    if (!json_is_object(j)) {
        field_errors_add(&req->errors, "", "请求体应为 JSON 对象");
        req->malformed = true;
        return ERR_INVALID;
    }
    *out = j;
    return 0;
}

void resp_header(struct request *req, const char *name, const char *value)
{
    if (req->nheaders < REQUEST_MAX_HEADERS) {
        req->headers[req->nheaders][0] = name;
        req->headers[req->nheaders][1] = value;
        req->nheaders++;
    }
}

int resp_json(struct request *req, int status, json_t *body)
{
    char *s = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    req->status = status;
    req->content_type = "application/json; charset=utf-8";
    req->resp_body = arena_strdup(req->arena, s ? s : "null");
    req->resp_len = strlen(req->resp_body);
    free(s);
    return 0;
}

int resp_bytes(struct request *req, int status, const char *content_type, const void *data,
               size_t len)
{
    char *copy = arena_alloc(req->arena, len + 1);
    memcpy(copy, data, len);
    req->status = status;
    req->content_type = content_type;
    req->resp_body = copy;
    req->resp_len = len;
    return 0;
}

int resp_file(struct request *req, int status, const char *content_type, int fd, size_t size)
{
    if (req->resp_fd >= 0)
        close(req->resp_fd);
    req->status = status;
    req->content_type = content_type;
    req->resp_fd = fd;
    req->resp_fd_size = size;
    return 0;
}

/* The one table from err codes to HTTP answers. */
static const struct {
    int code, status;
    const char *slug, *title;
} problems[] = {
    {ERR_INVALID, 422, "invalid", "提交的数据有误"},
    {ERR_NOT_FOUND, 404, "not_found", "未找到"},
    {ERR_CONFLICT, 409, "conflict", "与现有数据冲突"},
    {ERR_FORBIDDEN, 403, "forbidden", "没有权限"},
    {ERR_IO, 503, "io", "存储暂时不可用"},
    {ERR_UNAUTHORIZED, 401, "unauthorized", "请先登录"},
    {ERR_TOO_LARGE, 413, "too_large", "请求内容过大"},
    {ERR_UNAVAILABLE, 503, "unavailable", "服务暂时不可用，请稍后重试"},
    {ERR_INTERNAL, 500, "internal", "服务器内部错误"},
};

static size_t problem_index(int code)
{
    for (size_t i = 0; i < sizeof problems / sizeof *problems; i++)
        if (problems[i].code == code)
            return i;
    return sizeof problems / sizeof *problems - 1;
}

int http_status_for(int code)
{
    return problems[problem_index(code)].status;
}

int resp_problem(struct request *req, int code, const char *detail)
{
    size_t i = problem_index(code);
    json_t *p = json_object();
    int status = code == ERR_INVALID && req->malformed ? 400 : problems[i].status;
    json_object_set_new(p, "status", json_integer(status));
    json_object_set_new(p, "code", json_string(problems[i].slug));
    json_object_set_new(p, "title", json_string(problems[i].title));
    if (!detail)
        detail = req->error_detail;
    if (!detail && req->errors.head)
        detail = req->errors.head->message;
    json_object_set_new(p, "detail", json_string(detail ? detail : problems[i].title));
    /* The first PROBLEM_ERRORS_MAX problems, in order, and how many there
     * were: a roster of 100,000 bad rows must not answer with 100,000
     * objects a browser then has to lay out. */
    json_t *errors = json_array();
    size_t shown = 0;
    for (const struct field_error *e = req->errors.head; e && shown < PROBLEM_ERRORS_MAX;
         e = e->next, shown++) {
        json_t *fe = json_pack("{s:s, s:s}", "field", e->field, "message", e->message);
        if (e->row)
            json_object_set_new(fe, "row", json_integer(e->row));
        if (e->name)
            json_object_set_new(fe, "name", json_string(e->name));
        json_array_append_new(errors, fe);
    }
    json_object_set_new(p, "errors", errors);
    json_object_set_new(p, "errors_total", json_integer((json_int_t)req->errors.count));
    json_object_set_new(p, "errors_omitted", json_integer((json_int_t)(req->errors.count - shown)));
    resp_json(req, status, p);
    req->content_type = "application/problem+json; charset=utf-8";
    return 0;
}

void req_audit_set(struct request *req, long long object_id, json_t *before, json_t *after)
{
    req->audit.object_id = object_id;
    if (before)
        arena_defer(req->arena, json_decref_cb, before);
    if (after)
        arena_defer(req->arena, json_decref_cb, after);
    req->audit.before = before;
    req->audit.after = after;
}

int req_temp_export(struct request *req, const char *what,
                    int (*write)(struct request *req, const char *path, void *ctx), void *ctx,
                    int *fd, size_t *size)
{
    *fd = -1;
    *size = 0;
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/cadre-export-XXXXXX", dir && *dir ? dir : "/tmp");
    int tmp = mkstemp(path);
    if (tmp < 0) {
        log_error("%s: cannot create a temporary file in %s: %s", what, path, strerror(errno));
        return ERR_IO;
    }
    int rc = write(req, path, ctx);
    /* Opened again after the writer closed it, then unlinked: the answer
     * streams from a file nobody else can reach. */
    int f = rc == 0 ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    unlink(path);
    close(tmp);
    struct stat st;
    if (rc == 0 && (f < 0 || fstat(f, &st) < 0)) {
        log_error("%s: cannot read back the temporary file: %s", what, strerror(errno));
        rc = ERR_IO;
    }
    if (rc < 0) {
        if (f >= 0)
            close(f);
        return rc;
    }
    *fd = f;
    *size = (size_t)st.st_size;
    return 0;
}

int req_audit(struct request *req, const char *action, const char *object_type, long long object_id,
              const char *outcome, json_t *before, json_t *after)
{
    char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    int rc = req_audit_text(req, action, object_type, object_id, outcome, b, a);
    free(b);
    free(a);
    return rc;
}

int req_audit_text(struct request *req, const char *action, const char *object_type,
                   long long object_id, const char *outcome, const char *before_json,
                   const char *after_json)
{
    struct audit_entry e = {
        .user_id = req->authenticated ? req->auth.user.id : 0,
        .username = req->authenticated ? req->auth.user.username : NULL,
        .role = req->role,
        .source_addr = req->source_addr,
        .action = action,
        .object_type = object_type,
        .object_id = object_id ? arena_sprintf(req->arena, "%lld", object_id) : NULL,
        .outcome = outcome,
        .before_json = before_json,
        .after_json = after_json,
    };
    return audit_write(req->db, &e);
}

int req_audit_anonymous(struct request *req, const char *action, const char *object_type,
                        json_t *after)
{
    char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    struct audit_entry e = {
        .action = action,
        .object_type = object_type,
        .outcome = "ok",
        .after_json = a,
    };
    int rc = audit_write(req->db, &e);
    free(a);
    return rc;
}

/* ---- scopes ------------------------------------------------------------- */

const struct people_scope *auth_scope(const struct user *u, enum perm p, struct arena *a)
{
    struct people_scope *s = arena_calloc(a, 1, sizeof *s);
    for (size_t i = 0; i < u->ngrants; i++) {
        const struct user_role *g = &u->grants[i];
        if (!roles_allows((enum role)g->role, p))
            continue;
        if (g->role == ROLE_SELF) {
            s->person_id = u->person_id;
            continue;
        }
        if (!g->unit_id) {
            if (roles_always_scoped((enum role)g->role))
                continue; /* a unit head without a unit sees nobody */
            return NULL;
        }
        bool present = false;
        for (size_t k = 0; k < s->nunits; k++)
            present = present || s->unit_ids[k] == g->unit_id;
        /* Beyond the limit a scope only narrows: fails closed. */
        if (!present && s->nunits < PEOPLE_SCOPE_MAX_UNITS)
            s->unit_ids[s->nunits++] = g->unit_id;
    }
    return s;
}

bool req_unmask_person(struct request *req, long long person_id)
{
    if (!roles_mask_allows(req->auth.user.roles, PERM_SENSITIVE_READ))
        return false;
    const struct people_scope *s = auth_scope(&req->auth.user, PERM_SENSITIVE_READ, req->arena);
    struct person_view v;
    return !s || people_get_in(req->db, s, person_id, req->arena, &v) == 0;
}

bool req_unmask_own(struct request *req, long long person_id)
{
    const struct user *u = &req->auth.user;
    return person_id > 0 && u->person_id == person_id && (u->roles & (1u << ROLE_SELF)) != 0;
}

bool req_unmask_scope(struct request *req)
{
    if (!roles_mask_allows(req->auth.user.roles, PERM_SENSITIVE_READ))
        return false;
    const struct people_scope *s = auth_scope(&req->auth.user, PERM_SENSITIVE_READ, req->arena);
    if (!s)
        return true;
    const struct people_scope *r = req->scope;
    if (!r)
        return false;
    for (size_t i = 0; i < r->nunits; i++) {
        bool found = false;
        for (size_t k = 0; k < s->nunits; k++)
            found = found || s->unit_ids[k] == r->unit_ids[i];
        if (!found)
            return false;
    }
    return !r->person_id || r->person_id == s->person_id;
}
