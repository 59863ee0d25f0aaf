package org.livegov.jobs.silver;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.livegov.jobs.stage.TableWrite;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.contract.Field;
import org.livegov.metrics.conform.Conformer;
import org.livegov.metrics.conform.RegisterHistory;

/**
 * Silver Delta tables: created on first use with NOT NULL on the contract's required fields and
 * the lineage columns, CHECK constraints that restate the contract's rules, and (fact feeds)
 * partitioning by Beijing month; written only by MERGE on the business key, except a first delivery
 * into a table just created, which is appended with the values the MERGE would insert.
 *
 * <p>MERGE rule (same order as {@link org.livegov.metrics.conform.Deduplicator}): a source row
 * replaces the target row with the same key when its {@code updated_at} is later, or equal with
 * different content from a later batch; a key not in the target is inserted; anything else is a
 * no-op, so re-running a batch changes nothing. Fact tables are merged month by month
 * ({@link #mergeFacts}): the batch's months, and the months its keys are moved out of. Registers
 * keep every version with its Beijing validity instead of replacing the row
 * ({@link #mergeRegister}, {@link RegisterHistory}).
 */
public final class SilverTables {
    private SilverTables() {
    }

    /** CHECK constraints of a register's history columns: a version never ends before it starts. */
    static final Map<String, String> HISTORY_CHECKS = Map.of("effective_to_not_before_from",
            RegisterHistory.TO + " IS NULL OR " + RegisterHistory.FROM + " IS NULL OR " + RegisterHistory.TO + " >= " + RegisterHistory.FROM);

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
        if (RegisterHistory.isRegister(feed)) {
            c.putAll(HISTORY_CHECKS);
        }
        return c;
    }

    /**
     * Creates the table at {@code path} if absent. An existing table is left as it is, except a
     * register written before its history existed, which is upgraded in place
     * ({@link #upgradeRegister}). A register gets the history columns
     * {@link RegisterHistory#FROM} and {@link RegisterHistory#TO} ({@code date}, nullable).
     *
     * @param path   table location (absolute URI)
     * @param feed   the feed, for NOT NULL columns, CHECK constraints and partitioning
     * @param schema the silver shape: conformed valid rows without {@code record} and the reason columns
     */
    public static void ensure(SparkSession spark, String path, Feed feed, StructType schema) {
        if (DeltaTable.isDeltaTable(spark, path)) {
            if (RegisterHistory.isRegister(feed)) {
                upgradeRegister(spark, path);
            }
            return;
        }
        if (RegisterHistory.isRegister(feed)) {
            schema = schema.add(RegisterHistory.FROM, DataTypes.DateType, true).add(RegisterHistory.TO, DataTypes.DateType, true);
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
        // CHECK constraints in the creating commit (Delta keeps them as delta.constraints.<name>
        // properties, the same that ALTER TABLE ADD CONSTRAINT writes): one commit for the table,
        // where an ALTER per constraint cost a commit and a validation scan each.
        for (Map.Entry<String, String> c : checks(feed).entrySet()) {
            builder = builder.property("delta.constraints." + c.getKey(), c.getValue());
        }
        builder.execute();
    }

    /**
     * Upgrades a register table written before the history existed: adds
     * {@link RegisterHistory#FROM} and {@link RegisterHistory#TO} (ALTER TABLE ADD COLUMNS), so every
     * existing row reads as a version valid since the earliest known (from null) and current (to
     * null): what the table held was the register as known, with nothing known about earlier
     * versions. Adds the history's CHECK constraint. No data file is rewritten; a table that has
     * the columns is left alone (idempotent).
     *
     * @return true when the table was upgraded now
     */
    public static boolean upgradeRegister(SparkSession spark, String path) {
        List<String> columns = List.of(spark.read().format("delta").load(path).columns());
        if (columns.contains(RegisterHistory.FROM)) {
            return false;
        }
        spark.sql("ALTER TABLE delta.`" + path + "` ADD COLUMNS (" + RegisterHistory.FROM + " DATE COMMENT "
                + "'first Beijing day this version stood; null = since the earliest known', " + RegisterHistory.TO
                + " DATE COMMENT 'first Beijing day it no longer stood (exclusive); null = current')");
        HISTORY_CHECKS.forEach((name, predicate) ->
                spark.sql("ALTER TABLE delta.`" + path + "` ADD CONSTRAINT " + name + " CHECK (" + predicate + ")"));
        return true;
    }

    /**
     * MERGEs a batch into a register, keeping its history (slowly changing dimension, type 2;
     * {@link RegisterHistory}). Per key of the batch:
     * <ul>
     *   <li>not in the register: inserted as the current version, effective from its
     *       {@link RegisterHistory#effectiveDate} (the register's registration date, else the
     *       {@code updated_at} day, else the landing day); when the register is empty (its first
     *       delivery) from the earliest known (null), since nothing earlier is known;</li>
     *   <li>newer than the current version (the same rule as {@link #merge}: later
     *       {@code updated_at}, or equal with different content from a later batch): the current
     *       version is closed ({@code effective_to} = the new version's {@code effective_from}) and
     *       the new one inserted, effective from its {@code updated_at} day (else the landing day),
     *       never before the version it replaces;</li>
     *   <li>otherwise (the same version again, or an older one): nothing, so re-running a file
     *       changes nothing.</li>
     * </ul>
     * One Delta MERGE: the batch's newer rows are staged twice, once matching the current row to
     * close it, once with a null match key to be inserted. Into an empty register (its first delivery)
     * the rows are appended instead, with the same values.
     *
     * @param source     one row per key (the batch's winners), silver shape without the history columns
     * @param landingDay Beijing day of the run
     * @return Delta operation metrics of the MERGE, with {@code numTargetRowsInserted} the keys new
     *     to the register and {@code numTargetRowsUpdated} the keys given a new version (the new
     *     versions' rows are not counted as insertions), so that the nightly's row conservation
     *     reads as before
     */
    public static Map<String, String> mergeRegister(SparkSession spark, String path, Feed feed, Dataset<Row> source,
                                                    LocalDate landingDay) {
        String key = feed.keyField();
        String from = RegisterHistory.FROM;
        String to = RegisterHistory.TO;
        Dataset<Row> target = spark.read().format("delta").load(path);
        if (TableWrite.isEmptySinceCreated(spark, path)) {
            // the register's first delivery: every key is new and nothing earlier is known (effective
            // from null, current): what the MERGE below would insert, written as an append
            Map<String, String> m = appendToEmpty(spark, path, source.withColumn(from, lit(null).cast("date"))
                    .withColumn(to, lit(null).cast("date")).select(cols(target.columns())));
            m.put("numTargetVersionsInserted", m.get("numTargetRowsInserted"));
            return m;
        }
        Dataset<Row> current = target.where(col(to).isNull()).select(col(key).as("_t_key"), col("updated_at").as("_t_updated"),
                col("content_hash").as("_t_hash"), col("batch_id").as("_t_batch"), col(from).as("_t_from"));
        Dataset<Row> s = source.join(current, col(key).equalTo(col("_t_key")), "left");
        Column newKey = col("_t_key").isNull();
        Column date = RegisterHistory.effectiveDate(feed, newKey, landingDay);
        Column effective = when(newKey, date).otherwise(greatest(date, col("_t_from")));  // greatest skips a null _t_from
        Column epoch = lit(java.sql.Timestamp.valueOf("1970-01-01 00:00:00"));
        Column newer = col("_t_key").isNotNull().and(coalesce(col("updated_at"), epoch).gt(coalesce(col("_t_updated"), epoch))
                .or(col("updated_at").eqNullSafe(col("_t_updated")).and(col("content_hash").notEqual(col("_t_hash")))
                        .and(col("batch_id").gt(col("_t_batch")))));
        s = s.withColumn(from, effective).withColumn("_newer", newer).drop("_t_key", "_t_updated", "_t_hash", "_t_batch", "_t_from");
        Dataset<Row> staged = s.withColumn("_merge_key", col(key))
                .unionByName(s.where(col("_newer")).withColumn("_merge_key", lit(null).cast(source.schema().apply(key).dataType())));
        Map<String, Column> insert = new LinkedHashMap<>();
        for (String c : target.columns()) {
            insert.put(c, c.equals(to) ? lit(null).cast("date") : col("s." + c));
        }
        DeltaTable.forPath(spark, path).as("t")
                .merge(staged.as("s"), "t." + key + " = s._merge_key AND t." + to + " IS NULL")
                .whenMatched("s._newer").updateExpr(Map.of(to, "s." + from))
                .whenNotMatched().insert(insert)
                .execute();
        Map<String, String> m = lastMetrics(spark, path);
        long inserted = Long.parseLong(m.getOrDefault("numTargetRowsInserted", "0"));
        long updated = Long.parseLong(m.getOrDefault("numTargetRowsUpdated", "0"));
        m.put("numTargetRowsInserted", String.valueOf(inserted - updated));
        m.put("numTargetVersionsInserted", String.valueOf(inserted));
        return m;
    }

    /**
     * MERGEs deduplicated rows into the table, matching the key over the whole table, replacing a
     * row in place (no history). Registers are written by {@link #mergeRegister}.
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
     * @return Delta operation metrics of the MERGE (of an append, in a MERGE's terms, when the table
     *     is empty), and the months keys were moved out of
     * @throws IllegalArgumentException when the feed is not a fact feed or months is empty
     */
    public static FactMerge mergeFacts(SparkSession spark, String path, Feed feed, Dataset<Row> source,
                                       Set<String> months) {
        if (!feed.isFact() || months.isEmpty()) {
            throw new IllegalArgumentException("month-pruned MERGE needs a fact feed and its months: " + feed + " " + months);
        }
        if (TableWrite.isEmptySinceCreated(spark, path)) {
            // nothing to match, no key to move: every row is an insert, as the MERGE would make it;
            // laid out as the MERGE lays it out (merge.repartitionBeforeWrite: by the partition column)
            Dataset<Row> rows = source.select(cols(spark.read().format("delta").load(path).columns())).repartition(col("month"));
            return new FactMerge(appendToEmpty(spark, path, rows), Set.of());
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

    /**
     * Writes the rows a MERGE into an empty table would insert, as one append (issue 15: a MERGE into
     * an empty table materialises its source and scans for matches that cannot exist, about eight Spark
     * jobs per feed on a first night). The NOT NULL and CHECK constraints hold as for the MERGE.
     *
     * @param rows the rows to insert, in the table's column order
     * @return the append's metrics, with {@code numTargetRowsInserted} (its output rows) and
     *     {@code numTargetRowsUpdated} (0) as a MERGE reports them
     */
    private static Map<String, String> appendToEmpty(SparkSession spark, String path, Dataset<Row> rows) {
        rows.write().format("delta").mode(SaveMode.Append).save(path);
        Map<String, String> m = lastMetrics(spark, path);
        m.put("numTargetRowsInserted", m.getOrDefault("numOutputRows", "0"));
        m.put("numTargetRowsUpdated", "0");
        return m;
    }

    private static Column[] cols(String[] names) {
        return java.util.Arrays.stream(names).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    }

    /** Operation metrics of the table's latest commit, with its {@code version} ({@link TableWrite#lastCommitMetrics}). */
    public static Map<String, String> lastMetrics(SparkSession spark, String path) {
        return TableWrite.lastCommitMetrics(spark, path);
    }
}
