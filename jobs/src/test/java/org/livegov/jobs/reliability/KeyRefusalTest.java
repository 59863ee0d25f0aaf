package org.livegov.jobs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.Fixtures;

/**
 * Promise: without a pseudonymisation key, outside the demo, the job refuses to run: exit 1, one
 * line naming LIVEGOV_PSEUDONYM_KEY, nothing written. Runs LiveGov as a separate process whose
 * environment has neither LIVEGOV_PSEUDONYM_KEY nor LIVEGOV_PSEUDONYM_KEY_FILE (the test JVM has a
 * test key, see jobs/pom.xml).
 */
@Tag("slow")
class KeyRefusalTest {
    @TempDir
    Path tmp;

    @Test
    void withoutAKeyOutsideTheDemoTheJobRefusesBeforeWritingAnything() throws Exception {
        Path landing = tmp.resolve("landing");
        Fixtures.copyTree(Path.of("src/test/resources/fixtures/personal-data"), landing);
        Path wh = tmp.resolve("warehouse");
        Map<String, String> env = new HashMap<>();
        env.put("LIVEGOV_PSEUDONYM_KEY", null);
        env.put("LIVEGOV_PSEUDONYM_KEY_FILE", null);
        try (ChildJob job = new ChildJob(env, tmp.resolve("logs"), "nightly", "--date", "2026-06-30",
                "--landing", landing.toString(), "--warehouse", wh.toString(), "--conf", "../conf",
                "--master", "local[1]")) {
            assertEquals(1, job.await(300));
            List<String> err = job.stderr();
            assertEquals(1, err.size(), String.valueOf(err)); // one line, no stack trace
            assertTrue(err.get(0).startsWith("livegov: no pseudonymisation key: set LIVEGOV_PSEUDONYM_KEY (16+ characters)"),
                    err.get(0));
            assertEquals(List.of(), job.stdout());
        }
        assertFalse(Files.exists(wh), "nothing written");
    }
}
