package org.livegov.jobs.cli;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.UserError;
import org.livegov.metrics.spark.LiveGovSpark;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options shared by the commands that run the pipeline. Paths may be local folders or Hadoop URIs. */
public class CommonOptions {
    @Option(names = "--warehouse", defaultValue = "warehouse",
            description = "Root of the Delta tables (bronze/silver/gold). Default: ${DEFAULT-VALUE}")
    public String warehouse;

    /**
     * The landing folder as given: a local folder or a Hadoop URI ({@code hdfs://namenode:8020/livegov/landing}).
     * Kept as text, never a {@link java.nio.file.Path}: {@code Path.of("hdfs://nn:8020/x")} collapses the
     * double slash to {@code hdfs:/nn:8020/x}, which Hadoop reads as the path {@code /nn:8020/x} on the default
     * file system (found by the first spark-submit on HDFS, issue 16).
     */
    @Option(names = "--landing", defaultValue = "landing",
            description = "Landing folder: one sub-folder per feed; a local folder or a Hadoop URI. Default: ${DEFAULT-VALUE}")
    public String landing;

    @Option(names = "--conf", defaultValue = "conf",
            description = "Configuration folder (taxonomy, calendar, thresholds). Default: ${DEFAULT-VALUE}")
    public Path conf;

    @Option(names = "--master",
            description = "Spark master for local runs, e.g. local[2]. Default: local[*], or the cluster's under spark-submit.")
    public String master;

    @Option(names = "--shuffle-partitions", defaultValue = "8",
            description = "Shuffle partitions in local mode. Default: ${DEFAULT-VALUE}")
    public int shufflePartitions;

    /**
     * How Spark evaluates expressions; null when not given, and then {@link #startSpark} uses the
     * command's own default (compiled, except {@code demo}: interpreted).
     */
    @Option(names = "--codegen", paramLabel = "compiled|interpreted",
            description = "How Spark evaluates expressions: compiled (Spark's default; national-scale data) or interpreted "
                    + "(no compiling; faster on small inputs such as the demo's 29,000 rows). Default: compiled; interpreted for demo.")
    public LiveGovSpark.Codegen codegen;

    /** A URI's scheme and colon (two letters or more, so that a Windows drive {@code C:} is a path). */
    private static final java.util.regex.Pattern URI_SCHEME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:.*");

    /** Whether {@code --landing} is a URI ({@code hdfs://nn/x}, {@code s3a://b/x}, {@code file:/x}) rather than a plain path. */
    public boolean landingIsUri() {
        return URI_SCHEME.matcher(landing).matches();
    }

    /**
     * The landing folder on this machine's file system, for the commands that write it with Java I/O
     * ({@code demo}, {@code import}): a plain path, or a {@code file:} URI.
     *
     * @throws UserError when {@code --landing} is a URI of another file system, or a {@code file:} URI
     *     that names no absolute path
     */
    public Path localLanding() {
        if (!landingIsUri()) {
            return Path.of(landing);
        }
        if (!landing.startsWith("file:")) {
            throw new UserError("--landing " + landing + ": this command writes the landing folder on this machine; "
                    + "give a local folder and copy it to the cluster's file system afterwards");
        }
        try {
            return Path.of(java.net.URI.create(landing));
        } catch (IllegalArgumentException e) {
            throw new UserError("--landing " + landing + ": not a file URI of an absolute path (file:///abs/landing); "
                    + "give a local folder");
        }
    }

    /** The command this mixin is part of, for usage errors that name it. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /**
     * Checks the values before anything else: each command calls it first, so a bad value stops
     * before configuration, key or Spark.
     *
     * @throws picocli.CommandLine.ParameterException (exit 2) for an empty --warehouse, --landing or
     *     --conf, a --master that is not a Spark master URL, or --shuffle-partitions below 1
     */
    public void validate() {
        OptionChecks.notBlank(mixee, "--warehouse", warehouse);
        OptionChecks.notBlank(mixee, "--landing", landing);
        OptionChecks.notBlank(mixee, "--conf", conf);
        OptionChecks.master(mixee, master);
        OptionChecks.atLeast(mixee, "--shuffle-partitions", shufflePartitions, 1);
    }

    /**
     * The master to use: the option, else none under spark-submit, else local[*].
     *
     * @throws UserError when --master is not a Spark master URL
     */
    public String effectiveMaster() {
        if (master != null) {
            String problem = OptionChecks.masterProblem(master);
            if (problem != null) {   // a command that skipped validate(): the same reason, as a user error
                throw new UserError(problem);
            }
            return master;
        }
        return System.getProperty("spark.master") != null ? null : "local[*]";
    }

    /**
     * The Spark session for {@link #effectiveMaster()} with {@code --shuffle-partitions} and
     * {@code --codegen} (compiled when not given) ({@link LiveGovSpark#session}).
     *
     * @throws UserError when --master is not a Spark master URL, or Spark cannot start with it
     *     (the message ends with the first line of Spark's)
     */
    public SparkSession startSpark() {
        String master = effectiveMaster();
        try {
            return LiveGovSpark.session(master, shufflePartitions, codegen == null ? LiveGovSpark.Codegen.COMPILED : codegen);
        } catch (Exception e) { // SparkException is thrown unchecked from Scala
            throw new UserError("cannot start Spark with --master " + master + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }
}
