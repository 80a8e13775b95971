/* appointment.h — appointment cases (任免事项) as the domain sees them: the
 * kinds and the steps each kind goes through (动议 → … → 任职), which jumps
 * are allowed, the four-musts gate before 讨论决定 (RULES.md §6), the public
 * notice counted in working days with the office's holiday calendar (§2.4),
 * 破格 (§2.2), and the 试用期 end (§2.4). Pure: dates, the calendar and the
 * checks' state come in as parameters. */
#ifndef CADRE_APPOINTMENT_H
#define CADRE_APPOINTMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "util/err.h"

/* ---- kinds and states ------------------------------------------------------ */

enum appointment_kind {
    APPOINTMENT_POST = 0, /* 提任/转任 a leadership post */
    APPOINTMENT_RANK,     /* 职级晋升 */
    APPOINTMENT_DOWN,     /* 调整: 降职, 免职, 改任 (能上能下) */
    APPOINTMENT_KIND_COUNT
};

/* "post", "rank", "down" and "职务任免", "职级晋升", "职务调整"; the kind called
 * `name` (API name or label), or -1. */
const char *appointment_kind_name(enum appointment_kind k);
const char *appointment_kind_label(enum appointment_kind k);
int appointment_kind_find(const char *name);

/* The steps, in the order of the 条例; RETURNED (退回) and STOPPED (终止:
 * a 不得 found at 讨论决定, or stopped by the office) end a case as
 * APPOINTED (任职) does. */
enum appointment_state {
    APPOINTMENT_MOTION = 0,     /* 动议 */
    APPOINTMENT_RECOMMENDATION, /* 民主推荐 */
    APPOINTMENT_VETTING,        /* 考察 */
    APPOINTMENT_DECISION,       /* 讨论决定 */
    APPOINTMENT_NOTICE,         /* 任前公示 */
    APPOINTMENT_REPORTED,       /* 报批 (reported to the organisation department) */
    APPOINTMENT_CONSENTED,      /* 预审同意 */
    APPOINTMENT_APPROVED,       /* 批准 */
    APPOINTMENT_APPOINTED,      /* 任职 */
    APPOINTMENT_RETURNED,       /* 退回 */
    APPOINTMENT_STOPPED,        /* 终止 */
    APPOINTMENT_STATE_COUNT
};

/* "motion", "recommendation", "vetting", "decision", "notice", "reported",
 * "consented", "approved", "appointed", "returned", "stopped" and the
 * Chinese labels ("动议" ...); the state called `name` (API name or label),
 * or -1. */
const char *appointment_state_name(enum appointment_state s);
const char *appointment_state_label(enum appointment_state s);
int appointment_state_find(const char *name);

/* True for APPOINTED, RETURNED and STOPPED: nothing follows. */
bool appointment_state_final(enum appointment_state s);

/* Whether a case of kind `k` passes through state `s`. A rank promotion
 * skips 民主推荐 (规定 Art. 20: 职级晋升 is proposed by the unit's leadership
 * and vetted, no recommendation vote); an adjustment (down) skips 民主推荐
 * and 任前公示 (公示 is for promotions, §2.4). RETURNED and STOPPED belong
 * to every kind. */
bool appointment_kind_has_state(enum appointment_kind k, enum appointment_state s);

/* The step after `s` on the path of kind `k`, or -1 when `s` is final. */
int appointment_next_state(enum appointment_kind k, enum appointment_state s);

/* Whether a case of kind `k` needs the four musts before 讨论决定: the
 * promotions (post, rank), not an adjustment downwards. */
bool appointment_kind_needs_checks(enum appointment_kind k);

/* ---- the four musts (凡提四必, RULES.md §6) --------------------------------- */

enum appointment_check {
    APPOINTMENT_CHECK_ARCHIVE = 0,  /* 档案审核 (凡提必审) */
    APPOINTMENT_CHECK_DECLARATIONS, /* 个人事项核查 (凡提必核) */
    APPOINTMENT_CHECK_DISCIPLINE,   /* 纪检意见 (凡提必听) */
    APPOINTMENT_CHECK_TIPOFFS,      /* 信访举报核查 (凡提必查) */
    APPOINTMENT_CHECK_COUNT
};

/* "archive", "declarations", "discipline", "tipoffs" and the Chinese names
 * the API takes ("档案审核" ...); the check called `name` (either), or -1. */
