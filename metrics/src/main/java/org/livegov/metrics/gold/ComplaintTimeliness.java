package org.livegov.metrics.gold;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.livegov.metrics.time.BeijingTime;

/**
 * Whether a complaint was accepted (or rejected) within the legal number of working days.
 *
 * <p>Rule: SAMR complaint and report handling measures (2022 amendment) art. 14: a complaint is
 * accepted or rejected within 7 working days of receipt. Working days follow the State Council
 * holiday schedule including make-up working weekends ({@code conf/calendar/cn-holidays.yaml}).
 * The day of receipt is not counted: working days elapsed = ordinal(accepted day) -
 * ordinal(received day), days in Beijing time.
 *
 * <p>A complaint is <em>decided</em> when it was accepted, or when more than the allowed working
 * days have passed by the as-of day without acceptance (then it is late); otherwise it is still
 * open and left out of the share's denominator.
 */
public final class ComplaintTimeliness {
    private ComplaintTimeliness() {
    }

    /**
     * @param complaints   silver complaints (needs {@code received_at}, {@code accepted_at} UTC timestamps)
     * @param calendar     {@code day date, is_working_day boolean, working_day_ordinal int} covering
     *                     every day involved (the caller checks coverage)
     * @param asOf         the Beijing day the figures are computed for (data cut-off)
     * @param workingDays  allowed working days (7)
     * @return the complaints plus {@code working_days_to_accept int} (null when not accepted),
     *     {@code acceptance_decided boolean}, {@code accepted_in_time boolean}
     */
    public static Dataset<Row> annotate(Dataset<Row> complaints, Dataset<Row> calendar, LocalDate asOf,
                                        int workingDays) {
        Dataset<Row> received = broadcast(calendar.select(col("day").as("_rd"), col("working_day_ordinal").as("_ro")));
        Dataset<Row> accepted = broadcast(calendar.select(col("day").as("_ad"), col("working_day_ordinal").as("_ao")));
        Dataset<Row> now = broadcast(calendar.where(col("day").equalTo(lit(Date.valueOf(asOf))))
                .select(col("working_day_ordinal").as("_no")));
        Column elapsed = col("_ao").minus(col("_ro"));
        Column isAccepted = col("accepted_at").isNotNull();
        return complaints
                .withColumn("_rday", BeijingTime.day(col("received_at")))
                .withColumn("_aday", BeijingTime.day(col("accepted_at")))
                .join(received, col("_rday").equalTo(col("_rd")), "left")
                .join(accepted, col("_aday").equalTo(col("_ad")), "left")
                .crossJoin(now)
                .withColumn("working_days_to_accept", when(isAccepted, elapsed).cast("int"))
                .withColumn("acceptance_decided", isAccepted.or(col("_no").minus(col("_ro")).gt(workingDays)))
                .withColumn("accepted_in_time", isAccepted.and(elapsed.leq(workingDays)))
                .drop("_rday", "_aday", "_rd", "_ro", "_ad", "_ao", "_no");
    }
    /**
     * Whether a complaint was closed within the mediation limit of working days.
     *
     * <p>Rule: SAMR complaint and report handling measures (2022 amendment) art. 21: mediation ends
     * after 45 working days without agreement, so a complaint should be closed within 45 working
     * days of receipt. Same counting as {@link #annotate}: working days elapsed = ordinal(closed
     * day) - ordinal(received day), Beijing days; the day of receipt is not counted. A complaint is
     * <em>closure-decided</em> when closed, or when more than the allowed working days have passed
     * by the as-of day without closing (then it is late); otherwise it is left out of the share.
     *
     * @param complaints  silver complaints (needs {@code received_at}, {@code closed_at} UTC timestamps)
     * @param calendar    {@code day date, is_working_day boolean, working_day_ordinal int} covering
     *                    every day involved (the caller checks coverage)
     * @param asOf        the Beijing day the figures are computed for
     * @param workingDays allowed working days (45)
     * @return the complaints plus {@code working_days_to_close int} (null when not closed),
     *     {@code closure_decided boolean}, {@code closed_in_time boolean}
     */
    public static Dataset<Row> annotateClosure(Dataset<Row> complaints, Dataset<Row> calendar, LocalDate asOf,
                                               int workingDays) {
        Dataset<Row> received = broadcast(calendar.select(col("day").as("_rd"), col("working_day_ordinal").as("_ro")));
        Dataset<Row> closed = broadcast(calendar.select(col("day").as("_cd"), col("working_day_ordinal").as("_co")));
        Dataset<Row> now = broadcast(calendar.where(col("day").equalTo(lit(Date.valueOf(asOf))))
                .select(col("working_day_ordinal").as("_no")));
        Column elapsed = col("_co").minus(col("_ro"));
        Column isClosed = col("closed_at").isNotNull();
        return complaints
                .withColumn("_rday", BeijingTime.day(col("received_at")))
                .withColumn("_cday", BeijingTime.day(col("closed_at")))
                .join(received, col("_rday").equalTo(col("_rd")), "left")
                .join(closed, col("_cday").equalTo(col("_cd")), "left")
                .crossJoin(now)
                .withColumn("working_days_to_close", when(isClosed, elapsed).cast("int"))
                .withColumn("closure_decided", isClosed.or(col("_no").minus(col("_ro")).gt(workingDays)))
                .withColumn("closed_in_time", isClosed.and(elapsed.leq(workingDays)))
                .drop("_rday", "_cday", "_rd", "_ro", "_cd", "_co", "_no");
    }
}
