-- 0009: the 回收站 (recycle bin). Deleting a cadre, a unit or a single
-- record moves it here instead of destroying it: one row per deletion
-- holding every row that left the live tables (the person and each record
-- under them, the unit and its 职数), column by column, as JSON text
-- (store/recycle.c). Restore writes those rows back with their own ids and
-- values, so the file comes back byte for byte; purging for good needs the
-- retention period (settings 'recycle.retention_days', default 180) to
-- have passed and a second account's approval of a purge request.
-- The live tables are untouched: every existing query stays correct
-- without a "deleted" filter (docs/recycle-bin.md says why).
CREATE TABLE recycle_bin (
    id INTEGER PRIMARY KEY,
    object_type TEXT NOT NULL,  -- 'person', 'unit', or a record kind: 'career', 'family', ...
    object_id INTEGER NOT NULL, -- its id in its own table, kept on restore
    person_id INTEGER,          -- the person (a person, or a record's owner); NULL for a unit
    title TEXT NOT NULL,        -- what the bin lists: "张三（办公室）", "任职经历：张三"
    reason TEXT,                -- required for a person, optional otherwise
    deleted_at TEXT NOT NULL,   -- UTC 'YYYY-MM-DDTHH:MM:SSZ'
    deleted_by INTEGER,         -- users.id (no reference: kept when the account goes)
    deleted_by_name TEXT,
    purge_after TEXT NOT NULL,  -- 'YYYY-MM-DD': the first day a purge may be approved
    rows_json TEXT NOT NULL,    -- {"people":[{column: text or null}], "career":[...], ...}
    purge_requested_by INTEGER,
    purge_requested_by_name TEXT,
    purge_requested_at TEXT,
    purge_reason TEXT
) STRICT;
CREATE INDEX recycle_bin_object ON recycle_bin(object_type, object_id);
CREATE INDEX recycle_bin_deleted ON recycle_bin(deleted_at);
