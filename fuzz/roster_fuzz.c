/* roster_fuzz.c — a whole roster file as an import reads it: table_read
 * (CSV or XLSX by the first bytes), roster_file_parse (header row, columns,
 * loose dates, codes, record_validate per row), and each parsed entry back
 * to the export's cells, or a refused file's report put in row order. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/roster_entry.h"
#include "formats/roster_layout.h"
#include "formats/roster_file.h"
#include "formats/table.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new();
    struct table t;
    const char *msg = NULL;
    const struct date today = {2025, 6, 15};
    if (table_read(data, size, a, &t, &msg) == 0) {
        struct field_errors fe;
        field_errors_init(&fe, a);
        struct roster_entry *entries = NULL;
        size_t n = 0;
        if (roster_file_parse(&t, today, a, &entries, &n, &fe) == 0) {
            size_t ncols;
            roster_layout_columns(&ncols);
            const char **cells = arena_calloc(a, ncols, sizeof *cells);
            for (size_t i = 0; i < n; i++) {
                roster_file_cells(&entries[i], (int)i + 1, today, false, a, cells);
                roster_file_cells(&entries[i], (int)i + 1, today, true, a, cells);
            }
        } else if (!fe.head) {
            abort(); /* a refused file must say why */
        } else {
            /* The report in row order with names: nothing lost, nothing added. */
            size_t count = fe.count;
            roster_file_errors_finish(entries, n, &fe);
            size_t seen = 0;
            int last_row = -1;
            for (const struct field_error *e = fe.head; e; e = e->next, seen++) {
                if (e->row < last_row)
                    abort();
                last_row = e->row;
            }
            if (seen != count || fe.tail->next)
                abort();
        }
    }
    arena_free(a);
    return 0;
}
