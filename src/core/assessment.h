/* assessment.h — the arithmetic of an assessment round (考核, MISSION.md C;
 * RULES.md §4): scheme trees whose weights sum to 100 per level, scales,
 * rater groups with weights and trimmed means, composites with
 * renormalisation, ranks with a stable tie-break, proposed grades, the
 * overrides the regulation imposes, and the 优秀 quota. Pure: every input is
 * a parameter, nothing is read from a database, file or clock. */
#ifndef CADRE_ASSESSMENT_H
#define CADRE_ASSESSMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "util/err.h"

struct arena;

/* Grade codes of the `grade` code table (core/codes.c). */
#define ASSESSMENT_GRADE_EXCELLENT "1"   /* 优秀 */
#define ASSESSMENT_GRADE_COMPETENT "2"   /* 称职 */
#define ASSESSMENT_GRADE_BASIC "3"       /* 基本称职 */
#define ASSESSMENT_GRADE_INCOMPETENT "4" /* 不称职 */
#define ASSESSMENT_GRADE_UNGRADED "5"    /* 不定等次 */

/* A group's result is shown only when at least this many raters submitted
 * (fewer would let a reader guess who said what). */
#define ASSESSMENT_MIN_RATERS_SHOWN 3

/* At most this many rater groups and leaves per scheme: a sheet has one
 * column per leaf, and a fixed bound keeps results flat arrays. */
#define ASSESSMENT_MAX_GROUPS 16
#define ASSESSMENT_MAX_DIMENSIONS 64

/* How a leaf is scored. */
enum assessment_scale {
    ASSESSMENT_SCALE_SCORE = 0, /* a number 0–100 */
    ASSESSMENT_SCALE_LEVEL = 1, /* 优/良/中/差, mapped by the scheme's level_values */
};

/* Where a leaf's value comes from. */
enum assessment_source {
    ASSESSMENT_SOURCE_RATING = 0, /* each rater scores it (综合素质, 管理能力 ...) */
    ASSESSMENT_SOURCE_EXAM = 1,   /* one score per person (政治理论考试 ...) */
};

/* One node of a scheme tree. Nodes are stored parent first: `parent` is the
 * index of an earlier node, or -1 at the top. A node without children is a
 * leaf and carries a scale and a source; `weight` is its percentage of its
 * parent, and siblings' weights sum to 100. */
struct assessment_dimension {
    const char *name;
    int parent;
    double weight;
    enum assessment_scale scale;
    enum assessment_source source;
};

/* The four levels of ASSESSMENT_SCALE_LEVEL, in this order. */
#define ASSESSMENT_LEVELS 4
extern const char *const assessment_level_names[ASSESSMENT_LEVELS]; /* 优 良 中 差 */

struct assessment_scheme {
    const char *name;
    const struct assessment_dimension *dims; /* borrowed */
    size_t count;
    double level_values[ASSESSMENT_LEVELS]; /* 优 良 中 差 → 95 85 75 60 by default */
};

/* The default values of the 优/良/中/差 levels. */
void assessment_default_levels(double out[ASSESSMENT_LEVELS]);

/* Checks the tree: at least one node, names present and unique among
 * siblings, parents before children, weights in (0, 100] summing to 100
 * among siblings (to 0.01), level values within 0–100 and decreasing.
 * Problems go to `fe` with fields "dimensions[i].weight" and the like and
 * Chinese messages naming the node; returns 0 or ERR_INVALID. */
int assessment_scheme_validate(const struct assessment_scheme *s, struct field_errors *fe);

/* Fills `out[i]` with node i's share of the whole (the product of the
 * weights on its path, 0–100) for leaves, and 0 for inner nodes. The
 * scheme must be valid. Returns the number of leaves. */
size_t assessment_leaf_weights(const struct assessment_scheme *s, double *out);

/* True when node i has no children. */
bool assessment_is_leaf(const struct assessment_scheme *s, size_t i);

/* Reads one cell of leaf `leaf`: a number 0–100 on a score scale, or one of
 * 优/良/中/差 (also 优秀/良好/一般/较差) on a level scale. Empty text is
 * blank: *out = NAN and 0. Returns 0, or ERR_INVALID with a Chinese
 * reason in *why (static text). */
int assessment_scale_value(const struct assessment_scheme *s, size_t leaf, const char *text,
                           double *out, const char **why);

/* A rater group (测评主体: 领导, 同级, 下级, 本人 ...). Weights are
 * percentages that sum to 100 across the round's groups. An anonymous
 * group's ratings are 民主测评: stored without the rater's account. */
struct assessment_group {
    const char *name;
    double weight;
    bool anonymous;
};

