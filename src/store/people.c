/* people.c — the roster: one SQL statement per list page (plus a COUNT when
 * the page does not tell the total), built from whitelisted fragments with
 * every value bound, and the derived columns that keep it on indexes. */
#include "store/people.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "core/pinyin.h"
#include "store/roster_index.h"
#include "store/rowmac.h"
#include "store/units.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

/* The columns of a person_view, in the order read_view reads them. */
#define VIEW_COLUMNS                                                                               \
    "p.id, p.name, p.gender, p.birth_date, p.ethnicity, p.native_place, p.birth_place,"            \
    " p.party, p.party_join_date, p.work_start_date, p.health, p.title, p.specialty,"              \
    " p.id_number, p.phone, p.unit_id, p.status, p.notes, u.name, p.current_rank,"                 \
    " p.current_rank_start, p.current_post_level, p.current_post_title, p.current_post_start,"     \
    " p.education, p.degree"
#define VIEW_FROM " FROM people p LEFT JOIN units u ON u.id = p.unit_id"

/* Enough for the pinyin (at most 6 letters per character) and the stroke key
 * (8 bytes plus one per stroke per character, core/pinyin.h) of any name a
 * form holds; longer names are truncated, which only blurs their sort order. */
#define NAME_KEY_SIZE 512

/* ---- reading rows ---- */

/* Text of column `col`, copied into `a`, or borrowed from the statement
 * (valid until the next step) when `a` is NULL. */
static const char *col_text(struct db_stmt *st, int col, struct arena *a)
{
    const char *s = db_column_text(st, col);
    return a ? arena_strdup(a, s) : s;
}

static struct date col_date(struct db_stmt *st, int col)
{
    struct date d = DATE_NONE;
    const char *s = db_column_text(st, col);
    if (s && date_parse_iso(s, &d) != 0)
        d = DATE_NONE;
    return d;
}

static void read_view(struct db_stmt *st, struct arena *a, struct person_view *v)
{
    struct person *p = &v->person;
    memset(v, 0, sizeof *v);
    p->id = db_column_int(st, 0);
    p->name = col_text(st, 1, a);
    p->gender = col_text(st, 2, a);
    p->birth_date = col_date(st, 3);
    p->ethnicity = col_text(st, 4, a);
    p->native_place = col_text(st, 5, a);
    p->birth_place = col_text(st, 6, a);
    p->party = col_text(st, 7, a);
    p->party_join_date = col_date(st, 8);
    p->work_start_date = col_date(st, 9);
    p->health = col_text(st, 10, a);
    p->title = col_text(st, 11, a);
    p->specialty = col_text(st, 12, a);
    p->id_number = col_text(st, 13, a);
    p->phone = col_text(st, 14, a);
    p->unit_id = db_column_int(st, 15);
    p->status = col_text(st, 16, a);
    p->notes = col_text(st, 17, a);
    v->unit_name = col_text(st, 18, a);
    v->current_rank = col_text(st, 19, a);
    v->current_rank_start = col_date(st, 20);
    v->current_post_level = col_text(st, 21, a);
    v->current_post_title = col_text(st, 22, a);
    v->current_post_start = col_date(st, 23);
    v->education = col_text(st, 24, a);
    v->degree = col_text(st, 25, a);
}

/* ---- building the list query ---- */

/* Sort keys a client may ask for, each mapped to fixed SQL: the sort string
 * never reaches the SQL text itself. `reversed` flips the direction ("age"
 * ascending is birth date descending); `nullable` columns put NULLs last in
 * both directions (people without a rank after every rank). */
struct sort_key {
    const char *name;
    const char *columns[3];
    bool reversed, nullable;
};

static const struct sort_key sort_keys[] = {
    {"strokes", {"p.name_strokes"}, false, false},
    {"pinyin", {"p.name_pinyin"}, false, false},
    {"name", {"p.name"}, false, false},
    {"birth_date", {"p.birth_date"}, false, false},
    {"age", {"p.birth_date"}, true, false},
    {"gender", {"p.gender"}, false, false},
    {"ethnicity", {"p.ethnicity"}, false, true},
    {"party", {"p.party"}, false, true},
    {"unit", {"u.sort", "u.name", "p.unit_id"}, false, true},
    {"id", {NULL}, false, false},
    {"work_start_date", {"p.work_start_date"}, false, true},
    {"party_join_date", {"p.party_join_date"}, false, true},
    {"created_at", {"p.created_at"}, false, false},
    {"rank", {"p.current_rank_order"}, false, true},
    {"post_level", {"p.current_post_order"}, false, true},
    {"education", {"p.education_order"}, false, true},
};

static const struct sort_key *sort_find(const char *sort, bool *descending)
{
    *descending = false;
    if (!sort)
        sort = "strokes";
    if (*sort == '-') {
        *descending = true;
        sort++;
    }
    for (size_t i = 0; i < sizeof sort_keys / sizeof *sort_keys; i++)
        if (strcmp(sort_keys[i].name, sort) == 0)
            return &sort_keys[i];
    return NULL;
}

bool people_sort_valid(const char *sort)
{
    bool descending;
    return sort && sort_find(sort, &descending) != NULL;
}

#define MAX_PARAMS 48
#define MAX_OWNED 6

struct param {
    bool is_int;
    long long i;
    const char *s;
};

/* One statement's text and bound values. `owned` keeps the texts computed
 * here (ranges, LIKE patterns) alive until they are bound. */
