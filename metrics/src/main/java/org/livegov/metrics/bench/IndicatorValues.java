package org.livegov.metrics.bench;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Schema of the long table of indicator inputs per entity and quarter ({@code gold/indicator_values}),
 * the hand-over from the indicator computation (silver → numerators and exposures) to the
 * benchmark statistics (intervals, funnel, shrinkage, composite, ranks).
 *
 * <p>One row per (quarter, role, entity_id, indicator_id):
 * <ul>
 *   <li>{@code quarter} string {@code yyyyQn}, Beijing time</li>
 *   <li>{@code role} string: platform, mcn, merchant, anchor ({@link Indicator.Role#key()})</li>
 *   <li>{@code entity_id} string: platform_id, mcn_id, merchant_id or anchor_id (never a personal identifier)</li>
 *   <li>{@code indicator_id} string, an id of the catalogue</li>
 *   <li>{@code numerator} double: events (PROPORTION, RATE); for MEDIAN and MEAN the sum of values (MEAN) or null</li>
 *   <li>{@code denominator} double: exposure in the indicator's own unit (units, broadcasts, CNY million…)</li>
 *   <li>{@code value} double: point estimate in the published unit (numerator/denominator×scale, or the median/mean)</li>
 *   <li>{@code lower}, {@code upper} double: 95 % interval of value where the indicator computation
 *       gives it (MEDIAN, MEAN); null for PROPORTION and RATE, whose intervals the statistics compute</li>
 * </ul>
 */
public final class IndicatorValues {
    public static final StructType SCHEMA = new StructType()
            .add("quarter", DataTypes.StringType, false)
            .add("role", DataTypes.StringType, false)
            .add("entity_id", DataTypes.StringType, false)
            .add("indicator_id", DataTypes.StringType, false)
            .add("numerator", DataTypes.DoubleType, true)
            .add("denominator", DataTypes.DoubleType, false)
            .add("value", DataTypes.DoubleType, true)
            .add("lower", DataTypes.DoubleType, true)
            .add("upper", DataTypes.DoubleType, true);

    private IndicatorValues() {
    }
}
