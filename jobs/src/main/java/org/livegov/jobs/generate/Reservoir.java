package org.livegov.jobs.generate;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A uniform sample (Algorithm R) of up to {@code capacity} rows of a few numeric columns, for
 * approximate quantiles of a stream too large to hold.
 */
final class Reservoir {
    private final String[] columns;
    private final double[][] values;
    private int size;
    private final Rand rng;
    private long seen;

    Reservoir(int capacity, Rand rng, String... columns) {
        this.columns = columns;
        this.values = new double[columns.length][capacity];
        this.rng = rng;
    }

    /** Offers one row; NaN marks a blank value, left out of that column's quantiles. */
    void offer(double... row) {
        int capacity = values[0].length;
        int slot;
        if (seen < capacity) {
            slot = (int) seen;
        } else {
            long j = rng.between(0L, seen);
            slot = j < capacity ? (int) j : -1;
        }
        seen++;
        size = (int) Math.min(seen, capacity);
        if (slot >= 0) {
            for (int c = 0; c < columns.length; c++) {
                values[c][slot] = row[c];
            }
        }
    }

    /** Nearest-rank quantiles per column, rounded to 2 decimals: {@code {column: {p10: .., ...}}}. */
    Map<String, Map<String, Double>> quantiles(double... ps) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (int c = 0; c < columns.length; c++) {
            double[] v = Arrays.stream(values[c], 0, size).filter(x -> !Double.isNaN(x)).sorted().toArray();
            Map<String, Double> q = new LinkedHashMap<>();
            for (double p : ps) {
                String name = "p" + (p * 100 == Math.rint(p * 100) ? String.valueOf((int) (p * 100)) : String.valueOf(p * 100));
                q.put(name, v.length == 0 ? null
                        : Math.round(v[(int) Math.min(v.length - 1, Math.max(0, Math.ceil(p * v.length) - 1))] * 100) / 100.0);
            }
            out.put(columns[c], q);
        }
        return out;
    }
}
