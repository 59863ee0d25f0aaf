package org.livegov.jobs.reliability;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.nightly.NightlyJob;
import org.livegov.metrics.contract.Feed;

/** Table contents compared across runs: checksums of sorted rows, row counts, run statuses. */
final class Tables {
    private Tables() {
    }

    private static Dataset<Row> delta(String path) {
        return SparkSession.active().read().format("delta").load(path);
    }

    static Map<String, String> goldChecksums(Warehouse wh) {
        Map<String, String> out = new TreeMap<>();
        for (String product : NightlyJob.GOLD_PRODUCTS) {
            out.put(product, checksum(delta(wh.gold(product))));
        }
        return out;
    }

    /**
     * Gold checksums without the lineage columns that name a run ({@code run_id}, {@code batch_id})
     * or are derived from one ({@code event_id} hashes the batch id): two warehouses that processed
     * the same landing folder in different runs hold the same figures under different run ids.
     */
    static Map<String, String> goldChecksumsWithoutLineage(Warehouse wh) {
        Map<String, String> out = new TreeMap<>();
        for (String product : NightlyJob.GOLD_PRODUCTS) {
            out.put(product, checksum(delta(wh.gold(product)).drop("run_id", "batch_id", "event_id")));
        }
        return out;
    }

    static Map<String, String> silverChecksums(Warehouse wh) {
        Map<String, String> out = new TreeMap<>();
        for (Feed f : Feed.values()) {
            out.put(f.feedName(), checksum(delta(wh.silver(f))));
        }
        out.put("quarantine", checksum(delta(wh.quarantine()).drop("quarantined_at")));
        return out;
    }

    static Map<String, Long> silverCounts(Warehouse wh) {
        Map<String, Long> out = new TreeMap<>();
        for (Feed f : Feed.values()) {
            out.put(f.feedName(), delta(wh.silver(f)).count());
        }
        out.put("quarantine", delta(wh.quarantine()).count());
        return out;
    }

    /** SHA-256 of the rows as text, columns in name order, rows sorted. */
    static String checksum(Dataset<Row> table) {
        String[] cols = table.columns();
        Arrays.sort(cols);
        List<String> rows = new ArrayList<>();
        for (Row r : table.selectExpr(Arrays.stream(cols).map(c -> "`" + c + "`").toArray(String[]::new)).collectAsList()) {
            rows.add(r.toString());
        }
        rows.sort(null);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String r : rows) {
                md.update(r.getBytes(StandardCharsets.UTF_8));
                md.update((byte) '\n');
            }
            return rows.size() + " rows " + HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> statuses(Warehouse wh) {
        List<String> s = new ArrayList<>();
        delta(wh.runs()).orderBy("recorded_at").collectAsList().forEach(r -> s.add(r.getAs("status")));
        return s;
    }
}
