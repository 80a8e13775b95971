/* training_stats.c — the training statistics as JSON and as a spreadsheet. */
#include "formats/training_stats.h"

#include <stdio.h>

#include "util/err.h"

static json_t *row_json(const char *key, const struct training_stats_row *r)
{
    return json_pack("{s:s?, s:I, s:I, s:I, s:I}", key, r->name, "classes", (json_int_t)r->classes,
                     "sessions", (json_int_t)r->sessions, "attendances", (json_int_t)r->attendances,
                     "people", (json_int_t)r->people);
}

static json_t *rows_json(const char *key, const struct training_stats_row *rows, size_t n)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, row_json(key, &rows[i]));
    return list;
}

json_t *training_stats_json(const struct training_stats *st, struct date from, struct date to)
{
    char f[11], t[11];
    return json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o}", "from",
                     date_format_iso(from, f), "to", date_format_iso(to, t), "classes",
                     (json_int_t)st->total.classes, "sessions", (json_int_t)st->total.sessions,
                     "attendances", (json_int_t)st->total.attendances, "people",
                     (json_int_t)st->total.people, "by_programme",
                     rows_json("programme", st->programmes, st->nprogrammes), "by_unit",
                     rows_json("unit", st->units, st->nunits), "by_level",
                     rows_json("level", st->levels, st->nlevels), "by_age",
                     rows_json("age_band", st->ages, st->nages));
}

static void write_row(struct table_writer *w, const char *group, const char *name,
                      const struct training_stats_row *r)
{
    char figures[4][24];
    snprintf(figures[0], sizeof figures[0], "%lld", r->classes);
    snprintf(figures[1], sizeof figures[1], "%lld", r->sessions);
    snprintf(figures[2], sizeof figures[2], "%lld", r->attendances);
    snprintf(figures[3], sizeof figures[3], "%lld", r->people);
    const char *cells[] = {group, name, figures[0], figures[1], figures[2], figures[3]};
    table_writer_row(w, cells, sizeof cells / sizeof *cells);
}

static void write_rows(struct table_writer *w, const char *group, const char *none,
                       const struct training_stats_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        write_row(w, group, rows[i].name ? rows[i].name : none, &rows[i]);
}

int training_stats_write(const struct training_stats *st, struct date from, struct date to,
                         enum table_format format, const char *path)
{
    struct table_writer *w = table_writer_open(format, path, "培训统计");
    if (!w)
        return ERR_IO;
    static const char *const header[] = {"分组", "名称", "期数", "场次", "人次", "人数"};
    table_writer_row(w, header, sizeof header / sizeof *header);
    char f[11], t[11], period[40];
    snprintf(period, sizeof period, "%s至%s", date_format_iso(from, f), date_format_iso(to, t));
    write_row(w, "合计", period, &st->total);
    write_rows(w, "培训项目", "（未归入项目）", st->programmes, st->nprogrammes);
    write_rows(w, "单位", "（未定单位）", st->units, st->nunits);
    write_rows(w, "层次", "", st->levels, st->nlevels);
    write_rows(w, "年龄段", "", st->ages, st->nages);
    return table_writer_close(w);
}
