-- 0017: a person's photo (照片 of the 干部任免审批表, issue 14): one per
-- person, JPEG or PNG checked by decoding before it is stored
-- (formats/photo.c). Kept as base64 text, as the LRMX carries it: the
-- 回收站 keeps a deleted person's rows as JSON text, which a blob is not.
CREATE TABLE person_photos (
    person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    data_base64 TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
