/* csv_fuzz.c — table_read_csv (libcsv, BOM, GB18030 fallback, the "'" guard)
 * on arbitrary bytes: every cell it returns must be valid UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "formats/table.h"
#include "util/arena.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new();
    struct table t;
    const char *msg = NULL;
    if (table_read_csv(data, size, a, &t, &msg) == 0) {
        for (size_t r = 0; r < t.nrows; r++)
            for (size_t c = 0; c < t.rows[r].ncells; c++) {
                const char *cell = t.rows[r].cells[c];
                if (cell && !utf8_valid(cell, strlen(cell)))
                    abort();
            }
    } else if (!msg) {
        abort();
    }
    arena_free(a);
    return 0;
}
