/* appointment.c — appointment cases, their steps, checks and objections,
 * and the holiday calendar, in portable SQL. */
#include "store/appointment.h"

#include <string.h>

#include "util/arena.h"
#include "util/err.h"

static const char *dup_col(struct db_stmt *st, int col, struct arena *ar)
{
    const char *t = db_column_text(st, col);
    return t ? arena_strdup(ar, t) : NULL;
}

static struct date date_col(struct db_stmt *st, int col)
{
    struct date d = DATE_NONE;
    const char *t = db_column_text(st, col);
    if (t && date_parse_iso(t, &d) != 0)
        d = DATE_NONE;
    return d;
}

static void bind_text_or_null(struct db_stmt *st, int i, const char *v)
{
    if (v)
        db_bind_text(st, i, v);
    else
        db_bind_null(st, i);
}

static void bind_date_or_null(struct db_stmt *st, int i, struct date d)
{
    char buf[11];
    if (date_is_none(d))
        db_bind_null(st, i);
    else
        db_bind_text(st, i, date_format_iso(d, buf));
}

static void bind_id_or_null(struct db_stmt *st, int i, long long id)
{
    if (id > 0)
        db_bind_int(st, i, id);
    else
        db_bind_null(st, i);
}

/* Runs a prepared statement to its end and finalizes it. */
static int finish(struct db_stmt *st)
{
    int rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

#define CASE_COLUMNS                                                                               \
    "c.id, c.person_id, p.name, c.kind, c.rank, c.title, c.post_level, c.unit_id, u.name,"         \
    " c.concurrent, c.probation, c.reason, c.exceptional, c.exceptional_reason,"                   \
    " c.exceptional_approval, c.state, c.state_since, c.stop_reasons, c.notice_start,"             \
    " c.notice_end, c.career_id, c.probation_end, c.created_at, c.created_by, c.version"           \
    " FROM appointment_cases c JOIN people p ON p.id = c.person_id"                                \
    " LEFT JOIN units u ON u.id = c.unit_id"

static void read_case(struct db_stmt *st, struct arena *ar, struct appointment *a)
{
    memset(a, 0, sizeof *a);
    a->id = db_column_int(st, 0);
    a->person_id = db_column_int(st, 1);
    a->person_name = dup_col(st, 2, ar);
    int k = appointment_kind_find(db_column_text(st, 3));
    a->kind = k < 0 ? APPOINTMENT_POST : (enum appointment_kind)k;
    a->rank = dup_col(st, 4, ar);
    a->title = dup_col(st, 5, ar);
    a->post_level = dup_col(st, 6, ar);
    a->unit_id = db_column_int(st, 7);
    a->unit_name = dup_col(st, 8, ar);
    a->concurrent = db_column_int(st, 9) != 0;
    a->probation = db_column_int(st, 10) != 0;
    a->reason = dup_col(st, 11, ar);
    a->exceptional = db_column_int(st, 12) != 0;
    a->exceptional_reason = dup_col(st, 13, ar);
    a->exceptional_approval = dup_col(st, 14, ar);
    int s = appointment_state_find(db_column_text(st, 15));
    a->state = s < 0 ? APPOINTMENT_MOTION : (enum appointment_state)s;
    a->state_since = date_col(st, 16);
    a->stop_reasons = dup_col(st, 17, ar);
    a->notice_start = date_col(st, 18);
    a->notice_end = date_col(st, 19);
    a->career_id = db_column_int(st, 20);
    a->probation_end = date_col(st, 21);
    a->created_at = dup_col(st, 22, ar);
    a->created_by = dup_col(st, 23, ar);
    a->version = db_column_int(st, 24);
}

int appointment_insert(struct db *db, struct appointment *a, const char *document_number,
                       const char *username, const char *now_utc)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO appointment_cases (person_id, kind, rank, title, post_level,"
                        " unit_id, concurrent, probation, reason, exceptional, exceptional_reason,"
                        " exceptional_approval, state, state_since, created_at, created_by)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        &st);
    if (rc < 0)
        return rc;
    char since[11];
    db_bind_int(st, 1, a->person_id);
    db_bind_text(st, 2, appointment_kind_name(a->kind));
    bind_text_or_null(st, 3, a->rank);
    bind_text_or_null(st, 4, a->title);
    bind_text_or_null(st, 5, a->post_level);
    bind_id_or_null(st, 6, a->unit_id);
    db_bind_int(st, 7, a->concurrent);
    db_bind_int(st, 8, a->probation);
    db_bind_text(st, 9, a->reason);
    db_bind_int(st, 10, a->exceptional);
    bind_text_or_null(st, 11, a->exceptional_reason);
    bind_text_or_null(st, 12, a->exceptional_approval);
    db_bind_text(st, 13, appointment_state_name(a->state));
    db_bind_text(st, 14, date_format_iso(a->state_since, since));
    db_bind_text(st, 15, now_utc);
    bind_text_or_null(st, 16, username);
    rc = db_step_id(st, &a->id);
    db_finalize(st);
    if (rc < 0)
        return rc;
    struct appointment_step first = {.state = a->state,
                                     .on = a->state_since,
                                     .document_number = document_number,
                                     .username = username,
                                     .at = now_utc};
    return appointment_step_insert(db, a->id, a->person_id, &first);
}

int appointment_get(struct db *db, long long id, struct arena *ar, struct appointment *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT " CASE_COLUMNS " WHERE c.id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st);
    if (rc == DB_ROW)
        read_case(st, ar, out);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return rc == DB_ROW ? 0 : ERR_NOT_FOUND;
}

