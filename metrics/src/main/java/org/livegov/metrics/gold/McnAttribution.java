package org.livegov.metrics.gold;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.livegov.metrics.time.BeijingTime;

/**
 * Which MCN answers for an anchor at a moment: the anchor-MCN contract valid on the Beijing day of
 * that moment ({@code valid_from <= day <= valid_to}, an empty {@code valid_to} open-ended). An
 * anchor changes agency over time, so a broadcast belongs to the MCN contracted at its start, a
 * violation to the one contracted when it was detected. When contracts overlap (a data error),
 * the one with the latest {@code valid_from}, then the greatest {@code contract_id}, wins, so the
 * result is deterministic. Source: the Specification's MCN duties (review and handle contracted
 * anchors' content); the tie rule is configuration of ours.
 */
public final class McnAttribution {
    private McnAttribution() {
    }

    /**
     * @param facts      any rows with an anchor column and a UTC instant column, and a unique
     *                   {@code idColumn}
     * @param idColumn   the facts' key, e.g. {@code broadcast_id}
     * @param anchorCol  the anchor column, e.g. {@code anchor_id}
     * @param instantCol the moment, e.g. {@code started_at}
     * @param contracts  silver contracts: {@code contract_id, anchor_id, mcn_id, valid_from date, valid_to date}
     * @return the facts with an added {@code mcn_id string} (null without a valid contract); same row count
     */
    public static Dataset<Row> attach(Dataset<Row> facts, String idColumn, String anchorCol, String instantCol,
                                      Dataset<Row> contracts) {
        Dataset<Row> c = contracts.select(col("anchor_id").as("_c_anchor"), col("mcn_id").as("_c_mcn"),
                col("valid_from").as("_c_from"), coalesce(col("valid_to"), to_date(lit("9999-12-31"))).as("_c_to"),
                col("contract_id").as("_c_id"));
        Column day = BeijingTime.day(col(instantCol));
        Dataset<Row> joined = facts.withColumn("_day", day).join(c,
                col(anchorCol).equalTo(col("_c_anchor"))
                        .and(col("_day").geq(col("_c_from"))).and(col("_day").leq(col("_c_to"))),
                "left");
        return joined
                .withColumn("_rn", row_number().over(Window.partitionBy(col(idColumn))
                        .orderBy(col("_c_from").desc_nulls_last(), col("_c_id").desc_nulls_last())))
                .where(col("_rn").equalTo(1))
                .withColumn("mcn_id", col("_c_mcn"))
                .drop("_rn", "_day", "_c_anchor", "_c_mcn", "_c_from", "_c_to", "_c_id");
    }

    /**
     * Which MCN answers for a violation: when its subject is an anchor, the MCN contracted with that
     * anchor on the Beijing day it was detected ({@link #attach}); when its subject is an MCN, that
     * MCN; otherwise (a merchant or platform) none. Source: the Specification's MCN duties (an MCN
     * answers for its contracted anchors' content and for its own acts).
     *
     * @param violations silver violations ({@code violation_id, subject_role, subject_id, detected_at})
     * @param contracts  silver contracts, as for {@link #attach}
     * @return the violations with an added {@code mcn_id string} (null when no MCN answers); same row count
     */
    public static Dataset<Row> attachViolations(Dataset<Row> violations, Dataset<Row> contracts) {
        Column role = col("subject_role");
        return attach(violations.withColumn("_anchor", when(role.equalTo("anchor"), col("subject_id"))),
                "violation_id", "_anchor", "detected_at", contracts)
                .withColumn("mcn_id", when(role.equalTo("mcn"), col("subject_id")).otherwise(col("mcn_id")))
                .drop("_anchor");
    }
}
