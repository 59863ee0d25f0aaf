package org.livegov.metrics.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.livegov.metrics.TestSpark;

class McnAttributionTest {
    static final SparkSession spark = TestSpark.session();
    static final StructType CONTRACTS = new StructType().add("contract_id", DataTypes.StringType)
            .add("anchor_id", DataTypes.StringType).add("mcn_id", DataTypes.StringType)
            .add("valid_from", DataTypes.DateType).add("valid_to", DataTypes.DateType);

    static Row contract(String id, String anchor, String mcn, String from, String to) {
        return RowFactory.create(id, anchor, mcn, Date.valueOf(from), to == null ? null : Date.valueOf(to));
    }

    /*
     * Anchor A: c1 2026-01-01..06-30 (M1); c2 2026-04-01..open (M2), overlapping c1; c3 2026-04-01..04-10
     * (M3), same valid_from as c2 and the greater contract_id, so c3 wins its ten days.
     * Anchor B: c4 January (M4), a gap in February, c5 from 2026-03-01 open (M5).
     */
    static Dataset<Row> contracts() {
        return spark.createDataFrame(List.of(
                contract("c1", "A", "M1", "2026-01-01", "2026-06-30"),
                contract("c2", "A", "M2", "2026-04-01", null),
                contract("c3", "A", "M3", "2026-04-01", "2026-04-10"),
                contract("c4", "B", "M4", "2026-01-01", "2026-01-31"),
                contract("c5", "B", "M5", "2026-03-01", null)), CONTRACTS);
    }

    @Test
    void eachFactGetsTheMcnOfItsBeijingDayAndNoFactIsLostOrDoubled() {
        StructType facts = new StructType().add("broadcast_id", DataTypes.StringType)
                .add("anchor_id", DataTypes.StringType).add("started_at", DataTypes.TimestampType);
        Dataset<Row> in = spark.createDataFrame(List.of(
                // 2026-03-31 16:30 UTC = 2026-04-01 00:30 Beijing: c3's first day (not c1's March)
                RowFactory.create("f1", "A", Timestamp.from(Instant.parse("2026-03-31T16:30:00Z"))),
                // 2026-04-11 08:00 Beijing: c3 has ended, c2 (valid_from 04-01) beats c1 (01-01)
                RowFactory.create("f2", "A", Timestamp.from(Instant.parse("2026-04-11T00:00:00Z"))),
                // February: B's gap between contracts
                RowFactory.create("f3", "B", Timestamp.from(Instant.parse("2026-02-15T04:00:00Z"))),
                // an anchor without contracts
                RowFactory.create("f4", "Z", Timestamp.from(Instant.parse("2026-05-01T04:00:00Z"))),
                // 2026-01-31 23:59:59 Beijing: still c4's last day
                RowFactory.create("f5", "B", Timestamp.from(Instant.parse("2026-01-31T15:59:59Z"))),
                // 2026-02-01 00:00 Beijing: the day after c4 ends
                RowFactory.create("f6", "B", Timestamp.from(Instant.parse("2026-01-31T16:00:00Z")))), facts);
        Dataset<Row> out = McnAttribution.attach(in, "broadcast_id", "anchor_id", "started_at", contracts());
        Map<String, String> got = new TreeMap<>();
        for (Row r : out.collectAsList()) {
            got.put(r.getAs("broadcast_id"), r.getAs("mcn_id") == null ? "-" : r.getAs("mcn_id"));
        }
        Map<String, String> expected = new HashMap<>(Map.of("f1", "M3", "f2", "M2", "f3", "-", "f4", "-", "f5", "M4",
                "f6", "-"));
        assertEquals(new TreeMap<>(expected), got);
        assertEquals(6, out.count());
        assertEquals(List.of("broadcast_id", "anchor_id", "started_at", "mcn_id"), List.of(out.columns()));
    }

    @Test
    void aViolationAnswersToItsAnchorsMcnOrToTheMcnItself() {
        StructType violations = new StructType().add("violation_id", DataTypes.StringType)
                .add("subject_role", DataTypes.StringType).add("subject_id", DataTypes.StringType)
                .add("detected_at", DataTypes.TimestampType);
        Timestamp april11 = Timestamp.from(Instant.parse("2026-04-11T00:00:00Z"));   // 08:00 Beijing, c2 (M2) for A
        Dataset<Row> in = spark.createDataFrame(List.of(
                RowFactory.create("v1", "anchor", "A", april11),      // A's MCN that day: M2
                RowFactory.create("v2", "mcn", "M9", april11),        // the MCN's own act: M9, whatever its anchors
                RowFactory.create("v3", "merchant", "A", april11),    // a merchant whose id happens to be "A": no MCN
                RowFactory.create("v4", "anchor", "B", Timestamp.from(Instant.parse("2026-02-15T04:00:00Z")))), // B's gap
                violations);
        Dataset<Row> out = McnAttribution.attachViolations(in, contracts());
        Map<String, String> got = new TreeMap<>();
        for (Row r : out.collectAsList()) {
            got.put(r.getAs("violation_id"), r.getAs("mcn_id") == null ? "-" : r.getAs("mcn_id"));
        }
        assertEquals(new TreeMap<>(Map.of("v1", "M2", "v2", "M9", "v3", "-", "v4", "-")), got);
        assertEquals(List.of("violation_id", "subject_role", "subject_id", "detected_at", "mcn_id"), List.of(out.columns()));
    }
}
