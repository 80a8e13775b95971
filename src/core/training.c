/* training.c — the hours arithmetic of 干部培训: class credit under the leave
 * cap, windows, conversion and compliance by level (RULES.md §5). */
#include "core/training.h"

#include <math.h>
#include <string.h>

#include "core/codes.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define D(y, m, d) ((struct date){(y), (m), (d)})
#define OPEN DATE_NONE

const struct training_config training_config_default = {
    .hours_per_day = 7.5,
    .leave_cap_num = 1,
    .leave_cap_den = 7,
    .initial_window_months = 24,
};

static const struct {
    const char *code, *label;
    bool recognised;
} categories[] = {
    {TRAINING_INITIAL, "初任培训", true},         {TRAINING_APPOINTMENT, "任职培训", true},
    {TRAINING_SPECIALISED, "专门业务培训", true}, {TRAINING_INSERVICE, "在职培训", true},
    {TRAINING_ONLINE, "网络培训", false},         {TRAINING_SELF, "自学", false},
};

const char *training_category_label(const char *code)
{
    for (size_t i = 0; code && i < COUNT(categories); i++)
        if (strcmp(categories[i].code, code) == 0)
            return categories[i].label;
    return NULL;
}

const char *training_category_code(const char *code_or_label)
{
    for (size_t i = 0; code_or_label && i < COUNT(categories); i++)
        if (strcmp(categories[i].code, code_or_label) == 0 ||
            strcmp(categories[i].label, code_or_label) == 0)
            return categories[i].code;
    return NULL;
}

bool training_category_recognised(const char *code)
{
    for (size_t i = 0; code && i < COUNT(categories); i++)
        if (strcmp(categories[i].code, code) == 0)
            return categories[i].recognised;
    return true; /* an office's own category name: centralised unless said otherwise */
}

/* RULES.md §5. The 条例's article numbers are not recorded there, so the
 * citations name the regulation only; 任职培训 and 初任培训 come from
 * 《公务员培训规定》 read on two agreeing pages [ONE], hence confirmable. */
#define TIAOLI "《干部教育培训工作条例》（2023）"
#define TIAOLI_2015 "《干部教育培训工作条例》（2015）"
#define GWY "《公务员培训规定》（2019）"
static const struct training_requirement requirements[] = {
    {{"training.upper", TIAOLI_2015, RULES_ONE, D(2015, 10, 1), D(2023, 9, 30), false},
     "县处级以上领导干部、四级调研员以上每 5 年 550 学时",
     true,
     NULL,
     TRAINING_ROLLING_YEARS,
     5,
     550,
     90,
     12},
    {{"training.lower", TIAOLI_2015, RULES_ONE, D(2015, 10, 1), D(2023, 9, 30), false},
     "乡科级领导干部、一级主任科员以下每年 90 学时",
     false,
     NULL,
     TRAINING_CALENDAR_YEAR,
     1,
     90,
     12,
     0},
    {{"training.upper", TIAOLI, RULES_TXT, D(2023, 10, 1), OPEN, false},
     "县处级以上领导干部、四级调研员以上每 5 年 550 学时",
     true,
     NULL,
     TRAINING_ROLLING_YEARS,
     5,
     550,
     90,
     12},
    {{"training.lower", TIAOLI, RULES_TXT, D(2023, 10, 1), OPEN, false},
     "乡科级领导干部、一级主任科员以下每年 90 学时",
     false,
     NULL,
     TRAINING_CALENDAR_YEAR,
     1,
     90,
     12,
     0},
    {{"training.appointment.upper", GWY, RULES_ONE, OPEN, OPEN, false},
     "县处级副职以上任职培训 30 天（提任前或提任后 1 年内）",
     true,
     TRAINING_APPOINTMENT,
     TRAINING_AFTER_EVENT,
     0,
     0,
     30,
     12},
    {{"training.appointment.lower", GWY, RULES_ONE, OPEN, OPEN, false},
     "乡科级任职培训 15 天（提任前或提任后 1 年内）",
     false,
     TRAINING_APPOINTMENT,
     TRAINING_AFTER_EVENT,
     0,
     0,
     15,
     12},
    {{"training.initial", GWY, RULES_ONE, OPEN, OPEN, false},
     "新录用公务员试用期内初任培训 12 天",
     false,
     TRAINING_INITIAL,
     TRAINING_AFTER_EVENT,
     0,
     0,
     12,
     12},
};

const struct training_requirement *training_requirements(size_t *count)
{
    *count = COUNT(requirements);
    return requirements;
}

double training_days_to_hours(const struct training_config *cfg, double days)
{
    return days * cfg->hours_per_day;
}

double training_hours_to_days(const struct training_config *cfg, double hours)
{
    return cfg->hours_per_day > 0 ? hours / cfg->hours_per_day : 0;
}

