/* roster_index_impl.h — the internals the roster index's files share (not a
 * contract for anyone else: store/roster_index.h is): the snapshot's layout,
 * its limits, a person's row as read from SQL, and the small accessors the
 * hot loops inline. Shared functions carry the prefix rix_; the file that
 * defines each is named above its group. */
#ifndef CADRE_ROSTER_INDEX_IMPL_H
#define CADRE_ROSTER_INDEX_IMPL_H

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "store/db.h"
#include "store/roster_index.h"

/* The code columns filtered by equality. Each holds, per row, 1 + the
 * position of its value among the column's distinct values in text order
 * (so comparing positions compares the texts as SQL does), 0 for NULL. */
enum code_column {
    CODE_STATUS,
    CODE_GENDER,
    CODE_ETHNICITY,
    CODE_PARTY,
    CODE_RANK,
    CODE_POST_LEVEL,
    CODE_EDUCATION,
    NCODES
};

/* The orders rows can be walked in: the sort keys of people.c, plus the two
 * that the search box looks up by prefix. */
enum order_id {
    ORDER_STROKES,
    ORDER_PINYIN,
    ORDER_NAME,
    ORDER_BIRTH,
    ORDER_GENDER,
    ORDER_ETHNICITY,
    ORDER_PARTY,
    ORDER_UNIT,
    ORDER_ID,
    ORDER_WORK_START,
    ORDER_PARTY_JOIN,
    ORDER_CREATED,
    ORDER_RANK,
    ORDER_POST,
    ORDER_EDUCATION,
    ORDER_INITIALS,
    ORDER_ID_NUMBER,
    NORDERS
};

#define NO_TEXT UINT32_MAX
#define NO_ORDER INT32_MIN
#define MAX_CODES 65535u
#define MAX_UNITS 65535u
#define SPARE_MASKS 8
/* Room for the rows person writes append (an update appends the new row
 * and marks the old one dead) and for their texts; when it runs out the
 * snapshot is compacted: at most one copy of the roster per SPARE_ROWS
 * writes, and ~300 kB of room kept per snapshot. */
#define SPARE_ROWS 3000u
#define SPARE_TEXT ((size_t)SPARE_ROWS * 128)
/* died[] of a row no write has replaced. */
#define ALIVE LLONG_MAX
/* The most person changes one transaction hands to the index; a bigger
 * one (an import) makes the index rebuild instead. */
#define MAX_BATCH 1000u
/* Transactions kept while a rebuild runs, to replay on its snapshot. */
#define MAX_STASH 1024u

/* One order of all rows: rows with a key ascending by (key, id), then the
 * rows whose key is NULL by id (NULLS LAST). Descending walks each part
 * backwards, which is (key DESC, id DESC) then NULLs by id DESC: exactly the
 * SQL ORDER BY ... DESC NULLS LAST, p.id DESC. */
struct order {
    uint32_t *rows;     /* position -> row; NULL for ORDER_ID (the identity) */
    uint32_t *position; /* row -> position */
    uint32_t nonnull;
    atomic_bool ready;
};

struct code_values {
    char **values; /* distinct, ascending */
    uint32_t n;
};

/* A snapshot is a base and a tail. The base (rows 0..n-1) is in id order
 * and is what the orders cover; it never changes. Person writes committed
 * by this process append rows to the tail (their `born` version) and mark
 * the rows they replace or delete dead (their `died` version), so a reader
 * at version V sees exactly the rows born at or before V that had not died
 * by V: a writer never changes what a reader already looks at. */
