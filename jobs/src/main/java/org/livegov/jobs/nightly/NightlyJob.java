package org.livegov.jobs.nightly;

import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.RunLock;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.bronze.BronzeStage;
import org.livegov.jobs.config.LiveGovConfig;
import org.livegov.jobs.gold.GoldMonthly;
import org.livegov.jobs.gold.TrendBuild;
import org.livegov.jobs.landing.LandedFile;
import org.livegov.jobs.offenders.OffenderRun;
import org.livegov.jobs.offenders.OffenderStep;
import org.livegov.jobs.publish.ReleaseDrift;
import org.livegov.jobs.silver.FeedCounts;
import org.livegov.jobs.silver.SilverStage;
import org.livegov.jobs.stage.FaultPoint;
import org.livegov.jobs.stage.StageListener;
import org.livegov.jobs.stage.TableWrite;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.conform.ConformContext;
import org.livegov.metrics.ids.Pseudonymiser;
import org.livegov.metrics.time.BeijingTime;

/**
 * The nightly run, as the list of its stages ({@link #run}): preflight (every check that can refuse
 * the night, read only: {@link Preflight}) → bronze ({@link BronzeStage}) → silver per feed
 * ({@link SilverStage}) → gold monthly ({@link GoldMonthly}) → offenders ({@link OffenderStep}) →
 * trend ({@link TrendBuild}) → release drift (read only: which published figures the batch would
 * change, {@link ReleaseDrift}) → commit (the run row and the manifest, built once from the stages'
 * typed results). Each stage reads, calls its pure transform in {@code metrics/}, validates, then
 * writes.
 *
 * <p>Guarantees: a file seen before (by SHA-256) is skipped and listed; a run interrupted before
 * its commit is resumed by the next run under the same batch id, and every write is idempotent
 * per batch (bronze and quarantine by {@code replaceWhere batch_id}, silver by MERGE, gold by
 * {@code replaceWhere} on months), so a rerun neither duplicates nor drops rows. Readers that
 * need a consistent view read the Delta versions recorded in the last committed run row of
 * {@code _control/runs}.
 *
 * <p>A warehouse built with another pseudonymisation key stops the run before anything is written
 * ({@link WarehouseKey}); the first run of a warehouse records its key's fingerprint. A night dated
 * before the last committed one stops too, unless it is declared a backfill ({@link BackDating}).
 * A quiet night (nothing new, no listing due) adds no version to any table but {@code _control/runs}.
 */
public final class NightlyJob {
    /** Every gold product the nightly writes but the trend series: the monthly products, then the offender lists. */
    public static final List<String> GOLD_PRODUCTS = java.util.stream.Stream.concat(GoldMonthly.PRODUCTS.stream(),
            OffenderStep.PRODUCTS.stream()).toList();

    /** Order matters: registers before the facts that reference them. */
    static final List<Feed> ORDER = List.of(Feed.PLATFORMS, Feed.MCNS, Feed.MERCHANTS, Feed.ANCHORS, Feed.CONTRACTS,
            Feed.BROADCASTS, Feed.VIOLATIONS, Feed.COMPLAINTS);

    /**
     * @param warehouse root of the tables
     * @param landing   landing folder
     * @param runDate   Beijing day the run is for: data cut-off at its end
     * @param command   command line recorded in the manifest
     * @param backfill  the operator says a run date before the last committed night is meant (a
     *                  backfill); without it such a night stops before any write
     */
    public record Params(String warehouse, String landing, LocalDate runDate, String command, boolean backfill) {
        /** A night in date order (no backfill). */
        public Params(String warehouse, String landing, LocalDate runDate, String command) {
            this(warehouse, landing, runDate, command, false);
        }
    }

    private final SparkSession spark;
    private final LiveGovConfig conf;
    private final Pseudonymiser pseudonymiser;
    private final PrintStream out;
    private final StageListener listener;

    public NightlyJob(SparkSession spark, LiveGovConfig conf, Pseudonymiser pseudonymiser, PrintStream out) {
        this(spark, conf, pseudonymiser, out, StageListener.NONE);
    }

    /** @param listener told when each leaf stage starts and ends (the benchmark measures them) */
    public NightlyJob(SparkSession spark, LiveGovConfig conf, Pseudonymiser pseudonymiser, PrintStream out,
                      StageListener listener) {
        this.spark = spark;
        this.conf = conf;
        this.pseudonymiser = pseudonymiser;
        this.out = out;
        this.listener = listener;
    }

