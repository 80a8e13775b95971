/* units.c — the unit tree, assembled in C from a few set-based queries
 * (units, headcounts, establishment against filled posts) rather than one
 * query per unit, so the tree of a whole province costs the same four
 * statements as a tree of ten units. */
#include "store/units.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "store/people.h"
#include "store/roster_index.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/xmalloc.h"

/* A unit's writable fields as a table, so the JSON layer parses them the
 * way it parses every other record (codes by code or label, limits, Chinese
 * messages). A name fits 50 characters like a person's; the sort number
 * range only catches typing mistakes. */
static const struct field_def unit_fields[] = {
    {"name", "单位名称", FIELD_TEXT, NULL, offsetof(struct unit, name), FIELD_REQUIRED, 50, 0, 0},
    {"parent_id", "上级单位", FIELD_REF, "units", offsetof(struct unit, parent_id), 0, 0, 0, 0},
    {"kind", "单位类别", FIELD_CODE, "unit_kind", offsetof(struct unit, kind), FIELD_REQUIRED, 0, 0,
     0},
    {"code", "单位代码", FIELD_TEXT, NULL, offsetof(struct unit, code), 0, 50, 0, 0},
    {"sort", "排序号", FIELD_INT, NULL, offsetof(struct unit, sort), 0, 0, -999999, 999999},
    {"notes", "备注", FIELD_TEXT, NULL, offsetof(struct unit, notes), 0, 2000, 0, 0},
    /* 公务员法 Art.74: relatives may not work in the 组织, 人事, 纪检, 监察,
     * 审计 or 财务 work of an organ where the other is a leader. */
    {"function", "回避职能", FIELD_CODE, "unit_function", offsetof(struct unit, function), 0, 0, 0,
     0},
};

const struct record_kind units_kind = {
    "unit",      "单位",
    "units",     sizeof(struct unit),
    unit_fields, sizeof unit_fields / sizeof *unit_fields,
    NULL,
};

#define UNIT_COLUMNS "id, parent_id, name, kind, code, sort, notes, function"

/* Units inside unit `?` (itself included), as the CTE `sub(id)`. UNION, not
 * UNION ALL, so that even a cycle slipped into the data ends. */
#define SUBTREE_CTE                                                                                \
    "WITH RECURSIVE sub(id) AS (SELECT id FROM units WHERE id = ?"                                 \
    " UNION SELECT c.id FROM units c JOIN sub ON c.parent_id = sub.id) "

/* Establishment and filled posts side by side, one row per unit and post
 * level present in either: a level filled without any establishment shows
 * as count 0 (超职数 stays visible). Filled = current (no end date), main
 * (not concurrent) post records. */
#define ESTABLISHMENT_SQL(where_est, where_career)                                                 \
    "SELECT unit_id, post_level, sum(allowed), sum(filled) FROM ("                                 \
    " SELECT unit_id, post_level, count AS allowed, 0 AS filled FROM unit_establishment" where_est \
    " UNION ALL SELECT unit_id, post_level, 0, count(*) FROM career"                               \
    " WHERE kind = 'post' AND end_date IS NULL AND concurrent = 0 AND unit_id IS NOT NULL"         \
    " AND post_level IS NOT NULL" where_career " GROUP BY unit_id, post_level"                     \
    ") x GROUP BY unit_id, post_level ORDER BY unit_id"

static void read_unit(struct db_stmt *st, struct arena *a, struct unit *u)
{
    u->id = db_column_int(st, 0);
    u->parent_id = db_column_int(st, 1);
    u->name = arena_strdup(a, db_column_text(st, 2));
    u->kind = arena_strdup(a, db_column_text(st, 3));
    u->code = arena_strdup(a, db_column_text(st, 4));
    u->sort = db_column_int(st, 5);
    u->notes = arena_strdup(a, db_column_text(st, 6));
    u->function = arena_strdup(a, db_column_text(st, 7));
}

