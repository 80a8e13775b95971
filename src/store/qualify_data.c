/* qualify_data.c — reading the engine's inputs: one reader per table that
 * serves both the one-person query and the merged scan of every person. */
#include "store/qualify_data.h"

#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "store/qualify_changes.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/xmalloc.h"

/* Below this many ids a filtered walk asks per person; above it one
 * ordered scan of each table is cheaper than thousands of lookups. */
enum { PER_PERSON_MAX = 2000, PROGRESS_EVERY = 10000 };

/* ---- units ------------------------------------------------------------- */

struct unit_info {
    long long id, parent_id;
    const char *kind, *function, *name;
};

struct units_map {
    struct unit_info *items; /* sorted by id */
    size_t n;
};

static int units_load(struct db *db, struct arena *a, struct units_map *m)
{
    m->items = NULL;
    m->n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT id, coalesce(parent_id, 0), kind, function, name FROM units "
                        "ORDER BY id",
                        &st);
    if (rc < 0)
        return rc;
    size_t cap = 64;
    m->items = arena_calloc(a, cap, sizeof *m->items);
    while ((rc = db_step(st)) == DB_ROW) {
        if (m->n == cap) {
            struct unit_info *more = arena_calloc(a, cap * 2, sizeof *more);
            memcpy(more, m->items, m->n * sizeof *more);
            m->items = more;
            cap *= 2;
        }
        struct unit_info *u = &m->items[m->n++];
        u->id = db_column_int(st, 0);
        u->parent_id = db_column_int(st, 1);
        u->kind = arena_strdup(a, db_column_text(st, 2));
        /* A unit_function code (migration 0006); the engine reads its label. */
        const char *function = codes_label("unit_function", db_column_text(st, 3));
        u->function = arena_strdup(a, function ? function : db_column_text(st, 3));
        u->name = arena_strdup(a, db_column_text(st, 4));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static const struct unit_info *unit_find(const struct units_map *m, long long id)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->items[mid].id < id)
            lo = mid + 1;
        else if (m->items[mid].id > id)
            hi = mid;
        else
            return &m->items[mid];
    }
    return NULL;
}

/* The organ (机关) a unit belongs to: the nearest unit up the tree (itself
 * included) that is a 机关 (1), 直属单位 (3) or 派出机构 (4), else the root:
 * 回避 between a 处室 and its 厅 is "the same organ". The walk is bounded
 * in case of a cycle the store would not allow anyway. */
static long long organ_of(const struct units_map *m, long long unit_id)
{
    long long id = unit_id, last = 0;
    for (int depth = 0; id && depth < 64; depth++) {
        const struct unit_info *u = unit_find(m, id);
        if (!u)
            break;
        last = u->id;
        if (u->kind && (!strcmp(u->kind, "1") || !strcmp(u->kind, "3") || !strcmp(u->kind, "4")))
            return u->id;
        id = u->parent_id;
    }
    return last;
}

/* ---- readers ----------------------------------------------------------- */

static struct date date_col(struct db_stmt *st, int col)
{
    struct date d = DATE_NONE;
    const char *s = db_column_text(st, col);
    if (s && date_parse_iso(s, &d) != 0)
        d = DATE_NONE;
    return d;
}

static const char *text_col(struct db_stmt *st, int col, struct arena *a)
{
    const char *s = db_column_text(st, col);
    return s ? arena_strdup(a, s) : NULL;
}

/* A growable array in an arena. */
struct vec {
    char *items;
    size_t n, cap, size;
};

static void *vec_push(struct vec *v, struct arena *a)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        char *more = arena_calloc(a, cap, v->size);
        if (v->n)
            memcpy(more, v->items, v->n * v->size);
        v->items = more;
        v->cap = cap;
    }
    return v->items + v->size * v->n++;
}

/* Column 0 of every reader's SELECT is person_id. */
#define PERSON_COLS                                                                                \
    "p.id, p.name, p.gender, p.birth_date, p.party, p.party_join_date, p.work_start_date, "        \
    "p.id_number, coalesce(p.unit_id, 0), p.status, p.current_rank, p.current_post_level, "        \
    "p.current_post_title"

