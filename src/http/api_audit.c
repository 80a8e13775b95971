/* api_audit.c — the audit log for the 安全审计员: filtered pages and a CSV
 * export (itself audited). Nobody can change or delete a record: there is
 * no route for it, and the database's triggers refuse it. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/records.h"
#include "core/roles.h"
#include "formats/table.h"
#include "http/handlers.h"
#include "store/audit.h"
#include "store/rulebook.h"
#include "util/arena.h"
#include "util/log.h"

/* Reads the filter from the query: user, action, object_type, object_id,
 * outcome, from, to (local dates YYYY-MM-DD, or UTC times). */
static int filter_from_query(struct request *req, struct audit_filter *f)
{
    memset(f, 0, sizeof *f);
    f->username = req_query(req, "user");
    f->action = req_query(req, "action");
    f->object_type = req_query(req, "object_type");
    f->object_id = req_query(req, "object_id");
    f->outcome = req_query(req, "outcome");
    const char *from = req_query(req, "from"), *to = req_query(req, "to");
    const char **fields[] = {&f->username, &f->action, &f->object_type, &f->object_id, &f->outcome};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (*fields[i] && !**fields[i])
            *fields[i] = NULL;
    if (f->outcome && strcmp(f->outcome, "ok") != 0 && strcmp(f->outcome, "denied") != 0 &&
        strcmp(f->outcome, "failed") != 0 && strcmp(f->outcome, "locked") != 0)
        field_errors_add(&req->errors, "outcome", "outcome 应为 ok、denied、failed 或 locked");
    if (from && *from) {
        char *b = arena_alloc(req->arena, 21);
        if (audit_time_bound(from, false, b) < 0)
            field_errors_add(&req->errors, "from", "起始日期应为 YYYY-MM-DD");
        f->from = b;
    }
    if (to && *to) {
        char *b = arena_alloc(req->arena, 21);
        if (audit_time_bound(to, true, b) < 0)
            field_errors_add(&req->errors, "to", "截止日期应为 YYYY-MM-DD");
        f->to = b;
    }
    return req->errors.count ? ERR_INVALID : 0;
}

static json_t *json_or_text(const char *s)
{
    if (!s)
        return json_null();
    json_t *j = json_loads(s, JSON_DECODE_ANY, NULL);
    return j ? j : json_string(s);
}

static json_t *filter_json(const struct audit_filter *f)
{
    return json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}", "user", f->username, "action",
                     f->action, "object_type", f->object_type, "object_id", f->object_id, "outcome",
                     f->outcome, "from", f->from, "to", f->to);
}

static int api_audit_list(struct request *req)
{
    struct audit_filter f;
    struct req_page pg;
    filter_from_query(req, &f);
    req_paging(req, 50, &pg);
    if (req->errors.count)
        return ERR_INVALID;
    long long total;
    struct audit_record *r;
    size_t n;
    int rc = db_begin_read(req->db);
    if (rc < 0)
        return rc;
    rc = audit_count(req->db, &f, &total);
    if (rc == 0)
        rc = audit_list(req->db, &f, pg.offset, pg.per_page, req->arena, &r, &n);
    db_rollback(req->db);
    if (rc < 0)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_pack(
            "{s:I, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s, s:o, s:o, s:s, "
            "s:s}",
            "id", (json_int_t)r[i].id, "at", r[i].at, "username", r[i].username, "role", r[i].role,
            "source_addr", r[i].source_addr, "action", r[i].action, "object_type", r[i].object_type,
            "object_id", r[i].object_id, "outcome", r[i].outcome, "before",
            json_or_text(r[i].before_json), "after", json_or_text(r[i].after_json), "prev_hash",
            r[i].prev_hash, "hash", r[i].hash);
        json_object_set_new(o, "user_id", json_id_or_null(r[i].user_id));
        const char *action = audit_action_label(req->arena, r[i].action, r[i].object_type);
        const char *object = audit_object_label(req->arena, r[i].object_type);
        json_object_set_new(o, "action_label", json_str_or_null(action));
        json_object_set_new(o, "object_label", json_str_or_null(object));
        json_array_append_new(items, o);
    }
    return resp_list(req, items, total, &pg);
}

struct export_state {
    struct table_writer *w;
    struct arena *scratch; /* one record's numbers and labels */
    long long count;
};

/* One record in the export's layout (store/audit.h): Chinese headers and
 * labels beside the hashed values, which stay exactly as stored. */
static int export_row(void *ctx, const struct audit_record *r)
{
    struct export_state *s = ctx;
    const char *cells[AUDIT_CSV_COLUMNS];
    audit_csv_cells(r, s->scratch, cells);
    table_writer_row(s->w, cells, AUDIT_CSV_COLUMNS);
    arena_reset(s->scratch);
    s->count++;
    return 0;
}

struct export_job {
    const struct audit_filter *f;
    long long count;
};

/* Writes the export into `path` in one read transaction. */
static int write_export(struct request *req, const char *path, void *ctx)
{
    struct export_job *job = ctx;
    struct export_state s = {.w = table_writer_open(TABLE_CSV, path, "审计日志"),
                             .scratch = arena_new()};
    int rc = s.w ? 0 : ERR_IO;
    if (rc == 0) {
        table_writer_row(s.w, audit_csv_header, AUDIT_CSV_COLUMNS);
        if ((rc = db_begin_read(req->db)) == 0) {
            rc = audit_each(req->db, job->f, export_row, &s);
            db_rollback(req->db);
        }
        int close_rc = table_writer_close(s.w);
        if (rc == 0)
            rc = close_rc;
    }
    arena_free(s.scratch);
    job->count = s.count;
    return rc;
}

static int api_audit_export_csv(struct request *req)
{
    struct audit_filter f;
    if (filter_from_query(req, &f) < 0)
        return ERR_INVALID;
    struct export_job job = {.f = &f};
    int fd;
    size_t size;
    int rc = req_temp_export(req, "audit export", write_export, &job, &fd, &size);
    if (rc < 0)
        return rc;
    /* No export without its record: the auditor is audited too. */
    json_t *after = json_pack("{s:s, s:I, s:o}", "format", "csv", "count", (json_int_t)job.count,
                              "filter", filter_json(&f));
    rc = req_audit(req, "audit.export", "audit_log", 0, "ok", NULL, after);
    json_decref(after);
    if (rc < 0) {
        close(fd);
        return rc;
    }
    resp_header(req, "Content-Disposition",
                "attachment; filename=\"audit.csv\"; "
                "filename*=UTF-8''%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97.csv");
    return resp_file(req, 200, "text/csv; charset=utf-8", fd, size);
}

static const struct route routes[] = {
    {.method = "GET",
     .pattern = "/api/v1/audit",
     .handler = api_audit_list,
     .perm = PERM_AUDIT_READ,
     .summary = "审计日志（筛选、分页）"},
    /* A read: the export's own record is written by the handler, in a
     * transaction of its own, before the file is sent. */
    {.method = "GET",
     .pattern = "/api/v1/audit/export.csv",
     .handler = api_audit_export_csv,
     .perm = PERM_AUDIT_EXPORT,
     .summary = "导出审计日志 CSV（导出本身记入审计）",
     .audit = "audit.export",
     .audit_label = "导出审计日志",
     .object_type = "audit_log"},
};
ROUTE_TABLE(api_audit_routes, routes);
