-- # Benchmark league of a quarter
--
-- The quarterly governance benchmark as `livegov publish --quarter ${quarter}` computed it
-- (docs/benchmarks.md; indicators, goalposts and weights in conf/indicators.yaml): the platform and
-- MCN leagues with the uncertainty of every rank, one platform's indicators beside the peer values,
-- the entities outside the funnel limits, and how ranks move under the alternative weightings.
-- Reads gold.benchmark_scores, gold.benchmark_indicators and gold.benchmark_sensitivity, which
-- exist once a quarter is published; publish writes them outside the nightly runs, so they are read
-- at their latest version.
--
-- Parameters: `quarter`, e.g. 2026Q2; `platform`, the platform_id to look at in detail (empty: the
-- platform ranked last).
-- @param quarter
-- @param platform=

-- %% Is ${quarter} published?
-- Entities per role in the quarter's scores. No row at all means the quarter has not been published
-- (`livegov publish --quarter ${quarter}`) or the quarter is misspelt: every cell below would be
-- empty. `ranked` < `entities` means some entities have less than half of their role's weight
-- available (suppressed indicators) and get no composite; `draws` = 0 means the rank Monte Carlo
-- was skipped for that role (too many entities).
SELECT role, count(*) AS entities, count(rank) AS ranked, max(draws) AS draws
FROM gold.benchmark_scores
WHERE quarter = '${quarter}'
GROUP BY role
ORDER BY role;

-- %% Platform league of ${quarter}
-- Rank 1 is the best composite score (0-100: weighted mean of the indicator scores between the
-- catalogue's goalposts). `rank_lower`-`rank_upper` is the 90 % interval of the rank over the Monte
-- Carlo draws: platforms whose intervals overlap are not reliably ordered, so read the league in
-- bands, not as a strict order. `weight_available` below 1: some indicators were suppressed for too
-- little exposure and the weights were re-normalised over the others.
SELECT rank, entity_id AS platform, round(composite, 1) AS composite,
       rank_lower, rank_upper, rank_median, round(weight_available, 2) AS weight_available
FROM gold.benchmark_scores
WHERE quarter = '${quarter}' AND role = 'platform'
ORDER BY rank NULLS LAST, entity_id;

-- %% MCN league of ${quarter}
-- The same for MCNs, best first. MCNs are many and most are small, so their rank intervals are wide:
-- `interval_width` says how many places an MCN could plausibly move. The CSV holds every MCN.
SELECT rank, entity_id AS mcn, round(composite, 1) AS composite,
       rank_lower, rank_upper, rank_upper - rank_lower AS interval_width,
       round(weight_available, 2) AS weight_available
FROM gold.benchmark_scores
WHERE quarter = '${quarter}' AND role = 'mcn'
ORDER BY rank NULLS LAST, entity_id;

-- %% How far the MCN league can be trusted
-- One line: MCNs scored and ranked, the median width of their 90 % rank intervals, and how many
-- could plausibly be in the top 10 or the bottom 10 (their interval reaches there). A top 10 that
-- 40 MCNs could plausibly belong to should not be published as a list of ten.
SELECT count(*) AS mcns, count(rank) AS ranked,
       median(rank_upper - rank_lower) AS median_interval_width,
       sum(CASE WHEN rank_lower <= 10 THEN 1 ELSE 0 END) AS could_be_top_10,
       sum(CASE WHEN rank_upper > count_ranked - 10 THEN 1 ELSE 0 END) AS could_be_bottom_10
FROM (SELECT *, count(rank) OVER () AS count_ranked
      FROM gold.benchmark_scores
      WHERE quarter = '${quarter}' AND role = 'mcn');

-- %% One platform beside its peers
-- Every indicator of the platform chosen by `--param platform=...` (default: the platform ranked
-- last) next to the peer value (all platforms pooled: Σ numerators / Σ exposures) and the 99.8 %
-- funnel limits at this platform's exposure. `funnel_flag` above_998/below_998 is a difference
-- that chance alone very rarely produces; whether above is bad depends on the indicator's
-- direction in conf/indicators.yaml. `shrunk_value` is the empirical-Bayes value, `suppressed` a
-- value with too little exposure to publish. Medians and means have no funnel.
WITH last_ranked AS (
  SELECT entity_id FROM gold.benchmark_scores
  WHERE quarter = '${quarter}' AND role = 'platform' AND rank IS NOT NULL
  ORDER BY rank DESC, entity_id
  LIMIT 1
), chosen AS (
  SELECT coalesce(nullif('${platform}', ''), (SELECT entity_id FROM last_ranked)) AS platform
)
SELECT i.entity_id AS platform, i.indicator_id, i.unit,
       round(i.value, 4) AS value, round(i.lower, 4) AS lower, round(i.upper, 4) AS upper,
       round(i.peer_value, 4) AS peer_value,
       round(i.funnel_lower_998, 4) AS funnel_lower_998, round(i.funnel_upper_998, 4) AS funnel_upper_998,
       i.funnel_flag, round(i.shrunk_value, 4) AS shrunk_value, round(i.score, 1) AS score, i.suppressed,
       i.numerator, i.denominator
FROM gold.benchmark_indicators i
JOIN chosen c ON i.entity_id = c.platform
WHERE i.quarter = '${quarter}' AND i.role = 'platform'
ORDER BY i.indicator_id;

-- %% Outside the funnel limits
-- Platforms and MCNs whose value lies outside the 95 % or 99.8 % funnel limits of their peers, per
-- indicator: how many, and the first few ids. With overdispersion (phi > 1) the limits were widened
-- (τ²), so a flag here survives the ordinary spread between entities.
SELECT role, indicator_id, funnel_flag, count(*) AS entities,
       concat_ws(', ', slice(sort_array(collect_list(entity_id)), 1, 5)) AS first_ids,
       round(max(overdispersion_phi), 2) AS phi
FROM gold.benchmark_indicators
WHERE quarter = '${quarter}' AND role IN ('platform', 'mcn') AND funnel_flag <> 'within'
GROUP BY role, indicator_id, funnel_flag
ORDER BY role DESC, indicator_id, funnel_flag;

-- %% Platform ranks under the alternative weightings
-- The rank of every platform under each alternative weighting of conf/indicators.yaml and its shift
-- from the published rank (alternative − published; negative = better). A platform that moves
-- several places under a reasonable alternative owes its place to the choice of weights.
SELECT s.entity_id AS platform, b.rank AS published_rank, s.weighting, s.rank, s.rank_shift
FROM gold.benchmark_sensitivity s
JOIN gold.benchmark_scores b
  ON b.quarter = s.quarter AND b.role = s.role AND b.entity_id = s.entity_id
WHERE s.quarter = '${quarter}' AND s.role = 'platform'
ORDER BY b.rank NULLS LAST, s.entity_id, s.weighting;
