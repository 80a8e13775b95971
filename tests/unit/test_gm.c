/* test_gm.c — the national algorithms against the standards' published
 * vectors (GB/T 32905 SM3, GB/T 32907 SM4), HMAC-SM3 and HKDF-SM3 against
 * the openssl command line, and SM4-CTR + HMAC-SM3 sealing (round trip,
 * any altered byte, other associated data or another key refused). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/gm.h"

static void assert_hex(const unsigned char *bytes, size_t len, const char *want)
{
    char hex[2 * 64 + 1];
    gm_hex(bytes, len, hex);
    assert_string_equal(hex, want);
}

static void unhex(const char *hex, unsigned char *out)
{
    for (size_t i = 0; hex[2 * i]; i++) {
        unsigned v;
        sscanf(hex + 2 * i, "%2x", &v);
        out[i] = (unsigned char)v;
    }
}

/* GB/T 32905-2016 appendix A: example 1 ("abc") and example 2 ("abcd" x 16). */
static void test_sm3_vectors(void **state)
{
    (void)state;
    unsigned char d[GM_SM3_BYTES];
    gm_sm3("abc", 3, d);
    assert_hex(d, sizeof d, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    char abcd[65] = "";
    for (int i = 0; i < 16; i++)
        strcat(abcd, "abcd");
    gm_sm3(abcd, 64, d);
    assert_hex(d, sizeof d, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
    /* The incremental form gives the same digest, fed in pieces. */
    struct gm_hash *h = gm_hash_new(NULL, 0);
    gm_hash_update(h, abcd, 10);
    gm_hash_update(h, abcd + 10, 54);
    gm_hash_final(h, d);
    assert_hex(d, sizeof d, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

/* GB/T 32907-2016 appendix A: example 1 (one encryption) and example 2
 * (1,000,000 encryptions, each of the previous output). */
static void test_sm4_vectors(void **state)
{
    (void)state;
    unsigned char key[16], block[16], out[16];
    unhex("0123456789abcdeffedcba9876543210", key);
    memcpy(block, key, 16);
    gm_sm4_block(key, block, out);
    assert_hex(out, 16, "681edf34d206965e86b3e94f536e4246");
    /* Iterating one block 1,000,000 times is CBC with a zero IV over the
     * plaintext followed by zero blocks: c[i] = E(0 xor c[i-1]). One EVP
     * call does it in a few milliseconds. */
    size_t n = 1000000;
    unsigned char *buf = calloc(n, 16), *enc = malloc(n * 16);
    memcpy(buf, block, 16);
    unsigned char iv[16] = {0};
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int len = 0;
    assert_int_equal(EVP_EncryptInit_ex(ctx, EVP_sm4_cbc(), NULL, key, iv), 1);
    EVP_CIPHER_CTX_set_padding(ctx, 0);
    assert_int_equal(EVP_EncryptUpdate(ctx, enc, &len, buf, (int)(n * 16)), 1);
    EVP_CIPHER_CTX_free(ctx);
    assert_hex(enc + (n - 1) * 16, 16, "595298c7c6fd271f0402f804c33d3f66");
    free(buf);
    free(enc);
}

/* HMAC-SM3 and HKDF-SM3, as `openssl dgst -sm3 -hmac key` and `openssl kdf
 * -keylen 16 -kdfopt digest:SM3 -kdfopt key:secret -kdfopt info:label HKDF`
 * print them. */
static void test_hmac_hkdf(void **state)
{
    (void)state;
    unsigned char d[GM_SM3_BYTES];
    gm_hmac_sm3("key", 3, "The quick brown fox", 19, d);
    assert_hex(d, sizeof d, "8d54716c0553990422ad09e63a7237386696a8952f64e546a4dee3b89a931a35");
    unsigned char k[16];
    gm_hkdf_sm3("secret", 6, "label", k, sizeof k);
    assert_hex(k, sizeof k, "4d92253849605ead9867e069818e30c5");
}

static void test_seal(void **state)
{
    (void)state;
    struct gm_aead_key k, other;
    gm_aead_key_derive("0123456789abcdef0123456789abcdef", 32, &k);
    gm_aead_key_derive("fedcba9876543210fedcba9876543210", 32, &other);
    const char *plain = "举报内容：某某违规";
    size_t len = strlen(plain);
    unsigned char sealed[256], sealed2[256];
    char back[256];
    gm_seal(&k, "sm4:k1", 6, plain, len, sealed);
    gm_seal(&k, "sm4:k1", 6, plain, len, sealed2);
    /* A fresh IV each time: the same text seals differently. */
    assert_memory_not_equal(sealed, sealed2, len + GM_SEAL_OVERHEAD);
    assert_null(memmem(sealed, len + GM_SEAL_OVERHEAD, plain, len));
    memset(back, 0, sizeof back);
    assert_true(gm_open(&k, "sm4:k1", 6, sealed, len + GM_SEAL_OVERHEAD, back));
    assert_memory_equal(back, plain, len);
    assert_false(gm_open(&other, "sm4:k1", 6, sealed, len + GM_SEAL_OVERHEAD, back));
    assert_false(gm_open(&k, "sm4:k2", 6, sealed, len + GM_SEAL_OVERHEAD, back));
    for (size_t i = 0; i < len + GM_SEAL_OVERHEAD; i++) {
        sealed[i] ^= 1;
        assert_false(gm_open(&k, "sm4:k1", 6, sealed, len + GM_SEAL_OVERHEAD, back));
        sealed[i] ^= 1;
    }
    assert_false(gm_open(&k, "sm4:k1", 6, sealed, GM_SEAL_OVERHEAD - 1, back));
    /* The empty text seals and opens. */
    gm_seal(&k, "", 0, "", 0, sealed);
    assert_true(gm_open(&k, "", 0, sealed, GM_SEAL_OVERHEAD, back));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sm3_vectors),
        cmocka_unit_test(test_sm4_vectors),
        cmocka_unit_test(test_hmac_hkdf),
        cmocka_unit_test(test_seal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
