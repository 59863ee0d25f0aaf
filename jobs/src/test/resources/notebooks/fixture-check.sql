-- # Fixture check
-- The e2e fixture (src/test/resources/fixtures/e2e) after one nightly run for 2026-06-30; the
-- expected values are worked out in NightlyEndToEndTest.
-- @param platform

-- %% Quarantine by reason
-- Seven rejected rows, one per reason and feed.
SELECT feed, reason_code, count(*) AS n
FROM silver.quarantine
GROUP BY feed, reason_code
ORDER BY feed, reason_code;

-- %% Platform ${platform} by month
SELECT month, broadcasts, gmv_cny, violations, round(share_accepted_in_time, 4) AS share_in_time
FROM gold.platform_monthly
WHERE platform_id = '${platform}'
ORDER BY month;

-- %% Rows of platform_monthly
SELECT count(*) AS n FROM gold.platform_monthly;

-- %% Just prose
-- No SQL in this cell: | a pipe stays text.

-- %% A view, then the listing
-- A temporary view made by the first statement is read by the second.
CREATE OR REPLACE TEMPORARY VIEW listed AS
SELECT listing_id, state, rule_refs, evidence_ids, triggered_on FROM gold.offender_listings;
SELECT state, rule_refs, evidence_ids, triggered_on FROM listed;