static void read_person(struct db_stmt *st, struct arena *a, struct qualify_subject *s)
{
    struct person *p = &s->person;
    memset(p, 0, sizeof *p);
    p->id = db_column_int(st, 0);
    p->name = text_col(st, 1, a);
    p->gender = text_col(st, 2, a);
    p->birth_date = date_col(st, 3);
    p->party = text_col(st, 4, a);
    p->party_join_date = date_col(st, 5);
    p->work_start_date = date_col(st, 6);
    p->id_number = text_col(st, 7, a);
    p->unit_id = db_column_int(st, 8);
    p->status = text_col(st, 9, a);
    s->current_rank = text_col(st, 10, a);
    s->current_post_level = text_col(st, 11, a);
    s->current_post_title = text_col(st, 12, a);
}

/* The same columns with NULL in place of what only the record checks and
 * 回避 read (QUALIFY_DATA_LEAN): the positions stay, so one reader serves
 * both, and SQLite neither copies nor decodes what is not wanted. */
#define PERSON_COLS_LEAN                                                                           \
    "p.id, p.name, p.gender, p.birth_date, p.party, p.party_join_date, p.work_start_date, "        \
    "NULL, coalesce(p.unit_id, 0), p.status, p.current_rank, p.current_post_level, NULL"

/* T_TRAINING_CLASS and T_TRAINING_EXTERNAL are the training module's hours
 * (migration 0011): read like T_TRAINING's rows and gathered with them. */
enum table {
    T_CAREER,
    T_EDUCATION,
    T_ASSESSMENT,
    T_PUNISHMENT,
    T_FAMILY,
    T_TRAINING,
    T_TRAINING_CLASS,
    T_TRAINING_EXTERNAL,
    T_COUNT
};

static const struct {
    const char *columns, *lean_columns, *from, *order;
} tables[T_COUNT] = {
    [T_CAREER] = {"person_id, id, kind, coalesce(unit_id, 0), title, post_level, rank, start_date, "
                  "end_date, concurrent, grassroots",
                  "person_id, id, kind, coalesce(unit_id, 0), title, post_level, rank, start_date, "
                  "end_date, concurrent, grassroots",
                  "career", "start_date, id"},
    [T_EDUCATION] = {"person_id, id, kind, education, degree, start_date, end_date",
                     "person_id, id, NULL, education, NULL, NULL, NULL", "education", "id"},
    [T_ASSESSMENT] = {"person_id, id, year, grade", "person_id, id, year, grade", "assessments",
                      "year"},
    [T_PUNISHMENT] = {"person_id, id, kind, decision_date, effect_months",
                      "person_id, id, kind, decision_date, effect_months", "punishments", "id"},
    [T_FAMILY] = {"person_id, id, relation, name, birth_date, id_number, status, work_unit",
                  "person_id, id, relation, NULL, NULL, NULL, status, NULL", "family", "id"},
    [T_TRAINING] = {"person_id, hours, start_date, end_date",
                    "person_id, hours, start_date, end_date", "training", "id"},
    /* The credited hours of a completed class whose hours are recognised
     * (centralised) training, and approved external training: only
     * recognised hours count toward the §5 figures (docs/training.md). The
     * subqueries are flattened, so each cursor walks its person index. */
    [T_TRAINING_CLASS] = {"person_id, credited, start_date, end_date",
                          "person_id, credited, start_date, end_date",
                          "(SELECT e.person_id, e.id, e.credited, c.start_date, c.end_date "
                          "FROM training_enrolments e JOIN training_classes c ON c.id = e.class_id "
                          "WHERE e.status = 'completed' AND c.recognised = 1) tc",
                          "id"},
    [T_TRAINING_EXTERNAL] = {"person_id, hours, start_date, end_date",
                             "person_id, hours, start_date, end_date",
                             "(SELECT person_id, id, hours, start_date, end_date "
                             "FROM training_external "
                             "WHERE status = 'approved' AND recognised = 1) te",
                             "end_date, id"},
};

/* The arrays of one person while they are read. */
struct gather {
    struct vec v[T_COUNT];
};

