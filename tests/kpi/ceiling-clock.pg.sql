-- ceiling-clock.pg.sql — ceiling-clock.sql for PostgreSQL: the same
-- measures from the stored statutory clock (clock_steps), the same
-- definitions, the same output.  Keep the two files in step.
--
-- As ceiling.pg.sql: a difference in days is CAST(a AS DATE) - CAST(b AS
-- DATE) where SQLite has julianday(a) - julianday(b), and a condition is
-- counted as SUM(CASE WHEN … THEN 1 ELSE 0 END).
--
-- Parameters (psql): -v asof=… -v from=… -v to=… (as ceiling.pg.sql; la and
-- visit_cutoff are not used).  Output: "id|numerator|denominator" (a count: "id|n|").
WITH
w20x AS MATERIALIZED (
  SELECT
    SUM(CASE WHEN timed THEN 1 ELSE 0 END) AS timed,
    SUM(CASE WHEN timed AND days <= 140 THEN 1 ELSE 0 END) AS in20
  FROM (SELECT CAST(p.issue_date AS DATE) - CAST(q.received_date AS DATE) AS days,
               q.received_date IS NOT NULL
                 AND COALESCE(q.mediation,0) + COALESCE(q.tribunal,0) + COALESCE(a.mediation,0) + COALESCE(a.tribunal,0) = 0
                 AS timed
        FROM plans p LEFT JOIN requests q ON q.id = p.request_id LEFT JOIN assessments a ON a.request_id = q.id
        WHERE p.request_id IS NOT NULL AND COALESCE(p.transfer_in_la, '') = ''
          AND p.issue_date BETWEEN :'from' AND :'to' AND p.issue_date <= :'asof'
          AND p.request_id NOT IN (SELECT s.request_id FROM clock_steps s
                                   WHERE s.kind = 'final_plan' AND s.episode_kind = 'assessment'
                                     AND s.covered = 1 AND s.request_id IS NOT NULL)) r
),
rv AS MATERIALIZED (
  SELECT
    SUM(CASE WHEN kind = 'review_in_time' AND (due < :'asof' OR decided_in_time)
                  OR kind = 'review_due' AND not_applicable = 0 AND NOT decided AND due < :'asof' THEN 1 ELSE 0 END) AS den,
    SUM(CASE WHEN kind = 'review_in_time' AND decided_in_time THEN 1 ELSE 0 END) AS num
  FROM (SELECT s.kind, s.due, s.not_applicable,
               s.done IS NOT NULL AND s.done <= :'asof' AS decided,
               s.done IS NOT NULL AND s.done <= :'asof' AND s.done <= s.due AS decided_in_time
        FROM clock_steps s
        WHERE s.kind IN ('review_in_time', 'review_due') AND s.due BETWEEN :'from' AND :'to' AND s.due <= :'asof'
          AND s.episode_kind = 'plan') r
),
od AS MATERIALIZED (
  SELECT COUNT(*) AS n
  FROM clock_steps s
  WHERE s.kind = 'review_due' AND s.due < :'asof' AND s.episode_kind = 'plan'
    AND s.done IS NULL AND s.undated = 0 AND s.not_applicable = 0 AND s.covered = 0
)
-- the denominator column is text: '' for a count, as ceiling-clock.sql prints it
SELECT 'new_plans_20wk_excl_exceptions', COALESCE(in20, 0), CAST(COALESCE(timed, 0) AS TEXT) FROM w20x
UNION ALL SELECT 'reviews_in_time', COALESCE(num, 0), CAST(COALESCE(den, 0) AS TEXT) FROM rv
UNION ALL SELECT 'reviews_overdue', n, '' FROM od;
