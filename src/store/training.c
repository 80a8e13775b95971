/* training.c — the training module's tables: records saved by their field
 * tables, enrolment, attendance and the credited hours kept current. */
#include "store/training.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/fieldsql.h"
#include "store/people.h"
#include "store/qualify_data.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

/* A growing list of ids (xrealloc: out of memory aborts, as everywhere). */
struct id_list {
    long long *ids;
    size_t n, cap;
};

static void id_push(struct id_list *l, long long id)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->ids = xrealloc(l->ids, l->cap * sizeof *l->ids);
    }
    l->ids[l->n++] = id;
}

/* The first column of every row of `st` into `l`, then finalizes `st`.
 * Returns DB_DONE or an err code. */
static int read_ids(struct db_stmt *st, struct id_list *l)
{
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        id_push(l, db_column_int(st, 0));
    db_finalize(st);
    return rc;
}

/* ---- helpers ----------------------------------------------------------- */

/* Runs `sql` with `n` integer parameters (ids, bound as integers) and puts
 * the first column of its first row in `*out`; ERR_NOT_FOUND when there is
 * no row. */
static int query_ll(struct db *db, const char *sql, long long *out, int n, ...)
{
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    va_list ap;
    va_start(ap, n);
    for (int i = 1; i <= n; i++)
        db_bind_int(st, i, va_arg(ap, long long));
    va_end(ap);
    rc = db_step(st);
    if (rc == DB_ROW)
        *out = db_column_int(st, 0);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return rc == DB_ROW ? 0 : ERR_NOT_FOUND;
}

/* ---- settings ---------------------------------------------------------- */

int training_settings_load(struct db *db, struct training_config *cfg)
{
    *cfg = training_config_default;
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT key, value FROM settings WHERE key LIKE 'training.%'", &st);
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        const char *key = db_column_text(st, 0), *value = db_column_text(st, 1);
        if (!key || !value)
            continue;
        if (strcmp(key, "training.hours_per_day") == 0) {
            double v = atof(value);
            if (v > 0 && v <= 24)
                cfg->hours_per_day = v;
        } else if (strcmp(key, "training.leave_cap") == 0) {
            int num, den;
            if (sscanf(value, "%d/%d", &num, &den) == 2 && num >= 0 && den > 0) {
                cfg->leave_cap_num = num;
                cfg->leave_cap_den = den;
            }
        } else if (strcmp(key, "training.initial_window_months") == 0) {
            int v = atoi(value);
            if (v > 0)
                cfg->initial_window_months = v;
        } else if (strcmp(key, "training.mentor.max_apprentices") == 0) {
            int v = atoi(value);
            if (v > 0)
                cfg->mentor_max_apprentices = v;
        } else if (strcmp(key, "training.mentor.grade_years") == 0) {
            int v = atoi(value);
            if (v > 0 && v <= 10)
                cfg->mentor_grade_years = v;
        } else if (strcmp(key, "training.mentor.same_unit") == 0) {
            cfg->mentor_same_unit = atoi(value) != 0;
        }
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* ---- records ----------------------------------------------------------- */

/* How a kind sits in its table beyond its stored fields: the parent column
 * the caller sets (class_id, person_id) and a read-only column shown. */
struct tkind {
    const struct record_kind *kind;
    const char *parent;   /* column, or NULL */
    size_t parent_offset; /* of a long long */
    const char *extra;    /* read-only text column, or NULL */
    size_t extra_offset;  /* of a const char * */
    const char *order;    /* list order */
};

static const struct tkind tkinds[] = {
    {&training_programme_kind, NULL, 0, NULL, 0, "id DESC"},
    {&training_class_kind, NULL, 0, NULL, 0, "start_date DESC, id DESC"},
    {&training_session_kind, "class_id", offsetof(struct training_session, class_id), NULL, 0,
     "day, start_time, id"},
    {&training_external_kind, "person_id", offsetof(struct training_external, person_id), "status",
     offsetof(struct training_external, status), "end_date DESC, id DESC"},
    {&training_pair_kind, NULL, 0, NULL, 0, "start_date DESC, id DESC"},
    {&training_pair_record_kind, "pair_id", offsetof(struct training_pair_record, pair_id), NULL, 0,
     "day, id"},
    {&training_pair_evaluation_kind, "pair_id", offsetof(struct training_pair_evaluation, pair_id),
     NULL, 0, "stage DESC, by_role, id"},
    {&training_placement_kind, "person_id", offsetof(struct training_placement, person_id), NULL, 0,
     "start_date DESC, id DESC"},
};

static const struct tkind *tkind_of(const struct record_kind *kind)
{
    for (size_t i = 0; i < sizeof tkinds / sizeof *tkinds; i++)
        if (tkinds[i].kind == kind)
            return &tkinds[i];
    return NULL;
}

static long long *member_ll(void *rec, size_t offset)
{
    return (long long *)((char *)rec + offset);
}

/* "id[, parent][, extra], fields..." into `sb`; returns the field count. */
static size_t select_columns(struct strbuf *sb, const struct tkind *t)
{
    strbuf_puts(sb, "id, ");
    strbuf_printf(sb, "%s, ", t->parent ? t->parent : "0");
    strbuf_printf(sb, "%s, ", t->extra ? t->extra : "NULL");
    return fieldsql_columns(sb, t->kind, "");
}

static void read_rec(struct db_stmt *st, const struct tkind *t, void *rec, struct arena *a)
{
    memset(rec, 0, t->kind->struct_size);
    *member_ll(rec, 0) = db_column_int(st, 0);
    if (t->parent)
        *member_ll(rec, t->parent_offset) = db_column_int(st, 1);
    if (t->extra) {
        const char *v = db_column_text(st, 2);
        *(const char **)((char *)rec + t->extra_offset) = v ? arena_strdup(a, v) : NULL;
    }
    fieldsql_read(st, 3, t->kind, rec, a);
}

/* A broken foreign key means the row referred to is gone. */
static int ref_error(int rc)
{
    return rc == ERR_CONFLICT ? ERR_NOT_FOUND : rc;
}

int training_insert(struct db *db, const struct record_kind *kind, void *rec)
{
    const struct tkind *t = tkind_of(kind);
    if (!t)
        return ERR_INTERNAL;
    struct strbuf sb = STRBUF_INIT, cols = STRBUF_INIT;
    if (t->parent)
        strbuf_printf(&cols, "%s, ", t->parent);
    size_t n = fieldsql_columns(&cols, kind, "") + (t->parent ? 1 : 0);
    strbuf_printf(&sb, "INSERT INTO %s (%s) VALUES (", kind->sql_table, strbuf_str(&cols));
    fieldsql_placeholders(&sb, n);
    strbuf_puts(&sb, ") RETURNING id");
    struct db_stmt *st;
    int rc = db_prepare(db, strbuf_str(&sb), &st);
    strbuf_release(&sb);
    strbuf_release(&cols);
    if (rc < 0)
        return rc;
    int p = 1;
    if (t->parent)
        db_bind_int(st, p++, *member_ll(rec, t->parent_offset));
    fieldsql_bind(st, p, kind, rec);
    rc = db_step_id(st, member_ll(rec, 0));
    db_finalize(st);
    if (rc < 0)
        return ref_error(rc);
    return qualify_data_bump(db);
}

int training_update(struct db *db, const struct record_kind *kind, const void *rec)
{
    const struct tkind *t = tkind_of(kind);
    if (!t)
        return ERR_INTERNAL;
    struct strbuf sb = STRBUF_INIT;
    strbuf_printf(&sb, "UPDATE %s SET ", kind->sql_table);
    fieldsql_assignments(&sb, kind);
    strbuf_puts(&sb, " WHERE id = ?");
    struct db_stmt *st;
    int rc = db_prepare(db, strbuf_str(&sb), &st);
    strbuf_release(&sb);
    if (rc < 0)
        return rc;
    int p = fieldsql_bind(st, 1, kind, rec);
    db_bind_int(st, p, *(const long long *)rec);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return ref_error(rc);
    if (db_changes(db) == 0)
        return ERR_NOT_FOUND;
    return qualify_data_bump(db);
}

int training_get(struct db *db, const struct record_kind *kind, long long id, struct arena *a,
                 void *out)
{
    const struct tkind *t = tkind_of(kind);
    if (!t)
        return ERR_INTERNAL;
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "SELECT ");
    select_columns(&sb, t);
    strbuf_printf(&sb, " FROM %s WHERE id = ?", kind->sql_table);
    struct db_stmt *st;
    int rc = db_prepare(db, strbuf_str(&sb), &st);
    strbuf_release(&sb);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st);
    if (rc == DB_ROW)
        read_rec(st, t, out, a);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return rc == DB_ROW ? 0 : ERR_NOT_FOUND;
}

