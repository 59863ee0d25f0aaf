package org.livegov.jobs.offenders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.LiveGov;
import org.livegov.jobs.SparkTestBase;
import org.livegov.jobs.Warehouse;
import org.livegov.metrics.contract.Feed;
import picocli.CommandLine;

/**
 * {@code livegov offenders --what-if FILE} on a hand-made silver: the shipped conf/offenders.yaml
 * against a copy whose only change is the serious rule's count, 3 → 2. Writes no table.
 */
@Tag("slow")
class OffendersWhatIfCommandTest extends SparkTestBase {
    static final StructType VIOLATIONS = new StructType().add("violation_id", DataTypes.StringType)
            .add("platform_id", DataTypes.StringType).add("subject_role", DataTypes.StringType)
            .add("subject_id", DataTypes.StringType).add("subject_uscc", DataTypes.StringType)
            .add("subject_name", DataTypes.StringType).add("broadcast_id", DataTypes.StringType)
            .add("category", DataTypes.StringType).add("severity", DataTypes.StringType)
            .add("status", DataTypes.StringType).add("detected_at", DataTypes.TimestampType)
            .add("heavier_penalty", DataTypes.BooleanType);

    static Row v(String id, String merchant, String uscc, String broadcast, String category, String severity, String day) {
        // 02:00 UTC = 10:00 Beijing, same day
        return RowFactory.create(id, "DY", "merchant", merchant, uscc, null, broadcast, category, severity, "confirmed",
                Timestamp.valueOf(day + " 02:00:00"), false);
    }

    @Test
    void previewsWhoARuleChangeAddsWithoutWritingAnyTable(@TempDir Path tmp) throws Exception {
        Warehouse wh = new Warehouse(tmp.resolve("warehouse").toUri().toString().replaceAll("/$", ""));
        // M1 (USCC 91330000MA2XXXXX01): three serious acts on three broadcasts in 2026 → listed by any rule
        // requiring 3 serious in 24 months, now and proposed; M2: two serious acts → listed only when
        // the count is 2; both false publicity (V04, Advertising Law art. 55) with no heavier penalty.
        List<Row> vs = new ArrayList<>(List.of(
                v("V1", "M1", "91330000MA2XXXXX01", "B1", "V04", "s3", "2026-01-10"),
                v("V2", "M1", "91330000MA2XXXXX01", "B2", "V04", "s3", "2026-02-10"),
                v("V3", "M1", "91330000MA2XXXXX01", "B3", "V04", "s3", "2026-03-10"),
                v("V4", "M2", "91330000MA2XXXXX02", "B4", "V04", "s3", "2026-04-10"),
                v("V5", "M2", "91330000MA2XXXXX02", "B5", "V04", "s3", "2026-05-10")));
        spark.createDataFrame(vs, VIOLATIONS).write().format("delta").save(wh.silver(Feed.VIOLATIONS));
        spark.createDataFrame(List.of(), new StructType().add("anchor_id", DataTypes.StringType)
                .add("person_key", DataTypes.StringType)).write().format("delta").save(wh.silver(Feed.ANCHORS));
        spark.createDataFrame(List.of(RowFactory.create("M1", "91330000MA2XXXXX01"), RowFactory.create("M2", "91330000MA2XXXXX02")),
                new StructType().add("merchant_id", DataTypes.StringType).add("uscc", DataTypes.StringType))
                .write().format("delta").save(wh.silver(Feed.MERCHANTS));
        spark.createDataFrame(List.of(), new StructType().add("mcn_id", DataTypes.StringType).add("uscc", DataTypes.StringType))
                .write().format("delta").save(wh.silver(Feed.MCNS));
        spark.createDataFrame(List.of(RowFactory.create("r1", "committed", Date.valueOf("2026-06-30"))),
                new StructType().add("run_id", DataTypes.StringType).add("status", DataTypes.StringType)
                        .add("run_date", DataTypes.DateType)).write().format("delta").save(wh.runs());
        Map<String, Long> before = versions(wh);

        // the shipped policy with every "min_count: 3" lowered to 2 (versions not bumped: the command warns)
        String shipped = Files.readString(Path.of("../conf/offenders.yaml"), StandardCharsets.UTF_8);
        String proposedText = shipped.replace("min_count: 3", "min_count: 2");
        assertTrue(!proposedText.equals(shipped), "the shipped policy has a count of 3 to lower");
        Path proposed = tmp.resolve("proposed.yaml");
        Files.writeString(proposed, proposedText, StandardCharsets.UTF_8);

        StringWriter err = new StringWriter();
        CommandLine cl = LiveGov.commandLine();
        cl.setErr(new PrintWriter(err, true));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        int rc;
        try {
            rc = cl.execute("offenders", "--what-if", proposed.toString(), "--warehouse", wh.root(),
                "--conf", "../conf", "--out", tmp.resolve("out").toString(), "--master", "local[2]");
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, rc, err.toString());
        assertTrue(out.toString().contains("changes meaning without a new version"), out.toString());

        Path csv = tmp.resolve("out").resolve("offenders-what-if-2026-06-30.csv");
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals("change,subject_key,subject_role,current_rules,proposed_rules,current_public,proposed_public,"
                + "triggered_on,evidence_ids,evidence", lines.get(0));
        // M2 has 2 acts: listed only under the proposed counts; it is the only added subject
        List<String> added = lines.stream().filter(l -> l.startsWith("added,")).toList();
        assertEquals(1, added.size(), String.join("\n", lines));
        assertTrue(added.get(0).startsWith("added,uscc:91330000MA2XXXXX02,merchant,,"), added.get(0));
        assertTrue(added.get(0).contains(",2026-05-10,V4;V5,"), "triggered by the second act, on V4 and V5: " + added.get(0));
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("removed,")), String.join("\n", lines));
        // no table has a new version
        assertEquals(before, versions(wh));
    }

    private Map<String, Long> versions(Warehouse wh) {
        Map<String, Long> m = new TreeMap<>();
        for (String p : List.of(wh.silver(Feed.VIOLATIONS), wh.silver(Feed.ANCHORS), wh.silver(Feed.MERCHANTS),
                wh.silver(Feed.MCNS), wh.runs())) {
            m.put(p, DeltaTable.forPath(spark, p).history(1).first().getLong(0));
        }
        return m;
    }
}
