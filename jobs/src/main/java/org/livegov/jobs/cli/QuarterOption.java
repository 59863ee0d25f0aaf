package org.livegov.jobs.cli;

import org.livegov.metrics.bench.Quarter;
import picocli.CommandLine.Option;

/**
 * The {@code --quarter yyyyQn} option of the quarterly commands (publish, report), declared and
 * checked once ({@link #parse}).
 */
public class QuarterOption {
    @Option(names = "--quarter", required = true, paramLabel = "yyyyQn", description = "Beijing quarter, e.g. 2026Q2")
    public String quarter;

    /**
     * @param spec the command, for the usage error
     * @return the quarter given
     * @throws picocli.CommandLine.ParameterException (exit 2, one line) when the text is not
     *     {@code yyyyQn} with n in 1..4 ({@link Quarter#parse})
     */
    public Quarter parse(picocli.CommandLine.Model.CommandSpec spec) {
        try {
            return Quarter.parse(quarter);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--quarter: " + e.getMessage());
        }
    }
}
