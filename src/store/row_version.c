/* row_version.c — reads the version column migration 0007 gave every
 * changeable table. */
#include "store/row_version.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/err.h"

/* The tables with a version column: the table name goes into the SQL
 * text, so only these. */
static const char *const versioned[] = {
    "units",
    "people",
    "career",
    "education",
    "assessments",
    "rewards",
    "punishments",
    "family",
    "training",
    "rule_rank_step",
    "rule_grade_counting",
    "rule_post_step",
    "rule_post_breadth",
    "rule_post_first",
    "rule_education",
    "rule_party_age",
    "rule_training",
    "rule_block",
    "rule_block_combination",
    "rule_bar",
    "rule_retirement",
    "rule_tenure_limit",
    "rule_age_ceiling",
    "rule_lowest_rank",
    "rule_check",
    "rule_setting",
    "tipoffs",
    "supervision_records",
    "assessment_rounds",
    "declarations",
    "declaration_checks",
    "training_programmes",
    "training_classes",
    "training_sessions",
    "training_enrolments",
    "training_external",
    "training_pairs",
    "training_placements",
    "appointment_cases",
};

int row_version_get(struct db *db, const char *table, long long id, long long *version)
{
    *version = 0;
    bool known = false;
    for (size_t i = 0; table && i < sizeof versioned / sizeof *versioned && !known; i++)
        known = strcmp(table, versioned[i]) == 0;
    if (!known)
        return ERR_INVALID;
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT version FROM %s WHERE id = ?", table);
    struct db_stmt *st;
    int rc = db_prepare(db, sql, &st);
    if (rc < 0)
        return rc;
    db_bind_int(st, 1, id);
    rc = db_step(st);
    if (rc == DB_ROW)
        *version = db_column_int(st, 0);
    db_finalize(st);
    if (rc < 0)
        return rc;
    return rc == DB_ROW ? 0 : ERR_NOT_FOUND;
}
