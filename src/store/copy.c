/* copy.c — `cadre migrate-db`: a whole cadre database copied into an empty
 * one, table by table in multi-row INSERTs (a round trip per batch, not per
 * row), with explicit ids, then every table's row count and checksum
 * compared on both sides. */
#include "store/copy.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

/* Rows per INSERT, and bound values per INSERT (PostgreSQL takes at most
 * 65535 parameters, SQLite 32766 by default). */
#define BATCH_ROWS 200
#define BATCH_VALUES 30000

struct names {
    char **v;
    int n;
};

static int add_name(void *arg, const char *name)
{
    struct names *t = arg;
    t->v = xrealloc(t->v, (size_t)(t->n + 1) * sizeof *t->v);
    t->v[t->n++] = xstrdup(name);
    return 0;
}

static void free_names(struct names *t)
{
    for (int i = 0; i < t->n; i++)
        free(t->v[i]);
    free(t->v);
}

/* The INSERT of `rows` rows of `ncols` columns into `table`. Owned. */
static char *insert_sql(const char *table, char **cols, int ncols, int rows)
{
    struct strbuf sb = {0};
    strbuf_printf(&sb, "INSERT INTO %s (", table);
    for (int c = 0; c < ncols; c++)
        strbuf_printf(&sb, "%s%s", c ? ", " : "", cols[c]);
    strbuf_puts(&sb, ") VALUES ");
    for (int r = 0; r < rows; r++) {
        strbuf_puts(&sb, r ? ", (" : "(");
        for (int c = 0; c < ncols; c++)
            strbuf_puts(&sb, c ? ", ?" : "?");
        strbuf_puts(&sb, ")");
    }
    return strbuf_detach(&sb);
}

/* The SELECT of every column of `table` in one total order (every column,
 * so that both engines give the same order; text compares by bytes). */
static char *select_sql(const char *table, char **cols, int ncols)
{
    struct strbuf sb = {0};
    strbuf_puts(&sb, "SELECT ");
    for (int c = 0; c < ncols; c++)
        strbuf_printf(&sb, "%s%s", c ? ", " : "", cols[c]);
    strbuf_printf(&sb, " FROM %s ORDER BY ", table);
    for (int c = 0; c < ncols; c++)
        strbuf_printf(&sb, "%s%d", c ? ", " : "", c + 1);
    return strbuf_detach(&sb);
}

/* The column names of `table` in `db` (from an empty read of it). */
static int columns_of(struct db *db, const char *table, struct names *cols)
{
    char *sql = xasprintf("SELECT * FROM %s WHERE 1 = 0", table);
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    free(sql);
    if (rc < 0)
        return rc;
    rc = db_step(st);
    for (int c = 0; rc >= 0 && c < db_column_count(st); c++)
        add_name(cols, db_column_name(st, c));
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Counts and hashes the rows of `table` in `db` (columns `cols`): each
 * value as text after a separator and a NULL marker, as the audit chain
 * hashes its columns. */
static int summarize(struct db *db, const char *table, struct names *cols, long long *rows,
                     char out[65])
{
    char *sql = select_sql(table, cols->v, cols->n);
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    free(sql);
    if (rc < 0)
        return rc;
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, 32);
    *rows = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        (*rows)++;
        for (int c = 0; c < cols->n; c++) {
            const char *v = db_column_text(st, c);
            /* A fraction reads "95.0" from SQLite and "95" from PostgreSQL:
             * numbers with a point or exponent are hashed as %.17g. */
            char num[40];
            if (v && (strchr(v, '.') || strchr(v, 'e'))) {
                char *end;
                double d = strtod(v, &end);
                if (end != v && *end == '\0') {
                    snprintf(num, sizeof num, "%.17g", d);
                    v = num;
                }
            }
            const unsigned char sep[2] = {0x1f, v ? 1 : 0};
            crypto_generichash_update(&h, sep, sizeof sep);
            if (v)
                crypto_generichash_update(&h, (const unsigned char *)v, strlen(v));
        }
        crypto_generichash_update(&h, (const unsigned char *)"\x1e", 1);
    }
    db_finalize(st);
    unsigned char bin[32];
    crypto_generichash_final(&h, bin, sizeof bin);
    sodium_bin2hex(out, 65, bin, sizeof bin);
    return rc < 0 ? rc : 0;
}

