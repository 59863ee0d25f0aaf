package org.livegov.metrics.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.livegov.metrics.bench.EmpiricalBayes.Shrinkage;
import org.livegov.metrics.bench.Indicator.Kind;

/** Empirical-Bayes shrinkage worked by hand (Marshall 1991 global moment estimator). */
class EmpiricalBayesTest {

    @Test
    void betaBinomialByHand() {
        // (k, n) = (2, 10), (10, 20), (18, 30): μ = 30/60 = 0.5; y = 0.2, 0.5, 0.6
        // s² = (10·0.09 + 20·0 + 30·0.01)/60 = 1.2/60 = 0.02; Ē = 20; A = 0.02 − 0.25/20 = 0.0075
        // m = 0.25/0.0075 − 1 = 32.3333; α = β = 16.1667
        // shrunk: (2 + 16.1667)/(10 + 32.3333) = 0.429134; (10 + 16.1667)/52.3333 = 0.5;
        //         (18 + 16.1667)/62.3333 = 0.548128
        Shrinkage s = EmpiricalBayes.betaBinomial(new double[]{2, 10, 18}, new double[]{10, 20, 30});
        assertEquals(0.5, s.mean(), 1e-15);
        assertEquals(0.0075, s.betweenVariance(), 1e-12);
        assertEquals(97.0 / 3, s.priorWeight(), 1e-9);
        assertEquals(97.0 / 6, s.priorA(), 1e-9);
        assertEquals(97.0 / 6, s.priorB(), 1e-9);
        assertArrayEquals(new double[]{0.429134, 0.5, 0.548128}, s.shrunk(), 1e-6);
    }

    @Test
    void gammaPoissonByHand() {
        // (k, E) = (0, 100), (4, 100), (8, 200): μ = 12/400 = 0.03; y = 0, 0.04, 0.04
        // s² = (100·0.0009 + 100·0.0001 + 200·0.0001)/400 = 0.12/400 = 0.0003
        // Ē = 400/3 = 133.333; A = 0.0003 − 0.03/133.333 = 0.0003 − 0.000225 = 0.000075
        // m = rate = 0.03/0.000075 = 400; shape = 0.03·400 = 12
        // shrunk: 12/500 = 0.024; 16/500 = 0.032; 20/600 = 0.033333 (the 0/100 entity is pulled to 0.024)
        Shrinkage s = EmpiricalBayes.gammaPoisson(new double[]{0, 4, 8}, new double[]{100, 100, 200});
        assertEquals(0.03, s.mean(), 1e-15);
        assertEquals(0.000075, s.betweenVariance(), 1e-12);
        assertEquals(400, s.priorWeight(), 1e-6);
        assertEquals(12, s.priorA(), 1e-7);
        assertArrayEquals(new double[]{0.024, 0.032, 0.0333333}, s.shrunk(), 1e-7);
    }

    @Test
    void noVariationBeyondChancePoolsCompletely() {
        // (5, 100), (6, 100): μ = 0.055, s² = (100·0.005² + 100·0.005²)/200 = 0.000025, Ē = 100,
        // A = 0.000025 − 0.055/100 = 0.000025 − 0.00055 < 0 → m = ∞, both shrunk to μ
        Shrinkage s = EmpiricalBayes.fit(Kind.RATE, new double[]{5, 6}, new double[]{100, 100});
        assertEquals(Double.POSITIVE_INFINITY, s.priorWeight());
        assertArrayEquals(new double[]{0.055, 0.055}, s.shrunk(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> EmpiricalBayes.fit(Kind.MEAN, new double[]{1}, new double[]{1}));
        assertThrows(IllegalArgumentException.class, () -> EmpiricalBayes.betaBinomial(new double[]{3}, new double[]{2}));
        assertThrows(IllegalArgumentException.class, () -> EmpiricalBayes.gammaPoisson(new double[]{1}, new double[]{0}));
    }
}
