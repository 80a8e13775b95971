/* rulebook.c — the rule tables described as data, their SQL built from the
 * descriptions, seeding from core/rules.c and loading back into a struct
 * rules. */
#include "store/rulebook.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/codes.h"
#include "store/qualify_data.h"
#include "util/arena.h"
#include "util/strbuf.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define NO_ARRAY SIZE_MAX

/* Longest text a rule column takes: a citation of several articles. */
enum { RULEBOOK_TEXT_MAX = 600, RULEBOOK_MONTHS_MAX = 1200 };

/* ---- descriptions ------------------------------------------------------ */

#define ROW_COL(member, label, type, req)                                                          \
    {#member, label, type, NULL, offsetof(struct rules_row, member), req, 0, 0}
static const struct rulebook_column common[] = {
    {"rule_id", "规则编号", RULEBOOK_TEXT, NULL, offsetof(struct rules_row, id), true, 0, 0},
    ROW_COL(source, "依据条款", RULEBOOK_TEXT, true),
    ROW_COL(confidence, "可信度", RULEBOOK_CONFIDENCE, true),
    ROW_COL(effective_from, "生效日期", RULEBOOK_DATE, false),
    ROW_COL(effective_to, "失效日期", RULEBOOK_DATE, false),
};

#define C(st, member, label, type, table, req)                                                     \
    {#member, label, type, table, offsetof(struct st, member), req, 0, 0}
#define CN(st, name, member, label, type, table, req)                                              \
    {name, label, type, table, offsetof(struct st, member), req, 0, 0}
#define I(st, member, label, lo, hi)                                                               \
    {#member, label, RULEBOOK_INT, NULL, offsetof(struct st, member), true, lo, hi}
#define B(st, member, label) {#member, label, RULEBOOK_BOOL, NULL, offsetof(struct st, member), true, 0, 0}

static const struct rulebook_column rank_step_cols[] = {
    C(rules_rank_step, target_rank, "晋升职级", RULEBOOK_CODE, "rank", true),
    C(rules_rank_step, from_rank, "须任职级", RULEBOOK_CODE, "rank", false),
    C(rules_rank_step, from_post_level, "或任职务层次", RULEBOOK_CODE, "post_level", false),
    I(rules_rank_step, months, "任职年限（月）", 0, RULEBOOK_MONTHS_MAX),
};
static const struct rulebook_column grade_counting_cols[] = {
    I(rules_grade_counting, excellent_reduction_months, "每个优秀年度缩短（月）", 0, 24),
    I(rules_grade_counting, excellent_reduction_cap, "缩短上限（月，0 为不限）", 0,
      RULEBOOK_MONTHS_MAX),
    C(rules_grade_counting, not_counted_grades, "不计算年限的考核等次", RULEBOOK_CODES, "grade",
      false),
    I(rules_grade_counting, year_min_months, "计入年度的最少月数", 1, 12),
    B(rules_grade_counting, excellent_for_posts, "优秀缩短也适用于领导职务"),
    B(rules_grade_counting, merge_equivalent, "职级与相当职务年限合并计算"),
    B(rules_grade_counting, concurrent_posts_count, "兼任职务计入任职年限"),
};
static const struct rulebook_column post_step_cols[] = {
    C(rules_post_step, target_level, "晋升职务层次", RULEBOOK_CODE, "post_level", true),
    C(rules_post_step, from_level, "须任职务层次", RULEBOOK_CODE, "post_level", true),
    I(rules_post_step, months, "任职年限（月）", 0, RULEBOOK_MONTHS_MAX),
};
static const struct rulebook_column post_breadth_cols[] = {
    C(rules_post_breadth, target_levels, "适用职务层次", RULEBOOK_CODES, "post_level", true),
    C(rules_post_breadth, levels, "下一级职务层次", RULEBOOK_CODES, "post_level", true),
    I(rules_post_breadth, min_posts, "至少任职岗位数", 0, 10),
};
static const struct rulebook_column post_first_cols[] = {
    C(rules_post_first, target_levels, "适用职务层次", RULEBOOK_CODES, "post_level", true),
    I(rules_post_first, work_months, "工龄（月）", 0, RULEBOOK_MONTHS_MAX),
    I(rules_post_first, grassroots_months, "基层工作经历（月）", 0, RULEBOOK_MONTHS_MAX),
};
static const struct rulebook_column education_cols[] = {
    C(rules_education, target_levels, "适用职务层次", RULEBOOK_CODES, "post_level", true),
    C(rules_education, min_education, "最低学历", RULEBOOK_CODE, "education", true),
};
static const struct rulebook_column party_age_cols[] = {
    CN(rules_party_age, "party_post", post, "党内职务", RULEBOOK_PARTY_POST, NULL, true),
    I(rules_party_age, months, "党龄（月）", 0, RULEBOOK_MONTHS_MAX),
    I(rules_party_age, probation_months, "预备期（月）", 0, 24),
};
static const struct rulebook_column training_cols[] = {
    B(rules_training, upper, "适用于县处级及以上"),
    C(rules_training, min_post_level, "分界职务层次", RULEBOOK_CODE, "post_level", true),
    C(rules_training, min_rank, "分界职级", RULEBOOK_CODE, "rank", true),
    I(rules_training, hours, "学时", 0, 5000),
    I(rules_training, window_months, "计算期间（月）", 1, 120),
};
static const struct rulebook_column block_cols[] = {
    C(rules_block, kind, "处分或处理类别", RULEBOOK_CODE, "punishment", true),
    I(rules_block, months, "影响期（月）", 0, 120),
    B(rules_block, permanent, "永久（无期限）"),
};
static const struct rulebook_column combination_cols[] = {
    C(rules_block_combination, category, "类别", RULEBOOK_TEXT, "Z,D,O", true),
    B(rules_block_combination, combine, "合并计算"),
    B(rules_block_combination, same_kind_sum, "同种处分合并至总和"),
    I(rules_block_combination, cap_months, "合并上限（月）", 0, 120),
};
static const struct rulebook_column bar_cols[] = {
    B(rules_bar, for_ranks, "适用于职级晋升"),
    B(rules_bar, for_posts, "适用于职务晋升"),
    C(rules_bar, grades, "触发的考核等次", RULEBOOK_CODES, "grade", false),
};
static const struct rulebook_column retirement_cols[] = {
    CN(rules_retirement, "person_group", group, "人员类别", RULEBOOK_TEXT,
       "male,female_cadre,female_worker,female_county", true),
    C(rules_retirement, birth_from, "出生年月起", RULEBOOK_MONTH, NULL, false),
    C(rules_retirement, birth_to, "出生年月止", RULEBOOK_MONTH, NULL, false),
    I(rules_retirement, age_months, "退休年龄（月）", 480, 900),
};
static const struct rulebook_column tenure_cols[] = {
    C(rules_tenure_limit, kind, "类别", RULEBOOK_TEXT, "term,same_post,same_level", true),
    I(rules_tenure_limit, months, "年限（月）", 1, RULEBOOK_MONTHS_MAX),
};
static const struct rulebook_column age_ceiling_cols[] = {
    C(rules_age_ceiling, target, "职级或职务层次", RULEBOOK_TARGET, NULL, true),
    I(rules_age_ceiling, max_age_months, "年龄上限（月）", 216, 900),
};
static const struct rulebook_column lowest_rank_cols[] = {
    C(rules_lowest_rank, post_level, "职务层次", RULEBOOK_CODE, "post_level", true),
    C(rules_lowest_rank, rank, "最低职级", RULEBOOK_CODE, "rank", true),
};
static const struct rulebook_column check_cols[] = {
    I(rules_check, value, "参数", 0, 10000),
};

/* The settings table stores the switches of struct rules that are not rows
 * (female_county_at_60); its own struct, private to this file. */
struct rulebook_setting {
    struct rules_row row;
    const char *key;
    int value;
};
static const struct rulebook_column setting_cols[] = {
    C(rulebook_setting, key, "开关", RULEBOOK_TEXT, "female_county_at_60", true),
    I(rulebook_setting, value, "取值（1 是，0 否）", 0, 1),
};

#define T(api, label, art, st, cols, ids, arr, cnt)                                                \
    {api,                                                                                          \
     "rule_" api,                                                                                  \
     label,                                                                                        \
     art,                                                                                          \
     sizeof(struct st),                                                                            \
     cols,                                                                                         \
     COUNT(cols),                                                                                  \
     ids,                                                                                          \
     offsetof(struct rules, arr),                                                                  \
     offsetof(struct rules, cnt)}
static const struct rulebook_table tables[] = {
    T("rank_step", "职级晋升任职年限", "§1.3", rules_rank_step, rank_step_cols, NULL, rank_steps,
      rank_step_count),
    T("grade_counting", "年度考核等次的计算", "§1.4", rules_grade_counting, grade_counting_cols,
      NULL, grade_counting, grade_counting_count),
    T("post_step", "领导职务晋升任职年限", "§2.1(3)", rules_post_step, post_step_cols, NULL,
      post_steps, post_step_count),
    T("post_breadth", "下一级岗位任职经历", "§2.1(2)", rules_post_breadth, post_breadth_cols,
      NULL, post_breadth, post_breadth_count),
    T("post_first", "首次任县处级职务的工龄与基层经历", "§2.1(1)", rules_post_first,
      post_first_cols, NULL, post_first, post_first_count),
    T("education", "学历要求", "§2.1(4)", rules_education, education_cols, NULL, education,
      education_count),
    T("party_age", "党内职务的党龄", "§2.6", rules_party_age, party_age_cols, NULL, party_age,
      party_age_count),
    T("training", "培训学时", "§5", rules_training, training_cols, NULL, training,
      training_count),
    T("block", "处分与组织处理影响期", "§3", rules_block, block_cols, NULL, blocks, block_count),
    T("block_combination", "影响期合并计算", "§3", rules_block_combination, combination_cols,
      NULL, combinations, combination_count),
    T("bar", "不得列为考察对象等情形", "§2.3 §4", rules_bar, bar_cols,
      "vet.grade,vet.emigrated,grade.next_year", bars, bar_count),
    T("retirement", "退休年龄（渐进式延迟）", "§9", rules_retirement, retirement_cols, NULL,
      retirement, retirement_count),
    T("tenure_limit", "任期与同一职位年限", "§9", rules_tenure_limit, tenure_cols, NULL,
      tenure_limits, tenure_limit_count),
    T("age_ceiling", "本地年龄上限", "§9", rules_age_ceiling, age_ceiling_cols, NULL,
      age_ceilings, age_ceiling_count),
    T("lowest_rank", "职务对应的最低职级", "§1.2", rules_lowest_rank, lowest_rank_cols, NULL,
      lowest_ranks, lowest_rank_count),
    T("check", "档案审核（三龄两历、回避）", "§6 §9", rules_check, check_cols,
      "check.missing,check.id_number,check.birth_id,check.gender_id,check.party_age,"
      "check.work_age,check.fulltime_after_work,check.career_gap,check.rank_overlap,"
      "check.post_overlap,check.avoidance.same_unit,check.avoidance.function",
      checks, check_count),
    {"setting", "rule_setting", "规则开关", "§9", sizeof(struct rulebook_setting), setting_cols,
     COUNT(setting_cols), NULL, NO_ARRAY, NO_ARRAY},
};

const struct rulebook_table *rulebook_tables(size_t *n)
{
    *n = COUNT(tables);
    return tables;
}

const struct rulebook_table *rulebook_table_find(const char *name)
{
    for (size_t i = 0; name && i < COUNT(tables); i++)
        if (strcmp(tables[i].name, name) == 0)
            return &tables[i];
    return NULL;
}

const struct rulebook_column *rulebook_common_columns(size_t *n)
{
    *n = COUNT(common);
    return common;
}

const struct rulebook_column *rulebook_column_find(const struct rulebook_table *t,
                                                   const char *name)
{
    for (size_t i = 0; name && i < COUNT(common); i++)
        if (strcmp(common[i].name, name) == 0)
            return &common[i];
    for (size_t i = 0; name && i < t->ncolumns; i++)
        if (strcmp(t->columns[i].name, name) == 0)
            return &t->columns[i];
    return NULL;
}

/* The i-th column of `t`, the common five first. */
static const struct rulebook_column *column_at(const struct rulebook_table *t, size_t i)
{
    return i < COUNT(common) ? &common[i] : &t->columns[i - COUNT(common)];
}

static size_t column_count(const struct rulebook_table *t)
{
    return COUNT(common) + t->ncolumns;
}

/* ---- values ------------------------------------------------------------ */

static void *member(const struct rulebook_column *c, void *rule)
{
    return (char *)rule + c->offset;
}

static const void *cmember(const struct rulebook_column *c, const void *rule)
{
    return (const char *)rule + c->offset;
}

static const char *const confidence_names[] = {"LAW", "TXT", "ONE", "REC"};
static const struct {
    enum rules_party_post post;
    const char *name, *label;
} party_posts[] = {
    {RULES_PARTY_BRANCH_SECRETARY, "branch", "党支部书记"},
    {RULES_PARTY_COUNTY_COMMITTEE, "county", "县级党委委员"},
    {RULES_PARTY_CITY_COMMITTEE, "city", "省、设区的市党委委员"},
};

/* Labels of the values TEXT columns allow (their `code_table` lists) and
 * of the confidence levels (RULES.md: how sure we are of a rule's text). */
static const struct rulebook_choice choice_labels[] = {
    {"male", "男"},
    {"female_cadre", "女干部"},
    {"female_worker", "女工人"},
    {"female_county", "县处级女干部"},
    {"term", "任期"},
    {"same_post", "同一职位任职"},
    {"same_level", "同一职务层次任职"},
    {"Z", "政务处分"},
    {"D", "党纪处分"},
    {"O", "组织处理"},
    {"female_county_at_60", "县处级女干部 60 岁退休"},
    {"LAW", "法律原文"},
    {"TXT", "规定原文"},
    {"ONE", "单一来源"},
    {"REC", "待核实"},
};

static const char *fixed_label(const char *value)
{
    for (size_t i = 0; i < COUNT(choice_labels); i++)
        if (strcmp(value, choice_labels[i].value) == 0)
            return choice_labels[i].label;
    return NULL;
}

const char *rulebook_choice_label(const struct rulebook_column *c, const char *value)
{
    if (!value)
        return NULL;
    switch (c->type) {
    case RULEBOOK_CODE:
    case RULEBOOK_CODES:
        return c->code_table ? codes_label(c->code_table, value) : NULL;
    case RULEBOOK_PARTY_POST:
        for (size_t i = 0; i < COUNT(party_posts); i++)
            if (strcmp(value, party_posts[i].name) == 0)
                return party_posts[i].label;
        return NULL;
    case RULEBOOK_CONFIDENCE:
        return fixed_label(value);
    case RULEBOOK_TARGET: {
        /* Stored as the bare code; rank and post level codes differ. */
        const char *label = codes_label("rank", value);
        return label ? label : codes_label("post_level", value);
    }
    case RULEBOOK_TEXT:
        return c->code_table && rules_list_has(c->code_table, value) ? fixed_label(value) : NULL;
    default:
        return NULL;
    }
}

struct rulebook_choice *rulebook_choices(const struct rulebook_column *c, struct arena *a,
                                         size_t *n)
{
    struct rulebook_choice *out = NULL;
    *n = 0;
    if (c->type == RULEBOOK_CODE || c->type == RULEBOOK_CODES) {
        const struct code_table *t = c->code_table ? codes_table(c->code_table) : NULL;
        if (!t)
            return NULL;
        out = arena_calloc(a, t->count ? t->count : 1, sizeof *out);
        for (size_t i = 0; i < t->count; i++)
            out[(*n)++] = (struct rulebook_choice){t->codes[i].code, t->codes[i].label};
    } else if (c->type == RULEBOOK_PARTY_POST) {
        out = arena_calloc(a, COUNT(party_posts), sizeof *out);
        for (size_t i = 0; i < COUNT(party_posts); i++)
            out[(*n)++] = (struct rulebook_choice){party_posts[i].name, party_posts[i].label};
    } else if (c->type == RULEBOOK_CONFIDENCE) {
        out = arena_calloc(a, COUNT(confidence_names), sizeof *out);
        for (size_t i = 0; i < COUNT(confidence_names); i++)
            out[(*n)++] = (struct rulebook_choice){confidence_names[i],
                                                   fixed_label(confidence_names[i])};
    } else if (c->type == RULEBOOK_TEXT && c->code_table) {
        size_t count = 1;
        for (const char *p = c->code_table; *p; p++)
            count += *p == ',';
        out = arena_calloc(a, count, sizeof *out);
        for (const char *p = c->code_table; *p;) {
            size_t len = strcspn(p, ",");
            char *value = arena_strndup(a, p, len);
            const char *label = fixed_label(value);
            out[(*n)++] = (struct rulebook_choice){value, label ? label : value};
            p += len + (p[len] == ',');
        }
    }
    return out;
}

const char *rulebook_get_text(const struct rulebook_column *c, const void *rule, struct arena *a)
{
    const void *p = cmember(c, rule);
    char buf[16];
    switch (c->type) {
    case RULEBOOK_TEXT:
    case RULEBOOK_CODE:
    case RULEBOOK_CODES:
    case RULEBOOK_TARGET:
        return *(const char *const *)p;
    case RULEBOOK_INT:
        return arena_sprintf(a, "%d", *(const int *)p);
    case RULEBOOK_BOOL:
        return *(const bool *)p ? "1" : "0";
    case RULEBOOK_DATE:
    case RULEBOOK_MONTH: {
        struct date d = *(const struct date *)p;
        if (date_is_none(d))
            return NULL;
        if (c->type == RULEBOOK_MONTH)
            d.day = 0;
        return arena_strdup(a, date_format_iso(d, buf));
    }
    case RULEBOOK_CONFIDENCE: {
        enum rules_confidence v = *(const enum rules_confidence *)p;
        return (size_t)v < COUNT(confidence_names) ? confidence_names[v] : "REC";
    }
    case RULEBOOK_PARTY_POST: {
        enum rules_party_post v = *(const enum rules_party_post *)p;
        for (size_t i = 0; i < COUNT(party_posts); i++)
            if (party_posts[i].post == v)
                return party_posts[i].name;
        return NULL;
    }
    }
    return NULL;
}

/* Each item of comma list `text` ("3,4" or "基本称职，不称职") as codes of
 * `table`, joined by ","; NULL with a message on failure. */
static const char *parse_codes(const struct rulebook_column *c, const char *text, struct arena *a,
                               struct field_errors *fe)
{
    const struct code_table *t = codes_table(c->code_table);
    struct strbuf sb = STRBUF_INIT;
    char *copy = arena_strdup(a, text);
    /* "，" (U+FF0C) and "、" separate as well as ",". */
    for (char *p = copy; *p; p++) {
        if (strncmp(p, "\xEF\xBC\x8C", 3) == 0 || strncmp(p, "\xE3\x80\x81", 3) == 0) {
            memset(p, ' ', 3);
            *p = ',';
        }
    }
    const char *result = NULL;
    bool ok = true;
    char *save = NULL;
    for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        while (*item == ' ')
            item++;
        char *end = item + strlen(item);
        while (end > item && end[-1] == ' ')
            *--end = '\0';
        if (!*item)
            continue;
        const struct code *code = t ? codes_find(t, item) : NULL;
        if (!code) {
            field_errors_add(fe, c->name, "%s中的“%s”不是有效的代码", c->label, item);
            ok = false;
            break;
        }
        strbuf_printf(&sb, "%s%s", sb.len ? "," : "", code->code);
    }
    if (ok && sb.len)
        result = arena_strdup(a, strbuf_str(&sb));
    else if (ok)
        field_errors_add(fe, c->name, "%s不能为空", c->label);
    strbuf_release(&sb);
    return result;
}

static bool in_list(const char *list, const char *value)
{
    return rules_list_has(list, value);
}

int rulebook_set_text(const struct rulebook_column *c, void *rule, const char *text,
                      struct arena *a, struct field_errors *fe)
{
    void *p = member(c, rule);
    bool empty = text == NULL || *text == '\0';
    if (!empty && strlen(text) > RULEBOOK_TEXT_MAX) {
        field_errors_add(fe, c->name, "%s过长（最多 %d 字节）", c->label, RULEBOOK_TEXT_MAX);
        return ERR_INVALID;
    }
    switch (c->type) {
    case RULEBOOK_TEXT:
        if (!empty && c->code_table && !in_list(c->code_table, text)) {
            field_errors_add(fe, c->name, "%s应为以下之一：%s", c->label, c->code_table);
            return ERR_INVALID;
        }
        *(const char **)p = empty ? NULL : arena_strdup(a, text);
        return 0;
    case RULEBOOK_CODE: {
        if (empty) {
            *(const char **)p = NULL;
            return 0;
        }
        const struct code_table *t = codes_table(c->code_table);
        const struct code *code = t ? codes_find(t, text) : NULL;
        if (!code) {
            field_errors_add(fe, c->name, "%s“%s”不是有效的代码", c->label, text);
            return ERR_INVALID;
        }
        *(const char **)p = arena_strdup(a, code->code);
        return 0;
    }
    case RULEBOOK_CODES: {
        if (empty) {
            *(const char **)p = NULL;
            return 0;
        }
        const char *codes = parse_codes(c, text, a, fe);
        if (!codes)
            return ERR_INVALID;
        *(const char **)p = codes;
        return 0;
    }
    case RULEBOOK_TARGET: {
        if (empty) {
            *(const char **)p = NULL;
            return 0;
        }
        const struct code *code = codes_find(codes_table("rank"), text);
        if (!code)
            code = codes_find(codes_table("post_level"), text);
        if (!code) {
            field_errors_add(fe, c->name, "%s“%s”既不是职级也不是职务层次", c->label, text);
            return ERR_INVALID;
        }
        *(const char **)p = arena_strdup(a, code->code);
        return 0;
    }
    case RULEBOOK_INT: {
        if (empty) {
            field_errors_add(fe, c->name, "%s不能为空", c->label);
            return ERR_INVALID;
        }
        char *end;
        errno = 0;
        long v = strtol(text, &end, 10);
        if (errno || *end || end == text) {
            field_errors_add(fe, c->name, "%s应为整数", c->label);
            return ERR_INVALID;
        }
        if (v < c->min || v > c->max) {
            field_errors_add(fe, c->name, "%s应在 %d 到 %d 之间", c->label, c->min, c->max);
            return ERR_INVALID;
        }
        *(int *)p = (int)v;
        return 0;
    }
    case RULEBOOK_BOOL:
        if (!empty && (!strcmp(text, "1") || !strcmp(text, "true") || !strcmp(text, "是"))) {
            *(bool *)p = true;
            return 0;
        }
        if (!empty && (!strcmp(text, "0") || !strcmp(text, "false") || !strcmp(text, "否"))) {
            *(bool *)p = false;
            return 0;
        }
        field_errors_add(fe, c->name, "%s应为 true 或 false", c->label);
        return ERR_INVALID;
    case RULEBOOK_DATE:
    case RULEBOOK_MONTH: {
        struct date d = DATE_NONE;
        if (!empty && date_parse_iso(text, &d) != 0) {
            field_errors_add(fe, c->name, "%s应为 %s 格式的日期", c->label,
                             c->type == RULEBOOK_MONTH ? "YYYY-MM" : "YYYY-MM-DD 或 YYYY-MM");
            return ERR_INVALID;
        }
        if (c->type == RULEBOOK_MONTH && !empty)
            d.day = 0;
        *(struct date *)p = d;
        return 0;
    }
    case RULEBOOK_CONFIDENCE:
        for (size_t i = 0; !empty && i < COUNT(confidence_names); i++) {
            const char *n = confidence_names[i];
            if (!strcmp(text, n) || (text[0] == '[' && !strncmp(text + 1, n, 3) &&
                                     !strcmp(text + 4, "]"))) {
                *(enum rules_confidence *)p = (enum rules_confidence)i;
                return 0;
            }
        }
        field_errors_add(fe, c->name, "%s应为 LAW、TXT、ONE 或 REC", c->label);
        return ERR_INVALID;
    case RULEBOOK_PARTY_POST:
        for (size_t i = 0; !empty && i < COUNT(party_posts); i++)
            if (!strcmp(text, party_posts[i].name) || !strcmp(text, party_posts[i].label)) {
                *(enum rules_party_post *)p = party_posts[i].post;
                return 0;
            }
        field_errors_add(fe, c->name, "%s应为 branch（党支部书记）、county（县级党委委员）或 "
                                      "city（省、设区的市党委委员）",
                         c->label);
        return ERR_INVALID;
    }
    return ERR_INVALID;
}

static bool is_set(const struct rulebook_column *c, const void *rule)
{
    const void *p = cmember(c, rule);
    switch (c->type) {
    case RULEBOOK_TEXT:
    case RULEBOOK_CODE:
    case RULEBOOK_CODES:
    case RULEBOOK_TARGET:
        return *(const char *const *)p != NULL;
    case RULEBOOK_DATE:
    case RULEBOOK_MONTH:
        return !date_is_none(*(const struct date *)p);
    case RULEBOOK_PARTY_POST:
        return *(const enum rules_party_post *)p != RULES_PARTY_NONE;
    default:
        return true;
    }
}

/* a < b, a month counting as its first day: rules_row_in_force reads an
 * effective month so. */
static bool before(struct date a, struct date b)
{
    return date_compare_at(a, b, DATE_PRECISION_DAY) < 0;
}

int rulebook_validate(const struct rulebook_table *t, const void *rule, struct field_errors *fe)
{
    size_t before_count = fe->count;
    for (size_t i = 0; i < column_count(t); i++) {
        const struct rulebook_column *c = column_at(t, i);
        if (c->required && !is_set(c, rule) && !field_errors_has(fe, c->name))
            field_errors_add(fe, c->name, "%s不能为空", c->label);
    }
    const struct rules_row *row = rule;
    if (row->id && t->rule_ids && !in_list(t->rule_ids, row->id) &&
        !field_errors_has(fe, "rule_id"))
        field_errors_add(fe, "rule_id", "本表的规则编号只能是：%s（程序按编号执行）", t->rule_ids);
    if (!date_is_none(row->effective_from) && !date_is_none(row->effective_to) &&
        before(row->effective_to, row->effective_from) && !field_errors_has(fe, "effective_to"))
        field_errors_add(fe, "effective_to", "失效日期不能早于生效日期");
    if (strcmp(t->name, "retirement") == 0) {
        const struct rules_retirement *r = rule;
        if (!date_is_none(r->birth_from) && !date_is_none(r->birth_to) &&
            before(r->birth_to, r->birth_from) && !field_errors_has(fe, "birth_to"))
            field_errors_add(fe, "birth_to", "出生年月止不能早于出生年月起");
    } else if (strcmp(t->name, "rank_step") == 0) {
        const struct rules_rank_step *r = rule;
        if (!r->from_rank && !r->from_post_level && !field_errors_has(fe, "from_rank"))
            field_errors_add(fe, "from_rank", "须任职级与或任职务层次至少填写一项");
    }
    return fe->count > before_count ? ERR_INVALID : 0;
}

void *rulebook_new_rule(const struct rulebook_table *t, struct arena *a)
{
    void *rule = arena_calloc(a, 1, t->struct_size);
    struct rules_row *row = rule;
    row->confidence = RULES_REC;
    row->effective_from = DATE_NONE;
    row->effective_to = DATE_NONE;
    if (strcmp(t->name, "retirement") == 0) {
        struct rules_retirement *r = rule;
        r->birth_from = DATE_NONE;
        r->birth_to = DATE_NONE;
    }
    return rule;
}

/* ---- SQL --------------------------------------------------------------- */

static const char *column_list(const struct rulebook_table *t, struct arena *a)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < column_count(t); i++)
        strbuf_printf(&sb, "%s%s", i ? ", " : "", column_at(t, i)->name);
    const char *s = arena_strdup(a, strbuf_str(&sb));
    strbuf_release(&sb);
    return s;
}

