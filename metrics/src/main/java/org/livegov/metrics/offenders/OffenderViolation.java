package org.livegov.metrics.offenders;

import java.time.LocalDate;

/**
 * One violation record as the offender rules see it: silver violations with their cross-platform
 * subject key ({@link org.livegov.metrics.gold.SubjectKeys}) and the Beijing day of detection.
 * A record is not an act: the rules merge the records of one act ({@link OffenderPolicy.Acts},
 * {@link RuleEngine.Act}) before they count.
 *
 * @param violationId    silver {@code violation_id}
 * @param subjectKey     e.g. {@code person:<hmac>}, {@code uscc:<code>}, {@code merchant:<id>}
 * @param subjectRole    merchant, anchor, mcn, platform
 * @param platformId     platform where it occurred
 * @param category       V01..V13
 * @param severity       s1..s4 (already defaulted from the taxonomy by silver)
 * @param status         confirmed, under_appeal, overturned
 * @param detectedOn     Beijing day of {@code detected_at}
 * @param heavierPenalty {@code heavier_penalty} (null in the feed reads as false)
 * @param broadcastId    silver {@code broadcast_id}: the broadcast it occurred in, or null when the
 *                       record names none (merchant sampling, failings outside a broadcast)
 */
public record OffenderViolation(String violationId, String subjectKey, String subjectRole, String platformId,
                                String category, String severity, String status, LocalDate detectedOn,
                                boolean heavierPenalty, String broadcastId) {
    /** A record that names no broadcast. */
    public OffenderViolation(String violationId, String subjectKey, String subjectRole, String platformId,
                             String category, String severity, String status, LocalDate detectedOn,
                             boolean heavierPenalty) {
        this(violationId, subjectKey, subjectRole, platformId, category, severity, status, detectedOn, heavierPenalty, null);
    }

    public boolean confirmed() {
        return "confirmed".equals(status);
    }

    /** The evidence form of this violation, outside any act. */
    public Evidence evidence() {
        return evidence(null);
    }

    /** The evidence form of this violation as a record merged into act {@code actId}. */
    public Evidence evidence(String actId) {
        return new Evidence(violationId, platformId, category, severity, detectedOn, actId);
    }

    /**
     * What a listing keeps of each violation record it rests on.
     *
     * @param detectedOn Beijing day
     * @param actId      the act this record was merged into ({@link RuleEngine.Act#actId()}), or
     *                   null for listings written before acts were counted
     */
    public record Evidence(String violationId, String platformId, String category, String severity,
                           LocalDate detectedOn, String actId) {
        public Evidence(String violationId, String platformId, String category, String severity, LocalDate detectedOn) {
            this(violationId, platformId, category, severity, detectedOn, null);
        }
    }
}
