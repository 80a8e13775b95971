/* photo.h — checking a person's photo (the 干部任免审批表's 照片) before it is
 * stored: JPEG or PNG, decoded in full so that a file which only looks like
 * one is refused, within the size and pixel limits below. */
#ifndef CADRE_PHOTO_H
#define CADRE_PHOTO_H

#include <stddef.h>

/* A 2-inch ID photo at print resolution is well under 200 KiB; 1 MiB leaves
 * room for a scan and matches the server's body cap (SERVER_MAX_BODY). */
#define PHOTO_MAX_BYTES (1u << 20)
/* Pixels on either side: decoding is row by row, so memory stays small,
 * but a 60000×60000 header would still take minutes to walk. */
#define PHOTO_MAX_SIDE 4096

struct photo_info {
    const char *content_type; /* "image/jpeg" or "image/png" (static) */
    int width, height;
};

/* Decodes `data` (`len` bytes, borrowed) as JPEG or PNG, told apart by
 * their signatures. Returns 0 and fills `out`; ERR_TOO_LARGE beyond
 * PHOTO_MAX_BYTES; ERR_INVALID with a Chinese reason in `*why` (static)
 * when it is neither format, does not decode, or is larger than
 * PHOTO_MAX_SIDE on a side. */
int photo_check(const void *data, size_t len, struct photo_info *out, const char **why);

#endif
