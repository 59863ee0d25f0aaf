package org.livegov.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.UserError;
import org.livegov.metrics.bench.Indicator;

/** conf/indicators.yaml: the shipped catalogue loads and is covered by the config hash; a broken one is refused naming the key. */
class IndicatorCatalogueTest {
    @TempDir
    Path tmp;

    @Test
    void shippedCatalogueLoads() throws IOException {
        IndicatorCatalogue c = ConfigLoader.load(Path.of("..", "conf")).catalogue();
        assertEquals(17, c.of(Indicator.Role.PLATFORM).size());     // P01-P16 and P17 reporting completeness
        assertEquals(7, c.of(Indicator.Role.MCN).size());
        assertEquals(5, c.of(Indicator.Role.MERCHANT).size());
        assertEquals(4, c.of(Indicator.Role.ANCHOR).size());
        Indicator p16 = c.indicators().stream().filter(i -> i.id().equals("P16_listed_offenders_broadcasting")).findFirst().orElseThrow();
        assertEquals(1000.0, p16.scale());                      // per 1,000 active anchors
        assertEquals(Indicator.Direction.LOWER_IS_BETTER, p16.direction());
        assertEquals(7, c.rules().acceptanceWorkingDays());     // from livegov.yaml (SAMR art. 14)
        assertEquals(45, c.rules().closureWorkingDays());       // SAMR art. 21
        // missing data: below 80 % of units with the field a P02/P15/M06/A04 cell is not available (configuration)
        assertEquals(0.8, c.rules().minCoverage());
        // equal: the 16 platform indicators with a weight weigh 1/16 = 0.0625 each, P17 (weight 0, for information)
        // stays 0; 7 MCN ones 1/7
        IndicatorCatalogue.NamedWeighting equal = c.weightings().get(0);
        assertEquals("equal", equal.name());
        assertEquals(0.0625, equal.weights().get("P01_anchor_real_name"), 1e-15);
        assertEquals(0.0, equal.weights().get("P17_reporting_completeness"));
        assertEquals(1.0 / 7, equal.weights().get("M07_repeat_offender_anchors"), 1e-15);
        // duty_groups names no merchant indicator: the merchant role keeps the catalogue's weights (R01 0.25)
        IndicatorCatalogue.NamedWeighting groups = c.weightings().get(1);
        assertEquals(0.2, groups.weights().get("P16_listed_offenders_broadcasting"), 1e-15);
        assertEquals(0.25, groups.weights().get("R01_licence_displayed"), 1e-15);
        assertEquals(c.indicators().size(), groups.weights().size());
    }

    @Test
    void configHashCoversTheCatalogue() throws IOException {
        String shipped = ConfigLoader.load(Path.of("..", "conf")).configHash();
        // same catalogue, P03's minimum exposure 10 → 11: a different hash
        String changed = ConfigLoader.load(confWith("min_exposure: 10\n  - id: P04", "min_exposure: 11\n  - id: P04")).configHash();
        assertNotEquals(shipped, changed);
    }

    @Test
    void unknownRoleKindOrDirectionIsRefusedWithItsKey() throws IOException {
        assertRefused(confWith("  - id: P03_merchant_licence\n    role: platform", "  - id: P03_merchant_licence\n    role: regulator"),
                "indicators[2] (P03_merchant_licence).role: must be one of [anchor, mcn, merchant, platform], not 'regulator'");
        assertRefused(confWith("    kind: median\n    direction: lower_is_better\n    unit: hours",
                        "    kind: quantile\n    direction: lower_is_better\n    unit: hours"),
                "indicators[8] (P09_median_hours_to_disposal).kind: must be one of [mean, median, proportion, rate], not 'quantile'");
        assertRefused(confWith("    kind: mean\n    direction: higher_is_better\n    unit: score 1-5\n    worst: 3.0\n    best: 4.74\n    weight: 0.05",
                        "    kind: mean\n    direction: upwards\n    unit: score 1-5\n    worst: 3.0\n    best: 4.74\n    weight: 0.05"),
                "indicators[13] (P14_mean_satisfaction).direction: must be one of [higher_is_better, lower_is_better], not 'upwards'");
    }