int appointment_update(struct db *db, const struct appointment *a)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "UPDATE appointment_cases SET state = ?, state_since = ?, stop_reasons = ?,"
                        " notice_start = ?, notice_end = ?, career_id = ?, probation_end = ?"
                        " WHERE id = ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, appointment_state_name(a->state));
    bind_date_or_null(st, 2, a->state_since);
    bind_text_or_null(st, 3, a->stop_reasons);
    bind_date_or_null(st, 4, a->notice_start);
    bind_date_or_null(st, 5, a->notice_end);
    bind_id_or_null(st, 6, a->career_id);
    bind_date_or_null(st, 7, a->probation_end);
    db_bind_int(st, 8, a->id);
    rc = finish(st);
    if (rc == 0 && db_changes(db) == 0)
        rc = ERR_NOT_FOUND;
    return rc;
}

/* The WHERE clause of the filters present, so every parameter has a
 * column to take its type from. */
static const char *list_where(int state, long long person_id)
{
    if (state >= 0 && person_id > 0)
        return " WHERE c.state = ? AND c.person_id = ?";
    if (state >= 0)
        return " WHERE c.state = ?";
    if (person_id > 0)
        return " WHERE c.person_id = ?";
    return "";
}

/* Binds the filters present; returns the next parameter's index. */
static int bind_filters(struct db_stmt *st, int state, long long person_id)
{
    int i = 1;
    if (state >= 0)
        db_bind_text(st, i++, appointment_state_name((enum appointment_state)state));
    if (person_id > 0)
        db_bind_int(st, i++, person_id);
    return i;
}

int appointment_list(struct db *db, int state, long long person_id, int page, int per_page,
                     struct arena *ar, struct appointment **out, size_t *n, long long *total)
{
    const char *where = list_where(state, person_id);
    char *sql = arena_sprintf(ar, "SELECT count(*) FROM appointment_cases c%s", where);
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    bind_filters(st, state, person_id);
    rc = db_step(st);
    *total = rc == DB_ROW ? db_column_int(st, 0) : 0;
    db_finalize(st);
    if (rc < 0)
        return rc;
    sql = arena_sprintf(ar, "SELECT " CASE_COLUMNS "%s ORDER BY c.id DESC LIMIT ? OFFSET ?", where);
    if ((rc = db_prepare(db, sql, &st)) < 0)
        return rc;
    int i = bind_filters(st, state, person_id);
    db_bind_int(st, i++, per_page);
    db_bind_int(st, i, (long long)(page - 1) * per_page);
    size_t cap = per_page > 0 ? (size_t)per_page : 1;
    *out = arena_calloc(ar, cap, sizeof **out);
    *n = 0;
    while ((rc = db_step(st)) == DB_ROW && *n < cap)
        read_case(st, ar, &(*out)[(*n)++]);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Grows an arena array by doubling: `*items` of `*cap` elements of `size`. */
static void *grow(struct arena *ar, void *items, size_t n, size_t *cap, size_t size);

int appointment_probations(struct db *db, struct date until, struct arena *ar,
                           struct appointment **out, size_t *n)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT " CASE_COLUMNS " WHERE c.state = 'appointed'"
                        " AND c.probation_end IS NOT NULL AND c.probation_end <= ?"
                        " ORDER BY c.probation_end, c.id",
                        &st);
    if (rc < 0)
        return rc;
    char day[11];
    db_bind_text(st, 1, date_format_iso(until, day));
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = grow(ar, *out, *n, &cap, sizeof **out);
        read_case(st, ar, &(*out)[(*n)++]);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* ---- steps -------------------------------------------------------------------- */

