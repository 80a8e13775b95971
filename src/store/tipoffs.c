/* tipoffs.c — tip-offs sealed at rest, their timeline, attachments and
 * stage deadlines, and a person's supervision records (store/tipoffs.h). */
#include "store/tipoffs.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/reminders.h"
#include "store/rowmac.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/secret.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

/* ---- sealing ----------------------------------------------------------------- */

/* `plain` sealed (owned, free()), or NULL for NULL. */
static char *seal(const struct secret_key *key, const char *plain)
{
    return plain ? secret_seal(key, plain, strlen(plain)) : NULL;
}

/* Opens `sealed` (NULL stays NULL) into `a`. The copy in the arena dies
 * with the request; the guarded buffer is wiped at once. */
static int open_into(const struct secret_key *key, const char *sealed, struct arena *a,
                     const char **out)
{
    *out = NULL;
    if (!sealed)
        return 0;
    char *plain;
    size_t len;
    int rc = secret_open(key, sealed, &plain, &len);
    if (rc < 0)
        return rc;
    *out = arena_strndup(a, plain, len);
    secret_plain_free(plain);
    return 0;
}

/* The hex BLAKE2b-256 of a canonical tracking code: what the table keeps. */
static void code_hash(const char *canonical, char hex[crypto_generichash_BYTES * 2 + 1])
{
    unsigned char h[crypto_generichash_BYTES];
    crypto_generichash(h, sizeof h, (const unsigned char *)canonical, strlen(canonical), NULL, 0);
    sodium_bin2hex(hex, crypto_generichash_BYTES * 2 + 1, h, sizeof h);
}

/* The reporter as one sealed text: name, a newline, contact (neither may
 * hold a newline: core/tipoffs.c refuses control characters in them).
 * NULL when both are empty: anonymous. */
static char *seal_reporter(const struct secret_key *key, const char *name, const char *contact)
{
    bool has_name = name && *name, has_contact = contact && *contact;
    if (!has_name && !has_contact)
        return NULL;
    char *joined = xasprintf("%s\n%s", has_name ? name : "", has_contact ? contact : "");
    char *sealed = seal(key, joined);
    sodium_memzero(joined, strlen(joined));
    free(joined);
    return sealed;
}

static int open_reporter(const struct secret_key *key, const char *sealed, struct arena *a,
                         const char **name, const char **contact)
{
    const char *joined;
    *name = *contact = NULL;
    int rc = open_into(key, sealed, a, &joined);
    if (rc < 0 || !joined)
        return rc;
    const char *nl = strchr(joined, '\n');
    if (!nl)
        return ERR_INVALID;
    if (nl > joined)
        *name = arena_strndup(a, joined, (size_t)(nl - joined));
    if (nl[1])
        *contact = nl + 1;
    return 0;
}

/* `d` as ISO text, or NULL for DATE_NONE. */
static void bind_day(struct db_stmt *st, int i, struct date d)
{
    char buf[11];
    if (date_is_none(d))
        db_bind_null(st, i);
    else
        db_bind_text(st, i, date_format_iso(d, buf));
}

/* ---- tip-offs ------------------------------------------------------------------ */

