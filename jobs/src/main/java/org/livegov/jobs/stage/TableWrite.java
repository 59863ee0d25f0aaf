package org.livegov.jobs.stage;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

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
     * {@code numTargetRowsInserted}), with its {@code version}, all as text: the {@code commitInfo}
     * action of the newest {@code _delta_log/<version>.json}, read with the file system (what
     * {@code DESCRIBE HISTORY} shows for that version, without the Spark job the history costs; the
     * night holds the warehouse's lock, so the newest commit is the stage's own).
     *
     * @throws IllegalStateException when the table has no commit file or its newest one cannot be read
     */
    public static Map<String, String> lastCommitMetrics(SparkSession spark, String path) {
        LatestCommit c = latestCommit(spark, path);
        Map<String, String> m = new LinkedHashMap<>(c.operationMetrics());
        m.put("version", String.valueOf(c.version()));
        return m;
    }

    /**
     * The newest commit of a Delta table, read from its log file.
     *
     * @param version          the commit's version
     * @param operationMetrics its {@code commitInfo.operationMetrics} (empty when it has none, e.g. CREATE TABLE)
     * @param addsFiles        whether it adds a data file ({@code add} action)
     */
    public record LatestCommit(long version, Map<String, String> operationMetrics, boolean addsFiles) {
    }

    /**
     * Whether a Delta table is as it was created, with no row: its only commit is version 0 and adds no
     * data file (read from the log file, no Spark job). A stage whose MERGE into such a table could only
     * insert writes its rows as an append instead (issue 15: the MERGE would materialise its source and
     * scan for matches that cannot exist). A table written to since, even with nothing, is not "empty"
     * here: the MERGE handles it.
     */
    public static boolean isEmptySinceCreated(SparkSession spark, String path) {
        LatestCommit c = latestCommit(spark, path);
        return c.version() == 0 && !c.addsFiles();
    }

    private static final java.util.regex.Pattern COMMIT_FILE = java.util.regex.Pattern.compile("\\d{20}\\.json");

    /**
     * @param path the table's location
     * @return its newest commit
     * @throws IllegalStateException when the table has no commit file or the newest cannot be read
     */
    public static LatestCommit latestCommit(SparkSession spark, String path) {
        org.apache.hadoop.fs.Path log = new org.apache.hadoop.fs.Path(path, "_delta_log");
        try {
            org.apache.hadoop.fs.FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
            org.apache.hadoop.fs.Path newest = null;
            for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(log, p -> COMMIT_FILE.matcher(p.getName()).matches())) {
                if (newest == null || st.getPath().getName().compareTo(newest.getName()) > 0) {
                    newest = st.getPath();
                }
            }
            if (newest == null) {
                throw new IllegalStateException("no Delta commit file in " + log);
            }
            long version = Long.parseLong(newest.getName().substring(0, 20));
            Map<String, String> metrics = new LinkedHashMap<>();
            boolean adds = false;
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(fs.open(newest),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.isBlank()) {
                        continue;
                    }
                    com.fasterxml.jackson.databind.JsonNode action = json.readTree(line);
                    adds |= action.has("add");
                    action.path("commitInfo").path("operationMetrics").fields()
                            .forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().asText()));
                }
            }
            return new LatestCommit(version, metrics, adds);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the Delta log " + log + ": " + e.getMessage(), e);
        }
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
