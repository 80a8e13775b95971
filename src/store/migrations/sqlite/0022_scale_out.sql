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
    version INTEGER NOT NULL,
    person_id INTEGER NOT NULL,
    PRIMARY KEY (version, person_id)
) STRICT;

-- The 回避 candidates in reverse: whose family record names this person
-- (by ID number, or by name and birth date), so that a write of one
-- person finds the relatives' alerts it may change.
CREATE INDEX family_id_number ON family(id_number);
CREATE INDEX family_name_birth ON family(name, birth_date);

-- The current main posts by unit and level: the 超职数 alerts count them
-- after every write (store/units.c ESTABLISHMENT_SQL), a few hundred rows
-- among the career records of every person.
CREATE INDEX career_current_post ON career(unit_id, post_level)
    WHERE kind = 'post' AND end_date IS NULL AND concurrent = 0;

-- Token buckets shared by the servers of one database (store/rate_buckets.h):
-- logins and public submissions per address (bucket "login:ADDR",
-- "submit:ADDR") and all submissions together ("submit_all:*"), so that N
-- servers give one allowance, not N. tat_ms is the generic cell rate
-- algorithm's theoretical arrival time (milliseconds since the epoch): the
-- bucket is full again once it has passed, and such rows are swept when a
-- new bucket is made (a missing row is a full bucket).
CREATE TABLE rate_buckets (
    bucket TEXT PRIMARY KEY,
    tat_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX rate_buckets_tat ON rate_buckets(tat_ms);
