package org.livegov.metrics.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.livegov.metrics.bench.FunnelLimits.Flag;
import org.livegov.metrics.bench.FunnelLimits.Funnel;
import org.livegov.metrics.bench.FunnelLimits.Limits;
import org.livegov.metrics.bench.Indicator.Kind;

/** Funnel limits worked by hand (Spiegelhalter 2005), with and without overdispersion. */
class FunnelLimitsTest {

    @Test
    void binomialWithoutOverdispersionHasExactInterpolatedLimits() {
        // peers: 48, 52, 50, 50 out of 100 each → θ0 = 200/400 = 0.5, s = sqrt(0.25/100) = 0.05,
        // z = −0.4, 0.4, 0, 0 (I = 4 < 10: nothing Winsorised) → φ = (0.16 + 0.16)/4 = 0.08 ≤ 1 → τ² = 0
        Funnel f = FunnelLimits.fit(Kind.PROPORTION, new double[]{48, 52, 50, 50}, new double[]{100, 100, 100, 100});
        assertEquals(0.5, f.peerValue(), 1e-15);
        assertEquals(0.08, f.phi(), 1e-12);
        assertEquals(0, f.tau2(), 0);
        assertFalse(f.overdispersed());
        // At n = 10, R ~ Bin(10, 0.5): F(0) = 1/1024, F(1) = 11/1024, F(2) = 56/1024; by symmetry
        // S(r) = P(R ≥ r): S(10) = 1/1024, S(9) = 11/1024, S(8) = 56/1024, S(7) = 176/1024.
        // lower 0.025: r = 2, α = (56 − 25.6)/(56 − 11) = 30.4/45 = 0.675556 → (2 − 0.675556)/10 = 0.132444
        // upper 0.025: u = 8 (S(8) = 0.0547 ≥ 0.025 > S(9) = 0.0107), β = (56 − 25.6)/(56 − 11) = 0.675556
        //              → (8 + 0.675556)/10 = 0.867556, the mirror image 1 − 0.132444
        // lower 0.001: r = 1, α = (11 − 1.024)/(11 − 1) = 0.9976 → (1 − 0.9976)/10 = 0.00024
        // upper 0.001: u = 9 (S(9) ≥ 0.001 > S(10) = 0.000977), β = 0.9976 → 9.9976/10 = 0.99976
        Limits l = f.limits(10);
        assertEquals(0.867556, l.upper95(), 1e-6);
        assertEquals(0.132444, l.lower95(), 1e-6);
        assertEquals(0.99976, l.upper998(), 1e-9);
        assertEquals(0.00024, l.lower998(), 1e-9);
        // flags at n = 10, symmetric as the binomial at 0.5 is: 10/10 > 0.99976 → above_998 (P(R ≥ 10) = 0.000977 < 0.001);
        // 9/10 > 0.867556 → above_95 (P(R ≥ 9) = 0.0107); 8/10 within (P(R ≥ 8) = 0.0547 ≥ 0.025);
        // 1/10 < 0.132444 → below_95; 0/10 < 0.00024 → below_998; 2/10 and 5/10 within.
        // (Before issue 17 the upper limits were 0.767556 and 0.89976, and 8/10 and 9/10 were flagged one step
        // higher than 2/10 and 1/10 at the mirror position.)
        assertEquals(Flag.ABOVE_998, f.flag(10, 10));
        assertEquals(Flag.ABOVE_95, f.flag(9, 10));
        assertEquals(Flag.WITHIN, f.flag(8, 10));
        assertEquals(Flag.WITHIN, f.flag(2, 10));
        assertEquals(Flag.BELOW_95, f.flag(1, 10));
        assertEquals(Flag.BELOW_998, f.flag(0, 10));
        assertEquals(Flag.WITHIN, f.flag(5, 10));
        assertEquals("above_998", Flag.ABOVE_998.key());
    }

