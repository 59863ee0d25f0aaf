package org.livegov.metrics.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.apache.commons.statistics.distribution.DiscreteDistribution;
import org.apache.commons.statistics.distribution.PoissonDistribution;

/**
 * Funnel-plot control limits (Spiegelhalter 2005, "Funnel plots for comparing institutional
 * performance", Statistics in Medicine 24:1185–1202; and "Handling over-dispersion of performance
 * indicators", Quality &amp; Safety in Health Care 14:347–351): each entity's value is compared with
 * 95 % and 99.8 % limits around the peer value as a function of its exposure, so that small
 * entities are not put at the top or bottom of a league by chance. Pure, no Spark.
 *
 * <p>Values are per one unit of exposure (a share for {@link Indicator.Kind#PROPORTION}, events per
 * unit of exposure for {@link Indicator.Kind#RATE}); multiply by {@link Indicator#scale()} for the
 * published unit. {@code MEDIAN} and {@code MEAN} indicators get no funnel.
 *
 * <p>Method, as in the papers (the interpolation of the upper limit and the rule for combining
 * exact and random-effects limits are this project's, issue 17):
 * <ol>
 *   <li>peer value θ0 = Σ numerators / Σ exposures (the pooled value);</li>
 *   <li>null standard error s(E) = sqrt(θ0(1 − θ0)/E) (binomial) or sqrt(θ0/E) (Poisson);</li>
 *   <li>z-scores z_i = (y_i − θ0)/s(E_i), Winsorised at 10 % in each tail: with m = floor(0.1·I)
 *       for I entities, z-scores below the (m+1)-th smallest are set to it and those above the
 *       (m+1)-th largest to it (nothing is Winsorised when I &lt; 10);</li>
 *   <li>overdispersion φ = (1/I) Σ z_w²;</li>
 *   <li>when φ &gt; 1 (the decision rule is configuration of this project, the papers leave it to
 *       judgement), the additive random-effects variance estimated as in DerSimonian &amp; Laird
 *       (1986): τ² = (I φ − (I − 1)) / (Σ w_i − Σ w_i² / Σ w_i), w_i = 1/s(E_i)²; otherwise τ² = 0;</li>
 *   <li>exact limits of the count R at exposure E under θ0 (binomial or Poisson), interpolated
 *       as in Spiegelhalter (2005, appendix A.1) on each side in its own tail: lower, with
 *       F(r) = P(R ≤ r), r_p the smallest r with F(r) ≥ p and α = (F(r_p) − p)/(F(r_p) − F(r_p − 1)),
 *       the limit (r_p − α)/E; upper, the mirror image in the upper tail, with S(r) = P(R ≥ r),
 *       u_p the largest r with S(r) ≥ p and β = (S(u_p) − p)/(S(u_p) − S(u_p + 1)), the limit
 *       (u_p + β)/E. So the lower limit lies in (r_p − 1, r_p] and the upper one in [u_p, u_p + 1),
 *       each between the plain discrete quantile and the next count outward: for a whole count
 *       "strictly outside" is exactly the one-sided exact test (above the upper limit ⇔
 *       P(R ≥ y) &lt; p, below the lower ⇔ P(R ≤ y) &lt; p), while the drawn curve is smooth in E.
 *       Before issue 17 the upper limit used the lower-tail formula at the 1 − p quantile, which put it
 *       in (u − 1, u]: a count with an upper-tail probability above p (1 of 1 anchors at θ0 = 0.9:
 *       P = 0.9) lay above it.</li>
 *   <li>with overdispersion (τ² &gt; 0) also the random-effects normal limits θ0 ± z_p ·
 *       sqrt(s(E)² + τ²), and each limit is the wider of the two. The normal limits need counts large
 *       enough for the normal approximation; where they are not (few expected events, a skewed or
 *       two-point distribution) they are the narrower ones in the tail that matters and the exact
 *       limit stands, and they are never allowed to narrow it: a flag always needs the exact test
 *       too, so one unit (0 or 1 of 1) is never flagged for 0.001 ≤ θ0 ≤ 0.999. Where they are
 *       wider, the peers vary more than chance, which widens the funnel at any exposure.</li>
 *   <li>p = 0.025/0.975 (95 %) and 0.001/0.999 (99.8 %); limits are clipped to [0, 1] (proportions)
 *       or [0, ∞) (rates). An entity is flagged only strictly outside a limit: a value on it is
 *       within.</li>
 * </ol>
 * For the binomial, the number of trials at a non-integer exposure is the exposure rounded to the
 * nearest integer (at least 1).
 */
