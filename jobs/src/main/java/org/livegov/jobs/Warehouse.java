package org.livegov.jobs;

import org.livegov.metrics.contract.Feed;

/**
 * Where the Delta tables live under the warehouse root (a local folder or any Hadoop URI). Tables
 * are addressed by path, so the same jar runs in local mode and under spark-submit without a
 * metastore.
 *
 * <pre>
 *   bronze/&lt;feed&gt;        landed rows as text, partitioned by batch_id
 *   bronze/_files          one row per landed file (checksum registry)
 *   silver/&lt;feed&gt;        typed, validated, deduplicated; facts partitioned by Beijing month
 *   silver/quarantine      rejected rows with reason codes, partitioned by feed
 *   gold/&lt;product&gt;       platform_monthly, mcn_monthly, trend_monthly, trend_series, violations_by_category;
 *                          offender_listings, offender_events, offenders_platform, offenders_public,
 *                          offender_evasion, offender_name_candidates, offender_peer_review (docs/offenders.md)
 *   _control/runs          one row per run: status, batch, Delta versions written
 *   _manifests/            one JSON manifest per run
 *   _staging/              UTF-8 transcodings of landed text files
 * </pre>
 */
public record Warehouse(String root) {
    public String bronze(Feed f) {
        return root + "/bronze/" + f.feedName();
    }

    public String files() {
        return root + "/bronze/_files";
    }

    public String silver(Feed f) {
        return root + "/silver/" + f.feedName();
    }

    public String quarantine() {
        return root + "/silver/quarantine";
    }

    public String gold(String product) {
        return root + "/gold/" + product;
    }

    public String runs() {
        return root + "/_control/runs";
    }

    public String manifests() {
        return root + "/_manifests";
    }

    /**
     * Removes a folder of the warehouse when it holds nothing (the {@code _staging} or {@code _control}
     * folder, or the root, that a refused night had to create); a folder that holds anything is kept.
     *
     * @param fs  the warehouse's file system
     * @param dir the folder; nothing happens when it does not exist
     * @throws java.io.IOException when the file system cannot list or delete it
     */
    public static void removeIfEmpty(org.apache.hadoop.fs.FileSystem fs, org.apache.hadoop.fs.Path dir) throws java.io.IOException {
        if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
            fs.delete(dir, false);
        }
    }

    public String staging(String batchId) {
        return root + "/_staging/" + batchId;
    }
}
