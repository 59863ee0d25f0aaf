package org.livegov.jobs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "work in progress")
public class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new org.livegov.jobs.UserError("demo is not available in this build");
    }
}
