-- 0006: the office's confirmation of a rule row whose source is uncertain
-- ([ONE]/[REC], shown as 待本单位确认), and the codes of a unit's function
-- for 回避 (公务员法 Art.74). A confirmation is a row of its own, keyed by
-- the rule table and the row, so the rule tables keep exactly the columns
-- of their core structs (store/rulebook.c walks one description of them).
-- store/rulebook.c deletes the confirmation when a value of its row changes:
-- the office confirmed the old value, not the new one.
CREATE TABLE rule_confirmation (
    rule_table TEXT NOT NULL,   -- the SQL table: 'rule_rank_step'
    row_id BIGINT NOT NULL,
    confirmed_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    confirmed_by_name TEXT NOT NULL, -- kept when the account goes
    confirmed_at TEXT NOT NULL,
    PRIMARY KEY (rule_table, row_id)
);

-- units.function (0003) held free Chinese text the engine matched by word;
-- from now on it holds a code of the unit_function table (core/codes.c).
-- Known words become their codes; anything else is cleared (no API wrote it).
UPDATE units SET function = CASE
    WHEN function LIKE '%组织%' THEN '1'
    WHEN function LIKE '%人事%' THEN '2'
    WHEN function LIKE '%纪检%' THEN '3'
    WHEN function LIKE '%监察%' THEN '4'
    WHEN function LIKE '%审计%' THEN '5'
    WHEN function LIKE '%财务%' THEN '6'
    ELSE NULL END
WHERE function IS NOT NULL;
