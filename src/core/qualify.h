/* qualify.h — what a cadre qualifies for on a given date, and why not:
 * evaluates one person's records against a rule set (rules.h) and returns
 * verdicts with structured reasons, Chinese sentences citing the article,
 * and the earliest date a verdict can change, with what changes then; the
 * record checks of 三龄两历 and 回避 (RULES.md §6, §9) are run from here but
 * live in core/record_checks.h. Pure: the as-of date is a parameter. */
#ifndef CADRE_QUALIFY_H
#define CADRE_QUALIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/records.h"
#include "core/rules.h"

struct arena;

/* 符合 means eligible (the regulation's minimum is met), never "due". */
enum qualify_verdict {
    QUALIFY_ELIGIBLE,   /* 符合 */
    QUALIFY_NOT_YET,    /* 尚不符合: a requirement is not met yet */
    QUALIFY_BARRED,     /* 不得: a bar (effect period, 考察 bar, retirement) */
    QUALIFY_INCOMPLETE, /* 数据不全: a field needed to judge is missing */
};

/* What one reason says. Only `decisive` reasons set the verdict; the others
 * (training, notes on grades) are shown but cannot block. */
enum qualify_effect {
    QUALIFY_MET,       /* requirement met */
    QUALIFY_SHORTFALL, /* requirement not met: required/actual/shortfall */
    QUALIFY_BAR,       /* a bar in force: from..until */
    QUALIFY_MISSING,   /* data missing: `field` */
    QUALIFY_NOTE,      /* information (grade adjustments, combinations) */
};

struct qualify_reason {
    const char *rule_id;
    const char *source;
    enum rules_confidence confidence;
    bool needs_confirmation; /* [ONE]/[REC] row: "待本单位确认" */
    enum qualify_effect effect;
    bool decisive;
    const char *unit; /* "months", "hours", "posts", "education", "" */
    int required, actual, shortfall;
    struct date from, until; /* a bar's period (until exclusive, NONE = no end);
                                for a shortfall, `until` is the day it is met
                                when waiting will meet it, else NONE */
    const char *field;       /* MISSING: the missing field ("person.birth_date") */
    const char *text;        /* the Chinese sentence with its article */
    struct qualify_reason *next;
};

enum qualify_target_kind { QUALIFY_RANK, QUALIFY_POST };

struct qualify_target {
    enum qualify_target_kind kind;
    const char *code;                 /* rank or post level code */
    enum rules_party_post party_post; /* for a party post, its party-age rule */
};

/* What happens on a result's change date. */
enum qualify_change {
    QUALIFY_CHANGE_NONE,       /* no change date */
    QUALIFY_CHANGE_MET,        /* the last shortfall is met by waiting */
    QUALIFY_CHANGE_BAR_ENDS,   /* the last bar in force ends */
    QUALIFY_CHANGE_RETIREMENT, /* retirement age: 不得 from then on */
    QUALIFY_CHANGE_RULE,       /* a rule row starts or stops being in force */
};

struct qualify_result {
    struct qualify_target target;
    const char *label; /* "三级调研员", "县处级正职" */
    bool asked;        /* false for the computed next rank / post level */
    /* The target is not above the rank or post held (the verdict is then
     * 不得, with the reason "target.not_higher"): a list counts it apart. */
    bool held;
    enum qualify_verdict verdict;
    struct date change_date;    /* earliest day the verdict can change; NONE when
                                   no day can be named */
    enum qualify_change change; /* what happens on change_date */
    const char *change_text;    /* the same in Chinese ("任职年限届满"), "" for NONE */
    struct qualify_reason *reasons;
    size_t reason_count;
    struct qualify_result *next;
};

/* A record-check finding (§6 三龄两历, §1.2, 回避, §9 tenure alerts). */
struct qualify_finding {
    const char *rule_id;
    const char *source;
    enum rules_confidence confidence;
    bool needs_confirmation; /* [ONE]/[REC] row the office has not confirmed */
    const char *fields;      /* comma list of the fields concerned */
    long long record_id;     /* the record concerned, or 0 */
    const char *text;
    struct qualify_finding *next;
};

/* One training entry (§5): the registry keeps none yet, so callers pass
 * what they have; an empty list is reported as missing data. */
struct qualify_training {
    double hours;
    struct date date;
};

/* Another cadre's current post, for 回避 (公务员法 Art.74). A colleague is
 * a relative when their id_number, or name and birth date, match one of
 * the person's family records. */