    @Test
    void binomialWithOverdispersionWinsorisesAndAddsTau2() {
        // ten peers of n = 100 with k = 10, 20, 30, 40, 50, 50, 60, 70, 80, 90 → θ0 = 500/1000 = 0.5, s = 0.05
        // z = −8, −6, −4, −2, 0, 0, 2, 4, 6, 8; m = floor(0.1·10) = 1: −8 → −6 and 8 → 6
        // Σ z_w² = 36+36+16+4+0+0+4+16+36+36 = 184 → φ = 18.4 > 1
        // w_i = 1/0.0025 = 400: Σw = 4000, Σw² = 1,600,000, Σw²/Σw = 400
        // τ² = (10·18.4 − 9)/(4000 − 400) = 175/3600 = 0.0486111
        double[] k = {10, 20, 30, 40, 50, 50, 60, 70, 80, 90};
        double[] n = new double[10];
        java.util.Arrays.fill(n, 100);
        Funnel f = FunnelLimits.fit(Kind.PROPORTION, k, n);
        assertEquals(0.5, f.peerValue(), 1e-15);
        assertEquals(18.4, f.phi(), 1e-9);
        assertEquals(175.0 / 3600, f.tau2(), 1e-12);
        assertTrue(f.overdispersed());
        // at n = 100: sd = sqrt(0.0025 + 0.0486111) = sqrt(0.0511111) = 0.226078
        // 95 %: 0.5 ± 1.959964·0.226078 = 0.5 ± 0.443104 → 0.056896 … 0.943104
        // 99.8 %: 0.5 ± 3.090232·0.226078 = 0.5 ± 0.698633 → clipped to 0 … 1
        Limits l = f.limits(100);
        assertEquals(0.056896, l.lower95(), 1e-6);
        assertEquals(0.943104, l.upper95(), 1e-6);
        assertEquals(0, l.lower998(), 0);
        assertEquals(1, l.upper998(), 0);
        // without the τ² the 10/100 peer would be far below (z = −8); with it, it is within
        assertEquals(Flag.WITHIN, f.flag(10, 100));
        assertEquals(Flag.ABOVE_95, f.flag(95, 100));   // 0.95 > 0.943104, ≤ 1
        assertEquals(Flag.BELOW_95, f.flag(5, 100));    // 0.05 < 0.056896
    }

    @Test
    void poissonRateForTheSingleEntityRepeatOffenderCall() {
        // two peers: 2 violations per 1,000 broadcasts each → θ0 = 4/2000 = 0.002 per broadcast, z = 0, φ = 0
        Funnel f = FunnelLimits.fit(Kind.RATE, new double[]{2, 2}, new double[]{1000, 1000});
        assertEquals(0.002, f.peerValue(), 1e-15);
        assertEquals(0, f.tau2(), 0);
        // at 500 broadcasts the count is Poisson(1): P(0) = P(1) = 0.367879, P(2) = 0.183940, P(3) = 0.061313,
        // P(4) = 0.015328, P(5) = 0.003066, P(6) = 0.000511; S(r) = P(R ≥ r): S(3) = 0.080301, S(4) = 0.018988,
        // S(5) = 0.003660, S(6) = 0.000594
        // upper 0.025: u = 3, β = (0.080301 − 0.025)/(0.080301 − 0.018988) = 0.055301/0.061313 = 0.901949
        //        → 3.901949/500 per broadcast = 7.80390 per 1,000
        // upper 0.001: u = 5, β = (0.003660 − 0.001)/(0.003660 − 0.000594) = 0.002660/0.003066 = 0.867626
        //        → 5.867626/500 = 11.73525 per 1,000
        // lower 0.025 and 0.001: r = 0, α = (F(0) − p)/F(0) → negative limits, clipped to 0
        Limits l = f.limits(500).times(1000);
        assertEquals(7.80390, l.upper95(), 1e-5);
        assertEquals(11.73525, l.upper998(), 1e-4);
        assertEquals(0, l.lower95(), 0);
        assertEquals(0, l.lower998(), 0);
        assertEquals(Flag.ABOVE_998, f.flag(6, 500));   // 12 per 1,000 > 11.735: P(R ≥ 6) = 0.000594 < 0.001
        assertEquals(Flag.ABOVE_95, f.flag(5, 500));    // 10 per 1,000: P(R ≥ 5) = 0.00366 ≥ 0.001, < 0.025
        assertEquals(Flag.ABOVE_95, f.flag(4, 500));    // 8 per 1,000 > 7.804: P(R ≥ 4) = 0.0190 < 0.025
        assertEquals(Flag.WITHIN, f.flag(3, 500));      // 6 per 1,000: P(R ≥ 3) = 0.0803 (above_95 before issue 17)
        // the same call against a known peer rate without fitting
        assertEquals(Flag.ABOVE_998, Funnel.around(Kind.RATE, 0.002).flag(6, 500));
    }

