/* migrate.c — numbered migrations compiled into the binary, applied in
 * order by `cadre init` and at server start; the code tables refreshed from
 * core/codes.c so the database can be queried with labels, and the people's
 * name keys rewritten when core/pinyin.c's readings or sort key changed. */
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/codes.h"
#include "core/pinyin.h"
#include "store/people.h"
#include "store/rulebook.h"
#include "util/embed.h"
#include "util/err.h"
#include "util/log.h"
#include "util/xmalloc.h"

/* The migrations of each dialect (generated from migrations/<dialect>/). */
extern const struct embedded_file store_migrations_sqlite[];
extern const struct embedded_file store_migrations_postgresql[];

static const struct {
    const char *dialect;
    const struct embedded_file *files;
} dialects[] = {
    {"sqlite", store_migrations_sqlite},
    {"postgresql", store_migrations_postgresql},
};

/* The migrations for `db`'s dialect; the SQLite ones for NULL (the
 * version this binary writes is the same in every dialect). */
static const struct embedded_file *migrations_of(struct db *db)
{
    const char *d = db ? db_dialect(db) : "sqlite";
    for (size_t i = 0; i < sizeof dialects / sizeof *dialects; i++)
        if (strcmp(dialects[i].dialect, d) == 0)
            return dialects[i].files;
    return store_migrations_sqlite;
}

static int migration_number(const struct embedded_file *f)
{
    return atoi(f->name);
}

int store_schema_version(void)
{
    int v = 0;
    for (const struct embedded_file *f = migrations_of(NULL); f->name; f++)
        if (migration_number(f) > v)
            v = migration_number(f);
    return v;
}

char *store_now(char *buf)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

static int current_version(struct db *db, long long *version)
{
    int rc = db_exec(db, "CREATE TABLE IF NOT EXISTS schema_version ("
                         " version INTEGER NOT NULL, applied_at TEXT NOT NULL)");
    if (rc < 0)
        return rc;
    return db_query_int(db, "SELECT coalesce(max(version), 0) FROM schema_version", version, 0);
}

static int seed_codes(struct db *db)
{
    size_t ntables;
    const struct code_table *tables = codes_tables(&ntables);
    int rc = db_begin(db);
    if (rc < 0)
        return rc;
    struct db_stmt *del, *ins;
    if ((rc = db_prepare(db, "DELETE FROM codes", &del)) < 0)
        goto fail;
    rc = db_step(del);
    db_finalize(del);
    if (rc < 0)
        goto fail;
    if ((rc =
             db_prepare(db, "INSERT INTO codes (table_name, code, label, sort) VALUES (?, ?, ?, ?)",
                        &ins)) < 0)
        goto fail;
    for (size_t t = 0; t < ntables && rc >= 0; t++) {
        for (size_t i = 0; i < tables[t].count; i++) {
            db_bind_text(ins, 1, tables[t].name);
            db_bind_text(ins, 2, tables[t].codes[i].code);
            db_bind_text(ins, 3, tables[t].codes[i].label);
            db_bind_int(ins, 4, (long long)i);
            rc = db_step(ins);
            db_reset(ins);
            if (rc < 0)
                break;
        }
    }
    db_finalize(ins);
    if (rc < 0)
        goto fail;
    return db_commit(db);
fail:
    db_rollback(db);
    return rc;
}

