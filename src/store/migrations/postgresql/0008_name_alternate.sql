-- 0007: the other reading of a name whose surname is read two ways in use
-- (尉迟 yuchi / weichi, 长孙 zhangsun / changsun, 覃 qin / tan ...), full
-- pinyin and initials (core/pinyin.h pinyin_*_alternate), NULL when the
-- surname has one reading; the search box matches them as it matches
-- name_pinyin and name_initials. store_migrate fills them for existing rows,
-- with the other name keys, when the stored keys' version differs from the
-- program's (settings 'pinyin.keys_version').
ALTER TABLE people ADD COLUMN name_pinyin_alt TEXT;
ALTER TABLE people ADD COLUMN name_initials_alt TEXT;
CREATE INDEX people_pinyin_alt ON people(name_pinyin_alt) WHERE name_pinyin_alt IS NOT NULL;
CREATE INDEX people_initials_alt ON people(name_initials_alt) WHERE name_initials_alt IS NOT NULL;