    @Test
    void proportionAtOneTwoAndFiveUnitsByHand() {
        Funnel f = Funnel.around(Kind.PROPORTION, 0.9);
        // n = 1: P(0) = 0.1, P(1) = 0.9. Lower 0.025: r = 0 (F(0) = 0.1 ≥ 0.025), α = (0.1 − 0.025)/(0.1 − 0) = 0.75
        // → −0.75, clipped to 0; lower 0.001: α = 0.099/0.1 = 0.99 → −0.99 → 0. Upper 0.025: u = 1 (S(1) = 0.9 ≥ 0.025,
        // S(2) = 0), β = (0.9 − 0.025)/0.9 = 0.972222 → 1.972222, clipped to 1; upper 0.001 likewise (β = 0.998889).
        // The funnel at one unit is the whole range [0, 1]: neither outcome is flagged.
        assertLimits(f.limits(1), 0, 1, 0, 1, 0);
        assertEquals(Flag.WITHIN, f.flag(0, 1));
        assertEquals(Flag.WITHIN, f.flag(1, 1));
        // n = 2: P(0) = 0.1² = 0.01, P(1) = 2·0.9·0.1 = 0.18, P(2) = 0.9² = 0.81; F(0) = 0.01, F(1) = 0.19.
        // Lower 0.025: r = 1, α = (0.19 − 0.025)/(0.19 − 0.01) = 0.165/0.18 = 0.916667 → 0.083333/2 = 0.041667.
        // Lower 0.001: r = 0, α = (0.01 − 0.001)/0.01 = 0.9 → −0.9 → 0. Upper: u = 2 = n, clipped to 1.
        assertLimits(f.limits(2), 0.041667, 1, 0, 1, 1e-6);
        assertEquals(Flag.BELOW_95, f.flag(0, 2));   // P(R ≤ 0) = 0.01: below 0.025, not below 0.001
        assertEquals(Flag.WITHIN, f.flag(1, 2));     // P(R ≤ 1) = 0.19
        assertEquals(Flag.WITHIN, f.flag(2, 2));
        // n = 5: P(0) = 0.1⁵ = 0.00001, P(1) = 5·0.9·0.1⁴ = 0.00045, P(2) = 10·0.81·0.001 = 0.0081,
        // P(3) = 10·0.729·0.01 = 0.0729, P(4) = 5·0.6561·0.1 = 0.32805, P(5) = 0.59049;
        // F(1) = 0.00046, F(2) = 0.00856, F(3) = 0.08146.
        // Lower 0.001: r = 2, α = (0.00856 − 0.001)/(0.00856 − 0.00046) = 0.00756/0.0081 = 0.933333 → 1.066667/5 = 0.213333
        // Lower 0.025: r = 3, α = (0.08146 − 0.025)/(0.08146 − 0.00856) = 0.05646/0.0729 = 0.774486 → 2.225514/5 = 0.445103
        assertLimits(f.limits(5), 0.445103, 1, 0.213333, 1, 1e-6);
        assertEquals(Flag.BELOW_998, f.flag(1, 5));  // P(R ≤ 1) = 0.00046 < 0.001
        assertEquals(Flag.BELOW_95, f.flag(2, 5));   // P(R ≤ 2) = 0.00856 < 0.025
        assertEquals(Flag.WITHIN, f.flag(3, 5));     // P(R ≤ 3) = 0.08146
        // the mirror image, θ0 = 0.1 at n = 5: upper 0.025 = (2 + 0.774486)/5 = 0.554897 (u = 2: S(2) = 0.08146 ≥ 0.025 >
        // S(3) = 0.00856), upper 0.001 = (3 + 0.933333)/5 = 0.786667; lower limits 0
        Funnel g = Funnel.around(Kind.PROPORTION, 0.1);
        assertLimits(g.limits(5), 0, 0.554897, 0, 0.786667, 1e-6);
        assertEquals(Flag.ABOVE_998, g.flag(4, 5));  // P(R ≥ 4) = 0.00046
        assertEquals(Flag.ABOVE_95, g.flag(3, 5));   // P(R ≥ 3) = 0.00856
        assertEquals(Flag.WITHIN, g.flag(2, 5));
    }

