/* qualify_changes.c — the log of the people each qualification version
 * touched: written by the transaction that bumps the version, read by the
 * alert cache to evaluate only what changed (see qualify_changes.h). */
#include "store/qualify_changes.h"

#include <stdlib.h>

#include "util/err.h"
#include "util/xmalloc.h"

/* The log keeps the versions of the last KEEP bumps; a reader further
 * behind than that computes everything, which a list that old would cost
 * anyway. Pruning runs on one bump in PRUNE_EVERY, a ranged DELETE on the
 * primary key. */
enum { KEEP = 4096, PRUNE_EVERY = 256 };

/* What one transaction has logged so far: the version it bumped to and the
 * people (or everyone) written under it. */
struct tx_changes {
    long long version;
    bool everyone;
    size_t n;
    long long persons[QUALIFY_CHANGES_PERSONS_MAX];
};

static void changes_hook(void *arg, enum db_tx_event event)
{
    if (event != DB_TX_COMMITTING)
        free(arg);
}

static int bump(struct db *db, long long *version)
{
    struct db_stmt *st;
    int rc = db_prepare(
        db, "UPDATE qualify_version SET version = version + 1 WHERE id = 1 RETURNING version", &st);
    if (rc < 0)
        return rc;
    rc = db_step(st);
    if (rc == DB_ROW)
        *version = db_column_int(st, 0);
    db_finalize(st);
    if (rc == DB_DONE)
        rc = ERR_INTERNAL; /* no qualify_version row: migrations not applied */
    if (rc < 0)
        return rc;
    if (*version % PRUNE_EVERY == 0) {
        if ((rc = db_prepare(db, "DELETE FROM qualify_changes WHERE version <= ?", &st)) < 0)
            return rc;
        db_bind_int(st, 1, *version - KEEP);
        rc = db_step(st);
        db_finalize(st);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int log_person(struct db *db, long long version, long long person_id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "INSERT INTO qualify_changes (version, person_id) VALUES (?, ?)", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, version);
    db_bind_int(st, 2, person_id);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Logs `person_id` (0: everyone) in the transaction's version, bumping it
 * first when this is the transaction's first change. */
static int touch(struct db *db, long long person_id)
{
    struct tx_changes *c = db_tx_hook_arg(db, changes_hook);
    bool fresh = !c;
    int rc = 0;
    if (fresh) {
        long long version = 0;
        if ((rc = bump(db, &version)) < 0)
            return rc;
        c = xcalloc(1, sizeof *c);
        c->version = version;
    }
    if (!c->everyone) {
        bool logged = false;
        for (size_t i = 0; i < c->n && !logged; i++)
            logged = c->persons[i] == person_id;
        if (!logged && person_id != 0 && c->n == QUALIFY_CHANGES_PERSONS_MAX)
            person_id = 0;
        if (!logged && (rc = log_person(db, c->version, person_id)) == 0) {
            if (person_id == 0)
                c->everyone = true;
            else
                c->persons[c->n++] = person_id;
        }
    }
    if (rc < 0) {
        if (fresh)
            free(c);
        return rc;
    }
    /* Outside a transaction the hook runs (and frees) at once; inside, it
     * frees the state when the transaction ends either way. */
    if (fresh)
        db_tx_hook(db, changes_hook, c);
    return 0;
}

int qualify_changes_touch(struct db *db, long long person_id)
{
    return touch(db, person_id > 0 ? person_id : 0);
}

int qualify_changes_touch_all(struct db *db)
{
    return touch(db, 0);
}

static int compare_ids(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

static void push(long long **ids, size_t *n, size_t *cap, long long id)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *ids = xrealloc(*ids, *cap * sizeof **ids);
    }
    (*ids)[(*n)++] = id;
}

int qualify_changes_since(struct db *db, long long since, long long upto, long long max_versions,
                          long long **ids, size_t *n, bool *everyone)
{
    *ids = NULL;
    *n = 0;
    *everyone = upto - since > max_versions;
    if (*everyone || upto <= since)
        return 0;
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT version, person_id FROM qualify_changes"
                        " WHERE version > ? AND version <= ? ORDER BY version",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, since);
    db_bind_int(st, 2, upto);
    size_t cap = 0;
    long long versions = 0, last = since;
    while ((rc = db_step(st)) == DB_ROW && !*everyone) {
        long long version = db_column_int(st, 0), person = db_column_int(st, 1);
        if (version != last)
            versions++;
        last = version;
        if (person == 0)
            *everyone = true;
        else
            push(ids, n, &cap, person);
    }
    db_finalize(st);
    if (rc < 0 && rc != DB_DONE) {
        free(*ids);
        *ids = NULL;
        *n = 0;
        return rc;
    }
    /* A version without a row: its people are unknown. */
    if (!*everyone && versions != upto - since)
        *everyone = true;
    if (*everyone) {
        free(*ids);
        *ids = NULL;
        *n = 0;
        return 0;
    }
    qsort(*ids, *n, sizeof **ids, compare_ids);
    size_t kept = 0;
    for (size_t i = 0; i < *n; i++)
        if (kept == 0 || (*ids)[kept - 1] != (*ids)[i])
            (*ids)[kept++] = (*ids)[i];
    *n = kept;
    return 0;
}

int qualify_changes_relatives_of(struct db *db, long long person_id, long long **ids, size_t *n,
                                 size_t *cap)
{
    /* As store/qualify_data.c's load_colleagues matches a family record:
     * by ID number, or by name and birth date. Both sides are taken, a
     * superset: evaluating one person too many costs a little time. */
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT f.person_id FROM people p JOIN family f ON f.id_number ="
                        " p.id_number WHERE p.id = ? AND p.id_number <> ''"
                        " UNION SELECT f.person_id FROM people p JOIN family f ON f.name = p.name"
                        " AND f.birth_date = p.birth_date WHERE p.id = ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, person_id);
    while ((rc = db_step(st)) == DB_ROW)
        push(ids, n, cap, db_column_int(st, 0));
    db_finalize(st);
    return rc == DB_DONE ? 0 : rc;
}
