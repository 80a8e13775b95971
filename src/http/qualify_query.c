/* qualify_query.c — what the qualification views (任职资格, 资格名单 and
 * its export, 提醒) read from a query the same way: the as-of date, the
 * target, the roster filters with paging, and the people they select. */
#include "http/qualify_query.h"

#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "formats/qualify_json.h"
#include "http/query.h"
#include "util/arena.h"
#include "util/xmalloc.h"

int qualify_query_as_of(struct request *req, struct date *out)
{
    *out = req->today;
    const char *s = req_query(req, "as_of");
    if (!s || !*s)
        return 0;
    struct date d;
    if (date_parse_iso(s, &d) != 0 || d.day == 0) {
        field_errors_add(&req->errors, "as_of", "评估日期应为 YYYY-MM-DD 格式的日期");
        return ERR_INVALID;
    }
    *out = d;
    return 0;
}

int qualify_query_target(struct request *req, struct qualify_target *out, bool *given)
{
    *given = false;
    const char *s = req_query(req, "target");
    if (!s || !*s)
        return 0;
    if (qualify_json_target_parse(s, out) != 0) {
        field_errors_add(&req->errors, "target",
                         "目标“%s”既不是职级也不是职务层次（例如 rank:03、post:5A、一级调研员、"
                         "正处级）",
                         s);
        return ERR_INVALID;
    }
    *given = true;
    return 0;
}

json_t *qualify_query_code_json(const char *table, const char *code)
{
    const char *label = code ? codes_label(table, code) : NULL;
    return json_str_or_null(label);
}

const struct qualify_input *qualify_query_scoped_input(struct db *db,
                                                       const struct people_scope *scope,
                                                       const struct qualify_input *in,
                                                       struct date today, struct arena *a)
{
    struct qualify_input *copy = arena_alloc(a, sizeof *copy);
    *copy = *in;
    copy->records_as_of = today;
    if (!scope || in->colleague_count == 0)
        return copy;
    struct qualify_colleague *kept = arena_calloc(a, in->colleague_count, sizeof *kept);
    size_t n = 0;
    for (size_t i = 0; i < in->colleague_count; i++) {
        struct person_view v;
        if (people_get_in(db, scope, in->colleagues[i].person_id, a, &v) == 0)
            kept[n++] = in->colleagues[i];
    }
    copy->colleagues = kept;
    copy->colleague_count = n;
    return copy;
}

static int collect_id(const struct person_view *p, void *arg)
{
    struct id_list *l = arg;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->ids = xrealloc(l->ids, l->cap * sizeof *l->ids);
    }
    l->ids[l->n++] = p->person.id;
    return 0;
}

static int compare_ids(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

int qualify_query_filter(struct request *req, struct people_filter *f, struct req_page *pg)
{
    people_filter_from_query(req, f);
    req_paging(req, QUALIFY_PER_PAGE_DEFAULT, pg);
    if (req->errors.count)
        return ERR_INVALID;
    if (!f->status)
        f->status = "1";
    f->page = 0;
    f->per_page = 0;
    return 0;
}

int qualify_query_people(struct request *req, struct people_filter *f, struct id_list *l)
{
    memset(l, 0, sizeof *l);
    int rc = people_each(req->db, f, collect_id, l);
    if (rc < 0) {
        free(l->ids);
        l->ids = NULL;
        return rc;
    }
    if (l->n)
        qsort(l->ids, l->n, sizeof *l->ids, compare_ids);
    return 0;
}

void qualify_query_person_columns(json_t *o, const struct qualify_subject *s)
{
    json_object_set_new(o, "person_id", json_integer(s->person.id));
    json_object_set_new(o, "name", json_str_or_null(s->person.name));
    json_object_set_new(o, "unit_id",
                        s->person.unit_id ? json_integer(s->person.unit_id) : json_null());
    json_object_set_new(o, "unit_name", json_str_or_null(s->unit_name));
    json_object_set_new(o, "current_rank", json_str_or_null(s->current_rank));
    json_object_set_new(o, "current_rank_label", qualify_query_code_json("rank", s->current_rank));
    json_object_set_new(o, "current_post_level", json_str_or_null(s->current_post_level));
    json_object_set_new(o, "current_post_level_label",
                        qualify_query_code_json("post_level", s->current_post_level));
    json_object_set_new(o, "current_post_title", json_str_or_null(s->current_post_title));
}
