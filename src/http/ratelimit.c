/* ratelimit.c — fixed tables of token buckets, one per class, each slot an
 * address; a full table recycles the slot seen longest ago (its bucket
 * would be full again anyway, or nearly). The shared buckets are the
 * same buckets kept in the database (store/rate_buckets.h). */
#include "http/ratelimit.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/rate_buckets.h"
#include "util/arena.h"
#include "util/log.h"

#define SLOTS 4096
#define PROBE 8

struct bucket {
    char addr[48];
    double tokens;
    double last; /* monotonic seconds */
};

struct table {
    pthread_mutex_t lock;
    double per_minute;
    struct bucket slots[SLOTS];
};

static struct table tables[RATE_CLASS_COUNT] = {
    [RATE_LOGIN] = {.lock = PTHREAD_MUTEX_INITIALIZER},
    [RATE_PUBLIC] = {.lock = PTHREAD_MUTEX_INITIALIZER},
    [RATE_SUBMIT] = {.lock = PTHREAD_MUTEX_INITIALIZER},
    [RATE_SUBMIT_ALL] = {.lock = PTHREAD_MUTEX_INITIALIZER},
};
static pthread_once_t config_once = PTHREAD_ONCE_INIT;

static double env_rate(const char *name, double dflt)
{
    const char *v = getenv(name);
    char *end;
    double n = v ? strtod(v, &end) : 0;
    return v && *v && !*end && n >= 1 && n <= 1e6 ? n : dflt;
}

static void configure(void)
{
    tables[RATE_LOGIN].per_minute = env_rate("CADRE_RATE_LOGIN", RATE_LOGIN_PER_MINUTE);
    tables[RATE_PUBLIC].per_minute = env_rate("CADRE_RATE_PUBLIC", RATE_PUBLIC_PER_MINUTE);
    tables[RATE_SUBMIT].per_minute = env_rate("CADRE_RATE_SUBMIT", RATE_SUBMIT_PER_MINUTE);
    tables[RATE_SUBMIT_ALL].per_minute =
        env_rate("CADRE_RATE_SUBMIT_ALL", RATE_SUBMIT_ALL_PER_MINUTE);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned hash_addr(const char *s)
{
    unsigned h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

long ratelimit_take(enum rate_class c, const char *addr)
{
    pthread_once(&config_once, configure);
    if (c >= RATE_CLASS_COUNT || !addr)
        return 0;
    struct table *t = &tables[c];
    double now = now_seconds(), rate = t->per_minute / 60.0;
    unsigned h = hash_addr(addr);
    pthread_mutex_lock(&t->lock);
    struct bucket *b = NULL, *oldest = NULL;
    for (unsigned i = 0; i < PROBE && !b; i++) {
        struct bucket *s = &t->slots[(h + i) % SLOTS];
        if (strcmp(s->addr, addr) == 0)
            b = s;
        else if (!oldest || s->last < oldest->last)
            oldest = s;
    }
    if (!b) {
        b = oldest;
        memset(b, 0, sizeof *b);
        strncpy(b->addr, addr, sizeof b->addr - 1);
        b->tokens = t->per_minute;
        b->last = now;
    }
    b->tokens += (now - b->last) * rate;
    if (b->tokens > t->per_minute)
        b->tokens = t->per_minute;
    b->last = now;
    long wait = 0;
    if (b->tokens >= 1)
        b->tokens -= 1;
    else
        wait = (long)((1 - b->tokens) / rate) + 1;
    pthread_mutex_unlock(&t->lock);
    return wait;
}

static const char *const class_names[RATE_CLASS_COUNT] = {
    [RATE_LOGIN] = "login",
    [RATE_PUBLIC] = "public",
    [RATE_SUBMIT] = "submit",
    [RATE_SUBMIT_ALL] = "submit_all",
};

/* The minute a failure to count was last logged: one line a minute. */
static atomic_llong logged_minute;

long ratelimit_take_shared(struct db *db, enum rate_class c, const char *addr)
{
    long wait = ratelimit_take(c, addr);
    if (wait > 0 || !db || c >= RATE_CLASS_COUNT || !addr)
        return wait;
    char key[RATE_BUCKETS_KEY_MAX + 1];
    snprintf(key, sizeof key, "%s:%s", class_names[c], addr);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    long long now_ms = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, wait_ms;
    /* The same bucket as the process's: per_minute tokens, one back every
     * 60 s / per_minute. */
    long long interval_ms = llround(60000.0 / tables[c].per_minute);
    int rc = rate_buckets_take(db, key, now_ms, interval_ms < 1 ? 1 : interval_ms,
                               (long long)tables[c].per_minute, &wait_ms);
    if (rc < 0) {
        long long minute = (long long)ts.tv_sec / 60;
        if (atomic_exchange(&logged_minute, minute) != minute)
            log_warn("rate limit %s: the shared bucket failed (%s); this process's limit alone "
                     "applies",
                     class_names[c], db_errmsg(db));
        return 0;
    }
    return wait_ms > 0 ? (long)((wait_ms + 999) / 1000) : 0;
}

int resp_too_many(struct request *req, long retry_after, const char *code, const char *detail,
                  const char *locked_until)
{
    json_t *p = json_pack("{s:i, s:s, s:s, s:s, s:[]}", "status", 429, "code", code, "title",
                          "请求过于频繁", "detail", detail, "errors");
    if (locked_until)
        json_object_set_new(p, "locked_until", json_string(locked_until));
    resp_json(req, 429, p);
    req->content_type = "application/problem+json; charset=utf-8";
    resp_header(req, "Retry-After", arena_sprintf(req->arena, "%ld", retry_after));
    return 0;
}