struct query {
    struct strbuf sql;
    struct param params[MAX_PARAMS];
    int nparams;
    char *owned[MAX_OWNED];
    int nowned;
};

static void query_text(struct query *q, const char *s)
{
    q->params[q->nparams++] = (struct param){.s = s};
}

static void query_int(struct query *q, long long v)
{
    q->params[q->nparams++] = (struct param){.is_int = true, .i = v};
}

static char *query_own(struct query *q, char *s)
{
    q->owned[q->nowned++] = s;
    return s;
}

static void query_release(struct query *q)
{
    strbuf_release(&q->sql);
    for (int i = 0; i < q->nowned; i++)
        free(q->owned[i]);
    q->nowned = 0;
}

static int query_prepare(struct db *db, struct query *q, struct db_stmt **st)
{
    int rc = db_prepare(db, strbuf_str(&q->sql), st);
    if (rc < 0)
        return rc;
    for (int i = 0; i < q->nparams; i++) {
        if (q->params[i].is_int)
            db_bind_int(*st, i + 1, q->params[i].i);
        else
            db_bind_text(*st, i + 1, q->params[i].s);
    }
    return 0;
}

/* The exclusive upper bound of every string that starts with `prefix`
 * (non-empty ASCII): the prefix with its last byte incremented, so a prefix
 * match is an index range `col >= prefix AND col < bound`, which LIKE
 * 'prefix%' is not on every database. */
static char *prefix_bound(const char *prefix)
{
    char *b = xstrdup(prefix);
    b[strlen(b) - 1]++;
    return b;
}

static void where_and(struct query *q, bool *first)
{
    strbuf_puts(&q->sql, *first ? " WHERE " : " AND ");
    *first = false;
}

static void where_text(struct query *q, bool *first, const char *column, const char *value)
{
    if (!value || !*value)
        return;
    where_and(q, first);
    strbuf_printf(&q->sql, "%s = ?", column);
    query_text(q, value);
}

enum people_search people_search_key(const char *text, char **key)
{
    *key = NULL;
    while (*text == ' ')
        text++;
    size_t len = strlen(text);
    while (len > 0 && text[len - 1] == ' ')
        len--;
    if (len == 0)
        return PEOPLE_SEARCH_NONE;
    bool letters = true, digits = true;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            letters = false;
        if (!((c >= '0' && c <= '9') || c == 'x' || c == 'X'))
            digits = false;
    }
    *key = xstrndup(text, len);
    for (char *c = *key; *c; c++) {
        if (letters && *c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
        if (digits && *c == 'x')
            *c = 'X';
    }
    return letters ? PEOPLE_SEARCH_PINYIN : digits ? PEOPLE_SEARCH_ID : PEOPLE_SEARCH_NAME;
}

/* The search box: letters search the pinyin and initials by prefix (and
 * those of the surname's other reading, where it has one), digits
 * the ID number by prefix (and, from PEOPLE_ID_SUFFIX_MIN digits, by
 * suffix), anything else the name by substring. */
static void where_search(struct query *q, bool *first, const char *text)
{
    char *key;
    enum people_search kind = people_search_key(text, &key);
    if (kind == PEOPLE_SEARCH_NONE)
        return;
    query_own(q, key);
    size_t len = strlen(key);
    where_and(q, first);
    if (kind == PEOPLE_SEARCH_PINYIN) {
        const char *lo = key;
        char *hi = query_own(q, prefix_bound(lo));
        strbuf_puts(&q->sql, "((p.name_pinyin >= ? AND p.name_pinyin < ?) OR"
                             " (p.name_initials >= ? AND p.name_initials < ?) OR"
                             " (p.name_pinyin_alt >= ? AND p.name_pinyin_alt < ?) OR"
                             " (p.name_initials_alt >= ? AND p.name_initials_alt < ?))");
        for (int k = 0; k < 4; k++) {
            query_text(q, lo);
            query_text(q, hi);
        }
    } else if (kind == PEOPLE_SEARCH_ID) {
        const char *lo = key;
        char *hi = query_own(q, prefix_bound(lo));
        strbuf_puts(&q->sql, "((p.id_number >= ? AND p.id_number < ?)");
        query_text(q, lo);
        query_text(q, hi);
        if (len >= PEOPLE_ID_SUFFIX_MIN) {
            /* Digits and X hold no LIKE wildcard. */
            strbuf_puts(&q->sql, " OR p.id_number LIKE ?");
            query_text(q, query_own(q, xasprintf("%%%s", lo)));
        }
        strbuf_putc(&q->sql, ')');
    } else {
        /* %q% with the LIKE wildcards of q taken literally. ASCII letters
         * match either case (as the roster index does): both sides are
         * lower-cased, since LIKE alone ignores ASCII case in SQLite and
         * no case in PostgreSQL. */
        char *pattern = query_own(q, xmalloc(2 * len + 3));
        char *w = pattern;
        *w++ = '%';
        for (size_t i = 0; i < len; i++) {
            if (key[i] == '%' || key[i] == '_' || key[i] == '\\')
                *w++ = '\\';
            *w++ = key[i] >= 'A' && key[i] <= 'Z' ? (char)(key[i] - 'A' + 'a') : key[i];
        }
        *w++ = '%';
        *w = '\0';
        strbuf_puts(&q->sql, "lower(p.name) LIKE ? ESCAPE '\\'");
        query_text(q, pattern);
    }
}

