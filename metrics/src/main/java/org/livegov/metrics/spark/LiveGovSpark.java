package org.livegov.metrics.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one factory for SparkSessions, used by production entry points and by tests alike.
 *
 * <p>Always sets: the Delta Lake SQL extension and catalog, the session time zone UTC (instants
 * are stored in UTC; Beijing days are computed explicitly with {@code Asia/Shanghai}), adaptive
 * query execution on, and ANSI mode off (parsing failures must become quarantine reasons, not
 * exceptions). In local mode ({@code master} given) it also turns the UI off and uses few
 * shuffle partitions, and keeps up to 1,000 compiled classes in Spark's code-generation cache
 * (Spark's default, 100, recompiled the same plans within one night). Under {@code spark-submit}
 * (no master given) the cluster's settings are kept except those listed here.
 */
public final class LiveGovSpark {
    private LiveGovSpark() {
    }

    /**
     * How Spark evaluates the expressions it does not fuse into whole-stage generated code:
     * projections and predicates in file writers, shuffles and sorts, and Delta's log replay.
     */
    public enum Codegen {
        /**
         * Spark's default: each expression is compiled to Java byte code (Janino) once per distinct
         * plan, which costs tens of milliseconds and then runs fast over millions of rows. For
         * national-scale nights and anything run under {@code spark-submit}.
         */
        COMPILED,
        /**
         * Expressions are interpreted ({@code spark.sql.codegen.factoryMode=NO_CODEGEN}): nothing to
         * compile, slower per row. For small inputs (the demo's 29 k rows, the test fixtures), where
         * the compiles are a large part of the cost: the e2e fixture's night in a warm JVM took 69 s
         * wall and 84 CPU s compiled, 42 to 50 s and 49 to 64 CPU s interpreted (two runs each).
         */
        INTERPRETED
    }

    /**
     * {@link #session(String, int, Codegen)} with compiled expressions (Spark's default).
     */
    public static SparkSession session(String master, int shufflePartitions) {
        return session(master, shufflePartitions, Codegen.COMPILED);
    }

    /**
     * Builds (or returns the already running) session.
     *
     * @param master            Spark master URL such as {@code local[2]}; {@code null} under spark-submit
     * @param shufflePartitions shuffle partitions for local mode (ignored when master is null)
     * @param codegen           how expressions are evaluated; applied in local mode and under
     *                          spark-submit alike. On a session already running (Spark applies a
     *                          builder's runtime SQL settings to it), INTERPRETED is set and COMPILED
     *                          leaves the session's setting as it is
     * @return the session, never null
     */
    public static SparkSession session(String master, int shufflePartitions, Codegen codegen) {
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
        if (codegen == Codegen.INTERPRETED) {
            b.config("spark.sql.codegen.factoryMode", "NO_CODEGEN");
        }
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
                    .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2")
                    .config("spark.sql.codegen.cache.maxEntries", "1000");
        }
        return b.getOrCreate();
    }
}
