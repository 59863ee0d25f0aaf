package org.livegov.jobs.silver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.SparkTestBase;
import org.livegov.metrics.conform.RegisterHistory;
import org.livegov.metrics.contract.Feed;

/**
 * The registers' history (issue 17 item 3) as {@link SilverTables#mergeRegister} writes it, on a
 * merchants table cut down to the columns the MERGE reads (key, {@code updated_at},
 * {@code content_hash}, {@code batch_id}) and one content column. Versions are written
 * {@code [effective_from, effective_to)}, "-" for null (from: since the earliest known; to: current).
 */
class RegisterHistoryMergeTest extends SparkTestBase {
    static final StructType OLD = new StructType().add("merchant_id", "string").add("platform_id", "string")
            .add("licence_displayed", "boolean").add("updated_at", "timestamp").add("content_hash", "string")
            .add("batch_id", "string");

    @TempDir
    Path tmp;

    static Timestamp t(String utc) {
        return utc == null ? null : Timestamp.from(Instant.parse(utc));
    }

    static Dataset<Row> rows(Object[]... rs) {
        List<Row> l = new ArrayList<>();
        for (Object[] r : rs) l.add(RowFactory.create(r));
        return spark.createDataFrame(l, OLD);
    }

    /** "id licence [from, to)" per version, by id, from (nulls first) and to (nulls last). */
    static List<String> versions(String path) {
        List<String> out = new ArrayList<>();
        for (Row r : delta(path).orderBy(org.apache.spark.sql.functions.col("merchant_id"),
                org.apache.spark.sql.functions.col(RegisterHistory.FROM).asc_nulls_first(),
                org.apache.spark.sql.functions.col(RegisterHistory.TO).asc_nulls_last()).collectAsList()) {
            Object from = r.getAs(RegisterHistory.FROM);
            Object to = r.getAs(RegisterHistory.TO);
            out.add(r.getAs("merchant_id") + " " + r.getAs("licence_displayed") + " [" + (from == null ? "-" : from) + ", "
                    + (to == null ? "-" : to) + ")");
        }
        return out;
    }

    static List<Long> insertedUpdated(Map<String, String> m) {
        return List.of(Long.parseLong(m.get("numTargetRowsInserted")), Long.parseLong(m.get("numTargetRowsUpdated")));
    }

