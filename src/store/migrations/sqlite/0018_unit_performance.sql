-- 0018: 处室绩效考核 (issue 11, docs/assessment.md). Unit categories, each
-- with its own standard and grade lines (优秀 / 良好 / 一般 lower bounds);
-- each unit's category per year; a task and a category carry a version
-- (ETag) since the office edits them. A unit without a category for the
-- year is graded by the default lines 90 / 80 / 60.
CREATE TABLE assessment_unit_categories (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    standard TEXT,
    excellent REAL NOT NULL DEFAULT 90,
    good REAL NOT NULL DEFAULT 80,
    fair REAL NOT NULL DEFAULT 60,
    version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE UNIQUE INDEX assessment_unit_categories_name ON assessment_unit_categories(name);
CREATE TRIGGER assessment_unit_categories_version AFTER UPDATE ON assessment_unit_categories
FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE assessment_unit_categories SET version = OLD.version + 1 WHERE id = NEW.id; END;

CREATE TABLE assessment_unit_years (
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    category_id INTEGER NOT NULL REFERENCES assessment_unit_categories(id),
    PRIMARY KEY (unit_id, year)
) STRICT;

ALTER TABLE assessment_unit_tasks ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER assessment_unit_tasks_version AFTER UPDATE ON assessment_unit_tasks
FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE assessment_unit_tasks SET version = OLD.version + 1 WHERE id = NEW.id; END;