static void bind_rule(struct db_stmt *st, const struct rulebook_table *t, const void *rule,
                      struct arena *a)
{
    for (size_t i = 0; i < column_count(t); i++) {
        const struct rulebook_column *c = column_at(t, i);
        int k = (int)i + 1;
        if (c->type == RULEBOOK_INT)
            db_bind_int(st, k, *(const int *)cmember(c, rule));
        else if (c->type == RULEBOOK_BOOL)
            db_bind_int(st, k, *(const bool *)cmember(c, rule) ? 1 : 0);
        else
            db_bind_text(st, k, rulebook_get_text(c, rule, a));
    }
}

/* Reads columns 1.. of the current row (column 0 is the id) into `rule`. A
 * stored value that no longer parses (a code table changed) is logged by
 * the caller's validation later; it is read as unset here. */
static void read_rule(struct db_stmt *st, const struct rulebook_table *t, void *rule,
                      struct arena *a)
{
    struct field_errors scratch;
    field_errors_init(&scratch, a);
    for (size_t i = 0; i < column_count(t); i++) {
        const struct rulebook_column *c = column_at(t, i);
        int col = (int)i + 1;
        if (c->type == RULEBOOK_INT)
            *(int *)member(c, rule) = (int)db_column_int(st, col);
        else if (c->type == RULEBOOK_BOOL)
            *(bool *)member(c, rule) = db_column_int(st, col) != 0;
        else if (c->type == RULEBOOK_TEXT || c->type == RULEBOOK_CODE ||
                 c->type == RULEBOOK_CODES || c->type == RULEBOOK_TARGET)
            /* Stored codes are canonical already: no lookup per row. */
            *(const char **)member(c, rule) = arena_strdup(a, db_column_text(st, col));
        else
            rulebook_set_text(c, rule, db_column_text(st, col), a, &scratch);
    }
}

