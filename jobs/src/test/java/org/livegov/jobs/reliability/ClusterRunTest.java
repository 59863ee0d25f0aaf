package org.livegov.jobs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.Fixtures;
import org.livegov.jobs.SparkTestBase;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.publish.PublishJob;
import org.livegov.metrics.bench.Quarter;

/**
 * The shaded jar on a real cluster (issue 16): {@code bin/livegov-cluster up} starts Spark's standalone
 * Master and two Workers (separate JVMs, 1 core and 1 GiB each) and an HDFS NameNode and DataNode;
 * the e2e fixture is copied into HDFS with Hadoop's FsShell; {@code nightly --date 2026-06-30} and
 * {@code publish --quarter 2026Q2} run through {@code org.apache.spark.deploy.SparkSubmit --master
 * spark://… --deploy-mode client} against {@code hdfs://} landing and warehouse. The same fixture runs
 * in local mode in this JVM (the shared night of {@link Fixtures#e2eNight}, then PublishJob; the shipped configuration, the
 * same key). Then:
 *
 * <ul>
 *   <li>every gold table holds the same rows in both warehouses (row checksums, {@link Tables}, without
 *       the lineage columns that name the run: run_id, batch_id and event_id, which hashes the batch id);
 *   <li>the release folders hold the same files, byte for byte, except {@code manifest.json}, compared
 *       without {@code published_at}, {@code warehouse} and {@code code_version} (they name the run: when,
 *       where, from a jar or from classes) and the workbook's checksum; and the XLSX workbook, compared
 *       entry by entry without its creation time (a zip's entry times are the time of writing);
 *   <li>tasks of the nightly ran on executors of BOTH workers (the Spark event log: each executor's log
 *       URL names its worker's UI port, each task end names its executor).
 * </ul>
 *
 * <p>The shaded jar is built by Maven's package phase, after the test phase: when it is missing or
 * older than the compiled classes, this test builds it first with {@code mvnw -DskipTests package}
 * (offline when the repository already has everything). The cluster is always stopped in
 * {@link #stopCluster()} (JUnit runs it also when the set-up fails), by the pids the script recorded.
 */
@Tag("slow")
class ClusterRunTest extends SparkTestBase {
    static final String KEY = Fixtures.KEY_TEXT;
    static final LocalDate RUN_DATE = Fixtures.E2E_NIGHT;
    static final Quarter Q2 = Quarter.parse("2026Q2");
    /** Ports base for the test's cluster: master 17300, UIs 17301-17303, HDFS 17310-17314. */
    static final int PORT_BASE = 17300;
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path STATE = Path.of("target", "cluster-test").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static String hdfs;
    static Warehouse clusterWh;
    static Warehouse localWh;
    static Path clusterRelease;
    static Path localRelease;
    static Path events;

    @BeforeAll
    static void runOnClusterAndLocally() throws Exception {
        buildShadedJarIfStale();
        // a cluster left by an interrupted earlier run is stopped by its recorded pids before its state goes
        if (Files.isDirectory(STATE.resolve("pids"))) {
            script(Duration.SHORT, "down");
        }
        for (String d : List.of("hdfs", "events", "hadoop-conf", "logs", "worker1", "worker2")) {
            deleteTree(STATE.resolve(d)); // the resolved classpaths (classpath/) are kept
        }
        Files.createDirectories(STATE);
        String up = script(Duration.UP, "up");
        hdfs = value(up, "HDFS_URI");
        assertTrue(hdfs.startsWith("hdfs://127.0.0.1:"), up);

        Path fixture = Fixtures.E2E.toAbsolutePath();
        script(Duration.SHORT, "hdfs", "-mkdir", "-p", "/livegov/landing");
        List<String> put = new ArrayList<>(List.of("hdfs", "-put"));
        try (Stream<Path> s = Files.list(fixture)) {
            s.sorted().forEach(p -> put.add(p.toString()));
        }
        put.add("/livegov/landing/");
        script(Duration.SHORT, put.toArray(String[]::new));

        events = STATE.resolve("events");
        Files.createDirectories(events);
        String warehouse = hdfs + "/livegov/warehouse";
        String conf = ROOT.resolve("conf").toString();
        script(Duration.JOB, "submit", "nightly", "--date", RUN_DATE.toString(), "--warehouse", warehouse,
                "--landing", hdfs + "/livegov/landing", "--conf", conf);
        script(Duration.JOB, "submit", "publish", "--quarter", Q2.toString(), "--warehouse", warehouse, "--conf", conf);
        clusterWh = new Warehouse(warehouse);
        clusterRelease = tmp.resolve("cluster-release");
        copyToLocal(clusterWh.root() + "/releases/2026Q2", clusterRelease);

        // the same input in local mode, in this JVM: the JVM's shared e2e night (same fixture, run date,
        // shipped configuration and key), published on a copy of its own
        localWh = Fixtures.e2eNight(spark).copyTo(tmp.resolve("local")).warehouse();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        localRelease = Path.of(new PublishJob(spark, localWh, quiet).publish(ROOT.resolve("conf"), Q2, null, false).dir());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        script(Duration.SHORT, "down");
        for (String d : List.of("namenode", "datanode", "master", "worker1", "worker2")) {
            assertTrue(!Files.exists(STATE.resolve("pids").resolve(d + ".pid")), d + " pid file left");
        }
    }

