-- 0004: partners in the loop — the directory of services and contacts,
-- advice asked of them (for an assessment or an annual review), the durable
-- outbox every email goes through, review meetings, and generated letters.

-- A service asked for advice (SEND Regs 2014 reg 6(1)): its kind is a code of
-- codes_advice_service; its manager is who late advice is escalated to.
CREATE TABLE services (
  id             INTEGER PRIMARY KEY,
  kind           TEXT NOT NULL,
  name           TEXT NOT NULL UNIQUE,
  email          TEXT,
  manager_name   TEXT,
  manager_email  TEXT,
  closed         INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0,1)),
  version        INTEGER NOT NULL DEFAULT 1
);

-- A person at a service, or a school or setting's SENCO (establishment_id).
-- email_off: NULL while emails reach them, else why they stopped (bounced,
-- left…): the contact and everything sent to them stay.
CREATE TABLE contacts (
  id                INTEGER PRIMARY KEY,
  service_id        INTEGER REFERENCES services(id),
  establishment_id  INTEGER REFERENCES establishments(id),
  name              TEXT NOT NULL,
  job_title         TEXT,
  email             TEXT NOT NULL,
  phone             TEXT,
  email_off         TEXT,
  version           INTEGER NOT NULL DEFAULT 1,
  CHECK ((service_id IS NULL) <> (establishment_id IS NULL))
);
CREATE UNIQUE INDEX contacts_service_email ON contacts(service_id, email) WHERE service_id IS NOT NULL;
CREATE UNIQUE INDEX contacts_establishment_email ON contacts(establishment_id, email) WHERE establishment_id IS NOT NULL;

-- An annual review meeting arranged ahead: the school and services are told
-- its date and asked for contributions by contributions_due (reg 20(4)).
CREATE TABLE review_meetings (
  id                 INTEGER PRIMARY KEY,
  plan_id            INTEGER NOT NULL REFERENCES plans(id),
  meeting_date       TEXT NOT NULL,
  contributions_due  TEXT NOT NULL,
  created_by         INTEGER REFERENCES users(id),
  created_at         TEXT NOT NULL,
  version            INTEGER NOT NULL DEFAULT 1,
  CHECK (contributions_due <= meeting_date)
);
CREATE INDEX review_meetings_plan ON review_meetings(plan_id);

-- Advice asked for: for an assessment (request_id; the clock's reg 8 step) or
-- for an annual review (meeting_id).  due_date is derived by the domain from
-- the rules table (advice_refresh_due); the ratings are the caseworker's.
CREATE TABLE advice_requests_new (
  id                 INTEGER PRIMARY KEY,
  request_id         INTEGER REFERENCES requests(id),
  meeting_id         INTEGER REFERENCES review_meetings(id),
  person_id          INTEGER NOT NULL REFERENCES people(id),
  service            TEXT NOT NULL,
  service_id         INTEGER REFERENCES services(id),
  contact_id         INTEGER REFERENCES contacts(id),
  requested_date     TEXT NOT NULL,
  due_date           TEXT,
  received_date      TEXT,
  rating_complete    TEXT CHECK (rating_complete IN ('yes','partly','no')),
  rating_specific    TEXT CHECK (rating_specific IN ('yes','partly','no')),
  rating_quantified  TEXT CHECK (rating_quantified IN ('yes','partly','no')),
  created_by         INTEGER REFERENCES users(id),
  version            INTEGER NOT NULL DEFAULT 1,
  CHECK ((request_id IS NULL) <> (meeting_id IS NULL)),
  CHECK (received_date IS NULL OR received_date >= requested_date)
);
INSERT INTO advice_requests_new(id, request_id, person_id, service, requested_date, received_date, version)
  SELECT id, request_id, person_id, service, requested_date, received_date, version FROM advice_requests;
DROP TABLE advice_requests;
ALTER TABLE advice_requests_new RENAME TO advice_requests;
CREATE INDEX advice_requests_request ON advice_requests(request_id);
CREATE INDEX advice_requests_person ON advice_requests(person_id);
CREATE INDEX advice_requests_meeting ON advice_requests(meeting_id);
CREATE INDEX advice_requests_open ON advice_requests(due_date) WHERE received_date IS NULL;
CREATE INDEX advice_requests_service ON advice_requests(service_id, requested_date);

-- Every email, written here first and sent by the worker.  dedupe_key makes
-- each notice once-only (a reminder is keyed by its request and offset), so
-- the scheduler can run any number of times.  The rendered subject and body
-- are kept: the outbox shows exactly what was sent.  States: queued (with
-- next_attempt and the last failure, if any), sending (claimed by a worker),
-- sent, failed (gave up: last_error), unknown (the worker stopped while
-- sending: it may have arrived; never resent on its own), cancelled.
CREATE TABLE outbox (
  id            INTEGER PRIMARY KEY,
  dedupe_key    TEXT NOT NULL UNIQUE,
  template      TEXT NOT NULL,
  to_email      TEXT NOT NULL,
  to_name       TEXT,
  contact_id    INTEGER REFERENCES contacts(id),
  user_id       INTEGER REFERENCES users(id),
  person_id     INTEGER REFERENCES people(id),
  advice_id     INTEGER REFERENCES advice_requests(id),
  subject       TEXT NOT NULL,
  body          TEXT NOT NULL,
  message_id    TEXT NOT NULL,
  state         TEXT NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued','sending','sent','failed','unknown','cancelled')),
  attempts      INTEGER NOT NULL DEFAULT 0,
  next_attempt  INTEGER NOT NULL,
  last_error    TEXT,
  created_at    TEXT NOT NULL,
  sent_at       TEXT
);
CREATE INDEX outbox_due ON outbox(state, next_attempt);
CREATE INDEX outbox_person ON outbox(person_id);
CREATE INDEX outbox_advice ON outbox(advice_id);

-- A letter generated from the record: its merged content (JSON blocks) is
-- kept as generated, so a later template change never alters a sent letter.
CREATE TABLE letters (
  id            INTEGER PRIMARY KEY,
  person_id     INTEGER NOT NULL REFERENCES people(id),
  template      TEXT NOT NULL,
  title         TEXT NOT NULL,
  content       TEXT NOT NULL,
  generated_by  INTEGER NOT NULL REFERENCES users(id),
  generated_at  TEXT NOT NULL
);
CREATE INDEX letters_person ON letters(person_id);
