package org.livegov.metrics.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.livegov.metrics.bench.Indicator.Direction;
import org.livegov.metrics.bench.Indicator.Kind;
import org.livegov.metrics.bench.Indicator.Role;
import org.livegov.metrics.bench.RankUncertainty.Column;
import org.livegov.metrics.bench.RankUncertainty.Result;
import org.livegov.metrics.bench.RankUncertainty.Shift;

/** Point ranks, Monte Carlo rank intervals whose probabilities are worked out by hand, sensitivity shifts. */
class RankUncertaintyTest {
    static final double NA = Double.NaN;

    static Indicator indicator(String id, Kind kind, double worst, double best) {
        return new Indicator(id, Role.MCN, "duty", "num", "den", kind, Direction.HIGHER_IS_BETTER, "share", 1, worst, best, 1, 0);
    }

    @Test
    void competitionRanksHighestFirst() {
        // 90 → 1; the two 70s share 2; 50 → 4 (the next after three entities); NaN is not ranked (0)
        assertArrayEquals(new int[]{2, 0, 1, 2, 4}, RankUncertainty.ranks(new double[]{70, NA, 90, 70, 50}));
    }

    @Test
    void smallEntityTopOfThePointLeagueAndOfItsMedianRankIntervalOneToTwo() {
        // one PROPORTION, goalposts 0 → 1, so score = 100·share and the composite is the score.
        // a: 900/1000 = 0.9, b: 100/1000 = 0.1, c: 1/1 = 1.0 → point ranks c 1, a 2, b 3.
        // Draws centred on the point (issue 17): value = X − (k + ½)/(n + 1) + k/n with X ~ Beta(k + ½, n − k + ½).
        // a ≈ 0.9 ± 0.0095, b ≈ 0.1 ± 0.0095; c = X − 0.75 + 1 = X + 0.25 with X ~ Beta(1.5, 0.5) (mean 0.75),
        // scored min(100, 100·(X + 0.25)). c falls behind a when X + 0.25 < 0.9, i.e. X < 0.65. With x = sin²θ,
        // ∫ x^½ (1−x)^−½ dx = θ − sinθ·cosθ and B(1.5, 0.5) = π/2:
        //   θ = asin(√0.65) = 0.937744, sinθcosθ = √(0.65·0.35) = 0.476970 → P = (0.937744 − 0.476970)/1.570796 = 0.2933;
        // c never falls behind b (X + 0.25 ≥ 0.25 > 0.1 + 15 sd).
        // So c is 1st in ~71 % of draws, else 2nd: interval 1–2, median 1 (its point rank);
        // a is 2nd in ~71 %, else 1st: interval 1–2, median 2; b is always 3rd: interval 3–3, median 3.
        // (Before issue 17 the draw of c was Beta(1.5, 0.5) itself, mean 0.75 instead of 1: c was 1st in 40 % only
        // and its median rank 2 contradicted its point rank 1.)
        Indicator p = indicator("P01", Kind.PROPORTION, 0, 1);
        Column col = new Column(p, 1, new boolean[]{true, true, true}, new double[]{900, 100, 1}, new double[]{1000, 1000, 1},
                new double[]{0.9, 0.1, 1.0}, new double[]{NA, NA, NA}, new double[]{NA, NA, NA});
        Result r = RankUncertainty.simulate(new String[]{"a", "b", "c"}, List.of(col), 42, 1000);
        assertArrayEquals(new int[]{2, 3, 1}, r.rank());
        assertArrayEquals(new int[]{1, 3, 1}, r.rankLower());
        assertArrayEquals(new int[]{2, 3, 2}, r.rankUpper());
        assertArrayEquals(new double[]{2, 3, 1}, r.rankMedian(), 0);
        assertEquals(1000, r.draws());
        assertEquals(0, r.widened());
        // reproducible from the seed
        Result again = RankUncertainty.simulate(new String[]{"a", "b", "c"}, List.of(col), 42, 1000);
        assertArrayEquals(r.rankMedian(), again.rankMedian(), 0);
        assertArrayEquals(r.rankUpper(), again.rankUpper());
    }

