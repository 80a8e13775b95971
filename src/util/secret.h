/* secret.h — the key file, the data keys it protects, and authenticated
 * encryption of text fields at rest: SM4-CTR + HMAC-SM3 under the `gm`
 * profile, libsodium secretbox (XSalsa20-Poly1305) under `intl`. The master
 * key lives in a file outside the database (`cadre key init`) and only
 * derives or wraps data keys, so a copied database alone reveals no
 * encrypted text (docs/crypto.md). */
#ifndef CADRE_SECRET_H
#define CADRE_SECRET_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes of a key (crypto_secretbox_KEYBYTES) and of a key file. */
#define SECRET_KEY_BYTES 32

/* A loaded key, in guarded memory (sodium_malloc: locked, not in core
 * dumps, wiped when freed). Opaque. */
struct secret_key;

/* The key file of database `db_url`: $CADRE_KEY when set and not empty,
 * else the database path with ".key" appended ("sqlite:" prefix dropped);
 * for a server URL (postgresql://.../NAME?...), NAME.key in the working
 * directory.
 * Returns owned text (free()). */
char *secret_key_path(const char *db_url);

/* Writes a new random key to `path`, created with mode 0600; refuses to
 * replace an existing file (ERR_CONFLICT). ERR_IO when it cannot be written
 * (errno kept). Returns 0 on success. */
int secret_key_create(const char *path);

/* Loads the key file at `path`. Returns 0 and an owned key
 * (secret_key_free), ERR_NOT_FOUND when the file does not exist,
 * ERR_INVALID when it is not exactly SECRET_KEY_BYTES long or readable by
 * group or others, ERR_IO otherwise. */
int secret_key_load(const char *path, struct secret_key **out);

/* Wipes and frees the key. NULL is a no-op. */
void secret_key_free(struct secret_key *k);

/* The process's key for the server and commands: the file set by
 * secret_configure, loaded at first need and kept; borrowed for the
 * process's life. NULL while the file is missing or unreadable (tried again
 * at the next call, so `cadre key init` works on a running server). */
void secret_configure(const char *path);
const struct secret_key *secret_default_key(void);

/* What a data key is for: each key has exactly one purpose (docs/crypto.md
 * "Keys"). Ids >= 1 are one namespace across purposes; key 0 of each
 * purpose is derived from the master key the database was first keyed with
 * (or, after a master rotation, carried wrapped: secret_ring_set_k0). */
enum secret_purpose {
    SECRET_SEAL,     /* sealing text fields (SM4 / secretbox) */
    SECRET_ROWMAC,   /* HMAC-SM3 of the personnel records (store/rowmac) */
    SECRET_PASSWORD, /* HMAC-SM3 binding of password verifiers */
    SECRET_AUDIT,    /* HMAC-SM3 of the audit chain's re-anchoring record (key 0 only) */
    SECRET_NPURPOSES
};

/* The purpose's name as the database records it: "seal", "rowmac",
 * "password", "audit" (static). */
const char *secret_purpose_name(enum secret_purpose p);
/* The purpose named `name`; -1 when none. */
int secret_purpose_parse(const char *name);

/* The process's key ring: the profile and the data keys of the database in
 * use, installed by store/crypto.c from the database (wrapped keys) at
 * server start and when a command opens the database. Until then, and for
 * any other master key, the profile is `intl` and there are no data keys.
 * Key 0 needs no ring: it is derived from the master key (unless set). */
void secret_ring_reset(const struct secret_key *master, bool gm);
/* Adds sealing key `id` (>= 1) to the ring of `master`; `active` makes it
 * the key new texts are sealed with. */
void secret_ring_add(const struct secret_key *master, int id,
                     const unsigned char key[SECRET_KEY_BYTES], bool active);
/* The same for a key of any purpose; `active` makes it the key new MACs,
 * verifiers or texts of that purpose are made with. */
void secret_ring_add_for(const struct secret_key *master, enum secret_purpose purpose, int id,
                         const unsigned char key[SECRET_KEY_BYTES], bool active);
/* Key 0 of `purpose` is `key` (derived from an earlier master and carried
 * wrapped under this one) instead of being derived from `master`. */
void secret_ring_set_k0(const struct secret_key *master, enum secret_purpose purpose,
                        const unsigned char key[SECRET_KEY_BYTES]);
/* Key `id` of `purpose` into `out`: key 0 as above, any other from the
 * ring (loaded again once through the ring loader when missing). Returns
 * false when the ring does not hold it for that purpose. */
