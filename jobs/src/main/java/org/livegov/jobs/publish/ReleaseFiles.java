package org.livegov.jobs.publish;

import static org.livegov.jobs.XlsxCells.header;
import static org.livegov.jobs.XlsxCells.put;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.livegov.jobs.XlsxCells;
import org.livegov.jobs.config.IndicatorCatalogue;
import org.livegov.metrics.bench.Benchmark;
import org.livegov.metrics.bench.Indicator;

/**
 * Renders the files of a release from the benchmark tables (already collected, sorted rows as
 * column → value maps), in memory, so that {@code publish} writes them and {@code --verify}
 * compares a rebuild with them byte for byte.
 *
 * <p>Public part (association's league): per role of the public league (platform, MCN)
 * {@code <role>_indicators.csv}, {@code <role>_scores.csv}, {@code <role>_sensitivity.csv} and
 * {@code <role>.json}; {@code benchmark_<quarter>.xlsx} with one sheet per public role (the league:
 * rank, composite, rank interval, then each indicator's published value) and a {@code methodology}
 * sheet (every definition, duty, source, unit, goalposts, weight, minimum exposure and the
 * alternative weightings). In public files a cell whose exposure is below the indicator's
 * {@code min_exposure} (configuration) is suppressed: its numerator, denominator, value,
 * interval, shrunk value, score and funnel limits are empty and {@code suppressed} is true.
 * A cell whose input its platform does not report at all
 * ({@link org.livegov.metrics.bench.QuarterlyIndicators#computeWithGaps}) is listed too, with every
 * figure empty, {@code suppressed} true and the reason in the column {@code not_available}
 * (empty for computed cells). The column before it,
 * {@code coverage}, is the share of the cell's units that had the field its indicator reads, for
 * the indicators where a blank field is unknown and leaves the cell
 * ({@code QuarterlyIndicators.COVERED}: P02, P15, M06, A04; a cell below the configured minimum
 * coverage is not available), empty for the others. The last two columns (issue 17) say what a
 * reader sees of the cell in this file: {@code value_status} is {@code published} (figures
 * shown), {@code suppressed} (figures empty: exposure below the minimum), {@code not_available}
 * (reason in {@code not_available}) or {@code no_value} (computed, no value); {@code
 * suppression_reason} says why a cell is suppressed in public files (also in the platform's own
 * pack, where its figures are shown, status {@code published}). Every CSV has its header even
 * when a role has no entity in the quarter.
 *
 * <p>Per-platform packs ({@code packs/<platform_id>/}): the platform's own indicators unsuppressed
 * beside the published figures of the others ({@code platform_indicators.csv}), and the merchant
 * and anchor scorecards of its own merchants and anchors ({@code merchant_*.csv},
 * {@code anchor_*.csv}, for the platform's own use; never public).
 *
 * <p>Numbers are rounded half up to the precision of their column and unit
 * ({@link ReleaseNumbers}: counts as integers, shares to 4 decimals, …) and written plain, never
 * in scientific notation: in the CSV as text, in the JSON as numbers (an empty figure is
 * {@code null}), in the XLSX as numeric cells with the matching number format. The three show
 * the same figures. Identical text means identical published figures; the XLSX is not compared
 * byte for byte (its zip entries carry times).
 */
