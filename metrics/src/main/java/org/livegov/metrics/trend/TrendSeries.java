package org.livegov.metrics.trend;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.median;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The trend series in long format: one row per (period type, period, dimension, dimension value,
 * measure), for Beijing months and quarters.
 *
 * <p>Dimensions: {@code all} (value "all"), {@code platform} (platform_id), {@code mcn_size_band}
 * (band of the MCN the fact is attributed to, "none" without an MCN), {@code province} (GB/T 2260
 * province code of that MCN's USCC characters 3-4 + "0000", "unknown" when not in the province
 * table or without an MCN), and for violations only {@code category} (V01-V13), {@code severity}
 * (s1-s4) and {@code role} (subject_role). Province and size band follow the MCN because the MCN is
 * the one party every fact can be attributed to on the same rule ({@code McnAttribution}), so a
 * rate's numerator and denominator share it; the USCC is required for MCNs (input contract).
 *
 * <p>Measures (value; numerator; denominator), as in {@code MonthlyIndicators}:
 * {@code broadcasts}; {@code gmv_cny} (value in CNY as double, numerator exact decimal);
 * {@code violations} (not overturned); {@code violations_per_1000_broadcasts} (violations × 1000 /
 * broadcasts; for category, severity and role the denominator is all broadcasts of the period);
 * {@code complaints}; {@code complaints_per_million_gmv} (complaints / (GMV / 1,000,000));
 * {@code median_hours_to_disposal} (exact median hours detection → disposal of disposed, not
 * overturned violations; denominator = disposals, numerator null); {@code share_accepted_in_time}
 * (accepted within 7 working days / decided, SAMR complaint handling measures art. 14);
 * {@code repeat_offenders} (subjects on the offender list, {@code gold/offender_listings}, as of the period's last day,
 * or the cut-off if earlier; dimensions all and role). Category, severity and role carry only the
 * violation measures. A rate without a denominator has a null value. A measure is written only for
 * the periods its feeds cover (the feed has any row in the period nationally): a month with
 * violations but no broadcast data has no broadcast measures, rather than a false 0.
 */
public final class TrendSeries {
    /** Base schema of the long series (before {@link TrendFlags}). */
    public static final StructType BASE = new StructType()
            .add("period_type", DataTypes.StringType, false).add("period", DataTypes.StringType, false)
            .add("dimension", DataTypes.StringType, false).add("dimension_value", DataTypes.StringType, false)
            .add("measure", DataTypes.StringType, false).add("value", DataTypes.DoubleType)
            .add("numerator", DataTypes.createDecimalType(28, 2)).add("denominator", DataTypes.createDecimalType(28, 2))
            .add("is_complete", DataTypes.BooleanType, false);

    static final List<String> VIOLATION_ONLY = List.of("category", "severity", "role");
    private static final String DEC = "decimal(28,2)";

    private TrendSeries() {
    }

    /**
     * Size band and province of every MCN.
     *
     * @param mcns      silver mcns: {@code mcn_id, uscc}
     * @param contracts silver contracts: {@code anchor_id, mcn_id, valid_from date, valid_to date (null = open)}
     * @param asOf      Beijing day: anchors count when their contract is valid on it
     * @return {@code mcn_id, contracted_anchors bigint, mcn_size_band, province} (province "unknown"
     *     when the code is not in the configured GB/T 2260 table)
     */
    public static Dataset<Row> mcnProfile(Dataset<Row> mcns, Dataset<Row> contracts, LocalDate asOf, TrendConfig cfg) {
        Column day = lit(Date.valueOf(asOf));
        Dataset<Row> anchors = contracts.where(col("valid_from").leq(day)
                        .and(col("valid_to").isNull().or(col("valid_to").geq(day))))
                .groupBy(col("mcn_id")).agg(countDistinct(col("anchor_id")).as("contracted_anchors"));
        Column n = coalesce(col("contracted_anchors"), lit(0L));
        Column band = lit(cfg.sizeBands().get(0).id());
        for (TrendConfig.SizeBand b : cfg.sizeBands()) {
            band = when(n.geq(b.minAnchors()), lit(b.id())).otherwise(band);
        }
        Column code = concat(substring(col("uscc"), 3, 2), lit("0000"));
        return mcns.select("mcn_id", "uscc")
                .join(anchors, scala.jdk.javaapi.CollectionConverters.asScala(List.of("mcn_id")).toSeq(), "left")
                .select(col("mcn_id"), n.as("contracted_anchors"), band.as("mcn_size_band"),
                        when(code.isin(cfg.provinces().keySet().toArray()), code).otherwise(lit("unknown")).as("province"));
    }

