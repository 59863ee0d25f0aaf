package org.livegov.jobs.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.livegov.jobs.UserError;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.adapters.Adapters;
import org.livegov.jobs.config.ConfigLoader;
import org.livegov.jobs.config.LiveGovConfig;
import org.livegov.metrics.conform.RegisterHistory;
import org.livegov.metrics.bench.Benchmark;
import org.livegov.metrics.bench.IndicatorValues;
import org.livegov.metrics.bench.Quarter;
import org.livegov.metrics.bench.QuarterlyIndicators;
import org.livegov.metrics.bench.Weighting;
import org.livegov.metrics.conform.Conformer;
import org.livegov.metrics.contract.Feed;

/**
 * {@code livegov publish}: the quarterly benchmark release (issue 3). Config → read (silver and
 * the offender list, each pinned to a Delta version) → pure transform ({@link QuarterlyIndicators},
 * {@link Benchmark}) → validate → write.
 *
 * <p>A release is a folder, by default {@code <warehouse>/releases/<quarter>} (or {@code --out}):
 * the files of {@link ReleaseFiles}, {@code benchmark_<quarter>.xlsx}, a copy of the
 * configuration it was computed with ({@code config/}), and {@code manifest.json} (written last:
 * a release without it is incomplete) with the config hash, the code version, the Delta version
 * of every table read and the SHA-256 of every file. It also replaces the quarter in
 * {@code gold/benchmark_indicators}, {@code gold/benchmark_scores} and
 * {@code gold/benchmark_sensitivity} (Delta, partitioned by quarter, {@code replaceWhere}).
 *
 * <p>Frozen: publishing a quarter whose release exists is refused ({@link UserError}); with
 * {@code --revise} a new revision goes to {@code <quarter>-r2}, {@code -r3}, … beside the old one,
 * which is never changed. {@code --verify} rebuilds a release from its manifest's pinned versions
 * and its copied configuration and compares every CSV and JSON cell by cell ({@link ReleaseComparison});
 * the first changed figure is reported by file, row and column. A release written before numbers
 * were rounded to their published precision (issue 17) verifies when every figure agrees at the
 * rebuilt file's precision, and the cells that differ in formatting only are listed by file and column. The XLSX is not compared (zip entry times) but is built from the same rows.
 * After each nightly, {@link ReleaseDrift} recomputes the releases the batch touched through the
 * same {@link #compute} and lists, in the run manifest, the published cells that would change.
 *
 * <p>Publish reads only pseudonymised silver and keyed-hash subject keys, so it needs no
 * pseudonymisation key. Quarter-end rules: complaint timeliness is judged as of the quarter's
 * last Beijing day (a later acceptance or closure is not seen), and the offender list is read as
 * it was in the quarter from the listing dates, whatever the listings' states now (issue 13), so
 * that a republished quarter gives the same P16 and M07 after listings expire or are removed.
 */
public final class PublishJob {
    /** Gold table of {@link Benchmark#INDICATORS_SCHEMA} rows, partitioned by quarter. */
    public static final String BENCHMARK_INDICATORS = "benchmark_indicators";
    /** Gold table of {@link Benchmark#SCORES_SCHEMA} rows, partitioned by quarter. */
    public static final String BENCHMARK_SCORES = "benchmark_scores";
    /** Gold table of {@link Benchmark#SENSITIVITY_SCHEMA} rows, partitioned by quarter. */
    public static final String BENCHMARK_SENSITIVITY = "benchmark_sensitivity";
    static final ObjectMapper JSON = new ObjectMapper();
    /** Every file {@link org.livegov.jobs.config.ConfigLoader} reads: verify reloads the release's own copy. */
    private static final List<String> CONFIG_FILES = List.of("taxonomy.yaml", "livegov.yaml", "indicators.yaml",
            "offenders.yaml", "trend.yaml", "gbt2260-provinces.yaml", "calendar/cn-holidays.yaml");

    private final SparkSession spark;
    private final Warehouse wh;
    private final PrintStream out;

    public PublishJob(SparkSession spark, Warehouse wh, PrintStream out) {
        this.spark = spark;
        this.wh = wh;
        this.out = out;
    }

    /** Where the release of a quarter goes, and which revision it is. */
    public record Target(String dir, int revision) {
    }