final class ReleaseFiles {
    static final List<Indicator.Role> PUBLIC_ROLES = List.of(Indicator.Role.PLATFORM, Indicator.Role.MCN);
    static final List<Indicator.Role> PACK_ROLES = List.of(Indicator.Role.MERCHANT, Indicator.Role.ANCHOR);
    /**
     * Columns blanked in a suppressed cell: its figures, and its funnel limits and flag too, since
     * the limits at an entity's exposure would give the exposure away.
     */
    static final Set<String> HIDDEN = Set.of("numerator", "denominator", "value", "lower", "upper", "shrunk_value", "score",
            "funnel_lower_95", "funnel_upper_95", "funnel_lower_998", "funnel_upper_998", "funnel_flag");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    /** {@code value_status}: the cell's figures are shown in this file. */
    static final String PUBLISHED = "published";
    /** {@code value_status}: the figures are hidden (exposure below the minimum; reason in {@code suppression_reason}). */
    static final String SUPPRESSED = "suppressed";
    /** {@code value_status}: the platform does not report the input, or too few units carry it (reason in {@code not_available}). */
    static final String NOT_AVAILABLE = "not_available";
    /** {@code value_status}: computed, but no value (e.g. no unit to take a median of). */
    static final String NO_VALUE = "no_value";
    /** Columns of the indicator files: the benchmark's, then the reason a cell is not available. */
    static final List<String> INDICATOR_COLUMNS;
    static final List<String> SCORE_COLUMNS = List.of(Benchmark.SCORES_SCHEMA.fieldNames());
    static final List<String> SENSITIVITY_COLUMNS = List.of(Benchmark.SENSITIVITY_SCHEMA.fieldNames());

    static {
        List<String> c = new ArrayList<>(List.of(Benchmark.INDICATORS_SCHEMA.fieldNames()));
        c.add("coverage");
        c.add("not_available");
        c.add("value_status");
        c.add("suppression_reason");
        INDICATOR_COLUMNS = List.copyOf(c);
    }

    /** Key of a cell in the coverage map of {@link #cells}. */
    static String cellKey(Object role, Object entity, Object indicator) {
        return role + "/" + entity + "/" + indicator;
    }

    /**
     * @param coverage rows in {@code QuarterlyIndicators.COVERAGE_SCHEMA}
     * @return {@link #cellKey} → coverage (share of the cell's units that had its field)
     */
    static Map<String, Double> coverageOf(List<org.apache.spark.sql.Row> coverage) {
        Map<String, Double> m = new java.util.HashMap<>();
        for (org.apache.spark.sql.Row r : coverage) {
            m.put(cellKey(r.getAs("role"), r.getAs("entity_id"), r.getAs("indicator_id")), r.<Double>getAs("coverage"));
        }
        return m;
    }

    private ReleaseFiles() {
    }

    /**
     * Same as {@link #render(String, List, List, List, List, List, Map)} with every role's rows as
     * maps (the merchant and anchor rows are turned into arrays here): for tests and small releases.
     */
    static Map<String, byte[]> render(String quarter, List<Map<String, Object>> indicators, List<Map<String, Object>> scores,
                                      List<Map<String, Object>> sensitivity, Map<String, String> platformOf) {
        List<Object[]> packIndicators = new ArrayList<>(), packScores = new ArrayList<>();
        for (Map<String, Object> m : indicators) if (isPackRole(m.get("role"))) packIndicators.add(array(INDICATOR_COLUMNS, m));
        for (Map<String, Object> m : scores) if (isPackRole(m.get("role"))) packScores.add(array(SCORE_COLUMNS, m));
        return render(quarter, indicators.stream().filter(m -> !isPackRole(m.get("role"))).toList(),
                scores.stream().filter(m -> !isPackRole(m.get("role"))).toList(), sensitivity, packIndicators, packScores, platformOf);
    }

