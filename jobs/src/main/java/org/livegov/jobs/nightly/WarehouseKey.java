package org.livegov.jobs.nightly;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.UserError;
import org.livegov.jobs.Warehouse;

/**
 * Which pseudonymisation key a warehouse was built with, so that a night run with another key stops
 * before writing anything. Every person key, phone key and USCC hash in bronze, silver and gold is
 * an HMAC under that key: a night with another key would give every person a second key and split
 * cross-platform matching (and the repeat-offender counts) without any error.
 *
 * <p>Recorded as the key's fingerprint ({@link org.livegov.metrics.ids.Pseudonymiser#keyFingerprint()},
 * the first 8 hex characters of SHA-256 of the key; not secret, cannot give the key back) in the
 * text file {@code _control/pseudonym_key}, written by the first run of a warehouse before its first
 * write. A warehouse written before that file existed has its fingerprint in the manifests of its
 * committed runs ({@code _control/runs.manifest_json}, field {@code pseudonym_key_fingerprint}); the
 * latest committed one counts, and the next run with the same key writes the file.
 */
public final class WarehouseKey {
    /** File name under {@code _control/}. */
    public static final String FILE = "pseudonym_key";

    private WarehouseKey() {
    }

    /** Path of the fingerprint file of a warehouse. */
    public static String file(Warehouse wh) {
        return wh.root() + "/_control/" + FILE;
    }

    /**
     * @return the warehouse's recorded key fingerprint: the file, else the latest committed run's
     *     manifest; empty for a warehouse no run has written (or whose runs predate fingerprints)
     * @throws UserError when the file exists but cannot be read
     */
    public static Optional<String> recorded(SparkSession spark, Warehouse wh) {
        Path p = new Path(file(wh));
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(p)) {
                try (var in = fs.open(p)) {
                    String s = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
                    if (!s.isEmpty()) {
                        return Optional.of(s);
                    }
                }
            }
        } catch (IOException e) {
            throw new UserError("cannot read " + p + " (the warehouse's key fingerprint): " + e.getMessage());
        }
        if (!DeltaTable.isDeltaTable(spark, wh.runs())) {
            return Optional.empty();
        }
        List<Row> last = spark.read().format("delta").load(wh.runs())
                .where(col("status").equalTo("committed").and(col("manifest_json").isNotNull()))
                .orderBy(col("recorded_at").desc()).limit(1).select("manifest_json").collectAsList();
        if (last.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode fp = new ObjectMapper().readTree(last.get(0).getString(0)).get("pseudonym_key_fingerprint");
            return fp == null || fp.isNull() || fp.asText().isBlank() ? Optional.empty() : Optional.of(fp.asText());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Read only: stops the run when the warehouse was built with another key.
     *
     * @param fingerprint the fingerprint of the key this run would use
     * @throws UserError naming both fingerprints and what to do
     */
    public static void require(SparkSession spark, Warehouse wh, String fingerprint) {
        recorded(spark, wh).filter(r -> !r.equals(fingerprint)).ifPresent(r -> {
            throw new UserError("the pseudonymisation key's fingerprint is " + fingerprint + " but " + wh.root()
                    + " was built with the key whose fingerprint is " + r + ": a run with another key would give every"
                    + " person a new key and split the matching; set LIVEGOV_PSEUDONYM_KEY (or _FILE) to the warehouse's key"
                    + " (see 'livegov rotate-key' for changing it). Nothing was written");
        });
    }

    /**
     * Writes the fingerprint file when it is absent (first run, or a warehouse that predates it).
     * Call under the run lock, after {@link #require}.
     */
    static void recordIfAbsent(SparkSession spark, Warehouse wh, String fingerprint) {
        Path p = new Path(file(wh));
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(p)) {
                require(spark, wh, fingerprint); // a run with another key may have recorded it since
                return;
            }
            try (OutputStream os = fs.create(p, false)) {
                os.write((fingerprint + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UserError("cannot write " + p + " (the warehouse's key fingerprint): " + e.getMessage());
        }
    }
}
