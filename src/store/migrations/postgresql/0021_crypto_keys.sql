-- 0021: keys with one purpose each, and a master key that can be rotated
-- (issue #16; docs/crypto.md "Keys").
--
-- Until now the data keys of crypto_keys only sealed text fields, and the
-- row MACs and password verifiers used keys derived from the master key
-- itself, so `cadre key rotate` could not re-MAC them and the master could
-- not change. Every data key now names its purpose: 'seal' (text fields),
-- 'rowmac' (row_macs), 'password' (verifier binding). Key ids stay one
-- namespace; the keys made before are sealing keys.
ALTER TABLE crypto_keys ADD COLUMN purpose TEXT NOT NULL DEFAULT 'seal'
    CHECK (purpose IN ('seal', 'rowmac', 'password'));

-- A rotation under way rotates several purposes at once, each protected
-- column or table to its purpose's new key.
ALTER TABLE crypto_rotation ADD COLUMN purpose TEXT NOT NULL DEFAULT 'seal'
    CHECK (purpose IN ('seal', 'rowmac'));

-- Key 0 of each purpose is derived from the master key the database was
-- first keyed with. `cadre key rotate --master` carries each one over,
-- wrapped under the new master (SM4-CTR + HMAC-SM3, the purpose bound in),
-- so what was made under key 0 — sealed texts, row MACs, password
-- verifiers, the audit chain's re-anchoring MAC — stays readable and
-- checkable after the old master is gone. No row: derived from the master.
CREATE TABLE crypto_k0 (
    purpose TEXT PRIMARY KEY CHECK (purpose IN ('seal', 'rowmac', 'password', 'audit')),
    wrapped TEXT NOT NULL,
    carried_at TEXT NOT NULL
);
