package org.livegov.jobs.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.config.ConfigLoader;
import org.livegov.jobs.config.LiveGovConfig;
import org.livegov.jobs.config.TrendConfigLoader;
import org.livegov.jobs.publish.PublishJob;
import org.livegov.jobs.report.ReportModel;
import org.livegov.jobs.report.ReportSources;
import org.livegov.jobs.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code livegov report --quarter yyyyQn [--lang zh|en] [--out DIR] [--league-n N]}: the bureau's quarterly trend report. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write the quarterly trend report: one self-contained HTML file (works offline) and a folder",
                "with the data of every chart as CSV and one XLSX workbook. Reads the gold tables only.",
                "Exit codes: 0 done, 1 a table or configuration the user must fix (one line), 2 bad usage."})
public class ReportCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    QuarterOption quarterOption;

    @Option(names = "--lang", defaultValue = "zh", paramLabel = "zh|en",
            description = "Language the report opens in (it has a switch). Default: ${DEFAULT-VALUE}")
    String lang;

    @Option(names = "--out", defaultValue = "report", paramLabel = "DIR", description = "Output folder. Default: ${DEFAULT-VALUE}")
    Path out;

    @Option(names = "--league-n", defaultValue = "10", paramLabel = "N",
            description = "Entities shown at each end of the merchant, anchor and MCN leagues (top N and bottom N). Default: ${DEFAULT-VALUE}")
    int leagueN;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        common.validate();
        String quarter = quarterOption.parse(spec).toString();
        if (!lang.equals("zh") && !lang.equals("en")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--lang must be zh or en, not '" + lang + "'");
        }
        if (leagueN < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--league-n must be at least 1, not " + leagueN);
        }
        OptionChecks.outputFolder(spec, "--out", out);
        long t0 = System.nanoTime();
        LiveGovConfig conf = ConfigLoader.load(common.conf);
        SparkSession spark = common.startSpark();
        Warehouse wh = new Warehouse(NightlyCommand.qualified(spark, common.warehouse));
        Dataset<Row> offenders = ReportSources.optional(spark, wh, "offender_listings");
        ReportModel.Report report = ReportModel.build(quarter, ReportSources.trendSeries(spark, wh),
                ReportSources.optional(spark, wh, PublishJob.BENCHMARK_SCORES),
                ReportSources.optional(spark, wh, PublishJob.BENCHMARK_INDICATORS),
                offenders == null ? null : ReportSources.offenderCounts(offenders), conf.trend(),
                TrendConfigLoader.categoryNames(common.conf.resolve("taxonomy.yaml")), leagueN);
        ReportWriter.Written w = ReportWriter.write(report, out, lang);
        System.out.printf("report %s: %s (%d charts); data in %s; %.1f s%n", quarter, w.html(), w.charts(), w.dataDir(),
                (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
