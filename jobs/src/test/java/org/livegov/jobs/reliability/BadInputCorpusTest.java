package org.livegov.jobs.reliability;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.LiveGov;
import org.livegov.jobs.Fixtures;
import org.livegov.jobs.SparkTestBase;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.config.ConfigLoader;
import org.livegov.jobs.silver.FeedCounts;
import org.livegov.jobs.nightly.NightlyJob;
import org.livegov.jobs.nightly.RunManifest;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.ids.Pseudonymiser;
import picocli.CommandLine;

/**
 * Promise: bad input never crashes the job. Every case of {@code bad-input/cases.csv} ends in
 * quarantine with its specific reason code, or (a file unusable as a whole) stops the job with one
 * line naming it, exit 1, nothing written; row conservation holds.
 *
 * <p>All row cases ({@code bad-input/rows}) go through ONE nightly run, in-process; each file case
 * ({@code bad-input/files/<case>}) through the CLI entry point in-process, capturing stderr and the
 * exit code (the test JVM has a test key in {@code LIVEGOV_PSEUDONYM_KEY}, see jobs/pom.xml).
 */
@Tag("slow")
class BadInputCorpusTest extends SparkTestBase {
    static final Path CORPUS = Path.of("src/test/resources/bad-input");

    record Case(String name, String location, String expected) {
    }

    @TempDir
    static Path tmp;
    static Warehouse wh;
    static RunManifest manifest;
    static List<Case> cases;

