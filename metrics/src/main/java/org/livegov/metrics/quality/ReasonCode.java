package org.livegov.metrics.quality;

/**
 * Why a landed row was quarantined. Each quarantined row carries exactly one code (the first rule
 * it fails, in the order of this enum) and a detail naming the field. Codes are stable: analysts
 * filter on them.
 */
public enum ReasonCode {
    /** The row could not be parsed at all: broken quoting, wrong column count, broken JSON. */
    MALFORMED_ROW,
    /** A required field is empty. */
    MISSING_REQUIRED,
    /** An instant that is not ISO-8601 (with offset, or local Beijing time). */
    BAD_INSTANT,
    /** A date that is not yyyy-MM-dd or not a real day (2026-02-30). */
    BAD_DATE,
    /** An integer field that is not an integer. */
    BAD_NUMBER,
    /** Money that is not a decimal with at most two decimals. */
    BAD_MONEY,
    /** A boolean that is not true/false, 1/0, yes/no. */
    BAD_BOOLEAN,
    /** A value outside the field's enumeration. */
    UNKNOWN_ENUM,
    /** A category not in the taxonomy (conf/taxonomy.yaml). */
    UNKNOWN_CATEGORY,
    /** A USCC with wrong length, alphabet or check character (GB 32100-2015). */
    BAD_USCC,
    /** An identity number with wrong length, birth date or check character (GB 11643-1999). */
    BAD_IDENTITY_NUMBER,
    /** A count or amount below zero. */
    NEGATIVE_VALUE,
    /** A value beyond plausibility (configuration: limits in conf/livegov.yaml). */
    ABSURD_VALUE,
    /** An end instant before its start (broadcast end, disposal before detection, closed before received). */
    END_BEFORE_START,
    /** An instant later than the run's cut-off (run instant plus the configured tolerance). */
    FUTURE_INSTANT,
    /** A reference to a platform, anchor, merchant, MCN or broadcast not in the registers. */
    UNKNOWN_REFERENCE,
    /** The same key and version with different content in one batch: no rule can choose. */
    ID_CONFLICT;
}
