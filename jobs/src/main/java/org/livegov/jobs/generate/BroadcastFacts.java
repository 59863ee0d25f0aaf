package org.livegov.jobs.generate;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import org.livegov.metrics.contract.Feed;

/**
 * Broadcasts: how many a day (seasonality), who hosts them (activity by popularity), when they
 * start (evening and late-morning peaks, Beijing time), and their audience and sales
 * ({@link SessionModel}). Monitoring: 86 % automated, 11 % patrol, 3 % none. Recording kept 3
 * years (5 years for a quarter of them) after the broadcast day; 4 % shorter, 3 % blank. 0.5 % of
 * broadcasts get a GMV correction (refunds, or GMV filled in) 7-20 days later.
 */
final class BroadcastFacts {
    private static final Feed F = Feed.BROADCASTS;
    private static final int ID = Rows.col(F, "broadcast_id");
    private static final int PLATFORM = Rows.col(F, "platform_id");
    private static final int ANCHOR = Rows.col(F, "anchor_id");
    private static final int STARTED = Rows.col(F, "started_at");
    private static final int ENDED = Rows.col(F, "ended_at");
    private static final int PEAK = Rows.col(F, "peak_viewers");
    private static final int VIEWS = Rows.col(F, "views");
    private static final int ORDERS = Rows.col(F, "orders");
    private static final int GMV = Rows.col(F, "gmv_cny");
    private static final int MONITORING = Rows.col(F, "monitoring");
    private static final int RETAINED = Rows.col(F, "recording_retained_until");
    private static final int UPDATED = Rows.col(F, "updated_at");
    static final double CORRECTION = 0.005;

    /**
     * A broadcast as the other facts see it.
     *
     * @param id         key, null for a warm-up broadcast before the period (not written)
     * @param anchor     anchor index
     * @param platform   platform index
     * @param startedAt  epoch seconds
     * @param endedAt    epoch seconds
     * @param monitoring automated, patrol or none
     * @param session    audience and sales
     * @param record     the record to deliver, null for a warm-up broadcast
     */
    record Broadcast(String id, int anchor, int platform, long startedAt, long endedAt, String monitoring,
                     SessionModel.Session session, FactRecord record) {
    }

    private final Registers reg;
    private final Ids ids;
    private final long exportedAt;
    private final LocalDate lastDay;
    private final double perDay;

    /**
     * @param perQuarter broadcasts in the reference quarter; days get {@code perQuarter / mean
     *                   season} times their {@link #season}
     */
    BroadcastFacts(Registers reg, Ids ids, long exportedAt, LocalDate lastDay, long perQuarter) {
        this.reg = reg;
        this.ids = ids;
        this.exportedAt = exportedAt;
        this.lastDay = lastDay;
        double seasonSum = 0;
        for (LocalDate d = Registers.REF_FROM; !d.isAfter(Registers.REF_TO); d = d.plusDays(1)) {
            seasonSum += season(d);
        }
        this.perDay = perQuarter / seasonSum;
    }

    /**
     * Relative activity of a day: weekends +12 %, Labour Day holiday +10 %, the "618" festival
     * (June 1-17 +25 %, June 18 x1.9), "Double 11" (November 1-10 +30 %, November 11 x2).
     */
    static double season(LocalDate d) {
        double f = d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY ? 1.12 : 1.0;
        int dom = d.getDayOfMonth();
        if (d.getMonth() == Month.MAY && dom <= 5) {
            f *= 1.10;
        } else if (d.getMonth() == Month.JUNE && dom < 18) {
            f *= 1.25;
        } else if (d.getMonth() == Month.JUNE && dom == 18) {
            f *= 1.9;
        } else if (d.getMonth() == Month.NOVEMBER && dom < 11) {
            f *= 1.30;
        } else if (d.getMonth() == Month.NOVEMBER && dom == 11) {
            f *= 2.0;
        }
        return f;
    }

    /** Number of broadcasts starting on a day (±3 % noise around the seasonal volume). */
    int count(LocalDate day, Rand rng) {
        return (int) Math.max(0, Math.round(perDay * season(day) * (1 + 0.03 * rng.gaussian())));
    }

