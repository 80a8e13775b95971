/* training.h — the hours arithmetic of 干部培训 (RULES.md §5): what one class
 * credits under the leave cap, hours in calendar years and rolling windows,
 * the day↔学时 conversion, and where a person stands against the statutory
 * requirements of their level (550 in 5 years, 90 a year, 任职培训, 初任培训).
 * Pure: every input, today included, is a parameter. */
#ifndef CADRE_TRAINING_H
#define CADRE_TRAINING_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/fields.h"
#include "core/records.h"
#include "core/rules.h"

/* The figures an office may set (docs/training.md "Settings"); defaults in
 * training_config_default. */
struct training_config {
    double hours_per_day; /* 7.5: 12 days ↔ 90 学时 [REC], not stated in the rules */
    int leave_cap_num;    /* leave may be at most num/den of a class's hours: 1/7 */
    int leave_cap_den;
    int initial_window_months; /* 初任培训 is shown for this long after entry: 24 */
    /* Suggested mentors (docs/training.md "Pairs"): */
    int mentor_max_apprentices; /* active pairs a mentor may have: 2 */
    int mentor_grade_years;     /* years of 年度考核 looked at: 3 */
    bool mentor_same_unit;      /* only mentors of the apprentice's unit: false */
};

extern const struct training_config training_config_default;

/* Categories of training (公务员法 Art.67 plus the two that never count as
 * centralised training). Stored as these codes; labels from
 * training_category_label. */
#define TRAINING_INITIAL "initial"         /* 初任培训 */
#define TRAINING_APPOINTMENT "appointment" /* 任职培训 */
#define TRAINING_SPECIALISED "specialised" /* 专门业务培训 */
#define TRAINING_INSERVICE "inservice"     /* 在职培训 */
#define TRAINING_ONLINE "online"           /* 网络培训 */
#define TRAINING_SELF "self"               /* 自学 */

/* The Chinese label of a category code, or NULL for an unknown code. */
const char *training_category_label(const char *code);
/* The code of a category given by code or Chinese label ("网络培训",
 * "任职培训"), or NULL. */
const char *training_category_code(const char *code_or_label);
/* Whether a class of this category counts as recognised centralised
 * training when nobody said otherwise: all but 网络培训 and 自学. */
bool training_category_recognised(const char *code);

/* What a requirement measures. */
enum training_window {
    TRAINING_ROLLING_YEARS, /* the `years` ending on the day asked */
    TRAINING_CALENDAR_YEAR, /* the calendar year of the day asked */
    TRAINING_AFTER_EVENT,   /* by `due_months` after a promotion or entry */
};

/* One requirement of RULES.md §5 as a row: the figure, its source and how
 * sure we are of it (rules.h confidence). */
struct training_requirement {
    struct rules_row row;
    const char *label;    /* "县处级以上领导干部 5 年 550 学时" */
    bool upper;           /* applies to 县处级 leaders and 四级调研员 and above */
    const char *category; /* NULL: any recognised hours; else only this category */
    enum training_window window;
    int years;      /* TRAINING_ROLLING_YEARS */
    double hours;   /* the figure in 学时, or 0 when given in days */
    double days;    /* the figure in days (3 months = 90 days), or 0 */
    int due_months; /* TRAINING_AFTER_EVENT, and the grace after a promotion */
};

/* The seed rows, in force order; `*count` receives their number. */
const struct training_requirement *training_requirements(size_t *count);

/* Days as 学时 and back under `cfg`'s conversion. */
double training_days_to_hours(const struct training_config *cfg, double days);
double training_hours_to_days(const struct training_config *cfg, double hours);

/* The figure of a requirement in 学时: its hours, or its days converted. When
 * both are given the hours figure rules (the rule says "或"). */
double training_requirement_hours(const struct training_config *cfg,
                                  const struct training_requirement *r);

/* ---- one class --------------------------------------------------------- */

