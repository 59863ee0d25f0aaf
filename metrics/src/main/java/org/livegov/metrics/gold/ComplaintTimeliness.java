package org.livegov.metrics.gold;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
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
 * <p>As of a day (the data cut-off, e.g. the quarter's last Beijing day, whose events are all
 * in): an acceptance (or closure) whose Beijing day is after the as-of day is not seen, as if not
 * yet recorded, so that figures computed later for the same as-of day do not change. A complaint
 * is <em>decided</em> when it was accepted by the as-of day (in time when elapsed &le; the
 * allowed working days, else late), or when its allowed working days have ended by the as-of day
 * without acceptance (late). Otherwise it is <em>pending</em>: neither on time nor late, left out
 * of the share's numerator and denominator.
 *
 * <p>"Ended by the as-of day" means that no acceptance from the next day on could still be in
 * time: ordinal(as-of day + 1) - ordinal(received day) &gt; allowed working days. So a complaint
 * whose last allowed working day is the as-of day itself is late when not accepted that day
 * (unless the next day is a non-working day, on which an acceptance would still count as elapsed =
 * the allowed working days, hence in time). When the calendar lacks the next day the as-of day's
 * ordinal is used (the complaint stays pending one day longer, never judged early).
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
     * @return the complaints plus {@code working_days_to_accept int} (null when not accepted by
     *     {@code asOf}), {@code acceptance_decided boolean}, {@code accepted_in_time boolean} (false
     *     while pending: read it only where decided)
     */
    public static Dataset<Row> annotate(Dataset<Row> complaints, Dataset<Row> calendar, LocalDate asOf,
                                        int workingDays) {
        return withinWorkingDays(complaints, calendar, asOf, workingDays, "accepted_at",
                "working_days_to_accept", "acceptance_decided", "accepted_in_time");
    }

    /**
     * Whether a complaint was closed within the mediation limit of working days.
     *
     * <p>Rule: SAMR complaint and report handling measures (2022 amendment) art. 21: mediation ends
     * after 45 working days without agreement, so a complaint should be closed within 45 working
     * days of receipt. Same counting as {@link #annotate}: working days elapsed = ordinal(closed
     * day) - ordinal(received day), Beijing days; the day of receipt is not counted. A complaint is
     * <em>closure-decided</em> when closed by the as-of day, or when its allowed working days have
     * ended by the as-of day without closing (then it is late); otherwise it is pending and left
     * out of the share (as {@link #annotate}; a closure after the as-of day is not seen).
     *
     * @param complaints  silver complaints (needs {@code received_at}, {@code closed_at} UTC timestamps)
     * @param calendar    {@code day date, is_working_day boolean, working_day_ordinal int} covering
     *                    every day involved (the caller checks coverage)
     * @param asOf        the Beijing day the figures are computed for
     * @param workingDays allowed working days (45)
     * @return the complaints plus {@code working_days_to_close int} (null when not closed by
     *     {@code asOf}), {@code closure_decided boolean}, {@code closed_in_time boolean} (false while
     *     pending)
     */
    public static Dataset<Row> annotateClosure(Dataset<Row> complaints, Dataset<Row> calendar, LocalDate asOf,
                                               int workingDays) {
        return withinWorkingDays(complaints, calendar, asOf, workingDays, "closed_at",
                "working_days_to_close", "closure_decided", "closed_in_time");
    }

    /**
     * The counting shared by {@link #annotate} and {@link #annotateClosure}: working days elapsed
     * from the Beijing day of {@code received_at} to the Beijing day of {@code doneAt} =
     * ordinal(done day) - ordinal(received day); done only when the done day is on or before
     * {@code asOf} (a later step is not seen); decided when done, or when ordinal(asOf + 1) -
     * ordinal(received day) &gt; {@code workingDays} (ordinal(asOf) when the calendar ends at asOf);
     * in time when done within {@code workingDays}.
     *
     * @param doneAt       UTC timestamp column of the step (null while not done; a day after asOf counts as not done)
     * @param elapsedCol   added int column: working days to the step, null when not done
     * @param decidedCol   added boolean column
     * @param inTimeCol    added boolean column
     */
    private static Dataset<Row> withinWorkingDays(Dataset<Row> complaints, Dataset<Row> calendar, LocalDate asOf,
                                                  int workingDays, String doneAt, String elapsedCol,
                                                  String decidedCol, String inTimeCol) {
        Dataset<Row> received = broadcast(calendar.select(col("day").as("_rd"), col("working_day_ordinal").as("_ro")));
        Dataset<Row> done = broadcast(calendar.select(col("day").as("_dd"), col("working_day_ordinal").as("_do")));
        // one row: the ordinal of the day after the cut-off (the first day an acceptance could still come),
        // or of the cut-off day itself when the calendar ends there; null when neither is covered (then pending)
        Column today = col("day").equalTo(lit(Date.valueOf(asOf)));
        Column tomorrow = col("day").equalTo(lit(Date.valueOf(asOf.plusDays(1))));
        Dataset<Row> now = broadcast(calendar.where(today.or(tomorrow)).agg(coalesce(
                max(when(tomorrow, col("working_day_ordinal"))), max(when(today, col("working_day_ordinal")))).as("_no")));
        Column elapsed = col("_do").minus(col("_ro"));
        // a step recorded after the cut-off is not seen (as of asOf)
        Column isDone = col(doneAt).isNotNull().and(col("_dday").leq(lit(Date.valueOf(asOf))));
        return complaints
                .withColumn("_rday", BeijingTime.day(col("received_at")))
                .withColumn("_dday", BeijingTime.day(col(doneAt)))
                .join(received, col("_rday").equalTo(col("_rd")), "left")
                .join(done, col("_dday").equalTo(col("_dd")), "left")
                .crossJoin(now)
                .withColumn(elapsedCol, when(isDone, elapsed).cast("int"))
                .withColumn(decidedCol, isDone.or(col("_no").minus(col("_ro")).gt(workingDays)))
                .withColumn(inTimeCol, isDone.and(elapsed.leq(workingDays)))
                .drop("_rday", "_dday", "_rd", "_ro", "_dd", "_do", "_no");
    }
}
