/* pg.c — the PostgreSQL driver behind db.h (struct db_driver), on libpq:
 * `?` (and `?NNN`) placeholders translated to $1..$n once at prepare
 * time, server-side
 * prepared statements (db.c caches them per connection), SQLSTATEs mapped
 * to err codes, and the transaction discipline of docs/postgresql.md:
 * writers serialized by one transaction-scoped advisory lock at READ
 * COMMITTED (the equivalent of SQLite's BEGIN IMMEDIATE, across every
 * process on the database), readers on a REPEATABLE READ READ ONLY
 * snapshot. */
#include "store/db.h"

#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/err.h"
#include "util/log.h"
#include "util/xmalloc.h"

/* The advisory lock every write transaction takes first: one writer at a
 * time on the database, whichever process (a constant from 'cadre' in
 * ASCII, so that another application on the same database is unlikely to
 * use it by chance). */
#define WRITE_LOCK_KEY "6386967646501"

/* A failed statement or commit of these classes is worth trying again
 * (serialization failure, deadlock), outside a transaction only. */
#define AUTOCOMMIT_RETRIES 3

/* PostgreSQL type oids the driver reads differently (pg_type.h). */
enum { OID_BOOL = 16, OID_BYTEA = 17 };

struct pg_conn {
    PGconn *pg;
    char *conninfo;
    unsigned next_name; /* statement names s1, s2, ... */
    unsigned epoch;     /* raised on reconnect: statements prepare again */
    int changes;        /* rows of the last INSERT/UPDATE/DELETE */
    bool read_only;
    char errmsg[512];
};

struct pg_param {
    char *buf; /* owned, grown as needed */
    size_t cap;
    int len;
    bool null;
    bool binary;
};

struct pg_stmt {
    struct pg_conn *conn;
    char *sql; /* translated, $n placeholders */
    char name[16];
    unsigned epoch; /* conn->epoch it was prepared in */
    bool write;     /* INSERT/UPDATE/DELETE: a savepoint inside a transaction */
    int nparams;
    struct pg_param *params;
    const char **values;
    int *lengths;
    int *formats;
    PGresult *res;  /* the executed statement's rows, or NULL before db_step */
    PGresult *desc; /* the description, for column names before a step */
    int row;
    int nrows;
    unsigned char *blob; /* the last column_blob, PQfreemem */
};

static void remember_error(struct pg_conn *c, const char *what)
{
    snprintf(c->errmsg, sizeof c->errmsg, "%s", what ? what : "");
    size_t n = strlen(c->errmsg);
    while (n && (c->errmsg[n - 1] == '\n' || c->errmsg[n - 1] == ' '))
        c->errmsg[--n] = 0;
}

/* Maps a failed result to an err code (docs/postgresql.md lists them). */
static int map_result(struct pg_conn *c, const PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    remember_error(c, res ? PQresultErrorMessage(res) : PQerrorMessage(c->pg));
    if (!state || PQstatus(c->pg) != CONNECTION_OK) {
        log_warn("database unavailable: %s", c->errmsg);
        return ERR_UNAVAILABLE;
    }
    if (strncmp(state, "23", 2) == 0) /* integrity constraint violation */
        return ERR_CONFLICT;
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || /* serialization, deadlock */
        strcmp(state, "25006") == 0 ||                                /* read-only transaction */
        strcmp(state, "55P03") == 0 ||                                /* lock not available */
        strcmp(state, "57014") == 0 ||                                /* statement timeout */
        strncmp(state, "53", 2) == 0 ||  /* insufficient resources: disk full */
        strncmp(state, "08", 2) == 0 ||  /* connection exception */
        strncmp(state, "57P", 3) == 0) { /* the server shutting down */
        log_warn("database unavailable (%s): %s", state, c->errmsg);
        return ERR_UNAVAILABLE;
    }
    log_error("database error %s: %s", state, c->errmsg);
    return ERR_IO;
}

static bool retryable(const PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    return state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0);
}

static void quiet_notices(void *arg, const char *message)
{
    (void)arg;
    (void)message; /* "relation already exists, skipping" and the like */
}

