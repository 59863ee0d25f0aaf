package org.livegov.jobs.cli;

import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "nightly", mixinStandardHelpOptions = true, description = "work in progress")
public class NightlyCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return runPipeline(new CommonOptions(), LocalDate.now());
    }

    /**
     * Runs the nightly pipeline (bronze, silver, gold) over what is new in the landing folder.
     *
     * @return process exit code, 0 on success
     * @throws org.livegov.jobs.UserError on a failure the user can act on
     */
    public static int runPipeline(CommonOptions options, LocalDate runDate) {
        throw new org.livegov.jobs.UserError("nightly is not available in this build");
    }
}
