package org.livegov.metrics.trend;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.livegov.metrics.TestSpark;

/**
 * The long series on a hand fixture. Cut-off 2026-05-20: April is complete, May and 2026Q2 are not.
 *
 * <pre>
 * broadcasts: b1 DY M1 Apr 1000.00 · b2 DY M1 Apr 500.50 · b3 KS (no MCN) Apr null GMV · b4 DY M1 May 2000.00
 * violations: v1 DY M1 Apr confirmed s3 V04 anchor, disposed after 4 h · v2 KS Apr under_appeal s2 V11 merchant, 10 h
 *             v3 DY M1 Apr overturned (never counts) · v4 DY M1 May confirmed s4 V01 anchor, not disposed
 *             v5 DY M1 Mar confirmed s3 V04 anchor: March has violations but no broadcast or complaint data
 * complaints: c1 DY M1 Apr decided, in time · c2 KS Apr decided, late · c3 DY M1 May not yet decided
 * MCN M1: USCC region 33 (Zhejiang, 330000); anchors A1, A2 contracted on 2026-05-20 (A3's contract ended
 * 2026-03-31) → 2 anchors → band "medium" (bands small 0, medium 2, large 10).
 * </pre>
 */
class TrendSeriesTest {
    static final SparkSession spark = TestSpark.session();
    static final LocalDate AS_OF = LocalDate.of(2026, 5, 20);
    static final TrendConfig CFG = new TrendConfig(List.of(),
            List.of(new TrendConfig.SizeBand("small", "小", "small", 0), new TrendConfig.SizeBand("medium", "中", "medium", 2),
                    new TrendConfig.SizeBand("large", "大", "large", 10)),
            0.95, 4, 2, 3, Map.of("330000", new TrendConfig.Province("330000", "浙江省", "Zhejiang")));
    static Map<String, Row> rows = new HashMap<>();
    static List<Row> profile;

    static Timestamp ts(String s) {
        return Timestamp.from(Instant.parse(s));
    }