const char *appointment_check_name(enum appointment_check c);
const char *appointment_check_label(enum appointment_check c);
int appointment_check_find(const char *name);

/* A check's latest entry: none yet, 通过, 不通过, or 撤回 (a pass taken back). */
enum appointment_check_result {
    APPOINTMENT_RESULT_NONE = 0,
    APPOINTMENT_RESULT_PASSED,    /* 通过 */
    APPOINTMENT_RESULT_FAILED,    /* 不通过 */
    APPOINTMENT_RESULT_WITHDRAWN, /* 撤回 */
};

/* "passed", "failed", "withdrawn" / "通过", "不通过", "撤回" (NONE: "none",
 * "未记录"); the result called `name` (either; not NONE), or -1. */
const char *appointment_result_name(enum appointment_check_result r);
const char *appointment_result_label(enum appointment_check_result r);
int appointment_result_find(const char *name);

/* ---- advancing a case -------------------------------------------------------- */

/* What a case is, as the gate needs it. */
struct appointment_case_state {
    enum appointment_kind kind;
    enum appointment_state state;
    struct date state_since; /* the date of the last step */
    bool exceptional;        /* 破格 */
    bool exceptional_reason_given, exceptional_approval_given;
};

/* What the store knows at the moment of the jump. */
struct appointment_gate {
    enum appointment_check_result checks[APPOINTMENT_CHECK_COUNT]; /* latest of each */
    struct date checked_on[APPOINTMENT_CHECK_COUNT];               /* its date */
    long long unsettled_tipoffs; /* specific tip-offs about the person not settled */
    struct date notice_end;      /* the last day of the 公示; NONE when none held */
    long long open_objections;   /* objections to the notice not resolved */
};

/* Whether the case may go to `to` on `on`: `to` must be the next step of
 * its kind's path, or RETURNED from REPORTED or CONSENTED (the organisation
 * department sends it back), or STOPPED from any step before the end; `on`
 * not before the last step's date nor after `today`. Into DECISION a
 * promotion needs all four checks passed (latest entry 通过, so a check
 * failed or withdrawn after passing blocks again), each dated no later than
 * the decision, and no specific tip-off unsettled; 破格 needs its reason and the higher
 * department's prior approval. Out of NOTICE (to REPORTED) the notice must be over (`on` after its
 * last day) and every objection resolved. Returns 0, or ERR_CONFLICT with one entry in `fe` per
 * thing missing (field "to", "date", "checks.<name>", "notice", "objections", "exceptional"),
 * Chinese. */
int appointment_may_advance(const struct appointment_case_state *c, enum appointment_state to,
                            struct date on, struct date today, const struct appointment_gate *g,
                            struct field_errors *fe);

/* ---- working days and the public notice -------------------------------------- */

/* One day of the office's holiday calendar: a day off on a weekday (a
 * 法定节假日 or its 调休) or a working Saturday/Sunday (调休上班). */
struct appointment_calendar_day {
    struct date day;
    bool workday; /* true: 调休上班; false: 放假 */
    const char *name;
};

/* The calendar: `days` sorted by day, no day twice. Borrowed. */
struct appointment_calendar {
    const struct appointment_calendar_day *days;
    size_t n;
};

/* 1 (Monday) .. 7 (Sunday) of a day-precision date. */
int appointment_weekday(struct date d);

/* Whether `d` is a working day: Monday to Friday unless the calendar makes
 * it a day off; Saturday or Sunday only when the calendar makes it a
 * working day. */
bool appointment_is_working_day(const struct appointment_calendar *cal, struct date d);

/* The working days from `from` to `to`, both included (0 when to < from). */
int appointment_working_days(const struct appointment_calendar *cal, struct date from,
                             struct date to);

/* The `n`-th working day (n >= 1) counted from `start`: `start` itself is
 * the first when it is a working day. The last day of a 公示 of `n`
 * working days starting on `start`. */
struct date appointment_working_day_end(const struct appointment_calendar *cal, struct date start,
                                        int n);

/* 任前公示 lasts at least this many working days (条例 2014 Art. 41). */
#define APPOINTMENT_NOTICE_WORKING_DAYS 5

/* 任职试用期: one year (条例 2014 Art. 43, RULES.md §2.4). */
#define APPOINTMENT_PROBATION_MONTHS 12

/* The last day of a 试用期 that starts on `start`: a year later, less a day. */
struct date appointment_probation_end(struct date start);

#endif
