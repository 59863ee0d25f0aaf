package org.livegov.jobs.nightly;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.Fixtures;
import org.livegov.jobs.SparkTestBase;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.silver.FeedCounts;
import org.livegov.jobs.config.LiveGovConfig;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.ids.Pseudonymiser;

/**
 * The nightly job end to end on a hand-made fixture ({@code src/test/resources/fixtures/e2e}):
 * platforms CSV with a BOM, merchants in GB18030, complaints as JSON Lines with one broken line.
 * Every expected value below is worked out by hand from those files; the arithmetic is in the
 * comments. Run date 2026-06-30 (Beijing).
 */
@Tag("slow")
class NightlyEndToEndTest extends SparkTestBase {
    static final String RAW_ID = "330106199003071236";
    static final String BAD_ID = "440305199505124560";
    static final List<String> RAW_PERSONAL = List.of(RAW_ID, BAD_ID, "13812345678", "13900000000", "13700001111");

    @TempDir
    static Path tmp;
    static Warehouse wh;
    static LiveGovConfig conf;
    static Pseudonymiser key = Fixtures.KEY;
    static RunManifest first;
    static String firstOutput;

    /** The shared e2e night (read-only); the tests that run another night do so on a copy of it. */
    @BeforeAll
    static void theSharedNight() {
        Fixtures.Night night = Fixtures.e2eNight(spark);
        wh = night.warehouse();
        first = night.manifest();
        firstOutput = night.output();
        conf = Fixtures.shippedConf();
    }

    @Test
    void rowConservationPerFeed() {
        // broadcasts: 8 rows = B1,B2,B3,B4 inserted + B1 again (duplicate)
        //   + B5 (anchor A9 unknown), B6 (ends before it starts), B7 (12.345 has 3 decimals) quarantined
        assertCounts("broadcasts", 8, 4, 0, 1, 3, Map.of("UNKNOWN_REFERENCE", 1L, "END_BEFORE_START", 1L, "BAD_MONEY", 1L));
        // anchors: A3's identity number has check digit 0 where GB 11643 gives 1
        assertCounts("anchors", 3, 2, 0, 0, 1, Map.of("BAD_IDENTITY_NUMBER", 1L));
        // violations: V6 has category V99
        assertCounts("violations", 6, 5, 0, 0, 1, Map.of("UNKNOWN_CATEGORY", 1L));
        // complaints: 7 lines; C5 satisfaction 9, C7 is broken JSON
        assertCounts("complaints", 7, 5, 0, 0, 2, Map.of("ABSURD_VALUE", 1L, "MALFORMED_ROW", 1L));
        assertCounts("platforms", 2, 2, 0, 0, 0, Map.of());
        assertCounts("merchants", 2, 2, 0, 0, 0, Map.of());
        assertCounts("contracts", 3, 3, 0, 0, 0, Map.of());
        assertEquals(3L + 1 + 1 + 2, delta(wh.quarantine()).count()); // broadcasts + anchors + violations + complaints
        // bronze rows per landed file, as the manifest lists them: a feed with one file from its write's
        // own count, broadcasts (two files) counted from the table; every file's rows add up to rows in
        assertEquals(7L, inputRows("complaints/complaints.jsonl"));   // C7, broken JSON, is a row too
        assertEquals(6L, inputRows("violations/violations.csv"));
        assertEquals(3L, inputRows("anchors/anchors.csv"));
        assertEquals(8L, inputRows("broadcasts/broadcasts-2026-04.csv") + inputRows("broadcasts/broadcasts-2026-05.csv"));
        assertTrue(inputRows("broadcasts/broadcasts-2026-04.csv") > 0 && inputRows("broadcasts/broadcasts-2026-05.csv") > 0);
    }

    private static long inputRows(String file) {
        return first.inputs().get(file).rows();
    }

