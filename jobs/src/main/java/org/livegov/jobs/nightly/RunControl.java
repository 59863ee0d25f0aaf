package org.livegov.jobs.nightly;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.livegov.jobs.Warehouse;

/**
 * The committed-run table {@code _control/runs} and the file registry {@code bronze/_files}.
 *
 * <p>A run appends a {@code started} row, then a {@code committed} row when all its writes are
 * done. A batch with a {@code started} row and no {@code committed} row was interrupted; the next
 * run resumes it under the same batch id (its writes are idempotent per batch). Readers that need
 * a consistent view across tables use the Delta versions of the last committed row.
 */
public final class RunControl {
    static final StructType RUNS_SCHEMA = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("batch_id", DataTypes.StringType, false)
            .add("status", DataTypes.StringType, false)
            .add("command", DataTypes.StringType)
            .add("run_date", DataTypes.DateType)
            .add("recorded_at", DataTypes.TimestampType, false)
            .add("config_hash", DataTypes.StringType)
            .add("manifest_json", DataTypes.StringType);

    static final StructType FILES_SCHEMA = new StructType()
            .add("sha256", DataTypes.StringType, false)
            .add("source_file", DataTypes.StringType, false)
            .add("feed", DataTypes.StringType, false)
            .add("format", DataTypes.StringType)
            .add("encoding", DataTypes.StringType)
            .add("bytes", DataTypes.LongType)
            .add("batch_id", DataTypes.StringType, false)
            // epoch ms; added later (null in older rows), see LandedFile.stamp
            .add("modified_at", DataTypes.LongType);

    private final SparkSession spark;
    private final Warehouse wh;

    public RunControl(SparkSession spark, Warehouse wh) {
        this.spark = spark;
        this.wh = wh;
    }

    /** The batch of the latest run if it never committed. */
    public Optional<String> pendingBatch() {
        if (!DeltaTable.isDeltaTable(spark, wh.runs())) {
            return Optional.empty();
        }
        List<Row> last = spark.read().format("delta").load(wh.runs())
                .orderBy(col("recorded_at").desc()).limit(1).select("batch_id", "status").collectAsList();
        if (last.isEmpty() || last.get(0).getString(1).equals("committed")) {
            return Optional.empty();
        }
        return Optional.of(last.get(0).getString(0));
    }

    /** The latest run date any committed run was for; empty for a warehouse never committed. */
    public Optional<java.time.LocalDate> lastCommittedRunDate() {
        if (!DeltaTable.isDeltaTable(spark, wh.runs())) {
            return Optional.empty();
        }
        Row r = spark.read().format("delta").load(wh.runs()).where(col("status").equalTo("committed"))
                .agg(org.apache.spark.sql.functions.max("run_date")).first();
        return r.isNullAt(0) ? Optional.empty() : Optional.of(r.getDate(0).toLocalDate());
    }

    /** Checksums of files ingested by other batches than {@code currentBatch}. */
    public Set<String> ingestedChecksums(String currentBatch) {
        if (!DeltaTable.isDeltaTable(spark, wh.files())) {
            return Set.of();
        }
        return new HashSet<>(spark.read().format("delta").load(wh.files())
                .where(col("batch_id").notEqual(currentBatch)).select("sha256").as(Encoders.STRING()).collectAsList());
    }

    /**
     * Stamps (relative path, bytes, modification time; {@link org.livegov.jobs.landing.LandedFile#stamp})
     * of the files registered by other batches, so that the scanner skips them without hashing.
     * Empty for a registry written before the {@code modified_at} column existed.
     */
    public Set<String> ingestedStamps(String currentBatch) {
        if (!DeltaTable.isDeltaTable(spark, wh.files())) {
            return Set.of();
        }
        var files = spark.read().format("delta").load(wh.files());
        if (!java.util.Arrays.asList(files.columns()).contains("modified_at")) {
            return Set.of();
        }
        Set<String> stamps = new HashSet<>();
        for (Row r : files.where(col("batch_id").notEqual(currentBatch).and(col("modified_at").isNotNull()))
                .select("source_file", "bytes", "modified_at").collectAsList()) {
            stamps.add(org.livegov.jobs.landing.LandedFile.stamp(r.getString(0), r.getLong(1), r.getLong(2)));
        }
        return stamps;
    }

    /**
     * Appends a run row: {@code started} before the night's first table write (no manifest yet), or
     * {@code committed} with the manifest's JSON once every write is done.
     *
     * @param m the committed run's manifest; null for a started row
     */
    void record(String runId, String batchId, String status, NightlyJob.Params p, String configHash, RunManifest m) {
        Row r = RowFactory.create(runId, batchId, status, p.command(), java.sql.Date.valueOf(p.runDate()),
                Timestamp.from(Instant.now()), configHash, m == null ? null : m.toJson());
        spark.createDataFrame(List.of(r), RUNS_SCHEMA).write().format("delta").mode(SaveMode.Append).save(wh.runs());
    }
}
