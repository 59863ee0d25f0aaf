package org.livegov.metrics.trend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PELT, the overdispersed Poisson limits, comparisons and festival marks, on series small enough to work by hand. */
class TrendMathTest {
    static TrendConfig cfg(double confidence, int minDf, double penaltyLogN, int peltMin) {
        return new TrendConfig(List.of(new TrendConfig.Festival("618", "618", "618", 6),
                new TrendConfig.Festival("double11", "双11", "Double 11", 11)),
                List.of(new TrendConfig.SizeBand("small", "小", "small", 0), new TrendConfig.SizeBand("medium", "中", "medium", 2)),
                confidence, minDf, penaltyLogN, peltMin, Map.of());
    }

    @Test
    void peltFindsTheStepInAPoissonSeries() {
        // y = 10,10,10,30,30,30. Cost 2(S - S ln(S/n)).
        // one segment: S=120, n=6: 2(120 - 120 ln 20) = 240 - 718.9757 = -478.9757
        // split at 3: 2(30 - 30 ln 10) + 2(90 - 90 ln 30) = -78.1552 + -432.2156 = -510.3708; gain 31.395
        double[] y = {10, 10, 10, 30, 30, 30};
        assertEquals(-478.9757, Pelt.cost(120, 6), 1e-3);
        assertEquals(-510.3708, Pelt.cost(30, 3) + Pelt.cost(90, 3), 1e-3);
        assertEquals(List.of(3), Pelt.changepoints(y, 1.0, 3.5835));   // 2 ln 6 = 3.5835 < 31.395: split
        assertEquals(List.of(), Pelt.changepoints(y, 1.0, 40.0));      // 40 > 31.395: no split
        assertEquals(List.of(), Pelt.changepoints(y, 10.0, 3.5835));   // quasi-likelihood: 31.395/10 = 3.14 < 3.58
        assertEquals(0.0, Pelt.cost(0, 4));
        assertThrows(IllegalArgumentException.class, () -> Pelt.changepoints(new double[]{1, -1}, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Pelt.changepoints(y, 0.5, 1));
    }

    @Test
    void overdispersedLimits() {
        assertEquals(1.959964, PoissonLimits.z(0.95), 1e-6);
        assertEquals(3.090232, PoissonLimits.z(0.998), 1e-6);
        // E = 100, phi = 4, z = 1.959964: 100 ± 1.959964 × sqrt(400) = 100 ± 39.199
        double[] l = PoissonLimits.limits(100, 4, 1.959964);
        assertEquals(60.80072, l[0], 1e-4);
        assertEquals(139.19928, l[1], 1e-4);
        // floored at 0: E = 1, phi = 1, z = 3.09 → 1 - 3.09 < 0
        assertEquals(0.0, PoissonLimits.limits(1, 1, 3.090232)[0]);
        // phi now comes from the quasi-Poisson fit behind the expected value (TrendModelTest)
        assertThrows(IllegalArgumentException.class, () -> PoissonLimits.z(1.0));
    }

    @Test
    void periods() {
        assertEquals("2026Q2", Periods.quarterOf("2026-06"));
        assertEquals(List.of("2026-04", "2026-05", "2026-06"), Periods.monthsOf("2026Q2"));
        assertEquals("2025Q4", Periods.minus("quarter", "2026Q1", 1));
        assertEquals("2025Q1", Periods.minus("quarter", "2026Q1", 4));
        assertEquals("2025-12", Periods.minus("month", "2026-01", 1));
        assertTrue(Periods.isComplete("month", "2026-05", LocalDate.of(2026, 5, 31)));
        assertFalse(Periods.isComplete("quarter", "2026Q2", LocalDate.of(2026, 6, 29)));
        assertThrows(IllegalArgumentException.class, () -> Periods.quarterOf("2026-13"));
        // one rule for a quarter's text (Quarter.parse), with its message; spaces around it are refused here
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Periods.checkQuarter("2026Q5"));
        assertEquals("quarter must look like 2026Q2 (a year, Q, then 1 to 4), not '2026Q5'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Periods.checkQuarter(" 2026Q2"));
        Periods.checkQuarter("2026Q2");
    }

    static TrendFlags.Point pt(String period, double v, boolean complete) {
        return new TrendFlags.Point("month", period, "all", "all", "broadcasts", v, BigDecimal.valueOf(v), null, complete);
    }

    static TrendFlags.Annotated at(List<TrendFlags.Annotated> out, String period) {
        return out.stream().filter(a -> a.p().period().equals(period)).findFirst().orElseThrow();
    }

    @Test
    void comparisonsAndNoExpectedValueWithoutEnoughHistory() {
        // 2026-07 is not complete yet (cut-off inside it): no comparison, no expected, no flag.
        List<TrendFlags.Point> s = List.of(pt("2024-06", 100, true), pt("2025-05", 50, true), pt("2025-06", 120, true),
                pt("2026-05", 60, true), pt("2026-06", 200, true), pt("2026-07", 10, false));
        List<TrendFlags.Annotated> out = TrendFlags.annotate(s, cfg(0.95, 1, 2, 99));
        TrendFlags.Annotated jun = at(out, "2026-06");
        assertEquals((200 - 120) / 120.0, jun.yoy(), 1e-12);        // +66.7 %
        assertEquals((200 - 60) / 60.0, jun.mom(), 1e-12);          // +233 %
        assertNull(jun.qoq());
        assertEquals("618", jun.festival());
        assertEquals(0.2, at(out, "2026-05").yoy(), 1e-12);
        assertNull(at(out, "2025-05").festival());
        TrendFlags.Annotated jul = at(out, "2026-07");
        assertNull(jul.mom());
        assertNull(jul.expected());
        assertNull(jul.flag());
        // Until this change 2026-06 had expected = mean(100, 120) = 110. Now the expected value is a fit with
        // an intercept, a time term and one effect per other month of year present: 2026-06 has 4 earlier
        // periods (2024-06, 2025-05, 2025-06, 2026-05), months of year June and May, so p = 2 + 1 = 3 and
        // 4 − 3 = 1 residual df: enough for min_residual_df 1, not for 2. Both months grew by 1.2 a year
        // (100 → 120, 50 → 60), so the fit is exact: June = a × 1.2^(years before 2026-06), 120 = a / 1.2 →
        // a = 144; chi2 0 → phi 1; 144 ± 1.959964 × 12 = 120.48 .. 167.52; 200 is "above".
        assertEquals(144.0, jun.expected(), 1e-6);
        assertEquals(1.0, jun.phi());
        assertEquals(167.5196, jun.upper(), 1e-3);
        assertEquals("above", jun.flag());
        TrendFlags.Annotated strict = at(TrendFlags.annotate(s, cfg(0.95, 2, 2, 99)), "2026-06");
        assertNull(strict.expected());                              // not assessed: no expected, no phi, no flag
        assertNull(strict.phi());
        assertNull(strict.flag());
        // 2025-06 with min df 1: 2 earlier periods (2024-06, 2025-05), p = 3 > 2: not assessed
        assertNull(at(out, "2025-06").expected());
        assertNull(at(out, "2024-06").expected());                  // no earlier period
    }

    @Test
    void changepointMarksTheFirstPeriodOfTheNewSegment() {
        List<TrendFlags.Point> s = new ArrayList<>();
        double[] y = {10, 10, 10, 30, 30, 30};
        for (int i = 0; i < 6; i++) {
            s.add(pt("2025-0" + (i + 1), y[i], true));
        }
        s.add(pt("2025-07", 30, false)); // incomplete: not searched
        // penalty 2 ln 6 = 3.58 < gain 31.395 (see peltFindsTheStepInAPoissonSeries)
        List<TrendFlags.Annotated> out = TrendFlags.annotate(s, cfg(0.95, 4, 2, 3));
        assertTrue(at(out, "2025-04").changepoint());
        assertEquals(1, out.stream().filter(TrendFlags.Annotated::changepoint).count());
        assertFalse(TrendFlags.annotate(s, cfg(0.95, 4, 2, 7)).stream().anyMatch(TrendFlags.Annotated::changepoint)); // 6 < 7 periods
    }

    @Test
    void anExpectedValueOfZeroGivesNoLimits() {
        // 17 months of 0 (2024-01 .. 2025-05), then 5 in 2025-06: the fit's mean runs to 0 (the MLE of a
        // log-linear model on all-zero counts is on the boundary), reported as expected 0; Poisson limits
        // around 0 are degenerate: no limits, no flag.
        List<TrendFlags.Point> s = new ArrayList<>();
        for (int t = 0; t < 17; t++) {
            s.add(pt(java.time.YearMonth.of(2024, 1).plusMonths(t).toString(), 0, true));
        }
        s.add(pt("2025-06", 5, true));
        TrendFlags.Annotated jun = at(TrendFlags.annotate(s, cfg(0.95, 4, 2, 99)), "2025-06");
        assertEquals(0.0, jun.expected());
        assertNull(jun.upper());
        assertNull(jun.flag());
    }

    @Test
    void sizeBands() {
        TrendConfig c = cfg(0.95, 4, 2, 3);
        assertEquals("small", c.bandOf(1).id());
        assertEquals("medium", c.bandOf(2).id());
        assertThrows(IllegalArgumentException.class, () -> c.bandOf(-1));
    }
}
