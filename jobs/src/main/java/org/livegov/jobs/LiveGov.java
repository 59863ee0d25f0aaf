package org.livegov.jobs;

import org.livegov.jobs.cli.BenchmarkCommand;
import org.livegov.jobs.cli.DemoCommand;
import org.livegov.jobs.cli.GenerateCommand;
import org.livegov.jobs.cli.ImportCommand;
import org.livegov.jobs.cli.MaintainCommand;
import org.livegov.jobs.cli.NightlyCommand;
import org.livegov.jobs.cli.NotebookCommand;
import org.livegov.jobs.cli.OffendersCommand;
import org.livegov.jobs.cli.PublishCommand;
import org.livegov.jobs.cli.ReportCommand;
import org.livegov.jobs.cli.RotateKeyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Command-line entry point, for {@code bin/livegov} and {@code spark-submit --class
 * org.livegov.jobs.LiveGov}. Exit codes: 0 success, 1 a failure the user can act on (one line on
 * stderr), 2 bad usage, 3 an internal error (one line; the stack trace with LIVEGOV_DEBUG=1).
 */
@Command(name = "livegov", mixinStandardHelpOptions = true, version = "LiveGov 0.1.0",
        description = "Nightly governance analytics for live-streaming e-commerce.",
        subcommands = {DemoCommand.class, NightlyCommand.class, ImportCommand.class, GenerateCommand.class,
                PublishCommand.class, ReportCommand.class, NotebookCommand.class, BenchmarkCommand.class, MaintainCommand.class,
                OffendersCommand.class, RotateKeyCommand.class})
public final class LiveGov implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Builds the command line with LiveGov's error handling: user errors print one line. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new LiveGov());
        cl.setCaseInsensitiveEnumValuesAllowed(true); // --codegen interpreted
        // Bad usage (an unknown option, a malformed --date or --quarter): the reason and where the
        // options are, in two lines, instead of the reason buried above the whole usage text.
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("livegov: " + ex.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, cmd.getErr())) {
                cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
            }
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable t = ex;
            if (t instanceof UserError ue) {
                cmd.getErr().println("livegov: " + ue.getMessage());
                return 1;
            }
            cmd.getErr().println("livegov: internal error: " + String.valueOf(t).lines().findFirst().orElse("")
                    + (System.getenv("LIVEGOV_DEBUG") == null ? " (set LIVEGOV_DEBUG=1 for the stack trace)" : ""));
            if (System.getenv("LIVEGOV_DEBUG") != null) {
                t.printStackTrace(cmd.getErr());
            }
            return 3;
        });
        return cl;
    }

    public static void main(String[] args) {
        int rc = commandLine().execute(args);
        System.exit(rc);
    }
}
