/* idnum_fuzz.c — idnum_check (GB 11643: 18 or legacy 15 characters) on
 * arbitrary text, with what an accepted number promises: its normal form
 * checks again to the same holder, and masking never overruns. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/idnum.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64)
        return 0;
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    const struct date today = {2025, 6, 15};
    struct idnum_info info;
    enum idnum_problem p = idnum_check(s, today, &info);
    if (!idnum_problem_message(p))
        abort();
    if (p == IDNUM_OK) {
        struct idnum_info again;
        if (strlen(info.number) != 18 || idnum_check(info.number, today, &again) != IDNUM_OK ||
            strcmp(again.number, info.number) != 0 || again.sex != info.sex ||
            date_compare(again.birth, info.birth) != 0 || !date_valid(info.birth) ||
            date_compare(info.birth, today) > 0)
            abort();
        if (idnum_check_char(info.number) != info.number[17])
            abort();
    }
    char masked[19];
    idnum_mask(s, masked); /* any length: the mask is at most 18 characters */
    free(s);
    return 0;
}
