package org.livegov.jobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.livegov.jobs.UserError;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks of option values that every command runs first, before reading configuration or
 * starting Spark (issue 18: a value the CLI accepts either works or is refused, never an internal
 * error). A wrong value is bad usage: a {@link ParameterException}, which the CLI prints as
 * {@code livegov: <reason>} and the pointer to {@code --help}, exit 2. A path that exists but is
 * the wrong kind is a {@link UserError} (one line, exit 1).
 */
final class OptionChecks {
    /** The Spark master URLs LiveGov accepts; {@code local[0]} and anything else are refused. */
    static final Pattern MASTER = Pattern.compile(
            "local(\\[(\\*|[1-9]\\d*)(,\\d+)?\\])?|local-cluster\\[\\d+,\\d+,\\d+\\]|yarn|(spark|k8s|mesos)://\\S+");

    private OptionChecks() {
    }

    static ParameterException usage(CommandSpec spec, String reason) {
        return new ParameterException(spec.commandLine(), reason);
    }

    /**
     * A folder or file option given as {@code ""} or blanks would be the current folder
     * ({@code Path.of("")}) or an error deep in Hadoop ({@code new Path("")}).
     *
     * @throws ParameterException when {@code value} is empty or blank
     */
    static void notBlank(CommandSpec spec, String option, Object value) {
        if (value != null && value.toString().isBlank()) {
            throw usage(spec, option + " must not be empty");
        }
    }

    /** @throws ParameterException when {@code master} is given and is not a Spark master URL */
    static void master(CommandSpec spec, String master) {
        String problem = masterProblem(master);
        if (problem != null) {
            throw usage(spec, problem);
        }
    }

    /** @return the one-line reason a given {@code --master} is refused, or null when it is absent or a master URL */
    static String masterProblem(String master) {
        return master == null || MASTER.matcher(master).matches() ? null : "--master '" + master
                + "' is not a Spark master URL; use local[N], local[*], yarn, spark://host:port or k8s://...";
    }

    /** @throws ParameterException when {@code value < min} */
    static void atLeast(CommandSpec spec, String option, long value, long min) {
        if (value < min) {
            throw usage(spec, option + " must be " + min + " or more, not " + value);
        }
    }

    /**
     * An output folder: empty is bad usage; an existing file where the folder should be is a
     * file problem, found before anything is read or written.
     *
     * @throws ParameterException when empty
     * @throws UserError when it exists and is not a folder
     */
    static void outputFolder(CommandSpec spec, String option, Path dir) {
        notBlank(spec, option, dir);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError(option + " " + dir + " is a file, not a folder");
        }
    }
}
