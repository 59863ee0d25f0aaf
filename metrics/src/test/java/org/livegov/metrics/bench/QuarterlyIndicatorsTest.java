package org.livegov.metrics.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.livegov.metrics.bench.Indicator.Direction;
import org.livegov.metrics.bench.Indicator.Kind;
import org.livegov.metrics.bench.Indicator.Role;
import org.livegov.metrics.gold.ListingPeriods;
import org.livegov.metrics.TestSpark;
import org.livegov.metrics.time.WorkingDayCalendar;

/**
 * Every indicator of every role on a tiny silver fixture of 2026Q2 (Beijing 2026-04-01..06-30),
 * with the expected values worked out by hand in the comments. Platform DY; anchors A1 (adult,
 * verified and audited early), A2 (born 2011-01-01: 15 in April 2026; verified only 2026-07-05,
 * never audited), A3 (no identity number, listed as anchor:A3 from 2026-05-01); A1 is listed as
 * person:pk1 from 2026-04-15. The working-day calendar here is Monday to Friday (no holidays).
 */
@Tag("slow")
class QuarterlyIndicatorsTest {
    /** Schemas of the inputs the fixtures build (the columns QuarterlyIndicators reads). */
    static final StructType BROADCASTS = new StructType().add("broadcast_id", "string").add("platform_id", "string").add("anchor_id", "string")
            .add("started_at", "timestamp").add("gmv_cny", DataTypes.createDecimalType(18, 2)).add("monitoring", "string")
            .add("recording_retained_until", "date");
    static final StructType VIOLATIONS = new StructType().add("violation_id", "string").add("platform_id", "string").add("subject_role", "string")
            .add("subject_id", "string").add("severity", "string").add("detected_at", "timestamp").add("detected_by", "string")
            .add("disposed_at", "timestamp").add("status", "string");
    static final StructType COMPLAINTS = new StructType().add("complaint_id", "string").add("platform_id", "string").add("merchant_id", "string")
            .add("anchor_id", "string").add("kind", "string").add("received_at", "timestamp").add("accepted_at", "timestamp")
            .add("closed_at", "timestamp").add("outcome", "string").add("compensated_by", "string").add("satisfaction", "int")
            .add("broadcast_id", "string");
    static final StructType ANCHORS = new StructType().add("anchor_id", "string").add("person_key", "string").add("turns_16_on", "date")
            .add("real_name_verified_at", "timestamp").add("entry_audited_at", "timestamp");
    static final StructType MERCHANTS = new StructType().add("merchant_id", "string").add("platform_id", "string")
            .add("licence_displayed", "boolean").add("entry_audited_at", "timestamp");

    static final SparkSession spark = TestSpark.session();
    static final Quarter Q2 = Quarter.parse("2026Q2");
    static final QuarterlyIndicators.Rules RULES = new QuarterlyIndicators.Rules(16, 3, 24, 7, 45, 0.8);
    /** The main fixture's minimum coverage, 0.6: P02 (2/3), P15 (2/2) and M06 M1 (2/3) pass it, A04 A1 (1/2) does not. */
    static final QuarterlyIndicators.Rules RULES_06 = new QuarterlyIndicators.Rules(16, 3, 24, 7, 45, 0.6);
    static Map<String, Row> out;
    static Map<String, String> notAvailable;
    static Map<String, Row> coverage;

    static Timestamp t(String utc) {
        return utc == null ? null : Timestamp.from(Instant.parse(utc));
    }

    static Date d(String day) {
        return day == null ? null : Date.valueOf(day);
    }

    static BigDecimal cny(String s) {
        return new BigDecimal(s);
    }

    static Dataset<Row> df(StructType schema, Object[]... rows) {
        List<Row> list = new ArrayList<>();
        for (Object[] r : rows) list.add(RowFactory.create(r));
        return spark.createDataFrame(list, schema);
    }

    static Indicator ind(String id) {
        QuarterlyIndicators.Definition def = QuarterlyIndicators.DEFINED.get(id);
        double scale = id.endsWith("_per_1000") || id.startsWith("P16") ? 1000 : 1;
        return new Indicator(id, def.role(), "duty", "num", "den", def.kind(), Direction.HIGHER_IS_BETTER, "u",
                scale, 0, 1, 0, 0);
    }

