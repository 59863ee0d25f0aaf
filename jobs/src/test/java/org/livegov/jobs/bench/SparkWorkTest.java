package org.livegov.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.livegov.jobs.SparkTestBase;

/** The benchmark's per-stage counts of Spark work and Delta commits, on work whose size is known. */
class SparkWorkTest extends SparkTestBase {

    @Test
    void countsJobsTasksAndShuffleBytesOfWhatRanBetweenTwoReadings() throws Exception {
        SparkWork work = new SparkWork();
        spark.sparkContext().addSparkListener(work);
        try {
            long[] before = work.totals();
            // adaptive execution off, so the plan is exactly one job: a 3-partition scan feeding a
            // 4-partition shuffle (the group-by), then the collect of its 4 reduce partitions
            withSQLConf(Map.of("spark.sql.adaptive.enabled", "false", "spark.sql.shuffle.partitions", "4"), () ->
                    assertEquals(10, spark.range(0, 30, 1, 3).groupBy(org.apache.spark.sql.functions.col("id").mod(10))
                            .count().collectAsList().size()));
            long[] after = waitFor(work, before[0] + 1, before[1] + 7);
            assertEquals(1, after[0] - before[0]);          // one job
            assertEquals(3 + 4, after[1] - before[1]);      // 3 map tasks + 4 reduce tasks
            assertTrue(after[2] - before[2] > 0, "the group-by shuffled: bytes written");
        } finally {
            spark.sparkContext().removeSparkListener(work);
        }
    }

    @Test
    void deltaCommitsAreNewCommitFilesOfDeltaLogs() {
        // before: table t at version 0 with one data file; after: version 1 of t, a checkpoint-free
        // new table u at version 0, a rewritten data file and a temporary file: 2 commits
        FileCensus before = new FileCensus(Map.of(
                "/w/gold/t/_delta_log/00000000000000000000.json", 900L,
                "/w/gold/t/part-0.parquet", 500L));
        FileCensus after = new FileCensus(Map.of(
                "/w/gold/t/_delta_log/00000000000000000000.json", 900L,
                "/w/gold/t/_delta_log/00000000000000000001.json", 950L,
                "/w/gold/t/_delta_log/.00000000000000000001.json.crc", 12L,
                "/w/gold/u/_delta_log/00000000000000000000.json", 800L,
                "/w/gold/t/part-0.parquet", 500L,
                "/w/gold/t/part-1.parquet", 600L,
                "/w/_control/lock.json", 40L));
        assertEquals(2, after.commitsSince(before));
        // files written: the two commits, the crc, the new data file and the lock = 5
        assertEquals(5, after.writtenSince(before)[0]);
    }

    /** The totals once the listener bus has delivered at least the given jobs and tasks (5 s at most). */
    private static long[] waitFor(SparkWork work, long jobs, long tasks) throws InterruptedException {
        long[] t = work.totals();
        for (int i = 0; i < 100 && (t[0] < jobs || t[1] < tasks); i++) {
            Thread.sleep(50);
            t = work.totals();
        }
        return t;
    }
}
