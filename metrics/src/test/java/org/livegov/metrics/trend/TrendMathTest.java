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
    static TrendConfig cfg(double confidence, int minPhi, double penaltyLogN, int peltMin) {
        return new TrendConfig(List.of(new TrendConfig.Festival("618", "618", "618", 6),
                new TrendConfig.Festival("double11", "双11", "Double 11", 11)),
                List.of(new TrendConfig.SizeBand("small", "小", "small", 0), new TrendConfig.SizeBand("medium", "中", "medium", 2)),
                confidence, minPhi, penaltyLogN, peltMin, Map.of());
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
        // residuals: (120-100)^2/100 = 4, (60-50)^2/50 = 2 → X²/n = 3
        assertEquals(3.0, PoissonLimits.phi(new double[]{120, 60}, new double[]{100, 50}, 2), 1e-12);
        assertEquals(1.0, PoissonLimits.phi(new double[]{120, 60}, new double[]{100, 50}, 3)); // too few periods
        assertEquals(1.0, PoissonLimits.phi(new double[]{100}, new double[]{100}, 1));         // underdispersion floors at 1
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
        assertThrows(IllegalArgumentException.class, () -> Periods.checkQuarter("2026Q5"));
    }

    static TrendFlags.Point pt(String period, double v, boolean complete) {
        return new TrendFlags.Point("month", period, "all", "all", "broadcasts", v, BigDecimal.valueOf(v), null, complete);
    }

    static TrendFlags.Annotated at(List<TrendFlags.Annotated> out, String period) {
        return out.stream().filter(a -> a.p().period().equals(period)).findFirst().orElseThrow();
    }

    @Test
    void comparisonsExpectedValuesAndFlags() {
        // 2026-07 is not complete yet (cut-off inside it): no comparison, no expected, no flag.
        List<TrendFlags.Point> s = List.of(pt("2024-06", 100, true), pt("2025-05", 50, true), pt("2025-06", 120, true),
                pt("2026-05", 60, true), pt("2026-06", 200, true), pt("2026-07", 10, false));
        // Pure Poisson (phi needs 4 periods with an expected value, there are 3), 95 %:
        List<TrendFlags.Annotated> out = TrendFlags.annotate(s, cfg(0.95, 4, 2, 99));
        TrendFlags.Annotated jun = at(out, "2026-06");
        assertEquals(110.0, jun.expected(), 1e-12);                  // mean(100, 120)
        assertEquals(1.0, jun.phi());
        assertEquals(110 - 1.959964 * Math.sqrt(110), jun.lower(), 1e-4); // 89.444
        assertEquals(130.5563, jun.upper(), 1e-3);                   // 110 + 1.959964 × 10.4881
        assertEquals("above", jun.flag());                          // 200 > 130.56
        assertEquals((200 - 120) / 120.0, jun.yoy(), 1e-12);        // +66.7 %
        assertEquals((200 - 60) / 60.0, jun.mom(), 1e-12);          // +233 %
        assertNull(jun.qoq());
        assertEquals("618", jun.festival());
        assertEquals("above", at(out, "2025-06").flag());           // E 100, upper 100 + 19.60 = 119.60 < 120
        assertNull(at(out, "2026-05").flag());                      // E 50: 50 ± 13.86, 60 inside
        assertEquals(0.2, at(out, "2026-05").yoy(), 1e-12);
        assertNull(at(out, "2024-06").expected());                  // no earlier year
        TrendFlags.Annotated jul = at(out, "2026-07");
        assertNull(jul.mom());
        assertNull(jul.expected());
        assertNull(jul.flag());
        assertNull(at(out, "2025-05").festival());

        // phi from 3 Pearson residuals: (4 + 2 + 8100/110) / 3 = 79.6364 / 3 = 26.5455; then 200 is inside
        // 110 ± 1.959964 × sqrt(26.5455 × 110) = 110 ± 105.91
        TrendFlags.Annotated od = at(TrendFlags.annotate(s, cfg(0.95, 3, 2, 99)), "2026-06");
        assertEquals(26.5455, od.phi(), 1e-4);
        assertEquals(215.91, od.upper(), 1e-2);
        assertNull(od.flag());
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
        // 2026-01: expected = 0 (2025-01 had 0); Poisson limits around 0 are degenerate: no limits, no flag
        TrendFlags.Annotated jan = at(TrendFlags.annotate(List.of(pt("2025-01", 0, true), pt("2026-01", 5, true)),
                cfg(0.95, 4, 2, 99)), "2026-01");
        assertEquals(0.0, jan.expected());
        assertNull(jan.upper());
        assertNull(jan.flag());
    }

    @Test
    void sizeBands() {
        TrendConfig c = cfg(0.95, 4, 2, 3);
        assertEquals("small", c.bandOf(1).id());
        assertEquals("medium", c.bandOf(2).id());
        assertThrows(IllegalArgumentException.class, () -> c.bandOf(-1));
    }
}
