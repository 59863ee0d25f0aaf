package org.livegov.jobs.silver;

import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.contract.Field;
import org.livegov.metrics.conform.Conformer;

/**
 * Silver Delta tables: created on first use with NOT NULL on the contract's required fields and
 * the lineage columns, CHECK constraints that restate the contract's rules, and (fact feeds)
 * partitioning by Beijing month; written only by MERGE on the business key.
 *
 * <p>MERGE rule (same order as {@link org.livegov.metrics.conform.Deduplicator}): a source row
 * replaces the target row with the same key when its {@code updated_at} is later, or equal with
 * different content from a later batch; a key not in the target is inserted; anything else is a
 * no-op, so re-running a batch changes nothing. Fact tables are merged month by month
 * ({@link #mergeFacts}): the batch's months, and the months its keys are moved out of.
 */
public final class SilverTables {
    private SilverTables() {
    }

    /** CHECK constraints per feed: name to SQL predicate. Source: the input contracts. */
    static Map<String, String> checks(Feed feed) {
        Map<String, String> c = new LinkedHashMap<>();
        switch (feed) {
            case BROADCASTS -> {
                c.put("end_not_before_start", "ended_at >= started_at");
                c.put("gmv_not_negative", "gmv_cny IS NULL OR gmv_cny >= 0");
                c.put("counts_not_negative", "coalesce(peak_viewers, 0) >= 0 AND coalesce(views, 0) >= 0 AND coalesce(orders, 0) >= 0");
                c.put("monitoring_known", "monitoring IN ('automated', 'patrol', 'none')");
            }
            case VIOLATIONS -> {
                c.put("severity_known", "severity IN ('s1', 's2', 's3', 's4')");
                c.put("status_known", "status IN ('confirmed', 'under_appeal', 'overturned')");
                c.put("disposal_not_before_detection", "disposed_at IS NULL OR disposed_at >= detected_at");
                c.put("penalty_not_negative", "penalty_cny IS NULL OR penalty_cny >= 0");
            }
            case COMPLAINTS -> {
                c.put("satisfaction_1_to_5", "satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5");
                c.put("accepted_not_before_received", "accepted_at IS NULL OR accepted_at >= received_at");
                c.put("closed_not_before_received", "closed_at IS NULL OR closed_at >= received_at");
                c.put("compensation_not_negative", "compensation_cny IS NULL OR compensation_cny >= 0");
            }
            case CONTRACTS -> c.put("valid_to_not_before_from", "valid_to IS NULL OR valid_to >= valid_from");
            default -> {
            }
        }
        return c;
    }

    /**
     * Creates the table at {@code path} if absent (an existing table is left as it is).
     *
     * @param path   table location (absolute URI)
     * @param feed   the feed, for NOT NULL columns, CHECK constraints and partitioning
     * @param schema the silver shape: conformed valid rows without {@code record} and the reason columns
     */
    public static void ensure(SparkSession spark, String path, Feed feed, StructType schema) {
        if (DeltaTable.isDeltaTable(spark, path)) {
            return;
        }
        List<String> required = new ArrayList<>(List.of("content_hash", "batch_id", "source_file", "source_checksum", "ingested_at"));
        for (Field f : feed.fields()) {
            if (f.required()) {
                required.add(Conformer.outputName(f));
            }
        }
        if (feed.isFact()) {
            required.add("month");
        }
        var builder = DeltaTable.createIfNotExists(spark).location(path)
                .property("delta.enableChangeDataFeed", "true")
                .comment("LiveGov silver " + feed.feedName() + ": typed, validated, deduplicated; MERGE on " + feed.keyField());
        for (StructField sf : schema.fields()) {
            builder = builder.addColumn(DeltaTable.columnBuilder(spark, sf.name()).dataType(sf.dataType())
                    .nullable(!required.contains(sf.name())).build());
        }
        if (feed.isFact()) {
            builder = builder.partitionedBy("month");
        }
        builder.execute();
        checks(feed).forEach((name, predicate) ->
                spark.sql("ALTER TABLE delta.`" + path + "` ADD CONSTRAINT " + name + " CHECK (" + predicate + ")"));
    }

