package org.livegov.metrics.offenders;

/**
 * States of a listing (SAMR Order 44's serious-violation list, domain.md §2; the preliminary
 * step is configuration, after FINRA Rule 4111's separation of identification from designation).
 */
public enum ListingState {
    /** a rule fired; the subject has been notified and may object for {@code noticeDays} */
    PRELIMINARY,
    /** on the list: joint punishment applies */
    LISTED,
    /** listed for at least {@code earlyRemovalMonths}, no new serious violation since listing */
    ELIGIBLE_EARLY_REMOVAL,
    /** removed early by a recorded regulator decision (terminal) */
    REMOVED_EARLY,
    /** the listing period ended (terminal) */
    EXPIRED,
    /** the evidence no longer satisfies any rule: a violation was overturned or withdrawn (terminal) */
    WITHDRAWN;

    public boolean active() {
        return this == PRELIMINARY || this == LISTED || this == ELIGIBLE_EARLY_REMOVAL;
    }

    /** Lower-case name as stored in the tables. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ListingState of(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
