/* api_records.c — the six kinds of record kept under a person (career,
 * education, assessments, rewards, punishments, family), served by one
 * generic set of handlers over their field tables. */
#include <string.h>

#include "core/codes.h"
#include "core/records.h"
#include "core/roles.h"
#include "http/handlers.h"
#include "formats/record_json.h"
#include "store/people.h"
#include "store/records.h"
#include "store/units.h"
#include "util/arena.h"

/* A person's records of one kind fit one page: a few dozen at most. */
enum { PER_PAGE_DEFAULT = 100 };

/* Every record struct starts with `long long id, person_id;`. */
static long long *record_ids(void *rec)
{
    return rec;
}

/* A family member's ID number read unmasked is a read of sensitive data:
 * audited like the person's own (person.read_sensitive). */
static int audit_family_read(struct request *req, const struct record_kind *kind,
                             long long person_id, const void *items, size_t n, bool unmask)
{
    if (kind != &family_kind || !unmask)
        return 0;
    const struct family_record *f = items;
    for (size_t i = 0; i < n; i++)
        if (f[i].id_number && *f[i].id_number)
            return req_audit(req, "family.read_sensitive", "person", person_id, "ok", NULL, NULL);
    return 0;
}

/* The kind named by the URL segment and the person it hangs under, both
 * checked: an unknown kind or person is a 404 with a Chinese detail. */
static int resolve(struct request *req, const struct record_kind **kind, long long *person_id)
{
    *kind = records_kind_by_segment(req->nparams > 1 ? req->params[1] : NULL);
    if (!*kind)
        return req_404(req, ERR_NOT_FOUND, "没有这类记录");
    struct person_view v;
    int rc = req_id_or_404(req, 0, "干部不存在", person_id);
    if (rc == 0)
        rc = req_404(req, people_get_in(req->db, req->scope, *person_id, req->arena, &v),
                     "干部不存在");
    return rc;
}

/* The record id of the path, or ERR_NOT_FOUND. */
static int record_param(struct request *req, long long *id)
{
    return req_id_or_404(req, 2, "记录不存在", id);
}

static json_t *record_json(const struct request *req, const struct record_kind *kind,
                           const void *rec, bool unmask)
{
    json_t *o = record_json_new(kind, rec, unmask);
    if (kind == &career_kind)
        json_object_set_new(o, "months_served",
                            json_integer(career_months_served(rec, req->today)));
    /* The 任免审批表 writes a relative's age beside the birth month. */
    if (kind == &family_kind) {
        struct date birth = ((const struct family_record *)rec)->birth_date;
        json_object_set_new(o, "age",
                            date_is_none(birth) ? json_null()
                                                : json_integer(date_age(birth, req->today)));
    }
    return o;
}

static int api_records_list(struct request *req)
{
    const struct record_kind *kind;
    long long person_id;
    struct req_page pg;
    int rc = resolve(req, &kind, &person_id);
    if (rc < 0)
        return rc;
    if (req_paging(req, PER_PAGE_DEFAULT, &pg) < 0)
        return ERR_INVALID;
    long long page = pg.page, per_page = pg.per_page;
    void *items;
    size_t n;
    if ((rc = records_list(req->db, kind, person_id, req->arena, &items, &n)) < 0)
        return rc;
    /* A person has a few dozen records at most; paging them in memory keeps
     * the answer in the shape of every other list. */
    bool unmask = req_unmask_person(req, person_id);
    size_t first = (size_t)((page - 1) * per_page);
    if (first < n && (rc = audit_family_read(
                          req, kind, person_id, (char *)items + first * kind->struct_size,
                          n - first < (size_t)per_page ? n - first : (size_t)per_page, unmask)) < 0)
        return rc;
    json_t *arr = json_array();
    for (size_t i = first; i < n && i < first + (size_t)per_page; i++)
        json_array_append_new(
            arr, record_json(req, kind, (char *)items + i * kind->struct_size, unmask));
    return resp_list(req, arr, (long long)n, &pg);
}

static int api_records_get(struct request *req)
{
    const struct record_kind *kind;
    long long person_id, id;
    int rc = resolve(req, &kind, &person_id);
    if (rc == 0)
        rc = record_param(req, &id);
    if (rc < 0)
        return rc;
    void *rec = arena_alloc(req->arena, kind->struct_size);
    if ((rc = req_404(req, records_get(req->db, kind, person_id, id, req->arena, rec),
                      "记录不存在")) < 0)
        return rc;
    bool unmask = req_unmask_person(req, person_id);
    if ((rc = audit_family_read(req, kind, person_id, rec, 1, unmask)) < 0)
        return rc;
    return resp_json(req, 200, record_json(req, kind, rec, unmask));
}

/* A punishment's effect period, when not given, is the one its code table
 * entry prescribes (e.g. 警告 6 months, 记过 12, 降级 18, 撤职 24: 公职人员
 * 政务处分法 art. 8; 党纪处分 by the 纪律处分条例). "Not given" is an absent
 * or null effect_months on create; on a patch, a null one, or a new kind
 * sent without one (a kept period would belong to the old kind). */
