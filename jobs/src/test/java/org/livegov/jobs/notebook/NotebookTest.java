package org.livegov.jobs.notebook;

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
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.Fixtures;
import org.livegov.jobs.LiveGov;
import org.livegov.jobs.SparkTestBase;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.nightly.RunManifest;
import org.livegov.metrics.bench.Benchmark;
import picocli.CommandLine;

/**
 * {@code livegov notebook} through the CLI entry point, in-process, on the e2e fixture after one
 * nightly run for 2026-06-30 (the fixture of NightlyEndToEndTest, whose comments work out every
 * value asserted here). The test notebooks are in {@code src/test/resources/notebooks}; the
 * analysts' notebooks of {@code notebooks/} run on the same warehouse.
 */
@Tag("slow")
class NotebookTest extends SparkTestBase {
    static final Path NOTEBOOKS = Path.of("src/test/resources/notebooks");

    @TempDir
    static Path tmp;
    static Warehouse wh;
    static RunManifest run;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /**
     * A copy of the JVM's shared e2e night, plus publish's three tables made by hand with its schemas
     * (a publish run is not needed to check the SQL): DY ranked 1, KS ranked 2 = last; one MCN above
     * the 99.8 % funnel limit.
     */
    @BeforeAll
    static void nightlyOnTheFixture() {
        Fixtures.Night night = Fixtures.e2eNight(spark).copyTo(tmp.resolve("night"));
        wh = night.warehouse();
        run = night.manifest();
        write("benchmark_scores", Benchmark.SCORES_SCHEMA, List.of(
                RowFactory.create("2026Q2", "platform", "DY", 80.0, 1.0, 1, 1.0, 1, 2, 1000, "1", null),
                RowFactory.create("2026Q2", "platform", "KS", 40.0, 1.0, 2, 2.0, 1, 2, 1000, "2", null),
                RowFactory.create("2026Q2", "mcn", "M1", 55.0, 1.0, 1, 1.0, 1, 1, 1000, "1", null)));
        write("benchmark_indicators", Benchmark.INDICATORS_SCHEMA, List.of(
                indicator("platform", "DY", "P01_anchor_real_name", 19, 20, 0.95, "within", 50.0),
                indicator("platform", "KS", "P01_anchor_real_name", 9, 20, 0.45, "below_95", 0.0),
                indicator("mcn", "M1", "M02_serious_violations_per_1000", 1, 2, 500.0, "above_998", 10.0)));
        write("benchmark_sensitivity", Benchmark.SENSITIVITY_SCHEMA, List.of(
                RowFactory.create("2026Q2", "platform", "equal", "DY", 2, 1),
                RowFactory.create("2026Q2", "platform", "equal", "KS", 1, -1)));
    }

    private int notebook(Path file, Path outDir, String... more) {
        return notebook(wh, file, outDir, more);
    }

