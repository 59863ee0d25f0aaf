package org.livegov.metrics.offenders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.Test;

/**
 * The rules count acts, not records (issue 13, item 1), and a rule restricted to categories counts
 * only those (item 2). Hand-made records of one subject, no Spark. Act definition as shipped in
 * conf/offenders.yaml: one act per (broadcast, category), without a broadcast per (category,
 * Beijing day).
 */
class RuleEngineTest {
    static final OffenderPolicy.Acts ACTS = new OffenderPolicy.Acts(List.of("broadcast_id", "category"),
            List.of("category", "detected_on"));
    /** 3 serious-or-worse acts in 24 months, any category (R-SERIOUS-3IN24M@3). */
    static final OffenderPolicy.Rule SERIOUS = new OffenderPolicy.Rule("R-SERIOUS-3IN24M", 3, "s3", 3, 24, false, false,
            false, "configuration", List.of(), false, "t");
    /** 3 false-advertising (V04) acts of any severity in 24 months (R-FALSE-AD-3IN24M@1). */
    static final OffenderPolicy.Rule FALSE_AD = new OffenderPolicy.Rule("R-FALSE-AD-3IN24M", 1, "s1", 3, 24, false, false,
            false, "Advertising Law art. 55", List.of("V04"), false, null);
    static final OffenderPolicy.Rule CRITICAL = new OffenderPolicy.Rule("R-CRITICAL-HEAVIER", 2, "s4", 1, 36, false, true,
            true, "SAMR Order 44 (2021)", List.of(), false, null);
    static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);

    static OffenderViolation r(String id, String broadcast, String category, String severity, String status, String day) {
        return r(id, broadcast, category, severity, status, day, false);
    }

    static OffenderViolation r(String id, String broadcast, String category, String severity, String status, String day,
                               boolean heavier) {
        return new OffenderViolation(id, "uscc:X", "merchant", "DY", category, severity, status, LocalDate.parse(day), heavier,
                broadcast);
    }

    static List<String> describe(List<RuleEngine.Act> acts) {
        return acts.stream().map(a -> a.actId() + " " + a.day() + " " + a.severity() + " " + a.violationIds()).toList();
    }

    @Test
    void threeRecordsOfOneBroadcastAreOneActAndDoNotFire() {
        // one broadcast B1, category V05: the report (s3, 01-10), a second reviewer's record (s3, 01-11) and a
        // correction under a new id (s4, 02-01): 3 records, 1 act, day 2026-01-10 (earliest), severity s4 (worst)
        List<OffenderViolation> vs = List.of(r("V1", "B1", "V05", "s3", "confirmed", "2026-01-10"),
                r("V2", "B1", "V05", "s3", "confirmed", "2026-01-11"), r("V3", "B1", "V05", "s4", "confirmed", "2026-02-01"));
        assertEquals(List.of("b:B1|V05 2026-01-10 s4 [V1, V2, V3]"), describe(RuleEngine.acts(ACTS, vs, AS_OF)));
        // 1 act < 3: the rule that counted records (3 >= 3) fired here
        assertTrue(RuleEngine.fire(ACTS, SERIOUS, vs, LocalDate.MIN, AS_OF).isEmpty());
    }

    @Test
    void threeActsFireAndTheEvidenceListsEveryMergedRecord() {
        // B1/V05: V1 + V2 (1 act, 2026-01-10); B2/V07: V3 (2026-02-01); no broadcast, V05 on 2026-03-01: V4
        // = 3 acts within (2024-03-01, 2026-03-01]: fires on 2026-03-01, the day of the third act
        List<OffenderViolation> vs = List.of(r("V1", "B1", "V05", "s3", "confirmed", "2026-01-10"),
                r("V2", "B1", "V05", "s3", "confirmed", "2026-01-12"), r("V3", "B2", "V07", "s3", "confirmed", "2026-02-01"),
                r("V4", null, "V05", "s3", "confirmed", "2026-03-01"));
        RuleEngine.Firing f = RuleEngine.fire(ACTS, SERIOUS, vs, LocalDate.MIN, AS_OF).orElseThrow();
        assertEquals(LocalDate.parse("2026-03-01"), f.triggeredOn());
        assertEquals(List.of("b:B1|V05 2026-01-10 s3 [V1, V2]", "b:B2|V07 2026-02-01 s3 [V3]",
                "d:V05|2026-03-01 2026-03-01 s3 [V4]"), describe(f.acts()));
        assertEquals(List.of("V1", "V2", "V3", "V4"), f.evidence().stream().map(OffenderViolation::violationId).toList());
        // the listing keeps every record with its act, and its acts column groups them
        Lifecycle.Step s = Lifecycle.step(policy(SERIOUS), "uscc:X", null, vs, List.of(), AS_OF, "run", "b1");
        Listing l = s.listing();
        assertEquals(List.of("V1", "V2", "V3", "V4"), l.evidenceIds());   // every record id stays in evidence_ids
        assertEquals(List.of("b:B1|V05", "b:B1|V05", "b:B2|V07", "d:V05|2026-03-01"),
                l.evidence().stream().map(OffenderViolation.Evidence::actId).toList());
        // the opening event's reason names the acts (the listing's own reason moved on: listed on 2026-03-11)
        String opened = s.events().get(0).reason();
        assertTrue(opened.contains("3 acts: b:B1|V05 2026-01-10 s3 [V1 DY, V2 DY], b:B2|V07"), opened);
        Row plain = OffenderRows.toRow(l);
        Object[] values = new Object[plain.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = plain.get(i);
        }
        Row row = new GenericRowWithSchema(values, OffenderRows.LISTINGS);
        List<Row> acts = row.getList(row.fieldIndex("acts"));
        assertEquals(3, acts.size());
        assertEquals("b:B1|V05", acts.get(0).getString(0));                    // act_id
        assertEquals("s3", acts.get(0).getString(2));                          // severity
        assertEquals(List.of("V1", "V2"), acts.get(0).getList(4));             // violation_ids
        // read back, each record keeps its act, so the next run sees the same evidence (no evidence_changed)
        assertEquals(l.evidence(), OffenderRows.listing(row).evidence());
        assertFalse(Lifecycle.step(policy(SERIOUS), "uscc:X", OffenderRows.listing(row), vs, List.of(), AS_OF,
                "run", "b1").changed());
    }

    @Test
    void recordsWithoutABroadcastAreOneActPerCategoryAndBeijingDay() {
        // W1, W2: V04 on 2026-01-05 → one act; W4: V06 the same day → another; W3: V04 on 01-06 → another.
        // Order: by day, then act id ("d:V04|…" before "d:V06|…")
        List<OffenderViolation> vs = List.of(r("W1", null, "V04", "s3", "confirmed", "2026-01-05"),
                r("W2", null, "V04", "s3", "confirmed", "2026-01-05"), r("W3", null, "V04", "s3", "confirmed", "2026-01-06"),
                r("W4", null, "V06", "s3", "confirmed", "2026-01-05"));
        assertEquals(List.of("d:V04|2026-01-05 2026-01-05 s3 [W1, W2]", "d:V06|2026-01-05 2026-01-05 s3 [W4]",
                        "d:V04|2026-01-06 2026-01-06 s3 [W3]"),
                describe(RuleEngine.acts(ACTS, vs, AS_OF)));
        // 3 acts (not 4 records): fires on 2026-01-06, the day of the third act
        assertEquals(LocalDate.parse("2026-01-06"), RuleEngine.fire(ACTS, SERIOUS, vs, LocalDate.MIN, AS_OF).orElseThrow()
                .triggeredOn());
        // W2 detected with a broadcast is a separate act (b:B9|V04), still 4 acts counted as 4
        List<OffenderViolation> mixed = new ArrayList<>(vs);
        mixed.set(1, r("W2", "B9", "V04", "s3", "confirmed", "2026-01-05"));
        assertEquals(4, RuleEngine.acts(ACTS, mixed, AS_OF).size());
    }

    @Test
    void onlyConfirmedRecordsFormActsAndLaterRecordsAreNotSeen() {
        // B1/V04: X1 s2 confirmed, X2 s3 confirmed, X3 s4 overturned, X4 s4 under appeal, X5 s4 after the as-of day:
        // the act is X1 + X2, severity s3 (the overturned, appealed and future s4 do not raise it)
        List<OffenderViolation> vs = List.of(r("X1", "B1", "V04", "s2", "confirmed", "2026-01-01"),
                r("X2", "B1", "V04", "s3", "confirmed", "2026-01-02"), r("X3", "B1", "V04", "s4", "overturned", "2026-01-03"),
                r("X4", "B1", "V04", "s4", "under_appeal", "2026-01-04"), r("X5", "B1", "V04", "s4", "confirmed", "2026-07-01"));
        assertEquals(List.of("b:B1|V04 2026-01-01 s3 [X1, X2]"), describe(RuleEngine.acts(ACTS, vs, AS_OF)));
        // an act whose records are all overturned is no act
        assertEquals(List.of(), RuleEngine.acts(ACTS, List.of(r("Y1", "B2", "V04", "s4", "overturned", "2026-01-01")), AS_OF));
    }

    @Test
    void anActCarriesAHeavierPenaltyWhenAnyOfItsRecordsDoes() {
        // B1/V01: H1 s4 without a heavier penalty, H2 s3 with one (the same act, penalised once): s4 + heavier
        List<OffenderViolation> vs = List.of(r("H1", "B1", "V01", "s4", "confirmed", "2026-05-01", false),
                r("H2", "B1", "V01", "s3", "confirmed", "2026-05-02", true));
        RuleEngine.Firing f = RuleEngine.fire(ACTS, CRITICAL, vs, LocalDate.MIN, AS_OF).orElseThrow();
        assertEquals(LocalDate.parse("2026-05-01"), f.triggeredOn());   // the act's day: its earliest record
        assertEquals(List.of("H1", "H2"), f.evidence().stream().map(OffenderViolation::violationId).toList());
        // on another broadcast the s3 with a heavier penalty is its own act: no s4 act has a heavier penalty
        assertTrue(RuleEngine.fire(ACTS, CRITICAL, List.of(vs.get(0), r("H2", "B2", "V01", "s3", "confirmed", "2026-05-02", true)),
                LocalDate.MIN, AS_OF).isEmpty());
    }

    @Test
    void theFalseAdvertisingRuleCountsOnlyItsCategory() {
        // acts: V04 s3 2025-01-01, V04 s2 2025-06-01, V06 s3 2025-09-01 → 2 false-advertising acts (V06 is price
        // fraud, not false advertising): the art. 55 rule does not fire; the serious rule sees 2 serious acts
        List<OffenderViolation> vs = new ArrayList<>(List.of(r("A1", "B1", "V04", "s3", "confirmed", "2025-01-01"),
                r("A2", "B2", "V04", "s2", "confirmed", "2025-06-01"), r("A3", "B3", "V06", "s3", "confirmed", "2025-09-01")));
        assertTrue(RuleEngine.fire(ACTS, FALSE_AD, vs, LocalDate.MIN, AS_OF).isEmpty());
        // a third V04 act (s1, 2026-02-01): 3 V04 acts within (2024-02-01, 2026-02-01] → fires on 2026-02-01,
        // whatever the severity (art. 55 counts false advertising, not serious false advertising); evidence A1, A2, A4
        vs.add(r("A4", null, "V04", "s1", "confirmed", "2026-02-01"));
        RuleEngine.Firing f = RuleEngine.fire(ACTS, FALSE_AD, vs, LocalDate.MIN, AS_OF).orElseThrow();
        assertEquals(LocalDate.parse("2026-02-01"), f.triggeredOn());
        assertEquals(List.of("A1", "A2", "A4"), f.evidence().stream().map(OffenderViolation::violationId).toList());
        // serious: A1 (s3), A3 (s3) = 2 acts of s3+: no firing
        assertTrue(RuleEngine.fire(ACTS, SERIOUS, vs, LocalDate.MIN, AS_OF).isEmpty());
    }

    @Test
    void anActDefinitionMustKeepTheCategoryAndSeparateDays() {
        assertEquals("acts.with_broadcast must contain broadcast_id and category, not [broadcast_id]",
                assertThrowsIae(() -> new OffenderPolicy.Acts(List.of("broadcast_id"), List.of("category", "detected_on"))));
        assertEquals("acts.without_broadcast must contain category and detected_on and not broadcast_id, not [category]",
                assertThrowsIae(() -> new OffenderPolicy.Acts(List.of("broadcast_id", "category"), List.of("category"))));
        assertEquals("acts.with_broadcast must be distinct fields among [broadcast_id, category, detected_on, platform_id],"
                        + " not [broadcast_id, category, shop]",
                assertThrowsIae(() -> new OffenderPolicy.Acts(List.of("broadcast_id", "category", "shop"),
                        List.of("category", "detected_on"))));
        // platform in the key: the same day and category on two platforms are two acts
        OffenderPolicy.Acts perPlatform = new OffenderPolicy.Acts(List.of("broadcast_id", "category"),
                List.of("platform_id", "category", "detected_on"));
        assertEquals("d:DY|V04|2026-01-05", perPlatform.actId(r("W1", null, "V04", "s3", "confirmed", "2026-01-05")));
    }

    private static String assertThrowsIae(org.junit.jupiter.api.function.Executable e) {
        return org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    static OffenderPolicy policy(OffenderPolicy.Rule rule) {
        return new OffenderPolicy("t", 36, 12, 10, "s3", List.of(rule), null, List.of("merchant", "anchor", "mcn"), 5, ACTS);
    }
}