    @Test
    void rateAtOneTwoAndFiveUnitsByHand() {
        // θ0 = 1 event per unit of exposure (e.g. complaints per CNY 1 million GMV), so R ~ Poisson(E)
        Funnel f = Funnel.around(Kind.RATE, 1);
        // E = 1: see poissonRateForTheSingleEntityRepeatOffenderCall (Poisson(1)): upper 3.901949, 5.867626; lower 0
        assertLimits(f.limits(1), 0, 3.901949, 0, 5.867626, 1e-6);
        assertEquals(Flag.WITHIN, f.flag(0, 1));     // P(R ≤ 0) = 0.3679
        assertEquals(Flag.ABOVE_95, f.flag(4, 1));   // P(R ≥ 4) = 0.0190
        // E = 2, Poisson(2): P(0) = e⁻² = 0.135335, P(1) = P(2) = 0.270671, P(3) = 0.180447, P(4) = 0.090224,
        // P(5) = 0.036089, P(6) = 0.012030, P(7) = 0.003437, P(8) = 0.000859
        // S(5) = 1 − 0.947347 = 0.052653, S(6) = 0.016564, S(8) = 0.001097, S(9) = 0.000237
        // upper 0.025: u = 5, β = (0.052653 − 0.025)/(0.052653 − 0.016564) = 0.027653/0.036089 = 0.766236 → 5.766236/2 = 2.883118
        // upper 0.001: u = 8, β = (0.001097 − 0.001)/(0.001097 − 0.000237) = 0.112559 (unrounded S) → 8.112559/2 = 4.056280
        // lower: F(0) = 0.135 ≥ 0.025 → r = 0 → clipped to 0
        assertLimits(f.limits(2), 0, 2.883118, 0, 4.056280, 1e-6);
        assertEquals(Flag.ABOVE_95, f.flag(6, 2));   // P(R ≥ 6) = 0.0166
        assertEquals(Flag.ABOVE_998, f.flag(9, 2));  // P(R ≥ 9) = 0.000237
        assertEquals(Flag.WITHIN, f.flag(5, 2));     // P(R ≥ 5) = 0.0527
        // E = 5, Poisson(5): F(0) = e⁻⁵ = 0.006738, F(1) = 6e⁻⁵ = 0.040428
        // lower 0.025: r = 1, α = (0.040428 − 0.025)/(0.040428 − 0.006738) = 0.015428/0.033690 = 0.457934 → 0.542066/5 = 0.108413
        // lower 0.001: r = 0 → clipped 0. S(10) = 0.031828, S(11) = 0.013695, S(13) = 0.002019, S(14) = 0.000698
        // upper 0.025: u = 10, β = (0.031828 − 0.025)/(0.031828 − 0.013695) = 0.376559 → 10.376559/5 = 2.075312
        // upper 0.001: u = 13, β = (0.002019 − 0.001)/(0.002019 − 0.000698) = 0.771354 → 13.771354/5 = 2.754271
        assertLimits(f.limits(5), 0.108413, 2.075312, 0, 2.754271, 1e-6);
        assertEquals(Flag.BELOW_95, f.flag(0, 5));   // P(R ≤ 0) = 0.0067: below 0.025, not below 0.001
        assertEquals(Flag.WITHIN, f.flag(1, 5));
        assertEquals(Flag.ABOVE_95, f.flag(11, 5));  // P(R ≥ 11) = 0.0137
        assertEquals(Flag.ABOVE_998, f.flag(14, 5)); // P(R ≥ 14) = 0.000698
    }

