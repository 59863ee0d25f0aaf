package org.livegov.jobs.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.config.ConfigLoader;
import org.livegov.jobs.publish.PublishJob;
import org.livegov.metrics.bench.Quarter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code livegov publish --quarter yyyyQn [--verify [--differences FILE]] [--revise] [--out DIR]}: the frozen quarterly benchmark release. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publish the quarterly governance benchmark (docs/benchmarks.md): CSV, JSON and XLSX per role, per-platform packs,",
                "a manifest with the config hash, the code version and the Delta version of every table read.",
                "A published quarter is frozen: publishing it again is refused unless --revise makes revision 2, 3, ...",
                "--verify rebuilds a release from its pinned versions and its copied configuration and compares every figure.",
                "Reads pseudonymised tables only: no pseudonymisation key needed.",
                "Exit codes: 0 done (or identical), 1 a problem to fix or a differing figure (one line naming it), 2 bad usage."})
public class PublishCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    QuarterOption quarterOption;

    @Option(names = "--verify", description = "Rebuild the release from its manifest and confirm every figure is identical.")
    boolean verify;

    @Option(names = "--revise", description = "Publish a new revision when the quarter's release exists (the old one stays).")
    boolean revise;

    @Option(names = "--revision", defaultValue = "1", paramLabel = "N",
            description = "With --verify: which revision (1 = the first release). Default: ${DEFAULT-VALUE}")
    int revision;

    @Option(names = "--differences", paramLabel = "FILE",
            description = "With --verify: write every differing cell (value, formatting only, new column) to this local CSV.")
    java.nio.file.Path differences;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Release folder instead of <warehouse>/releases/<quarter> (any Hadoop URI).")
    String out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        common.validate();
        Quarter q = quarterOption.parse(spec);
        if (revision < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--revision must be 1 or more");
        }
        if (!verify && spec.commandLine().getParseResult().hasMatchedOption("--revision")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--revision needs --verify");
        }
        if (verify && revise) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--revise and --verify cannot be combined (--verify checks the revision --revision names)");
        }
        OptionChecks.notBlank(spec, "--out", out);
        OptionChecks.notBlank(spec, "--differences", differences);
        if (differences != null && java.nio.file.Files.isDirectory(differences)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--differences " + differences + " is a folder; give the CSV file's name");
        }
        if (differences != null && !verify) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--differences needs --verify");
        }
        if (differences != null && (differences.toAbsolutePath().getParent() == null
                || !java.nio.file.Files.isDirectory(differences.toAbsolutePath().getParent()))) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--differences: the folder of " + differences + " does not exist");
        }
        if (!verify) {
            ConfigLoader.load(common.conf); // refuse bad configuration before starting Spark
        }
        SparkSession spark = common.startSpark();
        PublishJob job = new PublishJob(spark, new Warehouse(NightlyCommand.qualified(spark, common.warehouse)), System.out);
        String outDir = out == null ? null : NightlyCommand.qualified(spark, out);
        if (verify) {
            job.verify(q, outDir, revision, differences);
        } else {
            job.publish(common.conf, q, outDir, revise);
        }
        return 0;
    }
}
