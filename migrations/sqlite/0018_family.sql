-- 0018: the people around the child (issue 16): contacts (parents, carers,
-- others, and the young person as their own contact), the young person's
-- mental capacity and who acts for them (Children and Families Act 2014
-- s.80), consent to share information (withdrawal recorded, never
-- deleted), and the views of the child or young person and of the parents.
-- Letters name the contact they were made for.  Every list reads by the
-- child's id (an index each); nothing here is read area-wide.

CREATE TABLE person_contacts (
  id                 INTEGER PRIMARY KEY,
  person_id          INTEGER NOT NULL REFERENCES people(id),
  relationship       TEXT NOT NULL,
  title              TEXT,
  forename           TEXT,
  surname            TEXT,
  parental_resp      INTEGER NOT NULL DEFAULT 0 CHECK (parental_resp IN (0,1)),
  address_line1      TEXT,
  address_line2      TEXT,
  town               TEXT,
  postcode           TEXT,
  phone              TEXT,
  email              TEXT,
  contact_method     TEXT,
  language           TEXT,
  interpreter        INTEGER NOT NULL DEFAULT 0 CHECK (interpreter IN (0,1)),
  access_needs       TEXT,
  receives_letters   INTEGER NOT NULL DEFAULT 0 CHECK (receives_letters IN (0,1)),
  version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX person_contacts_person ON person_contacts(person_id);
-- the young person is their own contact once
CREATE UNIQUE INDEX person_contacts_self ON person_contacts(person_id) WHERE relationship = 'self';

-- A young person's capacity to make a decision (Mental Capacity Act 2005),
-- and who acts for them where they lack it (CFA 2014 s.80): one row a child.
CREATE TABLE person_capacity (
  id                 INTEGER PRIMARY KEY,
  person_id          INTEGER NOT NULL UNIQUE REFERENCES people(id),
  lacks_capacity     INTEGER NOT NULL DEFAULT 0 CHECK (lacks_capacity IN (0,1)),
  assessed_date      TEXT,
  assessed_by        TEXT,
  acting_contact_id  INTEGER REFERENCES person_contacts(id),
  note               TEXT,
  version            INTEGER NOT NULL DEFAULT 1
);

-- Consent to share information: withdrawal sets withdrawn_date and its
-- reason; the row is never deleted (no route removes one).
CREATE TABLE person_consents (
  id                 INTEGER PRIMARY KEY,
  person_id          INTEGER NOT NULL REFERENCES people(id),
  given_by_contact_id INTEGER NOT NULL REFERENCES person_contacts(id),
  scope              TEXT NOT NULL,
  partners           TEXT,
  detail             TEXT,
  given_date         TEXT NOT NULL,
  given_how          TEXT NOT NULL,
  withdrawn_date     TEXT,
  withdrawn_reason   TEXT,
  version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX person_consents_person ON person_consents(person_id, given_date);

-- The views of the child or young person, and of a parent or carer,
-- recorded separately and dated (they feed section A of the plan).
CREATE TABLE person_views (
  id                 INTEGER PRIMARY KEY,
  person_id          INTEGER NOT NULL REFERENCES people(id),
  whose              TEXT NOT NULL CHECK (whose IN ('child','parent')),
  contact_id         INTEGER REFERENCES person_contacts(id),
  view_date          TEXT NOT NULL,
  gathered_how       TEXT NOT NULL,
  gathered_by        TEXT,
  body               TEXT NOT NULL,
  version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX person_views_person ON person_views(person_id, view_date);

-- the contact a letter was made for (NULL: "parent or carer of …", as before 0018)
ALTER TABLE letters ADD COLUMN recipient_contact_id INTEGER REFERENCES person_contacts(id);
ALTER TABLE letters ADD COLUMN recipient_name TEXT;
