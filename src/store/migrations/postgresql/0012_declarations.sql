-- 0012: personal-matters reports (个人有关事项报告, RULES.md §7; issue 13).
-- Who must report is computed from the registry (core/declarations.h); an
-- office's exception for one person, with its reason, is a row of
-- declaration_obligations. A report's items are one JSON document sealed
-- with the key file (util/secret.h): `content` holds no readable text. The
-- yearly draw keeps its inputs so anyone can redo it, and one year has one
-- draw. A check (查核) keeps its findings sealed, the proposed handling, the
-- decision, and the punishment record the decision wrote (which is what the
-- qualification engine bars on).

CREATE TABLE declaration_obligations (
    id BIGSERIAL PRIMARY KEY,
    person_id BIGINT NOT NULL UNIQUE REFERENCES people(id) ON DELETE CASCADE,
    obliged BIGINT NOT NULL CHECK (obliged IN (0, 1)),
    reason TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE declarations (
    id BIGSERIAL PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    year BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('annual', 'event')),
    event_date TEXT,
    deadline TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
    submitted_on TEXT,
    entered_by TEXT NOT NULL CHECK (entered_by IN ('self', 'office')),
    content TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX declarations_person ON declarations(person_id, year);
CREATE UNIQUE INDEX declarations_annual ON declarations(person_id, year) WHERE kind = 'annual';
CREATE TRIGGER declarations_version BEFORE UPDATE ON declarations FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

CREATE TABLE declaration_draws (
    id BIGSERIAL PRIMARY KEY,
    year BIGINT NOT NULL UNIQUE,
    seed TEXT NOT NULL,
    ratio TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    obliged TEXT NOT NULL,
    obliged_count BIGINT NOT NULL,
    drawn TEXT NOT NULL,
    sample_count BIGINT NOT NULL,
    fingerprint TEXT NOT NULL,
    drawn_at TEXT NOT NULL
);

CREATE TABLE declaration_checks (
    id BIGSERIAL PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    year BIGINT NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('random', 'promotion', 'reserve', 'tipoff', 'post', 'other')),
    draw_id BIGINT REFERENCES declaration_draws(id),
    note TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'checked', 'decided')),
    checked_on TEXT,
    findings TEXT,
    worst_class TEXT CHECK (worst_class IN ('omission', 'concealment')),
    proposal TEXT,
    decision TEXT,
    decision_date TEXT,
    punishment_id BIGINT REFERENCES punishments(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX declaration_checks_person ON declaration_checks(person_id, year);
CREATE TRIGGER declaration_checks_version BEFORE UPDATE ON declaration_checks FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();
