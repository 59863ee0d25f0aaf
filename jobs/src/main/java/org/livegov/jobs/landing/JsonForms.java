package org.livegov.jobs.landing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.livegov.jobs.UserError;

/**
 * The two forms of JSON a landed {@code .json}/{@code .jsonl}/{@code .ndjson} file may take, told
 * apart by its first non-whitespace byte, and the file-level refusal of anything else.
 *
 * <ul>
 *   <li><b>JSON Lines</b> (first byte {@code {}): one object per line. Spark reads it line by line
 *       ({@code BronzeIngest}); a line that is not an object is one malformed row (quarantine),
 *       the others land.</li>
 *   <li><b>One array of objects</b> (first byte {@code [}), pretty-printed or not: each element is
 *       one record. The file is parsed here with Jackson's streaming parser (Spark's own Jackson,
 *       no new dependency), in constant memory whatever its size, and each element's own bytes
 *       are copied, line breaks between tokens turned into spaces, as one line of a JSON Lines
 *       copy in the staging folder; Spark then reads that copy exactly as it reads JSON Lines, so
 *       an element becomes the same {@code record} (values as their JSON text, keys lower case)
 *       as the same object written on one line, and element <i>n</i> is line <i>n</i> of the
 *       copy. Not Spark's {@code multiLine} JSON reader: it infers a typed schema ({@code 10.00}
 *       becomes {@code 10.0}, nested objects become structs, keys keep their case), so its rows
 *       would differ from JSON Lines rows, and a broken file becomes a corrupt row rather than a
 *       file-level error.</li>
 * </ul>
 *
 * <p>Refused at file level ({@link UserError}, one line naming the file and the reason, before
 * anything is written): an array that is truncated, holds anything but objects, is not valid
 * JSON, or is followed by more text; a file that is one JSON scalar; a file whose first object
 * spans several lines (a pretty-printed object, or objects concatenated: neither JSON Lines nor
 * an array). A file whose first line is broken JSON otherwise stays JSON Lines, its bad lines
 * quarantined one by one as before. Parser leniency follows Spark's JSON defaults (single quotes
 * and NaN/Infinity allowed, comments not), so an element is accepted here exactly when the same
 * object on one line would parse as a JSON Lines row.
 */
final class JsonForms {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private JsonForms() {
    }