int tipoffs_insert(struct db *db, const struct secret_key *key, const struct tipoff_report *r,
                   const char *channel, const char *now_utc, struct date today,
                   const struct tipoffs_actor *who, char code[TIPOFFS_CODE_TEXT + 1], long long *id)
{
    unsigned char random[TIPOFFS_CODE_RANDOM_BYTES];
    randombytes_buf(random, sizeof random);
    tipoffs_code_format(random, code);
    sodium_memzero(random, sizeof random);
    char canonical[TIPOFFS_CODE_SYMBOLS + 1], hash[crypto_generichash_BYTES * 2 + 1];
    tipoffs_code_normalize(code, canonical);
    code_hash(canonical, hash);

    char day[11];
    date_format_iso(today, day);
    char *name = seal(key, r->subject_name), *unit = seal(key, r->subject_unit),
         *content = seal(key, r->content),
         *reporter = seal_reporter(key, r->reporter_name, r->contact);
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO tipoffs (code_hash, channel, status, status_since,"
                        " subject_name, subject_unit, content, reporter, received_at, received_on)"
                        " VALUES (?, ?, 'received', ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        &st);
    if (rc == 0) {
        db_bind_text(st, 1, hash);
        db_bind_text(st, 2, channel);
        db_bind_text(st, 3, day);
        db_bind_text(st, 4, name);
        db_bind_text(st, 5, unit);
        db_bind_text(st, 6, content);
        db_bind_text(st, 7, reporter);
        db_bind_text(st, 8, now_utc);
        db_bind_text(st, 9, day);
        rc = db_step_id(st, id);
        db_finalize(st);
    }
    free(name);
    free(unit);
    free(content);
    free(reporter);
    if (rc < 0)
        return rc;
    return tipoffs_add_event(db, key, *id, now_utc, who, "received", NULL, "received", NULL);
}

int tipoffs_find_code(struct db *db, const char *canonical, long long *id,
                      enum tipoff_status *status)
{
    char hash[crypto_generichash_BYTES * 2 + 1];
    code_hash(canonical, hash);
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT id, status FROM tipoffs WHERE code_hash = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, hash);
    rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_column_int(st, 0);
        int s = tipoffs_status_find(db_column_text(st, 1));
        *status = s < 0 ? TIPOFF_RECEIVED : (enum tipoff_status)s;
    }
    db_finalize(st);
    return rc == DB_ROW ? 0 : rc == DB_DONE ? ERR_NOT_FOUND : rc;
}

int tipoffs_add_event(struct db *db, const struct secret_key *key, long long id, const char *at,
                      const struct tipoffs_actor *who, const char *kind, const char *from_status,
                      const char *to_status, const char *note)
{
    char *sealed = note && *note ? seal(key, note) : NULL;
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO tipoff_events (tipoff_id, at, user_id, username, kind,"
                        " from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        &st);
    if (rc == 0) {
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, at);
        if (who && who->user_id)
            db_bind_int(st, 3, who->user_id);
        else
            db_bind_null(st, 3);
        db_bind_text(st, 4, who ? who->username : NULL);
        db_bind_text(st, 5, kind);
        db_bind_text(st, 6, from_status);
        db_bind_text(st, 7, to_status);
        db_bind_text(st, 8, sealed);
        rc = db_step(st);
        db_finalize(st);
    }
    free(sealed);
    return rc < 0 ? rc : 0;
}

int tipoffs_add_attachment(struct db *db, const struct secret_key *key, long long id,
                           const char *name, const char *media_type, const void *data, size_t len,
                           const char *at, long long *attachment_id)
{
    long long count;
    struct db_stmt *st;
    int rc;
    if ((rc = db_prepare(db, "SELECT count(*) FROM tipoff_attachments WHERE tipoff_id = ?", &st)) <
        0)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st);
    count = rc == DB_ROW ? db_column_int(st, 0) : 0;
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (count >= TIPOFFS_ATTACHMENTS_MAX)
        return ERR_CONFLICT;
    char *sealed = secret_seal(key, data, len), *sealed_name = seal(key, name);
    if ((rc = db_prepare(db,
                         "INSERT INTO tipoff_attachments (tipoff_id, media_type, size, data, at,"
                         " name) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                         &st)) == 0) {
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, media_type);
        db_bind_int(st, 3, (long long)len);
        db_bind_text(st, 4, sealed);
        db_bind_text(st, 5, at);
        db_bind_text(st, 6, sealed_name);
        rc = db_step_id(st, attachment_id);
        db_finalize(st);
    }
    free(sealed);
    free(sealed_name);
    return rc < 0 ? rc : 0;
}

#define TIPOFF_COLUMNS                                                                             \
    "t.id, t.channel, t.status, t.status_since, t.subject_name, t.subject_unit, t.content,"        \
    " t.reporter, t.specific, t.person_id, p.name, t.received_at, t.received_on,"                  \
    " (SELECT count(*) FROM tipoff_events e WHERE e.tipoff_id = t.id AND e.kind = 'addition'),"    \
    " (SELECT count(*) FROM tipoff_attachments x WHERE x.tipoff_id = t.id)"
#define TIPOFF_FROM " FROM tipoffs t LEFT JOIN people p ON p.id = t.person_id"

