/* roster_index_query.c — answering a roster list from a snapshot: the
 * match set as a bitmap (ANDs of each code's bitmap, runs of the orders
 * by unit and by birth date, prefix runs for the search box), a
 * popcount, and a walk of one order for the page. */
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "store/people.h"
#include "store/roster_index_impl.h"
#include "util/err.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* The sort names of people.c's sort_keys and the order each walks; "age"
 * ascending is birth date descending, as there. */
static const struct {
    const char *name;
    enum order_id order;
    bool reversed;
} sorts[] = {
    {"strokes", ORDER_STROKES, false},
    {"pinyin", ORDER_PINYIN, false},
    {"name", ORDER_NAME, false},
    {"birth_date", ORDER_BIRTH, false},
    {"age", ORDER_BIRTH, true},
    {"gender", ORDER_GENDER, false},
    {"ethnicity", ORDER_ETHNICITY, false},
    {"party", ORDER_PARTY, false},
    {"unit", ORDER_UNIT, false},
    {"id", ORDER_ID, false},
    {"work_start_date", ORDER_WORK_START, false},
    {"party_join_date", ORDER_PARTY_JOIN, false},
    {"created_at", ORDER_CREATED, false},
    {"rank", ORDER_RANK, false},
    {"post_level", ORDER_POST, false},
    {"education", ORDER_EDUCATION, false},
};

/* ---- answering a filter ---- */

/* What one reader sees of a snapshot: the rows visible at its version. */
struct view {
    struct roster_index *ix;
    long long version;
    uint32_t rows; /* the base and the tail rows born at or before `version` */
};

static struct view view_at(struct roster_index *ix, long long version)
{
    uint32_t tail = atomic_load_explicit(&ix->tail, memory_order_acquire);
    uint32_t lo = 0, hi = tail; /* born[] ascends: the first born after `version` */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ix->born[mid] <= version)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (struct view){ix, version, ix->n + lo};
}

/* A bitmap of mask_words() words (contents undefined), from the spares
 * when one is free. Give it back with mask_put. */
static uint64_t *mask_get(struct roster_index *ix)
{
    uint64_t *m = NULL;
    pthread_mutex_lock(&ix->spare_lock);
    if (ix->nspare > 0)
        m = ix->spare[--ix->nspare];
    pthread_mutex_unlock(&ix->spare_lock);
    return m ? m : xmalloc(((size_t)mask_words(ix) + 1) * sizeof *m);
}

static void mask_put(struct roster_index *ix, uint64_t *m)
{
    pthread_mutex_lock(&ix->spare_lock);
    if (ix->nspare < SPARE_MASKS) {
        ix->spare[ix->nspare++] = m;
        m = NULL;
    }
    pthread_mutex_unlock(&ix->spare_lock);
    free(m);
}

/* Keeps in `m` the base rows that `b` (a bitmap of base rows) has, and
 * leaves the tail rows' bits (those from ix->n, some in the last base
 * word) as they are. */
static void and_base(uint64_t *m, const uint64_t *b, uint32_t base)
{
    uint32_t full = base / 64;
    for (uint32_t w = 0; w < full; w++)
        m[w] &= b[w];
    if (base % 64)
        m[full] &= b[full] | ~(((uint64_t)1 << (base % 64)) - 1);
}

/* The base rows at positions `from` to `to` - 1 of order `ord` into `t`
 * (zeroed first), or, when they are more than half the rows, every base
 * row but the others: either way the fewer bits to touch. */
static void rows_at_positions(const struct roster_index *ix, const struct order *ord, uint32_t from,
                              uint32_t to, uint64_t *t)
{
    uint32_t n = ix->n, words = base_words(ix);
    if (to - from <= n / 2) {
        memset(t, 0, words * sizeof *t);
        for (uint32_t p = from; p < to; p++)
            bit_set(t, ord->rows ? ord->rows[p] : p);
        return;
    }
    memset(t, 0xff, words * sizeof *t);
    for (uint32_t p = 0; p < from; p++)
        bit_clear(t, ord->rows ? ord->rows[p] : p);
    for (uint32_t p = to; p < n; p++)
        bit_clear(t, ord->rows ? ord->rows[p] : p);
}