    private static void assertCounts(String feed, long in, long ins, long upd, long dup, long q, Map<String, Long> reasons) {
        FeedCounts c = first.feeds().get(feed);
        assertEquals(List.of(in, ins, upd, dup, q), List.of(c.rowsIn(), c.inserted(), c.updated(), c.duplicates(), c.quarantined()), feed);
        assertEquals(reasons, c.reasons(), feed);
        assertTrue(c.conserved(), feed);
    }

    @Test
    void encodingsAndPseudonymsInSilver() {
        Row s1 = delta(wh.silver(Feed.MERCHANTS)).where(col("merchant_id").equalTo("S1")).first();
        assertEquals("杭州好物商贸有限公司", s1.getAs("name")); // read from GB18030
        Row dy = delta(wh.silver(Feed.PLATFORMS)).where(col("platform_id").equalTo("DY")).first();
        assertEquals("抖音", dy.getAs("name")); // BOM stripped: platform_id column found
        List<Row> anchors = delta(wh.silver(Feed.ANCHORS)).orderBy("anchor_id").collectAsList();
        // A1 (DY) and A2 (KS) carry the same identity number: same person_key, the HMAC of it
        assertEquals(key.pseudonym("id", RAW_ID), anchors.get(0).getAs("person_key"));
        assertEquals(anchors.get(0).<String>getAs("person_key"), anchors.get(1).getAs("person_key"));
        // B4 was written "2026-05-02 10:00:00" without offset: Beijing time, so 02:00 UTC
        Row b4 = delta(wh.silver(Feed.BROADCASTS)).where(col("broadcast_id").equalTo("B4")).first();
        assertEquals(java.time.Instant.parse("2026-05-02T02:00:00Z"), b4.getTimestamp(b4.fieldIndex("started_at")).toInstant());
        // B3 started 2026-04-30T23:30Z = 2026-05-01 07:30 in Beijing: month 2026-05
        assertEquals("2026-05", delta(wh.silver(Feed.BROADCASTS)).where(col("broadcast_id").equalTo("B3")).first().getAs("month"));
        // V1 severity defaulted from the taxonomy: V04 → s3
        assertEquals("s3", delta(wh.silver(Feed.VIOLATIONS)).where(col("violation_id").equalTo("V1")).first().getAs("severity"));
    }

    @Test
    void platformMonthly() {
        Row dyApr = gold("platform_monthly", "platform_id", "DY", "2026-04");
        assertEquals(2L, (long) dyApr.getAs("broadcasts"));                       // B1, B2
        assertEquals(new BigDecimal("3000.50"), dyApr.getAs("gmv_cny"));         // 1000.00 + 2000.50
        assertEquals(2L, (long) dyApr.getAs("violations"));                       // V1, V4 (V5 overturned)
        assertEquals(1L, (long) dyApr.getAs("violations_s1"));                    // V4 (V13 → s1)
        assertEquals(1L, (long) dyApr.getAs("violations_s3"));                    // V1 (V04 → s3)
        assertEquals(1000.0, dyApr.<Double>getAs("violations_per_1000_broadcasts"), 1e-9); // 2 × 1000 / 2
        assertEquals(3.5, dyApr.<Double>getAs("median_hours_to_disposal"), 1e-9); // median(6 h, 1 h)
        assertEquals(3L, (long) dyApr.getAs("complaints"));                       // C1, C2, C6
        // C1: received Fri 04-03; 04-04..06 Qingming; working days 7,8,9,10,13,14 → accepted on the 6th: in time
        // C2: received Mon 04-20; 21,22,23,24,27,28,29,30 → accepted on the 8th: late
        // C6: received Thu 04-30; 05-01..05 Labour Day; 6,7,8, Sat 9 (make-up), 11, 12 → 6th: in time
        assertEquals(3L, (long) dyApr.getAs("complaints_acceptance_decided"));
        assertEquals(2L, (long) dyApr.getAs("complaints_accepted_in_time"));
        assertEquals(2.0 / 3.0, dyApr.<Double>getAs("share_accepted_in_time"), 1e-9);

        Row ksApr = gold("platform_monthly", "platform_id", "KS", "2026-04");
        assertEquals(0L, (long) ksApr.getAs("broadcasts"));                       // B3 is in May (Beijing)
        assertNull(ksApr.getAs("violations_per_1000_broadcasts"));                // no exposure
        assertEquals(24.0, ksApr.<Double>getAs("median_hours_to_disposal"), 1e-9); // V2: 04-20 → 04-21

        Row ksMay = gold("platform_monthly", "platform_id", "KS", "2026-05");
        assertEquals(new BigDecimal("500.00"), ksMay.getAs("gmv_cny"));
        // C3 received 05-06, never accepted; by 06-30 far more than 7 working days: decided, late
        assertEquals(0.0, ksMay.<Double>getAs("share_accepted_in_time"), 1e-9);
        // C4 received Mon 06-29, one working day before the run date: not decided yet
        Row ksJun = gold("platform_monthly", "platform_id", "KS", "2026-06");
        assertEquals(1L, (long) ksJun.getAs("complaints"));
        assertEquals(0L, (long) ksJun.getAs("complaints_acceptance_decided"));
        assertNull(ksJun.getAs("share_accepted_in_time"));

        Row dyHist = gold("platform_monthly", "platform_id", "DY", "2025-06");
        assertEquals(1L, (long) dyHist.getAs("violations_s4"));                   // V3 (V01 → s4)
        assertEquals(5L + 1L, delta(wh.gold("platform_monthly")).count());        // DY Apr, May, 2025-06; KS Apr, May, Jun
    }

