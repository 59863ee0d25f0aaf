package org.livegov.jobs.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.bronze.BronzeShape;
import org.livegov.metrics.conform.ConformContext;
import org.livegov.metrics.conform.Conformer;
import org.livegov.metrics.conform.Deduplicator;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.quality.ReasonCode;

/**
 * Silver stage of one feed in one batch: bronze rows of the batch → {@link Conformer#conform}
 * (types, taxonomy, Beijing months; a malformed row gets a reason) → {@link Deduplicator}
 * (one winner per key; same key and time with other content is an ID conflict) →
 * {@link References} (unknown register keys) → one outcome per bronze row: apply, duplicate or
 * quarantined. Validated before anything is written: every bronze row of the batch has exactly
 * one outcome (row conservation). Written: quarantined rows to {@code silver/quarantine}
 * (replace-where batch and feed), applied rows by MERGE on the feed's key ({@link SilverTables}:
 * facts month by month, registers as slowly changing dimensions).
 */
public final class SilverStage {
    /** Internal column: what happens to a bronze row (named so that no contract field can clash). */
    private static final String OUTCOME = "_outcome";
    private static final String APPLY = "apply";
    private static final String DUPLICATE = "duplicate";
    private static final String QUARANTINED = "quarantined";

    /**
     * What the stage did for one feed.
     *
     * @param counts            rows in and their outcomes, with the silver version after the MERGE
     * @param months            Beijing months the applied rows touch (facts; empty for registers), including
     *                          months a correction moved rows out of
     * @param quarantineVersion Delta version of {@code silver/quarantine} after this feed's write, or null when
     *                          nothing was quarantined
     */
    public record Result(FeedCounts counts, Set<String> months, Long quarantineVersion) {
    }

    private final SparkSession spark;
    private final Warehouse wh;
    private final ConformContext ctx;

    /**
     * @param ctx taxonomy, thresholds and the cut-off instant (end of the run's Beijing day)
     */
    public SilverStage(SparkSession spark, Warehouse wh, ConformContext ctx) {
        this.spark = spark;
        this.wh = wh;
        this.ctx = ctx;
    }

    /** Creates the feed's silver table, empty with the conformed shape, when it does not exist. */
    public void ensure(Feed f) {
        Dataset<Row> empty = spark.createDataFrame(List.of(), BronzeShape.SCHEMA);
        Dataset<Row> shape = Deduplicator.classify(Conformer.valid(Conformer.conform(empty, f, ctx)), f.keyField())
                .drop("dedup_status");
        SilverTables.ensure(spark, wh.silver(f), f, shape.schema());
    }

