/* roster_index_orders.c — the sort orders of a snapshot, each computed on
 * first use: rows by (key, id), NULL keys last. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "store/roster_index_impl.h"
#include "util/xmalloc.h"

int rix_row_compare(const void *pa, const void *pb, void *arg)
{
    const struct order_ctx *c = arg;
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    int k = key_compare(c->ix, c->order, a, b);
    /* Rows are in id order: the row number is the id tiebreak. */
    return k ? k : CMP(a, b);
}

/* The order `o`, computed on first use (once per snapshot; a thread asking
 * meanwhile waits for it, once). */
const struct order *rix_order_get(struct roster_index *ix, enum order_id o)
{
    struct order *ord = &ix->orders[o];
    if (atomic_load_explicit(&ord->ready, memory_order_acquire))
        return ord;
    pthread_mutex_lock(&ix->order_lock);
    if (!atomic_load_explicit(&ord->ready, memory_order_relaxed)) {
        if (o == ORDER_ID) {
            ord->nonnull = ix->n;
        } else {
            uint32_t n = ix->n, nonnull = 0, nulls = 0;
            uint32_t *rows = xcalloc(n ? n : 1, sizeof *rows);
            for (uint32_t r = 0; r < n; r++)
                if (!key_is_null(ix, o, r))
                    nonnull++;
            for (uint32_t r = 0; r < n; r++) {
                if (key_is_null(ix, o, r))
                    rows[nonnull + nulls++] = r;
                else
                    rows[r - nulls] = r;
            }
            struct order_ctx ctx = {ix, o};
            qsort_r(rows, nonnull, sizeof *rows, rix_row_compare, &ctx);
            uint32_t *position = xcalloc(n ? n : 1, sizeof *position);
            for (uint32_t p = 0; p < n; p++)
                position[rows[p]] = p;
            ord->rows = rows;
            ord->position = position;
            ord->nonnull = nonnull;
        }
        atomic_store_explicit(&ord->ready, true, memory_order_release);
    }
    pthread_mutex_unlock(&ix->order_lock);
    return ord;
}
