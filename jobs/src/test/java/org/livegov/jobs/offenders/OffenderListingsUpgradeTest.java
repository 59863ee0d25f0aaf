package org.livegov.jobs.offenders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.SparkTestBase;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.config.ConfigLoader;
import org.livegov.metrics.offenders.Listing;
import org.livegov.metrics.offenders.ListingState;
import org.livegov.metrics.offenders.OffenderRows;
import org.livegov.metrics.offenders.OffenderViolation;

/**
 * A warehouse whose {@code gold/offender_listings} was written before acts were counted (no
 * {@code acts} column) gains the column at the next run, and listings with acts merge into it.
 */
@Tag("slow")
class OffenderListingsUpgradeTest extends SparkTestBase {
    @TempDir
    Path tmp;

    @Test
    void anOldListingsTableGainsTheActsColumn() {
        Warehouse wh = new Warehouse(tmp.toString());
        StructType old = new StructType(Arrays.stream(OffenderRows.LISTINGS.fields())
                .filter(f -> !f.name().equals("acts") && !f.name().equals("subject_roles")).toArray(org.apache.spark.sql.types.StructField[]::new));
        spark.createDataFrame(List.of(), old).write().format("delta").mode(SaveMode.ErrorIfExists).save(wh.gold("offender_listings"));
        OffenderStep step = new OffenderStep(spark, wh, ConfigLoader.load(Path.of("..", "conf")));
        step.ensure("offender_listings", OffenderRows.LISTINGS);
        step.ensure("offender_listings", OffenderRows.LISTINGS);   // once is enough: a second call changes nothing
        assertTrue(List.of(spark.read().format("delta").load(wh.gold("offender_listings")).schema().fieldNames())
                .containsAll(List.of("acts", "subject_roles")));
        // V1 and V2 are records of one act (broadcast B1, V05); the merge with the new schema succeeds
        Listing l = new Listing("uscc:X#1", "uscc:X", "merchant", List.of("merchant"), 1, ListingState.PRELIMINARY, LocalDate.of(2026, 1, 10),
                LocalDate.of(2023, 7, 1), LocalDate.of(2026, 6, 30), null, null, null, null, List.of("R-SERIOUS-3IN24M@3"), false,
                List.of(new OffenderViolation.Evidence("V1", "DY", "V05", "s3", LocalDate.of(2026, 1, 10), "b:B1|V05"),
                        new OffenderViolation.Evidence("V2", "DY", "V05", "s4", LocalDate.of(2026, 1, 11), "b:B1|V05")),
                null, "r", "run", "b1");
        DeltaTable.forPath(spark, wh.gold("offender_listings")).as("t")
                .merge(spark.createDataFrame(List.of(OffenderRows.toRow(l)), OffenderRows.LISTINGS).as("s"), "t.listing_id = s.listing_id")
                .whenMatched().updateAll().whenNotMatched().insertAll().execute();
        Row r = spark.read().format("delta").load(wh.gold("offender_listings")).first();
        List<Row> acts = r.getList(r.fieldIndex("acts"));
        assertEquals(1, acts.size());
        assertEquals("b:B1|V05", acts.get(0).getString(0));
        assertEquals("s4", acts.get(0).getString(2));                    // the worst of s3, s4
        assertEquals(List.of("V1", "V2"), acts.get(0).getList(4));
        assertEquals(l.evidence(), OffenderRows.listing(r).evidence());    // read back with each record's act
    }
}
