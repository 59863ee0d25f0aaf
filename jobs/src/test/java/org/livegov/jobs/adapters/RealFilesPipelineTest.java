package org.livegov.jobs.adapters;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.SparkTestBase;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.config.ConfigLoader;
import org.livegov.jobs.nightly.FeedCounts;
import org.livegov.jobs.nightly.NightlyJob;
import org.livegov.jobs.nightly.RunManifest;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.ids.Pseudonymiser;

/**
 * The four real public files through the same bronze/silver/gold path as everything else. The
 * expected figures were counted from the raw files with Python, independently of the adapters and
 * of the job (commands in the comments).
 */
class RealFilesPipelineTest extends SparkTestBase {
    @TempDir
    static Path tmp;
    static Warehouse wh;
    static RunManifest m;

    @BeforeAll
    static void importAndRun() throws Exception {
        Path landing = tmp.resolve("landing");
        for (var e : Map.of("douyin", "douyin_live_sessions_2021.csv", "cfpb", "cfpb_complaints_2023_sample.csv",
                "fda", "fda_warning_letters_2021_2026.csv", "dsa", "dsa_statements_of_reasons_2024-03-14.csv").entrySet()) {
            Adapters.byName(e.getKey()).adapt(RealData.file(e.getValue()), landing);
        }
        wh = new Warehouse(tmp.resolve("warehouse").toString());
        m = new NightlyJob(spark, ConfigLoader.load(Path.of("..", "conf")),
                new Pseudonymiser("real-files-test-key-0123".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(new ByteArrayOutputStream()))
                .run(new NightlyJob.Params(wh.root(), landing.toString(), LocalDate.of(2026, 11, 29), "test"));
    }

    @Test
    void everyRealRowIsAccountedFor() {
        // python3: len(list(csv.DictReader(open(f, encoding='utf-8-sig'))))
        //   douyin 1,224 sessions; cfpb 2,067 complaints; fda 3,374 letters; dsa 50 statements
        assertCounts("broadcasts", 1224, 1224, 0);
        assertCounts("complaints", 2067, 2067, 0);
        // 3,374 FDA letters + 50 DSA statements; DSA rows 1 and 2 are the same record (MANIFEST)
        assertCounts("violations", 3374 + 50, 3374 + 49, 1);
        // 177 distinct CFPB companies (python: len({r['Company'] for r in rows})) + 3,166 FDA name keys
        assertCounts("merchants", 177 + 3166, 177 + 3166, 0);
        assertCounts("anchors", 20, 20, 0);           // host-01 … host-20
        assertCounts("platforms", 1 + 1 + 1 + 4, 7, 0); // DY, CFPB, FDA-OFFLINE, four DSA platforms
        m.feeds.values().forEach(c -> assertTrue(c.conserved()));
    }

    private static void assertCounts(String feed, long in, long inserted, long duplicates) {
        FeedCounts c = m.feeds.get(feed);
        assertEquals(List.of(in, inserted, duplicates, 0L), List.of(c.rowsIn(), c.inserted(), c.duplicates(), c.quarantined()), feed);
    }

    @Test
    void douyinGoldMatchesTheRawFile() {
        // python3: per Start_time month (Beijing local), count of sessions and Decimal sum of
        // Total_sales_amount (112 blank): 2021-06 393 / 2,543,813,655.18; 2021-07 403 /
        // 2,171,030,867.77; 2021-08 428 / 3,831,828,578.24
        Map<String, Object[]> expected = Map.of(
                "2021-06", new Object[]{393L, new BigDecimal("2543813655.18")},
                "2021-07", new Object[]{403L, new BigDecimal("2171030867.77")},
                "2021-08", new Object[]{428L, new BigDecimal("3831828578.24")});
        List<Row> rows = delta(wh.gold("platform_monthly")).where(col("platform_id").equalTo("DY")
                .and(col("broadcasts").gt(0))).orderBy("month").collectAsList();
        assertEquals(3, rows.size());
        for (Row r : rows) {
            Object[] e = expected.get(r.<String>getAs("month"));
            assertEquals(e[0], r.getAs("broadcasts"));
            assertEquals(e[1], r.getAs("gmv_cny"));
        }
        assertEquals(1224L, delta(wh.silver(Feed.BROADCASTS)).count());
    }
}