    @Test
    void oneOfOneAndZeroOfOneAreNeverFlagged() {
        // One unit: R ~ Bernoulli(θ0), P(R ≥ 1) = θ0 and P(R ≤ 0) = 1 − θ0. Upper 0.001: u = 1 as S(1) = θ0 ≥ 0.001
        // (S(2) = 0), so the limit is (1 + β)/1 ≥ 1, clipped to 1, and 1/1 is not strictly above it; lower 0.001:
        // r = 0 as F(0) = 1 − θ0 ≥ 0.001, the limit (0 − α) ≤ 0, clipped to 0, and 0/1 is not strictly below it.
        // So for every θ0 in [0.001, 0.999] both outcomes lie within the 99.8 % limits (and within the 95 % ones
        // for θ0 in [0.025, 0.975]). A01/A02 have one unit per anchor: before issue 17 the upper limit at n = 1 was
        // (1 − α) with α = (1 − 0.999)/(1 − (1 − θ0)) > 0, below 1, and every verified anchor was above_998.
        for (double t : new double[]{0.001, 0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999}) {
            Funnel f = Funnel.around(Kind.PROPORTION, t);
            Flag one = f.flag(1, 1), zero = f.flag(0, 1);
            assertTrue(one != Flag.ABOVE_998 && one != Flag.BELOW_998 && one != Flag.BELOW_95, t + ": 1 of 1 is " + one);
            assertTrue(zero != Flag.BELOW_998 && zero != Flag.ABOVE_998 && zero != Flag.ABOVE_95, t + ": 0 of 1 is " + zero);
            assertEquals(1, f.limits(1).upper998(), 0);
            assertEquals(0, f.limits(1).lower998(), 0);
            if (t >= 0.025 && t <= 0.975) {
                assertEquals(Flag.WITHIN, one);
                assertEquals(Flag.WITHIN, zero);
            }
        }
        // at 95 %: θ0 = 0.99, 0 of 1 has P = 0.01 < 0.025 → below_95 (a real one-sided test result)
        assertEquals(Flag.BELOW_95, Funnel.around(Kind.PROPORTION, 0.99).flag(0, 1));
        // Overdispersion never narrows the exact limits: θ0 = 0.99, τ² = 0.05: the normal lower 99.8 % limit
        // 0.99 − 3.090232·sqrt(0.0099 + 0.05) = 0.99 − 0.756318 = 0.233682 would put 0 of 1 below; the exact 0 stands.
        Funnel od = new Funnel(Kind.PROPORTION, 0.99, 5, 0.05, 10);
        assertEquals(0, od.limits(1).lower998(), 0);
        assertEquals(Flag.WITHIN, od.flag(1, 1));
        assertTrue(od.flag(0, 1) != Flag.BELOW_998);
        // Only a peer value within 0.001 of 0 or 1 makes one unit an exact-test outlier: θ0 = 0.0005, 1 of 1 has
        // P(R ≥ 1) = 0.0005 < 0.001 (the degenerate θ0 = 0 or 1 has no variation at all).
        assertEquals(Flag.ABOVE_998, Funnel.around(Kind.PROPORTION, 0.0005).flag(1, 1));
        assertEquals(Flag.BELOW_998, Funnel.around(Kind.PROPORTION, 0.9995).flag(0, 1));
    }

