/* arena.h — region allocation: a request or a command allocates from one
 * arena and frees everything at once when it ends. */
#ifndef CADRE_ARENA_H
#define CADRE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* Returns an owned empty arena (free with arena_free). */
struct arena *arena_new(void);
/* Frees the arena and everything allocated in it. NULL is a no-op. */
void arena_free(struct arena *a);
/* Frees everything allocated in `a` (running what was deferred) as
 * arena_free does, but keeps the arena and one block for reuse: for a loop
 * that needs a fresh arena per item without a malloc and free per item. */
void arena_reset(struct arena *a);

/* Returns `size` bytes, zeroed, aligned for any type, valid until
 * arena_free. Never NULL. */
void *arena_alloc(struct arena *a, size_t size);
/* Same for `n` elements of `size` bytes; aborts on overflow. */
void *arena_calloc(struct arena *a, size_t n, size_t size);
/* Copies of strings into the arena. NULL stays NULL. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_sprintf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vsprintf(struct arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Registers `fn(arg)` to run when the arena is freed (in reverse order), for
 * handles such as jansson values or database statements owned by a request. */
void arena_defer(struct arena *a, void (*fn)(void *), void *arg);

/* Bytes handed out so far (for memory accounting in tests and benchmarks). */
size_t arena_used(const struct arena *a);

#endif
