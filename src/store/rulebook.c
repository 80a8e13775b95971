/* rulebook.c — the rule tables' rows in SQL, the statements built from
 * their field descriptions (core/rules.h rules_tables, store/fieldsql.h),
 * seeding from core/rules.c and loading back into a struct rules. */
#include "store/rulebook.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/fieldsql.h"
#include "store/qualify_data.h"
#include "util/arena.h"
#include "util/strbuf.h"

#define NO_ARRAY SIZE_MAX

/* ---- SQL --------------------------------------------------------------- */

/* SELECT of every row of `t` with its confirmation: the id, the columns
 * in column order, then confirmed_by_name and confirmed_at. */
static const char *select_rows(const struct rules_table *t, struct arena *a)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "SELECT r.id, ");
    fieldsql_columns(&sb, &t->kind, "r.");
    /* The table's own name as a literal: it comes from our static tables,
     * never from input, and keeps every `?` of the statement for values. */
    strbuf_printf(&sb,
                  ", c.confirmed_by_name, c.confirmed_at FROM %s r LEFT JOIN rule_confirmation c "
                  "ON c.rule_table = '%s' AND c.row_id = r.id",
                  t->kind.sql_table, t->kind.sql_table);
    const char *sql = arena_strdup(a, strbuf_str(&sb));
    strbuf_release(&sb);
    return sql;
}

/* The current row of a select_rows statement into `out`. */
static void read_row(struct db_stmt *st, const struct rules_table *t, struct rulebook_row *out,
                     struct arena *a)
{
    out->id = db_column_int(st, 0);
    out->rule = rules_table_new_row(t, a);
    int col = fieldsql_read(st, 1, &t->kind, out->rule, a);
    out->confirmed_by = arena_strdup(a, db_column_text(st, col));
    out->confirmed_at = arena_strdup(a, db_column_text(st, col + 1));
    ((struct rules_row *)out->rule)->confirmed = out->confirmed_at != NULL;
}

int rulebook_list(struct db *db, const struct rules_table *t, struct arena *a,
                  struct rulebook_row **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    const char *sql = arena_sprintf(a, "%s ORDER BY r.id", select_rows(t, a));
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    size_t cap = 16, count = 0;
    struct rulebook_row *out = arena_calloc(a, cap, sizeof *out);
    while ((rc = db_step(st)) == DB_ROW) {
        if (count == cap) {
            struct rulebook_row *more = arena_calloc(a, cap * 2, sizeof *out);
            memcpy(more, out, count * sizeof *out);
            out = more;
            cap *= 2;
        }
        read_row(st, t, &out[count], a);
        count++;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    *rows = out;
    *n = count;
    return 0;
}

int rulebook_get(struct db *db, const struct rules_table *t, long long id, struct arena *a,
                 struct rulebook_row *out)
{
    const char *sql = arena_sprintf(a, "%s WHERE r.id = ?", select_rows(t, a));
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st);
    if (rc == DB_ROW)
        read_row(st, t, out, a);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return rc == DB_ROW ? 0 : ERR_NOT_FOUND;
}

int rulebook_insert(struct db *db, const struct rules_table *t, struct rulebook_row *row)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_printf(&sb, "INSERT INTO %s (", t->kind.sql_table);
    size_t n = fieldsql_columns(&sb, &t->kind, "");
    strbuf_puts(&sb, ") VALUES (");
    fieldsql_placeholders(&sb, n);
    strbuf_puts(&sb, ") RETURNING id");
    struct db_stmt *st;
    int rc = db_prepare(db, strbuf_str(&sb), &st);
    strbuf_release(&sb);
    if (rc < 0)
        return rc;
    fieldsql_bind(st, 1, &t->kind, row->rule);
    rc = db_step_id(st, &row->id);
    db_finalize(st);
    return rc < 0 ? rc : qualify_data_bump(db);
}

/* Whether any column of `x` and `y` differs, compared as stored text. */
static bool values_differ(const struct rules_table *t, const void *x, const void *y,
                          struct arena *a)
{
    for (size_t i = 0; i < t->kind.nfields; i++) {
        const char *u = field_get_text(&t->kind.fields[i], x, false, a);
        const char *v = field_get_text(&t->kind.fields[i], y, false, a);
        if ((u == NULL) != (v == NULL) || (u && strcmp(u, v) != 0))
            return true;
    }
    return false;
}

/* Withdraws the confirmation of row `id` when `rule` changes its values. */
static int unconfirm_if_changed(struct db *db, const struct rules_table *t, long long id,
                                const void *rule, struct arena *a)
{
    struct rulebook_row old;
    int rc = rulebook_get(db, t, id, a, &old);
    if (rc < 0 || old.confirmed_at == NULL || !values_differ(t, old.rule, rule, a))
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, "DELETE FROM rule_confirmation WHERE rule_table = ? AND row_id = ?",
                         &st)) < 0)
        return rc;
    db_bind_text(st, 1, t->kind.sql_table);
    db_bind_int(st, 2, id);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int rulebook_confirm(struct db *db, const struct rules_table *t, long long id, long long user_id,
                     const char *user_name, const char *at)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO rule_confirmation (rule_table, row_id, confirmed_by, "
                        "confirmed_by_name, confirmed_at) VALUES (?, ?, ?, ?, ?)",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, t->kind.sql_table);
    db_bind_int(st, 2, id);
    if (user_id > 0)
        db_bind_int(st, 3, user_id);
    else
        db_bind_null(st, 3);
    db_bind_text(st, 4, user_name ? user_name : "");
    db_bind_text(st, 5, at);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : qualify_data_bump(db);
}

