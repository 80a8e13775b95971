-- 0001: the registry: code tables, units, people and their records,
-- accounts, sessions, tokens, and the audit log.
-- Dates are ISO text: 'YYYY-MM-DD', or 'YYYY-MM' when only the month is known.

CREATE TABLE codes (
    table_name TEXT NOT NULL,
    code TEXT NOT NULL,
    label TEXT NOT NULL,
    sort BIGINT NOT NULL,
    PRIMARY KEY (table_name, code)
);

CREATE TABLE units (
    id BIGSERIAL PRIMARY KEY,
    parent_id BIGINT REFERENCES units(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    code TEXT,
    sort BIGINT NOT NULL DEFAULT 0,
    notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX units_parent_name ON units(coalesce(parent_id, 0), name);

-- How many leadership posts of each level a unit may have (职数).
CREATE TABLE unit_establishment (
    unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    post_level TEXT NOT NULL,
    count BIGINT NOT NULL CHECK (count >= 0),
    PRIMARY KEY (unit_id, post_level)
);

CREATE TABLE people (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    gender TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    ethnicity TEXT,
    native_place TEXT,
    birth_place TEXT,
    party TEXT,
    party_join_date TEXT,
    work_start_date TEXT,
    health TEXT,
    title TEXT,
    specialty TEXT,
    id_number TEXT UNIQUE,
    phone TEXT,
    unit_id BIGINT REFERENCES units(id),
    status TEXT NOT NULL DEFAULT '1',
    notes TEXT,
    -- Derived on every write by store/people.c, for fast lists and sorting.
    name_pinyin TEXT NOT NULL DEFAULT '',
    name_initials TEXT NOT NULL DEFAULT '',
    name_strokes TEXT NOT NULL DEFAULT '',
    current_rank TEXT,
    current_rank_order BIGINT,
    current_rank_start TEXT,
    current_post_level TEXT,
    current_post_order BIGINT,
    current_post_title TEXT,
    current_post_start TEXT,
    education TEXT,
    education_order BIGINT,
    degree TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX people_unit ON people(unit_id, status);
CREATE INDEX people_birth ON people(birth_date);
CREATE INDEX people_pinyin ON people(name_pinyin);
CREATE INDEX people_initials ON people(name_initials);
CREATE INDEX people_name ON people(name);
CREATE INDEX people_strokes ON people(name_strokes);
CREATE INDEX people_rank ON people(current_rank, status);
CREATE INDEX people_post_level ON people(current_post_level, status);
CREATE INDEX people_status ON people(status, id);
-- The roster is nearly always filtered by status (在职) and sorted: with
-- status first, a page is read off the index in order (each index ends in
-- the id, the tiebreak), and counts by status and age stay inside it.
CREATE INDEX people_status_strokes ON people(status, name_strokes);
CREATE INDEX people_status_pinyin ON people(status, name_pinyin);
CREATE INDEX people_status_birth ON people(status, birth_date);
CREATE INDEX people_status_rank ON people(status, current_rank_order);
CREATE INDEX people_status_post ON people(status, current_post_order);
CREATE INDEX people_status_education ON people(status, education_order);
CREATE INDEX people_rank_order ON people(current_rank_order);
CREATE INDEX people_post_order ON people(current_post_order);
CREATE INDEX people_education_order ON people(education_order);

CREATE TABLE career (
    id BIGSERIAL PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('post', 'rank')),
    unit_id BIGINT REFERENCES units(id),
    title TEXT,
    post_level TEXT,
    rank TEXT,
    start_date TEXT NOT NULL,
    end_date TEXT,
    document_number TEXT,
    concurrent BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX career_person ON career(person_id, start_date);
CREATE INDEX career_unit ON career(unit_id);

CREATE TABLE education (
    id BIGSERIAL PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    education TEXT,
    degree TEXT,
    school TEXT,
    major TEXT,
    start_date TEXT,
    end_date TEXT
);
CREATE INDEX education_person ON education(person_id);

CREATE TABLE assessments (
    id BIGSERIAL PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    year BIGINT NOT NULL,
    grade TEXT NOT NULL,
    notes TEXT
);
CREATE UNIQUE INDEX assessments_person_year ON assessments(person_id, year);

CREATE TABLE rewards (
    id BIGSERIAL PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    award_date TEXT,
    authority TEXT,
    document_number TEXT,
    notes TEXT
);
CREATE INDEX rewards_person ON rewards(person_id);

CREATE TABLE punishments (
    id BIGSERIAL PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    decision_date TEXT NOT NULL,
    effect_months BIGINT NOT NULL DEFAULT 0,
    reason TEXT,
    authority TEXT,
    document_number TEXT
);
CREATE INDEX punishments_person ON punishments(person_id);

CREATE TABLE family (
    id BIGSERIAL PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    relation TEXT NOT NULL,
    name TEXT NOT NULL,
    birth_date TEXT,
    party TEXT,
    work_unit TEXT,
    id_number TEXT,
    status TEXT
);
CREATE INDEX family_person ON family(person_id);

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT,
    password_hash TEXT NOT NULL,
    must_change_password BIGINT NOT NULL DEFAULT 0,
    disabled BIGINT NOT NULL DEFAULT 0,
    person_id BIGINT REFERENCES people(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A user's roles, each optionally scoped to a unit and its sub-units.
CREATE TABLE user_roles (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    unit_id BIGINT REFERENCES units(id)
);
CREATE UNIQUE INDEX user_roles_unique ON user_roles(user_id, role, coalesce(unit_id, 0));

-- Tokens are stored as hashes only: a copied database opens no session.
CREATE TABLE sessions (
    id BIGSERIAL PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    csrf_token TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    source_addr TEXT,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE api_tokens (
    id BIGSERIAL PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked BIGINT NOT NULL DEFAULT 0
);

-- Every change, login and refusal; hash-chained (BLAKE2b of the previous
-- hash and this row), written in the same transaction as the action.
CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at TEXT NOT NULL,
    user_id BIGINT,
    username TEXT,
    role TEXT,
    source_addr TEXT,
    action TEXT NOT NULL,
    object_type TEXT,
    object_id TEXT,
    outcome TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_at ON audit_log(at);
CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- 23000 integrity_constraint_violation: the driver's ERR_CONFLICT, as
    -- SQLite's RAISE(ABORT) in a trigger is SQLITE_CONSTRAINT.
    RAISE EXCEPTION 'audit records cannot be %', CASE TG_OP WHEN 'UPDATE' THEN 'changed' ELSE 'deleted' END
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE PROCEDURE audit_log_refuse();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE PROCEDURE audit_log_refuse();
