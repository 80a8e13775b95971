/* xmalloc.c — allocation that cannot fail silently. */
#include "util/xmalloc.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

static atomic_long fail_countdown;

void xmalloc_fail_after(long n)
{
    atomic_store(&fail_countdown, n);
}

static void check_fail(void)
{
    if (atomic_load(&fail_countdown) > 0 && atomic_fetch_sub(&fail_countdown, 1) == 1) {
        fputs("cadre: out of memory (injected)\n", stderr);
        abort();
    }
}

static void *oom(size_t size)
{
    fprintf(stderr, "cadre: out of memory allocating %zu bytes\n", size);
    abort();
}

void *xmalloc(size_t size)
{
    check_fail();
    void *p = malloc(size ? size : 1);
    return p ? p : oom(size);
}

void *xcalloc(size_t n, size_t size)
{
    check_fail();
    void *p = calloc(n ? n : 1, size ? size : 1);
    return p ? p : oom(n * size);
}

void *xrealloc(void *p, size_t size)
{
    check_fail();
    void *q = realloc(p, size ? size : 1);
    return q ? q : oom(size);
}

char *xstrdup(const char *s)
{
    return s ? xstrndup(s, strlen(s)) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    size_t len = strnlen(s, n);
    char *d = xmalloc(len + 1);
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0)
        oom(0);
    return s;
}

void xfree_wiped(void *p)
{
    if (!p)
        return;
    explicit_bzero(p, malloc_usable_size(p));
    free(p);
}