bool secret_purpose_key(const struct secret_key *master, enum secret_purpose purpose, int id,
                        unsigned char out[SECRET_KEY_BYTES]);
/* The active key id of `purpose` in the ring of `master` (0: key 0). */
int secret_ring_active_for(const struct secret_key *master, enum secret_purpose purpose);
/* Key 0 of `purpose` as derived from `master` itself, whatever the ring
 * holds (what a master rotation carries over). */
void secret_k0_derive(const struct secret_key *master, enum secret_purpose purpose,
                      unsigned char out[SECRET_KEY_BYTES]);
/* Whether the ring of `master` is under the gm profile, and its active
 * data key id (0 when none was added). */
bool secret_ring_gm(const struct secret_key *master);
/* The master key of the ring when the ring is under the gm profile, else
 * NULL (no database loaded with a key file, or intl). Borrowed for as long
 * as the key: for the store's row MACs and password binding, which are on
 * exactly then, without probing the key file on every write. */
const struct secret_key *secret_ring_gm_master(void);
int secret_ring_active(const struct secret_key *master);

/* A function that loads the ring of `master` again from the database (the
 * server's: a `cadre key rotate` run beside it made a key it has not
 * seen). secret_open calls it once when a text names a data key missing
 * from the ring, then tries again. NULL: none. Set before any thread. */
typedef int secret_ring_loader_fn(const struct secret_key *master, void *ctx);
void secret_ring_loader(secret_ring_loader_fn *fn, void *ctx);

/* Wraps data key `id` under `master`: owned text (free()) "sm4:m:" +
 * base64(IV || SM4-CTR ciphertext || HMAC-SM3 tag), the id bound in. */
char *secret_wrap(const struct secret_key *master, int id,
                  const unsigned char key[SECRET_KEY_BYTES]);
/* Unwraps a text of secret_wrap into `out`. ERR_INVALID when it was wrapped
 * by another master key, for another id, or altered. */
int secret_unwrap(const struct secret_key *master, int id, const char *wrapped,
                  unsigned char out[SECRET_KEY_BYTES]);
/* The same for key 0 of `purpose` carried across a master rotation: the
 * purpose is bound in instead of an id. */
char *secret_wrap_k0(const struct secret_key *master, enum secret_purpose purpose,
                     const unsigned char key[SECRET_KEY_BYTES]);
int secret_unwrap_k0(const struct secret_key *master, enum secret_purpose purpose,
                     const char *wrapped, unsigned char out[SECRET_KEY_BYTES]);

/* `len` bytes of a key for the use named by `info` ("cadre audit
 * reanchor"), derived from the master by HKDF-SM3. */
void secret_derive(const struct secret_key *master, const char *info, void *out, size_t len);

/* A check value of the master key: 16 hex characters, stored in the
 * database so that a wrong key file is named as such. */
void secret_check_value(const struct secret_key *master, char out[17]);

/* The data key id a sealed text names: 0 for "v1:" (secretbox under the
 * master itself) and "sm4:k0:", N for "sm4:kN:" and "sb:kN:", -1 when the
 * text is none of these. */
int secret_sealed_key_id(const char *sealed);

/* Encrypts `len` bytes of `plain` with a fresh random IV or nonce. Under the
 * gm profile: "sm4:kN:" + base64(IV || SM4-CTR ciphertext || HMAC-SM3 tag
 * over the prefix, IV and ciphertext), N the ring's active data key (0, the
 * key derived from the master, when none). Under intl: "sb:kN:" + base64
 * (nonce || secretbox) with the active data key N, or, with no data key,
 * today's "v1:" + base64(nonce || secretbox) under the master. Returns
 * owned text (free()). Never NULL. */
char *secret_seal(const struct secret_key *k, const void *plain, size_t len);

/* Decrypts a text made by secret_seal in any of its forms, whatever the
 * profile is now. Returns 0 and owned plaintext in guarded memory,
 * NUL-terminated, `*len` bytes (secret_plain_free wipes and frees it);
 * ERR_INVALID when the text is malformed, names a data key the ring of
 * `k` does not hold, or was sealed with another key or altered. */
int secret_open(const struct secret_key *k, const char *sealed, char **plain, size_t *len);

/* Wipes and frees plaintext from secret_open. NULL is a no-op. */
void secret_plain_free(char *plain);

#endif