struct roster_index {
    long long base_version; /* loaded or compacted at; fixed */
    long long version;      /* the latest write applied; current_lock */
    atomic_int refs;
    uint32_t n;         /* base rows: row i is the i-th smallest id */
    uint32_t cap;       /* rows allocated: the base and SPARE_ROWS */
    atomic_uint tail;   /* tail rows readers may look at (release) */
    uint32_t tail_used; /* tail rows written (apply_lock) */
    long long *born;    /* tail row -> version that added it */
    long long *died;    /* row -> version that replaced it, or ALIVE */
    uint32_t *dead;     /* the rows whose died[] is set, in that order */
    atomic_uint ndead;  /* dead rows readers may look at (release) */
    uint32_t dead_used; /* dead rows written (apply_lock) */
    long long *id;
    uint16_t *unit; /* 1 + unit position (units by sort, name, id), 0 = none */
    uint16_t *code[NCODES];
    int32_t *birth;      /* YYYYMMDD; YYYYMM00 for a month-precision date */
    int32_t *work_start; /* the same, 0 = NULL */
    int32_t *party_join;
    int64_t *created;    /* YYYYMMDDhhmmss */
    int32_t *rank_order; /* NO_ORDER = NULL */
    int32_t *post_order;
    int32_t *education_order;
    uint32_t *name, *pinyin, *initials, *strokes, *id_number; /* offsets in text, NO_TEXT */
    uint32_t *pinyin_alt, *initials_alt; /* the surname's other reading; NO_TEXT: none */
    uint32_t *alt_rows;                  /* the base rows (< n) having either, ascending */
    uint32_t nalt;
    char *text;
    size_t text_len, text_cap;
    struct code_values codes[NCODES];
    uint32_t nunits;
    long long *unit_id;   /* by position */
    int32_t *unit_parent; /* position of the parent, -1 = none */
    struct order orders[NORDERS];
    /* Per code column, per code (1 + position), the bitmap of the base
     * rows holding it (base_words() words), built on the first query that
     * asks for that code: a filter is then an AND of words, not a compare
     * per row. Read with __atomic loads; built under order_lock. */
    uint64_t **code_bits[NCODES];
    /* unit_first[u] (u = 1 + unit position; nunits + 3 entries): where
     * unit u's rows start in ORDER_UNIT's walk, which groups rows by unit;
     * unit u's rows are positions unit_first[u] to unit_first[u + 1] - 1,
     * those without a unit (u = nunits + 1) last, up to unit_first[nunits
     * + 2] = n. Built on first use with that order. */
    uint32_t *unit_first;
    pthread_mutex_t order_lock;
    /* Spare match masks (mask_words() words each) for queries to reuse. */
    pthread_mutex_t spare_lock;
    uint64_t *spare[SPARE_MASKS];
    int nspare;
};

/* A set of rows as a bitmap: bit r % 64 of word r / 64. The words of the
 * base rows, and of every row the snapshot has room for. */
static inline uint32_t base_words(const struct roster_index *ix)
{
    return (ix->n + 63) / 64;
}

static inline uint32_t mask_words(const struct roster_index *ix)
{
    return (ix->cap + 63) / 64;
}

static inline bool bit_get(const uint64_t *m, uint32_t r)
{
    return (m[r / 64] >> (r % 64)) & 1;
}

static inline void bit_set(uint64_t *m, uint32_t r)
{
    m[r / 64] |= (uint64_t)1 << (r % 64);
}

static inline void bit_clear(uint64_t *m, uint32_t r)
{
    m[r / 64] &= ~((uint64_t)1 << (r % 64));
}

/* One person's indexed columns as SQL gives them, checked and encoded but
 * not yet mapped to a snapshot's codes and units. Texts are borrowed from
 * the statement while loading, owned (person_row_free) in a staged write. */
struct person_row {
    long long id;
    long long unit_id; /* 0 = NULL */
    const char *code[NCODES];
    int32_t birth, work_start, party_join;
    int64_t created;
    int32_t rank_order, post_order, education_order;
    const char *name, *pinyin, *initials, *strokes, *id_number;
    const char *pinyin_alt, *initials_alt; /* NULL: no other reading */
};

#define PERSON_COLUMNS                                                                             \
    "SELECT id, unit_id, status, gender, ethnicity, party, current_rank,"                          \
    " current_post_level, education, birth_date, work_start_date,"                                 \
    " party_join_date, created_at, current_rank_order, current_post_order,"                        \
    " education_order, name, name_pinyin, name_initials, name_strokes, id_number,"                 \
    " name_pinyin_alt, name_initials_alt"                                                          \
    " FROM people"

/* ---- roster_index_load.c ---- */