    @Test
    void goldTablesEqualLocalMode() {
        Map<String, String> local = Tables.goldChecksumsWithoutLineage(localWh);
        Map<String, String> cluster = Tables.goldChecksumsWithoutLineage(clusterWh);
        assertEquals(local, cluster);
        // not a comparison of two empty warehouses: the fixture's quarter has platform scores (DY and KS)
        assertEquals(2, delta(clusterWh.gold("benchmark_scores")).where("quarter = '2026Q2' AND role = 'platform'").count());
    }

    @Test
    void releaseFilesEqualLocalModeApartFromTheRunFields() throws IOException {
        Set<String> local = files(localRelease);
        Set<String> cluster = files(clusterRelease);
        assertEquals(local, cluster);
        assertTrue(local.contains("platform_indicators.csv") && local.contains("manifest.json"), local.toString());
        List<String> differing = new ArrayList<>();
        for (String f : local) {
            byte[] a = Files.readAllBytes(localRelease.resolve(f));
            byte[] b = Files.readAllBytes(clusterRelease.resolve(f));
            boolean same;
            if (f.equals("manifest.json")) {
                same = withoutRunFields(a).equals(withoutRunFields(b));
            } else if (f.endsWith(".xlsx")) {
                same = zipEntries(a).equals(zipEntries(b));
            } else {
                same = java.util.Arrays.equals(a, b);
            }
            if (!same) {
                differing.add(f.equals("manifest.json") ? f + ": local " + withoutRunFields(a) + " cluster " + withoutRunFields(b) : f);
            }
        }
        assertEquals(List.of(), differing, "release files that differ between local mode and the cluster");
    }

    @Test
    void executorsOnBothWorkersRanTasks() throws IOException {
        // worker UI ports: base + 2 and base + 3 (bin/livegov-cluster)
        Map<String, Integer> tasksPerWorkerPort = new TreeMap<>();
        List<Path> logs;
        try (Stream<Path> s = Files.list(events)) {
            logs = s.sorted().toList();
        }
        assertEquals(2, logs.size(), "one event log per submitted application: " + logs);
        Map<String, String> portOfExecutor = new HashMap<>();
        for (String line : eventLines(logs.get(0))) { // the nightly's (application ids grow in time)
            JsonNode e = JSON.readTree(line);
            String ev = e.path("Event").asText();
            if (ev.equals("SparkListenerExecutorAdded")) {
                String url = e.path("Executor Info").path("Log Urls").path("stderr").asText();
                portOfExecutor.put(e.path("Executor ID").asText(), url.replaceAll("^http://[^:]+:(\\d+)/.*$", "$1"));
            } else if (ev.equals("SparkListenerTaskEnd")) {
                String port = portOfExecutor.get(e.path("Task Info").path("Executor ID").asText());
                tasksPerWorkerPort.merge(String.valueOf(port), 1, Integer::sum);
            }
        }
        assertEquals(Set.of(String.valueOf(PORT_BASE + 2), String.valueOf(PORT_BASE + 3)), tasksPerWorkerPort.keySet(),
                "tasks per worker UI port " + tasksPerWorkerPort + ", executors " + portOfExecutor);
        tasksPerWorkerPort.values().forEach(n -> assertTrue(n > 0));
    }

    // ---- helpers

