-- # Trend watch: flagged series of the latest quarter
--
-- gold/trend_series holds every measure by Beijing month and quarter, nationally and by platform,
-- MCN size band, province, violation category, severity and role, with the expected count from a
-- quasi-Poisson fit over the earlier periods (broadcasts as exposure, month of year, linear trend;
-- docs/trends.md), overdispersed Poisson limits around it (conf/trend.yaml: 99.8 %),
-- a flag when the count lies outside them, and PELT changepoints. This notebook lists what moved in
-- one quarter: the quarter given, or by default the latest quarter in the table.
--
-- Expected values need the same month in an earlier complete year and p + `limits.min_residual_df`
-- earlier complete periods (17 months), changepoints at least `pelt.min_periods` complete periods:
-- a series without that history is never flagged (expected is null: not assessed), so an empty
-- list means "nothing unusual that the history can tell", not "nothing unusual".
--
-- Parameter: `quarter`, e.g. 2026Q2 (empty: the latest quarter in gold.trend_series).
-- @param quarter=

-- %% The quarter watched
-- The quarter chosen, whether it is complete (its last day is on or before the data cut-off), and
-- how many series carry a flag or a changepoint in it. The views defined here are used by the
-- cells below.
CREATE OR REPLACE TEMPORARY VIEW watched AS
SELECT coalesce(nullif('${quarter}', ''),
                (SELECT max(period) FROM gold.trend_series WHERE period_type = 'quarter')) AS quarter;
CREATE OR REPLACE TEMPORARY VIEW in_quarter AS
SELECT t.*
FROM gold.trend_series t CROSS JOIN watched w
WHERE (t.period_type = 'quarter' AND t.period = w.quarter)
   OR (t.period_type = 'month'
       AND format_string('%sQ%d', substr(t.period, 1, 4), (int(substr(t.period, 6, 2)) + 2) div 3) = w.quarter);
SELECT w.quarter,
       max(CASE WHEN i.period_type = 'quarter' THEN i.is_complete END) AS quarter_complete,
       count(DISTINCT CASE WHEN i.period_type = 'month' THEN i.period END) AS months_in_table,
       count(i.period) AS series_points,
       sum(CASE WHEN i.flag IS NOT NULL THEN 1 ELSE 0 END) AS flagged,
       sum(CASE WHEN i.changepoint THEN 1 ELSE 0 END) AS changepoints
FROM watched w LEFT JOIN in_quarter i ON true
GROUP BY w.quarter;

-- %% Flagged series
-- Counts outside their limits in the quarter or one of its months, largest relative departure
-- first. `expected` is the count the fit over the earlier complete periods predicts (growth and
-- broadcasts allowed for); `lower`-`upper` the limits widened by that fit's overdispersion `phi`; `festival` marks a shopping-festival month
-- (618, Double 11), where a high count is partly expected.
SELECT period_type, period, dimension, dimension_value, measure, value, round(expected, 1) AS expected,
       round(lower, 1) AS lower, round(upper, 1) AS upper, flag, round(phi, 2) AS phi,
       round(value / expected - 1, 3) AS departure, festival
FROM in_quarter
WHERE flag IS NOT NULL
ORDER BY abs(value / expected - 1) DESC, measure, dimension, dimension_value, period;

-- %% Changepoints
-- Series whose level shifted: the period opens a new segment found by PELT over the series'
-- complete periods. A changepoint without a flag is a lasting shift rather than a one-off spike.
SELECT period_type, period, dimension, dimension_value, measure, value, flag, round(yoy, 3) AS yoy, festival
FROM in_quarter
WHERE changepoint
ORDER BY measure, dimension, dimension_value, period;

-- %% The quarter nationally
-- Every national measure of the quarter with its comparisons (relative change: 0.25 = +25 %):
-- year on year, quarter on quarter. Null comparisons mean the earlier period is missing or
-- incomplete.
SELECT measure, round(value, 3) AS value, numerator, denominator, is_complete, round(yoy, 3) AS yoy, round(qoq, 3) AS qoq, flag
FROM in_quarter
WHERE period_type = 'quarter' AND dimension = 'all'
ORDER BY measure;

-- %% Largest month-on-month moves by platform
-- Within the quarter, the platform series that moved most against the previous month (complete
-- months only), a first place to look when nothing is flagged yet.
SELECT period, dimension_value AS platform, measure, round(value, 3) AS value, round(mom, 3) AS mom
FROM in_quarter
WHERE period_type = 'month' AND dimension = 'platform' AND mom IS NOT NULL
ORDER BY abs(mom) DESC, period, platform, measure
LIMIT 30;
