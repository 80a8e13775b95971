/* structure.h — the structure of a body of cadres as the office reads it
 * (MISSION.md G): totals, the share of women and of ethnic minorities, the
 * age pyramid by sex (the "两头多、中间少" shape of the speech), and the
 * counts by rank, post level and education. Pure: fed one person at a time. */
#ifndef CADRE_STRUCTURE_H
#define CADRE_STRUCTURE_H

#include <stddef.h>

#include "core/codes.h"
#include "core/date.h"

struct arena;

/* Age bands of the pyramid: up to 29, five-year bands, 60 and over. */
#define STRUCTURE_AGE_BANDS 8

struct structure_age_band {
    int age_min, age_max; /* -1 = open */
    long long male, female;
};

/* Counts per entry of one code table, in the table's order, plus those
 * without a value. */
struct structure_counts {
    const struct code_table *table;
    long long *counts; /* table->count entries */
    long long none;
};

struct structure_stats {
    struct date today;
    long long total;
    long long female;
    long long minority;          /* an ethnicity other than 汉族 (01) */
    long long ethnicity_unknown; /* no ethnicity recorded: neither */
    struct structure_age_band age[STRUCTURE_AGE_BANDS];
    struct structure_counts rank, post_level, education;
};

/* Starts empty statistics as of `today`, counts in `a`. */
void structure_init(struct structure_stats *s, struct date today, struct arena *a);

/* Counts one person: gender and ethnicity codes, birth date, and their
 * current rank, post level and highest education codes (NULL = none). */
void structure_add(struct structure_stats *s, const char *gender, const char *ethnicity,
                   struct date birth_date, const char *rank, const char *post_level,
                   const char *education);

#endif
