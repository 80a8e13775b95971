/* api_qualify.c — 任职资格 over HTTP: one person's qualifications and the
 * 资格名单 (who qualifies now, within N months, who is barred and by what),
 * on screen and as a file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/codes.h"
#include "core/roles.h"
#include "core/qualify_list.h"
#include "formats/qualify_json.h"
#include "formats/table.h"
#include "http/handlers.h"
#include "http/qualify_query.h"
#include "store/people.h"
#include "store/qualify_data.h"
#include "store/rulebook.h"
#include "util/arena.h"
#include "util/strbuf.h"

static int api_qualify_person(struct request *req)
{
    long long id;
    struct date as_of;
    struct qualify_target target;
    bool has_target;
    if (req_id_or_404(req, 0, "干部不存在", &id) < 0)
        return ERR_NOT_FOUND;
    qualify_query_as_of(req, &as_of);
    qualify_query_target(req, &target, &has_target);
    if (req->errors.count)
        return ERR_INVALID;
    struct rules *rules;
    struct qualify_subject s;
    struct person_view v;
    /* Outside the user's scope the person does not exist. */
    int rc = people_get_in(req->db, req->scope, id, req->arena, &v);
    if (rc == 0)
        rc = rulebook_load(req->db, req->arena, &rules);
    if (rc == 0)
        rc = qualify_data_person(req->db, id, as_of, QUALIFY_DATA_COLLEAGUES, req->arena, &s);
    if ((rc = req_404(req, rc, "干部不存在")) < 0)
        return rc;
    struct qualify_report *rep;
    rc = qualify_evaluate(
        req->arena, rules,
        qualify_query_scoped_input(req->db, req->scope, &s.in, req->today, req->arena), as_of,
        has_target ? &target : NULL, has_target ? 1 : 0, &rep);
    if (rc < 0)
        return rc;
    json_t *o = qualify_json_report(rep, id);
    json_object_set_new(o, "name", json_str_or_null(s.person.name));
    json_object_set_new(o, "unit_name", json_str_or_null(s.unit_name));
    return resp_json(req, 200, o);
}

/* ---- 资格名单 ----------------------------------------------------------- */

struct list_walk {
    struct request *req;
    const struct rules *rules;
    struct date as_of;
    const struct qualify_target *target; /* NULL: next rank and post */
    int within_months;
    int group;             /* -1: every group */
    long long first, last; /* the page: [first, last) of the matches */
    long long matched;
    long long counts[QUALIFY_LIST_GROUPS];
    json_t *items;
    struct table_writer *out; /* an export: every match is a row here, no items */
};

static json_t *entry_json(const struct qualify_list_entry *e, const struct qualify_subject *s)
{
    const struct qualify_result *r = e->result;
    char name[16];
    json_t *o = json_object();
    qualify_query_person_columns(o, s);
    json_object_set_new(o, "target", json_string(qualify_json_target_name(&r->target, name)));
    json_object_set_new(o, "target_label", json_str_or_null(r->label));
    json_object_set_new(o, "verdict", json_string(qualify_verdict_name(r->verdict)));
    json_object_set_new(o, "verdict_label", json_string(qualify_verdict_label(r->verdict)));
    json_object_set_new(o, "group", json_string(qualify_list_group_name(e->group)));
    json_object_set_new(o, "group_label", json_string(qualify_list_group_label(e->group)));
    json_object_set_new(o, "eligible_from", qualify_json_date(e->eligible_from));
    struct date change = qualify_list_change_date(e);
    json_object_set_new(o, "change_date", qualify_json_date(change));
    json_object_set_new(o, "change_text", json_string(date_is_none(change) ? "" : r->change_text));
    json_object_set_new(o, "held", json_boolean(r->held));
    /* The reasons that decide: for 符合 what was met, else what is short,
     * what bars, what is missing. */
    json_t *reasons = json_array();
    for (const struct qualify_reason *x = r->reasons; x; x = x->next)
        if (qualify_list_shows(e, x))
            json_array_append_new(reasons, qualify_json_reason(x));
    json_object_set_new(o, "reasons", reasons);
    return o;
}

/* The columns of the exported 资格名单. */
static const char *const export_headers[] = {
    "姓名", "单位",         "现职级",       "现任职务", "目标", "结论",
    "分组", "符合起始日期", "结论变化日期", "变化原因", "理由",
};
enum { EXPORT_COLUMNS = sizeof export_headers / sizeof *export_headers };

static const char *date_cell(struct arena *a, struct date d)
{
    char buf[16];
    return date_is_none(d) ? "" : arena_strdup(a, date_format_iso(d, buf));
}

