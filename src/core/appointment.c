/* appointment.c — the steps of an appointment case, the four-musts gate,
 * and working days counted with the office's holiday calendar. */
#include "core/appointment.h"

#include <string.h>

struct named {
    const char *name, *label;
};

static int find_named(const struct named *t, int n, const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(t[i].name, name) == 0 || strcmp(t[i].label, name) == 0)
            return i;
    return -1;
}

static const struct named kinds[APPOINTMENT_KIND_COUNT] = {
    {"post", "职务任免"},
    {"rank", "职级晋升"},
    {"down", "职务调整"},
};

const char *appointment_kind_name(enum appointment_kind k)
{
    return (unsigned)k < APPOINTMENT_KIND_COUNT ? kinds[k].name : "";
}

const char *appointment_kind_label(enum appointment_kind k)
{
    return (unsigned)k < APPOINTMENT_KIND_COUNT ? kinds[k].label : "";
}

int appointment_kind_find(const char *name)
{
    return find_named(kinds, APPOINTMENT_KIND_COUNT, name);
}

static const struct named states[APPOINTMENT_STATE_COUNT] = {
    {"motion", "动议"},        {"recommendation", "民主推荐"},
    {"vetting", "考察"},       {"decision", "讨论决定"},
    {"notice", "任前公示"},    {"reported", "报批"},
    {"consented", "预审同意"}, {"approved", "批准"},
    {"appointed", "任职"},     {"returned", "退回"},
    {"stopped", "终止"},
};

const char *appointment_state_name(enum appointment_state s)
{
    return (unsigned)s < APPOINTMENT_STATE_COUNT ? states[s].name : "";
}

const char *appointment_state_label(enum appointment_state s)
{
    return (unsigned)s < APPOINTMENT_STATE_COUNT ? states[s].label : "";
}

int appointment_state_find(const char *name)
{
    return find_named(states, APPOINTMENT_STATE_COUNT, name);
}

bool appointment_state_final(enum appointment_state s)
{
    return s == APPOINTMENT_APPOINTED || s == APPOINTMENT_RETURNED || s == APPOINTMENT_STOPPED;
}

bool appointment_kind_has_state(enum appointment_kind k, enum appointment_state s)
{
    if ((unsigned)k >= APPOINTMENT_KIND_COUNT || (unsigned)s >= APPOINTMENT_STATE_COUNT)
        return false;
    if (s == APPOINTMENT_RECOMMENDATION)
        return k == APPOINTMENT_POST;
    if (s == APPOINTMENT_NOTICE)
        return k != APPOINTMENT_DOWN;
    return true;
}

int appointment_next_state(enum appointment_kind k, enum appointment_state s)
{
    if (appointment_state_final(s) || (unsigned)s >= APPOINTMENT_STATE_COUNT)
        return -1;
    for (int next = (int)s + 1; next <= APPOINTMENT_APPOINTED; next++)
        if (appointment_kind_has_state(k, (enum appointment_state)next))
            return next;
    return -1;
}

bool appointment_kind_needs_checks(enum appointment_kind k)
{
    return k == APPOINTMENT_POST || k == APPOINTMENT_RANK;
}

static const struct named checks[APPOINTMENT_CHECK_COUNT] = {
    {"archive", "档案审核"},
    {"declarations", "个人事项核查"},
    {"discipline", "纪检意见"},
    {"tipoffs", "信访举报核查"},
};

const char *appointment_check_name(enum appointment_check c)
{
    return (unsigned)c < APPOINTMENT_CHECK_COUNT ? checks[c].name : "";
}

const char *appointment_check_label(enum appointment_check c)
{
    return (unsigned)c < APPOINTMENT_CHECK_COUNT ? checks[c].label : "";
}

int appointment_check_find(const char *name)
{
    return find_named(checks, APPOINTMENT_CHECK_COUNT, name);
}

static const struct named results[] = {
    {"none", "未记录"},
    {"passed", "通过"},
    {"failed", "不通过"},
    {"withdrawn", "撤回"},
};
#define RESULT_COUNT ((int)(sizeof results / sizeof results[0]))

const char *appointment_result_name(enum appointment_check_result r)
{
    return (unsigned)r < RESULT_COUNT ? results[r].name : "";
}

const char *appointment_result_label(enum appointment_check_result r)
{
    return (unsigned)r < RESULT_COUNT ? results[r].label : "";
}

int appointment_result_find(const char *name)
{
    int r = find_named(results, RESULT_COUNT, name);
    return r == APPOINTMENT_RESULT_NONE ? -1 : r;
}

/* ---- advancing ---------------------------------------------------------------- */

