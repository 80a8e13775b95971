/* records.c — the field tables of a person and of the six kinds of record
 * kept under a person, their cross-field checks, and career tenure. */
#include "core/records.h"

#include <stddef.h>
#include <string.h>

#include "core/codes.h"
#include "core/idnum.h"
#include "util/arena.h"

/* Text limits: a name fits 50 characters, a place, school or title 100, a
 * free text 2000 (the form's largest box, 简历, holds about that much). */
enum { LEN_CODEWORD = 10, LEN_NAME = 50, LEN_PLACE = 100, LEN_LONG = 2000, LEN_IDNUM = 18 };

/* The id and person_id members that start every struct are the store's
 * business (primary key and URL), so they are not in the tables below. */

#define TEXT(st, member, label, flags, len)                                                        \
    {                                                                                              \
#member, label, FIELD_TEXT, NULL, offsetof(struct st, member), flags, len, 0, 0            \
    }
#define CODE(st, member, table, label, flags)                                                      \
    {                                                                                              \
#member, label, FIELD_CODE, table, offsetof(struct st, member), flags, 0, 0, 0             \
    }
#define DATE(st, member, label, flags)                                                             \
    {                                                                                              \
#member, label, FIELD_DATE, NULL, offsetof(struct st, member), flags, 0, 0, 0              \
    }
#define INT(st, member, label, flags, lo, hi)                                                      \
    {                                                                                              \
#member, label, FIELD_INT, NULL, offsetof(struct st, member), flags, 0, lo, hi             \
    }
#define REF(st, member, table, label, flags)                                                       \
    {                                                                                              \
#member, label, FIELD_REF, table, offsetof(struct st, member), flags, 0, 0, 0              \
    }
#define BOOL(st, member, label, flags)                                                             \
    {                                                                                              \
#member, label, FIELD_BOOL, NULL, offsetof(struct st, member), flags, 0, 0, 0              \
    }

/* A text limited to fixed values, each with its Chinese label. */
#define CHOICE(st, member, label, flags, choices)                                                  \
    {                                                                                              \
#member, label, FIELD_TEXT, NULL, offsetof(struct st, member), flags, LEN_CODEWORD, 0, 0,  \
            choices, NFIELDS(choices)                                                              \
    }

#define REQ FIELD_REQUIRED
#define PAST FIELD_NOT_FUTURE
#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ---------------------------------------------------------- */

/* a < b at the precision both share: when either is only a month, the
 * same month is not "before" (a roster saying 2021.05 cannot be faulted
 * against a precise 2021-05-20). */
static bool before(struct date a, struct date b)
{
    return date_compare_at(a, b, DATE_PRECISION_SHARED) < 0;
}

static bool is(const char *s, const char *value)
{
    return s && strcmp(s, value) == 0;
}

static bool has_text(const char *s)
{
    return s && *s;
}

/* The birth date of an ID number against the birth date of record: to the
 * month when the record only has the month. */
static bool birth_agrees(struct date of_record, struct date from_id)
{
    if (of_record.year != from_id.year || of_record.month != from_id.month)
        return false;
    return of_record.day == 0 || of_record.day == from_id.day;
}

/* Checks an ID number field and its agreement with a birth date and,
 * when `gender` is given, a sex. Messages go on field "id_number". */
static void check_id_number(const char *id_number, struct date birth, const char *birth_label,
                            const char *gender, struct date today, struct field_errors *fe)
{
    if (!has_text(id_number) || field_errors_has(fe, "id_number"))
        return;
    struct idnum_info info;
    enum idnum_problem p = idnum_check(id_number, today, &info);
    if (p != IDNUM_OK) {
        field_errors_add(fe, "id_number", "%s", idnum_problem_message(p));
        return;
    }
    if (!date_is_none(birth) && date_valid(birth) && !birth_agrees(birth, info.birth)) {
        char from_id[11], of_record[11];
        field_errors_add(fe, "id_number", "身份证号中的出生日期 %s 与%s %s 不一致",
                         date_format_display(info.birth, from_id), birth_label,
                         date_format_display(birth, of_record));
    }
    /* Only the two definite sexes can disagree (GB/T 2261.1 also has 0
     * 未知 and 9 未说明). */
    if ((is(gender, "1") || is(gender, "2")) && info.sex != gender[0] - '0')
        field_errors_add(fe, "id_number", "身份证号显示性别为%s，与性别“%s”不一致",
                         info.sex == 1 ? "男" : "女", is(gender, "1") ? "男" : "女");
}