/* One row of the export: what a list row shows, the reasons as sentences. */
static void export_entry(struct list_walk *w, const struct qualify_list_entry *e,
                         const struct qualify_subject *s, struct arena *a)
{
    const struct qualify_result *r = e->result;
    const char *rank = s->current_rank ? codes_label("rank", s->current_rank) : NULL;
    const char *level =
        s->current_post_level ? codes_label("post_level", s->current_post_level) : NULL;
    struct strbuf reasons = STRBUF_INIT;
    for (const struct qualify_reason *x = r->reasons; x; x = x->next)
        if (qualify_list_shows(e, x) && x->text && *x->text)
            strbuf_printf(&reasons, "%s%s%s", reasons.len ? "；" : "", x->text,
                          x->needs_confirmation ? "【" QUALIFY_JSON_CONFIRM "】" : "");
    /* 现任职务 as the page shows it: "处长（正处级）". */
    const char *title = s->current_post_title;
    const char *post = title && level ? arena_sprintf(a, "%s（%s）", title, level)
                       : title        ? title
                       : level        ? level
                                      : "";
    const char *cells[EXPORT_COLUMNS] = {
        s->person.name ? s->person.name : "",
        s->unit_name ? s->unit_name : "",
        rank ? rank : "",
        post,
        r->label ? r->label : "",
        qualify_verdict_label(r->verdict),
        qualify_list_group_label(e->group),
        date_cell(a, e->eligible_from),
        date_cell(a, qualify_list_change_date(e)),
        date_is_none(qualify_list_change_date(e)) ? "" : r->change_text,
        arena_strdup(a, strbuf_str(&reasons)),
    };
    strbuf_release(&reasons);
    table_writer_row(w->out, cells, EXPORT_COLUMNS);
}

static int list_one(const struct qualify_subject *s, void *arg)
{
    struct list_walk *w = arg;
    struct arena *a = arena_new();
    struct qualify_list_entry *entries;
    size_t n;
    /* Read today: a year not over today is not graded yet, on any day of the window. */
    struct qualify_input in = s->in;
    in.records_as_of = w->req->today;
    int rc = qualify_list_person(a, w->rules, &in, w->as_of, w->target, w->within_months, &entries,
                                 &n, NULL);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        w->counts[entries[i].group]++;
        if (w->group >= 0 && (int)entries[i].group != w->group)
            continue;
        if (w->out)
            export_entry(w, &entries[i], s, a);
        else if (w->matched >= w->first && w->matched < w->last)
            json_array_append_new(w->items, entry_json(&entries[i], s));
        w->matched++;
    }
    arena_free(a);
    /* A person the engine cannot read (a bad stored date) is skipped, not
     * a failure of the whole list. */
    return rc == ERR_INVALID ? 0 : rc;
}

/* Reads the 资格名单 query into `w` (and `*target`, `*f`), finds its
 * people and walks them: items of the page into w->items, or every match
 * into w->out. */
static int list_walk_query(struct request *req, struct list_walk *w, struct qualify_target *target,
                           bool *has_target, struct req_page *pg, struct people_filter *f)
{
    long long within;
    qualify_query_as_of(req, &w->as_of);
    qualify_query_target(req, target, has_target);
    req_query_int(req, "within_months", 0, QUALIFY_WITHIN_MAX, 0, &within);
    const char *group = req_query(req, "group");
    if (group && *group && (w->group = qualify_list_group_find(group)) < 0)
        field_errors_add(
            &req->errors, "group",
            "分组应为 now（符合）、soon（期内符合）、not_yet（尚不符合）、barred（不得）、"
            "incomplete（数据不全）或 held（已达到或高于目标）");
    struct id_list l;
    int rc = qualify_query_filter(req, f, pg);
    if (rc == 0)
        rc = qualify_query_people(req, f, &l);
    if (rc < 0)
        return rc;
    w->target = *has_target ? target : NULL;
    w->within_months = (int)within;
    w->first = pg->offset;
    w->last = w->first + pg->per_page;
    struct rules *rules;
    if ((rc = rulebook_load(req->db, req->arena, &rules)) < 0) {
        free(l.ids);
        return rc;
    }
    w->rules = rules;
    if (l.n)
        rc = qualify_data_each(req->db, l.ids, l.n, w->as_of, 0, list_one, NULL, w);
    free(l.ids);
    return rc;
}

static int api_qualify_list(struct request *req)
{
    struct list_walk w = {.req = req, .group = -1};
    struct qualify_target target;
    struct people_filter f;
    bool has_target;
    struct req_page pg;
    w.items = json_array();
    int rc = list_walk_query(req, &w, &target, &has_target, &pg, &f);
    if (rc < 0) {
        json_decref(w.items);
        return rc;
    }
    json_t *counts = json_object();
    for (int g = 0; g < QUALIFY_LIST_GROUPS; g++)
        json_object_set_new(counts, qualify_list_group_name((enum qualify_list_group)g),
                            json_integer(w.counts[g]));
    char name[16];
    return resp_json(
        req, 200,
        json_pack("{s:o, s:I, s:I, s:I, s:o, s:o, s:i, s:o}", "items", w.items, "total",
                  (json_int_t)w.matched, "page", (json_int_t)pg.page, "per_page",
                  (json_int_t)pg.per_page, "as_of", qualify_json_date(w.as_of), "target",
                  has_target ? json_string(qualify_json_target_name(&target, name)) : json_null(),
                  "within_months", w.within_months, "counts", counts));
}