    /**
     * @param quarter        e.g. 2026Q2
     * @param indicators     rows of the benchmark indicators table of the public roles (platform, MCN), with
     *                       the not-available cells ({@link #publicCells}), sorted by role, entity_id, indicator_id
     * @param scores         rows of the scores table of the public roles
     * @param sensitivity    rows of the sensitivity table of the public roles
     * @param packIndicators merchant and anchor cells in {@link #INDICATOR_COLUMNS} order ({@link #cells}),
     *                       sorted by role, entity_id, indicator_id: arrays, not maps, because a national
     *                       quarter has about 4 million of them (500,000 merchants × 5, 400,000 anchors × 4)
     * @param packScores     merchant and anchor scores in {@link #SCORE_COLUMNS} order, sorted by role, entity_id
     * @param platformOf     merchant or anchor id → its platform (for the packs)
     * @return relative file name → bytes (CSV and JSON)
     */
    static Map<String, byte[]> render(String quarter, List<Map<String, Object>> indicators, List<Map<String, Object>> scores,
                                      List<Map<String, Object>> sensitivity, List<Object[]> packIndicators,
                                      List<Object[]> packScores, Map<String, String> platformOf) {
        Map<String, byte[]> files = new TreeMap<>();
        for (Indicator.Role role : PUBLIC_ROLES) {
            String r = role.key();
            List<Map<String, Object>> ind = suppress(of(indicators, r));
            List<Map<String, Object>> sc = of(scores, r);
            List<Map<String, Object>> se = of(sensitivity, r);
            files.put(r + "_indicators.csv", csv(INDICATOR_COLUMNS, ind));
            files.put(r + "_scores.csv", csv(SCORE_COLUMNS, sc));
            files.put(r + "_sensitivity.csv", csv(SENSITIVITY_COLUMNS, se));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("quarter", quarter);
            json.put("role", r);
            json.put("scores", shown(sc));
            json.put("indicators", shown(ind));
            json.put("sensitivity", shown(se));
            files.put(r + ".json", json(json));
        }
        // packs: one per platform that has a platform row (a score, or only cells that are not available)
        List<String> platforms = java.util.stream.Stream.concat(of(scores, "platform").stream(), of(indicators, "platform").stream())
                .map(m -> (String) m.get("entity_id")).distinct().sorted().toList();
        Map<String, StringBuilder> packs = new TreeMap<>();
        for (String p : platforms) {
            List<Map<String, Object>> own = new ArrayList<>();
            for (Map<String, Object> m : of(indicators, "platform")) {
                own.add(p.equals(m.get("entity_id")) ? m : suppress(List.of(m)).get(0));
            }
            String dir = "packs/" + p + "/";
            files.put(dir + "platform_indicators.csv", csv(INDICATOR_COLUMNS, own));
            for (Indicator.Role role : PACK_ROLES) {
                packs.put(dir + role.key() + "_indicators.csv", csvHeader(INDICATOR_COLUMNS));
                packs.put(dir + role.key() + "_scores.csv", csvHeader(SCORE_COLUMNS));
            }
        }
        // one pass over the merchant and anchor rows, in their order, each to its platform's file
        append(packs, "_indicators.csv", INDICATOR_COLUMNS, packIndicators, platformOf);
        append(packs, "_scores.csv", SCORE_COLUMNS, packScores, platformOf);
        for (Map.Entry<String, StringBuilder> e : packs.entrySet()) {
            files.put(e.getKey(), e.getValue().toString().getBytes(StandardCharsets.UTF_8));
            e.setValue(null);   // let the text go as soon as it is bytes
        }
        return files;
    }

    private static boolean isPackRole(Object role) {
        return PACK_ROLES.stream().anyMatch(r -> r.key().equals(role));
    }

    private static Object[] array(List<String> columns, Map<String, Object> m) {
        Object[] a = new Object[columns.size()];
        for (int i = 0; i < a.length; i++) a[i] = m.get(columns.get(i));
        return a;
    }

    private static StringBuilder csvHeader(List<String> columns) {
        return new StringBuilder().append(String.join(",", columns)).append('\n');
    }

    /** Appends each row to {@code packs/<its platform>/<role><suffix>} when that pack exists. */
    private static void append(Map<String, StringBuilder> packs, String suffix, List<String> columns, List<Object[]> rows,
                               Map<String, String> platformOf) {
        int role = columns.indexOf("role"), entity = columns.indexOf("entity_id"), unit = columns.indexOf("unit"),
                status = columns.indexOf("value_status"), na = columns.indexOf("not_available"), value = columns.indexOf("value");
        for (Object[] a : rows) {
            StringBuilder sb = packs.get("packs/" + platformOf.get((String) a[entity]) + "/" + a[role] + suffix);
            if (sb == null) continue;
            String u = unit < 0 ? null : (String) a[unit];
            for (int i = 0; i < a.length; i++) {
                if (i > 0) sb.append(',');
                Object v = i == status && a[i] == null ? status(a[na], false, a[value]) : a[i];   // packs hide nothing
                sb.append(cell(ReleaseNumbers.round(columns.get(i), u, v)));
            }
            sb.append('\n');
        }
    }

