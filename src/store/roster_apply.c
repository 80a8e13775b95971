/* roster_apply.c — a parsed 花名册 checked against the database and written in
 * one pass inside the caller's transaction: units resolved once per
 * distinct name (the closest name suggested for an unknown one), people
 * matched by ID number, each change handed to the caller for its audit
 * record, statements prepared once (db_prepare caches them), the
 * derived columns of a person refreshed once however many records the row
 * added, and for a bulk load the people table's indexes built once after
 * the writes instead of row by row. */
#include "store/roster_apply.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "core/roster_entry.h"
#include "store/qualify_changes.h"
#include "store/records.h"
#include "store/rowmac.h"
#include "store/units.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/utf8.h"

/* The column headers that store-side problems are reported under. */
#define COL_UNIT "单位"
#define COL_ID "身份证号"
#define COL_RANK "现职级"
#define COL_RANK_START "任现职级时间"
#define COL_POST "现任职务"

/* Unit names are at most 100 characters (core/records.c). */
#define UNIT_NAME_CHARS 100

/* Rows worked between progress reports and between scratch arenas: the
 * people loaded for comparison are dropped every so many rows, so a
 * re-import of 100,000 people does not hold them all. */
#define ROSTER_BATCH 512

/* ---- units, resolved once per distinct name ---- */

struct unit_slot {
    const char *name; /* NULL: empty slot */
    long long id;
    int rc; /* units_find's answer */
};

struct unit_cache {
    struct unit_slot *slots;
    size_t mask;
};