    @BeforeAll
    static void oneRunOverAllRowCases() throws IOException {
        cases = new ArrayList<>();
        for (String line : Files.readAllLines(CORPUS.resolve("cases.csv"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("case,")) {
                continue;
            }
            String[] cols = line.split(",", 3); // a name has no comma; the expected text may have some
            cases.add(new Case(cols[0], cols[1], cols[2]));
        }
        Path landing = tmp.resolve("landing");
        Fixtures.copyTree(CORPUS.resolve("rows"), landing);
        wh = new Warehouse(tmp.resolve("warehouse").toString());
        manifest = new NightlyJob(spark, ConfigLoader.load(Path.of("..", "conf")),
                new Pseudonymiser(ChildJob.KEY.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run(new NightlyJob.Params(wh.root(), landing.toString(), LocalDate.of(2026, 6, 30), "test"));
    }

    @Test
    void everyRowCaseEndsWithItsReasonCode() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Case c : cases) {
            if (c.expected().startsWith("stops:")) {
                continue;
            }
            checked++;
            String[] fk = c.location().split("/");
            Feed feed = Feed.byName(fk[0]);
            List<String> reasons = reasonsOf(feed, fk[1]);
            long inSilver = delta(wh.silver(feed)).where(col(feed.keyField()).equalTo(fk[1])).count();
            if (c.expected().equals("ok")) {
                if (inSilver != 1 || !reasons.isEmpty()) {
                    wrong.add(c.name() + ": expected in silver, got silver=" + inSilver + " quarantine=" + reasons);
                }
            } else if (reasons.isEmpty() || !reasons.stream().allMatch(c.expected()::equals) || inSilver != 0) {
                wrong.add(c.name() + ": expected " + c.expected() + ", got quarantine=" + reasons + " silver=" + inSilver);
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(29, checked); // the row cases of cases.csv
    }

    /** Reason codes of the quarantined rows with this key (a broken JSON line has no record: found by its raw text in bronze). */
    private static List<String> reasonsOf(Feed feed, String key) {
        Dataset<Row> q = delta(wh.quarantine()).where(col("feed").equalTo(feed.feedName()));
        Column byKey = element_at(col("record"), lit(feed.keyField())).equalTo(key);
        List<String> unparsedFiles = delta(wh.bronze(feed)).where(col("malformed").contains("\"" + key + "\""))
                .select("source_file").as(Encoders.STRING()).collectAsList();
        Column byRaw = col("record").isNull().and(col("source_file").isin(unparsedFiles.toArray()));
        List<String> out = new ArrayList<>(q.where(byKey.or(byRaw)).select("reason_code").as(Encoders.STRING()).collectAsList());
        Collections.sort(out);
        return out;
    }

    @Test
    void rowConservationAndExactCountsPerFeed() {
        // broadcasts: broadcasts.csv 18 rows (BOK1, BQ01..BQ14, BQ15 twice, BQ16) + BOM file 1 + header-only 0
        //   + JSON array file 2 (BOK3, BQ17) = 21;
        //   inserted BOK1, BOK2, BOK3; quarantined 18: MALFORMED 3 (BQ01-03), ID_CONFLICT 2 (BQ15 ×2), BAD_DATE 2 (BQ05, 06),
        //   ABSURD_VALUE 2 (BQ11 GMV, BQ17 views), and one each for BQ04, 07, 08, 09, 10, 12, 13, 14, 16
        assertCounts("broadcasts", 21, 3, 18, Map.ofEntries(Map.entry("MALFORMED_ROW", 3L), Map.entry("MISSING_REQUIRED", 1L),
                Map.entry("BAD_NUMBER", 1L), Map.entry("BAD_DATE", 2L), Map.entry("BAD_INSTANT", 1L),
                Map.entry("END_BEFORE_START", 1L), Map.entry("FUTURE_INSTANT", 1L), Map.entry("NEGATIVE_VALUE", 1L),
                Map.entry("ABSURD_VALUE", 2L), Map.entry("BAD_MONEY", 1L), Map.entry("UNKNOWN_ENUM", 1L),
                Map.entry("UNKNOWN_REFERENCE", 1L), Map.entry("ID_CONFLICT", 2L)));
        // merchants: S1, SQ01, SQ02, SQ03 + SOK1 (GB18030 file) = 5; inserted S1, SOK1
        assertCounts("merchants", 5, 2, 3, Map.of("BAD_USCC", 1L, "UNKNOWN_REFERENCE", 1L, "BAD_BOOLEAN", 1L));
        assertCounts("anchors", 2, 1, 1, Map.of("BAD_IDENTITY_NUMBER", 1L));
        assertCounts("violations", 3, 1, 2, Map.of("UNKNOWN_CATEGORY", 1L, "BAD_USCC", 1L));
        assertCounts("complaints", 4, 1, 3, Map.of("UNKNOWN_REFERENCE", 1L, "END_BEFORE_START", 1L, "MALFORMED_ROW", 1L));
        assertCounts("platforms", 1, 1, 0, Map.of());
        assertEquals(18L + 3 + 1 + 2 + 3, delta(wh.quarantine()).count());
        // the header-only file is listed with 0 rows; the GB18030 name arrived intact
        assertEquals(0L, manifest.inputs().get("broadcasts/broadcasts-header-only.csv").rows());
        assertEquals("杭州好物商贸有限公司",
                delta(wh.silver(Feed.MERCHANTS)).where(col("merchant_id").equalTo("SOK1")).first().getAs("name"));
        assertEquals("gb18030", manifest.inputs().get("merchants/merchants-gb18030.csv").encoding());
        assertEquals("utf-8-bom", manifest.inputs().get("broadcasts/broadcasts-bom.csv").encoding());
    }

    @Test
    void aJsonArrayFileLandsEachElementAsOneRecordShapedAsJsonLines() {
        // broadcasts-array.json: one pretty-printed array of 2 objects over 27 lines → 2 bronze rows, none malformed
        var array = manifest.inputs().get("broadcasts/broadcasts-array.json");
        assertEquals(2L, array.rows());
        assertEquals("json-array", array.format());
        Dataset<Row> bronze = delta(wh.bronze(Feed.BROADCASTS)).where(col("source_file").equalTo("broadcasts/broadcasts-array.json"));
        assertEquals(0L, bronze.where(col("malformed").isNotNull()).count());
        // values as their JSON text, exactly as a JSON Lines row gets them: numbers as written, strings unquoted
        Row bok3 = bronze.where(element_at(col("record"), lit("broadcast_id")).equalTo("BOK3")).first();
        Map<String, String> record = new TreeMap<>(scala.jdk.javaapi.CollectionConverters.asJava(bok3.<scala.collection.Map<String, String>>getAs("record")));
        assertEquals(new TreeMap<>(Map.ofEntries(Map.entry("broadcast_id", "BOK3"), Map.entry("platform_id", "DY"),
                Map.entry("anchor_id", "A1"), Map.entry("started_at", "2026-04-11T20:00:00+08:00"),
                Map.entry("ended_at", "2026-04-11T23:00:00+08:00"), Map.entry("peak_viewers", "50000000"),
                Map.entry("views", "1000000000"), Map.entry("orders", "100000000"), Map.entry("gmv_cny", "10.00"),
                Map.entry("monitoring", "automated"), Map.entry("recording_retained_until", "2029-04-11"))), record);
        // at the ceilings (conf/livegov.yaml: 50,000,000 / 1,000,000,000 / 100,000,000) BOK3 is in silver;
        // BQ17's 999,999,999,999,999 views are 999,999x the views ceiling
        Row silver = delta(wh.silver(Feed.BROADCASTS)).where(col("broadcast_id").equalTo("BOK3")).first();
        assertEquals(List.of(50_000_000L, 1_000_000_000L, 100_000_000L),
                List.of(silver.<Long>getAs("peak_viewers"), silver.<Long>getAs("views"), silver.<Long>getAs("orders")));
        assertEquals(List.of("ABSURD_VALUE:views exceeds 1000000000 (quarantine.max_views)"),
                delta(wh.quarantine()).where(element_at(col("record"), lit("broadcast_id")).equalTo("BQ17"))
                        .selectExpr("concat(reason_code, ':', reason_detail)").as(Encoders.STRING()).collectAsList());
    }

    @Test
    void aTruncatedJsonArrayStopsTheRunWithExactlyThisLine() throws IOException {
        Path landing = tmp.resolve("exact-truncated");
        Fixtures.copyTree(CORPUS.resolve("files").resolve("truncated-json-array"), landing);
        Path warehouse = tmp.resolve("exact-truncated-warehouse");
        StringWriter err = new StringWriter();
        CommandLine cl = LiveGov.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        int rc = cl.execute("nightly", "--date", "2026-06-30", "--landing", landing.toString(),
                "--warehouse", warehouse.toString(), "--conf", "../conf", "--master", "local[2]");
        // the file ends 4 lines into the second element: 1 element complete
        assertEquals(1, rc);
        assertEquals("livegov: file:" + landing.toAbsolutePath().resolve("broadcasts/broadcasts.json")
                + ": truncated JSON: the file ends inside the array, after 1 complete element(s); land the whole file again",
                err.toString().trim());
        assertEquals(List.of(), writtenFiles(warehouse));
    }

    private static void assertCounts(String feed, long in, long inserted, long quarantined, Map<String, Long> reasons) {
        FeedCounts c = manifest.feeds().get(feed);
        assertEquals(List.of(in, inserted, 0L, 0L, quarantined),
                List.of(c.rowsIn(), c.inserted(), c.updated(), c.duplicates(), c.quarantined()), feed);
        assertEquals(new TreeMap<>(reasons), new TreeMap<>(c.reasons()), feed);
        assertTrue(c.conserved(), feed);
    }

    @Test
    void everyUnusableFileStopsTheJobWithOneLineAndWritesNothing() throws IOException {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Case c : cases) {
            if (!c.expected().startsWith("stops:")) {
                continue;
            }
            checked++;
            String fragment = c.expected().substring("stops:".length()).trim();
            Path landing = tmp.resolve("files-" + c.location());
            Fixtures.copyTree(CORPUS.resolve("files").resolve(c.location()), landing);
            Path warehouse = tmp.resolve("warehouse-" + c.location());
            StringWriter err = new StringWriter();
            StringWriter out = new StringWriter();
            CommandLine cl = LiveGov.commandLine();
            cl.setErr(new PrintWriter(err, true));
            cl.setOut(new PrintWriter(out, true));
            int rc = cl.execute("nightly", "--date", "2026-06-30", "--landing", landing.toString(),
                    "--warehouse", warehouse.toString(), "--conf", "../conf", "--master", "local[2]");
            String e = err.toString().trim();
            Path bad;
            try (Stream<Path> s = Files.walk(landing)) {
                bad = s.filter(Files::isRegularFile).findFirst().orElseThrow();
            }
            // the line names the file, or for an unknown feed its folder
            boolean names = e.contains(bad.getFileName().toString()) || e.contains("/" + bad.getParent().getFileName() + ":");
            boolean ok = rc == 1 && e.lines().count() == 1 && e.startsWith("livegov: ") && e.contains(fragment)
                    && names && !e.contains("internal error") && writtenFiles(warehouse).isEmpty();
            if (!ok) {
                wrong.add(c.name() + ": rc=" + rc + " stderr=" + e + " written=" + writtenFiles(warehouse));
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(10, checked); // the file cases of cases.csv
    }

    /** Regular files under the warehouse (the run lock is created and removed again; no table may appear). */
    private static List<Path> writtenFiles(Path warehouse) throws IOException {
        if (!Files.exists(warehouse)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(warehouse)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    /** One more night on the corpus warehouse, with the corpus's landing folder (every file seen before). */
    private static RunManifest nightAgain(LocalDate day, boolean backfill, ByteArrayOutputStream out) {
        return new NightlyJob(spark, ConfigLoader.load(Path.of("..", "conf")),
                new Pseudonymiser(ChildJob.KEY.getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true, StandardCharsets.UTF_8))
                .run(new NightlyJob.Params(wh.root(), tmp.resolve("landing").toString(), day, "test", backfill));
    }

    @Test
    void aNightBeforeTheLastCommittedOneStopsUnlessItIsABackfill() throws IOException {
        Map<String, Long> before = org.livegov.jobs.DeltaVersions.of(tmp.resolve("warehouse"));
        org.livegov.jobs.UserError e = org.junit.jupiter.api.Assertions.assertThrows(org.livegov.jobs.UserError.class,
                () -> nightAgain(LocalDate.of(2026, 6, 29), false, new ByteArrayOutputStream()));
        assertEquals("nightly --date 2026-06-29 is before the last committed night, 2026-06-30; a backfill reruns with"
                + " --backfill, otherwise give a date on or after 2026-06-30", e.getMessage());
        assertEquals(before, org.livegov.jobs.DeltaVersions.of(tmp.resolve("warehouse")));   // nothing written, not even a run row
        assertFalse(Files.exists(tmp.resolve("warehouse").resolve("_control").resolve("lock")), "the run lock is released");
        // declared a backfill, the same night goes on, says so, and commits
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunManifest backfill = nightAgain(LocalDate.of(2026, 6, 29), true, out);
        assertEquals("committed", backfill.status());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(
                "backfill: 2026-06-29 is before the last committed night, 2026-06-30 (--backfill given)"));
    }

    @Test
    void theManifestListsEveryCase() {
        // guard against a case silently dropped from the table: 29 row cases + 10 file cases
        assertEquals(39, cases.size());
        assertFalse(cases.stream().anyMatch(c -> c.expected().isBlank()));
    }
}
