package org.livegov.jobs.silver;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_contains_key;
import static org.apache.spark.sql.functions.map_filter;

import io.delta.tables.DeltaTable;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.Warehouse;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.ids.PersonalData;

/**
 * Brings a warehouse written before birth dates were reduced ({@link PersonalData}) to the new
 * shape, once, inside the first night run after the change: {@code silver/anchors.birth_date}
 * becomes {@code turns_16_on} (birth date + 16 years, Spark's {@code add_months}, as the under-16
 * check computed it before, never before {@link PersonalData#ADULT_FLOOR}), and the {@code birth_date} entry is removed from the records of
 * {@code bronze/anchors} and of anchors rows in {@code silver/quarantine}. Each step is idempotent
 * (the bronze and quarantine UPDATEs only touch records that still have the entry; silver is
 * rewritten only while it has the column), so a run killed half-way is completed by the next one.
 * Earlier Delta versions keep the old values until {@code livegov maintain} vacuums them (a version
 * a published release pins is kept, by design).
 */
public final class BirthDateMigration {
    private BirthDateMigration() {
    }

    /**
     * Call before the night's bronze write (then bronze holds only rows written by older code).
     *
     * @return true when something was migrated
     */
    public static boolean run(SparkSession spark, Warehouse wh, PrintStream out) {
        String silver = wh.silver(Feed.ANCHORS);
        if (!DeltaTable.isDeltaTable(spark, silver)
                || !Arrays.asList(spark.read().format("delta").load(silver).columns()).contains(PersonalData.BIRTH_DATE)) {
            return false;
        }
        Column drop = map_filter(col("record"), (k, v) -> k.notEqual(lit(PersonalData.BIRTH_DATE)));
        Column has = map_contains_key(col("record"), PersonalData.BIRTH_DATE);
        if (DeltaTable.isDeltaTable(spark, wh.bronze(Feed.ANCHORS))) {
            DeltaTable.forPath(spark, wh.bronze(Feed.ANCHORS)).update(has, Map.of("record", drop));
        }
        if (DeltaTable.isDeltaTable(spark, wh.quarantine())) {
            DeltaTable.forPath(spark, wh.quarantine()).update(col("feed").equalTo(Feed.ANCHORS.feedName()).and(has),
                    Map.of("record", drop));
        }
        Dataset<Row> reduced = spark.read().format("delta").load(silver)
                // greatest() skips nulls: a blank birth date stays blank (unknown), never the floor
                .withColumn("turns_16_on", org.apache.spark.sql.functions.when(col(PersonalData.BIRTH_DATE).isNotNull(),
                        org.apache.spark.sql.functions.greatest(add_months(col(PersonalData.BIRTH_DATE), 12 * 16),
                                org.apache.spark.sql.functions.lit(java.sql.Date.valueOf(PersonalData.ADULT_FLOOR)))))
                .drop(PersonalData.BIRTH_DATE);
        reduced.write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true").save(silver);
        out.println("[migrate] silver/anchors.birth_date → turns_16_on; birth_date removed from bronze/anchors and "
                + "quarantined anchors (earlier Delta versions keep it until 'livegov maintain' vacuums them)");
        return true;
    }
}
