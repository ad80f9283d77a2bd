-- 0027: a plan or case-file audit framework version is edited in the browser
-- until an audit uses it, and never after (issue 17; docs/quality-assurance.md).
--
-- The domain refuses the change with a message naming the field
-- (src/domain/qa_frameworks.c); these triggers make the store refuse it too,
-- so no path can change the criteria, scale, rule or good_from of a version
-- that audits were graded against.  A version's criteria may not all be
-- removed: a framework with none could not grade anything.
--
-- Which version new audits take stays qa_frameworks.active (the newest
-- active version of its kind); a lead now chooses it, and a copy starts as a
-- draft (active 0) until the lead chooses it.
-- PostgreSQL allows no subquery in a trigger's WHEN, so each function makes
-- SQLite's WHEN test itself; the refusal is SQLSTATE 23514 (class 23, a
-- constraint failure, as SQLite's RAISE(ABORT) is) with SQLite's message.
-- A BEFORE row trigger sees the rows its statement changed before this one,
-- as in SQLite, so deleting all of a version's criteria at once is refused
-- at its last.
CREATE FUNCTION qa_criteria_frozen_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM qa_audits WHERE framework_id = NEW.framework_id) THEN
    RAISE EXCEPTION 'qa_frameworks: the version is used by audits' USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER qa_criteria_frozen_insert BEFORE INSERT ON qa_criteria
  FOR EACH ROW EXECUTE FUNCTION qa_criteria_frozen_insert();

CREATE FUNCTION qa_criteria_frozen_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM qa_audits WHERE framework_id IN (OLD.framework_id, NEW.framework_id)) THEN
    RAISE EXCEPTION 'qa_frameworks: the version is used by audits' USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER qa_criteria_frozen_update BEFORE UPDATE ON qa_criteria
  FOR EACH ROW EXECUTE FUNCTION qa_criteria_frozen_update();

CREATE FUNCTION qa_criteria_frozen_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM qa_audits WHERE framework_id = OLD.framework_id)
     OR NOT EXISTS (SELECT 1 FROM qa_criteria WHERE framework_id = OLD.framework_id AND id <> OLD.id) THEN
    RAISE EXCEPTION 'qa_frameworks: the version is used by audits, or this is its only criterion' USING ERRCODE = '23514';
  END IF;
  RETURN OLD;
END
$$;
CREATE TRIGGER qa_criteria_frozen_delete BEFORE DELETE ON qa_criteria
  FOR EACH ROW EXECUTE FUNCTION qa_criteria_frozen_delete();

CREATE FUNCTION qa_frameworks_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM qa_audits WHERE framework_id = OLD.id) THEN
    RAISE EXCEPTION 'qa_frameworks: the version is used by audits' USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER qa_frameworks_frozen BEFORE UPDATE OF kind, name, scale, rule, good_from ON qa_frameworks
  FOR EACH ROW EXECUTE FUNCTION qa_frameworks_frozen();
-- A version's criteria, for the frameworks page and the audits' grades.
CREATE INDEX qa_criteria_framework ON qa_criteria(framework_id, id);
