/* qualify_list.c — groups for the 资格名单 and the alerts of one report. */
#include "core/qualify_list.h"

#include <string.h>

#include "util/arena.h"
#include "util/err.h"

/* How many change dates inside the window are followed: a bar ending, then
 * a shortfall met, then a rule row starting is already three. */
enum { FOLLOW_MAX = 4, WITHIN_MAX = 120 };

static const char *const group_names[] = {"now", "soon", "not_yet", "barred", "incomplete", "held"};
static const char *const group_labels[] = {"符合", "期内符合", "尚不符合",
                                           "不得", "数据不全", "已达到或高于目标"};
static const char *const alert_names[] = {"retirement", "tenure", "establishment", "record",
                                          "incomplete"};
static const char *const alert_labels[] = {"即将退休", "任职年限", "超职数", "档案审核",
                                           "数据不全"};

const char *qualify_list_group_name(enum qualify_list_group g)
{
    return (unsigned)g < QUALIFY_LIST_GROUPS ? group_names[g] : "";
}

const char *qualify_list_group_label(enum qualify_list_group g)
{
    return (unsigned)g < QUALIFY_LIST_GROUPS ? group_labels[g] : "";
}

int qualify_list_group_find(const char *name)
{
    for (int i = 0; name && i < QUALIFY_LIST_GROUPS; i++)
        if (strcmp(group_names[i], name) == 0 || strcmp(group_labels[i], name) == 0)
            return i;
    return -1;
}

const char *qualify_list_alert_name(enum qualify_alert_kind k)
{
    return (unsigned)k < QUALIFY_ALERT_KINDS ? alert_names[k] : "";
}

const char *qualify_list_alert_label(enum qualify_alert_kind k)
{
    return (unsigned)k < QUALIFY_ALERT_KINDS ? alert_labels[k] : "";
}

int qualify_list_alert_find(const char *name)
{
    for (int i = 0; name && i < QUALIFY_ALERT_KINDS; i++)
        if (strcmp(alert_names[i], name) == 0 || strcmp(alert_labels[i], name) == 0)
            return i;
    return -1;
}

bool qualify_list_shows(const struct qualify_list_entry *e, const struct qualify_reason *x)
{
    if (!x->decisive)
        return false;
    return e->group == QUALIFY_LIST_NOW ? x->effect == QUALIFY_MET : x->effect != QUALIFY_MET;
}

struct date qualify_list_change_date(const struct qualify_list_entry *e)
{
    if (e->group == QUALIFY_LIST_NOW && e->result->change == QUALIFY_CHANGE_RETIREMENT)
        return DATE_NONE;
    return e->result->change_date;
}

static enum qualify_list_group group_of(enum qualify_verdict v)
{
    switch (v) {
    case QUALIFY_ELIGIBLE:
        return QUALIFY_LIST_NOW;
    case QUALIFY_NOT_YET:
        return QUALIFY_LIST_NOT_YET;
    case QUALIFY_BARRED:
        return QUALIFY_LIST_BARRED;
    case QUALIFY_INCOMPLETE:
        return QUALIFY_LIST_INCOMPLETE;
    }
    return QUALIFY_LIST_INCOMPLETE;
}

/* Follows the change dates of `r` inside [as_of, window_end]: the first
 * day it is 符合, or NONE. */
static struct date eligible_within(struct arena *a, const struct rules *rules,
                                   const struct qualify_input *in, const struct qualify_result *r,
                                   struct date window_end)
{
    struct date day = r->change_date;
    struct qualify_target target = r->target;
    for (int i = 0; i < FOLLOW_MAX; i++) {
        if (date_is_none(day) || date_compare(day, window_end) > 0)
            return DATE_NONE;
        /* A month-precision change date (a service counted from a month)
         * holds from the first day of its month; the engine wants a day. */
        if (day.day == 0)
            day.day = 1;
        struct qualify_report *later;
        if (qualify_evaluate_with(a, rules, in, day, &target, 1,
                                  QUALIFY_NO_RECORD_CHECKS | QUALIFY_BRIEF, &later) != 0)
            return DATE_NONE;
        const struct qualify_result *x = qualify_find(later, target.kind, target.code);
        if (!x)
            return DATE_NONE;
        if (x->verdict == QUALIFY_ELIGIBLE)
            return day;
        /* A change date that does not move would loop. */
        struct date next = x->change_date;
        if (!date_is_none(next) && next.day == 0)
            next.day = 1;
        if (date_is_none(next) || date_compare(next, day) <= 0)
            return DATE_NONE;
        day = next;
    }
    return DATE_NONE;
}

int qualify_list_person(struct arena *a, const struct rules *rules, const struct qualify_input *in,
                        struct date as_of, const struct qualify_target *target, int within_months,
                        struct qualify_list_entry **entries, size_t *n,
                        struct qualify_report **report)
{
    return qualify_list_person_with(a, rules, in, as_of, target, within_months, 0, entries, n,
                                    report);
}

