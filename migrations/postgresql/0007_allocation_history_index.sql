-- 0007: a child's caseworker as at any date (the dashboard counts as at a
-- date): allocations by person and start date, not only the open one.
CREATE INDEX allocations_person_start ON allocations(person_id, start_date);
