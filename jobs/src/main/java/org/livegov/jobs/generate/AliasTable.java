package org.livegov.jobs.generate;

/**
 * Walker/Vose alias table: draws an index with fixed weights in constant time. Used for the
 * heavy-tailed choices made millions of times (which anchor broadcasts, which merchant sells).
 */
final class AliasTable {
    private final double[] probability;
    private final int[] alias;
    private final double total;

    /** @param weights non-negative, at least one positive */
    AliasTable(double[] weights) {
        int n = weights.length;
        double sum = 0;
        for (double w : weights) {
            if (w < 0 || Double.isNaN(w)) {
                throw new IllegalArgumentException("negative weight " + w);
            }
            sum += w;
        }
        if (n == 0 || sum <= 0) {
            throw new IllegalArgumentException("no positive weight");
        }
        total = sum;
        probability = new double[n];
        alias = new int[n];
        double[] scaled = new double[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int ns = 0;
        int nl = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = weights[i] * n / sum;
            if (scaled[i] < 1) {
                small[ns++] = i;
            } else {
                large[nl++] = i;
            }
        }
        while (ns > 0 && nl > 0) {
            int s = small[--ns];
            int l = large[--nl];
            probability[s] = scaled[s];
            alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1;
            if (scaled[l] < 1) {
                small[ns++] = l;
            } else {
                large[nl++] = l;
            }
        }
        while (nl > 0) {
            probability[large[--nl]] = 1;
        }
        while (ns > 0) {
            probability[small[--ns]] = 1;
        }
    }

    int sample(Rand rng) {
        int i = rng.between(0, probability.length - 1);
        return rng.uniform() < probability[i] ? i : alias[i];
    }

    int size() {
        return probability.length;
    }

    /** Sum of the weights the table was built from. */
    double total() {
        return total;
    }
}
