-- 0020: what supervision still lacked (issue 13): reminders ahead of its
-- deadlines with the lead time the office sets, the reply deadline of a
-- 函询, and the file name of a tip-off's attachment.

-- Days ahead of a deadline that a reminder appears (core/reminders.h):
-- 'declaration_annual' (the 31 January of the annual personal-matters
-- report), 'tipoff_stage' (the end of a tip-off's current stage),
-- 'inquiry_reply' (the day a 函询 must be answered).
CREATE TABLE reminder_settings (
    kind TEXT PRIMARY KEY CHECK (kind IN ('declaration_annual', 'tipoff_stage', 'inquiry_reply')),
    lead_days BIGINT NOT NULL CHECK (lead_days >= 0 AND lead_days <= 365)
);
INSERT INTO reminder_settings (kind, lead_days) VALUES
    ('declaration_annual', 30), ('tipoff_stage', 5), ('inquiry_reply', 5);

-- A 函询 is answered by a day the letter sets; NULL for other records, and
-- for an inquiry recorded without one. replied_on: the answer came.
ALTER TABLE supervision_records ADD COLUMN reply_due TEXT;
ALTER TABLE supervision_records ADD COLUMN replied_on TEXT;

-- The name the uploaded file had (sanitised, core/tipoffs.h), sealed like
-- the bytes: a file name can name the reporter. NULL for files kept before.
ALTER TABLE tipoff_attachments ADD COLUMN name TEXT;
