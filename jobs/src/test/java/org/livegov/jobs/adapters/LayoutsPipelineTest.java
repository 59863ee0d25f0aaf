package org.livegov.jobs.adapters;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.SparkTestBase;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.config.ConfigLoader;
import org.livegov.jobs.nightly.NightlyJob;
import org.livegov.jobs.nightly.RunManifest;
import org.livegov.jobs.silver.FeedCounts;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.ids.Pseudonymiser;

/**
 * All layout excerpts ({@code src/test/resources/layouts}, README there) landed together and taken
 * through one nightly: the rows of each file are accounted for, and a record shipped in two layouts
 * (FDA, CFPB) is one row in silver, the second copy counted as a duplicate.
 */
@Tag("slow")
class LayoutsPipelineTest extends SparkTestBase {
    @TempDir
    static Path tmp;
    static Warehouse wh;
    static RunManifest m;
    static final Map<String, AdapterReport> REPORTS = new LinkedHashMap<>();

    @BeforeAll
    static void importAndRun() throws Exception {
        Path landing = tmp.resolve("landing");
        Map<String, String> files = new LinkedHashMap<>();
        files.put("fda_scraped_listing.csv", "fda");
        files.put("fda_page_download.csv", "fda");
        files.put("cfpb_human_headers.csv", "cfpb");
        files.put("cfpb_api_snake_case.csv", "cfpb");
        files.put("dsa_full_2024.csv", "dsa");
        files.put("dsa_full_with_ean_and_added_column.csv", "dsa");
        files.put("douyin_sessions.csv", "douyin");
        for (var e : files.entrySet()) {
            REPORTS.put(e.getKey(), Adapters.byName(e.getValue()).adapt(LayoutsTest.EXCERPTS.resolve(e.getKey()), landing));
        }
        wh = new Warehouse(tmp.resolve("warehouse").toString());
        m = new NightlyJob(spark, ConfigLoader.load(Path.of("..", "conf")),
                new Pseudonymiser("layouts-test-key-0123456".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(new ByteArrayOutputStream()))
                .run(new NightlyJob.Params(wh.root(), landing.toString(), LocalDate.of(2026, 11, 29), "test"));
    }

    @Test
    void perFileCountsIntoTheAdapters() {
        // rows read per excerpt (README): 5, 5, 5, 5, 4, 4, 3; none dropped
        Map<String, Long> read = new TreeMap<>();
        REPORTS.forEach((f, r) -> read.put(f, r.rowsRead()));
        assertEquals(Map.of("fda_scraped_listing.csv", 5L, "fda_page_download.csv", 5L, "cfpb_human_headers.csv", 5L,
                "cfpb_api_snake_case.csv", 5L, "dsa_full_2024.csv", 4L, "dsa_full_with_ean_and_added_column.csv", 4L,
                "douyin_sessions.csv", 3L), read);
        assertTrue(REPORTS.values().stream().allMatch(r -> r.rowsDropped() == 0));
    }

    @Test
    void everyRowIsAccountedForAndTheTwoLayoutsMeetAsDuplicates() {
        // broadcasts: 3 Douyin sessions
        assertCounts("broadcasts", 3, 3, 0, 0);
        // complaints: 5 + 5, the API copy of each complaint a duplicate of the human-header one
        assertCounts("complaints", 5 + 5, 5, 5, 0);
        // violations: FDA 5 + 5 (5 duplicates); DSA 4 (records 1 and 2 are one statement: 1 duplicate)
        // + 4 (record 9's invented category: 1 quarantined) -> in 18, inserted 5 + 3 + 3 = 11, dup 6, q 1
        assertCounts("violations", 5 + 5 + 4 + 4, 11, 6, 1);
        // merchants: FDA 4 + 4, CFPB 4 + 4 -> 8 inserted, 8 duplicates
        assertCounts("merchants", 16, 8, 8, 0);
        assertCounts("anchors", 1, 1, 0, 0);                 // host-01
        // platforms: DY 1; CFPB 1 + 1; FDA-OFFLINE 1 + 1; DSA 3 (TikTok, Pinterest, Google Shopping)
        // + 2 (TikTok, Google Shopping) -> in 10, inserted 6, duplicates 4
        assertCounts("platforms", 10, 6, 4, 0);
        m.feeds().values().forEach(c -> assertTrue(c.conserved()));

        List<Row> q = delta(wh.quarantine()).where(col("feed").equalTo(Feed.VIOLATIONS.feedName()))
                .select("reason_code").collectAsList();
        assertEquals(List.of("UNKNOWN_CATEGORY"), q.stream().map(r -> r.<String>getAs("reason_code")).toList());
    }

    private static void assertCounts(String feed, long in, long inserted, long duplicates, long quarantined) {
        FeedCounts c = m.feeds().get(feed);
        assertEquals(List.of(in, inserted, duplicates, quarantined),
                List.of(c.rowsIn(), c.inserted(), c.duplicates(), c.quarantined()), feed);
    }
}
