/* declarations.c — the SQL of personal-matters reports: duties, sealed
 * reports, recorded draws and checks. */
#include "store/declarations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/rowmac.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/secret.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

static const char *col_text(struct db_stmt *st, int col, struct arena *a)
{
    const char *t = db_column_text(st, col);
    return t ? arena_strdup(a, t) : NULL;
}

static struct date col_date(struct db_stmt *st, int col)
{
    struct date d = DATE_NONE;
    const char *t = db_column_text(st, col);
    if (t && *t)
        date_parse_iso(t, &d);
    return d;
}

static void bind_date(struct db_stmt *st, int i, struct date d)
{
    char buf[11];
    if (date_is_none(d))
        db_bind_null(st, i);
    else
        db_bind_text(st, i, date_format_iso(d, buf));
}

/* Grows an arena array by doubling. */
static void *grow(struct arena *a, void *items, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return items;
    size_t ncap = *cap ? *cap * 2 : 16;
    void *bigger = arena_calloc(a, ncap, size);
    if (n)
        memcpy(bigger, items, n * size);
    *cap = ncap;
    return bigger;
}

/* Seals `plain` with `key` (NULL plain: NULL). */
static int seal(const struct secret_key *key, const char *plain, char **out)
{
    *out = NULL;
    if (plain == NULL)
        return 0;
    if (key == NULL)
        return ERR_UNAVAILABLE;
    *out = secret_seal(key, plain, strlen(plain));
    return 0;
}

static int open_sealed(const struct secret_key *key, const char *sealed, struct arena *a,
                       const char **out)
{
    *out = NULL;
    if (sealed == NULL)
        return 0;
    if (key == NULL)
        return ERR_UNAVAILABLE;
    char *plain;
    size_t len;
    int rc = secret_open(key, sealed, &plain, &len);
    if (rc < 0)
        return rc;
    *out = arena_strndup(a, plain, len);
    secret_plain_free(plain);
    return 0;
}

/* The first column of `sql` with one integer parameter, as a count. */
static int count_of(struct db *db, const char *sql, long long param, long long *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, param);
    *out = (rc = db_step(st)) == DB_ROW ? db_column_int(st, 0) : 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* ---- who must report -------------------------------------------------- */

#define DUTY_SELECT                                                                                \
    "SELECT p.id, p.name, p.id_number, u.name, p.current_rank, p.current_post_level,"              \
    " o.obliged, o.reason FROM people p LEFT JOIN units u ON u.id = p.unit_id"                     \
    " LEFT JOIN declaration_obligations o ON o.person_id = p.id WHERE p.status = '1'"

static void read_duty(struct db_stmt *st, struct arena *a, struct declaration_duty *d)
{
    d->person_id = db_column_int(st, 0);
    d->name = col_text(st, 1, a);
    d->id_number = col_text(st, 2, a);
    d->unit_name = col_text(st, 3, a);
    d->rank = col_text(st, 4, a);
    d->post_level = col_text(st, 5, a);
    d->by_rank = declarations_rank_obliged(d->rank, d->post_level);
    d->by_former_post = false;
    d->override = db_column_is_null(st, 6) ? -1 : (int)db_column_int(st, 6);
    d->override_reason = col_text(st, 7, a);
}

static void settle_duty(struct declaration_duty *d)
{
    d->obliged = d->override >= 0 ? d->override == 1 : d->by_rank || d->by_former_post;
}

static int duty_by_person(const void *key, const void *elem)
{
    long long id = *(const long long *)key,
              other = ((const struct declaration_duty *)elem)->person_id;
    return id < other ? -1 : id > other;
}

/* Marks by_former_post on the duties `d` (sorted by person id) of those
 * whose past career records oblige them while their current ones do not:
 * one pass over the career records of people in service (`person_id` > 0:
 * of that person only). */
