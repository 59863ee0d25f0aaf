package org.livegov.jobs.report;

import static org.livegov.jobs.report.Labels.of;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.livegov.metrics.trend.Periods;
import org.livegov.metrics.trend.TrendConfig;
import org.livegov.metrics.trend.TrendFlags;

/**
 * Builds the quarterly trend report (texts, headline figures and charts with their data) from the
 * gold tables, without I/O: {@link ReportWriter} writes it.
 *
 * <p>Inputs: {@code gold/trend_series} in {@code TrendFlags.SCHEMA}; optionally
 * {@code gold/benchmark_scores (quarter, role, entity_id, composite, weight_available, rank,
 * rank_median, rank_lower, rank_upper, draws)} and {@code gold/benchmark_indicators (quarter, role,
 * entity_id, indicator_id, numerator, denominator, value, lower, upper, shrunk_value, peer_value,
 * overdispersion_phi, tau2, funnel_lower_95, funnel_upper_95, funnel_lower_998, funnel_upper_998,
 * funnel_flag, score, suppressed, unit)} (null when not published: the section says so); and the
 * repeat-offender counts {@code (subject_role, category, subjects bigint)} from
 * {@link ReportSources#offenderCounts} (category null = all categories of the role).
 *
 * <p>No personal identifier reaches the report: the series hold only platform ids, bands, provinces,
 * categories, severities and roles; offenders only as counts; benchmark entities of role
 * {@code anchor} (persons) are shown by their position in the report's league list, never by id;
 * merchants, MCNs and platforms by their published ids.
 */
public final class ReportModel {
    public static final List<String> SECTIONS = List.of("headline", "trends", "changes", "anomalies", "league", "offenders");
    /** Smallest base for a change to enter the "largest changes" list: counts, and denominators of rates. */
    static final double MIN_COUNT = 10;
    static final double MIN_DENOMINATOR = 30;
    private static final List<String> LANGS = List.of("zh", "en");

    /** The whole report. */
    public record Report(String quarter, boolean quarterComplete, Map<String, Map<String, String>> sectionTitles,
                         Map<String, List<Map<String, String>>> sectionNotes, List<Map<String, Object>> headline,
                         List<Chart> charts) {
    }

    /** Default number of entities shown at each end of a league (top N and bottom N). */
    public static final int DEFAULT_LEAGUE_N = 10;

    private final String quarter;
    private final int leagueN;
    private final TrendConfig cfg;
    private final Map<String, Map<String, String>> categories;
    private final List<TrendPoint> points = new ArrayList<>();
    private final Map<String, List<Map<String, String>>> notes = new LinkedHashMap<>();
    private final List<Chart> charts = new ArrayList<>();

    private ReportModel(String quarter, int leagueN, TrendConfig cfg, Map<String, Map<String, String>> categories) {
        this.quarter = quarter;
        this.leagueN = leagueN;
        this.cfg = cfg;
        this.categories = categories;
        SECTIONS.forEach(s -> notes.put(s, new ArrayList<>()));
    }

    /**
     * @param quarter        {@code yyyyQn}
     * @param trendSeries    {@code gold/trend_series}
     * @param scores         {@code gold/benchmark_scores} or null
     * @param indicators     {@code gold/benchmark_indicators} or null
     * @param offenderCounts counts by role and category, or null when {@code gold/offender_listings} is absent
     * @param cfg            trend configuration (festivals, bands, provinces, limits, PELT)
     * @param categories     category code → names by language
     * @return the report
     * @throws IllegalArgumentException for a malformed quarter
     * @throws org.livegov.jobs.UserError when the series hold nothing for the quarter
     */
    public static Report build(String quarter, Dataset<Row> trendSeries, Dataset<Row> scores, Dataset<Row> indicators,
                               Dataset<Row> offenderCounts, TrendConfig cfg, Map<String, Map<String, String>> categories) {
        return build(quarter, trendSeries, scores, indicators, offenderCounts, cfg, categories, DEFAULT_LEAGUE_N);
    }

    /**
     * As {@link #build(String, Dataset, Dataset, Dataset, Dataset, TrendConfig, Map)}.
     *
     * @param leagueN entities shown at each end of a league: the top N and the bottom N (all when at most 2N)
     * @throws IllegalArgumentException for a malformed quarter or leagueN below 1
     */
    public static Report build(String quarter, Dataset<Row> trendSeries, Dataset<Row> scores, Dataset<Row> indicators,
                               Dataset<Row> offenderCounts, TrendConfig cfg, Map<String, Map<String, String>> categories,
                               int leagueN) {
        Periods.checkQuarter(quarter);
        if (leagueN < 1) {
            throw new IllegalArgumentException("leagueN must be at least 1, not " + leagueN);
        }
        ReportModel m = new ReportModel(quarter, leagueN, cfg, categories);
        String lastMonth = Periods.monthsOf(quarter).get(2);
        for (Row r : trendSeries.select(TrendFlags.SCHEMA.fieldNames()[0],
                java.util.Arrays.copyOfRange(TrendFlags.SCHEMA.fieldNames(), 1, TrendFlags.SCHEMA.size())).collectAsList()) {
            TrendPoint p = TrendPoint.of(r);
            boolean upTo = Periods.MONTH.equals(p.periodType()) ? p.period().compareTo(lastMonth) <= 0
                    : p.period().compareTo(quarter) <= 0;
            if (upTo) {
                m.points.add(p);
            }
        }
        TrendPoint q = m.point(Periods.QUARTER, quarter, "all", "all", "broadcasts");
        if (q == null) {
            throw new org.livegov.jobs.UserError("gold/trend_series has no figures for " + quarter
                    + "; run the nightly for that quarter first");
        }
        List<Map<String, Object>> headline = m.headline();
        m.trends();
        m.changes();
        m.anomalies();
        m.league(scores == null ? null : scores.where(scores.col("quarter").equalTo(quarter)).collectAsList(),
                indicators == null ? null : indicators.where(indicators.col("quarter").equalTo(quarter)).collectAsList());
        m.offenders(offenderCounts == null ? null : offenderCounts.collectAsList());
        Map<String, Map<String, String>> titles = new LinkedHashMap<>();
        SECTIONS.forEach(s -> titles.put(s, Labels.SECTION.get(s)));
        return new Report(quarter, q.complete(), titles, m.notes, headline, m.charts);
    }

    // ---------------------------------------------------------------- sections

