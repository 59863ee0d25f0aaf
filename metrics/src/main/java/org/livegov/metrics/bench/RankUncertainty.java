package org.livegov.metrics.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.GammaDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Ranks of composite scores and their uncertainty (issue 3: a league table must say how sure
 * each rank is). Uncertainty and sensitivity analysis of ranks as in the JRC/OECD Handbook on
 * Constructing Composite Indicators (2008, step 7) and Goldstein &amp; Spiegelhalter (1996, JRSS A
 * 159:385, league tables with rank intervals). Pure, no Spark.
 *
 * <p>Ranks: 1 = best = highest composite; ties share the smallest rank ("1224" competition
 * ranking); an entity without a composite has rank 0 (= not ranked) and is not counted.
 *
 * <p>Monte Carlo: in each draw every available (non-suppressed) indicator value of every entity
 * is drawn around its point value, the scores and composites are recomputed with the same
 * available indicators, weights and goalposts as the point composite, and the entities re-ranked.
 * Every draw is centred on the published point value (its mean is the point value), with the
 * spread of the Jeffreys posterior (issue 17: until then the draws were the Jeffreys posteriors
 * themselves, whose mean (k + ½)/(n + 1) lies above a point value of 0; on the target-0 indicators
 * with narrow goalposts (P02 0–1 %, P16 0–5 per 1,000) that half event cost a platform with 0 events
 * up to 5 composite points per draw, most for the smallest platforms, and put JD, first by its
 * point composite, at median rank 4):
 * <ul>
 *   <li>PROPORTION: (X − (k + ½)/(n + 1) + k/n) · scale with X ~ Beta(k + ½, n − k + ½);</li>
 *   <li>RATE: (G − ½) · scale/E with G ~ Gamma(shape k + ½, scale 1), mean k/E;</li>
 *   <li>MEDIAN, MEAN: Normal(value, (upper − lower)/(2 · 1.959964)) from its 95 % interval; a value
 *       without an interval (NaN bounds) or with a zero-width one is held fixed.</li>
 * </ul>
 * A shifted draw may leave [0, 1] (or go below 0 for a rate); the goalpost score clips it to 0–100
 * as it clips every value. Not a parametric bootstrap (Binomial(n, k/n)): that has no spread at
 * k = 0 or k = n and its rank intervals covered the true rank in about 71 % of simulated 30-entity
 * leagues, against 90 % nominal (docs/benchmarks.md "Coverage of the rank intervals").
 *
 * <p>Per entity: the median rank over the draws (mean of the two middle ones for an even number of
 * draws) and the 90 % rank interval: the 5th and 95th percentiles by the nearest-rank rule (the
 * ⌈0.05·D⌉-th and ⌈0.95·D⌉-th smallest of D ranks), widened where needed to contain the point rank,
 * so that the published rank always lies in its published interval. Only ranked entities (those
 * with a composite) take part in the draws. Draws are reproducible: one seeded
 * XO_RO_SHI_RO_128_PP generator (commons-rng) consumed in a fixed order (draw, indicator, entity),
 * and the entities must come sorted by id, so the result depends only on the data and the seed.
 */
public final class RankUncertainty {
    private RankUncertainty() {
    }

    /**
     * One indicator over all entities of a (quarter, role), index-aligned with the entity ids.
     *
     * @param indicator   the catalogue entry (kind, scale, goalposts, weight)
     * @param weight      weight in this composite (the catalogue weight or an alternative's)
     * @param available   whether the entity's value enters the composite (present and not suppressed)
     * @param numerator   events (PROPORTION, RATE); ignored otherwise
     * @param denominator trials or exposure (PROPORTION, RATE); ignored otherwise
     * @param value       point value in the published unit (numerator/denominator × scale, or the median/mean)
     * @param lower       lower 95 % bound (MEDIAN, MEAN), NaN when unknown
     * @param upper       upper 95 % bound (MEDIAN, MEAN), NaN when unknown
     */
    public record Column(Indicator indicator, double weight, boolean[] available, double[] numerator, double[] denominator,
                         double[] value, double[] lower, double[] upper) {
        public Column {
            Objects.requireNonNull(indicator, "indicator");
            int n = available.length;
            if (numerator.length != n || denominator.length != n || value.length != n || lower.length != n || upper.length != n)
                throw new IllegalArgumentException("indicator " + indicator.id() + ": arrays of different length");
        }
    }

