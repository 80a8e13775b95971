/* store/forms.c — the unit tree and the 简历 of forms.h. */
#include "store/forms.h"

#include "core/records.h"
#include "core/rules.h"
#include "store/records.h"
#include "store/rulebook.h"
#include "util/arena.h"
#include "util/err.h"

int forms_units(struct db *db, struct arena *a, struct resume_unit **units, size_t *n)
{
    long long count = 0;
    int rc = db_query_int(db, "SELECT count(*) FROM units", &count, 0);
    if (rc < 0)
        return rc;
    struct db_stmt *st;
    if ((rc = db_prepare(db, "SELECT id, parent_id, name, kind FROM units ORDER BY id", &st)) < 0)
        return rc;
    /* A unit added between the two statements is left out, not overrun. */
    struct resume_unit *out = arena_calloc(a, (size_t)count + 1, sizeof *out);
    size_t k = 0;
    while ((rc = db_step(st)) == DB_ROW && k < (size_t)count) {
        out[k].id = db_column_int(st, 0);
        out[k].parent_id = db_column_is_null(st, 1) ? 0 : db_column_int(st, 1);
        out[k].name = arena_strdup(a, db_column_text(st, 2));
        out[k].kind = arena_strdup(a, db_column_text(st, 3));
        k++;
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    *units = out;
    *n = k;
    return 0;
}

int forms_resume(struct db *db, long long person_id, struct date today, struct arena *a,
                 struct resume *out)
{
    struct resume_input in = {0};
    void *career, *education;
    struct resume_unit *units;
    struct rules *rules;
    int rc = records_list(db, &career_kind, person_id, a, &career, &in.career_count);
    if (rc == 0)
        rc = records_list(db, &education_kind, person_id, a, &education, &in.education_count);
    if (rc == 0)
        rc = forms_units(db, a, &units, &in.unit_count);
    if (rc == 0)
        rc = rulebook_load(db, a, &rules);
    if (rc < 0)
        return rc;
    in.career = career;
    in.education = education;
    in.units = units;
    const struct rules_check *gap = rules_check(rules, "check.career_gap", today);
    in.gap_months = gap ? gap->value : 0;
    return resume_build(&in, a, out);
}
