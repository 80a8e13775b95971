-- 0007: row versions for conditional writes. Every record a client can
-- change carries a version, starting at 1 and raised by one on every UPDATE
-- of its row (by the trigger, so that no store function can forget it).
-- The API answers it as the record's ETag, and a PATCH, PUT or DELETE with
-- If-Match gets 412 when it differs (http/router.c): two officers editing
-- one cadre no longer lose the first one's save without a word.
-- SQLite triggers; a PostgreSQL dialect file does the same with a trigger
-- function. The WHEN clause keeps the trigger's own UPDATE from firing it
-- again (recursive triggers are off by default anyway).

ALTER TABLE units ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER units_version AFTER UPDATE ON units FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE units SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE people ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER people_version AFTER UPDATE ON people FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE people SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE career ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER career_version AFTER UPDATE ON career FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE career SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE education ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER education_version AFTER UPDATE ON education FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE education SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE assessments ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER assessments_version AFTER UPDATE ON assessments FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE assessments SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE rewards ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER rewards_version AFTER UPDATE ON rewards FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE rewards SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE punishments ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER punishments_version AFTER UPDATE ON punishments FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE punishments SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE family ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER family_version AFTER UPDATE ON family FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE family SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE training ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER training_version AFTER UPDATE ON training FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE training SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE rule_rank_step ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER rule_rank_step_version AFTER UPDATE ON rule_rank_step FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE rule_rank_step SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE rule_grade_counting ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER rule_grade_counting_version AFTER UPDATE ON rule_grade_counting FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE rule_grade_counting SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE rule_post_step ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER rule_post_step_version AFTER UPDATE ON rule_post_step FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE rule_post_step SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE rule_post_breadth ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER rule_post_breadth_version AFTER UPDATE ON rule_post_breadth FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE rule_post_breadth SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE rule_post_first ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER rule_post_first_version AFTER UPDATE ON rule_post_first FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE rule_post_first SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE rule_education ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER rule_education_version AFTER UPDATE ON rule_education FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE rule_education SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE rule_party_age ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER rule_party_age_version AFTER UPDATE ON rule_party_age FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE rule_party_age SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE rule_training ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER rule_training_version AFTER UPDATE ON rule_training FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE rule_training SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE rule_block ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER rule_block_version AFTER UPDATE ON rule_block FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE rule_block SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE rule_block_combination ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER rule_block_combination_version AFTER UPDATE ON rule_block_combination FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE rule_block_combination SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE rule_bar ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER rule_bar_version AFTER UPDATE ON rule_bar FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE rule_bar SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE rule_retirement ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER rule_retirement_version AFTER UPDATE ON rule_retirement FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE rule_retirement SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE rule_tenure_limit ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER rule_tenure_limit_version AFTER UPDATE ON rule_tenure_limit FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE rule_tenure_limit SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE rule_age_ceiling ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER rule_age_ceiling_version AFTER UPDATE ON rule_age_ceiling FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE rule_age_ceiling SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE rule_lowest_rank ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER rule_lowest_rank_version AFTER UPDATE ON rule_lowest_rank FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE rule_lowest_rank SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE rule_check ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER rule_check_version AFTER UPDATE ON rule_check FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE rule_check SET version = OLD.version + 1 WHERE id = NEW.id; END;

ALTER TABLE rule_setting ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE TRIGGER rule_setting_version AFTER UPDATE ON rule_setting FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN UPDATE rule_setting SET version = OLD.version + 1 WHERE id = NEW.id; END;

-- A 412 names who changed the record last and when: the newest audit
-- record of the object, found by this index instead of a scan of the log.
CREATE INDEX audit_object ON audit_log(object_type, object_id);
