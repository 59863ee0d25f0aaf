package org.livegov.jobs.stage;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Row;

/**
 * The typed result of one table a stage wrote: the table (e.g. {@code platform_monthly}), the
 * Delta version its write committed and the rows written, plus what the stage adds of its own
 * (the offender step's changes per kind). The run manifest is built from these at commit.
 *
 * @param table       product or table name, as in the manifest's {@code gold} section
 * @param version     Delta version after the write (the table's latest when the stage wrote nothing)
 * @param rowsWritten rows the write output (0 when the stage wrote nothing)
 * @param details     further manifest fields, in order (may be empty, never null)
 */
public record TableWrite(String table, long version, long rowsWritten, Map<String, Object> details) {
    public TableWrite {
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));   // in order, for the manifest
    }

    /**
     * The last commit of a Delta table, from its history: {@code numOutputRows} of an overwrite,
     * else {@code numTargetRowsInserted} of a MERGE.
     *
     * @param spark the session
     * @param table the name the result carries
     * @param path  the table's path
     * @return version and rows written of that commit, without details
     */
    public static TableWrite lastCommit(SparkSession spark, String table, String path) {
        Map<String, String> m = lastCommitMetrics(spark, path);
        return new TableWrite(table, Long.parseLong(m.get("version")),
                Long.parseLong(m.getOrDefault("numOutputRows", m.getOrDefault("numTargetRowsInserted", "0"))), Map.of());
    }

    /**
     * Operation metrics of a Delta table's latest commit (e.g. {@code numOutputRows},
     * {@code numTargetRowsInserted}), with its {@code version}, all as text.
     */
    public static Map<String, String> lastCommitMetrics(SparkSession spark, String path) {
        Row h = DeltaTable.forPath(spark, path).history(1).select("version", "operationMetrics").first();
        Map<String, String> m = new LinkedHashMap<>(scala.jdk.javaapi.CollectionConverters.asJava(h.<String, String>getMap(1)));
        m.put("version", String.valueOf(h.getLong(0)));
        return m;
    }

    /** @return the same write with nothing written (a stage that found nothing to change) */
    public TableWrite nothingWritten() {
        return new TableWrite(table, version, 0, details);
    }

    /** @return the same write with one more detail (kept after the earlier ones in the manifest) */
    public TableWrite with(String key, Object value) {
        Map<String, Object> d = new LinkedHashMap<>(details);
        d.put(key, value);
        return new TableWrite(table, version, rowsWritten, d);
    }

    /** @return {@code version}, {@code rows_written}, then the details: the manifest's entry for the table */
    public Map<String, Object> toManifest() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("rows_written", rowsWritten);
        m.putAll(details);
        return m;
    }
}