/* A person's mark for one session (场次). */
enum training_mark {
    TRAINING_ABSENT,  /* no sign-in and no leave: counts against the cap as leave */
    TRAINING_PRESENT, /* signed in */
    TRAINING_LEAVE,   /* leave granted (with a reason) */
    TRAINING_MADE_UP, /* missed (leave or absence), then made up: credits the
                         session's hours, but the missed hours still count
                         toward the leave cap */
};

struct training_session_mark {
    double hours; /* the session's 学时 */
    enum training_mark mark;
};

struct training_class_result {
    double total_hours;    /* all sessions */
    double missed_hours;   /* leave + absence + made up: what the cap measures */
    double credited_hours; /* present + made up when passed, else 0 */
    bool passed;           /* missed ≤ cap of total */
};

/* The credit of one person in one class of `count` sessions (RULES.md §5:
 * leave over 1/7 of the hours → expelled, the class credits nothing).
 * Exactly at the cap passes. A class of no sessions credits 0 and passes.
 * Borrows `marks`. */
void training_class_credit(const struct training_config *cfg,
                           const struct training_session_mark *marks, size_t count,
                           struct training_class_result *out);

/* Whether `missed` hours of `total` are within the cap; the comparison is
 * made in whole hundredths of an hour so that 2 of 14 is exactly 1/7. */
bool training_within_leave_cap(const struct training_config *cfg, double missed, double total);

/* ---- a person ---------------------------------------------------------- */

/* Hours earned on a day (a class's end, an approved external course, a
 * hand-typed record). */
struct training_credit {
    struct date date;
    double hours;
    bool recognised;      /* counts as centralised training */
    const char *category; /* a TRAINING_* code, or NULL */
};

/* Hours of `credits` dated in [from, to] (inclusive), all of them or only
 * the recognised ones. */
double training_hours_between(const struct training_credit *credits, size_t count, struct date from,
                              struct date to, bool recognised_only);

/* The first day of the rolling window of `years` that ends on `day`: the
 * day after the same date `years` earlier (a 29 February going back to a
 * common year falls to the 28th, so the window starts on 1 March). */
struct date training_window_start(struct date day, int years);

/* Whether a post level or rank code is 县处级副职 / 四级调研员 or above
 * (the 550 rule's "县处级以上 … 四级调研员以上"). NULL and unknown codes are
 * not. */
bool training_is_upper(const char *post_level, const char *rank);

/* The same split as code orders, for a query over the derived columns
 * people.current_post_order / current_rank_order: upper when a post order
 * is in 1..*post_order or a rank order in 1..*rank_order. */
void training_upper_orders(int *post_order, int *rank_order);

/* ---- statistics (一(二): "举办…期、…场次、培训…人次") ------------------ */

/* The figures of one group: classes (期), sessions (场次), attendances
 * (人次: a session signed in or made up) and distinct people. */
struct training_stats_row {
    const char *name; /* the group's label; NULL for "none" (no programme, no unit) */
    long long classes, sessions, attendances, people;
};

/* The figures of a period in total and by programme (classes ending in the
 * period, with or without attendance), by the attendee's unit, level
 * (training_is_upper on their current post and rank) and age band on the
 * period's last day. A class or session counts once in each group one of
 * its attendees belongs to, so the groups of one breakdown may add up to
 * more classes than the total; attendances and people add up exactly. */
struct training_stats {
    struct training_stats_row total;
    struct training_stats_row *programmes, *units, *levels, *ages;
    size_t nprogrammes, nunits, nlevels, nages;
};

/* Age bands of the statistics: those of the structure statistics
 * (core/structure.h), up to 29, five-year bands, 60 and over. */
#define TRAINING_AGE_BANDS 8
struct training_age_band {
    int age_min; /* the band's first age; the first band starts at 0 */
    const char *label;
};
extern const struct training_age_band training_age_bands[TRAINING_AGE_BANDS];