    /**
     * MERGEs deduplicated rows into the table, matching the key over the whole table. For registers.
     *
     * @param source one row per key (the batch's winners), silver shape
     * @return Delta operation metrics of the MERGE (numTargetRowsInserted, numTargetRowsUpdated, ...)
     */
    public static Map<String, String> merge(SparkSession spark, String path, Feed feed, Dataset<Row> source) {
        return merge(spark, path, feed, source, "t." + feed.keyField() + " = s." + feed.keyField());
    }

    /** What a month-pruned MERGE did. */
    public record FactMerge(Map<String, String> metrics, Set<String> movedFrom) {
    }

    /**
     * MERGEs deduplicated fact rows into a month-partitioned table, matching the key only in the
     * months the batch can touch, so that the MERGE reads and rewrites those partitions and not
     * the whole history.
     *
     * <p>The months a batch can touch are the months of its rows ({@code months}) plus the months
     * where a key of the batch currently lives when a correction moves it to another month (its
     * event instant changed). The latter are found first by reading only the key and month
     * columns of the other partitions, a semi-join with the batch's keys; they are added to the
     * MERGE's months and returned, so that the gold months of the old place are recomputed too.
     *
     * @param source one row per key (the batch's winners), silver shape with {@code month}
     * @param months Beijing months ({@code yyyy-MM}) of the source rows; not empty
     * @return Delta operation metrics of the MERGE, and the months keys were moved out of
     * @throws IllegalArgumentException when the feed is not a fact feed or months is empty
     */
    public static FactMerge mergeFacts(SparkSession spark, String path, Feed feed, Dataset<Row> source,
                                       Set<String> months) {
        if (!feed.isFact() || months.isEmpty()) {
            throw new IllegalArgumentException("month-pruned MERGE needs a fact feed and its months: " + feed + " " + months);
        }
        String key = feed.keyField();
        Set<String> movedFrom = new TreeSet<>();
        for (Row r : spark.read().format("delta").load(path)
                .where(functions.not(functions.col("month").isin(months.toArray())))
                .select(key, "month")
                .join(source.select(key), scala.jdk.javaapi.CollectionConverters.asScala(List.of(key)).toList(), "left_semi")
                .select("month").distinct().collectAsList()) {
            movedFrom.add(r.getString(0));
        }
        Set<String> all = new TreeSet<>(months);
        all.addAll(movedFrom);
        String in = all.stream().map(m -> "'" + m.replace("'", "''") + "'").collect(Collectors.joining(", "));
        Map<String, String> metrics = merge(spark, path, feed, source,
                "t.month IN (" + in + ") AND t." + key + " = s." + key);
        return new FactMerge(metrics, movedFrom);
    }

    private static Map<String, String> merge(SparkSession spark, String path, Feed feed, Dataset<Row> source,
                                             String condition) {
        String epoch = "TIMESTAMP '1970-01-01 00:00:00'";
        String newer = "coalesce(s.updated_at, " + epoch + ") > coalesce(t.updated_at, " + epoch + ")"
                + " OR (s.updated_at <=> t.updated_at AND s.content_hash <> t.content_hash AND s.batch_id > t.batch_id)";
        DeltaTable.forPath(spark, path).as("t")
                .merge(source.as("s"), condition)
                .whenMatched(newer).updateAll()
                .whenNotMatched().insertAll()
                .execute();
        return lastMetrics(spark, path);
    }

    /** Operation metrics of the table's latest commit. */
    public static Map<String, String> lastMetrics(SparkSession spark, String path) {
        Row h = DeltaTable.forPath(spark, path).history(1).select("version", "operationMetrics").first();
        Map<String, String> m = new LinkedHashMap<>(scala.jdk.javaapi.CollectionConverters.asJava(h.<String, String>getMap(1)));
        m.put("version", String.valueOf(h.getLong(0)));
        return m;
    }
}
