package org.livegov.jobs.notebook;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.UserError;
import org.livegov.jobs.Warehouse;

/**
 * The Delta version at which a notebook reads each table under {@code gold/} and {@code silver/},
 * so that it never sees half of a multi-table update (docs/reliability.md, "Readers never see
 * half of a multi-table update").
 *
 * <p>Source: the {@code committed} rows of {@code _control/runs} ({@code RunControl}); their
 * {@code manifest_json} records the versions a run wrote ({@code feeds.<feed>.silver_version},
 * {@code gold.<product>.version}, {@code other_versions}). A table is read at:
 * <ol>
 *   <li>the version recorded by the newest committed run that wrote it: usually the last committed
 *       run; a table that run did not touch (a quiet night writes no monthly product) keeps the
 *       version of the committed run that last wrote it;</li>
 *   <li>for {@code gold/benchmark_indicators}, {@code benchmark_scores} and
 *       {@code benchmark_sensitivity}, which {@code livegov publish} writes outside the nightly's
 *       runs and records nowhere: its latest version when the notebook starts (one version for the
 *       whole notebook);</li>
 *   <li>any other table no committed run recorded (a silver table created empty for a feed that never
 *       landed): its newest version committed no later than the last committed run; a table with no
 *       such version (written only by a run that never committed) is not readable.</li>
 * </ol>
 * Bronze and {@code _control} are not offered: notebooks read gold, and silver for diagnosis.
 */
public final class PinnedTables {
    /** Tables written by {@code livegov publish} (PublishJob), not by a nightly run. */
    static final Set<String> PUBLISHED = Set.of("gold/benchmark_indicators", "gold/benchmark_scores", "gold/benchmark_sensitivity");
    static final List<String> LAYERS = List.of("gold", "silver");

    /**
     * One readable table.
     *
     * @param layer   {@code gold} or {@code silver}
     * @param table   its name, e.g. {@code platform_monthly}
     * @param path    its full path under the warehouse
     * @param version the Delta version read
     * @param source  why this version, e.g. {@code run run-2026…} or {@code latest when the notebook started (written by livegov publish)}
     */
    public record Pin(String layer, String table, String path, long version, String source) {
        /** {@code gold.platform_monthly}: the name a notebook uses. */
        public String qualified() {
            return layer + "." + table;
        }
    }

    /** The last committed run: id, batch, Beijing run day, when its committed row was recorded (UTC). */
    public record Run(String runId, String batchId, String runDate, Timestamp committedAt) {
    }

    private final Run last;
    private final Map<String, Pin> pins;          // "gold.platform_monthly" → pin
    private final Map<String, String> unreadable; // "gold.x" → why
    private final Set<String> read = new ConcurrentSkipListSet<>();

    private PinnedTables(Run last, Map<String, Pin> pins, Map<String, String> unreadable) {
        this.last = last;
        this.pins = pins;
        this.unreadable = unreadable;
    }

