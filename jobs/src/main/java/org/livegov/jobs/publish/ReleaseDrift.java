package org.livegov.jobs.publish;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.UserError;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.config.LiveGovConfig;
import org.livegov.metrics.bench.Quarter;

/**
 * Which published figures a nightly batch would change (issue 7, late and corrected records: "a
 * release already published is not changed (it is pinned), and the run lists which published
 * figures the correction would change").
 *
 * <p>After the gold step the nightly finds the releases under {@code <warehouse>/releases/}
 * (folders with a {@code manifest.json}; per quarter the latest revision; releases written with
 * {@code publish --out} elsewhere are not seen) whose quarter the batch touched ({@link #touched}).
 * For each it recomputes the quarter with the release's own copied configuration from the tables
 * as they are now (after this batch: the latest Delta versions), through the one compute path of
 * {@link PublishJob} (the same {@link org.livegov.metrics.bench.QuarterlyIndicators} and
 * {@link org.livegov.metrics.bench.Benchmark} and the same rendering as the release), and compares
 * the rendered CSV and JSON cell by cell with the published files ({@link ReleaseComparison}; a
 * cell that differs only in formatting, as every number of a release written before issue 17's
 * rounding does, is counted apart and is not a changed figure). Using
 * the release's configuration means a difference comes from the data, not from a configuration
 * changed since. The release folder is only read, never written: it stays byte-identical, and
 * {@code publish --revise} issues a new revision when the changes should be published.
 *
 * <p>No release touched: only the releases folder and the manifests are read (file system, no
 * Spark job). A release that cannot be checked (e.g. its copied configuration no longer loads)
 * gives a result with an error instead of stopping the nightly: the batch's data are fine.
 */
public final class ReleaseDrift {
    /** Cells listed per release in the run manifest; beyond it only the counts are recorded. */
    public static final int MAX_LISTED_CELLS = 10_000;

    /**
     * A published release.
     *
     * @param quarter  its Beijing quarter
     * @param revision 1 for {@code releases/<quarter>}, n for {@code releases/<quarter>-rn}
     * @param dir      its folder (URI)
     */
    public record Release(Quarter quarter, int revision, String dir) {
        /** e.g. {@code 2026Q2 (r1)} */
        public String label() {
            return quarter + " (r" + revision + ")";
        }
    }

    /**
     * The check of one release.
     *
     * @param release    the release
     * @param cells      the first {@link #MAX_LISTED_CELLS} published cells a rebuild now would change
     * @param cellsTotal how many cells would change in all
     * @param figures    distinct figures among them (one figure may show in a CSV, a JSON file and a pack)
     * @param files      file → cells that would change in it
     * @param error      why the release could not be checked, or null (then the counts are 0)
     * @param formatOnly cells that differ in formatting only or are in a column only one side has
     *                   ({@link ReleaseComparison#FORMAT}, {@link ReleaseComparison#COLUMN}: a release
     *                   written before issue 17's rounding); not in the other counts, since no figure changes
     */
    public record Result(Release release, List<ReleaseComparison.Cell> cells, long cellsTotal, long figures,
                         Map<String, Long> files, String error, long formatOnly) {
        /**
         * The {@code release_drift} entry of the run manifest: {@code quarter, revision, release,
         * figures, cells_total, files} (file → cells), {@code cells_listed} when not all are
         * listed, and {@code cells} (each {@link ReleaseComparison.Cell#toMap()}); or {@code error}.
         */
        public Map<String, Object> toManifest() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("quarter", release.quarter().toString());
            m.put("revision", release.revision());
            m.put("release", release.dir());
            if (error != null) {
                m.put("error", error);
                return m;
            }
            m.put("figures", figures);
            m.put("cells_total", cellsTotal);
            m.put("files", files);
            if (formatOnly > 0) m.put("cells_formatting_only", formatOnly);
            if (cellsTotal > cells.size()) m.put("cells_listed", cells.size());
            m.put("cells", cells.stream().map(ReleaseComparison.Cell::toMap).toList());
            return m;
        }

