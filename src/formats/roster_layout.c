/* roster_layout.c — the 花名册 columns as one static table, and finding them in a
 * spreadsheet whose header row may sit below title rows. */
#include "formats/roster_layout.h"

#include <stdbool.h>
#include <string.h>

#include "util/arena.h"
#include "util/err.h"

/* Header rows are looked for in the first rows only: real rosters have a
 * title ("XX厅干部花名册") and a line like "填报单位：…" above the header. */
#define ROSTER_HEADER_SEARCH_ROWS 10
/* 姓名 and at least this many other known columns make a header row. */
#define ROSTER_HEADER_MIN_OTHERS 2

#define ALIASES(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NO_ALIASES ((const char *const[]){NULL})

/* In the order our export writes them. */
static const struct roster_column columns[] = {
    {"序号", NO_ALIASES, ROSTER_SEQ, NULL},
    {"姓名", NO_ALIASES, ROSTER_PERSON, "name"},
    {"性别", NO_ALIASES, ROSTER_PERSON, "gender"},
    {"出生年月", ALIASES("出生日期", "出生年月日"), ROSTER_PERSON, "birth_date"},
    {"年龄", NO_ALIASES, ROSTER_AGE, NULL},
    {"民族", NO_ALIASES, ROSTER_PERSON, "ethnicity"},
    {"籍贯", NO_ALIASES, ROSTER_PERSON, "native_place"},
    {"出生地", NO_ALIASES, ROSTER_PERSON, "birth_place"},
    {"身份证号", ALIASES("身份证号码", "公民身份号码"), ROSTER_PERSON, "id_number"},
    {"政治面貌", NO_ALIASES, ROSTER_PERSON, "party"},
    {"入党时间", ALIASES("入党年月"), ROSTER_PERSON, "party_join_date"},
    {"参加工作时间", ALIASES("参加工作年月"), ROSTER_PERSON, "work_start_date"},
    {"健康状况", NO_ALIASES, ROSTER_PERSON, "health"},
    {"专业技术职务", NO_ALIASES, ROSTER_PERSON, "title"},
    {"熟悉专业有何专长", ALIASES("专长"), ROSTER_PERSON, "specialty"},
    {"全日制学历", ALIASES("全日制教育学历"), ROSTER_EDUCATION, "fulltime"},
    {"全日制学位", ALIASES("全日制教育学位"), ROSTER_DEGREE, "fulltime"},
    {"全日制毕业院校", NO_ALIASES, ROSTER_SCHOOL, "fulltime"},
    {"全日制所学专业", ALIASES("全日制专业"), ROSTER_MAJOR, "fulltime"},
    {"在职学历", ALIASES("在职教育学历"), ROSTER_EDUCATION, "inservice"},
    {"在职学位", ALIASES("在职教育学位"), ROSTER_DEGREE, "inservice"},
    {"在职毕业院校", NO_ALIASES, ROSTER_SCHOOL, "inservice"},
    {"在职所学专业", ALIASES("在职专业"), ROSTER_MAJOR, "inservice"},
    {"单位", ALIASES("工作单位", "所在单位", "处室"), ROSTER_UNIT, NULL},
    {"现任职务", ALIASES("职务"), ROSTER_POST, NULL},
    {"职务层次", ALIASES("职务级别"), ROSTER_POST_LEVEL, NULL},
    {"任现职时间", ALIASES("任现职务时间"), ROSTER_POST_START, NULL},
    {"现职级", ALIASES("职级"), ROSTER_RANK, NULL},
    {"任现职级时间", NO_ALIASES, ROSTER_RANK_START, NULL},
    {"联系电话", ALIASES("手机"), ROSTER_PERSON, "phone"},
    {"人员状态", ALIASES("状态"), ROSTER_PERSON, "status"},
    {"备注", NO_ALIASES, ROSTER_PERSON, "notes"},
    /* One set of education columns, as files written before the sets were
     * split have them: the highest education. Read, never written. */
    {"学历", ALIASES("最高学历"), ROSTER_EDUCATION, NULL},
    {"学位", ALIASES("最高学位"), ROSTER_DEGREE, NULL},
    {"毕业院校", ALIASES("毕业院校系及专业"), ROSTER_SCHOOL, NULL},
    {"所学专业", ALIASES("专业"), ROSTER_MAJOR, NULL},
};

/* The legacy education set at the end is read only. */
#define NEXPORTED (NCOLUMNS - 4)

#define NCOLUMNS (sizeof columns / sizeof columns[0])

const struct roster_column *roster_layout_columns(size_t *count)
{
    *count = NEXPORTED;
    return columns;
}

/* Whether `field` (NULL for none) names the same column as `want`. */
static bool same_field(const char *field, const char *want)
{
    return field && want ? strcmp(field, want) == 0 : field == want;
}

/* A header cell without the spaces, full-width spaces (U+3000) and line
 * breaks people put in to make headers fit ("出生\n年月", "姓　名"), in
 * `a`; NULL when nothing is left. */