    @Test
    void mcnMonthlyFollowsTheContractAtTheStart() {
        // A1 moved from M1 to M2 on 2026-04-16: B1 (04-10) and V1 (04-11) belong to M1, B2 (04-20) to M2
        Row m1Apr = gold("mcn_monthly", "mcn_id", "M1", "2026-04");
        assertEquals(1L, (long) m1Apr.getAs("broadcasts"));
        assertEquals(new BigDecimal("1000.00"), m1Apr.getAs("gmv_cny"));
        assertEquals(1L, (long) m1Apr.getAs("violations"));
        assertEquals(0L, (long) m1Apr.getAs("complaints"));
        Row m2Apr = gold("mcn_monthly", "mcn_id", "M2", "2026-04");
        assertEquals(1L, (long) m2Apr.getAs("broadcasts"));                       // B2
        assertEquals(1L, (long) m2Apr.getAs("violations"));                       // V2 (A2); V5 overturned
        assertEquals(1L, (long) m2Apr.getAs("complaints"));                       // C2 about A1 on 04-20
        Row m2May = gold("mcn_monthly", "mcn_id", "M2", "2026-05");
        assertEquals(2L, (long) m2May.getAs("broadcasts"));                       // B3 (A2), B4 (A1)
        assertEquals(new BigDecimal("500.00"), m2May.getAs("gmv_cny"));           // 500.00 + blank
        // V3 (2025-06-01) predates every contract: no MCN row for 2025-06
        assertEquals(0L, delta(wh.gold("mcn_monthly")).where(col("month").equalTo("2025-06")).count());
    }

