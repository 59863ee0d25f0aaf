package org.livegov.metrics.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Violations by platform, MCN, Beijing month, category and severity.
 *
 * <p>Input: silver violations with {@code mcn_id} attached ({@link McnAttribution}; null when no
 * MCN answers). Output: {@code platform_id, mcn_id, month, category, kind, severity, violations
 * bigint (not overturned), violations_confirmed bigint}. Rows where every count is 0 are kept
 * only if the group has any violation row at all (overturned-only groups give 0 and 0).
 */
public final class ViolationsByCategory {
    private ViolationsByCategory() {
    }

    public static Dataset<Row> compute(Dataset<Row> violationsWithMcn) {
        return violationsWithMcn.groupBy("platform_id", "mcn_id", "month", "category", "kind", "severity")
                .agg(count(when(col("status").notEqual("overturned"), lit(1))).as("violations"),
                        count(when(col("status").equalTo("confirmed"), lit(1))).as("violations_confirmed"));
    }
}
