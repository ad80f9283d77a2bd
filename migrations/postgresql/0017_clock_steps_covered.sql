-- 0017: the stored steps an exception covers, by kind (issue 15, "every
-- page costs the page").  The dashboard for today counts SEN2 Week20 from
-- the final plan steps of assessments that an exception covers (the
-- excused requests, a few in a hundred); the kind's index (kind, due) finds
-- every final plan step and each must be read to see its flag.  This one
-- holds only the covered steps, so the count reads the excused ones alone.
CREATE INDEX clock_steps_covered ON clock_steps(kind, due) WHERE covered = 1;