public final class FunnelLimits {
    private FunnelLimits() {
    }

    static final double Z95 = Intervals.z(0.95);
    static final double Z998 = Intervals.z(0.998);

    /** Position of an entity's value relative to the funnel. */
    public enum Flag {
        WITHIN, ABOVE_95, ABOVE_998, BELOW_95, BELOW_998;

        /** @return the published text: {@code within}, {@code above_95}, {@code above_998}, {@code below_95}, {@code below_998} */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Control limits at one exposure, per one unit of exposure.
     *
     * @param exposure the exposure they are for
     * @param lower95  lower 95 % limit
     * @param upper95  upper 95 % limit
     * @param lower998 lower 99.8 % limit
     * @param upper998 upper 99.8 % limit
     */
    public record Limits(double exposure, double lower95, double upper95, double lower998, double upper998) {
        /** @return these limits multiplied by {@code factor} (e.g. the indicator's scale); exposure unchanged */
        public Limits times(double factor) {
            return new Limits(exposure, lower95 * factor, upper95 * factor, lower998 * factor, upper998 * factor);
        }
    }

    /**
     * A fitted funnel: peer value, overdispersion and the limits as a function of exposure.
     *
     * @param kind      PROPORTION (binomial) or RATE (Poisson)
     * @param peerValue θ0, per one unit of exposure
     * @param phi       overdispersion φ from the Winsorised z-scores (1 = as binomial/Poisson)
     * @param tau2      additive random-effects variance τ² (0 when φ ≤ 1), in (value per unit exposure)²
     * @param entities  number of entities the funnel was fitted on
     */
    public record Funnel(Indicator.Kind kind, double peerValue, double phi, double tau2, int entities) {
        public Funnel {
            checkKind(kind);
            if (!(peerValue >= 0) || Double.isInfinite(peerValue) || (kind == Indicator.Kind.PROPORTION && peerValue > 1))
                throw new IllegalArgumentException("peer value " + peerValue + " outside the range of a " + kind);
            if (!(tau2 >= 0) || Double.isInfinite(tau2)) throw new IllegalArgumentException("tau2 " + tau2 + " must be finite and >= 0");
        }

        /**
         * A funnel around a known peer value without overdispersion (exact limits), e.g. for a
         * single entity checked against a published peer rate.
         *
         * @throws IllegalArgumentException for MEDIAN/MEAN or a peer value out of range
         */
        public static Funnel around(Indicator.Kind kind, double peerValue) {
            return new Funnel(kind, peerValue, 1, 0, 0);
        }

        /** @return whether the limits are widened by a random-effects τ² &gt; 0 */
        public boolean overdispersed() {
            return tau2 > 0;
        }

