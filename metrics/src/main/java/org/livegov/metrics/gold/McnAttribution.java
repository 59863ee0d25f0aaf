package org.livegov.metrics.gold;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_date;

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
 *
 * <p>How: the contracts (a register: hundreds of thousands of rows nationally) are first cut into
 * {@link #segments disjoint segments} per anchor, each with its one winning MCN; the facts
 * (millions of rows) then join at most one segment each, so no per-fact ranking (a shuffle and sort
 * of every fact row) is needed. Measured reason: the ranking was the largest part of the gold step
 * at national scale (benchmark 2026-11-29).
 */
public final class McnAttribution {
    private static final String END_OF_TIME = "9999-12-31";

    private McnAttribution() {
    }

    /**
     * @param facts      any rows with an anchor column and a UTC instant column, and a unique
     *                   {@code idColumn}
     * @param idColumn   the facts' key, e.g. {@code broadcast_id} (kept for the signature's sake:
     *                   each fact matches at most one segment, so the key is not needed to rank)
     * @param anchorCol  the anchor column, e.g. {@code anchor_id}
     * @param instantCol the moment, e.g. {@code started_at}
     * @param contracts  silver contracts: {@code contract_id, anchor_id, mcn_id, valid_from date, valid_to date}
     * @return the facts with an added {@code mcn_id string} (null without a valid contract); same row count
     */
    public static Dataset<Row> attach(Dataset<Row> facts, String idColumn, String anchorCol, String instantCol,
                                      Dataset<Row> contracts) {
        Dataset<Row> s = segments(contracts).select(col("anchor_id").as("_s_anchor"), col("mcn_id").as("_s_mcn"),
                col("seg_from").as("_s_from"), col("seg_to").as("_s_to"));
        return facts.withColumn("_day", BeijingTime.day(col(instantCol)))
                .join(s, col(anchorCol).equalTo(col("_s_anchor"))
                        .and(col("_day").geq(col("_s_from"))).and(col("_day").leq(col("_s_to"))), "left")
                .withColumn("mcn_id", col("_s_mcn"))
                .drop("_day", "_s_anchor", "_s_mcn", "_s_from", "_s_to");
    }

    /**
     * The contracts cut into disjoint day ranges per anchor, each with the contract that wins on
     * those days (latest {@code valid_from}, then greatest {@code contract_id}). The cut points are
     * every {@code valid_from} and every day after a {@code valid_to}; between two cut points the
     * set of valid contracts does not change. Days without a valid contract have no segment.
     *
     * @param contracts {@code contract_id, anchor_id, mcn_id, valid_from date, valid_to date (null = open)}
     * @return {@code anchor_id, mcn_id, contract_id, seg_from date, seg_to date} (inclusive;
     *     {@code 9999-12-31} when open-ended), segments of one anchor not overlapping
     */
    public static Dataset<Row> segments(Dataset<Row> contracts) {
        Column to = coalesce(col("valid_to"), to_date(lit(END_OF_TIME)));
        Dataset<Row> c = contracts.select(col("anchor_id"), col("mcn_id"), col("contract_id"),
                col("valid_from"), to.as("valid_to"));
        Dataset<Row> cuts = c.select(col("anchor_id"), col("valid_from").as("cut"))
                .union(c.where(col("valid_to").lt(to_date(lit(END_OF_TIME))))
                        .select(col("anchor_id"), date_add(col("valid_to"), 1).as("cut")))
                .distinct();
        Dataset<Row> ranges = cuts.withColumn("next", lead(col("cut"), 1).over(
                        Window.partitionBy(col("anchor_id")).orderBy(col("cut"))))
                .select(col("anchor_id").as("_r_anchor"), col("cut").as("seg_from"),
                        coalesce(date_sub(col("next"), 1), to_date(lit(END_OF_TIME))).as("seg_to"));
        return ranges.join(c, col("_r_anchor").equalTo(col("anchor_id"))
                        .and(col("valid_from").leq(col("seg_from"))).and(col("valid_to").geq(col("seg_from"))))
                .withColumn("_rn", row_number().over(Window.partitionBy(col("anchor_id"), col("seg_from"))
                        .orderBy(col("valid_from").desc(), col("contract_id").desc())))
                .where(col("_rn").equalTo(1))
                .select("anchor_id", "mcn_id", "contract_id", "seg_from", "seg_to");
    }
}
