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
 *
 * <p>Repeat-offender rules and periods live in {@code conf/offenders.yaml}
 * ({@link org.livegov.metrics.offenders.OffenderPolicy}).
 */
public record Thresholds(int futureToleranceHours, BigDecimal maxGmvCny, BigDecimal maxPenaltyCny,
                         BigDecimal maxCompensationCny, int maxBroadcastHours, int acceptanceWorkingDays) {
}