static char *header_normalize(const char *cell, struct arena *a)
{
    if (!cell)
        return NULL;
    size_t len = strlen(cell), n = 0;
    char *out = arena_alloc(a, len + 1);
    for (size_t i = 0; i < len;) {
        if (cell[i] == ' ' || cell[i] == '\t' || cell[i] == '\r' || cell[i] == '\n') {
            i++;
        } else if (len - i >= 3 && memcmp(cell + i, "\xE3\x80\x80", 3) == 0) {
            i += 3;
        } else {
            out[n++] = cell[i++];
        }
    }
    out[n] = '\0';
    return n ? out : NULL;
}

const struct roster_column *roster_layout_column_of(enum roster_target target, const char *field)
{
    for (size_t i = 0; i < NCOLUMNS; i++)
        if (columns[i].target == target && same_field(columns[i].field, field))
            return &columns[i];
    return NULL;
}

/* The column whose header or alias is `header` (normalized), or NULL. */
static const struct roster_column *column_by_header(const char *header)
{
    if (!header)
        return NULL;
    for (size_t i = 0; i < NCOLUMNS; i++) {
        if (strcmp(columns[i].header, header) == 0)
            return &columns[i];
        for (const char *const *alias = columns[i].aliases; *alias; alias++)
            if (strcmp(*alias, header) == 0)
                return &columns[i];
    }
    return NULL;
}

/* Spreadsheet column letters of index `col` (0 = "A") into `buf` (>= 8). */
static const char *column_letters(size_t col, char *buf)
{
    char tmp[8];
    size_t n = 0;
    col++;
    while (col > 0 && n < sizeof tmp - 1) {
        tmp[n++] = (char)('A' + (col - 1) % 26);
        col = (col - 1) / 26;
    }
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return buf;
}

/* How row `r` reads as a header: whether it names 姓名, and how many other
 * known columns it names. */
static void header_score(const struct table_row *r, struct arena *a, bool *has_name, size_t *others)
{
    *has_name = false;
    *others = 0;
    for (size_t j = 0; j < r->ncells; j++) {
        const struct roster_column *c = column_by_header(header_normalize(r->cells[j], a));
        if (!c)
            continue;
        if (c->target == ROSTER_PERSON && same_field(c->field, "name"))
            *has_name = true;
        else
            (*others)++;
    }
}

int roster_layout_find(const struct table *t, struct arena *a, struct roster_layout *out,
                       struct field_errors *fe)
{
    memset(out, 0, sizeof *out);
    size_t limit = t->nrows < ROSTER_HEADER_SEARCH_ROWS ? t->nrows : ROSTER_HEADER_SEARCH_ROWS;
    size_t header = limit;
    bool named_without_name = false;
    for (size_t i = 0; i < limit && header == limit; i++) {
        bool has_name;
        size_t others;
        header_score(&t->rows[i], a, &has_name, &others);
        if (has_name && others >= ROSTER_HEADER_MIN_OTHERS)
            header = i;
        else if (!has_name && others > ROSTER_HEADER_MIN_OTHERS)
            named_without_name = true;
    }
    if (header == limit) {
        if (named_without_name)
            field_errors_add(fe, "姓名", "表头缺少“姓名”列");
        else
            field_errors_add(fe, "",
                             "未找到表头行：前 %d 行中没有同时包含“姓名”和其他列名"
                             "（如性别、出生年月）的行",
                             ROSTER_HEADER_SEARCH_ROWS);
        return ERR_INVALID;
    }

    const struct table_row *row = &t->rows[header];
    out->header_row_index = header;
    out->ncols = row->ncells;
    out->cols = arena_calloc(a, row->ncells ? row->ncells : 1, sizeof *out->cols);
    int rc = 0;
    for (size_t j = 0; j < row->ncells; j++) {
        const char *name = header_normalize(row->cells[j], a);
        if (!name)
            continue; /* an untitled column (often the empty right edge) */
        const struct roster_column *c = column_by_header(name);
        if (!c) {
            field_errors_add_row(fe, row->number, name, "未知的列：%s", name);
            continue;
        }
        for (size_t k = 0; k < j; k++) {
            if (out->cols[k] == c) {
                char first[8], second[8];
                field_errors_add_row(fe, row->number, name, "列“%s”重复：第 %s 列与第 %s 列都是%s",
                                     name, column_letters(k, first), column_letters(j, second),
                                     c->header);
                rc = ERR_INVALID;
                c = NULL;
                break;
            }
        }
        out->cols[j] = c;
    }
    return rc;
}

const char *roster_layout_cell(const struct roster_layout *l, const struct table_row *row,
                               enum roster_target target, const char *field)
{
    for (size_t j = 0; j < l->ncols && j < row->ncells; j++) {
        const struct roster_column *c = l->cols[j];
        if (!c || c->target != target)
            continue;
        if (!same_field(c->field, field))
            continue;
        const char *cell = row->cells[j];
        return cell && cell[0] ? cell : NULL;
    }
    return NULL;
}
