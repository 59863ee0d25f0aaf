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
        // At n = 10, R ~ Bin(10, 0.5): F(0) = 1/1024, F(1) = 11/1024, F(2) = 56/1024, F(7) = 968/1024,
        // F(8) = 1013/1024, F(9) = 1023/1024.
        // 0.975: r = 8, α = (1013 − 998.4)/(1013 − 968) = 14.6/45 = 0.324444 → (8 − 0.324444)/10 = 0.767556
        // 0.025: r = 2, α = (56 − 25.6)/(56 − 11) = 30.4/45 = 0.675556 → (2 − 0.675556)/10 = 0.132444
        // 0.999: r = 9, α = (1023 − 1022.976)/10 = 0.0024 → (9 − 0.0024)/10 = 0.89976
        // 0.001: r = 1, α = (11 − 1.024)/10 = 0.9976 → (1 − 0.9976)/10 = 0.00024
        Limits l = f.limits(10);
        assertEquals(0.767556, l.upper95(), 1e-6);
        assertEquals(0.132444, l.lower95(), 1e-6);
        assertEquals(0.89976, l.upper998(), 1e-9);
        assertEquals(0.00024, l.lower998(), 1e-9);
        // flags at n = 10: 8/10 = 0.8 > 0.767556 → above_95; 9/10 = 0.9 > 0.89976 → above_998;
        // 1/10 = 0.1 < 0.132444 → below_95; 0/10 < 0.00024 → below_998; 5/10 within
        assertEquals(Flag.ABOVE_95, f.flag(8, 10));
        assertEquals(Flag.ABOVE_998, f.flag(9, 10));
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
        // at 500 broadcasts the count is Poisson(1): F(0) = 0.367879, F(2) = 0.919699, F(3) = 0.981012,
        // F(4) = 0.996340, F(5) = 0.999406
        // 0.975: r = 3, α = (0.981012 − 0.975)/(0.981012 − 0.919699) = 0.006012/0.061313 = 0.098051
        //        → (3 − 0.098051)/500 = 0.00580390 per broadcast = 5.80390 per 1,000
        // 0.999: r = 5, α = (0.999406 − 0.999)/(0.999406 − 0.996340) = 0.000406/0.003066 = 0.13237
        //        → 4.86763/500 = 0.00973525 per broadcast
        // 0.025 and 0.001: r = 0, α = (F(0) − p)/F(0) → negative limits, clipped to 0
        Limits l = f.limits(500).times(1000);
        assertEquals(5.80390, l.upper95(), 1e-5);
        assertEquals(9.73525, l.upper998(), 1e-4);
        assertEquals(0, l.lower95(), 0);
        assertEquals(0, l.lower998(), 0);
        assertEquals(Flag.ABOVE_998, f.flag(6, 500));   // 12 per 1,000 > 9.735
        assertEquals(Flag.ABOVE_95, f.flag(3, 500));    // 6 per 1,000 > 5.804
        assertEquals(Flag.WITHIN, f.flag(2, 500));
        // the same call against a known peer rate without fitting
        assertEquals(Flag.ABOVE_998, Funnel.around(Kind.RATE, 0.002).flag(6, 500));
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