    @BeforeAll
    static void build() {
        StructType bs = new StructType().add("broadcast_id", "string").add("platform_id", "string").add("mcn_id", "string")
                .add("month", "string").add("gmv_cny", DataTypes.createDecimalType(18, 2));
        Dataset<Row> b = spark.createDataFrame(List.of(
                RowFactory.create("b1", "DY", "M1", "2026-04", new BigDecimal("1000.00")),
                RowFactory.create("b2", "DY", "M1", "2026-04", new BigDecimal("500.50")),
                RowFactory.create("b3", "KS", null, "2026-04", null),
                RowFactory.create("b4", "DY", "M1", "2026-05", new BigDecimal("2000.00"))), bs);
        StructType vs = new StructType().add("violation_id", "string").add("platform_id", "string").add("mcn_id", "string")
                .add("month", "string").add("status", "string").add("severity", "string").add("category", "string")
                .add("subject_role", "string").add("detected_at", "timestamp").add("disposed_at", "timestamp");
        Dataset<Row> v = spark.createDataFrame(List.of(
                RowFactory.create("v1", "DY", "M1", "2026-04", "confirmed", "s3", "V04", "anchor",
                        ts("2026-04-10T02:00:00Z"), ts("2026-04-10T06:00:00Z")),
                RowFactory.create("v2", "KS", null, "2026-04", "under_appeal", "s2", "V11", "merchant",
                        ts("2026-04-11T02:00:00Z"), ts("2026-04-11T12:00:00Z")),
                RowFactory.create("v3", "DY", "M1", "2026-04", "overturned", "s3", "V04", "anchor",
                        ts("2026-04-12T02:00:00Z"), ts("2026-04-12T03:00:00Z")),
                RowFactory.create("v4", "DY", "M1", "2026-05", "confirmed", "s4", "V01", "anchor",
                        ts("2026-05-02T02:00:00Z"), null),
                RowFactory.create("v5", "DY", "M1", "2026-03", "confirmed", "s3", "V04", "anchor",
                        ts("2026-03-15T02:00:00Z"), null)), vs);
        StructType cs = new StructType().add("complaint_id", "string").add("platform_id", "string").add("mcn_id", "string")
                .add("month", "string").add("acceptance_decided", "boolean").add("accepted_in_time", "boolean");
        Dataset<Row> c = spark.createDataFrame(List.of(
                RowFactory.create("c1", "DY", "M1", "2026-04", true, true),
                RowFactory.create("c2", "KS", null, "2026-04", true, false),
                RowFactory.create("c3", "DY", "M1", "2026-05", false, false)), cs);
        Dataset<Row> mcns = spark.createDataFrame(List.of(RowFactory.create("M1", "91330100MA2XXXXXX1"),
                RowFactory.create("M2", "91990100MA2XXXXXX1")), new StructType().add("mcn_id", "string").add("uscc", "string"));
        Dataset<Row> contracts = spark.createDataFrame(List.of(
                RowFactory.create("A1", "M1", Date.valueOf("2026-01-01"), null),
                RowFactory.create("A2", "M1", Date.valueOf("2026-02-01"), Date.valueOf("2026-12-31")),
                RowFactory.create("A3", "M1", Date.valueOf("2025-01-01"), Date.valueOf("2026-03-31"))),
                new StructType().add("anchor_id", "string").add("mcn_id", "string").add("valid_from", "date").add("valid_to", "date"));
        Dataset<Row> p = TrendSeries.mcnProfile(mcns, contracts, AS_OF, CFG);
        profile = p.orderBy("mcn_id").collectAsList();
        for (Row r : TrendSeries.build(b, v, c, p, AS_OF).collectAsList()) {
            rows.put(String.join("|", r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4)), r);
        }
    }

    static Row at(String type, String period, String dim, String value, String measure) {
        return rows.get(String.join("|", type, period, dim, value, measure));
    }

    static double value(String type, String period, String dim, String dv, String measure) {
        return at(type, period, dim, dv, measure).getDouble(5);
    }

    @Test
    void profileBandsAndProvinces() {
        assertEquals(RowFactory.create("M1", 2L, "medium", "330000"), profile.get(0));
        assertEquals(RowFactory.create("M2", 0L, "small", "unknown"), profile.get(1)); // region 99 is not in the table
    }

    @Test
    void nationalAprilIsComplete() {
        assertEquals(3.0, value("month", "2026-04", "all", "all", "broadcasts"));
        Row gmv = at("month", "2026-04", "all", "all", "gmv_cny");
        assertEquals(new BigDecimal("1500.50"), gmv.getDecimal(6));                    // 1000.00 + 500.50 + 0
        assertEquals(2.0, value("month", "2026-04", "all", "all", "violations"));          // v3 overturned
        assertEquals(2000.0 / 3, value("month", "2026-04", "all", "all", "violations_per_1000_broadcasts"), 1e-9);
        Row med = at("month", "2026-04", "all", "all", "median_hours_to_disposal");
        assertEquals(7.0, med.getDouble(5), 1e-9);                                       // median(4 h, 10 h)
        assertEquals(new BigDecimal("2.00"), med.getDecimal(7));                          // 2 disposals
        assertEquals(2 / 0.0015005, value("month", "2026-04", "all", "all", "complaints_per_million_gmv"), 1e-6); // 1332.889
        Row share = at("month", "2026-04", "all", "all", "share_accepted_in_time");
        assertEquals(0.5, share.getDouble(5));                                            // 1 in time of 2 decided
        assertEquals(new BigDecimal("1.00"), share.getDecimal(6));
        assertEquals(new BigDecimal("2.00"), share.getDecimal(7));
        assertTrue(share.getBoolean(8));
    }

    @Test
    void dimensions() {
        assertEquals(2.0, value("month", "2026-04", "platform", "DY", "broadcasts"));
        assertEquals(500.0, value("month", "2026-04", "platform", "DY", "violations_per_1000_broadcasts"), 1e-9); // 1 × 1000 / 2
        assertEquals(1.0, value("month", "2026-04", "platform", "DY", "share_accepted_in_time"));
        assertTrue(at("month", "2026-04", "platform", "KS", "complaints_per_million_gmv").isNullAt(5)); // KS has no GMV
        assertEquals(2.0, value("month", "2026-04", "mcn_size_band", "medium", "broadcasts"));
        assertEquals(1.0, value("month", "2026-04", "mcn_size_band", "none", "broadcasts"));
        assertEquals(2.0, value("month", "2026-04", "province", "330000", "broadcasts"));
        assertEquals(1.0, value("month", "2026-04", "province", "unknown", "broadcasts"));
        // category: numerator its violations, denominator all 3 broadcasts of April
        assertEquals(1000.0 / 3, value("month", "2026-04", "category", "V04", "violations_per_1000_broadcasts"), 1e-9);
        assertEquals(1.0, value("month", "2026-04", "role", "merchant", "violations"));
        assertEquals(1.0, value("month", "2026-04", "severity", "s3", "violations"));         // v3 (s3) overturned
        assertNull(at("month", "2026-04", "category", "V04", "broadcasts"));                  // violation measures only
    }

    @Test
    void aMonthOutsideAFeedsCoverageHasNoFalseZero() {
        assertEquals(1.0, value("month", "2026-03", "all", "all", "violations"));
        assertTrue(at("month", "2026-03", "all", "all", "median_hours_to_disposal").isNullAt(5));   // v5 not disposed
        assertNull(at("month", "2026-03", "all", "all", "broadcasts"));                              // no broadcast data
        assertNull(at("month", "2026-03", "all", "all", "violations_per_1000_broadcasts"));
        assertNull(at("month", "2026-03", "all", "all", "complaints"));
        assertNull(at("month", "2026-03", "category", "V04", "violations_per_1000_broadcasts"));
        assertEquals(1.0, value("quarter", "2026Q1", "category", "V04", "violations"));
    }

    @Test
    void mayAndTheQuarterAreNotCompleteYet() {
        Row may = at("month", "2026-05", "all", "all", "broadcasts");
        assertEquals(1.0, may.getDouble(5));
        assertFalse(may.getBoolean(8));
        assertTrue(at("month", "2026-05", "all", "all", "median_hours_to_disposal").isNullAt(5)); // v4 not disposed
        Row q = at("quarter", "2026Q2", "all", "all", "broadcasts");
        assertEquals(4.0, q.getDouble(5));
        assertFalse(q.getBoolean(8));
        assertEquals(new BigDecimal("3500.50"), at("quarter", "2026Q2", "all", "all", "gmv_cny").getDecimal(6));
        assertEquals(750.0, value("quarter", "2026Q2", "all", "all", "violations_per_1000_broadcasts"), 1e-9); // 3 × 1000 / 4
        assertEquals(7.0, value("quarter", "2026Q2", "all", "all", "median_hours_to_disposal"), 1e-9);
        assertEquals(0.5, value("quarter", "2026Q2", "all", "all", "share_accepted_in_time"));               // c3 undecided
    }
}