int appointment_step_insert(struct db *db, long long case_id, long long person_id,
                            const struct appointment_step *s)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO appointment_steps (case_id, person_id, state, on_date,"
                        " document_number, notes, username, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        &st);
    if (rc < 0)
        return rc;
    char on[11];
    db_bind_int(st, 1, case_id);
    db_bind_int(st, 2, person_id);
    db_bind_text(st, 3, appointment_state_name(s->state));
    db_bind_text(st, 4, date_format_iso(s->on, on));
    bind_text_or_null(st, 5, s->document_number);
    bind_text_or_null(st, 6, s->notes);
    bind_text_or_null(st, 7, s->username);
    db_bind_text(st, 8, s->at);
    return finish(st);
}

static void *grow(struct arena *ar, void *items, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return items;
    size_t ncap = *cap ? *cap * 2 : 8;
    void *bigger = arena_calloc(ar, ncap, size);
    if (n)
        memcpy(bigger, items, n * size);
    *cap = ncap;
    return bigger;
}

int appointment_steps(struct db *db, long long case_id, struct arena *ar,
                      struct appointment_step **out, size_t *n)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT id, state, on_date, document_number, notes, username, at"
                        " FROM appointment_steps WHERE case_id = ? ORDER BY id",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, case_id);
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = grow(ar, *out, *n, &cap, sizeof **out);
        struct appointment_step *s = &(*out)[(*n)++];
        s->id = db_column_int(st, 0);
        int state = appointment_state_find(db_column_text(st, 1));
        s->state = state < 0 ? APPOINTMENT_MOTION : (enum appointment_state)state;
        s->on = date_col(st, 2);
        s->document_number = dup_col(st, 3, ar);
        s->notes = dup_col(st, 4, ar);
        s->username = dup_col(st, 5, ar);
        s->at = dup_col(st, 6, ar);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* ---- checks ------------------------------------------------------------------- */

int appointment_check_insert(struct db *db, long long case_id, long long person_id,
                             struct appointment_check_entry *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO appointment_checks (case_id, person_id, check_name, result,"
                        " checked_on, checked_by, notes, attachment, evidence, username, at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        &st);
    if (rc < 0)
        return rc;
    char on[11];
    db_bind_int(st, 1, case_id);
    db_bind_int(st, 2, person_id);
    db_bind_text(st, 3, appointment_check_name(e->check));
    db_bind_text(st, 4, appointment_result_name(e->result));
    db_bind_text(st, 5, date_format_iso(e->checked_on, on));
    db_bind_text(st, 6, e->checked_by);
    bind_text_or_null(st, 7, e->notes);
    bind_text_or_null(st, 8, e->attachment);
    bind_text_or_null(st, 9, e->evidence);
    bind_text_or_null(st, 10, e->username);
    db_bind_text(st, 11, e->at);
    rc = db_step_id(st, &e->id);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int appointment_checks(struct db *db, long long case_id, struct arena *ar,
                       struct appointment_check_entry **out, size_t *n)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT id, check_name, result, checked_on, checked_by, notes, attachment,"
                        " evidence, username, at FROM appointment_checks WHERE case_id = ?"
                        " ORDER BY id",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, case_id);
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        int c = appointment_check_find(db_column_text(st, 1));
        int r = appointment_result_find(db_column_text(st, 2));
        if (c < 0 || r < 0)
            continue;
        *out = grow(ar, *out, *n, &cap, sizeof **out);
        struct appointment_check_entry *e = &(*out)[(*n)++];
        e->id = db_column_int(st, 0);
        e->check = (enum appointment_check)c;
        e->result = (enum appointment_check_result)r;
        e->checked_on = date_col(st, 3);
        e->checked_by = dup_col(st, 4, ar);
        e->notes = dup_col(st, 5, ar);
        e->attachment = dup_col(st, 6, ar);
        e->evidence = dup_col(st, 7, ar);
        e->username = dup_col(st, 8, ar);
        e->at = dup_col(st, 9, ar);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* ---- objections ---------------------------------------------------------------- */

int appointment_objection_insert(struct db *db, long long case_id, long long person_id,
                                 struct appointment_objection *o)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO appointment_objections (case_id, person_id, received_on,"
                        " content, username, at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                        &st);
    if (rc < 0)
        return rc;
    char on[11];
    db_bind_int(st, 1, case_id);
    db_bind_int(st, 2, person_id);
    db_bind_text(st, 3, date_format_iso(o->received_on, on));
    db_bind_text(st, 4, o->content);
    bind_text_or_null(st, 5, o->username);
    db_bind_text(st, 6, o->at);
    rc = db_step_id(st, &o->id);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int appointment_objection_resolve(struct db *db, long long case_id, long long id,
                                  const char *resolution, struct date resolved_on)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "UPDATE appointment_objections SET resolution = ?, resolved_on = ?"
                        " WHERE id = ? AND case_id = ? AND resolution IS NULL",
                        &st);
    if (rc < 0)
        return rc;
    char on[11];
    db_bind_text(st, 1, resolution);
    db_bind_text(st, 2, date_format_iso(resolved_on, on));
    db_bind_int(st, 3, id);
    db_bind_int(st, 4, case_id);
    rc = finish(st);
    if (rc == 0 && db_changes(db) == 0)
        rc = ERR_NOT_FOUND;
    return rc;
}

