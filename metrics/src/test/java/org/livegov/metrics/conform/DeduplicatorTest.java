package org.livegov.metrics.conform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.livegov.metrics.TestSpark;

class DeduplicatorTest {
    static final SparkSession spark = TestSpark.session();

    static Row row(String id, String file, String updatedAt, String hash) {
        return RowFactory.create(id, file, updatedAt == null ? null : Timestamp.from(Instant.parse(updatedAt)), hash);
    }

    @Test
    void latestVersionWinsIdenticalCopiesAreDuplicatesEqualVersionsThatDifferConflict() {
        StructType schema = new StructType().add("k", DataTypes.StringType).add("source_file", DataTypes.StringType)
                .add("updated_at", DataTypes.TimestampType).add("content_hash", DataTypes.StringType);
        List<Row> in = List.of(
                // k1: a correction (later updated_at) supersedes the first version
                row("k1", "a.csv", "2026-04-01T00:00:00Z", "h1"), row("k1", "b.csv", "2026-04-02T00:00:00Z", "h2"),
                // k2: the same row sent twice: one winner, one duplicate
                row("k2", "a.csv", null, "h3"), row("k2", "b.csv", null, "h3"),
                // k3: same version, different content: both conflict; the older version is a duplicate
                row("k3", "a.csv", "2026-04-05T00:00:00Z", "h4"), row("k3", "b.csv", "2026-04-05T00:00:00Z", "h5"),
                row("k3", "c.csv", "2026-04-01T00:00:00Z", "h6"));
        Map<String, String> got = new TreeMap<>();
        for (Row r : Deduplicator.classify(spark.createDataFrame(in, schema), "k").collectAsList()) {
            got.put(r.getString(0) + "/" + r.getString(1), r.getAs("dedup_status"));
        }
        // k2: equal versions, equal content: the later file (b.csv) is kept, a.csv is its duplicate
        assertEquals(Map.of("k1/a.csv", "duplicate", "k1/b.csv", "winner", "k2/a.csv", "duplicate", "k2/b.csv", "winner",
                "k3/a.csv", "conflict", "k3/b.csv", "conflict", "k3/c.csv", "duplicate"), got);
    }
}
