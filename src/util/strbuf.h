/* strbuf.h — a growing byte buffer whose every growth is checked for
 * overflow (kore's lesson). Always NUL-terminated. */
#ifndef CADRE_STRBUF_H
#define CADRE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
    char *data; /* owned; NUL-terminated; NULL until the first append */
    size_t len, cap;
};

#define STRBUF_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

void strbuf_append(struct strbuf *sb, const void *bytes, size_t n);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_putc(struct strbuf *sb, char c);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Empties the buffer, keeping its memory. */
void strbuf_reset(struct strbuf *sb);
/* Returns the text ("" when empty); borrowed until the next change. */
const char *strbuf_str(const struct strbuf *sb);
/* Returns the owned text and leaves the buffer empty (free with free()). */
char *strbuf_detach(struct strbuf *sb);
/* Frees the memory; the buffer may be reused. */
void strbuf_release(struct strbuf *sb);

#endif
