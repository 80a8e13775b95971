/* api_alerts.c — the 提醒 of the dashboard: people about to retire, over
 * tenure limits, with records to check or data missing, and units over
 * their establishment, computed once and then, after each write, for the
 * people the write touched (alert_cache.h). */
#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "core/qualify_list.h"
#include "formats/qualify_json.h"
#include "http/alert_cache.h"
#include "http/handlers.h"
#include "http/qualify_query.h"
#include "store/people.h"
#include "store/qualify_changes.h"
#include "store/qualify_data.h"
#include "store/roster_index.h"
#include "store/rulebook.h"
#include "store/units.h"
#include "util/arena.h"
#include "util/xmalloc.h"

/* The window of retirement alerts when none is asked for. */
enum { RETIREMENT_MONTHS_DEFAULT = 12 };

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
    const char *how;         /* "hit", "merge" or "full": the Server-Timing header */
    size_t evaluated;        /* people evaluated for the list */
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
    qualify_query_person_columns(o, pa->s);
    json_object_set_new(o, "rule_id", json_str_or_null(x->rule_id));
    json_object_set_new(o, "source", json_string(x->source ? x->source : ""));
    json_object_set_new(o, "confidence", json_string(rules_confidence_tag(x->confidence)));
    json_object_set_new(o, "needs_confirmation", json_boolean(confirm));
    json_object_set_new(o, "confirmation_label",
                        confirm ? json_string(QUALIFY_JSON_CONFIRM) : json_null());
    json_object_set_new(o, "date", qualify_json_date(x->date));
    json_object_set_new(o, "field", json_str_or_null(x->field));
    json_object_set_new(o, "record_id", json_id_or_null(x->record_id));
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
    w->evaluated++;
    int rc = qualify_evaluate_with(a, w->rules,
                                   qualify_query_scoped_input(w->db, w->scope, &s->in, w->today, a),
                                   w->as_of, NULL, 0, ALERT_OPTIONS, &rep);
    if (rc == 0) {
        size_t n;
        int ordinal = 0;
        for (const struct qualify_alert *x = qualify_list_alerts(a, rep, w->retirement_months, &n);
             x; x = x->next)
            alert_list_add(w->list, s->person.id, (int)x->kind, ordinal++);
    }
    /* Every candidate, in scope or not: a write of one may change that. */
    for (size_t i = 0; i < s->in.colleague_count; i++)
        alert_list_add_link(w->list, s->in.colleagues[i].person_id, s->person.id);
    arena_free(a);
    /* A person the engine cannot read (a bad stored date) is skipped. */
    return rc == ERR_INVALID ? 0 : rc;
}

/* The cache key of a query: everything that decides which person alerts
 * there are — the roster filters, the scope, the as-of date and the
 * retirement window — and nothing of paging, sort or kind. Strings are
 * length-prefixed, so no value can pass for another. */
