package org.livegov.jobs.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.quality.ReasonCode;

/**
 * Puts fact records into the day files the way real feeds arrive: most on their event day, 3 %
 * late (1-5 days later), 0.3 % re-sent as an exact duplicate 1-5 days after their first arrival,
 * corrections in the file of their own day, and malformed copies (about 0.5 % of rows; more for
 * small feeds so that each defect shows) next to their originals. Nothing lands after the last
 * day of the period: a late row or duplicate that would is written on time or dropped.
 *
 * <p>Holds only the rows queued for the next few days, never a whole feed.
 */
final class Delivery {
    static final double LATE = 0.03;
    static final double DUPLICATE = 0.003;
    static final int MAX_DELAY_DAYS = 5;
    static final double DEFECT_RATE = 0.005;

    private final Landing landing;
    private final Tally tally;
    private final DefectInjector defects;
    private final Ids ids;
    private final long seed;
    private final LocalDate lastDay;
    private final Map<Feed, Double> defectRate = new EnumMap<>(Feed.class);
    private final Map<Feed, Map<LocalDate, List<String[]>>> queued = new EnumMap<>(Feed.class);
    private final Map<Feed, FeedWriter> writers = new EnumMap<>(Feed.class);
    private LocalDate today;

    /**
     * @param expectedRows expected records per fact feed over the period, to raise the defect rate
     *                     of small feeds so that every defect appears about twice
     */
    Delivery(Landing landing, Tally tally, DefectInjector defects, Ids ids, long seed, LocalDate lastDay,
             Map<Feed, Double> expectedRows) {
        this.landing = landing;
        this.tally = tally;
        this.defects = defects;
        this.ids = ids;
        this.seed = seed;
        this.lastDay = lastDay;
        expectedRows.forEach((feed, n) -> defectRate.put(feed,
                Math.min(0.05, Math.max(DEFECT_RATE, 2.0 * defects.reasons(feed).size() / Math.max(1, n)))));
        for (Feed f : expectedRows.keySet()) {
            queued.put(f, new HashMap<>());
        }
    }

    /** Opens the day files of every fact feed. */
    void open(LocalDate day) {
        today = day;
        for (Feed f : queued.keySet()) {
            writers.put(f, landing.open(f, FilePlan.dayBase(f, day), FilePlan.dayFormat(seed, f, day)));
        }
    }

    /** Delivers a record whose event day is today. */
    void deliver(FactRecord rec, Rand rng) {
        if (!rec.eventDay().equals(today)) {
            throw new IllegalStateException("record of " + rec.eventDay() + " delivered on " + today);
        }
        Feed feed = rec.feed();
        tally.record(feed);
        LocalDate fileDay = today;
        if (!rec.plain() && rng.chance(LATE)) {
            LocalDate target = today.plusDays(rng.between(1, MAX_DELAY_DAYS));
            if (!target.isAfter(lastDay)) {
                fileDay = target;
            }
        }
        if (fileDay.equals(today)) {
            writers.get(feed).write(rec.row());
        } else {
            queue(feed, fileDay, rec.row());
            tally.late(feed);
        }
        if (!rec.plain() && rng.chance(DUPLICATE)) {
            LocalDate again = fileDay.plusDays(rng.between(1, MAX_DELAY_DAYS));
            if (!again.isAfter(lastDay)) {
                queue(feed, again, rec.row().clone());
                tally.duplicate(feed);
            }
        }
        if (rec.correction() != null) {
            if (!rec.correctionDay().isAfter(fileDay) || rec.correctionDay().isAfter(lastDay)) {
                throw new IllegalStateException("correction of " + Rows.key(feed, rec.row()) + " on "
                        + rec.correctionDay() + " cannot follow its first version on " + fileDay);
            }
            queue(feed, rec.correctionDay(), rec.correction());
            tally.correction(feed);
        }
        if (!rec.plain() && rng.chance(defectRate.get(feed))) {
            String[] copy = rec.row().clone();
            copy[Rows.col(feed, feed.keyField())] = ids.next(feed);
            ReasonCode reason = defects.inject(feed, copy, rng);
            if (reason != null) {
                writers.get(feed).write(copy);
                tally.malformed(feed, reason);
            }
        }
    }

    private void queue(Feed feed, LocalDate day, String[] row) {
        queued.get(feed).computeIfAbsent(day, d -> new ArrayList<>()).add(row);
    }

    /** Appends what was queued for today (late rows, duplicates, corrections) and closes the day files. */
    void close() {
        for (Feed f : queued.keySet()) {
            FeedWriter w = writers.remove(f);
            List<String[]> rows = queued.get(f).remove(today);
            if (rows != null) {
                rows.forEach(w::write);
            }
            w.close();
        }
    }
}
