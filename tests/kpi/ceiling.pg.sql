-- ceiling.pg.sql — ceiling.sql for PostgreSQL: the same measures, the same
-- definitions, the same output, so that the contract test can check
-- `sendmis kpi --json` on a PostgreSQL store by an independent route too.
-- Keep the two files in step: a change to one is a change to the other.
--
-- Written for PostgreSQL's types: dates are TEXT 'YYYY-MM-DD' columns (as in
-- SQLite), so they compare as text, and a difference in days is
-- CAST(a AS DATE) - CAST(b AS DATE) (an integer) where SQLite has
-- julianday(a) - julianday(b); a condition is a boolean, counted as
-- SUM(CASE WHEN … THEN 1 ELSE 0 END) where SQLite sums the 0/1 (a NULL adds
-- nothing either way).
--
-- Parameters (psql): -v asof=YYYY-MM-DD -v from=YYYY-01-01 -v to=YYYY-12-31
--                    -v la=NNN (the area's LA code)
--                    -v visit_cutoff=YYYY-MM-DD (as-of minus visit_overdue_months)
-- Run: psql -X -A -t -F'|' -v ON_ERROR_STOP=1 -v … -d URI -f tests/kpi/ceiling.pg.sql
-- Output: one row per measure, "id|numerator|denominator" (a count: "id|n|").
WITH
rq AS MATERIALIZED (
  SELECT
    SUM(CASE WHEN yr THEN 1 ELSE 0 END) AS received,
    SUM(CASE WHEN yr AND known AND outcome = 'N' THEN 1 ELSE 0 END) AS refused,
    SUM(CASE WHEN yr AND known AND outcome = 'Y' THEN 1 ELSE 0 END) AS agreed,
    SUM(CASE WHEN yr AND known AND outcome = 'W' THEN 1 ELSE 0 END) AS withdrawn,
    SUM(CASE WHEN yr AND NOT known THEN 1 ELSE 0 END) AS outstanding,
    SUM(CASE WHEN yr AND known AND outcome IN ('Y','N') THEN 1 ELSE 0 END) AS dec_den,
    SUM(CASE WHEN yr AND known AND outcome IN ('Y','N')
             AND CAST(outcome_date AS DATE) - CAST(received_date AS DATE) <= 42 THEN 1 ELSE 0 END) AS dec_num
  FROM (SELECT outcome, outcome_date, received_date,
               received_date BETWEEN :'from' AND :'to' AND received_date <= :'asof' AS yr,
               COALESCE(outcome, '') <> '' AND (outcome_date IS NULL OR outcome_date <= :'asof') AS known
        FROM requests) r
),
pl AS MATERIALIZED (
  SELECT
    SUM(CASE WHEN issue_date <= :'asof' AND (cease_date IS NULL OR cease_date > :'asof') THEN 1 ELSE 0 END) AS active,
    SUM(CASE WHEN is_new THEN 1 ELSE 0 END) AS new_plans,
    SUM(CASE WHEN timed THEN 1 ELSE 0 END) AS timed,
    SUM(CASE WHEN timed AND days <= 140 THEN 1 ELSE 0 END) AS in20,
    SUM(CASE WHEN timed AND days > 140 AND days <= 364 THEN 1 ELSE 0 END) AS in20_52,
    SUM(CASE WHEN timed AND days > 364 THEN 1 ELSE 0 END) AS over52,
    SUM(CASE WHEN timed THEN days ELSE 0 END) AS total_days,
    SUM(CASE WHEN cease_date BETWEEN :'from' AND :'to' AND cease_date <= :'asof' THEN 1 ELSE 0 END) AS ceased
  FROM (SELECT p.issue_date, p.cease_date,
               CAST(p.issue_date AS DATE) - CAST(q.received_date AS DATE) AS days,
               p.request_id IS NOT NULL AND COALESCE(p.transfer_in_la, '') = ''
                 AND p.issue_date BETWEEN :'from' AND :'to' AND p.issue_date <= :'asof' AS is_new,
               p.request_id IS NOT NULL AND COALESCE(p.transfer_in_la, '') = ''
                 AND p.issue_date BETWEEN :'from' AND :'to' AND p.issue_date <= :'asof'
                 AND q.received_date IS NOT NULL
                 AND COALESCE(q.mediation,0) + COALESCE(q.tribunal,0) + COALESCE(a.mediation,0) + COALESCE(a.tribunal,0) = 0
                 AS timed
        FROM plans p LEFT JOIN requests q ON q.id = p.request_id LEFT JOIN assessments a ON a.request_id = q.id) r
),
asmt AS MATERIALIZED (
  SELECT
    SUM(CASE WHEN yr AND a.outcome = 'N' THEN 1 ELSE 0 END) AS ni_den,
    SUM(CASE WHEN yr AND a.outcome = 'N' AND CAST(a.outcome_date AS DATE) - CAST(q.received_date AS DATE) <= 112
             THEN 1 ELSE 0 END) AS ni_num,
    SUM(CASE WHEN yr AND a.outcome IN ('Y','N') THEN 1 ELSE 0 END) AS decided
  FROM (SELECT *, outcome_date BETWEEN :'from' AND :'to' AND outcome_date <= :'asof' AS yr FROM assessments) a
  JOIN requests q ON q.id = a.request_id
),
rv AS MATERIALIZED (
  SELECT
    SUM(CASE WHEN yr AND dec THEN 1 ELSE 0 END) AS d_den,
    SUM(CASE WHEN yr AND dec AND CAST(decision_date AS DATE) - CAST(meeting_date AS DATE) <= 28 THEN 1 ELSE 0 END) AS d_num,
    SUM(CASE WHEN yr AND dec AND outcome = 'A' AND final_amended_date <= :'asof' THEN 1 ELSE 0 END) AS a_den,
    SUM(CASE WHEN yr AND dec AND outcome = 'A' AND final_amended_date <= :'asof'
             AND CAST(final_amended_date AS DATE) - CAST(meeting_date AS DATE) <= 84 THEN 1 ELSE 0 END) AS a_num
  FROM (SELECT v.*, v.meeting_date BETWEEN :'from' AND :'to' AND v.meeting_date <= :'asof' AS yr,
               v.decision_date IS NOT NULL AND v.decision_date <= :'asof' AS dec
        FROM reviews v JOIN plans p ON p.id = v.plan_id) r
),
adv AS MATERIALIZED (
  SELECT COUNT(*) AS den,
         SUM(CASE WHEN received_date IS NOT NULL AND received_date <= :'asof' AND received_date <= due_date
                  THEN 1 ELSE 0 END) AS num
  FROM advice_requests
  WHERE request_id IS NOT NULL AND due_date BETWEEN :'from' AND :'to' AND due_date < :'asof'
),
-- the oversight measures: active plans, each child's setting as at the date
ov AS MATERIALIZED (
  SELECT
    SUM(CASE WHEN ooa THEN 1 ELSE 0 END) AS ooa,
    SUM(CASE WHEN (ooa OR res OR ehe) AND (last_visit IS NULL OR last_visit < :'visit_cutoff') THEN 1 ELSE 0 END) AS visits,
    SUM(CASE WHEN cid IS NULL OR scode = 'AWAIT' THEN 1 ELSE 0 END) AS awaiting,
    SUM(CASE WHEN cme OR neet THEN 1 ELSE 0 END) AS missing,
    SUM(CASE WHEN neet AND age BETWEEN 16 AND 18 THEN 1 ELSE 0 END) AS neet_16_18,
    SUM(CASE WHEN neet AND age BETWEEN 16 AND 25 THEN 1 ELSE 0 END) AS neet_16_25
  FROM (SELECT c.id AS cid, COALESCE(c.setting_code, '') AS scode,
               COALESCE(e.la_code, '') <> '' AND e.la_code <> :'la' AS ooa,
               COALESCE(c.residential, '') IN ('38','51','52') AS res,
               x.ehe = 1 OR COALESCE(c.setting_code, '') = 'EHE' AS ehe,
               x.cme = 1 AS cme,
               COALESCE(c.setting_code, '') IN ('NEET','NIEC','NIEO') AS neet,
               (SELECT MAX(v.visit_date) FROM visits v WHERE v.person_id = x.id AND v.visit_date <= :'asof') AS last_visit,
               -- whole years from the date of birth to the date (ceiling.sql's strftime('%Y') and '%m-%d')
               CAST(substr(:'asof', 1, 4) AS INTEGER) - CAST(substr(x.dob, 1, 4) AS INTEGER)
                 - CASE WHEN substr(:'asof', 6, 5) < substr(x.dob, 6, 5) THEN 1 ELSE 0 END AS age
        FROM plans p JOIN people x ON x.id = p.person_id
        LEFT JOIN placements c ON c.id = (SELECT y.id FROM placements y WHERE y.person_id = x.id AND y.start_date <= :'asof'
                                          AND (y.end_date IS NULL OR y.end_date >= :'asof')
                                          ORDER BY y.rank, y.start_date DESC, y.id DESC LIMIT 1)
        LEFT JOIN establishments e ON e.id = c.establishment_id
        WHERE p.issue_date <= :'asof' AND (p.cease_date IS NULL OR p.cease_date > :'asof')) r
)
-- the denominator column is text: '' for a count, as ceiling.sql prints it
SELECT 'active_plans', active, '' FROM pl
UNION ALL SELECT 'requests_received', COALESCE(received, 0), '' FROM rq
UNION ALL SELECT 'requests_refused', COALESCE(refused, 0), '' FROM rq
UNION ALL SELECT 'request_decisions_within_6_weeks', COALESCE(dec_num, 0), CAST(COALESCE(dec_den, 0) AS TEXT) FROM rq
UNION ALL SELECT 'new_plans_issued', COALESCE(new_plans, 0), '' FROM pl
UNION ALL SELECT 'new_plans_20wk_incl_exceptions', COALESCE(in20, 0), CAST(COALESCE(timed, 0) AS TEXT) FROM pl
UNION ALL SELECT 'not_issue_decisions_within_16_weeks', COALESCE(ni_num, 0), CAST(COALESCE(ni_den, 0) AS TEXT) FROM asmt
UNION ALL SELECT 'review_decisions_within_4_weeks', COALESCE(d_num, 0), CAST(COALESCE(d_den, 0) AS TEXT) FROM rv
UNION ALL SELECT 'plans_ceased', COALESCE(ceased, 0), '' FROM pl
UNION ALL SELECT 'requests_agreed', COALESCE(agreed, 0), '' FROM rq
UNION ALL SELECT 'requests_withdrawn', COALESCE(withdrawn, 0), '' FROM rq
UNION ALL SELECT 'requests_outstanding', COALESCE(outstanding, 0), '' FROM rq
UNION ALL SELECT 'assessment_decisions', COALESCE(decided, 0), '' FROM asmt
UNION ALL SELECT 'new_plans_20_to_52_weeks', COALESCE(in20_52, 0), CAST(COALESCE(timed, 0) AS TEXT) FROM pl
UNION ALL SELECT 'new_plans_over_52_weeks', COALESCE(over52, 0), CAST(COALESCE(timed, 0) AS TEXT) FROM pl
UNION ALL SELECT 'new_plans_average_weeks', COALESCE(total_days, 0), CAST(COALESCE(timed, 0) AS TEXT) FROM pl
UNION ALL SELECT 'amended_plans_within_12_weeks', COALESCE(a_num, 0), CAST(COALESCE(a_den, 0) AS TEXT) FROM rv
UNION ALL SELECT 'advice_within_6_weeks', COALESCE(num, 0), CAST(den AS TEXT) FROM adv
UNION ALL SELECT 'out_of_area_placements', COALESCE(ooa, 0), '' FROM ov
UNION ALL SELECT 'visits_overdue', COALESCE(visits, 0), '' FROM ov
UNION ALL SELECT 'awaiting_provision', COALESCE(awaiting, 0), '' FROM ov
UNION ALL SELECT 'missing_education', COALESCE(missing, 0), '' FROM ov
UNION ALL SELECT 'neet_16_18', COALESCE(neet_16_18, 0), '' FROM ov
UNION ALL SELECT 'neet_16_25', COALESCE(neet_16_25, 0), '' FROM ov;
