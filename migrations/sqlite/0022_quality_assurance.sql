-- sendmis: foreign_keys=off
-- 0022: quality assurance of EHC plans and case files (issue 17;
-- docs/quality-assurance.md).
--
-- The audit framework is data, in versions: a framework row (its scale, the
-- rule for the overall grade, the grade from which a plan is "good") and its
-- criteria (per plan section A–K, the advice, or for case files the record),
-- each with guidance and a weight.  A framework is never changed once an
-- audit uses it: an area copies it to a new version (qa_frameworks.seq + 1,
-- based_on the old) and changes the copy; the newest active version of a
-- kind is the one new audits take, and each audit keeps its framework_id.
--
-- Grades are integers, higher is better: the four-point scale is
-- 1 Inadequate, 2 Requires improvement, 3 Good, 4 Outstanding (good_from 3);
-- the eight-point scale 1–8 (good_from 6, as Kingston reports "scaled 6–8").
--
-- Users gain the role 'qa' (QA-only auditors: only the QA pages and the
-- plans assigned to them) and the service they audit for; SQLite cannot
-- change a CHECK in place, so users is rebuilt as in 0006.
CREATE TABLE users_new (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  email         TEXT,
  role          TEXT NOT NULL CHECK (role IN ('admin','manager','caseworker','readonly','board','qa')),
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),
  created_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1,
  team          TEXT,
  qa_service    TEXT CHECK (qa_service IS NULL OR qa_service IN ('education','health','social_care'))
);
INSERT INTO users_new(id, username, display_name, email, role, password_hash, disabled, created_at, version, team)
  SELECT id, username, display_name, email, role, password_hash, disabled, created_at, version, team FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE INDEX users_display_name ON users(display_name);
CREATE INDEX users_qa_service ON users(qa_service) WHERE qa_service IS NOT NULL;

CREATE TABLE qa_frameworks (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('plan','casefile')),
  name        TEXT NOT NULL,
  seq         INTEGER NOT NULL CHECK (seq >= 1),      -- version number within the kind
  based_on    INTEGER REFERENCES qa_frameworks(id),
  scale       TEXT NOT NULL CHECK (scale IN ('four','eight')),
  rule        TEXT NOT NULL CHECK (rule IN ('weighted_mean','lowest')),
  good_from   INTEGER NOT NULL CHECK (good_from >= 1),
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  created_at  TEXT NOT NULL,
  created_by  INTEGER REFERENCES users(id),
  version     INTEGER NOT NULL DEFAULT 1,
  UNIQUE (kind, seq)
);
CREATE INDEX qa_frameworks_kind ON qa_frameworks(kind, active, seq);

CREATE TABLE qa_criteria (
  id            INTEGER PRIMARY KEY,
  framework_id  INTEGER NOT NULL REFERENCES qa_frameworks(id),
  section       TEXT NOT NULL CHECK (section IN ('A','B','C','D','E','F','G','H1','H2','I','J','K','advice','record')),
  num           INTEGER NOT NULL CHECK (num >= 1),
  title         TEXT NOT NULL,
  guidance      TEXT NOT NULL,     -- what good looks like
  weight        INTEGER NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 10),
  version       INTEGER NOT NULL DEFAULT 1,
  UNIQUE (framework_id, section, num)
);

-- A month's sample: its seed and settings, so the same draw can be made again.
CREATE TABLE qa_samples (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('plan','casefile')),
  month       TEXT NOT NULL,                  -- 'YYYY-MM'
  seed        INTEGER NOT NULL,
  pct_new     INTEGER NOT NULL CHECK (pct_new BETWEEN 0 AND 100),
  n_active    INTEGER NOT NULL CHECK (n_active >= 0),
  drawn_at    TEXT NOT NULL,
  drawn_by    INTEGER REFERENCES users(id),
  version     INTEGER NOT NULL DEFAULT 1,
  UNIQUE (kind, month)
);