    /**
     * Which form the file is in.
     *
     * @param fs    its file system
     * @param read  the UTF-8 text to read (the landed file or its transcoding, no BOM)
     * @param shown the landed file's path, for the message
     * @return true for one array of objects, false for JSON Lines
     * @throws UserError for a single scalar, a multi-line object, or an unclosed multi-line object
     */
    static boolean isArray(FileSystem fs, Path read, Path shown) throws IOException {
        try (InputStream in = new BufferedInputStream(fs.open(read), 1 << 16)) {
            int b;
            do {
                b = in.read();
            } while (b == ' ' || b == '\t' || b == '\r' || b == '\n');
            if (b == '[') {
                return true;
            }
        }
        try (JsonParser p = JSON.createParser((InputStream) fs.open(read))) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return false; // blank lines only: JSON Lines without records, as a CSV with only a header
            }
            if (first == JsonToken.START_OBJECT) {
                int startLine = p.currentTokenLocation().getLineNr();
                try {
                    p.skipChildren();
                } catch (StreamReadException e) {
                    int line = p.currentLocation().getLineNr();
                    if (atEnd(fs, read, p) && line > startLine) {
                        throw new UserError(shown + ": truncated JSON: the object begun on line " + startLine
                                + " is not closed at the end of the file (line " + line + "); land the whole file again");
                    }
                    // a broken first line, or one line cut short: JSON Lines, the line is quarantined
                    return false;
                }
                if (p.currentLocation().getLineNr() > startLine) {
                    throw new UserError(shown + ": its first JSON object spans lines " + startLine + "-"
                            + p.currentLocation().getLineNr() + "; land JSON Lines (one object per line) or one"
                            + " array of objects");
                }
                return false;
            }
            if (first.isScalarValue() && p.nextToken() == null) {
                throw new UserError(shown + ": holds one JSON value, " + kind(first)
                        + ", not records; land JSON Lines (one object per line) or one array of objects");
            }
            return false;
        } catch (StreamReadException e) {
            return false; // broken first line: JSON Lines, quarantined line by line
        }
    }

    /**
     * Copies the elements of a file holding one array of objects as JSON Lines, refusing it at
     * file level when it is not one. The copy is written to {@code staged} and removed again on
     * refusal.
     *
     * @return the number of elements (records)
     * @throws UserError naming {@code shown} and the reason
     */
    static long arrayToLines(FileSystem fs, Path read, Path staged, Path shown) throws IOException {
        long n = 0;
        long complete = 0;
        boolean done = false;
        try (JsonParser p = JSON.createParser((InputStream) fs.open(read));
             InputStream raw = new BufferedInputStream(fs.open(read), 1 << 16);
             OutputStream out = new BufferedOutputStream(fs.create(staged, true), 1 << 16)) {
            long pos = 0;
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalStateException("not an array: " + shown);
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == null) { // Jackson reports an unclosed array as JsonEOFException; kept for safety
                    throw truncated(shown, complete);
                }
                n++;
                if (t != JsonToken.START_OBJECT) {
                    throw new UserError(shown + ": element " + n + " of the JSON array is " + kind(t)
                            + ", not an object; each element must be one record");
                }
                long start = p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                long end = p.currentLocation().getByteOffset();
                pos += skip(raw, start - pos);
                copyOneLine(raw, out, end - start);
                pos = end;
                complete++;
            }
            if (p.nextToken() != null) {
                throw new UserError(shown + ": text after the JSON array's closing ] (line "
                        + p.currentTokenLocation().getLineNr() + "); a file holds one array of objects or JSON Lines");
            }
            done = true;
        } catch (StreamReadException e) {
            // Jackson reports an early end as JsonEOFException or, between entries, as a plain parse error
            if (e instanceof JsonEOFException || (e.getLocation() != null
                    && e.getLocation().getByteOffset() >= fs.getFileStatus(read).getLen())) {
                throw truncated(shown, complete);
            }
            throw new UserError(shown + ": not valid JSON at line " + lineOf(e) + ": " + firstLine(e)
                    + "; land JSON Lines or one array of objects");
        } finally {
            if (!done) {
                fs.delete(staged, false);
            }
        }
        return n;
    }

    /** Whether the parser has read the whole file (an error there means the text was cut short). */
    private static boolean atEnd(FileSystem fs, Path read, JsonParser p) throws IOException {
        return p.currentLocation().getByteOffset() >= fs.getFileStatus(read).getLen();
    }

    private static UserError truncated(Path shown, long complete) {
        return new UserError(shown + ": truncated JSON: the file ends inside the array, after " + complete
                + " complete element(s); land the whole file again");
    }

    private static long skip(InputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new IOException("file shorter than its JSON parse");
                }
                s = 1;
            }
            left -= s;
        }
        return bytes;
    }

    /** Copies {@code bytes} bytes, line breaks (only ever between tokens in valid JSON) as spaces, then a newline. */
    private static void copyOneLine(InputStream in, OutputStream out, long bytes) throws IOException {
        byte[] buf = new byte[8192];
        long left = bytes;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new IOException("file shorter than its JSON parse");
            }
            for (int i = 0; i < r; i++) {
                if (buf[i] == '\n' || buf[i] == '\r') {
                    buf[i] = ' ';
                }
            }
            out.write(buf, 0, r);
            left -= r;
        }
        out.write('\n');
    }

    private static String kind(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }

    private static int lineOf(StreamReadException e) {
        return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    }

    private static String firstLine(StreamReadException e) {
        String m = String.valueOf(e.getOriginalMessage());
        return m.lines().findFirst().orElse(m);
    }
}