/* A broken connection (the server restarted, a standby promoted) is opened
 * again, outside a transaction only: the statements then prepare again
 * (epoch). With a multi-host URL and target_session_attrs=read-write, libpq
 * finds the new primary. */
static bool reconnect(struct pg_conn *c)
{
    if (PQstatus(c->pg) == CONNECTION_OK)
        return true;
    PQreset(c->pg);
    if (PQstatus(c->pg) != CONNECTION_OK)
        return false;
    PQsetNoticeProcessor(c->pg, quiet_notices, NULL);
    c->epoch++;
    if (c->read_only) {
        PGresult *r = PQexec(c->pg, "SET default_transaction_read_only = on");
        PQclear(r);
    }
    log_info("database connection opened again");
    return true;
}

static int pg_open(const char *target, void **out, char **msg)
{
    struct pg_conn *c = xcalloc(1, sizeof *c);
    c->conninfo = xasprintf("postgresql://%s", target);
    c->pg = PQconnectdb(c->conninfo);
    if (PQstatus(c->pg) != CONNECTION_OK) {
        *msg =
            xasprintf("无法连接数据库 (cannot connect to PostgreSQL): %s", PQerrorMessage(c->pg));
        PQfinish(c->pg);
        free(c->conninfo);
        free(c);
        return ERR_IO;
    }
    PQsetNoticeProcessor(c->pg, quiet_notices, NULL);
    /* UTF-8 text and ISO dates whatever the server's defaults; UTC, since
     * every time the store writes is UTC text. */
    PGresult *r = PQexec(c->pg, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'");
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (!ok) {
        *msg = xasprintf("无法设置数据库连接: %s", PQerrorMessage(c->pg));
        PQfinish(c->pg);
        free(c->conninfo);
        free(c);
        return ERR_IO;
    }
    *out = c;
    return 0;
}

static void pg_close(void *conn)
{
    struct pg_conn *c = conn;
    if (!c)
        return;
    PQfinish(c->pg);
    free(c->conninfo);
    free(c);
}

static bool in_tx(struct pg_conn *c)
{
    PGTransactionStatusType s = PQtransactionStatus(c->pg);
    return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

/* Runs `sql` (no parameters, one or more statements); a retryable failure
 * outside a transaction is tried again. */
static int run_simple(struct pg_conn *c, const char *sql)
{
    for (int attempt = 0;; attempt++) {
        if (!in_tx(c) && !reconnect(c)) {
            remember_error(c, PQerrorMessage(c->pg));
            return ERR_UNAVAILABLE;
        }
        PGresult *r = PQexec(c->pg, sql);
        ExecStatusType s = PQresultStatus(r);
        if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY) {
            const char *n = PQcmdTuples(r);
            if (n && *n)
                c->changes = atoi(n);
            PQclear(r);
            return 0;
        }
        bool again = attempt < AUTOCOMMIT_RETRIES && !in_tx(c) && retryable(r);
        int rc = map_result(c, r);
        PQclear(r);
        if (!again)
            return rc;
    }
}

static int pg_exec(void *conn, const char *sql)
{
    return run_simple(conn, sql);
}

/* The statement text with `?` numbered $1..$n, quoted strings, quoted
 * names and comments left as they are. Returns owned text; `*n` the count. */
static char *translate(const char *sql, int *n)
{
    size_t len = strlen(sql);
    /* Each '?' becomes at most "$" and 5 digits. */
    char *out = xmalloc(len * 6 + 1);
    size_t o = 0;
    *n = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = sql[i];
        if (ch == '\'' || ch == '"') {
            out[o++] = ch;
            for (i++; i < len; i++) {
                out[o++] = sql[i];
                if (sql[i] == ch) {
                    if (i + 1 < len && sql[i + 1] == ch)
                        out[o++] = sql[++i]; /* a doubled quote */
                    else
                        break;
                }
            }
        } else if (ch == '-' && i + 1 < len && sql[i + 1] == '-') {
            while (i < len && sql[i] != '\n')
                out[o++] = sql[i++];
            if (i < len)
                out[o++] = sql[i];
        } else if (ch == '?' && i + 1 < len && sql[i + 1] >= '1' && sql[i + 1] <= '9') {
            /* ?NNN, SQLite's numbered parameter: the same number. */
            char *end;
            long k = strtol(sql + i + 1, &end, 10);
            o += (size_t)sprintf(out + o, "$%ld", k);
            if (k > *n)
                *n = (int)k;
            i = (size_t)(end - sql) - 1;
        } else if (ch == '?') {
            o += (size_t)sprintf(out + o, "$%d", ++*n);
        } else {
            out[o++] = ch;
        }
    }
    out[o] = 0;
    return out;
}