/* The level groups of the statistics, by training_is_upper. */
#define TRAINING_LEVEL_UPPER_LABEL "县处级及以上（含四级调研员及以上）"
#define TRAINING_LEVEL_LOWER_LABEL "乡科级及以下"

/* The level history compliance needs, from a person's career records: the
 * day they first held an upper post or rank (DATE_NONE if never, on or
 * before `day`), and their latest promotion — the start of the latest post
 * or rank record, on or before `day`, that is higher than every earlier
 * one (DATE_NONE if none). Borrows `career`. */
struct training_levels {
    bool upper;              /* upper on `day` */
    struct date upper_since; /* first upper record's start */
    struct date promoted_on; /* latest promotion */
    bool promoted_to_upper;  /* that promotion reached an upper level */
};
void training_levels_of(const struct career_record *career, size_t count, struct date day,
                        struct training_levels *out);

/* One line of a person's compliance on a day. */
struct training_check {
    const struct training_requirement *req;
    struct date from, to; /* the window counted (inclusive) */
    double required;      /* 学时 */
    double credited;      /* recognised (and of the category, if any) in the window */
    double unrecognised;  /* other hours in the window, shown but not counted */
    double shortfall;     /* max(0, required - credited) */
    struct date due;      /* by when the shortfall must be made up */
};

/* Where a person stands on `day`: the periodic requirement of their level
 * (550 in the rolling 5 years when upper, else 90 in the calendar year),
 * then 任职培训 when a promotion lies within its due period, then 初任培训
 * when `entry` (entry into the civil service; DATE_NONE = not known) lies
 * within cfg->initial_window_months. Someone promoted to upper who is short
 * of the 550 has until a year after that promotion (RULES.md §5: "complete
 * within 1 year after promotion"): `due` says so. Writes at most 3 checks
 * into `out` and returns their number. Requirement rows are taken from
 * `reqs` (training_requirements or an office's edited copy), the last row
 * in force on `day` of each kind. */
size_t training_compliance(const struct training_config *cfg,
                           const struct training_requirement *reqs, size_t req_count,
                           const struct training_credit *credits, size_t credit_count,
                           const struct training_levels *levels, struct date entry, struct date day,
                           struct training_check out[3]);

/* ---- records (core/fields.h kinds; docs/training.md) ------------------- */

/* A programme: the standing definition classes are held under. */
struct training_programme {
    long long id;
    const char *name;
    const char *level;       /* "province", "city", "county", "unit" */
    const char *category;    /* a TRAINING_* code */
    const char *delivery;    /* "invite" 请进来, "send" 送出去, "online" 网络 */
    const char *organiser;   /* 主办单位 */
    const char *institution; /* 党校, 干部学院, a university */
    bool recognised;         /* its hours count as centralised training */
    const char *notes;
};

/* A class (期) of a programme, or standing alone (an imported sheet's). */
struct training_class {
    long long id;
    long long programme_id; /* 0 when none */
    const char *name;
    const char *organiser;
    const char *category;
    struct date start_date, end_date;
    const char *place;
    long long capacity; /* 0 = not limited */
    bool recognised;
    bool recurring; /* a weekly series (青年大讲堂) */
};

/* A session (场次) of a class. */
struct training_session {
    long long id;
    long long class_id;
    struct date day;
    const char *start_time, *end_time; /* "HH:MM" or NULL */
    long long hours;                   /* 学时 */
    const char *topic;
};

/* Training a cadre or the office enters, counted once approved. Starts
 * like core/records.h records (id, person_id) so store/records.h keeps it. */
struct training_external {
    long long id, person_id;
    const char *name;
    const char *institution;
    const char *category;
    struct date start_date, end_date;
    long long hours;
    bool recognised;
    const char *evidence; /* the certificate's number, a file reference */
    const char *status;   /* "pending", "approved", "rejected": read-only */
};