    /**
     * The rows of one computation (sorted) and the files rendered from them; {@code notAvailable}
     * in {@link QuarterlyIndicators#NOT_AVAILABLE_SCHEMA}: cells whose input a platform does not report.
     */
    record Computed(List<Row> indicators, List<Row> scores, List<Row> sensitivity, List<Row> notAvailable,
                    Map<String, byte[]> files, byte[] xlsx) {
    }

    /**
     * Publishes a quarter.
     *
     * @param confDir configuration folder (copied into the release)
     * @param quarter the Beijing quarter
     * @param outDir  release folder, or null for {@code <warehouse>/releases/<quarter>}
     * @param revise  make a new revision when the release exists
     * @return the release written
     * @throws UserError on bad configuration, a missing table, an existing release without {@code revise}, or
     *                   another run holding the warehouse's run lock (nothing written)
     */
    public Target publish(Path confDir, Quarter quarter, String outDir, boolean revise) {
        LiveGovConfig conf = ConfigLoader.load(confDir);
        // writes the releases folder and gold/benchmark_*: the one run lock every writer of the warehouse takes
        try (org.livegov.jobs.RunLock lock = org.livegov.jobs.RunLock.acquire(wh.root(), spark.sparkContext().hadoopConfiguration(),
                "publish-" + quarter + "-" + Instant.now())) {
            return publishLocked(confDir, conf, quarter, outDir, revise);
        }
    }

    private Target publishLocked(Path confDir, LiveGovConfig conf, Quarter quarter, String outDir, boolean revise) {
        Target target = target(quarter, outDir, revise);
        org.livegov.jobs.config.CalendarConfig.requireYears(conf, java.util.Set.of(quarter.year()),
                "the working-day indicators of " + quarter);
        long t0 = System.nanoTime();
        Snapshot snap = Snapshot.current(spark, wh);
        Computed c = compute(conf, snap, quarter, true);
        Map<String, String> sums = new TreeMap<>();
        c.files().forEach((name, bytes) -> {
            write(target.dir() + "/" + name, bytes);
            sums.put(name, sha256(bytes));
        });
        String xlsxName = "benchmark_" + quarter + ".xlsx";
        write(target.dir() + "/" + xlsxName, c.xlsx());
        sums.put(xlsxName, sha256(c.xlsx()));
        for (String f : CONFIG_FILES) {
            try {
                byte[] b = Files.readAllBytes(confDir.resolve(f));
                write(target.dir() + "/config/" + f, b);
                sums.put("config/" + f, sha256(b));
            } catch (IOException e) {
                throw new UserError("cannot read " + confDir.resolve(f) + ": " + e.getMessage());
            }
        }
        writeGold(quarter, c);
        keepLogs(snap.versions().keySet());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quarter", quarter.toString());
        m.put("revision", target.revision());
        m.put("published_at", Instant.now().toString());
        m.put("config_hash", conf.configHash());
        m.put("catalogue_version", conf.catalogue().version());
        m.put("seed", conf.catalogue().seed());
        m.put("draws", conf.catalogue().draws());
        m.put("min_weight_share", conf.catalogue().minWeightShare());
        m.put("code_version", org.livegov.jobs.CodeVersion.of());
        m.put("warehouse", wh.root());
        m.put("tables", snap.versions());
        Map<String, Integer> rows = new LinkedHashMap<>();
        rows.put("indicators", c.indicators().size());
        rows.put("scores", c.scores().size());
        rows.put("sensitivity", c.sensitivity().size());
        rows.put("not_available", c.notAvailable().size());
        m.put("rows", rows);
        m.put("files", sums);
        write(target.dir() + "/manifest.json", ReleaseFiles.json(m));
        out.printf("published %s revision %d to %s in %.1f s: %d indicator cells, %d not available (input not reported), "
                        + "%d scores, %d files%n", quarter, target.revision(), target.dir(), (System.nanoTime() - t0) / 1e9,
                c.indicators().size(), c.notAvailable().size(), c.scores().size(), sums.size() + 1);
        printLeague(c.scores());
        return target;
    }

