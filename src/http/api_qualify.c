/* api_qualify.c — 任职资格 over HTTP: one person's qualifications, the
 * 资格名单 (who qualifies now, within N months, who is barred and by what),
 * the alerts of the dashboard, and the rule tables with their edits. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/codes.h"
#include "core/roles.h"
#include "core/qualify_list.h"
#include "formats/qualify_json.h"
#include "formats/record_json.h"
#include "formats/table.h"
#include "http/alert_cache.h"
#include "http/handlers.h"
#include "http/query.h"
#include "store/people.h"
#include "store/qualify_data.h"
#include "store/roster_index.h"
#include "store/rulebook.h"
#include "store/store.h"
#include "store/units.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

/* Paging limits of every list (ARCHITECTURE.md); the window of "within N
 * months" (10 years) and of retirement alerts (12 months by default). */
enum {
    PER_PAGE_DEFAULT = 20,
    PER_PAGE_MAX = 1000,
    PAGE_MAX = 100000000,
    WITHIN_MAX = 120,
    RETIREMENT_MONTHS_DEFAULT = 12,
};

/* ---- parameters -------------------------------------------------------- */

/* as_of: a day (YYYY-MM-DD); today when absent. */
static int read_as_of(struct request *req, struct date *out)
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

/* target: optional; "rank:03", "post:5A", a code or its Chinese label. */
static int read_target(struct request *req, struct qualify_target *out, bool *given)
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

