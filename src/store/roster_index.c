/* roster_index.c — the roster in memory: every person's filterable and
 * sortable columns as small integers and one string arena, loaded in one
 * read transaction at one roster version, with the sort orders computed on
 * first use; a list is a few vectorisable passes over the columns (the
 * match mask), a count, and a walk of one order for the page. */
#include "store/roster_index.h"

#include <limits.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/codes.h"
#include "core/date.h"
#include "store/people.h"
#include "util/err.h"
#include "util/log.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* ---- the roster version ---- */

int roster_index_version(struct db *db, long long *version)
{
    return db_query_int(db, "SELECT version FROM roster_version WHERE id = 1", version, 0);
}

/* ---- the snapshot ---- */

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

/* Column names are fixed text, never a client's. */
static const char *const code_sql[NCODES] = {
    "SELECT DISTINCT status FROM people WHERE status IS NOT NULL ORDER BY 1",
    "SELECT DISTINCT gender FROM people WHERE gender IS NOT NULL ORDER BY 1",
    "SELECT DISTINCT ethnicity FROM people WHERE ethnicity IS NOT NULL ORDER BY 1",
    "SELECT DISTINCT party FROM people WHERE party IS NOT NULL ORDER BY 1",
    "SELECT DISTINCT current_rank FROM people WHERE current_rank IS NOT NULL ORDER BY 1",
    "SELECT DISTINCT current_post_level FROM people WHERE current_post_level IS NOT NULL"
    " ORDER BY 1",
    "SELECT DISTINCT education FROM people WHERE education IS NOT NULL ORDER BY 1",
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
    long long base_version;  /* loaded or compacted at; fixed */
    long long version;       /* the latest write applied; current_lock */
    atomic_int refs;
    uint32_t n;              /* base rows: row i is the i-th smallest id */
    uint32_t cap;            /* rows allocated: the base and SPARE_ROWS */
    atomic_uint tail;        /* tail rows readers may look at (release) */
    uint32_t tail_used;      /* tail rows written (apply_lock) */
    long long *born;         /* tail row -> version that added it */
    long long *died;         /* row -> version that replaced it, or ALIVE */
    uint32_t *dead;          /* the rows whose died[] is set, in that order */
    atomic_uint ndead;       /* dead rows readers may look at (release) */
    uint32_t dead_used;      /* dead rows written (apply_lock) */
    long long *id;
    uint16_t *unit;          /* 1 + unit position (units by sort, name, id), 0 = none */
    uint16_t *code[NCODES];
    int32_t *birth;          /* YYYYMMDD; YYYYMM00 for a month-precision date */
    int32_t *work_start;     /* the same, 0 = NULL */
    int32_t *party_join;
    int64_t *created;        /* YYYYMMDDhhmmss */
    int32_t *rank_order;     /* NO_ORDER = NULL */
    int32_t *post_order;
    int32_t *education_order;
    uint32_t *name, *pinyin, *initials, *strokes, *id_number; /* offsets in text, NO_TEXT */
    char *text;
    size_t text_len, text_cap;
    struct code_values codes[NCODES];
    uint32_t nunits;
    long long *unit_id;      /* by position */
    int32_t *unit_parent;    /* position of the parent, -1 = none */
    struct order orders[NORDERS];
    pthread_mutex_t order_lock;
    /* Spare match masks (n bytes each) for queries to reuse: a fresh
     * 100 kB buffer per request cost more in malloc than the filtering. */
    pthread_mutex_t spare_lock;
    uint8_t *spare[SPARE_MASKS];
    int nspare;
};

static void index_free(struct roster_index *ix)
{
    if (!ix)
        return;
    free(ix->id);
    free(ix->born);
    free(ix->died);
    free(ix->dead);
    free(ix->unit);
    for (int c = 0; c < NCODES; c++) {
        free(ix->code[c]);
        for (uint32_t i = 0; i < ix->codes[c].n; i++)
            free(ix->codes[c].values[i]);
        free(ix->codes[c].values);
    }
    free(ix->birth);
    free(ix->work_start);
    free(ix->party_join);
    free(ix->created);
    free(ix->rank_order);
    free(ix->post_order);
    free(ix->education_order);
    free(ix->name);
    free(ix->pinyin);
    free(ix->initials);
    free(ix->strokes);
    free(ix->id_number);
    free(ix->text);
    free(ix->unit_id);
    free(ix->unit_parent);
    for (int o = 0; o < NORDERS; o++) {
        free(ix->orders[o].rows);
        free(ix->orders[o].position);
    }
    pthread_mutex_destroy(&ix->order_lock);
    for (int i = 0; i < ix->nspare; i++)
        free(ix->spare[i]);
    pthread_mutex_destroy(&ix->spare_lock);
    free(ix);
}