    /**
     * @param broadcasts silver broadcasts with {@code mcn_id} (nullable): {@code platform_id, month, gmv_cny}
     * @param violations silver violations with {@code mcn_id}: {@code platform_id, month, status,
     *                   severity, category, subject_role, detected_at, disposed_at}
     * @param complaints complaints annotated by {@code ComplaintTimeliness}, with {@code mcn_id}:
     *                   {@code platform_id, month, acceptance_decided, accepted_in_time}
     * @param profile    {@link #mcnProfile}
     * @param asOf       Beijing cut-off day, decides {@code is_complete}
     * @return rows in {@link #BASE} for every month present in the inputs and the quarters of those
     *     months (a quarter is computed from the months given: pass all months of it). Not lazy: the
     *     call runs the aggregations (four Spark actions) and returns a plan over their results held
     *     on the driver ({@link #local})
     */
    public static Dataset<Row> build(Dataset<Row> broadcasts, Dataset<Row> violations, Dataset<Row> complaints,
                                     Dataset<Row> profile, LocalDate asOf) {
        Dataset<Row> p = broadcast(profile.select(col("mcn_id").as("_pm"), col("mcn_size_band").as("_band"),
                col("province").as("_prov")));
        List<Column> common = List.of(
                struct(lit("all").as("d"), lit("all").as("v")),
                struct(lit("platform").as("d"), col("platform_id").as("v")),
                struct(lit("mcn_size_band").as("d"), coalesce(col("_band"), lit("none")).as("v")),
                struct(lit("province").as("d"), coalesce(col("_prov"), lit("unknown")).as("v")));
        List<Column> vdims = new ArrayList<>(common);
        vdims.add(struct(lit("category").as("d"), col("category").as("v")));
        vdims.add(struct(lit("severity").as("d"), col("severity").as("v")));
        vdims.add(struct(lit("role").as("d"), col("subject_role").as("v")));

        Column[] keys = {col("period_type"), col("period"), col("dimension"), col("dimension_value")};
        Dataset<Row> b = local(expand(broadcasts, p, common).groupBy(keys).agg(
                count(lit(1)).as("broadcasts"),
                sum(coalesce(col("gmv_cny"), lit(0).cast("decimal(18,2)"))).cast(DEC).as("gmv")));
        Column hours = col("disposed_at").cast("double").minus(col("detected_at").cast("double")).divide(3600.0);
        Dataset<Row> v = local(expand(violations.where(col("status").notEqual("overturned")), p, vdims).groupBy(keys).agg(
                count(lit(1)).as("violations"),
                median(when(col("disposed_at").isNotNull(), hours)).as("median_hours"),
                count(col("disposed_at")).as("disposals")));
        Dataset<Row> c = local(expand(complaints, p, common).groupBy(keys).agg(
                count(lit(1)).as("complaints"),
                count(when(col("acceptance_decided"), 1)).as("decided"),
                count(when(col("accepted_in_time"), 1)).as("in_time")));

        var using = scala.jdk.javaapi.CollectionConverters.asScala(
                List.of("period_type", "period", "dimension", "dimension_value")).toSeq();
        var byPeriod = scala.jdk.javaapi.CollectionConverters.asScala(List.of("period_type", "period")).toSeq();
        Dataset<Row> totals = b.where(col("dimension").equalTo("all"))
                .select(col("period_type"), col("period"), col("broadcasts").as("broadcasts_all"));
        Dataset<Row> j = b.join(v, using, "full_outer").join(c, using, "full_outer")
                .na().fill(0L, new String[]{"broadcasts", "violations", "disposals", "complaints", "decided", "in_time"})
                .join(totals, byPeriod, "left")
                .withColumn("den_b", when(col("dimension").isin(VIOLATION_ONLY.toArray()),
                        coalesce(col("broadcasts_all"), lit(0L))).otherwise(col("broadcasts")))
                .withColumn("violation_only", col("dimension").isin(VIOLATION_ONLY.toArray()));

        // A feed covers a period when it has any row in it nationally; a measure is written only for the
        // periods its feeds cover, so a month outside a feed's coverage is absent, not a false 0.
        Dataset<Row> coverage = b.where(col("dimension").equalTo("all")).select(col("period_type"), col("period"), lit(true).as("has_b"))
                .join(v.where(col("dimension").equalTo("all")).select(col("period_type"), col("period"), lit(true).as("has_v")),
                        byPeriod, "full_outer")
                .join(c.where(col("dimension").equalTo("all")).select(col("period_type"), col("period"), lit(true).as("has_c")),
                        byPeriod, "full_outer")
                .na().fill(false, new String[]{"has_b", "has_v", "has_c"});
        j = local(j.join(coverage, byPeriod, "left"));
        Column hasB = col("has_b");
        Column hasV = col("has_v");
        Column hasC = col("has_c");
        Column gmv = coalesce(col("gmv"), lit(0).cast(DEC));
        Dataset<Row> all = measure(j.where(hasV), "violations", col("violations").cast("double"), col("violations").cast(DEC), nullDec())
                .unionByName(measure(j.where(hasV.and(hasB)), "violations_per_1000_broadcasts",
                        when(col("den_b").gt(0), col("violations").multiply(1000.0).divide(col("den_b"))),
                        col("violations").cast(DEC), col("den_b").cast(DEC)))
                .unionByName(measure(j.where(hasV), "median_hours_to_disposal", col("median_hours"), nullDec(),
                        col("disposals").cast(DEC)));
        Dataset<Row> full = j.where(col("violation_only").equalTo(false));
        all = all.unionByName(measure(full.where(hasB), "broadcasts", col("broadcasts").cast("double"), col("broadcasts").cast(DEC), nullDec()))
                .unionByName(measure(full.where(hasB), "gmv_cny", gmv.cast("double"), gmv, nullDec()))
                .unionByName(measure(full.where(hasC), "complaints", col("complaints").cast("double"), col("complaints").cast(DEC), nullDec()))
                .unionByName(measure(full.where(hasB.and(hasC)), "complaints_per_million_gmv",
                        when(gmv.gt(0), col("complaints").divide(gmv.cast("double").divide(1_000_000.0))),
                        col("complaints").cast(DEC), gmv))
                .unionByName(measure(full.where(hasC), "share_accepted_in_time",
                        when(col("decided").gt(0), col("in_time").divide(col("decided").cast("double"))),
                        col("in_time").cast(DEC), col("decided").cast(DEC)));
        return all.withColumn("is_complete", isComplete(asOf)).select(columns());
    }

