/* assessment_sheet_fuzz.c — a filled score sheet as an import reads it:
 * table_read (CSV or XLSX by the first bytes) and assessment_sheet_read
 * against a small scheme with a score leaf, a level leaf and an exam leaf;
 * a refused sheet must say why, an accepted one holds only values in range. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/assessment.h"
#include "formats/assessment_sheet.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct assessment_dimension dims[] = {
    {"德", -1, 40, ASSESSMENT_SCALE_SCORE, ASSESSMENT_SOURCE_RATING},
    {"政治理论考试", 0, 50, ASSESSMENT_SCALE_SCORE, ASSESSMENT_SOURCE_EXAM},
    {"综合素质", 0, 50, ASSESSMENT_SCALE_LEVEL, ASSESSMENT_SOURCE_RATING},
    {"能", -1, 60, ASSESSMENT_SCALE_SCORE, ASSESSMENT_SOURCE_RATING},
};
static const struct assessment_group groups[] = {{"领导", 60, false}, {"同级", 40, true}};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new();
    struct assessment_scheme s = {.name = "fuzz", .dims = dims, .count = 4};
    assessment_default_levels(s.level_values);
    struct field_errors fe;
    field_errors_init(&fe, a);
    struct assessment_sheet_row *rows;
    size_t n;
    if (assessment_sheet_read(data, size, &s, groups, 2, a, &rows, &n, &fe) == 0) {
        for (size_t i = 0; i < n; i++) {
            if (rows[i].group < -1 || rows[i].group >= 2)
                abort();
            for (size_t d = 0; d < s.count; d++)
                if (!isnan(rows[i].values[d]) &&
                    !(rows[i].values[d] >= 0 && rows[i].values[d] <= 100))
                    abort();
        }
    } else if (!fe.head) {
        abort();
    }
    arena_free(a);
    return 0;
}
