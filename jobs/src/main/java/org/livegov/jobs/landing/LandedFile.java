package org.livegov.jobs.landing;

import java.util.List;
import org.livegov.metrics.contract.Feed;

/**
 * One file found in the landing folder, inspected but not yet ingested.
 *
 * @param feed       feed given by its sub-folder
 * @param path       qualified path of the file as landed
 * @param relative   path relative to the landing folder, e.g. {@code broadcasts/2026-04-01.csv}
 * @param format     {@code csv}, {@code jsonl}, {@code json-array} (one array of objects, read from
 *                   its JSON Lines copy in staging) or {@code parquet}
 * @param encoding   {@code utf-8}, {@code utf-8-bom} or {@code gb18030} (text formats), {@code binary}
 * @param checksum   SHA-256 of the file's bytes, hex
 * @param bytes      size in bytes
 * @param columns    CSV header, lower-cased and trimmed (empty for other formats)
 * @param readPath   what Spark reads: the file itself, or its UTF-8 transcoding in staging, or for
 *                   {@code json-array} its elements as JSON Lines in staging
 * @param modifiedMillis the file's modification time, epoch milliseconds (see {@link #stamp})
 */
public record LandedFile(Feed feed, String path, String relative, String format, String encoding,
                         String checksum, long bytes, List<String> columns, String readPath, long modifiedMillis) {

    /**
     * A file's identity without reading it: relative path, size in bytes and modification time.
     * A file whose stamp matches a registered file's is taken for that file without being hashed
     * again (as make and rsync do); any other file is hashed and compared by SHA-256.
     */
    public static String stamp(String relative, long bytes, long modifiedMillis) {
        return relative + "\u0000" + bytes + "\u0000" + modifiedMillis;
    }
}
