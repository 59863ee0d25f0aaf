package org.livegov.metrics.conform;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The deduplication rule within one batch (documented in {@code docs/input-contracts.md}):
 * per business key, the version with the latest {@code updated_at} wins (a missing
 * {@code updated_at} is the oldest version); rows of that version with identical content are
 * duplicates of one another and one of them wins; rows of that version with different content
 * cannot be ordered and all go to quarantine as {@code ID_CONFLICT}; every older version is a
 * superseded duplicate. Against silver, the MERGE applies the same order: a later
 * {@code updated_at} replaces, an equal one replaces only from a later batch with different
 * content, an older one is a no-op.
 *
 * <p>Input: valid conformed rows (see {@link Conformer}) with the key column, {@code updated_at},
 * {@code content_hash} and {@code source_file}. Output: the same rows plus
 * {@code dedup_status string}: {@code winner}, {@code duplicate} or {@code conflict}. Pure, lazy.
 */
public final class Deduplicator {
    public static final String WINNER = "winner";
    public static final String DUPLICATE = "duplicate";
    public static final String CONFLICT = "conflict";

    private Deduplicator() {
    }

    /**
     * @param conformedValid valid conformed rows of one feed and batch
     * @param keyField       business key column, e.g. {@code broadcast_id}
     * @return rows with {@code dedup_status}
     */
    public static Dataset<Row> classify(Dataset<Row> conformedValid, String keyField) {
        WindowSpec byKey = Window.partitionBy(col(keyField));
        Column version = coalesce(col("updated_at"), lit(new Timestamp(0)));
        Column isTop = col("_v").equalTo(col("_maxv"));
        Dataset<Row> ranked = conformedValid
                .withColumn("_v", version)
                .withColumn("_maxv", max(col("_v")).over(byKey))
                .withColumn("_top_hashes", size(collect_set(when(isTop, col("content_hash"))).over(byKey)))
                .withColumn("_rn", row_number().over(byKey.orderBy(col("_v").desc(), col("source_file").desc())));
        Column status = when(isTop.and(col("_top_hashes").gt(1)), lit(CONFLICT))
                .when(col("_rn").equalTo(1), lit(WINNER))
                .otherwise(lit(DUPLICATE));
        return ranked.withColumn("dedup_status", status).drop("_v", "_maxv", "_top_hashes", "_rn");
    }
}
