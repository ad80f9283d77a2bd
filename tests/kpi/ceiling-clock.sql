-- ceiling-clock.sql — the clock's KPIs that plain SQL can count from the
-- stored statutory clock (clock_steps), written a second way.
--
-- Only for the day the stored clock was computed for (today): for an
-- earlier date the clock is run over the records as they stood
-- (`sendmis kpi --history`), which no stored row says.  `make bench` runs
-- it after ceiling.sql on the England-scale area, as part of the ceiling
-- for `sendmis kpi --as-of TODAY`, and fails if a number differs.
--
-- The same definitions as docs/kpi.md and src/domain/kpicount.c (take_clock):
--  * new_plans_20wk_excl_exceptions: the new plans of the year with no
--    mediation or tribunal (as ceiling.sql), less those whose request's
--    final-plan step (an assessment episode) an exception covers (SEN2
--    Week20 = 1);
--  * reviews_in_time: the plan episodes' review_in_time steps due in the
--    year by the date (decided, or past due), in time when decided by the
--    date and by the due date; and their review_due steps past due in the
--    year, applicable and not decided by the date (against);
--  * reviews_overdue: review_due steps of plan episodes open and past due
--    today with no exception covering them (CLOCK_SQL_OVERDUE), at any
--    date.
-- Not here: phase_transfers_on_time.  A transfer that is recorded is a
-- stored step, but a year whose transfer is not recorded takes its kind
-- from the cohort rule (src/core/phase.c: the date of birth, the current
-- setting's phase and top year), which is not SQL.
--
-- Parameters: as ceiling.sql (@asof, @from, @to; @la and @visit_cutoff
-- are not used).  Output: "id|numerator|denominator" (a count: "id|n|").
WITH
w20x AS MATERIALIZED (
  SELECT
    SUM(timed) AS timed,
    SUM(timed AND days <= 140) AS in20
  FROM (SELECT CAST(julianday(p.issue_date) - julianday(q.received_date) AS INTEGER) AS days,
               q.received_date IS NOT NULL
                 AND COALESCE(q.mediation,0) + COALESCE(q.tribunal,0) + COALESCE(a.mediation,0) + COALESCE(a.tribunal,0) = 0
                 AS timed
        FROM plans p LEFT JOIN requests q ON q.id = p.request_id LEFT JOIN assessments a ON a.request_id = q.id
        WHERE p.request_id IS NOT NULL AND COALESCE(p.transfer_in_la, '') = ''
          AND p.issue_date BETWEEN @from AND @to AND p.issue_date <= @asof
          AND p.request_id NOT IN (SELECT s.request_id FROM clock_steps s
                                   WHERE s.kind = 'final_plan' AND s.episode_kind = 'assessment'
                                     AND s.covered = 1 AND s.request_id IS NOT NULL))
),
rv AS MATERIALIZED (
  SELECT
    SUM(kind = 'review_in_time' AND (due < @asof OR decided_in_time)
        OR kind = 'review_due' AND not_applicable = 0 AND NOT decided AND due < @asof) AS den,
    SUM(kind = 'review_in_time' AND decided_in_time) AS num
  FROM (SELECT s.kind, s.due, s.not_applicable,
               s.done IS NOT NULL AND s.done <= @asof AS decided,
               s.done IS NOT NULL AND s.done <= @asof AND s.done <= s.due AS decided_in_time
        FROM clock_steps s
        WHERE s.kind IN ('review_in_time', 'review_due') AND s.due BETWEEN @from AND @to AND s.due <= @asof
          AND s.episode_kind = 'plan')
),
od AS MATERIALIZED (
  SELECT COUNT(*) AS n
  FROM clock_steps s
  WHERE s.kind = 'review_due' AND s.due < @asof AND s.episode_kind = 'plan'
    AND s.done IS NULL AND s.undated = 0 AND s.not_applicable = 0 AND s.covered = 0
)
SELECT 'new_plans_20wk_excl_exceptions', COALESCE(in20, 0), COALESCE(timed, 0) FROM w20x
UNION ALL SELECT 'reviews_in_time', COALESCE(num, 0), COALESCE(den, 0) FROM rv
UNION ALL SELECT 'reviews_overdue', n, '' FROM od;