static int mark_former_posts(struct db *db, long long person_id, struct declaration_duty *d,
                             size_t n)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        person_id > 0 ? "SELECT c.person_id, c.rank, c.post_level FROM career c"
                                        " WHERE c.person_id = ?"
                                      : "SELECT c.person_id, c.rank, c.post_level FROM career c"
                                        " JOIN people p ON p.id = c.person_id WHERE p.status = '1'",
                        &st);
    if (rc < 0)
        return rc;
    if (person_id > 0)
        db_bind_int(st, 1, person_id);
    while ((rc = db_step(st)) == DB_ROW) {
        long long id = db_column_int(st, 0);
        struct declaration_duty *hit = bsearch(&id, d, n, sizeof *d, duty_by_person);
        if (hit && !hit->by_rank && !hit->by_former_post)
            hit->by_former_post =
                declarations_formerly_obliged(db_column_text(st, 1), db_column_text(st, 2));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int declarations_duties(struct db *db, bool obliged_only, struct arena *a,
                        struct declaration_duty **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, DUTY_SELECT " ORDER BY p.id", &st);
    if (rc < 0)
        return rc;
    size_t cap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = grow(a, *out, *n, &cap, sizeof **out);
        read_duty(st, a, &(*out)[(*n)++]);
    }
    db_finalize(st);
    if (rc < 0 || (rc = mark_former_posts(db, 0, *out, *n)) < 0)
        return rc;
    size_t kept = 0;
    for (size_t i = 0; i < *n; i++) {
        settle_duty(&(*out)[i]);
        if (!obliged_only || (*out)[i].obliged)
            (*out)[kept++] = (*out)[i];
    }
    *n = kept;
    return 0;
}

int declarations_duty(struct db *db, long long person_id, struct arena *a,
                      struct declaration_duty *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db, DUTY_SELECT " AND p.id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, person_id);
    rc = db_step(st);
    if (rc == DB_ROW)
        read_duty(st, a, out);
    db_finalize(st);
    if (rc != DB_ROW)
        return rc < 0 ? rc : ERR_NOT_FOUND;
    if ((rc = mark_former_posts(db, person_id, out, 1)) < 0)
        return rc;
    settle_duty(out);
    return 0;
}

int declarations_set_obligation(struct db *db, long long person_id, int obliged, const char *reason)
{
    long long exists = 0;
    int rc = count_of(db, "SELECT count(*) FROM people WHERE id = ?", person_id, &exists);
    if (rc < 0)
        return rc;
    if (!exists)
        return ERR_NOT_FOUND;
    if (obliged < 0)
        return db_exec_id(db, "DELETE FROM declaration_obligations WHERE person_id = ?", person_id);
    struct db_stmt *st;
    rc = db_prepare(db,
                    "INSERT INTO declaration_obligations (person_id, obliged, reason, updated_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET"
                    " obliged = excluded.obliged, reason = excluded.reason,"
                    " updated_at = excluded.updated_at",
                    &st);
    if (rc < 0)
        return rc;
    char now[21];
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, obliged ? 1 : 0);
    db_bind_text(st, 3, reason);
    db_bind_text(st, 4, store_now(now));
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int declarations_obliged_ids(struct db *db, struct arena *a, const char ***ids, size_t *n)
{
    struct declaration_duty *d;
    size_t nd;
    int rc = declarations_duties(db, true, a, &d, &nd);
    if (rc < 0)
        return rc;
    *ids = arena_calloc(a, nd ? nd : 1, sizeof **ids);
    *n = 0;
    for (size_t i = 0; i < nd; i++)
        if (d[i].id_number && *d[i].id_number)
            (*ids)[(*n)++] = d[i].id_number;
    return 0;
}

/* ---- reports ------------------------------------------------------------ */

#define REPORT_COLUMNS                                                                             \
    "id, person_id, year, kind, event_date, deadline, status, submitted_on, entered_by,"           \
    " created_at, updated_at, version, content"

static void read_report(struct db_stmt *st, struct arena *a, struct declaration_report *r)
{
    memset(r, 0, sizeof *r);
    r->id = db_column_int(st, 0);
    r->person_id = db_column_int(st, 1);
    r->year = (int)db_column_int(st, 2);
    r->kind = col_text(st, 3, a);
    r->event_date = col_date(st, 4);
    r->deadline = col_date(st, 5);
    r->status = col_text(st, 6, a);
    r->submitted_on = col_date(st, 7);
    r->entered_by = col_text(st, 8, a);
    r->created_at = col_text(st, 9, a);
    r->updated_at = col_text(st, 10, a);
    r->version = db_column_int(st, 11);
}

int declarations_reports(struct db *db, long long person_id, int year, struct arena *a,
                         struct declaration_report **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    const char *sql = person_id > 0 ? "SELECT " REPORT_COLUMNS " FROM declarations"
                                      " WHERE person_id = ? ORDER BY year DESC, id DESC"
                                    : "SELECT " REPORT_COLUMNS " FROM declarations"
                                      " WHERE year = ? ORDER BY person_id, id";
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, person_id > 0 ? person_id : year);
    size_t cap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = grow(a, *out, *n, &cap, sizeof **out);
        read_report(st, a, &(*out)[(*n)++]);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int report_one(struct db *db, const struct secret_key *key, const char *sql, long long p1,
                      long long p2, bool two, struct arena *a, struct declaration_report *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, p1);
    if (two)
        db_bind_int(st, 2, p2);
    const char *sealed = NULL;
    if ((rc = db_step(st)) == DB_ROW) {
        read_report(st, a, out);
        sealed = col_text(st, 12, a);
    }
    db_finalize(st);
    if (rc != DB_ROW)
        return rc < 0 ? rc : ERR_NOT_FOUND;
    return open_sealed(key, sealed, a, &out->content);
}