    @BeforeAll
    static void compute() {
        Dataset<Row> broadcasts = df(BROADCASTS,
                new Object[]{"B1", "DY", "A1", t("2026-04-10T02:00:00Z"), cny("100000.00"), "automated", d("2029-04-10")},
                // B2's GMV is blank: an unknown exposure (C1 names B2)
                new Object[]{"B2", "DY", "A1", t("2026-04-20T02:00:00Z"), null, "none", d("2029-04-19")},
                new Object[]{"B3", "DY", "A2", t("2026-04-10T02:00:00Z"), cny("50000.00"), "patrol", null},
                new Object[]{"B4", "DY", "A3", t("2026-04-20T02:00:00Z"), cny("0.00"), "automated", d("2030-01-01")},
                // 2026-07-01 01:00 Beijing: 2026Q3, left out
                new Object[]{"B5", "DY", "A3", t("2026-06-30T17:00:00Z"), cny("999.00"), "none", null},
                new Object[]{"B6", "DY", "A3", t("2026-05-02T02:00:00Z"), cny("150000.00"), "automated", d("2030-01-01")});
        Dataset<Row> violations = df(VIOLATIONS,
                new Object[]{"V1", "DY", "anchor", "A1", "s3", t("2026-04-12T00:00:00Z"), "platform_automated", t("2026-04-12T10:00:00Z"), "confirmed"},
                new Object[]{"V2", "DY", "anchor", "A1", "s2", t("2026-05-03T00:00:00Z"), "consumer_report", t("2026-05-05T00:00:00Z"), "confirmed"},
                new Object[]{"V3", "DY", "anchor", "A2", "s2", t("2026-05-10T00:00:00Z"), "regulator", null, "under_appeal"},
                new Object[]{"V4", "DY", "anchor", "A2", "s3", t("2026-06-01T00:00:00Z"), "regulator", null, "overturned"},
                new Object[]{"V5", "DY", "merchant", "R1", "s2", t("2026-06-02T00:00:00Z"), "platform_patrol", t("2026-06-02T20:00:00Z"), "confirmed"},
                new Object[]{"V6", "DY", "mcn", "M2", "s1", t("2026-06-03T00:00:00Z"), "platform_patrol", t("2026-06-03T05:00:00Z"), "confirmed"});
        Dataset<Row> complaints = df(COMPLAINTS,
                // received Mon 04-13, accepted Wed 04-15 (2 working days), closed Mon 04-20 (5)
                new Object[]{"C1", "DY", "R1", "A1", "commodity", t("2026-04-13T02:00:00Z"), t("2026-04-15T02:00:00Z"),
                        t("2026-04-20T02:00:00Z"), "resolved", "merchant", 5, "B2"},
                // received Mon 05-04, accepted Wed 05-20 (12 working days: late), closed Mon 08-03 (65: late)
                new Object[]{"C2", "DY", "R1", null, "commodity", t("2026-05-04T02:00:00Z"), t("2026-05-20T02:00:00Z"),
                        t("2026-08-03T02:00:00Z"), "unresolved", "platform", 2, null},
                // received Mon 06-29: by 06-30 one working day passed, neither decided
                new Object[]{"C3", "DY", null, "A2", "publicity", t("2026-06-29T02:00:00Z"), null, null, "pending", null, null, null},
                // received Mon 06-01, accepted Tue 06-02 (1), closed Wed 06-10 (7)
                new Object[]{"C4", "DY", "R2", "A1", "commodity", t("2026-06-01T02:00:00Z"), t("2026-06-02T02:00:00Z"),
                        t("2026-06-10T02:00:00Z"), "withdrawn", "none", 4, null});
        Dataset<Row> anchors = df(ANCHORS,
                // turns_16_on: born 1990-01-01 and 2011-01-01
                new Object[]{"A1", "pk1", d("2006-01-01"), t("2026-03-01T00:00:00Z"), t("2026-03-01T00:00:00Z")},
                new Object[]{"A2", "pk2", d("2027-01-01"), t("2026-07-05T00:00:00Z"), null},
                new Object[]{"A3", null, null, t("2026-01-01T00:00:00Z"), t("2026-01-01T00:00:00Z")});
        Dataset<Row> merchants = df(MERCHANTS,
                new Object[]{"R1", "DY", true, t("2026-01-01T00:00:00Z")},
                new Object[]{"R2", "DY", false, null},
                // audited 2026-07-01 08:00 Beijing: after the quarter
                new Object[]{"R3", "DY", true, t("2026-07-01T00:00:00Z")});
        StructType ks = new StructType().add("contract_id", "string").add("anchor_id", "string").add("mcn_id", "string")
                .add("valid_from", "date").add("valid_to", "date");
        Dataset<Row> contracts = df(ks,
                new Object[]{"K1", "A1", "M1", d("2026-01-01"), d("2026-04-30")},
                new Object[]{"K2", "A1", "M2", d("2026-05-01"), null},
                new Object[]{"K3", "A2", "M1", d("2026-01-01"), null});
        // listings with their days on the list [listed_from, ended_on), whatever their state today
        Dataset<Row> listed = df(ListingPeriods.SCHEMA,
                // removed early on 07-20, after the quarter: on the list all of [04-15, 06-30]
                new Object[]{"anchor", "person:pk1", d("2026-04-15"), d("2026-07-20")},
                new Object[]{"anchor", "anchor:A3", d("2026-05-01"), null},
                // A2 (pk2) expired on 04-10: 04-10 is its first day off the list
                new Object[]{"anchor", "person:pk2", d("2026-03-01"), d("2026-04-10")},
                new Object[]{"merchant", "uscc:91330106MA2XXXXX0X", d("2026-01-01"), null});
        Dataset<Row> calendar = new WorkingDayCalendar(Map.of(2026, new WorkingDayCalendar.YearSchedule(Set.of(), Set.of())))
                .asDataset(spark);
        List<Indicator> catalogue = QuarterlyIndicators.DEFINED.keySet().stream().map(QuarterlyIndicatorsTest::ind).toList();
        QuarterlyIndicators.Result all = QuarterlyIndicators.computeWithGaps(Q2, new QuarterlyIndicators.Inputs(broadcasts,
                violations, complaints, anchors, merchants, contracts, listed, calendar), RULES_06, catalogue);
        Dataset<Row> result = all.values();
        notAvailable = new HashMap<>();
        for (Row m : all.notAvailable().collectAsList()) notAvailable.put(m.getString(1) + "/" + m.getString(2) + "/" + m.getString(3), m.getString(4));
        coverage = new HashMap<>();
        for (Row c : all.coverage().collectAsList()) coverage.put(c.getString(1) + "/" + c.getString(2) + "/" + c.getString(3), c);
        assertEquals(IndicatorValues.SCHEMA.fieldNames().length, result.schema().fieldNames().length);
        assertEquals(List.of(IndicatorValues.SCHEMA.fieldNames()), List.of(result.schema().fieldNames()));
        out = new HashMap<>();
        for (Row r : result.collectAsList()) {
            assertEquals("2026Q2", r.getString(0));
            out.put(r.getString(1) + "/" + r.getString(2) + "/" + r.getString(3), r);
        }
    }

