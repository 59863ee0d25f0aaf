package org.livegov.jobs.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.livegov.jobs.UserError;
import org.livegov.jobs.adapters.AdapterReport;
import org.livegov.jobs.adapters.Adapters;
import org.livegov.jobs.adapters.SourceAdapter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code livegov import --source douyin|cfpb|fda|dsa FILE...}: adapts real public files into the
 * landing folder ({@link org.livegov.jobs.adapters}), prints one report line per file, then runs
 * the nightly pipeline for today's Beijing date unless {@code --no-run} is given.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Adapt real public files (douyin, cfpb, fda, dsa) into the landing folder and run the nightly.")
public class ImportCommand implements Callable<Integer> {

    @Option(names = "--source", required = true, paramLabel = "SOURCE",
            description = "Source of the files: douyin, cfpb, fda or dsa; each in any of its publisher's layouts (docs/adapters.md).")
    String source;

    @Option(names = "--no-run", description = "Only land the adapted files; do not run the nightly pipeline.")
    boolean noRun;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Source files to adapt.")
    List<Path> files = new ArrayList<>();

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    /**
     * @return 0 after landing with {@code --no-run}, else the pipeline's exit code
     * @throws picocli.CommandLine.ParameterException (exit 2) for an unknown source or a bad common option
     * @throws UserError for a missing or unreadable file (checked for all files
     *     before any is adapted), a file whose header fits none of the source's layouts (the message
     *     names the closest layout and the columns that differ), or a failed write
     */
    @Override
    public Integer call() {
        common.validate();
        if (!Adapters.names().contains(source.strip().toLowerCase(java.util.Locale.ROOT))) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--source: unknown source '" + source
                    + "'; valid sources: " + String.join(", ", Adapters.names()));
        }
        SourceAdapter adapter = Adapters.byName(source);
        for (Path f : files) {
            if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
                throw new UserError("cannot read input file " + f);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Path f : files) {
            try {
                AdapterReport report = adapter.adapt(f, common.localLanding());
                out.println(report.toLine());
            } catch (IOException e) {
                throw new UserError("import of " + f + " into " + common.landing + " failed: " + e, e);
            }
        }
        out.flush();
        return noRun ? 0 : NightlyCommand.runPipeline(common, NightlyCommand.today(System.out));
    }
}