/* ---- person ----------------------------------------------------------- */

static const struct field_def person_fields[] = {
    TEXT(person, name, "姓名", REQ, LEN_NAME),
    CODE(person, gender, "gender", "性别", REQ),
    DATE(person, birth_date, "出生年月", REQ | PAST),
    CODE(person, ethnicity, "ethnicity", "民族", 0),
    TEXT(person, native_place, "籍贯", 0, LEN_PLACE),
    TEXT(person, birth_place, "出生地", 0, LEN_PLACE),
    CODE(person, party, "party", "政治面貌", 0),
    DATE(person, party_join_date, "入党时间", PAST),
    DATE(person, work_start_date, "参加工作时间", PAST),
    TEXT(person, health, "健康状况", 0, LEN_NAME),
    TEXT(person, title, "专业技术职务", 0, LEN_PLACE),
    TEXT(person, specialty, "熟悉专业有何专长", 0, LEN_LONG),
    TEXT(person, id_number, "身份证号", FIELD_SENSITIVE, LEN_IDNUM),
    TEXT(person, phone, "联系电话", FIELD_SENSITIVE | FIELD_PHONE, LEN_NAME),
    REF(person, unit_id, "units", "所在单位", 0),
    CODE(person, status, "person_status", "人员状态", 0),
    TEXT(person, notes, "备注", 0, LEN_LONG),
};

static void person_validate(const void *record, struct date today, struct field_errors *fe)
{
    const struct person *p = record;
    check_id_number(p->id_number, p->birth_date, "出生年月", p->gender, today, fe);
    if (date_is_none(p->birth_date))
        return;
    if (!date_is_none(p->party_join_date) && before(p->party_join_date, p->birth_date) &&
        !field_errors_has(fe, "party_join_date"))
        field_errors_add(fe, "party_join_date", "入党时间不能早于出生年月");
    if (!date_is_none(p->work_start_date) && before(p->work_start_date, p->birth_date) &&
        !field_errors_has(fe, "work_start_date"))
        field_errors_add(fe, "work_start_date", "参加工作时间不能早于出生年月");
}

const struct record_kind person_kind = {
    "person",        "干部", "people", sizeof(struct person), person_fields, NFIELDS(person_fields),
    person_validate,
};

/* ---- career ----------------------------------------------------------- */

static const struct field_choice career_kinds[] = {
    {"post", "职务", 0},
    {"rank", "职级", 0},
};

static const struct field_def career_fields[] = {
    CHOICE(career_record, kind, "类别", REQ, career_kinds),
    REF(career_record, unit_id, "units", "任职单位", 0),
    /* A post has a title and a level, a rank its rank (career_validate). */
    {"title", "职务名称", FIELD_TEXT, NULL, offsetof(struct career_record, title), 0, LEN_PLACE,
     .only_when = "kind=post"},
    {"post_level", "职务层次", FIELD_CODE, "post_level", offsetof(struct career_record, post_level),
     0, .only_when = "kind=post"},
    {"rank", "职级", FIELD_CODE, "rank", offsetof(struct career_record, rank), 0,
     .only_when = "kind=rank"},
    DATE(career_record, start_date, "任职开始时间", REQ),
    DATE(career_record, end_date, "任职结束时间", 0),
    TEXT(career_record, document_number, "文号", 0, LEN_PLACE),
    {"concurrent", "兼任", FIELD_BOOL, NULL, offsetof(struct career_record, concurrent), 0,
     .only_when = "kind=post"},
    BOOL(career_record, grassroots, "基层工作经历", 0),
};

/* An end before the start, checked the same way for career and education. */
static void check_range(struct date start, struct date end, const char *end_field,
                        const char *message, struct field_errors *fe)
{
    if (!date_is_none(start) && !date_is_none(end) && before(end, start) &&
        !field_errors_has(fe, end_field))
        field_errors_add(fe, end_field, "%s", message);
}