int declarations_report_get(struct db *db, const struct secret_key *key, long long id,
                            struct arena *a, struct declaration_report *out)
{
    return report_one(db, key, "SELECT " REPORT_COLUMNS " FROM declarations WHERE id = ?", id, 0,
                      false, a, out);
}

int declarations_report_previous(struct db *db, const struct secret_key *key, long long person_id,
                                 int year, struct arena *a, struct declaration_report *out)
{
    return report_one(db, key,
                      "SELECT " REPORT_COLUMNS " FROM declarations WHERE person_id = ?"
                      " AND year < ? ORDER BY year DESC, id DESC LIMIT 1",
                      person_id, year, true, a, out);
}

int declarations_report_insert(struct db *db, const struct secret_key *key,
                               struct declaration_report *r)
{
    char *sealed;
    int rc = seal(key, r->content ? r->content : "{\"items\":[]}", &sealed);
    if (rc < 0)
        return rc;
    struct db_stmt *st;
    rc = db_prepare(db,
                    "INSERT INTO declarations (person_id, year, kind, event_date, deadline, status,"
                    " submitted_on, entered_by, content, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    &st);
    if (rc < 0) {
        free(sealed);
        return rc;
    }
    char now[21];
    store_now(now);
    db_bind_int(st, 1, r->person_id);
    db_bind_int(st, 2, r->year);
    db_bind_text(st, 3, r->kind);
    bind_date(st, 4, r->event_date);
    bind_date(st, 5, r->deadline);
    db_bind_text(st, 6, r->status);
    bind_date(st, 7, r->submitted_on);
    db_bind_text(st, 8, r->entered_by);
    db_bind_text(st, 9, sealed);
    db_bind_text(st, 10, now);
    db_bind_text(st, 11, now);
    free(sealed);
    if ((rc = db_step_id(st, &r->id)) < 0)
        return rc;
    return rowmac_touch(db, "declarations", r->person_id);
}

int declarations_report_update(struct db *db, const struct secret_key *key,
                               const struct declaration_report *r)
{
    char *sealed;
    int rc = seal(key, r->content ? r->content : "{\"items\":[]}", &sealed);
    if (rc < 0)
        return rc;
    struct db_stmt *st;
    rc = db_prepare(db,
                    "UPDATE declarations SET status = ?, submitted_on = ?, entered_by = ?,"
                    " content = ?, updated_at = ? WHERE id = ?",
                    &st);
    if (rc < 0) {
        free(sealed);
        return rc;
    }
    char now[21];
    db_bind_text(st, 1, r->status);
    bind_date(st, 2, r->submitted_on);
    db_bind_text(st, 3, r->entered_by);
    db_bind_text(st, 4, sealed);
    db_bind_text(st, 5, store_now(now));
    db_bind_int(st, 6, r->id);
    free(sealed);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (!db_changes(db))
        return ERR_NOT_FOUND;
    return rowmac_touch_row(db, "declarations", r->id);
}

/* ---- the draw ----------------------------------------------------------- */

#define DRAW_COLUMNS                                                                               \
    "id, year, seed, ratio, algorithm, obliged, obliged_count, drawn, sample_count,"               \
    " fingerprint, drawn_at"

static void read_draw(struct db_stmt *st, struct arena *a, struct declaration_draw_record *d)
{
    d->id = db_column_int(st, 0);
    d->year = (int)db_column_int(st, 1);
    d->seed = col_text(st, 2, a);
    d->ratio = col_text(st, 3, a);
    d->algorithm = col_text(st, 4, a);
    d->obliged = col_text(st, 5, a);
    d->obliged_count = db_column_int(st, 6);
    d->drawn = col_text(st, 7, a);
    d->sample_count = db_column_int(st, 8);
    d->fingerprint = col_text(st, 9, a);
    d->drawn_at = col_text(st, 10, a);
}

int declarations_draw_get(struct db *db, int year, struct arena *a,
                          struct declaration_draw_record *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT " DRAW_COLUMNS " FROM declaration_draws WHERE year = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, year);
    if ((rc = db_step(st)) == DB_ROW)
        read_draw(st, a, out);
    db_finalize(st);
    return rc == DB_ROW ? 0 : rc < 0 ? rc : ERR_NOT_FOUND;
}

