/* api_public.c — what anyone may call without an account: report a
 * tip-off (信访举报), see its status by tracking code, add information and
 * attachments to it. Nothing here reveals anything but the status of the
 * tip-off whose code is given (docs/supervision.md, "The public channel"). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/tipoffs.h"
#include "http/handlers.h"
#include "store/tipoffs.h"
#include "util/arena.h"
#include "util/secret.h"

/* The keys of the public form; anything else is refused, field by field,
 * so a client learns at once that what it sent was not kept. */
static const char *const report_keys[] = {"subject_name", "subject_unit", "content",
                                          "reporter_name", "contact"};

const char *api_now_utc(struct request *req)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char buf[24];
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return arena_strdup(req->arena, buf);
}

/* `key` of `body` as text: NULL when absent or null; a message on `key`
 * when it is another type. */
static const char *body_text(struct request *req, json_t *body, const char *key, const char *label)
{
    json_t *v = json_object_get(body, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        field_errors_add(&req->errors, key, "%s应为文字", label);
        return NULL;
    }
    return json_string_value(v);
}

int api_tipoff_report_parse(struct request *req, json_t *body, const char *const *extra_keys,
                            size_t nextra, struct tipoff_report *out)
{
    size_t errors_before = req->errors.count;
    const char *k;
    json_t *v;
    json_object_foreach(body, k, v)
    {
        bool known = false;
        for (size_t i = 0; i < sizeof report_keys / sizeof *report_keys && !known; i++)
            known = strcmp(k, report_keys[i]) == 0;
        for (size_t i = 0; i < nextra && !known; i++)
            known = strcmp(k, extra_keys[i]) == 0;
        if (!known && strlen(k) <= 64 && !strpbrk(k, "\r\n\t"))
            field_errors_add(&req->errors, k, "不认识的字段“%s”", k);
        else if (!known)
            field_errors_add(&req->errors, "", "请求中有不认识的字段");
    }
    *out = (struct tipoff_report){
        .subject_name = body_text(req, body, "subject_name", "被反映人姓名"),
        .subject_unit = body_text(req, body, "subject_unit", "被反映人单位"),
        .content = body_text(req, body, "content", "反映的问题"),
        .reporter_name = body_text(req, body, "reporter_name", "举报人姓名"),
        .contact = body_text(req, body, "contact", "联系方式"),
    };
    if (req->errors.count > errors_before)
        return ERR_INVALID;
    tipoffs_validate(out, &req->errors);
    return req->errors.count ? ERR_INVALID : 0;
}

int api_tipoff_no_key(struct request *req)
{
    return resp_problem(req, ERR_CONFLICT,
                        "系统尚未配置数据密钥，暂时无法受理或查阅信访举报，请改用来信或电话举报；"
                        "系统管理员可运行 cadre key init");
}

/* The public routes' own defence against cross-site requests: there is no
 * session to ride on (a browser's cookie grants nothing here), but a page
 * elsewhere must not be able to post in a visitor's name either. A plain
 * HTML form can only send the three "simple" types; JSON and the
 * attachments' image and PDF types make a browser ask first (CORS
 * preflight), which cadre never grants. So the declared type must be the
 * one expected. */