    private List<Map<String, Object>> headline() {
        List<Map<String, Object>> cards = new ArrayList<>();
        String prevQ = Periods.minus(Periods.QUARTER, quarter, 1);
        String lastYear = Periods.minus(Periods.QUARTER, quarter, 4);
        Map<Map<String, String>, List<String>> qoqWhy = new LinkedHashMap<>();
        Map<Map<String, String>, List<String>> yoyWhy = new LinkedHashMap<>();
        for (String measure : Labels.MEASURES) {
            TrendPoint p = point(Periods.QUARTER, quarter, "all", "all", measure);
            Map<String, String> qoqReason = noComparison(measure, prevQ, "previous");
            Map<String, String> yoyReason = noComparison(measure, lastYear, "year");
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("measure", measure);
            c.put("label", Labels.MEASURE.get(measure));
            c.put("value", p == null ? null : p.value());
            c.put("complete", p != null && p.complete());
            c.put("qoq", p == null || qoqReason != null ? null : p.qoq());
            c.put("yoy", p == null || yoyReason != null ? null : p.yoy());
            c.put("qoqReason", qoqReason);
            c.put("yoyReason", yoyReason);
            if (qoqReason != null) {
                qoqWhy.computeIfAbsent(qoqReason, k -> new ArrayList<>()).add(measure);
            }
            if (yoyReason != null) {
                yoyWhy.computeIfAbsent(yoyReason, k -> new ArrayList<>()).add(measure);
            }
            cards.add(c);
        }
        TrendPoint q = point(Periods.QUARTER, quarter, "all", "all", "broadcasts");
        if (!q.complete()) {
            note("headline", quarter + " 尚未结束：数字为截至数据截止日的部分数据，不参与环比、同比与异常判断。",
                    quarter + " is not complete yet: figures cover the data up to the cut-off and take no part in "
                            + "comparisons or anomaly flags.");
        }
        // the notes are made of the very reasons the cards show: they cannot disagree
        reasonNotes(qoqWhy, "无环比", "no quarter-on-quarter change");
        reasonNotes(yoyWhy, "无同比", "no year-on-year change");
        Map<String, String> yearAgo = noComparison("broadcasts", lastYear, "year");
        if (yearAgo != null && !yearAgo.get("en").endsWith("is not complete yet")) {     // the year-ago quarter lacks data
            String first = points.stream().filter(p -> Periods.MONTH.equals(p.periodType())).map(TrendPoint::period)
                    .min(String::compareTo).orElse(quarter);
            note("headline", "序列始于 " + first + "：基于往年同期的期望值暂无法计算，本报告不作估计。",
                    "The series start in " + first + ", so expected values from earlier years cannot be computed yet; "
                            + "this report does not estimate them.");
        }
        // chart: the quarter's months
        List<String> months = Periods.monthsOf(quarter);
        List<List<Object>> rows = new ArrayList<>();
        for (String mo : months) {
            TrendPoint b = point(Periods.MONTH, mo, "all", "all", "broadcasts");
            TrendPoint v = point(Periods.MONTH, mo, "all", "all", "violations_per_1000_broadcasts");
            TrendPoint c = point(Periods.MONTH, mo, "all", "all", "complaints_per_million_gmv");
            rows.add(row(mo, b == null ? null : b.complete(), val(b), val(v), val(c)));
        }
        chart("headline_months", "headline", of(quarter + " 各月：直播场次与违规率", quarter + " by month: broadcasts and violation rate"),
                of("空心点与“未完”表示该月尚未结束。", "Hollow points and \"incomplete\" mark a month that is not over yet."),
                List.of("month", "complete", "broadcasts", "violations_per_1000_broadcasts", "complaints_per_million_gmv"), rows,
                lang -> {
                    List<Object> x = xLabels(rows, lang);
                    Map<String, Object> o = base(lang);
                    o.put("xAxis", map("type", "category", "data", x));
                    o.put("yAxis", List.of(map("type", "value", "name", Labels.MEASURE.get("broadcasts").get(lang)),
                            map("type", "value", "name", Labels.MEASURE.get("violations_per_1000_broadcasts").get(lang))));
                    o.put("series", List.of(
                            series("bar", Labels.MEASURE.get("broadcasts").get(lang), marked(rows, 2), 0),
                            series("line", Labels.MEASURE.get("violations_per_1000_broadcasts").get(lang), marked(rows, 3), 1)));
                    return o;
                });
        return cards;
    }

    private void trends() {
        note("trends", "阴影标出购物节月份（" + festivalNames("zh") + "）。月与季度按北京时间划分。",
                "Shaded months are shopping festivals (" + festivalNames("en") + "). Months and quarters are Beijing time.");
        List<String> months = months();
        monthlyLines("trend_counts", of("全国月度：直播、违规与投诉", "National by month: broadcasts, violations, complaints"),
                months, "all", List.of("all"), List.of("broadcasts", "violations", "complaints"), true);
        monthlyLines("trend_rates", of("全国月度：违规率与投诉率", "National by month: violation and complaint rates"),
                months, "all", List.of("all"), List.of("violations_per_1000_broadcasts", "complaints_per_million_gmv"), true);
        monthlyLines("trend_handling", of("全国月度：处置时长与按时受理", "National by month: disposal time and timely acceptance"),
                months, "all", List.of("all"), List.of("median_hours_to_disposal", "share_accepted_in_time"), true);
        List<String> platforms = values(Periods.QUARTER, quarter, "platform", "broadcasts");
        monthlyLines("trend_platforms", of("各平台月度每千场直播违规数", "Violations per 1,000 broadcasts by platform and month"),
                months, "platform", platforms, List.of("violations_per_1000_broadcasts"), false);
        quarterBars("quarter_province", of(quarter + " 各省（按MCN注册地）每千场直播违规数",
                        quarter + ": violations per 1,000 broadcasts by province (MCN's registration)"),
                "province", "violations_per_1000_broadcasts", 15);
        quarterBars("quarter_band", of(quarter + " 各MCN规模每千场直播违规数", quarter + ": violations per 1,000 broadcasts by MCN size band"),
                "mcn_size_band", "violations_per_1000_broadcasts", 10);
        quarterBars("quarter_category", of(quarter + " 各违规类别违规数", quarter + ": violations by category"), "category", "violations", 13);
        quarterBars("quarter_severity", of(quarter + " 各严重程度违规数", quarter + ": violations by severity"), "severity", "violations", 4);
        quarterBars("quarter_role", of(quarter + " 各责任主体违规数", quarter + ": violations by role"), "role", "violations", 4);
    }

    private void changes() {
        List<String[]> candidates = new ArrayList<>();
        List<TrendPoint> qs = points.stream().filter(p -> Periods.QUARTER.equals(p.periodType())
                && p.period().equals(quarter) && p.qoq() != null && bigEnough(p)
                && noComparison(p.measure(), Periods.minus(Periods.QUARTER, quarter, 1), "previous") == null).toList();
        String basis;
        List<TrendPoint> pick;
        if (!qs.isEmpty()) {
            pick = qs;
            basis = "qoq";
        } else {
            Set<String> ms = new TreeSet<>(Periods.monthsOf(quarter));
            pick = points.stream().filter(p -> Periods.MONTH.equals(p.periodType()) && ms.contains(p.period())
                    && p.mom() != null && bigEnough(p) && monthComparable(p.period(), p.measure())).toList();
            basis = "mom";
        }
        List<TrendPoint> top = pick.stream().sorted(Comparator.comparingDouble((TrendPoint p) ->
                -Math.abs(change(p, basis))).thenComparing(TrendPoint::measure)).limit(12).toList();
        note("changes", "qoq".equals(basis)
                        ? "按与上季度相比的相对变化排序（环比）。"
                        : "没有可比的上季度，改用本季度内已结束月份的环比（与上月相比）。",
                "qoq".equals(basis)
                        ? "Ranked by relative change against the previous quarter."
                        : "No comparable previous quarter: ranked by month-on-month change within the quarter's complete months.");
        note("changes", "只比较已结束的期间；计数至少 " + (int) MIN_COUNT + "、比率的分母至少 " + (int) MIN_DENOMINATOR
                        + "，以免小数字造成的大幅波动。红色为变差，绿色为改善，灰色为规模变化。",
                "Only complete periods are compared; counts of at least " + (int) MIN_COUNT + " and rate denominators of at least "
                        + (int) MIN_DENOMINATOR + ", so that small numbers do not dominate. Red is worse, green better, grey volume.");
        List<List<Object>> rows = new ArrayList<>();
        for (TrendPoint p : top) {
            double ch = change(p, basis);
            int bad = Labels.badDirection(p.measure());
            String direction = bad == 0 ? "volume" : Math.signum(ch) * bad > 0 ? "worse" : "better";
            rows.add(row(p.period(), p.dimension(), p.dimensionValue(), p.measure(), p.value(), ch, direction));
        }
        candidates.clear();
        chart("largest_changes", "changes", of("变化最大的指标", "Largest changes"), of("", ""),
                List.of("period", "dimension", "dimension_value", "measure", "value", "relative_change", "direction"), rows,
                of("没有可比较的期间（见上方说明）", "No comparable periods (see the notes above)"),
                lang -> {
                    List<Object> labels = new ArrayList<>();
                    List<Object> data = new ArrayList<>();
                    for (int i = rows.size() - 1; i >= 0; i--) {
                        List<Object> r = rows.get(i);
                        labels.add(dimLabel((String) r.get(1), (String) r.get(2), lang) + " · "
                                + Labels.MEASURE.get((String) r.get(3)).get(lang) + " · " + r.get(0));
                        String color = switch ((String) r.get(6)) {
                            case "worse" -> "#c23531";
                            case "better" -> "#2f9e44";
                            default -> "#888888";
                        };
                        data.add(map("value", round(100 * (Double) r.get(5)), "itemStyle", map("color", color)));
                    }
                    Map<String, Object> o = base(lang);
                    o.put("yAxis", map("type", "category", "data", labels));
                    o.put("xAxis", map("type", "value", "name", "%"));
                    o.put("grid", map("left", 12, "right", 60, "top", 40, "bottom", 12, "containLabel", true));  // room for the bar labels
                    o.put("series", List.of(map("type", "bar", "name", "zh".equals(lang) ? "相对变化 %" : "relative change %",
                            "data", data, "label", map("show", true, "position", "right", "formatter", "{c}%"))));
                    return o;
                });
    }

