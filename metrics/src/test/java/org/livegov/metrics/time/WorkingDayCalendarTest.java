package org.livegov.metrics.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WorkingDayCalendarTest {
    private static final WorkingDayCalendar CAL = calendar2024();

    /** The 2024 schedule (State Council notice of October 2023), typed in by hand. */
    static WorkingDayCalendar calendar2024() {
        Set<LocalDate> holidays = new HashSet<>();
        holidays.addAll(days("2024-01-01", "2024-01-01")); // New Year's Day
        holidays.addAll(days("2024-02-10", "2024-02-17")); // Spring Festival
        holidays.addAll(days("2024-04-04", "2024-04-06")); // Qingming
        holidays.addAll(days("2024-05-01", "2024-05-05")); // Labour Day
        holidays.addAll(days("2024-06-10", "2024-06-10")); // Dragon Boat
        holidays.addAll(days("2024-09-15", "2024-09-17")); // Mid-Autumn
        holidays.addAll(days("2024-10-01", "2024-10-07")); // National Day
        Set<LocalDate> makeUp = Stream.of("2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28",
                "2024-05-11", "2024-09-14", "2024-09-29", "2024-10-12").map(LocalDate::parse).collect(Collectors.toSet());
        return new WorkingDayCalendar(Map.of(2024, new WorkingDayCalendar.YearSchedule(holidays, makeUp)));
    }

    private static Set<LocalDate> days(String first, String last) {
        return LocalDate.parse(first).datesUntil(LocalDate.parse(last).plusDays(1)).collect(Collectors.toSet());
    }

    private static LocalDate d(String day) {
        return LocalDate.parse(day);
    }

    @Test
    void holidaysWeekendsAndMakeUpDays() {
        assertFalse(CAL.isWorkingDay(d("2024-02-12")), "Monday inside the Spring Festival holiday");
        assertFalse(CAL.isWorkingDay(d("2024-02-24")), "ordinary Saturday");
        assertTrue(CAL.isWorkingDay(d("2024-05-11")), "Saturday, Labour Day make-up");
        assertTrue(CAL.isWorkingDay(d("2024-02-18")), "Sunday, Spring Festival make-up");
        assertTrue(CAL.isWorkingDay(d("2024-02-09")), "Friday, New Year's Eve: not a holiday in 2024");
    }

    @Test
    void sevenWorkingDaysAcrossTheSpringFestival() {
        // Received Thu 2024-02-08 (not counted). Fri 02-09 = 1; 02-10..02-17 off; Sun 02-18 make-up = 2;
        // Mon 02-19 = 3, Tue 02-20 = 4, Wed 02-21 = 5, Thu 02-22 = 6, Fri 02-23 = 7.
        assertEquals(d("2024-02-23"), CAL.addWorkingDays(d("2024-02-08"), 7));
        assertEquals(7, CAL.workingDaysBetween(d("2024-02-08"), d("2024-02-23")));
        assertEquals(6, CAL.workingDaysBetween(d("2024-02-08"), d("2024-02-22")));
        // Received on a holiday, Mon 02-12: 02-18 = 1, 02-19..02-23 = 2..6, Sat/Sun 02-24/25 off, Mon 02-26 = 7.
        assertEquals(d("2024-02-26"), CAL.addWorkingDays(d("2024-02-12"), 7));
        // (Fri 02-02, Mon 02-05]: Sat 02-03 off, Sun 02-04 make-up = 1, Mon 02-05 = 2.
        assertEquals(2, CAL.workingDaysBetween(d("2024-02-02"), d("2024-02-05")));
        assertEquals(d("2024-02-08"), CAL.addWorkingDays(d("2024-02-08"), 0));
        assertEquals(0, CAL.workingDaysBetween(d("2024-02-08"), d("2024-02-08")));
        assertEquals(0, CAL.workingDaysBetween(d("2024-02-23"), d("2024-02-08")));
    }

    @Test
    void wholeYear() {
        // 2024 has 366 days from Monday: 52 weeks (260 weekdays) + Mon 12-30 and Tue 12-31 = 262 weekdays.
        // Weekday holidays: 01-01 (1) + 02-12..16 (5) + 04-04,05 (2) + 05-01..03 (3) + 06-10 (1)
        // + 09-16,17 (2) + 10-01..04,07 (5) = 19. Make-up days: 8. 262 - 19 + 8 = 251;
        // 01-01 is a holiday, so (01-01, 12-31] holds all 251.
        assertEquals(251, CAL.workingDaysBetween(d("2024-01-01"), d("2024-12-31")));
        assertEquals(Set.of(2024), CAL.years());
        assertEquals(d("2024-01-01"), CAL.firstDay());
        assertEquals(d("2024-12-31"), CAL.lastDay());
    }

    @Test
    void uncoveredYearIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CAL.isWorkingDay(d("2030-01-02")));
        assertEquals("calendar has no year 2030 (conf/calendar/cn-holidays.yaml)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CAL.workingDaysBetween(d("2023-12-29"), d("2024-01-05")));
        // From Mon 2024-12-30: Tue 12-31 = 1, the 2nd would be in 2025.
        e = assertThrows(IllegalArgumentException.class, () -> CAL.addWorkingDays(d("2024-12-30"), 2));
        assertTrue(e.getMessage().contains("no year 2025"), e.getMessage());
    }

    @Test
    void constructionRejectsInvalidDays() {
        var e = assertThrows(WorkingDayCalendar.InvalidDayException.class, () -> new WorkingDayCalendar(Map.of(
                2024, new WorkingDayCalendar.YearSchedule(Set.of(), Set.of(d("2024-02-07"))))));
        assertEquals(d("2024-02-07"), e.day());
        assertEquals("2024-02-07 is a Wednesday; a make-up workday must be a Saturday or Sunday", e.getMessage());

        e = assertThrows(WorkingDayCalendar.InvalidDayException.class, () -> new WorkingDayCalendar(Map.of(
                2024, new WorkingDayCalendar.YearSchedule(Set.of(d("2024-02-18")), Set.of(d("2024-02-18"))))));
        assertTrue(e.getMessage().contains("both"), e.getMessage());

        e = assertThrows(WorkingDayCalendar.InvalidDayException.class, () -> new WorkingDayCalendar(Map.of(
                2023, new WorkingDayCalendar.YearSchedule(Set.of(d("2022-12-31")), Set.of()))));
        assertEquals(d("2022-12-31"), e.day());

        var gap = Map.of(2019, new WorkingDayCalendar.YearSchedule(Set.of(), Set.of()),
                2021, new WorkingDayCalendar.YearSchedule(Set.of(), Set.of()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new WorkingDayCalendar(gap))
                .getMessage().contains("2020 is missing"));
    }
}
