package org.livegov.jobs.report;

import java.math.BigDecimal;
import org.apache.spark.sql.Row;

/** One row of {@code gold/trend_series} ({@code TrendFlags.SCHEMA}). */
public record TrendPoint(String periodType, String period, String dimension, String dimensionValue, String measure,
                         Double value, BigDecimal numerator, BigDecimal denominator, boolean complete, Double yoy,
                         Double qoq, Double mom, Double expected, Double lower, Double upper, Double phi, String flag,
                         boolean changepoint, String festival) {

    /** @param r a row selected in {@code TrendFlags.SCHEMA} column order */
    static TrendPoint of(Row r) {
        return new TrendPoint(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4), d(r, 5),
                r.getDecimal(6), r.getDecimal(7), r.getBoolean(8), d(r, 9), d(r, 10), d(r, 11), d(r, 12), d(r, 13),
                d(r, 14), d(r, 15), r.getString(16), !r.isNullAt(17) && r.getBoolean(17), r.getString(18));
    }

    private static Double d(Row r, int i) {
        return r.isNullAt(i) ? null : r.getDouble(i);
    }
}