    /**
     * Ranks per entity.
     *
     * @param rank       rank on the point composites (0 = not ranked)
     * @param rankMedian median rank over the draws (NaN when not ranked or no draws)
     * @param rankLower  min(5th percentile of the drawn ranks, rank) (0 when not ranked or no draws)
     * @param rankUpper  max(95th percentile of the drawn ranks, rank) (0 when not ranked or no draws)
     * @param draws      number of Monte Carlo draws (0 = not simulated)
     * @param tied       whether another entity has the same point rank (shown as "12=")
     * @param widened    number of entities whose percentile interval was widened to contain the point rank
     */
    public record Result(int[] rank, double[] rankMedian, int[] rankLower, int[] rankUpper, int draws, boolean[] tied,
                         int widened) {
    }

    /**
     * Ties of competition ranks.
     *
     * @param rank competition ranks (0 = not ranked)
     * @return per entity whether another ranked entity has the same rank
     */
    public static boolean[] tied(int[] rank) {
        java.util.Map<Integer, Integer> count = new java.util.HashMap<>();
        for (int r : rank) if (r > 0) count.merge(r, 1, Integer::sum);
        boolean[] t = new boolean[rank.length];
        for (int i = 0; i < rank.length; i++) t[i] = rank[i] > 0 && count.get(rank[i]) > 1;
        return t;
    }

    /**
     * The rank as people read it: "12" or, for a tie, "12="; empty when not ranked.
     *
     * @param rank competition rank (0 = not ranked)
     * @param tied whether another entity shares it
     * @return the label
     */
    public static String label(int rank, boolean tied) {
        return rank <= 0 ? "" : tied ? rank + "=" : Integer.toString(rank);
    }

    /**
     * How the ranks move under an alternative weighting.
     *
     * @param shift        alternative rank − base rank per entity; {@code Integer.MIN_VALUE} when either is 0 (not ranked)
     * @param moved        number of entities ranked under both whose rank differs
     * @param largestShift largest absolute shift among them (0 when none moved)
     */
    public record Shift(int[] shift, int moved, int largestShift) {
    }

