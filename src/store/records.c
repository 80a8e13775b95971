/* records.c — one generic load/save for every kind of record kept under a
 * person, its SQL built once per kind from the kind's field table. */
#include "store/records.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "store/fieldsql.h"
#include "store/people.h"
#include "store/qualify_changes.h"
#include "store/qualify_data.h"
#include "store/rowmac.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/log.h"
#include "util/strbuf.h"

/* The statements of one kind, built by store/fieldsql.h. Columns: id,
 * person_id, then the stored fields in order; parameters of insert:
 * person_id, fields; of update: fields, id, person_id. */
struct kind_sql {
    const struct record_kind *kind;
    char *select_list, *select_one, *insert, *update, *remove;
};

/* Enough for the kinds of core/records.h, with room for more. */
#define MAX_KINDS 16

static struct kind_sql kind_cache[MAX_KINDS];
static size_t nkind_cache;
static pthread_mutex_t kind_cache_lock = PTHREAD_MUTEX_INITIALIZER;

/* The order records are listed in: by start date (career, education), by
 * year (assessments), else by the kind's first date; always then by id.
 * Absent dates last. */
static void append_order(struct strbuf *sb, const struct record_kind *kind)
{
    const struct field_def *key = fields_find(kind, "start_date");
    if (!key)
        key = fields_find(kind, "year");
    for (size_t i = 0; !key && i < kind->nfields; i++)
        if (kind->fields[i].type == FIELD_DATE)
            key = &kind->fields[i];
    strbuf_puts(sb, " ORDER BY ");
    if (key)
        strbuf_printf(sb, "%s NULLS LAST, ", key->name);
    strbuf_puts(sb, "id");
}

static void build_kind_sql(struct kind_sql *k, const struct record_kind *kind)
{
    k->kind = kind;
    struct strbuf columns = STRBUF_INIT, sb = STRBUF_INIT;
    strbuf_puts(&columns, "id, person_id, ");
    size_t nfields = fieldsql_columns(&columns, kind, "");

    strbuf_printf(&sb, "SELECT %s FROM %s WHERE person_id = ?", strbuf_str(&columns),
                  kind->sql_table);
    append_order(&sb, kind);
    k->select_list = strbuf_detach(&sb);

    strbuf_printf(&sb, "SELECT %s FROM %s WHERE id = ? AND person_id = ?", strbuf_str(&columns),
                  kind->sql_table);
    k->select_one = strbuf_detach(&sb);

    strbuf_printf(&sb, "INSERT INTO %s (%s) VALUES (", kind->sql_table,
                  strbuf_str(&columns) + strlen("id, "));
    fieldsql_placeholders(&sb, nfields + 1);
    strbuf_puts(&sb, ") RETURNING id");
    k->insert = strbuf_detach(&sb);

    strbuf_printf(&sb, "UPDATE %s SET ", kind->sql_table);
    fieldsql_assignments(&sb, kind);
    strbuf_puts(&sb, " WHERE id = ? AND person_id = ?");
    k->update = strbuf_detach(&sb);

    strbuf_printf(&sb, "DELETE FROM %s WHERE id = ? AND person_id = ?", kind->sql_table);
    k->remove = strbuf_detach(&sb);
    strbuf_release(&columns);
}

/* The statements of `kind`, built on first use and kept for the life of
 * the process (server threads share them; the lock guards the building). */
static const struct kind_sql *kind_sql(const struct record_kind *kind)
{
    pthread_mutex_lock(&kind_cache_lock);
    const struct kind_sql *found = NULL;
    for (size_t i = 0; i < nkind_cache && !found; i++)
        if (kind_cache[i].kind == kind)
            found = &kind_cache[i];
    if (!found && nkind_cache < MAX_KINDS) {
        build_kind_sql(&kind_cache[nkind_cache], kind);
        found = &kind_cache[nkind_cache++];
    }
    pthread_mutex_unlock(&kind_cache_lock);
    if (!found)
        log_error("records: more than %d record kinds", MAX_KINDS);
    return found;
}

/* Every record struct starts with `long long id, person_id;`. */
static long long *record_id(void *rec)
{
    return (long long *)rec;
}

static long long record_person_id(const void *rec)
{
    return ((const long long *)rec)[1];
}

static bool refreshes_person(const struct record_kind *kind)
{
    return strcmp(kind->sql_table, "career") == 0 || strcmp(kind->sql_table, "education") == 0;
}