static bool starts_with_word(const char *sql, const char *word)
{
    while (*sql == ' ' || *sql == '\n' || *sql == '\t' || *sql == '(')
        sql++;
    return strncasecmp(sql, word, strlen(word)) == 0;
}

static int prepare_on_server(struct pg_stmt *st)
{
    struct pg_conn *c = st->conn;
    PGresult *r = PQprepare(c->pg, st->name, st->sql, 0, NULL);
    int rc = 0;
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        rc = map_result(c, r);
        if (rc == ERR_IO) {
            log_error("prepare failed: %s in: %s", c->errmsg, st->sql);
            rc = ERR_INTERNAL;
        }
    }
    PQclear(r);
    st->epoch = c->epoch;
    return rc;
}

static void free_stmt(struct pg_stmt *st)
{
    for (int i = 0; i < st->nparams; i++)
        free(st->params[i].buf);
    free(st->params);
    free(st->values);
    free(st->lengths);
    free(st->formats);
    PQclear(st->res);
    PQclear(st->desc);
    if (st->blob)
        PQfreemem(st->blob);
    free(st->sql);
    free(st);
}

static int pg_prepare(void *conn, const char *sql, void **out)
{
    struct pg_conn *c = conn;
    if (!in_tx(c) && !reconnect(c)) {
        remember_error(c, PQerrorMessage(c->pg));
        return ERR_UNAVAILABLE;
    }
    struct pg_stmt *st = xcalloc(1, sizeof *st);
    st->conn = c;
    st->sql = translate(sql, &st->nparams);
    snprintf(st->name, sizeof st->name, "s%u", ++c->next_name);
    st->write = starts_with_word(sql, "INSERT") || starts_with_word(sql, "UPDATE") ||
                starts_with_word(sql, "DELETE") || starts_with_word(sql, "WITH");
    if (st->nparams) {
        st->params = xcalloc((size_t)st->nparams, sizeof *st->params);
        st->values = xcalloc((size_t)st->nparams, sizeof *st->values);
        st->lengths = xcalloc((size_t)st->nparams, sizeof *st->lengths);
        st->formats = xcalloc((size_t)st->nparams, sizeof *st->formats);
        for (int i = 0; i < st->nparams; i++)
            st->params[i].null = true;
    }
    st->row = -1;
    int rc = prepare_on_server(st);
    if (rc < 0) {
        free_stmt(st);
        return rc;
    }
    *out = st;
    return 0;
}

static void pg_finalize(void *stmt)
{
    struct pg_stmt *st = stmt;
    if (!st)
        return;
    struct pg_conn *c = st->conn;
    /* A failed transaction refuses DEALLOCATE; the name is then left on the
     * server until the connection closes (each name is used once). */
    if (st->epoch == c->epoch && PQstatus(c->pg) == CONNECTION_OK &&
        PQtransactionStatus(c->pg) != PQTRANS_INERROR) {
        char sql[32];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
        PQclear(PQexec(c->pg, sql));
    }
    free_stmt(st);
}

/* Parameter `i` (1-based) to hold `len` bytes (and a terminating NUL). */
static struct pg_param *param(struct pg_stmt *st, int i, size_t len)
{
    if (i < 1 || i > st->nparams) {
        log_error("bind: parameter %d of %d in: %s", i, st->nparams, st->sql);
        abort(); /* our bug, as SQLite's SQLITE_RANGE would be */
    }
    struct pg_param *p = &st->params[i - 1];
    if (p->cap < len + 1) {
        p->cap = len + 1 < 32 ? 32 : len + 1;
        free(p->buf);
        p->buf = xmalloc(p->cap);
    }
    p->null = false;
    p->binary = false;
    return p;
}