    /**
     * Competition ranks of composites, 1 = highest; NaN composites get 0.
     *
     * @param composites composite per entity (0–100 or NaN)
     * @return rank per entity
     */
    public static int[] ranks(double[] composites) {
        int n = composites.length;
        double[] present = new double[n];
        int m = 0;
        for (double c : composites) if (!Double.isNaN(c)) present[m++] = c;
        double[] ascending = Arrays.copyOf(present, m);
        Arrays.sort(ascending);
        int[] rank = new int[n];
        for (int i = 0; i < n; i++) {
            double c = composites[i];
            if (Double.isNaN(c)) continue;
            // rank = 1 + number of strictly higher composites = 1 + (m − index of the first value > c)
            int lo = 0, hi = m;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (ascending[mid] <= c) lo = mid + 1;
                else hi = mid;
            }
            rank[i] = 1 + (m - lo);
        }
        return rank;
    }

    /**
     * Composites of all entities at the given values.
     *
     * @param columns the role's indicators
     * @param values  value per column and entity (published unit), NaN for not available
     * @param entities number of entities (length of every column)
     * @param minWeightShare least share of the weight for a composite, in (0, 1]
     * @return composite per entity (NaN where less than {@code minWeightShare} of the weight is available)
     */
    static double[] composites(List<Column> columns, double[][] values, int entities, double minWeightShare) {
        int c = columns.size();
        double[] weights = new double[c], worst = new double[c], best = new double[c];
        double total = 0;
        for (int j = 0; j < c; j++) {
            Column col = columns.get(j);
            weights[j] = col.weight();
            worst[j] = col.indicator().worst();
            best[j] = col.indicator().best();
            total += weights[j];
        }
        // same arithmetic as CompositeScore.score and CompositeScore.combine, without per-entity allocation
        CompositeScore.combine(new double[c], weights, minWeightShare);   // validates the weights and the share once
        double[] out = new double[entities];
        for (int i = 0; i < entities; i++) {
            double available = 0, sum = 0;
            for (int j = 0; j < c; j++) {
                if (!columns.get(j).available()[i] || weights[j] == 0) continue;
                double s = CompositeScore.score(values[j][i], worst[j], best[j]);
                if (Double.isNaN(s)) continue;
                available += weights[j];
                sum += weights[j] * s;
            }
            out[i] = available > 0 && available / total >= minWeightShare ? sum / available : Double.NaN;
        }
        return out;
    }

    /** {@link #simulate(String[], List, long, int, double)} with {@link CompositeScore#DEFAULT_MIN_WEIGHT_SHARE}. */
    public static Result simulate(String[] entityIds, List<Column> columns, long seed, int draws) {
        return simulate(entityIds, columns, seed, draws, CompositeScore.DEFAULT_MIN_WEIGHT_SHARE);
    }

    /**
     * Point ranks and, when {@code draws > 0}, their Monte Carlo uncertainty.
     *
     * @param entityIds entity ids, strictly ascending (the caller sorts them; this fixes the sampling order)
     * @param columns   the role's indicators, in a fixed order (e.g. catalogue order)
     * @param seed      seed of the random generator (derive one per quarter and role, see {@link #seedFor})
     * @param draws     number of draws, ≥ 0 (0 = point ranks only)
     * @param minWeightShare least share of the weight for a composite (entities below it are neither
     *                  ranked nor drawn), in (0, 1]
     * @return ranks per entity in the order of {@code entityIds}
     * @throws IllegalArgumentException on unsorted or duplicate ids, columns of another length, draws &lt; 0,
     *                                  all weights 0, or a minimum share outside (0, 1]
     */
    public static Result simulate(String[] entityIds, List<Column> columns, long seed, int draws, double minWeightShare) {
        int n = entityIds.length;
        for (int i = 1; i < n; i++) {
            if (entityIds[i - 1].compareTo(entityIds[i]) >= 0)
                throw new IllegalArgumentException("entity ids not strictly ascending at " + entityIds[i]);
        }
        if (draws < 0) throw new IllegalArgumentException("draws " + draws + " must be >= 0");
        if (columns.isEmpty()) throw new IllegalArgumentException("no indicators to rank on");
        int c = columns.size();
        double[][] point = new double[c][];
        for (int j = 0; j < c; j++) {
            Column col = columns.get(j);
            if (col.available().length != n) throw new IllegalArgumentException("indicator " + col.indicator().id() + ": " + col.available().length + " entities, expected " + n);
            point[j] = col.value().clone();
        }
        int[] rank = ranks(composites(columns, point, n, minWeightShare));
        double[] median = new double[n];
        int[] lower = new int[n];
        int[] upper = new int[n];
        Arrays.fill(median, Double.NaN);
        boolean[] tied = tied(rank);
        if (draws == 0) return new Result(rank, median, lower, upper, 0, tied, 0);

        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ContinuousDistribution.Sampler[][] samplers = new ContinuousDistribution.Sampler[c][n];
        double[][] factor = new double[c][n];
        double[][] offset = new double[c][n];   // added to the sample before the factor: centres the draw on the point value
        for (int j = 0; j < c; j++) {
            Column col = columns.get(j);
            Indicator ind = col.indicator();
            for (int i = 0; i < n; i++) {
                // a column with weight 0 (an indicator published for information, e.g. P17) enters no composite:
                // not drawn, so that adding or changing one leaves every other column's draws as they were
                if (!col.available()[i] || col.weight() == 0) continue;
                switch (ind.kind()) {
                    case PROPORTION -> {
                        double k = col.numerator()[i], d = col.denominator()[i];
                        samplers[j][i] = BetaDistribution.of(k + 0.5, d - k + 0.5).createSampler(rng);
                        offset[j][i] = k / d - (k + 0.5) / (d + 1);   // mean (k + ½)/(n + 1) moved to k/n
                        factor[j][i] = ind.scale();
                    }
                    case RATE -> {
                        samplers[j][i] = GammaDistribution.of(col.numerator()[i] + 0.5, 1).createSampler(rng);
                        offset[j][i] = -0.5;   // mean k + ½ moved to k
                        factor[j][i] = ind.scale() / col.denominator()[i];
                    }
                    case MEDIAN, MEAN -> {
                        double sd = (col.upper()[i] - col.lower()[i]) / (2 * FunnelLimits.Z95);
                        if (sd > 0 && Double.isFinite(sd)) {
                            samplers[j][i] = NormalDistribution.of(col.value()[i], sd).createSampler(rng);
                            offset[j][i] = 0;
                            factor[j][i] = 1;
                        }
                    }
                }
            }
        }
        int[][] drawn = new int[n][];
        for (int i = 0; i < n; i++) if (rank[i] > 0) drawn[i] = new int[draws];
        double[][] values = new double[c][];
        for (int j = 0; j < c; j++) values[j] = point[j].clone();
        for (int d = 0; d < draws; d++) {
            for (int j = 0; j < c; j++) {
                for (int i = 0; i < n; i++) {
                    if (samplers[j][i] != null) values[j][i] = (samplers[j][i].sample() + offset[j][i]) * factor[j][i];
                }
            }
            int[] r = ranks(composites(columns, values, n, minWeightShare));
            for (int i = 0; i < n; i++) if (drawn[i] != null) drawn[i][d] = r[i];
        }
        int lo = (int) Math.ceil(0.05 * draws) - 1;
        int hi = (int) Math.ceil(0.95 * draws) - 1;
        int widened = 0;
        for (int i = 0; i < n; i++) {
            if (drawn[i] == null) continue;
            int[] s = drawn[i];
            Arrays.sort(s);
            median[i] = draws % 2 == 1 ? s[draws / 2] : (s[draws / 2 - 1] + s[draws / 2]) / 2.0;
            int l = s[Math.max(0, lo)], u = s[Math.max(0, hi)];
            // the published rank lies in its published interval (docs/benchmarks.md "Published rank")
            if (rank[i] < l || rank[i] > u) widened++;
            lower[i] = Math.min(l, rank[i]);
            upper[i] = Math.max(u, rank[i]);
        }
        return new Result(rank, median, lower, upper, draws, tied, widened);
    }

    /**
     * Compares ranks under an alternative weighting with the base ranks.
     *
     * @param base        base ranks (0 = not ranked)
     * @param alternative ranks under the alternative weighting, same order
     * @return shifts, how many moved and the largest absolute shift
     * @throws IllegalArgumentException on arrays of different length
     */
    public static Shift compare(int[] base, int[] alternative) {
        if (base.length != alternative.length) throw new IllegalArgumentException(base.length + " base ranks but " + alternative.length + " alternative ranks");
        int[] shift = new int[base.length];
        int moved = 0, largest = 0;
        for (int i = 0; i < base.length; i++) {
            if (base[i] == 0 || alternative[i] == 0) {
                shift[i] = Integer.MIN_VALUE;
                continue;
            }
            shift[i] = alternative[i] - base[i];
            if (shift[i] != 0) moved++;
            largest = Math.max(largest, Math.abs(shift[i]));
        }
        return new Shift(shift, moved, largest);
    }

    /**
     * A seed for one (quarter, role) derived deterministically from the run's seed: the first 8
     * bytes (big-endian) of SHA-256 over {@code seed + "|" + quarter + "|" + role} in UTF-8.
     *
     * @param seed    the run's seed
     * @param quarter e.g. 2026Q2
     * @param role    e.g. mcn
     * @return the derived seed
     */
    public static long seedFor(long seed, String quarter, String role) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((seed + "|" + quarter + "|" + role).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(h, 0, 8).getLong();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
