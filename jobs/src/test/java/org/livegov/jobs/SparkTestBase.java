package org.livegov.jobs;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.livegov.metrics.spark.LiveGovSpark;

/**
 * Shared local SparkSession for every test in the JVM (Surefire forkCount=1, reuseForks=true),
 * built by the production factory. Never stopped by a test.
 */
public abstract class SparkTestBase {
    protected static final SparkSession spark = LiveGovSpark.forTests();

    protected static Dataset<Row> delta(String path) {
        return spark.read().format("delta").load(path);
    }
}
