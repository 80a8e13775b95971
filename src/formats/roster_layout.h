/* roster_layout.h — the 花名册 (roster) layout: Chinese column headers mapped to
 * the registry's fields, the header row found below any title rows, columns
 * in any order, unknown columns reported. The importer (store/ and cli/,
 * http/) turns mapped rows into records through core/fields.h. */
#ifndef CADRE_ROSTER_LAYOUT_H
#define CADRE_ROSTER_LAYOUT_H

#include <stddef.h>

#include "formats/table.h"
#include "util/err.h"

/* What a roster column holds. */
enum roster_target {
    ROSTER_PERSON,     /* a person field (`field` names it in person_kind) */
    ROSTER_UNIT,       /* 单位: the unit's name or path "厅机关/办公室" */
    ROSTER_POST,       /* 现任职务: the current post title */
    ROSTER_POST_LEVEL, /* 职务层次 */
    ROSTER_POST_START, /* 任现职时间 */
    ROSTER_RANK,       /* 现职级 */
    ROSTER_RANK_START, /* 任现职级时间 */
    /* The education columns, in sets (`field`): "fulltime" (全日制学历 …),
     * "inservice" (在职学历 …), or NULL for the one set of older files
     * (学历 …: the highest education, stored as a full-time record). */
    ROSTER_EDUCATION, /* 学历 */
    ROSTER_DEGREE,    /* 学位 */
    ROSTER_SCHOOL,    /* 毕业院校 */
    ROSTER_MAJOR,     /* 专业 */
    ROSTER_AGE,       /* 年龄: derived, read and ignored */
    ROSTER_SEQ,       /* 序号: ignored */
};

struct roster_column {
    const char *header;         /* canonical Chinese header: "出生年月" */
    const char *const *aliases; /* other headers seen in real files, NULL-ended */
    enum roster_target target;
    const char *field; /* ROSTER_PERSON: person_kind field name;
                          education columns: the set, see above */
};

/* The columns our export writes, in its order; `*count` set. (The older
 * files' one set of education columns is read but not written.) */
const struct roster_column *roster_layout_columns(size_t *count);

/* The column of `target`/`field` (any, exported or not), or NULL. */
const struct roster_column *roster_layout_column_of(enum roster_target target, const char *field);

/* Where each file column goes. */
struct roster_layout {
    size_t header_row_index; /* index into table->rows of the header row */
    size_t ncols;
    const struct roster_column **cols; /* per file column; NULL = unknown/ignored */
};

/* Finds the header row (the first of the first 10 rows naming 姓名 and at
 * least two other known columns), maps its columns, and reports each
 * unknown header as a problem on row `number` with field = the header
 * ("未知的列：XXX"). Duplicate known columns and a missing 姓名 are errors.
 * Returns 0 (unknown columns alone are reported but do not fail; the caller
 * decides), ERR_INVALID when no header row is found or a column repeats. */
int roster_layout_find(const struct table *t, struct arena *a, struct roster_layout *out,
                       struct field_errors *fe);

/* The cell of `row` under column `target`/`field`, or NULL when the file has
 * no such column or the cell is empty. */
const char *roster_layout_cell(const struct roster_layout *l, const struct table_row *row,
                               enum roster_target target, const char *field);

#endif