    /**
     * Draws one broadcast starting on {@code day}; null when no anchor is active yet.
     *
     * @param warmUp true for a broadcast before the period: drawn for its complaints and
     *               violations that surface in the period, but not written and without a key
     */
    Broadcast next(LocalDate day, Rand rng, boolean warmUp) {
        int anchor = reg.activeAnchor(rng, day);
        if (anchor < 0) {
            return null;
        }
        int platform = reg.anchorPlatform[anchor];
        long started = Formats.epochSecond(day, startSecond(rng));
        SessionModel.Session s = SessionModel.sample(rng, reg.lnReach[anchor]);
        long ended = started + s.durationSeconds();
        double u = rng.uniform();
        String monitoring = u < 0.86 ? "automated" : u < 0.97 ? "patrol" : "none";
        if (warmUp) {
            return new Broadcast(null, anchor, platform, started, ended, monitoring, s, null);
        }
        boolean utc = Registers.utc(platform);
        String id = ids.next(F);
        String[] row = Rows.blank(F);
        row[ID] = id;
        row[PLATFORM] = Registers.PLATFORM_IDS[platform];
        row[ANCHOR] = Registers.anchorId(anchor);
        row[STARTED] = Formats.instant(started, utc);
        row[ENDED] = Formats.instant(ended, utc);
        row[PEAK] = Long.toString(s.peakViewers());
        row[VIEWS] = Long.toString(s.views());
        if (!s.gmvBlank()) {
            row[ORDERS] = Long.toString(s.orders());
            row[GMV] = Formats.money(s.gmvFen());
        }
        row[MONITORING] = monitoring;
        double r = rng.uniform();
        if (r >= 0.03) {
            row[RETAINED] = (r < 0.07 ? day.plusDays(rng.between(180, 900))
                    : day.plusYears(rng.chance(0.25) ? 5 : 3)).toString();
        }
        long updated = Math.min(exportedAt, ended + rng.between(5 * Formats.MINUTE, 3 * Formats.HOUR));
        row[UPDATED] = Formats.instant(updated, utc);
        FactRecord rec = FactRecord.of(F, row, day);
        if (rng.chance(CORRECTION)) {
            long correctedAt = Math.min(exportedAt, ended + rng.between(7 * Formats.DAY, 20 * Formats.DAY));
            LocalDate corrDay = Formats.beijingDay(correctedAt);
            if (!corrDay.isAfter(lastDay) && !corrDay.isBefore(day.plusDays(FactRecord.CORRECTION_MIN_DAYS))) {
                rec = rec.withCorrection(correctedGmv(row, s, correctedAt, utc, rng), corrDay);
            }
        }
        return new Broadcast(id, anchor, platform, started, ended, monitoring, s, rec);
    }

    /** Refunds lower the GMV by 2-40 %; a blank GMV gets filled in. */
    private static String[] correctedGmv(String[] row, SessionModel.Session s, long at, boolean utc, Rand rng) {
        String[] c = row.clone();
        if (s.gmvBlank()) {
            long fen = Formats.fen(rng.lognormal(9, 1.5));
            c[GMV] = Formats.money(fen);
            c[ORDERS] = Long.toString(Math.max(1, fen / 9000));
        } else {
            double keep = rng.between(0.60, 0.98);
            c[GMV] = Formats.money(Math.round(s.gmvFen() * keep));
            c[ORDERS] = Long.toString(Math.round(s.orders() * keep));
            if (c[GMV].equals(row[GMV])) {
                c[GMV] = Formats.money(s.gmvFen() + 100);
            }
        }
        c[UPDATED] = Formats.instant(at, utc);
        return c;
    }

    /** Start time of day in Beijing: 40 % around 20:00, 25 % around 11:00, 20 % 13-18, 15 % 6-23. */
    private static int startSecond(Rand rng) {
        double u = rng.uniform();
        double h = u < 0.40 ? 20 + rng.gaussian()
                : u < 0.65 ? 11 + 1.2 * rng.gaussian()
                : u < 0.85 ? rng.between(13.0, 18.0)
                : rng.between(6.0, 23.0);
        return (int) Math.max(0, Math.min(86_399, h * 3600));
    }
}
