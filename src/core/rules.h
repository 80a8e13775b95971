/* rules.h — the qualification rule set as plain data (RULES.md §1–§5, §9):
 * every threshold a row with its rule id, source article, confidence and
 * effective dates, so that a store loads the same rows from tables and an
 * office can edit them. Each kind of row is described, like every record,
 * by a field table (fields.h: rules_tables). The seed is static; qualify.h
 * evaluates it. */
#ifndef CADRE_RULES_H
#define CADRE_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/fields.h"

struct arena;

/* How sure we are of a value (RULES.md "Confidence tags"). [LAW] and [TXT]
 * rows are plain defaults; [ONE] and [REC] rows are active too but flagged
 * "待本单位确认" (rules_needs_confirmation). */
enum rules_confidence { RULES_LAW, RULES_TXT, RULES_ONE, RULES_REC };

/* What every row carries. `effective_from`/`effective_to` are inclusive;
 * DATE_NONE means open at that end. A row applies on a day when it is in
 * force on that day (rules_row_in_force). */
struct rules_row {
    const char *id;     /* stable rule id, "rank.step.03" */
    const char *source; /* the article, as a Chinese citation */
    enum rules_confidence confidence;
    struct date effective_from, effective_to;
    bool confirmed; /* the office confirmed this [ONE]/[REC] row (store/rulebook.c) */
};

/* §1.3: promotion to `target_rank` needs `months` in `from_rank` or (when
 * set) in a post of `from_post_level` — the regulation's "or". */
struct rules_rank_step {
    struct rules_row row;
    const char *target_rank;     /* rank code, "03" */
    const char *from_rank;       /* rank code, or NULL */
    const char *from_post_level; /* post level code, or NULL */
    int months;
};

/* §1.4 and §4: how annual grades change a required period. */
struct rules_grade_counting {
    struct rules_row row;
    int excellent_reduction_months; /* 6: each 优秀 year in the period */
    int excellent_reduction_cap;    /* months; 0 = no cap ([ONE] pages say none) */
    const char *not_counted_grades; /* grade codes whose year is not counted: "3,4,5" */
    int year_min_months;            /* a year belongs to a period when at least this
                                       many of its months fall inside it ([REC], 6) */
    bool excellent_for_posts;       /* 优秀 shortens leadership-post waits too (false:
                                       Art.19 of 规定 speaks of 职级 only) */
    bool merge_equivalent;          /* "or": time in the rank and the equivalent post
                                       is merged into one period ([REC], true) */
    bool concurrent_posts_count;    /* 兼任 posts count as time at their level */
};

/* §2.1(3): a leadership post at `target_level` after `months` at
 * `from_level` (deputy → principal 24, lower principal → upper deputy 36). */
struct rules_post_step {
    struct rules_row row;
    const char *target_level;
    const char *from_level;
    int months;
};

/* §2.1(2): normally `min_posts` distinct posts at one of `levels` (comma
 * list of post level codes, the 级 below the target). */
struct rules_post_breadth {
    struct rules_row row;
    const char *target_levels; /* comma list */
    const char *levels;        /* comma list */
    int min_posts;
};

/* §2.1(1): the first post at one of `target_levels` (县处级) needs
 * `work_months` of 工龄 and `grassroots_months` of 基层工作经历. */
struct rules_post_first {
    struct rules_row row;
    const char *target_levels; /* comma list; "first" = no post at or above the
                                  lowest of these held before */
    int work_months;
    int grassroots_months;
};

/* §2.1(4): education at least `min_education` (education code) for posts
 * at `target_levels`. */
struct rules_education {
    struct rules_row row;
    const char *target_levels; /* comma list */
    const char *min_education; /* "31" 大学专科, "21" 大学本科 */
};

/* §2.6: the kinds of party post with a party-age rule. */
enum rules_party_post {
    RULES_PARTY_NONE = 0,
    RULES_PARTY_BRANCH_SECRETARY, /* 党支部书记 */
    RULES_PARTY_COUNTY_COMMITTEE, /* 县、不设区的市、市辖区委员会委员 */
    RULES_PARTY_CITY_COMMITTEE,   /* 省、设区的市、自治州委员会委员 */
};

