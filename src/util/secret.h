/* secret.h — the data key and authenticated encryption of text fields at
 * rest (libsodium secretbox: XSalsa20-Poly1305). The key lives in a file
 * outside the database (`cadre key init`), so a copied database alone
 * reveals no encrypted text. */
#ifndef CADRE_SECRET_H
#define CADRE_SECRET_H

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

/* Encrypts `len` bytes of `plain` with a fresh random nonce. Returns owned
 * text "v1:" + base64(nonce || ciphertext) (free()). Never NULL. */
char *secret_seal(const struct secret_key *k, const void *plain, size_t len);

/* Decrypts a text made by secret_seal. Returns 0 and owned plaintext in
 * guarded memory, NUL-terminated, `*len` bytes (secret_plain_free wipes
 * and frees it); ERR_INVALID when the text is malformed or was sealed with
 * another key or altered. */
int secret_open(const struct secret_key *k, const char *sealed, char **plain, size_t *len);

/* Wipes and frees plaintext from secret_open. NULL is a no-op. */
void secret_plain_free(char *plain);

#endif
