package org.livegov.metrics.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The offender list as of a day, for indicators that must not change when a listing later expires,
 * is removed early or is withdrawn (issue 13 item 8: P16, M07).
 *
 * <p>Source: {@code gold/offender_listings}, from its dates rather than its current state. A
 * listing is on the list on Beijing day {@code d} when {@code listed_from <= d} and
 * ({@code ended_on} is null or {@code d < ended_on}). Why the dates suffice (and the events table
 * is not needed): the lifecycle ({@code metrics/offenders/Lifecycle}) sets {@code listed_from}
 * once, on the transition preliminary → listed, and {@code ended_on} once, on the terminal
 * transition (expired: the expiry day {@code ends_on}; removed early: the decision's day;
 * withdrawn: the day of the run that withdrew it), and never changes them afterwards; the states
 * in between (listed ⇄ eligible for early removal) are both on the list. A listing that never
 * reached the list (preliminary, or withdrawn while preliminary) has no {@code listed_from}. So
 * the interval [listed_from, ended_on) is the listing's time on the list whatever its state is
 * today, and the listings table is the one a release already pins (its manifest's Delta
 * version), so releases published before this change still verify. The same convention is used
 * by the trend's {@code repeat_offenders} series ({@code metrics/trend/TrendSeries}). Days are the
 * legal days the lifecycle records: a removal decision dated on or before {@code d} but processed
 * by a later run already takes the listing off on its decision day.
 */
public final class ListingPeriods {
    /** One row per listing that reached the list: role, key, first day on it, first day off it (null while on it). */
    public static final StructType SCHEMA = new StructType().add("subject_role", DataTypes.StringType)
            .add("subject_key", DataTypes.StringType).add("listed_from", DataTypes.DateType)
            .add("ended_on", DataTypes.DateType);

    private ListingPeriods() {
    }

    /**
     * @param listings {@code gold/offender_listings} (reads {@code subject_role, subject_key,
     *                 listed_from, ended_on}, Beijing dates), in any state
     * @return rows in {@link #SCHEMA}: the listings with a {@code listed_from}
     */
    public static Dataset<Row> of(Dataset<Row> listings) {
        return listings.where(col("listed_from").isNotNull())
                .select(col("subject_role"), col("subject_key"), col("listed_from"), col("ended_on"));
    }

    /** Whether a listing with these dates is on the list on {@code day}; {@code listedFrom} null: never. */
    public static boolean onList(LocalDate listedFrom, LocalDate endedOn, LocalDate day) {
        return listedFrom != null && !listedFrom.isAfter(day) && (endedOn == null || endedOn.isAfter(day));
    }

    /** {@link #onList} as a column over {@code listed_from, ended_on} and a date column {@code day}. */
    public static Column onListOn(Column day) {
        return col("listed_from").leq(day).and(col("ended_on").isNull().or(col("ended_on").gt(day)));
    }

    /**
     * @param periods rows in {@link #SCHEMA}
     * @return {@code subject_role, subject_key} of the subjects with a listing on the list on {@code day}, distinct
     */
    public static Dataset<Row> onListOn(Dataset<Row> periods, LocalDate day) {
        return periods.where(onListOn(lit(Date.valueOf(day)))).select("subject_role", "subject_key").distinct();
    }
}
