package org.livegov.jobs.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.config.ConfigLoader;
import org.livegov.jobs.config.LiveGovConfig;
import org.livegov.jobs.offenders.OffenderWhatIf;
import org.livegov.metrics.offenders.OffenderPolicy;
import org.livegov.metrics.offenders.WhatIf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code livegov offenders --what-if FILE}: preview a change of the repeat-offender rules. */
@Command(name = "offenders", mixinStandardHelpOptions = true,
        description = {"Preview a proposed offenders.yaml against the current silver tables: who it would add to or "
                + "remove from the repeat-offender list compared with <conf>/offenders.yaml, and the acts behind each. "
                + "Prints a summary and writes offenders-what-if-<day>.csv; writes no table.",
                "Exit codes: 0 done, 1 a file, table or configuration the user must fix (one line), 2 bad usage."})
public class OffendersCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--what-if", required = true, paramLabel = "FILE",
            description = "The proposed offenders.yaml (same format as conf/offenders.yaml).")
    Path whatIf;

    @Option(names = "--as-of", paramLabel = "YYYY-MM-DD",
            description = "Beijing day to evaluate at. Default: the run date of the last committed nightly run.")
    String asOf;

    @Option(names = "--out", defaultValue = "out/offenders", paramLabel = "DIR",
            description = "Folder for the CSV. Default: ${DEFAULT-VALUE}")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        common.validate();
        LocalDate day = asOf == null ? null : NightlyCommand.parseDate(spec, "--as-of", asOf);
        OptionChecks.outputFolder(spec, "--out", out);
        LiveGovConfig conf = ConfigLoader.load(common.conf);
        OffenderPolicy proposed = ConfigLoader.loadOffenders(whatIf, conf.taxonomy().categories().keySet());
        SparkSession spark = common.startSpark();
        Warehouse wh = new Warehouse(NightlyCommand.qualified(spark, common.warehouse));
        OffenderWhatIf.Outcome o = new OffenderWhatIf(spark, wh).run(conf.offenders(), proposed, day, out);
        WhatIf.Result r = o.result();
        System.out.println("[offenders] what-if " + whatIf + " against " + common.conf.resolve("offenders.yaml")
                + " as of " + o.asOf());
        System.out.println("[offenders] on the list: " + r.currentListed() + " now, " + r.proposedListed()
                + " proposed; added " + r.count(WhatIf.Kind.ADDED) + ", removed " + r.count(WhatIf.Kind.REMOVED)
                + ", rules changed " + r.count(WhatIf.Kind.CHANGED));
        for (String ref : WhatIf.changedWithoutNewVersion(conf.offenders(), proposed)) {
            System.out.println("[offenders] warning: " + ref + " changes meaning without a new version; bump its "
                    + "version, since listings and events record id@version");
        }
        for (WhatIf.Change c : r.changes().subList(0, Math.min(20, r.changes().size()))) {
            System.out.println("  " + c.kind().code() + " " + c.subjectKey() + " (" + c.subjectRole() + "): "
                    + (c.currentRules().isEmpty() ? "-" : String.join(",", c.currentRules())) + " -> "
                    + (c.proposedRules().isEmpty() ? "-" : String.join(",", c.proposedRules())));
        }
        if (r.changes().size() > 20) {
            System.out.println("  ... " + (r.changes().size() - 20) + " more in the CSV");
        }
        System.out.println("[offenders] wrote " + o.csv());
        return 0;
    }
}
