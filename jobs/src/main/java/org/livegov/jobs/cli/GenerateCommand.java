package org.livegov.jobs.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.livegov.jobs.generate.DemoGenerator;
import org.livegov.jobs.generate.GenerationReport;
import org.livegov.jobs.generate.GeneratorSpec;
import org.livegov.jobs.generate.GeneratorSpec.Scale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code livegov generate}: writes deterministic demo feeds into the landing folder (see
 * {@link DemoGenerator}). Prints one summary paragraph on stdout, and progress lines on stderr at
 * national scale.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate coherent demo feeds (registers, broadcasts, violations, complaints) "
                + "into the landing folder. Same options, same bytes.")
public class GenerateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--scale", defaultValue = "small", converter = ScaleConverter.class,
            description = "small (seconds; ~20,000 broadcasts), medium (a tenth of national) or national "
                    + "(~4 million broadcasts, about 1 GB). Default: ${DEFAULT-VALUE}")
    Scale scale;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--landing", defaultValue = "landing",
            description = "Landing folder to write into. Default: ${DEFAULT-VALUE}")
    Path landing;

    @Option(names = "--from", defaultValue = "2026-04-01",
            description = "First Beijing day of facts (yyyy-MM-dd). Default: ${DEFAULT-VALUE}")
    LocalDate from;

    @Option(names = "--to", defaultValue = "2026-06-30",
            description = "Last Beijing day of facts, inclusive. Default: ${DEFAULT-VALUE}")
    LocalDate to;

    @Option(names = "--no-registers", negatable = false,
            description = "Write only the day files of facts: no registers, no violation history, "
                    + "no planted repeat offenders (for adding a period to an existing landing folder "
                    + "generated with the same scale and seed).")
    boolean noRegisters;

    /** Accepts the scale case-insensitively. */
    static final class ScaleConverter implements CommandLine.ITypeConverter<Scale> {
        @Override
        public Scale convert(String value) {
            try {
                return Scale.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected small, medium or national, not '" + value + "'");
            }
        }
    }

    @Override
    public Integer call() {
        OptionChecks.notBlank(commandSpec, "--landing", landing);
        if (to.isBefore(from)) {
            throw new CommandLine.ParameterException(commandSpec.commandLine(),
                    "--to " + to + " is before --from " + from);
        }
        GeneratorSpec spec = new GeneratorSpec(scale, seed, from, to, !noRegisters);
        var err = commandSpec.commandLine().getErr();
        boolean verbose = scale != Scale.SMALL;
        long t0 = System.nanoTime();
        GenerationReport r = DemoGenerator.generate(spec, landing, line -> {
            if (verbose) {
                err.println("livegov generate: " + line);
                err.flush();
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        commandSpec.commandLine().getOut().println(summary(r, landing, seconds));
        return 0;
    }

    static String summary(GenerationReport r, Path landing, double seconds) {
        long rows = r.feeds().values().stream().mapToLong(GenerationReport.FeedCounts::rows).sum();
        long malformed = r.feeds().values().stream().mapToLong(GenerationReport.FeedCounts::malformed).sum();
        long duplicates = r.feeds().values().stream().mapToLong(GenerationReport.FeedCounts::duplicates).sum();
        long corrections = r.feeds().values().stream().mapToLong(GenerationReport.FeedCounts::corrections).sum();
        long late = r.feeds().values().stream().mapToLong(GenerationReport.FeedCounts::late).sum();
        long bytes = r.files().stream().mapToLong(GenerationReport.FileEntry::bytes).sum();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "Generated %s demo feeds (seed %d, %s..%s) into %s in %.1f s: %,d broadcasts, %,d violations, "
                        + "%,d complaints",
                r.scale(), r.seed(), r.from(), r.to(), landing, seconds, r.feeds().get("broadcasts").records(),
                r.feeds().get("violations").records(), r.feeds().get("complaints").records()));
        if (r.registers()) {
            sb.append(String.format(Locale.ROOT, " (violations include history since %s), registers of %,d anchors, "
                            + "%,d merchants, %,d MCNs; %d planted cross-platform repeat offenders",
                    r.historyFrom(), r.feeds().get("anchors").records(), r.feeds().get("merchants").records(),
                    r.feeds().get("mcns").records(),
                    r.repeatOffenders().plantedPersons().size() + r.repeatOffenders().plantedCompanies().size()));
        }
        sb.append(String.format(Locale.ROOT, ". %,d rows in %,d files (%.1f MB), with %,d malformed rows to be "
                        + "quarantined, %,d exact duplicates, %,d corrections and %,d late records. Report: %s",
                rows, r.files().size(), bytes / 1e6, malformed, duplicates, corrections, late,
                landing.resolve(DemoGenerator.REPORT_FILE)));
        return sb.toString();
    }
}