int training_delete(struct db *db, const struct record_kind *kind, long long id)
{
    if (!tkind_of(kind))
        return ERR_INTERNAL;
    char sql[96];
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = ?", kind->sql_table);
    int rc = db_exec_id(db, sql, id);
    if (rc < 0)
        return rc;
    if (db_changes(db) == 0)
        return ERR_NOT_FOUND;
    return qualify_data_bump(db);
}

int training_list(struct db *db, const struct record_kind *kind, long long parent, struct arena *a,
                  void **items, size_t *n)
{
    *items = NULL;
    *n = 0;
    const struct tkind *t = tkind_of(kind);
    if (!t)
        return ERR_INTERNAL;
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "SELECT ");
    select_columns(&sb, t);
    strbuf_printf(&sb, " FROM %s", kind->sql_table);
    bool by_parent = t->parent && parent > 0;
    if (by_parent)
        strbuf_printf(&sb, " WHERE %s = ?", t->parent);
    strbuf_printf(&sb, " ORDER BY %s", t->order);
    struct db_stmt *st;
    int rc = db_prepare(db, strbuf_str(&sb), &st);
    strbuf_release(&sb);
    if (rc < 0)
        return rc;
    if (by_parent)
        db_bind_int(st, 1, parent);
    size_t cap = 16, count = 0, size = kind->struct_size;
    char *array = arena_calloc(a, cap, size);
    while ((rc = db_step(st)) == DB_ROW) {
        if (count == cap) {
            char *more = arena_calloc(a, cap * 2, size);
            memcpy(more, array, count * size);
            array = more;
            cap *= 2;
        }
        read_rec(st, t, array + count * size, a);
        count++;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    *items = array;
    *n = count;
    return 0;
}

int training_pair_evaluate(struct db *db, struct training_pair_evaluation *ev)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "DELETE FROM training_pair_evaluations WHERE pair_id = ? AND stage = ? "
                        "AND by_role = ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, ev->pair_id);
    db_bind_text(st, 2, ev->stage);
    db_bind_text(st, 3, ev->by_role);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return training_insert(db, &training_pair_evaluation_kind, ev);
}

const char *training_person_name(struct db *db, long long id, struct arena *a)
{
    struct db_stmt *st;
    if (db_prepare(db, "SELECT name FROM people WHERE id = ?", &st) < 0)
        return NULL;
    db_bind_int(st, 1, id);
    const char *name = NULL;
    if (db_step(st) == DB_ROW && db_column_text(st, 0))
        name = arena_strdup(a, db_column_text(st, 0));
    db_finalize(st);
    return name;
}

/* ---- enrolment --------------------------------------------------------- */

static int exists(struct db *db, const char *sql, long long id)
{
    long long n = 0;
    int rc = query_ll(db, sql, &n, 1, id);
    if (rc < 0)
        return rc;
    return n > 0 ? 0 : ERR_NOT_FOUND;
}

/* Room left in a class: -1 when not limited. */
static int room(struct db *db, long long class_id, long long *left)
{
    long long capacity = 0, enrolled = 0;
    int rc =
        query_ll(db, "SELECT capacity FROM training_classes WHERE id = ?", &capacity, 1, class_id);
    if (rc < 0)
        return rc;
    rc = query_ll(db,
                  "SELECT count(*) FROM training_enrolments WHERE class_id = ? "
                  "AND status <> 'withdrawn'",
                  &enrolled, 1, class_id);
    if (rc < 0)
        return rc;
    *left = capacity > 0 ? (capacity > enrolled ? capacity - enrolled : 0) : -1;
    return 0;
}

/* Inserts unless present; `*added` says which. */
static int enrol_one(struct db *db, long long class_id, long long person_id, bool *added)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO training_enrolments (class_id, person_id) VALUES (?, ?) "
                        "ON CONFLICT (class_id, person_id) DO NOTHING",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, class_id);
    db_bind_int(st, 2, person_id);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return ref_error(rc);
    *added = db_changes(db) > 0;
    return 0;
}