-- The strata of a sample: how many were eligible and how many drawn, per
-- pool (new or amended this month / active), team, phase and primary need.
CREATE TABLE qa_sample_strata (
  sample_id  INTEGER NOT NULL REFERENCES qa_samples(id),
  pool       TEXT NOT NULL CHECK (pool IN ('new','active')),
  team       TEXT NOT NULL,   -- '' when none
  phase      TEXT NOT NULL,
  need       TEXT NOT NULL,
  eligible   INTEGER NOT NULL CHECK (eligible >= 0),
  drawn      INTEGER NOT NULL CHECK (drawn >= 0 AND drawn <= eligible),
  PRIMARY KEY (sample_id, pool, team, phase, need)
);

-- One audit of one plan version (or one child's case file).  A moderation
-- audit is a second, blind audit of the same version (moderates: the first).
CREATE TABLE qa_audits (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('plan','casefile')),
  framework_id     INTEGER NOT NULL REFERENCES qa_frameworks(id),
  person_id        INTEGER NOT NULL REFERENCES people(id),
  plan_version_id  INTEGER REFERENCES plan_versions(id),
  sample_id        INTEGER REFERENCES qa_samples(id),
  source           TEXT NOT NULL CHECK (source IN ('new','active','hand')),
  reason           TEXT,                       -- why added by hand (a complaint…)
  moderates        INTEGER REFERENCES qa_audits(id),
  auditor_id       INTEGER REFERENCES users(id),
  status           TEXT NOT NULL DEFAULT 'unassigned'
                   CHECK (status IN ('unassigned','assigned','completed')),
  overall          INTEGER,                    -- by the framework's rule, at completion
  strengths        TEXT,
  improve          TEXT,
  completed_date   TEXT,
  -- what the plan was at sampling, for the reports (never recomputed)
  team             TEXT NOT NULL DEFAULT '',
  phase            TEXT NOT NULL DEFAULT '',
  need             TEXT NOT NULL DEFAULT '',
  key_stage        TEXT NOT NULL DEFAULT '',
  setting_type     TEXT NOT NULL DEFAULT '',
  created_at       TEXT NOT NULL,
  created_by       INTEGER REFERENCES users(id),
  version          INTEGER NOT NULL DEFAULT 1,
  CHECK ((kind = 'plan') = (plan_version_id IS NOT NULL)),
  CHECK (status <> 'completed' OR (overall IS NOT NULL AND completed_date IS NOT NULL)),
  CHECK (status = 'unassigned' OR auditor_id IS NOT NULL)
);
CREATE INDEX qa_audits_sample ON qa_audits(sample_id) WHERE sample_id IS NOT NULL;
CREATE INDEX qa_audits_auditor ON qa_audits(auditor_id, status);
CREATE INDEX qa_audits_completed ON qa_audits(kind, completed_date) WHERE status = 'completed';
CREATE INDEX qa_audits_version ON qa_audits(plan_version_id);
CREATE INDEX qa_audits_person ON qa_audits(person_id);
CREATE UNIQUE INDEX qa_audits_one_moderation ON qa_audits(moderates) WHERE moderates IS NOT NULL;

CREATE TABLE qa_grades (
  id            INTEGER PRIMARY KEY,
  audit_id      INTEGER NOT NULL REFERENCES qa_audits(id),
  criterion_id  INTEGER NOT NULL REFERENCES qa_criteria(id),
  grade         INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 8),
  comment       TEXT,
  version       INTEGER NOT NULL DEFAULT 1,
  UNIQUE (audit_id, criterion_id)
);
CREATE INDEX qa_grades_criterion ON qa_grades(criterion_id, grade);

