/* assessment.h — storage of assessment (考核): versioned schemes, rounds
 * with their frozen people and results, rater assignments, ratings that
 * carry no account, one-way submission tokens, calibration and publication
 * into the registry's assessments (docs/assessment.md). */
#ifndef CADRE_STORE_ASSESSMENT_H
#define CADRE_STORE_ASSESSMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/assessment.h"
#include "store/db.h"

struct arena;

/* Round states, in order. */
#define ASSESSMENT_STATE_DRAFT "草稿"
#define ASSESSMENT_STATE_RATING "评分中"
#define ASSESSMENT_STATE_CALIBRATION "校准"
#define ASSESSMENT_STATE_PUBLISHED "已公布"
#define ASSESSMENT_STATE_ARCHIVED "已归档"

/* True when `kind` is one of 年度, 平时, 专项, 任期. */
bool assessment_store_kind_valid(const char *kind);

struct assessment_scheme_info {
    long long id;
    const char *name;
    long long version;
    const char *categories; /* '|'-separated, "" = all */
    bool frozen;
};

/* Every scheme version, by name then version. In `a`. */
int assessment_store_schemes(struct db *db, struct arena *a, struct assessment_scheme_info **out,
                             size_t *n);

/* Scheme `id` with its tree into `s` and `info` (either may be NULL). In
 * `a`. ERR_NOT_FOUND. */
int assessment_store_scheme_get(struct db *db, long long id, struct arena *a,
                                struct assessment_scheme *s, struct assessment_scheme_info *info);

/* The latest version of the scheme named `name`, or else the latest of the
 * scheme whose categories include `name`. 0 and *id, or ERR_NOT_FOUND. */
int assessment_store_scheme_find(struct db *db, const char *name, long long *id);

/* Saves scheme `s` (validated by the caller) under s->name: a new scheme,
 * or the latest version replaced in place while no round uses it, or a new
 * version once it is frozen. *id receives the saved row. */
int assessment_store_scheme_save(struct db *db, const struct assessment_scheme *s,
                                 const char *categories, long long *id);

struct assessment_round {
    long long id;
    const char *name;
    const char *kind; /* 年度 平时 专项 任期 */
    int year, quarter;
    long long unit_id;
    bool include_sub;
    const char *category; /* NULL = every category */
    long long scheme_id;
    const char *state;
    struct assessment_config config; /* thresholds, trim, quota (scheme, groups unset) */
    const char *computed_at;         /* NULL until computed */
    long long people;                /* in scope */
};

/* Creates round `r` (sets r->id and r->state 草稿) with the default groups
 * (领导 40, 同级 30, 下级 20, 本人 10; 同级 and 下级 anonymous), freezes its
 * scheme, and computes its people (assessment_store_round_scope). `r`'s
 * config fields are stored as given. ERR_INVALID for an unknown unit or
 * scheme. Inside a transaction. */
int assessment_store_round_create(struct db *db, struct assessment_round *r);

/* Computes the round's people again from the registry: people in service
 * in the unit (and its sub-units with include_sub), of the round's category
 * when it has one, each with their category. The categories 结对帮带 and
 * 跟班轮训 read the training module: the apprentices of mentoring pairs and
 * the trainees of placements (跟班轮训 or 挂职) in force during the round's
 * year. Only in 草稿: ERR_CONFLICT after. Returns 0 or err. */
int assessment_store_round_scope(struct db *db, long long round_id);

int assessment_store_round_get(struct db *db, long long id, struct arena *a,
                               struct assessment_round *out);
int assessment_store_rounds(struct db *db, struct arena *a, struct assessment_round **out,
                            size_t *n);

/* Moves the round from `from` to `to`; ERR_CONFLICT when it is not in
 * `from`, ERR_NOT_FOUND. Opening (草稿 → 评分中) freezes the people. */
int assessment_store_round_move(struct db *db, long long id, const char *from, const char *to);

/* The groups of a round, by position, in `a`. */
int assessment_store_groups(struct db *db, long long round_id, struct arena *a,
                            struct assessment_group **out, size_t *n);

/* A person of the round as the store holds it. */
struct assessment_round_person {
    long long person_id;
    const char *name, *id_number, *unit_name;
    long long unit_id;
    const char *category;
    unsigned facts;   /* stored by hand: ASSESSMENT_FACT_PROBATION, _REFUSED */
    double *exam;     /* per scheme node, NAN = none */
    bool computed;    /* results below are set */
    double composite; /* NAN when unscored */
    int rank_unit, rank_category;
    const char *proposed_grade, *reasons, *final_grade, *calibration_reason;
    bool over_quota;
};

/* Everything a computation needs, loaded in one go: the round, its scheme
 * and groups (round.config points at them), its people in person-id order
 * with facts from the registry's punishments for the round's year added to
 * the stored ones, and every rating. All in `a`. */
struct assessment_round_data {
    struct assessment_round round;
    struct assessment_scheme scheme;
    struct assessment_group *groups;
    size_t group_count;
    struct assessment_round_person *stored;
    struct assessment_person *people;
    size_t people_count;
    struct assessment_rating *ratings;
    size_t rating_count;
    /* People by ID number, for sheet rows (assessment_store_index_by_id_number). */
    struct assessment_id_index *by_id_number;
};
struct assessment_id_index {
    const char *id_number;
    size_t index;
};
int assessment_store_round_load(struct db *db, long long id, struct arena *a,
                                struct assessment_round_data *out);

/* Writes computed results (one per person of `d`, same order). */
int assessment_store_results_save(struct db *db, const struct assessment_round_data *d,
                                  const struct assessment_result *results);

