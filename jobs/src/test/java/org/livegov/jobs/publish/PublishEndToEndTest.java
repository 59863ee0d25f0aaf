package org.livegov.jobs.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.Fixtures;
import org.livegov.jobs.SparkTestBase;
import org.livegov.jobs.UserError;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.config.ConfigLoader;
import org.livegov.metrics.bench.Quarter;

/**
 * The nightly job on the hand-made e2e fixture ({@code src/test/resources/fixtures/e2e}, run date
 * 2026-06-30; a copy of the JVM's shared night, {@link Fixtures#e2eNight}), then
 * {@code publish --quarter 2026Q2}, {@code --verify}, a second publish (refused: frozen) and a
 * tampered figure (verify names the cell). The configuration is the shipped one
 * except P06's minimum exposure, lowered from 100 to 3 broadcasts so that one public cell is shown.
 *
 * <p>Silver after the nightly: broadcasts B1 (DY, automated), B2 (DY, patrol), B3 (KS, automated,
 * 2026-05-01 07:30 Beijing), B4 (DY, none); B5-B7 are quarantined. Anchors A1 (DY, verified
 * 2026-01-02) and A2 (KS); merchants S1 (DY) and S2 (KS).
 */
@Tag("slow")
class PublishEndToEndTest extends SparkTestBase {
    static final List<String> RAW_PERSONAL = List.of("330106199003071236", "440305199505124560", "13812345678",
            "13900000000", "13700001111");
    static final Quarter Q2 = Quarter.parse("2026Q2");

    @TempDir
    static Path tmp;
    static Warehouse wh;
    static Path conf;
    static Path release;
    static String printed;

    @BeforeAll
    static void nightlyThenPublish() throws IOException {
        wh = Fixtures.e2eNight(spark).copyTo(tmp).warehouse(); // the nightly for 2026-06-30, shared in the JVM
        conf = tmp.resolve("conf");
        Fixtures.copyTree(Path.of("..", "conf"), conf);
        Path ind = conf.resolve("indicators.yaml");
        String text = Files.readString(ind);
        String p06 = "    worst: 0.80\n    best: 1.0\n    weight: 0.08\n    min_exposure: 100\n  - id: P07";
        assertTrue(text.contains(p06));
        Files.writeString(ind, text.replace(p06, p06.replace("min_exposure: 100", "min_exposure: 3")));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PublishJob.Target t = new PublishJob(spark, wh, new PrintStream(buf, true, StandardCharsets.UTF_8))
                .publish(conf, Q2, null, false);
        printed = buf.toString(StandardCharsets.UTF_8);
        release = Path.of(t.dir());
        assertEquals(1, t.revision());
    }

