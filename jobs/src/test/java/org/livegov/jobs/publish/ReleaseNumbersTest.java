package org.livegov.jobs.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The published precision of release numbers ({@link ReleaseNumbers}), worked by hand. No Spark. */
class ReleaseNumbersTest {
    static String shown(String column, String unit, Object v) {
        return ReleaseNumbers.text(ReleaseNumbers.round(column, unit, v));
    }

    @Test
    void eachColumnIsRoundedHalfUpToItsPrecision() {
        // a composite (0-100), 2 decimals: 70.952|09… → 70.95 (the third decimal 2 rounds down)
        assertEquals("70.95", shown("composite", null, 70.95209004176266));
        // an indicator score, 2 decimals: 74.782|2… → 74.78
        assertEquals("74.78", shown("score", "share", 74.78221334320409));
        // a share, 4 decimals: 8.35E-4 = 0.0008|35 → 0.0008; never scientific notation
        assertEquals("0.0008", shown("peer_value", "share", 8.35E-4));
        // 2/3 = 0.6666|66… → 0.6667 (the fifth decimal 6 rounds up); 1/2 keeps its trailing zeros: 0.5000
        assertEquals("0.6667", shown("value", "share", 2.0 / 3));
        assertEquals("0.5000", shown("value", "share", 0.5));
        // a count written by the benchmark as a double: 617.0 → 617
        assertEquals("617", shown("numerator", "per 1,000 broadcasts", 617.0));
        assertEquals("617", shown("denominator", "share", 617.0));
        // a rate per CNY 1 million GMV, 2 decimals: 1234.56|5 → 1234.57 half up (half even would give 1234.56)
        assertEquals("1234.57", shown("value", "per CNY 1 million GMV", 1234.565));
        // ... from the decimal text of the double, not its binary expansion, in which 1.005 is 1.00499…: 1.01, not 1.00
        assertEquals("1.01", shown("value", "per CNY 1 million GMV", 1.005));
        assertEquals("1.00", new BigDecimal(1.005).setScale(2, RoundingMode.HALF_UP).toPlainString());
        // its exposure, GMV in CNY million to the fen: CNY 2,500.50 = 0.0025005 million → 0.00250050
        assertEquals("0.00250050", shown("denominator", "per CNY 1 million GMV", 0.0025005));
        // hours, 1 decimal: 2.25 → 2.3 (half up); days: 0.04 → 0.0
        assertEquals("2.3", shown("value", "hours", 2.25));
        assertEquals("0.0", shown("value", "days", 0.04));
        // the numerator of a mean satisfaction (a sum of scores 1-5) in the unit's 2 decimals: 13.0 → 13.00
        assertEquals("13.00", shown("numerator", "score 1-5", 13.0));
        // a rate per 1,000: 2 decimals: 1000/3 = 333.33|3… → 333.33
        assertEquals("333.33", shown("funnel_upper_998", "per 1,000 active anchors", 1000.0 / 3));
        // coverage and weight_available, shares: 4 decimals; the median rank: 1 (3.5 stays 3.5)
        assertEquals("1.0000", shown("weight_available", null, 1.0));
        assertEquals("3.5", shown("rank_median", null, 3.5));
        // model statistics, 4 significant digits: 0.000123456 → 0.0001235; 12345.6 → 12350
        assertEquals("0.0001235", shown("tau2", "share", 0.000123456));
        assertEquals("12350", shown("overdispersion_phi", "share", 12345.6));
        assertEquals("0", shown("tau2", "share", 0.0));
        // integers stay integers; text, booleans and null as they are (null: an empty cell)
        assertEquals("5", shown("rank", null, 5));
        assertEquals("true", shown("suppressed", "share", true));
        assertEquals("", shown("value", "share", null));
        // a tiny negative from floating-point noise is 0.0000, not -0.0000
        assertEquals("0.0000", shown("value", "share", -1e-9));
    }

    @Test
    void aNumberThatIsNotFiniteIsADefectNotAFigure() {
        assertThrows(IllegalStateException.class, () -> ReleaseNumbers.round("value", "share", Double.NaN));
        assertThrows(IllegalStateException.class, () -> ReleaseNumbers.round("value", "share", Double.POSITIVE_INFINITY));
    }

    @Test
    void everyUnitOfTheShippedCatalogueHasItsPrecision() throws Exception {
        Set<String> units = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("..", "conf", "indicators.yaml"))) {
            if (line.strip().startsWith("unit: ")) units.add(line.strip().substring("unit: ".length()));
        }
        assertTrue(units.size() >= 7, units.toString());
        Set<String> missing = new TreeSet<>(units);
        missing.removeAll(ReleaseNumbers.BY_UNIT.keySet());
        assertEquals(Set.of(), missing, "units without a declared precision fall back to 4 significant digits");
        // the location units (mean, median) are units of the catalogue
        assertTrue(units.containsAll(ReleaseNumbers.LOCATION_UNITS));
        assertFalse(ReleaseNumbers.LOCATION_UNITS.contains("share"));
    }
}