        /**
         * Control limits at an exposure.
         *
         * @param exposure exposure in the indicator's own unit, &gt; 0
         * @return 95 % and 99.8 % limits per one unit of exposure
         * @throws IllegalArgumentException on exposure ≤ 0 or NaN
         */
        public Limits limits(double exposure) {
            if (!(exposure > 0) || Double.isInfinite(exposure)) throw new IllegalArgumentException("exposure " + exposure + " must be a finite number > 0");
            boolean binomial = kind == Indicator.Kind.PROPORTION;
            double max = binomial ? 1 : Double.POSITIVE_INFINITY;
            if (peerValue == 0 || (binomial && peerValue == 1)) {
                return new Limits(exposure, peerValue, peerValue, peerValue, peerValue);   // degenerate: no variation under θ0
            }
            double trials = binomial ? Math.max(1, Math.round(exposure)) : exposure;
            DiscreteDistribution d = binomial
                    ? BinomialDistribution.of(Math.toIntExact((long) trials), peerValue)
                    : PoissonDistribution.of(peerValue * exposure);
            double lo95 = clip(lower(d, 0.025) / trials, max), hi95 = clip(upper(d, 0.025) / trials, max),
                    lo998 = clip(lower(d, 0.001) / trials, max), hi998 = clip(upper(d, 0.001) / trials, max);
            if (tau2 > 0) {   // random-effects normal limits, only ever widening the exact ones
                double sd = Math.sqrt(nullVariance(exposure) + tau2);
                lo95 = Math.min(lo95, clip(peerValue - Z95 * sd, max));
                hi95 = Math.max(hi95, clip(peerValue + Z95 * sd, max));
                lo998 = Math.min(lo998, clip(peerValue - Z998 * sd, max));
                hi998 = Math.max(hi998, clip(peerValue + Z998 * sd, max));
            }
            return new Limits(exposure, lo95, hi95, lo998, hi998);
        }

        /**
         * Where one entity lies: above/below the 99.8 % limits first, then the 95 % limits; a value
         * exactly on a limit is within it ("outside" is strict). For a whole count without
         * overdispersion this is the one-sided exact test: above_998 ⇔ P(R ≥ k) &lt; 0.001, below_998
         * ⇔ P(R ≤ k) &lt; 0.001 (0.025 for the 95 % flags). Whether an entity is assessed at all is
         * the caller's ({@link Benchmark}: not below the indicator's minimum exposure).
         *
         * @param numerator events (≥ 0; ≤ exposure for proportions)
         * @param exposure  exposure, &gt; 0
         * @return the flag
         * @throws IllegalArgumentException on a negative numerator, exposure ≤ 0, or a proportion above 1
         */
        public Flag flag(double numerator, double exposure) {
            checkEntity(kind, numerator, exposure, 0);
            double y = numerator / exposure;
            Limits l = limits(exposure);
            if (y > l.upper998()) return Flag.ABOVE_998;
            if (y > l.upper95()) return Flag.ABOVE_95;
            if (y < l.lower998()) return Flag.BELOW_998;
            if (y < l.lower95()) return Flag.BELOW_95;
            return Flag.WITHIN;
        }

        /** Null variance s(E)² of a value at exposure E under θ0 (binomial or Poisson). */
        double nullVariance(double exposure) {
            return kind == Indicator.Kind.PROPORTION ? peerValue * (1 - peerValue) / exposure : peerValue / exposure;
        }
    }

    /**
     * Fits a funnel to the peers of one indicator (one quarter, one role).
     *
     * @param kind       PROPORTION or RATE
     * @param numerators events per entity, ≥ 0 (≤ exposure for PROPORTION)
     * @param exposures  exposure per entity, &gt; 0, same length
     * @return the funnel (peer value, φ, τ²)
     * @throws IllegalArgumentException for MEDIAN/MEAN, arrays of different or zero length, or a bad entity
     */
    public static Funnel fit(Indicator.Kind kind, double[] numerators, double[] exposures) {
        checkKind(kind);
        Objects.requireNonNull(numerators, "numerators");
        Objects.requireNonNull(exposures, "exposures");
        if (numerators.length != exposures.length)
            throw new IllegalArgumentException(numerators.length + " numerators but " + exposures.length + " exposures");
        int n = numerators.length;
        if (n == 0) throw new IllegalArgumentException("no entities to fit a funnel to");
        double sumK = 0, sumE = 0;
        for (int i = 0; i < n; i++) {
            checkEntity(kind, numerators[i], exposures[i], i);
            sumK += numerators[i];
            sumE += exposures[i];
        }
        Funnel plain = Funnel.around(kind, sumK / sumE);
        double theta = plain.peerValue();
        if (theta == 0 || (kind == Indicator.Kind.PROPORTION && theta == 1)) {
            return new Funnel(kind, theta, 1, 0, n);   // no variation under θ0: z-scores undefined
        }
        double[] z = new double[n];
        double sumW = 0, sumW2 = 0;
        for (int i = 0; i < n; i++) {
            double v = plain.nullVariance(exposures[i]);
            z[i] = (numerators[i] / exposures[i] - theta) / Math.sqrt(v);
            sumW += 1 / v;
            sumW2 += 1 / (v * v);
        }
        double phi = meanSquareWinsorised(z, 0.10);
        double tau2 = 0;
        if (phi > 1) {
            double denominator = sumW - sumW2 / sumW;
            tau2 = denominator > 0 ? Math.max(0, (n * phi - (n - 1)) / denominator) : 0;
        }
        return new Funnel(kind, theta, phi, tau2, n);
    }

