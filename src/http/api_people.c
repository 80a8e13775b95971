/* api_people.c — the roster (filtered, sorted, paged), and creating,
 * reading, changing and deleting one person. */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/codes.h"
#include "core/idnum.h"
#include "core/records.h"
#include "core/roles.h"
#include "http/handlers.h"
#include "formats/json_write.h"
#include "formats/record_json.h"
#include "http/query.h"
#include "store/people.h"
#include "store/records.h"
#include "store/units.h"
#include "util/arena.h"
#include "util/strbuf.h"
#include "util/utf8.h"

/* The roster's page when none is asked for: a screenful. */
enum { PER_PAGE_DEFAULT = 20 };

/* Months served since `start` as of `today`, counted the one way tenure is
 * counted (career_months_served). */
static int months_since(struct date start, struct date today)
{
    struct career_record r = {.start_date = start};
    return career_months_served(&r, today);
}

/* The stored fields of a person, masked for the audit log: the log is read
 * by auditors who may not see ID numbers or phones either. */
static json_t *person_audit_json(const struct person *p, struct arena *a)
{
    (void)a;
    return record_json_new(&person_kind, p, false);
}

/* A date as the API writes it: ISO, or null. */
static void write_date(struct json_writer *w, struct date d)
{
    char buf[11];
    jw_string(w, date_is_none(d) ? NULL : date_format_iso(d, buf));
}

/* A person as the API answers, written into `w`: every field with its
 * labels, and what the roster shows beside them (age, unit name, current
 * rank and post with the months served in each). Written, not built: a
 * list writes 20 of these per page all day (the list's profile had
 * building, dumping and freeing jansson objects at half its time). */
static void person_json_write(struct json_writer *w, struct request *req,
                              const struct person_view *v, bool unmask)
{
    const struct person *p = &v->person;
    jw_object_begin(w);
    record_json_write_members(w, &person_kind, p, unmask);
    jw_key(w, "age");
    if (date_is_none(p->birth_date))
        jw_null(w);
    else
        jw_int(w, date_age(p->birth_date, req->today));
    jw_key(w, "unit_name");
    jw_string(w, v->unit_name);
    jw_key(w, "party_box");
    jw_string(w, person_party_box(p, req->arena));
    jw_key(w, "current_rank");
    if (v->current_rank) {
        jw_object_begin(w);
        jw_key(w, "rank");
        jw_string(w, v->current_rank);
        jw_key(w, "rank_label");
        jw_string(w, codes_label("rank", v->current_rank));
        jw_key(w, "start_date");
        write_date(w, v->current_rank_start);
        jw_key(w, "months_served");
        jw_int(w, months_since(v->current_rank_start, req->today));
        jw_object_end(w);
    } else {
        jw_null(w);
    }
    jw_key(w, "current_post");
    if (v->current_post_level || v->current_post_title) {
        jw_object_begin(w);
        jw_key(w, "title");
        jw_string(w, v->current_post_title);
        jw_key(w, "post_level");
        jw_string(w, v->current_post_level);
        jw_key(w, "post_level_label");
        jw_string(w,
                  v->current_post_level ? codes_label("post_level", v->current_post_level) : NULL);
        jw_key(w, "start_date");
        write_date(w, v->current_post_start);
        jw_key(w, "months_served");
        jw_int(w, months_since(v->current_post_start, req->today));
        jw_object_end(w);
    } else {
        jw_null(w);
    }
    /* The highest education and degree, as the roster's 最高学历 column shows. */
    jw_key(w, "education");
    jw_string(w, v->education);
    jw_key(w, "education_label");
    jw_string(w, v->education ? codes_label("education", v->education) : NULL);
    jw_key(w, "degree");
    jw_string(w, v->degree);
    jw_key(w, "degree_label");
    jw_string(w, v->degree ? codes_label("degree", v->degree) : NULL);
    jw_object_end(w);
}

