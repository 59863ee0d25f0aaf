package org.livegov.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.livegov.jobs.UserError;

/**
 * Writes a benchmark's figures in a stable format: one JSON document per benchmark
 * ({@code <results>/<started>-<scale>.json}, schema {@value #SCHEMA}) and one CSV row per measured
 * stage appended to {@code <results>/benchmarks.csv} (header {@link #CSV_HEADER}), so that later
 * runs can be compared line by line. Units: seconds, bytes, rows, rows per second.
 */
final class BenchResults {
    static final String SCHEMA = "livegov-benchmark/1";
    static final String CSV_HEADER = "started,commit,scale,seed,history_quarters,heap_max_bytes,load_avg_start,"
            + "scenario,stage,wall_seconds,cpu_seconds,rows,rows_per_second,peak_rss_bytes,peak_heap_bytes,"
            + "files_written,bytes_written";

    private BenchResults() {
    }

    /** Environment of the measurement. */
    record Context(Instant started, String commit, String scale, long seed, long heapMaxBytes, int cores,
                   double loadAverageStart, double loadAverageEnd, boolean rssResettable, String master, String codegen) {
    }

    /**
     * @return the JSON file written
     * @throws UserError when the results folder cannot be written
     */
    static Path write(Path dir, Context ctx, List<PerformanceBenchmark.Run> runs) {
        Path json = writeJson(dir, ctx, runs, true);
        Path csv = dir.resolve("benchmarks.csv");
        try {
            StringBuilder sb = new StringBuilder();
            if (!Files.exists(csv)) {
                sb.append(CSV_HEADER).append('\n');
            }
            for (PerformanceBenchmark.Run r : runs) {
                for (PerformanceBenchmark.Scenario s : r.scenarios) {
                    String prefix = String.join(",", ctx.started().toString(), ctx.commit(), ctx.scale(),
                            String.valueOf(ctx.seed()), String.valueOf(r.historyQuarters),
                            String.valueOf(ctx.heapMaxBytes()), num(ctx.loadAverageStart()), s.name);
                    for (StageProbe.Stage st : s.stages.values()) {
                        sb.append(prefix).append(',').append(st.name).append(',').append(num(st.wallSeconds)).append(',')
                                .append(num(st.cpuSeconds)).append(',').append(st.rows).append(',')
                                .append(num(st.rowsPerSecond())).append(',').append(st.peakRssBytes).append(',')
                                .append(st.peakHeapBytes).append(',').append(st.filesWritten).append(',')
                                .append(st.bytesWritten).append('\n');
                    }
                    sb.append(prefix).append(",total,").append(num(s.wallSeconds)).append(',').append(num(s.cpuSeconds))
                            .append(',').append(s.rowsIn).append(',').append(num(s.rowsIn / s.wallSeconds)).append(',')
                            .append(s.peakRssBytes).append(",,,\n");
                    if (s.duckdb != null) {
                        sb.append(prefix).append(",gold4.ours,").append(num(s.ourGoldSeconds)).append(',')
                                .append(num(s.ourGoldCpuSeconds)).append(',').append(s.goldInputRows).append(',')
                                .append(num(s.goldInputRows / s.ourGoldSeconds)).append(",,,,\n");
                        sb.append(prefix).append(",gold4.duckdb,").append(num(s.duckdb.wallSeconds())).append(',')
                                .append(num(s.duckdb.cpuSeconds())).append(',').append(s.goldInputRows).append(',')
                                .append(num(s.goldInputRows / s.duckdb.wallSeconds())).append(",,,,\n");
                    }
                }
            }
            Files.writeString(csv, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UserError("cannot write benchmark results to " + dir + ": " + e.getMessage());
        }
        return json;
    }

    /**
     * Writes (or overwrites) the JSON document; called after every scenario with
     * {@code complete = false}, so that an interrupted benchmark leaves the figures it has.
     *
     * @throws UserError when the results folder cannot be written
     */
    static Path writeJson(Path dir, Context ctx, List<PerformanceBenchmark.Run> runs, boolean complete) {
        Map<String, Object> doc = document(ctx, runs);
        doc.put("complete", complete);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(ctx.started());
        Path json = dir.resolve(stamp + "-" + ctx.scale() + ".json");
        try {
            Files.createDirectories(dir);
            Files.write(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(doc));
        } catch (IOException e) {
            throw new UserError("cannot write benchmark results to " + dir + ": " + e.getMessage());
        }
        return json;
    }

    static Map<String, Object> document(Context ctx, List<PerformanceBenchmark.Run> runs) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("started", ctx.started().toString());
        doc.put("commit", ctx.commit());
        doc.put("scale", ctx.scale());
        doc.put("seed", ctx.seed());
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", ctx.cores());
        machine.put("master", ctx.master());
        machine.put("codegen", ctx.codegen());
        machine.put("heap_max_bytes", ctx.heapMaxBytes());
        machine.put("load_average_1min_start", ctx.loadAverageStart());
        machine.put("load_average_1min_end", ctx.loadAverageEnd());
        machine.put("java", System.getProperty("java.version"));
        machine.put("peak_rss_method", ctx.rssResettable()
                ? "VmHWM of /proc/self/status, reset per stage by writing 5 to /proc/self/clear_refs"
                : "VmHWM of /proc/self/status since process start (clear_refs refused)");
        doc.put("machine", machine);
        List<Object> rs = new ArrayList<>();
        for (PerformanceBenchmark.Run r : runs) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("history_quarters", r.historyQuarters);
            one.put("facts_from", r.from.toString());
            one.put("facts_to", PerformanceBenchmark.LAST_DAY.toString());
            one.put("generate_seconds", r.generateSeconds);
            one.put("generated_rows", r.generatedRows);
            one.put("generated_bytes", r.generatedBytes);
            one.put("held_back_files", r.heldBackFiles);
            one.put("held_back_bytes", r.heldBackBytes);
            one.put("warehouse_bytes_after", r.warehouseBytesAfter);
            List<Object> ss = new ArrayList<>();
            for (PerformanceBenchmark.Scenario s : r.scenarios) {
                Map<String, Object> sc = new LinkedHashMap<>();
                sc.put("scenario", s.name);
                sc.put("run_date", s.runDate.toString());
                sc.put("wall_seconds", s.wallSeconds);
                sc.put("cpu_seconds", s.cpuSeconds);
                sc.put("rows_in", s.rowsIn);
                sc.put("peak_rss_bytes", s.peakRssBytes);
                sc.put("gold_months", s.months);
                sc.put("gold_input_rows", s.goldInputRows);
                sc.put("manifest_stage_seconds", s.manifestStageSeconds);
                List<Object> st = new ArrayList<>();
                for (StageProbe.Stage x : s.stages.values()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("stage", x.name);
                    m.put("wall_seconds", x.wallSeconds);
                    m.put("cpu_seconds", x.cpuSeconds);
                    m.put("rows", x.rows);
                    m.put("rows_per_second", x.rowsPerSecond());
                    m.put("peak_rss_bytes", x.peakRssBytes);
                    m.put("peak_heap_bytes", x.peakHeapBytes);
                    m.put("files_written", x.filesWritten);
                    m.put("bytes_written", x.bytesWritten);
                    m.put("delta_commits", x.deltaCommits);
                    m.put("spark_jobs", x.sparkJobs);
                    m.put("spark_tasks", x.sparkTasks);
                    m.put("shuffle_write_bytes", x.shuffleBytes);
                    st.add(m);
                }
                sc.put("stages", st);
                if (s.duckdb != null) {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("duckdb_version", s.duckdb.version());
                    d.put("products", DuckDbGold.PRODUCTS);
                    d.put("duckdb_wall_seconds", s.duckdb.wallSeconds());
                    d.put("duckdb_cpu_seconds", s.duckdb.cpuSeconds());
                    d.put("ours_wall_seconds", s.ourGoldSeconds);
                    d.put("ours_cpu_seconds", s.ourGoldCpuSeconds);
                    d.put("ratio_wall_ours_to_duckdb", s.ourGoldSeconds / s.duckdb.wallSeconds());
                    d.put("figures_agree", s.agrees);
                    d.put("fingerprints_ours", s.ourFingerprints);
                    d.put("fingerprints_duckdb", s.duckdb.fingerprints());
                    sc.put("duckdb", d);
                }
                ss.add(sc);
            }
            one.put("scenarios", ss);
            rs.add(one);
        }
        doc.put("runs", rs);
        PerformanceBenchmark.Scenario first = incremental(runs, 0);
        PerformanceBenchmark.Scenario last = incremental(runs, runs.size() - 1);
        if (runs.size() > 1 && first != null && last != null) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("history_quarters", List.of(runs.get(0).historyQuarters, runs.get(runs.size() - 1).historyQuarters));
            h.put("incremental_wall_ratio", last.wallSeconds / first.wallSeconds);
            h.put("incremental_cpu_ratio", last.cpuSeconds / first.cpuSeconds);
            doc.put("incremental_cost_vs_history", h);
        }
        return doc;
    }

    static PerformanceBenchmark.Scenario incremental(List<PerformanceBenchmark.Run> runs, int i) {
        return runs.get(i).scenarios.stream().filter(s -> s.name.equals("incremental")).findFirst().orElse(null);
    }

    /** Prints the figures as a table. */
    static void print(List<PerformanceBenchmark.Run> runs, PrintStream out) {
        for (PerformanceBenchmark.Run r : runs) {
            for (PerformanceBenchmark.Scenario s : r.scenarios) {
                out.printf("%n%d quarter(s) of history, scenario %s (run date %s): %.1f s wall, %.1f s CPU, %,d rows in,"
                        + " peak RSS %.2f GB%n", r.historyQuarters, s.name, s.runDate, s.wallSeconds, s.cpuSeconds,
                        s.rowsIn, s.peakRssBytes / 1e9);
                out.printf("  %-30s %9s %9s %11s %11s %9s %9s %7s %9s %7s %6s %7s%n", "stage", "wall s", "CPU s", "rows", "rows/s",
                        "RSS GB", "heap GB", "files", "MB", "commits", "jobs", "tasks");
                for (StageProbe.Stage st : s.stages.values()) {
                    out.printf(Locale.ROOT, "  %-30s %9.2f %9.2f %,11d %,11.0f %9.2f %9.2f %7d %9.1f %7d %6d %7d%n", st.name,
                            st.wallSeconds, st.cpuSeconds, st.rows, st.rowsPerSecond(), st.peakRssBytes / 1e9,
                            st.peakHeapBytes / 1e9, st.filesWritten, st.bytesWritten / 1e6, st.deltaCommits,
                            st.sparkJobs, st.sparkTasks);
                }
                if (s.duckdb != null) {
                    out.printf(Locale.ROOT, "  gold (4 monthly products): ours %.2f s wall / %.2f s CPU, DuckDB %.2f s / %.2f s:"
                                    + " ratio %.2f; figures %s%n", s.ourGoldSeconds, s.ourGoldCpuSeconds,
                            s.duckdb.wallSeconds(), s.duckdb.cpuSeconds(), s.ourGoldSeconds / s.duckdb.wallSeconds(),
                            Boolean.TRUE.equals(s.agrees) ? "agree" : "DIFFER");
                }
            }
        }
        if (runs.size() > 1) {
            PerformanceBenchmark.Scenario a = incremental(runs, 0);
            PerformanceBenchmark.Scenario b = incremental(runs, runs.size() - 1);
            out.printf(Locale.ROOT, "%nincremental night, %d vs %d quarter(s) of history: wall ratio %.2f, CPU ratio %.2f%n",
                    runs.get(runs.size() - 1).historyQuarters, runs.get(0).historyQuarters,
                    b.wallSeconds / a.wallSeconds, b.cpuSeconds / a.cpuSeconds);
        }
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }
}
