package org.livegov.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.UserError;
import org.livegov.metrics.time.WorkingDayCalendar;

class CalendarConfigTest {
    @TempDir
    Path conf;

    @Test
    void loadsTheRepositoryCalendar() {
        WorkingDayCalendar cal = CalendarConfig.load(Path.of("..", "conf"));
        assertTrue(cal.years().containsAll(IntStream.rangeClosed(2019, 2026).boxed().toList()), cal.years().toString());
        assertTrue(cal.isWorkingDay(LocalDate.of(2024, 2, 4)), "Sunday, Spring Festival make-up");
        assertFalse(cal.isWorkingDay(LocalDate.of(2024, 2, 16)), "Friday inside the Spring Festival holiday");
        assertFalse(cal.isWorkingDay(LocalDate.of(2020, 1, 31)), "Friday of the 2020 Spring Festival extension");
        assertFalse(cal.isWorkingDay(LocalDate.of(2020, 2, 1)), "Saturday, make-up day cancelled by the extension");
        // Received Thu 2024-02-08: Fri 02-09 = 1, 02-10..17 off, Sun 02-18 = 2, Mon 02-19 .. Fri 02-23 = 3..7.
        assertEquals(LocalDate.of(2024, 2, 23), cal.addWorkingDays(LocalDate.of(2024, 2, 8), 7));

        // Working days per year = weekdays - statutory holidays (11 a year, 13 from 2025), since every
        // statutory day on a weekend is given back on a weekday and each bridge day is made up on a
        // weekend. 2020: 262 - 11 = 251, less Fri 01-31 added off and the Sat 02-01 make-up cancelled = 249.
        Map<Integer, Integer> expected = Map.of(2019, 261 - 11, 2020, 262 - 11 - 2, 2021, 261 - 11,
                2022, 260 - 11, 2023, 260 - 11, 2024, 262 - 11, 2025, 261 - 13, 2026, 261 - 13);
        // 2019-01-01 is a holiday, so (01-01, 12-31] holds all of 2019's working days.
        assertEquals(expected.get(2019), cal.workingDaysBetween(LocalDate.of(2019, 1, 1), LocalDate.of(2019, 12, 31)));
        for (int y = 2020; y <= 2026; y++) {
            assertEquals(expected.get(y), cal.workingDaysBetween(LocalDate.of(y - 1, 12, 31), LocalDate.of(y, 12, 31)), "year " + y);
        }
    }

    @Test
    void badFilesNameTheKey() throws IOException {
        assertError("missing", null);
        assertError("not valid YAML", "years: [unclosed\n");
        assertError("years: missing or not a mapping", "source: x\n");
        assertError("years.2024.workdays: missing or not a list", "years:\n  2024:\n    holidays: []\n");
        assertError("years.2024.holidays[0]: date '2024-02-30' is not a yyyy-MM-dd date",
                "years:\n  2024:\n    holidays: [{date: 2024-02-30}]\n    workdays: []\n");
        // 2024-02-07 is a Wednesday.
        assertError("years.2024.workdays[1]: 2024-02-07 is a Wednesday; a make-up workday must be a Saturday or Sunday",
                "years:\n  2024:\n    holidays: []\n    workdays:\n      - {date: 2024-02-04}\n      - {date: 2024-02-07}\n");
        assertError("years: calendar years must be consecutive: 2020 is missing",
                "years:\n  2019: {holidays: [], workdays: []}\n  2021: {holidays: [], workdays: []}\n");
    }

    private void assertError(String expected, String yaml) throws IOException {
        Path file = conf.resolve("calendar").resolve("cn-holidays.yaml");
        Files.deleteIfExists(file);
        if (yaml != null) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, yaml);
        }
        String message = assertThrows(UserError.class, () -> CalendarConfig.load(conf)).getMessage();
        assertTrue(message.startsWith(file + ": ") && message.contains(expected), message);
        assertFalse(message.contains("\n"), message);
    }
}
