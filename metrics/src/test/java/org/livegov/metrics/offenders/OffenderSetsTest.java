package org.livegov.metrics.offenders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.livegov.metrics.TestSpark;

/** The Dataset side of the offender step on hand-made rows: candidates, hand-over, audiences, evasion. */
class OffenderSetsTest {
    static final SparkSession spark = TestSpark.session();
    static final StructType KEYED = new StructType().add("violation_id", DataTypes.StringType)
            .add("subject_key", DataTypes.StringType).add("subject_role", DataTypes.StringType)
            .add("platform_id", DataTypes.StringType).add("category", DataTypes.StringType)
            .add("severity", DataTypes.StringType).add("status", DataTypes.StringType)
            .add("detected_at", DataTypes.TimestampType).add("heavier_penalty", DataTypes.BooleanType)
            .add("broadcast_id", DataTypes.StringType);
    static final OffenderPolicy POLICY = LifecycleTest.POLICY;

    /** Beijing local time → UTC instant. */
    static Timestamp bj(String local) {
        return Timestamp.from(Instant.parse(local + "Z").minusSeconds(8 * 3600));
    }

    static Row v(String id, String subject, String severity, String status, String beijing, Boolean heavier) {
        return RowFactory.create(id, subject, "anchor", "DY", "V04", severity, status, bj(beijing), heavier, null);
    }

    @Test
    void candidatesAreSubjectsSomeRuleCouldList() {
        Dataset<Row> keyed = spark.createDataFrame(List.of(
                // p: one s4 with heavier penalty → the critical rule (count 1) could fire
                v("1", "person:p", "s4", "confirmed", "2026-06-01T10:00:00", true),
                // q: two s3 confirmed + one overturned: 2 < 3, and the heavier flag is null (= false)
                v("2", "person:q", "s3", "confirmed", "2026-01-01T10:00:00", null),
                v("3", "person:q", "s3", "confirmed", "2026-02-01T10:00:00", false),
                v("4", "person:q", "s3", "overturned", "2026-03-01T10:00:00", false),
                // r: three s2 (category rule, min s2, count 3)
                v("5", "person:r", "s2", "confirmed", "2026-01-01T10:00:00", false),
                v("6", "person:r", "s2", "confirmed", "2026-02-01T10:00:00", false),
                v("7", "person:r", "s2", "confirmed", "2026-03-01T10:00:00", false),
                // s: three s3, but after the run day (2026-07-01 00:30 Beijing is 2026-06-30 16:30 UTC)
                v("8", "person:s", "s3", "confirmed", "2026-07-01T00:30:00", false),
                v("9", "person:s", "s3", "confirmed", "2026-07-01T00:40:00", false),
                v("10", "person:s", "s3", "confirmed", "2026-07-01T00:50:00", false),
                // platform DY: an s4 with a heavier penalty, but platforms are not among the policy's
                // subject roles (merchant, anchor, mcn), so it could not be listed
                RowFactory.create("11", "platform:DY", "platform", "DY", "V12", "s4", "confirmed", bj("2026-06-01T10:00:00"), true, null)),
                KEYED);
        List<String> got = OffenderSets.candidateSubjects(keyed, POLICY, LocalDate.of(2026, 6, 30))
                .orderBy("subject_key").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertEquals(List.of("person:p", "person:r"), got);
        // the rules' form: Beijing day, heavier null → false
        OffenderViolation q = OffenderSets.violation(OffenderSets.ruleColumns(keyed).where("violation_id = '2'").first());
        assertEquals(LocalDate.of(2026, 1, 1), q.detectedOn());
        assertEquals(false, q.heavierPenalty());
    }

    static final StructType LISTINGS_MIN = new StructType().add("listing_id", DataTypes.StringType)
            .add("subject_key", DataTypes.StringType).add("subject_role", DataTypes.StringType)
            .add("subject_roles", DataTypes.createArrayType(DataTypes.StringType))
            .add("state", DataTypes.StringType).add("listed_from", DataTypes.DateType)
            .add("ends_on", DataTypes.DateType).add("is_public", DataTypes.BooleanType)
            .add("rule_refs", DataTypes.createArrayType(DataTypes.StringType))
            .add("categories", DataTypes.createArrayType(DataTypes.StringType));

    static Row l(String key, String role, String state, String listedFrom, boolean pub) {
        return l(key, role, new String[] {role}, state, listedFrom, pub);
    }

    static Row l(String key, String role, String[] roles, String state, String listedFrom, boolean pub) {
        return RowFactory.create(key + "#1", key, role, roles, state, listedFrom == null ? null : Date.valueOf(listedFrom),
                listedFrom == null ? null : Date.valueOf(LocalDate.parse(listedFrom).plusMonths(36)), pub,
                new String[] {"R-SERIOUS-3IN24M@2"}, new String[] {"V01"});
    }

