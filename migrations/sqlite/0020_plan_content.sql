-- 0020: the EHC plan as content (issue 16; docs/plan-content.md).
--
-- A plan (plans) has versions: a draft, then the final; after a review a
-- draft amendment, then the amended final.  A version whose final_date is
-- set is final and never changes again (the domain refuses every write to
-- it and to its items).  Sections A, I and J are columns of the version;
-- the others are items (plan_items), numbered per section ("B2", "F3",
-- "H1-1"): an item keeps its number from version to version, so two
-- versions compare section by section, item by item.
CREATE TABLE plan_versions (
  id                INTEGER PRIMARY KEY,
  plan_id           INTEGER NOT NULL REFERENCES plans(id),
  seq               INTEGER NOT NULL CHECK (seq >= 1),
  amendment         INTEGER NOT NULL DEFAULT 0 CHECK (amendment IN (0,1)),
  review_id         INTEGER REFERENCES reviews(id),       -- the review that proposed the amendment
  sent_date         TEXT,      -- the draft sent to the family: reg 13(1) / reg 22(2)
  comments_date     TEXT,      -- the family's comments received
  comments          TEXT,
  setting_requested TEXT,      -- the setting the family asked to be named (reg 13(1)(b))
  final_date        TEXT,      -- issued final: immutable from then
  a_views           TEXT,      -- section A: views, interests and aspirations
  a_interests       TEXT,
  a_aspirations     TEXT,
  i_setting         TEXT,      -- section I as issued (the named settings, copied at finalising)
  j_requested       INTEGER NOT NULL DEFAULT 0 CHECK (j_requested IN (0,1)),
  j_amount          INTEGER CHECK (j_amount IS NULL OR j_amount >= 0),   -- pounds a year
  j_arrangements    TEXT,
  j_direct_payments INTEGER NOT NULL DEFAULT 0 CHECK (j_direct_payments IN (0,1)),
  -- the provision check's counts, made once when the version becomes final
  -- (a final version's items never change), for quality assurance
  prov_items        INTEGER,
  prov_unspecified  INTEGER,
  prov_unquantified INTEGER,
  prov_findings     INTEGER,
  created_at        TEXT NOT NULL,
  created_by        INTEGER REFERENCES users(id),
  version           INTEGER NOT NULL DEFAULT 1,
  UNIQUE (plan_id, seq),
  CHECK (comments_date IS NULL OR sent_date IS NOT NULL),
  CHECK (final_date IS NULL OR sent_date IS NULL OR final_date >= sent_date)
);
-- at most one draft at a time per plan
CREATE UNIQUE INDEX plan_versions_one_draft ON plan_versions(plan_id) WHERE final_date IS NULL;
CREATE INDEX plan_versions_review ON plan_versions(review_id) WHERE review_id IS NOT NULL;

CREATE TABLE plan_items (
  id          INTEGER PRIMARY KEY,
  version_id  INTEGER NOT NULL REFERENCES plan_versions(id),
  section     TEXT NOT NULL CHECK (section IN ('B','C','D','E','F','G','H1','H2','K')),
  num         INTEGER NOT NULL CHECK (num >= 1),
  area        TEXT,      -- B: the area of need; E: the preparing-for-adulthood area, if one
  text        TEXT NOT NULL,   -- the need, the outcome, what the provision is, the advice
  who         TEXT,      -- F–H2: who delivers it; K: who gave the advice
  how_often   TEXT,
  how_long    TEXT,
  group_size  TEXT,
  timescale   TEXT,      -- E
  measure     TEXT,      -- E: how progress will be measured
  links       TEXT,      -- E: the needs it addresses; F–H2: the outcomes it serves ("B1,C2")
  item_date   TEXT,      -- K: the date of the advice
  advice_id   INTEGER REFERENCES advice_requests(id),   -- K: the advice it came from
  version     INTEGER NOT NULL DEFAULT 1,
  UNIQUE (version_id, section, num)
);

-- An annual review's view of each outcome of the plan it reviewed.
CREATE TABLE review_outcomes (
  id        INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES reviews(id),
  ref       TEXT NOT NULL,                     -- the outcome ("E2") in the final version reviewed
  progress  TEXT NOT NULL CHECK (progress IN ('achieved','progressing','not_progressing')),
  evidence  TEXT,
  version   INTEGER NOT NULL DEFAULT 1,
  UNIQUE (review_id, ref)
);
