-- 0021: one record per child, easy to find (issue 16).
--
-- Likely duplicates.  Two children are likely the same when they share a
-- date of birth and either the same name (surname and forename, any case)
-- or the same postcode.  The pairs are derived data, kept in dup_pairs by
-- the transaction that changes a child (change_commit -> merge.c
-- dup_refresh: two index probes per child touched), so the admin's list is
-- an indexed walk with a limit, never a search of the area.  A pair an
-- admin has said is not the same child is kept in dup_not_same and never
-- listed again.
CREATE INDEX people_dup_name ON people(dob, lower(surname), lower(forename));
CREATE INDEX people_dup_postcode ON people(dob, postcode) WHERE postcode IS NOT NULL;

CREATE TABLE dup_pairs (
  lo             INTEGER NOT NULL REFERENCES people(id),   -- the lower id of the two
  hi             INTEGER NOT NULL REFERENCES people(id),
  same_name      INTEGER NOT NULL CHECK (same_name IN (0,1)),
  same_postcode  INTEGER NOT NULL CHECK (same_postcode IN (0,1)),
  PRIMARY KEY (lo, hi),
  CHECK (lo < hi)
);
CREATE INDEX dup_pairs_hi ON dup_pairs(hi);

CREATE TABLE dup_not_same (
  lo       INTEGER NOT NULL REFERENCES people(id),
  hi       INTEGER NOT NULL REFERENCES people(id),
  user_id  INTEGER REFERENCES users(id),
  at       TEXT NOT NULL,
  PRIMARY KEY (lo, hi),
  CHECK (lo < hi)
);

-- A merge: the absorbed child's related rows moved to the kept child.  The
-- absorbed record stays, marked merged_into the kept one, so that links to
-- it say where it went and the merge can be undone.  merge_rows names
-- every row moved (its table, its id, and what else changed: a need's rank,
-- an allocation ended), so an undo moves exactly those rows back.  An undo
-- is refused once either child has changed after the merge's last audit row
-- (audit_id).
ALTER TABLE people ADD COLUMN merged_into INTEGER REFERENCES people(id);
CREATE INDEX people_merged ON people(merged_into) WHERE merged_into IS NOT NULL;

CREATE TABLE merges (
  id            INTEGER PRIMARY KEY,
  kept_id       INTEGER NOT NULL REFERENCES people(id),
  absorbed_id   INTEGER NOT NULL REFERENCES people(id),
  merged_at     TEXT NOT NULL,
  merged_by     INTEGER REFERENCES users(id),
  audit_id      INTEGER NOT NULL,           -- the merge's last audit row
  absorbed_version INTEGER NOT NULL,        -- the absorbed record's version before the merge
  rows_moved    INTEGER NOT NULL,
  undone_at     TEXT,
  undone_by     INTEGER REFERENCES users(id),
  version       INTEGER NOT NULL DEFAULT 1,
  CHECK (kept_id <> absorbed_id)
);
CREATE INDEX merges_kept ON merges(kept_id);
CREATE INDEX merges_absorbed ON merges(absorbed_id);

CREATE TABLE merge_rows (
  merge_id   INTEGER NOT NULL REFERENCES merges(id),
  tbl        TEXT NOT NULL,
  row_id     INTEGER NOT NULL,
  old_rank   INTEGER,                        -- needs: the rank it had (renumbered after the kept child's)
  ended      INTEGER NOT NULL DEFAULT 0 CHECK (ended IN (0,1)),   -- allocations: the open one ended by the merge
  PRIMARY KEY (merge_id, tbl, row_id)
);

-- The header search: a date of birth is found whole (people_dup_name's
-- first column serves it); a ULN has its unique index (0011).  The
-- children a user viewed last: their "view people" audit rows, newest
-- first.
CREATE INDEX audit_user_views ON audit_events(user_id, id) WHERE action = 'view' AND entity = 'people';
