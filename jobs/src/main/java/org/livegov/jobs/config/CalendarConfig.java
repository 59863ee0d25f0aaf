package org.livegov.jobs.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.livegov.jobs.UserError;
import org.livegov.metrics.time.WorkingDayCalendar;
import org.livegov.metrics.time.WorkingDayCalendar.YearSchedule;

/**
 * Loads the State Council holiday schedule, {@code <conf>/calendar/cn-holidays.yaml}, into a
 * {@link WorkingDayCalendar}. Shape:
 * <pre>
 * years:
 *   2024:
 *     holidays: [{date: 2024-01-01, name: New Year's Day, name_zh: 元旦}, ...]
 *     workdays: [{date: 2024-02-04, name: Spring Festival make-up, name_zh: 春节调休}, ...]
 * </pre>
 * Both lists are required per year ({@code []} when empty); only {@code date} ({@code yyyy-MM-dd})
 * is read, the names are for readers.
 */
public final class CalendarConfig {
    private CalendarConfig() {
    }

    /**
     * The one check that the holiday schedule covers the years a computation needs (nightly: the run
     * date's year and the Beijing years of the complaints it will count; publish: the quarter's year).
     * Working days cannot be counted in a year without its State Council schedule, and a guess would
     * move every complaint-timeliness figure of that year.
     *
     * @param conf       the loaded configuration: its schedule, and the schedule's file for the message
     * @param years      years the computation needs
     * @param neededFor  what needs them, for the message (e.g. "the working-day figures of complaints")
     * @throws UserError naming the file as given by {@code --conf} and the first missing year:
     *                   "conf/calendar/cn-holidays.yaml has no year Y, needed for …; add the State Council
     *                   schedule for Y"
     */
    public static void requireYears(LiveGovConfig conf, java.util.Collection<Integer> years, String neededFor) {
        for (int y : new java.util.TreeSet<>(years)) {
            if (!conf.calendar().years().contains(y)) {
                throw new UserError(conf.calendarFile() + " has no year " + y + ", needed for " + neededFor
                        + "; add the State Council schedule for " + y);
            }
        }
    }

    /**
     * @param confDir the configuration folder ({@code conf/})
     * @return the calendar of every year in the file
     * @throws UserError when the file is missing, is not YAML, lacks a key, holds a bad date, or
     *     breaks a calendar rule; the one-line message names the file, the key (e.g.
     *     {@code years.2024.workdays[1]}) and the reason
     */
    public static WorkingDayCalendar load(Path confDir) {
        Path file = confDir.resolve("calendar").resolve("cn-holidays.yaml");
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": missing (the State Council holiday schedule)");
        }
        JsonNode years;
        try {
            years = new YAMLMapper().readTree(file.toFile()).path("years");
        } catch (JsonProcessingException e) {
            throw ConfigLoader.notValidYaml(file, e);
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + e.getMessage(), e);
        }
        if (!years.isObject()) {
            throw error(file, "years", "missing or not a mapping of year to schedule");
        }
        Map<Integer, YearSchedule> schedules = new TreeMap<>();
        Map<LocalDate, String> keyOf = new HashMap<>();
        for (Map.Entry<String, JsonNode> y : years.properties()) {
            String key = "years." + y.getKey();
            if (!y.getKey().matches("\\d{4}")) {
                throw error(file, key, "not a year");
            }
            schedules.put(Integer.valueOf(y.getKey()), new YearSchedule(
                    dates(file, y.getValue(), key, "holidays", keyOf),
                    dates(file, y.getValue(), key, "workdays", keyOf)));
        }
        try {
            return new WorkingDayCalendar(schedules);
        } catch (WorkingDayCalendar.InvalidDayException e) {
            throw error(file, keyOf.get(e.day()), e.getMessage());
        } catch (IllegalArgumentException e) {
            throw error(file, "years", e.getMessage());
        }
    }

    /** The dates of one list; records each date's key (the last one wins, i.e. workdays over holidays). */
    private static Set<LocalDate> dates(Path file, JsonNode year, String yearKey, String name,
                                        Map<LocalDate, String> keyOf) {
        String key = yearKey + "." + name;
        JsonNode list = year.path(name);
        if (!list.isArray()) {
            throw error(file, key, "missing or not a list (write [] when empty)");
        }
        Set<LocalDate> out = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String itemKey = key + "[" + i + "]";
            String text = list.get(i).path("date").asText();
            try {
                LocalDate day = LocalDate.parse(text);
                out.add(day);
                keyOf.put(day, itemKey);
            } catch (DateTimeParseException e) {
                throw error(file, itemKey, "date '" + text + "' is not a yyyy-MM-dd date");
            }
        }
        return out;
    }

    private static UserError error(Path file, String key, String reason) {
        return new UserError(file + ": " + key + ": " + reason);
    }
}