/* The birth date of someone who turns `years` old on `today`: a person is
 * at least `years` old exactly when born on or before it (date_age's rule:
 * a 02-29 birthday comes on 03-01 in common years, which the clamp of
 * date_add_months gives). Month-precision birth dates 'YYYY-MM' compare as
 * text before every 'YYYY-MM-DD' of their month, that is as the first of the
 * month, as date_age counts them. */
static char *age_cutoff(struct date today, int years, char *buf)
{
    if (today.day == 0)
        today.day = 1;
    struct date d = date_add_months(today, -12 * years);
    if (date_is_none(d))
        d = (struct date){1, 1, 1};
    return date_format_iso(d, buf);
}

/* The scope's units and all below them as the CTE `scope_sub(id)`, to
 * follow "WITH RECURSIVE " or a previous CTE and ", ". */
static void scope_cte(struct query *q, const struct people_scope *scope)
{
    strbuf_puts(&q->sql, "scope_sub(id) AS (SELECT id FROM units WHERE id IN (");
    for (size_t i = 0; i < scope->nunits; i++) {
        strbuf_puts(&q->sql, i ? ", ?" : "?");
        query_int(q, scope->unit_ids[i]);
    }
    strbuf_puts(&q->sql, ") UNION SELECT c.id FROM units c JOIN scope_sub ON c.parent_id ="
                         " scope_sub.id) ");
}

/* The scope as a condition on `p`: in a scope unit's subtree, or the
 * scope's person; nothing at all for an empty scope. */
static void scope_where(struct query *q, bool *first, const struct people_scope *scope)
{
    where_and(q, first);
    if (scope->nunits && scope->person_id) {
        strbuf_puts(&q->sql, "(p.unit_id IN (SELECT id FROM scope_sub) OR p.id = ?)");
        query_int(q, scope->person_id);
    } else if (scope->nunits) {
        strbuf_puts(&q->sql, "p.unit_id IN (SELECT id FROM scope_sub)");
    } else if (scope->person_id) {
        strbuf_puts(&q->sql, "p.id = ?");
        query_int(q, scope->person_id);
    } else {
        strbuf_puts(&q->sql, "0 = 1");
    }
}

enum query_mode { QUERY_PAGE, QUERY_COUNT, QUERY_ALL };

/* `ids` (n of them; NULL: no such condition) restricts the rows to those
 * people, for people_each_among. */
static int build_query(const struct people_filter *f, enum query_mode mode, const long long *ids,
                       size_t nids, struct query *q)
{
    memset(q, 0, sizeof *q);
    bool descending;
    const struct sort_key *key = sort_find(f->sort, &descending);
    if (!key)
        return ERR_INVALID;
    /* -1 = none (age_min 0 holds for everyone; age_max 0 for babies only). */
    bool age_min = f->age_min > 0, age_max = f->age_max >= 0;
    if ((age_min || age_max) && date_is_none(f->today))
        return ERR_INVALID;
    if (mode == QUERY_PAGE && (f->per_page < 0 || f->per_page > 1000))
        return ERR_INVALID;

    if (f->scope && f->scope->nunits > PEOPLE_SCOPE_MAX_UNITS)
        return ERR_INVALID;
    bool subtree = f->unit_id > 0 && f->include_sub;
    bool scope_units = f->scope && f->scope->nunits > 0;
    if (subtree || scope_units)
        strbuf_puts(&q->sql, "WITH RECURSIVE ");
    if (subtree) {
        /* UNION, not UNION ALL: a cycle could not make it loop. */
        strbuf_puts(&q->sql, "sub(id) AS (SELECT id FROM units WHERE id = ?"
                             " UNION SELECT c.id FROM units c JOIN sub ON c.parent_id = sub.id) ");
        query_int(q, f->unit_id);
    }
    if (scope_units) {
        if (subtree)
            strbuf_puts(&q->sql, ", ");
        scope_cte(q, f->scope);
    }
    if (mode == QUERY_COUNT)
        strbuf_puts(&q->sql, "SELECT count(*) FROM people p");
    else
        strbuf_puts(&q->sql, "SELECT " VIEW_COLUMNS VIEW_FROM);

    bool first = true;
    if (f->scope)
        scope_where(q, &first, f->scope);
    if (f->q)
        where_search(q, &first, f->q);
    if (f->unit_id > 0) {
        where_and(q, &first);
        strbuf_puts(&q->sql, subtree ? "p.unit_id IN (SELECT id FROM sub)" : "p.unit_id = ?");
        if (!subtree)
            query_int(q, f->unit_id);
    }
    where_text(q, &first, "p.status", f->status);
    where_text(q, &first, "p.gender", f->gender);
    where_text(q, &first, "p.ethnicity", f->ethnicity);
    where_text(q, &first, "p.party", f->party);
    where_text(q, &first, "p.current_rank", f->rank);
    where_text(q, &first, "p.current_post_level", f->post_level);
    where_text(q, &first, "p.education", f->education);
    if (ids) {
        where_and(q, &first);
        strbuf_puts(&q->sql, "p.id IN (");
        for (size_t i = 0; i < nids; i++) {
            strbuf_puts(&q->sql, i ? ", ?" : "?");
            query_int(q, ids[i]);
        }
        strbuf_puts(&q->sql, nids ? ")" : "NULL)");
    }
    if (age_min) {
        where_and(q, &first);
        strbuf_puts(&q->sql, "p.birth_date <= ?");
        char buf[16];
        query_text(q, query_own(q, xstrdup(age_cutoff(f->today, f->age_min, buf))));
    }
    if (age_max) {
        /* age <= N  <=>  not (age >= N + 1). */
        where_and(q, &first);
        strbuf_puts(&q->sql, "p.birth_date > ?");
        char buf[16];
        query_text(q, query_own(q, xstrdup(age_cutoff(f->today, f->age_max + 1, buf))));
    }
    if (mode == QUERY_COUNT)
        return 0;

    bool desc = descending != key->reversed;
    const char *dir = desc ? " DESC" : "";
    strbuf_puts(&q->sql, " ORDER BY ");
    for (int i = 0; i < 3 && key->columns[i]; i++)
        strbuf_printf(&q->sql, "%s%s%s, ", key->columns[i], dir,
                      key->nullable ? " NULLS LAST" : "");
    /* The id last, in the same direction, so that pages never overlap and an
     * index on the sort column (which ends in the rowid) serves the order. */
    strbuf_printf(&q->sql, "p.id%s", dir);
    if (mode == QUERY_PAGE && f->per_page > 0) {
        long long page = f->page > 0 ? f->page : 1;
        strbuf_puts(&q->sql, " LIMIT ? OFFSET ?");
        query_int(q, f->per_page);
        query_int(q, (page - 1) * f->per_page);
    }
    return 0;
}

