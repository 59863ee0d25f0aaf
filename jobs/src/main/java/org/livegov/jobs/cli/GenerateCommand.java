package org.livegov.jobs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder: the demo-data generator is being built on branch 'generator'. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate coherent demo feeds into the landing folder.")
public class GenerateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new org.livegov.jobs.UserError("generate is not available in this build");
    }
}