    @Test
    void trendAndRepeatOffenders() {
        Row apr = delta(wh.gold("trend_monthly")).where(col("month").equalTo("2026-04")).first();
        assertEquals(3L, (long) apr.getAs("violations"));                         // V1, V2, V4
        assertEquals(1500.0, apr.<Double>getAs("violations_per_1000_broadcasts"), 1e-9); // 3 × 1000 / 2
        assertEquals(6.0, apr.<Double>getAs("median_hours_to_disposal"), 1e-9);    // median(6, 24, 1)
        assertTrue(apr.<Boolean>getAs("is_complete"));
        // One person (A1 on DY, A2 on KS: same identity number). Rules of conf/offenders.yaml:
        //   R-CRITICAL-HEAVIER: V3 (V01 → s4, heavier_penalty true, 2025-06-01) fires on 2025-06-01;
        //   R-SERIOUS-3IN24M: V3 (2025-06-01), V1 (V04 → s3, 2026-04-11), V2 (V05 → s3, 2026-04-20)
        //     fires on 2026-04-20 (V5 is overturned and does not count);
        //   R-CATEGORY-3IN24M: V01, V04, V05 once each: no. R-FALSE-AD-3IN24M: one V04 act (V1): no.
        //   Each record is its own act (three categories), so counting acts gives the same firings.
        // The term runs from the triggering decision V3 (2025-06-01), not from the run day: preliminary
        // from 2025-06-01, listed from 2025-06-11 (+10 days' notice), eligible from 2026-06-11 (+12
        // months) but V1 (s3, 2026-04-11, after listing) blocks early removal, ends 2028-06-01 (+36
        // months). So the first run (2026-06-30) opens it already listed; evidence by day V3, V1, V2.
        List<Row> listed = delta(wh.gold("offender_listings")).collectAsList();
        assertEquals(1, listed.size());
        Row r = listed.get(0);
        String person = "person:" + key.pseudonym("id", RAW_ID);
        assertEquals(person + "#1", r.getAs("listing_id"));
        assertEquals("anchor", r.getAs("subject_role"));
        assertEquals(List.of("anchor"), r.getList(r.fieldIndex("subject_roles")));
        assertEquals("listed", r.getAs("state"));
        assertEquals(java.sql.Date.valueOf("2025-06-01"), r.getAs("triggered_on"));
        assertEquals(java.sql.Date.valueOf("2025-06-01"), r.getAs("preliminary_from"));
        assertEquals(java.sql.Date.valueOf("2025-06-11"), r.getAs("listed_from"));
        assertEquals(java.sql.Date.valueOf("2028-06-01"), r.getAs("ends_on"));
        assertEquals(List.of("R-CRITICAL-HEAVIER@2", "R-SERIOUS-3IN24M@3"), r.getList(r.fieldIndex("rule_refs")));
        assertEquals(List.of("V3", "V1", "V2"), r.getList(r.fieldIndex("evidence_ids")));
        assertEquals(List.of("DY", "KS"), r.getList(r.fieldIndex("platforms")));
        assertEquals(first.runId(), r.getAs("run_id"));
        List<Row> events = delta(wh.gold("offender_events")).orderBy("change").collectAsList();
        assertEquals(List.of("newly_listed", "newly_preliminary"), events.stream().map(e -> e.<String>getAs("change")).toList());
        assertNull(events.get(1).getAs("from_state"));
        // on the list: each platform the evidence names (DY, KS) receives one row under its own key;
        // the public list nothing (an anchor, not a merchant)
        assertEquals(List.of("DY", "KS"), delta(wh.gold("offenders_platform")).orderBy("platform_id")
                .collectAsList().stream().map(p -> p.<String>getAs("platform_id")).toList());
        assertEquals(0, delta(wh.gold("offenders_public")).count());
    }

    @Test
    void trendSeriesAgreesWithTheMonthlyTrend() {
        Dataset<Row> ts = delta(wh.gold("trend_series"))
                .where(col("dimension").equalTo("all").and(col("period_type").equalTo("month")).and(col("period").equalTo("2026-04")));
        // the same figures as trend_monthly above: V1, V2, V4; 3 × 1000 / 2; median(6, 24, 1)
        assertEquals(3.0, ts.where(col("measure").equalTo("violations")).first().<Double>getAs("value"));
        assertEquals(1500.0, ts.where(col("measure").equalTo("violations_per_1000_broadcasts")).first().<Double>getAs("value"), 1e-9);
        assertEquals(6.0, ts.where(col("measure").equalTo("median_hours_to_disposal")).first().<Double>getAs("value"), 1e-9);
        // as of the end of 2026Q2 (= the cut-off 2026-06-30, so the quarter is complete) the one subject
        // is on the list (listed from 2025-06-11, ends 2028-06-01: its term runs from the triggering
        // decision of 2025-06-01), so the quarter counts 1 listed offender
        Row q = delta(wh.gold("trend_series")).where(col("period_type").equalTo("quarter").and(col("period").equalTo("2026Q2"))
                .and(col("measure").equalTo("repeat_offenders")).and(col("dimension").equalTo("all"))).first();
        assertEquals(1.0, q.<Double>getAs("value"));
        assertTrue(q.<Boolean>getAs("is_complete"));
        assertEquals(0L, delta(wh.gold("trend_series")).where(col("dimension_value").equalTo(RAW_ID)).count());
    }