static json_t *code_json(const char *table, const char *code)
{
    const char *label = code ? codes_label(table, code) : NULL;
    return label ? json_string(label) : json_null();
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* ---- one person -------------------------------------------------------- */

/* The inputs of one evaluation as the user may see them: the cadres a 回避
 * finding could name are only those inside the user's scope, so a scoped
 * user never learns of a relative posted elsewhere; and the records as
 * read `today` (a year not over today has no 年度考核 grade yet, on any
 * evaluation day). */
static const struct qualify_input *scoped_input(struct db *db, const struct people_scope *scope,
                                                const struct qualify_input *in, struct date today,
                                                struct arena *a)
{
    struct qualify_input *copy = arena_alloc(a, sizeof *copy);
    *copy = *in;
    copy->records_as_of = today;
    if (!scope || in->colleague_count == 0)
        return copy;
    struct qualify_colleague *kept =
        arena_calloc(a, in->colleague_count, sizeof *kept);
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

int api_qualify_person(struct request *req)
{
    long long id;
    struct date as_of;
    struct qualify_target target;
    bool has_target;
    if (req_param_id(req, 0, &id) < 0) {
        req->error_detail = "干部不存在";
        return ERR_NOT_FOUND;
    }
    read_as_of(req, &as_of);
    read_target(req, &target, &has_target);
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
    if (rc == ERR_NOT_FOUND)
        req->error_detail = "干部不存在";
    if (rc < 0)
        return rc;
    struct qualify_report *rep;
    rc = qualify_evaluate(req->arena, rules, scoped_input(req->db, req->scope, &s.in, req->today, req->arena),
                          as_of, has_target ? &target : NULL,
                          has_target ? 1 : 0, &rep);
    if (rc < 0)
        return rc;
    json_t *o = qualify_json_report(rep, id);
    json_object_set_new(o, "name", str_or_null(s.person.name));
    json_object_set_new(o, "unit_name", str_or_null(s.unit_name));
    return resp_json(req, 200, o);
}

/* ---- the people of a list ---------------------------------------------- */

struct id_list {
    long long *ids;
    size_t n, cap;
};

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

/* The roster filters of the query (status 在职 unless asked otherwise) into
 * `f`, and paging. Returns 0 or ERR_INVALID. */
static int filter_of_query(struct request *req, struct people_filter *f, long long *page,
                           long long *per_page)
{
    people_filter_from_query(req, f);
    req_query_int(req, "page", 1, PAGE_MAX, 1, page);
    req_query_int(req, "per_page", 1, PER_PAGE_MAX, PER_PAGE_DEFAULT, per_page);
    if (req->errors.count)
        return ERR_INVALID;
    if (!f->status)
        f->status = "1";
    f->page = 0;
    f->per_page = 0;
    return 0;
}

/* The ids of the people matching `f`, sorted, in `*l` (free l->ids). */
static int people_of_filter(struct request *req, struct people_filter *f, struct id_list *l)
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

/* What a list row shows of the person. */
static void person_columns(json_t *o, const struct qualify_subject *s)
{
    json_object_set_new(o, "person_id", json_integer(s->person.id));
    json_object_set_new(o, "name", str_or_null(s->person.name));
    json_object_set_new(o, "unit_id", s->person.unit_id ? json_integer(s->person.unit_id)
                                                        : json_null());
    json_object_set_new(o, "unit_name", str_or_null(s->unit_name));
    json_object_set_new(o, "current_rank", str_or_null(s->current_rank));
    json_object_set_new(o, "current_rank_label", code_json("rank", s->current_rank));
    json_object_set_new(o, "current_post_level", str_or_null(s->current_post_level));
    json_object_set_new(o, "current_post_level_label",
                        code_json("post_level", s->current_post_level));
    json_object_set_new(o, "current_post_title", str_or_null(s->current_post_title));
}

/* ---- 资格名单 ----------------------------------------------------------- */

struct list_walk {
    struct request *req;
    const struct rules *rules;
    struct date as_of;
    const struct qualify_target *target; /* NULL: next rank and post */
    int within_months;
    int group;                       /* -1: every group */
    long long first, last;           /* the page: [first, last) of the matches */
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
    person_columns(o, s);
    json_object_set_new(o, "target", json_string(qualify_json_target_name(&r->target, name)));
    json_object_set_new(o, "target_label", str_or_null(r->label));
    json_object_set_new(o, "verdict", json_string(qualify_verdict_name(r->verdict)));
    json_object_set_new(o, "verdict_label", json_string(qualify_verdict_label(r->verdict)));
    json_object_set_new(o, "group", json_string(qualify_list_group_name(e->group)));
    json_object_set_new(o, "group_label", json_string(qualify_list_group_label(e->group)));
    json_object_set_new(o, "eligible_from", qualify_json_date(e->eligible_from));
    struct date change = qualify_list_change_date(e);
    json_object_set_new(o, "change_date", qualify_json_date(change));
    json_object_set_new(o, "change_text",
                        json_string(date_is_none(change) ? "" : r->change_text));
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
    "姓名",         "单位",         "现职级",     "现任职务", "目标", "结论", "分组",
    "符合起始日期", "结论变化日期", "变化原因", "理由",
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
                                      : title ? title : level ? level : "";
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
    int rc = qualify_list_person(a, w->rules, &in, w->as_of, w->target, w->within_months,
                                 &entries, &n, NULL);
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
                           bool *has_target, long long *page, long long *per_page,
                           struct people_filter *f)
{
    long long within;
    read_as_of(req, &w->as_of);
    read_target(req, target, has_target);
    req_query_int(req, "within_months", 0, WITHIN_MAX, 0, &within);
    const char *group = req_query(req, "group");
    if (group && *group && (w->group = qualify_list_group_find(group)) < 0)
        field_errors_add(&req->errors, "group",
                         "分组应为 now（符合）、soon（期内符合）、not_yet（尚不符合）、barred（不得）、"
                         "incomplete（数据不全）或 held（已达到或高于目标）");
    struct id_list l;
    int rc = filter_of_query(req, f, page, per_page);
    if (rc == 0)
        rc = people_of_filter(req, f, &l);
    if (rc < 0)
        return rc;
    w->target = *has_target ? target : NULL;
    w->within_months = (int)within;
    w->first = (*page - 1) * *per_page;
    w->last = w->first + *per_page;
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

int api_qualify_list(struct request *req)
{
    struct list_walk w = {.req = req, .group = -1};
    struct qualify_target target;
    struct people_filter f;
    bool has_target;
    long long page, per_page;
    w.items = json_array();
    int rc = list_walk_query(req, &w, &target, &has_target, &page, &per_page, &f);
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
                  (json_int_t)w.matched, "page", (json_int_t)page, "per_page",
                  (json_int_t)per_page, "as_of", qualify_json_date(w.as_of), "target",
                  has_target ? json_string(qualify_json_target_name(&target, name)) : json_null(),
                  "within_months", w.within_months, "counts", counts));
}

/* ---- 资格名单 export ------------------------------------------------------ */


/* The whole list of the query as CSV or XLSX, written to a temporary file
 * (libxlsxwriter writes only files) in one read transaction, streamed, and
 * audited like a roster export. The route needs roster.export; the list
 * itself people.read, checked here. */
static int qualify_export(struct request *req, enum table_format format)
{
    if (!roles_mask_allows(req->auth.user.roles, PERM_PEOPLE_READ))
        return ERR_FORBIDDEN;
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/cadre-qualify-XXXXXX", dir && *dir ? dir : "/tmp");
    int tmp = mkstemp(path);
    if (tmp < 0) {
        log_error("qualifications export: cannot create a temporary file in %s: %s", path,
                  strerror(errno));
        return ERR_IO;
    }
    struct list_walk w = {.req = req, .group = -1};
    struct qualify_target target;
    struct people_filter f;
    bool has_target;
    long long page, per_page;
    w.out = table_writer_open(format, path, "资格名单");
    int rc = w.out ? 0 : ERR_IO;
    if (rc == 0) {
        table_writer_row(w.out, export_headers, EXPORT_COLUMNS);
        if ((rc = db_begin_read(req->db)) == 0) {
            rc = list_walk_query(req, &w, &target, &has_target, &page, &per_page, &f);
            db_rollback(req->db);
        }
        int close_rc = table_writer_close(w.out);
        if (rc == 0)
            rc = close_rc;
    }
    /* Reopened by name: the writer may have replaced the file it was given. */
    int fd = rc == 0 ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    unlink(path);
    close(tmp);
    struct stat st;
    if (rc == 0 && (fd < 0 || fstat(fd, &st) < 0))
        rc = ERR_IO;
    if (rc < 0) {
        if (fd >= 0)
            close(fd);
        return rc;
    }
    char name[16];
    json_t *after = json_pack(
        "{s:s, s:I, s:o, s:o, s:i, s:s?, s:o}", "format", format == TABLE_XLSX ? "xlsx" : "csv",
        "count", (json_int_t)w.matched, "as_of", qualify_json_date(w.as_of), "target",
        has_target ? json_string(qualify_json_target_name(&target, name)) : json_null(),
        "within_months", w.within_months, "group",
        w.group >= 0 ? qualify_list_group_name((enum qualify_list_group)w.group) : NULL, "filter",
        export_filter_json(&f));
    rc = export_send(req, fd, (size_t)st.st_size, format == TABLE_XLSX, "qualifications.export",
                     after, "qualifications", "资格名单");
    json_decref(after);
    return rc;
}

int api_qualify_export_csv(struct request *req)
{
    return qualify_export(req, TABLE_CSV);
}

int api_qualify_export_xlsx(struct request *req)
{
    return qualify_export(req, TABLE_XLSX);
}

/* ---- alerts ------------------------------------------------------------ */

struct alert_walk {
    struct db *db;
    const struct people_scope *scope; /* the user's: 回避 findings name no one outside it */
    struct date today;                /* the day the records are read */
    const struct rules *rules;
    struct date as_of;
    int retirement_months;
    int kind; /* -1: every kind */
    long long first, last;
    json_t *items;
    struct alert_list *list; /* being computed */
};

struct person_alert {
    const struct qualify_alert *alert;
    const struct qualify_subject *s;
};

static json_t *person_alert_json(void *arg)
{
    const struct person_alert *pa = arg;
    const struct qualify_alert *x = pa->alert;
    bool confirm = x->needs_confirmation;
    json_t *o = json_object();
    json_object_set_new(o, "kind", json_string(qualify_list_alert_name(x->kind)));
    json_object_set_new(o, "kind_label", json_string(qualify_list_alert_label(x->kind)));
    person_columns(o, pa->s);
    json_object_set_new(o, "rule_id", str_or_null(x->rule_id));
    json_object_set_new(o, "source", json_string(x->source ? x->source : ""));
    json_object_set_new(o, "confidence", json_string(rules_confidence_tag(x->confidence)));
    json_object_set_new(o, "needs_confirmation", json_boolean(confirm));
    json_object_set_new(o, "confirmation_label",
                        confirm ? json_string(QUALIFY_JSON_CONFIRM) : json_null());
    json_object_set_new(o, "date", qualify_json_date(x->date));
    json_object_set_new(o, "field", str_or_null(x->field));
    json_object_set_new(o, "record_id", x->record_id ? json_integer(x->record_id) : json_null());
    json_object_set_new(o, "text", json_string(x->text ? x->text : ""));
    return o;
}

/* ---- the person alerts of a query, computed or from the cache ----------- */

/* An alert takes its text from a finding or from a reason that is not met
 * (qualify_list_alerts), never from a met one: those sentences are not
 * built. The record checks stay: their findings are alerts. */
#define ALERT_OPTIONS QUALIFY_BRIEF

/* Adds every alert of one person to the list being computed. */
static int alerts_collect(const struct qualify_subject *s, void *arg)
{
    struct alert_walk *w = arg;
    struct arena *a = arena_new();
    struct qualify_report *rep;
    int rc = qualify_evaluate_with(a, w->rules, scoped_input(w->db, w->scope, &s->in, w->today, a),
                                   w->as_of, NULL, 0, ALERT_OPTIONS, &rep);
    if (rc == 0) {
        size_t n;
        int ordinal = 0;
        for (const struct qualify_alert *x = qualify_list_alerts(a, rep, w->retirement_months, &n);
             x; x = x->next)
            alert_list_add(w->list, s->person.id, (int)x->kind, ordinal++);
    }
    arena_free(a);
    /* A person the engine cannot read (a bad stored date) is skipped. */
    return rc == ERR_INVALID ? 0 : rc;
}

/* The cache key of a query: everything that decides which person alerts
 * there are — the roster filters, the scope, the as-of date and the
 * retirement window — and nothing of paging, sort or kind. Strings are
 * length-prefixed, so no value can pass for another. */
static const char *alerts_key(struct request *req, const struct people_filter *f,
                              struct date as_of, int retirement_months)
{
#define S(x) (x) ? strlen(x) : (size_t)0, (x) ? (x) : ""
    const char *key = arena_sprintf(
        req->arena,
        "%04d-%02d-%02d r%d u%lld/%d a%d-%d t%04d-%02d-%02d q%zu:%s rk%zu:%s pl%zu:%s g%zu:%s "
        "e%zu:%s p%zu:%s ed%zu:%s st%zu:%s",
        as_of.year, as_of.month, as_of.day, retirement_months, f->unit_id, f->include_sub,
        f->age_min, f->age_max, f->today.year, f->today.month, f->today.day, S(f->q),
        S(f->rank), S(f->post_level), S(f->gender), S(f->ethnicity), S(f->party),
        S(f->education), S(f->status));
#undef S
    if (!f->scope)
        return arena_sprintf(req->arena, "%s all", key);
    key = arena_sprintf(req->arena, "%s person%lld units", key, f->scope->person_id);
    for (size_t i = 0; i < f->scope->nunits; i++)
        key = arena_sprintf(req->arena, "%s,%lld", key, f->scope->unit_ids[i]);
    return key;
}

static void establishment_alerts(struct alert_list *l, struct request *req,
                                 struct unit_node *const *nodes, size_t n);

/* The alerts of the query — the units over establishment in the scope
 * (few, first) and the people's — the cached list when the data has not
 * changed since it was computed, else computed now and cached. The
 * versions are read before the data, so a list is never filed under a
 * version newer than what it was computed from. */
static int alerts_of_query(struct request *req, struct alert_walk *w, struct people_filter *f,
                           struct alert_list **out)
{
    long long roster_version, qualify_version;
    int rc = roster_index_version(req->db, &roster_version);
    if (rc == 0)
        rc = qualify_data_version(req->db, &qualify_version);
    if (rc < 0)
        return rc;
    const char *key = alerts_key(req, f, w->as_of, w->retirement_months);
    if ((*out = alert_cache_acquire(key, roster_version, qualify_version)))
        return 0;
    struct unit_node **roots = NULL;
    size_t nroots = 0;
    if ((rc = units_tree_in(req->db, req->scope, req->arena, &roots, &nroots)) < 0)
        return rc;
    struct id_list l;
    if ((rc = people_of_filter(req, f, &l)) < 0)
        return rc;
    w->list = alert_list_new(key, roster_version, qualify_version);
    establishment_alerts(w->list, req, roots, nroots);
    if (l.n)
        rc = qualify_data_each(req->db, l.ids, l.n, w->as_of, QUALIFY_DATA_COLLEAGUES,
                               alerts_collect, NULL, w);
    free(l.ids);
    if (rc < 0) {
        alert_cache_release(w->list);
        w->list = NULL;
        return rc;
    }
    alert_list_finish(w->list);
    alert_cache_publish(w->list);
    *out = w->list;
    w->list = NULL;
    return 0;
}

/* The alerts of a page, rebuilt person by person from their refs. */
struct page_walk {
    const struct alert_walk *w;
    const struct alert_ref *const *refs; /* the page's, in order */
    json_t **items;                      /* one slot per ref */
    size_t n;
};

static int page_one(const struct qualify_subject *s, void *arg)
{
    struct page_walk *p = arg;
    struct arena *a = arena_new();
    struct qualify_report *rep;
    int rc = qualify_evaluate_with(a, p->w->rules, scoped_input(p->w->db, p->w->scope, &s->in, p->w->today, a),
                                   p->w->as_of, NULL, 0, ALERT_OPTIONS, &rep);
    if (rc == 0) {
        size_t n;
        const struct qualify_alert *first =
            qualify_list_alerts(a, rep, p->w->retirement_months, &n);
        for (size_t i = 0; i < p->n; i++) {
            if (p->refs[i]->person_id != s->person.id)
                continue;
            const struct qualify_alert *x = first;
            for (int k = 0; x && k < p->refs[i]->ordinal; k++)
                x = x->next;
            /* The data changed under us (a write after the versions were
             * read): the next request recomputes; this one leaves it out. */
            if (!x || (int)x->kind != p->refs[i]->kind)
                continue;
            struct person_alert pa = {x, s};
            p->items[i] = person_alert_json(&pa);
        }
    }
    arena_free(a);
    return rc == ERR_INVALID ? 0 : rc;
}

/* Appends the person alerts at positions [from, to) of the selection (one
 * kind, or all) to w->items. */
static int page_items(struct request *req, struct alert_walk *w, const struct alert_list *l,
                      size_t from, size_t to)
{
    if (from >= to)
        return 0;
    struct page_walk p = {.w = w, .n = to - from};
    const struct alert_ref **refs = xcalloc(p.n, sizeof *refs);
    long long *ids = xcalloc(p.n, sizeof *ids);
    p.items = xcalloc(p.n, sizeof *p.items);
    p.refs = refs;
    for (size_t i = 0; i < p.n; i++) {
        size_t at = w->kind >= 0 ? l->by_kind[w->kind][from + i] : from + i;
        refs[i] = &l->refs[at];
        ids[i] = refs[i]->person_id;
    }
    /* Refs are in person order already: drop the repeats. */
    size_t nids = 0;
    for (size_t i = 0; i < p.n; i++)
        if (nids == 0 || ids[nids - 1] != ids[i])
            ids[nids++] = ids[i];
    int rc = qualify_data_each(req->db, ids, nids, w->as_of, QUALIFY_DATA_COLLEAGUES, page_one,
                               NULL, &p);
    for (size_t i = 0; i < p.n; i++)
        if (p.items[i]) {
            if (rc == 0)
                json_array_append_new(w->items, p.items[i]);
            else
                json_decref(p.items[i]);
        }
    free(p.items);
    free(ids);
    free(refs);
    return rc;
}

struct unit_alert {
    struct request *req;
    const struct unit_node *node;
    const struct unit_establishment *e;
};

/* 公务员法 Art.49: promotion happens within the establishment (职数). */
#define ESTABLISHMENT_SOURCE "《公务员法》第四十九条"

static json_t *unit_alert_json(void *arg)
{
    const struct unit_alert *ua = arg;
    const char *label = codes_label("post_level", ua->e->post_level);
    long long over = ua->e->filled - ua->e->count;
    const char *text = arena_sprintf(ua->req->arena, "%s %s职数 %lld 名，实有 %lld 名，超 %lld 名（%s）",
                                     ua->node->unit.name, label ? label : ua->e->post_level,
                                     ua->e->count, ua->e->filled, over, ESTABLISHMENT_SOURCE);
    json_t *o = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s?, s:I, s:I, s:I}", "kind",
                          "establishment", "kind_label",
                          qualify_list_alert_label(QUALIFY_ALERT_ESTABLISHMENT), "unit_id",
                          (json_int_t)ua->node->unit.id, "unit_name", ua->node->unit.name,
                          "post_level", ua->e->post_level, "post_level_label", label, "count",
                          (json_int_t)ua->e->count, "filled", (json_int_t)ua->e->filled, "over",
                          (json_int_t)over);
    json_object_set_new(o, "person_id", json_null());
    json_object_set_new(o, "rule_id", json_string("establishment"));
    json_object_set_new(o, "source", json_string(ESTABLISHMENT_SOURCE));
    json_object_set_new(o, "confidence", json_string("[LAW]"));
    json_object_set_new(o, "needs_confirmation", json_false());
    json_object_set_new(o, "confirmation_label", json_null());
    json_object_set_new(o, "date", json_null());
    json_object_set_new(o, "field", json_null());
    json_object_set_new(o, "text", json_string(text));
    return o;
}

