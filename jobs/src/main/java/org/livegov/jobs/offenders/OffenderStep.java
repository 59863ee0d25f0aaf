package org.livegov.jobs.offenders;

import org.livegov.metrics.ids.SubjectKey;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;

import io.delta.tables.DeltaTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.config.LiveGovConfig;
import org.livegov.jobs.stage.Overwrite;
import org.livegov.jobs.stage.TableWrite;
import org.livegov.metrics.conform.RegisterHistory;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.gold.SubjectKeys;
import org.livegov.metrics.offenders.EarlyRemovalDecision;
import org.livegov.metrics.offenders.Lifecycle;
import org.livegov.metrics.offenders.Listing;
import org.livegov.metrics.offenders.ListingEvent;
import org.livegov.metrics.offenders.NameCandidates;
import org.livegov.metrics.offenders.OffenderRows;
import org.livegov.metrics.offenders.OffenderSets;
import org.livegov.metrics.offenders.OffenderViolation;
import org.livegov.metrics.offenders.PeerReview;

/**
 * The offender step of the nightly run: read silver and the current listings → evaluate the rules
 * and step every listing's lifecycle ({@link Lifecycle}) → write.
 *
 * <p>Writes (all under {@code gold/}):
 * <ul>
 *   <li>{@code offender_listings}: one current row per (subject key, listing), MERGEd on
 *       {@code listing_id}; Delta history keeps every earlier version. Regulators' full list.</li>
 *   <li>{@code offender_events}: append-only, inserted by MERGE on a deterministic
 *       {@code event_id}, so rerunning a batch inserts nothing twice. The events of a batch are
 *       that run's diff against the previous run.</li>
 *   <li>{@code offenders_platform} (per platform, keys derived for that platform),
 *       {@code offenders_public} (merchants by public rules), {@code offender_evasion},
 *       {@code offender_name_candidates}: rewritten whole each run.</li>
 * </ul>
 * Events are written before listings: if a run dies between the two, the rerun computes the same
 * events (same ids, nothing inserted twice) and then the listings.
 */
public final class OffenderStep {
    public static final List<String> PRODUCTS = List.of("offender_listings", "offender_events", "offenders_platform",
            "offenders_public", "offender_evasion", "offender_name_candidates", "offender_peer_review");

    private final SparkSession spark;
    private final Warehouse wh;
    private final LiveGovConfig conf;

    public OffenderStep(SparkSession spark, Warehouse wh, LiveGovConfig conf) {
        this.spark = spark;
        this.wh = wh;
        this.conf = conf;
    }

    /**
     * Steps every listing over all of silver's violations.
     *
     * @param asOf Beijing run day
     * @param run  run and batch ids, decisions, key
     * @return one write per product, in {@link #PRODUCTS} order ({@code offender_peer_review} only when
     *     configured); {@code offender_events} also has {@code changes} (count per change kind in this
     *     run) and {@code seconds}
     */
    public List<TableWrite> run(LocalDate asOf, OffenderRun run) {
        long t0 = System.nanoTime();
        Dataset<Row> violations = spark.read().format("delta").load(wh.silver(Feed.VIOLATIONS));
        Dataset<Row> anchors = silver(Feed.ANCHORS);
        Dataset<Row> merchants = silver(Feed.MERCHANTS);
        // Cached: the keying joins violations with three registers as they stand (a window each), and
        // four readers below (candidates, rule columns, name candidates, peer review) would redo them.
        Dataset<Row> keyed = SubjectKeys.attach(violations, anchors, merchants, silver(Feed.MCNS))
                .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        try {
            return run(asOf, run, t0, keyed, anchors, merchants);
        } finally {
            keyed.unpersist();
        }
    }

