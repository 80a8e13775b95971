/* gm.h — the Chinese national algorithms (国密) the product uses, through
 * OpenSSL 3's libcrypto: SM3 hashing (GB/T 32905), HMAC-SM3, HKDF-SM3 key
 * derivation, and SM4 (GB/T 32907) authenticated encryption as SM4-CTR with
 * HMAC-SM3 encrypt-then-MAC (OpenSSL 3.0 has no SM4-GCM). No cipher or hash
 * is written here; every function is a thin call into EVP. */
#ifndef CADRE_GM_H
#define CADRE_GM_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes of an SM3 digest and HMAC-SM3 tag; of an SM4 key, block and IV. */
#define GM_SM3_BYTES 32
#define GM_SM4_KEY_BYTES 16
#define GM_SM4_BLOCK_BYTES 16

/* The bytes gm_seal adds to a plaintext: a random IV and the tag. */
#define GM_SEAL_OVERHEAD (GM_SM4_BLOCK_BYTES + GM_SM3_BYTES)

/* Keys of gm_seal: SM4 for confidentiality, HMAC-SM3 for integrity, kept
 * apart as encrypt-then-MAC requires (derive both with gm_hkdf_sm3). */
struct gm_aead_key {
    unsigned char enc[GM_SM4_KEY_BYTES];
    unsigned char mac[GM_SM3_BYTES];
};

/* SM3 of `len` bytes of `data` into `out`. */
void gm_sm3(const void *data, size_t len, unsigned char out[GM_SM3_BYTES]);

/* An incremental SM3 or HMAC-SM3. Opaque; created by gm_hash_new, fed with
 * gm_hash_update, and gm_hash_final writes the digest and frees it. */
struct gm_hash;

/* A new SM3 (key NULL) or HMAC-SM3 under `key_len` bytes of `key`.
 * Returns owned (freed by gm_hash_final or gm_hash_free). Never NULL:
 * a libcrypto without SM3 aborts, as out of memory does. */
struct gm_hash *gm_hash_new(const void *key, size_t key_len);
void gm_hash_update(struct gm_hash *h, const void *data, size_t len);
/* Writes the digest and frees `h`. */
void gm_hash_final(struct gm_hash *h, unsigned char out[GM_SM3_BYTES]);
/* Frees without a digest. NULL is a no-op. */
void gm_hash_free(struct gm_hash *h);

/* HMAC-SM3 of `len` bytes of `data` under `key_len` bytes of `key`. */
void gm_hmac_sm3(const void *key, size_t key_len, const void *data, size_t len,
                 unsigned char out[GM_SM3_BYTES]);

/* HKDF (RFC 5869) with SM3: `out_len` bytes (at most 255 * 32) from
 * `ikm_len` bytes of `ikm` and the text `info` (which names the key's use,
 * so keys for different uses never coincide); no salt. */
void gm_hkdf_sm3(const void *ikm, size_t ikm_len, const char *info, void *out, size_t out_len);

/* Derives the two keys of gm_seal from a data key. */
void gm_aead_key_derive(const void *data_key, size_t len, struct gm_aead_key *out);

/* One SM4 block encrypted with no mode: for the standard's test vectors
 * only — never use it on data. */
void gm_sm4_block(const unsigned char key[GM_SM4_KEY_BYTES],
                  const unsigned char in[GM_SM4_BLOCK_BYTES],
                  unsigned char out[GM_SM4_BLOCK_BYTES]);

/* SM4-CTR of `len` bytes (encryption and decryption are the same) with the
 * 16-byte initial counter `iv`. `out` may be `in`. */
void gm_sm4_ctr(const unsigned char key[GM_SM4_KEY_BYTES],
                const unsigned char iv[GM_SM4_BLOCK_BYTES], const void *in, size_t len, void *out);

/* Encrypts `len` bytes of `plain` under `k`: `out` (len + GM_SEAL_OVERHEAD
 * bytes) receives a fresh random IV, the SM4-CTR ciphertext and the
 * HMAC-SM3 tag over `ad_len` bytes of associated data `ad` (bound, not
 * stored: the caller's algorithm and key label), the IV and the ciphertext. */
void gm_seal(const struct gm_aead_key *k, const void *ad, size_t ad_len, const void *plain,
             size_t len, unsigned char *out);

/* Checks and decrypts `len` bytes from gm_seal into `plain` (len -
 * GM_SEAL_OVERHEAD bytes). Returns false, writing nothing, when `len` is
 * too short or the tag does not match (another key, other associated data,
 * or altered bytes); the tag is compared in constant time. */
bool gm_open(const struct gm_aead_key *k, const void *ad, size_t ad_len, const unsigned char *in,
             size_t len, void *plain);

/* Constant-time comparison of `len` bytes. */
bool gm_equal(const void *a, const void *b, size_t len);

/* Lowercase hex of `len` bytes into `out` (2 * len + 1 bytes). */
void gm_hex(const unsigned char *bytes, size_t len, char *out);

#endif