static uint64_t hash_text(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void unit_cache_init(struct unit_cache *c, size_t n, struct arena *a)
{
    size_t cap = 16;
    while (cap < 2 * n && cap < ((size_t)1 << 30))
        cap <<= 1;
    c->slots = arena_calloc(a, cap, sizeof *c->slots);
    c->mask = cap - 1;
}

/* The unit named `path`: 0 and `*id`, or units_find's error. */
static int unit_resolve(struct db *db, struct unit_cache *c, const char *path, long long *id)
{
    size_t i = (size_t)hash_text(path) & c->mask;
    while (c->slots[i].name && strcmp(c->slots[i].name, path) != 0)
        i = (i + 1) & c->mask;
    struct unit_slot *s = &c->slots[i];
    if (!s->name) {
        s->name = path;
        s->rc = units_find(db, path, &s->id);
    }
    *id = s->id;
    return s->rc;
}

/* ---- duplicate ID numbers inside the file ---- */

static int by_id_number(const void *x, const void *y)
{
    const struct roster_entry *a = *(const struct roster_entry *const *)x;
    const struct roster_entry *b = *(const struct roster_entry *const *)y;
    int c = strcmp(a->person.id_number, b->person.id_number);
    return c ? c : (a->row > b->row) - (a->row < b->row);
}

/* Reports every row whose ID number another row also has, naming the
 * other row, and marks them in `bad`. */
static void find_duplicates(struct roster_entry *entries, size_t n, bool *bad, struct arena *a,
                            struct field_errors *fe)
{
    struct roster_entry **sorted = arena_calloc(a, n ? n : 1, sizeof *sorted);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (entries[i].person.id_number && entries[i].person.id_number[0])
            sorted[m++] = &entries[i];
    qsort(sorted, m, sizeof *sorted, by_id_number);
    for (size_t i = 0; i < m;) {
        size_t j = i + 1;
        while (j < m && strcmp(sorted[j]->person.id_number, sorted[i]->person.id_number) == 0)
            j++;
        for (size_t k = i; j - i > 1 && k < j; k++) {
            const struct roster_entry *other = sorted[k == i ? i + 1 : i];
            field_errors_add_row(fe, sorted[k]->row, COL_ID, "身份证号 %s 与第 %d 行重复",
                                 sorted[k]->person.id_number, other->row);
            bad[sorted[k] - entries] = true;
        }
        i = j;
    }
}

/* ---- unknown units: the closest name ---- */

/* Code points of `s` into `out` (at most `cap`); returns how many. */
static size_t code_points(const char *s, uint32_t *out, size_t cap)
{
    size_t n = 0;
    while (*s && n < cap)
        out[n++] = utf8_next(&s);
    return n;
}

/* The edit distance (Levenshtein, over code points) of two short names. */
static size_t edit_distance(const uint32_t *x, size_t nx, const uint32_t *y, size_t ny)
{
    size_t row[UNIT_NAME_CHARS + 1];
    for (size_t j = 0; j <= ny; j++)
        row[j] = j;
    for (size_t i = 1; i <= nx; i++) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= ny; j++) {
            size_t up = row[j];
            size_t best = diagonal + (x[i - 1] != y[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diagonal = up;
        }
    }
    return row[ny];
}

struct unit_names {
    bool loaded;
    const char **names;
    size_t n;
};

/* The unit name closest to the last part of `path` ("厅机关/督察考核处" →
 * "督查考核处"), when it is near enough to be a slip (at most a third of
 * its characters differ); NULL otherwise. */
static const char *unit_suggest(struct db *db, struct unit_names *u, const char *path,
                                struct arena *a)
{
    if (!u->loaded) {
        u->loaded = true;
        struct db_stmt *st;
        if (db_prepare(db, "SELECT name FROM units ORDER BY id", &st) < 0)
            return NULL;
        size_t cap = 0;
        while (db_step(st) == DB_ROW) {
            if (u->n == cap) {
                cap = cap ? 2 * cap : 64;
                const char **names = arena_calloc(a, cap, sizeof *names);
                if (u->n)
                    memcpy(names, u->names, u->n * sizeof *names);
                u->names = names;
            }
            u->names[u->n++] = arena_strdup(a, db_column_text(st, 0));
        }
        db_finalize(st);
    }
    const char *last = path;
    for (const char *p = path; *p; p++)
        if (*p == '/')
            last = p + 1;
    uint32_t want[UNIT_NAME_CHARS], have[UNIT_NAME_CHARS];
    size_t nwant = code_points(last, want, UNIT_NAME_CHARS);
    if (!nwant)
        return NULL;
    const char *best = NULL;
    size_t best_distance = nwant / 3 > 0 ? nwant / 3 : 1;
    best_distance++; /* strictly within the allowance below */
    for (size_t i = 0; i < u->n; i++) {
        size_t nhave = code_points(u->names[i], have, UNIT_NAME_CHARS);
        size_t d = edit_distance(want, nwant, have, nhave);
        if (d > 0 && d < best_distance)
            best = u->names[i], best_distance = d;
    }
    return best;
}

/* ---- the checks against the database, every row ---- */

/* Reports every duplicate ID number and every unit that does not exist or
 * is ambiguous; marks those rows in `bad` and resolves units into
 * `unit_ids`. Reads only. Returns 0 or a database error. */
static int check_rows(struct db *db, struct roster_entry *entries, size_t n, struct arena *a,
                      struct field_errors *fe, bool *bad, long long *unit_ids)
{
    find_duplicates(entries, n, bad, a, fe);
    struct unit_cache units;
    unit_cache_init(&units, n, a);
    struct unit_names names = {0};
    for (size_t i = 0; i < n; i++) {
        const char *path = entries[i].unit_path;
        if (!path)
            continue;
        int rc = unit_resolve(db, &units, path, &unit_ids[i]);
        if (rc == ERR_NOT_FOUND) {
            const char *near = unit_suggest(db, &names, path, a);
            if (near)
                field_errors_add_row(fe, entries[i].row, COL_UNIT, "单位“%s”不存在，是否为%s？",
                                     path, near);
            else
                field_errors_add_row(fe, entries[i].row, COL_UNIT,
                                     "单位“%s”不存在，请先在单位管理中建立，或改为已有单位的名称",
                                     path);
        } else if (rc == ERR_CONFLICT)
            field_errors_add_row(fe, entries[i].row, COL_UNIT,
                                 "有多个单位名为“%s”，请写出上级单位，如“厅机关/%s”", path, path);
        else if (rc < 0)
            return rc;
        if (rc < 0)
            bad[i] = true;
    }
    return 0;
}

int roster_apply_check(struct db *db, struct roster_entry *entries, size_t n, struct arena *a,
                       struct field_errors *fe)
{
    bool *bad = arena_calloc(a, n ? n : 1, sizeof *bad);
    long long *unit_ids = arena_calloc(a, n ? n : 1, sizeof *unit_ids);
    return check_rows(db, entries, n, a, fe, bad, unit_ids);
}

/* ---- writing records ---- */

static const char *nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

static void bind_opt_text(struct db_stmt *st, int i, const char *s)
{
    if (s && *s)
        db_bind_text(st, i, s);
    else
        db_bind_null(st, i);
}

static void bind_date(struct db_stmt *st, int i, struct date d)
{
    char buf[11];
    if (date_is_none(d))
        db_bind_null(st, i);
    else
        db_bind_text(st, i, date_format_iso(d, buf));
}

static int step_done(struct db_stmt *st)
{
    int rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* A current career record of `kind` ("post" or "rank"). Written here rather
 * than by records_insert, which refreshes the person's derived columns
 * after each record: roster_apply refreshes them once per person. */
static int insert_career(struct db *db, long long person_id, const char *kind, long long unit_id,
                         const char *title, const char *post_level, const char *rank,
                         struct date start)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO career (person_id, kind, unit_id, title, post_level, rank,"
                        " start_date, concurrent) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, person_id);
    db_bind_text(st, 2, kind);
    if (unit_id > 0)
        db_bind_int(st, 3, unit_id);
    else
        db_bind_null(st, 3);
    bind_opt_text(st, 4, title);
    bind_opt_text(st, 5, post_level);
    bind_opt_text(st, 6, rank);
    bind_date(st, 7, start);
    return step_done(st);
}

static int insert_education(struct db *db, long long person_id, const char *kind,
                            const struct roster_education *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO education (person_id, kind, education, degree, school, major)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, person_id);
    db_bind_text(st, 2, kind);
    db_bind_text(st, 3, e->education);
    bind_opt_text(st, 4, e->degree);
    bind_opt_text(st, 5, e->school);
    bind_opt_text(st, 6, e->major);
    return step_done(st);
}

static bool same_text(const char *a, const char *b)
{
    if (!a || !*a || !b || !*b)
        return (!a || !*a) == (!b || !*b);
    return strcmp(a, b) == 0;
}

static bool same_date(struct date a, struct date b)
{
    return a.year == b.year && a.month == b.month && a.day == b.day;
}

static const char *label_of(const char *table, const char *code)
{
    const char *label = code ? codes_label(table, code) : NULL;
    return label ? label : code ? code : "";
}

/* ---- one row against the stored person ---- */

/* Most record changes one row can make: a post, a rank (and the one it
 * ends), three educations. */
#define ROW_CHANGES_MAX 8

struct row_ctx {
    struct db *db;
    struct date today;
    struct arena *scratch;
    struct field_errors *fe;
    struct field_errors *notes; /* may be NULL */
    struct roster_stats *stats;
    const struct roster_entry *e;
    long long unit_id; /* resolved 单位, 0 when the row has none */
    long long person_id;
    const struct person_view *stored; /* NULL for a new person */
    const char *level;                /* the post's 职务层次, once post_level has told it */
    bool level_told;
    bool records_changed;
    const char *changes[ROW_CHANGES_MAX + 1]; /* NULL-ended */
    size_t nchanges;
};

/* Notes a record change for the audit record of the row. */
static void changed(struct row_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void changed(struct row_ctx *c, const char *fmt, ...)
{
    c->records_changed = true;
    if (c->nchanges >= ROW_CHANGES_MAX)
        return;
    va_list ap;
    va_start(ap, fmt);
    c->changes[c->nchanges++] = arena_vsprintf(c->scratch, fmt, ap);
    va_end(ap);
}

static const char *date_or_blank(struct date d, char buf[11])
{
    return date_is_none(d) ? "" : date_format_display(d, buf);
}

static bool field_present(const struct roster_entry *e, size_t i)
{
    return e->present == 0 || (e->present & ROSTER_PRESENT_BIT(i));
}

/* The stored person with the file's columns laid over it. Returns true when
 * any stored value changes. */
static bool merge_person(const struct row_ctx *c, struct person *merged)
{
    *merged = c->stored->person;
    bool changed = false;
    for (size_t i = 0; i < person_kind.nfields; i++) {
        const struct field_def *f = &person_kind.fields[i];
        if (!field_present(c->e, i))
            continue;
        if (strcmp(f->name, "unit_id") == 0) {
            changed |= merged->unit_id != c->unit_id;
            merged->unit_id = c->unit_id;
            continue;
        }
        const char *before = field_get_text(f, merged, false, c->scratch);
        const char *after = field_get_text(f, &c->e->person, false, c->scratch);
        /* An absent status is stored as 在职 ("1"): not a change. */
        if (strcmp(f->name, "status") == 0 && !after)
            after = "1";
        if (same_text(before, after))
            continue;
        changed = true;
        field_copy(f, merged, &c->e->person);
    }
    return changed;
}

/* What the store knows of the row's unit for roster_entry_infer_post_level: its
 * kind, its establishment's levels, and whether its parent is led at
 * 厅局级. Strings in c->scratch. */
static int unit_facts(struct row_ctx *c, struct roster_unit_facts *out)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *st;
    int rc = db_prepare(c->db,
                        "SELECT u.kind, (SELECT count(*) FROM unit_establishment pe"
                        " WHERE pe.unit_id = u.parent_id AND pe.post_level IN ('4A', '4B'))"
                        " FROM units u WHERE u.id = ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, c->unit_id);
    if ((rc = db_step(st)) == DB_ROW) {
        out->kind = arena_strdup(c->scratch, db_column_text(st, 0));
        if (db_column_int(st, 1) > 0)
            out->parent_level = "4";
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if ((rc = db_prepare(c->db,
                         "SELECT post_level FROM unit_establishment WHERE unit_id = ?"
                         " ORDER BY post_level",
                         &st)) < 0)
        return rc;
    db_bind_int(st, 1, c->unit_id);
    const char **levels = arena_calloc(c->scratch, 16, sizeof *levels);
    while ((rc = db_step(st)) == DB_ROW && out->nlevels < 16)
        levels[out->nlevels++] = arena_strdup(c->scratch, db_column_text(st, 0));
    db_finalize(st);
    out->levels = levels;
    return rc < 0 ? rc : 0;
}

/* The post's level: the row's, or inferred from its title and unit (noted
 * for the report). NULL (noted as 数据不全) when it cannot be told. */
static int post_level(struct row_ctx *c, const char **level)
{
    const struct roster_entry *e = c->e;
    if (c->level_told) {
        *level = c->level;
        return 0;
    }
    c->level_told = true;
    *level = c->level = e->post_level;
    if (*level)
        return 0;
    struct roster_unit_facts facts;
    if (c->unit_id) {
        int rc = unit_facts(c, &facts);
        if (rc < 0)
            return rc;
    }
    *level = c->level = roster_entry_infer_post_level(e->post_title, c->unit_id ? &facts : NULL);
    if (*level) {
        c->stats->levels_inferred++;
        if (c->notes)
            field_errors_add_row(c->notes, e->row, "职务层次", "未填职务层次，按职务“%s”%s推断为%s",
                                 e->post_title, c->unit_id ? "和所在单位" : "",
                                 label_of("post_level", *level));
    } else {
        c->stats->incomplete++;
        if (c->notes)
            field_errors_add_row(c->notes, e->row, "职务层次",
                                 "数据不全：未填职务层次，无法从职务“%s”和所在单位推断，"
                                 "本行的现任职务未导入，请补上职务层次后再导入",
                                 e->post_title);
    }
    return 0;
}

/* Adds the row's current post unless the person already holds one with the
 * same title, level and start. Nothing is closed: posts may be held side
 * by side (兼任), and ending one is the personnel office's decision. */
static int apply_post(struct row_ctx *c)
{
    const struct roster_entry *e = c->e;
    if (!e->post_title)
        return 0;
    const char *level;
    int rc = post_level(c, &level);
    if (rc < 0 || !level)
        return rc;
    if (c->stored) {
        const struct person_view *v = c->stored;
        if (same_text(v->current_post_title, e->post_title) &&
            same_text(v->current_post_level, level) &&
            same_date(v->current_post_start, e->post_start))
            return 0;
        struct db_stmt *st;
        rc = db_prepare(c->db,
                        "SELECT count(*) FROM career WHERE person_id = ? AND kind = 'post'"
                        " AND end_date IS NULL AND title = ? AND post_level = ?"
                        " AND start_date = ?",
                        &st);
        if (rc < 0)
            return rc;
        db_bind_int(st, 1, c->person_id);
        db_bind_text(st, 2, e->post_title);
        db_bind_text(st, 3, level);
        bind_date(st, 4, e->post_start);
        long long found = 0;
        if ((rc = db_step(st)) == DB_ROW)
            found = db_column_int(st, 0);
        db_finalize(st);
        if (rc < 0)
            return rc;
        if (found)
            return 0;
    }
    char start[11];
    changed(c, "新增职务：%s（%s，%s 起）", e->post_title, label_of("post_level", level),
            date_or_blank(e->post_start, start));
    return insert_career(c->db, c->person_id, "post", c->unit_id, e->post_title, level, NULL,
                         e->post_start);
}

static const char *rank_label(const char *code)
{
    const char *label = codes_label("rank", code);
    return label ? label : code;
}

/* Adds the row's current rank, with the row's unit (so the 简历 reads
 * "办公室一级科员"). A person holds one rank at a time: a current rank
 * that began earlier ends where the new one starts (a promotion); one that
 * began on or after the new start, or any overlap with the ranks on
 * record, is reported on the row instead. */
static int apply_rank(struct row_ctx *c)
{
    const struct roster_entry *e = c->e;
    if (!e->rank)
        return 0;
    if (c->stored && same_text(c->stored->current_rank, e->rank) &&
        same_date(c->stored->current_rank_start, e->rank_start))
        return 0;
    struct career_record added = {
        .person_id = c->person_id, .kind = "rank", .rank = e->rank, .start_date = e->rank_start};
    char start[11], end[11];
    if (!c->stored) {
        changed(c, "新增职级：%s（%s 起）", rank_label(e->rank),
                date_or_blank(e->rank_start, start));
        return insert_career(c->db, c->person_id, "rank", c->unit_id, NULL, NULL, e->rank,
                             e->rank_start);
    }

    void *items;
    size_t n;
    int rc = records_list(c->db, &career_kind, c->person_id, c->scratch, &items, &n);
    if (rc < 0)
        return rc;
    struct career_record *records = items;
    for (size_t i = 0; i < n; i++) {
        struct career_record *r = &records[i];
        if (strcmp(r->kind, "rank") != 0)
            continue;
        if (same_text(r->rank, e->rank) && same_date(r->start_date, e->rank_start))
            return 0; /* already on record */
    }
    for (size_t i = 0; i < n; i++) {
        struct career_record *r = &records[i];
        if (strcmp(r->kind, "rank") != 0 || !date_is_none(r->end_date))
            continue;
        if (date_compare(r->start_date, e->rank_start) >= 0) {
            char added_start[11];
            field_errors_add_row(c->fe, e->row, COL_RANK_START,
                                 "已有现职级“%s”（%s 起），不早于本行任现职级时间 %s，"
                                 "无法按晋升处理，请先核对该干部的职级记录",
                                 rank_label(r->rank), date_format_display(r->start_date, start),
                                 date_format_display(e->rank_start, added_start));
            return 0;
        }
    }
    struct field_errors overlap;
    field_errors_init(&overlap, c->scratch);
    /* The promotion: every current rank ends where the new one starts. */
    for (size_t i = 0; i < n; i++)
        if (strcmp(records[i].kind, "rank") == 0 && date_is_none(records[i].end_date))
            records[i].end_date = e->rank_start;
    career_check_overlap(&added, records, n, &overlap);
    if (overlap.count) {
        field_errors_add_row(c->fe, e->row, COL_RANK_START, "%s", overlap.head->message);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        struct career_record *r = &records[i];
        if (strcmp(r->kind, "rank") != 0 || !same_date(r->end_date, e->rank_start))
            continue;
        struct db_stmt *st;
        if ((rc = db_prepare(c->db,
                             "UPDATE career SET end_date = ? WHERE id = ? AND end_date IS NULL",
                             &st)) < 0)
            return rc;
        bind_date(st, 1, e->rank_start);
        db_bind_int(st, 2, r->id);
        if ((rc = step_done(st)) < 0)
            return rc;
        changed(c, "职级“%s”（%s 起）结束于 %s", rank_label(r->rank),
                date_or_blank(r->start_date, start), date_or_blank(e->rank_start, end));
    }
    changed(c, "新增职级：%s（%s 起）", rank_label(e->rank), date_or_blank(e->rank_start, start));
    return insert_career(c->db, c->person_id, "rank", c->unit_id, NULL, NULL, e->rank,
                         e->rank_start);
}

static const char *const edu_set_kind[ROSTER_EDU_SETS] = {NULL, "fulltime", "inservice"};
static const char *const edu_set_label[ROSTER_EDU_SETS] = {"学历", "全日制学历", "在职学历"};

/* Writes one education set of the row. 全日制 and 在职 go to a record of
 * their own kind with the same 学历; the one set of older files to a
 * record of any kind with that 学历 (a full-time one first). Found: the
 * file's non-empty 学位, 毕业院校 and 所学专业 are written into it. Not
 * found: a record is added (older files: as full-time). */
static int apply_education(struct row_ctx *c, enum roster_edu_set set)
{
    const struct roster_education *e = &c->e->edu[set];
    if (!e->education)
        return 0;
    const char *kind = edu_set_kind[set] ? edu_set_kind[set] : "fulltime";
    const char *what = edu_set_label[set];
    long long id = 0;
    bool differs = false;
    int rc = 0;
    struct db_stmt *st;
    if (c->stored) {
        if (edu_set_kind[set])
            rc = db_prepare(c->db,
                            "SELECT id, degree, school, major FROM education WHERE person_id = ?"
                            " AND education = ? AND kind = ? ORDER BY id LIMIT 1",
                            &st);
        else
            rc = db_prepare(c->db,
                            "SELECT id, degree, school, major FROM education WHERE person_id = ?"
                            " AND education = ? ORDER BY kind = 'fulltime' DESC, id LIMIT 1",
                            &st);
        if (rc < 0)
            return rc;
        db_bind_int(st, 1, c->person_id);
        db_bind_text(st, 2, e->education);
        if (edu_set_kind[set])
            db_bind_text(st, 3, edu_set_kind[set]);
        if ((rc = db_step(st)) == DB_ROW) {
            id = db_column_int(st, 0);
            differs = (e->degree && !same_text(e->degree, db_column_text(st, 1))) ||
                      (e->school && !same_text(e->school, db_column_text(st, 2))) ||
                      (e->major && !same_text(e->major, db_column_text(st, 3)));
        }
        db_finalize(st);
        if (rc < 0)
            return rc;
    }
    if (!id) {
        changed(c, "新增%s：%s", what, label_of("education", e->education));
        return insert_education(c->db, c->person_id, kind, e);
    }
    if (!differs)
        return 0;
    if ((rc = db_prepare(c->db,
                         "UPDATE education SET degree = coalesce(?, degree),"
                         " school = coalesce(?, school), major = coalesce(?, major) WHERE id = ?",
                         &st)) < 0)
        return rc;
    bind_opt_text(st, 1, e->degree);
    bind_opt_text(st, 2, e->school);
    bind_opt_text(st, 3, e->major);
    db_bind_int(st, 4, id);
    changed(c, "%s“%s”改为：学位 %s，毕业院校 %s，所学专业 %s", what,
            label_of("education", e->education),
            e->degree ? label_of("degree", e->degree) : "（不变）",
            e->school ? e->school : "（不变）", e->major ? e->major : "（不变）");
    return step_done(st);
}

/* The records a new person gets from the row, for people_insert_with: the
 * rank and post apply_rank and apply_post add (a post only with a 职务层次)
 * and the education sets apply_education adds, in its order. */
static int first_records(struct row_ctx *c, struct people_first_records *out)
{
    const struct roster_entry *e = c->e;
    memset(out, 0, sizeof *out);
    /* As insert_career and insert_education store them: "" as NULL. */
    if (e->rank) {
        out->rank = nonempty(e->rank);
        out->rank_start = e->rank_start;
    }
    if (e->post_title) {
        int rc = post_level(c, &out->post_level);
        if (rc < 0)
            return rc;
        out->post_level = nonempty(out->post_level);
        out->post_title = nonempty(e->post_title);
        out->post_start = e->post_start;
    }
    for (int set = 0; set < ROSTER_EDU_SETS && out->neducation < PEOPLE_FIRST_EDUCATIONS; set++)
        if (e->edu[set].education) {
            out->education[out->neducation].education = e->edu[set].education;
            out->education[out->neducation++].degree = nonempty(e->edu[set].degree);
        }
    return 0;
}

/* Moves the problems of a person check onto the row, under the column
 * header (the field's label, which is the header of the roster column). */
static void report_person(const struct row_ctx *c, struct field_errors *scratch)
{
    for (const struct field_error *err = scratch->head; err; err = err->next) {
        const struct field_def *f = fields_find(&person_kind, err->field);
        field_errors_add_row(c->fe, c->e->row, f ? f->label : err->field, "%s", err->message);
    }
}

/* Writes one row. Returns 0 (problems of the row in c->fe) or a database
 * error. `*outcome`: 0 created, 1 updated, 2 unchanged, -1 rejected. */
static int apply_row(struct row_ctx *c, const struct roster_apply_opts *opts, int *outcome)
{
    const struct roster_entry *e = c->e;
    *outcome = -1;
    long long id = 0;
    int rc = people_find_by_id_number(c->db, e->person.id_number, &id);
    if (rc < 0 && rc != ERR_NOT_FOUND)
        return rc;
    size_t before = c->fe->count;
    struct person_view stored;
    struct person written;
    bool person_changed = false;
    if (id) {
        if ((rc = people_get(c->db, id, c->scratch, &stored)) < 0)
            return rc;
        c->stored = &stored;
        c->person_id = id;
        person_changed = merge_person(c, &written);
        if (person_changed) {
            /* The stored fields the file left alone can disagree with the
             * ones it changed (a new birth date against the stored 入党时间). */
            struct field_errors scratch;
            field_errors_init(&scratch, c->scratch);
            if (record_validate(&person_kind, &written, c->today, &scratch) < 0) {
                report_person(c, &scratch);
                return 0;
            }
            if ((rc = people_update(c->db, &written)) < 0)
                goto write_failed;
        }
    } else {
        /* The derived columns written with the row, from the records
         * apply_post, apply_rank and apply_education add next. */
        struct people_first_records first;
        if ((rc = first_records(c, &first)) < 0)
            return rc;
        written = e->person;
        written.unit_id = c->unit_id;
        if ((rc = people_insert_with(c->db, &written, &first)) < 0)
            goto write_failed;
        c->person_id = written.id;
    }
    if ((rc = apply_post(c)) < 0 || (rc = apply_rank(c)) < 0)
        goto write_failed;
    for (int set = 0; set < ROSTER_EDU_SETS; set++)
        if ((rc = apply_education(c, (enum roster_edu_set)set)) < 0)
            goto write_failed;
    if (id && c->records_changed && (rc = people_refresh_derived(c->db, c->person_id)) < 0)
        goto write_failed;
    /* The records feed the alerts even when the derived columns stay. */
    if (c->records_changed && ((rc = rowmac_touch(c->db, "career", c->person_id)) < 0 ||
                               (rc = rowmac_touch(c->db, "education", c->person_id)) < 0 ||
                               (rc = qualify_changes_touch(c->db, c->person_id)) < 0))
        goto write_failed;
    if (c->fe->count > before)
        return 0;
    *outcome = !id ? 0 : person_changed || c->records_changed ? 1 : 2;
    if (*outcome != 2 && opts && opts->on_change) {
        struct roster_change change = {.entry = e,
                                       .person_id = c->person_id,
                                       .before = id ? &stored.person : NULL,
                                       .after = person_changed || !id ? &written : &stored.person,
                                       .records = c->changes,
                                       .scratch = c->scratch};
        if ((rc = opts->on_change(&change, opts->change_arg)) < 0)
            return rc;
    }
    return 0;

write_failed:
    if (rc != ERR_CONFLICT)
        return rc;
    field_errors_add_row(c->fe, e->row, "", "与数据库中已有数据冲突，无法写入");
    return 0;
}

/* Sets the people table's indexes aside (`*aside`) when the rows not
 * rejected already, less the people stored (each could at most update
 * one), still add `min` people or more and at least as many as are
 * stored. Returns 0 or a database error. */
static int bulk_begin(struct db *db, const bool *bad, size_t n, size_t min,
                      struct db_indexes **aside)
{
    *aside = NULL;
    size_t rows = 0;
    for (size_t i = 0; i < n; i++)
        rows += !bad[i];
    long long stored = 0;
    int rc = db_query_int(db, "SELECT count(*) FROM people", &stored, 0);
    if (rc < 0)
        return rc;
    size_t added = rows > (size_t)stored ? rows - (size_t)stored : 0;
    if (added < min || added < (size_t)stored)
        return 0;
    return db_indexes_set_aside(db, "people", aside);
}

int roster_apply_with(struct db *db, struct roster_entry *entries, size_t n, struct date today,
                      struct arena *a, struct field_errors *fe, struct roster_stats *stats,
                      const struct roster_apply_opts *opts)
{
    memset(stats, 0, sizeof *stats);
    size_t before = fe->count;
    bool *bad = arena_calloc(a, n ? n : 1, sizeof *bad);
    long long *unit_ids = arena_calloc(a, n ? n : 1, sizeof *unit_ids);
    int rc = check_rows(db, entries, n, a, fe, bad, unit_ids);
    if (rc < 0)
        return rc;
    roster_progress_fn progress = opts ? opts->progress : NULL;
    void *arg = opts ? opts->progress_arg : NULL;

    struct db_indexes *aside = NULL;
    if ((rc = bulk_begin(db, bad, n, opts && opts->bulk_min ? opts->bulk_min : ROSTER_BULK_MIN,
                         &aside)) < 0)
        return rc;
    struct arena *scratch = arena_new();
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (i > 0 && i % ROSTER_BATCH == 0) {
            arena_free(scratch);
            scratch = arena_new();
            if (progress)
                progress(i, n, arg);
        }
        if (bad[i])
            continue;
        struct row_ctx c = {.db = db,
                            .today = today,
                            .scratch = scratch,
                            .fe = fe,
                            .notes = opts ? opts->notes : NULL,
                            .stats = stats,
                            .e = &entries[i],
                            .unit_id = unit_ids[i]};
        int outcome;
        rc = apply_row(&c, opts, &outcome);
        if (outcome == 0)
            stats->created++;
        else if (outcome == 1)
            stats->updated++;
        else if (outcome == 2)
            stats->unchanged++;
    }
    arena_free(scratch);
    /* Built again whatever happened: the transaction is left as whole as
     * it was, whether the caller commits or rolls back. */
    int restored = db_indexes_restore(db, aside);
    if (rc == 0)
        rc = restored;
    if (rc < 0)
        return rc;
    if (progress)
        progress(n, n, arg);
    return fe->count > before ? ERR_INVALID : 0;
}

int roster_apply_progress(struct db *db, struct roster_entry *entries, size_t n, struct date today,
                          struct arena *a, struct field_errors *fe, struct roster_stats *stats,
                          roster_progress_fn progress, void *arg)
{
    struct roster_apply_opts opts = {.progress = progress, .progress_arg = arg};
    return roster_apply_with(db, entries, n, today, a, fe, stats, &opts);
}

int roster_apply(struct db *db, struct roster_entry *entries, size_t n, struct date today,
                 struct arena *a, struct field_errors *fe, struct roster_stats *stats)
{
    return roster_apply_with(db, entries, n, today, a, fe, stats, NULL);
}

/* ---- export ---- */

static int education_order(const char *code)
{
    const struct code_table *t = codes_table("education");
    const struct code *c = t && code ? codes_by_code(t, code) : NULL;
    return c ? c->order : 0;
}

/* The highest education of `kind` (ties and unknown codes: the earliest
 * record), in `a`. */
static void highest_education(struct db *db, long long person_id, const char *kind, struct arena *a,
                              struct roster_education *out)
{
    struct db_stmt *st;
    if (db_prepare(db,
                   "SELECT education, degree, school, major FROM education"
                   " WHERE person_id = ? AND kind = ? ORDER BY id",
                   &st) < 0)
        return;
    db_bind_int(st, 1, person_id);
    db_bind_text(st, 2, kind);
    int best = 0;
    while (db_step(st) == DB_ROW) {
        const char *code = db_column_text(st, 0);
        int order = education_order(code);
        if (!code || (out->education && !(order > 0 && (best == 0 || order < best))))
            continue;
        out->education = arena_strdup(a, code);
        out->degree = arena_strdup(a, db_column_text(st, 1));
        out->school = arena_strdup(a, db_column_text(st, 2));
        out->major = arena_strdup(a, db_column_text(st, 3));
        best = order;
    }
    db_finalize(st);
}

void roster_apply_entry_from_view(struct db *db, const struct person_view *v, struct arena *a,
                                  struct roster_entry *out)
{
    memset(out, 0, sizeof *out);
    out->person = v->person;
    /* Copy every text member: `v` may borrow from a statement. */
    for (size_t i = 0; i < person_kind.nfields; i++) {
        const struct field_def *f = &person_kind.fields[i];
        if (f->type == FIELD_TEXT || f->type == FIELD_CODE) {
            const char **s = field_ptr(f, &out->person);
            *s = arena_strdup(a, *s);
        }
    }
    out->post_title = arena_strdup(a, v->current_post_title);
    out->post_level = arena_strdup(a, v->current_post_level);
    out->post_start = v->current_post_start;
    out->rank = arena_strdup(a, v->current_rank);
    out->rank_start = v->current_rank_start;
    out->edu[ROSTER_EDU_HIGHEST].education = arena_strdup(a, v->education);
    out->edu[ROSTER_EDU_HIGHEST].degree = arena_strdup(a, v->degree);
    if (v->person.unit_id > 0)
        out->unit_path = units_path(db, v->person.unit_id, a);
    highest_education(db, v->person.id, "fulltime", a, &out->edu[ROSTER_EDU_FULLTIME]);
    highest_education(db, v->person.id, "inservice", a, &out->edu[ROSTER_EDU_INSERVICE]);
}
