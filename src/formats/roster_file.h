/* roster_file.h — roster files to roster entries and back: every row parsed
 * and validated through core/fields.h, every problem reported with its row
 * and column; and the cells our export writes for an entry. */
#ifndef CADRE_ROSTER_FILE_H
#define CADRE_ROSTER_FILE_H

#include <stddef.h>

#include "core/roster_entry.h"
#include "formats/table.h"
#include "util/err.h"

/* Parses every data row of `t` (below the header row found by
 * roster_layout_find) into entries: dates in every roster form
 * (date_parse_loose, Excel dates already ISO), codes by code or label,
 * person fields validated with record_validate (ID number against birth
 * date and sex, ...), a post start without a post title and the like
 * reported. Every problem goes to `fe` with its row number and the column's
 * Chinese header as the field. Unknown columns are reported too. Rows that
 * are entirely empty are skipped. ID number cells a spreadsheet turned into
 * numbers ("4.3032119770819E+17") are reported once for the file, with
 * their rows. A post without 职务层次 is not an error here: its
 * post_level stays NULL for the store to infer. Returns 0 when `fe` gained
 * nothing, else ERR_INVALID (and the caller writes nothing); the entries
 * are set either way (those of bad rows partly filled), so that the checks
 * against the database can report their problems in the same pass. */
int roster_file_parse(const struct table *t, struct date today, struct arena *a,
                      struct roster_entry **entries, size_t *n, struct field_errors *fe);

/* Puts the problems of an import (roster_file_parse's, then the store's) in row
 * order, problems of the whole file first, keeping the order within a row,
 * and names each row's person (entries[].name_cell) on its problems, so a
 * report reads "行 12，张三：…". `entries` are in row order, as
 * roster_file_parse returns them. */
void roster_file_errors_finish(const struct roster_entry *entries, size_t n,
                               struct field_errors *fe);

/* The audit record of one person an import created or changed: `*before`
 * the person's fields the import changed, as they were (NULL for a new
 * person), `*after` the same fields as written (every set field for a new
 * person) with "name", the record changes under "records" and the file's
 * "row". ID number and phone masked, as in every person's audit record.
 * Compact JSON with sorted keys, written straight into text in `a`: the
 * bytes json_dumps(…, JSON_COMPACT | JSON_SORT_KEYS) gives for the same
 * objects built with jansson (an import writes one per person; building
 * them cost ~44,000 instructions each). */
void roster_file_change_text(const struct roster_change *c, struct arena *a, const char **before,
                             const char **after);

/* Fills `cells` (roster_layout_columns() count entries) with the text of `e` in
 * our export layout: dates "YYYY-MM-DD"/"YYYY-MM", codes as labels, 年龄 as
 * of `today`, 序号 = `seq`. Strings in `a`. `unmask` false masks the ID
 * number and phone. */
void roster_file_cells(const struct roster_entry *e, int seq, struct date today, bool unmask,
                       struct arena *a, const char **cells);

#endif
