/* roster_file.c — rows of a 花名册 turned into roster entries through the
 * field tables of core/, every problem reported under the column header the
 * user sees; and the cells of one entry as our export writes them. */
#include "formats/roster_file.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "core/idnum.h"
#include "formats/json_write.h"
#include "formats/record_json.h"
#include "formats/roster_layout.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/utf8.h"

/* A unit path "厅机关/办公室/综合科" holds a few names of at most 100
 * characters each; more is not a unit. */
#define UNIT_PATH_MAX 300

/* What one file's columns mean, worked out once per file. */
struct parse_ctx {
    const struct table *t;
    struct roster_layout layout;
    const char **headers;       /* per file column: the header as written */
    unsigned long long present; /* person fields the file has a column for */
    struct date today;
    struct arena *a;
    struct field_errors *fe;
    struct numeric_ids *numeric_ids; /* ID cells a spreadsheet turned into numbers */
};

/* The rows whose ID number cell holds a number rather than text, reported
 * once for the file: every such row has the same cause and the same fix. */
struct numeric_ids {
    int *rows;
    size_t count, cap;
    const char *example; /* the first such cell, as read */
};

static bool is_space_only(const char *s)
{
    if (!s)
        return true;
    while (*s) {
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
            s++;
        else if (strncmp(s, "\xE3\x80\x80", 3) == 0)
            s += 3;
        else
            return false;
    }
    return true;
}

/* `s` without surrounding ASCII and full-width spaces, in `a`. */
static const char *trimmed(const char *s, struct arena *a)
{
    const char *end = s + strlen(s);
    for (;;) {
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
            s++;
        else if (strncmp(s, "\xE3\x80\x80", 3) == 0)
            s += 3;
        else
            break;
    }
    for (;;) {
        if (end > s && strchr(" \t\r\n", end[-1]))
            end--;
        else if (end - s >= 3 && memcmp(end - 3, "\xE3\x80\x80", 3) == 0)
            end -= 3;
        else
            break;
    }
    return arena_strndup(a, s, (size_t)(end - s));
}

static bool row_is_empty(const struct table_row *r)
{
    for (size_t j = 0; j < r->ncells; j++)
        if (!is_space_only(r->cells[j]))
            return false;
    return true;
}

/* The header of a file column without the padding people put in headers. */
static const char *header_text(const char *cell, struct arena *a)
{
    size_t len = cell ? strlen(cell) : 0, n = 0;
    char *out = arena_alloc(a, len + 1);
    for (size_t i = 0; i < len;) {
        if (cell[i] == ' ' || cell[i] == '\t' || cell[i] == '\r' || cell[i] == '\n')
            i++;
        else if (len - i >= 3 && memcmp(cell + i, "\xE3\x80\x80", 3) == 0)
            i += 3;
        else
            out[n++] = cell[i++];
    }
    out[n] = '\0';
    return out;
}

/* The column header a message about `target`/`field` goes under: the file's
 * own header when it has that column, else our canonical one. */
static const char *header_for(const struct parse_ctx *c, enum roster_target target,
                              const char *field)
{
    for (size_t j = 0; j < c->layout.ncols; j++) {
        const struct roster_column *col = c->layout.cols[j];
        if (col && col->target == target &&
            (field && col->field ? strcmp(col->field, field) == 0 : field == col->field))
            return c->headers[j];
    }
    const struct roster_column *col = roster_layout_column_of(target, field);
    if (col)
        return col->header;
    /* A person field without a roster column: its label. */
    const struct field_def *f = field ? fields_find(&person_kind, field) : NULL;
    return f ? f->label : "";
}

/* Moves the problems of `scratch` into the file's list, on `row`, each under
 * the header `map` gives for its field. A message that opens with the
 * field's label ("任职开始时间格式不正确") opens with the column's header
 * instead ("任现职级时间…"): the user reads the column, not our record. */
typedef const char *(*header_map)(const struct parse_ctx *c, const char *field);

