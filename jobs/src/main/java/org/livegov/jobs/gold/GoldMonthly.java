package org.livegov.jobs.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.concat;

import java.sql.Date;
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
import org.livegov.jobs.UserError;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.config.LiveGovConfig;
import org.livegov.jobs.stage.FaultPoint;
import org.livegov.jobs.stage.StageListener;
import org.livegov.jobs.stage.TableWrite;
import org.livegov.metrics.conform.RegisterHistory;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.gold.ComplaintTimeliness;
import org.livegov.metrics.gold.McnAttribution;
import org.livegov.metrics.gold.MonthlyIndicators;
import org.livegov.metrics.gold.ViolationsByCategory;

/**
 * Gold stage of the monthly products: recomputes them for the Beijing months a batch touched, from
 * silver, and writes each with {@code replaceWhere} on those months (idempotent; other months
 * untouched). Read: silver (registers as they stand now); transform: {@link MonthlyIndicators}
 * by platform, by MCN ({@link McnAttribution}) and national, {@link ViolationsByCategory};
 * write: replace-where by month.
 *
 * <p>Products: {@code platform_monthly}, {@code mcn_monthly}, {@code trend_monthly} (national,
 * with {@code is_complete}) and {@code violations_by_category}. No gold table holds a raw
 * identifier: persons appear only as keyed-hash subject keys.
 */
public final class GoldMonthly {
    /** The four monthly products, written by month with {@code replaceWhere}; the DuckDB comparison restates them. */
    public static final List<String> PRODUCTS = List.of("platform_monthly", "mcn_monthly", "trend_monthly",
            "violations_by_category");

    /**
     * What the stage did.
     *
     * @param months the Beijing months recomputed (the batch's, or every month with data)
     * @param tables one write per product, in {@link #PRODUCTS} order (empty when no month was recomputed)
     */
    public record Result(Set<String> months, List<TableWrite> tables) {
    }

    private final SparkSession spark;
    private final Warehouse wh;
    private final LiveGovConfig conf;
    private final StageListener listener;

    /** @param listener told {@code gold.<product>} around each product's computation and write */
    public GoldMonthly(SparkSession spark, Warehouse wh, LiveGovConfig conf, StageListener listener) {
        this.spark = spark;
        this.wh = wh;
        this.conf = conf;
        this.listener = listener;
    }

    /**
     * @param months    Beijing months ({@code yyyy-MM}) to recompute; all months of silver when
     *                  {@code allMonths}
     * @param allMonths recompute every month (a register that changes attribution, e.g. contracts)
     * @param asOf      Beijing day of the data cut-off
     * @return the months recomputed and, per product, rows written and Delta version
     *                  (the holiday calendar covers every complaint month's year: checked before the night's
     *                  first write, by the nightly's preflight)
     */
    public Result write(Set<String> months, boolean allMonths, LocalDate asOf) {
        Dataset<Row> broadcasts = silver(Feed.BROADCASTS);
        Dataset<Row> violations = silver(Feed.VIOLATIONS);
        Dataset<Row> complaints = silver(Feed.COMPLAINTS);
        Set<String> target = new TreeSet<>(months);
        if (allMonths) {
            for (Dataset<Row> d : List.of(broadcasts, violations, complaints)) {
                d.select("month").distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList().forEach(target::add);
            }
        }
        List<TableWrite> out = new ArrayList<>();
        if (target.isEmpty()) {
            return new Result(target, out);
        }
        Column inMonths = col("month").isin(target.toArray());
        Dataset<Row> b = broadcasts.where(inMonths);
        Dataset<Row> v = violations.where(inMonths);
        Dataset<Row> c = ComplaintTimeliness.annotate(complaints.where(inMonths),
                conf.calendar().asDataset(spark), asOf, conf.thresholds().acceptanceWorkingDays());
        Dataset<Row> contracts = silver(Feed.CONTRACTS);

        write("platform_monthly", MonthlyIndicators.compute(List.of("platform_id"), b, v, c), target, out);

        Dataset<Row> bm = McnAttribution.attach(b, "broadcast_id", "anchor_id", "started_at", contracts);
        Dataset<Row> vm = McnAttribution.attachViolations(v, contracts);
        Dataset<Row> cm = McnAttribution.attach(c, "complaint_id", "anchor_id", "received_at", contracts);
        write("mcn_monthly", MonthlyIndicators.compute(List.of("mcn_id"),
                bm.where(col("mcn_id").isNotNull()), vm.where(col("mcn_id").isNotNull()),
                cm.where(col("mcn_id").isNotNull())), target, out);

        Dataset<Row> trend = MonthlyIndicators.compute(List.of(), b, v, c)
                .withColumn("is_complete", last_day(to_date(concat(col("month"), lit("-01"))))
                        .leq(lit(Date.valueOf(asOf))));
        write("trend_monthly", trend, target, out);
        write("violations_by_category", ViolationsByCategory.compute(vm), target, out);
        return new Result(target, out);
    }

    /** A silver table; a register as it stands now (its current versions, {@link RegisterHistory#current}): the monthly working products attribute by the contracts as known today; a published quarter reads them as of its last day (QuarterlyIndicators). */
    private Dataset<Row> silver(Feed f) {
        Dataset<Row> d = spark.read().format("delta").load(wh.silver(f));
        return RegisterHistory.isRegister(f) ? RegisterHistory.current(d) : d;
    }

    private void write(String product, Dataset<Row> rows, Set<String> months, List<TableWrite> out) {
        List<String> quoted = new ArrayList<>();
        months.forEach(m -> quoted.add("'" + m + "'"));
        listener.started("gold." + product);
        rows.write().format("delta").mode(SaveMode.Overwrite).partitionBy("month")
                .option("replaceWhere", "month IN (" + String.join(", ", quoted) + ")")
                .save(wh.gold(product));
        out.add(TableWrite.lastCommit(spark, product, wh.gold(product)));
        listener.finished("gold." + product);
        FaultPoint.reached("gold." + product, System.out);
    }
}
