-- 0010: assessment (考核, issue 11; docs/assessment.md). Schemes are
-- versioned trees (a scheme used by a round is frozen; editing it makes a
-- new version), rounds hold their people frozen at opening with their
-- results, ratings carry no account, and publishing writes each person's
-- grade into `assessments` marked with the round.

CREATE TABLE assessment_schemes (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    -- The cadre categories it applies to, '|'-separated ('' = all).
    categories TEXT NOT NULL DEFAULT '',
    level_excellent DOUBLE PRECISION NOT NULL DEFAULT 95,
    level_good DOUBLE PRECISION NOT NULL DEFAULT 85,
    level_fair DOUBLE PRECISION NOT NULL DEFAULT 75,
    level_poor DOUBLE PRECISION NOT NULL DEFAULT 60,
    frozen BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX assessment_schemes_name_version ON assessment_schemes(name, version);

-- A scheme's nodes by position, parents first (core/assessment.h).
CREATE TABLE assessment_dimensions (
    scheme_id BIGINT NOT NULL REFERENCES assessment_schemes(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    parent BIGINT NOT NULL,
    name TEXT NOT NULL,
    weight DOUBLE PRECISION NOT NULL,
    scale TEXT NOT NULL DEFAULT 'score' CHECK (scale IN ('score', 'level')),
    source TEXT NOT NULL DEFAULT 'rating' CHECK (source IN ('rating', 'exam')),
    PRIMARY KEY (scheme_id, position)
);

CREATE TABLE assessment_rounds (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('年度', '平时', '专项', '任期')),
    year BIGINT NOT NULL,
    quarter BIGINT,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    include_sub BIGINT NOT NULL DEFAULT 1,
    category TEXT,
    scheme_id BIGINT NOT NULL REFERENCES assessment_schemes(id),
    state TEXT NOT NULL DEFAULT '草稿' CHECK (state IN ('草稿', '评分中', '校准', '已公布', '已归档')),
    quota_pct BIGINT NOT NULL DEFAULT 20,
    quota_max_pct BIGINT NOT NULL DEFAULT 25,
    quota_approved BIGINT NOT NULL DEFAULT 0,
    quota_per_unit BIGINT NOT NULL DEFAULT 0,
    trim_min_n BIGINT NOT NULL DEFAULT 5,
    trim_drop BIGINT NOT NULL DEFAULT 1,
    threshold_excellent DOUBLE PRECISION NOT NULL DEFAULT 90,
    threshold_competent DOUBLE PRECISION NOT NULL DEFAULT 75,
    threshold_basic DOUBLE PRECISION NOT NULL DEFAULT 60,
    -- Key of the one-way submission tokens (hex); wiped when the round is
    -- published, after which not even who submitted can be recomputed.
    token_key TEXT,
    computed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX assessment_rounds_year ON assessment_rounds(year, kind);
CREATE TRIGGER assessment_rounds_version BEFORE UPDATE ON assessment_rounds FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

-- 测评主体 of a round with their weights (sum 100).
CREATE TABLE assessment_groups (
    round_id BIGINT NOT NULL REFERENCES assessment_rounds(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    weight DOUBLE PRECISION NOT NULL,
    anonymous BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (round_id, position)
);

-- The people in scope, frozen when the round opens, with their facts
-- (overrides), exam scores and results.
CREATE TABLE assessment_round_people (
    round_id BIGINT NOT NULL REFERENCES assessment_rounds(id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people(id),
    unit_id BIGINT NOT NULL,
    category TEXT NOT NULL,
    facts BIGINT NOT NULL DEFAULT 0,
    exam TEXT NOT NULL DEFAULT '',
    composite DOUBLE PRECISION,
    rank_unit BIGINT,
    rank_category BIGINT,
    proposed_grade TEXT,
    reasons TEXT,
    over_quota BIGINT NOT NULL DEFAULT 0,
    final_grade TEXT,
    calibration_reason TEXT,
    PRIMARY KEY (round_id, person_id)
);

-- Who rates whom: an account in a group rates the round's people of
-- `unit_id` (with its sub-units), or all of them when NULL.
CREATE TABLE assessment_raters (
    id BIGSERIAL PRIMARY KEY,
    round_id BIGINT NOT NULL REFERENCES assessment_rounds(id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL,
    group_position BIGINT NOT NULL,
    unit_id BIGINT REFERENCES units(id)
);
CREATE UNIQUE INDEX assessment_raters_round_account ON assessment_raters(round_id, account_id);

-- One rater's (or one sheet row's) scores of one person: the values of the
-- scheme's nodes by position, ','-separated, blank for none. No account,
-- no token, no time: nothing links a rating to who gave it.
CREATE TABLE assessment_ratings (
    id BIGSERIAL PRIMARY KEY,
    round_id BIGINT NOT NULL REFERENCES assessment_rounds(id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL,
    group_position BIGINT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('form', 'sheet')),
    scores TEXT NOT NULL
);
CREATE INDEX assessment_ratings_round ON assessment_ratings(round_id, person_id);

-- One-way tokens of the raters who submitted, to refuse a second
-- submission. Their order of arrival says nothing about which ratings came
-- with which: ratings sit at random ids (store/assessment.c).
CREATE TABLE assessment_submissions (
    round_id BIGINT NOT NULL REFERENCES assessment_rounds(id) ON DELETE CASCADE,
    token TEXT NOT NULL,
    PRIMARY KEY (round_id, token)
);

-- 处室绩效考核: a unit's tasks per year and the grade they give.
CREATE TABLE assessment_unit_tasks (
    id BIGSERIAL PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    year BIGINT NOT NULL,
    name TEXT NOT NULL,
    weight DOUBLE PRECISION NOT NULL,
    target TEXT,
    evidence TEXT,
    score DOUBLE PRECISION
);
CREATE INDEX assessment_unit_tasks_unit_year ON assessment_unit_tasks(unit_id, year);

-- A registry grade that a published round wrote names the round; hand
-- entry of such a year is refused (http/api_records.c).
ALTER TABLE assessments ADD COLUMN round_id BIGINT REFERENCES assessment_rounds(id);

-- The default schemes, one per category (分层分类), 德能勤绩廉 with the
-- speech's exams and ratings; offices edit them into new versions.
INSERT INTO assessment_schemes (name, categories, created_at)
SELECT '处级领导干部考核方案', '处级领导', '2026-01-01T00:00:00Z'
UNION ALL SELECT '处级非领导（职级）干部考核方案', '处级非领导/职级', '2026-01-01T00:00:00Z'
UNION ALL SELECT '科级及以下干部考核方案', '科级及以下', '2026-01-01T00:00:00Z'
UNION ALL SELECT '青年干部考核方案', '青年干部', '2026-01-01T00:00:00Z'
UNION ALL SELECT '结对帮带干部考核方案', '结对帮带', '2026-01-01T00:00:00Z'
UNION ALL SELECT '跟班轮训干部考核方案', '跟班轮训', '2026-01-01T00:00:00Z';

INSERT INTO assessment_dimensions (scheme_id, position, parent, name, weight, scale, source)
SELECT s.id, t.position, t.parent, t.name, t.weight, t.scale, t.source
FROM assessment_schemes s,
 (SELECT 0 AS position, -1 AS parent, '德' AS name, 20.0 AS weight, 'score' AS scale, 'rating' AS source
  UNION ALL SELECT 1, 0, '政治理论考试', 50.0, 'score', 'exam'
  UNION ALL SELECT 2, 0, '综合素质', 50.0, 'level', 'rating'
  UNION ALL SELECT 3, -1, '能', 30.0, 'score', 'rating'
  UNION ALL SELECT 4, 3, '业务政策考试', 25.0, 'score', 'exam'
  UNION ALL SELECT 5, 3, '管理能力', 25.0, 'score', 'rating'
  UNION ALL SELECT 6, 3, '文字能力', 15.0, 'score', 'rating'
  UNION ALL SELECT 7, 3, '协调能力', 15.0, 'score', 'rating'
  UNION ALL SELECT 8, 3, '群众工作能力', 20.0, 'score', 'rating'
  UNION ALL SELECT 9, -1, '勤', 15.0, 'score', 'rating'
  UNION ALL SELECT 10, 9, '工作作风', 100.0, 'level', 'rating'
  UNION ALL SELECT 11, -1, '绩', 25.0, 'score', 'rating'
  UNION ALL SELECT 12, 11, '工作实绩', 100.0, 'score', 'rating'
  UNION ALL SELECT 13, -1, '廉', 10.0, 'score', 'rating'
  UNION ALL SELECT 14, 13, '廉洁自律', 100.0, 'level', 'rating') t;
