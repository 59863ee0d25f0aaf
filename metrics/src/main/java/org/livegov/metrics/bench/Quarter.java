package org.livegov.metrics.bench;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.livegov.metrics.time.BeijingTime;

/**
 * A calendar quarter in Beijing time, written {@code yyyyQn} (e.g. {@code 2026Q2} = 2026-04-01 to
 * 2026-06-30, Beijing days). Source: domain.md §6 (Beijing time decides quarters).
 *
 * @param year    the year, 2000..2999
 * @param quarter 1..4
 */
public record Quarter(int year, int quarter) {
    private static final Pattern TEXT = Pattern.compile("(\\d{4})Q([1-4])");

    /** @throws IllegalArgumentException for a year outside 2000..2999 or a quarter outside 1..4 */
    public Quarter {
        if (year < 2000 || year > 2999) throw new IllegalArgumentException("year " + year + " outside 2000..2999");
        if (quarter < 1 || quarter > 4) throw new IllegalArgumentException("quarter " + quarter + " outside 1..4");
    }

    /**
     * @param text {@code yyyyQn}
     * @return the quarter
     * @throws IllegalArgumentException when the text is not {@code yyyyQn} with n in 1..4
     */
    public static Quarter parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) throw new IllegalArgumentException("quarter must look like 2026Q2 (a year, Q, then 1 to 4), not '" + text + "'");
        return new Quarter(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** First Beijing day. */
    public LocalDate firstDay() {
        return LocalDate.of(year, 3 * quarter - 2, 1);
    }

    /** Last Beijing day. */
    public LocalDate lastDay() {
        return firstDay().plusMonths(3).minusDays(1);
    }

    /** The UTC instant at which the quarter ends (the next quarter's first Beijing midnight), exclusive. */
    public java.time.Instant endExclusive() {
        return ZonedDateTime.of(firstDay().plusMonths(3).atStartOfDay(), BeijingTime.ZONE).toInstant();
    }

    /** Its three Beijing months as {@code yyyy-MM}, the silver fact partitions. */
    public List<String> months() {
        LocalDate d = firstDay();
        return List.of(d.toString().substring(0, 7), d.plusMonths(1).toString().substring(0, 7),
                d.plusMonths(2).toString().substring(0, 7));
    }

    @Override
    public String toString() {
        return year + "Q" + quarter;
    }
}