int training_enrol(struct db *db, long long class_id, long long person_id, bool *added)
{
    *added = false;
    int rc = exists(db, "SELECT count(*) FROM training_classes WHERE id = ?", class_id);
    if (rc == 0)
        rc = exists(db, "SELECT count(*) FROM people WHERE id = ?", person_id);
    if (rc < 0)
        return rc;
    long long already = 0;
    rc = query_ll(db,
                  "SELECT count(*) FROM training_enrolments WHERE class_id = ? AND "
                  "person_id = ?",
                  &already, 2, class_id, person_id);
    if (rc < 0 || already)
        return rc;
    long long left;
    if ((rc = room(db, class_id, &left)) < 0)
        return rc;
    if (left == 0)
        return ERR_CONFLICT;
    if ((rc = enrol_one(db, class_id, person_id, added)) < 0)
        return rc;
    return qualify_data_bump(db);
}

int training_enrol_unit(struct db *db, long long class_id, long long unit_id, size_t *added)
{
    *added = 0;
    int rc = exists(db, "SELECT count(*) FROM training_classes WHERE id = ?", class_id);
    if (rc == 0)
        rc = exists(db, "SELECT count(*) FROM units WHERE id = ?", unit_id);
    if (rc < 0)
        return rc;
    long long left;
    if ((rc = room(db, class_id, &left)) < 0)
        return rc;
    /* The unit and its sub-units, people in service (status 1), by id. */
    struct db_stmt *st;
    rc = db_prepare(db,
                    "WITH RECURSIVE sub(id) AS (SELECT id FROM units WHERE id = ? "
                    "UNION ALL SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id) "
                    "SELECT p.id FROM people p JOIN sub ON p.unit_id = sub.id "
                    "WHERE p.status = '1' ORDER BY p.id",
                    &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, unit_id);
    struct id_list l = {0};
    rc = read_ids(st, &l);
    long long *ids = l.ids;
    size_t n = l.n;
    for (size_t i = 0; rc == DB_DONE && i < n && left != 0; i++) {
        bool one;
        if (enrol_one(db, class_id, ids[i], &one) < 0) {
            rc = ERR_IO;
            break;
        }
        if (one) {
            (*added)++;
            if (left > 0)
                left--;
        }
    }
    free(ids);
    if (rc < 0)
        return rc;
    return qualify_data_bump(db);
}

int training_enrol_youth(struct db *db, long long class_id, int max_age, size_t *added)
{
    *added = 0;
    struct training_class c;
    struct arena *a = arena_new();
    int rc = training_get(db, &training_class_kind, class_id, a, &c);
    arena_free(a);
    if (rc < 0)
        return rc;
    long long left;
    if ((rc = room(db, class_id, &left)) < 0)
        return rc;
    /* Younger than max_age on the first day: born after that day max_age
     * years earlier. */
    char born_after[11];
    date_format_iso(date_add_months(c.start_date, -12 * max_age), born_after);
    struct db_stmt *st;
    rc = db_prepare(db, "SELECT id FROM people WHERE status = '1' AND birth_date > ? ORDER BY id",
                    &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, born_after);
    struct id_list l = {0};
    rc = read_ids(st, &l);
    long long *ids = l.ids;
    size_t n = l.n;
    for (size_t i = 0; rc == DB_DONE && i < n && left != 0; i++) {
        bool one;
        if (enrol_one(db, class_id, ids[i], &one) < 0) {
            rc = ERR_IO;
            break;
        }
        if (one) {
            (*added)++;
            if (left > 0)
                left--;
        }
    }
    free(ids);
    if (rc < 0)
        return rc;
    return qualify_data_bump(db);
}

int training_unenrol(struct db *db, long long class_id, long long person_id)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "DELETE FROM training_attendance WHERE person_id = ? AND session_id IN "
                        "(SELECT id FROM training_sessions WHERE class_id = ?)",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, class_id);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = db_prepare(db, "DELETE FROM training_enrolments WHERE class_id = ? AND person_id = ?",
                         &st)) < 0)
        return rc;
    db_bind_int(st, 1, class_id);
    db_bind_int(st, 2, person_id);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (db_changes(db) == 0)
        return ERR_NOT_FOUND;
    return qualify_data_bump(db);
}

#define ENROLMENT_COLS                                                                             \
    "e.id, e.class_id, e.person_id, p.name, p.id_number, e.status, e.credited, e.missed, "         \
    "e.passed, coalesce(e.score, 0), e.certificate_no, e.imported"

static const char *text_or_null(struct db_stmt *st, int col, struct arena *a)
{
    const char *v = db_column_text(st, col);
    return v ? arena_strdup(a, v) : NULL;
}

static void read_enrolment(struct db_stmt *st, struct arena *a, struct training_enrolment *e)
{
    e->id = db_column_int(st, 0);
    e->class_id = db_column_int(st, 1);
    e->person_id = db_column_int(st, 2);
    e->person_name = text_or_null(st, 3, a);
    e->id_number = text_or_null(st, 4, a);
    e->status = text_or_null(st, 5, a);
    e->credited = db_column_int(st, 6);
    e->missed = db_column_int(st, 7);
    e->passed = db_column_int(st, 8) != 0;
    e->score = db_column_int(st, 9);
    e->certificate_no = text_or_null(st, 10, a);
    e->imported = db_column_int(st, 11) != 0;
}

int training_roster(struct db *db, long long class_id, struct arena *a,
                    struct training_enrolment **items, size_t *n)
{
    *items = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT " ENROLMENT_COLS " FROM training_enrolments e "
                        "JOIN people p ON p.id = e.person_id WHERE e.class_id = ? "
                        "ORDER BY p.name, p.id",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, class_id);
    size_t cap = 16, count = 0;
    struct training_enrolment *v = arena_calloc(a, cap, sizeof *v);
    while ((rc = db_step(st)) == DB_ROW) {
        if (count == cap) {
            struct training_enrolment *more = arena_calloc(a, cap * 2, sizeof *more);
            memcpy(more, v, count * sizeof *v);
            v = more;
            cap *= 2;
        }
        read_enrolment(st, a, &v[count++]);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    *items = v;
    *n = count;
    return 0;
}

int training_enrolment_get(struct db *db, long long class_id, long long person_id, struct arena *a,
                           struct training_enrolment *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT " ENROLMENT_COLS " FROM training_enrolments e "
                        "JOIN people p ON p.id = e.person_id "
                        "WHERE e.class_id = ? AND e.person_id = ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, class_id);
    db_bind_int(st, 2, person_id);
    rc = db_step(st);
    if (rc == DB_ROW)
        read_enrolment(st, a, out);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return rc == DB_ROW ? 0 : ERR_NOT_FOUND;
}

/* ---- attendance and credit ------------------------------------------- */

/* Recomputes one enrolment from the class's sessions and the person's
 * marks; a session without a mark counts as absent (not yet signed). An
 * imported enrolment keeps the sheet's figures. */
