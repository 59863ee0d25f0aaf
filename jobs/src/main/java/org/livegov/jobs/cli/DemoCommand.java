package org.livegov.jobs.cli;

import org.livegov.metrics.ids.SubjectKey;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.livegov.metrics.contract.Feed;
import org.livegov.jobs.UserError;
import org.livegov.jobs.generate.DemoGenerator;
import org.livegov.jobs.generate.GenerationReport;
import org.livegov.jobs.generate.GeneratorSpec;
import org.livegov.jobs.silver.FeedCounts;
import org.livegov.jobs.nightly.RunManifest;
import picocli.CommandLine.Command;
import org.livegov.metrics.spark.LiveGovSpark;
import picocli.CommandLine.Mixin;

/**
 * {@code livegov demo}: generate the small demo quarter, run the nightly on it with the built-in
 * demo key, print the run summary, and check the run against what the generator planted.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generate a small demo quarter, run the nightly job on it, print the summary.",
                "",
                "The quarter (2026Q2) is generated once into the landing folder; the run uses the built-in",
                "demo key and checks that every defect the generator planted was quarantined with its",
                "reason. Safe to rerun: files already ingested are skipped. About 3-7 minutes on 2 cores."})
public class DemoCommand implements Callable<Integer> {
    static final LocalDate FROM = LocalDate.of(2026, 4, 1);
    static final LocalDate TO = LocalDate.of(2026, 6, 30);

    @Mixin
    CommonOptions common;

    @Mixin
    SeedOption seedOption;

    @Override
    public Integer call() {
        common.validate();
        Path reportFile = common.localLanding().resolve(DemoGenerator.REPORT_FILE);
        GenerationReport report;
        if (Files.exists(reportFile)) {
            report = read(reportFile);
            System.out.printf("[generate] %s already holds a generated quarter (seed %d); not generating again%n",
                    common.localLanding(), report.seed());
        } else {
            long t0 = System.nanoTime();
            report = DemoGenerator.generate(new GeneratorSpec(GeneratorSpec.Scale.SMALL, seedOption.seed, FROM, TO, true), common.localLanding());
            long rows = report.feeds().values().stream().mapToLong(GenerationReport.FeedCounts::rows).sum();
            System.out.printf("[generate] small demo quarter %s..%s, seed %d: %,d rows in %d files, %,d planted defects (%.1f s)%n",
                    FROM, TO, seedOption.seed, rows, report.files().size(),
                    report.malformedByReason().values().stream().mapToLong(Long::longValue).sum(),
                    (System.nanoTime() - t0) / 1e9);
        }
        if (common.codegen == null) {
            common.codegen = LiveGovSpark.Codegen.INTERPRETED; // 29 k rows: compiling costs more than it saves
        }
        RunManifest m = NightlyCommand.run(common, TO, true, false, "demo --seed " + report.seed(), System.out);
        if (!m.feeds().isEmpty()) {
            check(report, m);
            checkOffenders(report, NightlyCommand.qualified(SparkSession.active(), common.warehouse));
        }
        return 0;
    }

    /** The run must quarantine exactly the planted defects and keep every planted record. */
    private static void check(GenerationReport report, RunManifest m) {
        StringBuilder problems = new StringBuilder();
        report.feeds().forEach((feed, planted) -> {
            FeedCounts got = m.feeds().get(feed);
            if (got == null) {
                problems.append(" ").append(feed).append(": not ingested;");
                return;
            }
            if (!planted.malformedByReason().equals(got.reasons())) {
                problems.append(" ").append(feed).append(": quarantined ").append(got.reasons())
                        .append(" but planted ").append(planted.malformedByReason()).append(";");
            }
            if (got.inserted() != planted.records()) {
                problems.append(" ").append(feed).append(": ").append(got.inserted()).append(" records in silver, planted ")
                        .append(planted.records()).append(";");
            }
        });
        if (problems.length() > 0) {
            throw new UserError("demo check failed:" + problems);
        }
        System.out.println("demo check: every planted defect was quarantined with its reason, every planted record reached silver ✓");
    }

    /**
     * Every planted cross-platform repeat offender (3 serious acts on two accounts, none with 3 on
     * one) must have a listing by R-SERIOUS-3IN24M (not public since version 3) across its accounts: persons by the keyed
     * hash of their identity number, companies by USCC.
     */
    static void checkOffenders(GenerationReport report, String warehouse) {
        SparkSession spark = SparkSession.active();
        org.livegov.jobs.Warehouse wh = new org.livegov.jobs.Warehouse(warehouse);
        Set<String> bySerious = new HashSet<>();
        for (Row r : spark.read().format("delta").load(wh.gold("offender_listings"))
                .where(expr("exists(rule_refs, r -> r LIKE 'R-SERIOUS-3IN24M@%')")).select("subject_key").collectAsList()) {
            bySerious.add(r.getString(0));
        }
        List<String> missing = new ArrayList<>();
        Dataset<Row> anchors = org.livegov.metrics.conform.RegisterHistory.current(spark.read().format("delta").load(wh.silver(Feed.ANCHORS)));
        for (GenerationReport.PlantedPerson p : report.repeatOffenders().plantedPersons()) {
            List<Row> keys = anchors.where(col("anchor_id").isin(p.anchorIds().toArray()))
                    .select("person_key").distinct().collectAsList();
            if (keys.size() != 1 || keys.get(0).isNullAt(0) || !bySerious.contains(SubjectKey.person(keys.get(0).getString(0)).toString())) {
                missing.add("person with accounts " + p.anchorIds());
            }
        }
        for (GenerationReport.PlantedCompany c : report.repeatOffenders().plantedCompanies()) {
            if (!bySerious.contains(SubjectKey.uscc(c.uscc()).toString())) {
                missing.add("company " + c.uscc());
            }
        }
        if (!missing.isEmpty()) {
            throw new UserError("demo check failed: planted repeat offenders not listed: " + missing);
        }
        System.out.printf("demo check: all %d planted cross-platform repeat offenders have a listing by R-SERIOUS-3IN24M (terms counted from the triggering decision) ✓%n",
                report.repeatOffenders().plantedPersons().size() + report.repeatOffenders().plantedCompanies().size());
    }

    private static GenerationReport read(Path f) {
        try {
            return new ObjectMapper().readValue(f.toFile(), GenerationReport.class);
        } catch (IOException e) {
            throw new UserError(f + ": unreadable generator report (" + e.getMessage().lines().findFirst().orElse("")
                    + "); empty the landing folder and run the demo again");
        }
    }
}
