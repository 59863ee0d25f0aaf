package org.livegov.jobs.generate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.contract.Field;
import org.livegov.metrics.contract.FieldType;

/**
 * Writes the rows of one landed file: CSV with a header row of the contract's column names and
 * RFC 4180 quoting, or JSON Lines through Jackson's streaming generator. Counts the rows.
 */
final class FeedWriter implements Closeable {
    private static final JsonFactory JSON = new JsonFactory().setRootValueSeparator(null);

    private final Landing landing;
    private final Path file;
    private final Feed feed;
    private final FileFormat format;
    private final Writer out;
    private final JsonGenerator json;
    private final String newline;
    private final FieldType[] types;
    private final String[] names;
    private long rows;
    private boolean closed;

    FeedWriter(Landing landing, Path file, Feed feed, FileFormat format) throws IOException {
        this.landing = landing;
        this.file = file;
        this.feed = feed;
        this.format = format;
        this.newline = format.newline();
        List<Field> fields = feed.fields();
        this.types = fields.stream().map(Field::type).toArray(FieldType[]::new);
        this.names = fields.stream().map(Field::name).toArray(String[]::new);
        this.out = new BufferedWriter(new OutputStreamWriter(
                Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                format.charset()), 1 << 16);
        if (format.bom()) {
            out.write('\uFEFF');
        }
        if (format.csv()) {
            json = null;
            writeCsv(names);
        } else {
            json = JSON.createGenerator(out);
        }
    }

    Feed feed() {
        return feed;
    }

    Path file() {
        return file;
    }

    FileFormat format() {
        return format;
    }

    long rows() {
        return rows;
    }

    /** Writes one row (contract order, null = blank). */
    void write(String[] row) {
        try {
            if (json == null) {
                writeCsv(row);
            } else {
                writeJson(row);
            }
            rows++;
        } catch (IOException e) {
            throw Landing.failure(file, e);
        }
    }

    private void writeCsv(String[] row) throws IOException {
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            String v = row[i];
            if (v != null) {
                out.write(needsQuotes(v) ? '"' + v.replace("\"", "\"\"") + '"' : v);
            }
        }
        out.write(newline);
    }

    private static boolean needsQuotes(String v) {
        if (v.isEmpty()) {
            return false;
        }
        if (v.charAt(0) == ' ' || v.charAt(v.length() - 1) == ' ') {
            return true;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    private void writeJson(String[] row) throws IOException {
        json.writeStartObject();
        for (int i = 0; i < row.length; i++) {
            String v = row[i];
            if (v == null) {
                continue;
            }
            json.writeFieldName(names[i]);
            if ((types[i] == FieldType.LONG || types[i] == FieldType.INT) && isInteger(v)) {
                json.writeNumber(Long.parseLong(v));
            } else {
                json.writeString(v);
            }
        }
        json.writeEndObject();
        json.writeRaw(newline);
    }

    private static boolean isInteger(String v) {
        int start = v.startsWith("-") ? 1 : 0;
        if (v.length() == start || v.length() > 18) {
            return false;
        }
        for (int i = start; i < v.length(); i++) {
            if (!Character.isDigit(v.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (json != null) {
                json.close();
            }
            out.close();
            landing.closed(this, Files.size(file));
        } catch (IOException e) {
            throw Landing.failure(file, e);
        }
    }
}
