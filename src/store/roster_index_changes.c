/* roster_index_changes.c — the process-wide snapshot and how it follows the
 * database: person writes applied in place after their commit, compaction
 * off the request path, rebuilds when another process or a unit write made
 * it stale. */
#include <limits.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/qualify_changes.h"
#include "store/roster_index_impl.h"
#include "util/err.h"
#include "util/log.h"
#include "util/xmalloc.h"

/* ---- the process-wide snapshot ---- */

/* Lock order: build_lock, apply_lock, current_lock. */
static pthread_mutex_t current_lock = PTHREAD_MUTEX_INITIALIZER;
static struct roster_index *current;
/* Held by the one thread rebuilding; others never wait for it. */
static pthread_mutex_t build_lock = PTHREAD_MUTEX_INITIALIZER;
/* Serialises every change of the snapshot: applying a transaction's
 * person writes (taken just before its COMMIT, while the database's write
 * lock is still held, so transactions are applied in commit order),
 * compaction, publishing a rebuild. current->version and the tail change
 * only under it. */
static pthread_mutex_t apply_lock = PTHREAD_MUTEX_INITIALIZER;
/* Transactions between their COMMIT and the end of applying them: the
 * database is ahead of the snapshot for a moment, no reason to rebuild. */
static atomic_int applying;
/* While a rebuild runs (apply_lock): the transactions committed meanwhile,
 * in commit order, to replay on the rebuilt snapshot, which would
 * otherwise be stale the moment it is published under steady writes. */
struct batch;
static bool building;
static struct batch *stash_head, **stash_tail = &stash_head;
static unsigned stash_count;
/* A version whose data could not be represented: not retried. */
static long long unrepresentable_version = -1;
/* A full rebuild (another process wrote, a unit changed) under a stream of
 * such writes would run for every list: after one, the next waits ten
 * times as long as it took (lists use SQL meanwhile), so rebuilding takes
 * at most a tenth of one core. Guarded by build_lock. */
static struct timespec next_build_allowed;

struct roster_index *roster_index_acquire(long long version)
{
    struct roster_index *ix = NULL;
    pthread_mutex_lock(&current_lock);
    if (current && current->base_version <= version && version <= current->version) {
        ix = current;
        atomic_fetch_add(&ix->refs, 1);
    }
    pthread_mutex_unlock(&current_lock);
    return ix;
}

void roster_index_release(struct roster_index *ix)
{
    if (ix && atomic_fetch_sub(&ix->refs, 1) == 1) {
        rix_free(ix);
        /* A snapshot is tens of megabytes in many blocks: hand the pages
         * back, or every rebuild under writes leaves the heap larger. */
        malloc_trim(0);
    }
}

/* Makes `ix` (taken, may be NULL) the process-wide snapshot. */
static void swap_current(struct roster_index *ix)
{
    pthread_mutex_lock(&current_lock);
    struct roster_index *old = current;
    current = ix;
    pthread_mutex_unlock(&current_lock);
    roster_index_release(old);
}

/* ---- person writes applied in place ---- */

struct staged {
    struct person_row row; /* owned; only the id when deleted */
    bool deleted;
};

/* The person writes of one transaction, handed over at its commit. */
struct batch {
    long long before, after; /* the roster versions around the transaction */
    bool invalid;            /* holds a write the index cannot replay */
    bool holding;            /* apply_lock held: from COMMITTING to the end */
    struct staged *changes;  /* one per person, the last state */
    uint32_t n, cap;
    struct batch *next; /* in the stash */
};

static void batch_drop_changes(struct batch *b)
{
    for (uint32_t i = 0; i < b->n; i++)
        rix_person_row_free(&b->changes[i].row);
    free(b->changes);
    b->changes = NULL;
    b->n = b->cap = 0;
}

static void batch_free(struct batch *b)
{
    if (!b)
        return;
    batch_drop_changes(b);
    free(b);
}

/* A write the index cannot replay: the snapshot goes stale and is
 * rebuilt, as for a write by another process. */
static void batch_invalidate(struct batch *b)
{
    batch_drop_changes(b);
    b->invalid = true;
}

