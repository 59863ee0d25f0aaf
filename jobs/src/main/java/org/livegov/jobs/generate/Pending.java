package org.livegov.jobs.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fact records generated ahead of their event day (a complaint is received days after its
 * broadcast), held until that day comes. Holds at most the next ~30 days of one feed.
 */
final class Pending {
    private final Map<LocalDate, List<FactRecord>> byDay = new HashMap<>();

    void add(FactRecord rec) {
        byDay.computeIfAbsent(rec.eventDay(), d -> new ArrayList<>()).add(rec);
    }

    /** Removes and returns the records of a day, in the order they were added. */
    List<FactRecord> take(LocalDate day) {
        List<FactRecord> l = byDay.remove(day);
        return l == null ? List.of() : l;
    }
}