    @Test
    void theMinimumCoverageNeedsItsSourceAndAShare() throws IOException {
        assertRefused(confWith("  min_share: 0.8\n", "  min_share: 1.5\n"), "coverage.min_share");
        assertRefused(confWith("  min_share: 0.8\n  source: configuration\n", "  min_share: 0.8\n"), "coverage.source");
        // a configuration without the section (copied into a release published before it existed) loads with 0.8
        String text = Files.readString(Path.of("..", "conf", "indicators.yaml"));
        String section = text.substring(text.indexOf("coverage:\n"), text.indexOf("\nindicators:"));
        assertEquals(0.8, ConfigLoader.load(confWith(section, "")).catalogue().rules().minCoverage());
        assertEquals(0.5, ConfigLoader.load(confWith("  min_share: 0.8\n", "  min_share: 0.5\n")).catalogue().rules().minCoverage());
    }

    @Test
    void theMinimumWeightShareForARankIsConfiguration() throws IOException {
        assertEquals(0.5, ConfigLoader.load(Path.of("..", "conf")).catalogue().minWeightShare());
        assertEquals(0.75, ConfigLoader.load(confWith("  min_weight_share: 0.5\n", "  min_weight_share: 0.75\n")).catalogue().minWeightShare());
        // absent (a catalogue copied into a release published before the key existed): the ½ it was published with
        assertEquals(0.5, ConfigLoader.load(confWith("  min_weight_share: 0.5\n", "")).catalogue().minWeightShare());
        // 0 would rank an entity on no indicator at all
        assertRefused(confWith("  min_weight_share: 0.5\n", "  min_weight_share: 0\n"),
                "benchmark.min_weight_share: 0.0 is impossible; allowed 0.01..1.0");
        assertRefused(confWith("  min_weight_share: 0.5\n", "  min_weight_share: half\n"),
                "benchmark.min_weight_share: must be a number, not 'half'");
    }

    @Test
    void weightsNotSummingToOneAreRefused() throws IOException {
        // P01 0.08 → 0.09: the platform weights sum to 1.01
        String m = refusal(confWith("    worst: 0.90\n    best: 1.0\n    weight: 0.08\n    min_exposure: 20\n  - id: P02",
                "    worst: 0.90\n    best: 1.0\n    weight: 0.09\n    min_exposure: 20\n  - id: P02"));
        assertTrue(m.contains("indicators[role=platform].weight: weights of role platform sum to 1.01, not 1"), m);   // no floating-point noise (1.0100000000000002)
    }

    @Test
    void equalGoalpostsAreRefused() throws IOException {
        assertRefused(confWith("    worst: 72\n    best: 2", "    worst: 72\n    best: 72"),
                "indicators[8] (P09_median_hours_to_disposal).best: goalposts worst and best are equal (72.0)");
    }

    @Test
    void weightingNamingAnUnknownIndicatorIsRefused() throws IOException {
        assertRefused(confWith("      P16_listed_offenders_broadcasting: 0.2", "      P16_offenders: 0.2"),
                "weightings[1].weights.P16_offenders: unknown indicator P16_offenders");
    }

    @Test
    void unknownKeyAndUndefinedIdAreRefused() throws IOException {
        assertRefused(confWith("    min_exposure: 20\n  - id: P02", "    min_exposure: 20\n    minimum: 3\n  - id: P02"),
                "unknown key indicators[0].minimum");
        assertRefused(confWith("  - id: P03_merchant_licence", "  - id: P03_merchant_licences"),
                "indicators[2] (P03_merchant_licences).id: no indicator definition has this id");
    }

    private void assertRefused(Path conf, String expected) {
        String m = refusal(conf);
        assertTrue(m.contains("indicators.yaml: " + expected), m);
    }

    private String refusal(Path conf) {
        return assertThrows(UserError.class, () -> ConfigLoader.load(conf)).getMessage();
    }

    private Path confWith(String from, String to) throws IOException {
        Path conf = Files.createTempDirectory(tmp, "conf");
        try (Stream<Path> s = Files.walk(Path.of("..", "conf"))) {
            for (Path p : s.toList()) {
                Path t = conf.resolve(Path.of("..", "conf").relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        Path f = conf.resolve("indicators.yaml");
        String text = Files.readString(f);
        assertEquals(1, text.split(java.util.regex.Pattern.quote(from), -1).length - 1, "exactly one '" + from + "'");
        Files.writeString(f, text.replace(from, to));
        return conf;
    }
}