    @Test
    void aTableWrittenBeforeTheHistoryIsUpgradedInPlaceThenKeepsEveryVersion() {
        String path = tmp.resolve("silver/merchants").toString();
        // a register as written before issue 17: one row per key, no history columns
        rows(new Object[]{"S1", "DY", true, null, "h1", "b1"},
                new Object[]{"S2", "KS", false, t("2026-06-01T00:00:00Z"), "h2", "b1"})
                .write().format("delta").save(path);
        SilverTables.ensure(spark, path, Feed.MERCHANTS, OLD);   // the nightly's ensure upgrades it
        assertTrue(Arrays.asList(delta(path).columns()).containsAll(List.of(RegisterHistory.FROM, RegisterHistory.TO)));
        // every existing row: since the earliest known, current
        assertEquals(List.of("S1 true [-, -)", "S2 false [-, -)"), versions(path));
        assertFalse(SilverTables.upgradeRegister(spark, path), "a second upgrade does nothing");

        // November: S1's licence no longer shown, changed at the source 2026-11-09 10:00 Beijing (02:00 UTC);
        // S3 is new, without updated_at: effective from the landing day 11-10
        Map<String, String> m = SilverTables.mergeRegister(spark, path, Feed.MERCHANTS, rows(
                new Object[]{"S1", "DY", false, t("2026-11-09T02:00:00Z"), "h3", "b2"},
                new Object[]{"S3", "DY", true, null, "h4", "b2"}), LocalDate.of(2026, 11, 10));
        // S3 inserted (1 new key), S1 given a new version (1 updated: its old version closed)
        assertEquals(List.of(1L, 1L), insertedUpdated(m));
        assertEquals(List.of("S1 true [-, 2026-11-09)", "S1 false [2026-11-09, -)", "S2 false [-, -)",
                "S3 true [2026-11-10, -)"), versions(path));

        // the same rows again (a rerun, a file landed twice, another batch id): nothing changes
        m = SilverTables.mergeRegister(spark, path, Feed.MERCHANTS, rows(
                new Object[]{"S1", "DY", false, t("2026-11-09T02:00:00Z"), "h3", "b3"},
                new Object[]{"S3", "DY", true, null, "h4", "b2"}), LocalDate.of(2026, 11, 11));
        assertEquals(List.of(0L, 0L), insertedUpdated(m));
        assertEquals(4, delta(path).count());

        // a change dated inside 2026Q2, landed late: S2's licence shown from 2026-06-20 (02:00 UTC = 10:00 Beijing);
        // an older version than the current one (S1 at 2026-11-01 < 11-09) is ignored
        m = SilverTables.mergeRegister(spark, path, Feed.MERCHANTS, rows(
                new Object[]{"S2", "KS", true, t("2026-06-20T02:00:00Z"), "h5", "b4"},
                new Object[]{"S1", "DY", true, t("2026-11-01T02:00:00Z"), "h6", "b4"}), LocalDate.of(2026, 11, 12));
        assertEquals(List.of(0L, 1L), insertedUpdated(m));
        // a version never takes effect before the one it replaces: S3 changed at the source 10-01, but its
        // current version stands from 11-10, so the new one is effective from 11-10 (the old one never stood)
        SilverTables.mergeRegister(spark, path, Feed.MERCHANTS, rows(
                new Object[]{"S3", "DY", false, t("2026-10-01T02:00:00Z"), "h7", "b5"}), LocalDate.of(2026, 11, 13));
        assertEquals(List.of("S1 true [-, 2026-11-09)", "S1 false [2026-11-09, -)", "S2 false [-, 2026-06-20)",
                "S2 true [2026-06-20, -)", "S3 true [2026-11-10, 2026-11-10)", "S3 false [2026-11-10, -)"), versions(path));

        // as the register stood on 2026-06-30 (the last day of 2026Q2): S1 shown (the November change is later),
        // S2 shown (changed 06-20), S3 not yet there; one row per key, in the shape before the history
        List<String> q2 = new ArrayList<>();
        RegisterHistory.asOf(delta(path), LocalDate.of(2026, 6, 30)).orderBy("merchant_id").collectAsList()
                .forEach(r -> q2.add(r.getAs("merchant_id") + " " + r.getAs("licence_displayed")));
        assertEquals(List.of("S1 true", "S2 true"), q2);
        assertEquals(List.of(OLD.fieldNames()), List.of(RegisterHistory.asOf(delta(path), LocalDate.of(2026, 6, 30)).columns()));
        // on 06-19 S2 was not shown yet; today: S1 not shown, S2 shown, S3 not shown
        assertEquals(false, RegisterHistory.asOf(delta(path), LocalDate.of(2026, 6, 19)).where("merchant_id = 'S2'")
                .first().getAs("licence_displayed"));
        List<String> now = new ArrayList<>();
        RegisterHistory.current(delta(path)).orderBy("merchant_id").collectAsList()
                .forEach(r -> now.add(r.getAs("merchant_id") + " " + r.getAs("licence_displayed")));
        assertEquals(List.of("S1 false", "S2 true", "S3 false"), now);
    }

    @Test
    void aRegistersFirstDeliveryStandsSinceTheEarliestKnown() {
        String path = tmp.resolve("silver/merchants-new").toString();
        SilverTables.ensure(spark, path, Feed.MERCHANTS, OLD);
        // the first delivery, landed 2026-07-03 with a change date in May: nothing earlier is known about
        // these merchants, so they stand from the earliest known (else every earlier quarter would lose them)
        Map<String, String> m = SilverTables.mergeRegister(spark, path, Feed.MERCHANTS, rows(
                new Object[]{"S1", "DY", true, t("2026-05-01T02:00:00Z"), "h1", "b1"},
                new Object[]{"S2", "KS", false, null, "h2", "b1"}), LocalDate.of(2026, 7, 3));
        assertEquals(List.of(2L, 0L), insertedUpdated(m));
        assertEquals(List.of("S1 true [-, -)", "S2 false [-, -)"), versions(path));
    }
}
