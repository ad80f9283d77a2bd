-- 0016: the measures as at a past day, counted once and kept (issue 15,
-- "every page costs the page").
--
-- An improvement plan shows each linked measure at every review point: what
-- the dashboard showed that day, counted from the records as they stood.
-- Counting a past day walks the whole area's history, so the figures of a
-- day before today are stored the first time they are counted
-- (kpicache.c, kpi_past_values) and read from here after: every KPI for the
-- calendar year to that day, with no filters.  `settings` names what they
-- were counted with (the area's LA code, the visit interval and the clock
-- fingerprint); figures counted with other settings are counted again.
CREATE TABLE kpi_past (
  as_of       TEXT NOT NULL,
  kpi         TEXT NOT NULL,              -- the KPI's id (core/kpi.c)
  numerator   BIGINT NOT NULL,
  denominator BIGINT NOT NULL,
  settings    TEXT NOT NULL,
  counted_at  TEXT NOT NULL,              -- the instant they were counted (UTC)
  PRIMARY KEY (as_of, kpi)
);

-- The open steps of one kind by deadline (the annual reviews list, overdue
-- or due soon): a walk of the kind's whole history (clock_steps_kind) passes
-- every review ever decided before it reaches the first open one.
CREATE INDEX clock_steps_open_kind ON clock_steps(kind, due) WHERE done IS NULL AND undated = 0 AND not_applicable = 0;
