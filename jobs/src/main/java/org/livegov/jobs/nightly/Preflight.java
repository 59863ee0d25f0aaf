package org.livegov.jobs.nightly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.substring;

import java.io.PrintStream;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.bronze.BronzeIngest;
import org.livegov.jobs.config.CalendarConfig;
import org.livegov.jobs.config.LiveGovConfig;
import org.livegov.jobs.landing.LandedFile;
import org.livegov.jobs.landing.LandingScanner;
import org.livegov.jobs.offenders.EarlyRemovalDecisions;
import org.livegov.metrics.conform.ConformContext;
import org.livegov.metrics.conform.Conformer;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.ids.Pseudonymiser;
import org.livegov.metrics.offenders.EarlyRemovalDecision;

/**
 * Every check that can refuse a night, run under the lock and before the night's first write
 * (issue 14: a refused night leaves no table changed). Reads only; the one thing it puts on disk
 * is the landing scanner's UTF-8 copies of landed text files in {@code _staging/<batch>} (not a
 * table), removed when the night is refused, else once bronze is written.
 *
 * <p>In order: a night dated before the last committed one ({@link BackDating}); the landing folder
 * (every file readable, of a known feed and format; {@link LandingScanner}); the early-removal
 * decisions (readable, naming known listings; {@link EarlyRemovalDecisions}); the holiday calendar
 * (every year whose working days the night will count; {@link #calendarYears}).
 */
final class Preflight {
    /**
     * What the night will do, decided before its first write.
     *
     * @param batchId   the batch: the interrupted one being resumed, or a new one named after the run
     * @param resumed   whether an interrupted batch is resumed (its writes are idempotent)
     * @param byFeed    the batch's new files per feed, in {@link NightlyJob#ORDER} (only feeds with files)
     * @param skipped   files seen before (same SHA-256), as {@code feed/relative path}
     * @param decisions the operator's early-removal decisions, each naming a known listing
     */
    record Plan(String batchId, boolean resumed, Map<Feed, List<LandedFile>> byFeed, List<String> skipped,
                List<EarlyRemovalDecision> decisions) {
        /** @return every new file of the batch, feed by feed */
        List<LandedFile> files() {
            return byFeed.values().stream().flatMap(List::stream).toList();
        }
    }

    private final SparkSession spark;
    private final Warehouse wh;
    private final LiveGovConfig conf;
    private final Pseudonymiser pseudonymiser;
    private final PrintStream out;

    Preflight(SparkSession spark, Warehouse wh, LiveGovConfig conf, Pseudonymiser pseudonymiser, PrintStream out) {
        this.spark = spark;
        this.wh = wh;
        this.conf = conf;
        this.pseudonymiser = pseudonymiser;
        this.out = out;
    }

    /**
     * @param runId    the run, which names a new batch
     * @param started  when the run started (the bronze rows' ingest instant)
     * @param ctx      taxonomy, thresholds and the cut-off (end of the run's Beijing day)
     * @return the plan of the night
     * @throws org.livegov.jobs.UserError on a back-dated night without {@code --backfill}, an unreadable
     *                                    or unknown file, a bad decisions file, or a calendar without a year
     *                                    the night's complaints need
     */
    Plan check(NightlyJob.Params p, String runId, Timestamp started, RunControl control, ConformContext ctx) {
        BackDating.require(control.lastCommittedRunDate(), p.runDate(), p.backfill(), out);
        var pending = control.pendingBatch();
        String batchId = pending.orElse("b" + runId.substring(4));
        pending.ifPresent(b -> out.println("resuming interrupted batch " + b + " (its writes are idempotent)"));

        try {
            return afterScan(p, batchId, pending.isPresent(), started, control, ctx);
        } catch (RuntimeException e) {
            // a refused night leaves no raw landed text behind (the staging copies hold phones and identity numbers)
            removeStaging(spark, wh.staging(batchId));
            throw e;
        }
    }

