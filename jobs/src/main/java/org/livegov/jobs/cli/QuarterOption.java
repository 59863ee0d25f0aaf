package org.livegov.jobs.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --quarter yyyyQn} option of the quarterly commands (publish, report), declared once.
 * The text is not checked here: each command checks it and reports a bad value as a usage error
 * (exit 2).
 */
public class QuarterOption {
    @Option(names = "--quarter", required = true, paramLabel = "yyyyQn", description = "Beijing quarter, e.g. 2026Q2")
    public String quarter;
}
