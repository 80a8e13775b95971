-- 0014: the crypto profile (国密), data keys, key rotation and row MACs
-- (issue #16; docs/crypto.md). The PostgreSQL dialect of
-- sqlite/0014_crypto.sql: the same tables and the same profile rule.
INSERT INTO settings (key, value, updated_at)
SELECT 'crypto.profile',
       CASE WHEN EXISTS (SELECT 1 FROM audit_log) OR EXISTS (SELECT 1 FROM users)
            THEN 'intl' ELSE 'gm' END,
       to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"');

-- Ids are given by `cadre key rotate` (the next after the largest).
CREATE TABLE crypto_keys (
    id BIGINT PRIMARY KEY,
    wrapped TEXT NOT NULL,
    created_at TEXT NOT NULL,
    retired_at TEXT
);

CREATE TABLE crypto_rotation (
    target TEXT PRIMARY KEY,
    to_key BIGINT NOT NULL,
    last_id BIGINT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE row_macs (
    person_id BIGINT NOT NULL,
    tbl TEXT NOT NULL,
    mac TEXT NOT NULL,
    PRIMARY KEY (person_id, tbl)
);
