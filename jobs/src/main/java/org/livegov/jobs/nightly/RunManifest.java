package org.livegov.jobs.nightly;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.UserError;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.bronze.BronzeStage;
import org.livegov.jobs.silver.FeedCounts;
import org.livegov.jobs.stage.TableWrite;

/**
 * What a run did, written as JSON to {@code _manifests/<run_id>.json} and into the committed run
 * row. Built once, at commit, from the stages' typed results ({@code NightlyJob}); immutable. Holds
 * no personal data (the pseudonymisation key appears only as a fingerprint).
 *
 * @param status         {@code committed} (a run that did not commit has no manifest)
 * @param runDate        Beijing day of the run: the data cut-off is at its end
 * @param configHash     SHA-256 of the configuration the run read
 * @param inputs         landed file (relative path) → feed, format, encoding, SHA-256, bytes, bronze rows
 * @param skippedFiles   files seen before (same SHA-256), not read again
 * @param feeds          feed → row conservation (in = inserted + updated + duplicates + quarantined) and reasons
 * @param months         Beijing months ({@code yyyy-MM}) whose gold was recomputed
 * @param gold           product → its write (Delta version, rows written, the offender step's changes)
 * @param versions       the other tables written ({@code bronze/<feed>}, {@code silver/quarantine}) → Delta version
 * @param releaseDrift   per published release the batch touched, the published cells a rebuild from this run's
 *                       tables would change ({@link org.livegov.jobs.publish.ReleaseDrift.Result#toManifest()});
 *                       empty when none was touched
 * @param stageSeconds   wall seconds per stage, in the order run
 * @param manifestPath   where the JSON was written (null until it is)
 */
public record RunManifest(String runId, String batchId, String status, String command, LocalDate runDate,
                          Instant started, Instant finished, String configHash, String keyFingerprint,
                          Map<String, BronzeStage.InputFile> inputs, List<String> skippedFiles,
                          Map<String, FeedCounts> feeds, List<String> months, Map<String, TableWrite> gold,
                          Map<String, Long> versions, List<Map<String, Object>> releaseDrift,
                          Map<String, Double> stageSeconds, String manifestPath) {
    public RunManifest {
        inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        skippedFiles = List.copyOf(skippedFiles);
        feeds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(feeds));
        months = List.copyOf(months);
        gold = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(gold));
        versions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(versions));
        releaseDrift = List.copyOf(releaseDrift);
        stageSeconds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stageSeconds));
    }

    /** @return the same manifest, written at {@code path} */
    RunManifest writtenAt(String path) {
        return new RunManifest(runId, batchId, status, command, runDate, started, finished, configHash, keyFingerprint,
                inputs, skippedFiles, feeds, months, gold, versions, releaseDrift, stageSeconds, path);
    }

    /** Total rows per outcome over all feeds. */
    public FeedCounts total() {
        long in = 0, ins = 0, upd = 0, dup = 0, q = 0;
        Map<String, Long> reasons = new java.util.TreeMap<>();
        for (FeedCounts c : feeds.values()) {
            in += c.rowsIn();
            ins += c.inserted();
            upd += c.updated();
            dup += c.duplicates();
            q += c.quarantined();
            c.reasons().forEach((k, v) -> reasons.merge(k, v, Long::sum));
        }
        return new FeedCounts(in, ins, upd, dup, q, reasons, -1);
    }

    String toJson() {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("run_id", runId);
        j.put("batch_id", batchId);
        j.put("status", status);
        j.put("command", command);
        j.put("run_date", runDate.toString());
        j.put("started", started.toString());
        j.put("finished", finished == null ? null : finished.toString());
        j.put("config_sha256", configHash);
        j.put("pseudonym_key_fingerprint", keyFingerprint);
        Map<String, Object> in = new LinkedHashMap<>();
        inputs.forEach((k, v) -> in.put(k, v.toManifest()));
        j.put("inputs", in);
        j.put("skipped_files", skippedFiles);
        Map<String, Object> f = new LinkedHashMap<>();
        feeds.forEach((k, c) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("rows_in", c.rowsIn());
            one.put("inserted", c.inserted());
            one.put("updated", c.updated());
            one.put("duplicates", c.duplicates());
            one.put("quarantined", c.quarantined());
            one.put("conserved", c.conserved());
            one.put("quarantine_reasons", c.reasons());
            one.put("silver_version", c.silverVersion());
            f.put(k, one);
        });
        j.put("feeds", f);
        j.put("months_recomputed", months);
        Map<String, Object> g = new LinkedHashMap<>();
        gold.forEach((k, v) -> g.put(k, v.toManifest()));
        j.put("gold", g);
        j.put("other_versions", versions);
        j.put("release_drift", releaseDrift);
        j.put("stage_seconds", stageSeconds);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(j);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code _manifests/<run_id>.json}; @return its path */
    static String write(SparkSession spark, Warehouse wh, RunManifest m) {
        Path p = new Path(wh.manifests() + "/" + m.runId + ".json");
        try (OutputStream os = p.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(p, true)) {
            os.write(m.toJson().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UserError("cannot write the run manifest " + p + ": " + e.getMessage());
        }
        return p.toString();
    }
}
