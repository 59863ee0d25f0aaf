package org.livegov.metrics.trend;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.livegov.metrics.bench.Quarter;

/**
 * Beijing calendar periods as text: months {@code yyyy-MM} and quarters {@code yyyyQn}.
 * A period is <em>complete</em> when its last Beijing day is on or before the data cut-off day;
 * incomplete periods are kept in the series but left out of every comparison and flag
 * (CFPB practice: trend views hide incomplete periods; shared/domain.md §5).
 */
public final class Periods {
    public static final String MONTH = "month";
    public static final String QUARTER = "quarter";
    private static final Pattern M = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");

    private Periods() {
    }

    /**
     * The one rule for a quarter's text ({@link Quarter#parse}), without surrounding spaces: the
     * period texts here are read by position.
     *
     * @throws IllegalArgumentException when {@code quarter} is not {@code yyyyQn} with n in 1..4
     */
    public static void checkQuarter(String quarter) {
        if (quarter == null || !quarter.equals(quarter.trim())) {
            throw new IllegalArgumentException("quarter must look like 2026Q2 (a year, Q, then 1 to 4), not '" + quarter + "'");
        }
        Quarter.parse(quarter);
    }

    /** {@code 2026-05} → {@code 2026Q2}. @throws IllegalArgumentException on a bad month */
    public static String quarterOf(String month) {
        if (month == null || !M.matcher(month).matches()) {
            throw new IllegalArgumentException("month must look like 2026-05, not " + month);
        }
        int m = Integer.parseInt(month.substring(5));
        return month.substring(0, 4) + "Q" + ((m - 1) / 3 + 1);
    }

    /** The three months of a quarter, in order. */
    public static List<String> monthsOf(String quarter) {
        checkQuarter(quarter);
        int y = Integer.parseInt(quarter.substring(0, 4));
        int q = quarter.charAt(5) - '0';
        List<String> out = new ArrayList<>();
        for (int m = 3 * q - 2; m <= 3 * q; m++) {
            out.add(YearMonth.of(y, m).toString());
        }
        return out;
    }

    /** Last Beijing day of a month or quarter. */
    public static LocalDate lastDay(String type, String period) {
        if (MONTH.equals(type)) {
            return YearMonth.parse(period).atEndOfMonth();
        }
        List<String> ms = monthsOf(period);
        return YearMonth.parse(ms.get(2)).atEndOfMonth();
    }

    /** Whether the period's last day is on or before {@code asOf}. */
    public static boolean isComplete(String type, String period, LocalDate asOf) {
        return !lastDay(type, period).isAfter(asOf);
    }

    /** The period {@code steps} periods earlier (months for months, quarters for quarters). */
    public static String minus(String type, String period, int steps) {
        if (MONTH.equals(type)) {
            return YearMonth.parse(period).minusMonths(steps).toString();
        }
        checkQuarter(period);
        int idx = Integer.parseInt(period.substring(0, 4)) * 4 + (period.charAt(5) - '1') - steps;
        return Math.floorDiv(idx, 4) + "Q" + (Math.floorMod(idx, 4) + 1);
    }

    /** Periods per year: 12 or 4. */
    public static int perYear(String type) {
        return MONTH.equals(type) ? 12 : 4;
    }

    /** Calendar months (1-12) a period covers. */
    public static List<Integer> calendarMonths(String type, String period) {
        if (MONTH.equals(type)) {
            return List.of(Integer.parseInt(period.substring(5)));
        }
        return monthsOf(period).stream().map(m -> Integer.parseInt(m.substring(5))).toList();
    }
}
