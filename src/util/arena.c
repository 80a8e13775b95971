/* arena.c — a chain of blocks; large requests get a block of their own. */
#include "util/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

#define ARENA_BLOCK 8192
#define ARENA_ALIGN 16

struct block {
    struct block *next;
    size_t size, used;
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

struct deferred {
    struct deferred *next;
    void (*fn)(void *);
    void *arg;
};

struct arena {
    struct block *blocks;
    struct deferred *deferred;
    size_t used;
};

struct arena *arena_new(void)
{
    return xcalloc(1, sizeof(struct arena));
}

/* Runs the deferred calls and frees the blocks after `keep` (all when
 * NULL; `keep` must be the first block). */
static void release(struct arena *a, struct block *keep)
{
    for (struct deferred *d = a->deferred; d; d = d->next)
        d->fn(d->arg);
    a->deferred = NULL;
    /* A request's arena holds what it parsed and answered (passwords,
     * one-time passwords, ID numbers): overwrite it before giving it back. */
    struct block *b = a->blocks;
    while (b) {
        struct block *next = b->next;
        explicit_bzero(b->data, b->used);
        if (b == keep)
            b->used = 0;
        else
            free(b);
        b = next;
    }
    a->blocks = keep;
    if (keep)
        keep->next = NULL;
    a->used = 0;
}

void arena_free(struct arena *a)
{
    if (!a)
        return;
    release(a, NULL);
    free(a);
}

void arena_reset(struct arena *a)
{
    /* The first block is a small one unless the arena only ever got big
     * requests: keep it only when it is of the usual size. */
    struct block *first = a->blocks;
    release(a, first && first->size == ARENA_BLOCK ? first : NULL);
}

void *arena_alloc(struct arena *a, size_t size)
{
    if (size > SIZE_MAX - 2 * ARENA_ALIGN) {
        fputs("cadre: arena allocation too large\n", stderr);
        abort();
    }
    size_t rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    struct block *b = a->blocks;
    if (!b || b->size - b->used < rounded) {
        size_t cap = rounded > ARENA_BLOCK / 2 ? rounded : ARENA_BLOCK;
        b = xmalloc(sizeof *b + cap);
        b->size = cap;
        b->used = 0;
        /* A big block goes second so the current small block keeps filling. */
        if (rounded > ARENA_BLOCK / 2 && a->blocks) {
            b->next = a->blocks->next;
            a->blocks->next = b;
        } else {
            b->next = a->blocks;
            a->blocks = b;
        }
    }
    void *p = b->data + b->used;
    b->used += rounded;
    a->used += rounded;
    memset(p, 0, size);
    return p;
}

void *arena_calloc(struct arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) {
        fputs("cadre: arena allocation overflows\n", stderr);
        abort();
    }
    return arena_alloc(a, n * size);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    size_t len = strnlen(s, n);
    char *d = arena_alloc(a, len + 1);
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vsprintf(struct arena *a, const char *fmt, va_list ap)
{
    /* Most strings are short: format once into the stack and copy, rather
     * than measure with one vsnprintf and write with a second. */
    char small[256];
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(small, sizeof small, fmt, copy);
    va_end(copy);
    if (n < 0)
        return arena_strdup(a, "");
    char *s = arena_alloc(a, (size_t)n + 1);
    if ((size_t)n < sizeof small)
        memcpy(s, small, (size_t)n + 1);
    else
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    /* The arena is wiped when freed; leave no copy on the stack either. */
    explicit_bzero(small, sizeof small);
    return s;
}

char *arena_sprintf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = arena_vsprintf(a, fmt, ap);
    va_end(ap);
    return s;
}

void arena_defer(struct arena *a, void (*fn)(void *), void *arg)
{
    struct deferred *d = arena_alloc(a, sizeof *d);
    d->fn = fn;
    d->arg = arg;
    d->next = a->deferred;
    a->deferred = d;
}

size_t arena_used(const struct arena *a)
{
    return a->used;
}
