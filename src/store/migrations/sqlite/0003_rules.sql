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
    id INTEGER PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    target_rank TEXT NOT NULL,
    from_rank TEXT,
    from_post_level TEXT,
    months INTEGER NOT NULL
) STRICT;

CREATE TABLE rule_grade_counting (
    id INTEGER PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    excellent_reduction_months INTEGER NOT NULL,
    excellent_reduction_cap INTEGER NOT NULL,
    not_counted_grades TEXT,
    year_min_months INTEGER NOT NULL,
    excellent_for_posts INTEGER NOT NULL,
    merge_equivalent INTEGER NOT NULL,
    concurrent_posts_count INTEGER NOT NULL
) STRICT;

CREATE TABLE rule_post_step (
    id INTEGER PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    target_level TEXT NOT NULL,
    from_level TEXT NOT NULL,
    months INTEGER NOT NULL
) STRICT;

CREATE TABLE rule_post_breadth (
    id INTEGER PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    target_levels TEXT NOT NULL,
    levels TEXT NOT NULL,
    min_posts INTEGER NOT NULL
) STRICT;

CREATE TABLE rule_post_first (
    id INTEGER PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    target_levels TEXT NOT NULL,
    work_months INTEGER NOT NULL,
    grassroots_months INTEGER NOT NULL
) STRICT;

CREATE TABLE rule_education (
    id INTEGER PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    target_levels TEXT NOT NULL,
    min_education TEXT NOT NULL
) STRICT;

CREATE TABLE rule_party_age (
    id INTEGER PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    party_post TEXT NOT NULL CHECK (party_post IN ('branch', 'county', 'city')),
    months INTEGER NOT NULL,
    probation_months INTEGER NOT NULL
) STRICT;

CREATE TABLE rule_training (
    id INTEGER PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    upper INTEGER NOT NULL,
    min_post_level TEXT NOT NULL,
    min_rank TEXT NOT NULL,
    hours INTEGER NOT NULL,
    window_months INTEGER NOT NULL
) STRICT;

CREATE TABLE rule_block (
    id INTEGER PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    kind TEXT NOT NULL,
    months INTEGER NOT NULL,
    permanent INTEGER NOT NULL
) STRICT;

CREATE TABLE rule_block_combination (
    id INTEGER PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    category TEXT NOT NULL,
    combine INTEGER NOT NULL,
    same_kind_sum INTEGER NOT NULL,
    cap_months INTEGER NOT NULL
) STRICT;

CREATE TABLE rule_bar (
    id INTEGER PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    for_ranks INTEGER NOT NULL,
    for_posts INTEGER NOT NULL,
    grades TEXT
) STRICT;

-- birth_from / birth_to: 'YYYY-MM', NULL = open.
CREATE TABLE rule_retirement (
    id INTEGER PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    person_group TEXT NOT NULL,
    birth_from TEXT,
    birth_to TEXT,
    age_months INTEGER NOT NULL
) STRICT;

CREATE TABLE rule_tenure_limit (
    id INTEGER PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    kind TEXT NOT NULL,
    months INTEGER NOT NULL
) STRICT;

-- Local age ceilings: no national rule, so seeded empty.
CREATE TABLE rule_age_ceiling (
    id INTEGER PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    target TEXT NOT NULL,
    max_age_months INTEGER NOT NULL
) STRICT;

CREATE TABLE rule_lowest_rank (
    id INTEGER PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    post_level TEXT NOT NULL,
    rank TEXT NOT NULL
) STRICT;

CREATE TABLE rule_check (
    id INTEGER PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    value INTEGER NOT NULL
) STRICT;

-- Switches of the rule set that are not rows of a table in core/rules.h:
-- 'female_county_at_60' (0/1). The last row of a key wins.
CREATE TABLE rule_setting (
    id INTEGER PRIMARY KEY,
    rule_id TEXT NOT NULL, source TEXT NOT NULL,
    confidence TEXT NOT NULL CHECK (confidence IN ('LAW', 'TXT', 'ONE', 'REC')),
    effective_from TEXT, effective_to TEXT,
    key TEXT NOT NULL,
    value INTEGER NOT NULL
) STRICT;

-- §5 training (学时), a record kept under a person like the others.
CREATE TABLE training (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT,
    start_date TEXT,
    end_date TEXT,
    hours INTEGER NOT NULL,
    institution TEXT
) STRICT;
CREATE INDEX training_person ON training(person_id, start_date);

-- §2.1(1) 基层工作经历: a career record spent at the grassroots.
ALTER TABLE career ADD COLUMN grassroots INTEGER NOT NULL DEFAULT 0;
-- 公务员法 Art.74 回避: 组织, 人事, 纪检, 监察, 审计, 财务 or NULL.
ALTER TABLE units ADD COLUMN function TEXT;