    static void assertRatio(String key, double num, double den, double value) {
        Row r = out.get(key);
        assertFalse(r == null, key + " missing");
        assertEquals(num, r.getDouble(4), 1e-9, key + " numerator");
        assertEquals(den, r.getDouble(5), 1e-9, key + " denominator");
        assertEquals(value, r.getDouble(6), 1e-9, key + " value");
        assertNull(r.get(7), key + " lower is the statistics' job");
    }

    @Test
    void platformAnchorsAndMerchants() {
        // active anchors A1 (first B1 04-10), A2 (B3 04-10), A3 (B4 04-20): 3
        // verified at or before first broadcast: A1 (03-01), A3 (01-01); A2 only 07-05 → 2/3
        assertRatio("platform/DY/P01_anchor_real_name", 2, 3, 2.0 / 3);
        // A2 turns 16 on 2027-01-01 (born 2011-01-01) > 2026-04-10 → under 16; A3 has no birth date: unknown, so A3 leaves
        // numerator and denominator (before issue 13 it stayed in the denominator: 1/3, better for a lower-is-better
        // indicator) → 1/2; coverage 2 of 3 anchors = 0.667 ≥ 0.6
        assertRatio("platform/DY/P02_underage_anchors", 1, 2, 0.5);
        assertCoverage("platform/DY/P02_underage_anchors", 2, 3);
        // licence shown: R1, R3 of R1..R3 → 2/3; audited before 2026-07-01 00:00 Beijing: R1 only (R3 is 08:00 that day) → 1/3
        assertRatio("platform/DY/P03_merchant_licence", 2, 3, 2.0 / 3);
        assertRatio("platform/DY/P04_anchor_entry_audit", 2, 3, 2.0 / 3);
        assertRatio("platform/DY/P05_merchant_entry_audit", 1, 3, 1.0 / 3);
        // broadcasting on a day on the list: A1 (person:pk1 on [04-15, 07-20)) B2 on 04-20; A3 (anchor:A3 from 05-01)
        // B6 on 05-02 (B4 on 04-20 is before its listing); A2 (person:pk2 on [03-01, 04-10)) only B3 on 04-10, its first
        // day off the list → 2 accounts per 3 active anchors × 1000 = 666.67
        assertRatio("platform/DY/P16_listed_offenders_broadcasting", 2, 3, 2000.0 / 3);
    }