/* A new empty snapshot with one reference. */
struct roster_index *rix_new(void);
/* Frees a snapshot (no reference counting: roster_index_release does). NULL is a no-op. */
void rix_free(struct roster_index *ix);
/* Loads a snapshot in one read transaction. ERR_INVALID: not representable. */
int rix_build(struct db *db, struct roster_index **out);

/* Lists in `alt_rows` the base rows with a second surname reading, so a
 * search visits those few instead of every row. Call once the base rows
 * are final (rix_build, a compaction). */
void rix_index_alternates(struct roster_index *ix);
/* "YYYY-MM-DD" as YYYYMMDD, "YYYY-MM" as YYYYMM00; false for anything else. */
bool rix_encode_date(const char *s, int32_t *out);
/* Appends `s` (NULL: NO_TEXT) to the snapshot's text; its offset in `*out`.
 * False when the text would outgrow 32-bit offsets. */
bool rix_add_text(struct roster_index *ix, const char *s, uint32_t *out);
/* 1 + the position of `s` among the column's values (0 for NULL); false when missing. */
bool rix_code_of(const struct code_values *cv, const char *s, uint16_t *out);
/* 1 + the position of unit `id`, or 0 when there is no such unit. */
uint16_t rix_unit_of(const struct roster_index *ix, long long id);
/* The current row of `st` (PERSON_COLUMNS) into `p`; false when a value
 * cannot be represented. Texts borrowed from `st`. */
bool rix_read_person(struct db_stmt *st, struct person_row *p);
/* Makes `p`'s texts owned copies; rix_person_row_free frees them. */
void rix_person_row_own(struct person_row *p);
void rix_person_row_free(struct person_row *p);
/* The bytes `p` adds to a snapshot's text. */
size_t rix_person_row_text(const struct person_row *p);
/* True when `ix` has every code and unit `p` uses. */
bool rix_person_row_fits(const struct roster_index *ix, const struct person_row *p);
/* `p` into row `r` of `ix`; false when a code or the unit is not in `ix`. */
bool rix_put_row(struct roster_index *ix, uint32_t r, const struct person_row *p);
/* Room for `cap` rows, `cap - base` of them tail rows. */
void rix_alloc_rows(struct roster_index *ix, size_t cap, size_t base);
/* Sizes the text to what it holds plus SPARE_TEXT. */
void rix_reserve_text(struct roster_index *ix);

static inline const char *text_at(const struct roster_index *ix, uint32_t off)
{
    return ix->text + off;
}

/* ---- roster_index_orders.c ---- */

struct order_ctx {
    const struct roster_index *ix;
    enum order_id order;
};

/* qsort_r comparison of two rows (uint32_t) in the order of `arg` (struct
 * order_ctx): key, then id. */
int rix_row_compare(const void *pa, const void *pb, void *arg);

/* The order `o`, computed on first use (once per snapshot; a thread asking
 * meanwhile waits for it, once). */
const struct order *rix_order_get(struct roster_index *ix, enum order_id o);

static inline bool key_is_null(const struct roster_index *ix, enum order_id o, uint32_t r)
{
    switch (o) {
    case ORDER_ETHNICITY:
        return ix->code[CODE_ETHNICITY][r] == 0;
    case ORDER_PARTY:
        return ix->code[CODE_PARTY][r] == 0;
    case ORDER_UNIT:
        return ix->unit[r] == 0;
    case ORDER_WORK_START:
        return ix->work_start[r] == 0;
    case ORDER_PARTY_JOIN:
        return ix->party_join[r] == 0;
    case ORDER_RANK:
        return ix->rank_order[r] == NO_ORDER;
    case ORDER_POST:
        return ix->post_order[r] == NO_ORDER;
    case ORDER_EDUCATION:
        return ix->education_order[r] == NO_ORDER;
    case ORDER_ID_NUMBER:
        return ix->id_number[r] == NO_TEXT;
    default:
        return false;
    }
}

#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

/* Compares the keys (both non-NULL) of rows a and b as SQL compares the
 * columns: texts bytewise (BINARY), codes by their text order. */
