/* json_write.c — a compact JSON writer into a strbuf, escaping as jansson. */
#include "formats/json_write.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* strbuf_append, inline while the buffer has room: the writer appends a
 * few bytes at a time, tens of thousands of times a page. */
static inline void put(struct strbuf *sb, const char *bytes, size_t n)
{
    if (sb->data && sb->cap - sb->len > n) {
        memcpy(sb->data + sb->len, bytes, n);
        sb->len += n;
        sb->data[sb->len] = '\0';
    } else {
        strbuf_append(sb, bytes, n);
    }
}

static inline void put_char(struct strbuf *sb, char c)
{
    put(sb, &c, 1);
}

void jw_init(struct json_writer *w, struct strbuf *out)
{
    *w = (struct json_writer){.out = out};
}

/* The comma before a value or key, unless it is the first of its
 * container or the value of the key just written. */
static void separate(struct json_writer *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    uint32_t bit = 1u << w->depth;
    if (w->more & bit)
        put_char(w->out, ',');
    w->more |= bit;
}

static void open_container(struct json_writer *w, char c)
{
    separate(w);
    if (w->depth + 1 >= JW_MAX_DEPTH) {
        fputs("cadre: JSON nested too deep\n", stderr);
        abort();
    }
    put_char(w->out, c);
    w->depth++;
    w->more &= ~(1u << w->depth);
}

static void close_container(struct json_writer *w, char c)
{
    put_char(w->out, c);
    w->depth--;
}

void jw_object_begin(struct json_writer *w)
{
    open_container(w, '{');
}

void jw_object_end(struct json_writer *w)
{
    close_container(w, '}');
}

void jw_array_begin(struct json_writer *w)
{
    open_container(w, '[');
}

void jw_array_end(struct json_writer *w)
{
    close_container(w, ']');
}

/* The bytes written as they are: all but the NUL, the control bytes, the
 * quote and the backslash (GNU C range designators). */
static const unsigned char plain[256] = {
    [0x20 ... '"' - 1] = 1, ['"' + 1 ... '\\' - 1] = 1, ['\\' + 1 ... 0xff] = 1};

/* `s` quoted, escaped as jansson's dump_string without flags: the quote,
 * the backslash, \b \f \n \r \t, other control bytes as \u00XX; all else
 * (UTF-8 included) as is. */
static void put_quoted(struct strbuf *out, const char *s)
{
    put_char(out, '"');
    const char *run = s;
    const unsigned char *p = (const unsigned char *)s;
    for (;;) {
        while (plain[*p]) /* the run of bytes written as they are */
            p++;
        if (!*p)
            break;
        put(out, run, (size_t)((const char *)p - run));
        char esc[7];
        switch (*p) {
        case '"':
            put(out, "\\\"", 2);
            break;
        case '\\':
            put(out, "\\\\", 2);
            break;
        case '\b':
            put(out, "\\b", 2);
            break;
        case '\f':
            put(out, "\\f", 2);
            break;
        case '\n':
            put(out, "\\n", 2);
            break;
        case '\r':
            put(out, "\\r", 2);
            break;
        case '\t':
            put(out, "\\t", 2);
            break;
        default:
            snprintf(esc, sizeof esc, "\\u%04X", *p);
            put(out, esc, 6);
            break;
        }
        run = (const char *)++p;
    }
    put(out, run, (size_t)((const char *)p - run));
    put_char(out, '"');
}

void jw_key(struct json_writer *w, const char *key)
{
    separate(w);
    put_quoted(w->out, key);
    put_char(w->out, ':');
    w->after_key = true;
}

void jw_string(struct json_writer *w, const char *s)
{
    if (!s) {
        jw_null(w);
        return;
    }
    separate(w);
    put_quoted(w->out, s);
}

void jw_int(struct json_writer *w, long long v)
{
    separate(w);
    /* The digits from the last, as "%lld" writes them (a few per value,
     * tens of values a row: snprintf's format parsing was most of it). */
    char buf[24], *end = buf + sizeof buf, *p = end;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    put(w->out, p, (size_t)(end - p));
}

void jw_bool(struct json_writer *w, bool v)
{
    separate(w);
    put(w->out, v ? "true" : "false", v ? 4 : 5);
}

void jw_null(struct json_writer *w)
{
    separate(w);
    put(w->out, "null", 4);
}

static int dump_to_strbuf(const char *buffer, size_t size, void *data)
{
    strbuf_append(data, buffer, size);
    return 0;
}

void jw_json(struct json_writer *w, const json_t *v)
{
    separate(w);
    json_dump_callback(v, dump_to_strbuf, w->out, JSON_COMPACT | JSON_ENCODE_ANY);
}
