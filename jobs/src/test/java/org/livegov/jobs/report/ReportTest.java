package org.livegov.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.livegov.jobs.SparkTestBase;
import org.livegov.jobs.config.ConfigLoader;
import org.livegov.jobs.config.LiveGovConfig;
import org.livegov.jobs.config.TrendConfigLoader;
import org.livegov.metrics.trend.TrendFlags;
import org.livegov.metrics.trend.TrendSeries;

/**
 * The report on a hand-made series (cut-off 2026-06-10: April and May complete, June and 2026Q2 not),
 * hand-made benchmark tables and a hand-made offender list; then the page in headless Chromium.
 *
 * <pre>
 * national broadcasts   2025-04 900 · 2025-05 1000 · 2026-04 1000 · 2026-05 1200 · 2026-06 300 (incomplete) · 2026Q2 2500
 * national violations   2025-04 40  · 2025-05 45   · 2026-04 50   · 2026-05 90   · 2026-06 10                · 2026Q2 150
 * violations per 1,000  2025-04 44.444 (40/900) · 2025-05 45 (45/1000) · 2026-04 50 (50/1000) · 2026-05 75 (90/1200)
 *                       · 2026-06 33.333 · DY 40 → 80 (den 600, 700) · KS 65 → 68
 * violations: no expected value, limits or flag: the quasi-Poisson fit behind an expected value needs
 *   p + 4 = 17 earlier complete months (conf/trend.yaml min_residual_df 4) and there are at most 3.
 *   (Until issue 13 item 11, 2026-05 had expected 45, the 2025-05 count, and was flagged "above".)
 * PELT on the rate, over the 4 complete months, counts 40, 45, 50, 90 on exposure 900, 1000, 1000, 1200
 *   (penalty 2 ln 4 = 2.77; cost 2(S − S ln(S/X)), phi 1 without a fit): no split 1756.19, split before 90
 *   1098.13 + 646.25 + 2.77 = 1747.16, the best of all 8 segmentations → changepoint at 2026-05.
 * Largest changes: 2026Q2 is incomplete, so month-on-month within the quarter: DY rate 80/40 − 1 = +100 %
 *   (worse) first, then violations 90/50 − 1 = +80 %, national rate +50 %, broadcasts +20 %, KS +4.6 %.
 * Offenders: anchor [V01, V04], anchor [V04], merchant [V07] → anchor 2 (V01 1, V04 2), merchant 1 (V07 1).
 * </pre>
 */
@Tag("slow")
class ReportTest extends SparkTestBase {
    static final Path OUT = Path.of("target", "report-test");
    static LiveGovConfig conf;
    static ReportModel.Report report;
    static ReportWriter.Written written;
    /** {@link #demoLike}(0): the demo's case of a previous quarter with violations but no broadcasts. */
    static ReportModel.Report demo;
    static ReportWriter.Written demoWritten;
    static final String PERSON = "person:9f2c1e";

    static Row base(String type, String period, String dim, String dv, String measure, double v, Double den, boolean complete) {
        return RowFactory.create(type, period, dim, dv, measure, v, BigDecimal.valueOf(v).setScale(2, java.math.RoundingMode.HALF_UP),
                den == null ? null : BigDecimal.valueOf(den).setScale(2), complete);
    }

    static Dataset<Row> series() {
        List<Row> r = new ArrayList<>();
        r.add(base("month", "2025-04", "all", "all", "broadcasts", 900, null, true));
        r.add(base("month", "2025-05", "all", "all", "broadcasts", 1000, null, true));
        r.add(base("month", "2026-04", "all", "all", "broadcasts", 1000, null, true));
        r.add(base("month", "2026-05", "all", "all", "broadcasts", 1200, null, true));
        r.add(base("month", "2026-06", "all", "all", "broadcasts", 300, null, false));
        r.add(base("quarter", "2026Q2", "all", "all", "broadcasts", 2500, null, false));
        r.add(base("month", "2025-04", "all", "all", "violations", 40, null, true));
        r.add(base("month", "2025-05", "all", "all", "violations", 45, null, true));
        r.add(base("month", "2026-04", "all", "all", "violations", 50, null, true));
        r.add(base("month", "2026-05", "all", "all", "violations", 90, null, true));
        r.add(base("month", "2026-06", "all", "all", "violations", 10, null, false));
        r.add(base("quarter", "2026Q2", "all", "all", "violations", 150, null, false));
        r.add(base("month", "2025-04", "all", "all", "violations_per_1000_broadcasts", 40000.0 / 900, 900.0, true));
        r.add(base("month", "2025-05", "all", "all", "violations_per_1000_broadcasts", 45, 1000.0, true));
        r.add(base("month", "2026-04", "all", "all", "violations_per_1000_broadcasts", 50, 1000.0, true));
        r.add(base("month", "2026-05", "all", "all", "violations_per_1000_broadcasts", 75, 1200.0, true));
        r.add(base("month", "2026-06", "all", "all", "violations_per_1000_broadcasts", 1000.0 / 30, 300.0, false));
        r.add(base("quarter", "2026Q2", "all", "all", "violations_per_1000_broadcasts", 60, 2500.0, false));
        r.add(base("month", "2026-04", "platform", "DY", "violations_per_1000_broadcasts", 40, 600.0, true));
        r.add(base("month", "2026-05", "platform", "DY", "violations_per_1000_broadcasts", 80, 700.0, true));
        r.add(base("month", "2026-04", "platform", "KS", "violations_per_1000_broadcasts", 65, 400.0, true));
        r.add(base("month", "2026-05", "platform", "KS", "violations_per_1000_broadcasts", 68, 500.0, true));
        r.add(base("quarter", "2026Q2", "platform", "DY", "broadcasts", 1500, null, false));
        r.add(base("quarter", "2026Q2", "platform", "KS", "broadcasts", 1000, null, false));
        r.add(base("quarter", "2026Q2", "province", "330000", "violations_per_1000_broadcasts", 58, 2000.0, false));
        r.add(base("quarter", "2026Q2", "category", "V04", "violations", 70, null, false));
        r.add(base("month", "2026-05", "all", "all", "repeat_offenders", 3, null, true));
        return spark.createDataFrame(r, TrendSeries.BASE);
    }

