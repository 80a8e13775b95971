/* resume.h — the 简历 of the 干部任免审批表 as an office writes it, built from
 * the career and education records: the one generator the screen, the PDF
 * and the LRMX all use. */
#ifndef CADRE_RESUME_H
#define CADRE_RESUME_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/records.h"

struct arena;

/* A unit of the tree as the 简历 names it: `kind` is the unit_kind code
 * ("1" 机关, "2" 内设机构, "3" 直属单位, ...). parent_id 0 for a root. */
struct resume_unit {
    long long id, parent_id;
    const char *name;
    const char *kind;
};

/* Flag a gap of at least this many months when the caller has no rule
 * value (the seed of check.career_gap, RULES.md / core/rules.c). */
enum { RESUME_GAP_MONTHS_DEFAULT = 2 };

/* What the 简历 is written from; the generator borrows every array. */
struct resume_input {
    const struct career_record *career;
    size_t career_count;
    const struct education_record *education;
    size_t education_count;
    /* Every unit a career record names, with all its ancestors (more is
     * harmless). A unit missing here is written by its record's title. */
    const struct resume_unit *units;
    size_t unit_count;
    /* Periods with nothing recorded for at least this many whole months are
     * flagged; 0 means RESUME_GAP_MONTHS_DEFAULT. */
    int gap_months;
};

enum resume_line_kind {
    RESUME_LINE_STUDY,     /* full-time study (全日制): a line of its own */
    RESUME_LINE_WORK,      /* the posts and the rank held in one period */
    RESUME_LINE_INSERVICE, /* in-service study no work period holds */
};

/* One line: "1994.09--1998.07  湖南大学经济学院经济学专业学习". */
struct resume_line {
    enum resume_line_kind kind;
    struct date start;  /* month precision */
    struct date end;    /* month precision; DATE_NONE while current */
    const char *period; /* "1994.09--1998.07", "2016.01--" */
    const char *text;   /* what was done, with any "（其间：…）" */
    const char *line;   /* period padded to 16 columns, two spaces, text */
};

/* Months with nothing recorded between two lines. */
struct resume_gap {
    struct date from, to; /* month precision: the last line ended `from`,
                             the next begins `to` */
    int months;           /* whole months between them */
    const char *message;  /* Chinese, for the officer before printing */
};

struct resume {
    struct resume_line *lines;
    size_t line_count;
    struct resume_gap *gaps;
    size_t gap_count;
};

/* Builds the 简历 of `in` into `out`, everything allocated in `a`:
 * - one line per period in which the same posts and rank were held: a post
 *   and the rank held alongside share one line, joined by "、"
 *   ("省发展研究厅统计调查处副处长、四级调研员"); principal posts first, then
 *   concurrent ones, then the rank; a later item in the same unit or organ
 *   drops the repeated name;
 * - units named in full from the tree: a 内设机构 with the names of its
 *   ancestors up to the nearest unit that is not one (the organ), a name
 *   that already begins with its parent's not repeated; a record with no
 *   unit of ours (a county post) is written by its title, which names its
 *   county organ;
 * - full-time study as lines of its own ("…专业学习"); in-service study
 *   inside the work period holding its start, as "（其间：2005.09--2008.07在
 *   中共湖南省委党校经济管理专业在职研究生学习）", or a line of its own when
 *   no work period holds it;
 * - lines in time order; an end date on the last day of a month counts as
 *   the next month begun (the next line starts there);
 * - gaps between lines of at least in->gap_months months in out->gaps.
 * Records without a start date are left out. Returns 0. */
int resume_build(const struct resume_input *in, struct arena *a, struct resume *out);

/* The unit `id` named in full as resume_build names it (see above), in `a`;
 * NULL when `id` is not among `units`. */
const char *resume_unit_full_name(const struct resume_unit *units, size_t n, long long id,
                                  struct arena *a);

/* The lines of `r` joined by "\n" (no trailing newline), as the LRMX's
 * JianLi holds them; "" for none. In `a`. */
const char *resume_text(const struct resume *r, struct arena *a);

#endif