int appointment_objections(struct db *db, long long case_id, struct arena *ar,
                           struct appointment_objection **out, size_t *n)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT id, received_on, content, resolution, resolved_on, username, at"
                        " FROM appointment_objections WHERE case_id = ? ORDER BY id",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, case_id);
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = grow(ar, *out, *n, &cap, sizeof **out);
        struct appointment_objection *o = &(*out)[(*n)++];
        o->id = db_column_int(st, 0);
        o->received_on = date_col(st, 1);
        o->content = dup_col(st, 2, ar);
        o->resolution = dup_col(st, 3, ar);
        o->resolved_on = date_col(st, 4);
        o->username = dup_col(st, 5, ar);
        o->at = dup_col(st, 6, ar);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* ---- the holiday calendar ------------------------------------------------------ */

int appointment_calendar_load(struct db *db, struct date from, struct date to, struct arena *ar,
                              struct appointment_calendar *out)
{
    char a[11], b[11];
    date_format_iso(date_is_none(from) ? (struct date){1, 1, 1} : from, a);
    date_format_iso(date_is_none(to) ? (struct date){9999, 12, 31} : to, b);
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT day, workday, name FROM holidays WHERE day >= ? AND day <= ?"
                        " ORDER BY day",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, a);
    db_bind_text(st, 2, b);
    size_t cap = 0;
    struct appointment_calendar_day *days = NULL;
    size_t n = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        struct date d = date_col(st, 0);
        if (date_is_none(d))
            continue;
        days = grow(ar, days, n, &cap, sizeof *days);
        days[n].day = d;
        days[n].workday = db_column_int(st, 1) != 0;
        days[n].name = dup_col(st, 2, ar);
        n++;
    }
    db_finalize(st);
    out->days = days;
    out->n = n;
    return rc < 0 ? rc : 0;
}

int appointment_calendar_put_year(struct db *db, int year,
                                  const struct appointment_calendar_day *days, size_t n)
{
    char a[11], b[11];
    date_format_iso((struct date){year, 1, 1}, a);
    date_format_iso((struct date){year, 12, 31}, b);
    struct db_stmt *st;
    int rc = db_prepare(db, "DELETE FROM holidays WHERE day >= ? AND day <= ?", &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, a);
    db_bind_text(st, 2, b);
    if ((rc = finish(st)) < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if ((rc = db_prepare(db, "INSERT INTO holidays (day, workday, name) VALUES (?, ?, ?)",
                             &st)) < 0)
            return rc;
        char d[11];
        db_bind_text(st, 1, date_format_iso(days[i].day, d));
        db_bind_int(st, 2, days[i].workday);
        db_bind_text(st, 3, days[i].name);
        if ((rc = finish(st)) < 0)
            return rc;
    }
    return 0;
}