static void career_validate(const void *record, struct date today, struct field_errors *fe)
{
    (void)today;
    const struct career_record *r = record;
    if (is(r->kind, "post")) {
        if (!has_text(r->post_level) && !field_errors_has(fe, "post_level"))
            field_errors_add(fe, "post_level", "职务记录的职务层次不能为空");
        if (!has_text(r->title) && !field_errors_has(fe, "title"))
            field_errors_add(fe, "title", "职务记录的职务名称不能为空");
    } else if (is(r->kind, "rank")) {
        if (!has_text(r->rank) && !field_errors_has(fe, "rank"))
            field_errors_add(fe, "rank", "职级记录的职级不能为空");
    } else if (has_text(r->kind) && !field_errors_has(fe, "kind")) {
        field_errors_add(fe, "kind", "类别应为 post（职务）或 rank（职级）");
    }
    check_range(r->start_date, r->end_date, "end_date", "任职结束时间不能早于开始时间", fe);
}

const struct record_kind career_kind = {
    "career",        "任职经历",
    "career",        sizeof(struct career_record),
    career_fields,   NFIELDS(career_fields),
    career_validate,
};

/* ---- education -------------------------------------------------------- */

static const struct field_choice education_kinds[] = {
    {"fulltime", "全日制", 0},
    {"inservice", "在职", 0},
};

static const struct field_def education_fields[] = {
    CHOICE(education_record, kind, "教育类别", REQ, education_kinds),
    CODE(education_record, education, "education", "学历", REQ),
    CODE(education_record, degree, "degree", "学位", 0),
    TEXT(education_record, school, "毕业院校", 0, LEN_PLACE),
    TEXT(education_record, major, "专业", 0, LEN_PLACE),
    DATE(education_record, start_date, "入学时间", PAST),
    DATE(education_record, end_date, "毕业时间", 0),
};

static void education_validate(const void *record, struct date today, struct field_errors *fe)
{
    (void)today;
    const struct education_record *r = record;
    if (has_text(r->kind) && !is(r->kind, "fulltime") && !is(r->kind, "inservice") &&
        !field_errors_has(fe, "kind"))
        field_errors_add(fe, "kind", "教育类别应为 fulltime（全日制）或 inservice（在职）");
    check_range(r->start_date, r->end_date, "end_date", "毕业时间不能早于入学时间", fe);
}

const struct record_kind education_kind = {
    "education",        "学历学位",
    "education",        sizeof(struct education_record),
    education_fields,   NFIELDS(education_fields),
    education_validate,
};

/* ---- assessments ------------------------------------------------------ */

/* Annual assessment of cadres began long after 1950; the floor only
 * rejects typing mistakes. The ceiling (this year) is checked with today. */
enum { ASSESSMENT_FIRST_YEAR = 1950 };

static const struct field_def assessment_fields[] = {
    INT(assessment_record, year, "考核年度", REQ, ASSESSMENT_FIRST_YEAR, 9999),
    CODE(assessment_record, grade, "grade", "考核等次", REQ),
    TEXT(assessment_record, notes, "备注", 0, LEN_LONG),
};

static void assessment_validate(const void *record, struct date today, struct field_errors *fe)
{
    const struct assessment_record *r = record;
    long long last = date_is_none(today) ? 9999 : today.year;
    if ((r->year < ASSESSMENT_FIRST_YEAR || r->year > last) && !field_errors_has(fe, "year"))
        field_errors_add(fe, "year", "考核年度应在 %d 到 %lld 年之间", ASSESSMENT_FIRST_YEAR, last);
}

const struct record_kind assessment_kind = {
    "assessment",        "年度考核",
    "assessments",       sizeof(struct assessment_record),
    assessment_fields,   NFIELDS(assessment_fields),
    assessment_validate,
};

/* ---- rewards ---------------------------------------------------------- */

static const struct field_def reward_fields[] = {
    TEXT(reward_record, name, "奖励名称", REQ, LEN_PLACE),
    DATE(reward_record, award_date, "奖励时间", PAST),
    TEXT(reward_record, authority, "批准机关", 0, LEN_PLACE),
    TEXT(reward_record, document_number, "文号", 0, LEN_PLACE),
    TEXT(reward_record, notes, "备注", 0, LEN_LONG),
};

const struct record_kind reward_kind = {
    "reward",      "奖励",
    "rewards",     sizeof(struct reward_record),
    reward_fields, NFIELDS(reward_fields),
    NULL,
};

