/* testdb.h — the store tests' database: a real SQLite file, migrated, in a
 * fresh folder under /tmp, and removed with its WAL files afterwards; or,
 * when CADRE_TEST_PG names a throwaway cluster (tests/lib/pgcluster.sh), a
 * fresh PostgreSQL database copied from the migrated template, dropped
 * afterwards. */
#ifndef CADRE_TESTDB_H
#define CADRE_TESTDB_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"

/* The cluster's base URL (postgresql://user@host:port) into `url` (80
 * bytes), or false when the tests run on SQLite. */
static inline bool testdb_pg_base(char *url)
{
    const char *dir = getenv("CADRE_TEST_PG");
    if (!dir || !*dir)
        return false;
    char p[256];
    snprintf(p, sizeof p, "%s/url", dir);
    FILE *f = fopen(p, "r");
    if (!f)
        return false;
    bool ok = fgets(url, 80, f) != NULL;
    fclose(f);
    url[strcspn(url, "\n")] = 0;
    return ok;
}

/* Runs `sql` on the cluster's maintenance database. Returns 0 or -1. */
static inline int testdb_pg_admin(const char *base, const char *sql)
{
    char url[128];
    snprintf(url, sizeof url, "%s/postgres", base);
    struct db *admin = NULL;
    char *msg = NULL;
    int rc = db_open(url, &admin, &msg);
    if (rc == 0)
        rc = db_exec(admin, sql);
    if (rc != 0)
        fprintf(stderr, "%s: %s\n", sql, msg ? msg : admin ? db_errmsg(admin) : "?");
    free(msg);
    db_close(admin);
    return rc == 0 ? 0 : -1;
}

/* Makes /tmp/cadre-<tag>-XXXXXX (into `dir`, 64 bytes), opens and migrates
 * `dir`/test.db or a new PostgreSQL database (its path or URL into `path`,
 * 96 bytes) into `*db`. Returns 0, or -1 after printing why (a setup
 * failure for cmocka). */
static inline int testdb_open(char *dir, char *path, const char *tag, struct db **db)
{
    snprintf(dir, 64, "/tmp/cadre-%s-XXXXXX", tag);
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return -1;
    }
    snprintf(path, 96, "%s/test.db", dir);
    char base[80];
    if (testdb_pg_base(base)) {
        /* The folder's random suffix names the database: unique per fixture. */
        char name[24], sql[160];
        snprintf(name, sizeof name, "u_%ld_%s", (long)getpid(), strrchr(dir, '-') + 1);
        for (char *c = name; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
            else if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')))
                *c = '_';
        snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE cadre_template", name);
        if (testdb_pg_admin(base, sql) < 0)
            return -1;
        snprintf(path, 96, "%.70s/%.23s", base, name);
    }
    char *msg = NULL;
    if (store_open(path, 1, db, &msg) != 0) {
        fprintf(stderr, "store_open: %s\n", msg ? msg : "?");
        free(msg);
        return -1;
    }
    return 0;
}

/* Whether the tests run on PostgreSQL (a test of SQLite's files skips). */
static inline bool testdb_is_pg(void)
{
    char base[80];
    return testdb_pg_base(base);
}

/* Closes `db` (may be NULL) and removes the database, its WAL files and
 * the folder. */
static inline void testdb_remove(const char *dir, const char *path, struct db *db)
{
    db_close(db);
    char base[80];
    if (testdb_pg_base(base) && strncmp(path, base, strlen(base)) == 0) {
        char sql[160];
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", strrchr(path, '/') + 1);
        testdb_pg_admin(base, sql);
    }
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        char p[128];
        snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
        unlink(p);
    }
    rmdir(dir);
}

#endif