static void establishment_alerts(struct alert_list *l, struct request *req,
                                 struct unit_node *const *nodes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct unit_node *u = nodes[i];
        for (size_t k = 0; k < u->nestablishment; k++) {
            const struct unit_establishment *e = &u->establishment[k];
            if (e->filled <= e->count)
                continue;
            struct unit_alert ua = {req, u, e};
            json_t *o = unit_alert_json(&ua);
            alert_list_add_unit(l, json_dumps(o, JSON_COMPACT));
            json_decref(o);
        }
        establishment_alerts(l, req, u->children, u->nchildren);
    }
}

int api_alerts(struct request *req)
{
    struct alert_walk w = {.kind = -1};
    long long page, per_page, retirement;
    struct people_filter f;
    read_as_of(req, &w.as_of);
    req_query_int(req, "retirement_months", 1, WITHIN_MAX, RETIREMENT_MONTHS_DEFAULT, &retirement);
    const char *kind = req_query(req, "kind");
    if (kind && *kind && (w.kind = qualify_list_alert_find(kind)) < 0)
        field_errors_add(&req->errors, "kind",
                         "提醒类别应为 retirement（即将退休）、tenure（任职年限）、establishment"
                         "（超职数）、record（档案审核）或 incomplete（数据不全）");
    int rc = filter_of_query(req, &f, &page, &per_page);
    if (rc < 0)
        return rc;
    w.retirement_months = (int)retirement;
    w.first = (page - 1) * per_page;
    w.last = w.first + per_page;
    struct rules *rules;
    if ((rc = rulebook_load(req->db, req->arena, &rules)) < 0)
        return rc;
    w.rules = rules;
    w.db = req->db;
    w.scope = req->scope;
    w.today = req->today;
    struct alert_list *l;
    if ((rc = alerts_of_query(req, &w, &f, &l)) < 0)
        return rc;
    w.items = json_array();
    /* The units over establishment first, then the people's, in person
     * order; only the page's people are evaluated again. */
    long long units =
        w.kind < 0 || w.kind == QUALIFY_ALERT_ESTABLISHMENT ? (long long)l->nunits : 0;
    for (long long i = w.first; i < w.last && i < units; i++)
        json_array_append_new(w.items, json_loads(l->units[i], 0, NULL));
    long long selected = w.kind >= 0 ? (long long)l->nkind[w.kind] : (long long)l->n;
    long long from = w.first - units, to = w.last - units;
    if (from < 0)
        from = 0;
    if (to > selected)
        to = selected;
    rc = to > from ? page_items(req, &w, l, (size_t)from, (size_t)to) : 0;
    json_t *counts = json_object();
    for (int k = 0; k < QUALIFY_ALERT_KINDS; k++)
        json_object_set_new(counts, qualify_list_alert_name((enum qualify_alert_kind)k),
                            json_integer(l->counts[k]));
    alert_cache_release(l);
    if (rc < 0) {
        json_decref(w.items);
        json_decref(counts);
        return rc;
    }
    return resp_json(req, 200,
                     json_pack("{s:o, s:I, s:I, s:I, s:o, s:i, s:o}", "items", w.items, "total",
                               (json_int_t)(units + selected), "page", (json_int_t)page,
                               "per_page", (json_int_t)per_page, "as_of",
                               qualify_json_date(w.as_of), "retirement_months", (int)retirement,
                               "counts", counts));
}

