/* embed.h — files compiled into the binary by tools/embed.py (migrations,
 * later the web UI), so `cadre` needs no files beside it. */
#ifndef CADRE_EMBED_H
#define CADRE_EMBED_H

#include <stddef.h>

struct embedded_file {
    const char *name;          /* base name: "0001_init.sql"; NULL ends a list */
    const unsigned char *data; /* the bytes, NUL-terminated */
    size_t size;               /* without the NUL */
};

#endif
