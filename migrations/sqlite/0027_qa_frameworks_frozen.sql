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
CREATE TRIGGER qa_criteria_frozen_insert BEFORE INSERT ON qa_criteria
  WHEN EXISTS (SELECT 1 FROM qa_audits WHERE framework_id = NEW.framework_id)
BEGIN
  SELECT RAISE(ABORT, 'qa_frameworks: the version is used by audits');
END;
CREATE TRIGGER qa_criteria_frozen_update BEFORE UPDATE ON qa_criteria
  WHEN EXISTS (SELECT 1 FROM qa_audits WHERE framework_id IN (OLD.framework_id, NEW.framework_id))
BEGIN
  SELECT RAISE(ABORT, 'qa_frameworks: the version is used by audits');
END;
CREATE TRIGGER qa_criteria_frozen_delete BEFORE DELETE ON qa_criteria
  WHEN EXISTS (SELECT 1 FROM qa_audits WHERE framework_id = OLD.framework_id)
    OR NOT EXISTS (SELECT 1 FROM qa_criteria WHERE framework_id = OLD.framework_id AND id <> OLD.id)
BEGIN
  SELECT RAISE(ABORT, 'qa_frameworks: the version is used by audits, or this is its only criterion');
END;
CREATE TRIGGER qa_frameworks_frozen BEFORE UPDATE OF kind, name, scale, rule, good_from ON qa_frameworks
  WHEN EXISTS (SELECT 1 FROM qa_audits WHERE framework_id = OLD.id)
BEGIN
  SELECT RAISE(ABORT, 'qa_frameworks: the version is used by audits');
END;
-- A version's criteria, for the frameworks page and the audits' grades.
CREATE INDEX qa_criteria_framework ON qa_criteria(framework_id, id);
