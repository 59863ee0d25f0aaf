package org.livegov.jobs.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.Warehouse;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.quality.ReasonCode;

/**
 * Referential checks against the silver registers (already merged for this batch, since registers
 * are processed first). A row whose reference is unknown goes to quarantine as
 * {@link ReasonCode#UNKNOWN_REFERENCE}. Not checked: broadcast references of violations and
 * complaints (a broadcast may land after the complaint about it), and violation subjects (a
 * regulator or a platform may report a subject that no register of ours holds, e.g. a seller known
 * only by name; such subjects are keyed by role and id, see SubjectKeys).
 */
final class References {
    private References() {
    }

    private record Ref(String column, Feed register, Column applies) {
    }

    private static List<Ref> refs(Feed f) {
        List<Ref> r = new ArrayList<>();
        switch (f) {
            case MERCHANTS, ANCHORS -> r.add(new Ref("platform_id", Feed.PLATFORMS, lit(true)));
            case CONTRACTS -> {
                r.add(new Ref("anchor_id", Feed.ANCHORS, lit(true)));
                r.add(new Ref("mcn_id", Feed.MCNS, lit(true)));
            }
            case BROADCASTS -> {
                r.add(new Ref("platform_id", Feed.PLATFORMS, lit(true)));
                r.add(new Ref("anchor_id", Feed.ANCHORS, lit(true)));
            }
            case VIOLATIONS -> r.add(new Ref("platform_id", Feed.PLATFORMS, lit(true)));
            case COMPLAINTS -> {
                r.add(new Ref("platform_id", Feed.PLATFORMS, lit(true)));
                r.add(new Ref("merchant_id", Feed.MERCHANTS, col("merchant_id").isNotNull()));
                r.add(new Ref("anchor_id", Feed.ANCHORS, col("anchor_id").isNotNull()));
            }
            default -> {
            }
        }
        return r;
    }

    /**
     * Every reference of a row checked in one pass: a left join per register with its distinct
     * keys, then the first failing reference (in the order above) names the reason. The same
     * outcome as checking the references one after another on the rows that passed the earlier
     * ones, in a plan that grows with the number of references instead of with its square.
     *
     * @param rows the batch's winners of feed {@code f} (with {@code record}, lineage,
     *             {@code reason_code} and {@code reason_detail})
     * @return the same rows and columns, {@code reason_code} {@link ReasonCode#UNKNOWN_REFERENCE} and
     *     {@code reason_detail} "{column} not in the {register} register" for a row with an unknown
     *     reference, both null otherwise; lazy
     */
    static Dataset<Row> check(SparkSession spark, Warehouse wh, Feed f, Dataset<Row> rows) {
        Dataset<Row> joined = rows;
        Column detail = lit((String) null);
        List<Ref> refs = refs(f);
        for (int i = refs.size() - 1; i >= 0; i--) {
            Ref ref = refs.get(i);
            String known = "_ref_known_" + i;
            Dataset<Row> keys = spark.read().format("delta").load(wh.silver(ref.register()))
                    .select(col(ref.register().keyField()).as("_ref_key_" + i)).distinct();
            joined = joined.join(keys, col(ref.column()).equalTo(col("_ref_key_" + i)), "left")
                    .withColumn(known, col("_ref_key_" + i).isNotNull()).drop("_ref_key_" + i);
            // built from the last reference to the first, so that the first failing one wins
            detail = when(ref.applies().and(not(col(known))),
                    lit(ref.column() + " not in the " + ref.register().feedName() + " register")).otherwise(detail);
        }
        if (refs.isEmpty()) {
            return rows;
        }
        Dataset<Row> out = joined.withColumn("reason_detail", detail)
                .withColumn("reason_code", when(col("reason_detail").isNotNull(), lit(ReasonCode.UNKNOWN_REFERENCE.name())));
        return out.select(java.util.Arrays.stream(rows.columns()).map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
    }
}