/* person_json_write as a jansson object, for the answers that add to it
 * (one person): one definition of a person's JSON for both. */
static json_t *person_json(struct request *req, const struct person_view *v, bool unmask)
{
    struct strbuf sb = STRBUF_INIT;
    struct json_writer w;
    jw_init(&w, &sb);
    person_json_write(&w, req, v, unmask);
    json_t *o = json_loadb(sb.data, sb.len, 0, NULL);
    strbuf_release(&sb);
    return o;
}

/* ---- list -------------------------------------------------------------- */

static int api_people_list(struct request *req)
{
    /* The roster filters (http/query.c, shared with the exports) plus paging. */
    struct people_filter f;
    struct req_page pg;
    people_filter_from_query(req, &f);
    req_paging(req, PER_PAGE_DEFAULT, &pg);
    if (req->errors.count)
        return ERR_INVALID;
    f.page = (int)pg.page;
    f.per_page = (int)pg.per_page;
    struct person_view *rows;
    size_t n;
    long long total;
    int rc = people_list(req->db, &f, req->arena, &rows, &n, &total);
    if (rc < 0)
        return rc;
    /* Lists always show ID numbers and phones masked: a roster page is read
     * all day, and a full number is one click away on the person's page,
     * where the read is recorded in the audit log. */
    struct strbuf sb = STRBUF_INIT;
    struct json_writer w;
    jw_init(&w, &sb);
    jw_object_begin(&w);
    jw_key(&w, "items");
    jw_array_begin(&w);
    for (size_t i = 0; i < n; i++)
        person_json_write(&w, req, &rows[i], false);
    jw_array_end(&w);
    jw_key(&w, "total");
    jw_int(&w, total);
    jw_key(&w, "page");
    jw_int(&w, pg.page);
    jw_key(&w, "per_page");
    jw_int(&w, pg.per_page);
    jw_object_end(&w);
    rc = resp_bytes(req, 200, "application/json; charset=utf-8", sb.data, sb.len);
    strbuf_release(&sb);
    return rc;
}

/* ---- one person -------------------------------------------------------- */

/* The path's person, or ERR_NOT_FOUND with a Chinese detail. */
static int load_person(struct request *req, long long *id, struct person_view *v)
{
    int rc = req_id_or_404(req, 0, "干部不存在", id);
    if (rc == 0)
        rc = req_404(req, people_get_in(req->db, req->scope, *id, req->arena, v), "干部不存在");
    return rc;
}

/* The full person: person_json plus the unit's path and every current
 * post, main and concurrent (兼任), each with the months served. */
static int person_full_json(struct request *req, const struct person_view *v, bool unmask,
                            json_t **out)
{
    *out = NULL;
    void *items;
    size_t n;
    int rc = records_list(req->db, &career_kind, v->person.id, req->arena, &items, &n);
    if (rc < 0)
        return rc;
    json_t *o = person_json(req, v, unmask);
    const char *path =
        v->person.unit_id ? units_path(req->db, v->person.unit_id, req->arena) : NULL;
    json_object_set_new(o, "unit_path", json_str_or_null(path));
    json_t *posts = json_array();
    const struct career_record *career = items;
    for (size_t i = 0; i < n; i++) {
        const struct career_record *r = &career[i];
        if (!r->kind || strcmp(r->kind, "post") != 0 || !career_is_current(r, req->today))
            continue;
        json_t *post = record_json_new(&career_kind, r, unmask);
        json_object_set_new(post, "months_served",
                            json_integer(career_months_served(r, req->today)));
        json_array_append_new(posts, post);
    }
    json_object_set_new(o, "current_posts", posts);
    *out = o;
    return 0;
}

/* ID number and phone in full: a role that may read them for this person,
 * or the person themself (干部本人). */
static bool unmask_person(struct request *req, long long id)
{
    return req_unmask_person(req, id) || req_unmask_own(req, id);
}