/* SELECT of every row of `t` with its confirmation: the id, the columns
 * in column order, then confirmed_by_name and confirmed_at. */
static const char *select_rows(const struct rulebook_table *t, struct arena *a)
{
    return arena_sprintf(a,
                         "SELECT r.id, %s, c.confirmed_by_name, c.confirmed_at FROM %s r "
                         "LEFT JOIN rule_confirmation c ON c.rule_table = '%s' AND c.row_id = r.id",
                         column_list(t, a), t->sql, t->sql);
}

/* The current row of a select_rows statement into `out`. */
static void read_row(struct db_stmt *st, const struct rulebook_table *t, struct rulebook_row *out,
                     struct arena *a)
{
    int n = (int)column_count(t);
    out->id = db_column_int(st, 0);
    out->rule = rulebook_new_rule(t, a);
    read_rule(st, t, out->rule, a);
    out->confirmed_by = arena_strdup(a, db_column_text(st, n + 1));
    out->confirmed_at = arena_strdup(a, db_column_text(st, n + 2));
    ((struct rules_row *)out->rule)->confirmed = out->confirmed_at != NULL;
}

int rulebook_list(struct db *db, const struct rulebook_table *t, struct arena *a,
                  struct rulebook_row **rows, size_t *n)
{
    *rows = NULL;
    *n = 0;
    const char *sql = arena_sprintf(a, "%s ORDER BY r.id", select_rows(t, a));
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    size_t cap = 16, count = 0;
    struct rulebook_row *out = arena_calloc(a, cap, sizeof *out);
    while ((rc = db_step(st)) == DB_ROW) {
        if (count == cap) {
            struct rulebook_row *more = arena_calloc(a, cap * 2, sizeof *out);
            memcpy(more, out, count * sizeof *out);
            out = more;
            cap *= 2;
        }
        read_row(st, t, &out[count], a);
        count++;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    *rows = out;
    *n = count;
    return 0;
}

int rulebook_get(struct db *db, const struct rulebook_table *t, long long id, struct arena *a,
                 struct rulebook_row *out)
{
    const char *sql = arena_sprintf(a, "%s WHERE r.id = ?", select_rows(t, a));
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st);
    if (rc == DB_ROW)
        read_row(st, t, out, a);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return rc == DB_ROW ? 0 : ERR_NOT_FOUND;
}

