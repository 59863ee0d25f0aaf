-- # Repeat offenders: the list, this quarter's changes, evasion, names to review
--
-- The repeat-offender list across platforms (docs/offenders.md; rules and periods in
-- conf/offenders.yaml) as the last committed run left it: listings by state and role, the changes
-- the runs of the quarter made, listed subjects still active on a platform, and the name matches a
-- reviewer has to decide. Persons appear only as keyed-hash keys (`person:<HMAC>`), merchants and
-- MCNs as `uscc:<USCC>` or a platform-local id.
--
-- Parameter: `quarter`, e.g. 2026Q2 (the quarter whose changes are shown).
-- @param quarter

-- %% Listings by state and role
-- One line per lifecycle state and role, in lifecycle order: preliminary (notified, may object),
-- listed (joint punishment applies), eligible for early removal, then the ends (removed early,
-- expired, withdrawn). `across_platforms` counts listings whose evidence spans two or more
-- platforms: the point of a shared list; `public_rule` those on the list by a rule published to
-- the public.
SELECT state, subject_role, count(*) AS listings, count(DISTINCT subject_key) AS subjects,
       sum(CASE WHEN platform_count >= 2 THEN 1 ELSE 0 END) AS across_platforms,
       sum(CASE WHEN is_public THEN 1 ELSE 0 END) AS public_rule,
       min(triggered_on) AS first_triggered, max(triggered_on) AS last_triggered
FROM gold.offender_listings
GROUP BY state, subject_role
ORDER BY CASE state WHEN 'preliminary' THEN 1 WHEN 'listed' THEN 2 WHEN 'eligible_early_removal' THEN 3
                    WHEN 'removed_early' THEN 4 WHEN 'expired' THEN 5 WHEN 'withdrawn' THEN 6 ELSE 7 END,
         subject_role;

-- %% What fired: rules of the active listings
-- Active listings (preliminary, listed, eligible) per rule that supports them (`id@version`); a
-- listing supported by two rules counts under both.
SELECT rule_ref, subject_role, count(*) AS active_listings
FROM (SELECT explode(rule_refs) AS rule_ref, subject_role
      FROM gold.offender_listings
      WHERE state IN ('preliminary', 'listed', 'eligible_early_removal'))
GROUP BY rule_ref, subject_role
ORDER BY rule_ref, subject_role;

-- %% Changes in ${quarter}
-- The diff of every run whose Beijing run day falls in ${quarter} (gold/offender_events is
-- append-only; the events of one batch are that run's diff against the previous run), counted by
-- change and transition. `evidence_changed` and `withdrawn` usually follow an appeal or a late
-- correction; `decision_refused` an early-removal decision that did not apply.
SELECT change, coalesce(from_state, '(none)') AS from_state, to_state, count(*) AS events,
       count(DISTINCT batch_id) AS runs, min(as_of) AS first_day, max(as_of) AS last_day
FROM gold.offender_events
WHERE format_string('%dQ%d', year(as_of), quarter(as_of)) = '${quarter}'
GROUP BY change, from_state, to_state
ORDER BY events DESC, change;

-- %% The events of ${quarter}, newest first
-- Each change with its reason (which violations were added or dropped, and why) and the rules
-- behind it, for the regulator's file.
SELECT as_of, change, listing_id, subject_role, from_state, to_state,
       concat_ws(', ', rule_refs) AS rules, reason, concat_ws(', ', evidence_ids) AS evidence
FROM gold.offender_events
WHERE format_string('%dQ%d', year(as_of), quarter(as_of)) = '${quarter}'
ORDER BY as_of DESC, listing_id, change;

-- %% Evasion: listed subjects still active, per platform
-- Subjects on the list still broadcasting (any account of a listed person), receiving complaints
-- or passing entry audits (any shop of a listed merchant, by USCC) on or after their listed-from
-- day. A platform with rows here lets a listed subject trade; `subjects` is what it has to act on.
SELECT platform_id, activity, subject_role, count(DISTINCT subject_key) AS subjects, sum(events) AS events,
       min(first_day) AS first_day, max(last_day) AS last_day
FROM gold.offender_evasion
GROUP BY platform_id, activity, subject_role
ORDER BY subjects DESC, platform_id, activity;

-- %% Name candidates for review
-- Name matches across different keys are never merged automatically: a reviewer decides. Kinds:
-- `spelling_variants` (spellings the adapter took as one subject: undo a wrong merge),
-- `same_name_other_keys` (different keys, one normalised name), `dba_alias` ("A d/b/a B" where B is
-- another subject). Only matches that involve a violation are listed.
SELECT kind, name_key, size(subject_keys) AS subjects, concat_ws(' | ', names) AS names,
       size(violation_ids) AS violations, evidence
FROM gold.offender_name_candidates
ORDER BY kind, violations DESC, name_key;

-- %% Anchors above their peers' funnel limit
-- Peer-relative review (R-PEER-FUNNEL998): anchors whose confirmed s2+ violations per broadcast
-- exceed the 99.8 % funnel limit of all anchors, with at least 3 violations. A flag is a prompt to
-- review, not a listing.
SELECT subject_key, violations, broadcasts, round(rate_per_1000, 1) AS rate_per_1000,
       round(peer_rate_per_1000, 2) AS peer_rate_per_1000, round(upper998_per_1000, 1) AS upper998_per_1000,
       round(phi, 2) AS phi, peers, as_of
FROM gold.offender_peer_review
ORDER BY rate_per_1000 DESC, subject_key;
