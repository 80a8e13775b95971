/* store/forms.h — what the 干部任免审批表 is written from that no single
 * record holds: the unit tree as the 简历 names it, the 简历 itself (built by
 * core/resume.h from the person's stored records), and the person's photo
 * (migration 0017). */
#ifndef CADRE_STORE_FORMS_H
#define CADRE_STORE_FORMS_H

#include <stddef.h>

#include "core/date.h"
#include "core/forms.h"
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

/* The 干部任免审批表 of person `person_id` (core/forms.h): the person, every
 * record, the 简历 and the photo loaded and worded, ages on `age_day`, in
 * `a`. ERR_NOT_FOUND when there is no such person. */
int forms_sheet_load(struct db *db, long long person_id, struct date age_day, struct arena *a,
                     struct forms_sheet *out);

/* A person's photo. */
struct forms_photo {
    const char *content_type; /* "image/jpeg" or "image/png" */
    int width, height;
    const unsigned char *data; /* the image's bytes */
    size_t len;
    const char *base64; /* the same, as stored (and as the LRMX writes it) */
    const char *updated_at;
};

/* The photo of person `person_id`, in `a`. ERR_NOT_FOUND when there is
 * none, ERR_IO when the stored text is not base64. */
int forms_photo_get(struct db *db, long long person_id, struct arena *a, struct forms_photo *out);

/* Stores `p` (data, len, content_type, width, height; the caller checked
 * it with photo_check) as the photo of `person_id`, replacing any. Call
 * inside a transaction. Returns 0 or err. */
int forms_photo_put(struct db *db, long long person_id, const struct forms_photo *p);

/* Removes the photo of `person_id`. ERR_NOT_FOUND when there is none. */
int forms_photo_delete(struct db *db, long long person_id);

#endif