static void gate_decision(const struct appointment_case_state *c, const struct appointment_gate *g,
                          struct date on, struct field_errors *fe)
{
    if (appointment_kind_needs_checks(c->kind)) {
        for (int i = 0; i < APPOINTMENT_CHECK_COUNT; i++) {
            char field[40];
            strcpy(field, "checks.");
            strcat(field, checks[i].name);
            switch (g->checks[i]) {
            case APPOINTMENT_RESULT_PASSED:
                /* The decision rests on checks made before it. */
                if (date_compare(g->checked_on[i], on) > 0)
                    field_errors_add(fe, field, "%s的核查日期（%04d-%02d-%02d）晚于讨论决定日期",
                                     checks[i].label, g->checked_on[i].year, g->checked_on[i].month,
                                     g->checked_on[i].day);
                break;
            case APPOINTMENT_RESULT_FAILED:
                field_errors_add(fe, field, "%s未通过，不得提交讨论决定", checks[i].label);
                break;
            case APPOINTMENT_RESULT_WITHDRAWN:
                field_errors_add(fe, field, "%s的通过结论已撤回，须重新核查", checks[i].label);
                break;
            default:
                field_errors_add(fe, field, "尚未记录%s结果（凡提四必）", checks[i].label);
                break;
            }
        }
        if (g->unsettled_tipoffs > 0 &&
            g->checks[APPOINTMENT_CHECK_TIPOFFS] == APPOINTMENT_RESULT_PASSED)
            field_errors_add(fe, "checks.tipoffs", "有 %lld 件线索具体的信访举报尚未办结",
                             g->unsettled_tipoffs);
    }
    if (c->exceptional && !c->exceptional_reason_given)
        field_errors_add(fe, "exceptional", "破格提拔须说明理由");
    if (c->exceptional && !c->exceptional_approval_given)
        field_errors_add(fe, "exceptional", "破格提拔须事先报上级组织部门同意");
}

int appointment_may_advance(const struct appointment_case_state *c, enum appointment_state to,
                            struct date on, struct date today, const struct appointment_gate *g,
                            struct field_errors *fe)
{
    size_t before = fe->count;
    if (appointment_state_final(c->state)) {
        field_errors_add(fe, "to", "该事项已%s，不能再办理", appointment_state_label(c->state));
        return ERR_CONFLICT;
    }
    bool allowed = (int)to == appointment_next_state(c->kind, c->state) ||
                   to == APPOINTMENT_STOPPED ||
                   (to == APPOINTMENT_RETURNED &&
                    (c->state == APPOINTMENT_REPORTED || c->state == APPOINTMENT_CONSENTED));
    if (!allowed) {
        int next = appointment_next_state(c->kind, c->state);
        field_errors_add(
            fe, "to", "当前为%s，下一步应为%s，不能转入%s", appointment_state_label(c->state),
            appointment_state_label((enum appointment_state)next), appointment_state_label(to));
        return ERR_CONFLICT;
    }
    if (!date_is_none(c->state_since) && date_compare(on, c->state_since) < 0)
        field_errors_add(fe, "date", "日期早于上一环节（%04d-%02d-%02d）", c->state_since.year,
                         c->state_since.month, c->state_since.day);
    if (date_compare(on, today) > 0)
        field_errors_add(fe, "date", "日期不能晚于今天");
    if (to == APPOINTMENT_DECISION)
        gate_decision(c, g, on, fe);
    if (c->state == APPOINTMENT_NOTICE && to != APPOINTMENT_STOPPED) {
        if (date_is_none(g->notice_end))
            field_errors_add(fe, "notice", "尚未记录任前公示");
        else if (date_compare(on, g->notice_end) <= 0)
            field_errors_add(fe, "notice", "任前公示至 %04d-%02d-%02d 期满，不得提前结束",
                             g->notice_end.year, g->notice_end.month, g->notice_end.day);
        if (g->open_objections > 0)
            field_errors_add(fe, "objections", "有 %lld 件公示期间反映的问题尚未处理完毕",
                             g->open_objections);
    }
    return fe->count > before ? ERR_CONFLICT : 0;
}

/* ---- working days ------------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int appointment_weekday(struct date d)
{
    long z = days_from_civil(d.year, d.month, d.day ? d.day : 1);
    /* 1970-01-01 was a Thursday (4). */
    long w = (z % 7 + 7 + 3) % 7; /* 0 = Monday */
    return (int)w + 1;
}

static const struct appointment_calendar_day *calendar_find(const struct appointment_calendar *cal,
                                                            struct date d)
{
    size_t lo = 0, hi = cal ? cal->n : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = date_compare(cal->days[mid].day, d);
        if (c == 0)
            return &cal->days[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

bool appointment_is_working_day(const struct appointment_calendar *cal, struct date d)
{
    const struct appointment_calendar_day *e = calendar_find(cal, d);
    if (e)
        return e->workday;
    return appointment_weekday(d) <= 5;
}

int appointment_working_days(const struct appointment_calendar *cal, struct date from,
                             struct date to)
{
    int n = 0;
    for (struct date d = from; date_compare(d, to) <= 0; d = date_add_days(d, 1))
        n += appointment_is_working_day(cal, d);
    return n;
}

struct date appointment_working_day_end(const struct appointment_calendar *cal, struct date start,
                                        int n)
{
    struct date d = start;
    int counted = 0;
    /* A calendar never holds more than a few weeks off in a row; the bound
     * only guards against a calendar made of days off. */
    for (int guard = 0; guard < 3660; guard++, d = date_add_days(d, 1))
        if (appointment_is_working_day(cal, d) && ++counted >= n)
            return d;
    return DATE_NONE;
}

struct date appointment_probation_end(struct date start)
{
    return date_add_days(date_add_months(start, APPOINTMENT_PROBATION_MONTHS), -1);
}