int qualify_list_person_with(struct arena *a, const struct rules *rules,
                             const struct qualify_input *in, struct date as_of,
                             const struct qualify_target *target, int within_months,
                             unsigned options, struct qualify_list_entry **entries, size_t *n,
                             struct qualify_report **report)
{
    *entries = NULL;
    *n = 0;
    if (within_months < 0 || within_months > WITHIN_MAX)
        return ERR_INVALID;
    struct qualify_report *rep;
    int rc = qualify_evaluate_with(a, rules, in, as_of, target, target ? 1 : 0, options, &rep);
    if (rc != 0)
        return rc;
    if (report)
        *report = rep;
    struct qualify_list_entry *out =
        arena_calloc(a, rep->result_count ? rep->result_count : 1, sizeof *out);
    struct date window_end = date_add_months(as_of, within_months);
    size_t count = 0;
    for (const struct qualify_result *r = rep->results; r; r = r->next) {
        /* With a target, only its result; else the computed ones. */
        if (target
                ? !(r->target.kind == target->kind && strcmp(r->target.code, target->code) == 0 &&
                    r->target.party_post == target->party_post)
                : r->asked)
            continue;
        struct qualify_list_entry *e = &out[count++];
        e->result = r;
        e->group = r->held ? QUALIFY_LIST_HELD : group_of(r->verdict);
        e->eligible_from = DATE_NONE;
        if (r->verdict == QUALIFY_ELIGIBLE) {
            e->eligible_from = as_of;
        } else if (within_months > 0 && !r->held) {
            struct date from = eligible_within(a, rules, in, r, window_end);
            if (!date_is_none(from)) {
                e->group = QUALIFY_LIST_SOON;
                e->eligible_from = from;
            }
        }
    }
    *entries = out;
    *n = count;
    return 0;
}

static struct qualify_alert *alert_new(struct arena *a, struct qualify_alert ***tail,
                                       enum qualify_alert_kind kind, size_t *n)
{
    struct qualify_alert *x = arena_calloc(a, 1, sizeof *x);
    x->kind = kind;
    x->date = DATE_NONE;
    **tail = x;
    *tail = &x->next;
    (*n)++;
    return x;
}

struct qualify_alert *qualify_list_alerts(struct arena *a, const struct qualify_report *rep,
                                          int retirement_months, size_t *n)
{
    struct qualify_alert *head = NULL, **tail = &head;
    *n = 0;
    if (!date_is_none(rep->retirement_date) &&
        date_compare(rep->retirement_date, rep->as_of) >= 0 &&
        date_compare(rep->retirement_date, date_add_months(rep->as_of, retirement_months)) <= 0) {
        struct qualify_alert *x = alert_new(a, &tail, QUALIFY_ALERT_RETIREMENT, n);
        char buf[11];
        x->rule_id = "retire";
        x->source = "";
        x->confidence = RULES_TXT;
        x->date = rep->retirement_date;
        x->text = arena_sprintf(a, "将于 %s 达到退休年龄（%s）", date_format_display(x->date, buf),
                                qualify_months_text(a, rep->retirement_age_months));
        /* The source of the row is on the results' retirement reasons. */
        for (const struct qualify_result *r = rep->results; r && !*x->source; r = r->next)
            for (const struct qualify_reason *y = r->reasons; y; y = y->next)
                if (y->rule_id && strncmp(y->rule_id, "retire.", 7) == 0) {
                    x->rule_id = y->rule_id;
                    x->source = y->source;
                    x->confidence = y->confidence;
                    x->needs_confirmation = y->needs_confirmation;
                    break;
                }
    }
    for (const struct qualify_finding *f = rep->findings; f; f = f->next) {
        bool tenure = f->rule_id && strncmp(f->rule_id, "tenure.", 7) == 0;
        struct qualify_alert *x =
            alert_new(a, &tail, tenure ? QUALIFY_ALERT_TENURE : QUALIFY_ALERT_RECORD, n);
        x->rule_id = f->rule_id;
        x->source = f->source;
        x->confidence = f->confidence;
        x->needs_confirmation = f->needs_confirmation;
        x->field = f->fields;
        x->record_id = f->record_id;
        x->text = f->text;
    }
    /* Each missing field once, however many targets it blocks. */
    for (const struct qualify_result *r = rep->results; r; r = r->next)
        for (const struct qualify_reason *y = r->reasons; y; y = y->next) {
            if (y->effect != QUALIFY_MISSING || !y->decisive || !y->field)
                continue;
            bool seen = false;
            for (const struct qualify_alert *z = head; z && !seen; z = z->next)
                seen = z->kind == QUALIFY_ALERT_INCOMPLETE && strcmp(z->field, y->field) == 0;
            if (seen)
                continue;
            struct qualify_alert *x = alert_new(a, &tail, QUALIFY_ALERT_INCOMPLETE, n);
            x->rule_id = y->rule_id;
            x->source = y->source;
            x->confidence = y->confidence;
            x->needs_confirmation = y->needs_confirmation;
            x->field = y->field;
            x->text = y->text;
        }
    return head;
}
