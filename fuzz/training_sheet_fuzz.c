/* training_sheet_fuzz.c — a whole 培训登记表 as an import reads it:
 * table_read (CSV or XLSX by the first bytes), then training_sheet_parse
 * (header by name, ID numbers, loose dates, hours, duplicates). A refused
 * file must say why; an accepted one has complete rows. */
#include <stdint.h>
#include <stdlib.h>

#include "formats/table.h"
#include "formats/training_sheet.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new();
    struct table t;
    const char *msg = NULL;
    const struct date today = {2026, 6, 15};
    if (table_read(data, size, a, &t, &msg) == 0) {
        struct field_errors fe;
        field_errors_init(&fe, a);
        struct training_sheet_row *rows = NULL;
        size_t n = 0;
        if (training_sheet_parse(&t, today, a, &rows, &n, &fe) == 0) {
            for (size_t i = 0; i < n; i++)
                if (!rows[i].id_number || !rows[i].name || !rows[i].class_name ||
                    date_is_none(rows[i].start_date) || date_is_none(rows[i].end_date) ||
                    rows[i].hours <= 0 || rows[i].leave_hours > rows[i].hours)
                    abort();
        } else if (!fe.head) {
            abort();
        }
    }
    arena_free(a);
    return 0;
}
