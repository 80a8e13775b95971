-- 0019: lookups of mentoring pairs and placements by person. Deleting a
-- cadre takes their pairs (as mentor or apprentice) with the pairs'
-- records and evaluations into the 回收站 (store/recycle.c), and the
-- assessment module finds the people of its 结对帮带 and 跟班轮训 categories
-- from active pairs and placements: both look them up by person.
CREATE INDEX training_pairs_mentor ON training_pairs(mentor_id);
CREATE INDEX training_pairs_apprentice ON training_pairs(apprentice_id);
CREATE INDEX training_pair_records_pair ON training_pair_records(pair_id, day);
CREATE INDEX training_placements_person ON training_placements(person_id, start_date);