    static String cell(String csv, String entity, String indicator, String column) throws IOException {
        List<String> lines = Files.readAllLines(release.resolve(csv));
        List<String> head = List.of(lines.get(0).split(",", -1));
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split(",", -1);
            if (c[head.indexOf("entity_id")].equals(entity) && c[head.indexOf("indicator_id")].equals(indicator)) {
                return c[head.indexOf(column)];
            }
        }
        throw new AssertionError(entity + "/" + indicator + " not in " + csv);
    }

    /**
     * A copy of the published warehouse (tables, run records, release 2026Q2 revision 1) for a test
     * that changes it, so that no test sees another's changes whatever their order.
     */
    static Warehouse copyOfPublished(String name) {
        Path to = tmp.resolve(name);
        Fixtures.copyTree(Path.of(wh.root()), to);
        return new Warehouse(to.toString());
    }

    @Test
    void releaseHasItsFilesAndManifest() throws IOException {
        assertTrue(release.endsWith(Path.of("releases", "2026Q2")), release.toString());
        for (String f : List.of("platform_indicators.csv", "platform_scores.csv", "platform_sensitivity.csv", "platform.json",
                "mcn_indicators.csv", "mcn.json", "benchmark_2026Q2.xlsx", "packs/DY/platform_indicators.csv",
                "packs/KS/anchor_indicators.csv", "config/indicators.yaml", "manifest.json")) {
            assertTrue(Files.isRegularFile(release.resolve(f)), f);
        }
        JsonNode m = PublishJob.JSON.readTree(release.resolve("manifest.json").toFile());
        assertEquals(ConfigLoader.load(conf).configHash(), m.path("config_hash").asText());
        // the nightly wrote each silver table and the offender list once: version 0 (create) or later, never absent
        for (String t : List.of("silver/broadcasts", "silver/violations", "silver/complaints", "silver/anchors",
                "silver/merchants", "silver/contracts", "gold/offender_listings")) {
            assertTrue(m.path("tables").has(t), t);
            // its log is kept long enough for the pinned version to stay readable (Delta's default is 30 days)
            assertEquals(PublishJob.PINNED_LOG_RETENTION, io.delta.tables.DeltaTable.forPath(spark, wh.root() + "/" + t)
                    .detail().select("properties").first().getJavaMap(0).get("delta.logRetentionDuration"), t);
        }
        assertEquals(PublishJob.sha256(Files.readAllBytes(release.resolve("platform_scores.csv"))),
                m.path("files").path("platform_scores.csv").asText());
        assertTrue(printed.contains("platform league"), printed);
        // the gold tables hold the quarter
        assertEquals(2, delta(wh.gold("benchmark_scores")).where("quarter = '2026Q2' AND role = 'platform'").count());
    }

    @Test
    void cellsBelowMinimumExposureAreSuppressedInPublicFilesOnly() throws IOException {
        // P06 DY: B1 automated, B2 patrol, B4 none → 2/3 = 0.66666… monitored, a share: 4 decimals, half up → 0.6667;
        // 3 broadcasts ≥ min 3 → published; the denominator a count: 3
        assertEquals("0.6667", cell("platform_indicators.csv", "DY", "P06_broadcasts_monitored", "value"));
        assertEquals("3", cell("platform_indicators.csv", "DY", "P06_broadcasts_monitored", "denominator"));
        assertEquals("published", cell("platform_indicators.csv", "DY", "P06_broadcasts_monitored", "value_status"));
        // P06 KS: B3 only, 1 broadcast < 3 → suppressed: figures empty, the status and its reason say why
        assertEquals("true", cell("platform_indicators.csv", "KS", "P06_broadcasts_monitored", "suppressed"));
        assertEquals("", cell("platform_indicators.csv", "KS", "P06_broadcasts_monitored", "value"));
        assertEquals("", cell("platform_indicators.csv", "KS", "P06_broadcasts_monitored", "numerator"));
        assertEquals("suppressed", cell("platform_indicators.csv", "KS", "P06_broadcasts_monitored", "value_status"));
        assertTrue(cell("platform_indicators.csv", "KS", "P06_broadcasts_monitored", "suppression_reason")
                .startsWith("exposure (denominator) below the minimum of 3 (min_exposure"));
        // P01 DY: 1 active anchor (A1, verified 2026-01-02, before B1) < min 20 → suppressed in public ...
        assertEquals("", cell("platform_indicators.csv", "DY", "P01_anchor_real_name", "value"));
        // ... but DY's own pack shows its own value 1/1 = 1.0000, while KS stays suppressed there
        assertEquals("1.0000", cell("packs/DY/platform_indicators.csv", "DY", "P01_anchor_real_name", "value"));
        assertEquals("published", cell("packs/DY/platform_indicators.csv", "DY", "P01_anchor_real_name", "value_status"));
        assertEquals("", cell("packs/DY/platform_indicators.csv", "KS", "P06_broadcasts_monitored", "value"));
        // merchant and anchor scorecards exist only in the packs, each platform seeing its own
        assertFalse(Files.exists(release.resolve("merchant_indicators.csv")));
        assertEquals("1.0000", cell("packs/DY/merchant_indicators.csv", "S1", "R01_licence_displayed", "value"));
        assertFalse(Files.readString(release.resolve("packs/KS/merchant_indicators.csv")).contains("S1"));
    }

    @Test
    void noRawIdentityNumberOrPhoneInAnyReleaseFile() throws IOException {
        try (Stream<Path> s = Files.walk(release)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String text = f.toString().endsWith(".xlsx") ? unzipped(f) : new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String raw : RAW_PERSONAL) {
                    assertFalse(text.contains(raw), raw + " in " + f);
                }
            }
        }
    }

    @Test
    void verifyRebuildsIdentically() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new PublishJob(spark, wh, new PrintStream(buf, true, StandardCharsets.UTF_8)).verify(Q2, null, 1);
        assertTrue(buf.toString(StandardCharsets.UTF_8).startsWith("identical: 2026Q2 revision 1"), buf.toString());
    }

    @Test
    void aPublishedQuarterIsFrozen() {
        String m = assertThrows(UserError.class, () -> new PublishJob(spark, wh, System.out).publish(conf, Q2, null, false))
                .getMessage();
        assertTrue(m.contains("release 2026Q2 exists") && m.contains("is frozen; use --revise to publish revision 2"), m);
        // while another run (a nightly of this live process) holds the warehouse's run lock, publish writes nothing
        Path lock = Path.of(wh.root(), "_control", "lock");
        String holder;
        try {
            holder = java.net.InetAddress.getLocalHost().getHostName() + " " + ProcessHandle.current().pid() + " run-test";
            Files.writeString(lock, holder);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            String locked = assertThrows(UserError.class, () -> new PublishJob(spark, wh, System.out).publish(conf, Q2, null, true))
                    .getMessage();
            assertTrue(locked.startsWith("another LiveGov run holds ") && locked.contains(holder), locked);
            assertFalse(Files.exists(release.resolveSibling("2026Q2-r2")), "no revision written under another run's lock");
        } finally {
            lock.toFile().delete();
        }
    }

    @Test
    void verifyNamesTheFirstDifferingCell() throws IOException {
        Warehouse wh = copyOfPublished("tampered");
        Path release = Path.of(new PublishJob(spark, wh, System.out).releaseDir(Q2, 1));
        // change DY's P06 value and re-stamp its checksum, as if the figure had been recomputed differently
        Path f = release.resolve("platform_indicators.csv");
        String text = Files.readString(f);
        String good = "0.6667";
        Files.writeString(f, text.replaceFirst(java.util.regex.Pattern.quote("," + good + ","), ",0.7,"));
        Path mf = release.resolve("manifest.json");
        ObjectNode m = (ObjectNode) PublishJob.JSON.readTree(mf.toFile());
        ((ObjectNode) m.get("files")).put("platform_indicators.csv", PublishJob.sha256(Files.readAllBytes(f)));
        Files.write(mf, PublishJob.JSON.writeValueAsBytes(m));
        Path list = tmp.resolve("differences.csv");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        String msg = assertThrows(UserError.class, () -> new PublishJob(spark, wh, new PrintStream(buf, true, StandardCharsets.UTF_8))
                .verify(Q2, null, 1, list)).getMessage();
        // 0.7 is not 0.6667 at 4 decimals: a changed figure, not formatting
        assertTrue(msg.startsWith("verify: differs: platform_indicators.csv platform DY P06_broadcasts_monitored column value: "
                + "released '0.7', rebuilt '" + good + "' (1 cells differ in value); every cell listed in " + list), msg);
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("  platform_indicators.csv value: 1 cells"), buf.toString(StandardCharsets.UTF_8));
        // the list: its header and the one cell, nothing else (the release is otherwise as published)
        assertEquals(List.of("file,table,role,entity_id,indicator_id,weighting,column,published,now,change",
                        "platform_indicators.csv,indicators,platform,DY,P06_broadcasts_monitored,,value,0.7," + good + ",value"),
                Files.readAllLines(list));
    }

    @Test
    void anOldQuarterGivesTheSameFiguresAfterItsListingIsRemoved() throws IOException {
        Warehouse wh = copyOfPublished("listing-removed");
        // a listing of anchor A1 from 2026-04-15, still on the list (as the offender step would write it)
        String listings = wh.gold("offender_listings");
        org.apache.spark.sql.types.StructType schema = delta(listings).schema();
        java.util.Map<String, Object> v = java.util.Map.of("listing_id", "anchor:A1#1", "subject_key", "anchor:A1",
                "subject_role", "anchor", "seq", 1, "state", "listed", "listed_from", java.sql.Date.valueOf("2026-04-15"),
                "is_public", false);
        Object[] row = new Object[schema.size()];
        for (int i = 0; i < row.length; i++) row[i] = v.get(schema.fields()[i].name());
        spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(row)), schema).write().format("delta")
                .mode("append").save(listings);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Path r2 = Path.of(new PublishJob(spark, wh, quiet).publish(conf, Q2, null, true).dir());
        // P16 DY: A1, DY's one active anchor, broadcast B2 (04-20) and B4 (05-02) on the list → 1/1 × 1000 (own pack:
        // below the minimum exposure 20 in public)
        assertEquals("1", cell(r2, "packs/DY/platform_indicators.csv", "DY", "P16_listed_offenders_broadcasting", "numerator"));
        assertEquals("1000.00", cell(r2, "packs/DY/platform_indicators.csv", "DY", "P16_listed_offenders_broadcasting", "value"));
        // M07 M2: active anchors A1 (B2, B4 under contract C2 from 04-16) and A2 (B3). A1 and A2 are one person
        // (one identity number), on the list since 2025-06-11 by the fixture's own listing (its term runs from
        // the triggering decision of 2025-06-01, issue 13 item 3), so both are on the list on 06-30: 2/2
        Row m07 = delta(wh.gold("benchmark_indicators")).where("quarter = '2026Q2' AND entity_id = 'M2' AND "
                + "indicator_id = 'M07_repeat_offender_anchors'").first();
        assertEquals(List.of(2.0, 2.0), List.of(m07.<Double>getAs("numerator"), m07.<Double>getAs("denominator")));

        // every listing on the list is removed early by a decision of 2026-07-20, after the quarter (a later
        // Delta version): read in today's state, nobody would be on the list any more
        io.delta.tables.DeltaTable.forPath(spark, listings).updateExpr("state IN ('listed', 'eligible_early_removal')",
                java.util.Map.of("state", "'removed_early'", "ended_on", "DATE'2026-07-20'"));
        assertEquals(0, delta(listings).where("state IN ('listed', 'eligible_early_removal')").count());
        // verify of the release: identical (it reads its pinned versions)
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new PublishJob(spark, wh, new PrintStream(buf, true, StandardCharsets.UTF_8)).verify(Q2, null, 2);
        assertTrue(buf.toString(StandardCharsets.UTF_8).startsWith("identical: 2026Q2 revision 2"), buf.toString());
        // republishing from today's tables gives the same figures: A1 and A2 were on the list on every day of the
        // quarter, whatever the listings' state now (reading today's state, P16 and M07 would drop to 0)
        Path r3 = Path.of(new PublishJob(spark, wh, quiet).publish(conf, Q2, null, true).dir());
        List<String> compared = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.walk(r2)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = r2.relativize(f).toString();
                if (name.startsWith("config") || name.endsWith(".xlsx") || name.equals("manifest.json")) continue;
                assertEquals(Files.readString(f), Files.readString(r3.resolve(name)), name);
                compared.add(name);
            }
        }
        assertTrue(compared.contains("packs/DY/platform_indicators.csv") && compared.contains("mcn_indicators.csv"), compared.toString());
    }

    @Test
    void aCellWhoseFieldIsOftenBlankCarriesItsCoverageAndIsNotAvailableBelowTheMinimum() throws IOException {
        // A1's broadcasts B1 (CNY 1000.00), B2 (2000.50), B4 (GMV blank): coverage 2/3 < 0.8 (conf/indicators.yaml)
        // → A04 not available for A1 in DY's pack, with its coverage; M2 (B2, B4, and KS's B3 500.00): 2/3 too
        String pack = "packs/DY/anchor_indicators.csv";
        assertEquals("0.6667", cell(release, pack, "A1", "A04_complaints_per_million_gmv", "coverage"));
        assertEquals("not_available", cell(release, pack, "A1", "A04_complaints_per_million_gmv", "value_status"));
        assertTrue(cell(release, pack, "A1", "A04_complaints_per_million_gmv", "not_available")
                .startsWith("gmv_cny of broadcasts recorded for a share 0.667 of the units of anchor A1 in 2026Q2"));
        assertEquals("0.6667", cell(release, "mcn_indicators.csv", "M2", "M06_complaints_per_million_gmv", "coverage"));
        // M1: B1 only, GMV known → coverage 1.0000, computed
        assertEquals("1.0000", cell(release, "mcn_indicators.csv", "M1", "M06_complaints_per_million_gmv", "coverage"));
        // A2 (KS): B3 only, GMV CNY 500.00 = CNY 0.0005 million, written to the fen: 0.00050000 (KS's own pack)
        assertEquals("0.00050000", cell(release, "packs/KS/anchor_indicators.csv", "A2", "A04_complaints_per_million_gmv",
                "denominator"));
        assertEquals("", cell(release, "mcn_indicators.csv", "M1", "M06_complaints_per_million_gmv", "not_available"));
        // an indicator whose blank counts against the entity has no coverage
        assertEquals("", cell(release, "platform_indicators.csv", "DY", "P06_broadcasts_monitored", "coverage"));
        // P17 is published for each platform (DY's own pack shows it unsuppressed)
        assertFalse(cell(release, "packs/DY/platform_indicators.csv", "DY", "P17_reporting_completeness", "value").isEmpty());
    }

    /**
     * A release written before issue 17's rounding verifies, naming the cells that differ in formatting
     * only. Revision 1, in a copy of the warehouse, is turned into the old form: platform_indicators.csv without the
     * value_status and suppression_reason columns, and its numbers as the shortest text of the double,
     * as releases were written before: DY's P06 value 2/3 → 0.6666666666666666 (published 0.6667 now),
     * its numerator 2 → 2.0 and denominator 3 → 3.0. Rounded half up to the decimals the rebuild shows,
     * 0.6666666666666666 → 0.6667, 2.0 → 2, 3.0 → 3: the same figures, so verify passes and lists them.
     */
    @Test
    void aReleaseWrittenBeforeTheRoundingVerifiesAndNamesTheCellsThatDifferInFormattingOnly() throws IOException {
        Warehouse wh = copyOfPublished("old-form");
        Path r1 = Path.of(new PublishJob(spark, wh, System.out).releaseDir(Q2, 1));
        Path f = r1.resolve("platform_indicators.csv");
        List<List<String>> rows = ReleaseComparison.parseCsv(Files.readString(f));
        List<String> head = rows.get(0);
        int value = head.indexOf("value"), num = head.indexOf("numerator"), den = head.indexOf("denominator"),
                entity = head.indexOf("entity_id"), indicator = head.indexOf("indicator_id"), status = head.indexOf("value_status");
        assertEquals(head.size() - 2, status, "value_status and suppression_reason are the last two columns");
        StringBuilder old = new StringBuilder();
        for (List<String> r : rows) {
            if (r.size() < head.size()) continue;   // the empty record after the last line break
            List<String> c = new java.util.ArrayList<>(r.subList(0, status));
            if (c.get(entity).equals("DY") && c.get(indicator).equals("P06_broadcasts_monitored")) {
                assertEquals(List.of("2", "3", "0.6667"), List.of(c.get(num), c.get(den), c.get(value)));
                c.set(num, "2.0");
                c.set(den, "3.0");
                c.set(value, String.valueOf(2.0 / 3));
            }
            old.append(String.join(",", c.stream().map(x -> x.contains(",") || x.contains("\"")
                    ? "\"" + x.replace("\"", "\"\"") + "\"" : x).toList())).append('\n');
        }
        Files.writeString(f, old.toString());
        Path mf = r1.resolve("manifest.json");
        ObjectNode m = (ObjectNode) PublishJob.JSON.readTree(mf.toFile());
        ((ObjectNode) m.get("files")).put("platform_indicators.csv", PublishJob.sha256(Files.readAllBytes(f)));
        Files.write(mf, PublishJob.JSON.writeValueAsBytes(m));

        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new PublishJob(spark, wh, new PrintStream(buf, true, StandardCharsets.UTF_8)).verify(Q2, null, 1);
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("identical at the published precision: 2026Q2 revision 1"), out);
        assertTrue(out.contains("  platform_indicators.csv value: 1 cells in formatting only, e.g. platform DY "
                + "P06_broadcasts_monitored '0.6666666666666666' -> '0.6667'"), out);
        assertTrue(out.contains("  platform_indicators.csv denominator: 1 cells in formatting only, e.g. platform DY "
                + "P06_broadcasts_monitored '3.0' -> '3'"), out);
        // every row of the file has a value_status now, none in the old file: one cell per row
        int cells = (int) rows.stream().filter(r -> r.size() == head.size()).count() - 1;
        assertTrue(out.contains("  platform_indicators.csv value_status: " + cells + " cells, a column the release does not have"),
                out);
    }

    static String cell(Path dir, String csv, String entity, String indicator, String column) throws IOException {
        Path saved = release;
        try {
            release = dir;
            return cell(csv, entity, indicator, column);
        } finally {
            release = saved;
        }
    }

    private static String unzipped(Path xlsx) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(xlsx)))) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                sb.append(new String(z.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertTrue(sb.toString().contains("P06_broadcasts_monitored"), "the XLSX's text is readable");
        return sb.toString();
    }
}
