package org.livegov.metrics.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.livegov.metrics.TestSpark;

/**
 * The offender list as of a day, from listing dates (issue 13 item 8). Each fixture listing is the
 * row the lifecycle leaves after the events written beside it; the as-of day is the end of
 * 2026Q2, 2026-06-30, and the release is recomputed later, on 2026-08-01, when the states are as
 * written.
 */
class ListingPeriodsTest {
    static final SparkSession spark = TestSpark.session();
    static final StructType LISTINGS = new StructType().add("listing_id", "string").add("subject_key", "string")
            .add("subject_role", "string").add("state", "string").add("listed_from", "date").add("ended_on", "date");
    static final LocalDate Q2_END = LocalDate.of(2026, 6, 30);

    static Date d(String s) {
        return s == null ? null : Date.valueOf(s);
    }

    static Dataset<Row> listings() {
        List<Row> rows = new ArrayList<>();
        for (String[] l : new String[][]{
                // events: newly_listed (listed_from 04-01), expired 06-30 (ends_on = ended_on = 06-30)
                {"L1", "person:p1", "anchor", "expired", "2026-04-01", "2026-06-30"},
                // events: newly_listed 04-15, eligible_early_removal, removed_early by a decision of 07-15
                {"L2", "person:p2", "anchor", "removed_early", "2026-04-15", "2026-07-15"},
                // events: newly_listed 05-01, withdrawn by the run of 05-20 (a violation overturned)
                {"L3", "person:p3", "anchor", "withdrawn", "2026-05-01", "2026-05-20"},
                // events: newly_preliminary 06-25 only: not yet on the list
                {"L4", "person:p4", "anchor", "preliminary", null, null},
                // events: newly_listed 07-10, after the quarter
                {"L5", "person:p5", "anchor", "listed", "2026-07-10", null},
                // events: newly_listed 2025-01-01, eligible_early_removal 2026-01-01: still on the list
                {"L6", "uscc:U6", "merchant", "eligible_early_removal", "2025-01-01", null},
                // events: newly_preliminary 05-01, withdrawn 06-01 while preliminary: never on the list
                {"L7", "person:p7", "anchor", "withdrawn", null, "2026-06-01"},
                // p2 again: an older listing [2025-01-01, 2026-01-01) that expired: the subject counts once
                {"L8", "person:p2", "anchor", "expired", "2025-01-01", "2026-01-01"}}) {
            rows.add(RowFactory.create(l[0], l[1], l[2], l[3], d(l[4]), d(l[5])));
        }
        return spark.createDataFrame(rows, LISTINGS);
    }

    @Test
    void theListOnADayIsReadFromTheListingDatesNotTheirStateToday() {
        Dataset<Row> periods = ListingPeriods.of(listings());
        // L4 and L7 never reached the list (no listed_from): 6 periods
        assertEquals(6, periods.count());
        List<String> on = ListingPeriods.onListOn(periods, Q2_END).orderBy("subject_key")
                .collectAsList().stream().map(r -> r.getString(1)).toList();
        // on 06-30: L1 expired that very day (off); L2 [04-15, 07-15) on, although removed early today; L3 ended 05-20;
        // L5 starts 07-10; L6 open; L8 ended 2026-01-01 (p2 counted once, through L2) → p2 and U6
        // (the state today would have given U6 and p5, the last listed after the quarter, and dropped p2)
        assertEquals(List.of("person:p2", "uscc:U6"), on);
        // on 05-19: L1, L2, L3 (its last day), L6
        assertEquals(List.of("person:p1", "person:p2", "person:p3", "uscc:U6"), ListingPeriods.onListOn(periods,
                LocalDate.of(2026, 5, 19)).orderBy("subject_key").collectAsList().stream().map(r -> r.getString(1)).toList());
    }

    @Test
    void theDayOfListingIsOnTheListTheDayOfEndingIsNot() {
        LocalDate from = LocalDate.of(2026, 4, 1), ended = LocalDate.of(2026, 6, 30);
        assertFalse(ListingPeriods.onList(from, ended, LocalDate.of(2026, 3, 31)));
        assertTrue(ListingPeriods.onList(from, ended, from));
        assertTrue(ListingPeriods.onList(from, ended, LocalDate.of(2026, 6, 29)));
        assertFalse(ListingPeriods.onList(from, ended, ended));
        assertTrue(ListingPeriods.onList(from, null, LocalDate.of(2030, 1, 1)));
        assertFalse(ListingPeriods.onList(null, null, LocalDate.of(2026, 5, 1)));
    }
}
