-- 0025: measures entered by hand on an improvement plan's action (issue 17:
-- "actions can link ... to a measure entered by hand with its source"), for
-- what sendmis does not count itself (a partner's figure, a survey run
-- elsewhere).  A value per review period, with who recorded it and when.
CREATE TABLE ip_manual_measures (
  id         INTEGER PRIMARY KEY,
  action_id  INTEGER NOT NULL REFERENCES ip_actions(id),
  name       TEXT NOT NULL,
  source     TEXT NOT NULL,            -- where the figure comes from
  unit       TEXT NOT NULL CHECK (unit IN ('percent','number')),
  baseline   TEXT,                     -- numbers as text (%.17g), as ip_action_kpis keeps them
  target     TEXT,
  version    INTEGER NOT NULL DEFAULT 1,
  UNIQUE (action_id, name)
);
CREATE TABLE ip_manual_values (
  id          INTEGER PRIMARY KEY,
  measure_id  INTEGER NOT NULL REFERENCES ip_manual_measures(id),
  period_id   INTEGER NOT NULL REFERENCES ip_periods(id),
  value       TEXT NOT NULL,
  note        TEXT,
  recorded_by INTEGER REFERENCES users(id),
  recorded_at TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1,
  UNIQUE (measure_id, period_id)
);