static void move_errors(const struct parse_ctx *c, const struct record_kind *kind, int row,
                        struct field_errors *scratch, header_map map)
{
    for (const struct field_error *e = scratch->head; e; e = e->next) {
        const char *header = map(c, e->field);
        const struct field_def *f = fields_find(kind, e->field);
        size_t n = f ? strlen(f->label) : 0;
        if (n && strncmp(e->message, f->label, n) == 0 && strcmp(f->label, header) != 0)
            field_errors_add_row(c->fe, row, header, "%s%s", header, e->message + n);
        else
            field_errors_add_row(c->fe, row, header, "%s", e->message);
    }
}

static const char *map_person(const struct parse_ctx *c, const char *field)
{
    return header_for(c, ROSTER_PERSON, field);
}

static const char *map_post(const struct parse_ctx *c, const char *field)
{
    if (strcmp(field, "post_level") == 0)
        return header_for(c, ROSTER_POST_LEVEL, NULL);
    if (strcmp(field, "start_date") == 0)
        return header_for(c, ROSTER_POST_START, NULL);
    return header_for(c, ROSTER_POST, NULL);
}

static const char *map_rank(const struct parse_ctx *c, const char *field)
{
    if (strcmp(field, "start_date") == 0)
        return header_for(c, ROSTER_RANK_START, NULL);
    return header_for(c, ROSTER_RANK, NULL);
}

/* The education set being parsed: map_education has no other argument. */
static const char *const edu_set_field[ROSTER_EDU_SETS] = {NULL, "fulltime", "inservice"};

#define MAP_EDUCATION(set, fn)                                                                     \
    static const char *fn(const struct parse_ctx *c, const char *field)                            \
    {                                                                                              \
        const char *f = edu_set_field[set];                                                        \
        if (strcmp(field, "degree") == 0)                                                          \
            return header_for(c, ROSTER_DEGREE, f);                                                \
        if (strcmp(field, "school") == 0)                                                          \
            return header_for(c, ROSTER_SCHOOL, f);                                                \
        if (strcmp(field, "major") == 0)                                                           \
            return header_for(c, ROSTER_MAJOR, f);                                                 \
        return header_for(c, ROSTER_EDUCATION, f);                                                 \
    }
MAP_EDUCATION(ROSTER_EDU_HIGHEST, map_education_highest)
MAP_EDUCATION(ROSTER_EDU_FULLTIME, map_education_fulltime)
MAP_EDUCATION(ROSTER_EDU_INSERVICE, map_education_inservice)

static const header_map map_education[ROSTER_EDU_SETS] = {
    map_education_highest, map_education_fulltime, map_education_inservice};

/* Sets field `name` of `rec` from `text`, its message (if any) in `scratch`
 * under the field's own name. */
static void set_field(const struct record_kind *kind, const char *name, void *rec, const char *text,
                      struct arena *a, struct field_errors *scratch)
{
    if (!text || field_errors_has(scratch, name))
        return;
    field_set_text(fields_find(kind, name), rec, text, true, a, scratch);
}

/* The current post of the row: 现任职务, 职务层次, 任现职时间 together. */
static void parse_post(const struct parse_ctx *c, const struct table_row *r, struct roster_entry *e)
{
    const char *title = roster_layout_cell(&c->layout, r, ROSTER_POST, NULL);
    const char *level = roster_layout_cell(&c->layout, r, ROSTER_POST_LEVEL, NULL);
    const char *start = roster_layout_cell(&c->layout, r, ROSTER_POST_START, NULL);
    if (is_space_only(title) && is_space_only(level) && is_space_only(start))
        return;
    struct career_record post = {.kind = "post"};
    struct field_errors scratch;
    field_errors_init(&scratch, c->a);
    set_field(&career_kind, "title", &post, title, c->a, &scratch);
    set_field(&career_kind, "post_level", &post, level, c->a, &scratch);
    set_field(&career_kind, "start_date", &post, start, c->a, &scratch);
    if (!field_is_set(fields_find(&career_kind, "title"), &post) &&
        !field_errors_has(&scratch, "title"))
        field_errors_add(&scratch, "title", "填写了职务层次或任现职时间，但现任职务为空");
    else if (is_space_only(level)) {
        /* No 职务层次: the store infers it from the title and the unit, or
         * lists the row as 数据不全; the rest is checked with a stand-in. */
        post.post_level = "5A";
        record_validate(&career_kind, &post, c->today, &scratch);
        post.post_level = NULL;
    } else
        record_validate(&career_kind, &post, c->today, &scratch);
    if (scratch.count) {
        move_errors(c, &career_kind, r->number, &scratch, map_post);
        return;
    }
    e->post_title = post.title;
    e->post_level = post.post_level;
    e->post_start = post.start_date;
}