/* Copies row `r` of `from` into row `to_row` of `ix` (same codes, units). */
static void copy_row(struct roster_index *ix, uint32_t to_row, const struct roster_index *from,
                     uint32_t r)
{
    ix->id[to_row] = from->id[r];
    ix->died[to_row] = ALIVE;
    ix->unit[to_row] = from->unit[r];
    for (int c = 0; c < NCODES; c++)
        ix->code[c][to_row] = from->code[c][r];
    ix->birth[to_row] = from->birth[r];
    ix->work_start[to_row] = from->work_start[r];
    ix->party_join[to_row] = from->party_join[r];
    ix->created[to_row] = from->created[r];
    ix->rank_order[to_row] = from->rank_order[r];
    ix->post_order[to_row] = from->post_order[r];
    ix->education_order[to_row] = from->education_order[r];
    const uint32_t *from_texts[] = {from->name,        from->pinyin,    from->initials,
                                    from->strokes,     from->id_number, from->pinyin_alt,
                                    from->initials_alt};
    uint32_t *to_texts[] = {ix->name,      ix->pinyin,     ix->initials,    ix->strokes,
                            ix->id_number, ix->pinyin_alt, ix->initials_alt};
    for (size_t t = 0; t < sizeof to_texts / sizeof *to_texts; t++) {
        uint32_t off = from_texts[t][r];
        rix_add_text(ix, off == NO_TEXT ? NULL : text_at(from, off), &to_texts[t][to_row]);
    }
}

/* Carries the orders `old` has computed over to `ix`, its compaction
 * (`new_of_old`: old base row -> new row, or UINT32_MAX when gone; `extra`:
 * the new rows that were not in old's base, ascending): the old base's
 * survivors keep their relative order (same keys, and rows stay in id
 * order), so each order is one merge with the few extra rows sorted,
 * instead of a sort of the whole roster on the next list. */
static void carry_orders(struct roster_index *ix, const struct roster_index *old,
                         const uint32_t *new_of_old, const uint32_t *extra, uint32_t nextra)
{
    uint32_t n = ix->n;
    uint32_t *kept = xmalloc((old->n + 1) * sizeof *kept);
    uint32_t *more = xmalloc((nextra + 1) * sizeof *more);
    for (int o = 0; o < NORDERS; o++) {
        const struct order *from = &old->orders[o];
        if (o == ORDER_ID || !atomic_load_explicit(&from->ready, memory_order_acquire))
            continue;
        uint32_t nkept = 0, kept_nonnull = 0;
        for (uint32_t p = 0; p < old->n; p++) {
            uint32_t r = new_of_old[from->rows[p]];
            if (r == UINT32_MAX)
                continue;
            kept[nkept++] = r;
            if (p < from->nonnull)
                kept_nonnull++;
        }
        uint32_t more_nonnull = 0, nmore = 0;
        for (uint32_t i = 0; i < nextra; i++)
            if (!key_is_null(ix, (enum order_id)o, extra[i]))
                more[more_nonnull++] = extra[i];
        nmore = more_nonnull;
        for (uint32_t i = 0; i < nextra; i++)
            if (key_is_null(ix, (enum order_id)o, extra[i]))
                more[nmore++] = extra[i];
        struct order_ctx ctx = {ix, (enum order_id)o};
        qsort_r(more, more_nonnull, sizeof *more, rix_row_compare, &ctx);
        uint32_t *rows = xmalloc((n ? n : 1) * sizeof *rows);
        uint32_t a = 0, b = 0, p = 0;
        /* Keys first (by key, then row), then the NULLs by row. */
        while (a < kept_nonnull || b < more_nonnull)
            rows[p++] = b == more_nonnull ||
                                (a < kept_nonnull && rix_row_compare(&kept[a], &more[b], &ctx) < 0)
                            ? kept[a++]
                            : more[b++];
        while (a < nkept || b < nmore)
            rows[p++] = b == nmore || (a < nkept && kept[a] < more[b]) ? kept[a++] : more[b++];
        uint32_t *position = xmalloc((n ? n : 1) * sizeof *position);
        for (uint32_t q = 0; q < n; q++)
            position[rows[q]] = q;
        struct order *to = &ix->orders[o];
        to->rows = rows;
        to->position = position;
        to->nonnull = kept_nonnull + more_nonnull;
        atomic_store_explicit(&to->ready, true, memory_order_release);
    }
    free(kept);
    free(more);
}

