package org.livegov.jobs.generate;

import java.time.LocalDate;

/**
 * Text forms of the wire types (see {@code FieldType}): ISO-8601 instants with a Beijing
 * {@code +08:00} offset or {@code Z}, {@code yyyy-MM-dd} dates, CNY with two decimals. Instants
 * are handled as epoch seconds; formatting is hand-rolled because it runs tens of millions of
 * times at national scale.
 */
final class Formats {
    static final int BEIJING_OFFSET_SECONDS = 8 * 3600;
    static final long DAY = 86_400L;
    static final long HOUR = 3_600L;
    static final long MINUTE = 60L;

    private Formats() {
    }

    /**
     * @param epochSecond instant
     * @param utc         true for {@code ...Z}, false for Beijing time with {@code +08:00}
     */
    static String instant(long epochSecond, boolean utc) {
        long local = utc ? epochSecond : epochSecond + BEIJING_OFFSET_SECONDS;
        long day = Math.floorDiv(local, DAY);
        int sod = (int) Math.floorMod(local, DAY);
        StringBuilder sb = new StringBuilder(25);
        LocalDate date = LocalDate.ofEpochDay(day);
        sb.append(date.getYear()).append('-');
        two(sb, date.getMonthValue()).append('-');
        two(sb, date.getDayOfMonth()).append('T');
        two(sb, sod / 3600).append(':');
        two(sb, sod / 60 % 60).append(':');
        two(sb, sod % 60);
        return sb.append(utc ? "Z" : "+08:00").toString();
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    /** The Beijing calendar day of an instant. */
    static LocalDate beijingDay(long epochSecond) {
        return LocalDate.ofEpochDay(Math.floorDiv(epochSecond + BEIJING_OFFSET_SECONDS, DAY));
    }

    /** The instant of a Beijing wall-clock time on a Beijing day. */
    static long epochSecond(LocalDate beijingDay, long secondOfDay) {
        return beijingDay.toEpochDay() * DAY + secondOfDay - BEIJING_OFFSET_SECONDS;
    }

    /** Beijing midnight starting the day. */
    static long startOf(LocalDate beijingDay) {
        return epochSecond(beijingDay, 0);
    }

    /** Yuan with exactly two decimals from a non-negative or negative amount in fen (cents). */
    static String money(long fen) {
        long abs = Math.abs(fen);
        String s = (fen < 0 ? "-" : "") + (abs / 100) + "." + (abs % 100 < 10 ? "0" : "") + (abs % 100);
        return s;
    }

    /** Fen from yuan, rounded half up. */
    static long fen(double yuan) {
        return Math.round(yuan * 100);
    }
}