    private Plan afterScan(NightlyJob.Params p, String batchId, boolean resumed, Timestamp started, RunControl control,
                           ConformContext ctx) {
        List<String> skipped = new ArrayList<>();
        List<LandedFile> files = new LandingScanner(spark.sparkContext().hadoopConfiguration())
                .scan(p.landing(), wh.staging(batchId), control.ingestedChecksums(batchId),
                        control.ingestedStamps(batchId), skipped);
        if (!skipped.isEmpty()) {
            Map<String, Long> perFeed = new TreeMap<>();
            skipped.forEach(s -> perFeed.merge(s.substring(0, Math.max(0, s.indexOf('/'))), 1L, Long::sum));
            out.println("  skipped, already ingested (same SHA-256): " + perFeed + " file(s); listed in the manifest");
        }
        Map<Feed, List<LandedFile>> byFeed = new LinkedHashMap<>();
        for (Feed f : NightlyJob.ORDER) {
            List<LandedFile> fs = files.stream().filter(x -> x.feed() == f).toList();
            if (!fs.isEmpty()) {
                byFeed.put(f, fs);
            }
        }

        List<EarlyRemovalDecision> decisions = EarlyRemovalDecisions.read(p.landing(), spark.sparkContext().hadoopConfiguration());
        if (!decisions.isEmpty()) {
            List<String> listingIds = io.delta.tables.DeltaTable.isDeltaTable(spark, wh.gold("offender_listings"))
                    ? spark.read().format("delta").load(wh.gold("offender_listings")).select("listing_id")
                            .as(Encoders.STRING()).collectAsList()
                    : List.of();
            EarlyRemovalDecisions.requireKnownListings(decisions, listingIds);
        }

        CalendarConfig.requireYears(conf, calendarYears(byFeed, batchId, started, ctx, resumed),
                "the working-day figures of complaints");
        return new Plan(batchId, resumed, byFeed, skipped, decisions);
    }

    /**
     * Removes a batch's staging folder: UTF-8 copies of landed text files, i.e. raw identity numbers and
     * phones, which must not stay in the warehouse once bronze (pseudonymised) is written or the night is refused.
     *
     * @throws org.livegov.jobs.UserError when the folder cannot be removed
     */
    static void removeStaging(SparkSession spark, String staging) {
        try {
            var path = new org.apache.hadoop.fs.Path(staging);
            var fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            fs.delete(path, true);
            Warehouse.removeIfEmpty(fs, path.getParent()); // _staging, when no other batch's copies are left
        } catch (java.io.IOException e) {
            throw new org.livegov.jobs.UserError("cannot remove the staging folder " + staging
                    + " (it holds raw landed text): " + e.getMessage());
        }
    }

    /**
     * Years whose working days the gold step will count: the Beijing years of the batch's complaints
     * that conform (read from the landed files as bronze will read them, pseudonymised, and conformed as
     * silver will conform them; nothing is written), and, when every month is recomputed (contracts
     * landed, or a resumed batch), the years of every complaint month in silver.
     */
    private Set<Integer> calendarYears(Map<Feed, List<LandedFile>> byFeed, String batchId, Timestamp started,
                                       ConformContext ctx, boolean resumed) {
        Set<Integer> years = new TreeSet<>();
        List<LandedFile> complaints = byFeed.get(Feed.COMPLAINTS);
        if (complaints != null) {
            Dataset<Row> bronze = BronzeIngest.read(spark, Feed.COMPLAINTS, complaints, batchId, started, pseudonymiser);
            years.addAll(monthYears(Conformer.valid(Conformer.conform(bronze, Feed.COMPLAINTS, ctx))));
        }
        boolean allMonths = byFeed.containsKey(Feed.CONTRACTS) || resumed;
        if (allMonths && io.delta.tables.DeltaTable.isDeltaTable(spark, wh.silver(Feed.COMPLAINTS))) {
            years.addAll(monthYears(spark.read().format("delta").load(wh.silver(Feed.COMPLAINTS))));
        }
        return years;
    }

    private static List<Integer> monthYears(Dataset<Row> rows) {
        return rows.where(col("month").isNotNull()).select(substring(col("month"), 1, 4).cast("int").as("year"))
                .distinct().as(Encoders.INT()).collectAsList();
    }
}