    @Test
    void noRawPersonalIdentifierIsWrittenAnywhere() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of(wh.root()))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String raw : RAW_PERSONAL) {
                    assertFalse(text.contains(raw), raw + " found in " + f);
                }
            }
        }
        for (String raw : RAW_PERSONAL) {
            assertFalse(firstOutput.contains(raw));
        }
    }

    @Test
    void rerunSkipsSeenFilesAndChangesNothing() throws IOException {
        Fixtures.Night night = Fixtures.e2eNight(spark).copyTo(tmp.resolve("rerun"));
        Warehouse wh = night.warehouse();
        long silverRows = delta(wh.silver(Feed.BROADCASTS)).count();
        Map<String, Long> versions = org.livegov.jobs.DeltaVersions.of(Path.of(wh.root()));
        // the offender products rewritten whole each night hold rows here (two listings), so an
        // unchanged rewrite would show as a new version (an empty table's is skipped by Delta)
        assertTrue(delta(wh.gold("offenders_platform")).count() > 0);
        List<Row> goldBefore = delta(wh.gold("platform_monthly")).orderBy("platform_id", "month").collectAsList();
        RunManifest second = new NightlyJob(spark, conf, key, new PrintStream(new ByteArrayOutputStream()))
                .run(new NightlyJob.Params(wh.root(), night.landing().toString(), LocalDate.of(2026, 6, 30), "test"));
        assertEquals(9, second.skippedFiles().size());    // every landed file (8 feeds, 2 broadcast files), by checksum
        assertTrue(second.feeds().isEmpty());
        assertEquals(silverRows, delta(wh.silver(Feed.BROADCASTS)).count());
        assertEquals(goldBefore, delta(wh.gold("platform_monthly")).orderBy("platform_id", "month").collectAsList());
        // a quiet night adds no version to any table but the run record (started + committed rows)
        Map<String, Long> after = org.livegov.jobs.DeltaVersions.of(Path.of(wh.root()));
        assertEquals(versions.remove("_control/runs") + 2, after.remove("_control/runs"));
        assertEquals(versions, after);
    }

    @Test
    void aLateOverturnAndABroadcastAfterListingShowInTheNextRunsDiff() throws IOException {
        Fixtures.Night night = Fixtures.e2eNight(spark).copyTo(tmp.resolve("late"));
        Warehouse wh = night.warehouse();
        long eventsBefore = delta(wh.gold("offender_events")).count();
        assertEquals(2, eventsBefore);   // the first night's two events
        Path landing = night.landing();
        // V2 overturned on appeal (a newer version), and A2 broadcasts on KS on 2026-07-12, after listing
        Files.writeString(landing.resolve("violations/appeal-2026-07.csv"),
                "violation_id,platform_id,subject_role,subject_id,category,detected_at,detected_by,status,updated_at\n"
                + "V2,KS,anchor,A2,V05,2026-04-20T00:00:00+08:00,regulator,overturned,2026-07-05T09:00:00+08:00\n");
        Files.writeString(landing.resolve("broadcasts/late-2026-07.csv"),
                "broadcast_id,platform_id,anchor_id,started_at,ended_at,monitoring\n"
                + "B8,KS,A2,2026-07-12T20:00:00+08:00,2026-07-12T22:00:00+08:00,automated\n");
        RunManifest third = new NightlyJob(spark, conf, key, new PrintStream(new ByteArrayOutputStream()))
                .run(new NightlyJob.Params(wh.root(), landing.toString(), LocalDate.of(2026, 7, 15), "test"));
        // V2 overturned: R-SERIOUS-3IN24M has only V3, V1 (2 < 3) and stops firing; R-CRITICAL-HEAVIER
        // still fires on V3 alone, so the listing stands with evidence [V3] and the same term (the
        // triggering decision is still V3 of 2025-06-01): listed from 2025-06-11, ends 2028-06-01;
        // V1 (s3, confirmed, after listing) still blocks early removal.
        List<Row> diff = delta(wh.gold("offender_events")).where(col("batch_id").equalTo(third.batchId()))
                .orderBy("change").collectAsList();
        assertEquals(List.of("evidence_changed"), diff.stream().map(e -> e.<String>getAs("change")).toList());
        String why = diff.get(0).getAs("reason");
        assertTrue(why.contains("V2 (overturned)"), why);
        Row l = delta(wh.gold("offender_listings")).first();
        assertEquals("listed", l.getAs("state"));
        assertEquals(java.sql.Date.valueOf("2025-06-11"), l.getAs("listed_from"));
        assertEquals(java.sql.Date.valueOf("2028-06-01"), l.getAs("ends_on"));
        assertEquals(List.of("V3"), l.getList(l.fieldIndex("evidence_ids")));
        assertEquals(List.of("R-CRITICAL-HEAVIER@2"), l.getList(l.fieldIndex("rule_refs")));
        // platforms: one row per platform holding an account of the person (A1 on DY, the evidence
        // platform; A2 on KS), under a key derived for that platform, never the person key itself
        String person = "person:" + key.pseudonym("id", RAW_ID);
        List<Row> plat = delta(wh.gold("offenders_platform")).orderBy("platform_id").collectAsList();
        assertEquals(List.of("DY [A1]", "KS [A2]"),
                plat.stream().map(r -> r.getAs("platform_id") + " " + r.getList(r.fieldIndex("account_ids"))).toList());
        assertEquals(key.platformKey("DY", person), plat.get(0).getAs("subject_ref"));
        assertEquals(key.platformKey("KS", person), plat.get(1).getAs("subject_ref"));
        assertTrue(plat.stream().noneMatch(r -> r.mkString("|").contains(key.pseudonym("id", RAW_ID))));
        // evasion: every broadcast is after the listed-from day 2025-06-11: on DY B1 (04-10), B2 (04-20),
        // B4 (05-02); on KS B3 (2026-04-30T23:30Z = 05-01 Beijing) and B8 (07-12)
        List<Row> ev = delta(wh.gold("offender_evasion")).orderBy("platform_id").collectAsList();
        assertEquals(List.of("DY broadcast 3 2026-04-10 2026-05-02", "KS broadcast 2 2026-05-01 2026-07-12"), ev.stream()
                .map(e -> e.getAs("platform_id") + " " + e.getAs("activity") + " " + e.getAs("events") + " "
                        + e.getAs("first_day") + " " + e.getAs("last_day")).toList());
        // the anchor, not a merchant: nothing public
        assertEquals(0, delta(wh.gold("offenders_public")).count());
        // same batch again (e.g. resumed): the step adds no event
        new org.livegov.jobs.offenders.OffenderStep(spark, wh, conf).run(LocalDate.of(2026, 7, 15), new org.livegov.jobs.offenders.OffenderRun("run-again", third.batchId(), List.of(), key));
        assertEquals(eventsBefore + 1, delta(wh.gold("offender_events")).count());
    }

    private static Row gold(String product, String dim, String id, String month) {
        return delta(wh.gold(product)).where(col(dim).equalTo(id).and(col("month").equalTo(month))).first();
    }
}
