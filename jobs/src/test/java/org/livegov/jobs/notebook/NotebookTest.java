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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.LiveGov;
import org.livegov.jobs.SparkTestBase;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.config.ConfigLoader;
import org.livegov.jobs.nightly.NightlyJob;
import org.livegov.jobs.nightly.RunManifest;
import org.livegov.metrics.ids.Pseudonymiser;
import picocli.CommandLine;

/**
 * {@code livegov notebook} through the CLI entry point, in-process, on the e2e fixture after one
 * nightly run for 2026-06-30 (the fixture of NightlyEndToEndTest, whose comments work out every
 * value asserted here). The test notebooks are in {@code src/test/resources/notebooks}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotebookTest extends SparkTestBase {
    static final Path NOTEBOOKS = Path.of("src/test/resources/notebooks");

    @TempDir
    static Path tmp;
    static Warehouse wh;
    static RunManifest run;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeAll
    static void nightlyOnTheFixture() throws IOException {
        Path landing = tmp.resolve("landing");
        try (Stream<Path> s = Files.walk(Path.of("src/test/resources/fixtures/e2e"))) {
            for (Path p : s.toList()) {
                Path t = landing.resolve(Path.of("src/test/resources/fixtures/e2e").relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
        wh = new Warehouse(tmp.resolve("warehouse").toString());
        run = new NightlyJob(spark, ConfigLoader.load(Path.of("..", "conf")),
                new Pseudonymiser("test-key-0123456789".getBytes(StandardCharsets.UTF_8)), new PrintStream(new ByteArrayOutputStream()))
                .run(new NightlyJob.Params(wh.root(), landing.toString(), LocalDate.of(2026, 6, 30), "test"));
    }

    private int notebook(Path file, Path outDir, String... more) {
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
        return ((Number) run.gold.get(goldProduct).get("version")).longValue();
    }

    @Test
    @Order(1)
    void cellsRunInOrderAndTheResultsAreTheFixturesFigures() throws IOException {
        Path o = tmp.resolve("out1");
        assertEquals(0, notebook(NOTEBOOKS.resolve("fixture-check.sql"), o, "--param", "platform=DY"), err.toString());
        assertTrue(out.toString().startsWith("notebook fixture-check.sql: 5 cells, 3 tables read at run " + run.runId), out.toString());
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
        // the one listing: preliminary, two rules, evidence by day V3, V1, V2 (NightlyEndToEndTest.trendAndRepeatOffenders)
        assertEquals(List.of("state,rule_refs,evidence_ids,triggered_on",
                "preliminary,\"[R-CRITICAL-HEAVIER@1, R-SERIOUS-3IN24M@2]\",\"[V3, V1, V2]\",2025-06-01"), csv(data, 5));
        try (Stream<Path> s = Files.list(data)) {
            assertEquals(4, s.count()); // the prose-only cell has no result
        }

        String md = Files.readString(o.resolve("fixture-check.md"));
        assertTrue(md.startsWith("# Fixture check\n"), md);
        assertTrue(md.contains("Notebook `fixture-check.sql`, parameters platform = `DY`. Tables read at the last committed run `"
                + run.runId + "` (batch `" + run.batchId + "`, run date 2026-06-30, committed "), md);
        assertTrue(md.contains("| gold.platform_monthly | " + version("platform_monthly") + " | run " + run.runId + " |"), md);
        assertTrue(md.contains("| gold.offender_listings | " + version("offender_listings") + " | run " + run.runId + " |"), md);
        assertTrue(md.contains("| silver.quarantine | " + run.versions.get("silver/quarantine") + " | run " + run.runId + " |"), md);
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
    @Order(3)
    void anUnknownTableASqlErrorAndAMissingParameterStopWithOneLine() throws IOException {
        Path o = tmp.resolve("out3");
        assertEquals(1, notebook(NOTEBOOKS.resolve("unknown-table.sql"), o));
        String line = err.toString().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("livegov: notebook unknown-table.sql, cell 'Typo in a table name': unknown table "
                + "gold.platform_monthy (gold tables: mcn_monthly, "), line);
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
    @Order(4)
    void tablesAreReadAtTheVersionsOfTheCommittedRuns() throws IOException {
        long committed = version("platform_monthly");
        Row any = delta(wh.gold("platform_monthly")).first();
        spark.createDataFrame(List.of(any), any.schema()).withColumn("platform_id", org.apache.spark.sql.functions.lit("ZZ"))
                .write().format("delta").mode(SaveMode.Append).save(wh.gold("platform_monthly"));
        assertEquals(7, delta(wh.gold("platform_monthly")).count()); // the latest version has the extra row

        Path o = tmp.resolve("out4");
        assertEquals(0, notebook(NOTEBOOKS.resolve("fixture-check.sql"), o, "--param", "platform=DY"), err.toString());
        assertEquals(List.of("n", "6"), csv(o.resolve("fixture-check-data"), 3));
        assertTrue(Files.readString(o.resolve("fixture-check.md")).contains("| gold.platform_monthly | " + committed + " |"));

        // a quiet night commits without touching platform_monthly: still the first run's version
        Row quiet = RowFactory.create("run-quiet", "b-quiet", "committed", "test", java.sql.Date.valueOf("2026-07-01"),
                Timestamp.from(Instant.now()), "hash", "{\"feeds\": {}, \"gold\": {}, \"other_versions\": {}}");
        spark.createDataFrame(List.of(quiet), delta(wh.runs()).schema()).write().format("delta").mode(SaveMode.Append).save(wh.runs());
        assertEquals(0, notebook(NOTEBOOKS.resolve("fixture-check.sql"), o, "--param", "platform=DY"), err.toString());
        assertEquals(List.of("n", "6"), csv(o.resolve("fixture-check-data"), 3));
        String md = Files.readString(o.resolve("fixture-check.md"));
        assertTrue(md.contains("Tables read at the last committed run `run-quiet` (batch `b-quiet`, run date 2026-07-01"), md);
        assertTrue(md.contains("| gold.platform_monthly | " + committed + " | run " + run.runId + " |"), md);
    }
}
