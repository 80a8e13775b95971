-- 0022: what several `cadre serve` processes on one database share beyond
-- the versions of 0002 and 0005 (issue #19).
--
-- The qualification changes: which people each qualification version
-- touched. A write that changes what the engine reads of a person (the
-- person, the derived columns, a record) bumps the version once per
-- transaction and logs each person it touched under it; person_id 0 means
-- "everyone" (rules, units, training, more people than it is worth
-- listing). A process holding an alert list computed at version V reads
-- the rows of (V, now] and evaluates only those people again (and those
-- whose relatives they are); a version with no row (pruned, or written
-- before this migration) makes it compute everything, so a gap can only
-- cost time, never a stale alert. store/qualify_data.c keeps the last
-- few thousand versions.
CREATE TABLE qualify_changes (
    version BIGINT NOT NULL,
    person_id BIGINT NOT NULL,
    PRIMARY KEY (version, person_id)
);

-- The 回避 candidates in reverse: whose family record names this person
-- (by ID number, or by name and birth date), so that a write of one
-- person finds the relatives' alerts it may change.
CREATE INDEX family_id_number ON family(id_number);
CREATE INDEX family_name_birth ON family(name, birth_date);
