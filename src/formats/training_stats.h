/* training_stats.h — the training statistics of a period (core/training.h
 * struct training_stats) as the API and `cadre training stats` answer
 * them: JSON, and one spreadsheet of every breakdown for the office. */
#ifndef CADRE_TRAINING_STATS_H
#define CADRE_TRAINING_STATS_H

#include <jansson.h>

#include "core/date.h"
#include "core/training.h"
#include "formats/table.h"

/* {"from", "to", "classes", "sessions", "attendances", "people",
 *  "by_programme": [{"programme", figures}], "by_unit": [{"unit", ...}],
 *  "by_level": [{"level", ...}], "by_age": [{"age_band", ...}]}, the
 * group names null for "none". Borrows `st`; returns a new reference. */
json_t *training_stats_json(const struct training_stats *st, struct date from, struct date to);

/* Writes the statistics to `path` in `format`, one sheet: a header
 * (分组, 名称, 期数, 场次, 人次, 人数), the total (named by its period) and
 * each breakdown's rows. Returns 0 or ERR_IO. */
int training_stats_write(const struct training_stats *st, struct date from, struct date to,
                         enum table_format format, const char *path);

#endif