    @Test
    void overdispersionOnlyWidensTheExactLimits() {
        // rate θ0 = 0.01 per broadcast at E = 10 broadcasts: R ~ Poisson(0.1), S(1) = 0.095163, S(2) = 0.004679,
        // S(3) = 0.000155. Exact upper 0.025: u = 1, β = (0.095163 − 0.025)/(0.095163 − 0.004679) = 0.775416
        // → 0.177542; upper 0.001: u = 2, β = (0.004679 − 0.001)/(0.004679 − 0.000155) = 0.813149 → 0.281315.
        // τ² = 0.0004: sd = sqrt(0.01/10 + 0.0004) = 0.037417; normal upper 95 = 0.01 + 1.959964·0.037417 = 0.083335,
        // upper 99.8 = 0.01 + 3.090232·0.037417 = 0.125626: narrower than exact (few expected events: the normal
        // approximation fails), so the exact limits stand and 2 of 10 (P(R ≥ 2) = 0.0047) is above_95, not above_998.
        Funnel small = new Funnel(Kind.RATE, 0.01, 2, 0.0004, 10);
        assertLimits(small.limits(10), 0, 0.177542, 0, 0.281315, 1e-6);
        assertEquals(Flag.ABOVE_95, small.flag(2, 10));
        // τ² = 0.04: sd = sqrt(0.001 + 0.04) = 0.202485; normal upper 95 = 0.406862, 99.8 = 0.635724: wider, so they
        // are the limits; 3 of 10 (exact P(R ≥ 3) = 0.000155) is within, as the peers vary far more than Poisson.
        Funnel wide = new Funnel(Kind.RATE, 0.01, 50, 0.04, 10);
        assertLimits(wide.limits(10), 0, 0.406862, 0, 0.635724, 1e-6);
        assertEquals(Flag.WITHIN, wide.flag(3, 10));
        assertEquals(Flag.ABOVE_95, wide.flag(5, 10));
    }

    static void assertLimits(Limits l, double lower95, double upper95, double lower998, double upper998, double tol) {
        assertEquals(lower95, l.lower95(), tol, "lower95");
        assertEquals(upper95, l.upper95(), tol, "upper95");
        assertEquals(lower998, l.lower998(), tol, "lower998");
        assertEquals(upper998, l.upper998(), tol, "upper998");
    }

    @Test
    void degenerateAndBadInput() {
        // nobody has an event: θ0 = 0, limits collapse to 0, one event is above
        Funnel zero = FunnelLimits.fit(Kind.RATE, new double[]{0, 0}, new double[]{10, 20});
        assertEquals(0, zero.limits(10).upper998(), 0);
        assertEquals(Flag.ABOVE_998, zero.flag(1, 10));
        assertThrows(IllegalArgumentException.class, () -> FunnelLimits.fit(Kind.MEDIAN, new double[]{1}, new double[]{1}));
        assertThrows(IllegalArgumentException.class, () -> FunnelLimits.fit(Kind.PROPORTION, new double[]{3}, new double[]{2}));
        assertThrows(IllegalArgumentException.class, () -> FunnelLimits.fit(Kind.RATE, new double[]{1}, new double[]{0}));
        assertThrows(IllegalArgumentException.class, () -> FunnelLimits.fit(Kind.RATE, new double[]{1, 2}, new double[]{1}));
        assertThrows(IllegalArgumentException.class, () -> Funnel.around(Kind.PROPORTION, 0.5).limits(0));
    }
}
