/* api_roster.c — the 花名册 over HTTP: an upload imported all or nothing,
 * and the filtered roster exported as a file streamed from a temporary file
 * (libxlsxwriter writes only files). */
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/roles.h"
#include "formats/roster_layout.h"
#include "formats/roster_file.h"
#include "formats/table.h"
#include "http/handlers.h"
#include "http/query.h"
#include "store/roster_apply.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/strbuf.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* The multipart buffer of libmicrohttpd's post processor: a field's data
 * arrives in pieces of at most this size. */
#define POST_BUFFER_SIZE (64 * 1024)

/* ---- import ---- */

struct upload {
    struct strbuf data;
    bool found; /* a field named "file" was seen */
    bool too_large;
};

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *filename, const char *content_type,
                                const char *transfer_encoding, const char *data, uint64_t off,
                                size_t size)
{
    (void)kind;
    (void)filename;
    (void)content_type;
    (void)transfer_encoding;
    (void)off;
    struct upload *u = cls;
    if (!key || strcmp(key, "file") != 0)
        return MHD_YES;
    u->found = true;
    if (size > TABLE_MAX_BYTES - u->data.len) {
        u->too_large = true;
        return MHD_NO;
    }
    strbuf_append(&u->data, data, size);
    return MHD_YES;
}

static bool has_prefix_nocase(const char *s, const char *prefix)
{
    return s && strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* The uploaded file: the "file" field of a multipart/form-data body, or the
 * body itself when it is sent as XLSX or CSV. The bytes are copied into
 * `*data` (owned, free()). Returns 0, ERR_INVALID (problem recorded, and the
 * request marked malformed) or ERR_TOO_LARGE. */
int api_read_upload(struct request *req, char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    const char *type = req_header(req, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!req->body || req->body_len == 0) {
        field_errors_add(&req->errors, "file", "没有收到文件，请选择要导入的花名册");
        req->malformed = true;
        return ERR_INVALID;
    }
    if (has_prefix_nocase(type, "multipart/form-data")) {
        struct upload u = {STRBUF_INIT, false, false};
        struct MHD_PostProcessor *pp =
            MHD_create_post_processor(req->conn, POST_BUFFER_SIZE, on_field, &u);
        enum MHD_Result ok = MHD_NO;
        if (pp) {
            ok = MHD_post_process(pp, req->body, req->body_len);
            if (MHD_destroy_post_processor(pp) != MHD_YES)
                ok = MHD_NO;
        }
        if (u.too_large) {
            strbuf_release(&u.data);
            return ERR_TOO_LARGE;
        }
        if (ok != MHD_YES || !u.found || u.data.len == 0) {
            strbuf_release(&u.data);
            field_errors_add(&req->errors, "file",
                             ok != MHD_YES ? "上传内容无法解析（multipart/form-data 格式有误）"
                                           : "表单中没有名为 file 的文件，或文件为空");
            req->malformed = true;
            return ERR_INVALID;
        }
        *len = u.data.len;
        *data = strbuf_detach(&u.data);
        return 0;
    }
    if (has_prefix_nocase(type, XLSX_TYPE) || has_prefix_nocase(type, "text/csv") ||
        has_prefix_nocase(type, "application/octet-stream")) {
        if (req->body_len > TABLE_MAX_BYTES)
            return ERR_TOO_LARGE;
        *data = malloc(req->body_len);
        if (!*data)
            abort();
        memcpy(*data, req->body, req->body_len);
        *len = req->body_len;
        return 0;
    }
    field_errors_add(&req->errors, "file",
                     "请以 multipart/form-data 上传（文件字段名 file），或以 Content-Type %s 或 "
                     "text/csv 直接提交文件内容",
                     XLSX_TYPE);
    req->malformed = true;
    return ERR_INVALID;
}

static void free_cb(void *p)
{
    free(p);
}

/* The audit record of one person the import created or changed, in the
 * import's transaction. */
static int on_change(const struct roster_change *c, void *arg)
{
    struct request *req = arg;
    const char *before, *after;
    roster_file_change_text(c, c->scratch, &before, &after);
    return req_audit_text(req, c->before ? "person.import_update" : "person.import_create",
                          "person", c->person_id, "ok", before, after);
}

/* Not ROUTE_WRITE: a file of up to the body limit is read and parsed
 * before the write transaction starts, so that other writers do not wait
 * on the parse; the rows are applied and audited in one transaction. */
static int api_roster_import(struct request *req)
{
    char *data;
    size_t len;
    int rc = api_read_upload(req, &data, &len);
    if (rc < 0)
        return rc;
    arena_defer(req->arena, free_cb, data);

    struct table t;
    const char *msg = NULL;
    if (table_read(data, len, req->arena, &t, &msg) < 0) {
        field_errors_add(&req->errors, "file", "%s", msg ? msg : "文件无法读取");
        return ERR_INVALID;
    }
    struct roster_entry *entries;
    size_t n;
    if (roster_file_parse(&t, req->today, req->arena, &entries, &n, &req->errors) < 0) {
        /* Checked against the database too, so that one report lists
         * every problem (unknown units, repeated ID numbers). */
        if (n > 0 && (rc = roster_apply_check(req->db, entries, n, req->arena, &req->errors)) < 0)
            return rc;
        roster_file_errors_finish(entries, n, &req->errors);
        req->error_detail =
            arena_sprintf(req->arena, "花名册有 %zu 处错误，未导入任何数据", req->errors.count);
        return ERR_INVALID;
    }

    if ((rc = db_begin(req->db)) < 0)
        return rc;
    struct roster_stats stats;
    struct field_errors notes;
    field_errors_init(&notes, req->arena);
    struct roster_apply_opts opts = {.on_change = on_change, .change_arg = req, .notes = &notes};
    rc =
        roster_apply_with(req->db, entries, n, req->today, req->arena, &req->errors, &stats, &opts);
    json_t *result = NULL;
    if (rc == 0) {
        result = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "created", (json_int_t)stats.created,
                           "updated", (json_int_t)stats.updated, "unchanged",
                           (json_int_t)stats.unchanged, "total", (json_int_t)n, "levels_inferred",
                           (json_int_t)stats.levels_inferred, "incomplete",
                           (json_int_t)stats.incomplete);
        rc = req_audit(req, "roster.import", "roster", 0, "ok", NULL, result);
    }
    if (rc == 0)
        rc = db_commit(req->db);
    if (rc < 0) {
        db_rollback(req->db);
        json_decref(result);
        if (rc == ERR_INVALID) {
            roster_file_errors_finish(entries, n, &req->errors);
            req->error_detail =
                arena_sprintf(req->arena, "花名册有 %zu 处错误，未导入任何数据", req->errors.count);
        }
        return rc;
    }
    /* What the import inferred or left out (not errors): 职务层次. */
    roster_file_errors_finish(entries, n, &notes);
    json_t *list = json_array();
    for (const struct field_error *e = notes.head; e; e = e->next) {
        json_t *o =
            json_pack("{s:i, s:s, s:s}", "row", e->row, "field", e->field, "message", e->message);
        if (e->name)
            json_object_set_new(o, "name", json_string(e->name));
        json_array_append_new(list, o);
    }
    json_object_set_new(result, "notes", list);
    return resp_json(req, 200, result);
}