    /**
     * Runs one night: the list of its stages, each one file (docs/architecture.md).
     *
     * @return the manifest of the run (also written to {@code _manifests/<run_id>.json})
     * @throws org.livegov.jobs.UserError on an unusable file, configuration or lock, before any write
     */
    public RunManifest run(Params p) {
        Warehouse wh = new Warehouse(p.warehouse());
        Instant started = Instant.now();
        String runId = "run-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(started)
                + "-" + UUID.randomUUID().toString().substring(0, 6);
        requireConfigFor(conf, p.runDate());
        // read only: a warehouse built with another key stops the run before the lock or any write
        WarehouseKey.require(spark, wh, pseudonymiser.keyFingerprint());
        try (RunLock lock = RunLock.acquire(p.warehouse(), spark.sparkContext().hadoopConfiguration(), runId)) {
            RunControl control = new RunControl(spark, wh);
            Instant cutoff = p.runDate().plusDays(1).atStartOfDay(BeijingTime.ZONE).toInstant();
            ConformContext ctx = new ConformContext(conf.taxonomy(), conf.thresholds(), cutoff);
            Map<String, Double> seconds = new LinkedHashMap<>();

            // 1. every check that can refuse the night (read only)
            Preflight.Plan plan = new Preflight(spark, wh, conf, pseudonymiser, out)
                    .check(p, runId, Timestamp.from(started), control, ctx);

            // 2. the first write: the key's fingerprint, the started row; then the stages
            WarehouseKey.recordIfAbsent(spark, wh, pseudonymiser.keyFingerprint());
            control.record(runId, plan.batchId(), "started", p, conf.configHash(), null);
            org.livegov.jobs.silver.BirthDateMigration.run(spark, wh, out);
            BronzeStage.Result bronze = timed(seconds, "bronze", () -> bronze(wh, plan, p.landing(), started));
            FaultPoint.reached("stage.silver", out);
            Silver silver = silver(wh, plan, ctx, p.runDate(), seconds);
            FaultPoint.reached("stage.gold", out);
            long t0 = System.nanoTime();
            out.printf("[gold] months %s%s%n", silver.months(),
                    silver.contractsChanged() ? " (all months with data: contracts changed, so MCN attribution may have)" : "");
            GoldMonthly.Result monthly = new GoldMonthly(spark, wh, conf, listener)
                    .write(silver.months(), silver.contractsChanged(), p.runDate());
            List<TableWrite> gold = new ArrayList<>(monthly.tables());
            gold.addAll(timed(seconds, "gold.offenders", () -> new OffenderStep(spark, wh, conf)
                    .run(p.runDate(), new OffenderRun(runId, plan.batchId(), plan.decisions(), pseudonymiser))));
            if (!monthly.months().isEmpty()) {   // after the lists: the trend series counts listings
                gold.add(timed(seconds, "gold." + TrendBuild.PRODUCT,
                        () -> new TrendBuild(spark, wh, conf).build(monthly.months(), p.runDate())));
            }
            seconds.put("gold", secondsSince(t0));
            // published releases stay as they are; list the figures this batch would change in them
            boolean registersChanged = silver.contractsChanged() || applied(silver.feeds(), Feed.ANCHORS)
                    || applied(silver.feeds(), Feed.MERCHANTS);
            List<ReleaseDrift.Result> drift = releaseDrift(wh, silver.months(), registersChanged, seconds);
            FaultPoint.reached("stage.commit", out);

            // 3. commit: the manifest, built once from the stages' results
            Map<String, Long> versions = new LinkedHashMap<>(bronze.versions());
            versions.putAll(silver.versions());
            Map<String, TableWrite> goldByTable = new LinkedHashMap<>();
            gold.forEach(w -> goldByTable.put(w.table(), w));
            RunManifest m = new RunManifest(runId, plan.batchId(), "committed", p.command(), p.runDate(), started, Instant.now(),
                    conf.configHash(), pseudonymiser.keyFingerprint(), bronze.inputs(), plan.skipped(), silver.feeds(),
                    new ArrayList<>(silver.months()), goldByTable, versions, ReleaseDrift.manifestEntries(drift), seconds, null);
            control.record(runId, plan.batchId(), "committed", p, conf.configHash(), m);
            RunManifest written = m.writtenAt(RunManifest.write(spark, wh, m));
            drift.forEach(r -> out.println(r.summary(written.manifestPath())));
            return written;
        }
    }

    /**
     * The checks of a night that need no data: the holiday schedule holds the run date's year. Run
     * before the key check and the lock (and by {@code NightlyCommand} before Spark), so that such a
     * night touches nothing at all; the data checks are {@link Preflight}'s.
     *
     * @throws org.livegov.jobs.UserError naming the missing year and the file
     */
    public static void requireConfigFor(LiveGovConfig conf, LocalDate runDate) {
        org.livegov.jobs.config.CalendarConfig.requireYears(conf, Set.of(runDate.getYear()),
                "the working-day figures of the run date's year");
    }

    /** Bronze: the batch's files written feed by feed, the file registry, the staging copies removed. */
    private BronzeStage.Result bronze(Warehouse wh, Preflight.Plan plan, String landing, Instant started) {
        out.printf("[bronze] %d new file(s) in %s%n", plan.files().size(), landing);
        BronzeStage.Result bronze = new BronzeStage(spark, wh, pseudonymiser, out)
                .write(plan.byFeed(), plan.batchId(), Timestamp.from(started));
        if (!plan.byFeed().isEmpty()) {   // a quiet night adds no version to the registry
            registerFiles(wh, plan.files(), plan.batchId());
        }
        Preflight.removeStaging(spark, wh.staging(plan.batchId()));
        return bronze;
    }

