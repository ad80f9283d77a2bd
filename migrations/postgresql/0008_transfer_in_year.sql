-- 0008 (SEN2 import).

-- A plan transferred in from another LA when only the year is known.
-- A SEN2 return gives TransferLA for a transfer in the activity year but not
-- its day; an import keeps the year here (transfer_in_date stays NULL).  The
-- export reports TransferLA for the year of transfer_in_date, else this.
ALTER TABLE plans ADD COLUMN transfer_in_year BIGINT CHECK (transfer_in_year IS NULL OR transfer_in_year BETWEEN 2014 AND 2100);

-- A plan whose reviews before the first one on record are not known (an
-- import: the return carries only the latest review, and it was held more
-- than a year after the plan began).  The clock does not judge that first
-- review's 12 months, whose start it cannot know.
ALTER TABLE plans ADD COLUMN earlier_reviews_unknown BIGINT NOT NULL DEFAULT 0 CHECK (earlier_reviews_unknown IN (0,1));

-- The import matches people by UPN (indexed since 0001), else ULN.
CREATE INDEX people_uln ON people(uln);

-- A decision a SEN2 return gives without its day (W, whose date the return
-- does not carry): the collection whose period it fell in, so a later export
-- reports it in that collection and as historical (H) after it.
ALTER TABLE requests ADD COLUMN decided_period BIGINT;
ALTER TABLE assessments ADD COLUMN decided_period BIGINT;