    /** Mean of squared z after setting the floor(fraction·I) lowest/highest to the next value inward. */
    static double meanSquareWinsorised(double[] z, double fraction) {
        double[] s = z.clone();
        Arrays.sort(s);
        int m = (int) Math.floor(fraction * s.length);
        double lo = s[m], hi = s[s.length - 1 - m];
        double sum = 0;
        for (double v : z) {
            double w = Math.min(hi, Math.max(lo, v));
            sum += w * w;
        }
        return sum / z.length;
    }

    /**
     * Interpolated exact lower p-limit of the count (Spiegelhalter 2005, appendix A.1): r − α with r
     * the smallest count with F(r) ≥ p and α = (F(r) − p)/(F(r) − F(r − 1)), in (r − 1, r].
     */
    static double lower(DiscreteDistribution d, double p) {
        int r = d.inverseCumulativeProbability(p);
        double fr = d.cumulativeProbability(r);
        double frm1 = d.cumulativeProbability(r - 1);
        return r - (fr - p) / (fr - frm1);
    }

    /**
     * Interpolated exact upper p-limit of the count, the mirror image of {@link #lower}: u + β with u
     * the largest count with S(u) = P(R ≥ u) ≥ p and β = (S(u) − p)/(S(u) − S(u + 1)), in [u, u + 1).
     * Tail probabilities from the survival function, not 1 − F, to keep their precision.
     */
    static double upper(DiscreteDistribution d, double p) {
        // P(R ≥ r) = P(R > r − 1) = survivalProbability(r − 1); S is non-increasing in r
        int u = Math.max(0, d.inverseSurvivalProbability(p));   // smallest x with P(R > x) ≤ p: u is x or x + 1
        while (d.survivalProbability(u) >= p) u++;               // S(u + 1) ≥ p: move out
        while (u > 0 && d.survivalProbability(u - 1) < p) u--;  // S(u) < p: move in (guards rounding)
        double su = d.survivalProbability(u - 1), su1 = d.survivalProbability(u);
        return u + (su - p) / (su - su1);
    }

    private static double clip(double v, double max) {
        return Math.min(max, Math.max(0, v));
    }

    private static void checkKind(Indicator.Kind kind) {
        Objects.requireNonNull(kind, "kind");
        if (kind != Indicator.Kind.PROPORTION && kind != Indicator.Kind.RATE)
            throw new IllegalArgumentException("no funnel for a " + kind + " indicator (only PROPORTION and RATE)");
    }

    private static void checkEntity(Indicator.Kind kind, double k, double e, int i) {
        if (!(e > 0) || Double.isInfinite(e)) throw new IllegalArgumentException("entity " + i + ": exposure " + e + " must be a finite number > 0");
        if (!(k >= 0) || Double.isInfinite(k)) throw new IllegalArgumentException("entity " + i + ": numerator " + k + " must be a finite number >= 0");
        if (kind == Indicator.Kind.PROPORTION && k > e) throw new IllegalArgumentException("entity " + i + ": numerator " + k + " exceeds denominator " + e);
    }
}