int declarations_draws(struct db *db, struct arena *a, struct declaration_draw_record **out,
                       size_t *n)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc =
        db_prepare(db, "SELECT " DRAW_COLUMNS " FROM declaration_draws ORDER BY year DESC", &st);
    if (rc < 0)
        return rc;
    size_t cap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = grow(a, *out, *n, &cap, sizeof **out);
        read_draw(st, a, &(*out)[(*n)++]);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static char *lines(const char *const *items, size_t n)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        strbuf_puts(&sb, items[i]);
        strbuf_putc(&sb, '\n');
    }
    strbuf_puts(&sb, "");
    return strbuf_detach(&sb);
}

int declarations_draw_save(struct db *db, const struct declaration_draw *d, long long *id)
{
    long long exists = 0;
    int rc =
        count_of(db, "SELECT count(*) FROM declaration_draws WHERE year = ?", d->year, &exists);
    if (rc < 0)
        return rc;
    if (exists)
        return ERR_CONFLICT;
    struct db_stmt *st;
    rc = db_prepare(db,
                    "INSERT INTO declaration_draws (year, seed, ratio, algorithm, obliged,"
                    " obliged_count, drawn, sample_count, fingerprint, drawn_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    &st);
    if (rc < 0)
        return rc;
    char *obliged = lines(d->obliged, d->nobliged), *drawn = lines(d->drawn, d->ndrawn);
    char now[21];
    db_bind_int(st, 1, d->year);
    db_bind_text(st, 2, d->seed);
    db_bind_text(st, 3, d->ratio);
    db_bind_text(st, 4, DECLARATIONS_DRAW_ALGORITHM);
    db_bind_text(st, 5, obliged);
    db_bind_int(st, 6, (long long)d->nobliged);
    db_bind_text(st, 7, drawn);
    db_bind_int(st, 8, (long long)d->ndrawn);
    db_bind_text(st, 9, d->fingerprint);
    db_bind_text(st, 10, store_now(now));
    free(obliged);
    free(drawn);
    if ((rc = db_step_id(st, id)) < 0)
        return rc;
    /* A random check for each drawn person. */
    for (size_t i = 0; i < d->ndrawn; i++) {
        struct db_stmt *ins;
        rc = db_prepare(db,
                        "INSERT INTO declaration_checks (person_id, year, reason, draw_id, status,"
                        " created_at) SELECT id, ?, 'random', ?, 'open', ? FROM people"
                        " WHERE id_number = ?",
                        &ins);
        if (rc < 0)
            return rc;
        db_bind_int(ins, 1, d->year);
        db_bind_int(ins, 2, *id);
        db_bind_text(ins, 3, now);
        db_bind_text(ins, 4, d->drawn[i]);
        rc = db_step(ins);
        db_finalize(ins);
        if (rc < 0)
            return rc;
    }
    /* The checks' row MACs, by the persons drawn. */
    struct db_stmt *drawn_people;
    if ((rc = db_prepare(db, "SELECT DISTINCT person_id FROM declaration_checks WHERE draw_id = ?",
                         &drawn_people)) < 0)
        return rc;
    db_bind_int(drawn_people, 1, *id);
    long long *persons = xmalloc((d->ndrawn + 1) * sizeof *persons);
    size_t n = 0;
    while (n <= d->ndrawn && (rc = db_step(drawn_people)) == DB_ROW)
        persons[n++] = db_column_int(drawn_people, 0);
    db_finalize(drawn_people);
    for (size_t i = 0; rc >= 0 && i < n; i++)
        rc = rowmac_touch(db, "declaration_checks", persons[i]);
    free(persons);
    return rc < 0 ? rc : 0;
}

/* ---- checks ------------------------------------------------------------- */

#define CHECK_COLUMNS                                                                              \
    "c.id, c.person_id, c.year, c.reason, c.draw_id, c.note, c.status, c.checked_on,"              \
    " c.worst_class, c.proposal, c.decision, c.decision_date, c.punishment_id, c.created_at,"      \
    " c.version, p.name, c.findings"

static void read_check(struct db_stmt *st, struct arena *a, struct declaration_check *c)
{
    memset(c, 0, sizeof *c);
    c->id = db_column_int(st, 0);
    c->person_id = db_column_int(st, 1);
    c->year = (int)db_column_int(st, 2);
    c->reason = col_text(st, 3, a);
    c->draw_id = db_column_int(st, 4);
    c->note = col_text(st, 5, a);
    c->status = col_text(st, 6, a);
    c->checked_on = col_date(st, 7);
    c->worst_class = col_text(st, 8, a);
    c->proposal = col_text(st, 9, a);
    c->decision = col_text(st, 10, a);
    c->decision_date = col_date(st, 11);
    c->punishment_id = db_column_int(st, 12);
    c->created_at = col_text(st, 13, a);
    c->version = db_column_int(st, 14);
    c->person_name = col_text(st, 15, a);
}

int declarations_checks(struct db *db, long long person_id, int year, struct arena *a,
                        struct declaration_check **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    struct strbuf sql = STRBUF_INIT;
    strbuf_puts(&sql, "SELECT " CHECK_COLUMNS
                      " FROM declaration_checks c JOIN people p ON p.id = c.person_id");
    if (person_id > 0)
        strbuf_puts(&sql, " WHERE c.person_id = ?");
    else if (year > 0)
        strbuf_puts(&sql, " WHERE c.year = ?");
    strbuf_puts(&sql, " ORDER BY c.id DESC");
    struct db_stmt *st;
    int rc = db_prepare(db, strbuf_str(&sql), &st);
    strbuf_release(&sql);
    if (rc < 0)
        return rc;
    if (person_id > 0)
        db_bind_int(st, 1, person_id);
    else if (year > 0)
        db_bind_int(st, 1, year);
    size_t cap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = grow(a, *out, *n, &cap, sizeof **out);
        read_check(st, a, &(*out)[(*n)++]);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int declarations_check_get(struct db *db, const struct secret_key *key, long long id,
                           struct arena *a, struct declaration_check *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT " CHECK_COLUMNS " FROM declaration_checks c JOIN people p"
                        " ON p.id = c.person_id WHERE c.id = ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    const char *sealed = NULL;
    if ((rc = db_step(st)) == DB_ROW) {
        read_check(st, a, out);
        sealed = col_text(st, 16, a);
    }
    db_finalize(st);
    if (rc != DB_ROW)
        return rc < 0 ? rc : ERR_NOT_FOUND;
    return open_sealed(key, sealed, a, &out->findings);
}

int declarations_check_insert(struct db *db, struct declaration_check *c)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO declaration_checks (person_id, year, reason, note, status,"
                        " created_at) VALUES (?, ?, ?, ?, 'open', ?) RETURNING id",
                        &st);
    if (rc < 0)
        return rc;
    char now[21];
    db_bind_int(st, 1, c->person_id);
    db_bind_int(st, 2, c->year);
    db_bind_text(st, 3, c->reason);
    db_bind_text(st, 4, c->note);
    db_bind_text(st, 5, store_now(now));
    if ((rc = db_step_id(st, &c->id)) < 0)
        return rc;
    return rowmac_touch(db, "declaration_checks", c->person_id);
}

int declarations_check_update(struct db *db, const struct secret_key *key,
                              const struct declaration_check *c)
{
    char *sealed;
    int rc = seal(key, c->findings, &sealed);
    if (rc < 0)
        return rc;
    struct db_stmt *st;
    rc = db_prepare(db,
                    "UPDATE declaration_checks SET status = ?, checked_on = ?, findings = ?,"
                    " worst_class = ?, proposal = ?, decision = ?, decision_date = ?,"
                    " punishment_id = ? WHERE id = ?",
                    &st);
    if (rc < 0) {
        free(sealed);
        return rc;
    }
    db_bind_text(st, 1, c->status);
    bind_date(st, 2, c->checked_on);
    db_bind_text(st, 3, sealed);
    db_bind_text(st, 4, c->worst_class);
    db_bind_text(st, 5, c->proposal);
    db_bind_text(st, 6, c->decision);
    bind_date(st, 7, c->decision_date);
    if (c->punishment_id > 0)
        db_bind_int(st, 8, c->punishment_id);
    else
        db_bind_null(st, 8);
    db_bind_int(st, 9, c->id);
    free(sealed);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (!db_changes(db))
        return ERR_NOT_FOUND;
    return rowmac_touch_row(db, "declaration_checks", c->id);
}

int declarations_check_status(struct db *db, long long person_id, struct arena *a,
                              struct declaration_check_status *out)
{
    memset(out, 0, sizeof *out);
    out->state = "none";
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT id, status, checked_on, worst_class FROM declaration_checks"
                        " WHERE person_id = ? ORDER BY id DESC LIMIT 1",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, person_id);
    if ((rc = db_step(st)) == DB_ROW) {
        out->check_id = db_column_int(st, 0);
        out->state = col_text(st, 1, a);
        out->checked_on = col_date(st, 2);
        out->worst_class = col_text(st, 3, a);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}