/* ---- rules ------------------------------------------------------------- */

/* A row as the API shows it (formats/qualify_json.h). */
static json_t *row_json(struct request *req, const struct rules_table *t,
                        const struct rulebook_row *row)
{
    return qualify_json_rule_row(t, row->id, row->rule, row->confirmed_by, row->confirmed_at,
                                 req->today);
}

static int resolve_table(struct request *req, const struct rules_table **t)
{
    *t = rules_table_find(req->nparams > 0 ? req->params[0] : NULL);
    if (!*t) {
        req->error_detail = "没有这个规则表";
        return ERR_NOT_FOUND;
    }
    return 0;
}

int api_rules_index(struct request *req)
{
    size_t n;
    const struct rules_table *tables = rules_tables(&n);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        struct rulebook_row *rows;
        size_t count;
        int rc = rulebook_list(req->db, &tables[i], req->arena, &rows, &count);
        if (rc < 0) {
            json_decref(items);
            return rc;
        }
        size_t confirm = 0;
        for (size_t k = 0; k < count; k++)
            confirm += rules_row_needs_confirmation(rows[k].rule);
        json_t *o = qualify_json_rule_table(&tables[i], req->arena);
        json_object_set_new(o, "row_count", json_integer((json_int_t)count));
        json_object_set_new(o, "needs_confirmation_count", json_integer((json_int_t)confirm));
        json_array_append_new(items, o);
    }
    return resp_json(req, 200,
                     json_pack("{s:o, s:I, s:i, s:I}", "items", items, "total", (json_int_t)n,
                               "page", 1, "per_page", (json_int_t)n));
}

