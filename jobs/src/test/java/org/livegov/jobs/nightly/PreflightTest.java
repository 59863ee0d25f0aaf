package org.livegov.jobs.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.Fixtures;
import org.livegov.jobs.SparkTestBase;
import org.livegov.jobs.UserError;

/**
 * Every check that can refuse a night runs before its first write (issue 14). The e2e fixture with
 * one more complaint, received on 2011-06-01 (Beijing) and valid in every other way: the shipped
 * holiday calendar holds the years 2012 to 2026, so the working days of its acceptance period cannot
 * be counted. Before the preflight this stopped the night in the gold step, after bronze and silver
 * were written; now the night stops after the landing scan, with nothing written but the lock, which
 * it releases: no Delta table, no run row, no staging copy of the raw landed text, and (the warehouse
 * being new) no warehouse folder either.
 */
class PreflightTest extends SparkTestBase {
    @TempDir
    Path tmp;

    @Test
    void aComplaintFromAYearWithoutHolidayScheduleStopsTheNightBeforeAnyWrite() throws IOException {
        Path landing = tmp.resolve("landing");
        Fixtures.copyTree(Fixtures.E2E, landing);
        Files.writeString(landing.resolve("complaints/complaints.jsonl"),
                "{\"complaint_id\": \"C2011\", \"platform_id\": \"DY\", \"merchant_id\": \"S1\", \"kind\": \"commodity\", "
                        + "\"received_at\": \"2011-06-01T10:00:00+08:00\", \"accepted_at\": \"2011-06-03T10:00:00+08:00\"}\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Path wh = tmp.resolve("warehouse");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NightlyJob job = new NightlyJob(spark, Fixtures.shippedConf(), Fixtures.KEY, new PrintStream(out, true, StandardCharsets.UTF_8));

        UserError e = assertThrows(UserError.class,
                () -> job.run(new NightlyJob.Params(wh.toString(), landing.toString(), Fixtures.E2E_NIGHT, "test")));

        // the file as --conf gave it: the shipped configuration is read from ../conf
        assertEquals("../conf/calendar/cn-holidays.yaml has no year 2011, needed for the working-day figures of complaints; "
                + "add the State Council schedule for 2011", e.getMessage());
        // nothing left: no Delta table, no run row, no lock (released), no staging copy of the raw landed
        // text, and no empty _control or _staging folder: the new warehouse's folder is gone again
        assertFalse(Files.exists(wh), () -> {
            try (Stream<Path> s = Files.walk(wh)) {
                return "left in the warehouse: " + s.map(p -> wh.relativize(p).toString()).toList();
            } catch (IOException io) {
                return io.toString();
            }
        });
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("[bronze]"), out.toString(StandardCharsets.UTF_8));
        assertTrue(Files.isDirectory(landing.resolve("complaints")), "the landing folder is left as it was");
    }
}