/* The current rank: 现职级 and 任现职级时间. */
static void parse_rank(const struct parse_ctx *c, const struct table_row *r, struct roster_entry *e)
{
    const char *rank = roster_layout_cell(&c->layout, r, ROSTER_RANK, NULL);
    const char *start = roster_layout_cell(&c->layout, r, ROSTER_RANK_START, NULL);
    if (is_space_only(rank) && is_space_only(start))
        return;
    struct career_record rec = {.kind = "rank"};
    struct field_errors scratch;
    field_errors_init(&scratch, c->a);
    set_field(&career_kind, "rank", &rec, rank, c->a, &scratch);
    set_field(&career_kind, "start_date", &rec, start, c->a, &scratch);
    if (!field_is_set(fields_find(&career_kind, "rank"), &rec) &&
        !field_errors_has(&scratch, "rank"))
        field_errors_add(&scratch, "rank", "填写了任现职级时间，但现职级为空");
    else
        record_validate(&career_kind, &rec, c->today, &scratch);
    if (scratch.count) {
        move_errors(c, &career_kind, r->number, &scratch, map_rank);
        return;
    }
    e->rank = rec.rank;
    e->rank_start = rec.start_date;
}

/* One set of education columns (全日制, 在职, or the one set of older
 * files): 学历 with its 学位, 毕业院校 and 所学专业. */
static void parse_education(const struct parse_ctx *c, const struct table_row *r,
                            enum roster_edu_set set, struct roster_entry *e)
{
    const char *f = edu_set_field[set];
    const char *education = roster_layout_cell(&c->layout, r, ROSTER_EDUCATION, f);
    const char *degree = roster_layout_cell(&c->layout, r, ROSTER_DEGREE, f);
    const char *school = roster_layout_cell(&c->layout, r, ROSTER_SCHOOL, f);
    const char *major = roster_layout_cell(&c->layout, r, ROSTER_MAJOR, f);
    if (is_space_only(education) && is_space_only(degree) && is_space_only(school) &&
        is_space_only(major))
        return;
    struct education_record rec = {.kind = set == ROSTER_EDU_INSERVICE ? "inservice" : "fulltime"};
    struct field_errors scratch;
    field_errors_init(&scratch, c->a);
    set_field(&education_kind, "education", &rec, education, c->a, &scratch);
    set_field(&education_kind, "degree", &rec, degree, c->a, &scratch);
    set_field(&education_kind, "school", &rec, school, c->a, &scratch);
    set_field(&education_kind, "major", &rec, major, c->a, &scratch);
    if (!field_is_set(fields_find(&education_kind, "education"), &rec) &&
        !field_errors_has(&scratch, "education"))
        field_errors_add(&scratch, "education", "填写了学位、毕业院校或专业，但学历为空");
    else
        record_validate(&education_kind, &rec, c->today, &scratch);
    if (scratch.count) {
        move_errors(c, &education_kind, r->number, &scratch, map_education[set]);
        return;
    }
    e->edu[set] = (struct roster_education){
        .education = rec.education, .degree = rec.degree, .school = rec.school, .major = rec.major};
}

/* Whether an ID number cell is a number a spreadsheet made of it: written
 * in exponent form ("4.3032119770819E+17", Excel's General format of an
 * 18-digit number), or as digits whose tail became zeros (a number format
 * "0": 15 significant digits, then "000"). Either way the last digits are
 * gone. */
