/* people.h — loading, listing and saving people, with the derived columns
 * (pinyin, stroke key, current post and rank, highest education) that make
 * the roster fast to filter and sort. */
#ifndef CADRE_PEOPLE_H
#define CADRE_PEOPLE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/records.h"
#include "store/db.h"

struct arena;

/* A person with what the roster shows beside the stored fields. */
struct person_view {
    struct person person;
    const char *unit_name;
    const char *current_rank; /* code or NULL */
    struct date current_rank_start;
    const char *current_post_level; /* code or NULL */
    const char *current_post_title;
    struct date current_post_start;
    const char *education; /* highest, code or NULL */
    const char *degree;    /* highest, code or NULL */
};

/* Most unit subtrees one scope holds (a user's scoped roles). */
#define PEOPLE_SCOPE_MAX_UNITS 16

/* The part of the registry a user may see (a role scoped to units, or
 * 干部本人): the people of the units `unit_ids` and every unit below them,
 * and the person `person_id` (0: none). A scope with neither holds nobody.
 * Where a function takes a `const struct people_scope *`, NULL means the
 * whole registry (the command line, unscoped roles). */
struct people_scope {
    long long unit_ids[PEOPLE_SCOPE_MAX_UNITS];
    size_t nunits;
    long long person_id;
};

/* The roster filters of GET /api/v1/people. Zero/NULL means "no filter". */
/* A search of at least this many digits (or X) also matches the end of the
 * ID number: officers look people up by the last four or six digits. */
#define PEOPLE_ID_SUFFIX_MIN 4

/* What the search box's text asks for (both the SQL and the roster index
 * read it through people_search_key, so they cannot disagree). */
enum people_search {
    PEOPLE_SEARCH_NONE,   /* only spaces: no filter */
    PEOPLE_SEARCH_PINYIN, /* letters: a prefix of the pinyin or initials (either reading) */
    PEOPLE_SEARCH_ID,     /* digits and X: an ID number prefix (or suffix, from
                             PEOPLE_ID_SUFFIX_MIN of them) */
    PEOPLE_SEARCH_NAME,   /* anything else: a substring of the name, ASCII in either case */
};

/* Classifies `text` and puts its key in `*key` (malloc'd; NULL for
 * PEOPLE_SEARCH_NONE): the text without leading and trailing spaces,
 * letters lower-cased for a pinyin search, x upper-cased for an ID one. */
enum people_search people_search_key(const char *text, char **key);

struct people_filter {
    const struct people_scope *scope; /* NULL: the whole registry; else never a row outside */
    const char *q; /* name substring, full pinyin or initials prefix, ID number prefix
                      or (PEOPLE_ID_SUFFIX_MIN digits or more) suffix */
    long long unit_id;
    bool include_sub; /* with unit_id: the unit and all its sub-units */
    const char *rank, *post_level, *gender, *ethnicity, *party, *education, *status;
    int age_min, age_max; /* -1 = none */
    struct date today;    /* for the age filter */
    const char *sort;     /* a column name or "strokes"/"pinyin"/"age"/"rank"/"post_level",
                             "-" prefix for descending; NULL = strokes */
    int page, per_page;   /* 1-based page; per_page 1..1000 (0 = all, for exports) */
};

/* True when `sort` (without any "-") is a column people_list can sort by. */
bool people_sort_valid(const char *sort);

/* One page of people matching `f`, and the total number matching. Rows in
 * `a`. Returns 0 or err (ERR_INVALID for an unknown sort, per_page outside
 * 0..1000, an age filter without `today`). Pages are answered from the
 * in-process roster index (store/roster_index.h) while it can answer for
 * the database's roster version, else from SQL; both give the same rows. */
int people_list(struct db *db, const struct people_filter *f, struct arena *a,
                struct person_view **rows, size_t *n, long long *total);

/* people_list through SQL alone, never the roster index: the reference the
 * index is tested against. Same contract. */
int people_list_sql(struct db *db, const struct people_filter *f, struct arena *a,
                    struct person_view **rows, size_t *n, long long *total);

/* Calls `fn` for every person matching `f` in order (ignoring paging),
 * without holding them all in memory (exports of a million people). A
 * non-zero return from `fn` stops and is returned. */