    /**
     * Delta log retention of every table a release pins. Time travel to a pinned version needs its
     * log entries, which Delta removes after {@code delta.logRetentionDuration} (default 30 days)
     * when a later write checkpoints; VACUUM is handled by {@code livegov maintain}. Configuration
     * of ours: ten years, as long as the association may be asked to verify a published figure.
     */
    public static final String PINNED_LOG_RETENTION = "interval 3650 days";

    /** Sets {@link #PINNED_LOG_RETENTION} on the pinned tables that lack it (one metadata commit each, once). */
    private void keepLogs(java.util.Set<String> tables) {
        for (String t : tables) {
            String path = wh.root() + "/" + t;
            Object now = io.delta.tables.DeltaTable.forPath(spark, path).detail().select("properties").first()
                    .getJavaMap(0).get("delta.logRetentionDuration");
            if (!PINNED_LOG_RETENTION.equals(now)) {
                spark.sql("ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES ('delta.logRetentionDuration' = '"
                        + PINNED_LOG_RETENTION + "')");
            }
        }
    }

    /**
     * Rebuilds a release from its manifest and compares it.
     *
     * @param quarter  the quarter
     * @param outDir   release folder, or null for the default one
     * @param revision 1 for the first release, n for {@code <quarter>-rn}
     * @throws UserError when the release is missing or incomplete, a file was changed after
     *                   publishing, or a rebuilt figure differs (naming the first differing cell)
     */
    public void verify(Quarter quarter, String outDir, int revision) {
        verify(quarter, outDir, revision, null);
    }

    /**
     * {@link #verify(Quarter, String, int)}, listing every differing cell in a CSV besides naming the
     * first: {@code file,table,role,entity_id,indicator_id,weighting,column,published,now,change}
     * (change: value, format or column; an absent cell is {@code (none)}), in file, row and column order.
     * Before the figure-level verdict, every changed figure is also counted by file and column on
     * standard output.
     *
     * @param differences local file for the list (replaced; its folder must exist), or null for none;
     *                    written whether or not figures differ, with the header only when none do
     * @throws UserError as {@link #verify(Quarter, String, int)}, or when the list cannot be written
     */
    public void verify(Quarter quarter, String outDir, int revision, java.nio.file.Path differences) {
        String dir = outDir != null ? outDir : releaseDir(quarter, revision);
        JsonNode manifest = manifest(dir);
        if (!quarter.toString().equals(manifest.path("quarter").asText())) {
            throw new UserError(dir + "/manifest.json is for quarter " + manifest.path("quarter").asText() + ", not " + quarter);
        }
        long t0 = System.nanoTime();
        LiveGovConfig c = releaseConfig(dir, manifest, "verify");
        Map<String, Long> versions = new LinkedHashMap<>();
        manifest.path("tables").fields().forEachRemaining(e -> versions.put(e.getKey(), e.getValue().asLong()));
        // every file as published: unchanged since
        Map<String, String> sums = new TreeMap<>();
        manifest.path("files").fields().forEachRemaining(e -> sums.put(e.getKey(), e.getValue().asText()));
        for (Map.Entry<String, String> e : sums.entrySet()) {
            String actual = sha256(read(dir + "/" + e.getKey()));
            if (!actual.equals(e.getValue())) {
                throw new UserError("verify: " + dir + "/" + e.getKey() + " changed after publishing (SHA-256 " + actual
                        + ", manifest " + e.getValue() + ")");
            }
        }
        Computed rebuilt = compute(c, Snapshot.pinned(spark, wh, versions), quarter, false);
        for (String name : rebuilt.files().keySet()) {
            if (!sums.containsKey(name)) throw new UserError("verify: the rebuild has a file the release lacks: " + name);
        }
        for (String name : sums.keySet()) {
            if (!name.startsWith("config/") && !name.endsWith(".xlsx") && !rebuilt.files().containsKey(name)) {
                throw new UserError("verify: the release has a file the rebuild lacks: " + name);
            }
        }
        Differences d = new Differences();
        try (DifferenceList list = new DifferenceList(differences)) {
            java.util.function.Consumer<ReleaseComparison.Cell> sink = d.andThen(list);
            for (Map.Entry<String, byte[]> e : rebuilt.files().entrySet()) {   // one released file in memory at a time
                ReleaseComparison.compare(Map.of(e.getKey(), read(dir + "/" + e.getKey())), Map.of(e.getKey(), e.getValue()), sink);
            }
        }
        if (d.firstValue != null) {
            ReleaseComparison.Cell x = d.firstValue;
            out.println("differing figures by file and column:");
            d.valuesByColumn.forEach((fileColumn, n) -> out.println("  " + fileColumn + ": " + n + " cells"));
            throw new UserError("verify: differs: " + x.file() + " " + key(x) + " column " + x.column() + ": released "
                    + quote(x.published()) + ", rebuilt " + quote(x.now()) + " (" + d.values + " cells differ in value"
                    + (d.formatting() > 0 ? ", " + d.formatting() + " more in formatting only" : "") + ")"
                    + (differences != null ? "; every cell listed in " + differences : "; --differences FILE lists every cell"));
        }
        String what = String.format("%s revision %d rebuilt from %d pinned Delta versions; %d files, %d indicator cells, "
                        + "%d not available, %d scores compared in %.1f s", quarter, revision, versions.size(), rebuilt.files().size(),
                rebuilt.indicators().size(), rebuilt.notAvailable().size(), rebuilt.scores().size(), (System.nanoTime() - t0) / 1e9);
        if (d.formatting() == 0) {
            out.println("identical: " + what);
            return;
        }
        out.println("identical at the published precision: " + what + "; " + d.formatting() + " cells differ in formatting only "
                + "(the release was written before numbers were rounded to their published precision, docs/benchmarks.md "
                + "\"Release files\"; no figure differs once the released number is rounded half up to the rebuilt one's decimals):");
        d.byColumn.forEach((fileColumn, n) -> {
            ReleaseComparison.Cell e = d.example.get(fileColumn);
            out.println("  " + fileColumn + ": " + n + " cells" + (ReleaseComparison.COLUMN.equals(e.change())
                    ? ", a column the release does not have, e.g. " + key(e) + " " + quote(e.now())
                    : " in formatting only, e.g. " + key(e) + " " + quote(e.published()) + " -> " + quote(e.now())));
        });
    }