int rulebook_insert(struct db *db, const struct rulebook_table *t, struct rulebook_row *row)
{
    struct arena *a = arena_new();
    struct strbuf sb = STRBUF_INIT;
    strbuf_printf(&sb, "INSERT INTO %s (%s) VALUES (", t->sql, column_list(t, a));
    for (size_t i = 0; i < column_count(t); i++)
        strbuf_puts(&sb, i ? ", ?" : "?");
    strbuf_puts(&sb, ")");
    struct db_stmt *st;
    int rc = db_prepare(db, strbuf_str(&sb), &st);
    strbuf_release(&sb);
    if (rc == 0) {
        bind_rule(st, t, row->rule, a);
        rc = db_step(st);
        db_finalize(st);
        if (rc >= 0) {
            row->id = db_last_insert_id(db);
            rc = qualify_data_bump(db);
        }
    }
    arena_free(a);
    return rc;
}

/* Whether any column of `x` and `y` differs, compared as stored text. */
static bool values_differ(const struct rulebook_table *t, const void *x, const void *y,
                          struct arena *a)
{
    for (size_t i = 0; i < column_count(t); i++) {
        const char *u = rulebook_get_text(column_at(t, i), x, a);
        const char *v = rulebook_get_text(column_at(t, i), y, a);
        if ((u == NULL) != (v == NULL) || (u && strcmp(u, v) != 0))
            return true;
    }
    return false;
}