int people_each(struct db *db, const struct people_filter *f,
                int (*fn)(const struct person_view *p, void *arg), void *arg);

/* The most ids people_each_among takes (one bound parameter each). */
enum { PEOPLE_AMONG_MAX = 2000 };

/* people_each over only the `n` people of `ids` (any order; at most
 * PEOPLE_AMONG_MAX, else ERR_INVALID): those of them `f` matches, in
 * `f`'s order. For a few people written since a list was computed. */
int people_each_among(struct db *db, const struct people_filter *f, const long long *ids, size_t n,
                      int (*fn)(const struct person_view *p, void *arg), void *arg);

/* Loads one person. Returns 0, ERR_NOT_FOUND, or err. */
int people_get(struct db *db, long long id, struct arena *a, struct person_view *out);

/* Loads one person when inside `scope` (NULL: anyone): ERR_NOT_FOUND for a
 * person outside it, the same answer as for no such person, so that a
 * scoped user cannot learn who exists elsewhere. */
int people_get_in(struct db *db, const struct people_scope *scope, long long id, struct arena *a,
                  struct person_view *out);

/* Sets `*inside` to whether unit `unit_id` is one of the scope's units or
 * below one (NULL scope: true for any unit that exists). Returns 0 or err. */
int people_scope_has_unit(struct db *db, const struct people_scope *scope, long long unit_id,
                          bool *inside);

/* The first person in service (status 1, lowest id) of unit `unit_id`
 * itself, in `*id`; 0 when the unit has none. Returns 0 or err. */
int people_first_in_unit(struct db *db, long long unit_id, long long *id);

/* Finds the id of the person with this ID number (18-character form). */
int people_find_by_id_number(struct db *db, const char *id_number, long long *id);

/* The ids of up to `max` people other than `except_id` named exactly `name`
 * and born in the month of `birth` (the day ignored), lowest id first, in
 * `ids`, how many in `*n`: a likely second entry of one cadre. Returns 0 or
 * err. */
int people_find_same_name_birth(struct db *db, const char *name, struct date birth,
                                long long except_id, long long *ids, size_t max, size_t *n);

/* Inserts `p` (sets p->id), computing the derived name columns. ERR_CONFLICT
 * when the ID number is already used. Call inside a transaction. */
int people_insert(struct db *db, struct person *p);

/* Most education records people_insert_with takes. */
#define PEOPLE_FIRST_EDUCATIONS 4

/* The records a new person is about to get, for people_insert_with: the
 * current rank (NULL: none) and the current main post (NULL level: none),
 * both without an end date, and the education records in the order they
 * will be inserted. Borrowed. */
struct people_first_records {
    const char *rank;
    struct date rank_start;
    const char *post_level, *post_title;
    struct date post_start;
    struct {
        const char *education, *degree;
    } education[PEOPLE_FIRST_EDUCATIONS];
    size_t neducation;
};

/* people_insert with the derived current post, rank and education columns
 * written at once from `r` (NULL: none), as people_refresh_derived would
 * compute them once exactly those records are inserted — which the caller
 * then does, without calling people_refresh_derived: one write of the row
 * instead of two (the roster import of a new person). */
int people_insert_with(struct db *db, struct person *p, const struct people_first_records *r);

/* Updates every stored field of `p` (by p->id). ERR_NOT_FOUND, ERR_CONFLICT. */
int people_update(struct db *db, const struct person *p);

/* Deletes a person and (cascading) all their records. ERR_NOT_FOUND. */
int people_delete(struct db *db, long long id);

/* Recomputes the derived current post/rank/education columns of one person
 * from their career and education records (current = no end date; the
 * latest start wins; a concurrent post never replaces a main one). Called by
 * store/records.c after every career or education change. */
int people_refresh_derived(struct db *db, long long person_id);

/* Writes every person's derived name keys (pinyin, initials, the other
 * reading, the 姓氏笔画 key) anew, in one transaction, when the database's
 * were written by another PINYIN_KEYS_VERSION (core/pinyin.h; kept in the
 * settings table), so that a new reading or sort key reaches old rows.
 * Sets `*rewritten` to the number of people rewritten (0 when the keys
 * were current). Called by store_migrate. Returns 0 or a negative err code. */
int people_refresh_name_keys(struct db *db, long long *rewritten);

#endif