static void punishment_default_months(json_t *body, void *rec, bool insert)
{
    struct punishment_record *p = rec;
    json_t *given = json_object_get(body, "effect_months");
    bool wanted = insert
                      ? !given || json_is_null(given)
                      : (given && json_is_null(given)) || (!given && json_object_get(body, "kind"));
    if (!wanted || !p->kind)
        return;
    const struct code_table *t = codes_table("punishment");
    const struct code *c = t ? codes_by_code(t, p->kind) : NULL;
    if (c)
        p->effect_months = c->months;
}

/* The checks that need the database, run inside the write transaction:
 * the unit of a career record exists, rank periods do not overlap, one
 * assessment per year. Problems go to req->errors. */
static int check_against_store(struct request *req, const struct record_kind *kind, const void *rec)
{
    long long person_id = ((const long long *)rec)[1];
    long long id = ((const long long *)rec)[0];
    if (kind == &career_kind) {
        const struct career_record *r = rec;
        if (r->unit_id && !units_exists(req->db, r->unit_id))
            field_errors_add(&req->errors, "unit_id", "单位不存在");
        if (r->kind && strcmp(r->kind, "rank") == 0) {
            void *items;
            size_t n;
            int rc = records_list(req->db, kind, person_id, req->arena, &items, &n);
            if (rc < 0)
                return rc;
            career_check_overlap(r, items, n, &req->errors);
        }
    } else if (kind == &assessment_kind) {
        const struct assessment_record *r = rec;
        void *items;
        size_t n;
        int rc = records_list(req->db, kind, person_id, req->arena, &items, &n);
        if (rc < 0)
            return rc;
        const struct assessment_record *all = items;
        for (size_t i = 0; i < n; i++)
            if (all[i].year == r->year && all[i].id != id) {
                field_errors_add(&req->errors, "year", "该年度已有考核结果");
                break;
            }
    }
    return req->errors.count ? ERR_INVALID : 0;
}

static const char *action_name(struct request *req, const struct record_kind *kind,
                               const char *verb)
{
    return arena_sprintf(req->arena, "%s.%s", kind->name, verb);
}

/* Validates `rec` (parsed from `body`), then writes it (insert when its id
 * is 0, else update) in the router's transaction, names the audit record,
 * and answers with `status`. `before` (taken) is the stored record of an
 * update. */
static int save(struct request *req, const struct record_kind *kind, json_t *body, void *rec,
                json_t *before, int status)
{
    long long *ids = record_ids(rec);
    bool insert = ids[0] == 0;
    if (kind == &punishment_kind)
        punishment_default_months(body, rec, insert);
    record_validate(kind, rec, req->today, &req->errors);
    /* The store's checks run even after a field failed, so that the user
     * sees every problem at once; they only add messages. */
    int rc = check_against_store(req, kind, rec);
    if (rc == 0 && req->errors.count)
        rc = ERR_INVALID;
    if (rc == 0)
        rc = insert ? records_insert(req->db, kind, rec) : records_update(req->db, kind, rec);
    if (rc == ERR_CONFLICT)
        req->error_detail =
            kind == &assessment_kind ? "该年度已有考核结果" : "与已有记录冲突，未保存";
    if (rc == ERR_NOT_FOUND)
        req->error_detail = "记录不存在";
    json_t *after = NULL;
    if (rc == 0) {
        /* Read back what was stored, so the answer shows the stored form. */
        void *stored = arena_alloc(req->arena, kind->struct_size);
        rc = records_get(req->db, kind, ids[1], ids[0], req->arena, stored);
        if (rc == 0) {
            after = record_json_new(kind, stored, false);
            req->audit.action = action_name(req, kind, insert ? "create" : "update");
            req->audit.object_type = kind->name;
            req_audit_set(req, ids[0], before, after);
            before = NULL;
            rec = stored;
        }
    }
    json_decref(before);
    if (rc < 0)
        return rc;
    return resp_json(req, status, record_json(req, kind, rec, req_unmask_person(req, ids[1])));
}

static int api_records_create(struct request *req)
{
    const struct record_kind *kind = records_kind_by_segment(req->params[1]);
    if (!kind) {
        req->error_detail = "没有这类记录";
        return ERR_NOT_FOUND;
    }
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    long long person_id;
    if ((rc = resolve(req, &kind, &person_id)) < 0)
        return rc;
    void *rec = arena_alloc(req->arena, kind->struct_size);
    record_json_parse(kind, body, rec, false, req->arena, &req->errors);
    record_ids(rec)[1] = person_id;
    return save(req, kind, body, rec, NULL, 201);
}

