/* alert_cache.c — a few computed alert lists per process, by query key and
 * data versions, and the merge that brings one up to date after a write
 * (see alert_cache.h); a mutex guards the slots and the reference counts,
 * never the work of computing a list. */
#include "http/alert_cache.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

/* Distinct queries kept: the dashboard's, the 提醒 page's and a few unit
 * filters. Each is small (24 bytes an alert). */
enum { ALERT_CACHE_SLOTS = 8 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct alert_list *slots[ALERT_CACHE_SLOTS];
static unsigned long long stamps[ALERT_CACHE_SLOTS]; /* last use, for eviction */
static unsigned long long clock_ticks;

struct alert_list *alert_list_new(const char *key, long long roster_version,
                                  long long qualify_version)
{
    struct alert_list *l = xcalloc(1, sizeof *l);
    l->key = xstrdup(key);
    l->roster_version = roster_version;
    l->qualify_version = qualify_version;
    l->references = 1;
    return l;
}

void alert_list_add(struct alert_list *l, long long person_id, int kind, int ordinal)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->refs = xrealloc(l->refs, l->cap * sizeof *l->refs);
    }
    l->refs[l->n++] = (struct alert_ref){person_id, kind, ordinal};
    l->counts[kind]++;
}

void alert_list_add_unit(struct alert_list *l, char *json)
{
    if (l->nunits == l->units_cap) {
        l->units_cap = l->units_cap ? l->units_cap * 2 : 16;
        l->units = xrealloc(l->units, l->units_cap * sizeof *l->units);
    }
    l->units[l->nunits++] = json;
    l->counts[QUALIFY_ALERT_ESTABLISHMENT]++;
}

void alert_list_add_link(struct alert_list *l, long long colleague_id, long long person_id)
{
    if (l->nlinks == l->links_cap) {
        l->links_cap = l->links_cap ? l->links_cap * 2 : 64;
        l->links = xrealloc(l->links, l->links_cap * sizeof *l->links);
    }
    l->links[l->nlinks++] = (struct alert_link){colleague_id, person_id};
}

static int compare_links(const void *a, const void *b)
{
    const struct alert_link *x = a, *y = b;
    if (x->colleague_id != y->colleague_id)
        return x->colleague_id < y->colleague_id ? -1 : 1;
    return x->person_id < y->person_id ? -1 : x->person_id > y->person_id;
}

void alert_list_finish(struct alert_list *l)
{
    if (l->nlinks)
        qsort(l->links, l->nlinks, sizeof *l->links, compare_links);
    for (int k = 0; k < QUALIFY_ALERT_KINDS; k++) {
        l->by_kind[k] = xmalloc((size_t)(l->counts[k] ? l->counts[k] : 1) * sizeof(size_t));
        l->nkind[k] = 0;
    }
    for (size_t i = 0; i < l->n; i++) {
        int k = l->refs[i].kind;
        l->by_kind[k][l->nkind[k]++] = i;
    }
}

