package org.livegov.metrics.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.livegov.metrics.bench.Indicator.Direction;
import org.livegov.metrics.bench.Indicator.Kind;
import org.livegov.metrics.bench.Indicator.Role;
import org.livegov.metrics.bench.RankUncertainty.Column;
import org.livegov.metrics.bench.RankUncertainty.Result;

/**
 * Issue 17 item 1: the published rank lies in its published interval over randomised leagues, and
 * the uncertainty is honest: in simulated leagues with known true rates, the 90 % rank intervals and
 * the 95 % Wilson/Garwood value intervals contain the truth about as often as they say. The
 * figures are printed and written into docs/benchmarks.md "Coverage of the rank intervals".
 */
class RankCoverageTest {
    static final double NA = Double.NaN;

    /** Four indicators like the platform league's: a share near its best goalpost, two target-0 ones, a middling share. */
    static final List<Indicator> LEAGUE = List.of(
            new Indicator("S1", Role.PLATFORM, "d", "n", "d", Kind.PROPORTION, Direction.HIGHER_IS_BETTER, "share", 1, 0.8, 1.0, 0.3, 0),
            new Indicator("Z2", Role.PLATFORM, "d", "n", "d", Kind.PROPORTION, Direction.LOWER_IS_BETTER, "share", 1, 0.01, 0.0, 0.2, 0),
            new Indicator("R3", Role.PLATFORM, "d", "n", "d", Kind.RATE, Direction.LOWER_IS_BETTER, "per 1,000", 1000, 5, 0, 0.2, 0),
            new Indicator("S4", Role.PLATFORM, "d", "n", "d", Kind.PROPORTION, Direction.HIGHER_IS_BETTER, "share", 1, 0.4, 0.95, 0.3, 0));
    /** True values (per unit, before scale) drawn uniformly in these ranges, inside the goalposts as in the demo. */
    static final double[][] TRUTH = {{0.85, 0.99}, {0, 0.006}, {0, 0.003}, {0.5, 0.8}};

    static String[] ids(int m) {
        String[] ids = new String[m];
        for (int i = 0; i < m; i++) ids[i] = String.format("e%03d", i);
        return ids;
    }

    static double logUniform(UniformRandomProvider rng, double lo, double hi) {
        return Math.rint(Math.exp(Math.log(lo) + rng.nextDouble() * (Math.log(hi) - Math.log(lo))));
    }

    static int binomial(UniformRandomProvider rng, int n, double p) {
        int k = 0;
        for (int t = 0; t < n; t++) if (rng.nextDouble() < p) k++;
        return k;
    }

    /** Knuth's multiplication method: fine for the small means here (at most 0.003·2,000 = 6). */
    static int poisson(UniformRandomProvider rng, double mean) {
        double limit = Math.exp(-mean), prod = rng.nextDouble();
        int k = 0;
        while (prod > limit) {
            k++;
            prod *= rng.nextDouble();
        }
        return k;
    }

    @Test
    void theRankLiesInItsIntervalOverRandomisedSmallLeagues() {
        // 200 leagues of 3–30 entities, seeded; exposures log-uniform 1–5,000 (tiny ones included), shares and rates
        // anywhere (0 and n included), one MEAN with or without an interval; each entity loses an indicator with
        // probability 0.3 (as if suppressed below its minimum exposure), so some fall below half the weight and are not ranked.
        // Property: a ranked entity has 1 ≤ rank_lower ≤ rank ≤ rank_upper ≤ (number ranked) and its median in the
        // interval; an unranked one has rank 0 and no interval, and takes part in nobody's draws (upper ≤ number ranked).
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(20261207L);
        Indicator mean = new Indicator("M5", Role.PLATFORM, "d", "n", "d", Kind.MEAN, Direction.HIGHER_IS_BETTER, "score", 1, 3, 4.74, 0.2, 0);
        int leagues = 200, entities = 0, widened = 0, tiedRanks = 0, unranked = 0;
        for (int l = 0; l < leagues; l++) {
            int m = 3 + rng.nextInt(28);
            List<Column> cols = new ArrayList<>();
            for (Indicator ind : List.of(LEAGUE.get(0), LEAGUE.get(1), LEAGUE.get(2), LEAGUE.get(3), mean)) {
                boolean[] av = new boolean[m];
                double[] k = new double[m], n = new double[m], v = new double[m], lo = new double[m], hi = new double[m];
                for (int i = 0; i < m; i++) {
                    av[i] = rng.nextDouble() >= 0.3;
                    n[i] = Math.max(1, logUniform(rng, 1, 5000));
                    lo[i] = NA;
                    hi[i] = NA;
                    switch (ind.kind()) {
                        case PROPORTION -> {
                            double u = rng.nextDouble();
                            k[i] = u < 0.15 ? 0 : u < 0.3 ? n[i] : Math.floor(rng.nextDouble() * (n[i] + 1));
                            v[i] = k[i] / n[i];
                        }
                        case RATE -> {
                            k[i] = rng.nextDouble() < 0.3 ? 0 : Math.floor(rng.nextDouble() * 0.01 * n[i]);
                            v[i] = k[i] / n[i] * ind.scale();
                        }
                        default -> {
                            v[i] = 3 + 2 * rng.nextDouble();
                            if (rng.nextBoolean()) {
                                lo[i] = v[i] - 0.3 * rng.nextDouble();
                                hi[i] = v[i] + 0.3 * rng.nextDouble();
                            }
                        }
                    }
                }
                cols.add(new Column(ind, ind.weight(), av, k, n, v, lo, hi));
            }
            Result r = RankUncertainty.simulate(ids(m), cols, rng.nextLong(), 400);
            int ranked = 0;
            for (int x : r.rank()) if (x > 0) ranked++;
            for (int i = 0; i < m; i++) {
                entities++;
                if (r.rank()[i] == 0) {
                    unranked++;
                    assertEquals(0, r.rankLower()[i]);
                    assertEquals(0, r.rankUpper()[i]);
                    assertTrue(Double.isNaN(r.rankMedian()[i]));
                    continue;
                }
                String where = "league " + l + " entity " + i + ": rank " + r.rank()[i] + " interval " + r.rankLower()[i] + "–" + r.rankUpper()[i];
                assertTrue(1 <= r.rankLower()[i] && r.rankLower()[i] <= r.rank()[i] && r.rank()[i] <= r.rankUpper()[i], where);
                assertTrue(r.rankUpper()[i] <= ranked, where + " beyond the " + ranked + " ranked");
                assertTrue(r.rankLower()[i] <= r.rankMedian()[i] && r.rankMedian()[i] <= r.rankUpper()[i], where + " median " + r.rankMedian()[i]);
                if (r.tied()[i]) tiedRanks++;
            }
            widened += r.widened();
        }
        System.out.printf("property: %d leagues, %d entities, %d not ranked, %d tied, %d intervals widened to the point rank%n",
                leagues, entities, unranked, tiedRanks, widened);
        // the randomisation does reach the cases the property is about
        assertTrue(unranked > 0 && tiedRanks > 0);
    }

