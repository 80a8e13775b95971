/* test_secret.c — the key file (created 0600, never replaced, refused when
 * loose or the wrong size), sealing text fields (round trip, another key
 * or an altered text refused, no plaintext in the sealed form), and the
 * key ring of issue 16 (SM4 under data keys, wrapping, every form read, keys
 * of one purpose each and key 0 carried across a master rotation). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/err.h"
#include "util/secret.h"

struct fixture {
    char dir[64];
    char key[96];
};

static int setup(void **state)
{
    if (sodium_init() < 0)
        return -1;
    struct fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/cadre-secret-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->key, sizeof f->key, "%s/t.db.key", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

static void test_key_file(void **state)
{
    struct fixture *f = *state;
    struct secret_key *k = NULL;
    assert_int_equal(secret_key_load(f->key, &k), ERR_NOT_FOUND);
    assert_int_equal(secret_key_create(f->key), 0);
    struct stat st;
    assert_int_equal(stat(f->key, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(st.st_size, SECRET_KEY_BYTES);
    /* Never replaced: every sealed field would be lost. */
    unsigned char before[SECRET_KEY_BYTES], after[SECRET_KEY_BYTES];
    FILE *fp = fopen(f->key, "rb");
    assert_int_equal(fread(before, 1, sizeof before, fp), sizeof before);
    fclose(fp);
    assert_int_equal(secret_key_create(f->key), ERR_CONFLICT);
    fp = fopen(f->key, "rb");
    assert_int_equal(fread(after, 1, sizeof after, fp), sizeof after);
    fclose(fp);
    assert_memory_equal(before, after, sizeof before);
    assert_int_equal(secret_key_load(f->key, &k), 0);
    assert_non_null(k);
    secret_key_free(k);
    /* Readable by others: refused. */
    chmod(f->key, 0644);
    assert_int_equal(secret_key_load(f->key, &k), ERR_INVALID);
    assert_null(k);
    chmod(f->key, 0600);
    /* The wrong size: refused. */
    int fd = open(f->key, O_WRONLY | O_APPEND);
    assert_int_equal(write(fd, "x", 1), 1);
    close(fd);
    assert_int_equal(secret_key_load(f->key, &k), ERR_INVALID);
    secret_key_free(NULL);
}

static void test_key_path(void **state)
{
    (void)state;
    unsetenv("CADRE_KEY");
    char *p = secret_key_path("/srv/cadre/cadre.db");
    assert_string_equal(p, "/srv/cadre/cadre.db.key");
    free(p);
    p = secret_key_path("sqlite:x.db");
    assert_string_equal(p, "x.db.key");
    free(p);
    setenv("CADRE_KEY", "/etc/cadre/key", 1);
    p = secret_key_path("x.db");
    assert_string_equal(p, "/etc/cadre/key");
    free(p);
    unsetenv("CADRE_KEY");
}

