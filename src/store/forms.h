/* store/forms.h — loading what the 干部任免审批表 is written from that no
 * single record holds: the unit tree as the 简历 names it, and the 简历
 * itself, built by core/resume.h from the person's stored records. */
#ifndef CADRE_STORE_FORMS_H
#define CADRE_STORE_FORMS_H

#include <stddef.h>

#include "core/date.h"
#include "core/resume.h"
#include "store/db.h"

struct arena;

/* Every unit (id, parent, name, kind), in `a`. Returns 0 or err. */
int forms_units(struct db *db, struct arena *a, struct resume_unit **units, size_t *n);

/* The 简历 of person `person_id` (who exists; the caller checked) from
 * their career and education records and the unit tree, gaps flagged at
 * the office's check.career_gap threshold in force on `today`. In `a`.
 * Returns 0 or err. */
int forms_resume(struct db *db, long long person_id, struct date today, struct arena *a,
                 struct resume *out);

#endif
