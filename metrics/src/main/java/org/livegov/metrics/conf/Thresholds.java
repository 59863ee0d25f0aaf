package org.livegov.metrics.conf;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Numeric thresholds an analyst may change without code ({@code conf/livegov.yaml}).
 *
 * <p>Plausibility ceilings: every count and amount of the input contracts has one; a value above
 * it (strictly) is quarantined as ABSURD_VALUE, a value equal to it passes. Each is configuration,
 * set from the largest real figure in {@code shared/data/real} times a margin (the figures are in
 * {@code conf/livegov.yaml} and {@code docs/input-contracts.md}).
 *
 * @param futureToleranceHours   an instant later than the run's cut-off plus this many hours is
 *                               quarantined as FUTURE_INSTANT (configuration)
 * @param maxGmvCny              GMV of one broadcast above this (CNY) is ABSURD_VALUE (configuration)
 * @param maxPenaltyCny          penalty above this (CNY) is ABSURD_VALUE (configuration)
 * @param maxCompensationCny     compensation above this (CNY) is ABSURD_VALUE (configuration)
 * @param maxBroadcastHours      a broadcast longer than this is ABSURD_VALUE (configuration)
 * @param maxPeakViewers         peak concurrent viewers of one broadcast above this is ABSURD_VALUE
 *                               (configuration)
 * @param maxViews               views of one broadcast above this is ABSURD_VALUE (configuration)
 * @param maxOrders              orders of one broadcast above this is ABSURD_VALUE (configuration)
 * @param acceptanceWorkingDays  complaints must be accepted or rejected within this many working
 *                               days (SAMR complaint and report handling measures, art. 14: 7)
 *
 * <p>Repeat-offender rules and periods live in {@code conf/offenders.yaml}
 * ({@link org.livegov.metrics.offenders.OffenderPolicy}).
 */
public record Thresholds(int futureToleranceHours, BigDecimal maxGmvCny, BigDecimal maxPenaltyCny,
                         BigDecimal maxCompensationCny, int maxBroadcastHours, long maxPeakViewers, long maxViews,
                         long maxOrders, int acceptanceWorkingDays) {

    /**
     * The configuration key (section {@code quarantine} of {@code conf/livegov.yaml}) of each count
     * and amount field's ceiling, by contract field name.
     */
    public static final Map<String, String> CEILING_KEYS = Map.of(
            "peak_viewers", "max_peak_viewers", "views", "max_views", "orders", "max_orders",
            "gmv_cny", "max_gmv_cny", "penalty_cny", "max_penalty_cny", "compensation_cny", "max_compensation_cny");

    /**
     * @param field a contract field name, e.g. {@code views}
     * @return its ceiling (a count, or CNY), or null when the field has none
     */
    public BigDecimal ceiling(String field) {
        return switch (field) {
            case "peak_viewers" -> BigDecimal.valueOf(maxPeakViewers);
            case "views" -> BigDecimal.valueOf(maxViews);
            case "orders" -> BigDecimal.valueOf(maxOrders);
            case "gmv_cny" -> maxGmvCny;
            case "penalty_cny" -> maxPenaltyCny;
            case "compensation_cny" -> maxCompensationCny;
            default -> null;
        };
    }
}