    private List<TableWrite> run(LocalDate asOf, OffenderRun run, long t0, Dataset<Row> keyed, Dataset<Row> anchors,
                                 Dataset<Row> merchants) {
        ensure("offender_listings", OffenderRows.LISTINGS);
        ensure("offender_events", OffenderRows.EVENTS);

        Map<String, Listing> latest = new HashMap<>();
        for (Row r : spark.read().format("delta").load(wh.gold("offender_listings")).collectAsList()) {
            Listing l = OffenderRows.listing(r);
            latest.merge(l.subjectKey(), l, (a, b) -> a.seq() >= b.seq() ? a : b);
        }
        Set<String> subjects = new HashSet<>(OffenderSets.candidateSubjects(keyed, conf.offenders(), asOf)
                .as(Encoders.STRING()).collectAsList());
        latest.values().stream().filter(l -> l.state().active()).forEach(l -> subjects.add(l.subjectKey()));
        Map<String, List<OffenderViolation>> bySubject = new TreeMap<>();
        if (!subjects.isEmpty()) {
            // bounded: candidates plus active listings (thousands at national scale)
            for (Row r : OffenderSets.ruleColumns(keyed).where(col("subject_key").isin(subjects.toArray()))
                    .collectAsList()) {
                OffenderViolation v = OffenderSets.violation(r);
                bySubject.computeIfAbsent(v.subjectKey(), k -> new ArrayList<>()).add(v);
            }
        }
        Map<String, List<EarlyRemovalDecision>> decisions = new HashMap<>();
        run.decisions().forEach(d -> decisions.computeIfAbsent(d.listingId().substring(0, d.listingId().lastIndexOf('#')),
                k -> new ArrayList<>()).add(d));

        List<Row> changedListings = new ArrayList<>();
        List<Row> events = new ArrayList<>();
        Map<String, Long> changes = new TreeMap<>();
        for (String s : new java.util.TreeSet<>(subjects)) {
            List<OffenderViolation> vs = bySubject.getOrDefault(s, List.of());
            Listing prev = latest.get(s);
            // roles: from the acts, in metrics (SubjectRoles); one subject per key, whatever its roles
            Lifecycle.Step step = Lifecycle.step(conf.offenders(), s, prev, vs, decisions.getOrDefault(s, List.of()),
                    asOf, run.runId(), run.batchId());
            if (step.changed()) {
                step.written().forEach(l -> changedListings.add(OffenderRows.toRow(l)));
                for (ListingEvent e : step.events()) {
                    events.add(OffenderRows.toRow(e));
                    changes.merge(e.change(), 1L, Long::sum);
                }
            }
        }
        List<TableWrite> out = new ArrayList<>();
        if (!events.isEmpty()) {
            mergeOrAppend("offender_events", spark.createDataFrame(events, OffenderRows.EVENTS), "event_id", false);
            mergeOrAppend("offender_listings", spark.createDataFrame(changedListings, OffenderRows.LISTINGS), "listing_id", true);
        }
        Dataset<Row> listings = spark.read().format("delta").load(wh.gold("offender_listings"));
        // without events nothing was written, and the tables' last commit is an earlier run's
        TableWrite ls = TableWrite.lastCommit(spark, "offender_listings", wh.gold("offender_listings"));
        TableWrite ev = TableWrite.lastCommit(spark, "offender_events", wh.gold("offender_events"));
        out.add(events.isEmpty() ? ls.nothingWritten() : ls);
        int eventsAt = out.size();
        out.add((events.isEmpty() ? ev.nothingWritten() : ev).with("changes", changes));

        overwrite("offenders_platform", OffenderSets.forPlatforms(listings, anchors, merchants, run.key()), out);
        overwrite("offenders_public", OffenderSets.forPublic(listings, merchants), out);
        overwrite("offender_evasion", OffenderSets.evasion(OffenderSets.listedSubjects(listings), silver(Feed.BROADCASTS),
                anchors, merchants, silver(Feed.COMPLAINTS)), out);
        overwrite("offender_name_candidates", nameCandidates(keyed, merchants), out);
        if (conf.offenders().peerReview() != null) {
            overwrite("offender_peer_review", peerReview(keyed, anchors, asOf, run), out);
        }
        out.set(eventsAt, out.get(eventsAt).with("seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0));
        return out;
    }

    /** Subjects' spellings from violations and the merchant register; candidates need a violation. */
    private Dataset<Row> nameCandidates(Dataset<Row> keyed, Dataset<Row> merchants) {
        List<NameCandidates.Named> named = new ArrayList<>();
        for (Row r : keyed.where(col("subject_name").isNotNull()).groupBy("subject_key", "subject_name")
                .agg(array_sort(collect_list("violation_id"))).collectAsList()) {
            named.add(new NameCandidates.Named(r.getString(0), r.getString(1), r.getList(2)));
        }
        for (Row r : merchants.select(SubjectKey.merchant(col("uscc"), col("merchant_id")), col("name")).distinct().collectAsList()) {
            named.add(new NameCandidates.Named(r.getString(0), r.getString(1), List.of()));
        }
        List<Row> rows = new ArrayList<>();
        for (NameCandidates.Candidate c : NameCandidates.find(named, conf.offenders().nameReviewMaxSubjects())) {
            if (!c.violationIds().isEmpty()) {
                rows.add(RowFactory.create(c.kind(), c.nameKey(), c.subjectKeys().toArray(new String[0]),
                        c.names().toArray(new String[0]), c.violationIds().toArray(new String[0]), c.evidence()));
            }
        }
        return spark.createDataFrame(rows, CANDIDATES);
    }

    /** Peers' numbers from Spark, funnel in {@link PeerReview#flag}; one row per flagged anchor. */
    private Dataset<Row> peerReview(Dataset<Row> keyed, Dataset<Row> anchors, LocalDate asOf, OffenderRun run) {
        PeerReview.Rule rule = conf.offenders().peerReview();
        List<PeerReview.Subject> peers = new ArrayList<>();
        for (Row r : PeerReview.peers(keyed, silver(Feed.BROADCASTS), anchors, rule, conf.offenders().acts(), asOf).collectAsList()) {
            peers.add(new PeerReview.Subject(r.getString(0), r.getLong(1), r.getLong(2)));
        }
        List<Row> rows = new ArrayList<>();
        for (PeerReview.Flagged f : PeerReview.flag(peers, rule.minCount())) {
            rows.add(RowFactory.create(f.subjectKey(), "anchor", f.violations(), f.broadcasts(), f.ratePer1000(),
                    f.peerRatePer1000(), f.upper998Per1000(), f.phi(), peers.size(), rule.ref(),
                    java.sql.Date.valueOf(asOf), run.runId()));
        }
        return spark.createDataFrame(rows, PEER_REVIEW);
    }

    static final StructType PEER_REVIEW = new StructType().add("subject_key", DataTypes.StringType)
            .add("subject_role", DataTypes.StringType).add("violations", DataTypes.LongType)
            .add("broadcasts", DataTypes.LongType).add("rate_per_1000", DataTypes.DoubleType)
            .add("peer_rate_per_1000", DataTypes.DoubleType).add("upper998_per_1000", DataTypes.DoubleType)
            .add("phi", DataTypes.DoubleType).add("peers", DataTypes.IntegerType).add("rule_ref", DataTypes.StringType)
            .add("as_of", DataTypes.DateType).add("run_id", DataTypes.StringType);

    static final StructType CANDIDATES = new StructType().add("kind", DataTypes.StringType)
            .add("name_key", DataTypes.StringType)
            .add("subject_keys", DataTypes.createArrayType(DataTypes.StringType))
            .add("names", DataTypes.createArrayType(DataTypes.StringType))
            .add("violation_ids", DataTypes.createArrayType(DataTypes.StringType))
            .add("evidence", DataTypes.StringType);

    void ensure(String product, StructType schema) {
        if (!DeltaTable.isDeltaTable(spark, wh.gold(product))) {
            spark.createDataFrame(List.of(), schema).write().format("delta").mode(SaveMode.ErrorIfExists).save(wh.gold(product));
            return;
        }
        // a table written before a column was added (offender_listings.acts) gains it, null in the old rows
        List<String> have = List.of(spark.read().format("delta").load(wh.gold(product)).schema().fieldNames());
        for (org.apache.spark.sql.types.StructField f : schema.fields()) {
            if (!have.contains(f.name())) {
                spark.sql("ALTER TABLE delta.`" + wh.gold(product) + "` ADD COLUMNS (" + f.name() + " " + f.dataType().sql() + ")");
            }
        }
    }

    /**
     * MERGEs a step's rows into a product by its key (insert-only for the append-only event log,
     * update-or-insert for listings); into a table as {@link #ensure} created it (a first night),
     * where the MERGE could only insert, the rows are appended ({@link TableWrite#isEmptySinceCreated}).
     */
    private void mergeOrAppend(String product, Dataset<Row> rows, String key, boolean update) {
        if (TableWrite.isEmptySinceCreated(spark, wh.gold(product))) {
            rows.write().format("delta").mode(SaveMode.Append).save(wh.gold(product));
            return;
        }
        var merge = DeltaTable.forPath(spark, wh.gold(product)).as("t").merge(rows.as("s"), "t." + key + " = s." + key);
        (update ? merge.whenMatched().updateAll() : merge).whenNotMatched().insertAll().execute();
    }

    /** Rewrites a product only when its rows change: a quiet night adds no version ({@link Overwrite}). */
    private void overwrite(String product, Dataset<Row> rows, List<TableWrite> out) {
        out.add(Overwrite.ifChanged(spark, product, wh.gold(product), rows));
    }

    /** A silver table; a register as it stands now (its current versions, {@link RegisterHistory#current}): the offender step acts today: subjects are keyed by the register as it stands now. */
    private Dataset<Row> silver(Feed f) {
        Dataset<Row> d = spark.read().format("delta").load(wh.silver(f));
        return RegisterHistory.isRegister(f) ? RegisterHistory.current(d) : d;
    }
}