    /** Sink of {@link ReleaseComparison#compare}: the first changed figure, and the formatting-only cells by file and column. */
    private static final class Differences implements java.util.function.Consumer<ReleaseComparison.Cell> {
        ReleaseComparison.Cell firstValue;
        long values;
        final Map<String, Long> valuesByColumn = new TreeMap<>();
        final Map<String, Long> byColumn = new TreeMap<>();
        final Map<String, ReleaseComparison.Cell> example = new TreeMap<>();

        @Override
        public void accept(ReleaseComparison.Cell c) {
            if (c.isValueChange()) {
                if (firstValue == null) firstValue = c;
                values++;
                valuesByColumn.merge(c.file() + " " + c.column(), 1L, Long::sum);
            } else {
                String k = c.file() + " " + c.column();
                byColumn.merge(k, 1L, Long::sum);
                example.putIfAbsent(k, c);
            }
        }

        long formatting() {
            return byColumn.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Sink writing every differing cell as a CSV line to a local file (nothing when the file is null). */
    private static final class DifferenceList implements java.util.function.Consumer<ReleaseComparison.Cell>, AutoCloseable {
        private static final List<String> COLUMNS = List.of("file", "table", "role", "entity_id", "indicator_id", "weighting",
                "column", "published", "now", "change");
        private final java.nio.file.Path file;
        private final java.io.Writer w;

        DifferenceList(java.nio.file.Path file) {
            this.file = file;
            try {
                w = file == null ? null : java.nio.file.Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                if (w != null) w.write(String.join(",", COLUMNS) + "\n");
            } catch (IOException e) {
                throw new UserError("verify: cannot write the list of differences to " + file + ": " + e.getMessage());
            }
        }

        @Override
        public void accept(ReleaseComparison.Cell c) {
            if (w == null) return;
            Map<String, Object> m = c.toMap();
            List<String> cells = new ArrayList<>();
            for (String k : COLUMNS) {
                Object v = m.get(k);
                String s = v == null ? (k.equals("published") || k.equals("now") ? "(none)" : "") : v.toString();
                cells.add(s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s);
            }
            try {
                w.write(String.join(",", cells) + "\n");
            } catch (IOException e) {
                throw new UserError("verify: cannot write the list of differences to " + file + ": " + e.getMessage());
            }
        }

        @Override
        public void close() {
            if (w == null) return;
            try {
                w.close();
            } catch (IOException e) {
                throw new UserError("verify: cannot write the list of differences to " + file + ": " + e.getMessage());
            }
        }
    }

    /** The row of a cell: its role, entity, indicator or weighting, e.g. {@code platform DY P06_broadcasts_monitored}. */
    private static String key(ReleaseComparison.Cell c) {
        List<String> k = new ArrayList<>();
        for (String s : new String[] {c.role(), c.entityId(), c.indicatorId(), c.weighting()}) if (s != null) k.add(s);
        return String.join(" ", k);
    }

    private static String quote(String s) {
        return s == null ? "(no such cell)" : "'" + s + "'";
    }

    /**
     * The manifest of the release in {@code dir}.
     *
     * @throws UserError when it is missing (an incomplete release) or not valid JSON
     */
    JsonNode manifest(String dir) {
        try {
            return JSON.readTree(read(dir + "/manifest.json"));
        } catch (IOException e) {
            throw new UserError(dir + "/manifest.json: not valid JSON: " + e.getMessage());
        }
    }

    /**
     * The configuration a release was computed with: its copy in {@code <dir>/config}, loaded from
     * a temporary folder (removed afterwards) and checked against the manifest's config hash.
     *
     * @param who prefix of the messages, e.g. {@code verify}
     * @throws UserError when a copied file is missing or invalid, or its hash differs from the manifest's
     */
    LiveGovConfig releaseConfig(String dir, JsonNode manifest, String who) {
        Path conf = null;
        try {
            conf = Files.createTempDirectory("livegov-release-conf");
            for (String f : CONFIG_FILES) {
                Path p = conf.resolve(f);
                Files.createDirectories(p.getParent());
                Files.write(p, read(dir + "/config/" + f));
            }
            LiveGovConfig c = ConfigLoader.loadForRelease(conf);
            if (!c.configHash().equals(manifest.path("config_hash").asText())) {
                throw new UserError(who + ": the configuration copied in " + dir + "/config has hash " + c.configHash()
                        + ", the manifest says " + manifest.path("config_hash").asText());
            }
            return c;
        } catch (IOException e) {
            throw new UserError("cannot copy the release's configuration: " + e.getMessage());
        } finally {
            deleteQuietly(conf);
        }
    }

    /**
     * The figures of a release as published: every file its manifest lists except the copied
     * configuration and the XLSX (the files {@link #verify} compares), read as they are now.
     *
     * @return file name (relative to the release) → bytes
     * @throws UserError when a listed file is missing
     */
    Map<String, byte[]> releasedFigures(String dir, JsonNode manifest) {
        Map<String, byte[]> files = new TreeMap<>();
        manifest.path("files").fieldNames().forEachRemaining(name -> {
            if (!name.startsWith("config/") && !name.endsWith(".xlsx")) files.put(name, read(dir + "/" + name));
        });
        return files;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }

    /**
     * Computes the benchmark of a quarter from the tables of a snapshot and renders the release's
     * files (the one compute path of publish, verify and the nightly's release-drift check).
     *
     * @param withXlsx also render the workbook (publish); verify and the drift check compare CSV and JSON only
     * @throws UserError when the benchmark rejects its input
     */
    Computed compute(LiveGovConfig conf, Snapshot snap, Quarter quarter, boolean withXlsx) {
        var cat = conf.catalogue();
        QuarterlyIndicators.Inputs in = new QuarterlyIndicators.Inputs(evidence(snap, Feed.BROADCASTS),
                evidence(snap, Feed.VIOLATIONS), evidence(snap, Feed.COMPLAINTS), evidence(snap, Feed.ANCHORS),
                evidence(snap, Feed.MERCHANTS), evidence(snap, Feed.CONTRACTS), snap.listed(), conf.calendar().asDataset(spark));
        QuarterlyIndicators.Result q = QuarterlyIndicators.computeWithGaps(quarter, in, cat.rules(), cat.indicators());
        // materialise once: Benchmark reads the values per role; the rows are small (entities × indicators)
        Dataset<Row> values = spark.createDataFrame(q.values().collectAsList(), IndicatorValues.SCHEMA);
        List<Row> na = q.notAvailable().collectAsList();
        Map<String, Double> coverage = ReleaseFiles.coverageOf(q.coverage().collectAsList());
        List<Weighting> alternatives = cat.weightings().stream().map(w -> new Weighting(w.name(), w.weights())).toList();
        Benchmark.Rows r;
        try {
            r = Benchmark.computeRows(values, cat.indicators(), alternatives, cat.seed(), cat.draws(),
                    Benchmark.DEFAULT_MAX_MONTE_CARLO_ENTITIES, cat.minWeightShare());
        } catch (IllegalArgumentException e) {
            throw new UserError("benchmark: " + e.getMessage());
        }
        List<Row> ind = sort(r.indicators(), Benchmark.INDICATORS_SCHEMA, "role", "entity_id", "indicator_id");
        List<Row> sc = sort(r.scores(), Benchmark.SCORES_SCHEMA, "role", "entity_id");
        List<Row> se = sort(r.sensitivity(), Benchmark.SENSITIVITY_SCHEMA, "role", "weighting", "entity_id");
        Map<String, String> platformOf = new java.util.HashMap<>();
        // each merchant's and anchor's platform as the register stood on the quarter's last day, as the figures
        RegisterHistory.asOf(snap.silver(Feed.MERCHANTS), quarter.lastDay()).select("merchant_id", "platform_id").collectAsList()
                .forEach(x -> platformOf.put(x.getString(0), x.getString(1)));
        RegisterHistory.asOf(snap.silver(Feed.ANCHORS), quarter.lastDay()).select("anchor_id", "platform_id").collectAsList()
                .forEach(x -> platformOf.put(x.getString(0), x.getString(1)));
        // public roles as maps (JSON, XLSX); merchants and anchors, millions of cells nationally, as arrays
        List<Map<String, Object>> mi = ReleaseFiles.publicCells(ind, na, coverage, cat),
                ms = maps(publicRoles(sc)), mse = maps(publicRoles(se));
        Map<String, byte[]> files = ReleaseFiles.render(quarter.toString(), mi, ms, mse, ReleaseFiles.cells(ind, na, coverage, cat, ReleaseFiles.PACK_ROLES),
                ReleaseFiles.packScores(sc), platformOf);
        return new Computed(ind, sc, se, na, files, withXlsx ? ReleaseFiles.xlsx(quarter.toString(), cat, mi, ms) : null);
    }

    private static boolean isPublicRole(Row r) {
        String role = r.getAs("role");
        return ReleaseFiles.PUBLIC_ROLES.stream().anyMatch(x -> x.key().equals(role));
    }

    private static List<Row> publicRoles(List<Row> rows) {
        return rows.stream().filter(PublishJob::isPublicRole).toList();
    }

    /**
     * A silver table with the values an adapter filled in by assumption set to null (rows whose
     * {@code source_file} is that adapter's landed file; {@link Adapters#assumedFrom}): an
     * assumption is not evidence, so the indicators that read it come out not available for the
     * source's platform instead of computed from it.
     */
    static Dataset<Row> evidence(Snapshot snap, Feed feed) {
        Dataset<Row> d = snap.silver(feed);
        for (Adapters.Assumed a : Adapters.assumedFrom(feed)) {
            String column = Conformer.outputName(feed.fields().stream().filter(f -> f.name().equals(a.field())).findFirst()
                    .orElseThrow(() -> new IllegalStateException(feed.feedName() + " has no field " + a.field())));
            DataType type = d.schema().apply(column).dataType();
            d = d.withColumn(column, functions.when(functions.col("source_file").startsWith(a.filePrefix()),
                    functions.lit(null).cast(type)).otherwise(functions.col(column)));
        }
        return d;
    }

    private void writeGold(Quarter quarter, Computed c) {
        writeGold(BENCHMARK_INDICATORS, c.indicators(), Benchmark.INDICATORS_SCHEMA, quarter);
        writeGold(BENCHMARK_SCORES, c.scores(), Benchmark.SCORES_SCHEMA, quarter);
        writeGold(BENCHMARK_SENSITIVITY, c.sensitivity(), Benchmark.SENSITIVITY_SCHEMA, quarter);
    }

    private void writeGold(String product, List<Row> rows, StructType schema, Quarter quarter) {
        spark.createDataFrame(rows, schema).write().format("delta").mode(SaveMode.Overwrite).partitionBy("quarter")
                .option("replaceWhere", "quarter = '" + quarter + "'")
                .option("mergeSchema", "true")   // a column added later (rank_label, rank_reason of issue 17) joins a table written before it
                .save(wh.gold(product));
    }

    /** Sorts the rows in place by the text of the given columns (nulls first) and returns them. */
    private static List<Row> sort(List<Row> rows, StructType schema, String... keys) {
        Comparator<Row> cmp = null;
        for (String k : keys) {
            int i = schema.fieldIndex(k);
            Comparator<Row> one = Comparator.comparing(r -> r.isNullAt(i) ? "" : String.valueOf(r.get(i)));
            cmp = cmp == null ? one : cmp.thenComparing(one);
        }
        rows.sort(cmp);
        return rows;
    }

    private static List<Map<String, Object>> maps(List<Row> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            String[] names = r.schema().fieldNames();
            for (int i = 0; i < names.length; i++) m.put(names[i], r.get(i));
            out.add(m);
        }
        return out;
    }

