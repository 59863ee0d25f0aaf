package org.livegov.jobs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.config.ConfigLoader;
import org.livegov.jobs.config.LiveGovConfig;
import org.livegov.jobs.nightly.NightlyJob;
import org.livegov.jobs.nightly.RunManifest;
import org.livegov.metrics.ids.Pseudonymiser;

/**
 * Test fixtures: folder copies, and the e2e fixture's first night built once per test JVM.
 *
 * <p>The shared night ({@link #e2eNight}) is what about ten classes start from: the hand-made
 * {@code src/test/resources/fixtures/e2e} landed and run by {@code NightlyJob} for 2026-06-30
 * (Beijing) with the shipped {@code conf/} and the key {@link #KEY_TEXT}. It is built by the first
 * class that asks (as Iceberg's {@code TestBase} shares its catalog), in a folder deleted when the
 * JVM exits, and is <b>read-only</b>: a class that writes (a second night, a publish, another key)
 * takes its own {@link Night#copyTo copy}, so no class depends on another's order or leftovers.
 */
public final class Fixtures {
    /** The e2e fixture's run date: 2026-06-30, a Tuesday; months 2026-04 to 2026-06 touched. */
    public static final LocalDate E2E_NIGHT = LocalDate.of(2026, 6, 30);
    /** The pseudonymisation key of every in-process test night and of child JVMs (LIVEGOV_PSEUDONYM_KEY). */
    public static final String KEY_TEXT = "reliability-test-key-0123456789";
    public static final Pseudonymiser KEY = new Pseudonymiser(KEY_TEXT.getBytes(StandardCharsets.UTF_8));
    /** The hand-made fixture, relative to the {@code jobs} module (Surefire's working folder). */
    public static final Path E2E = Path.of("src/test/resources/fixtures/e2e");

    private static Night e2e;

    private Fixtures() {
    }

    /**
     * One night's folders and what its run reported.
     *
     * @param landing   the landing folder the night read (a copy of the fixture)
     * @param warehouse the warehouse the night wrote
     * @param manifest  the run's manifest (read it, never change it)
     * @param output    what the run printed
     */
    public record Night(Path landing, Warehouse warehouse, RunManifest manifest, String output) {
        /**
         * Copies landing and warehouse into {@code dir/landing} and {@code dir/warehouse}, keeping
         * modification times (so the landing scanner sees the same files); Delta's log holds paths
         * relative to each table, so the copy is a complete warehouse of its own.
         *
         * @return the same night at its new place
         * @throws UncheckedIOException when the copy fails
         */
        public Night copyTo(Path dir) {
            Path l = dir.resolve("landing");
            Path w = dir.resolve("warehouse");
            copyTree(landing, l);
            copyTree(Path.of(warehouse.root()), w);
            return new Night(l, new Warehouse(w.toString()), manifest, output);
        }
    }

    /**
     * The shared e2e night, run on the first call in this JVM (about a minute), then returned as is.
     *
     * @param spark the tests' shared session
     * @throws UncheckedIOException when its folder cannot be made
     */
    public static synchronized Night e2eNight(SparkSession spark) {
        if (e2e == null) {
            try {
                Path dir = Files.createTempDirectory("livegov-e2e-night");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                Path landing = dir.resolve("landing");
                copyTree(E2E, landing);
                Warehouse wh = new Warehouse(dir.resolve("warehouse").toString());
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                RunManifest m = new NightlyJob(spark, shippedConf(), KEY, new PrintStream(buf, true, StandardCharsets.UTF_8))
                        .run(new NightlyJob.Params(wh.root(), landing.toString(), E2E_NIGHT, "test"));
                e2e = new Night(landing, wh, m, buf.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return e2e;
    }

    /** The shipped configuration ({@code ../conf}). */
    public static LiveGovConfig shippedConf() {
        return ConfigLoader.load(Path.of("..", "conf"));
    }

    /**
     * Copies a folder tree, keeping modification times.
     *
     * @throws UncheckedIOException when a file cannot be read or written
     */
    public static void copyTree(Path from, Path to) {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at JVM exit: the folder is under java.io.tmpdir
        }
    }
}