    static Dataset<Row> scores() {
        StructType s = new StructType().add("quarter", "string").add("role", "string").add("entity_id", "string")
                .add("composite", "double").add("weight_available", "double").add("rank", "int").add("rank_median", "double")
                .add("rank_lower", "int").add("rank_upper", "int").add("draws", "int");
        List<Row> r = new ArrayList<>(List.of(
                RowFactory.create("2026Q2", "platform", "DY", 0.8, 1.0, 1, 1.0, 1, 2, 1000),
                RowFactory.create("2026Q2", "platform", "KS", 0.6, 1.0, 2, 2.0, 1, 2, 1000),
                RowFactory.create("2026Q2", "anchor", PERSON, 0.5, 0.8, 1, 1.5, 1, 3, 1000),
                RowFactory.create("2026Q1", "platform", "DY", 0.1, 1.0, 9, 9.0, 9, 9, 1000)));
        r.addAll(merchants());
        // anchors person:a02 … person:a12 ranks 2 … 12 (with PERSON: 12 ranked, at most 2N = 20: all shown),
        // and two anchors not ranked
        for (int i = 2; i <= 12; i++) {
            r.add(RowFactory.create("2026Q2", "anchor", String.format("person:a%02d", i), 0.5 - i / 100.0, 0.8, i, (double) i,
                    Math.max(1, i - 2), Math.min(12, i + 2), 1000));
        }
        r.add(RowFactory.create("2026Q2", "anchor", "person:u1", 0.9, 0.2, null, null, null, null, 1000));
        r.add(RowFactory.create("2026Q2", "anchor", "person:u2", 0.1, 0.2, null, null, null, null, 1000));
        return spark.createDataFrame(r, s);
    }

    /**
     * 28 merchants: M01 and M02 share rank 1 (composite 0.99 both, so by id), M03 … M25 ranks 3 … 25,
     * M26 … M28 not ranked (rank null). With N = 10: 25 ranked &gt; 20, so positions 1–10 and 16–25
     * are shown with "⋯ 5 more ⋯" between them (positions 11–15), and the note counts 3 left out.
     */
    static List<Row> merchants() {
        List<Row> r = new ArrayList<>();
        for (int i = 1; i <= 28; i++) {
            Integer rank = i > 25 ? null : i <= 2 ? 1 : i;
            r.add(RowFactory.create("2026Q2", "merchant", String.format("M%02d", i), i <= 2 ? 0.99 : 1 - i / 100.0, 1.0, rank,
                    rank == null ? null : rank.doubleValue(), rank == null ? null : Math.max(1, rank - 2),
                    rank == null ? null : Math.min(25, rank + 3), 1000));
        }
        return r;
    }

    static Dataset<Row> indicators() {
        StructType s = new StructType().add("quarter", "string").add("role", "string").add("entity_id", "string")
                .add("indicator_id", "string").add("numerator", "double").add("denominator", "double").add("value", "double")
                .add("lower", "double").add("upper", "double").add("shrunk_value", "double").add("peer_value", "double")
                .add("overdispersion_phi", "double").add("tau2", "double").add("funnel_lower_95", "double")
                .add("funnel_upper_95", "double").add("funnel_lower_998", "double").add("funnel_upper_998", "double")
                .add("funnel_flag", "string").add("score", "double").add("suppressed", "boolean").add("unit", "string");
        return spark.createDataFrame(List.of(
                RowFactory.create("2026Q2", "platform", "DY", "violation_rate", 90.0, 1500.0, 60.0, 50.0, 70.0, 59.0, 50.0,
                        1.2, 0.0, 40.0, 60.0, 35.0, 65.0, null, 0.7, false, "per 1,000 broadcasts"),
                RowFactory.create("2026Q2", "platform", "KS", "violation_rate", 60.0, 1000.0, 60.0, 48.0, 72.0, 59.0, 50.0,
                        1.2, 0.0, 38.0, 62.0, 33.0, 67.0, null, 0.6, false, "per 1,000 broadcasts"),
                RowFactory.create("2026Q2", "anchor", PERSON, "violation_rate", 9.0, 50.0, 180.0, 90.0, 300.0, 80.0, 50.0,
                        1.2, 0.0, 0.0, 110.0, 0.0, 150.0, "high", 0.1, false, "per 1,000 broadcasts"),
                // a share at small n (A01): 1/1, 1/1, 0/1, 1/2, 2/2, 4/5; limits as the data give them
                a01("person:a02", 1, 1, 0.0, 1.0), a01("person:a03", 1, 1, 0.0, 1.0), a01("person:a04", 0, 1, 0.0, 1.0),
                a01("person:a05", 1, 2, 0.0, 1.0), a01("person:a06", 2, 2, 0.0, 1.0), a01("person:a07", 4, 5, 0.4, 1.0)), s);
    }

