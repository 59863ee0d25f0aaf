package org.livegov.jobs.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.livegov.metrics.bench.Quarter;

/** The cell-by-cell comparison of release files, on files rendered by {@link ReleaseFiles} from hand-made rows. No Spark. */
class ReleaseComparisonTest {
    /** An indicators row in the column order of {@code Benchmark.INDICATORS_SCHEMA}. */
    static Map<String, Object> ind(String role, String entity, String indicator, double k, double n, boolean suppressed,
                                   double peer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quarter", "2026Q2");
        m.put("role", role);
        m.put("entity_id", entity);
        m.put("indicator_id", indicator);
        m.put("numerator", k);
        m.put("denominator", n);
        m.put("value", k / n);
        m.put("lower", null);
        m.put("upper", null);
        m.put("shrunk_value", null);
        m.put("peer_value", peer);
        m.put("overdispersion_phi", null);
        m.put("tau2", null);
        m.put("funnel_lower_95", null);
        m.put("funnel_upper_95", null);
        m.put("funnel_lower_998", null);
        m.put("funnel_upper_998", null);
        m.put("funnel_flag", null);
        m.put("score", 0.0);
        m.put("suppressed", suppressed);
        m.put("unit", "share");
        return m;
    }

    static Map<String, Object> score(String role, String entity, Double composite, Integer rank) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quarter", "2026Q2");
        m.put("role", role);
        m.put("entity_id", entity);
        m.put("composite", composite);
        m.put("weight_available", 1.0);
        m.put("rank", rank);
        m.put("rank_median", null);
        m.put("rank_lower", null);
        m.put("rank_upper", null);
        m.put("draws", 1000);
        return m;
    }

    static Map<String, byte[]> render(List<Map<String, Object>> indicators) {
        List<Map<String, Object>> scores = List.of(score("platform", "DY", 50.0, 1), score("platform", "KS", 40.0, 2));
        return ReleaseFiles.render("2026Q2", indicators, scores, List.of(), Map.of());
    }

    @Test
    void identicalFilesHaveNoDifferingCell() {
        List<Map<String, Object>> rows = List.of(ind("platform", "DY", "P06", 2, 3, false, 0.75),
                ind("platform", "KS", "P06", 1, 1, true, 0.75));
        assertEquals(List.of(), ReleaseComparison.compare(render(rows), render(rows)));
    }

    @Test
    void aChangedFigureIsListedInEveryFileThatShowsIt() {
        // DY's P06 goes from 2/3 to 3/4 and the peer value from (2+1)/(3+1) = 0.75 to (3+1)/(4+1) = 0.8;
        // KS (1 broadcast) is suppressed: only its peer value is public, and that changes too
        List<Map<String, Object>> before = List.of(ind("platform", "DY", "P06", 2, 3, false, 0.75),
                ind("platform", "KS", "P06", 1, 1, true, 0.75));
        List<Map<String, Object>> after = List.of(ind("platform", "DY", "P06", 3, 4, false, 0.8),
                ind("platform", "KS", "P06", 1, 1, true, 0.8));
        List<ReleaseComparison.Cell> cells = ReleaseComparison.compare(render(before), render(after));
        Set<String> seen = new TreeSet<>();
        cells.forEach(c -> seen.add(c.file() + " " + c.entityId() + " " + c.column()));
        // public CSV and JSON, and DY's pack (its own row unsuppressed, KS's in the public form); KS's pack
        // too: its own row unsuppressed, DY's public (here unsuppressed) row
        assertEquals(new TreeSet<>(List.of(
                "packs/DY/platform_indicators.csv DY denominator", "packs/DY/platform_indicators.csv DY numerator",
                "packs/DY/platform_indicators.csv DY peer_value", "packs/DY/platform_indicators.csv DY value",
                "packs/DY/platform_indicators.csv KS peer_value",
                "packs/KS/platform_indicators.csv DY denominator", "packs/KS/platform_indicators.csv DY numerator",
                "packs/KS/platform_indicators.csv DY peer_value", "packs/KS/platform_indicators.csv DY value",
                "packs/KS/platform_indicators.csv KS peer_value",
                "platform.json DY denominator", "platform.json DY numerator", "platform.json DY peer_value",
                "platform.json DY value", "platform.json KS peer_value",
                "platform_indicators.csv DY denominator", "platform_indicators.csv DY numerator",
                "platform_indicators.csv DY peer_value", "platform_indicators.csv DY value",
                "platform_indicators.csv KS peer_value")), seen);
        ReleaseComparison.Cell v = cells.stream().filter(c -> c.file().equals("platform_indicators.csv")
                && c.entityId().equals("DY") && c.column().equals("value")).findFirst().orElseThrow();
        assertEquals(List.of("indicators", "platform", "P06"), List.of(v.table(), v.role(), v.indicatorId()));
        assertEquals("0.6667", v.published());    // 2/3 to 4 decimals
        assertEquals("0.7500", v.now());
        assertEquals(ReleaseComparison.VALUE, v.change());
        assertNull(v.weighting());
        // 5 distinct figures: DY numerator, denominator, value, peer value; KS peer value
        assertEquals(5, ReleaseComparison.figures(cells));
    }

    @Test
    void aChangeBehindASuppressedCellIsNotReportedOutsideTheOwnersPack() {
        // KS's suppressed value changes (1/1 → 0/1), its peer value does not: the public files hide it
        List<Map<String, Object>> before = List.of(ind("platform", "DY", "P06", 2, 3, false, 0.75),
                ind("platform", "KS", "P06", 1, 1, true, 0.75));
        List<Map<String, Object>> after = List.of(ind("platform", "DY", "P06", 2, 3, false, 0.75),
                ind("platform", "KS", "P06", 0, 1, true, 0.75));
        List<ReleaseComparison.Cell> cells = ReleaseComparison.compare(render(before), render(after));
        // only KS's own pack shows its figures: numerator 1 → 0 (a count), value 1.0000 → 0.0000 (a share)
        assertEquals(List.of("packs/KS/platform_indicators.csv KS numerator 1 0",
                "packs/KS/platform_indicators.csv KS value 1.0000 0.0000"),
                cells.stream().map(c -> c.file() + " " + c.entityId() + " " + c.column() + " " + c.published() + " " + c.now())
                        .toList());
    }

    /**
     * A release written before issue 17 (numbers as the shortest text of each double, no
     * value_status or suppression_reason column) against a rebuild now: the same figures differ in
     * formatting only, a changed figure is still a change of value.
     */
    @Test
    void aReleaseWrittenBeforeTheRoundingDiffersInFormattingOnlyWhereTheFiguresAgree() {
        String scoresHead = "quarter,role,entity_id,composite,weight_available,rank,rank_median,rank_lower,rank_upper,draws\n";
        // DY as published then; KS's composite 40.004 then, 40.02 now (40.004 → 40.00 at 2 decimals: not 40.02)
        Map<String, byte[]> old = new java.util.TreeMap<>(Map.of(
                "platform_scores.csv", bytes(scoresHead + "2026Q2,platform,DY,70.95209004176266,1.0,1,,,,1000\n"
                        + "2026Q2,platform,KS,40.004,1.0,2,,,,1000\n"),
                "platform.json", bytes("{\"quarter\":\"2026Q2\",\"role\":\"platform\",\"scores\":[],\"indicators\":["
                        + "{\"quarter\":\"2026Q2\",\"role\":\"platform\",\"entity_id\":\"DY\",\"indicator_id\":\"P06\","
                        + "\"numerator\":617.0,\"peer_value\":8.35E-4}]}")));
        List<Map<String, Object>> now = new ArrayList<>(List.of(score("platform", "DY", 70.95209004176266, 1),
                score("platform", "KS", 40.02, 2)));
        Map<String, Object> p06 = ind("platform", "DY", "P06", 617, 1000, false, 8.35E-4);
        Map<String, byte[]> rebuilt = ReleaseFiles.render("2026Q2", List.of(p06), now, List.of(), Map.of());
        Map<String, byte[]> compared = new java.util.TreeMap<>();
        old.keySet().forEach(k -> compared.put(k, rebuilt.get(k)));
        List<String> got = new ArrayList<>();
        ReleaseComparison.compare(old, compared).forEach(c -> got.add(c.file() + " " + c.entityId() + " " + c.column() + " "
                + c.published() + " -> " + c.now() + " " + c.change()));
        assertTrue(got.contains("platform_scores.csv DY composite 70.95209004176266 -> 70.95 format"), got.toString());
        assertTrue(got.contains("platform_scores.csv DY weight_available 1.0 -> 1.0000 format"), got.toString());
        assertTrue(got.contains("platform_scores.csv KS composite 40.004 -> 40.02 value"), got.toString());
        // JSON: 617.0 → 617, 8.35E-4 (read as the decimal 0.000835) → 0.0008 at 4 decimals
        assertTrue(got.contains("platform.json DY numerator 617.0 -> 617 format"), got.toString());
        assertTrue(got.contains("platform.json DY peer_value 0.000835 -> 0.0008 format"), got.toString());
        // a column the old file lacks, in a row both have
        assertTrue(got.contains("platform.json DY value_status null -> published column"), got.toString());
        // the rows of DY's scores agree except in formatting; KS's composite is the one changed figure of the file
        assertEquals(List.of("platform_scores.csv KS composite 40.004 -> 40.02 value"),
                got.stream().filter(g -> g.startsWith("platform_scores.csv") && g.endsWith(" value")).toList());
        // the nightly's tally counts the changed figures only
        ReleaseDrift.Tally t = new ReleaseDrift.Tally();
        ReleaseComparison.compare(old, compared, t);
        ReleaseDrift.Result r = t.result(new ReleaseDrift.Release(Quarter.parse("2026Q2"), 1, "releases/2026Q2"));
        assertEquals(got.stream().filter(g -> g.endsWith(" value")).count(), r.cellsTotal());
        assertEquals(got.size() - r.cellsTotal(), r.formatOnly());
        assertTrue(r.summary("m.json").contains("cells differ in formatting only"), r.summary("m.json"));
    }

    @Test
    void formattingOnlyMeansTheSameNumberAtTheRebuiltPrecision() {
        // rounded half up to the decimals of the second text
        assertTrue(ReleaseComparison.formattingOnly("70.95209004176266", "70.95"));
        assertTrue(ReleaseComparison.formattingOnly("8.35E-4", "0.0008"));      // 0.000835 → 0.0008
        assertTrue(ReleaseComparison.formattingOnly("617.0", "617"));
        assertTrue(ReleaseComparison.formattingOnly("1234.565", "1234.57"));    // half up
        assertTrue(ReleaseComparison.formattingOnly("0.5", "0.5000"));
        assertTrue(!ReleaseComparison.formattingOnly("0.7", "0.6667"));
        assertTrue(!ReleaseComparison.formattingOnly("70.955", "70.95"));       // 70.955 → 70.96
        assertTrue(!ReleaseComparison.formattingOnly("", "0"));                 // empty is not zero
        assertTrue(!ReleaseComparison.formattingOnly("true", "true"));          // not numbers
    }

    @Test
    void rowsOnOneSideOnlyAreCellsWithNothingOnTheOtherSide() {
        Map<String, byte[]> a = Map.of("mcn_scores.csv", bytes("quarter,role,entity_id,composite\n2026Q2,mcn,M1,50.0\n"));
        Map<String, byte[]> b = Map.of("mcn_scores.csv",
                bytes("quarter,role,entity_id,composite\n2026Q2,mcn,M1,50.0\n2026Q2,mcn,M3,\n"));
        List<ReleaseComparison.Cell> cells = ReleaseComparison.compare(a, b);
        assertEquals(1, cells.size());
        ReleaseComparison.Cell c = cells.get(0);
        assertEquals(List.of("scores", "mcn", "M3", "composite"), List.of(c.table(), c.role(), c.entityId(), c.column()));
        assertNull(c.published());          // the release has no such cell ...
        assertEquals("", c.now());          // ... the rebuild an empty one
        // a file only in the rebuild: every cell of it
        List<ReleaseComparison.Cell> whole = ReleaseComparison.compare(Map.of(), a);
        assertEquals(1, whole.size());
        assertEquals("50.0", whole.get(0).now());
    }

    @Test
    void quotedCellsAndSensitivityKeys() {
        String head = "quarter,role,weighting,entity_id,rank,rank_shift\n";
        Map<String, byte[]> a = Map.of("x_sensitivity.csv", bytes(head + "2026Q2,mcn,\"a, b\",M1,1,0\n2026Q2,mcn,equal,M1,1,0\n"));
        Map<String, byte[]> b = Map.of("x_sensitivity.csv", bytes(head + "2026Q2,mcn,\"a, b\",M1,2,1\n2026Q2,mcn,equal,M1,1,0\n"));
        List<String> got = new ArrayList<>();
        ReleaseComparison.compare(a, b).forEach(c -> got.add(c.table() + "|" + c.weighting() + "|" + c.column() + "|"
                + c.published() + "|" + c.now()));
        assertEquals(List.of("sensitivity|a, b|rank|1|2", "sensitivity|a, b|rank_shift|0|1"), got);
        assertEquals(List.of(List.of("a", "b,\"c\"", ""), List.of("d")), ReleaseComparison.parseCsv("a,\"b,\"\"c\"\"\",\nd\n"));
    }

    @Test
    void rowsInAnotherOrderAreMatchedByTheirKeys() {
        // the release's rows are not sorted by key (M2 before M1): matched through a map, same answer
        String head = "quarter,role,entity_id,composite\n";
        Map<String, byte[]> a = Map.of("mcn_scores.csv", bytes(head + "2026Q2,mcn,M2,40.0\n2026Q2,mcn,M1,50.0\n"));
        Map<String, byte[]> b = Map.of("mcn_scores.csv", bytes(head + "2026Q2,mcn,M1,50.0\n2026Q2,mcn,M2,45.0\n"));
        List<ReleaseComparison.Cell> cells = ReleaseComparison.compare(a, b);
        assertEquals(1, cells.size());
        assertEquals(List.of("M2", "40.0", "45.0"), List.of(cells.get(0).entityId(), cells.get(0).published(), cells.get(0).now()));
    }

    @Test
    void theTallyCountsEveryCellButListsAtMostTheLimit() {
        ReleaseDrift.Tally t = new ReleaseDrift.Tally();
        // 10,005 cells: entities E0..E10004, one column each, every figure shown in a CSV and a JSON file
        // except the last 5 (CSV only): 10,005 figures, 10,005 + 10,000 = 20,005 cells
        for (int i = 0; i < 10_005; i++) {
            t.accept(new ReleaseComparison.Cell("a.csv", "scores", "mcn", "E" + i, null, null, "rank", "1", "2"));
            if (i < 10_000) t.accept(new ReleaseComparison.Cell("a.json", "scores", "mcn", "E" + i, null, null, "rank", "1", "2"));
        }
        ReleaseDrift.Result r = t.result(new ReleaseDrift.Release(Quarter.parse("2026Q2"), 1, "releases/2026Q2"));
        assertEquals(20_005, r.cellsTotal());
        assertEquals(10_005, r.figures());
        assertEquals(ReleaseDrift.MAX_LISTED_CELLS, r.cells().size());
        assertEquals(Map.of("a.csv", 10_005L, "a.json", 10_000L), r.files());
        Map<String, Object> m = r.toManifest();
        assertEquals(ReleaseDrift.MAX_LISTED_CELLS, m.get("cells_listed"));
        assertTrue(r.summary("m.json").startsWith("published 2026Q2 (r1): 10005 figures would change (20005 cells in 2 files); "
                + "see m.json release_drift"), r.summary("m.json"));
    }

    @Test
    void onlyReleasesOfTouchedQuartersAreChecked() {
        List<ReleaseDrift.Release> all = List.of(new ReleaseDrift.Release(Quarter.parse("2026Q1"), 2, "r/2026Q1-r2"),
                new ReleaseDrift.Release(Quarter.parse("2026Q2"), 1, "r/2026Q2"));
        // 2026-04 and 2026-06 are Beijing months of 2026Q2 (April to June), none of 2026Q1
        assertEquals(List.of("2026Q2"), ReleaseDrift.touched(all, Set.of("2026-04", "2026-06"), false).stream()
                .map(r -> r.quarter().toString()).toList());
        assertEquals(List.of(), ReleaseDrift.touched(all, Set.of("2026-07"), false));
        // a register change adds the most recent quarter's release (2026Q2), not every older one
        assertEquals(List.of("2026Q2"), ReleaseDrift.touched(all, Set.of(), true).stream()
                .map(r -> r.quarter().toString()).toList());
        // a late fact of 2026Q1 on a register-change night: both
        assertEquals(2, ReleaseDrift.touched(all, Set.of("2026-02"), true).size());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