/* ---- export ---- */

struct export_state {
    struct db *db;
    struct table_writer *w;
    struct date today;
    bool unmask;
    struct arena *scratch;
    const char **cells;
    size_t ncells;
    size_t count;
};

/* Rows between fresh scratch arenas: one row's strings are dropped soon
 * after it is written. */
#define EXPORT_BATCH 1024

static int export_row(const struct person_view *v, void *arg)
{
    struct export_state *s = arg;
    if (s->count % EXPORT_BATCH == 0) {
        arena_free(s->scratch);
        s->scratch = arena_new();
    }
    struct roster_entry e;
    roster_apply_entry_from_view(s->db, v, s->scratch, &e);
    s->count++;
    roster_file_cells(&e, (int)s->count, s->today, s->unmask, s->scratch, s->cells);
    table_writer_row(s->w, s->cells, s->ncells);
    return 0;
}

/* "attachment" named `stem`-YYYYMMDD.`ext` (`ascii_stem` for old clients). */
static const char *content_disposition(struct request *req, const char *ascii_stem,
                                       const char *stem, const char *ext)
{
    const char *name = arena_sprintf(req->arena, "%s-%04d%02d%02d.%s", stem, req->today.year,
                                     req->today.month, req->today.day, ext);
    return resp_content_disposition(req, arena_sprintf(req->arena, "%s.%s", ascii_stem, ext), name);
}

/* The filter as the audit record keeps it. */
json_t *export_filter_json(const struct people_filter *f)
{
    json_t *o = json_object();
    const struct {
        const char *name, *value;
    } texts[] = {{"q", f->q},
                 {"rank", f->rank},
                 {"post_level", f->post_level},
                 {"gender", f->gender},
                 {"ethnicity", f->ethnicity},
                 {"party", f->party},
                 {"education", f->education},
                 {"status", f->status},
                 {"sort", f->sort}};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        if (texts[i].value)
            json_object_set_new(o, texts[i].name, json_string(texts[i].value));
    if (f->unit_id) {
        json_object_set_new(o, "unit_id", json_integer(f->unit_id));
        json_object_set_new(o, "include_sub", json_boolean(f->include_sub));
    }
    if (f->age_min >= 0)
        json_object_set_new(o, "age_min", json_integer(f->age_min));
    if (f->age_max >= 0)
        json_object_set_new(o, "age_max", json_integer(f->age_max));
    return o;
}