-- The moderator's agreed grade for an audit and its blind second audit.
CREATE TABLE qa_moderations (
  id            INTEGER PRIMARY KEY,
  audit_id      INTEGER NOT NULL UNIQUE REFERENCES qa_audits(id),   -- the first audit
  second_id     INTEGER NOT NULL UNIQUE REFERENCES qa_audits(id),
  moderator_id  INTEGER REFERENCES users(id),
  agreed        INTEGER NOT NULL CHECK (agreed BETWEEN 1 AND 8),
  agreed_date   TEXT NOT NULL,
  note          TEXT,
  version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX qa_moderations_date ON qa_moderations(agreed_date);

-- Actions from an audit, followed up in the owner's work queue.
CREATE TABLE qa_actions (
  id           INTEGER PRIMARY KEY,
  audit_id     INTEGER NOT NULL REFERENCES qa_audits(id),
  person_id    INTEGER NOT NULL REFERENCES people(id),
  kind         TEXT NOT NULL CHECK (kind IN ('feedback','amend_next_review','other')),
  description  TEXT NOT NULL,
  owner_id     INTEGER NOT NULL REFERENCES users(id),
  due_date     TEXT NOT NULL,
  done_date    TEXT,
  created_at   TEXT NOT NULL,
  created_by   INTEGER REFERENCES users(id),
  version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX qa_actions_owner ON qa_actions(owner_id, due_date) WHERE done_date IS NULL;
CREATE INDEX qa_actions_audit ON qa_actions(audit_id);
CREATE INDEX qa_actions_person ON qa_actions(person_id);

-- The default frameworks (docs/quality-assurance.md).
INSERT INTO qa_frameworks(id, kind, name, seq, scale, rule, good_from, created_at)
  VALUES (1, 'plan', 'EHC plan quality (default)', 1, 'four', 'weighted_mean', 3, '2026-01-01T00:00:00Z'),
         (2, 'casefile', 'Case file (default)', 1, 'four', 'lowest', 3, '2026-01-01T00:00:00Z');
INSERT INTO qa_criteria(framework_id, section, num, title, guidance, weight) VALUES
 (1,'A',1,'The child''s or young person''s voice','Views, interests and aspirations are in their own words (or their family''s), current, and say how they were gathered.',1),
 (1,'B',1,'Needs described','Each need is specific, current, drawn from the advice, and says what the child can do as well as what is hard.',2),
 (1,'C',1,'Health needs','Health needs related to the SEN are described from health advice, or the section says why there are none.',1),
 (1,'D',1,'Social care needs','Social care needs are described from social care advice, or the section says why there are none.',1),
 (1,'E',1,'Outcomes SMART','Outcomes are specific, measurable, achievable, relevant and time-bound, link to the needs, and look towards adulthood.',2),
 (1,'F',1,'Special educational provision','Each provision is specified and quantified (who, how often, how long, group size) and meets a need in B.',3),
 (1,'G',1,'Health provision','Health provision is specified and quantified and meets the needs in C.',1),
 (1,'H1',1,'Social care provision (CSDPA)','Provision under section 2 of the CSDPA is specified and quantified.',1),
 (1,'H2',1,'Other social care provision','Other social care provision is specified and quantified.',1),
 (1,'I',1,'Placement','The setting (or type) is named, or the plan says why none is named.',1),
 (1,'J',1,'Personal budget','The personal budget, if any, is described with the arrangements and any direct payments.',1),
 (1,'K',1,'Advice listed','Every piece of advice used is listed with who gave it and its date.',1),
 (1,'advice',1,'Quality of the advice','The advice is complete, specific and quantified, so that the plan can be written from it.',1),
 (2,'record',1,'Records accurate','The child''s details, needs, placements and plan dates are accurate and match the documents held.',1),
 (2,'record',2,'Records complete','Contacts, consent, advice, reviews and notes are recorded and up to date.',1),
 (2,'record',3,'Case notes timely','Visits and contacts are recorded within five working days, with the outcome.',1);

-- The plan versions finalised in a month, for the sample's draw.
CREATE INDEX plan_versions_final ON plan_versions(final_date) WHERE final_date IS NOT NULL;
-- Advice received in a period, for the advice quality report by service.
CREATE INDEX advice_requests_received ON advice_requests(received_date) WHERE received_date IS NOT NULL;
