/* mask.c — the masked forms of ID numbers and phone numbers. */
#include "core/mask.h"

#include <string.h>

#include "core/idnum.h"

const char *mask_phone(const char *phone, char out[MASK_MAX])
{
    if (!phone)
        return NULL;
    size_t len = strlen(phone);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)phone[i] >= 0x80)
            len = 0;
    if (len < 8 || len >= MASK_MAX)
        return strcpy(out, "****");
    size_t keep_head = len >= 11 ? 3 : 0, keep_tail = 4;
    memcpy(out, phone, len + 1);
    for (size_t i = keep_head; i + keep_tail < len; i++)
        out[i] = '*';
    return out;
}

const char *mask_id_number(const char *number, char out[MASK_MAX])
{
    return number ? idnum_mask(number, out) : NULL;
}