/* ---- loading ---- */

static bool digits(const char *s, int n, int *value)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *value = v;
    return true;
}

/* "YYYY-MM-DD" as YYYYMMDD, "YYYY-MM" as YYYYMM00: fixed-width digits, so
 * the integers order exactly as the texts compare ('YYYY-MM' sorts before
 * every day of its month). Anything else (which our writers never store)
 * makes the column unrepresentable: false. The empty text is 0. */
static bool encode_date(const char *s, int32_t *out)
{
    int y, m, d = 0;
    size_t len = strlen(s);
    if (len == 0) {
        *out = 0;
        return true;
    }
    if ((len != 7 && len != 10) || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m))
        return false;
    if (len == 10 && (s[7] != '-' || !digits(s + 8, 2, &d) || d == 0))
        return false;
    *out = y * 10000 + m * 100 + d;
    return *out > 0;
}

/* store_now's "YYYY-MM-DDThh:mm:ssZ" as YYYYMMDDhhmmss. */
static bool encode_timestamp(const char *s, int64_t *out)
{
    int y, mo, d, h, mi, se;
    if (strlen(s) != 20 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) ||
        s[7] != '-' || !digits(s + 8, 2, &d) || s[10] != 'T' || !digits(s + 11, 2, &h) ||
        s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' || !digits(s + 17, 2, &se) ||
        s[19] != 'Z')
        return false;
    *out = ((((int64_t)y * 100 + mo) * 100 + d) * 100 + h) * 10000 + mi * 100 + se;
    return true;
}

static bool add_text(struct roster_index *ix, const char *s, uint32_t *out)
{
    if (!s) {
        *out = NO_TEXT;
        return true;
    }
    size_t len = strlen(s) + 1;
    if (ix->text_len + len >= NO_TEXT)
        return false;
    if (ix->text_len + len > ix->text_cap) {
        ix->text_cap = ix->text_cap ? ix->text_cap * 2 : 1 << 16;
        while (ix->text_len + len > ix->text_cap)
            ix->text_cap *= 2;
        ix->text = xrealloc(ix->text, ix->text_cap);
    }
    memcpy(ix->text + ix->text_len, s, len);
    *out = (uint32_t)ix->text_len;
    ix->text_len += len;
    return true;
}

static const char *text_at(const struct roster_index *ix, uint32_t off)
{
    return ix->text + off;
}

/* 1 + the position of `s` among the column's values, 0 for NULL; false
 * when a value is missing (the DISTINCT and the rows were read in one
 * transaction, so this is a bug). */
