package org.livegov.metrics.time;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Working days of mainland China. A day is a working day when it is a Monday to Friday that is not
 * a public holiday, or when it is a make-up working day (调休上班: a Saturday or Sunday declared
 * a working day to bridge a holiday). Days are calendar days in Beijing time.
 *
 * <p>Counting rule: a period of "N working days" starts the day after the triggering day; the day
 * itself (e.g. the day a complaint is received) is not counted. So a complaint received on
 * {@code d} must be accepted or rejected by {@code addWorkingDays(d, 7)}, and the time it took is
 * {@code workingDaysBetween(d, acceptedDay)} working days.
 *
 * <p>Coverage: only the years given at construction, which must be consecutive. Any day outside
 * them is an error, never silently a weekdays-only day: a year's schedule is known only once the
 * State Council publishes it (usually in November of the year before).
 *
 * <p>Immutable and serialisable. Sources: State Council holiday notices (transcribed in
 * {@code conf/calendar/cn-holidays.yaml}); general administrative practice; SAMR complaint
 * handling measures (2022 amendment) art. 14 for the 7-working-day rule.
 */
public final class WorkingDayCalendar implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String FILE = "conf/calendar/cn-holidays.yaml";
    private static final StructType SCHEMA = new StructType()
            .add("day", DataTypes.DateType, false)
            .add("is_working_day", DataTypes.BooleanType, false)
            .add("working_day_ordinal", DataTypes.IntegerType, false);

    private final SortedSet<Integer> years;
    private final LocalDate firstDay;
    /** Per day from {@link #firstDay}: working day or not. */
    private final boolean[] working;
    /** Per day from {@link #firstDay}: working days from firstDay up to and including that day. */
    private final int[] ordinal;

    /**
     * The schedule of one year, as announced by the State Council.
     *
     * @param holidays       days off of the year's holiday periods (weekend days among them may
     *                       be listed too)
     * @param makeUpWorkdays Saturdays and Sundays that are working days (调休上班)
     */
    public record YearSchedule(Set<LocalDate> holidays, Set<LocalDate> makeUpWorkdays) {
        public YearSchedule {
            holidays = Set.copyOf(holidays);
            makeUpWorkdays = Set.copyOf(makeUpWorkdays);
        }
    }

    /** A holiday or make-up workday that breaks a rule of the calendar; {@link #day()} names it. */
    public static final class InvalidDayException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final LocalDate day;

        InvalidDayException(LocalDate day, String reason) {
            super(day + " " + reason);
            this.day = day;
        }

        public LocalDate day() {
            return day;
        }
    }

    /**
     * @param schedules year to its schedule; at least one year, years consecutive
     * @throws IllegalArgumentException when no year is given or a year between the first and the
     *     last is missing
     * @throws InvalidDayException when a holiday or make-up workday is not in its year, a make-up
     *     workday is not a Saturday or Sunday, or a day is both a holiday and a make-up workday
     */
    public WorkingDayCalendar(Map<Integer, YearSchedule> schedules) {
        if (schedules.isEmpty()) {
            throw new IllegalArgumentException("calendar has no year");
        }
        TreeSet<Integer> ys = new TreeSet<>(schedules.keySet());
        for (int y = ys.first(); y <= ys.last(); y++) {
            if (!ys.contains(y)) {
                throw new IllegalArgumentException("calendar years must be consecutive: " + y
                        + " is missing between " + ys.first() + " and " + ys.last());
            }
        }
        Set<LocalDate> off = new HashSet<>();
        Set<LocalDate> on = new HashSet<>();
        for (int year : ys) {
            YearSchedule s = schedules.get(year);
            for (LocalDate d : new TreeSet<>(s.holidays())) {
                requireYear(d, year, "holiday");
                off.add(d);
            }
            for (LocalDate d : new TreeSet<>(s.makeUpWorkdays())) {
                requireYear(d, year, "make-up workday");
                if (!isWeekend(d)) {
                    throw new InvalidDayException(d, "is a " + d.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH)
                            + "; a make-up workday must be a Saturday or Sunday");
                }
                if (off.contains(d)) {
                    throw new InvalidDayException(d, "is listed both as a holiday and as a make-up workday");
                }
                on.add(d);
            }
        }
        years = Collections.unmodifiableSortedSet(ys);
        firstDay = LocalDate.of(ys.first(), 1, 1);
        int n = (int) ChronoUnit.DAYS.between(firstDay, LocalDate.of(ys.last() + 1, 1, 1));
        working = new boolean[n];
        ordinal = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            LocalDate d = firstDay.plusDays(i);
            working[i] = on.contains(d) || !(isWeekend(d) || off.contains(d));
            count += working[i] ? 1 : 0;
            ordinal[i] = count;
        }
    }

    /**
     * @throws IllegalArgumentException when the day's year is not covered; the message names it
     */
    public boolean isWorkingDay(LocalDate day) {
        return working[index(day)];
    }

    /**
     * Working days in the half-open interval {@code (from, to]}: the day {@code from} (e.g. the day
     * of receipt) is not counted, {@code to} is.
     *
     * @return number of working days, 0 when {@code to} is not after {@code from}
     * @throws IllegalArgumentException when either day's year is not covered
     */
    public int workingDaysBetween(LocalDate from, LocalDate to) {
        return Math.max(0, ordinal[index(to)] - ordinal[index(from)]);
    }

    /**
     * The {@code n}-th working day after {@code from}, i.e. the earliest day {@code d} with
     * {@code workingDaysBetween(from, d) == n}: the last day of an "n working days" period that
     * starts on {@code from}. For {@code n == 0}, {@code from} itself.
     *
     * @param n working days, {@code >= 0}
     * @throws IllegalArgumentException when {@code n < 0}, or when {@code from}'s year or a year the
     *     count runs into is not covered; the message names the year
     */
    public LocalDate addWorkingDays(LocalDate from, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("working days must be >= 0: " + n);
        }
        int i = index(from);
        int target = ordinal[i] + n;
        while (ordinal[i] < target) {
            if (++i == ordinal.length) {
                throw noYear(years.last() + 1);
            }
        }
        return firstDay.plusDays(i);
    }

    /** The covered years, ascending and consecutive. */
    public SortedSet<Integer> years() {
        return years;
    }

    /** January 1 of the first covered year. */
    public LocalDate firstDay() {
        return firstDay;
    }

    /** December 31 of the last covered year. */
    public LocalDate lastDay() {
        return LocalDate.of(years.last(), 12, 31);
    }

    /**
     * The calendar as a table, one row per day from {@link #firstDay()} to {@link #lastDay()}
     * (about 365 rows a year, small enough to broadcast):
     * <ul>
     *   <li>{@code day date NOT NULL}</li>
     *   <li>{@code is_working_day boolean NOT NULL}</li>
     *   <li>{@code working_day_ordinal int NOT NULL}: working days from {@link #firstDay()} up to
     *       and including {@code day}</li>
     * </ul>
     * For days {@code a <= b}, {@code ordinal(b) - ordinal(a)} equals
     * {@link #workingDaysBetween(LocalDate, LocalDate) workingDaysBetween(a, b)}, also when
     * {@code a} is a weekend or holiday. A job computes working days from receipt to acceptance
     * with two broadcast joins on the Beijing days:
     * <pre>{@code
     * Dataset<Row> cal = calendar.asDataset(spark);
     * complaints
     *     .join(broadcast(cal.select(col("day").as("received_day"), col("working_day_ordinal").as("received_ord"))), "received_day")
     *     .join(broadcast(cal.select(col("day").as("accepted_day"), col("working_day_ordinal").as("accepted_ord"))), "accepted_day")
     *     .withColumn("acceptance_working_days", col("accepted_ord").minus(col("received_ord")));
     * }</pre>
     * A day outside the covered years has no row: an inner join drops it and a left join gives
     * null, so check days against {@link #firstDay()} and {@link #lastDay()} first.
     */
    public Dataset<Row> asDataset(SparkSession spark) {
        List<Row> rows = new ArrayList<>(working.length);
        for (int i = 0; i < working.length; i++) {
            rows.add(RowFactory.create(firstDay.plusDays(i), working[i], ordinal[i]));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }

    private int index(LocalDate day) {
        if (!years.contains(day.getYear())) {
            throw noYear(day.getYear());
        }
        return (int) ChronoUnit.DAYS.between(firstDay, day);
    }

    private static IllegalArgumentException noYear(int year) {
        return new IllegalArgumentException("calendar has no year " + year + " (" + FILE + ")");
    }

    private static void requireYear(LocalDate day, int year, String what) {
        if (day.getYear() != year) {
            throw new InvalidDayException(day, "is listed as a " + what + " of " + year + " but is not in that year");
        }
    }

    private static boolean isWeekend(LocalDate day) {
        return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
