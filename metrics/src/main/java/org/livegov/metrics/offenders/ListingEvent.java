package org.livegov.metrics.offenders;

import java.time.LocalDate;
import java.util.List;

/**
 * One transition or change of a listing: a row of the append-only {@code gold/offender_events}.
 * The events of one batch are that run's diff against the previous run.
 *
 * @param eventId     deterministic: SHA-256 of batch, listing, from, to, rules and evidence, so a
 *                    rerun of the same batch inserts nothing twice
 * @param runId       run that decided it
 * @param batchId     batch of that run
 * @param asOf        Beijing run day
 * @param listingId   the listing
 * @param subjectKey  its subject
 * @param subjectRole its primary role ({@link Listing#subjectRole})
 * @param fromState   null when the listing is opened
 * @param toState     equal to {@code fromState} for {@link #EVIDENCE_CHANGED} and refused decisions
 * @param change      {@code newly_preliminary, newly_listed, eligible_early_removal, back_to_listed,
 *                    removed_early, expired, withdrawn, evidence_changed, decision_refused, recorded_not_listed}
 *                    ({@code recorded_not_listed}: from null to expired, a term that had run out
 *                    before any run saw it; it was never on a list)
 * @param ruleRefs    rules that fire on the evidence after the event
 * @param reason      human-readable why, naming violation ids, rules and decisions
 * @param evidenceIds violation ids after the event
 */
public record ListingEvent(String eventId, String runId, String batchId, LocalDate asOf, String listingId,
                           String subjectKey, String subjectRole, String fromState, String toState, String change,
                           List<String> ruleRefs, String reason, List<String> evidenceIds) {
    public static final String EVIDENCE_CHANGED = "evidence_changed";
}
