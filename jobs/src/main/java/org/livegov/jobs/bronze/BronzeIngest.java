package org.livegov.jobs.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.transform_keys;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.livegov.jobs.UserError;
import org.livegov.jobs.landing.LandedFile;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.ids.PersonalData;
import org.livegov.metrics.ids.Pseudonymiser;

/**
 * Reads landed files of one feed into the bronze shape, with personal identifiers already
 * pseudonymised ({@link PersonalData}): {@code batch_id string, source_file string (relative to
 * the landing folder), source_checksum string, source_format string, source_encoding string,
 * ingested_at timestamp, record map<string,string>, malformed string}.
 *
 * <p>CSV is read with its own header (columns matched by name, any order), RFC 4180 quoting
 * ({@code ""} escapes a quote); a row with too many or too few cells, or broken quoting, keeps its
 * raw text in {@code malformed}. JSON Lines: one object per line, values kept as their JSON text;
 * a line that is not a JSON object is malformed. A file holding one array of objects
 * ({@code json-array}) is read from the JSON Lines copy the landing scan made of it (one element a
 * line, in order: {@code org.livegov.jobs.landing.JsonForms}), so its rows have exactly the shape
 * of JSON Lines rows. Parquet: every column cast to text.
 */
public final class BronzeIngest {
    private static final String CORRUPT = "_corrupt_record";

    private BronzeIngest() {
    }

    /**
     * @param spark     session
     * @param feed      the feed
     * @param files     inspected files of that feed (non-empty)
     * @param batchId   the batch
     * @param ingested  ingest instant (UTC)
     * @param p         pseudonymiser
     * @return the bronze rows, lazy
     * @throws UserError when a Parquet file cannot be opened (e.g. truncated)
     */
    public static Dataset<Row> read(SparkSession spark, Feed feed, List<LandedFile> files, String batchId,
                                    Timestamp ingested, Pseudonymiser p) {
        // One Spark read per group of files that share format and header; the file each row came
        // from is Spark's _metadata.file_path, mapped back to the landed file.
        Map<List<String>, List<LandedFile>> groups = new LinkedHashMap<>();
        for (LandedFile f : files) {
            List<String> groupKey = new ArrayList<>();
            groupKey.add(f.format());
            groupKey.addAll(f.format().equals("parquet") ? List.of(f.readPath()) : f.columns());
            groups.computeIfAbsent(groupKey, k -> new ArrayList<>()).add(f);
        }
        Dataset<Row> all = null;
        for (List<LandedFile> group : groups.values()) {
            Dataset<Row> one = readGroup(spark, group)
                    .withColumn("_file", fileOf(group))
                    .select(lit(batchId).as("batch_id"), col("_file.relative").as("source_file"),
                            col("_file.checksum").as("source_checksum"), col("_file.format").as("source_format"),
                            col("_file.encoding").as("source_encoding"), lit(ingested).as("ingested_at"),
                            col("record"), col("malformed"));
            all = all == null ? one : all.unionByName(one);
        }
        return PersonalData.protect(all, feed, p);
    }

    /** struct(relative, checksum, format, encoding) of the landed file a row was read from. */
    private static Column fileOf(List<LandedFile> group) {
        List<Column> kv = new ArrayList<>();
        for (LandedFile f : group) {
            kv.add(lit(new Path(f.readPath()).toUri().toString()));
            kv.add(struct(lit(f.relative()).as("relative"), lit(f.checksum()).as("checksum"),
                    lit(f.format()).as("format"), lit(f.encoding()).as("encoding")));
        }
        Column found = element_at(map(kv.toArray(Column[]::new)), col("_metadata.file_path"));
        return when(found.isNull(), raise_error(concat(lit("bronze: row from an unexpected file "),
                col("_metadata.file_path")))).otherwise(found);
    }

    private static Dataset<Row> readGroup(SparkSession spark, List<LandedFile> group) {
        String[] paths = group.stream().map(LandedFile::readPath).toArray(String[]::new);
        LandedFile first = group.get(0);
        return switch (first.format()) {
            case "csv" -> csv(spark, first.columns(), paths);
            case "jsonl", "json-array" -> jsonLines(spark, paths);
            case "parquet" -> parquet(spark, first);
            default -> throw new IllegalStateException(first.format());
        };
    }

    private static Dataset<Row> csv(SparkSession spark, List<String> columns, String[] paths) {
        List<StructField> fields = new ArrayList<>();
        for (String c : columns) {
            fields.add(DataTypes.createStructField(c, DataTypes.StringType, true));
        }
        fields.add(DataTypes.createStructField(CORRUPT, DataTypes.StringType, true));
        Dataset<Row> df = spark.read()
                .schema(new StructType(fields.toArray(StructField[]::new)))
                .option("header", "true").option("enforceSchema", "true")
                .option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT)
                .option("quote", "\"").option("escape", "\"")
                .option("encoding", "UTF-8").option("multiLine", "false")
                .csv(paths);
        List<Column> kv = new ArrayList<>();
        for (String c : columns) {
            kv.add(lit(c));
            kv.add(col("`" + c + "`"));
        }
        return df.select(map(kv.toArray(Column[]::new)).as("record"), col(CORRUPT).as("malformed"),
                col("_metadata"));
    }

    private static Dataset<Row> jsonLines(SparkSession spark, String[] paths) {
        Dataset<Row> lines = spark.read().text(paths).select(col("value"), col("_metadata"))
                .where(length(trim(col("value"))).gt(0));
        Column parsed = from_json(col("value"), DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));
        Column record = transform_keys(parsed, (k, v) -> lower(trim(k)));
        return lines.select(record.as("record"), col("value"), col("_metadata"))
                .select(col("record"), when(col("record").isNull(), col("value")).as("malformed"), col("_metadata"));
    }

    private static Dataset<Row> parquet(SparkSession spark, LandedFile f) {
        Dataset<Row> df;
        try {
            df = spark.read().parquet(f.readPath());
        } catch (RuntimeException e) {
            throw new UserError(f.path() + ": not a readable Parquet file (" + firstLine(e) + "); land it again");
        }
        List<Column> kv = new ArrayList<>();
        for (String c : df.columns()) {
            kv.add(lit(c.trim().toLowerCase(java.util.Locale.ROOT)));
            kv.add(col("`" + c + "`").cast("string"));
        }
        return df.select(map(kv.toArray(Column[]::new)).as("record"), lit(null).cast("string").as("malformed"),
                col("_metadata"));
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        return m.lines().findFirst().orElse(m);
    }
}
