package org.livegov.jobs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder: the real-data adapters are being built on branch 'adapters'. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Adapt real public files (douyin, cfpb, fda, dsa) into the landing folder and run the nightly.")
public class ImportCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new org.livegov.jobs.UserError("import is not available in this build");
    }
}
