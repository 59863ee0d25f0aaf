package org.livegov.jobs.bench;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.UserError;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.config.LiveGovConfig;
import org.livegov.jobs.generate.DemoGenerator;
import org.livegov.jobs.generate.GenerationReport;
import org.livegov.jobs.generate.GeneratorSpec;
import org.livegov.jobs.nightly.NightlyJob;
import org.livegov.jobs.nightly.RunManifest;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.ids.Pseudonymiser;

/**
 * The national-quarter benchmark: for each requested history length N (quarters), generates N
 * quarters ending 2026-06-30 ({@link DemoGenerator}), holds back the files of the last day, and
 * runs two scenarios through the real {@link NightlyJob} on a fresh warehouse:
 * <ol>
 *   <li>{@code full}: the initial load of everything but the last day (run date 2026-06-29);</li>
 *   <li>{@code incremental}: the next night, when the last day's files arrive (that day's records
 *       plus late records, duplicates and corrections for the five days before; run date
 *       2026-06-30). Already ingested files are skipped by checksum, as in production.</li>
 * </ol>
 * Each leaf stage is measured by {@link StageProbe}; after each scenario the four monthly gold
 * products are recomputed by DuckDB over the same silver snapshot and months
 * ({@link DuckDbGold}), and their fingerprints compared with ours.
 *
 * <p>The work folder {@code <work>/<scale>-<N>q} is deleted and rebuilt; the benchmark refuses a
 * non-empty folder it did not create (marker file {@code .livegov-bench}).
 */
public final class PerformanceBenchmark {
    static final LocalDate LAST_DAY = GeneratorSpec.DEFAULT_TO;
    static final String MARKER = ".livegov-bench";
    private static final List<Feed> FACTS = List.of(Feed.BROADCASTS, Feed.VIOLATIONS, Feed.COMPLAINTS);

    /** What to run. */
    public record Options(GeneratorSpec.Scale scale, long seed, List<Integer> historyQuarters, Path work,
                          boolean duckdb, int threads) {
    }

    /** One scenario's figures. */
    static final class Scenario {
        String name;
        LocalDate runDate;
        double wallSeconds;
        double cpuSeconds;
        long peakRssBytes;
        long rowsIn;
        long goldInputRows;
        List<String> months = List.of();
        Map<String, StageProbe.Stage> stages = new LinkedHashMap<>();
        Map<String, Double> manifestStageSeconds = new LinkedHashMap<>();
        double ourGoldSeconds;
        double ourGoldCpuSeconds;
        DuckDbGold.Result duckdb;
        Map<String, List<Object>> ourFingerprints = new LinkedHashMap<>();
        Boolean agrees;
        String warehouseBytes;
    }

    /** One history length's figures. */
    static final class Run {
        int historyQuarters;
        LocalDate from;
        double generateSeconds;
        long generatedRows;
        long generatedBytes;
        long heldBackFiles;
        long heldBackBytes;
        long warehouseBytesAfter;
        List<Scenario> scenarios = new ArrayList<>();
    }

    private final SparkSession spark;
    private final LiveGovConfig conf;
    private final Pseudonymiser pseudonymiser;
    private final PrintStream out;
    private final ProcessProbe probe = new ProcessProbe();
    private final SparkWork work = new SparkWork();

    public PerformanceBenchmark(SparkSession spark, LiveGovConfig conf, Pseudonymiser pseudonymiser, PrintStream out) {
        this.spark = spark;
        spark.sparkContext().addSparkListener(work);
        this.conf = conf;
        this.pseudonymiser = pseudonymiser;
        this.out = out;
    }

    ProcessProbe probe() {
        return probe;
    }

    /**
     * Runs the benchmark.
     *
     * @return one {@link Run} per history length, in the order asked
     * @throws UserError when the work folder is not the benchmark's, or DuckDB is missing
     */
    List<Run> run(Options o, java.util.function.Consumer<List<Run>> afterScenario) {
        List<Run> runs = new ArrayList<>();
        for (int n : o.historyQuarters()) {
            Run r = new Run();
            runs.add(r);
            runOne(o, n, r, () -> afterScenario.accept(runs));
        }
        return runs;
    }

