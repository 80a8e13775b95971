/* reminders.c — reminder kinds, lead times and the day arithmetic of
 * "due within N days" (core/reminders.h). */
#include "core/reminders.h"

#include <string.h>

static const struct {
    const char *name, *label;
    int lead;
} kinds[REMINDER_KIND_COUNT] = {
    [REMINDER_DECLARATION_ANNUAL] = {"declaration_annual", "个人有关事项年度报告", 30},
    [REMINDER_TIPOFF_STAGE] = {"tipoff_stage", "信访举报办理环节", 5},
    [REMINDER_INQUIRY_REPLY] = {"inquiry_reply", "函询回复", 5},
};

const char *reminders_kind_name(enum reminder_kind k)
{
    return (unsigned)k < REMINDER_KIND_COUNT ? kinds[k].name : NULL;
}

const char *reminders_kind_label(enum reminder_kind k)
{
    return (unsigned)k < REMINDER_KIND_COUNT ? kinds[k].label : NULL;
}

int reminders_default_lead(enum reminder_kind k)
{
    return (unsigned)k < REMINDER_KIND_COUNT ? kinds[k].lead : 0;
}

int reminders_kind_find(const char *name)
{
    for (int k = 0; name && k < REMINDER_KIND_COUNT; k++)
        if (strcmp(name, kinds[k].name) == 0)
            return k;
    return -1;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days
 * inverse of H. Hinnant's "chrono-compatible low-level date algorithms"). */
static long day_number(struct date d)
{
    long y = d.year - (d.month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int reminders_days_between(struct date from, struct date to)
{
    return (int)(day_number(to) - day_number(from));
}

bool reminders_due(struct date due, int lead_days, struct date today, int *days_left)
{
    if (date_is_none(due) || !date_valid(due) || due.day == 0)
        return false;
    int left = reminders_days_between(today, due);
    if (days_left)
        *days_left = left;
    return left <= lead_days;
}