/* The 优秀 quota (RULES.md §4): `pct` percent of those graded, rounded
 * down; above 20 only with approval (`approved`), and never above
 * `max_pct` (25). Counted per organ or, with `per_unit`, per unit; per
 * unit, a unit's performance grade (1 优秀 .. 4 较差) moves its pct by
 * `unit_grade_delta[grade - 1]` points, clamped to 0..max_pct. */
struct assessment_quota {
    int pct;
    int max_pct;
    bool approved;
    bool per_unit;
    int unit_grade_delta[4];
};

/* 20 %, 25 % ceiling, not approved, per organ, deltas +5 / 0 / −5 / −10. */
void assessment_default_quota(struct assessment_quota *q);

/* Checks the quota: pct in 0..20 (0..max_pct with approval), max_pct at most
 * 25. Fields "quota.pct", "quota.max_pct". Returns 0 or ERR_INVALID. */
int assessment_quota_validate(const struct assessment_quota *q, struct field_errors *fe);

/* The number of 优秀 allowed among `graded` people at `pct` percent:
 * floor(graded × pct / 100) in integers (20 % of 7 is 1, of 10 is 2). */
int assessment_quota_count(int graded, int pct);

/* The pct of a unit pool whose performance grade is `unit_grade` (0 = none,
 * 1..4), per the table of `q`. */
int assessment_quota_pct_for_unit(const struct assessment_quota *q, int unit_grade);

/* Everything a round's computation needs besides the ratings. */
struct assessment_config {
    const struct assessment_scheme *scheme;
    const struct assessment_group *groups;
    size_t group_count;
    int trim_min_n;       /* trim when a group has at least this many raters (5) */
    int trim_drop;        /* drop this many highest and as many lowest (1); 0 = plain mean */
    double thresholds[3]; /* lower bounds of 优秀, 称职, 基本称职 (90, 75, 60) */
    struct assessment_quota quota;
};

/* Defaults for everything but scheme and groups (left NULL/0). */
void assessment_default_config(struct assessment_config *c);

/* Checks group names and weights (sum 100), the trim, the thresholds
 * (decreasing, within 0–100) and the quota. Fields "groups[i].weight",
 * "trim_min_n", "thresholds", "quota.pct" ... Returns 0 or ERR_INVALID. */
int assessment_config_validate(const struct assessment_config *c, struct field_errors *fe);

/* Facts that override the computed grade (RULES.md §4, applied before the
 * quota). */
enum {
    ASSESSMENT_FACT_WARNING = 1 << 0,  /* a 警告 decided in the year: not 优秀 */
    ASSESSMENT_FACT_PUNISHED = 1 << 1, /* in the effect period of 记过 or heavier: 不定等次 */
    ASSESSMENT_FACT_PROBATION = 1 << 2,    /* newly recruited, in probation: 不定等次 */
    ASSESSMENT_FACT_REFUSED = 1 << 3,      /* refused to take part: 不称职 */
    ASSESSMENT_FACT_PARTY_SEVERE = 1 << 4, /* 党内严重警告 in the year: 不定等次 */
    ASSESSMENT_FACT_PARTY_GRAVE = 1 << 5, /* 撤销党内职务 or heavier in the year: 不称职 */
};

/* The facts one punishment record gives for assessment year `year`:
 * `kind` a code of the punishment table, `decision` its date, `months` its
 * effect period (0 = the table's). A 警告 (Z01, D01 党内警告) decided in
 * the year → WARNING; 记过 to 撤职 (Z02–Z05) whose period [decision,
 * decision + months) contains 31 December of the year — the day the annual
 * assessment looks at — → PUNISHED; D02 in the year → PARTY_SEVERE; D03–D05
 * in the year → PARTY_GRAVE. Other kinds give 0. */
unsigned assessment_punishment_facts(const char *kind, struct date decision, int months, int year);

/* One person of the round. `exam` holds one value per scheme node (NAN =
 * none; only exam leaves are read) or is NULL; borrowed. */
struct assessment_person {
    long long id;
    long long unit_id;
    long long organ_id;
    const char *category;
    int unit_grade; /* the unit's performance grade 1..4, or 0 */
    unsigned facts; /* ASSESSMENT_FACT_* */
    const double *exam;
};

/* One rater's scores of one person (a UI submission or a sheet row):
 * `values` has one value per scheme node (NAN = blank; only rating leaves
 * are read); borrowed. */
struct assessment_rating {
    size_t person; /* index into the people array */
    int group;     /* index into config->groups */
    const double *values;
};

/* The computed result of one person. Strings live in the arena given to
 * assessment_compute. */