struct rules_party_age {
    struct rules_row row;
    enum rules_party_post post;
    int months;           /* party age required */
    int probation_months; /* 预备期: party age runs from 转正, i.e. join + this */
};

/* §5: training hours in a window before the as-of date, for targets at or
 * above `min_post_level`/`min_rank` (or below them when `upper` is false). */
struct rules_training {
    struct rules_row row;
    bool upper;                 /* true: 县处级/四级调研员 and above */
    const char *min_post_level; /* "5B" */
    const char *min_rank;       /* "06" */
    int hours;                  /* 550 or 90 */
    int window_months;          /* 60 or 12 */
};

/* §3: a punishment or organisational handling blocks promotion for
 * `months` from its decision (the record's own effect_months wins when set). */
struct rules_block {
    struct rules_row row;
    const char *kind; /* punishment code, "Z01" */
    int months;
    bool permanent; /* 开除: no end */
};

/* §3: how several periods of one category combine. `category` is the code
 * prefix ("Z" 政务处分, "D" 党纪, "O" 组织处理). */
struct rules_block_combination {
    struct rules_row row;
    const char *category;
    bool combine;       /* false: each period runs on its own */
    bool same_kind_sum; /* decided at once, same kind: sum (the upper bound) */
    int cap_months;     /* 48 */
};

/* §2.3 and §4 bars that are not punishments; `id` picks the behaviour:
 * "vet.grade" (previous year 基本称职 or lower, posts), "vet.emigrated"
 * (spouse, or all children of the unmarried, emigrated; posts),
 * "grade.next_year" (基本称职/不称职 year → no 职级 promotion the next year). */
struct rules_bar {
    struct rules_row row;
    bool for_ranks, for_posts;
    const char *grades; /* grade codes that trigger it, "3,4" */
};

/* §9: retirement age by group and birth month. Groups: "male",
 * "female_cadre" (55 → 58), "female_worker" (50 → 55), "female_county"
 * (县处级 women at 60, [REC]). Rows are chosen by birth month alone: under the
 * 2024 decision a person's age is fixed by birth. */
struct rules_retirement {
    struct rules_row row;
    const char *group;
    struct date birth_from, birth_to; /* month precision, inclusive; NONE = open */
    int age_months;
};

/* §9: tenure alerts: "same_post" (rotation after N months in one post),
 * "same_level" (not re-appointed at a level after N months), "term" (a term). */
struct rules_tenure_limit {
    struct rules_row row;
    const char *kind;
    int months;
};

/* §9: local age ceilings ("处级 not promoted after 55"): no national rule,
 * so the seed is empty. `target` is a rank or post level code. */
struct rules_age_ceiling {
    struct rules_row row;
    const char *target;
    int max_age_months; /* barred once the age reaches this */
};

/* §1.2: the lowest rank a post level's holder normally has (Art.9). */
struct rules_lowest_rank {
    struct rules_row row;
    const char *post_level;
    const char *rank;
};

/* §6 record checks with their parameters: "check.party_age" (months of age
 * at party entry, 216), "check.work_age" (192), "check.career_gap" (a gap of
 * at least this many calendar months between records, 2). Checks without a
 * parameter have a row too, so each finding names its source. */
struct rules_check {
    struct rules_row row;
    int value;
};

/* The whole rule set: arrays the engine borrows. */
struct rules {
    const struct rules_rank_step *rank_steps;
    size_t rank_step_count;
    const struct rules_grade_counting *grade_counting;
    size_t grade_counting_count;
    const struct rules_post_step *post_steps;
    size_t post_step_count;
    const struct rules_post_breadth *post_breadth;
    size_t post_breadth_count;
    const struct rules_post_first *post_first;
    size_t post_first_count;
    const struct rules_education *education;
    size_t education_count;
    const struct rules_party_age *party_age;
    size_t party_age_count;
    const struct rules_training *training;
    size_t training_count;
    const struct rules_block *blocks;
    size_t block_count;
    const struct rules_block_combination *combinations;
    size_t combination_count;
    const struct rules_bar *bars;
    size_t bar_count;
    const struct rules_retirement *retirement;
    size_t retirement_count;
    bool female_county_at_60; /* use the "female_county" rows ([REC], configurable) */
    const struct rules_tenure_limit *tenure_limits;
    size_t tenure_limit_count;
    const struct rules_age_ceiling *age_ceilings;
    size_t age_ceiling_count;
    const struct rules_lowest_rank *lowest_ranks;
    size_t lowest_rank_count;
    const struct rules_check *checks;
    size_t check_count;
};

