/* xmalloc.h — the one allocator: never returns NULL (out of memory aborts),
 * and a test build can make the Nth allocation fail to exercise abort paths. */
#ifndef CADRE_XMALLOC_H
#define CADRE_XMALLOC_H

#include <stddef.h>

/* Returns owned memory of `size` bytes (free with free()). Aborts on OOM or
 * when size arithmetic would overflow. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* Returns an owned copy of `s`; NULL stays NULL. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns owned formatted text. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Frees `p` after overwriting every byte the allocator gave it, for memory
 * that held passwords, one-time passwords, secrets or personal data (GB/T
 * 22239 剩余信息保护). NULL is a no-op. */
void xfree_wiped(void *p);

/* Test hook: the `n`th allocation from now on aborts as if out of memory
 * (0 disables). Used by tests to prove no path swallows OOM. */
void xmalloc_fail_after(long n);

#endif
