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
import java.util.TreeMap;
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
import org.livegov.jobs.landing.LandingScanner;
import org.livegov.jobs.offenders.EarlyRemovalDecisions;
import org.livegov.jobs.offenders.OffenderRun;
import org.livegov.jobs.offenders.OffenderStep;
import org.livegov.jobs.publish.ReleaseDrift;
import org.livegov.jobs.silver.FeedCounts;
import org.livegov.jobs.silver.SilverStage;
import org.livegov.jobs.stage.FaultPoint;
import org.livegov.jobs.stage.StageListener;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.conform.ConformContext;
import org.livegov.metrics.ids.Pseudonymiser;
import org.livegov.metrics.time.BeijingTime;

/**
 * The nightly run: config → read (landing → bronze) → transform (conform, deduplicate,
 * reference checks) → validate (row conservation) → write (silver MERGE, quarantine, gold) →
 * check published releases (read only: which of their figures the batch would change,
 * {@link ReleaseDrift}) → commit (run row and manifest).
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
     * Runs one night.
     *
     * @return the manifest of the run (also written to {@code _manifests/<run_id>.json})
     * @throws org.livegov.jobs.UserError on an unusable file, configuration or lock
     */
    public RunManifest run(Params p) {
        Warehouse wh = new Warehouse(p.warehouse());
        Instant started = Instant.now();
        String runId = "run-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(started)
                + "-" + UUID.randomUUID().toString().substring(0, 6);
        RunManifest m = new RunManifest(runId, p.command(), p.runDate(), started, conf.configHash(), pseudonymiser.keyFingerprint());
        // read only: a warehouse built with another key stops the run before the lock or any write
        WarehouseKey.require(spark, wh, pseudonymiser.keyFingerprint());
        try (RunLock lock = RunLock.acquire(p.warehouse(), spark.sparkContext().hadoopConfiguration(), runId)) {
            RunControl control = new RunControl(spark, wh);
            // read only: a night dated before the last committed one is an accident unless it is a backfill
            BackDating.require(control.lastCommittedRunDate(), p.runDate(), p.backfill(), out);
            var pending = control.pendingBatch();
            String batchId = pending.orElse("b" + runId.substring(4));
            m.batchId = batchId;
            pending.ifPresent(b -> out.println("resuming interrupted batch " + b + " (its writes are idempotent)"));

            // read: landing → bronze
            long t0 = System.nanoTime();
            listener.started("bronze");
            List<String> skipped = new ArrayList<>();
            List<LandedFile> files = new LandingScanner(spark.sparkContext().hadoopConfiguration())
                    .scan(p.landing(), wh.staging(batchId), control.ingestedChecksums(batchId),
                            control.ingestedStamps(batchId), skipped);
            m.skippedFiles = skipped;
            // read before the first write, so a bad decisions file stops the run with nothing written
            var decisions = EarlyRemovalDecisions.read(p.landing(), spark.sparkContext().hadoopConfiguration());
            if (!decisions.isEmpty()) {
                List<String> listingIds = io.delta.tables.DeltaTable.isDeltaTable(spark, wh.gold("offender_listings"))
                        ? spark.read().format("delta").load(wh.gold("offender_listings")).select("listing_id")
                                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList()
                        : List.of();
                EarlyRemovalDecisions.requireKnownListings(decisions, listingIds);
            }
            if (!skipped.isEmpty()) {
                Map<String, Long> perFeed = new TreeMap<>();
                skipped.forEach(s -> perFeed.merge(s.substring(0, Math.max(0, s.indexOf('/'))), 1L, Long::sum));
                out.println("  skipped, already ingested (same SHA-256): " + perFeed + " file(s); listed in the manifest");
            }
            // Everything above only read; a refused file has stopped the run before this first write.
            WarehouseKey.recordIfAbsent(spark, wh, pseudonymiser.keyFingerprint());
            control.record(runId, batchId, "started", p, m);
            org.livegov.jobs.silver.BirthDateMigration.run(spark, wh, out);
            out.printf("[bronze] %d new file(s) in %s%n", files.size(), p.landing());
            Map<Feed, List<LandedFile>> byFeed = new LinkedHashMap<>();
            for (Feed f : ORDER) {
                List<LandedFile> fs = files.stream().filter(x -> x.feed() == f).toList();
                if (!fs.isEmpty()) {
                    byFeed.put(f, fs);
                }
            }
            BronzeStage.Result bronze = new BronzeStage(spark, wh, pseudonymiser, out).write(byFeed, batchId, Timestamp.from(started));
            m.versions.putAll(bronze.versions());
            m.inputs = bronze.inputs();
            if (!files.isEmpty()) {   // a quiet night adds no version to the registry
                registerFiles(wh, files, batchId);
            }
            removeStaging(wh.staging(batchId));
            m.stage("bronze", t0);
            listener.finished("bronze");
            FaultPoint.reached("stage.silver", out);

            // transform + write: bronze → silver
            t0 = System.nanoTime();
            Instant cutoff = p.runDate().plusDays(1).atStartOfDay(BeijingTime.ZONE).toInstant();
            SilverStage silver = new SilverStage(spark, wh, new ConformContext(conf.taxonomy(), conf.thresholds(), cutoff));
            Set<String> months = new TreeSet<>();
            boolean contractsChanged = false;
            out.println("[silver] conform, deduplicate, MERGE");
            for (Feed f : ORDER) {
                silver.ensure(f);
                if (!byFeed.containsKey(f)) {
                    continue;
                }
                long tf = System.nanoTime();
                listener.started("silver." + f.feedName());
                SilverStage.Result r = silver.run(f, batchId, p.runDate());
                m.stage("silver." + f.feedName(), tf);
                listener.finished("silver." + f.feedName());
                if (r.quarantineVersion() != null) {
                    m.versions.put("silver/quarantine", r.quarantineVersion());
                }
                m.feeds.put(f.feedName(), r.counts());
                months.addAll(r.months());
                // A resumed batch may have merged its contracts before it was killed: the MERGE then
                // changes nothing, yet gold has not seen the change, so recompute all months too.
                contractsChanged |= f == Feed.CONTRACTS && (r.counts().inserted() + r.counts().updated() > 0 || pending.isPresent());
                FeedCounts c = r.counts();
                out.printf("  %-11s in %,d = inserted %,d + updated %,d + duplicates %,d + quarantined %,d  %s%n",
                        f.feedName(), c.rowsIn(), c.inserted(), c.updated(), c.duplicates(), c.quarantined(),
                        c.conserved() ? "✓" : "✗ NOT CONSERVED");
                FaultPoint.reached("silver." + f.feedName(), out);
            }
            m.stage("silver", t0);
            FaultPoint.reached("stage.gold", out);

            // gold: the monthly products of the touched months; the offender lists over all of silver;
            // the trend series of the touched quarters (after the lists: it counts listings)
            t0 = System.nanoTime();
            out.printf("[gold] months %s%s%n", months, contractsChanged ? " (all months with data: contracts changed, so MCN attribution may have)" : "");
            GoldMonthly.Result monthly = new GoldMonthly(spark, wh, conf, listener).write(months, contractsChanged, p.runDate());
            monthly.tables().forEach(m::gold);
            listener.started("gold.offenders");
            new OffenderStep(spark, wh, conf).run(p.runDate(), new OffenderRun(runId, batchId, decisions, pseudonymiser))
                    .forEach(m::gold);
            listener.finished("gold.offenders");
            if (!monthly.months().isEmpty()) {
                listener.started("gold." + TrendBuild.PRODUCT);
                m.gold(new TrendBuild(spark, wh, conf).build(monthly.months(), p.runDate()));
                listener.finished("gold." + TrendBuild.PRODUCT);
            }
            m.months = new ArrayList<>(months);
            m.stage("gold", t0);

            // published releases stay as they are; list the figures this batch would change in them
            boolean registersChanged = contractsChanged || applied(m, Feed.ANCHORS) || applied(m, Feed.MERCHANTS);
            List<ReleaseDrift.Result> drift = releaseDrift(wh, months, registersChanged, m);
            FaultPoint.reached("stage.commit", out);

            m.finished = Instant.now();
            m.status = "committed";
            control.record(runId, batchId, "committed", p, m);
            m.manifestPath = RunManifest.write(spark, wh, m);
            drift.forEach(r -> out.println(r.summary(m.manifestPath)));
            return m;
        }
    }

    /** Whether the batch inserted or updated rows of the feed. */
    private static boolean applied(RunManifest m, Feed f) {
        FeedCounts c = m.feeds.get(f.feedName());
        return c != null && c.inserted() + c.updated() > 0;
    }

    /**
     * Checks the published releases the batch touched ({@link ReleaseDrift}): a quarter with a
     * month the batch recomputed, plus the most recent release when a register the quarterly
     * definitions read as it is now changed (anchors, merchants, contracts). Without such a release nothing but the
     * releases folder is read. Records {@code release_drift} in the manifest.
     *
     * @return one result per release checked, to print once the manifest is written
     */
    private List<ReleaseDrift.Result> releaseDrift(Warehouse wh, Set<String> months, boolean registersChanged,
                                                   RunManifest m) {
        ReleaseDrift drift = new ReleaseDrift(spark, wh);
        List<String> problems = new ArrayList<>();
        List<ReleaseDrift.Release> touched = ReleaseDrift.touched(drift.releases(problems), months, registersChanged);
        problems.forEach(out::println);
        if (touched.isEmpty()) {
            return List.of();
        }
        long t0 = System.nanoTime();
        listener.started("release_drift");
        out.printf("[releases] recomputing %d published release(s) the batch touched: %s%n", touched.size(),
                touched.stream().map(ReleaseDrift.Release::label).toList());
        List<ReleaseDrift.Result> results = new ArrayList<>();
        for (ReleaseDrift.Release r : touched) {
            results.add(drift.check(r));
        }
        m.releaseDrift = ReleaseDrift.manifestEntries(results);
        m.stage("release_drift", t0);
        listener.finished("release_drift");
        return results;
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

    /**
     * The staging folder holds UTF-8 copies of landed text files, i.e. raw identity numbers and
     * phones; once bronze (pseudonymised) is written they are no longer needed and must not stay
     * in the warehouse. A run killed before this point leaves them until its batch is resumed.
     */
    private void removeStaging(String staging) {
        try {
            var path = new org.apache.hadoop.fs.Path(staging);
            path.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(path, true);
        } catch (java.io.IOException e) {
            throw new org.livegov.jobs.UserError("cannot remove the staging folder " + staging
                    + " (it holds raw landed text): " + e.getMessage());
        }
    }
}