    static Row a01(String anchor, double num, double den, double lo95, double hi95) {
        return RowFactory.create("2026Q2", "anchor", anchor, "A01_real_name_before_broadcast", num, den, num / den, null, null,
                null, 0.8, 1.0, 0.0, lo95, hi95, Math.max(0.0, lo95 - 0.2), 1.0, null, null, false, "share");
    }

    static Dataset<Row> offenders() {
        // gold/offender_listings columns the report reads; the expired listing is off the list and not counted
        StructType s = new StructType().add("subject_key", "string").add("subject_role", "string")
                .add("state", "string").add("categories", DataTypes.createArrayType(DataTypes.StringType));
        return spark.createDataFrame(List.of(RowFactory.create(PERSON, "anchor", "listed", List.of("V01", "V04")),
                RowFactory.create("person:other", "anchor", "eligible_early_removal", List.of("V04")),
                RowFactory.create("person:gone", "anchor", "expired", List.of("V04", "V09")),
                RowFactory.create("uscc:91330100MA2XXXXXX1", "merchant", "listed", List.of("V07"))), s);
    }

    @BeforeAll
    static void write() throws IOException {
        conf = ConfigLoader.load(Path.of("..", "conf"));
        Dataset<Row> annotated = TrendFlags.annotate(series(), conf.trend());
        report = ReportModel.build("2026Q2", annotated, scores(), indicators(), ReportSources.offenderCounts(offenders()),
                conf.trend(), TrendConfigLoader.categoryNames(Path.of("..", "conf", "taxonomy.yaml")));
        deleteTree(OUT);
        written = ReportWriter.write(report, OUT, "zh");
        demo = ReportModel.build("2026Q2", TrendFlags.annotate(demoLike(0), conf.trend()), null, null, null, conf.trend(), Map.of());
        demoWritten = ReportWriter.write(demo, OUT.resolve("demo-like"), "en");
    }

    static String csv(String id) throws IOException {
        return Files.readString(written.dataDir().resolve(id + ".csv"), StandardCharsets.UTF_8).replace("\uFEFF", "");
    }

    @Test
    void offenderCountsHaveNoIdentities() {
        List<Row> rows = ReportSources.offenderCounts(offenders()).collectAsList();
        assertEquals(List.of(RowFactory.create("anchor", null, 2L), RowFactory.create("anchor", "V01", 1L),
                RowFactory.create("anchor", "V04", 2L), RowFactory.create("merchant", null, 1L),
                RowFactory.create("merchant", "V07", 1L)), rows);
    }

    @Test
    void headlineAndIncompleteQuarter() throws IOException {
        assertFalse(report.quarterComplete());
        String h = csv("headline_figures");
        assertTrue(h.contains("\r\nbroadcasts,2500,false,,\r\n"), h);                  // incomplete: no QoQ, no YoY
        String all = String.join("\n", report.sectionNotes().get("headline").stream().map(m -> m.get("en")).toList());
        // 2025Q2 has national broadcasts in 2025-04 and 2025-05 only; 2026Q1 has none
        assertTrue(all.contains("The same quarter a year earlier (2025Q2) has broadcast data for only 2 of its 3 months: "
                + "no year-on-year change."), all);
        assertTrue(all.contains("No broadcast data for the previous quarter (2026Q1): no quarter-on-quarter change."), all);
        assertTrue(all.contains("2026Q2 is not complete yet"), all);
        for (Map<String, Object> card : report.headline()) {                          // the cards give the same reasons
            assertEquals(null, card.get("qoq"));
            assertEquals("no broadcast data for the previous quarter (2026Q1)", ((Map<?, ?>) card.get("qoqReason")).get("en"));
        }
    }

