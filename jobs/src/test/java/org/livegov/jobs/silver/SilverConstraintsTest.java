package org.livegov.jobs.silver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.SparkTestBase;
import org.livegov.metrics.contract.Feed;

/**
 * The CHECK constraints of a silver table ({@link SilverTables#checks}) are in force from the
 * commit that creates it: a contracts register refuses a contract that ends before it starts, and
 * a version that ends before it begins, and accepts a valid one.
 */
class SilverConstraintsTest extends SparkTestBase {
    static final StructType CONTRACTS = new StructType().add("anchor_id", "string").add("mcn_id", "string")
            .add("valid_from", "date").add("valid_to", "date").add("content_hash", "string").add("batch_id", "string");

    @TempDir
    Path tmp;

    Dataset<Row> contract(String from, String to, String effectiveFrom, String effectiveTo) {
        return spark.createDataFrame(List.of(RowFactory.create("A1", "M1", Date.valueOf(from), to == null ? null : Date.valueOf(to),
                        "h", "b1", effectiveFrom == null ? null : Date.valueOf(effectiveFrom),
                        effectiveTo == null ? null : Date.valueOf(effectiveTo))),
                CONTRACTS.add("effective_from", "date").add("effective_to", "date"));
    }

    @Test
    void aNewRegisterHasItsChecksFromItsFirstCommitAndRefusesRowsThatBreakThem() {
        String path = tmp.resolve("silver/contracts").toString();
        SilverTables.ensure(spark, path, Feed.CONTRACTS, CONTRACTS);

        // one commit creates the table with both checks: the contract's and the history's
        assertEquals(1L, io.delta.tables.DeltaTable.forPath(spark, path).history().count());
        Map<String, String> constraints = new TreeMap<>();
        for (Row r : spark.sql("SHOW TBLPROPERTIES delta.`" + path + "`").collectAsList()) {
            if (r.getString(0).startsWith("delta.constraints.")) {
                constraints.put(r.getString(0).substring("delta.constraints.".length()), r.getString(1));
            }
        }
        assertEquals(List.of("effective_to_not_before_from", "valid_to_not_before_from"), List.copyOf(constraints.keySet()));
        assertEquals("valid_to IS NULL OR valid_to >= valid_from", constraints.get("valid_to_not_before_from"));

        // valid_to 2026-05-31 < valid_from 2026-06-01: refused, nothing written
        Exception e = assertThrows(Exception.class,
                () -> contract("2026-06-01", "2026-05-31", null, null).write().format("delta").mode("append").save(path));
        assertTrue(e.getMessage().contains("valid_to_not_before_from"), e.getMessage());
        // a version effective to 2026-06-01, before it is effective from 2026-06-02: refused
        Exception h = assertThrows(Exception.class,
                () -> contract("2026-06-01", null, "2026-06-02", "2026-06-01").write().format("delta").mode("append").save(path));
        assertTrue(h.getMessage().contains("effective_to_not_before_from"), h.getMessage());
        assertEquals(0L, delta(path).count());

        // an open contract (valid_to null), current version: accepted
        contract("2026-06-01", null, null, null).write().format("delta").mode("append").save(path);
        assertEquals(1L, delta(path).count());
    }
}
