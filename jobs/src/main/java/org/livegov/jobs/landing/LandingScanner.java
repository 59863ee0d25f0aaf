package org.livegov.jobs.landing;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.livegov.jobs.UserError;
import org.livegov.metrics.contract.Feed;

/**
 * Finds and inspects the files in the landing folder: {@code <landing>/<feed>/**} with extension
 * {@code .csv}, {@code .jsonl}/{@code .ndjson}/{@code .json} (JSON Lines, or one array of objects:
 * {@link JsonForms}) or {@code .parquet}.
 * Names starting with {@code _} or {@code .} are ignored (reports, markers, hidden files).
 *
 * <p>For each file it computes the SHA-256 checksum and, for text, the encoding: a UTF-8 BOM,
 * valid UTF-8, or else GB18030 (which must then decode cleanly). Text that is not plain UTF-8 is
 * transcoded to UTF-8 in the staging folder, so Spark always reads UTF-8. A CSV header is read and
 * checked against the feed's contract.
 *
 * <p>A file that cannot be used as a whole stops the job with one line naming it and the reason
 * ({@link UserError}): an unknown feed folder or extension, an empty file, a CSV without the key
 * column or with repeated columns, text that is neither UTF-8 nor GB18030, JSON that is neither JSON
 * Lines nor one array of objects (a scalar, a truncated array, an element that is not an object: a
 * file of that form is copied as JSON Lines to staging and gets the format {@code json-array}). Works on any Hadoop
 * file system (local, HDFS, object stores).
 */
public final class LandingScanner {
    private static final Charset GB18030 = Charset.forName("GB18030");
    private final Configuration hadoop;

    public LandingScanner(Configuration hadoop) {
        this.hadoop = hadoop;
    }

    /**
     * @param landing  the landing folder (must exist)
     * @param staging  folder for transcoded copies (created when needed)
     * @param skip     checksums already ingested: such files are not inspected further
     * @param skipped  receives the relative paths of the files skipped for that reason
     * @return inspected files, sorted by relative path
     * @throws UserError when a file is unusable as a whole
     */
    public List<LandedFile> scan(String landing, String staging, Set<String> skip, List<String> skipped) {
        return scan(landing, staging, skip, Set.of(), skipped);
    }

    /**
     * As {@link #scan(String, String, Set, List)}, but a file whose {@link LandedFile#stamp} (path,
     * size, modification time) is in {@code skipStamps} is skipped without being read, so that the
     * nightly does not re-hash every file ever landed (the landing folder grows with history).
     *
     * @param skipStamps stamps of files already ingested
     */
    public List<LandedFile> scan(String landing, String staging, Set<String> skip, Set<String> skipStamps,
                                 List<String> skipped) {
        Path root = new Path(landing);
        List<LandedFile> out = new ArrayList<>();
        try {
            FileSystem fs = root.getFileSystem(hadoop);
            if (!fs.exists(root) || !fs.getFileStatus(root).isDirectory()) {
                throw new UserError("landing folder " + landing + " does not exist (or is not a folder); check --landing");
            }
            Path qualifiedRoot = fs.makeQualified(root);
            for (FileStatus feedDir : fs.listStatus(qualifiedRoot)) {
                String name = feedDir.getPath().getName();
                if (name.startsWith("_") || name.startsWith(".")) {
                    continue;
                }
                if (!feedDir.isDirectory()) {
                    throw new UserError(feedDir.getPath() + ": files must be in a feed sub-folder such as "
                            + root + "/broadcasts/");
                }
                Feed feed;
                try {
                    feed = Feed.byName(name);
                } catch (IllegalArgumentException e) {
                    throw new UserError(feedDir.getPath() + ": " + e.getMessage());
                }
                RemoteIterator<LocatedFileStatus> it = fs.listFiles(feedDir.getPath(), true);
                while (it.hasNext()) {
                    LocatedFileStatus st = it.next();
                    if (st.getPath().getName().startsWith("_") || st.getPath().getName().startsWith(".")) {
                        continue;
                    }
                    String rel = qualifiedRoot.toUri().relativize(st.getPath().toUri()).getPath();
                    if (skipStamps.contains(LandedFile.stamp(rel, st.getLen(), st.getModificationTime()))) {
                        skipped.add(rel);
                        continue;
                    }
                    LandedFile f = inspect(fs, st, feed, rel, staging, skip);
                    if (f == null) {
                        skipped.add(rel);
                    } else {
                        out.add(f);
                    }
                }
            }
        } catch (IOException e) {
            throw new UserError("cannot read landing folder " + landing + ": " + e.getMessage());
        }
        out.sort((a, b) -> a.relative().compareTo(b.relative()));
        return out;
    }