int people_list_sql(struct db *db, const struct people_filter *f, struct arena *a,
                    struct person_view **rows, size_t *n, long long *total)
{
    *rows = NULL;
    *n = 0;
    *total = 0;
    struct query q;
    int rc = build_query(f, QUERY_PAGE, NULL, 0, &q);
    struct db_stmt *st = NULL;
    if (rc == 0)
        rc = query_prepare(db, &q, &st);
    query_release(&q);
    if (rc < 0)
        return rc;
    size_t cap = f->per_page > 0 ? (size_t)f->per_page : 64, count = 0;
    struct person_view *items = arena_calloc(a, cap, sizeof *items);
    while ((rc = db_step(st)) == DB_ROW) {
        if (count == cap) {
            struct person_view *more = arena_calloc(a, cap * 2, sizeof *more);
            memcpy(more, items, count * sizeof *items);
            items = more;
            cap *= 2;
        }
        read_view(st, a, &items[count++]);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    *rows = items;
    *n = count;

    long long page = f->page > 0 ? f->page : 1;
    long long offset = f->per_page > 0 ? (page - 1) * f->per_page : 0;
    /* A page that is neither empty nor full is the last one: it tells the
     * total, and the COUNT over the whole match is saved. */
    if (f->per_page == 0 || (count > 0 && count < (size_t)f->per_page) ||
        (count == 0 && offset == 0)) {
        *total = offset + (long long)count;
        return 0;
    }
    if ((rc = build_query(f, QUERY_COUNT, NULL, 0, &q)) == 0 &&
        (rc = query_prepare(db, &q, &st)) == 0) {
        rc = db_step(st);
        if (rc == DB_ROW)
            *total = db_column_int(st, 0);
        db_finalize(st);
    }
    query_release(&q);
    return rc < 0 ? rc : 0;
}

/* ---- the list from the roster index ---- */

/* Loads the rows of `ids` (in that order) by id, as read_view reads them.
 * ERR_NOT_FOUND when one is missing (cannot happen at the index's version). */
static int load_by_id(struct db *db, const long long *ids, size_t n, struct arena *a,
                      struct person_view *rows)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT " VIEW_COLUMNS VIEW_FROM " WHERE p.id = ?", &st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n && rc == 0; i++) {
        db_bind_int(st, 1, ids[i]);
        rc = db_step(st);
        if (rc == DB_ROW) {
            read_view(st, a, &rows[i]);
            rc = 0;
        } else if (rc == DB_DONE) {
            rc = ERR_NOT_FOUND;
        }
        db_reset(st);
    }
    db_finalize(st);
    return rc;
}

/* The page from the process-wide roster index when it is at the database's
 * version, the ids and the total from memory and the rows from SQLite, all
 * in one read transaction (so the rows are those the index saw). Returns 1
 * when answered, 0 when the SQL path must answer (stale or rebuilding
 * index, a filter it cannot answer), or a negative err code. A stale index
 * is rebuilt here by at most one thread; the others answer from SQL. */
static int list_from_index(struct db *db, const struct people_filter *f, struct arena *a,
                           struct person_view **rows, size_t *n, long long *total)
{
    if (f->per_page <= 0 || f->per_page > 1000)
        return 0;
    bool own = !db_in_transaction(db);
    if (own && db_begin_read(db) < 0)
        return 0;
    long long version;
    int rc = roster_index_version(db, &version);
    struct roster_index *ix = rc == 0 ? roster_index_acquire(version) : NULL;
    if (!ix && rc == 0 && own) {
        db_rollback(db);
        if (roster_index_refresh(db) < 0 || db_begin_read(db) < 0)
            return 0;
        rc = roster_index_version(db, &version);
        ix = rc == 0 ? roster_index_acquire(version) : NULL;
    }
    long long *ids = NULL;
    size_t count = 0;
    if (ix) {
        ids = arena_calloc(a, (size_t)f->per_page, sizeof *ids);
        rc = roster_index_query(ix, version, f, ids, &count, total);
        roster_index_release(ix);
    }
    if (!ix || rc < 0) {
        if (own)
            db_rollback(db);
        *total = 0;
        return 0;
    }
    struct person_view *items = arena_calloc(a, count ? count : 1, sizeof *items);
    rc = load_by_id(db, ids, count, a, items);
    if (own)
        db_rollback(db); /* read only */
    if (rc == ERR_NOT_FOUND) {
        *total = 0;
        return 0;
    }
    if (rc < 0)
        return rc;
    *rows = items;
    *n = count;
    return 1;
}