    @Test
    void audiencesAndTheHandOver() {
        Dataset<Row> listings = spark.createDataFrame(List.of(
                l("person:abc", "anchor", "listed", "2026-07-10", true),
                l("uscc:91330100MA27ABCD3J", "merchant", "eligible_early_removal", "2025-01-02", true),
                l("uscc:91110105MA01HJKL44", "merchant", "listed", "2026-01-01", false),   // no public rule
                l("merchant:S9", "merchant", "listed", "2026-02-01", true),                // no USCC
                l("person:def", "anchor", "preliminary", null, true),                     // not yet listed
                l("person:ghi", "anchor", "expired", "2022-01-01", true)), LISTINGS_MIN);
        // hand-over: on the list = listed or eligible_early_removal: abc, the two USCCs, S9
        List<Row> listed = OffenderSets.listedSubjects(listings).orderBy("subject_key").collectAsList();
        assertEquals(List.of("merchant:S9", "person:abc", "uscc:91110105MA01HJKL44", "uscc:91330100MA27ABCD3J"),
                listed.stream().map(r -> r.<String>getAs("subject_key")).toList());
        // platforms: per-platform keys, see PlatformListTest
        // public: merchants on the list by a public rule: 91330100MA27ABCD3J (name from the register) and S9
        Dataset<Row> merchants = spark.createDataFrame(List.of(
                RowFactory.create("S1", "杭州好物商贸有限公司", "91330100MA27ABCD3J"),
                RowFactory.create("S9", "小店", null)), new StructType().add("merchant_id", DataTypes.StringType)
                .add("name", DataTypes.StringType).add("uscc", DataTypes.StringType));
        List<Row> pub = OffenderSets.forPublic(listings, merchants).orderBy("uscc").collectAsList();
        assertEquals(2, pub.size());
        assertNull(pub.get(0).getAs("uscc"));
        assertEquals(List.of("S9"), pub.get(0).getList(pub.get(0).fieldIndex("merchant_ids")));
        assertEquals("91330100MA27ABCD3J", pub.get(1).getAs("uscc"));
        assertEquals(List.of("杭州好物商贸有限公司"), pub.get(1).getList(pub.get(1).fieldIndex("names")));
    }

    @Test
    void aUsccThatIsMerchantAndMcnIsOneRowOnEachList() {
        // X is the USCC of merchant M and of MCN N: one subject uscc:X, roles [mcn, merchant], primary
        // merchant (SubjectRoles.primary); Y is an MCN only: never on the public list
        Dataset<Row> listings = spark.createDataFrame(List.of(
                l("uscc:91330100MA27ABCD3J", "merchant", new String[] {"mcn", "merchant"}, "listed", "2026-01-11", true),
                l("uscc:91110105MA01HJKL44", "mcn", new String[] {"mcn"}, "listed", "2026-01-11", true)), LISTINGS_MIN);
        Dataset<Row> merchants = spark.createDataFrame(List.of(RowFactory.create("M", "杭州好物商贸有限公司", "91330100MA27ABCD3J")),
                new StructType().add("merchant_id", DataTypes.StringType).add("name", DataTypes.StringType)
                        .add("uscc", DataTypes.StringType));
        List<Row> pub = OffenderSets.forPublic(listings, merchants).collectAsList();
        assertEquals(1, pub.size());
        assertEquals("91330100MA27ABCD3J", pub.get(0).getAs("uscc"));
        assertEquals(List.of("mcn", "merchant"), pub.get(0).getList(pub.get(0).fieldIndex("subject_roles")));
        assertEquals(List.of("M"), pub.get(0).getList(pub.get(0).fieldIndex("merchant_ids")));
        // the platforms' list of such a subject: PlatformListTest#aUsccThatIsMerchantAndMcnIsOneRowPerPlatformWithBothRoles
    }

