package org.livegov.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.UserError;

/** The shipped configuration loads; a broken one is refused naming the file, the key and the reason. */
class ConfigLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void shippedConfigurationLoads() {
        LiveGovConfig c = ConfigLoader.load(Path.of("..", "conf"));
        assertEquals(13, c.taxonomy().categories().size());                 // V01..V13, domain.md §3
        assertEquals("s4", c.taxonomy().categories().get("V01").severity());
        assertEquals(java.util.List.of("s3", "s4"), c.taxonomy().seriousSeverities());
        assertEquals(7, c.thresholds().acceptanceWorkingDays());            // SAMR measures art. 14
        // conf/offenders.yaml: 4 rules; 36-month listing, early removal after 12 (SAMR Order 44)
        assertEquals(java.util.List.of("R-CRITICAL-HEAVIER@2", "R-FALSE-AD-3IN24M@1", "R-SERIOUS-3IN24M@3", "R-CATEGORY-3IN24M@2"),
                c.offenders().rules().stream().map(org.livegov.metrics.offenders.OffenderPolicy.Rule::ref).toList());
        assertEquals(24, c.offenders().rules().get(1).windowMonths());      // Advertising Law art. 55
        assertEquals(java.util.List.of("V04"), c.offenders().rules().get(1).categories());   // false advertising only
        // the only public rule requires a heavier penalty (SAMR Order 44)
        assertEquals(java.util.List.of("R-CRITICAL-HEAVIER"), c.offenders().rules().stream()
                .filter(org.livegov.metrics.offenders.OffenderPolicy.Rule::isPublic).map(r -> r.id()).toList());
        assertTrue(c.offenders().rules().get(0).heavierPenaltyRequired());
        // one act per (broadcast, category); without a broadcast, per (category, Beijing day)
        assertEquals(java.util.List.of("broadcast_id", "category"), c.offenders().acts().withBroadcast());
        assertEquals(java.util.List.of("category", "detected_on"), c.offenders().acts().withoutBroadcast());
        assertEquals(36, c.offenders().listingMonths());
        assertEquals(12, c.offenders().earlyRemovalMonths());
        assertEquals("R-PEER-FUNNEL998@1", c.offenders().peerReview().ref());     // FINRA Rule 4111 in spirit
        assertEquals(java.util.List.of("merchant", "anchor", "mcn"), c.offenders().subjectRoles());
        assertEquals(64, c.configHash().length());
    }

    @Test
    void aReleasesConfigurationLoadsWithAnOffenderPolicyOfAnEarlierShape() throws IOException {
        // a release copied offenders.yaml before acts were counted: no acts section (and a public
        // rule without a heavier penalty, as R-SERIOUS-3IN24M@2 was): the nightly refuses it, a
        // release's verification does not read the policy and keeps the file's bytes in the hash
        Path conf = confWith("offenders.yaml", "acts:", "acts_removed_in_this_copy:");
        assertTrue(refusal(conf).contains("offenders.yaml"), refusal(conf));
        LiveGovConfig c = ConfigLoader.loadForRelease(conf);
        assertEquals(null, c.offenders());
        assertEquals(64, c.configHash().length());
        Files.delete(conf.resolve("offenders.yaml"));
        assertTrue(assertThrows(UserError.class, () -> ConfigLoader.loadForRelease(conf)).getMessage()
                .contains("offenders.yaml: configuration file not found"));
    }

    private Path confWith(String file, String from, String to) throws IOException {
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
        Path f = conf.resolve(file);
        String text = Files.readString(f);
        assertTrue(text.contains(from), from);
        Files.writeString(f, text.replace(from, to));
        return conf;
    }

    private String refusal(Path conf) {
        return assertThrows(UserError.class, () -> ConfigLoader.load(conf)).getMessage();
    }

    @Test
    void trendConfigurationLoadsStrictlyAndIsHashed() throws IOException {
        LiveGovConfig c = ConfigLoader.load(Path.of("..", "conf"));
        assertEquals(34, c.trend().provinces().size());                     // GB/T 2260 province level
        assertEquals("浙江省", c.trend().provinces().get("330000").nameZh());
        assertEquals(6, c.trend().festivals().get(0).month());              // "618"
        assertEquals("small", c.trend().bandOf(5).id());                     // micro 0, small 5, medium 20, large 100
        assertEquals(0.998, c.trend().confidence());
        assertEquals(4, c.trend().minResidualDf());
        // a release's trend.yaml copied before the fitted expected values (old key) still loads for verify;
        // both keys, or neither, are refused
        assertEquals(4, ConfigLoader.load(confWith("trend.yaml", "min_residual_df: 4", "min_periods_for_phi: 4"))
                .trend().minResidualDf());
        String m = refusal(confWith("trend.yaml", "min_residual_df: 4", "min_residual_df: 4\n  min_periods_for_phi: 4"));
        assertTrue(m.contains("limits.min_residual_df: required"), m);
        m = refusal(confWith("trend.yaml", "  min_residual_df: 4", ""));
        assertTrue(m.contains("limits.min_residual_df: required"), m);
        m = refusal(confWith("trend.yaml", "  penalty_log_n: 2.0", "  penalty_log_n: 2.0\n  penalty: 3"));
        assertTrue(m.contains("unknown key pelt.penalty"), m);
        m = refusal(confWith("trend.yaml", "confidence: 0.998", "confidence: 1.5"));
        assertTrue(m.contains("limits.confidence"), m);
        m = refusal(confWith("trend.yaml", "min_anchors: 20", "min_anchors: 3"));
        assertTrue(m.contains("mcn_size_bands.medium.min_anchors"), m);
        m = refusal(confWith("gbt2260-provinces.yaml", "\"330000\": {zh: 浙江省, en: Zhejiang}", "\"3300\": {zh: 浙江省, en: Zhejiang}"));
        assertTrue(m.contains("provinces.3300"), m);
        // a YAML null is a missing label, not the text "null" on the report's axis
        m = refusal(confWith("trend.yaml", "name_zh: \"618 购物节\"", "name_zh: ~"));
        assertTrue(m.contains("festivals.618.name_zh: missing value"), m);
        Path changed = confWith("trend.yaml", "penalty_log_n: 2.0", "penalty_log_n: 3.0");
        assertTrue(!ConfigLoader.load(changed).configHash().equals(c.configHash()), "configHash covers trend.yaml");
    }

    @Test
    void impossibleThresholdIsRefusedWithItsKey() throws IOException {
        String m = refusal(confWith("livegov.yaml", "acceptance_working_days: 7", "acceptance_working_days: 0"));
        assertTrue(m.contains("complaints.acceptance_working_days: 0 is impossible"), m);
    }

    @Test
    void everyCeilingIsShippedAndAMissingOrNonPositiveOneIsRefusedWithItsKey() throws IOException {
        var t = ConfigLoader.load(Path.of("..", "conf")).thresholds();
        // conf/livegov.yaml: the real maxima of shared/data/real times a margin (comments there)
        assertEquals(50_000_000L, t.maxPeakViewers());      // 3,628,357 x ~14
        assertEquals(1_000_000_000L, t.maxViews());         // 41,109,725 x ~24
        assertEquals(100_000_000L, t.maxOrders());          // 1,039,064 x ~96
        assertEquals(new java.math.BigDecimal("10000000000"), t.maxGmvCny());
        assertEquals(72, t.maxBroadcastHours());
        // {text in conf/livegov.yaml, replacement, what the one-line refusal must say}
        String[][] cases = {
                {"  max_views: 1000000000\n", "", "livegov.yaml: quarantine.max_views: missing value"},
                {"max_views: 1000000000", "max_views: 0", "livegov.yaml: quarantine.max_views: must be positive, not 0"},
                {"max_peak_viewers: 50000000", "max_peak_viewers: -5", "livegov.yaml: quarantine.max_peak_viewers: must be positive, not -5"},
                {"max_orders: 100000000", "max_orders: 1.5", "livegov.yaml: quarantine.max_orders: must be a whole number"},
                {"  max_orders: 100000000\n", "", "livegov.yaml: quarantine.max_orders: missing value"},
                {"  max_gmv_cny: 10000000000\n", "", "livegov.yaml: quarantine.max_gmv_cny: missing value"},
                {"max_penalty_cny: 1000000000", "max_penalty_cny: 0", "livegov.yaml: quarantine.max_penalty_cny: must be positive, not 0"},
                {"max_compensation_cny: 10000000", "max_compensation_cny: -1", "livegov.yaml: quarantine.max_compensation_cny: must be positive, not -1"},
                {"max_broadcast_hours: 72", "max_broadcast_hours: 0", "livegov.yaml: quarantine.max_broadcast_hours: 0 is impossible; allowed 1..720"},
        };
        for (String[] c : cases) {
            String m = refusal(confWith("livegov.yaml", c[0], c[1]));
            assertTrue(m.endsWith(c[2]) && !m.contains("\n"), c[0] + " -> " + m);
        }
    }

    @Test
    void misspeltKeyIsNamed() throws IOException {
        String m = refusal(confWith("livegov.yaml", "acceptance_working_days:", "acceptance_working_day:"));
        assertTrue(m.contains("unknown key complaints.acceptance_working_day"), m);
        // offenders.yaml: a misspelt key inside the second rule is named with its position
        m = refusal(confWith("offenders.yaml", "    min_count: 3\n    window_months: 24\n    per_category: false",
                "    min_count: 3\n    window_month: 24\n    per_category: false"));
        assertTrue(m.contains("unknown key rules[1].window_month"), m);
    }

    @Test
    void offenderPolicyValuesAreChecked() throws IOException {
        // {text in conf/offenders.yaml, replacement, what the one-line refusal must say}
        String[][] cases = {
            {"early_removal_after_months: 12", "early_removal_after_months: 36",
                "periods.early_removal_after_months: 36 must be less than periods.listing_months (36)"},
            {"  - id: R-CATEGORY-3IN24M", "  - id: R-SERIOUS-3IN24M", "rules[3].id: R-SERIOUS-3IN24M appears twice"},
            // every "public: false" is replaced: the first is rule [1]
            {"    public: false", "    public: maybe", "rules[1].public: must be true or false"},
            {"min_severity: s2\n    min_count: 3\n    window_months: 24\n    per_category: true",
                "min_severity: s9\n    min_count: 3\n    window_months: 24\n    per_category: true", "rules[3].min_severity"},
            // SAMR Order 44 lists only after a heavier penalty: a public rule without one is refused, naming it
            {"    public: false\n    source: configuration\n    reason: \"Advertising Law art. 55 counts",
                "    public: true\n    source: configuration\n    reason: \"Advertising Law art. 55 counts",
                "rules[2].public: rule R-SERIOUS-3IN24M is public but does not require a heavier penalty (SAMR Order 44"},
            // the explicit exception needs a reason
            {"    public: false\n    source: \"Advertising Law art. 55", "    public: true\n    public_without_heavier_penalty: true\n"
                + "    source: \"Advertising Law art. 55",
                "rules[1].reason: rule R-FALSE-AD-3IN24M is public without a heavier penalty and must say why (reason)"},
            // ... and is meaningless on a rule that requires a heavier penalty
            {"    heavier_penalty_required: true\n    public: true", "    heavier_penalty_required: true\n    public: true\n"
                + "    public_without_heavier_penalty: true\n    reason: r",
                "rules[0].public_without_heavier_penalty: rule R-CRITICAL-HEAVIER is not a public rule without a heavier-penalty"},
            // a rule beyond its source says why
            {"    reason: \"Advertising Law art. 55's pattern", "    # reason: \"Advertising Law art. 55's pattern",
                "rules[3].reason: rule R-CATEGORY-3IN24M has source: configuration and must say why (reason)"},
            {"categories: [V04]", "categories: [V14]", "rules[1].categories: V14 is not a category of conf/taxonomy.yaml"},
            {"without_broadcast: [category, detected_on]", "without_broadcast: [category]",
                "acts.without_broadcast must contain category and detected_on and not broadcast_id, not [category]"},
            {"with_broadcast: [broadcast_id, category]", "with_broadcast: [broadcast_id, category, shop]",
                "acts.with_broadcast must be distinct fields among [broadcast_id, category, detected_on, platform_id]"},
            {"  with_broadcast: [broadcast_id, category]\n", "", "acts.with_broadcast: a list of at least one value is required"},
            {"  id: R-PEER-FUNNEL998", "  id: R-SERIOUS-3IN24M", "peer_review.id"},
            {"subject_roles: [merchant, anchor, mcn]", "subject_roles: [merchant, kol]",
                "subject_roles: \"kol\" is not one of [merchant, anchor, mcn, platform]"},
            {"subject_roles: [merchant, anchor, mcn]", "subject_roles: [merchant, anchor, anchor]",
                "subject_roles: \"anchor\" appears twice"},
            {"subject_roles: [merchant, anchor, mcn]", "subject_roles: []", "subject_roles: a list of at least one of"},
            {"  max_subjects: 5", "  max_subjects: 1", "name_review.max_subjects: 1 is impossible; allowed 2..1000"},
        };
        for (String[] c : cases) {
            String m = refusal(confWith("offenders.yaml", c[0], c[1]));
            assertTrue(m.contains(c[2]), c[1] + " → " + m);
            assertEquals(1, m.lines().count(), m);
        }
        // said explicitly, with a reason, a public rule without a heavier penalty loads
        LiveGovConfig c = ConfigLoader.load(confWith("offenders.yaml",
                "    public: false\n    source: configuration\n    reason: \"Advertising Law art. 55 counts",
                "    public: true\n    public_without_heavier_penalty: true\n    source: configuration\n"
                        + "    reason: \"Advertising Law art. 55 counts"));
        assertTrue(c.offenders().rules().get(2).isPublic() && c.offenders().rules().get(2).publicWithoutHeavierPenalty());
    }

    @Test
    void unknownSeverityAndKindAreRefused() throws IOException {
        assertTrue(refusal(confWith("taxonomy.yaml", "kind: commodity, severity: s4}", "kind: commodity, severity: s5}"))
                .contains("categories.V01.severity"));
        assertTrue(refusal(confWith("taxonomy.yaml", "V13: {label: price not clearly marked or missing disclosures, label_zh: 未明码标价/信息披露缺失, kind: conduct",
                "V13: {label: price not clearly marked or missing disclosures, label_zh: 未明码标价/信息披露缺失, kind: behaviour"))
                .contains("categories.V13.kind"));
    }

    @Test
    void brokenYamlIsOneLineWithItsPlaceAndWhatWasExpected() throws IOException {
        // an unclosed flow sequence appended at the end: the parser stops at the end of the file
        Path conf = confWith("livegov.yaml", "quarantine:", "x: [\nquarantine:");
        String m = refusal(conf);
        assertTrue(m.startsWith(conf.resolve("livegov.yaml") + ": not valid YAML (line "), m);
        assertTrue(m.contains(", column ") && m.contains("expected"), m);
        assertFalse(m.contains("\n"), "one line");
    }

    @Test
    void missingFolderIsNamed() {
        String m = refusal(tmp.resolve("nope"));
        assertTrue(m.contains("configuration folder") && m.contains("--conf"), m);
    }
}
