/* api_forms.c — the 干部任免审批表 of one person: its 简历 as core/resume.h
 * writes it (with the gaps for the officer), the whole form as PDF and as
 * LRMX, and its photo (upload checked by decoding, download, removal). */
#include <stdio.h>
#include <strings.h>
#include <unistd.h>

#include "core/resume.h"
#include "core/roles.h"
#include "core/mask.h"
#include "formats/forms_lrmx.h"
#include "formats/forms_pdf.h"
#include "formats/photo.h"
#include "http/handlers.h"
#include "store/forms.h"
#include "store/people.h"
#include "util/arena.h"

/* The person of the path, in the caller's scope: 404 otherwise. */
static int person_param(struct request *req, long long *id)
{
    struct person_view v;
    int rc = req_id_or_404(req, 0, "干部不存在", id);
    if (rc == 0)
        rc = req_404(req, people_get_in(req->db, req->scope, *id, req->arena, &v), "干部不存在");
    return rc;
}

static const char *line_kind(enum resume_line_kind k)
{
    switch (k) {
    case RESUME_LINE_STUDY:
        return "study";
    case RESUME_LINE_INSERVICE:
        return "inservice";
    case RESUME_LINE_WORK:
    default:
        return "work";
    }
}

static json_t *month_json(struct date d)
{
    char buf[16];
    return date_is_none(d) ? json_null() : json_string(date_format_iso(d, buf));
}

static int api_forms_resume(struct request *req)
{
    long long id;
    struct resume r;
    int rc = person_param(req, &id);
    if (rc == 0)
        rc = forms_resume(req->db, id, req->today, req->arena, &r);
    if (rc < 0)
        return rc;
    json_t *lines = json_array();
    for (size_t i = 0; i < r.line_count; i++) {
        const struct resume_line *l = &r.lines[i];
        json_array_append_new(lines, json_pack("{s:s, s:o, s:o, s:s, s:s, s:s}", "kind",
                                               line_kind(l->kind), "start", month_json(l->start),
                                               "end", month_json(l->end), "period", l->period,
                                               "text", l->text, "line", l->line));
    }
    json_t *gaps = json_array();
    for (size_t i = 0; i < r.gap_count; i++) {
        const struct resume_gap *g = &r.gaps[i];
        json_array_append_new(gaps, json_pack("{s:o, s:o, s:i, s:s}", "from", month_json(g->from),
                                              "to", month_json(g->to), "months", g->months,
                                              "message", g->message));
    }
    return resp_json(req, 200,
                     json_pack("{s:I, s:o, s:o, s:s}", "person_id", (json_int_t)id, "lines", lines,
                               "gaps", gaps, "text", resume_text(&r, req->arena)));
}

/* ---- photo ---------------------------------------------------------------- */

static json_t *photo_json(const struct forms_photo *p)
{
    return json_pack("{s:s, s:i, s:i, s:I}", "content_type", p->content_type, "width", p->width,
                     "height", p->height, "size", (json_int_t)p->len);
}

static int api_forms_photo_get(struct request *req)
{
    long long id;
    struct forms_photo p;
    int rc = person_param(req, &id);
    if (rc == 0)
        rc = req_404(req, forms_photo_get(req->db, id, req->arena, &p), "该干部尚未上传照片");
    if (rc < 0)
        return rc;
    resp_header(req, "Cache-Control", "private, no-cache");
    return resp_bytes(req, 200, p.content_type, p.data, p.len);
}

/* The body is the image itself (Content-Type image/jpeg, image/png or
 * application/octet-stream); what it is, is decided by decoding it. */
static int api_forms_photo_put(struct request *req)
{
    long long id;
    int rc = person_param(req, &id);
    if (rc < 0)
        return rc;
    const char *type = req_header(req, "Content-Type");
    if (!type ||
        (strncasecmp(type, "image/jpeg", 10) != 0 && strncasecmp(type, "image/png", 9) != 0 &&
         strncasecmp(type, "application/octet-stream", 24) != 0)) {
        field_errors_add(&req->errors, "photo",
                         "请直接提交图片内容（Content-Type 为 image/jpeg 或 image/png）");
        return ERR_INVALID;
    }
    struct photo_info info;
    const char *why;
    const char *body = req->body ? req->body : "";
    if ((rc = photo_check(body, req->body_len, &info, &why)) < 0) {
        field_errors_add(&req->errors, "photo", "%s", why);
        return rc;
    }
    struct forms_photo p = {.content_type = info.content_type,
                            .width = info.width,
                            .height = info.height,
                            .data = (const unsigned char *)body,
                            .len = req->body_len};
    struct forms_photo before;
    json_t *was =
        forms_photo_get(req->db, id, req->arena, &before) == 0 ? photo_json(&before) : json_null();
    if ((rc = forms_photo_put(req->db, id, &p)) < 0) {
        json_decref(was);
        return rc;
    }
    req_audit_set(req, id, was, photo_json(&p));
    return resp_json(req, 200, photo_json(&p));
}

