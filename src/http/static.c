/* static.c — serving the embedded web UI. */
#include "http/static.h"

#include <string.h>

#include "http/request.h"

static const struct web_asset *find(const char *path)
{
    for (const struct web_asset *a = web_assets; a->path; a++)
        if (strcmp(a->path, path) == 0)
            return a;
    return NULL;
}

static bool accepts_gzip(struct request *req)
{
    const char *ae = req_header(req, "Accept-Encoding");
    return ae && strstr(ae, "gzip");
}

static const char no_ui_page[] =
    "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>cadre</title>"
    "<p>网页界面未随本程序构建（构建时缺少 Node.js）。API 可在 /api/v1 使用。</p></html>";

int static_serve(struct request *req)
{
    const char *path = strcmp(req->path, "/") == 0 ? "/index.html" : req->path;
    const struct web_asset *a = find(path);
    if (!a) {
        const char *last = strrchr(path, '/');
        bool looks_like_file = last && strchr(last, '.');
        if (looks_like_file || strncmp(path, "/assets/", 8) == 0)
            return resp_problem(req, ERR_NOT_FOUND, "没有这个文件");
        a = find("/index.html");
        if (!a)
            return resp_bytes(req, 200, "text/html; charset=utf-8", no_ui_page,
                              sizeof no_ui_page - 1);
    }
    resp_header(req, "ETag", a->etag);
    resp_header(req, "Vary", "Accept-Encoding");
    resp_header(req, "Cache-Control",
                a->immutable ? "public, max-age=31536000, immutable" : "no-cache");
    const char *inm = req_header(req, "If-None-Match");
    if (inm && strstr(inm, a->etag)) {
        req->status = 304;
        req->resp_body = "";
        req->resp_len = 0;
        return 0;
    }
    if (a->gz && accepts_gzip(req)) {
        resp_header(req, "Content-Encoding", "gzip");
        req->status = 200;
        req->content_type = a->content_type;
        req->resp_persistent = true;
        req->resp_body = (const char *)a->gz;
        req->resp_len = a->gz_size;
        return 0;
    }
    req->status = 200;
    req->content_type = a->content_type;
    req->resp_persistent = true;
    req->resp_body = (const char *)a->data;
    req->resp_len = a->size;
    return 0;
}
