/* reminders.h — the reminders supervision gives ahead of its deadlines: the
 * kinds (the annual personal-matters report, a tip-off's stage, a 函询's
 * reply), how many days ahead each appears by default, and whether a
 * deadline is to be reminded of on a given day. Pure: today comes in. */
#ifndef CADRE_REMINDERS_H
#define CADRE_REMINDERS_H

#include <stdbool.h>

#include "core/date.h"

enum reminder_kind {
    REMINDER_DECLARATION_ANNUAL = 0, /* 31 January: the annual report (规定 Art.5) */
    REMINDER_TIPOFF_STAGE,           /* the end of a tip-off's current stage */
    REMINDER_INQUIRY_REPLY,          /* the day a 函询 must be answered */
    REMINDER_KIND_COUNT
};

/* Longest lead time the office may set, in days. */
#define REMINDERS_LEAD_MAX 365

/* The API name ("declaration_annual", "tipoff_stage", "inquiry_reply"),
 * the Chinese label, and the default lead time in days (30 for the annual
 * report, whose filing takes a cadre some gathering; 5 for a stage or a
 * reply, which run for weeks). */
const char *reminders_kind_name(enum reminder_kind k);
const char *reminders_kind_label(enum reminder_kind k);
int reminders_default_lead(enum reminder_kind k);

/* The kind called `name`; -1 when none (NULL included). */
int reminders_kind_find(const char *name);

/* Calendar days from `from` to `to` (negative when `to` is earlier). Both
 * must be full dates (date_valid). */
int reminders_days_between(struct date from, struct date to);

/* Whether a deadline `due` not yet met is to be reminded of on `today`
 * with a lead time of `lead_days` (0: on the day itself only): from
 * `lead_days` days before `due` on, and every day after it, overdue.
 * `*days_left` (may be NULL) is set to the days from today to due,
 * negative when overdue. False for DATE_NONE or a partial date. */
bool reminders_due(struct date due, int lead_days, struct date today, int *days_left);

#endif
