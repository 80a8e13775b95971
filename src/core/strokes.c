/* strokes.c — stroke sequences of Han characters over the table that
 * gen_strokes.py compiles from rime-stroke. */
#include "core/strokes.h"

#include <stddef.h>

#include "core/strokes_data.h"

static int byte_value(char byte)
{
    return (unsigned char)byte - STROKES_BYTE_BASE;
}

/* Start of the entry of `cp` in strokes_data, or NULL when it has none. */
static const char *entry_of(unsigned cp)
{
    size_t lo = 0, hi = strokes_range_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct strokes_range *r = &strokes_ranges[mid];
        if (cp < r->first) {
            hi = mid;
        } else if (cp - r->first >= r->count) {
            lo = mid + 1;
        } else {
            unsigned k = cp - r->first;
            const char *p = strokes_data + strokes_blocks[r->block + k / STROKES_BLOCK];
            for (unsigned skip = k % STROKES_BLOCK; skip > 0; skip--)
                p += 1 + (byte_value(*p) + 1) / 2;
            return p;
        }
    }
    return NULL;
}

int strokes_sequence(unsigned cp, char *out)
{
    out[0] = '\0';
    const char *p = entry_of(cp);
    if (p == NULL)
        return 0;
    int n = byte_value(*p++);
    if (n < 0 || n > STROKES_MAX)
        return 0;
    for (int i = 0; i < n; i += 2) {
        int pair = byte_value(*p++);
        out[i] = (char)('1' + pair / 5);
        if (i + 1 < n)
            out[i + 1] = (char)('1' + pair % 5);
    }
    out[n] = '\0';
    return n;
}
