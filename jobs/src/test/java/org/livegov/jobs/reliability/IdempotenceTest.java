package org.livegov.jobs.reliability;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.livegov.jobs.reliability.Tables.goldChecksums;
import static org.livegov.jobs.reliability.Tables.silverChecksums;
import static org.livegov.jobs.reliability.Tables.silverCounts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.Fixtures;
import org.livegov.jobs.SparkTestBase;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.config.LiveGovConfig;
import org.livegov.jobs.nightly.NightlyJob;
import org.livegov.jobs.nightly.RunManifest;
import org.livegov.metrics.ids.Pseudonymiser;

/**
 * Promise: idempotent. The same night twice gives byte-identical gold and adds nothing to silver;
 * rows landed again in a new file are duplicates and recompute gold byte-identically; and a
 * resumed batch leaves gold as the uninterrupted night would have.
 *
 * <p>Fixture: {@code fixtures/e2e} (the hand fixture of NightlyEndToEndTest), run date
 * 2026-06-30, in-process. "Checksum" is SHA-256 over a table's rows as text, columns in name order,
 * rows sorted ({@link Tables}), so it compares contents byte for byte whatever the file layout.
 */
@Tag("slow")
class IdempotenceTest extends SparkTestBase {
    static final LocalDate NIGHT = LocalDate.of(2026, 6, 30);
    static final Pseudonymiser KEY = Fixtures.KEY;

    @TempDir
    static Path tmp;
    static Path landing;
    static LiveGovConfig conf;
    static Warehouse reference;
    static Map<String, String> referenceGold;

    /** A copy of the JVM's shared first night; the tests below rerun it and leave its contents as they were. */
    @BeforeAll
    static void firstRun() {
        Fixtures.Night night = Fixtures.e2eNight(spark).copyTo(tmp.resolve("first"));
        landing = night.landing();
        conf = Fixtures.shippedConf();
        reference = night.warehouse();
        referenceGold = goldChecksums(reference);
    }

    static RunManifest run(Warehouse wh, ByteArrayOutputStream out) {
        return run(wh, landing, out);
    }

    static RunManifest run(Warehouse wh, Path landing, ByteArrayOutputStream out) {
        return new NightlyJob(spark, conf, KEY, new PrintStream(out, true, StandardCharsets.UTF_8))
                .run(new NightlyJob.Params(wh.root(), landing.toString(), NIGHT, "test"));
    }

    @Test
    void firstRunIsWhatTheFixtureSays() {
        // silver rows per feed and 7 quarantined, as worked out in NightlyEndToEndTest
        assertEquals(Map.of("platforms", 2L, "mcns", 2L, "merchants", 2L, "anchors", 2L, "contracts", 3L,
                "broadcasts", 4L, "violations", 5L, "complaints", 5L, "quarantine", 7L), silverCounts(reference));
    }

    @Test
    void theSameNightTwiceChangesNothing() {
        Map<String, String> silverBefore = silverChecksums(reference);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunManifest again = run(reference, out);
        // every one of the 9 landed files is recognised by its SHA-256 and skipped
        assertEquals(9, again.skippedFiles().size());
        assertEquals(referenceGold, goldChecksums(reference));
        assertEquals(silverBefore, silverChecksums(reference));
    }