    /**
     * The events of one application: a single file, or (Spark 4's rolling event log, the default) a
     * folder {@code eventlog_v2_<app>} of {@code events_<n>_<app>} files read in order of n.
     */
    static List<String> eventLines(Path log) throws IOException {
        if (!Files.isDirectory(log)) {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        }
        List<Path> parts;
        try (Stream<Path> s = Files.list(log)) {
            parts = s.filter(p -> p.getFileName().toString().startsWith("events_"))
                    .sorted(java.util.Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().split("_")[1])))
                    .toList();
        }
        List<String> out = new ArrayList<>();
        for (Path p : parts) {
            out.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
        }
        return out;
    }

    enum Duration {
        SHORT(3), UP(6), JOB(20);
        final int minutes;

        Duration(int minutes) {
            this.minutes = minutes;
        }
    }

    /** Runs bin/livegov-cluster with the test's state folder and ports; returns its standard output. */
    static String script(Duration limit, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("bin/livegov-cluster").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
        pb.environment().put("LIVEGOV_CLUSTER_DIR", STATE.toString());
        pb.environment().put("LIVEGOV_CLUSTER_PORT_BASE", String.valueOf(PORT_BASE));
        pb.environment().put("LIVEGOV_PSEUDONYM_KEY", KEY);
        pb.environment().put("LIVEGOV_SUBMIT_OPTS", "--conf spark.eventLog.enabled=true --conf spark.eventLog.compress=false "
                + "--conf spark.eventLog.dir=file://" + STATE.resolve("events"));
        Path out = Files.createTempFile(tmp, "cluster-", ".out");
        Path err = Files.createTempFile(tmp, "cluster-", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(limit.minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("bin/livegov-cluster " + String.join(" ", args) + " took over " + limit.minutes + " min; "
                    + tail(err));
        }
        String stdout = Files.readString(out);
        if (p.exitValue() != 0) {
            throw new AssertionError("bin/livegov-cluster " + String.join(" ", args) + " exited " + p.exitValue() + "\n"
                    + stdout + "\n" + tail(err));
        }
        return stdout;
    }

    static String tail(Path f) throws IOException {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    static String value(String output, String name) {
        return output.lines().filter(l -> l.startsWith(name + "=")).map(l -> l.substring(name.length() + 1)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not printed: " + output));
    }

    /** Builds jobs/target/livegov-jobs-*.jar with Maven when it is missing or older than the compiled classes. */
    static void buildShadedJarIfStale() throws IOException, InterruptedException {
        Path jar = ROOT.resolve("jobs/target/livegov-jobs-0.1.0-SNAPSHOT.jar");
        long newest = 0;
        for (Path classes : List.of(ROOT.resolve("jobs/target/classes"), ROOT.resolve("metrics/target/classes"))) {
            try (Stream<Path> s = Files.walk(classes)) {
                newest = Math.max(newest, s.mapToLong(p -> p.toFile().lastModified()).max().orElse(0));
            }
        }
        if (Files.exists(jar) && jar.toFile().lastModified() >= newest) {
            return;
        }
        for (boolean offline : new boolean[] {true, false}) {
            List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-B", "-ntp", "-q"));
            if (offline) {
                cmd.add("-o");
            }
            cmd.addAll(List.of("-pl", "metrics,jobs", "-DskipTests", "package"));
            Path log = Files.createTempFile("livegov-package-", ".log");
            Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (p.waitFor(10, TimeUnit.MINUTES) && p.exitValue() == 0 && Files.exists(jar)) {
                return;
            }
            if (!offline) {
                throw new AssertionError("could not build the shaded jar: " + tail(log));
            }
        }
    }

    static void copyToLocal(String dir, Path to) throws IOException {
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir);
        FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
        fs.copyToLocalFile(false, root, new org.apache.hadoop.fs.Path(to.toUri()), true);
    }

    static Set<String> files(Path dir) throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> out.add(dir.relativize(p).toString()));
        }
        return out;
    }

    /**
     * The manifest without the fields that name the run: when, which warehouse, jar or classes; and
     * without the workbook's SHA-256, which hashes its creation time (the workbook itself is compared
     * entry by entry, {@link #zipEntries}). The second cluster run differed only there.
     */
    static String withoutRunFields(byte[] manifest) throws IOException {
        ObjectNode m = (ObjectNode) JSON.readTree(manifest);
        m.remove(List.of("published_at", "warehouse", "code_version"));
        ObjectNode files = (ObjectNode) m.path("files");
        List<String> workbooks = new ArrayList<>();
        files.fieldNames().forEachRemaining(f -> {
            if (f.endsWith(".xlsx")) workbooks.add(f);
        });
        files.remove(workbooks);
        return m.toPrettyString();
    }

    /**
     * Zip entry name → content, without the times that name the run: the entries' own times and the
     * workbook's creation time ({@code dcterms:created} in {@code docProps/core.xml}, written by POI
     * at publish time; the first cluster run differed from local mode only there).
     */
    static Map<String, String> zipEntries(byte[] zip) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                String text = new String(z.readAllBytes(), StandardCharsets.ISO_8859_1);
                if (e.getName().equals("docProps/core.xml")) {
                    text = text.replaceAll("<dcterms:created[^>]*>[^<]*</dcterms:created>", "<dcterms:created/>");
                }
                out.put(e.getName(), text);
            }
        }
        return out;
    }


    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