int api_rules_list(struct request *req)
{
    const struct rules_table *t;
    long long page, per_page;
    int rc = resolve_table(req, &t);
    if (rc < 0)
        return rc;
    req_query_int(req, "page", 1, PAGE_MAX, 1, &page);
    req_query_int(req, "per_page", 1, PER_PAGE_MAX, 200, &per_page);
    if (req->errors.count)
        return ERR_INVALID;
    struct rulebook_row *rows;
    size_t n;
    if ((rc = rulebook_list(req->db, t, req->arena, &rows, &n)) < 0)
        return rc;
    json_t *items = json_array();
    size_t first = (size_t)((page - 1) * per_page);
    for (size_t i = first; i < n && i < first + (size_t)per_page; i++)
        json_array_append_new(items, row_json(req, t, &rows[i]));
    return resp_json(req, 200,
                     json_pack("{s:o, s:I, s:I, s:I, s:o}", "items", items, "total", (json_int_t)n,
                               "page", (json_int_t)page, "per_page", (json_int_t)per_page,
                               "table", qualify_json_rule_table(t, req->arena)));
}

/* The table of the path into `*t` and its row {id} into `row`. */
static int row_param(struct request *req, const struct rules_table **t, struct rulebook_row *row)
{
    long long id;
    int rc = resolve_table(req, t);
    if (rc == 0)
        rc = req_param_id(req, 1, &id);
    if (rc == 0)
        rc = rulebook_get(req->db, *t, id, req->arena, row);
    if (rc == ERR_NOT_FOUND)
        req->error_detail = "规则不存在";
    return rc;
}

