package org.livegov.jobs.reliability;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
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
import org.livegov.jobs.config.LiveGovConfig;
import org.livegov.jobs.nightly.NightlyJob;
import org.livegov.jobs.nightly.RunManifest;
import org.livegov.jobs.publish.PublishJob;
import org.livegov.metrics.bench.Quarter;
import org.livegov.metrics.ids.Pseudonymiser;
import picocli.CommandLine;

/**
 * Promises about published releases (issue 7):
 * <ul>
 *   <li>Late and corrected records: "A record that arrives days late, or corrects an earlier one,
 *       updates the affected periods at the next run; a release already published is not changed
 *       (it is pinned), and the run lists which published figures the correction would change."</li>
 *   <li>Retention: "VACUUM and log retention never remove a table version that a published release
 *       points to; a test publishes, vacuums, and verifies the release."</li>
 * </ul>
 *
 * <p>Fixture: {@code fixtures/e2e} with the shipped configuration, nightly for 2026-06-30, then
 * {@code publish --quarter 2026Q2}. Three days later (run date 2026-07-03) two files land:
 * <ul>
 *   <li>a late complaint C8 (KS, no anchor or merchant, received 2026-06-10 10:00 Beijing, a
 *       Wednesday, accepted the next day: 1 working day, in time);</li>
 *   <li>a correction of broadcast B2 (DY, A1, 2026-04-20): same id, {@code updated_at}
 *       2026-07-02 (the first version had none), GMV 2,000.50 → 2,500.50 CNY, all else equal.</li>
 * </ul>
 * One nightly and one publish for the whole class ({@link #publishThenLandLateAndCorrectedRecords}).
 */
@Tag("slow")
class PublishedReleaseTest extends SparkTestBase {
    static final Quarter Q2 = Quarter.parse("2026Q2");
    static final Pseudonymiser KEY = Fixtures.KEY;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Warehouse wh;
    static LiveGovConfig conf;
    static Path release;
    static Map<String, String> releaseSums;
    static long goldVersionBefore;
    static Map<String, Row> goldBefore;
    static RunManifest late;
    static String lateOutput;
    static Path landing;