    /**
     * What silver did for the night's feeds.
     *
     * @param feeds            feed → row conservation, for the feeds with files
     * @param months           Beijing months the applied fact rows touch (incl. months a correction moved rows out of)
     * @param contractsChanged contracts were applied (or a resumed batch may have applied them): MCN attribution of
     *                         every month may have changed
     * @param versions         {@code silver/quarantine} → its version, when a feed quarantined rows
     */
    private record Silver(Map<String, FeedCounts> feeds, Set<String> months, boolean contractsChanged,
                          Map<String, Long> versions) {
    }

    /** Silver: each feed with files, registers before the facts that reference them ({@link #ORDER}). */
    private Silver silver(Warehouse wh, Preflight.Plan plan, ConformContext ctx, LocalDate runDate, Map<String, Double> seconds) {
        long t0 = System.nanoTime();
        SilverStage stage = new SilverStage(spark, wh, ctx);
        Map<String, FeedCounts> feeds = new LinkedHashMap<>();
        Map<String, Long> versions = new LinkedHashMap<>();
        Set<String> months = new TreeSet<>();
        boolean contractsChanged = false;
        out.println("[silver] conform, deduplicate, MERGE");
        for (Feed f : ORDER) {
            stage.ensure(f);
            if (!plan.byFeed().containsKey(f)) {
                continue;
            }
            SilverStage.Result r = timed(seconds, "silver." + f.feedName(), () -> stage.run(f, plan.batchId(), runDate));
            if (r.quarantineVersion() != null) {
                versions.put("silver/quarantine", r.quarantineVersion());
            }
            FeedCounts c = r.counts();
            feeds.put(f.feedName(), c);
            months.addAll(r.months());
            // A resumed batch may have merged its contracts before it was killed: the MERGE then
            // changes nothing, yet gold has not seen the change, so recompute all months too.
            contractsChanged |= f == Feed.CONTRACTS && (c.inserted() + c.updated() > 0 || plan.resumed());
            out.printf("  %-11s in %,d = inserted %,d + updated %,d + duplicates %,d + quarantined %,d  %s%n",
                    f.feedName(), c.rowsIn(), c.inserted(), c.updated(), c.duplicates(), c.quarantined(),
                    c.conserved() ? "✓" : "✗ NOT CONSERVED");
            FaultPoint.reached("silver." + f.feedName(), out);
        }
        seconds.put("silver", secondsSince(t0));
        return new Silver(feeds, months, contractsChanged, versions);
    }

    /** Runs one leaf stage: told to the listener (the benchmark's probe) and timed into {@code seconds}. */
    private <T> T timed(Map<String, Double> seconds, String stage, java.util.function.Supplier<T> body) {
        long t0 = System.nanoTime();
        listener.started(stage);
        T result = body.get();
        listener.finished(stage);
        seconds.put(stage, secondsSince(t0));
        return result;
    }

    private static double secondsSince(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0;
    }

    /** Whether the batch inserted or updated rows of the feed. */
    private static boolean applied(Map<String, FeedCounts> feeds, Feed f) {
        FeedCounts c = feeds.get(f.feedName());
        return c != null && c.inserted() + c.updated() > 0;
    }

    /**
     * Checks the published releases the batch touched ({@link ReleaseDrift}): a quarter with a
     * month the batch recomputed, plus the most recent release when a register the quarterly
     * definitions read as it is now changed (anchors, merchants, contracts). Without such a release nothing but the
     * releases folder is read.
     *
     * @return one result per release checked, for the manifest's {@code release_drift} and to print once it is written
     */
    private List<ReleaseDrift.Result> releaseDrift(Warehouse wh, Set<String> months, boolean registersChanged,
                                                   Map<String, Double> seconds) {
        ReleaseDrift drift = new ReleaseDrift(spark, wh);
        List<String> problems = new ArrayList<>();
        List<ReleaseDrift.Release> touched = ReleaseDrift.touched(drift.releases(problems), months, registersChanged);
        problems.forEach(out::println);
        if (touched.isEmpty()) {
            return List.of();
        }
        out.printf("[releases] recomputing %d published release(s) the batch touched: %s%n", touched.size(),
                touched.stream().map(ReleaseDrift.Release::label).toList());
        return timed(seconds, "release_drift", () -> touched.stream().map(drift::check).toList());
    }

    private void registerFiles(Warehouse wh, List<LandedFile> files, String batchId) {
        List<Row> rows = new ArrayList<>();
        for (LandedFile f : files) {
            rows.add(org.apache.spark.sql.RowFactory.create(f.checksum(), f.relative(), f.feed().feedName(), f.format(),
                    f.encoding(), f.bytes(), batchId, f.modifiedMillis()));
        }
        spark.createDataFrame(rows, RunControl.FILES_SCHEMA).write().format("delta").mode(SaveMode.Overwrite)
                .option("mergeSchema", "true") // registries written before modified_at gain the column
                .option("replaceWhere", "batch_id = '" + batchId + "'").save(wh.files());
    }
}