int api_rules_get(struct request *req)
{
    const struct rules_table *t;
    struct rulebook_row row;
    int rc = row_param(req, &t, &row);
    if (rc < 0)
        return rc;
    return resp_json(req, 200, row_json(req, t, &row));
}

/* Validates and writes `row` with its audit record in one transaction. */
static int save_rule(struct request *req, const struct rules_table *t, struct rulebook_row *row,
                     json_t *before, int status)
{
    bool insert = row->id == 0;
    rules_table_validate(t, row->rule, &req->errors);
    int rc = req->errors.count ? ERR_INVALID : 0;
    if (rc == 0)
        rc = db_begin(req->db);
    if (rc == 0)
        rc = insert ? rulebook_insert(req->db, t, row) : rulebook_update(req->db, t, row);
    if (rc == ERR_NOT_FOUND)
        req->error_detail = "规则不存在";
    json_t *after = NULL;
    struct rulebook_row stored;
    if (rc == 0 && (rc = rulebook_get(req->db, t, row->id, req->arena, &stored)) == 0) {
        after = row_json(req, t, &stored);
        rc = req_audit(req, insert ? "rule.create" : "rule.update", t->kind.sql_table, row->id, "ok",
                       before, after);
    }
    if (rc == 0)
        rc = db_commit(req->db);
    if (rc < 0) {
        db_rollback(req->db);
        json_decref(after);
        return rc;
    }
    return resp_json(req, status, after);
}

