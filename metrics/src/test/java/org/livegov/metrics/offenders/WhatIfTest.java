package org.livegov.metrics.offenders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A rule change previewed on four hand-made subjects (no Spark). Current policy: 3 confirmed s3+
 * within 24 months (not public). Proposed: 1 confirmed s4 with a heavier penalty within 36 months
 * (public). As of 2026-06-30.
 */
class WhatIfTest {
    /** As shipped: one act per subject, broadcast and category; without a broadcast per category and day. */
    static final OffenderPolicy.Acts ACTS = new OffenderPolicy.Acts(List.of("broadcast_id", "category"),
            List.of("category", "detected_on"));
    static final OffenderPolicy.Rule THREE = new OffenderPolicy.Rule("R-THREE", 1, "s3", 3, 24, false, false, false, "t");
    static final OffenderPolicy.Rule HEAVY = new OffenderPolicy.Rule("R-HEAVY", 1, "s4", 1, 36, false, true, true, "t");
    static final OffenderPolicy CURRENT = new OffenderPolicy("1", 36, 12, 10, "s3", List.of(THREE), null,
            List.of("merchant", "anchor", "mcn"), 5, ACTS);
    static final OffenderPolicy PROPOSED = new OffenderPolicy("2", 36, 12, 10, "s3", List.of(HEAVY), null,
            List.of("merchant", "anchor", "mcn"), 5, ACTS);
    static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);

    static OffenderViolation v(String id, String subject, String severity, String day, boolean heavier) {
        return new OffenderViolation(id, subject, "merchant", "DY", "V04", severity, "confirmed", LocalDate.parse(day), heavier);
    }

    @Test
    void addedRemovedAndChangedSubjectsWithTheirEvidence() {
        List<OffenderViolation> vs = new ArrayList<>(List.of(
                // X: three s3 in (2024-06-30, 2026-06-30], none with a heavier penalty: current yes, proposed no
                v("X1", "uscc:X", "s3", "2025-09-01", false), v("X2", "uscc:X", "s3", "2025-12-01", false),
                v("X3", "uscc:X", "s3", "2026-03-01", false),
                // Y: one s4 with a heavier penalty: 1 < 3 for the current rule, 1 >= 1 for the proposed
                v("Y1", "uscc:Y", "s4", "2026-05-01", true),
                // Z: three s3 and one s4 heavier: both list it, by different rules
                v("Z1", "uscc:Z", "s3", "2025-09-01", false), v("Z2", "uscc:Z", "s3", "2025-10-01", false),
                v("Z3", "uscc:Z", "s3", "2025-11-01", false), v("Z4", "uscc:Z", "s4", "2026-01-15", true),
                // W: one s3: neither lists it
                v("W1", "uscc:W", "s3", "2026-01-01", false)));
        Map<String, List<OffenderViolation>> by = Lifecycle.bySubject(vs);
        Set<String> all = Set.of("uscc:X", "uscc:Y", "uscc:Z", "uscc:W");

        WhatIf.Result r = WhatIf.compare(CURRENT, PROPOSED, all, all, by, AS_OF);

        assertEquals(2, r.currentListed());  // X, Z
        assertEquals(2, r.proposedListed()); // Y, Z
        assertEquals(List.of("added uscc:Y", "removed uscc:X", "changed uscc:Z"),
                r.changes().stream().map(c -> c.kind().code() + " " + c.subjectKey()).toList());
        WhatIf.Change added = r.changes().get(0);
        assertEquals(List.of(), added.currentRules());
        assertEquals(List.of("R-HEAVY@1"), added.proposedRules());
        assertTrue(added.proposedPublic());
        assertEquals(LocalDate.parse("2026-05-01"), added.triggeredOn());
        assertEquals(List.of("Y1"), added.evidenceIds());
        assertTrue(added.evidence().contains("R-HEAVY@1") && added.evidence().contains("Y1"), added.evidence());
        WhatIf.Change removed = r.changes().get(1);
        assertEquals(List.of("R-THREE@1"), removed.currentRules());
        assertEquals(List.of(), removed.proposedRules());
        // the current rule's third act completes the count on 2026-03-01
        assertEquals(LocalDate.parse("2026-03-01"), removed.triggeredOn());
        assertEquals(List.of("X1", "X2", "X3"), removed.evidenceIds());
        WhatIf.Change changed = r.changes().get(2);
        assertEquals(List.of("R-THREE@1"), changed.currentRules());
        assertEquals(List.of("R-HEAVY@1"), changed.proposedRules());
        assertFalse(changed.currentPublic());
        assertTrue(changed.proposedPublic());
    }

    @Test
    void aSubjectOutsideThePolicysCandidatesIsNotListedByIt() {
        // Y would fire the proposed rule, but the proposed candidates (say, its subject_roles) exclude it
        List<OffenderViolation> vs = List.of(v("Y1", "uscc:Y", "s4", "2026-05-01", true));
        WhatIf.Result r = WhatIf.compare(CURRENT, PROPOSED, Set.of("uscc:Y"), Set.of(), Lifecycle.bySubject(vs), AS_OF);
        assertEquals(0, r.proposedListed());
        assertEquals(List.of(), r.changes());
    }

    @Test
    void samePolicyChangesNothing() {
        List<OffenderViolation> vs = List.of(v("X1", "uscc:X", "s3", "2025-09-01", false),
                v("X2", "uscc:X", "s3", "2025-12-01", false), v("X3", "uscc:X", "s3", "2026-03-01", false));
        WhatIf.Result r = WhatIf.compare(CURRENT, CURRENT, Set.of("uscc:X"), Set.of("uscc:X"), Lifecycle.bySubject(vs), AS_OF);
        assertEquals(1, r.currentListed());
        assertEquals(1, r.proposedListed());
        assertEquals(List.of(), r.changes());
    }

    @Test
    void aChangedRuleUnderItsOldVersionIsNamed() {
        OffenderPolicy.Rule twoNoBump = new OffenderPolicy.Rule("R-THREE", 1, "s3", 2, 24, false, false, false, "t");
        OffenderPolicy.Rule twoBumped = new OffenderPolicy.Rule("R-THREE", 2, "s3", 2, 24, false, false, false, "t");
        OffenderPolicy noBump = new OffenderPolicy("2", 36, 12, 10, "s3", List.of(twoNoBump, HEAVY), null,
                List.of("merchant", "anchor", "mcn"), 5, ACTS);
        OffenderPolicy bumped = new OffenderPolicy("2", 36, 12, 10, "s3", List.of(twoBumped), null,
                List.of("merchant", "anchor", "mcn"), 5, ACTS);
        assertEquals(List.of("R-THREE@1"), WhatIf.changedWithoutNewVersion(CURRENT, noBump));
        assertEquals(List.of(), WhatIf.changedWithoutNewVersion(CURRENT, bumped));
        assertEquals(List.of(), WhatIf.changedWithoutNewVersion(CURRENT, CURRENT));
    }
}