static void test_seal_open(void **state)
{
    struct fixture *f = *state;
    char other_path[128];
    snprintf(other_path, sizeof other_path, "%s/other.key", f->dir);
    assert_int_equal(secret_key_create(f->key), 0);
    assert_int_equal(secret_key_create(other_path), 0);
    struct secret_key *k, *other;
    assert_int_equal(secret_key_load(f->key, &k), 0);
    assert_int_equal(secret_key_load(other_path, &other), 0);

    static const char *texts[] = {"", "举报内容：某某收受礼金 2 万元", "a"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        char *sealed = secret_seal(k, texts[i], strlen(texts[i]));
        assert_true(strncmp(sealed, "v1:", 3) == 0);
        if (strlen(texts[i]) > 3) /* base64 itself may hold a short text by chance */
            assert_null(strstr(sealed, texts[i]));
        /* A fresh nonce each time: the same text never seals the same. */
        char *again = secret_seal(k, texts[i], strlen(texts[i]));
        assert_string_not_equal(sealed, again);
        char *plain;
        size_t len;
        assert_int_equal(secret_open(k, sealed, &plain, &len), 0);
        assert_int_equal(len, strlen(texts[i]));
        assert_string_equal(plain, texts[i]);
        secret_plain_free(plain);
        assert_int_equal(secret_open(other, sealed, &plain, &len), ERR_INVALID);
        assert_null(plain);
        /* One character changed: refused (authenticated encryption). */
        size_t at = strlen(sealed) - 3;
        sealed[at] = sealed[at] == 'A' ? 'B' : 'A';
        assert_int_equal(secret_open(k, sealed, &plain, &len), ERR_INVALID);
        free(sealed);
        free(again);
    }
    char *plain;
    size_t len;
    static const char *bad[] = {"", "v1:", "v1:!!!!", "v2:AAAA", "plain text"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(secret_open(k, bad[i], &plain, &len), ERR_INVALID);
    assert_int_equal(secret_open(k, NULL, &plain, &len), ERR_INVALID);
    secret_key_free(k);
    secret_key_free(other);
}

static void test_default_key(void **state)
{
    struct fixture *f = *state;
    secret_configure(f->key);
    assert_null(secret_default_key()); /* no file yet */
    assert_int_equal(secret_key_create(f->key), 0);
    const struct secret_key *k = secret_default_key(); /* found once created */
    assert_non_null(k);
    assert_ptr_equal(secret_default_key(), k);
    secret_configure(NULL);
    assert_null(secret_default_key());
}

/* The key ring (issue 16): under gm texts are SM4 with the active data
 * key's id in their prefix; every older form still opens; a data key
 * wrapped under one master opens under it only, for its own id. */
static void test_ring_and_wrap(void **state)
{
    struct fixture *f = *state;
    char other_path[128];
    snprintf(other_path, sizeof other_path, "%s/other.key", f->dir);
    struct secret_key *k = NULL, *other = NULL;
    assert_int_equal(secret_key_create(f->key), 0);
    assert_int_equal(secret_key_create(other_path), 0);
    assert_int_equal(secret_key_load(f->key, &k), 0);
    assert_int_equal(secret_key_load(other_path, &other), 0);
    const char *text = "举报内容";
    char *plain;
    size_t len;
    /* No ring: today's secretbox under the master. */
    char *v1 = secret_seal(k, text, strlen(text));
    assert_int_equal(strncmp(v1, "v1:", 3), 0);
    assert_int_equal(secret_sealed_key_id(v1), 0);
    /* gm, no data key yet: SM4 under key 0, derived from the master. */
    secret_ring_reset(k, true);
    char *k0 = secret_seal(k, text, strlen(text));
    assert_int_equal(strncmp(k0, "sm4:k0:", 7), 0);
    assert_null(strstr(k0, text));
    /* A data key, wrapped and unwrapped, made active. */
    unsigned char dk[SECRET_KEY_BYTES], back[SECRET_KEY_BYTES];
    randombytes_buf(dk, sizeof dk);
    char *wrapped = secret_wrap(k, 1, dk);
    assert_int_equal(strncmp(wrapped, "sm4:m:", 6), 0);
    assert_int_equal(secret_unwrap(other, 1, wrapped, back), ERR_INVALID);
    assert_int_equal(secret_unwrap(k, 2, wrapped, back), ERR_INVALID);
    assert_int_equal(secret_unwrap(k, 1, wrapped, back), 0);
    assert_memory_equal(dk, back, sizeof dk);
    secret_ring_add(k, 1, back, true);
    assert_int_equal(secret_ring_active(k), 1);
    char *k1 = secret_seal(k, text, strlen(text));
    assert_int_equal(strncmp(k1, "sm4:k1:", 7), 0);
    assert_int_equal(secret_sealed_key_id(k1), 1);
    /* Every form opens. */
    const char *all[] = {v1, k0, k1};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(secret_open(k, all[i], &plain, &len), 0);
        assert_int_equal(len, strlen(text));
        assert_memory_equal(plain, text, len);
        secret_plain_free(plain);
    }
    /* Relabelled with another key id: refused (the prefix is bound). */
    char *relabel = strdup(k1);
    relabel[5] = '0';
    assert_int_equal(secret_open(k, relabel, &plain, &len), ERR_INVALID);
    /* Another master: nothing opens. */
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(secret_open(other, all[i], &plain, &len), ERR_INVALID);
    /* intl with a data key: secretbox under it, "sb:k1:". */
    secret_ring_reset(k, false);
    secret_ring_add(k, 1, back, true);
    char *sb = secret_seal(k, text, strlen(text));
    assert_int_equal(strncmp(sb, "sb:k1:", 6), 0);
    assert_int_equal(secret_open(k, sb, &plain, &len), 0);
    secret_plain_free(plain);
    char cv1[17], cv2[17];
    secret_check_value(k, cv1);
    secret_check_value(other, cv2);
    assert_int_equal(strlen(cv1), 16);
    assert_string_not_equal(cv1, cv2);
    secret_ring_reset(NULL, false);
    free(v1);
    free(k0);
    free(k1);
    free(sb);
    free(relabel);
    free(wrapped);
    secret_key_free(k);
    secret_key_free(other);
}

