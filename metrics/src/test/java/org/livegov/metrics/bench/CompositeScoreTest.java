package org.livegov.metrics.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.livegov.metrics.bench.CompositeScore.Composite;

/** Goalpost scores and the re-normalised weighted mean, by hand. */
class CompositeScoreTest {
    static final double NA = Double.NaN;

    @Test
    void goalpostsEitherWay() {
        // higher is better, worst 0.5 best 1.0: 0.8 → 100·0.3/0.5 = 60; 0.4 → clipped 0; 1.2 → clipped 100
        assertEquals(60, CompositeScore.score(0.8, 0.5, 1.0), 1e-12);
        assertEquals(0, CompositeScore.score(0.4, 0.5, 1.0), 0);
        assertEquals(100, CompositeScore.score(1.2, 0.5, 1.0), 0);
        // lower is better (violations per 1,000 broadcasts), worst 10 best 0: 2.5 → 100·(2.5−10)/(0−10) = 75
        assertEquals(75, CompositeScore.score(2.5, 10, 0), 1e-12);
        assertEquals(0, CompositeScore.score(12, 10, 0), 0);
        assertTrue(Double.isNaN(CompositeScore.score(NA, 10, 0)));
        assertThrows(IllegalArgumentException.class, () -> CompositeScore.score(1, 2, 2));
    }

    @Test
    void weightsReNormaliseOverAvailableIndicators() {
        // weights 0.5, 0.3, 0.2; all there: 0.5·60 + 0.3·75 + 0.2·100 = 30 + 22.5 + 20 = 72.5
        Composite all = CompositeScore.combine(new double[]{60, 75, 100}, new double[]{0.5, 0.3, 0.2});
        assertEquals(72.5, all.value(), 1e-12);
        assertEquals(1, all.weightAvailable(), 1e-15);
        // second suppressed: (0.5·60 + 0.2·100)/0.7 = 50/0.7 = 71.428571; available 0.7
        Composite two = CompositeScore.combine(new double[]{60, NA, 100}, new double[]{0.5, 0.3, 0.2});
        assertEquals(50 / 0.7, two.value(), 1e-12);
        assertEquals(0.7, two.weightAvailable(), 1e-15);
        // exactly half available (0.3 + 0.2 = 0.5): (0.3·75 + 0.2·100)/0.5 = 42.5/0.5 = 85
        assertEquals(85, CompositeScore.combine(new double[]{NA, 75, 100}, new double[]{0.5, 0.3, 0.2}).value(), 1e-12);
        // less than half (0.3): no composite
        Composite few = CompositeScore.combine(new double[]{NA, 75, NA}, new double[]{0.5, 0.3, 0.2});
        assertFalse(few.present());
        assertEquals(0.3, few.weightAvailable(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> CompositeScore.combine(new double[]{1}, new double[]{0}));
    }

    @Test
    void theMinimumWeightShareIsConfigurable() {
        double[] weights = {0.5, 0.3, 0.2};
        // 0.3 available: below the default ½, but a catalogue asking for 0.3 gets the composite 0.3·75/0.3 = 75
        assertFalse(CompositeScore.combine(new double[]{NA, 75, NA}, weights).present());
        assertEquals(75, CompositeScore.combine(new double[]{NA, 75, NA}, weights, 0.3).value(), 1e-12);
        // 0.7 available: enough for ½, not for 0.8 (all but the 0.3 indicator is not enough)
        assertEquals(50 / 0.7, CompositeScore.combine(new double[]{60, NA, 100}, weights).value(), 1e-12);
        assertFalse(CompositeScore.combine(new double[]{60, NA, 100}, weights, 0.8).present());
        // 0 would rank an entity on nothing; above 1 nobody could be ranked
        assertThrows(IllegalArgumentException.class, () -> CompositeScore.combine(new double[]{60, 75, 100}, weights, 0));
        assertThrows(IllegalArgumentException.class, () -> CompositeScore.combine(new double[]{60, 75, 100}, weights, 1.01));
    }
}