    private void anomalies() {
        double z = org.livegov.metrics.trend.PoissonLimits.z(cfg.confidence());
        note("anomalies", String.format(Locale.ROOT, "期望值：对该序列此前已结束的期间（不使用该期及以后的数据）拟合拟泊松对数线性模型"
                        + "（Farrington 等，1996）：以直播场次为暴露量（违规与投诉；直播场次与重复违法者无暴露量，取 1），"
                        + "含线性时间趋势与月份（季度）效应。控制限：期望值 ± z·√(φ·期望值)，置信水平 %.1f%%（z = %.3f）；"
                        + "φ 为该拟合的 Pearson χ² 除以 (n − p)（不小于 1）。历史不足（该月份在往年无数据，或剩余自由度少于 %d）"
                        + "时不计算期望值、不作标记：空白表示未评估，而非正常。超出控制限的期间被标记。",
                100 * cfg.confidence(), z, cfg.minResidualDf()),
                String.format(Locale.ROOT, "Expected value: a quasi-Poisson log-linear model (Farrington et al. 1996) "
                        + "fitted to the series' earlier complete periods only (nothing from the period or later), with "
                        + "broadcasts as the exposure (violations and complaints; broadcasts and repeat offenders have "
                        + "none: exposure 1), a linear time trend and month-of-year (quarter-of-year) effects. Limits: "
                        + "expected ± z·sqrt(phi·expected) at %.1f %% (z = %.3f); phi = the fit's Pearson chi-square / "
                        + "(n − p), at least 1. With too little history (the month of year not seen in an earlier year, "
                        + "or fewer than %d residual degrees of freedom) there is no expected value and no flag: a blank "
                        + "means not assessed, not normal. A period outside the limits is flagged.",
                        100 * cfg.confidence(), z, cfg.minResidualDf()));
        note("anomalies", String.format(Locale.ROOT, "突变点：对每个计数序列的已结束月份的比率（计数 / 直播场次；无暴露量的序列为计数本身）"
                        + "用 PELT（Killick 等，2012）搜索，泊松代价除以 φ，每个突变点惩罚 %.1f·ln(n)；至少需要 %d 个已结束月份。",
                cfg.peltPenaltyLogN(), cfg.peltMinPeriods()),
                String.format(Locale.ROOT, "Changepoints: PELT (Killick et al. 2012) over the rate (count / broadcasts; "
                        + "the count itself for a series without exposure) of each count series' complete months, Poisson "
                        + "cost divided by phi, penalty %.1f·ln(n) per changepoint; needs at least %d complete months.",
                        cfg.peltPenaltyLogN(), cfg.peltMinPeriods()));
        List<String> months = months();
        long complete = months.stream().filter(mo -> {
            TrendPoint p = point(Periods.MONTH, mo, "all", "all", "broadcasts");
            return p != null && p.complete();
        }).count();
        boolean history = points.stream().anyMatch(p -> p.expected() != null);
        if (!history) {
            note("anomalies", "目前历史数据不足以拟合期望值，因此没有期望值、控制限和异常标记（未评估，而非正常）；图中只显示实际值。",
                    "There is not enough history yet to fit expected values, so no expected values, limits or flags (not "
                            + "assessed, which is not the same as normal): the charts show the observed values only.");
        }
        if (complete < cfg.peltMinPeriods()) {
            note("anomalies", "已结束月份只有 " + complete + " 个，少于 " + cfg.peltMinPeriods() + "，尚未搜索突变点。",
                    "Only " + complete + " complete months, fewer than " + cfg.peltMinPeriods() + ": no changepoint search yet.");
        }
        for (String measure : List.of("broadcasts", "violations", "complaints")) {
            List<List<Object>> rows = new ArrayList<>();
            for (String mo : months) {
                TrendPoint p = point(Periods.MONTH, mo, "all", "all", measure);
                rows.add(row(mo, p == null ? null : p.complete(), val(p), p == null ? null : p.expected(),
                        p == null ? null : p.lower(), p == null ? null : p.upper(), p == null ? null : p.flag(),
                        p != null && p.changepoint()));
            }
            chart("anomaly_" + measure, "anomalies", of("全国月度" + Labels.MEASURE.get(measure).get("zh") + "：实际、期望与控制限",
                            "National " + Labels.MEASURE.get(measure).get("en").toLowerCase(Locale.ROOT) + " by month: observed, expected, limits"),
                    of("", ""), List.of("month", "complete", "observed", "expected", "lower", "upper", "flag", "changepoint"), rows,
                    lang -> anomalyOption(lang, rows, measure));
        }
        List<List<Object>> flagged = new ArrayList<>();
        Set<String> ms = new TreeSet<>(Periods.monthsOf(quarter));
        for (TrendPoint p : points) {
            boolean inQuarter = Periods.MONTH.equals(p.periodType()) ? ms.contains(p.period()) : p.period().equals(quarter);
            if (inQuarter && (p.flag() != null || p.changepoint())) {
                flagged.add(row(p.periodType(), p.period(), p.dimension(), p.dimensionValue(), p.measure(), p.value(),
                        p.expected(), p.lower(), p.upper(), p.phi(), p.flag(), p.changepoint()));
            }
        }
        note("anomalies", "本季度被标记的期间：" + flagged.size() + " 个（全部维度，见 anomalies_flagged.csv）。",
                "Flagged periods in this quarter: " + flagged.size() + " (all dimensions; see anomalies_flagged.csv).");
        chart("anomalies_flagged", "anomalies", of("本季度各维度的标记数", "Flags in the quarter by dimension"), of("", ""),
                List.of("period_type", "period", "dimension", "dimension_value", "measure", "value", "expected", "lower",
                        "upper", "phi", "flag", "changepoint"), flagged,
                lang -> {
                    Map<String, Integer> byDim = new TreeMap<>();
                    Labels.DIMENSION.keySet().forEach(d -> byDim.put(d, 0));
                    flagged.forEach(r -> byDim.merge((String) r.get(2), 1, Integer::sum));
                    Map<String, Object> o = base(lang);
                    o.put("xAxis", map("type", "category", "data", byDim.keySet().stream()
                            .map(d -> (Object) Labels.DIMENSION.get(d).get(lang)).toList()));
                    o.put("yAxis", map("type", "value", "minInterval", 1));
                    o.put("series", List.of(map("type", "bar", "name", "zh".equals(lang) ? "标记数" : "flags",
                            "data", new ArrayList<Object>(byDim.values()))));
                    return o;
                });
    }