static void gather_init(struct gather *g)
{
    static const size_t sizes[T_COUNT] = {
        [T_CAREER] = sizeof(struct career_record),
        [T_EDUCATION] = sizeof(struct education_record),
        [T_ASSESSMENT] = sizeof(struct assessment_record),
        [T_PUNISHMENT] = sizeof(struct punishment_record),
        [T_FAMILY] = sizeof(struct family_record),
        [T_TRAINING] = sizeof(struct qualify_training),
        [T_TRAINING_CLASS] = sizeof(struct qualify_training),
        [T_TRAINING_EXTERNAL] = sizeof(struct qualify_training),
    };
    memset(g, 0, sizeof *g);
    for (int t = 0; t < T_COUNT; t++)
        g->v[t].size = sizes[t];
}

static void read_row(enum table t, struct db_stmt *st, struct arena *a, struct gather *g)
{
    /* The module's hours join the hand-typed ones. */
    enum table into = t == T_TRAINING_CLASS || t == T_TRAINING_EXTERNAL ? T_TRAINING : t;
    void *item = vec_push(&g->v[into], a);
    switch (t) {
    case T_CAREER: {
        struct career_record *r = item;
        r->person_id = db_column_int(st, 0);
        r->id = db_column_int(st, 1);
        r->kind = text_col(st, 2, a);
        r->unit_id = db_column_int(st, 3);
        r->title = text_col(st, 4, a);
        r->post_level = text_col(st, 5, a);
        r->rank = text_col(st, 6, a);
        r->start_date = date_col(st, 7);
        r->end_date = date_col(st, 8);
        r->concurrent = db_column_int(st, 9) != 0;
        r->grassroots = db_column_int(st, 10) != 0;
        break;
    }
    case T_EDUCATION: {
        struct education_record *r = item;
        r->person_id = db_column_int(st, 0);
        r->id = db_column_int(st, 1);
        r->kind = text_col(st, 2, a);
        r->education = text_col(st, 3, a);
        r->degree = text_col(st, 4, a);
        r->start_date = date_col(st, 5);
        r->end_date = date_col(st, 6);
        break;
    }
    case T_ASSESSMENT: {
        struct assessment_record *r = item;
        r->person_id = db_column_int(st, 0);
        r->id = db_column_int(st, 1);
        r->year = db_column_int(st, 2);
        r->grade = text_col(st, 3, a);
        break;
    }
    case T_PUNISHMENT: {
        struct punishment_record *r = item;
        r->person_id = db_column_int(st, 0);
        r->id = db_column_int(st, 1);
        r->kind = text_col(st, 2, a);
        r->decision_date = date_col(st, 3);
        r->effect_months = db_column_int(st, 4);
        break;
    }
    case T_FAMILY: {
        struct family_record *r = item;
        r->person_id = db_column_int(st, 0);
        r->id = db_column_int(st, 1);
        r->relation = text_col(st, 2, a);
        r->name = text_col(st, 3, a);
        r->birth_date = date_col(st, 4);
        r->id_number = text_col(st, 5, a);
        r->status = text_col(st, 6, a);
        r->work_unit = text_col(st, 7, a);
        break;
    }
    case T_TRAINING:
    case T_TRAINING_CLASS:
    case T_TRAINING_EXTERNAL: {
        struct qualify_training *r = item;
        r->hours = (double)db_column_int(st, 1);
        /* A course counts on the day it ends (the hours are earned then). */
        struct date end = date_col(st, 3);
        r->date = date_is_none(end) ? date_col(st, 2) : end;
        break;
    }
    case T_COUNT:
        break;
    }
}

/* Merged months of the career records marked 基层 up to `as_of`; -1 when
 * none is marked. Records arrive ordered by start date. */
static int grassroots_months(const struct career_record *c, size_t n, struct date as_of)
{
    bool any = false;
    int months = 0;
    struct date run_start = DATE_NONE, run_end = DATE_NONE;
    for (size_t i = 0; i < n; i++) {
        if (!c[i].grassroots || date_is_none(c[i].start_date))
            continue;
        any = true;
        if (date_compare(c[i].start_date, as_of) > 0)
            continue;
        struct date end = c[i].end_date;
        if (date_is_none(end) || date_compare(end, as_of) > 0)
            end = as_of;
        if (!date_is_none(run_start) && date_compare(c[i].start_date, run_end) <= 0) {
            if (date_compare(end, run_end) > 0)
                run_end = end;
            continue;
        }
        if (!date_is_none(run_start))
            months += date_months_between(run_start, run_end);
        run_start = c[i].start_date;
        run_end = end;
    }
    if (!date_is_none(run_start))
        months += date_months_between(run_start, run_end);
    return any ? months : -1;
}