/* Copies the rows of `table` from `from` into `to`, in batches. */
static int copy_table(struct db *from, struct db *to, const char *table, struct names *cols)
{
    int per_batch = BATCH_VALUES / (cols->n ? cols->n : 1);
    if (per_batch > BATCH_ROWS)
        per_batch = BATCH_ROWS;
    if (per_batch < 1)
        per_batch = 1;
    char *sql = select_sql(table, cols->v, cols->n);
    struct db_stmt *src;
    int rc = db_prepare(from, sql, &src);
    free(sql);
    if (rc < 0)
        return rc;
    /* The rows of one batch are kept as text until it is full. */
    char **vals = xcalloc((size_t)per_batch * (size_t)cols->n, sizeof *vals);
    int have = 0;
    for (;;) {
        int step = db_step(src);
        if (step < 0) {
            rc = step;
            break;
        }
        if (step == DB_ROW) {
            for (int c = 0; c < cols->n; c++) {
                const char *v = db_column_text(src, c);
                vals[have * cols->n + c] = v ? xstrdup(v) : NULL;
            }
            have++;
        }
        if (have == per_batch || (step == DB_DONE && have > 0)) {
            char *ins = insert_sql(table, cols->v, cols->n, have);
            struct db_stmt *st;
            rc = db_prepare(to, ins, &st);
            free(ins);
            if (rc >= 0) {
                for (int i = 0; i < have * cols->n; i++)
                    db_bind_text(st, i + 1, vals[i]);
                rc = db_step(st);
                db_finalize(st);
            }
            for (int i = 0; i < have * cols->n; i++) {
                free(vals[i]);
                vals[i] = NULL;
            }
            have = 0;
            if (rc < 0)
                break;
        }
        if (step == DB_DONE) {
            rc = 0;
            break;
        }
    }
    db_finalize(src);
    free(vals);
    return rc < 0 ? rc : db_identity_sync(to, table);
}

int store_copy(struct db *from, struct db *to, struct store_copy_report *report, char **msg)
{
    *msg = NULL;
    memset(report, 0, sizeof *report);
    struct names existing = {0}, tables = {0};
    int rc = db_tables(to, add_name, &existing);
    int nexisting = existing.n;
    free_names(&existing);
    if (rc < 0) {
        *msg = xasprintf("无法读取目标数据库：%s", db_errmsg(to));
        return rc;
    }
    if (nexisting > 0) {
        *msg = xasprintf("目标数据库不是空的（已有 %d 张表），未作任何修改", nexisting);
        return ERR_CONFLICT;
    }
    if ((rc = store_migrate(to, msg)) < 0)
        return rc;
    if ((rc = db_tables(from, add_name, &tables)) < 0) {
        *msg = xasprintf("无法读取源数据库：%s", db_errmsg(from));
        free_names(&tables);
        return rc;
    }
    /* One transaction on each side: the source read as one snapshot, the
     * target written all or nothing; referential checks and triggers (the
     * audit log's refusal of DELETE, the row versions) are off while the
     * rows are copied as they are (db_bulk_load). */
    if ((rc = db_begin_read(from)) < 0 || (rc = db_begin(to)) < 0 ||
        (rc = db_bulk_load(to, true)) < 0) {
        *msg = xasprintf("无法开始复制：%s", db_errmsg(to));
        goto out;
    }
    /* Every table emptied before any is filled: a cascading DELETE of what
     * the migrations seeded must not reach rows already copied. */
    for (int t = 0; t < tables.n; t++) {
        char *del = xasprintf("DELETE FROM %s", tables.v[t]);
        if ((rc = db_exec(to, del)) < 0)
            *msg = xasprintf("无法清空目标表 %s：%s", tables.v[t], db_errmsg(to));
        free(del);
        if (rc < 0)
            goto out;
    }
    for (int t = 0; t < tables.n; t++) {
        struct names cols = {0};
        const char *name = tables.v[t];
        if ((rc = columns_of(from, name, &cols)) < 0 ||
            (rc = copy_table(from, to, name, &cols)) < 0)
            *msg = xasprintf("复制表 %s 失败：%s", name, db_errmsg(to));
        free_names(&cols);
        if (rc < 0)
            goto out;
    }
    if ((rc = db_bulk_load(to, false)) < 0 || (rc = db_commit(to)) < 0) {
        *msg = xasprintf("无法提交复制：%s", db_errmsg(to));
        goto out;
    }
    db_rollback(from);
    /* Both sides read again: the same rows, table by table. */
    report->tables = xcalloc((size_t)tables.n, sizeof *report->tables);
    for (int t = 0; t < tables.n && rc == 0; t++) {
        struct store_copy_table *r = &report->tables[report->ntables++];
        struct names cols = {0};
        long long n_to = 0;
        char sum_to[65];
        snprintf(r->name, sizeof r->name, "%s", tables.v[t]);
        if ((rc = columns_of(from, r->name, &cols)) < 0 ||
            (rc = summarize(from, r->name, &cols, &r->rows, r->checksum)) < 0 ||
            (rc = summarize(to, r->name, &cols, &n_to, sum_to)) < 0)
            *msg = xasprintf("无法校验表 %s：%s", r->name, db_errmsg(to));
        else if (n_to != r->rows || strcmp(sum_to, r->checksum) != 0) {
            *msg = xasprintf("校验失败：表 %s 源 %lld 行，目标 %lld 行%s", r->name, r->rows, n_to,
                             n_to == r->rows ? "，内容校验和不同" : "");
            rc = ERR_CONFLICT;
        }
        free_names(&cols);
    }
out:
    if (db_in_transaction(to))
        db_rollback(to);
    if (db_in_transaction(from))
        db_rollback(from);
    free_names(&tables);
    return rc;
}

void store_copy_report_free(struct store_copy_report *report)
{
    if (!report)
        return;
    free(report->tables);
    report->tables = NULL;
    report->ntables = 0;
}
