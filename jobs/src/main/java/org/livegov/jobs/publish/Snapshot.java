package org.livegov.jobs.publish;


import io.delta.tables.DeltaTable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.livegov.jobs.UserError;
import org.livegov.jobs.Warehouse;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.gold.ListingPeriods;

/**
 * The tables a release reads, each pinned to one Delta version: at publish the current version
 * (read with {@code versionAsOf} so that a nightly committing meanwhile does not mix versions), at
 * verify the versions the release's manifest recorded (Delta time travel).
 *
 * <p>Tables: {@code silver/broadcasts, violations, complaints, anchors, merchants, contracts} and
 * {@code gold/offender_listings} (the listing lifecycle; every listing's days on the list, read as of
 * the quarter by {@link ListingPeriods}). Keys of {@link #versions()} are paths
 * relative to the warehouse root.
 */
final class Snapshot {
    static final String OFFENDERS = "gold/offender_listings";
    private static final Feed[] FEEDS = {Feed.BROADCASTS, Feed.VIOLATIONS, Feed.COMPLAINTS, Feed.ANCHORS, Feed.MERCHANTS,
            Feed.CONTRACTS};

    private final SparkSession spark;
    private final Warehouse wh;
    private final Map<String, Long> versions;

    private Snapshot(SparkSession spark, Warehouse wh, Map<String, Long> versions) {
        this.spark = spark;
        this.wh = wh;
        this.versions = versions;
    }

    /**
     * @throws UserError when a silver table is missing (run the nightly first) or a table has no history
     */
    static Snapshot current(SparkSession spark, Warehouse wh) {
        Map<String, Long> v = new LinkedHashMap<>();
        for (Feed f : FEEDS) {
            v.put("silver/" + f.feedName(), latest(spark, wh.silver(f), "silver/" + f.feedName()));
        }
        v.put(OFFENDERS, latest(spark, wh.gold("offender_listings"), OFFENDERS));
        return new Snapshot(spark, wh, v);
    }

    /** @param versions table (relative path) → Delta version, from a manifest */
    static Snapshot pinned(SparkSession spark, Warehouse wh, Map<String, Long> versions) {
        return new Snapshot(spark, wh, new LinkedHashMap<>(versions));
    }

    Map<String, Long> versions() {
        return versions;
    }

    Dataset<Row> silver(Feed f) {
        return read("silver/" + f.feedName());
    }

    /**
     * Every listing that reached the list, in any state today, with its days on it
     * ({@link ListingPeriods#of}: {@code subject_role, subject_key, listed_from, ended_on}), so that
     * the indicators read the list as it was in the quarter (issue 13 item 8).
     */
    Dataset<Row> listed() {
        return ListingPeriods.of(read(OFFENDERS));
    }

    private Dataset<Row> read(String table) {
        Long v = versions.get(table);
        if (v == null) throw new UserError("no pinned Delta version for " + table);
        try {
            return spark.read().format("delta").option("versionAsOf", v).load(wh.root() + "/" + table);
        } catch (Exception e) { // AnalysisException / DeltaAnalysisException (Scala, unchecked here)
            throw new UserError("cannot read " + table + " at Delta version " + v + " under " + wh.root() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    private static long latest(SparkSession spark, String path, String name) {
        if (!DeltaTable.isDeltaTable(spark, path)) {
            throw new UserError(name + " is not a Delta table under the warehouse (" + path + "); run the nightly job first");
        }
        return DeltaTable.forPath(spark, path).history(1).select("version").first().getLong(0);
    }

    /** An empty listed-subjects table (schema only), for tests and for a warehouse without any listing. */
    static StructType listedSchema() {
        return ListingPeriods.SCHEMA;
    }
}
