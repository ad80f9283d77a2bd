-- 0009: the local area's improvement plan (Written Statement of Action,
-- priority action plan) as data: areas of concern, actions, sub-actions,
-- review periods and a RAG rating per action per period, with its update.
-- The JSON form is docs/plan-json.md.  A rating is never overwritten by a
-- later period: each period has its own row.

CREATE TABLE ip_plans (
  id          INTEGER PRIMARY KEY,
  title       TEXT NOT NULL,
  local_area  TEXT NOT NULL,
  answers     TEXT,
  author      TEXT,
  doc_version TEXT,
  status      TEXT NOT NULL CHECK (status IN ('draft','active','closed')),
  created_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1
);

-- The plan's RAG scale, worst first; the word is always shown with the colour.
CREATE TABLE ip_rag (
  id        INTEGER PRIMARY KEY,
  plan_id   INTEGER NOT NULL REFERENCES ip_plans(id),
  position  INTEGER NOT NULL,
  code      TEXT NOT NULL,
  word      TEXT NOT NULL,
  meaning   TEXT NOT NULL,
  colour    TEXT NOT NULL CHECK (colour IN ('red','amber','green','blue','pink','grey')),
  UNIQUE (plan_id, code)
);

-- Review points ("Jan 2021"), each rated as at its day.
CREATE TABLE ip_periods (
  id        INTEGER PRIMARY KEY,
  plan_id   INTEGER NOT NULL REFERENCES ip_plans(id),
  name      TEXT NOT NULL,
  as_at     TEXT NOT NULL,
  opened_at TEXT,
  opened_by INTEGER REFERENCES users(id),
  UNIQUE (plan_id, name),
  UNIQUE (plan_id, as_at)
);

CREATE TABLE ip_bodies (
  id       INTEGER PRIMARY KEY,
  plan_id  INTEGER NOT NULL REFERENCES ip_plans(id),
  name     TEXT NOT NULL,
  kind     TEXT NOT NULL CHECK (kind IN ('board','operational','qa','other')),
  UNIQUE (plan_id, name)
);

CREATE TABLE ip_meetings (
  id           INTEGER PRIMARY KEY,
  body_id      INTEGER NOT NULL REFERENCES ip_bodies(id),
  meeting_date TEXT NOT NULL,
  UNIQUE (body_id, meeting_date)
);

CREATE TABLE ip_areas (
  id        INTEGER PRIMARY KEY,
  plan_id   INTEGER NOT NULL REFERENCES ip_plans(id),
  position  INTEGER NOT NULL,
  number    TEXT NOT NULL,
  title     TEXT NOT NULL,
  aim       TEXT,
  kpis      TEXT,
  UNIQUE (plan_id, number)
);

CREATE TABLE ip_actions (
  id          INTEGER PRIMARY KEY,
  plan_id     INTEGER NOT NULL REFERENCES ip_plans(id),
  area_id     INTEGER NOT NULL REFERENCES ip_areas(id),
  position    INTEGER NOT NULL,
  code        TEXT NOT NULL,
  title       TEXT NOT NULL,
  focus       TEXT,
  outcomes    TEXT,
  evidence    TEXT,
  impact      TEXT,
  governance  TEXT,
  lead        TEXT,
  UNIQUE (plan_id, code)
);

CREATE TABLE ip_subactions (
  id           INTEGER PRIMARY KEY,
  action_id    INTEGER NOT NULL REFERENCES ip_actions(id),
  position     INTEGER NOT NULL,
  letter       TEXT NOT NULL,
  text         TEXT NOT NULL,
  due          TEXT,
  due_text     TEXT,
  revised_due  TEXT,
  revised_by   TEXT,
  revised_on   TEXT,
  lead         TEXT,
  done         TEXT,
  UNIQUE (action_id, letter)
);

-- One rating per action per period: opening a period adds rows, never
-- changes an earlier period's.  version: a stale edit is refused.
CREATE TABLE ip_ratings (
  id           INTEGER PRIMARY KEY,
  action_id    INTEGER NOT NULL REFERENCES ip_actions(id),
  period_id    INTEGER NOT NULL REFERENCES ip_periods(id),
  rag          TEXT,
  update_text  TEXT,
  presented_to TEXT,
  meeting      TEXT,
  source       TEXT CHECK (source IS NULL OR source IN ('colour','words','stated','carried','recorded')),
  recorded_by  INTEGER REFERENCES users(id),
  recorded_at  TEXT,
  version      INTEGER NOT NULL DEFAULT 1,
  UNIQUE (action_id, period_id)
);
CREATE INDEX ip_ratings_period ON ip_ratings(period_id);

CREATE TABLE ip_evidence (
  id         INTEGER PRIMARY KEY,
  rating_id  INTEGER NOT NULL REFERENCES ip_ratings(id),
  position   INTEGER NOT NULL,
  ref        TEXT NOT NULL
);

-- Live sendmis measures behind an action (docs/kpi.md ids).
CREATE TABLE ip_action_kpis (
  id            INTEGER PRIMARY KEY,
  action_id     INTEGER NOT NULL REFERENCES ip_actions(id),
  position      INTEGER NOT NULL,
  kpi           TEXT NOT NULL,
  baseline      REAL,
  baseline_date TEXT,
  target        REAL,
  target_date   TEXT,
  UNIQUE (action_id, kpi)
);