static inline int key_compare(const struct roster_index *ix, enum order_id o, uint32_t a,
                              uint32_t b)
{
    switch (o) {
    case ORDER_STROKES:
        return strcmp(text_at(ix, ix->strokes[a]), text_at(ix, ix->strokes[b]));
    case ORDER_PINYIN:
        return strcmp(text_at(ix, ix->pinyin[a]), text_at(ix, ix->pinyin[b]));
    case ORDER_NAME:
        return strcmp(text_at(ix, ix->name[a]), text_at(ix, ix->name[b]));
    case ORDER_INITIALS:
        return strcmp(text_at(ix, ix->initials[a]), text_at(ix, ix->initials[b]));
    case ORDER_ID_NUMBER:
        return strcmp(text_at(ix, ix->id_number[a]), text_at(ix, ix->id_number[b]));
    case ORDER_BIRTH:
        return CMP(ix->birth[a], ix->birth[b]);
    case ORDER_GENDER:
        return CMP(ix->code[CODE_GENDER][a], ix->code[CODE_GENDER][b]);
    case ORDER_ETHNICITY:
        return CMP(ix->code[CODE_ETHNICITY][a], ix->code[CODE_ETHNICITY][b]);
    case ORDER_PARTY:
        return CMP(ix->code[CODE_PARTY][a], ix->code[CODE_PARTY][b]);
    case ORDER_UNIT:
        return CMP(ix->unit[a], ix->unit[b]);
    case ORDER_WORK_START:
        return CMP(ix->work_start[a], ix->work_start[b]);
    case ORDER_PARTY_JOIN:
        return CMP(ix->party_join[a], ix->party_join[b]);
    case ORDER_CREATED:
        return CMP(ix->created[a], ix->created[b]);
    case ORDER_RANK:
        return CMP(ix->rank_order[a], ix->rank_order[b]);
    case ORDER_POST:
        return CMP(ix->post_order[a], ix->post_order[b]);
    case ORDER_EDUCATION:
        return CMP(ix->education_order[a], ix->education_order[b]);
    case ORDER_ID:
    case NORDERS:
        break;
    }
    return 0;
}

/* The row at walk position `p` of `ord`, ascending or descending. */
static inline uint32_t row_at(const struct order *ord, uint32_t n, bool desc, uint32_t p)
{
    if (desc)
        p = p < ord->nonnull ? ord->nonnull - 1 - p : n - 1 - (p - ord->nonnull);
    return ord->rows ? ord->rows[p] : p;
}

/* The walk position of row `r`: the inverse of row_at. */
static inline uint32_t position_of(const struct order *ord, uint32_t n, bool desc, uint32_t r)
{
    uint32_t p = ord->position ? ord->position[r] : r;
    if (desc)
        p = p < ord->nonnull ? ord->nonnull - 1 - p : ord->nonnull + (n - 1 - p);
    return p;
}

/* The bitmap of the base rows whose code column `c` holds `code` (1 +
 * position), built on first use (once per snapshot and code). */
const uint64_t *rix_code_bits(struct roster_index *ix, int c, uint16_t code);

/* ix->unit_first, built with ORDER_UNIT on first use. */
const uint32_t *rix_unit_first(struct roster_index *ix);

/* ---- roster_index_changes.c: rows alive at a version ---- */

static inline long long died_at(const struct roster_index *ix, uint32_t r)
{
    return __atomic_load_n(&ix->died[r], __ATOMIC_RELAXED);
}

/* The row of person `id` alive at `version` among the first `rows` (those
 * visible at `version`), or -1. At most one row of an id is alive; a tail
 * row is newer than a base row, so the tail is searched first. */
static inline int64_t live_row(const struct roster_index *ix, uint32_t rows, long long version,
                               long long id)
{
    for (uint32_t r = rows; r-- > ix->n;)
        if (ix->id[r] == id && died_at(ix, r) > version)
            return r;
    uint32_t lo = 0, hi = ix->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ix->id[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ix->n && ix->id[lo] == id && died_at(ix, lo) > version ? (int64_t)lo : -1;
}

#endif