static int api_people_get(struct request *req)
{
    long long id;
    struct person_view v;
    int rc = load_person(req, &id, &v);
    if (rc < 0)
        return rc;
    bool unmask = unmask_person(req, id);
    json_t *o;
    if ((rc = person_full_json(req, &v, unmask, &o)) < 0)
        return rc;
    if (unmask && (v.person.id_number || v.person.phone) &&
        (rc = req_audit(req, "person.read_sensitive", "person", id, "ok", NULL, NULL)) < 0) {
        json_decref(o);
        return rc;
    }
    return resp_json(req, 200, o);
}

/* Stores ID numbers in their 18-character form (a legacy 15-digit number
 * upgraded, x uppercased), so that uniqueness and search see one form. */
static void normalize_id_number(struct request *req, struct person *p)
{
    struct idnum_info info;
    if (p->id_number && idnum_check(p->id_number, req->today, &info) == IDNUM_OK)
        p->id_number = arena_strdup(req->arena, info.number);
}

/* "身份证号已被使用", naming who has it (name and unit) when the caller may
 * see that person; a person outside the caller's scope stays unnamed, so
 * that a scoped user cannot learn who exists elsewhere. */
static const char *id_number_used_message(struct request *req, long long holder)
{
    struct person_view v;
    if (people_get_in(req->db, req->scope, holder, req->arena, &v) != 0 || !v.person.name)
        return "身份证号已被使用";
    if (v.unit_name && *v.unit_name)
        return arena_sprintf(req->arena, "身份证号已被使用：%s（%s）", v.person.name, v.unit_name);
    return arena_sprintf(req->arena, "身份证号已被使用：%s", v.person.name);
}

/* The checks that need the database, inside the write transaction: the
 * unit exists (inside the writer's scope, when it changes: a scoped writer
 * keeps people within its units), and no one else has the ID number. */
static int check_person_refs(struct request *req, const struct person *p, long long old_unit)
{
    bool inside = true;
    int rc = 0;
    if (p->unit_id && p->unit_id != old_unit)
        rc = people_scope_has_unit(req->db, req->scope, p->unit_id, &inside);
    if (rc < 0)
        return rc;
    if (p->unit_id && !inside)
        field_errors_add(&req->errors, "unit_id", "单位不存在");
    else if (!p->unit_id && req->scope && !field_errors_has(&req->errors, "unit_id"))
        field_errors_add(&req->errors, "unit_id", "请选择所辖范围内的单位");
    long long other = 0;
    if (p->id_number && !field_errors_has(&req->errors, "id_number") &&
        people_find_by_id_number(req->db, p->id_number, &other) == 0 && other != p->id)
        field_errors_add(&req->errors, "id_number", "%s", id_number_used_message(req, other));
    return req->errors.count ? ERR_INVALID : 0;
}

/* Answers after a write: the person as stored now, with `warnings` (taken;
 * NULL: none) when there are any, and (masked) for the router's audit
 * record, with `before` (taken). */
static int finish_write(struct request *req, long long id, json_t *before, json_t *warnings,
                        int status)
{
    struct person_view v;
    int rc = people_get(req->db, id, req->arena, &v);
    if (rc < 0) {
        json_decref(before);
        return rc;
    }
    req_audit_set(req, id, before, person_audit_json(&v.person, req->arena));
    json_t *o;
    if ((rc = person_full_json(req, &v, unmask_person(req, id), &o)) < 0) {
        json_decref(warnings);
        return rc;
    }
    if (warnings && json_array_size(warnings))
        json_object_set_new(o, "warnings", warnings);
    else
        json_decref(warnings);
    return resp_json(req, status, o);
}

/* Most people one duplicate warning names. */
#define SAME_PERSON_MAX 5

/* The warnings of a new person `p` (stored): others the caller may see with
 * the same name and birth month, likely the same cadre entered twice. The
 * person is saved all the same; the answer says so (docs/api.yaml). */
