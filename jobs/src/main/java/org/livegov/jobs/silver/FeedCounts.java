package org.livegov.jobs.silver;

import java.util.Map;

/**
 * Row conservation of one feed in one batch: {@code rowsIn = inserted + updated + duplicates +
 * quarantined}. Duplicates are in-batch duplicates and superseded versions plus rows the MERGE
 * found already applied (identical or older than silver).
 *
 * @param rowsIn      bronze rows of the batch
 * @param inserted    new keys in silver
 * @param updated     silver rows replaced by a newer version
 * @param duplicates  rows that changed nothing
 * @param quarantined rows rejected, with their reasons in {@code reasons}
 * @param reasons     reason code to count
 * @param silverVersion Delta version of the silver table after the MERGE (-1 when no MERGE ran)
 */
public record FeedCounts(long rowsIn, long inserted, long updated, long duplicates, long quarantined,
                         Map<String, Long> reasons, long silverVersion) {
    public boolean conserved() {
        return rowsIn == inserted + updated + duplicates + quarantined;
    }
}
