package org.livegov.metrics.offenders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rules at their boundaries and every lifecycle transition, on hand-made violations (no Spark).
 * Policy as shipped in conf/offenders.yaml: notice 10 days, listing 36 months, early removal after
 * 12 months, blocked by a new s3+; rules critical+heavier (1 in 36 months), 3 serious in 24
 * months, 3 of one category (s2+) in 24 months.
 */
class LifecycleTest {
    static final OffenderPolicy.Rule CRITICAL = new OffenderPolicy.Rule("R-CRITICAL-HEAVIER", 1, "s4", 1, 36, false, true, true, "t");
    static final OffenderPolicy.Rule SERIOUS = new OffenderPolicy.Rule("R-SERIOUS-3IN24M", 2, "s3", 3, 24, false, false, true, "t");
    static final OffenderPolicy.Rule CATEGORY = new OffenderPolicy.Rule("R-CATEGORY-3IN24M", 1, "s2", 3, 24, true, false, false, "t");
    static final OffenderPolicy POLICY = new OffenderPolicy("1", 36, 12, 10, "s3", List.of(CRITICAL, SERIOUS, CATEGORY), null,
            List.of("merchant", "anchor", "mcn"), 5, new OffenderPolicy.Acts(List.of("broadcast_id", "category"),
            List.of("category", "detected_on")));
    static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);

    static OffenderViolation v(String id, String platform, String category, String severity, String status, String day) {
        return new OffenderViolation(id, "person:p", "anchor", platform, category, severity, status, LocalDate.parse(day), false);
    }

    static OffenderViolation heavy(String id, String severity, String day) {
        return new OffenderViolation(id, "person:p", "anchor", "DY", "V01", severity, "confirmed", LocalDate.parse(day), true);
    }

    static Lifecycle.Step step(Listing latest, List<OffenderViolation> vs, String asOf, String batch,
                               EarlyRemovalDecision... decisions) {
        return Lifecycle.step(POLICY, "person:p", latest, vs, List.of(decisions), LocalDate.parse(asOf), "run-" + batch, batch);
    }

    static List<String> changes(Lifecycle.Step s) {
        return s.events().stream().map(ListingEvent::change).toList();
    }

    @Test
    void seriousRuleAtExactlyTwentyFourMonths() {
        // fired on 2026-06-30: window (2024-06-30, 2026-06-30] holds 2024-07-01, 2025-01-01, 2026-06-30 = 3
        List<OffenderViolation> in = List.of(v("V1", "DY", "V04", "s3", "confirmed", "2024-07-01"),
                v("V2", "KS", "V05", "s3", "confirmed", "2025-01-01"), v("V3", "TB", "V06", "s4", "confirmed", "2026-06-30"));
        RuleEngine.Firing f = RuleEngine.fire(POLICY.acts(), SERIOUS, in, LocalDate.MIN, AS_OF).orElseThrow();
        assertEquals(LocalDate.parse("2026-06-30"), f.triggeredOn());
        assertEquals(List.of("V1", "V2", "V3"), f.evidence().stream().map(OffenderViolation::violationId).toList());
        // 2024-06-30 is exactly 24 months before 2026-06-30: outside, only 2 remain
        List<OffenderViolation> out = List.of(v("V1", "DY", "V04", "s3", "confirmed", "2024-06-30"),
                v("V2", "KS", "V05", "s3", "confirmed", "2025-01-01"), v("V3", "TB", "V06", "s4", "confirmed", "2026-06-30"));
        assertTrue(RuleEngine.fire(POLICY.acts(), SERIOUS, out, LocalDate.MIN, AS_OF).isEmpty());
    }

    @Test
    void theSecondViolationDoesNotListTheThirdDoes() {
        List<OffenderViolation> two = List.of(v("V1", "DY", "V04", "s3", "confirmed", "2025-06-01"),
                v("V2", "KS", "V05", "s3", "confirmed", "2026-01-10"));
        Lifecycle.Step s2 = step(null, two, "2026-05-05", "b1");
        assertNull(s2.listing());
        assertFalse(s2.changed());
        List<OffenderViolation> three = new ArrayList<>(two);
        three.add(v("V3", "TB", "V06", "s3", "confirmed", "2026-05-03"));
        Lifecycle.Step s3 = step(null, three, "2026-05-05", "b1");
        Listing l = s3.listing();
        assertEquals(ListingState.PRELIMINARY, l.state());                 // listed only from 05-03 + 10 days = 05-13
        assertEquals("person:p#1", l.listingId());
        assertEquals(LocalDate.parse("2026-05-03"), l.triggeredOn());   // the third violation completes the count
        assertEquals(LocalDate.parse("2026-05-03"), l.preliminaryFrom()); // notified from the triggering decision
        assertNull(l.scopeFrom());                                        // first listing: all the history
        assertEquals(List.of("R-SERIOUS-3IN24M@2"), l.ruleRefs());        // V04, V05, V06: no category thrice
        assertEquals(List.of("V1", "V2", "V3"), l.evidenceIds());          // by day: 2025-06-01, 2026-01-10, 2026-05-03
        assertEquals(List.of("newly_preliminary"), changes(s3));
        assertEquals(List.of("DY", "KS", "TB"), l.evidence().stream().map(OffenderViolation.Evidence::platformId).toList());
        assertEquals(List.of("anchor"), l.subjectRoles());
    }

    @Test
    void anAppealThatOverturnsTheThirdWithdrawsTheListing() {
        List<OffenderViolation> three = List.of(v("V1", "DY", "V04", "s3", "confirmed", "2025-06-01"),
                v("V2", "KS", "V05", "s3", "confirmed", "2026-01-10"), v("V3", "TB", "V06", "s3", "confirmed", "2026-05-03"));
        Listing l = step(null, three, "2026-06-30", "b1").listing();
        List<OffenderViolation> appealed = List.of(three.get(0), three.get(1),
                v("V3", "TB", "V06", "s3", "overturned", "2026-05-03"));
        Lifecycle.Step s = step(l, appealed, "2026-07-01", "b2");
        assertEquals(ListingState.WITHDRAWN, s.listing().state());
        assertEquals(LocalDate.parse("2026-07-01"), s.listing().endedOn());
        assertEquals(List.of("withdrawn"), changes(s));
        assertTrue(s.events().get(0).reason().contains("V3 (overturned)"), s.events().get(0).reason());
        assertEquals("listed", s.events().get(0).fromState());  // listed since 2026-05-03 + 10 days = 05-13
        // a late third violation (detected 2026-04-02, delivered later) lists the subject again, as listing #2
        List<OffenderViolation> late = new ArrayList<>(appealed);
        late.add(v("V9", "DY", "V07", "s3", "confirmed", "2026-04-02"));
        Lifecycle.Step again = step(s.listing(), late, "2026-07-02", "b3");
        assertEquals("person:p#2", again.listing().listingId());
        assertEquals(LocalDate.parse("2026-04-02"), again.listing().triggeredOn());
        assertEquals(List.of("V1", "V2", "V9"), again.listing().evidenceIds());
    }

    @Test
    void criticalWithHeavierPenaltyListsAtOnceOnlyWithTheHeavierPenalty() {
        // s4 with a heavier penalty: one is enough
        assertEquals(List.of("R-CRITICAL-HEAVIER@1"),
                step(null, List.of(heavy("H1", "s4", "2026-06-01")), "2026-06-30", "b1").listing().ruleRefs());
        // s4 without heavier penalty, or s3 with one: nothing
        assertNull(step(null, List.of(v("H1", "DY", "V01", "s4", "confirmed", "2026-06-01")), "2026-06-30", "b1").listing());
        assertNull(step(null, List.of(heavy("H1", "s3", "2026-06-01")), "2026-06-30", "b1").listing());
        // s4 with heavier penalty but under appeal: only confirmed violations count
        assertNull(step(null, List.of(new OffenderViolation("H1", "person:p", "anchor", "DY", "V01", "s4", "under_appeal",
                LocalDate.parse("2026-06-01"), true)), "2026-06-30", "b1").listing());
    }

    @Test
    void threeOfOneCategoryCountsEvenBelowSerious() {
        // three V11 (s2) within 24 months: only the category rule fires, and it is not public
        Listing l = step(null, List.of(v("C1", "DY", "V11", "s2", "confirmed", "2025-01-01"),
                v("C2", "KS", "V11", "s2", "confirmed", "2025-08-01"), v("C3", "KS", "V11", "s2", "confirmed", "2026-02-01")),
                "2026-06-30", "b1").listing();
        assertEquals(List.of("R-CATEGORY-3IN24M@1"), l.ruleRefs());
        assertFalse(l.isPublic());
        // V11, V11, V10: two categories, no rule
        assertNull(step(null, List.of(v("C1", "DY", "V11", "s2", "confirmed", "2025-01-01"),
                v("C2", "KS", "V11", "s2", "confirmed", "2025-08-01"), v("C3", "KS", "V10", "s2", "confirmed", "2026-02-01")),
                "2026-06-30", "b1").listing());
        // s1 does not count for the category rule (min s2)
        assertNull(step(null, List.of(v("C1", "DY", "V13", "s1", "confirmed", "2025-01-01"),
                v("C2", "KS", "V13", "s1", "confirmed", "2025-08-01"), v("C3", "KS", "V13", "s1", "confirmed", "2026-02-01")),
                "2026-06-30", "b1").listing());
    }

    @Test
    void fullLifecyclePreliminaryListedEligibleRemovedEarly() {
        List<OffenderViolation> vs = List.of(heavy("H1", "s4", "2026-06-01"));
        Listing l = step(null, vs, "2026-06-05", "b1").listing();
        assertEquals(ListingState.PRELIMINARY, l.state());
        // notice 10 days from the triggering decision: still preliminary on 06-10, listed on 06-11 (2026-06-01 + 10 days)
        Lifecycle.Step s = step(l, vs, "2026-06-10", "b2");
        assertFalse(s.changed());
        s = step(l, vs, "2026-06-11", "b3");
        assertEquals(List.of("newly_listed"), changes(s));
        l = s.listing();
        assertEquals(LocalDate.parse("2026-06-11"), l.listedFrom());
        assertEquals(LocalDate.parse("2027-06-11"), l.eligibleFrom());  // listed-from + 12 months
        assertEquals(LocalDate.parse("2029-06-01"), l.endsOn());        // triggering decision 2026-06-01 + 36 months
        // a decision before eligibility is refused and recorded, once
        EarlyRemovalDecision early = new EarlyRemovalDecision("person:p#1", "ZJ-1", LocalDate.parse("2027-01-05"));
        s = step(l, vs, "2027-01-06", "b4", early);
        assertEquals(List.of("decision_refused"), changes(s));
        assertEquals(ListingState.LISTED, s.listing().state());
        assertFalse(step(s.listing(), vs, "2027-01-07", "b5", early).changed());
        l = s.listing();
        // one day before the anniversary of listing: listed; on it: eligible (no new s3+ since 06-11)
        assertFalse(step(l, vs, "2027-06-10", "b6", early).changed());
        s = step(l, vs, "2027-06-11", "b7", early);
        assertEquals(List.of("eligible_early_removal"), changes(s));
        l = s.listing();
        EarlyRemovalDecision ok = new EarlyRemovalDecision("person:p#1", "ZJ-2", LocalDate.parse("2027-08-01"));
        s = step(l, vs, "2027-08-02", "b8", early, ok);
        assertEquals(List.of("removed_early"), changes(s));
        assertEquals(LocalDate.parse("2027-08-01"), s.listing().endedOn());
        assertEquals("ZJ-2", s.listing().decisionRef());
        // terminal: the old evidence does not list the subject again
        assertFalse(step(s.listing(), vs, "2027-09-01", "b9", early, ok).changed());
    }

    @Test
    void aLateSeriousViolationBlocksEarlyRemovalAndChangesEvidence() {
        List<OffenderViolation> vs = new ArrayList<>(List.of(heavy("H1", "s4", "2026-06-01")));
        Listing l = step(null, vs, "2026-06-30", "b1").listing();
        l = step(l, vs, "2027-07-10", "b2").listing();              // listed 07-10, eligible the same run
        assertEquals(ListingState.ELIGIBLE_EARLY_REMOVAL, l.state());
        // H2 (s4, heavier, 2027-03-01) arrives late: evidence grows and the listing goes back to listed
        vs.add(heavy("H2", "s4", "2027-03-01"));
        Lifecycle.Step s = step(l, vs, "2027-07-11", "b3");
        assertEquals(List.of("evidence_changed", "back_to_listed"), changes(s));
        assertEquals(List.of("H1", "H2"), s.listing().evidenceIds());
        assertTrue(s.events().get(0).reason().startsWith("evidence changed: added H2; dropped none"), s.events().get(0).reason());
    }

    @Test
    void expiryAfterThreeYearsThenRelistingOnlyForNewConduct() {
        List<OffenderViolation> vs = new ArrayList<>(List.of(v("V1", "DY", "V04", "s3", "confirmed", "2026-01-01"),
                v("V2", "DY", "V04", "s3", "confirmed", "2026-02-01"), v("V3", "DY", "V04", "s3", "confirmed", "2026-03-01")));
        Listing l = step(null, vs, "2026-06-30", "b1").listing();
        assertEquals(LocalDate.parse("2026-03-11"), l.listedFrom());   // 2026-03-01 + 10 days
        // a new s3 in 2027 (after listing, before 2027-03-11) keeps it from becoming eligible;
        // 2029-03-01 = the triggering decision 2026-03-01 + 36 months: expired
        vs.add(v("V4", "DY", "V04", "s3", "confirmed", "2027-01-01"));
        Lifecycle.Step s = step(l, vs, "2029-07-10", "b3");
        assertEquals(List.of("evidence_changed", "expired"), changes(s));
        l = s.listing();
        assertEquals(LocalDate.parse("2029-03-01"), l.endedOn());
        assertEquals(List.of("V1", "V2", "V3", "V4"), l.evidenceIds());
        // V5, V6 after the end plus V4 is not 3 in 24 months (V4 2027-01-01 is > 24 months before 2030-01-01)
        vs.add(v("V5", "DY", "V04", "s3", "confirmed", "2029-09-01"));
        vs.add(v("V6", "DY", "V04", "s3", "confirmed", "2030-01-01"));
        assertFalse(step(l, vs, "2030-01-02", "b4").changed());
        // V7 completes 3 after the end: listing #2 with V5, V6, V7, looking only after the end (2029-03-02)
        vs.add(v("V7", "KS", "V04", "s3", "confirmed", "2030-02-01"));
        s = step(l, vs, "2030-02-02", "b5");
        assertEquals("person:p#2", s.listing().listingId());
        assertEquals(LocalDate.parse("2029-03-02"), s.listing().scopeFrom());
        assertEquals(List.of("V5", "V6", "V7"), s.listing().evidenceIds());
        assertEquals(List.of("R-SERIOUS-3IN24M@2", "R-CATEGORY-3IN24M@1"), s.listing().ruleRefs());
    }

    @Test
    void aRerunOfTheSameBatchChangesNothingAndEventIdsAreStable() {
        List<OffenderViolation> vs = List.of(heavy("H1", "s4", "2026-06-01"));
        Lifecycle.Step first = step(null, vs, "2026-06-30", "b1");
        Lifecycle.Step again = step(null, vs, "2026-06-30", "b1");
        assertEquals(first.events().get(0).eventId(), again.events().get(0).eventId());  // same batch: same id (MERGE inserts once)
        assertFalse(step(first.listing(), vs, "2026-06-30", "b1").changed());           // applied already: nothing new
    }
}