/* ---- punishments ------------------------------------------------------ */

/* The code table's default periods run up to 60 months (开除党籍); the cap
 * catches typing mistakes while leaving room for local rules. */
enum { PUNISHMENT_MAX_MONTHS = 120 };

static const struct field_def punishment_fields[] = {
    CODE(punishment_record, kind, "punishment", "处分类别", REQ),
    DATE(punishment_record, decision_date, "处分决定时间", REQ | PAST | FIELD_BY_DAY),
    INT(punishment_record, effect_months, "影响期（月）", 0, 0, PUNISHMENT_MAX_MONTHS),
    TEXT(punishment_record, reason, "处分原因", 0, LEN_LONG),
    TEXT(punishment_record, authority, "决定机关", 0, LEN_PLACE),
    TEXT(punishment_record, document_number, "文号", 0, LEN_PLACE),
};

static void punishment_validate(const void *record, struct date today, struct field_errors *fe)
{
    (void)today;
    const struct punishment_record *r = record;
    if ((r->effect_months < 0 || r->effect_months > PUNISHMENT_MAX_MONTHS) &&
        !field_errors_has(fe, "effect_months"))
        field_errors_add(fe, "effect_months", "影响期应在 0 到 %d 个月之间", PUNISHMENT_MAX_MONTHS);
}

const struct record_kind punishment_kind = {
    "punishment",        "处分",
    "punishments",       sizeof(struct punishment_record),
    punishment_fields,   NFIELDS(punishment_fields),
    punishment_validate,
};

/* ---- family ----------------------------------------------------------- */

static const struct field_def family_fields[] = {
    CODE(family_record, relation, "relation", "称谓", REQ),
    TEXT(family_record, name, "姓名", REQ, LEN_NAME),
    DATE(family_record, birth_date, "出生日期", PAST),
    CODE(family_record, party, "party", "政治面貌", 0),
    TEXT(family_record, work_unit, "工作单位及职务", 0, LEN_PLACE),
    TEXT(family_record, id_number, "身份证号", FIELD_SENSITIVE, LEN_IDNUM),
    TEXT(family_record, status, "状态", 0, LEN_NAME),
};

static void family_validate(const void *record, struct date today, struct field_errors *fe)
{
    const struct family_record *r = record;
    check_id_number(r->id_number, r->birth_date, "出生日期", NULL, today, fe);
}

const struct record_kind family_kind = {
    "family",      "家庭主要成员及重要社会关系", "family",        sizeof(struct family_record),
    family_fields, NFIELDS(family_fields),       family_validate,
};

/* ---- training ---------------------------------------------------------- */

/* A year holds at most 365 days of 8 学时; a larger figure is a typing
 * mistake (a 5-year total belongs in several records). */
enum { TRAINING_MAX_HOURS = 2920 };

static const struct field_def training_fields[] = {
    TEXT(training_record, name, "培训名称", REQ, LEN_PLACE),
    TEXT(training_record, kind, "培训类别", 0, LEN_NAME),
    DATE(training_record, start_date, "开始时间", PAST | FIELD_BY_DAY),
    DATE(training_record, end_date, "结束时间", FIELD_BY_DAY),
    INT(training_record, hours, "学时", REQ, 0, TRAINING_MAX_HOURS),
    TEXT(training_record, institution, "培训机构", 0, LEN_PLACE),
};

static void training_validate(const void *record, struct date today, struct field_errors *fe)
{
    (void)today;
    const struct training_record *r = record;
    if ((r->hours < 0 || r->hours > TRAINING_MAX_HOURS) && !field_errors_has(fe, "hours"))
        field_errors_add(fe, "hours", "学时应在 0 到 %d 之间", TRAINING_MAX_HOURS);
    if (date_is_none(r->start_date) && date_is_none(r->end_date) &&
        !field_errors_has(fe, "end_date"))
        field_errors_add(fe, "end_date", "开始时间与结束时间至少填写一项（学时按日期计入年限）");
    check_range(r->start_date, r->end_date, "end_date", "结束时间不能早于开始时间", fe);
}

const struct record_kind training_kind = {
    "training",        "培训",
    "training",        sizeof(struct training_record),
    training_fields,   NFIELDS(training_fields),
    training_validate,
};

