package org.livegov.metrics.bench;

import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Confidence intervals for the point values of the governance benchmarks (issue 3): proportions,
 * rates per exposure and medians. Static, pure, no Spark.
 *
 * <p>Units: proportions are returned as shares in [0, 1] and rates per one unit of exposure; the
 * caller multiplies by {@link Indicator#scale()} for the published unit. Every method throws
 * {@link IllegalArgumentException} on a confidence level outside (0, 1), on NaN or negative
 * counts or exposures, on a count above its denominator (proportions), or on an empty or unsorted
 * sample (median).
 */
public final class Intervals {
    private Intervals() {
    }

    /**
     * A point estimate with its interval.
     *
     * @param estimate point estimate (k/n, k/exposure or the sample median)
     * @param lower    lower bound
     * @param upper    upper bound
     */
    public record Interval(double estimate, double lower, double upper) {
        /** @return this interval with all three values multiplied by {@code factor} (e.g. the indicator's scale) */
        public Interval times(double factor) {
            return new Interval(estimate * factor, lower * factor, upper * factor);
        }
    }

    /**
     * Order-statistic ranks of a distribution-free median interval.
     *
     * @param lower    1-based rank of the lower bound in the sorted sample
     * @param upper    1-based rank of the upper bound ({@code n + 1 - lower})
     * @param coverage exact coverage {@code 1 - 2 P(B <= lower - 1)}, B ~ Binomial(n, 1/2); below the
     *                 requested level only when the sample is too small to reach it
     */
    public record MedianRanks(int lower, int upper, double coverage) {
    }

    /**
     * Wilson score interval for a binomial proportion (Wilson 1927, JASA 22:209; recommended by
     * Brown, Cai &amp; DasGupta 2001, Statistical Science 16:101):
     * {@code (k + z²/2)/(n + z²) ± z/(n + z²) · sqrt(k(n−k)/n + z²/4)}, z the standard normal
     * quantile at {@code 1 − (1 − conf)/2}.
     *
     * @param k    events, 0 ≤ k ≤ n
     * @param n    trials, &gt; 0
     * @param conf confidence level, e.g. 0.95
     * @return estimate k/n with the interval, all shares in [0, 1]
     * @throws IllegalArgumentException on n ≤ 0, k outside [0, n], NaN, or conf outside (0, 1)
     */
    public static Interval wilson(double k, double n, double conf) {
        checkProportion(k, n);
        double z = z(conf);
        double z2 = z * z;
        double centre = (k + z2 / 2) / (n + z2);
        double half = z / (n + z2) * Math.sqrt(k * (n - k) / n + z2 / 4);
        return new Interval(k / n, Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /**
     * Jeffreys interval for a binomial proportion: the equal-tailed quantiles of the posterior
     * Beta(k + 1/2, n − k + 1/2) under the Jeffreys prior, with the lower bound set to 0 when k = 0
     * and the upper to 1 when k = n (Brown, Cai &amp; DasGupta 2001, Statistical Science 16:101, §4.1.2).
     *
     * @param k    events, 0 ≤ k ≤ n
     * @param n    trials, &gt; 0
     * @param conf confidence level, e.g. 0.95
     * @return estimate k/n with the interval, shares in [0, 1]
     * @throws IllegalArgumentException on n ≤ 0, k outside [0, n], NaN, or conf outside (0, 1)
     */
    public static Interval jeffreys(double k, double n, double conf) {
        checkProportion(k, n);
        double tail = tail(conf);
        BetaDistribution posterior = BetaDistribution.of(k + 0.5, n - k + 0.5);
        double lower = k == 0 ? 0 : posterior.inverseCumulativeProbability(tail);
        double upper = k == n ? 1 : posterior.inverseSurvivalProbability(tail);
        return new Interval(k / n, lower, upper);
    }

    /**
     * Exact (Garwood 1936, Biometrika 28:437) interval for a Poisson rate per unit exposure:
     * lower = χ²(α/2; 2k)/2 / exposure (0 when k = 0), upper = χ²(1 − α/2; 2k + 2)/2 / exposure,
     * α = 1 − conf, χ²(p; d) the p-quantile of the chi-squared distribution with d degrees of freedom.
     *
     * @param k        events, ≥ 0
     * @param exposure exposure in the indicator's own unit (broadcasts, CNY million…), &gt; 0
     * @param conf     confidence level, e.g. 0.95
     * @return estimate k/exposure with the interval, per one unit of exposure
     * @throws IllegalArgumentException on k &lt; 0, exposure ≤ 0, NaN, or conf outside (0, 1)
     */
    public static Interval exactPoisson(double k, double exposure, double conf) {
        if (!(k >= 0) || Double.isInfinite(k)) throw new IllegalArgumentException("count " + k + " must be a finite number >= 0");
        if (!(exposure > 0) || Double.isInfinite(exposure)) throw new IllegalArgumentException("exposure " + exposure + " must be a finite number > 0");
        double tail = tail(conf);
        double lower = k == 0 ? 0 : ChiSquaredDistribution.of(2 * k).inverseCumulativeProbability(tail) / 2;
        double upper = ChiSquaredDistribution.of(2 * k + 2).inverseSurvivalProbability(tail) / 2;
        return new Interval(k / exposure, lower / exposure, upper / exposure);
    }

    /**
     * Distribution-free interval for the median from order statistics (e.g. Conover 1999, Practical
     * Nonparametric Statistics, §3.2; Hollander &amp; Wolfe): with B ~ Binomial(n, 1/2), the lower
     * bound is the order statistic x(j) for the largest j ≤ n/2 with P(B ≤ j − 1) ≤ (1 − conf)/2,
     * the upper bound x(n + 1 − j); coverage 1 − 2 P(B ≤ j − 1) ≥ conf. When the sample is too small
     * for any such j (n ≤ 5 at 95 %), the bounds are the sample minimum and maximum, whose coverage
     * 1 − 2^(1−n) is <em>below</em> conf; {@link #medianRanks} reports it. The estimate is the
     * sample median (mean of the two middle values for even n).
     *
     * @param sorted values in ascending order (any unit, e.g. hours), at least one, no NaN; not modified
     * @param conf   confidence level, e.g. 0.95
     * @return sample median with the interval, in the unit of the values
     * @throws IllegalArgumentException on an empty array, NaN, values not in ascending order, or conf outside (0, 1)
     */
    public static Interval medianInterval(double[] sorted, double conf) {
        if (sorted == null || sorted.length == 0) throw new IllegalArgumentException("median of an empty sample");
        for (int i = 0; i < sorted.length; i++) {
            if (Double.isNaN(sorted[i])) throw new IllegalArgumentException("NaN at position " + i + " of the sample");
            if (i > 0 && sorted[i] < sorted[i - 1]) throw new IllegalArgumentException("sample not sorted ascending at position " + i);
        }
        int n = sorted.length;
        MedianRanks r = medianRanks(n, conf);
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Interval(median, sorted[r.lower() - 1], sorted[r.upper() - 1]);
    }

    /**
     * The ranks {@link #medianInterval} uses for a sample of size n.
     *
     * @param n    sample size, ≥ 1
     * @param conf confidence level in (0, 1)
     * @return 1-based ranks of the bounds and their exact coverage
     * @throws IllegalArgumentException on n &lt; 1 or conf outside (0, 1)
     */
    public static MedianRanks medianRanks(int n, double conf) {
        if (n < 1) throw new IllegalArgumentException("sample size " + n + " must be >= 1");
        double tail = tail(conf);
        BinomialDistribution b = BinomialDistribution.of(n, 0.5);
        int j = 1;
        // largest j <= n/2 with P(B <= j-1) <= tail; j stays 1 (min..max) when even P(B <= 0) exceeds it
        while (j + 1 <= n / 2 && b.cumulativeProbability(j) <= tail) j++;
        return new MedianRanks(j, n + 1 - j, 1 - 2 * b.cumulativeProbability(j - 1));
    }

    /** Standard normal quantile at {@code 1 − (1 − conf)/2} (1.959964 at 95 %, 3.090232 at 99.8 %). */
    static double z(double conf) {
        return NormalDistribution.of(0, 1).inverseSurvivalProbability(tail(conf));
    }

    private static double tail(double conf) {
        if (!(conf > 0 && conf < 1)) throw new IllegalArgumentException("confidence level " + conf + " must be in (0, 1)");
        return (1 - conf) / 2;
    }

    private static void checkProportion(double k, double n) {
        if (!(n > 0) || Double.isInfinite(n)) throw new IllegalArgumentException("denominator " + n + " must be a finite number > 0");
        if (!(k >= 0 && k <= n)) throw new IllegalArgumentException("numerator " + k + " must be in [0, " + n + "]");
    }
}