static bool content_type_is(struct request *req, const char *want)
{
    const char *ct = req_header(req, "Content-Type");
    size_t n = strlen(want);
    return ct && strncasecmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* The reporter's address is used for rate limiting and then forgotten:
 * the audit record of a public submission names no address, so an
 * anonymous report stays anonymous in the log too. */
static void forget_reporter(struct request *req)
{
    req->source_addr = NULL;
}

/* POST /api/v1/public/tipoffs */
static int api_public_tipoff_create(struct request *req)
{
    if (!content_type_is(req, "application/json")) {
        req->malformed = true;
        field_errors_add(&req->errors, "", "请以 application/json 格式提交");
        return ERR_INVALID;
    }
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    struct tipoff_report r;
    if ((rc = api_tipoff_report_parse(req, body, NULL, 0, &r)) < 0)
        return rc;
    const struct secret_key *key = secret_default_key();
    if (!key)
        return api_tipoff_no_key(req);
    forget_reporter(req);
    char code[TIPOFFS_CODE_TEXT + 1];
    long long id;
    struct tipoffs_actor reporter = {0, NULL};
    if ((rc = tipoffs_insert(req->db, key, &r, "web", api_now_utc(req), req->today, &reporter, code,
                             &id)) < 0)
        return rc;
    bool named = r.reporter_name && *r.reporter_name;
    req_audit_set(req, id, NULL, json_pack("{s:s, s:b}", "channel", "web", "named", named));
    json_t *o = json_pack("{s:s, s:s, s:s}", "tracking_code", code, "status",
                          tipoffs_status_public_name(TIPOFF_RECEIVED), "status_label",
                          tipoffs_status_public_label(TIPOFF_RECEIVED));
    sodium_memzero(code, sizeof code);
    return resp_json(req, 201, o);
}

/* The tip-off of the path's code, or the one 404 that every wrong code
 * gets, whatever is wrong with it. */
static int by_code(struct request *req, long long *id, enum tipoff_status *status)
{
    char canonical[TIPOFFS_CODE_SYMBOLS + 1];
    int rc = ERR_NOT_FOUND;
    if (tipoffs_code_normalize(req->params[0], canonical))
        rc = tipoffs_find_code(req->db, canonical, id, status);
    sodium_memzero(canonical, sizeof canonical);
    return req_404(req, rc, "查询码不存在，请核对后重新输入");
}

/* GET /api/v1/public/tipoffs/{code} */
static int api_public_tipoff_status(struct request *req)
{
    long long id;
    enum tipoff_status status;
    int rc = by_code(req, &id, &status);
    if (rc < 0)
        return rc;
    return resp_json(req, 200,
                     json_pack("{s:s, s:s}", "status", tipoffs_status_public_name(status),
                               "status_label", tipoffs_status_public_label(status)));
}

/* Additions and attachments are taken until the result is given back. */
static int still_open(struct request *req, enum tipoff_status status)
{
    if (status == TIPOFF_ANSWERED)
        return resp_problem(req, ERR_CONFLICT,
                            "该举报已办结，不能再补充材料；如有新情况请重新举报");
    return 0;
}

/* POST /api/v1/public/tipoffs/{code}/additions {content} */
static int api_public_tipoff_addition(struct request *req)
{
    long long id;
    enum tipoff_status status;
    int rc = by_code(req, &id, &status);
    if (rc < 0)
        return rc;
    if (!content_type_is(req, "application/json")) {
        req->malformed = true;
        field_errors_add(&req->errors, "", "请以 application/json 格式提交");
        return ERR_INVALID;
    }
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    const char *k;
    json_t *v;
    json_object_foreach(body, k, v)
    {
        if (strcmp(k, "content") != 0)
            field_errors_add(&req->errors, strlen(k) <= 64 ? k : "", "不认识的字段");
    }
    const char *content = body_text(req, body, "content", "补充内容");
    tipoffs_check_text(content, "content", "补充内容", true, 1, TIPOFFS_CONTENT_MAX, true,
                       &req->errors);
    if (req->errors.count)
        return ERR_INVALID;
    if ((rc = still_open(req, status)) != 0 || req->status >= 400)
        return rc;
    const struct secret_key *key = secret_default_key();
    if (!key)
        return api_tipoff_no_key(req);
    forget_reporter(req);
    struct tipoffs_actor reporter = {0, NULL};
    if ((rc = tipoffs_add_event(req->db, key, id, api_now_utc(req), &reporter, "addition", NULL,
                                NULL, content)) < 0)
        return rc;
    req_audit_set(req, id, NULL, NULL);
    return resp_json(req, 201, json_pack("{s:b}", "received", true));
}

int api_tipoff_attachment_check(struct request *req, const char **type)
{
    *type = tipoffs_attachment_type(req->body, req->body ? req->body_len : 0);
    if (!req->body || req->body_len == 0) {
        field_errors_add(&req->errors, "file", "请选择要上传的文件");
        return ERR_INVALID;
    }
    if (req->body_len > TIPOFFS_ATTACHMENT_MAX_BYTES)
        return resp_problem(req, ERR_TOO_LARGE, "附件不能超过 1000 KB，请压缩或拆分后上传");
    if (!*type) {
        field_errors_add(&req->errors, "file", "只接受 JPEG、PNG 图片或 PDF 文件");
        return ERR_INVALID;
    }
    if (!content_type_is(req, *type)) {
        field_errors_add(&req->errors, "file", "文件类型与声明的类型（Content-Type）不符");
        return ERR_INVALID;
    }
    return 0;
}

/* POST /api/v1/public/tipoffs/{code}/attachments?name=: the file's bytes
 * as the body, its type as Content-Type (image/jpeg, image/png,
 * application/pdf), checked against the bytes themselves; the name the
 * file had, kept sanitised (tipoffs_attachment_name) for the download. */
static int api_public_tipoff_attachment(struct request *req)
{
    long long id;
    enum tipoff_status status;
    int rc = by_code(req, &id, &status);
    if (rc < 0)
        return rc;
    const char *type;
    if ((rc = api_tipoff_attachment_check(req, &type)) != 0 || req->status >= 400)
        return rc;
    if ((rc = still_open(req, status)) != 0 || req->status >= 400)
        return rc;
    const struct secret_key *key = secret_default_key();
    if (!key)
        return api_tipoff_no_key(req);
    forget_reporter(req);
    long long attachment_id;
    const char *now = api_now_utc(req);
    const char *name = tipoffs_attachment_name(req_query(req, "name"), type, req->arena);
    rc = tipoffs_add_attachment(req->db, key, id, name, type, req->body, req->body_len, now,
                                &attachment_id);
    if (rc == ERR_CONFLICT)
        return resp_problem(
            req, ERR_CONFLICT,
            arena_sprintf(req->arena, "每件举报最多上传 %d 个附件", TIPOFFS_ATTACHMENTS_MAX));
    struct tipoffs_actor reporter = {0, NULL};
    if (rc == 0)
        rc = tipoffs_add_event(req->db, key, id, now, &reporter, "attachment", NULL, NULL, NULL);
    if (rc < 0)
        return rc;
    req_audit_set(req, id, NULL,
                  json_pack("{s:s, s:I}", "media_type", type, "size", (json_int_t)req->body_len));
    return resp_json(req, 201,
                     json_pack("{s:s, s:s, s:I}", "name", name, "media_type", type, "size",
                               (json_int_t)req->body_len));
}

static const struct route routes[] = {
    {.method = "POST",
     .pattern = "/api/v1/public/tipoffs",
     .handler = api_public_tipoff_create,
     .perm = PERM_PUBLIC,
     .flags = ROUTE_WRITE | ROUTE_SUBMIT,
     .summary = "网上信访举报（无需登录，返回查询码）",
     .audit = "tipoff.submit",
     .audit_label = "收到网上信访举报",
     .object_type = "tipoff"},
    {.method = "GET",
     .pattern = "/api/v1/public/tipoffs/{code}",
     .handler = api_public_tipoff_status,
     .perm = PERM_PUBLIC,
     .summary = "凭查询码查看举报办理状态"},
    {.method = "POST",
     .pattern = "/api/v1/public/tipoffs/{code}/additions",
     .handler = api_public_tipoff_addition,
     .perm = PERM_PUBLIC,
     .flags = ROUTE_WRITE | ROUTE_SUBMIT,
     .summary = "凭查询码补充举报内容",
     .audit = "tipoff.addition",
     .audit_label = "举报人补充举报内容",
     .object_type = "tipoff"},
    {.method = "POST",
     .pattern = "/api/v1/public/tipoffs/{code}/attachments",
     .handler = api_public_tipoff_attachment,
     .perm = PERM_PUBLIC,
     .flags = ROUTE_WRITE | ROUTE_SUBMIT,
     .summary = "凭查询码上传举报附件（JPEG、PNG、PDF）",
     .audit = "tipoff.attachment",
     .audit_label = "举报人上传附件",
     .object_type = "tipoff"},
};
ROUTE_TABLE(api_public_routes, routes);
