package org.livegov.jobs.maintain;

import io.delta.tables.DeltaTable;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.RunLock;
import org.livegov.jobs.UserError;

/**
 * {@code OPTIMIZE} (bin-packing compaction) and {@code VACUUM} of every Delta table under the
 * warehouse ({@code bronze/*}, {@code silver/*}, {@code gold/*}, {@code _control/runs}), with a
 * retention that never removes a file a published release still needs.
 *
 * <p>Rule: VACUUM deletes a data file once it has been unreferenced for longer than the
 * retention. A file that version {@code v} references can only be unreferenced by a later commit,
 * so it stays while {@code retention >= now - commitTime(v)}. Per table the retention is
 * therefore {@code max(minimum, hours since the oldest pinned version's commit, rounded up, + 1)}
 * ({@link #retentionHours}). A pinned version whose log entry is already gone (log retention) can
 * no longer be read: then the table is not vacuumed and the run fails naming it.
 */
public final class Maintenance {
    /** What was done to one table. */
    public record TableResult(String table, Long pinnedVersion, long retentionHours, boolean vacuumed, String note) {
    }

    private final SparkSession spark;
    private final PrintStream out;

    public Maintenance(SparkSession spark, PrintStream out) {
        this.spark = spark;
        this.out = out;
    }

    /**
     * Hours of retention that keep the version committed at {@code pinnedCommit} restorable.
     *
     * @param minimumHours the retention without pins (Delta's default is 168 hours)
     * @return {@code minimumHours}, or the hours since {@code pinnedCommit} rounded up plus one
     *     hour of margin when that is longer
     */
    public static long retentionHours(Instant now, Instant pinnedCommit, long minimumHours) {
        if (pinnedCommit == null) {
            return minimumHours;
        }
        long seconds = Math.max(0, Duration.between(pinnedCommit, now).getSeconds());
        long hours = (seconds + 3599) / 3600 + 1;
        return Math.max(minimumHours, hours);
    }

    /**
     * @param warehouse    qualified warehouse root
     * @param minimumHours retention for unpinned tables (hours)
     * @param optimize     compact small files first
     * @return one result per table, in path order
     * @throws UserError when another run holds the warehouse's run lock (nothing done), or a pinned version
     *                   can no longer be restored (after handling the other tables)
     * @throws IllegalArgumentException on negative hours
     */
    public List<TableResult> run(String warehouse, long minimumHours, boolean optimize) {
        if (minimumHours < 0) throw new IllegalArgumentException("retention hours " + minimumHours + " must be >= 0");
        // VACUUM must not race a writer: the one lock every command that writes the warehouse takes
        try (RunLock lock = RunLock.acquire(warehouse, spark.sparkContext().hadoopConfiguration(), "maintain-" + Instant.now())) {
            return locked(warehouse, minimumHours, optimize);
        }
    }

    private List<TableResult> locked(String warehouse, long minimumHours, boolean optimize) {
        Map<String, Long> pins = ReleasePins.oldestPinned(warehouse, spark.sparkContext().hadoopConfiguration());
        List<TableResult> results = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Instant now = Instant.now();
        for (String table : tables(warehouse)) {
            String path = warehouse + "/" + table;
            Long pinned = pins.get(table);
            Instant pinnedCommit = null;
            if (pinned != null) {
                List<Row> h = DeltaTable.forPath(spark, path).history().where("version = " + pinned)
                        .select("timestamp").collectAsList();
                if (h.isEmpty()) {
                    refused.add(table + " version " + pinned);
                    results.add(new TableResult(table, pinned, -1, false, "pinned version no longer in the log: not vacuumed"));
                    continue;
                }
                pinnedCommit = ((java.sql.Timestamp) h.get(0).get(0)).toInstant();
            }
            if (optimize) {
                DeltaTable.forPath(spark, path).optimize().executeCompaction();
            }
            long hours = retentionHours(now, pinnedCommit, minimumHours);
            vacuum(path, hours);
            results.add(new TableResult(table, pinned, hours, true, pinned == null ? "" : "keeps version " + pinned));
            out.printf("  %-32s %s, vacuumed with %d h retention%s%n", table, optimize ? "optimized" : "not optimized",
                    hours, pinned == null ? "" : " (release pins version " + pinned + ")");
        }
        pins.keySet().stream().filter(t -> results.stream().noneMatch(r -> r.table().equals(t)))
                .forEach(t -> out.println("  note: a release pins " + t + ", which is not a Delta table here"));
        if (!refused.isEmpty()) {
            throw new UserError("releases pin versions that can no longer be restored (Delta log already cleaned): "
                    + String.join(", ", refused) + "; those tables were not vacuumed");
        }
        return results;
    }

    /**
     * VACUUM with the given retention. Below {@link #DELTA_MINIMUM_HOURS} Delta refuses unless its
     * retention check is off: the operator asked for it (an option of {@code maintain}), the run
     * lock keeps every LiveGov writer out and the release pins are already in the retention, so the
     * check is switched off for this VACUUM only and restored after.
     */
    private void vacuum(String path, long hours) {
        if (hours >= DELTA_MINIMUM_HOURS) {
            DeltaTable.forPath(spark, path).vacuum(hours);
            return;
        }
        String before = spark.conf().contains(RETENTION_CHECK) ? spark.conf().get(RETENTION_CHECK) : null;
        spark.conf().set(RETENTION_CHECK, "false");
        try {
            DeltaTable.forPath(spark, path).vacuum(hours);
        } finally {
            if (before == null) spark.conf().unset(RETENTION_CHECK);
            else spark.conf().set(RETENTION_CHECK, before);
        }
    }

    /** Delta's default file retention ({@code delta.deletedFileRetentionDuration}, 7 days); below it VACUUM needs the check off. */
    public static final long DELTA_MINIMUM_HOURS = 168;
    private static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";

    /** Relative paths of the Delta tables under the warehouse. */
    List<String> tables(String warehouse) {
        List<String> out = new ArrayList<>();
        try {
            Path root = new Path(warehouse);
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            for (String layer : List.of("bronze", "silver", "gold", "_control")) {
                Path dir = new Path(root, layer);
                if (!fs.exists(dir)) {
                    continue;
                }
                for (FileStatus st : fs.listStatus(dir)) {
                    if (st.isDirectory() && fs.exists(new Path(st.getPath(), "_delta_log"))) {
                        out.add(layer + "/" + st.getPath().getName());
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new UserError("cannot list the warehouse " + warehouse + ": " + e.getMessage());
        }
        out.sort(String::compareTo);
        return out;
    }
}