int people_list(struct db *db, const struct people_filter *f, struct arena *a,
                struct person_view **rows, size_t *n, long long *total)
{
    *rows = NULL;
    *n = 0;
    *total = 0;
    int rc = list_from_index(db, f, a, rows, n, total);
    if (rc != 0)
        return rc < 0 ? rc : 0;
    return people_list_sql(db, f, a, rows, n, total);
}

static int each(struct db *db, const struct people_filter *f, const long long *ids, size_t nids,
                int (*fn)(const struct person_view *p, void *arg), void *arg)
{
    struct query q;
    int rc = build_query(f, QUERY_ALL, ids, nids, &q);
    struct db_stmt *st = NULL;
    if (rc == 0)
        rc = query_prepare(db, &q, &st);
    query_release(&q);
    if (rc < 0)
        return rc;
    struct person_view v;
    while ((rc = db_step(st)) == DB_ROW) {
        read_view(st, NULL, &v);
        if ((rc = fn(&v, arg)) != 0)
            break;
    }
    db_finalize(st);
    return rc == DB_DONE ? 0 : rc;
}

int people_each(struct db *db, const struct people_filter *f,
                int (*fn)(const struct person_view *p, void *arg), void *arg)
{
    return each(db, f, NULL, 0, fn, arg);
}

int people_each_among(struct db *db, const struct people_filter *f, const long long *ids, size_t n,
                      int (*fn)(const struct person_view *p, void *arg), void *arg)
{
    if (n > PEOPLE_AMONG_MAX)
        return ERR_INVALID;
    return each(db, f, ids, n, fn, arg);
}

int people_get(struct db *db, long long id, struct arena *a, struct person_view *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT " VIEW_COLUMNS VIEW_FROM " WHERE p.id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st);
    if (rc == DB_ROW)
        read_view(st, a, out);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return rc == DB_ROW ? 0 : ERR_NOT_FOUND;
}

int people_get_in(struct db *db, const struct people_scope *scope, long long id, struct arena *a,
                  struct person_view *out)
{
    if (!scope)
        return people_get(db, id, a, out);
    if (scope->nunits > PEOPLE_SCOPE_MAX_UNITS)
        return ERR_INVALID;
    struct query q;
    memset(&q, 0, sizeof q);
    if (scope->nunits) {
        strbuf_puts(&q.sql, "WITH RECURSIVE ");
        scope_cte(&q, scope);
    }
    strbuf_puts(&q.sql, "SELECT " VIEW_COLUMNS VIEW_FROM " WHERE p.id = ?");
    query_int(&q, id);
    bool first = false;
    scope_where(&q, &first, scope);
    struct db_stmt *st;
    int rc = query_prepare(db, &q, &st);
    query_release(&q);
    if (rc < 0)
        return rc;
    rc = db_step(st);
    if (rc == DB_ROW)
        read_view(st, a, out);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return rc == DB_ROW ? 0 : ERR_NOT_FOUND;
}

