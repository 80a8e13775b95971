/* secret.c — the key file, the key ring of data keys, and the sealing of
 * text fields (SM4-CTR + HMAC-SM3 or secretbox). */
#include "util/secret.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/err.h"
#include "util/gm.h"
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
    if (default_key)
        secret_ring_reset(NULL, false); /* the ring belongs to the key freed here */
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

/* ---- the key ring ------------------------------------------------------ */

enum { RING_MAX = 256 };

struct ring_key {
    int id;
    enum secret_purpose purpose;
    unsigned char key[SECRET_KEY_BYTES];
};

/* Key 0 of each purpose: carried across a master rotation (set by
 * crypto_load), else derived from the master at first use and kept. */
struct ring_k0 {
    bool set[SECRET_NPURPOSES];
    unsigned char key[SECRET_NPURPOSES][SECRET_KEY_BYTES];
};

/* One ring per process, for one master key (the database in use). Data
 * keys live in guarded memory. */
static pthread_mutex_t ring_lock = PTHREAD_MUTEX_INITIALIZER;
static const struct secret_key *ring_master;
static bool ring_gm;
static int ring_active[SECRET_NPURPOSES];
static size_t ring_n;
static struct ring_key *ring_keys;
static struct ring_k0 *ring_k0;

/* The HKDF labels of key 0 of each purpose, as they were before keys had
 * purposes (so data keyed then still verifies). */
static const char *const k0_info[SECRET_NPURPOSES] = {
    [SECRET_SEAL] = "cadre data key 0",
    [SECRET_ROWMAC] = "cadre row mac k0",
    [SECRET_PASSWORD] = "cadre password hmac-sm3",
    [SECRET_AUDIT] = "cadre audit reanchor",
};

static const char *const purpose_names[SECRET_NPURPOSES] = {
    [SECRET_SEAL] = "seal",
    [SECRET_ROWMAC] = "rowmac",
    [SECRET_PASSWORD] = "password",
    [SECRET_AUDIT] = "audit",
};

const char *secret_purpose_name(enum secret_purpose p)
{
    return (unsigned)p < SECRET_NPURPOSES ? purpose_names[p] : "?";
}

int secret_purpose_parse(const char *name)
{
    for (int p = 0; name && p < SECRET_NPURPOSES; p++)
        if (strcmp(purpose_names[p], name) == 0)
            return p;
    return -1;
}

void secret_ring_reset(const struct secret_key *master, bool gm)
{
    pthread_mutex_lock(&ring_lock);
    if (!ring_keys) {
        ring_keys = sodium_malloc(RING_MAX * sizeof *ring_keys);
        ring_k0 = sodium_malloc(sizeof *ring_k0);
        if (!ring_keys || !ring_k0)
            abort();
    }
    sodium_memzero(ring_keys, RING_MAX * sizeof *ring_keys);
    sodium_memzero(ring_k0, sizeof *ring_k0);
    ring_master = master;
    ring_gm = gm;
    memset(ring_active, 0, sizeof ring_active);
    ring_n = 0;
    pthread_mutex_unlock(&ring_lock);
}

void secret_ring_add_for(const struct secret_key *master, enum secret_purpose purpose, int id,
                         const unsigned char key[SECRET_KEY_BYTES], bool active)
{
    pthread_mutex_lock(&ring_lock);
    if (ring_keys && master == ring_master && id > 0 && ring_n < RING_MAX &&
        (unsigned)purpose < SECRET_NPURPOSES) {
        ring_keys[ring_n].id = id;
        ring_keys[ring_n].purpose = purpose;
        memcpy(ring_keys[ring_n].key, key, SECRET_KEY_BYTES);
        ring_n++;
        if (active)
            ring_active[purpose] = id;
    }
    pthread_mutex_unlock(&ring_lock);
}

void secret_ring_add(const struct secret_key *master, int id,
                     const unsigned char key[SECRET_KEY_BYTES], bool active)
{
    secret_ring_add_for(master, SECRET_SEAL, id, key, active);
}

void secret_ring_set_k0(const struct secret_key *master, enum secret_purpose purpose,
                        const unsigned char key[SECRET_KEY_BYTES])
{
    pthread_mutex_lock(&ring_lock);
    if (ring_k0 && master == ring_master && (unsigned)purpose < SECRET_NPURPOSES) {
        memcpy(ring_k0->key[purpose], key, SECRET_KEY_BYTES);
        ring_k0->set[purpose] = true;
    }
    pthread_mutex_unlock(&ring_lock);
}

