-- 0011: the training module (#12, docs/training.md): programmes, classes
-- (期) and their sessions (场次), enrolment, attendance per session, external
-- training entered for approval, mentoring pairs (师傅带徒弟) and shadow
-- rotation placements (跟班轮训、挂职). The hand-typed `training` records of
-- 0003 stay as they are (history); store/qualify_data.c reads both.
-- Hours are whole 学时 (as the hand-typed records); the office's figures
-- (day↔学时, the leave cap) live in `settings` under "training.*".

CREATE TABLE training_programmes (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    level TEXT,
    category TEXT,
    delivery TEXT CHECK (delivery IN ('invite', 'send', 'online')),
    organiser TEXT,
    institution TEXT,
    recognised BIGINT NOT NULL DEFAULT 1,
    notes TEXT,
    version BIGINT NOT NULL DEFAULT 1
);

-- A class (期). `recognised` starts as its programme's or its category's
-- and the office may change it; `recurring` marks a weekly series (青年大讲堂)
-- whose sessions were generated.
CREATE TABLE training_classes (
    id BIGSERIAL PRIMARY KEY,
    programme_id BIGINT REFERENCES training_programmes(id),
    name TEXT NOT NULL,
    organiser TEXT,
    category TEXT,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    place TEXT,
    capacity BIGINT NOT NULL DEFAULT 0,
    recognised BIGINT NOT NULL DEFAULT 1,
    recurring BIGINT NOT NULL DEFAULT 0,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX training_classes_name ON training_classes(name, start_date, end_date);
CREATE INDEX training_classes_end ON training_classes(end_date);

CREATE TABLE training_sessions (
    id BIGSERIAL PRIMARY KEY,
    class_id BIGINT NOT NULL REFERENCES training_classes(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    start_time TEXT,
    end_time TEXT,
    hours BIGINT NOT NULL,
    topic TEXT,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX training_sessions_class ON training_sessions(class_id, day);

-- One person in one class. `credited` and `passed` are what core/training.c
-- computed from the attendance the last time it changed (store/training.c
-- keeps them current), so compliance reads one row per person and class.
-- An imported row has no sessions: its hours and leave come from the sheet.
CREATE TABLE training_enrolments (
    id BIGSERIAL PRIMARY KEY,
    class_id BIGINT NOT NULL REFERENCES training_classes(id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'enrolled'
        CHECK (status IN ('enrolled', 'completed', 'failed', 'withdrawn')),
    credited BIGINT NOT NULL DEFAULT 0,
    missed BIGINT NOT NULL DEFAULT 0,
    passed BIGINT NOT NULL DEFAULT 1,
    score BIGINT,
    certificate_no TEXT,
    imported BIGINT NOT NULL DEFAULT 0,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (class_id, person_id)
);
CREATE INDEX training_enrolments_person ON training_enrolments(person_id);

CREATE TABLE training_attendance (
    session_id BIGINT NOT NULL REFERENCES training_sessions(id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    mark TEXT NOT NULL CHECK (mark IN ('present', 'leave', 'absent', 'made_up')),
    reason TEXT,
    PRIMARY KEY (session_id, person_id)
);
CREATE INDEX training_attendance_person ON training_attendance(person_id);

-- Training the cadre (self-service) or the office enters, with evidence;
-- it counts once the office approves it.
CREATE TABLE training_external (
    id BIGSERIAL PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    institution TEXT,
    category TEXT,
    start_date TEXT,
    end_date TEXT NOT NULL,
    hours BIGINT NOT NULL,
    recognised BIGINT NOT NULL DEFAULT 1,
    evidence TEXT,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    review_note TEXT,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX training_external_person ON training_external(person_id, end_date);

-- 师傅带徒弟: a pair, its records by either side, and the mid-term and final
-- evaluations by the mentor, the apprentice and the unit.
CREATE TABLE training_pairs (
    id BIGSERIAL PRIMARY KEY,
    mentor_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    apprentice_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    start_date TEXT NOT NULL,
    end_date TEXT,
    goals TEXT,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
    version BIGINT NOT NULL DEFAULT 1
);
CREATE TABLE training_pair_records (
    id BIGSERIAL PRIMARY KEY,
    pair_id BIGINT NOT NULL REFERENCES training_pairs(id) ON DELETE CASCADE,
    author TEXT NOT NULL CHECK (author IN ('mentor', 'apprentice')),
    day TEXT NOT NULL,
    content TEXT NOT NULL
);
CREATE TABLE training_pair_evaluations (
    id BIGSERIAL PRIMARY KEY,
    pair_id BIGINT NOT NULL REFERENCES training_pairs(id) ON DELETE CASCADE,
    stage TEXT NOT NULL CHECK (stage IN ('mid', 'final')),
    by_role TEXT NOT NULL CHECK (by_role IN ('mentor', 'apprentice', 'unit')),
    grade TEXT,
    comment TEXT,
    day TEXT NOT NULL,
    UNIQUE (pair_id, stage, by_role)
);

-- 跟班轮训 / 挂职: a trainee placed in a host unit for a period.
CREATE TABLE training_placements (
    id BIGSERIAL PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('shadow', 'secondment')),
    host_unit TEXT NOT NULL,
    supervisor TEXT,
    start_date TEXT NOT NULL,
    end_date TEXT,
    tasks TEXT,
    report TEXT,
    host_evaluation TEXT,
    host_grade TEXT,
    version BIGINT NOT NULL DEFAULT 1
);

CREATE TRIGGER training_programmes_version BEFORE UPDATE ON training_programmes FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();
CREATE TRIGGER training_classes_version BEFORE UPDATE ON training_classes FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();
CREATE TRIGGER training_sessions_version BEFORE UPDATE ON training_sessions FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();
CREATE TRIGGER training_enrolments_version BEFORE UPDATE ON training_enrolments FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();
CREATE TRIGGER training_external_version BEFORE UPDATE ON training_external FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();
CREATE TRIGGER training_pairs_version BEFORE UPDATE ON training_pairs FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();
CREATE TRIGGER training_placements_version BEFORE UPDATE ON training_placements FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();
