/* alert_cache.h — the person alerts of one alerts query (filters, scope,
 * as-of date, retirement window), kept in process memory so that paging
 * through them, or asking for one kind, does not evaluate every person
 * again. An entry is valid exactly while the database is at the roster
 * version (store/roster_index.h) and the qualification version
 * (store/qualify_data.h) it was computed at: every write that can change
 * an alert bumps one of them inside its transaction, so no answer is ever
 * older than the last committed write, whichever process wrote. */
#ifndef CADRE_ALERT_CACHE_H
#define CADRE_ALERT_CACHE_H

#include <stddef.h>

#include "core/qualify_list.h"

/* One person alert: the person and its position among the alerts
 * qualify_list_alerts gives for the person (to rebuild it for a page). */
struct alert_ref {
    long long person_id;
    int kind;    /* enum qualify_alert_kind */
    int ordinal; /* 0-based, among the person's alerts of every kind */
};

/* A computed list. Read-only once published; shared between threads. */
struct alert_list {
    long long roster_version, qualify_version;
    char *key;
    long long counts[QUALIFY_ALERT_KINDS];
    struct alert_ref *refs; /* in person-id order, each person's in order */
    size_t n, cap;
    size_t *by_kind[QUALIFY_ALERT_KINDS]; /* positions into refs, per kind */
    size_t nkind[QUALIFY_ALERT_KINDS];
    /* The units over establishment (few; listed before the people's), each
     * as compact JSON, ready to answer. */
    char **units;
    size_t nunits, units_cap;
    int references; /* guarded by the cache's lock */
};

/* A new empty list for `key` (copied) at the two versions, one reference
 * held by the caller. */
struct alert_list *alert_list_new(const char *key, long long roster_version,
                                  long long qualify_version);

/* Appends an alert to a list not yet published. */
void alert_list_add(struct alert_list *l, long long person_id, int kind, int ordinal);

/* Appends a unit's establishment alert (`json`, taken: malloc'd, as
 * json_dumps gives) to a list not yet published. */
void alert_list_add_unit(struct alert_list *l, char *json);

/* Builds the per-kind positions; call once, before publishing. */
void alert_list_finish(struct alert_list *l);

/* A reference to the cached list for `key` computed at exactly these
 * versions, or NULL. Release with alert_cache_release. */
struct alert_list *alert_cache_acquire(const char *key, long long roster_version,
                                       long long qualify_version);

/* Publishes `l` (the caller keeps its own reference), replacing an entry
 * of the same key and dropping entries at other versions; the oldest entry
 * goes when the cache is full. */
void alert_cache_publish(struct alert_list *l);

/* Gives back a reference; the last one frees the list. NULL is a no-op. */
void alert_cache_release(struct alert_list *l);

/* Empties the cache (tests). */
void alert_cache_reset(void);

#endif
