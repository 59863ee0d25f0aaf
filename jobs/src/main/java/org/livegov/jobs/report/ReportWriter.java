package org.livegov.jobs.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.livegov.jobs.UserError;
import org.livegov.jobs.XlsxCells;

/**
 * Writes a {@link ReportModel.Report} as one self-contained HTML file (Apache ECharts inlined from
 * its WebJar, chart options and data as JSON written by Jackson; nothing is fetched from a network)
 * and, in the sibling folder {@code <name>-data/}, one CSV per chart (UTF-8 with BOM, RFC 4180) and
 * one XLSX workbook (Apache POI) with a sheet per chart plus the headline figures and the notes.
 */
public final class ReportWriter {
    static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final String TEMPLATE = "/org/livegov/jobs/report/report.html";

    private ReportWriter() {
    }

    /** Paths written. */
    public record Written(Path html, Path dataDir, Path workbook, int charts) {
    }

    /**
     * @param report the report
     * @param outDir folder to write into (created when missing)
     * @param lang   default language, {@code zh} or {@code en}
     * @return the paths written
     * @throws UserError when the folder cannot be written
     * @throws IllegalStateException when the template or the ECharts WebJar is missing from the classpath
     */
    public static Written write(ReportModel.Report report, Path outDir, String lang) {
        String name = "livegov-report-" + report.quarter();
        Path html = outDir.resolve(name + ".html");
        Path data = outDir.resolve(name + "-data");
        Path xlsx = data.resolve(name + ".xlsx");
        try {
            Files.createDirectories(data);
            for (Chart c : report.charts()) {
                writeCsv(data.resolve(c.id() + ".csv"), c.header(), c.rows());
            }
            writeCsv(data.resolve("headline_figures.csv"), List.of("measure", "value", "complete", "qoq", "yoy"),
                    headlineRows(report));
            writeWorkbook(xlsx, report);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("quarter", report.quarter());
            json.put("quarterComplete", report.quarterComplete());
            json.put("lang", lang);
            json.put("workbook", xlsx.getFileName().toString());
            json.put("sectionTitles", report.sectionTitles());
            json.put("sectionNotes", report.sectionNotes());
            json.put("headline", report.headline());
            json.put("charts", report.charts());
            String page = resource(TEMPLATE)
                    .replace("{{QUARTER}}", report.quarter())
                    .replace("{{DATA_DIR}}", data.getFileName().toString())
                    .replace("/*{{REPORT}}*/", scriptSafe(new ObjectMapper().writeValueAsString(json)))
                    .replace("/*{{ECHARTS}}*/", resource(ECHARTS));
            Files.writeString(html, page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError("cannot write the report to " + outDir + ": " + e.getMessage());
        }
        return new Written(html, data, xlsx, report.charts().size());
    }

    /** The headline figures as rows (values may be null). */
    private static List<List<Object>> headlineRows(ReportModel.Report report) {
        return report.headline().stream().map(h -> java.util.Arrays.<Object>asList(h.get("measure"), h.get("value"),
                h.get("complete"), h.get("qoq"), h.get("yoy"))).toList();
    }

    /** JSON inside a script element: no "</" (would close it) and no U+2028/2029 line separators. */
    static String scriptSafe(String json) {
        return json.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    static void writeCsv(Path file, List<String> header, List<List<Object>> rows) throws IOException {
        StringBuilder sb = new StringBuilder("\uFEFF");
        line(sb, header.stream().map(h -> (Object) h).toList());
        rows.forEach(r -> line(sb, r));
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder sb, List<Object> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String s = text(cells.get(i));
            if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
                s = "\"" + s.replace("\"", "\"\"") + "\"";
            }
            sb.append(s);
        }
        sb.append("\r\n");
    }

    /** Numbers without exponent; null as empty. */
    static String text(Object o) {
        if (o == null) {
            return "";
        }
        if (o instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "" : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (o instanceof BigDecimal b) {
            return b.toPlainString();
        }
        return String.valueOf(o);
    }

    private static void writeWorkbook(Path file, ReportModel.Report report) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            CellStyle bold = XlsxCells.bold(wb);
            Sheet notes = wb.createSheet("notes");
            int r = 0;
            for (var e : report.sectionNotes().entrySet()) {
                Cell c = notes.createRow(r++).createCell(0);
                c.setCellValue(report.sectionTitles().get(e.getKey()).get("zh") + " / " + report.sectionTitles().get(e.getKey()).get("en"));
                c.setCellStyle(bold);
                for (Map<String, String> n : e.getValue()) {
                    notes.createRow(r++).createCell(0).setCellValue(n.get("zh"));
                    notes.createRow(r++).createCell(0).setCellValue(n.get("en"));
                }
            }
            sheet(wb, bold, "headline_figures", List.of("measure", "value", "complete", "qoq", "yoy"),
                    headlineRows(report));
            for (Chart c : report.charts()) {
                sheet(wb, bold, c.id(), c.header(), c.rows());
            }
            wb.write(out);
        }
    }

    private static void sheet(XSSFWorkbook wb, CellStyle bold, String name, List<String> header, List<List<Object>> rows) {
        Sheet s = wb.createSheet(name.length() > 31 ? name.substring(0, 31) : name);
        XlsxCells.header(s, 0, header, bold);
        for (int r = 0; r < rows.size(); r++) {
            var row = s.createRow(r + 1);
            List<Object> values = rows.get(r);
            for (int i = 0; i < values.size(); i++) {
                XlsxCells.put(row, i, values.get(i));
            }
        }
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = ReportWriter.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing from the classpath: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