/* Withdraws the confirmation of row `id` when `rule` changes its values. */
static int unconfirm_if_changed(struct db *db, const struct rulebook_table *t, long long id,
                                const void *rule, struct arena *a)
{
    struct rulebook_row old;
    int rc = rulebook_get(db, t, id, a, &old);
    if (rc < 0 || old.confirmed_at == NULL || !values_differ(t, old.rule, rule, a))
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, "DELETE FROM rule_confirmation WHERE rule_table = ? AND row_id = ?",
                         &st)) < 0)
        return rc;
    db_bind_text(st, 1, t->sql);
    db_bind_int(st, 2, id);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int rulebook_confirm(struct db *db, const struct rulebook_table *t, long long id, long long user_id,
                     const char *user_name, const char *at)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO rule_confirmation (rule_table, row_id, confirmed_by, "
                        "confirmed_by_name, confirmed_at) VALUES (?, ?, ?, ?, ?)",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, t->sql);
    db_bind_int(st, 2, id);
    if (user_id > 0)
        db_bind_int(st, 3, user_id);
    else
        db_bind_null(st, 3);
    db_bind_text(st, 4, user_name ? user_name : "");
    db_bind_text(st, 5, at);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : qualify_data_bump(db);
}

int rulebook_update(struct db *db, const struct rulebook_table *t, const struct rulebook_row *row)
{
    struct arena *a = arena_new();
    int unconfirmed = unconfirm_if_changed(db, t, row->id, row->rule, a);
    if (unconfirmed < 0) {
        arena_free(a);
        return unconfirmed;
    }
    struct strbuf sb = STRBUF_INIT;
    strbuf_printf(&sb, "UPDATE %s SET ", t->sql);
    for (size_t i = 0; i < column_count(t); i++)
        strbuf_printf(&sb, "%s%s = ?", i ? ", " : "", column_at(t, i)->name);
    strbuf_puts(&sb, " WHERE id = ?");
    struct db_stmt *st;
    int rc = db_prepare(db, strbuf_str(&sb), &st);
    strbuf_release(&sb);
    if (rc == 0) {
        bind_rule(st, t, row->rule, a);
        db_bind_int(st, (int)column_count(t) + 1, row->id);
        rc = db_step(st);
        db_finalize(st);
        if (rc >= 0)
            rc = db_changes(db) == 0 ? ERR_NOT_FOUND : qualify_data_bump(db);
    }
    arena_free(a);
    return rc;
}

