-- sendmis: foreign_keys=off
-- 0006: the read-only "board" role (leaders and boards: the dashboard and
-- aggregates, never a child's record).  SQLite cannot change a CHECK in
-- place, so users is rebuilt (https://sqlite.org/lang_altertable.html,
-- "making other kinds of table schema changes"): the runner turns foreign
-- keys off around this migration and runs PRAGMA foreign_key_check before
-- committing, because other tables reference users(id).
CREATE TABLE users_new (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  email         TEXT,
  role          TEXT NOT NULL CHECK (role IN ('admin','manager','caseworker','readonly','board')),
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),
  created_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1,
  team          TEXT
);
INSERT INTO users_new(id, username, display_name, email, role, password_hash, disabled, created_at, version, team)
  SELECT id, username, display_name, email, role, password_hash, disabled, created_at, version, team FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
