package org.livegov.jobs.bronze;

import static org.apache.spark.sql.functions.col;

import java.io.PrintStream;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.landing.LandedFile;
import org.livegov.jobs.stage.FaultPoint;
import org.livegov.jobs.stage.TableWrite;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.ids.Pseudonymiser;

/**
 * Bronze stage: the batch's landed files, feed by feed, read as text records
 * ({@link BronzeIngest#read}: every field kept as text, personal identifiers pseudonymised at this
 * first read, a row that cannot be read kept with its reason in {@code malformed}) and written to
 * {@code bronze/<feed>} with replace-where on the batch (a resumed batch rewrites its own rows only).
 */
public final class BronzeStage {
    /**
     * What the stage wrote.
     *
     * @param versions bronze table ({@code bronze/<feed>}) → Delta version after the write
     * @param inputs   landed file (relative path) → what it was and the bronze rows it gave
     */
    public record Result(Map<String, Long> versions, Map<String, InputFile> inputs) {
    }

    /**
     * One landed file of the batch, as the run manifest lists it under {@code inputs}.
     *
     * @param feed     feed name
     * @param format   {@code csv}, {@code jsonl}, {@code json-array} or {@code parquet}
     * @param encoding the text encoding read ({@code utf-8}, {@code utf-8-bom}, {@code gb18030}; null for Parquet)
     * @param sha256   SHA-256 of the file as landed (the registry's key: a file seen before is skipped)
     * @param bytes    size as landed
     * @param rows     bronze rows it gave (a broken line counts: it is kept with its reason)
     */
    public record InputFile(String feed, String format, String encoding, String sha256, long bytes, long rows) {
        /** @return the manifest's entry: feed, format, encoding, sha256, bytes, rows, in that order */
        public Map<String, Object> toManifest() {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("feed", feed);
            one.put("format", format);
            one.put("encoding", encoding);
            one.put("sha256", sha256);
            one.put("bytes", bytes);
            one.put("rows", rows);
            return one;
        }
    }

    private final SparkSession spark;
    private final Warehouse wh;
    private final Pseudonymiser pseudonymiser;
    private final PrintStream out;

    public BronzeStage(SparkSession spark, Warehouse wh, Pseudonymiser pseudonymiser, PrintStream out) {
        this.spark = spark;
        this.wh = wh;
        this.pseudonymiser = pseudonymiser;
        this.out = out;
    }

    /**
     * @param byFeed   the batch's new files per feed, in the order the feeds are written
     * @param batchId  the batch
     * @param ingested when the run started (stamped on every row)
     * @return versions and per-file row counts
     * @throws org.livegov.jobs.UserError on a file that cannot be read at all (before its feed is written)
     */
    public Result write(Map<Feed, List<LandedFile>> byFeed, String batchId, Timestamp ingested) {
        Map<String, Long> versions = new LinkedHashMap<>();
        Map<Feed, Long> written = new LinkedHashMap<>();
        for (var e : byFeed.entrySet()) {
            Dataset<Row> bronze = BronzeIngest.read(spark, e.getKey(), e.getValue(), batchId, ingested, pseudonymiser);
            bronze.write().format("delta").mode(SaveMode.Overwrite).partitionBy("batch_id")
                    .option("replaceWhere", "batch_id = '" + batchId + "'").save(wh.bronze(e.getKey()));
            Map<String, String> m = TableWrite.lastCommitMetrics(spark, wh.bronze(e.getKey()));
            versions.put("bronze/" + e.getKey().feedName(), Long.parseLong(m.get("version")));
            written.put(e.getKey(), Long.parseLong(m.getOrDefault("numOutputRows", "-1")));
            out.printf("  %-11s %3d file(s) → bronze%n", e.getKey().feedName(), e.getValue().size());
            FaultPoint.reached("bronze." + e.getKey().feedName(), out);
        }
        return new Result(versions, fileRows(byFeed, batchId, written));
    }

    /**
     * Bronze rows per landed file: a feed with one file of the batch has the rows its write reported
     * ({@code numOutputRows} of that commit); a feed with several files is counted from its table.
     */
    private Map<String, InputFile> fileRows(Map<Feed, List<LandedFile>> byFeed, String batchId, Map<Feed, Long> written) {
        Map<String, InputFile> inputs = new LinkedHashMap<>();
        for (var e : byFeed.entrySet()) {
            Map<String, Long> rows = new TreeMap<>();
            long reported = written.getOrDefault(e.getKey(), -1L);
            if (e.getValue().size() == 1 && reported >= 0) {
                rows.put(e.getValue().get(0).relative(), reported);
            } else {
                for (Row r : spark.read().format("delta").load(wh.bronze(e.getKey())).where(col("batch_id").equalTo(batchId))
                        .groupBy("source_file").count().collectAsList()) {
                    rows.put(r.getString(0), r.getLong(1));
                }
            }
            for (LandedFile f : e.getValue()) {
                inputs.put(f.relative(), new InputFile(f.feed().feedName(), f.format(), f.encoding(), f.checksum(), f.bytes(),
                        rows.getOrDefault(f.relative(), 0L)));
            }
        }
        return inputs;
    }
}
