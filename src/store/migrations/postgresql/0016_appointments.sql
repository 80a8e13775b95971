-- 0016: appointment cases (任免事项, issue 14; docs/appointments.md): the
-- case, its dated steps, the four musts (凡提四必) as an append-only list of
-- check entries (the latest of each counts), objections raised during the
-- public notice, and the office's holiday calendar that the notice's working
-- days are counted with.
--
-- Every child table carries person_id too, so that the 回收站 keeps and
-- restores a deleted person's cases whole (store/recycle.c person_tables).

CREATE TABLE appointment_cases (
    id BIGSERIAL PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('post', 'rank', 'down')),
    rank TEXT,                        -- target rank code (kind rank)
    title TEXT,                       -- target post title (kind post, down)
    post_level TEXT,                  -- target post level code
    unit_id BIGINT REFERENCES units(id),
    concurrent BIGINT NOT NULL DEFAULT 0 CHECK (concurrent IN (0, 1)), -- 兼任: the old post is kept
    probation BIGINT NOT NULL DEFAULT 0 CHECK (probation IN (0, 1)),   -- 试用期 applies (§2.4)
    reason TEXT NOT NULL,             -- 任免理由
    exceptional BIGINT NOT NULL DEFAULT 0 CHECK (exceptional IN (0, 1)), -- 破格
    exceptional_reason TEXT,
    exceptional_approval TEXT,        -- the higher department's prior approval (文号)
    state TEXT NOT NULL CHECK (state IN ('motion', 'recommendation', 'vetting', 'decision', 'notice',
        'reported', 'consented', 'approved', 'appointed', 'returned', 'stopped')),
    state_since TEXT NOT NULL,        -- YYYY-MM-DD of the last step
    stop_reasons TEXT,                -- JSON array of the 不得 reasons that stopped it
    notice_start TEXT,
    notice_end TEXT,                  -- the last working day of the 公示
    career_id BIGINT,                -- the career record written at 任职
    probation_end TEXT,               -- last day of the 试用期
    created_at TEXT NOT NULL,
    created_by TEXT,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX appointment_cases_state ON appointment_cases(state, state_since);
CREATE INDEX appointment_cases_person ON appointment_cases(person_id);
CREATE TRIGGER appointment_cases_version BEFORE UPDATE ON appointment_cases FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

