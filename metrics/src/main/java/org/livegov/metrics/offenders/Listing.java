package org.livegov.metrics.offenders;

import java.time.LocalDate;
import java.util.List;

/**
 * One listing of one subject: the current row of {@code gold/offender_listings}.
 *
 * @param listingId       {@code <subject_key>#<seq>}
 * @param subjectKey      cross-platform key (never a raw identity number)
 * @param subjectRole     merchant, anchor, mcn, platform
 * @param seq             1 for the first listing of the subject, 2 after a re-listing, …
 * @param state           current state
 * @param triggeredOn     Beijing day the earliest firing rule was completed by a violation
 * @param scopeFrom       earliest triggering day the rules consider for this listing: the day after
 *                        the previous listing ended, or the run day minus the listing period
 * @param preliminaryFrom Beijing run day the listing was opened
 * @param listedFrom      {@code preliminaryFrom + noticeDays}; null until listed
 * @param eligibleFrom    {@code listedFrom + earlyRemovalMonths}; null until listed
 * @param endsOn          {@code listedFrom + listingMonths} (expiry day); null until listed
 * @param endedOn         day of removal, expiry or withdrawal; null while active
 * @param ruleRefs        {@code id@version} of every rule that fires on the evidence
 * @param isPublic        some firing rule is public (only merchants are ever published)
 * @param evidence        violations the listing rests on
 * @param decisionRef     reference of the last early-removal decision taken into account, or null:
 *                        it removed the listing when the state is removed_early, otherwise it was
 *                        refused (its decision_refused event says why)
 * @param reason          why the last transition happened
 * @param runId           run that made the last decision
 * @param batchId         batch of that run
 */
public record Listing(String listingId, String subjectKey, String subjectRole, int seq, ListingState state,
                      LocalDate triggeredOn, LocalDate scopeFrom, LocalDate preliminaryFrom, LocalDate listedFrom, LocalDate eligibleFrom,
                      LocalDate endsOn, LocalDate endedOn, List<String> ruleRefs, boolean isPublic,
                      List<OffenderViolation.Evidence> evidence, String decisionRef, String reason, String runId,
                      String batchId) {
    public List<String> evidenceIds() {
        return evidence.stream().map(OffenderViolation.Evidence::violationId).toList();
    }

    Listing with(ListingState s, String why) {
        return new Listing(listingId, subjectKey, subjectRole, seq, s, triggeredOn, scopeFrom, preliminaryFrom, listedFrom,
                eligibleFrom, endsOn, endedOn, ruleRefs, isPublic, evidence, decisionRef, why, runId, batchId);
    }
}