    @Test
    void platformBroadcastsAndViolations() {
        // quarter: B1, B2, B3, B4, B6 (B5 starts 07-01 Beijing); monitored: all but B2 → 4/5
        assertRatio("platform/DY/P06_broadcasts_monitored", 4, 5, 0.8);
        // kept until >= start day + 3 y: B1 (2029-04-10 = 2026-04-10 + 3 y), B4, B6; B2 a day short; B3 none → 3/5
        assertRatio("platform/DY/P07_recording_retained", 3, 5, 0.6);
        // not overturned: V1, V2, V3, V5, V6; found by the platform: V1, V5, V6 → 3/5
        assertRatio("platform/DY/P08_self_detected", 3, 5, 0.6);
        // within 24 h: V1 10 h, V5 20 h, V6 5 h; V2 48 h and V3 undisposed are not → 3/5
        assertRatio("platform/DY/P10_disposed_within_24h", 3, 5, 0.6);
        // disposed hours sorted 5, 10, 20, 48: median (10 + 20)/2 = 15; n = 4 ≤ 5 → interval min..max = 5..48
        Row m = out.get("platform/DY/P09_median_hours_to_disposal");
        assertNull(m.get(4));
        assertEquals(4.0, m.getDouble(5));
        assertEquals(15.0, m.getDouble(6), 1e-9);
        assertEquals(5.0, m.getDouble(7), 1e-9);
        assertEquals(48.0, m.getDouble(8), 1e-9);
    }

    @Test
    void platformComplaints() {
        // acceptance decided: C1 (2 wd), C2 (12: late), C4 (1); C3 open (1 wd by 06-30) → 2/3
        assertRatio("platform/DY/P11_complaints_accepted_7wd", 2, 3, 2.0 / 3);
        // final outcomes: C1 resolved, C2 unresolved (C3 pending, C4 withdrawn left out) → 1/2
        assertRatio("platform/DY/P12_complaints_resolved", 1, 2, 0.5);
        // closure decided as of 06-30: C1 (5 wd), C4 (7), both in time; C2 was closed on 08-03, after the cut-off, so
        // not seen: from Mon 05-04 to 07-01 (the day after the cut-off) May 5-8, 11-15, 18-22, 25-29 (19) + June 1-30
        // (22) + 07-01 = 42 ≤ 45 working days → pending; C3 open → 2/2 (before issue 13 the later closure was read:
        // C2 65 working days, late, 2/3)
        assertRatio("platform/DY/P13_complaints_closed_45wd", 2, 2, 1.0);
        // handling ended by 06-30: C1 (closed 04-20, payer merchant), C4 (closed 06-10, withdrawn, payer none); C2 was
        // closed on 08-03, after the cut-off, so its payer "platform" is not seen yet; C3 is pending: both out of P15
        // and of its coverage. Platform paid: none of C1, C4 → 0/2; coverage 2/2 (before: 1/3 with C2, coverage 3/4
        // with C3 counted as an unknown payer)
        assertRatio("platform/DY/P15_platform_backstop", 0, 2, 0.0);
        assertCoverage("platform/DY/P15_platform_backstop", 2, 2);
        // satisfaction 5, 2, 4: sum 11, n 3, mean 11/3; sd² = ((4/3)² + (5/3)² + (1/3)²)/2 = (42/9)/2 = 7/3
        Row s = out.get("platform/DY/P14_mean_satisfaction");
        assertEquals(11.0, s.getDouble(4), 1e-9);
        assertEquals(3.0, s.getDouble(5), 1e-9);
        assertEquals(11.0 / 3, s.getDouble(6), 1e-9);
        double half = 1.959963984540054 * Math.sqrt(7.0 / 3) / Math.sqrt(3); // 1.7285
        assertEquals(11.0 / 3 - half, s.getDouble(7), 1e-9);
        assertEquals(11.0 / 3 + half, s.getDouble(8), 1e-9);
    }

