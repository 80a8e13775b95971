-- 0002: the roster version, bumped by every write that can change a roster
-- list (people, their derived columns, units) inside the writer's
-- transaction, so that each server process knows when its in-memory roster
-- index (store/roster_index.c) is stale, whichever process wrote.
-- It starts at a random value, not 1: a process that opens several
-- databases (the unit tests) must never take one database's index for
-- another's because both happen to be at the same version.
CREATE TABLE roster_version (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO roster_version (id, version) VALUES (1, floor(random() * 1000000000000000)::bigint);