static bool redone(const long long *redo, size_t n, long long id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (redo[mid] == id)
            return true;
        if (redo[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

struct alert_list *alert_list_merge(const struct alert_list *old, const struct alert_list *fresh,
                                    const long long *redo, size_t nredo)
{
    struct alert_list *l =
        alert_list_new(fresh->key, fresh->roster_version, fresh->qualify_version);
    size_t want = old->n + fresh->n;
    l->cap = want ? want : 1;
    l->refs = xmalloc(l->cap * sizeof *l->refs);
    size_t i = 0, j = 0;
    while (i < old->n || j < fresh->n) {
        const struct alert_ref *r;
        if (i < old->n && redone(redo, nredo, old->refs[i].person_id)) {
            i++;
            continue;
        }
        if (j >= fresh->n || (i < old->n && old->refs[i].person_id < fresh->refs[j].person_id))
            r = &old->refs[i++];
        else
            r = &fresh->refs[j++];
        alert_list_add(l, r->person_id, r->kind, r->ordinal);
    }
    for (size_t k = 0; k < fresh->nunits; k++)
        alert_list_add_unit(l, xstrdup(fresh->units[k]));
    for (size_t k = 0; k < old->nlinks; k++)
        if (!redone(redo, nredo, old->links[k].person_id))
            alert_list_add_link(l, old->links[k].colleague_id, old->links[k].person_id);
    for (size_t k = 0; k < fresh->nlinks; k++)
        alert_list_add_link(l, fresh->links[k].colleague_id, fresh->links[k].person_id);
    return l;
}

void alert_list_linked(const struct alert_list *l, long long colleague_id, long long **ids,
                       size_t *n, size_t *cap)
{
    size_t lo = 0, hi = l->nlinks;
    while (lo < hi) { /* the first link of the colleague */
        size_t mid = lo + (hi - lo) / 2;
        if (l->links[mid].colleague_id < colleague_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < l->nlinks && l->links[lo].colleague_id == colleague_id; lo++) {
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 16;
            *ids = xrealloc(*ids, *cap * sizeof **ids);
        }
        (*ids)[(*n)++] = l->links[lo].person_id;
    }
}

static void list_free(struct alert_list *l)
{
    for (int k = 0; k < QUALIFY_ALERT_KINDS; k++)
        free(l->by_kind[k]);
    for (size_t i = 0; i < l->nunits; i++)
        free(l->units[i]);
    free(l->units);
    free(l->links);
    free(l->refs);
    free(l->key);
    free(l);
}

/* Drops one reference; the caller holds the lock. Returns the list to free
 * (outside the lock) or NULL. */
static struct alert_list *unref_locked(struct alert_list *l)
{
    return l && --l->references == 0 ? l : NULL;
}

struct alert_list *alert_cache_acquire(const char *key, long long roster_version,
                                       long long qualify_version)
{
    struct alert_list *found = NULL;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < ALERT_CACHE_SLOTS; i++) {
        struct alert_list *l = slots[i];
        if (l && l->roster_version == roster_version && l->qualify_version == qualify_version &&
            strcmp(l->key, key) == 0) {
            l->references++;
            stamps[i] = ++clock_ticks;
            found = l;
            break;
        }
    }
    pthread_mutex_unlock(&lock);
    return found;
}

struct alert_list *alert_cache_acquire_any(const char *key)
{
    struct alert_list *found = NULL;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < ALERT_CACHE_SLOTS && !found; i++)
        if (slots[i] && strcmp(slots[i]->key, key) == 0) {
            found = slots[i];
            found->references++;
            stamps[i] = ++clock_ticks;
        }
    pthread_mutex_unlock(&lock);
    return found;
}

void alert_cache_publish(struct alert_list *l)
{
    struct alert_list *dropped[ALERT_CACHE_SLOTS];
    int ndropped = 0, free_slot = -1, oldest = 0;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < ALERT_CACHE_SLOTS; i++) {
        struct alert_list *s = slots[i];
        /* One entry per key: the newer of the two. Entries of other keys
         * stay whatever their versions, as bases for a merge. */
        if (s && strcmp(s->key, l->key) == 0 && s->qualify_version > l->qualify_version) {
            pthread_mutex_unlock(&lock);
            for (int k = 0; k < ndropped; k++)
                list_free(dropped[k]);
            return;
        }
        if (s && strcmp(s->key, l->key) == 0) {
            struct alert_list *f = unref_locked(s);
            if (f)
                dropped[ndropped++] = f;
            slots[i] = s = NULL;
        }
        if (!s && free_slot < 0)
            free_slot = i;
        if (stamps[i] < stamps[oldest])
            oldest = i;
    }
    if (free_slot < 0) {
        struct alert_list *f = unref_locked(slots[oldest]);
        if (f)
            dropped[ndropped++] = f;
        free_slot = oldest;
    }
    l->references++;
    slots[free_slot] = l;
    stamps[free_slot] = ++clock_ticks;
    pthread_mutex_unlock(&lock);
    for (int i = 0; i < ndropped; i++)
        list_free(dropped[i]);
}

void alert_cache_release(struct alert_list *l)
{
    if (!l)
        return;
    pthread_mutex_lock(&lock);
    struct alert_list *f = unref_locked(l);
    pthread_mutex_unlock(&lock);
    if (f)
        list_free(f);
}

void alert_cache_reset(void)
{
    for (int i = 0; i < ALERT_CACHE_SLOTS; i++) {
        struct alert_list *l;
        pthread_mutex_lock(&lock);
        l = unref_locked(slots[i]);
        slots[i] = NULL;
        stamps[i] = 0;
        pthread_mutex_unlock(&lock);
        if (l)
            list_free(l);
    }
}
