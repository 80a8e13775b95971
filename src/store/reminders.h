/* reminders.h — the lead times of supervision's reminders, as the office
 * set them (table reminder_settings; core/reminders.h names the kinds). */
#ifndef CADRE_STORE_REMINDERS_H
#define CADRE_STORE_REMINDERS_H

#include "core/reminders.h"
#include "store/db.h"

/* The lead time of `kind` in days: the office's, or the kind's default
 * when it set none. Returns 0 or err. */
int reminders_lead_days(struct db *db, enum reminder_kind kind, int *out);

/* Sets the lead time of `kind` (0..REMINDERS_LEAD_MAX, checked by the
 * caller). Returns 0 or err. Call inside a transaction. */
int reminders_set_lead_days(struct db *db, enum reminder_kind kind, int days);

#endif
