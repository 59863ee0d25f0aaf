package org.livegov.jobs.publish;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Set;

/**
 * The published precision of every number in a release (issue 17 item 5), in one place: which
 * column of which unit is written with how many decimals. CSV, JSON and XLSX all take their
 * numbers from {@link #round}, so the three files show the same figures.
 *
 * <p>Rounding: the figure's shortest decimal text ({@link BigDecimal#valueOf(double)}, i.e.
 * {@link Double#toString}, what releases printed before this change) rounded {@link RoundingMode#HALF_UP}
 * to the column's decimals, so 1234.565 → 1234.57, 1.005 → 1.01 and 8.35E-4 → 0.0008 (not the
 * binary expansion of the double, in which 1.005 is 1.00499…, which would round to 1.00). Written plain (never scientific
 * notation), with the trailing zeros of its precision ("0.5000"): the text says how precise it is.
 *
 * <p>Precision (configuration of ours; docs/benchmarks.md "Release files"):
 * <ul>
 *   <li>counts (numerators of proportions and rates, denominators in units, ranks, draws,
 *       rank shifts): integers;</li>
 *   <li>a value in the indicator's unit ({@code value, lower, upper, shrunk_value, peer_value},
 *       funnel limits) by {@link #BY_UNIT}: share 4 decimals (0.01 percentage point), rates per
 *       1,000 and per CNY 1 million GMV 2, hours and days 1, satisfaction score 1-5 2;</li>
 *   <li>the numerator of a mean or median (a sum of per-unit values in the unit, or empty): as
 *       the value;</li>
 *   <li>the denominator of a rate per CNY 1 million GMV (GMV in CNY million): 8 decimals, i.e.
 *       CNY to 2 decimals (the fen);</li>
 *   <li>indicator scores and composites (0-100): 2 decimals; coverage and weight_available
 *       (shares): 4; the median rank: 1 (a median of whole ranks over an even number of draws
 *       may end in .5);</li>
 *   <li>model statistics whose size depends on the unit ({@code overdispersion_phi}, {@code tau2}):
 *       4 significant digits;</li>
 *   <li>any other number (a column added later without a line here): 4 significant digits.</li>
 * </ul>
 */
final class ReleaseNumbers {
    /**
     * A precision: {@code digits} decimals, or {@code digits} significant digits when
     * {@code significant}; {@code excelFormat} is the XLSX number format that shows it.
     */
    record Precision(int digits, boolean significant, String excelFormat) {
        static Precision decimals(int d) {
            String f = d == 0 ? "#,##0" : "#,##0." + "0".repeat(d);
            return new Precision(d, false, f);
        }

        static Precision significantDigits(int d) {
            return new Precision(d, true, "0.0###########");
        }
    }

    static final Precision COUNT = Precision.decimals(0);
    static final Precision SHARE = Precision.decimals(4);
    static final Precision SCORE = Precision.decimals(2);
    static final Precision RANK_MEDIAN = Precision.decimals(1);
    /** GMV in CNY million to the fen (CNY 0.01 = CNY 0.00000001 million). */
    static final Precision CNY_MILLION = Precision.decimals(8);
    static final Precision STATISTIC = Precision.significantDigits(4);
    /** Unit of the indicators whose denominator is GMV in CNY million. */
    static final String PER_MILLION_GMV = "per CNY 1 million GMV";

    /** Decimals of a value in each unit of {@code conf/indicators.yaml}; a unit not listed: {@link #STATISTIC}. */
    static final Map<String, Precision> BY_UNIT = Map.of(
            "share", SHARE,
            "per 1,000 broadcasts", Precision.decimals(2),
            "per 1,000 active anchors", Precision.decimals(2),
            PER_MILLION_GMV, Precision.decimals(2),
            "hours", Precision.decimals(1),
            "days", Precision.decimals(1),
            "score 1-5", Precision.decimals(2));
    /** Units whose indicators are a mean or median of per-unit values (their numerator is in the unit, or empty). */
    static final Set<String> LOCATION_UNITS = Set.of("hours", "days", "score 1-5");
    /** Columns in the indicator's unit. */
    static final Set<String> IN_UNIT = Set.of("value", "lower", "upper", "shrunk_value", "peer_value",
            "funnel_lower_95", "funnel_upper_95", "funnel_lower_998", "funnel_upper_998");
    static final Map<String, Precision> BY_COLUMN = Map.ofEntries(
            Map.entry("score", SCORE), Map.entry("composite", SCORE),
            Map.entry("coverage", SHARE), Map.entry("weight_available", SHARE),
            Map.entry("rank", COUNT), Map.entry("rank_lower", COUNT), Map.entry("rank_upper", COUNT),
            Map.entry("rank_shift", COUNT), Map.entry("draws", COUNT),
            Map.entry("rank_median", RANK_MEDIAN),
            Map.entry("overdispersion_phi", STATISTIC), Map.entry("tau2", STATISTIC));

    private ReleaseNumbers() {
    }

    /**
     * @param column a column of a release table
     * @param unit   the row's indicator unit ({@code null} for scores and sensitivity rows)
     * @return the precision the column is published with
     */
    static Precision of(String column, String unit) {
        if (IN_UNIT.contains(column)) return unit(unit);
        if (column.equals("numerator")) return unit != null && LOCATION_UNITS.contains(unit) ? unit(unit) : COUNT;
        if (column.equals("denominator")) return PER_MILLION_GMV.equals(unit) ? CNY_MILLION : COUNT;
        return BY_COLUMN.getOrDefault(column, STATISTIC);
    }

    private static Precision unit(String unit) {
        return unit == null ? STATISTIC : BY_UNIT.getOrDefault(unit, STATISTIC);
    }

    /**
     * The published form of a cell: a {@link Float} or {@link Double} rounded to {@code p} as a
     * {@link BigDecimal}; an integer type as a {@link BigDecimal} of scale 0; anything else
     * (text, booleans, {@code null}) as it is.
     *
     * @throws IllegalStateException for NaN or an infinity (the benchmark writes those as null, so
     *                               one here is a defect, not a figure to publish)
     */
    static Object round(Object v, Precision p) {
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) throw new IllegalStateException("not a finite number: " + d);
            BigDecimal b = BigDecimal.valueOf(d);
            if (p.significant()) {
                if (b.signum() == 0) return BigDecimal.ZERO;
                b = b.round(new MathContext(p.digits(), RoundingMode.HALF_UP));
                return b.scale() < 0 ? b.setScale(0, RoundingMode.UNNECESSARY) : b;
            }
            return b.setScale(p.digits(), RoundingMode.HALF_UP);
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigDecimal b && !p.significant()) return b.setScale(p.digits(), RoundingMode.HALF_UP);
        return v;
    }

    /** {@link #round} of the column's precision. */
    static Object round(String column, String unit, Object v) {
        return round(v, of(column, unit));
    }

    /** The text of a cell in a CSV file: a number plain ({@link BigDecimal#toPlainString}), else its text; null is empty. */
    static String text(Object v) {
        if (v == null) return "";
        if (v instanceof BigDecimal b) return b.toPlainString();
        return String.valueOf(v);
    }
}
