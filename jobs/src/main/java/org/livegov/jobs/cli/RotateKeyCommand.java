package org.livegov.jobs.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.livegov.jobs.UserError;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.nightly.WarehouseKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code livegov rotate-key}: always refused (exit 1), with the reason. A re-key would recompute
 * every person key, phone key and USCC hash under the new key in one go; that needs the raw
 * identifiers, and the warehouse keeps none: they are pseudonymised at the first read (bronze) and
 * the staging copies of landed text are removed once bronze is written. The only real re-key path
 * is a new warehouse built from the landed files under the new key, which this command names.
 * Writes nothing, reads only {@code _control/pseudonym_key} ({@link WarehouseKey}); no Spark.
 */
@Command(name = "rotate-key", mixinStandardHelpOptions = true,
        description = {"Change the pseudonymisation key of a warehouse. Refused (exit 1) with the reason: the "
                + "warehouse keeps no raw identity numbers or phones (pseudonymised at the first read), so its keys "
                + "cannot be recomputed under a new key. To change the key, build a new warehouse from the landed files "
                + "with the new key set (livegov nightly --warehouse NEW ...); a night run on this warehouse with "
                + "another key stops before writing anything.",
                "Exit codes: 1 refused (always), 2 bad usage."})
public class RotateKeyCommand implements Callable<Integer> {
    @Option(names = "--warehouse", defaultValue = "warehouse",
            description = "Root of the Delta tables. Default: ${DEFAULT-VALUE}")
    String warehouse;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        OptionChecks.notBlank(spec, "--warehouse", warehouse);
        String recorded = recordedFingerprint(warehouse);
        throw new UserError("rotate-key refused: " + warehouse + " (key fingerprint " + recorded + ") keeps no raw "
                + "identity numbers, phones or USCCs to re-key, only their HMACs under the old key; to change the key, "
                + "set the new LIVEGOV_PSEUDONYM_KEY and build a new warehouse from the landed files "
                + "(livegov nightly --warehouse NEW --landing ALL-LANDED-FILES), and keep this one read-only for its "
                + "published releases");
    }

    /** The fingerprint file's content, or a phrase saying there is none. */
    static String recordedFingerprint(String warehouse) {
        Path p = new Path(WarehouseKey.file(new Warehouse(warehouse)));
        try {
            FileSystem fs = p.getFileSystem(new Configuration());
            if (!fs.exists(p)) {
                return "not recorded yet";
            }
            try (var in = fs.open(p)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