int store_migrate(struct db *db, char **msg)
{
    *msg = NULL;
    long long version;
    int rc = current_version(db, &version);
    if (rc < 0) {
        *msg = xasprintf("无法读取数据库版本：%s", db_errmsg(db));
        return rc;
    }
    int target = store_schema_version();
    if (version > target) {
        *msg = xasprintf("数据库版本 %lld 高于本程序支持的版本 %d，请使用新版本的 cadre；"
                         "数据库未作任何修改",
                         version, target);
        return ERR_CONFLICT;
    }
    for (const struct embedded_file *f = migrations_of(db); f->name; f++) {
        int n = migration_number(f);
        /* Applied is what schema_version records, not "below the highest":
         * a migration that arrived out of order is still applied once. */
        long long applied = 0;
        struct db_stmt *st;
        if ((rc = db_prepare(db, "SELECT count(*) FROM schema_version WHERE version = ?", &st)) ==
            0) {
            db_bind_int(st, 1, n);
            if ((rc = db_step(st)) == DB_ROW)
                applied = db_column_int(st, 0);
            db_finalize(st);
        }
        if (rc < 0) {
            *msg = xasprintf("无法读取数据库版本：%s", db_errmsg(db));
            return rc;
        }
        if (applied)
            continue;
        if ((rc = db_begin(db)) < 0)
            break;
        rc = db_exec(db, (const char *)f->data);
        if (rc >= 0) {
            char now[21];
            rc = db_prepare(db, "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                            &st);
            if (rc >= 0) {
                db_bind_int(st, 1, n);
                db_bind_text(st, 2, store_now(now));
                rc = db_step(st);
                db_finalize(st);
            }
        }
        if (rc < 0) {
            *msg = xasprintf("迁移 %s 失败：%s", f->name, db_errmsg(db));
            db_rollback(db);
            return rc;
        }
        if ((rc = db_commit(db)) < 0) {
            *msg = xasprintf("迁移 %s 提交失败：%s", f->name, db_errmsg(db));
            return rc;
        }
        log_info("applied migration %s", f->name);
    }
    if ((rc = seed_codes(db)) < 0) {
        *msg = xasprintf("无法写入代码表：%s", db_errmsg(db));
        return rc;
    }
    /* The rule tables are seeded once, then belong to the office. */
    if ((rc = rulebook_seed(db)) < 0) {
        *msg = xasprintf("无法写入任职资格规则表：%s", db_errmsg(db));
        return rc;
    }
    /* Name keys written by an older reading table or sort key. */
    long long rewritten = 0;
    if ((rc = people_refresh_name_keys(db, &rewritten)) < 0) {
        *msg = xasprintf("无法更新姓名拼音和笔画排序键：%s", db_errmsg(db));
        return rc;
    }
    if (rewritten > 0)
        log_info("name keys rewritten for %lld people (pinyin keys version %d)", rewritten,
                 PINYIN_KEYS_VERSION);
    return 0;
}

int store_open(const char *url, int migrate, struct db **out, char **msg)
{
    int rc = db_open(url, out, msg);
    if (rc < 0)
        return rc;
    long long version;
    if (migrate) {
        rc = store_migrate(*out, msg);
    } else if ((rc = current_version(*out, &version)) >= 0 && version != store_schema_version()) {
        *msg = xasprintf("数据库版本 %lld 与本程序（%d）不一致，请先运行 cadre init", version,
                         store_schema_version());
        rc = ERR_CONFLICT;
    }
    if (rc < 0) {
        db_close(*out);
        *out = NULL;
    }
    return rc;
}

int store_ping(struct db *db)
{
    long long one = 0;
    int rc = db_query_int(db, "SELECT 1", &one, 0);
    return rc < 0 ? rc : one == 1 ? 0 : ERR_IO;
}

int store_check(struct db *db, long long *version, char **why)
{
    *version = 0;
    *why = NULL;
    if (db_check(db, why) < 0) {
        if (!*why)
            *why = xasprintf("无法读取数据库文件：%s", db_errmsg(db));
        return ERR_INVALID;
    }
    bool has_version = false;
    if (db_table_exists(db, "schema_version", &has_version) < 0 || !has_version ||
        db_query_int(db, "SELECT coalesce(max(version), 0) FROM schema_version", version, 0) < 0 ||
        *version < 1) {
        *why = xasprintf("这不是 cadre 的数据库备份（没有版本信息）");
        return ERR_INVALID;
    }
    return 0;
}