bool secret_ring_gm(const struct secret_key *master)
{
    pthread_mutex_lock(&ring_lock);
    bool gm = master && master == ring_master && ring_gm;
    pthread_mutex_unlock(&ring_lock);
    return gm;
}

const struct secret_key *secret_ring_gm_master(void)
{
    pthread_mutex_lock(&ring_lock);
    const struct secret_key *k = ring_gm ? ring_master : NULL;
    pthread_mutex_unlock(&ring_lock);
    return k;
}

int secret_ring_active_for(const struct secret_key *master, enum secret_purpose purpose)
{
    pthread_mutex_lock(&ring_lock);
    int id = master && master == ring_master && (unsigned)purpose < SECRET_NPURPOSES
                 ? ring_active[purpose]
                 : 0;
    pthread_mutex_unlock(&ring_lock);
    return id;
}

int secret_ring_active(const struct secret_key *master)
{
    return secret_ring_active_for(master, SECRET_SEAL);
}

void secret_k0_derive(const struct secret_key *master, enum secret_purpose purpose,
                      unsigned char out[SECRET_KEY_BYTES])
{
    gm_hkdf_sm3(master->bytes, sizeof master->bytes, k0_info[purpose], out, SECRET_KEY_BYTES);
}

/* Key `id` of `purpose` of `master` into `out`, from the ring alone.
 * Returns false when the ring does not hold it. */
static bool ring_key_of(const struct secret_key *master, enum secret_purpose purpose, int id,
                        unsigned char out[SECRET_KEY_BYTES])
{
    if ((unsigned)purpose >= SECRET_NPURPOSES || id < 0)
        return false;
    bool found = false;
    pthread_mutex_lock(&ring_lock);
    if (id == 0 && ring_k0 && master == ring_master && ring_k0->set[purpose]) {
        memcpy(out, ring_k0->key[purpose], SECRET_KEY_BYTES);
        found = true;
    }
    for (size_t i = 0; id > 0 && master == ring_master && i < ring_n && !found; i++)
        if (ring_keys[i].id == id && ring_keys[i].purpose == purpose) {
            memcpy(out, ring_keys[i].key, SECRET_KEY_BYTES);
            found = true;
        }
    pthread_mutex_unlock(&ring_lock);
    if (!found && id == 0) {
        /* Derived once per ring: an HKDF per row MAC cost as much as the
         * rest of an import (bench/README.md, callgrind). */
        secret_k0_derive(master, purpose, out);
        found = true;
        pthread_mutex_lock(&ring_lock);
        if (ring_k0 && master == ring_master && !ring_k0->set[purpose]) {
            memcpy(ring_k0->key[purpose], out, SECRET_KEY_BYTES);
            ring_k0->set[purpose] = true;
        }
        pthread_mutex_unlock(&ring_lock);
    }
    return found;
}

/* Sealing key `id` of `master` into `out`. */
static bool data_key(const struct secret_key *master, int id, unsigned char out[SECRET_KEY_BYTES])
{
    return ring_key_of(master, SECRET_SEAL, id, out);
}

static secret_ring_loader_fn *ring_loader;
static void *ring_loader_ctx;

void secret_ring_loader(secret_ring_loader_fn *fn, void *ctx)
{
    ring_loader = fn;
    ring_loader_ctx = ctx;
}

bool secret_purpose_key(const struct secret_key *master, enum secret_purpose purpose, int id,
                        unsigned char out[SECRET_KEY_BYTES])
{
    /* A key made since the ring was loaded: load it again, once. */
    return ring_key_of(master, purpose, id, out) ||
           (ring_loader && ring_loader(master, ring_loader_ctx) == 0 &&
            ring_key_of(master, purpose, id, out));
}

void secret_derive(const struct secret_key *master, const char *info, void *out, size_t len)
{
    gm_hkdf_sm3(master->bytes, sizeof master->bytes, info, out, len);
}

void secret_check_value(const struct secret_key *master, char out[17])
{
    unsigned char k[GM_SM3_BYTES], mac[GM_SM3_BYTES];
    secret_derive(master, "cadre key check", k, sizeof k);
    gm_hmac_sm3(k, sizeof k, "cadre", 5, mac);
    sodium_memzero(k, sizeof k);
    gm_hex(mac, 8, out);
}

/* ---- text forms ---------------------------------------------------------- */

static char *b64_encode(const char *prefix, const unsigned char *bytes, size_t len)
{
    size_t b64_len = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
    size_t plen = strlen(prefix);
    char *out = xmalloc(plen + b64_len);
    memcpy(out, prefix, plen);
    sodium_bin2base64(out + plen, b64_len, bytes, len, sodium_base64_VARIANT_ORIGINAL);
    return out;
}