static int post_level_order(const char *code)
{
    const struct code_table *t = codes_table("post_level");
    const struct code *c = t && code ? codes_by_code(t, code) : NULL;
    /* Unknown levels after every known one. */
    return c && c->order > 0 ? c->order : 1000000;
}

/* Highest post level first, then by code. */
static int compare_establishment(const void *a, const void *b)
{
    const struct unit_establishment *x = a, *y = b;
    int ox = post_level_order(x->post_level), oy = post_level_order(y->post_level);
    if (ox != oy)
        return ox < oy ? -1 : 1;
    return strcmp(x->post_level, y->post_level);
}

struct establishment_row {
    long long unit_id;
    struct unit_establishment entry;
};

/* Runs an ESTABLISHMENT_SQL statement (already bound) and returns its rows,
 * ordered by unit, in `a`. */
static int read_establishment(struct db_stmt *st, struct arena *a, struct establishment_row **rows,
                              size_t *n)
{
    size_t cap = 16, count = 0;
    struct establishment_row *r = arena_calloc(a, cap, sizeof *r);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (count == cap) {
            struct establishment_row *more = arena_calloc(a, cap * 2, sizeof *more);
            memcpy(more, r, count * sizeof *r);
            r = more;
            cap *= 2;
        }
        r[count].unit_id = db_column_int(st, 0);
        r[count].entry.post_level = arena_strdup(a, db_column_text(st, 1));
        r[count].entry.count = db_column_int(st, 2);
        r[count].entry.filled = db_column_int(st, 3);
        count++;
    }
    db_finalize(st);
    *rows = r;
    *n = count;
    return rc < 0 ? rc : 0;
}

/* Copies the rows of one unit (a run of `rows`) into its node, sorted. */
static void attach_establishment(struct unit_node *node, const struct establishment_row *rows,
                                 size_t n, struct arena *a)
{
    node->establishment = arena_calloc(a, n ? n : 1, sizeof *node->establishment);
    node->nestablishment = n;
    for (size_t i = 0; i < n; i++)
        node->establishment[i] = rows[i].entry;
    qsort(node->establishment, n, sizeof *node->establishment, compare_establishment);
}

static int compare_node_id(const void *a, const void *b)
{
    const struct unit_node *x = *(struct unit_node *const *)a, *y = *(struct unit_node *const *)b;
    return (x->unit.id > y->unit.id) - (x->unit.id < y->unit.id);
}

static struct unit_node *node_by_id(struct unit_node **by_id, size_t n, long long id)
{
    struct unit key_unit = {.id = id};
    struct unit_node key = {.unit = key_unit}, *keyp = &key;
    struct unit_node **found = bsearch(&keyp, by_id, n, sizeof *by_id, compare_node_id);
    return found ? *found : NULL;
}

static long long sum_headcount(struct unit_node *node)
{
    long long total = node->headcount;
    for (size_t i = 0; i < node->nchildren; i++)
        total += sum_headcount(node->children[i]);
    node->headcount_total = total;
    return total;
}

