-- 0014: the crypto profile (国密), data keys and key rotation (issue #16;
-- docs/crypto.md).
--
-- The profile is chosen once per installation and recorded here: 'gm'
-- (SM3/SM4) for a new database, 'intl' (BLAKE2b, secretbox) for one that
-- already holds users or audit records, until `cadre key profile gm`
-- switches it. SQLite's strftime stamps the row; the PostgreSQL file of the
-- same number does the same with to_char(now()).
INSERT INTO settings (key, value, updated_at)
SELECT 'crypto.profile',
       CASE WHEN EXISTS (SELECT 1 FROM audit_log) OR EXISTS (SELECT 1 FROM users)
            THEN 'intl' ELSE 'gm' END,
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now');

-- Data keys: random 32-byte keys, each stored only wrapped (SM4-CTR +
-- HMAC-SM3 under a key derived from the master key in the key file), so a
-- copy of the database carries key ids and wrapped keys, never a usable
-- key. Key 0 is not stored: it is derived from the master key. A key is
-- retired when a rotation has moved everything off it; it stays (wrapped)
-- so that a straggler sealed by a running server can still be read.
CREATE TABLE crypto_keys (
    id INTEGER PRIMARY KEY,
    wrapped TEXT NOT NULL,
    created_at TEXT NOT NULL,
    retired_at TEXT
) STRICT;

-- Progress of `cadre key rotate`: for each protected column the last row
-- id already re-sealed under key `to_key`, committed with that batch, so a
-- rotation stopped at any point (even by SIGKILL) resumes where it was.
CREATE TABLE crypto_rotation (
    target TEXT PRIMARY KEY,
    to_key INTEGER NOT NULL,
    last_id INTEGER NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- Row integrity (store/rowmac.c): the HMAC-SM3 of one person's rows of one
-- personnel table ("hmac-sm3:k0:" + hex), recomputed on every write. No
-- foreign key: the MAC of a person deleted outside the product stays, and
-- is how `cadre verify-data` finds the deletion.
CREATE TABLE row_macs (
    person_id INTEGER NOT NULL,
    tbl TEXT NOT NULL,
    mac TEXT NOT NULL,
    PRIMARY KEY (person_id, tbl)
) STRICT;
