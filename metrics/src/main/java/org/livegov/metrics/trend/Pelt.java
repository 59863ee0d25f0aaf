package org.livegov.metrics.trend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Changepoints in the rate of a series of counts by PELT (Pruned Exact Linear Time; Killick,
 * Fearnhead and Eckley, "Optimal detection of changepoints with a linear computational cost", JASA
 * 107(500), 2012) with a Poisson segment cost and an exposure.
 *
 * <p>Each period i has a count y_i and an exposure x_i (broadcasts; 1 for a series without one), and
 * a segment a constant rate lambda = S / X (S its total count, X its total exposure). Cost of a
 * segment: twice its negative Poisson log-likelihood at that rate, without the terms that do not
 * depend on the segmentation (sum(log y!) and sum(y ln x)): {@code C = 2 (S - S ln(S/X))}, and 0 when
 * S = 0. With every exposure 1, X is the number of periods n and the cost that of a constant mean.
 * So a series that grows with its exposure at a constant rate per broadcast is one segment. Divided by the overdispersion {@code phi} (>= 1) it is a quasi-likelihood cost, so
 * overdispersed counts do not turn every wiggle into a changepoint. The penalty {@code beta} is added
 * per changepoint; the optimum minimises sum of costs + beta × (number of changepoints). Pruning
 * uses K = 0, which holds for a negative log-likelihood cost (Killick et al. 2012, Theorem 3.1).
 */
public final class Pelt {
    private Pelt() {
    }

    /** Changepoints in the mean of counts: {@link #changepoints(double[], double[], double, double)} with exposure 1. */
    public static List<Integer> changepoints(double[] y, double phi, double penalty) {
        double[] one = new double[y.length];
        java.util.Arrays.fill(one, 1.0);
        return changepoints(y, one, phi, penalty);
    }

    /**
     * @param y        counts (>= 0), in period order
     * @param exposure exposure of each period (> 0), same length
     * @param phi      overdispersion, >= 1 (1 = pure Poisson)
     * @param penalty  beta, > 0, in the cost's units
     * @return the 0-based indices at which a new segment starts (never 0), ascending; empty when none
     * @throws IllegalArgumentException on a negative or non-finite count, an exposure that is not
     *                                  finite and > 0, phi < 1 or penalty <= 0
     */
    public static List<Integer> changepoints(double[] y, double[] exposure, double phi, double penalty) {
        if (!(phi >= 1) || !(penalty > 0)) {
            throw new IllegalArgumentException("need phi >= 1 and penalty > 0, got " + phi + ", " + penalty);
        }
        int n = y.length;
        if (exposure.length != n) {
            throw new IllegalArgumentException("y and exposure differ in length");
        }
        double[] cum = new double[n + 1];
        double[] cx = new double[n + 1];
        for (int i = 0; i < n; i++) {
            if (!(y[i] >= 0) || Double.isInfinite(y[i])) {
                throw new IllegalArgumentException("counts must be finite and >= 0, got " + y[i] + " at " + i);
            }
            if (!(exposure[i] > 0) || Double.isInfinite(exposure[i])) {
                throw new IllegalArgumentException("exposure must be finite and > 0, got " + exposure[i] + " at " + i);
            }
            cum[i + 1] = cum[i] + y[i];
            cx[i + 1] = cx[i] + exposure[i];
        }
        double[] f = new double[n + 1];
        int[] last = new int[n + 1];
        f[0] = -penalty;
        List<Integer> candidates = new ArrayList<>(List.of(0));
        for (int t = 1; t <= n; t++) {
            double best = Double.POSITIVE_INFINITY;
            int arg = 0;
            double[] value = new double[candidates.size()];
            for (int i = 0; i < candidates.size(); i++) {
                int s = candidates.get(i);
                value[i] = f[s] + cost(cum[t] - cum[s], cx[t] - cx[s]) / phi;
                if (value[i] + penalty < best) {
                    best = value[i] + penalty;
                    arg = s;
                }
            }
            f[t] = best;
            last[t] = arg;
            List<Integer> kept = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                if (value[i] <= f[t]) {
                    kept.add(candidates.get(i));
                }
            }
            kept.add(t);
            candidates = kept;
        }
        List<Integer> out = new ArrayList<>();
        for (int t = last[n]; t > 0; t = last[t]) {
            out.add(t);
        }
        Collections.reverse(out);
        return out;
    }

    /** Poisson segment cost 2 (S - S ln(S/X)) for total count S and total exposure X; 0 for S = 0. */
    static double cost(double sum, double exposure) {
        return sum <= 0 ? 0 : 2 * (sum - sum * Math.log(sum / exposure));
    }
}
