/* tracking_code_fuzz.c — tipoffs_code_normalize, the reader of the
 * tracking codes anyone may type at the public page, on arbitrary text,
 * with what a code read promises: 20 symbols of Crockford's alphabet, read
 * again to itself; and the code formatted from the input's first bytes
 * reads back to the same symbols however it is typed (case, spaces). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/tipoffs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char ALPHABET[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256)
        return 0;
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    char out[TIPOFFS_CODE_SYMBOLS + 1], again[TIPOFFS_CODE_SYMBOLS + 1];
    if (tipoffs_code_normalize(s, out)) {
        if (strlen(out) != TIPOFFS_CODE_SYMBOLS || strspn(out, ALPHABET) != TIPOFFS_CODE_SYMBOLS)
            abort();
        if (!tipoffs_code_normalize(out, again) || strcmp(out, again) != 0)
            abort();
    } else if (out[0] != '\0') {
        abort();
    }
    free(s);
    if (size >= TIPOFFS_CODE_RANDOM_BYTES) {
        char code[TIPOFFS_CODE_TEXT + 1], typed[2 * TIPOFFS_CODE_TEXT + 1];
        tipoffs_code_format(data, code);
        if (strlen(code) != TIPOFFS_CODE_TEXT || !tipoffs_code_normalize(code, out))
            abort();
        /* Lower case, a space for each hyphen: read as the same code. */
        size_t n = 0;
        for (const char *p = code; *p; p++)
            typed[n++] = *p == '-' ? ' ' : (*p >= 'A' && *p <= 'Z' ? (char)(*p + 32) : *p);
        typed[n] = '\0';
        if (!tipoffs_code_normalize(typed, again) || strcmp(out, again) != 0)
            abort();
    }
    return 0;
}
