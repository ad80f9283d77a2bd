-- 0001: the case register.
-- Conventions (shared with the PostgreSQL migrations that will follow):
--   dates are TEXT 'YYYY-MM-DD'; instants are TEXT 'YYYY-MM-DDTHH:MM:SSZ' (UTC)
--   or INTEGER unix seconds where only compared (sessions, login attempts);
--   flags are INTEGER 0/1 with CHECKs; codes are TEXT validated by the core's
--   code lists; every editable row has `version` for optimistic locking.

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  email         TEXT,
  role          TEXT NOT NULL CHECK (role IN ('admin','manager','caseworker','readonly')),
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),
  created_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE sessions (
  id          INTEGER PRIMARY KEY,
  token_hash  TEXT NOT NULL UNIQUE,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  csrf        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  last_seen   INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_attempts (
  id        INTEGER PRIMARY KEY,
  username  TEXT NOT NULL,
  ip        TEXT NOT NULL,
  at        INTEGER NOT NULL,
  ok        INTEGER NOT NULL CHECK (ok IN (0,1))
);
CREATE INDEX login_attempts_user ON login_attempts(username, at);
CREATE INDEX login_attempts_ip ON login_attempts(ip, at);

CREATE TABLE establishments (
  id            INTEGER PRIMARY KEY,
  urn           TEXT UNIQUE,
  ukprn         TEXT UNIQUE,
  name          TEXT NOT NULL,
  phase         TEXT NOT NULL,
  setting_type  TEXT NOT NULL,
  la_code       TEXT NOT NULL,
  postcode      TEXT,
  ofsted_grade  TEXT,
  ofsted_date   TEXT,
  version       INTEGER NOT NULL DEFAULT 1,
  CHECK (urn IS NOT NULL OR ukprn IS NOT NULL)
);
CREATE INDEX establishments_name ON establishments(name);

CREATE TABLE people (
  id               INTEGER PRIMARY KEY,
  surname          TEXT NOT NULL,
  forename         TEXT NOT NULL,
  dob              TEXT NOT NULL,
  sex              TEXT,
  ethnicity        TEXT,
  postcode         TEXT,
  upn              TEXT,
  uln              TEXT,
  upn_unknown      TEXT,
  nhs_number       TEXT,
  home_la          TEXT,
  looked_after     INTEGER NOT NULL DEFAULT 0 CHECK (looked_after IN (0,1)),
  child_in_need    INTEGER NOT NULL DEFAULT 0 CHECK (child_in_need IN (0,1)),
  child_protection INTEGER NOT NULL DEFAULT 0 CHECK (child_protection IN (0,1)),
  care_leaver      INTEGER NOT NULL DEFAULT 0 CHECK (care_leaver IN (0,1)),
  youth_justice    INTEGER NOT NULL DEFAULT 0 CHECK (youth_justice IN (0,1)),
  ehe              INTEGER NOT NULL DEFAULT 0 CHECK (ehe IN (0,1)),
  cme              INTEGER NOT NULL DEFAULT 0 CHECK (cme IN (0,1)),
  created_at       TEXT NOT NULL,
  version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX people_name ON people(surname, forename);
CREATE INDEX people_upn ON people(upn);

-- Caseworker allocation: one open row (end_date NULL) per person at a time.
CREATE TABLE allocations (
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER NOT NULL REFERENCES people(id),
  user_id     INTEGER NOT NULL REFERENCES users(id),
  start_date  TEXT NOT NULL,
  end_date    TEXT,
  version     INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX allocations_current ON allocations(person_id) WHERE end_date IS NULL;
CREATE INDEX allocations_user ON allocations(user_id) WHERE end_date IS NULL;

-- Request for an EHC needs assessment (SEN2 module 2).
CREATE TABLE requests (
  id            INTEGER PRIMARY KEY,
  person_id     INTEGER NOT NULL REFERENCES people(id),
  received_date TEXT NOT NULL,
  source        TEXT,
  rya           INTEGER NOT NULL DEFAULT 0 CHECK (rya IN (0,1)),
  outcome       TEXT CHECK (outcome IN ('Y','N','W')),
  outcome_date  TEXT,
  mediation     INTEGER NOT NULL DEFAULT 0 CHECK (mediation IN (0,1)),
  tribunal      INTEGER NOT NULL DEFAULT 0 CHECK (tribunal IN (0,1)),
  version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX requests_person ON requests(person_id);

-- EHC needs assessment (SEN2 module 3), at most one per request.
CREATE TABLE assessments (
  id               INTEGER PRIMARY KEY,
  request_id       INTEGER NOT NULL UNIQUE REFERENCES requests(id),
  outcome          TEXT CHECK (outcome IN ('Y','N','W')),
  outcome_date     TEXT,
  mediation        INTEGER NOT NULL DEFAULT 0 CHECK (mediation IN (0,1)),
  tribunal         INTEGER NOT NULL DEFAULT 0 CHECK (tribunal IN (0,1)),
  other_mediation  INTEGER NOT NULL DEFAULT 0 CHECK (other_mediation IN (0,1)),
  other_tribunal   INTEGER NOT NULL DEFAULT 0 CHECK (other_tribunal IN (0,1)),
  version          INTEGER NOT NULL DEFAULT 1
);

-- EHC plan (SEN2 module 4a, plus sendmis's status and transfer-in LA).
CREATE TABLE plans (
  id                INTEGER PRIMARY KEY,
  person_id         INTEGER NOT NULL REFERENCES people(id),
  request_id        INTEGER REFERENCES requests(id),
  status            TEXT NOT NULL CHECK (status IN ('draft','active','ceased')),
  draft_date        TEXT,
  issue_date        TEXT,
  start_date        TEXT,
  cease_date        TEXT,
  cease_reason      TEXT,
  transfer_in_la    TEXT,
  personal_budget   INTEGER NOT NULL DEFAULT 0 CHECK (personal_budget IN (0,1)),
  pb_organised      INTEGER NOT NULL DEFAULT 0 CHECK (pb_organised IN (0,1)),
  pb_direct_payment INTEGER NOT NULL DEFAULT 0 CHECK (pb_direct_payment IN (0,1)),
  -- Derived, maintained by the domain (plan_refresh_reviews) from reviews and
  -- the core's 12-month rule, so lists can sort and filter on them:
  last_review_date  TEXT,
  next_review_due   TEXT,
  version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX plans_review_due ON plans(status, next_review_due);
CREATE INDEX plans_person ON plans(person_id);
CREATE UNIQUE INDEX plans_one_active ON plans(person_id) WHERE status = 'active';

-- Annual review of a plan: meeting and the LA's decision.
CREATE TABLE reviews (
  id            INTEGER PRIMARY KEY,
  plan_id       INTEGER NOT NULL REFERENCES plans(id),
  meeting_date  TEXT NOT NULL,
  decision_date TEXT,
  outcome       TEXT CHECK (outcome IN ('A','C','M')),
  version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX reviews_plan ON reviews(plan_id, decision_date);

-- SEN needs, ranked (1 = primary).  SEN2 returns ranks 1 and 2.
CREATE TABLE needs (
  id         INTEGER PRIMARY KEY,
  person_id  INTEGER NOT NULL REFERENCES people(id),
  rank       INTEGER NOT NULL CHECK (rank BETWEEN 1 AND 9),
  sen_type   TEXT NOT NULL,
  version    INTEGER NOT NULL DEFAULT 1,
  UNIQUE (person_id, rank)
);
CREATE INDEX needs_type ON needs(sen_type, rank);

-- Settings NAMED in section I of a plan (SEN2 module 4b).
CREATE TABLE named_settings (
  id                   INTEGER PRIMARY KEY,
  plan_id              INTEGER NOT NULL REFERENCES plans(id),
  establishment_id     INTEGER REFERENCES establishments(id),
  setting_code         TEXT,
  rank                 INTEGER NOT NULL DEFAULT 1 CHECK (rank IN (1,2)),
  sen_unit             INTEGER NOT NULL DEFAULT 0 CHECK (sen_unit IN (0,1)),
  resourced_provision  INTEGER NOT NULL DEFAULT 0 CHECK (resourced_provision IN (0,1)),
  version              INTEGER NOT NULL DEFAULT 1,
  CHECK ((establishment_id IS NULL) <> (setting_code IS NULL))
);
CREATE INDEX named_settings_plan ON named_settings(plan_id);

-- Settings ATTENDED (SEN2 module 5b).  In/out of area is derived from the
-- establishment's LA, never stored.
CREATE TABLE placements (
  id                   INTEGER PRIMARY KEY,
  person_id            INTEGER NOT NULL REFERENCES people(id),
  establishment_id     INTEGER REFERENCES establishments(id),
  setting_code         TEXT,
  start_date           TEXT NOT NULL,
  end_date             TEXT,
  rank                 INTEGER NOT NULL DEFAULT 1 CHECK (rank IN (1,2)),
  residential          TEXT,
  work_based           TEXT,
  sen_unit             INTEGER NOT NULL DEFAULT 0 CHECK (sen_unit IN (0,1)),
  resourced_provision  INTEGER NOT NULL DEFAULT 0 CHECK (resourced_provision IN (0,1)),
  version              INTEGER NOT NULL DEFAULT 1,
  CHECK ((establishment_id IS NULL) <> (setting_code IS NULL)),
  CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX placements_person ON placements(person_id, end_date);
CREATE INDEX placements_establishment ON placements(establishment_id);

-- Welfare / monitoring visits to a placement.
CREATE TABLE visits (
  id            INTEGER PRIMARY KEY,
  placement_id  INTEGER NOT NULL REFERENCES placements(id),
  person_id     INTEGER NOT NULL REFERENCES people(id),
  visit_date    TEXT NOT NULL,
  visit_type    TEXT NOT NULL,
  outcome       TEXT NOT NULL,
  visitor       TEXT,
  summary       TEXT,
  version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX visits_person ON visits(person_id, visit_date);
CREATE INDEX visits_placement ON visits(placement_id, visit_date);

CREATE TABLE notes (
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER NOT NULL REFERENCES people(id),
  author_id   INTEGER NOT NULL REFERENCES users(id),
  created_at  TEXT NOT NULL,
  body        TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX notes_person ON notes(person_id, created_at);

-- Append-only audit trail.  `fields` names what changed; `changes` (JSON)
-- holds before/after values and lives only here, never in a log file.
CREATE TABLE audit_events (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  user_id    INTEGER REFERENCES users(id),
  action     TEXT NOT NULL,
  entity     TEXT NOT NULL,
  entity_id  INTEGER,
  person_id  INTEGER,
  fields     TEXT,
  changes    TEXT,
  ip         TEXT
);
CREATE INDEX audit_person ON audit_events(person_id, at);
CREATE INDEX audit_user ON audit_events(user_id, at);
CREATE INDEX audit_at ON audit_events(at);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_events
  BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_events
  BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
