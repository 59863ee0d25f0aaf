package org.livegov.jobs.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.config.LiveGovConfig;
import org.livegov.jobs.generate.GeneratorSpec;
import org.livegov.metrics.ids.Pseudonymiser;

/** Entry point of the benchmark for the command line: runs {@link PerformanceBenchmark}, prints and writes the results. */
public final class BenchmarkRunner {
    private BenchmarkRunner() {
    }

    /**
     * @param threads DuckDB threads (Spark's local cores)
     * @param codegen how the session evaluates expressions, recorded as {@code machine.codegen} in the JSON
     * @param commit  git commit of the code measured, or "unknown"
     */
    public record Request(GeneratorSpec.Scale scale, long seed, List<Integer> historyQuarters, Path work, Path results,
                          boolean duckdb, int threads, String master, org.livegov.metrics.spark.LiveGovSpark.Codegen codegen,
                          String commit) {
    }

    /**
     * Runs the benchmark and writes its results.
     *
     * @return the JSON results file
     * @throws org.livegov.jobs.UserError when the work or results folder is unusable
     */
    public static Path run(SparkSession spark, LiveGovConfig conf, Pseudonymiser pseudonymiser, Request r, PrintStream out) {
        Instant started = Instant.now();
        double load0 = ProcessProbe.loadAverage();
        PerformanceBenchmark b = new PerformanceBenchmark(spark, conf, pseudonymiser, out);
        java.util.function.Supplier<BenchResults.Context> ctx = () -> new BenchResults.Context(started,
                r.commit(), r.scale().name().toLowerCase(Locale.ROOT), r.seed(), Runtime.getRuntime().maxMemory(),
                Runtime.getRuntime().availableProcessors(), load0, ProcessProbe.loadAverage(), b.probe().hwmResettable(),
                r.master(), r.codegen().name().toLowerCase(Locale.ROOT));
        List<PerformanceBenchmark.Run> runs = b.run(new PerformanceBenchmark.Options(r.scale(), r.seed(), r.historyQuarters(), r.work(),
                r.duckdb(), r.threads()), partial -> BenchResults.writeJson(r.results(), ctx.get(), partial, false));
        BenchResults.print(runs, out);
        Path json = BenchResults.write(r.results(), ctx.get(), runs);
        out.printf("%nresults: %s (and a row per stage appended to %s)%n", json, r.results().resolve("benchmarks.csv"));
        return json;
    }
}
