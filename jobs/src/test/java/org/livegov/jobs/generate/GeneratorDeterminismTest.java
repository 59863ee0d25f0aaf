package org.livegov.jobs.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.UserError;

/** Same spec, same bytes; another seed, other bytes. A week of the small scale keeps it fast. */
class GeneratorDeterminismTest {
    private static GeneratorSpec week(long seed) {
        return new GeneratorSpec(GeneratorSpec.Scale.SMALL, seed, LocalDate.of(2026, 6, 12), LocalDate.of(2026, 6, 18), true);
    }

    @Test
    void sameSeedGivesIdenticalBytes(@TempDir Path dir) throws IOException {
        GenerationReport a = DemoGenerator.generate(week(7), dir.resolve("a"));
        GenerationReport b = DemoGenerator.generate(week(7), dir.resolve("b"));
        assertEquals(a, b);
        List<Path> files = files(dir.resolve("a"));
        assertEquals(files, files(dir.resolve("b")));
        assertTrue(files.size() > 20);
        for (Path f : files) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(f)), Files.readAllBytes(dir.resolve("b").resolve(f)), f.toString());
        }
    }

    @Test
    void anotherSeedGivesOtherBytes(@TempDir Path dir) throws IOException {
        DemoGenerator.generate(week(7), dir.resolve("a"));
        DemoGenerator.generate(week(8), dir.resolve("b"));
        for (String f : List.of("anchors/anchors-2026-06-30.csv", "broadcasts/broadcasts-2026-06-12.csv")) {
            Path fa = dir.resolve("a").resolve(f);
            Path fb = dir.resolve("b").resolve(f);
            assertTrue(Files.exists(fa) && Files.exists(fb), f);
            assertFalse(Arrays.equals(Files.readAllBytes(fa), Files.readAllBytes(fb)), f);
        }
    }

    @Test
    void refusesToOverwriteAnEarlierRunButAddsAnotherPeriod(@TempDir Path dir) {
        Path landing = dir.resolve("landing");
        DemoGenerator.generate(week(7), landing);
        UserError e = assertThrows(UserError.class, () -> DemoGenerator.generate(week(7), landing));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        GenerationReport next = DemoGenerator.generate(new GeneratorSpec(GeneratorSpec.Scale.SMALL, 7,
                LocalDate.of(2026, 6, 19), LocalDate.of(2026, 6, 20), false), landing);
        assertEquals(0, next.feeds().get("anchors").rows());
        assertTrue(next.feeds().get("broadcasts").rows() > 0);
        assertEquals(null, next.historyFrom());
    }

    @Test
    void anUnwritableLandingFolderIsAUserError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        UserError e = assertThrows(UserError.class, () -> DemoGenerator.generate(week(7), file.resolve("landing")));
        assertTrue(e.getMessage().startsWith("cannot write"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
