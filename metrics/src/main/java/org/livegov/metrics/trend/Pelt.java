package org.livegov.metrics.trend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Changepoints in a series of counts by PELT (Pruned Exact Linear Time; Killick, Fearnhead and
 * Eckley, "Optimal detection of changepoints with a linear computational cost", JASA 107(500),
 * 2012) with a Poisson segment cost.
 *
 * <p>Cost of a segment with n periods and total S: twice its negative Poisson log-likelihood at the
 * segment mean S/n, without the data-only term sum(log y!): {@code C = 2 (S - S ln(S/n))}, and 0
 * when S = 0. Divided by the overdispersion {@code phi} (>= 1) it is a quasi-likelihood cost, so
 * overdispersed counts do not turn every wiggle into a changepoint. The penalty {@code beta} is added
 * per changepoint; the optimum minimises sum of costs + beta × (number of changepoints). Pruning
 * uses K = 0, which holds for a negative log-likelihood cost (Killick et al. 2012, Theorem 3.1).
 */
public final class Pelt {
    private Pelt() {
    }

    /**
     * @param y       counts (>= 0), in period order
     * @param phi     overdispersion, >= 1 (1 = pure Poisson)
     * @param penalty beta, > 0, in the cost's units
     * @return the 0-based indices at which a new segment starts (never 0), ascending; empty when none
     * @throws IllegalArgumentException on a negative or non-finite count, phi < 1 or penalty <= 0
     */
    public static List<Integer> changepoints(double[] y, double phi, double penalty) {
        if (!(phi >= 1) || !(penalty > 0)) {
            throw new IllegalArgumentException("need phi >= 1 and penalty > 0, got " + phi + ", " + penalty);
        }
        int n = y.length;
        double[] cum = new double[n + 1];
        for (int i = 0; i < n; i++) {
            if (!(y[i] >= 0) || Double.isInfinite(y[i])) {
                throw new IllegalArgumentException("counts must be finite and >= 0, got " + y[i] + " at " + i);
            }
            cum[i + 1] = cum[i] + y[i];
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
                value[i] = f[s] + cost(cum[t] - cum[s], t - s) / phi;
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

    /** Poisson segment cost 2 (S - S ln(S/n)); 0 for S = 0. */
    static double cost(double sum, int n) {
        return sum <= 0 ? 0 : 2 * (sum - sum * Math.log(sum / n));
    }
}