struct source {
    long long id;
    uint32_t row; /* of the old snapshot, when !staged */
    const struct person_row *staged;
};

static int compare_source(const void *pa, const void *pb)
{
    const struct source *a = pa, *b = pb;
    return (a->id > b->id) - (a->id < b->id);
}

/* A new snapshot at `to_version`: the rows of `old` visible and alive at
 * `version` (its first `rows`), without those `b` replaces, and `b`'s rows
 * (b may be NULL), all in id order as the base, with fresh room for
 * appends. Every row of `b` fits `old` (checked). Reads only what writers
 * no longer change, so it may run while they append to `old`. */
static struct roster_index *compact(const struct roster_index *old, uint32_t rows,
                                    long long version, const struct batch *b, long long to_version)
{
    static const struct batch none;
    if (!b)
        b = &none;
    uint8_t *replaced = xcalloc(rows ? rows : 1, 1);
    for (uint32_t i = 0; i < b->n; i++) {
        int64_t r = live_row(old, rows, version, b->changes[i].row.id);
        if (r >= 0)
            replaced[r] = 1;
    }
    struct source *src = xmalloc(((size_t)rows + b->n + 1) * sizeof *src);
    size_t k = 0;
    for (uint32_t r = 0; r < rows; r++)
        if (!replaced[r] && died_at(old, r) > version)
            src[k++] = (struct source){old->id[r], r, NULL};
    free(replaced);
    bool sorted = true;
    for (uint32_t i = 0; i < b->n; i++)
        if (!b->changes[i].deleted) {
            src[k++] = (struct source){b->changes[i].row.id, 0, &b->changes[i].row};
            sorted = false;
        }
    if (!sorted || rows > old->n)
        qsort(src, k, sizeof *src, compare_source);

    struct roster_index *ix = rix_new();
    ix->version = ix->base_version = to_version;
    for (int c = 0; c < NCODES; c++) {
        ix->codes[c].n = old->codes[c].n;
        ix->codes[c].values = xcalloc(old->codes[c].n + 1, sizeof *ix->codes[c].values);
        for (uint32_t i = 0; i < old->codes[c].n; i++)
            ix->codes[c].values[i] = xstrdup(old->codes[c].values[i]);
    }
    ix->nunits = old->nunits;
    ix->unit_id = xcalloc(old->nunits + 1, sizeof *ix->unit_id);
    ix->unit_parent = xcalloc(old->nunits + 1, sizeof *ix->unit_parent);
    memcpy(ix->unit_id, old->unit_id, old->nunits * sizeof *ix->unit_id);
    memcpy(ix->unit_parent, old->unit_parent, old->nunits * sizeof *ix->unit_parent);
    rix_alloc_rows(ix, k + SPARE_ROWS, k);
    ix->text_cap = (size_t)k * 64 + 1; /* grows as needed */
    ix->text = xmalloc(ix->text_cap);
    uint32_t *new_of_old = xmalloc((old->n + 1) * sizeof *new_of_old);
    for (uint32_t r = 0; r < old->n; r++)
        new_of_old[r] = UINT32_MAX;
    uint32_t *extra = xmalloc((rows - old->n + b->n + 1) * sizeof *extra), nextra = 0;
    for (size_t i = 0; i < k; i++) {
        if (src[i].staged)
            rix_put_row(ix, (uint32_t)i, src[i].staged);
        else
            copy_row(ix, (uint32_t)i, old, src[i].row);
        if (!src[i].staged && src[i].row < old->n)
            new_of_old[src[i].row] = (uint32_t)i;
        else
            extra[nextra++] = (uint32_t)i;
    }
    ix->n = (uint32_t)k;
    free(src);
    rix_reserve_text(ix);
    rix_index_alternates(ix);
    carry_orders(ix, old, new_of_old, extra, nextra);
    free(new_of_old);
    free(extra);
    return ix;
}

/* Applies `b` to `ix` when that is at b->before: in place while there is
 * room, else (`may_compact`: `ix` is the current snapshot) by compacting
 * into a new current snapshot. Returns false when it does not apply (no
 * snapshot, another version, a write the index cannot replay, no room: the
 * snapshot then stays at its version, stale). Caller holds apply_lock. */