    @Test
    void threeEntityLeagueWithHugeExposuresEveryDrawGivesThePointRanks() {
        // issue 17's hand-worked league. Two indicators, weights 0.6 and 0.4:
        //   P: PROPORTION, goalposts 0.8 → 1 (score = 500·(share − 0.8));
        //   R: RATE per 1,000, lower is better, goalposts 5 → 0 (score = 100 − 20·rate).
        // x: P 950,000/1,000,000 = 0.95 → 75; R 1,000 per 1,000,000 = 1.0 per 1,000 → 80; 0.6·75 + 0.4·80 = 77
        // y: P 900,000/1,000,000 = 0.90 → 50; R 0 of 1,000,000 → 0 per 1,000 → 100;   0.6·50 + 0.4·100 = 70
        // z: P 850,000/1,000,000 = 0.85 → 25; R 3,000 per 1,000,000 = 3.0 → 40;        0.6·25 + 0.4·40 = 31
        // point ranks x 1, y 2, z 3. Sampling sd: P √(0.95·0.05/10⁶) = 0.00022 → 0.11 score points; R of x
        // √1,000/10⁶·1,000 = 0.032 per 1,000 → 0.63 points; y at 0: Gamma(½) − ½ over 10⁶, sd 0.71/1,000 per 1,000
        // → 0.014 points. The gaps 7 and 39 are over 10 sd of any difference: every one of 1,000 draws gives 1, 2, 3,
        // so median, lower and upper are the point ranks, and the median lies exactly at them (centred draws).
        Indicator p = new Indicator("P", Role.PLATFORM, "d", "n", "d", Kind.PROPORTION, Direction.HIGHER_IS_BETTER, "share", 1, 0.8, 1, 0.6, 0);
        Indicator q = new Indicator("R", Role.PLATFORM, "d", "n", "d", Kind.RATE, Direction.LOWER_IS_BETTER, "per 1,000", 1000, 5, 0, 0.4, 0);
        boolean[] all = {true, true, true};
        double[] none = {NA, NA, NA}, big = {1e6, 1e6, 1e6};
        Column cp = new Column(p, 0.6, all, new double[]{950_000, 900_000, 850_000}, big, new double[]{0.95, 0.90, 0.85}, none, none);
        Column cr = new Column(q, 0.4, all, new double[]{1000, 0, 3000}, big, new double[]{1.0, 0, 3.0}, none, none);
        assertArrayEquals(new double[]{77, 70, 31}, RankUncertainty.composites(List.of(cp, cr), new double[][]{cp.value(), cr.value()}, 3, CompositeScore.DEFAULT_MIN_WEIGHT_SHARE), 1e-9);
        Result r = RankUncertainty.simulate(new String[]{"x", "y", "z"}, List.of(cp, cr), 17, 1000);
        assertArrayEquals(new int[]{1, 2, 3}, r.rank());
        assertArrayEquals(new double[]{1, 2, 3}, r.rankMedian(), 0);
        assertArrayEquals(new int[]{1, 2, 3}, r.rankLower());
        assertArrayEquals(new int[]{1, 2, 3}, r.rankUpper());
        assertArrayEquals(new boolean[]{false, false, false}, r.tied());
        assertEquals(0, r.widened());
    }

    @Test
    void tiesAreShownAsTiesAndTheRankLiesInItsInterval() {
        // 90, 70, 70, 50 → competition ranks 1, 2, 2, 4; the two 2s are ties: labels "1", "2=", "2=", "4"; unranked ""
        int[] rank = RankUncertainty.ranks(new double[]{90, 70, 70, 50, NA});
        assertArrayEquals(new int[]{1, 2, 2, 4, 0}, rank);
        boolean[] t = RankUncertainty.tied(rank);
        assertArrayEquals(new boolean[]{false, true, true, false, false}, t);
        assertEquals(List.of("1", "2=", "2=", "4", ""), List.of(RankUncertainty.label(rank[0], t[0]), RankUncertainty.label(rank[1], t[1]),
                RankUncertainty.label(rank[2], t[2]), RankUncertainty.label(rank[3], t[3]), RankUncertainty.label(rank[4], t[4])));
        // twelve entities at 30 of 30 (score 100 each): point rank 1 for all, shown "1=". A draw is X + 1 − 30.5/31 with
        // X ~ Beta(30.5, 0.5): above 1 (score clipped to 100, sharing rank 1) when X > 0.984, otherwise below 100 and
        // behind every entity at 100. Whatever the draws, the published interval contains the published rank 1.
        Indicator p = indicator("P01", Kind.PROPORTION, 0, 1);
        int m = 12;
        boolean[] all = new boolean[m];
        double[] k = new double[m], n = new double[m], v = new double[m], none = new double[m];
        String[] ids = new String[m];
        for (int i = 0; i < m; i++) {
            all[i] = true; k[i] = 30; n[i] = 30; v[i] = 1; none[i] = NA; ids[i] = String.format("e%02d", i);
        }
        Result r = RankUncertainty.simulate(ids, List.of(new Column(p, 1, all, k, n, v, none, none)), 5, 1000);
        for (int i = 0; i < m; i++) {
            assertEquals(1, r.rank()[i]);
            assertTrue(r.tied()[i]);
            assertEquals(1, r.rankLower()[i]);
            assertTrue(r.rankUpper()[i] > 1);
        }
    }