static const char *alerts_key(struct request *req, const struct people_filter *f, struct date as_of,
                              int retirement_months)
{
#define S(x) (x) ? strlen(x) : (size_t)0, (x) ? (x) : ""
    const char *key = arena_sprintf(
        req->arena,
        "%04d-%02d-%02d r%d u%lld/%d a%d-%d t%04d-%02d-%02d q%zu:%s rk%zu:%s pl%zu:%s g%zu:%s "
        "e%zu:%s p%zu:%s ed%zu:%s st%zu:%s",
        as_of.year, as_of.month, as_of.day, retirement_months, f->unit_id, f->include_sub,
        f->age_min, f->age_max, f->today.year, f->today.month, f->today.day, S(f->q), S(f->rank),
        S(f->post_level), S(f->gender), S(f->ethnicity), S(f->party), S(f->education),
        S(f->status));
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

/* Past these, a merge is not worth it: the whole walk is about as quick. */
enum { MERGE_VERSIONS_MAX = 512, MERGE_PEOPLE_MAX = 1000 };

static int compare_ids(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

static int collect_member(const struct person_view *p, void *arg)
{
    struct id_list *l = arg;
    l->ids[l->n++] = p->person.id; /* room for every id asked about */
    return 0;
}

/* Brings `old` (the list of the same query at older versions) to the
 * versions given: the people logged since (store/qualify_changes.h), and
 * the people whose 回避 lookup finds one of them now or found one when
 * `old` was computed, are evaluated again when the query still selects
 * them, and merged with the rest of `old`. Returns 0 with the new list
 * in `*out` (published), 1 when a merge cannot answer (a change touched
 * everyone, the log does not reach back, too many people): the caller
 * computes the whole; or a negative err code. */
static int alerts_merge(struct request *req, struct alert_walk *w, struct people_filter *f,
                        const struct alert_list *old, long long roster_version,
                        long long qualify_version, struct unit_node *const *roots, size_t nroots,
                        struct alert_list **out)
{
    long long *touched = NULL, *redo = NULL;
    size_t ntouched = 0, nredo = 0, cap = 0;
    bool everyone;
    int rc = qualify_changes_since(req->db, old->qualify_version, qualify_version,
                                   MERGE_VERSIONS_MAX, &touched, &ntouched, &everyone);
    if (rc < 0 || everyone || ntouched > MERGE_PEOPLE_MAX) {
        free(touched);
        return rc < 0 ? rc : 1;
    }
    for (size_t i = 0; i < ntouched && rc == 0; i++) {
        if (nredo == cap) {
            cap = cap ? cap * 2 : 16;
            redo = xrealloc(redo, cap * sizeof *redo);
        }
        redo[nredo++] = touched[i];
        alert_list_linked(old, touched[i], &redo, &nredo, &cap);
        rc = qualify_changes_relatives_of(req->db, touched[i], &redo, &nredo, &cap);
    }
    free(touched);
    if (rc == 0 && nredo > MERGE_PEOPLE_MAX)
        rc = 1;
    if (rc != 0) {
        free(redo);
        return rc;
    }
    qsort(redo, nredo, sizeof *redo, compare_ids);
    size_t kept = 0;
    for (size_t i = 0; i < nredo; i++)
        if (kept == 0 || redo[kept - 1] != redo[i])
            redo[kept++] = redo[i];
    nredo = kept;
    /* Who of them the query selects now: the others' alerts just go. */
    struct id_list members = {.ids = xcalloc(nredo ? nredo : 1, sizeof(long long))};
    if (nredo)
        rc = people_each_among(req->db, f, redo, nredo, collect_member, &members);
    if (rc == 0 && members.n > 1)
        qsort(members.ids, members.n, sizeof *members.ids, compare_ids);
    struct alert_list *fresh = alert_list_new(old->key, roster_version, qualify_version);
    establishment_alerts(fresh, req, roots, nroots);
    if (rc == 0 && members.n) {
        w->list = fresh;
        rc = qualify_data_each(req->db, members.ids, members.n, w->as_of, QUALIFY_DATA_COLLEAGUES,
                               alerts_collect, NULL, w);
        w->list = NULL;
    }
    free(members.ids);
    if (rc == 0) {
        *out = alert_list_merge(old, fresh, redo, nredo);
        alert_list_finish(*out);
        alert_cache_publish(*out);
    }
    alert_cache_release(fresh);
    free(redo);
    return rc;
}

/* The alerts of the query — the units over establishment in the scope
 * (few, first) and the people's — the cached list when the data has not
 * changed since it was computed, else the cached list of an older version
 * brought up to date (alerts_merge), else computed now; cached either
 * way. The versions are read before the data, so a list is never filed
 * under a version newer than what it was computed from. */
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
    w->how = "hit";
    if ((*out = alert_cache_acquire(key, roster_version, qualify_version)))
        return 0;
    struct unit_node **roots = NULL;
    size_t nroots = 0;
    if ((rc = units_tree_establishment_in(req->db, req->scope, req->arena, &roots, &nroots)) < 0)
        return rc;
    struct alert_list *old = alert_cache_acquire_any(key);
    if (old && old->qualify_version < qualify_version) {
        w->how = "merge";
        rc = alerts_merge(req, w, f, old, roster_version, qualify_version, roots, nroots, out);
        alert_cache_release(old);
        if (rc <= 0)
            return rc;
    } else {
        alert_cache_release(old);
    }
    w->how = "full";
    w->evaluated = 0;
    struct id_list l;
    if ((rc = qualify_query_people(req, f, &l)) < 0)
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
    int rc = qualify_evaluate_with(
        a, p->w->rules, qualify_query_scoped_input(p->w->db, p->w->scope, &s->in, p->w->today, a),
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
    const char *text = arena_sprintf(
        ua->req->arena, "%s %s职数 %lld 名，实有 %lld 名，超 %lld 名（%s）", ua->node->unit.name,
        label ? label : ua->e->post_level, ua->e->count, ua->e->filled, over, ESTABLISHMENT_SOURCE);
    json_t *o =
        json_pack("{s:s, s:s, s:I, s:s, s:s, s:s?, s:I, s:I, s:I}", "kind", "establishment",
                  "kind_label", qualify_list_alert_label(QUALIFY_ALERT_ESTABLISHMENT), "unit_id",
                  (json_int_t)ua->node->unit.id, "unit_name", ua->node->unit.name, "post_level",
                  ua->e->post_level, "post_level_label", label, "count", (json_int_t)ua->e->count,
                  "filled", (json_int_t)ua->e->filled, "over", (json_int_t)over);
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

static int api_alerts(struct request *req)
{
    struct alert_walk w = {.kind = -1};
    long long retirement;
    struct req_page pg;
    struct people_filter f;
    qualify_query_as_of(req, &w.as_of);
    req_query_int(req, "retirement_months", 1, QUALIFY_WITHIN_MAX, RETIREMENT_MONTHS_DEFAULT,
                  &retirement);
    const char *kind = req_query(req, "kind");
    if (kind && *kind && (w.kind = qualify_list_alert_find(kind)) < 0)
        field_errors_add(&req->errors, "kind",
                         "提醒类别应为 retirement（即将退休）、tenure（任职年限）、establishment"
                         "（超职数）、record（档案审核）或 incomplete（数据不全）");
    int rc = qualify_query_filter(req, &f, &pg);
    if (rc < 0)
        return rc;
    w.retirement_months = (int)retirement;
    w.first = pg.offset;
    w.last = w.first + pg.per_page;
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
    /* How the list was had, for tests and benchmarks: a hit, a merge of
     * the people written since, or the whole walk, and how many people
     * were evaluated for it (not for the page). */
    resp_header(req, "Server-Timing",
                arena_sprintf(req->arena, "alerts;desc=\"%s %zu\"", w.how, w.evaluated));
    if (rc < 0) {
        json_decref(w.items);
        json_decref(counts);
        return rc;
    }
    return resp_json(req, 200,
                     json_pack("{s:o, s:I, s:I, s:I, s:o, s:i, s:o}", "items", w.items, "total",
                               (json_int_t)(units + selected), "page", (json_int_t)pg.page,
                               "per_page", (json_int_t)pg.per_page, "as_of",
                               qualify_json_date(w.as_of), "retirement_months", (int)retirement,
                               "counts", counts));
}

static const struct route routes[] = {
    {.method = "GET",
     .pattern = "/api/v1/alerts",
     .handler = api_alerts,
     .perm = PERM_PEOPLE_READ,
     .scope = SCOPE_LIST,
     .summary = "提醒：即将退休、任职年限、超职数、档案审核、数据不全"},
};
ROUTE_TABLE(api_alerts_routes, routes);
