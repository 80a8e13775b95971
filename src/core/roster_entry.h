/* core/roster_entry.h — one line of a roster (花名册): a person with their current
 * post, rank and educations (全日制 and 在职, as the 任免审批表 shows them),
 * as rosters show them. The unit of roster import and export, free of any
 * file format or database. */
#ifndef CADRE_CORE_ROSTER_ENTRY_H
#define CADRE_CORE_ROSTER_ENTRY_H

#include <stdbool.h>

#include "core/records.h"

struct arena;

/* The education column sets of a roster. A file written before the sets
 * were split has one (学历, 学位, 毕业院校, 所学专业: the highest education,
 * written as a full-time record); our export writes the other two. */
enum roster_edu_set {
    ROSTER_EDU_HIGHEST,   /* 学历 …: one set, the highest education */
    ROSTER_EDU_FULLTIME,  /* 全日制学历 …: education kind "fulltime" */
    ROSTER_EDU_INSERVICE, /* 在职学历 …: education kind "inservice" */
    ROSTER_EDU_SETS
};

/* One education of a row; all NULL when the row has none in that set. */
struct roster_education {
    const char *education; /* 学历, code */
    const char *degree;    /* 学位, code */
    const char *school;    /* 毕业院校 */
    const char *major;     /* 所学专业 */
};

struct roster_entry {
    int row;                /* the file's row number (import), 0 otherwise */
    struct person person;   /* person.unit_id is resolved from unit_path by the store */
    const char *unit_path;  /* 单位 as written: "办公室" or "厅机关/办公室" */
    const char *post_title; /* 现任职务 */
    const char *post_level; /* 职务层次, code; NULL with a post title: not given
                               (the store infers it) */
    struct date post_start; /* 任现职时间 */
    const char *rank;       /* 现职级, code */
    struct date rank_start; /* 任现职级时间 */
    /* The educations of the row, by the column set they came from. */
    struct roster_education edu[ROSTER_EDU_SETS];
    const char *name_cell; /* 姓名 as written (for error reports), or NULL */
    /* Which person fields the file had a column for: bit i stands for
     * person_kind.fields[i] (单位 counts as "unit_id"). An update writes
     * only these, so a file without a 备注 column keeps the stored notes,
     * while an empty cell under a column the file has clears the value
     * ("the file is the truth for the columns it has"). 0 means all. */
    unsigned long long present;
};

/* The bit of `present` for person field index `i`. */
#define ROSTER_PRESENT_BIT(i) (1ULL << (i))

/* One person an import created or changed, as written. */
struct roster_change {
    const struct roster_entry *entry;
    long long person_id;
    const struct person *before; /* the stored person; NULL when created */
    const struct person *after;  /* as written (the stored one when only records changed) */
    const char *const *records;  /* what was done to records, Chinese sentences
                                    ("新增职务：…", "职级“…”（… 起）结束于 …"); NULL-ended */
    struct arena *scratch;       /* for the receiver's own strings: freed a few
                                    hundred rows later, so 100,000 changes do
                                    not pile up in the import's arena */
};

/* What the store knows of a row's unit, for roster_entry_infer_post_level. */
struct roster_unit_facts {
    const char *kind;          /* unit_kind code ("2" 内设机构（处室）), or NULL */
    const char *parent_level;  /* "4" when the parent unit's leaders are 厅局级
                                  (its establishment has 4A or 4B), or NULL */
    const char *const *levels; /* post_level codes of the unit's establishment */
    size_t nlevels;
};

/* The 职务层次 code a post titled `title` has in `unit` (NULL: unknown), when
 * it is unambiguous: a title ending in 厅长/处长/科长 by itself (副… the
 * deputy level); one ending in 主任, 局长, 书记 … by the unit's
 * establishment when it has one principal (or one deputy) level, else by a
 * 处室 of a 厅-level 机关 (县处级). NULL when it cannot be told. Pure. */
const char *roster_entry_infer_post_level(const char *title, const struct roster_unit_facts *unit);

#endif
