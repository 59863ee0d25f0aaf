package org.livegov.jobs.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

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
     * @param rows the batch's winners of feed {@code f} (with {@code record} and lineage)
     * @return the rows with an unknown reference, with {@code reason_code} and {@code reason_detail}
     *     (the first failing reference in the order above); lazy
     */
    static Dataset<Row> unknown(SparkSession spark, Warehouse wh, Feed f, Dataset<Row> rows) {
        Dataset<Row> bad = null;
        Dataset<Row> remaining = rows;
        for (Ref ref : refs(f)) {
            Dataset<Row> keys = spark.read().format("delta").load(wh.silver(ref.register()))
                    .select(col(ref.register().keyField()).as("_ref_key")).distinct();
            Dataset<Row> missing = remaining.where(ref.applies())
                    .join(keys, col(ref.column()).equalTo(col("_ref_key")), "left_anti")
                    .withColumn("reason_code", lit(ReasonCode.UNKNOWN_REFERENCE.name()))
                    .withColumn("reason_detail", lit(ref.column() + " not in the " + ref.register().feedName() + " register"));
            bad = bad == null ? missing : bad.unionByName(missing);
            remaining = remaining.join(missing.select(f.keyField()), SilverStage.seq(f.keyField()), "left_anti");
        }
        if (bad == null) {
            return rows.limit(0).withColumn("reason_code", lit((String) null)).withColumn("reason_detail", lit((String) null));
        }
        return bad;
    }
}