    private void runOne(Options o, int quarters, Run r, Runnable afterScenario) {
        r.historyQuarters = quarters;
        r.from = GeneratorSpec.DEFAULT_FROM.minusMonths(3L * (quarters - 1));
        Path dir = o.work().resolve(o.scale().name().toLowerCase(java.util.Locale.ROOT) + "-" + quarters + "q")
                .toAbsolutePath();
        prepare(dir);
        Path landing = dir.resolve("landing");
        Path held = dir.resolve("held");
        Path warehouse = dir.resolve("warehouse");

        out.printf("[benchmark] %s scale, %d quarter(s) of history: generating %s..%s into %s%n",
                o.scale().name().toLowerCase(java.util.Locale.ROOT), quarters, r.from, LAST_DAY, landing);
        long t0 = System.nanoTime();
        GenerationReport g = DemoGenerator.generate(new GeneratorSpec(o.scale(), o.seed(), r.from, LAST_DAY, true), landing);
        r.generateSeconds = (System.nanoTime() - t0) / 1e9;
        r.generatedRows = g.feeds().values().stream().mapToLong(GenerationReport.FeedCounts::rows).sum();
        r.generatedBytes = g.files().stream().mapToLong(GenerationReport.FileEntry::bytes).sum();
        long[] moved = move(landing, held, true);
        r.heldBackFiles = moved[0];
        r.heldBackBytes = moved[1];
        out.printf("  generated %,d rows (%.1f MB) in %.1f s; held back %d file(s) of %s for the incremental night%n",
                r.generatedRows, r.generatedBytes / 1e6, r.generateSeconds, r.heldBackFiles, LAST_DAY);

        r.scenarios.add(scenario("full", LAST_DAY.minusDays(1), landing, warehouse, o, dir));
        r.warehouseBytesAfter = FileCensus.of(warehouse).bytes();
        afterScenario.run();
        move(held, landing, false);
        r.scenarios.add(scenario("incremental", LAST_DAY, landing, warehouse, o, dir));
        r.warehouseBytesAfter = FileCensus.of(warehouse).bytes();
        afterScenario.run();
    }

    private Scenario scenario(String name, LocalDate runDate, Path landing, Path warehouse, Options o, Path dir) {
        spark.catalog().clearCache();
        Scenario s = new Scenario();
        s.name = name;
        s.runDate = runDate;
        StageProbe stages = new StageProbe(probe, work, warehouse);
        // the form Hadoop's makeQualified gives (file:/abs), which Delta compares paths in
        String wh = "file:" + warehouse.toAbsolutePath();
        out.printf("[benchmark] scenario %s (run date %s)%n", name, runDate);
        probe.resetPeaks();
        long wall0 = System.nanoTime();
        long cpu0 = probe.cpuNanos();
        RunManifest m = new NightlyJob(spark, conf, pseudonymiser, new PrintStream(PrintStream.nullOutputStream()), stages)
                .run(new NightlyJob.Params(wh, "file:" + landing.toAbsolutePath(), runDate, "benchmark " + name));
        s.wallSeconds = (System.nanoTime() - wall0) / 1e9;
        s.cpuSeconds = (probe.cpuNanos() - cpu0) / 1e9;
        s.stages = stages.stages();
        s.peakRssBytes = s.stages.values().stream().mapToLong(x -> x.peakRssBytes).max().orElse(-1);
        s.manifestStageSeconds = m.stageSeconds();
        s.months = m.months();
        s.rowsIn = m.total().rowsIn();
        Warehouse w = new Warehouse(wh);
        fillRows(s, m, w);
        for (String p : DuckDbGold.PRODUCTS) {
            StageProbe.Stage st = s.stages.get("gold." + p);
            if (st != null) {
                s.ourGoldSeconds += st.wallSeconds;
                s.ourGoldCpuSeconds += st.cpuSeconds;
            }
        }
        out.printf("  %s: %.1f s wall, %.1f s CPU, %,d rows in, months %s%n", name, s.wallSeconds, s.cpuSeconds,
                s.rowsIn, s.months);
        if (o.duckdb() && !s.months.isEmpty()) {
            duckdb(s, w, runDate, dir.resolve("duckdb-" + name), o.threads());
        }
        return s;
    }

    /** Rows per stage: bronze rows landed, silver rows in per feed, gold: silver fact rows of the months. */
    private void fillRows(Scenario s, RunManifest m, Warehouse w) {
        long landed = 0;
        for (var v : m.inputs().values()) {
            landed += v.rows();
        }
        StageProbe.Stage bronze = s.stages.get("bronze");
        if (bronze != null) {
            bronze.rows = landed;
        }
        m.feeds().forEach((feed, c) -> {
            StageProbe.Stage st = s.stages.get("silver." + feed);
            if (st != null) {
                st.rows = c.rowsIn();
            }
        });
        long goldIn = 0;
        for (Feed f : FACTS) {
            goldIn += silver(w, f, s.months).count();
        }
        s.goldInputRows = goldIn;
        long violations = spark.read().format("delta").load(w.silver(Feed.VIOLATIONS)).count();
        s.stages.forEach((k, st) -> {
            if (k.startsWith("gold.")) {
                st.rows = k.equals("gold.offenders") ? violations : s.goldInputRows;
            }
        });
    }