    private void printLeague(List<Row> scores) {
        out.println("platform league (rank, composite 0-100, 90 % rank interval):");
        scores.stream().filter(r -> "platform".equals(r.getAs("role")))
                .sorted(Comparator.comparing(r -> r.getAs("rank") == null ? Integer.MAX_VALUE : (Integer) r.getAs("rank")))
                .forEach(r -> {
                    if (r.getAs("rank") == null) {
                        out.printf("  %-4s %-12s not ranked: %.0f %% of the weight available (a composite needs half)%n", "-",
                                r.getAs("entity_id"), 100 * (Double) r.getAs("weight_available"));
                    } else {
                        out.printf("  %-4s %-12s %8s   %s-%s%n", r.getAs("rank_label"), r.getAs("entity_id"),
                                String.format("%.1f", (Double) r.getAs("composite")),
                                r.getAs("rank_lower") == null ? "?" : r.getAs("rank_lower"),
                                r.getAs("rank_upper") == null ? "?" : r.getAs("rank_upper"));
                    }
                });
    }

    private Target target(Quarter quarter, String outDir, boolean revise) {
        if (outDir != null) {
            if (exists(outDir + "/manifest.json")) {
                throw new UserError("a release exists in " + outDir + " and is frozen; choose another --out");
            }
            return new Target(outDir, 1);
        }
        int rev = 1;
        while (exists(releaseDir(quarter, rev) + "/manifest.json")) rev++;
        if (rev > 1 && !revise) {
            throw new UserError("release " + quarter + " exists in " + releaseDir(quarter, rev - 1)
                    + " and is frozen; use --revise to publish revision " + rev + " beside it");
        }
        return new Target(releaseDir(quarter, rev), rev);
    }

    String releaseDir(Quarter quarter, int revision) {
        return wh.root() + "/releases/" + quarter + (revision > 1 ? "-r" + revision : "");
    }

    /** The path's file system; on a local disk without Hadoop's .crc side files (the manifest has SHA-256 sums). */
    private FileSystem fs(org.apache.hadoop.fs.Path p) throws IOException {
        FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
        return fs instanceof org.apache.hadoop.fs.ChecksumFileSystem c ? c.getRawFileSystem() : fs;
    }

    private boolean exists(String path) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
            return fs(p).exists(p);
        } catch (IOException e) {
            throw new UserError("cannot check " + path + ": " + e.getMessage());
        }
    }

    private void write(String path, byte[] bytes) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
            try (OutputStream os = fs(p).create(p, true)) {
                os.write(bytes);
            }
        } catch (IOException e) {
            throw new UserError("cannot write " + path + ": " + e.getMessage());
        }
    }

    private byte[] read(String path) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
            if (!fs(p).exists(p)) throw new UserError(path + " not found: no complete release there");
            try (InputStream in = fs(p).open(p)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UserError("cannot read " + path + ": " + e.getMessage());
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
