package org.livegov.jobs.cli;

import java.io.PrintStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.UserError;
import org.livegov.jobs.config.ConfigLoader;
import org.livegov.jobs.config.KeyProvider;
import org.livegov.jobs.config.LiveGovConfig;
import org.livegov.jobs.nightly.NightlyJob;
import org.livegov.jobs.nightly.RunManifest;
import org.livegov.jobs.nightly.RunSummary;
import org.livegov.metrics.time.BeijingTime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code livegov nightly --date YYYY-MM-DD}: ingest what is new, conform, recompute touched gold periods. */
@Command(name = "nightly", mixinStandardHelpOptions = true,
        description = {"Run the nightly job: landing to bronze, silver (MERGE) and the gold months touched.",
                "",
                "Needs the pseudonymisation key in LIVEGOV_PSEUDONYM_KEY or LIVEGOV_PSEUDONYM_KEY_FILE.",
                "Exit codes: 0 done, 1 a file, configuration or key the user must fix (one line), 2 bad usage."})
public class NightlyCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD",
            description = "Beijing day the run is for: the data cut-off is the end of that day. Default: today in Beijing.")
    String date;

    @Option(names = "--backfill",
            description = "The --date is meant to be before the last committed night (a backfill). Without it such a night stops, writing nothing.")
    boolean backfill;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        common.validate();
        LocalDate runDate = date == null ? today(System.out) : parseDate(spec, "--date", date);
        LocalDate today = LocalDate.now(BeijingTime.ZONE);
        if (runDate.isAfter(today)) {
            // a typo such as 2026-12-31 for 2026-11-30 would commit a night from the future, and
            // every real night after it would then stop as a backfill
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--date " + runDate
                    + " is after today in Beijing (" + today + "); a night cannot be dated in the future");
        }
        run(common, runDate, false, backfill, "nightly --date " + runDate + (backfill ? " --backfill" : ""), System.out);
        return 0;
    }

    /** Today in Beijing, said at the start of the run, for a command run without {@code --date}. */
    static LocalDate today(PrintStream out) {
        LocalDate d = LocalDate.now(BeijingTime.ZONE);
        out.println("no --date given: running for today in Beijing, " + d + " (data cut-off " + d.plusDays(1)
                + " 00:00 Beijing time)");
        return d;
    }

    /**
     * @throws picocli.CommandLine.ParameterException (exit 2) for text that is not a real YYYY-MM-DD day
     *     (four-digit year, no sign: {@code LocalDate.parse} alone would take "+12026-01-01")
     */
    static LocalDate parseDate(picocli.CommandLine.Model.CommandSpec spec, String option, String text) {
        if (!text.matches("\\d{4}-\\d{2}-\\d{2}")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + " must be YYYY-MM-DD, not '" + text + "'");
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + " " + text + " is not a real day");
        }
    }

    /**
     * Runs the nightly pipeline (bronze, silver, gold) over what is new in the landing folder,
     * with the key from the environment (no demo key).
     *
     * @return process exit code, 0 on success
     * @throws UserError on a failure the user can act on
     */
    public static int runPipeline(CommonOptions options, LocalDate runDate) {
        run(options, runDate, false, false, "nightly --date " + runDate, System.out);
        return 0;
    }

    /** Absolute URI of a folder (Delta path identifiers must be absolute). */
    static String qualified(SparkSession spark, String path) {
        try {
            var p = new org.apache.hadoop.fs.Path(path);
            return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p).toString();
        } catch (java.io.IOException e) {
            throw new UserError("cannot resolve " + path + ": " + e.getMessage());
        }
    }

    /** Shared by nightly, import and demo: config and key first (nothing written before), then the job. */
    static RunManifest run(CommonOptions o, LocalDate runDate, boolean demoKey, boolean backfill, String command,
                           PrintStream out) {
        LiveGovConfig conf = ConfigLoader.load(o.conf);
        NightlyJob.requireConfigFor(conf, runDate);   // before the key and Spark; NightlyJob.run checks it again
        // A local landing folder that is missing is found here, before the key and Spark; the
        // scanner says the same for a Hadoop URI (hdfs:, s3a:, ...) once Spark runs, still before any write.
        if (!demoKey && !o.landingIsUri() && !java.nio.file.Files.isDirectory(java.nio.file.Path.of(o.landing))) {
            throw new UserError("landing folder " + o.landing + " does not exist (or is not a folder); check --landing");
        }
        KeyProvider.Key key = KeyProvider.resolve(demoKey, System.err);
        SparkSession spark = o.startSpark();
        NightlyJob.Params p = new NightlyJob.Params(qualified(spark, o.warehouse), qualified(spark, o.landing),
                runDate, command, backfill);
        RunManifest m = new NightlyJob(spark, conf, key.pseudonymiser(), out).run(p);
        RunSummary.print(spark, new org.livegov.jobs.Warehouse(p.warehouse()), m, out);
        return m;
    }
}
