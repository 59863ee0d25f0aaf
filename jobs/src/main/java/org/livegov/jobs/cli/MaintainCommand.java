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
                "Run it when no nightly runs (VACUUM must not race a writer)."})
public class MaintainCommand implements Callable<Integer> {
    @Option(names = "--warehouse", defaultValue = "warehouse",
            description = "Root of the Delta tables. Default: ${DEFAULT-VALUE}")
    String warehouse;

    @Option(names = "--retain-hours", defaultValue = "168",
            description = "Retention of unreferenced files in hours for tables no release pins (Delta's safety "
                    + "minimum is 168). Default: ${DEFAULT-VALUE}")
    long retainHours;

    @Option(names = "--no-optimize", description = "Only VACUUM, do not compact.")
    boolean noOptimize;

    @Option(names = "--master", defaultValue = "local[*]", description = "Spark master. Default: ${DEFAULT-VALUE}")
    String master;

    @Override
    public Integer call() {
        SparkSession spark = LiveGovSpark.session(master, 8);
        String wh = NightlyCommand.qualified(spark, warehouse);
        System.out.println("[maintain] " + wh);
        new Maintenance(spark, System.out).run(wh, retainHours, !noOptimize);
        return 0;
    }
}
