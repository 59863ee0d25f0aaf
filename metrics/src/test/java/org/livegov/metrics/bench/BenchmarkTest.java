package org.livegov.metrics.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.livegov.metrics.bench.Indicator.Direction;
import org.livegov.metrics.bench.Indicator.Kind;
import org.livegov.metrics.bench.Indicator.Role;
import org.livegov.metrics.TestSpark;

/** Benchmark.compute on a tiny quarter worked by hand, and its independence of row order and partitioning. */
class BenchmarkTest {
    static final SparkSession spark = TestSpark.session();

    // P: share of content reviewed before release, higher is better, goalposts 0.5 → 1.0, weight 0.6, min 10 anchors
    static final Indicator P = new Indicator("P01_reviewed", Role.MCN, "review content", "reviewed", "broadcasts", Kind.PROPORTION,
            Direction.HIGHER_IS_BETTER, "share", 1, 0.5, 1.0, 0.6, 10);
    // R: violations per 1,000 broadcasts, lower is better, goalposts 10 → 0, weight 0.4, min 100 broadcasts
    static final Indicator R = new Indicator("R01_violations", Role.MCN, "handle violations", "violations", "broadcasts", Kind.RATE,
            Direction.LOWER_IS_BETTER, "per 1,000 broadcasts", 1000, 10, 0, 0.4, 100);
    // A: an anchor indicator, for the Monte Carlo skip
    static final Indicator A = new Indicator("A01_real_name", Role.ANCHOR, "real name", "verified", "accounts", Kind.PROPORTION,
            Direction.HIGHER_IS_BETTER, "share", 1, 0, 1, 1, 1);
    // M: median hours from detection to disposal, per platform, lower is better, goalposts 72 → 0, min 5 violations
    static final Indicator M = new Indicator("M01_disposal_hours", Role.PLATFORM, "dispose of violations", "hours", "violations",
            Kind.MEDIAN, Direction.LOWER_IS_BETTER, "hours", 1, 72, 0, 1, 5);
    static final List<Indicator> CATALOGUE = List.of(P, R, A, M);

    static Row v(String quarter, String role, String entity, String indicator, Double num, double den) {
        return RowFactory.create(quarter, role, entity, indicator, num, den, null, null, null);
    }

    static Dataset<Row> frame(List<Row> rows) {
        return spark.createDataFrame(rows, IndicatorValues.SCHEMA);
    }

    static List<Row> tiny() {
        return List.of(
                v("2026Q2", "mcn", "m1", "P01_reviewed", 9.0, 10), v("2026Q2", "mcn", "m2", "P01_reviewed", 16.0, 20),
                v("2026Q2", "mcn", "m3", "P01_reviewed", 2.0, 5),
                v("2026Q2", "mcn", "m1", "R01_violations", 2.0, 1000), v("2026Q2", "mcn", "m2", "R01_violations", 5.0, 500),
                v("2026Q2", "mcn", "m3", "R01_violations", 3.0, 1000),
                v("2026Q2", "anchor", "a1", "A01_real_name", 9.0, 10), v("2026Q2", "anchor", "a2", "A01_real_name", 5.0, 10),
                RowFactory.create("2026Q2", "platform", "DY", "M01_disposal_hours", null, 30.0, 12.0, 8.0, 20.0),
                RowFactory.create("2026Q2", "platform", "KS", "M01_disposal_hours", null, 40.0, 36.0, 30.0, 42.0));
    }

    static Map<String, Row> byKey(Dataset<Row> d, String... keys) {
        Map<String, Row> m = new HashMap<>();
        for (Row r : d.collectAsList()) {
            StringBuilder k = new StringBuilder();
            for (String c : keys) k.append(r.<Object>getAs(c)).append('|');
            m.put(k.toString(), r);
        }
        return m;
    }

