/* recycle.c — the 回收站: rows leave the live tables into one bin row as
 * JSON ({"<table>": [{"<column>": text or null}, ...]}) and come back
 * from it with their own ids and values. The live tables keep no
 * "deleted" flag, so no query of the registry has to know the bin. */
#include "store/recycle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/records.h"
#include "store/people.h"
#include "store/qualify_changes.h"
#include "store/qualify_data.h"
#include "store/records.h"
#include "store/roster_index.h"
#include "store/rowmac.h"
#include "store/store.h"
#include "store/units.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/strbuf.h"

/* A table whose rows a deletion takes, and the column naming the owner.
 * The tables under a person: a module that adds one (a table with a
 * person_id ... REFERENCES people(id) ON DELETE CASCADE) adds its line
 * here, or its rows are lost with the person instead of kept in the bin
 * (docs/architecture.md, docs/recycle-bin.md). The owning table first:
 * restore writes them back in this order. A row owned in some other way
 * (a table naming two people, or hanging off such a row) says so in
 * `where`: a condition with one `?` for the owner's id, used instead of
 * "key = ?". */
struct owned_table {
    const char *table, *key;
    const char *where;
};
/* 结对帮带: a pair names its mentor and its apprentice, and goes with
 * either; its records and evaluations go with it (they cascade from it). */
#define PAIR_OF_OWNER "? IN (mentor_id, apprentice_id)"
#define UNDER_PAIR_OF_OWNER "pair_id IN (SELECT id FROM training_pairs WHERE " PAIR_OF_OWNER ")"
static const struct owned_table person_tables[] = {
    {"people", "id"},
    {"career", "person_id"},
    {"education", "person_id"},
    {"assessments", "person_id"},
    {"rewards", "person_id"},
    {"punishments", "person_id"},
    {"family", "person_id"},
    {"training", "person_id"},
    {"supervision_records", "person_id"},
    {"declaration_obligations", "person_id"},
    {"declarations", "person_id"},
    {"declaration_checks", "person_id"},
    {"training_enrolments", "person_id"},
    {"training_attendance", "person_id"},
    {"training_external", "person_id"},
    {"training_placements", "person_id"},
    {"person_photos", "person_id"},
    {"appointment_cases", "person_id"},
    {"appointment_steps", "person_id"},
    {"appointment_checks", "person_id"},
    {"appointment_objections", "person_id"},
    {"training_pairs", "id", PAIR_OF_OWNER},
    {"training_pair_records", "pair_id", UNDER_PAIR_OF_OWNER},
    {"training_pair_evaluations", "pair_id", UNDER_PAIR_OF_OWNER},
};
static const struct owned_table unit_tables[] = {
    {"units", "id"},
    {"unit_establishment", "unit_id"},
};
/* Accounts linked to a deleted person lose the link (ON DELETE SET NULL);
 * the bin keeps their ids under this key and restore links them again. */
#define LINKED_USERS "users.person_id"

/* ---- rows out -------------------------------------------------------- */

/* Appends to `rows` (a JSON array) every row of `table` whose `key` is
 * `id` (or that meets `where`, when not NULL), each column as its text
 * (NULL as null): SQLite's text of an INTEGER is its decimal form, which
 * the typed column takes back exactly. */