static int recompute(struct db *db, const struct training_config *cfg, long long class_id,
                     long long person_id)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT s.hours, a.mark FROM training_sessions s "
                        "LEFT JOIN training_attendance a ON a.session_id = s.id "
                        "AND a.person_id = ? WHERE s.class_id = ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, class_id);
    size_t cap = 16, n = 0;
    struct training_session_mark *marks = xmalloc(cap * sizeof *marks);
    while ((rc = db_step(st)) == DB_ROW) {
        if (n == cap) {
            cap *= 2;
            marks = xrealloc(marks, cap * sizeof *marks);
        }
        int mark = training_mark_parse(db_column_text(st, 1));
        marks[n++] = (struct training_session_mark){
            (double)db_column_int(st, 0), mark < 0 ? TRAINING_ABSENT : (enum training_mark)mark};
    }
    db_finalize(st);
    struct training_class_result r;
    training_class_credit(cfg, marks, n, &r);
    free(marks);
    if (rc < 0)
        return rc;
    if ((rc = db_prepare(db,
                         "UPDATE training_enrolments SET credited = ?, missed = ?, passed = ? "
                         "WHERE class_id = ? AND person_id = ? AND imported = 0",
                         &st)) < 0)
        return rc;
    db_bind_int(st, 1, (long long)(r.credited_hours + 0.5));
    db_bind_int(st, 2, (long long)(r.missed_hours + 0.5));
    db_bind_int(st, 3, r.passed ? 1 : 0);
    db_bind_int(st, 4, class_id);
    db_bind_int(st, 5, person_id);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int training_mark_set(struct db *db, const struct training_config *cfg, long long session_id,
                      long long person_id, enum training_mark mark, const char *reason)
{
    long long class_id = 0, enrolled = 0;
    int rc = query_ll(db, "SELECT class_id FROM training_sessions WHERE id = ?", &class_id, 1,
                      session_id);
    if (rc < 0)
        return rc;
    if (class_id == 0)
        return ERR_NOT_FOUND;
    rc = query_ll(db,
                  "SELECT count(*) FROM training_enrolments WHERE class_id = ? AND "
                  "person_id = ?",
                  &enrolled, 2, class_id, person_id);
    if (rc < 0)
        return rc;
    if (!enrolled)
        return ERR_NOT_FOUND;
    struct db_stmt *st;
    if ((rc = db_prepare(db,
                         "INSERT INTO training_attendance (session_id, person_id, mark, reason) "
                         "VALUES (?, ?, ?, ?) ON CONFLICT (session_id, person_id) DO UPDATE "
                         "SET mark = excluded.mark, reason = excluded.reason",
                         &st)) < 0)
        return rc;
    db_bind_int(st, 1, session_id);
    db_bind_int(st, 2, person_id);
    db_bind_text(st, 3, training_mark_name(mark));
    if (reason && *reason)
        db_bind_text(st, 4, reason);
    else
        db_bind_null(st, 4);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = recompute(db, cfg, class_id, person_id)) < 0)
        return rc;
    return qualify_data_bump(db);
}

int training_marks(struct db *db, long long class_id, struct arena *a,
                   struct training_mark_row **items, size_t *n)
{
    *items = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT a.session_id, a.person_id, a.mark, a.reason "
                        "FROM training_attendance a JOIN training_sessions s "
                        "ON s.id = a.session_id WHERE s.class_id = ? "
                        "ORDER BY a.session_id, a.person_id",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, class_id);
    size_t cap = 64, count = 0;
    struct training_mark_row *v = arena_calloc(a, cap, sizeof *v);
    while ((rc = db_step(st)) == DB_ROW) {
        if (count == cap) {
            struct training_mark_row *more = arena_calloc(a, cap * 2, sizeof *more);
            memcpy(more, v, count * sizeof *v);
            v = more;
            cap *= 2;
        }
        struct training_mark_row *m = &v[count++];
        m->session_id = db_column_int(st, 0);
        m->person_id = db_column_int(st, 1);
        int mark = training_mark_parse(db_column_text(st, 2));
        m->mark = mark < 0 ? TRAINING_ABSENT : (enum training_mark)mark;
        m->reason = text_or_null(st, 3, a);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    *items = v;
    *n = count;
    return 0;
}

int training_recompute_class(struct db *db, const struct training_config *cfg, long long class_id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT person_id FROM training_enrolments WHERE class_id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, class_id);
    struct id_list l = {0};
    rc = read_ids(st, &l);
    long long *ids = l.ids;
    size_t n = l.n;
    for (size_t i = 0; rc == DB_DONE && i < n; i++)
        if (recompute(db, cfg, class_id, ids[i]) < 0)
            rc = ERR_IO;
    free(ids);
    if (rc < 0)
        return rc;
    return qualify_data_bump(db);
}

int training_result_set(struct db *db, long long class_id, long long person_id,
                        const struct training_result *r)
{
    long long passed = -1;
    int rc = query_ll(db,
                      "SELECT passed FROM training_enrolments WHERE class_id = ? AND "
                      "person_id = ?",
                      &passed, 2, class_id, person_id);
    if (rc < 0)
        return rc;
    if (passed < 0)
        return ERR_NOT_FOUND;
    if (!passed && r->status && strcmp(r->status, "completed") == 0)
        return ERR_INVALID;
    struct db_stmt *st;
    if ((rc = db_prepare(db,
                         "UPDATE training_enrolments SET status = ?, score = ?, "
                         "certificate_no = ? WHERE class_id = ? AND person_id = ?",
                         &st)) < 0)
        return rc;
    db_bind_text(st, 1, r->status ? r->status : "enrolled");
    if (r->score > 0)
        db_bind_int(st, 2, r->score);
    else
        db_bind_null(st, 2);
    if (r->certificate_no && *r->certificate_no)
        db_bind_text(st, 3, r->certificate_no);
    else
        db_bind_null(st, 3);
    db_bind_int(st, 4, class_id);
    db_bind_int(st, 5, person_id);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc == ERR_CONFLICT ? ERR_INVALID : rc;
    return qualify_data_bump(db);
}

int training_external_review(struct db *db, long long id, const char *status, const char *note)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "UPDATE training_external SET status = ?, review_note = ? WHERE id = ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, status);
    if (note && *note)
        db_bind_text(st, 2, note);
    else
        db_bind_null(st, 2);
    db_bind_int(st, 3, id);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (db_changes(db) == 0)
        return ERR_NOT_FOUND;
    return qualify_data_bump(db);
}

