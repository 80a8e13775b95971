/* store/forms.c — the unit tree, the 简历 and the photo of forms.h. */
#include "store/forms.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/records.h"
#include "core/rules.h"
#include "store/people.h"
#include "store/records.h"
#include "store/rulebook.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/xmalloc.h"

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

/* ---- photos -------------------------------------------------------------- */

int forms_photo_get(struct db *db, long long person_id, struct arena *a, struct forms_photo *out)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "SELECT content_type, width, height, data_base64, updated_at"
                        " FROM person_photos WHERE person_id = ?",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, person_id);
    rc = db_step(st);
    if (rc == DB_ROW) {
        out->content_type = arena_strdup(a, db_column_text(st, 0));
        out->width = (int)db_column_int(st, 1);
        out->height = (int)db_column_int(st, 2);
        out->base64 = arena_strdup(a, db_column_text(st, 3));
        out->updated_at = arena_strdup(a, db_column_text(st, 4));
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (rc != DB_ROW)
        return ERR_NOT_FOUND;
    size_t b64_len = strlen(out->base64);
    unsigned char *bytes = arena_alloc(a, b64_len / 4 * 3 + 3);
    size_t len = 0;
    if (sodium_base642bin(bytes, b64_len / 4 * 3 + 3, out->base64, b64_len, NULL, &len, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return ERR_IO;
    out->data = bytes;
    out->len = len;
    return 0;
}

int forms_photo_put(struct db *db, long long person_id, const struct forms_photo *p)
{
    size_t b64_len = sodium_base64_ENCODED_LEN(p->len, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = xmalloc(b64_len);
    sodium_bin2base64(b64, b64_len, p->data, p->len, sodium_base64_VARIANT_ORIGINAL);
    /* Replace by delete and insert: portable to every engine we run on,
     * inside the caller's transaction. */
    int rc = db_exec_id(db, "DELETE FROM person_photos WHERE person_id = ?", person_id);
    struct db_stmt *st = NULL;
    if (rc == 0)
        rc = db_prepare(db,
                        "INSERT INTO person_photos"
                        " (person_id, content_type, width, height, data_base64, updated_at)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        &st);
    if (rc == 0) {
        char now[21];
        db_bind_int(st, 1, person_id);
        db_bind_text(st, 2, p->content_type);
        db_bind_int(st, 3, p->width);
        db_bind_int(st, 4, p->height);
        db_bind_text(st, 5, b64);
        db_bind_text(st, 6, store_now(now));
        rc = db_step(st);
        db_finalize(st);
    }
    free(b64);
    return rc < 0 ? rc : 0;
}

int forms_photo_delete(struct db *db, long long person_id)
{
    int rc = db_exec_id(db, "DELETE FROM person_photos WHERE person_id = ?", person_id);
    if (rc < 0)
        return rc;
    return db_changes(db) > 0 ? 0 : ERR_NOT_FOUND;
}

/* ---- the whole form ---------------------------------------------------------- */

int forms_sheet_load(struct db *db, long long person_id, struct date age_day, struct arena *a,
                     struct forms_sheet *out)
{
    struct person_view v;
    struct resume resume;
    struct forms_input in = {.resume = &resume};
    void *items[6] = {0};
    size_t counts[6] = {0};
    const struct record_kind *kinds[6] = {&career_kind, &education_kind,  &assessment_kind,
                                          &reward_kind, &punishment_kind, &family_kind};
    int rc = people_get(db, person_id, a, &v);
    for (size_t k = 0; rc == 0 && k < 6; k++)
        rc = records_list(db, kinds[k], person_id, a, &items[k], &counts[k]);
    if (rc == 0)
        rc = forms_resume(db, person_id, age_day, a, &resume);
    if (rc < 0)
        return rc;
    in.person = &v.person;
    in.career = items[0];
    in.career_count = counts[0];
    in.education = items[1];
    in.education_count = counts[1];
    in.assessments = items[2];
    in.assessment_count = counts[2];
    in.rewards = items[3];
    in.reward_count = counts[3];
    in.punishments = items[4];
    in.punishment_count = counts[4];
    in.family = items[5];
    in.family_count = counts[5];
    forms_sheet_build(&in, age_day, a, out);
    struct forms_photo photo;
    rc = forms_photo_get(db, person_id, a, &photo);
    if (rc == 0) {
        out->photo = photo.data;
        out->photo_len = photo.len;
        out->photo_type = photo.content_type;
    }
    return rc == ERR_NOT_FOUND ? 0 : rc;
}
