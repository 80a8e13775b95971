-- 0003: the qualification rule tables (core/rules.h as rows), the training
-- record, the 基层 flag on career records and the function of a unit.
-- Every rule table carries the same five columns (rule_id, source,
-- confidence, effective_from, effective_to) and one row per core struct;
-- store/rulebook.c seeds them from rules_seed() when they are empty. An
-- office's edit is a new row (a later effective_from) or a patch of one;
-- rows are read in id order, and where two rows are in force the later
-- one wins (core/rules.c LAST_IN_FORCE).
-- confidence: 'LAW', 'TXT', 'ONE', 'REC'. Dates ISO text, open end NULL.

CREATE TABLE rule_rank_step (
    id BIGSERIAL PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    target_rank TEXT NOT NULL,
    from_rank TEXT,
    from_post_level TEXT,
    months BIGINT NOT NULL
);

CREATE TABLE rule_grade_counting (
    id BIGSERIAL PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    excellent_reduction_months BIGINT NOT NULL,
    excellent_reduction_cap BIGINT NOT NULL,
    not_counted_grades TEXT,
    year_min_months BIGINT NOT NULL,
    excellent_for_posts BIGINT NOT NULL,
    merge_equivalent BIGINT NOT NULL,
    concurrent_posts_count BIGINT NOT NULL
);

CREATE TABLE rule_post_step (
    id BIGSERIAL PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    target_level TEXT NOT NULL,
    from_level TEXT NOT NULL,
    months BIGINT NOT NULL
);

CREATE TABLE rule_post_breadth (
    id BIGSERIAL PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    target_levels TEXT NOT NULL,
    levels TEXT NOT NULL,
    min_posts BIGINT NOT NULL
);

CREATE TABLE rule_post_first (
    id BIGSERIAL PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    target_levels TEXT NOT NULL,
    work_months BIGINT NOT NULL,
    grassroots_months BIGINT NOT NULL
);

CREATE TABLE rule_education (
    id BIGSERIAL PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    target_levels TEXT NOT NULL,
    min_education TEXT NOT NULL
);

CREATE TABLE rule_party_age (
    id BIGSERIAL PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    party_post TEXT NOT NULL CHECK (party_post IN ('branch', 'county', 'city')),
    months BIGINT NOT NULL,
    probation_months BIGINT NOT NULL
);

CREATE TABLE rule_training (
    id BIGSERIAL PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    upper BIGINT NOT NULL,
    min_post_level TEXT NOT NULL,
    min_rank TEXT NOT NULL,
    hours BIGINT NOT NULL,
    window_months BIGINT NOT NULL
);

CREATE TABLE rule_block (
    id BIGSERIAL PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    kind TEXT NOT NULL,
    months BIGINT NOT NULL,
    permanent BIGINT NOT NULL
);

CREATE TABLE rule_block_combination (
    id BIGSERIAL PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    category TEXT NOT NULL,
    combine BIGINT NOT NULL,
    same_kind_sum BIGINT NOT NULL,
    cap_months BIGINT NOT NULL
);

CREATE TABLE rule_bar (
    id BIGSERIAL PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    for_ranks BIGINT NOT NULL,
    for_posts BIGINT NOT NULL,
    grades TEXT
);

-- birth_from / birth_to: 'YYYY-MM', NULL = open.
CREATE TABLE rule_retirement (
    id BIGSERIAL PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    person_group TEXT NOT NULL,
    birth_from TEXT,
    birth_to TEXT,
    age_months BIGINT NOT NULL
);

CREATE TABLE rule_tenure_limit (
    id BIGSERIAL PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    kind TEXT NOT NULL,
    months BIGINT NOT NULL
);

-- Local age ceilings: no national rule, so seeded empty.
CREATE TABLE rule_age_ceiling (
    id BIGSERIAL PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    target TEXT NOT NULL,
    max_age_months BIGINT NOT NULL
);

CREATE TABLE rule_lowest_rank (
    id BIGSERIAL PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    post_level TEXT NOT NULL,
    rank TEXT NOT NULL
);

CREATE TABLE rule_check (
    id BIGSERIAL PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    value BIGINT NOT NULL
);

-- Switches of the rule set that are not rows of a table in core/rules.h:
-- 'female_county_at_60' (0/1). The last row of a key wins.
CREATE TABLE rule_setting (
    id BIGSERIAL PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    key TEXT NOT NULL,
    value BIGINT NOT NULL
);

-- §5 training (学时), a record kept under a person like the others.
CREATE TABLE training (
    id BIGSERIAL PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT,
    start_date TEXT,
    end_date TEXT,
    hours BIGINT NOT NULL,
    institution TEXT
);
CREATE INDEX training_person ON training(person_id, start_date);

-- §2.1(1) 基层工作经历: a career record spent at the grassroots.
ALTER TABLE career ADD COLUMN grassroots BIGINT NOT NULL DEFAULT 0;
-- 公务员法 Art.74 回避: 组织, 人事, 纪检, 监察, 审计, 财务 or NULL.
ALTER TABLE units ADD COLUMN function TEXT;
