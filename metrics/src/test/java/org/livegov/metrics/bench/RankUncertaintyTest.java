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
    void smallEntityTopOfThePointLeagueButRankIntervalOneToTwo() {
        // one PROPORTION, goalposts 0 → 1, so score = 100·share and the composite is the score.
        // a: 900/1000 = 0.9, b: 100/1000 = 0.1, c: 1/1 = 1.0 → point ranks c 1, a 2, b 3.
        // Draws: a ~ Beta(900.5, 100.5) ≈ 0.9 ± 0.0095, b ~ Beta(100.5, 900.5) ≈ 0.1 ± 0.0095,
        // c ~ Beta(1.5, 0.5). With x = sin²θ, ∫ x^½ (1−x)^−½ dx = θ − sinθ·cosθ and B(1.5, 0.5) = π/2:
        //   P(c < 0.1): θ = asin(√0.1) = 0.321751, sinθcosθ = 0.3 → (0.321751 − 0.3)/1.570796 = 0.0138
        //   P(c > 0.9): θ = asin(√0.9) = 1.249046 → 1 − (1.249046 − 0.3)/1.570796 = 0.3958
        // so c is 1st in ~40 % of draws, 2nd in ~59 %, 3rd in ~1.4 % (< 5 %): 90 % interval 1–2, median 2;
        // a is 1st in ~60 %, else 2nd: interval 1–2, median 1; b is 3rd except ~1.4 %: interval 3–3, median 3.
        Indicator p = indicator("P01", Kind.PROPORTION, 0, 1);
        Column col = new Column(p, 1, new boolean[]{true, true, true}, new double[]{900, 100, 1}, new double[]{1000, 1000, 1},
                new double[]{0.9, 0.1, 1.0}, new double[]{NA, NA, NA}, new double[]{NA, NA, NA});
        Result r = RankUncertainty.simulate(new String[]{"a", "b", "c"}, List.of(col), 42, 1000);
        assertArrayEquals(new int[]{2, 3, 1}, r.rank());
        assertArrayEquals(new int[]{1, 3, 1}, r.rankLower());
        assertArrayEquals(new int[]{2, 3, 2}, r.rankUpper());
        assertArrayEquals(new double[]{1, 3, 2}, r.rankMedian(), 0);
        assertEquals(1000, r.draws());
        // reproducible from the seed
        Result again = RankUncertainty.simulate(new String[]{"a", "b", "c"}, List.of(col), 42, 1000);
        assertArrayEquals(r.rankMedian(), again.rankMedian(), 0);
        assertArrayEquals(r.rankUpper(), again.rankUpper());
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
