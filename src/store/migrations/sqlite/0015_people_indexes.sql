-- 0015: five single-column sort indexes of people go. Every write of a
-- person paid for them (an import of 100,000 people updated 21 B-trees per
-- row), and no query needs them: the roster is listed from the in-memory
-- roster index (store/roster_index_*.c) and, when that is not at the
-- database's version, by the SQL of store/people.c, which is filtered by
-- status nearly always (在职 by default) and then sorted off the
-- people_status_* index of the same column; a list over every status sorts
-- its matches instead (about 35 ms of CPU for 100,000 people, on that
-- fallback path only). The age cut-offs (birth_date ranges) are served by
-- people_status_birth under a status, as in store/training.c. The columns
-- they covered keep their status-first twin (EXPLAIN QUERY PLAN of each
-- list order under a status: bench/README.md, issue #18):
--   people_birth            (birth_date)          -> people_status_birth
--   people_strokes          (name_strokes)        -> people_status_strokes
--   people_rank_order       (current_rank_order)  -> people_status_rank
--   people_post_order       (current_post_order)  -> people_status_post
--   people_education_order  (education_order)     -> people_status_education
DROP INDEX people_birth;
DROP INDEX people_strokes;
DROP INDEX people_rank_order;
DROP INDEX people_post_order;
DROP INDEX people_education_order;
