package org.livegov.jobs.adapters;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Small parsers for values as real sources write them. Each either returns the value in the
 * contract's wire form ({@link org.livegov.metrics.contract.FieldType}) or, when the text cannot
 * be read, gives it back unchanged so that the pipeline quarantines the row with the offending
 * value (adapters map, they do not validate). Blank input always gives {@code ""}.
 */
public final class SourceValues {
    /** Beijing time: the zone of Chinese sources without an offset (shared/domain.md §6). */
    public static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    /** US Eastern time: the zone we assume for the date-only US federal sources (CFPB, FDA). */
    public static final ZoneId US_EASTERN = ZoneId.of("America/New_York");

    /** Instant wire form: ISO-8601 with offset, {@code Z} for UTC. */
    private static final DateTimeFormatter INSTANT_OUT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
    private static final Pattern DURATION = Pattern.compile(
            "(?:(\\d+)\\s*(?:hours?|hrs?|h|小时|时))?\\s*"
            + "(?:(\\d+)\\s*(?:minutes?|mins?|m|分钟|分))?\\s*"
            + "(?:(\\d+)\\s*(?:seconds?|secs?|s|秒))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern SEPARATORS = Pattern.compile("[,，\\s\u00a0]");
    private static final Pattern CURRENCY = Pattern.compile("^(?:¥|￥|CNY|RMB)|元$", Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter[] LOCAL_DATE_TIMES = {
        localDateTimeFormat("uuuu/M/d"),
        localDateTimeFormat("uuuu-M-d"),
    };
    private static final DateTimeFormatter[] DATES = {
        DateTimeFormatter.ISO_LOCAL_DATE,
        DateTimeFormatter.ofPattern("M/d/uuuu"),
    };

    private SourceValues() {
    }

    /** {@code <datePattern>[T| ]H:mm[:ss[.fraction]]}. */
    private static DateTimeFormatter localDateTimeFormat(String datePattern) {
        return new DateTimeFormatterBuilder().appendPattern(datePattern)
                .optionalStart().appendLiteral('T').optionalEnd()
                .optionalStart().appendLiteral(' ').optionalEnd()
                .appendPattern("H:mm")
                .optionalStart().appendPattern(":ss")
                .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
                .optionalEnd()
                .toFormatter();
    }

    /** Trimmed text; null gives {@code ""}. */
    public static String clean(String text) {
        return text == null ? "" : text.strip();
    }

    /**
     * Duration written as text, as Chinese live-commerce analytics sites export it:
     * {@code 13hours46minutes38seconds}, {@code 9minutes44seconds}, {@code 42seconds},
     * {@code 3hours7minutes}; singular units, abbreviations (h, min, s) and Chinese units
     * (小时, 分钟, 秒) are read too.
     *
     * @return the duration, or empty when the text is blank or not of that form
     */
    public static Optional<Duration> duration(String text) {
        String t = clean(text);
        Matcher m = DURATION.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            return Optional.empty();
        }
        long h = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        long min = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        long s = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
        return Optional.of(Duration.ofHours(h).plusMinutes(min).plusSeconds(s));
    }

    /**
     * Money in yuan to the CNY wire form (plain decimal, no separators, never via a double).
     * Removes thousands separators (ASCII and full-width commas, spaces), a currency mark
     * (¥, ￥, CNY, RMB, 元) and expands the Chinese multipliers 万 / w (10^4) and 亿 (10^8):
     * {@code "¥1,234.50"} gives {@code "1234.50"}, {@code "1.2万"} gives {@code "12000"}.
     *
     * @return the decimal text; {@code ""} for blank; the trimmed input unchanged when it is not
     *     a number or has more than two decimals (the pipeline quarantines it as BAD_MONEY)
     */
    public static String money(String text) {
        String t = clean(text);
        BigDecimal v = number(t);
        if (v == null) {
            return t;
        }
        v = v.scale() > 2 ? v.stripTrailingZeros() : v;
        if (v.scale() > 2) {
            return t;
        }
        return (v.scale() < 0 ? v.setScale(0) : v).toPlainString();
    }

    /**
     * A count (viewers, views, orders) to the LONG wire form, with the same cleaning as
     * {@link #money}: {@code "4,146,340"} gives {@code "4146340"}, {@code "1.5w"} gives
     * {@code "15000"}.
     *
     * @return the integer text; {@code ""} for blank; the trimmed input unchanged when it is not a
     *     whole number (a percentage, say)
     */
    public static String count(String text) {
        String t = clean(text);
        BigDecimal v = number(t);
        if (v == null || v.signum() != 0 && v.stripTrailingZeros().scale() > 0) {
            return t;
        }
        return v.toBigInteger().toString();
    }

    /** Parses a number with separators, currency marks and 万/w/亿 multipliers; null when not one. */
    private static BigDecimal number(String t) {
        if (t.isEmpty()) {
            return null;
        }
        String s = CURRENCY.matcher(SEPARATORS.matcher(t).replaceAll("")).replaceAll("");
        BigDecimal factor = BigDecimal.ONE;
        if (s.endsWith("万") || s.endsWith("w") || s.endsWith("W")) {
            factor = BigDecimal.valueOf(10_000);
        } else if (s.endsWith("亿")) {
            factor = BigDecimal.valueOf(100_000_000);
        }
        if (factor != BigDecimal.ONE) {
            s = s.substring(0, s.length() - 1);
        }
        if (!s.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
            return null;
        }
        BigDecimal v = new BigDecimal(s);
        if (factor == BigDecimal.ONE) {
            return v;
        }
        v = v.multiply(factor).stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
    }

    /**
     * A calendar date as US federal files write it: {@code 2023-08-25} or {@code 08/25/2023}.
     *
     * @return the date, or empty when blank or unreadable
     */
    public static Optional<LocalDate> date(String text) {
        String t = clean(text);
        for (DateTimeFormatter f : DATES) {
            try {
                return Optional.of(LocalDate.parse(t, f));
            } catch (DateTimeParseException e) {
                // next form
            }
        }
        return Optional.empty();
    }

    /**
     * A date-time without a zone, as {@code 2021/8/31 11:53} (Douyin export) or
     * {@code 2024-03-14 00:01:26} (DSA dump), optionally with {@code T} and fractions.
     *
     * @return the local date-time, or empty when blank or unreadable
     */
    public static Optional<LocalDateTime> localDateTime(String text) {
        String t = clean(text);
        for (DateTimeFormatter f : LOCAL_DATE_TIMES) {
            try {
                return Optional.of(LocalDateTime.parse(t, f));
            } catch (DateTimeParseException e) {
                // next form
            }
        }
        return Optional.empty();
    }

    /**
     * A timestamp in the given zone to the INSTANT wire form. Text that already carries an offset
     * ({@code ...Z}, {@code ...+01:00}) keeps it; a bare date is read as the start of that day.
     *
     * @return e.g. {@code 2024-03-14T00:01:26Z}; {@code ""} for blank; the trimmed input unchanged
     *     when unreadable (the pipeline quarantines it as BAD_INSTANT)
     */
    public static String instant(String text, ZoneId zone) {
        String t = clean(text);
        if (t.isEmpty()) {
            return "";
        }
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(t);
            return INSTANT_OUT.format(OffsetDateTime.from(parsed));
        } catch (DateTimeParseException e) {
            // not with an offset
        }
        Optional<LocalDateTime> ldt = localDateTime(t);
        if (ldt.isPresent()) {
            return instant(ldt.get().atZone(zone));
        }
        return date(t).map(d -> startOfDay(d, zone)).orElse(t);
    }

    /** The first instant of a calendar day in a zone, e.g. {@code 2023-08-25T00:00:00-04:00}. */
    public static String startOfDay(LocalDate day, ZoneId zone) {
        return instant(day.atStartOfDay(zone));
    }

    /** INSTANT wire form of a zoned date-time, keeping its offset ({@code Z} for UTC). */
    public static String instant(ZonedDateTime t) {
        return INSTANT_OUT.format(t);
    }

    /** {@code "true"}/{@code "false"} for yes/no answers (Yes, No, Y, N, true, false, 1, 0); {@code ""} for blank or N/A; else the text. */
    public static String yesNo(String text) {
        String t = clean(text);
        return switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "yes", "y", "true", "1" -> "true";
            case "no", "n", "false", "0" -> "false";
            case "", "n/a", "na", "none" -> "";
            default -> t;
        };
    }
}
