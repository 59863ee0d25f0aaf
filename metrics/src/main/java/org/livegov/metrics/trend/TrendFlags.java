package org.livegov.metrics.trend;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Comparisons, expected values, overdispersed Poisson limits, flags, changepoints and festival
 * annotation over the base trend series ({@link TrendSeries#BASE}).
 *
 * <p>Per series (period_type, dimension, dimension_value, measure):
 * <ul>
 *   <li>{@code yoy}: (v − v₁) / v₁ against the same period a year earlier; {@code qoq} against the
 *       previous quarter (quarters only); {@code mom} against the previous month (months only).
 *       Null unless both periods are complete, both values exist and the base is not 0. Relative
 *       change, so 0.25 means +25 %.</li>
 *   <li>Count measures only ({@link #COUNT_MEASURES}): {@code expected} = mean of the same period
 *       (same month, or same quarter) in all earlier years present and complete in the series; null
 *       without such history or for an incomplete period. {@code lower, upper} and {@code phi} per
 *       {@link PoissonLimits} at the configured confidence; {@code flag} = "above" / "below" when
 *       the count lies outside them, else null. An expected value of 0 gives no limits and no flag
 *       (Poisson limits around 0 are degenerate).</li>
 *   <li>{@code changepoint} = true on the first period of a new segment found by {@link Pelt} over
 *       the series' complete periods in order (count measures, at least {@code peltMinPeriods}
 *       periods; periods absent from the series are skipped, not filled), penalty
 *       {@code peltPenaltyLogN × ln(n)}, cost divided by the series' phi.</li>
 *   <li>{@code festival}: ids of the configured festivals whose month the period covers, comma
 *       separated, else null.</li>
 * </ul>
 * The series table is small (periods × dimension values × measures), so it is collected and
 * computed on the driver; the result is a new Dataset.
 */
public final class TrendFlags {
    /** Measures that are counts, for which expected values, limits and changepoints are computed. */
    public static final Set<String> COUNT_MEASURES = Set.of("broadcasts", "violations", "complaints", "repeat_offenders");

    /** Output schema: {@link TrendSeries#BASE} plus the annotation columns. */
    public static final StructType SCHEMA = TrendSeries.BASE
            .add("yoy", DataTypes.DoubleType).add("qoq", DataTypes.DoubleType).add("mom", DataTypes.DoubleType)
            .add("expected", DataTypes.DoubleType).add("lower", DataTypes.DoubleType).add("upper", DataTypes.DoubleType)
            .add("phi", DataTypes.DoubleType).add("flag", DataTypes.StringType)
            .add("changepoint", DataTypes.BooleanType, false).add("festival", DataTypes.StringType);

    private TrendFlags() {
    }

    /** One point of a base series. */
    public record Point(String periodType, String period, String dimension, String dimensionValue, String measure,
                       Double value, BigDecimal numerator, BigDecimal denominator, boolean complete) {
        String seriesKey() {
            return periodType + "|" + dimension + "|" + dimensionValue + "|" + measure;
        }
    }

    /** A point with its annotation. */
    public record Annotated(Point p, Double yoy, Double qoq, Double mom, Double expected, Double lower, Double upper,
                            Double phi, String flag, boolean changepoint, String festival) {
    }

    /**
     * @param base rows in {@link TrendSeries#BASE} (any number of periods and series)
     * @param cfg  festivals, confidence, phi and PELT settings
     * @return rows in {@link #SCHEMA}, one per input row
     */
    public static Dataset<Row> annotate(Dataset<Row> base, TrendConfig cfg) {
        List<Point> points = new ArrayList<>();
        for (Row r : base.select(TrendSeries.BASE.fieldNames()[0], java.util.Arrays.copyOfRange(
                TrendSeries.BASE.fieldNames(), 1, TrendSeries.BASE.size())).collectAsList()) {
            points.add(new Point(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                    r.isNullAt(5) ? null : r.getDouble(5), r.getDecimal(6), r.getDecimal(7), r.getBoolean(8)));
        }
        List<Row> out = new ArrayList<>();
        for (Annotated a : annotate(points, cfg)) {
            Point p = a.p();
            out.add(RowFactory.create(p.periodType(), p.period(), p.dimension(), p.dimensionValue(), p.measure(),
                    p.value(), p.numerator(), p.denominator(), p.complete(), a.yoy(), a.qoq(), a.mom(), a.expected(),
                    a.lower(), a.upper(), a.phi(), a.flag(), a.changepoint(), a.festival()));
        }
        return base.sparkSession().createDataFrame(out, SCHEMA);
    }

    /** The same over plain points; output in series, then period order. */
    public static List<Annotated> annotate(List<Point> points, TrendConfig cfg) {
        double z = PoissonLimits.z(cfg.confidence());
        Map<String, List<Point>> bySeries = new LinkedHashMap<>();
        points.stream().sorted(Comparator.comparing(Point::seriesKey).thenComparing(Point::period))
                .forEach(p -> bySeries.computeIfAbsent(p.seriesKey(), k -> new ArrayList<>()).add(p));
        List<Annotated> out = new ArrayList<>();
        for (List<Point> series : bySeries.values()) {
            String type = series.get(0).periodType();
            boolean counts = COUNT_MEASURES.contains(series.get(0).measure());
            Map<String, Point> at = new HashMap<>();
            series.forEach(p -> at.put(p.period(), p));
            int perYear = Periods.perYear(type);

            Map<String, Double> expected = new HashMap<>();
            if (counts) {
                for (Point p : series) {
                    if (!p.complete() || p.value() == null) {
                        continue;
                    }
                    double sum = 0;
                    int k = 0;
                    for (Point q : series) {
                        if (q.complete() && q.value() != null && q.period().compareTo(p.period()) < 0
                                && sameSlot(type, q.period(), p.period())) {
                            sum += q.value();
                            k++;
                        }
                    }
                    if (k > 0) {
                        expected.put(p.period(), sum / k);
                    }
                }
            }
            double[] obs = series.stream().filter(p -> expected.containsKey(p.period())).mapToDouble(Point::value).toArray();
            double[] exp = series.stream().filter(p -> expected.containsKey(p.period()))
                    .mapToDouble(p -> expected.get(p.period())).toArray();
            double phi = PoissonLimits.phi(obs, exp, cfg.minPeriodsForPhi());

            Set<String> changes = new java.util.HashSet<>();
            if (counts) {
                List<Point> complete = series.stream().filter(p -> p.complete() && p.value() != null).toList();
                if (complete.size() >= Math.max(2, cfg.peltMinPeriods())) {
                    double[] y = complete.stream().mapToDouble(Point::value).toArray();
                    double beta = cfg.peltPenaltyLogN() * Math.log(y.length);
                    for (int i : Pelt.changepoints(y, phi, beta)) {
                        changes.add(complete.get(i).period());
                    }
                }
            }
            for (Point p : series) {
                Double yoy = change(p, at.get(Periods.minus(type, p.period(), perYear)));
                Double qoq = Periods.QUARTER.equals(type) ? change(p, at.get(Periods.minus(type, p.period(), 1))) : null;
                Double mom = Periods.MONTH.equals(type) ? change(p, at.get(Periods.minus(type, p.period(), 1))) : null;
                Double e = expected.get(p.period());
                Double lo = null;
                Double hi = null;
                String flag = null;
                if (e != null && e > 0) {
                    double[] lim = PoissonLimits.limits(e, phi, z);
                    lo = lim[0];
                    hi = lim[1];
                    flag = p.value() > hi ? "above" : p.value() < lo ? "below" : null;
                }
                out.add(new Annotated(p, yoy, qoq, mom, e, lo, hi, counts ? phi : null, flag,
                        changes.contains(p.period()), festival(type, p.period(), cfg)));
            }
        }
        return out;
    }

    private static boolean sameSlot(String type, String a, String b) {
        return a.substring(4).equals(b.substring(4)); // "-06" of 2025-06, "Q2" of 2025Q2
    }

    private static Double change(Point cur, Point base) {
        if (base == null || !cur.complete() || !base.complete() || cur.value() == null || base.value() == null
                || base.value() == 0) {
            return null;
        }
        return (cur.value() - base.value()) / base.value();
    }

    static String festival(String type, String period, TrendConfig cfg) {
        StringJoiner j = new StringJoiner(",");
        List<Integer> months = Periods.calendarMonths(type, period);
        for (TrendConfig.Festival f : cfg.festivals()) {
            if (months.contains(f.month())) {
                j.add(f.id());
            }
        }
        return j.length() == 0 ? null : j.toString();
    }
}