    /**
     * The merchant and anchor rows of the scores table as arrays in {@link #SCORE_COLUMNS} order,
     * in the given order.
     *
     * @param scores rows of {@code Benchmark.SCORES_SCHEMA}, any role
     */
    static List<Object[]> packScores(List<org.apache.spark.sql.Row> scores) {
        int role = SCORE_COLUMNS.indexOf("role");
        List<Object[]> out = new ArrayList<>();
        for (org.apache.spark.sql.Row r : scores) {
            if (!isPackRole(r.get(role))) continue;
            Object[] a = new Object[r.size()];
            for (int i = 0; i < a.length; i++) a[i] = r.get(i);
            out.add(a);
        }
        return out;
    }

    /**
     * The cells of a release for some roles in {@link #INDICATOR_COLUMNS} order: the computed ones
     * ({@code not_available} empty) and those not available (every figure empty, {@code suppressed}
     * true, the indicator's unit, the reason in {@code not_available}), sorted by role, entity_id,
     * indicator_id. Arrays, not maps: a national quarter has about 4 million merchant and anchor cells.
     *
     * @param computed     rows of the benchmark indicators table ({@code Benchmark.INDICATORS_SCHEMA}), any role
     * @param notAvailable rows in {@code QuarterlyIndicators.NOT_AVAILABLE_SCHEMA}, any role
     * @param coverage     {@link #coverageOf}: the {@code coverage} column of the cells that have one
     *                     (indicators whose field may be blank), computed or not available; empty elsewhere
     * @param catalogue    for the unit of each indicator
     * @param roles        the roles kept ({@link #PUBLIC_ROLES} or {@link #PACK_ROLES})
     */
    static List<Object[]> cells(List<org.apache.spark.sql.Row> computed, List<org.apache.spark.sql.Row> notAvailable,
                                Map<String, Double> coverage, IndicatorCatalogue catalogue, List<Indicator.Role> roles) {
        java.util.function.Predicate<Object> kept = x -> roles.stream().anyMatch(r -> r.key().equals(x));
        int n = INDICATOR_COLUMNS.size();
        int quarter = INDICATOR_COLUMNS.indexOf("quarter"), role = INDICATOR_COLUMNS.indexOf("role"),
                entity = INDICATOR_COLUMNS.indexOf("entity_id"), indicator = INDICATOR_COLUMNS.indexOf("indicator_id"),
                suppressed = INDICATOR_COLUMNS.indexOf("suppressed"), unit = INDICATOR_COLUMNS.indexOf("unit"),
                cov = INDICATOR_COLUMNS.indexOf("coverage"), reason = INDICATOR_COLUMNS.indexOf("not_available"),
                why = INDICATOR_COLUMNS.indexOf("suppression_reason");
        int benchmarkColumns = Benchmark.INDICATORS_SCHEMA.size();
        Map<String, String> units = new LinkedHashMap<>(), suppressedBecause = new LinkedHashMap<>();
        catalogue.indicators().forEach(i -> {
            units.put(i.id(), i.unit());
            suppressedBecause.put(i.id(), suppressionReason(i.minExposure()));
        });
        List<Object[]> out = new ArrayList<>();
        for (org.apache.spark.sql.Row r : computed) {
            if (!kept.test(r.get(role))) continue;
            Object[] a = new Object[n];
            for (int i = 0; i < benchmarkColumns; i++) a[i] = r.get(i);   // the benchmark's columns
            a[cov] = coverage.get(cellKey(a[role], a[entity], a[indicator]));
            if (Boolean.TRUE.equals(a[suppressed])) a[why] = suppressedBecause.get((String) a[indicator]);
            out.add(a);
        }
        for (org.apache.spark.sql.Row r : notAvailable) {
            if (!kept.test(r.getAs("role"))) continue;
            Object[] a = new Object[n];
            a[quarter] = r.getAs("quarter");
            a[role] = r.getAs("role");
            a[entity] = r.getAs("entity_id");
            a[indicator] = r.getAs("indicator_id");
            a[suppressed] = true;
            a[unit] = units.get((String) r.getAs("indicator_id"));
            a[cov] = coverage.get(cellKey(a[role], a[entity], a[indicator]));
            a[reason] = r.getAs("reason");
            out.add(a);
        }
        out.sort(java.util.Comparator.comparing((Object[] a) -> (String) a[role]).thenComparing(a -> (String) a[entity])
                .thenComparing(a -> (String) a[indicator]));
        return out;
    }