double training_requirement_hours(const struct training_config *cfg,
                                  const struct training_requirement *r)
{
    return r->hours > 0 ? r->hours : training_days_to_hours(cfg, r->days);
}

/* Hours in whole hundredths: sums and the cap are compared exactly. */
static long long centi(double hours)
{
    return llround(hours * 100.0);
}

bool training_within_leave_cap(const struct training_config *cfg, double missed, double total)
{
    if (cfg->leave_cap_den <= 0)
        return true;
    return centi(missed) * cfg->leave_cap_den <= centi(total) * cfg->leave_cap_num;
}

void training_class_credit(const struct training_config *cfg,
                           const struct training_session_mark *marks, size_t count,
                           struct training_class_result *out)
{
    long long total = 0, missed = 0, earned = 0;
    for (size_t i = 0; i < count; i++) {
        long long h = centi(marks[i].hours);
        total += h;
        switch (marks[i].mark) {
        case TRAINING_PRESENT:
            earned += h;
            break;
        case TRAINING_MADE_UP:
            earned += h;
            missed += h;
            break;
        case TRAINING_LEAVE:
        case TRAINING_ABSENT:
            missed += h;
            break;
        }
    }
    out->total_hours = (double)total / 100.0;
    out->missed_hours = (double)missed / 100.0;
    out->passed = training_within_leave_cap(cfg, out->missed_hours, out->total_hours);
    out->credited_hours = out->passed ? (double)earned / 100.0 : 0;
}

double training_hours_between(const struct training_credit *credits, size_t count, struct date from,
                              struct date to, bool recognised_only)
{
    long long sum = 0;
    for (size_t i = 0; i < count; i++) {
        const struct training_credit *c = &credits[i];
        if (date_is_none(c->date) || (recognised_only && !c->recognised))
            continue;
        if (date_compare(c->date, from) < 0 || date_compare(c->date, to) > 0)
            continue;
        sum += centi(c->hours);
    }
    return (double)sum / 100.0;
}

struct date training_window_start(struct date day, int years)
{
    return date_add_days(date_add_months(day, -12 * years), 1);
}

static int order_of(const char *table, const char *code)
{
    if (code == NULL || *code == '\0')
        return 0;
    const struct code *c = codes_by_code(codes_table(table), code);
    return c ? c->order : 0;
}

/* A record's height on one scale: post levels and ranks are compared through
 * the rank's usual post level (codes.c `category`), so 四级调研员 sits just
 * below 县处级副职 and 一级主任科员 above 二级主任科员. Higher is smaller;
 * 0 = unknown. */
static int height(const char *post_level, const char *rank)
{
    int best = 0;
    int level = order_of("post_level", post_level);
    if (level)
        best = level * 100;
    if (rank && *rank) {
        const struct code *c = codes_by_code(codes_table("rank"), rank);
        if (c) {
            int equiv = c->category ? order_of("post_level", c->category) : 0;
            int h = equiv ? equiv * 100 + 50 + c->order : 10000 + c->order;
            if (best == 0 || h < best)
                best = h;
        }
    }
    return best;
}

bool training_is_upper(const char *post_level, const char *rank)
{
    int level = order_of("post_level", post_level);
    int r = order_of("rank", rank);
    return (level && level <= order_of("post_level", "5B")) || (r && r <= order_of("rank", "06"));
}

void training_levels_of(const struct career_record *career, size_t count, struct date day,
                        struct training_levels *out)
{
    memset(out, 0, sizeof *out);
    out->upper_since = DATE_NONE;
    out->promoted_on = DATE_NONE;
    /* Records may come in any order: walk their start dates upwards. */
    struct date last = DATE_NONE;
    int best = 0;
    for (;;) {
        struct date next = DATE_NONE;
        for (size_t i = 0; i < count; i++) {
            const struct career_record *r = &career[i];
            if (r->concurrent || date_is_none(r->start_date) ||
                date_compare(r->start_date, day) > 0 ||
                (!date_is_none(last) && date_compare(r->start_date, last) <= 0))
                continue;
            if (date_is_none(next) || date_compare(r->start_date, next) < 0)
                next = r->start_date;
        }
        if (date_is_none(next))
            break;
        last = next;
        for (size_t i = 0; i < count; i++) {
            const struct career_record *r = &career[i];
            if (r->concurrent || date_is_none(r->start_date) ||
                date_compare(r->start_date, last) != 0)
                continue;
            bool up = training_is_upper(r->post_level, r->rank);
            if (up && date_is_none(out->upper_since))
                out->upper_since = r->start_date;
            int h = height(r->post_level, r->rank);
            if (h && (best == 0 || h < best)) {
                if (best != 0) { /* the first record is an entry, not a promotion */
                    out->promoted_on = r->start_date;
                    out->promoted_to_upper = up;
                }
                best = h;
            }
        }
    }
    /* Upper on `day`: a record current then is upper. */
    for (size_t i = 0; i < count; i++) {
        const struct career_record *r = &career[i];
        if (date_is_none(r->start_date) || date_compare(r->start_date, day) > 0 || r->concurrent)
            continue;
        if (!date_is_none(r->end_date) && date_compare(r->end_date, day) < 0)
            continue;
        if (training_is_upper(r->post_level, r->rank))
            out->upper = true;
    }
}

