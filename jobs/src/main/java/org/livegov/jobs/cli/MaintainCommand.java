package org.livegov.jobs.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.maintain.Maintenance;
import org.livegov.metrics.spark.LiveGovSpark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code livegov maintain}: OPTIMIZE and VACUUM every table, keeping what published releases point to. */
@Command(name = "maintain", mixinStandardHelpOptions = true,
        description = {"Compact (OPTIMIZE) and VACUUM every Delta table of the warehouse. A table that a release "
                + "manifest (<warehouse>/releases/*/manifest.json) pins is vacuumed with a retention long enough to "
                + "keep its oldest pinned version restorable; a pinned version already gone from the log stops the "
                + "run (exit 1) without vacuuming that table.",
                "Takes the warehouse's run lock, as the nightly and publish do: while another run holds it, maintain "
                        + "stops (exit 1) naming the holder. A retention below Delta's 168 hours is the operator's choice: "
                        + "it is applied (Delta's retention check is switched off for that VACUUM only)."})
public class MaintainCommand implements Callable<Integer> {
    @Option(names = "--warehouse", defaultValue = "warehouse",
            description = "Root of the Delta tables. Default: ${DEFAULT-VALUE}")
    String warehouse;

    @Option(names = "--retain-hours", defaultValue = "168",
            description = "Retention of unreferenced files in hours for tables no release pins, 0 or more (below Delta's "
                    + "usual 168, files an older snapshot still reads go sooner). Default: ${DEFAULT-VALUE}")
    long retainHours;

    @Option(names = "--no-optimize", description = "Only VACUUM, do not compact.")
    boolean noOptimize;

    @Option(names = "--master", defaultValue = "local[*]", description = "Spark master. Default: ${DEFAULT-VALUE}")
    String master;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        OptionChecks.notBlank(spec, "--warehouse", warehouse);
        OptionChecks.master(spec, master);
        if (retainHours < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--retain-hours must be 0 or more, not " + retainHours);
        }
        SparkSession spark = LiveGovSpark.session(master, 8);
        String wh = NightlyCommand.qualified(spark, warehouse);
        System.out.println("[maintain] " + wh);
        new Maintenance(spark, System.out).run(wh, retainHours, !noOptimize);
        return 0;
    }
}
