/* qualify_changes.h — which people each qualification version touched
 * (migration 0022), so that a process holding alerts computed at an older
 * version evaluates only those people again, whichever process wrote.
 *
 * Every write that can change a verdict or an alert bumps the
 * qualification version (store/qualify_data.h) inside its transaction,
 * once per transaction, and logs under the new version each person it
 * touched, or 0 for "everyone" (rules, units, training, or more people
 * than QUALIFY_CHANGES_PERSONS_MAX). The bump's row lock orders the
 * versions as their transactions commit, on both engines, so a reader at
 * version V that finds every version of (V, W] logged knows every person
 * written between them. */
#ifndef CADRE_QUALIFY_CHANGES_H
#define CADRE_QUALIFY_CHANGES_H

#include <stdbool.h>
#include <stddef.h>

#include "store/db.h"

/* Past this many people in one transaction (an import), the transaction
 * is logged as touching everyone: evaluating them one by one would cost
 * more than the whole walk. */
enum { QUALIFY_CHANGES_PERSONS_MAX = 256 };

/* For a write that changes what the engine reads of person `person_id`
 * (the person row, the derived columns, a record; a delete too), after its
 * statement and inside its transaction: bumps the qualification version
 * (once per transaction) and logs the person under it (once). Outside a
 * transaction, a version of its own. Returns 0 or a negative err code. */
int qualify_changes_touch(struct db *db, long long person_id);

/* For a write that can change anyone's verdicts or alerts (a rule, a
 * unit, a training class): as qualify_changes_touch, logged as
 * everyone. Returns 0 or a negative err code. */
int qualify_changes_touch_all(struct db *db);

/* The people touched by the versions in (`since`, `upto`], sorted, no
 * duplicates, into `*ids` (owned: free()) and `*n`; `*everyone` true (and
 * no ids) when any of them touched everyone, or when a version is not in
 * the log (pruned, or written before migration 0022), or when there are
 * more than `max_versions` of them. Returns 0 or a negative err code. */
int qualify_changes_since(struct db *db, long long since, long long upto, long long max_versions,
                          long long **ids, size_t *n, bool *everyone);

/* The people with a family record that names person `person_id` as the
 * 回避 lookup matches it (the same ID number, or the same name and birth
 * date), as the person is now: appended to `*ids` (owned, grown with
 * xrealloc) and `*n`, unsorted, possibly repeated. Returns 0 or a negative
 * err code. */
int qualify_changes_relatives_of(struct db *db, long long person_id, long long **ids, size_t *n,
                                 size_t *cap);

#endif
