/* roster_index_orders.c — what a snapshot computes on first use: the sort
 * orders (rows by (key, id), NULL keys last), the bitmap of each code's
 * rows, and where each unit's rows start in the order by unit. */
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

const uint64_t *rix_code_bits(struct roster_index *ix, int c, uint16_t code)
{
    uint64_t **slots = __atomic_load_n(&ix->code_bits[c], __ATOMIC_ACQUIRE);
    uint64_t *bits = slots ? __atomic_load_n(&slots[code], __ATOMIC_ACQUIRE) : NULL;
    if (bits)
        return bits;
    pthread_mutex_lock(&ix->order_lock);
    if (!ix->code_bits[c])
        __atomic_store_n(&ix->code_bits[c], xcalloc(ix->codes[c].n + 1u, sizeof(uint64_t *)),
                         __ATOMIC_RELEASE);
    slots = ix->code_bits[c];
    bits = slots[code];
    if (!bits) {
        bits = xcalloc(base_words(ix) + 1, sizeof *bits);
        const uint16_t *col = ix->code[c];
        for (uint32_t r = 0; r < ix->n; r++)
            bits[r / 64] |= (uint64_t)(col[r] == code) << (r % 64);
        __atomic_store_n(&slots[code], bits, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&ix->order_lock);
    return bits;
}

const uint32_t *rix_unit_first(struct roster_index *ix)
{
    uint32_t *first = __atomic_load_n(&ix->unit_first, __ATOMIC_ACQUIRE);
    if (first)
        return first;
    const struct order *ord = rix_order_get(ix, ORDER_UNIT);
    pthread_mutex_lock(&ix->order_lock);
    first = ix->unit_first;
    if (!first) {
        /* Count each unit's rows into the entry after it, then the running
         * sums; "no unit" is unit nunits + 1, last, as the order puts NULL
         * keys last. */
        uint32_t nu = ix->nunits;
        first = xcalloc(nu + 3, sizeof *first);
        for (uint32_t p = 0; p < ix->n; p++) {
            uint16_t u = ix->unit[ord->rows ? ord->rows[p] : p];
            first[(u ? u : nu + 1) + 1]++;
        }
        for (uint32_t u = 1; u <= nu + 1; u++)
            first[u + 1] += first[u];
        __atomic_store_n(&ix->unit_first, first, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&ix->order_lock);
    return first;
}
