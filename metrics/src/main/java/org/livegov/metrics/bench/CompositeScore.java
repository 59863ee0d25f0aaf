package org.livegov.metrics.bench;

/**
 * Composite benchmark score of one entity over its role's indicators: min–max normalisation
 * between fixed goalposts and a weighted arithmetic mean (JRC/OECD Handbook on Constructing
 * Composite Indicators, 2008, §5–6; fixed goalposts keep scores comparable across quarters).
 * Goalposts and weights are configuration ({@code conf/indicators.yaml}). Pure, no Spark.
 */
public final class CompositeScore {
    private CompositeScore() {
    }

    /**
     * Default of the least share of its role's total weight an entity needs for a composite (and so a
     * rank): {@code benchmark.min_weight_share} in {@code conf/indicators.yaml} (configuration).
     */
    public static final double DEFAULT_MIN_WEIGHT_SHARE = 0.5;

    /**
     * A composite with the share of weight it rests on.
     *
     * @param value           0–100, NaN when less than the minimum share of the weight is available
     * @param weightAvailable Σ weights of the available indicators / Σ weights of all the role's indicators, in [0, 1]
     */
    public record Composite(double value, double weightAvailable) {
        /** @return whether the entity has a composite */
        public boolean present() {
            return !Double.isNaN(value);
        }
    }

    /**
     * Score of a value between goalposts: 100·(value − worst)/(best − worst), clipped to [0, 100].
     * Works whichever of worst and best is larger (for "lower is better", worst &gt; best).
     *
     * @param value value in the indicator's published unit; NaN gives NaN
     * @param worst goalpost scored 0
     * @param best  goalpost scored 100
     * @return score in [0, 100], or NaN for a NaN value
     * @throws IllegalArgumentException when worst equals best or either is not finite
     */
    public static double score(double value, double worst, double best) {
        if (!Double.isFinite(worst) || !Double.isFinite(best) || worst == best)
            throw new IllegalArgumentException("goalposts worst " + worst + " and best " + best + " must be finite and differ");
        if (Double.isNaN(value)) return Double.NaN;
        double s = 100 * (value - worst) / (best - worst);
        return Math.min(100, Math.max(0, s));
    }

    /** {@link #combine(double[], double[], double)} with {@link #DEFAULT_MIN_WEIGHT_SHARE}. */
    public static Composite combine(double[] scores, double[] weights) {
        return combine(scores, weights, DEFAULT_MIN_WEIGHT_SHARE);
    }

    /**
     * Weighted mean of the available scores, with the weights re-normalised over the available
     * (non-suppressed) indicators: composite = Σ_available w_j s_j / Σ_available w_j. An entity
     * whose available weight is less than {@code minWeightShare} of the role's total gets no
     * composite (NaN), so that a score is never built on a minority of the framework.
     *
     * @param scores         score per indicator of the role (0–100), NaN where the indicator is missing or suppressed
     * @param weights        weight per indicator of the role (≥ 0), same order and length
     * @param minWeightShare least available share of the total weight for a composite, in (0, 1]
     * @return the composite and its available weight share
     * @throws IllegalArgumentException on different lengths, a negative or NaN weight, all weights 0,
     *                                  or a minimum share outside (0, 1]
     */
    public static Composite combine(double[] scores, double[] weights, double minWeightShare) {
        checkMinWeightShare(minWeightShare);
        if (scores.length != weights.length) throw new IllegalArgumentException(scores.length + " scores but " + weights.length + " weights");
        double total = 0, available = 0, sum = 0;
        for (int j = 0; j < weights.length; j++) {
            double w = weights[j];
            if (!(w >= 0) || Double.isInfinite(w)) throw new IllegalArgumentException("weight " + w + " at position " + j + " must be finite and >= 0");
            total += w;
            if (!Double.isNaN(scores[j]) && w > 0) {
                available += w;
                sum += w * scores[j];
            }
        }
        if (!(total > 0)) throw new IllegalArgumentException("the role's weights sum to 0");
        double share = available / total;
        return new Composite(share >= minWeightShare && available > 0 ? sum / available : Double.NaN, share);
    }

    /**
     * @param minWeightShare least share of the weight for a composite
     * @throws IllegalArgumentException when it is not in (0, 1]: 0 would rank an entity on no indicator at all
     */
    static void checkMinWeightShare(double minWeightShare) {
        if (!(minWeightShare > 0 && minWeightShare <= 1))
            throw new IllegalArgumentException("minimum weight share " + minWeightShare + " must be in (0, 1]");
    }
}
