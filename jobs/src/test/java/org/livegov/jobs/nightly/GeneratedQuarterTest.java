package org.livegov.jobs.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.SparkTestBase;
import org.livegov.jobs.Warehouse;
import org.livegov.jobs.silver.FeedCounts;
import org.livegov.jobs.config.ConfigLoader;
import org.livegov.jobs.generate.DemoGenerator;
import org.livegov.jobs.generate.GenerationReport;
import org.livegov.jobs.generate.GeneratorSpec;
import org.livegov.metrics.ids.Pseudonymiser;

/**
 * The generated small quarter through the nightly: the generator's report says, per feed, how
 * many distinct records, exact duplicates, corrections and defects (per reason) it planted; the
 * run must account for each of them exactly. Everything lands in one batch, so a correction
 * (a later version of a record) supersedes its first version inside the batch: the first version
 * counts as a duplicate.
 */
@Tag("slow")
class GeneratedQuarterTest extends SparkTestBase {
    @TempDir
    Path tmp;

    @Test
    void runAccountsForEveryPlantedRow() {
        Path landing = tmp.resolve("landing");
        GenerationReport report = DemoGenerator.generate(GeneratorSpec.of(GeneratorSpec.Scale.SMALL, 7), landing);
        RunManifest m = new NightlyJob(spark, ConfigLoader.load(Path.of("..", "conf")),
                new Pseudonymiser("generated-quarter-key-0123".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(new ByteArrayOutputStream()))
                .run(new NightlyJob.Params(new Warehouse(tmp.resolve("wh").toString()).root(), landing.toString(),
                        LocalDate.of(2026, 6, 30), "test"));
        assertEquals(report.feeds().keySet(), m.feeds().keySet());
        report.feeds().forEach((feed, planted) -> {
            FeedCounts got = m.feeds().get(feed);
            assertEquals(planted.rows(), got.rowsIn(), feed + " rows");
            assertEquals(planted.malformedByReason(), got.reasons(), feed + " quarantine reasons");
            assertEquals(planted.records(), got.inserted(), feed + " records");
            assertEquals(planted.duplicates() + planted.corrections(), got.duplicates(), feed + " duplicates");
            assertTrue(got.conserved(), feed);
        });
    }
}