/* ---- hours ------------------------------------------------------------- */

int training_person_credits(struct db *db, long long person_id, bool planned, struct arena *a,
                            struct training_credit **items, size_t *n)
{
    *items = NULL;
    *n = 0;
    /* kind 0: hand-typed; 1: completed class; 2: approved external;
     * 3: enrolled class (planned). Category as the module stores it. */
    struct db_stmt *st;
    int rc = db_prepare(
        db,
        "SELECT 0, hours, coalesce(end_date, start_date), 1, NULL FROM training "
        "WHERE person_id = ? "
        "UNION ALL SELECT 1, e.credited, c.end_date, c.recognised, c.category "
        "FROM training_enrolments e JOIN training_classes c ON c.id = e.class_id "
        "WHERE e.person_id = ? AND e.status = 'completed' "
        "UNION ALL SELECT 2, hours, end_date, recognised, category FROM training_external "
        "WHERE person_id = ? AND status = 'approved' "
        "UNION ALL SELECT 3, (SELECT coalesce(sum(s.hours), 0) FROM training_sessions s "
        "WHERE s.class_id = c.id), c.end_date, c.recognised, c.category "
        "FROM training_enrolments e JOIN training_classes c ON c.id = e.class_id "
        "WHERE e.person_id = ? AND e.status = 'enrolled'",
        &st);
    if (rc < 0)
        return rc;
    for (int i = 1; i <= 4; i++)
        db_bind_int(st, i, person_id);
    size_t cap = 16, count = 0;
    struct training_credit *v = arena_calloc(a, cap, sizeof *v);
    while ((rc = db_step(st)) == DB_ROW) {
        if (db_column_int(st, 0) == 3 && !planned)
            continue;
        if (count == cap) {
            struct training_credit *more = arena_calloc(a, cap * 2, sizeof *more);
            memcpy(more, v, count * sizeof *v);
            v = more;
            cap *= 2;
        }
        struct training_credit *c = &v[count++];
        c->hours = (double)db_column_int(st, 1);
        const char *day = db_column_text(st, 2);
        c->date = DATE_NONE;
        if (day)
            date_parse_iso(day, &c->date);
        c->recognised = db_column_int(st, 3) != 0;
        c->category = text_or_null(st, 4, a);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    *items = v;
    *n = count;
    return 0;
}

/* ---- compliance scan ---------------------------------------------------- */

/* The credits of every person, ordered by person: the same sources as
 * training_person_credits. */
#define CREDITS_ALL                                                                                \
    "SELECT person_id, hours, coalesce(end_date, start_date), 1, NULL FROM training "              \
    "UNION ALL SELECT e.person_id, e.credited, c.end_date, c.recognised, c.category "              \
    "FROM training_enrolments e JOIN training_classes c ON c.id = e.class_id "                     \
    "WHERE e.status = 'completed' "                                                                \
    "UNION ALL SELECT person_id, hours, end_date, recognised, category FROM training_external "    \
    "WHERE status = 'approved'"
#define CREDITS_PLANNED                                                                            \
    " UNION ALL SELECT e.person_id, (SELECT coalesce(sum(s.hours), 0) FROM training_sessions s "   \
    "WHERE s.class_id = c.id), c.end_date, c.recognised, c.category "                              \
    "FROM training_enrolments e JOIN training_classes c ON c.id = e.class_id "                     \
    "WHERE e.status = 'enrolled'"

struct growing {
    void *items;
    size_t n, cap, size;
};

static void *grow(struct growing *g)
{
    if (g->n == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 16;
        g->items = xrealloc(g->items, g->cap * g->size);
    }
    return (char *)g->items + g->size * g->n++;
}

static struct date date_col(struct db_stmt *st, int col)
{
    struct date d = DATE_NONE;
    const char *t = db_column_text(st, col);
    if (t && date_parse_iso(t, &d) < 0)
        d = DATE_NONE;
    return d;
}

int training_compliance_scan(struct db *db, const struct training_config *cfg, struct date as_of,
                             bool planned,
                             int (*fn)(const struct training_person_status *s, void *arg),
                             void *arg)
{
    struct db_stmt *people = NULL, *career = NULL, *credits = NULL;
    int rc = db_prepare(db,
                        "SELECT id, name, id_number, coalesce(unit_id, 0), work_start_date "
                        "FROM people WHERE status = '1' ORDER BY id",
                        &people);
    if (rc == 0)
        rc = db_prepare(db,
                        "SELECT person_id, post_level, rank, start_date, end_date, concurrent "
                        "FROM career ORDER BY person_id",
                        &career);
    if (rc == 0)
        rc = db_prepare(db,
                        planned ? "SELECT * FROM (" CREDITS_ALL CREDITS_PLANNED ") x ORDER BY 1"
                                : "SELECT * FROM (" CREDITS_ALL ") x ORDER BY 1",
                        &credits);
    size_t nreq;
    const struct training_requirement *reqs = training_requirements(&nreq);
    struct arena *a = arena_new();
    struct growing cv = {.size = sizeof(struct career_record)};
    struct growing kv = {.size = sizeof(struct training_credit)};
    int crc = rc == 0 ? db_step(career) : rc, krc = rc == 0 ? db_step(credits) : rc;
    while (rc == 0 && (rc = db_step(people)) == DB_ROW) {
        rc = 0;
        struct training_person_status s = {0};
        s.person_id = db_column_int(people, 0);
        s.name = text_or_null(people, 1, a);
        s.id_number = text_or_null(people, 2, a);
        s.unit_id = db_column_int(people, 3);
        struct date entry = date_col(people, 4);
        cv.n = kv.n = 0;
        while (crc == DB_ROW && db_column_int(career, 0) < s.person_id)
            crc = db_step(career);
        while (crc == DB_ROW && db_column_int(career, 0) == s.person_id) {
            struct career_record *r = grow(&cv);
            memset(r, 0, sizeof *r);
            r->person_id = s.person_id;
            r->post_level = text_or_null(career, 1, a);
            r->rank = text_or_null(career, 2, a);
            r->start_date = date_col(career, 3);
            r->end_date = date_col(career, 4);
            r->concurrent = db_column_int(career, 5) != 0;
            crc = db_step(career);
        }
        while (krc == DB_ROW && db_column_int(credits, 0) < s.person_id)
            krc = db_step(credits);
        while (krc == DB_ROW && db_column_int(credits, 0) == s.person_id) {
            struct training_credit *c = grow(&kv);
            c->hours = (double)db_column_int(credits, 1);
            c->date = date_col(credits, 2);
            c->recognised = db_column_int(credits, 3) != 0;
            c->category = text_or_null(credits, 4, a);
            krc = db_step(credits);
        }
        if (crc < 0 || krc < 0) {
            rc = crc < 0 ? crc : krc;
            break;
        }
        training_levels_of(cv.items, cv.n, as_of, &s.levels);
        s.ncheck =
            training_compliance(cfg, reqs, nreq, kv.items, kv.n, &s.levels, entry, as_of, s.checks);
        rc = fn(&s, arg);
        arena_reset(a);
    }
    if (rc == DB_DONE)
        rc = 0;
    free(cv.items);
    free(kv.items);
    arena_free(a);
    db_finalize(people);
    db_finalize(career);
    db_finalize(credits);
    return rc;
}

/* ---- one person's levels, statistics ----------------------------------- */

int training_career(struct db *db, long long person_id, struct arena *a,
                    struct career_record **items, size_t *n)
{
    *items = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT post_level, rank, start_date, end_date, concurrent FROM career "
                        "WHERE person_id = ? ORDER BY start_date, id",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, person_id);
    size_t cap = 16, count = 0;
    struct career_record *v = arena_calloc(a, cap, sizeof *v);
    while ((rc = db_step(st)) == DB_ROW) {
        if (count == cap) {
            struct career_record *more = arena_calloc(a, cap * 2, sizeof *more);
            memcpy(more, v, count * sizeof *v);
            v = more;
            cap *= 2;
        }
        struct career_record *r = &v[count++];
        r->person_id = person_id;
        r->post_level = text_or_null(st, 0, a);
        r->rank = text_or_null(st, 1, a);
        r->start_date = date_col(st, 2);
        r->end_date = date_col(st, 3);
        r->concurrent = db_column_int(st, 4) != 0;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    *items = v;
    *n = count;
    return 0;
}

int training_entry_date(struct db *db, long long person_id, struct date *out)
{
    *out = DATE_NONE;
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT work_start_date FROM people WHERE id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, person_id);
    rc = db_step(st);
    if (rc == DB_ROW)
        *out = date_col(st, 0);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return rc == DB_ROW ? 0 : ERR_NOT_FOUND;
}