static int create_warnings(struct request *req, const struct person *p, json_t **out)
{
    *out = NULL;
    long long ids[SAME_PERSON_MAX];
    size_t n = 0;
    int rc = people_find_same_name_birth(req->db, p->name, p->birth_date, p->id, ids,
                                         SAME_PERSON_MAX, &n);
    if (rc < 0)
        return rc;
    json_t *people = json_array();
    struct strbuf names = {0};
    for (size_t i = 0; i < n; i++) {
        struct person_view v;
        if ((rc = people_get_in(req->db, req->scope, ids[i], req->arena, &v)) == ERR_NOT_FOUND)
            continue;
        if (rc < 0) {
            json_decref(people);
            strbuf_release(&names);
            return rc;
        }
        json_array_append_new(people, json_pack("{s:I, s:s, s:s?}", "id", (json_int_t)v.person.id,
                                                "name", v.person.name, "unit_name", v.unit_name));
        strbuf_printf(&names, "%s%s", names.len ? "、" : "",
                      v.unit_name
                          ? arena_sprintf(req->arena, "%s（%s）", v.person.name, v.unit_name)
                          : v.person.name);
    }
    if (json_array_size(people) == 0) {
        json_decref(people);
        strbuf_release(&names);
        return 0;
    }
    char month[16];
    const char *message =
        arena_sprintf(req->arena, "已有同名且出生年月（%s）相同的干部：%s，请确认不是重复录入",
                      date_format_dotted(p->birth_date, month), strbuf_str(&names));
    strbuf_release(&names);
    *out = json_pack("[{s:s, s:s, s:s, s:o}]", "code", "same_name_birth", "field", "name",
                     "message", message, "people", people);
    return 0;
}

/* A person's unique ID number taken by another: the store's conflict. */
static int id_number_taken(struct request *req, int rc)
{
    if (rc == ERR_CONFLICT)
        req->error_detail = "身份证号已被使用";
    return rc;
}

static int api_people_create(struct request *req)
{
    json_t *body;
    int rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    struct person p = {0};
    record_json_parse(&person_kind, body, &p, false, req->arena, &req->errors);
    if (!p.status && !field_errors_has(&req->errors, "status"))
        p.status = "1"; /* 在职 */
    normalize_id_number(req, &p);
    record_validate(&person_kind, &p, req->today, &req->errors);
    /* check_person_refs runs even after a field failed: every problem at once. */
    if ((rc = check_person_refs(req, &p, 0)) < 0 || (rc = people_insert(req->db, &p)) < 0)
        return id_number_taken(req, rc);
    json_t *warnings;
    if ((rc = create_warnings(req, &p, &warnings)) < 0)
        return rc;
    return finish_write(req, p.id, NULL, warnings, 201);
}

static int api_people_update(struct request *req)
{
    long long id;
    int rc = req_id_or_404(req, 0, "干部不存在", &id);
    json_t *body;
    if (rc < 0 || (rc = req_json_body(req, &body)) < 0)
        return rc;
    struct person_view v;
    if ((rc = load_person(req, &id, &v)) < 0)
        return rc;
    struct person p = v.person;
    record_json_parse(&person_kind, body, &p, true, req->arena, &req->errors);
    /* A client that may not see them sends back the masked ID number and
     * phone it read; that means "unchanged", not a new (invalid) value. */
    if (!unmask_person(req, id)) {
        char masked[MASK_MAX];
        const struct person *old = &v.person;
        if (old->id_number && p.id_number &&
            strcmp(p.id_number, mask_id_number(old->id_number, masked)) == 0)
            p.id_number = old->id_number;
        if (old->phone && p.phone && strcmp(p.phone, mask_phone(old->phone, masked)) == 0)
            p.phone = old->phone;
    }
    /* Status is optional on create only because it defaults to 在职. */
    if (!p.status && !field_errors_has(&req->errors, "status"))
        field_errors_add(&req->errors, "status", "人员状态不能为空");
    normalize_id_number(req, &p);
    record_validate(&person_kind, &p, req->today, &req->errors);
    if ((rc = check_person_refs(req, &p, v.person.unit_id)) < 0 ||
        (rc = people_update(req->db, &p)) < 0)
        return id_number_taken(req, rc);
    return finish_write(req, id, person_audit_json(&v.person, req->arena), NULL, 200);
}

