package org.livegov.jobs.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.bench.BenchmarkRunner;
import org.livegov.jobs.config.ConfigLoader;
import org.livegov.jobs.config.KeyProvider;
import org.livegov.jobs.config.LiveGovConfig;
import org.livegov.jobs.generate.GeneratorSpec.Scale;
import org.livegov.metrics.spark.LiveGovSpark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code livegov benchmark}: generates N quarters, runs the initial load and the next night through
 * the nightly job, measures every stage, compares the gold step with DuckDB, and writes the figures
 * to {@code bench/results} (see {@link org.livegov.jobs.bench.PerformanceBenchmark}).
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Measure the nightly job on generated data: a full load of N quarters and the next night "
                + "(one new day plus late records), per stage: wall and CPU seconds, rows/s, peak memory, files "
                + "and bytes written, Delta commits, Spark jobs and tasks; the gold step side by side with DuckDB. "
                + "Results: <results>/<started>-<scale>.json "
                + "and a row per stage appended to <results>/benchmarks.csv.",
                "",
                "Uses LIVEGOV_PSEUDONYM_KEY when set, else the built-in demo key (generated data only)."})
public class BenchmarkCommand implements Callable<Integer> {
    @Option(names = "--scale", defaultValue = "national", converter = GenerateCommand.ScaleConverter.class,
            description = "small, medium (a tenth of national) or national (~4 million broadcasts a quarter). "
                    + "Default: ${DEFAULT-VALUE}")
    Scale scale;

    @Mixin
    SeedOption seedOption;

    @Option(names = "--history-quarters", split = ",", defaultValue = "1",
            description = "Quarters of history under the incremental night, e.g. 1,4 to report the ratio. "
                    + "Default: ${DEFAULT-VALUE}")
    List<Integer> historyQuarters;

    @Option(names = "--skip-duckdb", description = "Do not compute the gold products with DuckDB.")
    boolean skipDuckdb;

    @Option(names = "--work", defaultValue = "bench/work",
            description = "Work folder (landing and warehouse per history length; emptied first). Default: ${DEFAULT-VALUE}")
    Path work;

    @Option(names = "--results", defaultValue = "bench/results",
            description = "Where the JSON and the CSV go. Default: ${DEFAULT-VALUE}")
    Path results;

    @Option(names = "--conf", defaultValue = "conf", description = "Configuration folder. Default: ${DEFAULT-VALUE}")
    Path conf;

    @Option(names = "--master", defaultValue = "local[2]", description = "Spark master. Default: ${DEFAULT-VALUE}")
    String master;

    @Option(names = "--shuffle-partitions", defaultValue = "8",
            description = "Shuffle partitions (AQE coalesces them). Default: ${DEFAULT-VALUE}")
    int shufflePartitions;

    @Option(names = "--codegen", paramLabel = "compiled|interpreted",
            description = "How Spark evaluates expressions (see nightly --help). Default: interpreted for --scale small "
                    + "(as the demo runs), compiled otherwise")
    LiveGovSpark.Codegen codegen;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        OptionChecks.master(spec, master);
        OptionChecks.atLeast(spec, "--shuffle-partitions", shufflePartitions, 1);
        OptionChecks.outputFolder(spec, "--work", work);
        OptionChecks.outputFolder(spec, "--results", results);
        OptionChecks.notBlank(spec, "--conf", conf);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int q : historyQuarters) {
            if (q < 1 || q > 8) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--history-quarters must be 1 to 8, not " + q);
            }
            if (!seen.add(q)) {
                // the same length twice would rebuild and overwrite the same <work>/<scale>-<N>q folder
                throw new CommandLine.ParameterException(spec.commandLine(), "--history-quarters lists " + q + " twice");
            }
        }
        LiveGovConfig c = ConfigLoader.load(conf);
        KeyProvider.Key key = KeyProvider.resolve(true, System.err);
        LiveGovSpark.Codegen cg = codegen != null ? codegen
                : scale == Scale.SMALL ? LiveGovSpark.Codegen.INTERPRETED : LiveGovSpark.Codegen.COMPILED;
        SparkSession spark = LiveGovSpark.session(master, shufflePartitions, cg);
        int cores = Runtime.getRuntime().availableProcessors();
        var m = java.util.regex.Pattern.compile("local\\[(\\d+)").matcher(master);
        int threads = m.lookingAt() ? Integer.parseInt(m.group(1)) : cores;
        BenchmarkRunner.run(spark, c, key.pseudonymiser(), new BenchmarkRunner.Request(scale, seedOption.seed, historyQuarters,
                work, results, !skipDuckdb, threads, master, cg, commit()), System.out);
        return 0;
    }

    private static String commit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() != 0 || !s.matches("[0-9a-f]{4,40}")) {
                return "unknown";
            }
            // uncommitted changes: the figures are not those of the commit alone
            Process d = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no").start();
            boolean dirty = !new String(d.getInputStream().readAllBytes()).isBlank();
            return d.waitFor() == 0 && !dirty ? s : s + "+dirty";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