        /** The line the nightly prints for this release. */
        public String summary(String manifestPath) {
            String head = "published " + release.label() + ": ";
            if (error != null) return head + "not checked: " + error;
            String format = formatOnly == 0 ? "" : " (" + formatOnly + " cells differ in formatting only: the release "
                    + "predates the published precision, docs/benchmarks.md \"Release files\")";
            if (cellsTotal == 0) return head + "checked against this run's tables; no published figure would change" + format;
            return head + figures + " figures would change (" + cellsTotal + " cells in " + files.size() + " files)" + format
                    + "; see " + manifestPath + " release_drift; publish --revise to issue a revision";
        }
    }

    /**
     * Counts the differing cells as they stream by and keeps the first {@link #MAX_LISTED_CELLS}:
     * a quarter's rebuild can change a peer value shown in every row of a role (hundreds of
     * thousands of anchors), which is counted but not held. Distinct figures are counted by a
     * 64-bit hash of each figure's identity.
     */
    static final class Tally implements Consumer<ReleaseComparison.Cell> {
        final List<ReleaseComparison.Cell> listed = new ArrayList<>();
        final Map<String, Long> files = new TreeMap<>();
        final Set<Long> figures = new HashSet<>();
        long total;
        long formatOnly;

        @Override
        public void accept(ReleaseComparison.Cell c) {
            if (!c.isValueChange()) {
                formatOnly++;
                return;
            }
            if (listed.size() < MAX_LISTED_CELLS) listed.add(c);
            total++;
            files.merge(c.file(), 1L, Long::sum);
            figures.add(hash(c.figure()));
        }

        Result result(Release r) {
            return new Result(r, List.copyOf(listed), total, figures.size(), java.util.Collections.unmodifiableMap(files), null,
                    formatOnly);
        }

        /** FNV-1a, 64 bits, over the strings with a separator. */
        static long hash(List<String> parts) {
            long h = 0xcbf29ce484222325L;
            for (String p : parts) {
                for (int i = 0; i < p.length(); i++) {
                    h ^= p.charAt(i);
                    h *= 0x100000001b3L;
                }
                h ^= 0xffff;
                h *= 0x100000001b3L;
            }
            return h;
        }
    }

    private final SparkSession spark;
    private final Warehouse wh;

    public ReleaseDrift(SparkSession spark, Warehouse wh) {
        this.spark = spark;
        this.wh = wh;
    }

    /**
     * The published releases, latest revision per quarter, by quarter. Reads the file system only.
     *
     * @param problems receives one line per release folder whose manifest cannot be read
     * @return the releases; empty when there is no releases folder
     */
    public List<Release> releases(List<String> problems) {
        Map<Quarter, Release> latest = new TreeMap<>(Comparator.comparing(Quarter::toString));
        Path root = new Path(wh.root() + "/releases");
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(root)) return List.of();
            for (FileStatus st : fs.listStatus(root)) {
                Path manifest = new Path(st.getPath(), "manifest.json");
                if (!st.isDirectory() || !fs.exists(manifest)) continue; // not a release, or an incomplete one
                try (var in = fs.open(manifest)) {
                    JsonNode m = PublishJob.JSON.readTree(in);
                    Quarter q = Quarter.parse(m.path("quarter").asText());
                    int rev = m.path("revision").asInt(1);
                    Release r = new Release(q, rev, st.getPath().toString());
                    latest.merge(q, r, (a, b) -> a.revision() >= b.revision() ? a : b);
                } catch (IOException | IllegalArgumentException e) {
                    problems.add("release folder " + st.getPath() + " not checked: its manifest.json is unreadable ("
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
                }
            }
        } catch (IOException e) {
            problems.add("releases not checked: cannot list " + root + ": " + e.getMessage());
        }
        return List.copyOf(latest.values());
    }

    /**
     * The releases a batch touched: those whose quarter has a Beijing month the batch recomputed,
     * and, when the batch changed a register, also the most recent quarter's release.
     *
     * <p>Why only the most recent one on a register change (configuration of ours): registers
     * change nearly every night, and rechecking every quarter ever published each time would cost
     * one quarter recomputation per release per night, growing with the history, against the
     * issue-6 rule that a night's cost grows with its new data. Older releases are still checked
     * whenever a late or corrected fact touches their months, and on demand with
     * {@code livegov publish --quarter Q --verify}.
     *
     * @param months    Beijing months {@code yyyy-MM} the batch touched
     * @param registers the batch changed a register the quarterly definitions read (anchors,
     *                  merchants, contracts); they read it as it stood on the quarter's last day
     *                  ({@link org.livegov.metrics.conform.RegisterHistory#asOf}), so a change dated
     *                  after the quarter shows no drift, while one dated inside it (landed late) does
     */
    public static List<Release> touched(List<Release> releases, Collection<String> months, boolean registers) {
        Quarter latest = releases.stream().map(Release::quarter)
                .max(java.util.Comparator.comparingInt((Quarter q) -> q.year() * 4 + q.quarter())).orElse(null);
        return releases.stream().filter(r -> r.quarter().months().stream().anyMatch(months::contains)
                || registers && r.quarter().equals(latest)).toList();
    }

    /**
     * Recomputes a release's quarter from the current tables and compares it with the published files.
     *
     * @return the differing cells, or an error (never thrown: the nightly's own work is not at stake)
     */
    public Result check(Release r) {
        PublishJob job = new PublishJob(spark, wh, new PrintStream(OutputStream.nullOutputStream()));
        try {
            JsonNode manifest = job.manifest(r.dir());
            LiveGovConfig conf = job.releaseConfig(r.dir(), manifest, "release drift");
            Map<String, byte[]> published = job.releasedFigures(r.dir(), manifest);
            PublishJob.Computed now = job.compute(conf, Snapshot.current(spark, wh), r.quarter(), false);
            Tally tally = new Tally();
            ReleaseComparison.compare(published, now.files(), tally);
            return tally.result(r);
        } catch (RuntimeException e) { // UserError, or Spark's unchecked exceptions
            String msg = e instanceof UserError ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            return new Result(r, List.of(), 0, 0, Map.of(), String.valueOf(msg).lines().findFirst().orElse(""), 0);
        }
    }

    /** For callers that collect several results. */
    public static List<Map<String, Object>> manifestEntries(List<Result> results) {
        List<Map<String, Object>> out = new ArrayList<>();
        results.forEach(x -> out.add(x.toManifest()));
        return out;
    }
}