/* Per programme (NULL programme: its own group), then the total in the last
 * row (programme_id -1), over classes ending in the period. */
/* Room in `*items` (`n` of `size` bytes, in `a`) for one more: the
 * capacity doubles from 4, so it is full when `n` is 0 or a power of two
 * from 4 up. */
static void stats_grow(void **items, size_t n, size_t size, struct arena *a)
{
    if (n != 0 && (n < 4 || (n & (n - 1)) != 0))
        return;
    void *more = arena_calloc(a, n ? n * 2 : 4, size);
    if (n)
        memcpy(more, *items, n * size);
    *items = more;
}

static struct training_stats_row *stats_push(struct training_stats_row **rows, size_t *n,
                                             struct arena *a)
{
    void *p = *rows;
    stats_grow(&p, *n, sizeof **rows, a);
    *rows = p;
    return &(*rows)[(*n)++];
}

/* One breakdown of the attendance of the period by the attendee: `group`
 * is an SQL expression over p (people) and u (their unit) giving the
 * group's integer key, with `ngroup_binds` leading ? bound from
 * `group_texts` or `group_ints`; `label` is an SQL expression naming the
 * group, or NULL when the caller names the groups by their keys (`*keys`,
 * one per row, in `a`). */
struct stats_breakdown {
    const char *group, *label;
    const char *const *group_texts;
    const int *group_ints;
    size_t ngroup_binds;
};