    @Test
    void peerCountsStartWithTheBroadcastData() {
        // window (2024-06-30, 2026-06-30]; the broadcast feed starts on 2026-04-01 (Beijing)
        StructType anchorsSchema = new StructType().add("anchor_id", DataTypes.StringType).add("person_key", DataTypes.StringType);
        StructType broadcastsSchema = new StructType().add("anchor_id", DataTypes.StringType).add("started_at", DataTypes.TimestampType);
        Dataset<Row> anchors = spark.createDataFrame(List.of(RowFactory.create("A1", "p"), RowFactory.create("A2", "q")), anchorsSchema);
        Dataset<Row> broadcasts = spark.createDataFrame(List.of(RowFactory.create("A1", bj("2026-04-01T20:00:00")),
                RowFactory.create("A1", bj("2026-05-01T20:00:00")), RowFactory.create("A2", bj("2026-06-10T20:00:00"))), broadcastsSchema);
        // p: s3 on 2025-01-01 (before any broadcast data: not counted), 2026-04-01 and 2026-06-01 (counted)
        Dataset<Row> keyed = spark.createDataFrame(List.of(v("1", "person:p", "s3", "confirmed", "2025-01-01T10:00:00", false),
                v("2", "person:p", "s3", "confirmed", "2026-04-01T10:00:00", false),
                v("3", "person:p", "s3", "confirmed", "2026-06-01T10:00:00", false)), KEYED);
        PeerReview.Rule rule = new PeerReview.Rule("R-PEER-FUNNEL998", 1, "s2", 3, 24, "t");
        List<String> got = PeerReview.peers(keyed, broadcasts, anchors, rule, POLICY.acts(), LocalDate.of(2026, 6, 30)).orderBy("subject_key")
                .collectAsList().stream().map(r -> r.getString(0) + " " + r.getLong(1) + "/" + r.getLong(2)).toList();
        // p: 2 violations in 2 broadcasts (not 3 in 2); q: 0 in 1
        assertEquals(List.of("person:p 2/2", "person:q 0/1"), got);
    }

    static Row vb(String id, String subject, String broadcast, String beijing) {
        return RowFactory.create(id, subject, "anchor", "DY", "V04", "s3", "confirmed", bj(beijing), false, broadcast);
    }

    @Test
    void candidatesAndPeersCountActsNotRecords() {
        Dataset<Row> keyed = spark.createDataFrame(List.of(
                // a: three s3 records of broadcast B1, category V04 (a re-report, a second reviewer, a correction
                // under a new id) = 1 act: no rule can list it (the records-counting candidates had it)
                vb("1", "person:a", "B1", "2026-01-05T20:00:00"), vb("2", "person:a", "B1", "2026-01-06T09:00:00"),
                vb("3", "person:a", "B1", "2026-01-07T09:00:00"),
                // b: no broadcast; 23:30 and 00:30 Beijing (15:30 and 16:30 UTC, one UTC day) are two Beijing days,
                // so two acts, plus a third on 2026-03-01: 3 serious acts → candidate
                vb("4", "person:b", null, "2026-01-05T23:30:00"), vb("5", "person:b", null, "2026-01-06T00:30:00"),
                vb("6", "person:b", null, "2026-03-01T10:00:00")), KEYED);
        assertEquals(List.of("person:b"), OffenderSets.candidateSubjects(keyed, POLICY, LocalDate.of(2026, 6, 30))
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
        assertEquals(List.of("1 b:B1|V04", "2 b:B1|V04", "3 b:B1|V04", "4 d:V04|2026-01-05", "5 d:V04|2026-01-06",
                        "6 d:V04|2026-03-01"),
                keyed.select(org.apache.spark.sql.functions.col("violation_id"), OffenderSets.actKey(POLICY.acts()))
                        .orderBy("violation_id").collectAsList().stream().map(r -> r.getString(0) + " " + r.getString(1)).toList());
        // peers: a has broadcasts from 2026-01-01 (first broadcast day); its 3 records are 1 act in 2 broadcasts
        StructType anchorsSchema = new StructType().add("anchor_id", DataTypes.StringType).add("person_key", DataTypes.StringType);
        StructType broadcastsSchema = new StructType().add("anchor_id", DataTypes.StringType).add("started_at", DataTypes.TimestampType);
        Dataset<Row> anchors = spark.createDataFrame(List.of(RowFactory.create("A1", "a"), RowFactory.create("A2", "b")), anchorsSchema);
        Dataset<Row> broadcasts = spark.createDataFrame(List.of(RowFactory.create("A1", bj("2026-01-01T20:00:00")),
                RowFactory.create("A1", bj("2026-01-05T20:00:00")), RowFactory.create("A2", bj("2026-02-01T20:00:00"))), broadcastsSchema);
        PeerReview.Rule rule = new PeerReview.Rule("R-PEER-FUNNEL998", 1, "s2", 3, 24, "t");
        List<String> got = PeerReview.peers(keyed, broadcasts, anchors, rule, POLICY.acts(), LocalDate.of(2026, 6, 30))
                .orderBy("subject_key").collectAsList().stream().map(r -> r.getString(0) + " " + r.getLong(1) + "/" + r.getLong(2)).toList();
        // a: 1 act in 2 broadcasts (3 records before); b: 3 acts in 1 broadcast
        assertEquals(List.of("person:a 1/2", "person:b 3/1"), got);
    }
}
