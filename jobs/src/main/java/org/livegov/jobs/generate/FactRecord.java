package org.livegov.jobs.generate;

import java.time.LocalDate;
import org.livegov.metrics.contract.Feed;

/**
 * One fact record on its way to the landing folder: its first version, and optionally a later
 * version (a correction) that lands in the file of {@code correctionDay}.
 *
 * @param feed          broadcasts, violations or complaints
 * @param row           first version, contract order
 * @param eventDay      Beijing day of the event-time field; the record's day file
 * @param correction    a later version (same key, later {@code updated_at}, changed content), or null
 * @param correctionDay day file of the correction; at least 6 days after {@code eventDay}, so it
 *                      always lands after the first version, even a late one
 * @param plain         true for rows that must arrive exactly once and intact (planted repeat
 *                      offenders): never late, duplicated or copied into a malformed row
 */
record FactRecord(Feed feed, String[] row, LocalDate eventDay, String[] correction, LocalDate correctionDay,
                  boolean plain) {

    /** Minimum days between the event and a correction. */
    static final int CORRECTION_MIN_DAYS = 6;

    static FactRecord of(Feed feed, String[] row, LocalDate eventDay) {
        return new FactRecord(feed, row, eventDay, null, null, false);
    }

    FactRecord withCorrection(String[] corrected, LocalDate day) {
        if (day.isBefore(eventDay.plusDays(CORRECTION_MIN_DAYS))) {
            throw new IllegalArgumentException("correction on " + day + " too close to the event on " + eventDay);
        }
        return new FactRecord(feed, row, eventDay, corrected, day, plain);
    }

    FactRecord asPlain() {
        return new FactRecord(feed, row, eventDay, correction, correctionDay, true);
    }
}
