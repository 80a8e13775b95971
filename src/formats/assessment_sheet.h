/* assessment_sheet.h — the score sheet (测评表) of an assessment round, to
 * fill offline and import: one row per person and rater group, columns
 * 身份证号, 姓名, 测评主体, then one column per scored leaf with its share
 * of the whole in the header ("管理能力（7.5%）"); rows whose 测评主体 is
 * "考试" carry the exam scores. XLSX or CSV through formats/table.h. */
#ifndef CADRE_ASSESSMENT_SHEET_H
#define CADRE_ASSESSMENT_SHEET_H

#include <stddef.h>

#include "core/assessment.h"
#include "formats/table.h"
#include "util/err.h"

struct arena;

/* The 测评主体 of exam rows. */
#define ASSESSMENT_SHEET_EXAM "考试"

struct assessment_sheet_person {
    const char *id_number;
    const char *name;
};

/* Writes the blank sheet to `path`: for each person one row per group and
 * one 考试 row when the scheme has exam leaves. Returns 0 or ERR_IO. */
int assessment_sheet_write(const char *path, enum table_format format,
                           const struct assessment_scheme *s, const struct assessment_group *groups,
                           size_t ngroups, const struct assessment_sheet_person *people,
                           size_t npeople);

/* One filled row: its number as the spreadsheet shows it, the person's ID
 * number and name as typed, the group index (-1 for 考试) and a value per
 * scheme node (NAN = blank). Rows with no value at all are skipped. */
struct assessment_sheet_row {
    int row;
    const char *id_number, *name;
    int group;
    double *values;
};

/* Reads a filled sheet (XLSX or CSV, sniffed). The header must name
 * 身份证号, 姓名, 测评主体 and at least one leaf of the scheme by name (the
 * share in brackets is ignored; order is free; a leaf without a column is
 * blank); every cell is checked (an unknown
 * group, a score outside 0–100, a level other than 优良中差, a rating leaf
 * on a 考试 row) and each problem recorded on `fe` with its row. Returns 0
 * with the rows in `a`, or ERR_INVALID (nothing is to be written then). */
int assessment_sheet_read(const void *data, size_t len, const struct assessment_scheme *s,
                          const struct assessment_group *groups, size_t ngroups, struct arena *a,
                          struct assessment_sheet_row **rows, size_t *nrows,
                          struct field_errors *fe);

#endif
