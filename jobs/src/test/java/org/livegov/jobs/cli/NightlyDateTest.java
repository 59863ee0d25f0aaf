package org.livegov.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** {@code nightly} without {@code --date} says which day it took, before anything else happens. */
class NightlyDateTest {
    @Test
    void theDefaultDayIsTodayInBeijingAndIsPrinted() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        LocalDate before = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        LocalDate d = NightlyCommand.today(new PrintStream(buf, true, StandardCharsets.UTF_8));
        LocalDate after = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        // the test may straddle Beijing midnight: the day is one of the two read around it
        assertEquals(true, d.equals(before) || d.equals(after), d.toString());
        // e.g. 2026-12-07: "... today in Beijing, 2026-12-07 (data cut-off 2026-12-08 00:00 Beijing time)"
        assertEquals("no --date given: running for today in Beijing, " + d + " (data cut-off " + d.plusDays(1)
                + " 00:00 Beijing time)\n", buf.toString(StandardCharsets.UTF_8));
    }
}
