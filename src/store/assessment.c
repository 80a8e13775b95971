/* assessment.c — the SQL of assessment (考核): schemes, rounds, their
 * people and results, ratings without accounts, submission tokens,
 * calibration, publication and 处室绩效 tasks (see assessment.h). */
#include "store/assessment.h"

#include <math.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/qualify_changes.h"
#include "store/rowmac.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/strbuf.h"

static const char *const round_kinds[] = {"年度", "平时", "专项", "任期"};

bool assessment_store_kind_valid(const char *kind)
{
    for (size_t i = 0; kind && i < sizeof round_kinds / sizeof *round_kinds; i++)
        if (strcmp(kind, round_kinds[i]) == 0)
            return true;
    return false;
}

static const char *col_text(struct db_stmt *st, int col, struct arena *a)
{
    return arena_strdup(a, db_column_text(st, col));
}

/* Steps a statement that returns no rows; finalizes it. */
static int run(struct db_stmt *st)
{
    int rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* ---- scores as text ---------------------------------------------------- */

/* Values per scheme node as "90,,85.5": blank for NAN. */
static char *scores_text(const double *values, size_t count, struct strbuf *sb)
{
    strbuf_reset(sb);
    for (size_t i = 0; i < count; i++) {
        if (i)
            strbuf_putc(sb, ',');
        if (values && !isnan(values[i]))
            strbuf_printf(sb, "%.10g", values[i]);
    }
    return (char *)strbuf_str(sb);
}

/* Parses scores_text into `count` values (missing or bad = NAN). */
static void scores_parse(const char *text, double *out, size_t count)
{
    const char *p = text ? text : "";
    for (size_t i = 0; i < count; i++) {
        out[i] = NAN;
        if (*p && *p != ',') {
            char *end;
            double v = strtod(p, &end);
            if (end != p)
                out[i] = v;
            p = end;
        }
        while (*p && *p != ',')
            p++;
        if (*p == ',')
            p++;
    }
}

/* ---- schemes ------------------------------------------------------------ */

#define SCHEME_COLUMNS                                                                             \
    "id, name, version, categories, frozen, level_excellent, level_good, level_fair, level_poor"

static void read_scheme_info(struct db_stmt *st, struct arena *a, struct assessment_scheme_info *o)
{
    o->id = db_column_int(st, 0);
    o->name = col_text(st, 1, a);
    o->version = db_column_int(st, 2);
    o->categories = col_text(st, 3, a);
    o->frozen = db_column_int(st, 4) != 0;
}

int assessment_store_schemes(struct db *db, struct arena *a, struct assessment_scheme_info **out,
                             size_t *n)
{
    struct db_stmt *st;
    int rc = db_prepare(
        db, "SELECT " SCHEME_COLUMNS " FROM assessment_schemes ORDER BY name, version", &st);
    if (rc < 0)
        return rc;
    size_t cap = 8, count = 0;
    struct assessment_scheme_info *list = arena_calloc(a, cap, sizeof *list);
    while ((rc = db_step(st)) == DB_ROW) {
        if (count == cap) {
            struct assessment_scheme_info *bigger = arena_calloc(a, cap * 2, sizeof *bigger);
            memcpy(bigger, list, cap * sizeof *list);
            list = bigger;
            cap *= 2;
        }
        read_scheme_info(st, a, &list[count++]);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    *out = list;
    *n = count;
    return 0;
}

static const char *scale_name(enum assessment_scale s)
{
    return s == ASSESSMENT_SCALE_LEVEL ? "level" : "score";
}

static const char *source_name(enum assessment_source s)
{
    return s == ASSESSMENT_SOURCE_EXAM ? "exam" : "rating";
}

int assessment_store_scheme_get(struct db *db, long long id, struct arena *a,
                                struct assessment_scheme *s, struct assessment_scheme_info *info)
{
    struct assessment_scheme_info local;
    if (!info)
        info = &local;
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT " SCHEME_COLUMNS " FROM assessment_schemes WHERE id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st);
    double levels[ASSESSMENT_LEVELS] = {0};
    if (rc == DB_ROW) {
        read_scheme_info(st, a, info);
        for (int k = 0; k < ASSESSMENT_LEVELS; k++)
            levels[k] = db_column_double(st, 5 + k);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (rc != DB_ROW)
        return ERR_NOT_FOUND;
    if (!s)
        return 0;
    *s = (struct assessment_scheme){.name = info->name};
    memcpy(s->level_values, levels, sizeof levels);
    if ((rc = db_prepare(db,
                         "SELECT position, parent, name, weight, scale, source FROM"
                         " assessment_dimensions WHERE scheme_id = ? ORDER BY position",
                         &st)) < 0)
        return rc;
    db_bind_int(st, 1, id);
    struct assessment_dimension *dims = arena_calloc(a, ASSESSMENT_MAX_DIMENSIONS, sizeof *dims);
    size_t n = 0;
    while ((rc = db_step(st)) == DB_ROW && n < ASSESSMENT_MAX_DIMENSIONS) {
        dims[n].parent = (int)db_column_int(st, 1);
        dims[n].name = col_text(st, 2, a);
        dims[n].weight = db_column_double(st, 3);
        const char *scale = db_column_text(st, 4), *source = db_column_text(st, 5);
        dims[n].scale =
            scale && strcmp(scale, "level") == 0 ? ASSESSMENT_SCALE_LEVEL : ASSESSMENT_SCALE_SCORE;
        dims[n].source = source && strcmp(source, "exam") == 0 ? ASSESSMENT_SOURCE_EXAM
                                                               : ASSESSMENT_SOURCE_RATING;
        n++;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    s->dims = dims;
    s->count = n;
    return 0;
}

int assessment_store_scheme_find(struct db *db, const char *name, long long *id)
{
    int rc = db_query_int(db,
                          "SELECT id FROM assessment_schemes WHERE name = ?"
                          " ORDER BY version DESC LIMIT 1",
                          id, 1, name);
    if (rc == 0 && *id == 0) {
        struct strbuf pattern = STRBUF_INIT;
        strbuf_printf(&pattern, "%%|%s|%%", name);
        rc = db_query_int(db,
                          "SELECT id FROM assessment_schemes WHERE '|' || categories || '|' LIKE ?"
                          " ORDER BY id DESC LIMIT 1",
                          id, 1, strbuf_str(&pattern));
        strbuf_release(&pattern);
    }
    if (rc < 0)
        return rc;
    return *id ? 0 : ERR_NOT_FOUND;
}

static int scheme_insert_dims(struct db *db, long long id, const struct assessment_scheme *s)
{
    int rc = db_exec_id(db, "DELETE FROM assessment_dimensions WHERE scheme_id = ?", id);
    for (size_t i = 0; rc == 0 && i < s->count; i++) {
        struct db_stmt *st;
        if ((rc = db_prepare(db,
                             "INSERT INTO assessment_dimensions (scheme_id, position, parent, name,"
                             " weight, scale, source) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             &st)) < 0)
            return rc;
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, (long long)i);
        db_bind_int(st, 3, s->dims[i].parent);
        db_bind_text(st, 4, s->dims[i].name);
        db_bind_double(st, 5, s->dims[i].weight);
        db_bind_text(st, 6, scale_name(s->dims[i].scale));
        db_bind_text(st, 7, source_name(s->dims[i].source));
        rc = run(st);
    }
    return rc;
}

int assessment_store_scheme_save(struct db *db, const struct assessment_scheme *s,
                                 const char *categories, long long *id)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT id, version, frozen FROM assessment_schemes WHERE name = ?"
                        " ORDER BY version DESC LIMIT 1",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, s->name);
    long long latest = 0, version = 0, frozen = 0;
    if ((rc = db_step(st)) == DB_ROW) {
        latest = db_column_int(st, 0);
        version = db_column_int(st, 1);
        frozen = db_column_int(st, 2);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (latest && !frozen) {
        if ((rc = db_prepare(db,
                             "UPDATE assessment_schemes SET categories = ?, level_excellent = ?,"
                             " level_good = ?, level_fair = ?, level_poor = ? WHERE id = ?",
                             &st)) < 0)
            return rc;
        db_bind_text(st, 1, categories ? categories : "");
        for (int k = 0; k < ASSESSMENT_LEVELS; k++)
            db_bind_double(st, 2 + k, s->level_values[k]);
        db_bind_int(st, 6, latest);
        if ((rc = run(st)) < 0)
            return rc;
        *id = latest;
        return scheme_insert_dims(db, latest, s);
    }
    char now[21];
    store_now(now);
    if ((rc = db_prepare(db,
                         "INSERT INTO assessment_schemes (name, version, categories,"
                         " level_excellent, level_good, level_fair, level_poor, created_at)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                         &st)) < 0)
        return rc;
    db_bind_text(st, 1, s->name);
    db_bind_int(st, 2, version + 1);
    db_bind_text(st, 3, categories ? categories : "");
    for (int k = 0; k < ASSESSMENT_LEVELS; k++)
        db_bind_double(st, 4 + k, s->level_values[k]);
    db_bind_text(st, 8, now);
    rc = db_step_id(st, id);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return scheme_insert_dims(db, *id, s);
}

/* ---- rounds ------------------------------------------------------------- */

#define ROUND_COLUMNS                                                                              \
    "r.id, r.name, r.kind, r.year, r.quarter, r.unit_id, r.include_sub, r.category, r.scheme_id,"  \
    " r.state, r.quota_pct, r.quota_max_pct, r.quota_approved, r.quota_per_unit, r.trim_min_n,"    \
    " r.trim_drop, r.threshold_excellent, r.threshold_competent, r.threshold_basic,"               \
    " r.computed_at, (SELECT count(*) FROM assessment_round_people rp WHERE rp.round_id = r.id)"

static void read_round(struct db_stmt *st, struct arena *a, struct assessment_round *r)
{
    *r = (struct assessment_round){0};
    assessment_default_config(&r->config);
    r->id = db_column_int(st, 0);
    r->name = col_text(st, 1, a);
    r->kind = col_text(st, 2, a);
    r->year = (int)db_column_int(st, 3);
    r->quarter = (int)db_column_int(st, 4);
    r->unit_id = db_column_int(st, 5);
    r->include_sub = db_column_int(st, 6) != 0;
    r->category = col_text(st, 7, a);
    r->scheme_id = db_column_int(st, 8);
    r->state = col_text(st, 9, a);
    r->config.quota.pct = (int)db_column_int(st, 10);
    r->config.quota.max_pct = (int)db_column_int(st, 11);
    r->config.quota.approved = db_column_int(st, 12) != 0;
    r->config.quota.per_unit = db_column_int(st, 13) != 0;
    r->config.trim_min_n = (int)db_column_int(st, 14);
    r->config.trim_drop = (int)db_column_int(st, 15);
    for (int k = 0; k < 3; k++)
        r->config.thresholds[k] = db_column_double(st, 16 + k);
    r->computed_at = col_text(st, 19, a);
    r->people = db_column_int(st, 20);
}

int assessment_store_round_get(struct db *db, long long id, struct arena *a,
                               struct assessment_round *out)
{
    struct db_stmt *st;
    int rc =
        db_prepare(db, "SELECT " ROUND_COLUMNS " FROM assessment_rounds r WHERE r.id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st);
    if (rc == DB_ROW)
        read_round(st, a, out);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return rc == DB_ROW ? 0 : ERR_NOT_FOUND;
}

int assessment_store_rounds(struct db *db, struct arena *a, struct assessment_round **out,
                            size_t *n)
{
    struct db_stmt *st;
    int rc = db_prepare(
        db, "SELECT " ROUND_COLUMNS " FROM assessment_rounds r ORDER BY r.year DESC, r.id DESC",
        &st);
    if (rc < 0)
        return rc;
    size_t cap = 8, count = 0;
    struct assessment_round *list = arena_calloc(a, cap, sizeof *list);
    while ((rc = db_step(st)) == DB_ROW) {
        if (count == cap) {
            struct assessment_round *bigger = arena_calloc(a, cap * 2, sizeof *bigger);
            memcpy(bigger, list, cap * sizeof *list);
            list = bigger;
            cap *= 2;
        }
        read_round(st, a, &list[count++]);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    *out = list;
    *n = count;
    return 0;
}

static const struct assessment_group default_groups[] = {
    {"领导", 40, false},
    {"同级", 30, true},
    {"下级", 20, true},
    {"本人", 10, false},
};

int assessment_store_round_create(struct db *db, struct assessment_round *r)
{
    long long exists = 0;
    struct db_stmt *st;
    int rc;
    if ((rc = db_prepare(db, "SELECT count(*) FROM units WHERE id = ?", &st)) < 0)
        return rc;
    db_bind_int(st, 1, r->unit_id);
    if ((rc = db_step(st)) == DB_ROW)
        exists = db_column_int(st, 0);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (!exists)
        return ERR_INVALID;
    if ((rc = db_prepare(db, "SELECT count(*) FROM assessment_schemes WHERE id = ?", &st)) < 0)
        return rc;
    db_bind_int(st, 1, r->scheme_id);
    exists = 0;
    if ((rc = db_step(st)) == DB_ROW)
        exists = db_column_int(st, 0);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (!exists)
        return ERR_INVALID;

    unsigned char key[32];
    char key_hex[65];
    randombytes_buf(key, sizeof key);
    sodium_bin2hex(key_hex, sizeof key_hex, key, sizeof key);
    sodium_memzero(key, sizeof key);
    char now[21];
    store_now(now);
    if ((rc = db_prepare(db,
                         "INSERT INTO assessment_rounds (name, kind, year, quarter, unit_id,"
                         " include_sub, category, scheme_id, state, quota_pct, quota_max_pct,"
                         " quota_approved, quota_per_unit, trim_min_n, trim_drop,"
                         " threshold_excellent, threshold_competent, threshold_basic, token_key,"
                         " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                         " ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                         &st)) < 0)
        return rc;
    const struct assessment_config *c = &r->config;
    db_bind_text(st, 1, r->name);
    db_bind_text(st, 2, r->kind);
    db_bind_int(st, 3, r->year);
    if (r->quarter)
        db_bind_int(st, 4, r->quarter);
    else
        db_bind_null(st, 4);
    db_bind_int(st, 5, r->unit_id);
    db_bind_int(st, 6, r->include_sub);
    db_bind_text(st, 7, r->category);
    db_bind_int(st, 8, r->scheme_id);
    db_bind_text(st, 9, ASSESSMENT_STATE_DRAFT);
    db_bind_int(st, 10, c->quota.pct);
    db_bind_int(st, 11, c->quota.max_pct);
    db_bind_int(st, 12, c->quota.approved);
    db_bind_int(st, 13, c->quota.per_unit);
    db_bind_int(st, 14, c->trim_min_n);
    db_bind_int(st, 15, c->trim_drop);
    db_bind_double(st, 16, c->thresholds[0]);
    db_bind_double(st, 17, c->thresholds[1]);
    db_bind_double(st, 18, c->thresholds[2]);
    db_bind_text(st, 19, key_hex);
    db_bind_text(st, 20, now);
    db_bind_text(st, 21, now);
    rc = db_step_id(st, &r->id);
    db_finalize(st);
    sodium_memzero(key_hex, sizeof key_hex);
    if (rc < 0)
        return rc;
    r->state = ASSESSMENT_STATE_DRAFT;
    for (size_t g = 0; g < sizeof default_groups / sizeof *default_groups; g++) {
        if ((rc = db_prepare(db,
                             "INSERT INTO assessment_groups (round_id, position, name, weight,"
                             " anonymous) VALUES (?, ?, ?, ?, ?)",
                             &st)) < 0)
            return rc;
        db_bind_int(st, 1, r->id);
        db_bind_int(st, 2, (long long)g);
        db_bind_text(st, 3, default_groups[g].name);
        db_bind_double(st, 4, default_groups[g].weight);
        db_bind_int(st, 5, default_groups[g].anonymous);
        if ((rc = run(st)) < 0)
            return rc;
    }
    if ((rc = db_exec_id(db, "UPDATE assessment_schemes SET frozen = 1 WHERE id = ?",
                         r->scheme_id)) < 0)
        return rc;
    return assessment_store_round_scope(db, r->id);
}

/* The training records a category reads its people from (#11, #12): an
 * apprentice of a mentoring pair (结对帮带), a trainee placed in a host unit
 * (跟班轮训, and 挂职 with it), in force during the round's year — started
 * by its end, and not ended before its start (an active pair without an end
 * day is in force). NULL for the other categories, derived from the post.
 * Each takes the year's last and first days, in that order. */
static const char *category_from_training(const char *category)
{
    if (!category)
        return NULL;
    if (strcmp(category, "结对帮带") == 0)
        return " AND p.id IN (SELECT apprentice_id FROM training_pairs WHERE start_date <= ?"
               " AND (end_date >= ? OR (end_date IS NULL AND status = 'active')))";
    if (strcmp(category, "跟班轮训") == 0)
        return " AND p.id IN (SELECT person_id FROM training_placements WHERE start_date <= ?"
               " AND (end_date >= ? OR end_date IS NULL))";
    return NULL;
}

int assessment_store_round_scope(struct db *db, long long round_id)
{
    struct arena *a = arena_new();
    struct assessment_round r;
    int rc = assessment_store_round_get(db, round_id, a, &r);
    if (rc == 0 && strcmp(r.state, ASSESSMENT_STATE_DRAFT) != 0)
        rc = ERR_CONFLICT;
    if (rc == 0)
        rc = db_exec_id(db, "DELETE FROM assessment_round_people WHERE round_id = ?", round_id);
    const char *from_training = rc == 0 ? category_from_training(r.category) : NULL;
    char sql[1024];
    if (rc == 0)
        snprintf(sql, sizeof sql, "%s%s ORDER BY p.id",
                 r.include_sub ? "WITH RECURSIVE sub(id) AS (SELECT id FROM units WHERE id = ?"
                                 " UNION SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id)"
                                 " SELECT p.id, p.unit_id, p.current_post_level, p.current_rank"
                                 " FROM people p WHERE p.status = '1' AND p.unit_id IN"
                                 " (SELECT id FROM sub)"
                               : "SELECT p.id, p.unit_id, p.current_post_level, p.current_rank"
                                 " FROM people p WHERE p.status = '1' AND p.unit_id = ?",
                 from_training ? from_training : "");
    struct db_stmt *st = NULL;
    if (rc == 0)
        rc = db_prepare(db, sql, &st);
    if (rc < 0) {
        arena_free(a);
        return rc;
    }
    if (from_training) {
        char last[16], first[16];
        snprintf(last, sizeof last, "%04d-12-31", r.year);
        snprintf(first, sizeof first, "%04d-01-01", r.year);
        db_bind_text(st, 2, last);
        db_bind_text(st, 3, first);
    }
    db_bind_int(st, 1, r.unit_id);
    size_t cap = 64, n = 0;
    struct {
        long long id, unit_id;
        const char *category;
    } *rows = arena_calloc(a, cap, sizeof *rows);
    while ((rc = db_step(st)) == DB_ROW) {
        const char *category =
            from_training ? r.category
                          : assessment_category_of(db_column_text(st, 2), db_column_text(st, 3));
        if (r.category && *r.category && strcmp(category, r.category) != 0)
            continue;
        if (n == cap) {
            void *bigger = arena_calloc(a, cap * 2, sizeof *rows);
            memcpy(bigger, rows, cap * sizeof *rows);
            rows = bigger;
            cap *= 2;
        }
        rows[n].id = db_column_int(st, 0);
        rows[n].unit_id = db_column_int(st, 1);
        rows[n].category = category;
        n++;
    }
    db_finalize(st);
    for (size_t i = 0; rc >= 0 && i < n; i++) {
        if ((rc = db_prepare(db,
                             "INSERT INTO assessment_round_people (round_id, person_id, unit_id,"
                             " category) VALUES (?, ?, ?, ?)",
                             &st)) < 0)
            break;
        db_bind_int(st, 1, round_id);
        db_bind_int(st, 2, rows[i].id);
        db_bind_int(st, 3, rows[i].unit_id);
        db_bind_text(st, 4, rows[i].category);
        rc = run(st);
    }
    arena_free(a);
    return rc < 0 ? rc : 0;
}

int assessment_store_round_move(struct db *db, long long id, const char *from, const char *to)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "UPDATE assessment_rounds SET state = ?, updated_at = ? WHERE id = ?"
                        " AND state = ?",
                        &st);
    if (rc < 0)
        return rc;
    char now[21];
    store_now(now);
    db_bind_text(st, 1, to);
    db_bind_text(st, 2, now);
    db_bind_int(st, 3, id);
    db_bind_text(st, 4, from);
    if ((rc = run(st)) < 0)
        return rc;
    if (db_changes(db) == 1)
        return 0;
    long long exists = 0;
    if ((rc = db_prepare(db, "SELECT count(*) FROM assessment_rounds WHERE id = ?", &st)) < 0)
        return rc;
    db_bind_int(st, 1, id);
    if (db_step(st) == DB_ROW)
        exists = db_column_int(st, 0);
    db_finalize(st);
    return exists ? ERR_CONFLICT : ERR_NOT_FOUND;
}

int assessment_store_groups(struct db *db, long long round_id, struct arena *a,
                            struct assessment_group **out, size_t *n)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT name, weight, anonymous FROM assessment_groups WHERE round_id = ?"
                        " ORDER BY position",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, round_id);
    struct assessment_group *list = arena_calloc(a, ASSESSMENT_MAX_GROUPS, sizeof *list);
    size_t count = 0;
    while ((rc = db_step(st)) == DB_ROW && count < ASSESSMENT_MAX_GROUPS) {
        list[count].name = col_text(st, 0, a);
        list[count].weight = db_column_double(st, 1);
        list[count].anonymous = db_column_int(st, 2) != 0;
        count++;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    *out = list;
    *n = count;
    return 0;
}

/* ---- loading a round for computation ----------------------------------- */

static int cmp_id_index(const void *a, const void *b)
{
    return strcmp(((const struct assessment_id_index *)a)->id_number,
                  ((const struct assessment_id_index *)b)->id_number);
}

static int load_people(struct db *db, struct assessment_round_data *d, struct arena *a)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT rp.person_id, p.name, p.id_number, rp.unit_id, u.name, rp.category,"
                        " rp.facts, rp.exam, rp.composite, rp.rank_unit, rp.rank_category,"
                        " rp.proposed_grade, rp.reasons, rp.over_quota, rp.final_grade,"
                        " rp.calibration_reason, r.computed_at FROM assessment_round_people rp"
                        " JOIN assessment_rounds r ON r.id = rp.round_id"
                        " JOIN people p ON p.id = rp.person_id LEFT JOIN units u ON u.id ="
                        " rp.unit_id WHERE rp.round_id = ? ORDER BY rp.person_id",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, d->round.id);
    size_t n = (size_t)d->round.people, count = 0;
    d->stored = arena_calloc(a, n ? n : 1, sizeof *d->stored);
    d->people = arena_calloc(a, n ? n : 1, sizeof *d->people);
    size_t dims = d->scheme.count;
    while ((rc = db_step(st)) == DB_ROW && count < n) {
        struct assessment_round_person *s = &d->stored[count];
        s->person_id = db_column_int(st, 0);
        s->name = col_text(st, 1, a);
        s->id_number = col_text(st, 2, a);
        s->unit_id = db_column_int(st, 3);
        s->unit_name = col_text(st, 4, a);
        s->category = col_text(st, 5, a);
        s->facts = (unsigned)db_column_int(st, 6);
        s->exam = arena_calloc(a, dims ? dims : 1, sizeof *s->exam);
        scores_parse(db_column_text(st, 7), s->exam, dims);
        s->computed = !db_column_is_null(st, 16);
        s->composite = db_column_is_null(st, 8) ? NAN : db_column_double(st, 8);
        s->rank_unit = (int)db_column_int(st, 9);
        s->rank_category = (int)db_column_int(st, 10);
        s->proposed_grade = col_text(st, 11, a);
        s->reasons = col_text(st, 12, a);
        s->over_quota = db_column_int(st, 13) != 0;
        s->final_grade = col_text(st, 14, a);
        s->calibration_reason = col_text(st, 15, a);
        d->people[count] = (struct assessment_person){
            .id = s->person_id,
            .unit_id = s->unit_id,
            .organ_id = d->round.unit_id,
            .category = s->category,
            .facts = s->facts,
            .exam = s->exam,
        };
        count++;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    d->people_count = count;
    /* A sheet names people by ID number: a sorted index, not a scan per row. */
    d->by_id_number = arena_calloc(a, count ? count : 1, sizeof *d->by_id_number);
    for (size_t i = 0; i < count; i++)
        d->by_id_number[i] =
            (struct assessment_id_index){d->stored[i].id_number ? d->stored[i].id_number : "", i};
    qsort(d->by_id_number, count, sizeof *d->by_id_number, cmp_id_index);
    return 0;
}

long long assessment_store_person_index(const struct assessment_round_data *d, long long person_id)
{
    size_t lo = 0, hi = d->people_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->people[mid].id < person_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->people_count && d->people[lo].id == person_id ? (long long)lo : -1;
}

/* The registry's punishments of the round's people, as facts for its year. */
static int load_punishment_facts(struct db *db, struct assessment_round_data *d)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT pu.person_id, pu.kind, pu.decision_date, pu.effect_months FROM"
                        " punishments pu JOIN assessment_round_people rp ON rp.person_id ="
                        " pu.person_id WHERE rp.round_id = ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, d->round.id);
    while ((rc = db_step(st)) == DB_ROW) {
        long long i = assessment_store_person_index(d, db_column_int(st, 0));
        struct date decision;
        if (i < 0 || date_parse_iso(db_column_text(st, 2), &decision) < 0)
            continue;
        d->people[i].facts |= assessment_punishment_facts(db_column_text(st, 1), decision,
                                                          (int)db_column_int(st, 3), d->round.year);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Unit grades of the year for per-unit quotas. */
static int load_unit_grades(struct db *db, struct assessment_round_data *d)
{
    for (size_t i = 0; i < d->people_count; i++) {
        if (i > 0 && d->people[i].unit_id == d->people[i - 1].unit_id) {
            d->people[i].unit_grade = d->people[i - 1].unit_grade;
            continue;
        }
        int rc = assessment_store_unit_grade(db, d->people[i].unit_id, d->round.year,
                                             &d->people[i].unit_grade);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int assessment_store_round_load(struct db *db, long long id, struct arena *a,
                                struct assessment_round_data *out)
{
    struct assessment_round_data *d = out;
    *d = (struct assessment_round_data){0};
    int rc = assessment_store_round_get(db, id, a, &d->round);
    if (rc == 0)
        rc = assessment_store_scheme_get(db, d->round.scheme_id, a, &d->scheme, NULL);
    if (rc == 0)
        rc = assessment_store_groups(db, id, a, &d->groups, &d->group_count);
    if (rc < 0)
        return rc;
    d->round.config.scheme = &d->scheme;
    d->round.config.groups = d->groups;
    d->round.config.group_count = d->group_count;
    if ((rc = load_people(db, d, a)) < 0 || (rc = load_punishment_facts(db, d)) < 0 ||
        (d->round.config.quota.per_unit && (rc = load_unit_grades(db, d)) < 0))
        return rc;

    long long count = 0;
    struct db_stmt *st;
    if ((rc = db_prepare(db, "SELECT count(*) FROM assessment_ratings WHERE round_id = ?", &st)) <
        0)
        return rc;
    db_bind_int(st, 1, id);
    if ((rc = db_step(st)) == DB_ROW)
        count = db_column_int(st, 0);
    db_finalize(st);
    if (rc < 0)
        return rc;
    size_t dims = d->scheme.count;
    d->ratings = arena_calloc(a, count ? (size_t)count : 1, sizeof *d->ratings);
    double *values =
        arena_calloc(a, (count ? (size_t)count : 1) * (dims ? dims : 1), sizeof *values);
    if ((rc = db_prepare(db,
                         "SELECT person_id, group_position, scores FROM assessment_ratings WHERE"
                         " round_id = ? ORDER BY id",
                         &st)) < 0)
        return rc;
    db_bind_int(st, 1, id);
    size_t n = 0;
    while ((rc = db_step(st)) == DB_ROW && n < (size_t)count) {
        long long i = assessment_store_person_index(d, db_column_int(st, 0));
        if (i < 0)
            continue;
        double *v = values + n * dims;
        scores_parse(db_column_text(st, 2), v, dims);
        d->ratings[n++] = (struct assessment_rating){(size_t)i, (int)db_column_int(st, 1), v};
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    d->rating_count = n;
    return 0;
}

int assessment_store_results_save(struct db *db, const struct assessment_round_data *d,
                                  const struct assessment_result *results)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < d->people_count; i++) {
        const struct assessment_result *o = &results[i];
        struct db_stmt *st;
        if ((rc = db_prepare(db,
                             "UPDATE assessment_round_people SET composite = ?, rank_unit = ?,"
                             " rank_category = ?, proposed_grade = ?, reasons = ?, over_quota = ?"
                             " WHERE round_id = ? AND person_id = ?",
                             &st)) < 0)
            return rc;
        if (o->scored)
            db_bind_double(st, 1, o->composite);
        else
            db_bind_null(st, 1);
        if (o->rank_unit)
            db_bind_int(st, 2, o->rank_unit);
        else
            db_bind_null(st, 2);
        if (o->rank_category)
            db_bind_int(st, 3, o->rank_category);
        else
            db_bind_null(st, 3);
        db_bind_text(st, 4, o->grade);
        db_bind_text(st, 5, o->reasons);
        db_bind_int(st, 6, o->over_quota);
        db_bind_int(st, 7, d->round.id);
        db_bind_int(st, 8, d->people[i].id);
        rc = run(st);
    }
    if (rc < 0)
        return rc;
    char now[21];
    store_now(now);
    struct db_stmt *st;
    if ((rc = db_prepare(db, "UPDATE assessment_rounds SET computed_at = ? WHERE id = ?", &st)) < 0)
        return rc;
    db_bind_text(st, 1, now);
    db_bind_int(st, 2, d->round.id);
    return run(st);
}

/* ---- ratings, tokens, raters -------------------------------------------- */

int assessment_store_rating_add(struct db *db, long long round_id, long long person_id, int group,
                                const char *source, const double *values, size_t count)
{
    /* A random id, not the next one: rows then sit in no order of
     * arrival, so neither their ids nor their order line a rating up with
     * a submission's audit record or time. */
    struct strbuf sb = STRBUF_INIT;
    int rc = ERR_CONFLICT;
    for (int attempt = 0; rc == ERR_CONFLICT && attempt < 4; attempt++) {
        uint64_t r;
        randombytes_buf(&r, sizeof r);
        long long id = (long long)(r >> 12) + 1; /* 52 bits: exact in a JSON number too */
        struct db_stmt *st;
        if ((rc = db_prepare(db,
                             "INSERT INTO assessment_ratings (id, round_id, person_id,"
                             " group_position, source, scores) VALUES (?, ?, ?, ?, ?, ?)",
                             &st)) < 0)
            break;
        db_bind_int(st, 1, id);
        db_bind_int(st, 2, round_id);
        db_bind_int(st, 3, person_id);
        db_bind_int(st, 4, group);
        db_bind_text(st, 5, source);
        db_bind_text(st, 6, scores_text(values, count, &sb));
        rc = run(st);
    }
    strbuf_release(&sb);
    return rc;
}

/* The token of (round, account): BLAKE2b-256 keyed with the round's
 * random key. Without the key (wiped at publication) it cannot be
 * recomputed from an account id. */
static int submit_token(struct db *db, long long round_id, long long account_id, char out[65])
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT token_key FROM assessment_rounds WHERE id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, round_id);
    unsigned char key[32];
    bool have = false;
    if ((rc = db_step(st)) == DB_ROW) {
        const char *hex = db_column_text(st, 0);
        size_t len = 0;
        have = hex && sodium_hex2bin(key, sizeof key, hex, strlen(hex), NULL, &len, NULL) == 0 &&
               len == sizeof key;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (!have)
        return ERR_CONFLICT; /* published: no more submissions */
    char msg[48];
    int len = snprintf(msg, sizeof msg, "%lld:%lld", round_id, account_id);
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)msg, (size_t)len, key, sizeof key);
    sodium_memzero(key, sizeof key);
    sodium_bin2hex(out, 65, h, sizeof h);
    return 0;
}

int assessment_store_submit_token(struct db *db, long long round_id, long long account_id)
{
    char token[65];
    int rc = submit_token(db, round_id, account_id, token);
    if (rc < 0)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, "INSERT INTO assessment_submissions (round_id, token) VALUES (?, ?)",
                         &st)) < 0)
        return rc;
    db_bind_int(st, 1, round_id);
    db_bind_text(st, 2, token);
    return run(st);
}

int assessment_store_submitted(struct db *db, long long round_id, long long account_id)
{
    char token[65];
    int rc = submit_token(db, round_id, account_id, token);
    if (rc < 0)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db,
                         "SELECT count(*) FROM assessment_submissions WHERE round_id = ? AND"
                         " token = ?",
                         &st)) < 0)
        return rc;
    db_bind_int(st, 1, round_id);
    db_bind_text(st, 2, token);
    long long n = 0;
    if ((rc = db_step(st)) == DB_ROW)
        n = db_column_int(st, 0);
    db_finalize(st);
    return rc < 0 ? rc : n > 0;
}

