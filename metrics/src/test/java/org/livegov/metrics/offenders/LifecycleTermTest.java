package org.livegov.metrics.offenders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 items 3 and 4 on hand-made violations (no Spark): a listing's term runs from the
 * triggering decision whatever night processes it; a term that ran out before any run saw it is
 * recorded, never listed; two years backfilled in one night give the listings, with the dates,
 * of the nights run one by one; a USCC that is a merchant and an MCN is one subject with both
 * roles. Policy as shipped (LifecycleTest.POLICY): notice 10 days, term 36 months, early removal
 * after 12 months, blocked by a new s3+.
 */
class LifecycleTermTest {
    static final OffenderPolicy POLICY = LifecycleTest.POLICY;

    static OffenderViolation heavy(String subject, String id, String day) {
        return new OffenderViolation(id, subject, "anchor", "DY", "V01", "s4", "confirmed", LocalDate.parse(day), true);
    }

    static OffenderViolation s3(String subject, String role, String id, String category, String day) {
        return new OffenderViolation(id, subject, role, "KS", category, "s3", "confirmed", LocalDate.parse(day), false);
    }

    static Lifecycle.Step step(String subject, Listing latest, List<OffenderViolation> vs, String asOf,
                               EarlyRemovalDecision... d) {
        return Lifecycle.step(POLICY, subject, latest, vs, List.of(d), LocalDate.parse(asOf), "r", "b-" + asOf);
    }

    @Test
    void aFiringProcessedLateKeepsTheTermOfItsTriggeringDecision() {
        // first seen on 2026-06-30, triggered on 2024-02-01: preliminary 2024-02-01, listed 2024-02-11,
        // eligible 2025-02-11 (+12 months, no s3+ since), ends 2027-02-01 (+36 months), not 2029-07-10
        Lifecycle.Step s = step("person:a", null, List.of(heavy("person:a", "H1", "2024-02-01")), "2026-06-30");
        Listing l = s.listing();
        assertEquals(List.of("newly_preliminary", "newly_listed", "eligible_early_removal"),
                s.events().stream().map(ListingEvent::change).toList());
        assertEquals(ListingState.ELIGIBLE_EARLY_REMOVAL, l.state());
        assertEquals(List.of("2024-02-01", "2024-02-01", "2024-02-11", "2025-02-11", "2027-02-01"),
                Arrays.asList(l.triggeredOn(), l.preliminaryFrom(), l.listedFrom(), l.eligibleFrom(), l.endsOn())
                        .stream().map(LocalDate::toString).toList());
    }

    @Test
    void aTermThatRanOutBeforeTheRunIsRecordedNeverListed() {
        List<OffenderViolation> vs = List.of(heavy("person:a", "H1", "2023-06-01"));
        // the term 2023-06-01 .. 2026-06-01 (+36 months) still runs on 2026-05-31: on the list
        assertEquals(ListingState.ELIGIBLE_EARLY_REMOVAL, step("person:a", null, vs, "2026-05-31").listing().state());
        // on 2026-06-01 it has run out: one event recorded_not_listed, from nothing to expired
        Lifecycle.Step s = step("person:a", null, vs, "2026-06-01");
        assertEquals(List.of("recorded_not_listed"), s.events().stream().map(ListingEvent::change).toList());
        assertNull(s.events().get(0).fromState());
        Listing l = s.listing();
        assertEquals(ListingState.EXPIRED, l.state());
        assertEquals(LocalDate.parse("2026-06-01"), l.endedOn());
        assertEquals(LocalDate.parse("2023-06-11"), l.listedFrom());  // the term's date; the event says it was never listed
        assertEquals(List.of(l), s.written());
    }

    /** What the test compares of a listing: everything but reason, run and batch. */
    static List<Object> row(Listing l) {
        return Arrays.asList(l.subjectKey(), l.subjectRole(), l.subjectRoles(), l.seq(), l.state(), l.triggeredOn(),
                l.scopeFrom(), l.preliminaryFrom(), l.listedFrom(), l.eligibleFrom(), l.endsOn(), l.endedOn(), l.ruleRefs(),
                l.isPublic(), l.evidence(), l.decisionRef());
    }

    /** Runs the nights {@code days} one by one, keeping every listing as written (the table). */
    static Map<String, List<Object>> run(Map<String, List<OffenderViolation>> world, List<EarlyRemovalDecision> decisions,
                                         List<LocalDate> days) {
        Map<String, Listing> latest = new TreeMap<>();
        Map<String, List<Object>> table = new TreeMap<>();
        for (LocalDate day : days) {
            world.forEach((subject, vs) -> {
                Lifecycle.Step s = Lifecycle.step(POLICY, subject, latest.get(subject), vs, decisions, day, "r", "b-" + day);
                s.written().forEach(l -> table.put(l.listingId(), row(l)));
                if (s.listing() != null) {
                    latest.put(subject, s.listing());
                }
            });
        }
        return table;
    }

