package org.livegov.jobs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.livegov.jobs.reliability.Tables.goldChecksumsWithoutLineage;
import static org.livegov.jobs.reliability.Tables.silverCounts;
import static org.livegov.jobs.reliability.Tables.statuses;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.Fixtures;
import org.livegov.jobs.SparkTestBase;
import org.livegov.jobs.UserError;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.config.ConfigLoader;
import org.livegov.jobs.config.LiveGovConfig;
import org.livegov.jobs.stage.FaultPoint;
import org.livegov.jobs.nightly.NightlyJob;
import org.livegov.jobs.nightly.RunManifest;
import org.livegov.metrics.ids.Pseudonymiser;

/**
 * Promises: crash-safe (a run killed with SIGKILL at a stage boundary or in the middle of the
 * multi-table gold write is completed by the next run, with gold equal to an uninterrupted run's,
 * nothing lost or doubled in silver) and one run at a time (a second run while one holds the
 * warehouse stops with a clear message and writes nothing).
 *
 * <p>Killed runs are separate JVMs ({@link ChildJob}, nightly on {@code fixtures/e2e}, run date
 * 2026-06-30, interpreted expressions as in this JVM) stopped at a {@code LIVEGOV_FAULT_PAUSE} point
 * ({@link FaultPoint}) and killed with {@code destroyForcibly} (SIGKILL on Linux). They start before the in-process reference run, so
 * that both proceed at once (the reference is the JVM's shared night, {@link Fixtures#e2eNight},
 * built here when no class before has). Kill points: {@code stage.silver} (boundary: bronze written, silver
 * not) and {@code gold.platform_monthly} (middle of the gold update: first table written, four
 * not).
 */
@Tag("slow")
class CrashSafetyTest extends SparkTestBase {
    static final LocalDate NIGHT = LocalDate.of(2026, 6, 30);
    static final List<String> KILL_POINTS = List.of("gold.platform_monthly", "stage.silver");

    @TempDir
    static Path tmp;
    static Path landing;
    static LiveGovConfig conf;
    static Map<String, String> referenceGold;
    static Map<String, Long> referenceSilver;
    static final Map<String, ChildJob> children = new LinkedHashMap<>();

    @BeforeAll
    static void startKilledRunsThenTheReference() throws Exception {
        landing = tmp.resolve("landing");
        Fixtures.copyTree(Fixtures.E2E, landing);
        for (String point : KILL_POINTS) {
            children.put(point, new ChildJob(Map.of("LIVEGOV_PSEUDONYM_KEY", ChildJob.KEY, FaultPoint.ENV, point),
                    tmp.resolve("logs-" + point), "nightly", "--date", NIGHT.toString(), "--landing", landing.toString(),
                    "--warehouse", warehouse(point).root(), "--conf", "../conf", "--master", "local[1]",
                    "--shuffle-partitions", "2", "--codegen", "interpreted")); // a small fixture, as the reference
        }
        conf = ConfigLoader.load(Path.of("..", "conf"));
        Warehouse reference = Fixtures.e2eNight(spark).warehouse(); // the uninterrupted night, shared in the JVM
        referenceGold = goldChecksumsWithoutLineage(reference); // a different run: its own run and batch ids
        referenceSilver = silverCounts(reference);
        // silver rows per feed and 7 quarantined, as worked out in NightlyEndToEndTest
        assertEquals(Map.of("platforms", 2L, "mcns", 2L, "merchants", 2L, "anchors", 2L, "contracts", 3L,
                "broadcasts", 4L, "violations", 5L, "complaints", 5L, "quarantine", 7L), referenceSilver);
    }

    @AfterAll
    static void noChildLeftBehind() throws InterruptedException {
        for (ChildJob c : children.values()) {
            c.close();
        }
    }

    static Warehouse warehouse(String point) {
        return new Warehouse(tmp.resolve("killed-at-" + point).toAbsolutePath().toString());
    }

    static RunManifest run(Warehouse wh, ByteArrayOutputStream out) {
        return new NightlyJob(spark, conf, new Pseudonymiser(ChildJob.KEY.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8))
                .run(new NightlyJob.Params(wh.root(), landing.toString(), NIGHT, "test"));
    }

    @Test
    void killedInTheMiddleOfTheGoldWriteWhileASecondRunIsRefused() throws Exception {
        String point = "gold.platform_monthly";
        Warehouse wh = warehouse(point);
        ChildJob job = children.get(point);
        assertTrue(job.awaitLine(FaultPoint.MARKER + point, 1800), "never reached " + point + ": " + job.stdout() + job.stderr());
        // one run at a time: a second run now stops at once, naming the lock and its holder
        UserError e = assertThrows(UserError.class, () -> run(wh, new ByteArrayOutputStream()));
        assertTrue(e.getMessage().startsWith("another LiveGov run holds ") && e.getMessage().contains("_control/lock")
                && e.getMessage().contains(" " + job.pid() + " "), e.getMessage());
        // half of the gold update is on disk: platform_monthly (6 rows, as the reference) but no mcn_monthly
        // yet; the batch has no committed row, so readers that follow _control/runs do not see it
        assertEquals(6L, delta(wh.gold("platform_monthly")).count());
        assertTrue(!io.delta.tables.DeltaTable.isDeltaTable(spark, wh.gold("mcn_monthly")));
        assertEquals(List.of("started"), statuses(wh));
        job.kill();
        resumeAndCompare(wh);
    }

    @Test
    void killedAtTheBoundaryBetweenBronzeAndSilver() throws Exception {
        String point = "stage.silver";
        Warehouse wh = warehouse(point);
        ChildJob job = children.get(point);
        assertTrue(job.awaitLine(FaultPoint.MARKER + point, 1800), "never reached " + point + ": " + job.stdout() + job.stderr());
        assertEquals(List.of("started"), statuses(wh));
        job.kill();
        resumeAndCompare(wh);
    }

    /** The next run resumes the killed batch and ends where the uninterrupted run ended. */
    private static void resumeAndCompare(Warehouse wh) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunManifest m = run(wh, out);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("resuming interrupted batch " + m.batchId()), text);
        assertEquals(referenceGold, goldChecksumsWithoutLineage(wh));
        assertEquals(referenceSilver, silverCounts(wh)); // nothing lost, nothing doubled (quarantine included)
        assertEquals(List.of("started", "started", "committed"), statuses(wh)); // killed run, resumed run, its commit
        assertEquals(1L, delta(wh.runs()).select("batch_id").distinct().count()); // all under one batch
    }
}