/* The seeded national rule set (static; never freed). */
const struct rules *rules_seed(void);

/* Returns a shallow copy of `src` in `a`, whose arrays the caller may
 * replace (a store loading edited rows, a test adding a row). Borrows `src`. */
struct rules *rules_copy(struct arena *a, const struct rules *src);

/* "[LAW]", "[TXT]", "[ONE]", "[REC]". */
const char *rules_confidence_tag(enum rules_confidence c);
/* True for [ONE] and [REC]: shown to users as "待本单位确认". */
bool rules_needs_confirmation(enum rules_confidence c);
/* True when `row` is [ONE]/[REC] and the office has not confirmed it. */
bool rules_row_needs_confirmation(const struct rules_row *row);

/* True when `row` is in force on `day` (inclusive range; open ends). */
bool rules_row_in_force(const struct rules_row *row, struct date day);

/* The lookups below return the row in force on `day` (the last one when
 * several are: later rows override earlier ones), or NULL. */
const struct rules_rank_step *rules_rank_step(const struct rules *r, const char *target_rank,
                                              struct date day);
const struct rules_grade_counting *rules_grade_counting_on(const struct rules *r, struct date day);
const struct rules_post_step *rules_post_step(const struct rules *r, const char *target_level,
                                              struct date day);
const struct rules_block *rules_block(const struct rules *r, const char *kind, struct date day);
const struct rules_block_combination *rules_combination(const struct rules *r, const char *category,
                                                        struct date day);
const struct rules_bar *rules_bar(const struct rules *r, const char *id, struct date day);
const struct rules_check *rules_check(const struct rules *r, const char *id, struct date day);
const struct rules_tenure_limit *rules_tenure_limit(const struct rules *r, const char *kind,
                                                    struct date day);
const struct rules_party_age *rules_party_age(const struct rules *r, enum rules_party_post post,
                                              struct date day);
const struct rules_lowest_rank *rules_lowest_rank(const struct rules *r, const char *post_level,
                                                  struct date day);

/* The retirement row for `group` and a birth month, or NULL. */
const struct rules_retirement *rules_retirement_row(const struct rules *r, const char *group,
                                                    struct date birth);

/* True when comma list `list` ("6A,6B") contains `code` exactly. */
bool rules_list_has(const char *list, const char *code);

/* ---- the rule tables as records ------------------------------------------ */

/* The switches of struct rules that are not rows (female_county_at_60),
 * stored as rows of their own table. */
struct rules_setting {
    struct rules_row row;
    const char *key;
    int value;
};

/* One table of rows (migration 0003: one STRICT table per row struct). */
struct rules_table {
    /* name: API name "rank_step"; label "职级晋升任职年限"; sql_table
     * "rule_rank_step"; the row struct's size; its fields, the five of
     * struct rules_row first (rule_id, source, confidence, effective_from,
     * effective_to); validate: the table's cross-field checks. */
    struct record_kind kind;
    const char *article;               /* the RULES.md section it encodes: "§1.3" */
    const char *rule_ids;              /* comma list of the only rule ids allowed (the engine
                                          picks behaviour by id), or NULL: any id */
    size_t array_offset, count_offset; /* of its array and count in struct
                                          rules; SIZE_MAX for the settings */
};

/* Every table, in RULES.md order; `*n` set. The settings table is last. */
const struct rules_table *rules_tables(size_t *n);
/* The table whose API name is `name`, or NULL. */
const struct rules_table *rules_table_find(const char *name);

/* A new zeroed row of `t` in `a` (dates open, confidence [REC]). */
void *rules_table_new_row(const struct rules_table *t, struct arena *a);

/* Checks a whole row: required fields, the rule id against t->rule_ids,
 * effective_to not before effective_from, birth_to not before birth_from,
 * a rank step with neither a rank nor a post below. Appends to `fe`;
 * returns 0 or ERR_INVALID. */
int rules_table_validate(const struct rules_table *t, const void *rule, struct field_errors *fe);

#endif
