-- 0004: security: password history, login failures (lock-out), settings of
-- the security policy, TOTP second factor (secrets encrypted with the key
-- file, util/secret.h), and sessions that must enrol TOTP first.

-- The last password hashes of each account ("not one of the last 5");
-- store/passwords.c keeps only the newest few.
CREATE TABLE password_history (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX password_history_user ON password_history(user_id, id);
INSERT INTO password_history (user_id, password_hash, created_at)
    SELECT id, password_hash, updated_at FROM users;

-- Failed logins, counted per attempted username and per source address
-- over a sliding window (lock-out). Pruned after a day; the audit log keeps
-- the permanent record of every attempt.
CREATE TABLE login_failures (
    id BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL,
    source_addr TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failures_user ON login_failures(username, at);
CREATE INDEX login_failures_source ON login_failures(source_addr, at);

-- The security policy the 安全管理员 sets: lock-out numbers, TOTP required
-- per role ("totp.required.<role>"). Absent keys take the defaults of
-- store/lockout.h.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- TOTP: the confirmed secret and one being enrolled, each a secretbox
-- ("v1:" + base64 of nonce and ciphertext); the last time step accepted, so
-- a code is never accepted twice.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_pending TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;

-- A session opened by a user whose role requires TOTP but who has not
-- enrolled yet: it may only reach the /session routes, like a one-time
-- password.
ALTER TABLE sessions ADD COLUMN needs_totp BIGINT NOT NULL DEFAULT 0;
CREATE INDEX sessions_user ON sessions(user_id);
