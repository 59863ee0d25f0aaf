package org.livegov.metrics.trend;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Overdispersed Poisson control limits around an expected count (Spiegelhalter, "Funnel plots for
 * comparing institutional performance", Statistics in Medicine 24, 2005, §3.3 on overdispersion):
 * {@code E ± z × sqrt(phi × E)}, with z the standard normal quantile of (1 + confidence) / 2 and the
 * lower limit floored at 0.
 *
 * <p>phi, the overdispersion of one series, comes from its Pearson residuals
 * {@code r = (y - E) / sqrt(E)} over the complete periods that have an expected value:
 * {@code phi = max(1, sum(r^2) / n)}; with fewer than {@code minPeriods} such periods it is 1
 * (pure Poisson), since a handful of residuals cannot estimate it. n, not n − 1: E is not fitted to
 * y but taken from earlier years.
 */
public final class PoissonLimits {
    private PoissonLimits() {
    }

    /** The z of a two-sided level. @throws IllegalArgumentException unless 0 < confidence < 1 */
    public static double z(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must lie in (0, 1), got " + confidence);
        }
        return NormalDistribution.of(0, 1).inverseCumulativeProbability((1 + confidence) / 2);
    }

    /**
     * @param observed   counts of the complete periods with an expected value
     * @param expected   their expected counts (> 0; pairs with E <= 0 are skipped)
     * @param minPeriods fewest usable pairs before phi is estimated
     * @return phi >= 1
     */
    public static double phi(double[] observed, double[] expected, int minPeriods) {
        double x2 = 0;
        int n = 0;
        for (int i = 0; i < observed.length; i++) {
            if (expected[i] > 0) {
                x2 += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
                n++;
            }
        }
        return n < Math.max(1, minPeriods) ? 1.0 : Math.max(1.0, x2 / n);
    }

    /** @return {lower, upper} around {@code expected} (>= 0) */
    public static double[] limits(double expected, double phi, double z) {
        double half = z * Math.sqrt(phi * expected);
        return new double[]{Math.max(0, expected - half), expected + half};
    }
}
