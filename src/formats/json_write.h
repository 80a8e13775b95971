/* json_write.h — JSON written straight into a byte buffer, for the lists
 * read all day: the bytes json_dumps(…, JSON_COMPACT) gives for the same
 * values (the same escapes and integer format), without building and
 * freeing a jansson object per value. Anything not on a hot path builds
 * jansson objects as usual. */
#ifndef CADRE_JSON_WRITE_H
#define CADRE_JSON_WRITE_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "util/strbuf.h"

/* Nesting deeper than this is a programming error (abort). */
enum { JW_MAX_DEPTH = 32 };

struct json_writer {
    struct strbuf *out; /* borrowed */
    uint32_t depth;
    uint32_t more;  /* bit d: the container at depth d has a member already */
    bool after_key; /* the next value follows a key: no comma */
};

void jw_init(struct json_writer *w, struct strbuf *out);

void jw_object_begin(struct json_writer *w);
void jw_object_end(struct json_writer *w);
void jw_array_begin(struct json_writer *w);
void jw_array_end(struct json_writer *w);

/* An object member's key; the next call writes its value. */
void jw_key(struct json_writer *w, const char *key);

/* A string (valid UTF-8 expected, as jansson's strings), or null for NULL. */
void jw_string(struct json_writer *w, const char *s);
void jw_int(struct json_writer *w, long long v);
void jw_bool(struct json_writer *w, bool v);
void jw_null(struct json_writer *w);
/* A whole JSON value as jansson would dump it (compact). */
void jw_json(struct json_writer *w, const json_t *v);

#endif
