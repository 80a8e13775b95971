-- 0005: the qualification version, bumped by every write that can change a
-- verdict or an alert without changing a roster list: records that do not
-- touch the derived columns (assessments, punishments, family, training,
-- and career and education too, for simplicity) and rule-table edits. An
-- in-process alert list (http/alert_cache.c) is valid while both this and
-- the roster version are unchanged. Random start, as 0002 explains.
CREATE TABLE qualify_version (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO qualify_version (id, version) VALUES (1, floor(random() * 1000000000000000)::bigint);
