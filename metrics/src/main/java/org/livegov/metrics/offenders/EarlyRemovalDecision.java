package org.livegov.metrics.offenders;

import java.time.LocalDate;

/**
 * A regulator's decision to remove a listing early (SAMR Order 44: after 1 year, penalty
 * fulfilled, harm remedied). No feed carries it; it is read from
 * {@code <landing>/_decisions/early_removal*.csv} (see docs/offenders.md). The decision asserts
 * that the penalty was fulfilled; LiveGov checks the rest (time listed, no new serious violation).
 *
 * @param listingId   {@code <subject_key>#<seq>} as in the regulator list
 * @param decisionRef the regulator's reference, e.g. {@code ZJ-AMR-2027-0153}
 * @param decidedOn   Beijing day of the decision
 */
public record EarlyRemovalDecision(String listingId, String decisionRef, LocalDate decidedOn) {
}