static void pg_bind_int(void *stmt, int i, long long v)
{
    struct pg_param *p = param(stmt, i, 24);
    p->len = snprintf(p->buf, p->cap, "%lld", v);
}

static void pg_bind_double(void *stmt, int i, double v)
{
    struct pg_param *p = param(stmt, i, 32);
    p->len = snprintf(p->buf, p->cap, "%.17g", v);
}

static void pg_bind_text(void *stmt, int i, const char *v)
{
    size_t len = strlen(v);
    struct pg_param *p = param(stmt, i, len);
    memcpy(p->buf, v, len + 1);
    p->len = (int)len;
}

static void pg_bind_blob(void *stmt, int i, const void *v, int len)
{
    struct pg_param *p = param(stmt, i, (size_t)(len > 0 ? len : 0));
    if (len > 0)
        memcpy(p->buf, v, (size_t)len);
    p->len = len > 0 ? len : 0;
    p->binary = true;
}

static void pg_bind_null(void *stmt, int i)
{
    struct pg_stmt *st = stmt;
    param(st, i, 0)->null = true;
}

static void clear_result(struct pg_stmt *st)
{
    PQclear(st->res);
    st->res = NULL;
    st->row = -1;
    st->nrows = 0;
    if (st->blob) {
        PQfreemem(st->blob);
        st->blob = NULL;
    }
}

static PGresult *exec_prepared(struct pg_stmt *st)
{
    for (int i = 0; i < st->nparams; i++) {
        struct pg_param *p = &st->params[i];
        st->values[i] = p->null ? NULL : p->buf;
        st->lengths[i] = p->len;
        st->formats[i] = p->binary;
    }
    return PQexecPrepared(st->conn->pg, st->name, st->nparams, st->values, st->lengths, st->formats,
                          0);
}

/* Runs the statement under a savepoint in one round trip (libpq's pipeline
 * mode: SAVEPOINT, the statement, RELEASE, one sync). Returns the
 * statement's result, or the first error when it did not run; `*failed`
 * tells whether to roll back to the savepoint. */
static PGresult *exec_in_savepoint(struct pg_stmt *st, bool *failed)
{
    PGconn *pg = st->conn->pg;
    *failed = true;
    if (!PQenterPipelineMode(pg))
        return PQmakeEmptyPGresult(pg, PGRES_FATAL_ERROR);
    PQsendQueryParams(pg, "SAVEPOINT cadre_stmt", 0, NULL, NULL, NULL, NULL, 0);
    for (int i = 0; i < st->nparams; i++) {
        struct pg_param *p = &st->params[i];
        st->values[i] = p->null ? NULL : p->buf;
        st->lengths[i] = p->len;
        st->formats[i] = p->binary;
    }
    PQsendQueryPrepared(pg, st->name, st->nparams, st->values, st->lengths, st->formats, 0);
    PQsendQueryParams(pg, "RELEASE SAVEPOINT cadre_stmt", 0, NULL, NULL, NULL, NULL, 0);
    PQpipelineSync(pg);
    PGresult *mine = NULL, *first_error = NULL;
    int query = 0; /* 0 the savepoint, 1 the statement, 2 the release */
    for (;;) {
        PGresult *r = PQgetResult(pg);
        if (!r) {
            if (PQstatus(pg) != CONNECTION_OK)
                break;
            query++;
            continue;
        }
        ExecStatusType s = PQresultStatus(r);
        if (s == PGRES_PIPELINE_SYNC) {
            PQclear(r);
            break;
        }
        if (query == 1 && !mine && s != PGRES_PIPELINE_ABORTED)
            mine = r;
        else if (!first_error && s == PGRES_FATAL_ERROR)
            first_error = r;
        else
            PQclear(r);
    }
    PQexitPipelineMode(pg);
    if (mine &&
        (PQresultStatus(mine) == PGRES_TUPLES_OK || PQresultStatus(mine) == PGRES_COMMAND_OK)) {
        *failed = false;
        PQclear(first_error);
        return mine;
    }
    if (mine) {
        PQclear(first_error);
        return mine;
    }
    return first_error ? first_error : PQmakeEmptyPGresult(pg, PGRES_FATAL_ERROR);
}