    private Dataset<Row> silver(Warehouse w, Feed f, List<String> months) {
        return spark.read().format("delta").load(w.silver(f)).where(col("month").isin(months.toArray()));
    }

    private void duckdb(Scenario s, Warehouse w, LocalDate asOf, Path outDir, int threads) {
        try {
            Files.createDirectories(outDir);
            List<Object[]> calendar = new ArrayList<>();
            for (Row r : conf.calendar().asDataset(spark).select("day", "working_day_ordinal").collectAsList()) {
                calendar.add(new Object[]{r.get(0), r.get(1)});
            }
            Set<String> months = new TreeSet<>(s.months);
            DuckDbGold.Inputs in = new DuckDbGold.Inputs(files(w.silver(Feed.BROADCASTS)), files(w.silver(Feed.VIOLATIONS)),
                    files(w.silver(Feed.COMPLAINTS)), files(w.silver(Feed.CONTRACTS)), calendar, months, asOf.toString(),
                    conf.thresholds().acceptanceWorkingDays());
            s.duckdb = DuckDbGold.run(in, outDir.toString(), threads, probe);
            String inMonths = String.join(", ", months.stream().map(m -> "'" + m + "'").toList());
            boolean agrees = true;
            for (String p : DuckDbGold.PRODUCTS) {
                Row row = spark.sql(DuckDbGold.fingerprintSql("(SELECT * FROM delta.`" + w.gold(p) + "` WHERE month IN ("
                        + inMonths + ")) g", p).replace("AS VARCHAR", "AS STRING")).first();
                List<Object> ours = new ArrayList<>();
                for (int i = 0; i < row.size(); i++) {
                    Object v = row.get(i);
                    ours.add(DuckDbGold.normalise(v));
                }
                s.ourFingerprints.put(p, ours);
                agrees &= same(ours, s.duckdb.fingerprints().get(p));
            }
            s.agrees = agrees;
            out.printf("  DuckDB %s: four monthly products in %.2f s wall (ours %.2f s): ratio %.2f; figures %s%n",
                    s.duckdb.version(), s.duckdb.wallSeconds(), s.ourGoldSeconds, s.ourGoldSeconds / s.duckdb.wallSeconds(),
                    agrees ? "agree" : "DIFFER " + s.ourFingerprints + " vs " + s.duckdb.fingerprints());
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Equal fingerprints: exact for counts and GMV, doubles within 1e-6 relative. */
    static boolean same(List<Object> a, List<Object> b) {
        if (a == null || b == null || a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            if (x instanceof Double dx && y instanceof Double dy) {
                if (Math.abs(dx - dy) > 1e-6 * Math.max(1, Math.abs(dx))) {
                    return false;
                }
            } else if (x == null ? y != null : !x.equals(y)) {
                return false;
            }
        }
        return true;
    }

    /** Local paths of the Parquet files of a Delta table's current snapshot. */
    private List<String> files(String table) {
        List<String> paths = new ArrayList<>();
        for (String f : spark.read().format("delta").load(table).inputFiles()) {
            paths.add(Path.of(URI.create(f)).toString());
        }
        return paths;
    }

    /** Moves the fact files of {@link #LAST_DAY} from {@code from} to {@code to}; returns files and bytes moved. */
    static long[] move(Path from, Path to, boolean onlyLastDay) {
        long files = 0;
        long bytes = 0;
        try {
            for (Feed f : FACTS) {
                Path src = from.resolve(f.feedName());
                if (!Files.isDirectory(src)) {
                    continue;
                }
                List<Path> list;
                try (Stream<Path> s = Files.list(src)) {
                    list = s.filter(p -> !onlyLastDay || p.getFileName().toString().startsWith(f.feedName() + "-" + LAST_DAY))
                            .toList();
                }
                for (Path p : list) {
                    Path dst = to.resolve(f.feedName()).resolve(p.getFileName());
                    Files.createDirectories(dst.getParent());
                    bytes += Files.size(p);
                    Files.move(p, dst);
                    files++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new long[]{files, bytes};
    }

    /** Empties the work folder, refusing one the benchmark did not create. */
    static void prepare(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                boolean empty;
                try (Stream<Path> s = Files.list(dir)) {
                    empty = s.findAny().isEmpty();
                }
                if (!empty && !Files.exists(dir.resolve(MARKER))) {
                    throw new UserError(dir + " is not empty and was not made by the benchmark (no " + MARKER
                            + "); choose another --work folder");
                }
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(MARKER), "work folder of livegov benchmark; deleted by the next run\n");
        } catch (IOException e) {
            throw new UserError("cannot prepare " + dir + ": " + e.getMessage());
        }
    }
}
