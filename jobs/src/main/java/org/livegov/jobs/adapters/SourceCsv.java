package org.livegov.jobs.adapters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.livegov.jobs.UserError;

/**
 * Reads one source CSV file (Jackson CSV) row by row, whatever its dialect: UTF-8 with or
 * without a BOM, or GB18030/GBK (detected from the first 64 KiB when they are not valid UTF-8);
 * Windows or Unix line endings; quoted cells with commas, quotes, line breaks or JSON arrays.
 * Columns are found by header name (trimmed, case-insensitive), so their order does not matter;
 * which names is decided by the {@link Layout} that fits the header, and rows are read by the
 * adapter's field names.
 *
 * <p>Counts: every record after the header is a row read. Two kinds are dropped and counted
 * instead of returned: {@code blank_row} (every cell blank: no information at all) and
 * {@code too_many_cells} (more non-blank cells than header columns: the cells cannot be assigned
 * to columns). A short row is padded with blank cells.
 */
final class SourceCsv implements Closeable {
    /** Drop reason: a record whose cells are all blank. */
    static final String BLANK_ROW = "blank_row";
    /** Drop reason: a record with non-blank cells beyond the header's columns. */
    static final String TOO_MANY_CELLS = "too_many_cells";
    private static final int SNIFF_BYTES = 64 * 1024;

    private final Path file;
    private final MappingIterator<String[]> records;
    private final Map<String, Integer> columns = new HashMap<>();
    private final int width;
    private final Layout.Match layout;
    private final Map<String, Long> dropped = new TreeMap<>();
    private long rowsRead;

    /** One data row; cells are addressed by column name. */
    final class Row {
        private final String[] cells;

        private Row(String[] cells) {
            this.cells = cells;
        }

        /**
         * The trimmed cell of a field, {@code ""} when blank or when the file's layout has no column
         * for an optional field.
         *
         * @throws IllegalArgumentException when no layout of the adapter declares the field
         */
        String get(String field) {
            String column = layout.layout().columns().get(field);
            if (column == null) {
                throw new IllegalArgumentException("field not declared in layout " + layout.layout().name() + ": " + field);
            }
            Integer i = columns.get(column.toLowerCase(Locale.ROOT));
            return i == null || i >= cells.length ? "" : SourceValues.clean(cells[i]);
        }

        /**
         * A date-only field in the US Eastern convention ({@link SourceValues#startOfDay}) read with
         * the layout's date patterns ({@link Layout#date}).
         *
         * @return e.g. {@code 2023-08-25T00:00:00-04:00}; {@code ""} when blank; the text unchanged
         *     when it is in none of the layout's patterns (quarantined as BAD_INSTANT)
         */
        String usDate(String field) {
            String t = get(field);
            return t.isEmpty() ? "" : layout.layout().date(t)
                    .map(d -> SourceValues.startOfDay(d, SourceValues.US_EASTERN)).orElse(t);
        }
    }

    private SourceCsv(Path file, MappingIterator<String[]> records, String[] header, String source, List<Layout> layouts) {
        this.file = file;
        this.records = records;
        this.width = header.length;
        for (int i = 0; i < header.length; i++) {
            columns.putIfAbsent(SourceValues.clean(header[i]).toLowerCase(Locale.ROOT), i);
        }
        this.layout = Layout.choose(source, layouts, Arrays.stream(header).map(SourceValues::clean).toList(), file);
    }

    /**
     * Opens a file and reads its header.
     *
     * @param source  adapter name, for messages
     * @param layouts the adapter's layouts; one must fit the header ({@link Layout#choose})
     * @throws UserError when the file is empty, not CSV, or its header fits none of the layouts (the
     *     message names the closest layout and the columns that differ)
     * @throws IOException when the file cannot be read
     */
    static SourceCsv open(Path file, String source, List<Layout> layouts) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), charsetOf(file)));
        try {
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
            CsvMapper mapper = new CsvMapper();
            mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
            MappingIterator<String[]> records = mapper.readerFor(String[].class).readValues(reader);
            if (!records.hasNextValue()) {
                throw new UserError(file + ": empty file, expected a " + source + " CSV with a header row");
            }
            return new SourceCsv(file, records, records.nextValue(), source, layouts);
        } catch (JsonProcessingException e) {
            reader.close();
            throw new UserError(file + ": not readable as CSV: " + e.getOriginalMessage());
        } catch (RuntimeException | IOException e) {
            reader.close();
            throw e;
        }
    }

    /**
     * @return the next row, or null at the end of the file; blank and over-long rows are counted
     *     in {@link #dropped()} and skipped
     * @throws UserError when the CSV is broken beyond one row (e.g. an unclosed quote)
     */
    Row next() throws IOException {
        try {
            while (records.hasNextValue()) {
                String[] cells = records.nextValue();
                rowsRead++;
                if (Arrays.stream(cells).allMatch(c -> c == null || c.isBlank())) {
                    dropped.merge(BLANK_ROW, 1L, Long::sum);
                } else if (cells.length > width
                        && Arrays.stream(cells, width, cells.length).anyMatch(c -> c != null && !c.isBlank())) {
                    dropped.merge(TOO_MANY_CELLS, 1L, Long::sum);
                } else {
                    return new Row(cells);
                }
            }
            return null;
        } catch (JsonProcessingException e) {
            throw new UserError(file + ": broken CSV after data row " + rowsRead + ": " + e.getOriginalMessage());
        }
    }

    /** The layout that fits the header, with the header columns it ignores. */
    Layout.Match layout() {
        return layout;
    }

    /** Data rows read so far (returned plus dropped). */
    long rowsRead() {
        return rowsRead;
    }

    /** Drop reason to count, sorted by reason. */
    Map<String, Long> dropped() {
        return dropped;
    }

    @Override
    public void close() throws IOException {
        records.close();
    }

    /** UTF-8 unless the first 64 KiB are not valid UTF-8, then GB18030 (a superset of GBK). */
    static Charset charsetOf(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF_BYTES);
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            // endOfInput=false: a character cut at the 64 KiB boundary is not an error
            var result = utf8.decode(ByteBuffer.wrap(head), CharBuffer.allocate(head.length), false);
            if (result.isError()) {
                result.throwException();
            }
            return StandardCharsets.UTF_8;
        } catch (CharacterCodingException e) {
            return Charset.forName("GB18030");
        }
    }
}