    @Test
    void mcn() {
        // contracts touching the quarter: M1 {A1 (K1), A2 (K3)}, M2 {A1 (K2)}; verified before the end: A1 only → M1 1/2, M2 1/1
        assertRatio("mcn/M1/M01_contracted_anchors_verified", 1, 2, 0.5);
        assertRatio("mcn/M2/M01_contracted_anchors_verified", 1, 1, 1.0);
        // broadcasts at start: B1 (A1, 04-10, K1), B2 (A1, 04-20, K1), B3 (A2, K3) → M1: 3; A3 has no MCN; M2 none
        // violations at detection: V1 A1 s3 04-12 → M1; V3 A2 s2 → M1; V2 A1 s2 05-03 → M2; V6 subject M2 → M2
        // M1 serious: V1 → 1/3 × 1000; minor: V3 → 1/3 × 1000; M2 has no broadcasts: no row
        assertRatio("mcn/M1/M02_serious_violations_per_1000", 1, 3, 1000.0 / 3);
        assertRatio("mcn/M1/M03_minor_violations_per_1000", 1, 3, 1000.0 / 3);
        assertFalse(out.containsKey("mcn/M2/M02_serious_violations_per_1000"));
        // M1's active anchors A1, A2; with a serious violation: A1 (V1) → 1/2; on the list on 06-30: A1 (pk1's listing
        // ends 07-20, after the quarter: it counts, however it stands today); A2's ended 04-10 → 1/2
        assertRatio("mcn/M1/M04_anchors_with_serious_violation", 1, 2, 0.5);
        assertRatio("mcn/M1/M07_repeat_offender_anchors", 1, 2, 0.5);
        // handling days: M1 V1 10 h = 10/24 d; M2 V2 48 h = 2 d (V6 is the MCN's own, not an anchor's); n = 1: min..max
        Row m1 = out.get("mcn/M1/M05_median_days_to_handle");
        assertEquals(10.0 / 24, m1.getDouble(6), 1e-9);
        assertEquals(10.0 / 24, m1.getDouble(7), 1e-9);
        assertEquals(2.0, out.get("mcn/M2/M05_median_days_to_handle").getDouble(6), 1e-9);
        // complaints at receipt naming an anchor: C1 (A1 04-13 → M1), C3 (A2 → M1), C4 (A1 06-01 → M2)
        // M1 GMV: B1 100,000 + B3 50,000 = CNY 0.15 million; B2's is blank, an unknown exposure, so B2 leaves the GMV
        // and C1, which names B2, leaves the count → C3 only: 1 / 0.15 = 6.667 (before issue 13 a blank GMV counted
        // as 0 and C1 stayed: 2 / 0.15 = 13.3); coverage 2 of 3 broadcasts ≥ 0.6
        assertRatio("mcn/M1/M06_complaints_per_million_gmv", 1, 0.15, 1 / 0.15);
        assertCoverage("mcn/M1/M06_complaints_per_million_gmv", 2, 3);
    }

    @Test
    void merchantAndAnchorScorecards() {
        assertRatio("merchant/R1/R01_licence_displayed", 1, 1, 1);
        assertRatio("merchant/R2/R01_licence_displayed", 0, 1, 0);
        assertRatio("merchant/R3/R02_entry_audited", 0, 1, 0);
        // R1: C1 resolved, C2 unresolved → 1/2; R2's only complaint C4 was withdrawn: no row
        assertRatio("merchant/R1/R03_complaints_resolved", 1, 2, 0.5);
        assertFalse(out.containsKey("merchant/R2/R03_complaints_resolved"));
        // R1 satisfaction 5, 2: mean 3.5, sd² = (1.5² + 1.5²)/1 = 4.5; R2 one score 4: no interval
        Row r1 = out.get("merchant/R1/R04_mean_satisfaction");
        assertEquals(3.5, r1.getDouble(6), 1e-9);
        assertEquals(3.5 - 1.959963984540054 * Math.sqrt(4.5) / Math.sqrt(2), r1.getDouble(7), 1e-9);
        assertNull(out.get("merchant/R2/R04_mean_satisfaction").get(7));
        // commodity complaints someone paid for: C1 (merchant), C2 (platform) → 1/2
        assertRatio("merchant/R1/R05_commodity_compensated_by_merchant", 1, 2, 0.5);
        assertRatio("anchor/A2/A01_real_name_before_broadcast", 0, 1, 0);
        assertRatio("anchor/A3/A02_entry_audit_before_broadcast", 1, 1, 1);
        // A1: V1, V2 over B1, B2 → 2/2 × 1000; A3: none over B4, B6 → 0
        assertRatio("anchor/A1/A03_violations_per_1000", 2, 2, 1000);
        assertRatio("anchor/A3/A03_violations_per_1000", 0, 2, 0);
        // A1: B1 100,000 known, B2 blank → coverage 1 of 2 = 0.5 < 0.6 → not available (C4 over CNY 0.1 million would
        // be 10, C1 names B2 and leaves); A2: C3 over B3's 0.05 → 20, coverage 1/1
        assertFalse(out.containsKey("anchor/A1/A04_complaints_per_million_gmv"));
        assertEquals("gmv_cny of broadcasts recorded for a share 0.500 of the units of anchor A1 in 2026Q2: below the "
                + "minimum coverage 0.60 (configuration: conf/indicators.yaml coverage.min_share)",
                notAvailable.get("anchor/A1/A04_complaints_per_million_gmv"));
        assertCoverage("anchor/A1/A04_complaints_per_million_gmv", 1, 2);
        assertRatio("anchor/A2/A04_complaints_per_million_gmv", 1, 0.05, 20);
        assertCoverage("anchor/A2/A04_complaints_per_million_gmv", 1, 1);
        // only that cell falls below the minimum
        assertEquals(java.util.Set.of("anchor/A1/A04_complaints_per_million_gmv"), notAvailable.keySet());
        // cells of the other indicators have no coverage row (a blank there counts against the entity)
        assertFalse(coverage.containsKey("platform/DY/P01_anchor_real_name"));
    }