static bool id_is_spreadsheet_number(const char *s, struct date today)
{
    size_t len = strlen(s), digits = 0;
    bool exponent = false, point = false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else if (s[i] == '.' && !point && !exponent)
            point = true;
        else if ((s[i] == 'E' || s[i] == 'e') && !exponent && digits)
            exponent = true;
        else if (s[i] == '+' && i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e'))
            continue;
        else
            return false;
    }
    if (exponent)
        return true;
    if (point || len < 16 || len > 18 || strcmp(s + len - 3, "000") != 0)
        return false;
    struct idnum_info info;
    return idnum_check(s, today, &info) != IDNUM_OK;
}

static void numeric_id_add(const struct parse_ctx *c, int row, const char *cell)
{
    struct numeric_ids *ids = c->numeric_ids;
    if (ids->count == ids->cap) {
        size_t cap = ids->cap ? 2 * ids->cap : 64;
        int *rows = arena_calloc(c->a, cap, sizeof *rows);
        if (ids->count)
            memcpy(rows, ids->rows, ids->count * sizeof *rows);
        ids->rows = rows;
        ids->cap = cap;
    }
    ids->rows[ids->count++] = row;
    if (!ids->example)
        ids->example = cell;
}

/* The one message for every row whose ID number became a number. */
static void numeric_ids_report(const struct parse_ctx *c)
{
    const struct numeric_ids *ids = c->numeric_ids;
    if (!ids->count)
        return;
    enum { ROWS_LISTED = 20 };
    struct strbuf rows = STRBUF_INIT;
    for (size_t i = 0; i < ids->count && i < ROWS_LISTED; i++)
        strbuf_printf(&rows, "%s%d", i ? "、" : "", ids->rows[i]);
    if (ids->count > ROWS_LISTED)
        strbuf_printf(&rows, " 等");
    field_errors_add(c->fe, header_for(c, ROSTER_PERSON, "id_number"),
                     "身份证号列被表格软件保存成了数字（如“%s”），共 %zu 行（第 %s 行）："
                     "18 位号码超出了数字的精度，后几位已经丢失，无法从本文件恢复。"
                     "请把身份证号列设置为“文本”格式，从原始名册或本系统导出的文件中重新粘贴"
                     "身份证号（或先设为文本再输入），保存后重新导入",
                     ids->example, ids->count, strbuf_str(&rows));
    strbuf_release(&rows);
}

/* The person of the row. A roster identifies people by ID number, so it is
 * required here, on top of the fields a person always needs. */
static void parse_person(const struct parse_ctx *c, const struct table_row *r,
                         struct roster_entry *e)
{
    struct field_errors scratch;
    field_errors_init(&scratch, c->a);
    bool numeric_id = false;
    for (size_t j = 0; j < c->layout.ncols && j < r->ncells; j++) {
        const struct roster_column *col = c->layout.cols[j];
        if (!col || col->target != ROSTER_PERSON)
            continue;
        if (strcmp(col->field, "name") == 0 && !is_space_only(r->cells[j]))
            e->name_cell = trimmed(r->cells[j], c->a);
        if (strcmp(col->field, "id_number") == 0 && r->cells[j] &&
            id_is_spreadsheet_number(trimmed(r->cells[j], c->a), c->today)) {
            numeric_id_add(c, r->number, trimmed(r->cells[j], c->a));
            numeric_id = true;
            continue;
        }
        set_field(&person_kind, col->field, &e->person, r->cells[j], c->a, &scratch);
    }
    record_validate(&person_kind, &e->person, c->today, &scratch);
    const struct field_def *id = fields_find(&person_kind, "id_number");
    if (numeric_id) {
        /* reported once for the file, by numeric_ids_report */
    } else if (!field_is_set(id, &e->person) && !field_errors_has(&scratch, "id_number"))
        field_errors_add(&scratch, "id_number", "身份证号不能为空（导入按身份证号匹配干部）");
    if (scratch.count) {
        move_errors(c, &person_kind, r->number, &scratch, map_person);
        return;
    }
    /* One spelling per person: the 18-character form, X uppercased, so
     * that matching by ID number finds a legacy 15-digit entry too. */
    struct idnum_info info;
    if (idnum_check(e->person.id_number, c->today, &info) == IDNUM_OK)
        e->person.id_number = arena_strdup(c->a, info.number);
}

