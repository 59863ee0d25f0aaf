package org.livegov.jobs.adapters;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Test helpers: where the real files are, and reading landed files back. */
final class RealData {
    private RealData() {
    }

    /**
     * A real file from {@code shared/data/real}: the folder named by {@code -Dlivegov.realData},
     * else {@code ../../shared/data/real} (main checkout, relative to the jobs module), else
     * {@code ../../../shared/data/real} (a worktree under {@code wt/}). Skips the test when absent.
     */
    static Path file(String name) {
        Stream<String> candidates = Stream.of(System.getProperty("livegov.realData"),
                "../../shared/data/real", "../../../shared/data/real");
        Path found = candidates.filter(d -> d != null).map(d -> Path.of(d, name))
                .filter(Files::isRegularFile).findFirst().orElse(null);
        assumeTrue(found != null, "real data file absent: " + name);
        return found;
    }

    /** A landed contract CSV as rows of column name to text (blank cells as ""). */
    static List<Map<String, String>> read(Path csv) throws IOException {
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv.toFile())) {
            return it.readAll();
        }
    }

    /** The header row of a landed file. */
    static List<String> header(Path csv) throws IOException {
        return List.of(Files.readAllLines(csv).get(0).split(",", -1));
    }
}