CREATE TABLE appointment_steps (
    id BIGSERIAL PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES appointment_cases(id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    on_date TEXT NOT NULL,            -- YYYY-MM-DD the step was taken
    document_number TEXT,             -- 文号
    notes TEXT,
    username TEXT,                    -- who recorded it
    at TEXT NOT NULL                  -- UTC, YYYY-MM-DDTHH:MM:SSZ
);
CREATE INDEX appointment_steps_case ON appointment_steps(case_id, id);

CREATE TABLE appointment_checks (
    id BIGSERIAL PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES appointment_cases(id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    check_name TEXT NOT NULL CHECK (check_name IN ('archive', 'declarations', 'discipline', 'tipoffs')),
    result TEXT NOT NULL CHECK (result IN ('passed', 'failed', 'withdrawn')),
    checked_on TEXT NOT NULL,
    checked_by TEXT NOT NULL,         -- the checker, as written on the check
    notes TEXT,
    attachment TEXT,                  -- the document it rests on (name or 文号)
    evidence TEXT,                    -- JSON: what the system found (record checks, ...)
    username TEXT,
    at TEXT NOT NULL
);
CREATE INDEX appointment_checks_case ON appointment_checks(case_id, check_name, id);

CREATE TABLE appointment_objections (
    id BIGSERIAL PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES appointment_cases(id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    received_on TEXT NOT NULL,
    content TEXT NOT NULL,
    resolution TEXT,                  -- NULL while open
    resolved_on TEXT,
    username TEXT,
    at TEXT NOT NULL
);
CREATE INDEX appointment_objections_case ON appointment_objections(case_id);

-- The holiday calendar: a weekday off (放假) or a weekend worked (调休上班).
-- A day not listed is a working day from Monday to Friday. The office adds
-- each year's days from the State Council's notice (GET/PUT
-- /api/v1/holidays).
CREATE TABLE holidays (
    day TEXT PRIMARY KEY,             -- YYYY-MM-DD
    workday BIGINT NOT NULL CHECK (workday IN (0, 1)),
    name TEXT NOT NULL
);

-- Seed: 2026 as the State Council set it (国务院办公厅关于2026年部分节假日安排
-- 的通知, 国办发明电〔2025〕7号, 2025-11-04: 元旦 1.1–1.3, 1.4 worked; 春节
-- 2.15–2.23, 2.14 and 2.28 worked; 清明 4.4–4.6; 劳动节 5.1–5.5, 5.9 worked;
-- 端午 6.19–6.21; 中秋 9.25–9.27; 国庆 10.1–10.7, 9.20 and 10.10 worked).
-- 2027: the State Council's notice was not out when this was written, so
-- only the statutory days of 全国年节及纪念日放假办法 (2024 revision, 国务院令
-- 第795号 Art. 2) are seeded — 元旦 1 day, 春节 除夕 to 初三 (2027-02-05..08),
-- 清明 4.5, 劳动节 5.1–5.2, 端午 6.9, 中秋 9.15, 国庆 10.1–10.3 — without the
-- 调休 the notice will add; the office completes them on the 节假日 page.
INSERT INTO holidays (day, workday, name) VALUES
    ('2026-01-01', 0, '元旦'),
    ('2026-01-02', 0, '元旦'),
    ('2026-01-03', 0, '元旦'),
    ('2026-01-04', 1, '元旦调休上班'),
    ('2026-02-14', 1, '春节调休上班'),
    ('2026-02-15', 0, '春节'),
    ('2026-02-16', 0, '春节'),
    ('2026-02-17', 0, '春节'),
    ('2026-02-18', 0, '春节'),
    ('2026-02-19', 0, '春节'),
    ('2026-02-20', 0, '春节'),
    ('2026-02-21', 0, '春节'),
    ('2026-02-22', 0, '春节'),
    ('2026-02-23', 0, '春节'),
    ('2026-02-28', 1, '春节调休上班'),
    ('2026-04-04', 0, '清明节'),
    ('2026-04-05', 0, '清明节'),
    ('2026-04-06', 0, '清明节'),
    ('2026-05-01', 0, '劳动节'),
    ('2026-05-02', 0, '劳动节'),
    ('2026-05-03', 0, '劳动节'),
    ('2026-05-04', 0, '劳动节'),
    ('2026-05-05', 0, '劳动节'),
    ('2026-05-09', 1, '劳动节调休上班'),
    ('2026-06-19', 0, '端午节'),
    ('2026-06-20', 0, '端午节'),
    ('2026-06-21', 0, '端午节'),
    ('2026-09-20', 1, '国庆节调休上班'),
    ('2026-09-25', 0, '中秋节'),
    ('2026-09-26', 0, '中秋节'),
    ('2026-09-27', 0, '中秋节'),
    ('2026-10-01', 0, '国庆节'),
    ('2026-10-02', 0, '国庆节'),
    ('2026-10-03', 0, '国庆节'),
    ('2026-10-04', 0, '国庆节'),
    ('2026-10-05', 0, '国庆节'),
    ('2026-10-06', 0, '国庆节'),
    ('2026-10-07', 0, '国庆节'),
    ('2026-10-10', 1, '国庆节调休上班'),
    ('2027-01-01', 0, '元旦'),
    ('2027-02-05', 0, '春节'),
    ('2027-02-06', 0, '春节'),
    ('2027-02-07', 0, '春节'),
    ('2027-02-08', 0, '春节'),
    ('2027-04-05', 0, '清明节'),
    ('2027-05-01', 0, '劳动节'),
    ('2027-05-02', 0, '劳动节'),
    ('2027-06-09', 0, '端午节'),
    ('2027-09-15', 0, '中秋节'),
    ('2027-10-01', 0, '国庆节'),
    ('2027-10-02', 0, '国庆节'),
    ('2027-10-03', 0, '国庆节');
