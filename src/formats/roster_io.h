/* roster_io.h — roster files to roster entries and back: every row parsed
 * and validated through core/fields.h, every problem reported with its row
 * and column; and the cells our export writes for an entry. */
#ifndef CADRE_ROSTER_IO_H
#define CADRE_ROSTER_IO_H

#include <stddef.h>

#include "core/roster.h"
#include "formats/table.h"
#include "util/err.h"

/* Parses every data row of `t` (below the header row found by
 * roster_layout_find) into entries: dates in every roster form
 * (date_parse_loose, Excel dates already ISO), codes by code or label,
 * person fields validated with record_validate (ID number against birth
 * date and sex, ...), a post start without a post title and the like
 * reported. Every problem goes to `fe` with its row number and the column's
 * Chinese header as the field. Unknown columns are reported too. Rows that
 * are entirely empty are skipped. Returns 0 when `fe` gained nothing, else
 * ERR_INVALID (and the caller writes nothing). */
int roster_parse(const struct table *t, struct date today, struct arena *a,
                 struct roster_entry **entries, size_t *n, struct field_errors *fe);

/* Fills `cells` (roster_columns() count entries) with the text of `e` in
 * our export layout: dates "YYYY-MM-DD"/"YYYY-MM", codes as labels, 年龄 as
 * of `today`, 序号 = `seq`. Strings in `a`. `unmask` false masks the ID
 * number and phone. */
void roster_entry_cells(const struct roster_entry *e, int seq, struct date today, bool unmask,
                        struct arena *a, const char **cells);

#endif