/* Keys of one purpose each (issue 16, 0021): a key is found only for its
 * purpose; key 0 of each purpose is derived from the master, differs by
 * purpose, and once carried (wrapped under another master, the purpose
 * bound in) is the carried one, not the new master's. */
static void test_purposes_and_k0(void **state)
{
    struct fixture *f = *state;
    char other_path[128];
    snprintf(other_path, sizeof other_path, "%s/other.key", f->dir);
    struct secret_key *k = NULL, *next = NULL;
    assert_int_equal(secret_key_create(f->key), 0);
    assert_int_equal(secret_key_create(other_path), 0);
    assert_int_equal(secret_key_load(f->key, &k), 0);
    assert_int_equal(secret_key_load(other_path, &next), 0);
    assert_int_equal(secret_purpose_parse("rowmac"), SECRET_ROWMAC);
    assert_string_equal(secret_purpose_name(SECRET_PASSWORD), "password");
    assert_int_equal(secret_purpose_parse("nope"), -1);
    secret_ring_reset(k, true);
    unsigned char a[SECRET_KEY_BYTES], b[SECRET_KEY_BYTES], dk[SECRET_KEY_BYTES];
    /* Key 0 differs by purpose. */
    assert_true(secret_purpose_key(k, SECRET_ROWMAC, 0, a));
    assert_true(secret_purpose_key(k, SECRET_PASSWORD, 0, b));
    assert_memory_not_equal(a, b, sizeof a);
    /* A rowmac key is not a sealing or password key. */
    randombytes_buf(dk, sizeof dk);
    secret_ring_add_for(k, SECRET_ROWMAC, 7, dk, true);
    assert_int_equal(secret_ring_active_for(k, SECRET_ROWMAC), 7);
    assert_int_equal(secret_ring_active(k), 0);
    assert_true(secret_purpose_key(k, SECRET_ROWMAC, 7, b));
    assert_memory_equal(b, dk, sizeof dk);
    assert_false(secret_purpose_key(k, SECRET_PASSWORD, 7, b));
    assert_false(secret_purpose_key(k, SECRET_SEAL, 7, b));
    /* Key 0 carried to another master: wrapped with the purpose bound. */
    char *carried = secret_wrap_k0(next, SECRET_ROWMAC, a);
    unsigned char back[SECRET_KEY_BYTES];
    assert_int_equal(secret_unwrap_k0(next, SECRET_PASSWORD, carried, back), ERR_INVALID);
    assert_int_equal(secret_unwrap_k0(k, SECRET_ROWMAC, carried, back), ERR_INVALID);
    assert_int_equal(secret_unwrap(next, 0, carried, back), ERR_INVALID);
    assert_int_equal(secret_unwrap_k0(next, SECRET_ROWMAC, carried, back), 0);
    assert_memory_equal(back, a, sizeof a);
    secret_ring_reset(next, true);
    assert_true(secret_purpose_key(next, SECRET_ROWMAC, 0, b));
    assert_memory_not_equal(b, a, sizeof a); /* derived from the new master */
    secret_ring_set_k0(next, SECRET_ROWMAC, back);
    assert_true(secret_purpose_key(next, SECRET_ROWMAC, 0, b));
    assert_memory_equal(b, a, sizeof a); /* the carried one */
    secret_k0_derive(next, SECRET_ROWMAC, b);
    assert_memory_not_equal(b, a, sizeof a);
    secret_ring_reset(NULL, false);
    free(carried);
    secret_key_free(k);
    secret_key_free(next);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_key_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_seal_open, setup, teardown),
        cmocka_unit_test_setup_teardown(test_default_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ring_and_wrap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_purposes_and_k0, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
