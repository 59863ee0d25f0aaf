package org.livegov.metrics.conf;

import java.math.BigDecimal;

/**
 * Numeric thresholds an analyst may change without code ({@code conf/livegov.yaml}).
 *
 * @param futureToleranceHours   an instant later than the run's cut-off plus this many hours is
 *                               quarantined as FUTURE_INSTANT (configuration)
 * @param maxGmvCny              GMV of one broadcast above this (CNY) is ABSURD_VALUE (configuration)
 * @param maxPenaltyCny          penalty above this (CNY) is ABSURD_VALUE (configuration)
 * @param maxCompensationCny     compensation above this (CNY) is ABSURD_VALUE (configuration)
 * @param maxBroadcastHours      a broadcast longer than this is ABSURD_VALUE (configuration)
 * @param acceptanceWorkingDays  complaints must be accepted or rejected within this many working
 *                               days (SAMR complaint and report handling measures, art. 14: 7)
 * @param offenderWindowMonths   look-back of the repeat-offender rule in months (Advertising Law
 *                               art. 55: "3 times within 2 years": 24)
 * @param offenderMinViolations  confirmed serious violations in the window that list a subject (3)
 */
public record Thresholds(int futureToleranceHours, BigDecimal maxGmvCny, BigDecimal maxPenaltyCny,
                         BigDecimal maxCompensationCny, int maxBroadcastHours, int acceptanceWorkingDays,
                         int offenderWindowMonths, int offenderMinViolations) {
}
