-- The statutory clock as stored data (issue 15).
--
-- One row per statutory step per episode per child, as the pure clock
-- (src/core/clock.c) computes it from the records.  Dates only, never a
-- status: whether a step is due, overdue, met, late or excused depends on
-- today and is worked out when read (clock_status_on in the core, or the
-- same comparison in SQL).  clockstore.c replaces a child's rows in the
-- same transaction as every write that can change them; `sendmis clock
-- verify` recomputes them all and compares.
CREATE TABLE clock_steps (
  person_id      INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  seq            INTEGER NOT NULL,            -- order in the child's clock
  episode        INTEGER NOT NULL,            -- the child's episode, in clock order
  episode_kind   TEXT NOT NULL CHECK (episode_kind IN ('assessment','plan')),
  request_id     INTEGER,                     -- the episode's request (assessment) or the plan's
  plan_id        INTEGER,                     -- the plan drafted from it, or the plan episode's
  -- the episode's own facts, as its clock was computed from them (a change to
  -- any refreshes these rows): what a list says of it, with no join
  ep_date        TEXT,                        -- request received / plan issued
  plan_status    TEXT,                        -- the plan's status ('' for an assessment not yet a plan)
  issue_agreed   INTEGER NOT NULL CHECK (issue_agreed IN (0,1)),
  request_decided INTEGER NOT NULL CHECK (request_decided IN (0,1)),
  step           TEXT NOT NULL,               -- "final_plan", "advice:EP", "review_decision:2"
  kind           TEXT NOT NULL,               -- the rule's step: "advice", "review_due"
  rule           TEXT NOT NULL,               -- the rules-table row
  advisory       INTEGER NOT NULL CHECK (advisory IN (0,1)),   -- guidance, never a breach
  anchor         TEXT,
  due            TEXT,
  done           TEXT,
  undated        INTEGER NOT NULL CHECK (undated IN (0,1)),    -- done on a day not recorded
  not_applicable INTEGER NOT NULL CHECK (not_applicable IN (0,1)),
  superseded     INTEGER NOT NULL CHECK (superseded IN (0,1)),
  history_unknown INTEGER NOT NULL CHECK (history_unknown IN (0,1)),
  covered        INTEGER NOT NULL CHECK (covered IN (0,1)),    -- an exception covers it (excuses it once late)
  exception_id   INTEGER,                     -- that exception (NULL: none, or made from a closure)
  exception_reason TEXT,
  review_n       INTEGER NOT NULL,            -- 1-based review number, 0 if none
  review_id      INTEGER,
  advice_id      INTEGER,
  phase_id       INTEGER,
  phase_kind     TEXT,
  phase_year     INTEGER,
  computed_for   TEXT NOT NULL,               -- the day these rows were computed as at
  PRIMARY KEY (person_id, seq)
);
-- the open steps by deadline (work queues, overdue counts)
CREATE INDEX clock_steps_open ON clock_steps(due, person_id) WHERE done IS NULL AND undated = 0 AND not_applicable = 0;
-- one kind of step across the area (the annual reviews list, the KPIs)
CREATE INDEX clock_steps_kind ON clock_steps(kind, due);
CREATE INDEX clock_steps_plan ON clock_steps(plan_id) WHERE plan_id IS NOT NULL;
-- a September's phase transfers (the phase-transfers list)
CREATE INDEX clock_steps_phase ON clock_steps(phase_year, kind) WHERE phase_year IS NOT NULL;

-- One row per child whose clock has been stored (also when it has no step),
-- with the day it was computed for and the first day the calendar alone
-- could change it (a 5th birthday, the next phase transfer coming into
-- view, an exception's start): the daily refresh takes the children whose
-- day has come, by this index, and no others.
CREATE TABLE clock_people (
  person_id    INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
  computed_for TEXT NOT NULL,
  valid_until  TEXT,                           -- NULL: nothing dated will change it
  truncated    INTEGER NOT NULL DEFAULT 0 CHECK (truncated IN (0,1))
);
CREATE INDEX clock_people_valid ON clock_people(valid_until) WHERE valid_until IS NOT NULL;

-- Advanced by every committed change (change.c): a cache of counts is
-- good while the version it was made from is current.
CREATE TABLE data_version (
  id  INTEGER PRIMARY KEY CHECK (id = 1),
  n   INTEGER NOT NULL
);
INSERT INTO data_version(id, n) VALUES (1, 0);
