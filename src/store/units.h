/* units.h — the unit tree (厅机关, 处室, 直属单位) with its establishment of
 * leadership posts (职数) and how many of each level are filled. */
#ifndef CADRE_UNITS_H
#define CADRE_UNITS_H

#include <stddef.h>

#include "core/fields.h"
#include "store/db.h"

struct arena;
struct people_scope;

struct unit {
    long long id;
    long long parent_id; /* 0 for a root */
    const char *name;
    const char *kind; /* code, unit_kind */
    const char *code; /* the office's own unit code, optional */
    long long sort;   /* order among siblings */
    const char *notes;
    const char *function; /* code, unit_function: the 回避 functions of
                             公务员法 Art.74 (组织, 人事, 纪检, ...), or NULL */
};

/* A unit's writable fields (core/fields.h): the JSON layer parses and
 * renders them as every other record, and GET /api/v1/schema/unit serves
 * them. */
extern const struct record_kind units_kind;

/* Establishment of one post level in one unit. */
struct unit_establishment {
    const char *post_level; /* code, post_level */
    long long count;        /* posts allowed */
    long long filled;       /* current, non-concurrent post records at this level */
};

struct unit_node {
    struct unit unit;
    long long headcount;       /* people in service (status 1) in this unit itself */
    long long headcount_total; /* the same, with every sub-unit */
    struct unit_establishment *establishment;
    size_t nestablishment;
    struct unit_node **children;
    size_t nchildren;
};

/* The whole tree, siblings ordered by sort then name, with headcounts and
 * establishment. Allocated in `a`. Returns 0 or err. */
int units_tree(struct db *db, struct arena *a, struct unit_node ***roots, size_t *nroots);

/* The tree as a user of `scope` sees it (store/people.h; NULL: the whole
 * tree): the subtrees of the scope's units, in tree order, a unit inside
 * another's subtree not repeated; empty for a scope without units. */
int units_tree_in(struct db *db, const struct people_scope *scope, struct arena *a,
                  struct unit_node ***roots, size_t *nroots);

/* units_tree_in without the headcounts (all 0): what the 超职数 alerts
 * read after every write, without counting every person again. */
int units_tree_establishment_in(struct db *db, const struct people_scope *scope, struct arena *a,
                                struct unit_node ***roots, size_t *nroots);

/* One unit with its establishment and headcount (children not filled).
 * Returns 0, ERR_NOT_FOUND, or err. */
int units_get(struct db *db, long long id, struct arena *a, struct unit_node *out);

/* True when unit `id` exists. */
bool units_exists(struct db *db, long long id);

/* Creates `u` (sets u->id) with its establishment (`n` entries; `filled`
 * ignored). ERR_CONFLICT when a sibling has the same name. Call inside a
 * transaction. */
int units_insert(struct db *db, struct unit *u, const struct unit_establishment *est, size_t n);

/* Updates `u` (all fields); when `est` is non-NULL, replaces the
 * establishment. ERR_NOT_FOUND, ERR_CONFLICT (same name as a sibling, or the
 * new parent lies inside the unit's own subtree: a cycle). */
int units_update(struct db *db, const struct unit *u, const struct unit_establishment *est,
                 size_t n);

/* Deletes unit `id`; ERR_CONFLICT while people, career records or sub-units
 * still refer to it, with the reason in `*why` (static Chinese text). */
int units_delete(struct db *db, long long id, const char **why);

/* Finds a unit by name or by a path "厅机关/办公室" ("/" or "／" or "-"
 * separated, matched from any root). Returns 0 and `*id`, ERR_NOT_FOUND, or
 * ERR_CONFLICT when a bare name is ambiguous. */
int units_find(struct db *db, const char *name_or_path, long long *id);

/* The unit's path from its root, "厅机关/办公室", allocated in `a`, or NULL. */
const char *units_path(struct db *db, long long id, struct arena *a);

/* The unit's own name, allocated in `a`, or NULL when there is no such unit
 * (or the database fails). */
const char *units_name(struct db *db, long long id, struct arena *a);

#endif
