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
     * @param inputs   landed file (relative path) → feed, format, encoding, SHA-256, bytes and bronze rows
     */
    public record Result(Map<String, Long> versions, Map<String, Object> inputs) {
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
    private Map<String, Object> fileRows(Map<Feed, List<LandedFile>> byFeed, String batchId, Map<Feed, Long> written) {
        Map<String, Object> inputs = new LinkedHashMap<>();
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
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("feed", f.feed().feedName());
                one.put("format", f.format());
                one.put("encoding", f.encoding());
                one.put("sha256", f.checksum());
                one.put("bytes", f.bytes());
                one.put("rows", rows.getOrDefault(f.relative(), 0L));
                inputs.put(f.relative(), one);
            }
        }
        return inputs;
    }
}
