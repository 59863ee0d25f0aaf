package org.livegov.jobs.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.livegov.jobs.config.ConfigLoader;
import org.livegov.jobs.config.IndicatorCatalogue;

/**
 * The files of one small release, rendered from hand-made rows (no Spark): numbers at their
 * published precision, suppression as an empty figure with a status and a reason, the same
 * figures in the CSV, the JSON and the XLSX, and an XLSX a person can use (number formats,
 * frozen header, auto-filter, column widths).
 *
 * <p>Rows (quarter 2026Q2, the shipped catalogue):
 * <ul>
 *   <li>DY P06 (share): 2 of 3 broadcasts monitored, value 2/3, score 70.95209004176266, peer value
 *       8.35E-4 (a share written by a double in scientific notation);</li>
 *   <li>DY P16 (per 1,000 active anchors): 617.0 listed of 1,000.0 anchors, value 617.0;</li>
 *   <li>KS P06: 1 of 1 broadcast, below the minimum exposure: suppressed;</li>
 *   <li>KS P11: not available (KS reports no acceptance time);</li>
 *   <li>MCN M1 M06 (per CNY 1 million GMV): 3 complaints over CNY 2,430.05 = 0.00243005 million,
 *       value 1234.565;</li>
 *   <li>scores: DY composite 70.95209004176266, rank 1; KS not ranked; M1 composite 50.0, rank 1.</li>
 * </ul>
 */
class ReleaseFilesTest {
    static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();
    static IndicatorCatalogue catalogue;
    static List<Map<String, Object>> indicators;
    static List<Map<String, Object>> scores;
    static Map<String, byte[]> files;
    static XSSFWorkbook xlsx;