/* The birth-date bound of people.c's age_cutoff, encoded: the birth date of
 * someone who turns `years` on `today`. The empty text (no such date) is 0,
 * below every birth date, as '' is below every text. */
static int32_t age_cutoff(struct date today, int years)
{
    if (today.day == 0)
        today.day = 1;
    struct date d = date_add_months(today, -12 * years);
    if (date_is_none(d))
        d = (struct date){1, 1, 1};
    char buf[16];
    int32_t v = 0;
    if (!rix_encode_date(date_format_iso(d, buf), &v))
        v = 0;
    return v;
}

/* Keeps in `m` the rows whose code column `c` holds `code`. */
static void mask_code(const struct view *v, uint64_t *m, int c, uint16_t code)
{
    struct roster_index *ix = v->ix;
    const uint16_t *col = ix->code[c];
    for (uint32_t r = ix->n; r < v->rows; r++)
        if (col[r] != code)
            bit_clear(m, r);
    and_base(m, rix_code_bits(ix, c, code), ix->n);
}

/* Applies the code filter `value` of column `c`; false when no row can
 * match (a code nobody has). */
static bool filter_code(const struct view *v, uint64_t *m, int c, const char *value)
{
    if (!value || !*value)
        return true;
    uint16_t code;
    if (!rix_code_of(&v->ix->codes[c], value, &code) || code == 0)
        return false;
    mask_code(v, m, c, code);
    return true;
}

