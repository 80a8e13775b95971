/* digest.c — SHA-256 as hex through libsodium. */
#include "util/digest.h"

#include <sodium.h>

char *digest_sha256_hex(const void *data, size_t len, char out[DIGEST_SHA256_HEX + 1])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    sodium_bin2hex(out, DIGEST_SHA256_HEX + 1, h, sizeof h);
    return out;
}