static int tree(struct db *db, bool headcounts, struct arena *a, struct unit_node ***roots,
                size_t *nroots)
{
    *roots = NULL;
    *nroots = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT " UNIT_COLUMNS " FROM units ORDER BY sort, name, id", &st);
    if (rc < 0)
        return rc;
    size_t cap = 32, n = 0;
    struct unit_node *nodes = xcalloc(cap, sizeof *nodes);
    while ((rc = db_step(st)) == DB_ROW) {
        if (n == cap) {
            nodes = xrealloc(nodes, 2 * cap * sizeof *nodes);
            memset(nodes + cap, 0, cap * sizeof *nodes);
            cap *= 2;
        }
        read_unit(st, a, &nodes[n++].unit);
    }
    db_finalize(st);
    if (rc < 0) {
        free(nodes);
        return rc;
    }
    /* The nodes in tree order live in the arena; `by_id` finds them. */
    struct unit_node *tree = arena_calloc(a, n ? n : 1, sizeof *tree);
    memcpy(tree, nodes, n * sizeof *tree);
    free(nodes);
    struct unit_node **by_id = xcalloc(n ? n : 1, sizeof *by_id);
    for (size_t i = 0; i < n; i++)
        by_id[i] = &tree[i];
    qsort(by_id, n, sizeof *by_id, compare_node_id);

    /* Children, in the tree order of the first query (sort, name). */
    size_t root_count = 0;
    for (size_t i = 0; i < n; i++) {
        struct unit_node *parent = node_by_id(by_id, n, tree[i].unit.parent_id);
        if (parent)
            parent->nchildren++;
        else
            root_count++;
    }
    struct unit_node **root_list = arena_calloc(a, root_count ? root_count : 1, sizeof *root_list);
    for (size_t i = 0; i < n; i++)
        if (tree[i].nchildren)
            tree[i].children = arena_calloc(a, tree[i].nchildren, sizeof *tree[i].children);
    size_t *filled_children = xcalloc(n ? n : 1, sizeof *filled_children);
    size_t nroot = 0;
    for (size_t i = 0; i < n; i++) {
        struct unit_node *parent = node_by_id(by_id, n, tree[i].unit.parent_id);
        if (parent) {
            size_t p = (size_t)(parent - tree);
            parent->children[filled_children[p]++] = &tree[i];
        } else {
            root_list[nroot++] = &tree[i];
        }
    }
    free(filled_children);

    rc = headcounts ? db_prepare(db,
                                 "SELECT unit_id, count(*) FROM people WHERE status = '1'"
                                 " AND unit_id IS NOT NULL GROUP BY unit_id",
                                 &st)
                    : 1;
    if (rc == 0) {
        while ((rc = db_step(st)) == DB_ROW) {
            struct unit_node *node = node_by_id(by_id, n, db_column_int(st, 0));
            if (node)
                node->headcount = db_column_int(st, 1);
        }
        db_finalize(st);
    }
    struct establishment_row *rows = NULL;
    size_t nrows = 0;
    if (rc >= 0 && (rc = db_prepare(db, ESTABLISHMENT_SQL("", ""), &st)) == 0)
        rc = read_establishment(st, a, &rows, &nrows);
    if (rc >= 0) {
        for (size_t i = 0; i < nrows;) {
            size_t j = i;
            while (j < nrows && rows[j].unit_id == rows[i].unit_id)
                j++;
            struct unit_node *node = node_by_id(by_id, n, rows[i].unit_id);
            if (node)
                attach_establishment(node, rows + i, j - i, a);
            i = j;
        }
        for (size_t i = 0; i < nroot; i++)
            sum_headcount(root_list[i]);
        *roots = root_list;
        *nroots = nroot;
        rc = 0;
    }
    free(by_id);
    return rc;
}

/* Appends to `out` the nodes of `nodes` (and, below those not taken, of
 * their children) whose id is one of the scope's units. */
static void collect_scoped(struct unit_node **nodes, size_t n, const struct people_scope *scope,
                           struct unit_node **out, size_t *nout, size_t cap)
{
    for (size_t i = 0; i < n; i++) {
        bool in = false;
        for (size_t k = 0; k < scope->nunits; k++)
            in = in || scope->unit_ids[k] == nodes[i]->unit.id;
        if (in && *nout < cap)
            out[(*nout)++] = nodes[i];
        else if (!in)
            collect_scoped(nodes[i]->children, nodes[i]->nchildren, scope, out, nout, cap);
    }
}

int units_tree(struct db *db, struct arena *a, struct unit_node ***roots, size_t *nroots)
{
    return tree(db, true, a, roots, nroots);
}

