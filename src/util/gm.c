/* gm.c — SM3, HMAC-SM3, HKDF-SM3 and SM4 through OpenSSL EVP. */
#include "util/gm.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* A libcrypto call that fails here fails for want of memory or of the
 * algorithm itself (a libcrypto built without SM3/SM4): neither is an input
 * error, and going on without the protection would be worse. */
static void must(int ok)
{
    if (ok != 1)
        abort();
}

struct gm_hash {
    EVP_MD_CTX *md;   /* plain SM3 */
    EVP_MAC_CTX *mac; /* HMAC-SM3 */
};

/* The HMAC implementation, fetched once: a fetch per MAC (a provider
 * lookup by name) was a sixth of a row MAC's instructions (callgrind,
 * bench/README.md). Kept for the process's life; EVP_MAC is shareable
 * between threads. */
static pthread_once_t hmac_once = PTHREAD_ONCE_INIT;
static EVP_MAC *hmac_alg;

static void hmac_fetch(void)
{
    hmac_alg = EVP_MAC_fetch(NULL, "HMAC", NULL);
}

struct gm_hash *gm_hash_new(const void *key, size_t key_len)
{
    struct gm_hash *h = calloc(1, sizeof *h);
    if (!h)
        abort();
    if (!key) {
        h->md = EVP_MD_CTX_new();
        must(h->md != NULL);
        must(EVP_DigestInit_ex(h->md, EVP_sm3(), NULL));
        return h;
    }
    pthread_once(&hmac_once, hmac_fetch);
    must(hmac_alg != NULL);
    h->mac = EVP_MAC_CTX_new(hmac_alg);
    must(h->mac != NULL);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SM3", 0),
        OSSL_PARAM_construct_end(),
    };
    /* An empty HMAC key is valid (RFC 2104) but OpenSSL refuses length 0. */
    static const unsigned char zero = 0;
    must(EVP_MAC_init(h->mac, key_len ? key : &zero, key_len ? key_len : 1, params));
    return h;
}

void gm_hash_update(struct gm_hash *h, const void *data, size_t len)
{
    if (!len)
        return;
    if (h->md)
        must(EVP_DigestUpdate(h->md, data, len));
    else
        must(EVP_MAC_update(h->mac, data, len));
}

void gm_hash_final(struct gm_hash *h, unsigned char out[GM_SM3_BYTES])
{
    if (h->md) {
        unsigned int n = 0;
        must(EVP_DigestFinal_ex(h->md, out, &n));
        must(n == GM_SM3_BYTES);
    } else {
        size_t n = 0;
        must(EVP_MAC_final(h->mac, out, &n, GM_SM3_BYTES));
        must(n == GM_SM3_BYTES);
    }
    gm_hash_free(h);
}

void gm_hash_free(struct gm_hash *h)
{
    if (!h)
        return;
    EVP_MD_CTX_free(h->md);
    EVP_MAC_CTX_free(h->mac);
    free(h);
}

void gm_sm3(const void *data, size_t len, unsigned char out[GM_SM3_BYTES])
{
    unsigned int n = 0;
    must(EVP_Digest(data, len, out, &n, EVP_sm3(), NULL));
    must(n == GM_SM3_BYTES);
}

void gm_hmac_sm3(const void *key, size_t key_len, const void *data, size_t len,
                 unsigned char out[GM_SM3_BYTES])
{
    struct gm_hash *h = gm_hash_new(key, key_len);
    gm_hash_update(h, data, len);
    gm_hash_final(h, out);
}

void gm_hkdf_sm3(const void *ikm, size_t ikm_len, const char *info, void *out, size_t out_len)
{
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
    must(kdf != NULL);
    EVP_KDF_CTX *ctx = EVP_KDF_CTX_new(kdf);
    EVP_KDF_free(kdf);
    must(ctx != NULL);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)"SM3", 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)ikm, ikm_len),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, (void *)info, strlen(info)),
        OSSL_PARAM_construct_end(),
    };
    must(EVP_KDF_derive(ctx, out, out_len, params));
    EVP_KDF_CTX_free(ctx);
}

