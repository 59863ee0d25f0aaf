package org.livegov.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.livegov.jobs.LiveGov;
import picocli.CommandLine;

/**
 * Bad usage prints the reason and where the options are, in two lines, and exits 2; the whole
 * usage text is for --help. None of these starts Spark: the options are checked first.
 */
class UsageErrorTest {
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = LiveGov.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private List<String> errLines() {
        return err.toString().lines().toList();
    }

    @Test
    void badQuarterIsOneReasonAndAPointerToHelp() {
        assertEquals(2, run("publish", "--quarter", "2026Q5"));
        List<String> lines = errLines();
        assertEquals(2, lines.size(), err.toString());
        assertEquals(true, lines.get(0).startsWith("livegov: --quarter: "), lines.get(0));
        assertEquals("Try 'livegov publish --help' for the options.", lines.get(1));
    }

    @Test
    void badDayIsOneReasonAndAPointerToHelp() {
        assertEquals(2, run("nightly", "--date", "2026-02-30"));
        assertEquals(List.of("livegov: --date 2026-02-30 is not a real day", "Try 'livegov nightly --help' for the options."),
                errLines());
    }

    @Test
    void misspeltOptionSuggestsTheRightOne() {
        // picocli's suggestion replaces the pointer to --help: "Possible solutions: --date"
        assertEquals(2, run("nightly", "--dat", "2026-06-30"));
        List<String> lines = errLines();
        assertEquals("livegov: Unknown options: '--dat', '2026-06-30'", lines.get(0));
        assertEquals(true, lines.get(1).contains("--date"), err.toString());
        assertEquals(false, err.toString().contains("Usage:"), err.toString());
    }

    @Test
    void aNegativeRetentionIsUsageNotAnInternalError() {
        assertEquals(2, run("maintain", "--retain-hours", "-1"));
        assertEquals(List.of("livegov: --retain-hours must be 0 or more, not -1", "Try 'livegov maintain --help' for the options."),
                errLines());
    }

    @Test
    void differencesWithoutVerifyIsUsage() {
        assertEquals(2, run("publish", "--quarter", "2026Q2", "--differences", "diff.csv"));
        assertEquals(List.of("livegov: --differences needs --verify", "Try 'livegov publish --help' for the options."), errLines());
    }
}