    /**
     * Repeat offenders on the list at the end of each period (or at {@code asOf} when earlier),
     * counted in total ({@code all}) and by {@code role}; periods starting after {@code asOf} are
     * skipped. A listing is on the list at day d when {@code listed_from <= d} and it had not ended
     * by then ({@code ended_on} null or after d); preliminary listings (no {@code listed_from}) do
     * not count. The list itself is decided by the offender rules and lifecycle
     * ({@code org.livegov.metrics.offenders}, {@code conf/offenders.yaml}).
     *
     * @param listings {@code gold/offender_listings}: reads {@code subject_role, listed_from date,
     *                 ended_on date} (Beijing days)
     * @param periods  pairs {period_type, period}
     * @return rows in {@link #BASE}, measure {@code repeat_offenders} (value = numerator = count)
     */
    public static Dataset<Row> repeatOffenders(Dataset<Row> listings, List<String[]> periods, LocalDate asOf) {
        List<Row> rows = new ArrayList<>();
        List<Row> local = listings.select("subject_role", "listed_from", "ended_on")
                .where(col("listed_from").isNotNull()).collectAsList();
        for (String[] tp : periods) {
            LocalDate end = Periods.lastDay(tp[0], tp[1]);
            boolean complete = !end.isAfter(asOf);
            LocalDate at = complete ? end : asOf;
            String first = Periods.MONTH.equals(tp[0]) ? tp[1] : Periods.monthsOf(tp[1]).get(0);
            if (java.time.YearMonth.parse(first).atDay(1).isAfter(asOf)) {
                continue;
            }
            Map<String, Long> byRole = new TreeMap<>();
            long total = 0;
            for (Row r : local) {
                LocalDate from = r.getDate(1).toLocalDate();
                LocalDate ended = r.isNullAt(2) ? null : r.getDate(2).toLocalDate();
                if (!from.isAfter(at) && (ended == null || ended.isAfter(at))) {
                    byRole.merge(r.getString(0), 1L, Long::sum);
                    total++;
                }
            }
            rows.add(row(tp, "all", "all", total, complete));
            byRole.forEach((role, n) -> rows.add(row(tp, "role", role, n, complete)));
        }
        return listings.sparkSession().createDataFrame(rows, BASE);
    }