int assessment_store_submission_count(struct db *db, long long round_id, long long *n)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT count(*) FROM assessment_submissions WHERE round_id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, round_id);
    *n = 0;
    if ((rc = db_step(st)) == DB_ROW)
        *n = db_column_int(st, 0);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int assessment_store_rater_add(struct db *db, long long round_id, long long account_id, int group,
                               long long unit_id)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO assessment_raters (round_id, account_id, group_position,"
                        " unit_id) VALUES (?, ?, ?, ?)",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, round_id);
    db_bind_int(st, 2, account_id);
    db_bind_int(st, 3, group);
    if (unit_id)
        db_bind_int(st, 4, unit_id);
    else
        db_bind_null(st, 4);
    return run(st);
}

int assessment_store_rater_get(struct db *db, long long round_id, long long account_id, int *group,
                               long long *unit_id)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT group_position, unit_id FROM assessment_raters WHERE round_id = ?"
                        " AND account_id = ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, round_id);
    db_bind_int(st, 2, account_id);
    if ((rc = db_step(st)) == DB_ROW) {
        *group = (int)db_column_int(st, 0);
        *unit_id = db_column_int(st, 1);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    return rc == DB_ROW ? 0 : ERR_NOT_FOUND;
}

int assessment_store_raters(struct db *db, long long round_id, struct arena *a,
                            struct assessment_rater_info **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT ra.account_id, u.username, u.display_name, ra.group_position,"
                        " ra.unit_id, un.name FROM assessment_raters ra JOIN users u ON u.id ="
                        " ra.account_id LEFT JOIN units un ON un.id = ra.unit_id WHERE"
                        " ra.round_id = ? ORDER BY ra.group_position, u.username",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, round_id);
    size_t cap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            struct assessment_rater_info *list = arena_calloc(a, cap, sizeof *list);
            if (*n)
                memcpy(list, *out, *n * sizeof *list);
            *out = list;
        }
        struct assessment_rater_info *r = &(*out)[(*n)++];
        r->account_id = db_column_int(st, 0);
        r->username = col_text(st, 1, a);
        r->display_name = col_text(st, 2, a);
        r->group = (int)db_column_int(st, 3);
        r->unit_id = db_column_int(st, 4);
        r->unit_name = col_text(st, 5, a);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int assessment_store_rater_delete(struct db *db, long long round_id, long long account_id)
{
    struct db_stmt *st;
    int rc =
        db_prepare(db, "DELETE FROM assessment_raters WHERE round_id = ? AND account_id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, round_id);
    db_bind_int(st, 2, account_id);
    if ((rc = run(st)) < 0)
        return rc;
    return db_changes(db) ? 0 : ERR_NOT_FOUND;
}

/* Ids of the rows `st` returns in its first column, in `a`; finalizes it. */
static int read_ids(struct db_stmt *st, struct arena *a, long long **ids, size_t *n)
{
    int rc;
    size_t cap = 0;
    *ids = NULL;
    *n = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            long long *list = arena_calloc(a, cap, sizeof *list);
            if (*n)
                memcpy(list, *ids, *n * sizeof *list);
            *ids = list;
        }
        (*ids)[(*n)++] = db_column_int(st, 0);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int assessment_store_rater_candidates(struct db *db, long long round_id, const char *role,
                                      long long member_unit, struct arena *a, long long **ids,
                                      size_t *n)
{
    /* The filters present make the WHERE clause (docs/architecture.md,
     * Portable SQL); placeholders in the order they are bound below. */
    const char *sql = arena_sprintf(
        a,
        "%sSELECT u.id FROM users u WHERE u.disabled = 0 AND NOT EXISTS (SELECT 1 FROM"
        " assessment_raters ra WHERE ra.round_id = ? AND ra.account_id = u.id)%s%s ORDER BY u.id",
        member_unit ? "WITH RECURSIVE sub(id) AS (SELECT id FROM units WHERE id = ? UNION"
                      " SELECT c.id FROM units c JOIN sub ON c.parent_id = sub.id) "
                    : "",
        role ? " AND EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = u.id AND ur.role = ?)"
             : "",
        member_unit ? " AND u.person_id IN (SELECT p.id FROM people p WHERE p.unit_id IN"
                      " (SELECT id FROM sub))"
                    : "");
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    int i = 1;
    if (member_unit)
        db_bind_int(st, i++, member_unit);
    db_bind_int(st, i++, round_id);
    if (role)
        db_bind_text(st, i, role);
    return read_ids(st, a, ids, n);
}

int assessment_store_accounts(struct db *db, const char *q, long long limit, struct arena *a,
                              struct assessment_account **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    const char *pattern = q && *q ? arena_sprintf(a, "%%%s%%", q) : NULL;
    struct db_stmt *st;
    int rc = db_prepare(
        db,
        arena_sprintf(a,
                      "SELECT u.id, u.username, u.display_name, un.name FROM users u LEFT JOIN"
                      " people p ON p.id = u.person_id LEFT JOIN units un ON un.id = p.unit_id"
                      " WHERE u.disabled = 0%s ORDER BY u.username LIMIT ?",
                      pattern ? " AND (lower(u.username) LIKE lower(?) OR lower(u.display_name)"
                                " LIKE lower(?))"
                              : ""),
        &st);
    if (rc < 0)
        return rc;
    int i = 1;
    if (pattern) {
        db_bind_text(st, i++, pattern);
        db_bind_text(st, i++, pattern);
    }
    db_bind_int(st, i, limit);
    size_t cap = limit > 0 && limit < 1000 ? (size_t)limit : 1000;
    *out = arena_calloc(a, cap, sizeof **out);
    while (*n < cap && (rc = db_step(st)) == DB_ROW) {
        struct assessment_account *o = &(*out)[(*n)++];
        o->id = db_column_int(st, 0);
        o->username = col_text(st, 1, a);
        o->display_name = col_text(st, 2, a);
        o->unit_name = col_text(st, 3, a);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int assessment_store_groups_set(struct db *db, long long round_id,
                                const struct assessment_group *groups, size_t n)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT count(*) FROM assessment_raters WHERE round_id = ? AND"
                        " group_position >= ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, round_id);
    db_bind_int(st, 2, (long long)n);
    long long beyond = 0;
    if ((rc = db_step(st)) == DB_ROW)
        beyond = db_column_int(st, 0);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (beyond)
        return ERR_CONFLICT;
    if ((rc = db_exec_id(db, "DELETE FROM assessment_groups WHERE round_id = ?", round_id)) < 0)
        return rc;
    for (size_t g = 0; g < n; g++) {
        if ((rc = db_prepare(db,
                             "INSERT INTO assessment_groups (round_id, position, name, weight,"
                             " anonymous) VALUES (?, ?, ?, ?, ?)",
                             &st)) < 0)
            return rc;
        db_bind_int(st, 1, round_id);
        db_bind_int(st, 2, (long long)g);
        db_bind_text(st, 3, groups[g].name);
        db_bind_double(st, 4, groups[g].weight);
        db_bind_int(st, 5, groups[g].anonymous);
        if ((rc = run(st)) < 0)
            return rc;
    }
    return 0;
}

int assessment_store_person_in_unit(struct db *db, long long round_id, long long person_id,
                                    long long unit_id, bool *in)
{
    struct db_stmt *st;
    int rc;
    if (unit_id)
        rc = db_prepare(db,
                        "WITH RECURSIVE sub(id) AS (SELECT id FROM units WHERE id = ? UNION"
                        " SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id)"
                        " SELECT count(*) FROM assessment_round_people WHERE round_id = ? AND"
                        " person_id = ? AND unit_id IN (SELECT id FROM sub)",
                        &st);
    else
        rc = db_prepare(db,
                        "SELECT count(*) FROM assessment_round_people WHERE round_id = ? AND"
                        " person_id = ?",
                        &st);
    if (rc < 0)
        return rc;
    int i = 1;
    if (unit_id)
        db_bind_int(st, i++, unit_id);
    db_bind_int(st, i++, round_id);
    db_bind_int(st, i, person_id);
    *in = false;
    if ((rc = db_step(st)) == DB_ROW)
        *in = db_column_int(st, 0) > 0;
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int assessment_store_person_set(struct db *db, long long round_id, long long person_id,
                                const unsigned *facts, const double *exam, size_t count,
                                const char *category)
{
    struct strbuf sb = STRBUF_INIT;
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "UPDATE assessment_round_people SET facts = coalesce(?, facts), exam ="
                        " coalesce(?, exam), category = coalesce(?, category) WHERE round_id = ?"
                        " AND person_id = ?",
                        &st);
    if (rc == 0) {
        if (facts)
            db_bind_int(st, 1, *facts);
        else
            db_bind_null(st, 1);
        db_bind_text(st, 2, exam ? scores_text(exam, count, &sb) : NULL);
        db_bind_text(st, 3, category);
        db_bind_int(st, 4, round_id);
        db_bind_int(st, 5, person_id);
        rc = run(st);
        if (rc == 0 && db_changes(db) == 0)
            rc = ERR_NOT_FOUND;
    }
    strbuf_release(&sb);
    return rc;
}

int assessment_store_calibrate(struct db *db, long long round_id, long long person_id,
                               const char *grade, const char *reason)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "UPDATE assessment_round_people SET final_grade = ?, calibration_reason ="
                        " ? WHERE round_id = ? AND person_id = ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, grade);
    db_bind_text(st, 2, reason);
    db_bind_int(st, 3, round_id);
    db_bind_int(st, 4, person_id);
    if ((rc = run(st)) < 0)
        return rc;
    return db_changes(db) ? 0 : ERR_NOT_FOUND;
}

int assessment_store_publish(struct db *db, long long round_id, long long *written)
{
    struct arena *a = arena_new();
    struct assessment_round r;
    int rc = assessment_store_round_get(db, round_id, a, &r);
    *written = 0;
    struct db_stmt *st = NULL;
    if (rc == 0 && strcmp(r.kind, "年度") == 0)
        rc = db_prepare(db,
                        "SELECT person_id, coalesce(final_grade, proposed_grade) FROM"
                        " assessment_round_people WHERE round_id = ? AND coalesce(final_grade,"
                        " proposed_grade) IS NOT NULL ORDER BY person_id",
                        &st);
    size_t n = 0, cap = 64;
    long long *ids = arena_calloc(a, cap, sizeof *ids);
    const char **grades = arena_calloc(a, cap, sizeof *grades);
    if (rc == 0 && st) {
        db_bind_int(st, 1, round_id);
        while ((rc = db_step(st)) == DB_ROW) {
            if (n == cap) {
                long long *bi = arena_calloc(a, cap * 2, sizeof *bi);
                const char **bg = arena_calloc(a, cap * 2, sizeof *bg);
                memcpy(bi, ids, cap * sizeof *ids);
                memcpy(bg, grades, cap * sizeof *grades);
                ids = bi;
                grades = bg;
                cap *= 2;
            }
            ids[n] = db_column_int(st, 0);
            grades[n] = col_text(st, 1, a);
            n++;
        }
        db_finalize(st);
        rc = rc < 0 ? rc : 0;
    }
    const char *note = rc == 0 ? arena_sprintf(a, "由考核轮次“%s”公布", r.name) : NULL;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if ((rc = db_prepare(db,
                             "UPDATE assessments SET grade = ?, notes = ?, round_id = ? WHERE"
                             " person_id = ? AND year = ?",
                             &st)) < 0)
            break;
        db_bind_text(st, 1, grades[i]);
        db_bind_text(st, 2, note);
        db_bind_int(st, 3, round_id);
        db_bind_int(st, 4, ids[i]);
        db_bind_int(st, 5, r.year);
        if ((rc = run(st)) < 0)
            continue;
        bool updated = db_changes(db) > 0;
        /* A 考核 grade feeds verdicts and alerts (store/qualify_changes.h). */
        if ((rc = qualify_changes_touch(db, ids[i])) < 0 || updated)
            continue;
        if ((rc = db_prepare(db,
                             "INSERT INTO assessments (person_id, year, grade, notes, round_id)"
                             " VALUES (?, ?, ?, ?, ?)",
                             &st)) < 0)
            break;
        db_bind_int(st, 1, ids[i]);
        db_bind_int(st, 2, r.year);
        db_bind_text(st, 3, grades[i]);
        db_bind_text(st, 4, note);
        db_bind_int(st, 5, round_id);
        rc = run(st);
    }
    /* The published grades are personnel records under row MACs. */
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = rowmac_touch(db, "assessments", ids[i]);
    *written = (long long)n;
    if (rc == 0)
        rc = db_exec_id(db, "UPDATE assessment_rounds SET token_key = NULL WHERE id = ?", round_id);
    if (rc == 0)
        rc = assessment_store_round_move(db, round_id, ASSESSMENT_STATE_CALIBRATION,
                                         ASSESSMENT_STATE_PUBLISHED);
    arena_free(a);
    return rc;
}

