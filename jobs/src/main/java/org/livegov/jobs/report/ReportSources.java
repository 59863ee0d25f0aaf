package org.livegov.jobs.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.UserError;
import org.livegov.jobs.Warehouse;

/** Reads the gold tables the report is made of. Absent optional tables come back as null. */
public final class ReportSources {
    private ReportSources() {
    }

    /** @throws UserError when {@code gold/trend_series} does not exist (the nightly has not run) */
    public static Dataset<Row> trendSeries(SparkSession spark, Warehouse wh) {
        Dataset<Row> t = optional(spark, wh, "trend_series");
        if (t == null) {
            throw new UserError(wh.gold("trend_series") + " does not exist; run the nightly first");
        }
        return t;
    }

    /** A gold table, or null when it has not been published. */
    public static Dataset<Row> optional(SparkSession spark, Warehouse wh, String product) {
        String path = wh.gold(product);
        return DeltaTable.isDeltaTable(spark, path) ? spark.read().format("delta").load(path) : null;
    }

    /**
     * The only read of the offender list ({@code gold/offender_listings}): counts of the listings
     * currently on the list (states listed and eligible for early removal), no identities.
     *
     * @param repeatOffenders {@code gold/offender_listings}; only {@code state}, {@code subject_role}
     *                        and {@code categories array<string>} are read
     * @return {@code subject_role, category, subjects bigint}: per role and category the listed
     *     subjects with that category, plus per role one row with category null = all its subjects
     */
    public static Dataset<Row> offenderCounts(Dataset<Row> repeatOffenders) {
        Dataset<Row> r = repeatOffenders.where(col("state").isin(org.livegov.metrics.offenders.OffenderSets.ON_LIST.toArray()))
                .select(col("subject_role"), col("categories"));
        return r.groupBy(col("subject_role")).agg(count(lit(1)).as("subjects"))
                .select(col("subject_role"), lit(null).cast("string").as("category"), col("subjects"))
                .unionByName(r.select(col("subject_role"), explode(col("categories")).as("category"))
                        .groupBy("subject_role", "category").agg(count(lit(1)).as("subjects")))
                .orderBy(col("subject_role"), col("category").asc_nulls_first());
    }
}
