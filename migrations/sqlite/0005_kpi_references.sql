-- 0005: reference values to compare the KPIs with (national, regional,
-- statistical neighbours), held as data with their source and year, and
-- editable.  Preloaded with the national figures of the DfE's "Education,
-- health and care plans" release, reporting year 2025
-- (../shared/reference/national-statistics.md §3-§7).
CREATE TABLE kpi_references (
  id        INTEGER PRIMARY KEY,
  kpi_id    TEXT NOT NULL,
  scope     TEXT NOT NULL CHECK (scope IN ('national','regional','neighbours')),
  year      INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  value     TEXT NOT NULL,
  source    TEXT NOT NULL,
  version   INTEGER NOT NULL DEFAULT 1,
  UNIQUE (kpi_id, scope, year)
);

INSERT INTO kpi_references(kpi_id, scope, year, value, source) VALUES
  ('new_plans_20wk_incl_exceptions', 'national', 2019, '58.7', 'DfE, Education, health and care plans, reporting year 2025'),
  ('new_plans_20wk_incl_exceptions', 'national', 2020, '55.6', 'DfE, Education, health and care plans, reporting year 2025'),
  ('new_plans_20wk_incl_exceptions', 'national', 2021, '57.9', 'DfE, Education, health and care plans, reporting year 2025'),
  ('new_plans_20wk_incl_exceptions', 'national', 2022, '47.7', 'DfE, Education, health and care plans, reporting year 2025'),
  ('new_plans_20wk_incl_exceptions', 'national', 2023, '49.1', 'DfE, Education, health and care plans, reporting year 2025'),
  ('new_plans_20wk_incl_exceptions', 'national', 2024, '45.9', 'DfE, Education, health and care plans, reporting year 2025'),
  ('new_plans_20wk_excl_exceptions', 'national', 2019, '60.4', 'DfE, Education, health and care plans, reporting year 2025'),
  ('new_plans_20wk_excl_exceptions', 'national', 2020, '58.0', 'DfE, Education, health and care plans, reporting year 2025'),
  ('new_plans_20wk_excl_exceptions', 'national', 2021, '59.9', 'DfE, Education, health and care plans, reporting year 2025'),
  ('new_plans_20wk_excl_exceptions', 'national', 2022, '49.2', 'DfE, Education, health and care plans, reporting year 2025'),
  ('new_plans_20wk_excl_exceptions', 'national', 2023, '50.3', 'DfE, Education, health and care plans, reporting year 2025'),
  ('new_plans_20wk_excl_exceptions', 'national', 2024, '46.4', 'DfE, Education, health and care plans, reporting year 2025'),
  ('request_decisions_within_6_weeks', 'national', 2023, '84.8', 'DfE, Education, health and care plans, reporting year 2025'),
  ('request_decisions_within_6_weeks', 'national', 2024, '84.8', 'DfE, Education, health and care plans, reporting year 2025'),
  ('not_issue_decisions_within_16_weeks', 'national', 2023, '36.2', 'DfE, Education, health and care plans, reporting year 2025'),
  ('not_issue_decisions_within_16_weeks', 'national', 2024, '34.1', 'DfE, Education, health and care plans, reporting year 2025'),
  ('review_decisions_within_4_weeks', 'national', 2024, '44.4', 'DfE, Education, health and care plans, reporting year 2025 (2025 collection)');
