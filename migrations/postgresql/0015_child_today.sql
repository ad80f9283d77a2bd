-- 0015: where each child is today, stored beside their clock (issue 15,
-- "every page costs the page").
--
-- A child's status (an active plan, a draft, an assessment under way, a
-- ceased plan, none), the placement they attend today, its setting type
-- and its establishment's local authority, and whether they are awaiting
-- provision, are derived from many records and, for the placement, from
-- the date.  clockstore.c writes them in the same transaction as the
-- child's clock rows (every change that touches the child, and the daily
-- refresh when a placement begins or ends), and `sendmis clock verify`
-- recomputes and compares them.  The register's and the oversight list's
-- filters then find their children through these indexes instead of
-- asking every child.  The columns are filled by the rebuild that the new
-- row format (CLOCKSTORE_FORMAT) starts when the server or `sendmis
-- migrate` next runs.
ALTER TABLE clock_people ADD COLUMN status TEXT NOT NULL DEFAULT 'none'
  CHECK (status IN ('active','draft','assessment','ceased','none'));
ALTER TABLE clock_people ADD COLUMN placement_id BIGINT;   -- the placement attended today (NULL: none)
ALTER TABLE clock_people ADD COLUMN setting TEXT;           -- its establishment's setting type, else its SEN2 setting code
ALTER TABLE clock_people ADD COLUMN la_code TEXT;           -- its establishment's local authority (NULL: no establishment)
ALTER TABLE clock_people ADD COLUMN awaiting BIGINT NOT NULL DEFAULT 0 CHECK (awaiting IN (0,1));   -- no placement today, or awaiting provision
CREATE INDEX clock_people_status ON clock_people(status);
CREATE INDEX clock_people_setting ON clock_people(setting) WHERE setting IS NOT NULL;
CREATE INDEX clock_people_la ON clock_people(la_code) WHERE la_code IS NOT NULL;
CREATE INDEX clock_people_awaiting ON clock_people(person_id) WHERE awaiting = 1;
-- the register's flag filters (ehe and cme have theirs: 0014)
CREATE INDEX people_looked_after ON people(id) WHERE looked_after = 1;
CREATE INDEX people_child_in_need ON people(id) WHERE child_in_need = 1;
CREATE INDEX people_child_protection ON people(id) WHERE child_protection = 1;
CREATE INDEX people_care_leaver ON people(id) WHERE care_leaver = 1;
CREATE INDEX people_youth_justice ON people(id) WHERE youth_justice = 1;