    private static Row row(String[] tp, String dim, String value, long n, boolean complete) {
        return RowFactory.create(tp[0], tp[1], dim, value, "repeat_offenders", (double) n,
                BigDecimal.valueOf(n).setScale(2), null, complete);
    }

    /** Every fact row once per (period type, period) and once per dimension. */
    private static Dataset<Row> expand(Dataset<Row> facts, Dataset<Row> profile, List<Column> dims) {
        Column quarter = concat(substring(col("month"), 1, 4), lit("Q"),
                substring(col("month"), 6, 2).cast("int").minus(1).divide(3).cast("int").plus(1).cast("string"));
        return facts.join(profile, col("mcn_id").equalTo(col("_pm")), "left")
                .withColumn("_p", explode(array(struct(lit(Periods.MONTH).as("t"), col("month").as("p")),
                        struct(lit(Periods.QUARTER).as("t"), quarter.as("p")))))
                .withColumn("_d", explode(array(dims.toArray(new Column[0]))))
                .withColumn("period_type", col("_p.t")).withColumn("period", col("_p.p"))
                .withColumn("dimension", col("_d.d")).withColumn("dimension_value", coalesce(col("_d.v"), lit("unknown")));
    }

    /**
     * The aggregate computed once and held on the driver as a local relation. The aggregates are
     * small (periods × dimension values, thousands of rows nationally), and each is read several
     * times below: as one plan, the joins and the eight measures re-planned the whole tree after
     * every query stage, about 20 s of driver time for a table of 245 rows (docs/performance.md).
     */
    private static Dataset<Row> local(Dataset<Row> small) {
        return small.sparkSession().createDataFrame(small.collectAsList(), small.schema());
    }

    private static Dataset<Row> measure(Dataset<Row> j, String name, Column value, Column num, Column den) {
        return j.select(col("period_type"), col("period"), col("dimension"), col("dimension_value"),
                lit(name).as("measure"), value.cast("double").as("value"), num.cast(DEC).as("numerator"),
                den.cast(DEC).as("denominator"));
    }

    private static Column nullDec() {
        return lit(null).cast(DEC);
    }

    /** Over rows with {@code period_type, period}: whether the period's last Beijing day is on or before the cut-off. */
    public static Column isComplete(LocalDate asOf) {
        Column monthEnd = when(col("period_type").equalTo(Periods.MONTH), col("period"))
                .otherwise(concat(substring(col("period"), 1, 4), lit("-"),
                        lpad(substring(col("period"), 6, 1).cast("int").multiply(3).cast("string"), 2, "0")));
        return last_day(to_date(concat(monthEnd, lit("-01")))).leq(lit(Date.valueOf(asOf)));
    }

    private static Column[] columns() {
        return java.util.Arrays.stream(BASE.fieldNames()).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    }
}
