package org.livegov.metrics.bench;

import java.util.Objects;

/**
 * Empirical-Bayes shrinkage of the entities' values toward the peer mean, so that a small MCN with
 * 0 of 3 is not published as better than a large one with 2 of 300 (issue 3). Pure, no Spark.
 *
 * <p>Model: value_i = k_i/E_i with a prior over the entities' true values, whose mean μ and
 * between-entity variance A are estimated from the peers by the method of moments of Marshall
 * (1991, "Mapping disease and mortality rates using empirical Bayes estimators", Applied
 * Statistics 40:283–294, the "global" estimator):
 * <pre>
 *   μ  = Σ k_i / Σ E_i
 *   s² = Σ E_i (y_i − μ)² / Σ E_i            (exposure-weighted variance of the raw values)
 *   A  = s² − v(μ) / Ē,  Ē = Σ E_i / I      (minus the average within-entity sampling variance)
 * </pre>
 * with v(μ) = μ for rates (gamma-Poisson, Marshall's own case) and v(μ) = μ(1 − μ) for proportions
 * (beta-binomial, the same estimator with the binomial variance). The prior is then
 * Gamma(shape μ·m, rate m) with m = μ/A (rates) or Beta(μ·m, (1 − μ)·m) with m = μ(1 − μ)/A − 1
 * (proportions), and the shrunk value is the posterior mean
 * <pre>  shrunk_i = (k_i + μ·m) / (E_i + m)</pre>
 * i.e. m is the prior's weight in units of exposure. When A ≤ 0 the raw values vary no more than
 * chance explains: m = ∞ and every shrunk value is μ (complete pooling). When the prior would have
 * no weight (proportions with A ≥ μ(1 − μ), or μ(1 − μ) = 0) m = 0 and the shrunk value is the raw one.
 * Values are per one unit of exposure; multiply by {@link Indicator#scale()} for the published unit.
 */
public final class EmpiricalBayes {
    private EmpiricalBayes() {
    }

    /**
     * Result of a shrinkage fit.
     *
     * @param kind          PROPORTION (beta-binomial) or RATE (gamma-Poisson)
     * @param mean          prior mean μ = pooled value, per unit exposure
     * @param betweenVariance A, the moment estimate of the between-entity variance (may be ≤ 0: then m = ∞)
     * @param priorWeight   m, the prior's weight in units of exposure (∞ = complete pooling, 0 = none)
     * @param shrunk        posterior-mean value per entity, in input order, per unit exposure
     */
    public record Shrinkage(Indicator.Kind kind, double mean, double betweenVariance, double priorWeight, double[] shrunk) {
        /** @return first prior parameter: Beta α = μ·m, or Gamma shape μ·m (∞ under complete pooling) */
        public double priorA() {
            return mean * priorWeight;
        }

        /** @return second prior parameter: Beta β = (1 − μ)·m, or Gamma rate m */
        public double priorB() {
            return kind == Indicator.Kind.PROPORTION ? (1 - mean) * priorWeight : priorWeight;
        }
    }

    /**
     * Beta-binomial shrinkage of proportions.
     *
     * @param k events per entity (0 ≤ k ≤ n)
     * @param n trials per entity (&gt; 0), same length
     * @return the fit, shrunk shares in [0, 1]
     * @throws IllegalArgumentException on arrays of different or zero length, n ≤ 0, k outside [0, n]
     */
    public static Shrinkage betaBinomial(double[] k, double[] n) {
        return fit(Indicator.Kind.PROPORTION, k, n);
    }

    /**
     * Gamma-Poisson shrinkage of rates.
     *
     * @param k        events per entity (≥ 0)
     * @param exposure exposure per entity (&gt; 0), same length
     * @return the fit, shrunk rates per unit exposure
     * @throws IllegalArgumentException on arrays of different or zero length, exposure ≤ 0, k &lt; 0
     */
    public static Shrinkage gammaPoisson(double[] k, double[] exposure) {
        return fit(Indicator.Kind.RATE, k, exposure);
    }

    /**
     * Shrinkage for a PROPORTION or RATE indicator.
     *
     * @throws IllegalArgumentException for MEDIAN/MEAN or bad input as above
     */
    public static Shrinkage fit(Indicator.Kind kind, double[] k, double[] e) {
        Objects.requireNonNull(kind, "kind");
        if (kind != Indicator.Kind.PROPORTION && kind != Indicator.Kind.RATE)
            throw new IllegalArgumentException("no shrinkage for a " + kind + " indicator (only PROPORTION and RATE)");
        if (k.length != e.length) throw new IllegalArgumentException(k.length + " numerators but " + e.length + " exposures");
        int count = k.length;
        if (count == 0) throw new IllegalArgumentException("no entities to shrink");
        double sumK = 0, sumE = 0;
        for (int i = 0; i < count; i++) {
            if (!(e[i] > 0) || Double.isInfinite(e[i])) throw new IllegalArgumentException("entity " + i + ": exposure " + e[i] + " must be a finite number > 0");
            if (!(k[i] >= 0) || Double.isInfinite(k[i])) throw new IllegalArgumentException("entity " + i + ": numerator " + k[i] + " must be a finite number >= 0");
            if (kind == Indicator.Kind.PROPORTION && k[i] > e[i]) throw new IllegalArgumentException("entity " + i + ": numerator " + k[i] + " exceeds denominator " + e[i]);
            sumK += k[i];
            sumE += e[i];
        }
        double mu = sumK / sumE;
        double s2 = 0;
        for (int i = 0; i < count; i++) {
            double d = k[i] / e[i] - mu;
            s2 += e[i] * d * d;
        }
        s2 /= sumE;
        double within = kind == Indicator.Kind.PROPORTION ? mu * (1 - mu) : mu;
        double a = s2 - within / (sumE / count);
        double m;
        if (within == 0) m = 0;                         // μ = 0 (or 1): every raw value equals μ already
        else if (a <= 0) m = Double.POSITIVE_INFINITY;  // no variation beyond chance: complete pooling
        else m = kind == Indicator.Kind.PROPORTION ? Math.max(0, within / a - 1) : within / a;
        double[] shrunk = new double[count];
        for (int i = 0; i < count; i++) {
            shrunk[i] = Double.isInfinite(m) ? mu : (k[i] + mu * m) / (e[i] + m);
        }
        return new Shrinkage(kind, mu, a, m, shrunk);
    }
}
