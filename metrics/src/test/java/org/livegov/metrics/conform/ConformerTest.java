package org.livegov.metrics.conform;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.livegov.metrics.conf.Taxonomy;
import org.livegov.metrics.conf.Thresholds;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.TestSpark;
import scala.jdk.javaapi.CollectionConverters;

/** Conforming rules on single rows: each case's expected outcome worked out from the contract. */
class ConformerTest {
    static final SparkSession spark = TestSpark.session();
    static final StructType BRONZE = new StructType()
            .add("batch_id", DataTypes.StringType).add("source_file", DataTypes.StringType)
            .add("source_checksum", DataTypes.StringType).add("source_format", DataTypes.StringType)
            .add("source_encoding", DataTypes.StringType).add("ingested_at", DataTypes.TimestampType)
            .add("record", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
            .add("malformed", DataTypes.StringType);
    static final Taxonomy TAXONOMY = new Taxonomy("t1", Map.of(
            "V04", new Taxonomy.Category("V04", "false publicity", "publicity", "s3"),
            "V13", new Taxonomy.Category("V13", "price not marked", "conduct", "s1")), "s3");
    // ceilings as conf/livegov.yaml: GMV 1e10, penalty 1e9, compensation 1e7 CNY, 72 h,
    // peak viewers 5e7, views 1e9, orders 1e8
    static final Thresholds LIMITS = new Thresholds(24, new BigDecimal("10000000000"), new BigDecimal("1000000000"),
            new BigDecimal("10000000"), 72, 50_000_000L, 1_000_000_000L, 100_000_000L, 7);
    // run date 2026-06-30 Beijing: cut-off 2026-07-01T00:00+08:00 = 2026-06-30T16:00Z, plus 24 h tolerance
    static final ConformContext CTX = new ConformContext(TAXONOMY, LIMITS, Instant.parse("2026-06-30T16:00:00Z"));

    static Map<String, String> broadcast(String... overrides) {
        Map<String, String> r = new LinkedHashMap<>(Map.of("broadcast_id", "B1", "platform_id", "DY", "anchor_id", "A1",
                "started_at", "2026-04-10T20:00:00+08:00", "ended_at", "2026-04-10T23:00:00+08:00",
                "gmv_cny", "1000.00", "monitoring", "automated"));
        for (int i = 0; i < overrides.length; i += 2) {
            r.put(overrides[i], overrides[i + 1]);
        }
        return r;
    }

    static List<Row> conform(Feed feed, List<Map<String, String>> records) {
        List<Row> rows = new ArrayList<>();
        for (Map<String, String> r : records) {
            rows.add(RowFactory.create("b1", "f.csv", "sum", "csv", "utf-8", Timestamp.from(Instant.EPOCH),
                    CollectionConverters.asScala(new HashMap<>(r)), null));
        }
        Dataset<Row> bronze = spark.createDataFrame(rows, BRONZE);
        return Conformer.conform(bronze, feed, CTX).orderBy(col("broadcast_id")).collectAsList();
    }

    static String reason(Map<String, String> record) {
        return conform(Feed.BROADCASTS, List.of(record)).get(0).getAs("reason_code");
    }

    @Test
    void validBroadcastIsTypedInUtcAndBeijingMonth() {
        Row r = conform(Feed.BROADCASTS, List.of(broadcast("started_at", "2026-04-30T23:30:00Z",
                "ended_at", "2026-05-01 09:00:00"))).get(0);
        assertNull(r.getAs("reason_code"));
        // 23:30 UTC on 04-30 is 07:30 on 05-01 in Beijing: month 2026-05
        assertEquals("2026-05", r.getAs("month"));
        // no offset: Beijing local time, 09:00+08:00 = 01:00Z
        assertEquals(Instant.parse("2026-05-01T01:00:00Z"), r.<Timestamp>getAs("ended_at").toInstant());
        assertEquals(new BigDecimal("1000.00"), r.getAs("gmv_cny"));
    }

    @Test
    void eachBrokenFieldGetsItsReason() {
        assertEquals("BAD_INSTANT", reason(broadcast("started_at", "2026-02-30T10:00:00+08:00"))); // no 30 Feb
        assertEquals("BAD_INSTANT", reason(broadcast("started_at", "2026")));                      // not a full date
        assertEquals("BAD_MONEY", reason(broadcast("gmv_cny", "12.345")));                          // 3 decimals
        assertEquals("BAD_MONEY", reason(broadcast("gmv_cny", "1,000.00")));                        // separator
        assertEquals("NEGATIVE_VALUE", reason(broadcast("gmv_cny", "-1.00")));
        assertEquals("ABSURD_VALUE", reason(broadcast("gmv_cny", "10000000000.01")));               // above 1e10 CNY
        assertEquals("UNKNOWN_ENUM", reason(broadcast("monitoring", "drone")));
        assertEquals("MISSING_REQUIRED", reason(broadcast("anchor_id", " ")));                      // blank = missing
        assertEquals("END_BEFORE_START", reason(broadcast("ended_at", "2026-04-10T19:59:59+08:00")));
        // 73 hours > 72 configured
        assertEquals("ABSURD_VALUE", reason(broadcast("ended_at", "2026-04-13T21:00:00+08:00")));
        // cut-off 2026-06-30T16:00Z + 24 h = 2026-07-01T16:00Z; one second later is in the future
        assertEquals("FUTURE_INSTANT", reason(broadcast("started_at", "2026-07-01T16:00:01Z", "ended_at", "2026-07-01T17:00:00Z")));
        assertNull(reason(broadcast("started_at", "2026-07-01T15:00:00Z", "ended_at", "2026-07-01T16:00:00Z"))); // exactly at the limit
    }

    static Row one(Map<String, String> record) {
        return conform(Feed.BROADCASTS, List.of(record)).get(0);
    }

    @Test
    void everyCountAndAmountHasACeilingThatItsValuePassesAndOneMoreFails() {
        // LIMITS: peak viewers 50,000,000; views 1,000,000,000; orders 100,000,000; GMV 10,000,000,000.00 CNY
        String[][] atAndAbove = {
                {"peak_viewers", "50000000", "50000001", "peak_viewers exceeds 50000000 (quarantine.max_peak_viewers)"},
                {"views", "1000000000", "1000000001", "views exceeds 1000000000 (quarantine.max_views)"},
                {"orders", "100000000", "100000001", "orders exceeds 100000000 (quarantine.max_orders)"},
                {"gmv_cny", "10000000000.00", "10000000000.01", "gmv_cny exceeds 10000000000 CNY (quarantine.max_gmv_cny)"},
        };
        for (String[] c : atAndAbove) {
            assertNull(reason(broadcast(c[0], c[1])), c[0] + " at its ceiling passes");
            Row r = one(broadcast(c[0], c[2]));
            assertEquals("ABSURD_VALUE", r.getAs("reason_code"), c[0]);
            assertEquals(c[3], r.getAs("reason_detail"));
        }
        // the case: 999,999,999,999,999 views (15 digits, a valid bigint) is 999,999x the ceiling
        Row absurd = one(broadcast("views", "999999999999999"));
        assertEquals("ABSURD_VALUE", absurd.getAs("reason_code"));
        assertEquals("views exceeds 1000000000 (quarantine.max_views)", absurd.getAs("reason_detail"));
        // 72 h exactly passes: 20:00 on 04-10 to 20:00 on 04-13 Beijing = 3 x 24 h; one second more fails
        assertNull(reason(broadcast("ended_at", "2026-04-13T20:00:00+08:00")));
        Row longer = one(broadcast("ended_at", "2026-04-13T20:00:01+08:00"));
        assertEquals("broadcast longer than 72 hours (quarantine.max_broadcast_hours)", longer.getAs("reason_detail"));
        // a negative count is NEGATIVE_VALUE, which comes before ABSURD_VALUE in ReasonCode order
        assertEquals("NEGATIVE_VALUE", reason(broadcast("views", "-1")));
    }

    @Test
    void penaltyAndCompensationCeilings() {
        // LIMITS: penalty 1,000,000,000.00 CNY, compensation 10,000,000.00 CNY
        Map<String, String> v = new LinkedHashMap<>(Map.of("violation_id", "V1", "platform_id", "DY", "subject_role", "anchor",
                "subject_id", "A1", "category", "V04", "detected_at", "2026-04-11T10:00:00+08:00",
                "detected_by", "platform_automated", "status", "confirmed", "penalty_cny", "1000000000.00"));
        Map<String, String> v2 = new LinkedHashMap<>(v);
        v2.put("violation_id", "V2");
        v2.put("penalty_cny", "1000000000.01");
        List<Row> vs = spark.createDataFrame(List.of(
                        RowFactory.create("b1", "f", "s", "csv", "utf-8", Timestamp.from(Instant.EPOCH), CollectionConverters.asScala(v), null),
                        RowFactory.create("b1", "f", "s", "csv", "utf-8", Timestamp.from(Instant.EPOCH), CollectionConverters.asScala(v2), null)),
                BRONZE).transform(d -> Conformer.conform(d, Feed.VIOLATIONS, CTX)).orderBy("violation_id").collectAsList();
        assertNull(vs.get(0).getAs("reason_code"));
        assertEquals("penalty_cny exceeds 1000000000 CNY (quarantine.max_penalty_cny)", vs.get(1).getAs("reason_detail"));
        Map<String, String> k = new LinkedHashMap<>(Map.of("complaint_id", "K1", "platform_id", "DY", "kind", "other",
                "received_at", "2026-04-12T10:00:00+08:00", "compensation_cny", "10000000.00"));
        Map<String, String> k2 = new LinkedHashMap<>(k);
        k2.put("complaint_id", "K2");
        k2.put("compensation_cny", "10000000.01");
        List<Row> ks = spark.createDataFrame(List.of(
                        RowFactory.create("b1", "f", "s", "csv", "utf-8", Timestamp.from(Instant.EPOCH), CollectionConverters.asScala(k), null),
                        RowFactory.create("b1", "f", "s", "csv", "utf-8", Timestamp.from(Instant.EPOCH), CollectionConverters.asScala(k2), null)),
                BRONZE).transform(d -> Conformer.conform(d, Feed.COMPLAINTS, CTX)).orderBy("complaint_id").collectAsList();
        assertNull(ks.get(0).getAs("reason_code"));
        assertEquals("compensation_cny exceeds 10000000 CNY (quarantine.max_compensation_cny)", ks.get(1).getAs("reason_detail"));
    }

    @Test
    void everyCountAndAmountFieldOfEveryContractHasACeiling() {
        // a LONG or CNY field added to a contract without a ceiling would be let through unbounded
        List<String> without = new ArrayList<>();
        for (Feed feed : Feed.values()) {
            for (org.livegov.metrics.contract.Field f : feed.fields()) {
                boolean bounded = f.type() == org.livegov.metrics.contract.FieldType.LONG
                        || f.type() == org.livegov.metrics.contract.FieldType.CNY;
                if (bounded && (LIMITS.ceiling(f.name()) == null || !Thresholds.CEILING_KEYS.containsKey(f.name()))) {
                    without.add(feed.feedName() + "." + f.name());
                }
            }
        }
        assertEquals(List.of(), without);
        // six fields: broadcasts peak_viewers, views, orders, gmv_cny; violations penalty_cny; complaints compensation_cny
        assertEquals(6, Thresholds.CEILING_KEYS.size());
    }

    @Test
    void firstFailingCheckInReasonOrderWins() {
        // missing anchor (MISSING_REQUIRED) comes before bad money (BAD_MONEY) in ReasonCode order
        assertEquals("MISSING_REQUIRED", reason(broadcast("anchor_id", "", "gmv_cny", "x")));
    }

    @Test
    void violationSeverityDefaultsFromTaxonomyAndGivenOneIsKept() {
        Map<String, String> v = new LinkedHashMap<>(Map.of("violation_id", "V1", "platform_id", "DY", "subject_role", "anchor",
                "subject_id", "A1", "category", "v04", "detected_at", "2026-04-11T10:00:00+08:00",
                "detected_by", "platform_automated", "status", "confirmed"));
        Map<String, String> given = new LinkedHashMap<>(v);
        given.put("violation_id", "V2");
        given.put("severity", "S4");
        List<Row> rows = spark.createDataFrame(List.of(
                        RowFactory.create("b1", "f", "s", "csv", "utf-8", Timestamp.from(Instant.EPOCH), CollectionConverters.asScala(v), null),
                        RowFactory.create("b1", "f", "s", "csv", "utf-8", Timestamp.from(Instant.EPOCH), CollectionConverters.asScala(given), null)),
                BRONZE).transform(d -> Conformer.conform(d, Feed.VIOLATIONS, CTX)).orderBy("violation_id").collectAsList();
        assertEquals("V04", rows.get(0).getAs("category"));  // upper-cased
        assertEquals("s3", rows.get(0).getAs("severity"));   // V04 default
        assertEquals("publicity", rows.get(0).getAs("kind"));
        assertEquals("s4", rows.get(1).getAs("severity"));   // given (health claim), kept
    }
}
