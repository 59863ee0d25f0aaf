package org.livegov.jobs.nightly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.bronze.BronzeIngest;
import org.livegov.jobs.config.LiveGovConfig;
import org.livegov.jobs.gold.GoldBuild;
import org.livegov.jobs.landing.LandedFile;
import org.livegov.jobs.landing.LandingScanner;
import org.livegov.jobs.offenders.EarlyRemovalDecisions;
import org.livegov.jobs.offenders.OffenderRun;
import org.livegov.jobs.publish.ReleaseDrift;
import org.livegov.jobs.silver.SilverTables;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.conform.ConformContext;
import org.livegov.metrics.conform.Conformer;
import org.livegov.metrics.conform.Deduplicator;
import org.livegov.metrics.ids.Pseudonymiser;
import org.livegov.metrics.quality.ReasonCode;
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
 * ({@link WarehouseKey}); the first run of a warehouse records its key's fingerprint.
 */
public final class NightlyJob {
    /** Order matters: registers before the facts that reference them. */
    /** Internal column: what happens to a bronze row (named so that no contract field can clash). */
    private static final String OUTCOME = "_outcome";
    private static final String APPLY = "apply";
    private static final String DUPLICATE = "duplicate";
    private static final String QUARANTINED = "quarantined";

    static final List<Feed> ORDER = List.of(Feed.PLATFORMS, Feed.MCNS, Feed.MERCHANTS, Feed.ANCHORS, Feed.CONTRACTS,
            Feed.BROADCASTS, Feed.VIOLATIONS, Feed.COMPLAINTS);

    /**
     * @param warehouse root of the tables
     * @param landing   landing folder
     * @param runDate   Beijing day the run is for: data cut-off at its end
     * @param command   command line recorded in the manifest
     */
    public record Params(String warehouse, String landing, LocalDate runDate, String command) {
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
            Timestamp ingested = Timestamp.from(started);
            Map<Feed, List<LandedFile>> byFeed = new LinkedHashMap<>();
            for (Feed f : ORDER) {
                List<LandedFile> fs = files.stream().filter(x -> x.feed() == f).toList();
                if (!fs.isEmpty()) {
                    byFeed.put(f, fs);
                }
            }
            for (var e : byFeed.entrySet()) {
                Dataset<Row> bronze = BronzeIngest.read(spark, e.getKey(), e.getValue(), batchId, ingested, pseudonymiser);
                bronze.write().format("delta").mode(SaveMode.Overwrite).partitionBy("batch_id")
                        .option("replaceWhere", "batch_id = '" + batchId + "'").save(wh.bronze(e.getKey()));
                m.versions.put("bronze/" + e.getKey().feedName(), version(wh.bronze(e.getKey())));
                out.printf("  %-11s %3d file(s) → bronze%n", e.getKey().feedName(), e.getValue().size());
                FaultPoint.reached("bronze." + e.getKey().feedName(), out);
            }
            m.inputs = fileRows(wh, byFeed, batchId);
            registerFiles(wh, files, batchId);
            removeStaging(wh.staging(batchId));
            m.stage("bronze", t0);
            listener.finished("bronze");
            FaultPoint.reached("stage.silver", out);

