/* structure.c — counting a body of cadres. */
#include "core/structure.h"

#include <string.h>

#include "util/arena.h"

static const int band_bounds[STRUCTURE_AGE_BANDS][2] = {
    {-1, 29}, {30, 34}, {35, 39}, {40, 44}, {45, 49}, {50, 54}, {55, 59}, {60, -1},
};

static void counts_init(struct structure_counts *c, const char *table, struct arena *a)
{
    c->table = codes_table(table);
    c->counts = arena_calloc(a, c->table ? c->table->count : 1, sizeof *c->counts);
    c->none = 0;
}

static void counts_add(struct structure_counts *c, const char *code)
{
    if (code && c->table)
        for (size_t i = 0; i < c->table->count; i++)
            if (strcmp(c->table->codes[i].code, code) == 0) {
                c->counts[i]++;
                return;
            }
    c->none++;
}

void structure_init(struct structure_stats *s, struct date today, struct arena *a)
{
    memset(s, 0, sizeof *s);
    s->today = today;
    for (int i = 0; i < STRUCTURE_AGE_BANDS; i++) {
        s->age[i].age_min = band_bounds[i][0];
        s->age[i].age_max = band_bounds[i][1];
    }
    counts_init(&s->rank, "rank", a);
    counts_init(&s->post_level, "post_level", a);
    counts_init(&s->education, "education", a);
}

void structure_add(struct structure_stats *s, const char *gender, const char *ethnicity,
                   struct date birth_date, const char *rank, const char *post_level,
                   const char *education)
{
    s->total++;
    bool female = gender && strcmp(gender, "2") == 0;
    bool male = gender && strcmp(gender, "1") == 0;
    s->female += female;
    if (!ethnicity || !*ethnicity)
        s->ethnicity_unknown++;
    else if (strcmp(ethnicity, "01") != 0)
        s->minority++;
    if (!date_is_none(birth_date) && (male || female)) {
        int age = date_age(birth_date, s->today);
        for (int i = 0; i < STRUCTURE_AGE_BANDS; i++) {
            const struct structure_age_band *b = &s->age[i];
            if ((b->age_min < 0 || age >= b->age_min) && (b->age_max < 0 || age <= b->age_max)) {
                if (female)
                    s->age[i].female++;
                else
                    s->age[i].male++;
                break;
            }
        }
    }
    counts_add(&s->rank, rank);
    counts_add(&s->post_level, post_level);
    counts_add(&s->education, education);
}