/* ---- registry --------------------------------------------------------- */

/* In the order of the 干部任免审批表: 学历学位, 简历, 奖惩, 年度考核, 家庭成员. */
static const struct record_kind *const person_kinds[] = {
    &education_kind, &career_kind, &reward_kind, &punishment_kind, &assessment_kind, &family_kind,
};

static const struct {
    const char *segment;
    const struct record_kind *kind;
} segments[] = {
    {"career", &career_kind},          {"education", &education_kind},
    {"assessments", &assessment_kind}, {"rewards", &reward_kind},
    {"punishments", &punishment_kind}, {"family", &family_kind},
    {"training", &training_kind},
};

const struct record_kind *const *records_person_kinds(size_t *count)
{
    *count = NFIELDS(person_kinds);
    return person_kinds;
}

const struct record_kind *records_kind_by_segment(const char *segment)
{
    if (!segment)
        return NULL;
    for (size_t i = 0; i < NFIELDS(segments); i++)
        if (strcmp(segments[i].segment, segment) == 0)
            return segments[i].kind;
    return NULL;
}

const struct record_kind *records_kind_find(const char *name)
{
    if (!name)
        return NULL;
    if (strcmp(name, person_kind.name) == 0)
        return &person_kind;
    for (size_t i = 0; i < NFIELDS(segments); i++)
        if (strcmp(segments[i].kind->name, name) == 0)
            return segments[i].kind;
    return NULL;
}

const char *person_party_box(const struct person *p, struct arena *a)
{
    char date[8];
    date_format_dotted(p->party_join_date, date);
    /* GB/T 4762: 01 中共党员, 02 中共预备党员, 03 共青团员, 13 群众. */
    if (!has_text(p->party) || is(p->party, "01") || is(p->party, "02"))
        return arena_strdup(a, date);
    if (is(p->party, "03") || is(p->party, "13"))
        return "";
    const char *party = codes_label("party", p->party);
    if (!party)
        return arena_strdup(a, date);
    return *date ? arena_sprintf(a, "%s %s", date, party) : party;
}

/* ---- career questions ------------------------------------------------- */

/* Rank periods are half-open, [start, end): a record ending on the day
 * (or, at month precision, in the month) the next one starts is adjacent,
 * not overlapping: rosters write "2018.03—2021.05 四级主任科员" and
 * "2021.05— 三级主任科员". An open end runs to forever. */
static bool periods_overlap(const struct career_record *a, const struct career_record *b)
{
    bool a_starts_before_b_ends = date_is_none(b->end_date) || before(a->start_date, b->end_date);
    bool b_starts_before_a_ends = date_is_none(a->end_date) || before(b->start_date, a->end_date);
    return a_starts_before_b_ends && b_starts_before_a_ends;
}

void career_check_overlap(const struct career_record *r, const struct career_record *others,
                          size_t n, struct field_errors *fe)
{
    if (!is(r->kind, "rank") || date_is_none(r->start_date))
        return;
    for (size_t i = 0; i < n; i++) {
        const struct career_record *o = &others[i];
        if (o == r || (r->id != 0 && o->id == r->id))
            continue;
        if (!is(o->kind, "rank") || date_is_none(o->start_date) || !periods_overlap(r, o))
            continue;
        const char *label = o->rank ? codes_label("rank", o->rank) : NULL;
        char start[11], end[11];
        date_format_display(o->start_date, start);
        date_format_display(o->end_date, end);
        field_errors_add(fe, "start_date", "与已有职级记录（%s，%s 至 %s）时间重叠",
                         label ? label : (o->rank ? o->rank : "未填职级"), start,
                         end[0] ? end : "今");
        return; /* one message is enough to send the user to the list */
    }
}

int career_months_served(const struct career_record *r, struct date day)
{
    if (date_is_none(r->start_date) || date_is_none(day))
        return 0;
    struct date to = day;
    if (!date_is_none(r->end_date) && date_compare(r->end_date, day) < 0)
        to = r->end_date;
    return date_months_between(r->start_date, to);
}

bool career_is_current(const struct career_record *r, struct date day)
{
    if (date_is_none(r->start_date) || date_is_none(day) || before(day, r->start_date))
        return false;
    return date_is_none(r->end_date) || !before(r->end_date, day);
}
