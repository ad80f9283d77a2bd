-- 0024: co-production and engagement (issue 17; docs/engagement.md).
--
-- An event the area held with families, children and young people or
-- partners: its date, kind, how many took part from each group (counts,
-- never names), the topics, and its "you said, we did" actions with their
-- owners and dates.  Counted by quarter for the improvement plan.
CREATE TABLE engagement_events (
  id             INTEGER PRIMARY KEY,
  event_date     TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('forum','workshop','young_people','consultation','other')),
  title          TEXT NOT NULL,
  parents        INTEGER NOT NULL DEFAULT 0 CHECK (parents >= 0),
  young_people   INTEGER NOT NULL DEFAULT 0 CHECK (young_people >= 0),
  professionals  INTEGER NOT NULL DEFAULT 0 CHECK (professionals >= 0),
  others         INTEGER NOT NULL DEFAULT 0 CHECK (others >= 0),
  topics         TEXT,
  created_by     INTEGER REFERENCES users(id),
  version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX engagement_events_date ON engagement_events(event_date);

CREATE TABLE engagement_actions (
  id             INTEGER PRIMARY KEY,
  event_id       INTEGER NOT NULL REFERENCES engagement_events(id),
  you_said       TEXT NOT NULL,
  we_did         TEXT,
  owner          TEXT NOT NULL,
  due_date       TEXT,
  done_date      TEXT,
  version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX engagement_actions_event ON engagement_actions(event_id);
CREATE INDEX engagement_actions_open ON engagement_actions(due_date) WHERE done_date IS NULL;
