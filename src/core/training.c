/* training.c — the hours arithmetic of 干部培训: class credit under the leave
 * cap, windows, conversion and compliance by level (RULES.md §5). */
#include "core/training.h"

#include <math.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "core/codes.h"
#include "util/arena.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define D(y, m, d) ((struct date){(y), (m), (d)})
#define OPEN DATE_NONE

const struct training_config training_config_default = {
    .hours_per_day = 7.5,
    .leave_cap_num = 1,
    .leave_cap_den = 7,
    .initial_window_months = 24,
    .mentor_max_apprentices = 2,
    .mentor_grade_years = 3,
    .mentor_same_unit = false,
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

void training_upper_orders(int *post_order, int *rank_order)
{
    *post_order = order_of("post_level", "5B");
    *rank_order = order_of("rank", "06");
}

const struct training_age_band training_age_bands[TRAINING_AGE_BANDS] = {
    {0, "29岁及以下"}, {30, "30—34岁"}, {35, "35—39岁"}, {40, "40—44岁"},
    {45, "45—49岁"},   {50, "50—54岁"}, {55, "55—59岁"}, {60, "60岁及以上"},
};

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

/* ---- records ----------------------------------------------------------- */

enum { LEN_CHOICE = 20, LEN_NAME = 100, LEN_LONG = 2000, MAX_CAPACITY = 100000 };

#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))
#define F(st, member, label, type, table, flags, len, lo, hi)                                      \
    {                                                                                              \
#member, label, type, table, offsetof(struct st, member), flags, len, lo, hi, NULL, 0,     \
            NULL                                                                                   \
    }
#define TEXT(st, member, label, flags, len) F(st, member, label, FIELD_TEXT, NULL, flags, len, 0, 0)
#define DATE(st, member, label, flags) F(st, member, label, FIELD_DATE, NULL, flags, 0, 0, 0)
#define INT(st, member, label, flags, lo, hi)                                                      \
    F(st, member, label, FIELD_INT, NULL, flags, 0, lo, hi)
#define BOOL(st, member, label, flags) F(st, member, label, FIELD_BOOL, NULL, flags, 0, 0, 0)
#define REF(st, member, table, label, flags) F(st, member, label, FIELD_REF, table, flags, 0, 0, 0)
#define CHOICE(st, member, label, flags, choices)                                                  \
    {                                                                                              \
#member, label, FIELD_TEXT, NULL, offsetof(struct st, member), flags, LEN_CHOICE, 0, 0,    \
            choices, NFIELDS(choices), NULL                                                        \
    }
#define REQ FIELD_REQUIRED

static const struct field_choice category_choices[] = {
    {TRAINING_INITIAL, "初任培训", 0},         {TRAINING_APPOINTMENT, "任职培训", 0},
    {TRAINING_SPECIALISED, "专门业务培训", 0}, {TRAINING_INSERVICE, "在职培训", 0},
    {TRAINING_ONLINE, "网络培训", 0},          {TRAINING_SELF, "自学", 0},
};
static const struct field_choice level_choices[] = {
    {"province", "省级", 0}, {"city", "市级", 0}, {"county", "县级", 0}, {"unit", "本单位", 0}};
static const struct field_choice delivery_choices[] = {
    {"invite", "请进来", 0}, {"send", "送出去", 0}, {"online", "网络培训", 0}};
static const struct field_choice external_status_choices[] = {
    {"pending", "待审核", 0}, {"approved", "已认定", 0}, {"rejected", "未认定", 0}};
static const struct field_choice result_choices[] = {{"enrolled", "在训", 0},
                                                     {"completed", "结业", 0},
                                                     {"failed", "未结业", 0},
                                                     {"withdrawn", "退训", 0}};

static const struct field_def programme_fields[] = {
    TEXT(training_programme, name, "项目名称", REQ, LEN_NAME),
    CHOICE(training_programme, level, "层级", 0, level_choices),
    CHOICE(training_programme, category, "培训类别", 0, category_choices),
    CHOICE(training_programme, delivery, "培训方式", 0, delivery_choices),
    TEXT(training_programme, organiser, "主办单位", 0, LEN_NAME),
    TEXT(training_programme, institution, "承办机构", 0, LEN_NAME),
    BOOL(training_programme, recognised, "计入集中培训学时", 0),
    TEXT(training_programme, notes, "备注", 0, LEN_LONG),
};

const struct record_kind training_programme_kind = {
    "training_programme",
    "培训项目",
    "training_programmes",
    sizeof(struct training_programme),
    programme_fields,
    NFIELDS(programme_fields),
    NULL,
};

static void class_validate(const void *record, struct date today, struct field_errors *fe)
{
    (void)today;
    const struct training_class *c = record;
    if (!date_is_none(c->start_date) && !date_is_none(c->end_date) &&
        date_compare(c->end_date, c->start_date) < 0 && !field_errors_has(fe, "end_date"))
        field_errors_add(fe, "end_date", "结束日期不能早于开始日期");
}

static const struct field_def class_fields[] = {
    REF(training_class, programme_id, "training_programmes", "培训项目", 0),
    TEXT(training_class, name, "培训班名称", REQ, LEN_NAME),
    TEXT(training_class, organiser, "主办单位", 0, LEN_NAME),
    CHOICE(training_class, category, "培训类别", 0, category_choices),
    DATE(training_class, start_date, "开始日期", REQ | FIELD_DAY),
    DATE(training_class, end_date, "结束日期", REQ | FIELD_DAY),
    TEXT(training_class, place, "培训地点", 0, LEN_NAME),
    INT(training_class, capacity, "计划人数", 0, 0, MAX_CAPACITY),
    BOOL(training_class, recognised, "计入集中培训学时", 0),
    BOOL(training_class, recurring, "周期性系列（如青年大讲堂）", 0),
};

const struct record_kind training_class_kind = {
    "training_class",   "培训班",
    "training_classes", sizeof(struct training_class),
    class_fields,       NFIELDS(class_fields),
    class_validate,
};

static bool is_time(const char *t)
{
    return t && strlen(t) == 5 && t[0] >= '0' && t[0] <= '2' && t[1] >= '0' && t[1] <= '9' &&
           t[2] == ':' && t[3] >= '0' && t[3] <= '5' && t[4] >= '0' && t[4] <= '9' &&
           (t[0] - '0') * 10 + (t[1] - '0') < 24;
}

static void session_validate(const void *record, struct date today, struct field_errors *fe)
{
    (void)today;
    const struct training_session *s = record;
    if (s->start_time && !is_time(s->start_time) && !field_errors_has(fe, "start_time"))
        field_errors_add(fe, "start_time", "开始时间应为“时:分”，如 09:00");
    if (s->end_time && !is_time(s->end_time) && !field_errors_has(fe, "end_time"))
        field_errors_add(fe, "end_time", "结束时间应为“时:分”，如 11:30");
    if (is_time(s->start_time) && is_time(s->end_time) && strcmp(s->end_time, s->start_time) <= 0 &&
        !field_errors_has(fe, "end_time"))
        field_errors_add(fe, "end_time", "结束时间应晚于开始时间");
}

/* A session is at most a day's teaching. */
enum { SESSION_MAX_HOURS = 12 };

static const struct field_def session_fields[] = {
    REF(training_session, class_id, "training_classes", "培训班", FIELD_READONLY),
    DATE(training_session, day, "日期", REQ | FIELD_DAY),
    TEXT(training_session, start_time, "开始时间", 0, 5),
    TEXT(training_session, end_time, "结束时间", 0, 5),
    INT(training_session, hours, "学时", REQ, 1, SESSION_MAX_HOURS),
    TEXT(training_session, topic, "课程/专题", 0, LEN_NAME),
};

const struct record_kind training_session_kind = {
    "training_session",  "培训场次",
    "training_sessions", sizeof(struct training_session),
    session_fields,      NFIELDS(session_fields),
    session_validate,
};

/* As core/records.c's training records: a year of 8-学时 days at most. */
enum { EXTERNAL_MAX_HOURS = 2920 };

static void external_validate(const void *record, struct date today, struct field_errors *fe)
{
    const struct training_external *e = record;
    if (!date_is_none(e->start_date) && !date_is_none(e->end_date) &&
        date_compare(e->end_date, e->start_date) < 0 && !field_errors_has(fe, "end_date"))
        field_errors_add(fe, "end_date", "结束日期不能早于开始日期");
    if (!date_is_none(e->end_date) && date_compare(e->end_date, today) > 0 &&
        !field_errors_has(fe, "end_date"))
        field_errors_add(fe, "end_date", "结束日期不能晚于今天（培训结束后登记）");
}

static const struct field_def external_fields[] = {
    TEXT(training_external, name, "培训名称", REQ, LEN_NAME),
    TEXT(training_external, institution, "培训机构", 0, LEN_NAME),
    CHOICE(training_external, category, "培训类别", 0, category_choices),
    DATE(training_external, start_date, "开始日期", FIELD_DAY),
    DATE(training_external, end_date, "结束日期", REQ | FIELD_DAY),
    INT(training_external, hours, "学时", REQ, 1, EXTERNAL_MAX_HOURS),
    BOOL(training_external, recognised, "计入集中培训学时", 0),
    TEXT(training_external, evidence, "证明材料（证书编号等）", REQ, LEN_LONG),
    {"status", "审核状态", FIELD_TEXT, NULL, offsetof(struct training_external, status),
     FIELD_READONLY, LEN_CHOICE, 0, 0, external_status_choices, NFIELDS(external_status_choices),
     NULL},
};

const struct record_kind training_external_kind = {
    "training_external", "本人登记培训",
    "training_external", sizeof(struct training_external),
    external_fields,     NFIELDS(external_fields),
    external_validate,
};

static const struct field_def result_fields[] = {
    CHOICE(training_result, status, "结业状态", REQ, result_choices),
    INT(training_result, score, "成绩（0 为未评）", 0, 0, 100),
    TEXT(training_result, certificate_no, "结业证书编号", 0, LEN_NAME),
};

const struct record_kind training_result_kind = {
    "training_result",
    "培训结果",
    "training_enrolments",
    sizeof(struct training_result),
    result_fields,
    NFIELDS(result_fields),
    NULL,
};

/* ---- pairs and placements ---------------------------------------------- */

#define CODE(st, member, table, label, flags)                                                      \
    F(st, member, label, FIELD_CODE, table, flags, 0, 0, 0)

static const struct field_choice pair_status_choices[] = {{"active", "帮带中", 0},
                                                          {"ended", "已结束", 0}};
static const struct field_choice author_choices[] = {{"mentor", "师傅", 0},
                                                     {"apprentice", "徒弟", 0}};
static const struct field_choice stage_choices[] = {{"mid", "中期评价", 0},
                                                    {"final", "期满评价", 0}};
static const struct field_choice by_role_choices[] = {
    {"mentor", "师傅", 0}, {"apprentice", "徒弟", 0}, {"unit", "所在单位", 0}};
static const struct field_choice placement_choices[] = {{"shadow", "跟班轮训", 0},
                                                        {"secondment", "挂职", 0}};

static void pair_validate(const void *record, struct date today, struct field_errors *fe)
{
    (void)today;
    const struct training_pair *p = record;
    if (p->mentor_id && p->mentor_id == p->apprentice_id && !field_errors_has(fe, "apprentice_id"))
        field_errors_add(fe, "apprentice_id", "师傅与徒弟不能是同一人");
    if (!date_is_none(p->start_date) && !date_is_none(p->end_date) &&
        date_compare(p->end_date, p->start_date) < 0 && !field_errors_has(fe, "end_date"))
        field_errors_add(fe, "end_date", "结束日期不能早于开始日期");
}

static const struct field_def pair_fields[] = {
    REF(training_pair, mentor_id, "people", "师傅", REQ),
    REF(training_pair, apprentice_id, "people", "徒弟", REQ),
    DATE(training_pair, start_date, "开始日期", REQ | FIELD_DAY),
    DATE(training_pair, end_date, "结束日期", FIELD_DAY),
    TEXT(training_pair, goals, "帮带目标", 0, LEN_LONG),
    CHOICE(training_pair, status, "状态", 0, pair_status_choices),
};

const struct record_kind training_pair_kind = {
    "training_pair", "师徒结对",           "training_pairs", sizeof(struct training_pair),
    pair_fields,     NFIELDS(pair_fields), pair_validate,
};

static const struct field_def pair_record_fields[] = {
    REF(training_pair_record, pair_id, "training_pairs", "结对", FIELD_READONLY),
    CHOICE(training_pair_record, author, "记录人", REQ, author_choices),
    DATE(training_pair_record, day, "日期", REQ | FIELD_DAY),
    TEXT(training_pair_record, content, "帮带记录", REQ, LEN_LONG),
};

const struct record_kind training_pair_record_kind = {
    "training_pair_record",
    "帮带记录",
    "training_pair_records",
    sizeof(struct training_pair_record),
    pair_record_fields,
    NFIELDS(pair_record_fields),
    NULL,
};

static const struct field_def pair_evaluation_fields[] = {
    REF(training_pair_evaluation, pair_id, "training_pairs", "结对", FIELD_READONLY),
    CHOICE(training_pair_evaluation, stage, "评价阶段", REQ, stage_choices),
    CHOICE(training_pair_evaluation, by_role, "评价人", REQ, by_role_choices),
    CODE(training_pair_evaluation, grade, "grade", "评价等次", 0),
    TEXT(training_pair_evaluation, comment, "评语", 0, LEN_LONG),
    DATE(training_pair_evaluation, day, "日期", REQ | FIELD_DAY),
};

const struct record_kind training_pair_evaluation_kind = {
    "training_pair_evaluation",
    "结对评价",
    "training_pair_evaluations",
    sizeof(struct training_pair_evaluation),
    pair_evaluation_fields,
    NFIELDS(pair_evaluation_fields),
    NULL,
};

static void placement_validate(const void *record, struct date today, struct field_errors *fe)
{
    (void)today;
    const struct training_placement *p = record;
    if (!date_is_none(p->start_date) && !date_is_none(p->end_date) &&
        date_compare(p->end_date, p->start_date) < 0 && !field_errors_has(fe, "end_date"))
        field_errors_add(fe, "end_date", "结束日期不能早于开始日期");
}

static const struct field_def placement_fields[] = {
    CHOICE(training_placement, kind, "方式", REQ, placement_choices),
    TEXT(training_placement, host_unit, "接收单位", REQ, LEN_NAME),
    TEXT(training_placement, supervisor, "指导人", 0, LEN_NAME),
    DATE(training_placement, start_date, "开始日期", REQ | FIELD_DAY),
    DATE(training_placement, end_date, "结束日期", FIELD_DAY),
    TEXT(training_placement, tasks, "任务", 0, LEN_LONG),
    TEXT(training_placement, report, "本人小结", 0, LEN_LONG),
    TEXT(training_placement, host_evaluation, "接收单位评价", 0, LEN_LONG),
    CODE(training_placement, host_grade, "grade", "评价等次", 0),
};

const struct record_kind training_placement_kind = {
    "training_placement",  "跟班轮训与挂职",
    "training_placements", sizeof(struct training_placement),
    placement_fields,      NFIELDS(placement_fields),
    placement_validate,
};

static const char *const mark_names[] = {
    [TRAINING_ABSENT] = "absent",
    [TRAINING_PRESENT] = "present",
    [TRAINING_LEAVE] = "leave",
    [TRAINING_MADE_UP] = "made_up",
};

int training_mark_parse(const char *text)
{
    for (size_t i = 0; text && i < COUNT(mark_names); i++)
        if (strcmp(mark_names[i], text) == 0)
            return (int)i;
    return -1;
}

const char *training_mark_name(enum training_mark mark)
{
    return (size_t)mark < COUNT(mark_names) ? mark_names[mark] : NULL;
}

/* ---- suggested mentors -------------------------------------------------- */

static const char *level_text(const struct training_mentor_candidate *c)
{
    const char *post = c->post_level ? codes_label("post_level", c->post_level) : NULL;
    const char *rank = c->rank ? codes_label("rank", c->rank) : NULL;
    return post ? post : rank ? rank : "无职务职级";
}

static int suggestion_order(const void *x, const void *y)
{
    const struct training_mentor_suggestion *a = x, *b = y;
    if (a->score != b->score)
        return b->score - a->score;
    return a->candidate->person_id < b->candidate->person_id ? -1 : 1;
}

size_t training_mentor_suggest(struct arena *a, const struct training_config *cfg,
                               const struct training_mentor_candidate *apprentice,
                               const struct training_mentor_candidate *candidates, size_t n,
                               struct training_mentor_suggestion *out, size_t max)
{
    int own = height(apprentice->post_level, apprentice->rank);
    size_t count = 0;
    struct training_mentor_suggestion *all = arena_calloc(a, n ? n : 1, sizeof *all);
    for (size_t i = 0; i < n; i++) {
        const struct training_mentor_candidate *c = &candidates[i];
        if (c->person_id == apprentice->person_id || c->weak > 0 ||
            c->apprentices >= cfg->mentor_max_apprentices)
            continue;
        int h = height(c->post_level, c->rank);
        if (h == 0 || (own != 0 && h >= own))
            continue;
        bool same_unit = c->unit_id && c->unit_id == apprentice->unit_id;
        if (cfg->mentor_same_unit && !same_unit)
            continue;
        struct training_mentor_suggestion *s = &all[count++];
        s->candidate = c;
        s->score = (same_unit ? 10 : 0) + 2 * c->excellent + c->competent +
                   (cfg->mentor_max_apprentices - c->apprentices);
        s->reasons = arena_sprintf(a,
                                   "%s%s高于徒弟（%s）；近 %d 年考核优秀 %d 次、称职 %d "
                                   "次，无基本称职及以下；现带徒 %d 人（上限 %d 人）",
                                   same_unit ? "同一单位；" : "", level_text(c),
                                   level_text(apprentice), cfg->mentor_grade_years, c->excellent,
                                   c->competent, c->apprentices, cfg->mentor_max_apprentices);
    }
    qsort(all, count, sizeof *all, suggestion_order);
    size_t k = count < max ? count : max;
    memcpy(out, all, k * sizeof *out);
    return k;
}
