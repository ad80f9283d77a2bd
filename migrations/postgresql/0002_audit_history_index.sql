-- 0002: the person page's history reads a person's changes, not their views;
-- without action in the index it scanned every view ever recorded.
CREATE INDEX audit_person_action ON audit_events(person_id, action, id);
