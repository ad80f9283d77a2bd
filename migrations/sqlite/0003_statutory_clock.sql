-- 0003: the statutory clock.  What happened is stored as dates; deadlines
-- are never stored but computed by the core clock (src/core/clock.c) from
-- the rules table, except plans.next_review_due, which is derived from the
-- clock and kept so lists can sort on it (plan_refresh_reviews).

-- Teams, for the manager's view of the work queue.
ALTER TABLE users ADD COLUMN team TEXT;

-- The assessment's decision whether to issue a plan is now its own date:
-- for N the day the family was told (reg 10), for Y the day the LA decided
-- to issue.  SEN2's AssessmentOutcomeDate for Y is the plan's issue date,
-- derived at extract.  Existing Y rows held the issue date: move it to the
-- draft date where that is earlier, so no decision lies after its draft.
UPDATE assessments SET outcome_date = (
  SELECT COALESCE(p.draft_date, assessments.outcome_date) FROM plans p
  WHERE p.request_id = assessments.request_id AND p.draft_date IS NOT NULL
    AND p.draft_date < assessments.outcome_date
  ORDER BY p.id LIMIT 1)
WHERE outcome = 'Y' AND EXISTS (
  SELECT 1 FROM plans p WHERE p.request_id = assessments.request_id
    AND p.draft_date IS NOT NULL AND p.draft_date < assessments.outcome_date);

-- Plans: mediation and tribunal about the plan (SEN2, KPIs), and a transfer
-- in from another LA under reg 15 (date of transfer, the 6-week letter).
ALTER TABLE plans ADD COLUMN mediation INTEGER NOT NULL DEFAULT 0 CHECK (mediation IN (0,1));
ALTER TABLE plans ADD COLUMN tribunal INTEGER NOT NULL DEFAULT 0 CHECK (tribunal IN (0,1));
ALTER TABLE plans ADD COLUMN transfer_in_date TEXT;
ALTER TABLE plans ADD COLUMN transfer_letter_date TEXT;
CREATE INDEX plans_request ON plans(request_id);

-- Annual reviews: the notices before the meeting (regs 20(3), 20(4)) and
-- the amendment chain after it (reg 22): proposed amendments sent (SEN2
-- ReviewDraft) and the final amended plan.
ALTER TABLE reviews ADD COLUMN invitations_sent TEXT;
ALTER TABLE reviews ADD COLUMN advice_circulated TEXT;
ALTER TABLE reviews ADD COLUMN amendments_sent TEXT;
ALTER TABLE reviews ADD COLUMN final_amended_date TEXT;

-- Establishments: the last national curriculum year taught (Reception = 0,
-- nursery = -1), for phase-transfer cohorts in middle-school and
-- infant/junior systems; NULL = the usual year for the phase.
ALTER TABLE establishments ADD COLUMN top_year INTEGER CHECK (top_year IS NULL OR top_year BETWEEN -1 AND 14);

-- Advice and information requested for an EHC needs assessment (regs 6, 8).
-- One row per service asked; the 6 weeks run from the day requested.
CREATE TABLE advice_requests (
  id             INTEGER PRIMARY KEY,
  request_id     INTEGER NOT NULL REFERENCES requests(id),
  person_id      INTEGER NOT NULL REFERENCES people(id),
  service        TEXT NOT NULL,
  requested_date TEXT NOT NULL,
  received_date  TEXT,
  version        INTEGER NOT NULL DEFAULT 1,
  CHECK (received_date IS NULL OR received_date >= requested_date)
);
CREATE INDEX advice_requests_request ON advice_requests(request_id);
CREATE INDEX advice_requests_person ON advice_requests(person_id);

-- Exceptions to the time limits (regs 5(4), 8(2), 10(4), 13(3); SI 2020/471),
-- as dated episodes: the SEN2 Week20 flag is derived from these, never stored.
CREATE TABLE clock_exceptions (
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER NOT NULL REFERENCES people(id),
  reason      TEXT NOT NULL,
  start_date  TEXT NOT NULL,
  end_date    TEXT,
  told_date   TEXT,
  note        TEXT,
  version     INTEGER NOT NULL DEFAULT 1,
  CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX clock_exceptions_person ON clock_exceptions(person_id);

-- Phase transfers (reg 18) recorded against a plan: the amended plan naming
-- the next setting, finalised on final_date.
CREATE TABLE phase_transfers (
  id                     INTEGER PRIMARY KEY,
  plan_id                INTEGER NOT NULL REFERENCES plans(id),
  kind                   TEXT NOT NULL,
  transfer_year          INTEGER NOT NULL CHECK (transfer_year BETWEEN 2014 AND 2100),
  final_date             TEXT,
  next_establishment_id  INTEGER REFERENCES establishments(id),
  version                INTEGER NOT NULL DEFAULT 1,
  UNIQUE (plan_id, transfer_year)
);

-- Closure periods: a setting's (or, with no establishment, the whole
-- area's) holidays, for the reg 5(4)(a)/(b) exception.
CREATE TABLE closures (
  id                INTEGER PRIMARY KEY,
  establishment_id  INTEGER REFERENCES establishments(id),
  start_date        TEXT NOT NULL,
  end_date          TEXT NOT NULL,
  description       TEXT,
  version           INTEGER NOT NULL DEFAULT 1,
  CHECK (end_date >= start_date)
);
CREATE INDEX closures_establishment ON closures(establishment_id, start_date);

-- Decision panels: the meeting, and each case brought to it.
CREATE TABLE panels (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('assess','issue','placement')),
  meeting_date  TEXT NOT NULL,
  title         TEXT,
  version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX panels_date ON panels(meeting_date);

CREATE TABLE panel_cases (
  id          INTEGER PRIMARY KEY,
  panel_id    INTEGER NOT NULL REFERENCES panels(id),
  person_id   INTEGER NOT NULL REFERENCES people(id),
  request_id  INTEGER REFERENCES requests(id),
  decision    TEXT CHECK (decision IN ('agree','decline','defer')),
  notes       TEXT,
  version     INTEGER NOT NULL DEFAULT 1,
  UNIQUE (panel_id, person_id)
);
CREATE INDEX panel_cases_person ON panel_cases(person_id);

-- Small facts about the database itself (e.g. the clock settings the
-- derived review dates were computed with).
CREATE TABLE meta (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);
