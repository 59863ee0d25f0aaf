package org.livegov.metrics.offenders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The peer-relative review flag on 20 hand-made anchors (pure; the funnel is bench.FunnelLimits). */
class PeerReviewTest {
    static List<PeerReview.Subject> peers(long outlierViolations) {
        List<PeerReview.Subject> s = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            s.add(new PeerReview.Subject("person:p" + i, 4, 1000));
        }
        s.add(new PeerReview.Subject("person:x", outlierViolations, 1000));
        return s;
    }

    @Test
    void anOutlierAboveTheNinetyNinePointEightLimitIsFlagged() {
        // 19 anchors with 4 violations in 1,000 broadcasts, one with 30: peer rate
        // θ0 = (19·4 + 30) / 20,000 = 0.0053 per broadcast (5.3 per 1,000).
        // z = (y − θ0)/sqrt(θ0/1000): −0.5647 for the 19, 10.73 for x; 20 entities → Winsorise m = 2
        // per tail, so x's z becomes −0.5647 too; φ = 0.5647² = 0.3189 ≤ 1 → no τ², exact Poisson limits.
        // Poisson(μ = 5.3): F(13) = 0.998798, F(14) = 0.999588, so S(14) = P(R ≥ 14) = 0.001202 ≥ 0.001 >
        // S(15) = 0.000412; u = 14, β = (0.001202 − 0.001)/(0.001202 − 0.000412) = 0.2560; upper 99.8 % =
        // (14 + 0.2560)/1000 = 14.256 per 1,000 (13.256 before issue 17, which flagged 14 violations although
        // P(R ≥ 14) = 0.0012 > 0.001). x: 30 > 14.256 → flagged; the others: 4 per 1,000 are within.
        List<PeerReview.Flagged> f = PeerReview.flag(peers(30), 3);
        assertEquals(1, f.size());
        assertEquals("person:x", f.get(0).subjectKey());
        assertEquals(30.0, f.get(0).ratePer1000(), 1e-9);
        assertEquals(5.3, f.get(0).peerRatePer1000(), 1e-9);
        assertEquals(14.256, f.get(0).upper998Per1000(), 1e-3);
        assertEquals(0.3189, f.get(0).phi(), 1e-4);
    }

    @Test
    void theMinimumCountAndNoViolationsAtAllFlagNobody() {
        // same outlier: a minimum of exactly its 30 violations still flags it, 31 does not
        assertEquals(List.of("person:x"), PeerReview.flag(peers(30), 30).stream().map(PeerReview.Flagged::subjectKey).toList());
        assertTrue(PeerReview.flag(peers(30), 31).isEmpty());
        // x with 10: θ0 = 86/20,000 = 4.3 per 1,000; x's z = (0.010 − 0.0043)/sqrt(0.0043/1000) = 2.75 is
        // Winsorised, φ < 1; Poisson(4.3): S(12) = 0.001666, S(13) = 0.000534, u = 12, β = 0.5885, limit
        // (12 + 0.5885)/1000 = 12.589 per 1,000; 10 < 12.589: within, nobody flagged
        assertTrue(PeerReview.flag(peers(10), 3).isEmpty());
        // no violations at all: nothing to compare
        assertTrue(PeerReview.flag(List.of(new PeerReview.Subject("a", 0, 10), new PeerReview.Subject("b", 0, 20)), 1).isEmpty());
    }
}
