/* api_stats.c — GET /api/v1/stats/overview: the dashboard's structure of the
 * cadres matching the roster filters, in one answer. */
#include "core/structure.h"
#include "http/handlers.h"
#include "http/query.h"
#include "store/people.h"
#include "util/arena.h"

static int count_person(const struct person_view *v, void *arg)
{
    structure_add(arg, v->person.gender, v->person.ethnicity, v->person.birth_date, v->current_rank,
                  v->current_post_level, v->education);
    return 0;
}

static json_t *int_or_null(int v)
{
    return v < 0 ? json_null() : json_integer(v);
}

static json_t *counts_json(const struct structure_counts *c)
{
    json_t *items = json_array();
    for (size_t i = 0; c->table && i < c->table->count; i++)
        json_array_append_new(items, json_pack("{s:s, s:s, s:I}", "code", c->table->codes[i].code,
                                               "label", c->table->codes[i].label, "count",
                                               (json_int_t)c->counts[i]));
    return items;
}

static int api_stats_overview(struct request *req)
{
    struct people_filter f;
    if (people_filter_from_query(req, &f) < 0)
        return ERR_INVALID;
    struct structure_stats s;
    structure_init(&s, req->today, req->arena);
    int rc = people_each(req->db, &f, count_person, &s);
    if (rc < 0)
        return rc;
    json_t *bands = json_array();
    for (int i = 0; i < STRUCTURE_AGE_BANDS; i++) {
        const struct structure_age_band *b = &s.age[i];
        const char *key = b->age_min < 0 ? arena_sprintf(req->arena, "-%d", b->age_max)
                          : b->age_max < 0
                              ? arena_sprintf(req->arena, "%d-", b->age_min)
                              : arena_sprintf(req->arena, "%d-%d", b->age_min, b->age_max);
        json_array_append_new(bands, json_pack("{s:s, s:o, s:o, s:I, s:I}", "key", key, "age_min",
                                               int_or_null(b->age_min), "age_max",
                                               int_or_null(b->age_max), "male", (json_int_t)b->male,
                                               "female", (json_int_t)b->female));
    }
    return resp_json(req, 200,
                     json_pack("{s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o}", "total",
                               (json_int_t)s.total, "female", (json_int_t)s.female, "minority",
                               (json_int_t)s.minority, "ethnicity_unknown",
                               (json_int_t)s.ethnicity_unknown, "age_bands", bands, "rank",
                               counts_json(&s.rank), "education", counts_json(&s.education),
                               "post_level", counts_json(&s.post_level)));
}

static const struct route routes[] = {
    {.method = "GET",
     .pattern = "/api/v1/stats/overview",
     .handler = api_stats_overview,
     .perm = PERM_PEOPLE_READ,
     .scope = SCOPE_LIST,
     .summary =
         "干部队伍结构（总数、女性与少数民族、年龄结构、职级、职务层次、学历；支持名册筛选）"},
};
ROUTE_TABLE(api_stats_routes, routes);
