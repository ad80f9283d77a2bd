-- 0026: surveys sent once a year on a day the area chooses, and settings'
-- surveys sent to the setting's contact (issue 17; docs/surveys.md).
--
-- A yearly questionnaire goes on its day and month (default 1 October) to
-- the families of every child with an active plan, once a year per child.
-- A settings' questionnaire goes to the SENCO (or other contact) recorded
-- for the child's current setting (contacts.establishment_id): its
-- invitation names that contact here, not a family contact.
ALTER TABLE questionnaires ADD COLUMN yearly_day BIGINT NOT NULL DEFAULT 1 CHECK (yearly_day BETWEEN 1 AND 31);
ALTER TABLE questionnaires ADD COLUMN yearly_month BIGINT NOT NULL DEFAULT 10 CHECK (yearly_month BETWEEN 1 AND 12);
ALTER TABLE survey_invitations ADD COLUMN setting_contact_id BIGINT REFERENCES contacts(id);