/* The cadres of the registry who match a family record of `s` by ID
 * number, or by name and birth date: the 回避 candidates. */
static int load_colleagues(struct db *db, const struct units_map *m, struct arena *a,
                           struct qualify_subject *s)
{
    const struct family_record *fam = s->in.family;
    struct vec v = {.size = sizeof(struct qualify_colleague)};
    struct db_stmt *by_id, *by_name;
    int rc = db_prepare(db,
                        "SELECT id, name, id_number, birth_date, coalesce(unit_id, 0), "
                        "current_post_level FROM people WHERE id_number = ? AND id <> ?",
                        &by_id);
    if (rc < 0)
        return rc;
    if ((rc = db_prepare(db,
                         "SELECT id, name, id_number, birth_date, coalesce(unit_id, 0), "
                         "current_post_level FROM people WHERE name = ? AND birth_date = ? "
                         "AND id <> ?",
                         &by_name)) < 0) {
        db_finalize(by_id);
        return rc;
    }
    for (size_t i = 0; i < s->in.family_count && rc >= 0; i++) {
        struct db_stmt *st;
        char buf[11];
        if (fam[i].id_number && *fam[i].id_number) {
            st = by_id;
            db_bind_text(st, 1, fam[i].id_number);
            db_bind_int(st, 2, s->person.id);
        } else if (fam[i].name && !date_is_none(fam[i].birth_date)) {
            st = by_name;
            db_bind_text(st, 1, fam[i].name);
            db_bind_text(st, 2, date_format_iso(fam[i].birth_date, buf));
            db_bind_int(st, 3, s->person.id);
        } else {
            continue;
        }
        while ((rc = db_step(st)) == DB_ROW) {
            struct qualify_colleague *c = vec_push(&v, a);
            c->person_id = db_column_int(st, 0);
            c->name = text_col(st, 1, a);
            c->id_number = text_col(st, 2, a);
            c->birth_date = date_col(st, 3);
            c->unit_id = db_column_int(st, 4);
            c->post_level = text_col(st, 5, a);
            c->organ_id = organ_of(m, c->unit_id);
            const struct unit_info *u = unit_find(m, c->unit_id);
            c->unit_function = u && u->function ? u->function : "";
        }
        db_reset(st);
    }
    db_finalize(by_id);
    db_finalize(by_name);
    if (rc < 0)
        return rc;
    s->in.colleagues = (const struct qualify_colleague *)v.items;
    s->in.colleague_count = v.n;
    return 0;
}

/* Fills the rest of `s` once its person and arrays are read. */
static int finish_subject(struct db *db, const struct units_map *m, struct gather *g,
                          struct date as_of, unsigned flags, struct arena *a,
                          struct qualify_subject *s)
{
    struct qualify_input *in = &s->in;
    memset(in, 0, sizeof *in);
    in->person = &s->person;
    in->career = (const struct career_record *)g->v[T_CAREER].items;
    in->career_count = g->v[T_CAREER].n;
    in->education = (const struct education_record *)g->v[T_EDUCATION].items;
    in->education_count = g->v[T_EDUCATION].n;
    in->assessments = (const struct assessment_record *)g->v[T_ASSESSMENT].items;
    in->assessment_count = g->v[T_ASSESSMENT].n;
    in->punishments = (const struct punishment_record *)g->v[T_PUNISHMENT].items;
    in->punishment_count = g->v[T_PUNISHMENT].n;
    in->family = (const struct family_record *)g->v[T_FAMILY].items;
    in->family_count = g->v[T_FAMILY].n;
    in->training = (const struct qualify_training *)g->v[T_TRAINING].items;
    in->training_count = g->v[T_TRAINING].n;
    in->grassroots_months = grassroots_months(in->career, in->career_count, as_of);
    const struct unit_info *u = unit_find(m, s->person.unit_id);
    s->unit_name = u ? u->name : NULL;
    in->organ_id = organ_of(m, s->person.unit_id);
    in->unit_function = u && u->function ? u->function : "";
    if (flags & QUALIFY_DATA_COLLEAGUES)
        return load_colleagues(db, m, a, s);
    return 0;
}

