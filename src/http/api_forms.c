/* api_forms.c — the 干部任免审批表 of one person: GET /api/v1/people/{id}/resume,
 * the 简历 as core/resume.h writes it, with its gaps for the officer. */
#include "core/resume.h"
#include "core/roles.h"
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

static const struct route routes[] = {
    {.method = "GET",
     .pattern = "/api/v1/people/{id}/resume",
     .handler = api_forms_resume,
     .perm = PERM_PEOPLE_READ,
     .scope = SCOPE_PERSON,
     .summary = "干部任免审批表的简历（按任职时段成行，含中断提示）"},
};
ROUTE_TABLE(api_forms_routes, routes);
