/* qualify_list.h — the 资格名单 and the alerts, person by person: who
 * qualifies for a target now, who will within N months (and from which
 * day), who is barred and by what, who cannot be judged for want of data,
 * who already holds the target or more;
 * and the alerts one report raises (retirement near, same post too long,
 * record-check findings, missing data). Pure, like qualify.h: the caller
 * loads the inputs and the rules and passes the as-of date. */
#ifndef CADRE_QUALIFY_LIST_H
#define CADRE_QUALIFY_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "core/qualify.h"

struct arena;

enum qualify_list_group {
    QUALIFY_LIST_NOW,        /* 符合 on the as-of date */
    QUALIFY_LIST_SOON,       /* becomes 符合 within the window (eligible_from) */
    QUALIFY_LIST_NOT_YET,    /* 尚不符合, and not within the window */
    QUALIFY_LIST_BARRED,     /* 不得 on the as-of date (and not 符合 within the window) */
    QUALIFY_LIST_INCOMPLETE, /* 数据不全 (and not 符合 within the window) */
    QUALIFY_LIST_HELD,       /* already at or above the target (result->held) */
    QUALIFY_LIST_GROUPS
};

struct qualify_list_entry {
    const struct qualify_result *result; /* on the as-of date */
    enum qualify_list_group group;
    struct date eligible_from; /* NOW: the as-of date; SOON: the day it turns
                                  符合; else NONE */
};

/* Evaluates `in` on `as_of` for `target` (NULL: the computed next rank and
 * next post level, the report's unasked results) and puts one entry per
 * target in `*entries` (`*n` of them, in `a`). A target not 符合 whose
 * change date falls within `within_months` of `as_of` is evaluated again on
 * that date (a month-precision date: on its first day), and again (at most
 * a few times) while the verdict changes inside the window: SOON when it
 * turns 符合 there, so the group agrees with qualify_evaluate on the as-of
 * date and on every later day of the window. HELD when the target is not
 * above what is held, whatever else bars it. `*report` (may be NULL)
 * receives the as-of report. Returns 0 or ERR_INVALID (qualify_evaluate's
 * reasons, or `within_months` outside 0..120). */
int qualify_list_person(struct arena *a, const struct rules *rules, const struct qualify_input *in,
                        struct date as_of, const struct qualify_target *target, int within_months,
                        struct qualify_list_entry **entries, size_t *n,
                        struct qualify_report **report);

/* qualify_list_person with the as-of evaluation's `options` (enum
 * qualify_options). The evaluations inside the window are always brief and
 * without record checks: only their verdicts and change dates are read. */
int qualify_list_person_with(struct arena *a, const struct rules *rules,
                             const struct qualify_input *in, struct date as_of,
                             const struct qualify_target *target, int within_months,
                             unsigned options, struct qualify_list_entry **entries, size_t *n,
                             struct qualify_report **report);

/* Whether a list row shows reason `x` of its entry `e`: for 符合, the
 * decisive requirements met (what the verdict rests on); otherwise the
 * decisive reasons not met (what is short, bars or is missing). */
bool qualify_list_shows(const struct qualify_list_entry *e, const struct qualify_reason *x);

/* The change date a list row shows: the result's, except for 符合 when
 * only retirement lies ahead (NONE: nothing to wait for). */
struct date qualify_list_change_date(const struct qualify_list_entry *e);

/* "now", "soon", "not_yet", "barred", "incomplete", "held" / "符合",
 * "期内符合", "尚不符合", "不得", "数据不全", "已达到或高于目标". */
const char *qualify_list_group_name(enum qualify_list_group g);
const char *qualify_list_group_label(enum qualify_list_group g);
/* The group called `name`, or -1. */
int qualify_list_group_find(const char *name);

enum qualify_alert_kind {
    QUALIFY_ALERT_RETIREMENT,    /* retirement within the window */
    QUALIFY_ALERT_TENURE,        /* same post / same level too long (§9) */
    QUALIFY_ALERT_ESTABLISHMENT, /* a unit over its 职数 (raised by the caller) */
    QUALIFY_ALERT_RECORD,        /* a record-check finding (三龄两历, 回避) */
    QUALIFY_ALERT_INCOMPLETE,    /* a field needed to judge is missing */
    QUALIFY_ALERT_KINDS
};

struct qualify_alert {
    enum qualify_alert_kind kind;
    const char *rule_id, *source;
    enum rules_confidence confidence;
    bool needs_confirmation; /* from the row's reason or finding */
    struct date date;        /* retirement: the retirement date; else NONE */
    const char *field;       /* INCOMPLETE: the missing field; RECORD: the fields */
    long long record_id;     /* RECORD: the record concerned, or 0 */
    const char *text;        /* Chinese */
    struct qualify_alert *next;
};

/* The alerts of one report: retirement when the retirement date falls in
 * [as_of, as_of + retirement_months]; every finding (tenure.* findings as
 * TENURE, the others as RECORD); each distinct missing field of a decisive
 * reason as INCOMPLETE. A list in `a`, in that order; `*n` set. */
struct qualify_alert *qualify_list_alerts(struct arena *a, const struct qualify_report *rep,
                                          int retirement_months, size_t *n);

/* "retirement", "tenure", "establishment", "record", "incomplete" and the
 * Chinese labels; the kind called `name`, or -1. */
const char *qualify_list_alert_name(enum qualify_alert_kind k);
const char *qualify_list_alert_label(enum qualify_alert_kind k);
int qualify_list_alert_find(const char *name);

#endif