    private void league(List<Row> scores, List<Row> indicators) {
        if (scores == null || indicators == null || scores.isEmpty()) {
            note("league", quarter + " 的对标结果尚未发布。", "The benchmark league is not yet published for this quarter.");
            return;
        }
        note("league", "排名区间来自对综合得分的重复抽样（draws 次）；区间重叠的主体不宜区分先后。名次后的“=”表示并列。"
                        + "每个角色只显示前 " + leagueN + " 名与后 " + leagueN + " 名；未排名的主体（覆盖不足或规模过小）不显示，图下注明其数量。"
                        + "漏斗图：各主体的指标值对其规模（分母），95% 与 99.8% 控制限围绕同类平均值（Spiegelhalter 2005，含过度离散调整）；"
                        + "相同位置的主体合并为一个点，点越大主体越多。主播是自然人：只以其在本榜单中的序号显示，不显示任何标识。",
                "Rank intervals come from repeated draws of the composite score; entities whose intervals overlap should not be told apart. "
                        + "\"=\" after a rank marks a tie. Each role shows its top " + leagueN + " and bottom " + leagueN + "; entities "
                        + "that are not ranked (too little coverage or exposure) are left out and counted under the chart. "
                        + "Funnel plots: each entity's indicator against its exposure (denominator), with 95 % and 99.8 % limits "
                        + "around the peer value (Spiegelhalter 2005, overdispersion-adjusted); entities at the same point are "
                        + "drawn as one, larger for more. Anchors are persons: shown by their position in this list only, never by an identifier.");
        Map<String, List<Row>> byRole = new TreeMap<>();
        scores.forEach(r -> byRole.computeIfAbsent(r.getAs("role"), k -> new ArrayList<>()).add(r));
        for (var e : byRole.entrySet()) {
            leagueChart(e.getKey(), e.getValue());
        }
        Map<String, List<Row>> funnels = new TreeMap<>();
        indicators.stream().filter(r -> !Boolean.TRUE.equals(r.getAs("suppressed")))
                .forEach(r -> funnels.computeIfAbsent(r.getAs("role") + "|" + r.getAs("indicator_id"), k -> new ArrayList<>()).add(r));
        funnels.entrySet().stream().limit(6).forEach(e -> funnel(e.getKey().split("\\|")[0], e.getKey().split("\\|")[1], e.getValue()));
    }

