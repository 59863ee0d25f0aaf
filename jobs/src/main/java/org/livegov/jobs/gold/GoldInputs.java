package org.livegov.jobs.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.config.LiveGovConfig;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.gold.ComplaintTimeliness;
import org.livegov.metrics.gold.McnAttribution;

/**
 * The silver facts of a set of Beijing months, read, annotated and attributed to MCNs once per
 * gold build and shared by every product (the monthly products, the violation categories and the
 * trend series), instead of each product re-reading silver and repeating the contract join.
 * Measured reason: at national scale the trend series alone spent 107 s of a 208 s gold step
 * re-attributing what the monthly products had just attributed (benchmark 2026-11-29).
 *
 * <p>Shapes (silver columns plus):
 * <ul>
 *   <li>{@link #broadcasts()}: silver broadcasts + {@code mcn_id string} (MCN contracted on the
 *       Beijing start day, null without one)</li>
 *   <li>{@link #violations()}: silver violations + {@code mcn_id} (the subject itself when
 *       {@code subject_role = 'mcn'}, else the anchor's MCN on the detection day)</li>
 *   <li>{@link #complaints()}: silver complaints annotated by {@link ComplaintTimeliness#annotate}
 *       as of the run day ({@code acceptance_decided, accepted_in_time}) + {@code mcn_id} on the
 *       receipt day</li>
 * </ul>
 * The three are persisted (memory, spilling to disk) until {@link #close()}. {@link #in(Set)}
 * narrows them to fewer months without recomputing.
 */
final class GoldInputs implements AutoCloseable {
    private final Dataset<Row> broadcasts;
    private final Dataset<Row> violations;
    private final Dataset<Row> complaints;
    private final boolean owner;

    private GoldInputs(Dataset<Row> broadcasts, Dataset<Row> violations, Dataset<Row> complaints, boolean owner) {
        this.broadcasts = broadcasts;
        this.violations = violations;
        this.complaints = complaints;
        this.owner = owner;
    }

    /**
     * @param months Beijing months {@code yyyy-MM} to read (non-empty)
     * @param asOf   Beijing run day: decides whether a complaint's acceptance is decided
     */
    static GoldInputs read(SparkSession spark, Warehouse wh, LiveGovConfig conf, Set<String> months, LocalDate asOf) {
        Column in = col("month").isin(months.toArray());
        Dataset<Row> contracts = silver(spark, wh, Feed.CONTRACTS);
        Dataset<Row> b = McnAttribution.attach(silver(spark, wh, Feed.BROADCASTS).where(in),
                "broadcast_id", "anchor_id", "started_at", contracts);
        Dataset<Row> v = McnAttribution.attach(silver(spark, wh, Feed.VIOLATIONS).where(in)
                                .withColumn("_anchor", when(col("subject_role").equalTo("anchor"), col("subject_id"))),
                        "violation_id", "_anchor", "detected_at", contracts)
                .withColumn("mcn_id", when(col("subject_role").equalTo("mcn"), col("subject_id")).otherwise(col("mcn_id")))
                .drop("_anchor");
        Dataset<Row> c = McnAttribution.attach(ComplaintTimeliness.annotate(silver(spark, wh, Feed.COMPLAINTS).where(in),
                        conf.calendar().asDataset(spark), asOf, conf.thresholds().acceptanceWorkingDays()),
                "complaint_id", "anchor_id", "received_at", contracts);
        StorageLevel level = StorageLevel.MEMORY_AND_DISK();
        return new GoldInputs(b.persist(level), v.persist(level), c.persist(level), true);
    }

    /** The same inputs restricted to {@code months} (a view; closing it releases nothing). */
    GoldInputs in(Set<String> months) {
        Column in = col("month").isin(months.toArray());
        return new GoldInputs(broadcasts.where(in), violations.where(in), complaints.where(in), false);
    }

    Dataset<Row> broadcasts() {
        return broadcasts;
    }

    Dataset<Row> violations() {
        return violations;
    }

    Dataset<Row> complaints() {
        return complaints;
    }

    @Override
    public void close() {
        if (owner) {
            broadcasts.unpersist();
            violations.unpersist();
            complaints.unpersist();
        }
    }

    private static Dataset<Row> silver(SparkSession spark, Warehouse wh, Feed f) {
        return spark.read().format("delta").load(wh.silver(f));
    }
}
