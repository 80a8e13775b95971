/* static.h — the web UI, compiled into the binary (tools/embed_web.py) and
 * served with its content type, a strong ETag, gzip when the client takes
 * it, long caching for hashed assets, and index.html for the SPA's routes. */
#ifndef CADRE_STATIC_H
#define CADRE_STATIC_H

#include <stdbool.h>
#include <stddef.h>

struct request;

struct web_asset {
    const char *path; /* "/index.html", "/assets/index-3f2a1c.js"; NULL ends */
    const char *content_type;
    const unsigned char *data;
    size_t size;
    const unsigned char *gz; /* gzip copy, or NULL when not smaller */
    size_t gz_size;
    const char *etag; /* quoted strong validator */
    int immutable;    /* hashed file name: cache for a year */
};

extern const struct web_asset web_assets[];

/* Answers a GET or HEAD for a path outside /api/ from the embedded UI.
 * Unknown paths without a file extension get index.html (client-side
 * routes); unknown files get 404. Returns 0 (a response is set). */
int static_serve(struct request *req);

#endif