static bool code_of(const struct code_values *cv, const char *s, uint16_t *out)
{
    *out = 0;
    if (!s)
        return true;
    uint32_t lo = 0, hi = cv->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = strcmp(cv->values[mid], s);
        if (c == 0) {
            *out = (uint16_t)(mid + 1);
            return true;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* The national code table of each code column: its codes are known to the
 * snapshot even while nobody has them, so a write with a valid code nobody
 * had yet still applies in place (a new value would shift the positions). */
static const char *const code_table_of[NCODES] = {
    "person_status", "gender", "ethnicity", "party", "rank", "post_level", "education",
};

static int compare_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_codes(struct db *db, struct roster_index *ix)
{
    for (int c = 0; c < NCODES; c++) {
        struct db_stmt *st;
        int rc = db_prepare(db, code_sql[c], &st);
        if (rc < 0)
            return rc;
        struct code_values *cv = &ix->codes[c];
        const struct code_table *t = codes_table(code_table_of[c]);
        size_t known = t ? t->count : 0;
        uint32_t cap = 0;
        while ((rc = db_step(st)) == DB_ROW) {
            if (cv->n + known >= MAX_CODES) {
                rc = ERR_INVALID;
                break;
            }
            if (cv->n == cap) {
                cap = cap ? cap * 2 : 16;
                cv->values = xrealloc(cv->values, (cap + known) * sizeof *cv->values);
            }
            cv->values[cv->n++] = xstrdup(db_column_text(st, 0));
        }
        db_finalize(st);
        if (rc < 0)
            return rc;
        if (!known)
            continue;
        if (cv->n + known > cap)
            cv->values = xrealloc(cv->values, (cv->n + known) * sizeof *cv->values);
        for (size_t i = 0; i < known; i++)
            cv->values[cv->n++] = xstrdup(t->codes[i].code);
        /* Ascending as SQL compares texts (BINARY), each value once. */
        qsort(cv->values, cv->n, sizeof *cv->values, compare_text);
        uint32_t kept = 0;
        for (uint32_t i = 0; i < cv->n; i++) {
            if (kept > 0 && strcmp(cv->values[kept - 1], cv->values[i]) == 0)
                free(cv->values[i]);
            else
                cv->values[kept++] = cv->values[i];
        }
        cv->n = kept;
    }
    return 0;
}

static int load_units(struct db *db, struct roster_index *ix)
{
    long long count;
    int rc = db_query_int(db, "SELECT count(*) FROM units", &count, 0);
    if (rc < 0)
        return rc;
    if (count > MAX_UNITS)
        return ERR_INVALID;
    ix->unit_id = xcalloc((size_t)count + 1, sizeof *ix->unit_id);
    ix->unit_parent = xcalloc((size_t)count + 1, sizeof *ix->unit_parent);
    long long *parent_id = xcalloc((size_t)count + 1, sizeof *parent_id);
    struct db_stmt *st;
    /* The order of the "unit" sort: u.sort, u.name, then the unit's id. */
    rc = db_prepare(db, "SELECT id, parent_id FROM units ORDER BY sort, name, id", &st);
    if (rc == 0) {
        while ((rc = db_step(st)) == DB_ROW && ix->nunits < count) {
            ix->unit_id[ix->nunits] = db_column_int(st, 0);
            parent_id[ix->nunits] = db_column_is_null(st, 1) ? 0 : db_column_int(st, 1);
            ix->nunits++;
        }
        db_finalize(st);
    }
    for (uint32_t i = 0; i < ix->nunits; i++) {
        ix->unit_parent[i] = -1;
        for (uint32_t j = 0; parent_id[i] && j < ix->nunits; j++)
            if (ix->unit_id[j] == parent_id[i])
                ix->unit_parent[i] = (int32_t)j;
    }
    free(parent_id);
    return rc < 0 ? rc : 0;
}

/* 1 + the position of unit `id`, or 0 when there is no such unit. */
static uint16_t unit_of(const struct roster_index *ix, long long id)
{
    for (uint32_t i = 0; i < ix->nunits; i++)
        if (ix->unit_id[i] == id)
            return (uint16_t)(i + 1);
    return 0;
}

enum {
    COL_ID,
    COL_UNIT,
    COL_CODES,
    COL_BIRTH = COL_CODES + NCODES,
    COL_WORK_START,
    COL_PARTY_JOIN,
    COL_CREATED,
    COL_RANK_ORDER,
    COL_POST_ORDER,
    COL_EDUCATION_ORDER,
    COL_NAME,
    COL_PINYIN,
    COL_INITIALS,
    COL_STROKES,
    COL_ID_NUMBER,
};

static bool read_order(struct db_stmt *st, int col, int32_t *out)
{
    if (db_column_is_null(st, col)) {
        *out = NO_ORDER;
        return true;
    }
    long long v = db_column_int(st, col);
    if (v <= NO_ORDER || v > INT32_MAX)
        return false;
    *out = (int32_t)v;
    return true;
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
};

/* The current row of `st` into `p`; false when a value cannot be
 * represented. */
static bool read_person(struct db_stmt *st, struct person_row *p)
{
    p->id = db_column_int(st, COL_ID);
    p->unit_id = db_column_is_null(st, COL_UNIT) ? 0 : db_column_int(st, COL_UNIT);
    for (int c = 0; c < NCODES; c++)
        p->code[c] = db_column_text(st, COL_CODES + c);
    const char *birth = db_column_text(st, COL_BIRTH);
    const char *work = db_column_text(st, COL_WORK_START);
    const char *join = db_column_text(st, COL_PARTY_JOIN);
    const char *created = db_column_text(st, COL_CREATED);
    if (!birth || !encode_date(birth, &p->birth) || p->birth == 0)
        return false;
    p->work_start = 0;
    if (work && (!encode_date(work, &p->work_start) || p->work_start == 0))
        return false;
    p->party_join = 0;
    if (join && (!encode_date(join, &p->party_join) || p->party_join == 0))
        return false;
    if (!created || !encode_timestamp(created, &p->created))
        return false;
    if (!read_order(st, COL_RANK_ORDER, &p->rank_order) ||
        !read_order(st, COL_POST_ORDER, &p->post_order) ||
        !read_order(st, COL_EDUCATION_ORDER, &p->education_order))
        return false;
    p->name = db_column_text(st, COL_NAME);
    p->pinyin = db_column_text(st, COL_PINYIN);
    p->initials = db_column_text(st, COL_INITIALS);
    p->strokes = db_column_text(st, COL_STROKES);
    p->id_number = db_column_text(st, COL_ID_NUMBER);
    return p->name && p->pinyin && p->initials && p->strokes;
}

static void person_row_own(struct person_row *p)
{
    for (int c = 0; c < NCODES; c++)
        p->code[c] = p->code[c] ? xstrdup(p->code[c]) : NULL;
    p->name = xstrdup(p->name);
    p->pinyin = xstrdup(p->pinyin);
    p->initials = xstrdup(p->initials);
    p->strokes = xstrdup(p->strokes);
    p->id_number = p->id_number ? xstrdup(p->id_number) : NULL;
}

static void person_row_free(struct person_row *p)
{
    for (int c = 0; c < NCODES; c++)
        free((char *)p->code[c]);
    free((char *)p->name);
    free((char *)p->pinyin);
    free((char *)p->initials);
    free((char *)p->strokes);
    free((char *)p->id_number);
}

/* The bytes `p` adds to a snapshot's text. */
static size_t person_row_text(const struct person_row *p)
{
    return strlen(p->name) + strlen(p->pinyin) + strlen(p->initials) + strlen(p->strokes) +
           (p->id_number ? strlen(p->id_number) : 0) + 5;
}

/* True when `ix` has every code and unit `p` uses (a value new to the
 * snapshot would shift the positions the code columns hold). */
static bool person_row_fits(const struct roster_index *ix, const struct person_row *p)
{
    uint16_t code;
    for (int c = 0; c < NCODES; c++)
        if (!code_of(&ix->codes[c], p->code[c], &code))
            return false;
    return !p->unit_id || unit_of(ix, p->unit_id) != 0;
}

/* `p` into row `r` of `ix`; false when one of its codes or its unit is
 * not in `ix` (or the text would not fit). */
static bool put_row(struct roster_index *ix, uint32_t r, const struct person_row *p)
{
    ix->id[r] = p->id;
    ix->died[r] = ALIVE;
    ix->unit[r] = 0;
    /* A dangling unit id (foreign keys make it impossible) would sort
     * between the units and the NULLs: not worth representing. */
    if (p->unit_id && !(ix->unit[r] = unit_of(ix, p->unit_id)))
        return false;
    for (int c = 0; c < NCODES; c++)
        if (!code_of(&ix->codes[c], p->code[c], &ix->code[c][r]))
            return false;
    ix->birth[r] = p->birth;
    ix->work_start[r] = p->work_start;
    ix->party_join[r] = p->party_join;
    ix->created[r] = p->created;
    ix->rank_order[r] = p->rank_order;
    ix->post_order[r] = p->post_order;
    ix->education_order[r] = p->education_order;
    return add_text(ix, p->name, &ix->name[r]) && add_text(ix, p->pinyin, &ix->pinyin[r]) &&
           add_text(ix, p->initials, &ix->initials[r]) &&
           add_text(ix, p->strokes, &ix->strokes[r]) &&
           add_text(ix, p->id_number, &ix->id_number[r]);
}

/* One person into row `r`; false when a value cannot be represented. */
static bool read_row(struct roster_index *ix, struct db_stmt *st, uint32_t r)
{
    struct person_row p;
    return read_person(st, &p) && put_row(ix, r, &p);
}

/* Room for `cap` rows, `cap - base` of them tail rows. */
static void alloc_rows(struct roster_index *ix, size_t cap, size_t base)
{
    ix->cap = (uint32_t)cap;
    ix->id = xcalloc(cap, sizeof *ix->id);
    ix->born = xcalloc(cap - base + 1, sizeof *ix->born);
    ix->died = xcalloc(cap, sizeof *ix->died);
    ix->dead = xcalloc(SPARE_ROWS, sizeof *ix->dead);
    ix->unit = xcalloc(cap, sizeof *ix->unit);
    for (int c = 0; c < NCODES; c++)
        ix->code[c] = xcalloc(cap, sizeof *ix->code[c]);
    ix->birth = xcalloc(cap, sizeof *ix->birth);
    ix->work_start = xcalloc(cap, sizeof *ix->work_start);
    ix->party_join = xcalloc(cap, sizeof *ix->party_join);
    ix->created = xcalloc(cap, sizeof *ix->created);
    ix->rank_order = xcalloc(cap, sizeof *ix->rank_order);
    ix->post_order = xcalloc(cap, sizeof *ix->post_order);
    ix->education_order = xcalloc(cap, sizeof *ix->education_order);
    ix->name = xcalloc(cap, sizeof *ix->name);
    ix->pinyin = xcalloc(cap, sizeof *ix->pinyin);
    ix->initials = xcalloc(cap, sizeof *ix->initials);
    ix->strokes = xcalloc(cap, sizeof *ix->strokes);
    ix->id_number = xcalloc(cap, sizeof *ix->id_number);
}

/* Sizes the text to what it holds plus SPARE_TEXT: the tail's texts are
 * appended in place, never by moving the text readers look at. */
static void reserve_text(struct roster_index *ix)
{
    ix->text_cap = ix->text_len + SPARE_TEXT;
    ix->text = xrealloc(ix->text, ix->text_cap);
}

static struct roster_index *index_new(void)
{
    struct roster_index *ix = xcalloc(1, sizeof *ix);
    pthread_mutex_init(&ix->order_lock, NULL);
    pthread_mutex_init(&ix->spare_lock, NULL);
    atomic_init(&ix->refs, 1);
    atomic_init(&ix->tail, 0);
    atomic_init(&ix->ndead, 0);
    return ix;
}

#define PERSON_COLUMNS                                                                             \
    "SELECT id, unit_id, status, gender, ethnicity, party, current_rank,"                          \
    " current_post_level, education, birth_date, work_start_date,"                                 \
    " party_join_date, created_at, current_rank_order, current_post_order,"                        \
    " education_order, name, name_pinyin, name_initials, name_strokes, id_number"                  \
    " FROM people"

static int load_people(struct db *db, struct roster_index *ix)
{
    long long count;
    int rc = db_query_int(db, "SELECT count(*) FROM people", &count, 0);
    if (rc < 0)
        return rc;
    if (count >= UINT32_MAX / 2)
        return ERR_INVALID;
    alloc_rows(ix, (size_t)count + SPARE_ROWS, (size_t)count);
    struct db_stmt *st;
    rc = db_prepare(db, PERSON_COLUMNS " ORDER BY id", &st);
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (ix->n == count || !read_row(ix, st, ix->n)) {
            rc = ERR_INVALID;
            break;
        }
        ix->n++;
    }
    db_finalize(st);
    if (rc == 0 && ix->n != count)
        rc = ERR_INVALID;
    return rc < 0 ? rc : 0;
}

/* Loads a snapshot in one read transaction. ERR_INVALID: not representable. */
static int index_build(struct db *db, struct roster_index **out)
{
    *out = NULL;
    struct roster_index *ix = index_new();
    int rc = db_begin_read(db);
    if (rc < 0) {
        index_free(ix);
        return rc;
    }
    if ((rc = roster_index_version(db, &ix->version)) == 0 && (rc = load_units(db, ix)) == 0 &&
        (rc = load_codes(db, ix)) == 0)
        rc = load_people(db, ix);
    db_rollback(db); /* read only: nothing to commit */
    if (rc < 0) {
        index_free(ix);
        return rc;
    }
    ix->base_version = ix->version;
    reserve_text(ix);
    *out = ix;
    return 0;
}

/* ---- orders ---- */

static bool key_is_null(const struct roster_index *ix, enum order_id o, uint32_t r)
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
static int key_compare(const struct roster_index *ix, enum order_id o, uint32_t a, uint32_t b)
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

struct order_ctx {
    const struct roster_index *ix;
    enum order_id order;
};

static int row_compare(const void *pa, const void *pb, void *arg)
{
    const struct order_ctx *c = arg;
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    int k = key_compare(c->ix, c->order, a, b);
    /* Rows are in id order: the row number is the id tiebreak. */
    return k ? k : CMP(a, b);
}

/* The order `o`, computed on first use (once per snapshot; a thread asking
 * meanwhile waits for it, once). */
static const struct order *order_get(struct roster_index *ix, enum order_id o)
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
            qsort_r(rows, nonnull, sizeof *rows, row_compare, &ctx);
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

/* The row at walk position `p` of `ord`, ascending or descending. */
static uint32_t row_at(const struct order *ord, uint32_t n, bool desc, uint32_t p)
{
    if (desc)
        p = p < ord->nonnull ? ord->nonnull - 1 - p : n - 1 - (p - ord->nonnull);
    return ord->rows ? ord->rows[p] : p;
}

/* The walk position of row `r`: the inverse of row_at. */
static uint32_t position_of(const struct order *ord, uint32_t n, bool desc, uint32_t r)
{
    uint32_t p = ord->position ? ord->position[r] : r;
    if (desc)
        p = p < ord->nonnull ? ord->nonnull - 1 - p : ord->nonnull + (n - 1 - p);
    return p;
}

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
        index_free(ix);
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

static long long died_at(const struct roster_index *ix, uint32_t r)
{
    return __atomic_load_n(&ix->died[r], __ATOMIC_RELAXED);
}

/* The row of person `id` alive at `version` among the first `rows` (those
 * visible at `version`), or -1. At most one row of an id is alive; a tail
 * row is newer than a base row, so the tail is searched first. */
static int64_t live_row(const struct roster_index *ix, uint32_t rows, long long version,
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
    struct batch *next;      /* in the stash */
};

static void batch_drop_changes(struct batch *b)
{
    for (uint32_t i = 0; i < b->n; i++)
        person_row_free(&b->changes[i].row);
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
    const uint32_t *from_texts[] = {from->name, from->pinyin, from->initials, from->strokes,
                                    from->id_number};
    uint32_t *to_texts[] = {ix->name, ix->pinyin, ix->initials, ix->strokes, ix->id_number};
    for (size_t t = 0; t < sizeof to_texts / sizeof *to_texts; t++) {
        uint32_t off = from_texts[t][r];
        add_text(ix, off == NO_TEXT ? NULL : text_at(from, off), &to_texts[t][to_row]);
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
        qsort_r(more, more_nonnull, sizeof *more, row_compare, &ctx);
        uint32_t *rows = xmalloc((n ? n : 1) * sizeof *rows);
        uint32_t a = 0, b = 0, p = 0;
        /* Keys first (by key, then row), then the NULLs by row. */
        while (a < kept_nonnull || b < more_nonnull)
            rows[p++] = b == more_nonnull ||
                                (a < kept_nonnull && row_compare(&kept[a], &more[b], &ctx) < 0)
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
    uint32_t row;                  /* of the old snapshot, when !staged */
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
                                    long long version, const struct batch *b,
                                    long long to_version)
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

    struct roster_index *ix = index_new();
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
    alloc_rows(ix, k + SPARE_ROWS, k);
    ix->text_cap = (size_t)k * 64 + 1; /* grows as needed */
    ix->text = xmalloc(ix->text_cap);
    uint32_t *new_of_old = xmalloc((old->n + 1) * sizeof *new_of_old);
    for (uint32_t r = 0; r < old->n; r++)
        new_of_old[r] = UINT32_MAX;
    uint32_t *extra = xmalloc((rows - old->n + b->n + 1) * sizeof *extra), nextra = 0;
    for (size_t i = 0; i < k; i++) {
        if (src[i].staged)
            put_row(ix, (uint32_t)i, src[i].staged);
        else
            copy_row(ix, (uint32_t)i, old, src[i].row);
        if (!src[i].staged && src[i].row < old->n)
            new_of_old[src[i].row] = (uint32_t)i;
        else
            extra[nextra++] = (uint32_t)i;
    }
    ix->n = (uint32_t)k;
    free(src);
    reserve_text(ix);
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
        if (!person_row_fits(ix, &c->row))
            return false;
        adds++;
        text += person_row_text(&c->row);
    }
    /* Each change kills at most one row. */
    if ((uint64_t)ix->n + ix->tail_used + adds > ix->cap ||
        (uint64_t)ix->dead_used + b->n > SPARE_ROWS || ix->text_len + text > ix->text_cap) {
        if (!may_compact)
            return false;
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        struct roster_index *fresh =
            compact(ix, ix->n + ix->tail_used, ix->version, b, b->after);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        log_info("roster index: compacted to %u people at version %lld in %ld ms (on a write)",
                 fresh->n,
                 fresh->version,
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
        put_row(ix, ix->n + ix->tail_used, &b->changes[i].row);
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
    int rc = bump(db, &version);
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
    if (rc == DB_ROW && (ok = read_person(st, &s.row)))
        person_row_own(&s.row);
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
            person_row_free(&b->changes[i].row);
            b->changes[i] = s;
            return 0;
        }
    if (b->n == MAX_BATCH) {
        person_row_free(&s.row);
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
    long long version = 0;
    int rc = bump(db, &version);
    if (rc < 0)
        return rc;
    struct batch *b = db_tx_hook_arg(db, batch_hook);
    bool fresh = !b;
    if (fresh) {
        b = xcalloc(1, sizeof *b);
        b->before = version - 1;
    }
    b->after = version;
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
    bool too_soon = t0.tv_sec < next_build_allowed.tv_sec ||
                    (t0.tv_sec == next_build_allowed.tv_sec &&
                     t0.tv_nsec < next_build_allowed.tv_nsec);
    if (rc == 0 && !fresh && !too_soon) {
        pthread_mutex_lock(&apply_lock);
        building = true;
        pthread_mutex_unlock(&apply_lock);
        struct roster_index *ix;
        rc = index_build(db, &ix);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        long long took_ns = (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL +
                            (t1.tv_nsec - t0.tv_nsec);
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

/* A mask of ix->cap bytes (contents undefined), from the spares when one
 * is free. Give it back with mask_put. */
static uint8_t *mask_get(struct roster_index *ix)
{
    uint8_t *m = NULL;
    pthread_mutex_lock(&ix->spare_lock);
    if (ix->nspare > 0)
        m = ix->spare[--ix->nspare];
    pthread_mutex_unlock(&ix->spare_lock);
    return m ? m : xmalloc(ix->cap ? ix->cap : 1);
}

static void mask_put(struct roster_index *ix, uint8_t *m)
{
    pthread_mutex_lock(&ix->spare_lock);
    if (ix->nspare < SPARE_MASKS) {
        ix->spare[ix->nspare++] = m;
        m = NULL;
    }
    pthread_mutex_unlock(&ix->spare_lock);
    free(m);
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
    if (!encode_date(date_format_iso(d, buf), &v))
        v = 0;
    return v;
}

static void mask_code(uint8_t *m, const uint16_t *col, uint32_t n, uint16_t value)
{
    for (uint32_t i = 0; i < n; i++)
        m[i] &= col[i] == value;
}

/* Applies the code filter `value` of column `c`; false when no row can
 * match (a code nobody has). */
static bool filter_code(const struct view *v, uint8_t *m, int c, const char *value)
{
    if (!value || !*value)
        return true;
    uint16_t code;
    if (!code_of(&v->ix->codes[c], value, &code) || code == 0)
        return false;
    mask_code(m, v->ix->code[c], v->rows, code);
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
                        char *prefix, uint8_t *q)
{
    const struct order *ord = order_get(ix, o);
    uint32_t first = lower_bound(ix, ord, offsets, prefix);
    prefix[strlen(prefix) - 1]++;
    uint32_t end = lower_bound(ix, ord, offsets, prefix);
    prefix[strlen(prefix) - 1]--;
    for (uint32_t p = first; p < end; p++)
        q[ord->rows[p]] = 1;
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

/* The search box, as people.c's where_search: letters are a prefix of the
 * pinyin or the initials (lower-cased), digits/X a prefix of the ID number,
 * anything else a substring of the name. */
static void filter_search(const struct view *v, uint8_t *m, const char *text)
{
    struct roster_index *ix = v->ix;
    while (*text == ' ')
        text++;
    size_t len = strlen(text);
    while (len > 0 && text[len - 1] == ' ')
        len--;
    if (len == 0)
        return;
    bool letters = true, digits_only = true;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            letters = false;
        if (!((c >= '0' && c <= '9') || c == 'x' || c == 'X'))
            digits_only = false;
    }
    uint32_t n = v->rows;
    char *key = xstrndup(text, len);
    if (letters || digits_only) {
        for (char *c = key; *c; c++) {
            if (letters && *c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
            if (!letters && *c == 'x')
                *c = 'X';
        }
        uint8_t *q = mask_get(ix);
        memset(q, 0, n);
        if (letters) {
            mark_prefix(ix, ORDER_PINYIN, ix->pinyin, key, q);
            mark_prefix(ix, ORDER_INITIALS, ix->initials, key, q);
        } else {
            mark_prefix(ix, ORDER_ID_NUMBER, ix->id_number, key, q);
        }
        /* The tail is in no order: the same prefix test row by row. */
        for (uint32_t r = ix->n; r < n; r++) {
            if (letters)
                q[r] = strncmp(text_at(ix, ix->pinyin[r]), key, len) == 0 ||
                       strncmp(text_at(ix, ix->initials[r]), key, len) == 0;
            else
                q[r] = ix->id_number[r] != NO_TEXT &&
                       strncmp(text_at(ix, ix->id_number[r]), key, len) == 0;
        }
        for (uint32_t i = 0; i < n; i++)
            m[i] &= q[i];
        mask_put(ix, q);
    } else {
        for (uint32_t i = 0; i < n; i++)
            if (m[i] && !contains_ascii_nocase(text_at(ix, ix->name[i]), key, len))
                m[i] = 0;
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

/* Keeps in `m` only the rows inside `scope` (people_filter.scope): people
 * of the scope's unit subtrees, and the scope's person. */
static void filter_scope(const struct view *v, uint8_t *m, const struct people_scope *scope)
{
    const struct roster_index *ix = v->ix;
    uint32_t n = v->rows;
    int64_t person_row =
        scope->person_id ? live_row(ix, n, v->version, scope->person_id) : -1;
    uint8_t person_match = person_row >= 0 ? m[person_row] : 0;
    uint8_t *inside = xcalloc(ix->nunits + 1, 1);
    for (size_t i = 0; i < scope->nunits; i++) {
        uint16_t unit = unit_of(ix, scope->unit_ids[i]);
        if (unit)
            mark_subtree(ix, unit, inside);
    }
    const uint16_t *col = ix->unit;
    for (uint32_t i = 0; i < n; i++)
        m[i] &= inside[col[i]];
    free(inside);
    if (person_row >= 0)
        m[person_row] = person_match;
}

/* Computes the match mask of `f` into `m` (v->rows bytes): the rows alive
 * at the view's version that match; false when nothing can match. */
static bool filter_mask(const struct view *v, const struct people_filter *f, uint8_t *m)
{
    struct roster_index *ix = v->ix;
    uint32_t n = v->rows;
    /* Everyone, less the few rows dead at the view's version: a list of
     * them is shorter to read than a death date per row. */
    memset(m, 1, n);
    uint32_t ndead = atomic_load_explicit(&ix->ndead, memory_order_acquire);
    for (uint32_t k = 0; k < ndead; k++) {
        uint32_t r = ix->dead[k];
        if (r < n && died_at(ix, r) <= v->version)
            m[r] = 0;
    }
    if (f->scope)
        filter_scope(v, m, f->scope);
    if (f->unit_id > 0) {
        uint16_t unit = unit_of(ix, f->unit_id);
        if (!unit)
            return false;
        if (f->include_sub) {
            uint8_t *inside = xcalloc(ix->nunits + 1, 1);
            mark_subtree(ix, unit, inside);
            const uint16_t *col = ix->unit;
            for (uint32_t i = 0; i < n; i++)
                m[i] &= inside[col[i]];
            free(inside);
        } else {
            mask_code(m, ix->unit, n, unit);
        }
    }
    if (!filter_code(v, m, CODE_STATUS, f->status) ||
        !filter_code(v, m, CODE_GENDER, f->gender) ||
        !filter_code(v, m, CODE_ETHNICITY, f->ethnicity) ||
        !filter_code(v, m, CODE_PARTY, f->party) || !filter_code(v, m, CODE_RANK, f->rank) ||
        !filter_code(v, m, CODE_POST_LEVEL, f->post_level) ||
        !filter_code(v, m, CODE_EDUCATION, f->education))
        return false;
    if (f->age_min > 0) {
        int32_t cutoff = age_cutoff(f->today, f->age_min);
        const int32_t *birth = ix->birth;
        for (uint32_t i = 0; i < n; i++)
            m[i] &= birth[i] <= cutoff;
    }
    if (f->age_max >= 0) {
        /* age <= N  <=>  not (age >= N + 1). */
        int32_t cutoff = age_cutoff(f->today, f->age_max + 1);
        const int32_t *birth = ix->birth;
        for (uint32_t i = 0; i < n; i++)
            m[i] &= birth[i] > cutoff;
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
    uint32_t rows = v.rows, base = ix->n;
    uint8_t *m = mask_get(ix);
    uint32_t matches = 0;
    if (filter_mask(&v, f, m))
        for (uint32_t i = 0; i < rows; i++)
            matches += m[i];
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
    const struct order *ord = order_get(ix, sorts[s].order);
    struct walk_ctx w = {ix, sorts[s].order, desc};
    /* The tail's matches (at most SPARE_ROWS rows), sorted, are merged
     * into the walk of the base's order. */
    uint32_t ntail = 0, t = 0;
    uint32_t *tail = NULL;
    if (rows > base) {
        tail = xmalloc((rows - base) * sizeof *tail);
        for (uint32_t r = base; r < rows; r++)
            if (m[r])
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
            if (m[r])
                page_merge(&pg, &w, tail, ntail, &t, r);
        }
    } else {
        uint32_t *heap = xmalloc(pg.end * sizeof *heap), size = 0;
        /* Few matches: skip the mask eight empty bytes at a time. */
        uint32_t r = 0;
        for (; r + 8 <= base; r += 8) {
            uint64_t word;
            memcpy(&word, m + r, sizeof word);
            if (!word)
                continue;
            for (uint32_t j = r; j < r + 8; j++)
                if (m[j])
                    heap_offer(heap, &size, pg.end, position_of(ord, base, desc, j));
        }
        for (; r < base; r++)
            if (m[r])
                heap_offer(heap, &size, pg.end, position_of(ord, base, desc, r));
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
