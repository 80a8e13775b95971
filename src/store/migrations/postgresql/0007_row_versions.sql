-- 0007: row versions for conditional writes. Every record a client can
-- change carries a version, starting at 1 and raised by one on every UPDATE
-- of its row (by the trigger, so that no store function can forget it).
-- The API answers it as the record's ETag, and a PATCH, PUT or DELETE with
-- If-Match gets 412 when it differs (http/router.c): two officers editing
-- one cadre no longer lose the first one's save without a word.
-- PostgreSQL: one trigger function, run BEFORE UPDATE, raises NEW.version
-- when the UPDATE did not set it itself (the same rule as the SQLite
-- dialect's AFTER UPDATE triggers with their WHEN clause).

CREATE FUNCTION cadre_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.version = OLD.version THEN
        NEW.version := OLD.version + 1;
    END IF;
    RETURN NEW;
END $$;

ALTER TABLE units ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER units_version BEFORE UPDATE ON units FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE people ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER people_version BEFORE UPDATE ON people FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE career ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER career_version BEFORE UPDATE ON career FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE education ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER education_version BEFORE UPDATE ON education FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE assessments ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER assessments_version BEFORE UPDATE ON assessments FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE rewards ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER rewards_version BEFORE UPDATE ON rewards FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE punishments ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER punishments_version BEFORE UPDATE ON punishments FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE family ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER family_version BEFORE UPDATE ON family FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE training ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER training_version BEFORE UPDATE ON training FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE rule_rank_step ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER rule_rank_step_version BEFORE UPDATE ON rule_rank_step FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE rule_grade_counting ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER rule_grade_counting_version BEFORE UPDATE ON rule_grade_counting FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE rule_post_step ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER rule_post_step_version BEFORE UPDATE ON rule_post_step FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE rule_post_breadth ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER rule_post_breadth_version BEFORE UPDATE ON rule_post_breadth FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE rule_post_first ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER rule_post_first_version BEFORE UPDATE ON rule_post_first FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE rule_education ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER rule_education_version BEFORE UPDATE ON rule_education FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE rule_party_age ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER rule_party_age_version BEFORE UPDATE ON rule_party_age FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE rule_training ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER rule_training_version BEFORE UPDATE ON rule_training FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE rule_block ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER rule_block_version BEFORE UPDATE ON rule_block FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE rule_block_combination ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER rule_block_combination_version BEFORE UPDATE ON rule_block_combination FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE rule_bar ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER rule_bar_version BEFORE UPDATE ON rule_bar FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE rule_retirement ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER rule_retirement_version BEFORE UPDATE ON rule_retirement FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE rule_tenure_limit ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER rule_tenure_limit_version BEFORE UPDATE ON rule_tenure_limit FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE rule_age_ceiling ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER rule_age_ceiling_version BEFORE UPDATE ON rule_age_ceiling FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE rule_lowest_rank ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER rule_lowest_rank_version BEFORE UPDATE ON rule_lowest_rank FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE rule_check ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER rule_check_version BEFORE UPDATE ON rule_check FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

ALTER TABLE rule_setting ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE TRIGGER rule_setting_version BEFORE UPDATE ON rule_setting FOR EACH ROW EXECUTE PROCEDURE cadre_bump_version();

-- A 412 names who changed the record last and when: the newest audit
-- record of the object, found by this index instead of a scan of the log.
CREATE INDEX audit_object ON audit_log(object_type, object_id);