int people_scope_has_unit(struct db *db, const struct people_scope *scope, long long unit_id,
                          bool *inside)
{
    *inside = false;
    if (!scope) {
        *inside = units_exists(db, unit_id);
        return 0;
    }
    if (scope->nunits == 0)
        return 0;
    if (scope->nunits > PEOPLE_SCOPE_MAX_UNITS)
        return ERR_INVALID;
    struct query q;
    memset(&q, 0, sizeof q);
    strbuf_puts(&q.sql, "WITH RECURSIVE ");
    scope_cte(&q, scope);
    strbuf_puts(&q.sql, "SELECT count(*) FROM scope_sub WHERE id = ?");
    query_int(&q, unit_id);
    struct db_stmt *st;
    int rc = query_prepare(db, &q, &st);
    query_release(&q);
    if (rc < 0)
        return rc;
    rc = db_step(st);
    if (rc == DB_ROW)
        *inside = db_column_int(st, 0) > 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int people_find_by_id_number(struct db *db, const char *id_number, long long *id)
{
    *id = 0;
    if (!id_number || !*id_number)
        return ERR_NOT_FOUND;
    int rc = db_query_int(db, "SELECT id FROM people WHERE id_number = ?", id, 1, id_number);
    if (rc < 0)
        return rc;
    return *id ? 0 : ERR_NOT_FOUND;
}

int people_find_same_name_birth(struct db *db, const char *name, struct date birth,
                                long long except_id, long long *ids, size_t max, size_t *n)
{
    *n = 0;
    if (!name || !*name || date_is_none(birth))
        return 0;
    char month[16];
    date_format_iso((struct date){birth.year, birth.month, 0}, month);
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT id FROM people WHERE name = ? AND substr(birth_date, 1, 7) = ?"
                        " AND id <> ? ORDER BY id",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, name);
    db_bind_text(st, 2, month);
    db_bind_int(st, 3, except_id);
    while (*n < max && (rc = db_step(st)) == DB_ROW)
        ids[(*n)++] = db_column_int(st, 0);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* ---- writing ---- */

static void bind_date(struct db_stmt *st, int i, struct date d)
{
    char buf[16];
    if (date_is_none(d))
        db_bind_null(st, i);
    else
        db_bind_text(st, i, date_format_iso(d, buf));
}

static void bind_ref(struct db_stmt *st, int i, long long id)
{
    if (id > 0)
        db_bind_int(st, i, id);
    else
        db_bind_null(st, i);
}

/* Binds the other reading of `name` (core/pinyin.h) as parameters `i` (full)
 * and `i + 1` (initials), NULL when the surname has one reading. */
static void bind_alternate(struct db_stmt *st, int i, const char *name)
{
    char full[NAME_KEY_SIZE], initials[NAME_KEY_SIZE];
    pinyin_full_alternate(name, full, sizeof full);
    pinyin_initials_alternate(name, initials, sizeof initials);
    if (full[0]) {
        db_bind_text(st, i, full);
        db_bind_text(st, i + 1, initials);
    } else {
        db_bind_null(st, i);
        db_bind_null(st, i + 1);
    }
}

/* Binds the stored fields, the derived name keys and updated_at as
 * parameters 1..23 (the order of PERSON_COLUMN_LIST below). */
static void bind_person(struct db_stmt *st, const struct person *p, const char *now)
{
    char pinyin[NAME_KEY_SIZE], initials[NAME_KEY_SIZE], strokes[NAME_KEY_SIZE];
    const char *name = p->name ? p->name : "";
    int i = 1;
    db_bind_text(st, i++, p->name);
    db_bind_text(st, i++, p->gender);
    bind_date(st, i++, p->birth_date);
    db_bind_text(st, i++, p->ethnicity);
    db_bind_text(st, i++, p->native_place);
    db_bind_text(st, i++, p->birth_place);
    db_bind_text(st, i++, p->party);
    bind_date(st, i++, p->party_join_date);
    bind_date(st, i++, p->work_start_date);
    db_bind_text(st, i++, p->health);
    db_bind_text(st, i++, p->title);
    db_bind_text(st, i++, p->specialty);
    db_bind_text(st, i++, p->id_number);
    db_bind_text(st, i++, p->phone);
    bind_ref(st, i++, p->unit_id);
    db_bind_text(st, i++, p->status ? p->status : "1");
    db_bind_text(st, i++, p->notes);
    db_bind_text(st, i++, pinyin_full(name, pinyin, sizeof pinyin));
    db_bind_text(st, i++, pinyin_initials(name, initials, sizeof initials));
    db_bind_text(st, i++, pinyin_stroke_key(name, strokes, sizeof strokes));
    bind_alternate(st, i, name);
    i += 2;
    db_bind_text(st, i, now);
}

#define PERSON_COLUMN_LIST                                                                         \
    "name, gender, birth_date, ethnicity, native_place, birth_place, party, party_join_date,"      \
    " work_start_date, health, title, specialty, id_number, phone, unit_id, status, notes,"        \
    " name_pinyin, name_initials, name_strokes, name_pinyin_alt, name_initials_alt, updated_at"

int people_update(struct db *db, const struct person *p)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "UPDATE people SET name = ?, gender = ?, birth_date = ?, ethnicity = ?,"
                        " native_place = ?, birth_place = ?, party = ?, party_join_date = ?,"
                        " work_start_date = ?, health = ?, title = ?, specialty = ?,"
                        " id_number = ?, phone = ?, unit_id = ?, status = ?, notes = ?,"
                        " name_pinyin = ?, name_initials = ?, name_strokes = ?,"
                        " name_pinyin_alt = ?, name_initials_alt = ?, updated_at = ?"
                        " WHERE id = ?",
                        &st);
    if (rc < 0)
        return rc;
    char now[21];
    bind_person(st, p, store_now(now));
    db_bind_int(st, 24, p->id);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (db_changes(db) == 0)
        return ERR_NOT_FOUND;
    if ((rc = rowmac_touch(db, "people", p->id)) < 0)
        return rc;
    return roster_index_bump_person(db, p->id);
}

int people_delete(struct db *db, long long id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "DELETE FROM people WHERE id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (db_changes(db) == 0)
        return ERR_NOT_FOUND;
    if ((rc = rowmac_person(db, id)) < 0)
        return rc;
    return roster_index_bump_person(db, id);
}

/* ---- derived current post, rank and education ---- */

/* The ladder position of `code` in table `table` (1 = highest), or 0 when
 * the code is unknown or the table has no order. */
static int code_order(const char *table, const char *code)
{
    const struct code_table *t = codes_table(table);
    const struct code *c = t && code ? codes_by_code(t, code) : NULL;
    return c ? c->order : 0;
}

/* True when a ladder position `order` beats `best` (1 beats 2; 0, unknown,
 * beats nothing). */
static bool order_better(int order, int best)
{
    return order > 0 && (best == 0 || order < best);
}

struct derived {
    char *rank, *rank_start;
    char *post_level, *post_title, *post_start;
    char *education, *degree;
    int rank_order, post_order, education_order;
    /* derived_add_education's working state */
    char *degree_of_best, *first_degree, *best_degree;
    int best_degree_order;
};

static void derived_release(struct derived *d)
{
    free(d->rank);
    free(d->rank_start);
    free(d->post_level);
    free(d->post_title);
    free(d->post_start);
    free(d->education);
    free(d->degree);
    free(d->degree_of_best);
    free(d->first_degree);
    free(d->best_degree);
}

