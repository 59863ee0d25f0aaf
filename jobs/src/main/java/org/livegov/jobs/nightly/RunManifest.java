package org.livegov.jobs.nightly;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.UserError;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.silver.FeedCounts;

/**
 * What a run did, written as JSON to {@code _manifests/<run_id>.json} and into the committed run
 * row: inputs with checksums and rows, skipped files, per feed the row conservation and reasons,
 * Delta versions written, gold rows, the published figures the batch would change
 * ({@code release_drift}), seconds per stage. Holds no personal data (pseudonymisation
 * key appears only as a fingerprint).
 */
public final class RunManifest {
    public final String runId;
    public final String command;
    public final LocalDate runDate;
    public final Instant started;
    public final String configHash;
    public final String keyFingerprint;
    public String batchId;
    public String status = "started";
    public Instant finished;
    public Map<String, Object> inputs = new LinkedHashMap<>();
    public List<String> skippedFiles = new ArrayList<>();
    public Map<String, FeedCounts> feeds = new LinkedHashMap<>();
    public Map<String, Map<String, Object>> gold = new LinkedHashMap<>();
    public Map<String, Long> versions = new LinkedHashMap<>();
    public List<String> months = new ArrayList<>();
    public Map<String, Double> stageSeconds = new LinkedHashMap<>();
    /**
     * Per published release the batch touched, the published cells a rebuild from this run's
     * tables would change ({@link org.livegov.jobs.publish.ReleaseDrift.Result#toManifest()});
     * empty when no release was touched.
     */
    public List<Map<String, Object>> releaseDrift = new ArrayList<>();
    public String manifestPath;

    RunManifest(String runId, String command, LocalDate runDate, Instant started, String configHash, String keyFingerprint) {
        this.runId = runId;
        this.command = command;
        this.runDate = runDate;
        this.started = started;
        this.configHash = configHash;
        this.keyFingerprint = keyFingerprint;
    }

    /** Records a gold table's write in the manifest's {@code gold} section. */
    void gold(org.livegov.jobs.stage.TableWrite w) {
        gold.put(w.table(), w.toManifest());
    }

    void stage(String name, long startNanos) {
        stageSeconds.put(name, Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0);
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
        j.put("inputs", inputs);
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
        j.put("gold", gold);
        j.put("other_versions", versions);
        j.put("release_drift", releaseDrift);
        j.put("stage_seconds", stageSeconds);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(j);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

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