    /**
     * The public roles' cells ({@link #cells} for platform and MCN) as column → value maps in
     * {@link #INDICATOR_COLUMNS} order, for the JSON files and the XLSX.
     */
    static List<Map<String, Object>> publicCells(List<org.apache.spark.sql.Row> computed, List<org.apache.spark.sql.Row> notAvailable,
                                                 Map<String, Double> coverage, IndicatorCatalogue catalogue) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object[] a : cells(computed, notAvailable, coverage, catalogue, PUBLIC_ROLES)) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < a.length; i++) m.put(INDICATOR_COLUMNS.get(i), a[i]);
            out.add(m);
        }
        return out;
    }

    static List<Map<String, Object>> of(List<Map<String, Object>> rows, String role) {
        return rows.stream().filter(m -> role.equals(m.get("role"))).toList();
    }

    /**
     * Public form: suppressed cells keep their keys and flags, their figures are removed and
     * {@code value_status} says so ({@link #SUPPRESSED}, or {@link #NOT_AVAILABLE} for a cell
     * whose input is not reported).
     */
    static List<Map<String, Object>> suppress(List<Map<String, Object>> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> m : rows) {
            if (Boolean.TRUE.equals(m.get("suppressed"))) {
                Map<String, Object> c = new LinkedHashMap<>(m);
                HIDDEN.forEach(k -> c.put(k, null));
                c.put("value_status", status(m.get("not_available"), true, null));
                out.add(c);
            } else {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * {@code value_status} of an indicator cell in a file.
     *
     * @param notAvailable the {@code not_available} reason, or null for a computed cell
     * @param hidden       the file hides the cell's figures (a suppressed cell in a public file)
     * @param value        the cell's value
     */
    static String status(Object notAvailable, boolean hidden, Object value) {
        if (notAvailable != null) return NOT_AVAILABLE;
        if (hidden) return SUPPRESSED;
        return value == null ? NO_VALUE : PUBLISHED;
    }

    /**
     * Why a cell is suppressed in public files, for {@code suppression_reason}: its exposure is
     * below the indicator's minimum (the exposure itself is not given: it would be a figure of
     * the suppressed cell).
     */
    static String suppressionReason(double minExposure) {
        return "exposure (denominator) below the minimum of " + java.math.BigDecimal.valueOf(minExposure).stripTrailingZeros()
                .toPlainString() + " (min_exposure in indicators.yaml); figures shown only in the platform's own pack";
    }

    /**
     * A row as published: every number rounded to its precision ({@link ReleaseNumbers}, the
     * row's {@code unit} for indicator rows) as a {@link java.math.BigDecimal}, and for an
     * indicator row its {@code value_status} when not set yet (figures shown).
     */
    static Map<String, Object> shown(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        String unit = (String) m.get("unit");
        m.forEach((k, v) -> out.put(k, ReleaseNumbers.round(k, unit, v)));
        if (m.containsKey("indicator_id") && out.get("value_status") == null) {
            out.put("value_status", status(m.get("not_available"), false, m.get("value")));
        }
        return out;
    }

    static List<Map<String, Object>> shown(List<Map<String, Object>> rows) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        rows.forEach(m -> out.add(shown(m)));
        return out;
    }

    /** Header, then one line per row ({@link #shown}) with the given columns (a column a row lacks is empty). */
    static byte[] csv(List<String> columns, List<Map<String, Object>> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", columns)).append('\n');
        for (Map<String, Object> m : rows) {
            Map<String, Object> p = shown(m);
            List<String> cells = new ArrayList<>();
            columns.forEach(k -> cells.add(cell(p.get(k))));
            sb.append(String.join(",", cells)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String cell(Object v) {
        if (v == null) return "";
        String s = ReleaseNumbers.text(v);
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    static byte[] json(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    /** League sheet columns after the entity id: numbers (at their {@link ReleaseNumbers} precision), then text. */
    private static final List<String> LEAGUE_NUMBERS = List.of("rank", "composite", "rank_lower", "rank_upper");
    private static final List<String> LEAGUE_TEXTS = List.of("rank_label", "rank_reason");

    /**
     * The XLSX: per public role a league sheet ({@code platform}, {@code mcn}: one row per entity,
     * its rank and composite, then each indicator's published value, then {@code blank cells}:
     * why each empty indicator cell of the row is empty) and an indicators sheet
     * ({@code platform indicators}, {@code mcn indicators}: the rows and columns of
     * {@code <role>_indicators.csv}), then the methodology sheet. Numbers are numeric cells with
     * the number format of their precision ({@link ReleaseNumbers}: the same rounded figures as
     * the CSV and JSON files); a suppressed or not-available figure is a blank cell, never text,
     * its reason in the row's text column. Every data sheet has its header row frozen and an
     * auto-filter on it, and column widths fitted to their text (at most 60 characters).
     *
     * @return the workbook's bytes
     */
    static byte[] xlsx(String quarter, IndicatorCatalogue catalogue, List<Map<String, Object>> indicators,
                       List<Map<String, Object>> scores) {
        // streaming (rows past the last 100 go to a temporary file): the MCN indicators sheet of a national
        // quarter has about 175,000 rows × 25 columns, several GB as an in-memory XSSF workbook
        SXSSFWorkbook wb = new SXSSFWorkbook(100);
        // POI's default for SXSSF (Zip64Mode.Always) marks every entry ZIP64 and writes 8-byte sizes in its data
        // descriptor without a ZIP64 field in the local header: Excel and unzip cope, a streaming reader such as
        // java.util.zip.ZipInputStream fails with "invalid entry size". A sheet stays far below 4 GB (the national
        // MCN sheet is some tens of MB), so plain entries, ZIP64 only if one ever needed it
        wb.setZip64Mode(org.apache.commons.compress.archivers.zip.Zip64Mode.AsNeeded);
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            CellStyle bold = XlsxCells.bold(wb);
            Map<String, CellStyle> formats = new java.util.HashMap<>();
            for (Indicator.Role role : PUBLIC_ROLES) {
                List<Indicator> cat = catalogue.of(role);
                List<Map<String, Object>> cells = shown(suppress(of(indicators, role.key())));
                Sheet s = wb.createSheet(role.key());
                List<String> head = new ArrayList<>(List.of(role.key() + "_id"));
                head.addAll(LEAGUE_NUMBERS);
                head.addAll(LEAGUE_TEXTS);
                final int firstIndicator = head.size();
                cat.forEach(i -> head.add(i.id() + " (" + i.unit() + ")"));
                head.add("blank cells");
                Widths w = new Widths(s, head, bold);
                Map<String, Map<String, Map<String, Object>>> byEntity = new LinkedHashMap<>();
                for (Map<String, Object> m : cells) {
                    byEntity.computeIfAbsent((String) m.get("entity_id"), k -> new LinkedHashMap<>()).put((String) m.get("indicator_id"), m);
                }
                List<Map<String, Object>> league = new ArrayList<>(of(scores, role.key()));
                league.sort((a, b) -> {
                    Integer ra = (Integer) a.get("rank"), rb = (Integer) b.get("rank");
                    int c = ra == null ? (rb == null ? 0 : 1) : rb == null ? -1 : Integer.compare(ra, rb);
                    return c != 0 ? c : String.valueOf(a.get("entity_id")).compareTo(String.valueOf(b.get("entity_id")));
                });
                int r = 1;
                for (Map<String, Object> sc : league) {
                    Row row = s.createRow(r++);
                    String e = (String) sc.get("entity_id");
                    w.put(row, 0, e, null);
                    int c = 1;
                    for (String col : LEAGUE_NUMBERS) {
                        w.number(row, c++, sc.get(col), ReleaseNumbers.of(col, null), wb, formats);
                    }
                    for (String col : LEAGUE_TEXTS) {
                        w.put(row, c++, sc.get(col), null);
                    }
                    List<String> blank = new ArrayList<>();
                    for (int k = 0; k < cat.size(); k++) {
                        Indicator ind = cat.get(k);
                        Map<String, Object> m = byEntity.getOrDefault(e, Map.of()).get(ind.id());
                        if (m == null) {
                            blank.add(ind.id() + ": no cell");
                        } else if (PUBLISHED.equals(m.get("value_status"))) {
                            w.number(row, firstIndicator + k, m.get("value"), ReleaseNumbers.of("value", ind.unit()), wb, formats);
                        } else {
                            Object why = NOT_AVAILABLE.equals(m.get("value_status")) ? m.get("not_available") : m.get("suppression_reason");
                            blank.add(ind.id() + ": " + m.get("value_status") + (why == null ? "" : " (" + why + ")"));
                        }
                    }
                    w.put(row, firstIndicator + cat.size(), blank.isEmpty() ? null : String.join("; ", blank), null);
                }
                w.finish(r);

                Sheet t = wb.createSheet(role.key() + " indicators");
                Widths wt = new Widths(t, INDICATOR_COLUMNS, bold);
                r = 1;
                for (Map<String, Object> m : cells) {
                    Row row = t.createRow(r++);
                    for (int k = 0; k < INDICATOR_COLUMNS.size(); k++) {
                        String col = INDICATOR_COLUMNS.get(k);
                        Object v = m.get(col);
                        if (v instanceof java.math.BigDecimal) {
                            wt.number(row, k, v, ReleaseNumbers.of(col, (String) m.get("unit")), wb, formats);
                        } else {
                            wt.put(row, k, v, null);
                        }
                    }
                }
                wt.finish(r);
            }
            Sheet m = wb.createSheet("methodology");
            header(m, 0, List.of("quarter " + quarter, "catalogue version " + catalogue.version(),
                    "seed " + catalogue.seed(), "draws " + catalogue.draws(),
                    String.format(java.util.Locale.ROOT, "ranked with at least %.0f %% of the role's weight available", 100 * catalogue.minWeightShare())), bold);
            header(m, 2, List.of("id", "role", "duty", "source", "numerator", "denominator", "kind", "direction", "unit",
                    "scale", "worst (score 0)", "best (score 100)", "weight", "min_exposure"), bold);
            int r = 3;
            for (Indicator i : catalogue.indicators()) {
                Row row = m.createRow(r++);
                Object[] v = {i.id(), i.role().key(), i.duty(), catalogue.sources().get(i.id()), i.numerator(), i.denominator(),
                        i.kind().name().toLowerCase(java.util.Locale.ROOT), i.direction().name().toLowerCase(java.util.Locale.ROOT),
                        i.unit(), i.scale(), i.worst(), i.best(), i.weight(), i.minExposure()};
                for (int k = 0; k < v.length; k++) put(row, k, v[k]);
            }
            r++;
            header(m, r++, List.of("alternative weighting", "description", "indicator", "weight"), bold);
            for (IndicatorCatalogue.NamedWeighting w : catalogue.weightings()) {
                for (Indicator i : catalogue.indicators()) {
                    Row row = m.createRow(r++);
                    put(row, 0, w.name());
                    put(row, 1, w.description());
                    put(row, 2, i.id());
                    put(row, 3, w.weights().getOrDefault(i.id(), 0.0));
                }
            }
            r++;
            Row note = m.createRow(r);
            put(note, 0, "Cells whose exposure (denominator) is below min_exposure are suppressed in public files (blank, "
                    + "value_status suppressed); not_available: the platform does not report the data the indicator needs, or "
                    + "too few of the units carry it (coverage below the configured minimum; reason and coverage in the "
                    + "indicators sheet and the CSV). Numbers are rounded half up: counts to integers, shares to 4 decimals, "
                    + "rates to 2, hours and days to 1, scores and composites to 2 (docs/benchmarks.md). "
                    + "Ranks: 1 = best on the composite (\"12=\" in rank_label: a tie); rank_lower..rank_upper is the 90 % Monte Carlo "
                    + "interval and always contains rank; an entity with less than half its weight available is listed without a "
                    + "rank (rank_reason).");
            wb.write(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot render XLSX", e);
        } finally {
            try {
                wb.dispose();   // its temporary files
                wb.close();
            } catch (IOException e) {
                // a temporary file left behind is harmless
            }
        }
    }

    /**
     * Writes the cells of one data sheet: a bold header row (frozen, with an auto-filter over the
     * rows written) and column widths fitted to the longest text of each column.
     */
    private static final class Widths {
        private static final int MAX_CHARS = 60;
        private final Sheet sheet;
        private final int[] chars;

        Widths(Sheet sheet, List<String> head, CellStyle bold) {
            this.sheet = sheet;
            this.chars = new int[head.size()];
            header(sheet, 0, head, bold);
            for (int k = 0; k < head.size(); k++) chars[k] = head.get(k).length() + 3;   // room for the filter button
        }

        /** A text, boolean or (unformatted) number cell; null leaves it blank. */
        void put(Row row, int col, Object v, CellStyle style) {
            if (v == null) return;
            XlsxCells.put(row, col, v);
            if (style != null) row.getCell(col).setCellStyle(style);
            chars[col] = Math.max(chars[col], Math.min(MAX_CHARS, ReleaseNumbers.text(v).length() + 1));
        }

        /** A number rounded to {@code p}, as a numeric cell with {@code p}'s number format; null leaves it blank. */
        void number(Row row, int col, Object v, ReleaseNumbers.Precision p, Workbook wb, Map<String, CellStyle> formats) {
            Object b = ReleaseNumbers.round(v, p);
            if (b == null) return;
            CellStyle style = formats.computeIfAbsent(p.excelFormat(), f -> {
                CellStyle c = wb.createCellStyle();
                c.setDataFormat(wb.createDataFormat().getFormat(f));
                return c;
            });
            org.apache.poi.ss.usermodel.Cell c = row.createCell(col);
            c.setCellValue(((java.math.BigDecimal) b).doubleValue());
            c.setCellStyle(style);
            // shown with thousands separators: a character per three digits
            int len = ReleaseNumbers.text(b).length();
            chars[col] = Math.max(chars[col], Math.min(MAX_CHARS, len + len / 3 + 1));
        }

        /** Freezes the header row, puts an auto-filter over rows 0..rows-1 and sets the widths. */
        void finish(int rows) {
            sheet.createFreezePane(0, 1);
            sheet.setAutoFilter(new org.apache.poi.ss.util.CellRangeAddress(0, Math.max(0, rows - 1), 0, chars.length - 1));
            for (int k = 0; k < chars.length; k++) sheet.setColumnWidth(k, Math.min(MAX_CHARS, chars[k]) * 256);
        }
    }
}
