/* roster_index_load.c — loading a roster snapshot: every person's
 * filterable and sortable columns as small integers and one string arena,
 * read in one read transaction at one roster version. */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "store/people.h"
#include "store/roster_index_impl.h"
#include "util/err.h"
#include "util/xmalloc.h"

/* ---- the roster version ---- */

int roster_index_version(struct db *db, long long *version)
{
    return db_query_int(db, "SELECT version FROM roster_version WHERE id = 1", version, 0);
}

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

void rix_free(struct roster_index *ix)
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
    free(ix->pinyin_alt);
    free(ix->initials_alt);
    free(ix->alt_rows);
    free(ix->text);
    free(ix->unit_id);
    free(ix->unit_parent);
    for (int o = 0; o < NORDERS; o++) {
        free(ix->orders[o].rows);
        free(ix->orders[o].position);
    }
    for (int c = 0; c < NCODES; c++) {
        for (uint32_t i = 0; ix->code_bits[c] && i <= ix->codes[c].n; i++)
            free(ix->code_bits[c][i]);
        free(ix->code_bits[c]);
    }
    free(ix->unit_first);
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
bool rix_encode_date(const char *s, int32_t *out)
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

bool rix_add_text(struct roster_index *ix, const char *s, uint32_t *out)
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

/* 1 + the position of `s` among the column's values, 0 for NULL; false
 * when a value is missing (the DISTINCT and the rows were read in one
 * transaction, so this is a bug). */
bool rix_code_of(const struct code_values *cv, const char *s, uint16_t *out)
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
uint16_t rix_unit_of(const struct roster_index *ix, long long id)
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
    COL_PINYIN_ALT,
    COL_INITIALS_ALT,
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

/* The current row of `st` into `p`; false when a value cannot be
 * represented. */
bool rix_read_person(struct db_stmt *st, struct person_row *p)
{
    p->id = db_column_int(st, COL_ID);
    p->unit_id = db_column_is_null(st, COL_UNIT) ? 0 : db_column_int(st, COL_UNIT);
    for (int c = 0; c < NCODES; c++)
        p->code[c] = db_column_text(st, COL_CODES + c);
    const char *birth = db_column_text(st, COL_BIRTH);
    const char *work = db_column_text(st, COL_WORK_START);
    const char *join = db_column_text(st, COL_PARTY_JOIN);
    const char *created = db_column_text(st, COL_CREATED);
    if (!birth || !rix_encode_date(birth, &p->birth) || p->birth == 0)
        return false;
    p->work_start = 0;
    if (work && (!rix_encode_date(work, &p->work_start) || p->work_start == 0))
        return false;
    p->party_join = 0;
    if (join && (!rix_encode_date(join, &p->party_join) || p->party_join == 0))
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
    p->pinyin_alt = db_column_text(st, COL_PINYIN_ALT);
    p->initials_alt = db_column_text(st, COL_INITIALS_ALT);
    return p->name && p->pinyin && p->initials && p->strokes;
}

void rix_person_row_own(struct person_row *p)
{
    for (int c = 0; c < NCODES; c++)
        p->code[c] = p->code[c] ? xstrdup(p->code[c]) : NULL;
    p->name = xstrdup(p->name);
    p->pinyin = xstrdup(p->pinyin);
    p->initials = xstrdup(p->initials);
    p->strokes = xstrdup(p->strokes);
    p->id_number = p->id_number ? xstrdup(p->id_number) : NULL;
    p->pinyin_alt = p->pinyin_alt ? xstrdup(p->pinyin_alt) : NULL;
    p->initials_alt = p->initials_alt ? xstrdup(p->initials_alt) : NULL;
}

void rix_person_row_free(struct person_row *p)
{
    for (int c = 0; c < NCODES; c++)
        free((char *)p->code[c]);
    free((char *)p->name);
    free((char *)p->pinyin);
    free((char *)p->initials);
    free((char *)p->strokes);
    free((char *)p->id_number);
    free((char *)p->pinyin_alt);
    free((char *)p->initials_alt);
}

/* The bytes `p` adds to a snapshot's text. */
size_t rix_person_row_text(const struct person_row *p)
{
    return strlen(p->name) + strlen(p->pinyin) + strlen(p->initials) + strlen(p->strokes) +
           (p->id_number ? strlen(p->id_number) : 0) + (p->pinyin_alt ? strlen(p->pinyin_alt) : 0) +
           (p->initials_alt ? strlen(p->initials_alt) : 0) + 7;
}

/* True when `ix` has every code and unit `p` uses (a value new to the
 * snapshot would shift the positions the code columns hold). */
bool rix_person_row_fits(const struct roster_index *ix, const struct person_row *p)
{
    uint16_t code;
    for (int c = 0; c < NCODES; c++)
        if (!rix_code_of(&ix->codes[c], p->code[c], &code))
            return false;
    return !p->unit_id || rix_unit_of(ix, p->unit_id) != 0;
}

