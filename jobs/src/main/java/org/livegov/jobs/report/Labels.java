package org.livegov.jobs.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Chinese and English names of the report's measures, dimensions and sections. */
final class Labels {
    private Labels() {
    }

    static Map<String, String> of(String zh, String en) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("zh", zh);
        m.put("en", en);
        return m;
    }

    /** Measures in headline order. */
    static final List<String> MEASURES = List.of("broadcasts", "gmv_cny", "violations", "violations_per_1000_broadcasts",
            "complaints", "complaints_per_million_gmv", "median_hours_to_disposal", "share_accepted_in_time",
            "repeat_offenders");

    static final Map<String, Map<String, String>> MEASURE = Map.of(
            "broadcasts", of("直播场次", "Broadcasts"),
            "gmv_cny", of("成交额（元）", "GMV (CNY)"),
            "violations", of("违规数", "Violations"),
            "violations_per_1000_broadcasts", of("每千场直播违规数", "Violations per 1,000 broadcasts"),
            "complaints", of("投诉数", "Complaints"),
            "complaints_per_million_gmv", of("每百万元成交额投诉数", "Complaints per CNY 1 million GMV"),
            "median_hours_to_disposal", of("处置时长中位数（小时）", "Median hours to disposal"),
            "share_accepted_in_time", of("7个工作日内受理占比", "Share accepted within 7 working days"),
            "repeat_offenders", of("重复违规主体数", "Repeat offenders listed"));

    /** +1 when a rise is worse for consumers, -1 when a rise is better, 0 when neither (volume). */
    static int badDirection(String measure) {
        return switch (measure) {
            case "violations", "violations_per_1000_broadcasts", "complaints", "complaints_per_million_gmv",
                 "median_hours_to_disposal", "repeat_offenders" -> 1;
            case "share_accepted_in_time" -> -1;
            default -> 0;
        };
    }

    static final Map<String, Map<String, String>> DIMENSION = Map.of(
            "all", of("全国", "National"),
            "platform", of("平台", "Platform"),
            "mcn_size_band", of("MCN规模", "MCN size band"),
            "province", of("省份", "Province"),
            "category", of("违规类别", "Violation category"),
            "severity", of("严重程度", "Severity"),
            "role", of("责任主体", "Role"));

    static final Map<String, Map<String, String>> ROLE = Map.of(
            "merchant", of("商家", "merchant"), "anchor", of("主播", "anchor"),
            "mcn", of("MCN机构", "MCN"), "platform", of("平台", "platform"));

    /** Severity names (shared/domain.md §3). */
    static final Map<String, Map<String, String>> SEVERITY = Map.of(
            "s1", of("S1 轻微", "S1 minor"), "s2", of("S2 一般", "S2 general"),
            "s3", of("S3 严重", "S3 serious"), "s4", of("S4 特别严重", "S4 critical"));

    static final Map<String, Map<String, String>> SECTION = Map.of(
            "headline", of("核心指标", "Headline figures"),
            "trends", of("趋势", "Trends"),
            "changes", of("变化最大的指标", "Largest changes"),
            "anomalies", of("异常与突变点", "Anomalies and changepoints"),
            "league", of("对标排名（含排名区间）与漏斗图", "Benchmark league with rank intervals, and funnel plots"),
            "offenders", of("重复违规主体概况", "Repeat offenders (counts and categories)"));
}