int assessment_store_published_year(struct db *db, long long person_id, long long year,
                                    struct arena *a, const char **round_name)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT r.name FROM assessment_rounds r JOIN assessment_round_people rp"
                        " ON rp.round_id = r.id WHERE rp.person_id = ? AND r.year = ? AND r.kind"
                        " = '年度' AND r.state IN ('已公布', '已归档') ORDER BY r.id LIMIT 1",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, person_id);
    db_bind_int(st, 2, year);
    int found = 0;
    if ((rc = db_step(st)) == DB_ROW) {
        found = 1;
        *round_name = col_text(st, 0, a);
    }
    db_finalize(st);
    return rc < 0 ? rc : found;
}

/* ---- 处室绩效考核 -------------------------------------------------------- */

int assessment_store_unit_task_add(struct db *db, struct assessment_unit_task *t)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO assessment_unit_tasks (unit_id, year, name, weight, target,"
                        " evidence, score) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, t->unit_id);
    db_bind_int(st, 2, t->year);
    db_bind_text(st, 3, t->name);
    db_bind_double(st, 4, t->weight);
    db_bind_text(st, 5, t->target);
    db_bind_text(st, 6, t->evidence);
    if (isnan(t->score))
        db_bind_null(st, 7);
    else
        db_bind_double(st, 7, t->score);
    rc = db_step_id(st, &t->id);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int assessment_store_unit_task_score(struct db *db, long long id, double score)
{
    struct db_stmt *st;
    int rc = db_prepare(db, "UPDATE assessment_unit_tasks SET score = ? WHERE id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_double(st, 1, score);
    db_bind_int(st, 2, id);
    if ((rc = run(st)) < 0)
        return rc;
    return db_changes(db) ? 0 : ERR_NOT_FOUND;
}

int assessment_store_unit_tasks(struct db *db, long long unit_id, int year, struct arena *a,
                                struct assessment_unit_task **out, size_t *n)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        unit_id ? "SELECT id, unit_id, year, name, weight, target, evidence, score"
                                  " FROM assessment_unit_tasks WHERE year = ? AND unit_id = ?"
                                  " ORDER BY id"
                                : "SELECT id, unit_id, year, name, weight, target, evidence, score"
                                  " FROM assessment_unit_tasks WHERE year = ? ORDER BY unit_id, id",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, year);
    if (unit_id)
        db_bind_int(st, 2, unit_id);
    size_t cap = 8, count = 0;
    struct assessment_unit_task *list = arena_calloc(a, cap, sizeof *list);
    while ((rc = db_step(st)) == DB_ROW) {
        if (count == cap) {
            struct assessment_unit_task *bigger = arena_calloc(a, cap * 2, sizeof *bigger);
            memcpy(bigger, list, cap * sizeof *list);
            list = bigger;
            cap *= 2;
        }
        struct assessment_unit_task *t = &list[count++];
        t->id = db_column_int(st, 0);
        t->unit_id = db_column_int(st, 1);
        t->year = (int)db_column_int(st, 2);
        t->name = col_text(st, 3, a);
        t->weight = db_column_double(st, 4);
        t->target = col_text(st, 5, a);
        t->evidence = col_text(st, 6, a);
        t->score = db_column_is_null(st, 7) ? NAN : db_column_double(st, 7);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    *out = list;
    *n = count;
    return 0;
}

/* The grade lines of `unit_id`'s category in `year`, or the defaults. */
static int unit_bounds(struct db *db, long long unit_id, int year, double bounds[3])
{
    bounds[0] = 90, bounds[1] = 80, bounds[2] = 60;
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT c.excellent, c.good, c.fair FROM assessment_unit_years y JOIN"
                        " assessment_unit_categories c ON c.id = y.category_id WHERE y.unit_id = ?"
                        " AND y.year = ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    if ((rc = db_step(st)) == DB_ROW)
        for (int i = 0; i < 3; i++)
            bounds[i] = db_column_double(st, i);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int assessment_store_unit_grade(struct db *db, long long unit_id, int year, int *grade)
{
    struct arena *a = arena_new();
    struct assessment_unit_task *tasks;
    size_t n;
    double bounds[3];
    int rc = assessment_store_unit_tasks(db, unit_id, year, a, &tasks, &n);
    *grade = 0;
    if (rc == 0)
        rc = unit_bounds(db, unit_id, year, bounds);
    if (rc == 0) {
        struct assessment_task *t = arena_calloc(a, n ? n : 1, sizeof *t);
        for (size_t i = 0; i < n; i++)
            t[i] = (struct assessment_task){tasks[i].weight, tasks[i].score};
        *grade = assessment_unit_grade(assessment_unit_score(t, n), bounds);
    }
    arena_free(a);
    return rc;
}

int assessment_store_unit_task_get(struct db *db, long long id, struct arena *a,
                                   struct assessment_unit_task *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT id, unit_id, year, name, weight, target, evidence, score FROM"
                        " assessment_unit_tasks WHERE id = ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    if ((rc = db_step(st)) == DB_ROW) {
        out->id = db_column_int(st, 0);
        out->unit_id = db_column_int(st, 1);
        out->year = (int)db_column_int(st, 2);
        out->name = col_text(st, 3, a);
        out->weight = db_column_double(st, 4);
        out->target = col_text(st, 5, a);
        out->evidence = col_text(st, 6, a);
        out->score = db_column_is_null(st, 7) ? NAN : db_column_double(st, 7);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    return rc == DB_ROW ? 0 : ERR_NOT_FOUND;
}

int assessment_store_unit_task_update(struct db *db, const struct assessment_unit_task *t)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "UPDATE assessment_unit_tasks SET name = ?, weight = ?, target = ?,"
                        " evidence = ?, score = ? WHERE id = ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, t->name);
    db_bind_double(st, 2, t->weight);
    db_bind_text(st, 3, t->target);
    db_bind_text(st, 4, t->evidence);
    if (isnan(t->score))
        db_bind_null(st, 5);
    else
        db_bind_double(st, 5, t->score);
    db_bind_int(st, 6, t->id);
    if ((rc = run(st)) < 0)
        return rc;
    return db_changes(db) ? 0 : ERR_NOT_FOUND;
}

int assessment_store_unit_task_delete(struct db *db, long long id)
{
    int rc = db_exec_id(db, "DELETE FROM assessment_unit_tasks WHERE id = ?", id);
    if (rc < 0)
        return rc;
    return db_changes(db) ? 0 : ERR_NOT_FOUND;
}

#define CATEGORY_COLUMNS "id, name, standard, excellent, good, fair"

static void read_category(struct db_stmt *st, struct arena *a, struct assessment_unit_category *c)
{
    c->id = db_column_int(st, 0);
    c->name = col_text(st, 1, a);
    c->standard = col_text(st, 2, a);
    for (int i = 0; i < 3; i++)
        c->bounds[i] = db_column_double(st, 3 + i);
}

int assessment_store_unit_categories(struct db *db, struct arena *a,
                                     struct assessment_unit_category **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(
        db, "SELECT " CATEGORY_COLUMNS " FROM assessment_unit_categories ORDER BY name, id", &st);
    if (rc < 0)
        return rc;
    size_t cap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 8;
            struct assessment_unit_category *list = arena_calloc(a, cap, sizeof *list);
            if (*n)
                memcpy(list, *out, *n * sizeof *list);
            *out = list;
        }
        read_category(st, a, &(*out)[(*n)++]);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int assessment_store_unit_category_get(struct db *db, long long id, struct arena *a,
                                       struct assessment_unit_category *out)
{
    struct db_stmt *st;
    int rc = db_prepare(
        db, "SELECT " CATEGORY_COLUMNS " FROM assessment_unit_categories WHERE id = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    if ((rc = db_step(st)) == DB_ROW)
        read_category(st, a, out);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return rc == DB_ROW ? 0 : ERR_NOT_FOUND;
}

int assessment_store_unit_category_save(struct db *db, struct assessment_unit_category *c)
{
    struct db_stmt *st;
    long long other = 0;
    int rc = db_prepare(db, "SELECT id FROM assessment_unit_categories WHERE name = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, c->name);
    if ((rc = db_step(st)) == DB_ROW)
        other = db_column_int(st, 0);
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (other && other != c->id)
        return ERR_CONFLICT;
    if (!c->id) {
        if ((rc = db_prepare(db,
                             "INSERT INTO assessment_unit_categories (name, standard, excellent,"
                             " good, fair) VALUES (?, ?, ?, ?, ?) RETURNING id",
                             &st)) < 0)
            return rc;
    } else if ((rc = db_prepare(db,
                                "UPDATE assessment_unit_categories SET name = ?, standard = ?,"
                                " excellent = ?, good = ?, fair = ? WHERE id = ?",
                                &st)) < 0)
        return rc;
    db_bind_text(st, 1, c->name);
    db_bind_text(st, 2, c->standard);
    for (int i = 0; i < 3; i++)
        db_bind_double(st, 3 + i, c->bounds[i]);
    if (!c->id) {
        rc = db_step_id(st, &c->id);
        db_finalize(st);
        return rc < 0 ? rc : 0;
    }
    db_bind_int(st, 6, c->id);
    if ((rc = run(st)) < 0)
        return rc;
    return db_changes(db) ? 0 : ERR_NOT_FOUND;
}

int assessment_store_unit_year_set(struct db *db, long long unit_id, int year,
                                   long long category_id)
{
    struct db_stmt *st;
    int rc =
        db_prepare(db, "DELETE FROM assessment_unit_years WHERE unit_id = ? AND year = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    if ((rc = run(st)) < 0 || !category_id)
        return rc;
    if ((rc = db_prepare(db,
                         "INSERT INTO assessment_unit_years (unit_id, year, category_id) VALUES"
                         " (?, ?, ?)",
                         &st)) < 0)
        return rc;
    db_bind_int(st, 1, unit_id);
    db_bind_int(st, 2, year);
    db_bind_int(st, 3, category_id);
    return run(st);
}

int assessment_store_unit_years(struct db *db, int year, struct arena *a,
                                struct assessment_unit_year **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(
        db,
        "SELECT u.id, u.name, y.category_id, c.name, c.excellent, c.good, c.fair FROM units u"
        " LEFT JOIN assessment_unit_years y ON y.unit_id = u.id AND y.year = ? LEFT JOIN"
        " assessment_unit_categories c ON c.id = y.category_id WHERE y.unit_id IS NOT NULL OR"
        " u.id IN (SELECT t.unit_id FROM assessment_unit_tasks t WHERE t.year = ?) ORDER BY u.id",
        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, year);
    db_bind_int(st, 2, year);
    size_t cap = 0;
    double(*bounds)[3] = NULL;
    while ((rc = db_step(st)) == DB_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            struct assessment_unit_year *list = arena_calloc(a, cap, sizeof *list);
            double(*b)[3] = arena_calloc(a, cap, sizeof *b);
            if (*n) {
                memcpy(list, *out, *n * sizeof *list);
                memcpy(b, bounds, *n * sizeof *b);
            }
            *out = list;
            bounds = b;
        }
        struct assessment_unit_year *u = &(*out)[*n];
        u->unit_id = db_column_int(st, 0);
        u->unit_name = col_text(st, 1, a);
        u->category_id = db_column_is_null(st, 2) ? 0 : db_column_int(st, 2);
        u->category_name = col_text(st, 3, a);
        for (int i = 0; i < 3; i++)
            bounds[*n][i] =
                u->category_id ? db_column_double(st, 4 + i) : (double[]){90, 80, 60}[i];
        (*n)++;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    /* Each unit's tasks of the year, the list in unit order too. */
    struct assessment_unit_task *tasks;
    size_t ntasks;
    if ((rc = assessment_store_unit_tasks(db, 0, year, a, &tasks, &ntasks)) < 0)
        return rc;
    struct assessment_task *t = arena_calloc(a, ntasks ? ntasks : 1, sizeof *t);
    struct assessment_unit_result *results = arena_calloc(a, *n ? *n : 1, sizeof *results);
    size_t k = 0;
    for (size_t i = 0; i < *n; i++) {
        struct assessment_unit_year *u = &(*out)[i];
        while (k < ntasks && tasks[k].unit_id < u->unit_id)
            k++;
        size_t first = k;
        for (; k < ntasks && tasks[k].unit_id == u->unit_id; k++) {
            t[k] = (struct assessment_task){tasks[k].weight, tasks[k].score};
            u->scored += !isnan(tasks[k].score);
        }
        u->tasks = k - first;
        double score = assessment_unit_score(t + first, u->tasks);
        u->grade = assessment_unit_grade(score, bounds[i]);
        results[i] = (struct assessment_unit_result){u->unit_id, u->category_id, score, 0, 0};
    }
    assessment_unit_rank(results, *n, a);
    for (size_t i = 0; i < *n; i++)
        (*out)[i].r = results[i];
    return 0;
}

int assessment_store_history(struct db *db, long long person_id, struct arena *a,
                             struct assessment_history_row **out, size_t *n)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT a.year, a.grade, a.round_id, rp.composite, rp.rank_unit FROM"
                        " assessments a LEFT JOIN assessment_round_people rp ON rp.round_id ="
                        " a.round_id AND rp.person_id = a.person_id WHERE a.person_id = ?"
                        " ORDER BY a.year",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, person_id);
    size_t cap = 8, count = 0;
    struct assessment_history_row *list = arena_calloc(a, cap, sizeof *list);
    while ((rc = db_step(st)) == DB_ROW) {
        if (count == cap) {
            struct assessment_history_row *bigger = arena_calloc(a, cap * 2, sizeof *bigger);
            memcpy(bigger, list, cap * sizeof *list);
            list = bigger;
            cap *= 2;
        }
        struct assessment_history_row *h = &list[count++];
        h->year = db_column_int(st, 0);
        h->grade = col_text(st, 1, a);
        h->round_id = db_column_int(st, 2);
        h->composite = db_column_is_null(st, 3) ? NAN : db_column_double(st, 3);
        h->rank_unit = (int)db_column_int(st, 4);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    *out = list;
    *n = count;
    return 0;
}

int assessment_store_grades(struct db *db, long long year, struct arena *a,
                            struct assessment_grade_row **out, size_t *n)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT a.person_id, p.name, u.name, a.year, a.grade FROM assessments a"
                        " JOIN people p ON p.id = a.person_id LEFT JOIN units u ON u.id ="
                        " p.unit_id WHERE p.status = '1' AND a.year <= ? ORDER BY a.person_id,"
                        " a.year",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, year);
    size_t cap = 64, count = 0;
    struct assessment_grade_row *list = arena_calloc(a, cap, sizeof *list);
    while ((rc = db_step(st)) == DB_ROW) {
        if (count == cap) {
            struct assessment_grade_row *bigger = arena_calloc(a, cap * 2, sizeof *bigger);
            memcpy(bigger, list, cap * sizeof *list);
            list = bigger;
            cap *= 2;
        }
        struct assessment_grade_row *r = &list[count++];
        r->person_id = db_column_int(st, 0);
        r->name = col_text(st, 1, a);
        r->unit_name = col_text(st, 2, a);
        r->year = db_column_int(st, 3);
        r->grade = col_text(st, 4, a);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    *out = list;
    *n = count;
    return 0;
}

long long assessment_store_index_by_id_number(const struct assessment_round_data *d,
                                              const char *id_number)
{
    size_t lo = 0, hi = d->by_id_number ? d->people_count : 0;
    while (id_number && lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(d->by_id_number[mid].id_number, id_number);
        if (c == 0)
            return (long long)d->by_id_number[mid].index;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

int assessment_store_sheet_row(struct db *db, struct assessment_round_data *d, long long index,
                               int group, const double *values)
{
    if (index < 0 || (size_t)index >= d->people_count)
        return ERR_NOT_FOUND;
    long long person = d->people[index].id;
    if (group >= 0)
        return assessment_store_rating_add(db, d->round.id, person, group, "sheet", values,
                                           d->scheme.count);
    double *exam = d->stored[index].exam;
    for (size_t k = 0; k < d->scheme.count; k++)
        if (!isnan(values[k]))
            exam[k] = values[k];
    return assessment_store_person_set(db, d->round.id, person, NULL, exam, d->scheme.count, NULL);
}

int assessment_store_final_pools(const struct assessment_round_data *d, struct arena *a,
                                 struct assessment_pool **pools, size_t *n)
{
    const char **g = arena_calloc(a, d->people_count ? d->people_count : 1, sizeof *g);
    for (size_t i = 0; i < d->people_count; i++)
        g[i] = d->stored[i].final_grade ? d->stored[i].final_grade : d->stored[i].proposed_grade;
    return assessment_quota_pools(&d->round.config, d->people, g, d->people_count, pools, n, a);
}

int assessment_store_rounds_of_rater(struct db *db, long long account_id, struct arena *a,
                                     struct assessment_round **out, const char ***groups, size_t *n)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT " ROUND_COLUMNS ", g.name FROM assessment_rounds r JOIN"
                        " assessment_raters ra ON ra.round_id = r.id JOIN assessment_groups g ON"
                        " g.round_id = r.id AND g.position = ra.group_position WHERE"
                        " ra.account_id = ? ORDER BY r.year DESC, r.id DESC",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, account_id);
    size_t cap = 8, count = 0;
    struct assessment_round *list = arena_calloc(a, cap, sizeof *list);
    const char **names = arena_calloc(a, cap, sizeof *names);
    while ((rc = db_step(st)) == DB_ROW) {
        if (count == cap) {
            struct assessment_round *bigger = arena_calloc(a, cap * 2, sizeof *bigger);
            const char **more = arena_calloc(a, cap * 2, sizeof *more);
            memcpy(bigger, list, cap * sizeof *list);
            memcpy(more, names, cap * sizeof *names);
            list = bigger;
            names = more;
            cap *= 2;
        }
        read_round(st, a, &list[count]);
        names[count++] = col_text(st, 21, a);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    *out = list;
    *groups = names;
    *n = count;
    return 0;
}
