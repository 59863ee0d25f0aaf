package org.livegov.jobs.adapters;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.contract.Field;

/**
 * Writes what one adapter run produces into the landing folder: one contract-format CSV per feed
 * at {@code <landing>/<feed>/<source>-<input base name>.csv} (UTF-8, no BOM, {@code \n} line
 * ends, header with exactly the feed's field names in {@link Feed} order). Fact rows stream out in
 * input order; register rows are collected, deduplicated by key (first row wins) and written sorted
 * by key. The same input therefore always lands byte-identical files under the same names.
 *
 * <p>Each file is written to a hidden temporary file ({@code .name.tmp}, ignored by Spark's file
 * listing) and moved into place at {@link #finish}, so the pipeline never sees a half-written file.
 */
final class LandingOutput implements Closeable {
    /** Quotes a cell only when it must be (separator, quote, line break), not by length. */
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

    private final String source;
    private final Path input;
    private final Path landing;
    private final Map<Feed, Sink> sinks = new EnumMap<>(Feed.class);
    private final Map<Feed, Map<String, Map<String, String>>> registers = new EnumMap<>(Feed.class);

    private static final class Sink {
        final Path target;
        final Path temp;
        final SequenceWriter writer;
        long rows;

        Sink(Path target, Path temp, SequenceWriter writer) {
            this.target = target;
            this.temp = temp;
            this.writer = writer;
        }
    }

    /**
     * @param feeds every feed this adapter lands; each gets a file, header-only when it has no rows
     * @throws IOException when a landing sub-folder or file cannot be created
     */
    LandingOutput(String source, Path input, Path landing, Set<Feed> feeds) throws IOException {
        this.source = source;
        this.input = input;
        this.landing = landing;
        try {
            for (Feed feed : feeds) {
                sinks.put(feed, open(feed));
                if (!feed.isFact()) {
                    registers.put(feed, new TreeMap<>());
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Landing file of a feed for this source and input: {@code <feed>/<source>-<base>.csv}. */
    static Path target(Path landing, Feed feed, String source, Path input) {
        String base = input.getFileName().toString().replaceFirst("\\.[^.]*$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        return landing.resolve(feed.feedName()).resolve(source + "-" + base + ".csv");
    }

    private Sink open(Feed feed) throws IOException {
        Path target = target(landing, feed, source, input);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        feed.fields().forEach(f -> schema.addColumn(f.name()));
        BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
        return new Sink(target, temp, CSV.writerFor(String[].class).with(schema.build()).writeValues(out));
    }

    /**
     * Writes one fact row (broadcast, violation, complaint) now.
     *
     * @param row field name to wire-form text; missing fields and nulls are written blank
     * @throws IllegalArgumentException when the row names a field the feed does not have
     */
    void fact(Feed feed, Map<String, String> row) throws IOException {
        write(feed, row);
    }

    private void write(Feed feed, Map<String, String> row) throws IOException {
        Sink sink = sinks.get(feed);
        sink.writer.write(cells(feed, row));
        sink.rows++;
    }

    /**
     * Adds a register row (platform, anchor, merchant) unless one with the same key was added; a
     * row without a key is ignored (the facts that would reference it carry a blank reference).
     */
    void register(Feed feed, Map<String, String> row) {
        cells(feed, row);
        String key = row.get(feed.keyField());
        if (key != null && !key.isEmpty()) {
            registers.get(feed).putIfAbsent(key, row);
        }
    }

    private static String[] cells(Feed feed, Map<String, String> row) {
        List<Field> fields = feed.fields();
        for (String name : row.keySet()) {
            feed.field(name); // throws on an unknown field: a programming error
        }
        String[] cells = new String[fields.size()];
        for (int i = 0; i < cells.length; i++) {
            String v = row.get(fields.get(i).name());
            cells[i] = v == null ? "" : v;
        }
        return cells;
    }

    /**
     * Writes the registers, closes and moves every file into place.
     *
     * @param in    the source file read, for its counts, layout and ignored columns
     * @param notes what else the report must say (e.g. values landed unmapped), in order
     * @return the run's report
     */
    AdapterReport finish(SourceCsv in, List<String> notes) throws IOException {
        List<String> all = new ArrayList<>();
        if (!in.layout().ignored().isEmpty()) {
            all.add("ignored columns " + in.layout().ignored());
        }
        all.addAll(notes);
        AdapterReport r = finish(in.rowsRead(), in.dropped());
        return new AdapterReport(r.source(), r.input(), r.rowsRead(), r.rowsWritten(), r.dropped(),
                in.layout().layout().name(), all);
    }

    /**
     * Writes the registers, closes and moves every file into place.
     *
     * @return the run's report, without layout or notes
     */
    AdapterReport finish(long rowsRead, Map<String, Long> dropped) throws IOException {
        for (var e : registers.entrySet()) {
            for (Map<String, String> row : e.getValue().values()) {
                write(e.getKey(), row);
            }
        }
        Map<String, Long> written = new TreeMap<>();
        for (var e : sinks.entrySet()) {
            e.getValue().writer.close();
            written.put(e.getKey().feedName(), e.getValue().rows);
        }
        for (Sink sink : sinks.values()) {
            Files.move(sink.temp, sink.target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        sinks.clear();
        return new AdapterReport(source, input, rowsRead, written, new TreeMap<>(dropped));
    }

    /** Removes the temporary files of an unfinished run. */
    @Override
    public void close() throws IOException {
        for (Sink sink : sinks.values()) {
            try {
                sink.writer.close();
            } finally {
                Files.deleteIfExists(sink.temp);
            }
        }
        sinks.clear();
    }

    /** A row under construction: field name to value, in insertion order. */
    static Map<String, String> row(String... namesAndValues) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }
}
