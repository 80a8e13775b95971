/* photo_fuzz.c — an uploaded photo as photo_check decodes it: JPEG or PNG by
 * signature, every row read; an accepted photo has sides within the limit,
 * a refused one says why. */
#include <stdint.h>
#include <stdlib.h>

#include "formats/photo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct photo_info info;
    const char *why;
    if (photo_check(data, size, &info, &why) == 0) {
        if (info.width <= 0 || info.height <= 0 || info.width > PHOTO_MAX_SIDE ||
            info.height > PHOTO_MAX_SIDE)
            abort();
    } else if (!why) {
        abort();
    }
    return 0;
}
