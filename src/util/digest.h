/* digest.h — SHA-256 (libsodium) as lowercase hex, for values anyone must be
 * able to recompute with standard tools (`sha256sum`): the draw of
 * personal-matters reports (core/declarations.h). */
#ifndef CADRE_DIGEST_H
#define CADRE_DIGEST_H

#include <stddef.h>

/* Characters of a hex SHA-256 digest, and the buffer holding it with its NUL. */
#define DIGEST_SHA256_HEX 64

/* SHA-256 of the `len` bytes at `data`, written as 64 lowercase hex digits
 * and a NUL into `out` (as `sha256sum` prints it). Returns `out`. */
char *digest_sha256_hex(const void *data, size_t len, char out[DIGEST_SHA256_HEX + 1]);

#endif
