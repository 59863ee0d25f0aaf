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
        assertTrue(cal.years().containsAll(IntStream.rangeClosed(2012, 2026).boxed().toList()), cal.years().toString());
        assertTrue(cal.isWorkingDay(LocalDate.of(2024, 2, 4)), "Sunday, Spring Festival make-up");
        assertFalse(cal.isWorkingDay(LocalDate.of(2024, 2, 16)), "Friday inside the Spring Festival holiday");
        assertFalse(cal.isWorkingDay(LocalDate.of(2020, 1, 31)), "Friday of the 2020 Spring Festival extension");
        assertFalse(cal.isWorkingDay(LocalDate.of(2020, 2, 1)), "Saturday, make-up day cancelled by the extension");
        assertFalse(cal.isWorkingDay(LocalDate.of(2015, 9, 3)), "Thursday, Victory Day 70th anniversary");
        assertTrue(cal.isWorkingDay(LocalDate.of(2015, 9, 6)), "Sunday, Victory Day 70th anniversary make-up");
        assertTrue(cal.isWorkingDay(LocalDate.of(2018, 12, 29)), "Saturday, 2019 New Year make-up");
        assertFalse(cal.isWorkingDay(LocalDate.of(2018, 12, 31)), "Monday, 2019 New Year bridge day");
        // Received Thu 2024-02-08: Fri 02-09 = 1, 02-10..17 off, Sun 02-18 = 2, Mon 02-19 .. Fri 02-23 = 3..7.
        assertEquals(LocalDate.of(2024, 2, 23), cal.addWorkingDays(LocalDate.of(2024, 2, 8), 7));

        // Working days per year = weekdays - statutory holidays (11 a year, 13 from 2025), since every
        // statutory day on a weekend is given back on a weekday and each bridge day is made up on a
        // weekend. Exceptions:
        // 2012: the New Year bridge Tue 01-03 was made up on Sat 2011-12-31, which is in 2011: 261 - 11 - 1.
        // 2015: one-off Victory Day 70th anniversary, Thu 09-03 off (Fri 09-04 bridged, made up on
        //       Sun 09-06): 261 - 11 - 1.
        // 2020: 262 - 11 = 251, less Fri 01-31 added off and the Sat 02-01 make-up cancelled = 249.
        // Cross-check, weekdays - listed holidays on weekdays + listed make-up days (python3):
        //   2012 261-18+6=249  2013 261-23+12=250  2014 261-16+5=250  2015 261-17+5=249
        //   2016 261-17+6=250  2017 260-16+5=249   2018 261-18+7=250
        Map<Integer, Integer> expected = Map.ofEntries(
                Map.entry(2012, 261 - 11 - 1), Map.entry(2013, 261 - 11), Map.entry(2014, 261 - 11),
                Map.entry(2015, 261 - 11 - 1), Map.entry(2016, 261 - 11), Map.entry(2017, 260 - 11),
                Map.entry(2018, 261 - 11), Map.entry(2019, 261 - 11), Map.entry(2020, 262 - 11 - 2),
                Map.entry(2021, 261 - 11), Map.entry(2022, 260 - 11), Map.entry(2023, 260 - 11),
                Map.entry(2024, 262 - 11), Map.entry(2025, 261 - 13), Map.entry(2026, 261 - 13));
        // 2012-01-01 is a holiday (and a Sunday), so (01-01, 12-31] holds all of 2012's working days.
        assertEquals(expected.get(2012), cal.workingDaysBetween(LocalDate.of(2012, 1, 1), LocalDate.of(2012, 12, 31)));
        for (int y = 2013; y <= 2026; y++) {
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
