-- 0011: the training module (#12, docs/training.md): programmes, classes
-- (期) and their sessions (场次), enrolment, attendance per session, external
-- training entered for approval, mentoring pairs (师傅带徒弟) and shadow
-- rotation placements (跟班轮训、挂职). The hand-typed `training` records of
-- 0003 stay as they are (history); store/qualify_data.c reads both.
-- Hours are whole 学时 (as the hand-typed records); the office's figures
-- (day↔学时, the leave cap) live in `settings` under "training.*".

CREATE TABLE training_programmes (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    level TEXT,
    category TEXT,
    delivery TEXT CHECK (delivery IN ('invite', 'send', 'online')),
    organiser TEXT,
    institution TEXT,
    recognised INTEGER NOT NULL DEFAULT 1,
    notes TEXT,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;

-- A class (期). `recognised` starts as its programme's or its category's
-- and the office may change it; `recurring` marks a weekly series (青年大讲堂)
-- whose sessions were generated.
CREATE TABLE training_classes (
    id INTEGER PRIMARY KEY,
    programme_id INTEGER REFERENCES training_programmes(id),
    name TEXT NOT NULL,
    organiser TEXT,
    category TEXT,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    place TEXT,
    capacity INTEGER NOT NULL DEFAULT 0,
    recognised INTEGER NOT NULL DEFAULT 1,
    recurring INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX training_classes_name ON training_classes(name, start_date, end_date);
CREATE INDEX training_classes_end ON training_classes(end_date);

CREATE TABLE training_sessions (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES training_classes(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    start_time TEXT,
    end_time TEXT,
    hours INTEGER NOT NULL,
    topic TEXT,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX training_sessions_class ON training_sessions(class_id, day);

-- One person in one class. `credited` and `passed` are what core/training.c
-- computed from the attendance the last time it changed (store/training.c
-- keeps them current), so compliance reads one row per person and class.
-- An imported row has no sessions: its hours and leave come from the sheet.
CREATE TABLE training_enrolments (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES training_classes(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'enrolled'
        CHECK (status IN ('enrolled', 'completed', 'failed', 'withdrawn')),
    credited INTEGER NOT NULL DEFAULT 0,
    missed INTEGER NOT NULL DEFAULT 0,
    passed INTEGER NOT NULL DEFAULT 1,
    score INTEGER,
    certificate_no TEXT,
    imported INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (class_id, person_id)
) STRICT;
CREATE INDEX training_enrolments_person ON training_enrolments(person_id);

CREATE TABLE training_attendance (
    session_id INTEGER NOT NULL REFERENCES training_sessions(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    mark TEXT NOT NULL CHECK (mark IN ('present', 'leave', 'absent', 'made_up')),
    reason TEXT,
    PRIMARY KEY (session_id, person_id)
) STRICT;
CREATE INDEX training_attendance_person ON training_attendance(person_id);

-- Training the cadre (self-service) or the office enters, with evidence;
-- it counts once the office approves it.
CREATE TABLE training_external (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    institution TEXT,
    category TEXT,
    start_date TEXT,
    end_date TEXT NOT NULL,
    hours INTEGER NOT NULL,
    recognised INTEGER NOT NULL DEFAULT 1,
    evidence TEXT,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    review_note TEXT,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX training_external_person ON training_external(person_id, end_date);

-- 师傅带徒弟: a pair, its records by either side, and the mid-term and final
-- evaluations by the mentor, the apprentice and the unit.
CREATE TABLE training_pairs (
    id INTEGER PRIMARY KEY,
    mentor_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    apprentice_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    start_date TEXT NOT NULL,
    end_date TEXT,
    goals TEXT,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
    version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE TABLE training_pair_records (
    id INTEGER PRIMARY KEY,
    pair_id INTEGER NOT NULL REFERENCES training_pairs(id) ON DELETE CASCADE,
    author TEXT NOT NULL CHECK (author IN ('mentor', 'apprentice')),
    day TEXT NOT NULL,
    content TEXT NOT NULL
) STRICT;
CREATE TABLE training_pair_evaluations (
    id INTEGER PRIMARY KEY,
    pair_id INTEGER NOT NULL REFERENCES training_pairs(id) ON DELETE CASCADE,
    stage TEXT NOT NULL CHECK (stage IN ('mid', 'final')),
    by_role TEXT NOT NULL CHECK (by_role IN ('mentor', 'apprentice', 'unit')),
    grade TEXT,
    comment TEXT,
    day TEXT NOT NULL,
    UNIQUE (pair_id, stage, by_role)
) STRICT;

-- 跟班轮训 / 挂职: a trainee placed in a host unit for a period.
CREATE TABLE training_placements (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('shadow', 'secondment')),
    host_unit TEXT NOT NULL,
    supervisor TEXT,
    start_date TEXT NOT NULL,
    end_date TEXT,
    tasks TEXT,
    report TEXT,
    host_evaluation TEXT,
    host_grade TEXT,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TRIGGER training_programmes_version AFTER UPDATE ON training_programmes FOR EACH ROW
WHEN NEW.version = OLD.version
BEGIN UPDATE training_programmes SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER training_classes_version AFTER UPDATE ON training_classes FOR EACH ROW
WHEN NEW.version = OLD.version
BEGIN UPDATE training_classes SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER training_sessions_version AFTER UPDATE ON training_sessions FOR EACH ROW
WHEN NEW.version = OLD.version
BEGIN UPDATE training_sessions SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER training_enrolments_version AFTER UPDATE ON training_enrolments FOR EACH ROW
WHEN NEW.version = OLD.version
BEGIN UPDATE training_enrolments SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER training_external_version AFTER UPDATE ON training_external FOR EACH ROW
WHEN NEW.version = OLD.version
BEGIN UPDATE training_external SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER training_pairs_version AFTER UPDATE ON training_pairs FOR EACH ROW
WHEN NEW.version = OLD.version
BEGIN UPDATE training_pairs SET version = OLD.version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER training_placements_version AFTER UPDATE ON training_placements FOR EACH ROW
WHEN NEW.version = OLD.version
BEGIN UPDATE training_placements SET version = OLD.version + 1 WHERE id = NEW.id; END;