    private LandedFile inspect(FileSystem fs, FileStatus st, Feed feed, String rel, String staging, Set<String> skip)
            throws IOException {
        String format = format(st.getPath());
        if (st.getLen() == 0) {
            throw new UserError(st.getPath() + ": empty file; remove it or land it again with its content");
        }
        TextProbe probe = probe(fs, st.getPath(), !format.equals("parquet"));
        if (skip.contains(probe.checksum)) {
            return null;
        }
        if (format.equals("parquet")) {
            checkParquetFooter(st.getPath());
            return new LandedFile(feed, st.getPath().toString(), rel, format, "binary", probe.checksum, st.getLen(),
                    List.of(), st.getPath().toString(), st.getModificationTime());
        }
        if (probe.encoding == null) {
            throw new UserError(st.getPath() + ": text is neither UTF-8 nor GB18030; re-export it as UTF-8");
        }
        String readPath = st.getPath().toString();
        if (!probe.encoding.equals("utf-8")) {
            Path staged = new Path(staging, probe.checksum + "." + format);
            transcode(fs, st.getPath(), staged, probe.encoding);
            readPath = fs.makeQualified(staged).toString();
        }
        if (format.equals("jsonl")) {
            Path read = new Path(readPath);
            boolean transcoded = !readPath.equals(st.getPath().toString());
            try {
                if (JsonForms.isArray(fs, read, st.getPath())) {
                    Path staged = new Path(staging, probe.checksum + ".array.jsonl");
                    JsonForms.arrayToLines(fs, read, staged, st.getPath());
                    readPath = fs.makeQualified(staged).toString();
                    format = "json-array";
                }
            } catch (UserError e) {
                if (transcoded) {
                    fs.delete(read, false); // a refused file leaves no copy of its raw text behind
                }
                throw e;
            }
        }
        List<String> columns = List.of();
        if (format.equals("csv")) {
            columns = header(st.getPath(), probe.firstLine, feed);
        }
        return new LandedFile(feed, st.getPath().toString(), rel, format, probe.encoding, probe.checksum, st.getLen(),
                columns, readPath, st.getModificationTime());
    }

