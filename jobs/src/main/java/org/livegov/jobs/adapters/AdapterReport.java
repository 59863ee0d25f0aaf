package org.livegov.jobs.adapters;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one adapter run did with one input file.
 *
 * @param source      adapter name ({@code douyin}, {@code cfpb}, {@code fda}, {@code dsa})
 * @param input       the file read
 * @param rowsRead    data rows in the file (header excluded), including dropped ones
 * @param rowsWritten feed name to rows landed, sorted by feed; register rows (platforms, anchors,
 *                    merchants) are derived, so only fact rows add up to {@code rowsRead - dropped}
 * @param dropped     drop reason to rows dropped, sorted by reason; empty when none
 */
public record AdapterReport(String source, Path input, long rowsRead, Map<String, Long> rowsWritten,
                            Map<String, Long> dropped) {

    public AdapterReport {
        rowsWritten = Collections.unmodifiableMap(new TreeMap<>(rowsWritten));
        dropped = Collections.unmodifiableMap(new TreeMap<>(dropped));
    }

    /** Total rows dropped. */
    public long rowsDropped() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Rows landed in one feed, 0 when none. */
    public long written(String feed) {
        return rowsWritten.getOrDefault(feed, 0L);
    }

    /**
     * One line for the console, e.g. {@code douyin sessions.csv: read 1224, wrote anchors=20
     * broadcasts=1224 platforms=1, dropped 0}.
     */
    public String toLine() {
        String wrote = rowsWritten.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        String drops = dropped.isEmpty() ? "" : dropped.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ", " (", ")"));
        return source + " " + input + ": read " + rowsRead + ", wrote " + wrote + ", dropped " + rowsDropped() + drops;
    }
}
