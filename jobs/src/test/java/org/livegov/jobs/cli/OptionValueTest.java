package org.livegov.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.LiveGov;
import picocli.CommandLine;

/**
 * Every option value the CLI accepts either works or is refused before anything runs: bad usage
 * exits 2 with {@code livegov: <reason>} and the pointer to --help; a path that exists but is the
 * wrong kind exits 1 with one line. None of these starts Spark: each is refused by the option
 * checks at the top of the command (issue 18, "an option value either works or is refused").
 */
class OptionValueTest {
    private final StringWriter err = new StringWriter();

    @TempDir
    Path tmp;

    private int run(String... args) {
        CommandLine cl = LiveGov.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private void usage(String command, String reason, String... args) {
        assertEquals(2, run(args), err.toString());
        assertEquals(List.of("livegov: " + reason, "Try 'livegov " + command + " --help' for the options."),
                err.toString().lines().toList());
    }

    private void oneLine(String line, String... args) {
        assertEquals(1, run(args), err.toString());
        assertEquals(List.of("livegov: " + line), err.toString().lines().toList());
    }

    private String file() throws Exception {
        return Files.writeString(tmp.resolve("a-file.txt"), "x").toString();
    }

    @Test
    void noCommand() {
        assertEquals(2, run());
        assertEquals(List.of("livegov: a command is required", "Try 'livegov --help' for the options."),
                err.toString().lines().toList());
    }

    // --- CommonOptions (nightly, import, demo, publish, report, notebook, offenders) ---

    @Test
    void anEmptyWarehouseIsUsage() {
        // was: accepted, then Hadoop's "Can not create a Path from an empty string" after Spark started (exit 3)
        usage("nightly", "--warehouse must not be empty", "nightly", "--date", "2026-06-30", "--warehouse", "");
    }

    @Test
    void anEmptyLandingIsUsage() {
        // was: Path.of("") is the current folder, silently read (nightly) or written into (import, demo)
        usage("demo", "--landing must not be empty", "demo", "--landing", "");
    }

    @Test
    void anEmptyConfIsUsage() {
        // was: Path.of("") is the current folder: "taxonomy.yaml: configuration file not found" (exit 1)
        usage("report", "--conf must not be empty", "report", "--quarter", "2026Q2", "--conf", " ");
    }

    @Test
    void aGarbageMasterIsUsageBeforeConfigAndKey() {
        // was exit 1, and only after the configuration and the key were checked
        usage("nightly", "--master 'garbage' is not a Spark master URL; use local[N], local[*], yarn, spark://host:port or k8s://...",
                "nightly", "--date", "2026-06-30", "--master", "garbage");
        err.getBuffer().setLength(0);
        usage("offenders", "--master 'local[0]' is not a Spark master URL; use local[N], local[*], yarn, spark://host:port or k8s://...",
                "offenders", "--what-if", "x.yaml", "--master", "local[0]");
    }

    @Test
    void shufflePartitionsBelowOneIsUsage() {
        // was: passed to Spark as spark.sql.shuffle.partitions=0
        usage("notebook", "--shuffle-partitions must be 1 or more, not 0", "notebook", "nb.sql", "--shuffle-partitions", "0");
    }

    @Test
    void aShufflePartitionsWordIsUsage() {
        usage("nightly", "Invalid value for option '--shuffle-partitions': 'x' is not an int",
                "nightly", "--shuffle-partitions", "x");
    }

    @Test
    void aCodegenOtherThanCompiledOrInterpretedIsUsage() {
        usage("nightly", "Invalid value for option '--codegen': expected one of [COMPILED, INTERPRETED] (case-insensitive) but was 'fast'",
                "nightly", "--codegen", "fast");
    }

    // --- nightly ---

    @Test
    void aNightInTheFutureIsUsage() {
        // was: run (when the calendar had the year), and every later real night then needed --backfill
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        LocalDate tomorrow = today.plusDays(1);
        usage("nightly", "--date " + tomorrow + " is after today in Beijing (" + today + "); a night cannot be dated in the future",
                "nightly", "--date", tomorrow.toString());
    }

    @Test
    void aMissingLocalLandingIsOneLineBeforeTheKey() {
        // was: the key was asked for (or Spark started) first; the scanner said this only inside the run
        String missing = tmp.resolve("no-such-landing").toString();
        oneLine("landing folder " + missing + " does not exist (or is not a folder); check --landing",
                "nightly", "--date", "2026-06-30", "--conf", "../conf", "--landing", missing);
    }

    @Test
    void anEmptyDateIsUsage() {
        usage("nightly", "--date must be YYYY-MM-DD, not ''", "nightly", "--date", "");
    }

    // --- import ---

    @Test
    void anUnknownSourceIsUsage() throws Exception {
        // was exit 1 (UserError) for what is an unknown enum value
        usage("import", "--source: unknown source 'tiktok'; valid sources: douyin, cfpb, fda, dsa",
                "import", "--source", "tiktok", "--no-run", file());
    }

    // --- publish ---

    @Test
    void revisionWithoutVerifyIsUsage() {
        // was: silently ignored (publish makes revision 1 or, with --revise, the next one)
        usage("publish", "--revision needs --verify", "publish", "--quarter", "2026Q2", "--revision", "2");
    }

    @Test
    void reviseWithVerifyIsUsage() {
        // was: --revise silently ignored by --verify
        usage("publish", "--revise and --verify cannot be combined (--verify checks the revision --revision names)",
                "publish", "--quarter", "2026Q2", "--verify", "--revise");
    }

    @Test
    void differencesIntoAFolderIsUsage() {
        // was: accepted, and the CSV write failed after the whole rebuild
        usage("publish", "--differences " + tmp + " is a folder; give the CSV file's name",
                "publish", "--quarter", "2026Q2", "--verify", "--differences", tmp.toString());
    }

    @Test
    void anEmptyPublishOutIsUsage() {
        // was: accepted, then Hadoop's "Can not create a Path from an empty string" after Spark started (exit 3)
        usage("publish", "--out must not be empty", "publish", "--quarter", "2026Q2", "--out", "");
    }

    @Test
    void anEmptyQuarterIsUsage() {
        usage("publish", "--quarter: quarter must look like 2026Q2 (a year, Q, then 1 to 4), not ''", "publish", "--quarter", "");
    }

    @Test
    void aFifthQuarterIsUsageThatSaysOneToFour() {
        // was: "must look like 2026Q2, not '2026Q9'", which did not say what was wrong with it (fresh-user trial)
        usage("publish", "--quarter: quarter must look like 2026Q2 (a year, Q, then 1 to 4), not '2026Q9'",
                "publish", "--quarter", "2026Q9");
    }

    @Test
    void reportChecksTheQuarterAsPublishDoes() {
        // one check for both commands (QuarterOption.parse); report had its own regex and wording
        usage("report", "--quarter: quarter must look like 2026Q2 (a year, Q, then 1 to 4), not '2026Q9'",
                "report", "--quarter", "2026Q9");
    }

    // --- report, notebook, offenders: output folders ---

    @Test
    void anOutputFolderThatIsAFileIsOneLine() throws Exception {
        // was: accepted, and the write failed after Spark had read the tables
        String f = file();
        oneLine("--out " + f + " is a file, not a folder", "report", "--quarter", "2026Q2", "--out", f);
        err.getBuffer().setLength(0);
        oneLine("--out " + f + " is a file, not a folder", "offenders", "--what-if", "x.yaml", "--out", f);
        err.getBuffer().setLength(0);
        oneLine("--out " + f + " is a file, not a folder", "notebook", "nb.sql", "--out", f);
    }

    @Test
    void aParamWithoutANameIsUsage() {
        // was exit 1 after the notebook was read: "--param  is not a parameter of the notebook"
        usage("notebook", "--param needs NAME=VALUE with a name, not '=2026Q2'", "notebook", "nb.sql", "--param", "=2026Q2");
    }

    @Test
    void aParamWithoutEqualsIsUsage() {
        // picocli's own wording (its "option option" included): usage, exit 2
        usage("notebook", "Value for option option '--param' (NAME=VALUE) should be in KEY=VALUE format but was quarter", "notebook", "nb.sql", "--param", "quarter");
    }

    @Test
    void anEmptyOutputFolderIsUsage() {
        // was: Path.of("") is the current folder, written into
        usage("report", "--out must not be empty", "report", "--quarter", "2026Q2", "--out", "");
    }

    @Test
    void asOfIsAStrictDay() {
        // was: LocalDate.parse accepted "+12026-01-01" (year 12026)
        usage("offenders", "--as-of must be YYYY-MM-DD, not '+12026-01-01'", "offenders", "--what-if", "x.yaml", "--as-of", "+12026-01-01");
        err.getBuffer().setLength(0);
        usage("offenders", "--as-of 2026-02-30 is not a real day", "offenders", "--what-if", "x.yaml", "--as-of", "2026-02-30");
    }

    // --- maintain, benchmark, rotate-key, generate: their own options ---

    @Test
    void maintainRefusesAGarbageMasterAndAnEmptyWarehouse() {
        // was: LiveGovSpark.session threw Spark's "Could not parse Master URL" uncaught (exit 3)
        usage("maintain", "--master 'garbage' is not a Spark master URL; use local[N], local[*], yarn, spark://host:port or k8s://...",
                "maintain", "--master", "garbage");
        err.getBuffer().setLength(0);
        usage("maintain", "--warehouse must not be empty", "maintain", "--warehouse", "");
    }

    @Test
    void benchmarkRefusesBadValues() throws Exception {
        // --master: was Spark's "Could not parse Master URL" (exit 3) after the configuration was read
        usage("benchmark", "--master 'local' x' is not a Spark master URL; use local[N], local[*], yarn, spark://host:port or k8s://...",
                "benchmark", "--master", "local' x");
        err.getBuffer().setLength(0);
        usage("benchmark", "--shuffle-partitions must be 1 or more, not -4", "benchmark", "--shuffle-partitions", "-4");
        err.getBuffer().setLength(0);
        // was: the same history length measured twice, the second run overwriting the first's work folder
        usage("benchmark", "--history-quarters lists 1 twice", "benchmark", "--history-quarters", "1,4,1");
        err.getBuffer().setLength(0);
        usage("benchmark", "Invalid value for option '--history-quarters' (<historyQuarters>): '' is not an int",
                "benchmark", "--history-quarters", "1,,4");
        err.getBuffer().setLength(0);
        usage("benchmark", "--work must not be empty", "benchmark", "--work", "");
        err.getBuffer().setLength(0);
        // was: accepted, and the first write of the results failed after the whole benchmark (exit 1 or 3)
        oneLine("--results " + file() + " is a file, not a folder", "benchmark", "--results", file());
    }

    @Test
    void rotateKeyRefusesAnEmptyWarehouse() {
        // was exit 1 naming the fingerprint file at the file system's root ("/_control/pseudonym_key")
        usage("rotate-key", "--warehouse must not be empty", "rotate-key", "--warehouse", "");
    }

    @Test
    void generateRefusesAnEmptyLanding() {
        // was: Path.of("") is the current folder, generated into
        usage("generate", "--landing must not be empty", "generate", "--landing", "");
    }
}
