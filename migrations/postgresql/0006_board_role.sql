-- 0006: the read-only "board" role (leaders and boards: the dashboard and
-- aggregates, never a child's record).  SQLite rebuilds users to change the
-- CHECK; PostgreSQL changes the named constraint in place (the columns and
-- their order stay as they are).
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
  CHECK (role IN ('admin','manager','caseworker','readonly','board'));
