package org.livegov.metrics.trend;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Overdispersed Poisson control limits around an expected count (Spiegelhalter, "Funnel plots for
 * comparing institutional performance", Statistics in Medicine 24, 2005, §3.3 on overdispersion):
 * {@code E ± z × sqrt(phi × E)}, with z the standard normal quantile of (1 + confidence) / 2 and the
 * lower limit floored at 0.
 *
 * <p>phi, the overdispersion, is the Pearson chi-square of the quasi-Poisson fit behind the expected
 * value over its residual degrees of freedom, floored at 1 ({@link QuasiPoisson}).
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

    /** @return {lower, upper} around {@code expected} (>= 0) */
    public static double[] limits(double expected, double phi, double z) {
        double half = z * Math.sqrt(phi * expected);
        return new double[]{Math.max(0, expected - half), expected + half};
    }
}