/* Reads one person by id with one query per table. */
static int read_one(struct db *db, const struct units_map *m, long long person_id,
                    struct date as_of, unsigned flags, struct arena *a, struct qualify_subject *s)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT " PERSON_COLS " FROM people p WHERE p.id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, person_id);
    rc = db_step(st);
    if (rc == DB_ROW)
        read_person(st, a, s);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (rc != DB_ROW)
        return ERR_NOT_FOUND;
    struct gather g;
    gather_init(&g);
    for (int t = 0; t < T_COUNT; t++) {
        char *sql = arena_sprintf(a, "SELECT %s FROM %s WHERE person_id = ? ORDER BY %s",
                                  tables[t].columns, tables[t].from, tables[t].order);
        if ((rc = db_prepare(db, sql, &st)) < 0)
            return rc;
        db_bind_int(st, 1, person_id);
        while ((rc = db_step(st)) == DB_ROW)
            read_row((enum table)t, st, a, &g);
        db_finalize(st);
        if (rc < 0)
            return rc;
    }
    return finish_subject(db, m, &g, as_of, flags, a, s);
}

int qualify_data_person(struct db *db, long long person_id, struct date as_of, unsigned flags,
                        struct arena *a, struct qualify_subject *out)
{
    struct units_map m;
    int rc = units_load(db, a, &m);
    if (rc < 0)
        return rc;
    return read_one(db, &m, person_id, as_of, flags, a, out);
}

/* ---- the merged scan --------------------------------------------------- */