    private int notebook(Warehouse wh, Path file, Path outDir, String... more) {
        List<String> args = new ArrayList<>(List.of("notebook", file.toString(), "--warehouse", wh.root(), "--out",
                outDir.toString(), "--master", "local[2]", "--shuffle-partitions", "4"));
        args.addAll(List.of(more));
        CommandLine cl = LiveGov.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args.toArray(String[]::new));
    }

    /** The lines of a cell's CSV (BOM dropped), found by its two-digit cell number. */
    private static List<String> csv(Path dataDir, int cell) throws IOException {
        try (Stream<Path> s = Files.list(dataDir)) {
            Path f = s.filter(p -> p.getFileName().toString().startsWith(String.format("%02d-", cell))).findFirst().orElseThrow();
            return Files.readString(f, StandardCharsets.UTF_8).replace("\uFEFF", "").lines().toList();
        }
    }

    private long version(String goldProduct) {
        return run.gold().get(goldProduct).version();
    }

    @Test
    void cellsRunInOrderAndTheResultsAreTheFixturesFigures() throws IOException {
        Path o = tmp.resolve("out1");
        assertEquals(0, notebook(NOTEBOOKS.resolve("fixture-check.sql"), o, "--param", "platform=DY"), err.toString());
        assertTrue(out.toString().startsWith("notebook fixture-check.sql: 5 cells, 3 tables read at run " + run.runId()), out.toString());
        Path data = o.resolve("fixture-check-data");
        // quarantine per reason (NightlyEndToEndTest.rowConservationPerFeed): broadcasts B5 unknown anchor,
        // B6 ends before it starts, B7 12.345; anchors A3 check digit; complaints C5 satisfaction 9,
        // C7 broken JSON; violations V6 category V99
        assertEquals(List.of("feed,reason_code,n", "anchors,BAD_IDENTITY_NUMBER,1", "broadcasts,BAD_MONEY,1",
                "broadcasts,END_BEFORE_START,1", "broadcasts,UNKNOWN_REFERENCE,1", "complaints,ABSURD_VALUE,1",
                "complaints,MALFORMED_ROW,1", "violations,UNKNOWN_CATEGORY,1"), csv(data, 1));
        // DY: 2025-06 (V3), 2026-04 (B1, B2; 1000.00 + 2000.50; V1, V4; C1, C6 in time of C1, C2, C6), 2026-05 (B4)
        List<String> dy = csv(data, 2);
        assertEquals("month,broadcasts,gmv_cny,violations,share_in_time", dy.get(0));
        assertEquals(List.of("2025-06", "2026-04", "2026-05"), dy.subList(1, dy.size()).stream().map(l -> l.split(",")[0]).toList());
        assertEquals("2026-04,2,3000.50,2,0.6667", dy.get(2));
        // DY Apr, May, 2025-06; KS Apr, May, Jun (NightlyEndToEndTest.platformMonthly)
        assertEquals(List.of("n", "6"), csv(data, 3));
        // the one listing: listed (its term runs from V3 of 2025-06-01), two rules, evidence by day V3, V1, V2
        // (NightlyEndToEndTest.trendAndRepeatOffenders)
        assertEquals(List.of("state,rule_refs,evidence_ids,triggered_on",
                "listed,\"[R-CRITICAL-HEAVIER@2, R-SERIOUS-3IN24M@3]\",\"[V3, V1, V2]\",2025-06-01"), csv(data, 5));
        try (Stream<Path> s = Files.list(data)) {
            assertEquals(4, s.count()); // the prose-only cell has no result
        }

        String md = Files.readString(o.resolve("fixture-check.md"));
        assertTrue(md.startsWith("# Fixture check\n"), md);
        assertTrue(md.contains("Notebook `fixture-check.sql`, parameters platform = `DY`. Tables read at the last committed run `"
                + run.runId() + "` (batch `" + run.batchId() + "`, run date 2026-06-30, committed "), md);
        assertTrue(md.contains("| gold.platform_monthly | " + version("platform_monthly") + " | run " + run.runId() + " |"), md);
        assertTrue(md.contains("| gold.offender_listings | " + version("offender_listings") + " | run " + run.runId() + " |"), md);
        assertTrue(md.contains("| silver.quarantine | " + run.versions().get("silver/quarantine") + " | run " + run.runId() + " |"), md);
        assertTrue(md.contains("## 2. Platform DY by month\n\n```sql\nSELECT month,"), md);
        assertTrue(md.contains("WHERE platform_id = 'DY'"), md);
        assertTrue(md.contains("| anchors | BAD_IDENTITY_NUMBER | 1 |\n"), md);
        assertTrue(md.contains("7 rows; CSV: [fixture-check-data/01-quarantine-by-reason.csv](fixture-check-data/01-quarantine-by-reason.csv)."), md);
        assertTrue(md.contains("| 2026-04 | 2 | 3000.50 | 2 | 0.6667 |"), md);
        assertTrue(md.contains("## 4. Just prose\n\nNo SQL in this cell: | a pipe stays text.\n\n## 5."), md);
        assertTrue(md.contains("1 row; CSV"), md);

        // --max-rows cuts the markdown, never the CSV
        assertEquals(0, notebook(NOTEBOOKS.resolve("fixture-check.sql"), o, "--param", "platform=DY", "--max-rows", "2"), err.toString());
        md = Files.readString(o.resolve("fixture-check.md"));
        assertTrue(md.contains("| anchors | BAD_IDENTITY_NUMBER | 1 |\n| broadcasts | BAD_MONEY | 1 |\n\nFirst 2 of 7 rows; CSV"), md);
        assertEquals(8, csv(data, 1).size());
    }

    @Test
    void theAnalystsNotebooksRunOnTheFixture() throws IOException {
        Path o = tmp.resolve("out2");
        Path nbs = Path.of("..", "notebooks");

        assertEquals(0, notebook(nbs.resolve("benchmark-quarter.sql"), o, "--param", "quarter=2026Q2"), err.toString());
        Path b = o.resolve("benchmark-quarter-data");
        assertEquals(List.of("role,entities,ranked,draws", "mcn,1,1,1000", "platform,2,2,1000"), csv(b, 1));
        assertEquals(List.of("rank,platform,composite,rank_lower,rank_upper,rank_median,weight_available",
                "1,DY,80,1,2,1,1", "2,KS,40,1,2,2,1"), csv(b, 2));
        // no --param platform: the platform ranked last, KS, beside the peer value 0.7
        List<String> ks = csv(b, 5);
        assertEquals(2, ks.size());
        assertEquals("KS,P01_anchor_real_name,share,0.45,0.35,0.55,0.7,0.5,0.9,below_95,0.5,0,false,9,20", ks.get(1));
        assertEquals(List.of("role,indicator_id,funnel_flag,entities,first_ids,phi",
                "platform,P01_anchor_real_name,below_95,1,KS,1", "mcn,M02_serious_violations_per_1000,above_998,1,M1,1"), csv(b, 6));
        assertEquals(List.of("platform,published_rank,weighting,rank,rank_shift", "DY,1,equal,2,1", "KS,2,equal,1,-1"), csv(b, 7));
        String md = Files.readString(o.resolve("benchmark-quarter.md"));
        assertTrue(md.contains("| gold.benchmark_scores | 0 | latest when the notebook started (written by livegov publish, not by a run) |"), md);

        assertEquals(0, notebook(nbs.resolve("quarantine-triage.sql"), o), err.toString());
        List<String> q = csv(o.resolve("quarantine-triage-data"), 1);
        assertEquals(8, q.size());
        // B5, B6, B7 are all in broadcasts-2026-04.csv, one batch: a third of the feed's quarantine each
        assertTrue(q.contains("broadcasts,BAD_MONEY,1,0.333,1,1"), q.toString());
        assertTrue(q.contains("anchors,BAD_IDENTITY_NUMBER,1,1,1,1"), q.toString());
        assertEquals(0, notebook(nbs.resolve("quarantine-triage.sql"), o, "--param", "feed=complaints"), err.toString());
        assertEquals(3, csv(o.resolve("quarantine-triage-data"), 1).size());

        assertEquals(0, notebook(nbs.resolve("repeat-offenders.sql"), o, "--param", "quarter=2026Q2"), err.toString());
        Path r = o.resolve("repeat-offenders-data");
        // the one person (A1 on DY, A2 on KS), triggered 2025-06-01 by V3: listed from 2025-06-11 (+10 days)
        assertTrue(csv(r, 1).get(1).startsWith("listed,anchor,1,1,1,"), csv(r, 1).toString());
        assertEquals(List.of("rule_ref,subject_role,active_listings", "R-CRITICAL-HEAVIER@2,anchor,1", "R-SERIOUS-3IN24M@3,anchor,1"),
                csv(r, 2));
        // the first run (2026-06-30) opens it and lists it at once (2025-06-11 is past)
        assertEquals(List.of("change,from_state,to_state,events,runs,first_day,last_day",
                "newly_listed,preliminary,listed,1,1,2026-06-30,2026-06-30",
                "newly_preliminary,(none),preliminary,1,1,2026-06-30,2026-06-30"), csv(r, 3));
        // evasion on or after 2025-06-11: DY B1 (04-10), B2 (04-20), B4 (05-02); KS B3 (05-01 Beijing)
        assertEquals(List.of("platform_id,activity,subject_role,subjects,events,first_day,last_day",
                "DY,broadcast,anchor,1,3,2026-04-10,2026-05-02", "KS,broadcast,anchor,1,1,2026-05-01,2026-05-01"), csv(r, 5));

        assertEquals(0, notebook(nbs.resolve("trend-watch.sql"), o), err.toString());
        // the latest quarter with data is 2026Q2, complete at the cut-off 2026-06-30, three months
        assertTrue(csv(o.resolve("trend-watch-data"), 1).get(1).startsWith("2026Q2,true,3,"),
                csv(o.resolve("trend-watch-data"), 1).toString());
    }

    private static Row indicator(String role, String id, String indicator, double k, double n, double value, String flag, double score) {
        boolean rate = role.equals("mcn");
        return RowFactory.create("2026Q2", role, id, indicator, k, n, value, value - 0.1, value + 0.1, value + 0.05,
                rate ? 100.0 : 0.7, 1.0, 0.0, rate ? 50.0 : 0.55, rate ? 200.0 : 0.85, rate ? 20.0 : 0.5, rate ? 300.0 : 0.9,
                flag, score, false, rate ? "per 1000 broadcasts" : "share");
    }

    private static void write(String product, StructType schema, List<Row> rows) {
        spark.createDataFrame(rows, schema).write().format("delta").mode(SaveMode.Overwrite).partitionBy("quarter")
                .save(wh.gold(product));
    }

    @Test
    void anUnknownTableASqlErrorAndAMissingParameterStopWithOneLine() throws IOException {
        Path o = tmp.resolve("out3");
        assertEquals(1, notebook(NOTEBOOKS.resolve("unknown-table.sql"), o));
        String line = err.toString().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("livegov: notebook unknown-table.sql, cell 'Typo in a table name': unknown table "
                + "gold.platform_monthy (gold tables: benchmark_indicators, benchmark_scores, benchmark_sensitivity, mcn_monthly, "), line);
        assertTrue(line.contains(", platform_monthly, "), line);
        assertFalse(Files.exists(o.resolve("unknown-table.md")), "a failed notebook writes nothing");
        assertFalse(Files.exists(o.resolve("unknown-table-data")), "a failed notebook writes nothing");

        err.getBuffer().setLength(0);
        assertEquals(1, notebook(NOTEBOOKS.resolve("sql-error.sql"), o));
        line = err.toString().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("livegov: notebook sql-error.sql, cell 'A column that does not exist': SQL error: "
                + "[UNRESOLVED_COLUMN"), line);
        assertTrue(line.contains("no_such_column"), line);

        err.getBuffer().setLength(0);
        assertEquals(1, notebook(NOTEBOOKS.resolve("fixture-check.sql"), o));
        assertEquals("livegov: notebook fixture-check.sql, cell 'Platform ${platform} by month': missing parameter ${platform}; "
                + "pass --param platform=VALUE", err.toString().strip());

        err.getBuffer().setLength(0);
        assertEquals(1, notebook(NOTEBOOKS.resolve("fixture-check.sql"), o, "--param", "platform=DY", "--param", "quarter=2026Q2"));
        assertEquals("livegov: notebook fixture-check.sql: --param quarter is not a parameter of the notebook (its parameters: platform)",
                err.toString().strip());
    }

    /**
     * Readers never see half of a run (docs/reliability.md): a row appended to a gold table outside
     * a run is not seen, and a later committed run that did not write the table leaves it at the
     * version of the run that did.
     */
    @Test
    void tablesAreReadAtTheVersionsOfTheCommittedRuns() throws IOException {
        Warehouse wh = Fixtures.e2eNight(spark).copyTo(tmp.resolve("appended")).warehouse(); // changed for good
        long committed = version("platform_monthly");
        Row any = delta(wh.gold("platform_monthly")).first();
        spark.createDataFrame(List.of(any), any.schema()).withColumn("platform_id", org.apache.spark.sql.functions.lit("ZZ"))
                .write().format("delta").mode(SaveMode.Append).save(wh.gold("platform_monthly"));
        assertEquals(7, delta(wh.gold("platform_monthly")).count()); // the latest version has the extra row

        Path o = tmp.resolve("out4");
        assertEquals(0, notebook(wh, NOTEBOOKS.resolve("fixture-check.sql"), o, "--param", "platform=DY"), err.toString());
        assertEquals(List.of("n", "6"), csv(o.resolve("fixture-check-data"), 3));
        assertTrue(Files.readString(o.resolve("fixture-check.md")).contains("| gold.platform_monthly | " + committed + " |"));

        // a quiet night commits without touching platform_monthly: still the first run's version
        Row quiet = RowFactory.create("run-quiet", "b-quiet", "committed", "test", java.sql.Date.valueOf("2026-07-01"),
                Timestamp.from(Instant.now()), "hash", "{\"feeds\": {}, \"gold\": {}, \"other_versions\": {}}");
        spark.createDataFrame(List.of(quiet), delta(wh.runs()).schema()).write().format("delta").mode(SaveMode.Append).save(wh.runs());
        assertEquals(0, notebook(wh, NOTEBOOKS.resolve("fixture-check.sql"), o, "--param", "platform=DY"), err.toString());
        assertEquals(List.of("n", "6"), csv(o.resolve("fixture-check-data"), 3));
        String md = Files.readString(o.resolve("fixture-check.md"));
        assertTrue(md.contains("Tables read at the last committed run `run-quiet` (batch `b-quiet`, run date 2026-07-01"), md);
        assertTrue(md.contains("| gold.platform_monthly | " + committed + " | run " + run.runId() + " |"), md);
    }
}
