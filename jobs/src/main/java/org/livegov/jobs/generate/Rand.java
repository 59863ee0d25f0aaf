package org.livegov.jobs.generate;

import java.util.SplittableRandom;

/**
 * Seeded random numbers with the few distributions the generator needs. Each part of the
 * generation draws from its own stream ({@link #derive}), so changing how one feed is generated
 * does not shift the numbers of another.
 */
final class Rand {
    private final SplittableRandom random;

    Rand(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** An independent stream for {@code (seed, stream, index)}, e.g. ("broadcasts", epoch day). */
    static Rand derive(long seed, String stream, long index) {
        long h = mix(seed);
        h = mix(h ^ stream.hashCode());
        h = mix(h ^ index);
        return new Rand(h);
    }

    /** SplitMix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    double uniform() {
        return random.nextDouble();
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** Uniform integer in [lo, hi] inclusive. */
    int between(int lo, int hi) {
        return random.nextInt(lo, hi + 1);
    }

    /** Uniform long in [lo, hi] inclusive. */
    long between(long lo, long hi) {
        return random.nextLong(lo, hi + 1);
    }

    /** Uniform double in [lo, hi). */
    double between(double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    double gaussian() {
        return random.nextGaussian();
    }

    /** exp(N(mu, sigma)). */
    double lognormal(double mu, double sigma) {
        return Math.exp(mu + sigma * random.nextGaussian());
    }

    /** Exponential with the given mean. */
    double exponential(double mean) {
        return -mean * Math.log(1.0 - random.nextDouble());
    }

    /** Poisson count; Knuth for small means, a rounded normal for large ones. */
    int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 50) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double p = random.nextDouble();
        int k = 0;
        while (p > limit) {
            p *= random.nextDouble();
            k++;
        }
        return k;
    }

    <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    char pick(String chars) {
        return chars.charAt(random.nextInt(chars.length()));
    }

    /**
     * Index drawn with the given weights (need not sum to 1).
     *
     * @param weights non-negative, at least one positive
     */
    int weighted(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** Fisher-Yates permutation of 0..n-1. */
    int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