            // transform + write: bronze → silver
            t0 = System.nanoTime();
            Instant cutoff = p.runDate().plusDays(1).atStartOfDay(BeijingTime.ZONE).toInstant();
            ConformContext ctx = new ConformContext(conf.taxonomy(), conf.thresholds(), cutoff);
            Set<String> months = new TreeSet<>();
            boolean contractsChanged = false;
            out.println("[silver] conform, deduplicate, MERGE");
            for (Feed f : ORDER) {
                ensureSilver(wh, f, ctx);
                if (!byFeed.containsKey(f)) {
                    continue;
                }
                long tf = System.nanoTime();
                listener.started("silver." + f.feedName());
                SilverResult r = silver(wh, f, batchId, ctx, m, p.runDate());
                m.stage("silver." + f.feedName(), tf);
                listener.finished("silver." + f.feedName());
                m.feeds.put(f.feedName(), r.counts);
                months.addAll(r.months);
                // A resumed batch may have merged its contracts before it was killed: the MERGE then
                // changes nothing, yet gold has not seen the change, so recompute all months too.
                contractsChanged |= f == Feed.CONTRACTS && (r.counts.inserted() + r.counts.updated() > 0 || pending.isPresent());
                FeedCounts c = r.counts;
                out.printf("  %-11s in %,d = inserted %,d + updated %,d + duplicates %,d + quarantined %,d  %s%n",
                        f.feedName(), c.rowsIn(), c.inserted(), c.updated(), c.duplicates(), c.quarantined(),
                        c.conserved() ? "✓" : "✗ NOT CONSERVED");
                if (!c.conserved()) {
                    throw new IllegalStateException("row conservation failed for " + f.feedName() + ": " + c);
                }
                FaultPoint.reached("silver." + f.feedName(), out);
            }
            m.stage("silver", t0);
            FaultPoint.reached("stage.gold", out);

            // gold
            t0 = System.nanoTime();
            out.printf("[gold] months %s%s%n", months, contractsChanged ? " (all months with data: contracts changed, so MCN attribution may have)" : "");
            m.gold = new GoldBuild(spark, wh, conf, listener).build(months, contractsChanged, p.runDate(),
                    new OffenderRun(runId, batchId, decisions, pseudonymiser));
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

    private record SilverResult(FeedCounts counts, Set<String> months) {
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