void gm_aead_key_derive(const void *data_key, size_t len, struct gm_aead_key *out)
{
    gm_hkdf_sm3(data_key, len, "cadre sm4-ctr", out->enc, sizeof out->enc);
    gm_hkdf_sm3(data_key, len, "cadre hmac-sm3", out->mac, sizeof out->mac);
}

/* One pass of `cipher` under `key` and `iv` over `len` bytes, no padding. */
static void cipher_run(const EVP_CIPHER *cipher, const unsigned char *key, const unsigned char *iv,
                       const void *in, size_t len, void *out)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    must(ctx != NULL);
    must(EVP_EncryptInit_ex(ctx, cipher, NULL, key, iv));
    must(EVP_CIPHER_CTX_set_padding(ctx, 0));
    unsigned char *o = out;
    const unsigned char *i = in;
    int n = 0, fin = 0;
    /* EVP takes int lengths: feed large inputs in pieces. */
    while (len > 0) {
        int part = len > (1u << 30) ? 1 << 30 : (int)len;
        must(EVP_EncryptUpdate(ctx, o, &n, i, part));
        o += n;
        i += part;
        len -= (size_t)part;
    }
    must(EVP_EncryptFinal_ex(ctx, o, &fin));
    EVP_CIPHER_CTX_free(ctx);
}

void gm_sm4_block(const unsigned char key[GM_SM4_KEY_BYTES],
                  const unsigned char in[GM_SM4_BLOCK_BYTES], unsigned char out[GM_SM4_BLOCK_BYTES])
{
    cipher_run(EVP_sm4_ecb(), key, NULL, in, GM_SM4_BLOCK_BYTES, out);
}

void gm_sm4_ctr(const unsigned char key[GM_SM4_KEY_BYTES],
                const unsigned char iv[GM_SM4_BLOCK_BYTES], const void *in, size_t len, void *out)
{
    cipher_run(EVP_sm4_ctr(), key, iv, in, len, out);
}

/* The tag: HMAC-SM3 over the associated data's length (8 bytes, big
 * endian), the associated data, the IV and the ciphertext. */
static void seal_tag(const struct gm_aead_key *k, const void *ad, size_t ad_len,
                     const unsigned char *iv_ct, size_t iv_ct_len, unsigned char tag[GM_SM3_BYTES])
{
    unsigned char ad_be[8];
    for (int i = 0; i < 8; i++)
        ad_be[i] = (unsigned char)((unsigned long long)ad_len >> (56 - 8 * i));
    struct gm_hash *h = gm_hash_new(k->mac, sizeof k->mac);
    gm_hash_update(h, ad_be, sizeof ad_be);
    gm_hash_update(h, ad, ad_len);
    gm_hash_update(h, iv_ct, iv_ct_len);
    gm_hash_final(h, tag);
}

void gm_seal(const struct gm_aead_key *k, const void *ad, size_t ad_len, const void *plain,
             size_t len, unsigned char *out)
{
    must(RAND_bytes(out, GM_SM4_BLOCK_BYTES));
    gm_sm4_ctr(k->enc, out, plain, len, out + GM_SM4_BLOCK_BYTES);
    seal_tag(k, ad, ad_len, out, GM_SM4_BLOCK_BYTES + len, out + GM_SM4_BLOCK_BYTES + len);
}

bool gm_open(const struct gm_aead_key *k, const void *ad, size_t ad_len, const unsigned char *in,
             size_t len, void *plain)
{
    if (len < GM_SEAL_OVERHEAD)
        return false;
    size_t ct_len = len - GM_SEAL_OVERHEAD;
    unsigned char tag[GM_SM3_BYTES];
    seal_tag(k, ad, ad_len, in, GM_SM4_BLOCK_BYTES + ct_len, tag);
    if (!gm_equal(tag, in + GM_SM4_BLOCK_BYTES + ct_len, GM_SM3_BYTES))
        return false;
    gm_sm4_ctr(k->enc, in, in + GM_SM4_BLOCK_BYTES, ct_len, plain);
    return true;
}

bool gm_equal(const void *a, const void *b, size_t len)
{
    return CRYPTO_memcmp(a, b, len) == 0;
}

void gm_hex(const unsigned char *bytes, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    out[2 * len] = '\0';
}
