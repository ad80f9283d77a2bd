-- 0019: documents on a child's record (issue 16): advice reports, plans
-- from before sendmis, review paperwork, letters received.  The metadata
-- (documents) and the bytes (document_blobs) are separate tables, so the
-- list on the child's record never reads a file's bytes; the bytes live in
-- the database, so every backup of it holds them (docs/documents.md).
-- content_type is what libmagic found in the bytes, never what the name or
-- the browser said; sha256 is the bytes' checksum (hex).  Removing a
-- document removes its bytes too (the audit row keeps the checksum).
CREATE TABLE documents (
  id            INTEGER PRIMARY KEY,
  person_id     INTEGER NOT NULL REFERENCES people(id),
  doc_type      TEXT NOT NULL,
  doc_date      TEXT NOT NULL,
  author        TEXT,
  note          TEXT,
  file_name     TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  size_bytes    INTEGER NOT NULL CHECK (size_bytes > 0),
  content_type  TEXT NOT NULL,
  sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
  uploaded_by   INTEGER REFERENCES users(id),
  uploaded_at   TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1
);
-- the child's documents, newest first (the Documents tab, the advice's choice)
CREATE INDEX documents_person ON documents(person_id, doc_date, id);

CREATE TABLE document_blobs (
  document_id   INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  bytes         BLOB NOT NULL
);

-- advice received can carry its document (the plan's section K lists them)
ALTER TABLE advice_requests ADD COLUMN document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL;
CREATE INDEX advice_requests_document ON advice_requests(document_id) WHERE document_id IS NOT NULL;