/* ---- 资格名单 export ------------------------------------------------------ */

struct export_job {
    enum table_format format;
    struct list_walk w;
    struct qualify_target target;
    struct people_filter f;
    bool has_target;
};

/* Writes the whole list of the query into `path` in one read transaction. */
static int write_list(struct request *req, const char *path, void *ctx)
{
    struct export_job *job = ctx;
    struct req_page pg;
    job->w.out = table_writer_open(job->format, path, "资格名单");
    int rc = job->w.out ? 0 : ERR_IO;
    if (rc == 0) {
        table_writer_row(job->w.out, export_headers, EXPORT_COLUMNS);
        if ((rc = db_begin_read(req->db)) == 0) {
            rc = list_walk_query(req, &job->w, &job->target, &job->has_target, &pg, &job->f);
            db_rollback(req->db);
        }
        int close_rc = table_writer_close(job->w.out);
        if (rc == 0)
            rc = close_rc;
    }
    return rc;
}

/* The whole list of the query as CSV or XLSX, written to a temporary file
 * (libxlsxwriter writes only files), streamed, and audited like a roster
 * export. The route needs roster.export; the list itself people.read,
 * checked here. */
static int qualify_export(struct request *req, enum table_format format)
{
    if (!roles_mask_allows(req->auth.user.roles, PERM_PEOPLE_READ))
        return ERR_FORBIDDEN;
    struct export_job job = {.format = format, .w = {.req = req, .group = -1}};
    int fd;
    size_t size;
    int rc = req_temp_export(req, "qualifications export", write_list, &job, &fd, &size);
    if (rc < 0)
        return rc;
    const struct list_walk *w = &job.w;
    char name[16];
    json_t *after = json_pack(
        "{s:s, s:I, s:o, s:o, s:i, s:s?, s:o}", "format", format == TABLE_XLSX ? "xlsx" : "csv",
        "count", (json_int_t)w->matched, "as_of", qualify_json_date(w->as_of), "target",
        job.has_target ? json_string(qualify_json_target_name(&job.target, name)) : json_null(),
        "within_months", w->within_months, "group",
        w->group >= 0 ? qualify_list_group_name((enum qualify_list_group)w->group) : NULL, "filter",
        export_filter_json(&job.f));
    rc = export_send(req, fd, size, format == TABLE_XLSX, "qualifications.export", after,
                     "qualifications", "资格名单");
    json_decref(after);
    return rc;
}

static int api_qualify_export_csv(struct request *req)
{
    return qualify_export(req, TABLE_CSV);
}

static int api_qualify_export_xlsx(struct request *req)
{
    return qualify_export(req, TABLE_XLSX);
}

static const struct route routes[] = {
    {.method = "GET",
     .pattern = "/api/v1/people/{id}/qualifications",
     .handler = api_qualify_person,
     .perm = PERM_PEOPLE_READ,
     .scope = SCOPE_PERSON,
     .summary = "一名干部的任职资格（各目标的结论、理由、日期）与档案审核"},
    {.method = "GET",
     .pattern = "/api/v1/qualifications",
     .handler = api_qualify_list,
     .perm = PERM_PEOPLE_READ,
     .scope = SCOPE_LIST,
     .summary = "资格名单：符合、期内符合、尚不符合、不得、数据不全"},
    /* people.read too, checked by the handler: the list's own permission. */
    {.method = "GET",
     .pattern = "/api/v1/exports/qualifications.xlsx",
     .handler = api_qualify_export_xlsx,
     .perm = PERM_EXPORT,
     .scope = SCOPE_LIST,
     .summary = "导出资格名单 XLSX（与资格名单同样的查询，全部页）",
     .audit = "qualifications.export",
     .audit_label = "导出资格名单",
     .object_type = "roster"},
    {.method = "GET",
     .pattern = "/api/v1/exports/qualifications.csv",
     .handler = api_qualify_export_csv,
     .perm = PERM_EXPORT,
     .scope = SCOPE_LIST,
     .summary = "导出资格名单 CSV（与资格名单同样的查询，全部页）",
     .audit = "qualifications.export",
     .audit_label = "导出资格名单",
     .object_type = "roster"},
};
ROUTE_TABLE(api_qualify_routes, routes);