static int api_records_update(struct request *req)
{
    const struct record_kind *kind = records_kind_by_segment(req->params[1]);
    long long id;
    if (!kind) {
        req->error_detail = "没有这类记录";
        return ERR_NOT_FOUND;
    }
    int rc = record_param(req, &id);
    if (rc < 0)
        return rc;
    json_t *body;
    if ((rc = req_json_body(req, &body)) < 0)
        return rc;
    long long person_id;
    void *rec = arena_alloc(req->arena, kind->struct_size);
    if ((rc = resolve(req, &kind, &person_id)) < 0 ||
        (rc = req_404(req, records_get(req->db, kind, person_id, id, req->arena, rec),
                      "记录不存在")) < 0)
        return rc;
    json_t *before = record_json_new(kind, rec, false);
    record_json_parse(kind, body, rec, true, req->arena, &req->errors);
    /* The path names the record; ids in the body are ignored. */
    record_ids(rec)[0] = id;
    record_ids(rec)[1] = person_id;
    return save(req, kind, body, rec, before, 200);
}

static int api_records_delete(struct request *req)
{
    const struct record_kind *kind;
    long long person_id, id;
    int rc = record_param(req, &id);
    if (rc == 0)
        rc = resolve(req, &kind, &person_id);
    if (rc < 0)
        return rc;
    void *rec = arena_alloc(req->arena, kind->struct_size);
    if ((rc = req_404(req, records_get(req->db, kind, person_id, id, req->arena, rec),
                      "记录不存在")) < 0)
        return rc;
    const char *reason = NULL;
    if ((rc = api_recycle_reason(req, false, &reason)) < 0)
        return rc;
    /* The record goes to the 回收站, restorable with its id. */
    struct person_view v;
    const char *title = kind->label;
    if (people_get(req->db, person_id, req->arena, &v) == 0 && v.person.name)
        title = arena_sprintf(req->arena, "%s：%s", kind->label, v.person.name);
    struct recycle_actor by = api_recycle_actor(req);
    long long bin;
    if ((rc = recycle_record(req->db, kind, person_id, id, title, reason, &by, req->today, &bin)) <
        0)
        return rc;
    req->audit.action = action_name(req, kind, "delete");
    req->audit.object_type = kind->name;
    json_t *before = record_json_new(kind, rec, false);
    json_object_set_new(before, "recycle_bin_id", json_integer(bin));
    if (reason)
        json_object_set_new(before, "delete_reason", json_string(reason));
    req_audit_set(req, id, before, NULL);
    return resp_bytes(req, 204, NULL, "", 0);
}

/* The record of the path, for its ETag and If-Match: its kind's table. */
static int record_target(struct request *req, struct route_target *out)
{
    const struct record_kind *kind =
        records_kind_by_segment(req->nparams > 1 ? req->params[1] : NULL);
    if (!kind)
        return ERR_NOT_FOUND;
    *out = (struct route_target){.table = kind->sql_table, .object_type = kind->name};
    return req_param_id(req, 2, &out->id);
}

/* Reads of family members' ID numbers in full, written by the reads. */
static const struct audit_action events[] = {
    {"family.read_sensitive", "查看家庭成员完整身份证号"},
};

/* The audit actions are the kind's ("career.create"), set by the handlers
 * and labelled from the kinds by store/audit.c. */
static const struct route routes[] = {
    {.method = "GET",
     .pattern = "/api/v1/people/{id}/{kind}",
     .handler = api_records_list,
     .perm = PERM_PEOPLE_READ,
     .scope = SCOPE_PERSON,
     .flags = ROUTE_PER_KIND,
     .summary = "干部的一类记录（任职经历、学历、考核、奖励、处分、家庭成员）"},
    {.method = "POST",
     .pattern = "/api/v1/people/{id}/{kind}",
     .handler = api_records_create,
     .perm = PERM_PEOPLE_WRITE,
     .scope = SCOPE_PERSON,
     .flags = ROUTE_PER_KIND | ROUTE_WRITE,
     .summary = "新增记录（处分记录需 punishments.write）"},
    {.method = "GET",
     .pattern = "/api/v1/people/{id}/{kind}/{rid}",
     .handler = api_records_get,
     .perm = PERM_PEOPLE_READ,
     .scope = SCOPE_PERSON,
     .flags = ROUTE_PER_KIND,
     .summary = "一条记录",
     .target = record_target},
    {.method = "PATCH",
     .pattern = "/api/v1/people/{id}/{kind}/{rid}",
     .handler = api_records_update,
     .perm = PERM_PEOPLE_WRITE,
     .scope = SCOPE_PERSON,
     .flags = ROUTE_PER_KIND | ROUTE_WRITE,
     .summary = "修改记录（处分记录需 punishments.write）",
     .target = record_target},
    {.method = "DELETE",
     .pattern = "/api/v1/people/{id}/{kind}/{rid}",
     .handler = api_records_delete,
     .perm = PERM_PEOPLE_WRITE,
     .scope = SCOPE_PERSON,
     .flags = ROUTE_PER_KIND | ROUTE_WRITE,
     .summary = "删除记录（处分记录需 punishments.write）",
     .target = record_target},
};
ROUTE_TABLE_EVENTS(api_records_routes, routes, events);