    /**
     * @throws UserError when the warehouse has no committed run
     */
    public static PinnedTables resolve(SparkSession spark, Warehouse wh) {
        if (!DeltaTable.isDeltaTable(spark, wh.runs())) {
            throw new UserError(wh.runs() + " is not a Delta table: no nightly run has committed under " + wh.root()
                    + "; run livegov nightly (or livegov demo) first");
        }
        List<Row> committed = spark.read().format("delta").load(wh.runs()).where(col("status").equalTo("committed"))
                .orderBy(col("recorded_at").desc())
                .select("run_id", "batch_id", "run_date", "recorded_at", "manifest_json").collectAsList();
        if (committed.isEmpty()) {
            throw new UserError("no committed run in " + wh.runs() + "; run livegov nightly (or livegov demo) first");
        }
        Row lastRow = committed.get(0);
        Run last = new Run(lastRow.getString(0), lastRow.getString(1), String.valueOf(lastRow.get(2)), lastRow.getTimestamp(3));
        Map<String, Long> recorded = new TreeMap<>();  // "gold/x" → version
        Map<String, String> recordedBy = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        for (Row r : committed) {
            if (r.isNullAt(4)) continue;
            JsonNode m;
            try {
                m = json.readTree(r.getString(4));
            } catch (IOException e) {
                throw new UserError("the manifest of committed run " + r.getString(0) + " in " + wh.runs()
                        + " is not valid JSON: " + e.getMessage());
            }
            Map<String, Long> v = new TreeMap<>();
            m.path("feeds").fields().forEachRemaining(e -> v.put("silver/" + e.getKey(), e.getValue().path("silver_version").asLong(-1)));
            m.path("gold").fields().forEachRemaining(e -> v.put("gold/" + e.getKey(), e.getValue().path("version").asLong(-1)));
            m.path("other_versions").fields().forEachRemaining(e -> v.put(e.getKey(), e.getValue().asLong(-1)));
            for (Map.Entry<String, Long> e : v.entrySet()) {
                if (e.getValue() >= 0 && !recorded.containsKey(e.getKey())) { // newest committed run first
                    recorded.put(e.getKey(), e.getValue());
                    recordedBy.put(e.getKey(), r.getString(0));
                }
            }
        }
        Map<String, Pin> pins = new TreeMap<>();
        Map<String, String> unreadable = new TreeMap<>();
        for (String layer : LAYERS) {
            for (String table : tables(spark, wh.root() + "/" + layer)) {
                String rel = layer + "/" + table, path = wh.root() + "/" + rel, name = layer + "." + table;
                if (recorded.containsKey(rel)) {
                    pins.put(name, new Pin(layer, table, path, recorded.get(rel), "run " + recordedBy.get(rel)));
                } else if (PUBLISHED.contains(rel)) {
                    long v = DeltaTable.forPath(spark, path).history(1).select("version").first().getLong(0);
                    pins.put(name, new Pin(layer, table, path, v, "latest when the notebook started (written by livegov publish, not by a run)"));
                } else {
                    Row v = DeltaTable.forPath(spark, path).history().where(col("timestamp").leq(last.committedAt()))
                            .agg(max("version")).first();
                    if (v.isNullAt(0)) {
                        unreadable.put(name, "no committed run wrote it");
                    } else {
                        pins.put(name, new Pin(layer, table, path, v.getLong(0), "as of run " + last.runId() + " (no run recorded it)"));
                    }
                }
            }
        }
        return new PinnedTables(last, pins, unreadable);
    }

    /** Sub-folders of {@code dir} that hold a Delta log, sorted. */
    private static List<String> tables(SparkSession spark, String dir) {
        List<String> out = new ArrayList<>();
        try {
            Path p = new Path(dir);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p)) return out;
            for (FileStatus s : fs.listStatus(p)) {
                if (s.isDirectory() && !s.getPath().getName().startsWith("_") && !s.getPath().getName().startsWith(".")
                        && fs.exists(new Path(s.getPath(), "_delta_log"))) {
                    out.add(s.getPath().getName());
                }
            }
        } catch (IOException e) {
            throw new UserError("cannot list " + dir + ": " + e.getMessage());
        }
        out.sort(null);
        return out;
    }

    /** The last committed run. */
    public Run lastRun() {
        return last;
    }

    /** The table a notebook calls {@code layer.table}, if it is readable. */
    public Optional<Pin> get(String layer, String table) {
        return Optional.ofNullable(pins.get(layer + "." + table.toLowerCase(java.util.Locale.ROOT)));
    }

    /** Readable tables of a layer, sorted. */
    public List<String> names(String layer) {
        return pins.values().stream().filter(p -> p.layer().equals(layer)).map(Pin::table).toList();
    }

    /** Why an existing table of that name cannot be read, or null. */
    public String unreadable(String qualified) {
        return unreadable.get(qualified.toLowerCase(java.util.Locale.ROOT));
    }

    void markRead(Pin p) {
        read.add(p.qualified());
    }

    /** The tables notebooks resolved through these pins so far, sorted by name. */
    public List<Pin> read() {
        return read.stream().map(pins::get).toList();
    }

    /** Every readable table, sorted by name. */
    public List<Pin> all() {
        return List.copyOf(pins.values());
    }
}