/* The last row of `reqs` with this id in force on `day`. */
static const struct training_requirement *find_req(const struct training_requirement *reqs,
                                                   size_t n, const char *id, struct date day)
{
    const struct training_requirement *found = NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(reqs[i].row.id, id) == 0 && rules_row_in_force(&reqs[i].row, day))
            found = &reqs[i];
    return found;
}

static bool category_is(const struct training_credit *c, const char *category)
{
    return c->category && strcmp(c->category, category) == 0;
}

/* Hours of `category` (or any, when NULL) in [from, to]: recognised into
 * `*counted`, the rest into `*other`. */
static void sum_window(const struct training_credit *credits, size_t n, const char *category,
                       struct date from, struct date to, double *counted, double *other)
{
    long long yes = 0, no = 0;
    for (size_t i = 0; i < n; i++) {
        const struct training_credit *c = &credits[i];
        if (date_is_none(c->date) || date_compare(c->date, from) < 0 ||
            date_compare(c->date, to) > 0)
            continue;
        if (category && !category_is(c, category))
            continue;
        if (c->recognised)
            yes += centi(c->hours);
        else
            no += centi(c->hours);
    }
    *counted = (double)yes / 100.0;
    *other = (double)no / 100.0;
}

static void finish(const struct training_config *cfg, struct training_check *k)
{
    k->required = training_requirement_hours(cfg, k->req);
    long long s = centi(k->required) - centi(k->credited);
    k->shortfall = s > 0 ? (double)s / 100.0 : 0;
}

size_t training_compliance(const struct training_config *cfg,
                           const struct training_requirement *reqs, size_t req_count,
                           const struct training_credit *credits, size_t credit_count,
                           const struct training_levels *levels, struct date entry, struct date day,
                           struct training_check out[3])
{
    size_t n = 0;
    const struct training_requirement *r =
        find_req(reqs, req_count, levels->upper ? "training.upper" : "training.lower", day);
    if (r) {
        struct training_check *k = &out[n++];
        memset(k, 0, sizeof *k);
        k->req = r;
        if (r->window == TRAINING_ROLLING_YEARS) {
            k->from = training_window_start(day, r->years > 0 ? r->years : 1);
            k->to = day;
            k->due = day;
        } else {
            k->from = D(day.year, 1, 1);
            k->to = D(day.year, 12, 31);
            k->due = k->to;
        }
        sum_window(credits, credit_count, r->category, k->from, k->to, &k->credited,
                   &k->unrecognised);
        finish(cfg, k);
        /* Promoted into the 550 rule without it: a year after the promotion. */
        if (levels->upper && !date_is_none(levels->upper_since)) {
            struct date grace = date_add_months(levels->upper_since, r->due_months);
            if (date_compare(grace, day) > 0)
                k->due = grace;
        }
    }
    if (!date_is_none(levels->promoted_on)) {
        r = find_req(reqs, req_count,
                     levels->promoted_to_upper ? "training.appointment.upper"
                                               : "training.appointment.lower",
                     day);
        /* Shown from the promotion until a year past its due day. */
        if (r && date_compare(date_add_months(levels->promoted_on, 2 * r->due_months), day) >= 0) {
            struct training_check *k = &out[n++];
            memset(k, 0, sizeof *k);
            k->req = r;
            k->from = date_add_months(levels->promoted_on, -r->due_months);
            k->due = date_add_months(levels->promoted_on, r->due_months);
            k->to = k->due;
            sum_window(credits, credit_count, r->category, k->from, k->to, &k->credited,
                       &k->unrecognised);
            finish(cfg, k);
        }
    }
    if (!date_is_none(entry)) {
        r = find_req(reqs, req_count, "training.initial", day);
        if (r && date_compare(entry, day) <= 0 &&
            date_compare(date_add_months(entry, cfg->initial_window_months), day) >= 0) {
            struct training_check *k = &out[n++];
            memset(k, 0, sizeof *k);
            k->req = r;
            k->from = entry;
            k->due = date_add_months(entry, r->due_months);
            k->to = k->due;
            sum_window(credits, credit_count, r->category, k->from, k->to, &k->credited,
                       &k->unrecognised);
            finish(cfg, k);
        }
    }
    return n;
}
