-- 0018: 处室绩效考核 (issue 11, docs/assessment.md). Unit categories, each
-- with its own standard and grade lines (优秀 / 良好 / 一般 lower bounds);
-- each unit's category per year; a task and a category carry a version
-- (ETag) since the office edits them. A unit without a category for the
-- year is graded by the default lines 90 / 80 / 60.
CREATE TABLE assessment_unit_categories (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    standard TEXT,
    excellent DOUBLE PRECISION NOT NULL DEFAULT 90,
    good DOUBLE PRECISION NOT NULL DEFAULT 80,
    fair DOUBLE PRECISION NOT NULL DEFAULT 60,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX assessment_unit_categories_name ON assessment_unit_categories(name);
CREATE TRIGGER assessment_unit_categories_version BEFORE UPDATE ON assessment_unit_categories
FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

CREATE TABLE assessment_unit_years (
    unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    year BIGINT NOT NULL,
    category_id BIGINT NOT NULL REFERENCES assessment_unit_categories(id),
    PRIMARY KEY (unit_id, year)
);

ALTER TABLE assessment_unit_tasks ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER assessment_unit_tasks_version BEFORE UPDATE ON assessment_unit_tasks
FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();