/* 删除 moves the whole file (the person and every record) with its
 * reason into the 回收站; the audit record keeps all of it as it was
 * (masked), and POST /people/{id}/restore brings it back. */
static int api_people_delete(struct request *req)
{
    long long id, bin;
    struct person_view v;
    const char *reason = NULL;
    int rc = load_person(req, &id, &v);
    if (rc == 0)
        rc = api_recycle_reason(req, true, &reason);
    if (rc < 0)
        return rc;
    const char *title = v.unit_name && *v.unit_name
                            ? arena_sprintf(req->arena, "%s（%s）", v.person.name, v.unit_name)
                            : v.person.name;
    struct recycle_actor by = api_recycle_actor(req);
    if ((rc = recycle_person(req->db, id, title, reason, &by, req->today, &bin)) < 0) {
        /* Rows the 回收站 does not keep still name the cadre (a place in an
         * assessment round): such a cadre is no entry made in error. */
        if (rc == ERR_CONFLICT)
            req->error_detail = "该干部已列入考核轮次等业务记录，不能删除；"
                                "干部离开队伍请将状态改为调出、退休等";
        return rc;
    }
    req_audit_set(req, id, api_recycle_deleted_json(req, bin), NULL);
    return resp_bytes(req, 204, NULL, "", 0);
}

/* The person of the path, for its ETag and If-Match. */
static int person_target(struct request *req, struct route_target *out)
{
    *out = (struct route_target){.table = "people", .object_type = "person"};
    return req_param_id(req, 0, &out->id);
}

/* Reads of ID numbers and phones in full, written by api_people_get. */
static const struct audit_action events[] = {
    {"person.read_sensitive", "查看完整身份证号与电话"},
};

static const struct route routes[] = {
    {.method = "GET",
     .pattern = "/api/v1/people",
     .handler = api_people_list,
     .perm = PERM_PEOPLE_READ,
     .scope = SCOPE_LIST,
     .summary = "干部名册（筛选、排序、分页）"},
    {.method = "POST",
     .pattern = "/api/v1/people",
     .handler = api_people_create,
     .perm = PERM_PEOPLE_WRITE,
     .scope = SCOPE_CREATE,
     .flags = ROUTE_WRITE,
     .summary = "新增干部",
     .audit = "person.create",
     .audit_label = "新增干部",
     .object_type = "person"},
    {.method = "GET",
     .pattern = "/api/v1/people/{id}",
     .handler = api_people_get,
     .perm = PERM_PEOPLE_READ,
     .scope = SCOPE_PERSON,
     .summary = "干部信息",
     .target = person_target},
    {.method = "PATCH",
     .pattern = "/api/v1/people/{id}",
     .handler = api_people_update,
     .perm = PERM_PEOPLE_WRITE,
     .scope = SCOPE_PERSON,
     .flags = ROUTE_WRITE,
     .summary = "修改干部信息",
     .audit = "person.update",
     .audit_label = "修改干部信息",
     .object_type = "person",
     .target = person_target},
    {.method = "DELETE",
     .pattern = "/api/v1/people/{id}",
     .handler = api_people_delete,
     .perm = PERM_PEOPLE_WRITE,
     .scope = SCOPE_PERSON,
     .flags = ROUTE_WRITE,
     .summary = "删除干部（连同全部记录移入回收站，须填写原因）",
     .audit = "person.delete",
     .audit_label = "删除干部",
     .object_type = "person",
     .target = person_target},
};
ROUTE_TABLE_EVENTS(api_people_routes, routes, events);
