package org.livegov.jobs.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --seed} of the commands that generate data and then run on it (demo, benchmark),
 * declared once. {@code livegov generate} has its own {@code --seed} (same default, its own help
 * text).
 */
public class SeedOption {
    @Option(names = "--seed", defaultValue = "42", description = "Generator seed. Default: ${DEFAULT-VALUE}")
    public long seed;
}