/* The first position of order `ord` whose text is >= `key`. */
static uint32_t lower_bound(const struct roster_index *ix, const struct order *ord,
                            const uint32_t *offsets, const char *key)
{
    uint32_t lo = 0, hi = ord->nonnull;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (strcmp(text_at(ix, offsets[ord->rows[mid]]), key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Marks in `q` the rows of order `o` whose text starts with `prefix`
 * (non-empty ASCII): texts >= prefix and < prefix with its last byte
 * incremented, the index range of people.c's where_search, which is one
 * contiguous run of the order. */
static void mark_prefix(struct roster_index *ix, enum order_id o, const uint32_t *offsets,
                        char *prefix, uint64_t *q)
{
    const struct order *ord = rix_order_get(ix, o);
    uint32_t first = lower_bound(ix, ord, offsets, prefix);
    prefix[strlen(prefix) - 1]++;
    uint32_t end = lower_bound(ix, ord, offsets, prefix);
    prefix[strlen(prefix) - 1]--;
    for (uint32_t p = first; p < end; p++)
        bit_set(q, ord->rows[p]);
}

/* True when `needle` occurs in `hay`, ASCII letters matching either case:
 * SQLite's LIKE '%needle%' (without ICU), for valid UTF-8. */
static bool contains_ascii_nocase(const char *hay, const char *needle, size_t len)
{
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < len && hay[i]) {
            unsigned char a = (unsigned char)hay[i], b = (unsigned char)needle[i];
            if (a >= 'A' && a <= 'Z')
                a = (unsigned char)(a - 'A' + 'a');
            if (b >= 'A' && b <= 'Z')
                b = (unsigned char)(b - 'A' + 'a');
            if (a != b)
                break;
            i++;
        }
        if (i == len)
            return true;
    }
    return false;
}

/* True when the other reading of row `r`'s name (full or initials) starts
 * with the `len` bytes of `key`. */
static bool alternate_starts_with(const struct roster_index *ix, uint32_t r, const char *key,
                                  size_t len)
{
    return (ix->pinyin_alt[r] != NO_TEXT &&
            strncmp(text_at(ix, ix->pinyin_alt[r]), key, len) == 0) ||
           (ix->initials_alt[r] != NO_TEXT &&
            strncmp(text_at(ix, ix->initials_alt[r]), key, len) == 0);
}

/* True when row `r`'s ID number ends with the `len` bytes of `key`. */
static bool id_ends_with(const struct roster_index *ix, uint32_t r, const char *key, size_t len)
{
    if (ix->id_number[r] == NO_TEXT)
        return false;
    const char *id = text_at(ix, ix->id_number[r]);
    size_t n = strlen(id);
    return n >= len && memcmp(id + n - len, key, len) == 0;
}

/* The search box, as people.c's where_search reads the same key
 * (people_search_key): a prefix of the pinyin or the initials, or of the
 * other reading's; a prefix of the ID number or, from PEOPLE_ID_SUFFIX_MIN
 * characters, a suffix; else a substring of the name. */
static void filter_search(const struct view *v, uint64_t *m, const char *text)
{
    struct roster_index *ix = v->ix;
    char *key;
    enum people_search kind = people_search_key(text, &key);
    if (kind == PEOPLE_SEARCH_NONE)
        return;
    size_t len = strlen(key);
    bool letters = kind == PEOPLE_SEARCH_PINYIN;
    uint32_t n = v->rows;
    if (kind != PEOPLE_SEARCH_NAME) {
        uint32_t words = (n + 63) / 64;
        uint64_t *q = mask_get(ix);
        memset(q, 0, words * sizeof *q);
        if (letters) {
            mark_prefix(ix, ORDER_PINYIN, ix->pinyin, key, q);
            mark_prefix(ix, ORDER_INITIALS, ix->initials, key, q);
            /* The few base rows with a second surname reading, listed at
             * load (the tail below is tested row by row). */
            for (uint32_t k = 0; k < ix->nalt; k++) {
                uint32_t r = ix->alt_rows[k];
                if (alternate_starts_with(ix, r, key, len))
                    bit_set(q, r);
            }
        } else {
            mark_prefix(ix, ORDER_ID_NUMBER, ix->id_number, key, q);
            /* The suffix is in no order: row by row (the tail below too). */
            if (len >= PEOPLE_ID_SUFFIX_MIN)
                for (uint32_t r = 0; r < ix->n; r++)
                    if (id_ends_with(ix, r, key, len))
                        bit_set(q, r);
        }
        /* The tail is in no order: the same prefix test row by row. */
        for (uint32_t r = ix->n; r < n; r++) {
            bool hit;
            if (letters)
                hit = strncmp(text_at(ix, ix->pinyin[r]), key, len) == 0 ||
                      strncmp(text_at(ix, ix->initials[r]), key, len) == 0 ||
                      alternate_starts_with(ix, r, key, len);
            else
                hit = (ix->id_number[r] != NO_TEXT &&
                       strncmp(text_at(ix, ix->id_number[r]), key, len) == 0) ||
                      (len >= PEOPLE_ID_SUFFIX_MIN && id_ends_with(ix, r, key, len));
            if (hit)
                bit_set(q, r);
        }
        for (uint32_t w = 0; w < words; w++)
            m[w] &= q[w];
        mask_put(ix, q);
    } else {
        for (uint32_t i = 0; i < n; i++)
            if (bit_get(m, i) && !contains_ascii_nocase(text_at(ix, ix->name[i]), key, len))
                bit_clear(m, i);
    }
    free(key);
}

/* Marks in `inside` (indexed by 1 + unit position) unit `unit` (1 + its
 * position) and every unit below it: a unit is inside when walking up its
 * parents reaches `unit` (bounded, so a cycle cannot loop; the SQL's UNION
 * cannot either). */
static void mark_subtree(const struct roster_index *ix, uint16_t unit, uint8_t *inside)
{
    for (uint32_t u = 0; u < ix->nunits; u++) {
        int32_t p = (int32_t)u;
        for (uint32_t steps = 0; p >= 0 && steps <= ix->nunits; steps++) {
            if (p == unit - 1) {
                inside[u + 1] = 1;
                break;
            }
            p = ix->unit_parent[p];
        }
    }
}

/* Keeps in `m` only the rows whose unit `inside` marks (indexed by 1 +
 * unit position; [0], no unit, never marked): the base rows from the
 * order by unit, a run of it per unit, the tail row by row. */
static void mask_units(const struct view *v, uint64_t *m, const uint8_t *inside)
{
    struct roster_index *ix = v->ix;
    const uint16_t *col = ix->unit;
    for (uint32_t r = ix->n; r < v->rows; r++)
        if (!inside[col[r]])
            bit_clear(m, r);
    const uint32_t *first = rix_unit_first(ix);
    const struct order *ord = rix_order_get(ix, ORDER_UNIT);
    uint32_t nu = ix->nunits, n = ix->n, words = base_words(ix), marked = 0;
    for (uint32_t u = 1; u <= nu; u++)
        if (inside[u])
            marked += first[u + 1] - first[u];
    uint64_t *t = mask_get(ix);
    /* Set the marked units' rows, or clear the others': the fewer. */
    bool few = marked <= n / 2;
    memset(t, few ? 0 : 0xff, words * sizeof *t);
    for (uint32_t u = 1; u <= nu + 1; u++) {
        bool in = u <= nu && inside[u];
        if (in != few)
            continue;
        for (uint32_t p = first[u]; p < first[u + 1]; p++) {
            uint32_t r = ord->rows ? ord->rows[p] : p;
            if (few)
                bit_set(t, r);
            else
                bit_clear(t, r);
        }
    }
    and_base(m, t, n);
    mask_put(ix, t);
}

/* Keeps in `m` only the rows inside `scope` (people_filter.scope): people
 * of the scope's unit subtrees, and the scope's person. */
static void filter_scope(const struct view *v, uint64_t *m, const struct people_scope *scope)
{
    const struct roster_index *ix = v->ix;
    uint32_t n = v->rows;
    int64_t person_row = scope->person_id ? live_row(ix, n, v->version, scope->person_id) : -1;
    bool person_match = person_row >= 0 && bit_get(m, (uint32_t)person_row);
    uint8_t *inside = xcalloc(ix->nunits + 1, 1);
    for (size_t i = 0; i < scope->nunits; i++) {
        uint16_t unit = rix_unit_of(ix, scope->unit_ids[i]);
        if (unit)
            mark_subtree(ix, unit, inside);
    }
    mask_units(v, m, inside);
    free(inside);
    if (person_match)
        bit_set(m, (uint32_t)person_row);
}

/* Keeps in `m` only the base rows born from `lo` to `hi` (encoded; lo
 * excluded, hi included), from the order by birth date, where they are
 * one run; the tail row by row. */
static void mask_birth(const struct view *v, uint64_t *m, int32_t lo, int32_t hi)
{
    struct roster_index *ix = v->ix;
    const int32_t *birth = ix->birth;
    for (uint32_t r = ix->n; r < v->rows; r++)
        if (!(birth[r] > lo && birth[r] <= hi))
            bit_clear(m, r);
    const struct order *ord = rix_order_get(ix, ORDER_BIRTH);
    uint32_t bound[2];
    int32_t key[2] = {lo, hi};
    for (int k = 0; k < 2; k++) { /* the first position born after key[k] */
        uint32_t a = 0, b = ix->n;
        while (a < b) {
            uint32_t mid = a + (b - a) / 2;
            if (birth[ord->rows ? ord->rows[mid] : mid] <= key[k])
                a = mid + 1;
            else
                b = mid;
        }
        bound[k] = a;
    }
    uint64_t *t = mask_get(ix);
    rows_at_positions(ix, ord, bound[0], bound[1] > bound[0] ? bound[1] : bound[0], t);
    and_base(m, t, ix->n);
    mask_put(ix, t);
}

/* Computes the match mask of `f` into `m` (the view's rows): the rows
 * alive at the view's version that match; false when nothing can match. */
static bool filter_mask(const struct view *v, const struct people_filter *f, uint64_t *m)
{
    struct roster_index *ix = v->ix;
    uint32_t n = v->rows, words = (n + 63) / 64;
    /* Everyone, less the few rows dead at the view's version: a list of
     * them is shorter to read than a death date per row. */
    memset(m, 0xff, words * sizeof *m);
    if (n % 64)
        m[words - 1] = ((uint64_t)1 << (n % 64)) - 1;
    uint32_t ndead = atomic_load_explicit(&ix->ndead, memory_order_acquire);
    for (uint32_t k = 0; k < ndead; k++) {
        uint32_t r = ix->dead[k];
        if (r < n && died_at(ix, r) <= v->version)
            bit_clear(m, r);
    }
    if (f->scope)
        filter_scope(v, m, f->scope);
    if (f->unit_id > 0) {
        uint16_t unit = rix_unit_of(ix, f->unit_id);
        if (!unit)
            return false;
        uint8_t *inside = xcalloc(ix->nunits + 1, 1);
        if (f->include_sub)
            mark_subtree(ix, unit, inside);
        else
            inside[unit] = 1;
        mask_units(v, m, inside);
        free(inside);
    }
    if (!filter_code(v, m, CODE_STATUS, f->status) || !filter_code(v, m, CODE_GENDER, f->gender) ||
        !filter_code(v, m, CODE_ETHNICITY, f->ethnicity) ||
        !filter_code(v, m, CODE_PARTY, f->party) || !filter_code(v, m, CODE_RANK, f->rank) ||
        !filter_code(v, m, CODE_POST_LEVEL, f->post_level) ||
        !filter_code(v, m, CODE_EDUCATION, f->education))
        return false;
    if (f->age_min > 0 || f->age_max >= 0) {
        /* age >= N  <=>  born on or before the cutoff of N; age <= N  <=>
         * not (age >= N + 1). */
        int32_t hi = f->age_min > 0 ? age_cutoff(f->today, f->age_min) : INT32_MAX;
        int32_t lo = f->age_max >= 0 ? age_cutoff(f->today, f->age_max + 1) : INT32_MIN;
        mask_birth(v, m, lo, hi);
    }
    if (f->q)
        filter_search(v, m, f->q);
    return true;
}

/* A max-heap of walk positions, keeping the `cap` smallest seen. */
static void heap_offer(uint32_t *heap, uint32_t *size, uint32_t cap, uint32_t v)
{
    uint32_t i;
    if (*size < cap) {
        i = (*size)++;
        while (i > 0 && heap[(i - 1) / 2] < v) {
            heap[i] = heap[(i - 1) / 2];
            i = (i - 1) / 2;
        }
        heap[i] = v;
        return;
    }
    if (v >= heap[0])
        return;
    i = 0;
    for (;;) {
        uint32_t child = 2 * i + 1;
        if (child >= *size)
            break;
        if (child + 1 < *size && heap[child + 1] > heap[child])
            child++;
        if (heap[child] <= v)
            break;
        heap[i] = heap[child];
        i = child;
    }
    heap[i] = v;
}

static int compare_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return CMP(x, y);
}

