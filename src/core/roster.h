/* core/roster.h — one line of a roster (花名册): a person with their current
 * post, rank and highest education, as rosters show them. The unit of
 * roster import and export, free of any file format or database. */
#ifndef CADRE_CORE_ROSTER_H
#define CADRE_CORE_ROSTER_H

#include "core/records.h"

struct roster_entry {
    int row;                  /* the file's row number (import), 0 otherwise */
    struct person person;     /* person.unit_id is resolved from unit_path by the store */
    const char *unit_path;    /* 单位 as written: "办公室" or "厅机关/办公室" */
    const char *post_title;   /* 现任职务 */
    const char *post_level;   /* 职务层次, code */
    struct date post_start;   /* 任现职时间 */
    const char *rank;         /* 现职级, code */
    struct date rank_start;   /* 任现职级时间 */
    const char *education;    /* 学历, code */
    const char *degree;       /* 学位, code */
    const char *school;       /* 毕业院校 */
    const char *major;        /* 所学专业 */
    /* Which person fields the file had a column for: bit i stands for
     * person_kind.fields[i] (单位 counts as "unit_id"). An update writes
     * only these, so a file without a 备注 column keeps the stored notes,
     * while an empty cell under a column the file has clears the value
     * ("the file is the truth for the columns it has"). 0 means all. */
    unsigned long long present;
};

/* The bit of `present` for person field index `i`. */
#define ROSTER_PRESENT_BIT(i) (1ULL << (i))

#endif
