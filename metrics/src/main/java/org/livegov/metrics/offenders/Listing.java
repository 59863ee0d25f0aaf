package org.livegov.metrics.offenders;

import java.time.LocalDate;
import java.util.List;

/**
 * One listing of one subject: the current row of {@code gold/offender_listings}.
 *
 * @param listingId       {@code <subject_key>#<seq>}
 * @param subjectKey      cross-platform key (never a raw identity number)
 * @param subjectRole     the primary role, {@link SubjectRoles#primary} of {@code subjectRoles}
 *                        (merchant, mcn, anchor, platform)
 * @param subjectRoles    every role among the acts the listing rests on, sorted (a USCC that is
 *                        both a merchant and an MCN: {@code [mcn, merchant]}); {@link SubjectRoles#of}
 * @param seq             1 for the first listing of the subject, 2 after a re-listing, …
 * @param state           current state
 * @param triggeredOn     the triggering decision: Beijing detection day of the violation that
 *                        completed the earliest firing rule; the listing's term runs from it
 * @param scopeFrom       earliest triggering day the rules consider for this listing: the day after
 *                        the previous listing ended (after a withdrawal: the withdrawn listing's
 *                        scope); null for a subject's first listing (all its history)
 * @param preliminaryFrom {@code triggeredOn}: the subject is notified from the triggering decision
 * @param listedFrom      {@code triggeredOn + noticeDays}; null while preliminary. A term's date, not
 *                        the day a run first published it (that is the {@code newly_listed} event's
 *                        {@code as_of}); a term that ran out before any run saw it is recorded in
 *                        state expired with its dates and never published ({@code recorded_not_listed})
 * @param eligibleFrom    {@code listedFrom + earlyRemovalMonths}; null while preliminary
 * @param endsOn          {@code triggeredOn + listingMonths} (expiry day); null while preliminary
 * @param endedOn         day of removal, expiry ({@code endsOn}) or withdrawal (the run day); null while active
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
public record Listing(String listingId, String subjectKey, String subjectRole, List<String> subjectRoles, int seq, ListingState state,
                      LocalDate triggeredOn, LocalDate scopeFrom, LocalDate preliminaryFrom, LocalDate listedFrom, LocalDate eligibleFrom,
                      LocalDate endsOn, LocalDate endedOn, List<String> ruleRefs, boolean isPublic,
                      List<OffenderViolation.Evidence> evidence, String decisionRef, String reason, String runId,
                      String batchId) {
    public List<String> evidenceIds() {
        return evidence.stream().map(OffenderViolation.Evidence::violationId).toList();
    }
}