static int api_forms_photo_delete(struct request *req)
{
    long long id;
    struct forms_photo before;
    int rc = person_param(req, &id);
    if (rc == 0)
        rc = req_404(req, forms_photo_get(req->db, id, req->arena, &before), "该干部尚未上传照片");
    if (rc == 0)
        rc = forms_photo_delete(req->db, id);
    if (rc < 0)
        return rc;
    req_audit_set(req, id, photo_json(&before), NULL);
    return resp_bytes(req, 204, NULL, "", 0);
}

/* ---- PDF ------------------------------------------------------------------------ */

struct pdf_job {
    const struct forms_sheet *sheet;
    const char *why;
};

static int write_pdf(struct request *req, const char *path, void *ctx)
{
    (void)req;
    struct pdf_job *job = ctx;
    return forms_pdf_write(job->sheet, 1, path, &job->why);
}

static int api_forms_pdf(struct request *req)
{
    long long id;
    struct forms_sheet sheet;
    int rc = person_param(req, &id);
    if (rc == 0)
        rc = forms_sheet_load(req->db, id, req->today, req->arena, &sheet);
    if (rc < 0)
        return rc;
    struct pdf_job job = {.sheet = &sheet};
    int fd;
    size_t size;
    if ((rc = req_temp_export(req, "form pdf", write_pdf, &job, &fd, &size)) < 0) {
        if (job.why)
            req->error_detail = job.why;
        return rc;
    }
    if ((rc = req_audit(req, "person.form_pdf", "person", id, "ok", NULL, NULL)) < 0) {
        close(fd);
        return rc;
    }
    resp_header(req, "Content-Disposition",
                arena_sprintf(req->arena, "inline; filename=\"form-%lld.pdf\"", id));
    return resp_file(req, 200, "application/pdf", fd, size);
}

/* ---- LRMX ----------------------------------------------------------------------- */

static int api_forms_lrmx(struct request *req)
{
    long long id;
    struct forms_sheet sheet;
    int rc = person_param(req, &id);
    if (rc == 0)
        rc = forms_sheet_load(req->db, id, req->today, req->arena, &sheet);
    if (rc < 0)
        return rc;
    /* The ID number as this reader may see it (masked unless the role may
     * read it in full, as everywhere else). */
    bool unmask = req_unmask_person(req, id);
    if (!unmask && *sheet.id_number) {
        char masked[MASK_MAX];
        sheet.id_number = arena_strdup(req->arena, mask_id_number(sheet.id_number, masked));
    }
    const char *xml;
    size_t len;
    if ((rc = forms_lrmx_write(&sheet, req->arena, &xml, &len)) < 0)
        return rc;
    json_t *after = json_pack("{s:b}", "unmasked", unmask);
    rc = req_audit(req, "person.form_lrmx", "person", id, "ok", NULL, after);
    json_decref(after);
    if (rc < 0)
        return rc;
    resp_header(req, "Content-Disposition",
                arena_sprintf(req->arena, "attachment; filename=\"form-%lld.lrmx\"", id));
    return resp_bytes(req, 200, "application/xml; charset=utf-8", xml, len);
}

static const struct route routes[] = {
    {.method = "GET",
     .pattern = "/api/v1/people/{id}/resume",
     .handler = api_forms_resume,
     .perm = PERM_PEOPLE_READ,
     .scope = SCOPE_PERSON,
     .summary = "干部任免审批表的简历（按任职时段成行，含中断提示）"},
    {.method = "GET",
     .pattern = "/api/v1/people/{id}/form.pdf",
     .handler = api_forms_pdf,
     .perm = PERM_PEOPLE_READ,
     .scope = SCOPE_PERSON,
     .summary = "干部任免审批表（PDF，A4）"},
    {.method = "GET",
     .pattern = "/api/v1/people/{id}/form.lrmx",
     .handler = api_forms_lrmx,
     .perm = PERM_PEOPLE_READ,
     .scope = SCOPE_PERSON,
     .summary = "干部任免审批表（LRMX，任免表 3.x）"},
    {.method = "GET",
     .pattern = "/api/v1/people/{id}/photo",
     .handler = api_forms_photo_get,
     .perm = PERM_PEOPLE_READ,
     .scope = SCOPE_PERSON,
     .summary = "干部照片（JPEG 或 PNG）"},
    {.method = "PUT",
     .pattern = "/api/v1/people/{id}/photo",
     .handler = api_forms_photo_put,
     .perm = PERM_PEOPLE_WRITE,
     .scope = SCOPE_PERSON,
     .flags = ROUTE_WRITE,
     .summary = "上传或更换干部照片（解码校验，不超过 1 MB）",
     .audit = "person.photo.update",
     .audit_label = "上传干部照片",
     .object_type = "person"},
    {.method = "DELETE",
     .pattern = "/api/v1/people/{id}/photo",
     .handler = api_forms_photo_delete,
     .perm = PERM_PEOPLE_WRITE,
     .scope = SCOPE_PERSON,
     .flags = ROUTE_WRITE,
     .summary = "删除干部照片",
     .audit = "person.photo.delete",
     .audit_label = "删除干部照片",
     .object_type = "person"},
};
/* Printing a person's form is a read of the whole file: audited. */
static const struct audit_action events[] = {
    {"person.form_pdf", "打印干部任免审批表"},
    {"person.form_lrmx", "导出干部任免审批表（LRMX）"},
};
ROUTE_TABLE_EVENTS(api_forms_routes, routes, events);
