package org.livegov.jobs.nightly;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.Fixtures;
import org.livegov.jobs.SparkTestBase;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.silver.FeedCounts;
import org.livegov.jobs.stage.StageListener;
import org.livegov.jobs.config.LiveGovConfig;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.ids.Pseudonymiser;

/**
 * The month-pruned silver MERGE on a second night: the e2e fixture first (see
 * {@link NightlyEndToEndTest}), then a file with a correction of B2 that moves it from April to
 * May (its start was mistyped), and a new broadcast B8 in June. The MERGE matches keys only in
 * the batch's months (May, June) plus April, where B2 lived; B2 must move (not be duplicated) and
 * the April gold must be recomputed without it.
 */
@Tag("slow")
class MonthPrunedMergeTest extends SparkTestBase {
    @TempDir
    static Path tmp;
    static Warehouse wh;
    static RunManifest second;
    static List<String> stagesSeen = new java.util.ArrayList<>();

    @BeforeAll
    static void twoNights() throws IOException {
        Fixtures.Night first = Fixtures.e2eNight(spark).copyTo(tmp);   // the nightly for 2026-06-30, shared in the JVM
        Path landing = first.landing();
        wh = first.warehouse();
        LiveGovConfig conf = Fixtures.shippedConf();
        Pseudonymiser key = Fixtures.KEY;
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        Files.writeString(landing.resolve("broadcasts/broadcasts-2026-07-01.csv"), String.join("\n",
                "broadcast_id,platform_id,anchor_id,started_at,ended_at,gmv_cny,monitoring,updated_at",
                "B2,DY,A1,2026-05-03T20:00:00+08:00,2026-05-03T22:00:00+08:00,2000.50,patrol,2026-06-30T10:00:00+08:00",
                "B8,DY,A1,2026-06-05T20:00:00+08:00,2026-06-05T21:00:00+08:00,99.90,automated,2026-06-30T10:00:00+08:00",
                ""));
        StageListener record = new StageListener() {
            @Override
            public void started(String stage) {
                stagesSeen.add("+" + stage);
            }

            @Override
            public void finished(String stage) {
                stagesSeen.add("-" + stage);
            }
        };
        second = new NightlyJob(spark, conf, key, quiet, record)
                .run(new NightlyJob.Params(wh.root(), landing.toString(), LocalDate.of(2026, 7, 1), "test"));
    }

    @Test
    void correctionMovesTheRowInsteadOfDuplicatingIt() {
        // 2 rows in = B8 inserted + B2 updated (a later updated_at than the first version's none)
        FeedCounts c = second.feeds().get("broadcasts");
        assertEquals(2, c.rowsIn());
        assertEquals(1, c.inserted());
        assertEquals(1, c.updated());
        List<Row> b2 = delta(wh.silver(Feed.BROADCASTS)).where(col("broadcast_id").equalTo("B2")).collectAsList();
        assertEquals(1, b2.size());
        assertEquals("2026-05", b2.get(0).getAs("month"));
        // B1, B2, B3, B4 from the first night + B8
        assertEquals(5, delta(wh.silver(Feed.BROADCASTS)).count());
    }

    @Test
    void goldOfTheMonthTheRowLeftIsRecomputed() {
        // the batch's rows are in May (B2) and June (B8); April is where B2 was
        assertEquals(List.of("2026-04", "2026-05", "2026-06"), second.months());
        Row apr = gold("DY", "2026-04");
        assertEquals(1L, (long) apr.getAs("broadcasts"));                      // B1 only (was B1, B2)
        assertEquals(new BigDecimal("1000.00"), apr.getAs("gmv_cny"));       // 3000.50 - 2000.50
        Row may = gold("DY", "2026-05");
        assertEquals(2L, (long) may.getAs("broadcasts"));                      // B4 + B2
        assertEquals(new BigDecimal("2000.50"), may.getAs("gmv_cny"));       // B4 has no GMV (0) + 2000.50
        Row jun = gold("DY", "2026-06");
        assertEquals(1L, (long) jun.getAs("broadcasts"));                      // B8
        assertEquals(new BigDecimal("99.90"), jun.getAs("gmv_cny"));
    }

    @Test
    void listenerHearsEveryLeafStageInOrder() {
        // only broadcasts had a new file; gold writes its four monthly products, then steps the offender
        // listings, then the trend series (which counts those listings)
        assertEquals(List.of("+bronze", "-bronze", "+silver.broadcasts", "-silver.broadcasts",
                "+gold.platform_monthly", "-gold.platform_monthly", "+gold.mcn_monthly", "-gold.mcn_monthly",
                "+gold.trend_monthly", "-gold.trend_monthly", "+gold.violations_by_category",
                "-gold.violations_by_category", "+gold.offenders", "-gold.offenders",
                "+gold.trend_series", "-gold.trend_series"), stagesSeen);
    }

    private static Row gold(String platform, String month) {
        return delta(wh.gold("platform_monthly"))
                .where(col("platform_id").equalTo(platform).and(col("month").equalTo(month))).first();
    }
}
