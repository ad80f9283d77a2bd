-- ceiling.sql — the KPIs that plain SQL can count, written a second way.
--
-- The same definitions as docs/kpi.md, as one aggregate per table (each
-- table read once), so that
--  * tests/kpi/contract.test.mjs can check `sendmis kpi --json` against an
--    independent route to the same numbers, and
--  * `make bench` can time a raw single-pass SQL aggregate over the same
--    database as the ceiling for the dashboard's computation.
-- The measures that need the statutory clock (Week20 exceptions, reviews
-- in time and overdue, phase transfers) are not here: they are not SQL.
--
-- Parameters (sqlite3 shell): .parameter set @asof 'YYYY-MM-DD'
--                             .parameter set @from 'YYYY-01-01'
--                             .parameter set @to   'YYYY-12-31'
--                             .parameter set @la   'NNN'   (the area's LA code)
--                             .parameter set @visit_cutoff 'YYYY-MM-DD' (as-of minus visit_overdue_months)
-- Output: one row per measure, "id|numerator|denominator" (a count: "id|n|").
WITH
rq AS MATERIALIZED (
  SELECT
    SUM(yr) AS received,
    SUM(yr AND known AND outcome = 'N') AS refused,
    SUM(yr AND known AND outcome = 'Y') AS agreed,
    SUM(yr AND known AND outcome = 'W') AS withdrawn,
    SUM(yr AND NOT known) AS outstanding,
    SUM(yr AND known AND outcome IN ('Y','N')) AS dec_den,
    SUM(yr AND known AND outcome IN ('Y','N') AND julianday(outcome_date) - julianday(received_date) <= 42) AS dec_num
  FROM (SELECT outcome, outcome_date, received_date,
               received_date BETWEEN @from AND @to AND received_date <= @asof AS yr,
               COALESCE(outcome, '') <> '' AND (outcome_date IS NULL OR outcome_date <= @asof) AS known
        FROM requests)
),
pl AS MATERIALIZED (
  SELECT
    SUM(issue_date <= @asof AND (cease_date IS NULL OR cease_date > @asof)) AS active,
    SUM(is_new) AS new_plans,
    SUM(timed) AS timed,
    SUM(timed AND days <= 140) AS in20,
    SUM(timed AND days > 140 AND days <= 364) AS in20_52,
    SUM(timed AND days > 364) AS over52,
    SUM(CASE WHEN timed THEN days ELSE 0 END) AS total_days,
    SUM(cease_date BETWEEN @from AND @to AND cease_date <= @asof) AS ceased
  FROM (SELECT p.issue_date, p.cease_date,
               CAST(julianday(p.issue_date) - julianday(q.received_date) AS INTEGER) AS days,
               p.request_id IS NOT NULL AND COALESCE(p.transfer_in_la, '') = ''
                 AND p.issue_date BETWEEN @from AND @to AND p.issue_date <= @asof AS is_new,
               p.request_id IS NOT NULL AND COALESCE(p.transfer_in_la, '') = ''
                 AND p.issue_date BETWEEN @from AND @to AND p.issue_date <= @asof
                 AND q.received_date IS NOT NULL
                 AND COALESCE(q.mediation,0) + COALESCE(q.tribunal,0) + COALESCE(a.mediation,0) + COALESCE(a.tribunal,0) = 0
                 AS timed
        FROM plans p LEFT JOIN requests q ON q.id = p.request_id LEFT JOIN assessments a ON a.request_id = q.id)
),
asmt AS MATERIALIZED (
  SELECT
    SUM(yr AND a.outcome = 'N') AS ni_den,
    SUM(yr AND a.outcome = 'N' AND julianday(a.outcome_date) - julianday(q.received_date) <= 112) AS ni_num,
    SUM(yr AND a.outcome IN ('Y','N')) AS decided
  FROM (SELECT *, outcome_date BETWEEN @from AND @to AND outcome_date <= @asof AS yr FROM assessments) a
  JOIN requests q ON q.id = a.request_id
),
rv AS MATERIALIZED (
  SELECT
    SUM(yr AND dec) AS d_den,
    SUM(yr AND dec AND julianday(decision_date) - julianday(meeting_date) <= 28) AS d_num,
    SUM(yr AND dec AND outcome = 'A' AND final_amended_date <= @asof) AS a_den,
    SUM(yr AND dec AND outcome = 'A' AND final_amended_date <= @asof
        AND julianday(final_amended_date) - julianday(meeting_date) <= 84) AS a_num
  FROM (SELECT v.*, v.meeting_date BETWEEN @from AND @to AND v.meeting_date <= @asof AS yr,
               v.decision_date IS NOT NULL AND v.decision_date <= @asof AS dec
        FROM reviews v JOIN plans p ON p.id = v.plan_id)
),
adv AS MATERIALIZED (
  SELECT COUNT(*) AS den, SUM(received_date IS NOT NULL AND received_date <= @asof AND received_date <= due_date) AS num
  FROM advice_requests
  WHERE request_id IS NOT NULL AND due_date BETWEEN @from AND @to AND due_date < @asof
),
-- the oversight measures: active plans, each child's setting as at the date
ov AS MATERIALIZED (
  SELECT
    SUM(ooa) AS ooa,
    SUM((ooa OR res OR ehe) AND (last_visit IS NULL OR last_visit < @visit_cutoff)) AS visits,
    SUM(cid IS NULL OR scode = 'AWAIT') AS awaiting,
    SUM(cme OR neet) AS missing,
    SUM(neet AND age BETWEEN 16 AND 18) AS neet_16_18,
    SUM(neet AND age BETWEEN 16 AND 25) AS neet_16_25
  FROM (SELECT c.id AS cid, COALESCE(c.setting_code, '') AS scode,
               COALESCE(e.la_code, '') <> '' AND e.la_code <> @la AS ooa,
               COALESCE(c.residential, '') IN ('38','51','52') AS res,
               x.ehe = 1 OR COALESCE(c.setting_code, '') = 'EHE' AS ehe,
               x.cme = 1 AS cme,
               COALESCE(c.setting_code, '') IN ('NEET','NIEC','NIEO') AS neet,
               (SELECT MAX(v.visit_date) FROM visits v WHERE v.person_id = x.id AND v.visit_date <= @asof) AS last_visit,
               CAST(strftime('%Y', @asof) AS INTEGER) - CAST(strftime('%Y', x.dob) AS INTEGER)
                 - (strftime('%m-%d', @asof) < strftime('%m-%d', x.dob)) AS age
        FROM plans p JOIN people x ON x.id = p.person_id
        LEFT JOIN placements c ON c.id = (SELECT y.id FROM placements y WHERE y.person_id = x.id AND y.start_date <= @asof
                                          AND (y.end_date IS NULL OR y.end_date >= @asof)
                                          ORDER BY y.rank, y.start_date DESC, y.id DESC LIMIT 1)
        LEFT JOIN establishments e ON e.id = c.establishment_id
        WHERE p.issue_date <= @asof AND (p.cease_date IS NULL OR p.cease_date > @asof))
)
SELECT 'active_plans', active, '' FROM pl
UNION ALL SELECT 'requests_received', COALESCE(received, 0), '' FROM rq
UNION ALL SELECT 'requests_refused', COALESCE(refused, 0), '' FROM rq
UNION ALL SELECT 'request_decisions_within_6_weeks', COALESCE(dec_num, 0), COALESCE(dec_den, 0) FROM rq
UNION ALL SELECT 'new_plans_issued', COALESCE(new_plans, 0), '' FROM pl
UNION ALL SELECT 'new_plans_20wk_incl_exceptions', COALESCE(in20, 0), COALESCE(timed, 0) FROM pl
UNION ALL SELECT 'not_issue_decisions_within_16_weeks', COALESCE(ni_num, 0), COALESCE(ni_den, 0) FROM asmt
UNION ALL SELECT 'review_decisions_within_4_weeks', COALESCE(d_num, 0), COALESCE(d_den, 0) FROM rv
UNION ALL SELECT 'plans_ceased', COALESCE(ceased, 0), '' FROM pl
UNION ALL SELECT 'requests_agreed', COALESCE(agreed, 0), '' FROM rq
UNION ALL SELECT 'requests_withdrawn', COALESCE(withdrawn, 0), '' FROM rq
UNION ALL SELECT 'requests_outstanding', COALESCE(outstanding, 0), '' FROM rq
UNION ALL SELECT 'assessment_decisions', COALESCE(decided, 0), '' FROM asmt
UNION ALL SELECT 'new_plans_20_to_52_weeks', COALESCE(in20_52, 0), COALESCE(timed, 0) FROM pl
UNION ALL SELECT 'new_plans_over_52_weeks', COALESCE(over52, 0), COALESCE(timed, 0) FROM pl
UNION ALL SELECT 'new_plans_average_weeks', COALESCE(total_days, 0), COALESCE(timed, 0) FROM pl
UNION ALL SELECT 'amended_plans_within_12_weeks', COALESCE(a_num, 0), COALESCE(a_den, 0) FROM rv
UNION ALL SELECT 'advice_within_6_weeks', COALESCE(num, 0), den FROM adv
UNION ALL SELECT 'out_of_area_placements', COALESCE(ooa, 0), '' FROM ov
UNION ALL SELECT 'visits_overdue', COALESCE(visits, 0), '' FROM ov
UNION ALL SELECT 'awaiting_provision', COALESCE(awaiting, 0), '' FROM ov
UNION ALL SELECT 'missing_education', COALESCE(missing, 0), '' FROM ov
UNION ALL SELECT 'neet_16_18', COALESCE(neet_16_18, 0), '' FROM ov
UNION ALL SELECT 'neet_16_25', COALESCE(neet_16_25, 0), '' FROM ov;
