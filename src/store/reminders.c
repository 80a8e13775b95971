/* reminders.c — the SQL of reminder lead times (store/reminders.h). */
#include "store/reminders.h"

int reminders_lead_days(struct db *db, enum reminder_kind kind, int *out)
{
    *out = reminders_default_lead(kind);
    struct db_stmt *st;
    int rc = db_prepare(db, "SELECT lead_days FROM reminder_settings WHERE kind = ?", &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, reminders_kind_name(kind));
    if ((rc = db_step(st)) == DB_ROW)
        *out = (int)db_column_int(st, 0);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

int reminders_set_lead_days(struct db *db, enum reminder_kind kind, int days)
{
    struct db_stmt *st;
    int rc = db_prepare(db,
                        "INSERT INTO reminder_settings (kind, lead_days) VALUES (?, ?)"
                        " ON CONFLICT (kind) DO UPDATE SET lead_days = excluded.lead_days",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_text(st, 1, reminders_kind_name(kind));
    db_bind_int(st, 2, days);
    rc = db_step(st);
    db_finalize(st);
    return rc < 0 ? rc : 0;
}
