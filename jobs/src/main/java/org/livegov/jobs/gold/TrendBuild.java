package org.livegov.jobs.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.config.LiveGovConfig;
import org.livegov.jobs.stage.TableWrite;
import org.livegov.metrics.conform.RegisterHistory;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.gold.ComplaintTimeliness;
import org.livegov.metrics.gold.McnAttribution;
import org.livegov.metrics.trend.Periods;
import org.livegov.metrics.trend.TrendFlags;
import org.livegov.metrics.trend.TrendSeries;

/**
 * Writes {@code gold/trend_series} ({@link TrendFlags#SCHEMA}): the long trend series by month and
 * quarter with comparisons, expected values, limits, flags and changepoints.
 *
 * <p>The months a batch touched are widened to whole quarters and recomputed from silver
 * ({@link TrendSeries}); the other periods' base rows are kept from the table as it was (their
 * {@code is_complete} re-evaluated against the new cut-off). Flags depend on a series' history
 * (each period's expected value and phi are fitted on the periods before it; PELT runs over the
 * whole series up to the cut-off; docs/trends.md), so the annotation is recomputed over all periods
 * and the (small) table is overwritten as a whole: idempotent for a given silver and cut-off.
 */
public final class TrendBuild {
    public static final String PRODUCT = "trend_series";

    private final SparkSession spark;
    private final Warehouse wh;
    private final LiveGovConfig conf;

    public TrendBuild(SparkSession spark, Warehouse wh, LiveGovConfig conf) {
        this.spark = spark;
        this.wh = wh;
        this.conf = conf;
    }

    /**
     * @param months Beijing months ({@code yyyy-MM}) touched by the batch; nothing is done when empty
     * @param asOf   Beijing day of the data cut-off (decides completeness and the offender lists)
     * @return rows written and Delta version of {@code gold/trend_series}
     */
    public TableWrite build(Set<String> months, LocalDate asOf) {
        Set<String> quarters = new TreeSet<>();
        months.forEach(m -> quarters.add(Periods.quarterOf(m)));
        Set<String> all = new TreeSet<>();
        quarters.forEach(q -> all.addAll(Periods.monthsOf(q)));
        Column in = col("month").isin(all.toArray());

        Dataset<Row> contracts = silver(Feed.CONTRACTS);
        Dataset<Row> b = McnAttribution.attach(silver(Feed.BROADCASTS).where(in), "broadcast_id", "anchor_id",
                "started_at", contracts);
        Dataset<Row> v = McnAttribution.attachViolations(silver(Feed.VIOLATIONS).where(in), contracts);
        Dataset<Row> c = McnAttribution.attach(ComplaintTimeliness.annotate(silver(Feed.COMPLAINTS).where(in),
                        conf.calendar().asDataset(spark), asOf, conf.thresholds().acceptanceWorkingDays()),
                "complaint_id", "anchor_id", "received_at", contracts);
        Dataset<Row> profile = TrendSeries.mcnProfile(silver(Feed.MCNS), contracts, asOf, conf.trend());

        List<String[]> periods = new ArrayList<>();
        all.forEach(m -> periods.add(new String[]{Periods.MONTH, m}));
        quarters.forEach(q -> periods.add(new String[]{Periods.QUARTER, q}));
        // the offender list at each period end, from the lifecycle table OffenderStep has just written
        String listingsPath = wh.gold("offender_listings");
        Dataset<Row> offenders = io.delta.tables.DeltaTable.isDeltaTable(spark, listingsPath)
                ? TrendSeries.repeatOffenders(spark.read().format("delta").load(listingsPath), periods, asOf)
                : spark.createDataFrame(List.of(), TrendSeries.BASE);
        Dataset<Row> fresh = TrendSeries.build(b, v, c, profile, asOf).unionByName(offenders);

        Dataset<Row> base = fresh;
        if (io.delta.tables.DeltaTable.isDeltaTable(spark, wh.gold(PRODUCT))) {
            Column touched = col("period_type").equalTo(Periods.MONTH).and(col("period").isin(all.toArray()))
                    .or(col("period_type").equalTo(Periods.QUARTER).and(col("period").isin(quarters.toArray())));
            Dataset<Row> kept = spark.read().format("delta").load(wh.gold(PRODUCT)).where(not(touched))
                    .withColumn("is_complete", TrendSeries.isComplete(asOf))
                    .select(java.util.Arrays.stream(TrendSeries.BASE.fieldNames()).map(org.apache.spark.sql.functions::col)
                            .toArray(Column[]::new));
            base = kept.unionByName(fresh);
        }
        // Collected before the overwrite: the annotation reads the old table through `base`.
        Dataset<Row> annotated = TrendFlags.annotate(base, conf.trend());
        annotated.write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true")
                .save(wh.gold(PRODUCT));
        return TableWrite.lastCommit(spark, PRODUCT, wh.gold(PRODUCT));
    }

    /** A silver table; a register as it stands now (its current versions, {@link RegisterHistory#current}): the trend series is rebuilt nightly from the registers as known today. */
    private Dataset<Row> silver(Feed f) {
        Dataset<Row> d = spark.read().format("delta").load(wh.silver(f));
        return RegisterHistory.isRegister(f) ? RegisterHistory.current(d) : d;
    }
}