    @Test
    void replayingRowsRecomputesGoldByteIdentically() throws IOException {
        Map<String, String> silverBefore = silverChecksums(reference);
        // B1, B2, B3 again, columns in another order: a new file (new checksum) with old rows
        Files.writeString(landing.resolve("broadcasts/replay.csv"), String.join("\n",
                "monitoring,broadcast_id,platform_id,anchor_id,started_at,ended_at,peak_viewers,views,orders,gmv_cny,recording_retained_until",
                "automated,B1,DY,A1,2026-04-10T20:00:00+08:00,2026-04-10T23:00:00+08:00,1200,50000,300,1000.00,2029-04-10",
                "patrol,B2,DY,A1,2026-04-20T20:00:00+08:00,2026-04-20T22:00:00+08:00,800,20000,150,2000.50,2029-04-20",
                "automated,B3,KS,A2,2026-04-30T23:30:00Z,2026-05-01T02:30:00Z,500,9000,40,500.00,2029-05-01") + "\n");
        try {
            RunManifest replay = run(reference, new ByteArrayOutputStream());
            var c = replay.feeds().get("broadcasts");
            // 3 rows in = 0 inserted + 0 updated + 3 duplicates (identical content, no updated_at) + 0 quarantined
            assertEquals(List.of(3L, 0L, 0L, 3L, 0L), List.of(c.rowsIn(), c.inserted(), c.updated(), c.duplicates(), c.quarantined()));
            // gold was really recomputed for the months of B1, B2 (2026-04) and B3 (2026-05 in Beijing) ...
            assertEquals(List.of("2026-04", "2026-05"), replay.months());
            // ... and came out byte-identical; silver gained nothing
            assertEquals(referenceGold, goldChecksums(reference));
            assertEquals(silverBefore, silverChecksums(reference));
        } finally {
            Files.delete(landing.resolve("broadcasts/replay.csv"));
        }
    }

    /**
     * A night that only changes a contract must recompute every month's MCN attribution, also when
     * it was killed after the contracts MERGE and before gold. The kill is reproduced exactly here
     * (to spare a JVM): the night runs uninterrupted, then its gold commits are undone with Delta
     * RESTORE and its committed row deleted, which leaves what a SIGKILL at {@code stage.gold}
     * leaves (silver merged, gold old, the batch only "started"); the next run must resume it and
     * end with the uninterrupted night's gold.
     */
    @Test
    void aResumedContractChangeStillRecomputesMcnAttribution() throws IOException {
        Fixtures.Night night = Fixtures.e2eNight(spark).copyTo(tmp.resolve("contract-change")); // changed for good
        Warehouse reference = night.warehouse();
        Path landing = night.landing();
        // A2 leaves M2 after 2026-04-30 (C3 closed by a later version) and joins M1 from 2026-05-01 (C4):
        // B3 (A2, 2026-05-01 07:30 Beijing) and complaint C3 (A2, 05-06) move from M2 to M1 in 2026-05.
        Files.writeString(landing.resolve("contracts/contracts-change.csv"), String.join("\n",
                "contract_id,anchor_id,mcn_id,valid_from,valid_to,updated_at",
                "C3,A2,M2,2026-01-01,2026-04-30,2026-06-30T10:00:00+08:00",
                "C4,A2,M1,2026-05-01,,2026-06-30T10:00:00+08:00") + "\n");
        Map<String, Long> goldBefore = new TreeMap<>();
        for (String product : NightlyJob.GOLD_PRODUCTS) {
            goldBefore.put(product, io.delta.tables.DeltaTable.forPath(spark, reference.gold(product)).history(1)
                    .select("version").first().getLong(0));
        }
        RunManifest night2 = run(reference, landing, new ByteArrayOutputStream());
        Map<String, String> night2Gold = goldChecksums(reference);
        // the change is visible: M1 now has B3 in 2026-05
        assertEquals(1L, (long) delta(reference.gold("mcn_monthly"))
                .where(col("mcn_id").equalTo("M1").and(col("month").equalTo("2026-05"))).first().getAs("broadcasts"));
        goldBefore.forEach((product, v) -> io.delta.tables.DeltaTable.forPath(spark, reference.gold(product)).restoreToVersion(v));
        io.delta.tables.DeltaTable.forPath(spark, reference.runs())
                .delete("run_id = '" + night2.runId() + "' AND status = 'committed'");
        assertTrue(!night2Gold.equals(goldChecksums(reference)), "the simulated crash left the old gold");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunManifest resumed = run(reference, landing, out);
        assertEquals(night2.batchId(), resumed.batchId(), out.toString(StandardCharsets.UTF_8));
        assertEquals(night2Gold, goldChecksums(reference));
    }

}