struct assessment_result {
    bool scored;      /* false: no rating and no exam at all (no composite, no rank) */
    double composite; /* 0–100 */
    double group_score[ASSESSMENT_MAX_GROUPS];
    int group_raters[ASSESSMENT_MAX_GROUPS]; /* raters who scored the person, per group */
    int rank_unit, rank_category;            /* 1-based; 0 when not scored */
    const char *grade;                       /* proposed grade code, after overrides */
    const char *reasons; /* Chinese lines, '\n'-separated: renormalisations and overrides; "" */
    bool over_quota;     /* proposed 优秀 beyond its pool's quota, in rank order */
    long long pool;      /* the quota pool: unit id per unit, organ id per organ */
};

/* Group mean of `n` values with the trim of `c`: when n ≥ trim_min_n and
 * n > 2 × trim_drop, the trim_drop highest and lowest are dropped. Sorts
 * `values` in place. NAN when n is 0. */
double assessment_trimmed_mean(const struct assessment_config *c, double *values, size_t n);

/* Computes every person's result into `out` (people_count entries):
 * 1. each rating's rater score is the weighted mean of its rating leaves
 *    (leaves left blank are left out and the rest renormalised);
 * 2. each group's score is the trimmed mean of its raters' scores;
 * 3. the rating part is the weighted mean of the groups that have a score —
 *    a group without ratings is left out, the others' weights renormalised,
 *    and the reasons say so;
 * 4. the composite weighs the rating part by the rating leaves' share and
 *    each exam leaf by its own; a missing exam score is left out likewise;
 * 5. ranks within unit and within category: composite descending, compared
 *    to two decimals (what the sheet shows), then the person's id ascending
 *    (the earlier registered first) — stable and reproducible;
 * 6. the grade by thresholds, then the overrides (refusing → 不称职;
 *    punished, probation or PARTY_SEVERE → 不定等次; PARTY_GRAVE → 不称职;
 *    a 警告 caps at 称职), each with its reason;
 * 7. the quota per pool over those with a grade other than 不定等次:
 *    proposed 优秀 beyond it, in rank order, are flagged over_quota.
 * Ratings naming a person or group out of range are ignored. The config must
 * be valid. Returns 0. */
int assessment_compute(const struct assessment_config *c, const struct assessment_person *people,
                       size_t people_count, const struct assessment_rating *ratings,
                       size_t rating_count, struct assessment_result *out, struct arena *a);

/* One quota pool's count against final grades (after calibration). */
struct assessment_pool {
    long long pool;
    int graded;    /* people with a grade other than 不定等次 */
    int pct;       /* the pool's percentage */
    int allowed;   /* assessment_quota_count(graded, pct) */
    int excellent; /* final 优秀 */
};

/* Counts the pools of `people` with final grades `grades` (codes, one per
 * person) into an arena array at *pools (*pool_count entries, in order of
 * first appearance). Returns the number of pools over quota. */
int assessment_quota_pools(const struct assessment_config *c,
                           const struct assessment_person *people, const char *const *grades,
                           size_t people_count, struct assessment_pool **pools, size_t *pool_count,
                           struct arena *a);

/* 处室绩效考核: a unit's tasks (weight by duty and workload, score 0–100)
 * give a score, the weighted mean of the scored tasks (NAN without any),
 * and a grade 1 优秀 (≥ 90), 2 良好 (≥ 80), 3 一般 (≥ 60), 4 较差 by the
 * given lower bounds. */
struct assessment_task {
    double weight;
    double score; /* NAN = not scored yet */
};
double assessment_unit_score(const struct assessment_task *tasks, size_t n);
int assessment_unit_grade(double score, const double bounds[3]);
extern const char *const assessment_unit_grade_names[4]; /* 优秀 良好 一般 较差 */

/* The cadre category (分层分类) a person is ranked in, from their current
 * post level and 职级 codes (NULL = none): a leadership post of 县处级 or
 * above → "处级领导"; else a 职级 of 四级调研员 or above → "处级非领导/职级";
 * else "科级及以下". 结对帮带 and 跟班轮训 come from the training module's
 * pairs and placements (assessment_store_round_scope); 青年干部 is not
 * derivable and is set on the round's person by hand. Static text. */
const char *assessment_category_of(const char *post_level, const char *rank);

/* 三连优秀, 基本称职, 不称职 and cumulative 称职-or-better counting over a
 * person's grades by year: `grades[i]` is the grade code of year
 * `first_year + i`, NULL for no assessment. */
int assessment_consecutive_excellent(const char *const *grades,
                                     size_t n); /* longest run ending at the last year */
int assessment_competent_years(const char *const *grades, size_t n); /* 优秀 or 称职 years */

#endif
