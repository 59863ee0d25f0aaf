package org.livegov.metrics;

import org.apache.spark.sql.SparkSession;
import org.livegov.metrics.spark.LiveGovSpark;

/**
 * The SparkSession every test of this module shares (one per JVM: Surefire forkCount=1,
 * reuseForks=true), built by the production factory {@link LiveGovSpark#session}: {@code local[2]},
 * 4 shuffle partitions, interpreted expressions (the inputs are a few rows). Test code only; never
 * stopped by a test.
 */
public final class TestSpark {
    private TestSpark() {
    }

    /** @return the shared session (created on first use) */
    public static SparkSession session() {
        return LiveGovSpark.session("local[2]", 4, LiveGovSpark.Codegen.INTERPRETED);
    }
}
