package org.livegov.jobs.adapters;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
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
 * @param layout      the publisher's name of the layout the file was read in ({@link Layout}),
 *                    {@code ""} when not known
 * @param notes       what else the run did that a user should see, e.g. {@code ignored columns
 *                    [content_id_ean]}; empty when nothing
 */
public record AdapterReport(String source, Path input, long rowsRead, Map<String, Long> rowsWritten,
                            Map<String, Long> dropped, String layout, List<String> notes) {

    public AdapterReport {
        rowsWritten = Collections.unmodifiableMap(new TreeMap<>(rowsWritten));
        dropped = Collections.unmodifiableMap(new TreeMap<>(dropped));
        layout = layout == null ? "" : layout;
        notes = List.copyOf(notes);
    }

    /** A report without layout or notes. */
    public AdapterReport(String source, Path input, long rowsRead, Map<String, Long> rowsWritten,
                         Map<String, Long> dropped) {
        this(source, input, rowsRead, rowsWritten, dropped, "", List.of());
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
     * broadcasts=1224 platforms=1, dropped 0; layout "Douyin analytics export, sessions"}, then
     * each note after {@code "; "}.
     */
    public String toLine() {
        String wrote = rowsWritten.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        String drops = dropped.isEmpty() ? "" : dropped.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ", " (", ")"));
        String layoutPart = layout.isEmpty() ? "" : "; layout \"" + layout + "\"";
        String notesPart = notes.stream().map(n -> "; " + n).collect(Collectors.joining());
        return source + " " + input + ": read " + rowsRead + ", wrote " + wrote + ", dropped " + rowsDropped() + drops
                + layoutPart + notesPart;
    }
}
