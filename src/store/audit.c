/* audit.c — hash-chained audit records. The hash covers the previous hash
 * and every column of the record, so editing, deleting or inserting a
 * record breaks the chain at that point. */
#include "store/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "util/err.h"
#include "util/strbuf.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static void hash_record(const char *prev, const char *const *cols, size_t n, char out[65])
{
    crypto_generichash_state st;
    unsigned char h[32];
    crypto_generichash_init(&st, NULL, 0, sizeof h);
    crypto_generichash_update(&st, (const unsigned char *)prev, strlen(prev));
    for (size_t i = 0; i < n; i++) {
        /* A unit separator before each column keeps ("ab","c") apart from ("a","bc"),
         * and a marker tells NULL from "". */
        const unsigned char sep[2] = {0x1f, cols[i] ? 1 : 0};
        crypto_generichash_update(&st, sep, sizeof sep);
        if (cols[i])
            crypto_generichash_update(&st, (const unsigned char *)cols[i], strlen(cols[i]));
    }
    crypto_generichash_final(&st, h, sizeof h);
    sodium_bin2hex(out, 65, h, sizeof h);
}

static int write_in_tx(struct db *db, const struct audit_entry *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", &st);
    if (rc < 0)
        return rc;
    char prev[65] = GENESIS;
    if ((rc = db_step(st)) == DB_ROW) {
        const char *h = db_column_text(st, 0);
        snprintf(prev, sizeof prev, "%s", h ? h : GENESIS);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    char now[21], uid[24];
    store_now(now);
    snprintf(uid, sizeof uid, "%lld", e->user_id);
    const char *cols[] = {now, e->user_id ? uid : NULL, e->username, e->role, e->source_addr,
                          e->action, e->object_type, e->object_id, e->outcome ? e->outcome : "ok",
                          e->before_json, e->after_json};
    char hash[65];
    hash_record(prev, cols, sizeof cols / sizeof *cols, hash);
    rc = db_prepare(db,
                    "INSERT INTO audit_log (at, user_id, username, role, source_addr, action,"
                    " object_type, object_id, outcome, before_json, after_json, prev_hash, hash)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    &st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
        db_bind_text(st, (int)i + 1, cols[i]);
    db_bind_text(st, 12, prev);
    db_bind_text(st, 13, hash);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int audit_write(struct db *db, const struct audit_entry *e)
{
    if (db_in_transaction(db))
        return write_in_tx(db, e);
    int rc = db_begin(db);
    if (rc < 0)
        return rc;
    rc = write_in_tx(db, e);
    if (rc < 0) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db);
}

int audit_verify(struct db *db, long long *first_bad)
{
    *first_bad = 0;
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT id, at, user_id, username, role, source_addr, action, object_type,"
                        " object_id, outcome, before_json, after_json, prev_hash, hash"
                        " FROM audit_log ORDER BY id",
                        &st);
    if (rc < 0)
        return rc;
    char prev[65] = GENESIS;
    long long expect_id = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        long long id = db_column_int(st, 0);
        const char *cols[11];
        for (int i = 0; i < 11; i++)
            cols[i] = db_column_text(st, i + 1);
        const char *stored_prev = db_column_text(st, 12);
        const char *stored = db_column_text(st, 13);
        char hash[65];
        hash_record(prev, cols, 11, hash);
        /* Ids are consecutive: a gap is a deleted record. */
        if ((expect_id && id != expect_id) || !stored_prev || strcmp(stored_prev, prev) != 0 ||
            !stored || strcmp(stored, hash) != 0) {
            *first_bad = id;
            db_finalize(st);
            return ERR_CONFLICT;
        }
        memcpy(prev, hash, sizeof prev);
        expect_id = id + 1;
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}
