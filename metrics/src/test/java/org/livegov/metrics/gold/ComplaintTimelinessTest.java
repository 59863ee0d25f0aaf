package org.livegov.metrics.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.livegov.metrics.TestSpark;
import org.livegov.metrics.time.WorkingDayCalendar;

/**
 * Complaint timeliness as of a cut-off (issue 13 item 10). Calendar: 2026, Monday to Friday, no
 * holidays. June 2026: Mondays 01, 08, 15, 22, 29; Tue 06-30, Wed 07-01, Sat 06-27. Allowed: 7
 * working days. Times are 10:00 Beijing (02:00 UTC) on the day named.
 */
class ComplaintTimelinessTest {
    static final SparkSession spark = TestSpark.session();
    static final StructType COMPLAINTS = new StructType().add("complaint_id", "string").add("received_at", "timestamp")
            .add("accepted_at", "timestamp").add("closed_at", "timestamp");
    static final Dataset<Row> CALENDAR = new WorkingDayCalendar(Map.of(2026,
            new WorkingDayCalendar.YearSchedule(Set.of(), Set.of()))).asDataset(spark);

    static Timestamp at(String day) {
        return day == null ? null : Timestamp.from(Instant.parse(day + "T02:00:00Z"));
    }

    static Dataset<Row> complaints() {
        List<Row> rows = new ArrayList<>();
        for (String[] c : new String[][]{
                {"K1", "2026-06-15", "2026-06-17", null},
                {"K2", "2026-06-22", "2026-07-02", null},
                {"K3", "2026-06-15", "2026-07-06", null},
                {"K4", "2026-06-22", "2026-06-30", null},
                {"K5", "2026-06-19", null, null},
                {"K7", "2026-06-17", null, null},
                {"K8", "2026-06-17", "2026-06-27", null},
                {"K9", "2026-06-01", "2026-06-02", "2026-07-10"}}) {
            rows.add(RowFactory.create(c[0], at(c[1]), at(c[2]), at(c[3])));
        }
        return spark.createDataFrame(rows, COMPLAINTS);
    }

    /** complaint → [working days (or null), decided, in time]. */
    static Map<String, List<Object>> acceptance(LocalDate asOf) {
        Map<String, List<Object>> out = new TreeMap<>();
        for (Row r : ComplaintTimeliness.annotate(complaints(), CALENDAR, asOf, 7)
                .select("complaint_id", "working_days_to_accept", "acceptance_decided", "accepted_in_time").collectAsList()) {
            out.put(r.getString(0), Arrays.asList(r.get(1), r.get(2), r.get(3)));
        }
        return out;
    }

    @Test
    void asOfTheQuarterEndADecisionAfterItIsNotSeenAndAnOpenPeriodIsPending() {
        Map<String, List<Object>> a = acceptance(LocalDate.of(2026, 6, 30));
        // K1: Mon 06-15 → Wed 06-17: 2 working days, seen → decided, in time
        assertEquals(Arrays.asList(2, true, true), a.get("K1"));
        // K2: Mon 06-22, accepted Thu 07-02, after the cut-off: not seen. From 06-22 to the next day 07-01:
        // 23, 24, 25, 26, 29, 30, 01 = 7, not > 7 → pending, neither on time nor late
        // (before item 10 the 07-02 acceptance was seen: 8 working days, late)
        assertEquals(Arrays.asList(null, false, false), a.get("K2"));
        // K3: Mon 06-15, accepted 07-06, not seen; 06-15 → 07-01: 16-19 (4) + 22-26 (9) + 29, 30, 01 (12) > 7 → late
        assertEquals(Arrays.asList(null, true, false), a.get("K3"));
        // K4: Mon 06-22 → Tue 06-30, the cut-off day itself (its events are in): 6 → in time
        assertEquals(Arrays.asList(6, true, true), a.get("K4"));
        // K5: Fri 06-19, never accepted; its 7th working day is 22-26 (5), 29 (6), 30 (7) = the cut-off day, so the
        // period has ended: 06-19 → 07-01 = 8 > 7 → late (the rule before counted to 06-30 only: 7, pending)
        assertEquals(Arrays.asList(null, true, false), a.get("K5"));
        // K7: Wed 06-17, never accepted: 06-17 → 07-01: 18, 19 (2) + 22-26 (7) + 29, 30, 01 (10) > 7 → late
        assertEquals(Arrays.asList(null, true, false), a.get("K7"));
        // K8: Wed 06-17, accepted Sat 06-27 (seen): ordinal(Sat) = ordinal(Fri 06-26); 18, 19, 22-26 = 7 ≤ 7 → in time
        assertEquals(Arrays.asList(7, true, true), a.get("K8"));
    }

    @Test
    void aPeriodEndingOnAFridayCutOffIsStillPendingOverTheWeekend() {
        Map<String, List<Object>> a = acceptance(LocalDate.of(2026, 6, 26));
        // K7: Wed 06-17, never accepted; its 7th working day is Fri 06-26 = the cut-off. The next day, Sat 06-27,
        // has Friday's ordinal: 17 → 27 is 7, not > 7: an acceptance on the Saturday would still be in time (as K8's
        // is) → pending
        assertEquals(Arrays.asList(null, false, false), a.get("K7"));
        // K8: the Saturday acceptance is after this cut-off: not seen → pending too
        assertEquals(Arrays.asList(null, false, false), a.get("K8"));
        // K4: received Mon 06-22, its 06-30 acceptance not seen; 22 → 27: 23, 24, 25, 26 = 4 → pending
        assertEquals(Arrays.asList(null, false, false), a.get("K4"));
        // K1: accepted 06-17, before this cut-off → in time as before
        assertEquals(Arrays.asList(2, true, true), a.get("K1"));
    }

    @Test
    void aClosureAfterTheCutOffIsNotSeenEither() {
        Row k9 = ComplaintTimeliness.annotateClosure(complaints().where("complaint_id = 'K9'"), CALENDAR,
                LocalDate.of(2026, 6, 30), 45).select("working_days_to_close", "closure_decided", "closed_in_time").first();
        // received Mon 06-01, closed 07-10: not seen as of 06-30. 06-01 → 07-01: June 2-5 (4), 8-12, 15-19, 22-26 (19),
        // 29, 30 (21), 07-01 (22) ≤ 45 → pending (before: seen, 29 working days, in time)
        assertEquals(Arrays.asList(null, false, false), Arrays.asList(k9.get(0), k9.get(1), k9.get(2)));
        // as of 2026-07-10 it is seen: 22 + 07-02, 03, 06, 07, 08, 09, 10 = 29 ≤ 45 → in time
        Row seen = ComplaintTimeliness.annotateClosure(complaints().where("complaint_id = 'K9'"), CALENDAR,
                LocalDate.of(2026, 7, 10), 45).select("working_days_to_close", "closure_decided", "closed_in_time").first();
        assertEquals(Arrays.asList(29, true, true), Arrays.asList(seen.get(0), seen.get(1), seen.get(2)));
    }
}
