package org.livegov.jobs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "nightly", mixinStandardHelpOptions = true, description = "work in progress")
public class NightlyCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new org.livegov.jobs.UserError("nightly is not available in this build");
    }
}