static int tree_in(struct db *db, bool headcounts, const struct people_scope *scope,
                   struct arena *a, struct unit_node ***roots, size_t *nroots)
{
    int rc = tree(db, headcounts, a, roots, nroots);
    if (rc < 0 || !scope)
        return rc;
    struct unit_node **all = *roots;
    size_t nall = *nroots;
    *roots = arena_calloc(a, scope->nunits + 1, sizeof **roots);
    *nroots = 0;
    collect_scoped(all, nall, scope, *roots, nroots, scope->nunits);
    return 0;
}

int units_tree_in(struct db *db, const struct people_scope *scope, struct arena *a,
                  struct unit_node ***roots, size_t *nroots)
{
    return tree_in(db, true, scope, a, roots, nroots);
}

int units_tree_establishment_in(struct db *db, const struct people_scope *scope, struct arena *a,
                                struct unit_node ***roots, size_t *nroots)
{
    return tree_in(db, false, scope, a, roots, nroots);
}

int units_get(struct db *db, long long id, struct arena *a, struct unit_node *out)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT " UNIT_COLUMNS " FROM units WHERE id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st);
    if (rc == DB_ROW)
        read_unit(st, a, &out->unit);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (rc != DB_ROW)
        return ERR_NOT_FOUND;

    rc = db_prepare(db, "SELECT count(*) FROM people WHERE unit_id = ? AND status = '1'", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    if ((rc = db_step(st)) == DB_ROW)
        out->headcount = db_column_int(st, 0);
    db_finalize(st);
    if (rc < 0)
        return rc;

    rc = db_prepare(db,
                    SUBTREE_CTE "SELECT count(*) FROM people WHERE status = '1'"
                                " AND unit_id IN (SELECT id FROM sub)",
                    &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    if ((rc = db_step(st)) == DB_ROW)
        out->headcount_total = db_column_int(st, 0);
    db_finalize(st);
    if (rc < 0)
        return rc;

    rc = db_prepare(db, ESTABLISHMENT_SQL(" WHERE unit_id = ?", " AND unit_id = ?"), &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, id);
    struct establishment_row *rows;
    size_t nrows;
    if ((rc = read_establishment(st, a, &rows, &nrows)) < 0)
        return rc;
    attach_establishment(out, rows, nrows, a);
    return 0;
}

bool units_exists(struct db *db, long long id)
{
    long long found = 0;
    struct db_stmt *st;
    if (db_prepare(db, "SELECT 1 FROM units WHERE id = ?", &st) < 0)
        return false;
    db_bind_int(st, 1, id);
    if (db_step(st) == DB_ROW)
        found = 1;
    db_finalize(st);
    return found != 0;
}

static int write_establishment(struct db *db, long long unit_id,
                               const struct unit_establishment *est, size_t n)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "DELETE FROM unit_establishment WHERE unit_id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, unit_id);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0 || n == 0)
        return rc < 0 ? rc : 0;
    rc = db_prepare(
        db, "INSERT INTO unit_establishment (unit_id, post_level, count) VALUES (?, ?, ?)", &st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n && rc >= 0; i++) {
        db_bind_int(st, 1, unit_id);
        db_bind_text(st, 2, est[i].post_level);
        db_bind_int(st, 3, est[i].count);
        rc = db_step(st);
        db_reset(st);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static void bind_parent(struct db_stmt *st, int i, long long parent_id)
{
    if (parent_id > 0)
        db_bind_int(st, i, parent_id);
    else
        db_bind_null(st, i);
}

int units_insert(struct db *db, struct unit *u, const struct unit_establishment *est, size_t n)
{
    if (u->parent_id > 0 && !units_exists(db, u->parent_id))
        return ERR_INVALID;
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO units (parent_id, name, kind, code, sort, notes, created_at,"
                        " updated_at, function) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        &st);
    if (rc < 0)
        return rc;
    char now[21];
    store_now(now);
    bind_parent(st, 1, u->parent_id);
    db_bind_text(st, 2, u->name);
    db_bind_text(st, 3, u->kind);
    db_bind_text(st, 4, u->code);
    db_bind_int(st, 5, u->sort);
    db_bind_text(st, 6, u->notes);
    db_bind_text(st, 7, now);
    db_bind_text(st, 8, now);
    db_bind_text(st, 9, u->function);
    rc = db_step_id(st, &u->id);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = write_establishment(db, u->id, est, n)) < 0)
        return rc;
    /* A new unit can be a list's filter or change include_sub's subtree. */
    return roster_index_bump(db);
}

/* True when `ancestor` is `id` itself or lies above it. */
static int is_within(struct db *db, long long id, long long ancestor, bool *within)
{
    *within = false;
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "WITH RECURSIVE up(id) AS (SELECT id FROM units WHERE id = ?"
                        " UNION SELECT u.parent_id FROM units u JOIN up ON u.id = up.id"
                        " WHERE u.parent_id IS NOT NULL)"
                        " SELECT 1 FROM up WHERE id = ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, ancestor);
    rc = db_step(st);
    *within = rc == DB_ROW;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int units_update(struct db *db, const struct unit *u, const struct unit_establishment *est,
                 size_t n)
{
    if (!units_exists(db, u->id))
        return ERR_NOT_FOUND;
    if (u->parent_id > 0) {
        if (!units_exists(db, u->parent_id))
            return ERR_INVALID;
        /* The new parent may not be the unit itself or one of its
         * descendants: the unit must not appear among the parent's ancestors. */
        bool cycle;
        int rc = is_within(db, u->parent_id, u->id, &cycle);
        if (rc < 0)
            return rc;
        if (cycle)
            return ERR_CONFLICT;
    }
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "UPDATE units SET parent_id = ?, name = ?, kind = ?, code = ?, sort = ?,"
                        " notes = ?, updated_at = ?, function = ? WHERE id = ?",
                        &st);
    if (rc < 0)
        return rc;
    char now[21];
    bind_parent(st, 1, u->parent_id);
    db_bind_text(st, 2, u->name);
    db_bind_text(st, 3, u->kind);
    db_bind_text(st, 4, u->code);
    db_bind_int(st, 5, u->sort);
    db_bind_text(st, 6, u->notes);
    db_bind_text(st, 7, store_now(now));
    db_bind_text(st, 8, u->function);
    db_bind_int(st, 9, u->id);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (est && (rc = write_establishment(db, u->id, est, n)) < 0)
        return rc;
    /* Parent, sort and name decide include_sub and the "unit" sort. */
    return roster_index_bump(db);
}

/* What still refers to a unit, checked before deleting it, with the
 * message (around the count) that tells the user what to move first. */
static const struct {
    const char *sql;
    const char *before, *after;
} unit_references[] = {
    {"SELECT count(*) FROM people WHERE unit_id = ?", "该单位下还有 ", " 名干部，不能删除"},
    {"SELECT count(*) FROM units WHERE parent_id = ?", "该单位下还有 ", " 个下级单位，不能删除"},
    {"SELECT count(*) FROM career WHERE unit_id = ?", "还有 ", " 条任职经历记录在该单位，不能删除"},
    {"SELECT count(*) FROM user_roles WHERE unit_id = ?", "还有 ",
     " 个用户角色的管理范围是该单位，不能删除"},
};

int units_delete(struct db *db, long long id, const char **why)
{
    /* The reason carries a count, so it lives in a per-thread buffer: valid
     * until this thread's next units_delete (each server thread owns its
     * connection and its request). */
    static _Thread_local char reason[160];
    *why = NULL;
    if (!units_exists(db, id))
        return ERR_NOT_FOUND;
    for (size_t i = 0; i < sizeof unit_references / sizeof *unit_references; i++) {
        long long count;
        struct db_stmt *st;
        int rc = db_prepare(db, unit_references[i].sql, &st);
        if (rc < 0)
            return rc;
        db_bind_int(st, 1, id);
        rc = db_step(st);
        count = rc == DB_ROW ? db_column_int(st, 0) : 0;
        db_finalize(st);
        if (rc < 0)
            return rc;
        if (count > 0) {
            snprintf(reason, sizeof reason, "%s%lld%s", unit_references[i].before, count,
                     unit_references[i].after);
            *why = reason;
            return ERR_CONFLICT;
        }
    }
    struct db_stmt *st;
    int rc = db_prepare(db, "DELETE FROM units WHERE id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st);
    db_finalize(st);
    if (rc == ERR_CONFLICT)
        *why = "该单位仍被其他记录引用，不能删除";
    return rc < 0 ? rc : roster_index_bump(db);
}

/* ---- finding by name or path ---- */

#define MAX_SEGMENTS 16

/* Splits `path` at "/", "／" (U+FF0F) and "-" into trimmed, non-empty
 * segments copied into `a`. Returns how many (0 when there are more than
 * MAX_SEGMENTS). */
static size_t split_path(const char *path, struct arena *a, const char **segments)
{
    size_t n = 0;
    const char *p = path;
    for (;;) {
        const char *start = p;
        size_t sep = 0;
        while (*p) {
            if (*p == '/' || *p == '-') {
                sep = 1;
                break;
            }
            if (strncmp(p, "\xEF\xBC\x8F", 3) == 0) {
                sep = 3;
                break;
            }
            p++;
        }
        const char *end = p;
        while (start < end && *start == ' ')
            start++;
        while (end > start && end[-1] == ' ')
            end--;
        if (end > start) {
            if (n == MAX_SEGMENTS)
                return 0;
            segments[n++] = arena_strndup(a, start, (size_t)(end - start));
        }
        if (!sep)
            return n;
        p += sep;
    }
}

/* Units named `name`: up to 2 ids (enough to tell unique from ambiguous)
 * and how many there are in `*count`. `parent` restricts to one parent
 * (0 = roots) unless negative. */
static int units_named(struct db *db, const char *name, long long parent, long long *id, int *count)
{
    *count = 0;
    *id = 0;
    struct db_stmt *st;
    int rc;
    if (parent < 0)
        rc = db_prepare(db, "SELECT id FROM units WHERE name = ? ORDER BY id", &st);
    else if (parent == 0)
        rc = db_prepare(db, "SELECT id FROM units WHERE name = ? AND parent_id IS NULL", &st);
    else
        rc = db_prepare(db, "SELECT id FROM units WHERE name = ? AND parent_id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, name);
    if (parent > 0)
        db_bind_int(st, 2, parent);
    while ((rc = db_step(st)) == DB_ROW) {
        if (++*count == 1)
            *id = db_column_int(st, 0);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* The parent of unit `id`: its id and name, or `*parent` 0 for a root. */
static int unit_parent(struct db *db, long long id, long long *parent, const char **name,
                       struct arena *a)
{
    *parent = 0;
    *name = NULL;
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT p.id, p.name FROM units c JOIN units p ON p.id = c.parent_id"
                        " WHERE c.id = ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st);
    if (rc == DB_ROW) {
        *parent = db_column_int(st, 0);
        *name = arena_strdup(a, db_column_text(st, 1));
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* True when the names of the units above `id` end with segments[0..n),
 * nearest last. */
static int ancestors_match(struct db *db, long long id, const char **segments, size_t n,
                           struct arena *a, bool *match)
{
    *match = false;
    long long current = id;
    for (size_t i = n; i-- > 0;) {
        long long parent;
        const char *name;
        int rc = unit_parent(db, current, &parent, &name, a);
        if (rc < 0)
            return rc;
        if (parent == 0 || strcmp(name, segments[i]) != 0)
            return 0;
        current = parent;
    }
    *match = true;
    return 0;
}

static int find_path(struct db *db, const char **segments, size_t n, struct arena *a, long long *id)
{
    /* From a root down: sibling names are unique, so this is unambiguous. */
    long long parent = 0, found = 0;
    int count = 0, rc = 0;
    for (size_t i = 0; i < n; i++) {
        if ((rc = units_named(db, segments[i], parent, &found, &count)) < 0)
            return rc;
        if (count == 0)
            break;
        parent = found;
    }
    if (count > 0) {
        *id = found;
        return 0;
    }
    /* Else a path that starts below a root ("办公室/综合科"): every unit with
     * the last name whose ancestors carry the earlier names. */
    struct db_stmt *st;
    rc = db_prepare(db, "SELECT id FROM units WHERE name = ? ORDER BY id", &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, segments[n - 1]);
    size_t cap = 8, ncandidates = 0;
    long long *candidates = arena_calloc(a, cap, sizeof *candidates);
    while ((rc = db_step(st)) == DB_ROW) {
        if (ncandidates == cap) {
            long long *more = arena_calloc(a, cap * 2, sizeof *more);
            memcpy(more, candidates, ncandidates * sizeof *more);
            candidates = more;
            cap *= 2;
        }
        candidates[ncandidates++] = db_column_int(st, 0);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    int matches = 0;
    for (size_t i = 0; i < ncandidates; i++) {
        bool match;
        if ((rc = ancestors_match(db, candidates[i], segments, n - 1, a, &match)) < 0)
            return rc;
        if (match && ++matches == 1)
            *id = candidates[i];
    }
    if (matches == 0)
        return ERR_NOT_FOUND;
    return matches == 1 ? 0 : ERR_CONFLICT;
}

int units_find(struct db *db, const char *name_or_path, long long *id)
{
    *id = 0;
    if (!name_or_path)
        return ERR_NOT_FOUND;
    /* The whole text as one name first: a name may itself hold a "-". */
    int count, rc;
    if ((rc = units_named(db, name_or_path, -1, id, &count)) < 0)
        return rc;
    if (count == 1)
        return 0;
    if (count > 1) {
        *id = 0;
        return ERR_CONFLICT;
    }
    struct arena *a = arena_new();
    const char *segments[MAX_SEGMENTS];
    size_t n = split_path(name_or_path, a, segments);
    if (n == 0) {
        rc = ERR_NOT_FOUND;
    } else if (n == 1) {
        if ((rc = units_named(db, segments[0], -1, id, &count)) == 0)
            rc = count == 1 ? 0 : count == 0 ? ERR_NOT_FOUND : ERR_CONFLICT;
    } else {
        rc = find_path(db, segments, n, a, id);
    }
    if (rc != 0)
        *id = 0;
    arena_free(a);
    return rc;
}

const char *units_path(struct db *db, long long id, struct arena *a)
{
    struct db_stmt *st;
    /* Depth-limited so that a cycle slipped into the data cannot loop. */
    if (db_prepare(db,
                   "WITH RECURSIVE up(id, parent_id, name, depth) AS ("
                   " SELECT id, parent_id, name, 0 FROM units WHERE id = ?"
                   " UNION ALL SELECT u.id, u.parent_id, u.name, up.depth + 1"
                   " FROM units u JOIN up ON u.id = up.parent_id WHERE up.depth < 64)"
                   " SELECT name FROM up ORDER BY depth DESC",
                   &st) < 0)
        return NULL;
    db_bind_int(st, 1, id);
    size_t len = 0;
    char *path = NULL;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        const char *name = db_column_text(st, 0);
        char *joined = path ? arena_sprintf(a, "%s/%s", path, name) : arena_strdup(a, name);
        path = joined;
        len++;
    }
    db_finalize(st);
    return rc < 0 || len == 0 ? NULL : path;
}

const char *units_name(struct db *db, long long id, struct arena *a)
{
    struct db_stmt *st;
    if (db_prepare(db, "SELECT name FROM units WHERE id = ?", &st) < 0)
        return NULL;
    db_bind_int(st, 1, id);
    const char *name = db_step(st) == DB_ROW ? arena_strdup(a, db_column_text(st, 0)) : NULL;
    db_finalize(st);
    return name;
}