struct walk_ctx {
    const struct roster_index *ix;
    enum order_id order;
    bool desc;
};

/* Compares rows a and b (base or tail) in the walk of an order: rows with
 * a key by (key, id), then the NULL keys by id; descending reverses the
 * key and the id but keeps the NULLs last, as the orders' walks do. */
static int walk_compare(const struct walk_ctx *w, uint32_t a, uint32_t b)
{
    bool na = key_is_null(w->ix, w->order, a), nb = key_is_null(w->ix, w->order, b);
    if (na != nb)
        return na ? 1 : -1;
    int k = na ? 0 : key_compare(w->ix, w->order, a, b);
    if (k == 0)
        k = CMP(w->ix->id[a], w->ix->id[b]);
    return w->desc ? -k : k;
}

static int walk_compare_r(const void *pa, const void *pb, void *arg)
{
    return walk_compare(arg, *(const uint32_t *)pa, *(const uint32_t *)pb);
}

/* The page being filled: the matches from `first` to `end` of the walk. */
struct page {
    long long *ids;
    size_t *n;
    uint32_t seen, first, end;
};

static void page_add(struct page *pg, const struct roster_index *ix, uint32_t r)
{
    if (pg->seen >= pg->first)
        pg->ids[(*pg->n)++] = ix->id[r];
    pg->seen++;
}