static int stats_by_person(struct db *db, const struct stats_breakdown *b, const char *from,
                           const char *to, struct arena *a, struct training_stats_row **rows,
                           size_t *n, long long **keys)
{
    char sql[1400];
    snprintf(sql, sizeof sql,
             "SELECT g, max(label), count(DISTINCT cid), count(DISTINCT sid), count(*), "
             "count(DISTINCT pid) FROM ("
             "SELECT %s AS g, %s AS label, c.id AS cid, s.id AS sid, a.person_id AS pid "
             "FROM training_attendance a "
             "JOIN training_sessions s ON s.id = a.session_id "
             "JOIN training_classes c ON c.id = s.class_id "
             "JOIN people p ON p.id = a.person_id "
             "LEFT JOIN units u ON u.id = p.unit_id "
             "WHERE c.end_date >= ? AND c.end_date <= ? "
             "AND a.mark IN ('present', 'made_up')) x GROUP BY g ORDER BY g",
             b->group, b->label ? b->label : "CAST(NULL AS TEXT)");
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    int k = 1;
    for (size_t i = 0; i < b->ngroup_binds; i++) {
        if (b->group_texts)
            db_bind_text(st, k++, b->group_texts[i]);
        else
            db_bind_int(st, k++, b->group_ints[i]);
    }
    db_bind_text(st, k++, from);
    db_bind_text(st, k, to);
    size_t nkeys = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        struct training_stats_row *r = stats_push(rows, n, a);
        void *p = *keys;
        stats_grow(&p, nkeys, sizeof **keys, a);
        *keys = p;
        (*keys)[nkeys++] = db_column_int(st, 0);
        r->name = text_or_null(st, 1, a);
        r->classes = db_column_int(st, 2);
        r->sessions = db_column_int(st, 3);
        r->attendances = db_column_int(st, 4);
        r->people = db_column_int(st, 5);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int training_stats(struct db *db, struct date from, struct date to, struct arena *a,
                   struct training_stats *out)
{
    memset(out, 0, sizeof *out);
    char f[11], t[11];
    date_format_iso(from, f);
    date_format_iso(to, t);
    struct db_stmt *st;
    int rc = db_prepare(
        db,
        "SELECT g, max(pname), count(DISTINCT cid), count(DISTINCT sid), "
        "count(CASE WHEN mark IN ('present', 'made_up') THEN 1 END), "
        "count(DISTINCT CASE WHEN mark IN ('present', 'made_up') THEN pid END) FROM ("
        "SELECT coalesce(c.programme_id, 0) AS g, p.name AS pname, c.id AS cid, s.id AS sid, "
        "a.mark AS mark, a.person_id AS pid FROM training_classes c "
        "LEFT JOIN training_programmes p ON p.id = c.programme_id "
        "LEFT JOIN training_sessions s ON s.class_id = c.id "
        "LEFT JOIN training_attendance a ON a.session_id = s.id "
        "WHERE c.end_date >= ? AND c.end_date <= ?) x GROUP BY g ORDER BY g",
        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, f);
    db_bind_text(st, 2, t);
    while ((rc = db_step(st)) == DB_ROW) {
        struct training_stats_row *r = stats_push(&out->programmes, &out->nprogrammes, a);
        r->name = text_or_null(st, 1, a);
        r->classes = db_column_int(st, 2);
        r->sessions = db_column_int(st, 3);
        r->attendances = db_column_int(st, 4);
        out->total.classes += r->classes;
        out->total.sessions += r->sessions;
        out->total.attendances += r->attendances;
        r->people = db_column_int(st, 5);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    /* Distinct people over the whole period (not the sum of the groups). */
    if ((rc = db_prepare(db,
                         "SELECT count(DISTINCT a.person_id) FROM training_attendance a "
                         "JOIN training_sessions s ON s.id = a.session_id "
                         "JOIN training_classes c ON c.id = s.class_id "
                         "WHERE c.end_date >= ? AND c.end_date <= ? "
                         "AND a.mark IN ('present', 'made_up')",
                         &st)) < 0)
        return rc;
    db_bind_text(st, 1, f);
    db_bind_text(st, 2, t);
    rc = db_step(st);
    if (rc == DB_ROW)
        out->total.people = db_column_int(st, 0);
    db_finalize(st);
    if (rc < 0)
        return rc;

    long long *keys = NULL;
    /* By unit: the attendee's unit now (0: none). */
    const struct stats_breakdown by_unit = {"coalesce(p.unit_id, 0)", "u.name", NULL, NULL, 0};
    if ((rc = stats_by_person(db, &by_unit, f, t, a, &out->units, &out->nunits, &keys)) < 0)
        return rc;

    /* By level: 1 upper, 2 lower, as training_is_upper on the current post
     * and rank (the derived columns people_refresh_derived keeps). */
    int orders[2];
    training_upper_orders(&orders[0], &orders[1]);
    const struct stats_breakdown by_level = {
        "CASE WHEN (p.current_post_order > 0 AND p.current_post_order <= ?) OR "
        "(p.current_rank_order > 0 AND p.current_rank_order <= ?) THEN 1 ELSE 2 END",
        NULL, NULL, orders, 2};
    if ((rc = stats_by_person(db, &by_level, f, t, a, &out->levels, &out->nlevels, &keys)) < 0)
        return rc;
    for (size_t i = 0; i < out->nlevels; i++)
        out->levels[i].name =
            keys[i] == 1 ? TRAINING_LEVEL_UPPER_LABEL : TRAINING_LEVEL_LOWER_LABEL;

    /* By age band on the period's last day: aged at least A on `to` when
     * born on or before A years earlier to the day, which compares as text
     * even where that day does not exist (02-29 of a common year), the way
     * date_age counts (a 02-29 birthday comes on 03-01). */
    char thresholds[TRAINING_AGE_BANDS - 1][16];
    const char *texts[TRAINING_AGE_BANDS - 1];
    struct strbuf expr = STRBUF_INIT;
    strbuf_puts(&expr, "CASE");
    for (int i = TRAINING_AGE_BANDS - 1; i >= 1; i--) {
        int k = TRAINING_AGE_BANDS - 1 - i;
        snprintf(thresholds[k], sizeof thresholds[k], "%04d-%02d-%02d",
                 to.year - training_age_bands[i].age_min, to.month, to.day);
        texts[k] = thresholds[k];
        strbuf_printf(&expr, " WHEN p.birth_date <= ? THEN %d", i);
    }
    strbuf_puts(&expr, " ELSE 0 END");
    const struct stats_breakdown by_age = {strbuf_str(&expr), NULL, texts, NULL,
                                           TRAINING_AGE_BANDS - 1};
    rc = stats_by_person(db, &by_age, f, t, a, &out->ages, &out->nages, &keys);
    strbuf_release(&expr);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < out->nages; i++)
        out->ages[i].name =
            keys[i] >= 0 && keys[i] < TRAINING_AGE_BANDS ? training_age_bands[keys[i]].label : NULL;
    return 0;
}

/* ---- import ------------------------------------------------------------ */

/* The class named `name` held from `start` to `end`, created when absent. */
static int class_for_row(struct db *db, const struct training_sheet_row *r, long long *id,
                         bool *created)
{
    char start[11], end[11];
    date_format_iso(r->start_date, start);
    date_format_iso(r->end_date, end);
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT id FROM training_classes WHERE name = ? AND start_date = ? "
                        "AND end_date = ? ORDER BY id",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, r->class_name);
    db_bind_text(st, 2, start);
    db_bind_text(st, 3, end);
    rc = db_step(st);
    *id = rc == DB_ROW ? db_column_int(st, 0) : 0;
    db_finalize(st);
    if (rc < 0)
        return rc;
    *created = false;
    if (*id)
        return 0;
    if ((rc = db_prepare(db,
                         "INSERT INTO training_classes (name, organiser, category, start_date, "
                         "end_date, recognised) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                         &st)) < 0)
        return rc;
    db_bind_text(st, 1, r->class_name);
    if (r->organiser)
        db_bind_text(st, 2, r->organiser);
    else
        db_bind_null(st, 2);
    const char *category = r->category ? r->category : r->category_text;
    if (category)
        db_bind_text(st, 3, category);
    else
        db_bind_null(st, 3);
    db_bind_text(st, 4, start);
    db_bind_text(st, 5, end);
    db_bind_int(st, 6, training_category_recognised(category) ? 1 : 0);
    rc = db_step_id(st, id);
    db_finalize(st);
    *created = rc >= 0;
    return rc < 0 ? rc : 0;
}

int training_import(struct db *db, const struct training_config *cfg,
                    const struct training_sheet_row *rows, size_t n, struct arena *a,
                    struct field_errors *fe, struct training_import_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    size_t before = fe->count;
    struct db_stmt *name_st, *up;
    int rc = db_prepare(db, "SELECT name FROM people WHERE id = ?", &name_st);
    if (rc < 0)
        return rc;
    if ((rc =
             db_prepare(db,
                        "INSERT INTO training_enrolments (class_id, person_id, status, credited, "
                        "missed, passed, imported) VALUES (?, ?, ?, ?, ?, ?, 1) "
                        "ON CONFLICT (class_id, person_id) DO UPDATE SET status = excluded.status, "
                        "credited = excluded.credited, missed = excluded.missed, "
                        "passed = excluded.passed, imported = 1",
                        &up)) < 0) {
        db_finalize(name_st);
        return rc;
    }
    for (size_t i = 0; i < n && rc >= 0; i++) {
        const struct training_sheet_row *r = &rows[i];
        long long person = 0;
        rc = people_find_by_id_number(db, r->id_number, &person);
        if (rc == ERR_NOT_FOUND || (rc == 0 && person == 0)) {
            field_errors_add_row(fe, r->row, "身份证号", "系统中没有身份证号为 %s 的干部",
                                 r->id_number);
            rc = 0;
            continue;
        }
        if (rc < 0)
            break;
        db_bind_int(name_st, 1, person);
        if ((rc = db_step(name_st)) == DB_ROW && r->name &&
            strcmp(db_column_text(name_st, 0), r->name) != 0)
            field_errors_add_row(fe, r->row, "姓名", "姓名“%s”与系统中该身份证号的干部“%s”不符",
                                 r->name, db_column_text(name_st, 0));
        db_reset(name_st);
        if (rc < 0)
            break;
        rc = 0;
        if (fe->count > before)
            continue; /* nothing more is written once anything is wrong */
        long long class_id;
        bool created;
        if ((rc = class_for_row(db, r, &class_id, &created)) < 0)
            break;
        if (created)
            stats->classes_created++;
        bool passed = training_within_leave_cap(cfg, (double)r->leave_hours, (double)r->hours);
        long long existing = 0;
        if ((rc = query_ll(db,
                           "SELECT count(*) FROM training_enrolments WHERE class_id = ? AND "
                           "person_id = ?",
                           &existing, 2, class_id, person)) < 0)
            break;
        db_bind_int(up, 1, class_id);
        db_bind_int(up, 2, person);
        db_bind_text(up, 3, passed ? "completed" : "failed");
        db_bind_int(up, 4, passed ? r->hours - r->leave_hours : 0);
        db_bind_int(up, 5, r->leave_hours);
        db_bind_int(up, 6, passed ? 1 : 0);
        rc = db_step(up);
        db_reset(up);
        if (rc < 0)
            break;
        rc = 0;
        if (existing)
            stats->enrolments_updated++;
        else
            stats->enrolments_created++;
    }
    db_finalize(name_st);
    db_finalize(up);
    (void)a;
    if (rc < 0)
        return rc;
    stats->rows = n;
    if (fe->count > before)
        return ERR_INVALID;
    return qualify_data_bump(db);
}

/* ---- enrolment by shortfall --------------------------------------------- */

static int collect_short(const struct training_person_status *s, void *arg)
{
    struct id_list *l = arg;
    for (size_t i = 0; i < s->ncheck; i++) {
        if (s->checks[i].req->window == TRAINING_AFTER_EVENT || s->checks[i].shortfall <= 0)
            continue;
        id_push(l, s->person_id);
        break;
    }
    return 0;
}

int training_enrol_short(struct db *db, const struct training_config *cfg, long long class_id,
                         size_t *added)
{
    *added = 0;
    struct training_class c;
    struct arena *a = arena_new();
    int rc = training_get(db, &training_class_kind, class_id, a, &c);
    arena_free(a);
    if (rc < 0)
        return rc;
    long long left;
    if ((rc = room(db, class_id, &left)) < 0)
        return rc;
    struct id_list l = {0};
    rc = training_compliance_scan(db, cfg, c.start_date, false, collect_short, &l);
    for (size_t i = 0; rc == 0 && i < l.n && left != 0; i++) {
        bool one;
        if ((rc = enrol_one(db, class_id, l.ids[i], &one)) < 0)
            break;
        if (one) {
            (*added)++;
            if (left > 0)
                left--;
        }
    }
    free(l.ids);
    if (rc < 0)
        return rc;
    return qualify_data_bump(db);
}

/* ---- mentor candidates -------------------------------------------------- */

int training_mentor_candidates(struct db *db, const struct training_config *cfg,
                               long long apprentice_id, int year, struct arena *a,
                               struct training_mentor_candidate *apprentice,
                               struct training_mentor_candidate **items, size_t *n)
{
    *items = NULL;
    *n = 0;
    memset(apprentice, 0, sizeof *apprentice);
    struct db_stmt *st;
    int rc =
        db_prepare(db,
                   "SELECT p.id, p.name, coalesce(p.unit_id, 0), u.name, p.current_post_level, "
                   "p.current_rank, "
                   "(SELECT count(*) FROM assessments s WHERE s.person_id = p.id AND s.year >= ? "
                   "AND s.year < ? AND s.grade = '1'), "
                   "(SELECT count(*) FROM assessments s WHERE s.person_id = p.id AND s.year >= ? "
                   "AND s.year < ? AND s.grade = '2'), "
                   "(SELECT count(*) FROM assessments s WHERE s.person_id = p.id AND s.year >= ? "
                   "AND s.year < ? AND s.grade IN ('3', '4')), "
                   "(SELECT count(*) FROM training_pairs t WHERE t.mentor_id = p.id "
                   "AND t.status = 'active') "
                   "FROM people p LEFT JOIN units u ON u.id = p.unit_id "
                   "WHERE p.status = '1' OR p.id = ? ORDER BY p.id",
                   &st);
    if (rc < 0)
        return rc;
    for (int i = 0; i < 3; i++) {
        db_bind_int(st, 1 + 2 * i, year - cfg->mentor_grade_years);
        db_bind_int(st, 2 + 2 * i, year);
    }
    db_bind_int(st, 7, apprentice_id);
    size_t cap = 64, count = 0;
    struct training_mentor_candidate *v = arena_calloc(a, cap, sizeof *v);
    bool found = false;
    while ((rc = db_step(st)) == DB_ROW) {
        struct training_mentor_candidate c = {
            .person_id = db_column_int(st, 0),
            .name = text_or_null(st, 1, a),
            .unit_id = db_column_int(st, 2),
            .unit_name = text_or_null(st, 3, a),
            .post_level = text_or_null(st, 4, a),
            .rank = text_or_null(st, 5, a),
            .excellent = (int)db_column_int(st, 6),
            .competent = (int)db_column_int(st, 7),
            .weak = (int)db_column_int(st, 8),
            .apprentices = (int)db_column_int(st, 9),
        };
        if (c.person_id == apprentice_id) {
            *apprentice = c;
            found = true;
            continue;
        }
        if (count == cap) {
            struct training_mentor_candidate *more = arena_calloc(a, cap * 2, sizeof *more);
            memcpy(more, v, count * sizeof *v);
            v = more;
            cap *= 2;
        }
        v[count++] = c;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (!found)
        return ERR_NOT_FOUND;
    *items = v;
    *n = count;
    return 0;
}
