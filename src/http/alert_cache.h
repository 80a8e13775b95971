/* alert_cache.h — the person alerts of one alerts query (filters, scope,
 * as-of date, retirement window), kept in process memory so that paging
 * through them, or asking for one kind, does not evaluate every person
 * again. An entry answers exactly while the database is at the roster
 * version (store/roster_index.h) and the qualification version
 * (store/qualify_data.h) it was computed at: every write that can change
 * an alert bumps the qualification version inside its transaction, so no
 * answer is ever older than the last committed write, whichever process
 * wrote. After a write, an entry of an older version is the base of the
 * new one: the people the versions since touched (store/qualify_changes.h)
 * and those whose relatives they are are evaluated again and merged into
 * a copy (alert_list_merge), the rest is kept. */
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

/* A person of the list (person_id) whose 回避 lookup found a registry
 * cadre (colleague_id): a write of the colleague may change the person's
 * alerts, whether or not they have any now. */
struct alert_link {
    long long colleague_id, person_id;
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
    struct alert_link *links; /* sorted by colleague, then person */
    size_t nlinks, links_cap;
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

/* Records that person `person_id`'s alerts read colleague `colleague_id`
 * (a list not yet published). */
void alert_list_add_link(struct alert_list *l, long long colleague_id, long long person_id);

/* Builds the per-kind positions and sorts the links; call once, before
 * publishing. */
void alert_list_finish(struct alert_list *l);

/* A new list (one reference held by the caller; finish it) for `fresh`'s
 * key and versions: the alerts and links of `old` except those of the
 * `nredo` people of `redo` (sorted ascending), merged in person order with
 * `fresh`'s — the alerts of those people evaluated again, of which `fresh`
 * holds no one else's, in person order — and `fresh`'s units (all of
 * them: a person's post moves a unit's count). Borrows both lists. */
struct alert_list *alert_list_merge(const struct alert_list *old, const struct alert_list *fresh,
                                    const long long *redo, size_t nredo);

/* The people of `l` linked to colleague `colleague_id`, appended to `*ids`
 * (grown with xrealloc; `*cap` its room) and `*n`. */
void alert_list_linked(const struct alert_list *l, long long colleague_id, long long **ids,
                       size_t *n, size_t *cap);

/* A reference to the cached list for `key` computed at exactly these
 * versions, or NULL. Release with alert_cache_release. */
struct alert_list *alert_cache_acquire(const char *key, long long roster_version,
                                       long long qualify_version);

/* The cached list for `key` at whatever versions it was computed (the
 * newest kept), or NULL: the base for a merge. Release with
 * alert_cache_release. */
struct alert_list *alert_cache_acquire_any(const char *key);

/* Publishes `l` (the caller keeps its own reference), replacing the entry
 * of the same key unless that one is of a newer qualification version;
 * the least recently used entry goes when the cache is full. */
void alert_cache_publish(struct alert_list *l);

/* Gives back a reference; the last one frees the list. NULL is a no-op. */
void alert_cache_release(struct alert_list *l);

/* Empties the cache (tests). */
void alert_cache_reset(void);

#endif
