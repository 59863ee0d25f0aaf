package org.livegov.jobs.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.UserError;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.notebook.NotebookFile;
import org.livegov.jobs.notebook.NotebookRunner;
import org.livegov.metrics.spark.LiveGovSpark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code livegov notebook FILE [--param k=v]... [--out DIR] [--max-rows N]}: runs an analyst's
 * notebook ({@code notebooks/*.sql}, format in {@link NotebookFile}) against the tables of the last
 * committed run and writes {@code <out>/<notebook>.md} and one CSV per cell result
 * ({@link NotebookRunner}).
 */
@Command(name = "notebook", mixinStandardHelpOptions = true,
        description = {"Run an analyst's notebook (notebooks/*.sql, see notebooks/README.md) and",
                "write <out>/<notebook>.md with each cell's prose, SQL and result, and one CSV",
                "per cell result in <out>/<notebook>-data/. A cell starts at a line",
                "'-- %%%% <title>'; its leading comment lines are prose, the rest Spark SQL over",
                "gold.<table> and silver.<table>, read at the Delta versions the committed runs",
                "recorded in _control/runs: a notebook never sees half of a run. Reads",
                "pseudonymised tables only: no pseudonymisation key needed.",
                "Exit codes: 0 done; 1 an unknown table, a SQL error or a missing parameter",
                "(one line naming the notebook and the cell); 2 bad usage."})
public class NotebookCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "FILE", description = "The notebook, e.g. notebooks/benchmark-quarter.sql")
    Path file;

    @Option(names = "--param", paramLabel = "NAME=VALUE",
            description = "Value of the notebook's parameter $${NAME}, e.g. --param quarter=2026Q2 (repeatable).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--out", defaultValue = "out/notebooks", paramLabel = "DIR",
            description = "Output folder. Default: ${DEFAULT-VALUE}")
    Path out;

    @Option(names = "--max-rows", defaultValue = "50", paramLabel = "N",
            description = "Rows of each result shown in the markdown (the CSV has all). Default: ${DEFAULT-VALUE}")
    int maxRows;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        common.validate();
        OptionChecks.outputFolder(spec, "--out", out);
        if (maxRows < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--max-rows must be 1 or more, not " + maxRows);
        }
        for (var e : params.entrySet()) {
            if (e.getKey().isBlank()) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--param needs NAME=VALUE with a name, not '=" + e.getValue() + "'");
            }
        }
        long t0 = System.nanoTime();
        NotebookFile nb = NotebookFile.read(file);
        nb.values(params); // a missing or unknown parameter stops here, before Spark starts
        String master = common.effectiveMaster();
        SparkSession spark;
        try {
            spark = LiveGovSpark.session(master, common.shufflePartitions);
        } catch (Exception e) {
            throw new UserError("cannot start Spark with --master " + master + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        Warehouse wh = new Warehouse(NightlyCommand.qualified(spark, common.warehouse));
        NotebookRunner.Result r = new NotebookRunner(spark, wh).run(nb, params, out, maxRows);
        spec.commandLine().getOut().printf("notebook %s: %d cells, %d tables read at run %s; wrote %s and %d CSV file(s); %.1f s%n",
                nb.name(), nb.cells().size(), r.tablesRead().size(), r.run().runId(), r.markdown(), r.csvFiles().size(),
                (System.nanoTime() - t0) / 1e9);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
