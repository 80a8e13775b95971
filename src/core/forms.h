/* forms.h — the texts of the 干部任免审批表 (RULES.md §8.1) as its boxes show
 * them, built from a person's records: what the PDF draws and the LRMX
 * writes, worded as the person page's view words them. */
#ifndef CADRE_FORMS_H
#define CADRE_FORMS_H

#include <stddef.h>

#include "core/date.h"
#include "core/records.h"
#include "core/resume.h"

struct arena;

/* One row of 家庭主要成员及重要社会关系. */
struct forms_family_row {
    const char *relation, *name, *birth, *party, *work;
};

/* The texts of one form ("" for an empty box, never NULL once built). */
struct forms_sheet {
    const char *name, *gender, *birth; /* birth: "1975.03（49岁）" */
    const char *ethnicity, *native_place, *birth_place;
    const char *party_box, *work_start, *health;
    const char *title, *specialty;
    const char *fulltime_level, *fulltime_school; /* 全日制教育: 学历学位, 院校系及专业 */
    const char *inservice_level, *inservice_school;
    const char *current_post, *proposed_post, *removed_post;
    const char *resume; /* the 简历 lines, "\n" separated (core/resume.h) */
    const char *rewards, *assessments, *reason, *reporting_unit;
    const char *id_number;
    const struct forms_family_row *family;
    size_t family_count;
    /* The same facts as the LRMX writes them (RULES.md §8.2): months as
     * "197503" ("" when unknown), 学历 and 学位 apart, the 计算年龄时间. */
    const char *birth_ym, *party_ym, *work_ym;
    const char *fulltime_education, *fulltime_degree, *inservice_education, *inservice_degree;
    const char *age_day_ymd;      /* "20250615" */
    const char **family_birth_ym; /* family_count of them */
    const unsigned char *photo;   /* JPEG or PNG bytes (checked on upload), or NULL */
    size_t photo_len;
    const char *photo_type; /* "image/jpeg" or "image/png" */
};

/* What a form is written from; every array borrowed. */
struct forms_input {
    const struct person *person;
    const struct career_record *career;
    size_t career_count;
    const struct education_record *education;
    size_t education_count;
    const struct assessment_record *assessments;
    size_t assessment_count;
    const struct reward_record *rewards;
    size_t reward_count;
    const struct punishment_record *punishments;
    size_t punishment_count;
    const struct family_record *family;
    size_t family_count;
    const struct resume *resume;
};

/* Fills `out` from `in`, ages counted on `age_day` (the 计算年龄时间), in
 * `a`: 出生年月 with the age; 学历学位 per kind from the record that ended
 * last ("大学本科 学士学位", "湖南大学经济学专业"); 现任职务 the posts current on
 * `age_day` (兼任 marked "（兼）") and the rank, joined by "，"; 奖惩 one
 * line each in date order ("2022.12 嘉奖（省人社厅）", "2021.06 受到警告
 * （…）"), "无" when none; 年度考核结果 the latest three years
 * ("2022年度优秀；2023年度称职"); family members with their ages. The
 * proposed and removed posts, the reason and the 呈报单位 are left empty
 * (an appointment case fills them). */
void forms_sheet_build(const struct forms_input *in, struct date age_day, struct arena *a,
                       struct forms_sheet *out);

#endif