static int read_tipoff(struct db_stmt *st, const struct secret_key *key,
                       const struct tipoff_deadlines *d, struct date today, struct arena *a,
                       struct tipoff *t)
{
    memset(t, 0, sizeof *t);
    t->id = db_column_int(st, 0);
    t->channel = arena_strdup(a, db_column_text(st, 1));
    int s = tipoffs_status_find(db_column_text(st, 2));
    t->status = s < 0 ? TIPOFF_RECEIVED : (enum tipoff_status)s;
    date_parse_iso(db_column_text(st, 3), &t->status_since);
    int rc = open_into(key, db_column_text(st, 4), a, &t->subject_name);
    if (rc == 0)
        rc = open_into(key, db_column_text(st, 5), a, &t->subject_unit);
    if (rc == 0)
        rc = open_into(key, db_column_text(st, 6), a, &t->content);
    if (rc == 0)
        rc = open_reporter(key, db_column_text(st, 7), a, &t->reporter_name, &t->contact);
    t->specific = db_column_int(st, 8) != 0;
    t->person_id = db_column_int(st, 9);
    t->person_name = arena_strdup(a, db_column_text(st, 10));
    t->received_at = arena_strdup(a, db_column_text(st, 11));
    date_parse_iso(db_column_text(st, 12), &t->received_on);
    t->additions = db_column_int(st, 13);
    t->attachments = db_column_int(st, 14);
    t->due = DATE_NONE;
    if (tipoffs_due(d, t->status, t->status_since, &t->due))
        t->overdue = date_compare(t->due, today) < 0;
    return rc;
}

/* The WHERE clause of `f` (only the filters present, each bound once). */
static void filter_sql(struct strbuf *sb, const struct tipoffs_filter *f)
{
    strbuf_puts(sb, " WHERE 1 = 1");
    if (f->status >= 0)
        strbuf_puts(sb, " AND t.status = ?");
    if (f->person_id > 0)
        strbuf_puts(sb, " AND t.person_id = ?");
    if (f->specific >= 0)
        strbuf_puts(sb, " AND t.specific = ?");
}

static void filter_bind(struct db_stmt *st, const struct tipoffs_filter *f)
{
    int i = 1;
    if (f->status >= 0)
        db_bind_text(st, i++, tipoffs_status_name((enum tipoff_status)f->status));
    if (f->person_id > 0)
        db_bind_int(st, i++, f->person_id);
    if (f->specific >= 0)
        db_bind_int(st, i++, f->specific);
}

int tipoffs_list(struct db *db, const struct secret_key *key, const struct tipoffs_filter *f,
                 const struct tipoff_deadlines *d, struct date today, long long offset,
                 long long limit, struct arena *a, struct tipoff **items, size_t *n,
                 long long *total)
{
    *items = NULL;
    *n = 0;
    *total = 0;
    struct strbuf sb = {0};
    strbuf_puts(&sb, "SELECT " TIPOFF_COLUMNS TIPOFF_FROM);
    filter_sql(&sb, f);
    strbuf_puts(&sb, " ORDER BY t.received_at DESC, t.id DESC");
    struct db_stmt *st;
    int rc = db_prepare(db, sb.data, &st);
    strbuf_release(&sb);
    if (rc < 0)
        return rc;
    filter_bind(st, f);
    /* Overdue is computed from the deadlines, so the whole filter runs
     * here; a discipline office has hundreds of open cases, not millions. */
    size_t cap = 0;
    long long seen = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        struct tipoff t;
        struct arena *scratch = arena_new();
        int orc = read_tipoff(st, key, d, today, scratch, &t);
        bool keep = !f->overdue_only || t.overdue;
        arena_free(scratch);
        if (orc < 0) {
            rc = orc;
            break;
        }
        if (!keep)
            continue;
        if (seen++ < offset || (long long)*n >= limit)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            struct tipoff *grown = arena_alloc(a, cap * sizeof *grown);
            if (*n)
                memcpy(grown, *items, *n * sizeof *grown);
            *items = grown;
        }
        if ((orc = read_tipoff(st, key, d, today, a, &(*items)[*n])) < 0) {
            rc = orc;
            break;
        }
        (*n)++;
    }
    db_finalize(st);
    *total = seen;
    return rc < 0 ? rc : 0;
}

int tipoffs_get(struct db *db, const struct secret_key *key, long long id,
                const struct tipoff_deadlines *d, struct date today, struct arena *a,
                struct tipoff *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT " TIPOFF_COLUMNS TIPOFF_FROM " WHERE t.id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st);
    if (rc == DB_ROW)
        rc = read_tipoff(st, key, d, today, a, out);
    else if (rc == DB_DONE)
        rc = ERR_NOT_FOUND;
    db_finalize(st);
    return rc;
}

