package org.livegov.metrics.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one factory for SparkSessions, used by production entry points and by tests alike.
 *
 * <p>Always sets: the Delta Lake SQL extension and catalog, the session time zone UTC (instants
 * are stored in UTC; Beijing days are computed explicitly with {@code Asia/Shanghai}), adaptive
 * query execution on, and ANSI mode off (parsing failures must become quarantine reasons, not
 * exceptions). In local mode ({@code master} given) it also turns the UI off and uses few
 * shuffle partitions. Under {@code spark-submit} (no master given) the cluster's settings are
 * kept except those listed here.
 */
public final class LiveGovSpark {
    private LiveGovSpark() {
    }

    /**
     * Builds (or returns the already running) session.
     *
     * @param master            Spark master URL such as {@code local[2]}; {@code null} under spark-submit
     * @param shufflePartitions shuffle partitions for local mode (ignored when master is null)
     * @return the session, never null
     */
    public static SparkSession session(String master, int shufflePartitions) {
        SparkSession.Builder b = SparkSession.builder()
                .appName("LiveGov")
                .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.ansi.enabled", "false")
                .config("spark.sql.adaptive.enabled", "true")
                .config("spark.sql.legacy.timeParserPolicy", "CORRECTED")
                .config("spark.databricks.delta.schema.autoMerge.enabled", "false")
                .config("spark.databricks.delta.merge.repartitionBeforeWrite.enabled", "true");
        if (master != null) {
            b.master(master)
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.shuffle.partitions", String.valueOf(shufflePartitions))
                    .config("spark.default.parallelism", String.valueOf(Math.max(2, shufflePartitions)))
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/livegov-spark-warehouse")
                    .config("spark.databricks.delta.snapshotPartitions", "2")
                    .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2");
        }
        return b.getOrCreate();
    }
}