    static void assertCoverage(String key, long covered, long units) {
        Row c = coverage.get(key);
        assertFalse(c == null, key + " has no coverage");
        assertEquals(List.of((double) covered / units, covered, units), List.of(c.getDouble(4), c.getLong(5), c.getLong(6)), key);
    }

    @Test
    void reportingCompleteness() {
        // DY's fields: birth_date of active anchors A1, A2, A3: 2/3 = 0.667 (A3 blank); compensated_by of complaints
        // ended by 06-30, C1 and C4: 2/2 (C2 closed after the cut-off and C3 pending are not asked for a payer); gmv_cny of the quarter's broadcasts B1, B2, B3, B4, B6: 4/5 = 0.8
        // (B2 blank; B4's 0.00 is a value) → the least reported, birth_date: 2/3 (pooled it would be 8/10 = 0.8)
        assertRatio("platform/DY/P17_reporting_completeness", 2, 3, 2.0 / 3);
    }

    @Test
    void aFieldAPlatformNeverReportsIsNotAvailableNotZero() {
        // DY reports every field for its one anchor, merchant, broadcast, violation and complaint;
        // XX (like the Douyin export, or the CFPB's complaints) reports only what the contract requires
        Dataset<Row> broadcasts = df(BROADCASTS,
                new Object[]{"B1", "DY", "A1", t("2026-04-10T02:00:00Z"), cny("100000.00"), "automated", d("2029-04-10")},
                new Object[]{"B9", "XX", "A9", t("2026-04-10T02:00:00Z"), cny("100000.00"), "automated", null});
        Dataset<Row> violations = df(VIOLATIONS,
                new Object[]{"V1", "DY", "anchor", "A1", "s3", t("2026-04-12T00:00:00Z"), "platform_automated", t("2026-04-12T10:00:00Z"), "confirmed"});
        Dataset<Row> complaints = df(COMPLAINTS,
                new Object[]{"C1", "DY", "R1", "A1", "commodity", t("2026-04-13T02:00:00Z"), t("2026-04-15T02:00:00Z"),
                        t("2026-04-20T02:00:00Z"), "resolved", "merchant", 5, null},
                new Object[]{"C9", "XX", "R9", null, "other", t("2026-04-13T02:00:00Z"), null, null, "resolved", null, null, null});
        Dataset<Row> anchors = df(ANCHORS,
                new Object[]{"A1", "pk1", d("2006-01-01"), t("2026-03-01T00:00:00Z"), t("2026-03-01T00:00:00Z")},
                new Object[]{"A9", null, null, null, null});
        Dataset<Row> merchants = df(MERCHANTS,
                new Object[]{"R1", "DY", true, t("2026-01-01T00:00:00Z")},
                new Object[]{"R9", "XX", true, null});
        StructType ks = new StructType().add("contract_id", "string").add("anchor_id", "string").add("mcn_id", "string")
                .add("valid_from", "date").add("valid_to", "date");
        StructType ls = ListingPeriods.SCHEMA;
        Dataset<Row> calendar = new WorkingDayCalendar(Map.of(2026, new WorkingDayCalendar.YearSchedule(Set.of(), Set.of())))
                .asDataset(spark);
        List<Indicator> catalogue = QuarterlyIndicators.DEFINED.keySet().stream().map(QuarterlyIndicatorsTest::ind).toList();
        QuarterlyIndicators.Result r = QuarterlyIndicators.computeWithGaps(Q2, new QuarterlyIndicators.Inputs(broadcasts, violations,
                complaints, anchors, merchants, df(ks), df(ls), calendar), RULES, catalogue);
        Map<String, String> missing = new java.util.TreeMap<>();
        for (Row m : r.notAvailable().collectAsList()) missing.put(m.getString(1) + "/" + m.getString(2) + "/" + m.getString(3), m.getString(4));
        Map<String, Row> values = new HashMap<>();
        for (Row v : r.values().collectAsList()) values.put(v.getString(1) + "/" + v.getString(2) + "/" + v.getString(3), v);
        // XX: no verification, birth date, entry audit, retention, acceptance, closure, satisfaction or
        // payer recorded; no violation of an anchor and no complaint naming an anchor; A9 has no person
        // key, so no listing can reach XX's anchors (P16 would be 0 by construction). Its violations
        // indicators (P08-P10) have no exposure at all (no violation) and simply no cell.
        assertEquals(List.of("anchor/A9/A01_real_name_before_broadcast", "anchor/A9/A02_entry_audit_before_broadcast",
                "anchor/A9/A03_violations_per_1000", "anchor/A9/A04_complaints_per_million_gmv",
                "merchant/R9/R02_entry_audited", "merchant/R9/R04_mean_satisfaction",
                "merchant/R9/R05_commodity_compensated_by_merchant",
                "platform/XX/P01_anchor_real_name", "platform/XX/P02_underage_anchors", "platform/XX/P04_anchor_entry_audit",
                "platform/XX/P05_merchant_entry_audit", "platform/XX/P07_recording_retained",
                "platform/XX/P11_complaints_accepted_7wd", "platform/XX/P13_complaints_closed_45wd",
                "platform/XX/P14_mean_satisfaction", "platform/XX/P15_platform_backstop",
                "platform/XX/P16_listed_offenders_broadcasting"), List.copyOf(missing.keySet()));
        assertEquals("platform XX reported no real_name_verified_at of its active anchors in 2026Q2",
                missing.get("platform/XX/P01_anchor_real_name"));
        assertEquals("platform XX reported no violations of anchors in 2026Q2", missing.get("anchor/A9/A03_violations_per_1000"));
        // none of them is computed as 0 % or 0 per 1,000 ...
        missing.keySet().forEach(k -> assertFalse(values.containsKey(k), k));
        // ... while what XX does report is: monitoring, licence, outcome (C9 resolved: 1/1)
        assertRatio(values, "platform/XX/P06_broadcasts_monitored", 1, 1, 1);
        assertRatio(values, "platform/XX/P03_merchant_licence", 1, 1, 1);
        assertRatio(values, "platform/XX/P12_complaints_resolved", 1, 1, 1);
        assertRatio(values, "merchant/R9/R03_complaints_resolved", 1, 1, 1);
        // and DY, which reports everything, keeps every cell
        assertFalse(missing.keySet().stream().anyMatch(k -> k.contains("/DY/") || k.contains("/A1/") || k.contains("/R1/")));
        assertRatio(values, "platform/DY/P01_anchor_real_name", 1, 1, 1);
        assertRatio(values, "platform/DY/P07_recording_retained", 1, 1, 1);
        assertRatio(values, "platform/DY/P16_listed_offenders_broadcasting", 0, 1, 0);
        assertRatio(values, "anchor/A1/A03_violations_per_1000", 1, 1, 1000);
        // completeness, the least-reported field: XX's birth_date 0/1 (A9; C9's payer 0/1 ties and comes later, B9's
        // GMV 1/1) → 0/1 = 0, published, not "not available": not reporting is what it measures; DY: every field 1/1
        assertRatio(values, "platform/XX/P17_reporting_completeness", 0, 1, 0);
        assertRatio(values, "platform/DY/P17_reporting_completeness", 1, 1, 1);
    }

