-- 0014: every list is an index walk with a limit (issue 15, "every page
-- costs the page").  Each index below serves one list's order or filter,
-- so a page reads its own rows and those before it, never the whole area.
--
-- The outbox by state, newest or oldest first: (state, id).
CREATE INDEX outbox_state ON outbox(state);