/* Adds base row `r` to the page, after the tail's matches that come
 * before it (`tail`, sorted; `*t` the next one). */
static void page_merge(struct page *pg, const struct walk_ctx *w, const uint32_t *tail,
                       uint32_t ntail, uint32_t *t, uint32_t r)
{
    while (*t < ntail && pg->seen < pg->end && walk_compare(w, tail[*t], r) < 0)
        page_add(pg, w->ix, tail[(*t)++]);
    if (pg->seen < pg->end)
        page_add(pg, w->ix, r);
}

int roster_index_query(struct roster_index *ix, long long version, const struct people_filter *f,
                       long long *ids, size_t *n, long long *total)
{
    *n = 0;
    *total = 0;
    if (f->per_page <= 0 || f->per_page > 1000)
        return ERR_INVALID;
    if ((f->age_min > 0 || f->age_max >= 0) && date_is_none(f->today))
        return ERR_INVALID;
    if (f->q && !utf8_valid(f->q, strlen(f->q)))
        return ERR_INVALID;
    if (f->scope && f->scope->nunits > PEOPLE_SCOPE_MAX_UNITS)
        return ERR_INVALID;
    const char *sort = f->sort ? f->sort : "strokes";
    bool descending = *sort == '-';
    if (descending)
        sort++;
    size_t s = 0;
    while (s < sizeof sorts / sizeof *sorts && strcmp(sorts[s].name, sort) != 0)
        s++;
    if (s == sizeof sorts / sizeof *sorts)
        return ERR_INVALID;
    bool desc = descending != sorts[s].reversed;

    struct view v = view_at(ix, version);
    uint32_t rows = v.rows, base = ix->n, words = (rows + 63) / 64;
    uint64_t *m = mask_get(ix);
    uint32_t matches = 0;
    if (filter_mask(&v, f, m))
        for (uint32_t w = 0; w < words; w++)
            matches += (uint32_t)__builtin_popcountll(m[w]);
    *total = matches;
    long long page = f->page > 0 ? f->page : 1;
    long long offset = (page - 1) * f->per_page;
    if (offset >= matches) {
        mask_put(ix, m);
        return 0;
    }
    struct page pg = {ids, n, 0, (uint32_t)offset, (uint32_t)offset + (uint32_t)f->per_page};
    if (pg.end > matches)
        pg.end = matches;
    const struct order *ord = rix_order_get(ix, sorts[s].order);
    struct walk_ctx w = {ix, sorts[s].order, desc};
    /* The tail's matches (at most SPARE_ROWS rows), sorted, are merged
     * into the walk of the base's order. */
    uint32_t ntail = 0, t = 0;
    uint32_t *tail = NULL;
    if (rows > base) {
        tail = xmalloc((rows - base) * sizeof *tail);
        for (uint32_t r = base; r < rows; r++)
            if (bit_get(m, r))
                tail[ntail++] = r;
        qsort_r(tail, ntail, sizeof *tail, walk_compare_r, &w);
    }
    uint32_t base_matches = matches - ntail;
    /* Walking the order meets the `end` first matches after about
     * end * base / matches rows; a few matches are cheaper to rank (heap of
     * the `end` smallest positions) than a long walk to find them. */
    if ((uint64_t)pg.end * base <= (uint64_t)base_matches * base_matches) {
        for (uint32_t p = 0; p < base && pg.seen < pg.end; p++) {
            uint32_t r = row_at(ord, base, desc, p);
            if (bit_get(m, r))
                page_merge(&pg, &w, tail, ntail, &t, r);
        }
    } else {
        uint32_t *heap = xmalloc(pg.end * sizeof *heap), size = 0;
        /* Few matches: visit the set bits of the base rows only. */
        for (uint32_t wd = 0; wd * 64 < base; wd++) {
            uint64_t word = m[wd];
            if (wd == base / 64)
                word &= ((uint64_t)1 << (base % 64)) - 1;
            for (; word; word &= word - 1) {
                uint32_t r = wd * 64 + (uint32_t)__builtin_ctzll(word);
                heap_offer(heap, &size, pg.end, position_of(ord, base, desc, r));
            }
        }
        qsort(heap, size, sizeof *heap, compare_u32);
        for (uint32_t i = 0; i < size && pg.seen < pg.end; i++)
            page_merge(&pg, &w, tail, ntail, &t, row_at(ord, base, desc, heap[i]));
        free(heap);
    }
    while (t < ntail && pg.seen < pg.end)
        page_add(&pg, ix, tail[t++]);
    free(tail);
    mask_put(ix, m);
    return 0;
}