    private SilverResult silver(Warehouse wh, Feed f, String batchId, ConformContext ctx, RunManifest m,
                                LocalDate landingDay) {
        Dataset<Row> bronze = spark.read().format("delta").load(wh.bronze(f)).where(col("batch_id").equalTo(batchId));
        // Cached: the conformed plan is large, and four branches below read it.
        Dataset<Row> conformed = Conformer.conform(bronze, f, ctx).persist(StorageLevel.MEMORY_AND_DISK());
        String key = f.keyField();
        // Valid rows keep their record so that ID conflicts and unknown references are quarantined with it.
        Dataset<Row> dedup = Deduplicator.classify(conformed.where(col("reason_code").isNull()), key);
        Dataset<Row> winners = dedup.where(col("dedup_status").equalTo(Deduplicator.WINNER));
        Dataset<Row> unknownRefs = References.unknown(spark, wh, f, winners);
        // One outcome per bronze row: apply (MERGE), duplicate, or quarantined with a reason.
        Dataset<Row> outcomes = conformed.where(col("reason_code").isNotNull()).withColumn(OUTCOME, lit(QUARANTINED))
                .unionByName(dedup.where(col("dedup_status").equalTo(Deduplicator.CONFLICT))
                        .withColumn("reason_code", lit(ReasonCode.ID_CONFLICT.name()))
                        .withColumn("reason_detail", lit("same " + key + " and updated_at with different content"))
                        .withColumn(OUTCOME, lit(QUARANTINED)).drop("dedup_status"))
                .unionByName(dedup.where(col("dedup_status").equalTo(Deduplicator.DUPLICATE))
                        .withColumn(OUTCOME, lit(DUPLICATE)).drop("dedup_status"))
                .unionByName(unknownRefs.withColumn(OUTCOME, lit(QUARANTINED)).drop("dedup_status"))
                .unionByName(winners.join(unknownRefs.select(key), NightlyJob.scalaSeq(key), "left_anti")
                        .withColumn(OUTCOME, lit(APPLY)).drop("dedup_status"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long rowsIn = 0;
            long duplicates = 0;
            long toApply = 0;
            Map<String, Long> reasons = new TreeMap<>();
            Set<String> months = new HashSet<>();
            // one pass: counts per outcome and reason, and (facts) the months the applied rows touch
            Column month = f.isFact() ? col("month") : lit(null).cast("string").as("month");
            for (Row r : outcomes.groupBy(col(OUTCOME), col("reason_code"), month).count().collectAsList()) {
                long n = r.getLong(3);
                rowsIn += n;
                switch (r.getString(0)) {
                    case APPLY -> {
                        toApply += n;
                        if (!r.isNullAt(2)) {
                            months.add(r.getString(2));
                        }
                    }
                    case DUPLICATE -> duplicates += n;
                    default -> reasons.merge(r.getString(1), n, Long::sum);
                }
            }
            long quarantined = reasons.values().stream().mapToLong(Long::longValue).sum();
            if (quarantined > 0) {
                Conformer.toQuarantine(outcomes.where(col(OUTCOME).equalTo(QUARANTINED)), f).write().format("delta")
                        .mode(SaveMode.Overwrite).partitionBy("feed")
                        .option("replaceWhere", "batch_id = '" + batchId + "' AND feed = '" + f.feedName() + "'")
                        .save(wh.quarantine());
                m.versions.put("silver/quarantine", version(wh.quarantine()));
            }
            Dataset<Row> apply = outcomes.where(col(OUTCOME).equalTo(APPLY))
                    .drop(OUTCOME, "reason_code", "reason_detail", "record");
            Map<String, String> metrics;
            if (f.isFact()) {
                if (toApply == 0) {
                    metrics = Map.of("version", String.valueOf(version(wh.silver(f))));
                } else {
                    // only the partitions of the batch's months (and of keys a correction moves out of)
                    SilverTables.FactMerge fm = SilverTables.mergeFacts(spark, wh.silver(f), f, apply, months);
                    metrics = fm.metrics();
                    months.addAll(fm.movedFrom());
                }
            } else {
                // registers keep their history: a changed key gets a new version, effective from its own date
                metrics = SilverTables.mergeRegister(spark, wh.silver(f), f, apply, landingDay);
            }
            long inserted = Long.parseLong(metrics.getOrDefault("numTargetRowsInserted", "0"));
            long updated = Long.parseLong(metrics.getOrDefault("numTargetRowsUpdated", "0"));
            // rows the MERGE left alone (already applied, or older than silver) changed nothing: duplicates
            FeedCounts counts = new FeedCounts(rowsIn, inserted, updated, duplicates + toApply - inserted - updated,
                    quarantined, reasons, Long.parseLong(metrics.get("version")));
            return new SilverResult(counts, months);
        } finally {
            outcomes.unpersist();
            conformed.unpersist();
        }
    }

    private void ensureSilver(Warehouse wh, Feed f, ConformContext ctx) {
        Dataset<Row> empty = spark.createDataFrame(List.of(), BronzeShape.SCHEMA);
        Dataset<Row> shape = Deduplicator.classify(Conformer.valid(Conformer.conform(empty, f, ctx)), f.keyField())
                .drop("dedup_status");
        SilverTables.ensure(spark, wh.silver(f), f, shape.schema());
    }

    private Map<String, Object> fileRows(Warehouse wh, Map<Feed, List<LandedFile>> byFeed, String batchId) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (var e : byFeed.entrySet()) {
            Map<String, Long> rows = new TreeMap<>();
            for (Row r : spark.read().format("delta").load(wh.bronze(e.getKey())).where(col("batch_id").equalTo(batchId))
                    .groupBy("source_file").count().collectAsList()) {
                rows.put(r.getString(0), r.getLong(1));
            }
            for (LandedFile f : e.getValue()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("feed", f.feed().feedName());
                one.put("format", f.format());
                one.put("encoding", f.encoding());
                one.put("sha256", f.checksum());
                one.put("bytes", f.bytes());
                one.put("rows", rows.getOrDefault(f.relative(), 0L));
                inputs.put(f.relative(), one);
            }
        }
        return inputs;
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

    private long version(String table) {
        return Long.parseLong(SilverTables.lastMetrics(spark, table).get("version"));
    }

    static scala.collection.immutable.Seq<String> scalaSeq(String... cols) {
        return scala.jdk.javaapi.CollectionConverters.asScala(List.of(cols)).toList();
    }
}
