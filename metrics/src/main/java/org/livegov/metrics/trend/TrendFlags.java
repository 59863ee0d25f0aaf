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
 *   <li>Count measures only ({@link #COUNT_MEASURES}): {@code expected} = the count a
 *       quasi-Poisson log-linear model predicts for the period from the series' earlier complete
 *       periods only (as of the period: no later period is read) — {@code log E[y] = log(exposure)
 *       + b0 + b1 × time + month-of-year (quarter-of-year) effects}, fitted by IRLS
 *       ({@link QuasiPoisson}, {@link #expectedAt}); the exposure is broadcasts for violations and
 *       complaints ({@link #EXPOSURE}), and 1 for broadcasts and repeat offenders, which have no
 *       exposure (a trend-and-season model of the count itself). So a market that grows at a
 *       constant rate per broadcast is expected to grow, and is not flagged for growing.
 *       {@code phi} = that fit's Pearson chi-square / (n − p), at least 1; {@code lower, upper} per
 *       {@link PoissonLimits} at the configured confidence; {@code flag} = "above" / "below" when the
 *       count lies outside them, else null. No expected value (so no limits, no phi, no flag) for an
 *       incomplete period, a period without its exposure (no broadcast data, or 0 broadcasts), a
 *       period whose month of year has no earlier usable period, or whose history has fewer than
 *       p + {@code minResidualDf} usable periods (p = 2 + the other months of year present; 13 with
 *       every month, 5 with every quarter): a null flag with a null expected value means "not
 *       assessed", never "normal". An expected value of 0 (below 1e-6: the month never had a count)
 *       gives no limits and no flag (Poisson limits around 0 are degenerate). This is the model of
 *       Farrington et al. (JRSS A 159(3), 1996) with month effects instead of a window of
 *       comparable weeks and without their down-weighting of past outbreaks.</li>
 *   <li>{@code changepoint} = true on the first period of a new segment found by {@link Pelt} in
 *       the series' rate (count / exposure; the count itself for a series without exposure) over
 *       the usable periods in order (count measures, at least {@code peltMinPeriods} periods;
 *       periods absent or without exposure are skipped, not filled), penalty
 *       {@code peltPenaltyLogN × ln(n)}, cost divided by the phi of the series' latest fit (1
 *       without one). Changepoints are retrospective over the whole series as of the cut-off: a new
 *       month can move an earlier changepoint.</li>
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
        Map<String, Point> byKey = new HashMap<>();
        points.stream().sorted(Comparator.comparing(Point::seriesKey).thenComparing(Point::period))
                .forEach(p -> {
                    bySeries.computeIfAbsent(p.seriesKey(), k -> new ArrayList<>()).add(p);
                    byKey.put(p.seriesKey() + "|" + p.period(), p);
                });
        List<Annotated> out = new ArrayList<>();
        for (List<Point> series : bySeries.values()) {
            Point first = series.get(0);
            String type = first.periodType();
            boolean counts = COUNT_MEASURES.contains(first.measure());
            Map<String, Point> at = new HashMap<>();
            series.forEach(p -> at.put(p.period(), p));
            int perYear = Periods.perYear(type);

            // usable periods: complete, with a count and (for a series with an exposure) an exposure > 0
            List<Point> usable = new ArrayList<>();
            List<Double> exposure = new ArrayList<>();
            if (counts) {
                for (Point p : series) {
                    Double x = exposure(p, byKey);
                    if (p.complete() && p.value() != null && x != null && x > 0) {
                        usable.add(p);
                        exposure.add(x);
                    }
                }
            }
            Map<String, Expected> expected = new HashMap<>();
            Expected latest = null;
            for (int t = 0; t < usable.size(); t++) {
                Expected e = expectedAt(usable, exposure, t, perYear, cfg.minResidualDf());
                if (e != null) {
                    expected.put(usable.get(t).period(), e);
                    latest = e;
                }
            }

            Set<String> changes = new java.util.HashSet<>();
            if (counts && usable.size() >= Math.max(2, cfg.peltMinPeriods())) {
                double[] y = usable.stream().mapToDouble(Point::value).toArray();
                double[] x = exposure.stream().mapToDouble(Double::doubleValue).toArray();
                double beta = cfg.peltPenaltyLogN() * Math.log(y.length);
                for (int i : Pelt.changepoints(y, x, latest == null ? 1.0 : latest.phi(), beta)) {
                    changes.add(usable.get(i).period());
                }
            }
            for (Point p : series) {
                Double yoy = change(p, at.get(Periods.minus(type, p.period(), perYear)));
                Double qoq = Periods.QUARTER.equals(type) ? change(p, at.get(Periods.minus(type, p.period(), 1))) : null;
                Double mom = Periods.MONTH.equals(type) ? change(p, at.get(Periods.minus(type, p.period(), 1))) : null;
                Expected e = expected.get(p.period());
                Double lo = null;
                Double hi = null;
                String flag = null;
                if (e != null && e.value() > 0) {
                    double[] lim = PoissonLimits.limits(e.value(), e.phi(), z);
                    lo = lim[0];
                    hi = lim[1];
                    flag = p.value() > hi ? "above" : p.value() < lo ? "below" : null;
                }
                out.add(new Annotated(p, yoy, qoq, mom, e == null ? null : e.value(), lo, hi, e == null ? null : e.phi(),
                        flag, changes.contains(p.period()), festival(type, p.period(), cfg)));
            }
        }
        return out;
    }

    /**
     * Where a count measure's exposure comes from: violations per broadcast (the denominator of
     * {@code violations_per_1000_broadcasts}: the dimension value's broadcasts, or all broadcasts of
     * the period for category, severity and role), complaints per broadcast (the {@code broadcasts}
     * value of the same dimension value). Broadcasts and repeat offenders have none (exposure 1).
     */
    static final Map<String, String> EXPOSURE = Map.of("violations", "violations_per_1000_broadcasts",
            "complaints", "broadcasts");

    /** A fitted expected count (0 when the fit's mean is below 1e-6) and the phi of its fit. */
    record Expected(double value, double phi) {
    }

    /** The exposure of a point: 1 without an exposure measure, null when the exposure's row or value is missing. */
    static Double exposure(Point p, Map<String, Point> byKey) {
        String m = EXPOSURE.get(p.measure());
        if (m == null) {
            return 1.0;
        }
        Point x = byKey.get(p.periodType() + "|" + p.dimension() + "|" + p.dimensionValue() + "|" + m + "|" + p.period());
        if (x == null) {
            return null;
        }
        if ("broadcasts".equals(m)) {
            return x.value();
        }
        return x.denominator() == null ? null : x.denominator().doubleValue();
    }

    /**
     * The expected count of {@code usable[t]} from the usable periods before it only (as of the
     * period: nothing after it is read): quasi-Poisson log-linear fit ({@link QuasiPoisson}) of
     * {@code log E[y] = log(exposure) + b0 + b1 × (years before the period, negative) + month-of-year
     * (or quarter-of-year) effects}, the period's own month of year being the reference level, so the
     * expected count is {@code exposure × exp(b0)}. Levels absent from the history get no column.
     *
     * @return null (no expected value, no limits, no flag) when the period's month of year is not in
     *     the history, when the history has fewer than p + {@code minResidualDf} periods, or when the
     *     fit fails (singular or not converging)
     */
    static Expected expectedAt(List<Point> usable, List<Double> exposure, int t, int perYear, int minResidualDf) {
        int target = index(usable.get(t).period(), perYear);
        int slot = Math.floorMod(target, perYear);
        java.util.SortedSet<Integer> slots = new java.util.TreeSet<>();
        for (int i = 0; i < t; i++) {
            slots.add(Math.floorMod(index(usable.get(i).period(), perYear), perYear));
        }
        if (!slots.contains(slot)) {
            return null;
        }
        slots.remove(slot);
        List<Integer> others = new ArrayList<>(slots);
        int p = 2 + others.size();
        if (t - p < minResidualDf) {
            return null;
        }
        double[][] x = new double[t][p];
        double[] y = new double[t];
        double[] off = new double[t];
        for (int i = 0; i < t; i++) {
            int idx = index(usable.get(i).period(), perYear);
            x[i][0] = 1;
            x[i][1] = (idx - target) / (double) perYear;
            int k = others.indexOf(Math.floorMod(idx, perYear));
            if (k >= 0) {
                x[i][2 + k] = 1;
            }
            y[i] = usable.get(i).value();
            off[i] = Math.log(exposure.get(i));
        }
        QuasiPoisson.Fit fit;
        try {
            fit = QuasiPoisson.fit(x, y, off);
        } catch (IllegalStateException e) {
            return null;
        }
        double value = exposure.get(t) * Math.exp(fit.beta()[0]);
        return new Expected(value < 1e-6 ? 0.0 : value, fit.phi());
    }

    /** Months (or quarters) since year 0: 2025-03 → 2025 × 12 + 2; 2025Q3 → 2025 × 4 + 2. */
    static int index(String period, int perYear) {
        int year = Integer.parseInt(period.substring(0, 4));
        int within = perYear == 12 ? Integer.parseInt(period.substring(5)) : period.charAt(5) - '0';
        return year * perYear + within - 1;
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
