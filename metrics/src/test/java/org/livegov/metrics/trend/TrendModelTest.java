package org.livegov.metrics.trend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The quasi-Poisson expected values (growth and exposure) and PELT on rates, on fits whose MLE is
 * known in closed form and on generated series.
 */
class TrendModelTest {
    static final TrendConfig CFG = TrendMathTest.cfg(0.998, 4, 2, 4); // 99.8 %, z = 3.090232; min residual df 4

    @Test
    void interceptAndOffsetGiveTheRatioOfTheTotals() {
        // log mu = log x + b0: the MLE solves sum(y) = exp(b0) sum(x), so exp(b0) = 12 / 600 = 0.02;
        // fitted 2, 4, 6; Pearson chi2 = (1-2)^2/2 + (9-4)^2/4 + (2-6)^2/6 = 0.5 + 6.25 + 2.6667 = 9.4167;
        // phi = 9.4167 / (3 - 1) = 4.7083
        double[][] x = {{1}, {1}, {1}};
        QuasiPoisson.Fit f = QuasiPoisson.fit(x, new double[]{1, 9, 2},
                new double[]{Math.log(100), Math.log(200), Math.log(300)});
        assertEquals(Math.log(0.02), f.beta()[0], 1e-9);
        assertEquals(6.0, f.fitted()[2], 1e-7);
        assertEquals(9.416667, f.pearson(), 1e-5);
        assertEquals(4.708333, f.phi(), 1e-5);
        // y = 2, 6, 10 on the same exposure: exp(b0) = 18 / 600 = 0.03, fitted 3, 6, 9,
        // chi2 = 1/3 + 0 + 1/9 = 0.4444, / 2 = 0.2222 → floored at 1
        QuasiPoisson.Fit g = QuasiPoisson.fit(x, new double[]{2, 6, 10},
                new double[]{Math.log(100), Math.log(200), Math.log(300)});
        assertEquals(0.03, Math.exp(g.beta()[0]), 1e-10);
        assertEquals(0.444444, g.pearson(), 1e-5);
        assertEquals(1.0, g.phi());
    }