static int capture(struct db *db, const char *table, const char *key, const char *where,
                   long long id, json_t *rows)
{
    char sql[256];
    if (where)
        snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE %s ORDER BY 1", table, where);
    else
        snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE %s = ? ORDER BY 1", table, key);
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    while ((rc = db_step(st)) == DB_ROW) {
        json_t *row = json_object();
        int n = db_column_count(st);
        for (int c = 0; c < n; c++) {
            const char *v = db_column_is_null(st, c) ? NULL : db_column_text(st, c);
            json_object_set_new(row, db_column_name(st, c), v ? json_string(v) : json_null());
        }
        json_array_append_new(rows, row);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Captures each of `tables` for owner `id` into a new object. */
static int capture_all(struct db *db, const struct owned_table *tables, size_t n, long long id,
                       json_t **out)
{
    json_t *o = json_object();
    for (size_t i = 0; i < n; i++) {
        json_t *rows = json_array();
        int rc = capture(db, tables[i].table, tables[i].key, tables[i].where, id, rows);
        if (rc < 0) {
            json_decref(rows);
            json_decref(o);
            return rc;
        }
        json_object_set_new(o, tables[i].table, rows);
    }
    *out = o;
    return 0;
}

/* "YYYY-MM-DD" of `today` plus the retention. */
static int purge_date(struct db *db, struct date today, char out[11])
{
    int days;
    int rc = recycle_retention_days(db, &days);
    if (rc < 0)
        return rc;
    date_format_iso(date_add_days(today, days), out);
    return 0;
}

/* Inserts the bin row of `rows` (taken). */
static int insert_bin(struct db *db, const char *object_type, long long object_id,
                      long long person_id, const char *title, const char *reason,
                      const struct recycle_actor *by, struct date today, json_t *rows,
                      long long *bin_id)
{
    char now[21], purge[11];
    int rc = purge_date(db, today, purge);
    char *text = rc < 0 ? NULL : json_dumps(rows, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(rows);
    if (rc < 0)
        return rc;
    struct db_stmt *st;
    rc = db_prepare(db,
                    "INSERT INTO recycle_bin (object_type, object_id, person_id, title, reason,"
                    " deleted_at, deleted_by, deleted_by_name, purge_after, rows_json)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    &st);
    if (rc < 0) {
        free(text);
        return rc;
    }
    db_bind_text(st, 1, object_type);
    db_bind_int(st, 2, object_id);
    if (person_id)
        db_bind_int(st, 3, person_id);
    else
        db_bind_null(st, 3);
    db_bind_text(st, 4, title);
    db_bind_text(st, 5, reason && *reason ? reason : NULL);
    db_bind_text(st, 6, store_now(now));
    if (by && by->user_id)
        db_bind_int(st, 7, by->user_id);
    else
        db_bind_null(st, 7);
    db_bind_text(st, 8, by ? by->username : NULL);
    db_bind_text(st, 9, purge);
    db_bind_text(st, 10, text);
    rc = db_step_id(st, bin_id);
    db_finalize(st);
    free(text);
    return rc < 0 ? rc : 0;
}

static bool rows_empty(json_t *o, const char *table)
{
    return json_array_size(json_object_get(o, table)) == 0;
}

int recycle_person(struct db *db, long long person_id, const char *title, const char *reason,
                   const struct recycle_actor *by, struct date today, long long *bin_id)
{
    json_t *rows;
    int rc = capture_all(db, person_tables, sizeof person_tables / sizeof *person_tables, person_id,
                         &rows);
    if (rc < 0)
        return rc;
    if (rows_empty(rows, "people")) {
        json_decref(rows);
        return ERR_NOT_FOUND;
    }
    json_t *users = json_array();
    json_object_set_new(rows, LINKED_USERS, users);
    struct db_stmt *st;
    if ((rc = db_prepare(db, "SELECT id FROM users WHERE person_id = ? ORDER BY id", &st)) < 0) {
        json_decref(rows);
        return rc;
    }
    db_bind_int(st, 1, person_id);
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(users, json_integer(db_column_int(st, 0)));
    db_finalize(st);
    if (rc < 0 || (rc = insert_bin(db, "person", person_id, person_id, title, reason, by, today,
                                   rows, bin_id)) < 0)
        return rc;
    rc = people_delete(db, person_id);
    return rc < 0 ? rc : qualify_changes_touch(db, person_id);
}

int recycle_unit(struct db *db, long long unit_id, const char *title, const char *reason,
                 const struct recycle_actor *by, struct date today, long long *bin_id,
                 const char **why)
{
    *why = NULL;
    json_t *rows;
    int rc = capture_all(db, unit_tables, sizeof unit_tables / sizeof *unit_tables, unit_id, &rows);
    if (rc < 0)
        return rc;
    if (rows_empty(rows, "units")) {
        json_decref(rows);
        return ERR_NOT_FOUND;
    }
    if ((rc = insert_bin(db, "unit", unit_id, 0, title, reason, by, today, rows, bin_id)) < 0)
        return rc;
    /* units_delete refuses a unit still in use; the caller's rollback then
     * takes the bin row back too. */
    return units_delete(db, unit_id, why);
}

int recycle_record(struct db *db, const struct record_kind *kind, long long person_id, long long id,
                   const char *title, const char *reason, const struct recycle_actor *by,
                   struct date today, long long *bin_id)
{
    json_t *rows = json_object(), *list = json_array();
    json_object_set_new(rows, kind->sql_table, list);
    int rc = capture(db, kind->sql_table, "id", NULL, id, list);
    json_t *row = json_array_get(list, 0);
    const char *owner = json_string_value(json_object_get(row, "person_id"));
    if (rc == 0 && (!owner || strtoll(owner, NULL, 10) != person_id))
        rc = ERR_NOT_FOUND;
    if (rc < 0) {
        json_decref(rows);
        return rc;
    }
    if ((rc = insert_bin(db, kind->name, id, person_id, title, reason, by, today, rows, bin_id)) <
        0)
        return rc;
    return records_delete(db, kind, person_id, id);
}

/* ---- reading the bin ------------------------------------------------- */

#define ITEM_COLUMNS                                                                               \
    "id, object_type, object_id, person_id, title, reason, deleted_at, deleted_by,"                \
    " deleted_by_name, purge_after, purge_requested_by, purge_requested_by_name,"                  \
    " purge_requested_at, purge_reason, rows_json"

/* Rows held by a bin row's JSON. */
static size_t count_rows(const char *rows_json)
{
    json_t *o = rows_json ? json_loads(rows_json, 0, NULL) : NULL;
    size_t n = 0;
    const char *table;
    json_t *rows;
    json_object_foreach(o, table, rows)
    {
        if (strcmp(table, LINKED_USERS) != 0)
            n += json_array_size(rows);
    }
    json_decref(o);
    return n;
}

static void read_item(struct db_stmt *st, struct arena *a, struct recycle_item *it)
{
    memset(it, 0, sizeof *it);
    it->id = db_column_int(st, 0);
    it->object_type = arena_strdup(a, db_column_text(st, 1));
    it->object_id = db_column_int(st, 2);
    it->person_id = db_column_int(st, 3);
    it->title = arena_strdup(a, db_column_text(st, 4));
    it->reason = arena_strdup(a, db_column_text(st, 5));
    it->deleted_at = arena_strdup(a, db_column_text(st, 6));
    it->deleted_by = db_column_int(st, 7);
    it->deleted_by_name = arena_strdup(a, db_column_text(st, 8));
    it->purge_after = arena_strdup(a, db_column_text(st, 9));
    it->purge_requested_by = db_column_int(st, 10);
    it->purge_requested_by_name = arena_strdup(a, db_column_text(st, 11));
    it->purge_requested_at = arena_strdup(a, db_column_text(st, 12));
    it->purge_reason = arena_strdup(a, db_column_text(st, 13));
    it->rows = count_rows(db_column_text(st, 14));
}

/* The WHERE clause of a type filter: "record" is every record kind. */
static const char *type_where(const char *object_type)
{
    if (!object_type)
        return "";
    if (strcmp(object_type, "record") == 0)
        return " WHERE object_type NOT IN ('person', 'unit')";
    return " WHERE object_type = ?";
}

static bool type_bound(const char *object_type)
{
    return object_type && strcmp(object_type, "record") != 0;
}

int recycle_list(struct db *db, const char *object_type, long long offset, long long limit,
                 struct arena *a, struct recycle_item **out, size_t *n, long long *total)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM recycle_bin%s", type_where(object_type));
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    if (type_bound(object_type))
        db_bind_text(st, 1, object_type);
    if ((rc = db_step(st)) == DB_ROW)
        *total = db_column_int(st, 0);
    db_finalize(st);
    if (rc < 0)
        return rc;
    snprintf(sql, sizeof sql,
             "SELECT " ITEM_COLUMNS " FROM recycle_bin%s ORDER BY id DESC LIMIT ? OFFSET ?",
             type_where(object_type));
    if ((rc = db_prepare(db, sql, &st)) < 0)
        return rc;
    int i = 1;
    if (type_bound(object_type))
        db_bind_text(st, i++, object_type);
    db_bind_int(st, i++, limit);
    db_bind_int(st, i, offset);
    size_t cap = limit > 0 && limit <= 1000 ? (size_t)limit : 1000;
    *out = arena_calloc(a, cap ? cap : 1, sizeof **out);
    while (*n < cap && (rc = db_step(st)) == DB_ROW)
        read_item(st, a, &(*out)[(*n)++]);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int recycle_get(struct db *db, long long bin_id, struct arena *a, struct recycle_item *out,
                const char **rows_json)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT " ITEM_COLUMNS " FROM recycle_bin WHERE id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, bin_id);
    if ((rc = db_step(st)) == DB_ROW) {
        read_item(st, a, out);
        if (rows_json)
            *rows_json = arena_strdup(a, db_column_text(st, 14));
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    return rc == DB_ROW ? 0 : ERR_NOT_FOUND;
}

int recycle_find(struct db *db, const char *object_type, long long object_id, long long *bin_id)
{
    struct db_stmt *st;
    *bin_id = 0;
    int rc = db_prepare(db,
                        "SELECT id FROM recycle_bin WHERE object_type = ? AND object_id = ?"
                        " ORDER BY id DESC LIMIT 1",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, object_type);
    db_bind_int(st, 2, object_id);
    if ((rc = db_step(st)) == DB_ROW)
        *bin_id = db_column_int(st, 0);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return *bin_id ? 0 : ERR_NOT_FOUND;
}

/* ---- rows back ------------------------------------------------------- */

/* A column or table name as the bin holds it: written by capture from the
 * database's own names, checked again before it becomes SQL text. */
static bool plain_name(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

/* Inserts `row` ({column: text or null}) into `table` as it was. */
static int insert_row(struct db *db, const char *table, json_t *row)
{
    if (!plain_name(table) || !json_is_object(row) || json_object_size(row) == 0)
        return ERR_INTERNAL;
    struct strbuf sql = STRBUF_INIT, marks = STRBUF_INIT;
    strbuf_printf(&sql, "INSERT INTO %s (", table);
    const char *col;
    json_t *v;
    size_t i = 0;
    json_object_foreach(row, col, v)
    {
        if (!plain_name(col)) {
            strbuf_release(&sql);
            strbuf_release(&marks);
            return ERR_INTERNAL;
        }
        strbuf_printf(&sql, "%s%s", i ? ", " : "", col);
        strbuf_puts(&marks, i ? ", ?" : "?");
        i++;
    }
    strbuf_printf(&sql, ") VALUES (%s)", strbuf_str(&marks));
    strbuf_release(&marks);
    struct db_stmt *st;
    int rc = db_prepare(db, strbuf_str(&sql), &st);
    strbuf_release(&sql);
    if (rc < 0)
        return rc;
    int k = 1;
    json_object_foreach(row, col, v)
    {
        /* Text into a typed column: STRICT tables convert it back to the
         * INTEGER it was written from, losslessly, or refuse it. */
        if (json_is_string(v))
            db_bind_text(st, k++, json_string_value(v));
        else
            db_bind_null(st, k++);
    }
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

static int exists(struct db *db, const char *sql, long long id, bool *out)
{
    long long n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    if ((rc = db_step(st)) == DB_ROW)
        n = db_column_int(st, 0);
    db_finalize(st);
    *out = n > 0;
    return rc < 0 ? rc : 0;
}

static long long row_int(json_t *row, const char *col)
{
    const char *v = json_string_value(json_object_get(row, col));
    return v ? strtoll(v, NULL, 10) : 0;
}

/* What must exist before the rows of `type` go back. */
static int check_owner(struct db *db, const char *type, json_t *rows, long long person_id,
                       const char **why)
{
    bool ok = true;
    int rc = 0;
    if (strcmp(type, "unit") == 0) {
        long long parent = row_int(json_array_get(json_object_get(rows, "units"), 0), "parent_id");
        if (parent &&
            (rc = exists(db, "SELECT count(*) FROM units WHERE id = ?", parent, &ok)) == 0 && !ok)
            *why = "上级机构已不存在（可能也在回收站中），请先恢复上级机构";
    } else if (strcmp(type, "person") != 0) {
        if ((rc = exists(db, "SELECT count(*) FROM people WHERE id = ?", person_id, &ok)) == 0 &&
            !ok)
            *why = "该记录所属的干部不在名册中（可能在回收站中），请先恢复该干部";
    }
    if (rc < 0)
        return rc;
    return ok ? 0 : ERR_CONFLICT;
}

/* Drops from `rows` the rows of `table` whose `col` is `pair_id`. */
static void drop_pair_rows(json_t *rows, const char *table, const char *col, long long pair_id)
{
    json_t *list = json_object_get(rows, table);
    for (size_t i = json_array_size(list); i-- > 0;)
        if (row_int(json_array_get(list, i), col) == pair_id)
            json_array_remove(list, i);
}

/* The pairs a person's bin row holds name a second person, who must be in
 * the registry for them to go back. That person can only have left after
 * this one (had they left first, the pair would have gone with them), so
 * they are in the bin — restore them first (ERR_CONFLICT, `why` names
 * them) — or purged for good, and then the pair, its records and
 * evaluations stay out: half a pair is no pair. */
static int check_pairs(struct db *db, json_t *rows, long long person_id, const char **why)
{
    static _Thread_local char buf[320];
    json_t *pairs = json_object_get(rows, "training_pairs");
    for (size_t i = json_array_size(pairs); i-- > 0;) {
        json_t *pair = json_array_get(pairs, i);
        long long mentor = row_int(pair, "mentor_id");
        long long other = mentor == person_id ? row_int(pair, "apprentice_id") : mentor;
        bool here;
        int rc = exists(db, "SELECT count(*) FROM people WHERE id = ?", other, &here);
        if (rc < 0)
            return rc;
        if (here)
            continue;
        long long bin_id;
        rc = recycle_find(db, "person", other, &bin_id);
        if (rc == 0) {
            struct arena *a = arena_new();
            struct recycle_item it;
            rc = recycle_get(db, bin_id, a, &it, NULL);
            if (rc == 0) {
                snprintf(buf, sizeof buf,
                         "结对帮带的另一方（%s）也在回收站中，请先恢复该干部，再恢复本干部",
                         it.title ? it.title : "");
                *why = buf;
                rc = ERR_CONFLICT;
            }
            arena_free(a);
            return rc;
        }
        if (rc != ERR_NOT_FOUND)
            return rc;
        long long pair_id = row_int(pair, "id");
        drop_pair_rows(rows, "training_pair_records", "pair_id", pair_id);
        drop_pair_rows(rows, "training_pair_evaluations", "pair_id", pair_id);
        json_array_remove(pairs, i);
    }
    return 0;
}

/* Writes back every table of `rows` in its order; links accounts again. */
static int write_back(struct db *db, json_t *rows, long long person_id)
{
    const char *table;
    json_t *list;
    json_object_foreach(rows, table, list)
    {
        size_t i;
        json_t *row;
        if (strcmp(table, LINKED_USERS) == 0) {
            json_array_foreach(list, i, row)
            {
                struct db_stmt *st;
                int rc = db_prepare(
                    db, "UPDATE users SET person_id = ? WHERE id = ? AND person_id IS NULL", &st);
                if (rc < 0)
                    return rc;
                db_bind_int(st, 1, person_id);
                db_bind_int(st, 2, (long long)json_integer_value(row));
                rc = db_step(st);
                db_finalize(st);
                if (rc < 0)
                    return rc;
            }
            continue;
        }
        json_array_foreach(list, i, row)
        {
            int rc = insert_row(db, table, row);
            if (rc < 0)
                return rc;
        }
    }
    return 0;
}

int recycle_restore(struct db *db, long long bin_id, const char **why)
{
    *why = NULL;
    struct arena *a = arena_new();
    struct recycle_item it;
    const char *text;
    int rc = recycle_get(db, bin_id, a, &it, &text);
    json_t *rows = rc == 0 ? json_loads(text, 0, NULL) : NULL;
    if (rc == 0 && !rows)
        rc = ERR_INTERNAL;
    if (rc == 0)
        rc = check_owner(db, it.object_type, rows, it.person_id, why);
    if (rc == 0 && strcmp(it.object_type, "person") == 0)
        rc = check_pairs(db, rows, it.person_id, why);
    if (rc == 0) {
        rc = write_back(db, rows, it.person_id);
        if (rc == ERR_CONFLICT)
            *why = "无法按原样恢复：原编号、身份证号或同级机构名称已被新录入的记录占用";
    }
    if (rc == 0) {
        if (strcmp(it.object_type, "person") == 0)
            rc = roster_index_bump_person(db, it.object_id);
        else if (strcmp(it.object_type, "unit") == 0)
            rc = roster_index_bump(db);
        else if (strcmp(it.object_type, "career") == 0 || strcmp(it.object_type, "education") == 0)
            rc = people_refresh_derived(db, it.person_id);
    }
    if (rc == 0 && it.person_id) /* the rows written back get their MACs again */
        rc = rowmac_person(db, it.person_id);
    if (rc == 0)
        rc = qualify_data_bump(db);
    if (rc == 0)
        rc = db_exec_id(db, "DELETE FROM recycle_bin WHERE id = ?", bin_id);
    json_decref(rows);
    arena_free(a);
    return rc;
}

/* ---- purging --------------------------------------------------------- */

static bool retention_passed(const struct recycle_item *it, struct date today)
{
    char buf[11];
    return strcmp(it->purge_after, date_format_iso(today, buf)) <= 0;
}

/* "保留期至 …" for `it`, in a per-thread buffer. */
static const char *retention_why(const struct recycle_item *it)
{
    static _Thread_local char buf[160];
    snprintf(buf, sizeof buf, "回收站保留期未满：%s 起方可彻底删除", it->purge_after);
    return buf;
}

int recycle_purge_request(struct db *db, long long bin_id, const struct recycle_actor *by,
                          const char *reason, struct date today, const char **why)
{
    *why = NULL;
    struct arena *a = arena_new();
    struct recycle_item it;
    int rc = recycle_get(db, bin_id, a, &it, NULL);
    if (rc == 0 && it.purge_requested_by) {
        *why = "已有彻底删除申请，等待另一账号批准";
        rc = ERR_CONFLICT;
    } else if (rc == 0 && !retention_passed(&it, today)) {
        *why = retention_why(&it);
        rc = ERR_CONFLICT;
    }
    struct db_stmt *st;
    if (rc == 0 &&
        (rc = db_prepare(
             db,
             "UPDATE recycle_bin SET purge_requested_by = ?, purge_requested_by_name = ?,"
             " purge_requested_at = ?, purge_reason = ? WHERE id = ?",
             &st)) == 0) {
        char now[21];
        db_bind_int(st, 1, by->user_id);
        db_bind_text(st, 2, by->username);
        db_bind_text(st, 3, store_now(now));
        db_bind_text(st, 4, reason && *reason ? reason : NULL);
        db_bind_int(st, 5, bin_id);
        rc = db_step(st);
        db_finalize(st);
    }
    arena_free(a);
    return rc < 0 ? rc : 0;
}

int recycle_purge_approve(struct db *db, long long bin_id, const struct recycle_actor *by,
                          struct date today, const char **why)
{
    *why = NULL;
    struct arena *a = arena_new();
    struct recycle_item it;
    int rc = recycle_get(db, bin_id, a, &it, NULL);
    if (rc == 0 && !it.purge_requested_by) {
        *why = "尚无彻底删除申请：须先由一个账号申请，再由另一个账号批准";
        rc = ERR_CONFLICT;
    } else if (rc == 0 && it.purge_requested_by == by->user_id) {
        *why = "不能批准自己提出的彻底删除申请，须由另一个账号批准";
        rc = ERR_CONFLICT;
    } else if (rc == 0 && !retention_passed(&it, today)) {
        *why = retention_why(&it);
        rc = ERR_CONFLICT;
    }
    if (rc == 0)
        rc = db_exec_id(db, "DELETE FROM recycle_bin WHERE id = ?", bin_id);
    arena_free(a);
    return rc;
}

/* ---- settings and the audit image ------------------------------------ */

int recycle_retention_days(struct db *db, int *days)
{
    *days = RECYCLE_RETENTION_DAYS_DEFAULT;
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT value FROM settings WHERE key = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, RECYCLE_RETENTION_KEY);
    if ((rc = db_step(st)) == DB_ROW) {
        const char *v = db_column_text(st, 0);
        long n = v ? strtol(v, NULL, 10) : 0;
        if (n >= RECYCLE_RETENTION_DAYS_MIN && n <= RECYCLE_RETENTION_DAYS_MAX)
            *days = (int)n;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int recycle_set_retention_days(struct db *db, int days)
{
    if (days < RECYCLE_RETENTION_DAYS_MIN || days > RECYCLE_RETENTION_DAYS_MAX)
        return ERR_INVALID;
    char value[16], now[21];
    snprintf(value, sizeof value, "%d", days);
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)"
                        " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                        " updated_at = excluded.updated_at",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, RECYCLE_RETENTION_KEY);
    db_bind_text(st, 2, value);
    db_bind_text(st, 3, store_now(now));
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* The record kind stored in `table`, or NULL. */
static const struct record_kind *kind_of_table(const char *table)
{
    if (strcmp(table, person_kind.sql_table) == 0)
        return &person_kind;
    if (strcmp(table, training_kind.sql_table) == 0)
        return &training_kind;
    size_t n;
    const struct record_kind *const *kinds = records_person_kinds(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(table, kinds[i]->sql_table) == 0)
            return kinds[i];
    return NULL;
}

json_t *recycle_audit_image(const char *rows_json)
{
    json_t *o = rows_json ? json_loads(rows_json, 0, NULL) : NULL;
    if (!json_is_object(o)) {
        json_decref(o);
        return NULL;
    }
    const char *table;
    json_t *rows;
    json_object_foreach(o, table, rows)
    {
        const struct record_kind *kind = kind_of_table(table);
        size_t i;
        json_t *row;
        json_array_foreach(rows, i, row)
        {
            const char *col;
            json_t *v;
            json_object_foreach(row, col, v)
            {
                const struct field_def *f = kind ? fields_find(kind, col) : NULL;
                if (!f || !(f->flags & FIELD_SENSITIVE) || !json_is_string(v))
                    continue;
                char masked[MASK_MAX];
                json_string_set(v, field_mask(f, json_string_value(v), masked));
            }
        }
    }
    return o;
}
