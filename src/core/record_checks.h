/* record_checks.h — the record checks of a cadre's file (RULES.md §6, §9):
 * 三龄两历 (birth date, sex, party entry and work start against each other
 * and the ID number; full-time education against work; gaps and overlaps
 * in the 简历), the lowest rank of the post held (§1.2), 回避 among
 * relatives (公务员法 Art.74) and the tenure alerts (§9). Each finding is
 * cited to its rule row; an unconfirmed [ONE]/[REC] row's findings say
 * 待本单位确认. Pure: the day is a parameter. */
#ifndef CADRE_RECORD_CHECKS_H
#define CADRE_RECORD_CHECKS_H

#include "core/qualify.h"

struct arena;

/* Runs every check whose row is in force on `day` over `in` and appends
 * the findings to rep->findings (rep->finding_count counts them), in a
 * fixed order: missing fields, 三龄, 两历, the 简历, the lowest rank, 回避,
 * tenure. Borrows everything; the findings and their strings live in `a`
 * (or point into `rules` and `in`). */
void record_checks_run(struct arena *a, const struct rules *rules, const struct qualify_input *in,
                       struct date day, struct qualify_report *rep);

#endif