int api_rules_create(struct request *req)
{
    const struct rules_table *t;
    json_t *body;
    int rc = resolve_table(req, &t);
    if (rc == 0)
        rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    struct rulebook_row row = {0, rules_table_new_row(t, req->arena)};
    record_json_parse(&t->kind, body, row.rule, false, req->arena, &req->errors);
    return save_rule(req, t, &row, NULL, 201);
}

int api_rules_update(struct request *req)
{
    const struct rules_table *t;
    json_t *body;
    struct rulebook_row row;
    int rc = row_param(req, &t, &row);
    if (rc == 0)
        rc = req_json_body(req, &body);
    if (rc < 0)
        return rc;
    json_t *before = row_json(req, t, &row);
    record_json_parse(&t->kind, body, row.rule, true, req->arena, &req->errors);
    rc = save_rule(req, t, &row, before, 200);
    json_decref(before);
    return rc;
}

/* The office confirms an uncertain ([ONE]/[REC]) row: it stays as it is,
 * and verdicts resting on it stop saying 待本单位确认. */
int api_rules_confirm(struct request *req)
{
    const struct rules_table *t;
    struct rulebook_row row;
    int rc = row_param(req, &t, &row);
    if (rc < 0)
        return rc;
    const struct rules_row *common = row.rule;
    if (!rules_needs_confirmation(common->confidence)) {
        req->error_detail = arena_sprintf(req->arena, "该规则依据明确（%s），无需本单位确认",
                                          rules_confidence_tag(common->confidence));
        return ERR_CONFLICT;
    }
    if (row.confirmed_at) {
        req->error_detail =
            arena_sprintf(req->arena, "该规则已于 %.10s 由%s确认，无需重复确认", row.confirmed_at,
                          row.confirmed_by && *row.confirmed_by ? row.confirmed_by : "他人");
        return ERR_CONFLICT;
    }
    const struct user *u = &req->auth.user;
    const char *name = u->display_name && *u->display_name ? u->display_name : u->username;
    char now[24];
    json_t *before = row_json(req, t, &row), *after = NULL;
    if ((rc = db_begin(req->db)) == 0)
        rc = rulebook_confirm(req->db, t, row.id, u->id, name, store_now(now));
    if (rc == ERR_CONFLICT)
        req->error_detail = "该规则刚刚已被他人确认，请刷新后查看";
    struct rulebook_row stored;
    if (rc == 0 && (rc = rulebook_get(req->db, t, row.id, req->arena, &stored)) == 0) {
        after = row_json(req, t, &stored);
        rc = req_audit(req, "rule.confirm", t->kind.sql_table, row.id, "ok", before, after);
    }
    if (rc == 0)
        rc = db_commit(req->db);
    json_decref(before);
    if (rc < 0) {
        db_rollback(req->db);
        json_decref(after);
        return rc;
    }
    return resp_json(req, 200, after);
}