/* A write inside a transaction runs under a savepoint, so that a failed
 * one (a unique violation the caller answers with a message) leaves the
 * transaction usable, as a failed statement does in SQLite. */
static int execute(struct pg_stmt *st)
{
    struct pg_conn *c = st->conn;
    for (int attempt = 0;; attempt++) {
        bool tx = in_tx(c);
        if (!tx && !reconnect(c)) {
            remember_error(c, PQerrorMessage(c->pg));
            return ERR_UNAVAILABLE;
        }
        if (st->epoch != c->epoch) {
            int rc = prepare_on_server(st);
            if (rc < 0)
                return rc;
        }
        bool savepoint = tx && st->write, failed = false;
        PGresult *r = savepoint ? exec_in_savepoint(st, &failed) : exec_prepared(st);
        ExecStatusType s = PQresultStatus(r);
        if (s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK) {
            const char *n = PQcmdTuples(r);
            if (n && *n)
                c->changes = atoi(n);
            st->res = r;
            st->nrows = s == PGRES_TUPLES_OK ? PQntuples(r) : 0;
            st->row = -1;
            return 0;
        }
        bool again = attempt < AUTOCOMMIT_RETRIES && !tx && retryable(r);
        int rc = map_result(c, r);
        PQclear(r);
        if (savepoint && failed && PQstatus(c->pg) == CONNECTION_OK)
            PQclear(
                PQexec(c->pg, "ROLLBACK TO SAVEPOINT cadre_stmt; RELEASE SAVEPOINT cadre_stmt"));
        if (!again)
            return rc;
    }
}

static int pg_step(void *stmt)
{
    struct pg_stmt *st = stmt;
    if (!st->res) {
        int rc = execute(st);
        if (rc < 0)
            return rc;
    }
    if (st->blob) {
        PQfreemem(st->blob);
        st->blob = NULL;
    }
    if (st->row + 1 < st->nrows) {
        st->row++;
        return DB_ROW;
    }
    st->row = st->nrows;
    return DB_DONE;
}

static const char *value(struct pg_stmt *st, int col)
{
    if (!st->res || st->row < 0 || st->row >= st->nrows || col < 0 || col >= PQnfields(st->res) ||
        PQgetisnull(st->res, st->row, col))
        return NULL;
    return PQgetvalue(st->res, st->row, col);
}

static long long pg_column_int(void *stmt, int col)
{
    struct pg_stmt *st = stmt;
    const char *v = value(st, col);
    if (!v)
        return 0;
    if (PQftype(st->res, col) == OID_BOOL)
        return *v == 't';
    /* A numeric or float value reads as its integer part, as in SQLite. */
    return strchr(v, '.') || strchr(v, 'e') ? (long long)strtod(v, NULL) : strtoll(v, NULL, 10);
}

static double pg_column_double(void *stmt, int col)
{
    struct pg_stmt *st = stmt;
    const char *v = value(st, col);
    if (!v)
        return 0;
    if (PQftype(st->res, col) == OID_BOOL)
        return *v == 't';
    return strtod(v, NULL);
}

static const char *pg_column_text(void *stmt, int col)
{
    struct pg_stmt *st = stmt;
    const char *v = value(st, col);
    if (v && PQftype(st->res, col) == OID_BOOL)
        return *v == 't' ? "1" : "0";
    return v;
}

static const void *pg_column_blob(void *stmt, int col, int *len)
{
    struct pg_stmt *st = stmt;
    *len = 0;
    const char *v = value(st, col);
    if (!v)
        return NULL;
    if (PQftype(st->res, col) != OID_BYTEA) {
        *len = PQgetlength(st->res, st->row, col);
        return v;
    }
    if (st->blob)
        PQfreemem(st->blob);
    size_t n = 0;
    st->blob = PQunescapeBytea((const unsigned char *)v, &n);
    if (!st->blob)
        abort(); /* out of memory */
    *len = (int)n;
    return st->blob;
}

