package org.livegov.metrics.gold;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.median;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.jdk.javaapi.CollectionConverters;

/**
 * First-cut monthly governance indicators, grouped by any dimensions (platform, MCN, none for the
 * national trend) and the Beijing month.
 *
 * <p>Inputs (silver, already carrying the dimension columns and {@code month yyyy-MM}):
 * broadcasts {@code broadcast_id, gmv_cny decimal(18,2), month}; violations {@code status,
 * severity s1..s4, detected_at, disposed_at, month}; complaints annotated by
 * {@link ComplaintTimeliness} ({@code acceptance_decided, accepted_in_time, month}).
 *
 * <p>Output, one row per (dimensions, month) present in any input:
 * <ul>
 *   <li>{@code broadcasts bigint}; {@code gmv_cny decimal(28,2)} (CNY; null GMV counts as 0)</li>
 *   <li>{@code violations bigint}: not overturned (confirmed or under appeal);
 *       {@code violations_confirmed}; {@code violations_s1..s4} by severity</li>
 *   <li>{@code violations_per_1000_broadcasts double}: violations × 1000 / broadcasts, null without broadcasts</li>
 *   <li>{@code median_hours_to_disposal double}: exact median of (disposed_at − detected_at) in
 *       hours over disposed, not-overturned violations; {@code disposals bigint} its count</li>
 *   <li>{@code complaints bigint}; {@code complaints_acceptance_decided}; {@code complaints_accepted_in_time};
 *       {@code share_accepted_in_time double} = in time / decided, null when none decided
 *       (SAMR complaint handling measures art. 14)</li>
 *   <li>{@code complaints_per_million_gmv double}: complaints per CNY 1,000,000 GMV, null without GMV</li>
 * </ul>
 * Months are attributed by event instant: broadcast start, violation detection, complaint receipt.
 */
public final class MonthlyIndicators {
    private MonthlyIndicators() {
    }

    /**
     * @param dims        dimension columns present in all three inputs (may be empty)
     * @param broadcasts  silver broadcasts with dims
     * @param violations  silver violations with dims
     * @param complaints  annotated complaints with dims
     * @return indicators per (dims, month); lazy
     */
    public static Dataset<Row> compute(List<String> dims, Dataset<Row> broadcasts, Dataset<Row> violations,
                                       Dataset<Row> complaints) {
        List<String> keys = new ArrayList<>(dims);
        keys.add("month");
        Column[] by = keys.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);

        Dataset<Row> b = broadcasts.groupBy(by).agg(
                count(lit(1)).as("broadcasts"),
                sum(coalesce(col("gmv_cny"), lit(0).cast("decimal(18,2)"))).cast("decimal(28,2)").as("gmv_cny"));

        Column live = col("status").notEqual("overturned");
        Column hours = col("disposed_at").cast("double").minus(col("detected_at").cast("double")).divide(3600.0);
        Dataset<Row> v = violations.groupBy(by).agg(
                count(when(live, 1)).as("violations"),
                count(when(col("status").equalTo("confirmed"), 1)).as("violations_confirmed"),
                count(when(live.and(col("severity").equalTo("s1")), 1)).as("violations_s1"),
                count(when(live.and(col("severity").equalTo("s2")), 1)).as("violations_s2"),
                count(when(live.and(col("severity").equalTo("s3")), 1)).as("violations_s3"),
                count(when(live.and(col("severity").equalTo("s4")), 1)).as("violations_s4"),
                median(when(live.and(col("disposed_at").isNotNull()), hours)).as("median_hours_to_disposal"),
                count(when(live.and(col("disposed_at").isNotNull()), 1)).as("disposals"));

        Dataset<Row> c = complaints.groupBy(by).agg(
                count(lit(1)).as("complaints"),
                count(when(col("acceptance_decided"), 1)).as("complaints_acceptance_decided"),
                count(when(col("accepted_in_time"), 1)).as("complaints_accepted_in_time"));

        var using = CollectionConverters.asScala(keys).toSeq();
        Dataset<Row> joined = b.join(v, using, "full_outer").join(c, using, "full_outer")
                .na().fill(0L, new String[]{"broadcasts", "violations", "violations_confirmed", "violations_s1",
                        "violations_s2", "violations_s3", "violations_s4", "disposals", "complaints",
                        "complaints_acceptance_decided", "complaints_accepted_in_time"})
                .withColumn("gmv_cny", coalesce(col("gmv_cny"), lit(0).cast("decimal(28,2)")));
        return joined
                .withColumn("violations_per_1000_broadcasts",
                        when(col("broadcasts").gt(0), col("violations").multiply(1000.0).divide(col("broadcasts"))))
                .withColumn("share_accepted_in_time", when(col("complaints_acceptance_decided").gt(0),
                        col("complaints_accepted_in_time").divide(col("complaints_acceptance_decided").cast("double"))))
                .withColumn("complaints_per_million_gmv", when(col("gmv_cny").gt(0),
                        col("complaints").divide(col("gmv_cny").cast("double").divide(1_000_000.0))))
                .select(output(keys));
    }

    private static Column[] output(List<String> keys) {
        List<String> names = new ArrayList<>(keys);
        names.addAll(List.of("broadcasts", "gmv_cny", "violations", "violations_confirmed", "violations_s1",
                "violations_s2", "violations_s3", "violations_s4", "violations_per_1000_broadcasts",
                "median_hours_to_disposal", "disposals", "complaints", "complaints_acceptance_decided",
                "complaints_accepted_in_time", "share_accepted_in_time", "complaints_per_million_gmv"));
        return names.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    }
}