    /**
     * Registers with their history (issue 17 item 3): the merchants read as they stood on 2026-06-30,
     * the quarter's last day (Beijing). Versions [effective_from, effective_to), null = open:
     * <ul>
     *   <li>R1: licence not shown [earliest, 05-10), shown [05-10, 11-09), not shown [11-09, now): the
     *       change dated inside the quarter counts, the one dated in November does not → shown;</li>
     *   <li>R2: one version, shown, since the earliest known → shown;</li>
     *   <li>R4: first in the register from 11-10 (landed in November) → not in 2026Q2's register;</li>
     *   <li>R5: shown [earliest, 06-30), not shown [06-30, now): the last day itself reads the new
     *       version → not shown.</li>
     * </ul>
     * P03 DY = shown / merchants = (R1 + R2) / (R1, R2, R5) = 2/3; read as it is today it would be
     * R2, R4 shown of R1, R2, R4, R5 = 2/4, and with every version counted 4/7. R01: R1 1/1, R5 0/1,
     * no cell for R4. P05 (entry audit before 07-01 00:00 Beijing): only R2's version carries an
     * audit (2026-01-01) → 1/3.
     */
    @Test
    void registersAreReadAsTheyStoodOnTheQuartersLastDay() {
        StructType history = MERCHANTS.add("effective_from", "date").add("effective_to", "date");
        Dataset<Row> merchants = df(history,
                new Object[]{"R1", "DY", false, null, null, d("2026-05-10")},
                new Object[]{"R1", "DY", true, null, d("2026-05-10"), d("2026-11-09")},
                new Object[]{"R1", "DY", false, null, d("2026-11-09"), null},
                new Object[]{"R2", "DY", true, t("2026-01-01T00:00:00Z"), null, null},
                new Object[]{"R4", "DY", true, null, d("2026-11-10"), null},
                new Object[]{"R5", "DY", true, null, null, d("2026-06-30")},
                new Object[]{"R5", "DY", false, null, d("2026-06-30"), null});
        Dataset<Row> broadcasts = df(BROADCASTS,
                new Object[]{"B1", "DY", "A1", t("2026-04-10T02:00:00Z"), cny("100000.00"), "automated", d("2029-04-10")});
        Dataset<Row> anchors = df(ANCHORS,
                new Object[]{"A1", "pk1", d("2006-01-01"), t("2026-03-01T00:00:00Z"), t("2026-03-01T00:00:00Z")});
        StructType ks = new StructType().add("contract_id", "string").add("anchor_id", "string").add("mcn_id", "string")
                .add("valid_from", "date").add("valid_to", "date");
        Dataset<Row> calendar = new WorkingDayCalendar(Map.of(2026, new WorkingDayCalendar.YearSchedule(Set.of(), Set.of())))
                .asDataset(spark);
        List<Indicator> catalogue = QuarterlyIndicators.DEFINED.keySet().stream().map(QuarterlyIndicatorsTest::ind).toList();
        QuarterlyIndicators.Result r = QuarterlyIndicators.computeWithGaps(Q2, new QuarterlyIndicators.Inputs(broadcasts,
                df(VIOLATIONS), df(COMPLAINTS), anchors, merchants, df(ks), df(ListingPeriods.SCHEMA), calendar), RULES, catalogue);
        Map<String, Row> values = new HashMap<>();
        for (Row v : r.values().collectAsList()) values.put(v.getString(1) + "/" + v.getString(2) + "/" + v.getString(3), v);
        assertRatio(values, "platform/DY/P03_merchant_licence", 2, 3, 2.0 / 3);
        assertRatio(values, "platform/DY/P05_merchant_entry_audit", 1, 3, 1.0 / 3);
        assertRatio(values, "merchant/R1/R01_licence_displayed", 1, 1, 1);
        assertRatio(values, "merchant/R5/R01_licence_displayed", 0, 1, 0);
        assertFalse(values.keySet().stream().anyMatch(k -> k.startsWith("merchant/R4/")), values.keySet().toString());
        // the current view (offender step, what-if) is today's register: R1 and R5 not shown, R2 and R4 shown
        Map<String, Boolean> now = new HashMap<>();
        org.livegov.metrics.conform.RegisterHistory.current(merchants).collectAsList()
                .forEach(m -> now.put(m.getString(0), m.getBoolean(2)));
        assertEquals(Map.of("R1", false, "R2", true, "R4", true, "R5", false), now);
        assertEquals(List.of("merchant_id", "platform_id", "licence_displayed", "entry_audited_at"),
                List.of(org.livegov.metrics.conform.RegisterHistory.current(merchants).columns()));
    }

    static void assertRatio(Map<String, Row> values, String key, double num, double den, double value) {
        Row r = values.get(key);
        assertFalse(r == null, key + " missing");
        assertEquals(List.of(num, den, value), List.of(r.getDouble(4), r.getDouble(5), r.getDouble(6)), key);
    }

    @Test
    void catalogueMustMatchTheDefinitions() {
        Indicator wrongKind = new Indicator("P01_anchor_real_name", Role.PLATFORM, "d", "n", "d", Kind.RATE,
                Direction.HIGHER_IS_BETTER, "u", 1, 0, 1, 1, 0);
        assertThrows(IllegalArgumentException.class, () -> QuarterlyIndicators.compute(Q2, null, RULES, List.of(wrongKind)));
        assertEquals("2026-04-01", Q2.firstDay().toString());
        assertEquals("2026-06-30", Q2.lastDay().toString());
        assertEquals("2026-06-30T16:00:00Z", Q2.endExclusive().toString()); // 07-01 00:00 Beijing
        assertThrows(IllegalArgumentException.class, () -> Quarter.parse("2026Q5"));
    }
}