    @Test
    void flagsAndLargestChanges() throws IOException {
        // month, complete, observed, expected, lower, upper, flag, changepoint
        String a = csv("anomaly_violations");
        assertTrue(a.contains("2026-05,true,90,,,,,true"), a);       // too little history: not assessed; changepoint
        assertTrue(a.contains("2026-06,false,10,,,,,false"), a);     // incomplete: no expected, no flag
        assertTrue(a.contains("2026-04,true,50,,,,,false"), a);      // no expected, no changepoint
        String notes = String.join("\n", report.sectionNotes().get("anomalies").stream().map(n -> n.get("en")).toList());
        assertTrue(notes.contains("not enough history"), notes);
        String c = csv("largest_changes");
        String[] lines = c.split("\r\n");
        assertEquals("2026-05,platform,DY,violations_per_1000_broadcasts,80,1,worse", lines[1]);
        assertEquals("2026-05,all,all,violations,90,0.8,worse", lines[2]);
        assertEquals("2026-05,all,all,violations_per_1000_broadcasts,75,0.5,worse", lines[3]);
        assertEquals("2026-05,all,all,broadcasts,1200,0.2,volume", lines[4]);
    }

    @Test
    void benchmarkSectionsAndNoPersonalIdentifiers() throws IOException {
        assertTrue(Files.exists(written.dataDir().resolve("league_platform.csv")));
        assertTrue(csv("league_platform").contains("DY,0.8,1,1,1,2,1000"));            // 2026Q1 row left out
        // position, rank shown, entity, composite, rank, median, lower, upper, draws: anchors by position only
        assertTrue(csv("league_anchor").contains("\r\n1,1,anchor 01,0.5,1,1.5,1,3,1000\r\n"), csv("league_anchor"));
        assertTrue(csv("funnel_anchor_violation_rate").contains("anchor,9,50,180,50,0,110,0,150,high"));
        try (Stream<Path> files = Files.walk(OUT)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".csv") || p.toString().endsWith(".html")).toList()) {
                assertFalse(Files.readString(f, StandardCharsets.UTF_8).contains(PERSON), f.toString());
            }
        }
        // without the benchmark tables the section says so
        ReportModel.Report bare = ReportModel.build("2026Q2", TrendFlags.annotate(series(), conf.trend()), null, null, null,
                conf.trend(), Map.of());
        assertEquals("The benchmark league is not yet published for this quarter.",
                bare.sectionNotes().get("league").get(0).get("en"));
        assertTrue(bare.charts().stream().noneMatch(ch -> ch.section().equals("league")));
    }

    @Test
    void leagueShowsTopAndBottomNWithTiesAndCountsTheUnranked() throws IOException {
        // merchants(): 25 ranked, N = 10 → positions 1–10 and 16–25; M01 and M02 tie at rank 1
        String[] lines = csv("league_merchant").split("\r\n");
        assertEquals(1 + 20, lines.length);
        assertEquals("1,1=,M01,0.99,1,1,1,4,1000", lines[1]);
        assertEquals("2,1=,M02,0.99,1,1,1,4,1000", lines[2]);
        assertEquals("3,3,M03,0.97,3,3,1,6,1000", lines[3]);
        assertEquals("10,10,M10,0.9,10,10,8,13,1000", lines[10]);
        assertEquals("16,16,M16,0.84,16,16,14,19,1000", lines[11]);
        assertEquals("25,25,M25,0.75,25,25,23,25,1000", lines[20]);
        Chart m = chart("league_merchant");
        assertEquals("25 ranked: the top 10 and the bottom 10 are shown. 3 not ranked (too little coverage or exposure) and left out.",
                m.note().get("en"));
        List<?> labels = (List<?>) ((Map<?, ?>) m.option().get("en").get("yAxis")).get("data");
        assertEquals(21, labels.size());                                            // 20 entities and the gap
        assertEquals("1=  M01", labels.get(0));
        assertEquals("⋯ 5 more ⋯", labels.get(10));
        assertEquals("25  M25", labels.get(20));
        assertEquals(labels.size(), new java.util.HashSet<>(labels).size());      // distinct
        // anchors: 12 ranked (≤ 20, all shown) by position, 2 not ranked
        Chart a = chart("league_anchor");
        List<?> al = (List<?>) ((Map<?, ?>) a.option().get("zh").get("yAxis")).get("data");
        assertEquals("1  主播 01", al.get(0));
        assertEquals("12  主播 12", al.get(11));
        assertEquals("12 ranked, all shown. 2 not ranked (too little coverage or exposure) and left out.", a.note().get("en"));
        // N = 2 on the same merchants: positions 1, 2 and 24, 25
        ReportModel.Report small = ReportModel.build("2026Q2", TrendFlags.annotate(series(), conf.trend()), scores(), indicators(),
                null, conf.trend(), Map.of(), 2);
        Chart s2 = small.charts().stream().filter(c -> c.id().equals("league_merchant")).findFirst().orElseThrow();
        assertEquals(List.of("1=  M01", "1=  M02", "⋯ 21 more ⋯", "24  M24", "25  M25"),
                ((Map<?, ?>) s2.option().get("en").get("yAxis")).get("data"));
    }

    @Test
    void funnelOfAShareDrawsItsLimitsOverExposureAndMergesEqualPoints() {
        Chart f = chart("funnel_anchor_A01_real_name_before_broadcast");
        Map<String, Object> o = f.option().get("en");
        assertEquals(Map.of("type", "value", "name", "share", "min", 0, "max", 1), o.get("yAxis"));
        List<?> series = (List<?>) o.get("series");
        // points: (1, 1) twice, (1, 0), (2, 0.5), (2, 1), (5, 0.8): five points, the first of two entities
        List<?> pts = (List<?>) ((Map<?, ?>) series.get(0)).get("data");
        assertEquals(5, pts.size());
        assertEquals(List.of(1.0, 1.0, 2), ((Map<?, ?>) pts.get(0)).get("value"));
        assertEquals(11L, ((Map<?, ?>) pts.get(0)).get("symbolSize"));               // 7 + 4·√(2 − 1)
        // the lower 95 % limit, one point per exposure: 0 at n = 1 and 2, 0.4 at n = 5
        assertEquals(List.of(List.of(1.0, 0.0), List.of(2.0, 0.0), List.of(5.0, 0.4)), ((Map<?, ?>) series.get(2)).get("data"));
        assertEquals(List.of(List.of(1.0, 0.8), List.of(2.0, 0.8), List.of(5.0, 0.8)), ((Map<?, ?>) series.get(1)).get("data"));
        assertEquals("none", ((Map<?, ?>) series.get(2)).get("symbol"));
        // one exposure for every entity (the anchor violation rate: one anchor, 50 broadcasts): no funnel, limits as ticks
        Chart one = chart("funnel_anchor_violation_rate");
        assertEquals("Unit: per 1,000 broadcasts; 1 entities; every entity has the same exposure (50), so there is no funnel: "
                + "each limit is one value, drawn as a tick", one.note().get("en"));
        Map<?, ?> upper = (Map<?, ?>) ((List<?>) one.option().get("en").get("series")).get(3);
        assertEquals(List.of(List.of(50.0, 110.0)), upper.get("data"));
        assertEquals("rect", upper.get("symbol"));
    }

    @Test
    void anEmptyChartSaysWhy() {
        // no MCN size band rows in the series; no one on the offender list
        assertEquals("No violations per 1,000 broadcasts by MCN size band for 2026Q2",
                ((Map<?, ?>) chart("quarter_band").option().get("en").get("title")).get("text"));
        ReportModel.Report none = ReportModel.build("2026Q2", TrendFlags.annotate(series(), conf.trend()), null, null,
                ReportSources.offenderCounts(offenders().where("state = 'expired'")), conf.trend(), Map.of());
        Chart c = none.charts().stream().filter(x -> x.id().equals("offenders_by_category")).findFirst().orElseThrow();
        assertTrue(c.rows().isEmpty());
        assertEquals("目前没有在列的重复违规主体", ((Map<?, ?>) c.option().get("zh").get("title")).get("text"));
        assertFalse(chart("quarter_category").option().get("en").containsKey("title"));   // a chart with data has no such text
    }

    /**
     * The demo's contradiction: 2026Q2 complete with broadcasts, 2026Q1 with violations only (history,
     * no broadcasts). Violations 2026Q1 10 + 10 + 10 = 30, 2026Q2 40 + 30 + 30 = 100: the series' QoQ is
     * 100 / 30 − 1 = +233.3 %, but 2026Q1 has no broadcast data, so the card shows no change and gives
     * the same reason as the headline note. With broadcasts in all three months of 2026Q1 (100 each)
     * the change is comparable and kept; with broadcasts in two of them it is not.
     */
    static Dataset<Row> demoLike(int q1BroadcastMonths) {
        List<Row> r = new ArrayList<>();
        String[] q1 = {"2026-01", "2026-02", "2026-03"};
        for (int i = 0; i < 3; i++) {
            r.add(base("month", q1[i], "all", "all", "violations", 10, null, true));
            if (i >= 3 - q1BroadcastMonths) {
                r.add(base("month", q1[i], "all", "all", "broadcasts", 100, null, true));
            }
        }
        r.add(base("quarter", "2026Q1", "all", "all", "violations", 30, null, true));
        if (q1BroadcastMonths > 0) {
            r.add(base("quarter", "2026Q1", "all", "all", "broadcasts", 100 * q1BroadcastMonths, null, true));
        }
        double[] v = {40, 30, 30};
        String[] q2 = {"2026-04", "2026-05", "2026-06"};
        for (int i = 0; i < 3; i++) {
            r.add(base("month", q2[i], "all", "all", "broadcasts", 1000, null, true));
            r.add(base("month", q2[i], "all", "all", "violations", v[i], null, true));
        }
        r.add(base("quarter", "2026Q2", "all", "all", "broadcasts", 3000, null, true));
        r.add(base("quarter", "2026Q2", "all", "all", "violations", 100, null, true));
        return spark.createDataFrame(r, TrendSeries.BASE);
    }

    static Map<String, Object> card(ReportModel.Report r, String measure) {
        return r.headline().stream().filter(c -> c.get("measure").equals(measure)).findFirst().orElseThrow();
    }

    @Test
    void headlineAndCardsShareOneDefinitionOfNoData() throws IOException {
        assertEquals(null, card(demo, "violations").get("qoq"));                   // not +233.3 %
        assertEquals("no broadcast data for the previous quarter (2026Q1)",
                ((Map<?, ?>) card(demo, "violations").get("qoqReason")).get("en"));
        List<String> notes = demo.sectionNotes().get("headline").stream().map(n -> n.get("en")).toList();
        assertTrue(notes.contains("No broadcast data for the previous quarter (2026Q1): no quarter-on-quarter change."), notes.toString());
        // largest changes: no QoQ, so month on month; 2026-04 against 2026-03 (no broadcasts) is left out:
        // violations 2026-05 30/40 − 1 = −25 % and 2026-06 30/30 − 1 = 0 remain
        String changes = Files.readString(demoWritten.dataDir().resolve("largest_changes.csv"), StandardCharsets.UTF_8);
        assertFalse(changes.contains("2026-04"), changes);
        assertTrue(changes.contains("2026-05,all,all,violations,30,-0.25,better"), changes);

        ReportModel.Report full = ReportModel.build("2026Q2", TrendFlags.annotate(demoLike(3), conf.trend()), null, null, null,
                conf.trend(), Map.of());
        assertEquals(100.0 / 30 - 1, (Double) card(full, "violations").get("qoq"), 1e-12);
        assertEquals(null, card(full, "violations").get("qoqReason"));
        assertEquals(3000.0 / 300 - 1, (Double) card(full, "broadcasts").get("qoq"), 1e-12);
        // the fixture has no other measures: their notes name them, and neither violations nor broadcasts
        List<String> fullNotes = full.sectionNotes().get("headline").stream().map(n -> n.get("en")).toList();
        assertTrue(fullNotes.contains("No complaints data for the previous quarter (2026Q1): no quarter-on-quarter change for Complaints."),
                fullNotes.toString());
        assertTrue(fullNotes.stream().noneMatch(n -> n.contains("quarter-on-quarter change.")
                || n.matches(".*quarter-on-quarter change for .*(Violations|Broadcasts)[,.].*")), fullNotes.toString());

        ReportModel.Report part = ReportModel.build("2026Q2", TrendFlags.annotate(demoLike(2), conf.trend()), null, null, null,
                conf.trend(), Map.of());
        assertEquals(null, card(part, "violations").get("qoq"));
        assertEquals("the previous quarter (2026Q1) has broadcast data for only 2 of its 3 months",
                ((Map<?, ?>) card(part, "violations").get("qoqReason")).get("en"));
    }

    static Chart chart(String id) {
        return report.charts().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError("no chart " + id));
    }

    @Test
    void workbookHasASheetPerChart() throws IOException {
        try (InputStream in = Files.newInputStream(written.workbook()); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            assertEquals(report.charts().size() + 2, wb.getNumberOfSheets());          // + notes, headline_figures
            var s = wb.getSheet("offenders_by_category");
            assertEquals("anchor", s.getRow(1).getCell(0).getStringCellValue());
            assertEquals("ALL", s.getRow(1).getCell(1).getStringCellValue());
            assertEquals(2.0, s.getRow(1).getCell(2).getNumericCellValue());
        }
        String html = Files.readString(written.html(), StandardCharsets.UTF_8);
        assertFalse(Pattern.compile("<script[^>]+src=|<link[^>]+href=\"?https?:").matcher(html).find(), "nothing fetched");
        assertTrue(html.contains("echarts"), "ECharts inlined");
    }

    // ---------------------------------------------------------------- browser

    static String chromium() {
        for (String c : List.of("chromium", "chromium-browser")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, c))) {
                    return Path.of(dir, c).toString();
                }
            }
        }
        return null;
    }

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Path log = Files.createTempFile("chromium", ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish in 120 s: " + cmd);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return out;
    }

    static List<String> headless(String chromium, String... args) {
        List<String> c = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + OUT.toAbsolutePath().resolve("chromium-profile")));
        c.addAll(List.of(args));
        return c;
    }

    static int attr(String dom, String name) {
        Matcher m = Pattern.compile("id=\"lg-status\"[^>]*" + name + "=\"(\\d+)\"").matcher(dom);
        assertTrue(m.find(), "no " + name + " on #lg-status in the DOM");
        return Integer.parseInt(m.group(1));
    }

    /**
     * Appended to a copy of the page: waits until every chart has drawn, then writes into
     * {@code <pre id="lg-probe">} as JSON the visible text of the page, each chart's drawn SVG texts,
     * the texts that reach outside their chart (clipped), the cards and the headline notes, and how
     * far the page is wider than the window. A control chart whose title starts 60 px left of its
     * frame must be found clipped: the clipping check can fail.
     */
    static final String PROBE = """
            <script>
            (function () {
              var ctl = document.createElement('div'); ctl.id = 'probe-control'; ctl.style.cssText = 'width:300px;height:80px';
              document.body.appendChild(ctl);
              echarts.init(ctl, null, { renderer: 'svg' }).setOption({ animation: false, title: { text: 'PROBE CONTROL', left: -60, top: 10 } });
              function probe() {
                if (!LG.charts || Object.keys(LG.finished).length < LG.charts) { setTimeout(probe, 50); return; }
                var out = { charts: {}, clipped: [], control: [], cards: [], notes: [], visible: document.body.innerText,
                            overflow: document.documentElement.scrollWidth - window.innerWidth, width: window.innerWidth,
                            errors: LG.errors, status: document.getElementById('lg-status').outerHTML };
                document.querySelectorAll('[data-chart], #probe-control').forEach(function (div) {
                  var svg = div.querySelector('svg'); if (!svg) { return; }
                  var box = svg.getBoundingClientRect(); var id = div.getAttribute('data-chart') || 'control'; var texts = [];
                  svg.querySelectorAll('text').forEach(function (t) {
                    var s = t.textContent; if (!s || t.closest('[clip-path]')) { return; }   // a scrolling legend clips its own items
                    texts.push(s);
                    var r = t.getBoundingClientRect();
                    if (r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)) {
                      (id === 'control' ? out.control : out.clipped).push(id + ': ' + s + ' @' + [r.left - box.left, r.top - box.top, r.right - box.left, r.bottom - box.top].map(Math.round) + ' in ' + Math.round(box.width) + 'x' + Math.round(box.height));
                    }
                  });
                  out.charts[id] = texts;
                });
                document.querySelectorAll('.card').forEach(function (c) { out.cards.push({ measure: c.getAttribute('data-measure'), text: c.innerText }); });
                document.querySelectorAll('#section-headline p.note').forEach(function (n) { out.notes.push(n.textContent); });
                parent.postMessage(JSON.stringify(out), '*');
              }
              probe();
            })();
            </script>
            """;

    /**
     * A page holding {@code src} in a frame {@code width} × {@code height} px: headless Chromium has no
     * window narrower than 500 px, a frame can be (a phone is 390 px). The frame's probe posts its
     * findings here, into {@code <pre id="lg-probe">}.
     */
    static Path host(Path dir, String name, String src, int width, int height) throws IOException {
        Path h = dir.resolve(name);
        Files.writeString(h, "<!DOCTYPE html><html><body style=\"margin:0\"><iframe src=\"" + src + "\" style=\"width:" + width
                + "px;height:" + height + "px;border:0;display:block\"></iframe><pre id=\"lg-probe\"></pre><script>"
                + "addEventListener('message', function (e) { document.getElementById('lg-probe').textContent = e.data; });"
                + "</script></body></html>", StandardCharsets.UTF_8);
        return h;
    }

    /** Loads {@code html} with the probe in a frame {@code width} px wide; returns the probe's findings. */
    static com.fasterxml.jackson.databind.JsonNode probe(String chromium, Path html, String lang, int width) throws Exception {
        String copyName = "probe-" + html.getFileName();
        Path copy = html.resolveSibling(copyName);
        String page = Files.readString(html, StandardCharsets.UTF_8);
        int end = page.lastIndexOf("</body>");                       // the inlined ECharts holds the text "</body>" too
        Files.writeString(copy, page.substring(0, end) + PROBE + page.substring(end), StandardCharsets.UTF_8);
        Path h = host(html.getParent(), "host-" + lang + "-" + width + ".html", copyName + "?lang=" + lang, width, 900);
        String dom = run(headless(chromium, "--dump-dom", "--window-size=" + Math.max(width + 20, 520) + ",900",
                "--virtual-time-budget=20000", h.toAbsolutePath().toUri().toString()));
        Matcher m = Pattern.compile("<pre id=\"lg-probe\">(.+?)</pre>", Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), "the probe did not finish: not every chart was drawn");
        String json = m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", "\u00a0").replace("&amp;", "&");
        var p = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertEquals("[]", p.get("errors").toString(), "script errors");
        assertEquals(width, p.get("width").asInt(), "frame width");
        return p;
    }

    static String texts(com.fasterxml.jackson.databind.JsonNode probe, String chart) {
        List<String> out = new ArrayList<>();
        probe.get("charts").get(chart).forEach(t -> out.add(t.asText()));
        return String.join("\n", out);
    }

    /** A screenshot of {@code src} (relative to the report) in a frame width × height, cropped to the frame. */
    static void screenshot(String chromium, String src, Path file, int width, int height) throws Exception {
        Files.deleteIfExists(file);
        Path h = host(written.html().getParent(), "shot-host.html", src, width, height);
        run(headless(chromium, "--screenshot=" + file.toAbsolutePath(), "--window-size=" + Math.max(width, 520) + "," + height,
                "--virtual-time-budget=20000", h.toAbsolutePath().toUri().toString()));
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(file.toFile());
        javax.imageio.ImageIO.write(img.getSubimage(0, 0, Math.min(width, img.getWidth()), Math.min(height, img.getHeight())), "png",
                file.toFile());
        assertTrue(Files.size(file) > 10_000, "screenshot written: " + file);
    }

    @Test
    void pageLoadsWithoutErrorsDrawsEveryChartAndAgreesWithItself() throws Exception {
        if (Boolean.getBoolean("livegov.skipBrowser")) {
            Assumptions.abort("livegov.skipBrowser=true");
        }
        String chromium = chromium();
        if (chromium == null) {
            fail("chromium is not installed (apt-get install chromium; .ci/run does it); set -Dlivegov.skipBrowser=true to skip");
        }
        assertTrue(report.charts().size() >= 15, "charts: " + report.charts().size());
        for (String lang : List.of("zh", "en")) {
            for (int width : List.of(1280, 390)) {
                String at = lang + " at " + width + " px: ";
                var p = probe(chromium, written.html(), lang, width);
                assertEquals(report.charts().size(), p.get("charts").size() - 1, at + "charts drawn");   // − the control
                assertTrue(p.get("control").size() > 0, at + "the clipping check finds the control's clipped title");
                assertEquals("[]", p.get("clipped").toString(), at + "texts reaching outside their chart");
                assertTrue(p.get("overflow").asInt() <= 0, at + "the page is wider than the window by " + p.get("overflow"));
                String visible = p.get("visible").asText();
                assertFalse(visible.contains("script errors") || visible.matches("(?s).*charts \\d+/\\d+.*"), at + "debug text on the page");
                // the league axis: distinct labels with ids (merchants) or positions (anchors), never "#1"
                String merchants = texts(p, "league_merchant");
                for (String label : List.of("1=  M01", "1=  M02", "10  M10", "16  M16", "25  M25")) {
                    assertTrue(merchants.contains(label), at + label + " in\n" + merchants);
                }
                assertTrue(merchants.contains("zh".equals(lang) ? "⋯ 另有 5 个 ⋯" : "⋯ 5 more ⋯"), at + merchants);
                String anchors = texts(p, "league_anchor");
                assertTrue(anchors.contains(("zh".equals(lang) ? "主播 " : "anchor ") + "12"), at + anchors);
                assertFalse(anchors.contains("#1") || anchors.contains(PERSON), at + anchors);
                // an empty chart draws its reason
                assertTrue(texts(p, "quarter_band").replace("\n", " ").contains("zh".equals(lang) ? "没有 2026Q2" : "No violations per"),
                        at + texts(p, "quarter_band"));
                // the headline and the cards agree: every card's QoQ is a dash with the reason the note gives
                String notes = p.get("notes").toString();
                assertTrue(notes.contains("zh".equals(lang) ? "没有上季度（2026Q1）的直播数据：无环比。"
                        : "No broadcast data for the previous quarter (2026Q1): no quarter-on-quarter change."), at + notes);
                for (var card : p.get("cards")) {
                    String t = card.get("text").asText();
                    assertTrue(t.contains("zh".equals(lang) ? "环比 —" : "QoQ —") && !t.matches("(?s).*(QoQ|环比) [+-]\\d.*"), at + t);
                    assertTrue(t.contains("zh".equals(lang) ? "没有上季度（2026Q1）的直播数据" : "no broadcast data for the previous quarter (2026Q1)"), at + t);
                }
                // an axis title that used to be cut ("olations per 1,000 broadcasts"): drawn whole, or shortened with "…"
                String rates = texts(p, "trend_rates");
                String axisName = "zh".equals(lang) ? "每千场直播违规数" : "Violations per 1,000 broadcasts";
                assertTrue(rates.lines().anyMatch(l -> l.equals(axisName) || (l.endsWith("…")
                        && axisName.startsWith(l.substring(0, l.length() - 1)))), at + rates);
            }
        }
        // the demo's case in the page: a comparable violations count in 2026Q1 is not shown as +233.3 %
        var d = probe(chromium, demoWritten.html(), "en", 1280);
        for (var card : d.get("cards")) {
            assertFalse(card.get("text").asText().contains("%"), card.toString());
        }

        // the check can fail: a page with a script error is caught
        Path broken = OUT.resolve("broken.html");
        String page = Files.readString(written.html(), StandardCharsets.UTF_8);
        int end = page.lastIndexOf("</body>");
        Files.writeString(broken, page.substring(0, end) + "<script>noSuchFunction();</script>" + page.substring(end),
                StandardCharsets.UTF_8);
        assertEquals(1, attr(run(headless(chromium, "--dump-dom", "--virtual-time-budget=15000",
                broken.toAbsolutePath().toUri().toString())), "data-errors"));

        // screenshots (target/report-shots): the first screen and the league section, zh and en, at 1280 and 390 px
        Path shots = Path.of("target", "report-shots");
        Files.createDirectories(shots);
        String page0 = written.html().getFileName().toString();
        for (String lang : List.of("zh", "en")) {
            for (int width : List.of(1280, 390)) {
                int height = width == 390 ? 844 : 900;
                screenshot(chromium, page0 + "?lang=" + lang, shots.resolve("first-" + lang + "-" + width + ".png"), width, height);
                screenshot(chromium, page0 + "?lang=" + lang + "#section-league", shots.resolve("league-" + lang + "-" + width + ".png"),
                        width, width == 390 ? 1600 : 1400);
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