    @Test
    void aColumnOfWeightZeroChangesNoDraw() {
        // six entities with shares 50..55 of 100: their draws overlap, so the rank medians and intervals depend on
        // every random number. A weight-0 column (P17, published for information) placed first must not be drawn:
        // the ranks with it are exactly those without it (drawn, it would take random numbers before the other column)
        Indicator p = indicator("P01", Kind.PROPORTION, 0, 1);
        double[] k = {50, 51, 52, 53, 54, 55}, n = {100, 100, 100, 100, 100, 100}, v = {0.50, 0.51, 0.52, 0.53, 0.54, 0.55};
        double[] none = {NA, NA, NA, NA, NA, NA};
        boolean[] all = {true, true, true, true, true, true};
        Column real = new Column(p, 1, all, k, n, v, none, none);
        Column info = new Column(indicator("P17", Kind.PROPORTION, 0, 1), 0, all, new double[]{1, 2, 3, 4, 5, 6},
                new double[]{9, 9, 9, 9, 9, 9}, new double[]{1 / 9.0, 2 / 9.0, 3 / 9.0, 4 / 9.0, 5 / 9.0, 6 / 9.0}, none, none);
        String[] ids = {"a", "b", "c", "d", "e", "f"};
        Result alone = RankUncertainty.simulate(ids, List.of(real), 11, 1000);
        Result with = RankUncertainty.simulate(ids, List.of(info, real), 11, 1000);
        assertArrayEquals(alone.rank(), with.rank());
        assertArrayEquals(alone.rankMedian(), with.rankMedian(), 0);
        assertArrayEquals(alone.rankLower(), with.rankLower());
        assertArrayEquals(alone.rankUpper(), with.rankUpper());
        // point ranks: f (0.55) 1st ... a (0.50) 6th
        assertArrayEquals(new int[]{6, 5, 4, 3, 2, 1}, with.rank());
    }

    @Test
    void meanFromItsIntervalFixedValuesAndUnrankedEntities() {
        // MEAN indicator, goalposts 0 → 100. d = 90 with no interval: held fixed, always 1st.
        // a and b: 50 with 95 % interval 49–51 (sd = 2/(2·1.96) = 0.51): each 2nd or 3rd with probability ½,
        // so both have the interval 2–3 (fewer than 50 of 1,000 fair coin flips one way is impossible in practice).
        // c = 10 ± 1: always 4th. e is not available (suppressed): no composite, not ranked, 0.
        Indicator m = indicator("M01", Kind.MEAN, 0, 100);
        Column col = new Column(m, 1, new boolean[]{true, true, true, true, false}, new double[5], new double[5],
                new double[]{50, 50, 10, 90, 99}, new double[]{49, 49, 9, NA, 98}, new double[]{51, 51, 11, NA, 100});
        Result r = RankUncertainty.simulate(new String[]{"a", "b", "c", "d", "e"}, List.of(col), 7, 1000);
        assertArrayEquals(new int[]{2, 2, 4, 1, 0}, r.rank());   // a and b tie on the point value
        assertArrayEquals(new int[]{2, 2, 4, 1, 0}, r.rankLower());
        assertArrayEquals(new int[]{3, 3, 4, 1, 0}, r.rankUpper());
        assertEquals(1, r.rankMedian()[3], 0);
        assertEquals(4, r.rankMedian()[2], 0);
        assertTrue(Double.isNaN(r.rankMedian()[4]));
        // the median ranks of a and b lie in 2..3
        assertTrue(r.rankMedian()[0] >= 2 && r.rankMedian()[0] <= 3);
        assertThrows(IllegalArgumentException.class, () -> RankUncertainty.simulate(new String[]{"b", "a", "c", "d", "e"}, List.of(col), 7, 10));
    }

    @Test
    void sensitivityShiftsAndDerivedSeeds() {
        // base 1, 2, 3, unranked; alternative 2, 1, 3, 1 → shifts +1, −1, 0, none; 2 moved, largest 1
        Shift s = RankUncertainty.compare(new int[]{1, 2, 3, 0}, new int[]{2, 1, 3, 1});
        assertArrayEquals(new int[]{1, -1, 0, Integer.MIN_VALUE}, s.shift());
        assertEquals(2, s.moved());
        assertEquals(1, s.largestShift());
        assertEquals(RankUncertainty.seedFor(1, "2026Q2", "mcn"), RankUncertainty.seedFor(1, "2026Q2", "mcn"));
        assertNotEquals(RankUncertainty.seedFor(1, "2026Q2", "mcn"), RankUncertainty.seedFor(1, "2026Q2", "platform"));
        assertNotEquals(RankUncertainty.seedFor(1, "2026Q2", "mcn"), RankUncertainty.seedFor(2, "2026Q2", "mcn"));
    }
}