/* Decodes the base64 text `b64`: owned bytes (free()) and their length, or
 * NULL when it is not base64. */
static unsigned char *b64_decode(const char *b64, size_t *len)
{
    size_t b64_len = strlen(b64);
    unsigned char *bytes = xmalloc(b64_len / 4 * 3 + 3);
    if (sodium_base642bin(bytes, b64_len / 4 * 3 + 3, b64, b64_len, NULL, len, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0) {
        free(bytes);
        return NULL;
    }
    return bytes;
}

/* The prefix "<alg>:k<N>:" of a sealed text: `alg` "sm4" or "sb", `*id` N,
 * and the length of the prefix; 0 when the text has no such prefix. */
static size_t keyed_prefix(const char *sealed, const char *alg, int *id)
{
    size_t alen = strlen(alg);
    if (strncmp(sealed, alg, alen) != 0 || sealed[alen] != ':' || sealed[alen + 1] != 'k')
        return 0;
    const char *p = sealed + alen + 2;
    long n = 0;
    size_t digits = 0;
    while (p[digits] >= '0' && p[digits] <= '9' && digits < 6)
        n = n * 10 + (p[digits++] - '0');
    if (!digits || p[digits] != ':')
        return 0;
    *id = (int)n;
    return alen + 2 + digits + 1;
}

int secret_sealed_key_id(const char *sealed)
{
    int id = -1;
    if (!sealed)
        return -1;
    if (strncmp(sealed, SEAL_PREFIX, strlen(SEAL_PREFIX)) == 0)
        return 0;
    if (keyed_prefix(sealed, "sm4", &id) || keyed_prefix(sealed, "sb", &id))
        return id;
    return -1;
}

static char *sm4_seal(const unsigned char dk[SECRET_KEY_BYTES], const char *prefix,
                      const void *plain, size_t len)
{
    struct gm_aead_key ak;
    gm_aead_key_derive(dk, SECRET_KEY_BYTES, &ak);
    unsigned char *box = xmalloc(len + GM_SEAL_OVERHEAD);
    gm_seal(&ak, prefix, strlen(prefix), plain, len, box);
    sodium_memzero(&ak, sizeof ak);
    char *out = b64_encode(prefix, box, len + GM_SEAL_OVERHEAD);
    free(box);
    return out;
}

static char *secretbox_seal(const unsigned char key[SECRET_KEY_BYTES], const char *prefix,
                            const void *plain, size_t len)
{
    size_t box_len = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len;
    unsigned char *box = xmalloc(box_len);
    randombytes_buf(box, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, plain, len, box, key);
    char *out = b64_encode(prefix, box, box_len);
    free(box);
    return out;
}

char *secret_seal(const struct secret_key *k, const void *plain, size_t len)
{
    if (len > ((size_t)1 << 30))
        abort(); /* a text field is never this large: a bug */
    bool gm = secret_ring_gm(k);
    int id = secret_ring_active(k);
    unsigned char dk[SECRET_KEY_BYTES];
    if (!gm && id == 0)
        return secretbox_seal(k->bytes, SEAL_PREFIX, plain, len);
    if (!data_key(k, id, dk))
        abort(); /* the active key is always in the ring */
    char prefix[32];
    snprintf(prefix, sizeof prefix, "%s:k%d:", gm ? "sm4" : "sb", id);
    char *out = gm ? sm4_seal(dk, prefix, plain, len) : secretbox_seal(dk, prefix, plain, len);
    sodium_memzero(dk, sizeof dk);
    return out;
}

int secret_open(const struct secret_key *k, const char *sealed, char **plain, size_t *len)
{
    *plain = NULL;
    *len = 0;
    if (!sealed)
        return ERR_INVALID;
    int id = 0;
    size_t plen;
    bool sm4 = false;
    unsigned char key[SECRET_KEY_BYTES];
    if (strncmp(sealed, SEAL_PREFIX, strlen(SEAL_PREFIX)) == 0) {
        plen = strlen(SEAL_PREFIX);
        memcpy(key, k->bytes, sizeof key);
    } else if ((plen = keyed_prefix(sealed, "sm4", &id)) ||
               (plen = keyed_prefix(sealed, "sb", &id))) {
        sm4 = sealed[1] == 'm';
        /* A key made since the ring was loaded: load it again, once. */
        if (!data_key(k, id, key) &&
            (!ring_loader || ring_loader(k, ring_loader_ctx) < 0 || !data_key(k, id, key)))
            return ERR_INVALID;
    } else {
        return ERR_INVALID;
    }
    size_t box_len = 0;
    unsigned char *box = b64_decode(sealed + plen, &box_len);
    size_t overhead =
        sm4 ? GM_SEAL_OVERHEAD : crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
    if (!box || box_len < overhead) {
        free(box);
        sodium_memzero(key, sizeof key);
        return ERR_INVALID;
    }
    size_t plain_len = box_len - overhead;
    char *p = sodium_malloc(plain_len + 1);
    if (!p)
        abort();
    bool ok;
    if (sm4) {
        struct gm_aead_key ak;
        gm_aead_key_derive(key, sizeof key, &ak);
        char prefix[32];
        snprintf(prefix, sizeof prefix, "%.*s", (int)plen, sealed);
        ok = gm_open(&ak, prefix, plen, box, box_len, p);
        sodium_memzero(&ak, sizeof ak);
    } else {
        ok = crypto_secretbox_open_easy((unsigned char *)p, box + crypto_secretbox_NONCEBYTES,
                                        box_len - crypto_secretbox_NONCEBYTES, box, key) == 0;
    }
    sodium_memzero(key, sizeof key);
    free(box);
    if (!ok) {
        sodium_free(p);
        return ERR_INVALID;
    }
    p[plain_len] = '\0';
    *plain = p;
    *len = plain_len;
    return 0;
}

/* ---- wrapping data keys ------------------------------------------------- */

#define WRAP_PREFIX "sm4:m:"

/* The key-encryption key of `master`. */
static void wrap_kek(const struct secret_key *master, struct gm_aead_key *kek)
{
    unsigned char kw[SECRET_KEY_BYTES];
    secret_derive(master, "cadre key wrap", kw, sizeof kw);
    gm_aead_key_derive(kw, sizeof kw, kek);
    sodium_memzero(kw, sizeof kw);
}

/* Wraps `key` under `master` with the associated data `ad` (what the key
 * is: its id, or key 0 and its purpose). */
static char *wrap_ad(const struct secret_key *master, const char *ad,
                     const unsigned char key[SECRET_KEY_BYTES])
{
    struct gm_aead_key kek;
    wrap_kek(master, &kek);
    unsigned char box[SECRET_KEY_BYTES + GM_SEAL_OVERHEAD];
    gm_seal(&kek, ad, strlen(ad), key, SECRET_KEY_BYTES, box);
    sodium_memzero(&kek, sizeof kek);
    return b64_encode(WRAP_PREFIX, box, sizeof box);
}

static int unwrap_ad(const struct secret_key *master, const char *ad, const char *wrapped,
                     unsigned char out[SECRET_KEY_BYTES])
{
    if (!wrapped || strncmp(wrapped, WRAP_PREFIX, strlen(WRAP_PREFIX)) != 0)
        return ERR_INVALID;
    size_t len = 0;
    unsigned char *box = b64_decode(wrapped + strlen(WRAP_PREFIX), &len);
    if (!box || len != SECRET_KEY_BYTES + GM_SEAL_OVERHEAD) {
        free(box);
        return ERR_INVALID;
    }
    struct gm_aead_key kek;
    wrap_kek(master, &kek);
    bool ok = gm_open(&kek, ad, strlen(ad), box, len, out);
    sodium_memzero(&kek, sizeof kek);
    free(box);
    return ok ? 0 : ERR_INVALID;
}

char *secret_wrap(const struct secret_key *master, int id,
                  const unsigned char key[SECRET_KEY_BYTES])
{
    char ad[40];
    snprintf(ad, sizeof ad, "cadre data key %d", id);
    return wrap_ad(master, ad, key);
}

int secret_unwrap(const struct secret_key *master, int id, const char *wrapped,
                  unsigned char out[SECRET_KEY_BYTES])
{
    char ad[40];
    snprintf(ad, sizeof ad, "cadre data key %d", id);
    return unwrap_ad(master, ad, wrapped, out);
}

char *secret_wrap_k0(const struct secret_key *master, enum secret_purpose purpose,
                     const unsigned char key[SECRET_KEY_BYTES])
{
    char ad[48];
    snprintf(ad, sizeof ad, "cadre key 0 %s", secret_purpose_name(purpose));
    return wrap_ad(master, ad, key);
}

int secret_unwrap_k0(const struct secret_key *master, enum secret_purpose purpose,
                     const char *wrapped, unsigned char out[SECRET_KEY_BYTES])
{
    char ad[48];
    snprintf(ad, sizeof ad, "cadre key 0 %s", secret_purpose_name(purpose));
    return unwrap_ad(master, ad, wrapped, out);
}

void secret_plain_free(char *plain)
{
    if (plain)
        sodium_free(plain);
}
