/* query.c — the roster filters of GET /api/v1/people, read in one place. */
#include "http/query.h"

#include <limits.h>
#include <string.h>

#include "core/codes.h"
#include "store/units.h"
#include "util/utf8.h"

/* Longer searches are typing accidents; older than 150 is not an age. */
enum { QUERY_MAX_CHARS = 100, AGE_MAX = 150 };

/* A code filter: the code or its label, as every code field accepts. */
static const char *code_filter(struct request *req, const char *param, const char *table_name)
{
    const char *v = req_query(req, param);
    if (!v || !*v)
        return NULL;
    const struct code_table *t = codes_table(table_name);
    const struct code *c = t ? codes_find(t, v) : NULL;
    if (!c) {
        field_errors_add(&req->errors, param, "参数“%s”不是有效的%s代码或名称", param,
                         t ? t->title : table_name);
        return NULL;
    }
    return c->code;
}

static void bool_filter(struct request *req, const char *param, bool *out)
{
    const char *v = req_query(req, param);
    *out = false;
    if (!v || !*v || strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
        return;
    if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
        *out = true;
    else
        field_errors_add(&req->errors, param, "参数“%s”应为 1 或 0", param);
}

int people_filter_from_query(struct request *req, struct people_filter *f)
{
    size_t before = req->errors.count;
    memset(f, 0, sizeof *f);
    f->today = req->today;
    /* The user's scope (set by the router): never a row outside it. */
    f->scope = req->scope;
    const char *q = req_query(req, "q");
    if (q && *q) {
        if (utf8_length(q) > QUERY_MAX_CHARS)
            field_errors_add(&req->errors, "q", "搜索内容不能超过 %d 个字", QUERY_MAX_CHARS);
        else
            f->q = q;
    }
    long long unit_id, age_min, age_max;
    req_query_int(req, "unit_id", 1, LLONG_MAX, 0, &unit_id);
    f->unit_id = unit_id;
    bool_filter(req, "include_sub", &f->include_sub);
    f->rank = code_filter(req, "rank", "rank");
    f->post_level = code_filter(req, "post_level", "post_level");
    f->gender = code_filter(req, "gender", "gender");
    f->ethnicity = code_filter(req, "ethnicity", "ethnicity");
    f->party = code_filter(req, "party", "party");
    f->education = code_filter(req, "education", "education");
    /* Serving cadres (在职) unless asked: every page counts the same people
     * the same way (home, units, roster). "all" (全部) lifts the filter. */
    const char *status = req_query(req, "status");
    if (status && (strcmp(status, "all") == 0 || strcmp(status, "全部") == 0))
        f->status = NULL;
    else if (status && *status)
        f->status = code_filter(req, "status", "person_status");
    else
        f->status = "1";
    int rc_min = req_query_int(req, "age_min", 0, AGE_MAX, -1, &age_min);
    int rc_max = req_query_int(req, "age_max", 0, AGE_MAX, -1, &age_max);
    if (rc_min == 0 && rc_max == 0 && age_min >= 0 && age_max >= 0 && age_min > age_max)
        field_errors_add(&req->errors, "age_max", "年龄上限不能小于年龄下限");
    f->age_min = (int)age_min;
    f->age_max = (int)age_max;
    const char *sort = req_query(req, "sort");
    if (sort && *sort) {
        if (people_sort_valid(sort))
            f->sort = sort;
        else
            field_errors_add(&req->errors, "sort",
                             "不能按“%s”排序；可用 strokes（姓氏笔画）、pinyin、name、age、"
                             "birth_date、unit、rank、post_level、education 等，前加“-”为降序",
                             strlen(sort) <= 40 ? sort : "…");
    }
    if (req->errors.count == before && f->unit_id && !units_exists(req->db, f->unit_id))
        field_errors_add(&req->errors, "unit_id", "单位不存在");
    return req->errors.count > before ? ERR_INVALID : 0;
}