/* An enrolment's outcome the office records. */
struct training_result {
    long long id;
    const char *status; /* "enrolled", "completed", "failed", "withdrawn" */
    long long score;    /* 0 = not scored */
    const char *certificate_no;
};

/* A mentoring pair (师傅带徒弟, 结对帮带). */
struct training_pair {
    long long id;
    long long mentor_id, apprentice_id;
    struct date start_date, end_date;
    const char *goals;
    const char *status; /* "active", "ended" */
};

/* A periodic record of a pair, by either side. */
struct training_pair_record {
    long long id;
    long long pair_id;
    const char *author; /* "mentor", "apprentice" */
    struct date day;
    const char *content;
};

/* A mid-term or final evaluation of a pair by the mentor, the apprentice
 * or the unit. */
struct training_pair_evaluation {
    long long id;
    long long pair_id;
    const char *stage;   /* "mid", "final" */
    const char *by_role; /* "mentor", "apprentice", "unit" */
    const char *grade;   /* code, grade (优秀 ...) */
    const char *comment;
    struct date day;
};

/* A shadow rotation placement (跟班轮训) or secondment (挂职). `person_id`
 * is the store's key, as under a person's records (not a field). */
struct training_placement {
    long long id;
    long long person_id;
    const char *kind; /* "shadow", "secondment" */
    const char *host_unit;
    const char *supervisor;
    struct date start_date, end_date;
    const char *tasks;
    const char *report;          /* the trainee's */
    const char *host_evaluation; /* the host unit's */
    const char *host_grade;      /* code, grade */
};

extern const struct record_kind training_pair_kind;
extern const struct record_kind training_pair_record_kind;
extern const struct record_kind training_pair_evaluation_kind;
extern const struct record_kind training_placement_kind;
extern const struct record_kind training_programme_kind;
extern const struct record_kind training_class_kind;
extern const struct record_kind training_session_kind;
extern const struct record_kind training_external_kind;
extern const struct record_kind training_result_kind;

/* One row of the 培训登记表 as formats/training_sheet.h reads it and
 * store/training.h applies it. */
struct training_sheet_row {
    int row;               /* as the spreadsheet numbers it */
    const char *id_number; /* 18 characters, check letter uppercased */
    const char *name;
    const char *class_name;
    const char *organiser;     /* may be NULL */
    const char *category;      /* a TRAINING_* code, or NULL when the cell is empty */
    const char *category_text; /* the cell as written (an office's own category) */
    struct date start_date, end_date;
    long long hours, leave_hours;
};

/* ---- suggested mentors -------------------------------------------------- */

/* A person as the mentor suggestion sees them. */
struct training_mentor_candidate {
    long long person_id;
    const char *name;
    long long unit_id;
    const char *unit_name;
    const char *post_level, *rank;  /* current, codes, or NULL */
    int excellent, competent, weak; /* grades in the years looked at (weak:
                                       基本称职 or 不称职) */
    int apprentices;                /* active pairs as mentor */
};

struct training_mentor_suggestion {
    const struct training_mentor_candidate *candidate;
    int score;
    const char *reasons; /* Chinese, "；"-separated, in the arena */
};

/* The candidates fit to mentor `apprentice` under `cfg` — higher in post
 * or rank, no weak grade in the years looked at, fewer active apprentices
 * than the limit, of the same unit when required — ranked (same unit, more
 * 优秀, fewer apprentices first; then by id), each with the reasons it was
 * chosen. Writes at most `max` into `out`; returns how many. Borrows
 * everything; reasons in `a`. */
size_t training_mentor_suggest(struct arena *a, const struct training_config *cfg,
                               const struct training_mentor_candidate *apprentice,
                               const struct training_mentor_candidate *candidates, size_t n,
                               struct training_mentor_suggestion *out, size_t max);

/* The mark of an attendance value ("present", "leave", "absent",
 * "made_up"); -1 for any other. And back. */
int training_mark_parse(const char *text);
const char *training_mark_name(enum training_mark mark);

#endif