    /** Reads the Parquet footer, so that a truncated or corrupt file stops the run before any write. */
    private void checkParquetFooter(Path p) {
        try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(
                org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(p, hadoop))) {
            if (reader.getFooter().getFileMetaData().getSchema().getFieldCount() == 0) {
                throw new UserError(p + ": Parquet file without columns; land it again");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UserError ue) {
                throw ue;
            }
            throw new UserError(p + ": unreadable Parquet file (corrupt or truncated: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "); land it again");
        }
    }

    private static String format(Path p) {
        String n = p.getName().toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv")) {
            return "csv";
        }
        if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) {
            return "jsonl";
        }
        if (n.endsWith(".parquet")) {
            return "parquet";
        }
        throw new UserError(p + ": unknown file type; land .csv, .jsonl or .parquet files");
    }

    private static List<String> header(Path p, String firstLine, Feed feed) {
        if (firstLine == null || firstLine.isBlank()) {
            throw new UserError(p + ": no header line; the first line must name the columns");
        }
        List<String> cols = new ArrayList<>();
        try (MappingIterator<List<String>> it = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .readerForListOf(String.class).readValues(firstLine)) {
            for (String c : it.next()) {
                cols.add(c.trim().toLowerCase(Locale.ROOT));
            }
        } catch (IOException | RuntimeException e) {
            throw new UserError(p + ": header line is not valid CSV");
        }
        Set<String> seen = new HashSet<>();
        for (String c : cols) {
            if (!seen.add(c)) {
                throw new UserError(p + ": column '" + c + "' appears twice in the header");
            }
        }
        if (!seen.contains(feed.keyField())) {
            throw new UserError(p + ": header has no column '" + feed.keyField() + "' (is this a "
                    + feed.feedName() + " file?); expected columns "
                    + feed.fields().stream().map(f -> f.name()).toList());
        }
        return List.copyOf(cols);
    }

    private record TextProbe(String checksum, String encoding, String firstLine) {
    }

    /** One pass: SHA-256, and for text the encoding and the first line. */
    private TextProbe probe(FileSystem fs, Path p, boolean text) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        boolean utf8Ok = true;
        boolean bom = false;
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        boolean firstDone = false;
        ByteBuffer carry = ByteBuffer.allocate(0);
        CharBuffer sink = CharBuffer.allocate(1 << 17);
        try (InputStream in = new BufferedInputStream(fs.open(p), 1 << 16)) {
            byte[] buf = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
                if (!text) {
                    continue;
                }
                int start = 0;
                if (total == 0 && n >= 3 && (buf[0] & 0xff) == 0xEF && (buf[1] & 0xff) == 0xBB && (buf[2] & 0xff) == 0xBF) {
                    bom = true;
                    start = 3;
                }
                total += n;
                if (!firstDone) {
                    for (int i = start; i < n; i++) {
                        if (buf[i] == '\n') {
                            firstDone = true;
                            break;
                        }
                        first.write(buf[i]);
                    }
                }
                if (utf8Ok) {
                    ByteBuffer bb = ByteBuffer.allocate(carry.remaining() + n - start);
                    bb.put(carry).put(buf, start, n - start).flip();
                    sink.clear();
                    var r = utf8.decode(bb, sink, false);
                    while (r.isOverflow()) {
                        sink.clear();
                        r = utf8.decode(bb, sink, false);
                    }
                    if (r.isError()) {
                        utf8Ok = false;
                    }
                    carry = bb.slice();
                }
            }
        }
        String checksum = HexFormat.of().formatHex(sha.digest());
        if (!text) {
            return new TextProbe(checksum, null, null);
        }
        if (utf8Ok && carry.hasRemaining()) {
            utf8Ok = false; // truncated multi-byte sequence at the end
        }
        byte[] firstBytes = first.toByteArray();
        if (utf8Ok) {
            return new TextProbe(checksum, bom ? "utf-8-bom" : "utf-8", stripCr(new String(firstBytes, StandardCharsets.UTF_8)));
        }
        if (decodesStrictly(fs, p, GB18030)) {
            return new TextProbe(checksum, "gb18030", stripCr(new String(firstBytes, GB18030)));
        }
        return new TextProbe(checksum, null, null);
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static boolean decodesStrictly(FileSystem fs, Path p, Charset cs) throws IOException {
        CharsetDecoder dec = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = fs.open(p); var r = new java.io.InputStreamReader(in, dec)) {
            char[] cb = new char[1 << 16];
            while (r.read(cb) >= 0) {
                // decode only
            }
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static void transcode(FileSystem fs, Path from, Path to, String encoding) throws IOException {
        Charset cs = encoding.equals("gb18030") ? GB18030 : StandardCharsets.UTF_8;
        try (InputStream raw = new BufferedInputStream(fs.open(from), 1 << 16);
             var reader = new java.io.InputStreamReader(raw, cs);
             OutputStream os = fs.create(to, true);
             var writer = new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8)) {
            if (encoding.equals("utf-8-bom")) {
                long skipped = raw.skip(3);
                if (skipped != 3) {
                    throw new IOException("cannot skip BOM");
                }
            }
            reader.transferTo(writer);
        }
    }
}
