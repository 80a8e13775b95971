/* codes.h — the national code tables cadre uses (gender GB/T 2261.1,
 * ethnicity GB/T 3304, political status GB/T 4762, family relation
 * GB/T 4761, education GB/T 4658, degree GB/T 6864, post level GB/T 12407,
 * the 职级 ladder, annual grades, punishments and organisational handling,
 * unit kinds, person status) as static data. */
#ifndef CADRE_CODES_H
#define CADRE_CODES_H

#include <stddef.h>

/* One entry. `order` ranks entries where the table is a ladder (post level,
 * rank, education: 1 = highest); 0 where order means nothing. */
struct code {
    const char *code;
    const char *label;
    int order;
    /* Table-specific extras (NULL/0 when unused):
     *  punishment: `category` ("政务处分", "党纪处分", "组织处理"),
     *              `months` default effect period, `source` article;
     *  rank: `months` not used; `category` the equivalent post level code ("5A"). */
    const char *category;
    int months;
    const char *source;
};

struct code_table {
    const char *name;     /* API name: "gender", "ethnicity", "party", "relation",
                             "education", "degree", "post_level", "rank", "grade",
                             "punishment", "unit_kind", "person_status" */
    const char *title;    /* Chinese title: "性别" ... */
    const char *standard; /* "GB/T 2261.1-2003" or "" */
    const struct code *codes;
    size_t count;
};

/* All tables, in a stable order; `*count` receives how many. */
const struct code_table *codes_tables(size_t *count);

/* The table named `name`, or NULL. */
const struct code_table *codes_table(const char *name);

/* Finds the entry whose code or Chinese label equals `code_or_label`
 * (surrounding spaces ignored; common aliases such as "汉" for "汉族",
 * "党员" for "中共党员", "本科" for "大学本科" accepted). NULL if none. */
const struct code *codes_find(const struct code_table *t, const char *code_or_label);

/* The common words accepted for `code` in `t` (as codes_find accepts
 * them: "妻子" for 妻), at most `max` into `out`, in a stable order; returns
 * how many. Selectors search them beside the label. */
size_t codes_aliases(const struct code_table *t, const char *code, const char **out, size_t max);

/* The entry with exactly this code, or NULL. */
const struct code *codes_by_code(const struct code_table *t, const char *code);

/* The label for `code` in table `name`, or NULL when either is unknown. */
const char *codes_label(const char *name, const char *code);

#endif
