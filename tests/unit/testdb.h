/* testdb.h — the store tests' database: a real SQLite file, migrated, in a
 * fresh folder under /tmp, and removed with its WAL files afterwards. */
#ifndef CADRE_TESTDB_H
#define CADRE_TESTDB_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store/store.h"

/* Makes /tmp/cadre-<tag>-XXXXXX (into `dir`, 64 bytes), opens and migrates
 * `dir`/test.db (its path into `path`, 96 bytes) into `*db`. Returns 0, or
 * -1 after printing why (a setup failure for cmocka). */
static inline int testdb_open(char *dir, char *path, const char *tag, struct db **db)
{
    snprintf(dir, 64, "/tmp/cadre-%s-XXXXXX", tag);
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return -1;
    }
    snprintf(path, 96, "%s/test.db", dir);
    char *msg = NULL;
    if (store_open(path, 1, db, &msg) != 0) {
        fprintf(stderr, "store_open: %s\n", msg ? msg : "?");
        free(msg);
        return -1;
    }
    return 0;
}

/* Closes `db` (may be NULL) and removes the database, its WAL files and
 * the folder. */
static inline void testdb_remove(const char *dir, const char *path, struct db *db)
{
    db_close(db);
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        char p[128];
        snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
        unlink(p);
    }
    rmdir(dir);
}

#endif