static bool pg_column_is_null(void *stmt, int col)
{
    return value(stmt, col) == NULL;
}

/* The statement's description, for its columns before the first step. */
static const PGresult *described(struct pg_stmt *st)
{
    if (st->res)
        return st->res;
    if (!st->desc)
        st->desc = PQdescribePrepared(st->conn->pg, st->name);
    return st->desc;
}

static int pg_column_count(void *stmt)
{
    const PGresult *r = described(stmt);
    return r ? PQnfields(r) : 0;
}

static const char *pg_column_name(void *stmt, int col)
{
    const PGresult *r = described(stmt);
    return r && col >= 0 && col < PQnfields(r) ? PQfname(r, col) : NULL;
}

static void pg_reset(void *stmt)
{
    struct pg_stmt *st = stmt;
    clear_result(st);
    for (int i = 0; i < st->nparams; i++)
        st->params[i].null = true;
}

/* Writers: READ COMMITTED, after the advisory lock every writer takes, so
 * each statement sees every earlier commit and no two writers interleave
 * (no serialization failure can arise between them). Readers: one
 * REPEATABLE READ snapshot, read only (never a serialization failure). */
static int pg_begin(void *conn, bool write)
{
    return run_simple(conn, write ? "BEGIN ISOLATION LEVEL READ COMMITTED;"
                                    " SELECT pg_advisory_xact_lock(" WRITE_LOCK_KEY ")"
                                  : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

static int pg_commit(void *conn)
{
    struct pg_conn *c = conn;
    PGresult *r = PQexec(c->pg, "COMMIT");
    ExecStatusType s = PQresultStatus(r);
    /* COMMIT of a failed transaction answers ROLLBACK, not an error. */
    const char *tag = PQcmdStatus(r);
    int rc = 0;
    if (s != PGRES_COMMAND_OK)
        rc = map_result(c, r);
    else if (tag && strcmp(tag, "ROLLBACK") == 0) {
        remember_error(c, "transaction failed earlier and was rolled back");
        log_warn("commit: %s", c->errmsg);
        rc = ERR_IO;
    }
    PQclear(r);
    return rc;
}

static void pg_rollback(void *conn)
{
    struct pg_conn *c = conn;
    if (PQstatus(c->pg) == CONNECTION_OK && in_tx(c))
        PQclear(PQexec(c->pg, "ROLLBACK"));
}

static bool pg_in_transaction(void *conn)
{
    return in_tx(conn);
}

static int pg_changes(void *conn)
{
    return ((struct pg_conn *)conn)->changes;
}

static const char *pg_errmsg(void *conn)
{
    struct pg_conn *c = conn;
    return c->errmsg[0] ? c->errmsg : PQerrorMessage(c->pg);
}

/* The server's shared_buffers serve every connection: nothing per handle. */
static int pg_set_cache_kib(void *conn, int kib)
{
    (void)conn;
    (void)kib;
    return 0;
}

static int pg_set_read_only(void *conn)
{
    struct pg_conn *c = conn;
    c->read_only = true;
    return run_simple(c, "SET default_transaction_read_only = on");
}

static int pg_tables(void *conn, int (*fn)(void *arg, const char *name), void *arg)
{
    struct pg_conn *c = conn;
    PGresult *r = PQexec(c->pg, "SELECT tablename::text FROM pg_tables"
                                " WHERE schemaname = current_schema() ORDER BY tablename");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        int rc = map_result(c, r);
        PQclear(r);
        return rc;
    }
    int stop = 0;
    for (int i = 0; i < PQntuples(r) && !stop; i++)
        stop = fn(arg, PQgetvalue(r, i, 0));
    PQclear(r);
    return stop;
}

/* PostgreSQL keeps its own pages consistent (checksums, WAL) and enforces
 * every foreign key as it writes; what is left to ask is that it answers
 * and that no constraint was added without being checked (NOT VALID). */
static int pg_check(void *conn, char **why)
{
    struct pg_conn *c = conn;
    PGresult *r =
        PQexec(c->pg, "SELECT conname::text, conrelid::regclass::text FROM pg_constraint"
                      " WHERE NOT convalidated AND connamespace = current_schema()::regnamespace");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        *why = xasprintf("无法读取数据库：%s", PQresultErrorMessage(r));
        PQclear(r);
        return ERR_INVALID;
    }
    if (PQntuples(r) > 0)
        *why = xasprintf("数据库有未经验证的约束（表 %s 的 %s）", PQgetvalue(r, 0, 1),
                         PQgetvalue(r, 0, 0));
    PQclear(r);
    return *why ? ERR_INVALID : 0;
}

