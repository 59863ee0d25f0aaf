-- # Quarantine triage
--
-- silver/quarantine holds every landed row the nightly rejected, with one reason code (the first
-- rule it fails, docs/input-contracts.md) and a detail naming the field. This notebook tells a
-- feed problem (a sender's file that is broken throughout) from scattered bad rows, and gives the
-- examples to send back. It reads only the codes, details, files and batches, never the rejected
-- record itself.
--
-- Parameter: `feed`, e.g. broadcasts (empty: every feed).
-- @param feed=

-- %% Quarantine by feed and reason
-- Rows per feed and reason code, with their share of the feed's quarantine and how many files and
-- batches they come from. A reason concentrated in one file points at that file's sender; one
-- spread over many batches at a rule the senders keep breaking.
SELECT feed, reason_code, count(*) AS quarantined,
       round(count(*) / sum(count(*)) OVER (PARTITION BY feed), 3) AS share_of_feed,
       count(DISTINCT source_file) AS files, count(DISTINCT batch_id) AS batches
FROM silver.quarantine
WHERE '${feed}' = '' OR feed = '${feed}'
GROUP BY feed, reason_code
ORDER BY feed, quarantined DESC, reason_code;

-- %% Examples of reason_detail
-- The distinct details per feed and reason (the field and the rule), how often each occurs, and
-- one file holding it: what to tell the sender.
SELECT feed, reason_code, reason_detail, count(*) AS quarantined, min(source_file) AS example_file
FROM silver.quarantine
WHERE '${feed}' = '' OR feed = '${feed}'
GROUP BY feed, reason_code, reason_detail
ORDER BY feed, reason_code, quarantined DESC, reason_detail;

-- %% Files with the most rejected rows
-- Per landed file: rejected rows, the reasons and when it was ingested. Compare `quarantined` with the
-- file's rows in the run manifest (_manifests/<run>.json, inputs) to see whether the whole file is
-- unusable.
SELECT feed, source_file, count(*) AS quarantined, concat_ws(', ', sort_array(collect_set(reason_code))) AS reasons,
       min(ingested_at) AS ingested_at
FROM silver.quarantine
WHERE '${feed}' = '' OR feed = '${feed}'
GROUP BY feed, source_file
ORDER BY quarantined DESC, feed, source_file
LIMIT 50;

-- %% Quarantine per batch
-- Rejected rows per nightly batch and feed, oldest first: a sudden rise after a quiet series of
-- batches usually means a sender changed its export.
SELECT batch_id, min(ingested_at) AS ingested_at, feed, count(*) AS quarantined,
       count(DISTINCT reason_code) AS reasons
FROM silver.quarantine
WHERE '${feed}' = '' OR feed = '${feed}'
GROUP BY batch_id, feed
ORDER BY ingested_at, batch_id, feed;
