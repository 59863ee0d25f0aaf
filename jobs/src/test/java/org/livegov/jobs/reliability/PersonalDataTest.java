package org.livegov.jobs.reliability;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.Fixtures;
import org.livegov.jobs.SparkTestBase;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.config.ConfigLoader;
import org.livegov.jobs.nightly.NightlyJob;
import org.livegov.jobs.nightly.RunManifest;
import org.livegov.jobs.nightly.RunSummary;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.ids.Pseudonymiser;

/**
 * Promise: identity numbers and phone numbers are pseudonymised before the first write, and a run
 * without a key outside the demo refuses to start.
 *
 * <p>The job runs in-process on {@code fixtures/personal-data}: raw identity numbers
 * and phones in valid rows, in a row quarantined for its identity number (P3), in CSV rows that
 * cannot be parsed (P4 has a cell too many, so its values shift into non-personal columns; P5 has
 * an unterminated quote), in a GB18030 file (transcoded through staging), in a complaint
 * quarantined as ABSURD_VALUE (Q2) and in a broken JSON line (Q3). Then every file under the
 * warehouse (Delta parquet and JSON logs, checkpoints, _control, _manifests, _staging) and the
 * job's captured output (progress and run summary) are scanned, as bytes, for every raw value.
 * The refusal without a key: {@link KeyRefusalTest}.
 */
@Tag("slow")
class PersonalDataTest extends SparkTestBase {
    /** Every raw personal value of the fixture; IDs ending in X also with a lower-case x. */
    static final List<String> RAW = List.of(
            "110105198807150018", "33010619910801051x", "33010619910801051X", "440305199505124560",
            "320102198501010012", "510107199202020028", "310115197707070075", "44030519881201072X",
            "44030519881201072x",
            "13812340001", "+86 138-1234-0002", "13812340003", "13812340004", "13812340005", "13812340006",
            "13912340001", "13912340002", "13912340003");

    @TempDir
    static Path tmp;
    static Warehouse wh;
    static Path logs;
    static int exitCode;

    @BeforeAll
    static void runTheJob() throws Exception {
        Path landing = tmp.resolve("landing");
        Fixtures.copyTree(Path.of("src/test/resources/fixtures/personal-data"), landing);
        wh = new Warehouse(tmp.resolve("warehouse").toAbsolutePath().toString());
        logs = tmp.resolve("logs");
        Files.createDirectories(logs);
        // in-process (a child JVM is too slow on a loaded 2-core machine); the job's output is captured to a file
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NightlyJob.Params params = new NightlyJob.Params(wh.root(), landing.toString(), LocalDate.of(2026, 6, 30), "test");
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        var conf = ConfigLoader.load(Path.of("..", "conf"));
        RunManifest m = new NightlyJob(spark, conf, new Pseudonymiser(ChildJob.KEY.getBytes(StandardCharsets.UTF_8)), ps)
                .run(params);
        RunSummary.print(spark, wh, m, ps);
        Files.write(logs.resolve("stdout.txt"), out.toByteArray());
        exitCode = 0;
    }

    @Test
    void noRawIdentifierInAnyFileTheJobWroteNorInItsOutput() throws IOException {
        assertEquals(0, exitCode, "the run itself must succeed");
        List<String> hits = new ArrayList<>();
        int scanned = 0;
        for (Path root : List.of(Path.of(wh.root()), logs)) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path f : s.filter(Files::isRegularFile).toList()) {
                    scanned++;
                    String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    for (String raw : RAW) {
                        if (bytes.contains(raw)) {
                            hits.add(raw + " in " + tmp.relativize(f));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), hits);
        // the scan covered the files that hold rows: bronze, quarantine, silver, run control, manifest, logs
        for (String must : List.of("warehouse/bronze/anchors", "warehouse/silver/quarantine", "warehouse/silver/anchors",
                "warehouse/_control/runs", "warehouse/_manifests", "logs/stdout.txt")) {
            assertTrue(Files.exists(tmp.resolve(must)), must);
        }
        assertTrue(scanned > 40, "files scanned: " + scanned);
    }

    @Test
    void theRawRowsReallyWentThroughAndWereKeyedNotDropped() {
        // anchors: 5 rows in anchors.csv + 1 in the GB18030 file = 6.
        //   P1, P2 (lower-case x check character is valid), P6 inserted;
        //   P3: 440305199505124560 has check 0, MOD 11-2 gives 1 → BAD_IDENTITY_NUMBER;
        //   P4 (8 cells for 7 columns) and P5 (unterminated quote) → MALFORMED_ROW.
        // complaints: Q1 inserted; Q2 satisfaction 9 → ABSURD_VALUE; Q3 broken JSON → MALFORMED_ROW.
        Map<String, Long> reasons = new TreeMap<>();
        for (Row r : delta(wh.quarantine()).groupBy("feed", "reason_code").count().collectAsList()) {
            reasons.put(r.getString(0) + ":" + r.getString(1), r.getLong(2));
        }
        assertEquals(Map.of("anchors:BAD_IDENTITY_NUMBER", 1L, "anchors:MALFORMED_ROW", 2L,
                "complaints:ABSURD_VALUE", 1L, "complaints:MALFORMED_ROW", 1L), reasons);
        Pseudonymiser key = new Pseudonymiser(ChildJob.KEY.getBytes(StandardCharsets.UTF_8));
        Map<String, String> personKeys = new HashMap<>();
        Map<String, String> phoneKeys = new HashMap<>();
        for (Row r : delta(wh.silver(Feed.ANCHORS)).collectAsList()) {
            personKeys.put(r.getAs("anchor_id"), r.getAs("person_key"));
            phoneKeys.put(r.getAs("anchor_id"), r.getAs("phone_key"));
        }
        assertEquals(Map.of("P1", key.pseudonym("id", "110105198807150018"),
                "P2", key.pseudonym("id", "33010619910801051X"),
                "P6", key.pseudonym("id", "310115197707070075")), personKeys);
        // the phone is normalised before hashing: "+86 138-1234-0002" → "+8613812340002"
        assertEquals(key.pseudonym("phone", "+8613812340002"), phoneKeys.get("P2"));
        assertEquals(key.pseudonym("phone", "13912340001"),
                delta(wh.silver(Feed.COMPLAINTS)).where(col("complaint_id").equalTo("Q1")).first().getAs("complainant_key"));
    }
}