/* A PostgreSQL database is backed up with the server's own tools (pg_dump,
 * or a base backup with WAL archiving: docs/deploy.md), not into a file by
 * a client connection. */
static int pg_backup(void *conn, const char *path)
{
    (void)conn;
    log_error("backup to %s: a PostgreSQL database is backed up with pg_dump or a base backup"
              " with WAL archiving (docs/deploy.md), not by cadre backup",
              path);
    return ERR_IO;
}

/* No log of the handle's own to fold back: WAL belongs to the server. */
static int pg_checkpoint(void *conn)
{
    (void)conn;
    return 0;
}

/* Other processes on a server database are the normal case; it cannot
 * tell without opening it. */
static bool pg_in_use(const char *target)
{
    (void)target;
    return false;
}

/* Rows copied as they are: no trigger (the audit log's refusal, the row
 * versions) and no referential check fires for this transaction. */
static int pg_bulk_load(void *conn, bool on)
{
    return run_simple(conn, on ? "SET LOCAL session_replication_role = replica"
                               : "SET LOCAL session_replication_role = origin");
}

/* The first value of the one-row answer of `sql` with text parameter
 * `param`, owned (NULL for none or NULL). */
static char *first_value(struct pg_conn *c, const char *sql, const char *param)
{
    PGresult *r = PQexecParams(c->pg, sql, param ? 1 : 0, NULL, &param, NULL, NULL, 0);
    char *v = NULL;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
        v = xstrdup(PQgetvalue(r, 0, 0));
    else if (PQresultStatus(r) != PGRES_TUPLES_OK)
        map_result(c, r);
    PQclear(r);
    return v;
}

static int pg_identity_sync(void *conn, const char *table)
{
    struct pg_conn *c = conn;
    char *seq =
        first_value(c,
                    "SELECT pg_get_serial_sequence($1, 'id') FROM pg_attribute"
                    " WHERE attrelid = $1::regclass AND attname = 'id' AND NOT attisdropped",
                    table);
    if (!seq)
        return 0;
    char *sql =
        xasprintf("SELECT setval($1, coalesce((SELECT max(id) FROM %s), 0) + 1, false)", table);
    char *v = first_value(c, sql, seq);
    free(sql);
    free(seq);
    int rc = v ? 0 : ERR_IO;
    free(v);
    return rc;
}

const struct db_driver db_pg_driver = {
    .name = "postgresql",
    .dialect = "postgresql",
    .open = pg_open,
    .close = pg_close,
    .exec = pg_exec,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .bind_int = pg_bind_int,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .column_int = pg_column_int,
    .column_double = pg_column_double,
    .column_text = pg_column_text,
    .column_blob = pg_column_blob,
    .column_is_null = pg_column_is_null,
    .column_count = pg_column_count,
    .column_name = pg_column_name,
    .reset = pg_reset,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .in_transaction = pg_in_transaction,
    .changes = pg_changes,
    .errmsg = pg_errmsg,
    .set_cache_kib = pg_set_cache_kib,
    .set_read_only = pg_set_read_only,
    .tables = pg_tables,
    .check = pg_check,
    .backup = pg_backup,
    .checkpoint = pg_checkpoint,
    .in_use = pg_in_use,
    .bulk_load = pg_bulk_load,
    .identity_sync = pg_identity_sync,
};