struct qualify_colleague {
    long long person_id;
    const char *name;
    const char *id_number;
    struct date birth_date;
    long long unit_id;
    long long organ_id;        /* the organ (机关) the unit belongs to */
    const char *post_level;    /* NULL or "" when holding no leadership post */
    const char *unit_function; /* "组织", "人事", "纪检", "监察", "审计", "财务" or "" */
};

/* Everything known about one person; all borrowed. Arrays may be NULL when
 * their count is 0. */
struct qualify_input {
    const struct person *person;
    const struct career_record *career;
    size_t career_count;
    const struct assessment_record *assessments;
    size_t assessment_count;
    const struct punishment_record *punishments;
    size_t punishment_count;
    const struct education_record *education;
    size_t education_count;
    const struct family_record *family;
    size_t family_count;
    const struct qualify_training *training;
    size_t training_count;
    const struct qualify_colleague *colleagues;
    size_t colleague_count;
    int grassroots_months; /* 基层工作经历 in months; -1 = not recorded */
    /* The day the records describe (when they were read: today). A year
     * not over on that day has no 年度考核 grade yet, so its grade is not
     * missing even on a later evaluation day; a year over by then with no
     * grade is missing data (数据不全 when it decides). NONE: the
     * evaluation day. */
    struct date records_as_of;
    long long organ_id;        /* the person's organ, for 回避; 0 = unknown */
    const char *unit_function; /* the person's unit's function, as above */
};

struct qualify_report {
    struct date as_of;
    struct qualify_result *results; /* next rank, next post level, then the asked */
    size_t result_count;
    struct qualify_finding *findings;
    size_t finding_count;
    struct date retirement_date; /* month precision; NONE when unknown */
    int retirement_age_months;   /* 0 when unknown */
};

/* Evaluates `in` against `rules` on `as_of` for the next rank above the
 * current one (when a rank is held), the next post level above the highest
 * current post (with no post: the level the rank held is equated with,
 * never below it, or 乡科级副职 without a rank), and each of `asked` (`n_asked` may
 * be 0), and runs the record checks. Sets `*out` to a report allocated in
 * `a`. Returns 0, or ERR_INVALID when `in`, `in->person` or `rules` is
 * NULL, `as_of` is not a valid day, or an asked code is unknown. Borrows
 * everything; the report's strings point into `a`, `rules` or the inputs. */
int qualify_evaluate(struct arena *a, const struct rules *rules, const struct qualify_input *in,
                     struct date as_of, const struct qualify_target *asked, size_t n_asked,
                     struct qualify_report **out);

/* What qualify_evaluate_with may leave out; 0 leaves out nothing. */
enum qualify_options {
    /* No record checks: the report's findings stay empty (a 资格名单 shows
     * verdicts, not findings). */
    QUALIFY_NO_RECORD_CHECKS = 1 << 0,
    /* Sentences only for what a list shows: the reasons not met
     * (shortfalls, bars, missing data) and the decisive requirements met;
     * a note or a met requirement that cannot decide (training) keeps
     * every number but its `text` is "". Verdicts, change dates and
     * reasons are the same. */
    QUALIFY_BRIEF = 1 << 1,
};

/* qualify_evaluate, leaving out what `options` (enum qualify_options, or'ed)
 * says. qualify_evaluate(...) is qualify_evaluate_with(..., 0, out). */
int qualify_evaluate_with(struct arena *a, const struct rules *rules,
                          const struct qualify_input *in, struct date as_of,
                          const struct qualify_target *asked, size_t n_asked, unsigned options,
                          struct qualify_report **out);

/* The result for `kind`/`code` in `report`, or NULL. */
const struct qualify_result *qualify_find(const struct qualify_report *report,
                                          enum qualify_target_kind kind, const char *code);

/* "符合", "尚不符合", "不得", "数据不全"; and the API names "eligible",
 * "not_yet", "barred", "incomplete". */
const char *qualify_verdict_label(enum qualify_verdict v);
const char *qualify_verdict_name(enum qualify_verdict v);

/* The rank held on `day` (the highest when records overlap), or NULL;
 * the post level held on `day` (the highest of the non-concurrent posts;
 * of every post when `include_concurrent` or when all are concurrent), or
 * NULL. Borrow `in`. */
const struct career_record *qualify_current_rank(const struct qualify_input *in, struct date day);
const char *qualify_current_post(const struct qualify_input *in, struct date day,
                                 bool include_concurrent);

/* Writes a duration the way the office says it: "1 年 9 个月", "2 年",
 * "3 个月", "0 个月". Returns a string in `a`. */
const char *qualify_months_text(struct arena *a, int months);

#endif