/* `p` into row `r` of `ix`; false when one of its codes or its unit is
 * not in `ix` (or the text would not fit). */
bool rix_put_row(struct roster_index *ix, uint32_t r, const struct person_row *p)
{
    ix->id[r] = p->id;
    ix->died[r] = ALIVE;
    ix->unit[r] = 0;
    /* A dangling unit id (foreign keys make it impossible) would sort
     * between the units and the NULLs: not worth representing. */
    if (p->unit_id && !(ix->unit[r] = rix_unit_of(ix, p->unit_id)))
        return false;
    for (int c = 0; c < NCODES; c++)
        if (!rix_code_of(&ix->codes[c], p->code[c], &ix->code[c][r]))
            return false;
    ix->birth[r] = p->birth;
    ix->work_start[r] = p->work_start;
    ix->party_join[r] = p->party_join;
    ix->created[r] = p->created;
    ix->rank_order[r] = p->rank_order;
    ix->post_order[r] = p->post_order;
    ix->education_order[r] = p->education_order;
    return rix_add_text(ix, p->name, &ix->name[r]) && rix_add_text(ix, p->pinyin, &ix->pinyin[r]) &&
           rix_add_text(ix, p->initials, &ix->initials[r]) &&
           rix_add_text(ix, p->strokes, &ix->strokes[r]) &&
           rix_add_text(ix, p->id_number, &ix->id_number[r]) &&
           rix_add_text(ix, p->pinyin_alt, &ix->pinyin_alt[r]) &&
           rix_add_text(ix, p->initials_alt, &ix->initials_alt[r]);
}

/* One person into row `r`; false when a value cannot be represented. */
static bool read_row(struct roster_index *ix, struct db_stmt *st, uint32_t r)
{
    struct person_row p;
    return rix_read_person(st, &p) && rix_put_row(ix, r, &p);
}

/* Room for `cap` rows, `cap - base` of them tail rows. */
void rix_alloc_rows(struct roster_index *ix, size_t cap, size_t base)
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
    ix->pinyin_alt = xcalloc(cap, sizeof *ix->pinyin_alt);
    ix->initials_alt = xcalloc(cap, sizeof *ix->initials_alt);
}

/* Sizes the text to what it holds plus SPARE_TEXT: the tail's texts are
 * appended in place, never by moving the text readers look at. */
void rix_reserve_text(struct roster_index *ix)
{
    ix->text_cap = ix->text_len + SPARE_TEXT;
    ix->text = xrealloc(ix->text, ix->text_cap);
}

struct roster_index *rix_new(void)
{
    struct roster_index *ix = xcalloc(1, sizeof *ix);
    pthread_mutex_init(&ix->order_lock, NULL);
    pthread_mutex_init(&ix->spare_lock, NULL);
    atomic_init(&ix->refs, 1);
    atomic_init(&ix->tail, 0);
    atomic_init(&ix->ndead, 0);
    return ix;
}

static int load_people(struct db *db, struct roster_index *ix)
{
    long long count;
    int rc = db_query_int(db, "SELECT count(*) FROM people", &count, 0);
    if (rc < 0)
        return rc;
    if (count >= UINT32_MAX / 2)
        return ERR_INVALID;
    rix_alloc_rows(ix, (size_t)count + SPARE_ROWS, (size_t)count);
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

void rix_index_alternates(struct roster_index *ix)
{
    uint32_t k = 0;
    for (uint32_t r = 0; r < ix->n; r++)
        k += ix->pinyin_alt[r] != NO_TEXT || ix->initials_alt[r] != NO_TEXT;
    free(ix->alt_rows);
    ix->alt_rows = xmalloc((k ? k : 1) * sizeof *ix->alt_rows);
    ix->nalt = 0;
    for (uint32_t r = 0; r < ix->n; r++)
        if (ix->pinyin_alt[r] != NO_TEXT || ix->initials_alt[r] != NO_TEXT)
            ix->alt_rows[ix->nalt++] = r;
}

/* Loads a snapshot in one read transaction. ERR_INVALID: not representable. */
int rix_build(struct db *db, struct roster_index **out)
{
    *out = NULL;
    struct roster_index *ix = rix_new();
    int rc = db_begin_read(db);
    if (rc < 0) {
        rix_free(ix);
        return rc;
    }
    if ((rc = roster_index_version(db, &ix->version)) == 0 && (rc = load_units(db, ix)) == 0 &&
        (rc = load_codes(db, ix)) == 0)
        rc = load_people(db, ix);
    db_rollback(db); /* read only: nothing to commit */
    if (rc < 0) {
        rix_free(ix);
        return rc;
    }
    ix->base_version = ix->version;
    rix_reserve_text(ix);
    rix_index_alternates(ix);
    *out = ix;
    return 0;
}