/* One education record, in record order (id), towards the highest
 * education by the ladder of GB/T 4658 and the highest degree by its own
 * ladder (or, where the degree table ranks nothing, the degree that came
 * with the highest education, else the first degree): the one rule of
 * people_refresh_derived and people_insert_with. */
static void derived_add_education(struct derived *d, const char *education, const char *degree)
{
    int order = code_order("education", education);
    if (education && (!d->education || order_better(order, d->education_order))) {
        free(d->education);
        d->education = xstrdup(education);
        d->education_order = order;
        free(d->degree_of_best);
        d->degree_of_best = xstrdup(degree);
    }
    if (degree && !d->first_degree)
        d->first_degree = xstrdup(degree);
    int dorder = code_order("degree", degree);
    if (degree && order_better(dorder, d->best_degree_order)) {
        free(d->best_degree);
        d->best_degree = xstrdup(degree);
        d->best_degree_order = dorder;
    }
}

/* Sets d->degree once every education record has been added. */
static void derived_finish_education(struct derived *d)
{
    char **from = d->best_degree      ? &d->best_degree
                  : d->degree_of_best ? &d->degree_of_best
                                      : &d->first_degree;
    d->degree = *from;
    *from = NULL;
}

static int derive_career(struct db *db, long long person_id, struct derived *d)
{
    struct db_stmt *st;
    /* Current = no end date; the latest start wins (ties: the later record). */
    int rc = db_prepare(db,
                        "SELECT rank, start_date FROM career WHERE person_id = ? AND kind = 'rank'"
                        " AND end_date IS NULL ORDER BY start_date DESC, id DESC LIMIT 1",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, person_id);
    if ((rc = db_step(st)) == DB_ROW) {
        d->rank = xstrdup(db_column_text(st, 0));
        d->rank_start = xstrdup(db_column_text(st, 1));
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    /* A concurrent post (兼任) never replaces a main one: main posts first. */
    rc = db_prepare(db,
                    "SELECT post_level, title, start_date FROM career WHERE person_id = ?"
                    " AND kind = 'post' AND end_date IS NULL"
                    " ORDER BY concurrent, start_date DESC, id DESC LIMIT 1",
                    &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, person_id);
    if ((rc = db_step(st)) == DB_ROW) {
        d->post_level = xstrdup(db_column_text(st, 0));
        d->post_title = xstrdup(db_column_text(st, 1));
        d->post_start = xstrdup(db_column_text(st, 2));
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    d->rank_order = code_order("rank", d->rank);
    d->post_order = code_order("post_level", d->post_level);
    return 0;
}

/* The highest education and degree (derived_add_education) of the
 * person's education records. */
static int derive_education(struct db *db, long long person_id, struct derived *d)
{
    struct db_stmt *st;
    int rc = db_prepare(
        db, "SELECT education, degree FROM education WHERE person_id = ? ORDER BY id", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, person_id);
    while ((rc = db_step(st)) == DB_ROW)
        derived_add_education(d, db_column_text(st, 0), db_column_text(st, 1));
    db_finalize(st);
    derived_finish_education(d);
    return rc < 0 ? rc : 0;
}

static void bind_order(struct db_stmt *st, int i, int order)
{
    if (order > 0)
        db_bind_int(st, i, order);
    else
        db_bind_null(st, i);
}

int people_refresh_derived(struct db *db, long long person_id)
{
    struct derived d = {0};
    int rc = derive_career(db, person_id, &d);
    if (rc == 0)
        rc = derive_education(db, person_id, &d);
    struct db_stmt *st = NULL;
    if (rc == 0)
        rc = db_prepare(db,
                        "UPDATE people SET current_rank = ?, current_rank_order = ?,"
                        " current_rank_start = ?, current_post_level = ?, current_post_order = ?,"
                        " current_post_title = ?, current_post_start = ?, education = ?,"
                        " education_order = ?, degree = ? WHERE id = ?",
                        &st);
    if (rc == 0) {
        db_bind_text(st, 1, d.rank);
        bind_order(st, 2, d.rank_order);
        db_bind_text(st, 3, d.rank_start);
        db_bind_text(st, 4, d.post_level);
        bind_order(st, 5, d.post_order);
        db_bind_text(st, 6, d.post_title);
        db_bind_text(st, 7, d.post_start);
        db_bind_text(st, 8, d.education);
        bind_order(st, 9, d.education_order);
        db_bind_text(st, 10, d.degree);
        db_bind_int(st, 11, person_id);
        rc = db_step(st);
        db_finalize(st);
        if (rc >= 0)
            rc = db_changes(db) > 0 ? roster_index_bump_person(db, person_id) : ERR_NOT_FOUND;
    }
    derived_release(&d);
    return rc;
}

/* The derived columns of a person about to be inserted with the records
 * `r` (NULL: none), by the rules of people_refresh_derived: one current
 * rank and one current main post are the current ones. */
static void derive_first(const struct people_first_records *r, struct derived *d)
{
    char buf[16];
    if (!r)
        return;
    if (r->rank) {
        d->rank = xstrdup(r->rank);
        d->rank_start =
            date_is_none(r->rank_start) ? NULL : xstrdup(date_format_iso(r->rank_start, buf));
        d->rank_order = code_order("rank", d->rank);
    }
    if (r->post_level) {
        d->post_level = xstrdup(r->post_level);
        d->post_title = xstrdup(r->post_title);
        d->post_start =
            date_is_none(r->post_start) ? NULL : xstrdup(date_format_iso(r->post_start, buf));
        d->post_order = code_order("post_level", d->post_level);
    }
    for (size_t i = 0; i < r->neducation && i < PEOPLE_FIRST_EDUCATIONS; i++)
        derived_add_education(d, r->education[i].education, r->education[i].degree);
    derived_finish_education(d);
}

int people_insert_with(struct db *db, struct person *p, const struct people_first_records *r)
{
    struct db_stmt *st;
    int rc = db_prepare(
        db,
        "INSERT INTO people (" PERSON_COLUMN_LIST ", created_at, current_rank,"
        " current_rank_order, current_rank_start, current_post_level, current_post_order,"
        " current_post_title, current_post_start, education, education_order, degree)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " RETURNING id",
        &st);
    if (rc < 0)
        return rc;
    char now[21];
    store_now(now);
    bind_person(st, p, now);
    db_bind_text(st, 24, now);
    struct derived d = {0};
    derive_first(r, &d);
    db_bind_text(st, 25, d.rank);
    bind_order(st, 26, d.rank_order);
    db_bind_text(st, 27, d.rank_start);
    db_bind_text(st, 28, d.post_level);
    bind_order(st, 29, d.post_order);
    db_bind_text(st, 30, d.post_title);
    db_bind_text(st, 31, d.post_start);
    db_bind_text(st, 32, d.education);
    bind_order(st, 33, d.education_order);
    db_bind_text(st, 34, d.degree);
    rc = db_step_id(st, &p->id);
    db_finalize(st);
    derived_release(&d);
    if (rc < 0 || (rc = rowmac_touch(db, "people", p->id)) < 0)
        return rc;
    return roster_index_bump_person(db, p->id);
}

int people_insert(struct db *db, struct person *p)
{
    return people_insert_with(db, p, NULL);
}

int people_first_in_unit(struct db *db, long long unit_id, long long *id)
{
    struct db_stmt *st;
    int rc = db_prepare(
        db, "SELECT coalesce(min(id), 0) FROM people WHERE unit_id = ? AND status = '1'", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, unit_id);
    *id = 0;
    if ((rc = db_step(st)) == DB_ROW)
        *id = db_column_int(st, 0);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* The settings key holding the PINYIN_KEYS_VERSION the stored keys follow. */
#define NAME_KEYS_SETTING "pinyin.keys_version"

int people_refresh_name_keys(struct db *db, long long *rewritten)
{
    *rewritten = 0;
    long long version = 0;
    int rc = db_query_int(db,
                          "SELECT coalesce(max(CAST(value AS INTEGER)), 0) FROM settings"
                          " WHERE key = ?",
                          &version, 1, NAME_KEYS_SETTING);
    if (rc < 0 || version == PINYIN_KEYS_VERSION)
        return rc < 0 ? rc : 0;
    if ((rc = db_begin(db)) < 0)
        return rc;
    /* Ids and names first, then the updates: no statement reads the table
     * while another writes it. */
    struct db_stmt *st = NULL;
    long long *ids = NULL;
    char **names = NULL;
    size_t n = 0, cap = 0;
    if ((rc = db_prepare(db, "SELECT id, name FROM people ORDER BY id", &st)) < 0)
        goto done;
    while ((rc = db_step(st)) == DB_ROW) {
        if (n == cap) {
            cap = cap ? 2 * cap : 1024;
            ids = xrealloc(ids, cap * sizeof *ids);
            names = xrealloc(names, cap * sizeof *names);
        }
        const char *name = db_column_text(st, 1);
        ids[n] = db_column_int(st, 0);
        names[n++] = xstrdup(name ? name : "");
    }
    db_finalize(st);
    st = NULL;
    if (rc < 0)
        goto done;
    if ((rc = db_prepare(db,
                         "UPDATE people SET name_pinyin = ?, name_initials = ?, name_strokes = ?,"
                         " name_pinyin_alt = ?, name_initials_alt = ? WHERE id = ?",
                         &st)) < 0)
        goto done;
    for (size_t i = 0; i < n && rc >= 0; i++) {
        char pinyin[NAME_KEY_SIZE], initials[NAME_KEY_SIZE], strokes[NAME_KEY_SIZE];
        db_bind_text(st, 1, pinyin_full(names[i], pinyin, sizeof pinyin));
        db_bind_text(st, 2, pinyin_initials(names[i], initials, sizeof initials));
        db_bind_text(st, 3, pinyin_stroke_key(names[i], strokes, sizeof strokes));
        bind_alternate(st, 4, names[i]);
        db_bind_int(st, 6, ids[i]);
        rc = db_step(st);
        db_reset(st);
    }
    db_finalize(st);
    st = NULL;
    if (rc < 0)
        goto done;
    /* Every list order may have changed: the snapshots are rebuilt. */
    if ((rc = roster_index_bump(db)) < 0)
        goto done;
    {
        char now[21], value[16];
        snprintf(value, sizeof value, "%d", PINYIN_KEYS_VERSION);
        if ((rc = db_prepare(db,
                             "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)"
                             " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                             " updated_at = excluded.updated_at",
                             &st)) < 0)
            goto done;
        db_bind_text(st, 1, NAME_KEYS_SETTING);
        db_bind_text(st, 2, value);
        db_bind_text(st, 3, store_now(now));
        rc = db_step(st);
        db_finalize(st);
        st = NULL;
    }
done:
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(ids);
    if (rc < 0) {
        db_rollback(db);
        return rc;
    }
    *rewritten = (long long)n;
    return db_commit(db);
}