/* ---- seed and load ----------------------------------------------------- */

static const void *rules_array(const struct rules *r, const struct rulebook_table *t, size_t *n)
{
    *n = *(const size_t *)((const char *)r + t->count_offset);
    return *(const void *const *)((const char *)r + t->array_offset);
}

static int table_empty(struct db *db, const struct rulebook_table *t, bool *empty)
{
    struct arena *a = arena_new();
    long long any = 0;
    int rc = db_query_int(db, arena_sprintf(a, "SELECT count(*) FROM (SELECT 1 FROM %s LIMIT 1)",
                                            t->sql),
                          &any, 0);
    arena_free(a);
    *empty = any == 0;
    return rc;
}

/* The seeded settings row of female_county_at_60. */
static struct rulebook_setting seed_setting(const struct rules *seed)
{
    return (struct rulebook_setting){
        {"setting.female_county_at_60", "组通字〔2015〕14号（待核实）", RULES_REC, DATE_NONE,
         DATE_NONE},
        "female_county_at_60",
        seed->female_county_at_60 ? 1 : 0};
}

int rulebook_seed(struct db *db)
{
    const struct rules *seed = rules_seed();
    int rc = db_begin(db);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < COUNT(tables) && rc == 0; i++) {
        const struct rulebook_table *t = &tables[i];
        bool empty;
        if ((rc = table_empty(db, t, &empty)) < 0 || !empty)
            continue;
        if (t->array_offset == NO_ARRAY) {
            struct rulebook_setting s = seed_setting(seed);
            struct rulebook_row row = {0, &s};
            rc = rulebook_insert(db, t, &row);
            continue;
        }
        size_t n;
        const char *array = rules_array(seed, t, &n);
        for (size_t k = 0; k < n && rc == 0; k++) {
            struct rulebook_row row = {0, (void *)(array + k * t->struct_size)};
            rc = rulebook_insert(db, t, &row);
        }
    }
    if (rc < 0) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db);
}

int rulebook_load(struct db *db, struct arena *a, struct rules **out)
{
    struct rules *r = rules_copy(a, rules_seed());
    for (size_t i = 0; i < COUNT(tables); i++) {
        const struct rulebook_table *t = &tables[i];
        struct rulebook_row *rows;
        size_t n;
        int rc = rulebook_list(db, t, a, &rows, &n);
        if (rc < 0)
            return rc;
        if (t->array_offset == NO_ARRAY) {
            for (size_t k = 0; k < n; k++) {
                const struct rulebook_setting *s = rows[k].rule;
                if (s->key && strcmp(s->key, "female_county_at_60") == 0)
                    r->female_county_at_60 = s->value != 0;
            }
            continue;
        }
        char *array = n ? arena_alloc(a, n * t->struct_size) : NULL;
        for (size_t k = 0; k < n; k++)
            memcpy(array + k * t->struct_size, rows[k].rule, t->struct_size);
        *(const void **)((char *)r + t->array_offset) = array;
        *(size_t *)((char *)r + t->count_offset) = n;
    }
    *out = r;
    return 0;
}