/* Index of `person_id` in `d->people`, or -1. */
long long assessment_store_person_index(const struct assessment_round_data *d, long long person_id);

/* Index in `d->people` of the person with ID number `id_number`, or -1. */
long long assessment_store_index_by_id_number(const struct assessment_round_data *d,
                                              const char *id_number);

/* One row of a score sheet for the person at `index` of `d`: with `group`
 * -1 (考试) the exam values given (not NAN) replace the stored ones (and
 * `d` is updated), else a rating of that group from 'sheet'. */
int assessment_store_sheet_row(struct db *db, struct assessment_round_data *d, long long index,
                               int group, const double *values);

/* The quota pools over the final grades (calibrated, else proposed) of
 * `d`, in `a`; returns how many are over quota. */
int assessment_store_final_pools(const struct assessment_round_data *d, struct arena *a,
                                 struct assessment_pool **pools, size_t *n);

/* One rating of person `person_id` by group `group` (values per scheme
 * node, `count` of them; NAN = blank), from 'form' or 'sheet'. */
int assessment_store_rating_add(struct db *db, long long round_id, long long person_id, int group,
                                const char *source, const double *values, size_t count);

/* Records that `account_id` submitted in the round, as the one-way token
 * BLAKE2b-keyed(round key, "round:account") — no account is stored.
 * ERR_CONFLICT when that token is there already (a second submission). */
int assessment_store_submit_token(struct db *db, long long round_id, long long account_id);

/* True (1) when `account_id` has submitted in the round; 0; or err. */
int assessment_store_submitted(struct db *db, long long round_id, long long account_id);

/* Number of tokens (raters who submitted) in the round. */
int assessment_store_submission_count(struct db *db, long long round_id, long long *n);

/* Assigns `account_id` to group `group` of the round, rating the people of
 * `unit_id` (0 = all). ERR_CONFLICT when assigned already. */
int assessment_store_rater_add(struct db *db, long long round_id, long long account_id, int group,
                               long long unit_id);

/* The account's assignment: 0 with *group and *unit_id, or ERR_NOT_FOUND. */
int assessment_store_rater_get(struct db *db, long long round_id, long long account_id, int *group,
                               long long *unit_id);

/* The rounds `account_id` is a rater of, newest first, in `a`, with
 * their group names in `groups` (one per round). */
int assessment_store_rounds_of_rater(struct db *db, long long account_id, struct arena *a,
                                     struct assessment_round **out, const char ***groups,
                                     size_t *n);

/* True when the round's person is in the rater's unit (with sub-units); a
 * rater of unit 0 rates everyone. */
int assessment_store_person_in_unit(struct db *db, long long round_id, long long person_id,
                                    long long unit_id, bool *in);

/* Sets a person's hand facts (probation, refusal), exam scores (per node,
 * NAN = none; NULL = keep) and category (NULL = keep). ERR_NOT_FOUND. */
int assessment_store_person_set(struct db *db, long long round_id, long long person_id,
                                const unsigned *facts, const double *exam, size_t count,
                                const char *category);

/* Calibration: the final grade of a person with its reason. ERR_NOT_FOUND. */
int assessment_store_calibrate(struct db *db, long long round_id, long long person_id,
                               const char *grade, const char *reason);

/* Publication of a 年度 round: each person's final grade (the calibrated
 * one, else the proposed one) written into `assessments` for the round's
 * year, replacing a hand entry, marked with the round; the token key is
 * wiped; the state becomes 已公布. The caller checks the quota first.
 * People without a grade are skipped. *written receives the count. */
int assessment_store_publish(struct db *db, long long round_id, long long *written);

/* 1 when a published round wrote the registry's grade of `person_id` for
 * `year` (its name in *round_name, in `a`), else 0; or err. */
int assessment_store_published_year(struct db *db, long long person_id, long long year,
                                    struct arena *a, const char **round_name);

/* 处室绩效考核 tasks. */
struct assessment_unit_task {
    long long id, unit_id;
    int year;
    const char *name;
    double weight;
    const char *target, *evidence;
    double score; /* NAN = not scored */
};
int assessment_store_unit_task_add(struct db *db, struct assessment_unit_task *t);
int assessment_store_unit_task_score(struct db *db, long long id, double score);
/* The tasks of `unit_id` (0: of every unit) in `year`, in `a`. */
int assessment_store_unit_tasks(struct db *db, long long unit_id, int year, struct arena *a,
                                struct assessment_unit_task **out, size_t *n);

/* The unit grade (1..4, 0 none) of `unit_id` in `year` from its tasks. */
int assessment_store_unit_grade(struct db *db, long long unit_id, int year, int *grade);

/* One person's published grades across years, for the person page and
 * the result lists: years ascending with grade codes, in `a`. */
struct assessment_history_row {
    long long year;
    const char *grade;
    long long round_id; /* 0: entered by hand */
    double composite;   /* NAN when not from a computed round */
    int rank_unit;
};
int assessment_store_history(struct db *db, long long person_id, struct arena *a,
                             struct assessment_history_row **out, size_t *n);

/* Every registry grade up to `year` of the people in service who have
 * one, ordered by person then year, with name and unit, for the result
 * lists. In `a`. */
struct assessment_grade_row {
    long long person_id;
    const char *name, *unit_name;
    long long year;
    const char *grade;
};
int assessment_store_grades(struct db *db, long long year, struct arena *a,
                            struct assessment_grade_row **out, size_t *n);

#endif
