package org.livegov.jobs.cli;

import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.livegov.jobs.generate.DemoGenerator;
import org.livegov.jobs.generate.GeneratorSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code livegov demo}: generate the small demo quarter, run the nightly on it, print the summary. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generate the small demo quarter (2026Q2) into the landing folder, run the nightly",
                "job on it with the built-in demo key, and print the run summary. Safe to rerun:",
                "files already ingested are skipped."})
public class DemoCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--seed", defaultValue = "42", description = "Generator seed. Default: ${DEFAULT-VALUE}")
    long seed;

    @Override
    public Integer call() throws Exception {
        LocalDate from = LocalDate.of(2026, 4, 1);
        LocalDate to = LocalDate.of(2026, 6, 30);
        long t0 = System.nanoTime();
        var report = DemoGenerator.generate(new GeneratorSpec(GeneratorSpec.Scale.SMALL, seed, from, to, true), common.landing);
        System.out.printf("[generate] small demo quarter %s..%s, seed %d, into %s (%.1f s)%n", from, to, seed,
                common.landing, (System.nanoTime() - t0) / 1e9);
        NightlyCommand.run(common, to, true, "demo --seed " + seed, System.out);
        return 0;
    }
}
