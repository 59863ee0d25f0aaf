package org.livegov.metrics.gold;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.livegov.metrics.conf.Taxonomy;
import org.livegov.metrics.conf.Thresholds;
import org.livegov.metrics.time.BeijingTime;

/**
 * First repeat-offender list: a subject with at least {@code offenderMinViolations} (3) confirmed
 * violations of serious severity or worse (s3, s4) detected within the {@code offenderWindowMonths}
 * (24) months ending on the as-of day, across all platforms. Only {@code confirmed} violations
 * count: under appeal and overturned ones do not.
 *
 * <p>Window: Beijing detection day {@code d} with {@code asOf - 24 months < d <= asOf}
 * ({@code add_months}, so 2026-06-30 looks back to 2024-07-01 inclusive).
 *
 * <p>Source: Advertising Law art. 55 (3 times within 2 years → aggravated penalty) and SAMR Order
 * 44 (frequency as a listing factor); thresholds are configuration ({@code conf/livegov.yaml}).
 */
public final class RepeatOffenders {
    /** Rule id stamped on every listed row. */
    public static final String RULE_ID = "R-SERIOUS-3IN24M";
    public static final String RULE_VERSION = "1";

    private RepeatOffenders() {
    }

    /**
     * @param violations violations with {@code subject_key} ({@link SubjectKeys}), {@code status,
     *                   severity, detected_at, violation_id, platform_id, category, subject_role}
     * @param asOf       Beijing day the list is computed for
     * @return one row per listed subject: {@code subject_key, subject_role, serious_violations bigint,
     *     platform_count int, platforms array<string>, categories array<string>, violation_ids
     *     array<string>, first_detected_at, last_detected_at timestamp, as_of date, rule_id, rule_version}
     */
    public static Dataset<Row> list(Dataset<Row> violations, LocalDate asOf, Taxonomy taxonomy, Thresholds t) {
        Column day = BeijingTime.day(col("detected_at"));
        Column asOfDay = lit(Date.valueOf(asOf));
        Dataset<Row> counted = violations
                .where(col("status").equalTo("confirmed")
                        .and(col("severity").isin(taxonomy.seriousSeverities().toArray()))
                        .and(day.gt(add_months(asOfDay, -t.offenderWindowMonths())))
                        .and(day.leq(asOfDay)))
                .groupBy(col("subject_key"), col("subject_role"))
                .agg(count(lit(1)).as("serious_violations"),
                        array_sort(collect_set(col("platform_id"))).as("platforms"),
                        array_sort(collect_set(col("category"))).as("categories"),
                        array_sort(collect_set(col("violation_id"))).as("violation_ids"),
                        min(col("detected_at")).as("first_detected_at"),
                        max(col("detected_at")).as("last_detected_at"));
        return counted.where(col("serious_violations").geq(t.offenderMinViolations()))
                .select(col("subject_key"), col("subject_role"), col("serious_violations"),
                        size(col("platforms")).as("platform_count"), col("platforms"), col("categories"),
                        col("violation_ids"), col("first_detected_at"), col("last_detected_at"),
                        asOfDay.as("as_of"), lit(RULE_ID).as("rule_id"), lit(RULE_VERSION).as("rule_version"));
    }
}