    @BeforeAll
    static void publishThenLandLateAndCorrectedRecords() throws IOException {
        Fixtures.Night first = Fixtures.e2eNight(spark).copyTo(tmp);   // the nightly for 2026-06-30, shared in the JVM
        landing = first.landing();
        Path confDir = Path.of("..", "conf");
        conf = ConfigLoader.load(confDir);
        wh = first.warehouse();
        PublishJob.Target t = new PublishJob(spark, wh, quiet()).publish(confDir, Q2, null, false);
        release = Path.of(t.dir());
        releaseSums = sums(release);
        goldVersionBefore = io.delta.tables.DeltaTable.forPath(spark, wh.gold("platform_monthly")).history(1)
                .select("version").first().getLong(0);
        goldBefore = platformMonths();

        Files.writeString(landing.resolve("complaints/late-2026-07-03.jsonl"), "{\"complaint_id\": \"C8\", "
                + "\"platform_id\": \"KS\", \"kind\": \"other\", \"received_at\": \"2026-06-10T10:00:00+08:00\", "
                + "\"accepted_at\": \"2026-06-11T10:00:00+08:00\"}\n");
        Files.writeString(landing.resolve("broadcasts/correction-2026-07-03.csv"), String.join("\n",
                "broadcast_id,platform_id,anchor_id,started_at,ended_at,peak_viewers,views,orders,gmv_cny,monitoring,recording_retained_until,updated_at",
                "B2,DY,A1,2026-04-20T20:00:00+08:00,2026-04-20T22:00:00+08:00,800,20000,150,2500.50,patrol,2029-04-20,2026-07-02T09:00:00+08:00")
                + "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        late = night(wh, landing, LocalDate.of(2026, 7, 3), out);
        lateOutput = out.toString(StandardCharsets.UTF_8);
    }

    /**
     * A copy of warehouse (release included) and landing after the late night, for a test that
     * changes them: the tests below read the class's warehouse or change a copy of their own, so
     * none depends on another's order.
     */
    static Fixtures.Night copyOfLate(String name) {
        return new Fixtures.Night(landing, wh, late, lateOutput).copyTo(tmp.resolve(name));
    }

    /** The release 2026Q2 revision 1 inside a copy of the warehouse. */
    static Path releaseIn(Warehouse copy) {
        return Path.of(copy.root()).resolve(Path.of(wh.root()).relativize(release));
    }

    static RunManifest night(Warehouse wh, Path landing, LocalDate day, ByteArrayOutputStream out) {
        return new NightlyJob(spark, conf, KEY, new PrintStream(out, true, StandardCharsets.UTF_8))
                .run(new NightlyJob.Params(wh.root(), landing.toString(), day, "test"));
    }

    static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    /** gold/platform_monthly by "platform month". */
    static Map<String, Row> platformMonths() {
        Map<String, Row> m = new TreeMap<>();
        delta(wh.gold("platform_monthly")).collectAsList().forEach(r -> m.put(r.getAs("platform_id") + " " + r.getAs("month"), r));
        return m;
    }

    @Test
    void theNextRunUpdatesTheAffectedGoldMonths() {
        // broadcasts: 1 row in = 0 inserted + 1 updated (later updated_at, other content); complaints: C8 inserted
        var b = late.feeds().get("broadcasts");
        assertEquals(List.of(1L, 0L, 1L, 0L, 0L), List.of(b.rowsIn(), b.inserted(), b.updated(), b.duplicates(), b.quarantined()));
        var c = late.feeds().get("complaints");
        assertEquals(List.of(1L, 1L, 0L), List.of(c.rowsIn(), c.inserted(), c.updated()));
        // B2 started 2026-04-20 and C8 was received 2026-06-10 (Beijing): exactly those months are recomputed
        assertEquals(List.of("2026-04", "2026-06"), late.months());

        Map<String, Row> now = platformMonths();
        // DY 2026-04 GMV: B1 1,000.00 + B2 2,000.50 = 3,000.50 before; B1 1,000.00 + B2 2,500.50 = 3,500.50 now
        // (B5-B7 are quarantined); still 2 broadcasts; exact decimals
        assertEquals(new BigDecimal("3000.50"), goldBefore.get("DY 2026-04").getAs("gmv_cny"));
        assertEquals(new BigDecimal("3500.50"), now.get("DY 2026-04").getAs("gmv_cny"));
        assertEquals(2L, (long) now.get("DY 2026-04").getAs("broadcasts"));
        // KS 2026-06 complaints: C4 (06-29) before (C5 is quarantined: satisfaction 9), C4 + C8 now.
        // Acceptance as of the run date: C4 not accepted, 4 working days by 07-03 (06-30, 07-01, 07-02,
        // 07-03) ≤ 7, still open; C8 accepted after 1 working day: decided and in time → 1/1
        Row ks = goldBefore.get("KS 2026-06");
        assertEquals(List.of(1L, 0L, 0L), List.of((long) ks.getAs("complaints"),
                (long) ks.getAs("complaints_acceptance_decided"), (long) ks.getAs("complaints_accepted_in_time")));
        assertNull(ks.getAs("share_accepted_in_time"));
        ks = now.get("KS 2026-06");
        assertEquals(List.of(2L, 1L, 1L), List.of((long) ks.getAs("complaints"),
                (long) ks.getAs("complaints_acceptance_decided"), (long) ks.getAs("complaints_accepted_in_time")));
        assertEquals(1.0, (double) ks.getAs("share_accepted_in_time"));
        // a month the batch did not touch is as it was
        assertEquals(goldBefore.get("KS 2026-05").toString(), now.get("KS 2026-05").toString());
    }

    @Test
    void thePublishedReleaseIsPinned() throws IOException {
        // every file of the release, manifest and copied configuration included, has its SHA-256 of before
        assertEquals(releaseSums, sums(release));
        // 27 files: platform and MCN indicators, scores, sensitivity CSV and JSON (8), the XLSX, 7 configuration
        // files, the manifest, and per platform pack (DY, KS) 5 CSV files (10)
        assertEquals(27, releaseSums.size(), releaseSums.keySet().toString());
        // and a rebuild from the versions it pins is still identical
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new PublishJob(spark, wh, new PrintStream(buf, true, StandardCharsets.UTF_8)).verify(Q2, null, 1);
        assertTrue(buf.toString(StandardCharsets.UTF_8).startsWith("identical: 2026Q2 revision 1"), buf.toString());
    }

    /**
     * Which published cells a rebuild of 2026Q2 from today's tables changes, worked out from the fixture:
     * <ul>
     *   <li>C8 (KS, accepted in time, no outcome, no satisfaction, no compensation, no anchor or merchant):
     *       P11 (accepted within 7 working days) KS not available → 1/2: before C8 no KS complaint has
     *       {@code accepted_at} (C3, C4), so KS did not report acceptance and its cell was published as
     *       not available; with C8 it reports it, and C3 (received 05-06, never accepted) is decided and
     *       late by 06-30, C8 in time, C4 (received 06-29) still open. The peer value Σk/ΣE now
     *       includes KS, so DY's row changes too (k_DY/n_DY → (k_DY + 1)/(n_DY + 2), never equal, as
     *       k_DY ≤ n_DY and n_DY ≥ 1). P15 (platform backstop) does not change: KS's complaints (C3, C4, C5 quarantined,
     *       C8) carry no {@code compensated_by} at all, so KS's P15 is not available before and after
     *       (QuarterlyIndicators: a platform that reports none of a field is not scored on it), and the
     *       peer value is DY's alone. P12 (no final outcome), P13 (not closed, 45 working days not passed),
     *       P14 (no satisfaction) do not see C8.</li>
     *   <li>B2's GMV (A1, 2026-04-20, contract C2: MCN M2 from 04-16) changes no published figure
     *       (issue 13 item 9): the cells it feeds, M06 of M2 (B2, B3, B4) and A04 of A1 (B1, B2, B4),
     *       have a GMV for 2 of their 3 broadcasts (B4's is blank), coverage 2/3 below the shipped
     *       minimum 0.8, so they are not available before and after, with the same coverage; the peer
     *       values of M06 and A04 are then M1's alone (B1) and A2's alone (B3), which B2 does not feed.
     *       Before issue 13 the blank counted as GMV 0 and M2 2 / 0.0025005 → 2 / 0.0030005, A1
     *       1 / 0.0030005 → 1 / 0.0035005 moved, with the peer values of M1 and A2.</li>
     *   <li>C8 has no payer, but it is still open on 06-30 (no outcome, not closed): P15 and its field
     *       in P17 (reporting completeness) count only complaints whose handling had ended by the
     *       quarter's last day, so C8 is not one of their units and KS's P17 stays 0/2 (C3, C4); before
     *       that rule C8 counted as an unknown payer, 0/2 → 0/3, and moved DY's peer value too.</li>
     *   <li>All these cells are below their minimum exposure (P11: 10 complaints; M06: CNY 1 million;
     *       A04: CNY 0.1 million), so none enters a composite: scores, ranks (the Monte Carlo draws only
     *       available cells) and sensitivity stay as published. In public files the suppressed cells show
     *       only their peer value, overdispersion and tau²; the platform packs show a platform's own
     *       cells and its anchors' in full.</li>
     * </ul>
     */
    @Test
    void theRunListsThePublishedFiguresTheCorrectionWouldChange() throws IOException {
        JsonNode manifest = JSON.readTree(Files.readAllBytes(local(late.manifestPath())));
        JsonNode drift = manifest.path("release_drift");
        assertEquals(1, drift.size(), drift.toString());
        JsonNode r = drift.get(0);
        assertEquals("2026Q2", r.path("quarter").asText());
        assertEquals(1, r.path("revision").asInt());
        assertFalse(r.has("error"), r.toString());
        assertFalse(r.has("cells_listed"), "every cell listed");
        Set<String> pairs = new TreeSet<>();
        Set<String> tables = new TreeSet<>();
        List<JsonNode> cells = new ArrayList<>();
        r.path("cells").forEach(cells::add);
        assertEquals(r.path("cells_total").asInt(), cells.size());
        for (JsonNode c : cells) {
            pairs.add(c.path("entity_id").asText() + " " + c.path("indicator_id").asText());
            tables.add(c.path("table").asText());
        }
        assertEquals(new TreeSet<>(List.of("DY P11_complaints_accepted_7wd", "KS P11_complaints_accepted_7wd")), pairs);
        assertEquals(Set.of("indicators"), tables);   // no score, rank or sensitivity figure changes

        // KS's P11 in its own pack: not available (empty) published, 1/2 = 0.5000 (a share, 4 decimals) now, of 2 complaints
        assertEquals(List.of("", "0.5000"), cell(cells, "packs/KS/platform_indicators.csv", "KS", "P11_complaints_accepted_7wd", "value"));
        assertEquals(List.of("", "2"), cell(cells, "packs/KS/platform_indicators.csv", "KS", "P11_complaints_accepted_7wd", "denominator"));
        assertEquals(List.of("not_available", "published"),
                cell(cells, "packs/KS/platform_indicators.csv", "KS", "P11_complaints_accepted_7wd", "value_status"));
        // in the public file it is suppressed now (2 complaints < 10) instead of not available
        assertEquals(List.of("not_available", "suppressed"),
                cell(cells, "platform_indicators.csv", "KS", "P11_complaints_accepted_7wd", "value_status"));
        // a release and a rebuild by the same code differ in figures only, never in formatting
        cells.forEach(c -> assertEquals("value", c.path("change").asText(), c.toString()));
        assertFalse(r.has("cells_formatting_only"), r.toString());
        // the reason KS's P11 was not available is public (every file that lists KS's P11), and it goes
        assertEquals(List.of("platform KS reported no accepted_at of its complaints in 2026Q2", ""),
                cell(cells, "platform_indicators.csv", "KS", "P11_complaints_accepted_7wd", "not_available"));
        // suppressed cells stay suppressed: KS's P11 value is not in any public file, nor in DY's pack;
        // outside an entity's own pack only peer statistics and the not-available reason may change
        Set<String> publicColumns = Set.of("peer_value", "overdispersion_phi", "tau2", "not_available", "value_status",
                "suppression_reason");
        List<String> leaks = new ArrayList<>();
        for (JsonNode c : cells) {
            boolean ownPack = c.path("file").asText().startsWith("packs/" + c.path("entity_id").asText() + "/");
            String role = c.path("role").asText();
            if ((role.equals("platform") && !ownPack || role.equals("mcn")) && !publicColumns.contains(c.path("column").asText())
                    || role.equals("mcn") && !c.path("file").asText().startsWith("mcn")) {   // MCN cells: public MCN files only
                leaks.add(c.toString());
            }
        }
        assertEquals(List.of(), leaks);
        // one line per affected release, naming the manifest
        String line = lateOutput.lines().filter(l -> l.startsWith("published 2026Q2 (r1): ")).findFirst().orElseThrow(
                () -> new AssertionError(lateOutput));
        assertTrue(line.contains(r.path("figures").asInt() + " figures would change") && line.contains(late.manifestPath())
                && line.endsWith("release_drift; publish --revise to issue a revision"), line);
        assertEquals(1, lateOutput.lines().filter(l -> l.startsWith("published ")).count(), lateOutput);
        assertTrue(late.stageSeconds().containsKey("release_drift"));
    }

    /**
     * {@code livegov maintain --retain-hours 0} (the smallest retention the command takes; Delta's own
     * 168-hour safety check is switched off for it, as an operator would have to) after the night that corrected B2: the
     * silver/broadcasts file of 2026-04 that the release pins is no longer in the latest version, and
     * only the release's pin keeps it. The release still verifies; a table no release pins
     * (gold/platform_monthly) really lost its old files, so the test would fail if VACUUM kept everything.
     */
    @Test
    void vacuumKeepsWhatTheReleasePinsAndTheReleaseStillVerifies() throws Exception {
        Warehouse wh = copyOfLate("vacuumed").warehouse();
        Path release = releaseIn(wh);
        JsonNode pins = JSON.readTree(release.resolve("manifest.json").toFile()).path("tables");
        long pinned = pins.path("silver/broadcasts").asLong();
        assertTrue(latest(wh.silver(org.livegov.metrics.contract.Feed.BROADCASTS)) > pinned, "the late night made new versions");
        Set<Path> pinnedFiles = files(wh.silver(org.livegov.metrics.contract.Feed.BROADCASTS), pinned);
        Set<Path> onlyPinned = new TreeSet<>(pinnedFiles);
        onlyPinned.removeAll(files(wh.silver(org.livegov.metrics.contract.Feed.BROADCASTS), -1));
        assertFalse(onlyPinned.isEmpty(), "B2's correction rewrote the 2026-04 file: the old one is referenced only by the pin");
        Set<Path> goldOrphans = orphans(wh.gold("platform_monthly"));
        assertFalse(goldOrphans.isEmpty(), "the late night replaced gold months: their old files are unreferenced");

        StringWriter err = new StringWriter();
        int[] exit = new int[1];
        // the command's session is the shared one: the shuffle partitions it sets are restored afterwards too
        withSQLConf(Map.of("spark.databricks.delta.retentionDurationCheck.enabled", "false",
                "spark.sql.shuffle.partitions", spark.conf().get("spark.sql.shuffle.partitions")), () -> {
            CommandLine cl = LiveGov.commandLine();
            cl.setErr(new PrintWriter(err, true));
            // --no-optimize: compaction only unreferences more files, which the same retention covers; it took
            // minutes on the shared machine for ~30 tables of a few rows
            exit[0] = cl.execute("maintain", "--warehouse", wh.root(), "--retain-hours", "0", "--no-optimize", "--master", "local[2]");
        });
        int rc = exit[0];
        assertEquals(0, rc, err.toString());

        // control: the unpinned gold table kept nothing unreferenced; its pre-correction version is unreadable
        assertEquals(Set.of(), orphans(wh.gold("platform_monthly")));
        goldOrphans.forEach(p -> assertFalse(Files.exists(p), p + " should have been vacuumed"));
        assertThrows(Exception.class, () -> spark.read().format("delta").option("versionAsOf", goldVersionBefore)
                .load(wh.gold("platform_monthly")).collectAsList());
        // the pinned files are all still there, and the pinned version reads B2 as published: GMV 2,000.50
        pinnedFiles.forEach(p -> assertTrue(Files.exists(p), p + " is pinned by the release"));
        Row b2 = spark.read().format("delta").option("versionAsOf", pinned).load(wh.silver(org.livegov.metrics.contract.Feed.BROADCASTS))
                .where(col("broadcast_id").equalTo("B2")).collectAsList().get(0);
        assertEquals(new BigDecimal("2000.50"), b2.getAs("gmv_cny"));

        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new PublishJob(spark, wh, new PrintStream(buf, true, StandardCharsets.UTF_8)).verify(Q2, null, 1);
        assertTrue(buf.toString(StandardCharsets.UTF_8).startsWith("identical: 2026Q2 revision 1"), buf.toString());
        assertEquals(releaseSums, sums(release));
    }

    /**
     * Issue 17 item 3, the November merchants: two merchant rows land on 2026-11-10, both dated after
     * 2026Q2, S1 no longer showing its licence (changed at the source 2026-11-09) and a new merchant
     * S3 on DY (no date: effective from the landing day 11-10). The registers are read as they stood
     * on 2026-06-30, so the night's drift of 2026Q2 is exactly the drift of the night before (C8's P11
     * and P17 cells, which are in today's tables too): the merchants add 0 cells. Read as the register
     * is today (before issue 17), DY's P03 would go from 1/1 to 1/2 (S1 not shown, S3 shown), S1's R01
     * from 1 to 0, S3 would get a row, and the merchant league would move.
     */
    @Test
    void aRegisterChangeDatedAfterTheQuarterMovesNoPublishedCell() throws IOException {
        Fixtures.Night copy = copyOfLate("november");
        Warehouse wh = copy.warehouse();
        Path landing = copy.landing();
        java.nio.charset.Charset gb = java.nio.charset.Charset.forName("GB18030");
        List<String> lines = Files.readAllLines(landing.resolve("merchants/merchants.csv"), gb);
        String s1 = lines.stream().filter(l -> l.startsWith("S1,")).findFirst().orElseThrow();
        Files.writeString(landing.resolve("merchants/merchants-2026-11-10.csv"), String.join("\n",
                lines.get(0) + ",updated_at",
                s1.replace(",true,", ",false,") + ",2026-11-09T10:00:00+08:00",
                "S3,DY,S3 shop,,true,2026-11-01T10:00:00+08:00,") + "\n", gb);
        RunManifest november = night(wh, landing, LocalDate.of(2026, 11, 10), new ByteArrayOutputStream());
        var mf = november.feeds().get("merchants");
        // 2 rows in = 1 inserted (S3) + 1 updated (S1: a new version, the old one closed)
        assertEquals(List.of(2L, 1L, 1L, 0L, 0L), List.of(mf.rowsIn(), mf.inserted(), mf.updated(), mf.duplicates(), mf.quarantined()));
        // S1: licence shown [earliest known, 2026-11-09), not shown [2026-11-09, now); S3 from 2026-11-10
        List<String> versions = new ArrayList<>();
        delta(wh.silver(org.livegov.metrics.contract.Feed.MERCHANTS)).orderBy(col("merchant_id"),
                        col("effective_from").asc_nulls_first()).collectAsList()
                .forEach(r -> versions.add(r.getAs("merchant_id") + " " + r.getAs("licence_displayed") + " "
                        + r.getAs("effective_from") + " " + r.getAs("effective_to")));
        assertEquals(List.of("S1 true null 2026-11-09", "S1 false 2026-11-09 null", "S2 false null null",
                "S3 true 2026-11-10 null"), versions);
        assertEquals(driftCells(late), driftCells(november));
        assertFalse(driftCells(november).stream().anyMatch(c -> c.contains("merchant") || c.contains("P03")
                || c.contains("P05")), driftCells(november).toString());
    }

    /**
     * A merchant change dated inside 2026Q2, landed late (2026-11-11): S2 (KS) shows its licence from
     * 2026-06-20 (10:00 Beijing). It stood on 06-30, so 2026Q2's figures take it; the cells it adds to
     * the drift are exactly those that read S2's licence, worked out from the fixture:
     * <ul>
     *   <li>P03 (licence shown / merchants): KS 0/1 → 1/1; DY 1/1 (S1, shown on 06-30)
     *       keeps its value, and the peer value Σk/ΣE goes from 1/2 to 2/2 on both rows. Both are below
     *       P03's minimum exposure (10 merchants): no composite moves;</li>
     *   <li>R01 (licence shown, per merchant, minimum exposure 1, weight 0.25): S2 0/1 → 1/1 and the peer
     *       value 1/2 → 2/2 on S1's and S2's rows; S2's composite, and the merchant league's scores,
     *       ranks, intervals and sensitivity may move with it; only rows of role merchant;</li>
     *   <li>nothing else: no anchor, MCN or other platform indicator reads a merchant's licence.</li>
     * </ul>
     */
    @Test
    void aRegisterChangeDatedInsideTheQuarterMovesExactlyItsCells() throws IOException {
        Fixtures.Night copy = copyOfLate("june");
        Warehouse wh = copy.warehouse();
        Path landing = copy.landing();
        java.nio.charset.Charset gb = java.nio.charset.Charset.forName("GB18030");
        List<String> lines = Files.readAllLines(landing.resolve("merchants/merchants.csv"), gb);
        String s2 = lines.stream().filter(l -> l.startsWith("S2,")).findFirst().orElseThrow();
        Files.writeString(landing.resolve("merchants/merchants-2026-11-11.csv"), String.join("\n",
                lines.get(0) + ",updated_at", s2.replace(",false,", ",true,") + ",2026-06-20T10:00:00+08:00") + "\n", gb);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunManifest june = night(wh, landing, LocalDate.of(2026, 11, 11), out);
        Set<String> before = driftCells(late);
        Set<String> added = new TreeSet<>(driftCells(june));
        added.removeAll(before);
        assertTrue(driftCells(june).containsAll(before), "C8's cells are still there");
        Set<String> pairs = new TreeSet<>();
        for (String c : added) {
            String[] f = c.split("\\|", -1);
            pairs.add(f[2] + " " + f[3] + " " + f[4]);   // role entity indicator
        }
        assertEquals(new TreeSet<>(List.of("merchant S1 R01_licence_displayed", "merchant S1 null",
                "merchant S2 R01_licence_displayed", "merchant S2 null", "platform DY P03_merchant_licence",
                "platform KS P03_merchant_licence")), pairs);
        // 39 cells (file|table|role|entity|indicator|weighting|column|published|now) at the published precision, among
        // them, worked out: KS's P03 in its pack 0/1 → 1/1: value 0 → 1, score 0 → 100, Wilson 95 % bounds of 0/1
        // [0, 1.96²/(1 + 1.96²) = 3.8416/4.8416 = 0.7935] → of 1/1 [1/4.8416 = 0.2065, 1]; the peer value
        // Σk/ΣE = (1 + 0)/2 → (1 + 1)/2 in every file showing P03 (the public ones show only that: both platforms are
        // below its minimum of 10 merchants)
        assertEquals(39, added.size(), String.join("\n", added));
        for (String c : List.of(
                "packs/KS/platform_indicators.csv|indicators|platform|KS|P03_merchant_licence|null|value|0.0000|1.0000",
                "packs/KS/platform_indicators.csv|indicators|platform|KS|P03_merchant_licence|null|score|0.00|100.00",
                "packs/KS/platform_indicators.csv|indicators|platform|KS|P03_merchant_licence|null|lower|0.0000|0.2065",
                "packs/KS/platform_indicators.csv|indicators|platform|KS|P03_merchant_licence|null|upper|0.7935|1.0000",
                "platform_indicators.csv|indicators|platform|DY|P03_merchant_licence|null|peer_value|0.5000|1.0000",
                "platform_indicators.csv|indicators|platform|KS|P03_merchant_licence|null|peer_value|0.5000|1.0000",
                // S2's R01 0 → 1; its composite: R01 and R02 (entry audited 2026-01-06) weigh 0.25 each, R03-R05
                // have no complaint: (0.25·0 + 0.25·100) / 0.5 = 50 → (0.25·100 + 0.25·100) / 0.5 = 100, rank 2 → 1,
                // tied with S1 (also 100): both "1=", and S1 may now come second in a draw (its interval 1–1 → 1–2)
                "packs/KS/merchant_indicators.csv|indicators|merchant|S2|R01_licence_displayed|null|value|0.0000|1.0000",
                "packs/KS/merchant_scores.csv|scores|merchant|S2|null|null|composite|50.00|100.00",
                "packs/KS/merchant_scores.csv|scores|merchant|S2|null|null|rank|2|1",
                "packs/KS/merchant_scores.csv|scores|merchant|S2|null|null|rank_label|2|1=",
                "packs/DY/merchant_scores.csv|scores|merchant|S1|null|null|rank_label|1|1=",
                "packs/DY/merchant_scores.csv|scores|merchant|S1|null|null|rank_upper|1|2",
                // S1 keeps its value 1 (shown as of 06-30: the November change is later); its peer value moves
                "packs/DY/merchant_indicators.csv|indicators|merchant|S1|R01_licence_displayed|null|peer_value|0.5000|1.0000")) {
            assertTrue(added.contains(c), c + " not in\n" + String.join("\n", added));
        }
        assertFalse(added.stream().anyMatch(c -> c.contains("|S1|R01_licence_displayed|null|value|")), "S1's own R01 value stays 1");
        for (String p : pairs) {
            assertTrue(p.startsWith("merchant ") || p.equals("platform DY P03_merchant_licence")
                    || p.equals("platform KS P03_merchant_licence"), p + " does not read S2's licence");
        }
        assertTrue(pairs.contains("platform KS P03_merchant_licence"), pairs.toString());
        assertTrue(pairs.contains("merchant S2 R01_licence_displayed"), pairs.toString());
    }

    /** "file|table|role|entity|indicator|weighting|column|published|now" of every drift cell of a night's manifest. */
    static Set<String> driftCells(RunManifest m) throws IOException {
        JsonNode drift = JSON.readTree(Files.readAllBytes(local(m.manifestPath()))).path("release_drift");
        assertEquals(1, drift.size(), drift.toString());
        assertFalse(drift.get(0).has("error"), drift.toString());
        assertFalse(drift.get(0).has("cells_listed"), "every cell listed");
        Set<String> out = new TreeSet<>();
        drift.get(0).path("cells").forEach(c -> out.add(String.join("|", c.path("file").asText(), c.path("table").asText(),
                c.path("role").asText(), c.path("entity_id").asText(), c.path("indicator_id").asText(),
                c.path("weighting").asText(), c.path("column").asText(), c.path("published").asText(), c.path("now").asText())));
        return out;
    }

    /** [published, now] of one cell of the drift. */
    static List<String> cell(List<JsonNode> cells, String file, String entity, String indicator, String column) {
        return cells.stream().filter(c -> c.path("file").asText().equals(file) && c.path("entity_id").asText().equals(entity)
                        && c.path("indicator_id").asText().equals(indicator) && c.path("column").asText().equals(column))
                .map(c -> List.of(c.path("published").asText(), c.path("now").asText())).findFirst()
                .orElseThrow(() -> new AssertionError(file + " " + entity + " " + indicator + " " + column + " not in the drift"));
    }

    /** Relative path → SHA-256 of every file under a folder. */
    static Map<String, String> sums(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                try {
                    out.put(dir.relativize(p).toString(), HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    static long latest(String table) {
        return io.delta.tables.DeltaTable.forPath(spark, table).history(1).select("version").first().getLong(0);
    }

    /** The data files a version references (-1: the latest), as local paths. */
    static Set<Path> files(String table, long version) {
        var reader = spark.read().format("delta");
        if (version >= 0) reader = reader.option("versionAsOf", version);
        Set<Path> out = new TreeSet<>();
        for (String f : reader.load(table).inputFiles()) out.add(local(f));
        return out;
    }

    /** Parquet data files on disk that the latest version does not reference. */
    static Set<Path> orphans(String table) throws IOException {
        Set<Path> out = new TreeSet<>();
        Path root = local(table);
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> p.toString().endsWith(".parquet") && !root.relativize(p).toString().startsWith("_delta_log"))
                    .forEach(out::add);
        }
        out.removeAll(files(table, -1));
        return out;
    }

    static Path local(String pathOrUri) {
        return pathOrUri.startsWith("file:") ? Path.of(URI.create(pathOrUri)).toAbsolutePath().normalize()
                : Path.of(pathOrUri).toAbsolutePath().normalize();
    }
}