    @Test
    void aGroupEffectGivesEachGroupItsOwnRatio() {
        // groups A (y 3, 5; x 100, 100) and B (y 8, 12; x 100, 300); columns intercept, B.
        // MLE: rate A = 8 / 200 = 0.04 = exp(b0), rate B = 20 / 400 = 0.05 = exp(b0 + b1) → b1 = ln 1.25.
        // fitted 4, 4, 5, 15; chi2 = 1/4 + 1/4 + 9/5 + 9/15 = 2.9; phi = 2.9 / (4 - 2) = 1.45
        double[][] x = {{1, 0}, {1, 0}, {1, 1}, {1, 1}};
        QuasiPoisson.Fit f = QuasiPoisson.fit(x, new double[]{3, 5, 8, 12},
                new double[]{Math.log(100), Math.log(100), Math.log(100), Math.log(300)});
        assertEquals(Math.log(0.04), f.beta()[0], 1e-9);
        assertEquals(Math.log(1.25), f.beta()[1], 1e-9);
        assertEquals(15.0, f.fitted()[3], 1e-7);
        assertEquals(1.45, f.phi(), 1e-9);
        assertEquals(0.05 * 50, f.predict(new double[]{1, 1}, Math.log(50)), 1e-9);
        // a column that copies another is refused, and so are too few observations
        assertThrows(IllegalStateException.class, () -> QuasiPoisson.fit(new double[][]{{1, 1}, {1, 1}, {1, 1}},
                new double[]{1, 2, 3}, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> QuasiPoisson.fit(x, new double[]{1, 2, 3, 4}, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> QuasiPoisson.fit(new double[][]{{1}}, new double[]{1}, new double[1]));
    }

    @Test
    void peltOnRatesIgnoresGrowthAtAConstantRate() {
        // exposure 100, 100, 100, 300, 300, 300. Cost 2(S - S ln(S/X)).
        // y 10, 10, 10, 30, 30, 30: rate 0.1 throughout; one segment 2(120 - 120 ln 0.1) = 792.6204 and
        // split at 3: 2(30 - 30 ln 0.1) + 2(90 - 90 ln 0.1) = 198.1551 + 594.4653 = 792.6204: gain 0, no split
        // (on counts, the same y split at 3: TrendMathTest.peltFindsTheStepInAPoissonSeries).
        double[] x = {100, 100, 100, 300, 300, 300};
        assertEquals(792.6204, Pelt.cost(120, 1200), 1e-3);
        assertEquals(List.of(), Pelt.changepoints(new double[]{10, 10, 10, 30, 30, 30}, x, 1.0, 3.5835));
        // y 10, 10, 10, 60, 60, 60: rate 0.1 then 0.2. One segment: 2(210 - 210 ln 0.175) = 1152.0470;
        // split: 198.1551 + 2(180 - 180 ln 0.2) = 198.1551 + 939.3977 = 1137.5528; gain 14.494 > 2 ln 6 = 3.5835
        assertEquals(1152.0470, Pelt.cost(210, 1200), 1e-3);
        assertEquals(1137.5528, Pelt.cost(30, 300) + Pelt.cost(180, 900), 1e-3);
        assertEquals(List.of(3), Pelt.changepoints(new double[]{10, 10, 10, 60, 60, 60}, x, 1.0, 3.5835));
        assertEquals(List.of(), Pelt.changepoints(new double[]{10, 10, 10, 60, 60, 60}, x, 5.0, 3.5835)); // 14.49 / 5 < 3.58
        assertThrows(IllegalArgumentException.class, () -> Pelt.changepoints(new double[]{1, 2}, new double[]{1, 0}, 1, 1));
    }

    // ---- generated series: 36 months 2024-01 .. 2026-12 ----

    static final String FIRST = "2024-01";

    /**
     * Broadcasts of month t (0..35): 100 × round(10 × 10^(t/35) × season), season 2 in November and 1.5 in
     * June, else 1: tenfold from t = 0 (1000) to t = 35 (10000), in whole hundreds so that 10 violations per
     * 1,000 broadcasts is a whole count.
     */
    static long broadcasts(int t) {
        int month = t % 12 + 1;
        double season = month == 11 ? 2 : month == 6 ? 1.5 : 1;
        return 100 * Math.round(10 * Math.pow(10, t / 35.0) * season);
    }

    static String month(int t) {
        return YearMonth.parse(FIRST).plusMonths(t).toString();
    }

    /** National points: broadcasts b, violations v, and the violation rate whose denominator (b) is the exposure. */
    static List<TrendFlags.Point> series(long[] b, long[] v, int completeMonths) {
        List<TrendFlags.Point> s = new ArrayList<>();
        for (int t = 0; t < b.length; t++) {
            boolean complete = t < completeMonths;
            s.add(new TrendFlags.Point("month", month(t), "all", "all", "broadcasts", (double) b[t],
                    BigDecimal.valueOf(b[t]), null, complete));
            s.add(new TrendFlags.Point("month", month(t), "all", "all", "violations", (double) v[t],
                    BigDecimal.valueOf(v[t]), null, complete));
            s.add(new TrendFlags.Point("month", month(t), "all", "all", "complaints", (double) v[t] / 2,
                    BigDecimal.valueOf(v[t] / 2.0), null, complete)); // half the violations: 5 per 1,000 broadcasts
            s.add(new TrendFlags.Point("month", month(t), "all", "all", "violations_per_1000_broadcasts",
                    v[t] * 1000.0 / b[t], BigDecimal.valueOf(v[t]), BigDecimal.valueOf(b[t]), complete));
        }
        return s;
    }

    static List<TrendFlags.Annotated> of(List<TrendFlags.Annotated> out, String measure) {
        return out.stream().filter(a -> a.p().measure().equals(measure)).toList();
    }

    static List<String> flagged(List<TrendFlags.Annotated> out, String measure) {
        return of(out, measure).stream().filter(a -> a.flag() != null).map(a -> a.p().period() + " " + a.flag()).toList();
    }

    static TrendFlags.Annotated at(List<TrendFlags.Annotated> out, String measure, String period) {
        return of(out, measure).stream().filter(a -> a.p().period().equals(period)).findFirst().orElseThrow();
    }

    static long[][] growth() {
        long[] b = new long[36];
        long[] v = new long[36];
        for (int t = 0; t < 36; t++) {
            b[t] = broadcasts(t);
            v[t] = b[t] / 100; // exactly 10 violations per 1,000 broadcasts
        }
        return new long[][]{b, v};
    }

    @Test
    void tenfoldGrowthAtAConstantRateRaisesNoFlag() {
        long[][] g = growth();
        List<TrendFlags.Annotated> out = TrendFlags.annotate(series(g[0], g[1], 36), CFG);
        // 2026-12 (t = 35): b = 10000, v = 100. The history is exactly v = b / 100, so the fit is exact: rate
        // exp(b0) = 0.01, time and month effects 0, Pearson chi2 0 → phi 1: expected 0.01 × 10000 = 100, limits
        // 100 ± 3.090232 × 10 = 69.10 .. 130.90. The old rule (mean of 2024-12 and 2025-12: 2100 / 100 = 21 and
        // 4500 / 100 = 45 → 33, upper 33 + 3.0902 × sqrt(33) = 50.75) flagged 100 "above".
        TrendFlags.Annotated dec = at(out, "violations", "2026-12");
        assertEquals(10000, g[0][35]);
        assertEquals(21, g[1][11]);
        assertEquals(45, g[1][23]);
        assertEquals(100.0, dec.expected(), 1e-6);
        assertEquals(1.0, dec.phi());
        assertEquals(100 + 3.090232 * 10, dec.upper(), 1e-4);
        assertEquals(List.of(), flagged(out, "violations"));
        // broadcasts themselves (no exposure: trend and month effects only) grow log-linearly up to the rounding to
        // hundreds: no flag either. 2026-11: 2 × 1000 × 10^(34/35) = 18727, within 0.5 %
        assertEquals(18727.0, at(out, "broadcasts", "2026-11").expected(), 0.005 * 18727);
        assertEquals(List.of(), flagged(out, "broadcasts"));
        // nor a changepoint in the rate of violations
        assertEquals(0, of(out, "violations").stream().filter(TrendFlags.Annotated::changepoint).count());
        // complaints take the broadcasts row of the same dimension value as exposure: 5 per 1,000 → 50 in 2026-12
        assertEquals(50.0, at(out, "complaints", "2026-12").expected(), 1e-6);
        assertEquals(List.of(), flagged(out, "complaints"));
    }

    @Test
    void aMonthWhoseRateDoublesIsFlagged() {
        long[][] g = growth();
        g[1][32] *= 2; // 2026-09: b = 100 × round(10 × 10^(32/35) = 82.09) = 8200, v = 2 × 82 = 164
        List<TrendFlags.Annotated> out = TrendFlags.annotate(series(g[0], g[1], 36), CFG);
        // history before 2026-09 untouched, so the fit is exact: expected 0.01 × 8200 = 82, phi 1,
        // upper 82 + 3.090232 × sqrt(82) = 82 + 27.983 = 109.98 < 164 → "above". The later months' fits see
        // the outlier in their history (phi > 1): no flag.
        TrendFlags.Annotated sep = at(out, "violations", "2026-09");
        assertEquals(8200, g[0][32]);
        assertEquals(82.0, sep.expected(), 1e-6);
        assertEquals(1.0, sep.phi());
        assertEquals(109.983, sep.upper(), 1e-3);
        assertEquals(List.of("2026-09 above"), flagged(out, "violations"));
        assertEquals(List.of(), flagged(out, "broadcasts"));
    }

    @Test
    void seededPoissonGrowthRaisesNoFlag() {
        // the same growth with Poisson noise at 10 per 1,000 broadcasts (seed 13): 19 months are tested
        // (2025-06 .. 2026-12), each with a false-alarm chance of about 0.2 %
        Random r = new Random(13);
        long[] b = new long[36];
        long[] v = new long[36];
        for (int t = 0; t < 36; t++) {
            b[t] = broadcasts(t);
            v[t] = poisson(r, b[t] / 100.0);
        }
        List<TrendFlags.Annotated> out = TrendFlags.annotate(series(b, v, 36), CFG);
        assertEquals(19, of(out, "violations").stream().filter(a -> a.expected() != null).count());
        assertEquals(List.of(), flagged(out, "violations"));
    }

    static long poisson(Random r, double lambda) { // Knuth; lambda <= 200 here
        double l = Math.exp(-lambda);
        double p = 1;
        long k = -1;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k;
    }

    @Test
    void peltOnRatesFindsADoubledRate() {
        long[][] g = growth();
        for (int t = 30; t < 36; t++) {
            g[1][t] *= 2; // from 2026-07 on, 20 per 1,000 broadcasts
        }
        List<TrendFlags.Annotated> out = TrendFlags.annotate(series(g[0], g[1], 36), CFG);
        assertEquals(List.of("2026-07"), of(out, "violations").stream().filter(TrendFlags.Annotated::changepoint)
                .map(a -> a.p().period()).toList());
        assertEquals("above", at(out, "violations", "2026-07").flag());
    }

    @Test
    void periodIndexAndQuarters() {
        assertEquals(2025 * 12 + 2, TrendFlags.index("2025-03", 12));
        assertEquals(2025 * 4 + 2, TrendFlags.index("2025Q3", 4));
        // quarters: broadcasts 1000 × 1.25^(k/4) for k = 0..9 (2024Q1 .. 2026Q2), exact log-linear growth with no
        // season: 2026Q2 (k = 9) has 9 earlier quarters, p = 2 + 3 = 5, df 4: expected 1000 × 1.25^(9/4) = 1652.1
        List<TrendFlags.Point> s = new ArrayList<>();
        String[] q = {"2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2"};
        for (int k = 0; k < q.length; k++) {
            double b = 1000 * Math.pow(1.25, k / 4.0);
            s.add(new TrendFlags.Point("quarter", q[k], "all", "all", "broadcasts", b, BigDecimal.valueOf(b), null, true));
        }
        List<TrendFlags.Annotated> out = TrendFlags.annotate(s, CFG);
        assertEquals(1000 * Math.pow(1.25, 9 / 4.0), at(out, "broadcasts", "2026Q2").expected(), 1e-6);
        assertEquals(1.0, at(out, "broadcasts", "2026Q2").phi());
        assertNull(at(out, "broadcasts", "2026Q1").expected()); // 8 earlier quarters, df 3 < 4
    }

    @Test
    void tooLittleHistoryGivesNoExpectedValue() {
        long[][] g = growth();
        // complete up to 2025-07 (t = 18); 2025-08 onwards incomplete
        List<TrendFlags.Annotated> out = TrendFlags.annotate(series(g[0], g[1], 19), CFG);
        // 2025-05 (t = 16): 16 earlier months, every month of year present → p = 2 + 11 = 13, df 3 < 4: none
        TrendFlags.Annotated may = at(out, "violations", "2025-05");
        assertNull(may.expected());
        assertNull(may.phi());
        assertNull(may.flag());
        // 2025-06 (t = 17): 17 months, df 4: exact fit, expected 0.01 × b = 0.01 × 100 × round(15 × 10^(17/35)
        // = 45.92) = 46
        assertEquals(46.0, at(out, "violations", "2025-06").expected(), 1e-6);
        // 2025-01 (t = 12): 12 earlier months, p = 13 > 12: none; 2025-08: incomplete: none
        assertNull(at(out, "violations", "2025-01").expected());
        assertNull(at(out, "violations", "2025-08").expected());
        // a month without its exposure (no violation rate row, so no broadcasts behind it) gets none either
        List<TrendFlags.Point> s = new ArrayList<>(series(g[0], g[1], 19));
        s.removeIf(p -> p.period().equals("2025-07") && p.measure().equals("violations_per_1000_broadcasts"));
        assertNull(at(TrendFlags.annotate(s, CFG), "violations", "2025-07").expected());
        assertEquals(46.0, at(TrendFlags.annotate(s, CFG), "violations", "2025-06").expected(), 1e-6);
    }
}