    /**
     * One role's league: the top and bottom {@link #leagueN} of the ranked entities (all when there
     * are at most 2N), in the order of the published {@code rank} as given (ties by composite, higher
     * first, then id); an entity whose {@code rank} is null is not ranked and left out, and the note
     * says how many. Ties are shown as ties ("12="). Anchors are labelled by their position in the
     * ranked list, never by an identifier.
     */
    private void leagueChart(String role, List<Row> all) {
        boolean anchor = "anchor".equals(role);
        List<Row> ranked = all.stream().filter(r -> rankOf(r) != null).sorted(Comparator.comparingDouble((Row r) -> rankOf(r))
                .thenComparing(r -> -Objects.requireNonNullElse(num(r, "composite"), Double.NEGATIVE_INFINITY))
                .thenComparing(r -> Objects.toString(r.getAs("entity_id")))).toList();
        int unranked = all.size() - ranked.size();
        Map<Double, Long> ties = new TreeMap<>();
        ranked.forEach(r -> ties.merge(rankOf(r), 1L, Long::sum));
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            if (ranked.size() <= 2L * leagueN || i < leagueN || i >= ranked.size() - leagueN) {
                shown.add(i);
            }
        }
        int width = String.valueOf(ranked.size()).length();
        List<List<Object>> rows = new ArrayList<>();
        for (int i : shown) {
            Row r = ranked.get(i);
            double rank = rankOf(r);
            String rankText = (rank == Math.rint(rank) ? String.valueOf((long) rank) : String.valueOf(rank))
                    + (ties.get(rank) > 1 ? "=" : "");
            String entity = anchor ? "anchor " + String.format(Locale.ROOT, "%0" + width + "d", i + 1) : Objects.toString(r.getAs("entity_id"));
            rows.add(row(i + 1, rankText, entity, num(r, "composite"), rank, num(r, "rank_median"), num(r, "rank_lower"),
                    num(r, "rank_upper"), num(r, "draws")));
        }
        Map<String, String> roleName = Labels.ROLE.getOrDefault(role, of(role, role));
        boolean cut = ranked.size() > 2L * leagueN;
        String zhNote = (cut ? "已排名 " + ranked.size() + " 个，显示前 " + leagueN + " 名与后 " + leagueN + " 名。" : "已排名 " + ranked.size() + " 个，全部显示。")
                + (unranked > 0 ? "另有 " + unranked + " 个未排名（覆盖不足或规模过小），未显示。" : "");
        String enNote = (cut ? ranked.size() + " ranked: the top " + leagueN + " and the bottom " + leagueN + " are shown."
                : ranked.size() + " ranked, all shown.")
                + (unranked > 0 ? " " + unranked + " not ranked (too little coverage or exposure) and left out." : "");
        Map<String, String> empty = of("没有已排名的" + roleName.get("zh") + "（" + quarter + "）" + (unranked > 0 ? "：" + unranked + " 个未排名" : ""),
                "No ranked " + roleName.get("en") + " in " + quarter + (unranked > 0 ? ": " + unranked + " not ranked" : ""));
        chart("league_" + safe(role), "league", of("对标排名：" + roleName.get("zh"), "League: " + roleName.get("en")), of(zhNote, enNote),
                List.of("position", "rank_shown", "entity", "composite", "rank", "rank_median", "rank_lower", "rank_upper", "draws"),
                rows, empty, lang -> {
                    Map<String, Object> o = base(lang);
                    List<Object> labels = new ArrayList<>();
                    List<Object> lower = new ArrayList<>();
                    List<Object> span = new ArrayList<>();
                    List<Object> point = new ArrayList<>();
                    for (int k = 0; k < rows.size(); k++) {
                        List<Object> r = rows.get(k);
                        if (k > 0 && (Integer) r.get(0) != (Integer) rows.get(k - 1).get(0) + 1) {
                            int gap = (Integer) r.get(0) - (Integer) rows.get(k - 1).get(0) - 1;
                            labels.add("zh".equals(lang) ? "⋯ 另有 " + gap + " 个 ⋯" : "⋯ " + gap + " more ⋯");
                            lower.add(null);
                            span.add(null);
                            point.add(null);
                        }
                        String name = anchor ? ("zh".equals(lang) ? "主播 " : "anchor ") + ((String) r.get(2)).substring("anchor ".length())
                                : (String) r.get(2);
                        labels.add(r.get(1) + "  " + name);
                        lower.add(r.get(6));
                        span.add(r.get(6) == null || r.get(7) == null ? null : (Object) Math.max(0.0, (Double) r.get(7) - (Double) r.get(6)));
                        point.add(r.get(4));
                    }
                    o.put("yAxis", map("type", "category", "data", labels, "inverse", true));
                    o.put("xAxis", map("type", "value", "min", 0, "minInterval", 1,
                            "name", "zh".equals(lang) ? "名次（条为排名区间）" : "rank (bar: rank interval)"));
                    o.put("series", List.of(
                            map("type", "bar", "stack", "ri", "silent", true, "itemStyle", map("color", "transparent"),
                                    "data", lower, "tooltip", map("show", false)),
                            map("type", "bar", "stack", "ri", "name", "zh".equals(lang) ? "排名区间" : "rank interval",
                                    "itemStyle", map("color", "#9ec5fe"), "barMaxWidth", 14, "data", span),
                            map("type", "scatter", "name", "zh".equals(lang) ? "公布名次" : "published rank",
                                    "data", point, "symbol", "diamond", "symbolSize", 10, "itemStyle", map("color", "#1c3d7a"))));
                    return o;
                });
    }

    /** The published rank as given (a number, or text such as "12=" or "12"), or null when not ranked. */
    private static Double rankOf(Row r) {
        if (!java.util.Arrays.asList(r.schema().fieldNames()).contains("rank") || r.getAs("rank") == null) {
            return null;
        }
        Object v = r.getAs("rank");
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        String t = v.toString().replace("=", "").trim();
        return t.isEmpty() ? null : Double.valueOf(t);
    }

    /**
     * A funnel plot as the data give it: the entities as points (entities at the same exposure and
     * value drawn as one point, sized by their number: at n = 1 every share is 0 or 1), the peer
     * value and the 95 % / 99.8 % limits as lines over the distinct exposures (one limit per
     * exposure, the first non-null of the rows there). Shares on a 0–1 axis.
     */
    private void funnel(String role, String indicator, List<Row> rs) {
        List<Row> sorted = rs.stream().filter(r -> num(r, "denominator") != null && num(r, "value") != null)
                .sorted(Comparator.comparingDouble(r -> num(r, "denominator"))).toList();
        List<List<Object>> rows = new ArrayList<>();
        for (Row r : sorted) {
            rows.add(row(entityLabel(role, r), num(r, "numerator"), num(r, "denominator"), num(r, "value"), num(r, "peer_value"),
                    num(r, "funnel_lower_95"), num(r, "funnel_upper_95"), num(r, "funnel_lower_998"), num(r, "funnel_upper_998"),
                    r.getAs("funnel_flag"), r.getAs("unit")));
        }
        String unit = rows.isEmpty() ? "" : String.valueOf(rows.get(0).get(10));
        boolean share = "share".equals(unit);
        boolean log = rows.stream().allMatch(r -> r.get(2) != null && (Double) r.get(2) > 0);
        boolean limits = rows.stream().anyMatch(r -> r.get(5) != null || r.get(6) != null || r.get(7) != null || r.get(8) != null);
        long exposures = rows.stream().map(r -> r.get(2)).distinct().count();
        // one exposure for all (A01: every anchor is 1 unit of itself): no funnel to draw; the limits are ticks
        String zhOne = exposures == 1 ? "；所有主体的规模相同（" + fmtNum((Double) rows.get(0).get(2)) + "），画不出漏斗：控制限只有一个值，以短横线表示" : "";
        String enOne = exposures == 1 ? "; every entity has the same exposure (" + fmtNum((Double) rows.get(0).get(2))
                + "), so there is no funnel: each limit is one value, drawn as a tick" : "";
        Map<String, String> roleName = Labels.ROLE.getOrDefault(role, of(role, role));
        chart("funnel_" + safe(role) + "_" + safe(indicator), "league",
                of("漏斗图：" + roleName.get("zh") + " · " + indicator, "Funnel plot: " + roleName.get("en") + " · " + indicator),
                of("单位：" + unit + "；" + rows.size() + " 个主体" + zhOne + (limits ? "" : "；数据中没有控制限（规模低于该指标的最小值），不作标记"),
                        "Unit: " + unit + "; " + rows.size() + " entities" + enOne
                                + (limits ? "" : "; the data hold no limits (exposure below the indicator's minimum): no flags")),
                List.of("entity", "numerator", "denominator", "value", "peer_value", "funnel_lower_95", "funnel_upper_95",
                        "funnel_lower_998", "funnel_upper_998", "funnel_flag", "unit"), rows,
                of("没有 " + indicator + " 有值的" + roleName.get("zh") + "（" + quarter + "）",
                        "No " + roleName.get("en") + " with a value of " + indicator + " in " + quarter),
                lang -> {
                    Map<String, Object> o = base(lang);
                    o.put("tooltip", map("trigger", "item", "confine", true));
                    o.put("xAxis", map("type", log ? "log" : "value", "name", "zh".equals(lang) ? "分母（规模）" : "denominator (exposure)"));
                    o.put("yAxis", share ? map("type", "value", "name", unit, "min", 0, "max", 1)
                            : map("type", "value", "name", unit, "scale", true));
                    Map<String, Object[]> at = new LinkedHashMap<>();
                    for (List<Object> r : rows) {
                        Object[] p = at.computeIfAbsent(r.get(2) + "|" + r.get(3), k -> new Object[]{r.get(2), r.get(3), 0, false});
                        p[2] = (Integer) p[2] + 1;
                        p[3] = (Boolean) p[3] || outside(r);
                    }
                    List<Object> pts = new ArrayList<>();
                    for (Object[] p : at.values()) {
                        int n = (Integer) p[2];
                        pts.add(map("value", List.of(p[0], round((Double) p[1]), n),
                                "symbolSize", Math.min(36, Math.round(7 + 4 * Math.sqrt(n - 1))),
                                "itemStyle", map("color", (Boolean) p[3] ? "#c23531" : "#1c3d7a", "opacity", 0.7)));
                    }
                    List<Object> s = new ArrayList<>();
                    s.add(map("type", "scatter", "name", "zh".equals(lang) ? "主体（点大小=个数）" : "entities (size = number)", "data", pts));
                    s.add(limitLine("zh".equals(lang) ? "同类平均" : "peer value", rows, 4, "solid"));
                    s.add(limitLine("95%", rows, 5, "dashed"));
                    s.add(limitLine("95% ", rows, 6, "dashed"));
                    s.add(limitLine("99.8%", rows, 7, "dotted"));
                    s.add(limitLine("99.8% ", rows, 8, "dotted"));
                    o.put("series", s);
                    return o;
                });
    }

    private void offenders(List<Row> counts) {
        note("offenders", "在列主体：按 conf/offenders.yaml 的规则列入，计的是违法行为而非记录（同一场直播同一类别的多条记录为一次行为）："
                        + "受较重处罚的特别严重行为（市场监管总局第44号令，唯一公开规则）；24 个月内 3 次虚假广告（广告法第55条）；"
                        + "24 个月内 3 次严重行为或同类行为 3 次（配置）。只报告数量与类别，不含任何身份信息。一个主体可涉及多个类别。",
                "Listed subjects: by the rules of conf/offenders.yaml, counting acts, not records (records of one broadcast and "
                        + "category are one act): a critical act with a heavier penalty (SAMR Order 44, the only public rule); 3 false-advertising "
                        + "acts in 24 months (Advertising Law art. 55); 3 serious acts, or 3 of one category, in 24 months (configuration). "
                        + "Counts and categories only, no identities. A subject may fall in several categories.");
        monthlyLines("offenders_trend", of("月末在列的重复违规主体数", "Repeat offenders listed at each month's end"),
                months(), "all", List.of("all"), List.of("repeat_offenders"), false);
        if (counts == null) {
            note("offenders", "重复违规名单表尚不存在。", "The repeat-offender table does not exist yet.");
            return;
        }
        Map<String, Long> totals = new TreeMap<>();
        Set<String> roles = new TreeSet<>();
        Set<String> cats = new TreeSet<>();
        Map<String, Long> cell = new LinkedHashMap<>();
        for (Row r : counts) {
            String role = r.getString(0);
            String cat = r.getString(1);
            long n = r.getLong(2);
            if (cat == null) {
                totals.put(role, n);
            } else {
                roles.add(role);
                cats.add(cat);
                cell.put(role + "|" + cat, n);
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        for (String role : new TreeSet<>(totals.keySet())) {
            rows.add(row(role, "ALL", totals.get(role)));
        }
        for (String role : roles) {
            for (String cat : cats) {
                Long n = cell.get(role + "|" + cat);
                if (n != null) {
                    rows.add(row(role, cat, n));
                }
            }
        }
        long all = totals.values().stream().mapToLong(Long::longValue).sum();
        note("offenders", "当前在列主体共 " + all + " 个。", "Subjects currently listed: " + all + ".");
        chart("offenders_by_category", "offenders", of("在列重复违规主体：按类别与责任主体", "Listed repeat offenders by category and role"),
                of("", ""), List.of("role", "category", "subjects"), rows,
                of("目前没有在列的重复违规主体", "No repeat offender is on the list now"),
                lang -> {
                    Map<String, Object> o = base(lang);
                    List<String> cl = new ArrayList<>(cats);
                    o.put("xAxis", map("type", "category", "data", cl.stream().map(c -> (Object) catLabel(c, lang)).toList(),
                            "axisLabel", map("rotate", 30)));
                    o.put("yAxis", map("type", "value", "minInterval", 1));
                    List<Object> s = new ArrayList<>();
                    for (String role : roles) {
                        s.add(map("type", "bar", "stack", "roles", "name", Labels.ROLE.getOrDefault(role, of(role, role)).get(lang),
                                "data", cl.stream().map(c -> (Object) cell.getOrDefault(role + "|" + c, 0L)).toList()));
                    }
                    o.put("series", s);
                    return o;
                });
    }

    // ---------------------------------------------------------------- chart kinds

    private void monthlyLines(String id, Map<String, String> title, List<String> months, String dimension,
                              List<String> dimValues, List<String> measures, boolean byMeasure) {
        List<String> header = new ArrayList<>(List.of("month", "complete", "festival"));
        List<String[]> cols = new ArrayList<>();
        for (String dv : dimValues) {
            for (String m : measures) {
                cols.add(new String[]{dv, m});
                header.add("all".equals(dimension) ? m : dv + ":" + m);
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        for (String mo : months) {
            TrendPoint any = point(Periods.MONTH, mo, "all", "all", "broadcasts");
            List<Object> r = new ArrayList<>(List.of(mo));
            r.add(any == null ? null : any.complete());
            r.add(any == null ? null : any.festival());
            for (String[] c : cols) {
                r.add(val(point(Periods.MONTH, mo, dimension, c[0], c[1])));
            }
            rows.add(r);
        }
        chart(id, "repeat_offenders".equals(measures.get(0)) ? "offenders" : "trends", title,
                of("“未完”表示该月尚未结束，不参与比较。", "\"incomplete\": the month is not over yet and takes no part in comparisons."),
                header, rows, lang -> {
                    Map<String, Object> o = base(lang);
                    List<Object> x = xLabels(rows, lang);
                    o.put("xAxis", map("type", "category", "data", x));
                    boolean twoAxes = byMeasure && measures.size() == 2;
                    o.put("yAxis", twoAxes ? List.of(map("type", "value", "name", Labels.MEASURE.get(measures.get(0)).get(lang)),
                            map("type", "value", "name", Labels.MEASURE.get(measures.get(1)).get(lang)))
                            : map("type", "value"));
                    List<Object> s = new ArrayList<>();
                    for (int i = 0; i < cols.size(); i++) {
                        String name = "all".equals(dimension) ? Labels.MEASURE.get(cols.get(i)[1]).get(lang)
                                : dimLabel(dimension, cols.get(i)[0], lang);
                        Map<String, Object> ser = series("line", name, marked(rows, 3 + i), twoAxes ? i : 0);
                        if (i == 0) {
                            ser.put("markArea", festivalArea(rows, x, lang));
                        }
                        s.add(ser);
                    }
                    o.put("series", s);
                    return o;
                });
    }

    private void quarterBars(String id, Map<String, String> title, String dimension, String measure, int limit) {
        List<TrendPoint> ps = points.stream().filter(p -> Periods.QUARTER.equals(p.periodType()) && p.period().equals(quarter)
                        && p.dimension().equals(dimension) && p.measure().equals(measure) && p.value() != null)
                .sorted(Comparator.comparingDouble((TrendPoint p) -> -p.value()).thenComparing(TrendPoint::dimensionValue))
                .limit(limit).toList();
        List<List<Object>> rows = new ArrayList<>();
        for (TrendPoint p : ps) {
            rows.add(row(p.dimensionValue(), p.value(), dec(p.numerator()), dec(p.denominator()), p.complete(), p.qoq(), p.yoy()));
        }
        chart(id, "trends", title, of(ps.isEmpty() || ps.get(0).complete() ? "" : quarter + " 尚未结束（部分数据）。",
                        ps.isEmpty() || ps.get(0).complete() ? "" : quarter + " is not complete yet (partial data)."),
                List.of(dimension, measure, "numerator", "denominator", "complete", "qoq", "yoy"), rows,
                of("没有 " + quarter + " 按" + Labels.DIMENSION.get(dimension).get("zh") + "的" + Labels.MEASURE.get(measure).get("zh") + "数据",
                        "No " + lowerFirst(Labels.MEASURE.get(measure).get("en")) + " by " + lowerFirst(Labels.DIMENSION.get(dimension).get("en"))
                                + " for " + quarter),
                lang -> {
                    Map<String, Object> o = base(lang);
                    o.put("xAxis", map("type", "category", "data",
                            rows.stream().map(r -> (Object) dimLabel(dimension, (String) r.get(0), lang)).toList(),
                            "axisLabel", map("rotate", rows.size() > 6 ? 30 : 0)));
                    o.put("yAxis", map("type", "value", "name", Labels.MEASURE.get(measure).get(lang)));
                    o.put("series", List.of(map("type", "bar", "name", Labels.MEASURE.get(measure).get(lang),
                            "data", rows.stream().map(r -> (Object) round((Double) r.get(1))).toList())));
                    return o;
                });
    }

    private Map<String, Object> anomalyOption(String lang, List<List<Object>> rows, String measure) {
        Map<String, Object> o = base(lang);
        List<Object> x = xLabels(rows, lang);
        o.put("xAxis", map("type", "category", "data", x));
        o.put("yAxis", map("type", "value", "name", Labels.MEASURE.get(measure).get(lang)));
        List<Object> lower = new ArrayList<>();
        List<Object> band = new ArrayList<>();
        List<Object> expected = new ArrayList<>();
        List<Object> marks = new ArrayList<>();
        List<Object> cps = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            List<Object> r = rows.get(i);
            expected.add(r.get(3));
            lower.add(r.get(4));
            band.add(r.get(4) == null ? null : round((Double) r.get(5) - (Double) r.get(4)));
            if (r.get(6) != null) {
                marks.add(map("coord", List.of(x.get(i), r.get(2)), "value", "above".equals(r.get(6)) ? "▲" : "▼",
                        "itemStyle", map("color", "#c23531")));
            }
            if (Boolean.TRUE.equals(r.get(7))) {
                cps.add(map("xAxis", x.get(i)));
            }
        }
        Map<String, Object> obs = series("line", "zh".equals(lang) ? "实际" : "observed", marked(rows, 2), 0);
        obs.put("markPoint", map("data", marks, "symbolSize", 40));
        obs.put("markLine", map("data", cps, "symbol", "none", "label", map("formatter", "zh".equals(lang) ? "突变点" : "changepoint"),
                "lineStyle", map("color", "#e8590c", "type", "dashed")));
        o.put("series", List.of(
                map("type", "line", "stack", "limits", "data", lower, "symbol", "none", "lineStyle", map("opacity", 0),
                        "silent", true, "name", "zh".equals(lang) ? "下限" : "lower"),
                map("type", "line", "stack", "limits", "data", band, "symbol", "none", "lineStyle", map("opacity", 0),
                        "areaStyle", map("color", "rgba(28,61,122,0.15)"), "name", "zh".equals(lang) ? "控制限" : "limits"),
                map("type", "line", "name", "zh".equals(lang) ? "期望" : "expected", "data", expected,
                        "lineStyle", map("type", "dashed")),
                obs));
        return o;
    }

    // ---------------------------------------------------------------- helpers

    /**
     * The one definition of "no data" for a comparison, used by the headline cards, the headline
     * notes and the largest changes, so that they cannot disagree: why the quarter {@code base}
     * gives {@code measure} no change against the report's quarter, or null when it does.
     *
     * <p>A quarter has data when each of its three months has the national row of {@code broadcasts}
     * and of the measure ({@code TrendSeries} writes a measure only for the months its feed covers).
     * Broadcasts are required for every measure because every rate rests on them and because a
     * quarter without them is not a monitored quarter: the demo's violation history (24 months of
     * backfilled violations, no broadcasts) would otherwise give "violations +191.5 %" against a
     * quarter the headline rightly calls empty. Both quarters must also be complete.
     *
     * @param kind {@code previous} (QoQ) or {@code year} (YoY): only the wording
     * @return the reason by language ({@code zh}, {@code en}), or null when the change is comparable
     */
    private Map<String, String> noComparison(String measure, String base, String kind) {
        String zhBase = "previous".equals(kind) ? "上季度（" + base + "）" : "上年同期（" + base + "）";
        String enBase = "previous".equals(kind) ? "the previous quarter (" + base + ")"
                : "the same quarter a year earlier (" + base + ")";
        List<String> ms = Periods.monthsOf(base);
        long b = ms.stream().filter(mo -> point(Periods.MONTH, mo, "all", "all", "broadcasts") != null).count();
        long m = ms.stream().filter(mo -> point(Periods.MONTH, mo, "all", "all", "broadcasts") != null
                && point(Periods.MONTH, mo, "all", "all", measure) != null).count();
        Map<String, String> measureName = Labels.MEASURE.getOrDefault(measure, of(measure, measure));
        if (b == 0) {
            return of("没有" + zhBase + "的直播数据", "no broadcast data for " + enBase);
        }
        if (b < 3) {
            return of(zhBase + "只有 " + b + "/3 个月有直播数据", enBase + " has broadcast data for only " + b + " of its 3 months");
        }
        if (m == 0) {
            return of("没有" + zhBase + "的" + measureName.get("zh") + "数据", "no " + lowerFirst(measureName.get("en")) + " data for " + enBase);
        }
        if (m < 3) {
            return of(zhBase + "只有 " + m + "/3 个月有" + measureName.get("zh") + "数据",
                    enBase + " has " + lowerFirst(measureName.get("en")) + " data for only " + m + " of its 3 months");
        }
        TrendPoint cur = point(Periods.QUARTER, quarter, "all", "all", measure);
        if (cur == null || !cur.complete()) {
            return of(quarter + " 尚未结束", quarter + " is not complete yet");
        }
        return null;
    }

    /** The same definition for a month against the month before: both have national broadcasts and the measure. */
    private boolean monthComparable(String month, String measure) {
        String before = Periods.minus(Periods.MONTH, month, 1);
        return java.util.stream.Stream.of(month, before).allMatch(mo -> point(Periods.MONTH, mo, "all", "all", "broadcasts") != null
                && point(Periods.MONTH, mo, "all", "all", measure) != null);
    }

    /** One headline note per reason, naming the measures it applies to unless it applies to all. */
    private void reasonNotes(Map<Map<String, String>, List<String>> why, String zhWhat, String enWhat) {
        for (var e : why.entrySet()) {
            boolean all = e.getValue().size() == Labels.MEASURES.size();
            String zhList = all ? "" : "（" + String.join("、", e.getValue().stream().map(x -> Labels.MEASURE.get(x).get("zh")).toList()) + "）";
            String enList = all ? "" : " for " + String.join(", ", e.getValue().stream().map(x -> Labels.MEASURE.get(x).get("en")).toList());
            String en = e.getKey().get("en");
            note("headline", e.getKey().get("zh") + "：" + zhWhat + zhList + "。",
                    Character.toUpperCase(en.charAt(0)) + en.substring(1) + ": " + enWhat + enList + ".");
        }
    }

    private void chart(String id, String section, Map<String, String> title, Map<String, String> note, List<String> header,
                       List<List<Object>> rows, Function<String, Map<String, Object>> option) {
        chart(id, section, title, note, header, rows, of("没有数据", "No data"), option);
    }

    /**
     * @param empty what the chart says, drawn in its middle, when {@code rows} is empty: why it is
     *              empty (an empty frame says nothing)
     */
    private void chart(String id, String section, Map<String, String> title, Map<String, String> note, List<String> header,
                       List<List<Object>> rows, Map<String, String> empty, Function<String, Map<String, Object>> option) {
        Map<String, Map<String, Object>> opts = new LinkedHashMap<>();
        for (String lang : LANGS) {
            Map<String, Object> o = option.apply(lang);
            if (rows.isEmpty()) {
                o.put("title", map("text", empty.get(lang), "left", "center", "top", "middle",
                        "textStyle", map("fontSize", 14, "fontWeight", "normal", "color", "#52606d", "overflow", "break", "width", 300)));
            }
            opts.put(lang, o);
        }
        charts.add(new Chart(id, section, title, note, opts, header, rows));
    }

    private void note(String section, String zh, String en) {
        notes.get(section).add(of(zh, en));
    }

    private TrendPoint point(String type, String period, String dim, String dv, String measure) {
        for (TrendPoint p : points) {
            if (p.periodType().equals(type) && p.period().equals(period) && p.dimension().equals(dim)
                    && p.dimensionValue().equals(dv) && p.measure().equals(measure)) {
                return p;
            }
        }
        return null;
    }

    /** Every month from the first in the series to the quarter's last, gaps included (a gap is a month without data). */
    private List<String> months() {
        String first = points.stream().filter(p -> Periods.MONTH.equals(p.periodType())).map(TrendPoint::period)
                .min(String::compareTo).orElse(Periods.monthsOf(quarter).get(0));
        List<String> out = new ArrayList<>();
        for (java.time.YearMonth m = java.time.YearMonth.parse(first), last = java.time.YearMonth.parse(Periods.monthsOf(quarter).get(2));
             !m.isAfter(last); m = m.plusMonths(1)) {
            out.add(m.toString());
        }
        return out;
    }

    private List<String> values(String type, String period, String dim, String measure) {
        Set<String> out = new LinkedHashSet<>();
        points.stream().filter(p -> p.periodType().equals(type) && p.period().equals(period) && p.dimension().equals(dim)
                && p.measure().equals(measure)).map(TrendPoint::dimensionValue).sorted().forEach(out::add);
        return new ArrayList<>(out);
    }

    private static boolean bigEnough(TrendPoint p) {
        return switch (p.measure()) {
            case "broadcasts", "violations", "complaints", "repeat_offenders" -> p.value() != null && p.value() >= MIN_COUNT
                    && p.value() / (1 + change(p, p.qoq() != null ? "qoq" : "mom")) >= MIN_COUNT;
            case "gmv_cny" -> p.value() != null && p.value() > 0;
            case "median_hours_to_disposal" -> p.denominator() != null && p.denominator().doubleValue() >= MIN_COUNT;
            default -> p.denominator() != null && p.denominator().doubleValue() >= MIN_DENOMINATOR;
        };
    }

    private static double change(TrendPoint p, String basis) {
        return "qoq".equals(basis) ? p.qoq() : p.mom();
    }

    private String dimLabel(String dim, String value, String lang) {
        return switch (dim) {
            case "all" -> Labels.DIMENSION.get("all").get(lang);
            case "province" -> {
                TrendConfig.Province p = cfg.provinces().get(value);
                yield p == null ? ("zh".equals(lang) ? "未知" : "unknown") : "zh".equals(lang) ? p.nameZh() : p.nameEn();
            }
            case "mcn_size_band" -> cfg.sizeBands().stream().filter(b -> b.id().equals(value)).findFirst()
                    .map(b -> "zh".equals(lang) ? b.labelZh() : b.labelEn()).orElse("zh".equals(lang) ? "无MCN" : "no MCN");
            case "category" -> catLabel(value, lang);
            case "severity" -> Labels.SEVERITY.getOrDefault(value, of(value, value)).get(lang);
            case "role" -> Labels.ROLE.getOrDefault(value, of(value, value)).get(lang);
            default -> value;
        };
    }

    private String catLabel(String code, String lang) {
        Map<String, String> n = categories.get(code);
        return n == null ? code : code + " " + n.get(lang);
    }

    private String festivalNames(String lang) {
        return String.join("、", cfg.festivals().stream().map(f -> "zh".equals(lang) ? f.nameZh() : f.nameEn()).toList());
    }

    private Map<String, Object> festivalArea(List<List<Object>> rows, List<Object> x, String lang) {
        List<Object> areas = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Object f = rows.get(i).get(2);
            if (f instanceof String s && !s.isEmpty()) {
                String name = String.join("/", java.util.Arrays.stream(s.split(",")).map(id -> cfg.festivals().stream()
                        .filter(fe -> fe.id().equals(id)).map(fe -> "zh".equals(lang) ? fe.nameZh() : fe.nameEn())
                        .findFirst().orElse(id)).toList());
                areas.add(List.of(map("name", name, "xAxis", x.get(i)), map("xAxis", x.get(i))));
            }
        }
        // label inside the shaded month, flush with its right edge: never past the chart's edge
        return map("data", areas, "itemStyle", map("color", "rgba(255,196,0,0.18)"),
                "label", map("color", "#8a6d00", "position", "insideTopRight"));
    }

    /** x labels: the period, with "(incomplete)" when the row's complete flag (column 1) is false. */
    private static List<Object> xLabels(List<List<Object>> rows, String lang) {
        List<Object> x = new ArrayList<>();
        for (List<Object> r : rows) {
            x.add(Boolean.FALSE.equals(r.get(1)) ? r.get(0) + ("zh".equals(lang) ? "（未完）" : " (incomplete)") : r.get(0));
        }
        return x;
    }

    /** Column {@code col} as chart data; points of incomplete rows are hollow. */
    private static List<Object> marked(List<List<Object>> rows, int col) {
        List<Object> out = new ArrayList<>();
        for (List<Object> r : rows) {
            Object v = r.get(col) instanceof Double d ? round(d) : r.get(col);
            out.add(Boolean.FALSE.equals(r.get(1)) ? map("value", v, "symbol", "emptyCircle", "symbolSize", 10,
                    "itemStyle", map("opacity", 0.55)) : v);
        }
        return out;
    }

    private static Map<String, Object> series(String type, String name, List<Object> data, int yAxis) {
        Map<String, Object> s = map("type", type, "name", name, "data", data, "yAxisIndex", yAxis);
        if ("line".equals(type)) {
            s.put("connectNulls", false);
        }
        return s;
    }

    /** A limit (column {@code col}) as a line over the distinct exposures (column 2), one point per exposure. */
    private static Map<String, Object> limitLine(String name, List<List<Object>> rows, int col, String style) {
        Map<Double, Object> byExposure = new TreeMap<>();
        for (List<Object> r : rows) {
            if (r.get(2) != null && r.get(col) != null) {
                byExposure.putIfAbsent((Double) r.get(2), round((Double) r.get(col)));
            }
        }
        List<Object> data = new ArrayList<>();
        byExposure.forEach((x, y) -> data.add(List.of(x, y)));
        boolean tick = data.size() == 1;                                  // a line of one point is invisible
        return map("type", "line", "name", name, "data", data, "symbol", tick ? "rect" : "none", "symbolSize", List.of(28, 2),
                "showSymbol", tick, "silent", true,
                "lineStyle", map("type", style, "width", 1.5), "itemStyle", map("color", "solid".equals(style) ? "#1c3d7a" : "#666666"));
    }

    private static boolean outside(List<Object> r) {
        Object v = r.get(3);
        Object lo = r.get(5);
        Object hi = r.get(6);
        return v instanceof Double d && ((lo instanceof Double l && d < l) || (hi instanceof Double h && d > h));
    }

    private static Map<String, Object> base(String lang) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("animation", false);
        o.put("tooltip", map("trigger", "axis", "confine", true));
        o.put("legend", map("top", 0, "type", "scroll"));
        // containLabel: the axis labels are inside the chart, never cut off at its edge; the page
        // (report.html, fit) sets label widths and axis-name widths from the chart's drawn width
        o.put("grid", map("left", 12, "right", 16, "top", 64, "bottom", 12, "containLabel", true));
        return o;
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<Object> row(Object... values) {
        return new ArrayList<>(java.util.Arrays.asList(values));
    }

    private static Double val(TrendPoint p) {
        return p == null ? null : p.value();
    }

    private static Double dec(java.math.BigDecimal d) {
        return d == null ? null : d.doubleValue();
    }

    static Double round(Double d) {
        return d == null ? null : Math.round(d * 1000.0) / 1000.0;
    }

    /** A numeric column as Double (null stays null), whatever its numeric type. */
    private static Double num(Row r, String col) {
        Object o = r.getAs(col);
        return o == null ? null : ((Number) o).doubleValue();
    }

    /** Anchors are persons: never their id. */
    private static String entityLabel(String role, Row r) {
        if ("anchor".equals(role)) {
            return "anchor";
        }
        return Objects.toString(r.getAs("entity_id"));
    }

    private static String fmtNum(Double d) {
        return d == null ? "" : ReportWriter.text(d);
    }

    /** "Violations per 1,000" → "violations per 1,000"; "GMV (CNY)" and "MCN size band" stay. */
    static String lowerFirst(String s) {
        return s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))
                ? Character.toLowerCase(s.charAt(0)) + s.substring(1) : s;
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
