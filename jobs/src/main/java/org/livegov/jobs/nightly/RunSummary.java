package org.livegov.jobs.nightly;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.silver.FeedCounts;

/** Prints the run summary a user reads after {@code livegov demo} or {@code livegov nightly}. */
public final class RunSummary {
    private RunSummary() {
    }

    /**
     * Prints conservation totals, quarantine reasons, the platform table of the latest recomputed
     * month with broadcasts, the offender listings by state with this run's diff, and seconds per stage.
     *
     * @param wh the warehouse the run wrote (gold tables are read from it)
     * @param m  the run's manifest
     */
    public static void print(SparkSession spark, Warehouse wh, RunManifest m, PrintStream out) {
        FeedCounts t = m.total();
        out.println();
        out.println("== LiveGov run " + m.runId() + " (batch " + m.batchId() + ", run date " + m.runDate() + ") ==");
        out.printf("rows in %,d = inserted %,d + updated %,d + duplicates %,d + quarantined %,d   conservation %s%n",
                t.rowsIn(), t.inserted(), t.updated(), t.duplicates(), t.quarantined(), t.conserved() ? "holds" : "FAILS");
        if (!t.reasons().isEmpty()) {
            out.println("quarantine reasons: " + t.reasons());
        }
        if (!m.skippedFiles().isEmpty()) {
            out.println("files skipped as already ingested: " + m.skippedFiles().size());
        }
        if (!m.months().isEmpty() && DeltaTable.isDeltaTable(spark, wh.gold("platform_monthly"))) {
            // the latest recomputed month with broadcasts (else the latest recomputed month)
            Dataset<Row> all = spark.read().format("delta").load(wh.gold("platform_monthly"))
                    .where(col("month").isin(m.months().toArray()));
            List<Row> withBroadcasts = all.where(col("broadcasts").gt(0))
                    .agg(org.apache.spark.sql.functions.max("month")).collectAsList();
            String last = withBroadcasts.get(0).isNullAt(0) ? m.months().get(m.months().size() - 1) : withBroadcasts.get(0).getString(0);
            out.println("platform × month, " + last + " (Beijing):");
            Dataset<Row> pm = all.where(col("month").equalTo(last)).orderBy("platform_id");
            out.printf("  %-10s %10s %18s %10s %9s %10s %10s %9s%n", "platform", "broadcasts", "GMV (CNY)",
                    "violations", "per 1000", "complaints", "7wd share", "med. h");
            for (Row r : pm.collectAsList()) {
                out.printf("  %-10s %,10d %,18.2f %,10d %9s %,10d %10s %9s%n", r.getAs("platform_id"),
                        (long) r.getAs("broadcasts"), r.getAs("gmv_cny"), (long) r.getAs("violations"),
                        fmt(r.getAs("violations_per_1000_broadcasts")), (long) r.getAs("complaints"),
                        pct(r.getAs("share_accepted_in_time")), fmt(r.getAs("median_hours_to_disposal")));
            }
        }
        if (DeltaTable.isDeltaTable(spark, wh.gold("offender_listings"))) {
            List<Row> byState = spark.read().format("delta").load(wh.gold("offender_listings"))
                    .groupBy("state", "subject_role").count().orderBy("state", "subject_role").collectAsList();
            out.print("offender listings (docs/offenders.md):");
            if (byState.isEmpty()) {
                out.print(" none");
            }
            byState.forEach(r -> out.print("  " + r.getString(0) + " " + r.getString(1) + " " + r.getLong(2)));
            out.println();
            List<Row> diff = spark.read().format("delta").load(wh.gold("offender_events"))
                    .where(col("batch_id").equalTo(m.batchId())).orderBy("change", "listing_id").collectAsList();
            out.println("offender diff of this run: " + diff.size() + " event(s)");
            int shown = 0;
            for (Row r : diff) {
                if (shown++ == 12) {
                    out.println("  … (all in gold/offender_events, batch_id = '" + m.batchId() + "')");
                    break;
                }
                String reason = r.getAs("reason");
                out.printf("  %-22s %-28s %s%n", r.<String>getAs("change"), abbreviate(r.getAs("listing_id")),
                        reason.length() > 160 ? reason.substring(0, 157) + "…" : reason);
            }
        }
        out.print("seconds per stage:");
        for (Map.Entry<String, Double> e : m.stageSeconds().entrySet()) {
            if (e.getKey().contains(".")) {
                continue; // per-feed detail stays in the manifest
            }
            out.printf(" %s %.1f", e.getKey(), e.getValue());
        }
        out.println();
        out.println("manifest: " + m.manifestPath());
    }

    /** person:&lt;64 hex&gt; keys are long; the first 12 hex identify them in a console line. */
    private static String abbreviate(String listingId) {
        return listingId.replaceFirst("^(person:[0-9a-f]{12})[0-9a-f]{52}", "$1…");
    }

    private static String fmt(Object d) {
        return d == null ? "-" : String.format("%.2f", (Double) d);
    }

    private static String pct(Object d) {
        return d == null ? "-" : String.format("%.1f%%", 100 * (Double) d);
    }
}
