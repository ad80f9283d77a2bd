-- 0023: family and young people's surveys (issue 17; docs/surveys.md).
--
-- A questionnaire is data: its questions belong to one version of it
-- (survey_questions.qversion).  Editing a questionnaire that has answers
-- copies its questions to a new version and edits that; answers keep the
-- version they were given to.  A question's `statement` is stable across
-- versions, so results by statement span them.
CREATE TABLE questionnaires (
  id               INTEGER PRIMARY KEY,
  name             TEXT NOT NULL,
  audience         TEXT NOT NULL CHECK (audience IN ('parent','young_person','setting')),
  anonymous        INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0,1)),
  send_trigger     TEXT NOT NULL DEFAULT 'manual'
                   CHECK (send_trigger IN ('manual','plan_issued','annual_review','yearly')),
  expiry_days      INTEGER NOT NULL DEFAULT 28 CHECK (expiry_days BETWEEN 1 AND 365),
  ready_made       TEXT,                 -- the ready-made questionnaire it was loaded as, once
  current_qversion INTEGER NOT NULL DEFAULT 1 CHECK (current_qversion >= 1),
  created_at       TEXT NOT NULL,
  version          INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX questionnaires_ready_made ON questionnaires(ready_made) WHERE ready_made IS NOT NULL;
CREATE INDEX questionnaires_name ON questionnaires(name);

CREATE TABLE survey_questions (
  id               INTEGER PRIMARY KEY,
  questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id),
  qversion         INTEGER NOT NULL CHECK (qversion >= 1),
  position         INTEGER NOT NULL CHECK (position >= 1),
  kind             TEXT NOT NULL CHECK (kind IN ('likert','yesno','single','multiple','text')),
  statement        TEXT NOT NULL,        -- stable across versions: what results are grouped by
  wording          TEXT NOT NULL,
  easy_read        TEXT,                 -- the easy-read wording, where there is one
  options          TEXT,                 -- single and multiple choice: one option a line
  required         INTEGER NOT NULL DEFAULT 1 CHECK (required IN (0,1)),
  version          INTEGER NOT NULL DEFAULT 1,
  UNIQUE (questionnaire_id, qversion, position)
);
CREATE INDEX survey_questions_statement ON survey_questions(questionnaire_id, statement);

-- One invitation to answer: a single-use link (token_hash: SHA-256 of the
-- random token, never the token) or a paper copy typed in by staff.
CREATE TABLE survey_invitations (
  id               INTEGER PRIMARY KEY,
  questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id),
  qversion         INTEGER NOT NULL,
  person_id        INTEGER REFERENCES people(id),
  contact_id       INTEGER REFERENCES person_contacts(id),
  channel          TEXT NOT NULL CHECK (channel IN ('email','paper')),
  reason           TEXT NOT NULL CHECK (reason IN ('manual','plan_issued','annual_review','yearly')),
  dedupe_key       TEXT NOT NULL UNIQUE,  -- once-only: the trigger's event and the contact
  token_hash       TEXT UNIQUE,
  sent_on          TEXT NOT NULL,
  expires_on       TEXT NOT NULL,
  used             INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0,1)),
  used_on          TEXT,                  -- the day only
  created_by       INTEGER REFERENCES users(id)
);
CREATE INDEX survey_invitations_sent ON survey_invitations(questionnaire_id, sent_on);
CREATE INDEX survey_invitations_person ON survey_invitations(person_id);

-- A response.  Anonymous: invitation_id and person_id are NULL, the id is
-- random and only the month is kept, so no row says who answered.
CREATE TABLE survey_responses (
  id               INTEGER PRIMARY KEY,
  questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id),
  qversion         INTEGER NOT NULL,
  invitation_id    INTEGER UNIQUE REFERENCES survey_invitations(id),
  person_id        INTEGER REFERENCES people(id),
  answered_month   TEXT NOT NULL,          -- 'YYYY-MM'
  paper            INTEGER NOT NULL DEFAULT 0 CHECK (paper IN (0,1))
);
CREATE INDEX survey_responses_month ON survey_responses(questionnaire_id, answered_month);
CREATE INDEX survey_responses_person ON survey_responses(person_id) WHERE person_id IS NOT NULL;

-- No rowid: an answer's own id would give the order responses came in.
CREATE TABLE survey_answers (
  response_id      INTEGER NOT NULL REFERENCES survey_responses(id),
  question_id      INTEGER NOT NULL REFERENCES survey_questions(id),
  value            TEXT NOT NULL,          -- likert 1..5 (1 strongly agree), yes/no 1/0, options' numbers "1,3", text
  theme            TEXT,                   -- free text: the theme staff tagged it with
  PRIMARY KEY (response_id, question_id)
) WITHOUT ROWID;
CREATE INDEX survey_answers_question ON survey_answers(question_id);

-- The scheduler finds plans issued and reviews decided since its last run
-- (survey_send_due) through these.
CREATE INDEX plans_issue_day ON plans(issue_date) WHERE issue_date IS NOT NULL;
CREATE INDEX plan_versions_final_day ON plan_versions(final_date) WHERE final_date IS NOT NULL;
CREATE INDEX reviews_decided_day ON reviews(decision_date) WHERE decision_date IS NOT NULL;