static void parse_row(const struct parse_ctx *c, const struct table_row *r, struct roster_entry *e)
{
    memset(e, 0, sizeof *e);
    e->row = r->number;
    e->present = c->present;
    parse_person(c, r, e);
    const char *unit = roster_layout_cell(&c->layout, r, ROSTER_UNIT, NULL);
    if (!is_space_only(unit)) {
        const char *path = trimmed(unit, c->a);
        if (!utf8_valid(path, strlen(path)))
            field_errors_add_row(c->fe, r->number, header_for(c, ROSTER_UNIT, NULL),
                                 "单位含有无效字符（不是有效的 UTF-8 文本）");
        else if (utf8_length(path) > UNIT_PATH_MAX)
            field_errors_add_row(c->fe, r->number, header_for(c, ROSTER_UNIT, NULL),
                                 "单位不能超过 %d 个字", UNIT_PATH_MAX);
        else
            e->unit_path = path;
    }
    parse_post(c, r, e);
    parse_rank(c, r, e);
    for (int set = 0; set < ROSTER_EDU_SETS; set++)
        parse_education(c, r, (enum roster_edu_set)set, e);
}

int roster_file_parse(const struct table *t, struct date today, struct arena *a,
                      struct roster_entry **entries, size_t *n, struct field_errors *fe)
{
    *entries = NULL;
    *n = 0;
    size_t before = fe->count;
    struct numeric_ids numeric_ids = {0};
    struct parse_ctx c = {.t = t, .today = today, .a = a, .fe = fe, .numeric_ids = &numeric_ids};
    if (roster_layout_find(t, a, &c.layout, fe) < 0)
        return ERR_INVALID;

    const struct table_row *header = &t->rows[c.layout.header_row_index];
    c.headers = arena_calloc(a, c.layout.ncols ? c.layout.ncols : 1, sizeof *c.headers);
    for (size_t j = 0; j < c.layout.ncols; j++) {
        const struct roster_column *col = c.layout.cols[j];
        c.headers[j] = header_text(header->cells[j], a);
        if (!col)
            continue;
        const char *field = col->target == ROSTER_PERSON ? col->field
                            : col->target == ROSTER_UNIT ? "unit_id"
                                                         : NULL;
        for (size_t i = 0; field && i < person_kind.nfields; i++)
            if (strcmp(person_kind.fields[i].name, field) == 0)
                c.present |= ROSTER_PRESENT_BIT(i);
    }

    size_t first = c.layout.header_row_index + 1;
    size_t cap = t->nrows > first ? t->nrows - first : 1, count = 0;
    struct roster_entry *out = arena_calloc(a, cap, sizeof *out);
    for (size_t i = first; i < t->nrows; i++) {
        if (row_is_empty(&t->rows[i]))
            continue;
        parse_row(&c, &t->rows[i], &out[count++]);
    }
    numeric_ids_report(&c);
    if (count == 0)
        field_errors_add(fe, "", "表头之下没有数据行");
    *entries = out;
    *n = count;
    return fe->count > before ? ERR_INVALID : 0;
}

/* ---- the report ---- */

