package org.livegov.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.LiveGov;
import picocli.CommandLine;

class GenerateCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = LiveGov.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void generatesAndSummarisesInOneParagraph(@TempDir Path dir) {
        Path landing = dir.resolve("landing");
        int rc = run("generate", "--scale", "SMALL", "--seed", "3", "--landing", landing.toString(),
                "--from", "2026-05-01", "--to", "2026-05-02");
        assertEquals(0, rc, err.toString());
        String summary = out.toString().trim();
        assertTrue(summary.startsWith("Generated small demo feeds (seed 3, 2026-05-01..2026-05-02)"), summary);
        assertEquals(1, summary.lines().count(), summary);
        assertTrue(Files.exists(landing.resolve("_generator-report.json")));
        assertTrue(Files.exists(landing.resolve("anchors/anchors-2026-06-30.csv")));
        // a second run into the same folder would mix two worlds: one actionable line
        assertEquals(1, run("generate", "--landing", landing.toString(), "--from", "2026-05-01", "--to", "2026-05-01"));
        assertTrue(err.toString().startsWith("livegov: "), err.toString());
        assertTrue(err.toString().contains("already exists"), err.toString());
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(2, run("generate", "--scale", "huge"));
        assertTrue(err.toString().contains("expected small, medium or national"), err.toString());
        assertEquals(2, run("generate", "--from", "2026-05-01", "--to", "2026-04-01"));
        assertEquals(2, run("generate", "--from", "2026-02-30"));
        assertEquals(2, run("generate", "--seed", "x"));
    }

    @Test
    void anUnwritableFolderIsOneActionableLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertEquals(1, run("generate", "--landing", file.resolve("landing").toString(), "--to", "2026-04-01"));
        String e = err.toString().trim();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("livegov: cannot write") && e.contains("--landing"), e);
    }
}