static int compare_ids(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

/* True when `id` is in the sorted `ids` (or there is no list). */
static bool wanted(const long long *ids, size_t n, long long id)
{
    return !ids || bsearch(&id, ids, n, sizeof *ids, compare_ids) != NULL;
}

/* A cursor over one table ordered by person_id. */
struct cursor {
    struct db_stmt *st;
    int rc;           /* DB_ROW while on a row */
    long long person; /* person_id of the current row */
};

static int cursor_step(struct cursor *c)
{
    c->rc = db_step(c->st);
    c->person = c->rc == DB_ROW ? db_column_int(c->st, 0) : 0;
    return c->rc < 0 ? c->rc : 0;
}

/* Merges the people statement with the per-table cursors (all ordered by
 * person id): each wanted person's rows are gathered into a fresh arena and
 * handed to `fn`. Counts the people done in `*done`. */
static int walk(struct db *db, const struct units_map *m, struct cursor *people,
                struct cursor cur[T_COUNT], const long long *ids, size_t n, struct date as_of,
                unsigned flags, int (*fn)(const struct qualify_subject *s, void *arg),
                void (*progress)(size_t done, void *arg), void *arg, size_t *done)
{
    int rc = 0;
    for (int t = 0; t < T_COUNT && rc == 0; t++)
        rc = cursor_step(&cur[t]);
    /* One arena, emptied after each person. */
    struct arena *a = arena_new();
    while (rc == 0) {
        if ((rc = db_step(people->st)) != DB_ROW)
            break;
        rc = 0;
        long long id = db_column_int(people->st, 0);
        bool want = wanted(ids, n, id);
        struct qualify_subject s;
        struct gather g;
        gather_init(&g);
        if (want)
            read_person(people->st, a, &s);
        for (int t = 0; t < T_COUNT && rc == 0; t++) {
            /* Rows of people that no longer exist, or that come before
             * this one, are passed over. */
            while (rc == 0 && cur[t].rc == DB_ROW && cur[t].person < id)
                rc = cursor_step(&cur[t]);
            while (rc == 0 && cur[t].rc == DB_ROW && cur[t].person == id) {
                if (want)
                    read_row((enum table)t, cur[t].st, a, &g);
                rc = cursor_step(&cur[t]);
            }
        }
        if (want && rc == 0 && (rc = finish_subject(db, m, &g, as_of, flags, a, &s)) == 0)
            rc = fn(&s, arg);
        arena_reset(a);
        if (want && ++*done % PROGRESS_EVERY == 0 && progress)
            progress(*done, arg);
    }
    arena_free(a);
    return rc == DB_DONE ? 0 : rc;
}

/* Prepares the people statement and one cursor per table: every row when
 * `range` is false, else the person ids in [?1, ?2). */
static int prepare_scan(struct db *db, unsigned flags, bool range, struct cursor *people,
                        struct cursor cur[T_COUNT])
{
    struct arena *sql = arena_new();
    bool lean = (flags & QUALIFY_DATA_LEAN) != 0;
    const char *where = range ? " WHERE person_id >= ?1 AND person_id < ?2" : "";
    int rc = db_prepare(db,
                        arena_sprintf(sql, "SELECT %s FROM people p%s ORDER BY p.id",
                                      lean ? PERSON_COLS_LEAN : PERSON_COLS,
                                      range ? " WHERE p.id >= ?1 AND p.id < ?2" : ""),
                        &people->st);
    for (int t = 0; t < T_COUNT && rc == 0; t++)
        rc = db_prepare(db,
                        arena_sprintf(sql, "SELECT %s FROM %s%s ORDER BY person_id, %s",
                                      lean ? tables[t].lean_columns : tables[t].columns,
                                      tables[t].from, where, tables[t].order),
                        &cur[t].st);
    arena_free(sql);
    return rc;
}

static void finish_scan(struct cursor *people, struct cursor cur[T_COUNT])
{
    db_finalize(people->st);
    for (int t = 0; t < T_COUNT; t++)
        db_finalize(cur[t].st);
}

/* Every person (or the wanted ones) by one scan per table, all in person
 * order; each person's rows are gathered into a fresh arena. */
static int scan_all(struct db *db, const struct units_map *m, const long long *ids, size_t n,
                    struct date as_of, unsigned flags,
                    int (*fn)(const struct qualify_subject *s, void *arg),
                    void (*progress)(size_t done, void *arg), void *arg)
{
    struct cursor people = {0}, cur[T_COUNT] = {{0}};
    size_t done = 0;
    int rc = prepare_scan(db, flags, false, &people, cur);
    if (rc == 0)
        rc = walk(db, m, &people, cur, ids, n, as_of, flags, fn, progress, arg, &done);
    finish_scan(&people, cur);
    if (rc == 0 && progress)
        progress(done, arg);
    return rc;
}

/* ---- ranges of ids, for several readers at once ------------------------ */

struct qualify_reader {
    struct db *db;
    unsigned flags;
    struct arena *units_arena;
    struct units_map units;
};

int qualify_reader_open(struct db *db, unsigned flags, struct qualify_reader **out)
{
    struct qualify_reader *r = xcalloc(1, sizeof *r);
    r->db = db;
    r->flags = flags;
    r->units_arena = arena_new();
    int rc = units_load(db, r->units_arena, &r->units);
    if (rc < 0) {
        qualify_reader_free(r);
        r = NULL;
    }
    *out = r;
    return rc < 0 ? rc : 0;
}

void qualify_reader_free(struct qualify_reader *r)
{
    if (!r)
        return;
    arena_free(r->units_arena);
    free(r);
}

int qualify_reader_range(struct qualify_reader *r, long long from, long long to, struct date as_of,
                         int (*fn)(const struct qualify_subject *s, void *arg), void *arg)
{
    struct cursor people = {0}, cur[T_COUNT] = {{0}};
    size_t done = 0;
    int rc = prepare_scan(r->db, r->flags, true, &people, cur);
    if (rc == 0) {
        db_bind_int(people.st, 1, from);
        db_bind_int(people.st, 2, to);
        for (int t = 0; t < T_COUNT; t++) {
            db_bind_int(cur[t].st, 1, from);
            db_bind_int(cur[t].st, 2, to);
        }
        rc = walk(r->db, &r->units, &people, cur, NULL, 0, as_of, r->flags, fn, NULL, arg, &done);
    }
    finish_scan(&people, cur);
    return rc;
}

int qualify_data_id_range(struct db *db, long long *first, long long *last)
{
    int rc = db_query_int(db, "SELECT coalesce(min(id), 0) FROM people", first, 0);
    if (rc == 0)
        rc = db_query_int(db, "SELECT coalesce(max(id), 0) FROM people", last, 0);
    return rc;
}

int qualify_data_versions(struct db *db, long long *roster, long long *qualify)
{
    int rc = db_query_int(db, "SELECT version FROM roster_version WHERE id = 1", roster, 0);
    if (rc == 0)
        rc = qualify_data_version(db, qualify);
    return rc;
}

int qualify_data_each(struct db *db, const long long *ids, size_t n, struct date as_of,
                      unsigned flags, int (*fn)(const struct qualify_subject *s, void *arg),
                      void (*progress)(size_t done, void *arg), void *arg)
{
    struct arena *units = arena_new();
    struct units_map m;
    int rc = units_load(db, units, &m);
    if (rc == 0 && ids && n <= PER_PERSON_MAX) {
        for (size_t i = 0; i < n && rc == 0; i++) {
            struct arena *a = arena_new();
            struct qualify_subject s;
            rc = read_one(db, &m, ids[i], as_of, flags, a, &s);
            if (rc == ERR_NOT_FOUND)
                rc = 0;
            else if (rc == 0)
                rc = fn(&s, arg);
            arena_free(a);
            if (progress && ((i + 1) % PROGRESS_EVERY == 0 || i + 1 == n))
                progress(i + 1, arg);
        }
    } else if (rc == 0) {
        rc = scan_all(db, &m, ids, n, as_of, flags, fn, progress, arg);
    }
    arena_free(units);
    return rc;
}

/* ---- one snapshot on several connections ------------------------------ */

/* Debian 12's SQLite has no sqlite3_snapshot_open, so connections cannot be
 * put on one WAL snapshot directly. Each opens a read transaction instead
 * and reads the two versions (every write the engine could see bumps one
 * of them inside its own transaction); when every connection reads the
 * pair `db` read, all of them read the same commit. A write that lands in
 * between shows as a different pair: then every transaction is rolled back
 * and the whole is tried again. */
enum { SNAPSHOT_TRIES = 50 };

static void rollback_all(struct db *db, struct db **conns, size_t n)
{
    db_rollback(db);
    for (size_t i = 0; i < n; i++)
        if (conns[i])
            db_rollback(conns[i]);
}

int qualify_data_open_readers(struct db *db, const char *url, size_t n, struct db **conns,
                              char **msg)
{
    *msg = NULL;
    for (size_t i = 0; i < n; i++)
        conns[i] = NULL;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        if ((rc = db_open(url, &conns[i], msg)) == 0)
            rc = db_set_read_only(conns[i]);
    for (int attempt = 0; rc == 0 && attempt < SNAPSHOT_TRIES; attempt++) {
        long long roster, qualify;
        if ((rc = db_begin_read(db)) < 0 || (rc = qualify_data_versions(db, &roster, &qualify)) < 0)
            break;
        bool same = true;
        for (size_t i = 0; i < n && rc == 0 && same; i++) {
            long long r, q;
            if ((rc = db_begin_read(conns[i])) == 0 &&
                (rc = qualify_data_versions(conns[i], &r, &q)) == 0)
                same = r == roster && q == qualify;
        }
        if (rc == 0 && same)
            return 0;
        rollback_all(db, conns, n);
        if (rc == 0 && attempt + 1 == SNAPSHOT_TRIES)
            rc = ERR_UNAVAILABLE;
    }
    rollback_all(db, conns, n);
    for (size_t i = 0; i < n; i++) {
        db_close(conns[i]);
        conns[i] = NULL;
    }
    return rc;
}

/* ---- the qualification version ---- */

int qualify_data_bump(struct db *db)
{
    return qualify_changes_touch_all(db);
}

int qualify_data_version(struct db *db, long long *version)
{
    return db_query_int(db, "SELECT version FROM qualify_version WHERE id = 1", version, 0);
}
