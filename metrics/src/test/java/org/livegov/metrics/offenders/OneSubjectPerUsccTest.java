package org.livegov.metrics.offenders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
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
import org.livegov.metrics.gold.SubjectKeys;
import org.livegov.metrics.TestSpark;

/**
 * Issue 13 item 4 through the Dataset side: registers → {@link SubjectKeys} → candidates →
 * rules' form → {@link Lifecycle}. Merchant M and MCN N share USCC X; without a USCC, merchant S
 * and MCN T stay apart.
 */
class OneSubjectPerUsccTest {
    static final SparkSession spark = TestSpark.session();
    static final String X = "91330100MA27ABCD3J";

    static Timestamp bj(String local) {
        return Timestamp.from(Instant.parse(local + "Z").minusSeconds(8 * 3600));
    }

    static Row v(String id, String role, String subjectId, String category, String beijing) {
        return RowFactory.create(id, "DY", role, subjectId, null, category, "s3", "confirmed", bj(beijing), false);
    }

    @Test
    void aMerchantAndAnMcnWithOneUsccAreOneSubjectWithBothRoles() {
        StructType vs = new StructType().add("violation_id", DataTypes.StringType).add("platform_id", DataTypes.StringType)
                .add("subject_role", DataTypes.StringType).add("subject_id", DataTypes.StringType)
                .add("subject_uscc", DataTypes.StringType).add("category", DataTypes.StringType)
                .add("severity", DataTypes.StringType).add("status", DataTypes.StringType)
                .add("detected_at", DataTypes.TimestampType).add("heavier_penalty", DataTypes.BooleanType);
        // no broadcast ids: each record is its own act (one per category and Beijing day, all distinct here)
        Dataset<Row> violations = spark.createDataFrame(List.of(
                // X: two serious acts as merchant M, one as MCN N, within 24 months
                v("M1", "merchant", "M", "V04", "2025-10-01T10:00:00"),
                v("N1", "mcn", "N", "V05", "2026-01-01T10:00:00"),
                v("M2", "merchant", "M", "V06", "2026-03-01T10:00:00"),
                // S (merchant) and T (MCN) have no USCC: two keys, two acts and one act, no rule fires
                v("S1", "merchant", "S", "V04", "2025-10-01T10:00:00"),
                v("S2", "merchant", "S", "V05", "2026-01-01T10:00:00"),
                v("T1", "mcn", "T", "V06", "2026-03-01T10:00:00")), vs)
                .withColumn("broadcast_id", org.apache.spark.sql.functions.lit(null).cast("string"));
        StructType ids = new StructType().add("id", DataTypes.StringType).add("uscc", DataTypes.StringType);
        Dataset<Row> merchants = spark.createDataFrame(List.of(RowFactory.create("M", X), RowFactory.create("S", null)), ids)
                .withColumnRenamed("id", "merchant_id");
        Dataset<Row> mcns = spark.createDataFrame(List.of(RowFactory.create("N", X), RowFactory.create("T", null)), ids)
                .withColumnRenamed("id", "mcn_id");
        Dataset<Row> anchors = spark.createDataFrame(List.of(), new StructType().add("anchor_id", DataTypes.StringType)
                .add("person_key", DataTypes.StringType));
        Dataset<Row> keyed = SubjectKeys.attach(violations, anchors, merchants, mcns);
        Map<String, String> keyOf = new TreeMap<>();
        keyed.select("violation_id", "subject_key").collectAsList().forEach(r -> keyOf.put(r.getString(0), r.getString(1)));
        assertEquals(Map.of("M1", "uscc:" + X, "N1", "uscc:" + X, "M2", "uscc:" + X, "S1", "merchant:S", "S2", "merchant:S",
                "T1", "mcn:T"), keyOf);
        // R-SERIOUS-3IN24M needs 3 s3+ acts: only uscc:X has them (S has 2, T has 1)
        LocalDate asOf = LocalDate.of(2026, 6, 30);
        List<String> candidates = OffenderSets.candidateSubjects(keyed, LifecycleTest.POLICY, asOf)
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertEquals(List.of("uscc:" + X), candidates);
        List<OffenderViolation> acts = new ArrayList<>();
        OffenderSets.ruleColumns(keyed).where("subject_key = 'uscc:" + X + "'").collectAsList()
                .forEach(r -> acts.add(OffenderSets.violation(r)));
        Lifecycle.Step s = Lifecycle.step(LifecycleTest.POLICY, "uscc:" + X, null, acts, List.of(), asOf, "r", "b");
        // one listing: triggered by M2 (2026-03-01), listed from 2026-03-11, roles [mcn, merchant], role merchant
        assertEquals(1, s.written().size());
        Listing l = s.listing();
        assertEquals("uscc:" + X + "#1", l.listingId());
        assertEquals(List.of("mcn", "merchant"), l.subjectRoles());
        assertEquals("merchant", l.subjectRole());
        assertEquals(LocalDate.of(2026, 3, 11), l.listedFrom());
        assertEquals(List.of("M1", "N1", "M2"), l.evidenceIds());
        // the row round-trips with its roles
        assertEquals(l, OffenderRows.listing(spark.createDataFrame(List.of(OffenderRows.toRow(l)), OffenderRows.LISTINGS).first()));
    }
}
