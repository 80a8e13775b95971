/* training_sheet.h — the 培训登记表 offices keep (XLSX or CSV, read by
 * formats/table.h): one row per person and class, with the columns 身份证号,
 * 姓名, 培训班名称, 主办单位, 培训类别, 开始日期, 结束日期, 学时, 请假学时,
 * parsed and checked row by row (docs/training.md "Import"). */
#ifndef CADRE_TRAINING_SHEET_H
#define CADRE_TRAINING_SHEET_H

#include <stddef.h>

#include "core/date.h"
#include "core/training.h"
#include "formats/table.h"
#include "util/err.h"

struct arena;

/* The columns, in the order a blank template lists them; `*n` set. */
const char *const *training_sheet_columns(size_t *n);

/* struct training_sheet_row is in core/training.h (the store applies it). */

/* Reads `t`: the first row is the header (columns in any order, matched by
 * name; 主办单位, 培训类别 and 请假学时 may be absent; unknown columns are
 * reported). Every problem goes to `fe` with its row number and the column's
 * name as the field; a row naming the same person and class (name and
 * dates) as an earlier one is reported. `*rows` (in `a`) and `*n` hold the
 * rows read, also when some are wrong. Returns 0 when `fe` gained nothing,
 * else ERR_INVALID. `today` bounds the dates (training is entered after it
 * ends). */
int training_sheet_parse(const struct table *t, struct date today, struct arena *a,
                         struct training_sheet_row **rows, size_t *n, struct field_errors *fe);

#endif
