/* test_arena.c — region allocation: sizes, alignment, zeroing, copies and deferred cleanup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "util/arena.h"

static void test_small_and_big_allocations(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    assert_int_equal(arena_used(a), 0);
    /* Sizes around the block size (8 KiB) and its half, where the arena
     * switches to a block of the request's own. */
    static const size_t sizes[] = {1,    7,    16,   17, 100,   4095,    4096, 4097,
                                   8191, 8192, 8193, 3,  65536, 1 << 20, 24,   0};
    unsigned char *ptrs[sizeof sizes / sizeof sizes[0]];
    size_t used = 0;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        unsigned char *p = arena_alloc(a, sizes[i]);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        for (size_t k = 0; k < sizes[i]; k++)
            if (p[k] != 0)
                fail_msg("allocation %zu of %zu bytes not zeroed at %zu", i, sizes[i], k);
        memset(p, (int)(i + 1), sizes[i]); /* ASan catches any overlap or overrun */
        ptrs[i] = p;
        used += (sizes[i] + 15) / 16 * 16;
        assert_int_equal(arena_used(a), used);
    }
    /* Later allocations did not overwrite earlier ones. */
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        for (size_t k = 0; k < sizes[i]; k++)
            if (ptrs[i][k] != (unsigned char)(i + 1))
                fail_msg("allocation %zu clobbered at %zu", i, k);
    arena_free(a);
}

static void test_many_small_allocations(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    char *prev = NULL;
    for (int i = 0; i < 10000; i++) {
        char *p = arena_alloc(a, 40);
        assert_ptr_not_equal(p, prev);
        memset(p, 'x', 40);
        prev = p;
    }
    assert_int_equal(arena_used(a), 10000 * 48);
    arena_free(a);
}

static void test_arena_calloc(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    long long *v = arena_calloc(a, 1000, sizeof *v);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(v[i], 0);
    assert_non_null(arena_calloc(a, 0, 8));
    arena_free(a);
}

static void test_strings(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    assert_null(arena_strdup(a, NULL));
    assert_null(arena_strndup(a, NULL, 3));
    const char *src = "张三 abc";
    char *copy = arena_strdup(a, src);
    assert_string_equal(copy, src);
    assert_ptr_not_equal(copy, src);
    assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
    assert_string_equal(arena_strndup(a, "ab", 10), "ab");
    assert_string_equal(arena_sprintf(a, "%s=%d", "n", 42), "n=42");
    char big[10000];
    memset(big, 'y', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_string_equal(arena_sprintf(a, "%s", big), big);
    /* Around the size formatted on the stack first (256 bytes with the NUL). */
    for (size_t len = 250; len <= 260; len++) {
        char edge[300];
        memset(edge, 'z', len);
        edge[len] = '\0';
        char *out = arena_sprintf(a, "%s", edge);
        assert_int_equal(strlen(out), len);
        assert_string_equal(out, edge);
    }
    arena_free(a);
}

static char trace[16];
static size_t ntrace;

static void record(void *arg)
{
    trace[ntrace++] = *(const char *)arg;
}

static void test_defer_runs_in_reverse_order(void **state)
{
    (void)state;
    ntrace = 0;
    struct arena *a = arena_new();
    arena_defer(a, record, "1");
    arena_alloc(a, 100000); /* a big block between the registrations */
    arena_defer(a, record, "2");
    arena_defer(a, record, "3");
    assert_int_equal(ntrace, 0); /* nothing runs before the free */
    arena_free(a);
    assert_int_equal(ntrace, 3);
    assert_memory_equal(trace, "321", 3);
}

static void count_call(void *arg)
{
    (*(int *)arg)++;
}

static void test_reset_keeps_the_arena_usable(void **state)
{
    (void)state;
    struct arena *a = arena_new();
    int calls = 0;
    for (int round = 0; round < 3; round++) {
        char *small = arena_strdup(a, "甲乙丙");
        char *big = arena_alloc(a, 100000);
        assert_string_equal(small, "甲乙丙");
        assert_int_equal(big[99999], 0);
        big[99999] = 'x';
        arena_defer(a, count_call, &calls);
        assert_true(arena_used(a) >= 100000);
        arena_reset(a);
        assert_int_equal(arena_used(a), 0);
        assert_int_equal(calls, round + 1);
    }
    /* After a reset, memory handed out again is zeroed as promised. */
    char *again = arena_alloc(a, 64);
    for (int i = 0; i < 64; i++)
        assert_int_equal(again[i], 0);
    arena_free(a);
    assert_int_equal(calls, 3);
}

static void test_free_null(void **state)
{
    (void)state;
    arena_free(NULL);
    struct arena *a = arena_new();
    arena_free(a); /* empty arena, no blocks */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_and_big_allocations),
        cmocka_unit_test(test_many_small_allocations),
        cmocka_unit_test(test_arena_calloc),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_defer_runs_in_reverse_order),
        cmocka_unit_test(test_reset_keeps_the_arena_usable),
        cmocka_unit_test(test_free_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