    /**
     * @param f          the feed
     * @param batchId    the batch whose bronze rows are processed
     * @param landingDay Beijing day of the run: registers' new versions are effective from it
     * @return counts, months and versions
     * @throws IllegalStateException when the outcomes do not account for every bronze row exactly once
     *                               (checked before any write), or the MERGE applied more rows than it was given
     */
    public Result run(Feed f, String batchId, LocalDate landingDay) {
        Dataset<Row> bronze = spark.read().format("delta").load(wh.bronze(f)).where(col("batch_id").equalTo(batchId));
        // Cached: the conformed plan is large, and four branches below read it.
        Dataset<Row> conformed = Conformer.conform(bronze, f, ctx).persist(StorageLevel.MEMORY_AND_DISK());
        String key = f.keyField();
        // Valid rows keep their record so that ID conflicts and unknown references are quarantined with it.
        Dataset<Row> dedup = Deduplicator.classify(conformed.where(col("reason_code").isNull()), key);
        Dataset<Row> winners = dedup.where(col("dedup_status").equalTo(Deduplicator.WINNER));
        Dataset<Row> checked = References.check(spark, wh, f, winners);
        // One outcome per bronze row: apply (MERGE), duplicate, or quarantined with a reason.
        Dataset<Row> outcomes = conformed.where(col("reason_code").isNotNull()).withColumn(OUTCOME, lit(QUARANTINED))
                .unionByName(dedup.where(col("dedup_status").equalTo(Deduplicator.CONFLICT))
                        .withColumn("reason_code", lit(ReasonCode.ID_CONFLICT.name()))
                        .withColumn("reason_detail", lit("same " + key + " and updated_at with different content"))
                        .withColumn(OUTCOME, lit(QUARANTINED)).drop("dedup_status"))
                .unionByName(dedup.where(col("dedup_status").equalTo(Deduplicator.DUPLICATE))
                        .withColumn(OUTCOME, lit(DUPLICATE)).drop("dedup_status"))
                .unionByName(checked.withColumn(OUTCOME, when(col("reason_code").isNull(), lit(APPLY)).otherwise(lit(QUARANTINED)))
                        .drop("dedup_status"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long rowsIn = 0;
            long duplicates = 0;
            long toApply = 0;
            Map<String, Long> reasons = new TreeMap<>();
            Set<String> months = new HashSet<>();
            // one pass: counts per outcome and reason, and (facts) the months the applied rows touch
            Column month = f.isFact() ? col("month") : lit(null).cast("string").as("month");
            for (Row r : outcomes.groupBy(col(OUTCOME), col("reason_code"), month).count().collectAsList()) {
                long n = r.getLong(3);
                rowsIn += n;
                switch (r.getString(0)) {
                    case APPLY -> {
                        toApply += n;
                        if (!r.isNullAt(2)) {
                            months.add(r.getString(2));
                        }
                    }
                    case DUPLICATE -> duplicates += n;
                    default -> reasons.merge(r.getString(1), n, Long::sum);
                }
            }
            // validate before writing: the outcomes account for every bronze row of the batch, once
            long bronzeRows = bronze.count();
            if (rowsIn != bronzeRows) {
                throw new IllegalStateException("row conservation failed for " + f.feedName() + " before any silver write: "
                        + bronzeRows + " bronze rows of batch " + batchId + " but " + rowsIn + " outcomes");
            }
            long quarantined = reasons.values().stream().mapToLong(Long::longValue).sum();
            Long quarantineVersion = null;
            if (quarantined > 0) {
                Conformer.toQuarantine(outcomes.where(col(OUTCOME).equalTo(QUARANTINED)), f).write().format("delta")
                        .mode(SaveMode.Overwrite).partitionBy("feed")
                        .option("replaceWhere", "batch_id = '" + batchId + "' AND feed = '" + f.feedName() + "'")
                        .save(wh.quarantine());
                quarantineVersion = Long.parseLong(SilverTables.lastMetrics(spark, wh.quarantine()).get("version"));
            }
            Dataset<Row> apply = outcomes.where(col(OUTCOME).equalTo(APPLY))
                    .drop(OUTCOME, "reason_code", "reason_detail", "record");
            Map<String, String> metrics;
            if (f.isFact()) {
                if (toApply == 0) {
                    metrics = Map.of("version", SilverTables.lastMetrics(spark, wh.silver(f)).get("version"));
                } else {
                    // only the partitions of the batch's months (and of keys a correction moves out of)
                    SilverTables.FactMerge fm = SilverTables.mergeFacts(spark, wh.silver(f), f, apply, months);
                    metrics = fm.metrics();
                    months.addAll(fm.movedFrom());
                }
            } else {
                // registers keep their history: a changed key gets a new version, effective from its own date
                metrics = SilverTables.mergeRegister(spark, wh.silver(f), f, apply, landingDay);
            }
            long inserted = Long.parseLong(metrics.getOrDefault("numTargetRowsInserted", "0"));
            long updated = Long.parseLong(metrics.getOrDefault("numTargetRowsUpdated", "0"));
            if (inserted + updated > toApply) {
                throw new IllegalStateException("row conservation failed for " + f.feedName() + ": the MERGE inserted "
                        + inserted + " and updated " + updated + " rows of " + toApply + " to apply");
            }
            // rows the MERGE left alone (already applied, or older than silver) changed nothing: duplicates
            FeedCounts counts = new FeedCounts(rowsIn, inserted, updated, duplicates + toApply - inserted - updated,
                    quarantined, reasons, Long.parseLong(metrics.get("version")));
            return new Result(counts, months, quarantineVersion);
        } finally {
            outcomes.unpersist();
            conformed.unpersist();
        }
    }
}
