package org.livegov.jobs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.LiveGov;
import org.livegov.jobs.Fixtures;
import org.livegov.jobs.SparkTestBase;
import org.livegov.jobs.UserError;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.config.LiveGovConfig;
import org.livegov.jobs.nightly.NightlyJob;
import org.livegov.jobs.nightly.RunManifest;
import org.livegov.metrics.ids.Pseudonymiser;
import picocli.CommandLine;

/**
 * Promise (issue 13 item 6): a night whose pseudonymisation key differs from the warehouse's stops
 * before any write, naming both fingerprints; the first run of a warehouse records its key's
 * fingerprint; {@code rotate-key} refuses with the reason.
 *
 * <p>Fingerprints worked out by hand with {@code printf '%s' KEY | sha256sum | cut -c1-8}:
 * "reliability-test-key-0123456789" (the test key, {@link ChildJob#KEY}) gives {@code 095a89e8};
 * "another-key-for-the-same-warehouse" gives {@code beedcd70}.
 *
 * <p>Fixture: {@code fixtures/e2e}, run date 2026-06-30: a copy of the shared first night.
 */
@Tag("slow")
class KeyFingerprintTest extends SparkTestBase {
    static final LocalDate NIGHT = LocalDate.of(2026, 6, 30);
    static final String TEST_FP = "095a89e8";
    static final String OTHER_KEY = "another-key-for-the-same-warehouse";
    static final String OTHER_FP = "beedcd70";

    @TempDir
    static Path tmp;
    static Path landing;
    static LiveGovConfig conf;
    static Warehouse wh;
    static RunManifest first;

    /** A copy of the JVM's shared first night (key {@link Fixtures#KEY_TEXT}); each test leaves it as it found it. */
    @BeforeAll
    static void firstNight() {
        Fixtures.Night night = Fixtures.e2eNight(spark).copyTo(tmp);
        landing = night.landing();
        wh = night.warehouse();
        first = night.manifest();
        conf = Fixtures.shippedConf();
    }

    static RunManifest night(String key) {
        return new NightlyJob(spark, conf, new Pseudonymiser(key.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run(new NightlyJob.Params(wh.root(), landing.toString(), NIGHT, "test"));
    }

    /** Per Delta table under the warehouse: its number of commit files; plus the manifests and the lock. */
    static Map<String, Long> writes() throws IOException {
        Map<String, Long> w = new TreeMap<>();
        Path root = Path.of(wh.root());
        try (Stream<Path> s = Files.walk(root)) {
            for (Path log : s.filter(p -> p.getFileName().toString().equals("_delta_log")).toList()) {
                try (Stream<Path> commits = Files.list(log)) {
                    w.put(root.relativize(log.getParent()).toString(),
                            commits.filter(p -> p.getFileName().toString().endsWith(".json")).count());
                }
            }
        }
        try (Stream<Path> m = Files.list(root.resolve("_manifests"))) {
            w.put("_manifests", m.filter(p -> p.getFileName().toString().endsWith(".json")).count());
        }
        w.put("_control/lock", Files.exists(root.resolve("_control/lock")) ? 1L : 0L);
        return w;
    }

    @Test
    void theFirstRunRecordsTheKeysFingerprint() throws IOException {
        assertEquals(TEST_FP, first.keyFingerprint());
        assertEquals(TEST_FP + "\n", Files.readString(Path.of(wh.root(), "_control", "pseudonym_key")));
    }

    @Test
    void aNightWithAnotherKeyStopsBeforeAnyWrite() throws IOException {
        Map<String, Long> before = writes();
        assertTrue(before.get("silver/anchors") >= 1 && before.get("_manifests") == 1, String.valueOf(before));
        UserError e = assertThrows(UserError.class, () -> night(OTHER_KEY));
        assertTrue(e.getMessage().startsWith("the pseudonymisation key's fingerprint is " + OTHER_FP + " but "), e.getMessage());
        assertTrue(e.getMessage().contains("built with the key whose fingerprint is " + TEST_FP), e.getMessage());
        assertTrue(e.getMessage().contains("set LIVEGOV_PSEUDONYM_KEY"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        // no new Delta version in any table, no manifest, no lock left
        assertEquals(before, writes());
    }

    @Test
    void aWarehouseFromBeforeTheFileIsCheckedAgainstItsLastCommittedManifest() throws IOException {
        // the first night's committed run row holds "pseudonym_key_fingerprint": "095a89e8"
        Path file = Path.of(wh.root(), "_control", "pseudonym_key");
        Path aside = tmp.resolve("pseudonym_key.aside");
        Files.move(file, aside);
        try {
            Map<String, Long> before = writes();
            UserError e = assertThrows(UserError.class, () -> night(OTHER_KEY));
            assertTrue(e.getMessage().contains(OTHER_FP) && e.getMessage().contains(TEST_FP), e.getMessage());
            assertEquals(before, writes());
            assertFalse(Files.exists(file), "a refused run records nothing");
        } finally {
            Files.move(aside, file);
        }
    }

    @Test
    void theCliExitsOneWithOneLine() {
        // LiveGov's handler prints a UserError as one line and returns 1 (the same path as nightly's refusal)
        StringWriter err = new StringWriter();
        CommandLine cl = LiveGov.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        assertEquals(1, cl.execute("rotate-key", "--warehouse", wh.root()));
        List<String> lines = err.toString().lines().toList();
        assertEquals(1, lines.size(), String.valueOf(lines));
        assertTrue(lines.get(0).startsWith("livegov: rotate-key refused: " + wh.root() + " (key fingerprint " + TEST_FP
                + ") keeps no raw identity numbers"), lines.get(0));
        assertTrue(lines.get(0).contains("build a new warehouse from the landed files"), lines.get(0));
    }

    @Test
    void theNightlyCommandWithAnotherKeyExitsOneWithOneLineAndWritesNothing() throws Exception {
        Map<String, Long> before = writes();
        Map<String, String> env = new java.util.HashMap<>();
        env.put("LIVEGOV_PSEUDONYM_KEY", OTHER_KEY);
        env.put("LIVEGOV_PSEUDONYM_KEY_FILE", null);
        try (ChildJob job = new ChildJob(env, tmp.resolve("logs"), "nightly", "--date", NIGHT.toString(),
                "--landing", landing.toString(), "--warehouse", wh.root(), "--conf", "../conf", "--master", "local[1]")) {
            assertEquals(1, job.await(300));
            List<String> err = job.stderr();
            assertEquals(1, err.size(), String.valueOf(err));
            assertTrue(err.get(0).startsWith("livegov: the pseudonymisation key's fingerprint is " + OTHER_FP + " but "),
                    err.get(0));
            assertTrue(err.get(0).contains(TEST_FP), err.get(0));
        }
        assertEquals(before, writes());
    }
}
