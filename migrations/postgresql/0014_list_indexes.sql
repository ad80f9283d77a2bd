-- 0014: every list is an index walk with a limit (issue 15, "every page
-- costs the page").  Each index below serves one list's order or filter,
-- so a page reads its own rows and those before it, never the whole area.
--
-- The outbox by state, newest or oldest first: (state, id).
CREATE INDEX outbox_state ON outbox(state);
-- The audit trail filtered by action or by record type, in time order (a
-- child's and a user's events already have theirs: audit_person,
-- audit_user; the unfiltered trail walks audit_at).
CREATE INDEX audit_action_at ON audit_events(action, at);
CREATE INDEX audit_entity_at ON audit_events(entity, at);
-- The register by caseworker: the users by name, then each one's caseload
-- (allocations_user), so the list is walked in order, never sorted whole.
CREATE INDEX users_display_name ON users(display_name);
-- The oversight list's categories, each found from the few children who
-- could be in it: placements at establishments in other areas; residential
-- placements; the home educated and those missing education, by their flag
-- or their placement's setting code.
CREATE INDEX establishments_la ON establishments(la_code);
CREATE INDEX placements_residential ON placements(person_id) WHERE residential IS NOT NULL AND residential <> '';
CREATE INDEX placements_setting_code ON placements(setting_code) WHERE setting_code IS NOT NULL;
CREATE INDEX people_ehe ON people(id) WHERE ehe = 1;
CREATE INDEX people_cme ON people(id) WHERE cme = 1;