int rulebook_update(struct db *db, const struct rules_table *t, const struct rulebook_row *row)
{
    struct arena *a = arena_new();
    int unconfirmed = unconfirm_if_changed(db, t, row->id, row->rule, a);
    if (unconfirmed < 0) {
        arena_free(a);
        return unconfirmed;
    }
    struct strbuf sb = STRBUF_INIT;
    strbuf_printf(&sb, "UPDATE %s SET ", t->kind.sql_table);
    fieldsql_assignments(&sb, &t->kind);
    strbuf_puts(&sb, " WHERE id = ?");
    struct db_stmt *st;
    int rc = db_prepare(db, strbuf_str(&sb), &st);
    strbuf_release(&sb);
    if (rc == 0) {
        int next = fieldsql_bind(st, 1, &t->kind, row->rule);
        db_bind_int(st, next, row->id);
        rc = db_step(st);
        db_finalize(st);
        if (rc >= 0)
            rc = db_changes(db) == 0 ? ERR_NOT_FOUND : qualify_data_bump(db);
    }
    arena_free(a);
    return rc;
}

/* ---- seed and load ----------------------------------------------------- */

static const void *rules_array(const struct rules *r, const struct rules_table *t, size_t *n)
{
    *n = *(const size_t *)((const char *)r + t->count_offset);
    return *(const void *const *)((const char *)r + t->array_offset);
}

static int table_empty(struct db *db, const struct rules_table *t, bool *empty)
{
    struct arena *a = arena_new();
    long long any = 0;
    int rc = db_query_int(
        db,
        arena_sprintf(a, "SELECT count(*) FROM (SELECT 1 FROM %s LIMIT 1) AS t", t->kind.sql_table),
        &any, 0);
    arena_free(a);
    *empty = any == 0;
    return rc;
}

/* The seeded settings row of female_county_at_60. */
static struct rules_setting seed_setting(const struct rules *seed)
{
    return (struct rules_setting){{"setting.female_county_at_60", "组通字〔2015〕14号（待核实）",
                                   RULES_REC, DATE_NONE, DATE_NONE},
                                  "female_county_at_60",
                                  seed->female_county_at_60 ? 1 : 0};
}

int rulebook_seed(struct db *db)
{
    const struct rules *seed = rules_seed();
    int rc = db_begin(db);
    if (rc < 0)
        return rc;
    size_t ntables;
    const struct rules_table *tables = rules_tables(&ntables);
    for (size_t i = 0; i < ntables && rc == 0; i++) {
        const struct rules_table *t = &tables[i];
        bool empty;
        if ((rc = table_empty(db, t, &empty)) < 0 || !empty)
            continue;
        if (t->array_offset == NO_ARRAY) {
            struct rules_setting s = seed_setting(seed);
            struct rulebook_row row = {0, &s};
            rc = rulebook_insert(db, t, &row);
            continue;
        }
        size_t n;
        const char *array = rules_array(seed, t, &n);
        for (size_t k = 0; k < n && rc == 0; k++) {
            struct rulebook_row row = {0, (void *)(array + k * t->kind.struct_size)};
            rc = rulebook_insert(db, t, &row);
        }
    }
    if (rc < 0) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db);
}

int rulebook_load(struct db *db, struct arena *a, struct rules **out)
{
    struct rules *r = rules_copy(a, rules_seed());
    size_t ntables;
    const struct rules_table *tables = rules_tables(&ntables);
    for (size_t i = 0; i < ntables; i++) {
        const struct rules_table *t = &tables[i];
        struct rulebook_row *rows;
        size_t n;
        int rc = rulebook_list(db, t, a, &rows, &n);
        if (rc < 0)
            return rc;
        if (t->array_offset == NO_ARRAY) {
            for (size_t k = 0; k < n; k++) {
                const struct rules_setting *s = rows[k].rule;
                if (s->key && strcmp(s->key, "female_county_at_60") == 0)
                    r->female_county_at_60 = s->value != 0;
            }
            continue;
        }
        char *array = n ? arena_alloc(a, n * t->kind.struct_size) : NULL;
        for (size_t k = 0; k < n; k++)
            memcpy(array + k * t->kind.struct_size, rows[k].rule, t->kind.struct_size);
        *(const void **)((char *)r + t->array_offset) = array;
        *(size_t *)((char *)r + t->count_offset) = n;
    }
    *out = r;
    return 0;
}