    @Test
    void aShareOfOneUnitIsNeverFlagged() {
        // 9,999 anchors verified and one not: peer value 9,999/10,000 = 0.9999; the unverified one, 0 of 1, has
        // P(R ≤ 0) = 1 − 0.9999 = 0.0001 < 0.001, so the exact one-sided test alone would say below_998. One unit
        // is still not flagged: A01's min exposure is 1, so only the one-unit rule keeps it out. The verified
        // ones, 1 of 1 (P(R ≥ 1) = 0.9999), are not flagged either.
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 9999; i++) rows.add(v("2026Q2", "anchor", String.format("a%05d", i), "A01_real_name", 1.0, 1));
        rows.add(v("2026Q2", "anchor", "z", "A01_real_name", 0.0, 1));
        BenchmarkResult b = Benchmark.compute(frame(rows), List.of(A), List.of(), 20260630L, 1000, 1);
        Map<String, Row> ind = byKey(b.indicators(), "entity_id");
        assertEquals(9999.0 / 10000, ind.get("z|").<Double>getAs("peer_value"), 1e-12);
        assertNull(ind.get("z|").getAs("funnel_flag"));
        assertNull(ind.get("a00000|").getAs("funnel_flag"));
        assertEquals(10000, b.indicators().where("funnel_flag is null").count());
    }

    @Test
    void tinyQuarterByHand() {
        BenchmarkResult b = Benchmark.compute(frame(tiny()), CATALOGUE, List.of(new Weighting("rate_only", Map.of("R01_violations", 1.0))),
                20260630L, 1000, 1);
        Map<String, Row> ind = byKey(b.indicators(), "entity_id", "indicator_id");
        // P values: m1 9/10 = 0.9 → score 100·(0.9−0.5)/0.5 = 80; m2 16/20 = 0.8 → 60;
        // m3 2/5 = 0.4 → 0 (clipped), suppressed (5 < 10) but still computed
        Row p1 = ind.get("m1|P01_reviewed|");
        assertEquals(0.9, p1.<Double>getAs("value"), 1e-12);
        assertEquals(80, p1.<Double>getAs("score"), 1e-9);
        assertEquals(Intervals.wilson(9, 10, 0.95).lower(), p1.<Double>getAs("lower"), 1e-15);
        assertFalse(p1.<Boolean>getAs("suppressed"));
        assertEquals(60, ind.get("m2|P01_reviewed|").<Double>getAs("score"), 1e-9);
        Row p3 = ind.get("m3|P01_reviewed|");
        assertTrue(p3.<Boolean>getAs("suppressed"));
        assertEquals(0.4, p3.<Double>getAs("value"), 1e-12);
        assertEquals(0, p3.<Double>getAs("score"), 0);
        // suppressed (5 < min exposure 10): it gets the limits at its exposure, but is not assessed against them
        // (issue 17): funnel_flag null, where it would otherwise be "within" (Bin(5, 27/35): P(R ≤ 2) = 0.2286⁵
        // + 5·0.7714·0.2286⁴ + 10·0.7714²·0.2286³ = 0.00062 + 0.01053 + 0.07107 = 0.0822 ≥ 0.025). m1, not
        // suppressed, is assessed: 9 of 10, P(R ≥ 9) = 10·0.7714⁹·0.2286 + 0.7714¹⁰ = 0.2211 + 0.0746 = 0.296 → within.
        assertNull(p3.getAs("funnel_flag"));
        assertTrue(p3.<Double>getAs("funnel_lower_95") != null);
        assertEquals("within", p1.<String>getAs("funnel_flag"));
        // peer share, m3 included: (9 + 16 + 2)/(10 + 20 + 5) = 27/35
        assertEquals(27.0 / 35, p1.<Double>getAs("peer_value"), 1e-12);
        assertEquals("share", p1.<String>getAs("unit"));

        // R values per 1,000: m1 2/1000 → 2 → score 100·(2−10)/(0−10) = 80; m2 5/500 → 10 → 0; m3 3/1000 → 3 → 70
        Row r2 = ind.get("m2|R01_violations|");
        assertEquals(10, r2.<Double>getAs("value"), 1e-12);
        assertEquals(0, r2.<Double>getAs("score"), 1e-9);
        assertEquals(70, ind.get("m3|R01_violations|").<Double>getAs("score"), 1e-9);
        // Garwood for 5 events: 1.6235 … 11.6683 per 500 → ×1000/500 = 3.2470 … 23.3366 per 1,000
        assertEquals(Intervals.exactPoisson(5, 500, 0.95).upper() * 1000, r2.<Double>getAs("upper"), 1e-9);
        // Rate funnel: θ0 = 10/2500 = 0.004 (4 per 1,000); z = (0.002−0.004)/sqrt(0.004/1000) = −1,
        // (0.01−0.004)/sqrt(0.004/500) = 2.1213, (0.003−0.004)/0.002 = −0.5 → φ = (1 + 4.5 + 0.25)/3 = 1.916667
        // w = 250000, 125000, 250000: Σw = 625000, Σw²/Σw = 1.40625e11/625000 = 225000
        // τ² = (3·1.916667 − 2)/(625000 − 225000) = 3.75/400000 = 9.375e−6 per broadcast² = 9.375 per (1,000)²
        // m2 at 500: sd = sqrt(0.004/500 + 9.375e−6) = 0.0041683 → upper 95 = 0.004 + 1.959964·0.0041683 = 12.1698 per 1,000
        assertEquals(4, r2.<Double>getAs("peer_value"), 1e-12);
        assertEquals(23.0 / 12, r2.<Double>getAs("overdispersion_phi"), 1e-12);
        assertEquals(9.375, r2.<Double>getAs("tau2"), 1e-9);
        assertEquals(12.1698, r2.<Double>getAs("funnel_upper_95"), 1e-4);
        assertEquals(0, r2.<Double>getAs("funnel_lower_95"), 0);   // 4 − 8.1698 < 0, clipped
        assertEquals("within", r2.<String>getAs("funnel_flag"));
        // shrunk value is the gamma-Poisson posterior mean, in the published unit
        assertEquals(EmpiricalBayes.gammaPoisson(new double[]{2, 5, 3}, new double[]{1000, 500, 1000}).shrunk()[1] * 1000,
                r2.<Double>getAs("shrunk_value"), 1e-12);

        // composites: m1 0.6·80 + 0.4·80 = 80 (rank 1); m2 0.6·60 + 0.4·0 = 36 (rank 2);
        // m3 has only R (P suppressed): weight available 0.4 < 0.5 → no composite, no rank
        Map<String, Row> sc = byKey(b.scores(), "entity_id");
        assertEquals(80, sc.get("m1|").<Double>getAs("composite"), 1e-9);
        assertEquals(1, (int) sc.get("m1|").<Integer>getAs("rank"));
        assertEquals(36, sc.get("m2|").<Double>getAs("composite"), 1e-9);
        assertEquals(2, (int) sc.get("m2|").<Integer>getAs("rank"));
        assertNull(sc.get("m3|").getAs("composite"));
        assertEquals(0.4, sc.get("m3|").<Double>getAs("weight_available"), 1e-12);
        assertNull(sc.get("m3|").getAs("rank"));
        assertNull(sc.get("m3|").getAs("rank_median"));
        // two ranked MCNs: the 90 % rank interval lies in 1..2, drawn 1,000 times
        assertEquals(1000, (int) sc.get("m1|").<Integer>getAs("draws"));
        assertEquals(1, (int) sc.get("m1|").<Integer>getAs("rank_lower"));
        assertEquals(2, (int) sc.get("m2|").<Integer>getAs("rank_upper"));
        // anchors: 2 ranked > maxMonteCarloEntities 1 → Monte Carlo skipped, point ranks kept (0.9 → 1, 0.5 → 2)
        assertEquals(0, (int) sc.get("a1|").<Integer>getAs("draws"));
        assertEquals(1, (int) sc.get("a1|").<Integer>getAs("rank"));
        assertNull(sc.get("a2|").getAs("rank_lower"));

        // platforms, MEDIAN passed through: DY 12 h (8–20) → score 100·(12−72)/(0−72) = 83.3333; KS 36 h → 50;
        // no funnel, no shrinkage. Draws: DY ~ N(12, 12/3.919928 = 3.0613), KS ~ N(36, 3.0613); KS ahead of DY needs
        // a difference beyond 24/(3.0613·√2) = 5.54 sd, probability 1.5e−8: rank intervals 1–1 and 2–2
        Row dy = ind.get("DY|M01_disposal_hours|");
        assertEquals(12, dy.<Double>getAs("value"), 0);
        assertEquals(8, dy.<Double>getAs("lower"), 0);
        assertEquals(20, dy.<Double>getAs("upper"), 0);
        assertEquals(250.0 / 3, dy.<Double>getAs("score"), 1e-9);
        assertNull(dy.getAs("funnel_flag"));
        assertNull(dy.getAs("peer_value"));
        assertNull(dy.getAs("shrunk_value"));
        assertNull(dy.getAs("numerator"));
        assertEquals(250.0 / 3, sc.get("DY|").<Double>getAs("composite"), 1e-9);
        assertEquals(50, sc.get("KS|").<Double>getAs("composite"), 1e-9);
        assertEquals(List.of(1, 1, 1), List.of(sc.get("DY|").<Integer>getAs("rank"), sc.get("DY|").<Integer>getAs("rank_lower"),
                sc.get("DY|").<Integer>getAs("rank_upper")));
        assertEquals(List.of(2, 2, 2), List.of(sc.get("KS|").<Integer>getAs("rank"), sc.get("KS|").<Integer>getAs("rank_lower"),
                sc.get("KS|").<Integer>getAs("rank_upper")));
        assertEquals(2.0, sc.get("KS|").<Double>getAs("rank_median"), 0);

        // sensitivity, rate only: m1 80 → 1, m3 70 → 2 (now ranked: R is all its weight), m2 0 → 3
        // shifts m1 0, m2 3 − 2 = +1, m3 none (unranked in the base)
        Map<String, Row> sens = byKey(b.sensitivity(), "weighting", "entity_id");
        assertEquals(0, (int) sens.get("rate_only|m1|").<Integer>getAs("rank_shift"));
        assertEquals(3, (int) sens.get("rate_only|m2|").<Integer>getAs("rank"));
        assertEquals(1, (int) sens.get("rate_only|m2|").<Integer>getAs("rank_shift"));
        assertEquals(2, (int) sens.get("rate_only|m3|").<Integer>getAs("rank"));
        assertNull(sens.get("rate_only|m3|").getAs("rank_shift"));
        assertEquals(3, sens.size());   // the weighting gives no anchor or platform indicator a weight: no rows for them
        // summary: one MCN moved (m2, +1), largest shift 1
        Row summary = Benchmark.sensitivitySummary(b.sensitivity()).collectAsList().get(0);
        assertEquals(1L, summary.<Long>getAs("moved"));
        assertEquals(1, (int) summary.<Integer>getAs("largest_shift"));
    }

    @Test
    void theMinimumWeightShareDecidesWhoIsRanked() {
        // m3 has only R (P suppressed, 5 < 10): weight available 0.4. Default ½: listed, not ranked, with the reason.
        Map<String, Row> half = byKey(Benchmark.compute(frame(tiny()), CATALOGUE, List.of(), 20260630L, 1000, 1).scores(), "entity_id");
        assertNull(half.get("m3|").getAs("rank"));
        assertEquals("not ranked: 40 % of the weight available, a rank needs 50 % (indicators below their minimum exposure or not available do not count)",
                half.get("m3|").getAs("rank_reason"));
        // a catalogue asking for 0.4: m3's composite is R alone, 70 (3 per 1,000 between 10 → 0), so m1 80 → 1,
        // m3 70 → 2, m2 36 → 3; m3 now takes part in the draws too
        Map<String, Row> low = byKey(Benchmark.compute(frame(tiny()), CATALOGUE, List.of(), 20260630L, 1000, 1, 0.4).scores(), "entity_id");
        assertEquals(70, low.get("m3|").<Double>getAs("composite"), 1e-9);
        assertEquals(List.of(1, 2, 3), List.of(low.get("m1|").<Integer>getAs("rank"), low.get("m3|").<Integer>getAs("rank"),
                low.get("m2|").<Integer>getAs("rank")));
        assertNull(low.get("m3|").getAs("rank_reason"));
        assertNull(half.get("m3|").getAs("rank_upper"));
        assertTrue(low.get("m3|").<Integer>getAs("rank_upper") >= 2);
        assertThrows(IllegalArgumentException.class, () -> Benchmark.compute(frame(tiny()), CATALOGUE, List.of(), 1, 1000, 1, 0));
    }

    @Test
    void sameResultsAfterShufflingAndRepartitioning() {
        Random rnd = new Random(3);
        List<Row> rows = new ArrayList<>();
        for (int e = 0; e < 40; e++) {
            String id = String.format("mcn%02d", e);
            double n = 5 + rnd.nextInt(60), b = 50 + rnd.nextInt(3000);
            rows.add(v("2026Q1", "mcn", id, "P01_reviewed", (double) rnd.nextInt((int) n + 1), n));
            rows.add(v("2026Q1", "mcn", id, "R01_violations", (double) rnd.nextInt(30), b));
            rows.add(v("2026Q2", "mcn", id, "P01_reviewed", (double) rnd.nextInt((int) n + 1), n));
        }
        List<Weighting> alt = List.of(new Weighting("equal", Map.of("P01_reviewed", 0.5, "R01_violations", 0.5)));
        BenchmarkResult first = Benchmark.compute(frame(rows), CATALOGUE, alt, 99, 1000);
        List<Row> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(17));
        BenchmarkResult second = Benchmark.compute(frame(shuffled).repartition(3), CATALOGUE, alt, 99, 1000);
        assertEquals(sorted(first.indicators()), sorted(second.indicators()));
        assertEquals(sorted(first.scores()), sorted(second.scores()));
        assertEquals(sorted(first.sensitivity()), sorted(second.sensitivity()));
        assertEquals(120, first.indicators().count());
        // the rank interval really is simulated: some MCN's 90 % interval is wider than one place
        assertTrue(first.scores().filter("rank_upper > rank_lower").count() > 0);
    }

    static List<String> sorted(Dataset<Row> d) {
        List<String> out = new ArrayList<>();
        for (Row r : d.collectAsList()) out.add(r.toString());
        Collections.sort(out);
        return out;
    }

    @Test
    void unknownIndicatorIsNamed() {
        List<Row> rows = new ArrayList<>(tiny());
        rows.add(v("2026Q2", "mcn", "m1", "X99_unknown", 1.0, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Benchmark.compute(frame(rows), CATALOGUE, List.of(), 1, 1000));
        assertTrue(e.getMessage().contains("X99_unknown"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Benchmark.compute(frame(tiny()), CATALOGUE, List.of(), 1, 999));
    }
}