    static Map<String, Object> ind(String role, String entity, String indicator, String unit, Double k, Double n, Double value,
                                   boolean suppressed) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String c : ReleaseFiles.INDICATOR_COLUMNS) m.put(c, null);
        m.put("quarter", "2026Q2");
        m.put("role", role);
        m.put("entity_id", entity);
        m.put("indicator_id", indicator);
        m.put("numerator", k);
        m.put("denominator", n);
        m.put("value", value);
        m.put("suppressed", suppressed);
        m.put("unit", unit);
        return m;
    }

    static Map<String, Object> score(String role, String entity, Double composite, Integer rank) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quarter", "2026Q2");
        m.put("role", role);
        m.put("entity_id", entity);
        m.put("composite", composite);
        m.put("weight_available", composite == null ? 0.25 : 1.0);
        m.put("rank", rank);
        m.put("rank_median", rank == null ? null : 1.0);
        m.put("rank_lower", rank);
        m.put("rank_upper", rank);
        m.put("draws", 1000);
        return m;
    }

    @BeforeAll
    static void render() throws Exception {
        catalogue = ConfigLoader.load(Path.of("..", "conf")).catalogue();
        Map<String, Object> p06 = ind("platform", "DY", "P06_broadcasts_monitored", "share", 2.0, 3.0, 2.0 / 3, false);
        p06.put("score", 70.95209004176266);
        p06.put("peer_value", 8.35E-4);
        Map<String, Object> ks06 = ind("platform", "KS", "P06_broadcasts_monitored", "share", 1.0, 1.0, 1.0, true);
        ks06.put("suppression_reason", ReleaseFiles.suppressionReason(100));
        ks06.put("peer_value", 8.35E-4);
        Map<String, Object> ks11 = ind("platform", "KS", "P11_complaints_accepted_7wd", "share", null, null, null, true);
        ks11.put("not_available", "platform KS reported no accepted_at of its complaints in 2026Q2");
        indicators = List.of(p06, ind("platform", "DY", "P16_listed_offenders_broadcasting", "per 1,000 active anchors", 617.0,
                        1000.0, 617.0, false), ks06, ks11,
                ind("mcn", "M1", "M06_complaints_per_million_gmv", "per CNY 1 million GMV", 3.0, 0.00243005, 1234.565, false));
        scores = List.of(score("platform", "DY", 70.95209004176266, 1), score("platform", "KS", null, null),
                score("mcn", "M1", 50.0, 1));
        files = ReleaseFiles.render("2026Q2", indicators, scores, List.of(), Map.of());
        xlsx = new XSSFWorkbook(new ByteArrayInputStream(ReleaseFiles.xlsx("2026Q2", catalogue, indicators, scores)));
    }

    /** The CSV rows of a file as column → text. */
    static List<Map<String, String>> csv(String name) {
        List<List<String>> lines = ReleaseComparison.parseCsv(new String(files.get(name), StandardCharsets.UTF_8));
        List<Map<String, String>> out = new ArrayList<>();
        for (List<String> l : lines.subList(1, lines.size())) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < l.size(); i++) m.put(lines.get(0).get(i), l.get(i));
            out.add(m);
        }
        return out;
    }

    static Map<String, String> row(List<Map<String, String>> rows, String entity, String indicator) {
        return rows.stream().filter(r -> r.get("entity_id").equals(entity) && (indicator == null || r.get("indicator_id").equals(indicator)))
                .findFirst().orElseThrow();
    }

    @Test
    void theCsvShowsNumbersAtTheirPrecisionAndSuppressionAsAnEmptyFigureWithAReason() {
        List<Map<String, String>> p = csv("platform_indicators.csv");
        Map<String, String> dy = row(p, "DY", "P06_broadcasts_monitored");
        // counts as integers; 2/3 → 0.6667; score 70.952… → 70.95; peer 8.35E-4 → 0.0008
        assertEquals(List.of("2", "3", "0.6667", "70.95", "0.0008", "published", ""), List.of(dy.get("numerator"),
                dy.get("denominator"), dy.get("value"), dy.get("score"), dy.get("peer_value"), dy.get("value_status"),
                dy.get("suppression_reason")));
        Map<String, String> p16 = row(p, "DY", "P16_listed_offenders_broadcasting");
        assertEquals(List.of("617", "1000", "617.00"), List.of(p16.get("numerator"), p16.get("denominator"), p16.get("value")));
        // KS P06: below the minimum exposure: every figure empty, the status and the reason say why; the peer value stays
        Map<String, String> ks = row(p, "KS", "P06_broadcasts_monitored");
        assertEquals(List.of("", "", "", "true", "suppressed", "0.0008"), List.of(ks.get("numerator"), ks.get("denominator"),
                ks.get("value"), ks.get("suppressed"), ks.get("value_status"), ks.get("peer_value")));
        assertEquals("exposure (denominator) below the minimum of 100 (min_exposure in indicators.yaml); figures shown only in "
                + "the platform's own pack", ks.get("suppression_reason"));
        Map<String, String> na = row(p, "KS", "P11_complaints_accepted_7wd");
        assertEquals(List.of("", "not_available", "platform KS reported no accepted_at of its complaints in 2026Q2"),
                List.of(na.get("value"), na.get("value_status"), na.get("not_available")));
        // KS's own pack shows its suppressed cell: 1 of 1 = 1.0000, published there, the reason kept
        Map<String, String> own = row(csv("packs/KS/platform_indicators.csv"), "KS", "P06_broadcasts_monitored");
        assertEquals(List.of("1", "1", "1.0000", "published"), List.of(own.get("numerator"), own.get("denominator"),
                own.get("value"), own.get("value_status")));
        assertTrue(own.get("suppression_reason").startsWith("exposure (denominator) below the minimum of 100"));
        // M06: value 1234.565 → 1234.57 (half up), exposure CNY 0.00243005 million to the fen
        Map<String, String> m06 = row(csv("mcn_indicators.csv"), "M1", "M06_complaints_per_million_gmv");
        assertEquals(List.of("3", "0.00243005", "1234.57"), List.of(m06.get("numerator"), m06.get("denominator"), m06.get("value")));
        // scores: composite 70.95, weight_available a share, ranks integers; KS not ranked: empty
        Map<String, String> s = row(csv("platform_scores.csv"), "DY", null);
        assertEquals(List.of("70.95", "1.0000", "1", "1.0", "1000"), List.of(s.get("composite"), s.get("weight_available"),
                s.get("rank"), s.get("rank_median"), s.get("draws")));
        assertEquals(List.of("", "0.2500", ""), List.of(row(csv("platform_scores.csv"), "KS", null).get("composite"),
                row(csv("platform_scores.csv"), "KS", null).get("weight_available"), row(csv("platform_scores.csv"), "KS", null).get("rank")));
        // no number in any file in scientific notation or with a ".0" count
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            String text = new String(f.getValue(), StandardCharsets.UTF_8);
            assertTrue(!text.matches("(?s).*\\d[eE][-+]?\\d.*"), f.getKey() + ": " + text);
        }
    }

    @Test
    void theJsonHasNumbersAsNumbersAndNullPlusAReasonForASuppressedFigure() throws Exception {
        JsonNode root = JSON.readTree(files.get("platform.json"));
        JsonNode dy = null, ks = null, na = null;
        for (JsonNode n : root.path("indicators")) {
            String k = n.path("entity_id").asText() + " " + n.path("indicator_id").asText();
            if (k.equals("DY P06_broadcasts_monitored")) dy = n;
            if (k.equals("KS P06_broadcasts_monitored")) ks = n;
            if (k.equals("KS P11_complaints_accepted_7wd")) na = n;
        }
        assertTrue(dy.path("value").isNumber() && dy.path("numerator").isNumber(), dy.toString());
        assertEquals(new BigDecimal("0.6667"), dy.path("value").decimalValue());
        assertEquals("2", dy.path("numerator").asText());            // an integer, not 2.0
        assertEquals("0.0008", dy.path("peer_value").decimalValue().toPlainString());
        assertTrue(ks.path("value").isNull() && ks.path("numerator").isNull() && ks.path("denominator").isNull(), ks.toString());
        assertEquals("suppressed", ks.path("value_status").asText());
        assertTrue(ks.path("suppression_reason").asText().startsWith("exposure (denominator) below the minimum of 100"));
        assertTrue(na.path("value").isNull());
        assertEquals("not_available", na.path("value_status").asText());
        assertEquals(new BigDecimal("70.95"), root.path("scores").get(0).path("composite").decimalValue());
    }

    @Test
    void theWorkbookHasTypedNumbersFormatsAFrozenFilteredHeaderAndBlankSuppressedCells() {
        XSSFSheet league = xlsx.getSheet("platform");
        List<String> head = new ArrayList<>();
        league.getRow(0).forEach(c -> head.add(c.getStringCellValue()));
        assertEquals(List.of("platform_id", "rank", "composite", "rank_lower", "rank_upper"), head.subList(0, 5));
        assertEquals("blank cells", head.get(head.size() - 1));
        // header row frozen, auto-filter over the header and the 2 rows (DY, KS)
        assertTrue(league.getPaneInformation().isFreezePane());
        assertEquals(1, league.getPaneInformation().getHorizontalSplitPosition());
        String lastColumn = org.apache.poi.ss.util.CellReference.convertNumToColString(head.size() - 1);
        assertEquals("A1:" + lastColumn + "3", league.getCTWorksheet().getAutoFilter().getRef());
        // DY first (rank 1): composite a number 70.95 shown with 2 decimals; P06 0.6667 shown with 4
        Row dy = league.getRow(1);
        assertEquals("DY", dy.getCell(0).getStringCellValue());
        assertEquals(70.95, dy.getCell(2).getNumericCellValue());
        assertEquals("#,##0.00", dy.getCell(2).getCellStyle().getDataFormatString());
        assertEquals("#,##0", dy.getCell(1).getCellStyle().getDataFormatString());
        int p06 = head.indexOf("P06_broadcasts_monitored (share)");
        assertEquals(0.6667, dy.getCell(p06).getNumericCellValue());
        assertEquals("#,##0.0000", dy.getCell(p06).getCellStyle().getDataFormatString());
        // KS: P06 suppressed and P11 not available are blank cells; the row's last column says why
        Row ks = league.getRow(2);
        assertEquals("KS", ks.getCell(0).getStringCellValue());
        assertBlank(ks.getCell(p06));
        assertBlank(ks.getCell(head.indexOf("P11_complaints_accepted_7wd (share)")));
        assertBlank(ks.getCell(2));   // not ranked: no composite
        String why = ks.getCell(head.size() - 1).getStringCellValue();
        assertTrue(why.contains("P06_broadcasts_monitored: suppressed (exposure (denominator) below the minimum of 100"), why);
        assertTrue(why.contains("P11_complaints_accepted_7wd: not_available (platform KS reported no accepted_at"), why);
        // no text in a numeric column: every cell between the id and the reason is a number or blank
        for (int r = 1; r <= 2; r++) {
            for (int c = 1; c < head.size() - 1; c++) {
                Cell cell = league.getRow(r).getCell(c);
                assertTrue(cell == null || cell.getCellType() == CellType.NUMERIC, r + "," + c);
            }
        }
        // column widths: fitted, at most 60 characters; the reason column wider than the rank column
        assertTrue(league.getColumnWidth(head.size() - 1) <= 60 * 256);
        assertTrue(league.getColumnWidth(head.size() - 1) > league.getColumnWidth(1));
        // the indicators sheet too
        XSSFSheet t = xlsx.getSheet("platform indicators");
        assertTrue(t.getPaneInformation().isFreezePane());
        assertTrue(t.getCTWorksheet().getAutoFilter().getRef().startsWith("A1:"));
    }

    /** The same figures in the CSV, the JSON and the XLSX's indicators sheet, cell by cell. */
    @Test
    void theCsvTheJsonAndTheWorkbookShowTheSameFigures() throws Exception {
        for (String role : List.of("platform", "mcn")) {
            List<Map<String, String>> csv = csv(role + "_indicators.csv");
            JsonNode json = JSON.readTree(files.get(role + ".json")).path("indicators");
            XSSFSheet sheet = xlsx.getSheet(role + " indicators");
            List<String> head = new ArrayList<>();
            sheet.getRow(0).forEach(c -> head.add(c.getStringCellValue()));
            assertEquals(ReleaseFiles.INDICATOR_COLUMNS, head);
            assertEquals(csv.size(), json.size());
            assertEquals(csv.size(), sheet.getLastRowNum());
            int numbers = 0;
            for (int i = 0; i < csv.size(); i++) {
                Row x = sheet.getRow(i + 1);
                for (int k = 0; k < head.size(); k++) {
                    String col = head.get(k), text = csv.get(i).get(col);
                    JsonNode j = json.get(i).path(col);
                    Cell c = x.getCell(k);
                    if (text.isEmpty()) {
                        assertTrue(j.isNull(), role + " " + i + " " + col);
                        assertBlank(c);
                    } else if (j.isNumber()) {
                        numbers++;
                        BigDecimal b = new BigDecimal(text);
                        assertEquals(text, j.decimalValue().toPlainString(), col);
                        assertEquals(CellType.NUMERIC, c.getCellType(), col);
                        assertEquals(0, b.compareTo(BigDecimal.valueOf(c.getNumericCellValue())), col + " " + text);
                        // the number format shows the CSV's decimals
                        String f = c.getCellStyle().getDataFormatString();
                        int decimals = f.contains(".") ? f.length() - f.indexOf('.') - 1 : 0;
                        assertEquals(b.scale(), decimals, col + " " + text + " " + f);
                    } else if (j.isBoolean()) {
                        assertEquals(text, String.valueOf(c.getBooleanCellValue()));
                    } else {
                        assertEquals(text, j.asText(), col);
                        assertEquals(text, c.getStringCellValue(), col);
                    }
                }
            }
            assertNotEquals(0, numbers);
        }
    }

    static void assertBlank(Cell c) {
        if (c != null) assertEquals(CellType.BLANK, c.getCellType());
        else assertNull(c);
    }
}
