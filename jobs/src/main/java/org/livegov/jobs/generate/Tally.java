package org.livegov.jobs.generate;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.quality.ReasonCode;

/** What was written per feed, by kind of row; turned into {@link GenerationReport.FeedCounts}. */
final class Tally {
    private static final class Counts {
        long records;
        long duplicates;
        long corrections;
        long late;
        final Map<ReasonCode, Long> malformed = new EnumMap<>(ReasonCode.class);
    }

    private final Map<Feed, Counts> counts = new EnumMap<>(Feed.class);

    Tally() {
        for (Feed f : Feed.values()) {
            counts.put(f, new Counts());
        }
    }

    void record(Feed feed) {
        counts.get(feed).records++;
    }

    void duplicate(Feed feed) {
        counts.get(feed).duplicates++;
    }

    void correction(Feed feed) {
        counts.get(feed).corrections++;
    }

    void late(Feed feed) {
        counts.get(feed).late++;
    }

    void malformed(Feed feed, ReasonCode reason) {
        counts.get(feed).malformed.merge(reason, 1L, Long::sum);
    }

    long records(Feed feed) {
        return counts.get(feed).records;
    }

    /**
     * Per feed, in contract order.
     *
     * @throws IllegalStateException when the rows in the files do not add up to the kinds of rows
     *     counted (a generator bug)
     */
    Map<String, GenerationReport.FeedCounts> report(List<GenerationReport.FileEntry> files) {
        Map<String, GenerationReport.FeedCounts> out = new LinkedHashMap<>();
        for (Feed f : Feed.values()) {
            Counts c = counts.get(f);
            long rows = files.stream().filter(e -> e.feed().equals(f.feedName()))
                    .mapToLong(GenerationReport.FileEntry::rows).sum();
            int nFiles = (int) files.stream().filter(e -> e.feed().equals(f.feedName())).count();
            Map<String, Long> byReason = new LinkedHashMap<>();
            c.malformed.forEach((r, n) -> byReason.put(r.name(), n));
            long malformed = c.malformed.values().stream().mapToLong(Long::longValue).sum();
            if (rows != c.records + malformed + c.duplicates + c.corrections) {
                throw new IllegalStateException("feed " + f.feedName() + ": " + rows + " rows written but "
                        + c.records + " records + " + malformed + " malformed + " + c.duplicates
                        + " duplicates + " + c.corrections + " corrections counted");
            }
            out.put(f.feedName(), new GenerationReport.FeedCounts(rows, c.records, malformed, byReason,
                    c.duplicates, c.corrections, c.late, nFiles));
        }
        return out;
    }
}
