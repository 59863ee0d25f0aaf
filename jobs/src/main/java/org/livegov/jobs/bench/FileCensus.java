package org.livegov.jobs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The regular files under a local folder with their sizes, to count what a stage wrote: a file is
 * written when it is new or its size changed between two censuses. (Delta never rewrites a data
 * file in place, so this counts data files, log entries and checkpoints.)
 */
record FileCensus(Map<String, Long> sizes) {

    /** @throws UncheckedIOException when the folder cannot be walked */
    static FileCensus of(Path root) {
        Map<String, Long> sizes = new HashMap<>();
        if (!Files.isDirectory(root)) {
            return new FileCensus(sizes);
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile).forEach(p -> {
                try {
                    sizes.put(p.toString(), Files.size(p));
                } catch (IOException e) {
                    // removed while walking (a temporary file): not a written file
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FileCensus(sizes);
    }

    /** Files new or resized since {@code before}, and their bytes: {@code [files, bytes]}. */
    long[] writtenSince(FileCensus before) {
        long files = 0;
        long bytes = 0;
        for (var e : sizes.entrySet()) {
            Long old = before.sizes.get(e.getKey());
            if (old == null || !old.equals(e.getValue())) {
                files++;
                bytes += e.getValue();
            }
        }
        return new long[]{files, bytes};
    }

    /** Delta commits since {@code before}: new commit files ({@code _delta_log/<version>.json}). */
    long commitsSince(FileCensus before) {
        return sizes.keySet().stream().filter(f -> !before.sizes.containsKey(f)
                && f.matches(".*[/\\\\]_delta_log[/\\\\]\\d{20}\\.json")).count();
    }

    /** Total bytes of the files. */
    long bytes() {
        return sizes.values().stream().mapToLong(Long::longValue).sum();
    }
}
