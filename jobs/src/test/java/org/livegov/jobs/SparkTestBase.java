package org.livegov.jobs;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.livegov.metrics.spark.LiveGovSpark;

/**
 * Shared local SparkSession for every test in the JVM (Surefire forkCount=1, reuseForks=true),
 * built by the production factory with interpreted expressions ({@link LiveGovSpark.Codegen#INTERPRETED}:
 * the fixtures are small, and compiling was a third of a fixture night's CPU). Compiled expressions are
 * covered by the child JVMs of the CLI tests and by {@code ClusterRunTest}, whose cluster run (compiled)
 * must equal this session's. Never stopped by a test.
 */
public abstract class SparkTestBase {
    protected static final SparkSession spark = LiveGovSpark.session("local[2]", 4, LiveGovSpark.Codegen.INTERPRETED);

    protected static Dataset<Row> delta(String path) {
        return spark.read().format("delta").load(path);
    }

    /** Body of {@link #withSQLConf}, which may throw. */
    @FunctionalInterface
    protected interface Body {
        void run() throws Exception;
    }

    /**
     * Runs {@code body} with the given SQL settings on the shared session and restores each setting
     * to what it was (or unsets it) afterwards, whatever the body throws (Spark's own
     * {@code SQLHelper.withSQLConf}); tests never mutate the shared session by hand.
     *
     * @param settings key → value to set for the body's duration
     * @throws Exception whatever the body throws
     */
    protected static void withSQLConf(java.util.Map<String, String> settings, Body body) throws Exception {
        java.util.Map<String, java.util.Optional<String>> before = new java.util.LinkedHashMap<>();
        settings.forEach((k, v) -> {
            before.put(k, spark.conf().contains(k) ? java.util.Optional.of(spark.conf().get(k)) : java.util.Optional.empty());
            spark.conf().set(k, v);
        });
        try {
            body.run();
        } finally {
            before.forEach((k, v) -> {
                if (v.isPresent()) spark.conf().set(k, v.get());
                else spark.conf().unset(k);
            });
        }
    }
}