struct roster_job {
    enum table_format format;
    const struct people_filter *f;
    struct export_state s;
};

/* Writes the roster of the filter into `path` in one read transaction:
 * the file is one consistent snapshot. */
static int write_roster(struct request *req, const char *path, void *ctx)
{
    struct roster_job *job = ctx;
    struct export_state *s = &job->s;
    size_t ncols;
    const struct roster_column *cols = roster_layout_columns(&ncols);
    *s = (struct export_state){
        .db = req->db, .today = req->today, .unmask = req_unmask_scope(req), .ncells = ncols};
    s->cells = arena_calloc(req->arena, ncols, sizeof *s->cells);
    s->w = table_writer_open(job->format, path, "干部花名册");
    int rc = s->w ? 0 : ERR_IO;
    if (rc == 0) {
        for (size_t i = 0; i < ncols; i++)
            s->cells[i] = cols[i].header;
        table_writer_row(s->w, s->cells, ncols);
        if ((rc = db_begin_read(req->db)) == 0) {
            rc = people_each(req->db, job->f, export_row, s);
            db_rollback(req->db);
        }
        int close_rc = table_writer_close(s->w);
        if (rc == 0)
            rc = close_rc;
    }
    arena_free(s->scratch);
    return rc;
}

static int roster_export(struct request *req, enum table_format format)
{
    struct people_filter f;
    if (people_filter_from_query(req, &f) < 0)
        return ERR_INVALID;
    struct roster_job job = {.format = format, .f = &f};
    int fd;
    size_t size;
    int rc = req_temp_export(req, "roster export", write_roster, &job, &fd, &size);
    if (rc < 0)
        return rc;
    json_t *after = json_pack(
        "{s:s, s:I, s:b, s:o}", "format", format == TABLE_XLSX ? "xlsx" : "csv", "count",
        (json_int_t)job.s.count, "unmasked", job.s.unmask, "filter", export_filter_json(&f));
    rc = export_send(req, fd, size, format == TABLE_XLSX, "roster.export", after, "roster",
                     "干部花名册");
    json_decref(after);
    return rc;
}

int export_send(struct request *req, int fd, size_t size, bool xlsx, const char *action,
                json_t *after, const char *ascii_stem, const char *stem)
{
    int rc = req_audit(req, action, "roster", 0, "ok", NULL, after);
    if (rc < 0) {
        close(fd);
        return rc;
    }
    resp_header(req, "Content-Disposition",
                content_disposition(req, ascii_stem, stem, xlsx ? "xlsx" : "csv"));
    return resp_file(req, 200, xlsx ? XLSX_TYPE : "text/csv; charset=utf-8", fd, size);
}

static int api_roster_export_xlsx(struct request *req)
{
    return roster_export(req, TABLE_XLSX);
}

static int api_roster_export_csv(struct request *req)
{
    return roster_export(req, TABLE_CSV);
}

/* Besides the import's own record: one per person it created or changed
 * (written by on_change here and by `cadre roster import`). */
static const struct audit_action events[] = {
    {"person.import_create", "导入花名册新增干部"},
    {"person.import_update", "导入花名册修改干部"},
};

static const struct route routes[] = {
    {.method = "POST",
     .pattern = "/api/v1/imports/roster",
     .handler = api_roster_import,
     .perm = PERM_IMPORT,
     .scope = SCOPE_WHOLE,
     .summary = "导入花名册（全部成功或全部不写入）",
     .audit = "roster.import",
     .audit_label = "导入花名册",
     .object_type = "roster"},
    {.method = "GET",
     .pattern = "/api/v1/exports/roster.xlsx",
     .handler = api_roster_export_xlsx,
     .perm = PERM_EXPORT,
     .scope = SCOPE_LIST,
     .summary = "导出花名册 XLSX",
     .audit = "roster.export",
     .audit_label = "导出花名册",
     .object_type = "roster"},
    {.method = "GET",
     .pattern = "/api/v1/exports/roster.csv",
     .handler = api_roster_export_csv,
     .perm = PERM_EXPORT,
     .scope = SCOPE_LIST,
     .summary = "导出花名册 CSV",
     .audit = "roster.export",
     .audit_label = "导出花名册",
     .object_type = "roster"},
};
ROUTE_TABLE_EVENTS(api_roster_routes, routes, events);