    @Test
    void twoYearsInOneNightGiveTheListingsOfEveryNight() {
        Map<String, List<OffenderViolation>> world = new TreeMap<>();
        // a: critical 2024-08-05 → listed 08-15, eligible 2025-08-15, removed by ZJ-1 on 2025-09-01;
        //    critical again 2025-12-01 (after the end) → #2 listed 2025-12-11, ends 2028-12-01;
        //    ZJ-0 of 2025-03-01 came before eligibility: refused, and ZJ-1 is the last decision of #1
        world.put("person:a", List.of(heavy("person:a", "A1", "2024-08-05"), heavy("person:a", "A2", "2025-12-01")));
        // b: three s3 2024-09-01, 2024-12-01, 2025-03-01 → triggered 2025-03-01, listed 03-11, eligible
        //    2026-03-11, back to listed by the s3 of 2026-04-01 (which also joins the evidence)
        world.put("person:b", List.of(s3("person:b", "anchor", "B1", "V04", "2024-09-01"),
                s3("person:b", "anchor", "B2", "V05", "2024-12-01"), s3("person:b", "anchor", "B3", "V06", "2025-03-01"),
                s3("person:b", "anchor", "B4", "V07", "2026-04-01")));
        // c: critical 2022-05-01, before the first night: term 2022-05-01 .. 2025-05-01, expired within the two years
        world.put("person:c", List.of(heavy("person:c", "C1", "2022-05-01")));
        // x: USCC of merchant M and MCN N: two merchant acts, one MCN act, s3, one category V02 →
        //    one subject, one listing triggered 2026-06-25 (still preliminary on 2026-06-30), roles [mcn, merchant]
        world.put("uscc:X", List.of(s3("uscc:X", "merchant", "M1", "V02", "2025-10-01"),
                s3("uscc:X", "mcn", "N1", "V02", "2026-01-01"), s3("uscc:X", "merchant", "M2", "V02", "2026-06-25")));
        List<EarlyRemovalDecision> decisions = List.of(
                new EarlyRemovalDecision("person:a#1", "ZJ-0", LocalDate.parse("2025-03-01")),
                new EarlyRemovalDecision("person:a#1", "ZJ-1", LocalDate.parse("2025-09-01")));
        LocalDate first = LocalDate.parse("2024-07-01");
        LocalDate last = LocalDate.parse("2026-06-30");
        List<LocalDate> nights = first.datesUntil(last.plusDays(1)).toList();          // 730 nights
        List<LocalDate> monthEnds = new ArrayList<>();
        for (LocalDate m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            monthEnds.add(m.plusMonths(1).minusDays(1));                                  // 24 month ends
        }
        Map<String, List<Object>> nightly = run(world, decisions, nights);
        Map<String, List<Object>> monthly = run(world, decisions, monthEnds);
        Map<String, List<Object>> once = run(world, decisions, List.of(last));
        assertEquals(nightly, once);
        assertEquals(nightly, monthly);
        // and the values, by hand (state, triggered, listed-from, eligible-from, ends, ended, decision, roles)
        Map<String, String> expected = new TreeMap<>(Map.of(
                "person:a#1", "REMOVED_EARLY 2024-08-05 2024-08-15 2025-08-15 2027-08-05 2025-09-01 ZJ-1 [anchor]",
                "person:a#2", "LISTED 2025-12-01 2025-12-11 2026-12-11 2028-12-01 null null [anchor]",
                "person:b#1", "LISTED 2025-03-01 2025-03-11 2026-03-11 2028-03-01 null null [anchor]",
                "person:c#1", "EXPIRED 2022-05-01 2022-05-11 2023-05-11 2025-05-01 2025-05-01 null [anchor]",
                "uscc:X#1", "PRELIMINARY 2026-06-25 null null null null null [mcn, merchant]"));
        Map<String, String> got = new TreeMap<>();
        once.forEach((id, r) -> got.put(id, r.get(4) + " " + r.get(5) + " " + r.get(8) + " " + r.get(9) + " " + r.get(10)
                + " " + r.get(11) + " " + r.get(15) + " " + r.get(2)));
        assertEquals(expected, got);
    }

    @Test
    void aUsccThatIsMerchantAndMcnIsOneSubjectWithBothRoles() {
        // merchant M and MCN N share USCC X (SubjectKeys gives both uscc:X): M1, M2 as merchant, N1 as MCN,
        // all s3 within 24 months → R-SERIOUS-3IN24M fires on the third act (2026-03-01): one listing,
        // roles [mcn, merchant] (sorted), primary role merchant (SubjectRoles.PRECEDENCE, not the counts)
        List<OffenderViolation> vs = List.of(s3("uscc:X", "merchant", "M1", "V04", "2025-10-01"),
                s3("uscc:X", "mcn", "N1", "V05", "2026-01-01"), s3("uscc:X", "merchant", "M2", "V06", "2026-03-01"));
        Lifecycle.Step s = step("uscc:X", null, vs, "2026-06-30");
        assertEquals(1, s.written().size());
        Listing l = s.listing();
        assertEquals("uscc:X#1", l.listingId());
        assertEquals(List.of("mcn", "merchant"), l.subjectRoles());
        assertEquals("merchant", l.subjectRole());
        assertEquals(List.of("M1", "N1", "M2"), l.evidenceIds());
        // two MCN acts and one merchant act: still merchant first (precedence, not a majority)
        List<OffenderViolation> mostlyMcn = List.of(s3("uscc:X", "mcn", "N1", "V04", "2025-10-01"),
                s3("uscc:X", "mcn", "N2", "V05", "2026-01-01"), s3("uscc:X", "merchant", "M1", "V06", "2026-03-01"));
        Listing l2 = step("uscc:X", null, mostlyMcn, "2026-06-30").listing();
        assertEquals("merchant", l2.subjectRole());
        assertEquals(List.of("mcn", "merchant"), l2.subjectRoles());
    }
}
