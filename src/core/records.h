/* records.h — the registry's record structs and their field tables: a person
 * (the 干部任免审批表 fields of RULES.md §8.1), and the six kinds of record
 * kept under a person: career, education, assessments, rewards,
 * punishments and family members. */
#ifndef CADRE_RECORDS_H
#define CADRE_RECORDS_H

#include <stdbool.h>

#include "core/date.h"
#include "core/fields.h"

struct arena;

struct person {
    long long id;
    const char *name;
    const char *gender; /* code, GB/T 2261.1 */
    struct date birth_date;
    const char *ethnicity;    /* code, GB/T 3304 */
    const char *native_place; /* 籍贯 */
    const char *birth_place;  /* 出生地 */
    const char *party;        /* code, GB/T 4762 */
    struct date party_join_date;
    struct date work_start_date;
    const char *health;
    const char *title;     /* 专业技术职务 */
    const char *specialty; /* 熟悉专业有何专长 */
    const char *id_number;
    const char *phone;
    long long unit_id;
    const char *status; /* code, person_status */
    const char *notes;
};

enum career_kind_value { CAREER_POST, CAREER_RANK };

struct career_record {
    long long id, person_id;
    const char *kind;       /* "post" or "rank" */
    long long unit_id;      /* the unit of a post; optional for a rank */
    const char *title;      /* "办公室主任", "综合处副处长" */
    const char *post_level; /* code, kind == post */
    const char *rank;       /* code, kind == rank */
    struct date start_date;
    struct date end_date; /* DATE_NONE while current */
    const char *document_number;
    bool concurrent; /* 兼任 */
    bool grassroots; /* 基层工作经历 (RULES.md §2.1(1)) */
};

struct education_record {
    long long id, person_id;
    const char *kind;      /* "fulltime" (全日制) or "inservice" (在职) */
    const char *education; /* code, GB/T 4658 */
    const char *degree;    /* code, GB/T 6864 */
    const char *school;
    const char *major;
    struct date start_date, end_date;
};

struct assessment_record {
    long long id, person_id;
    long long year;
    const char *grade; /* code, annual grade */
    const char *notes;
};

struct reward_record {
    long long id, person_id;
    const char *name; /* 嘉奖, 记三等功, 优秀共产党员 ... */
    struct date award_date;
    const char *authority; /* 批准机关 */
    const char *document_number;
    const char *notes;
};

struct punishment_record {
    long long id, person_id;
    const char *kind; /* code, punishment (处分/党纪/组织处理) */
    struct date decision_date;
    long long effect_months; /* effect period; defaults from the code table */
    const char *reason;
    const char *authority;
    const char *document_number;
};

struct family_record {
    long long id, person_id;
    const char *relation; /* code, GB/T 4761 */
    const char *name;
    struct date birth_date;
    const char *party;     /* code, GB/T 4762 */
    const char *work_unit; /* 工作单位及职务 */
    const char *id_number;
    const char *status; /* "" or 已故 / 移居国(境)外 notes */
};

extern const struct record_kind person_kind;
extern const struct record_kind career_kind;
extern const struct record_kind education_kind;
extern const struct record_kind assessment_kind;
extern const struct record_kind reward_kind;
extern const struct record_kind punishment_kind;
extern const struct record_kind family_kind;

/* §5 training (干部教育培训): hours (学时) of one course; the qualification
 * engine sums the hours whose end (else start) date falls in its window. */
struct training_record {
    long long id, person_id;
    const char *name; /* 培训班名称 */
    const char *kind; /* 脱产, 网络, 在职 ... (free text) */
    struct date start_date, end_date;
    long long hours;         /* 学时 */
    const char *institution; /* 党校(行政学院), 干部学院 ... */
};

extern const struct record_kind training_kind;

/* The kinds kept under a person, in the order of the form; `*count` set. */
const struct record_kind *const *records_person_kinds(size_t *count);
/* The kind whose API name (the URL segment: "career", "education",
 * "assessments", "rewards", "punishments", "family", "training") is
 * `segment`, or NULL. Training is not one of records_person_kinds (the
 * 任免审批表 has no box for it). */
const struct record_kind *records_kind_by_segment(const char *segment);

/* The kind whose API name (kind->name: "person", "career", "education",
 * "assessment", "reward", "punishment", "family", "training") is `name`, or
 * NULL. */
const struct record_kind *records_kind_find(const char *name);

/* The 入党时间 box of the 干部任免审批表 as the form's notes fill it: the
 * date (YYYY.MM) for 中共党员 and 预备党员 (and when the party is not
 * recorded); blank for 共青团员 and 群众; for a member of another party, the
 * date, if known, and the party's name ("1990.05 中国民主同盟"). In `a`. */
const char *person_party_box(const struct person *p, struct arena *a);

/* Rank records of one person may not overlap in time (a person holds one
 * 职级 at a time). Checks `r` (kind "rank") against `others` (all the
 * person's career records, `r` itself skipped by id) and appends a message
 * on field "start_date" when they overlap. */
void career_check_overlap(const struct career_record *r, const struct career_record *others,
                          size_t n, struct field_errors *fe);

/* Months served in `r` as of `day` (date_months_between from the start to
 * the earlier of `day` and the end). 0 before the start. */
int career_months_served(const struct career_record *r, struct date day);

/* True when `r` is current on `day` (started, and not ended before `day`). */
bool career_is_current(const struct career_record *r, struct date day);

#endif