int tipoffs_events(struct db *db, const struct secret_key *key, long long id, struct arena *a,
                   struct tipoff_event **events, size_t *n)
{
    *events = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT id, at, username, kind, from_status, to_status, note"
                        " FROM tipoff_events WHERE tipoff_id = ? ORDER BY id",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    size_t cap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            struct tipoff_event *grown = arena_alloc(a, cap * sizeof *grown);
            if (*n)
                memcpy(grown, *events, *n * sizeof *grown);
            *events = grown;
        }
        struct tipoff_event *e = &(*events)[(*n)++];
        e->id = db_column_int(st, 0);
        e->at = arena_strdup(a, db_column_text(st, 1));
        e->username = arena_strdup(a, db_column_text(st, 2));
        e->kind = arena_strdup(a, db_column_text(st, 3));
        e->from_status = arena_strdup(a, db_column_text(st, 4));
        e->to_status = arena_strdup(a, db_column_text(st, 5));
        int orc = open_into(key, db_column_text(st, 6), a, &e->note);
        if (orc < 0) {
            rc = orc;
            break;
        }
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int tipoffs_attachments(struct db *db, const struct secret_key *key, long long id, struct arena *a,
                        struct tipoff_attachment **items, size_t *n)
{
    *items = arena_calloc(a, TIPOFFS_ATTACHMENTS_MAX, sizeof **items);
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT id, media_type, size, at, name FROM tipoff_attachments"
                        " WHERE tipoff_id = ? ORDER BY id",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    while ((rc = db_step(st)) == DB_ROW && *n < TIPOFFS_ATTACHMENTS_MAX) {
        struct tipoff_attachment *x = &(*items)[(*n)++];
        x->id = db_column_int(st, 0);
        x->media_type = arena_strdup(a, db_column_text(st, 1));
        x->size = db_column_int(st, 2);
        x->at = arena_strdup(a, db_column_text(st, 3));
        int orc = open_into(key, db_column_text(st, 4), a, &x->name);
        if (orc < 0) {
            rc = orc;
            break;
        }
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int tipoffs_attachment_data(struct db *db, const struct secret_key *key, long long id,
                            long long attachment_id, struct arena *a, char **data, size_t *len,
                            const char **media_type, const char **name)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT media_type, data, name FROM tipoff_attachments"
                        " WHERE id = ? AND tipoff_id = ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, attachment_id);
    db_bind_int(st, 2, id);
    rc = db_step(st);
    if (rc == DB_ROW) {
        *media_type = arena_strdup(a, db_column_text(st, 0));
        rc = name ? open_into(key, db_column_text(st, 2), a, name) : 0;
        if (rc == 0)
            rc = secret_open(key, db_column_text(st, 1), data, len);
    } else if (rc == DB_DONE) {
        rc = ERR_NOT_FOUND;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int tipoffs_set_status(struct db *db, long long id, enum tipoff_status to, struct date since)
{
    char day[11];
    date_format_iso(since, day);
    struct db_stmt *st;
    int rc = db_prepare(db, "UPDATE tipoffs SET status = ?, status_since = ? WHERE id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, tipoffs_status_name(to));
    db_bind_text(st, 2, day);
    db_bind_int(st, 3, id);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return db_changes(db) ? 0 : ERR_NOT_FOUND;
}

int tipoffs_set_assessment(struct db *db, long long id, bool specific, long long person_id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "UPDATE tipoffs SET specific = ?, person_id = ? WHERE id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, specific ? 1 : 0);
    if (person_id > 0)
        db_bind_int(st, 2, person_id);
    else
        db_bind_null(st, 2);
    db_bind_int(st, 3, id);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return db_changes(db) ? 0 : ERR_NOT_FOUND;
}

int tipoffs_deadlines(struct db *db, struct tipoff_deadlines *out)
{
    *out = TIPOFFS_DEFAULT_DEADLINES;
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT status, days FROM tipoff_deadlines", &st);
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int s = tipoffs_status_find(db_column_text(st, 0));
        if (s >= 0)
            out->days[s] = (int)db_column_int(st, 1);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int tipoffs_set_deadline(struct db *db, enum tipoff_status s, int days)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "UPDATE tipoff_deadlines SET days = ? WHERE status = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, days);
    db_bind_text(st, 2, tipoffs_status_name(s));
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (db_changes(db))
        return 0;
    if ((rc = db_prepare(db, "INSERT INTO tipoff_deadlines (status, days) VALUES (?, ?)", &st)) < 0)
        return rc;
    db_bind_text(st, 1, tipoffs_status_name(s));
    db_bind_int(st, 2, days);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int tipoffs_unsettled_specific(struct db *db, long long person_id, long long *count)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT count(*) FROM tipoffs WHERE person_id = ? AND specific = 1"
                        " AND status NOT IN ('closed', 'answered')",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, person_id);
    rc = db_step(st);
    *count = rc == DB_ROW ? db_column_int(st, 0) : 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int tipoffs_due_soon(struct db *db, const struct tipoff_deadlines *d, struct date today,
                     int lead_days, struct arena *a, struct tipoff **items, size_t *n)
{
    *items = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT t.id, t.channel, t.status, t.status_since, t.specific,"
                        " t.person_id, p.name, t.received_at, t.received_on"
                        " FROM tipoffs t LEFT JOIN people p ON p.id = t.person_id"
                        " WHERE t.status <> 'answered' ORDER BY t.id",
                        &st);
    if (rc < 0)
        return rc;
    size_t cap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        struct tipoff t = {.id = db_column_int(st, 0), .due = DATE_NONE};
        int s = tipoffs_status_find(db_column_text(st, 2));
        t.status = s < 0 ? TIPOFF_RECEIVED : (enum tipoff_status)s;
        date_parse_iso(db_column_text(st, 3), &t.status_since);
        if (!tipoffs_due(d, t.status, t.status_since, &t.due) ||
            !reminders_due(t.due, lead_days, today, NULL))
            continue;
        t.overdue = date_compare(t.due, today) < 0;
        t.channel = arena_strdup(a, db_column_text(st, 1));
        t.specific = db_column_int(st, 4) != 0;
        t.person_id = db_column_int(st, 5);
        t.person_name = arena_strdup(a, db_column_text(st, 6));
        t.received_at = arena_strdup(a, db_column_text(st, 7));
        date_parse_iso(db_column_text(st, 8), &t.received_on);
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            struct tipoff *grown = arena_alloc(a, cap * sizeof *grown);
            if (*n)
                memcpy(grown, *items, *n * sizeof *grown);
            *items = grown;
        }
        (*items)[(*n)++] = t;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    /* Soonest due first; insertion keeps equal days in id order. */
    for (size_t i = 1; i < *n; i++)
        for (size_t k = i; k > 0 && date_compare((*items)[k].due, (*items)[k - 1].due) < 0; k--) {
            struct tipoff swap = (*items)[k];
            (*items)[k] = (*items)[k - 1];
            (*items)[k - 1] = swap;
        }
    return 0;
}

/* ---- supervision records ------------------------------------------------------ */

int supervision_insert(struct db *db, struct supervision_record *r, const struct tipoffs_actor *who,
                       const char *now_utc)
{
    char day[11];
    date_format_iso(r->occurred_on, day);
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO supervision_records (person_id, kind, category, occurred_on,"
                        " summary, evidence, authority, recorded_by, recorded_by_name, recorded_at,"
                        " reply_due, replied_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        " RETURNING id",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, r->person_id);
    db_bind_text(st, 2, supervision_kind_name(r->kind));
    db_bind_text(
        st, 3, r->category >= 0 ? conduct_category_name((enum conduct_category)r->category) : NULL);
    db_bind_text(st, 4, day);
    db_bind_text(st, 5, r->summary);
    db_bind_text(st, 6, r->evidence);
    db_bind_text(st, 7, r->authority);
    if (who && who->user_id)
        db_bind_int(st, 8, who->user_id);
    else
        db_bind_null(st, 8);
    db_bind_text(st, 9, who ? who->username : NULL);
    db_bind_text(st, 10, now_utc);
    bind_day(st, 11, r->reply_due);
    bind_day(st, 12, r->replied_on);
    rc = db_step_id(st, &r->id);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return rowmac_touch(db, "supervision_records", r->person_id);
}

#define SUPERVISION_COLUMNS                                                                        \
    "s.id, s.person_id, s.kind, s.category, s.occurred_on, s.summary, s.evidence,"                 \
    " s.authority, s.recorded_by_name, s.recorded_at, s.reply_due, s.replied_on, p.name"
#define SUPERVISION_FROM " FROM supervision_records s JOIN people p ON p.id = s.person_id"

static void read_supervision(struct db_stmt *st, struct arena *a, struct supervision_record *r)
{
    r->id = db_column_int(st, 0);
    r->person_id = db_column_int(st, 1);
    int k = supervision_kind_find(db_column_text(st, 2));
    r->kind = k < 0 ? SUPERVISION_CONDUCT : (enum supervision_kind)k;
    r->category = conduct_category_find(db_column_text(st, 3));
    r->occurred_on = r->reply_due = r->replied_on = DATE_NONE;
    date_parse_iso(db_column_text(st, 4), &r->occurred_on);
    r->summary = arena_strdup(a, db_column_text(st, 5));
    r->evidence = arena_strdup(a, db_column_text(st, 6));
    r->authority = arena_strdup(a, db_column_text(st, 7));
    r->recorded_by_name = arena_strdup(a, db_column_text(st, 8));
    r->recorded_at = arena_strdup(a, db_column_text(st, 9));
    if (!db_column_is_null(st, 10))
        date_parse_iso(db_column_text(st, 10), &r->reply_due);
    if (!db_column_is_null(st, 11))
        date_parse_iso(db_column_text(st, 11), &r->replied_on);
    r->person_name = arena_strdup(a, db_column_text(st, 12));
}

/* Runs `sql` (one bound integer when `param` >= 0) and collects its records. */
static int supervision_select(struct db *db, const char *sql, long long param, struct arena *a,
                              struct supervision_record **items, size_t *n)
{
    *items = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    if (param >= 0)
        db_bind_int(st, 1, param);
    size_t cap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            struct supervision_record *grown = arena_alloc(a, cap * sizeof *grown);
            if (*n)
                memcpy(grown, *items, *n * sizeof *grown);
            *items = grown;
        }
        read_supervision(st, a, &(*items)[(*n)++]);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int supervision_list(struct db *db, long long person_id, struct arena *a,
                     struct supervision_record **items, size_t *n)
{
    return supervision_select(db,
                              "SELECT " SUPERVISION_COLUMNS SUPERVISION_FROM
                              " WHERE s.person_id = ? ORDER BY s.occurred_on, s.id",
                              person_id, a, items, n);
}

int supervision_set_replied(struct db *db, long long person_id, long long id,
                            struct date replied_on)
{
    struct db_stmt *st;
    int rc =
        db_prepare(db, "SELECT kind FROM supervision_records WHERE id = ? AND person_id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, person_id);
    bool inquiry = false;
    if ((rc = db_step(st)) == DB_ROW)
        inquiry = supervision_kind_find(db_column_text(st, 0)) == SUPERVISION_INQUIRY;
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (rc == DB_DONE)
        return ERR_NOT_FOUND;
    if (!inquiry)
        return ERR_INVALID;
    if ((rc = db_prepare(db, "UPDATE supervision_records SET replied_on = ? WHERE id = ?", &st)) <
        0)
        return rc;
    bind_day(st, 1, replied_on);
    db_bind_int(st, 2, id);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int supervision_inquiries_due(struct db *db, struct date today, int lead_days, struct arena *a,
                              struct supervision_record **items, size_t *n)
{
    struct supervision_record *all;
    size_t nall;
    int rc = supervision_select(db,
                                "SELECT " SUPERVISION_COLUMNS SUPERVISION_FROM
                                " WHERE s.kind = 'inquiry' AND s.reply_due IS NOT NULL"
                                " AND s.replied_on IS NULL ORDER BY s.reply_due, s.id",
                                -1, a, &all, &nall);
    if (rc < 0)
        return rc;
    *items = all;
    *n = 0;
    for (size_t i = 0; i < nall; i++)
        if (reminders_due(all[i].reply_due, lead_days, today, NULL))
            all[(*n)++] = all[i];
    return 0;
}

int supervision_delete(struct db *db, long long person_id, long long id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "DELETE FROM supervision_records WHERE id = ? AND person_id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, person_id);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (!db_changes(db))
        return ERR_NOT_FOUND;
    return rowmac_touch(db, "supervision_records", person_id);
}
