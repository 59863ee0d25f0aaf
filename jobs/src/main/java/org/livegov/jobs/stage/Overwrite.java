package org.livegov.jobs.stage;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.delta.tables.DeltaTable;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * A whole-table overwrite that adds a Delta version only when the rows change: a night with
 * nothing new writes nothing (issue 18, "a quiet night writes nothing"), so a table's history shows
 * the nights that changed it, and readers pinned to a version see no empty churn.
 *
 * <p>The comparison is exact, as multisets of rows: each row is rendered as JSON text (so that map
 * and array columns compare too) and the fresh rows minus the table's, and the table's minus the
 * fresh, must both be empty. The fresh rows are computed once (persisted for the comparison and
 * the write). A table whose schema differs from the rows' is rewritten (with {@code overwriteSchema}).
 */
public final class Overwrite {
    private Overwrite() {
    }

    /**
     * @param spark the session
     * @param table the name the result carries (e.g. {@code offenders_public})
     * @param path  the Delta table's path (created when absent)
     * @param rows  the table's new content, any schema
     * @return the write: the new version and rows written, or the table's last version with
     *     {@link TableWrite#nothingWritten()} when the rows equal what it holds
     */
    public static TableWrite ifChanged(SparkSession spark, String table, String path, Dataset<Row> rows) {
        Dataset<Row> fresh = rows.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            if (DeltaTable.isDeltaTable(spark, path)) {
                Dataset<Row> held = spark.read().format("delta").load(path);
                if (sameColumns(held, fresh)) {
                    Dataset<Row> a = asText(fresh);
                    Dataset<Row> b = asText(held.select(Arrays.stream(fresh.columns()).map(c -> col("`" + c + "`"))
                            .toArray(Column[]::new)));
                    if (a.exceptAll(b).isEmpty() && b.exceptAll(a).isEmpty()) {
                        return TableWrite.lastCommit(spark, table, path).nothingWritten();
                    }
                }
            }
            fresh.write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true").save(path);
            return TableWrite.lastCommit(spark, table, path);
        } finally {
            fresh.unpersist();
        }
    }

    /** Same column names and types in the same order, nullability aside. */
    private static boolean sameColumns(Dataset<Row> a, Dataset<Row> b) {
        var fa = a.schema().fields();
        var fb = b.schema().fields();
        if (fa.length != fb.length) {
            return false;
        }
        for (int i = 0; i < fa.length; i++) {
            if (!fa[i].name().equals(fb[i].name())
                    || !fa[i].dataType().sameType(fb[i].dataType())) {
                return false;
            }
        }
        return true;
    }

    private static Dataset<Row> asText(Dataset<Row> d) {
        return d.select(to_json(struct(Arrays.stream(d.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new)))
                .as("row"));
    }
}