static bool apply_in(struct roster_index *ix, struct batch *b, bool may_compact)
{
    if (b->invalid || !ix || ix->version != b->before)
        return false;
    uint32_t adds = 0;
    size_t text = 0;
    for (uint32_t i = 0; i < b->n; i++) {
        const struct staged *c = &b->changes[i];
        if (c->deleted)
            continue;
        if (!rix_person_row_fits(ix, &c->row))
            return false;
        adds++;
        text += rix_person_row_text(&c->row);
    }
    /* Each change kills at most one row. */
    if ((uint64_t)ix->n + ix->tail_used + adds > ix->cap ||
        (uint64_t)ix->dead_used + b->n > SPARE_ROWS || ix->text_len + text > ix->text_cap) {
        if (!may_compact)
            return false;
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        struct roster_index *fresh = compact(ix, ix->n + ix->tail_used, ix->version, b, b->after);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        log_info("roster index: compacted to %u people at version %lld in %ld ms (on a write)",
                 fresh->n, fresh->version,
                 (long)((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000));
        swap_current(fresh);
        return true;
    }
    uint32_t rows = ix->n + ix->tail_used;
    for (uint32_t i = 0; i < b->n; i++) {
        int64_t r = live_row(ix, rows, ix->version, b->changes[i].row.id);
        if (r >= 0) {
            __atomic_store_n(&ix->died[r], b->after, __ATOMIC_RELAXED);
            ix->dead[ix->dead_used++] = (uint32_t)r;
        }
    }
    atomic_store_explicit(&ix->ndead, ix->dead_used, memory_order_release);
    for (uint32_t i = 0; i < b->n; i++) {
        if (b->changes[i].deleted)
            continue;
        /* Rows past the published tail: no reader looks at them yet. */
        rix_put_row(ix, ix->n + ix->tail_used, &b->changes[i].row);
        ix->born[ix->tail_used++] = b->after;
    }
    atomic_store_explicit(&ix->tail, ix->tail_used, memory_order_release);
    pthread_mutex_lock(&current_lock);
    ix->version = b->after;
    pthread_mutex_unlock(&current_lock);
    return true;
}

static bool batch_apply(struct batch *b)
{
    return apply_in(current, b, true);
}

/* ---- compaction off the request path ---- */

/* When half the room for appends (or dead rows) is used, a thread of its
 * own copies the snapshot as it was at that moment, without holding any
 * lock; the writes applied meanwhile are kept and replayed on the copy
 * under apply_lock, and the copy replaces the snapshot. So no request waits
 * for a compaction unless writes outrun it and fill the other half (then
 * the write compacts itself, as apply_in does). All apply_lock. */
#define COMPACT_AT (SPARE_ROWS / 2)
static bool compacting;
static pthread_cond_t compactor_done = PTHREAD_COND_INITIALIZER;
static const struct roster_index *compact_from;
static struct batch *replay_head, **replay_tail = &replay_head;

struct compact_job {
    struct roster_index *old; /* a reference */
    uint32_t rows;
    long long version;
};

static void *compactor(void *arg)
{
    struct compact_job *job = arg;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct roster_index *fresh = compact(job->old, job->rows, job->version, NULL, job->version);
    pthread_mutex_lock(&apply_lock);
    bool ok = current == job->old;
    struct batch *b = replay_head;
    replay_head = NULL;
    replay_tail = &replay_head;
    while (b) {
        struct batch *next = b->next;
        ok = ok && apply_in(fresh, b, false);
        batch_free(b);
        b = next;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (ok) {
        log_info("roster index: compacted to %u people at version %lld in %ld ms", fresh->n,
                 fresh->version,
                 (long)((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000));
        swap_current(fresh);
    } else {
        roster_index_release(fresh);
    }
    pthread_mutex_unlock(&apply_lock);
    roster_index_release(job->old);
    free(job);
    pthread_mutex_lock(&apply_lock);
    compacting = false;
    compact_from = NULL;
    pthread_cond_broadcast(&compactor_done);
    pthread_mutex_unlock(&apply_lock);
    return NULL;
}

/* Starts the compactor when the current snapshot's room is half used and
 * none runs. Caller holds apply_lock. */
static void maybe_compact(void)
{
    struct roster_index *ix = current;
    if (compacting || !ix || (ix->tail_used < COMPACT_AT && ix->dead_used < COMPACT_AT))
        return;
    struct compact_job *job = xmalloc(sizeof *job);
    *job = (struct compact_job){ix, ix->n + ix->tail_used, ix->version};
    atomic_fetch_add(&ix->refs, 1);
    pthread_attr_t attr;
    pthread_t thread;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&thread, &attr, compactor, job) == 0) {
        compacting = true;
        compact_from = ix;
    } else {
        roster_index_release(ix); /* not the last reference: current holds one */
        free(job);
    }
    pthread_attr_destroy(&attr);
}

/* The db_tx_hook of a transaction with person writes. */
static void batch_hook(void *arg, enum db_tx_event event)
{
    struct batch *b = arg;
    if (event == DB_TX_COMMITTING) {
        if (!b->holding) {
            pthread_mutex_lock(&apply_lock);
            atomic_fetch_add(&applying, 1);
            b->holding = true;
        }
        return;
    }
    bool kept = false;
    if (event == DB_TX_COMMITTED && b->holding) {
        const struct roster_index *was = current;
        if (batch_apply(b)) {
            if (compacting && current == compact_from) {
                /* For the compactor to replay on its copy. */
                b->next = NULL;
                *replay_tail = b;
                replay_tail = &b->next;
                kept = true;
            } else if (current == was) {
                maybe_compact();
            }
        } else if (building && !b->invalid && stash_count < MAX_STASH) {
            b->next = NULL;
            *stash_tail = b;
            stash_tail = &b->next;
            stash_count++;
            kept = true;
        }
    }
    if (b->holding) {
        b->holding = false;
        atomic_fetch_sub(&applying, 1);
        pthread_mutex_unlock(&apply_lock);
    }
    if (!kept)
        batch_free(b);
}

/* Bumps the roster version; its new value into `*version`. */
static int bump(struct db *db, long long *version)
{
    struct db_stmt *st;
    int rc = db_prepare(
        db, "UPDATE roster_version SET version = version + 1 WHERE id = 1 RETURNING version", &st);
    if (rc < 0)
        return rc;
    rc = db_step(st);
    if (rc == DB_ROW)
        *version = db_column_int(st, 0);
    db_finalize(st);
    if (rc == DB_DONE)
        rc = ERR_INTERNAL; /* no roster_version row: migrations not applied */
    return rc < 0 ? rc : 0;
}

int roster_index_bump(struct db *db)
{
    long long version = 0;
    /* A unit's move or rename changes alerts too (回避, the organ). */
    int rc = qualify_changes_touch_all(db);
    if (rc == 0)
        rc = bump(db, &version);
    if (rc < 0)
        return rc;
    struct batch *b = db_tx_hook_arg(db, batch_hook);
    if (b) {
        batch_invalidate(b);
        b->after = version;
    }
    return 0;
}

/* Reads person `id` as the transaction sees it now into `b`, replacing
 * what `b` held for them. */
static int stage(struct db *db, struct batch *b, long long id)
{
    struct db_stmt *st;
    int rc = db_prepare(db, PERSON_COLUMNS " WHERE id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st);
    struct staged s = {.row = {.id = id}, .deleted = rc != DB_ROW};
    bool ok = true;
    if (rc == DB_ROW && (ok = rix_read_person(st, &s.row)))
        rix_person_row_own(&s.row);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (!ok) {
        /* Not representable: the rebuild finds out and says so. */
        batch_invalidate(b);
        return 0;
    }
    for (uint32_t i = 0; i < b->n; i++)
        if (b->changes[i].row.id == id) {
            rix_person_row_free(&b->changes[i].row);
            b->changes[i] = s;
            return 0;
        }
    if (b->n == MAX_BATCH) {
        rix_person_row_free(&s.row);
        batch_invalidate(b);
        return 0;
    }
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 4;
        b->changes = xrealloc(b->changes, b->cap * sizeof *b->changes);
    }
    b->changes[b->n++] = s;
    return 0;
}

int roster_index_bump_person(struct db *db, long long person_id)
{
    /* One bump per transaction is enough: nobody else sees the version
     * until the commit, and a batch registered in this transaction means
     * it has been bumped (roster_index_bump bumps again and invalidates).
     * An import of 100,000 people so writes the version once, not 100,000
     * times. */
    struct batch *b = db_tx_hook_arg(db, batch_hook);
    bool fresh = !b;
    /* What the alerts read of the person changed too. */
    int rc = qualify_changes_touch(db, person_id);
    if (rc < 0)
        return rc;
    if (fresh) {
        long long version = 0;
        if ((rc = bump(db, &version)) < 0)
            return rc;
        b = xcalloc(1, sizeof *b);
        b->before = version - 1;
        b->after = version;
    }
    if (!b->invalid && (rc = stage(db, b, person_id)) < 0) {
        if (fresh)
            batch_free(b);
        return rc;
    }
    /* Outside a transaction the hook runs at once; a failure to register
     * leaves the snapshot stale, which a rebuild repairs. */
    if (fresh)
        db_tx_hook(db, batch_hook, b);
    return 0;
}

/* Publishes a rebuilt snapshot (or none: NULL with `clear`) unless the
 * current one is as new, then replays the transactions committed while it
 * was built. */
static void publish_built(struct roster_index *ix, bool clear)
{
    pthread_mutex_lock(&apply_lock);
    building = false;
    struct batch *stash = stash_head;
    stash_head = NULL;
    stash_tail = &stash_head;
    stash_count = 0;
    if (ix && current && current->version >= ix->version)
        roster_index_release(ix);
    else if (ix || clear)
        swap_current(ix);
    while (stash) {
        struct batch *next = stash->next;
        batch_apply(stash);
        batch_free(stash);
        stash = next;
    }
    pthread_mutex_unlock(&apply_lock);
}

int roster_index_refresh(struct db *db)
{
    if (db_in_transaction(db))
        return 0;
    /* A commit being applied brings the snapshot up to date in a moment. */
    if (atomic_load(&applying) > 0)
        return 0;
    if (pthread_mutex_trylock(&build_lock) != 0)
        return 0;
    long long version;
    int rc = roster_index_version(db, &version);
    bool fresh = false;
    if (rc == 0) {
        pthread_mutex_lock(&current_lock);
        fresh = (current && current->base_version <= version && version <= current->version) ||
                version == unrepresentable_version;
        pthread_mutex_unlock(&current_lock);
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    bool too_soon =
        t0.tv_sec < next_build_allowed.tv_sec ||
        (t0.tv_sec == next_build_allowed.tv_sec && t0.tv_nsec < next_build_allowed.tv_nsec);
    if (rc == 0 && !fresh && !too_soon) {
        pthread_mutex_lock(&apply_lock);
        building = true;
        pthread_mutex_unlock(&apply_lock);
        struct roster_index *ix;
        rc = rix_build(db, &ix);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        long long took_ns =
            (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
        long long wait_ns = 10 * took_ns;
        next_build_allowed.tv_sec = t1.tv_sec + (time_t)(wait_ns / 1000000000LL);
        next_build_allowed.tv_nsec = t1.tv_nsec + (long)(wait_ns % 1000000000LL);
        if (next_build_allowed.tv_nsec >= 1000000000L) {
            next_build_allowed.tv_sec++;
            next_build_allowed.tv_nsec -= 1000000000L;
        }
        if (rc == 0) {
            log_info("roster index: %u people at version %lld, loaded in %ld ms", ix->n,
                     ix->version,
                     (long)((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000));
            publish_built(ix, false);
        } else if (rc == ERR_INVALID) {
            log_warn("roster index: data at version %lld not representable, lists use SQL",
                     version);
            pthread_mutex_lock(&current_lock);
            unrepresentable_version = version;
            pthread_mutex_unlock(&current_lock);
            publish_built(NULL, true);
            rc = 0;
        } else {
            publish_built(NULL, false);
        }
    }
    pthread_mutex_unlock(&build_lock);
    return rc;
}

void roster_index_reset(void)
{
    pthread_mutex_lock(&build_lock);
    pthread_mutex_lock(&apply_lock);
    while (compacting)
        pthread_cond_wait(&compactor_done, &apply_lock);
    pthread_mutex_unlock(&apply_lock);
    publish_built(NULL, true);
    unrepresentable_version = -1;
    next_build_allowed = (struct timespec){0, 0};
    pthread_mutex_unlock(&build_lock);
}
