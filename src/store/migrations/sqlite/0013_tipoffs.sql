-- 0013: tip-offs (信访举报) with their case timeline and attachments, the
-- stage deadlines the discipline office sets, and supervision records
-- (conduct records in the six problem categories, 函询, 提醒; 诫勉 is a
-- punishment record, code O01, whose period the rules engine applies).
-- Every text a reporter wrote and who they are is kept sealed with the
-- data key (util/secret.h: "v1:" + base64), never in clear: a copy of the
-- database without the key file shows none of it. The tracking code is
-- kept only as its BLAKE2b hash (hex), so the database cannot give the
-- codes back either.

CREATE TABLE tipoffs (
    id INTEGER PRIMARY KEY,
    code_hash TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL CHECK (channel IN ('web', 'hotline', 'letter')),
    status TEXT NOT NULL CHECK (status IN ('received', 'accepted', 'checking', 'closed', 'filed', 'answered')),
    status_since TEXT NOT NULL,       -- YYYY-MM-DD the current stage began
    subject_name TEXT NOT NULL,       -- sealed: 被反映人
    subject_unit TEXT NOT NULL,       -- sealed: 被反映人单位
    content TEXT NOT NULL,            -- sealed: 反映的问题
    reporter TEXT,                    -- sealed JSON {"name","contact"}; NULL: anonymous
    specific INTEGER NOT NULL DEFAULT 0 CHECK (specific IN (0, 1)), -- 具体可查
    person_id INTEGER,                -- the cadre it concerns (see below)
    received_at TEXT NOT NULL,        -- UTC, YYYY-MM-DDTHH:MM:SSZ
    received_on TEXT NOT NULL,        -- local date, YYYY-MM-DD
    version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX tipoffs_status ON tipoffs(status, received_on);
-- person_id has no foreign key on purpose: a tip-off outlives an entry of
-- the cadre deleted in error, and when the 回收站 restores the person (with
-- the same id) the link, and the four-musts gate's count, hold again.
CREATE INDEX tipoffs_person ON tipoffs(person_id);
CREATE TRIGGER tipoffs_version AFTER UPDATE ON tipoffs FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE tipoffs SET version = OLD.version + 1 WHERE id = NEW.id; END;

-- Who did what and when: the arrival, every change of stage, the
-- reporter's additions and attachments, the staff's notes. The note is
-- sealed; the stage names are not secret.
CREATE TABLE tipoff_events (
    id INTEGER PRIMARY KEY,
    tipoff_id INTEGER NOT NULL REFERENCES tipoffs(id) ON DELETE CASCADE,
    at TEXT NOT NULL,                 -- UTC, YYYY-MM-DDTHH:MM:SSZ
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL, -- NULL: the reporter
    username TEXT,                    -- kept when the account goes
    kind TEXT NOT NULL CHECK (kind IN ('received', 'transition', 'addition', 'attachment', 'update')),
    from_status TEXT,
    to_status TEXT,
    note TEXT                         -- sealed
) STRICT;
CREATE INDEX tipoff_events_tipoff ON tipoff_events(tipoff_id, id);

CREATE TABLE tipoff_attachments (
    id INTEGER PRIMARY KEY,
    tipoff_id INTEGER NOT NULL REFERENCES tipoffs(id) ON DELETE CASCADE,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    data TEXT NOT NULL,               -- sealed bytes
    at TEXT NOT NULL
) STRICT;
CREATE INDEX tipoff_attachments_tipoff ON tipoff_attachments(tipoff_id);

-- Days each stage may last (core/tipoffs.h); the defaults of
-- TIPOFFS_DEFAULT_DEADLINES.
CREATE TABLE tipoff_deadlines (
    status TEXT PRIMARY KEY,
    days INTEGER NOT NULL CHECK (days >= 0)
) STRICT;
INSERT INTO tipoff_deadlines (status, days) VALUES
    ('received', 15), ('accepted', 15), ('checking', 90), ('closed', 15), ('filed', 90), ('answered', 0);

CREATE TABLE supervision_records (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('conduct', 'inquiry', 'reminder')),
    category TEXT CHECK (category IN ('political', 'posts', 'work_ethic', 'ability', 'teamwork', 'discipline')),
    occurred_on TEXT NOT NULL,        -- YYYY-MM-DD
    summary TEXT NOT NULL,
    evidence TEXT,
    authority TEXT,
    recorded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    recorded_by_name TEXT,
    recorded_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    CHECK ((kind = 'conduct') = (category IS NOT NULL))
) STRICT;
CREATE INDEX supervision_records_person ON supervision_records(person_id, occurred_on);
CREATE TRIGGER supervision_records_version AFTER UPDATE ON supervision_records FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE supervision_records SET version = OLD.version + 1 WHERE id = NEW.id; END;
