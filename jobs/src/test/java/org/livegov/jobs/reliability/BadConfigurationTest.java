package org.livegov.jobs.reliability;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.livegov.jobs.Fixtures;
import org.livegov.jobs.LiveGov;
import picocli.CommandLine;

/**
 * Promise: a bad configuration is rejected before anything is written, with the key and the
 * reason in one line (exit 1). Each case copies {@code conf/}, breaks one thing, and runs
 * {@code livegov nightly} in-process on the e2e fixture (so that, were the configuration accepted,
 * the run would write tables); afterwards the warehouse folder must not exist.
 *
 * <p>The indicator catalogue ({@code conf/indicators.yaml}): an id with no indicator definition
 * (P01 renamed P99), and platform weights that sum to 1.01 instead of 1 (P01's weight, the first
 * {@code weight: 0.08} of the file, raised to 0.09: 1 − 0.08 + 0.09 = 1.01).
 */
@Tag("slow")
class BadConfigurationTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            negative working days | livegov.yaml          | 'acceptance_working_days: 7' | 'acceptance_working_days: -3' | complaints.acceptance_working_days: -3 is impossible; allowed 1..365
            zero-month window     | offenders.yaml        | 'window_months: 24'          | 'window_months: 0'            | window_months: 0 is impossible; allowed 1..240
            unknown key           | livegov.yaml          | 'max_gmv_cny:'               | 'max_gmv_yuan:'               | unknown key quarantine.max_gmv_yuan
            category w/o severity | taxonomy.yaml         | ', kind: commodity, severity: s4}' | ', kind: commodity}'     | categories.V01.severity: missing value
            missing calendar year | calendar/cn-holidays.yaml | '  2026:'                | '  x2026:'                    | no year 2026
            unknown indicator     | indicators.yaml       | 'id: P01_anchor_real_name'   | 'id: P99_anchor_real_name'    | indicators[0] (P99_anchor_real_name).id: no indicator definition has this id
            weights not summing   | indicators.yaml       | 'weight: 0.08'               | 'weight: 0.09'                | indicators[role=platform].weight: weights of role platform sum to 1.01
            """)
    void rejectedBeforeAnythingIsWritten(String name, String file, String from, String to, String expected) throws IOException {
        Path conf = tmp.resolve("conf");
        Fixtures.copyTree(Path.of("..", "conf"), conf);
        Path f = conf.resolve(file);
        String text = Files.readString(f, StandardCharsets.UTF_8);
        assertTrue(text.contains(from), "fixture edit must apply: " + from);
        if (name.equals("missing calendar year")) {
            // 2026 is the last year of the file: cut it off from its key line (not the header comment)
            text = text.substring(0, text.indexOf("\n" + from) + 1);
        } else {
            text = text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
        }
        Files.writeString(f, text, StandardCharsets.UTF_8);
        Path landing = tmp.resolve("landing");
        Fixtures.copyTree(Path.of("src/test/resources/fixtures/e2e"), landing);
        Path warehouse = tmp.resolve("warehouse");

        StringWriter err = new StringWriter();
        CommandLine cl = LiveGov.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        int rc = cl.execute("nightly", "--date", "2026-06-30", "--landing", landing.toString(),
                "--warehouse", warehouse.toString(), "--conf", conf.toString(), "--master", "local[2]");

        String e = err.toString().trim();
        assertEquals(1, rc, e);
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("livegov: ") && e.contains(expected), e);
        assertTrue(e.contains(file.substring(file.lastIndexOf('/') + 1)), "names the file: " + e);
        assertFalse(Files.exists(warehouse), "nothing written for: " + name);
    }
}
