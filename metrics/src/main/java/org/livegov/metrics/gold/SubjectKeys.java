package org.livegov.metrics.gold;

import org.livegov.metrics.ids.SubjectKey;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Who a violation's subject is across platforms ({@link SubjectKey}): anchors by the keyed hash of
 * their identity number, merchants and MCNs by USCC, falling back to the register key within one
 * platform when the register lacks the identifier.
 * Keys never hold a raw identity number. Source: the industry's joint-punishment duty
 * (Specification; domain.md §1, §6).
 */
public final class SubjectKeys {
    private SubjectKeys() {
    }

    /**
     * @param violations silver violations ({@code subject_role, subject_id, subject_uscc})
     * @param anchors    silver anchors ({@code anchor_id, person_key})
     * @param merchants  silver merchants ({@code merchant_id, uscc})
     * @param mcns       silver MCNs ({@code mcn_id, uscc})
     * @return violations plus {@code subject_key string} (never null); same row count
     */
    public static Dataset<Row> attach(Dataset<Row> violations, Dataset<Row> anchors, Dataset<Row> merchants,
                                      Dataset<Row> mcns) {
        Dataset<Row> a = anchors.select(col("anchor_id").as("_a_id"), col("person_key").as("_a_person"));
        Dataset<Row> m = merchants.select(col("merchant_id").as("_m_id"), col("uscc").as("_m_uscc"));
        Dataset<Row> n = mcns.select(col("mcn_id").as("_n_id"), col("uscc").as("_n_uscc"));
        Column role = col("subject_role");
        Dataset<Row> j = violations
                .join(a, role.equalTo("anchor").and(col("subject_id").equalTo(col("_a_id"))), "left")
                .join(m, role.equalTo("merchant").and(col("subject_id").equalTo(col("_m_id"))), "left")
                .join(n, role.equalTo("mcn").and(col("subject_id").equalTo(col("_n_id"))), "left");
        Column key = when(role.equalTo("anchor"), SubjectKey.anchor(col("_a_person"), col("subject_id")))
                .when(role.equalTo("merchant"), SubjectKey.merchant(coalesce(col("subject_uscc"), col("_m_uscc")), col("subject_id")))
                .when(role.equalTo("mcn"), SubjectKey.mcn(coalesce(col("subject_uscc"), col("_n_uscc")), col("subject_id")))
                .otherwise(SubjectKey.of(SubjectKey.Kind.PLATFORM, col("subject_id")));
        return j.withColumn("subject_key", key).drop("_a_id", "_a_person", "_m_id", "_m_uscc", "_n_id", "_n_uscc");
    }
}