void roster_file_errors_finish(const struct roster_entry *entries, size_t n,
                               struct field_errors *fe)
{
    size_t m = fe->count;
    if (!m)
        return;
    struct field_error **list = arena_calloc(fe->arena, m, sizeof *list);
    size_t i = 0;
    for (struct field_error *e = fe->head; e; e = e->next)
        list[i++] = e;
    /* A bottom-up merge sort by row: stable, so a row's problems keep the
     * order of its columns (qsort is not stable). */
    struct field_error **tmp = arena_calloc(fe->arena, m, sizeof *tmp);
    for (size_t width = 1; width < m; width *= 2) {
        for (size_t lo = 0; lo < m; lo += 2 * width) {
            size_t mid = lo + width < m ? lo + width : m;
            size_t hi = lo + 2 * width < m ? lo + 2 * width : m;
            size_t p = lo, q = mid, k = lo;
            while (p < mid && q < hi)
                tmp[k++] = list[q]->row < list[p]->row ? list[q++] : list[p++];
            while (p < mid)
                tmp[k++] = list[p++];
            while (q < hi)
                tmp[k++] = list[q++];
        }
        struct field_error **swap = list;
        list = tmp;
        tmp = swap;
    }
    size_t next = 0;
    for (i = 0; i < m; i++) {
        struct field_error *e = list[i];
        e->next = i + 1 < m ? list[i + 1] : NULL;
        if (!e->row)
            continue;
        while (next < n && entries[next].row < e->row)
            next++;
        if (next < n && entries[next].row == e->row && entries[next].name_cell)
            e->name = entries[next].name_cell;
    }
    fe->head = list[0];
    fe->tail = list[m - 1];
}

/* ---- the audit record of a change ---- */

/* The person fields in the order of their names (strcmp), as
 * JSON_SORT_KEYS orders an object's keys; worked out once. */
enum { SORTED_FIELDS_MAX = 64 };
static const struct field_def *sorted_fields[SORTED_FIELDS_MAX];
static size_t nsorted;
static pthread_once_t sorted_once = PTHREAD_ONCE_INIT;

static int by_field_name(const void *x, const void *y)
{
    const struct field_def *a = *(const struct field_def *const *)x;
    const struct field_def *b = *(const struct field_def *const *)y;
    return strcmp(a->name, b->name);
}

static void sort_fields(void)
{
    if (person_kind.nfields > SORTED_FIELDS_MAX)
        abort(); /* a programming error: raise SORTED_FIELDS_MAX */
    for (size_t i = 0; i < person_kind.nfields; i++)
        sorted_fields[i] = &person_kind.fields[i];
    nsorted = person_kind.nfields;
    qsort(sorted_fields, nsorted, sizeof *sorted_fields, by_field_name);
}

/* A member of the "after" object that is not a person field. */
static void write_extra(struct json_writer *w, const struct roster_change *c, const char *key)
{
    jw_key(w, key);
    if (strcmp(key, "name") == 0) {
        jw_string(w, c->after->name);
    } else if (strcmp(key, "records") == 0) {
        jw_array_begin(w);
        for (const char *const *r = c->records; *r; r++)
            jw_string(w, *r);
        jw_array_end(w);
    } else {
        jw_int(w, c->entry->row);
    }
}

/* The object of the fields `include` marks (in sorted_fields' order) of
 * `p`, with the sorted `extras` merged in by key; in `a`. Values masked
 * as the API masks for roles without sensitive.read (field_mask): the log
 * is read by auditors who may not see ID numbers or phones. */
static const char *change_object(const struct roster_change *c, const struct person *p,
                                 const bool *include, const char *const *extras, size_t nextras,
                                 struct arena *a)
{
    struct strbuf sb = STRBUF_INIT;
    struct json_writer w;
    jw_init(&w, &sb);
    jw_object_begin(&w);
    size_t x = 0;
    for (size_t i = 0; i < nsorted; i++) {
        if (!include[i])
            continue;
        const struct field_def *f = sorted_fields[i];
        for (; x < nextras && strcmp(extras[x], f->name) < 0; x++)
            write_extra(&w, c, extras[x]);
        jw_key(&w, f->name);
        record_json_write_field(&w, f, p, false);
    }
    for (; x < nextras; x++)
        write_extra(&w, c, extras[x]);
    jw_object_end(&w);
    const char *out = arena_strdup(a, strbuf_str(&sb));
    strbuf_release(&sb);
    return out;
}

