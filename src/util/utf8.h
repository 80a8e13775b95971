/* utf8.h — the UTF-8 checks every text input goes through. */
#ifndef CADRE_UTF8_H
#define CADRE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* True when `s[0..len)` is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF) and holds no NUL byte. */
int utf8_valid(const char *s, size_t len);

/* Decodes the code point at `*s` (which must be valid UTF-8) and advances
 * `*s` past it. Returns 0 at the terminating NUL. */
uint32_t utf8_next(const char **s);

/* Number of code points in a valid NUL-terminated string. */
size_t utf8_length(const char *s);

/* Writes `cp` as UTF-8 into `out` (at least 4 bytes); returns bytes written. */
size_t utf8_encode(uint32_t cp, char *out);

#endif