/* After any record write: the person's derived columns when the kind feeds
 * them, the MAC of the person's rows of the kind (store/rowmac.h), and
 * always the qualification version with the person logged under it (a
 * 警告 or a 考核 changes verdicts and alerts without changing a roster
 * list; store/qualify_changes.h). */
static int refreshed(struct db *db, const struct record_kind *kind, long long person_id)
{
    int rc = refreshes_person(kind) ? people_refresh_derived(db, person_id) : 0;
    if (rc == 0)
        rc = rowmac_touch(db, kind->sql_table, person_id);
    /* A punishment deleted sets the punishment_id of the declaration check
     * that decided it to NULL (ON DELETE SET NULL): that group changes too. */
    if (rc == 0 && strcmp(kind->sql_table, "punishments") == 0)
        rc = rowmac_touch(db, "declaration_checks", person_id);
    return rc < 0 ? rc : qualify_changes_touch(db, person_id);
}

static void read_record(struct db_stmt *st, const struct kind_sql *k, void *rec, struct arena *a)
{
    memset(rec, 0, k->kind->struct_size);
    long long *ids = rec;
    ids[0] = db_column_int(st, 0);
    ids[1] = db_column_int(st, 1);
    fieldsql_read(st, 2, k->kind, rec, a);
}

int records_list(struct db *db, const struct record_kind *kind, long long person_id,
                 struct arena *a, void **items, size_t *n)
{
    *items = NULL;
    *n = 0;
    const struct kind_sql *k = kind_sql(kind);
    if (!k)
        return ERR_INTERNAL;
    struct db_stmt *st;
    int rc = db_prepare(db, k->select_list, &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, person_id);
    size_t cap = 8, count = 0, size = kind->struct_size;
    char *array = arena_calloc(a, cap, size);
    while ((rc = db_step(st)) == DB_ROW) {
        if (count == cap) {
            char *more = arena_calloc(a, cap * 2, size);
            memcpy(more, array, count * size);
            array = more;
            cap *= 2;
        }
        read_record(st, k, array + count * size, a);
        count++;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    *items = array;
    *n = count;
    return 0;
}

int records_get(struct db *db, const struct record_kind *kind, long long person_id, long long id,
                struct arena *a, void *out)
{
    const struct kind_sql *k = kind_sql(kind);
    if (!k)
        return ERR_INTERNAL;
    struct db_stmt *st;
    int rc = db_prepare(db, k->select_one, &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, person_id);
    rc = db_step(st);
    if (rc == DB_ROW)
        read_record(st, k, out, a);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return rc == DB_ROW ? 0 : ERR_NOT_FOUND;
}

int records_insert(struct db *db, const struct record_kind *kind, void *rec)
{
    const struct kind_sql *k = kind_sql(kind);
    if (!k)
        return ERR_INTERNAL;
    struct db_stmt *st;
    int rc = db_prepare(db, k->insert, &st);
    if (rc < 0)
        return rc;
    long long person_id = record_person_id(rec);
    db_bind_int(st, 1, person_id);
    fieldsql_bind(st, 2, kind, rec);
    rc = db_step_id(st, record_id(rec));
    db_finalize(st);
    if (rc < 0)
        return rc;
    return refreshed(db, kind, person_id);
}

int records_update(struct db *db, const struct record_kind *kind, const void *rec)
{
    const struct kind_sql *k = kind_sql(kind);
    if (!k)
        return ERR_INTERNAL;
    struct db_stmt *st;
    int rc = db_prepare(db, k->update, &st);
    if (rc < 0)
        return rc;
    int i = fieldsql_bind(st, 1, kind, rec);
    long long person_id = record_person_id(rec);
    db_bind_int(st, i++, ((const long long *)rec)[0]);
    db_bind_int(st, i, person_id);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (db_changes(db) == 0)
        return ERR_NOT_FOUND;
    return refreshed(db, kind, person_id);
}

int records_delete(struct db *db, const struct record_kind *kind, long long person_id, long long id)
{
    const struct kind_sql *k = kind_sql(kind);
    if (!k)
        return ERR_INTERNAL;
    struct db_stmt *st;
    int rc = db_prepare(db, k->remove, &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, person_id);
    rc = db_step(st);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (db_changes(db) == 0)
        return ERR_NOT_FOUND;
    return refreshed(db, kind, person_id);
}
