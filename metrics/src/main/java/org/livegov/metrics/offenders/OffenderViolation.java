package org.livegov.metrics.offenders;

import java.time.LocalDate;

/**
 * One violation as the offender rules see it: silver violations with their cross-platform subject
 * key ({@link org.livegov.metrics.gold.SubjectKeys}) and the Beijing day of detection.
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
 */
public record OffenderViolation(String violationId, String subjectKey, String subjectRole, String platformId,
                                String category, String severity, String status, LocalDate detectedOn,
                                boolean heavierPenalty) {
    public boolean confirmed() {
        return "confirmed".equals(status);
    }

    /** The evidence form of this violation. */
    public Evidence evidence() {
        return new Evidence(violationId, platformId, category, severity, detectedOn);
    }

    /**
     * What a listing keeps of each violation it rests on.
     *
     * @param detectedOn Beijing day
     */
    public record Evidence(String violationId, String platformId, String category, String severity,
                           LocalDate detectedOn) {
    }
}
