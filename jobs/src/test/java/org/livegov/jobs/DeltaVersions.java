package org.livegov.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The latest Delta version of every table under a local warehouse, read from the commit files on disk. */
public final class DeltaVersions {
    private DeltaVersions() {
    }

    /**
     * @param root the warehouse root folder
     * @return table path relative to the root (e.g. {@code gold/offenders_public}) → highest commit
     *     number in its {@code _delta_log}
     */
    public static Map<String, Long> of(Path root) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path log : s.filter(p -> p.getFileName().toString().equals("_delta_log")).toList()) {
                try (Stream<Path> commits = Files.list(log)) {
                    out.put(root.relativize(log.getParent()).toString(), commits.map(p -> p.getFileName().toString())
                            .filter(n -> n.matches("\\d{20}\\.json")).mapToLong(n -> Long.parseLong(n.substring(0, 20)))
                            .max().orElse(-1));
                }
            }
        }
        return out;
    }
}