    @Test
    void rankAndValueIntervalsCoverTheTruthAsOftenAsTheySay() {
        // 300 leagues of 30 entities (seeded). Per entity and indicator a true value in TRUTH, an exposure
        // log-uniform 20–2,000 (the demo platforms' and MCNs' range: 29 violations to 7,367 broadcasts), counts
        // drawn Binomial(n, p) or Poisson(E·rate); then the real code: Intervals.wilson / exactPoisson (95 %) and
        // RankUncertainty.simulate (1,000 draws, 90 %). The true rank is the competition rank of the composites of
        // the true values. Nominal 90 % and 95 %; accepted 87–93 % and 92–98 % (issue 17).
        double[] c = coverage(300, 30, 17L);
        assertTrue(c[0] >= 0.87 && c[0] <= 0.93, "rank interval coverage " + c[0]);
        assertTrue(c[1] >= 0.92 && c[1] <= 0.98, "value interval coverage " + c[1]);
    }

    /**
     * Other league sizes, for docs/benchmarks.md: runs only with -Dlivegov.coverage=5,100,300 (league sizes), e.g.
     * {@code ./mvnw -pl metrics -am test -Dtest=RankCoverageTest -Dlivegov.coverage=5,100 -Dsurefire.failIfNoSpecifiedTests=false}.
     */
    @Test
    void coverageAtOtherLeagueSizesOnRequest() {
        String sizes = System.getProperty("livegov.coverage", "");
        for (String m : sizes.split(",")) {
            if (m.isBlank()) continue;
            int size = Integer.parseInt(m.trim());
            coverage(Math.max(20, 9000 / size), size, 17L);
        }
    }

    /**
     * @return {rank interval coverage, value interval coverage}; prints both
     */
    static double[] coverage(int leagues, int m, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        long rankIn = 0, rankAll = 0, valueIn = 0, valueAll = 0, widened = 0;
        String[] ids = ids(m);
        for (int l = 0; l < leagues; l++) {
            List<Column> cols = new ArrayList<>();
            double[][] truth = new double[LEAGUE.size()][m];
            boolean[] all = new boolean[m];
            java.util.Arrays.fill(all, true);
            for (int j = 0; j < LEAGUE.size(); j++) {
                Indicator ind = LEAGUE.get(j);
                double[] k = new double[m], n = new double[m], v = new double[m], lo = new double[m], hi = new double[m];
                for (int i = 0; i < m; i++) {
                    double t = TRUTH[j][0] + rng.nextDouble() * (TRUTH[j][1] - TRUTH[j][0]);
                    truth[j][i] = t * ind.scale();
                    n[i] = logUniform(rng, 20, 2000);
                    k[i] = ind.kind() == Kind.PROPORTION ? binomial(rng, (int) n[i], t)
                            : poisson(rng, t * n[i]);
                    Intervals.Interval iv = (ind.kind() == Kind.PROPORTION ? Intervals.wilson(k[i], n[i], 0.95)
                            : Intervals.exactPoisson(k[i], n[i], 0.95)).times(ind.scale());
                    v[i] = iv.estimate();
                    lo[i] = NA;
                    hi[i] = NA;
                    valueAll++;
                    if (iv.lower() <= truth[j][i] && truth[j][i] <= iv.upper()) valueIn++;
                }
                cols.add(new Column(ind, ind.weight(), all, k, n, v, lo, hi));
            }
            int[] trueRank = RankUncertainty.ranks(RankUncertainty.composites(cols, truth, m, CompositeScore.DEFAULT_MIN_WEIGHT_SHARE));
            Result r = RankUncertainty.simulate(ids, cols, rng.nextLong(), 1000);
            widened += r.widened();
            for (int i = 0; i < m; i++) {
                rankAll++;
                if (r.rankLower()[i] <= trueRank[i] && trueRank[i] <= r.rankUpper()[i]) rankIn++;
            }
        }
        double rankCoverage = (double) rankIn / rankAll, valueCoverage = (double) valueIn / valueAll;
        System.out.printf("coverage: %d leagues of %d: 90 %% rank intervals %.1f %% (%d widened to the point rank), 95 %% value intervals %.1f %% of %d%n",
                leagues, m, 100 * rankCoverage, widened, 100 * valueCoverage, valueAll);
        return new double[]{rankCoverage, valueCoverage};
    }
}
