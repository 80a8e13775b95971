/* secret.c — the key file and secretbox sealing of text fields. */
#include "util/secret.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/err.h"
#include "util/log.h"
#include "util/xmalloc.h"

#define SEAL_PREFIX "v1:"

struct secret_key {
    unsigned char bytes[SECRET_KEY_BYTES];
};

char *secret_key_path(const char *db_url)
{
    const char *env = getenv("CADRE_KEY");
    if (env && *env)
        return xstrdup(env);
    if (strncmp(db_url, "sqlite:", 7) == 0)
        db_url += 7;
    /* A server URL (postgresql://user@host/name?...) names no folder: the
     * key is "name.key" in the working directory (docs/postgresql.md: set
     * CADRE_KEY on a server). Never the whole URL, which may hold a password. */
    const char *scheme = strstr(db_url, "://");
    if (scheme) {
        const char *name = strrchr(scheme + 3, '/');
        name = name ? name + 1 : "cadre";
        size_t len = strcspn(name, "?");
        return xasprintf("%.*s.key", (int)(len ? len : 5), len ? name : "cadre");
    }
    return xasprintf("%s.key", db_url);
}

int secret_key_create(const char *path)
{
    /* O_EXCL: an existing key is never replaced, since every field sealed
     * with it would become unreadable. */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return errno == EEXIST ? ERR_CONFLICT : ERR_IO;
    unsigned char key[SECRET_KEY_BYTES];
    crypto_secretbox_keygen(key);
    ssize_t n = write(fd, key, sizeof key);
    sodium_memzero(key, sizeof key);
    int rc = n == (ssize_t)sizeof key && fsync(fd) == 0 ? 0 : ERR_IO;
    if (close(fd) != 0)
        rc = ERR_IO;
    if (rc < 0)
        unlink(path);
    return rc;
}

int secret_key_load(const char *path, struct secret_key **out)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? ERR_NOT_FOUND : ERR_IO;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return ERR_IO;
    }
    if (!S_ISREG(st.st_mode) || st.st_size != SECRET_KEY_BYTES || (st.st_mode & 077)) {
        close(fd);
        return ERR_INVALID;
    }
    struct secret_key *k = sodium_malloc(sizeof *k);
    if (!k)
        abort(); /* out of memory: as xmalloc */
    ssize_t n = read(fd, k->bytes, sizeof k->bytes);
    close(fd);
    if (n != (ssize_t)sizeof k->bytes) {
        sodium_free(k);
        return ERR_IO;
    }
    sodium_mprotect_readonly(k);
    *out = k;
    return 0;
}

void secret_key_free(struct secret_key *k)
{
    if (k)
        sodium_free(k); /* wipes before freeing */
}

static pthread_mutex_t default_lock = PTHREAD_MUTEX_INITIALIZER;
static char *default_path;
static struct secret_key *default_key;

void secret_configure(const char *path)
{
    pthread_mutex_lock(&default_lock);
    free(default_path);
    default_path = path ? xstrdup(path) : NULL;
    secret_key_free(default_key);
    default_key = NULL;
    pthread_mutex_unlock(&default_lock);
}

const struct secret_key *secret_default_key(void)
{
    pthread_mutex_lock(&default_lock);
    if (!default_key && default_path) {
        int rc = secret_key_load(default_path, &default_key);
        if (rc == ERR_INVALID)
            log_error("key file %s must be %d bytes and mode 0600", default_path, SECRET_KEY_BYTES);
    }
    struct secret_key *k = default_key;
    pthread_mutex_unlock(&default_lock);
    return k;
}

char *secret_seal(const struct secret_key *k, const void *plain, size_t len)
{
    if (len > ((size_t)1 << 30))
        abort(); /* a text field is never this large: a bug */
    size_t box_len = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len;
    unsigned char *box = xmalloc(box_len);
    randombytes_buf(box, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, plain, len, box, k->bytes);
    size_t b64_len = sodium_base64_ENCODED_LEN(box_len, sodium_base64_VARIANT_ORIGINAL);
    char *out = xmalloc(strlen(SEAL_PREFIX) + b64_len);
    memcpy(out, SEAL_PREFIX, strlen(SEAL_PREFIX));
    sodium_bin2base64(out + strlen(SEAL_PREFIX), b64_len, box, box_len,
                      sodium_base64_VARIANT_ORIGINAL);
    free(box);
    return out;
}

int secret_open(const struct secret_key *k, const char *sealed, char **plain, size_t *len)
{
    *plain = NULL;
    *len = 0;
    if (!sealed || strncmp(sealed, SEAL_PREFIX, strlen(SEAL_PREFIX)) != 0)
        return ERR_INVALID;
    const char *b64 = sealed + strlen(SEAL_PREFIX);
    size_t b64_len = strlen(b64);
    unsigned char *box = xmalloc(b64_len / 4 * 3 + 3);
    size_t box_len = 0;
    if (sodium_base642bin(box, b64_len / 4 * 3 + 3, b64, b64_len, NULL, &box_len, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        box_len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
        free(box);
        return ERR_INVALID;
    }
    size_t plain_len = box_len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
    char *p = sodium_malloc(plain_len + 1);
    if (!p)
        abort();
    if (crypto_secretbox_open_easy((unsigned char *)p, box + crypto_secretbox_NONCEBYTES,
                                   box_len - crypto_secretbox_NONCEBYTES, box, k->bytes) != 0) {
        sodium_free(p);
        free(box);
        return ERR_INVALID;
    }
    free(box);
    p[plain_len] = '\0';
    *plain = p;
    *len = plain_len;
    return 0;
}

void secret_plain_free(char *plain)
{
    if (plain)
        sodium_free(plain);
}