void roster_file_change_text(const struct roster_change *c, struct arena *a, const char **before,
                             const char **after)
{
    pthread_once(&sorted_once, sort_fields);
    bool include[SORTED_FIELDS_MAX];
    bool name_included = false;
    for (size_t i = 0; i < nsorted; i++) {
        const struct field_def *f = sorted_fields[i];
        if (c->before) {
            const char *was = field_get_text(f, c->before, true, a);
            const char *now = field_get_text(f, c->after, true, a);
            include[i] = !(was && now ? strcmp(was, now) == 0 : was == now);
        } else {
            include[i] = field_is_set(f, c->after);
        }
        if (include[i] && strcmp(f->name, "name") == 0)
            name_included = true;
    }
    /* In strcmp order, as the fields. */
    const char *extras[3];
    size_t nextras = 0;
    if (c->after->name && !name_included)
        extras[nextras++] = "name";
    if (c->records && *c->records)
        extras[nextras++] = "records";
    extras[nextras++] = "row";
    *before = c->before ? change_object(c, c->before, include, NULL, 0, a) : NULL;
    *after = change_object(c, c->after, include, extras, nextras, a);
}

/* ---- export cells ---- */

static const char *date_text(struct date d, struct arena *a)
{
    char buf[11];
    return date_is_none(d) ? NULL : arena_strdup(a, date_format_iso(d, buf));
}

static const char *code_text(const char *table, const char *code)
{
    if (!code || !*code)
        return NULL;
    const char *label = codes_label(table, code);
    return label ? label : code;
}

static const char *person_cell(const struct person *p, const char *field, bool unmask,
                               struct arena *a)
{
    const struct field_def *f = fields_find(&person_kind, field);
    if (!f || !field_is_set(f, p))
        return NULL;
    if (f->type == FIELD_CODE)
        return code_text(f->code_table, *(const char *const *)field_cptr(f, p));
    const char *text = field_get_text(f, p, false, a);
    if (!unmask && (f->flags & FIELD_SENSITIVE)) {
        char masked[MASK_MAX];
        return arena_strdup(a, field_mask(f, text, masked));
    }
    return text;
}

/* The education of `e` an education column `col` shows. */
static const struct roster_education *edu_of(const struct roster_entry *e,
                                             const struct roster_column *col)
{
    if (!col->field)
        return &e->edu[ROSTER_EDU_HIGHEST];
    return &e->edu[strcmp(col->field, "inservice") == 0 ? ROSTER_EDU_INSERVICE
                                                        : ROSTER_EDU_FULLTIME];
}

void roster_file_cells(const struct roster_entry *e, int seq, struct date today, bool unmask,
                       struct arena *a, const char **cells)
{
    size_t n;
    const struct roster_column *cols = roster_layout_columns(&n);
    for (size_t i = 0; i < n; i++) {
        const char *v = NULL;
        switch (cols[i].target) {
        case ROSTER_SEQ:
            v = arena_sprintf(a, "%d", seq);
            break;
        case ROSTER_PERSON:
            v = person_cell(&e->person, cols[i].field, unmask, a);
            break;
        case ROSTER_AGE:
            if (!date_is_none(e->person.birth_date) && !date_is_none(today))
                v = arena_sprintf(a, "%d", date_age(e->person.birth_date, today));
            break;
        case ROSTER_UNIT:
            v = e->unit_path;
            break;
        case ROSTER_POST:
            v = e->post_title;
            break;
        case ROSTER_POST_LEVEL:
            v = code_text("post_level", e->post_level);
            break;
        case ROSTER_POST_START:
            v = date_text(e->post_start, a);
            break;
        case ROSTER_RANK:
            v = code_text("rank", e->rank);
            break;
        case ROSTER_RANK_START:
            v = date_text(e->rank_start, a);
            break;
        case ROSTER_EDUCATION:
            v = code_text("education", edu_of(e, &cols[i])->education);
            break;
        case ROSTER_DEGREE:
            v = code_text("degree", edu_of(e, &cols[i])->degree);
            break;
        case ROSTER_SCHOOL:
            v = edu_of(e, &cols[i])->school;
            break;
        case ROSTER_MAJOR:
            v = edu_of(e, &cols[i])->major;
            break;
        }
        cells[i] = v;
    }
}
